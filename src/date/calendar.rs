//! Calendar helpers: leap years, month lengths and names, ISO text, spans of days.

use super::*;

pub(super) fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(super) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub(super) fn month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTH_NAMES.get(i as usize))
        .copied()
        .unwrap_or("?")
}

pub(super) fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

pub(super) fn end_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    ymd(year, month, days_in_month(year, month))
}

pub(super) fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// 10^xs for the number of X digits in a year.
pub(super) fn x_span(xs: u32) -> i32 {
    10_i32.pow(xs.min(4))
}

/// A span of days, first and last; `None` is -∞ (first) or +∞ (last).
pub(super) type Span = (Option<NaiveDate>, Option<NaiveDate>);

/// Do two spans share a day?
pub(super) fn intersects(a: Span, b: Span) -> bool {
    let lo = match (a.0, b.0) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) | (None, x) => x,
    };
    let hi = match (a.1, b.1) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) | (None, x) => x,
    };
    match (lo, hi) {
        (Some(lo), Some(hi)) => lo <= hi,
        _ => true,
    }
}

/// Is `inner` within `outer`?
pub(super) fn within(inner: Span, outer: Span) -> bool {
    let lo_ok = match (inner.0, outer.0) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(i), Some(o)) => i >= o,
    };
    let hi_ok = match (inner.1, outer.1) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(i), Some(o)) => i <= o,
    };
    lo_ok && hi_ok
}
