//! The `exemplar` command: parse the command line, run the command, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.run() {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`exemplar list | head`): nothing to say, as ripgrep does.
        Err(err) if broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            #[expect(
                clippy::print_stderr,
                reason = "the binary reports fatal errors on stderr"
            )]
            {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(if err.is::<cli::Usage>() {
                exemplar_run::error::EXIT_INVALID
            } else {
                exemplar_run::error::EXIT_FAILED
            })
        }
    }
}

fn broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
