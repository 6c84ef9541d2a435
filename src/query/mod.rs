//! Queries: filter a table's rows, sort them if asked, and hand the shown
//! cells to an output sink. Rows stream through unless a sort must hold them.

pub mod conflict;
mod derived;
pub mod filter;
pub mod raw;
pub mod related;
pub mod select;
pub mod view;

pub use derived::WITHIN_TIES;
pub use filter::Filter;
pub use view::{DeriveContext, SortKey, View, ViewOptions};

use crate::dataset::Dataset;
use crate::load::{BlockWork, Located, RawRow, Rows};
use crate::model::Record;
use crate::row::{Owned, Sink};
use std::io::Write;

/// What to keep and in which order.
pub struct Query<T> {
    /// Every filter must match.
    pub filters: Vec<Filter<T>>,
    /// Sort keys as (column of the view, descending), first key first
    /// (see [`View::sort_keys`]); empty keeps file order (and streams).
    pub sort: Vec<(usize, bool)>,
    /// Keep at most this many rows.
    pub limit: Option<usize>,
}

impl<T: Record> Query<T> {
    /// Whether `row` passes every filter.
    pub fn matches(&self, row: &T) -> bool {
        self.filters.iter().all(|f| f.matches(row))
    }

    /// Whether a CSV row may pass every filter, from its raw cells (see
    /// [`Filter::matches_raw`]): rows this rejects are never decoded.
    pub fn may_match(&self, raw: &RawRow<'_>) -> bool {
        self.filters
            .iter()
            .all(|f| f.matches_raw(raw) != Some(false))
    }

    /// Runs the query over `rows`, writing the view's cells to `sink`.
    /// Returns how many rows were written.
    ///
    /// Rows stream: each is tested on its raw cells first and decoded only
    /// if it may pass, then tested again decoded; so the rows written are
    /// exactly those [`Query::matches`] keeps, every one fully decoded and
    /// validated, while rows filtered out cost little (and are not
    /// type-checked: `check` is what validates every row).
    ///
    /// When the sink writes rows apart ([`Sink::fork`]), a big CSV table is
    /// read, filtered and written in blocks on several cores
    /// ([`Rows::in_blocks`]), the blocks copied out in file order: the same
    /// bytes, errors and early stop at `limit` as row by row.
    pub fn run(
        &self,
        mut rows: Rows<T>,
        ds: &Dataset,
        view: &View<T>,
        sink: &mut dyn Sink,
        w: &mut dyn Write,
        geometry: bool,
    ) -> anyhow::Result<usize> {
        sink.header(w, &view.heads())?;
        let limit = self.limit.unwrap_or(usize::MAX);
        let mut written = 0;
        let computed = |row: &T| computed(view, row, ds);
        let emit_with = |row: &T, computed: &[Owned], w: &mut dyn Write, sink: &mut dyn Sink| {
            write_row(sink, w, view, row, computed, ds, geometry)
        };
        let mut keep = |raw: &RawRow<'_>| self.may_match(raw);
        // Big CSV tables, when the sink writes rows apart: blocks of rows
        // written on several cores, copied out in file order.
        let each = |part: &mut Part, row: Located<T>| {
            part.write(&row.row, self, view, ds, geometry);
        };
        if self.sort.is_empty() {
            if limit > 0
                && let Some(apart) = Apart::new(&*sink)
            {
                rows.in_blocks(BlockWork {
                    start: &mut || apart.part(),
                    keep: &|raw: &RawRow<'_>| self.may_match(raw),
                    each: &each,
                    take: &mut |part: Part| -> anyhow::Result<bool> {
                        let n = part.ends.len().min(limit - written);
                        let upto = n.checked_sub(1).map_or(0, |last| part.ends[last]);
                        w.write_all(&part.bytes[..upto])?;
                        written += n;
                        // The row that failed comes after those written.
                        if let Some(e) = part.failed
                            && written < limit
                        {
                            return Err(e.into());
                        }
                        apart.recycle(part.bytes);
                        Ok(written < limit)
                    },
                })?;
            }
            while written < limit {
                let Some(row) = rows.next_kept(&mut keep) else {
                    break;
                };
                let row = row?.row;
                if self.matches(&row) {
                    emit_with(&row, &computed(&row), w, sink)?;
                    written += 1;
                }
            }
        } else if sink.rows_apart() {
            // Each kept row is written once, into memory, and its sort keys
            // taken; the written rows are then copied out in order. No
            // decoded row is held.
            let mut keys = select::Keys::new(self.sort.len());
            let mut bytes: Vec<u8> = Vec::new();
            let mut ends: Vec<usize> = vec![0];
            if let Some(apart) = Apart::new(&*sink) {
                let width = self.sort.len();
                rows.in_blocks(BlockWork {
                    start: &mut || {
                        let mut part = apart.part();
                        part.keys = Some(select::Keys::new(width));
                        part
                    },
                    keep: &|raw: &RawRow<'_>| self.may_match(raw),
                    each: &each,
                    take: &mut |part: Part| -> anyhow::Result<bool> {
                        if let Some(e) = part.failed {
                            return Err(e.into());
                        }
                        let base = bytes.len();
                        bytes.extend_from_slice(&part.bytes);
                        ends.extend(part.ends.iter().map(|e| base + e));
                        if let Some(k) = part.keys {
                            keys.append(k);
                        }
                        apart.recycle(part.bytes);
                        Ok(true)
                    },
                })?;
            }
            while let Some(row) = rows.next_kept(&mut keep) {
                let row = row?.row;
                if self.matches(&row) {
                    let computed = computed(&row);
                    keys.push(self.sort_cells(view, &row, &computed));
                    emit_with(&row, &computed, &mut bytes, sink)?;
                    ends.push(bytes.len());
                }
            }
            for p in keys.order(&self.sort).into_iter().take(limit) {
                w.write_all(&bytes[ends[p]..ends[p + 1]])?;
                written += 1;
            }
        } else {
            let mut held: Vec<(T, Vec<Owned>)> = Vec::new();
            while let Some(row) = rows.next_kept(&mut keep) {
                let row = row?.row;
                if self.matches(&row) {
                    let computed = computed(&row);
                    held.push((row, computed));
                }
            }
            let order = select::order(held.len(), &self.sort, |r, c| {
                view.cell(c, &held[r].0, &held[r].1)
            });
            for (row, computed) in order.iter().map(|&p| &held[p]).take(limit) {
                emit_with(row, computed, w, sink)?;
                written += 1;
            }
        }
        sink.finish(w)?;
        Ok(written)
    }
}

impl<T: Record> Query<T> {
    /// The cells `row` is sorted by, in order of the sort keys.
    fn sort_cells<'a>(
        &'a self,
        view: &'a View<T>,
        row: &'a T,
        computed: &'a [Owned],
    ) -> impl Iterator<Item = crate::model::Value<'a>> + 'a {
        self.sort
            .iter()
            .map(move |&(c, _)| view.cell(c, row, computed))
    }
}

/// The computed cells of `row` (none when the view computes none).
fn computed<T: Record>(view: &View<T>, row: &T, ds: &Dataset) -> Vec<Owned> {
    if view.has_computed() {
        view.computed(row, ds)
    } else {
        Vec::new()
    }
}

/// Writes `row` through `sink`: its cells, and its geometry when asked.
fn write_row<T: Record>(
    sink: &mut dyn Sink,
    w: &mut dyn Write,
    view: &View<T>,
    row: &T,
    computed: &[Owned],
    ds: &Dataset,
    geometry: bool,
) -> std::io::Result<()> {
    let geom = if geometry {
        view::geometry(row, ds)
    } else {
        None
    };
    sink.row(w, &view.cells(row, computed), geom.as_ref())
}

/// Writing rows apart, on other threads, with forks of one sink.
struct Apart<'a> {
    sink: &'a dyn Sink,
    /// Buffers of blocks already copied out, for the next ones.
    spare: std::cell::RefCell<Vec<Vec<u8>>>,
}

impl<'a> Apart<'a> {
    /// `None` when `sink` cannot write rows apart.
    fn new(sink: &'a dyn Sink) -> Option<Apart<'a>> {
        sink.fork()?;
        Some(Apart {
            sink,
            spare: Default::default(),
        })
    }

    /// A fresh part, for one block.
    fn part(&self) -> Part {
        Part {
            sink: self.sink.fork(),
            bytes: self.spare.borrow_mut().pop().unwrap_or_default(),
            ends: Vec::new(),
            keys: None,
            failed: None,
        }
    }

    /// A part's buffer, written out and free again.
    fn recycle(&self, mut bytes: Vec<u8>) {
        bytes.clear();
        self.spare.borrow_mut().push(bytes);
    }
}

/// The rows of one block, written apart.
struct Part {
    sink: Option<Box<dyn Sink + Send>>,
    /// The rows as written, one after the other.
    bytes: Vec<u8>,
    /// Where each row ends in `bytes`.
    ends: Vec<usize>,
    /// Their sort keys, when sorting.
    keys: Option<select::Keys>,
    /// Writing a row failed: no row is written after it.
    failed: Option<std::io::Error>,
}

impl Part {
    /// Writes `row` if it passes `query`'s filters, as [`Query::run`] does.
    fn write<T: Record>(
        &mut self,
        row: &T,
        query: &Query<T>,
        view: &View<T>,
        ds: &Dataset,
        geometry: bool,
    ) {
        if self.failed.is_some() || !query.matches(row) {
            return;
        }
        let Some(sink) = &mut self.sink else {
            return;
        };
        let computed = computed(view, row, ds);
        match write_row(
            &mut **sink,
            &mut self.bytes,
            view,
            row,
            &computed,
            ds,
            geometry,
        ) {
            Ok(()) => {
                self.ends.push(self.bytes.len());
                if let Some(keys) = &mut self.keys {
                    keys.push(query.sort_cells(view, row, &computed));
                }
            }
            Err(e) => self.failed = Some(e),
        }
    }
}
