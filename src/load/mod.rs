//! Reading tables from a data package: the embedded copy or a directory, each
//! table as CSV or JSON, streamed row by row into typed records.
//!
//! [`Rows`] is the one path every table goes through. CSV streams: only the
//! current row is held. JSON tables are read whole (they are the small,
//! hand-edited case) and then handed out one record at a time.

mod blocks;
mod cell;
mod csv_rows;
mod csv_scan;
mod error;
pub mod inside;
mod json_rows;
mod tracker;
pub mod write;

pub use blocks::BlockWork;
pub use csv_rows::RawRow;
pub use error::{DataError, is_unsafe, shorten};

use crate::model::{Record, Table};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a data package lives.
#[derive(Debug, Clone)]
pub enum Package {
    /// The copy built into the binary.
    Embedded,
    /// A directory of `<table>.csv` / `<table>.json` files.
    Dir(PathBuf),
}

/// The file format of one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// An array of objects.
    Json,
}

macro_rules! embedded {
    ($($variant:ident $name:ident $record:ident $rank:literal $what:literal,)+) => {
        /// The embedded package's file of `table`.
        fn embedded_table(table: Table) -> &'static [u8] {
            match table {
                $(Table::$variant => include_bytes!(concat!("../../data/", stringify!($name), ".csv")),)+
            }
        }
    };
}
crate::model::each_table!(embedded);

/// One table's input, opened.
pub struct TableInput {
    /// The file as shown in messages (`data/ports.csv`).
    pub display: String,
    /// Its format.
    pub format: Format,
    reader: Box<dyn Read>,
}

impl Package {
    /// The package in `dir`, or the embedded one when `dir` is `None`.
    pub fn new(dir: Option<PathBuf>) -> Package {
        dir.map_or(Package::Embedded, Package::Dir)
    }

    /// A short description for summaries.
    pub fn describe(&self) -> String {
        match self {
            Package::Embedded => "embedded data package".to_string(),
            Package::Dir(d) => format!("data package {}", d.display()),
        }
    }

    /// Checks that the package can be read at all (its directory exists).
    pub fn verify(&self) -> Result<(), DataError> {
        match self {
            Package::Dir(d) => match std::fs::metadata(d) {
                Ok(m) if m.is_dir() => Ok(()),
                Ok(_) => Err(DataError::file(
                    d,
                    "is not a directory: expected a data package, a directory of <table>.csv or <table>.json files",
                )),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(DataError::file(
                    d,
                    "the data package directory does not exist (expected a directory of <table>.csv or <table>.json files)",
                )),
                Err(e) => Err(DataError::file(
                    d,
                    format!(
                        "cannot open the data package directory: {}",
                        inside::reason(&e)
                    ),
                )),
            },
            Package::Embedded => Ok(()),
        }
    }

    /// Opens one table's file, CSV or JSON.
    pub fn open(&self, table: Table) -> Result<TableInput, DataError> {
        match self {
            Package::Embedded => Ok(TableInput {
                display: format!("<embedded>/{}.csv", table.name()),
                format: Format::Csv,
                reader: Box::new(embedded_table(table)),
            }),
            Package::Dir(dir) => open_in_dir(dir, table),
        }
    }

    /// Streams one table's records.
    pub fn rows<T: Record>(&self) -> Result<Rows<T>, DataError> {
        Rows::open(self.open(T::TABLE)?)
    }
}

fn open_in_dir(dir: &Path, table: Table) -> Result<TableInput, DataError> {
    let csv = dir.join(format!("{}.csv", table.name()));
    let json = dir.join(format!("{}.json", table.name()));
    let open = |p: &Path| {
        inside::open_inside(dir, p, "the package").map_err(|why| DataError::file(p, why))
    };
    let (path, format, opened) = match (open(&csv)?, open(&json)?) {
        (Some(_), Some(_)) => {
            return Err(DataError::file(
                &csv,
                format!(
                    "both {} and {} exist: expected one file per table",
                    csv.display(),
                    json.display()
                ),
            ));
        }
        (Some(f), None) => (csv, Format::Csv, f),
        (None, Some(f)) => (json, Format::Json, f),
        (None, None) => {
            let why = if dir.is_dir() {
                format!(
                    "missing table file: expected {}.csv or {}.json",
                    table.name(),
                    table.name()
                )
            } else {
                "the data package directory does not exist".to_string()
            };
            return Err(DataError::file(&csv, why));
        }
    };
    Ok(TableInput {
        display: path.display().to_string(),
        format,
        reader: Box::new(opened.file),
    })
}

/// The records of one table, in file order, each with its line (CSV) or
/// record number (JSON).
pub struct Rows<T> {
    inner: RowsInner<T>,
    /// The file as shown in messages.
    pub display: String,
    /// Columns in the file that the table does not define (kept, ignored).
    pub extra_columns: Vec<String>,
}

enum RowsInner<T> {
    Csv(Box<csv_rows::CsvRows<T>>),
    Json(std::vec::IntoIter<Result<Located<T>, DataError>>),
}

/// A record with where it was read.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The record.
    pub row: T,
    /// The 1-based line its record starts on.
    pub line: u64,
}

impl<T: Record> Rows<T> {
    /// Starts reading an opened table.
    pub fn open(input: TableInput) -> Result<Rows<T>, DataError> {
        let display = input.display.clone();
        match input.format {
            Format::Csv => {
                let rows = csv_rows::CsvRows::open(input.reader, &input.display)?;
                let extra_columns = rows.extra_columns().to_vec();
                Ok(Rows {
                    inner: RowsInner::Csv(Box::new(rows)),
                    display,
                    extra_columns,
                })
            }
            Format::Json => {
                let (rows, extra_columns) = json_rows::read_all::<T>(input.reader, &input.display)?;
                Ok(Rows {
                    inner: RowsInner::Json(rows.into_iter()),
                    display,
                    extra_columns,
                })
            }
        }
    }
}

impl<T: Record> Rows<T> {
    /// The next row that `keep` accepts, decoded. For CSV, `keep` sees each
    /// row's raw cells first and rejected rows are never decoded (nor
    /// type-checked: `check` reads every row); JSON rows are decoded whole
    /// before, and all are handed out. So `keep` may only narrow what the
    /// caller's own tests on decoded rows would keep, never widen it.
    pub fn next_kept(
        &mut self,
        keep: &mut dyn FnMut(&RawRow<'_>) -> bool,
    ) -> Option<Result<Located<T>, DataError>> {
        match &mut self.inner {
            RowsInner::Csv(r) => r.next_kept(keep),
            RowsInner::Json(r) => r.next(),
        }
    }
}

impl<T: Record> Rows<T> {
    /// Reads what it can of the rest of a big CSV table in blocks on
    /// several cores, each row through `work` (see [`BlockWork`]), then
    /// leaves the rest to [`Rows::next_kept`]: rows, order, lines and errors
    /// are those `next_kept` would give. JSON tables, small tables and
    /// unusual CSV are all left to `next_kept`.
    pub fn in_blocks<S: Send, E>(&mut self, work: BlockWork<'_, T, S, E>) -> Result<(), E> {
        match &mut self.inner {
            RowsInner::Csv(r) => r.in_blocks(work),
            RowsInner::Json(_) => Ok(()),
        }
    }

    /// Every row `keep` accepts, through `each` into one list in file
    /// order: a big CSV table in blocks on several cores, the rest row by
    /// row (see [`Rows::in_blocks`]).
    pub fn collect_kept<U: Send>(
        mut self,
        keep: &(dyn Fn(&RawRow<'_>) -> bool + Sync),
        each: &(dyn Fn(&mut Vec<U>, Located<T>) + Sync),
    ) -> Result<Vec<U>, DataError> {
        let mut out = Vec::new();
        self.in_blocks(BlockWork {
            start: &mut Vec::new,
            keep,
            each,
            take: &mut |part| {
                out.extend(part);
                Ok::<bool, DataError>(true)
            },
        })?;
        while let Some(row) = self.next_kept(&mut |raw| keep(raw)) {
            each(&mut out, row?);
        }
        Ok(out)
    }
}

impl<T: Record> Iterator for Rows<T> {
    type Item = Result<Located<T>, DataError>;
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            RowsInner::Csv(r) => r.next(),
            RowsInner::Json(r) => r.next(),
        }
    }
}
