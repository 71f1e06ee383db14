//! Progress across sessions: each rubric dimension's score over time, the weakest
//! dimension, and which scenario to practise next (the practice pick, passed in).
//! Pure: graded sessions in, text out.

pub mod plot;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::grade::Report;
// The weakest dimension looks back over the same sessions as the practice pick.
use crate::practice::{Pick, RECENT};
use crate::text::count;

/// One graded session, oldest first in the input.
#[derive(Debug, Clone)]
pub struct Point {
    pub session: String,
    pub scenario: String,
    pub started_at: String,
    pub report: Report,
    /// The candidate's own ratings of the session, when they gave them.
    pub ratings: Option<crate::calibration::SelfRatings>,
}

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of scores in tenths (0–1000), one block per value.
pub fn sparkline(values: &[u32]) -> String {
    values
        .iter()
        .map(|v| BLOCKS[(*v as usize * (BLOCKS.len() - 1) + 500) / 1000])
        .collect()
}

fn tenths(v: u32) -> String {
    format!("{}.{}", v / 10, v % 10)
}

/// How many sessions a sparkline shows at most.
pub(crate) const SHOWN: usize = 30;

/// The `history` text for `points` (oldest first) given every scenario id there
/// is; `left_out` sessions ended before the first probe and are not counted.
/// `next` is the case `interviewer` would pick (see [`crate::practice`]).
pub fn render(
    points: &[Point],
    scenarios: &[String],
    left_out: usize,
    next: Option<&Pick>,
) -> String {
    let mut o = String::new();
    let note = if left_out > 0 {
        format!(
            "({} left out: ended before the first probe, too short to compare)\n",
            count(left_out, "session")
        )
    } else {
        String::new()
    };
    let Some(last) = points.last() else {
        return format!(
            "no graded sessions yet: finish an interview (at least into the first probe) and come back\n{note}"
        );
    };
    let mut per_scenario: BTreeMap<&str, usize> =
        scenarios.iter().map(|s| (s.as_str(), 0)).collect();
    for p in points {
        *per_scenario.entry(p.scenario.as_str()).or_default() += 1;
    }
    let counts: Vec<String> = per_scenario
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{s} ×{n}"))
        .collect();
    let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
    for p in points {
        *levels.entry(p.report.rubric.level.as_str()).or_default() += 1;
    }
    let levels: Vec<String> = levels.iter().map(|(l, n)| format!("{l} ×{n}")).collect();
    let _ = writeln!(
        o,
        "{} ({}), oldest → newest; judged at level {}",
        count(points.len(), "graded session"),
        counts.join(", "),
        levels.join(", ")
    );
    o.push_str(&note);
    sparklines(&mut o, points, last);
    weakest(&mut o, points, last);
    let rated: Vec<(&Report, &crate::calibration::SelfRatings)> = points
        .iter()
        .filter_map(|p| Some((&p.report, p.ratings.as_ref()?)))
        .collect();
    o.push_str(&crate::calibration::history_lines(&rated));
    if let Some(p) = next {
        let _ = writeln!(
            o,
            "Practise next: {} ({}), because {}. Start it with `interviewer` (or `interviewer --scenario {}`).",
            crate::sanitize::for_terminal(&p.title),
            p.id,
            p.reason(),
            p.id
        );
    }
    o
}

/// One sparkline per dimension (and overall) over the newest sessions, with
/// the first and latest score.
fn sparklines(o: &mut String, points: &[Point], last: &Point) {
    let shown = &points[points.len().saturating_sub(SHOWN)..];
    let width = last
        .report
        .dimensions
        .iter()
        .map(|d| d.title.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let row = |o: &mut String, title: &str, values: Vec<u32>| {
        let first = values.first().copied().unwrap_or(0);
        let latest = values.last().copied().unwrap_or(0);
        let _ = writeln!(
            o,
            "  {title:<width$}  {:<w$}  {:>5} → {:>5}",
            sparkline(&values),
            tenths(first),
            tenths(latest),
            w = shown.len()
        );
    };
    o.push('\n');
    row(
        o,
        "overall",
        shown.iter().map(|p| p.report.score.tenths()).collect(),
    );
    // By id: rounds at other levels hold other dimensions.
    for d in &last.report.dimensions {
        let values = shown.iter().filter_map(|p| score_of(p, &d.id)).collect();
        row(o, &d.title, values);
    }
}

/// A session's score on a dimension (tenths), when it was judged on it.
pub(crate) fn score_of(p: &Point, dimension: &str) -> Option<u32> {
    p.report
        .dimensions
        .iter()
        .find(|x| x.id == dimension)
        .map(|x| x.score.tenths())
}

/// The dimension with the lowest average over the recent sessions.
fn weakest(o: &mut String, points: &[Point], last: &Point) {
    let recent = &points[points.len().saturating_sub(RECENT)..];
    let weakest = last
        .report
        .dimensions
        .iter()
        .map(|d| {
            let scores: Vec<u32> = recent.iter().filter_map(|p| score_of(p, &d.id)).collect();
            let n = u32::try_from(scores.len()).unwrap_or(1).max(1);
            (scores.iter().sum::<u32>() / n, d.title.clone())
        })
        .min_by_key(|(avg, _)| *avg);
    if let Some((avg, title)) = weakest {
        let _ = writeln!(
            o,
            "\nWeakest: {title} (average {} over the last {}).",
            tenths(avg),
            count(recent.len(), "session")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_maps_zero_to_hundred_onto_eight_blocks() {
        assert_eq!(sparkline(&[0, 500, 1000]), "▁▅█");
        assert_eq!(sparkline(&[]), "");
    }
}
