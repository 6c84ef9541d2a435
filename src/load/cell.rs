//! A serde deserializer for one CSV row, cell by cell.
//!
//! The csv crate's own serde support guesses a cell's type (`0012` becomes the
//! number 12), which would silently change text in lists and dates. Here every
//! cell is text unless the target field asks for a number, an empty cell is
//! `None`, and every error carries the name of the field it came from.

use serde::de::value::MapDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use std::fmt;

/// A deserialization error, with the field it happened in when known.
#[derive(Debug)]
pub struct CellError {
    /// The column the error is in.
    pub field: Option<&'static str>,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CellError {}

impl de::Error for CellError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CellError {
            field: None,
            message: msg.to_string(),
        }
    }
}

/// One cell: its column name and text.
#[derive(Clone, Copy)]
pub struct Cell<'a> {
    field: &'static str,
    text: &'a str,
}

impl Cell<'_> {
    fn locate(&self, mut e: CellError) -> CellError {
        if e.field.is_none() {
            e.field = Some(self.field);
        }
        e
    }

    fn number<T: std::str::FromStr>(&self, expected: &str) -> Result<T, CellError> {
        let t = self.text.trim();
        let finite = !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
        match t.parse::<T>() {
            Ok(v) if finite => Ok(v),
            _ => Err(CellError {
                field: Some(self.field),
                message: format!("expected {expected}, found {}", super::shorten(self.text)),
            }),
        }
    }
}

impl<'de> IntoDeserializer<'de, CellError> for Cell<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Cell<'de> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        v.visit_borrowed_str(self.text).map_err(|e| self.locate(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        if self.text.trim().is_empty() {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
        .map_err(|e| self.locate(e))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        let n: f64 = self.number("a number")?;
        if !n.is_finite() {
            return Err(CellError {
                field: Some(self.field),
                message: format!(
                    "expected a number within range, found {}",
                    super::shorten(self.text)
                ),
            });
        }
        v.visit_f64(n).map_err(|e| self.locate(e))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        self.deserialize_f64(v)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        let n: u32 = self.number("a whole number of 0 or more")?;
        v.visit_u32(n).map_err(|e| self.locate(e))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        let n: u64 = self.number("a whole number of 0 or more")?;
        v.visit_u64(n).map_err(|e| self.locate(e))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, CellError> {
        let n: i64 = self.number("a whole number")?;
        v.visit_i64(n).map_err(|e| self.locate(e))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i128 u8 u16 u128 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// Deserializes a record from the given (column, cell text) pairs.
pub fn from_cells<'a, T: DeserializeOwned>(
    cells: impl Iterator<Item = (&'static str, &'a str)>,
) -> Result<T, CellError> {
    let map = MapDeserializer::new(cells.map(|(field, text)| (field, Cell { field, text })));
    T::deserialize(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Certainty, List};
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Row {
        name: String,
        goods: List,
        lat: Option<f64>,
        certainty: Certainty,
    }

    #[test]
    fn text_stays_text_and_empty_is_none() {
        let r: Row = from_cells(
            [
                ("name", "0012"),
                ("goods", "3.10;steel"),
                ("lat", ""),
                ("certainty", "stated"),
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(r.name, "0012");
        assert_eq!(r.goods.0, vec!["3.10", "steel"]);
        assert_eq!(r.lat, None);
    }

    #[test]
    fn errors_name_their_field() {
        let e = from_cells::<Row>(
            [
                ("name", "x"),
                ("goods", ""),
                ("lat", "north"),
                ("certainty", "stated"),
            ]
            .into_iter(),
        )
        .unwrap_err();
        assert_eq!(e.field, Some("lat"));
        assert!(e.message.contains("expected a number"), "{}", e.message);
        let e = from_cells::<Row>(
            [
                ("name", "x"),
                ("goods", ""),
                ("lat", "inf"),
                ("certainty", "sure"),
            ]
            .into_iter(),
        )
        .unwrap_err();
        assert_eq!(e.field, Some("lat"));
        let e = from_cells::<Row>(
            [
                ("name", "x"),
                ("goods", ""),
                ("lat", "1"),
                ("certainty", "sure"),
            ]
            .into_iter(),
        )
        .unwrap_err();
        assert_eq!(e.field, Some("certainty"));
    }
}
