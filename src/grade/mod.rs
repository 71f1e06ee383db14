//! Deterministic grading of a transcript, or of a written design, against the rubric.
//!
//! The pipeline, all pure: keep the candidate's answers → split them into
//! sentences and words → find every rubric phrase and pattern ([`analyse`]) →
//! void what earns nothing by rule: other languages, notes to the grader,
//! recitals of the rubric, echoes, bogus reasons, hedges, strings of keywords
//! ([`flags`]) → hold the answer to the case's facts and spot contradictions
//! ([`grounding`]) → judge each criterion with its substance, phase and
//! per-sentence caps ([`judge`]) → score, penalise anti-patterns, give the
//! verdict ([`score`]). [`report`] is the JSON contract, [`view`] its reading
//! order, [`render`] its renderings.
//!
//! Same input and rubric, same report, byte for byte: nothing here reads a
//! clock, a random source or a hash map's iteration order.

mod analyse;
mod criteria;
mod flags;
mod grounding;
mod judge;
mod language;
pub mod markdown;
mod negation;
pub mod render;
pub mod report;
mod score;
pub mod view;
mod written;

use std::collections::{BTreeMap, BTreeSet};

pub use report::{
    CriterionResult, DimensionResult, Evidence, Finding, GRADER_VERSION, Language, Mistake, Mode,
    NearMiss, REPORT_SCHEMA, Report, RubricRef, ScenarioFit, Score, Status, TranscriptRef, Voided,
};
pub use score::{by_impact, gap_follow_ups};

use crate::prompts::Facts;
use crate::rubric::{Cue, Rubric};
use crate::transcript::{Role, Turn};
use analyse::{Analysed, Lexicon, Void};

mod limits;
use criteria::{Judged, counts, hints_taken, judge_criteria};
use language::language_note;
use limits::{caps, mistakes};

/// What to grade.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub session: &'a str,
    pub scenario: &'a str,
    /// The case's facts, when the scenario is known: answers are held to them.
    pub facts: Option<&'a Facts>,
    pub turns: &'a [Turn],
    pub mode: Mode,
}

/// Most sentences the report lists as voided.
const VOIDED_SHOWN: usize = 12;

/// One candidate sentence as the grader read it, for the listening interviewer:
/// where it is and whether it held anything concrete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub seq: u64,
    /// The sentence, verbatim.
    pub quote: String,
    /// A number, a time, or a key or field name. (A component doing something,
    /// or "if it breaks we fix it", is not specific enough here.)
    pub specific: bool,
    /// Any mechanism the grader recognises, a component at work or a
    /// condition with its action included.
    pub mechanism: bool,
    /// A hedge ("as needed", "robust") with no number.
    pub hedged: bool,
}

/// Grades the turns. Only candidate turns earn credit; each interviewer turn is
/// used to spot candidate sentences that merely echo it.
pub fn grade(rubric: &Rubric, input: &Input<'_>) -> Report {
    grade_and_read(rubric, input).0
}

/// [`grade`], and every candidate sentence as it was read: one analysis for the
/// grade and for what the interviewer heard.
pub fn grade_and_read(rubric: &Rubric, input: &Input<'_>) -> (Report, Vec<Said>) {
    let Read {
        lexicon,
        mut sentences,
        candidate_turns,
        foreign,
    } = read(rubric, input);
    let candidate_words = sentences.iter().map(|s| s.places.len()).sum();
    analyse::lend_sections(&mut sentences);
    flags::mark_voids(
        rubric,
        &lexicon,
        &mut sentences,
        &foreign.keys().copied().collect(),
        input.mode,
    );
    let stuffing = flags::mark_stuffing(rubric, &mut sentences, candidate_turns);
    if input.mode == Mode::Written {
        analyse::unlist(&mut sentences);
        analyse::lend_neighbours(&mut sentences);
    }

    let (mistakes, undone) = mistakes(rubric, &lexicon, input.facts, &sentences);
    let caps = caps(rubric, &sentences, &undone, input.mode);
    let fit = input
        .facts
        .map(|f| grounding::fit(rubric, f, &sentences, &lexicon));
    let off_scenario = fit.as_ref().is_some_and(|f| f.off_scenario);
    let hints = hints_taken(input.turns);
    let judged = Judged {
        undone: &undone,
        caps: &caps,
        off_scenario,
        mode: input.mode,
        hints: &hints,
    };
    let (criteria, dimensions) = judge_criteria(rubric, &sentences, &judged);
    let counted = |i: usize| counts(rubric, i, input.mode);
    let (weights, weighted) = dimensions
        .iter()
        .enumerate()
        .filter(|(i, _)| counted(*i))
        .fold((0u64, 0u64), |(w, s), (_, d)| {
            let weight = u64::from(d.weight);
            (w + weight, s + weight * u64::from(d.score.0))
        });
    let base = u32::try_from(score::div_round(weighted, weights)).unwrap_or(1000);
    let anti_patterns = flags::detect(rubric, &sentences, stuffing, &dimensions, input.mode);
    let mistake_count = u32::try_from(mistakes.len()).unwrap_or(u32::MAX);
    let penalty: u32 = anti_patterns.iter().map(|f| f.penalty * 10).sum::<u32>()
        + rubric.settings.mistake_penalty * mistake_count.min(rubric.settings.mistake_max) * 10;
    let score = Score(base.saturating_sub(penalty));
    let (band, capped_by) = score::verdict(rubric, score, &dimensions, input.mode);
    let dimensions: Vec<DimensionResult> = dimensions
        .into_iter()
        .enumerate()
        .filter(|(i, _)| counted(*i))
        .map(|(_, d)| d)
        .collect();
    let said = said(&sentences);
    let report = Report {
        schema: REPORT_SCHEMA,
        grader_version: GRADER_VERSION,
        rubric: RubricRef {
            id: rubric.id.clone(),
            version: rubric.version.clone(),
            sha256: rubric.sha256.clone(),
            level: rubric.level().id.clone(),
        },
        transcript: TranscriptRef {
            session: input.session.to_string(),
            scenario: input.scenario.to_string(),
            candidate_turns,
            candidate_words,
        },
        mode: input.mode,
        score,
        verdict: rubric.bands[band].name.clone(),
        capped_by,
        dimensions,
        criteria,
        anti_patterns,
        mistakes,
        voided: voided(&sentences),
        language: language_note(&foreign, candidate_turns),
        scenario_fit: fit,
    };
    (report, said)
}

/// The candidate's turns, analysed sentence by sentence against the rubric.
struct Read<'t> {
    lexicon: Lexicon,
    sentences: Vec<Analysed<'t>>,
    candidate_turns: usize,
    /// Candidate turns (by index) written in another language, and its code.
    foreign: BTreeMap<usize, &'static str>,
}

/// Reads every answer: its sentences analysed, each against the interviewer's
/// question before it (which an answer may only echo), and its language.
fn read<'t>(rubric: &Rubric, input: &Input<'t>) -> Read<'t> {
    let mut lexicon = Lexicon::default();
    let mut sentences = Vec::new();
    let mut echo_of: Vec<Vec<u32>> = Vec::new();
    let mut asked_words: Vec<u32> = Vec::new();
    let mut candidate_turns = 0;
    let mut foreign: BTreeMap<usize, &'static str> = BTreeMap::new();
    // The interviewer's last turn before an answer: its words are what an answer
    // could echo. It is read only when an answer follows it.
    let mut last_asked: Option<&Turn> = None;
    for t in input.turns {
        match t.role {
            // A hint is not the question an answer could echo.
            Role::Interviewer if t.kind == Some(crate::vocab::TurnKind::Hint) => {}
            Role::Interviewer if input.mode == Mode::Interview => last_asked = Some(t),
            Role::Interviewer => {}
            Role::Candidate if !t.skipped && !t.text.trim().is_empty() => {
                if let Some(asked) = last_asked.take() {
                    echo_of = crate::text::sentence_spans(&asked.text)
                        .into_iter()
                        .map(|s| {
                            let mut ids = Vec::new();
                            crate::text::each_word(&asked.text, s.span, |w, _| {
                                ids.push(lexicon.learn_one(w, &rubric.spelling));
                            });
                            analyse::sorted_set(&ids)
                        })
                        .collect();
                    asked_words = analyse::sorted_set(&echo_of.concat());
                }
                let analysed = analyse::analyse(
                    rubric,
                    &mut lexicon,
                    candidate_turns,
                    t,
                    &echo_of,
                    &asked_words,
                );
                // English function words (already found) settle most turns at
                // once; only a turn with few of them is checked word by word.
                let (words, function) = analysed.iter().fold((0, 0), |(w, f), s| {
                    let n = s.hits.iter().filter(|h| h.cue == Cue::Function).count();
                    (w + s.places.len(), f + n)
                });
                if function * 100 < words * 15 {
                    let words = analysed
                        .iter()
                        .flat_map(|s| s.ids.iter().map(|&id| lexicon.normal(id)));
                    if let Some((code, _)) = language::not_english(&t.text, words) {
                        foreign.insert(candidate_turns, code);
                    }
                }
                sentences.extend(analysed);
                candidate_turns += 1;
            }
            Role::Candidate => {}
        }
    }
    Read {
        lexicon,
        sentences,
        candidate_turns,
        foreign,
    }
}

/// What the interviewer hears of each sentence.
fn said(sentences: &[Analysed<'_>]) -> Vec<Said> {
    sentences
        .iter()
        .map(|s| Said {
            seq: s.seq,
            quote: s.quote(),
            specific: s.number
                || s.duration
                || matches!(
                    s.mechanism,
                    Some(analyse::Mechanism::Number | analyse::Mechanism::Key)
                ),
            mechanism: s.mechanism.is_some() || s.number || s.duration,
            hedged: s.void == Some(Void::Hedged) || flags::hedged(s, Mode::Interview),
        })
        .collect()
}

/// The sentences voided by a rule, for the report (languages are reported apart).
fn voided(sentences: &[Analysed<'_>]) -> Vec<Voided> {
    sentences
        .iter()
        .filter_map(|s| match s.void {
            Some(Void::Language) | None => None,
            Some(v) => Some(Voided {
                seq: s.seq,
                phase: s.phase,
                quote: s.quote(),
                why: v.why().to_string(),
            }),
        })
        .take(VOIDED_SHOWN)
        .collect()
}

/// Grades a written design: each paragraph of its prose (see
/// [`written::prose`]) is one answer, no phases.
pub fn grade_written(
    rubric: &Rubric,
    facts: Option<&crate::prompts::Facts>,
    scenario: &str,
    w: &str,
    name: &str,
) -> Report {
    let w = written::prose(w);
    let turns: Vec<crate::transcript::Turn> = w
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .enumerate()
        .map(|(i, p)| crate::transcript::Turn {
            seq: i as u64 + 1,
            ..crate::transcript::Turn::new(
                crate::vocab::Role::Candidate,
                crate::vocab::Phase::Scenario,
                p,
            )
        })
        .collect();
    grade(
        rubric,
        &Input {
            session: name,
            scenario,
            facts,
            turns: &turns,
            mode: Mode::Written,
        },
    )
}

/// Grades a saved transcript at the level it was interviewed at (its
/// header's; `rubric`'s own when the rubric does not define that level): its
/// turns, under its own session id and scenario, held to `facts` when its
/// scenario is known.
pub fn grade_transcript(
    rubric: &Rubric,
    facts: Option<&Facts>,
    t: &crate::transcript::Transcript,
) -> Report {
    match at_level(rubric, t.header.level()) {
        Ok(levelled) => grade_transcript_at(&levelled, facts, t),
        Err(_) => grade_transcript_at(rubric, facts, t),
    }
}

/// `rubric` judged at `level`: itself when it already is, else derived.
pub fn at_level<'r>(
    rubric: &'r Rubric,
    level: &str,
) -> Result<std::borrow::Cow<'r, Rubric>, crate::rubric::UnknownLevel> {
    if rubric.level().id == level {
        Ok(std::borrow::Cow::Borrowed(rubric))
    } else {
        rubric.at_level(level).map(std::borrow::Cow::Owned)
    }
}

/// Grades a saved transcript at `rubric`'s level, whatever level it was
/// interviewed at (`grade --level`).
pub fn grade_transcript_at(
    rubric: &Rubric,
    facts: Option<&Facts>,
    t: &crate::transcript::Transcript,
) -> Report {
    let turns: Vec<Turn> = t.turns().cloned().collect();
    grade(
        rubric,
        &Input {
            session: &t.header.session,
            scenario: &t.header.scenario,
            facts,
            turns: &turns,
            mode: Mode::Interview,
        },
    )
}

/// The language of a text when it is clearly not English (its code and name),
/// as the grader judges it.
pub fn not_english(text: &str) -> Option<(&'static str, &'static str)> {
    let words = crate::text::tokens_of(text);
    language::not_english(text, words.iter().map(String::as_str))
}

/// The ids of the rubric concepts a text mentions without negating them, in
/// rubric order. The interview guard uses it to spot a model giving answers away.
pub fn concepts_in(rubric: &Rubric, text: &str) -> Vec<String> {
    let mut lexicon = Lexicon::default();
    let mut found = BTreeSet::new();
    for sentence in crate::text::sentence_spans(text) {
        let mut ids = Vec::new();
        let mut places = Vec::new();
        crate::text::each_word(text, sentence.span, |w, place| {
            ids.push(lexicon.learn_one(w, &rubric.spelling));
            places.push(place);
        });
        lexicon.stem_all(&ids);
        for h in lexicon.hits(rubric, &ids, &places) {
            if let Cue::Concept(k) = h.cue {
                if !h.negated {
                    found.insert(k);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|k| rubric.concepts[k].id.clone())
        .collect()
}

/// What the case's strong reference answer (`answers/<id>.txt`, read as a
/// piped interview reads it: `answers`) says on each criterion it meets: criterion id → the sentence that
/// earned it. The report shows it under a gap, labelled as the reference's,
/// so a candidate sees what a strong answer says on that point in this case.
pub fn strong_examples(
    rubric: &Rubric,
    facts: Option<&Facts>,
    scenario: &str,
    answers: &[String],
) -> BTreeMap<String, String> {
    let paragraphs = answers.join("\n\n");
    let report = grade_written(rubric, facts, scenario, &paragraphs, "reference");
    let met: Vec<&CriterionResult> = report
        .criteria
        .iter()
        .filter(|c| c.status == Status::Met)
        .collect();
    // How many points each sentence earned: of a criterion's sentences, the
    // one that earned the fewest other points is most about it ("Integrity
    // flags need a stream because…" for batch or stream, not the sentence
    // about the raw layer that also earned four other points).
    // A count of sentences (reasoned choices) is about how a sentence is
    // put, not what it is about: it does not make a sentence less about its
    // topic.
    let a_count = |id: &str| {
        rubric
            .criteria
            .iter()
            .any(|c| c.id == id && c.kind == crate::rubric::Kind::Sentences)
    };
    let mut credited: BTreeMap<&str, usize> = BTreeMap::new();
    for c in met.iter().filter(|c| !a_count(&c.id)) {
        let quotes: BTreeSet<&str> = c.evidence.iter().map(|e| e.quote.as_str()).collect();
        for q in quotes {
            *credited.entry(q).or_default() += 1;
        }
    }
    met.iter()
        .filter_map(|c| {
            let best = c
                .evidence
                .iter()
                .min_by_key(|e| credited.get(e.quote.as_str()).copied().unwrap_or(0))?;
            Some((c.id.clone(), best.quote.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests;
