//! Columns tables compute from their rows. Most tables compute none; a
//! lease computes its end, how the end is known, the term remaining, and the
//! answers to `--active-on` and `--expiring-before`.

use super::view::{Computed, Derive, DeriveContext};
use crate::model::*;
use crate::output::Owned;
use crate::time;

impl Derive for Source {}
impl Derive for Place {}
impl Derive for Port {}
impl Derive for Dock {}
impl Derive for Facility {}
impl Derive for Route {}
impl Derive for Population {}
impl Derive for Event {}
impl Derive for Claim {}
impl Derive for Citation {}

impl Derive for Lease {
    fn derived(ctx: DeriveContext) -> Vec<Computed<Self>> {
        let as_of = ctx.as_of;
        let mut out = vec![
            Computed {
                name: "end_effective".into(),
                date: true,
                get: Box::new(|l: &Lease, _| {
                    time::lease_end(l).map_or(Owned::Null, |(d, _)| Owned::Date(d))
                }),
            },
            Computed {
                name: "end_basis".into(),
                date: false,
                get: Box::new(|l: &Lease, _| {
                    Owned::text(time::lease_end(l).map(|(_, b)| b.as_str()))
                }),
            },
            Computed {
                name: "remaining".into(),
                date: false,
                get: Box::new(move |l: &Lease, _| {
                    Owned::text(time::remaining(l, as_of).as_deref())
                }),
            },
        ];
        if let Some(day) = ctx.active_on {
            out.push(Computed {
                name: "active_on".into(),
                date: false,
                get: Box::new(move |l: &Lease, _| Owned::Text(time::active_on(l, day).to_string())),
            });
        }
        if let Some(day) = ctx.expiring_before {
            out.push(Computed {
                name: "expiring_before".into(),
                date: false,
                get: Box::new(move |l: &Lease, _| {
                    Owned::Text(time::expires_before(l, day).to_string())
                }),
            });
        }
        out
    }
}
