//! The reference of every key of `exemplar.toml`: what `exemplar help config` shows.

use std::fmt::Write;

use super::{AUTH_KEYS, KEYS, LINT_KEYS};

/// Every key of `exemplar.toml`, the kind of value it takes, its default, flag and variable;
/// headings and literals wrapped in the given start and end (terminal styles, or nothing).
pub fn reference(header: &[String; 2], literal: &[String; 2]) -> String {
    let ([h, h_end], [l, l_end]) = (header, literal);
    let mut text = String::from(
        "The settings of `exemplar run`: defaults < exemplar.toml < EXEMPLAR_* variables < flags.

The file is exemplar.toml in the working directory, or the one given with --config; --no-config
reads none. A scalar comes from the highest layer that sets it; ignore rules, params and headers
add up across layers.\n",
    );
    let _ = write!(text, "\n{h}Keys:{h_end}\n");
    for key in KEYS.iter().chain(AUTH_KEYS).chain(LINT_KEYS) {
        let _ = write!(text, "  {l}{}{l_end}: {}", key.name, key.kind);
        if let Some(default) = key.default {
            let _ = write!(text, " [default: {default}]");
        }
        let _ = write!(text, "\n      {}\n", key.meaning);
        let from: Vec<String> = [("flag", key.flag), ("variable", key.env)]
            .into_iter()
            .filter_map(|(what, name)| Some(format!("{what} {l}{}{l_end}", name?)))
            .collect();
        if !from.is_empty() {
            let _ = writeln!(text, "      Set also by: {}", from.join(", "));
        }
    }
    text.push_str(
        "\nFor example:\n
  target = \"http://127.0.0.1:8771\"
  jobs = 8
  match = \"shape\"
  ignore = [\".id\", \".**.createdDateTime=datetime\"]

  [params]
  id = \"48d31887-5fad-4d73-a9f5-3c356e68a038\"

  [headers]
  Authorization = \"Bearer ${GRAPH_TOKEN}\"",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example `exemplar help config` ends with is a config that works.
    #[test]
    fn the_config_reference_example_is_a_valid_config() {
        let reference = reference(&Default::default(), &Default::default());
        let example = reference.split("For example:").nth(1).expect("example");
        let layer = crate::config::Layer::from_toml("example", example).expect("valid");
        let env = [("GRAPH_TOKEN".to_owned(), "t".to_owned())].into();
        crate::config::Settings::resolve(&[layer], &env).expect("usable");
    }
}
