//! Reading one table for `check`: every row is decoded, checked on its own
//! (required cells, control characters, codes, coordinates, the table's
//! rules, its quote) and dropped; what the checks across tables need is
//! kept compactly: ids, certainty, line numbers, the references to resolve
//! once every id is known, and the rows of the few tables read whole later.

use super::quotes::Quotes;
use super::{MAX_PROBLEMS, Problems, QuoteStats};
use crate::dataset::Dataset;
use crate::load::{DataError, Package, is_unsafe, shorten};
use crate::model::*;
use std::any::Any;

/// The tables whose rows the checks of the whole package read after
/// every table is in: sources (quotes), places (cycles), leases (ends).
pub(super) const HELD: [Table; 3] = [Table::Sources, Table::Places, Table::Leases];

/// How many extra columns of one table are noted by name.
const EXTRA_SHOWN: usize = 10;

/// What `check` keeps of one table once it is read.
#[derive(Default)]
pub(super) struct Scan {
    /// Problems of reading (field counts, types, vocabularies, dates).
    pub problems: Problems,
    /// Remarks (extra columns).
    pub notes: Vec<DataError>,
    /// Whether some rows failed to load.
    pub failed: bool,
    /// The file as shown and the line of each row read, once it opened.
    pub located: Option<(String, Vec<u64>)>,
    /// The ids of the rows read, end to end; row `i`'s ends at `ends[i]`.
    ids: String,
    ends: Vec<usize>,
    /// Whether each row states a certainty (a fact, which needs a citation).
    pub certain: Vec<bool>,
    /// Problems of single cells and rows, in row order, then column order
    /// (see [`Slot`]): the first [`MAX_PROBLEMS`], and how many more.
    pub cells: Vec<CellProblem>,
    pub cells_more: usize,
    /// Each reference item of each row, in row and column order.
    pub refs: Vec<PendingRef>,
    refs_text: String,
    /// Quote problems by row: the first [`MAX_PROBLEMS`], how many more.
    pub quotes: Vec<(usize, String)>,
    pub quotes_more: usize,
    /// How the quotes fared.
    pub stats: QuoteStats,
    /// The rows, for a table in [`HELD`].
    pub held: Dataset,
}

/// Where in its row a problem goes: a column's required and control
/// problems at `2 * column`, its kind's (and its references') at
/// `2 * column + 1`, the table's rules after every column.
pub(super) type Slot = usize;

/// A problem of one cell or row.
pub(super) struct CellProblem {
    pub row: usize,
    pub slot: Slot,
    pub field: &'static str,
    pub msg: String,
}

/// One item of a reference cell, resolved once every id is read.
pub(super) struct PendingRef {
    pub row: usize,
    pub col: u16,
    /// The table a `table:id` names; `None` for an id of the column's
    /// tables.
    pub table: Option<Table>,
    /// Whether it is its cell's last item.
    pub last: bool,
    start: usize,
    len: usize,
}

impl Scan {
    /// How many rows were read.
    pub fn rows(&self) -> usize {
        self.ends.len()
    }

    /// The id of row `i`.
    pub fn id(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j]);
        &self.ids[start..self.ends[i]]
    }

    /// The id a reference item names.
    pub fn ref_id(&self, r: &PendingRef) -> &str {
        &self.refs_text[r.start..r.start + r.len]
    }

    fn cell(&mut self, row: usize, slot: Slot, field: &'static str, msg: String) {
        if self.cells.len() < MAX_PROBLEMS {
            self.cells.push(CellProblem {
                row,
                slot,
                field,
                msg,
            });
        } else {
            self.cells_more += 1;
        }
    }

    fn pending(&mut self, row: usize, col: usize, table: Option<Table>, id: &str, last: bool) {
        let start = self.refs_text.len();
        self.refs_text.push_str(id);
        self.refs.push(PendingRef {
            row,
            col: col as u16,
            table,
            last,
            start,
            len: id.len(),
        });
    }

    /// Checks row `i` on its own and keeps what the later checks need.
    fn row<T: Record>(&mut self, r: &T, i: usize, quotes: Option<&Quotes>) {
        self.ids.push_str(r.id());
        self.ends.push(self.ids.len());
        self.certain.push(r.certainty().is_some());
        for (c, col) in T::COLUMNS.iter().enumerate() {
            let v = r.value(c);
            if v.is_empty() {
                if col.required {
                    let msg = "expected a value, found an empty cell".into();
                    self.cell(i, 2 * c, col.name, msg);
                }
                continue;
            }
            if let Some(msg) = control_problem(&v) {
                self.cell(i, 2 * c, col.name, msg);
            }
            match (col.kind, &v) {
                (Kind::Ref(_) | Kind::RefList(_), _) => {
                    let items = v.items();
                    for (k, id) in items.iter().enumerate() {
                        self.pending(i, c, None, id, k + 1 == items.len());
                    }
                }
                (Kind::RecordRef, Value::Text(s)) => {
                    if let Ok(to) = RecordRef::parse(s) {
                        self.pending(i, c, Some(to.table()), to.id(), true);
                    }
                }
                _ => {
                    if let Some(msg) = value_problem(col.kind, &v) {
                        self.cell(i, 2 * c + 1, col.name, msg);
                    }
                }
            }
        }
        for (field, msg) in r.rules() {
            self.cell(i, 2 * T::COLUMNS.len(), field, msg);
        }
        if let Some(quotes) = quotes
            && let Some(c) = (r as &dyn Any).downcast_ref::<Citation>()
            && let Some(msg) = quotes.check(c, &mut self.stats)
        {
            if self.quotes.len() < MAX_PROBLEMS {
                self.quotes.push((i, msg));
            } else {
                self.quotes_more += 1;
            }
        }
    }
}

/// Reads one table (see [`Scan`]); `quotes` (given for citations) checks
/// each citation's quote.
pub(super) struct ScanTable<'a> {
    pub pkg: &'a Package,
    pub quotes: Option<&'a Quotes>,
}

impl TableFn for ScanTable<'_> {
    type Out = Scan;
    fn call<T: Record>(self) -> Scan {
        let mut scan = Scan::default();
        let rows = match self.pkg.rows::<T>() {
            Ok(rows) => rows,
            Err(e) => {
                scan.problems.push(e);
                return scan;
            }
        };
        for extra in rows.extra_columns.iter().take(EXTRA_SHOWN) {
            scan.notes.push(DataError::at(
                &rows.display,
                Some(1),
                Some(extra),
                "extra column, not part of the table's contract: kept in the file, ignored by nkport",
            ));
        }
        if let Some(more) = rows.extra_columns.len().checked_sub(EXTRA_SHOWN + 1) {
            scan.notes.push(DataError::at(
                &rows.display,
                Some(1),
                None,
                format!("and {} more extra columns, also ignored", more + 1),
            ));
        }
        let display = rows.display.clone();
        let keep = HELD.contains(&T::TABLE);
        let mut at = Vec::new();
        let mut held = Vec::new();
        for row in rows {
            match row {
                Ok(r) => {
                    scan.row(&r.row, at.len(), self.quotes);
                    at.push(r.line);
                    if keep {
                        held.push(r.row);
                    }
                }
                Err(e) => {
                    scan.problems.push(e);
                    scan.failed = true;
                }
            }
        }
        scan.held.set_rows(held);
        scan.located = Some((display, at));
        scan
    }
}

/// A text cell holding a control character other than a line break or a
/// tab (or a bidi override, or an invisible format character): the terminal
/// must never receive one, and a curated value has no use for it.
fn control_problem(v: &Value<'_>) -> Option<String> {
    let bad = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t');
    v.items().into_iter().find_map(|item| {
        // Printable ASCII, the bulk of any package, needs no look at its
        // characters one by one.
        let printable = |b: u8| b.wrapping_sub(0x20) < 0x5f;
        if item
            .as_bytes()
            .chunks(32)
            .all(|c| c.iter().fold(true, |ok, &b| ok & printable(b)))
        {
            return None;
        }
        let (at, c) = item.char_indices().find(|&(_, c)| bad(c))?;
        let pos = item[..at].chars().count() + 1;
        Some(format!(
            "expected text without control or invisible format characters, found U+{:04X} at character {pos} of {}",
            c as u32,
            shorten(item)
        ))
    })
}

/// Checks one non-empty cell that is not a reference against its column
/// kind.
fn value_problem(kind: Kind, v: &Value<'_>) -> Option<String> {
    let text = || v.to_text();
    match (kind, v) {
        (Kind::Country, _) => {
            let text = text();
            (!(text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()))).then(|| {
                format!(
                    "expected an ISO 3166-1 alpha-2 country code such as KP or CN, found {}",
                    shorten(&text)
                )
            })
        }
        (Kind::IsoCode, _) => {
            let text = text();
            let ok = text.split_once('-').is_some_and(|(c, s)| {
                c.len() == 2
                    && c.bytes().all(|b| b.is_ascii_uppercase())
                    && (1..=3).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            });
            (!ok).then(|| {
                format!(
                    "expected an ISO 3166-2 code such as KP-09, found {}",
                    shorten(&text)
                )
            })
        }
        (Kind::Lat, Value::Number(n)) => (!(-90.0..=90.0).contains(n))
            .then(|| format!("expected a latitude from -90 to 90, found {}", text())),
        (Kind::Lon, Value::Number(n)) => (!(-180.0..=180.0).contains(n))
            .then(|| format!("expected a longitude from -180 to 180, found {}", text())),
        _ => None,
    }
}
