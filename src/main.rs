//! The `nkport` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Ctrl-C / SIGTERM: remove unfinished output files, exit 130 / 143.
    nkport::signals::install();
    let cli = match nkport::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
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

/// Help and version are output like any other: a closed pipe is quiet, a
/// full disk an error (clap's own exit would say nothing and exit 0).
/// Usage errors print as clap prints them and exit 2.
fn clap_exit(e: clap::Error) -> ExitCode {
    if e.use_stderr() {
        let _ = e.print();
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let text = if stdout.is_terminal() {
        e.render().ansi().to_string()
    } else {
        e.render().to_string()
    };
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("nkport: error: cannot write to standard output: {err}");
            ExitCode::FAILURE
        }
    }
}
