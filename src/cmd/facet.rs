//! `nkport facet TABLE FIELD`: count a table's rows by a field.
//!
//! FIELD is a column (list cells count once per item; reference columns get
//! the names of the rows they point at), or a derived facet that follows
//! references:
//!   province   every province a row's places, ports or facilities lie in
//!              (a route counts once under each province it touches)
//!   country    likewise for countries
//!   source     the sources citing the row
//!
//! Examples:
//!   nkport facet routes province
//!   nkport facet leases lessee_country
//!   nkport facet citations source
//!   nkport facet claims property

use super::{Ctx, REFERENCE_TABLES, write_table};
use crate::config::Config;
use crate::dataset::Dataset;
use crate::model::{Kind, PlaceKind, Record, Table, TableFn};
use crate::output::{CellKind, Owned};
use std::collections::{BTreeSet, HashMap};
use std::process::ExitCode;

/// Arguments of `facet`.
#[derive(Debug, clap::Args, Clone)]
pub struct Args {
    /// The table to count (ports, routes, leases, citations ...).
    #[arg(value_parser = parse_table)]
    pub table: Table,
    /// A column, or a derived facet: province, country, source.
    pub field: String,
}

/// Parses a table name, listing the tables when it is not one.
pub fn parse_table(s: &str) -> Result<Table, String> {
    Table::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        format!("expected a table ({}), found {s:?}", names.join(", "))
    })
}

/// Runs `facet`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<ExitCode> {
    let mut tables = REFERENCE_TABLES.to_vec();
    tables.push(a.table);
    if a.field == "source" {
        tables.push(Table::Citations);
    }
    let ctx = Ctx::load(g, &tables)?;
    let counts = a.table.dispatch(Count {
        ds: &ctx.ds,
        field: &a.field,
    })?;
    let rows: Vec<Vec<Owned>> = counts
        .into_iter()
        .map(|(value, label, n)| {
            vec![
                Owned::text(Some(&value)),
                Owned::text(label.as_deref()),
                Owned::Number(n as f64),
            ]
        })
        .collect();
    let heads = [
        ("value", CellKind::Text),
        ("label", CellKind::Text),
        ("count", CellKind::Integer),
    ];
    write_table(g, &heads, &rows)?;
    Ok(ExitCode::SUCCESS)
}

struct Count<'a> {
    ds: &'a Dataset,
    field: &'a str,
}

impl TableFn for Count<'_> {
    type Out = anyhow::Result<Vec<(String, Option<String>, usize)>>;
    fn call<T: Record>(self) -> Self::Out {
        let ds = self.ds;
        let column = T::COLUMNS.iter().position(|c| c.name == self.field);
        let derived = matches!(self.field, "province" | "country" | "source");
        if column.is_none() && !derived {
            let mut known: Vec<&str> = T::COLUMNS.iter().map(|c| c.name).collect();
            known.extend(["province", "country", "source"]);
            anyhow::bail!(
                "{} has no field `{}`; facets: {}",
                T::TABLE,
                self.field,
                known.join(", ")
            );
        }
        let cited: HashMap<&str, BTreeSet<&str>> = if self.field == "source" {
            let mut m: HashMap<&str, BTreeSet<&str>> = HashMap::new();
            for c in ds.citations.iter().filter(|c| c.record.table() == T::TABLE) {
                m.entry(c.record.id()).or_default().insert(&c.source);
            }
            m
        } else {
            HashMap::new()
        };
        let mut counts: HashMap<String, usize> = HashMap::new();
        for r in ds.rows::<T>() {
            let values: BTreeSet<String> = match (column, self.field) {
                (Some(c), _) => r.value(c).items().into_iter().map(str::to_string).collect(),
                (None, "source") => cited
                    .get(r.id())
                    .into_iter()
                    .flatten()
                    .map(|s| s.to_string())
                    .collect(),
                (None, f) => {
                    let kind = if f == "province" {
                        PlaceKind::Province
                    } else {
                        PlaceKind::Country
                    };
                    regions_of(ds, r, kind)
                }
            };
            let values = if values.is_empty() {
                BTreeSet::from([String::new()])
            } else {
                values
            };
            for v in values {
                *counts.entry(v).or_default() += 1;
            }
        }
        let labelled = column
            .is_some_and(|c| matches!(T::COLUMNS[c].kind, Kind::Ref(_) | Kind::RefList(_)))
            || self.field == "source";
        let mut out: Vec<(String, Option<String>, usize)> = counts
            .into_iter()
            .map(|(v, n)| {
                let label = if v.is_empty() {
                    Some("(none)".to_string())
                } else if labelled {
                    ds.label(&v).map(str::to_string)
                } else if derived {
                    ds.get::<crate::model::Place>(&v).map(|p| p.name.clone())
                } else {
                    None
                };
                (v, label, n)
            })
            .collect();
        out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }
}

/// The provinces (or countries) that a row's place-like references lie in;
/// a place row counts under its own.
fn regions_of<T: Record>(ds: &Dataset, r: &T, kind: PlaceKind) -> BTreeSet<String> {
    let mut ids: Vec<&str> = Vec::new();
    if T::TABLE == Table::Places || T::TABLE == Table::Ports || T::TABLE == Table::Facilities {
        ids.push(r.id());
    }
    for (i, c) in T::COLUMNS.iter().enumerate() {
        if let Kind::Ref(t) | Kind::RefList(t) = c.kind
            && t.iter().any(|t| {
                matches!(
                    t,
                    Table::Places | Table::Ports | Table::Facilities | Table::Docks
                )
            })
        {
            ids.extend(r.value(i).items());
        }
    }
    ids.into_iter()
        .filter_map(|id| ds.place_of(id))
        .flat_map(|p| ds.ancestors(p))
        .filter(|p| p.kind == kind)
        .map(|p| p.id.clone())
        .collect()
}
