//! The options after resolution: what every command reads. The command line
//! ([`crate::cli::Global`]) is turned into a [`Config`] once, at the start
//! (defaults filled in: today's date, the output format, the terminal
//! width), so no command resolves an option on its own.

use crate::output::Format;
use crate::query::SortKey;
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::PathBuf;

/// The resolved global options.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data package's directory; `None` is the embedded package.
    pub data: Option<PathBuf>,
    /// The output format: `--format`, else `-o`'s extension (CSV when it
    /// names none), else a table on a terminal and CSV elsewhere.
    pub format: Format,
    /// Whether `--format` was given (commands with a layout of their own
    /// use it only then).
    pub format_given: bool,
    /// `--columns`: exactly these columns, in this order.
    pub columns: Option<Vec<String>>,
    /// `--sort`: sort keys, first key first.
    pub sort: Vec<SortKey>,
    /// `--limit`: at most this many rows.
    pub limit: Option<usize>,
    /// `-o`: the file (or, for `export all`, directory) to write; `None` is stdout.
    pub output: Option<PathBuf>,
    /// The day questions of time are asked about (`--as-of`, else today).
    pub as_of: NaiveDate,
    /// `--labels`: add the names behind reference ids.
    pub labels: bool,
    /// `--raw`: write CSV cells as they are.
    pub raw: bool,
    /// The terminal's width in columns, for tables.
    pub width: usize,
    /// Colour terminal output (`--color`, NO_COLOR, whether stdout is a terminal).
    pub color: bool,
    /// `--wrap`: wrap long text in terminal tables instead of cutting it.
    pub wrap: bool,
    /// The options given on the command line (or by the environment).
    pub given: Vec<Opt>,
}

/// A global option a command may honour or refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    /// `--format`
    Format,
    /// `--columns`
    Columns,
    /// `--sort`
    Sort,
    /// `--limit`
    Limit,
    /// `-o` / `--output`
    Output,
    /// `--as-of`
    AsOf,
    /// `--labels`
    Labels,
    /// `--raw`
    Raw,
    /// `--wrap`
    Wrap,
}

impl Opt {
    /// The option as the user writes it.
    pub fn flag(self) -> &'static str {
        match self {
            Opt::Format => "--format",
            Opt::Columns => "--columns",
            Opt::Sort => "--sort",
            Opt::Limit => "--limit",
            Opt::Output => "--output",
            Opt::AsOf => "--as-of",
            Opt::Labels => "--labels",
            Opt::Raw => "--raw",
            Opt::Wrap => "--wrap",
        }
    }
}

pub use crate::usage::UsageError;

impl Config {
    /// A usage error unless every given option is in `honoured` and the
    /// format, when given, is one of `formats` (`None`: any).
    pub fn accept(
        &self,
        command: &str,
        honoured: &[Opt],
        formats: Option<&[Format]>,
    ) -> Result<(), UsageError> {
        let refused: Vec<&str> = self
            .given
            .iter()
            .filter(|o| !honoured.contains(o))
            .map(|o| o.flag())
            .collect();
        if !refused.is_empty() {
            return Err(UsageError(format!(
                "`{command}` does not take {}",
                refused.join(", ")
            )));
        }
        if let Some(formats) = formats.filter(|_| self.format_given)
            && !formats.contains(&self.format)
        {
            let mut names: Vec<String> = formats.iter().map(|f| f.name()).collect();
            let last = names.pop().unwrap_or_default();
            let names = match names.is_empty() {
                true => last,
                false => format!("{} or {last}", names.join(", ")),
            };
            return Err(UsageError(format!(
                "`{command}` writes {names}, not --format {}",
                self.format.name()
            )));
        }
        if self.format.is_binary() && self.output.is_none() && std::io::stdout().is_terminal() {
            return Err(UsageError(format!(
                "--format {} writes a binary file: give -o FILE (or redirect the output)",
                self.format.name()
            )));
        }
        Ok(())
    }
}

/// The terminal's width in columns ($COLUMNS, else the terminal's, else 100;
/// at least 40, at most [`MAX_WIDTH`]).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
        .unwrap_or(100)
        .clamp(40, MAX_WIDTH)
}

/// The widest terminal laid out for (`COLUMNS=1000000000` is clamped to it).
pub const MAX_WIDTH: usize = 1000;
