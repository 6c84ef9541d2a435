//! Output for people: a table fitted to the terminal (long text wrapped at
//! word boundaries) and Markdown. Dates are shown in words ("c. 2012").

use super::{Geometry, Head, Sink, human};
use crate::model::Value;
use std::io::{self, Write};
use tabled::builder::Builder;
use tabled::settings::peaker::PriorityMax;
use tabled::settings::{Style, Width};

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
            .push(heads.iter().map(|h| h.name.clone()).collect());
        Ok(())
    }

    fn row(
        &mut self,
        _: &mut dyn Write,
        cells: &[Value<'_>],
        _: Option<&Geometry>,
    ) -> io::Result<()> {
        self.rows.push(cells.iter().map(human).collect());
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.rows.len() <= 1 {
            return writeln!(w, "(no rows)");
        }
        let mut b = Builder::default();
        for r in self.rows.drain(..) {
            b.push_record(r);
        }
        let mut table = b.build();
        table.with(Style::sharp());
        table.with(
            Width::wrap(self.width)
                .priority(PriorityMax::new(false))
                .keep_words(true),
        );
        writeln!(w, "{table}")
    }
}

/// A Markdown table, written as rows arrive.
#[derive(Default)]
pub struct MarkdownSink;

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
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
