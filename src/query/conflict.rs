//! Disagreements: rows of one table that give different values for the same
//! thing (a place's population by source, a claim's property, an event's
//! dates). The tool shows them side by side instead of choosing.

use crate::dataset::Dataset;
use crate::model::{Record, Table, TableFn};
use std::collections::{BTreeMap, HashMap};

/// Groups of row positions that share a conflict key, can be about the same
/// thing, and disagree on the compared value, in first-appearance order.
/// With `sources` (row id → the sources citing it), rows must also come from
/// different sources: one source giving two values is not a disagreement
/// between sources.
pub fn groups<T: Record>(
    rows: &[T],
    sources: Option<&HashMap<&str, Vec<&str>>>,
) -> Vec<Vec<usize>> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(k) = r.conflict_key() {
            if !by_key.contains_key(&k) {
                order.push(k.clone());
            }
            by_key.entry(k).or_default().push(i);
        }
    }
    order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .flat_map(|g| clusters(rows, g))
        .filter(|g| {
            let first = rows[g[0]].compared();
            g.iter().any(|&i| rows[i].compared() != first)
        })
        .filter(|g| {
            let Some(sources) = sources else { return true };
            let of = |i: usize| sources.get(rows[i].id()).cloned().unwrap_or_default();
            g.iter().any(|&i| of(i) != of(g[0]))
        })
        .collect()
}

/// Splits a group into clusters of rows linked by [`Record::comparable`].
fn clusters<T: Record>(rows: &[T], group: Vec<usize>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in group {
        let linked: Vec<usize> = (0..out.len())
            .filter(|&c| out[c].iter().any(|&j| rows[i].comparable(&rows[j])))
            .collect();
        let mut merged = vec![i];
        for &c in linked.iter().rev() {
            merged.extend(out.remove(c));
        }
        merged.sort_unstable();
        out.push(merged);
    }
    out.sort_by_key(|c| c[0]);
    out
}

/// For table `T`: each cited row's sources, sorted.
pub fn sources_of<T: Record>(ds: &Dataset) -> HashMap<&str, Vec<&str>> {
    let mut m: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in ds.citations.iter().filter(|c| c.record.table() == T::TABLE) {
        m.entry(c.record.id()).or_default().push(&c.source);
    }
    for v in m.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    m
}

/// The spread of numeric values: (max − min, that as a percent of min).
/// Only finite numbers count (`inf` and `NaN` are text here), and a spread
/// or percentage beyond what a number holds is none at all, the same in
/// every format (never `inf` in one and `null` in another).
pub fn spread(values: &[String]) -> Option<(f64, Option<f64>)> {
    let nums: Vec<f64> = values
        .iter()
        .map(|v| v.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<_>>()?;
    let min = nums.iter().copied().fold(f64::INFINITY, f64::min);
    let max = nums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = Some(max - min).filter(|s| s.is_finite())?;
    let pct = (min > 0.0)
        .then(|| (spread / min * 1000.0).round() / 10.0)
        .filter(|p| p.is_finite());
    Some((spread, pct))
}

/// For every row in any table that disagrees with others: the ids it
/// disagrees with.
pub fn disagreements(ds: &Dataset) -> HashMap<String, Vec<String>> {
    struct Find<'a>(&'a Dataset, &'a mut HashMap<String, Vec<String>>);
    impl TableFn for Find<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            let rows = self.0.rows::<T>();
            let sources = sources_of::<T>(self.0);
            for g in groups(rows, Some(&sources)) {
                for &i in &g {
                    let others = g
                        .iter()
                        .filter(|&&j| j != i && rows[j].compared() != rows[i].compared())
                        .map(|&j| rows[j].id().to_string())
                        .collect();
                    self.1.insert(rows[i].id().to_string(), others);
                }
            }
        }
    }
    let mut out = HashMap::new();
    for t in Table::ALL {
        t.dispatch(Find(ds, &mut out));
    }
    out
}
