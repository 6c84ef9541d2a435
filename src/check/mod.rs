//! `check`: validates a whole data package and reports every problem found,
//! each located by file, line and field.
//!
//! Reading problems (types, vocabularies, dates, field counts) come from the
//! loader; the rest is checked here from the column metadata: ids, required
//! cells, references, codes, coordinates, place cycles, citation coverage and,
//! given the article texts, every quote.

mod quotes;
mod refs;
mod scan;
mod whole;

pub use quotes::SOURCE_LIMIT;

use crate::dataset::Dataset;
use crate::load::{DataError, Package};
use crate::model::*;
use foldhash::{HashMap, HashSet};
use quotes::Quotes;
use rayon::prelude::*;
use refs::{CheckTable, Ids};
use scan::{Scan, ScanTable};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// A directory of source texts to verify quotes against.
    pub sources_dir: Option<PathBuf>,
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems that make the package invalid.
    pub problems: Problems,
    /// Remarks that do not (extra columns).
    pub notes: Vec<DataError>,
    /// Rows read per table.
    pub counts: Vec<(Table, usize)>,
    /// How the citation quotes fared.
    pub quotes: QuoteStats,
}

/// The most problems kept to print; the others are only counted (a package
/// with a million dangling references is told so without a million lines
/// held in memory).
pub const MAX_PROBLEMS: usize = 10_000;

/// The problems found: the first [`MAX_PROBLEMS`], and how many more.
#[derive(Debug, Default)]
pub struct Problems {
    /// The problems kept, in the order found.
    pub list: Vec<DataError>,
    /// Problems found beyond those kept.
    pub more: usize,
}

impl Problems {
    /// Takes in the problems `other` found, after these.
    pub fn absorb(&mut self, other: Problems) {
        for e in other.list {
            self.push(e);
        }
        self.more += other.more;
    }

    /// Adds a problem (only counted once [`MAX_PROBLEMS`] are kept).
    pub fn push(&mut self, e: DataError) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(e);
        } else {
            self.more += 1;
        }
    }

    /// Every problem found, kept or not.
    pub fn len(&self) -> usize {
        self.list.len() + self.more
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Citation quotes by outcome.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct QuoteStats {
    /// Found verbatim in their source's text.
    pub verified: usize,
    /// Not found in their source's text.
    pub failed: usize,
    /// Their source has no local text (counted, not failed).
    pub unverifiable: usize,
    /// Not looked at (no `--sources` directory given).
    pub unchecked: usize,
    /// Summaries: another's wording of the source, never looked for in its
    /// text (counted by kind, not verified).
    pub summaries: usize,
}

impl Report {
    /// Whether the package passed.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Where each row was read, for locating problems.
struct Lines {
    files: HashMap<Table, String>,
    /// Tables with rows that failed to load.
    failed: HashSet<Table>,
    lines: HashMap<Table, Vec<u64>>,
}

impl Lines {
    fn at(&self, t: Table, i: usize, field: Option<&str>, msg: String) -> DataError {
        let file = self
            .files
            .get(&t)
            .cloned()
            .unwrap_or_else(|| t.name().into());
        let line = self.lines.get(&t).and_then(|l| l.get(i)).copied();
        DataError::at(file, line, field, msg)
    }
}

/// Validates the package and returns everything found.
///
/// Every table is read once, on its own thread (the big ones side by
/// side), each row checked and dropped (see [`scan`]); then the checks
/// across tables run on what was kept ([`refs`]). What each table found is
/// taken in table order, so the report is the same whatever the threads do.
pub fn check(pkg: &Package, opts: &CheckOptions) -> Report {
    let mut report = Report::default();
    if let Err(e) = pkg.verify() {
        report.problems.push(e);
        return report;
    }
    // Sources first: citations' quotes are checked as they are read.
    let sources = Table::Sources.dispatch(ScanTable { pkg, quotes: None });
    let (quotes, source_problems) = Quotes::new(&sources.held.sources, opts);
    let rest: Vec<Scan> = Table::ALL[1..]
        .par_iter()
        .with_max_len(1)
        .map(|&t| {
            let quotes = (t == Table::Citations).then_some(&quotes);
            t.dispatch(ScanTable { pkg, quotes })
        })
        .collect();
    let mut scans = vec![sources];
    scans.extend(rest);

    let mut lines = Lines {
        files: HashMap::default(),
        failed: HashSet::default(),
        lines: HashMap::default(),
    };
    let mut held = Dataset::default();
    for (t, scan) in Table::ALL.into_iter().zip(&mut scans) {
        report.notes.append(&mut scan.notes);
        report.problems.absorb(std::mem::take(&mut scan.problems));
        report.counts.push((t, scan.rows()));
        if scan.failed {
            lines.failed.insert(t);
        }
        if let Some((file, at)) = scan.located.take() {
            lines.files.insert(t, file);
            lines.lines.insert(t, at);
        }
        held.absorb(std::mem::take(&mut scan.held));
    }

    let (ids, cited) = rayon::join(
        || Ids::new(&scans),
        || refs::cited(&scans[Table::Citations as usize]),
    );
    let sorted = OnceLock::new();
    let found: Vec<[Problems; 3]> = Table::ALL
        .par_iter()
        .zip(&scans)
        .with_max_len(1)
        .map(|(t, scan)| {
            t.dispatch(CheckTable {
                scan,
                ids: &ids,
                sorted: &sorted,
                cited: &cited,
                lines: &lines,
            })
        })
        .collect();
    let [mut by_ids, mut by_cells, mut uncited] = <[Vec<Problems>; 3]>::default();
    for [i, c, u] in found {
        by_ids.push(i);
        by_cells.push(c);
        uncited.push(u);
    }
    let out = &mut report.problems;
    by_ids
        .into_iter()
        .chain(by_cells)
        .for_each(|p| out.absorb(p));
    whole::check_place_cycles(&held, &lines, out);
    whole::check_lease_ends(&held, &lines, out);
    uncited.into_iter().for_each(|p| out.absorb(p));
    let dir = opts.sources_dir.as_deref().unwrap_or(Path::new(""));
    for (row, msg) in source_problems {
        out.push(match row {
            Some(i) => lines.at(Table::Sources, i, Some("file"), msg),
            None => DataError::file(dir, msg),
        });
    }
    let citations = &scans[Table::Citations as usize];
    for (i, msg) in &citations.quotes {
        out.push(lines.at(Table::Citations, *i, Some("quote"), msg.clone()));
    }
    out.more += citations.quotes_more;
    report.quotes = citations.stats;
    report
}

/// Whether `s` is a lowercase slug: `a-z0-9` words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The candidate closest to `s` by edit similarity, if any is close enough.
pub fn closest<'a>(s: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if s.len() > 200 {
        return None;
    }
    candidates
        .map(|c| (strsim::jaro_winkler(s, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Collapses every run of white space to one space and trims the ends.
pub fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("chongjin-port"));
        assert!(is_slug("kp-09"));
        assert!(!is_slug("Chongjin"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
    }

    #[test]
    fn white_space_is_folded() {
        assert_eq!(normalize_space("  a \n\t b  "), "a b");
    }
}
