//! The grade of one transcript: the JSON contract (docs/grade-report.md) as
//! Rust types. Field order is the JSON key order; integer arithmetic keeps every
//! number exact, so the same transcript gives the same bytes.

use serde::Serialize;

use crate::vocab::Phase;

/// Version of the report format.
pub const REPORT_SCHEMA: u32 = 2;
/// Version of the grading logic; bumped whenever the same input could grade differently.
pub const GRADER_VERSION: &str = "2.3.0";

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

/// What was graded: an interview, or a written design (`grade --text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A transcript: phases limit where some credit counts, echoes earn nothing.
    Interview,
    /// A written answer: no phases, every criterion counts in full.
    Written,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
    /// The level the answer was judged at (mid, senior, staff).
    pub level: String,
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
    /// Said in an earlier phase than the one the point is asked in (a long
    /// answer that ran ahead): it counts in full all the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub early: bool,
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
    /// Of a higher level than the one judged: it adds what it earns, and is
    /// never a gap.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub beyond_level: bool,
    /// `/hint`s taken on questions about it; each cost part of its credit.
    #[serde(skip_serializing_if = "is_zero")]
    pub hints: u32,
    /// What the level judged is expected to show on this point, when the
    /// rubric says (`expect`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub expected: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
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

/// A mechanism the answer undermines, or a fact of the case it contradicts:
/// the criteria it costs, quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mistake {
    /// A contradiction's id from the rubric, or `case:<check>` for a fact check.
    pub id: String,
    pub criteria: Vec<String>,
    pub message: String,
    pub evidence: Evidence,
}

/// A sentence that earned nothing because of a rule, not for want of a concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voided {
    pub seq: u64,
    pub phase: Phase,
    pub quote: String,
    pub why: String,
}

/// Answers the rubric could not read: it reads English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// The language most of them appear to be in (`es`, `de`, `fr`, ...), or `unknown`.
    pub detected: String,
    /// How many candidate answers were not in English, of how many.
    pub answers: usize,
    pub of: usize,
    pub note: String,
}

/// Whether the answer is about the case's product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioFit {
    /// Mentions of the case's own nouns.
    pub case_nouns: usize,
    /// The other product area mentioned most, and how often.
    pub other_domain: Option<String>,
    pub other_nouns: usize,
    pub off_scenario: bool,
    pub note: Option<String>,
}

/// The grade of one transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema: u32,
    pub grader_version: &'static str,
    pub rubric: RubricRef,
    pub transcript: TranscriptRef,
    pub mode: Mode,
    pub score: Score,
    pub verdict: String,
    /// Gates that capped the verdict, with their reasons.
    pub capped_by: Vec<String>,
    pub dimensions: Vec<DimensionResult>,
    pub criteria: Vec<CriterionResult>,
    pub anti_patterns: Vec<Finding>,
    pub mistakes: Vec<Mistake>,
    pub voided: Vec<Voided>,
    pub language: Option<Language>,
    pub scenario_fit: Option<ScenarioFit>,
}
