//! Writing rows in a format: terminal table, CSV, TSV, JSON, JSON lines,
//! Markdown or GeoJSON. Every format is a [`Sink`] fed the same [`Value`]
//! cells, so every table and command shares one output path.
//!
//! Output goes to a [`Target`]: stdout, or a file written beside its final
//! name and renamed into place only when complete.

pub mod chart;
mod delimited;
pub mod escape;
mod geojson;
mod json;
mod target;
mod text;

pub use target::Target;

use crate::date::FuzzyDate;
use crate::model::Value;
use std::io::{self, Write};

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
            _ => None,
        }
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
        }
    }
}

/// A column of output: its name and whether it holds fuzzy dates (which flat
/// formats expand into EDTF plus earliest and latest bounds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The column name.
    pub name: String,
    /// Whether the column holds fuzzy dates.
    pub date: bool,
}

/// An owned cell value, for columns computed rather than read.
#[derive(Debug, Clone, PartialEq)]
pub enum Owned {
    /// Not given.
    Null,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A list of text.
    List(Vec<String>),
    /// A fuzzy date.
    Date(FuzzyDate),
}

impl Owned {
    /// The cell as a borrowed [`Value`].
    pub fn as_value(&self) -> Value<'_> {
        match self {
            Owned::Null => Value::Null,
            Owned::Text(s) => Value::Text(s),
            Owned::Number(n) => Value::Number(*n),
            Owned::List(l) => Value::List(l),
            Owned::Date(d) => Value::Date(d),
        }
    }

    /// Text, or null when empty.
    pub fn text(s: Option<&str>) -> Owned {
        match s {
            Some(s) if !s.is_empty() => Owned::Text(s.to_string()),
            _ => Owned::Null,
        }
    }
}

/// A shape on the map for GeoJSON output, in (longitude, latitude) order.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// One point.
    Point([f64; 2]),
    /// A line through two or more points.
    Line(Vec<[f64; 2]>),
}

/// How sinks write.
#[derive(Debug, Clone, Copy)]
pub struct SinkOptions {
    /// Write CSV cells as they are, without neutralising formula-like text.
    pub raw: bool,
    /// The terminal width for tables.
    pub width: usize,
}

/// Receives a header, then rows, then the end of output.
pub trait Sink {
    /// Called once before any row.
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()>;
    /// Called for each row, cells in header order.
    fn row(
        &mut self,
        w: &mut dyn Write,
        cells: &[Value<'_>],
        geometry: Option<&Geometry>,
    ) -> io::Result<()>;
    /// Called once after the last row.
    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()>;
}

/// A sink for the format.
pub fn sink(format: Format, opts: SinkOptions) -> Box<dyn Sink> {
    match format {
        Format::Table => Box::new(text::TableSink::new(opts.width)),
        Format::Markdown => Box::new(text::MarkdownSink),
        Format::Csv => Box::new(delimited::Delimited::new(b',', opts.raw)),
        Format::Tsv => Box::new(delimited::Delimited::new(b'\t', opts.raw)),
        Format::Json => Box::new(json::JsonSink::array()),
        Format::Jsonl => Box::new(json::JsonSink::lines()),
        Format::Geojson => Box::new(geojson::GeoJsonSink::default()),
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
