//! Which columns a terminal table keeps when they do not all fit: per table,
//! its columns from most to least important, as the model lists them
//! ([`Record::IMPORTANCE`](crate::model::Record::IMPORTANCE)); columns of
//! [`Role::Secondary`] come last. The table keeps its own column order on
//! screen; this order only decides what is left out (last first).
//!
//! Columns not listed rank after the listed ones, in their own order; the
//! names behind a reference (`origin_name`, from `--labels`) rank just before
//! the reference itself, so a narrow terminal keeps the name and drops the id
//! column; a place's province (`origin_province`) ranks with the notes.

use crate::model::{Role, Table};

/// Column names that say what a computed row is about, in words.
const LABELS: [&str; 3] = ["title", "name", "label"];

/// The positions of `heads` from most to least important, for `table`
/// (`None`: computed rows, whose columns are in order of importance but
/// for their label: `title`, `name` or `label` ranks right after the first
/// column, so a narrow timeline keeps what happened beside when).
pub fn rank(table: Option<Table>, heads: &[&str]) -> Vec<usize> {
    if table.is_none() {
        let mut idx: Vec<usize> = (0..heads.len()).collect();
        idx.sort_by_key(|&i| (i > 0, !LABELS.contains(&heads[i]), i));
        return idx;
    }
    let order: &[&str] = table.map_or(&[], Table::importance);
    let secondary = |name: &str| {
        table.is_some_and(|t| {
            t.columns()
                .iter()
                .any(|c| c.name == name && c.role == Role::Secondary)
        })
    };
    let key = |name: &str, i: usize| -> (usize, usize, usize) {
        let listed = |n: &str| order.iter().position(|o| *o == n);
        if secondary(name) {
            return (3, 0, i);
        }
        if name.ends_with("_province") {
            return (2, 0, i);
        }
        // `origin_name` just before `origin`.
        let base = name
            .strip_suffix("_names")
            .or_else(|| name.strip_suffix("_name"));
        if let Some(p) = base.and_then(listed) {
            return (0, 2 * p, i);
        }
        match listed(name) {
            Some(p) => (0, 2 * p + 1, i),
            None => (1, 0, i),
        }
    };
    let mut idx: Vec<usize> = (0..heads.len()).collect();
    idx.sort_by_key(|&i| key(heads[i], i));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_rows_keep_their_label_after_the_first_column() {
        let heads = ["date", "table", "id", "title", "what", "certainty"];
        let r = rank(None, &heads);
        let names: Vec<&str> = r.iter().map(|&i| heads[i]).collect();
        assert_eq!(names, ["date", "title", "table", "id", "what", "certainty"]);
    }

    #[test]
    fn routes_drop_via_period_and_notes_first() {
        let heads = [
            "id",
            "name",
            "origin",
            "destination",
            "via",
            "mode",
            "goods",
            "direction",
            "status",
            "period",
            "certainty",
            "notes",
        ];
        let r = rank(Some(Table::Routes), &heads);
        let names: Vec<&str> = r.iter().map(|&i| heads[i]).collect();
        assert_eq!(&names[..3], ["id", "name", "origin"]);
        assert_eq!(&names[names.len() - 3..], ["via", "period", "notes"]);
    }

    #[test]
    fn names_rank_before_their_ids_and_provinces_late() {
        let heads = ["id", "origin", "origin_name", "origin_province", "mode"];
        let r = rank(Some(Table::Routes), &heads);
        let names: Vec<&str> = r.iter().map(|&i| heads[i]).collect();
        assert_eq!(
            names,
            ["id", "origin_name", "origin", "mode", "origin_province"]
        );
    }

    #[test]
    fn computed_rows_keep_their_order() {
        assert_eq!(rank(None, &["table", "id", "text", "notes"]), [0, 1, 2, 3]);
    }
}
