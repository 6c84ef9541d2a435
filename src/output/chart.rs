//! A terminal time chart: one line per dated item, a bar from its earliest
//! to its latest possible day, so what is known to the day (●) stands apart
//! from what is known only to the year or the decade (━━━). Open ends are
//! drawn to the edge with an arrow.

use chrono::{Datelike, NaiveDate};

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
        let label: String = b.label.chars().take(label_w).collect();
        let pad = label_w - label.chars().count();
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
    let mut ticks = vec![' '; axis_w + 1];
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
