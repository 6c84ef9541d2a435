//! Rows as a query yields them and every format receives them: a head of
//! named columns, cells as [`Value`]s (or [`Owned`] ones, for computed
//! columns) and, for maps, a [`Geometry`]. The query and the writers both
//! speak these; neither knows the other.

use crate::date::FuzzyDate;
use crate::model::Value;
use std::io::{self, Write};

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
