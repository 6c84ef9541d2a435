//! Every command's `--help` ends with two or three examples, and every
//! example runs (its nkport part: what follows `>` or `|` is the shell's, a
//! parenthesis a note).

use assert_cmd::Command;
use std::path::Path;

const COMMANDS: &[&str] = &[
    "ports",
    "docks",
    "leases",
    "routes",
    "population",
    "places",
    "facilities",
    "events",
    "claims",
    "sources",
    "citations",
    "show",
    "search",
    "facet",
    "timeline",
    "export",
    "check",
    "completions",
    "man",
];

/// Splits a command line like a shell: spaces separate, double quotes group.
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The example lines at the end of `nkport CMD --help`.
fn examples(cmd: &str) -> Vec<String> {
    let out = Command::cargo_bin("nkport")
        .unwrap()
        .args([cmd, "--help"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{cmd} --help");
    let help = String::from_utf8(out.stdout).unwrap();
    let (_, tail) = help
        .rsplit_once("Examples:\n")
        .unwrap_or_else(|| panic!("`nkport {cmd} --help` has no examples:\n{help}"));
    tail.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            assert!(l.starts_with("  nkport "), "{cmd}: {l:?} after Examples:");
            l.trim().to_string()
        })
        .collect()
}

#[test]
fn every_help_ends_with_examples_that_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    let dir = tempfile::tempdir().unwrap();
    // `check --data my-package`: a copy of the shipped package.
    let pkg = dir.path().join("my-package");
    std::fs::create_dir(&pkg).unwrap();
    for e in std::fs::read_dir(root.join("data")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), pkg.join(e.file_name())).unwrap();
    }
    for cmd in COMMANDS {
        let lines = examples(cmd);
        assert!(
            (2..=3).contains(&lines.len()),
            "{cmd}: {} examples: {lines:?}",
            lines.len()
        );
        for line in lines {
            if line.contains("../shared/seeds") && !seeds.is_dir() {
                continue;
            }
            let line = line.replace("../shared/seeds", seeds.to_str().unwrap());
            // The shell's part and a note in parentheses are not nkport's.
            let nkport_part = line.split(['>', '|', '(']).next().unwrap();
            let args = split(nkport_part);
            assert_eq!(args[0], "nkport");
            let out = Command::cargo_bin("nkport")
                .unwrap()
                .env_remove("NKPORT_DATA")
                .current_dir(dir.path())
                .args(&args[1..])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "example `{line}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
