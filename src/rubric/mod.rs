//! The rubric: `prompts/rubric.toml` parsed, checked and compiled for matching.
//!
//! Everything the grader judges is data: dimensions, criteria, concepts (alias
//! phrases and co-occurrence patterns), the cue words behind the substance
//! rules (reasons and their consequences, hedges, conditions, actions,
//! components, units), contradictions, product domains, anti-patterns, verdict
//! bands and gates. Compiling ([`compile`]) turns the phrases into two
//! matchers over word sequences (one surface, one stemmed), which gives
//! whole-word, multi-word matching with one lookup per word. Pure: the text
//! comes in as a string.
//!
//! - [`raw`]: the file as TOML says it;
//! - [`compile`]: checks with file, line and key in every error, and the automata.

mod compile;
mod levels;
pub use levels::DEFAULT_LEVEL;
pub mod raw;

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::prompts::PromptFile;
use crate::vocab::Phase;

/// The rubric's relative path under `prompts/`.
pub const RUBRIC_FILE: &str = "rubric.toml";

/// The rubric schema this grader reads.
pub const RUBRIC_SCHEMA: u32 = 2;

/// A malformed rubric: the file, the line, the offending key, what is wrong.
#[derive(Debug, thiserror::Error)]
#[error(
    "{file}:{line}: {key}: {message}\n  fix: correct the rubric (see the comments at the top of prompts/rubric.toml)"
)]
pub struct RubricError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Any,
    All,
    Near,
    Distinct,
    /// At least `min` different sentences, each holding one of the concepts
    /// with its substance (a design's reasoned choices): partial credit below.
    Sentences,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Needs {
    /// A reason that names a consequence (freshness, cost, load, users...).
    Reason,
    Number,
    /// A time target in any form: `50 ms`, `five minutes`, `hourly`.
    Duration,
    /// A measured time: a number and a unit (`50 ms`, `2 minutes`), not a cadence.
    Runtime,
    ReasonOrNumber,
    /// A reason, or a measured time that is the reason (`stream: uploads ≤ 15 min`).
    ReasonOrRuntime,
}

/// A check of an answer against the case's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A stated serving budget may not exceed the case's p99 budget.
    Budget,
    /// Stage budgets may not add up to more than the case's p99 budget.
    Split,
    /// A label join window may not be shorter than the case's label delay.
    LabelWindow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Negation {
    #[default]
    Reject,
    Ignore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detector {
    ToolList,
    RuntimeWithoutBudget,
    KeywordStuffing,
    PrematureStreaming,
    MissingDimension,
    GraderNote,
    RubricRecital,
    BogusReason,
}

/// A verdict band, best first.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    /// Minimum overall score, 0–100.
    pub min_score: u32,
    /// Minimum overall score of a written design (`grade --text`), 0–100: a
    /// note is graded on a scale of its own, since it covers part of what
    /// a 45-minute interview draws out. `min_score` where the rubric gives none.
    pub written_min_score: u32,
    /// Minimum score of every dimension, 0–100.
    pub min_each_dimension: u32,
}

/// A dimension whose low score caps the verdict.
#[derive(Debug, Clone)]
pub struct Gate {
    pub dimension: usize,
    pub min_score: u32,
    /// Index into the bands: the best verdict allowed when the gate trips.
    pub cap: usize,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub title: String,
    pub weight: u32,
    /// The lowest level (an index into [`Rubric::levels`]) it counts at.
    pub level: usize,
    /// Counted only when a written design is graded: an interviewer draws
    /// out what a note must say unasked (why each choice was made), so an
    /// interview is not judged on it.
    pub written_only: bool,
}

/// A level of the round (mid-level, senior, staff): what it is expected to
/// own, and the bar its answers are judged by.
#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub bands: Vec<Band>,
    /// Gates by dimension index in the whole rubric (all levels' dimensions).
    pub gates: Vec<Gate>,
}

/// A level a rubric does not define.
#[derive(Debug, thiserror::Error)]
#[error("unknown level '{level}'; this rubric has: {known}\n  fix: pass --level with one of those")]
pub struct UnknownLevel {
    pub level: String,
    pub known: String,
}

/// A question the interviewer asks in `phase` while the criterion is unmet.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub phase: Phase,
    pub ask: String,
}

#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: String,
    pub dimension: usize,
    pub points: u32,
    pub kind: Kind,
    pub concepts: Vec<usize>,
    pub needs: Option<Needs>,
    /// Credit only where the sentence holds a mechanism (see `[cues]`).
    pub mechanism: bool,
    pub check: Option<Check>,
    /// Phases where credit counts in full (and before them: a point made
    /// early counts too); empty means everywhere.
    pub phases: Vec<Phase>,
    /// Percent of the credit granted after `phases`.
    pub off_phase_credit: u32,
    pub negation: Negation,
    pub within: usize,
    pub min: usize,
    pub follow_up: Option<FollowUp>,
    pub hint: String,
    /// The lowest level (an index into [`Rubric::levels`]) it counts at.
    pub level: usize,
    /// What each level is expected to show on this point, by level index;
    /// empty where the rubric says nothing.
    pub expect: Vec<String>,
    /// Expected at the level the rubric judges at. A criterion of a higher
    /// level still earns credit (a mid-level answer that splits its budget by
    /// stage is the better for it) but is never held against the answer.
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub stem: bool,
}

/// Phrasings that undo a mechanism the candidate claims (retries with no
/// backoff, "versioned" logs that are overwritten): a sentence holding one
/// costs the named criteria their credit and is quoted as an error.
#[derive(Debug, Clone)]
pub struct Contradiction {
    pub id: String,
    pub criteria: Vec<usize>,
    pub message: String,
}

/// A product area, known by its nouns, for telling an answer about another
/// product from an answer about the case.
#[derive(Debug, Clone)]
pub struct Domain {
    pub id: String,
    /// The stems of its one-word nouns, to find the area a case belongs to.
    pub stems: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AntiPattern {
    pub id: String,
    pub detector: Detector,
    pub points: u32,
    pub max_count: u32,
    pub message: String,
    pub min_tools: usize,
    pub max_density: u32,
    pub min_words: usize,
    pub list_ratio: u32,
    /// keyword_stuffing: percent of function words below which dense text reads as a list.
    pub min_function_share: u32,
    pub phases: Vec<Phase>,
    pub dimension: Option<usize>,
    /// premature_streaming: the concept that signals streaming.
    pub concept: Option<usize>,
    /// premature_streaming: the concept whose presence makes it a balanced design.
    pub alternative: Option<usize>,
}

/// The numbers behind the substance rules (`[grading]`).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Criteria one sentence can earn at most.
    pub sentence_cap: usize,
    /// Percent of a dimension's points one sentence can earn at most.
    pub dimension_share: u32,
    /// Percent of a sentence's word triples found in the rubric's own text at
    /// which it counts as reciting the rubric.
    pub recital_overlap: u32,
    /// Percent of credit left to an answer about another product.
    pub off_scenario_credit: u32,
    /// Words within which the parts of a `a + b` pattern must fall.
    pub pattern_window: usize,
    /// Points a mistake (a contradiction or a failed fact check) costs, and how
    /// many mistakes are counted at most.
    pub mistake_penalty: u32,
    pub mistake_max: u32,
    /// Percent of a criterion's credit each `/hint` on a question about it
    /// costs.
    pub hint_cost: u32,
}

/// What a pattern in the automata stands for. One phrase can mean several things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cue {
    Concept(usize),
    NotIf(usize),
    /// Part `1` of co-occurrence pattern `0`.
    Part(usize, usize),
    Contra(usize),
    Domain(usize),
    Reason,
    Purpose,
    Tradeoff,
    Consequence,
    Hedge,
    /// A vague word that is also plain description ("various", "and more"):
    /// it voids a sentence only when nothing concrete stands beside it.
    SoftHedge,
    Condition,
    Action,
    Component,
    Entity,
    Unit,
    Budget,
    NegBefore,
    NegAfter,
    Pseudo,
    Stop,
    Tool,
    Function,
    GraderNote,
}

/// A co-occurrence pattern (`same id + once`): every part in one sentence,
/// within the pattern window; found, it stands for `meaning`.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub parts: usize,
    pub meaning: Cue,
}

/// The phrases of one token stream, matched word by word: single words looked
/// up directly (most cues are one word), longer phrases grouped by their first
/// word, so a sentence costs one lookup per word and a few comparisons.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// What each single word stands for.
    pub words: rustc_hash::FxHashMap<String, Vec<Cue>>,
    /// For a word that starts longer phrases: the index of its group.
    pub first: rustc_hash::FxHashMap<String, usize>,
    /// Each group: the rest of each phrase and what the phrase stands for.
    pub groups: Vec<Vec<(Vec<String>, Vec<Cue>)>>,
}

impl Matcher {
    /// The longer phrases of group `g` that start at word `i` of `words`:
    /// where each ends (exclusive) and what it stands for.
    pub fn phrases_at<'m, S: AsRef<str>>(
        &'m self,
        g: usize,
        words: &'m [S],
        i: usize,
    ) -> impl Iterator<Item = (usize, &'m [Cue])> + 'm {
        self.groups[g].iter().filter_map(move |(rest, cues)| {
            let end = i + 1 + rest.len();
            (end <= words.len()
                && words[i + 1..end]
                    .iter()
                    .zip(rest)
                    .all(|(w, r)| w.as_ref() == r))
            .then_some((end, cues.as_slice()))
        })
    }
}

/// A parsed, checked, compiled rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub version: String,
    /// Hex SHA-256 of the rubric file's text.
    pub sha256: String,
    pub settings: Settings,
    pub bands: Vec<Band>,
    pub gates: Vec<Gate>,
    pub dimensions: Vec<Dimension>,
    pub criteria: Vec<Criterion>,
    pub concepts: Vec<Concept>,
    pub contradictions: Vec<Contradiction>,
    pub domains: Vec<Domain>,
    pub anti_patterns: Vec<AntiPattern>,
    pub patterns: Vec<Pattern>,
    /// British spelling → American, applied to every word before matching.
    pub spelling: HashMap<String, String>,
    /// Stemmed word triples of the rubric's hints and follow-up questions, as
    /// [`triple_key`]s, for spotting an answer that recites them.
    pub recital: HashSet<u64>,
    /// Matches the surface (lowercased) token stream.
    pub surface: Matcher,
    /// Matches the stemmed token stream.
    pub stemmed: Matcher,
    /// Every level, lowest first (one, "senior", when the file defines none).
    pub levels: Vec<Level>,
    /// The level this rubric judges at: its criteria and dimensions are the
    /// ones that count there, its bands and gates that level's.
    pub level: usize,
    /// The whole rubric (every level's criteria), which [`Rubric::at_level`]
    /// derives from; `None` in the whole rubric itself.
    pub all: Option<std::sync::Arc<Rubric>>,
}

/// A stable key for three words (FNV-1a over the words and separators), so
/// word triples compare without building strings.
pub fn triple_key(a: &str, b: &str, c: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [a, "\u{1f}", b, "\u{1f}", c] {
        for byte in part.bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl Rubric {
    /// Parses and compiles a rubric file.
    pub fn compile(file: &PromptFile) -> Result<Rubric, RubricError> {
        compile::compile(file)
    }

    /// The band index of a verdict name.
    pub fn band_index(&self, name: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.name == name)
    }
}

#[cfg(test)]
mod tests;
