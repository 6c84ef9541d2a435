//! Writing typed records back as a data package: the reverse of reading, so
//! that tools and tests make packages from records, never from positional
//! text. A written table reads back as the same records.

use crate::model::Record;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::marker::PhantomData;
use std::path::Path;

/// Writes rows of table `T` as the package's CSV: a header naming every
/// column in model order, then one line per row (lists joined with `;`,
/// dates as EDTF, cells quoted where they must be).
pub struct TableWriter<T, W: Write> {
    out: csv::Writer<W>,
    cells: Vec<String>,
    rows: usize,
    table: PhantomData<T>,
}

impl<T: Record> TableWriter<T, BufWriter<File>> {
    /// Creates `<dir>/<table>.csv` and writes its header.
    pub fn create(dir: &Path) -> io::Result<Self> {
        let file = File::create(dir.join(format!("{}.csv", T::TABLE.name())))?;
        TableWriter::new(BufWriter::with_capacity(1 << 17, file))
    }
}

impl<T: Record, W: Write> TableWriter<T, W> {
    /// Writes the header to `out`.
    pub fn new(out: W) -> io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(T::COLUMNS.iter().map(|c| c.name))?;
        Ok(TableWriter {
            out,
            cells: Vec::with_capacity(T::COLUMNS.len()),
            rows: 0,
            table: PhantomData,
        })
    }

    /// Writes one row.
    pub fn write(&mut self, row: &T) -> io::Result<()> {
        self.cells.clear();
        self.cells
            .extend((0..T::COLUMNS.len()).map(|i| row.value(i).to_text()));
        self.rows += 1;
        self.out.write_record(&self.cells).map_err(io::Error::from)
    }

    /// Flushes the output and returns how many rows were written.
    pub fn finish(mut self) -> io::Result<usize> {
        self.out.flush()?;
        Ok(self.rows)
    }
}

/// Writes `rows` of table `T` into `<dir>/<table>.csv`.
pub fn write_table<'a, T: Record>(
    dir: &Path,
    rows: impl IntoIterator<Item = &'a T>,
) -> io::Result<usize> {
    let mut w = TableWriter::<T, _>::create(dir)?;
    for row in rows {
        w.write(row)?;
    }
    w.finish()
}

/// A record of table `T` from named cell text, decoded as the loader
/// decodes a CSV row: a column left out is empty, a number or vocabulary
/// value that does not parse is an error naming its column.
pub fn record_from_cells<'a, T: Record>(
    cells: impl IntoIterator<Item = (&'static str, &'a str)>,
) -> Result<T, String> {
    super::cell::from_cells(cells.into_iter()).map_err(|e| match e.field {
        Some(f) => format!("field `{f}`: {e}"),
        None => e.to_string(),
    })
}
