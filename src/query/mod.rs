//! Queries: filter a table's rows, sort them if asked, and hand the shown
//! cells to an output sink. Rows stream through unless a sort must hold them.

pub mod conflict;
mod derived;
pub mod filter;
pub mod related;
pub mod view;

pub use filter::Filter;
pub use view::{Derive, DeriveContext, SortKey, View, ViewOptions};

use crate::dataset::Dataset;
use crate::load::{DataError, Located};
use crate::model::Record;
use crate::output::Sink;
use std::io::Write;

/// What to keep and in which order.
pub struct Query<T> {
    /// Every filter must match.
    pub filters: Vec<Filter<T>>,
    /// Sort keys, first key first; empty keeps file order (and streams).
    pub sort: Vec<SortKey>,
    /// Keep at most this many rows.
    pub limit: Option<usize>,
}

impl<T: Record> Query<T> {
    /// Whether `row` passes every filter.
    pub fn matches(&self, row: &T) -> bool {
        self.filters.iter().all(|f| f.matches(row))
    }

    /// Runs the query over `rows`, writing the view's cells to `sink`.
    /// Returns how many rows were written.
    pub fn run(
        &self,
        rows: impl Iterator<Item = Result<Located<T>, DataError>>,
        ds: &Dataset,
        view: &View<T>,
        sink: &mut dyn Sink,
        w: &mut dyn Write,
        geometry: bool,
    ) -> anyhow::Result<usize> {
        sink.header(w, &view.heads())?;
        let limit = self.limit.unwrap_or(usize::MAX);
        let mut written = 0;
        let emit = |row: &T, w: &mut dyn Write, sink: &mut dyn Sink| -> anyhow::Result<()> {
            let computed = if view.has_computed() {
                view.computed(row, ds)
            } else {
                Vec::new()
            };
            let geom = if geometry {
                view::geometry(row, ds)
            } else {
                None
            };
            sink.row(w, &view.cells(row, &computed), geom.as_ref())?;
            Ok(())
        };
        if self.sort.is_empty() {
            for row in rows {
                if written >= limit {
                    break;
                }
                let row = row?.row;
                if self.matches(&row) {
                    emit(&row, w, sink)?;
                    written += 1;
                }
            }
        } else {
            let keys: Vec<(usize, bool)> = self
                .sort
                .iter()
                .map(|k| Ok((view.position(&k.column)?, k.desc)))
                .collect::<anyhow::Result<_>>()?;
            let mut held: Vec<(T, Vec<crate::output::Owned>)> = Vec::new();
            for row in rows {
                let row = row?.row;
                if self.matches(&row) {
                    let computed = if view.has_computed() {
                        view.computed(&row, ds)
                    } else {
                        Vec::new()
                    };
                    held.push((row, computed));
                }
            }
            held.sort_by(|(a, ca), (b, cb)| {
                keys.iter()
                    .map(|&(i, desc)| {
                        let o = view::compare(&view.cell(i, a, ca), &view.cell(i, b, cb));
                        if desc { o.reverse() } else { o }
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            for (row, _) in held.iter().take(limit) {
                emit(row, w, sink)?;
                written += 1;
            }
        }
        sink.finish(w)?;
        Ok(written)
    }
}
