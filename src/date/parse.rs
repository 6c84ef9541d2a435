//! Parsing EDTF text into points and interval ends.

use super::*;

/// Rejects any character that can never occur in an EDTF date, with a reason.
pub(super) fn check_chars(s: &str) -> Result<(), String> {
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
pub(super) fn parse_point(s: &str) -> Result<Point, String> {
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

pub(super) fn parse_end(s: &str) -> Result<End, String> {
    match s {
        "" => Ok(End::Unknown),
        ".." => Ok(End::Open),
        _ => parse_point(s).map(End::Point),
    }
}
