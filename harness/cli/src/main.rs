//! The `exemplar` command: parse the command line, run the command, map the outcome to an exit code.

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: a lint frees every page of a doc set at the end, which glibc's allocator does slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain()
        .any(|cause| cause.downcast_ref().is_some_and(broken))
}
