//! Global options are resolved once, and every command either honours one
//! or refuses it as a usage error (exit 2, before anything is written):
//! none is silently ignored.

mod common;

use common::{fails, nkport, ok};

/// Each global option with a value (`COLUMN`: a column of the command's
/// rows; `OUT`: a file in a scratch directory).
const OPTIONS: [(&str, &[&str]); 8] = [
    ("--format", &["--format", "json"]),
    ("--columns", &["--columns", "COLUMN"]),
    ("--sort", &["--sort", "COLUMN"]),
    ("--limit", &["--limit", "1"]),
    ("--output", &["-o", "OUT"]),
    ("--as-of", &["--as-of", "2020-01-01"]),
    ("--labels", &["--labels"]),
    ("--raw", &["--raw"]),
];

/// What the list commands and `export` honour: everything.
#[rustfmt::skip]
const LISTS: &[&str] = &[
    "--format", "--columns", "--sort", "--limit", "--output", "--as-of", "--labels", "--raw",
];

/// What commands writing rows of their own honour.
#[rustfmt::skip]
const ROWS: &[&str] = &[
    "--format", "--columns", "--sort", "--limit", "--output", "--as-of", "--raw", "--wrap",
];

/// Every command, a column of its rows, and the global options it honours.
#[rustfmt::skip]
const COMMANDS: [(&[&str], &str, &[&str]); 10] = [
    (&["routes"], "id", LISTS),
    (&["export", "leases"], "id", LISTS),
    (&["show", "rajin"], "id", &["--format", "--output", "--as-of"]),
    (&["search", "rajin"], "id", ROWS),
    (&["facet", "routes", "mode"], "value", ROWS),
    (&["timeline"], "id", ROWS),
    (&["timeline", "--chart"], "id", &["--output", "--as-of"]),
    (&["check"], "id", &[]),
    (&["completions", "bash"], "id", &[]),
    (&["man"], "id", &[]),
];

#[test]
fn every_command_honours_or_refuses_every_option() {
    let dir = tempfile::tempdir().unwrap();
    for (command, column, honoured) in COMMANDS {
        for (flag, args) in OPTIONS {
            // The chart is text: a .json name would be refused (tests/audit.rs).
            let ext = if command.contains(&"--chart") {
                "txt"
            } else {
                "json"
            };
            let out_path = dir
                .path()
                .join(format!("{}-{flag}.{ext}", command.join("-")));
            let out_arg = out_path.to_str().unwrap();
            let mut argv: Vec<&str> = command.to_vec();
            argv.extend(args.iter().map(|a| match *a {
                "OUT" => out_arg,
                "COLUMN" => column,
                a => a,
            }));
            // `export` needs somewhere to write.
            if command[0] == "export" && flag != "--output" {
                argv.extend(["-o", out_arg]);
            }
            let out = nkport().args(&argv).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            if honoured.contains(&flag) {
                assert!(out.status.success(), "nkport {argv:?} should work: {err}");
            } else {
                assert_eq!(out.status.code(), Some(2), "nkport {argv:?}: {err}");
                assert!(
                    err.contains(flag),
                    "nkport {argv:?} should name {flag}: {err}"
                );
                assert!(out.stdout.is_empty(), "nkport {argv:?} wrote to stdout");
                assert!(!out_path.exists(), "nkport {argv:?} wrote {out_arg}");
            }
        }
    }
}

#[test]
fn show_writes_its_layout_or_json_and_refuses_other_formats() {
    let (code, err) = fails(&["show", "rajin", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`show` writes table, json or jsonl, not --format csv"),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["show", "rajin", "--format", "json"])).unwrap();
    assert_eq!(json["record"], "places:rajin");
    assert_eq!(
        ok(&["show", "rajin", "--format", "table"]),
        ok(&["show", "rajin"])
    );
}

#[test]
fn check_refuses_row_options_naming_all_of_them() {
    let (code, err) = fails(&["check", "--format", "json", "--sort", "x"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`check` does not take --format, --sort"),
        "{err}"
    );
}

#[test]
fn a_chart_is_drawn_only_as_text() {
    let (code, err) = fails(&["timeline", "--chart", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`timeline --chart` writes table, not --format csv"),
        "{err}"
    );
}

#[test]
fn export_without_a_destination_is_a_usage_error() {
    let (code, err) = fails(&["export", "routes"]);
    assert_eq!(code, 2);
    assert!(err.contains("export needs -o FILE"), "{err}");
}
