//! `nkport routes`: list trade and transport routes.
//!
//! Place filters follow the place hierarchy: a route lies in a province when
//! its origin, destination or any via point (a port, a city, a district ...)
//! lies in it.
//!
//! `--by province` groups the routes under each province they touch (a
//! route repeated under each), routes touching none under their own
//! heading; CSV, JSON and the other flat formats get a `province` column
//! (the province's id, empty for none) instead of headings.

use super::rows::{Group, write_groups};
use super::{Common, Ctx, contains_known, list, one_of};
use crate::config::Config;
use crate::dataset::Dataset;
use crate::model::{
    Direction, Mode, PlaceKind, Record, Role, Route, RouteStatus, Table, Value, columns_with,
};
use crate::output::Owned;
use crate::query::{Filter, SortKey, View, ViewOptions, select};
use std::collections::{BTreeMap, BTreeSet};

const PLACES: &[Table] = &[Table::Places, Table::Ports];

/// Filters of `routes`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport routes --by province
  nkport routes --province "North Pyongan"
  nkport routes --mode rail --goods steel --from dandong"#)]
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
    /// Group the routes: `province` lists each province with the routes
    /// touching it (a route under every province it touches, routes with no
    /// province last); CSV/JSON get a `province` column instead. --sort and
    /// --limit apply within each province.
    #[arg(long, value_enum, value_name = "FIELD", ignore_case = true)]
    pub by: Option<GroupBy>,
    #[command(flatten)]
    pub common: Common,
}

/// What `routes --by` groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// Every province a route's origin, destination or via points lie in.
    Province,
}


/// Runs `routes`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    match a.by {
        Some(GroupBy::Province) => by_province(g, a),
        None => list::<Route>(g, |ctx| filters(ctx, a)),
    }
}

/// The origin, destination and via points: the route's place columns.
fn ends() -> Vec<usize> {
    columns_with(Route::COLUMNS, Role::is_place)
}

/// The filters the options ask for.
fn filters(ctx: &mut Ctx, a: &Args) -> anyhow::Result<Vec<Filter<Route>>> {
    let ends = ends();
    let names: Vec<&str> = ends.iter().map(|&i| Route::COLUMNS[i].name).collect();
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
        f.push(contains_known::<Route>(ctx, "goods", goods)?);
    }
    f.extend(one_of::<Route, _>("mode", &a.mode)?);
    f.extend(one_of::<Route, _>("status", &a.status)?);
    f.extend(one_of::<Route, _>("direction", &a.direction)?);
    Ok(f)
}

/// The group key's column in flat formats.
const PROVINCE: &str = "province";

/// `routes --by province`: the kept routes under every province they touch.
fn by_province(g: &Config, a: &Args) -> anyhow::Result<()> {
    if g.format == crate::output::Format::Sqlite {
        return Err(crate::config::UsageError(
            "`routes --by province` repeats a route under each province it touches, which a \
             SQLite table keyed by id cannot hold: use --format csv, json or parquet"
                .into(),
        )
        .into());
    }
    let mut ctx = Ctx::load(g, &list::tables_for(g, &[Table::Routes]))?;
    let filters = filters(&mut ctx, a)?;
    // `province` is the group's column, not the table's: the view shows the
    // rest, and where the user put `province` among --columns, there it goes.
    let key_at = g
        .columns
        .as_ref()
        .and_then(|c| c.iter().position(|n| n == PROVINCE))
        .unwrap_or(0);
    let opts = ViewOptions {
        columns: g
            .columns
            .as_ref()
            .map(|c| c.iter().filter(|n| *n != PROVINCE).cloned().collect()),
        labels: g.labels,
        ref_names: list::ref_names(g, g.format),
    };
    // The view's messages list the table's columns; `province` is ours.
    // Still a usage error (exit 2).
    let ours = |e: anyhow::Error| match e.downcast::<crate::config::UsageError>() {
        Ok(u) => crate::config::UsageError(format!("{u}, and {PROVINCE} (with --by province)")).into(),
        Err(e) => anyhow::anyhow!("{e}, and {PROVINCE} (with --by province)"),
    };
    let mut view = View::<Route>::new(&opts, ctx.derive()).map_err(ours)?;
    // Rows are already grouped by province; sorting by it changes nothing.
    let sort: Vec<SortKey> = g
        .sort
        .iter()
        .filter(|k| k.column != PROVINCE)
        .cloned()
        .collect();
    let keys = view.sort_keys(&sort).map_err(ours)?;
    let ds = &ctx.ds;
    // Each kept route: its shown cells, its sort cells, its provinces.
    let mut kept: Vec<(Vec<Owned>, Vec<Owned>)> = Vec::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut none: Vec<usize> = Vec::new();
    for row in ctx.pkg.rows::<Route>()? {
        let row = row?.row;
        if !filters.iter().all(|f| f.matches(&row)) {
            continue;
        }
        let computed = if view.has_computed() {
            view.computed(&row, ds)
        } else {
            Vec::new()
        };
        let shown = view.cells(&row, &computed).iter().map(owned).collect();
        let sorted = keys
            .iter()
            .map(|&(c, _)| owned(&view.cell(c, &row, &computed)))
            .collect();
        let n = kept.len();
        kept.push((shown, sorted));
        let provinces = provinces_of(ds, &row);
        if provinces.is_empty() {
            none.push(n);
        }
        for p in provinces {
            groups.entry(p).or_default().push(n);
        }
    }
    let name = |id: &str| -> String {
        ds.get::<crate::model::Place>(id)
            .map_or(id, |p| p.name.as_str())
            .to_string()
    };
    let mut order: Vec<(String, Option<String>, Vec<usize>)> = groups
        .into_iter()
        .map(|(id, rows)| (name(&id), Some(id), rows))
        .collect();
    order.sort_by_cached_key(|(heading, id, _)| (crate::fold::fold(heading), id.clone()));
    if !none.is_empty() {
        order.push(("No province".to_string(), None, none));
    }
    let sort_keys: Vec<(usize, bool)> = keys
        .iter()
        .enumerate()
        .map(|(k, &(_, desc))| (k, desc))
        .collect();
    let limit = g.limit.unwrap_or(usize::MAX);
    let groups: Vec<Group> = order
        .into_iter()
        .map(|(heading, key, rows)| {
            let sorted =
                select::order(rows.len(), &sort_keys, |r, k| kept[rows[r]].1[k].as_value());
            Group {
                heading,
                key,
                total: rows.len(),
                rows: sorted
                    .into_iter()
                    .take(limit)
                    .map(|r| kept[rows[r]].0.clone())
                    .collect(),
            }
        })
        .collect();
    let table = g.columns.is_none().then_some(Table::Routes);
    write_groups(
        g,
        "routes",
        table,
        (PROVINCE, key_at),
        &view.heads(),
        &groups,
    )
}

/// A cell as an owned value.
fn owned(v: &Value<'_>) -> Owned {
    match v {
        Value::Null => Owned::Null,
        Value::Text(s) => Owned::Text((*s).to_string()),
        Value::Number(n) => Owned::Number(*n),
        Value::List(l) => Owned::List(l.to_vec()),
        Value::Date(d) => Owned::Date((*d).clone()),
    }
}

/// The ids of the provinces a route's origin, destination or via points
/// lie in (as `--province` finds them).
fn provinces_of(ds: &Dataset, r: &Route) -> BTreeSet<String> {
    ends()
        .into_iter()
        .flat_map(|i| {
            r.value(i)
                .items()
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter_map(|id| ds.place_of(&id).map(str::to_string))
        .flat_map(|p| {
            ds.ancestors(&p)
                .into_iter()
                .filter(|a| a.kind == PlaceKind::Province)
                .map(|a| a.id.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}
