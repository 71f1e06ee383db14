//! One candidate sentence, analysed: every rubric phrase and pattern found in
//! it (whole words, surface and stemmed), which of them are negated, and the
//! signs of substance the rules ask for — numbers, times, a mechanism, hedges,
//! reasons that are reasons, and whether it echoes the interviewer.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::negation::Frame;
use super::report::Evidence;
use crate::quantity::{NUMBER_WORDS, TIME_UNITS, times_ms};
use crate::rubric::{Cue, Matcher, Rubric};
use crate::text::{self, Place, Stemmer};
use crate::transcript::Turn;
use crate::vocab::Phase;

mod lending;
mod substance;
pub(super) use lending::{lend_neighbours, lend_sections, unlist};
use substance::{mechanism, reasons};

/// Token-set overlap (percent) above which a sentence counts as an echo of the interviewer.
const ECHO_OVERLAP: usize = 60;
/// Words after a causal or purpose cue in which its consequence must appear.
const REASON_REACH: usize = 14;
/// Words between a component and its action for "a component doing a thing".
const COMPONENT_REACH: usize = 5;

/// A number written as a word, the whole word.
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(?:{NUMBER_WORDS}|half)$")).unwrap_or_else(|e| unreachable!("{e}"))
});

/// A number: digits not glued to letters before them (`p99` is a name), or a number word.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}_])\d|\b(?:{NUMBER_WORDS}|half)\b"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A measured runtime: a number and a time unit (`200 ms`, `2-hour`, `1.5s`,
/// `thirty minutes`, `half an hour`).
static RUNTIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:\d+(?:[.,]\d+)?[\s-]?|(?:{NUMBER_WORDS}|a|an|one)[\s-])(?:{TIME_UNITS})\b|\bhalf an? (?:hour|minute|second|day)\b"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A time target in any form: a runtime, or a freshness tier (`hourly`, `sub-second`).
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hourly|daily|nightly|weekly|sub[\s-]?second|sub[\s-]?minute|few (?:seconds|minutes|hours))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A bound written as a symbol: `< 100ms`, `≤ 50 ms`, `<= 2 s`.
static BOUND_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:<=?|≤|under\s)\s*\d").unwrap_or_else(|e| unreachable!("{e}")));

/// A field name: `event_id`, `placement_id`, `deviceClass`.
static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z0-9]+\b|`[^`\s]+`")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An arrow from a condition to an action: `lag > 5 min → page`.
static ARROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"->|→|=>").unwrap_or_else(|e| unreachable!("{e}")));

/// A phrase found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub cue: Cue,
    /// Word indices in the sentence, end exclusive.
    pub words: (usize, usize),
    /// For concept and contradiction hits: a negation cue reaches it.
    pub negated: bool,
}

/// What makes a sentence concrete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mechanism {
    Number,
    Key,
    Condition,
    Component,
}

/// Why a sentence earns nothing at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Void {
    Echo,
    Stuffed,
    Recital,
    GraderNote,
    Language,
    BogusReason,
    Hedged,
    /// Inside an HTML comment of a written note, addressed to nobody in
    /// particular: not the note's text, and no note to the grader either.
    Commented,
}

impl Void {
    /// The reason, as the report gives it.
    pub fn why(self) -> &'static str {
        match self {
            Void::Echo => "repeats the interviewer's question",
            Void::Stuffed => "part of a string of keywords with no mechanism",
            Void::Recital => "recites the rubric's own hints",
            Void::GraderNote => "addressed to the grader, not the interviewer",
            Void::Language => "not in English, which the rubric reads",
            Void::BogusReason => "its reason names no consequence for the system",
            Void::Hedged => {
                "hedged ('as needed', 'best practices', 'robust') with nothing concrete"
            }
            Void::Commented => "inside an HTML comment, not the note's text",
        }
    }
}

/// One candidate sentence, analysed.
#[derive(Debug)]
pub(super) struct Analysed<'t> {
    pub turn: usize,
    pub seq: u64,
    pub phase: Phase,
    pub text: &'t str,
    /// The sentence's byte range in `text`.
    pub span: Range<usize>,
    /// Where each word is, parallel to `ids`.
    pub places: Vec<Place>,
    pub hits: Vec<Hit>,
    pub number: bool,
    pub duration: bool,
    pub runtime: bool,
    /// A bound written as a symbol (`< 100 ms`).
    pub bound: bool,
    pub mechanism: Option<Mechanism>,
    /// A hedge phrase, when there is one.
    pub hedge: bool,
    /// A soft hedge (see [`Cue::SoftHedge`]).
    pub soft_hedge: bool,
    /// Holds a reason that names a consequence.
    pub reason: bool,
    /// Holds a causal reason about nothing in the system, and no real one.
    pub bogus: bool,
    /// A Markdown heading: structure, not content.
    pub heading: bool,
    /// Earns nothing, and why.
    pub void: Option<Void>,
    /// For a question: the words of the interviewer's last turn. A question earns
    /// nothing for words it merely hands back ("so the p99 budget is 50 ms?").
    pub asked: Option<Vec<u32>>,
    /// The lexicon id of each word, parallel to `places`.
    pub ids: Vec<u32>,
}

impl Analysed<'_> {
    /// The concepts the sentence names, each once, in order of id.
    pub fn concepts(&self) -> Vec<usize> {
        let mut ks: Vec<usize> = self
            .hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Concept(k) => Some(k),
                _ => None,
            })
            .collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    }

    pub fn quote(&self) -> String {
        self.text[self.span.clone()].to_string()
    }

    pub fn words_text(&self, words: (usize, usize)) -> String {
        let t = &self.places;
        let span: Range<usize> = t[words.0].span.start..t[words.1 - 1].span.end;
        self.text[span].to_string()
    }

    /// True when a word within `reach` words of `w` is a number ("40,000",
    /// "3x", "ten").
    pub fn number_near(&self, w: (usize, usize), reach: usize) -> bool {
        let lo = w.0.saturating_sub(reach);
        let hi = (w.1 + reach).min(self.places.len());
        self.places[lo..hi].iter().any(|p| {
            let word = &self.text[p.span.clone()];
            word.starts_with(|c: char| c.is_ascii_digit()) || NUMBER_WORD.is_match(word)
        })
    }

    pub fn has(&self, cue: Cue) -> bool {
        self.hits.iter().any(|h| h.cue == cue)
    }

    pub fn evidence(&self, matched: Vec<String>) -> Evidence {
        Evidence {
            seq: self.seq,
            phase: self.phase,
            quote: self.quote(),
            matched,
            early: false,
        }
    }

    /// The numbers (with their units, in milliseconds) stated as times.
    pub fn times_ms(&self) -> Vec<(u64, Range<usize>)> {
        times_ms(&self.quote())
    }
}

/// Every distinct word of a grading run, interned: an integer id (so word sets
/// compare as integers), its spelling as the rubric writes it, and its stem —
/// each computed once, since the same words recur in every turn.
#[derive(Default)]
pub(super) struct Lexicon {
    stemmer: Stemmer,
    ids: rustc_hash::FxHashMap<String, u32>,
    normal: Vec<String>,
    stems: Vec<Option<String>>,
    /// What each word stands for on its own, surface and stemmed, and which
    /// phrase groups it starts: looked up once per word, not once per mention.
    cues: Vec<Option<WordCues>>,
}

/// What one word stands for, cached in the [`Lexicon`].
#[derive(Default)]
struct WordCues {
    single: Vec<Cue>,
    surface_group: Option<usize>,
    stem_group: Option<usize>,
}

impl Lexicon {
    /// The id of one word, learning it if it is new.
    pub fn learn_one(&mut self, w: &str, spelling: &HashMap<String, String>) -> u32 {
        if let Some(id) = self.ids.get(w) {
            return *id;
        }
        let id = u32::try_from(self.normal.len()).unwrap_or(u32::MAX);
        let normal = spelling.get(w).cloned().unwrap_or_else(|| w.to_string());
        self.stems.push(None);
        self.cues.push(None);
        self.normal.push(normal);
        self.ids.insert(w.to_string(), id);
        id
    }

    /// The words of `ids`, as the rubric spells them.
    pub fn words(&self, ids: &[u32]) -> Vec<&str> {
        ids.iter().map(|&i| self.normal(i)).collect()
    }

    /// Stems the words of `ids` that are not stemmed yet. Words are stemmed only
    /// when a candidate says them (the interviewer's words need only ids), and
    /// numbers are their own stem.
    pub fn stem_all(&mut self, ids: &[u32]) {
        for &id in ids {
            let i = id as usize;
            if self.stems.get(i).is_some_and(Option::is_none) {
                let normal = &self.normal[i];
                let stem = if normal.starts_with(|c: char| c.is_ascii_digit()) {
                    normal.clone()
                } else {
                    self.stemmer.stem(normal)
                };
                self.stems[i] = Some(stem);
            }
        }
    }

    /// A word as the rubric spells it.
    pub fn normal(&self, id: u32) -> &str {
        self.normal.get(id as usize).map_or("", String::as_str)
    }

    /// A word's stem (after [`Lexicon::stem_all`]; empty before).
    pub fn stem_of(&self, id: u32) -> &str {
        self.stems
            .get(id as usize)
            .and_then(Option::as_deref)
            .unwrap_or("")
    }

    /// For every word id, whether its stem passes `test`.
    pub fn flags(&self, test: impl Fn(&str) -> bool) -> Vec<bool> {
        self.stems
            .iter()
            .map(|s| s.as_deref().is_some_and(&test))
            .collect()
    }

    /// The stem of any word, as the text would be stemmed.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word)
    }

    /// Every hit in a sentence of `ids` (stemmed first with [`Lexicon::stem_all`]).
    pub fn hits(&mut self, rubric: &Rubric, ids: &[u32], tokens: &[Place]) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(ids.len() * 2);
        for &id in ids {
            let at = id as usize;
            if self.cues[at].is_none() {
                let mut c = WordCues::default();
                if let Some(x) = rubric.surface.words.get(self.normal(id)) {
                    c.single.extend_from_slice(x);
                }
                if let Some(x) = rubric.stemmed.words.get(self.stem_of(id)) {
                    c.single.extend_from_slice(x);
                }
                c.surface_group = rubric.surface.first.get(self.normal(id)).copied();
                c.stem_group = rubric.stemmed.first.get(self.stem_of(id)).copied();
                self.cues[at] = Some(c);
            }
        }
        let surface: Vec<&str> = ids.iter().map(|&i| self.normal(i)).collect();
        let stems: Vec<&str> = ids.iter().map(|&i| self.stem_of(i)).collect();
        for (i, &id) in ids.iter().enumerate() {
            let Some(c) = &self.cues[id as usize] else {
                continue;
            };
            hits.extend(c.single.iter().map(|&cue| Hit {
                cue,
                words: (i, i + 1),
                negated: false,
            }));
            if let Some(g) = c.surface_group {
                phrases_at(&rubric.surface, g, &surface, i, &mut hits);
            }
            if let Some(g) = c.stem_group {
                phrases_at(&rubric.stemmed, g, &stems, i, &mut hits);
            }
        }
        finish_hits(rubric, hits, tokens)
    }
}

/// The phrases of group `g` that start at word `i`.
fn phrases_at<S: AsRef<str>>(
    matcher: &Matcher,
    g: usize,
    words: &[S],
    i: usize,
    out: &mut Vec<Hit>,
) {
    for (end, cues) in matcher.phrases_at(g, words, i) {
        out.extend(cues.iter().map(|&cue| Hit {
            cue,
            words: (i, end),
            negated: false,
        }));
    }
}

/// Completes a sentence's hits: the co-occurrence patterns whose parts all
/// fell within the window, sorted, with negation marked.
fn finish_hits(rubric: &Rubric, mut hits: Vec<Hit>, tokens: &[Place]) -> Vec<Hit> {
    let window = rubric.settings.pattern_window;
    // The parts of co-occurrence patterns found: each first part looks for the
    // nearest of every other part of its pattern.
    let parts: Vec<(usize, usize, (usize, usize))> = hits
        .iter()
        .filter_map(|h| match h.cue {
            Cue::Part(p, i) => Some((p, i, h.words)),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for &(p, part, first) in &parts {
        if part != 0 {
            continue;
        }
        let pattern = &rubric.patterns[p];
        {
            let (mut lo, mut hi) = first;
            let complete = (1..pattern.parts).all(|other| {
                let nearest = parts
                    .iter()
                    .filter(|(q, j, _)| *q == p && *j == other)
                    .map(|(_, _, w)| w)
                    .min_by_key(|w| w.0.abs_diff(first.0));
                match nearest {
                    Some(w) => {
                        lo = lo.min(w.0);
                        hi = hi.max(w.1);
                        true
                    }
                    None => false,
                }
            });
            if complete && hi - lo <= window {
                found.push(Hit {
                    cue: pattern.meaning,
                    words: (lo, hi),
                    negated: false,
                });
            }
        }
    }
    if !parts.is_empty() {
        hits.retain(|h| !matches!(h.cue, Cue::Part(..)));
    }
    hits.extend(found);
    hits.sort_unstable_by_key(|h| (h.words, h.cue));
    hits.dedup();
    // A contradiction is also undone by a negation inside its own span ("raw
    // logs ... are never overwritten").
    let negation_inside = |w: (usize, usize)| {
        hits.iter()
            .any(|n| n.cue == Cue::NegBefore && w.0 <= n.words.0 && n.words.0 < w.1)
    };
    let cues: Vec<(Cue, (usize, usize))> = hits
        .iter()
        .filter(|h| {
            matches!(
                h.cue,
                Cue::Pseudo | Cue::Stop | Cue::NegBefore | Cue::NegAfter
            )
        })
        .map(|h| (h.cue, h.words))
        .collect();
    let frame = Frame::new(&cues, tokens.len());
    let negations: Vec<bool> = hits
        .iter()
        .map(|h| match h.cue {
            Cue::Concept(_) => frame.negated(tokens, h.words),
            Cue::Contra(_) => frame.negated(tokens, h.words) || negation_inside(h.words),
            _ => false,
        })
        .collect();
    for (h, n) in hits.iter_mut().zip(negations) {
        h.negated = n;
    }
    hits
}

/// Analyses the sentences of one candidate turn.
#[allow(clippy::too_many_arguments)]
pub(super) fn analyse<'t>(
    rubric: &Rubric,
    lexicon: &mut Lexicon,
    turn: usize,
    t: &'t Turn,
    echo_of: &[Vec<u32>],
    asked_words: &[u32],
) -> Vec<Analysed<'t>> {
    let mut out = Vec::new();
    for sentence in text::sentence_spans(&t.text) {
        let mut ids = Vec::new();
        let mut places = Vec::new();
        text::each_word(&t.text, sentence.span.clone(), |w, place| {
            ids.push(lexicon.learn_one(w, &rubric.spelling));
            places.push(place);
        });
        if ids.is_empty() {
            continue;
        }
        lexicon.stem_all(&ids);
        let hits = lexicon.hits(rubric, &ids, &places);
        let words = lexicon.words(&ids);
        let raw = &t.text[sentence.span.clone()];
        let number = NUMBER.is_match(raw);
        let runtime = RUNTIME.is_match(raw);
        let set = sorted_set(&ids);
        let echo = set.len() >= 3
            && echo_of.iter().any(|theirs| {
                let common = common_count(&set, theirs);
                let union = set.len() + theirs.len() - common;
                common * 100 >= union * ECHO_OVERLAP
            });
        let (reason, bogus) = reasons(&hits, &places, &words);
        let hedge = hits.iter().any(|h| h.cue == Cue::Hedge);
        let soft_hedge = hits.iter().any(|h| h.cue == Cue::SoftHedge);
        let heading = raw.trim_start().starts_with('#');
        let mechanism = mechanism(raw, &hits, &words, number);
        let asked = sentence.question.then(|| asked_words.to_vec());
        out.push(Analysed {
            turn,
            seq: t.seq,
            phase: t.phase,
            text: &t.text,
            number,
            duration: runtime || DURATION.is_match(raw),
            runtime,
            bound: number && BOUND_SYMBOL.is_match(raw),
            mechanism,
            hedge,
            soft_hedge,
            reason,
            bogus,
            heading,
            hits,
            span: sentence.span,
            places,
            void: echo.then_some(Void::Echo),
            asked,
            ids,
        });
    }
    out
}

pub(super) fn sorted_set(ids: &[u32]) -> Vec<u32> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Size of the intersection of two sorted sets.
pub(super) fn common_count(a: &[u32], b: &[u32]) -> usize {
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

/// Up to `bytes` bytes of `text` before byte `at` (both moved back to character
/// boundaries), lowercased: the words that frame a number.
pub(super) fn before(text: &str, at: usize, bytes: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut from = at.saturating_sub(bytes);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    text[from..at].to_lowercase()
}

/// Up to `chars` characters of `text` from byte `at`, lowercased.
pub(super) fn after(text: &str, at: usize, chars: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[at..]
        .chars()
        .take(chars)
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtimes_are_read_in_words_and_not_in_ordinary_words() {
        assert!(RUNTIME.is_match("thirty minutes"));
        assert!(!RUNTIME.is_match("counts as positive"), "'as' is not a + s");
    }

    #[test]
    fn a_name_with_digits_is_not_a_number() {
        assert!(!NUMBER.is_match("the p99 budget"));
        assert!(NUMBER.is_match("a 50 ms budget"));
        assert!(NUMBER.is_match("thirty minutes"));
        assert!(!NUMBER.is_match("no one knows"));
    }
}
