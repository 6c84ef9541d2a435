//! SQLite output (`--format sqlite`): one database whose tables keep the
//! package's names and typed columns, with primary keys, foreign keys for
//! every reference, link tables for lists of references, indexes on them and
//! an FTS5 full-text index over names, aliases, notes and quotes, shaped so
//! that Datasette shows labels, reverse links and search with no setup.
//!
//! How columns are stored:
//! - text, ids and vocabulary values as TEXT; numbers as INTEGER or REAL;
//! - lists as a JSON array in TEXT (Datasette facets them by item);
//! - a fuzzy date as its EDTF TEXT plus `<col>_earliest` and `<col>_latest`
//!   (ISO days, NULL where open or unknown);
//! - a reference to one table as TEXT with a foreign key; a reference that
//!   may point into several tables (a route's origin: a place or a port)
//!   also gets one column per table, `<col>_<table>`, holding the id where it
//!   lies in that table; a `table:id` reference gets `<col>_table` and the
//!   same per-table columns;
//! - a list of references as the JSON array plus a link table
//!   `<table>_<col>(<row>, position, <item>...)`, one row per item.
//!
//! Foreign keys point only at tables the database holds: `export all`
//! holds every table; a single table references itself (a place's parent).
//!
//! SQLite needs a file it can seek in, so the database is built in a
//! temporary file and then copied to the output (for `-o FILE`, the
//! [`super::Target`] that replaces the destination only when complete).

use super::{CellKind, Geometry, Head, Sink};
use crate::model::{Kind, Table, Value};
use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
use std::io::{self, Write};

/// The columns of a table that the full-text index covers, where present.
pub const FTS_COLUMNS: &[&str] = &[
    "name", "title", "label", "aliases", "name_ko", "lessee", "notes", "note", "quote",
];

/// Quotes an SQL identifier.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The name of one row of a table, for the owner column of its link
/// tables (`routes` → `route`, `facilities` → `facility`).
pub fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_string()
    } else {
        name.to_string()
    }
}

/// The name of the link table of list column `col` of `table`.
pub fn link_table(table: &str, col: &str) -> String {
    format!("{table}_{col}")
}

/// The name of the full-text table of `table`.
pub fn fts_table(table: &str) -> String {
    format!("{table}_fts")
}

/// How a column is stored: its output kind, with the tables a reference
/// points into (from the model's column metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Real,
    /// A list of text.
    List,
    /// A fuzzy date: EDTF text with its earliest and latest day.
    Date,
    /// The id of a row in one of these tables.
    Ref(&'static [Table]),
    /// A list of ids of rows in these tables.
    RefList(&'static [Table]),
    /// A `table:id` reference to a row of any table.
    RecordRef,
}

impl ColType {
    /// How column `h` of rows of `table` is stored: its kind, and for a
    /// reference the tables the model says it points into.
    pub fn of(h: &Head, table: Option<Table>) -> ColType {
        let model = table
            .and_then(|t| t.columns().iter().find(|c| c.name == h.name))
            .map(|c| c.kind);
        match (h.kind, model) {
            (CellKind::Reference, Some(Kind::Ref(ts))) => ColType::Ref(ts),
            (CellKind::Reference, Some(Kind::RecordRef)) => ColType::RecordRef,
            (CellKind::List, Some(Kind::RefList(ts))) => ColType::RefList(ts),
            (CellKind::Text | CellKind::Reference | CellKind::Geometry, _) => ColType::Text,
            (CellKind::Integer, _) => ColType::Integer,
            (CellKind::Number, _) => ColType::Real,
            (CellKind::List, _) => ColType::List,
            (CellKind::Date, _) => ColType::Date,
        }
    }
}

/// A table as written: its name, the table of the package it holds (none
/// for computed rows) and its columns.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The table's name in the database.
    pub name: String,
    /// The package table whose rows it holds.
    pub table: Option<Table>,
    /// Its columns as output heads.
    pub heads: Vec<Head>,
}

impl Shape {
    /// The columns indexed for full-text search.
    pub fn fts_columns(&self) -> Vec<&str> {
        self.heads
            .iter()
            .map(|h| h.name.as_str())
            .filter(|n| FTS_COLUMNS.contains(n))
            .collect()
    }

    /// How each column is stored.
    pub fn types(&self) -> Vec<ColType> {
        self.heads
            .iter()
            .map(|h| ColType::of(h, self.table))
            .collect()
    }

    /// Whether the rows are a package table's, one per record, keyed by
    /// their `id` column. Computed rows (a timeline, conflict groups) may
    /// name one record several times: their `id` is a plain column.
    pub fn has_id(&self) -> bool {
        self.table.is_some() && self.heads.iter().any(|h| h.name == "id")
    }
}

/// A database being built in a temporary file.
pub struct Database {
    conn: Connection,
    file: tempfile::TempPath,
    _listed: Listed,
    /// Tables this database will hold (foreign keys point only at these).
    holds: Vec<Table>,
    written: Vec<Shape>,
    current: Option<Current>,
    /// Statements run once every table is in (resolving references).
    pending: Vec<String>,
}

/// The table rows are being inserted into.
struct Current {
    shape: Shape,
    types: Vec<ColType>,
    insert: String,
    /// For each list-of-references column: (head index, insert statement).
    links: Vec<(usize, String)>,
    id: Option<usize>,
}

impl Database {
    /// A new, empty database in a temporary file; its foreign keys will point
    /// at the tables in `holds`.
    pub fn create(holds: &[Table]) -> anyhow::Result<Database> {
        let file = tempfile::Builder::new()
            .prefix(".nkport-")
            .suffix(".db")
            .tempfile()?
            .into_temp_path();
        crate::signals::register(&file);
        let listed = Listed(file.to_path_buf());
        let conn = Connection::open(&file)?;
        // The file is private and replaced whole: no journal needed.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;
             BEGIN;",
        )?;
        Ok(Database {
            conn,
            file,
            _listed: listed,
            holds: holds.to_vec(),
            written: Vec::new(),
            current: None,
            pending: Vec::new(),
        })
    }

    fn holds(&self, t: Table) -> bool {
        self.holds.contains(&t)
    }

    /// Those of `targets` this database holds, when there are several
    /// (a reference into one table is a plain foreign key).
    fn held(&self, targets: &[Table]) -> Vec<Table> {
        if targets.len() < 2 {
            return Vec::new();
        }
        targets.iter().copied().filter(|t| self.holds(*t)).collect()
    }

    /// Creates a table for rows of `table` (none for computed rows) with
    /// these columns; rows go in with [`Database::insert`].
    pub fn begin(
        &mut self,
        name: &str,
        table: Option<Table>,
        heads: &[Head],
    ) -> anyhow::Result<()> {
        let shape = Shape {
            name: name.to_string(),
            table,
            heads: heads.to_vec(),
        };
        let has_id = shape.has_id();
        let mut defs: Vec<String> = Vec::new();
        let mut links = Vec::new();
        let mut id = None;
        let fk = |t: Table| format!(" REFERENCES {}(\"id\")", ident(t.name()));
        for (i, h) in heads.iter().enumerate() {
            let col = ident(&h.name);
            match ColType::of(h, table) {
                ColType::Text if h.name == "id" && has_id => {
                    id = Some(i);
                    defs.push(format!("{col} TEXT PRIMARY KEY NOT NULL"));
                }
                ColType::Text | ColType::List => defs.push(format!("{col} TEXT")),
                ColType::Integer => defs.push(format!("{col} INTEGER")),
                ColType::Real => defs.push(format!("{col} REAL")),
                ColType::Date => {
                    defs.push(format!("{col} TEXT"));
                    defs.push(format!("{} TEXT", ident(&format!("{}_earliest", h.name))));
                    defs.push(format!("{} TEXT", ident(&format!("{}_latest", h.name))));
                }
                ColType::Ref([t]) if self.holds(*t) => defs.push(format!("{col} TEXT{}", fk(*t))),
                ColType::Ref(ts) => {
                    defs.push(format!("{col} TEXT"));
                    for t in self.held(ts) {
                        let split = format!("{}_{}", h.name, t.name());
                        defs.push(format!("{} TEXT{}", ident(&split), fk(t)));
                        self.pending.push(resolve(name, &h.name, &split, t));
                    }
                }
                ColType::RecordRef => {
                    defs.push(format!("{col} TEXT"));
                    defs.push(format!("{} TEXT", ident(&format!("{}_table", h.name))));
                    for t in Table::ALL.into_iter().filter(|t| self.holds(*t)) {
                        let split = format!("{}_{}", h.name, t.name());
                        defs.push(format!("{} TEXT{}", ident(&split), fk(t)));
                    }
                }
                ColType::RefList(ts) => {
                    defs.push(format!("{col} TEXT"));
                    if has_id {
                        let sql = self.link(name, &h.name, ts)?;
                        links.push((i, sql));
                    }
                }
            }
        }
        self.conn.execute_batch(&format!(
            "CREATE TABLE {} (\n  {}\n);",
            ident(name),
            defs.join(",\n  ")
        ))?;
        let cols: Vec<String> = self.columns(&shape).iter().map(|c| ident(c)).collect();
        let insert = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            ident(name),
            cols.join(", "),
            vec!["?"; cols.len()].join(", ")
        );
        self.current = Some(Current {
            types: shape.types(),
            shape,
            insert,
            links,
            id,
        });
        Ok(())
    }

    /// The columns [`Database::insert`] fills, in order.
    fn columns(&self, shape: &Shape) -> Vec<String> {
        let mut out = Vec::new();
        for h in &shape.heads {
            out.push(h.name.clone());
            match ColType::of(h, shape.table) {
                ColType::Date => {
                    out.push(format!("{}_earliest", h.name));
                    out.push(format!("{}_latest", h.name));
                }
                ColType::RecordRef => {
                    out.push(format!("{}_table", h.name));
                    for t in Table::ALL.into_iter().filter(|t| self.holds(*t)) {
                        out.push(format!("{}_{}", h.name, t.name()));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Creates the link table of list column `col` of `table`; returns its
    /// insert statement.
    fn link(&mut self, table: &str, col: &str, targets: &[Table]) -> anyhow::Result<String> {
        let name = link_table(table, col);
        let owner = singular(table);
        let item = singular(col);
        let item = if item == owner {
            format!("{item}_item")
        } else {
            item
        };
        let mut defs = vec![
            format!(
                "{} TEXT NOT NULL REFERENCES {}(\"id\")",
                ident(&owner),
                ident(table)
            ),
            "\"position\" INTEGER NOT NULL".to_string(),
        ];
        let mut indexed = vec![owner.clone()];
        match targets {
            [t] if self.holds(*t) => {
                defs.push(format!(
                    "{} TEXT NOT NULL REFERENCES {}(\"id\")",
                    ident(&item),
                    ident(t.name())
                ));
                indexed.push(item.clone());
            }
            _ => {
                defs.push(format!("{} TEXT NOT NULL", ident(&item)));
                for t in self.held(targets) {
                    let split = format!("{item}_{}", t.name());
                    defs.push(format!(
                        "{} TEXT REFERENCES {}(\"id\")",
                        ident(&split),
                        ident(t.name())
                    ));
                    self.pending.push(resolve(&name, &item, &split, t));
                    indexed.push(split);
                }
            }
        }
        defs.push(format!("PRIMARY KEY ({}, \"position\")", ident(&owner)));
        self.conn.execute_batch(&format!(
            "CREATE TABLE {} (\n  {}\n);",
            ident(&name),
            defs.join(",\n  ")
        ))?;
        for c in indexed.iter().skip(1) {
            self.pending.push(index(&name, c));
        }
        Ok(format!(
            "INSERT INTO {} ({}, \"position\", {}) VALUES (?, ?, ?)",
            ident(&name),
            ident(&owner),
            ident(&item)
        ))
    }

    /// Inserts one row (cells in the order of the heads given to `begin`).
    pub fn insert(&mut self, cells: &[Value<'_>]) -> anyhow::Result<()> {
        let Some(cur) = &self.current else {
            anyhow::bail!("no table begun");
        };
        let holds: Vec<Table> = Table::ALL
            .into_iter()
            .filter(|t| self.holds.contains(t))
            .collect();
        let mut params: Vec<ToSqlOutput<'_>> = Vec::with_capacity(cells.len() + 4);
        for (&ty, v) in cur.types.iter().zip(cells) {
            push_cell(&mut params, ty, v)?;
            if ty == ColType::RecordRef {
                let (table, id) = match v {
                    Value::Text(s) => match s.split_once(':') {
                        Some((t, id)) => (Some(t), Some(id)),
                        None => (None, None),
                    },
                    _ => (None, None),
                };
                params.push(text(table));
                for t in &holds {
                    params.push(text(id.filter(|_| table == Some(t.name()))));
                }
            }
        }
        self.conn
            .prepare_cached(&cur.insert)?
            .execute(rusqlite::params_from_iter(params))?;
        if let Some(id) = cur.id.and_then(|i| match cells[i] {
            Value::Text(s) => Some(s),
            _ => None,
        }) {
            for (i, sql) in &cur.links {
                let mut stmt = self.conn.prepare_cached(sql)?;
                for (pos, item) in cells[*i].items().into_iter().enumerate() {
                    stmt.execute(rusqlite::params![id, pos as i64 + 1, item])?;
                }
            }
        }
        Ok(())
    }

    /// Ends the current table: its indexes and full-text index are made.
    pub fn end(&mut self) -> anyhow::Result<()> {
        let Some(cur) = self.current.take() else {
            return Ok(());
        };
        let name = &cur.shape.name;
        for h in &cur.shape.heads {
            match ColType::of(h, cur.shape.table) {
                ColType::Ref([t]) if self.holds(*t) => self.pending.push(index(name, &h.name)),
                ColType::Ref(ts) => {
                    for t in self.held(ts) {
                        self.pending
                            .push(index(name, &format!("{}_{}", h.name, t.name())));
                    }
                }
                ColType::RecordRef => {
                    self.pending.push(index(name, &format!("{}_table", h.name)));
                    for t in self.held(&Table::ALL) {
                        self.pending
                            .push(index(name, &format!("{}_{}", h.name, t.name())));
                    }
                }
                _ => {}
            }
        }
        let fts = cur.shape.fts_columns();
        if !fts.is_empty() {
            let cols: Vec<String> = fts.iter().map(|c| ident(c)).collect();
            let f = fts_table(name);
            // Datasette finds the index by `content="<table>"` in its SQL.
            self.conn.execute_batch(&format!(
                "CREATE VIRTUAL TABLE {} USING fts5({}, content=\"{}\");
                 INSERT INTO {}({}) VALUES ('rebuild');",
                ident(&f),
                cols.join(", "),
                name.replace('"', "\"\""),
                ident(&f),
                ident(&f),
            ))?;
        }
        self.written.push(cur.shape);
        Ok(())
    }

    /// The tables written so far.
    pub fn shapes(&self) -> &[Shape] {
        &self.written
    }

    /// Resolves references, makes the indexes, commits and copies the
    /// database to `w`.
    pub fn finish(mut self, w: &mut dyn Write) -> anyhow::Result<()> {
        self.end()?;
        for sql in std::mem::take(&mut self.pending) {
            self.conn.execute_batch(&sql)?;
        }
        self.conn.execute_batch("COMMIT; ANALYZE;")?;
        self.conn
            .close()
            .map_err(|(_, e)| anyhow::anyhow!("cannot finish the database: {e}"))?;
        let mut f = std::fs::File::open(&self.file)?;
        io::copy(&mut f, w)?;
        Ok(())
    }
}

/// Keeps a temporary file on the signal handler's removal list while alive.
struct Listed(std::path::PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        crate::signals::unregister(&self.0);
    }
}

/// The statement filling `split` with the ids of `col` that lie in `t`.
fn resolve(table: &str, col: &str, split: &str, t: Table) -> String {
    format!(
        "UPDATE {tb} SET {s} = {c} WHERE {c} IN (SELECT \"id\" FROM {t});",
        tb = ident(table),
        s = ident(split),
        c = ident(col),
        t = ident(t.name()),
    )
}

/// The statement indexing `col` of `table`.
fn index(table: &str, col: &str) -> String {
    format!(
        "CREATE INDEX {} ON {}({});",
        ident(&format!("{table}_by_{col}")),
        ident(table),
        ident(col)
    )
}

fn text(s: Option<&str>) -> ToSqlOutput<'_> {
    match s {
        Some(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        None => ToSqlOutput::Owned(Sql::Null),
    }
}

/// Appends the SQL values of one cell of type `ty`.
fn push_cell<'a>(out: &mut Vec<ToSqlOutput<'a>>, ty: ColType, v: &Value<'a>) -> anyhow::Result<()> {
    match (ty, v) {
        (ColType::Date, Value::Date(d)) => {
            out.push(text(Some(d.edtf())));
            for day in [d.earliest(), d.latest()] {
                out.push(match day {
                    Some(day) => ToSqlOutput::Owned(Sql::Text(day.format("%Y-%m-%d").to_string())),
                    None => ToSqlOutput::Owned(Sql::Null),
                });
            }
        }
        (ColType::Date, _) => {
            out.push(text(v.items().first().copied()));
            out.push(ToSqlOutput::Owned(Sql::Null));
            out.push(ToSqlOutput::Owned(Sql::Null));
        }
        (_, Value::Null) => out.push(ToSqlOutput::Owned(Sql::Null)),
        (_, Value::Text(s)) => out.push(text(Some(s))),
        (ColType::Integer, Value::Number(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            out.push(ToSqlOutput::Owned(Sql::Integer(*n as i64)))
        }
        (_, Value::Number(n)) => out.push(ToSqlOutput::Owned(Sql::Real(*n))),
        (_, Value::List(l)) => out.push(ToSqlOutput::Owned(Sql::Text(serde_json::to_string(l)?))),
        (_, Value::Date(d)) => out.push(text(Some(d.edtf()))),
    }
    Ok(())
}

/// A sink writing one table into a database of its own.
pub struct SqliteSink {
    db: Option<Database>,
    name: String,
    table: Option<Table>,
}

impl SqliteSink {
    /// A sink for rows of `table` (none for computed rows, which are
    /// written to a table named `rows`).
    pub fn new(table: Option<Table>) -> SqliteSink {
        SqliteSink {
            db: None,
            name: table.map_or("rows", Table::name).to_string(),
            table,
        }
    }
}

fn io_err(e: anyhow::Error) -> io::Error {
    io::Error::other(format!("{e:#}"))
}

impl Sink for SqliteSink {
    fn header(&mut self, _w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        let holds: Vec<Table> = self.table.into_iter().collect();
        let mut db = Database::create(&holds).map_err(io_err)?;
        db.begin(&self.name, self.table, heads).map_err(io_err)?;
        self.db = Some(db);
        Ok(())
    }

    fn row(
        &mut self,
        _w: &mut dyn Write,
        cells: &[Value<'_>],
        _g: Option<&Geometry>,
    ) -> io::Result<()> {
        match &mut self.db {
            Some(db) => db.insert(cells).map_err(io_err),
            None => Err(io::Error::other("row before header")),
        }
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        match self.db.take() {
            Some(db) => db.finish(w).map_err(io_err),
            None => Ok(()),
        }
    }
}

/// A sink writing one table into a shared database (`export all`).
pub struct TableSink<'a> {
    /// The database.
    pub db: &'a mut Database,
    /// The table's name in it.
    pub name: String,
    /// The package table.
    pub table: Table,
}

impl Sink for TableSink<'_> {
    fn header(&mut self, _w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.db
            .begin(&self.name, Some(self.table), heads)
            .map_err(io_err)
    }

    fn row(
        &mut self,
        _w: &mut dyn Write,
        cells: &[Value<'_>],
        _g: Option<&Geometry>,
    ) -> io::Result<()> {
        self.db.insert(cells).map_err(io_err)
    }

    fn finish(&mut self, _w: &mut dyn Write) -> io::Result<()> {
        self.db.end().map_err(io_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_names() {
        assert_eq!(singular("routes"), "route");
        assert_eq!(singular("facilities"), "facility");
        assert_eq!(singular("population"), "population");
        assert_eq!(singular("via"), "via");
    }
}
