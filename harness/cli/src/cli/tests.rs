use clap::CommandFactory;

use super::Cli;

#[test]
fn the_command_line_is_well_formed() {
    Cli::command().debug_assert();
}

/// `exemplar help config` names a flag for keys; each must be a flag of `run`.
#[test]
fn every_flag_the_config_reference_names_is_a_flag_of_run() {
    let cli = Cli::command();
    let run = cli.find_subcommand("run").expect("run");
    for key in exemplar_run::config::KEYS {
        let Some(flag) = key.flag else { continue };
        let long = flag
            .trim_start_matches("--")
            .split([' ', '='])
            .next()
            .unwrap_or_default();
        assert!(
            run.get_arguments().any(|a| a.get_long() == Some(long)),
            "{} names --{long}, which `run` does not have",
            key.name
        );
    }
}
