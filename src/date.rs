//! Fuzzy dates: EDTF (the Library of Congress Extended Date/Time Format),
//! levels 0 and 1, as used by every `(date)` column of the data package.
//!
//! A [`FuzzyDate`] is a point (`2012-09-01`, `2012-09`, `2012`, `2001-21`,
//! `199X`, `2012-XX`, each optionally followed by `?`, `~` or `%`) or an
//! interval of two such points (`1995/1997`), where either side may instead be
//! open (`..`) or unknown (empty). Every date has a possible span
//! [`earliest`](FuzzyDate::earliest) ..= [`latest`](FuzzyDate::latest) and the
//! comparisons ([`FuzzyDate::on_or_before`], [`FuzzyDate::contains`],
//! [`FuzzyDate::overlaps`]) answer with a three-valued [`Tri`].
//!
//! Rules beyond DATA.md, decided here:
//! - `~` and `%` widen a point by one unit of its finest *written* component:
//!   a day for `2012-09-01` and `2012-09-XX`, a month for `2012-09` and
//!   `2012-XX`, a season (three months) for `2001-21`, a year for `2012` and
//!   `199X`. `?` only flags.
//! - Bounds are clamped to 0000-01-01 ..= 9999-12-31 (`9999~` ends on
//!   9999-12-31, not in 10000).
//! - Only uppercase `X`, only trailing `X`s in a year, and at least the first
//!   digit of a year must be given (`X012`, `XXXX`, `199x` are rejected).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::de::{self, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a valid date looks like, the start of every parse error message.
const EXPECTED: &str = "an EDTF date such as 2012-09-01, 2012-09, 2012, 199X, 2012~ or 1995/1997";

/// How many characters of a rejected input an error message quotes.
const QUOTE_CHARS: usize = 60;

/// The first representable day.
const MIN_DAY: NaiveDate = match NaiveDate::from_ymd_opt(0, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last representable day.
const MAX_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Today's date in the local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

// ---------------------------------------------------------------------------
// Public small types
// ---------------------------------------------------------------------------

/// Why a text is not a valid fuzzy date, or why a date cannot be moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// The rejected text (shortened), for parse errors.
    found: Option<String>,
    /// The specific reason.
    reason: String,
}

impl DateError {
    fn parse(found: &str, reason: impl Into<String>) -> DateError {
        DateError {
            found: Some(shorten(found)),
            reason: reason.into(),
        }
    }

    fn other(reason: impl Into<String>) -> DateError {
        DateError {
            found: None,
            reason: reason.into(),
        }
    }

    /// The specific reason alone (e.g. `month 13 out of range (01–12, or 21–24 for a season)`),
    /// without the "expected … found …" preamble of the [`Display`](fmt::Display) text.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.found {
            Some(found) => write!(f, "expected {EXPECTED}, found {found:?}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for DateError {}

/// `s`, cut to [`QUOTE_CHARS`] characters (marked with `…`) for an error message.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(QUOTE_CHARS).collect();
    if s.chars().nth(QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The precision of a single point (finest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// A day: `2012-09-01`.
    Day,
    /// A month: `2012-09`, or a day left unspecified: `2012-09-XX`.
    Month,
    /// A season: `2001-21` … `2001-24`.
    Season,
    /// A year: `2012`, or a month left unspecified: `2012-XX`, `2012-XX-XX`.
    Year,
    /// A decade: `199X`.
    Decade,
    /// A century: `19XX`.
    Century,
    /// A millennium: `1XXX`.
    Millennium,
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Century => "century",
            Precision::Millennium => "millennium",
        })
    }
}

/// A three-valued answer: a fuzzy date can make a question undecidable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tri {
    /// Certainly.
    Yes,
    /// Certainly not.
    No,
    /// Depends on where in its span the date really lies.
    Possibly,
}

impl fmt::Display for Tri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tri::Yes => "yes",
            Tri::No => "no",
            Tri::Possibly => "possibly",
        })
    }
}

// ---------------------------------------------------------------------------
// Internal representation
// ---------------------------------------------------------------------------

/// The qualifier suffix of a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Qual {
    None,
    /// `?`
    Uncertain,
    /// `~`
    Approximate,
    /// `%`
    Both,
}

impl Qual {
    fn is_uncertain(self) -> bool {
        matches!(self, Qual::Uncertain | Qual::Both)
    }

    fn is_approximate(self) -> bool {
        matches!(self, Qual::Approximate | Qual::Both)
    }

    fn suffix(self) -> &'static str {
        match self {
            Qual::None => "",
            Qual::Uncertain => "?",
            Qual::Approximate => "~",
            Qual::Both => "%",
        }
    }
}

/// What a point says, before qualifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `YYYY-MM-DD`
    Day { year: i32, month: u32, day: u32 },
    /// `YYYY-MM`
    Month { year: i32, month: u32 },
    /// `YYYY-SS`, SS in 21..=24
    Season { year: i32, season: u32 },
    /// `YYYY`
    Year { year: i32 },
    /// `YYYX`, `YYXX`, `YXXX`: `base` has the X digits zeroed, `xs` in 1..=3.
    XYear { base: i32, xs: u32 },
    /// `YYYY-XX`
    XMonth { year: i32 },
    /// `YYYY-XX-XX`
    XMonthXDay { year: i32 },
    /// `YYYY-MM-XX`
    XDay { year: i32, month: u32 },
}

/// How far `~` widens a point on each side.
#[derive(Clone, Copy)]
enum Unit {
    Day,
    Months(u32),
}

/// A single point with its (widened, clamped) bounds.
#[derive(Clone, Copy, Debug)]
struct Point {
    shape: Shape,
    qual: Qual,
    earliest: NaiveDate,
    latest: NaiveDate,
}

/// One side of an interval.
#[derive(Clone, Copy, Debug)]
enum End {
    Point(Point),
    /// `..`
    Open,
    /// empty
    Unknown,
}

impl End {
    fn point(&self) -> Option<&Point> {
        match self {
            End::Point(p) => Some(p),
            End::Open | End::Unknown => None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Body {
    Single(Point),
    Interval(End, End),
}

/// An EDTF (level 0 or 1) date: a point or an interval, possibly vague.
///
/// Equality and hashing are by the canonical EDTF text ([`FuzzyDate::edtf`]);
/// ordering is by earliest (unknown first), then latest (unknown last), then text.
#[derive(Clone)]
pub struct FuzzyDate {
    text: String,
    body: Body,
}

// ---------------------------------------------------------------------------
// Calendar helpers
// ---------------------------------------------------------------------------

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTH_NAMES.get(i as usize))
        .copied()
        .unwrap_or("?")
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn end_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    ymd(year, month, days_in_month(year, month))
}

fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// 10^xs for the number of X digits in a year.
fn x_span(xs: u32) -> i32 {
    10_i32.pow(xs.min(4))
}

/// A span of days, first and last; `None` is -∞ (first) or +∞ (last).
type Span = (Option<NaiveDate>, Option<NaiveDate>);

/// Do two spans share a day?
fn intersects(a: Span, b: Span) -> bool {
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
fn within(inner: Span, outer: Span) -> bool {
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

// ---------------------------------------------------------------------------
// Points: bounds, text, human text
// ---------------------------------------------------------------------------

impl Shape {
    /// Unwidened bounds and the widening unit.
    fn span(self) -> Option<(NaiveDate, NaiveDate, Unit)> {
        Some(match self {
            Shape::Day { year, month, day } => {
                let d = ymd(year, month, day)?;
                (d, d, Unit::Day)
            }
            Shape::Month { year, month } => (
                ymd(year, month, 1)?,
                end_of_month(year, month)?,
                Unit::Months(1),
            ),
            Shape::Season { year, season } => {
                let (first, last, last_year) = match season {
                    21 => (3, 5, year),
                    22 => (6, 8, year),
                    23 => (9, 11, year),
                    _ => (12, 2, year + 1),
                };
                (
                    ymd(year, first, 1)?,
                    end_of_month(last_year, last)?,
                    Unit::Months(3),
                )
            }
            Shape::Year { year } => (ymd(year, 1, 1)?, ymd(year, 12, 31)?, Unit::Months(12)),
            Shape::XYear { base, xs } => (
                ymd(base, 1, 1)?,
                ymd(base + x_span(xs) - 1, 12, 31)?,
                Unit::Months(12),
            ),
            Shape::XMonth { year } => (ymd(year, 1, 1)?, ymd(year, 12, 31)?, Unit::Months(1)),
            Shape::XMonthXDay { year } => (ymd(year, 1, 1)?, ymd(year, 12, 31)?, Unit::Day),
            Shape::XDay { year, month } => {
                (ymd(year, month, 1)?, end_of_month(year, month)?, Unit::Day)
            }
        })
    }

    fn precision(self) -> Precision {
        match self {
            Shape::Day { .. } => Precision::Day,
            Shape::Month { .. } | Shape::XDay { .. } => Precision::Month,
            Shape::Season { .. } => Precision::Season,
            Shape::Year { .. } | Shape::XMonth { .. } | Shape::XMonthXDay { .. } => Precision::Year,
            Shape::XYear { xs: 1, .. } => Precision::Decade,
            Shape::XYear { xs: 2, .. } => Precision::Century,
            Shape::XYear { .. } => Precision::Millennium,
        }
    }

    /// The EDTF text (without qualifier).
    fn edtf(self) -> String {
        match self {
            Shape::Day { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Shape::Month { year, month } => format!("{year:04}-{month:02}"),
            Shape::Season { year, season } => format!("{year:04}-{season:02}"),
            Shape::Year { year } => format!("{year:04}"),
            Shape::XYear { base, xs } => {
                let digits = format!("{base:04}");
                let keep = digits.len().saturating_sub(xs as usize);
                let mut out: String = digits.chars().take(keep).collect();
                out.extend(std::iter::repeat_n('X', xs as usize));
                out
            }
            Shape::XMonth { year } => format!("{year:04}-XX"),
            Shape::XMonthXDay { year } => format!("{year:04}-XX-XX"),
            Shape::XDay { year, month } => format!("{year:04}-{month:02}-XX"),
        }
    }

    /// Human text (without qualifier).
    fn human(self) -> String {
        match self {
            Shape::Day { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Shape::Month { year, month } | Shape::XDay { year, month } => {
                format!("{} {year:04}", month_name(month))
            }
            Shape::Season { year, season } => match season {
                21 => format!("spring {year:04}"),
                22 => format!("summer {year:04}"),
                23 => format!("autumn {year:04}"),
                _ => format!("winter {year:04}–{:04}", year + 1),
            },
            Shape::Year { year } | Shape::XMonth { year } | Shape::XMonthXDay { year } => {
                format!("{year:04}")
            }
            Shape::XYear { base, xs } => {
                let span = x_span(xs);
                // "1990s" / "1900s" unless that would be read as a coarser span
                // (190X is "1900–1909", 20XX is "2000–2099").
                if xs < 3 && base % (span * 10) != 0 {
                    format!("{base:04}s")
                } else {
                    format!("{base:04}–{:04}", base + span - 1)
                }
            }
        }
    }
}

impl Point {
    fn new(shape: Shape, qual: Qual) -> Option<Point> {
        let (mut earliest, mut latest, unit) = shape.span()?;
        if qual.is_approximate() {
            match unit {
                Unit::Day => {
                    earliest = earliest.pred_opt()?;
                    latest = latest.succ_opt()?;
                }
                Unit::Months(k) => {
                    earliest = earliest.checked_sub_months(Months::new(k))?;
                    latest = latest
                        .with_day(1)?
                        .checked_add_months(Months::new(k + 1))?
                        .checked_sub_days(Days::new(1))?;
                }
            }
        }
        Some(Point {
            shape,
            qual,
            earliest: earliest.clamp(MIN_DAY, MAX_DAY),
            latest: latest.clamp(MIN_DAY, MAX_DAY),
        })
    }

    fn human(&self) -> String {
        let core = self.shape.human();
        match self.qual {
            Qual::None => core,
            Qual::Uncertain => format!("{core}?"),
            Qual::Approximate => format!("c. {core}"),
            Qual::Both => format!("c. {core}?"),
        }
    }
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Rejects any character that can never occur in an EDTF date, with a reason.
fn check_chars(s: &str) -> Result<(), String> {
    for (pos, c) in s.chars().enumerate() {
        let ok = c.is_ascii_digit() || matches!(c, 'X' | '-' | '/' | '.' | '?' | '~' | '%');
        if ok {
            continue;
        }
        let at = pos + 1;
        return Err(if c.is_whitespace() {
            format!("white space inside the date (character {at})")
        } else if c == 'x' {
            format!(
                "unspecified digits are written with an uppercase X, found 'x' (character {at})"
            )
        } else if c == 'T' || c == ':' {
            format!("times are not supported, found {c:?} (character {at})")
        } else if c.is_numeric() {
            format!("only the ASCII digits 0-9 are allowed, found {c:?} (character {at})")
        } else {
            format!("unexpected character {c:?} (character {at})")
        });
    }
    Ok(())
}

/// Parses one point (ASCII only, already checked by [`check_chars`]).
fn parse_point(s: &str) -> Result<Point, String> {
    if s.contains('.') {
        return Err("'..' (an open end) can only stand alone on one side of an interval".into());
    }
    if s.contains('/') {
        return Err("more than one '/'".into());
    }
    let is_qual = |b: u8| matches!(b, b'?' | b'~' | b'%');
    let bytes = s.as_bytes();
    let (body, qual) = match bytes.last() {
        Some(b'?') => (&bytes[..bytes.len() - 1], Qual::Uncertain),
        Some(b'~') => (&bytes[..bytes.len() - 1], Qual::Approximate),
        Some(b'%') => (&bytes[..bytes.len() - 1], Qual::Both),
        _ => (bytes, Qual::None),
    };
    if body.last().is_some_and(|&b| is_qual(b)) {
        return Err("more than one qualifier (use % for uncertain and approximate)".into());
    }
    if body.iter().any(|&b| is_qual(b)) {
        return Err("a qualifier (?, ~ or %) may only come at the end of a date".into());
    }
    if body.is_empty() {
        return Err(if qual == Qual::None {
            "no date".into()
        } else {
            "a qualifier needs a date before it".into()
        });
    }
    if body.first() == Some(&b'-') {
        return Err("negative years are not supported (years are 0000–9999)".into());
    }
    let parts: Vec<&[u8]> = body.split(|&b| b == b'-').collect();
    if parts.len() > 3 {
        return Err("too many parts (at most year-month-day)".into());
    }
    let show = |p: &[u8]| shorten(&String::from_utf8_lossy(p));

    // Year: four characters, digits then possibly trailing X's.
    let year_part = parts.first().copied().unwrap_or_default();
    if year_part.len() != 4 {
        return Err(format!(
            "the year must have 4 digits (0000–9999), found {:?}",
            show(year_part)
        ));
    }
    let xs = year_part.iter().rev().take_while(|&&b| b == b'X').count();
    let digits = &year_part[..4 - xs];
    if year_part.first() == Some(&b'X') {
        return Err(
            "the first digit of the year must be given (only trailing X's are allowed)".into(),
        );
    }
    if digits.contains(&b'X') {
        return Err(format!(
            "unspecified digits (X) may only end the year, found {:?}",
            show(year_part)
        ));
    }
    let year = digits
        .iter()
        .fold(0_i32, |acc, &b| acc * 10 + i32::from(b - b'0'));
    if xs > 0 {
        if parts.len() > 1 {
            return Err(
                "a year with unspecified digits (such as 199X) cannot have a month or day".into(),
            );
        }
        let xs = xs as u32;
        let shape = Shape::XYear {
            base: year * x_span(xs),
            xs,
        };
        return Point::new(shape, qual).ok_or_else(|| "date out of range".into());
    }

    let two = |p: &[u8], what: &str| -> Result<Option<u32>, String> {
        if p.is_empty() {
            return Err(format!("the {what} is missing after '-'"));
        }
        if p.len() != 2 {
            return Err(format!(
                "the {what} must have 2 digits, found {:?}",
                show(p)
            ));
        }
        if p == b"XX" {
            return Ok(None);
        }
        if p.contains(&b'X') {
            return Err(format!(
                "the {what} must be two digits or XX, found {:?}",
                show(p)
            ));
        }
        Ok(Some(
            p.iter()
                .fold(0_u32, |acc, &b| acc * 10 + u32::from(b - b'0')),
        ))
    };

    let shape = match parts.as_slice() {
        [_] => Shape::Year { year },
        [_, m] => match two(m, "month")? {
            None => Shape::XMonth { year },
            Some(month @ 1..=12) => Shape::Month { year, month },
            Some(season @ 21..=24) => Shape::Season { year, season },
            Some(_) => {
                return Err(format!(
                    "month {} out of range (01–12, or 21–24 for a season)",
                    show(m)
                ));
            }
        },
        [_, m, d] => {
            let month = two(m, "month")?;
            let day = two(d, "day")?;
            match (month, day) {
                (None, None) => Shape::XMonthXDay { year },
                (None, Some(_)) => {
                    return Err("a day cannot be given when the month is unspecified (XX)".into());
                }
                (Some(21..=24), _) => return Err("a season (21–24) cannot have a day".into()),
                (Some(month @ 1..=12), None) => Shape::XDay { year, month },
                (Some(month @ 1..=12), Some(day)) => {
                    let max = days_in_month(year, month);
                    if day == 0 || day > max {
                        return Err(format!(
                            "day {} out of range for {} {year:04} (01–{max:02})",
                            show(d),
                            month_name(month)
                        ));
                    }
                    Shape::Day { year, month, day }
                }
                (Some(_), _) => return Err(format!("month {} out of range (01–12)", show(m))),
            }
        }
        _ => return Err("too many parts (at most year-month-day)".into()),
    };
    Point::new(shape, qual).ok_or_else(|| "date out of range".into())
}

fn parse_end(s: &str) -> Result<End, String> {
    match s {
        "" => Ok(End::Unknown),
        ".." => Ok(End::Open),
        _ => parse_point(s).map(End::Point),
    }
}

// ---------------------------------------------------------------------------
// FuzzyDate
// ---------------------------------------------------------------------------

impl FuzzyDate {
    /// Parses an EDTF level 0/1 date. Outer white space is trimmed; anything
    /// else that is not a valid date (including a start after the end) is an
    /// error. Never panics.
    pub fn parse(s: &str) -> Result<FuzzyDate, DateError> {
        let s = s.trim();
        let fail = |reason: String| DateError::parse(s, reason);
        if s.is_empty() {
            return Err(fail("the text is empty".into()));
        }
        check_chars(s).map_err(fail)?;
        let body = match s.split_once('/') {
            None => Body::Single(parse_point(s).map_err(fail)?),
            Some((left, right)) => {
                if right.contains('/') {
                    return Err(fail("more than one '/'".into()));
                }
                let start = parse_end(left).map_err(|r| fail(format!("interval start: {r}")))?;
                let end = parse_end(right).map_err(|r| fail(format!("interval end: {r}")))?;
                match (&start, &end) {
                    (End::Point(a), End::Point(b)) => {
                        if a.earliest > b.latest {
                            return Err(fail("interval start after end".into()));
                        }
                    }
                    (End::Point(_), _) | (_, End::Point(_)) => {}
                    _ => return Err(fail("an interval needs a date on at least one side".into())),
                }
                Body::Interval(start, end)
            }
        };
        Ok(FuzzyDate {
            text: s.to_string(),
            body,
        })
    }

    /// An exact day. Days outside 0000–9999 are clamped to
    /// 0000-01-01 / 9999-12-31.
    pub fn day(d: NaiveDate) -> FuzzyDate {
        let d = d.clamp(MIN_DAY, MAX_DAY);
        let point = Point {
            shape: Shape::Day {
                year: d.year(),
                month: d.month(),
                day: d.day(),
            },
            qual: Qual::None,
            earliest: d,
            latest: d,
        };
        FuzzyDate {
            text: iso(d),
            body: Body::Single(point),
        }
    }

    /// The EDTF text: the input, trimmed (for example `199X`, `1990~/1993~`).
    pub fn edtf(&self) -> &str {
        &self.text
    }

    /// The first day this date can be; `None` for an open or unknown start.
    pub fn earliest(&self) -> Option<NaiveDate> {
        match &self.body {
            Body::Single(p) => Some(p.earliest),
            Body::Interval(start, _) => start.point().map(|p| p.earliest),
        }
    }

    /// The last day this date can be; `None` for an open or unknown end.
    pub fn latest(&self) -> Option<NaiveDate> {
        match &self.body {
            Body::Single(p) => Some(p.latest),
            Body::Interval(_, end) => end.point().map(|p| p.latest),
        }
    }

    /// Is this an interval (`start/end`)?
    pub fn is_interval(&self) -> bool {
        matches!(self.body, Body::Interval(..))
    }

    /// Is this a single day with no qualifier (`2012-09-01`)?
    pub fn is_exact_day(&self) -> bool {
        matches!(
            self.body,
            Body::Single(Point {
                shape: Shape::Day { .. },
                qual: Qual::None,
                ..
            })
        )
    }

    fn points(&self) -> impl Iterator<Item = &Point> {
        let (a, b) = match &self.body {
            Body::Single(p) => (Some(p), None),
            Body::Interval(s, e) => (s.point(), e.point()),
        };
        a.into_iter().chain(b)
    }

    /// Is any point marked uncertain (`?` or `%`)?
    pub fn is_uncertain(&self) -> bool {
        self.points().any(|p| p.qual.is_uncertain())
    }

    /// Is any point marked approximate (`~` or `%`)?
    pub fn is_approximate(&self) -> bool {
        self.points().any(|p| p.qual.is_approximate())
    }

    /// The precision of the point, or of the interval's start (of its end
    /// when the start is open or unknown).
    pub fn precision(&self) -> Precision {
        self.points()
            .next()
            .map(|p| p.shape.precision())
            .unwrap_or(Precision::Millennium)
    }

    /// This date moved `years` later, keeping its precision, qualifiers and
    /// interval shape: `2012-09-01` + 30 = `2042-09-01`, `2012~` + 30 = `2042~`,
    /// `2012-09/2012-12` + 30 = `2042-09/2042-12`, `199X` + 30 = `2020/2029`
    /// (an X year that no longer aligns becomes an interval; as one side of an
    /// interval it becomes its first year at the start, its last year at the
    /// end, so the overall bounds move exactly). Feb 29 on a non-leap year
    /// becomes Feb 28. Open/unknown ends stay open/unknown. `years` may be
    /// negative. Errs if a year would leave 0000–9999.
    pub fn add_years(&self, years: i32) -> Result<FuzzyDate, DateError> {
        let fail = |reason: String| {
            DateError::other(format!(
                "cannot move {} by {years} years: {reason}",
                self.text
            ))
        };
        let text = match &self.body {
            Body::Single(p) => match shift_point(p, years).map_err(fail)? {
                Shifted::Point(s) => s,
                Shifted::Range(a, b) => format!("{a}/{b}"),
            },
            Body::Interval(start, end) => {
                let side = |e: &End, is_start: bool| -> Result<String, String> {
                    Ok(match e {
                        End::Open => "..".into(),
                        End::Unknown => String::new(),
                        End::Point(p) => match shift_point(p, years)? {
                            Shifted::Point(s) => s,
                            Shifted::Range(a, b) => {
                                if is_start {
                                    a
                                } else {
                                    b
                                }
                            }
                        },
                    })
                };
                format!(
                    "{}/{}",
                    side(start, true).map_err(fail)?,
                    side(end, false).map_err(fail)?
                )
            }
        };
        FuzzyDate::parse(&text).map_err(|e| fail(e.reason))
    }

    /// Has this date happened by `day`, i.e. is `day` on or after it?
    /// [`Tri::Yes`] if `day >= latest`, [`Tri::No`] if `day < earliest`,
    /// else [`Tri::Possibly`] (open and unknown ends count as unbounded).
    pub fn on_or_before(&self, day: NaiveDate) -> Tri {
        if self.latest().is_some_and(|l| day >= l) {
            Tri::Yes
        } else if self.earliest().is_some_and(|e| day < e) {
            Tri::No
        } else {
            Tri::Possibly
        }
    }

    /// Does the (possible) span of this date contain `day`?
    /// [`Tri::No`] if `day` is outside `earliest ..= latest`; [`Tri::Yes`] if
    /// the date is exactly that day (`earliest == latest == day`), or `day`
    /// lies in the certain part of an interval (from its start's latest to
    /// its end's earliest; an open side is unbounded, an unknown side leaves
    /// no certain part); else [`Tri::Possibly`].
    pub fn contains(&self, day: NaiveDate) -> Tri {
        let d = (Some(day), Some(day));
        if !within(d, self.possible()) {
            Tri::No
        } else if self.certain().is_some_and(|c| within(d, c)) || self.possible() == d {
            Tri::Yes
        } else {
            Tri::Possibly
        }
    }

    /// Could these two dates share a day? [`Tri::No`] if their bounds are
    /// disjoint; [`Tri::Yes`] if they certainly do (their certain parts meet,
    /// or one's whole possible span lies in the other's certain part); else
    /// [`Tri::Possibly`]. Symmetric.
    pub fn overlaps(&self, other: &FuzzyDate) -> Tri {
        let (pa, pb) = (self.possible(), other.possible());
        if !intersects(pa, pb) {
            return Tri::No;
        }
        let (ca, cb) = (self.certain(), other.certain());
        let meet = match (ca, cb) {
            (Some(a), Some(b)) => intersects(a, b),
            _ => false,
        };
        if meet || ca.is_some_and(|c| within(pb, c)) || cb.is_some_and(|c| within(pa, c)) {
            Tri::Yes
        } else {
            Tri::Possibly
        }
    }

    /// `earliest ..= latest`, `None` meaning unbounded.
    fn possible(&self) -> Span {
        (self.earliest(), self.latest())
    }

    /// The part of the span the date certainly covers, if any: an exact day
    /// itself; for an interval, from its start's latest to its end's earliest
    /// (`None` inside meaning unbounded, for an open side).
    fn certain(&self) -> Option<Span> {
        match &self.body {
            Body::Single(p) => (self.is_exact_day()).then_some((Some(p.earliest), Some(p.latest))),
            Body::Interval(start, end) => {
                let lo = match start {
                    End::Point(p) => Some(p.latest),
                    End::Open => None,
                    End::Unknown => return None,
                };
                let hi = match end {
                    End::Point(p) => Some(p.earliest),
                    End::Open => None,
                    End::Unknown => return None,
                };
                match (lo, hi) {
                    (Some(lo), Some(hi)) if lo > hi => None,
                    _ => Some((lo, hi)),
                }
            }
        }
    }

    /// Human text for a terminal: `2012-09-01`, `September 2012`, `c. 2012`,
    /// `2012?`, `1990s`, `spring 2001`, `1995–1997`, `2012 or later`,
    /// `until 1945`, `from 2012 (end unknown)`, `until 1945 (start unknown)`,
    /// `September–December 2012`.
    pub fn human(&self) -> String {
        match &self.body {
            Body::Single(p) => p.human(),
            Body::Interval(start, end) => match (start, end) {
                (End::Point(a), End::Point(b)) => human_range(a, b),
                (End::Point(a), End::Open) => format!("{} or later", a.human()),
                (End::Point(a), End::Unknown) => format!("from {} (end unknown)", a.human()),
                (End::Open, End::Point(b)) => format!("until {}", b.human()),
                (End::Unknown, End::Point(b)) => format!("until {} (start unknown)", b.human()),
                _ => self.text.clone(),
            },
        }
    }
}

fn human_range(a: &Point, b: &Point) -> String {
    if let (
        Shape::Month {
            year: ya,
            month: ma,
        },
        Shape::Month {
            year: yb,
            month: mb,
        },
        Qual::None,
        Qual::None,
    ) = (a.shape, b.shape, a.qual, b.qual)
        && ya == yb
    {
        return if ma == mb {
            a.human()
        } else {
            format!("{}–{} {ya:04}", month_name(ma), month_name(mb))
        };
    }
    format!("{}–{}", a.human(), b.human())
}

/// A point moved by some years: still a point, or (for a misaligned X year)
/// a first and last year.
enum Shifted {
    Point(String),
    Range(String, String),
}

/// The EDTF text of a point.
fn point_edtf(shape: Shape, qual: Qual) -> String {
    let mut s = shape.edtf();
    s.push_str(qual.suffix());
    s
}

fn shift_year(year: i32, years: i32) -> Result<i32, String> {
    let y = i64::from(year) + i64::from(years);
    if y > 9999 {
        Err(format!("year {y} is beyond 9999"))
    } else if y < 0 {
        Err(format!("year {y} is before 0000"))
    } else {
        i32::try_from(y).map_err(|_| format!("year {y} is out of range"))
    }
}

fn shift_point(p: &Point, years: i32) -> Result<Shifted, String> {
    let shape = match p.shape {
        Shape::Day { year, month, day } => {
            let year = shift_year(year, years)?;
            let day = day.min(days_in_month(year, month));
            Shape::Day { year, month, day }
        }
        Shape::Month { year, month } => Shape::Month {
            year: shift_year(year, years)?,
            month,
        },
        Shape::Season { year, season } => Shape::Season {
            year: shift_year(year, years)?,
            season,
        },
        Shape::Year { year } => Shape::Year {
            year: shift_year(year, years)?,
        },
        Shape::XMonth { year } => Shape::XMonth {
            year: shift_year(year, years)?,
        },
        Shape::XMonthXDay { year } => Shape::XMonthXDay {
            year: shift_year(year, years)?,
        },
        Shape::XDay { year, month } => Shape::XDay {
            year: shift_year(year, years)?,
            month,
        },
        Shape::XYear { base, xs } => {
            let span = x_span(xs);
            let first = shift_year(base, years)?;
            let last = shift_year(base + span - 1, years)?;
            if first % span == 0 {
                Shape::XYear { base: first, xs }
            } else {
                let q = p.qual.suffix();
                return Ok(Shifted::Range(
                    format!("{first:04}{q}"),
                    format!("{last:04}{q}"),
                ));
            }
        }
    };
    Ok(Shifted::Point(point_edtf(shape, p.qual)))
}

// ---------------------------------------------------------------------------
// Trait impls
// ---------------------------------------------------------------------------

impl fmt::Debug for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FuzzyDate").field(&self.text).finish()
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for FuzzyDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<FuzzyDate, DateError> {
        FuzzyDate::parse(s)
    }
}

impl PartialEq for FuzzyDate {
    fn eq(&self, other: &FuzzyDate) -> bool {
        self.text == other.text
    }
}

impl Eq for FuzzyDate {}

impl Hash for FuzzyDate {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Ord for FuzzyDate {
    fn cmp(&self, other: &FuzzyDate) -> Ordering {
        // `Option`'s order already puts `None` first, as wanted for earliest.
        let latest = match (self.latest(), other.latest()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => a.cmp(&b),
        };
        self.earliest()
            .cmp(&other.earliest())
            .then(latest)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for FuzzyDate {
    fn partial_cmp(&self, other: &FuzzyDate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("FuzzyDate", 3)?;
        st.serialize_field("edtf", &self.text)?;
        st.serialize_field("earliest", &self.earliest().map(iso))?;
        st.serialize_field("latest", &self.latest().map(iso))?;
        st.end()
    }
}

/// Accepts an EDTF string or an object with an `edtf` key.
struct FuzzyDateVisitor;

impl<'de> Visitor<'de> for FuzzyDateVisitor {
    type Value = FuzzyDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{EXPECTED}, as a string or as an object with an \"edtf\" key"
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FuzzyDate, E> {
        FuzzyDate::parse(v).map_err(E::custom)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<FuzzyDate, E> {
        self.visit_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<FuzzyDate, E> {
        self.visit_str(&v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<FuzzyDate, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(v), &self)),
        }
    }

    // The `csv` crate's `deserialize_any` hands a cell such as `2012` over as
    // a number. (A year below 1000 written with leading zeros, `0950`, thus
    // arrives as 950 and is rejected; such years do not occur in the data.)
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<FuzzyDate, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FuzzyDate, A::Error> {
        let mut edtf: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "edtf" {
                if edtf.is_some() {
                    return Err(de::Error::duplicate_field("edtf"));
                }
                edtf = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let edtf = edtf.ok_or_else(|| de::Error::missing_field("edtf"))?;
        self.visit_str(&edtf)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FuzzyDate, D::Error> {
        deserializer.deserialize_any(FuzzyDateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test day")
    }

    fn fd(s: &str) -> FuzzyDate {
        FuzzyDate::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn bounds(s: &str) -> (Option<String>, Option<String>) {
        let f = fd(s);
        (f.earliest().map(iso), f.latest().map(iso))
    }

    /// Every form, with its exact bounds (`None` = open/unknown).
    const FORMS: &[(&str, Option<&str>, Option<&str>)] = &[
        ("2012-09-01", Some("2012-09-01"), Some("2012-09-01")),
        ("2012-09", Some("2012-09-01"), Some("2012-09-30")),
        ("2012-02", Some("2012-02-01"), Some("2012-02-29")),
        ("2011-02", Some("2011-02-01"), Some("2011-02-28")),
        ("2012", Some("2012-01-01"), Some("2012-12-31")),
        ("0000", Some("0000-01-01"), Some("0000-12-31")),
        ("9999", Some("9999-01-01"), Some("9999-12-31")),
        ("199X", Some("1990-01-01"), Some("1999-12-31")),
        ("19XX", Some("1900-01-01"), Some("1999-12-31")),
        ("1XXX", Some("1000-01-01"), Some("1999-12-31")),
        ("2012-XX", Some("2012-01-01"), Some("2012-12-31")),
        ("2012-XX-XX", Some("2012-01-01"), Some("2012-12-31")),
        ("2012-09-XX", Some("2012-09-01"), Some("2012-09-30")),
        ("2012~", Some("2011-01-01"), Some("2013-12-31")),
        ("2012%", Some("2011-01-01"), Some("2013-12-31")),
        ("2012?", Some("2012-01-01"), Some("2012-12-31")),
        ("2012-09~", Some("2012-08-01"), Some("2012-10-31")),
        ("2012-01~", Some("2011-12-01"), Some("2012-02-29")),
        ("2012-12?", Some("2012-12-01"), Some("2012-12-31")),
        ("2012-09-01~", Some("2012-08-31"), Some("2012-09-02")),
        ("2012-03-01%", Some("2012-02-29"), Some("2012-03-02")),
        ("2012-09-01?", Some("2012-09-01"), Some("2012-09-01")),
        ("199X~", Some("1989-01-01"), Some("2000-12-31")),
        ("19XX?", Some("1900-01-01"), Some("1999-12-31")),
        ("2012-XX~", Some("2011-12-01"), Some("2013-01-31")),
        ("2012-09-XX~", Some("2012-08-31"), Some("2012-10-01")),
        ("2001-21", Some("2001-03-01"), Some("2001-05-31")),
        ("2001-22", Some("2001-06-01"), Some("2001-08-31")),
        ("2001-23", Some("2001-09-01"), Some("2001-11-30")),
        ("2001-24", Some("2001-12-01"), Some("2002-02-28")),
        ("2003-24", Some("2003-12-01"), Some("2004-02-29")),
        ("2001-21~", Some("2000-12-01"), Some("2001-08-31")),
        ("1995/1997", Some("1995-01-01"), Some("1997-12-31")),
        ("1990~/1993~", Some("1989-01-01"), Some("1994-12-31")),
        ("2012-09/2012-12", Some("2012-09-01"), Some("2012-12-31")),
        ("199X/2005-06-01", Some("1990-01-01"), Some("2005-06-01")),
        ("2012/2012", Some("2012-01-01"), Some("2012-12-31")),
        ("2012/..", Some("2012-01-01"), None),
        ("../1945", None, Some("1945-12-31")),
        ("2012/", Some("2012-01-01"), None),
        ("/1945", None, Some("1945-12-31")),
        // clamped to 0000–9999
        ("9999~", Some("9998-01-01"), Some("9999-12-31")),
        ("0000~", Some("0000-01-01"), Some("0001-12-31")),
        ("9999-24", Some("9999-12-01"), Some("9999-12-31")),
        ("0000-01-01~", Some("0000-01-01"), Some("0000-01-02")),
    ];

    #[test]
    fn forms_have_exact_bounds() {
        for &(s, e, l) in FORMS {
            assert_eq!(
                bounds(s),
                (e.map(String::from), l.map(String::from)),
                "bounds of {s}"
            );
            let f = fd(s);
            assert_eq!(f.edtf(), s);
            assert_eq!(f.to_string(), s);
            assert_eq!(s.parse::<FuzzyDate>().as_ref(), Ok(&f));
        }
    }

    #[test]
    fn text_is_rebuilt_exactly_from_the_parts() {
        for &(s, _, _) in FORMS {
            assert_eq!(fd(s).add_years(0).map(|f| f.text), Ok(s.to_string()), "{s}");
        }
    }

    #[test]
    fn outer_whitespace_is_trimmed() {
        assert_eq!(fd(" 2012 ").edtf(), "2012");
        assert_eq!(fd("\t1995/1997\n").edtf(), "1995/1997");
        assert_eq!(fd(" 2012 "), fd("2012"));
    }

    #[test]
    fn invalid_inputs_are_errors() {
        let bad = [
            "",
            "   ",
            "2012-13",
            "2012-00",
            "2012-20",
            "2012-25",
            "2011-02-29",
            "1900-02-29",
            "2012-04-31",
            "2012-09-00",
            "2012-09-32",
            "12",
            "201",
            "20122",
            "-2012",
            "+2012",
            "2012-1",
            "2012-09-1",
            "2012-",
            "2012-09-",
            "2012--09",
            "2012-09-01-01",
            "2012~~",
            "2012?~",
            "2012~?",
            "~2012",
            "20~12",
            "?",
            "~",
            "../..",
            "/",
            "..",
            "../",
            "/..",
            "2012/../",
            "1997/1995",
            "2012-09-02/2012-09-01",
            "1995/1996/1997",
            "X012",
            "XXXX",
            "1X9X",
            "19X5",
            "199x",
            "199X-05",
            "201X-XX",
            "2012-XX-05",
            "2012-1X",
            "2012-09-3X",
            "2001-21-01",
            "２０１２",
            "2012-09-01T10:00",
            "2012-09-01 10:00",
            "2012 09",
            "2012.",
            "2012..",
            "2012/...",
            "...",
            "Y170000002",
            "2012-09-01Z",
            "spring 2001",
            "1995 / 1997",
            "\u{0}",
            "2012\u{301}",
        ];
        for s in bad {
            let err = FuzzyDate::parse(s).expect_err(s);
            let msg = err.to_string();
            assert!(msg.starts_with("expected an EDTF date such as"), "{msg}");
            assert!(!err.reason().is_empty());
        }
    }

    #[test]
    fn error_messages_are_specific() {
        let msg = |s: &str| FuzzyDate::parse(s).expect_err(s).to_string();
        assert_eq!(
            msg("2012-13"),
            "expected an EDTF date such as 2012-09-01, 2012-09, 2012, 199X, 2012~ or 1995/1997, \
             found \"2012-13\": month 13 out of range (01–12, or 21–24 for a season)"
        );
        assert!(msg("2011-02-29").ends_with("day 29 out of range for February 2011 (01–28)"));
        assert!(msg("1997/1995").ends_with("interval start after end"));
        assert!(msg("2012~~").contains("more than one qualifier"));
        assert!(msg("../..").contains("at least one side"));
        assert!(msg("X012").contains("first digit of the year"));
        assert!(msg("199x").contains("uppercase X"));
        assert!(msg("２０１２").contains("ASCII digits"));
        assert!(msg("2012-09-01T10:00").contains("times are not supported"));
        assert!(msg("2012 09").contains("white space"));
        assert!(msg("").contains("empty"));
        assert!(msg("20122").contains("4 digits"));
        // A huge input is quoted only in part.
        let long = "9".repeat(10_000);
        assert!(msg(&long).len() < 400);
    }

    #[test]
    fn arbitrary_text_does_not_panic() {
        for s in [
            "é",
            "2012é",
            "é2012",
            "🙂/🙂",
            "2012/é",
            "\u{feff}2012",
            "2012-é",
            "9999-24~",
            "0000-21~",
        ] {
            let _ = FuzzyDate::parse(s);
        }
        let _ = FuzzyDate::parse(&"/".repeat(100_000));
        let _ = FuzzyDate::parse(&"é".repeat(100_000));
    }

    #[test]
    fn flags_and_precision() {
        let f = fd("2012-09-01");
        assert!(f.is_exact_day() && !f.is_interval() && !f.is_uncertain() && !f.is_approximate());
        assert!(!fd("2012-09-01?").is_exact_day());
        assert!(!fd("2012-09").is_exact_day());
        assert!(!fd("2012-09-01/2012-09-01").is_exact_day());
        assert!(fd("2012?").is_uncertain() && !fd("2012?").is_approximate());
        assert!(!fd("2012~").is_uncertain() && fd("2012~").is_approximate());
        assert!(fd("2012%").is_uncertain() && fd("2012%").is_approximate());
        assert!(fd("1990/1993?").is_uncertain() && fd("1990/1993?").is_interval());
        assert!(fd("1990~/..").is_approximate());
        let p = |s: &str| fd(s).precision();
        assert_eq!(p("2012-09-01"), Precision::Day);
        assert_eq!(p("2012-09"), Precision::Month);
        assert_eq!(p("2012-09-XX"), Precision::Month);
        assert_eq!(p("2001-22"), Precision::Season);
        assert_eq!(p("2012~"), Precision::Year);
        assert_eq!(p("2012-XX"), Precision::Year);
        assert_eq!(p("2012-XX-XX"), Precision::Year);
        assert_eq!(p("199X"), Precision::Decade);
        assert_eq!(p("19XX"), Precision::Century);
        assert_eq!(p("1XXX"), Precision::Millennium);
        assert_eq!(p("2012-09/2013"), Precision::Month);
        assert_eq!(p("../2013"), Precision::Year);
        assert_eq!(p("/2013-05-01"), Precision::Day);
        assert_eq!(Precision::Century.to_string(), "century");
    }

    #[test]
    fn human_text() {
        let cases = [
            ("2012-09-01", "2012-09-01"),
            ("2012-09", "September 2012"),
            ("2012", "2012"),
            ("2012~", "c. 2012"),
            ("2012?", "2012?"),
            ("2012%", "c. 2012?"),
            ("2012-09-01~", "c. 2012-09-01"),
            ("199X", "1990s"),
            ("199X~", "c. 1990s"),
            ("19XX", "1900s"),
            ("190X", "1900–1909"),
            ("20XX", "2000–2099"),
            ("1XXX", "1000–1999"),
            ("2012-XX", "2012"),
            ("2012-09-XX", "September 2012"),
            ("2001-21", "spring 2001"),
            ("2001-22", "summer 2001"),
            ("2001-23", "autumn 2001"),
            ("2001-24", "winter 2001–2002"),
            ("1995/1997", "1995–1997"),
            ("1990~/1993~", "c. 1990–c. 1993"),
            ("2012/..", "2012 or later"),
            ("../1945", "until 1945"),
            ("2012/", "from 2012 (end unknown)"),
            ("/1945", "until 1945 (start unknown)"),
            ("2012-09/2012-12", "September–December 2012"),
            ("2012-09/2013-01", "September 2012–January 2013"),
            ("2012-09/2012-09", "September 2012"),
            ("2012-09~/2012-12", "c. September 2012–December 2012"),
            ("2012-09-01/2012-09-05", "2012-09-01–2012-09-05"),
        ];
        for (s, h) in cases {
            assert_eq!(fd(s).human(), h, "human of {s}");
        }
    }

    #[test]
    fn add_years_cases() {
        let cases = [
            ("2012-09-01", 30, "2042-09-01"),
            ("2012~", 30, "2042~"),
            ("2012-09/2012-12", 30, "2042-09/2042-12"),
            ("199X", 30, "202X"),
            ("199X", 5, "1995/2004"),
            ("199X", 10, "200X"),
            ("19XX", 100, "20XX"),
            ("19XX", 50, "1950/2049"),
            ("199X?", 5, "1995?/2004?"),
            ("199X~/2010", 5, "1995~/2015"),
            ("1980/199X", 5, "1985/2004"),
            ("2012-02-29", 1, "2013-02-28"),
            ("2012-02-29", 4, "2016-02-29"),
            ("2012-02-29?", 1, "2013-02-28?"),
            ("2001-24", 1, "2002-24"),
            ("2012-XX", 3, "2015-XX"),
            ("2012-09-XX%", 3, "2015-09-XX%"),
            ("2012-XX-XX", 3, "2015-XX-XX"),
            ("2012/..", 10, "2022/.."),
            ("../1945", 10, "../1955"),
            ("2012/", 10, "2022/"),
            ("/1945", 10, "/1955"),
            ("2012", -12, "2000"),
            ("9989", 10, "9999"),
        ];
        for (s, n, want) in cases {
            assert_eq!(fd(s).add_years(n), Ok(fd(want)), "{s} + {n}");
        }
        let f = fd("199X").add_years(5).expect("shift");
        assert_eq!(
            (f.earliest(), f.latest()),
            (Some(d("1995-01-01")), Some(d("2004-12-31")))
        );
        // Bounds move exactly for an X year inside an interval.
        let f = fd("199X~/2010").add_years(5).expect("shift");
        assert_eq!(f.earliest(), Some(d("1994-01-01")));
        for (s, n) in [
            ("2012", 8000),
            ("9999", 1),
            ("199X", 8005),
            ("0005", -6),
            ("2012", i32::MAX),
            ("2012", i32::MIN),
        ] {
            let err = fd(s).add_years(n).expect_err(s);
            assert!(err.to_string().starts_with("cannot move"), "{err}");
        }
    }

    #[test]
    fn on_or_before_around_bounds() {
        let f = fd("2012");
        assert_eq!(f.on_or_before(d("2011-12-31")), Tri::No);
        assert_eq!(f.on_or_before(d("2012-01-01")), Tri::Possibly);
        assert_eq!(f.on_or_before(d("2012-12-30")), Tri::Possibly);
        assert_eq!(f.on_or_before(d("2012-12-31")), Tri::Yes);
        assert_eq!(f.on_or_before(d("2020-01-01")), Tri::Yes);
        let f = fd("2012-09-01");
        assert_eq!(f.on_or_before(d("2012-08-31")), Tri::No);
        assert_eq!(f.on_or_before(d("2012-09-01")), Tri::Yes);
        let f = fd("2012/..");
        assert_eq!(f.on_or_before(d("2011-12-31")), Tri::No);
        assert_eq!(f.on_or_before(d("3000-01-01")), Tri::Possibly);
        let f = fd("../1945");
        assert_eq!(f.on_or_before(d("1000-01-01")), Tri::Possibly);
        assert_eq!(f.on_or_before(d("1945-12-31")), Tri::Yes);
        let f = fd("/1945");
        assert_eq!(f.on_or_before(d("1945-12-30")), Tri::Possibly);
        assert_eq!(f.on_or_before(d("1945-12-31")), Tri::Yes);
    }

    #[test]
    fn contains_around_bounds() {
        let f = fd("2012-09-01");
        assert_eq!(f.contains(d("2012-08-31")), Tri::No);
        assert_eq!(f.contains(d("2012-09-01")), Tri::Yes);
        assert_eq!(f.contains(d("2012-09-02")), Tri::No);
        let f = fd("2012-09-01?");
        assert_eq!(f.contains(d("2012-09-01")), Tri::Yes);
        let f = fd("2012-09-01~");
        assert_eq!(f.contains(d("2012-08-30")), Tri::No);
        assert_eq!(f.contains(d("2012-08-31")), Tri::Possibly);
        assert_eq!(f.contains(d("2012-09-01")), Tri::Possibly);
        let f = fd("2012");
        assert_eq!(f.contains(d("2011-12-31")), Tri::No);
        assert_eq!(f.contains(d("2012-01-01")), Tri::Possibly);
        assert_eq!(f.contains(d("2012-12-31")), Tri::Possibly);
        assert_eq!(f.contains(d("2013-01-01")), Tri::No);
        let f = fd("1995/1997");
        assert_eq!(f.contains(d("1994-12-31")), Tri::No);
        assert_eq!(f.contains(d("1995-01-01")), Tri::Possibly);
        assert_eq!(f.contains(d("1995-12-30")), Tri::Possibly);
        assert_eq!(f.contains(d("1995-12-31")), Tri::Yes);
        assert_eq!(f.contains(d("1996-06-15")), Tri::Yes);
        assert_eq!(f.contains(d("1997-01-01")), Tri::Yes);
        assert_eq!(f.contains(d("1997-01-02")), Tri::Possibly);
        assert_eq!(f.contains(d("1997-12-31")), Tri::Possibly);
        assert_eq!(f.contains(d("1998-01-01")), Tri::No);
        let f = fd("2012/2012");
        assert_eq!(f.contains(d("2012-06-01")), Tri::Possibly);
        let f = fd("2012/..");
        assert_eq!(f.contains(d("2011-12-31")), Tri::No);
        assert_eq!(f.contains(d("2012-06-01")), Tri::Possibly);
        assert_eq!(f.contains(d("2012-12-31")), Tri::Yes);
        assert_eq!(f.contains(d("9999-12-31")), Tri::Yes);
        let f = fd("../1945");
        assert_eq!(f.contains(d("0001-01-01")), Tri::Yes);
        assert_eq!(f.contains(d("1945-01-01")), Tri::Yes);
        assert_eq!(f.contains(d("1945-01-02")), Tri::Possibly);
        assert_eq!(f.contains(d("1946-01-01")), Tri::No);
        let f = fd("2012/");
        assert_eq!(f.contains(d("2011-12-31")), Tri::No);
        assert_eq!(f.contains(d("2020-01-01")), Tri::Possibly);
        let f = fd("/1945");
        assert_eq!(f.contains(d("1900-01-01")), Tri::Possibly);
        assert_eq!(f.contains(d("1946-01-01")), Tri::No);
    }

    #[test]
    fn overlaps_around_bounds() {
        let o = |a: &str, b: &str| {
            let (a, b) = (fd(a), fd(b));
            let t = a.overlaps(&b);
            assert_eq!(t, b.overlaps(&a), "symmetry of {a} and {b}");
            t
        };
        assert_eq!(o("2012", "2013"), Tri::No);
        assert_eq!(o("2012", "2012"), Tri::Possibly);
        assert_eq!(o("2012~", "2013"), Tri::Possibly);
        assert_eq!(o("2012-09-01", "2012-09-01"), Tri::Yes);
        assert_eq!(o("2012-09-01", "2012-09-02"), Tri::No);
        assert_eq!(o("2012-09-01", "2012-09"), Tri::Possibly);
        assert_eq!(o("2012-09-01", "2010/2015"), Tri::Yes);
        assert_eq!(o("2012", "2010/2015"), Tri::Yes);
        assert_eq!(o("2010", "2010/2015"), Tri::Possibly);
        assert_eq!(o("2016", "2010/2015"), Tri::No);
        assert_eq!(o("1995/1997", "1997/1999"), Tri::Possibly);
        assert_eq!(o("1995/1998", "1997/1999"), Tri::Yes);
        assert_eq!(o("1995/1996", "1997/1999"), Tri::No);
        assert_eq!(o("2012/..", "2020"), Tri::Yes);
        assert_eq!(o("2012/..", "2011"), Tri::No);
        assert_eq!(o("2012/", "2020"), Tri::Possibly);
        assert_eq!(o("../1945", "/1900"), Tri::Yes);
        assert_eq!(o("../1945", "1946/.."), Tri::No);
        assert_eq!(o("../1945", "1945/.."), Tri::Possibly);
        assert_eq!(o("../1945", "1944/.."), Tri::Yes);
        assert_eq!(o("/1945", "1944/"), Tri::Possibly);
    }

    #[test]
    fn day_constructor_matches_parse() {
        for s in ["2012-09-01", "0000-01-01", "9999-12-31", "2012-02-29"] {
            let f = FuzzyDate::day(d(s));
            assert_eq!(f, fd(s));
            assert!(f.is_exact_day());
            assert_eq!(f.earliest(), Some(d(s)));
        }
        let far = NaiveDate::from_ymd_opt(12_000, 5, 5).expect("far day");
        assert_eq!(FuzzyDate::day(far).edtf(), "9999-12-31");
        let before = NaiveDate::from_ymd_opt(-5, 5, 5).expect("negative day");
        assert_eq!(FuzzyDate::day(before).edtf(), "0000-01-01");
    }

    #[test]
    fn ordering() {
        let mut v: Vec<FuzzyDate> = [
            "2012",
            "../1945",
            "/1945",
            "2012-09",
            "2012/..",
            "2011~",
            "2012/",
            "1995/1997",
        ]
        .into_iter()
        .map(fd)
        .collect();
        v.sort();
        let got: Vec<&str> = v.iter().map(FuzzyDate::edtf).collect();
        assert_eq!(
            got,
            [
                "../1945",
                "/1945",
                "1995/1997",
                "2011~",
                "2012",
                "2012/",
                "2012/..",
                "2012-09"
            ]
        );
        assert!(fd("2012") < fd("2012-09"));
        assert_eq!(fd("2012").cmp(&fd("2012")), Ordering::Equal);
    }

    #[test]
    fn tri_display_and_serde() {
        assert_eq!(Tri::Yes.to_string(), "yes");
        assert_eq!(Tri::No.to_string(), "no");
        assert_eq!(Tri::Possibly.to_string(), "possibly");
        assert_eq!(
            serde_json::to_string(&Tri::Possibly).ok().as_deref(),
            Some("\"possibly\"")
        );
    }

    #[test]
    fn serialize_as_object() {
        let j = serde_json::to_string(&fd("2012~")).expect("json");
        assert_eq!(
            j,
            r#"{"edtf":"2012~","earliest":"2011-01-01","latest":"2013-12-31"}"#
        );
        let j = serde_json::to_string(&fd("../1945")).expect("json");
        assert_eq!(
            j,
            r#"{"edtf":"../1945","earliest":null,"latest":"1945-12-31"}"#
        );
    }

    #[test]
    fn deserialize_string_or_object() {
        let from = |j: &str| serde_json::from_str::<FuzzyDate>(j);
        assert_eq!(from(r#""199X""#).ok(), Some(fd("199X")));
        assert_eq!(
            from(r#"{"edtf":"2012~","earliest":"bogus","other":[1,{"x":2}]}"#).ok(),
            Some(fd("2012~"))
        );
        let round = serde_json::to_string(&fd("1990~/1993~")).expect("json");
        assert_eq!(from(&round).ok(), Some(fd("1990~/1993~")));
        let err = from(r#""2012-13""#).expect_err("invalid").to_string();
        assert!(err.contains("month 13 out of range"), "{err}");
        assert!(from(r#"{"earliest":"2012-01-01"}"#).is_err());
        assert!(from(r#"{"edtf":"2012","edtf":"2013"}"#).is_err());
        assert!(from("2012.5").is_err());
        assert!(from("true").is_err());
        assert!(from("[]").is_err());
        let v: Vec<Option<FuzzyDate>> =
            serde_json::from_str(r#"["2012", null, {"edtf": "2012/.."}]"#).expect("list");
        assert_eq!(v, vec![Some(fd("2012")), None, Some(fd("2012/.."))]);
        let value = serde_json::json!({"edtf": "2001-21"});
        assert_eq!(
            serde_json::from_value::<FuzzyDate>(value).ok(),
            Some(fd("2001-21"))
        );
    }

    #[test]
    fn deserialize_from_csv() {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            date: Option<FuzzyDate>,
        }
        let data = "id,date\na,2012\nb,1995/1997\nc,\nd,2012-09-01\ne,199X~\n";
        let mut rdr = csv::Reader::from_reader(data.as_bytes());
        let rows: Vec<Row> = rdr.deserialize().collect::<Result<_, _>>().expect("csv");
        let got: Vec<(String, Option<String>)> = rows
            .into_iter()
            .map(|r| (r.id, r.date.map(|f| f.edtf().to_string())))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a".into(), Some("2012".into())),
                ("b".into(), Some("1995/1997".into())),
                ("c".into(), None),
                ("d".into(), Some("2012-09-01".into())),
                ("e".into(), Some("199X~".into())),
            ]
        );
        let bad = "id,date\na,2012-13\n";
        let mut rdr = csv::Reader::from_reader(bad.as_bytes());
        let err = rdr
            .deserialize::<Row>()
            .next()
            .expect("a row")
            .err()
            .expect("error");
        assert!(err.to_string().contains("month 13 out of range"), "{err}");
        let bad = "id,date\na,12\n";
        let mut rdr = csv::Reader::from_reader(bad.as_bytes());
        assert!(rdr.deserialize::<Row>().next().expect("a row").is_err());
    }

    #[test]
    fn today_is_a_plausible_day() {
        assert!(today().year() >= 2024);
    }
}
