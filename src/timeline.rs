//! The timeline: every dated thing in the package (events, lease signings and
//! ends, route periods, population figures, claims, source publications) as
//! one list ordered by earliest possible day, filterable by place and period.

use crate::dataset::Dataset;
use crate::date::FuzzyDate;
use crate::model::{Certainty, Record, Table};
use crate::time::lease_end;
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

/// Every dated item in `ds` inside the window, ordered by earliest day.
pub fn timeline(ds: &Dataset, w: &Window) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut push = |r: &dyn Dated, date: &FuzzyDate, what: &'static str, title: String| {
        if w.in_period(date) {
            out.push(Item {
                date: date.clone(),
                table: r.table(),
                id: r.id_str().to_string(),
                title,
                what,
                certainty: r.cert(),
            });
        }
    };
    for e in ds
        .events
        .iter()
        .filter(|e| w.touches(&e.places.iter().map(String::as_str).collect::<Vec<_>>()))
    {
        if let Some(d) = &e.date {
            push(e, d, "date", e.title.clone());
        }
    }
    for l in ds.leases.iter().filter(|l| {
        let mut ids = vec![l.port.as_str()];
        ids.extend(l.docks.iter().map(String::as_str));
        w.touches(&ids)
    }) {
        let who = l.lessee.as_deref().unwrap_or("unknown lessee");
        if let Some(d) = &l.signed {
            push(
                l,
                d,
                "signed",
                format!("Lease of {} signed with {who}", l.port),
            );
        }
        if let Some(d) = &l.start {
            push(
                l,
                d,
                "start",
                format!("Lease of {} to {who} starts", l.port),
            );
        }
        if let Some((d, basis)) = lease_end(l) {
            push(
                l,
                &d,
                "end",
                format!("Lease of {} to {who} ends ({})", l.port, basis.as_str()),
            );
        }
    }
    for r in ds.routes.iter().filter(|r| {
        let mut ids = vec![r.origin.as_str(), r.destination.as_str()];
        ids.extend(r.via.iter().map(String::as_str));
        w.touches(&ids)
    }) {
        if let Some(d) = &r.period {
            push(
                r,
                d,
                "period",
                format!("{} ({}, {})", r.name, r.mode, r.status),
            );
        }
    }
    for p in ds.population.iter().filter(|p| {
        let mut ids = vec![p.place.as_str()];
        ids.extend(p.facility.as_deref());
        w.touches(&ids)
    }) {
        if let Some(d) = &p.as_of {
            push(p, d, "as_of", format!("{}: {}", p.place, p.summary()));
        }
    }
    for c in ds.claims.iter().filter(|c| w.touches(&[c.subject.id()])) {
        if let Some(d) = &c.as_of {
            push(
                c,
                d,
                "as_of",
                format!("{}: {}", c.subject.id(), c.summary()),
            );
        }
    }
    let cited_in_scope: Option<HashSet<&str>> = w.scope.as_ref().map(|s| {
        ds.citations
            .iter()
            .filter(|c| s.contains(c.record.id()) || related_in_scope(ds, c.record.id(), s))
            .map(|c| c.source.as_str())
            .collect()
    });
    for s in &ds.sources {
        if cited_in_scope
            .as_ref()
            .is_some_and(|set| !set.contains(s.id.as_str()))
        {
            continue;
        }
        if let Some(d) = &s.published {
            let by = s
                .publisher
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            push(s, d, "published", format!("Published: {}{by}", s.title));
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Whether a record (an event, lease, route ...) concerns an id in scope.
fn related_in_scope(ds: &Dataset, id: &str, scope: &HashSet<String>) -> bool {
    match ds.locate(id) {
        Some((Table::Events, i)) => ds.events[i].places.iter().any(|p| scope.contains(p)),
        Some((Table::Leases, i)) => scope.contains(&ds.leases[i].port),
        Some((Table::Routes, i)) => {
            let r = &ds.routes[i];
            scope.contains(&r.origin)
                || scope.contains(&r.destination)
                || r.via.iter().any(|v| scope.contains(v))
        }
        Some((Table::Population, i)) => scope.contains(&ds.population[i].place),
        Some((Table::Claims, i)) => scope.contains(ds.claims[i].subject.id()),
        _ => false,
    }
}

/// What the timeline needs of any record.
trait Dated {
    fn table(&self) -> Table;
    fn id_str(&self) -> &str;
    fn cert(&self) -> Option<Certainty>;
}

impl<T: Record> Dated for T {
    fn table(&self) -> Table {
        T::TABLE
    }
    fn id_str(&self) -> &str {
        self.id()
    }
    fn cert(&self) -> Option<Certainty> {
        self.certainty()
    }
}
