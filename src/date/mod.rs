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

mod calendar;
mod fuzzy;
mod parse;
mod point;
#[cfg(test)]
mod tests;
mod traits;

use calendar::*;
use parse::*;

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
