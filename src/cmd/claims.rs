//! `nkport claims`: list claims, the statements that fit no typed column.
//!
//! Examples:
//!   nkport claims --property smuggling_rank
//!   nkport claims --subject chongjin

use super::{Common, conflicts, is, list};
use crate::cli::Global;
use crate::model::Claim;

/// Filters of `claims`.
#[derive(Debug, clap::Args, Clone, Default)]
pub struct Args {
    /// Keep claims about this record (id, table:id, name or alias).
    #[arg(long, value_name = "X")]
    pub subject: Option<String>,
    /// Keep claims of this property (e.g. port_rank, nickname).
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
pub fn run(g: &Global, a: &Args) -> anyhow::Result<()> {
    let build = |ctx: &mut super::Ctx| -> anyhow::Result<Vec<crate::query::Filter<Claim>>> {
        let mut f = a.common.filters(ctx)?;
        if let Some(s) = &a.subject {
            f.push(is::<Claim>("subject", ctx.record_refs(s)?)?);
        }
        if let Some(p) = &a.property {
            f.push(is::<Claim>("property", [p.trim().to_string()])?);
        }
        Ok(f)
    };
    if a.conflicts {
        conflicts::<Claim>(g, build)
    } else {
        list::<Claim>(g, build)
    }
}
