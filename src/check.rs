//! `check`: validates a whole data package and reports every problem found,
//! each located by file, line and field.
//!
//! Reading problems (types, vocabularies, dates, field counts) come from the
//! loader; the rest is checked here from the column metadata: ids, required
//! cells, references, codes, coordinates, place cycles, citation coverage and,
//! given the article texts, every quote.

use crate::dataset::Dataset;
use crate::load::{DataError, Package, inside, is_unsafe, shorten};
use crate::model::*;
use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// A directory of source texts to verify quotes against.
    pub sources_dir: Option<PathBuf>,
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems that make the package invalid.
    pub problems: Problems,
    /// Remarks that do not (extra columns).
    pub notes: Vec<DataError>,
    /// Rows read per table.
    pub counts: Vec<(Table, usize)>,
    /// How the citation quotes fared.
    pub quotes: QuoteStats,
    /// The rows read, kept so that a caller about to exit can skip freeing
    /// them (`std::mem::forget` the report): freeing millions of rows takes
    /// seconds.
    rows: Held,
}

/// The rows a report keeps (see [`Report`]); not printed by `Debug`.
#[derive(Default)]
struct Held {
    _rows: Dataset,
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Held")
    }
}

/// The most problems kept to print; the others are only counted (a package
/// with a million dangling references is told so without a million lines
/// held in memory).
pub const MAX_PROBLEMS: usize = 10_000;

/// The problems found: the first [`MAX_PROBLEMS`], and how many more.
#[derive(Debug, Default)]
pub struct Problems {
    /// The problems kept, in the order found.
    pub list: Vec<DataError>,
    /// Problems found beyond those kept.
    pub more: usize,
}

impl Problems {
    /// Takes in the problems `other` found, after these.
    pub fn absorb(&mut self, other: Problems) {
        for e in other.list {
            self.push(e);
        }
        self.more += other.more;
    }

    /// Adds a problem (only counted once [`MAX_PROBLEMS`] are kept).
    pub fn push(&mut self, e: DataError) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(e);
        } else {
            self.more += 1;
        }
    }

    /// Every problem found, kept or not.
    pub fn len(&self) -> usize {
        self.list.len() + self.more
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Citation quotes by outcome.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct QuoteStats {
    /// Found verbatim in their source's text.
    pub verified: usize,
    /// Not found in their source's text.
    pub failed: usize,
    /// Their source has no local text (counted, not failed).
    pub unverifiable: usize,
    /// Not looked at (no `--sources` directory given).
    pub unchecked: usize,
    /// Summaries: another's wording of the source, never looked for in its
    /// text (counted by kind, not verified).
    pub summaries: usize,
}

impl Report {
    /// Whether the package passed.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Where each row was read, for locating problems.
struct Lines {
    files: HashMap<Table, String>,
    /// Tables with rows that failed to load.
    failed: HashSet<Table>,
    lines: HashMap<Table, Vec<u64>>,
}

impl Lines {
    fn at(&self, t: Table, i: usize, field: Option<&str>, msg: String) -> DataError {
        let file = self
            .files
            .get(&t)
            .cloned()
            .unwrap_or_else(|| t.name().into());
        let line = self.lines.get(&t).and_then(|l| l.get(i)).copied();
        DataError::at(file, line, field, msg)
    }
}

/// Validates the package and returns everything found.
///
/// Tables are read and checked one per thread (the big ones side by side)
/// and what each found is taken in table order, so the report is the same
/// whatever the threads do.
pub fn check(pkg: &Package, opts: &CheckOptions) -> Report {
    let mut report = Report::default();
    if let Err(e) = pkg.verify() {
        report.problems.push(e);
        return report;
    }
    let mut ds = Dataset::default();
    let mut lines = Lines {
        files: HashMap::default(),
        failed: HashSet::default(),
        lines: HashMap::default(),
    };
    let read: Vec<Read> = Table::ALL
        .par_iter()
        .with_max_len(1)
        .map(|t| t.dispatch(ReadTable { pkg }))
        .collect();
    for (t, r) in Table::ALL.into_iter().zip(read) {
        ds.absorb(r.rows);
        report.notes.extend(r.notes);
        report.problems.absorb(r.problems);
        if r.failed {
            lines.failed.insert(t);
        }
        if let Some((file, at)) = r.located {
            lines.files.insert(t, file);
            lines.lines.insert(t, at);
        }
    }
    report.counts = ds.counts();

    let (ids, cited) = rayon::join(|| Ids::new(&ds), || cited_records(&ds));
    let sorted = OnceLock::new();
    let found: Vec<[Problems; 3]> = Table::ALL
        .par_iter()
        .with_max_len(1)
        .map(|t| {
            let refs = Refs::new(&ids, &lines.failed, &sorted);
            t.dispatch(CheckTable {
                ds: &ds,
                ids: &ids,
                refs: &refs,
                cited: &cited,
                lines: &lines,
            })
        })
        .collect();
    let [mut by_ids, mut by_columns, mut by_citations] = <[Vec<Problems>; 3]>::default();
    for [i, c, x] in found {
        by_ids.push(i);
        by_columns.push(c);
        by_citations.push(x);
    }
    let out = &mut report.problems;
    by_ids
        .into_iter()
        .chain(by_columns)
        .for_each(|p| out.absorb(p));
    check_place_cycles(&ds, &lines, out);
    check_lease_ends(&ds, &lines, out);
    by_citations.into_iter().for_each(|p| out.absorb(p));
    report.quotes = check_quotes(&ds, &lines, opts, &mut report.problems);
    drop((ids, cited, sorted));
    report.rows = Held { _rows: ds };
    report
}

/// How many extra columns of one table are noted by name.
const EXTRA_SHOWN: usize = 10;

/// What reading one table gave.
#[derive(Default)]
struct Read {
    /// A dataset holding this table's rows only.
    rows: Dataset,
    problems: Problems,
    notes: Vec<DataError>,
    /// Whether some rows failed to load.
    failed: bool,
    /// The file as shown and the line of each row read, once it opened.
    located: Option<(String, Vec<u64>)>,
}

struct ReadTable<'a> {
    pkg: &'a Package,
}

impl TableFn for ReadTable<'_> {
    type Out = Read;
    fn call<T: Record>(self) -> Read {
        let mut read = Read::default();
        let rows = match self.pkg.rows::<T>() {
            Ok(rows) => rows,
            Err(e) => {
                read.problems.push(e);
                return read;
            }
        };
        for extra in rows.extra_columns.iter().take(EXTRA_SHOWN) {
            read.notes.push(DataError::at(
                &rows.display,
                Some(1),
                Some(extra),
                "extra column, not part of the table's contract: kept in the file, ignored by nkport",
            ));
        }
        if let Some(more) = rows.extra_columns.len().checked_sub(EXTRA_SHOWN + 1) {
            read.notes.push(DataError::at(
                &rows.display,
                Some(1),
                None,
                format!("and {} more extra columns, also ignored", more + 1),
            ));
        }
        let display = rows.display.clone();
        let mut at = Vec::new();
        let mut out = Vec::new();
        for row in rows {
            match row {
                Ok(r) => {
                    at.push(r.line);
                    out.push(r.row);
                }
                Err(e) => {
                    read.problems.push(e);
                    read.failed = true;
                }
            }
        }
        read.rows.set_rows(out);
        read.located = Some((display, at));
        read
    }
}

/// Whether `s` is a lowercase slug: `a-z0-9` words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Every id of the package (borrowed from its rows), one map per table
/// from id to its first row there. Maps per table keep the lookups of
/// references into the small tables (ports, places) in cache, where one
/// map of millions of ids would miss it on every probe.
struct Ids<'a> {
    /// Indexed by a table's position in [`Table::ALL`].
    tables: Vec<HashMap<&'a str, usize>>,
    /// Per table, each row whose id an earlier row of the same table has,
    /// with that first row: found while the maps are built, so that only
    /// the (small, or few) earlier tables are looked in for each row.
    repeats: Vec<HashMap<usize, usize>>,
}

impl<'a> Ids<'a> {
    fn new(ds: &'a Dataset) -> Ids<'a> {
        struct Index<'a>(&'a Dataset);
        impl<'a> TableFn for Index<'a> {
            type Out = (HashMap<&'a str, usize>, HashMap<usize, usize>);
            fn call<T: Record>(self) -> Self::Out {
                let rows = self.0.rows::<T>();
                let mut map = HashMap::with_capacity_and_hasher(rows.len(), Default::default());
                let mut repeats = HashMap::default();
                for (i, r) in rows.iter().enumerate() {
                    let first = *map.entry(r.id()).or_insert(i);
                    if first != i {
                        repeats.insert(i, first);
                    }
                }
                (map, repeats)
            }
        }
        let (tables, repeats) = Table::ALL
            .par_iter()
            .with_max_len(1)
            .map(|t| t.dispatch(Index(ds)))
            .unzip();
        Ids { tables, repeats }
    }

    /// The ids of table `t`.
    fn of(&self, t: Table) -> &HashMap<&'a str, usize> {
        // `Table::ALL` lists the variants in declaration order.
        &self.tables[t as usize]
    }

    /// The first row with this id in the package: tables in their order,
    /// rows in file order.
    fn first(&self, id: &str) -> Option<(Table, usize)> {
        Table::ALL
            .into_iter()
            .find_map(|t| self.of(t).get(id).map(|&i| (t, i)))
    }

    /// The first row with the id of row `i` of table `t`, if that is
    /// another row.
    fn earlier(&self, t: Table, i: usize, id: &str) -> Option<(Table, usize)> {
        let before = Table::ALL
            .into_iter()
            .take_while(|&u| u != t)
            .find_map(|u| self.of(u).get(id).map(|&j| (u, j)));
        before.or_else(|| self.repeats[t as usize].get(&i).map(|&j| (t, j)))
    }
}

/// What references are checked against: every id with its table, the
/// tables that failed to load, and a budget for suggestions.
struct Refs<'a, 'b> {
    ids: &'b Ids<'a>,
    failed: &'b HashSet<Table>,
    /// The ids of each table, sorted: suggestions come from the ids next to
    /// a dangling one in this order. Built at the first suggestion.
    sorted: &'b OnceLock<HashMap<Table, Vec<&'a str>>>,
    /// How many more dangling references of this table get a suggestion.
    left: std::cell::Cell<usize>,
}

/// Dangling references of one table that get a "did you mean" (the first
/// ones found).
const SUGGESTED: usize = 100;

/// Ids on each side of a dangling one in sort order that a suggestion is
/// chosen from.
const NEIGHBOURS: usize = 500;

impl<'a, 'b> Refs<'a, 'b> {
    fn new(
        ids: &'b Ids<'a>,
        failed: &'b HashSet<Table>,
        sorted: &'b OnceLock<HashMap<Table, Vec<&'a str>>>,
    ) -> Refs<'a, 'b> {
        Refs {
            ids,
            failed,
            sorted,
            left: std::cell::Cell::new(SUGGESTED),
        }
    }

    /// The id of `targets` closest to `id`, while the budget lasts.
    fn suggest(&self, id: &str, targets: &[Table]) -> Option<&'a str> {
        let left = self.left.get().checked_sub(1)?;
        self.left.set(left);
        let sorted = self.sorted.get_or_init(|| {
            Table::ALL
                .into_iter()
                .map(|t| {
                    let mut v: Vec<&str> = self.ids.of(t).keys().copied().collect();
                    v.sort_unstable();
                    (t, v)
                })
                .collect()
        });
        let near = targets.iter().filter_map(|t| sorted.get(t)).flat_map(|v| {
            let at = v.partition_point(|c| *c < id);
            v[at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(v.len())]
                .iter()
                .copied()
        });
        closest(id, near)
    }
}

/// The checks of one table's rows, each kind of problem in its own list:
/// ids (form and uniqueness), cells (required, control characters, kinds,
/// references, the table's rules) and citation coverage.
struct CheckTable<'a, 'b> {
    ds: &'a Dataset,
    ids: &'b Ids<'a>,
    refs: &'b Refs<'a, 'b>,
    cited: &'b HashSet<(Table, &'a str)>,
    lines: &'b Lines,
}

impl TableFn for CheckTable<'_, '_> {
    type Out = [Problems; 3];
    fn call<T: Record>(self) -> [Problems; 3] {
        let [mut ids, mut cells, mut cited] = <[Problems; 3]>::default();
        let rows = self.ds.rows::<T>();
        for (i, r) in rows.iter().enumerate() {
            self.check_id(r, i, &mut ids);
            self.check_cells(r, i, &mut cells);
            if r.certainty().is_some() && !self.cited.contains(&(T::TABLE, r.id())) {
                cited.push(self.lines.at(
                    T::TABLE,
                    i,
                    Some("id"),
                    format!(
                        "{} has no citation: expected at least one citations row with record `{}:{}`",
                        shorten(r.id()),
                        T::TABLE.name(),
                        if r.id().chars().count() > 60 { "…" } else { r.id() }
                    ),
                ));
            }
        }
        [ids, cells, cited]
    }
}

impl CheckTable<'_, '_> {
    /// The id's form, and whether a row before it (in this table or an
    /// earlier one) has it.
    fn check_id<T: Record>(&self, r: &T, i: usize, out: &mut Problems) {
        let id = r.id();
        if !is_slug(id) {
            out.push(self.lines.at(
                T::TABLE,
                i,
                Some("id"),
                format!("expected a lowercase slug such as `chongjin-port` (a-z, 0-9 and single hyphens), found {}", shorten(id)),
            ));
        }
        let Some((t, j)) = self.ids.earlier(T::TABLE, i, id) else {
            return;
        };
        let first = self.lines.at(t, j, None, String::new());
        let place = match first.line {
            Some(l) => format!("{}:{l}", first.file),
            None => first.file,
        };
        out.push(self.lines.at(
            T::TABLE,
            i,
            Some("id"),
            format!(
                "duplicate id {}: expected ids unique across the package; first used at {place}",
                shorten(id)
            ),
        ));
    }

    /// Every cell against its column: required, no control characters,
    /// its kind; then the table's own rules.
    fn check_cells<T: Record>(&self, r: &T, i: usize, out: &mut Problems) {
        let mut problem = |field: &str, msg: String| {
            out.push(self.lines.at(T::TABLE, i, Some(field), msg));
        };
        for (c, col) in T::COLUMNS.iter().enumerate() {
            let v = r.value(c);
            if v.is_empty() {
                if col.required {
                    problem(col.name, "expected a value, found an empty cell".into());
                }
                continue;
            }
            if let Some(msg) = control_problem(&v) {
                problem(col.name, msg);
            }
            if let Some(msg) = check_value(col.kind, &v, self.refs) {
                problem(col.name, msg);
            }
        }
        for (field, msg) in r.rules() {
            problem(field, msg);
        }
    }
}

/// A text cell holding a control character other than a line break or a
/// tab (or a bidi override, or an invisible format character): the terminal
/// must never receive one, and a curated value has no use for it.
fn control_problem(v: &Value<'_>) -> Option<String> {
    let bad = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t');
    v.items().into_iter().find_map(|item| {
        // Printable ASCII, the bulk of any package, needs no look at its
        // characters one by one.
        let printable = |b: u8| b.wrapping_sub(0x20) < 0x5f;
        if item
            .as_bytes()
            .chunks(32)
            .all(|c| c.iter().fold(true, |ok, &b| ok & printable(b)))
        {
            return None;
        }
        let (at, c) = item.char_indices().find(|&(_, c)| bad(c))?;
        let pos = item[..at].chars().count() + 1;
        Some(format!(
            "expected text without control or invisible format characters, found U+{:04X} at character {pos} of {}",
            c as u32,
            shorten(item)
        ))
    })
}

/// Checks one non-empty cell against its column kind.
fn check_value(kind: Kind, v: &Value<'_>, refs: &Refs<'_, '_>) -> Option<String> {
    // Only the kinds checked as text need it: most cells of a big package
    // are references, looked up as they are.
    let text = || v.to_text();
    match (kind, v) {
        (Kind::Country, _) => {
            let text = text();
            (!(text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()))).then(|| {
                format!(
                    "expected an ISO 3166-1 alpha-2 country code such as KP or CN, found {}",
                    shorten(&text)
                )
            })
        }
        (Kind::IsoCode, _) => {
            let text = text();
            let ok = text.split_once('-').is_some_and(|(c, s)| {
                c.len() == 2
                    && c.bytes().all(|b| b.is_ascii_uppercase())
                    && (1..=3).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            });
            (!ok).then(|| {
                format!(
                    "expected an ISO 3166-2 code such as KP-09, found {}",
                    shorten(&text)
                )
            })
        }
        (Kind::Lat, Value::Number(n)) => (!(-90.0..=90.0).contains(n))
            .then(|| format!("expected a latitude from -90 to 90, found {}", text())),
        (Kind::Lon, Value::Number(n)) => (!(-180.0..=180.0).contains(n))
            .then(|| format!("expected a longitude from -180 to 180, found {}", text())),
        (Kind::Ref(targets), Value::Text(id)) => reference_problem(id, targets, refs),
        (Kind::Ref(targets) | Kind::RefList(targets), _) => {
            let bad: Vec<String> = v
                .items()
                .into_iter()
                .filter_map(|id| reference_problem(id, targets, refs))
                .collect();
            (!bad.is_empty()).then(|| bad.join("; "))
        }
        (Kind::RecordRef, Value::Text(s)) => {
            let r = RecordRef::parse(s).ok()?;
            reference_problem(r.id(), &[r.table()], refs)
        }
        _ => None,
    }
}

fn reference_problem(id: &str, targets: &[Table], refs: &Refs<'_, '_>) -> Option<String> {
    let found = refs.ids.first(id).map(|(t, _)| t);
    if found.is_some_and(|t| targets.contains(&t)) {
        return None;
    }
    // A problem: only now is the message worth making.
    let names: Vec<_> = targets.iter().map(|t| t.name()).collect();
    let want = format!("expected the id of a row in {}", names.join(" or "));
    match found {
        Some(t) => Some(format!(
            "{want}, found {}, which is a {} row",
            shorten(id),
            t.name()
        )),
        None => {
            let near = refs.suggest(id, targets);
            let hint = near
                .map(|n| format!(" (did you mean {}?)", shorten(n)))
                .unwrap_or_default();
            let unread: Vec<_> = targets
                .iter()
                .filter(|t| refs.failed.contains(t))
                .map(|t| t.name())
                .collect();
            let unread = if unread.is_empty() {
                String::new()
            } else {
                format!(" that loaded ({} has rows with errors)", unread.join(", "))
            };
            Some(format!(
                "{want}, found {}, which matches no row{unread}{hint}",
                shorten(id)
            ))
        }
    }
}

/// The candidate closest to `s` by edit similarity, if any is close enough.
pub fn closest<'a>(s: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if s.len() > 200 {
        return None;
    }
    candidates
        .map(|c| (strsim::jaro_winkler(s, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Reports each cycle of the place hierarchy once, at the row of its
/// first place in file order, listing the cycle from there. Linear: every
/// place is walked once.
fn check_place_cycles(ds: &Dataset, lines: &Lines, out: &mut Problems) {
    let row: HashMap<&str, usize> = ds
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let parent = |i: usize| {
        ds.places[i]
            .parent
            .as_deref()
            .and_then(|p| row.get(p).copied())
    };
    // 0: not seen; 1 + n: on the walk started at place n; done places are
    // marked `usize::MAX`.
    let mut state = vec![0usize; ds.places.len()];
    let mut found: Vec<Vec<usize>> = Vec::new();
    for start in 0..ds.places.len() {
        if state[start] != 0 {
            continue;
        }
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            if state[i] == 1 + start {
                // Back on this walk: the cycle is the walk from `i` on.
                let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                found.push(walk[from..].to_vec());
                break;
            }
            if state[i] != 0 {
                break;
            }
            state[i] = 1 + start;
            walk.push(i);
            cur = parent(i);
        }
        for i in walk {
            state[i] = usize::MAX;
        }
    }
    found.sort_by_key(|c| c.iter().min().copied());
    for mut cycle in found {
        if cycle.len() < 2 {
            continue;
        }
        let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
        cycle.rotate_left(first);
        let ids: Vec<&str> = cycle.iter().map(|&i| ds.places[i].id.as_str()).collect();
        let shown = if ids.len() <= 12 {
            ids.join(" → ")
        } else {
            format!(
                "{} → … ({} places) → {}",
                ids[..5].join(" → "),
                ids.len() - 10,
                ids[ids.len() - 5..].join(" → ")
            )
        };
        out.push(lines.at(
            Table::Places,
            cycle[0],
            Some("parent"),
            format!(
                "the place hierarchy has a cycle: {shown} → {}; expected a tree",
                ids[0]
            ),
        ));
    }
}

/// A lease whose end is derived (start or signing plus the term) must have
/// one: a term that carries it past year 9999 would otherwise leave its end
/// silently empty in every listing.
fn check_lease_ends(ds: &Dataset, lines: &Lines, out: &mut Problems) {
    for (i, l) in ds.leases.iter().enumerate() {
        let (None, Some(term)) = (&l.end, l.term_years) else {
            continue;
        };
        let Some((field, from)) = [("start", &l.start), ("signed", &l.signed)]
            .into_iter()
            .find_map(|(f, d)| Some((f, d.as_ref()?)))
        else {
            continue;
        };
        let fits = i32::try_from(term).is_ok_and(|t| from.add_years(t).is_ok());
        if !fits {
            out.push(lines.at(
                Table::Leases,
                i,
                Some("term_years"),
                format!(
                    "expected a term ending by year 9999, found {term} years from {field} {}",
                    from.edtf()
                ),
            ));
        }
    }
}

/// Every record some citation names, by table and id.
fn cited_records(ds: &Dataset) -> HashSet<(Table, &str)> {
    ds.citations
        .iter()
        .map(|c| (c.record.table(), c.record.id()))
        .collect()
}

/// Collapses every run of white space to one space and trims the ends.
pub fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_quotes(
    ds: &Dataset,
    lines: &Lines,
    opts: &CheckOptions,
    out: &mut Problems,
) -> QuoteStats {
    let mut stats = QuoteStats::default();
    let mut texts: HashMap<&str, Option<String>> = HashMap::default();
    if let Some(dir) = &opts.sources_dir {
        // A directory that is not there is one problem, not one per source
        // text; a file name leading outside it is still an error.
        let missing = match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => None,
            Ok(_) => Some("is not a directory".to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("does not exist".into()),
            Err(e) => Some(format!("cannot be read: {}", inside::reason(&e))),
        };
        if let Some(why) = &missing {
            out.push(DataError::file(
                dir,
                format!("the sources directory {why}, so no quote was verified against it"),
            ));
        }
        for (i, s) in ds.sources.iter().enumerate() {
            let Some(file) = s.file.as_deref() else {
                continue;
            };
            if missing.is_some() {
                if let Some(msg) = outside(file) {
                    out.push(lines.at(Table::Sources, i, Some("file"), msg));
                }
                continue;
            }
            let text = read_source(dir, file);
            if let Err(msg) = &text {
                out.push(lines.at(Table::Sources, i, Some("file"), msg.clone()));
            }
            texts.insert(s.id.as_str(), text.ok());
        }
    }
    // Sources by id, the first row with an id winning (sources is the first
    // table, so this is what the dataset's id index would answer).
    let mut sources: HashMap<&str, &Source> = HashMap::default();
    for s in &ds.sources {
        sources.entry(s.id.as_str()).or_insert(s);
    }
    for (i, c) in ds.citations.iter().enumerate() {
        let Some(&source) = sources.get(c.source.as_str()) else {
            continue;
        };
        if c.quote_kind == QuoteKind::Summary {
            stats.summaries += 1;
            continue;
        }
        if source.file.is_none() {
            stats.unverifiable += 1;
            continue;
        }
        match texts.get(source.id.as_str()) {
            None => stats.unchecked += 1,
            Some(None) => stats.unchecked += 1,
            Some(Some(text)) => {
                let quote = normalize_space(&c.quote);
                if !quote.is_empty() && text.contains(&quote) {
                    stats.verified += 1;
                } else {
                    stats.failed += 1;
                    out.push(lines.at(
                        Table::Citations,
                        i,
                        Some("quote"),
                        format!(
                            "quote not found verbatim in {} (only white space may differ): {}",
                            source.file.as_deref().unwrap_or_default(),
                            shorten(&c.quote)
                        ),
                    ));
                }
            }
        }
    }
    stats
}

/// The largest source text `check --sources` reads.
pub const SOURCE_LIMIT: u64 = 64 << 20;

/// The problem with a `sources.file` cell that would lead outside the
/// sources directory, whatever the directory holds (or whether it exists).
fn outside(file: &str) -> Option<String> {
    (!inside::is_below(file)).then(|| {
        format!(
            "expected a file name inside the sources directory (no `..`, not absolute), found {}",
            shorten(file)
        )
    })
}

/// Reads the source text `file` (a `sources.file` cell) from `dir`: only a
/// regular file inside `dir`, at most [`SOURCE_LIMIT`] bytes.
fn read_source(dir: &Path, file: &str) -> Result<String, String> {
    use std::io::Read;
    if let Some(msg) = outside(file) {
        return Err(msg);
    }
    let path = dir.join(file);
    let cannot = |why: String| format!("cannot read the source text {}: {why}", shorten(file));
    let opened = inside::open_inside(dir, &path, "the sources directory")
        .map_err(cannot)?
        .ok_or_else(|| cannot("does not exist".into()))?;
    if opened.len > SOURCE_LIMIT {
        return Err(cannot(format!(
            "it is {} bytes, over the limit of {SOURCE_LIMIT}",
            opened.len
        )));
    }
    let mut bytes = Vec::new();
    opened
        .file
        .take(SOURCE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(inside::reason(&e)))?;
    if bytes.len() as u64 > SOURCE_LIMIT {
        return Err(cannot(format!(
            "it grew over the limit of {SOURCE_LIMIT} bytes"
        )));
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(normalize_space(
        text.strip_prefix('\u{feff}').unwrap_or(&text),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("chongjin-port"));
        assert!(is_slug("kp-09"));
        assert!(!is_slug("Chongjin"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
    }

    #[test]
    fn white_space_is_folded() {
        assert_eq!(normalize_space("  a \n\t b  "), "a b");
    }
}
