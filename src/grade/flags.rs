//! Sentences that earn nothing by rule, and the anti-patterns that cost points:
//! notes to the grader, recitals of the rubric, reasons that are no reasons,
//! hedges, strings of keywords, bare tool lists, runtimes with no budget,
//! streaming before latency came up, a dimension left empty.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::analyse::{Analysed, Lexicon, Void};
use super::report::{DimensionResult, Evidence, Finding, Mode};
use crate::rubric::{Cue, Detector, Rubric, triple_key};
use crate::vocab::Phase;

/// Text hidden from a reader but not from a grader: HTML comments and
/// bracketed notes to a system.
static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?(?:-->|$)|\[\s*(?:system|note to|grader|admin|instruction)[^\]]*\]")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that make a time the runtime of something ("runs in 2 minutes").
const RUNS_IN: [&str; 10] = [
    "runs in",
    "run in",
    "takes",
    "took",
    "finishes in",
    "completes in",
    "done in",
    "runs for",
    "processes",
    "in about",
];

/// A hedge with nothing concrete beside it. Said in an interview, any vague
/// word without a number is a hand-wave to be asked about; in a written
/// note, the soft ones ("various", "relevant") are plain description when
/// the sentence states a mechanism.
pub(super) fn hedged(s: &Analysed<'_>, mode: Mode) -> bool {
    match mode {
        Mode::Interview => (s.hedge || s.soft_hedge) && !s.number,
        Mode::Written => (s.hedge && !s.number) || (s.soft_hedge && s.mechanism.is_none()),
    }
}

/// Fewest reasons about nothing in the system that make a pattern.
const BOGUS_PATTERN: usize = 3;

/// True when reasons about nothing in the system are the pattern of the
/// answer: at least [`BOGUS_PATTERN`] of them, outnumbering the real reasons,
/// in at least a fifth of its sentences. Three misread reasons among a
/// hundred sentences of a long real design are not a pattern.
fn bogus_pattern(sentences: &[Analysed<'_>]) -> bool {
    let live = || sentences.iter().filter(|s| s.void.is_none());
    let bogus = live().filter(|s| s.bogus).count();
    let real = live().filter(|s| s.reason).count();
    bogus >= BOGUS_PATTERN && bogus > real && bogus * 5 >= live().count()
}

/// Marks the sentences that earn nothing by rule. `foreign` holds the turns not
/// in English. Order matters: the first rule that applies names the reason.
pub(super) fn mark_voids(
    rubric: &Rubric,
    lexicon: &Lexicon,
    sentences: &mut [Analysed<'_>],
    foreign: &BTreeSet<usize>,
    mode: Mode,
) {
    // (turn, range, an HTML comment rather than a bracketed note).
    let mut hidden: Vec<(usize, std::ops::Range<usize>, bool)> = Vec::new();
    let mut seen = BTreeSet::new();
    for s in sentences.iter() {
        if seen.insert(s.turn) {
            hidden.extend(
                HIDDEN
                    .find_iter(s.text)
                    .map(|m| (s.turn, m.range(), m.as_str().starts_with("<!--"))),
            );
        }
    }
    // Reasons about nothing in the system void their sentences only where
    // they are the pattern of the answer (the `bogus_reason` anti-pattern's
    // test); one stray "because SQL is familiar" in a real design only loses
    // its reason, not the mechanism beside it.
    let nonsense = bogus_pattern(sentences);
    for s in sentences.iter_mut() {
        let span = s.span.clone();
        let inside = |comment: bool| {
            hidden.iter().any(|(t, r, c)| {
                *t == s.turn && *c == comment && r.start < span.end && span.start < r.end
            })
        };
        let (in_comment, in_note) = (inside(true), inside(false));
        let rule = if foreign.contains(&s.turn) {
            Some(Void::Language)
        } else if s.has(Cue::GraderNote) || in_note || (in_comment && mode == Mode::Interview) {
            Some(Void::GraderNote)
        } else if in_comment {
            // Real notes comment out drafts and queries; hidden text earns
            // nothing, and costs only where it speaks to the grader.
            Some(Void::Commented)
        } else if recites(rubric, lexicon, s) {
            Some(Void::Recital)
        } else if s.void.is_some() {
            s.void
        } else if s.bogus && nonsense {
            Some(Void::BogusReason)
        } else if hedged(s, mode) {
            Some(Void::Hedged)
        } else {
            None
        };
        s.void = rule;
    }
}

/// True when most of the sentence's word triples are the rubric's own text.
fn recites(rubric: &Rubric, lexicon: &Lexicon, s: &Analysed<'_>) -> bool {
    // A recital names the rubric's concepts; a sentence naming fewer than two
    // is not one, and is spared the work.
    let concepts = s
        .hits
        .iter()
        .filter(|h| matches!(h.cue, Cue::Concept(_)))
        .count();
    if s.ids.len() < 6 || concepts < 2 {
        return false;
    }
    let triples: Vec<u64> = s
        .ids
        .windows(3)
        .map(|w| {
            triple_key(
                lexicon.stem_of(w[0]),
                lexicon.stem_of(w[1]),
                lexicon.stem_of(w[2]),
            )
        })
        .collect();
    let found = triples
        .iter()
        .filter(|t| rubric.recital.contains(*t))
        .count();
    found * 100 >= triples.len() * rubric.settings.recital_overlap as usize
}

/// Marks strings of keywords void and returns the evidence for the detector.
pub(super) fn mark_stuffing(
    rubric: &Rubric,
    sentences: &mut [Analysed<'_>],
    turns: usize,
) -> Vec<Evidence> {
    let Some(ap) = rubric
        .anti_patterns
        .iter()
        .find(|a| a.detector == Detector::KeywordStuffing)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for turn in 0..turns {
        let idx: Vec<usize> = (0..sentences.len())
            .filter(|&i| sentences[i].turn == turn && sentences[i].void.is_none())
            .collect();
        let words: usize = idx.iter().map(|&i| sentences[i].places.len()).sum();
        let concepts: BTreeSet<usize> = idx
            .iter()
            .flat_map(|&i| sentences[i].hits.iter())
            .filter_map(|h| match h.cue {
                Cue::Concept(k) => Some(k),
                _ => None,
            })
            .collect();
        let function_words = idx
            .iter()
            .map(|&i| {
                sentences[i]
                    .hits
                    .iter()
                    .filter(|h| h.cue == Cue::Function)
                    .count()
            })
            .sum::<usize>();
        let mechanisms = idx
            .iter()
            .filter(|&&i| sentences[i].mechanism.is_some())
            .count();
        let dense = words >= ap.min_words
            && concepts.len() * 100 > words * ap.max_density as usize
            && function_words * 100 < words * ap.min_function_share as usize
            && mechanisms * 5 < idx.len().max(1);
        if dense {
            if let Some(&first) = idx.first() {
                let mut e = sentences[first].evidence(vec![format!(
                    "{} rubric concepts in {words} words",
                    concepts.len()
                )]);
                e.quote = sentences[first].text.trim().chars().take(200).collect();
                found.push(e);
            }
            for &i in &idx {
                sentences[i].void = Some(Void::Stuffed);
            }
            continue;
        }
        for &i in &idx {
            if let Some(e) = name_list(ap, &sentences[i]) {
                found.push(e);
                sentences[i].void = Some(Void::Stuffed);
            }
        }
    }
    found
}

/// The anti-patterns found, with their penalties.
pub(super) fn detect(
    rubric: &Rubric,
    sentences: &[Analysed<'_>],
    stuffing: Vec<Evidence>,
    dims: &[DimensionResult],
    mode: Mode,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let voided = |v: Void| -> Vec<Evidence> {
        sentences
            .iter()
            .filter(|s| s.void == Some(v))
            .map(|s| s.evidence(Vec::new()))
            .collect()
    };
    for ap in &rubric.anti_patterns {
        let evidence: Vec<Evidence> = match ap.detector {
            Detector::KeywordStuffing => stuffing.clone(),
            Detector::GraderNote => voided(Void::GraderNote),
            Detector::RubricRecital => voided(Void::Recital),
            Detector::BogusReason => {
                // The sentences were voided only where they are the pattern.
                voided(Void::BogusReason)
            }
            Detector::ToolList => tool_lists(ap, sentences),
            Detector::RuntimeWithoutBudget => runtimes_without_budget(sentences),
            Detector::PrematureStreaming if mode == Mode::Interview => {
                premature_streaming(ap, sentences)
            }
            Detector::PrematureStreaming => Vec::new(),
            // A design doc often covers part of a pipeline: the missing
            // dimension already scores zero and its gate caps the verdict, and
            // a penalty on top would flatten every partial doc to 0.
            Detector::MissingDimension if mode == Mode::Written => Vec::new(),
            Detector::MissingDimension => match ap.dimension {
                Some(d) if dims[d].score.0 == 0 => vec![Evidence {
                    seq: 0,
                    phase: Phase::Done,
                    quote: String::new(),
                    matched: vec![dims[d].id.clone()],
                    early: false,
                }],
                _ => Vec::new(),
            },
        };
        if evidence.is_empty() {
            continue;
        }
        let count = u32::try_from(evidence.len()).unwrap_or(u32::MAX);
        let evidence = if ap.detector == Detector::MissingDimension {
            Vec::new()
        } else {
            evidence.into_iter().take(3).collect()
        };
        findings.push(Finding {
            id: ap.id.clone(),
            count,
            penalty: ap.points * count.min(ap.max_count),
            message: ap.message.clone(),
            evidence,
        });
    }
    findings
}

/// A sentence that is mostly rubric or tool names (six terms or more, few
/// function words, no mechanism or reason): the evidence, when it is one.
fn name_list(ap: &crate::rubric::AntiPattern, s: &Analysed<'_>) -> Option<Evidence> {
    let n = s.places.len();
    if n < 5 || s.heading || s.mechanism.is_some() {
        return None;
    }
    let mut covered = vec![false; n];
    let mut function = BTreeSet::new();
    let mut terms = BTreeSet::new();
    for h in &s.hits {
        match h.cue {
            Cue::Concept(_) | Cue::Tool => {
                covered[h.words.0..h.words.1]
                    .iter_mut()
                    .for_each(|c| *c = true);
                terms.insert(h.words);
            }
            Cue::Function => {
                function.insert(h.words.0);
            }
            _ => {}
        }
    }
    let covered = covered.iter().filter(|c| **c).count();
    (terms.len() >= 6
        && covered * 100 >= n * ap.list_ratio as usize
        && function.len() < 2
        && !s.reason)
        .then(|| {
            s.evidence(vec![format!(
                "{covered} of {n} words are rubric or tool names"
            )])
        })
}

/// Sentences that list tools and give no number or reason for them.
fn tool_lists(ap: &crate::rubric::AntiPattern, sentences: &[Analysed<'_>]) -> Vec<Evidence> {
    sentences
        .iter()
        .filter(|s| !s.reason && !s.number && s.void != Some(Void::Language))
        .filter_map(|s| {
            let tools: BTreeSet<String> = s
                .hits
                .iter()
                .filter(|h| h.cue == Cue::Tool)
                .map(|h| s.words_text(h.words).to_lowercase())
                .collect();
            (tools.len() >= ap.min_tools).then(|| s.evidence(tools.into_iter().collect()))
        })
        .collect()
}

/// A measured run time ("it runs in 40 ms") stated with no budget, reason or
/// bound beside it.
fn runtimes_without_budget(sentences: &[Analysed<'_>]) -> Vec<Evidence> {
    sentences
        .iter()
        .filter(|s| s.void.is_none() && !s.heading && !s.has(Cue::Budget) && !s.reason && !s.bound)
        .filter_map(|s| {
            let quote = s.quote();
            s.times_ms()
                .into_iter()
                .find(|(_, r)| {
                    let ahead = super::analyse::before(&quote, r.start, 22);
                    RUNS_IN.iter().any(|w| ahead.contains(w))
                })
                .map(|(_, r)| s.evidence(vec![quote[r].to_string()]))
        })
        .collect()
}
fn premature_streaming(
    ap: &crate::rubric::AntiPattern,
    sentences: &[Analysed<'_>],
) -> Vec<Evidence> {
    let (Some(stream), Some(batch)) = (ap.concept, ap.alternative) else {
        return Vec::new();
    };
    let in_scope: Vec<&Analysed<'_>> = sentences
        .iter()
        .filter(|s| s.void.is_none() && (ap.phases.is_empty() || ap.phases.contains(&s.phase)))
        .collect();
    let mentions = |s: &Analysed<'_>, k: usize| {
        s.hits
            .iter()
            .any(|h| h.cue == Cue::Concept(k) && !h.negated)
    };
    if in_scope.iter().any(|s| mentions(s, batch)) {
        return Vec::new();
    }
    in_scope
        .iter()
        .filter(|s| mentions(s, stream) && !s.reason && !s.duration)
        .map(|s| {
            let words = s
                .hits
                .iter()
                .find(|h| h.cue == Cue::Concept(stream))
                .map(|h| h.words)
                .unwrap_or((0, 1));
            s.evidence(vec![s.words_text(words)])
        })
        .take(1)
        .collect()
}
