//! Writes a synthetic data package of any size, for benchmarks.
//!
//!   cargo run --release --example synth -- --routes 1000000 --out bench/data/1m
//!
//! The same `--routes` always gives the same files (a fixed seed); the
//! package passes `nkport check --data DIR`. The generator is `generate.rs`
//! beside this file (dev-only: it is not part of the library).

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut routes: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--routes" => routes = args.next().and_then(|n| n.replace('_', "").parse().ok()),
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("usage: synth --routes N --out DIR");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("synth: unknown argument {other:?} (usage: synth --routes N --out DIR)");
                return ExitCode::FAILURE;
            }
        }
    }
    let (Some(routes), Some(out)) = (routes, out) else {
        eprintln!("synth: usage: synth --routes N --out DIR");
        return ExitCode::FAILURE;
    };
    let start = Instant::now();
    match generate::generate(routes, &out) {
        Ok(summary) => {
            for (table, n) in &summary.counts {
                eprintln!("  {table:<12} {n:>9} rows");
            }
            eprintln!(
                "synth: wrote {} rows to {} in {:.1} s",
                summary.total(),
                out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
