//! The harness every integration test shares: the `nkport` binary in a
//! stable environment, its output, and scratch copies of data packages.
//! Each test file includes it with `mod common;` and uses what it needs.

#![allow(dead_code)]

pub mod patch;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use nkport::dataset::Dataset;
use nkport::load::Package;
use nkport::model::Table;

/// The crate's root directory (where `data/` and `tests/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The name of every table, in loading order.
pub fn tables() -> Vec<&'static str> {
    Table::ALL.into_iter().map(Table::name).collect()
}

/// The tables loaded before table `name` and those loaded after it.
pub fn tables_around(name: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let all = tables();
    let at = all.iter().position(|t| *t == name).expect("a table name");
    (all[..at].to_vec(), all[at + 1..].to_vec())
}

/// The binary run from the crate root with a fixed terminal width and no
/// `NKPORT_DATA`, so its output is stable.
pub fn command() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_nkport"));
    c.env("COLUMNS", "100")
        .env_remove("NKPORT_DATA")
        .current_dir(root());
    c
}

/// [`command`] with `assert_cmd`'s extras (timeouts, stdin).
pub fn nkport() -> assert_cmd::Command {
    assert_cmd::Command::from_std(command())
}

/// Runs and returns stdout, asserting success.
pub fn ok(args: &[&str]) -> String {
    stdout_of(nkport().args(args).output().unwrap(), args)
}

/// The stdout of a finished run of `nkport ARGS`, asserting it succeeded.
pub fn stdout_of(out: Output, args: impl std::fmt::Debug) -> String {
    assert!(
        out.status.success(),
        "nkport {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs and returns (exit code, stderr), asserting failure.
pub fn fails(args: &[&str]) -> (i32, String) {
    let out = nkport().args(args).output().unwrap();
    assert!(!out.status.success(), "nkport {args:?} should fail");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A command's stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies every file of directory `from` into directory `to`.
pub fn copy_files(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

/// A copy of the shipped data package's tables in a temporary directory.
pub fn package_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for t in tables() {
        let src = root().join(format!("data/{t}.csv"));
        fs::copy(src, dir.path().join(format!("{t}.csv"))).unwrap();
    }
    dir
}

/// The small valid fixture package as typed records: read from its JSON
/// tables (`tests/fixtures/valid/*.json`, one object per row, empty cells
/// left out, so a new optional column needs no edit there).
pub fn fixture() -> Dataset {
    let pkg = Package::new(Some(root().join("tests/fixtures/valid")));
    Dataset::load(&pkg).expect("the fixture package loads")
}

/// The small valid fixture package written as CSV, through the library's
/// own writer, into `dir/pkg`.
pub fn fixture_copy(dir: &Path) -> PathBuf {
    let pkg = dir.join("pkg");
    fs::create_dir_all(&pkg).unwrap();
    fixture().write_csv(&pkg).unwrap();
    pkg
}
