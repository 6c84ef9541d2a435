//! `nkport search TEXT`: find TEXT in the names, aliases, notes and quotes of
//! every table (case, accents and punctuation ignored). A record counts once,
//! by its best field: its name, title or value first, then an alias, then
//! its notes; a quote (a citation) last. Ids are not searched (`show` takes
//! an id). Hits are grouped by table in table order, best first.
//!
//! The tables stream, each on a thread of its own, a big one in blocks on
//! every core: a row is decoded only when one of its raw cells contains
//! the text, folded (a name, alias or note that contains it is in such a
//! cell), then searched as decoded.
//!
//! On a terminal each table shows its best few hits and how many more there
//! are (`--all` shows every hit); other formats get every hit with its
//! `table`, `id`, `summary`, `field` and `text`.

use super::{Ctx, write_table};
use crate::config::Config;
use crate::dataset::Dataset;
use crate::load::{Package, RawRow};
use crate::model::{Record, Table, TableFn};
use crate::names::fold;
use crate::output::escape::escape;
use crate::output::paint::{Paint, Role};
use crate::output::text::{cut_words, width};
use crate::output::{CellKind, Format, Owned};
use crate::query::raw::{FoldedFinder, named_columns};
use std::process::ExitCode;

/// Arguments of `search`.
#[derive(Debug, clap::Args, Clone)]
#[command(after_help = "Examples:
  nkport search \"iron city\"
  nkport search chongjin --all
  nkport search haihua --format json")]
pub struct Args {
    /// The text to find.
    pub text: String,
    /// On a terminal, show every hit (not only the best few per table).
    #[arg(long)]
    pub all: bool,
}

/// Hits a terminal shows per table without `--all`.
const BEST: usize = 3;

/// One match: table, id, label, field and the text that matched.
pub type SearchHit = [String; 5];

/// Every match of `text` in `ds`: one per record, by its best field;
/// grouped by table in table order, best first within a table.
pub fn search(ds: &Dataset, text: &str) -> Vec<SearchHit> {
    struct Find<'a>(&'a Dataset, &'a str, &'a mut Vec<(usize, SearchHit)>);
    impl TableFn for Find<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            let mut finder = FoldedFinder::new(self.1);
            let mut found: Vec<(usize, SearchHit)> = self
                .0
                .rows::<T>()
                .iter()
                .filter_map(|r| hit(r, &mut finder))
                .collect();
            found.sort_by_key(|(rank, _)| *rank);
            self.2.extend(found);
        }
    }
    let needle = fold(text);
    let mut out = Vec::new();
    for t in Table::ALL {
        t.dispatch(Find(ds, &needle, &mut out));
    }
    out.into_iter().map(|(_, h)| h).collect()
}

/// [`search`] over a package's files as they stream, one thread per table;
/// the same hits in the same order.
pub fn search_package(pkg: &Package, text: &str) -> anyhow::Result<Vec<SearchHit>> {
    struct Find<'a>(&'a Package, &'a str);
    impl TableFn for Find<'_> {
        type Out = anyhow::Result<Vec<(usize, SearchHit)>>;
        fn call<T: Record>(self) -> Self::Out {
            let needle = self.1;
            // A field that contains the text lies in a cell that does: the
            // row's label, names and notes are its text cells, whole or in
            // part.
            let columns = named_columns(T::COLUMNS);
            let may = |raw: &RawRow<'_>, finder: &mut FoldedFinder| {
                columns
                    .iter()
                    .any(|&c| raw.quoted_bytes(c).is_some_and(|b| finder.may_contain(b)))
            };
            // A big CSV table is read in blocks on every core (the hits of
            // each block taken in file order), the rest row by row; each
            // thread has a finder of its own.
            let mut found = self.0.rows::<T>()?.collect_kept(
                &|raw| FoldedFinder::on_thread(needle, |f| may(raw, f)),
                &|hits, row| hits.extend(FoldedFinder::on_thread(needle, |f| hit(&row.row, f))),
            )?;
            found.sort_by_key(|(rank, _)| *rank);
            Ok(found)
        }
    }
    let needle = fold(text);
    let found = std::thread::scope(|s| {
        let threads: Vec<_> = Table::ALL
            .iter()
            .map(|&t| {
                let needle = &needle;
                s.spawn(move || t.dispatch(Find(pkg, needle)))
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<Vec<_>>()
    });
    let mut out = Vec::new();
    for table in found {
        out.extend(table?.into_iter().map(|(_, h)| h));
    }
    Ok(out)
}

/// The hit `r` makes for the folded needle `f` finds, with its rank (lower
/// is better), or `None`.
fn hit<T: Record>(r: &T, f: &mut FoldedFinder) -> Option<(usize, SearchHit)> {
    // Best first; a label that is the id is not searched.
    let mut fields: Vec<(&str, &str)> = Vec::new();
    if r.label() != r.id() {
        fields.push(("label", r.label()));
    }
    fields.extend(r.names().into_iter().map(|n| ("alias", n)));
    if let Some(n) = r.notes() {
        fields.push(("notes", n));
    }
    let (rank, (field, text)) = fields
        .into_iter()
        .enumerate()
        .find(|(_, (_, s))| f.contains(s))?;
    let (field, rank) = match field {
        // Evidence (a quote: a row with no certainty) is found last.
        "label" if r.certainty().is_none() => (T::LABEL, 3),
        "label" => (T::LABEL, 0),
        // A name the record is known by (its own name among them).
        "alias" if text == r.label() => ("name", 0),
        "alias" => ("alias", 1),
        f => (f, rank.min(2)),
    };
    // A field that is the text exactly ranks before one that contains it.
    let exact = usize::from(!f.is(text));
    Some((
        rank * 2 + exact,
        [
            T::TABLE.name().to_string(),
            r.id().to_string(),
            r.summary(),
            field.to_string(),
            text.to_string(),
        ],
    ))
}

/// Runs `search`.
pub fn run(ctx: &Ctx, a: &Args) -> anyhow::Result<ExitCode> {
    if fold(&a.text).is_empty() {
        anyhow::bail!(
            "expected search text with letters or digits, found {:?}",
            a.text
        );
    }
    ctx.pkg.verify()?;
    let hits = search_package(&ctx.pkg, &a.text)?;
    let g = &ctx.config;
    if g.format == Format::Table && g.columns.is_none() && g.output.is_none() {
        let mut out = crate::output::Target::open(None)?;
        grouped(&mut out, g, &hits, &a.text, a.all)?;
        out.commit()?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<Owned>> = hits
        .into_iter()
        .map(|h| h.into_iter().map(Owned::Text).collect())
        .collect();
    write_table(
        &ctx.config,
        "search",
        &[
            ("table", CellKind::Text),
            ("id", CellKind::Reference),
            ("summary", CellKind::Text),
            ("field", CellKind::Text),
            ("text", CellKind::Text),
        ],
        &rows,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The terminal view: per table a heading with its count, its best hits
/// (all with `--all`), one line each: id, field, and the text around the
/// match, cut to the terminal.
fn grouped(
    w: &mut dyn std::io::Write,
    g: &Config,
    hits: &[SearchHit],
    query: &str,
    all: bool,
) -> std::io::Result<()> {
    let paint = Paint::new(g.color);
    if hits.is_empty() {
        return writeln!(w, "{}", paint.paint(Role::Note, "(no hits)"));
    }
    let tables = hits.chunk_by(|a, b| a[0] == b[0]).count();
    writeln!(
        w,
        "{} hit{} in {tables} table{}",
        hits.len(),
        if hits.len() == 1 { "" } else { "s" },
        if tables == 1 { "" } else { "s" }
    )?;
    for group in hits.chunk_by(|a, b| a[0] == b[0]) {
        let shown = if all {
            group.len()
        } else {
            group.len().min(BEST)
        };
        writeln!(
            w,
            "{}",
            paint.paint(Role::Heading, &format!("{} ({})", group[0][0], group.len()))
        )?;
        let ids: Vec<String> = group[..shown]
            .iter()
            .map(|h| escape(&h[1]).into_owned())
            .collect();
        let id_w = ids.iter().map(|i| width(i)).max().unwrap_or(0);
        for (h, id) in group[..shown].iter().zip(&ids) {
            let field = &h[3];
            let room = g.width.saturating_sub(2 + id_w + 2 + 5 + 2);
            let text = match field.as_str() {
                // Notes and quotes around the match; names from their start.
                "notes" | "quote" => snippet(&escape(&h[4]), query, room.max(12)),
                _ => cut_words(&escape(&h[4]), room.max(12)),
            };
            let line = format!(
                "  {}{}  {field:<5}  {}",
                paint.paint(Role::Id, id),
                " ".repeat(id_w - width(id)),
                text
            );
            if width(&format!("  {id:<id_w$}  {field:<5}  {text}")) <= g.width {
                writeln!(w, "{line}")?;
            } else {
                // An id too wide for the terminal: the id alone, then the text.
                writeln!(
                    w,
                    "  {}",
                    paint.paint(Role::Id, &cut_words(id, g.width - 2))
                )?;
                writeln!(w, "    {}", cut_words(&escape(&h[4]), g.width - 4))?;
            }
        }
        if shown < group.len() {
            let more = format!("  … {} more (--all)", group.len() - shown);
            writeln!(w, "{}", paint.paint(Role::Note, &more))?;
        }
    }
    Ok(())
}

/// The part of `text` around the first word of `query`, cut to `room`
/// columns at word boundaries (`…` where cut).
fn snippet(text: &str, query: &str, room: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&flat) <= room {
        return flat;
    }
    let word = query.split_whitespace().next().unwrap_or("").to_lowercase();
    let lower = flat.to_lowercase();
    // Start a few words before the match when it would be cut off.
    let start = match lower.find(&word) {
        Some(at)
            if !word.is_empty()
                && lower.len() == flat.len()
                && width(&flat[..at]) + width(&word) + 1 > room =>
        {
            let before: Vec<usize> = flat[..at].match_indices(' ').map(|(i, _)| i + 1).collect();
            before.len().checked_sub(3).map_or(at, |k| before[k])
        }
        _ => 0,
    };
    if start == 0 {
        return cut_words(&flat, room);
    }
    format!("…{}", cut_words(&flat[start..], room.saturating_sub(1)))
}
