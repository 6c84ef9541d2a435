//! `nkport places`: list places.
//!
//! Examples:
//!   nkport places --kind province
//!   nkport places --within chongjin

use super::{Common, is, list, one_of};
use crate::config::Config;
use crate::model::{Place, PlaceKind, Table};
use crate::query::Filter;
use std::sync::Arc;

/// Filters of `places`.
#[derive(Debug, clap::Args, Clone, Default)]
pub struct Args {
    /// Keep places of this kind.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub kind: Vec<PlaceKind>,
    /// Keep places inside P (at any depth; P itself excluded).
    #[arg(long, value_name = "P")]
    pub within: Option<String>,
    /// Keep places of this country (ISO 3166-1 code such as KP, or name such as China).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `places`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Place>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.within {
            let hit = ctx.resolve(p, &[Table::Places])?;
            let mut ids = crate::query::filter::ids_within(&ctx.ds, &hit.id);
            ids.remove(&hit.id);
            f.push(Filter::IdIn(Arc::new(ids)));
        }
        if let Some(c) = &a.country {
            f.push(is::<Place>("country", [ctx.country_code(c)?])?);
        }
        f.extend(one_of::<Place, _>("kind", &a.kind)?);
        Ok(f)
    })
}
