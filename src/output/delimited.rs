//! CSV and TSV: every column, a fuzzy date as EDTF plus its earliest and
//! latest day, lists `;`-joined. Text that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading
//! `'` unless `--raw` asks for the cells as they are.

use super::{Geometry, Head, Sink};
use crate::model::Value;
use crate::model::fields::format_number;
use std::io::{self, Write};

/// A CSV or TSV writer.
pub struct Delimited {
    sep: u8,
    raw: bool,
    dates: Vec<bool>,
    line: Vec<u8>,
}

impl Delimited {
    /// A writer with this separator; `raw` keeps formula-like text as is.
    pub fn new(sep: u8, raw: bool) -> Delimited {
        Delimited {
            sep,
            raw,
            dates: Vec::new(),
            line: Vec::with_capacity(256),
        }
    }

    fn field(&mut self, text: &str, neutralise: bool) {
        let risky = neutralise
            && !self.raw
            && matches!(
                text.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            );
        let needs_quotes = text
            .bytes()
            .any(|b| b == self.sep || b == b'"' || b == b'\n' || b == b'\r')
            || (self.sep == b'\t' && text.starts_with(' '));
        if needs_quotes {
            self.line.push(b'"');
        }
        if risky {
            self.line.push(b'\'');
        }
        if needs_quotes {
            for &b in text.as_bytes() {
                if b == b'"' {
                    self.line.push(b'"');
                }
                self.line.push(b);
            }
            self.line.push(b'"');
        } else {
            self.line.extend_from_slice(text.as_bytes());
        }
    }

    fn sep(&mut self, first: &mut bool) {
        if !*first {
            self.line.push(self.sep);
        }
        *first = false;
    }
}

impl Sink for Delimited {
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.dates = heads.iter().map(|h| h.date).collect();
        self.line.clear();
        let mut first = true;
        for h in heads {
            self.sep(&mut first);
            self.field(&h.name, false);
            if h.date {
                for suffix in ["_earliest", "_latest"] {
                    self.sep(&mut first);
                    self.field(&format!("{}{suffix}", h.name), false);
                }
            }
        }
        self.line.push(b'\n');
        w.write_all(&self.line)
    }

    fn row(
        &mut self,
        w: &mut dyn Write,
        cells: &[Value<'_>],
        _: Option<&Geometry>,
    ) -> io::Result<()> {
        self.line.clear();
        let mut first = true;
        for (i, cell) in cells.iter().enumerate() {
            self.sep(&mut first);
            match cell {
                Value::Null => {}
                Value::Text(s) => self.field(s, true),
                Value::Number(n) => self.field(&format_number(*n), false),
                Value::List(l) => self.field(&l.join(";"), true),
                Value::Date(d) => self.field(d.edtf(), true),
            }
            if self.dates.get(i).copied().unwrap_or(false) {
                let (lo, hi) = match cell {
                    Value::Date(d) => (d.earliest(), d.latest()),
                    _ => (None, None),
                };
                for day in [lo, hi] {
                    self.sep(&mut first);
                    if let Some(day) = day {
                        self.field(&day.format("%Y-%m-%d").to_string(), false);
                    }
                }
            }
        }
        self.line.push(b'\n');
        w.write_all(&self.line)
    }

    fn finish(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(raw: bool, cells: &[Value<'_>]) -> String {
        let mut d = Delimited::new(b',', raw);
        let mut out = Vec::new();
        let heads: Vec<Head> = (0..cells.len())
            .map(|i| Head {
                name: format!("c{i}"),
                date: false,
            })
            .collect();
        d.header(&mut out, &heads).unwrap();
        out.clear();
        d.row(&mut out, cells, None).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formula_like_text_is_neutralised_numbers_are_not() {
        assert_eq!(
            line(false, &[Value::Text("=1+1"), Value::Number(-5.0)]),
            "'=1+1,-5\n"
        );
        assert_eq!(
            line(false, &[Value::Text("@x"), Value::Text("+y")]),
            "'@x,'+y\n"
        );
        assert_eq!(
            line(false, &[Value::Text("\tx"), Value::Text("-z")]),
            "'\tx,'-z\n"
        );
        assert_eq!(line(false, &[Value::Text("\rx")]), "\"'\rx\"\n");
        assert_eq!(line(true, &[Value::Text("=1+1")]), "=1+1\n");
    }

    #[test]
    fn quotes_when_needed() {
        assert_eq!(
            line(true, &[Value::Text("a,b"), Value::Text("say \"hi\"")]),
            "\"a,b\",\"say \"\"hi\"\"\"\n"
        );
    }
}
