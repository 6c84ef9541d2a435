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
