//! Following references backwards, as Datasette does for foreign keys: every
//! row, in any table, that points at a record or at anything inside it.

use crate::dataset::Dataset;
use crate::model::{Kind, Record, Table, TableFn};
use std::collections::HashSet;

/// A row that points at the record being shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    /// The pointing row's table.
    pub table: Table,
    /// The pointing row's position in its table.
    pub index: usize,
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The column through which it points.
    pub via: &'static str,
    /// The id it points at.
    pub target: String,
}

/// Every row whose reference columns name an id in `scope` (rows inside the
/// scope pointing at each other, such as a port at its own city, are kept).
pub fn pointing_at(ds: &Dataset, scope: &HashSet<String>, skip: &HashSet<Table>) -> Vec<Pointer> {
    struct Find<'a> {
        ds: &'a Dataset,
        scope: &'a HashSet<String>,
        out: &'a mut Vec<Pointer>,
    }
    impl TableFn for Find<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            for (index, r) in self.ds.rows::<T>().iter().enumerate() {
                for (c, col) in T::COLUMNS.iter().enumerate() {
                    if !matches!(col.kind, Kind::Ref(_) | Kind::RefList(_) | Kind::RecordRef) {
                        continue;
                    }
                    let v = r.value(c);
                    let hit = v.items().into_iter().find(|item| {
                        let id = item.split_once(':').map_or(*item, |(_, id)| id);
                        self.scope.contains(id) && id != r.id()
                    });
                    if let Some(target) = hit {
                        self.out.push(Pointer {
                            table: T::TABLE,
                            index,
                            id: r.id().to_string(),
                            label: r.label().to_string(),
                            via: col.name,
                            target: target
                                .split_once(':')
                                .map_or(target, |(_, id)| id)
                                .to_string(),
                        });
                        break;
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for t in Table::ALL.into_iter().filter(|t| !skip.contains(t)) {
        t.dispatch(Find {
            ds,
            scope,
            out: &mut out,
        });
    }
    out
}
