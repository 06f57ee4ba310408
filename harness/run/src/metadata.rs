//! `--metadata` at a URL: fetched with the run's client (its proxy, `--ca-cert`, time limit),
//! the run's headers sent only to the target's origin. Files are read by the core.

use std::time::Duration;

use exemplar_core::plan::HeaderValue;
use exemplar_core::schema::{self, MetadataError, Schemas, Spec};

use crate::RunOptions;
use crate::replay::ReplayError;

/// Why the run's `--metadata` could not be had.
#[derive(Debug, thiserror::Error)]
pub enum MetadataFailure {
    /// `--ca-cert` could not be read.
    #[error("cannot read --ca-cert {}: {error}", path.display())]
    CaCert {
        /// The file as given.
        path: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The run's client could not be made.
    #[error("cannot fetch --metadata: {0}")]
    Client(ReplayError),
    /// Signing in for a metadata URL on the target failed.
    #[error("cannot sign in to fetch --metadata: {0}")]
    SignIn(String),
    /// A CSDL could not be read or fetched.
    #[error(transparent)]
    Metadata(#[from] MetadataError),
}

/// How a URL is fetched: the headers of the run (its sign-in), the proxy, a time limit.
#[derive(Debug, Clone, Default)]
pub struct Fetching {
    /// Headers sent with a request to `signed` (configured headers, an `Authorization`).
    pub headers: Vec<(String, HeaderValue)>,
    /// The only origin the headers go to: the run's target.
    pub signed: Option<url::Origin>,
    /// A proxy to go through.
    pub proxy: Option<reqwest::Url>,
    /// Time allowed.
    pub timeout: Option<Duration>,
    /// The client to fetch with, when the run has one (its proxy, `--ca-cert` and time limit);
    /// else one is made of `proxy` and `timeout`.
    pub client: Option<reqwest::Client>,
}

/// Reads every spec's CSDL, files by the core, URLs fetched as `fetching` says.
pub fn load(specs: &[Spec], fetching: &Fetching) -> Result<Schemas, MetadataError> {
    schema::load(specs, &|location: &str| fetch(location, fetching))
}

fn fetch(location: &str, fetching: &Fetching) -> Result<String, String> {
    let client = match &fetching.client {
        Some(client) => client.clone(),
        None => client(fetching).map_err(|e| e.to_string())?,
    };
    let mut request = client.get(location);
    let origin = url::Url::parse(location).map(|u| u.origin()).ok();
    if origin.is_some() && origin == fetching.signed {
        for (name, value) in &fetching.headers {
            request = request.header(name, &value.value);
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        // The error's text names the URL, never a header.
        let answer = request
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        let status = answer.status();
        if !status.is_success() {
            return Err(format!("the server answered {status}"));
        }
        answer.text().await.map_err(|e| e.without_url().to_string())
    })
}

fn client(fetching: &Fetching) -> reqwest::Result<reqwest::Client> {
    let mut builder = crate::replay::client_builder().no_proxy();
    if let Some(proxy) = &fetching.proxy {
        builder = builder.proxy(reqwest::Proxy::all(proxy.as_str())?);
    }
    builder
        .timeout(fetching.timeout.unwrap_or(Duration::from_secs(60)))
        .user_agent(concat!("exemplar/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The CSDL of each `--metadata`, each URL fetched once through the run's proxy; the run's
/// headers (its sign-in) go only to a URL on the target's origin.
pub fn for_run(options: &RunOptions) -> Result<Schemas, MetadataFailure> {
    let settings = &options.settings;
    let client = metadata_client(options)?;
    let mut headers = settings.headers.clone();
    let on_target = |t: &reqwest::Url| {
        (settings.metadata.iter())
            .any(|m| reqwest::Url::parse(&m.location).is_ok_and(|u| u.origin() == t.origin()))
    };
    if let (Some(auth), Some(target)) = (&settings.auth, settings.target.as_ref()) {
        if on_target(target) {
            headers.push(sign_in(auth, target, options, &client)?);
        }
    }
    let fetching = Fetching {
        headers,
        signed: settings.target.as_ref().map(|t| t.origin()),
        proxy: options.proxy.clone(),
        timeout: Some(settings.timeout),
        client: Some(client),
    };
    Ok(load(&settings.metadata, &fetching)?)
}

/// The client the run itself sends with: its proxy, `--ca-cert` and time limit.
fn metadata_client(options: &RunOptions) -> Result<reqwest::Client, MetadataFailure> {
    let settings = &options.settings;
    let pem = match &settings.ca_cert {
        Some(path) => std::fs::read(path).map_err(|error| MetadataFailure::CaCert {
            path: path.clone(),
            error,
        })?,
        None => Vec::new(),
    };
    let replayer = crate::Replayer::trusting(
        settings.timeout,
        settings.retries,
        settings.max_body,
        options.proxy.as_ref(),
        &pem,
    )
    .map_err(MetadataFailure::Client)?;
    Ok(replayer.client().clone())
}

/// The run's sign-in as an `Authorization` header, for a metadata URL on the target.
fn sign_in(
    auth: &crate::config::AuthConfig,
    target: &reqwest::Url,
    options: &RunOptions,
    client: &reqwest::Client,
) -> Result<(String, HeaderValue), MetadataFailure> {
    let signer = crate::auth::Signer::new(auth.clone(), target, client.clone(), options.redactor());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| MetadataFailure::SignIn(e.to_string()))?;
    let token =
        (runtime.block_on(signer.token())).map_err(|e| MetadataFailure::SignIn(e.to_string()))?;
    let value = HeaderValue {
        value: token.header(),
        secret: true,
    };
    Ok(("authorization".to_owned(), value))
}
