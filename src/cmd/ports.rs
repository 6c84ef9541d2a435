//! `nkport ports`: list ports of entry.

use super::{Common, is, list, one_of};
use crate::config::Config;
use crate::model::{Port, PortKind, Table};

/// Filters of `ports`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport ports --country KP --kind seaport
  nkport ports --province "North Hamgyong""#)]
pub struct Args {
    /// Keep ports in this country (ISO code such as KP, or name).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Keep ports in this province (name, alias or ISO code such as KP-09).
    #[arg(long, value_name = "P")]
    pub province: Option<String>,
    /// Keep ports in this place (any level: province, city, district).
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Keep ports of this kind.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub kind: Vec<PortKind>,
    /// Keep the port with this name or alias.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `ports`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Port>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(c) = &a.country {
            f.push(crate::query::Filter::IdIn(ctx.country_scope(c)?));
        }
        if let Some(p) = &a.province {
            ctx.province(p)?;
        }
        for p in [&a.province, &a.place].into_iter().flatten() {
            f.push(ctx.within::<Port>(&["place"], p, &[Table::Places])?);
        }
        if let Some(n) = &a.name {
            let hit = ctx.resolve(n, &[Table::Ports])?;
            f.push(is::<Port>("id", [hit.id])?);
        }
        f.extend(one_of::<Port, _>("kind", &a.kind)?);
        Ok(f)
    })
}
