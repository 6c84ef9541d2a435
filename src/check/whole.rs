//! Checks over a whole table held in memory: the place hierarchy has no
//! cycle, every derived lease end fits in the calendar.

use super::{Lines, Problems};
use crate::dataset::Dataset;
use crate::model::Table;
use foldhash::HashMap;

/// Reports each cycle of the place hierarchy once, at the row of its
/// first place in file order, listing the cycle from there. Linear: every
/// place is walked once.
pub(super) fn check_place_cycles(ds: &Dataset, lines: &Lines, out: &mut Problems) {
    let row: HashMap<&str, usize> = ds
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let parent = |i: usize| {
        ds.places[i]
            .parent
            .as_deref()
            .and_then(|p| row.get(p).copied())
    };
    // 0: not seen; 1 + n: on the walk started at place n; done places are
    // marked `usize::MAX`.
    let mut state = vec![0usize; ds.places.len()];
    let mut found: Vec<Vec<usize>> = Vec::new();
    for start in 0..ds.places.len() {
        if state[start] != 0 {
            continue;
        }
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            if state[i] == 1 + start {
                // Back on this walk: the cycle is the walk from `i` on.
                let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                found.push(walk[from..].to_vec());
                break;
            }
            if state[i] != 0 {
                break;
            }
            state[i] = 1 + start;
            walk.push(i);
            cur = parent(i);
        }
        for i in walk {
            state[i] = usize::MAX;
        }
    }
    found.sort_by_key(|c| c.iter().min().copied());
    for mut cycle in found {
        if cycle.len() < 2 {
            continue;
        }
        let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
        cycle.rotate_left(first);
        let ids: Vec<&str> = cycle.iter().map(|&i| ds.places[i].id.as_str()).collect();
        let shown = if ids.len() <= 12 {
            ids.join(" → ")
        } else {
            format!(
                "{} → … ({} places) → {}",
                ids[..5].join(" → "),
                ids.len() - 10,
                ids[ids.len() - 5..].join(" → ")
            )
        };
        out.push(lines.at(
            Table::Places,
            cycle[0],
            Some("parent"),
            format!(
                "the place hierarchy has a cycle: {shown} → {}; expected a tree",
                ids[0]
            ),
        ));
    }
}

/// A lease whose end is derived (start or signing plus the term) must have
/// one: a term that carries it past year 9999 would otherwise leave its end
/// silently empty in every listing.
pub(super) fn check_lease_ends(ds: &Dataset, lines: &Lines, out: &mut Problems) {
    for (i, l) in ds.leases.iter().enumerate() {
        let (None, Some(term)) = (&l.end, l.term_years) else {
            continue;
        };
        let Some((field, from)) = [("start", &l.start), ("signed", &l.signed)]
            .into_iter()
            .find_map(|(f, d)| Some((f, d.as_ref()?)))
        else {
            continue;
        };
        let fits = i32::try_from(term).is_ok_and(|t| from.add_years(t).is_ok());
        if !fits {
            out.push(lines.at(
                Table::Leases,
                i,
                Some("term_years"),
                format!(
                    "expected a term ending by year 9999, found {term} years from {field} {}",
                    from.edtf()
                ),
            ));
        }
    }
}
