//! One module per command; each wires a path through the library and holds
//! no logic of its own.

mod check;

use crate::cli::{Cli, Command};
use crate::load::Package;
use std::process::ExitCode;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let pkg = Package::new(cli.global.data.clone());
    match cli.command {
        Command::Check(args) => check::run(&pkg, &args),
    }
}
