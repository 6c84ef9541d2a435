//! The runner every list command (and `export`) shares: load the reference
//! tables, build the command's filters, stream the table through the query
//! into the chosen format and destination.

use super::{Ctx, REFERENCE_TABLES};
use crate::cli::Global;
use crate::model::Record;
use crate::model::{Kind, Table, Vocab};
use crate::output::{self, Format, SinkOptions, Target};
use crate::query::{Filter, Query, View, ViewOptions};
use std::io::IsTerminal;
use std::path::Path;

/// Lists table `T` with the filters `build` makes, as the options say.
pub fn list<T: Record>(
    g: &Global,
    build: impl FnOnce(&mut Ctx) -> anyhow::Result<Vec<Filter<T>>>,
) -> anyhow::Result<()> {
    let mut ctx = Ctx::load(g, &tables_for::<T>(g))?;
    let filters = build(&mut ctx)?;
    write::<T>(
        &ctx,
        filters,
        g.output.as_deref(),
        format(g, g.output.as_deref()),
    )
}

/// Streams table `T` through `filters` into `out` (stdout when `None`).
pub fn write<T: Record>(
    ctx: &Ctx,
    filters: Vec<Filter<T>>,
    out: Option<&Path>,
    format: Format,
) -> anyhow::Result<()> {
    let g = &ctx.global;
    let opts = ViewOptions {
        columns: g.columns.clone(),
        labels: g.labels,
        brief: format == Format::Table,
    };
    let view = View::<T>::new(&opts, ctx.derive())?;
    let query = Query {
        filters,
        sort: g.sort.clone(),
        limit: g.limit,
    };
    let mut target = Target::open(out)?;
    let mut sink = output::sink(
        format,
        SinkOptions {
            raw: g.raw,
            width: terminal_width(),
        },
    );
    let rows = ctx.pkg.rows::<T>()?;
    query.run(
        rows,
        &ctx.ds,
        &view,
        sink.as_mut(),
        &mut target,
        format == Format::Geojson,
    )?;
    target.commit()
}

/// The tables a listing of `T` must hold: the reference tables, and every
/// table when labels must name records of any table.
pub fn tables_for<T: Record>(g: &Global) -> Vec<Table> {
    let any_ref = T::COLUMNS.iter().any(|c| c.kind == Kind::RecordRef);
    if g.labels && any_ref {
        Table::ALL.to_vec()
    } else {
        REFERENCE_TABLES.to_vec()
    }
}

/// The output format: `--format`, else the file's extension, else a table
/// on a terminal and CSV elsewhere.
pub fn format(g: &Global, out: Option<&Path>) -> Format {
    if let Some(f) = g.format {
        return f;
    }
    if let Some(path) = out {
        return Format::from_extension(path).unwrap_or(Format::Csv);
    }
    if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Csv
    }
}

/// The terminal's width in columns ($COLUMNS, else the terminal's, else 100).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
        .unwrap_or(100)
        .max(40)
}

/// Writes computed rows (search hits, facet counts) in the chosen format.
pub fn write_table(
    g: &Global,
    heads: &[&str],
    rows: &[Vec<crate::output::Owned>],
) -> anyhow::Result<()> {
    let heads: Vec<(&str, bool)> = heads.iter().map(|h| (*h, false)).collect();
    write_rows(g, &heads, rows)
}

/// Writes computed rows whose columns are (name, holds dates) in the chosen format.
pub fn write_rows(
    g: &Global,
    heads: &[(&str, bool)],
    rows: &[Vec<crate::output::Owned>],
) -> anyhow::Result<()> {
    let format = format(g, g.output.as_deref());
    let mut target = Target::open(g.output.as_deref())?;
    let mut sink = output::sink(
        format,
        SinkOptions {
            raw: g.raw,
            width: terminal_width(),
        },
    );
    let heads: Vec<output::Head> = heads
        .iter()
        .map(|(name, date)| output::Head {
            name: name.to_string(),
            date: *date,
        })
        .collect();
    sink.header(&mut target, &heads)?;
    let limit = g.limit.unwrap_or(usize::MAX);
    for row in rows.iter().take(limit) {
        let cells: Vec<crate::model::Value<'_>> = row.iter().map(|c| c.as_value()).collect();
        sink.row(&mut target, &cells, None)?;
    }
    sink.finish(&mut target)?;
    target.commit()
}

/// `--conflicts`: the rows of `T` (after `build`'s filters) that disagree
/// with another row about the same thing, side by side, each with its value,
/// date, certainty, sources and quotes, and the group's spread.
pub fn conflicts<T: Record>(
    g: &Global,
    build: impl FnOnce(&mut Ctx) -> anyhow::Result<Vec<Filter<T>>>,
) -> anyhow::Result<()> {
    use crate::output::Owned;
    use crate::query::conflict;
    let mut ctx = Ctx::load(g, &Table::ALL)?;
    let filters = build(&mut ctx)?;
    let ds = &ctx.ds;
    let kept: Vec<T> = T::rows(ds)
        .iter()
        .filter(|r| filters.iter().all(|f| f.matches(*r)))
        .cloned()
        .collect();
    let date_col = T::COLUMNS.iter().position(|c| c.kind == Kind::Date);
    let mut rows = Vec::new();
    let sources = conflict::sources_of::<T>(ds);
    for group in conflict::groups(&kept, Some(&sources)) {
        let values: Vec<String> = group.iter().map(|&i| kept[i].compared()).collect();
        let spread = conflict::spread(&values);
        for &i in &group {
            let r = &kept[i];
            let key = r.conflict_key().unwrap_or_default();
            let cites: Vec<&crate::model::Citation> = ds
                .citations
                .iter()
                .filter(|c| c.record.table() == T::TABLE && c.record.id() == r.id())
                .collect();
            rows.push(vec![
                Owned::Text(
                    key.split('|')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
                Owned::Text(r.id().to_string()),
                Owned::Text(r.compared()),
                date_col.map_or(Owned::Null, |c| match r.value(c) {
                    crate::model::Value::Date(d) => Owned::Date(d.clone()),
                    _ => Owned::Null,
                }),
                Owned::text(r.certainty().map(|c| c.as_str())),
                Owned::List(
                    cites
                        .iter()
                        .map(|c| super::show::source_label(ds, &c.source))
                        .collect(),
                ),
                Owned::List(cites.iter().map(|c| c.quote.clone()).collect()),
                spread.map_or(Owned::Null, |(s, _)| Owned::Number(s)),
                spread
                    .and_then(|(_, p)| p)
                    .map_or(Owned::Null, Owned::Number),
            ]);
        }
    }
    write_table(
        g,
        &[
            "group",
            "id",
            "value",
            "date",
            "certainty",
            "sources",
            "quotes",
            "spread",
            "spread_pct",
        ],
        &rows,
    )
}
