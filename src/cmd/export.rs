//! `nkport export TABLE [filters] -o FILE` writes what `nkport TABLE
//! [filters]` lists; `nkport export all -o DIR` writes every table, one file
//! per table. The format comes from --format, else the file extension, else
//! CSV. Files are written completely or not at all.
//!
//! Examples:
//!   nkport export routes --province "North Pyongan" -o routes.csv
//!   nkport export leases -o leases.json
//!   nkport export all -o out/ --format json

use super::TableCommand;
use super::{Ctx, REFERENCE_TABLES, list};
use crate::config::{Config, UsageError};
use crate::model::{Record, TableFn};
use crate::output::Format;
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `export`.
#[derive(Debug, clap::Args, Clone)]
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
        What::All => {
            std::fs::create_dir_all(&out)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
            let ctx = Ctx::load(g, &REFERENCE_TABLES)?;
            for t in crate::model::Table::ALL {
                let path = out.join(format!("{}.{}", t.name(), format.extension()));
                t.dispatch(ExportTable {
                    ctx: &ctx,
                    path: &path,
                    format,
                })?;
                eprintln!(
                    "wrote {}",
                    crate::output::escape::escape(&path.display().to_string())
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
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
