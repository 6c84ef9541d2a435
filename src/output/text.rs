//! Output for people: a table fitted to the terminal (long text wrapped at
//! word boundaries) and Markdown. Dates are shown in words ("c. 2012").
//! Every cell and column name is [`escape`]d before it is measured.

use super::escape::escape;
use super::{Geometry, Head, Sink, human};
use crate::model::Value;
use std::io::{self, Write};
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Modify, Style, Width};
use unicode_width::UnicodeWidthStr;

/// A terminal table; rows are held until the end to size the columns.
pub struct TableSink {
    width: usize,
    rows: Vec<Vec<String>>,
}

impl TableSink {
    /// A table fitted to `width` columns of text.
    pub fn new(width: usize) -> TableSink {
        TableSink {
            width,
            rows: Vec::new(),
        }
    }
}

impl Sink for TableSink {
    fn header(&mut self, _: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.rows
            .push(heads.iter().map(|h| cell(&h.name)).collect());
        Ok(())
    }

    fn row(
        &mut self,
        _: &mut dyn Write,
        cells: &[Value<'_>],
        _: Option<&Geometry>,
    ) -> io::Result<()> {
        self.rows.push(
            cells
                .iter()
                .map(|c| escape(&human(c)).into_owned())
                .collect(),
        );
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.rows.len() <= 1 {
            return writeln!(w, "(no rows)");
        }
        let Some(widths) = fit(&self.rows, self.width) else {
            return write_records(w, &self.rows, self.width);
        };
        let mut b = Builder::default();
        for r in self.rows.drain(..) {
            b.push_record(r);
        }
        let mut table = b.build();
        table.with(Style::sharp());
        for (i, width) in widths.into_iter().enumerate() {
            table.with(Modify::new(Columns::one(i)).with(Width::wrap(width).keep_words(true)));
        }
        writeln!(w, "{table}")
    }
}

/// A cell for the terminal: line breaks and tabs as spaces, every other
/// control character escaped.
fn cell(s: &str) -> String {
    escape(&s.replace(['\r', '\n', '\t'], " ")).into_owned()
}

/// Rows too wide for the terminal, one record at a time: a rule with the
/// first cell, then one `column  value` line per non-empty cell, wrapped.
fn write_records(w: &mut dyn Write, rows: &[Vec<String>], width: usize) -> io::Result<()> {
    let head = &rows[0];
    let key_w = head
        .iter()
        .map(|h| UnicodeWidthStr::width(h.as_str()))
        .max()
        .unwrap_or(0);
    let value_w = width.saturating_sub(key_w + 2).max(20);
    for (n, row) in rows.iter().skip(1).enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        let title = format!("── {} ", row[0]);
        let rule = width.saturating_sub(UnicodeWidthStr::width(title.as_str()));
        writeln!(w, "{title}{}", "─".repeat(rule))?;
        for (k, v) in head.iter().zip(row).skip(1) {
            if v.is_empty() {
                continue;
            }
            let text = tabled::settings::width::Wrap::wrap(v, value_w, true);
            for (i, line) in text.lines().enumerate() {
                let key = if i == 0 { k.as_str() } else { "" };
                writeln!(w, "{key:<key_w$}  {}", line.trim_end())?;
            }
        }
    }
    Ok(())
}

/// Column widths that fit `total` terminal columns: natural widths when they
/// fit; otherwise every column keeps room for its longest word (6 to 16
/// wide), and the rest goes to the columns that want it most, in proportion.
/// `None` when even 6 columns of text each would not fit.
pub fn fit(rows: &[Vec<String>], total: usize) -> Option<Vec<usize>> {
    let n = rows.first().map_or(0, Vec::len);
    let cell_width = |s: &str| s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| cell_width(&r[i]))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let frame = 3 * n + 1;
    let room = total.saturating_sub(frame);
    if natural.iter().sum::<usize>() <= room {
        return Some(natural);
    }
    let word = |i: usize| {
        rows.iter()
            .skip(1)
            .flat_map(|r| {
                r[i].split_whitespace()
                    .map(UnicodeWidthStr::width)
                    .collect::<Vec<_>>()
            })
            .max()
            .unwrap_or(0)
    };
    let mut widths: Vec<usize> = (0..n)
        .map(|i| natural[i].min(word(i).clamp(6, 16)))
        .collect();
    while widths.iter().sum::<usize>() > room {
        let i = (0..n)
            .filter(|&i| widths[i] > 6)
            .max_by_key(|&i| widths[i])?;
        widths[i] -= 1;
    }
    let mut spare = room.saturating_sub(widths.iter().sum());
    while spare > 0 {
        let Some(i) = (0..n).filter(|&i| widths[i] < natural[i]).max_by(|&a, &b| {
            let need = |i: usize| (natural[i] - widths[i]) as f64 / natural[i] as f64;
            need(a).total_cmp(&need(b))
        }) else {
            break;
        };
        widths[i] += 1;
        spare -= 1;
    }
    Some(widths)
}

/// A Markdown table, written as rows arrive.
#[derive(Default)]
pub struct MarkdownSink;

fn md_cell(s: &str) -> String {
    cell(&s.replace('\\', "\\\\").replace('|', "\\|"))
}

impl Sink for MarkdownSink {
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        let names: Vec<String> = heads.iter().map(|h| md_cell(&h.name)).collect();
        writeln!(w, "| {} |", names.join(" | "))?;
        writeln!(w, "|{}", " --- |".repeat(heads.len()))
    }

    fn row(
        &mut self,
        w: &mut dyn Write,
        cells: &[Value<'_>],
        _: Option<&Geometry>,
    ) -> io::Result<()> {
        let cells: Vec<String> = cells.iter().map(|c| md_cell(&human(c))).collect();
        writeln!(w, "| {} |", cells.join(" | "))
    }

    fn finish(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
