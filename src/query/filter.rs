//! Row filters, generic over tables: they read cells through [`Record::value`],
//! so one implementation serves every list command.

use crate::dataset::Dataset;
use crate::fold::fold;
use crate::load::RawRow;
use crate::model::{Certainty, Kind, Record, Table, Vocab};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One condition a row must meet.
pub enum Filter<T> {
    /// One of these columns holds, or lists, an id in the set.
    RefIn {
        /// Column indexes.
        columns: Vec<usize>,
        /// Accepted ids.
        ids: Arc<HashSet<String>>,
    },
    /// The column's text equals one of these values.
    Is {
        /// Column index.
        column: usize,
        /// Accepted values.
        values: Vec<String>,
    },
    /// The column's text, or an item of its list, contains this text
    /// (case, accents and punctuation ignored).
    Contains {
        /// Column index.
        column: usize,
        /// The folded text to find.
        needle: String,
    },
    /// The row's id is in the set.
    IdIn(Arc<HashSet<String>>),
    /// The row's certainty is one of these.
    Certainty(Vec<Certainty>),
    /// A condition particular to the table.
    Custom(Box<dyn Fn(&T) -> bool + Send + Sync>),
}

impl<T: Record> Filter<T> {
    /// Whether `row` meets the condition.
    pub fn matches(&self, row: &T) -> bool {
        match self {
            Filter::RefIn { columns, ids } => columns
                .iter()
                .any(|&c| row.value(c).items().iter().any(|id| ids.contains(*id))),
            Filter::Is { column, values } => {
                let v = row.value(*column);
                v.items().iter().any(|s| values.iter().any(|x| x == s))
            }
            Filter::Contains { column, needle } => row
                .value(*column)
                .items()
                .iter()
                .any(|s| contains_folded(s, needle)),
            Filter::IdIn(ids) => ids.contains(row.id()),
            Filter::Certainty(cs) => row.certainty().is_some_and(|c| cs.contains(&c)),
            Filter::Custom(f) => f(row),
        }
    }
}

impl<T: Record> Filter<T> {
    /// Whether a CSV row may meet the condition, judged from its raw cells
    /// before it is decoded: `Some(false)` only when the decoded row would
    /// certainly fail [`Filter::matches`] (or not decode at all); `None` when
    /// the text alone cannot tell. Rows it rejects are skipped undecoded, so
    /// list commands do not type-check the rows they filter out (`check`
    /// reads every row); rows it lets through are decoded, validated and
    /// tested again with [`Filter::matches`].
    pub fn matches_raw(&self, raw: &RawRow<'_>) -> Option<bool> {
        match self {
            Filter::RefIn { columns, ids } => {
                let mut unknown = false;
                for &c in columns {
                    match raw_any::<T>(raw, c, |id| ids.contains(id)) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                if unknown { None } else { Some(false) }
            }
            Filter::Is { column, values } => {
                raw_any::<T>(raw, *column, |s| values.iter().any(|x| x == s))
            }
            Filter::Contains { column, needle } => {
                let list = matches!(
                    T::COLUMNS.get(*column).map(|c| c.kind),
                    Some(Kind::List | Kind::RefList(_))
                );
                match raw.bytes(*column) {
                    // An ASCII list: folding drops the white space `List::split`
                    // trims, and empty items hold no (non-empty) needle, so
                    // each `;`-separated piece is tested as it is.
                    Some(bytes) if list && !needle.is_empty() && bytes.is_ascii() => Some(
                        bytes
                            .split(|&b| b == b';')
                            .any(|item| contains_folded_ascii(item, needle.as_bytes())),
                    ),
                    _ => raw_any::<T>(raw, *column, |s| contains_folded(s, needle)),
                }
            }
            // The id is the first column, read as it is written.
            Filter::IdIn(ids) => match T::COLUMNS.first()?.kind {
                Kind::Id => raw.cell(0).map(|id| ids.contains(id)),
                _ => None,
            },
            Filter::Certainty(cs) => match T::COLUMNS.iter().position(|c| c.name == "certainty") {
                // Certainty is a vocabulary: it decodes only from its exact text.
                Some(c) => raw.cell(c).map(|t| cs.iter().any(|v| v.as_str() == t)),
                None => Some(false),
            },
            Filter::Custom(_) => None,
        }
    }
}

/// Whether any item of a raw cell meets `pred`, where the items are the ones
/// [`crate::model::Value::items`] gives for the decoded cell; `None` when the
/// text alone cannot tell (numbers, dates, `table:id` references, cells of
/// only white space, which decode to nothing or to themselves by type).
fn raw_any<T: Record>(
    raw: &RawRow<'_>,
    col: usize,
    mut pred: impl FnMut(&str) -> bool,
) -> Option<bool> {
    let text = raw.cell(col)?;
    match T::COLUMNS.get(col)?.kind {
        // A `;`-list decodes as `List::split`: items trimmed, empty ones dropped.
        Kind::List | Kind::RefList(_) => Some(
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .any(pred),
        ),
        // Text, ids, codes and vocabulary values decode to exactly their text.
        Kind::Id | Kind::Text | Kind::Vocab(_) | Kind::Country | Kind::IsoCode | Kind::Ref(_) => {
            if text.is_empty() {
                Some(false)
            } else if text.trim().is_empty() {
                None
            } else {
                Some(pred(text))
            }
        }
        Kind::Integer | Kind::Number | Kind::Date | Kind::Lat | Kind::Lon | Kind::RecordRef => None,
    }
}

/// Checks that some row's `column` holds text containing the folded
/// `needle`, for options that name something by part of it (`leases
/// --lessee haihua`, `routes --goods steel`): a needle no row of the whole
/// table holds is a typo, not an empty answer, so it is an error listing the
/// values closest to `query`. `option` names the option in the message.
pub fn some_row_contains<T: Record>(
    rows: impl IntoIterator<Item = anyhow::Result<T>>,
    column: usize,
    needle: &str,
    query: &str,
    option: &str,
) -> anyhow::Result<()> {
    let mut values: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for row in rows {
        let row = row?;
        for item in row.value(column).items() {
            if contains_folded(item, needle) {
                return Ok(());
            }
            // Candidates are bounded: a huge table costs no more than this.
            if values.len() < 10_000 && seen.insert(item.to_string()) {
                values.push(item.to_string());
            }
        }
    }
    let mut scored: Vec<(f64, &String)> = values
        .iter()
        .map(|v| (closeness(needle, v), v))
        .filter(|(score, _)| *score >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let closest: Vec<String> = scored
        .iter()
        .take(5)
        .map(|(_, v)| format!("\n  {}", crate::load::shorten(v)))
        .collect();
    let what = T::COLUMNS.get(column).map_or("", |c| c.name);
    if closest.is_empty() {
        anyhow::bail!(
            "no {what} in {} contains {} ({option}); `nkport facet {} {what}` lists them",
            T::TABLE,
            crate::load::shorten(query),
            T::TABLE
        )
    }
    anyhow::bail!(
        "no {what} in {} contains {} ({option}); closest:{}",
        T::TABLE,
        crate::load::shorten(query),
        closest.concat()
    )
}

/// How close the folded `needle` is to `value` or one of its words (edit
/// similarity, from 0 to 1), for suggestions.
fn closeness(needle: &str, value: &str) -> f64 {
    let similar = |a: &str, b: &str| {
        if a.len().max(b.len()) <= crate::names::SIMILAR_MAX {
            strsim::jaro_winkler(a, b)
        } else {
            0.0
        }
    };
    let whole = similar(needle, &fold(value));
    value
        .split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .filter(|w| !w.is_empty())
        .map(|w| similar(needle, &w))
        .fold(whole, f64::max)
}

/// Whether `haystack`, folded, contains the already folded `needle`.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() {
        return contains_folded_ascii(haystack.as_bytes(), needle.as_bytes());
    }
    fold(haystack).contains(needle)
}

/// [`contains_folded`] for an ASCII haystack and a non-empty needle.
/// Folding ASCII keeps letters and digits, lowercased: the needle is matched
/// against that sequence in place, without building it.
fn contains_folded_ascii(hay: &[u8], want: &[u8]) -> bool {
    let Some(&first) = want.first() else {
        return true;
    };
    (0..hay.len()).any(|start| {
        if hay[start].to_ascii_lowercase() != first || !hay[start].is_ascii_alphanumeric() {
            return false;
        }
        let mut kept = hay[start..]
            .iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(|b| b.to_ascii_lowercase());
        want.iter().all(|&w| kept.next() == Some(w))
    })
}

/// The index of `name` among `T`'s columns; panics never, errors name the table.
pub fn column<T: Record>(name: &str) -> anyhow::Result<usize> {
    crate::model::column_index(T::COLUMNS, name)
        .ok_or_else(|| anyhow::anyhow!("{} has no column `{name}`", T::TABLE))
}

/// Every id that lies in `place`: the place, the places below it, and the
/// ports, facilities and docks in any of those.
pub fn ids_within(ds: &Dataset, place: &str) -> HashSet<String> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in &ds.places {
        if let Some(parent) = p.parent.as_deref() {
            children.entry(parent).or_default().push(&p.id);
        }
    }
    let mut places: HashSet<&str> = HashSet::new();
    let mut stack = vec![place];
    while let Some(p) = stack.pop() {
        if places.insert(p) {
            stack.extend(children.get(p).into_iter().flatten().copied());
        }
    }
    let mut out: HashSet<String> = places.iter().map(|s| s.to_string()).collect();
    for port in &ds.ports {
        if places.contains(port.place.as_str()) {
            out.insert(port.id.clone());
        }
    }
    for f in &ds.facilities {
        if places.contains(f.place.as_str()) {
            out.insert(f.id.clone());
        }
    }
    for d in &ds.docks {
        if out.contains(&d.port) {
            out.insert(d.id.clone());
        }
    }
    out
}

/// The ids a name stands for as a scope: a place and everything in it, or a
/// single port, facility or other record.
pub fn scope_of(ds: &Dataset, table: Table, id: &str) -> HashSet<String> {
    match table {
        Table::Places => ids_within(ds, id),
        Table::Ports => {
            let mut s: HashSet<String> = ds
                .docks
                .iter()
                .filter(|d| d.port == id)
                .map(|d| d.id.clone())
                .collect();
            s.insert(id.to_string());
            s
        }
        _ => HashSet::from([id.to_string()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_containment() {
        assert!(contains_folded("Steel bars", "steel"));
        assert!(contains_folded("North-Pyongan", "northpyongan"));
        assert!(contains_folded("Ch’ŏngjin port", "chongjin"));
        assert!(!contains_folded("glass", "steel"));
        assert!(contains_folded("stainless S-T-E-E-L", "steel"));
        assert!(!contains_folded("stee", "steel"));
        assert!(contains_folded("anything", ""));
        assert!(contains_folded("", ""));
        assert!(!contains_folded("", "a"));
    }
}
