//! `nkport facilities`: list facilities.

use super::{Common, is, list, one_of};
use crate::config::Config;
use crate::model::{Facility, FacilityKind, FacilityStatus, Table};

/// Filters of `facilities`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport facilities --kind prison
  nkport facilities --place chongjin --kind consulate"#)]
pub struct Args {
    /// Keep facilities of this kind.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub kind: Vec<FacilityKind>,
    /// Keep facilities in this place (at any level).
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Keep facilities belonging to this country (ISO code or name, e.g. a consulate's state: RU, Russia).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Keep facilities of this status.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub status: Vec<FacilityStatus>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `facilities`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Facility>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.place {
            f.push(ctx.within::<Facility>(&["place"], p, &[Table::Places])?);
        }
        if let Some(c) = &a.country {
            f.push(is::<Facility>("country", [ctx.country_code(c)?])?);
        }
        f.extend(one_of::<Facility, _>("kind", &a.kind)?);
        f.extend(one_of::<Facility, _>("status", &a.status)?);
        Ok(f)
    })
}
