//! The longer help texts: exit codes and the config file under `exemplar --help`, and every
//! key of `exemplar.toml` under `exemplar help config`.

use std::fmt::Write;

use clap::builder::styling::Styles;
use exemplar_run::config::{AUTH_KEYS, KEYS};

/// What `exemplar --help` says after the commands: the exit codes and where settings come from.
pub(super) fn after_help() -> String {
    let h = *Styles::styled().get_header();
    format!(
        "{h}Exit codes:{h:#}
  0    all good
  1    a check failed: a mismatch, a lint error, a page that could not be read
  2    bad invocation or config, or the sign-in ([auth]) failed
  3    the target (or the token endpoint) could not be reached at all
  4    no example was selected
  130  interrupted (Ctrl-C)

{h}Configuration:{h:#}
  `exemplar run` reads exemplar.toml in the working directory, or the file given with --config
  (--no-config reads none). EXEMPLAR_* variables override the file, and flags override both.
  `exemplar help config` lists every key with its flag and variable."
    )
}

/// The reference `exemplar help config` and `exemplar config` show: every key of
/// `exemplar.toml`, the kind of value it takes, its default, flag and variable; styled as clap
/// styles help (clap takes the styles off where color is off).
pub(super) fn config_reference(styled: bool) -> String {
    let styles = if styled {
        Styles::styled()
    } else {
        Styles::plain()
    };
    let (h, l) = (*styles.get_header(), *styles.get_literal());
    let mut text = String::from(
        "The settings of `exemplar run`: defaults < exemplar.toml < EXEMPLAR_* variables < flags.

The file is exemplar.toml in the working directory, or the one given with --config; --no-config
reads none. A scalar comes from the highest layer that sets it; ignore rules, params and headers
add up across layers.\n",
    );
    let _ = write!(text, "\n{h}Keys:{h:#}\n");
    for key in KEYS.iter().chain(AUTH_KEYS) {
        let _ = write!(text, "  {l}{}{l:#}: {}", key.name, key.kind);
        if let Some(default) = key.default {
            let _ = write!(text, " [default: {default}]");
        }
        let _ = write!(text, "\n      {}\n", key.meaning);
        let from: Vec<String> = [("flag", key.flag), ("variable", key.env)]
            .into_iter()
            .filter_map(|(what, name)| Some(format!("{what} {l}{}{l:#}", name?)))
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

/// The reference `exemplar help codes` and `exemplar codes` show: every lint code with its
/// family, severity, API Doctor's name for the same check and an example.
pub(super) fn codes_reference() -> String {
    let mut text = String::from(
        "Every code `exemplar lint` reports (filter with --code). Errors fail lint (exit 1); a page
whose path names a workload of `treatErrorsAsWarningsWorkloads` has warnings instead.\n\n",
    );
    let _ = writeln!(
        text,
        "{:<30} {:<13} {:<8} API DOCTOR\n    example",
        "CODE", "FAMILY", "SEVERITY"
    );
    for code in exemplar_core::Code::ALL {
        let info = code.info();
        let (family, severity) = (info.family, info.severity.as_str());
        let api_doctor = info.api_doctor.unwrap_or("-");
        let _ = writeln!(
            text,
            "{:<30} {family:<13} {severity:<8} {api_doctor}",
            code.as_str()
        );
        let _ = writeln!(text, "    {}", info.example);
    }
    text
}
