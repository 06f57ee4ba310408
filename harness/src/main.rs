//! The `exemplar` command: parse the command line, run the command, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.run() {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            #[expect(
                clippy::print_stderr,
                reason = "the binary reports fatal errors on stderr"
            )]
            {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(if err.is::<cli::Usage>() {
                exemplar::error::EXIT_INVALID
            } else {
                exemplar::error::EXIT_FAILED
            })
        }
    }
}
