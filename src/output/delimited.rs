//! CSV and TSV: every column, a fuzzy date as EDTF plus its earliest and
//! latest day, lists `;`-joined. Text that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading
//! `'` unless `--raw` asks for the cells as they are.

use super::{Geometry, Head, Sink};
use crate::model::Value;
use crate::model::fields::format_number;
#[cfg(test)]
use crate::row::CellKind;
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
        self.field_parts(&[text], neutralise);
    }

    /// Writes one cell made of `parts` joined with `;` (a list), quoted and
    /// neutralised as the joined text would be, without joining it first.
    fn field_parts(&mut self, parts: &[impl AsRef<str>], neutralise: bool) {
        let sep = self.sep;
        // The first byte of the joined text.
        let first_byte = match parts.first().map(|p| p.as_ref().as_bytes()) {
            None => None,
            Some([b, ..]) => Some(*b),
            Some([]) => (parts.len() > 1).then_some(b';'),
        };
        let risky = neutralise
            && !self.raw
            && matches!(first_byte, Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
            && !(parts.len() == 1 && is_plain_number(parts[0].as_ref()));
        // Without an early exit, so that the compiler vectorises the scan.
        let special = |t: &[u8]| {
            t.iter().fold(false, |any, &b| {
                any | (b == sep) | (b == b'"') | (b == b'\n') | (b == b'\r')
            })
        };
        let needs_quotes = parts.iter().any(|p| special(p.as_ref().as_bytes()))
            || (sep == b'\t' && first_byte == Some(b' '))
            || (sep == b';' && parts.len() > 1);
        if needs_quotes {
            self.line.push(b'"');
        }
        if risky {
            self.line.push(b'\'');
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.line.push(b';');
            }
            let p = p.as_ref().as_bytes();
            if needs_quotes && p.contains(&b'"') {
                for &b in p {
                    if b == b'"' {
                        self.line.push(b'"');
                    }
                    self.line.push(b);
                }
            } else {
                self.line.extend_from_slice(p);
            }
        }
        if needs_quotes {
            self.line.push(b'"');
        }
    }

    /// Writes a day as `YYYY-MM-DD` (years 0000 to 9999, as fuzzy dates allow).
    fn day(&mut self, day: chrono::NaiveDate) {
        use chrono::Datelike;
        let (y, m, d) = (day.year(), day.month(), day.day());
        if !(0..=9999).contains(&y) {
            let text = day.format("%Y-%m-%d").to_string();
            self.field(&text, false);
            return;
        }
        let y = y as u32;
        self.line.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (d / 10) as u8,
            b'0' + (d % 10) as u8,
        ]);
    }

    fn sep(&mut self, first: &mut bool) {
        if !*first {
            self.line.push(self.sep);
        }
        *first = false;
    }
}

/// Whether `s` is a plain number (`-5`, `+1.5`, `-2.5e-3`), which a
/// spreadsheet reads as that number, not as a formula: left as it is.
fn is_plain_number(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(b);
    let mut at = int;
    let mut frac = 0;
    if b.get(at) == Some(&b'.') {
        frac = digits(&b[at + 1..]);
        at += 1 + frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(at + 1), Some(b'-' | b'+')));
        let exp = digits(&b[(at + 1 + sign).min(b.len())..]);
        if exp == 0 {
            return false;
        }
        at += 1 + sign + exp;
    }
    at == b.len()
}

impl Sink for Delimited {
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.dates = heads.iter().map(Head::is_date).collect();
        self.line.clear();
        let mut first = true;
        for h in heads {
            self.sep(&mut first);
            self.field(&h.name, false);
            if h.is_date() {
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
                Value::List(l) => self.field_parts(l, true),
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
                        self.day(day);
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

    fn rows_apart(&self) -> bool {
        true
    }

    fn fork(&self) -> Option<Box<dyn Sink + Send>> {
        Some(Box::new(Delimited {
            sep: self.sep,
            raw: self.raw,
            dates: self.dates.clone(),
            line: Vec::with_capacity(256),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(raw: bool, cells: &[Value<'_>]) -> String {
        let mut d = Delimited::new(b',', raw);
        let mut out = Vec::new();
        let heads: Vec<Head> = (0..cells.len())
            .map(|i| Head::new(format!("c{i}"), CellKind::Text))
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
        // A negative number as text is a number to a spreadsheet too.
        assert_eq!(
            line(
                false,
                &[
                    Value::Text("-5"),
                    Value::Text("-2.5e-3"),
                    Value::Text("+1.")
                ]
            ),
            "-5,-2.5e-3,+1.\n"
        );
        assert_eq!(
            line(
                false,
                &[Value::Text("-2+3"), Value::Text("-"), Value::Text("-.e1")]
            ),
            "'-2+3,'-,'-.e1\n"
        );
        assert_eq!(line(false, &[Value::Text("-1e")]), "'-1e\n");
        assert_eq!(line(true, &[Value::Text("=1+1")]), "=1+1\n");
    }

    #[test]
    fn lists_are_written_as_their_joined_text() {
        let cases: Vec<Vec<String>> = vec![
            vec![],
            vec!["steel".into()],
            vec!["steel".into(), "glass".into()],
            vec!["".into(), "=x".into()],
            vec!["-a".into(), "b,c".into()],
            vec!["say \"hi\"".into(), "x".into()],
            vec![" lead".into(), "x".into()],
        ];
        for sep in [b',', b'\t', b';'] {
            for raw in [false, true] {
                for l in &cases {
                    let mut a = Delimited::new(sep, raw);
                    let mut b = Delimited::new(sep, raw);
                    a.field_parts(l, true);
                    b.field(&l.join(";"), true);
                    assert_eq!(a.line, b.line, "{l:?} sep {sep} raw {raw}");
                }
            }
        }
    }

    #[test]
    fn days_are_iso() {
        let mut d = Delimited::new(b',', false);
        d.day(chrono::NaiveDate::from_ymd_opt(987, 3, 4).unwrap());
        assert_eq!(d.line, b"0987-03-04");
    }

    #[test]
    fn quotes_when_needed() {
        assert_eq!(
            line(true, &[Value::Text("a,b"), Value::Text("say \"hi\"")]),
            "\"a,b\",\"say \"\"hi\"\"\"\n"
        );
    }
}
