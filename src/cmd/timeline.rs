//! `nkport timeline [--place P] [--since DATE] [--until DATE] [--publications] [--chart]`:
//! events and dated records (lease signings and ends, route periods,
//! population figures, claims) in order of their earliest possible day;
//! fuzzy dates stay fuzzy. A source's publication is not an event (at P or
//! anywhere): `--publications` adds them.

use super::Ctx;
use crate::date::FuzzyDate;
use crate::model::Table;
use crate::output::chart::{Bar, render};
use crate::output::{CellKind, Owned};
use crate::query::filter::scope_of;
use crate::timeline::{Window, timeline};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `timeline`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport timeline --place chongjin --since 1990 --until 2000
  nkport timeline --place chongjin --publications --format json
  nkport timeline --place "North Pyongan" --chart"#)]
pub struct Args {
    /// Only what concerns this place (and what lies in it), port or facility.
    #[arg(long, value_name = "P")]
    pub place: Option<String>,
    /// Only what may fall on or after DATE (EDTF: 1990, 2012-09, 2012-09-01).
    #[arg(long, value_name = "DATE")]
    pub since: Option<FuzzyDate>,
    /// Only what may fall on or before DATE (EDTF).
    #[arg(long, value_name = "DATE")]
    pub until: Option<FuzzyDate>,
    /// Also list when the sources were published (with --place, those that
    /// cite a record there): when something was told, not what happened.
    #[arg(long)]
    pub publications: bool,
    /// Draw the items on a time axis in the terminal.
    #[arg(long)]
    pub chart: bool,
}

/// A usage error when `--since` comes after `--until` (nothing could fall
/// in between: an empty answer would hide the mistake).
pub fn check_window(a: &Args) -> Result<(), crate::config::UsageError> {
    let since = a.since.as_ref().and_then(FuzzyDate::earliest);
    let until = a.until.as_ref().and_then(FuzzyDate::latest);
    match (since, until) {
        (Some(s), Some(u)) if s > u => Err(crate::config::UsageError(format!(
            "--since {} is after --until {}: nothing can fall between them",
            a.since.as_ref().map_or("", |d| d.edtf()),
            a.until.as_ref().map_or("", |d| d.edtf()),
        ))),
        _ => Ok(()),
    }
}

/// Runs `timeline`.
pub fn run(ctx: &Ctx, a: &Args) -> anyhow::Result<ExitCode> {
    // The chart is text: `-o chart.json` would be text under a JSON name
    // (as `--format json` is refused, so is the format -o's extension names).
    if a.chart
        && !ctx.config.format_given
        && let Some(f) = ctx
            .config
            .output
            .as_deref()
            .and_then(crate::output::Format::from_extension)
            .filter(|f| *f != crate::output::Format::Table)
    {
        return Err(crate::config::UsageError(format!(
            "`timeline --chart` draws text, not {} (from -o's extension): write it to a .txt file",
            f.name()
        ))
        .into());
    }
    let scope = match &a.place {
        Some(p) => {
            let hit = ctx.resolve(p, &[Table::Places, Table::Ports, Table::Facilities])?;
            Some(scope_of(&ctx.ds, hit.table, &hit.id))
        }
        None => None,
    };
    let window = Window {
        scope,
        since: a.since.as_ref().and_then(FuzzyDate::earliest),
        until: a.until.as_ref().and_then(FuzzyDate::latest),
        publications: a.publications,
    };
    let items = timeline(&ctx.ds, &window);
    if a.chart {
        let bars: Vec<Bar> = items
            .iter()
            .map(|i| Bar {
                label: format!("{} · {}", i.date.human(), i.title),
                earliest: i.date.earliest(),
                latest: i.date.latest(),
            })
            .collect();
        let mut out = crate::output::Target::open(ctx.config.output.as_deref())?;
        out.write_all(render(&bars, ctx.config.width).as_bytes())?;
        out.commit()?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<Owned>> = items
        .into_iter()
        .map(|i| {
            vec![
                Owned::Date(i.date),
                Owned::Text(i.table.name().to_string()),
                Owned::Text(i.id),
                Owned::Text(i.title),
                Owned::Text(i.what.to_string()),
                Owned::text(i.certainty.map(|c| c.to_string()).as_deref()),
            ]
        })
        .collect();
    super::rows::write_table(
        &ctx.config,
        "timeline",
        &[
            ("date", CellKind::Date),
            ("table", CellKind::Text),
            ("id", CellKind::Reference),
            ("title", CellKind::Text),
            ("what", CellKind::Text),
            ("certainty", CellKind::Text),
        ],
        &rows,
    )?;
    Ok(ExitCode::SUCCESS)
}
