//! `nkport leases`: list leases of docks and ports, with their terms.

use super::{Common, contains_known, is, list, one_of};
use crate::config::Config;
use crate::date::Tri;
use crate::model::{Lease, LeaseStatus, Table};
use crate::query::Filter;
use crate::time;
use chrono::NaiveDate;

/// Filters of `leases`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport leases --port chongjin
  nkport leases --lessee-country CN --lessee haihua
  nkport leases --active-on 2041-06-01 --as-of 2030-01-01"#)]
pub struct Args {
    /// Keep leases of this port (or of the ports in this place).
    #[arg(long, value_name = "P")]
    pub port: Option<String>,
    /// Keep leases whose lessee contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub lessee: Option<String>,
    /// Keep leases whose lessee is of this country (ISO code such as CN, or name such as China).
    #[arg(long, value_name = "CC")]
    pub lessee_country: Option<String>,
    /// Keep leases of this status.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub status: Vec<LeaseStatus>,
    /// Keep leases in force on DATE (yes or possibly; a column says which).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub active_on: Option<NaiveDate>,
    /// Keep leases ending before DATE (yes or possibly; a column says which).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub expiring_before: Option<NaiveDate>,
    #[command(flatten)]
    pub common: Common,
}

/// Parses a day given as YYYY-MM-DD, with a message that says so (the
/// parser's own, "premature end of input", does not).
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| {
        format!(
            "expected a day as YYYY-MM-DD (e.g. 2041-06-01), found {}: {e}",
            crate::load::shorten(s)
        )
    })
}

/// Runs `leases`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Lease>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.port {
            f.push(ctx.within::<Lease>(&["port", "docks"], p, &[Table::Ports, Table::Places])?);
        }
        if let Some(t) = &a.lessee {
            f.push(contains_known::<Lease>(ctx, "lessee", t)?);
        }
        if let Some(c) = &a.lessee_country {
            f.push(is::<Lease>("lessee_country", [ctx.country_code(c)?])?);
        }
        f.extend(one_of::<Lease, _>("status", &a.status)?);
        if let Some(day) = a.active_on {
            ctx.questions.active_on = Some(day);
            f.push(Filter::Custom(Box::new(move |l: &Lease| {
                time::active_on(l, day) != Tri::No
            })));
        }
        if let Some(day) = a.expiring_before {
            ctx.questions.expiring_before = Some(day);
            f.push(Filter::Custom(Box::new(move |l: &Lease| {
                time::expires_before(l, day) != Tri::No
            })));
        }
        Ok(f)
    })
}
