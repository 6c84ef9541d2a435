//! Questions of time about leases, answered honestly with fuzzy dates: the
//! end (given, or derived from start or signing + term, keeping the
//! precision), whether a lease is active on a day or expires before one
//! (yes, no or possibly), and the term remaining.

use crate::date::{FuzzyDate, Tri};
use crate::model::{Lease, LeaseStatus};
use chrono::{Datelike, NaiveDate};

pub use crate::model::EndBasis;

/// The lease's end and how it is known, when it can be known.
pub fn lease_end(l: &Lease) -> Option<(FuzzyDate, EndBasis)> {
    l.effective_end()
}

/// "Both": yes only if both are yes, no if either is no.
pub fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::No, _) | (_, Tri::No) => Tri::No,
        (Tri::Yes, Tri::Yes) => Tri::Yes,
        _ => Tri::Possibly,
    }
}

/// Is `day` strictly before the date? (An end date is the first day the
/// lease no longer runs.)
fn before(date: &FuzzyDate, day: NaiveDate) -> Tri {
    match (date.earliest(), date.latest()) {
        (Some(lo), _) if day < lo => Tri::Yes,
        (_, Some(hi)) if day >= hi => Tri::No,
        _ => Tri::Possibly,
    }
}

/// Is the lease in force on `day`? It runs from its start (or signing) to
/// its end, exclusive; unknown bounds make the answer "possibly".
pub fn active_on(l: &Lease, day: NaiveDate) -> Tri {
    if matches!(l.status, LeaseStatus::Cancelled) {
        return Tri::No;
    }
    let begun = match l.start.as_ref().or(l.signed.as_ref()) {
        Some(s) => s.on_or_before(day),
        None => Tri::Possibly,
    };
    let running = match lease_end(l) {
        Some((end, _)) => before(&end, day),
        None if l.status == LeaseStatus::Expired => Tri::No,
        None => Tri::Possibly,
    };
    and(begun, running)
}

/// Does the lease end before `day`? Unknown ends answer "possibly", unless
/// the lease was signed or began on or after `day`: no lease ends before it
/// begins.
pub fn expires_before(l: &Lease, day: NaiveDate) -> Tri {
    let begins_after = [&l.start, &l.signed]
        .into_iter()
        .flatten()
        .any(|d| d.earliest().is_some_and(|lo| lo >= day));
    if begins_after {
        return Tri::No;
    }
    match lease_end(l) {
        Some((end, _)) => match (end.earliest(), end.latest()) {
            (_, Some(hi)) if hi < day => Tri::Yes,
            (Some(lo), _) if lo >= day => Tri::No,
            _ => Tri::Possibly,
        },
        None => Tri::Possibly,
    }
}

/// Whole months from `a` to `b` (negative when `b` is earlier), counting a
/// month only once its day is reached.
fn months_between(a: NaiveDate, b: NaiveDate) -> i32 {
    let mut m = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    if m > 0 && b.day() < a.day() {
        m -= 1;
    } else if m < 0 && b.day() > a.day() {
        m += 1;
    }
    m
}

fn years_months(months: i32) -> String {
    let (y, m) = (months / 12, months % 12);
    match (y, m) {
        (0, m) => format!("{m} month{}", if m == 1 { "" } else { "s" }),
        (y, 0) => format!("{y} year{}", if y == 1 { "" } else { "s" }),
        (y, m) => format!("{y}y {m}m"),
    }
}

/// The term remaining on `as_of`, in words: "15y 9m", a range when the end
/// is fuzzy ("15y 3m – 16y 3m"), "ended", or empty when the end is unknown.
pub fn remaining(l: &Lease, as_of: NaiveDate) -> Option<String> {
    let (end, _) = lease_end(l)?;
    let (lo, hi) = (end.earliest()?, end.latest()?);
    if as_of >= hi {
        return Some("ended".to_string());
    }
    let least = months_between(as_of, lo).max(0);
    let most = months_between(as_of, hi).max(0);
    Some(if least == most {
        years_months(least)
    } else if as_of >= lo {
        format!("up to {}", years_months(most))
    } else {
        format!("{} – {}", years_months(least), years_months(most))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Certainty, List};

    fn lease(
        signed: Option<&str>,
        start: Option<&str>,
        end: Option<&str>,
        term: Option<u32>,
    ) -> Lease {
        let d = |s: Option<&str>| s.map(|s| FuzzyDate::parse(s).unwrap());
        Lease {
            id: "l".into(),
            port: "p".into(),
            docks: List::default(),
            lessor: None,
            lessee: None,
            lessee_country: None,
            rights: None,
            term_years: term,
            signed: d(signed),
            start: d(start),
            end: d(end),
            status: LeaseStatus::Signed,
            certainty: Certainty::Stated,
            notes: None,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn end_is_derived_from_start_then_signed() {
        let l = lease(Some("2012-09-01"), None, None, Some(30));
        assert_eq!(
            lease_end(&l).unwrap(),
            (
                FuzzyDate::parse("2042-09-01").unwrap(),
                EndBasis::SignedPlusTerm
            )
        );
        let l = lease(Some("2012-09-01"), Some("2013"), None, Some(30));
        assert_eq!(
            lease_end(&l).unwrap(),
            (FuzzyDate::parse("2043").unwrap(), EndBasis::StartPlusTerm)
        );
        let l = lease(Some("2012"), None, Some("2040"), Some(30));
        assert_eq!(lease_end(&l).unwrap().1, EndBasis::Given);
        assert!(lease_end(&lease(Some("2012"), None, None, None)).is_none());
    }

    #[test]
    fn active_on_around_an_exact_end() {
        let l = lease(Some("2012-09-01"), None, None, Some(30));
        assert_eq!(active_on(&l, day("2012-08-31")), Tri::No);
        assert_eq!(active_on(&l, day("2030-01-01")), Tri::Yes);
        assert_eq!(active_on(&l, day("2042-08-31")), Tri::Yes);
        assert_eq!(active_on(&l, day("2042-09-01")), Tri::No);
    }

    #[test]
    fn active_on_around_a_fuzzy_end() {
        // Signed "c. 2012" (2011–2013) + 30 years: ends 2041–2043.
        let l = lease(Some("2012~"), None, None, Some(30));
        assert_eq!(active_on(&l, day("2040-12-31")), Tri::Yes);
        assert_eq!(active_on(&l, day("2041-01-01")), Tri::Possibly);
        assert_eq!(active_on(&l, day("2043-12-30")), Tri::Possibly);
        assert_eq!(active_on(&l, day("2043-12-31")), Tri::No);
        assert_eq!(active_on(&l, day("2012-06-01")), Tri::Possibly);
        assert_eq!(active_on(&l, day("2010-12-31")), Tri::No);
    }

    #[test]
    fn unknown_term_is_possibly_active_after_signing() {
        let l = lease(Some("2008"), None, None, None);
        assert_eq!(active_on(&l, day("2030-01-01")), Tri::Possibly);
        assert_eq!(active_on(&l, day("2007-01-01")), Tri::No);
        assert_eq!(expires_before(&l, day("2030-01-01")), Tri::Possibly);
    }

    #[test]
    fn expiring_before() {
        let l = lease(Some("2012~"), None, None, Some(30));
        assert_eq!(expires_before(&l, day("2041-01-01")), Tri::No);
        assert_eq!(expires_before(&l, day("2042-06-01")), Tri::Possibly);
        assert_eq!(expires_before(&l, day("2044-01-01")), Tri::Yes);
    }

    #[test]
    fn remaining_term() {
        let l = lease(Some("2012-09-01"), None, None, Some(30));
        assert_eq!(remaining(&l, day("2026-11-23")).unwrap(), "15y 9m");
        assert_eq!(remaining(&l, day("2042-09-01")).unwrap(), "ended");
        let fuzzy = lease(Some("2012~"), None, None, Some(30));
        assert_eq!(
            remaining(&fuzzy, day("2026-11-23")).unwrap(),
            "14y 1m – 17y 1m"
        );
        assert!(remaining(&lease(Some("2008"), None, None, None), day("2026-01-01")).is_none());
    }
}
