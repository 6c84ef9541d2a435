//! `nkport events`: list events, policies, plans and periods.

use super::{Common, conflicts, list, one_of};
use crate::config::Config;
use crate::model::{Event, EventKind, Table};

/// Filters of `events`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport events --place chongjin
  nkport events --kind period"#)]
pub struct Args {
    /// Keep events of this kind.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub kind: Vec<EventKind>,
    /// Keep events concerning this place (at any level), port or facility.
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Show only rows that disagree with another row about the same thing,
    /// side by side with their sources, quotes and the spread.
    #[arg(long)]
    pub conflicts: bool,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `events`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    let build = |ctx: &mut super::Ctx| -> anyhow::Result<Vec<crate::query::Filter<Event>>> {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.place {
            f.push(ctx.within::<Event>(
                &["places"],
                p,
                &[Table::Places, Table::Ports, Table::Facilities],
            )?);
        }
        f.extend(one_of::<Event, _>("kind", &a.kind)?);
        Ok(f)
    };
    if a.conflicts {
        conflicts::<Event>(g, build)
    } else {
        list::<Event>(g, build)
    }
}
