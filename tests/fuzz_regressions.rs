//! Replays every saved fuzz input in `fuzz/regressions/<target>/` through the
//! same checks the fuzz targets run (`fuzz/src/checks.rs`), so inputs that
//! once crashed stay fixed under plain `cargo test`, without the fuzzer.
//! See `fuzz/README.md` for running the fuzzers themselves.
//!
//! A file whose name starts with `known-bug-` is a crash not yet fixed: it is
//! replayed only by the `#[ignore]`d test of its target (run them with
//! `cargo test --test fuzz_regressions -- --ignored`).

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// The saved inputs of `target`, sorted; `known` selects the `known-bug-` ones.
fn inputs(target: &str, known: bool) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file() && !name.starts_with('.') && name.starts_with("known-bug-") == known
        })
        .collect();
    files.sort();
    files
}

/// Runs `check` on every input of `target`, reporting all that panic.
fn replay(target: &str, known: bool, check: fn(&[u8])) {
    let files = inputs(target, known);
    let mut failed = Vec::new();
    for path in &files {
        let data = std::fs::read(path).expect("read input");
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs panicked:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn csv_table() {
    replay("csv_table", false, checks::csv_table);
}

#[test]
fn json_table() {
    replay("json_table", false, checks::json_table);
}

#[test]
fn fuzzy_date() {
    replay("fuzzy_date", false, checks::fuzzy_date);
}

#[test]
fn name_matcher() {
    replay("name_matcher", false, checks::name_matcher);
}

#[test]
fn check_package() {
    replay("check_package", false, checks::check_package);
}

#[test]
fn table_render() {
    replay("table_render", false, checks::table_render);
}

/// Crashes found but not fixed yet (`known-bug-*` files); none at present.
#[test]
#[ignore = "known bugs: replays fuzz/regressions/*/known-bug-* (none at present)"]
fn known_bugs() {
    replay("csv_table", true, checks::csv_table);
    replay("json_table", true, checks::json_table);
    replay("fuzzy_date", true, checks::fuzzy_date);
    replay("name_matcher", true, checks::name_matcher);
    replay("check_package", true, checks::check_package);
    replay("table_render", true, checks::table_render);
}
