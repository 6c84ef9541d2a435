//! Choosing the columns and ordering the rows of output, once for every
//! command: `--columns` picks and orders columns, `--sort` orders rows. The
//! list commands (through [`super::View`]) and the commands that compute
//! their rows (search, facet, timeline, conflicts) both come here, so they
//! accept the same names and fail with the same messages.

use super::SortKey;
use super::raw::Folder;
use super::view::compare;
use crate::date::FuzzyDate;
use crate::model::Value;
use crate::usage::UsageError;
use rayon::slice::ParallelSliceMut;

/// The positions of the columns `asked` names, in its order, among the
/// columns `names` of `what` (a table, or a command's rows). An unknown or
/// repeated name is a usage error.
pub fn columns(what: &str, names: &[&str], asked: &[String]) -> anyhow::Result<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(asked.len());
    for n in asked {
        let i = position(names, n).ok_or_else(|| {
            UsageError(format!(
                "{what} has no column `{n}`; its columns are: {}",
                names.join(", ")
            ))
        })?;
        if out.contains(&i) {
            return Err(UsageError(format!("--columns names `{n}` twice")).into());
        }
        out.push(i);
    }
    Ok(out)
}

/// The (position, descending) of each sort key among the columns `names`.
pub fn sort_keys(
    what: &str,
    names: &[&str],
    keys: &[SortKey],
) -> anyhow::Result<Vec<(usize, bool)>> {
    keys.iter()
        .map(|k| {
            let i = position(names, &k.column).ok_or_else(|| {
                UsageError(format!(
                    "cannot sort {what} by `{}`: no such column; its columns are: {}",
                    k.column,
                    names.join(", ")
                ))
            })?;
            Ok((i, k.desc))
        })
        .collect()
}

fn position(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name)
}

/// The order of `n` rows by `keys` ((column, descending), first key first),
/// where `cell(row, column)` is a cell; ties keep the rows' order. Cells
/// compare as [`compare`] does, each row's text folded once, not on every
/// comparison.
pub fn order<'a>(
    n: usize,
    keys: &[(usize, bool)],
    cell: impl Fn(usize, usize) -> Value<'a>,
) -> Vec<usize> {
    if keys.is_empty() {
        return (0..n).collect();
    }
    let mut held = Keys::new(keys.len());
    for r in 0..n {
        held.push(keys.iter().map(|&(c, _)| cell(r, c)));
    }
    held.order(keys)
}

/// Rows from which sorting uses both cores (below, starting threads costs
/// more than it saves).
const PARALLEL_SORT: usize = 50_000;

/// The sort keys of rows, taken once per row (a row need not be held to be
/// sorted): each text folded once, folded and plain text in one buffer.
#[derive(Default)]
pub struct Keys {
    /// Keys per row.
    width: usize,
    /// Row by row, `width` keys each.
    cells: Vec<Key>,
    /// The texts of the text keys, folded then plain.
    text: Vec<u8>,
    folder: Folder,
    folded: Vec<u8>,
}

/// One sort key of one row.
enum Key {
    Null,
    Number(f64),
    Date(Box<FuzzyDate>),
    /// Folded text at `at`, `folded` bytes long, then the plain text,
    /// `plain` bytes long; `head` is the folded text's first 16 bytes
    /// (zero-padded, big-endian), which decide most comparisons without
    /// reaching into the texts.
    Text {
        head: [u64; 2],
        at: usize,
        folded: u32,
        plain: u32,
    },
}

impl Keys {
    /// No rows yet, `width` keys a row.
    pub fn new(width: usize) -> Keys {
        Keys {
            width,
            ..Keys::default()
        }
    }

    /// How many rows are held.
    pub fn len(&self) -> usize {
        self.cells.len().checked_div(self.width).unwrap_or(0)
    }

    /// Whether no row is held.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Adds a row's keys, in key order (`width` of them).
    pub fn push<'a>(&mut self, cells: impl IntoIterator<Item = Value<'a>>) {
        for v in cells {
            let key = match v {
                Value::Null => Key::Null,
                Value::Number(n) => Key::Number(n),
                Value::Date(d) => Key::Date(Box::new(d.clone())),
                v => {
                    let plain = v.to_text();
                    self.folder.fold_into(&plain, &mut self.folded);
                    let at = self.text.len();
                    self.text.extend_from_slice(&self.folded);
                    self.text.extend_from_slice(plain.as_bytes());
                    let mut head = [0; 16];
                    let n = self.folded.len().min(16);
                    head[..n].copy_from_slice(&self.folded[..n]);
                    let (hi, lo) = head.split_at(8);
                    let word = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap_or_default());
                    // A key over 4 GiB is cut there (order among such keys
                    // then rests on their first 4 GiB).
                    let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                    Key::Text {
                        head: [word(hi), word(lo)],
                        at,
                        folded: len(self.folded.len()),
                        plain: len(plain.len()),
                    }
                }
            };
            self.cells.push(key);
        }
    }

    /// Adds the rows of `other` (of the same width) after these.
    pub fn append(&mut self, other: Keys) {
        let base = self.text.len();
        self.text.extend_from_slice(&other.text);
        self.cells.extend(other.cells.into_iter().map(|k| match k {
            Key::Text {
                head,
                at,
                folded,
                plain,
            } => Key::Text {
                head,
                at: at + base,
                folded,
                plain,
            },
            k => k,
        }));
    }

    /// The cell a key stands for, as [`compare`] takes it (text is not
    /// needed: it is compared folded).
    fn value<'k>(&self, k: &'k Key) -> Value<'k> {
        match k {
            Key::Null => Value::Null,
            Key::Number(n) => Value::Number(*n),
            Key::Date(d) => Value::Date(d),
            Key::Text { .. } => Value::Text(""),
        }
    }

    /// A key's (folded, plain) text; empty for other keys.
    fn texts(&self, k: &Key) -> (&[u8], &[u8]) {
        match *k {
            Key::Text {
                at, folded, plain, ..
            } => {
                let mid = at + folded as usize;
                (&self.text[at..mid], &self.text[mid..mid + plain as usize])
            }
            _ => (&[], &[]),
        }
    }

    /// The order of the rows by `keys` ((column, descending): only the
    /// directions are read, the columns being the ones pushed, in order);
    /// ties keep the rows' order.
    pub fn order(&self, keys: &[(usize, bool)]) -> Vec<usize> {
        if self.width == 0 {
            return (0..self.len()).collect();
        }
        // Sorting positions moves 8 bytes where a row would move hundreds;
        // ties fall back to input order, so the unstable sort gives what a
        // stable one would.
        let cmp = |&p: &usize, &q: &usize| {
            let (rp, rq) = (
                &self.cells[p * self.width..(p + 1) * self.width],
                &self.cells[q * self.width..(q + 1) * self.width],
            );
            keys.iter()
                .zip(rp.iter().zip(rq))
                .map(|(&(_, desc), (x, y))| {
                    let o = match (x, y) {
                        (Key::Null, _)
                        | (_, Key::Null)
                        | (Key::Number(_), Key::Number(_))
                        | (Key::Date(_), Key::Date(_)) => compare(&self.value(x), &self.value(y)),
                        // Folded texts differ in their first 16 bytes, or
                        // the whole (folded, plain) pair decides.
                        (Key::Text { head: a, .. }, Key::Text { head: b, .. }) if a != b => {
                            a.cmp(b)
                        }
                        _ => self.texts(x).cmp(&self.texts(y)),
                    };
                    if desc { o.reverse() } else { o }
                })
                .find(|o| o.is_ne())
                .unwrap_or_else(|| p.cmp(&q))
        };
        // Every comparison ends in the rows' order, so no two rows compare
        // equal: the order is the same however the sort splits its work.
        if let Some(mut heads) = self.first_heads(keys) {
            // The first key is text in every row: its first 16 folded bytes,
            // sorted beside the row's position, decide most comparisons
            // without reaching into the keys (where the heads are equal, or
            // would compare so, `cmp` decides as it would alone).
            let desc = keys[0].1;
            let by_head = |a: &([u64; 2], u32), b: &([u64; 2], u32)| {
                let o = a.0.cmp(&b.0);
                let (p, q) = (a.1 as usize, b.1 as usize);
                if desc { o.reverse() } else { o }.then_with(|| cmp(&p, &q))
            };
            if heads.len() >= PARALLEL_SORT {
                heads.par_sort_unstable_by(by_head);
            } else {
                heads.sort_unstable_by(by_head);
            }
            return heads.into_iter().map(|(_, p)| p as usize).collect();
        }
        let mut order: Vec<usize> = (0..self.len()).collect();
        if order.len() >= PARALLEL_SORT {
            order.par_sort_unstable_by(cmp);
        } else {
            order.sort_unstable_by(cmp);
        }
        order
    }

    /// Each row's (head of its first key, position), when the first key
    /// is text in every row (and positions fit in 32 bits).
    fn first_heads(&self, keys: &[(usize, bool)]) -> Option<Vec<([u64; 2], u32)>> {
        if keys.is_empty() || self.width == 0 || u32::try_from(self.len()).is_err() {
            return None;
        }
        self.cells
            .iter()
            .step_by(self.width)
            .zip(0..)
            .map(|(k, p)| match k {
                Key::Text { head, .. } => Some((*head, p)),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_list_the_known_ones() {
        let names = ["id", "name"];
        let err = columns("routes", &names, &["nope".into()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "routes has no column `nope`; its columns are: id, name"
        );
        let key: SortKey = "nope:desc".parse().unwrap();
        let err = sort_keys("routes", &names, &[key]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot sort routes by `nope`: no such column")
        );
    }

    #[test]
    fn order_sorts_by_keys_and_keeps_ties_in_input_order() {
        let rows = [("b", 1.0), ("a", 2.0), ("B", 1.0), ("a", 1.0)];
        let cell = |r: usize, c: usize| match c {
            0 => Value::Text(rows[r].0),
            _ => Value::Number(rows[r].1),
        };
        assert_eq!(order(4, &[(0, false)], cell), [1, 3, 2, 0]);
        assert_eq!(order(4, &[(1, true), (0, false)], cell), [1, 3, 2, 0]);
        assert_eq!(order(4, &[], cell), [0, 1, 2, 3]);
    }
}
