//! API Doctor's five configuration files, read as they are from a doc set's `config/` folder:
//! `schema-config.json`, `document-outline.json`, `link-validation-config.json`,
//! `table-header-config.json` and `oneapi-design-v1.json`. A file that is not valid JSON is one
//! located finding; the others still apply. Reads only the texts it is handed.

use serde::Deserialize;
use serde_json::Value;

use crate::model::{Code, Diagnostic, Severity};

/// What the doc-set checks need from the configuration files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSetConfig {
    /// Front-matter keys every page must have.
    pub required_keys: Vec<String>,
    /// The base URLs a documented request may use.
    pub base_urls: Vec<String>,
    /// Folder names whose pages are not checked (`includes`, `templates`).
    pub folders_to_skip: Vec<String>,
    /// File names (lower case) that are not checked.
    pub files_to_skip: Vec<String>,
    /// Workloads whose pages' errors are warnings.
    pub warn_workloads: Vec<String>,
    /// Link prefixes not checked (`/graph`).
    pub paths_to_ignore: Vec<String>,
    /// Required headings per page type, as written in `document-outline.json`.
    pub outline: Vec<(String, Value)>,
    /// Titles of the properties tables.
    pub property_tables: Vec<String>,
    /// The allowed HTTP methods (all when empty).
    pub http_methods: Vec<String>,
    /// The longest request URL allowed.
    pub max_url_length: Option<usize>,
    /// Resource properties left out of the table check (`@odata.type`).
    pub ignorable_properties: Vec<String>,
    /// Enum tables: their titles (`{x} values`), the headings they may sit under (`{x} enum
    /// type`), and the columns naming a member (`Member`, `Name`, `Value`).
    pub enums: super::enums::EnumTables,
    /// The namespace a page's type names are in unless it says otherwise (`microsoft.graph`).
    pub default_namespace: Option<String>,
}

/// The configuration files a doc set may have, in the order they are read.
pub const FILES: [&str; 5] = [
    "schema-config.json",
    "document-outline.json",
    "link-validation-config.json",
    "table-header-config.json",
    "oneapi-design-v1.json",
];

/// Reads the configuration files handed in as (path shown, file name, text); unknown names
/// are left alone. Returns the configuration and a finding per file that is not valid JSON.
pub fn parse(files: &[(String, String, String)]) -> (DocSetConfig, Vec<Diagnostic>) {
    let mut config = DocSetConfig::default();
    let mut findings = Vec::new();
    for (shown, name, text) in files {
        let value: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
            Ok(value) => value,
            Err(err) => {
                findings.push(invalid(shown, &err));
                continue;
            }
        };
        match name.as_str() {
            "schema-config.json" => schema(&mut config, &value),
            "document-outline.json" => {
                let types = value.as_object().into_iter().flatten();
                config.outline = types.map(|(k, v)| (k.clone(), v.clone())).collect();
            }
            "link-validation-config.json" => {
                config.paths_to_ignore = strings(&value["pathsToIgnore"])
            }
            "table-header-config.json" => tables(&mut config, &value),
            "oneapi-design-v1.json" => design(&mut config, &value),
            _ => {}
        }
    }
    (config, findings)
}

fn invalid(shown: &str, err: &serde_json::Error) -> Diagnostic {
    Diagnostic {
        file: shown.to_owned(),
        line: err.line().max(1) as u32,
        column: err.column().max(1) as u32,
        severity: Severity::Error,
        code: Code::ConfigInvalid,
        message: format!(
            "this configuration file is not valid JSON ({err}); the checks it configures are off until it is fixed"
        ),
        source_line: None,
    }
}

fn schema(config: &mut DocSetConfig, value: &Value) {
    let schema = &value["schemaConfig"];
    config.required_keys = strings(&schema["requiredYamlHeaders"]);
    config.base_urls = strings(&schema["baseUrls"]);
    config.folders_to_skip = strings(&schema["foldersToSkip"]);
    config.files_to_skip = strings(&schema["filesToSkip"])
        .iter()
        .map(|f| f.to_lowercase())
        .collect();
    config.warn_workloads = strings(&schema["treatErrorsAsWarningsWorkloads"]);
    config.default_namespace = schema["defaultNamespace"].as_str().map(str::to_owned);
}

fn tables(config: &mut DocSetConfig, value: &Value) {
    #[derive(Deserialize)]
    struct Table {
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        titles: Vec<String>,
        #[serde(default)]
        parents: Vec<String>,
    }
    let tables = &value["tableDefinitions"]["tables"];
    let tables: Vec<Table> = serde_json::from_value(tables.clone()).unwrap_or_default();
    for table in tables {
        match table.kind.as_str() {
            "ResourcePropertyDescriptions" => config.property_tables.extend(table.titles),
            "EnumerationValues" => {
                config.enums.titles.extend(table.titles);
                config.enums.parents.extend(table.parents);
            }
            _ => {}
        }
    }
    let rules = value["tableDefinitions"]["parsingRules"].as_array();
    let members = (rules.into_iter().flatten())
        .find(|r| r["type"] == "EnumerationDefinition")
        .map(|r| strings(&r["columns"]["memberName"]));
    config.enums.columns = members.unwrap_or_default();
}

fn design(config: &mut DocSetConfig, value: &Value) {
    let rules = &value["api-requirements"];
    config.http_methods = strings(&rules["httpRequest"]["httpMethods"]);
    config.max_url_length = rules["httpRequest"]["maxUrlLength"]
        .as_u64()
        .map(|n| n as usize);
    config.ignorable_properties = strings(&rules["ignorableProperties"]);
}

fn strings(value: &Value) -> Vec<String> {
    let items = value.as_array().into_iter().flatten();
    items
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> (String, String, String) {
        (format!("config/{name}"), name.to_owned(), text.to_owned())
    }

    #[test]
    fn a_file_that_is_not_json_is_one_located_finding_and_the_others_apply() {
        let (config, findings) = parse(&[
            file(
                "schema-config.json",
                r#"{"schemaConfig": {"requiredYamlHeaders": ["title"]}}"#,
            ),
            file(
                "link-validation-config.json",
                "{\n  \"pathsToIgnore\": [\"/graph\",]\n}",
            ),
        ]);
        assert_eq!(config.required_keys, ["title"]);
        assert!(config.paths_to_ignore.is_empty());
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].file.as_str(), findings[0].line),
            ("config/link-validation-config.json", 2)
        );
    }
}
