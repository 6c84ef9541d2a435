//! Row filters, generic over tables: they read cells through [`Record::value`],
//! so one implementation serves every list command.

use crate::dataset::Dataset;
use crate::model::{Certainty, Record, Table};
use crate::names::fold;
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
    Custom(Box<dyn Fn(&T) -> bool>),
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

/// Whether `haystack`, folded, contains the already folded `needle`.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() {
        let folded: Vec<u8> = haystack
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
            .collect();
        return folded
            .windows(needle.len().max(1))
            .any(|w| w == needle.as_bytes())
            || needle.is_empty();
    }
    fold(haystack).contains(needle)
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
    }
}
