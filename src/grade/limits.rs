//! What limits the credit sentences may earn: mistakes (contradictions and failed
//! fact checks) that undo criteria, and the caps that let one sentence earn only a
//! few criteria, and only part of a dimension.

use super::*;

/// Contradictions and failed fact checks, and the criteria they undo.
pub(super) fn mistakes(
    rubric: &Rubric,
    lexicon: &Lexicon,
    facts: Option<&Facts>,
    sentences: &[Analysed<'_>],
) -> (Vec<Mistake>, BTreeSet<usize>) {
    let mut out = Vec::new();
    let mut undone = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for s in sentences.iter().filter(|s| s.void.is_none()) {
        for h in &s.hits {
            let Cue::Contra(k) = h.cue else { continue };
            if h.negated || !seen.insert(k) {
                continue;
            }
            let c = &rubric.contradictions[k];
            undone.extend(c.criteria.iter().copied());
            out.push(Mistake {
                id: c.id.clone(),
                criteria: c
                    .criteria
                    .iter()
                    .map(|&i| rubric.criteria[i].id.clone())
                    .collect(),
                message: c.message.clone(),
                evidence: s.evidence(vec![s.words_text(h.words)]),
            });
        }
    }
    if let Some(facts) = facts {
        let mut checked = BTreeSet::new();
        for f in grounding::check(rubric, lexicon, facts, sentences) {
            if !checked.insert(format!("{:?}", f.check)) {
                continue;
            }
            let hit: Vec<usize> = rubric
                .criteria
                .iter()
                .enumerate()
                .filter(|(_, c)| c.check == Some(f.check))
                .map(|(i, _)| i)
                .collect();
            undone.extend(hit.iter().copied());
            let s = &sentences[f.sentence];
            out.push(Mistake {
                id: format!("case:{}", check_name(f.check)),
                criteria: hit.iter().map(|&i| rubric.criteria[i].id.clone()).collect(),
                message: f.message,
                evidence: s.evidence(Vec::new()),
            });
        }
    }
    (out, undone)
}

fn check_name(c: crate::rubric::Check) -> &'static str {
    match c {
        crate::rubric::Check::Budget => "budget",
        crate::rubric::Check::Split => "split",
        crate::rubric::Check::LabelWindow => "label_window",
    }
}

/// For each sentence, the criteria it may give evidence for: those it qualifies
/// for, at most `sentence_cap` of them (a count of sentences aside) and at
/// most `dimension_share` percent of any one dimension's points — keeping
/// first the criteria fewest other sentences could earn, then those worth
/// most.
pub(super) fn caps(
    rubric: &Rubric,
    sentences: &[Analysed<'_>],
    undone: &BTreeSet<usize>,
    mode: Mode,
) -> Vec<Vec<usize>> {
    let mut dim_total = vec![0u32; rubric.dimensions.len()];
    for c in &rubric.criteria {
        dim_total[c.dimension] += c.points;
    }
    // Per sentence, the criteria it can credit and how much (percent).
    let qualified: Vec<Vec<(usize, u32)>> = sentences
        .iter()
        .map(|s| {
            if s.void.is_some() {
                return Vec::new();
            }
            let present = s.concepts();
            rubric
                .criteria
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    c.concepts.iter().any(|k| present.binary_search(k).is_ok())
                        && !undone.contains(i)
                        && super::counts(rubric, c.dimension, mode)
                })
                .map(|(i, c)| (i, judge::best_credit(c, s, mode)))
                .filter(|(_, credit)| *credit > 0)
                .collect()
        })
        .collect();
    // How many sentences could give each criterion its evidence: a sentence over
    // its cap keeps the criteria it is most needed for.
    let mut sources = vec![0usize; rubric.criteria.len()];
    for q in &qualified {
        for &(i, _) in q {
            sources[i] += 1;
        }
    }
    qualified
        .into_iter()
        .map(|mut q| {
            // Full credit before outline credit, then the criteria the
            // sentence is most needed for.
            q.sort_by_key(|&(i, credit)| {
                (
                    std::cmp::Reverse(credit),
                    sources[i],
                    std::cmp::Reverse(rubric.criteria[i].points),
                    i,
                )
            });
            let mut keep = Vec::new();
            let mut taken = vec![0u32; rubric.dimensions.len()];
            let mut held = 0;
            for (i, _) in q {
                let c = &rubric.criteria[i];
                // A count of sentences (a design's reasoned choices) says
                // how the sentence is put, not one more thing it names: it
                // takes none of the sentence's share.
                if c.kind == crate::rubric::Kind::Sentences {
                    keep.push(i);
                    continue;
                }
                if held >= rubric.settings.sentence_cap {
                    continue;
                }
                let limit = dim_total[c.dimension] * rubric.settings.dimension_share / 100;
                if taken[c.dimension] > 0 && taken[c.dimension] + c.points > limit {
                    continue;
                }
                taken[c.dimension] += c.points;
                held += 1;
                keep.push(i);
            }
            keep
        })
        .collect()
}
