//! What `-o FILE` and `export` promise, through the binary: a destination is
//! written completely or not at all, whatever goes wrong part-way (a bad row,
//! an unwritable directory, a full disk, Ctrl-C, SIGTERM, SIGKILL); CSV cells
//! a spreadsheet would run as formulas are neutralised unless `--raw`; and a
//! reader that stops early (`| head`) or Ctrl-C ends nkport quietly with the
//! conventional exit status.
//!
//! Each test builds its own small data package in a temporary directory from
//! `tests/fixtures/valid/`.

#![cfg(unix)]

mod common;

use common::{command as nkport, fixture_copy, stderr, tables_around};
use nkport::load::write::write_table;
use nkport::model::{List, Place};

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

const KNOWN: &str = "known content, must survive\n";

fn run(args: &[&str]) -> Output {
    nkport().args(args).output().expect("run nkport")
}

/// Writes the fixture's routes and `n` more made from its first one, then,
/// if `bad`, one whose `mode` is "spaceship" (no `Mode`: set as text).
fn add_routes(pkg: &Path, n: usize, bad: bool) {
    let mut routes = common::fixture().routes;
    let base = routes[0].clone();
    for i in 0..n {
        let mut r = base.clone();
        r.id = format!("route-{i}");
        r.name = format!("Route {i} from Westfield to Eastharbour");
        r.goods = List(vec!["timber".into(), "salt".into(), "coal".into()]);
        r.notes = Some(format!("generated row {i}"));
        routes.push(r);
    }
    if bad {
        let mut r = base.clone();
        r.id = "bad-route".into();
        r.name = "Bad".into();
        (r.goods, r.period, r.notes) = (List::default(), None, None);
        routes.push(r);
    }
    write_table(pkg, &routes).unwrap();
    if bad {
        common::patch::apply(pkg, "set routes bad-route mode spaceship").unwrap();
    }
}

/// The `.nkport-*.tmp` files in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".nkport-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn bad_row_part_way_leaves_existing_file_and_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    // Enough good rows that some output reaches the temporary file first.
    add_routes(&pkg, 3000, true);
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    for name in ["routes.csv", "routes.json", "routes.md"] {
        let file = out.join(name);
        fs::write(&file, KNOWN).unwrap();
        let o = run(&[
            "--data",
            pkg.to_str().unwrap(),
            "routes",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("spaceship"), "{name}: {}", stderr(&o));
        assert_eq!(fs::read_to_string(&file).unwrap(), KNOWN, "{name} changed");
        // `export TABLE -o FILE` takes the same path.
        let o = run(&[
            "--data",
            pkg.to_str().unwrap(),
            "export",
            "routes",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "export {name}: {}", stderr(&o));
        assert_eq!(fs::read_to_string(&file).unwrap(), KNOWN, "{name} changed");
    }
    // A new file is not created either.
    let fresh = out.join("new.csv");
    let o = run(&[
        "--data",
        pkg.to_str().unwrap(),
        "routes",
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!fresh.exists());
    assert_eq!(temps(&out), Vec::<String>::new());
}

#[test]
fn success_replaces_file_keeping_its_mode_and_symlink() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ports.csv");
    fs::write(&file, KNOWN).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.csv");
    symlink(&file, &link).unwrap();
    let o = run(&["ports", "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("id,name,"), "{text}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // A new file gets ordinary permissions, not the temporary file's 0600.
    let fresh = dir.path().join("fresh.csv");
    let o = run(&["ports", "-o", fresh.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_ne!(mode & 0o044, 0, "new file is private: {mode:o}");
    assert_eq!(temps(dir.path()), Vec::<String>::new());
}

/// An unwritable destination directory: exit 1, a message naming the path,
/// nothing created.
///
/// These tests often run as root, which ignores permission bits, so a
/// `chmod 555` directory does not stop a write. The test therefore checks
/// several destinations: a directory made read-only with chmod 555 (only
/// asserted when a probe shows the permission bits bite, i.e. not as root);
/// a "directory" that is a regular file (ENOTDIR, for everyone); `/sys/`,
/// where even root cannot create files (when a probe confirms it); and a new
/// file under `/proc/self/` (written directly, never created).
#[test]
fn unwritable_directory_fails_naming_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("readonly");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let not_a_dir = dir.path().join("plain-file");
    fs::write(&not_a_dir, KNOWN).unwrap();
    let mut cases = vec![not_a_dir.join("ports.csv")];
    let unwritable = |d: &Path| {
        let probe = d.join(".nkport-probe");
        let denied = fs::write(&probe, b"").is_err();
        let _ = fs::remove_file(&probe);
        denied
    };
    if unwritable(&ro) {
        cases.push(ro.join("ports.csv"));
    } else {
        eprintln!("running as root: chmod 555 does not stop writes, not asserted");
    }
    if Path::new("/sys").is_dir() && unwritable(Path::new("/sys")) {
        cases.push(PathBuf::from("/sys/nkport-test-out.csv"));
    }
    if Path::new("/proc/self").is_dir() {
        cases.push(PathBuf::from("/proc/self/nkport-test-out.csv"));
    }
    for path in &cases {
        let o = run(&["ports", "-o", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", path.display());
        let err = stderr(&o);
        assert!(
            err.contains(&format!("cannot write {}", path.display())),
            "{}: {err}",
            path.display()
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(!path.exists());
    }
    assert_eq!(fs::read_to_string(&not_a_dir).unwrap(), KNOWN);
    assert_eq!(temps(&ro), Vec::<String>::new());
    assert_eq!(temps(dir.path()), Vec::<String>::new());
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
}

/// A full disk: `/dev/full` fails every write with ENOSPC. The test goes
/// through a symbolic link in its own directory, so that a binary that
/// wrongly renamed a file over the destination would replace the link, not
/// the device (as root it would otherwise replace `/dev/full` itself).
/// Devices and anything under `/dev` are written directly, never replaced.
#[test]
fn full_disk_fails_and_devices_are_written_not_replaced() {
    use std::os::unix::fs::{FileTypeExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let is_link = |p: &Path| fs::symlink_metadata(p).unwrap().file_type().is_symlink();
    let full = Path::new("/dev/full");
    if fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        let link = dir.path().join("full.csv");
        symlink(full, &link).unwrap();
        let o = run(&["citations", "-o", link.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("cannot write {}", link.display())),
            "{err}"
        );
        assert!(err.contains("No space left"), "{err}");
        assert!(is_link(&link));
    } else {
        eprintln!("no /dev/full here; not asserted");
    }
    // Into /dev/null, and into /dev/stdout (a pipe here), through links.
    let null = dir.path().join("null.csv");
    symlink("/dev/null", &null).unwrap();
    let o = run(&["ports", "-o", null.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_link(&null));
    let out = dir.path().join("stdout.csv");
    symlink("/dev/stdout", &out).unwrap();
    let o = run(&["ports", "--format", "csv", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("id,name,"));
    assert!(is_link(&out));
    // /dev/stdout redirected to a file with `>>` appends, keeping what was there.
    let log = dir.path().join("log.txt");
    fs::write(&log, KNOWN).unwrap();
    let o = Command::new("sh")
        .args(["-c", "exec \"$0\" \"$@\" >> \"$LOG\""])
        .arg(env!("CARGO_BIN_EXE_nkport"))
        .args(["ports", "--format", "csv", "-o", out.to_str().unwrap()])
        .env("LOG", &log)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&log).unwrap();
    assert!(
        text.starts_with(KNOWN) && text.contains("id,name,"),
        "{text}"
    );
    assert_eq!(temps(dir.path()), Vec::<String>::new());
}

#[test]
fn export_all_that_fails_leaves_the_directory_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    add_routes(&pkg, 100, true);
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("routes.csv"), KNOWN).unwrap();
    let o = run(&[
        "--data",
        pkg.to_str().unwrap(),
        "export",
        "all",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // All or nothing: no table is written, not even those before routes
    // (in `Table::ALL` order), and the file that was there stays as it was.
    let (before, after) = tables_around("routes");
    for table in before.iter().chain(after.iter()) {
        assert!(
            !out.join(format!("{table}.csv")).exists(),
            "{table}.csv written"
        );
    }
    assert_eq!(fs::read_to_string(out.join("routes.csv")).unwrap(), KNOWN);
    assert_eq!(temps(&out), Vec::<String>::new());
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["routes.csv"],
        "nothing else is left in the directory"
    );
}

/// Starts `nkport --data PKG routes -o FILE`, waits until output has reached
/// its temporary file, then sends `signal`. Returns the exit status, or
/// `None` when the run finished before the signal could be sent.
fn interrupt_mid_write(dir: &Path, pkg: &Path, file: &Path, signal: i32) -> Option<ExitStatus> {
    let mut child = nkport()
        .args([
            "--data",
            pkg.to_str().unwrap(),
            "routes",
            "-o",
            file.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "nkport failed before the signal");
            return None;
        }
        let started = fs::read_dir(dir).unwrap().any(|e| {
            let e = e.unwrap();
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(".nkport-") && e.metadata().is_ok_and(|m| m.len() > 0)
        });
        if started {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no output started"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, signal) };
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    if signal != libc::SIGKILL {
        assert_eq!(err, "", "a signal must end nkport quietly");
    }
    Some(status)
}

/// Runs `check` on a signal sent mid-write, growing the package until the
/// write lasts long enough to be interrupted (a fast machine may finish
/// 20,000 rows before the signal lands).
fn with_interrupted_write(signal: i32, check: impl Fn(&Path, &Path, ExitStatus)) {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let file = out.join("routes.csv");
    let mut rows = 20_000;
    for _ in 0..4 {
        add_routes(&pkg, rows, false);
        fs::write(&file, KNOWN).unwrap();
        if let Some(status) = interrupt_mid_write(&out, &pkg, &file, signal) {
            check(&out, &file, status);
            return;
        }
        rows *= 4;
    }
    panic!("could not interrupt a write of {rows} rows");
}

#[test]
fn ctrl_c_mid_write_exits_130_and_cleans_up() {
    with_interrupted_write(libc::SIGINT, |out, file, status| {
        assert_eq!(status.code(), Some(130));
        assert_eq!(fs::read_to_string(file).unwrap(), KNOWN);
        assert_eq!(temps(out), Vec::<String>::new());
    });
}

#[test]
fn sigterm_mid_write_exits_143_and_cleans_up() {
    with_interrupted_write(libc::SIGTERM, |out, file, status| {
        assert_eq!(status.code(), Some(143));
        assert_eq!(fs::read_to_string(file).unwrap(), KNOWN);
        assert_eq!(temps(out), Vec::<String>::new());
    });
}

/// SIGKILL cannot be caught: the destination is still untouched (it is only
/// ever replaced by a rename), but the temporary file may stay behind. That
/// stray `.nkport-*.tmp` is the one thing a killed process can leave.
#[test]
fn sigkill_mid_write_leaves_file_unchanged() {
    use std::os::unix::process::ExitStatusExt;
    with_interrupted_write(libc::SIGKILL, |out, file, status| {
        assert_eq!(status.signal(), Some(libc::SIGKILL));
        assert_eq!(fs::read_to_string(file).unwrap(), KNOWN);
        assert!(temps(out).len() <= 1);
    });
}

/// Ctrl-C while blocked writing to a pipe nobody reads: exit 130, silently.
#[test]
fn ctrl_c_while_writing_stdout_exits_130_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture_copy(dir.path());
    add_routes(&pkg, 5000, false);
    let mut child = nkport()
        .args(["--data", pkg.to_str().unwrap(), "routes", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little so we know it is writing, then stop reading: it blocks.
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130));
    assert_eq!(stderr(&o), "");
}

/// A package of places whose text starts with what spreadsheets run as
/// formulas, and a negative longitude.
const RISKY: [&str; 7] = [
    "=HYPERLINK(\"http://x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
    "plain, with comma",
];

fn risky_package(dir: &Path) -> PathBuf {
    let pkg = fixture_copy(dir);
    let base: Place = common::fixture().get::<Place>("westfield").unwrap().clone();
    let places: Vec<Place> = RISKY
        .iter()
        .enumerate()
        .map(|(i, text)| Place {
            id: format!("risky-{i}"),
            name: text.to_string(),
            parent: None,
            aliases: List(vec![text.to_string()]),
            lat: Some(40.5),
            lon: Some(-122.25),
            notes: Some(text.to_string()),
            ..base.clone()
        })
        .collect();
    write_table(&pkg, &places).unwrap();
    pkg
}

/// The column `name` of every row of a CSV text.
fn csv_column(text: &[u8], name: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(text);
    let col = r.headers().unwrap().iter().position(|h| h == name).unwrap();
    r.records()
        .map(|rec| rec.unwrap()[col].to_string())
        .collect()
}

#[test]
fn csv_neutralises_formula_like_cells_unless_raw() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = risky_package(dir.path());
    let p = pkg.to_str().unwrap();
    let safe = run(&["--data", p, "places", "--format", "csv"]);
    assert!(safe.status.success(), "{}", stderr(&safe));
    let neutralised = |t: &str| {
        if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{t}")
        } else {
            t.to_string()
        }
    };
    for col in ["name", "notes"] {
        let want: Vec<String> = RISKY.iter().map(|t| neutralised(t)).collect();
        assert_eq!(csv_column(&safe.stdout, col), want, "column {col}");
    }
    // List items are trimmed when read, so a leading tab or CR does not survive.
    let want: Vec<String> = RISKY.iter().map(|t| neutralised(t.trim())).collect();
    assert_eq!(csv_column(&safe.stdout, "aliases"), want, "column aliases");
    // Numbers are never touched: a negative longitude stays a number.
    assert!(
        csv_column(&safe.stdout, "lon")
            .iter()
            .all(|l| l == "-122.25")
    );
    assert!(csv_column(&safe.stdout, "lat").iter().all(|l| l == "40.5"));

    // TSV follows the same rule.
    let tsv = run(&["--data", p, "places", "--format", "tsv"]);
    let text = String::from_utf8(tsv.stdout).unwrap();
    assert!(text.contains("\"'=HYPERLINK"), "{text}");
    assert!(text.contains("\t'+1+1\t"), "{text}");
    assert!(text.contains("\t-122.25\t"), "{text}");

    // --raw writes the cells as they are, and reading them back gives the
    // same values: parsed as CSV, and as a data package of its own.
    let raw = run(&["--data", p, "places", "--format", "csv", "--raw"]);
    assert!(raw.status.success(), "{}", stderr(&raw));
    for col in ["name", "notes"] {
        assert_eq!(csv_column(&raw.stdout, col), RISKY, "raw column {col}");
    }
    assert!(
        csv_column(&raw.stdout, "lon")
            .iter()
            .all(|l| l == "-122.25")
    );
    let again = dir.path().join("again");
    fs::create_dir(&again).unwrap();
    for e in fs::read_dir(&pkg).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), again.join(e.file_name())).unwrap();
    }
    fs::write(again.join("places.csv"), &raw.stdout).unwrap();
    let round = run(&[
        "--data",
        again.to_str().unwrap(),
        "places",
        "--format",
        "csv",
        "--raw",
    ]);
    assert!(round.status.success(), "{}", stderr(&round));
    assert_eq!(
        round.stdout, raw.stdout,
        "--raw CSV does not read back the same"
    );
}

/// A package big enough that its CSV output does not fit in a pipe.
fn piped_package(dir: &Path) -> PathBuf {
    let pkg = fixture_copy(dir);
    add_routes(&pkg, 3000, false);
    pkg
}

#[test]
fn head_closing_the_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = piped_package(dir.path());
    for args in [
        vec!["citations"],
        vec!["--data", pkg.to_str().unwrap(), "routes", "--format", "csv"],
        vec![
            "--data",
            pkg.to_str().unwrap(),
            "routes",
            "--format",
            "json",
        ],
    ] {
        let mut nk: Child = nkport()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let head = Command::new("head")
            .arg("-1")
            .stdin(nk.stdout.take().unwrap())
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(head.status.success());
        assert_eq!(String::from_utf8_lossy(&head.stdout).lines().count(), 1);
        let o = nk.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

#[test]
fn stdout_closed_early_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = piped_package(dir.path());
    let mut nk = nkport()
        .args(["--data", pkg.to_str().unwrap(), "routes", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = nk.stdout.take().unwrap();
    let mut buf = [0u8; 100];
    let n = out.read(&mut buf).unwrap();
    assert!(n > 0);
    drop(out);
    let o = nk.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");

    // Stdout closed before nkport even starts (`>&-`).
    let o = Command::new("sh")
        .args(["-c", "exec \"$0\" \"$@\" >&-", env!("CARGO_BIN_EXE_nkport")])
        .args(["--data", pkg.to_str().unwrap(), "routes", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}
