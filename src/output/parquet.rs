//! Parquet output (`--format parquet`): typed columns (int64, double, utf8,
//! lists as list<utf8>, a fuzzy date as its EDTF text plus date32
//! `<col>_earliest` and `<col>_latest`), Snappy-compressed, written in row
//! groups while rows stream in, so memory stays flat in the row count.

use super::{CellKind, Geometry, Head, Sink};
use crate::model::Value;
use arrow_array::builder::{
    ArrayBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

/// Rows per batch handed to the writer.
const BATCH: usize = 8192;
/// Rows per row group.
const ROW_GROUP: usize = 64 * 1024;

/// The Arrow fields of one output column (a date gives three).
pub fn fields(h: &Head) -> Vec<Field> {
    let utf8 = |n: &str| Field::new(n, DataType::Utf8, true);
    match h.kind {
        CellKind::Text | CellKind::Reference | CellKind::Geometry => vec![utf8(&h.name)],
        CellKind::Integer => vec![Field::new(&h.name, DataType::Int64, true)],
        CellKind::Number => vec![Field::new(&h.name, DataType::Float64, true)],
        CellKind::List => vec![Field::new(
            &h.name,
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        )],
        CellKind::Date => vec![
            utf8(&h.name),
            Field::new(format!("{}_earliest", h.name), DataType::Date32, true),
            Field::new(format!("{}_latest", h.name), DataType::Date32, true),
        ],
    }
}

/// Builds one output column of a batch.
enum Column {
    Text(StringBuilder),
    Integer(Int64Builder),
    Real(Float64Builder),
    List(ListBuilder<StringBuilder>),
    Date(StringBuilder, Date32Builder, Date32Builder),
}

impl Column {
    fn new(kind: CellKind) -> Column {
        match kind {
            CellKind::Text | CellKind::Reference | CellKind::Geometry => {
                Column::Text(StringBuilder::new())
            }
            CellKind::Integer => Column::Integer(Int64Builder::new()),
            CellKind::Number => Column::Real(Float64Builder::new()),
            CellKind::List => Column::List(ListBuilder::new(StringBuilder::new())),
            CellKind::Date => Column::Date(
                StringBuilder::new(),
                Date32Builder::new(),
                Date32Builder::new(),
            ),
        }
    }

    fn push(&mut self, v: &Value<'_>) -> io::Result<()> {
        match (self, v) {
            (Column::Text(b), Value::Null) => b.append_null(),
            (Column::Text(b), v) => b.append_value(v.to_text()),
            (Column::Integer(b), Value::Number(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                b.append_value(*n as i64)
            }
            (Column::Integer(b), Value::Null) => b.append_null(),
            (Column::Integer(_), v) => {
                return Err(io::Error::other(format!(
                    "expected a whole number, found {:?}",
                    v.to_text()
                )));
            }
            (Column::Real(b), Value::Number(n)) => b.append_value(*n),
            (Column::Real(b), Value::Null) => b.append_null(),
            (Column::Real(_), v) => {
                return Err(io::Error::other(format!(
                    "expected a number, found {:?}",
                    v.to_text()
                )));
            }
            (Column::List(b), Value::Null) => b.append_null(),
            (Column::List(b), v) => {
                for item in v.items() {
                    b.values().append_value(item);
                }
                b.append(true);
            }
            (Column::Date(t, lo, hi), Value::Date(d)) => {
                t.append_value(d.edtf());
                lo.append_option(d.earliest().map(days));
                hi.append_option(d.latest().map(days));
            }
            (Column::Date(t, lo, hi), v) => {
                t.append_option(v.items().first().copied());
                lo.append_null();
                hi.append_null();
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<ArrayRef>) {
        match self {
            Column::Text(b) => out.push(Arc::new(b.finish())),
            Column::Integer(b) => out.push(Arc::new(b.finish())),
            Column::Real(b) => out.push(Arc::new(b.finish())),
            Column::List(b) => out.push(Arc::new(b.finish())),
            Column::Date(t, lo, hi) => {
                out.push(Arc::new(t.finish()));
                out.push(Arc::new(lo.finish()));
                out.push(Arc::new(hi.finish()));
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Text(b) => b.len(),
            Column::Integer(b) => b.len(),
            Column::Real(b) => b.len(),
            Column::List(b) => b.len(),
            Column::Date(t, _, _) => t.len(),
        }
    }
}

/// Days since 1970-01-01, as Arrow's date32 counts them.
fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
}

/// The bytes the Parquet writer has produced and not yet passed on.
#[derive(Clone, Default)]
struct Pending(Arc<Mutex<Vec<u8>>>);

impl Pending {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("parquet buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A Parquet writer fed rows one at a time.
#[derive(Default)]
pub struct ParquetSink {
    schema: Option<SchemaRef>,
    columns: Vec<Column>,
    writer: Option<ArrowWriter<Pending>>,
    pending: Pending,
}

fn pq(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("cannot write Parquet: {e}"))
}

impl ParquetSink {
    /// Hands the rows built so far to the writer and passes on what it wrote.
    fn flush_batch(&mut self, w: &mut dyn Write) -> io::Result<()> {
        let (Some(schema), Some(writer)) = (&self.schema, &mut self.writer) else {
            return Ok(());
        };
        if self.columns.first().is_some_and(|c| c.len() > 0) || schema.fields().is_empty() {
            let mut arrays = Vec::new();
            for c in &mut self.columns {
                c.finish(&mut arrays);
            }
            if !arrays.is_empty() {
                let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(pq)?;
                writer.write(&batch).map_err(pq)?;
            }
        }
        w.write_all(&self.pending.take())
    }
}

impl Sink for ParquetSink {
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        let schema = Arc::new(Schema::new(
            heads.iter().flat_map(fields).collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("nkport {}", env!("CARGO_PKG_VERSION")))
            .build();
        self.writer = Some(
            ArrowWriter::try_new(self.pending.clone(), schema.clone(), Some(props)).map_err(pq)?,
        );
        self.columns = heads.iter().map(|h| Column::new(h.kind)).collect();
        self.schema = Some(schema);
        w.write_all(&self.pending.take())
    }

    fn row(
        &mut self,
        w: &mut dyn Write,
        cells: &[Value<'_>],
        _g: Option<&Geometry>,
    ) -> io::Result<()> {
        for (c, v) in self.columns.iter_mut().zip(cells) {
            c.push(v)?;
        }
        if self.columns.first().is_some_and(|c| c.len() >= BATCH) {
            self.flush_batch(w)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        self.flush_batch(w)?;
        if let Some(writer) = self.writer.take() {
            writer.close().map_err(pq)?;
        }
        w.write_all(&self.pending.take())
    }
}
