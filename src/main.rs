//! The `nkport` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Ctrl-C / SIGTERM: remove unfinished output files, exit 130 / 143.
    nkport::signals::install();
    let cli = nkport::cli::Cli::parse();
    match cli.run() {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Messages quote data; none of it may act on the terminal.
            let msg = format!("{err:#}");
            eprintln!(
                "nkport: error: {}",
                nkport::output::escape::escape_lines(&msg)
            );
            if err.downcast_ref::<nkport::config::UsageError>().is_some() {
                return ExitCode::from(2);
            }
            ExitCode::FAILURE
        }
    }
}

/// A closed pipe (`nkport ... | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
