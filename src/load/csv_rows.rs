//! Streaming a CSV table: check the header once, then turn each row into a
//! typed record, with errors located by line and field.
//!
//! Records are split by the fast lane ([`super::csv_scan`]) while they are plain
//! and well formed; from the first one that is not, the rest of the file is
//! read by the csv crate, whose reading (and line tracking, see
//! [`super::tracker`]) every message is based on. Either way a row is decoded
//! only if the caller's `keep` accepts its raw cells.

use super::cell::from_cells;
use super::csv_scan::{Buffer, Scan, Span, unescape};
use super::tracker::{Seen, Tracker};
use super::{DataError, Located};
use crate::model::Record;
use std::cell::RefCell;
use std::io::{BufReader, Read};
use std::marker::PhantomData;
use std::rc::Rc;

/// The bytes at the start of a file that its first checks look at.
const HEAD: usize = 1 << 16;

/// The rows of one CSV table, read one at a time.
pub struct CsvRows<T> {
    input: Input,
    display: String,
    /// For each contract column, its position in the file.
    positions: Vec<usize>,
    extra: Vec<String>,
    /// The number of fields in the header.
    width: usize,
    record: csv::ByteRecord,
    spans: Vec<Span>,
    scratch: Vec<u8>,
    done: bool,
    _row: PhantomData<T>,
}

/// Where records come from.
enum Input {
    /// The fast lane; `line` is the line the next record starts on.
    Fast { buf: Buffer, line: u64 },
    /// The csv crate, for the rest of the file.
    Slow(Slow),
    /// Only while switching from one to the other.
    Switching,
}

struct Slow {
    reader: csv::Reader<BufReader<Tracker<Box<dyn Read>>>>,
    seen: Rc<RefCell<Seen>>,
}

impl Slow {
    /// The csv crate reading `rest`, which starts on line `line`.
    fn new(rest: Box<dyn Read>, line: u64) -> Slow {
        let seen = Rc::new(RefCell::new(Seen::from_line(line)));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            // Field counts are checked against the header here, not by the
            // crate (which, without headers, would compare with the first
            // record it reads).
            .flexible(true)
            .from_reader(BufReader::with_capacity(
                1 << 16,
                Tracker::new(rest, seen.clone()),
            ));
        Slow { reader, seen }
    }
}

impl<T: Record> CsvRows<T> {
    /// Opens a CSV table and checks its header against `T`'s columns.
    pub fn open(reader: Box<dyn Read>, display: &str) -> Result<CsvRows<T>, DataError> {
        Self::open_with(reader, display, true)
    }

    /// As [`CsvRows::open`]; `fast: false` reads the whole file with the csv
    /// crate (to compare the two lanes).
    pub fn open_with(
        reader: Box<dyn Read>,
        display: &str,
        fast: bool,
    ) -> Result<CsvRows<T>, DataError> {
        let whole = |m: String| DataError::at(display, None, None, m);
        let mut buf = Buffer::new(reader);
        buf.fill().map_err(|e| whole(format!("cannot read: {e}")))?;
        let head = &buf.unread()[..buf.unread().len().min(HEAD)];
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
        }
        let mut header = csv::ByteRecord::new();
        let mut spans = Vec::new();
        let mut scratch = Vec::new();
        let mut input: Input;
        if fast {
            loop {
                match buf.scan(&mut spans) {
                    Scan::More => {
                        buf.fill().map_err(|e| whole(format!("cannot read: {e}")))?;
                    }
                    Scan::Record { len, lines } => {
                        fill_record(&mut header, buf.unread(), &spans, &mut scratch);
                        buf.consume(len);
                        input = Input::Fast {
                            buf,
                            line: 1 + lines,
                        };
                        break;
                    }
                    Scan::Odd | Scan::End => {
                        input = Input::Slow(Slow::new(buf.into_rest(), 1));
                        break;
                    }
                }
            }
        } else {
            input = Input::Slow(Slow::new(buf.into_rest(), 1));
        }
        if let Input::Slow(slow) = &mut input {
            slow.reader
                .read_byte_record(&mut header)
                .map_err(|e| whole(format!("cannot read the header: {e}")))?;
        }
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
        let mut seen = std::collections::HashSet::with_capacity(header.len());
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
            if !seen.insert(name.clone()) {
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
            let unknown = names.iter().filter(|n| !expected.contains(&n.as_str()));
            let count = unknown.clone().count();
            let mut extra: Vec<_> = unknown.take(5).map(|n| super::error::shorten(n)).collect();
            if count > 5 {
                extra.push(format!("and {} more", count - 5));
            }
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
            input,
            display: display.to_string(),
            positions,
            extra,
            width: header.len(),
            record: csv::ByteRecord::new(),
            spans,
            scratch,
            done: false,
            _row: PhantomData,
        })
    }

    /// Columns in the file that the table does not define.
    pub fn extra_columns(&self) -> &[String] {
        &self.extra
    }

    /// The fast lane's buffer and the line its next record starts on,
    /// taken out to read the rest in blocks ([`super::blocks`]), which puts
    /// the lane back with [`CsvRows::resume`]; `None` on the csv crate's lane
    /// or at the end.
    pub(super) fn take_fast(&mut self) -> Option<(Buffer, u64)> {
        if self.done || !matches!(self.input, Input::Fast { .. }) {
            return None;
        }
        match std::mem::replace(&mut self.input, Input::Switching) {
            Input::Fast { buf, line } => Some((buf, line)),
            _ => unreachable!("checked above"),
        }
    }

    /// Goes on reading from `buf`, whose next record starts on `line`.
    pub(super) fn resume(&mut self, buf: Buffer, line: u64) {
        self.input = Input::Fast { buf, line };
    }

    /// Goes on reading `bytes`, then `rest`, from line `line` (`bytes`
    /// starts a record).
    pub(super) fn resume_from(&mut self, bytes: Vec<u8>, rest: Box<dyn Read>, line: u64) {
        let input = Box::new(std::io::Cursor::new(bytes).chain(rest));
        self.resume(Buffer::new(input), line);
    }

    /// Reads no more rows.
    pub(super) fn stop(&mut self) {
        self.done = true;
        self.input = Input::Slow(Slow::new(Box::new(std::io::empty()), 1));
    }

    /// Where each contract column is among the fields, and how many
    /// fields a record has.
    pub(super) fn layout(&self) -> (&[usize], usize) {
        (&self.positions, self.width)
    }

    fn located(&self, line: u64, field: Option<&str>, message: String) -> DataError {
        DataError::at(&self.display, Some(line), field, message)
    }

    /// At the end of the file with an odd number of quotes, the last record
    /// swallowed the rest of the file: a quote was never closed. (Records of
    /// the fast lane hold whole quoted cells, so the count of the part the
    /// csv crate reads has the parity of the whole file's.)
    fn unclosed_quote(&self, slow: &Slow, line: u64) -> Option<DataError> {
        let seen = slow.seen.borrow();
        let at_end = seen.eof && slow.reader.position().byte() + seen.skip >= seen.offset;
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

/// A CSV row before it is decoded: its contract cells as text. Filters look
/// at it to skip rows without the cost of decoding them.
pub struct RawRow<'a> {
    cells: Cells<'a>,
    positions: &'a [usize],
}

enum Cells<'a> {
    Record(&'a csv::ByteRecord),
    Spans(&'a [u8], &'a [Span]),
}

impl<'a> RawRow<'a> {
    /// The row whose fields `spans` marks in `bytes`.
    pub(super) fn from_spans(
        bytes: &'a [u8],
        spans: &'a [Span],
        positions: &'a [usize],
    ) -> RawRow<'a> {
        RawRow {
            cells: Cells::Spans(bytes, spans),
            positions,
        }
    }

    /// The text of contract column `col` (an index into `T::COLUMNS`), or
    /// `None` when it cannot be had cheaply: the cell is missing, not
    /// UTF-8 (decoding will say so) or quoted with `""` in it.
    pub fn cell(&self, col: usize) -> Option<&'a str> {
        std::str::from_utf8(self.bytes(col)?).ok()
    }

    /// The bytes of contract column `col`, on the terms of [`RawRow::cell`]
    /// but not checked to be UTF-8.
    pub fn bytes(&self, col: usize) -> Option<&'a [u8]> {
        let pos = *self.positions.get(col)?;
        let bytes = match self.cells {
            Cells::Record(r) => r.get(pos)?,
            Cells::Spans(bytes, spans) => {
                let s = spans.get(pos)?;
                if s.escaped {
                    return None;
                }
                &bytes[s.start..s.end]
            }
        };
        Some(bytes)
    }

    /// The bytes of contract column `col` as the file holds them inside
    /// its quotes: a quote in the text may still be doubled (`""`). For
    /// tests that ignore quotes, such as folded matching. `None` only when
    /// the cell is missing.
    pub fn quoted_bytes(&self, col: usize) -> Option<&'a [u8]> {
        let pos = *self.positions.get(col)?;
        match self.cells {
            Cells::Record(r) => r.get(pos),
            Cells::Spans(bytes, spans) => spans.get(pos).map(|s| &bytes[s.start..s.end]),
        }
    }
}

impl<T: Record> CsvRows<T> {
    /// The next row that `keep` accepts from its raw cells, decoded. Rows
    /// `keep` rejects are skipped undecoded (so not type-checked); errors
    /// that stop the file being read (field counts, unclosed quotes, I/O)
    /// are reported whatever `keep` says.
    pub fn next_kept(
        &mut self,
        keep: &mut dyn FnMut(&RawRow<'_>) -> bool,
    ) -> Option<Result<Located<T>, DataError>> {
        loop {
            if self.done {
                return None;
            }
            match &mut self.input {
                Input::Fast { buf, line } => match buf.scan(&mut self.spans) {
                    Scan::Record { len, lines } if self.spans.len() == self.width => {
                        let at = *line;
                        *line += lines;
                        let bytes = buf.unread();
                        let raw = RawRow {
                            cells: Cells::Spans(bytes, &self.spans),
                            positions: &self.positions,
                        };
                        if keep(&raw) {
                            // The whole record is checked to be UTF-8 once and
                            // decoded from the buffer; a record that is not
                            // goes cell by cell, to say which cell is wrong.
                            if let Ok(text) = std::str::from_utf8(&bytes[..len]) {
                                let row = decode_text::<T>(text, &self.spans, &self.positions)
                                    .map_err(|e| {
                                        DataError::at(&self.display, Some(at), e.field, e.message)
                                    });
                                buf.consume(len);
                                return Some(row.map(|row| Located { row, line: at }));
                            }
                            fill_record(&mut self.record, bytes, &self.spans, &mut self.scratch);
                            buf.consume(len);
                            return Some(self.decode(at));
                        }
                        buf.consume(len);
                    }
                    Scan::More => {
                        if let Err(e) = buf.fill() {
                            self.done = true;
                            let at = *line;
                            return Some(Err(self.located(at, None, format!("cannot read: {e}"))));
                        }
                    }
                    Scan::End => {
                        self.done = true;
                        return None;
                    }
                    // Odd, or the wrong number of fields: the csv crate reads
                    // the rest and says what is wrong.
                    _ => {
                        let Input::Fast { buf, line } =
                            std::mem::replace(&mut self.input, Input::Switching)
                        else {
                            unreachable!()
                        };
                        self.input = Input::Slow(Slow::new(buf.into_rest(), line));
                    }
                },
                Input::Slow(slow) => {
                    let read = slow.reader.read_byte_record(&mut self.record);
                    let Input::Slow(slow) = &self.input else {
                        unreachable!()
                    };
                    match read {
                        Ok(false) => {
                            self.done = true;
                            return None;
                        }
                        Ok(true) => {
                            // Every record moves the line tracker on, kept or not.
                            let line = line_of(slow, self.record.position());
                            if let Some(e) = self.unclosed_quote(slow, line) {
                                self.done = true;
                                return Some(Err(e));
                            }
                            if self.record.len() != self.width {
                                return Some(Err(self.located(
                                    line,
                                    None,
                                    format!(
                                        "expected {} fields (as in the header), found {}",
                                        self.width,
                                        self.record.len()
                                    ),
                                )));
                            }
                            let raw = RawRow {
                                cells: Cells::Record(&self.record),
                                positions: &self.positions,
                            };
                            if keep(&raw) {
                                return Some(self.decode(line));
                            }
                        }
                        Err(e) => {
                            let line = line_of(slow, e.position());
                            if let Some(e) = self.unclosed_quote(slow, line) {
                                self.done = true;
                                return Some(Err(e));
                            }
                            self.done = true;
                            return Some(Err(self.located(
                                line,
                                None,
                                format!("cannot read: {e}"),
                            )));
                        }
                    }
                }
                Input::Switching => unreachable!("CsvRows is never left switching"),
            }
        }
    }
}

/// The true line a record the csv crate read starting at `pos` begins on.
/// Without a position (a read error), the line being read.
fn line_of(slow: &Slow, pos: Option<&csv::Position>) -> u64 {
    let mut seen = slow.seen.borrow_mut();
    let at = pos.map_or(
        seen.offset.saturating_sub(seen.skip + 1),
        csv::Position::byte,
    );
    seen.line_at(at)
}

/// Decodes a record of the fast lane from its text (valid UTF-8), the
/// fields `spans` mark in it and the contract columns' `positions`.
pub(super) fn decode_text<T: Record>(
    text: &str,
    spans: &[Span],
    positions: &[usize],
) -> Result<T, super::cell::CellError> {
    // Quoted cells holding `""`, unescaped (the others are borrowed).
    let unescaped: Vec<Option<String>> = if spans.iter().any(|s| s.escaped) {
        spans
            .iter()
            .map(|s| {
                s.escaped
                    .then(|| text[s.start..s.end].replace("\"\"", "\""))
            })
            .collect()
    } else {
        Vec::new()
    };
    let cells = T::COLUMNS.iter().zip(positions).map(|(col, &pos)| {
        let cell = match (unescaped.get(pos), spans.get(pos)) {
            (Some(Some(owned)), _) => owned.as_str(),
            // Fields end at ASCII bytes (`,`, `"`, a line end), so these are
            // character boundaries of the valid text.
            (_, Some(s)) => &text[s.start..s.end],
            (_, None) => "",
        };
        (col.name, cell)
    });
    from_cells::<T>(cells)
}

/// Fills `record` with the fields `spans` mark in `bytes`, unescaping `""`.
fn fill_record(record: &mut csv::ByteRecord, bytes: &[u8], spans: &[Span], scratch: &mut Vec<u8>) {
    record.clear();
    for s in spans {
        let text = &bytes[s.start..s.end];
        if s.escaped {
            unescape(text, scratch);
            record.push_field(scratch);
        } else {
            record.push_field(text);
        }
    }
}

impl<T: Record> Iterator for CsvRows<T> {
    type Item = Result<Located<T>, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_kept(&mut |_| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Table, TableFn};
    use std::path::Path;

    /// Every row (or error) of a file, read through one lane, as text.
    struct ReadAll<'a>(&'a [u8], bool);

    /// A reader handing out a few bytes at a time.
    struct Trickle(std::io::Cursor<Vec<u8>>);
    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7);
            self.0.read(&mut buf[..n])
        }
    }
    impl TableFn for ReadAll<'_> {
        type Out = Vec<String>;
        fn call<T: Record>(self) -> Vec<String> {
            let input: Box<dyn Read> = Box::new(Trickle(std::io::Cursor::new(self.0.to_vec())));
            match CsvRows::<T>::open_with(input, "t.csv", self.1) {
                Err(e) => vec![format!("open: {e}")],
                Ok(rows) => {
                    let mut out = vec![format!("extra: {:?}", rows.extra_columns())];
                    out.extend(rows.map(|r| match r {
                        Ok(l) => format!("{}: {:?}", l.line, l.row),
                        Err(e) => format!("error: {e}"),
                    }));
                    out
                }
            }
        }
    }

    fn both_lanes(table: Table, bytes: &[u8], what: &str) {
        let fast = table.dispatch(ReadAll(bytes, true));
        let slow = table.dispatch(ReadAll(bytes, false));
        assert_eq!(fast, slow, "{what}: the fast lane reads differently");
    }

    fn csv_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                csv_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "csv") {
                out.push(p);
            }
        }
    }

    /// The fast lane reads every CSV file of the shipped package and the test
    /// corpus exactly as the csv crate does: same rows, lines and messages.
    /// (The broken cases are patches over a package written at test time;
    /// their oddities are the hand-made records of the next test.)
    #[test]
    fn fast_lane_reads_like_the_csv_crate() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for d in ["tests/broken", "tests/fixtures", "data"] {
            if root.join(d).is_dir() {
                csv_files(&root.join(d), &mut files);
            }
        }
        assert!(files.len() >= Table::ALL.len());
        for f in &files {
            let Some(table) = f
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(Table::from_name)
            else {
                continue;
            };
            let bytes = std::fs::read(f).unwrap();
            both_lanes(table, &bytes, &f.display().to_string());
        }
    }

    /// Hand-made oddities, each also cut short at every byte.
    #[test]
    fn fast_lane_handles_odd_records_like_the_csv_crate() {
        let head = "id,port,label,certainty,notes\n";
        let bodies: [&[u8]; 9] = [
            b"a,p,l,stated,\nb,p,l,stated,\"n, \"\"q\"\"\"\n",
            b"a,p,l,stated,\r\nb,p,l,stated,\r\n",
            b"a,p,l,stated,\n\nb,p,l,stated,x\n",
            b"a,p,l,stated,x\"y\nb,p,l,stated,\n",
            b"a,p,l,stated,\"x\"y\nb,p,l,stated,\n",
            b"a,p,l,stated\nb,p,l,stated,,\nc,p,l,stated,\n",
            b"a,p,l,stated,\"never closed\nb,p,l,stated,\n",
            b"a,p,l,stated,\"multi\nline\"\nb,p,l,sure,\n",
            b"a,p,l,stated,\xff\xfe\nb,p,l,stated,",
        ];
        for body in bodies {
            let bytes = [head.as_bytes(), body].concat();
            let name = String::from_utf8_lossy(body);
            for cut in 0..=bytes.len() {
                both_lanes(
                    Table::Docks,
                    &bytes[..cut],
                    &format!("{name:?} cut at {cut}"),
                );
            }
            let bom = [&[0xEF, 0xBB, 0xBF][..], &bytes].concat();
            both_lanes(Table::Docks, &bom, &format!("{name:?} with BOM"));
        }
    }
}
