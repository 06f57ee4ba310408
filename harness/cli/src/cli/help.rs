//! The longer help texts: exit codes and the config file under `exemplar --help`, and every
//! key of `exemplar.toml` under `exemplar help config`.

use clap::builder::styling::Styles;

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
    let header = [h.render().to_string(), h.render_reset().to_string()];
    let literal = [l.render().to_string(), l.render_reset().to_string()];
    exemplar_run::config::reference(&header, &literal)
}
