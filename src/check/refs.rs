//! What `check` does across tables once every table is read: ids unique
//! across the package, references resolved, facts cited.

use super::scan::{CellProblem, Scan};
use super::{Lines, Problems, closest, is_slug};
use crate::load::shorten;
use crate::model::*;
use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use std::cell::Cell;
use std::iter::Peekable;
use std::sync::OnceLock;

/// Every id of the package (borrowed from the scans), one map per table
/// from id to its first row there. Maps per table keep the lookups of
/// references into the small tables (ports, places) in cache, where one
/// map of millions of ids would miss it on every probe.
pub(super) struct Ids<'a> {
    /// Indexed by a table's position in [`Table::ALL`].
    tables: Vec<HashMap<&'a str, usize>>,
    /// Per table, each row whose id an earlier row of the same table has,
    /// with that first row: found while the maps are built, so that only
    /// the earlier tables are looked in for each row.
    repeats: Vec<HashMap<usize, usize>>,
}

impl<'a> Ids<'a> {
    /// The ids of every scan, in [`Table::ALL`] order.
    pub fn new(scans: &'a [Scan]) -> Ids<'a> {
        let (tables, repeats) = scans
            .par_iter()
            .with_max_len(1)
            .map(|scan| {
                let mut map = HashMap::with_capacity_and_hasher(scan.rows(), Default::default());
                let mut repeats = HashMap::default();
                for i in 0..scan.rows() {
                    let first = *map.entry(scan.id(i)).or_insert(i);
                    if first != i {
                        repeats.insert(i, first);
                    }
                }
                (map, repeats)
            })
            .unzip();
        Ids { tables, repeats }
    }

    /// The ids of table `t`.
    fn of(&self, t: Table) -> &HashMap<&'a str, usize> {
        // `Table::ALL` lists the variants in declaration order.
        &self.tables[t as usize]
    }

    /// The first row with this id in the package: tables in their order,
    /// rows in file order.
    fn first(&self, id: &str) -> Option<(Table, usize)> {
        Table::ALL
            .into_iter()
            .find_map(|t| self.of(t).get(id).map(|&i| (t, i)))
    }

    /// The first row with the id of row `i` of table `t`, if that is
    /// another row.
    fn earlier(&self, t: Table, i: usize, id: &str) -> Option<(Table, usize)> {
        let before = Table::ALL
            .into_iter()
            .take_while(|&u| u != t)
            .find_map(|u| self.of(u).get(id).map(|&j| (u, j)));
        before.or_else(|| self.repeats[t as usize].get(&i).map(|&j| (t, j)))
    }

    /// Every id of each table, sorted.
    fn sorted(&self) -> HashMap<Table, Vec<&'a str>> {
        Table::ALL
            .into_iter()
            .map(|t| {
                let mut v: Vec<&str> = self.of(t).keys().copied().collect();
                v.sort_unstable();
                (t, v)
            })
            .collect()
    }
}

/// Every record the citations name, by table and id.
pub(super) fn cited(citations: &Scan) -> HashSet<(Table, &str)> {
    citations
        .refs
        .iter()
        .filter_map(|r| Some((r.table?, citations.ref_id(r))))
        .collect()
}

/// Dangling references of one table that get a "did you mean" (the first
/// ones found).
const SUGGESTED: usize = 100;

/// Ids on each side of a dangling one in sort order that a suggestion is
/// chosen from.
const NEIGHBOURS: usize = 500;

/// Checks one table across the package (see [`CheckTable::call`]).
pub(super) struct CheckTable<'a, 'b> {
    pub scan: &'b Scan,
    pub ids: &'b Ids<'a>,
    /// Each table's ids, sorted: suggestions come from the ids next to a
    /// dangling one in this order. Built at the first suggestion.
    pub sorted: &'b OnceLock<HashMap<Table, Vec<&'a str>>>,
    pub cited: &'b HashSet<(Table, &'a str)>,
    pub lines: &'b Lines,
}

impl TableFn for CheckTable<'_, '_> {
    /// Id problems (form, repeats), cell problems (with the references
    /// resolved, in row and column order), facts no citation names.
    type Out = [Problems; 3];
    fn call<T: Record>(self) -> [Problems; 3] {
        let [mut ids, mut cells, mut uncited] = <[Problems; 3]>::default();
        let scan = self.scan;
        for i in 0..scan.rows() {
            self.check_id::<T>(i, &mut ids);
        }
        self.check_cells::<T>(&mut cells);
        for i in 0..scan.rows() {
            let id = scan.id(i);
            if scan.certain[i] && !self.cited.contains(&(T::TABLE, id)) {
                uncited.push(self.lines.at(
                    T::TABLE,
                    i,
                    Some("id"),
                    format!(
                        "{} has no citation: expected at least one citations row with record `{}:{}`",
                        shorten(id),
                        T::TABLE.name(),
                        if id.chars().count() > 60 { "…" } else { id }
                    ),
                ));
            }
        }
        [ids, cells, uncited]
    }
}

impl CheckTable<'_, '_> {
    /// The id's form, and whether a row before it (in this table or an
    /// earlier one) has it.
    fn check_id<T: Record>(&self, i: usize, out: &mut Problems) {
        let id = self.scan.id(i);
        if !is_slug(id) {
            out.push(self.lines.at(
                T::TABLE,
                i,
                Some("id"),
                format!("expected a lowercase slug such as `chongjin-port` (a-z, 0-9 and single hyphens), found {}", shorten(id)),
            ));
        }
        let Some((t, j)) = self.ids.earlier(T::TABLE, i, id) else {
            return;
        };
        let first = self.lines.at(t, j, None, String::new());
        let place = match first.line {
            Some(l) => format!("{}:{l}", first.file),
            None => first.file,
        };
        out.push(self.lines.at(
            T::TABLE,
            i,
            Some("id"),
            format!(
                "duplicate id {}: expected ids unique across the package; first used at {place}",
                shorten(id)
            ),
        ));
    }

    /// The problems of single cells found while reading, with those of the
    /// reference cells in their places.
    fn check_cells<T: Record>(&self, out: &mut Problems) {
        let scan = self.scan;
        let left = Cell::new(SUGGESTED);
        let mut local = scan.cells.iter().peekable();
        let mut bad: Vec<String> = Vec::new();
        for r in &scan.refs {
            let col = &T::COLUMNS[r.col as usize];
            let one;
            let targets: &[Table] = match (r.table, col.kind) {
                (Some(t), _) => {
                    one = [t];
                    &one
                }
                (None, Kind::Ref(ts) | Kind::RefList(ts)) => ts,
                (None, _) => &[],
            };
            if let Some(msg) = self.reference_problem(scan.ref_id(r), targets, &left) {
                bad.push(msg);
            }
            if !r.last {
                continue;
            }
            if !bad.is_empty() {
                let slot = 2 * r.col as usize + 1;
                self.flush::<T>(&mut local, (r.row, slot), out);
                out.push(
                    self.lines
                        .at(T::TABLE, r.row, Some(col.name), bad.join("; ")),
                );
                bad.clear();
            }
        }
        self.flush::<T>(&mut local, (usize::MAX, usize::MAX), out);
        out.more += scan.cells_more;
    }

    /// Moves the cell problems before `until` (row, slot) into `out`.
    fn flush<'c, T: Record>(
        &self,
        local: &mut Peekable<impl Iterator<Item = &'c CellProblem>>,
        until: (usize, usize),
        out: &mut Problems,
    ) {
        while let Some(p) = local.next_if(|p| (p.row, p.slot) < until) {
            out.push(self.lines.at(T::TABLE, p.row, Some(p.field), p.msg.clone()));
        }
    }

    /// Why `id` is not the id of a row of `targets`, if it is not.
    fn reference_problem(&self, id: &str, targets: &[Table], left: &Cell<usize>) -> Option<String> {
        let found = self.ids.first(id).map(|(t, _)| t);
        if found.is_some_and(|t| targets.contains(&t)) {
            return None;
        }
        // A problem: only now is the message worth making.
        let names: Vec<_> = targets.iter().map(|t| t.name()).collect();
        let want = format!("expected the id of a row in {}", names.join(" or "));
        if let Some(t) = found {
            return Some(format!(
                "{want}, found {}, which is a {} row",
                shorten(id),
                t.name()
            ));
        }
        let hint = self
            .suggest(id, targets, left)
            .map(|n| format!(" (did you mean {}?)", shorten(n)))
            .unwrap_or_default();
        let unread: Vec<_> = targets
            .iter()
            .filter(|t| self.lines.failed.contains(t))
            .map(|t| t.name())
            .collect();
        let unread = if unread.is_empty() {
            String::new()
        } else {
            format!(" that loaded ({} has rows with errors)", unread.join(", "))
        };
        Some(format!(
            "{want}, found {}, which matches no row{unread}{hint}",
            shorten(id)
        ))
    }

    /// The id of `targets` closest to `id`, while the budget lasts.
    fn suggest(&self, id: &str, targets: &[Table], left: &Cell<usize>) -> Option<&str> {
        left.set(left.get().checked_sub(1)?);
        let sorted = self.sorted.get_or_init(|| self.ids.sorted());
        let near = targets.iter().filter_map(|t| sorted.get(t)).flat_map(|v| {
            let at = v.partition_point(|c| *c < id);
            v[at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(v.len())]
                .iter()
                .copied()
        });
        closest(id, near)
    }
}
