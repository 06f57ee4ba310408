//! The `[lint]` table of `exemplar.toml`: what API Doctor's `config/` files say, for docs
//! without them (DESIGN §10). Pages in no doc set get these doc-set checks; a doc set's own
//! `config/` always wins for its pages.

use exemplar_core::docset::DocSetConfig;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::keys::{Key, check_value, in_file_order, key, segment, unknown};
use super::scenario::Wrong;
use super::value::Kind;

/// The keys of `[lint]`, with API Doctor's name for each.
#[rustfmt::skip]
pub const LINT_KEYS: &[Key] = &[
    key("lint.required_keys", Kind::Texts, None, None, None,
        "Front-matter keys every page must have (`requiredYamlHeaders`)."),
    key("lint.base_urls", Kind::Texts, None, None, None,
        "The base URLs a documented request may use (`baseUrls`)."),
    key("lint.folders_to_skip", Kind::Texts, None, None, None,
        "Folder names whose pages are not checked (`foldersToSkip`)."),
    key("lint.files_to_skip", Kind::Texts, None, None, None,
        "File names that are not checked (`filesToSkip`)."),
    key("lint.warn_workloads", Kind::Texts, None, None, None,
        "Workloads whose pages' errors are warnings (`treatErrorsAsWarningsWorkloads`)."),
    key("lint.paths_to_ignore", Kind::Texts, None, None, None,
        "Link prefixes not checked (`pathsToIgnore`)."),
    key("lint.property_tables", Kind::Texts, None, None, None,
        "Titles of the Properties tables (`table-header-config.json`)."),
    key("lint.http_methods", Kind::Texts, None, None, None,
        "The HTTP methods a request may use (`httpMethods`)."),
    key("lint.max_url_length", Kind::Whole { min: 1, max: 65_536 }, None, None, None,
        "The longest request URL allowed (`maxUrlLength`)."),
];

/// `[lint]` as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LintLayer {
    /// `required_keys`.
    pub required_keys: Vec<String>,
    /// `base_urls`.
    pub base_urls: Vec<String>,
    /// `folders_to_skip`.
    pub folders_to_skip: Vec<String>,
    /// `files_to_skip`.
    pub files_to_skip: Vec<String>,
    /// `warn_workloads`.
    pub warn_workloads: Vec<String>,
    /// `paths_to_ignore`.
    pub paths_to_ignore: Vec<String>,
    /// `property_tables`.
    pub property_tables: Vec<String>,
    /// `http_methods`.
    pub http_methods: Vec<String>,
    /// `max_url_length`.
    pub max_url_length: Option<usize>,
}

impl LintLayer {
    /// The doc-set configuration it says.
    pub fn doc_set(&self) -> DocSetConfig {
        DocSetConfig {
            required_keys: self.required_keys.clone(),
            base_urls: self.base_urls.clone(),
            folders_to_skip: self.folders_to_skip.clone(),
            files_to_skip: self
                .files_to_skip
                .iter()
                .map(|f| f.to_lowercase())
                .collect(),
            warn_workloads: self.warn_workloads.clone(),
            paths_to_ignore: self.paths_to_ignore.clone(),
            property_tables: self.property_tables.clone(),
            http_methods: self.http_methods.clone(),
            max_url_length: self.max_url_length,
            ..DocSetConfig::default()
        }
    }
}

/// The keys of `[lint]`, each known and of its kind.
pub(super) fn check(entries: &DeTable<'_>) -> Result<(), Wrong> {
    in_file_order(entries)
        .into_iter()
        .try_for_each(|(name, value): (_, &Spanned<DeValue<'_>>)| {
            let full = format!("lint.{}", segment(name.get_ref()));
            match LINT_KEYS.iter().find(|k| k.name == full) {
                Some(known) => check_value(known.kind, full, value),
                None => Err((name.span().start, full.clone(), unknown(LINT_KEYS, &full))),
            }
        })
}
