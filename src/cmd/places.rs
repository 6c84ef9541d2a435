//! `nkport places`: list places.

use super::{Common, is, list, one_of};
use crate::config::Config;
use crate::model::{Claim, Place, PlaceKind, Table};
use crate::query::Filter;
use crate::query::WITHIN_TIES;
use std::sync::Arc;

/// Filters of `places`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport places --kind province
  nkport places --within chongjin
  nkport places --within "Chongjin SEZ"   (the districts planned inside it)"#)]
pub struct Args {
    /// Keep places of this kind.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub kind: Vec<PlaceKind>,
    /// Keep places inside P (at any depth; P itself excluded), and places a
    /// claim ties inside it (a district `planned_inside` a planned zone): a
    /// column `within_ties` then gives each tie and its certainty.
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
            // Ties count too: a district planned inside a zone lies within
            // it as a plan; a column says which tie, and how sure it is.
            let claims: Vec<Claim> = ctx
                .pkg
                .rows::<Claim>()?
                .map(|c| c.map(|c| c.row))
                .collect::<Result<_, _>>()?;
            let target = format!("places:{}", hit.id);
            let tied: Vec<String> = claims
                .iter()
                .filter(|c| {
                    WITHIN_TIES.contains(&c.property.as_str())
                        && c.object.as_ref().is_some_and(|o| o.as_str() == target)
                        && c.subject.table() == Table::Places
                })
                .map(|c| c.subject.id().to_string())
                .collect();
            if !tied.is_empty() {
                ids.extend(tied);
                ctx.questions.ties = true;
                ctx.ds.claims = claims;
            }
            f.push(Filter::IdIn(Arc::new(ids)));
        }
        if let Some(c) = &a.country {
            f.push(is::<Place>("country", [ctx.country_code(c)?])?);
        }
        f.extend(one_of::<Place, _>("kind", &a.kind)?);
        Ok(f)
    })
}
