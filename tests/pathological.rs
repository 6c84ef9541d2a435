//! Regression guards for inputs that once took minutes or gigabytes: each
//! pathological package is generated here (never committed), run through the
//! binary, and must give the right error within a generous bound of
//! processor time relative to a normal package of about the same size (the
//! child's own user and system time from `wait4`, which a loaded machine
//! does not inflate as it does the time on the clock), with a peak memory
//! (its `VmHWM` on Linux) a small multiple of its input. Not a benchmark:
//! the bounds only catch a path that went quadratic or a giant allocation.

#![cfg(unix)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The size of each generated input, about.
const SIZE: usize = 2 << 20;

/// How one run ended.
struct Run {
    out: String,
    /// Processor time (user and system) the run took: unlike the time on
    /// the clock, it does not grow with the load of a shared machine.
    time: Duration,
    /// Peak resident memory in bytes (0 where unknown).
    peak: u64,
}

/// Runs nkport with `args`, measuring its processor time and, on Linux,
/// its peak memory.
fn run(dir: &Path, args: &[&str]) -> Run {
    let out_path = dir.join("out.txt");
    let out = fs::File::create(&out_path).unwrap();
    let err = out.try_clone().unwrap();
    // Reaped below by `wait4`, which also gives its processor time.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_nkport"))
        .env_remove("NKPORT_DATA")
        .env("COLUMNS", "100")
        .args(args)
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    // Peak memory: the child's own high-water mark, polled from /proc while
    // it runs (its rusage's maxrss would also count the test process,
    // whose memory a spawned child starts from).
    let status_file = format!("/proc/{pid}/status");
    let mut peak = 0;
    let started = Instant::now();
    // SAFETY: rusage is plain data; wait4 fills it and `status` for the
    // child spawned above, which nothing else waits for.
    let usage = loop {
        if let Ok(text) = fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb * 1024);
        }
        let mut status = 0;
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(done >= 0, "wait4: {}", std::io::Error::last_os_error());
        if done == pid {
            break usage;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "{args:?} still running after 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let cpu = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let time = cpu(usage.ru_utime) + cpu(usage.ru_stime);
    let out = fs::read_to_string(&out_path).unwrap_or_default();
    assert!(!out.contains("panicked"), "{args:?} panicked: {out}");
    Run { out, time, peak }
}

/// A fresh copy of the valid fixture package, as CSV, under `dir`.
fn package(dir: &Path, name: &str) -> std::path::PathBuf {
    let pkg = dir.join(name);
    fs::create_dir_all(&pkg).unwrap();
    common::fixture().write_csv(&pkg).unwrap();
    pkg
}

/// Appends generated lines to a table until it holds about `SIZE` bytes.
fn grow(pkg: &Path, file: &str, line: impl Fn(usize) -> String) {
    let path = pkg.join(file);
    let mut text = fs::read_to_string(&path).unwrap();
    let mut i = 0;
    while text.len() < SIZE {
        text.push_str(&line(i));
        text.push('\n');
        i += 1;
    }
    fs::write(path, text).unwrap();
}

/// Makes lines of `file` in `pkg` from (column, value) pairs, in the
/// order of its header (other cells empty), whatever columns it has.
fn rows_of(pkg: &Path, file: &str) -> impl Fn(&[(&str, &str)]) -> String {
    let text = fs::read_to_string(pkg.join(file)).unwrap();
    let header: Vec<String> = text
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    move |cells| {
        header
            .iter()
            .map(|h| cells.iter().find(|(c, _)| c == h).map_or("", |(_, v)| *v))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The size of a package's files.
fn size(pkg: &Path) -> u64 {
    fs::read_dir(pkg)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

/// Checks `case`'s time against `normal`'s and its peak memory against
/// its input size.
fn guard(what: &str, case: &Run, normal: &Run, input: u64) {
    eprintln!(
        "{what}: {:?} (normal {:?}), peak {} MB (normal {} MB), input {} MB",
        case.time,
        normal.time,
        case.peak >> 20,
        normal.peak >> 20,
        input >> 20
    );
    let bound = normal.time * 8 + Duration::from_secs(1);
    assert!(
        case.time <= bound,
        "{what}: took {:?}, expected at most {bound:?} (a normal input of the same size: {:?})",
        case.time,
        normal.time
    );
    // A small multiple of the input, over what a normal run needs anyway.
    let limit = normal.peak.max(64 << 20) + 12 * input;
    if case.peak > 0 {
        assert!(
            case.peak <= limit,
            "{what}: peak memory {} MB, expected at most {} MB (input {} MB)",
            case.peak >> 20,
            limit >> 20,
            input >> 20
        );
    }
}

#[test]
fn pathological_packages_end_fast_with_the_right_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A normal package of about SIZE bytes: many good routes.
    let normal = package(d, "normal");
    let make = rows_of(&normal, "routes.csv");
    let route = |i: usize| {
        let (id, name, note) = (
            format!("route-{i}"),
            format!("Route {i}"),
            format!("note {i}"),
        );
        make(&[
            ("id", &id),
            ("name", &name),
            ("origin", "westfield"),
            ("destination", "eastharbour"),
            ("mode", "rail"),
            ("goods", "timber;salt"),
            ("direction", "domestic"),
            ("status", "open"),
            ("period", "2010~"),
            ("certainty", "reported"),
            ("notes", &note),
        ])
    };
    grow(&normal, "routes.csv", route);
    let base = run(d, &["check", "--data", normal.to_str().unwrap()]);
    assert!(base.out.contains("has no citation"), "{}", base.out);

    // The same routes as JSON: line numbers once took quadratic time.
    let json = package(d, "json");
    fs::copy(normal.join("routes.csv"), json.join("routes.csv")).unwrap();
    let rows = common::command()
        .args([
            "routes",
            "--data",
            json.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(rows.status.success());
    // One field per line, as people write JSON by hand.
    let pretty: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
    fs::write(
        json.join("routes.json"),
        serde_json::to_string_pretty(&pretty).unwrap(),
    )
    .unwrap();
    fs::remove_file(json.join("routes.csv")).unwrap();
    let r = run(d, &["check", "--data", json.to_str().unwrap()]);
    // Each record is 21 lines; line numbers are still exact far down.
    for (id, line) in [(0, 23), (1000, 23 + 21 * 1000)] {
        let want = format!("routes.json:{line}: field `id`: \"route-{id}\" has no citation");
        assert!(r.out.contains(&want), "{want}");
    }
    guard("JSON routes", &r, &base, size(&json));

    // Over a hundred thousand dangling references: the first ones reported,
    // suggestions only for the first 100.
    let dangling = package(d, "dangling");
    let event = rows_of(&dangling, "events.csv");
    grow(&dangling, "events.csv", |i| {
        let (id, title, place) = (
            format!("ev-{i}"),
            format!("Event {i}"),
            format!("westfield-{i}"),
        );
        event(&[
            ("id", &id),
            ("title", &title),
            ("kind", "event"),
            ("date", "2010"),
            ("places", &place),
            ("certainty", "stated"),
        ])
    });
    let r = run(d, &["check", "--data", dangling.to_str().unwrap()]);
    let dangling_refs = r.out.matches("which matches no row").count();
    assert!(dangling_refs > 4000, "{dangling_refs} reported");
    // The first 10,000 problems are shown, the others counted.
    let more = "more problems, not shown (the first 10000 are above)";
    assert!(
        r.out.contains(more),
        "{}",
        r.out.lines().last().unwrap_or_default()
    );
    assert!(r.out.matches("did you mean").count() <= 100);
    guard("dangling references", &r, &base, size(&dangling));

    // A place hierarchy tens of thousands of levels deep, closed into one
    // cycle: reported once, its middle elided.
    let deep = package(d, "deep");
    let place = rows_of(&deep, "places.csv");
    grow(&deep, "places.csv", |i| {
        let parent = if i == 0 {
            "deep-last".to_string()
        } else {
            format!("deep-{}", i - 1)
        };
        let (id, name) = (format!("deep-{i}"), format!("Deep {i}"));
        place(&[
            ("id", &id),
            ("name", &name),
            ("kind", "city"),
            ("parent", &parent),
            ("country", "XA"),
            ("certainty", "stated"),
        ])
    });
    let mut text = fs::read_to_string(deep.join("places.csv")).unwrap();
    let last = text.lines().count() - 6;
    let parent = format!("deep-{}", last - 1);
    text.push_str(&place(&[
        ("id", "deep-last"),
        ("name", "Deep last"),
        ("kind", "city"),
        ("parent", &parent),
        ("country", "XA"),
        ("certainty", "stated"),
    ]));
    text.push('\n');
    fs::write(deep.join("places.csv"), text).unwrap();
    let r = run(d, &["check", "--data", deep.to_str().unwrap()]);
    assert_eq!(r.out.matches("the place hierarchy has a cycle").count(), 1);
    assert!(
        r.out.contains("places.csv:6: field `parent`: the place hierarchy has a cycle: deep-0 → deep-last → deep-"),
        "{}",
        r.out.lines().find(|l| l.contains("cycle")).unwrap_or_default()
    );
    guard("deep hierarchy", &r, &base, size(&deep));

    // A header of 250,000 columns, and a JSON object of 250,000 keys: noted,
    // ten by name.
    let wide = package(d, "wide");
    let events = fs::read_to_string(wide.join("events.csv")).unwrap();
    let (head, body) = events.split_once('\n').unwrap();
    let keys: Vec<String> = (0..250_000).map(|i| format!("k{i}")).collect();
    let commas = ",".repeat(keys.len());
    let body: String = body.lines().map(|l| format!("{l}{commas}\n")).collect();
    fs::write(
        wide.join("events.csv"),
        format!("{head},{}\n{body}", keys.join(",")),
    )
    .unwrap();
    let r = run(d, &["check", "--data", wide.to_str().unwrap()]);
    assert!(
        r.out
            .contains("events.csv:1: and 249990 more extra columns, also ignored"),
        "{}",
        r.out
    );
    guard("wide header", &r, &base, size(&wide));

    let wide_json = package(d, "wide-json");
    let mut object = serde_json::Map::new();
    for (k, v) in head.split(',').zip(body.lines().next().unwrap().split(',')) {
        object.insert(k.into(), v.into());
    }
    for k in &keys {
        object.insert(k.clone(), 1.into());
    }
    fs::write(
        wide_json.join("events.json"),
        serde_json::to_string(&[object]).unwrap(),
    )
    .unwrap();
    fs::remove_file(wide_json.join("events.csv")).unwrap();
    let r = run(d, &["check", "--data", wide_json.to_str().unwrap()]);
    assert!(
        r.out
            .contains("events.json:1: and 249990 more extra columns, also ignored"),
        "{}",
        r.out
    );
    guard("wide JSON object", &r, &base, size(&wide_json));

    // One CSV line of 17 million fields: an error once the line passes
    // 16 MiB, never millions of field bounds in memory.
    let long = package(d, "long-line");
    let mut text = fs::read_to_string(long.join("routes.csv")).unwrap();
    text.push_str(&",".repeat(17 << 20));
    text.push('\n');
    fs::write(long.join("routes.csv"), text).unwrap();
    let r = run(d, &["check", "--data", long.to_str().unwrap()]);
    assert!(
        r.out
            .contains("routes.csv:3: cannot read: a line longer than 16 MiB"),
        "{}",
        r.out
    );
    // A normal package of that size takes about as many times longer.
    let big = Run {
        time: base.time * (17 << 20) as u32 / SIZE as u32,
        ..base
    };
    guard("one long line", &r, &big, size(&long));
}

#[test]
fn long_unmatched_names_end_fast() {
    let dir = tempfile::tempdir().unwrap();
    let short = run(dir.path(), &["show", "qqqqqqqqqqqqqqqqqqqq"]);
    assert!(short.out.contains("no record matches"), "{}", short.out);
    let long = "q".repeat(100_000);
    let r = run(dir.path(), &["show", &long]);
    assert!(
        r.out.contains("no record matches \"qqqq") && r.out.contains("(100000 characters)"),
        "{}",
        &r.out[..300.min(r.out.len())]
    );
    assert!(r.out.len() < 1000, "the message quotes the whole name");
    guard("long name", &r, &short, long.len() as u64);
}
