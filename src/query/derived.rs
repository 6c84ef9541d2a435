//! Columns tables compute from their rows. Most tables compute none; a
//! lease computes its end, how the end is known, the term remaining, and the
//! answers to `--active-on` and `--expiring-before`.

use super::view::{Computed, DeriveContext};
use crate::model::*;
use crate::row::{CellKind, Owned};
use crate::time;
use std::any::Any;

/// The columns table `T` computes from its rows: a lease's; none elsewhere.
pub fn columns<T: Record>(ctx: DeriveContext) -> Vec<Computed<T>> {
    match T::TABLE {
        Table::Leases => lease_columns(ctx).into_iter().map(for_record).collect(),
        Table::Places if ctx.ties => vec![for_record(place_ties())],
        _ => Vec::new(),
    }
}

/// The properties of a claim that put its subject inside its object
/// (`places --within` follows them).
pub const WITHIN_TIES: [&str; 3] = ["planned_inside", "lies_in", "part_of"];

/// A place's ties of [`WITHIN_TIES`] to other places, each as
/// `property object (certainty)`: `planned_inside chongjin-sez-planned (planned)`.
fn place_ties() -> Computed<Place> {
    Computed {
        name: "within_ties".into(),
        kind: CellKind::List,
        get: Box::new(|p: &Place, ds| {
            let me = format!("places:{}", p.id);
            let ties: Vec<String> = ds
                .claims
                .iter()
                .filter(|c| c.subject.as_str() == me && WITHIN_TIES.contains(&c.property.as_str()))
                .filter_map(|c| {
                    let o = c.object.as_ref()?;
                    Some(format!("{} {} ({})", c.property, o.id(), c.certainty))
                })
                .collect();
            Owned::List(ties)
        }),
    }
}

/// A column of one record type as a column of `T`, which is that type.
fn for_record<R: Record, T: Record>(c: Computed<R>) -> Computed<T> {
    let get = c.get;
    Computed {
        name: c.name,
        kind: c.kind,
        get: Box::new(move |row: &T, ds| {
            (row as &dyn Any)
                .downcast_ref::<R>()
                .map_or(Owned::Null, |r| get(r, ds))
        }),
    }
}

/// A lease's end, how the end is known, the term remaining, and the answers
/// to `--active-on` and `--expiring-before`.
fn lease_columns(ctx: DeriveContext) -> Vec<Computed<Lease>> {
    let as_of = ctx.as_of;
    let mut out = vec![
        Computed {
            name: "end_effective".into(),
            kind: CellKind::Date,
            get: Box::new(|l: &Lease, _| {
                time::lease_end(l).map_or(Owned::Null, |(d, _)| Owned::Date(d))
            }),
        },
        Computed {
            name: "end_basis".into(),
            kind: CellKind::Text,
            get: Box::new(|l: &Lease, _| Owned::text(time::lease_end(l).map(|(_, b)| b.as_str()))),
        },
        Computed {
            name: "remaining".into(),
            kind: CellKind::Text,
            get: Box::new(move |l: &Lease, _| Owned::text(time::remaining(l, as_of).as_deref())),
        },
    ];
    if let Some(day) = ctx.active_on {
        out.push(Computed {
            name: "active_on".into(),
            kind: CellKind::Text,
            get: Box::new(move |l: &Lease, _| Owned::Text(time::active_on(l, day).to_string())),
        });
    }
    if let Some(day) = ctx.expiring_before {
        out.push(Computed {
            name: "expiring_before".into(),
            kind: CellKind::Text,
            get: Box::new(move |l: &Lease, _| {
                Owned::Text(time::expires_before(l, day).to_string())
            }),
        });
    }
    out
}
