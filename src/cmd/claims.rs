//! `nkport claims`: list claims, the statements that fit no typed column.

use super::{Common, conflicts, is, list};
use crate::config::Config;
use crate::model::Claim;
use crate::names::fold;

/// Filters of `claims`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport claims --subject chongjin
  nkport claims --object "Chongjin SEZ"      (ties to a record: planned_inside ...)
  nkport claims --property in_tension_with   (statements in tension)"#)]
pub struct Args {
    /// Keep claims about this record (id, table:id, name or alias).
    #[arg(long, value_name = "X")]
    pub subject: Option<String>,
    /// Keep claims tying a record to this one (id, table:id, name or alias):
    /// `--object "Chongjin SEZ"` lists what was planned inside or outside it.
    #[arg(long, value_name = "X")]
    pub object: Option<String>,
    /// Keep claims of this property (e.g. port_rank, nickname, planned_inside).
    #[arg(long, value_name = "P")]
    pub property: Option<String>,
    /// Show only rows that disagree with another row about the same thing,
    /// side by side with their sources, quotes and the spread.
    #[arg(long)]
    pub conflicts: bool,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `claims`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    let build = |ctx: &mut super::Ctx| -> anyhow::Result<Vec<crate::query::Filter<Claim>>> {
        let mut f = a.common.filters(ctx)?;
        if let Some(s) = &a.subject {
            f.push(is::<Claim>("subject", ctx.record_refs(s)?)?);
        }
        if let Some(o) = &a.object {
            f.push(is::<Claim>("object", ctx.record_refs(o)?)?);
        }
        if let Some(p) = &a.property {
            f.push(is::<Claim>("property", [property(ctx, p)?])?);
        }
        Ok(f)
    };
    if a.conflicts {
        conflicts::<Claim>(g, build)
    } else {
        list::<Claim>(g, build)
    }
}

/// The property `query` names, matched like names (`port rank` is
/// `port_rank`); an error listing the closest properties when none is.
fn property(ctx: &super::Ctx, query: &str) -> anyhow::Result<String> {
    let mut known: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in ctx.pkg.rows::<Claim>()? {
        let p = c?.row.property;
        if seen.insert(p.clone()) {
            known.push(p);
        }
    }
    let key = fold(query);
    if let Some(p) = known.iter().find(|p| fold(p) == key) {
        return Ok(p.clone());
    }
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|p| {
            let k = fold(p);
            let near = !key.is_empty() && (k.contains(&key) || key.contains(&k));
            // Edit similarity costs length × length: only for short text.
            let similar = if key.len().max(k.len()) <= crate::names::SIMILAR_MAX {
                strsim::jaro_winkler(&key, &k)
            } else {
                0.0
            };
            (similar.max(if near { 0.9 } else { 0.0 }), p)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let closest: Vec<&str> = scored.iter().take(5).map(|(_, p)| p.as_str()).collect();
    anyhow::bail!(
        "no claim property matches {}; closest: {} (`nkport facet claims property` lists them all)",
        crate::load::shorten(query),
        closest.join(", ")
    )
}
