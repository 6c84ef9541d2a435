//! `nkport population`: list population figures, one row per figure and source.

use super::{Common, conflicts, list, one_of};
use crate::config::Config;
use crate::model::{Measure, Population, Table};

/// Filters of `population`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport population --place chongjin
  nkport population --place chongjin --conflicts
  nkport population --measure prisoners --format csv"#)]
pub struct Args {
    /// Keep figures for this place (and the places and facilities in it).
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Keep figures of this measure.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub measure: Vec<Measure>,
    /// Show only rows that disagree with another row about the same thing,
    /// side by side with their sources, quotes and the spread.
    #[arg(long)]
    pub conflicts: bool,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `population`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    let build = |ctx: &mut super::Ctx| -> anyhow::Result<Vec<crate::query::Filter<Population>>> {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.place {
            f.push(ctx.within::<Population>(
                &["place", "facility"],
                p,
                &[Table::Places, Table::Facilities],
            )?);
        }
        f.extend(one_of::<Population, _>("measure", &a.measure)?);
        Ok(f)
    };
    if a.conflicts {
        conflicts::<Population>(g, build)
    } else {
        list::<Population>(g, build)
    }
}
