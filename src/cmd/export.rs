//! `nkport export TABLE [filters] -o FILE` writes what `nkport TABLE
//! [filters]` lists; `nkport export all -o DIR` writes every table, one file
//! per table. The format comes from --format, else the file extension, else
//! CSV. Files are written completely or not at all.
//!
//! `export all --format sqlite` writes one database instead (every table,
//! with keys, link tables and a full-text index) and a Datasette metadata
//! file beside it; `--format parquet` one `<table>.parquet` per table.

use super::TableCommand;
use super::{Ctx, list};
use crate::config::{Config, UsageError};
use crate::load::Package;
use crate::model::{Record, Table, TableFn};
use crate::output::escape::escape;
use crate::output::sqlite::{Database, Shape, TableSink};
use crate::output::{Format, Target, datasette};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `export`.
#[derive(Debug, clap::Args, Clone)]
#[command(after_help = r#"Examples:
  nkport export routes --province "North Pyongan" -o routes.csv
  nkport export all -o pkg.db        (then: datasette pkg.db -m pkg.metadata.json)
  nkport export all -o parquet/ --format parquet"#)]
pub struct Args {
    /// What to export.
    #[command(subcommand)]
    pub what: What,
}

/// One table with its filters, or all of them.
#[derive(Debug, clap::Subcommand, Clone)]
pub enum What {
    /// One table, filtered like its list command.
    #[command(flatten)]
    Table(Box<TableCommand>),
    /// Every table, one file per table, into the directory given by -o.
    All,
}

/// Runs `export`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<ExitCode> {
    let Some(out) = g.output.clone() else {
        return Err(UsageError("export needs -o FILE (or -o DIR for `export all`)".into()).into());
    };
    let format = g.format;
    match &a.what {
        What::Table(t) => t.run(g),
        What::All if format == Format::Sqlite => sqlite_all(g, &out),
        What::All => {
            refuse_second_files(&out, format)?;
            let created = !out.exists();
            std::fs::create_dir_all(&out)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
            // Every table goes to a staging directory inside DIR first and
            // moves into place only when all are written: a table that fails
            // to load leaves DIR as it was, not a package missing tables.
            let stage = tempfile::Builder::new()
                .prefix(".nkport-export-")
                .tempdir_in(&out)
                .map_err(|e| anyhow::anyhow!("cannot write into {}: {e}", out.display()))?;
            let written = write_all(g, stage.path(), format);
            if let Err(e) = written {
                drop(stage);
                if created {
                    let _ = std::fs::remove_dir(&out);
                }
                return Err(e);
            }
            for t in Table::ALL {
                let name = format!("{}.{}", t.name(), format.extension());
                let path = out.join(&name);
                std::fs::rename(stage.path().join(&name), &path)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                eprintln!(
                    "wrote {}",
                    crate::output::escape::escape(&path.display().to_string())
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes every table into `dir` as `<table>.<extension>`.
fn write_all(g: &Config, dir: &Path, format: Format) -> anyhow::Result<()> {
    let ctx = Ctx::load(g, &list::tables_for(g, &Table::ALL))?;
    for t in Table::ALL {
        let path = dir.join(format!("{}.{}", t.name(), format.extension()));
        t.dispatch(ExportTable {
            ctx: &ctx,
            path: &path,
            format,
        })?;
    }
    Ok(())
}

/// Refuses to write `<table>.csv` into a directory that holds
/// `<table>.json` (or the other way round): the directory, a package
/// perhaps, would hold two files for one table and no longer load.
fn refuse_second_files(dir: &Path, format: Format) -> anyhow::Result<()> {
    let other = match format {
        Format::Csv => "json",
        Format::Json => "csv",
        _ => return Ok(()),
    };
    let clashes: Vec<String> = Table::ALL
        .iter()
        .map(|t| format!("{}.{other}", t.name()))
        .filter(|name| std::fs::symlink_metadata(dir.join(name)).is_ok())
        .collect();
    if let Some(first) = clashes.first() {
        let table = first.trim_end_matches(&format!(".{other}"));
        anyhow::bail!(
            "cannot export into {}: it holds {}, and {table}.{} written beside it would leave two files for one table (the directory would no longer load as a package); export with --format {other}, or into another directory",
            escape(&dir.display().to_string()),
            escape(&clashes.join(", ")),
            format.extension()
        );
    }
    Ok(())
}

struct ExportTable<'a> {
    ctx: &'a Ctx,
    path: &'a Path,
    format: Format,
}

impl TableFn for ExportTable<'_> {
    type Out = anyhow::Result<()>;
    fn call<T: Record>(self) -> Self::Out {
        list::write::<T>(self.ctx, Vec::new(), Some(self.path), self.format)
    }
}

/// `export all --format sqlite`: every table into one database.
fn sqlite_all(g: &Config, out: &Path) -> anyhow::Result<ExitCode> {
    let ctx = Ctx::load(g, &list::tables_for(g, &Table::ALL))?;
    let mut target = Target::open(Some(out))?;
    let mut db = Database::create(&Table::ALL)?;
    for t in Table::ALL {
        t.dispatch(IntoDatabase {
            ctx: &ctx,
            db: &mut db,
            w: &mut target,
        })?;
    }
    let shapes = db.shapes().to_vec();
    db.finish(&mut target)?;
    target.commit()?;
    eprintln!(
        "wrote {} ({} tables)",
        escape(&out.display().to_string()),
        shapes.len()
    );
    if let Some(meta) = write_metadata(&ctx, out, &shapes)? {
        eprintln!("wrote {}", escape(&meta.display().to_string()));
    }
    Ok(ExitCode::SUCCESS)
}

struct IntoDatabase<'a> {
    ctx: &'a Ctx,
    db: &'a mut Database,
    w: &'a mut Target,
}

impl TableFn for IntoDatabase<'_> {
    type Out = anyhow::Result<()>;
    fn call<T: Record>(self) -> Self::Out {
        let mut sink = TableSink {
            db: self.db,
            name: T::TABLE.name().to_string(),
            table: T::TABLE,
        };
        list::stream::<T>(self.ctx, Format::Sqlite, &mut sink, self.w)
    }
}

/// Writes the Datasette metadata file beside the database at `db` (not
/// beside a device such as /dev/stdout); returns its path.
pub fn write_metadata(ctx: &Ctx, db: &Path, shapes: &[Shape]) -> anyhow::Result<Option<PathBuf>> {
    if !std::fs::metadata(db).is_ok_and(|m| m.is_file())
        || db.starts_with("/dev")
        || db.starts_with("/proc")
    {
        return Ok(None);
    }
    let name = db
        .file_stem()
        .map_or_else(|| "nkport".into(), |s| s.to_string_lossy().into_owned());
    let meta = datasette::metadata(&name, descriptor(&ctx.pkg).as_ref(), shapes);
    let path = datasette::path_for(db);
    let mut t = Target::open(Some(&path))?;
    serde_json::to_writer_pretty(&mut t, &meta)?;
    t.write_all(b"\n")?;
    t.commit()?;
    Ok(Some(path))
}

/// The package's descriptor (`datapackage.json`), where it has one.
fn descriptor(pkg: &Package) -> Option<serde_json::Value> {
    match pkg {
        Package::Embedded => serde_json::from_str(include_str!("../../data/datapackage.json")).ok(),
        Package::Dir(d) => {
            let mut text = String::new();
            std::fs::File::open(d.join("datapackage.json"))
                .ok()?
                .take(16 << 20)
                .read_to_string(&mut text)
                .ok()?;
            serde_json::from_str(&text).ok()
        }
    }
}
