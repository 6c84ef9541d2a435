//! Field types shared by the tables: `;`-lists, `table:id` references, and the
//! [`Value`] view of any cell that generic code reads.

use super::Table;
use crate::date::FuzzyDate;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// One cell of a record, as generic code (output, sort, filter, facet) sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Not given.
    Null,
    /// Text, an id or a vocabulary value.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// A list of text.
    List(&'a [String]),
    /// A fuzzy date.
    Date(&'a FuzzyDate),
}

impl<'a> Value<'a> {
    /// The number as an integer, when it is a whole number that an `i64`
    /// holds exactly (every integer column's values are).
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            _ => None,
        }
    }

    /// Whether the cell is empty (null, empty text or empty list).
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(s) => s.is_empty(),
            Value::List(l) => l.is_empty(),
            Value::Number(_) | Value::Date(_) => false,
        }
    }

    /// The cell as plain text: lists joined with `;`, dates as EDTF.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(s) => (*s).to_string(),
            Value::Number(n) => format_number(*n),
            Value::List(l) => l.join(";"),
            Value::Date(d) => d.edtf().to_string(),
        }
    }

    /// The text items of the cell: one for text, each item for a list.
    pub fn items(&self) -> Vec<&'a str> {
        match self {
            Value::Text(s) if !s.is_empty() => vec![*s],
            Value::List(l) => l.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// Formats a number without a trailing `.0` for whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Converts a field to a [`Value`].
pub trait AsValue {
    /// The field as a cell value.
    fn as_value(&self) -> Value<'_>;
}

impl AsValue for String {
    fn as_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl AsValue for f64 {
    fn as_value(&self) -> Value<'_> {
        Value::Number(*self)
    }
}

impl AsValue for u32 {
    fn as_value(&self) -> Value<'_> {
        Value::Number(f64::from(*self))
    }
}

impl AsValue for List {
    fn as_value(&self) -> Value<'_> {
        Value::List(&self.0)
    }
}

impl AsValue for FuzzyDate {
    fn as_value(&self) -> Value<'_> {
        Value::Date(self)
    }
}

impl AsValue for RecordRef {
    fn as_value(&self) -> Value<'_> {
        Value::Text(&self.text)
    }
}

impl<T: AsValue> AsValue for Option<T> {
    fn as_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.as_value(),
            None => Value::Null,
        }
    }
}

macro_rules! vocab_values {
    ($($t:ty),+) => {$(
        impl AsValue for $t {
            fn as_value(&self) -> Value<'_> {
                Value::Text(super::Vocab::as_str(*self))
            }
        }
    )+};
}
vocab_values!(
    super::Certainty,
    super::QuoteKind,
    super::SourceKind,
    super::PlaceKind,
    super::PortKind,
    super::LeaseStatus,
    super::Mode,
    super::Direction,
    super::RouteStatus,
    super::Qualifier,
    super::Measure,
    super::Unit,
    super::FacilityKind,
    super::FacilityStatus,
    super::EventKind
);

/// A list of text: `;`-separated in a CSV cell, an array in JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List(pub Vec<String>);

impl std::ops::Deref for List {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl List {
    /// Splits a `;`-separated cell, trimming items and dropping empty ones.
    pub fn split(cell: &str) -> List {
        List(
            cell.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }
}

impl Serialize for List {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = List;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list: an array of strings, or a `;`-separated string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<List, E> {
                Ok(List::split(s))
            }
            fn visit_unit<E: de::Error>(self) -> Result<List, E> {
                Ok(List::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<List, E> {
                Ok(List::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    let item = item.trim();
                    if !item.is_empty() {
                        items.push(item.to_string());
                    }
                }
                Ok(List(items))
            }
        }
        d.deserialize_any(ListVisitor)
    }
}

/// A reference to any row of the package, written `table:id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordRef {
    text: String,
    table: Table,
}

impl RecordRef {
    /// Parses `table:id`.
    pub fn parse(s: &str) -> Result<RecordRef, String> {
        let (table, id) = s.split_once(':').ok_or_else(|| {
            format!("expected a reference `table:id` (e.g. ports:chongjin-port), found {s:?}")
        })?;
        let table = Table::from_name(table).ok_or_else(|| {
            let names: Vec<_> = Table::ALL.iter().map(|t| t.name()).collect();
            format!(
                "expected a reference `table:id` whose table is one of {}, found {s:?}",
                names.join(", ")
            )
        })?;
        if id.is_empty() {
            return Err(format!(
                "expected a reference `table:id` with an id after the colon, found {s:?}"
            ));
        }
        Ok(RecordRef {
            text: s.to_string(),
            table,
        })
    }

    /// A reference to `id` in `table`.
    pub fn new(table: Table, id: &str) -> RecordRef {
        RecordRef {
            text: format!("{}:{id}", table.name()),
            table,
        }
    }

    /// The referenced table.
    pub fn table(&self) -> Table {
        self.table
    }

    /// The referenced id.
    pub fn id(&self) -> &str {
        &self.text[self.table.name().len() + 1..]
    }

    /// The reference as written, `table:id`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for RecordRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for RecordRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl Visitor<'_> for RefVisitor {
            type Value = RecordRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a reference `table:id`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RecordRef, E> {
                RecordRef::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_str(RefVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_splits_and_trims() {
        assert_eq!(
            List::split(" steel; glass ;;cement").0,
            vec!["steel", "glass", "cement"]
        );
        assert!(List::split("").is_empty());
    }

    #[test]
    fn record_ref_parses_table_and_id() {
        let r = RecordRef::parse("ports:chongjin-port").unwrap();
        assert_eq!(r.table(), Table::Ports);
        assert_eq!(r.id(), "chongjin-port");
        assert!(
            RecordRef::parse("harbours:x")
                .unwrap_err()
                .contains("one of")
        );
        assert!(RecordRef::parse("ports:").is_err());
        assert!(RecordRef::parse("chongjin").is_err());
    }

    #[test]
    fn whole_numbers_print_without_decimals() {
        assert_eq!(format_number(630000.0), "630000");
        assert_eq!(format_number(41.79556), "41.79556");
    }
}
