//! `history --plot`: the overall score over the sessions as a chart of rows,
//! then per dimension its score (a sparkline) and, where the candidate rated
//! themselves, the gap between their rating and the grade; and the same as an
//! SVG line chart per dimension for the HTML report. Pure.

use std::fmt::Write as _;

use super::{Point, sparkline};
use crate::calibration::grade_on_five;

/// Rows of the overall chart.
const ROWS: u32 = 8;

/// The terminal chart of `points` (oldest first; the last [`super::SHOWN`]).
pub fn plot(points: &[Point]) -> String {
    let shown = &points[points.len().saturating_sub(super::SHOWN)..];
    if shown.is_empty() {
        return "no graded sessions yet: finish an interview (at least into the first probe) and come back\n".to_string();
    }
    let mut o = String::from("Overall score, oldest → newest\n");
    let scores: Vec<u32> = shown.iter().map(|p| p.report.score.tenths()).collect();
    for row in (1..=ROWS).rev() {
        let floor = (row - 1) * 1000 / ROWS;
        let label = if row == ROWS {
            "100"
        } else if row == ROWS / 2 {
            " 50"
        } else {
            "   "
        };
        let cells: String = scores
            .iter()
            .map(|&s| if s > floor { '█' } else { ' ' })
            .collect();
        let _ = writeln!(o, "{label} │{cells}");
    }
    let _ = writeln!(o, "  0 └{}", "─".repeat(scores.len()));
    let width = shown
        .last()
        .map(|p| {
            p.report
                .dimensions
                .iter()
                .map(|d| d.title.chars().count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let _ = writeln!(
        o,
        "\nPer dimension: score, and your rating minus the grade (▲ over, ▼ under, = matched, · not rated)"
    );
    if let Some(last) = shown.last() {
        for d in &last.report.dimensions {
            let values: Vec<u32> = shown
                .iter()
                .filter_map(|p| super::score_of(p, &d.id))
                .collect();
            let gaps: String = shown.iter().map(|p| gap_mark(p, &d.id)).collect();
            let _ = writeln!(o, "  {:<width$}  {}  {}", d.title, sparkline(&values), gaps);
        }
    }
    o
}

/// One session's rating against the grade on a dimension, as one character.
fn gap_mark(p: &Point, dimension: &str) -> char {
    let Some(r) = p.ratings.as_ref().and_then(|r| r.ratings.get(dimension)) else {
        return '·';
    };
    let Some(d) = p.report.dimensions.iter().find(|d| d.id == dimension) else {
        return '·';
    };
    match i16::from(*r) - i16::from(grade_on_five(d.score.tenths())) {
        0 => '=',
        g if g > 0 => '▲',
        _ => '▼',
    }
}

/// An SVG line chart per dimension over `points`: the score (0–100), and the
/// candidate's own rating where given (scaled from 1–5), for the HTML report.
pub fn svg(points: &[Point], esc: &dyn Fn(&str) -> String) -> String {
    let shown = &points[points.len().saturating_sub(super::SHOWN)..];
    let Some(last) = shown.last() else {
        return String::new();
    };
    let (w, h, pad) = (220usize, 70usize, 6usize);
    let x = |i: usize| pad + i * (w - 2 * pad) / shown.len().saturating_sub(1).max(1);
    let y = |tenths: u32| h - pad - (tenths.min(1000) as usize) * (h - 2 * pad) / 1000;
    let mut o = String::from("<div class=\"progress\">");
    for d in &last.report.dimensions {
        let score: Vec<String> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some(format!("{},{}", x(i), y(super::score_of(p, &d.id)?))))
            .collect();
        let rated: Vec<String> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let r = *p.ratings.as_ref()?.ratings.get(&d.id)?;
                Some(format!(
                    "<circle cx=\"{}\" cy=\"{}\" r=\"3\" class=\"rated\"/>",
                    x(i),
                    y((u32::from(r) - 1) * 250)
                ))
            })
            .collect();
        let _ = write!(
            o,
            "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{title} over sessions\"><rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" class=\"track\"/><polyline points=\"{pts}\" class=\"line\"/>{rated}</svg><figcaption>{title}</figcaption></figure>",
            title = esc(&d.title),
            pts = score.join(" "),
            rated = rated.concat()
        );
    }
    o.push_str("</div>");
    o
}
