//! [`FuzzyDate`]: construction, bounds, comparisons, shifting and human text.

use super::*;

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

    /// The first day the end can be (of `/199X`: 1990-01-01; of a single
    /// date, its first day); `None` for an open or unknown end.
    pub fn earliest_end(&self) -> Option<NaiveDate> {
        match &self.body {
            Body::Single(p) => Some(p.earliest),
            Body::Interval(_, end) => end.point().map(|p| p.earliest),
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

    pub(super) fn points(&self) -> impl Iterator<Item = &Point> {
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
    pub(super) fn possible(&self) -> Span {
        (self.earliest(), self.latest())
    }

    /// The part of the span the date certainly covers, if any: an exact day
    /// itself; for an interval, from its start's latest to its end's earliest
    /// (`None` inside meaning unbounded, for an open side).
    pub(super) fn certain(&self) -> Option<Span> {
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

pub(super) fn human_range(a: &Point, b: &Point) -> String {
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
pub(super) enum Shifted {
    Point(String),
    Range(String, String),
}

/// The EDTF text of a point.
pub(super) fn point_edtf(shape: Shape, qual: Qual) -> String {
    let mut s = shape.edtf();
    s.push_str(qual.suffix());
    s
}

pub(super) fn shift_year(year: i32, years: i32) -> Result<i32, String> {
    let y = i64::from(year) + i64::from(years);
    if y > 9999 {
        Err(format!("year {y} is beyond 9999"))
    } else if y < 0 {
        Err(format!("year {y} is before 0000"))
    } else {
        i32::try_from(y).map_err(|_| format!("year {y} is out of range"))
    }
}

pub(super) fn shift_point(p: &Point, years: i32) -> Result<Shifted, String> {
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
