//! The rubric file as TOML says it, before any checking: every field a
//! maintainer can write, with the spans that error messages point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Check, Detector, Kind, Needs, Negation};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub name: Spanned<String>,
    pub min_score: u32,
    #[serde(default)]
    pub written_min_score: Option<u32>,
    #[serde(default)]
    pub min_each_dimension: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGate {
    pub dimension: Spanned<String>,
    pub min_score: u32,
    pub cap: Spanned<String>,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVerdict {
    pub bands: Vec<RawBand>,
    #[serde(default)]
    pub gates: Vec<RawGate>,
}

/// `[grading]`: the numbers behind the substance rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrading {
    pub sentence_cap: usize,
    pub dimension_share: u32,
    pub recital_overlap: u32,
    pub off_scenario_credit: u32,
    pub pattern_window: usize,
    pub mistake_penalty: u32,
    pub mistake_max: u32,
    #[serde(default = "default_hint_cost")]
    pub hint_cost: u32,
}

/// What a hint costs when the rubric does not say: a quarter of the credit.
fn default_hint_cost() -> u32 {
    25
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCues {
    pub reason: Vec<String>,
    pub purpose: Vec<String>,
    pub tradeoff: Vec<String>,
    pub consequence: Vec<String>,
    pub hedge: Vec<String>,
    #[serde(default)]
    pub soft_hedge: Vec<String>,
    pub condition: Vec<String>,
    pub action: Vec<String>,
    pub component: Vec<String>,
    pub entity: Vec<String>,
    pub unit: Vec<String>,
    pub budget: Vec<String>,
    pub negation_before: Vec<String>,
    pub negation_after: Vec<String>,
    pub pseudo_negation: Vec<String>,
    pub negation_stop: Vec<String>,
    pub function_words: Vec<String>,
    pub grader_note: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTools {
    pub names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    pub id: Spanned<String>,
    pub title: String,
    pub weight: u32,
    /// The lowest level the dimension counts at (every level when absent).
    #[serde(default)]
    pub level: Option<Spanned<String>>,
    /// Counted only in a written design (`grade --text`), not in an interview.
    #[serde(default)]
    pub written_only: bool,
}

/// `[[level]]`: a level of the round and its bar; without bands and gates it
/// uses `[verdict]`'s.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Spanned<String>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub bands: Option<Vec<RawBand>>,
    #[serde(default)]
    pub gates: Option<Vec<RawGate>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollowUp {
    pub phase: Spanned<String>,
    pub ask: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub id: Spanned<String>,
    pub dimension: Spanned<String>,
    pub points: u32,
    pub kind: Kind,
    pub concepts: Vec<Spanned<String>>,
    #[serde(default)]
    pub needs: Option<Needs>,
    #[serde(default = "yes")]
    pub mechanism: bool,
    #[serde(default)]
    pub check: Option<Check>,
    #[serde(default)]
    pub phases: Vec<Spanned<String>>,
    #[serde(default)]
    pub off_phase_credit: u32,
    #[serde(default)]
    pub negation: Negation,
    #[serde(default)]
    pub within: Option<usize>,
    #[serde(default)]
    pub min: Option<usize>,
    #[serde(default)]
    pub follow_up: Option<RawFollowUp>,
    /// The lowest level the criterion counts at (every level when absent).
    #[serde(default)]
    pub level: Option<Spanned<String>>,
    /// What each level is expected to show on this point, by level id.
    #[serde(default)]
    pub expect: BTreeMap<String, String>,
    pub hint: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcept {
    pub id: Spanned<String>,
    pub phrases: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    pub stem: bool,
    #[serde(default)]
    pub not_if: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContradiction {
    pub id: Spanned<String>,
    pub criteria: Vec<Spanned<String>>,
    pub phrases: Vec<Spanned<String>>,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: Spanned<String>,
    pub nouns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAntiPattern {
    pub id: Spanned<String>,
    pub detector: Detector,
    pub points: u32,
    pub max_count: u32,
    pub message: String,
    #[serde(default)]
    pub min_tools: Option<usize>,
    #[serde(default)]
    pub max_density: Option<u32>,
    #[serde(default)]
    pub min_words: Option<usize>,
    #[serde(default)]
    pub list_ratio: Option<u32>,
    #[serde(default)]
    pub min_function_share: Option<u32>,
    #[serde(default)]
    pub phases: Vec<Spanned<String>>,
    #[serde(default)]
    pub dimension: Option<Spanned<String>>,
    #[serde(default)]
    pub concept: Option<Spanned<String>>,
    #[serde(default)]
    pub alternative: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub schema: u32,
    pub id: String,
    pub version: String,
    pub verdict: RawVerdict,
    /// The levels, lowest first; none is one level judged by `[verdict]`.
    #[serde(default)]
    pub level: Vec<RawLevel>,
    pub grading: RawGrading,
    pub cues: RawCues,
    /// British spellings and the American ones the phrases are written in.
    #[serde(default)]
    pub spelling: BTreeMap<String, String>,
    pub tools: RawTools,
    pub dimension: Vec<RawDimension>,
    pub criterion: Vec<RawCriterion>,
    pub concept: Vec<RawConcept>,
    #[serde(default)]
    pub contradiction: Vec<RawContradiction>,
    #[serde(default)]
    pub domain: Vec<RawDomain>,
    #[serde(default)]
    pub anti_pattern: Vec<RawAntiPattern>,
}
