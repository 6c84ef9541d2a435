//! `nkport check [--data DIR] [--sources DIR]`: validate a data package.
//!
//! Prints every problem (file:line: field: message) and exits 1 if there are
//! any; otherwise a short summary of rows per table and quotes verified.

use crate::check::{CheckOptions, Report, check};
use crate::load::Package;
use crate::output::escape::{escape, escape_lines};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `check`.
#[derive(Debug, clap::Args, Clone)]
#[command(after_help = r#"Examples:
  nkport check
  nkport check --sources ../shared/seeds
  nkport check --data my-package"#)]
pub struct Args {
    /// Verify every citation quote against the article texts in DIR.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<std::path::PathBuf>,
}

/// Runs `check`.
pub fn run(pkg: &Package, args: &Args) -> anyhow::Result<ExitCode> {
    let opts = CheckOptions {
        sources_dir: args.sources.clone(),
    };
    let report = check(pkg, &opts);
    let mut out = std::io::stdout().lock();
    write_report(&mut out, pkg, &opts, &report)?;
    let code = if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    Ok(code)
}

/// Writes `report` as `check` prints it: each problem (`error: `), the
/// problems not kept counted, notes, rows per table, quotes and the verdict;
/// everything from the package escaped.
pub fn write_report(
    out: &mut impl Write,
    pkg: &Package,
    opts: &CheckOptions,
    report: &Report,
) -> std::io::Result<()> {
    for p in &report.problems.list {
        writeln!(out, "error: {}", escape_lines(&p.to_string()))?;
    }
    if report.problems.more > 0 {
        writeln!(
            out,
            "error: … and {} more problems, not shown (the first {} are above)",
            report.problems.more,
            report.problems.list.len()
        )?;
    }
    for n in &report.notes {
        writeln!(out, "note: {}", escape_lines(&n.to_string()))?;
    }
    writeln!(out, "{}", escape(&pkg.describe()))?;
    let total: usize = report.counts.iter().map(|(_, n)| n).sum();
    for (t, n) in &report.counts {
        writeln!(out, "  {:<12} {n:>6} rows", t.name())?;
    }
    writeln!(out, "  {:<12} {total:>6} rows", "total")?;
    let q = report.quotes;
    match &opts.sources_dir {
        Some(dir) => {
            let unread = if q.unchecked > 0 {
                format!(
                    ", {} verbatim not checked (their text could not be read)",
                    q.unchecked
                )
            } else {
                String::new()
            };
            writeln!(
                out,
                "quotes: {} verbatim verified against {}, {} not found{unread}, {} verbatim unverifiable (their sources have no local text)",
                q.verified,
                escape(&dir.display().to_string()),
                q.failed,
                q.unverifiable
            )?
        }
        None => writeln!(
            out,
            "quotes: {} verbatim not verified (pass --sources DIR to check them), {} verbatim unverifiable (their sources have no local text)",
            q.unchecked, q.unverifiable
        )?,
    }
    writeln!(
        out,
        "        {} summaries (another's wording of the source: counted, not looked for)",
        q.summaries
    )?;
    if report.ok() {
        writeln!(out, "ok: no problems found")
    } else {
        writeln!(out, "FAILED: {} problem(s)", report.problems.len())
    }
}
