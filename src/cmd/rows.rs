//! Writing rows that commands compute rather than read (search hits, facet
//! counts, conflicts, timelines), with the same --columns, --sort, --limit,
//! formats and atomic output as the list commands.

use super::Ctx;
use super::list::sink_options;
use crate::config::Config;
use crate::model::{Kind, Record, Table, Vocab};
use crate::output::{self, CellKind, Owned, Target};
use crate::query::Filter;
use crate::query::select;

/// Writes computed rows (search hits, facet counts, timelines) whose
/// columns are (name, what it holds) in the chosen format; `what` names the
/// rows in messages.
pub fn write_table(
    g: &Config,
    what: &str,
    heads: &[(&str, CellKind)],
    rows: &[Vec<Owned>],
) -> anyhow::Result<()> {
    let mut target = Target::open(g.output.as_deref())?;
    target.guard(g.format);
    let mut sink = output::sink(g.format, sink_options(g, None));
    let names: Vec<&str> = heads.iter().map(|(n, _)| *n).collect();
    let shown: Vec<usize> = match &g.columns {
        Some(asked) => select::columns(what, &names, asked)?,
        None => (0..heads.len()).collect(),
    };
    let keys = select::sort_keys(what, &names, &g.sort)?;
    let order = select::order(rows.len(), &keys, |r, c| rows[r][c].as_value());
    let heads: Vec<output::Head> = shown
        .iter()
        .map(|&i| output::Head::new(heads[i].0, heads[i].1))
        .collect();
    sink.header(&mut target, &heads)?;
    let limit = g.limit.unwrap_or(usize::MAX);
    for row in order.into_iter().take(limit).map(|r| &rows[r]) {
        let cells: Vec<crate::model::Value<'_>> =
            shown.iter().map(|&i| row[i].as_value()).collect();
        sink.row(&mut target, &cells, None)?;
    }
    sink.finish(&mut target)?;
    target.commit()
}

/// Rows in a named group (routes under a province); a row may be in
/// several groups.
pub struct Group {
    /// The heading people read (a province's name).
    pub heading: String,
    /// The key machines read (a province's id); `None` for the group of
    /// rows that have none.
    pub key: Option<String>,
    /// How many rows the group holds before `--limit`.
    pub total: usize,
    /// The rows written, in order, cells in the order of the heads.
    pub rows: Vec<Vec<Owned>>,
}

/// Writes groups of rows whose selection, order and limit are already
/// applied. In a terminal table and in Markdown each group is a table under
/// its heading, naming how many rows it holds; every other format gets one
/// table with a column `key_name` at position `key_at` holding each row's
/// group key (empty for the keyless group), a row repeated in every group
/// it is in. `what` names the rows in headings ("routes"); `table` is the
/// table the rows come from, for ranking columns in a terminal table.
pub fn write_groups(
    g: &Config,
    what: &str,
    table: Option<Table>,
    key: (&str, usize),
    heads: &[output::Head],
    groups: &[Group],
) -> anyhow::Result<()> {
    use crate::output::Format;
    use crate::output::escape::escape;
    use std::io::Write;
    let mut target = Target::open(g.output.as_deref())?;
    target.guard(g.format);
    if !matches!(g.format, Format::Table | Format::Markdown) {
        let (key_name, key_at) = key;
        let at = key_at.min(heads.len());
        let mut all = heads.to_vec();
        all.insert(at, output::Head::new(key_name, CellKind::Reference));
        let mut sink = output::sink(g.format, sink_options(g, None));
        sink.header(&mut target, &all)?;
        for grp in groups {
            let k = Owned::text(grp.key.as_deref());
            for r in &grp.rows {
                let mut cells: Vec<crate::model::Value<'_>> =
                    r.iter().map(Owned::as_value).collect();
                cells.insert(at, k.as_value());
                sink.row(&mut target, &cells, None)?;
            }
        }
        sink.finish(&mut target)?;
        return target.commit();
    }
    if groups.is_empty() {
        writeln!(target, "No {what} match.")?;
    }
    for (n, grp) in groups.iter().enumerate() {
        if n > 0 {
            writeln!(target)?;
        }
        let key = grp
            .key
            .as_deref()
            .map(|k| format!(" ({k})"))
            .unwrap_or_default();
        let shown = if grp.rows.len() < grp.total {
            format!(", the first {} shown", grp.rows.len())
        } else {
            String::new()
        };
        let heading = escape(&grp.heading).replace(['\r', '\n'], " ");
        let noun = if grp.total == 1 {
            what.strip_suffix('s').unwrap_or(what)
        } else {
            what
        };
        let count = format!("{} {noun}{shown}", grp.total);
        match g.format {
            Format::Markdown => writeln!(target, "## {heading}{}\n\n{count}\n", escape(&key))?,
            _ => writeln!(target, "{heading}{}: {count}", escape(&key))?,
        }
        let mut sink = output::sink(g.format, sink_options(g, table));
        sink.header(&mut target, heads)?;
        for r in &grp.rows {
            let cells: Vec<crate::model::Value<'_>> = r.iter().map(Owned::as_value).collect();
            sink.row(&mut target, &cells, None)?;
        }
        sink.finish(&mut target)?;
    }
    target.commit()
}

/// `--conflicts`: the rows of `T` (after `build`'s filters) that disagree
/// with another row about the same thing, side by side, each with its value,
/// date, certainty, sources and quotes, and the group's spread.
pub fn conflicts<T: Record>(
    g: &Config,
    build: impl FnOnce(&mut Ctx) -> anyhow::Result<Vec<Filter<T>>>,
) -> anyhow::Result<()> {
    use crate::query::conflict;
    let mut ctx = Ctx::load(g, &Table::ALL)?;
    let filters = build(&mut ctx)?;
    let ds = &ctx.ds;
    let kept: Vec<T> = ds
        .rows::<T>()
        .iter()
        .filter(|r| filters.iter().all(|f| f.matches(*r)))
        .cloned()
        .collect();
    let date_col = T::COLUMNS.iter().position(|c| c.kind == Kind::Date);
    // A figure's value stays a number (JSON, typed formats; never taken
    // for a formula in CSV).
    let number_col = T::COLUMNS
        .iter()
        .position(|c| c.name == "value" && c.kind == Kind::Number);
    let mut rows = Vec::new();
    let sources = conflict::sources_of::<T>(ds);
    for group in conflict::groups(&kept, Some(&sources)) {
        let values: Vec<String> = group.iter().map(|&i| kept[i].compared()).collect();
        let spread = conflict::spread(&values);
        for &i in &group {
            let r = &kept[i];
            let key = r.conflict_key().unwrap_or_default();
            let [sources, quotes] = evidence(ds, T::TABLE, r.id());
            rows.push(vec![
                Owned::Text(
                    key.split('|')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
                Owned::Text(r.id().to_string()),
                match number_col.map(|c| r.value(c)) {
                    Some(crate::model::Value::Number(n)) => Owned::Number(n),
                    _ => Owned::Text(r.compared()),
                },
                date_col.map_or(Owned::Null, |c| match r.value(c) {
                    crate::model::Value::Date(d) => Owned::Date(d.clone()),
                    _ => Owned::Null,
                }),
                Owned::text(r.certainty().map(|c| c.as_str())),
                sources,
                quotes,
                spread.map_or(Owned::Null, |(s, _)| Owned::Number(s)),
                spread
                    .and_then(|(_, p)| p)
                    .map_or(Owned::Null, Owned::Number),
            ]);
        }
    }
    rows.extend(tensions(ds, &kept));
    // Numbers unless a statement in tension put its summary beside them.
    let value_kind = if number_col.is_some()
        && rows
            .iter()
            .all(|r| matches!(r[2], Owned::Number(_) | Owned::Null))
    {
        CellKind::Number
    } else {
        CellKind::Text
    };
    write_table(
        g,
        "conflicts",
        &[
            ("group", CellKind::Text),
            ("id", CellKind::Reference),
            ("value", value_kind),
            ("date", CellKind::Date),
            ("certainty", CellKind::Text),
            ("sources", CellKind::List),
            ("quotes", CellKind::List),
            ("spread", CellKind::Number),
            ("spread_pct", CellKind::Number),
        ],
        &rows,
    )
}

/// The sources (labelled) and quotes (marked verbatim or summary) of the
/// citations of record `table:id`.
fn evidence(ds: &crate::dataset::Dataset, table: Table, id: &str) -> [Owned; 2] {
    let cites: Vec<&crate::model::Citation> = ds
        .citations
        .iter()
        .filter(|c| c.record.table() == table && c.record.id() == id)
        .collect();
    [
        Owned::List(
            cites
                .iter()
                .map(|c| super::show::source_label(ds, &c.source))
                .collect(),
        ),
        Owned::List(
            cites
                .iter()
                .map(|c| super::show::mark_quote(&c.quote, c.quote_kind.as_str()))
                .collect(),
        ),
    ]
}

/// Statements in tension across different properties or tables (a claim
/// `in_tension_with` another record): for each tie touching a row of
/// `kept` (or, for claims, kept itself), the two records and the tie, each
/// with its value, certainty, sources and quotes.
fn tensions<T: Record>(ds: &crate::dataset::Dataset, kept: &[T]) -> Vec<Vec<Owned>> {
    let ids: std::collections::HashSet<String> = kept
        .iter()
        .map(|r| format!("{}:{}", T::TABLE, r.id()))
        .collect();
    let mut out = Vec::new();
    for tie in ds.claims.iter().filter(|c| c.property == "in_tension_with") {
        let Some(object) = &tie.object else { continue };
        let me = format!("claims:{}", tie.id);
        if !(ids.contains(tie.subject.as_str())
            || ids.contains(object.as_str())
            || ids.contains(&me))
        {
            continue;
        }
        let group = format!("in tension ({})", tie.id);
        for r in [
            &tie.subject,
            object,
            &crate::model::RecordRef::new(Table::Claims, &tie.id),
        ] {
            let (summary, certainty) =
                super::show::summary_of(ds, r.table(), r.id()).unwrap_or_default();
            let [sources, quotes] = evidence(ds, r.table(), r.id());
            out.push(vec![
                Owned::Text(group.clone()),
                Owned::Text(r.as_str().to_string()),
                Owned::Text(summary),
                Owned::Null,
                Owned::text(certainty.as_deref()),
                sources,
                quotes,
                Owned::Null,
                Owned::Null,
            ]);
        }
    }
    out
}
