//! What each fuzz target checks, shared by the targets in `fuzz/fuzz_targets/`
//! and by `tests/fuzz_regressions.rs`, which replays the saved inputs in
//! `fuzz/regressions/<target>/` through these same functions under plain
//! `cargo test` (no fuzzer, no nightly).
//!
//! Every function takes the raw fuzz input and panics on a violated property;
//! "must not panic" is the main property of each.

use nkport::dataset::Dataset;
use nkport::date::FuzzyDate;
use nkport::load::Package;
use nkport::model::{Record, Table, TableFn, Value};
use nkport::names::{self, NameError, Names};
use nkport::output::{self, CellKind, Format, Head, SinkOptions};
use std::io;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Every output format, to feed accepted rows through each sink.
const FORMATS: [Format; 7] = [
    Format::Table,
    Format::Csv,
    Format::Tsv,
    Format::Json,
    Format::Jsonl,
    Format::Markdown,
    Format::Geojson,
];

/// A directory holding one `data.<ext>` file and, for every table, a
/// `<table>.<ext>` symlink to it, so one write serves all eleven tables.
/// One per thread (the regression test runs cases in parallel threads).
struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    data: PathBuf,
}

impl Scratch {
    fn new(ext: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix("nkport-fuzz-")
            .tempdir()
            .expect("temp dir");
        let root = dir.path().to_path_buf();
        let data = root.join(format!("data.{ext}"));
        std::fs::write(&data, b"").expect("write");
        for t in Table::ALL {
            std::os::unix::fs::symlink(&data, root.join(format!("{}.{ext}", t.name())))
                .expect("symlink");
        }
        Scratch {
            _dir: dir,
            root,
            data,
        }
    }
}

thread_local! {
    static CSV_DIR: Scratch = Scratch::new("csv");
    static JSON_DIR: Scratch = Scratch::new("json");
}

/// `csv_table`: the bytes as every table's `<table>.csv`; reading every row
/// of every table must not panic, and accepted rows must survive every
/// accessor and every output format.
pub fn csv_table(data: &[u8]) {
    CSV_DIR.with(|s| read_all_tables(s, data));
}

/// `json_table`: the same for `<table>.json`.
pub fn json_table(data: &[u8]) {
    JSON_DIR.with(|s| read_all_tables(s, data));
}

fn read_all_tables(s: &Scratch, data: &[u8]) {
    std::fs::write(&s.data, data).expect("write");
    let pkg = Package::Dir(s.root.clone());
    for t in Table::ALL {
        t.dispatch(ReadTable { pkg: &pkg });
    }
}

struct ReadTable<'a> {
    pkg: &'a Package,
}

impl TableFn for ReadTable<'_> {
    type Out = ();
    fn call<T: Record>(self) {
        let Ok(rows) = self.pkg.rows::<T>() else {
            return;
        };
        let mut kept: Vec<T> = Vec::new();
        // A reader that errs may stop or go on; cap the errors so an
        // iterator that never ends shows up as a hang, not an OOM.
        for (n, r) in rows.enumerate() {
            if let Ok(located) = r {
                exercise(&located.row);
                kept.push(located.row);
            }
            assert!(n < 10_000_000, "{}: rows never end", T::TABLE.name());
        }
        write_every_format(&kept);
    }
}

/// Calls everything a command may call on a loaded row.
fn exercise<T: Record>(row: &T) {
    let _ = row.id();
    let _ = row.label();
    let _ = row.names();
    let _ = row.notes();
    let _ = row.certainty();
    let _ = row.rules();
    let _ = row.summary();
    let _ = row.conflict_key();
    let _ = row.compared();
    let _ = row.comparable(row);
    for c in 0..T::COLUMNS.len() {
        let v = row.value(c);
        let _ = v.is_empty();
        let _ = output::human(&v);
        if let Value::Date(d) = v {
            check_date(d);
        }
    }
}

fn write_every_format<T: Record>(rows: &[T]) {
    let heads: Vec<Head> = T::COLUMNS
        .iter()
        .map(|c| Head::new(c.name, CellKind::of(c.kind)))
        .collect();
    for format in FORMATS {
        for raw in [false, true] {
            let opts = SinkOptions {
                raw,
                width: 80,
                color: raw,
                wrap: raw,
                table: Some(T::TABLE),
                rows_of: Some(T::TABLE),
            };
            let mut sink = output::sink(format, opts);
            let mut w = io::sink();
            sink.header(&mut w, &heads).expect("header");
            for row in rows {
                let cells: Vec<Value<'_>> = (0..T::COLUMNS.len()).map(|c| row.value(c)).collect();
                sink.row(&mut w, &cells, None).expect("row");
            }
            sink.finish(&mut w).expect("finish");
        }
    }
}

/// `fuzzy_date`: the bytes as text (lossily) through [`FuzzyDate::parse`].
pub fn fuzzy_date(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(d) = FuzzyDate::parse(&text) {
        check_date(&d);
    }
}

/// What must hold of every date that parsed.
fn check_date(d: &FuzzyDate) {
    // The canonical text parses again to the same date.
    let again = FuzzyDate::parse(d.edtf())
        .unwrap_or_else(|e| panic!("{:?} does not parse again: {}", d.edtf(), e.reason()));
    assert_eq!(again.edtf(), d.edtf());
    assert_eq!(again.earliest(), d.earliest());
    assert_eq!(again.latest(), d.latest());
    // Bounds are ordered.
    if let (Some(a), Some(b)) = (d.earliest(), d.latest()) {
        assert!(a <= b, "{:?}: earliest {a} after latest {b}", d.edtf());
    }
    let _ = d.human();
    let _ = d.precision();
    let _ = d.is_interval();
    let _ = d.is_exact_day();
    let _ = d.is_uncertain();
    let _ = d.is_approximate();
    let _ = d.overlaps(d);
    if let Some(day) = d.earliest().or(d.latest()) {
        let _ = d.contains(day);
        let _ = d.on_or_before(day);
    }
    for years in [
        1,
        -1,
        4,
        -4,
        25,
        -25,
        100,
        -100,
        9999,
        -9999,
        i32::MAX,
        i32::MIN,
    ] {
        if let Ok(moved) = d.add_years(years) {
            let _ = moved.human();
            if let (Some(a), Some(b)) = (moved.earliest(), moved.latest()) {
                assert!(a <= b, "{:?} + {years}y: bounds out of order", d.edtf());
            }
        }
    }
}

/// The embedded dataset and its names, loaded once.
fn embedded_names() -> &'static (Dataset, Names) {
    static NAMES: OnceLock<(Dataset, Names)> = OnceLock::new();
    NAMES.get_or_init(|| {
        let ds = Dataset::load(&Package::Embedded).expect("embedded data loads");
        let names = Names::new(&ds, &Table::ALL);
        (ds, names)
    })
}

/// `name_matcher`: the bytes as text (lossily) through [`names::fold`],
/// lookup, resolve and suggest over the embedded dataset.
pub fn name_matcher(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let folded = names::fold(&text);
    assert_eq!(names::fold(&folded), folded, "fold is not idempotent");
    assert!(folded.chars().all(char::is_alphanumeric));
    let (_, names) = embedded_names();
    for hit in names.lookup(&text) {
        assert!(!hit.id.is_empty());
    }
    // `resolve` scans every key for suggestions when nothing matches; two
    // scopes (everything, and ports then places) keep the target fast enough
    // to fuzz under the sanitizer.
    for prefer in [&[][..], &[Table::Ports, Table::Places][..]] {
        match names.resolve(&text, prefer) {
            Ok(hit) => assert!(!hit.id.is_empty()),
            Err(e) => {
                if let NameError::NotFound { suggestions, .. } = &e {
                    assert!(suggestions.len() <= 5);
                    assert!(
                        suggestions
                            .iter()
                            .all(|h| prefer.is_empty() || prefer.contains(&h.table))
                    );
                }
                let _ = e.to_string();
            }
        }
    }
}

/// A directory of `tests/fixtures/` (`valid`, `texts`), found from either
/// crate that includes this file: the repository's or `fuzz/`.
fn fixture_dir(sub: &str) -> PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.join("tests/fixtures"), here.join("../tests/fixtures")]
        .into_iter()
        .map(|d| d.join(sub))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| panic!("tests/fixtures/{sub} not found from {}", here.display()))
}

/// Files as (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Every file of a directory.
fn files_of(dir: &std::path::Path) -> Files {
    let mut out: Files = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// The valid fixture package as CSV files (written once, through the
/// library's writer, from `tests/fixtures/valid/*.json`) and its source
/// texts (`tests/fixtures/texts/`): `check_package` overlays its input on
/// them.
fn fixture() -> &'static (Files, Files) {
    static FIXTURE: OnceLock<(Files, Files)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let ds = Dataset::load(&Package::Dir(fixture_dir("valid"))).expect("the fixture loads");
        let tmp = tempfile::tempdir().expect("temp dir");
        ds.write_csv(tmp.path()).expect("write the fixture");
        (files_of(tmp.path()), files_of(&fixture_dir("texts")))
    })
}

/// One file of a `check_package` input: its name, and its content or
/// `None` to delete it from the package.
type Entry<'a> = (String, Option<&'a [u8]>);

/// Splits a `check_package` input into files. A line `@@ NAME` starts the
/// file NAME (its content runs to the next such line, that line's newline
/// included); `@@ -NAME` deletes NAME. NAME is `<table>.csv`,
/// `<table>.json` or `texts/<file>`; anything else, and bytes before the
/// first `@@` line, are ignored.
pub fn unpack(data: &[u8]) -> Vec<Entry<'_>> {
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i..].starts_with(b"@@ ") && (i == 0 || data[i - 1] == b'\n'))
        .collect();
    let mut out = Vec::new();
    for (n, &at) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(data.len());
        let head_end = data[at..end]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(end, |p| at + p);
        let name = String::from_utf8_lossy(&data[at + 3..head_end])
            .trim()
            .to_string();
        let (name, content) = match name.strip_prefix('-') {
            Some(n) => (n.to_string(), None),
            None => (name, Some(&data[(head_end + 1).min(end)..end])),
        };
        if allowed(&name) {
            out.push((name, content));
        }
    }
    out
}

/// Whether `name` is a file `check_package` may write: a table file, or a
/// plain file name under `texts/`.
fn allowed(name: &str) -> bool {
    if let Some(text) = name.strip_prefix("texts/") {
        return !text.is_empty()
            && text.len() <= 32
            && !text.starts_with('.')
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    }
    Table::ALL.iter().any(|t| {
        name.strip_prefix(t.name())
            .is_some_and(|ext| ext == ".csv" || ext == ".json")
    })
}

/// A package directory `pkg/` beside a source-text directory `texts/`,
/// rebuilt for every input.
struct PackageScratch {
    _dir: tempfile::TempDir,
    pkg: PathBuf,
    texts: PathBuf,
}

impl PackageScratch {
    fn new() -> PackageScratch {
        let dir = tempfile::Builder::new()
            .prefix("nkport-fuzz-pkg-")
            .tempdir()
            .expect("temp dir");
        let (pkg, texts) = (dir.path().join("pkg"), dir.path().join("texts"));
        std::fs::create_dir(&pkg).expect("mkdir");
        std::fs::create_dir(&texts).expect("mkdir");
        PackageScratch {
            _dir: dir,
            pkg,
            texts,
        }
    }

    /// Empties both directories, writes the fixture, then the input's files.
    fn fill(&self, entries: &[Entry<'_>]) {
        for d in [&self.pkg, &self.texts] {
            for e in std::fs::read_dir(d).expect("read_dir") {
                std::fs::remove_file(e.expect("entry").path()).expect("remove");
            }
        }
        let (tables, texts) = fixture();
        for (name, bytes) in tables {
            std::fs::write(self.pkg.join(name), bytes).expect("write");
        }
        for (name, bytes) in texts {
            std::fs::write(self.texts.join(name), bytes).expect("write");
        }
        for (name, content) in entries {
            let path = match name.strip_prefix("texts/") {
                Some(t) => self.texts.join(t),
                None => self.pkg.join(name),
            };
            match content {
                Some(bytes) => std::fs::write(&path, bytes).expect("write"),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }
}

thread_local! {
    static PACKAGE_DIR: PackageScratch = PackageScratch::new();
}

/// The longest line a `check` report may hold: messages quote at most a
/// short excerpt of a cell, and the scratch directory's path is short.
const MAX_REPORT_LINE: usize = 2_000;

/// `check_package`: the input (see [`unpack`]) overlaid on the valid
/// fixture package, checked whole with its source texts. `check` must not
/// panic and must end; its report must hold no control character and no
/// overlong line; a package it accepts must load, and every package that
/// loads must survive what commands do across tables (hierarchy scopes,
/// the timeline, conflicts, names).
pub fn check_package(data: &[u8]) {
    PACKAGE_DIR.with(|s| {
        s.fill(&unpack(data));
        let pkg = Package::Dir(s.pkg.clone());
        let opts = nkport::check::CheckOptions {
            sources_dir: Some(s.texts.clone()),
        };
        let report = nkport::check::check(&pkg, &opts);
        let mut out = Vec::new();
        nkport::cmd::check::write_report(&mut out, &pkg, &opts, &report).expect("report");
        let text = String::from_utf8(out).expect("the report is UTF-8");
        for line in text.lines() {
            if let Some(c) = line.chars().find(|&c| nkport::load::is_unsafe(c)) {
                panic!("U+{:04X} in the report line {line:?}", c as u32);
            }
            assert!(
                line.chars().count() <= MAX_REPORT_LINE,
                "a report line of {} characters: {}…",
                line.chars().count(),
                line.chars().take(200).collect::<String>()
            );
        }
        assert_eq!(report.ok(), text.ends_with("ok: no problems found\n"));
        match Dataset::load(&pkg) {
            Ok(ds) => across_tables(&ds),
            Err(e) => {
                assert!(
                    !report.ok(),
                    "check accepted a package that fails to load: {e}"
                );
                let _ = e.to_string();
            }
        }
    });
}

/// What commands compute across the tables of a loaded package.
fn across_tables(ds: &Dataset) {
    for p in &ds.places {
        let _ = nkport::query::filter::scope_of(ds, Table::Places, &p.id);
    }
    for p in &ds.ports {
        let _ = nkport::query::filter::scope_of(ds, Table::Ports, &p.id);
    }
    let items = nkport::timeline::timeline(ds, &Default::default());
    let bars: Vec<nkport::output::chart::Bar> = items
        .iter()
        .map(|i| nkport::output::chart::Bar {
            label: i.title.clone(),
            earliest: i.date.earliest(),
            latest: i.date.latest(),
        })
        .collect();
    check_terminal_text(&nkport::output::chart::render(&bars, 80), 80, false);
    let _ = nkport::query::conflict::disagreements(ds);
    let names = Names::new(ds, &Table::ALL);
    for p in ds.places.iter().take(50) {
        let _ = names.resolve(&p.name, &[]);
    }
    for l in &ds.leases {
        let _ = nkport::time::lease_end(l);
    }
}

/// What must hold of text written for a terminal `width` columns wide: no
/// control or invisible format character but line breaks (and, `color`
/// on, the SGR sequences nkport writes itself), no line wider than `width`.
fn check_terminal_text(text: &str, width: usize, color: bool) {
    for line in text.lines() {
        let plain = if color {
            strip_sgr(line)
        } else {
            line.to_string()
        };
        if let Some(c) = plain.chars().find(|&c| nkport::load::is_unsafe(c)) {
            panic!("U+{:04X} in the line {line:?}", c as u32);
        }
        let w = nkport::output::text::width(&plain);
        assert!(w <= width, "a line {w} columns wide on {width}: {plain:?}");
    }
}

/// `s` without `ESC [ digits/semicolons m` sequences.
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let n = tail
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b';')
            .count();
        if tail[n..].starts_with('m') {
            rest = &tail[n + 1..];
        } else {
            // Not one of ours: keep it, to be reported.
            out.push_str("\x1b[");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// `table_render`: hostile cells through the terminal table (cut and
/// wrapped, plain and coloured), Markdown and the time chart.
///
/// Input: two bytes of width (40 to 1000, as `COLUMNS` is clamped), one
/// byte of flags (1 wrap, 2 colour, 4 the rows are a table's, its number
/// in the next byte), then rows separated by 0xFE and cells by 0xFF, the
/// first row the column names. A cell starting with 0x01 is a number (its
/// text, else its first 8 bytes as an f64, so NaN and infinities too),
/// 0x02 a `;`-separated list, 0x03 a fuzzy date (none if it does not
/// parse); an empty cell is null; anything else text (lossy UTF-8).
pub fn table_render(data: &[u8]) {
    let [w0, w1, flags, table, rest @ ..] = data else {
        return;
    };
    let width = 40 + (u16::from_le_bytes([*w0, *w1]) as usize) % 961;
    let (wrap, color) = (flags & 1 != 0, flags & 2 != 0);
    let table = (flags & 4 != 0).then(|| Table::ALL[*table as usize % Table::ALL.len()]);
    let mut rows: Vec<Vec<Cell>> = rest
        .split(|&b| b == 0xFE)
        .map(|r| r.split(|&b| b == 0xFF).map(Cell::parse).collect())
        .collect();
    let heads: Vec<Head> = rows
        .remove(0)
        .iter()
        .map(|c| Head::new(c.text(), CellKind::Text))
        .collect();
    if heads.is_empty() || heads.len() > 64 {
        return;
    }
    for r in &mut rows {
        r.resize_with(heads.len(), || Cell::Null);
    }
    let cells: Vec<Vec<Value<'_>>> = rows
        .iter()
        .map(|r| r.iter().take(heads.len()).map(Cell::value).collect())
        .collect();
    for format in [Format::Table, Format::Markdown] {
        let opts = SinkOptions {
            raw: false,
            width,
            color,
            wrap,
            table,
            rows_of: table,
        };
        let mut sink = output::sink(format, opts);
        let mut out = Vec::new();
        sink.header(&mut out, &heads).expect("header");
        for row in &cells {
            sink.row(&mut out, row, None).expect("row");
        }
        sink.finish(&mut out).expect("finish");
        let text = String::from_utf8(out).expect("UTF-8");
        if format == Format::Table {
            check_terminal_text(&text, width, color);
            // Every row is shown: at least one line each, below three
            // rules and the headings, and above the closing rule.
            if cells.is_empty() {
                assert_eq!(strip_sgr(&text), "(no rows)\n");
            } else {
                assert!(text.lines().count() >= cells.len() + 4, "{text}");
            }
        } else {
            check_terminal_text(&text, usize::MAX, false);
            assert_eq!(text.lines().count(), cells.len() + 2);
        }
    }
    let bars: Vec<nkport::output::chart::Bar> = rows
        .iter()
        .map(|r| {
            let date = r.iter().find_map(|c| match c {
                Cell::Date(d) => Some(d),
                _ => None,
            });
            nkport::output::chart::Bar {
                label: r.first().map(Cell::text).unwrap_or_default(),
                earliest: date.and_then(|d| d.earliest()),
                latest: date.and_then(|d| d.latest()),
            }
        })
        .collect();
    check_terminal_text(&nkport::output::chart::render(&bars, width), width, false);
}

/// One `table_render` cell.
enum Cell {
    Null,
    Text(String),
    Number(f64),
    List(Vec<String>),
    Date(FuzzyDate),
}

impl Cell {
    fn parse(b: &[u8]) -> Cell {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match b {
            [] => Cell::Null,
            [1, rest @ ..] => match text(rest).trim().parse::<f64>() {
                Ok(n) => Cell::Number(n),
                Err(_) => {
                    let mut eight = [0u8; 8];
                    let n = rest.len().min(8);
                    eight[..n].copy_from_slice(&rest[..n]);
                    Cell::Number(f64::from_le_bytes(eight))
                }
            },
            [2, rest @ ..] => Cell::List(text(rest).split(';').map(String::from).collect()),
            [3, rest @ ..] => FuzzyDate::parse(&text(rest)).map_or(Cell::Null, Cell::Date),
            _ => Cell::Text(text(b)),
        }
    }

    fn value(&self) -> Value<'_> {
        match self {
            Cell::Null => Value::Null,
            Cell::Text(s) => Value::Text(s),
            Cell::Number(n) => Value::Number(*n),
            Cell::List(l) => Value::List(l),
            Cell::Date(d) => Value::Date(d),
        }
    }

    fn text(&self) -> String {
        output::human(&self.value())
    }
}
