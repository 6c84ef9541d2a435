//! The options after resolution: what every command reads. The command line
//! ([`crate::cli::Global`]) is turned into a [`Config`] once, at the start
//! (defaults filled in: today's date, the output format, the terminal
//! width), so no command resolves an option on its own.

use crate::output::Format;
use crate::query::SortKey;
use chrono::NaiveDate;
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
}

/// The terminal's width in columns ($COLUMNS, else the terminal's, else 100;
/// at least 40).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
        .unwrap_or(100)
        .max(40)
}
