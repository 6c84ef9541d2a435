//! Rows as a query yields them and every format receives them: a head of
//! named columns, cells as [`Value`]s (or [`Owned`] ones, for computed
//! columns) and, for maps, a [`Geometry`]. The query and the writers both
//! speak these; neither knows the other.

use crate::date::FuzzyDate;
use crate::model::{Kind, Value};
use std::io::{self, Write};

/// A column of output: its name and what it holds. Flat formats expand a
/// date column into EDTF plus earliest and latest bounds; typed formats
/// (SQLite, Parquet) choose their column type from [`Head::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The column name.
    pub name: String,
    /// What its cells hold.
    pub kind: CellKind,
}

impl Head {
    /// A column named `name` holding `kind`.
    pub fn new(name: impl Into<String>, kind: CellKind) -> Head {
        Head {
            name: name.into(),
            kind,
        }
    }

    /// Whether the column holds fuzzy dates.
    pub fn is_date(&self) -> bool {
        self.kind == CellKind::Date
    }
}

/// What the cells of an output column hold. Every cell may also be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// Text ([`Value::Text`]).
    Text,
    /// Whole numbers ([`Value::Number`] with no fraction).
    Integer,
    /// Numbers ([`Value::Number`]).
    Number,
    /// Lists of text ([`Value::List`]).
    List,
    /// Fuzzy dates ([`Value::Date`]).
    Date,
    /// The id of a row, or a `table:id` reference ([`Value::Text`]).
    Reference,
    /// A shape on the map (GeoJSON text).
    Geometry,
}

impl CellKind {
    /// What a column of this model kind holds in output.
    pub fn of(kind: Kind) -> CellKind {
        match kind {
            Kind::Id | Kind::Text | Kind::Vocab(_) | Kind::Country | Kind::IsoCode => {
                CellKind::Text
            }
            Kind::Integer => CellKind::Integer,
            Kind::Number | Kind::Lat | Kind::Lon => CellKind::Number,
            Kind::List | Kind::RefList(_) => CellKind::List,
            Kind::Date => CellKind::Date,
            Kind::Ref(_) | Kind::RecordRef => CellKind::Reference,
        }
    }

    /// The kind's name: text, integer, number, list, date, reference, geometry.
    pub fn name(self) -> &'static str {
        match self {
            CellKind::Text => "text",
            CellKind::Integer => "integer",
            CellKind::Number => "number",
            CellKind::List => "list",
            CellKind::Date => "date",
            CellKind::Reference => "reference",
            CellKind::Geometry => "geometry",
        }
    }
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
    /// Whether the bytes [`Sink::row`] writes for a row depend on that row
    /// alone (not on the rows before it): then rows may be written apart
    /// and their bytes put together in another order (sorting does).
    fn rows_apart(&self) -> bool {
        false
    }
    /// For rows written apart on other threads: a sink in the state this
    /// one is in after [`Sink::header`], writing each row exactly as this
    /// one would. `None` when rows cannot be written apart.
    fn fork(&self) -> Option<Box<dyn Sink + Send>> {
        None
    }
}
