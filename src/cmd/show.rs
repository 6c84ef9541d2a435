//! `nkport show NAME`: everything about one record on one screen: its
//! fields, where it lies, its sources with their quotes, its claims, and
//! every row that points at it or at anything inside it.
//!
//! NAME is an id, `table:id`, a name or an alias. A name shared by records
//! of different tables shows the place (then port, facility ...) and lists
//! the others under "see also"; several matches within one table are an
//! error that lists them.

use crate::config::Config;
use crate::dataset::Dataset;
use crate::load::{DataError, Package, RawRow};
use crate::model::{Citation, Kind, Record, Route, Table, TableFn};
use crate::names::{Hit, NameError, Names, fold};
use crate::output::escape::escape;
use crate::output::paint::{Paint, Role};
use crate::output::text::{self, wrap_items, wrap_words};
use crate::output::{Format, human};
use crate::query::filter::scope_of;
use crate::query::raw::{FoldedFinder, may_name, named_columns, reference_columns};
use crate::query::related::{Pointer, pointing_at};
use foldhash::HashSet as FastSet;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `show`.
#[derive(Debug, clap::Args, Clone)]
#[command(after_help = r#"Examples:
  nkport show chongjin
  nkport show ports:chongjin-port
  nkport show "North Pyongan" --format json"#)]
pub struct Args {
    /// The record: an id, table:id, a name or an alias.
    pub name: String,
}

/// Everything `show` prints about one record.
#[derive(Debug, serde::Serialize)]
pub struct Shown {
    /// `table:id`.
    pub record: String,
    /// The record's label: its name or title; for a claim its subject,
    /// property and value; for a figure its place, value and measure.
    pub label: String,
    /// Its non-empty fields, typed as in the list commands' JSON (numbers,
    /// arrays for lists, date objects).
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Its non-empty fields as people read them: each value's lines (a
    /// list's items, an id followed by its name).
    #[serde(skip)]
    pub lines: Vec<(String, Vec<String>)>,
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
    /// The name of what it points at.
    pub target_name: String,
    /// Rows giving a different value for the same thing.
    pub disagrees_with: Vec<String>,
    /// Those rows' ids, each followed by its summary, for people.
    #[serde(skip)]
    pub differs: Vec<String>,
}

/// Runs `show`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<ExitCode> {
    // The format given, else the one -o's extension names (as for every
    // command): `-o chongjin.json` is JSON, `-o notes.csv` is refused as
    // `--format csv` is, not a text rendering under a .csv name.
    let format = match (g.format_given, g.output.as_deref()) {
        (true, _) => Some(g.format),
        (false, Some(path)) => Format::from_extension(path),
        (false, None) => None,
    };
    if let Some(f) = format.filter(|f| !matches!(f, Format::Table | Format::Json | Format::Jsonl)) {
        return Err(crate::config::UsageError(format!(
            "`show` writes table, json or jsonl, not {} (from -o's extension): give --format",
            f.name()
        ))
        .into());
    }
    if a.name.trim().is_empty() {
        return Err(crate::config::UsageError(
            "`show` needs a record's id or name, found an empty text".into(),
        )
        .into());
    }
    let pkg = Package::new(g.data.clone());
    pkg.verify()?;
    let (ds, hit, see_also) = gather(&pkg, &a.name)?;
    let shown = build(super::held(ds), &hit, see_also);
    let mut out = crate::output::Target::open(g.output.as_deref())?;
    match format {
        Some(f @ Format::Json) => {
            out.guard(f);
            serde_json::to_writer_pretty(&mut out, &shown)?;
            writeln!(out)?;
        }
        // JSON Lines: the record on one line.
        Some(f @ Format::Jsonl) => {
            out.guard(f);
            serde_json::to_writer(&mut out, &shown)?;
            writeln!(out)?;
        }
        _ => render(&mut out, &for_terminal(shown), g.width, Paint::new(g.color))?,
    }
    out.commit()?;
    Ok(ExitCode::SUCCESS)
}

/// The tables that grow with the data: `show` streams them and keeps only
/// the rows it prints or names. Neither has a conflict key, so the
/// disagreements among the other tables, held whole, are all there are.
const STREAMED: [Table; 2] = [Table::Routes, Table::Citations];

/// The rows `show` needs to print `query`, the record it names and the
/// records of other tables with the same name: exactly what reading every
/// table would give. The tables in [`STREAMED`] are read raw and a row is
/// decoded only if it may be printed or named: a name cell may contain
/// the query, its id is one that a held row names, or it points into what
/// a candidate record holds (a place and all within it, a port and its
/// docks). When the record is itself a streamed row, they are read again
/// for the rows pointing at it and the records it names.
pub fn gather(pkg: &Package, query: &str) -> anyhow::Result<(Dataset, Hit, Vec<String>)> {
    let key = fold(query);
    let held: Vec<Table> = Table::ALL
        .into_iter()
        .filter(|t| !STREAMED.contains(t))
        .collect();
    let mut ds = Dataset::load_tables(pkg, &held)?;
    let mut want = Want {
        key: key.clone(),
        ids: named_ids(&ds),
        scope: HashSet::new(),
    };
    // `table:id` (the table as the names index reads it: any case, singular).
    if let Some((_, id)) = query.trim().split_once(':') {
        want.ids.insert(id.trim().to_string());
    }
    for h in Names::new(&ds, &held).lookup(query) {
        want.scope.extend(scope_of(&ds, h.table, &h.id));
    }
    if !key.is_empty() {
        stream(pkg, &mut ds, &want)?;
    } else {
        // Only an id or `table:id` without letters or digits: read it all.
        ds = Dataset::load(pkg)?;
    }
    let (hit, see_also) = match resolve(&ds, query) {
        Err(e) if matches!(e.downcast_ref(), Some(NameError::NotFound { .. })) => {
            // The closest names come from every row of every table.
            let ds = Dataset::load(pkg)?;
            let (hit, see_also) = resolve(&ds, query)?;
            return Ok((ds, hit, see_also));
        }
        found => found?,
    };
    if STREAMED.contains(&hit.table) && !key.is_empty() {
        want.scope.insert(hit.id.clone());
        struct Refs<'a>(&'a Dataset, &'a str, &'a mut HashSet<String>);
        impl TableFn for Refs<'_> {
            type Out = ();
            fn call<T: Record>(self) {
                if let Some(r) = self.0.get::<T>(self.1) {
                    refs_of(r, self.2);
                }
            }
        }
        hit.table.dispatch(Refs(&ds, &hit.id, &mut want.ids));
        stream(pkg, &mut ds, &want)?;
    }
    Ok((ds, hit, see_also))
}

/// The record `query` names in `ds` and the records of other tables with
/// the same name.
fn resolve(ds: &Dataset, query: &str) -> anyhow::Result<(Hit, Vec<String>)> {
    let names = Names::new(ds, &Table::ALL);
    let hit = names.resolve(query, &Table::by_rank())?.clone();
    let see_also = names
        .lookup(query)
        .into_iter()
        .filter(|h| h.table != hit.table)
        .map(|h| h.to_string())
        .collect();
    Ok((hit, see_also))
}

/// What a streamed row must have for `show` to decode it (see [`gather`]).
struct Want {
    /// The folded query.
    key: String,
    /// Ids a held row names (and its own), and those the record names.
    ids: HashSet<String>,
    /// What the candidate records hold.
    scope: HashSet<String>,
}

/// Every id of `ds`'s rows and every id their reference columns name.
fn named_ids(ds: &Dataset) -> HashSet<String> {
    struct Ids<'a>(&'a Dataset, &'a mut HashSet<String>);
    impl TableFn for Ids<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            for r in self.0.rows::<T>() {
                self.1.insert(r.id().to_string());
                refs_of(r, self.1);
            }
        }
    }
    let mut out = HashSet::new();
    for t in Table::ALL {
        t.dispatch(Ids(ds, &mut out));
    }
    out
}

/// Adds the ids `r`'s reference columns name to `out`.
fn refs_of<T: Record>(r: &T, out: &mut HashSet<String>) {
    for c in reference_columns(T::COLUMNS) {
        for item in r.value(c).items() {
            out.insert(item.split_once(':').map_or(item, |(_, id)| id).to_string());
        }
    }
}

/// Replaces the streamed tables' rows in `ds` by those `want` keeps, both
/// tables read at once.
fn stream(pkg: &Package, ds: &mut Dataset, want: &Want) -> anyhow::Result<()> {
    let (routes, citations) = std::thread::scope(|s| {
        let routes = s.spawn(|| kept::<Route>(pkg, want));
        let citations = kept::<Citation>(pkg, want);
        let routes = routes
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (routes, citations)
    });
    ds.set_rows(routes?);
    ds.set_rows(citations?);
    ds.reindex();
    Ok(())
}

/// The rows of `T` that `want` keeps, decoded, in file order.
fn kept<T: Record>(pkg: &Package, want: &Want) -> Result<Vec<T>, DataError> {
    let named = named_columns(T::COLUMNS);
    let refs = reference_columns(T::COLUMNS);
    let record_refs: Vec<usize> = refs
        .iter()
        .copied()
        .filter(|&c| T::COLUMNS[c].kind == Kind::RecordRef)
        .collect();
    let id = T::COLUMNS.iter().position(|c| c.kind == Kind::Id);
    let ids: FastSet<&str> = want.ids.iter().map(String::as_str).collect();
    let scope: FastSet<&str> = want.scope.iter().map(String::as_str).collect();
    let may = |raw: &RawRow<'_>, finder: &mut FoldedFinder| {
        let own = id.map_or(Some(""), |c| raw.cell(c));
        own.is_none_or(|own| ids.contains(own.trim()))
            || named
                .iter()
                .any(|&c| raw.quoted_bytes(c).is_some_and(|b| finder.may_contain(b)))
            || may_name(raw, &refs, &scope)
            // The citations of held rows: their sources tell which
            // disagreements are between sources.
            || record_refs.iter().any(|&c| {
                raw.cell(c).is_none_or(|v| {
                    v.split_once(':').is_none_or(|(t, _)| {
                        Table::from_name(t.trim()).is_none_or(|t| !STREAMED.contains(&t))
                    })
                })
            })
    };
    // A big CSV table is read in blocks on every core, the rows each block
    // keeps taken in file order; the rest row by row.
    pkg.rows::<T>()?.collect_kept(
        &|raw| FoldedFinder::on_thread(&want.key, |f| may(raw, f)),
        &|kept, row| kept.push(row.row),
    )
}

/// Gathers what `show` prints about `hit`.
pub fn build(ds: &Dataset, hit: &Hit, see_also: Vec<String>) -> Shown {
    let record = format!("{}:{}", hit.table, hit.id);
    let index = ds.locate(&hit.id).map_or(0, |(_, i)| i);
    let (fields, lines) = hit.table.dispatch(Fields(ds, index));
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
        let differs = disagrees_with.iter().map(|id| with_name(ds, id)).collect();
        let target_name = name_of(ds, &p.target);
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
                differs,
                target,
                target_name,
            });
    }
    Shown {
        record,
        label: name_of(ds, &hit.id),
        fields,
        lines,
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
    type Out = (
        serde_json::Map<String, serde_json::Value>,
        Vec<(String, Vec<String>)>,
    );
    fn call<T: Record>(self) -> Self::Out {
        let (mut typed, mut lines) = (serde_json::Map::new(), Vec::new());
        let Some(r) = self.0.rows::<T>().get(self.1) else {
            return (typed, lines);
        };
        for (i, c) in T::COLUMNS.iter().enumerate() {
            let v = r.value(i);
            if c.name == "id" || v.is_empty() {
                continue;
            }
            typed.insert(
                c.name.to_string(),
                serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            );
            let shown = match c.kind {
                Kind::Ref(_) | Kind::RefList(_) | Kind::RecordRef => {
                    v.items().iter().map(|id| with_name(self.0, id)).collect()
                }
                Kind::List => v.items().iter().map(|s| s.to_string()).collect(),
                _ => vec![human(&v)],
            };
            lines.push((c.name.to_string(), shown));
        }
        (typed, lines)
    }
}

/// A record's name for people: its name or title; for a record without
/// one, what it says and about what ("Chongjin: nickname = Iron City",
/// "Chongjin: nearly 630000 residents", "dock 3 of Port of Chongjin").
/// An id (or `table:id`) that names nothing stays as it is.
pub fn name_of(ds: &Dataset, id: &str) -> String {
    struct Name<'a>(&'a Dataset, usize);
    impl TableFn for Name<'_> {
        type Out = Option<String>;
        fn call<T: Record>(self) -> Option<String> {
            let r = self.0.rows::<T>().get(self.1)?;
            let of = |col: &str| {
                let i = T::COLUMNS.iter().position(|c| c.name == col)?;
                let v = r.value(i);
                let id = v.items().first().copied()?;
                Some(name_of(self.0, id))
            };
            Some(match T::TABLE {
                Table::Claims => format!("{}: {}", of("subject")?, r.summary()),
                Table::Population => format!("{}: {}", of("place")?, r.summary()),
                Table::Leases => format!("{}: {}", of("port")?, r.summary()),
                Table::Docks => {
                    let label = T::COLUMNS.iter().position(|c| c.name == "label")?;
                    format!("dock {} of {}", r.value(label).to_text(), of("port")?)
                }
                Table::Citations => format!("{} in {}", of("record")?, of("source")?),
                _ => r.label().to_string(),
            })
        }
    }
    let bare = id.split_once(':').map_or(id, |(_, b)| b);
    ds.locate(bare)
        .and_then(|(t, i)| t.dispatch(Name(ds, i)))
        .unwrap_or_else(|| id.to_string())
}

/// `id (its name)`, or the id alone when the name is the id.
fn with_name(ds: &Dataset, id: &str) -> String {
    let name = name_of(ds, id);
    if name == id {
        id.to_string()
    } else {
        format!("{id} ({name})")
    }
}

/// The summary and certainty of the record `id` of `table`, if loaded.
pub fn summary_of(ds: &Dataset, table: Table, id: &str) -> Option<(String, Option<String>)> {
    let (t, index) = ds.locate(id)?;
    (t == table).then(|| table.dispatch(Summary(ds, index)))
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
        fields: s.fields,
        lines: s.lines.into_iter().map(|(k, v)| (e(k), es(v))).collect(),
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
                        target_name: e(r.target_name),
                        disagrees_with: es(r.disagrees_with),
                        differs: es(r.differs),
                    })
                    .collect();
                (e(t), rows)
            })
            .collect(),
        see_also: es(s.see_also),
    }
}

/// Writes `s` for people, fitted to `width` columns: the heading, the
/// fields (long values wrapped, long lists one item a line), the quotes
/// with their sources, the rows pointing here, and "see also".
fn render(w: &mut dyn Write, s: &Shown, width: usize, paint: Paint) -> std::io::Result<()> {
    let heading = format!("{}  [{}]", s.label, s.record);
    if text::width(&heading) <= width {
        writeln!(
            w,
            "{}  {}",
            paint.paint(Role::Heading, &s.label),
            paint.paint(Role::Id, &format!("[{}]", s.record))
        )?;
    } else {
        for line in wrap_words(&s.label, width) {
            writeln!(w, "{}", paint.paint(Role::Heading, &line))?;
        }
        // Split only when even the id alone is wider than the terminal.
        for line in wrap_words(&format!("[{}]", s.record), width) {
            writeln!(w, "{}", paint.paint(Role::Id, &line))?;
        }
    }
    let mut lines = s.lines.clone();
    if !s.lies_in.is_empty() {
        lines.push(("lies in".to_string(), vec![s.lies_in.join(" › ")]));
    }
    let key_w = lines.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    let value_w = width.saturating_sub(key_w + 4).max(20);
    for (k, values) in &lines {
        let joined = values.join(", ");
        let short = values.iter().all(|v| text::width(v) <= 24);
        let items: Vec<String> = if text::width(&joined) <= value_w || values.len() == 1 {
            wrap_words(&joined, value_w)
        } else if short {
            // Short items: as many a line as fit, never one cut in two.
            wrap_items(values, value_w)
        } else {
            // Long items: one a line.
            values.iter().flat_map(|v| wrap_words(v, value_w)).collect()
        };
        for (i, line) in items.iter().enumerate() {
            let key = if i == 0 { k.as_str() } else { "" };
            let role = if k == "certainty" {
                Role::Certainty
            } else {
                Role::Plain
            };
            writeln!(w, "  {key:<key_w$}  {}", paint.paint(role, line))?;
        }
    }
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        paint.paint(Role::Heading, &format!("Sources ({}):", s.citations.len()))
    )?;
    for c in &s.citations {
        let quote = mark_quote(&c.quote, &c.quote_kind);
        for line in wrap_words(&quote, width.saturating_sub(2)) {
            writeln!(w, "  {line}")?;
        }
        let from = format!("— {}  [{}]", c.source_label, c.id);
        for line in wrap_words(&from, width.saturating_sub(6)) {
            writeln!(w, "      {}", paint.paint(Role::Note, &line))?;
        }
        if let Some(n) = &c.note {
            for line in wrap_words(&format!("note: {n}"), width.saturating_sub(8)) {
                writeln!(w, "        {}", paint.paint(Role::Note, &line))?;
            }
        }
    }
    for (table, rows) in &s.related {
        writeln!(w)?;
        writeln!(
            w,
            "{}",
            paint.paint(Role::Heading, &format!("{table} ({}):", rows.len()))
        )?;
        for r in rows {
            let via = if s.record.ends_with(&format!(":{}", r.target)) {
                r.via.to_string()
            } else if r.target_name == r.target {
                format!("{} → {}", r.via, r.target)
            } else {
                format!("{} → {} ({})", r.via, r.target, r.target_name)
            };
            let cert = r.certainty.as_deref().unwrap_or("");
            let tail = format!("{}  ({via})", r.id);
            let one = format!("  • {}  {cert}  {tail}", r.summary);
            if text::width(&one) <= width {
                // What it says, its certainty and its id on one line.
                writeln!(
                    w,
                    "  • {}  {}  {}",
                    r.summary,
                    paint.paint(Role::Certainty, cert),
                    paint.paint(Role::Id, &tail)
                )?;
            } else {
                let first = wrap_words(&r.summary, width.saturating_sub(4 + 12));
                for (i, line) in first.iter().enumerate() {
                    let lead = if i == 0 { "  • " } else { "    " };
                    if i + 1 == first.len() {
                        writeln!(w, "{lead}{line}  {}", paint.paint(Role::Certainty, cert))?;
                    } else {
                        writeln!(w, "{lead}{line}")?;
                    }
                }
                for line in wrap_words(&tail, width.saturating_sub(4)) {
                    writeln!(w, "    {}", paint.paint(Role::Id, &line))?;
                }
            }
            for d in &r.differs {
                for line in wrap_words(&format!("! differs from {d}"), width.saturating_sub(4)) {
                    writeln!(w, "    {}", paint.paint(Role::Warning, &line))?;
                }
            }
        }
    }
    if !s.see_also.is_empty() {
        writeln!(w)?;
        writeln!(w, "{}", paint.paint(Role::Heading, "See also:"))?;
        for x in &s.see_also {
            for line in wrap_words(x, width.saturating_sub(2)) {
                writeln!(w, "  {line}")?;
            }
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
