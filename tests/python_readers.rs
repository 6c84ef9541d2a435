//! Runs `tests/interop/` (Python: sqlite3, Datasette, DuckDB, Polars,
//! pyarrow, PySpark or sqlglot reading nkport's SQLite and Parquet output and
//! running the SQL of `sql-views`) against this build's binary, on a
//! synthetic package generated here.
//!
//! Python readers are not Rust dependencies: when `python3` or `pytest` is
//! missing this test prints why and passes without running them, and a
//! missing reader is skipped by pytest with a message. `.ci/run` installs
//! them all and sets `NKPORT_INTEROP=require`, under which anything missing
//! is a failure.

#[allow(dead_code)]
#[path = "../examples/synth/generate.rs"]
mod synth;

use std::path::Path;
use std::process::Command;

/// Routes in the synthetic package the views are checked on.
const SYNTH_ROUTES: usize = 3000;

fn required() -> bool {
    std::env::var("NKPORT_INTEROP").is_ok_and(|v| v == "require")
}

#[test]
fn python_readers_agree_with_nkport() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has_pytest = Command::new("python3")
        .args(["-c", "import pytest"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pytest {
        assert!(
            !required(),
            "NKPORT_INTEROP=require but python3 with pytest is not available"
        );
        eprintln!(
            "SKIPPED tests/interop: python3 with pytest is not available \
             (pip install pytest datasette duckdb polars pyarrow sqlglot pyspark; .ci/run does)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("synth");
    synth::generate(SYNTH_ROUTES, &pkg).unwrap();
    let out = Command::new("python3")
        .args(["-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"])
        .arg(root.join("tests/interop"))
        .current_dir(root)
        .env("NKPORT", env!("CARGO_BIN_EXE_nkport"))
        .env("NKPORT_SYNTH_PKG", &pkg)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // pytest's summary (and any skip reasons) shows under --nocapture.
    eprintln!("{text}");
    assert!(out.status.success(), "tests/interop failed:\n{text}");
}
