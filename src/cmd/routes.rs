//! `nkport routes`: list trade and transport routes.
//!
//! Place filters follow the place hierarchy: a route lies in a province when
//! its origin, destination or any via point (a port, a city, a district ...)
//! lies in it.

use super::{Common, contains, list, one_of};
use crate::config::Config;
use crate::model::{Direction, Mode, Record, Role, Route, RouteStatus, Table, columns_with};
use crate::query::Filter;

const PLACES: &[Table] = &[Table::Places, Table::Ports];

/// Filters of `routes`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport routes --province "North Pyongan"
  nkport routes --mode rail --goods steel
  nkport routes --from dandong --to sinuiju"#)]
pub struct Args {
    /// Keep routes touching this province (origin, destination or via).
    #[arg(long, value_name = "P")]
    pub province: Option<String>,
    /// Keep routes touching this place or port, at any level.
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Keep routes starting in this place or port.
    #[arg(long, value_name = "X")]
    pub from: Option<String>,
    /// Keep routes ending in this place or port.
    #[arg(long, value_name = "Y")]
    pub to: Option<String>,
    /// Keep routes passing through this place or port.
    #[arg(long, value_name = "Z")]
    pub via: Option<String>,
    /// Keep routes touching this country (ISO code such as CN, or name).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Keep routes of this mode.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub mode: Vec<Mode>,
    /// Keep routes carrying goods that contain TEXT (e.g. steel).
    #[arg(long, value_name = "G")]
    pub goods: Option<String>,
    /// Keep routes of this status.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub status: Vec<RouteStatus>,
    /// Keep routes of this direction.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub direction: Vec<Direction>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `routes`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    // The origin, destination and via points: the route's place columns.
    let ends = columns_with(Route::COLUMNS, Role::is_place);
    let names: Vec<&str> = ends.iter().map(|&i| Route::COLUMNS[i].name).collect();
    list::<Route>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.province {
            let hit = ctx.province(p)?;
            f.push(Filter::RefIn {
                columns: ends.clone(),
                ids: ctx.scope(&format!("places:{}", hit.id), &[Table::Places])?,
            });
        }
        if let Some(p) = &a.place {
            f.push(ctx.within::<Route>(&names, p, PLACES)?);
        }
        for (cols, q) in [
            (&["origin"], &a.from),
            (&["destination"], &a.to),
            (&["via"], &a.via),
        ] {
            if let Some(q) = q {
                f.push(ctx.within::<Route>(cols, q, PLACES)?);
            }
        }
        if let Some(c) = &a.country {
            f.push(Filter::RefIn {
                columns: ends.clone(),
                ids: ctx.country_scope(c)?,
            });
        }
        if let Some(goods) = &a.goods {
            f.push(contains::<Route>("goods", goods)?);
        }
        f.extend(one_of::<Route, _>("mode", &a.mode)?);
        f.extend(one_of::<Route, _>("status", &a.status)?);
        f.extend(one_of::<Route, _>("direction", &a.direction)?);
        Ok(f)
    })
}
