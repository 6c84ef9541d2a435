//! A terminal time chart: one line per dated item, a bar from its earliest
//! to its latest possible day, so what is known to the day (●) stands apart
//! from what is known only to the year or the decade (━━━). Open ends are
//! drawn to the edge with an arrow.

use super::escape::escape;
use chrono::{Datelike, NaiveDate};
use unicode_width::UnicodeWidthChar;

/// One line of the chart.
pub struct Bar {
    /// The text left of the axis.
    pub label: String,
    /// Earliest possible day; `None` is open.
    pub earliest: Option<NaiveDate>,
    /// Latest possible day; `None` is open.
    pub latest: Option<NaiveDate>,
}

/// Draws the bars on a shared axis, `width` columns wide in total.
pub fn render(bars: &[Bar], width: usize) -> String {
    if bars.is_empty() {
        return "(no dated items)\n".to_string();
    }
    let days = bars.iter().flat_map(|b| [b.earliest, b.latest]).flatten();
    let (Some(lo), Some(hi)) = (days.clone().min(), days.max()) else {
        return "(no bounded dates to draw)\n".to_string();
    };
    let lo = NaiveDate::from_ymd_opt(lo.year(), 1, 1).unwrap_or(lo);
    let hi = NaiveDate::from_ymd_opt(hi.year(), 12, 31).unwrap_or(hi);
    // One line per bar is allocated this wide: never a giant allocation.
    let width = width.min(1000);
    let label_w = (width / 3).clamp(16, 48);
    let axis_w = width.saturating_sub(label_w + 2).max(20);
    let span = (hi - lo).num_days().max(1) as f64;
    let col =
        |d: NaiveDate| (((d - lo).num_days() as f64 / span) * (axis_w - 1) as f64).round() as usize;
    let mut out = String::new();
    for b in bars {
        let mut line = vec![' '; axis_w];
        let (a, z) = (b.earliest.map_or(0, col), b.latest.map_or(axis_w - 1, col));
        let (a, z) = (a.min(axis_w - 1), z.min(axis_w - 1).max(a.min(axis_w - 1)));
        if a == z && b.earliest.is_some() && b.latest.is_some() {
            line[a] = if b.earliest == b.latest { '●' } else { '▮' };
        } else {
            for c in line.iter_mut().take(z + 1).skip(a) {
                *c = '━';
            }
            if b.earliest.is_none() {
                line[a] = '◀';
            }
            if b.latest.is_none() {
                line[z] = '▶';
            }
        }
        let (label, used) = cut(&escape(&b.label), label_w);
        let pad = label_w - used;
        out.push_str(&format!(
            "{label}{} │{}\n",
            " ".repeat(pad),
            line.into_iter().collect::<String>().trim_end()
        ));
    }
    out.push_str(&format!(
        "{} └{}\n",
        " ".repeat(label_w),
        "─".repeat(axis_w)
    ));
    // Year labels stay under the axis: the line is no wider than the others.
    let mut ticks = vec![' '; axis_w];
    let years = hi.year() - lo.year() + 1;
    let step = [1, 2, 5, 10, 20, 25, 50, 100]
        .into_iter()
        .find(|s| (years / s) as usize * 6 <= axis_w)
        .unwrap_or(200);
    let mut y = lo.year() + (step - lo.year().rem_euclid(step)) % step;
    while y <= hi.year() {
        if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
            let c = col(d);
            let text: Vec<char> = y.to_string().chars().collect();
            if c + text.len() <= ticks.len() && ticks[c..c + text.len()].iter().all(|ch| *ch == ' ')
            {
                ticks[c..c + text.len()].copy_from_slice(&text);
            }
        }
        y += step;
    }
    out.push_str(&format!(
        "{}  {}\n",
        " ".repeat(label_w),
        ticks.into_iter().collect::<String>().trim_end()
    ));
    out
}

/// The longest start of `s` (already escaped) that fits `width` terminal
/// columns, and its width.
fn cut(s: &str, width: usize) -> (String, usize) {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_before_they_are_cut() {
        let day = NaiveDate::from_ymd_opt(2012, 9, 1);
        let bars = [Bar {
            label: format!("{}\x1b]8;;http://x\x07link\x1b]8;;\x07", "a".repeat(10)),
            earliest: day,
            latest: day,
        }];
        let out = render(&bars, 60);
        assert!(
            !out.contains(|c: char| c.is_control() && c != '\n'),
            "{out:?}"
        );
        assert!(out.starts_with("aaaaaaaaaa\\u{1b}]8;; │"), "{out:?}");
    }

    #[test]
    fn no_line_is_wider_than_the_terminal() {
        for width in [40, 61, 80, 97, 120, 1000] {
            for (from, to) in [(1990, 2010), (2010, 2035), (1, 9999), (2012, 2012)] {
                let bars: Vec<Bar> = [from, to]
                    .into_iter()
                    .map(|y| Bar {
                        label: "x".repeat(60),
                        earliest: NaiveDate::from_ymd_opt(y, 1, 1),
                        latest: NaiveDate::from_ymd_opt(y, 12, 31),
                    })
                    .collect();
                for line in render(&bars, width).lines() {
                    let w = unicode_width::UnicodeWidthStr::width(line);
                    assert!(w <= width, "{w} > {width}: {line:?}");
                }
            }
        }
    }

    #[test]
    fn wide_labels_are_cut_to_the_label_width() {
        let day = NaiveDate::from_ymd_opt(2012, 9, 1);
        let bars = [Bar {
            label: "라진".repeat(20),
            earliest: day,
            latest: day,
        }];
        let out = render(&bars, 60);
        let first = out.lines().next().unwrap();
        let label = first.split(" │").next().unwrap();
        assert_eq!(unicode_width::UnicodeWidthStr::width(label), 20);
    }
}
