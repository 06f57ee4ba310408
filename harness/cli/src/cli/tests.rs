use clap::CommandFactory;

use super::Cli;

#[test]
fn the_command_line_is_well_formed() {
    Cli::command().debug_assert();
}

/// The example `exemplar help config` ends with is a config that works.
#[test]
fn the_config_reference_example_is_a_valid_config() {
    let reference = super::help::config_reference(false);
    let example = reference.split("For example:").nth(1).expect("example");
    let layer = exemplar_run::config::Layer::from_toml("example", example).expect("valid");
    let env = [("GRAPH_TOKEN".to_owned(), "t".to_owned())].into();
    exemplar_run::config::Settings::resolve(&[layer], &env).expect("usable");
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
