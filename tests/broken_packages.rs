//! The corpus of broken data packages in `tests/broken/`, run through the
//! binary. Each case changes the valid fixture package (written as CSV from
//! `tests/fixtures/valid/`; see `tests/broken/README.md` for the layout, the
//! `patch:` edits and the `expect` keys) and says
//! what `check` must answer; every list command is then run on it too.
//!
//! What each command must do, from how the loader works:
//!
//! - `check --data DIR --sources TEXTS` (a copy of `tests/fixtures/texts`,
//!   which a case may change) reads every table and
//!   checks everything (reading, ids, references, required cells, ranges,
//!   cycles, citations, quotes). It exits 0 for an `accepted: true` case and 1
//!   otherwise, and its output holds every `message:` / `file_message:` line.
//! - A list command `nkport <table> --data DIR --format csv` loads the
//!   reference tables whole (sources, places, ports, docks, facilities, in that
//!   order, stopping at the first error) and then streams `<table>`. It only
//!   meets problems that stop a file being *read*: a missing or empty file, a
//!   bad header, both `.csv` and `.json`, a file that is not UTF-8 or not a JSON
//!   array, and a row that cannot be decoded (field count, a number, a
//!   vocabulary value, a date, a `table:id` reference, a JSON type). The case
//!   lists such files as `unreadable:`. So a list command exits 1, naming the
//!   file on stderr, exactly when an `unreadable:` file is one of the
//!   reference tables or the listed table; it names the first of those in the
//!   order above (the listed table last). Otherwise it exits 0: problems
//!   across rows and tables (ids, references, required cells, coordinate
//!   ranges, cycles, missing citations, quotes) are found by `check` only, by
//!   design.
//! - No command ever panics (exit 101, "panicked") or runs past 10 seconds.
//!
//! A case with `known_bug:` is expected to fail: its failures are printed, not
//! counted, and the test fails if it passes (remove the flag then). Set
//! `BROKEN_CASE=<part of a name>` to run only the matching cases.

mod common;

use common::{copy_files, fixture, patch, root, tables};
use nkport::model::Table;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one command may run before it counts as hung: a guard against
/// hangs, not a timing test (a debug build on a loaded 2-core machine
/// takes several seconds over the 4 MiB fields of the long-field cases).
const TIMEOUT: Duration = Duration::from_secs(60);

/// The name of a case's spec file.
const SPEC: &str = "expect";

/// The file of a case listing the files to delete.
const REMOVE: &str = "remove";

/// The size of a generated long field.
const LONG_FIELD_BYTES: usize = 4 << 20;

/// A case's `expect` file.
#[derive(Debug, Default)]
struct Spec {
    accepted: Option<bool>,
    /// Substrings of problems located in a row (must name a line or record).
    messages: Vec<String>,
    /// Substrings of problems with a whole file.
    file_messages: Vec<String>,
    /// Files the loader cannot read (so list commands meet them).
    unreadable: Vec<String>,
    /// Edits to the valid package's tables (see `tests/common/patch.rs`).
    patch: Vec<String>,
    /// Generators: a name and its arguments.
    generate: Vec<Vec<String>>,
    known_bug: Option<String>,
    /// The most bytes `check` may print.
    max_output: Option<usize>,
}

fn parse_spec(text: &str) -> Result<Spec, String> {
    let mut spec = Spec::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("{SPEC}:{}: expected `key: value`, found {line:?}", n + 1))?;
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(format!("{SPEC}:{}: `{key}` has no value", n + 1));
        }
        match key.trim() {
            "accepted" => {
                spec.accepted = Some(match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(format!("{SPEC}:{}: accepted: true or false", n + 1)),
                })
            }
            "message" => spec.messages.push(value),
            "file_message" => spec.file_messages.push(value),
            "unreadable" => spec.unreadable.push(value),
            // The edit's own text, trailing spaces aside (`set` to empty).
            "patch" => spec
                .patch
                .push(line.split_once(':').map_or("", |p| p.1).trim().to_string()),
            "generate" => spec
                .generate
                .push(value.split_whitespace().map(str::to_string).collect()),
            "known_bug" => spec.known_bug = Some(value),
            "max_output" => {
                spec.max_output = Some(
                    value
                        .parse()
                        .map_err(|_| format!("{SPEC}:{}: max_output: a byte count", n + 1))?,
                )
            }
            other => return Err(format!("{SPEC}:{}: unknown key `{other}`", n + 1)),
        }
    }
    if spec.accepted.is_none() {
        return Err(format!("{SPEC}: missing `accepted: true|false`"));
    }
    Ok(spec)
}

/// Whether every mention of a table file in `message` is followed by a line
/// (`places.csv:3`) or a record (`ports.json: record 2`).
fn names_its_row(message: &str) -> bool {
    let mut mentions = 0;
    for ext in [".csv", ".json"] {
        for (at, _) in message.match_indices(ext) {
            mentions += 1;
            let rest = &message[at + ext.len()..];
            let digit_after = |p: &str| {
                rest.strip_prefix(p)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            };
            if !(digit_after(":") || digit_after(": record ")) {
                return false;
            }
        }
    }
    mentions > 0
}

/// The files a case touches: overlaid, removed or generated.
fn touched(case: &Path, spec: &Spec) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(case).map_err(|e| e.to_string())? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy().to_string();
        if name != SPEC && name != REMOVE {
            out.push(name);
        }
    }
    if let Ok(text) = fs::read_to_string(case.join(REMOVE)) {
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    out.extend(spec.generate.iter().filter_map(|g| g.get(1).cloned()));
    out.extend(
        spec.patch
            .iter()
            .filter_map(|p| p.split(' ').nth(1))
            .map(|t| format!("{t}.csv")),
    );
    Ok(out)
}

/// Writes the valid fixture into `dir` and applies the case to it: its
/// files, `remove`, `patch:` lines, then `generate:` lines.
fn build_package(case: &Path, spec: &Spec, dir: &Path) -> Result<(), String> {
    fixture().write_csv(dir).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(case).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if name == SPEC || name == REMOVE {
            continue;
        }
        fs::copy(entry.path(), dir.join(&name)).map_err(|e| e.to_string())?;
    }
    if let Ok(text) = fs::read_to_string(case.join(REMOVE)) {
        for name in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            fs::remove_file(dir.join(name)).map_err(|e| format!("remove {name}: {e}"))?;
        }
    }
    for p in &spec.patch {
        patch::apply(dir, p).map_err(|e| format!("patch: {p}: {e}"))?;
    }
    for g in &spec.generate {
        generate(dir, g).map_err(|e| format!("generate: {}: {e}", g.join(" ")))?;
    }
    Ok(())
}

/// Writes one generated file (see tests/broken/README.md for the names).
fn generate(dir: &Path, args: &[String]) -> Result<(), String> {
    let [kind, file, rest @ ..] = args else {
        return Err("expected `generate: <kind> <file> [args]`".into());
    };
    // Only files of the package or of the copy of the source texts beside
    // it: a generator run as root on `/dev/zero` would replace the device.
    let rel = file.strip_prefix("../texts/").unwrap_or(file);
    if !Path::new(rel)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!(
            "{file}: expected a file of the package or ../texts/NAME"
        ));
    }
    let path = dir.join(file);
    if let Some(done) = generate_special(dir, kind, &path, rest) {
        return done.map_err(|e| format!("{file}: {e}"));
    }
    let read = || fs::read(&path).map_err(|e| format!("{file}: {e}"));
    let text =
        || read().and_then(|b| String::from_utf8(b).map_err(|_| format!("{file} is not UTF-8")));
    let bytes: Vec<u8> = match (kind.as_str(), rest) {
        ("bom", []) => [b"\xEF\xBB\xBF".as_slice(), &read()?].concat(),
        ("utf16", []) => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text()?.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        ("crlf", []) => {
            let t = text()?;
            if t.contains('\r') {
                return Err(format!("{file} already has carriage returns"));
            }
            t.replace('\n', "\r\n").into_bytes()
        }
        ("invalid-utf8", []) => {
            // Saved as Latin-1 by a legacy editor: é becomes the lone byte 0xE9.
            let t = text()?;
            if t.is_ascii() {
                return Err(format!("{file} has no non-ASCII character to re-encode"));
            }
            t.chars()
                .map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("{c:?} is not Latin-1")))
                .collect::<Result<_, _>>()?
        }
        ("million-blank-lines", []) => vec![b'\n'; 1_000_000],
        ("nul-bytes", []) => vec![0; 64 << 10],
        ("long-field", [line, column]) => {
            let t = text()?;
            let n: usize = line.parse().map_err(|_| "line: a number".to_string())?;
            let mut lines: Vec<String> = t.split('\n').map(String::from).collect();
            let col = lines[0]
                .split(',')
                .position(|c| c == column)
                .ok_or_else(|| format!("{file} has no column {column}"))?;
            let row = lines
                .get_mut(n - 1)
                .ok_or_else(|| format!("{file} has no line {n}"))?;
            if row.contains('"') {
                return Err(format!("{file}:{n} has quotes: pick a simple line"));
            }
            let mut cells: Vec<String> = row.split(',').map(String::from).collect();
            let long = "lorem ipsum ".repeat(LONG_FIELD_BYTES / 12);
            cells[col] = long.trim_end().to_string();
            *row = cells.join(",");
            lines.join("\n").into_bytes()
        }
        _ => return Err(format!("unknown generator or wrong arguments: {kind}")),
    };
    fs::write(&path, bytes).map_err(|e| format!("{file}: {e}"))
}

/// What a file outside the package holds: a line that looks like a CSV
/// header, so that a loader echoing it would show it. No output may.
const SECRET: &str = "SECRET-7f3a,do-not-echo\n";

/// The part of [`SECRET`] that no output may contain.
const SECRET_MARK: &str = "SECRET-7f3a";

/// The generators that make something other than a regular file's content:
/// `None` for the others.
fn generate_special(
    dir: &Path,
    kind: &str,
    path: &Path,
    rest: &[String],
) -> Option<std::io::Result<()>> {
    let clear = || match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(_) => Ok(()),
    };
    let run = |f: &dyn Fn() -> std::io::Result<()>| Some(clear().and_then(|()| f()));
    match (kind, rest) {
        ("symlink-outside", []) => run(&|| {
            let outside = dir.parent().unwrap().join("outside");
            fs::create_dir_all(&outside)?;
            fs::write(outside.join("secret.csv"), SECRET)?;
            std::os::unix::fs::symlink(outside.join("secret.csv"), path)
        }),
        ("symlink", [target]) => run(&|| std::os::unix::fs::symlink(target, path)),
        ("directory", []) => run(&|| fs::create_dir(path)),
        ("fifo", []) => run(&|| {
            let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
            // SAFETY: mkfifo reads the NUL-terminated path only.
            match unsafe { libc::mkfifo(c.as_ptr(), 0o644) } {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        }),
        ("sparse", [bytes]) => run(&|| {
            let n: u64 = bytes.parse().map_err(std::io::Error::other)?;
            fs::File::create(path)?.set_len(n)
        }),
        _ => None,
    }
}

/// How one command ended.
struct Run {
    output: Output,
    timed_out: bool,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
    /// Problems every command must avoid: a hang, a panic, an odd exit code.
    fn basic_problems(&self, what: &str, failures: &mut Vec<String>) {
        if self.timed_out {
            failures.push(format!("{what}: still running after {TIMEOUT:?} (killed)"));
        }
        if self.stderr().contains("panicked") || self.code() == Some(101) {
            failures.push(format!("{what}: panicked: {}", first_lines(&self.stderr())));
        }
        if !matches!(self.code(), Some(0 | 1)) && !self.timed_out {
            failures.push(format!(
                "{what}: exit code {:?}, expected 0 or 1",
                self.code()
            ));
        }
    }
}

fn nkport(args: &[&str]) -> Result<Run, String> {
    let mut cmd = common::nkport();
    cmd.args(args).timeout(TIMEOUT);
    let start = Instant::now();
    let output = cmd.output().map_err(|e| e.to_string())?;
    Ok(Run {
        timed_out: start.elapsed() >= TIMEOUT && output.status.code().is_none(),
        output,
    })
}

/// The first lines of a long text, for failure reports.
fn first_lines(s: &str) -> String {
    let mut out: String = s.lines().take(12).collect::<Vec<_>>().join("\n    ");
    if out.len() > 2000 {
        let mut cut = 2000;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push_str(" …");
    }
    out
}

/// What running one case found.
struct Outcome {
    known_bug: Option<String>,
    /// What went wrong (empty when the case behaves).
    failures: Vec<String>,
}

/// Checks a case's spec against the corpus rules (an error is the corpus's
/// fault, not the binary's, and is never excused by `known_bug`).
fn lint(case: &Path, spec: &Spec) -> Result<(), String> {
    let mut problems = Vec::new();
    for m in &spec.messages {
        if (m.contains(".csv") || m.contains(".json")) && !names_its_row(m) {
            problems.push(format!(
                "message {m:?} names a file without its line (`file.csv:N`) or record \
                 (`file.json: record N`); use file_message: for a whole-file problem"
            ));
        }
    }
    let accepted = spec.accepted == Some(true);
    if accepted && !spec.unreadable.is_empty() {
        problems.push("an accepted case cannot have unreadable files".into());
    }
    if !accepted && spec.messages.is_empty() && spec.file_messages.is_empty() {
        problems.push("a rejected case needs at least one message:".into());
    }
    let touched = touched(case, spec)?;
    let stem = |f: &str| f.split('.').next().unwrap_or_default().to_string();
    for u in &spec.unreadable {
        if !touched.iter().any(|t| stem(t) == stem(u)) {
            problems.push(format!("unreadable {u} is not a table the case touches"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{SPEC}: {}", problems.join("; ")))
    }
}

/// Runs one case.
fn run_case(case: &Path) -> Result<Outcome, String> {
    let spec_text =
        fs::read_to_string(case.join(SPEC)).map_err(|e| format!("cannot read {SPEC}: {e}"))?;
    let spec = parse_spec(&spec_text)?;
    lint(case, &spec)?;
    let accepted = spec.accepted == Some(true);
    let mut failures = Vec::new();

    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    // The package, with a copy of the source texts beside it (a case may
    // change them: `generate: fifo ../texts/gazette.txt`).
    let dir = &tmp.path().join("pkg");
    let texts = tmp.path().join("texts");
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    fs::create_dir_all(&texts).map_err(|e| e.to_string())?;
    copy_files(&root().join("tests/fixtures/texts"), &texts).map_err(|e| e.to_string())?;
    build_package(case, &spec, dir)?;
    let dir_arg = dir.to_str().ok_or("temp dir is not UTF-8")?;

    // check
    let check = nkport(&[
        "check",
        "--data",
        dir_arg,
        "--sources",
        texts.to_str().ok_or("path is not UTF-8")?,
    ])?;
    check.basic_problems("check", &mut failures);
    let all = format!("{}{}", check.stdout(), check.stderr());
    let want = if accepted { 0 } else { 1 };
    if check.code() != Some(want) {
        failures.push(format!(
            "check: exit code {:?}, expected {want}; output:\n    {}",
            check.code(),
            first_lines(&all)
        ));
    }
    for m in spec.messages.iter().chain(&spec.file_messages) {
        if !all.contains(m.as_str()) {
            failures.push(format!(
                "check: output lacks {m:?}; output:\n    {}",
                first_lines(&all)
            ));
        }
    }
    if let Some(c) = all
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        failures.push(format!(
            "check: printed the control character {c:?} raw (quote found values with escapes)"
        ));
    }
    if all.contains(SECRET_MARK) {
        failures.push("check: echoed a file outside the package".into());
    }
    if let Some(max) = spec.max_output
        && all.len() > max
    {
        failures.push(format!(
            "check: printed {} bytes, expected at most {max}",
            all.len()
        ));
    }

    // every list command
    for table in tables() {
        let run = nkport(&[table, "--data", dir_arg, "--format", "csv"])?;
        let what = format!("nkport {table}");
        run.basic_problems(&what, &mut failures);
        if run.stderr().contains(SECRET_MARK) || run.stdout().contains(SECRET_MARK) {
            failures.push(format!("{what}: echoed a file outside the package"));
        }
        // The tables every list command loads whole, and its own.
        let blocking = Table::referenced()
            .iter()
            .map(|t| t.name())
            .chain(std::iter::once(table))
            .flat_map(|t| [format!("{t}.csv"), format!("{t}.json")])
            .find(|f| spec.unreadable.contains(f));
        match blocking {
            Some(file) => {
                if run.code() != Some(1) {
                    failures.push(format!(
                        "{what}: exit code {:?}, expected 1 ({file} cannot be read)",
                        run.code()
                    ));
                }
                if !run.stderr().contains(&file) {
                    failures.push(format!(
                        "{what}: stderr does not name {file}: {}",
                        first_lines(&run.stderr())
                    ));
                }
            }
            None if run.code() != Some(0) => failures.push(format!(
                "{what}: exit code {:?}, expected 0 (none of the tables it reads is unreadable); \
                 stderr: {}",
                run.code(),
                first_lines(&run.stderr())
            )),
            None => {}
        }
    }
    Ok(Outcome {
        known_bug: spec.known_bug,
        failures,
    })
}

#[test]
fn broken_packages() {
    let filter = std::env::var("BROKEN_CASE").ok();
    let mut cases: Vec<PathBuf> = fs::read_dir(root().join("tests/broken"))
        .expect("tests/broken exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            filter
                .as_deref()
                .is_none_or(|f| p.file_name().unwrap().to_string_lossy().contains(f))
        })
        .collect();
    cases.sort();
    assert!(
        filter.is_some() || cases.len() >= 30,
        "expected at least 30 cases"
    );

    // Cases are independent: run them on a few threads.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(String, Result<Outcome, String>)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(4, |n| (2 * n.get()).min(16));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    let result = run_case(case);
                    results.lock().unwrap().push((name, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));

    let mut report = Vec::new();
    let mut expected_failures = Vec::new();
    for (name, result) in &results {
        match result {
            Err(e) => report.push(format!("{name}: broken case: {e}")),
            Ok(Outcome {
                known_bug: Some(bug),
                failures,
            }) => {
                if failures.is_empty() {
                    report.push(format!(
                        "{name}: marked known_bug ({bug}) but passes now: remove the known_bug line"
                    ));
                } else {
                    expected_failures.push(format!(
                        "{name}: known bug: {bug}\n  {}",
                        failures.join("\n  ")
                    ));
                }
            }
            Ok(Outcome {
                known_bug: None,
                failures,
            }) => report.extend(failures.iter().map(|f| format!("{name}: {f}"))),
        }
    }
    for e in &expected_failures {
        eprintln!("expected failure (known_bug) {e}");
    }
    eprintln!(
        "{} cases, {} known bugs, {} failures",
        results.len(),
        expected_failures.len(),
        report.len()
    );
    assert!(
        report.is_empty(),
        "{} failure(s) in the broken-package corpus:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn row_locations_are_recognised() {
    assert!(names_its_row("places.csv:3: field `lat`"));
    assert!(names_its_row("ports.json: record 2 (line 9): field `kind`"));
    assert!(!names_its_row("docks.csv: missing table file"));
    assert!(!names_its_row("places.csv:1 and ports.csv"));
    assert!(!names_its_row("expected a latitude"));
}
