//! `nkport show NAME`: everything about one record on one screen: its
//! fields, where it lies, its sources with their quotes, its claims, and
//! every row that points at it or at anything inside it.
//!
//! NAME is an id, `table:id`, a name or an alias. A name shared by records
//! of different tables shows the place (then port, facility ...) and lists
//! the others under "see also"; several matches within one table are an
//! error that lists them.
//!
//! Examples:
//!   nkport show chongjin
//!   nkport show ports:chongjin-port
//!   nkport show "North Pyongan" --format json

use super::Ctx;
use crate::dataset::Dataset;
use crate::model::{Record, Table, TableFn};
use crate::names::Hit;
use crate::output::escape::escape;
use crate::output::{Format, human};
use crate::query::filter::scope_of;
use crate::query::related::{Pointer, pointing_at};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `show`.
#[derive(Debug, clap::Args, Clone)]
pub struct Args {
    /// The record: an id, table:id, a name or an alias.
    pub name: String,
}

/// Which table wins when a name is shared: places first, as DESIGN.md says.
const PREFERENCE: [Table; 11] = [
    Table::Places,
    Table::Ports,
    Table::Facilities,
    Table::Docks,
    Table::Leases,
    Table::Routes,
    Table::Events,
    Table::Sources,
    Table::Population,
    Table::Claims,
    Table::Citations,
];

/// Everything `show` prints about one record.
#[derive(Debug, serde::Serialize)]
pub struct Shown {
    /// `table:id`.
    pub record: String,
    /// The record's label.
    pub label: String,
    /// Its non-empty fields, as text.
    pub fields: Vec<(String, String)>,
    /// The places it lies in, nearest first.
    pub lies_in: Vec<String>,
    /// Its citations: source label, quote, note.
    pub citations: Vec<ShownCitation>,
    /// Rows pointing at it (or at what lies in it), by table.
    pub related: BTreeMap<String, Vec<ShownRow>>,
    /// Records of other tables with the same name.
    pub see_also: Vec<String>,
}

/// A citation as `show` prints it.
#[derive(Debug, serde::Serialize)]
pub struct ShownCitation {
    /// The citation's id.
    pub id: String,
    /// The source's id.
    pub source: String,
    /// The source's title, publisher and date.
    pub source_label: String,
    /// The quote.
    pub quote: String,
    /// `verbatim` (the source's words) or `summary` (another's wording).
    pub quote_kind: String,
    /// The curator's note.
    pub note: Option<String>,
}

/// A related row as `show` prints it.
#[derive(Debug, serde::Serialize)]
pub struct ShownRow {
    /// The row's id.
    pub id: String,
    /// Its summary.
    pub summary: String,
    /// Its certainty.
    pub certainty: Option<String>,
    /// The column through which it points here.
    pub via: String,
    /// The id it points at.
    pub target: String,
    /// Rows giving a different value for the same thing.
    pub disagrees_with: Vec<String>,
}

/// Runs `show`.
pub fn run(ctx: &Ctx, a: &Args) -> anyhow::Result<ExitCode> {
    let hit = ctx.names().resolve(&a.name, &PREFERENCE)?.clone();
    let see_also: Vec<String> = ctx
        .names()
        .lookup(&a.name)
        .into_iter()
        .filter(|h| h.table != hit.table)
        .map(|h| h.to_string())
        .collect();
    let shown = build(&ctx.ds, &hit, see_also);
    let mut out = crate::output::Target::open(ctx.config.output.as_deref())?;
    match ctx.config.format_given.then_some(ctx.config.format) {
        Some(f @ (Format::Json | Format::Jsonl)) => {
            out.guard(f);
            serde_json::to_writer_pretty(&mut out, &shown)?;
            writeln!(out)?;
        }
        _ => render(&mut out, &for_terminal(shown))?,
    }
    out.commit()?;
    Ok(ExitCode::SUCCESS)
}

/// Gathers what `show` prints about `hit`.
pub fn build(ds: &Dataset, hit: &Hit, see_also: Vec<String>) -> Shown {
    let record = format!("{}:{}", hit.table, hit.id);
    let index = ds.locate(&hit.id).map_or(0, |(_, i)| i);
    let fields = hit.table.dispatch(Fields(ds, index));
    let lies_in = ds
        .place_of(&hit.id)
        .map(|p| {
            ds.ancestors(p)
                .into_iter()
                .filter(|a| a.id != hit.id)
                .map(|a| format!("{} ({})", a.name, a.kind))
                .collect()
        })
        .unwrap_or_default();
    let citations = ds
        .citations
        .iter()
        .filter(|c| c.record.as_str() == record)
        .map(|c| ShownCitation {
            id: c.id.clone(),
            source: c.source.clone(),
            source_label: source_label(ds, &c.source),
            quote: c.quote.clone(),
            quote_kind: c.quote_kind.to_string(),
            note: c.note.clone(),
        })
        .collect();
    let scope: HashSet<String> = scope_of(ds, hit.table, &hit.id);
    let skip = HashSet::from([Table::Citations]);
    let disagree = crate::query::conflict::disagreements(ds);
    let mut related: BTreeMap<String, Vec<ShownRow>> = BTreeMap::new();
    for p in pointing_at(ds, &scope, &skip) {
        if p.id == hit.id {
            continue;
        }
        let (summary, certainty) = p.table.dispatch(Summary(ds, p.index));
        let disagrees_with = disagree.get(&p.id).cloned().unwrap_or_default();
        let Pointer {
            table,
            id,
            via,
            target,
            ..
        } = p;
        related
            .entry(table.name().to_string())
            .or_default()
            .push(ShownRow {
                id,
                summary,
                certainty,
                via: via.to_string(),
                disagrees_with,
                target,
            });
    }
    Shown {
        record,
        label: hit.label.clone(),
        fields,
        lies_in,
        citations,
        related,
        see_also,
    }
}

/// "Title (Publisher, date)" of a source.
pub fn source_label(ds: &Dataset, id: &str) -> String {
    match ds.get::<crate::model::Source>(id) {
        Some(s) => {
            let mut extra = Vec::new();
            if let Some(p) = &s.publisher {
                extra.push(p.clone());
            }
            if let Some(d) = &s.published {
                extra.push(d.human());
            }
            if extra.is_empty() {
                s.title.clone()
            } else {
                format!("{} ({})", s.title, extra.join(", "))
            }
        }
        None => id.to_string(),
    }
}

struct Fields<'a>(&'a Dataset, usize);
impl TableFn for Fields<'_> {
    type Out = Vec<(String, String)>;
    fn call<T: Record>(self) -> Self::Out {
        let Some(r) = self.0.rows::<T>().get(self.1) else {
            return Vec::new();
        };
        T::COLUMNS
            .iter()
            .enumerate()
            .filter(|(i, c)| c.name != "id" && !r.value(*i).is_empty())
            .map(|(i, c)| (c.name.to_string(), human(&r.value(i))))
            .collect()
    }
}

struct Summary<'a>(&'a Dataset, usize);
impl TableFn for Summary<'_> {
    type Out = (String, Option<String>);
    fn call<T: Record>(self) -> Self::Out {
        match self.0.rows::<T>().get(self.1) {
            Some(r) => (r.summary(), r.certainty().map(|c| c.to_string())),
            None => (String::new(), None),
        }
    }
}

/// `s` with every text [`escape`]d, for writing to people.
fn for_terminal(s: Shown) -> Shown {
    let e = |t: String| escape(&t).into_owned();
    let es = |v: Vec<String>| v.into_iter().map(e).collect::<Vec<_>>();
    Shown {
        record: e(s.record),
        label: e(s.label),
        fields: s.fields.into_iter().map(|(k, v)| (e(k), e(v))).collect(),
        lies_in: es(s.lies_in),
        citations: s
            .citations
            .into_iter()
            .map(|c| ShownCitation {
                id: e(c.id),
                source: e(c.source),
                source_label: e(c.source_label),
                quote: e(c.quote.split_whitespace().collect::<Vec<_>>().join(" ")),
                quote_kind: e(c.quote_kind),
                note: c.note.map(e),
            })
            .collect(),
        related: s
            .related
            .into_iter()
            .map(|(t, rows)| {
                let rows = rows
                    .into_iter()
                    .map(|r| ShownRow {
                        id: e(r.id),
                        summary: e(r.summary),
                        certainty: r.certainty.map(e),
                        via: e(r.via),
                        target: e(r.target),
                        disagrees_with: es(r.disagrees_with),
                    })
                    .collect();
                (e(t), rows)
            })
            .collect(),
        see_also: es(s.see_also),
    }
}

fn render(w: &mut dyn Write, s: &Shown) -> std::io::Result<()> {
    writeln!(w, "{}  [{}]", s.label, s.record)?;
    let width = s.fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in &s.fields {
        writeln!(w, "  {k:<width$}  {v}")?;
    }
    if !s.lies_in.is_empty() {
        writeln!(w, "  {:<width$}  {}", "lies in", s.lies_in.join(" › "))?;
    }
    writeln!(w)?;
    writeln!(w, "Sources ({}):", s.citations.len())?;
    for c in &s.citations {
        writeln!(
            w,
            "  {}",
            mark_quote(
                &c.quote.split_whitespace().collect::<Vec<_>>().join(" "),
                &c.quote_kind
            )
        )?;
        write!(w, "      — {}  [{}]", c.source_label, c.id)?;
        if let Some(n) = &c.note {
            write!(w, "  note: {n}")?;
        }
        writeln!(w)?;
    }
    for (table, rows) in &s.related {
        writeln!(w)?;
        writeln!(w, "{table} ({}):", rows.len())?;
        for r in rows {
            let cert = r
                .certainty
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let via = if s.record.ends_with(&format!(":{}", r.target)) {
                r.via.to_string()
            } else {
                format!("{} → {}", r.via, r.target)
            };
            writeln!(w, "  {:<28} {}{cert}  ({via})", r.id, r.summary)?;
            if !r.disagrees_with.is_empty() {
                writeln!(
                    w,
                    "  {:<28} ! differs from {} (same thing, other source)",
                    "",
                    r.disagrees_with.join(", ")
                )?;
            }
        }
    }
    if !s.see_also.is_empty() {
        writeln!(w)?;
        writeln!(w, "See also:")?;
        for x in &s.see_also {
            writeln!(w, "  {x}")?;
        }
    }
    Ok(())
}

/// A quote as people read it: in quotation marks only when it is the
/// source's own words; a summary is labelled as one (its note says whose
/// wording it is).
pub fn mark_quote(quote: &str, kind: &str) -> String {
    if kind == crate::model::Vocab::as_str(crate::model::QuoteKind::Verbatim) {
        format!("“{quote}”")
    } else {
        format!("[{kind}, not the source's words] {quote}")
    }
}
