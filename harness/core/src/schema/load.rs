//! `--metadata [VERSION=]FILE|URL`: reading each CSDL once, from a file or over HTTP.

use std::sync::Arc;

use super::csdl::{self, CsdlError};
use super::{Schemas, Versioned};

/// One `--metadata` value: the API version it is for, and where the CSDL is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// `v1.0`, `beta`; none: the URL's version segment, else every version.
    pub version: Option<String>,
    /// A file path or an `http(s)://` URL.
    pub location: String,
}

impl std::str::FromStr for Spec {
    type Err = String;

    /// `v1.0=../schema/v1.0.csdl.xml`, `https://graph.microsoft.com/beta/$metadata`, `file.xml`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (version, location) = match text.split_once('=') {
            Some((version, location))
                if !version.is_empty() && !version.contains(['/', ':', '\\']) =>
            {
                (Some(version.to_owned()), location)
            }
            _ => (None, text),
        };
        if location.is_empty() {
            return Err(format!(
                "`{text}` names no file or URL: write VERSION=FILE|URL or FILE|URL"
            ));
        }
        let version = version.or_else(|| {
            is_url(location)
                .then(|| version_of(location))
                .flatten()
                .map(str::to_owned)
        });
        Ok(Spec {
            version,
            location: location.to_owned(),
        })
    }
}

/// The API version segment of a URL or path: `/v1.0/`, `/beta/`, `/v2/`.
pub fn version_of(path: &str) -> Option<&str> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.split('/').find(|s| {
        *s == "beta"
            || s.strip_prefix('v').is_some_and(|n| {
                !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && n.starts_with(|c: char| c.is_ascii_digit())
            })
    })
}

/// Whether a `--metadata` location is a URL to fetch rather than a file.
pub fn is_url(location: &str) -> bool {
    location.starts_with("http://") || location.starts_with("https://")
}

/// Why `--metadata` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// The file could not be read.
    #[error("cannot read metadata {location}: {message}")]
    Read {
        /// The file as given.
        location: String,
        /// Why.
        message: String,
    },
    /// The URL could not be fetched, or did not answer 200.
    #[error("cannot fetch metadata {location}: {message}")]
    Fetch {
        /// The URL as given.
        location: String,
        /// Why.
        message: String,
    },
    /// The document is not a CSDL exemplar can read. (Not its source: the message already
    /// holds the CSDL error's, which a chain of causes would print twice.)
    #[error("metadata {0}")]
    Csdl(CsdlError),
    /// Reading it stopped on a bug.
    #[error("reading the metadata stopped unexpectedly")]
    Panicked,
}

impl From<CsdlError> for MetadataError {
    fn from(error: CsdlError) -> MetadataError {
        MetadataError::Csdl(error)
    }
}

/// Fetches a CSDL at a URL: its text, or why it could not be had (the URL is named by the
/// caller's error, so the reason need not repeat it). The run hands one that goes through its
/// client (proxy, `--ca-cert`, sign-in); [`no_fetching`] refuses every URL.
pub type Fetch<'a> = &'a (dyn Fn(&str) -> Result<String, String> + Sync);

/// A [`Fetch`] for callers without a network stack: every URL is refused.
pub fn no_fetching(_: &str) -> Result<String, String> {
    Err("URLs are fetched by the run (exemplar-run), not by the core".to_owned())
}

/// Reads every spec's CSDL (each URL through `fetch`, once) into the run's [`Schemas`], each on
/// a thread of its own; the first that fails (in the order given) is the error.
pub fn load(specs: &[Spec], fetch: Fetch) -> Result<Schemas, MetadataError> {
    let models = std::thread::scope(|scope| {
        let loading: Vec<_> = (specs.iter())
            .map(|spec| scope.spawn(move || one(spec, fetch)))
            .collect();
        (loading.into_iter())
            .map(|l| l.join().unwrap_or(Err(MetadataError::Panicked)))
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(Schemas {
        models: Arc::new(models),
    })
}

fn one(spec: &Spec, fetch: Fetch) -> Result<Versioned, MetadataError> {
    let text = if is_url(&spec.location) {
        fetch(&spec.location).map_err(|message| MetadataError::Fetch {
            location: spec.location.clone(),
            message,
        })?
    } else {
        std::fs::read_to_string(&spec.location).map_err(|e| MetadataError::Read {
            location: spec.location.clone(),
            message: e.to_string(),
        })?
    };
    let model = csdl::read(&spec.location, text)?;
    Ok(Versioned {
        version: spec.version.clone(),
        location: spec.location.clone(),
        model,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_takes_its_version_from_the_flag_or_the_url() {
        let spec: Spec = "v1.0=../shared/schema/v1.0.csdl.xml".parse().unwrap();
        assert_eq!(
            (spec.version.as_deref(), spec.location.as_str()),
            (Some("v1.0"), "../shared/schema/v1.0.csdl.xml")
        );
        let spec: Spec = "https://graph.microsoft.com/beta/$metadata?a=b"
            .parse()
            .unwrap();
        assert_eq!(spec.version.as_deref(), Some("beta"));
        let spec: Spec = "schema.xml".parse().unwrap();
        assert_eq!(spec.version, None);
        assert!("v1.0=".parse::<Spec>().is_err());
    }
}
