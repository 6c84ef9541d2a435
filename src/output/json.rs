//! JSON (one array of row objects) and JSON lines (one object a line). Types
//! are kept: numbers are numbers, lists arrays, fuzzy dates objects with
//! `edtf`, `earliest` and `latest`.

use super::{Geometry, Head, Sink};
use crate::model::Value;
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::io::{self, Write};

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Text(t) => s.serialize_str(t),
            Value::Number(n) => match self.as_integer() {
                Some(i) => s.serialize_i64(i),
                None => s.serialize_f64(*n),
            },
            Value::List(l) => {
                let mut seq = s.serialize_seq(Some(l.len()))?;
                for item in l.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Date(d) => d.serialize(s),
        }
    }
}

/// Writes one row as a JSON object with keys in column order.
pub fn write_object(w: &mut dyn Write, keys: &[String], cells: &[Value<'_>]) -> io::Result<()> {
    w.write_all(b"{")?;
    for (i, (k, v)) in keys.iter().zip(cells).enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, k)?;
        w.write_all(b":")?;
        serde_json::to_writer(&mut *w, v)?;
    }
    w.write_all(b"}")
}

/// A JSON or JSON-lines writer.
pub struct JsonSink {
    lines: bool,
    keys: Vec<String>,
    rows: usize,
}

impl JsonSink {
    /// One array of objects.
    pub fn array() -> JsonSink {
        JsonSink {
            lines: false,
            keys: Vec::new(),
            rows: 0,
        }
    }

    /// One object per line.
    pub fn lines() -> JsonSink {
        JsonSink {
            lines: true,
            keys: Vec::new(),
            rows: 0,
        }
    }
}

impl Sink for JsonSink {
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.keys = heads.iter().map(|h| h.name.clone()).collect();
        if !self.lines {
            w.write_all(b"[")?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        w: &mut dyn Write,
        cells: &[Value<'_>],
        _: Option<&Geometry>,
    ) -> io::Result<()> {
        if !self.lines {
            w.write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        }
        write_object(w, &self.keys, cells)?;
        if self.lines {
            w.write_all(b"\n")?;
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if !self.lines {
            w.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        Ok(())
    }

    fn rows_apart(&self) -> bool {
        self.lines
    }

    fn fork(&self) -> Option<Box<dyn Sink + Send>> {
        self.lines.then(|| {
            Box::new(JsonSink {
                lines: true,
                keys: self.keys.clone(),
                rows: 0,
            }) as Box<dyn Sink + Send>
        })
    }
}
