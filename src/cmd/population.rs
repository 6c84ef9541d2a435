//! `nkport population`: list population figures, one row per figure and source.
//!
//! Example:
//!   nkport population --place chongjin

use super::{Common, list, one_of};
use crate::cli::Global;
use crate::model::{Measure, Population, Table};

/// Filters of `population`.
#[derive(Debug, clap::Args, Clone, Default)]
pub struct Args {
    /// Keep figures for this place (and the places and facilities in it).
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Keep figures of this measure.
    #[arg(long, value_delimiter = ',', value_enum)]
    pub measure: Vec<Measure>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `population`.
pub fn run(g: &Global, a: &Args) -> anyhow::Result<()> {
    list::<Population>(g, |ctx| {
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
    })
}
