//! The runner every list command (and `export`) shares: load the reference
//! tables, build the command's filters, stream the table through the query
//! into the chosen format and destination.

use super::Ctx;
use crate::config::Config;
use crate::model::Record;
use crate::model::{Kind, Table};
use crate::output::{self, Format, SinkOptions, Target};
use crate::query::{Filter, Query, View, ViewOptions};
use std::path::Path;

/// Lists table `T` with the filters `build` makes, as the options say.
pub fn list<T: Record>(
    g: &Config,
    build: impl FnOnce(&mut Ctx) -> anyhow::Result<Vec<Filter<T>>>,
) -> anyhow::Result<()> {
    let mut ctx = Ctx::load(g, &tables_for(g, &[T::TABLE]))?;
    let filters = build(&mut ctx)?;
    write::<T>(&ctx, filters, g.output.as_deref(), g.format)
}

/// Streams table `T` through `filters` into `out` (stdout when `None`).
pub fn write<T: Record>(
    ctx: &Ctx,
    filters: Vec<Filter<T>>,
    out: Option<&Path>,
    format: Format,
) -> anyhow::Result<()> {
    let g = &ctx.config;
    let (view, query) = plan::<T>(ctx, filters, format)?;
    let mut target = Target::open(out)?;
    target.guard(format);
    // Columns the user listed are kept in the user's order of importance.
    let table = g.columns.is_none().then_some(T::TABLE);
    let mut opts = sink_options(g, table);
    opts.rows_of = Some(T::TABLE);
    let mut sink = output::sink(format, opts);
    let rows = ctx.pkg.rows::<T>()?;
    query.run(
        rows,
        &ctx.ds,
        &view,
        sink.as_mut(),
        &mut target,
        format == Format::Geojson,
    )?;
    target.commit()?;
    if format == Format::Sqlite
        && let Some(path) = out
    {
        let shape = output::sqlite::Shape {
            name: T::TABLE.name().to_string(),
            table: Some(T::TABLE),
            heads: view.heads(),
        };
        super::export::write_metadata(ctx, path, &[shape])?;
    }
    Ok(())
}

/// Writes table `T`, as `export` would, into `sink` (for `export all`
/// into one database).
pub fn stream<T: Record>(
    ctx: &Ctx,
    format: Format,
    sink: &mut dyn output::Sink,
    w: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let (view, query) = plan::<T>(ctx, Vec::new(), format)?;
    query.run(ctx.pkg.rows::<T>()?, &ctx.ds, &view, sink, w, false)?;
    Ok(())
}

/// The view and query of a listing of `T` in `format`.
fn plan<T: Record>(
    ctx: &Ctx,
    filters: Vec<Filter<T>>,
    format: Format,
) -> anyhow::Result<(View<T>, Query<T>)> {
    let g = &ctx.config;
    let opts = ViewOptions {
        columns: g.columns.clone(),
        labels: g.labels,
        // The terminal table leaves out what does not fit, and says so.
        ref_names: ref_names(g, format),
    };
    let mut view = View::<T>::new(&opts, ctx.derive())?;
    let query = Query {
        filters,
        sort: view.sort_keys(&g.sort)?,
        limit: g.limit,
    };
    Ok((view, query))
}

/// The tables a listing of `tables` must hold: the reference tables, and
/// every table when labels must name records of any table. Every command
/// that writes a table's rows (its list command, `export`) loads these.
pub fn tables_for(g: &Config, tables: &[Table]) -> Vec<Table> {
    let any_ref = tables
        .iter()
        .any(|t| t.columns().iter().any(|c| c.kind == Kind::RecordRef));
    if (g.labels || ref_names(g, g.format)) && any_ref {
        Table::ALL.to_vec()
    } else {
        Table::referenced().to_vec()
    }
}
/// Whether reference columns show names instead of ids: in a terminal
/// table, unless `--labels` asks for ids with the names beside them.
pub fn ref_names(g: &Config, format: Format) -> bool {
    !g.labels && format == Format::Table
}

/// How the sinks of `g`'s output write rows of `table` (`None`: computed rows).
pub fn sink_options(g: &Config, table: Option<Table>) -> SinkOptions {
    SinkOptions {
        raw: g.raw,
        width: g.width,
        color: g.color,
        wrap: g.wrap,
        table,
        rows_of: table,
    }
}
