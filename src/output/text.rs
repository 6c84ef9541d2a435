//! Output for people: a box table fitted to the terminal, and Markdown.
//!
//! The table follows DuckDB's box renderer: column widths follow content,
//! one row is one line, long text ends in `…` at a word boundary, and the
//! columns that do not fit are left out (least important first, see
//! [`super::importance`]) with a footer naming them. Ids, numbers, dates,
//! vocabulary values and column names are never cut: a column that cannot
//! show them whole is left out instead. `--wrap` wraps long text over
//! several lines instead of cutting it.
//!
//! Every cell and column name is [`escape`]d before it is measured or cut,
//! so no byte of the data reaches the terminal as a control character.

use super::escape::escape;
use super::paint::{Paint, Role};
use super::{Geometry, Head, Sink, SinkOptions, human, importance};
use crate::model::{Kind, Table, Value};
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The least width of a prose column (or its text's width, if less) on a
/// terminal `total` columns wide: an eighth of it, 16 to 30.
fn prose_min(total: usize) -> usize {
    (total / 8).clamp(16, 30)
}

/// The display width of text on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// One cell, escaped, and how it may be shortened.
#[derive(Debug, Clone)]
enum Cell {
    Empty,
    /// Shown whole or not at all: an id, a number, a date, a vocabulary value.
    Atom {
        text: String,
        number: bool,
    },
    /// A list of atoms: cut between items.
    Items(Vec<String>),
    /// Text with spaces: cut (or wrapped) at a word boundary.
    Prose(String),
}

impl Cell {
    fn new(v: &Value<'_>) -> Cell {
        match v {
            Value::Null => Cell::Empty,
            Value::Number(_) | Value::Date(_) => Cell::Atom {
                text: escape(&human(v)).into_owned(),
                number: matches!(v, Value::Number(_)),
            },
            Value::List([]) | Value::Text("") => Cell::Empty,
            Value::List(l) if l.iter().all(|s| !s.contains(char::is_whitespace)) => {
                Cell::Items(l.iter().map(|s| escape(s).into_owned()).collect())
            }
            Value::List(l) => Cell::Prose(escape(&l.join(", ")).into_owned()),
            Value::Text(s) => {
                let text = escape(s).into_owned();
                if text.contains(char::is_whitespace) {
                    Cell::Prose(text)
                } else {
                    Cell::Atom {
                        text,
                        number: false,
                    }
                }
            }
        }
    }

    /// Its width on one line, uncut.
    fn natural(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Atom { text, .. } | Cell::Prose(text) => width(text),
            Cell::Items(items) => {
                items.iter().map(|s| width(s)).sum::<usize>() + 2 * (items.len() - 1)
            }
        }
    }

    /// The least width it can be shown in without cutting what must stay
    /// whole (prose down to `prose`).
    fn least(&self, prose: usize) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Atom { text, .. } => width(text),
            Cell::Items(items) if items.len() == 1 => width(&items[0]),
            Cell::Items(items) => width(&items[0]) + 3,
            Cell::Prose(text) => width(text).min(prose),
        }
    }

    /// The cell's lines in `w` columns: one line cut with `…`, or wrapped.
    fn lines(&self, w: usize, wrap: bool) -> Vec<String> {
        match self {
            Cell::Empty => vec![String::new()],
            Cell::Atom { text, .. } => vec![cut_anywhere(text, w)],
            Cell::Items(items) if wrap => wrap_items(items, w),
            Cell::Items(items) => vec![cut_items(items, w)],
            Cell::Prose(text) if wrap => wrap_words(text, w),
            Cell::Prose(text) => vec![cut_words(text, w)],
        }
    }
}

/// `s` cut to `w` columns with `…` wherever it must (only for text that
/// cannot fit anywhere: a hostile id wider than the terminal).
fn cut_anywhere(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// `s` cut to `w` columns at the last word boundary that fits, ending in
/// `…`; mid-word only when the boundary would waste half the room.
pub fn cut_words(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut best: Option<usize> = None;
    let mut used = 0;
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        let cw = c.width().unwrap_or(0);
        // A boundary: before a space, or after a dash.
        if (c.is_whitespace() && !prev_space) || (i > 0 && s[..i].ends_with(['–', '—', '/'])) {
            best = Some(i);
        }
        if used + cw + 1 > w {
            break;
        }
        used += cw;
        prev_space = c.is_whitespace();
    }
    match best {
        Some(end) if width(&s[..end]) * 2 >= w => {
            format!("{}…", s[..end].trim_end_matches([' ', ',', ';', ':']))
        }
        _ => cut_anywhere(s, w),
    }
}

/// As many whole items as fit in `w` columns, then `…` for the rest.
fn cut_items(items: &[String], w: usize) -> String {
    let all = items.join(", ");
    if width(&all) <= w {
        return all;
    }
    let mut out = String::new();
    for item in items {
        let next = if out.is_empty() {
            item.clone()
        } else {
            format!("{out}, {item}")
        };
        if width(&next) + 3 > w {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        cut_anywhere(&items[0], w)
    } else {
        format!("{out}, …")
    }
}

/// Text wrapped at word boundaries into lines of at most `w` columns
/// (a word longer than a line is split).
pub fn wrap_words(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let sep = usize::from(!line.is_empty());
        if width(&line) + sep + width(word) <= w {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word;
        while width(rest) > w {
            let mut used = 0;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    used += c.width().unwrap_or(0);
                    used > w
                })
                .map_or(rest.len(), |(i, _)| {
                    i.max(rest.chars().next().map_or(1, char::len_utf8))
                });
            lines.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        line.push_str(rest);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Items wrapped between items into lines of at most `w` columns.
pub fn wrap_items(items: &[String], w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        let sep = usize::from(!line.is_empty());
        if !line.is_empty() && width(&line) + sep + width(&piece) > w {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    lines.push(line);
    lines.into_iter().map(|l| cut_anywhere(&l, w)).collect()
}

/// A terminal table; rows are held until the end to size the columns.
pub struct TableSink {
    opts: SinkOptions,
    heads: Vec<String>,
    roles: Vec<Role>,
    rows: Vec<Vec<Cell>>,
}

impl TableSink {
    /// A table fitted to `opts.width` columns of text.
    pub fn new(opts: SinkOptions) -> TableSink {
        TableSink {
            opts,
            heads: Vec::new(),
            roles: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// The colour role of a column of `table`: ids dim, certainty by strength.
fn role_of(table: Option<Table>, name: &str) -> Role {
    if name == "certainty" {
        return Role::Certainty;
    }
    let kind = table.and_then(|t| t.columns().iter().find(|c| c.name == name).map(|c| c.kind));
    match kind {
        Some(Kind::Id) => Role::Id,
        _ if name == "id" => Role::Id,
        _ => Role::Plain,
    }
}

impl Sink for TableSink {
    fn header(&mut self, _: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.heads = heads.iter().map(|h| escape(&h.name).into_owned()).collect();
        self.roles = heads
            .iter()
            .map(|h| role_of(self.opts.table, &h.name))
            .collect();
        Ok(())
    }

    fn row(
        &mut self,
        _: &mut dyn Write,
        cells: &[Value<'_>],
        _: Option<&Geometry>,
    ) -> io::Result<()> {
        self.rows.push(cells.iter().map(Cell::new).collect());
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        let paint = Paint::new(self.opts.color);
        if self.rows.is_empty() {
            return writeln!(w, "{}", paint.paint(Role::Note, "(no rows)"));
        }
        let layout = fit(&self.heads, &self.rows, self.opts.width, self.opts.table);
        let cols = &layout.shown;
        let rule = |l: &str, m: &str, r: &str| {
            let parts: Vec<String> = cols.iter().map(|&(_, cw)| "─".repeat(cw + 2)).collect();
            format!("{l}{}{r}", parts.join(m))
        };
        writeln!(w, "{}", rule("┌", "┬", "┐"))?;
        let head: Vec<String> = cols
            .iter()
            .map(|&(i, cw)| {
                // Cut only when not even the first column fits whole.
                let h = cut_anywhere(&self.heads[i], cw);
                let pad = " ".repeat(cw.saturating_sub(width(&h)));
                format!("{}{pad}", paint.paint(Role::Heading, &h))
            })
            .collect();
        writeln!(w, "│ {} │", head.join(" │ "))?;
        writeln!(w, "{}", rule("├", "┼", "┤"))?;
        for row in &self.rows {
            let lines: Vec<Vec<String>> = cols
                .iter()
                .map(|&(i, cw)| row[i].lines(cw, self.opts.wrap))
                .collect();
            let height = lines.iter().map(Vec::len).max().unwrap_or(1);
            for n in 0..height {
                let parts: Vec<String> = cols
                    .iter()
                    .zip(&lines)
                    .map(|(&(i, cw), cell)| {
                        let text = cell.get(n).map_or("", String::as_str);
                        let pad = " ".repeat(cw.saturating_sub(width(text)));
                        let painted = paint.paint(self.roles[i], text);
                        match row[i] {
                            Cell::Atom { number: true, .. } => format!("{pad}{painted}"),
                            _ => format!("{painted}{pad}"),
                        }
                    })
                    .collect();
                writeln!(w, "│ {} │", parts.join(" │ "))?;
            }
        }
        writeln!(w, "{}", rule("└", "┴", "┘"))?;
        if !layout.hidden.is_empty() {
            let names: Vec<&str> = layout
                .hidden
                .iter()
                .map(|&i| self.heads[i].as_str())
                .collect();
            let n = names.len();
            let text = format!(
                "{n} column{} hidden: {}; use --columns",
                if n == 1 { "" } else { "s" },
                names.join(", ")
            );
            for line in wrap_words(&text, self.opts.width) {
                writeln!(w, "{}", paint.paint(Role::Note, &line))?;
            }
        }
        Ok(())
    }
}

/// Which columns a table shows and how wide.
#[derive(Debug, PartialEq)]
pub struct Layout {
    /// Shown columns in their order, each (position, width of its text).
    pub shown: Vec<(usize, usize)>,
    /// Positions of the columns left out, in their order.
    pub hidden: Vec<usize>,
}

/// Fits columns into `total` terminal columns: each kept column gets at
/// least the width that keeps its name and atoms whole, columns are kept in
/// order of importance up to the first that does not fit (empty ones only
/// when all fit), and the room left
/// widens the kept columns to their full width, most important first.
fn fit(heads: &[String], rows: &[Vec<Cell>], total: usize, table: Option<Table>) -> Layout {
    let n = heads.len();
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].natural())
                .max()
                .unwrap_or(0)
                .max(width(&heads[i]))
                .max(1)
        })
        .collect();
    let least: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].least(prose_min(total)))
                .max()
                .unwrap_or(0)
                .max(width(&heads[i]))
                .max(1)
        })
        .collect();
    // "│" then " cell │" per column.
    let room = total.saturating_sub(1);
    let names: Vec<&str> = heads.iter().map(String::as_str).collect();
    // Columns are kept in order of importance up to the first that does
    // not fit; columns empty in every row only when all columns fit.
    let order = importance::rank(table, &names);
    let all_fit = least.iter().map(|w| w + 3).sum::<usize>() <= room;
    let empty = |i: usize| rows.iter().all(|r| matches!(r[i], Cell::Empty));
    let mut keep = vec![false; n];
    let mut used = 0;
    for &i in &order {
        if !all_fit && empty(i) {
            continue;
        }
        if used + least[i] + 3 > room {
            break;
        }
        keep[i] = true;
        used += least[i] + 3;
    }
    let mut widths = least.clone();
    if !keep.iter().any(|&k| k) && n > 0 {
        // Not even the first column fits whole: show it cut.
        keep[0] = true;
        widths[0] = room.saturating_sub(3).max(1);
        used = widths[0] + 3;
    }
    let mut spare = room.saturating_sub(used);
    for &i in &order {
        if keep[i] {
            let more = natural[i].saturating_sub(widths[i]).min(spare);
            widths[i] += more;
            spare -= more;
        }
    }
    Layout {
        shown: (0..n)
            .filter(|&i| keep[i])
            .map(|i| (i, widths[i]))
            .collect(),
        hidden: (0..n).filter(|&i| !keep[i]).collect(),
    }
}

/// A Markdown table, written as rows arrive.
#[derive(Default)]
pub struct MarkdownSink;

fn md_cell(s: &str) -> String {
    let s = s
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ");
    escape(&s).into_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_at_a_boundary_with_an_ellipsis() {
        assert_eq!(
            cut_words("Korean State Railway line Pyongyang–Rason", 24),
            "Korean State Railway…"
        );
        assert_eq!(cut_words("short", 24), "short");
        assert!(width(&cut_words("Pyongyang–Chongjin–Russian border", 20)) <= 20);
    }

    #[test]
    fn items_are_never_cut_inside() {
        let items: Vec<String> = ["chongjin", "rason", "tumangang"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(cut_items(&items, 20), "chongjin, rason, …");
        assert_eq!(cut_items(&items, 12), "chongjin, …");
    }

    #[test]
    fn wrapping_keeps_words_and_width() {
        let lines = wrap_words("one two three four five", 9);
        assert_eq!(lines, ["one two", "three", "four five"]);
        assert!(wrap_words("ñññññññññññ", 4).iter().all(|l| width(l) <= 4));
    }

    #[test]
    fn columns_that_do_not_fit_are_left_out_never_cut() {
        let heads: Vec<String> = ["id", "name", "notes"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows = vec![vec![
            Cell::new(&Value::Text("a-very-long-identifier-that-is-whole")),
            Cell::new(&Value::Text("A name of several words")),
            Cell::new(&Value::Text("Some notes that go on and on for a while")),
        ]];
        let l = fit(&heads, &rows, 60, None);
        assert_eq!(l.hidden, [2]);
        assert_eq!(l.shown[0], (0, 36));
        assert!(l.shown.iter().map(|(_, w)| w + 3).sum::<usize>() < 60);
    }

    #[test]
    fn a_heading_wider_than_the_terminal_is_cut() {
        let opts = SinkOptions {
            raw: false,
            width: 40,
            color: false,
            wrap: false,
            table: None,
            rows_of: None,
        };
        let mut sink = TableSink::new(opts);
        let mut out = Vec::new();
        let heads = [Head::new("h".repeat(60), crate::row::CellKind::Text)];
        sink.header(&mut out, &heads).unwrap();
        sink.row(&mut out, &[Value::Text("x")], None).unwrap();
        sink.finish(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| width(l) <= 40), "{text}");
        assert!(text.contains("hhh…"), "{text}");
    }

    #[test]
    fn control_characters_are_escaped_before_measuring() {
        let c = Cell::new(&Value::Text("a\x1b[2Jb"));
        assert!(!c.lines(40, false)[0].contains('\x1b'));
    }
}
