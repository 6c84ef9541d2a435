//! Points: their bounds, EDTF text and human text.

use super::*;

impl Shape {
    /// Unwidened bounds and the widening unit.
    pub(super) fn span(self) -> Option<(NaiveDate, NaiveDate, Unit)> {
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

    pub(super) fn precision(self) -> Precision {
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
    pub(super) fn edtf(self) -> String {
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
    pub(super) fn human(self) -> String {
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
    pub(super) fn new(shape: Shape, qual: Qual) -> Option<Point> {
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

    pub(super) fn human(&self) -> String {
        let core = self.shape.human();
        match self.qual {
            Qual::None => core,
            Qual::Uncertain => format!("{core}?"),
            Qual::Approximate => format!("c. {core}"),
            Qual::Both => format!("c. {core}?"),
        }
    }
}
