//! Matching what a user types to records: ids, `table:id`, names, aliases and
//! ISO codes, ignoring case, accents, apostrophes, hyphens and spaces
//! (`P'yŏngan-bukto`, `pyongan bukto` and `PYONGAN-BUKTO` are one key).

use crate::dataset::Dataset;
pub use crate::fold::fold;
use crate::model::{Record, Table, TableFn};
use std::collections::HashMap;
use std::fmt;

/// A record a name matched: its table, id and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The record's table.
    pub table: Table,
    /// The record's id.
    pub id: String,
    /// The record's name or title.
    pub label: String,
}

impl fmt::Display for Hit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} ({})", self.table, self.id, self.label)
    }
}

/// Why a name did not resolve to exactly one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing matched; the closest names, best first.
    NotFound {
        /// What the user typed.
        query: String,
        /// What was searched (e.g. "places or ports").
        scope: String,
        /// The closest candidates.
        suggestions: Vec<Hit>,
        /// Where to look instead when no candidate is close.
        hint: String,
    },
    /// Several records of one table matched.
    Ambiguous {
        /// What the user typed.
        query: String,
        /// Every match.
        hits: Vec<Hit>,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::NotFound {
                query,
                scope,
                suggestions,
                hint,
            } => {
                write!(f, "no {scope} matches {}", crate::load::shorten(query))?;
                if suggestions.is_empty() && !hint.is_empty() {
                    write!(f, "; nothing is close to it: {hint}")?;
                }
                if !suggestions.is_empty() {
                    write!(f, "; closest:")?;
                    for s in suggestions {
                        write!(f, "\n  {s}")?;
                    }
                }
                Ok(())
            }
            NameError::Ambiguous { query, hits } => {
                write!(
                    f,
                    "{} matches several records; name one by id:",
                    crate::load::shorten(query)
                )?;
                for h in hits {
                    write!(f, "\n  {h}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for NameError {}

/// The longest folded query compared by edit similarity.
pub const SIMILAR_MAX: usize = 200;

/// The longest folded query searched for the names inside it (a pasted
/// sentence naming a port): longer text is not, or every name would be
/// looked for in it.
pub const CONTAINING_MAX: usize = 1024;

/// An index from folded names to records, over the tables of a dataset.
pub struct Names {
    keys: HashMap<String, Vec<usize>>,
    hits: Vec<Hit>,
}

impl Names {
    /// Indexes every record of `ds` in `tables` by id, name, aliases and codes.
    pub fn new(ds: &Dataset, tables: &[Table]) -> Names {
        struct Collect<'a> {
            ds: &'a Dataset,
            names: &'a mut Names,
        }
        impl TableFn for Collect<'_> {
            type Out = ();
            fn call<T: Record>(self) {
                for r in self.ds.rows::<T>() {
                    let n = self.names.hits.len();
                    self.names.hits.push(Hit {
                        table: T::TABLE,
                        id: r.id().to_string(),
                        label: r.label().to_string(),
                    });
                    let mut keys = vec![fold(r.id())];
                    keys.extend(r.names().into_iter().map(fold));
                    keys.sort();
                    keys.dedup();
                    for k in keys.into_iter().filter(|k| !k.is_empty()) {
                        self.names.keys.entry(k).or_default().push(n);
                    }
                }
            }
        }
        let mut names = Names {
            keys: HashMap::new(),
            hits: Vec::new(),
        };
        for &t in tables {
            t.dispatch(Collect {
                ds,
                names: &mut names,
            });
        }
        names
    }

    /// Every record whose id, `table:id`, name or alias matches `query`.
    pub fn lookup(&self, query: &str) -> Vec<&Hit> {
        if let Some((table, id)) = table_ref(query) {
            return self
                .hits
                .iter()
                .filter(|h| h.table == table && h.id == id)
                .collect();
        }
        let mut out: Vec<&Hit> = self.hits.iter().filter(|h| h.id == query.trim()).collect();
        for &i in self.keys.get(&fold(query)).into_iter().flatten() {
            if !out.contains(&&self.hits[i]) {
                out.push(&self.hits[i]);
            }
        }
        out
    }

    /// The one record `query` names. Matches in several tables resolve to the
    /// first table in `prefer` order; several in one table are ambiguous.
    pub fn resolve(&self, query: &str, prefer: &[Table]) -> Result<&Hit, NameError> {
        let hits = self.lookup(query);
        if let Some(exact) = hits
            .iter()
            .find(|h| h.id == query.trim() && prefer.contains(&h.table))
        {
            return Ok(exact);
        }
        for t in prefer {
            let in_table: Vec<&Hit> = hits.iter().copied().filter(|h| h.table == *t).collect();
            match in_table.len() {
                0 => continue,
                1 => return Ok(in_table[0]),
                _ => {
                    return Err(NameError::Ambiguous {
                        query: query.to_string(),
                        hits: in_table.into_iter().cloned().collect(),
                    });
                }
            }
        }
        // A name of a record in another table is not an answer: it would
        // filter on ids no row of the asked tables holds (a silent empty).
        // It is listed first among the candidates instead.
        let mut suggestions: Vec<Hit> = hits.into_iter().cloned().collect();
        for s in self.suggest(query, prefer) {
            if !suggestions.contains(&s) {
                suggestions.push(s);
            }
        }
        let scope: Vec<&str> = prefer.iter().map(|t| t.name()).collect();
        let scope = if prefer.len() >= Table::ALL.len() {
            "record".to_string()
        } else {
            format!("record in {}", scope.join(" or "))
        };
        let hint = match prefer {
            [one] => format!("`nkport {}` lists them all", one.name()),
            _ => "`nkport search TEXT` looks for a text in every cell".to_string(),
        };
        Err(NameError::NotFound {
            query: query.to_string(),
            scope,
            suggestions,
            hint,
        })
    }

    /// The records whose names are closest to `query`, best first.
    /// A query or name longer than [`SIMILAR_MAX`] bytes (folded) is
    /// matched by containment only; a query longer than
    /// [`CONTAINING_MAX`] is not searched for the names inside it.
    pub fn suggest(&self, query: &str, tables: &[Table]) -> Vec<Hit> {
        // A `table:id` is closest to the ids of its table.
        let (q, only) = match table_ref(query) {
            Some((table, id)) => (fold(id), Some(table)),
            None => (fold(query), None),
        };
        let only: Vec<Table> = only.into_iter().collect();
        let tables = if only.is_empty() { tables } else { &only };
        let mut scored: Vec<(f64, usize)> = Vec::new();
        for (key, ids) in &self.keys {
            let contains = !q.is_empty()
                && (key.contains(&q) || (q.len() <= CONTAINING_MAX && q.contains(key.as_str())));
            // Jaro-Winkler costs length × length: long text is matched by
            // containment only.
            let similar = if q.len().max(key.len()) <= SIMILAR_MAX {
                strsim::jaro_winkler(&q, key)
            } else {
                0.0
            };
            let score = similar.max(if contains { 0.9 } else { 0.0 });
            for &i in ids {
                if tables.is_empty() || tables.contains(&self.hits[i].table) {
                    scored.push((score, i));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<Hit> = Vec::new();
        for (score, i) in scored {
            if score < 0.7 || out.len() == 5 {
                break;
            }
            if !out.contains(&self.hits[i]) {
                out.push(self.hits[i].clone());
            }
        }
        out
    }
}

/// The table a word names, as users type it: `routes`, `Routes`, `route`,
/// `facility`.
pub fn table_named(word: &str) -> Option<Table> {
    let w = word.trim().to_lowercase();
    Table::from_name(&w)
        .or_else(|| Table::from_name(&format!("{w}s")))
        .or_else(|| Table::from_name(&format!("{}ies", w.strip_suffix('y')?)))
}

/// The table and id of a `table:id` reference, the table named as
/// [`table_named`] reads it (`Routes:x`, `route:x`); `None` when `query` is
/// not one (a name with a colon whose head is no table).
fn table_ref(query: &str) -> Option<(Table, &str)> {
    let (table, id) = query.trim().split_once(':')?;
    let id = id.trim();
    if id.is_empty() {
        return None;
    }
    Some((table_named(table)?, id))
}
