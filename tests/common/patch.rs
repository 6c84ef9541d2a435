//! Small edits to one table file of a package, by row id and column name,
//! so a test states the change it makes, not a whole copy of the file, and a
//! new column in the model touches no test.
//!
//! One edit is a line `OP TABLE ARGS` (the `patch:` lines of a broken case):
//!
//! | line | edit |
//! | --- | --- |
//! | `set TABLE ID COLUMN VALUE` | the cell of COLUMN in row ID becomes VALUE (the rest of the line; may be empty or hold spaces) |
//! | `add-row TABLE {"id": …, "name": …}` | appends a row from a JSON object of cells (columns it leaves out are empty; lists as `a;b`) |
//! | `delete-row TABLE ID` | removes row ID |
//! | `add-column TABLE NAME` | appends an empty column NAME |
//! | `delete-column TABLE NAME` | removes column NAME |
//! | `rename-column TABLE OLD NEW` | renames a column in the header |
//! | `duplicate-column TABLE NAME` | appends a second column NAME with the same cells |
//! | `extra-cell TABLE ID VALUE` | appends a cell beyond the header to row ID |
//! | `drop-cell TABLE ID` | removes the last cell of row ID |
//! | `replace TABLE OLD => NEW` | replaces the text OLD (once, exactly) in the file as written: for what no CSV writer would write, such as an unclosed quote |
//! | `blank-lines TABLE ID N` | inserts N empty lines after the line of row ID |
//!
//! TABLE is a table name (`routes`), edited in `TABLE.csv`. Rows are found
//! by their first cell, the id; `set` edits the first row with that id. The
//! edits run in order, each rewriting the file, so the text edits (`replace`,
//! `blank-lines`) come after the others.

use std::fs;
use std::path::Path;

/// Applies one edit line to the package in `pkg`.
pub fn apply(pkg: &Path, line: &str) -> Result<(), String> {
    let (op, rest) = line
        .trim_start()
        .split_once(' ')
        .ok_or("expected `OP TABLE ...`")?;
    let (table, args) = rest.split_once(' ').unwrap_or((rest, ""));
    let path = pkg.join(format!("{table}.csv"));
    if op == "replace" {
        let (old, new) = args
            .split_once(" => ")
            .ok_or("expected `replace TABLE OLD => NEW`")?;
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if !text.contains(old) {
            return Err(format!("{table}.csv does not contain {old:?}"));
        }
        return fs::write(&path, text.replacen(old, new, 1)).map_err(|e| e.to_string());
    }
    if op == "blank-lines" {
        let [id, n] = args.split(' ').collect::<Vec<_>>()[..] else {
            return Err("expected `blank-lines TABLE ID N`".into());
        };
        let n: usize = n.parse().map_err(|_| "blank-lines: N is a count")?;
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with(&format!("{id},")))
            .ok_or(format!("no row with id {id:?}"))?;
        lines.splice(at + 1..at + 1, std::iter::repeat_n("\n", n));
        return fs::write(&path, lines.concat()).map_err(|e| e.to_string());
    }
    let mut t = Csv::read(&path)?;
    let word = |i: usize| {
        args.split(' ')
            .nth(i)
            .ok_or(format!("{op}: too few arguments"))
    };
    match op {
        "set" => {
            let mut parts = args.splitn(3, ' ');
            let (id, col) = (
                parts.next().unwrap_or(""),
                parts.next().ok_or("set: no column")?,
            );
            let value = parts.next().unwrap_or("");
            let c = t.column(col)?;
            let r = t.row(id)?;
            t.rows[r][c] = value.to_string();
        }
        "add-row" => {
            let cells: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(args).map_err(|e| format!("add-row: {e}"))?;
            let mut row = vec![String::new(); t.header.len()];
            for (k, v) in cells {
                row[t.column(&k)?] = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
            }
            t.rows.push(row);
        }
        "delete-row" => {
            let r = t.row(word(0)?)?;
            t.rows.remove(r);
        }
        "add-column" => {
            t.header.push(word(0)?.to_string());
            t.rows.iter_mut().for_each(|r| r.push(String::new()));
        }
        "delete-column" => {
            let c = t.column(word(0)?)?;
            t.header.remove(c);
            t.rows.iter_mut().for_each(|r| {
                r.remove(c);
            });
        }
        "rename-column" => {
            let c = t.column(word(0)?)?;
            t.header[c] = word(1)?.to_string();
        }
        "duplicate-column" => {
            let c = t.column(word(0)?)?;
            t.header.push(t.header[c].clone());
            t.rows.iter_mut().for_each(|r| r.push(r[c].clone()));
        }
        "extra-cell" => {
            let (id, value) = args
                .split_once(' ')
                .ok_or("extra-cell: expected ID VALUE")?;
            let r = t.row(id)?;
            t.rows[r].push(value.to_string());
        }
        "drop-cell" => {
            let r = t.row(word(0)?)?;
            t.rows[r].pop();
        }
        _ => return Err(format!("unknown edit {op:?}")),
    }
    t.write(&path)
}

/// A table file as text cells.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(path: &Path) -> Result<Csv, String> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
            rows.push(rec.iter().map(str::to_string).collect());
        }
        if rows.is_empty() {
            return Err(format!("{}: no header", path.display()));
        }
        let header = rows.remove(0);
        Ok(Csv { header, rows })
    }

    fn column(&self, name: &str) -> Result<usize, String> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or(format!("no column {name:?} in {:?}", self.header))
    }

    fn row(&self, id: &str) -> Result<usize, String> {
        self.rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c == id))
            .ok_or(format!("no row with id {id:?}"))
    }

    fn write(&self, path: &Path) -> Result<(), String> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| e.to_string())?;
        for row in std::iter::once(&self.header).chain(&self.rows) {
            w.write_record(row).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())
    }
}
