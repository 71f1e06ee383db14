//! Deterministic grading of a transcript against the rubric.
//!
//! The pipeline, all pure: keep the candidate's turns → split into sentences and
//! words ([`text`]) → find every phrase of the rubric with the compiled automata →
//! drop hits that are negated, that echo the interviewer, or that sit in stuffed
//! text → judge each criterion (with its substance and phase rules) → detect
//! anti-patterns → score with integer arithmetic → verdict with bands and gates.
//!
//! Same transcript and rubric, same report, byte for byte: nothing here reads a
//! clock, a random source or a hash map's iteration order.

pub mod render;
pub mod view;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::interview::Gap;
use crate::rubric::{Criterion, Cue, Detector, Kind, Matcher, Needs, Negation, Rubric};
use crate::text::{self, Sentence, Stemmer};
use crate::transcript::{Role, Turn};
use crate::vocab::Phase;

/// Version of the report format.
pub const REPORT_SCHEMA: u32 = 1;
/// Version of the grading logic; bumped whenever the same input could grade differently.
pub const GRADER_VERSION: &str = "1.0.0";

/// Words a negation cue reaches before a concept, and after it.
const NEGATION_BEFORE: usize = 6;
const NEGATION_AFTER: usize = 6;
/// Token-set overlap (percent) above which a sentence counts as an echo of the interviewer.
const ECHO_OVERLAP: usize = 60;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|trillion|dozen|half)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A measured runtime: digits and a time unit (`200 ms`, `2-hour`, `1.5s`).
const RUNTIME_PATTERN: &str = r"\b\d+(?:[.,]\d+)?\s?-?(?:ms|msec|millis(?:econds?)?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?)\b";

static RUNTIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("(?i){RUNTIME_PATTERN}")).unwrap_or_else(|e| unreachable!("{e}"))
});

/// A time target in any form: a runtime, a spelled-out one (`five minutes`, `an
/// hour`), or a freshness tier (`hourly`, `sub-second`).
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    let words = concat!(
        r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|sixty|few|half an?)[\s-]+",
        r"(?:milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\b",
        r"|\b(?:hourly|daily|nightly|weekly|sub[\s-]?second|sub[\s-]?minute)\b",
    );
    Regex::new(&format!("(?i){RUNTIME_PATTERN}|{words}")).unwrap_or_else(|e| unreachable!("{e}"))
});

/// A score from 0 to 100 with one decimal, kept as tenths so arithmetic is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Score(pub u32);

impl Score {
    pub fn tenths(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 10.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranscriptRef {
    pub session: String,
    pub scenario: String,
    pub candidate_turns: usize,
    pub candidate_words: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionResult {
    pub id: String,
    pub title: String,
    pub weight: u32,
    pub score: Score,
}

/// A quoted sentence and what in it mattered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The candidate turn's `seq` in the transcript.
    pub seq: u64,
    pub phase: Phase,
    pub quote: String,
    pub matched: Vec<String>,
}

/// A mention that earned nothing, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NearMiss {
    pub seq: u64,
    pub phase: Phase,
    pub quote: String,
    pub matched: Vec<String>,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Partial,
    Missed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub dimension: String,
    pub status: Status,
    pub points: u32,
    /// Points earned, with one decimal.
    pub earned: Score,
    pub evidence: Vec<Evidence>,
    pub near_misses: Vec<NearMiss>,
    pub hint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: String,
    pub count: u32,
    /// Points taken off the 0–100 score.
    pub penalty: u32,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// The grade of one transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema: u32,
    pub grader_version: &'static str,
    pub rubric: RubricRef,
    pub transcript: TranscriptRef,
    pub score: Score,
    pub verdict: String,
    /// Gates that capped the verdict, with their reasons.
    pub capped_by: Vec<String>,
    pub dimensions: Vec<DimensionResult>,
    pub criteria: Vec<CriterionResult>,
    pub anti_patterns: Vec<Finding>,
}

/// A phrase found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    cue: Cue,
    /// Word indices in the sentence, end exclusive.
    words: (usize, usize),
    /// For concept hits: a negation cue reaches it. Computed once per sentence.
    negated: bool,
}

/// One candidate sentence, analysed.
#[derive(Debug)]
struct Analysed<'t> {
    turn: usize,
    seq: u64,
    phase: Phase,
    text: &'t str,
    sentence: Sentence,
    hits: Vec<Hit>,
    reason: bool,
    number: bool,
    duration: bool,
    runtime: bool,
    /// Earns nothing: an echo of the interviewer, or stuffed.
    void: Option<Void>,
    /// For a question: the words of the interviewer's last turn. A question earns
    /// nothing for words it merely hands back ("so the p99 budget is 50 ms?").
    asked: Option<Vec<u32>>,
    /// The lexicon id of each word, parallel to `sentence.tokens`.
    ids: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Void {
    Echo,
    Stuffed,
}

impl Analysed<'_> {
    fn quote(&self) -> String {
        self.text[self.sentence.span.clone()].to_string()
    }

    fn words_text(&self, words: (usize, usize)) -> String {
        let t = &self.sentence.tokens;
        let span: Range<usize> = t[words.0].span.start..t[words.1 - 1].span.end;
        self.text[span].to_string()
    }

    fn has(&self, cue: Cue) -> bool {
        self.hits.iter().any(|h| h.cue == cue)
    }

    fn evidence(&self, matched: Vec<String>) -> Evidence {
        Evidence {
            seq: self.seq,
            phase: self.phase,
            quote: self.quote(),
            matched,
        }
    }
}

/// Finds every pattern of `matcher` in the words of a sentence.
fn find(matcher: &Matcher, words: &[&str], out: &mut Vec<Hit>) {
    let mut stream = String::with_capacity(words.iter().map(|w| w.len() + 1).sum::<usize>() + 1);
    let mut starts = Vec::with_capacity(words.len());
    stream.push(' ');
    for w in words {
        starts.push(stream.len());
        stream.push_str(w);
        stream.push(' ');
    }
    for m in matcher.automaton.find_overlapping_iter(&stream) {
        let pid = m.pattern().as_usize();
        let Ok(first) = starts.binary_search(&(m.start() + 1)) else {
            continue;
        };
        let words = (first, first + matcher.lengths[pid]);
        for &cue in &matcher.meanings[pid] {
            out.push(Hit {
                cue,
                words,
                negated: false,
            });
        }
    }
}

fn analyse<'t>(
    rubric: &Rubric,
    lexicon: &mut Lexicon,
    turn: usize,
    t: &'t Turn,
    echo_of: &[Vec<u32>],
    asked_words: &[u32],
) -> Vec<Analysed<'t>> {
    text::sentences(&t.text)
        .into_iter()
        .map(|sentence| {
            let words: Vec<&str> = sentence.tokens.iter().map(|k| k.text.as_str()).collect();
            let (ids, stems) = lexicon.learn(&words);
            let mut hits = Vec::new();
            find(&rubric.surface, &words, &mut hits);
            find(&rubric.stemmed, &stems, &mut hits);
            hits.sort_by_key(|h| (h.words, h.cue));
            hits.dedup();
            let negations: Vec<bool> = hits
                .iter()
                .map(|h| {
                    matches!(h.cue, Cue::Concept(_)) && negated(&hits, &sentence.tokens, h.words)
                })
                .collect();
            for (h, n) in hits.iter_mut().zip(negations) {
                h.negated = n;
            }
            let raw = &t.text[sentence.span.clone()];
            let set = sorted_set(&ids);
            let echo = set.len() >= 3
                && echo_of.iter().any(|theirs| {
                    let common = common_count(&set, theirs);
                    let union = set.len() + theirs.len() - common;
                    common * 100 >= union * ECHO_OVERLAP
                });
            let asked = sentence.question.then(|| asked_words.to_vec());
            Analysed {
                turn,
                seq: t.seq,
                phase: t.phase,
                text: &t.text,
                reason: hits.iter().any(|h| h.cue == Cue::Reason),
                number: NUMBER.is_match(raw),
                duration: DURATION.is_match(raw),
                runtime: RUNTIME.is_match(raw),
                hits,
                sentence,
                void: echo.then_some(Void::Echo),
                asked,
                ids,
            }
        })
        .collect()
}

/// Every distinct word of a grading run, with an integer id (so word sets compare
/// as integers) and its stem (computed once: the same words recur in every turn).
#[derive(Default)]
struct Lexicon {
    stemmer: Stemmer,
    words: std::collections::HashMap<String, (u32, String)>,
}

impl Lexicon {
    /// The ids and stems of `words`, learning any new ones.
    fn learn<'a>(&'a mut self, words: &[&str]) -> (Vec<u32>, Vec<&'a str>) {
        for w in words {
            if !self.words.contains_key(*w) {
                let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
                let stem = self.stemmer.stem(w);
                self.words.insert((*w).to_string(), (id, stem));
            }
        }
        let entries: Vec<&(u32, String)> =
            words.iter().filter_map(|w| self.words.get(*w)).collect();
        (
            entries.iter().map(|e| e.0).collect(),
            entries.iter().map(|e| e.1.as_str()).collect(),
        )
    }
}

fn sorted_set(ids: &[u32]) -> Vec<u32> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Size of the intersection of two sorted sets.
fn common_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// True when a negation cue reaches the words `w` of the sentence.
fn negated(hits: &[Hit], tokens: &[text::Token], w: (usize, usize)) -> bool {
    let inside_pseudo = |x: (usize, usize)| {
        hits.iter()
            .any(|p| p.cue == Cue::Pseudo && p.words.0 <= x.0 && x.1 <= p.words.1)
    };
    let is = |cue: Cue, i: usize| {
        hits.iter()
            .any(|h| h.cue == cue && h.words.0 <= i && i < h.words.1)
    };
    let cue_at = |cue: Cue, i: usize| {
        hits.iter()
            .any(|h| h.cue == cue && h.words.0 == i && !inside_pseudo(h.words))
    };
    // Before: walk back from the concept, stopping at a stop word or a comma.
    let lo = w.0.saturating_sub(NEGATION_BEFORE);
    for i in (lo..w.0).rev() {
        if is(Cue::Stop, i) || tokens[i].comma_after {
            break;
        }
        if cue_at(Cue::NegBefore, i) {
            return true;
        }
    }
    // After: walk forward, stopping the same way.
    if tokens[w.1 - 1].comma_after {
        return false;
    }
    let hi = (w.1 + NEGATION_AFTER).min(tokens.len());
    for (i, token) in tokens.iter().enumerate().take(hi).skip(w.1) {
        if is(Cue::Stop, i) {
            break;
        }
        if cue_at(Cue::NegAfter, i) {
            return true;
        }
        if token.comma_after {
            break;
        }
    }
    false
}

/// Marks stuffed text void and returns (turn index or sentence) findings for the detector.
fn mark_stuffing<'t>(
    rubric: &Rubric,
    sentences: &mut [Analysed<'t>],
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
            .filter(|&i| sentences[i].turn == turn)
            .collect();
        let words: usize = idx
            .iter()
            .map(|&i| sentences[i].sentence.tokens.len())
            .sum();
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
        let dense = words >= ap.min_words
            && concepts.len() * 100 > words * ap.max_density as usize
            && function_words * 100 < words * ap.min_function_share as usize;
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
            let s = &sentences[i];
            let n = s.sentence.tokens.len();
            if n < 5 {
                continue;
            }
            let mut covered = vec![false; n];
            let mut function = BTreeSet::new();
            for h in &s.hits {
                match h.cue {
                    Cue::Concept(_) | Cue::Tool => covered[h.words.0..h.words.1]
                        .iter_mut()
                        .for_each(|c| *c = true),
                    Cue::Function => {
                        function.insert(h.words.0);
                    }
                    _ => {}
                }
            }
            let covered = covered.iter().filter(|c| **c).count();
            if covered * 100 >= n * ap.list_ratio as usize && function.len() < 2 && !s.reason {
                found.push(s.evidence(vec![format!(
                    "{covered} of {n} words are rubric or tool names"
                )]));
                sentences[i].void = Some(Void::Stuffed);
            }
        }
    }
    found
}

/// Why a hit did not earn credit for a criterion, or its credit factor (percent).
fn qualify(c: &Criterion, s: &Analysed<'_>, hit: &Hit) -> Result<u32, String> {
    let words = hit.words;
    match s.void {
        Some(Void::Echo) => return Err("repeats the interviewer's question".into()),
        Some(Void::Stuffed) => return Err("part of a string of keywords".into()),
        None => {}
    }
    if let Some(asked) = &s.asked {
        if s.ids[words.0..words.1]
            .iter()
            .all(|id| asked.binary_search(id).is_ok())
        {
            return Err("repeats the interviewer's words in a question".into());
        }
    }
    if c.negation == Negation::Reject && hit.negated {
        return Err("mentioned, but negated".into());
    }
    match c.needs {
        Some(Needs::Reason) if !s.reason => {
            return Err("mentioned without a reason (because, so that, instead of…)".into());
        }
        Some(Needs::Number) if !s.number => return Err("mentioned without a number".into()),
        Some(Needs::Duration) if !s.duration => {
            return Err("mentioned without a number and a time unit".into());
        }
        Some(Needs::Runtime) if !s.runtime => {
            return Err(
                "mentioned without a measured time (digits and a unit, such as 50 ms)".into(),
            );
        }
        Some(Needs::ReasonOrNumber) if !s.reason && !s.number => {
            return Err("mentioned without a reason or a number".into());
        }
        _ => {}
    }
    if c.phases.is_empty() || c.phases.contains(&s.phase) {
        return Ok(100);
    }
    let names: Vec<&str> = c.phases.iter().map(|p| p.as_str()).collect();
    if c.off_phase_credit == 0 {
        return Err(format!("mentioned outside the {} phase", names.join("/")));
    }
    Ok(c.off_phase_credit)
}

/// Records why a mention earned nothing.
type NoteMiss<'x> = dyn FnMut(&Analysed<'_>, (usize, usize), String) + 'x;

struct Judged {
    factor: u32,
    evidence: Vec<Evidence>,
    near_misses: Vec<NearMiss>,
}

fn concept_hits<'a>(
    sentences: &'a [Analysed<'a>],
    index: &'a ConceptIndex,
    concept: usize,
) -> impl Iterator<Item = (&'a Analysed<'a>, &'a Hit)> + 'a {
    index[concept].iter().map(move |(i, h)| (&sentences[*i], h))
}

/// For each concept, its hits as (sentence index, hit), in text order, without the
/// hits its `not_if` phrases rule out.
type ConceptIndex = Vec<Vec<(usize, Hit)>>;

fn index_concepts(concepts: usize, sentences: &[Analysed<'_>]) -> ConceptIndex {
    let mut index = vec![Vec::new(); concepts];
    for (i, s) in sentences.iter().enumerate() {
        for h in &s.hits {
            let Cue::Concept(k) = h.cue else { continue };
            let ruled_out = s
                .hits
                .iter()
                .any(|n| n.cue == Cue::NotIf(k) && n.words.0 < h.words.1 && h.words.0 < n.words.1);
            if !ruled_out {
                index[k].push((i, *h));
            }
        }
    }
    index
}

fn judge(c: &Criterion, sentences: &[Analysed<'_>], index: &ConceptIndex) -> Judged {
    let mut near_misses: Vec<NearMiss> = Vec::new();
    let mut note_miss = |s: &Analysed<'_>, w: (usize, usize), why: String| {
        if near_misses.len() < 2
            && !near_misses
                .iter()
                .any(|m| m.seq == s.seq && m.quote == s.quote())
        {
            near_misses.push(NearMiss {
                seq: s.seq,
                phase: s.phase,
                quote: s.quote(),
                matched: vec![s.words_text(w)],
                why,
            });
        }
    };
    // Best qualifying hit per concept: (factor, evidence).
    let mut best: Vec<Option<(u32, Evidence)>> = vec![None; c.concepts.len()];
    if c.kind != Kind::Near {
        for (ci, &concept) in c.concepts.iter().enumerate() {
            for (s, hit) in concept_hits(sentences, index, concept) {
                let w = hit.words;
                match qualify(c, s, hit) {
                    Ok(f) => {
                        if best[ci].as_ref().is_none_or(|(bf, _)| f > *bf) {
                            best[ci] = Some((f, s.evidence(vec![s.words_text(w)])));
                        }
                        if f < 100 {
                            let names: Vec<&str> = c.phases.iter().map(|p| p.as_str()).collect();
                            note_miss(
                                s,
                                w,
                                format!(
                                    "mentioned outside the {} phase: {f}% credit",
                                    names.join("/")
                                ),
                            );
                        }
                    }
                    Err(why) => note_miss(s, w, why),
                }
            }
        }
    }
    let factor_of = |b: &Option<(u32, Evidence)>| b.as_ref().map_or(0, |(f, _)| *f);
    let (factor, evidence) = match c.kind {
        Kind::Any => {
            let top = best.iter().map(factor_of).max().unwrap_or(0);
            let ev = best
                .iter()
                .flatten()
                .filter(|(f, _)| *f == top && top > 0)
                .map(|(_, e)| e.clone())
                .take(2)
                .collect();
            (top, ev)
        }
        Kind::All => {
            let low = best.iter().map(factor_of).min().unwrap_or(0);
            let ev = if low > 0 {
                best.iter().flatten().map(|(_, e)| e.clone()).collect()
            } else {
                Vec::new()
            };
            (low, ev)
        }
        Kind::Distinct => {
            let mut fs: Vec<u32> = best.iter().map(factor_of).collect();
            fs.sort_unstable_by(|a, b| b.cmp(a));
            let sum: u32 = fs.iter().take(c.min).sum();
            let ev = best.iter().flatten().map(|(_, e)| e.clone()).collect();
            (sum / c.min as u32, ev)
        }
        Kind::Near => judge_near(c, sentences, index, &mut note_miss),
    };
    let mut evidence: Vec<Evidence> = evidence;
    merge_same_sentence(&mut evidence);
    Judged {
        factor,
        evidence,
        near_misses,
    }
}

/// Evidence items from one sentence become one item with every matched phrase.
fn merge_same_sentence(evidence: &mut Vec<Evidence>) {
    let mut merged: Vec<Evidence> = Vec::new();
    for e in evidence.drain(..) {
        match merged
            .iter_mut()
            .find(|m| m.seq == e.seq && m.quote == e.quote)
        {
            Some(m) => {
                for x in e.matched {
                    if !m.matched.contains(&x) {
                        m.matched.push(x);
                    }
                }
            }
            None => merged.push(e),
        }
    }
    merged.sort_by(|a, b| (a.seq, &a.quote).cmp(&(b.seq, &b.quote)));
    *evidence = merged;
}

fn judge_near(
    c: &Criterion,
    sentences: &[Analysed<'_>],
    index: &ConceptIndex,
    note_miss: &mut NoteMiss<'_>,
) -> (u32, Vec<Evidence>) {
    let Some(&first) = c.concepts.first() else {
        return (0, Vec::new());
    };
    let mut candidates: Vec<usize> = index[first].iter().map(|(i, _)| *i).collect();
    candidates.dedup();
    let mut best: Option<(u32, Evidence)> = None;
    for si in candidates {
        let s = &sentences[si];
        let per_concept: Vec<Vec<&Hit>> = c
            .concepts
            .iter()
            .map(|&k| {
                index[k]
                    .iter()
                    .filter(|(i, _)| *i == si)
                    .map(|(_, h)| h)
                    .collect()
            })
            .collect();
        if per_concept.iter().any(Vec::is_empty) {
            continue;
        }
        let mut usable: Vec<Vec<&Hit>> = Vec::new();
        let mut why = None;
        for hits in &per_concept {
            let ok: Vec<&Hit> = hits
                .iter()
                .copied()
                .filter(|h| match qualify(c, s, h) {
                    Ok(_) => true,
                    Err(e) => {
                        why.get_or_insert(e);
                        false
                    }
                })
                .collect();
            usable.push(ok);
        }
        if usable.iter().any(Vec::is_empty) {
            if let Some(why) = why {
                note_miss(s, per_concept[0][0].words, why);
            }
            continue;
        }
        let starts: Vec<usize> = usable.iter().map(|v| v[0].words.0).collect();
        let spread = starts.iter().max().unwrap_or(&0) - starts.iter().min().unwrap_or(&0);
        if spread > c.within {
            let why = format!(
                "mentioned, but not together (more than {} words apart)",
                c.within
            );
            note_miss(s, usable[0][0].words, why);
            continue;
        }
        let factor = qualify(c, s, usable[0][0]).unwrap_or(0);
        if best.as_ref().is_none_or(|(f, _)| factor > *f) {
            let matched = usable.iter().map(|v| s.words_text(v[0].words)).collect();
            best = Some((factor, s.evidence(matched)));
        }
    }
    match best {
        Some((f, e)) => (f, vec![e]),
        None => (0, Vec::new()),
    }
}

fn detect(
    rubric: &Rubric,
    sentences: &[Analysed<'_>],
    stuffing: Vec<Evidence>,
    dims: &[DimensionResult],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for ap in &rubric.anti_patterns {
        let evidence: Vec<Evidence> = match ap.detector {
            Detector::KeywordStuffing => stuffing.clone(),
            Detector::ToolList => sentences
                .iter()
                .filter(|s| !s.reason && !s.number)
                .filter_map(|s| {
                    let tools: BTreeSet<String> = s
                        .hits
                        .iter()
                        .filter(|h| h.cue == Cue::Tool)
                        .map(|h| s.words_text(h.words).to_lowercase())
                        .collect();
                    (tools.len() >= ap.min_tools).then(|| s.evidence(tools.into_iter().collect()))
                })
                .collect(),
            Detector::RuntimeWithoutBudget => sentences
                .iter()
                .filter(|s| !s.has(Cue::Budget) && !s.reason)
                .filter_map(|s| {
                    let raw = s.quote();
                    RUNTIME
                        .find(&raw)
                        .map(|m| s.evidence(vec![m.as_str().to_string()]))
                })
                .collect(),
            Detector::PrematureStreaming => premature_streaming(ap, sentences),
            Detector::MissingDimension => match ap.dimension {
                Some(d) if dims[d].score.0 == 0 => vec![Evidence {
                    seq: 0,
                    phase: Phase::Done,
                    quote: String::new(),
                    matched: vec![dims[d].id.clone()],
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

/// Grades the turns of a transcript. Only candidate turns earn credit; each
/// interviewer turn is used to spot candidate sentences that merely echo it.
pub fn grade(rubric: &Rubric, session: &str, scenario: &str, turns: &[Turn]) -> Report {
    let mut lexicon = Lexicon::default();
    let mut sentences = Vec::new();
    let mut echo_of: Vec<Vec<u32>> = Vec::new();
    let mut asked_words: Vec<u32> = Vec::new();
    let mut candidate_turns = 0;
    for t in turns {
        match t.role {
            Role::Interviewer => {
                echo_of = text::sentences(&t.text)
                    .iter()
                    .map(|s| {
                        let words: Vec<&str> = s.tokens.iter().map(|k| k.text.as_str()).collect();
                        sorted_set(&lexicon.learn(&words).0)
                    })
                    .collect();
                asked_words = sorted_set(&echo_of.concat());
            }
            Role::Candidate if !t.skipped && !t.text.trim().is_empty() => {
                sentences.extend(analyse(
                    rubric,
                    &mut lexicon,
                    candidate_turns,
                    t,
                    &echo_of,
                    &asked_words,
                ));
                candidate_turns += 1;
            }
            Role::Candidate => {}
        }
    }
    let candidate_words = sentences.iter().map(|s| s.sentence.tokens.len()).sum();
    let stuffing = mark_stuffing(rubric, &mut sentences, candidate_turns);

    let index = index_concepts(rubric.concepts.len(), &sentences);
    let mut criteria = Vec::with_capacity(rubric.criteria.len());
    // Earned points × factor, per dimension, and the points possible.
    let mut earned = vec![0u64; rubric.dimensions.len()];
    let mut possible = vec![0u64; rubric.dimensions.len()];
    for c in &rubric.criteria {
        let j = judge(c, &sentences, &index);
        earned[c.dimension] += u64::from(c.points) * u64::from(j.factor);
        possible[c.dimension] += u64::from(c.points) * 100;
        let status = match j.factor {
            100.. => Status::Met,
            0 => Status::Missed,
            _ => Status::Partial,
        };
        criteria.push(CriterionResult {
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
        });
    }
    let dimensions: Vec<DimensionResult> = rubric
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| DimensionResult {
            id: d.id.clone(),
            title: d.title.clone(),
            weight: d.weight,
            score: Score(u32::try_from(div_round(earned[i] * 1000, possible[i])).unwrap_or(1000)),
        })
        .collect();
    let weights: u64 = dimensions.iter().map(|d| u64::from(d.weight)).sum();
    let weighted: u64 = dimensions
        .iter()
        .map(|d| u64::from(d.weight) * u64::from(d.score.0))
        .sum();
    let base = u32::try_from(div_round(weighted, weights)).unwrap_or(1000);

    let anti_patterns = detect(rubric, &sentences, stuffing, &dimensions);
    let penalty: u32 = anti_patterns.iter().map(|f| f.penalty * 10).sum();
    let score = Score(base.saturating_sub(penalty));

    let (band, capped_by) = verdict(rubric, score, &dimensions);

    Report {
        schema: REPORT_SCHEMA,
        grader_version: GRADER_VERSION,
        rubric: RubricRef {
            id: rubric.id.clone(),
            version: rubric.version.clone(),
            sha256: rubric.sha256.clone(),
        },
        transcript: TranscriptRef {
            session: session.to_string(),
            scenario: scenario.to_string(),
            candidate_turns,
            candidate_words,
        },
        score,
        verdict: rubric.bands[band].name.clone(),
        capped_by,
        dimensions,
        criteria,
        anti_patterns,
    }
}

/// Grades a saved transcript: its turns, under its own session id and scenario.
pub fn grade_transcript(rubric: &Rubric, t: &crate::transcript::Transcript) -> Report {
    let turns: Vec<Turn> = t.turns().cloned().collect();
    grade(rubric, &t.header.session, &t.header.scenario, &turns)
}

/// The verdict band for a score: the first band whose minimums hold, then capped
/// by every gate whose dimension scored below its minimum. Returns the band index
/// and the reasons of the gates that lowered it.
fn verdict(rubric: &Rubric, score: Score, dimensions: &[DimensionResult]) -> (usize, Vec<String>) {
    let mut band = rubric
        .bands
        .iter()
        .position(|b| {
            score.0 >= b.min_score * 10
                && dimensions
                    .iter()
                    .all(|d| d.score.0 >= b.min_each_dimension * 10)
        })
        .unwrap_or(rubric.bands.len() - 1);
    let mut capped_by = Vec::new();
    for g in &rubric.gates {
        if dimensions[g.dimension].score.0 < g.min_score * 10 && band < g.cap {
            band = g.cap;
            capped_by.push(g.reason.clone());
        }
    }
    (band, capped_by)
}

/// The follow-up questions that target unmet criteria, each for the probe it
/// belongs to, weakest first: most points still missing, then rubric order.
/// Deterministic for a report.
pub fn gap_follow_ups(rubric: &Rubric, report: &Report) -> Vec<Gap> {
    by_impact(report)
        .into_iter()
        .filter_map(|i| {
            let c = &rubric.criteria[i];
            let f = c.follow_up.as_ref()?;
            Some(Gap {
                phase: f.phase,
                criterion: c.id.clone(),
                ask: f.ask.clone(),
            })
        })
        .collect()
}

/// Integer division rounded half up; a zero divisor gives zero.
fn div_round(n: u64, d: u64) -> u64 {
    (n + d / 2).checked_div(d).unwrap_or(0)
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
        .filter(|(_, c)| c.status != Status::Met)
        .map(|(i, c)| {
            let missing = u64::from(c.points * 10 - c.earned.0);
            (
                missing * weight(&c.dimension) * 1_000_000 / dimension_points(&c.dimension).max(1),
                i,
            )
        })
        .collect();
    gaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    gaps.into_iter().map(|(_, i)| i).collect()
}

/// The ids of the rubric concepts a text mentions without negating them, in
/// rubric order. The interview guard uses it to spot a model giving answers away.
pub fn concepts_in(rubric: &Rubric, text: &str) -> Vec<String> {
    let mut lexicon = Lexicon::default();
    let mut found = BTreeSet::new();
    for sentence in text::sentences(text) {
        let words: Vec<&str> = sentence.tokens.iter().map(|k| k.text.as_str()).collect();
        let (_, stems) = lexicon.learn(&words);
        let mut hits = Vec::new();
        find(&rubric.surface, &words, &mut hits);
        find(&rubric.stemmed, &stems, &mut hits);
        for h in &hits {
            if let Cue::Concept(k) = h.cue {
                if !negated(&hits, &sentence.tokens, h.words) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::PromptFiles;
    use crate::rubric::RUBRIC_FILE;

    fn rubric() -> Rubric {
        Rubric::compile(PromptFiles::embedded().get(RUBRIC_FILE).unwrap()).unwrap()
    }

    fn turn(seq: u64, role: Role, phase: Phase, text: &str) -> Turn {
        Turn {
            seq,
            role,
            phase,
            kind: None,
            target: None,
            text: text.into(),
            at: String::new(),
            elapsed_ms: 0,
            skipped: false,
            interrupted: false,
            incomplete: None,
            guard: None,
            model_text: None,
            tokens: None,
        }
    }

    /// Grades candidate answers given in the scenario phase.
    fn grade_answers(phase: Phase, answers: &[&str]) -> Report {
        let turns: Vec<Turn> = answers
            .iter()
            .enumerate()
            .map(|(i, a)| turn(i as u64 + 1, Role::Candidate, phase, a))
            .collect();
        grade(&rubric(), "s", "ad-click", &turns)
    }

    fn criterion<'r>(r: &'r Report, id: &str) -> &'r CriterionResult {
        r.criteria.iter().find(|c| c.id == id).unwrap()
    }

    fn finding<'r>(r: &'r Report, id: &str) -> Option<&'r Finding> {
        r.anti_patterns.iter().find(|f| f.id == id)
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let r = grade_answers(
            Phase::Scenario,
            &["We translate the payload and keep it slower than before."],
        );
        assert_eq!(criterion(&r, "monitoring_with_thresholds").near_misses, []);
        let r = grade_answers(
            Phase::Scenario,
            &["We alert when the SLA of 5 minutes is missed."],
        );
        assert_eq!(
            criterion(&r, "monitoring_with_thresholds").status,
            Status::Met
        );
    }

    #[test]
    fn hyphenated_and_spaced_forms_are_the_same_phrase() {
        for text in [
            "We apply back-pressure so the stage slows down.",
            "We apply back pressure so the stage slows down.",
            "We apply backpressure so the stage slows down.",
        ] {
            assert_eq!(
                criterion(&grade_answers(Phase::Scenario, &[text]), "backpressure").status,
                Status::Met,
                "{text}"
            );
        }
    }

    #[test]
    fn negated_mention_earns_no_credit() {
        let r = grade_answers(
            Phase::Scenario,
            &["We don't need retries for this pipeline."],
        );
        let c = criterion(&r, "retries");
        assert_eq!(c.status, Status::Missed);
        assert_eq!(c.near_misses[0].why, "mentioned, but negated");
    }

    #[test]
    fn negation_after_the_concept_counts_too() {
        let r = grade_answers(Phase::Scenario, &["Idempotent writes are overkill here."]);
        assert_eq!(criterion(&r, "idempotent_writes").status, Status::Missed);
    }

    #[test]
    fn no_single_point_of_failure_is_not_a_negation() {
        let r = grade_answers(
            Phase::Scenario,
            &["Each region runs on its own, so there is no single point of failure."],
        );
        assert_eq!(criterion(&r, "failure_isolation").status, Status::Met);
    }

    #[test]
    fn pseudo_negations_and_but_clauses_keep_the_credit() {
        let r = grade_answers(
            Phase::Scenario,
            &["Not only do we retry with exponential backoff, we alert on it."],
        );
        assert_eq!(criterion(&r, "retries").status, Status::Met);
        let r = grade_answers(
            Phase::Scenario,
            &["Streaming is not needed for profiles, but retries are essential."],
        );
        assert_eq!(criterion(&r, "retries").status, Status::Met);
    }

    #[test]
    fn repeating_a_concept_adds_nothing() {
        let once = grade_answers(
            Phase::Scenario,
            &["Writes are idempotent upserts keyed by event id."],
        );
        let many = grade_answers(
            Phase::Scenario,
            &[
                "Writes are idempotent upserts keyed by event id.",
                "Idempotent. Idempotent writes, idempotent everywhere, idempotency.",
            ],
        );
        assert_eq!(
            criterion(&once, "idempotent_writes").earned,
            criterion(&many, "idempotent_writes").earned
        );
        assert!(many.score <= once.score);
    }

    #[test]
    fn only_candidate_turns_earn_credit() {
        let turns = vec![turn(
            1,
            Role::Interviewer,
            Phase::Scenario,
            "Use retries, idempotent writes, lineage tags and back-pressure.",
        )];
        let r = grade(&rubric(), "s", "ad-click", &turns);
        assert!(r.criteria.iter().all(|c| c.status == Status::Missed));
        assert_eq!(r.transcript.candidate_turns, 0);
    }

    #[test]
    fn echoing_the_interviewers_question_earns_nothing() {
        let asked =
            "How would you detect that schema change with a schema registry and validation?";
        let turns = vec![
            turn(1, Role::Interviewer, Phase::SchemaChange, asked),
            turn(
                2,
                Role::Candidate,
                Phase::SchemaChange,
                "How would I detect that schema change with a schema registry and validation?",
            ),
        ];
        let c = criterion(
            &grade(&rubric(), "s", "ad-click", &turns),
            "schema_change_detection",
        )
        .clone();
        assert_eq!(c.status, Status::Missed);
        assert_eq!(c.near_misses[0].why, "repeats the interviewer's question");
    }

    #[test]
    fn a_question_gets_no_credit_for_words_it_hands_back() {
        let turns = vec![
            turn(
                1,
                Role::Interviewer,
                Phase::Latency,
                "Scoring has 50 ms at p99.",
            ),
            turn(
                2,
                Role::Candidate,
                Phase::Latency,
                "So is the 50 ms p99 for scoring only?",
            ),
        ];
        let r = grade(&rubric(), "s", "ad-click", &turns);
        assert_eq!(
            criterion(&r, "latency_budget_numbers").status,
            Status::Missed
        );
    }

    #[test]
    fn latency_budget_needs_a_number_with_a_unit() {
        let vague = grade_answers(
            Phase::Latency,
            &["The latency budget has to be tight at p99."],
        );
        let c = criterion(&vague, "latency_budget_numbers");
        assert_eq!(c.status, Status::Missed);
        assert_eq!(
            c.near_misses[0].why,
            "mentioned without a measured time (digits and a unit, such as 50 ms)"
        );
        let cadence = grade_answers(Phase::Latency, &["The latency budget is checked daily."]);
        assert_eq!(
            criterion(&cadence, "latency_budget_numbers").status,
            Status::Missed,
            "a cadence is not a budget"
        );
        let concrete = grade_answers(Phase::Latency, &["The latency budget is 50 ms at p99."]);
        assert_eq!(
            criterion(&concrete, "latency_budget_numbers").status,
            Status::Met
        );
    }

    #[test]
    fn a_trade_off_needs_a_reason_nearby() {
        let bare = grade_answers(
            Phase::Latency,
            &["Pacing comes from a streaming job, user history from a daily batch."],
        );
        assert_eq!(
            criterion(&bare, "batch_or_stream_justified").status,
            Status::Missed
        );
        let argued = grade_answers(
            Phase::Latency,
            &[
                "Pacing comes from a streaming job because it must be fresh; history stays in a daily batch since it is cheaper.",
            ],
        );
        assert_eq!(
            criterion(&argued, "batch_or_stream_justified").status,
            Status::Met
        );
    }

    #[test]
    fn credit_outside_the_criterions_phase_is_partial() {
        let elsewhere = grade_answers(Phase::Scenario, &["The latency budget is 50 ms at p99."]);
        let c = criterion(&elsewhere, "latency_budget_numbers");
        assert_eq!(c.status, Status::Partial);
        assert_eq!(c.earned, Score(15));
    }

    #[test]
    fn false_friends_do_not_count() {
        let r = grade_answers(
            Phase::Scenario,
            &["The pipeline consists of three jobs, a proven design used extensively."],
        );
        for id in [
            "cape_consistency",
            "component_provenance",
            "lineage_tags",
            "cape_extensibility",
        ] {
            assert_eq!(criterion(&r, id).status, Status::Missed, "{id}");
        }
    }

    #[test]
    fn stemmed_concepts_match_other_forms() {
        let r = grade_answers(
            Phase::Scenario,
            &["The log is partitioned by user and the training sets are snapshotted nightly."],
        );
        assert_eq!(criterion(&r, "partitioning").status, Status::Met);
    }

    #[test]
    fn bare_tool_list_is_flagged_and_a_reasoned_one_is_not() {
        let r = grade_answers(Phase::Scenario, &["Kafka, Flink, Spark and Redis."]);
        assert_eq!(finding(&r, "bare_tool_list").map(|f| f.count), Some(1));
        let r = grade_answers(
            Phase::Scenario,
            &["Kafka and Flink rather than Spark, because Flink keeps per-key state cheaply."],
        );
        assert!(finding(&r, "bare_tool_list").is_none());
    }

    #[test]
    fn keyword_stuffing_earns_nothing_and_costs_points() {
        let r = grade_answers(
            Phase::Scenario,
            &[
                "Idempotent exactly-once backpressure lineage provenance data contract schema registry snapshot drift rollback canary retries.",
            ],
        );
        assert!(finding(&r, "keyword_stuffing").is_some());
        assert!(r.criteria.iter().all(|c| c.status == Status::Missed));
    }

    #[test]
    fn runtime_without_a_budget_is_flagged() {
        let r = grade_answers(Phase::Scenario, &["My pipeline runs in 2 minutes."]);
        assert_eq!(
            finding(&r, "runtime_without_budget").map(|f| f.count),
            Some(1)
        );
        let r = grade_answers(
            Phase::Scenario,
            &["The batch stage meets a 2-hour freshness SLA."],
        );
        assert!(finding(&r, "runtime_without_budget").is_none());
    }

    #[test]
    fn streaming_first_in_the_scenario_is_flagged_but_a_hybrid_is_not() {
        let r = grade_answers(
            Phase::Scenario,
            &[
                "Everything is real-time: events stream into Flink and features update in streaming.",
            ],
        );
        assert!(finding(&r, "premature_streaming").is_some());
        let r = grade_answers(
            Phase::Scenario,
            &[
                "A stream job dedupes events.",
                "Nightly batch jobs build the stable features.",
            ],
        );
        assert!(finding(&r, "premature_streaming").is_none());
        let r = grade_answers(
            Phase::Latency,
            &["Everything is real-time and streams into Flink."],
        );
        assert!(
            finding(&r, "premature_streaming").is_none(),
            "after latency came up, streaming is fair game"
        );
    }

    #[test]
    fn no_provenance_costs_points() {
        let r = grade_answers(
            Phase::Scenario,
            &["Retries are safe because writes are idempotent upserts."],
        );
        assert_eq!(finding(&r, "no_provenance").map(|f| f.penalty), Some(10));
    }

    fn dims(rubric: &Rubric, each: u32, provenance: u32) -> Vec<DimensionResult> {
        rubric
            .dimensions
            .iter()
            .map(|d| DimensionResult {
                id: d.id.clone(),
                title: d.title.clone(),
                weight: d.weight,
                score: Score(if d.id == "provenance" {
                    provenance
                } else {
                    each
                }),
            })
            .collect()
    }

    #[test]
    fn bands_need_the_total_and_every_dimension() {
        let rubric = rubric();
        let name = |(b, _): (usize, Vec<String>)| rubric.bands[b].name.clone();
        assert_eq!(
            name(verdict(&rubric, Score(900), &dims(&rubric, 900, 900))),
            "strong_hire"
        );
        assert_eq!(
            name(verdict(&rubric, Score(900), &dims(&rubric, 900, 300))),
            "hire",
            "one weak dimension blocks strong_hire"
        );
        assert_eq!(
            name(verdict(&rubric, Score(400), &dims(&rubric, 400, 400))),
            "lean_no_hire"
        );
        assert_eq!(
            name(verdict(&rubric, Score(100), &dims(&rubric, 100, 100))),
            "no_hire"
        );
    }

    #[test]
    fn zero_provenance_caps_a_hire_at_lean_no_hire() {
        let rubric = rubric();
        let (band, capped_by) = verdict(&rubric, Score(800), &dims(&rubric, 950, 0));
        assert_eq!(rubric.bands[band].name, "lean_no_hire");
        assert_eq!(capped_by, ["no data provenance at all"]);
    }

    #[test]
    fn gap_follow_ups_target_the_weakest_unmet_criterion_first() {
        let rubric = rubric();
        let r = grade_answers(Phase::Latency, &["We keep it fast."]);
        let gaps: Vec<Gap> = gap_follow_ups(&rubric, &r)
            .into_iter()
            .filter(|g| g.phase == Phase::Latency)
            .collect();
        assert_eq!(
            gaps[0].criterion, "latency_budget_numbers",
            "3 points, first in rubric order"
        );
        assert_eq!(gaps[1].criterion, "batch_or_stream_justified");
        assert!(gaps.iter().all(|g| {
            rubric
                .criteria
                .iter()
                .any(|c| c.id == g.criterion && c.follow_up.as_ref().unwrap().phase == g.phase)
        }));
        let r = grade_answers(Phase::Latency, &["The latency budget is 50 ms at p99."]);
        assert!(
            gap_follow_ups(&rubric, &r)
                .iter()
                .all(|g| g.criterion != "latency_budget_numbers")
        );
    }

    #[test]
    fn grading_is_byte_identical_across_runs_and_threads() {
        let answers = [
            "Retries are safe because writes are idempotent; lineage tags go on every feature.",
            "Budget is 50 ms p99.",
        ];
        let first = render::json_pretty(&grade_answers(Phase::Latency, &answers));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    render::json_pretty(&grade_answers(Phase::Latency, &answers))
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), first);
        }
    }

    #[test]
    fn scores_print_with_one_decimal() {
        assert_eq!(Score(725).to_string(), "72.5");
        assert_eq!(Score(1000).to_string(), "100.0");
        assert_eq!(serde_json::to_string(&Score(720)).unwrap(), "72.0");
    }
}
