//! Right answers at the edges of outputs and arguments (issue #12), through
//! the binary; the sibling of `tests/broken/` for what is not a broken
//! package:
//!
//! - a closed pipe ends every command quietly (exit 0, nothing on stderr),
//!   a full disk (`/dev/full`) is an error naming it, never a panic;
//! - figures stay numbers: `population --conflicts` in JSON, a negative
//!   number in CSV (not taken for a formula), a spread too large for a
//!   number is none at all in every format;
//! - a lease signed after the day asked about does not expire before it;
//! - usage errors (`--columns id,id`, an unknown column, a reversed
//!   `--since/--until`, `sql-views -o views.json`) exit 2 with nothing on
//!   stdout;
//! - `export all -o DIR` never leaves two files for one table;
//! - messages say what is wrong: "is not a directory", "is a FIFO",
//!   "permission denied".

#![cfg(unix)]

mod common;

use common::{fixture_copy, stderr};
use std::fs;
use std::os::fd::FromRawFd;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn nkport() -> Command {
    common::command()
}

fn run(args: &[&str]) -> Output {
    nkport().args(args).output().expect("run nkport")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn no_panic(what: &str, o: &Output) {
    assert!(
        !stderr(o).contains("panicked") && o.status.code() != Some(101),
        "{what} panicked: {}",
        stderr(o)
    );
}

/// The commands whose output these tests send to a closed pipe and a full
/// disk: every kind of writer (list tables in each format, show, search,
/// facet, the timeline and its chart, check, completions, the man page,
/// help and version).
fn writers(data: &str) -> Vec<Vec<String>> {
    let with_data = |args: &[&str]| {
        let mut v = vec!["--data".to_string(), data.to_string()];
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    let mut out = vec![
        with_data(&["places", "--format", "csv"]),
        with_data(&["places", "--format", "table"]),
        with_data(&["places", "--format", "markdown"]),
        with_data(&["places", "--format", "json"]),
        with_data(&["ports", "--format", "geojson"]),
        with_data(&["show", "westfield"]),
        with_data(&["show", "westfield", "--format", "json"]),
        with_data(&["search", "eastharbour"]),
        with_data(&["facet", "places", "kind"]),
        with_data(&["timeline"]),
        with_data(&["timeline", "--chart"]),
        with_data(&["population", "--conflicts"]),
        with_data(&["check"]),
        vec!["man".into()],
        vec!["--help".into()],
        vec!["routes".into(), "--help".into()],
        vec!["-h".into()],
        vec!["--version".into()],
    ];
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        out.push(vec!["completions".into(), shell.into()]);
    }
    out
}

/// A pipe whose reading end is already closed: every write fails with
/// EPIPE, deterministically (however small the output).
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: pipe writes two new descriptors into the array.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just opened and are owned here.
    let (read, write) = unsafe { (fs::File::from_raw_fd(fds[0]), fs::File::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    for args in writers(pkg.to_str().unwrap()) {
        let o = nkport().args(&args).stdout(closed_pipe()).output().unwrap();
        no_panic(&args.join(" "), &o);
        // `check` exits 0 on a valid package; everything else too.
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    // As a user types it.
    let o = Command::new("sh")
        .args(["-c", "\"$0\" completions bash | head -1"])
        .arg(env!("CARGO_BIN_EXE_nkport"))
        .output()
        .unwrap();
    assert_eq!(stdout(&o).lines().count(), 1);
    assert_eq!(stderr(&o), "");
}

#[test]
fn a_full_disk_is_an_error_for_every_command() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("no /dev/full here; not asserted");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    for args in writers(pkg.to_str().unwrap()) {
        let dev = fs::OpenOptions::new().write(true).open(full).unwrap();
        let o = nkport().args(&args).stdout(dev).output().unwrap();
        no_panic(&args.join(" "), &o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with("nkport: error: ") && err.contains("No space left on device"),
            "{args:?}: {err}"
        );
    }
}

/// The fixture with a second population figure for Eastharbour from the
/// atlas (`value`, beside the gazette's `base`), and a claim given by both
/// sources with values `claim_a` and `claim_b`, written as CSV.
fn figures_package(dir: &Path, base: f64, value: f64, claim_a: &str, claim_b: &str) -> String {
    use nkport::model::{RecordRef, Table};
    let mut ds = common::fixture();
    ds.population[0].value = base;
    let mut pop = ds.population[0].clone();
    pop.id = "pop-eastharbour-atlas".into();
    pop.value = value;
    ds.population.push(pop);
    for (id, v) in [("claim-depth-a", claim_a), ("claim-depth-b", claim_b)] {
        let mut c = ds.claims[0].clone();
        c.id = id.into();
        c.subject = RecordRef::new(Table::Ports, "eastharbour-port");
        c.property = "depth_m".into();
        c.value = v.into();
        ds.claims.push(c);
    }
    for (id, table, record, source) in [
        (
            "cit-pop-atlas",
            Table::Population,
            "pop-eastharbour-atlas",
            "atlas",
        ),
        ("cit-depth-a", Table::Claims, "claim-depth-a", "gazette"),
        ("cit-depth-b", Table::Claims, "claim-depth-b", "atlas"),
    ] {
        let mut c = ds.citations[0].clone();
        c.id = id.into();
        c.record = RecordRef::new(table, record);
        c.source = source.into();
        ds.citations.push(c);
    }
    let pkg = dir.join("pkg");
    fs::create_dir_all(&pkg).unwrap();
    ds.write_csv(&pkg).unwrap();
    pkg.to_str().unwrap().to_string()
}

fn json(text: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(text)
        .unwrap_or_else(|e| panic!("{e}: {text}"))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn conflicting_figures_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = figures_package(dir.path(), 120000.0, -12.5, "-3", "7");
    let o = run(&[
        "--data",
        &data,
        "population",
        "--conflicts",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = json(&stdout(&o));
    let values: Vec<&serde_json::Value> = rows.iter().map(|r| &r["value"]).collect();
    assert_eq!(
        values,
        [&serde_json::json!(120000), &serde_json::json!(-12.5)]
    );
    assert_eq!(rows[0]["spread"], serde_json::json!(120012.5));
    // CSV: a negative number is a number, not a formula to neutralise.
    for table in ["population", "claims"] {
        let o = run(&["--data", &data, table, "--conflicts", "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        assert!(!text.contains("'-"), "{text}");
    }
    let o = run(&["--data", &data, "claims", "--format", "csv", "--raw"]);
    let raw = stdout(&o);
    let o = run(&["--data", &data, "claims", "--format", "csv"]);
    assert_eq!(stdout(&o), raw, "nothing here is a formula");
    assert!(raw.contains(",-3,"), "{raw}");
}

/// The conflicts of `table` in `format`, with only the spread columns.
fn spreads(data: &str, table: &str, format: &str) -> String {
    let o = run(&[
        "--data",
        data,
        table,
        "--conflicts",
        "--columns",
        "id,spread,spread_pct",
        "--format",
        format,
    ]);
    assert!(o.status.success(), "{table} {format}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn a_spread_too_large_for_a_number_is_none_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // 1e308 − 1 is a number; as a percent of 1 it is not. 1e308 − (−1e308)
    // is not a number either.
    let data = figures_package(dir.path(), 1.0, 1e308, "-1e308", "1e308");
    for (table, spread) in [
        ("population", serde_json::json!(1e308)),
        ("claims", serde_json::Value::Null),
    ] {
        for format in ["json", "jsonl"] {
            let text = spreads(&data, table, format);
            let rows: Vec<serde_json::Value> = if format == "json" {
                json(&text)
            } else {
                text.lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect()
            };
            assert_eq!(rows.len(), 2, "{text}");
            for r in &rows {
                assert_eq!(r["spread"], spread, "{table} {format}: {text}");
                assert_eq!(r["spread_pct"], serde_json::Value::Null, "{text}");
            }
        }
        for format in ["csv", "tsv", "markdown", "table"] {
            let text = spreads(&data, table, format);
            assert!(
                !text.to_lowercase().contains("inf") && !text.contains("NaN"),
                "{table} {format}: {text}"
            );
        }
        let csv = spreads(&data, table, "csv");
        let want_spread = if spread.is_null() { "" } else { "1" };
        for line in csv.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            assert!(cells[1].starts_with(want_spread), "{csv}");
            assert_eq!(cells[2], "", "{csv}");
        }
    }
}

#[test]
fn a_lease_does_not_expire_before_it_was_signed() {
    let dir = tempfile::tempdir().unwrap();
    // No term, no end: the end is unknown, but not before March 2010.
    let mut ds = common::fixture();
    ds.leases[0].term_years = None;
    assert!(ds.leases[0].end.is_none() && ds.leases[0].start.is_none());
    let pkg = dir.path().join("pkg");
    fs::create_dir_all(&pkg).unwrap();
    ds.write_csv(&pkg).unwrap();
    let data = pkg.to_str().unwrap();
    let ask = |day: &str| {
        let o = run(&[
            "--data",
            data,
            "leases",
            "--expiring-before",
            day,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        json(&stdout(&o))
    };
    assert_eq!(ask("2010-02-28"), Vec::<serde_json::Value>::new());
    assert_eq!(ask("2010-03-01"), Vec::<serde_json::Value>::new());
    let later = ask("2010-03-02");
    assert_eq!(later.len(), 1);
    assert_eq!(later[0]["expiring_before"], "possibly");
}

#[test]
fn usage_errors_exit_2_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    let data = pkg.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["places", "--columns", "id,id"],
            "--columns names `id` twice",
        ),
        (
            &["places", "--columns", "id,nme"],
            "places has no column `nme`; its columns are: id, name,",
        ),
        (
            &["places", "--sort", "nme"],
            "cannot sort places by `nme`: no such column; its columns are: id, name,",
        ),
        (
            &["places", "--sort", "nme", "--format", "json"],
            "cannot sort places by `nme`",
        ),
        (&["search", "harbour", "--columns", "id,id"], "twice"),
        (&["search", "harbour", "--sort", "nope"], "no such column"),
        (
            &["population", "--conflicts", "--sort", "nope"],
            "cannot sort conflicts by `nope`",
        ),
        (&["timeline", "--columns", "date,date"], "twice"),
        (
            &["timeline", "--since", "2001", "--until", "2000"],
            "--since 2001 is after --until 2000",
        ),
        (
            &[
                "timeline",
                "--since",
                "2000-06",
                "--until",
                "2000-05-31",
                "--chart",
            ],
            "--since 2000-06 is after --until 2000-05-31",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["--data", data];
        all.extend_from_slice(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
        // The same into a file: nothing is written.
        let file = dir.path().join("out.csv");
        let mut to_file = all.clone();
        let f = file.to_str().unwrap();
        to_file.extend(["-o", f]);
        if !args.contains(&"--chart") {
            let o = run(&to_file);
            assert_eq!(o.status.code(), Some(2), "{args:?} -o: {}", stderr(&o));
            assert!(!file.exists(), "{args:?} -o wrote {f}");
        }
    }
    // A window of one day is not reversed.
    let o = run(&[
        "--data", data, "timeline", "--since", "2010-03", "--until", "2010-03",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // SQL is not written under another format's name; the dialect is taken
    // in any case, like every other named value.
    let json = dir.path().join("views.json");
    let o = run(&[
        "sql-views",
        "--dialect",
        "duckdb",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("give it a .sql name"), "{}", stderr(&o));
    assert!(!json.exists());
    let sql = dir.path().join("views.SQL");
    let o = run(&[
        "sql-views",
        "--dialect",
        "Spark",
        "-o",
        sql.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(&sql).unwrap().contains("Spark SQL"));
}

#[test]
fn export_all_never_leaves_two_files_for_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    let data = pkg.to_str().unwrap();
    // ports as JSON, the other tables as CSV.
    let ports = pkg.join("ports.json");
    let o = run(&["--data", data, "ports", "-o", ports.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::remove_file(pkg.join("ports.csv")).unwrap();
    let before = run(&["--data", data, "check"]);
    assert!(before.status.success(), "{}", stdout(&before));
    let listing = |p: &Path| {
        let mut names: Vec<String> = fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files = listing(&pkg);
    for format in ["csv", "json"] {
        let o = run(&[
            "--data", data, "export", "all", "-o", data, "--format", format,
        ]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("would leave two files for one table"),
            "{format}: {err}"
        );
        assert_eq!(listing(&pkg), files, "{format}: the package changed");
    }
    // Still loads; and an export into a fresh directory loads too.
    let o = run(&["--data", data, "check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let out = dir.path().join("out");
    let o = run(&["--data", data, "export", "all", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["--data", out.to_str().unwrap(), "ports", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("eastharbour-port"));
}

#[test]
fn messages_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    // --data naming a file, a FIFO, nothing.
    let file = pkg.join("places.csv");
    let fifo = dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let missing = dir.path().join("missing");
    for (data, want) in [
        (&file, "is not a directory"),
        (&fifo, "is not a directory"),
        (&missing, "does not exist"),
    ] {
        for args in [vec!["places"], vec!["check"]] {
            let mut all = vec!["--data", data.to_str().unwrap()];
            all.extend(args);
            let o = run(&all);
            assert_eq!(o.status.code(), Some(1), "{all:?}");
            let text = stderr(&o) + &stdout(&o);
            assert!(text.contains(want), "{all:?}: {text}");
        }
    }
    // -o naming a directory.
    let o = run(&["places", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("it is a directory"), "{}", stderr(&o));
}

/// Unreadable files say "permission denied". Root reads everything, so as
/// root the commands run as `nobody` (uid 65534) on a package it can reach.
#[test]
fn unreadable_files_say_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let open = fs::Permissions::from_mode(0o755);
    fs::set_permissions(dir.path(), open.clone()).unwrap();
    let pkg = fixture_copy(dir.path());
    fs::set_permissions(&pkg, open.clone()).unwrap();
    let texts = dir.path().join("texts");
    fs::create_dir(&texts).unwrap();
    fs::set_permissions(&texts, open).unwrap();
    fs::write(texts.join("gazette.txt"), "text").unwrap();
    let as_user = |args: &[&str]| {
        let mut c = nkport();
        c.current_dir("/").args(args);
        if root {
            c.uid(65534).gid(65534);
        }
        c.output().unwrap()
    };
    // The binary must be reachable by that user; if not, say so.
    let probe = as_user(&["--version"]);
    if !probe.status.success() {
        eprintln!("the binary cannot run as uid 65534 here; not asserted");
        return;
    }
    let none = fs::Permissions::from_mode(0o000);
    fs::set_permissions(pkg.join("routes.csv"), none.clone()).unwrap();
    fs::set_permissions(texts.join("gazette.txt"), none.clone()).unwrap();
    let data = pkg.to_str().unwrap();
    let o = as_user(&["--data", data, "routes"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("routes.csv: permission denied"),
        "{}",
        stderr(&o)
    );
    let o = as_user(&[
        "--data",
        data,
        "check",
        "--sources",
        texts.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("routes.csv: permission denied"), "{out}");
    assert!(
        out.contains("gazette.txt") && out.contains("permission denied"),
        "{out}"
    );
    // A package directory that cannot be read.
    fs::set_permissions(&pkg, none).unwrap();
    let o = as_user(&["--data", data, "places"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("permission denied"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("missing"), "{}", stderr(&o));
    // An output directory that cannot be written.
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let o = as_user(&["places", "-o", ro.join("p.csv").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).to_lowercase().contains("permission denied"),
        "{}",
        stderr(&o)
    );
    fs::set_permissions(&pkg, fs::Permissions::from_mode(0o755)).unwrap();
}
