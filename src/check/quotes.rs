//! Citation quotes against the source texts of `check --sources DIR`:
//! only regular files inside DIR are read, each up to a size limit.

use super::{CheckOptions, QuoteStats, normalize_space};
use crate::load::{inside, shorten};
use crate::model::{Citation, QuoteKind, Source};
use foldhash::HashMap;
use std::path::Path;

/// The largest source text `check --sources` reads.
pub const SOURCE_LIMIT: u64 = 64 << 20;

/// What a citation's quote is checked against: each source by id (the
/// first row with an id wins, as the dataset's id index answers) and the
/// texts read.
pub(super) struct Quotes {
    /// Per source id: its `file` cell.
    sources: HashMap<String, Option<String>>,
    /// Per source id, its text (white space folded), if it could be read;
    /// none at all without `--sources`.
    texts: HashMap<String, Option<String>>,
}

impl Quotes {
    /// Reads the source texts; the problems are about `sources` rows
    /// (`row`, field `file`) or the directory itself (`row` none).
    pub fn new(sources: &[Source], opts: &CheckOptions) -> (Quotes, Vec<(Option<usize>, String)>) {
        let mut problems = Vec::new();
        let mut texts = HashMap::default();
        if let Some(dir) = &opts.sources_dir {
            // A directory that is not there is one problem, not one per
            // source text; a file name leading outside it is still an error.
            let missing = match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => None,
                Ok(_) => Some("is not a directory".to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("does not exist".into()),
                Err(e) => Some(format!("cannot be read: {}", inside::reason(&e))),
            };
            if let Some(why) = &missing {
                problems.push((
                    None,
                    format!("the sources directory {why}, so no quote was verified against it"),
                ));
            }
            for (i, s) in sources.iter().enumerate() {
                let Some(file) = s.file.as_deref() else {
                    continue;
                };
                if missing.is_some() {
                    if let Some(msg) = outside(file) {
                        problems.push((Some(i), msg));
                    }
                    continue;
                }
                let text = read_source(dir, file);
                if let Err(msg) = &text {
                    problems.push((Some(i), msg.clone()));
                }
                texts.insert(s.id.clone(), text.ok());
            }
        }
        let mut by_id = HashMap::default();
        for s in sources {
            by_id.entry(s.id.clone()).or_insert_with(|| s.file.clone());
        }
        let quotes = Quotes {
            sources: by_id,
            texts,
        };
        (quotes, problems)
    }

    /// Counts `c`'s quote in `stats`; the problem if it is not found in its
    /// source's text.
    pub fn check(&self, c: &Citation, stats: &mut QuoteStats) -> Option<String> {
        let file = self.sources.get(c.source.as_str())?;
        if c.quote_kind == QuoteKind::Summary {
            stats.summaries += 1;
            return None;
        }
        let Some(file) = file else {
            stats.unverifiable += 1;
            return None;
        };
        let Some(Some(text)) = self.texts.get(c.source.as_str()) else {
            stats.unchecked += 1;
            return None;
        };
        let quote = normalize_space(&c.quote);
        if !quote.is_empty() && text.contains(&quote) {
            stats.verified += 1;
            return None;
        }
        stats.failed += 1;
        Some(format!(
            "quote not found verbatim in {file} (only white space may differ): {}",
            shorten(&c.quote)
        ))
    }
}

/// The problem with a `sources.file` cell that would lead outside the
/// sources directory, whatever the directory holds (or whether it exists).
fn outside(file: &str) -> Option<String> {
    (!inside::is_below(file)).then(|| {
        format!(
            "expected a file name inside the sources directory (no `..`, not absolute), found {}",
            shorten(file)
        )
    })
}

/// Reads the source text `file` (a `sources.file` cell) from `dir`: only a
/// regular file inside `dir`, at most [`SOURCE_LIMIT`] bytes.
fn read_source(dir: &Path, file: &str) -> Result<String, String> {
    use std::io::Read;
    if let Some(msg) = outside(file) {
        return Err(msg);
    }
    let path = dir.join(file);
    let cannot = |why: String| format!("cannot read the source text {}: {why}", shorten(file));
    let opened = inside::open_inside(dir, &path, "the sources directory")
        .map_err(cannot)?
        .ok_or_else(|| cannot("does not exist".into()))?;
    if opened.len > SOURCE_LIMIT {
        return Err(cannot(format!(
            "it is {} bytes, over the limit of {SOURCE_LIMIT}",
            opened.len
        )));
    }
    let mut bytes = Vec::new();
    opened
        .file
        .take(SOURCE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(inside::reason(&e)))?;
    if bytes.len() as u64 > SOURCE_LIMIT {
        return Err(cannot(format!(
            "it grew over the limit of {SOURCE_LIMIT} bytes"
        )));
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(normalize_space(
        text.strip_prefix('\u{feff}').unwrap_or(&text),
    ))
}
