//! The timeline: every dated thing the package tells of (events, lease
//! signings and ends, route periods, population figures, claims) as one list
//! ordered by earliest possible day (an item whose start is unknown stands
//! at the first day its end can be, so `/199X` opens the 1990s instead of
//! the whole list), filterable by place and period. When a
//! source was published is when something was told, not something that
//! happened (least of all at a place): it joins the list only if asked.

use crate::dataset::Dataset;
use crate::date::FuzzyDate;
use crate::model::{Certainty, Kind, Record, Role, Table, TableFn, columns_with};
use chrono::NaiveDate;
use std::collections::HashSet;

/// One dated entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// When.
    pub date: FuzzyDate,
    /// The record's table.
    pub table: Table,
    /// The record's id.
    pub id: String,
    /// What happened.
    pub title: String,
    /// Which date of the record this is (date, signed, end, period, as_of, published).
    pub what: &'static str,
    /// How sure.
    pub certainty: Option<Certainty>,
}

/// Which items to keep.
#[derive(Debug, Clone, Default)]
pub struct Window {
    /// Only items about these ids (a place and what lies in it).
    pub scope: Option<HashSet<String>>,
    /// Only items that may fall on or after this day.
    pub since: Option<NaiveDate>,
    /// Only items that may fall on or before this day.
    pub until: Option<NaiveDate>,
    /// Add when the sources were published (with a scope: the sources that
    /// cite a record in it).
    pub publications: bool,
}

impl Window {
    fn in_period(&self, d: &FuzzyDate) -> bool {
        let after = match (self.since, d.latest()) {
            (Some(s), Some(hi)) => hi >= s,
            _ => true,
        };
        let before = match (self.until, d.earliest()) {
            (Some(u), Some(lo)) => lo <= u,
            _ => true,
        };
        after && before
    }

    fn touches(&self, ids: &[&str]) -> bool {
        match &self.scope {
            None => true,
            Some(s) => ids.iter().any(|id| s.contains(*id)),
        }
    }
}

/// Every dated item in `ds` inside the window, ordered by earliest day: one
/// per filled column of [`Role::Timeline`] of every row, sources' only with
/// [`Window::publications`]. A row is about the ids in its [place
/// columns](Role::is_place); a source, which has none, is in scope when a
/// citation of something in scope names it.
pub fn timeline(ds: &Dataset, w: &Window) -> Vec<Item> {
    struct Dates<'a>(
        &'a Dataset,
        &'a Window,
        &'a Option<HashSet<&'a str>>,
        &'a mut Vec<Item>,
    );
    impl TableFn for Dates<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            let Dates(ds, w, cited, out) = self;
            let dated = columns_with(T::COLUMNS, |r| r == Role::Timeline);
            // A publication is when something was told: only if asked.
            if dated.is_empty() || (T::TABLE == Table::Sources && !w.publications) {
                return;
            }
            let places = columns_with(T::COLUMNS, Role::is_place);
            for r in ds.rows::<T>() {
                let in_scope = if places.is_empty() {
                    cited.as_ref().is_none_or(|set| set.contains(r.id()))
                } else {
                    w.touches(&place_ids(r, &places))
                };
                if !in_scope {
                    continue;
                }
                for &col in &dated {
                    let Some(date) = r.timeline_date(col) else {
                        continue;
                    };
                    if w.in_period(&date) {
                        out.push(Item {
                            date,
                            table: T::TABLE,
                            id: r.id().to_string(),
                            title: r.timeline_title(col),
                            what: T::COLUMNS[col].name,
                            certainty: r.certainty(),
                        });
                    }
                }
            }
        }
    }
    let cited_in_scope: Option<HashSet<&str>> = w.scope.as_ref().map(|s| {
        ds.citations
            .iter()
            .filter(|c| s.contains(c.record.id()) || related_in_scope(ds, c.record.id(), s))
            .map(|c| c.source.as_str())
            .collect()
    });
    let mut out: Vec<Item> = Vec::new();
    for t in Table::ALL {
        t.dispatch(Dates(ds, w, &cited_in_scope, &mut out));
    }
    out.sort_by(|a, b| {
        anchor(&a.date)
            .cmp(&anchor(&b.date))
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// The ids a row's place columns name (the id part of a `table:id`).
/// Where an item stands on the timeline: its earliest possible day, or,
/// when its start is unknown, the first day its end can be.
fn anchor(d: &FuzzyDate) -> Option<NaiveDate> {
    d.earliest().or_else(|| d.earliest_end())
}

fn place_ids<'a, T: Record>(row: &'a T, places: &[usize]) -> Vec<&'a str> {
    let mut ids = Vec::new();
    for &col in places {
        for item in row.value(col).items() {
            ids.push(match T::COLUMNS[col].kind {
                Kind::RecordRef => item.split_once(':').map_or(item, |(_, id)| id),
                _ => item,
            });
        }
    }
    ids
}

/// Whether a record (an event, lease, route ...) concerns an id in scope
/// through one of its place columns.
fn related_in_scope(ds: &Dataset, id: &str, scope: &HashSet<String>) -> bool {
    struct Related<'a>(&'a Dataset, usize, &'a HashSet<String>);
    impl TableFn for Related<'_> {
        type Out = bool;
        fn call<T: Record>(self) -> bool {
            let places = columns_with(T::COLUMNS, Role::is_place);
            self.0
                .rows::<T>()
                .get(self.1)
                .is_some_and(|r| place_ids(r, &places).iter().any(|id| self.2.contains(*id)))
        }
    }
    match ds.locate(id) {
        Some((t, i)) => t.dispatch(Related(ds, i, scope)),
        None => false,
    }
}
