//! Every criterion judged on the analysed sentences, and the dimensions
//! scored from them: a mistake undoes a criterion's credit, an answer about
//! another product keeps a share, each `/hint` costs a share, a written
//! note's outline credit is capped at what it works out in full, and a
//! written-only dimension counts only in a written design.

use std::collections::{BTreeMap, BTreeSet};

use super::analyse::Analysed;
use super::judge;
use super::report::{CriterionResult, DimensionResult, Mode, Score, Status};
use super::score;
use crate::rubric::Rubric;
use crate::transcript::Turn;

/// What limits the credit sentences may earn.
pub(super) struct Judged<'a> {
    /// Criteria a mistake in the answer undoes.
    pub undone: &'a BTreeSet<usize>,
    /// Per sentence, the criteria it may still earn.
    pub caps: &'a [Vec<usize>],
    pub off_scenario: bool,
    pub mode: Mode,
    /// How many `/hint`s each criterion's questions took.
    pub hints: &'a BTreeMap<String, u32>,
}

/// How many `/hint`s the candidate took on questions about each criterion.
pub(super) fn hints_taken(turns: &[Turn]) -> BTreeMap<String, u32> {
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    for t in turns
        .iter()
        .filter(|t| t.kind == Some(crate::vocab::TurnKind::Hint))
    {
        let targets = t
            .intent
            .as_ref()
            .map(|i| i.targets.clone())
            .unwrap_or_default();
        for c in targets
            .into_iter()
            .chain(t.target.clone())
            .collect::<BTreeSet<_>>()
        {
            *out.entry(c).or_default() += 1;
        }
    }
    out
}

/// Each criterion judged on the sentences, and the dimensions' scores.
pub(super) fn judge_criteria(
    rubric: &Rubric,
    sentences: &[Analysed<'_>],
    judged: &Judged<'_>,
) -> (Vec<CriterionResult>, Vec<DimensionResult>) {
    let Judged {
        undone,
        caps,
        off_scenario,
        mode,
        ..
    } = *judged;
    let index = judge::index_concepts(rubric.concepts.len(), sentences);
    let mut all = Vec::with_capacity(rubric.criteria.len());
    for (ci, c) in rubric.criteria.iter().enumerate() {
        if !counts(rubric, c.dimension, mode) {
            continue;
        }
        let allowed = |si: usize| -> Result<(), judge::Why> {
            if undone.contains(&ci) {
                Err("undone by a mistake in the answer (see Mistakes)".into())
            } else if caps[si].contains(&ci) {
                Ok(())
            } else {
                Err("this sentence already earns its share (a sentence earns a few criteria at most, and part of a dimension)".into())
            }
        };
        let mut j = judge::judge(c, sentences, &index, mode, &allowed);
        if undone.contains(&ci) {
            j.factor = 0;
            j.evidence.clear();
        } else if off_scenario {
            j.factor = j.factor * rubric.settings.off_scenario_credit / 100;
        }
        let hints = judged.hints.get(&c.id).copied().unwrap_or(0);
        j.factor = j.factor * (100 - (rubric.settings.hint_cost * hints).min(100)) / 100;
        all.push((c, j, hints));
    }
    if mode == Mode::Written {
        cap_outline(&mut all);
    }
    let mut criteria = Vec::with_capacity(rubric.criteria.len());
    // Earned points × factor, per dimension, and the points possible.
    let mut earned = vec![0u64; rubric.dimensions.len()];
    let mut possible = vec![0u64; rubric.dimensions.len()];
    for (c, j, hints) in all {
        earned[c.dimension] += u64::from(c.points) * u64::from(j.factor);
        if c.required {
            possible[c.dimension] += u64::from(c.points) * 100;
        }
        criteria.push(result_of(rubric, c, j, hints));
    }
    let dimensions: Vec<DimensionResult> = rubric
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| DimensionResult {
            id: d.id.clone(),
            title: d.title.clone(),
            weight: d.weight,
            score: Score(
                u32::try_from(score::div_round(earned[i] * 1000, possible[i]))
                    .unwrap_or(1000)
                    .min(1000),
            ),
        })
        .collect();
    (criteria, dimensions)
}

/// Whether dimension `i` counts in `mode`: a written-only one (see
/// [`crate::rubric::Dimension::written_only`]) does not in an interview.
pub(crate) fn counts(rubric: &Rubric, i: usize, mode: Mode) -> bool {
    mode == Mode::Written || !rubric.dimensions[i].written_only
}

/// A note's outline credit (criteria named without their substance) is worth
/// at most what it earned with substance: a note of one-line names earns
/// next to nothing, a real design's outline adds to its worked parts.
pub(super) fn cap_outline(all: &mut [(&crate::rubric::Criterion, judge::Judged, u32)]) {
    let (mut full, mut named) = (0u64, 0u64);
    for (c, j, _) in all.iter() {
        let credit = u64::from(c.points) * u64::from(j.factor);
        if j.outline {
            named += credit;
        } else {
            full += credit;
        }
    }
    if named <= full {
        return;
    }
    for (_, j, _) in all.iter_mut().filter(|(_, j, _)| j.outline) {
        j.factor = u32::try_from(u64::from(j.factor) * full / named).unwrap_or(0);
        if j.factor == 0 {
            j.evidence.clear();
        }
        for m in &mut j.near_misses {
            if let Some(why) = judge::capped_outline_why(&m.why, j.factor) {
                m.why = why;
            }
        }
    }
}

/// A judged criterion as the report gives it.
fn result_of(
    rubric: &Rubric,
    c: &crate::rubric::Criterion,
    j: judge::Judged,
    hints: u32,
) -> CriterionResult {
    let status = match j.factor {
        100.. => Status::Met,
        0 => Status::Missed,
        _ => Status::Partial,
    };
    CriterionResult {
        id: c.id.clone(),
        dimension: rubric.dimensions[c.dimension].id.clone(),
        status,
        points: c.points,
        earned: Score(c.points * j.factor / 10),
        evidence: j.evidence,
        near_misses: if status == Status::Met {
            Vec::new()
        } else {
            j.near_misses
        },
        hint: c.hint.clone(),
        beyond_level: !c.required,
        hints,
        expected: rubric
            .expected(&c.id, rubric.level)
            .unwrap_or_default()
            .to_string(),
    }
}
