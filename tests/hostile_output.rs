//! A hostile data package meets the terminal: every writer for people
//! (tables, Markdown, `show`, `search`, `timeline --chart`, error messages,
//! `check`) shows control characters, bidi overrides and invisible format
//! characters escaped (`\u{1b}`), while CSV and JSON to a file keep the data
//! exact. `check` reports each such cell as a problem of the package.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What a hostile curator might put in a name: a terminal title change
/// (OSC 0), a hyperlink (OSC 8), a screen clear (CSI), a C1 CSI, a bidi
/// override and a zero-width space.
const HOSTILE: &str = "Evil\u{1b}]0;pwned\u{7}\u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7}\u{1b}[2J\u{9b}1m\u{202e}gnp.exe\u{200b}";

fn nkport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nkport"))
        .env_remove("NKPORT_DATA")
        .env("COLUMNS", "120")
        .args(args)
        .output()
        .expect("run nkport")
}

/// The valid fixture package with `HOSTILE` in a place name, an alias, a
/// note and an event title.
fn hostile_package(dir: &Path) -> PathBuf {
    let pkg = common::fixture_copy(dir);
    for (table, from, to) in [
        ("places", ",Westfield,", format!(",Westfield {HOSTILE},")),
        ("places", "Test Land", format!("Test Land;{HOSTILE}")),
        ("events", "Pier 2 lease signed", format!("Pier 2 {HOSTILE}")),
        ("citations", "no local text", format!("note {HOSTILE}")),
    ] {
        let file = pkg.join(format!("{table}.csv"));
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{table}.csv lacks {from:?}");
        fs::write(&file, text.replace(from, &to)).unwrap();
    }
    pkg
}

/// The first control or unsafe character of `s` other than a line break.
fn unsafe_char(s: &str) -> Option<(usize, char)> {
    s.char_indices()
        .find(|&(_, c)| c != '\n' && nkport::load::is_unsafe(c))
}

fn assert_safe(what: &str, o: &Output) {
    for (name, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let s = String::from_utf8_lossy(bytes);
        if let Some((at, c)) = unsafe_char(&s) {
            let before: String = s[..at].chars().rev().take(40).collect();
            let before: String = before.chars().rev().collect();
            panic!(
                "{what}: {name} holds U+{:04X} at byte {at}, after {before:?}",
                c as u32
            );
        }
    }
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("panicked"),
        "{what}: panicked"
    );
}

#[test]
fn nothing_reaches_the_terminal_unescaped() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = hostile_package(dir.path());
    let data = pkg.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &["places", "--format", "table"],
        &["places", "--format", "markdown"],
        &["ports", "--format", "table"],
        &["events", "--format", "table"],
        &["citations", "--format", "table"],
        &["show", "westfield"],
        &["show", "testland"],
        &["show", "eastharbour"],
        &["search", "evil", "--format", "table"],
        &["search", "evil", "--format", "markdown"],
        &["routes", "--by", "province", "--format", "table"],
        &["routes", "--by", "province", "--format", "markdown"],
        &["timeline", "--chart"],
        &["timeline", "--format", "table"],
        &["check"],
        // Errors that quote what the user typed, and the data.
        &["show", "\u{1b}]0;typed\u{7}"],
        &["places", "--columns", "\u{1b}[2Jx"],
    ];
    for args in cases {
        let mut all = vec!["--data", data];
        all.extend_from_slice(args);
        let o = nkport(&all);
        assert_safe(&all[2..].join(" "), &o);
    }
}

#[test]
fn escapes_are_visible_in_tables_show_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = hostile_package(dir.path());
    let data = pkg.to_str().unwrap();
    let table = nkport(&["--data", data, "places", "--format", "table"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("Evil\\u{1b}]0;pwned"), "{text}");
    let show = nkport(&["--data", data, "show", "westfield"]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("\\u{202e}gnp.exe\\u{200b}"), "{text}");
    let chart = nkport(&["--data", data, "timeline", "--chart"]);
    let text = String::from_utf8_lossy(&chart.stdout);
    assert!(text.contains("Pier 2 Evil\\u{1b}"), "{text}");
}

#[test]
fn csv_and_json_to_a_file_keep_the_data_exact() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = hostile_package(dir.path());
    let data = pkg.to_str().unwrap();
    for ext in ["csv", "json", "jsonl"] {
        let file = dir.path().join(format!("places.{ext}"));
        let o = nkport(&["--data", data, "places", "-o", file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = fs::read_to_string(&file).unwrap();
        let exact = match ext {
            "csv" => HOSTILE.to_string(),
            _ => serde_json::to_string(HOSTILE)
                .unwrap()
                .trim_matches('"')
                .to_string(),
        };
        assert!(text.contains(&exact), "{ext}: {text}");
    }
}

#[test]
fn check_reports_control_characters_as_problems() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = hostile_package(dir.path());
    let o = nkport(&["--data", pkg.to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    for want in [
        "places.csv:5: field `name`: expected text without control or invisible format characters, found U+001B at character 15 of \"Westfield Evil\\u{1b}]0;pwned",
        "places.csv:2: field `aliases`: expected text without control or invisible format characters, found U+001B at character 5 of \"Evil\\u{1b}]0\"",
        "events.csv:2: field `title`: expected text without control",
        "citations.csv:3: field `note`: expected text without control",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

/// Runs nkport with its stdout on a pseudo-terminal in raw mode (so line
/// ends stay `\n`); returns what the terminal received.
#[cfg(unix)]
fn on_terminal(args: &[&str]) -> String {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors into the integers; the
    // other arguments may be null. cfmakeraw/tcsetattr act on the slave.
    unsafe {
        assert_eq!(
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null()
            ),
            0
        );
        let mut t: libc::termios = std::mem::zeroed();
        libc::tcgetattr(slave, &mut t);
        libc::cfmakeraw(&mut t);
        libc::tcsetattr(slave, libc::TCSANOW, &t);
    }
    // SAFETY: both descriptors were just opened and are owned here.
    let (mut master, slave) = unsafe {
        (
            fs::File::from_raw_fd(master),
            std::process::Stdio::from(fs::File::from_raw_fd(slave)),
        )
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_nkport"))
        .env_remove("NKPORT_DATA")
        .env("COLUMNS", "120")
        .args(args)
        .stdout(slave)
        .spawn()
        .expect("run nkport");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // EIO once the child has closed the last slave descriptor.
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    child.wait().unwrap();
    String::from_utf8(reader.join().unwrap()).unwrap()
}

#[cfg(unix)]
#[test]
fn csv_and_json_on_a_terminal_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = hostile_package(dir.path());
    let data = pkg.to_str().unwrap();
    for format in ["csv", "tsv", "json", "jsonl", "geojson"] {
        let out = on_terminal(&["--data", data, "places", "--format", format]);
        assert!(out.contains("Westfield Evil"), "{format}: {out}");
        // Tabs separate TSV fields; a tab in the data is quoted.
        if let Some((at, c)) = unsafe_char(&out.replace('\t', " ")) {
            panic!("{format}: U+{:04X} at {at} in {out:?}", c as u32);
        }
        if format == "json" {
            // Still JSON, and still the exact data.
            let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(rows.to_string().contains("Westfield Evil\\u001b]0;pwned"));
        }
    }
    let out = on_terminal(&["--data", data, "show", "westfield", "--format", "json"]);
    assert!(unsafe_char(&out).is_none(), "{out:?}");
    let out = on_terminal(&["--data", data, "search", "evil", "--format", "csv"]);
    assert!(out.contains("\\u{1b}]0;pwned"), "{out:?}");
    assert!(unsafe_char(&out).is_none(), "{out:?}");
}
