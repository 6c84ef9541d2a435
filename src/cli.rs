//! The command line: every argument, flag and command, with its help text.
//! Each command's own arguments live in its file under `cmd/`.

use crate::cmd::{self, Ctx};
use crate::config::{Config, Opt, UsageError, terminal_width};
use crate::load::Package;
use crate::model::Table;
use crate::output::Format;
use crate::output::paint::ColorChoice;
use crate::query::SortKey;
use clap::{Args, CommandFactory, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
        value_name = "DATE",
        value_parser = cmd::leases::parse_day
    )]
    pub as_of: Option<chrono::NaiveDate>,
    /// Add the names behind reference ids (origin → origin_name, origin_province).
    #[arg(help_heading = "Global options", long, global = true)]
    pub labels: bool,
    /// Write CSV cells as they are (no neutralising of formula-like text).
    #[arg(help_heading = "Global options", long, global = true)]
    pub raw: bool,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto
    )]
    pub color: ColorChoice,
    /// Wrap long text in terminal tables over several lines instead of cutting it with `…`.
    #[arg(help_heading = "Global options", long, global = true)]
    pub wrap: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once; boxing would not pay
pub enum Command {
    /// List one table (see `nkport help <table>` for its filters).
    #[command(flatten)]
    Table(cmd::TableCommand),
    /// Everything about one record, with what points at it and the quotes behind it.
    Show(cmd::show::Args),
    /// Search names, aliases, notes and quotes across every table.
    Search(cmd::search::Args),
    /// Count rows by a field, or by a derived one that follows references.
    Facet(cmd::facet::Args),
    /// Events and dated records in order of their earliest possible day.
    Timeline(cmd::timeline::Args),
    /// Print SQL views over the Parquet export for DuckDB or Spark (provinces of routes, lease ends ...).
    SqlViews(cmd::sql_views::Args),
    /// Write a table (filtered like its list command), or every table, to -o.
    Export(cmd::export::Args),
    /// Validate a data package and report every problem found.
    Check(cmd::check::Args),
    /// Print a shell completion script.
    Completions(cmd::completions::Args),
    /// Print the man page (roff).
    #[command(after_help = r#"Examples:
  nkport man > nkport.1
  nkport man | man -l -"#)]
    Man,
}

impl Cli {
    /// Resolves the options once and runs the command with them.
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let g = construct_config(self.global);
        self.command.accepts(&g)?;
        match self.command {
            Command::Table(t) => t.run(&g),
            Command::Show(a) => cmd::show::run(&g, &a),
            Command::Search(a) => cmd::search::run(&Ctx::load(&g, &[])?, &a),
            Command::Facet(a) => cmd::facet::run(&g, &a),
            Command::Timeline(a) => {
                cmd::timeline::check_window(&a)?;
                cmd::timeline::run(cmd::held(Ctx::load(&g, &Table::ALL)?), &a)
            }
            Command::Export(a) => cmd::export::run(&g, &a),
            Command::SqlViews(a) => cmd::sql_views::run(&g, &a),
            Command::Check(a) => cmd::check::run(&Package::new(g.data.clone()), &a),
            Command::Completions(a) => cmd::completions::run(&a, Cli::command()),
            Command::Man => cmd::completions::man(Cli::command()),
        }
    }
}

impl Command {
    /// A usage error unless the command honours every global option given.
    pub fn accepts(&self, g: &Config) -> Result<(), UsageError> {
        use Opt::*;
        // `--as-of` is the day every question of time is asked on, accepted
        // wherever data is queried (as `--data` is).
        const ROWS: &[Opt] = &[Format, Columns, Sort, Limit, Output, AsOf, Raw, Wrap];
        const LISTS: &[Opt] = &[
            Format, Columns, Sort, Limit, Output, AsOf, Labels, Raw, Wrap,
        ];
        let (name, honoured, formats): (&str, &[Opt], Option<&[crate::output::Format]>) = match self
        {
            Command::Table(t) => (t.table().name(), LISTS, None),
            Command::Export(_) => ("export", LISTS, None),
            Command::Show(_) => (
                "show",
                &[Format, Output, AsOf],
                Some(&[
                    crate::output::Format::Table,
                    crate::output::Format::Json,
                    crate::output::Format::Jsonl,
                ]),
            ),
            Command::Search(_) => ("search", ROWS, None),
            Command::Facet(_) => ("facet", ROWS, None),
            Command::Timeline(a) if a.chart => (
                "timeline --chart",
                &[Format, Output, AsOf],
                Some(&[crate::output::Format::Table]),
            ),
            Command::Timeline(_) => ("timeline", ROWS, None),
            Command::SqlViews(_) => ("sql-views", &[Output, AsOf], None),
            Command::Check(_) => ("check", &[], None),
            Command::Completions(_) => ("completions", &[], None),
            Command::Man => ("man", &[], None),
        };
        g.accept(name, honoured, formats)
    }
}

/// The options as every command reads them: defaults filled in, the output
/// format decided.
pub fn construct_config(g: Global) -> Config {
    let given = [
        (Opt::Format, g.format.is_some()),
        (Opt::Columns, g.columns.is_some()),
        (Opt::Sort, !g.sort.is_empty()),
        (Opt::Limit, g.limit.is_some()),
        (Opt::Output, g.output.is_some()),
        (Opt::AsOf, g.as_of.is_some()),
        (Opt::Labels, g.labels),
        (Opt::Raw, g.raw),
        (Opt::Wrap, g.wrap),
    ]
    .into_iter()
    .filter_map(|(o, given)| given.then_some(o))
    .collect();
    let format = match (g.format, &g.output) {
        (Some(f), _) => f,
        (None, Some(path)) => Format::from_extension(path).unwrap_or(Format::Csv),
        (None, None) if std::io::stdout().is_terminal() => Format::Table,
        (None, None) => Format::Csv,
    };
    let color = g.color.enabled(g.output.is_some());
    Config {
        data: g.data,
        format,
        format_given: g.format.is_some(),
        columns: g.columns,
        sort: g.sort,
        limit: g.limit,
        output: g.output,
        as_of: g.as_of.unwrap_or_else(crate::date::today),
        labels: g.labels,
        raw: g.raw,
        width: terminal_width(),
        color,
        wrap: g.wrap,
        given,
    }
}
