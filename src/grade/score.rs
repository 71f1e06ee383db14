//! From judged criteria to numbers: dimension scores, the overall score after
//! penalties, the verdict with its bands and gates, and the order in which
//! unmet criteria would raise the score most. Integer arithmetic throughout.

use super::report::{DimensionResult, Mode, Report, Score, Status};
use crate::interview::Gap;
use crate::rubric::Rubric;

/// Integer division rounded half up; a zero divisor gives zero.
pub(super) fn div_round(n: u64, d: u64) -> u64 {
    (n + d / 2).checked_div(d).unwrap_or(0)
}

/// The verdict band for a score: the first band whose minimums hold, then capped
/// by every gate whose dimension scored below its minimum. Returns the band index
/// and the reasons of the gates that lowered it.
pub(super) fn verdict(
    rubric: &Rubric,
    score: Score,
    dimensions: &[DimensionResult],
    mode: Mode,
) -> (usize, Vec<String>) {
    let mut band = rubric
        .bands
        .iter()
        .position(|b| {
            let min = match mode {
                Mode::Interview => b.min_score,
                Mode::Written => b.written_min_score,
            };
            score.0 >= min * 10
                && dimensions
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| super::counts(rubric, *i, mode))
                    .all(|(_, d)| d.score.0 >= b.min_each_dimension * 10)
        })
        .unwrap_or(rubric.bands.len() - 1);
    let mut capped_by = Vec::new();
    for g in rubric
        .gates
        .iter()
        .filter(|g| super::counts(rubric, g.dimension, mode))
    {
        if dimensions[g.dimension].score.0 < g.min_score * 10 && band < g.cap {
            band = g.cap;
            capped_by.push(g.reason.clone());
        }
    }
    (band, capped_by)
}

/// Indices of the criteria not fully met, those whose points would raise the
/// overall score most first: missing points, as a share of their dimension's
/// points, times the dimension's weight. Ties keep rubric order.
pub fn by_impact(report: &Report) -> Vec<usize> {
    let dimension_points = |dim: &str| -> u64 {
        report
            .criteria
            .iter()
            .filter(|c| c.dimension == dim)
            .map(|c| u64::from(c.points))
            .sum()
    };
    let weight = |dim: &str| {
        report
            .dimensions
            .iter()
            .find(|d| d.id == dim)
            .map_or(1, |d| u64::from(d.weight))
    };
    let mut gaps: Vec<(u64, usize)> = report
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status != Status::Met && !c.beyond_level)
        .map(|(i, c)| {
            let missing = u64::from((c.points * 10).saturating_sub(c.earned.0));
            (
                missing * weight(&c.dimension) * 1_000_000 / dimension_points(&c.dimension).max(1),
                i,
            )
        })
        .collect();
    gaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    gaps.into_iter().map(|(_, i)| i).collect()
}

/// The follow-up questions that target unmet criteria, each for the probe it
/// belongs to, weakest first: most points still missing, then rubric order.
/// Deterministic for a report.
pub fn gap_follow_ups(rubric: &Rubric, report: &Report) -> Vec<Gap> {
    by_impact(report)
        .into_iter()
        .filter_map(|i| {
            // By id: a report leaves out what its mode does not count, so
            // its positions are not the rubric's.
            let id = &report.criteria[i].id;
            let c = rubric.criteria.iter().find(|c| &c.id == id)?;
            let f = c.follow_up.as_ref()?;
            Some(Gap {
                phase: f.phase,
                criterion: c.id.clone(),
                ask: f.ask.clone(),
            })
        })
        .collect()
}
