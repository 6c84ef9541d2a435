//! The command line: every argument, flag and command, with its help text.
//! Each command's own arguments live in its file under `cmd/`.

use crate::cmd;
use crate::output::Format;
use crate::query::SortKey;
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

/// Options shared by every command; they work on either side of it.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Use the data package in DIR instead of the embedded one.
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        env = "NKPORT_DATA",
        value_name = "DIR"
    )]
    pub data: Option<PathBuf>,
    /// Output format [default: table on a terminal, else csv, or from -o's extension].
    #[arg(
        help_heading = "Global options",
        long,
        short = 'f',
        global = true,
        value_enum
    )]
    pub format: Option<Format>,
    /// Show only these columns, in this order (comma-separated).
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        value_delimiter = ',',
        value_name = "A,B,.."
    )]
    pub columns: Option<Vec<String>>,
    /// Sort by FIELD (add :desc for largest first); repeat or comma-separate for more keys.
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        value_delimiter = ',',
        value_name = "FIELD[:desc]"
    )]
    pub sort: Vec<SortKey>,
    /// Show at most N rows.
    #[arg(help_heading = "Global options", long, global = true, value_name = "N")]
    pub limit: Option<usize>,
    /// Write to FILE (atomically: complete or not at all) instead of stdout.
    #[arg(
        help_heading = "Global options",
        long,
        short = 'o',
        global = true,
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
    /// Answer questions of time as of DATE (YYYY-MM-DD) [default: today].
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        value_name = "DATE"
    )]
    pub as_of: Option<chrono::NaiveDate>,
    /// Add the names behind reference ids (origin → origin_name, origin_province).
    #[arg(help_heading = "Global options", long, global = true)]
    pub labels: bool,
    /// Write CSV cells as they are (no neutralising of formula-like text).
    #[arg(help_heading = "Global options", long, global = true)]
    pub raw: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once; boxing would not pay
pub enum Command {
    /// List one table (see `nkport help <table>` for its filters).
    #[command(flatten)]
    Table(TableCommand),
    /// Everything about one record, with what points at it and the quotes behind it.
    Show(cmd::show::Args),
    /// Search names, aliases, notes and quotes across every table.
    Search(cmd::search::Args),
    /// Count rows by a field, or by a derived one that follows references.
    Facet(cmd::facet::Args),
    /// Events and dated records in order of their earliest possible day.
    Timeline(cmd::timeline::Args),
    /// Write a table (filtered like its list command), or every table, to -o.
    Export(cmd::export::Args),
    /// Validate a data package and report every problem found.
    Check(cmd::check::Args),
    /// Print a shell completion script.
    Completions(cmd::completions::Args),
    /// Print the man page (roff).
    Man,
}

/// The list commands, one per table.
#[derive(Debug, Subcommand, Clone)]
pub enum TableCommand {
    /// List ports of entry: seaports, river ports, land crossings, airports.
    Ports(cmd::ports::Args),
    /// List docks, piers and berths.
    Docks(cmd::docks::Args),
    /// List leases of docks and ports, with their terms.
    Leases(cmd::leases::Args),
    /// List trade and transport routes.
    Routes(cmd::routes::Args),
    /// List population figures (residents, prisoners, loss shares), one per source.
    Population(cmd::population::Args),
    /// List places: countries, provinces, cities, districts, zones, rivers, bridges.
    Places(cmd::places::Args),
    /// List facilities: prisons, consulates, plants, statues, hotels, customs houses.
    Facilities(cmd::facilities::Args),
    /// List events, policies, plans and periods.
    Events(cmd::events::Args),
    /// List claims: ranks, nicknames, shares, capacities and other statements.
    Claims(cmd::claims::Args),
    /// List the sources: articles, reports and reference works.
    Sources(cmd::sources::Args),
    /// List citations: the quotes behind every record.
    Citations(cmd::citations::Args),
}
