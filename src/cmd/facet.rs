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
//! A big table streams: each row is counted from the raw text of the cells
//! the facet reads, without decoding the row (so its other cells are not
//! type-checked: `check` does that). A cell whose value only decoding can
//! tell (quoted with `""`, padded with spaces, not exactly a vocabulary
//! value) is decoded, and reported if it is wrong.

use super::{Ctx, write_table};
use crate::config::Config;
use crate::dataset::Dataset;
use crate::load::RawRow;
use crate::model::{Kind, PlaceKind, Record, Table, TableFn};
use crate::output::{CellKind, Owned};
use std::collections::{BTreeSet, HashMap};
use std::process::ExitCode;

/// Arguments of `facet`.
#[derive(Debug, clap::Args, Clone)]
#[command(after_help = r#"Examples:
  nkport facet routes province
  nkport facet leases lessee_country
  nkport facet claims property"#)]
pub struct Args {
    /// The table to count (ports, routes, leases, citations ...).
    #[arg(value_parser = parse_table)]
    pub table: Table,
    /// A column, or a derived facet: province, country, source.
    pub field: String,
}

/// Parses a table name, listing the tables when it is not one.
/// Case and a singular are forgiven (`Ports`, `port`); a typo is told the
/// closest table.
pub fn parse_table(s: &str) -> Result<Table, String> {
    crate::names::table_named(s).ok_or_else(|| {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        let word = s.trim().to_lowercase();
        let closest = names
            .iter()
            .filter(|_| word.len() <= crate::names::SIMILAR_MAX)
            .map(|n| (strsim::jaro_winkler(&word, n), *n))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| format!(" (closest: {n})"))
            .unwrap_or_default();
        format!(
            "expected a table ({}), found {}{closest}",
            names.join(", "),
            crate::load::shorten(s)
        )
    })
}

/// Runs `facet`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<ExitCode> {
    let counts = if a.table.dispatch(Streams(&a.field)) {
        let ctx = super::held(Ctx::load(g, Table::referenced())?);
        a.table.dispatch(Stream {
            ctx,
            field: &a.field,
        })?
    } else {
        let mut tables = Table::referenced().to_vec();
        tables.push(a.table);
        if a.field == "source" {
            tables.push(Table::Citations);
        }
        let ctx = super::held(Ctx::load(g, &tables)?);
        a.table.dispatch(Count {
            ds: &ctx.ds,
            field: &a.field,
        })?
    };
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
    write_table(g, "facet", &heads, &rows)?;
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
        Ok(labelled::<T>(ds, self.field, counts))
    }
}

/// The counted values with their labels, most frequent first.
fn labelled<T: Record>(
    ds: &Dataset,
    field: &str,
    counts: HashMap<String, usize>,
) -> Vec<(String, Option<String>, usize)> {
    let column = T::COLUMNS.iter().position(|c| c.name == field);
    let derived = matches!(field, "province" | "country" | "source");
    let labelled = column
        .is_some_and(|c| matches!(T::COLUMNS[c].kind, Kind::Ref(_) | Kind::RefList(_)))
        || field == "source";
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
    out
}

/// How a column's value is read from a raw cell.
#[derive(Debug, Clone, Copy)]
enum Raw {
    /// One value, the cell's text: text, ids, references, codes (a
    /// `String` or `Option<String>` field).
    Text,
    /// One value of a vocabulary.
    Vocab(&'static [&'static str]),
    /// `;`-separated items, trimmed, empty ones dropped (as `List::split`).
    List,
}

impl Raw {
    /// How a column of table `T` with this kind is read raw, if it can be:
    /// numbers and dates are decoded, and so are references that may point
    /// into `T` itself (their labels need `T`'s rows).
    fn of<T: Record>(kind: Kind) -> Option<Raw> {
        match kind {
            Kind::Id | Kind::Text | Kind::Country | Kind::IsoCode => Some(Raw::Text),
            Kind::Ref(t) if !t.contains(&T::TABLE) => Some(Raw::Text),
            Kind::Vocab(values) => Some(Raw::Vocab(values)),
            Kind::List => Some(Raw::List),
            Kind::RefList(t) if !t.contains(&T::TABLE) => Some(Raw::List),
            _ => None,
        }
    }

    /// Adds the values of a raw cell to `out`; `false` when only decoding
    /// the row can tell them (the cell is missing or quoted with `""`, text
    /// is padded with white space, a vocabulary value is not exactly one).
    fn items<'a>(self, cell: Option<&'a str>, out: &mut Vec<&'a str>) -> bool {
        let Some(cell) = cell else {
            return false;
        };
        match self {
            Raw::Text if cell.is_empty() => true,
            Raw::Text if cell.trim().len() != cell.len() => false,
            Raw::Text => {
                out.push(cell);
                true
            }
            Raw::Vocab(values) if values.contains(&cell) => {
                out.push(cell);
                true
            }
            Raw::Vocab(_) => false,
            Raw::List => {
                out.extend(cell.split(';').map(str::trim).filter(|s| !s.is_empty()));
                true
            }
        }
    }
}

/// What a streamed facet reads: columns and how, and for province or
/// country the kind of region.
struct Plan {
    columns: Vec<(usize, Raw)>,
    region: Option<PlaceKind>,
}

impl Plan {
    /// The plan for `field` of table `T`, or `None` when `T` is read whole:
    /// a small reference table, the source facet, or a column whose values
    /// need decoding.
    fn of<T: Record>(field: &str) -> Option<Plan> {
        if Table::referenced().contains(&T::TABLE) {
            return None;
        }
        let region = match field {
            "province" => Some(PlaceKind::Province),
            "country" => Some(PlaceKind::Country),
            _ => None,
        };
        let columns = match region {
            Some(_) => T::COLUMNS
                .iter()
                .enumerate()
                .filter(|(_, c)| match c.kind {
                    Kind::Ref(t) | Kind::RefList(t) => t.iter().any(|t| {
                        matches!(
                            t,
                            Table::Places | Table::Ports | Table::Facilities | Table::Docks
                        )
                    }),
                    _ => false,
                })
                .map(|(i, c)| Some((i, Raw::of::<T>(c.kind)?)))
                .collect::<Option<Vec<_>>>()?,
            None => {
                let i = T::COLUMNS.iter().position(|c| c.name == field)?;
                vec![(i, Raw::of::<T>(T::COLUMNS[i].kind)?)]
            }
        };
        Some(Plan { columns, region })
    }
}

/// Whether `facet` streams table `T` for this field (see [`Plan::of`]).
struct Streams<'a>(&'a str);

impl TableFn for Streams<'_> {
    type Out = bool;
    fn call<T: Record>(self) -> bool {
        Plan::of::<T>(self.0).is_some()
    }
}

/// Counts a big table as it streams, from raw cells (see [`Plan`]).
struct Stream<'a> {
    ctx: &'a Ctx,
    field: &'a str,
}

impl TableFn for Stream<'_> {
    type Out = anyhow::Result<Vec<(String, Option<String>, usize)>>;
    fn call<T: Record>(self) -> Self::Out {
        let ds = &self.ctx.ds;
        let plan = Plan::of::<T>(self.field).expect("run checks that the table streams");
        // Each place-like id's regions, once: what `regions_of` finds.
        let regions: foldhash::HashMap<&str, Vec<&str>> = match plan.region {
            Some(kind) => {
                let ids = (ds.rows::<crate::model::Place>().iter().map(|r| r.id()))
                    .chain(ds.rows::<crate::model::Port>().iter().map(|r| r.id()))
                    .chain(ds.rows::<crate::model::Dock>().iter().map(|r| r.id()))
                    .chain(ds.rows::<crate::model::Facility>().iter().map(|r| r.id()));
                ids.map(|id| {
                    let found = ds
                        .place_of(id)
                        .into_iter()
                        .flat_map(|p| ds.ancestors(p))
                        .filter(|p| p.kind == kind)
                        .map(|p| p.id.as_str())
                        .collect();
                    (id, found)
                })
                .collect()
            }
            None => Default::default(),
        };
        // Counts a row under the values of its items: the items themselves,
        // or for a region facet the regions they lie in; each value once.
        let count = |counts: &mut HashMap<String, usize>, items: Vec<&str>| {
            let mut values: Vec<&str> = match plan.region {
                Some(_) => items
                    .iter()
                    .filter_map(|id| regions.get(id))
                    .flatten()
                    .copied()
                    .collect(),
                None => items,
            };
            values.sort_unstable();
            values.dedup();
            if values.is_empty() {
                values.push("");
            }
            for v in values {
                match counts.get_mut(v) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(v.to_string(), 1);
                    }
                }
            }
        };
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut keep = |raw: &RawRow<'_>| {
            let mut items = Vec::new();
            for &(c, how) in &plan.columns {
                if !how.items(raw.cell(c), &mut items) {
                    return true;
                }
            }
            count(&mut counts, items);
            false
        };
        // Rows whose cells need decoding come back decoded, as do the rows
        // of a JSON table.
        let mut decoded: HashMap<String, usize> = HashMap::new();
        let mut rows = self.ctx.pkg.rows::<T>()?;
        while let Some(row) = rows.next_kept(&mut keep) {
            let row = row?.row;
            let items = plan
                .columns
                .iter()
                .flat_map(|&(c, _)| row.value(c).items())
                .collect();
            count(&mut decoded, items);
        }
        for (v, n) in decoded {
            *counts.entry(v).or_default() += n;
        }
        Ok(labelled::<T>(ds, self.field, counts))
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
