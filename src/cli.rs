//! The command line: every argument, flag and command, with its help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Explore a source-cited dataset on North Korea's ports and cross-border trade.
///
/// Every record keeps its source, the source's exact words and how certain the
/// claim is. Without --data, nkport uses the data package built into it.
#[derive(Debug, Parser)]
#[command(name = "nkport", version, about, max_term_width = 100)]
pub struct Cli {
    /// Options that work before or after the command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every command.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Use the data package in DIR instead of the embedded one.
    #[arg(long, global = true, env = "NKPORT_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a data package and report every problem found.
    Check(CheckArgs),
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Verify every citation quote against the article texts in DIR.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
}
