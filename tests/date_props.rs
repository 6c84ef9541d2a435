//! Property tests for `nkport::date`: generated EDTF dates round-trip, keep
//! their bounds ordered, and answer the three-valued questions consistently.

use chrono::{Datelike, NaiveDate};
use nkport::date::{FuzzyDate, Tri};
use proptest::prelude::*;

fn days_in_month(year: u32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny as i32, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

/// A valid EDTF point (any level 0/1 form, any qualifier).
fn point() -> impl Strategy<Value = String> {
    let year = 0u32..=9999;
    let core = prop_oneof![
        (year.clone(), 1u32..=12, 1u32..=31)
            .prop_map(|(y, m, d)| { format!("{y:04}-{m:02}-{:02}", d.min(days_in_month(y, m))) }),
        (year.clone(), 1u32..=12).prop_map(|(y, m)| format!("{y:04}-{m:02}")),
        (year.clone(), 21u32..=24).prop_map(|(y, s)| format!("{y:04}-{s}")),
        year.clone().prop_map(|y| format!("{y:04}")),
        (year.clone(), 1usize..=3).prop_map(|(y, xs)| {
            let digits = format!("{y:04}");
            format!("{}{}", &digits[..4 - xs], "X".repeat(xs))
        }),
        year.clone().prop_map(|y| format!("{y:04}-XX")),
        year.clone().prop_map(|y| format!("{y:04}-XX-XX")),
        (year, 1u32..=12).prop_map(|(y, m)| format!("{y:04}-{m:02}-XX")),
    ];
    let qual = prop_oneof![Just(""), Just("?"), Just("~"), Just("%")];
    (core, qual).prop_map(|(c, q)| format!("{c}{q}"))
}

/// One side of an interval: a point, open (`..`) or unknown (empty).
fn side() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => point(),
        1 => Just("..".to_string()),
        1 => Just(String::new()),
    ]
}

/// A valid date: a point, or an interval whose start is not after its end.
fn date() -> impl Strategy<Value = FuzzyDate> {
    let text = prop_oneof![
        point(),
        (side(), side()).prop_map(|(a, b)| format!("{a}/{b}"))
    ];
    text.prop_filter_map("not a valid interval", |s| FuzzyDate::parse(&s).ok())
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (0i32..=9999, 1u32..=366).prop_map(|(y, o)| {
        NaiveDate::from_yo_opt(y, o)
            .or_else(|| NaiveDate::from_yo_opt(y, 365))
            .unwrap_or(NaiveDate::MIN)
    })
}

/// Is `day` within `earliest ..= latest` (`None` = unbounded)?
fn in_bounds(f: &FuzzyDate, day: NaiveDate) -> bool {
    f.earliest().is_none_or(|e| e <= day) && f.latest().is_none_or(|l| day <= l)
}

proptest! {
    #[test]
    fn generated_points_parse_and_round_trip(s in point()) {
        let f = FuzzyDate::parse(&s);
        prop_assert!(f.is_ok(), "{s:?}: {:?}", f.err().map(|e| e.to_string()));
        let f = f.unwrap();
        prop_assert_eq!(f.edtf(), s.as_str());
        prop_assert_eq!(FuzzyDate::parse(f.edtf()).ok(), Some(f.clone()));
        prop_assert!(!f.is_interval());
        prop_assert!(f.earliest().is_some() && f.latest().is_some());
        prop_assert_eq!(f.add_years(0).ok(), Some(f));
    }

    #[test]
    fn intervals_parse_exactly_when_well_formed(a in side(), b in side()) {
        let text = format!("{a}/{b}");
        let parsed = FuzzyDate::parse(&text);
        let pa = FuzzyDate::parse(&a).ok();
        let pb = FuzzyDate::parse(&b).ok();
        let expect_ok = match (&pa, &pb) {
            (Some(x), Some(y)) => x.earliest() <= y.latest(),
            (None, None) => false,
            _ => true,
        };
        prop_assert_eq!(parsed.is_ok(), expect_ok, "{}", text);
        if let Ok(f) = parsed {
            prop_assert!(f.is_interval());
            prop_assert_eq!(f.edtf(), text.as_str());
            prop_assert_eq!(f.earliest(), pa.and_then(|x| x.earliest()));
            prop_assert_eq!(f.latest(), pb.and_then(|y| y.latest()));
        }
    }

    #[test]
    fn round_trip_and_ordered_bounds(f in date()) {
        prop_assert_eq!(FuzzyDate::parse(f.edtf()).ok(), Some(f.clone()));
        prop_assert_eq!(f.to_string().parse::<FuzzyDate>().ok(), Some(f.clone()));
        if let (Some(e), Some(l)) = (f.earliest(), f.latest()) {
            prop_assert!(e <= l);
        }
        prop_assert_eq!(f.add_years(0).ok(), Some(f.clone()));
        let json = serde_json::to_string(&f).unwrap();
        prop_assert_eq!(serde_json::from_str::<FuzzyDate>(&json).ok(), Some(f.clone()));
        let plain = serde_json::to_string(f.edtf()).unwrap();
        prop_assert_eq!(serde_json::from_str::<FuzzyDate>(&plain).ok(), Some(f));
    }

    #[test]
    fn ord_is_consistent(a in date(), b in date()) {
        let (ab, ba) = (a.cmp(&b), b.cmp(&a));
        prop_assert_eq!(ab, ba.reverse());
        prop_assert_eq!(ab.is_eq(), a == b);
        if let (Some(l), Some(e)) = (a.latest(), b.earliest())
            && l < e
        {
            prop_assert!(a < b);
        }
    }

    #[test]
    fn overlaps_is_symmetric_and_agrees_with_bounds(a in date(), b in date(), d in day()) {
        let t = a.overlaps(&b);
        prop_assert_eq!(t, b.overlaps(&a));
        let disjoint = matches!((a.latest(), b.earliest()), (Some(l), Some(e)) if l < e)
            || matches!((b.latest(), a.earliest()), (Some(l), Some(e)) if l < e);
        prop_assert_eq!(t == Tri::No, disjoint);
        // A day certainly in both: they certainly overlap.
        if a.contains(d) == Tri::Yes && b.contains(d) == Tri::Yes {
            prop_assert_eq!(t, Tri::Yes);
        }
        // A day possibly in both: they possibly overlap.
        if a.contains(d) != Tri::No && b.contains(d) != Tri::No {
            prop_assert_ne!(t, Tri::No);
        }
        // Every date may share a day with itself.
        prop_assert_ne!(a.overlaps(&a), Tri::No);
    }

    #[test]
    fn contains_agrees_with_bounds(f in date(), d in day()) {
        let t = f.contains(d);
        prop_assert_eq!(t == Tri::No, !in_bounds(&f, d));
        prop_assert_eq!(t, f.overlaps(&FuzzyDate::day(d)));
        if f.is_exact_day() {
            prop_assert_eq!(t == Tri::Yes, f.earliest() == Some(d));
        }
    }

    #[test]
    fn on_or_before_agrees_with_bounds(f in date(), d in day()) {
        let want = if f.latest().is_some_and(|l| d >= l) {
            Tri::Yes
        } else if f.earliest().is_some_and(|e| d < e) {
            Tri::No
        } else {
            Tri::Possibly
        };
        prop_assert_eq!(f.on_or_before(d), want);
    }

    #[test]
    fn add_years_moves_the_bounds(f in date(), n in -300i32..=300) {
        if let Ok(g) = f.add_years(n) {
            prop_assert_eq!(g.is_uncertain(), f.is_uncertain());
            prop_assert_eq!(g.is_approximate(), f.is_approximate());
            prop_assert_eq!(g.earliest().is_some(), f.earliest().is_some());
            prop_assert_eq!(g.latest().is_some(), f.latest().is_some());
            let edge = |x: Option<NaiveDate>| {
                x.is_some_and(|x| x == NaiveDate::from_ymd_opt(0, 1, 1).unwrap()
                    || x == NaiveDate::from_ymd_opt(9999, 12, 31).unwrap())
            };
            // `~` widens a day by a day on each side, so a bound next to
            // February's end lands a day apart in a leap year and another
            // (2001-02-28~ ends on 03-01, 2004-02-28~ on 02-29): within a
            // day of the bound moved by n years, for an approximate date;
            // the same year and month otherwise.
            let moved = |a: NaiveDate| {
                a.with_year(a.year() + n)
                    .or_else(|| NaiveDate::from_ymd_opt(a.year() + n, a.month(), 28))
            };
            for (a, b) in [(f.earliest(), g.earliest()), (f.latest(), g.latest())] {
                if edge(a) || edge(b) {
                    continue;
                }
                let (Some(a), Some(b)) = (a, b) else { continue };
                if f.is_approximate() {
                    let want = moved(a);
                    prop_assert!(
                        want.is_some_and(|w| (b - w).num_days().abs() <= 1),
                        "{} moved by {} years: {} is not within a day of {:?}", a, n, b, want
                    );
                } else {
                    prop_assert_eq!(b.year(), a.year() + n);
                    prop_assert_eq!(b.month(), a.month());
                }
            }
        }
    }

    #[test]
    fn parse_never_panics_on_any_string(s in any::<String>()) {
        let _ = FuzzyDate::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_edtf_like_strings(s in "[0-9X?~%/.-]{0,14}") {
        if let Ok(f) = FuzzyDate::parse(&s) {
            prop_assert_eq!(f.edtf(), s.trim());
            prop_assert_eq!(FuzzyDate::parse(f.edtf()).ok(), Some(f.clone()));
            if let (Some(e), Some(l)) = (f.earliest(), f.latest()) {
                prop_assert!(e <= l);
            }
            prop_assert_eq!(f.add_years(0).ok(), Some(f));
        }
    }

    #[test]
    fn parse_never_panics_near_valid_dates(s in point(), junk in "[ -~\u{80}-\u{10ffff}]{0,3}", at in 0usize..12) {
        let mut t: Vec<char> = s.chars().collect();
        let at = at.min(t.len());
        t.splice(at..at, junk.chars());
        let t: String = t.into_iter().collect();
        let _ = FuzzyDate::parse(&t);
    }
}
