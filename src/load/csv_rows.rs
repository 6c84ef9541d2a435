//! Streaming a CSV table: check the header once, then turn each row into a
//! typed record, with errors located by line and field.

use super::cell::from_cells;
use super::tracker::{Seen, Tracker};
use super::{DataError, Located};
use crate::model::Record;
use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read};
use std::marker::PhantomData;
use std::rc::Rc;

/// The rows of one CSV table, read one at a time.
pub struct CsvRows<T> {
    reader: csv::Reader<BufReader<Tracker<Box<dyn Read>>>>,
    seen: Rc<RefCell<Seen>>,
    display: String,
    /// For each contract column, its position in the file.
    positions: Vec<usize>,
    extra: Vec<String>,
    record: csv::ByteRecord,
    done: bool,
    _row: PhantomData<T>,
}

impl<T: Record> CsvRows<T> {
    /// Opens a CSV table and checks its header against `T`'s columns.
    pub fn open(reader: Box<dyn Read>, display: &str) -> Result<CsvRows<T>, DataError> {
        let whole = |m: String| DataError::at(display, None, None, m);
        let seen = Rc::new(RefCell::new(Seen::default()));
        let mut buf = BufReader::with_capacity(1 << 16, Tracker::new(reader, seen.clone()));
        let head = buf
            .fill_buf()
            .map_err(|e| whole(format!("cannot read: {e}")))?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(whole(
                "the file is UTF-16: expected UTF-8 (save it as \"CSV UTF-8\")".into(),
            ));
        }
        if head.contains(&0) {
            return Err(whole(
                "the file is not text (it contains NUL bytes): expected UTF-8 CSV".into(),
            ));
        }
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            buf.consume(3);
            seen.borrow_mut().skip = 3;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(buf);
        let header = reader
            .byte_headers()
            .map_err(|e| whole(format!("cannot read the header: {e}")))?
            .clone();
        let expected: Vec<&str> = T::COLUMNS.iter().map(|c| c.name).collect();
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Err(DataError::at(
                display,
                Some(1),
                None,
                format!(
                    "the file is empty: expected a header row naming the columns {}",
                    expected.join(",")
                ),
            ));
        }
        let mut names = Vec::with_capacity(header.len());
        for (i, raw) in header.iter().enumerate() {
            let name = std::str::from_utf8(raw).map_err(|_| {
                DataError::at(
                    display,
                    Some(1),
                    None,
                    format!(
                        "header column {} is not valid UTF-8: expected UTF-8 text",
                        i + 1
                    ),
                )
            })?;
            let name = name.trim().to_string();
            if name.chars().any(char::is_control) || name.chars().count() > 200 {
                return Err(DataError::at(
                    display,
                    Some(1),
                    None,
                    format!(
                        "header column {} is not a column name ({}): expected the header row to name the columns {}",
                        i + 1,
                        super::error::shorten(&name),
                        expected.join(",")
                    ),
                ));
            }
            if names.contains(&name) {
                return Err(DataError::at(
                    display,
                    Some(1),
                    Some(&name),
                    "the column appears twice in the header: expected each column once",
                ));
            }
            names.push(name);
        }
        let mut positions = Vec::with_capacity(expected.len());
        let mut missing = Vec::new();
        for col in &expected {
            match names.iter().position(|n| n == col) {
                Some(p) => positions.push(p),
                None => missing.push(*col),
            }
        }
        if !missing.is_empty() {
            let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>();
            let extra: Vec<_> = names
                .iter()
                .filter(|n| !expected.contains(&n.as_str()))
                .map(|n| super::error::shorten(n))
                .collect();
            let found = if extra.is_empty() {
                String::new()
            } else {
                format!("; found unknown column(s) {}", extra.join(", "))
            };
            return Err(DataError::at(
                display,
                Some(1),
                Some(missing[0]),
                format!(
                    "missing column(s) {}: expected the header to name {}{found}",
                    list.join(", "),
                    expected.join(",")
                ),
            ));
        }
        let extra = names
            .iter()
            .filter(|n| !expected.contains(&n.as_str()))
            .cloned()
            .collect();
        Ok(CsvRows {
            reader,
            seen,
            display: display.to_string(),
            positions,
            extra,
            record: csv::ByteRecord::new(),
            done: false,
            _row: PhantomData,
        })
    }

    /// Columns in the file that the table does not define.
    pub fn extra_columns(&self) -> &[String] {
        &self.extra
    }

    fn located(&self, line: u64, field: Option<&str>, message: String) -> DataError {
        DataError::at(&self.display, Some(line), field, message)
    }

    /// The true line a record starting at `pos` begins on.
    fn line_of(&self, pos: Option<&csv::Position>) -> u64 {
        pos.map_or(0, |p| self.seen.borrow_mut().line_at(p.byte()))
    }

    /// At the end of the file with an odd number of quotes, the last record
    /// swallowed the rest of the file: a quote was never closed.
    fn unclosed_quote(&self, line: u64) -> Option<DataError> {
        let seen = self.seen.borrow();
        let at_end = seen.eof && self.reader.position().byte() + seen.skip >= seen.offset;
        if !at_end || seen.quotes.is_multiple_of(2) {
            return None;
        }
        drop(seen);
        let field = T::COLUMNS
            .iter()
            .zip(&self.positions)
            .filter(|(_, p)| **p < self.record.len())
            .max_by_key(|(_, p)| **p)
            .map(|(c, _)| c.name);
        Some(self.located(
            line,
            field,
            "a quoted cell starting on this line is never closed: expected a closing \" (the rest of the file was read into it)".to_string(),
        ))
    }

    fn decode(&self, line: u64) -> Result<Located<T>, DataError> {
        let mut cells = Vec::with_capacity(self.positions.len());
        for (col, &pos) in T::COLUMNS.iter().zip(&self.positions) {
            let bytes = self.record.get(pos).unwrap_or_default();
            let text = std::str::from_utf8(bytes).map_err(|e| {
                self.located(
                    line,
                    Some(col.name),
                    format!(
                        "invalid UTF-8 at byte {} of the cell: expected UTF-8 text",
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            cells.push((col.name, text));
        }
        let row = from_cells::<T>(cells.into_iter())
            .map_err(|e| self.located(line, e.field, e.message))?;
        Ok(Located { row, line })
    }
}

impl<T: Record> Iterator for CsvRows<T> {
    type Item = Result<Located<T>, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = self.line_of(self.record.position());
                if let Some(e) = self.unclosed_quote(line) {
                    self.done = true;
                    return Some(Err(e));
                }
                Some(self.decode(line))
            }
            Err(e) => {
                let line = self.line_of(e.position());
                if let Some(e) = self.unclosed_quote(line) {
                    self.done = true;
                    return Some(Err(e));
                }
                match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => Some(Err(self.located(
                        line,
                        None,
                        format!("expected {expected_len} fields (as in the header), found {len}"),
                    ))),
                    _ => {
                        self.done = true;
                        Some(Err(self.located(line, None, format!("cannot read: {e}"))))
                    }
                }
            }
        }
    }
}
