//! Writing rows in a format: terminal table, CSV, TSV, JSON, JSON lines,
//! Markdown, GeoJSON, SQLite or Parquet. Every format is a [`Sink`] fed the
//! same [`Value`] cells, so every table and command shares one output path.
//!
//! Output goes to a [`Target`]: stdout, or a file written beside its final
//! name and renamed into place only when complete.

pub mod chart;
pub mod datasette;
mod delimited;
pub mod escape;
mod geojson;
pub mod importance;
mod json;
pub mod paint;
pub mod parquet;
pub mod sqlite;
mod target;
pub mod text;

pub use crate::row::{CellKind, Geometry, Head, Owned, Sink};
pub use target::Target;

use crate::model::Value;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table fitted to the terminal (the default on a terminal).
    Table,
    /// Comma-separated values (the default in a pipe).
    Csv,
    /// Tab-separated values.
    Tsv,
    /// One JSON array of row objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A Markdown table.
    Markdown,
    /// A GeoJSON FeatureCollection (points and lines; rows without geometry get none).
    Geojson,
    /// A SQLite database: typed columns, keys, full-text index (and a Datasette metadata file beside -o).
    Sqlite,
    /// Apache Parquet: typed, compressed columns.
    Parquet,
}

impl Format {
    /// The format a file name's extension suggests.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "md" | "markdown" => Some(Format::Markdown),
            "geojson" => Some(Format::Geojson),
            "txt" => Some(Format::Table),
            "db" | "sqlite" | "sqlite3" => Some(Format::Sqlite),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }

    /// The usual file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Markdown => "md",
            Format::Geojson => "geojson",
            Format::Sqlite => "db",
            Format::Parquet => "parquet",
        }
    }

    /// Whether the format is binary (never written to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Sqlite | Format::Parquet)
    }
}

/// How sinks write.
#[derive(Debug, Clone, Copy)]
pub struct SinkOptions {
    /// Write CSV cells as they are, without neutralising formula-like text.
    pub raw: bool,
    /// The terminal width for tables.
    pub width: usize,
    /// Colour terminal tables.
    pub color: bool,
    /// Wrap long text in terminal tables instead of cutting it.
    pub wrap: bool,
    /// The table whose rows these are (`None` for computed rows), which
    /// decides the columns a narrow table keeps.
    pub table: Option<crate::model::Table>,
    /// The table whose rows these are, even when `--columns` chose the
    /// columns (`None` for computed rows): names the SQLite table.
    pub rows_of: Option<crate::model::Table>,
}

/// A sink for the format.
pub fn sink(format: Format, opts: SinkOptions) -> Box<dyn Sink> {
    match format {
        Format::Table => Box::new(text::TableSink::new(opts)),
        Format::Markdown => Box::new(text::MarkdownSink),
        Format::Csv => Box::new(delimited::Delimited::new(b',', opts.raw)),
        Format::Tsv => Box::new(delimited::Delimited::new(b'\t', opts.raw)),
        Format::Json => Box::new(json::JsonSink::array()),
        Format::Jsonl => Box::new(json::JsonSink::lines()),
        Format::Geojson => Box::new(geojson::GeoJsonSink::default()),
        Format::Sqlite => Box::new(sqlite::SqliteSink::new(opts.rows_of)),
        Format::Parquet => Box::new(parquet::ParquetSink::default()),
    }
}

/// A cell as text for people: dates in words, lists with commas.
pub fn human(v: &Value<'_>) -> String {
    match v {
        Value::Date(d) => d.human(),
        Value::List(l) => l.join(", "),
        other => other.to_text(),
    }
}
