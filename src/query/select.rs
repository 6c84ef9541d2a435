//! Choosing the columns and ordering the rows of output, once for every
//! command: `--columns` picks and orders columns, `--sort` orders rows. The
//! list commands (through [`super::View`]) and the commands that compute
//! their rows (search, facet, timeline, conflicts) both come here, so they
//! accept the same names and fail with the same messages.

use super::SortKey;
use super::view::compare;
use crate::config::UsageError;
use crate::fold::fold;
use crate::model::Value;

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
    // Per row and key, the (folded, plain) text `compare` would otherwise
    // build on every comparison (only for cells compared as text).
    let texts: Vec<Vec<(String, String)>> = (0..n)
        .map(|r| {
            keys.iter()
                .map(|&(c, _)| match cell(r, c) {
                    Value::Null | Value::Number(_) | Value::Date(_) => Default::default(),
                    v => {
                        let text = v.to_text();
                        (fold(&text), text)
                    }
                })
                .collect()
        })
        .collect();
    // Sorting positions moves 8 bytes where a row would move hundreds; ties
    // fall back to input order, so the unstable sort gives what a stable one
    // would.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&p, &q| {
        keys.iter()
            .enumerate()
            .map(|(k, &(c, desc))| {
                let (x, y) = (cell(p, c), cell(q, c));
                let o = match (&x, &y) {
                    (Value::Null, _)
                    | (_, Value::Null)
                    | (Value::Number(_), Value::Number(_))
                    | (Value::Date(_), Value::Date(_)) => compare(&x, &y),
                    _ => texts[p][k].cmp(&texts[q][k]),
                };
                if desc { o.reverse() } else { o }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| p.cmp(&q))
    });
    order
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
