//! Self-assessment: the candidate rates each dimension 1–5 before seeing the
//! grade, and learns how well their own judgement matches it. Pure: ratings
//! are parsed, compared with a report's dimension scores on the same 1–5
//! scale, and summed up over sessions into the calibration gap `history` shows
//! ("you over-rate latency by ~1.5 points").

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::grade::Report;

/// One session's self-ratings, as saved beside it (`<session>.self.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfRatings {
    /// When they were given (RFC 3339).
    pub at: String,
    /// Dimension id → 1..=5.
    pub ratings: BTreeMap<String, u8>,
}

/// A dimension's grade (0–100) on the 1–5 scale of a self-rating: 0 is 1,
/// 100 is 5, in four equal steps.
pub fn grade_on_five(score_tenths: u32) -> u8 {
    let points = (score_tenths.min(1000) * 4 + 500) / 1000;
    1 + u8::try_from(points).unwrap_or(4)
}

/// A typed rating: a whole number 1–5 (`None` for anything else, which the
/// prompt asks again or skips on an empty line).
pub fn parse_rating(line: &str) -> Option<u8> {
    match line.trim().parse::<u8>() {
        Ok(n @ 1..=5) => Some(n),
        _ => None,
    }
}

/// Each rated dimension of a report: its title, the rating, the grade on the
/// same scale.
pub fn compared<'r>(report: &'r Report, ratings: &SelfRatings) -> Vec<(&'r str, u8, u8)> {
    report
        .dimensions
        .iter()
        .filter_map(|d| {
            let r = *ratings.ratings.get(&d.id)?;
            Some((d.title.as_str(), r, grade_on_five(d.score.tenths())))
        })
        .collect()
}

/// The self-assessment beside the grade, one line per rated dimension.
pub fn beside_the_grade(report: &Report, ratings: &SelfRatings) -> String {
    let rows = compared(report, ratings);
    if rows.is_empty() {
        return String::new();
    }
    let width = rows
        .iter()
        .map(|(t, ..)| t.chars().count())
        .max()
        .unwrap_or(0);
    let mut o = String::from("\nYour ratings beside the grade (1–5)\n");
    for (title, rated, graded) in rows {
        let gap = i16::from(rated) - i16::from(graded);
        let said = match gap {
            0 => "spot on".to_string(),
            g if g > 0 => format!("over by {g}"),
            g => format!("under by {}", -g),
        };
        let _ = writeln!(
            o,
            "  {title:<width$}  you {rated} · grade {graded} · {said}"
        );
    }
    o
}

/// The mean gap (rating minus grade) per dimension title over sessions, with
/// how many sessions rated it; dimensions in the order first met.
pub fn gaps(sessions: &[(&Report, &SelfRatings)]) -> Vec<(String, f64, usize)> {
    let mut order: Vec<String> = Vec::new();
    let mut sums: BTreeMap<String, (i32, usize)> = BTreeMap::new();
    for (report, ratings) in sessions {
        for (title, rated, graded) in compared(report, ratings) {
            if !sums.contains_key(title) {
                order.push(title.to_string());
            }
            let e = sums.entry(title.to_string()).or_default();
            e.0 += i32::from(rated) - i32::from(graded);
            e.1 += 1;
        }
    }
    order
        .into_iter()
        .map(|t| {
            let (sum, n) = sums[&t];
            (t, f64::from(sum) / n as f64, n)
        })
        .collect()
}

/// `history`'s calibration lines: the dimension rated furthest from its grade,
/// in words, then every rated dimension's mean gap; empty without ratings.
pub fn history_lines(sessions: &[(&Report, &SelfRatings)]) -> String {
    let gaps = gaps(sessions);
    let Some((title, gap, n)) = gaps
        .iter()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .cloned()
    else {
        return String::new();
    };
    let mut o = String::from("\nSelf-assessment (your ratings minus the grade, 1–5 scale)\n");
    let headline = if gap.abs() < 0.5 {
        "your ratings match the grade within half a point on every dimension".to_string()
    } else {
        format!(
            "you {} {title} by ~{:.1} points ({} session{})",
            if gap > 0.0 { "over-rate" } else { "under-rate" },
            gap.abs(),
            n,
            if n == 1 { "" } else { "s" }
        )
    };
    let _ = writeln!(o, "  {headline}");
    for (title, gap, n) in &gaps {
        let _ = writeln!(o, "  {title}: {gap:+.1} over {n}");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_map_onto_five_points_and_ratings_parse_strictly() {
        assert_eq!(
            [0, 120, 130, 500, 620, 880, 1000].map(grade_on_five),
            [1, 1, 2, 3, 3, 5, 5]
        );
        assert_eq!(parse_rating(" 4 "), Some(4));
        for bad in ["0", "6", "4.5", "four", "", "-1"] {
            assert_eq!(parse_rating(bad), None, "{bad}");
        }
    }
}
