//! The rubric: `prompts/rubric.toml` parsed, checked and compiled for matching.
//!
//! Everything the grader judges is data: dimensions, criteria, concepts (alias
//! phrases), cue words, anti-patterns, verdict bands and gates. Compiling turns
//! the phrases into two Aho–Corasick automata over space-delimited token streams
//! (one surface, one stemmed), which gives whole-word, multi-word matching in one
//! pass per sentence. Pure: the text comes in as a string.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use toml::Spanned;

use crate::prompts::{PromptError, PromptFile, line_col, parse_toml, sha256_hex};
use crate::text::{Stemmer, tokens_of};
use crate::vocab::Phase;

/// The rubric's relative path under `prompts/`.
pub const RUBRIC_FILE: &str = "rubric.toml";

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Needs {
    Reason,
    Number,
    /// A time target in any form: `50 ms`, `five minutes`, `hourly`.
    Duration,
    /// A measured time: digits and a unit (`50 ms`, `2 minutes`), not a cadence.
    Runtime,
    ReasonOrNumber,
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: Spanned<String>,
    min_score: u32,
    #[serde(default)]
    min_each_dimension: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGate {
    dimension: Spanned<String>,
    min_score: u32,
    cap: Spanned<String>,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerdict {
    bands: Vec<RawBand>,
    #[serde(default)]
    gates: Vec<RawGate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    reason: Vec<String>,
    budget: Vec<String>,
    negation_before: Vec<String>,
    negation_after: Vec<String>,
    pseudo_negation: Vec<String>,
    negation_stop: Vec<String>,
    function_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTools {
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: Spanned<String>,
    title: String,
    weight: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFollowUp {
    phase: Spanned<String>,
    ask: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    dimension: Spanned<String>,
    points: u32,
    kind: Kind,
    concepts: Vec<Spanned<String>>,
    #[serde(default)]
    needs: Option<Needs>,
    #[serde(default)]
    phases: Vec<Spanned<String>>,
    #[serde(default)]
    off_phase_credit: u32,
    #[serde(default)]
    negation: Negation,
    #[serde(default)]
    within: Option<usize>,
    #[serde(default)]
    min: Option<usize>,
    #[serde(default)]
    follow_up: Option<RawFollowUp>,
    hint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: Spanned<String>,
    phrases: Vec<String>,
    #[serde(default)]
    stem: bool,
    #[serde(default)]
    not_if: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAntiPattern {
    id: Spanned<String>,
    detector: Detector,
    points: u32,
    max_count: u32,
    message: String,
    #[serde(default)]
    min_tools: Option<usize>,
    #[serde(default)]
    max_density: Option<u32>,
    #[serde(default)]
    min_words: Option<usize>,
    #[serde(default)]
    list_ratio: Option<u32>,
    #[serde(default)]
    min_function_share: Option<u32>,
    #[serde(default)]
    phases: Vec<Spanned<String>>,
    #[serde(default)]
    dimension: Option<Spanned<String>>,
    #[serde(default)]
    concept: Option<Spanned<String>>,
    #[serde(default)]
    alternative: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    schema: u32,
    id: String,
    version: String,
    verdict: RawVerdict,
    cues: RawCues,
    tools: RawTools,
    dimension: Vec<RawDimension>,
    criterion: Vec<RawCriterion>,
    concept: Vec<RawConcept>,
    #[serde(default)]
    anti_pattern: Vec<RawAntiPattern>,
}

/// A verdict band, best first.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    /// Minimum overall score, 0–100.
    pub min_score: u32,
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
    /// Phases where credit counts in full; empty means everywhere.
    pub phases: Vec<Phase>,
    /// Percent of the credit granted outside `phases`.
    pub off_phase_credit: u32,
    pub negation: Negation,
    pub within: usize,
    pub min: usize,
    pub follow_up: Option<FollowUp>,
    pub hint: String,
}

#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub stem: bool,
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

/// What a pattern in the automata stands for. One phrase can mean several things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cue {
    Concept(usize),
    NotIf(usize),
    Reason,
    Budget,
    NegBefore,
    NegAfter,
    Pseudo,
    Stop,
    Tool,
    Function,
}

/// A compiled automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub automaton: AhoCorasick,
    pub meanings: Vec<Vec<Cue>>,
    /// Number of words in each pattern.
    pub lengths: Vec<usize>,
}

/// A parsed, checked, compiled rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub version: String,
    /// Hex SHA-256 of the rubric file's text.
    pub sha256: String,
    pub bands: Vec<Band>,
    pub gates: Vec<Gate>,
    pub dimensions: Vec<Dimension>,
    pub criteria: Vec<Criterion>,
    pub concepts: Vec<Concept>,
    pub anti_patterns: Vec<AntiPattern>,
    /// Matches the surface (lowercased) token stream.
    pub surface: Matcher,
    /// Matches the stemmed token stream (concepts with `stem = true`).
    pub stemmed: Matcher,
}

fn phase_named(name: &str) -> Option<Phase> {
    Phase::SPOKEN.into_iter().find(|p| p.as_str() == name)
}

struct Checker<'a> {
    file: &'a PromptFile,
}

impl Checker<'_> {
    fn err<T>(
        &self,
        span: Option<std::ops::Range<usize>>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<T, RubricError> {
        let line = span.map_or(1, |s| line_col(&self.file.text, s.start).0);
        Err(RubricError {
            file: self.file.origin.clone(),
            line,
            key: key.into(),
            message: message.into(),
        })
    }

    fn phases(&self, list: &[Spanned<String>], key: &str) -> Result<Vec<Phase>, RubricError> {
        list.iter()
            .map(|p| match phase_named(p.get_ref()) {
                Some(ph) => Ok(ph),
                None => self.err(
                    Some(p.span()),
                    key,
                    format!("unknown phase '{}'; phases are scenario, latency, schema_change, provenance, debrief", p.get_ref()),
                ),
            })
            .collect()
    }
}

impl Rubric {
    /// Parses and compiles a rubric file.
    pub fn compile(file: &PromptFile) -> Result<Rubric, RubricError> {
        let file_text = file.text.clone();
        let raw: RawRubric = parse_toml(file).map_err(|e| match e {
            PromptError::Syntax {
                file,
                line,
                column,
                message,
            } => RubricError {
                key: key_on_line(&file_text_line(&file_text, line))
                    .unwrap_or_else(|| format!("column {column}")),
                file,
                line,
                message,
            },
            other => RubricError {
                file: file.origin.clone(),
                line: 1,
                key: "file".into(),
                message: other.to_string(),
            },
        })?;
        let c = Checker { file };
        if raw.schema != 1 {
            return c.err(
                None,
                "schema",
                format!("schema = {}: this grader reads rubric schema 1", raw.schema),
            );
        }

        let mut dim_index = HashMap::new();
        let mut dimensions = Vec::new();
        for d in &raw.dimension {
            if dim_index
                .insert(d.id.get_ref().clone(), dimensions.len())
                .is_some()
            {
                return c.err(
                    Some(d.id.span()),
                    "dimension.id",
                    format!("duplicate dimension '{}'", d.id.get_ref()),
                );
            }
            if d.weight == 0 {
                return c.err(
                    Some(d.id.span()),
                    "dimension.weight",
                    "weight must be at least 1",
                );
            }
            dimensions.push(Dimension {
                id: d.id.get_ref().clone(),
                title: d.title.clone(),
                weight: d.weight,
            });
        }
        let dim = |name: &Spanned<String>, key: &str| -> Result<usize, RubricError> {
            match dim_index.get(name.get_ref()) {
                Some(i) => Ok(*i),
                None => c.err(
                    Some(name.span()),
                    key,
                    format!("unknown dimension '{}'", name.get_ref()),
                ),
            }
        };

        let mut concept_index = HashMap::new();
        let mut concepts = Vec::new();
        for k in &raw.concept {
            if concept_index
                .insert(k.id.get_ref().clone(), concepts.len())
                .is_some()
            {
                return c.err(
                    Some(k.id.span()),
                    "concept.id",
                    format!("duplicate concept '{}'", k.id.get_ref()),
                );
            }
            if k.phrases.iter().all(|p| tokens_of(p).is_empty()) {
                return c.err(
                    Some(k.id.span()),
                    "concept.phrases",
                    format!("concept '{}' has no phrases", k.id.get_ref()),
                );
            }
            concepts.push(Concept {
                id: k.id.get_ref().clone(),
                stem: k.stem,
            });
        }

        let mut criteria = Vec::new();
        let mut seen = BTreeSet::new();
        for r in &raw.criterion {
            let id = r.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                return c.err(
                    Some(r.id.span()),
                    "criterion.id",
                    format!("duplicate criterion '{id}'"),
                );
            }
            let key = |k: &str| format!("criterion '{id}'.{k}");
            let mut ids = Vec::new();
            for name in &r.concepts {
                match concept_index.get(name.get_ref()) {
                    Some(i) => ids.push(*i),
                    None => {
                        return c.err(
                            Some(name.span()),
                            key("concepts"),
                            format!("unknown concept '{}'", name.get_ref()),
                        );
                    }
                }
            }
            if ids.is_empty() {
                return c.err(
                    Some(r.id.span()),
                    key("concepts"),
                    "needs at least one concept",
                );
            }
            if r.points == 0 {
                return c.err(
                    Some(r.id.span()),
                    key("points"),
                    "points must be at least 1",
                );
            }
            if r.off_phase_credit > 100 {
                return c.err(
                    Some(r.id.span()),
                    key("off_phase_credit"),
                    "a percentage from 0 to 100",
                );
            }
            let min = r.min.unwrap_or(1);
            if r.kind == Kind::Distinct && (r.min.is_none() || min == 0 || min > ids.len()) {
                return c.err(
                    Some(r.id.span()),
                    key("min"),
                    format!("kind = \"distinct\" needs min between 1 and {}", ids.len()),
                );
            }
            if r.kind == Kind::Near && r.within.is_none_or(|w| w == 0) {
                return c.err(
                    Some(r.id.span()),
                    key("within"),
                    "kind = \"near\" needs within = N words (N ≥ 1)",
                );
            }
            let follow_up = match &r.follow_up {
                Some(f) => {
                    let phase =
                        c.phases(std::slice::from_ref(&f.phase), &key("follow_up.phase"))?[0];
                    if matches!(phase, Phase::Scenario | Phase::Debrief) {
                        return c.err(Some(f.phase.span()), key("follow_up.phase"), "follow-ups are asked in the probe phases: latency, schema_change, provenance");
                    }
                    Some(FollowUp {
                        phase,
                        ask: f.ask.trim().to_string(),
                    })
                }
                None => None,
            };
            criteria.push(Criterion {
                id: id.clone(),
                dimension: dim(&r.dimension, &key("dimension"))?,
                points: r.points,
                kind: r.kind,
                concepts: ids,
                needs: r.needs,
                phases: c.phases(&r.phases, &key("phases"))?,
                off_phase_credit: r.off_phase_credit,
                negation: r.negation,
                within: r.within.unwrap_or(0),
                min,
                follow_up,
                hint: r.hint.trim().to_string(),
            });
        }
        for (i, d) in dimensions.iter().enumerate() {
            if !criteria.iter().any(|k| k.dimension == i) {
                let span = raw.dimension[i].id.span();
                return c.err(
                    Some(span),
                    "dimension",
                    format!("dimension '{}' has no criteria", d.id),
                );
            }
        }

        let mut bands = Vec::new();
        for b in &raw.verdict.bands {
            if b.min_score > 100 || b.min_each_dimension > 100 {
                return c.err(Some(b.name.span()), "verdict.bands", "scores are 0–100");
            }
            bands.push(Band {
                name: b.name.get_ref().clone(),
                min_score: b.min_score,
                min_each_dimension: b.min_each_dimension,
            });
        }
        match bands.last() {
            None => return c.err(None, "verdict.bands", "needs at least one band"),
            Some(last) if last.min_score != 0 || last.min_each_dimension != 0 => {
                let span = raw.verdict.bands.last().map(|b| b.name.span());
                return c.err(
                    span,
                    "verdict.bands",
                    "the last band must have min_score = 0 so every score gets a verdict",
                );
            }
            Some(_) => {}
        }
        let mut gates = Vec::new();
        for g in &raw.verdict.gates {
            let Some(cap) = bands.iter().position(|b| &b.name == g.cap.get_ref()) else {
                return c.err(
                    Some(g.cap.span()),
                    "verdict.gates.cap",
                    format!("unknown band '{}'", g.cap.get_ref()),
                );
            };
            gates.push(Gate {
                dimension: dim(&g.dimension, "verdict.gates.dimension")?,
                min_score: g.min_score,
                cap,
                reason: g.reason.clone(),
            });
        }

        let mut anti_patterns = Vec::new();
        for a in &raw.anti_pattern {
            let key = |k: &str| format!("anti_pattern '{}'.{k}", a.id.get_ref());
            let dimension = match (&a.dimension, a.detector) {
                (Some(d), _) => Some(dim(d, &key("dimension"))?),
                (None, Detector::MissingDimension) => {
                    return c.err(
                        Some(a.id.span()),
                        key("dimension"),
                        "detector missing_dimension needs dimension = \"...\"",
                    );
                }
                (None, _) => None,
            };
            let concept_ref =
                |r: &Option<Spanned<String>>, k: &str| -> Result<Option<usize>, RubricError> {
                    match r {
                        None => Ok(None),
                        Some(name) => match concept_index.get(name.get_ref()) {
                            Some(i) => Ok(Some(*i)),
                            None => c.err(
                                Some(name.span()),
                                key(k),
                                format!("unknown concept '{}'", name.get_ref()),
                            ),
                        },
                    }
                };
            let concept = concept_ref(&a.concept, "concept")?;
            let alternative = concept_ref(&a.alternative, "alternative")?;
            if a.detector == Detector::PrematureStreaming
                && (concept.is_none() || alternative.is_none())
            {
                return c.err(Some(a.id.span()), key("concept"), "detector premature_streaming needs concept = \"...\" and alternative = \"...\"");
            }
            anti_patterns.push(AntiPattern {
                id: a.id.get_ref().clone(),
                detector: a.detector,
                points: a.points,
                max_count: a.max_count,
                message: a.message.trim().to_string(),
                min_tools: a.min_tools.unwrap_or(3),
                max_density: a.max_density.unwrap_or(30),
                min_words: a.min_words.unwrap_or(12),
                list_ratio: a.list_ratio.unwrap_or(60),
                min_function_share: a.min_function_share.unwrap_or(20),
                phases: c.phases(&a.phases, &key("phases"))?,
                dimension,
                concept,
                alternative,
            });
        }

        let stemmer = Stemmer::new();
        let mut surface = PatternSet::default();
        let mut stemmed = PatternSet::default();
        for (i, k) in raw.concept.iter().enumerate() {
            for p in &k.phrases {
                if k.stem {
                    stemmed.add(&stemmer.stem_all(&tokens_of(p)), Cue::Concept(i));
                }
                surface.add(&tokens_of(p), Cue::Concept(i));
            }
            for p in &k.not_if {
                surface.add(&tokens_of(p), Cue::NotIf(i));
            }
        }
        let cues = &raw.cues;
        for (list, cue) in [
            (&cues.reason, Cue::Reason),
            (&cues.budget, Cue::Budget),
            (&cues.negation_before, Cue::NegBefore),
            (&cues.negation_after, Cue::NegAfter),
            (&cues.pseudo_negation, Cue::Pseudo),
            (&cues.negation_stop, Cue::Stop),
            (&cues.function_words, Cue::Function),
            (&raw.tools.names, Cue::Tool),
        ] {
            for p in list {
                surface.add(&tokens_of(p), cue);
            }
        }

        Ok(Rubric {
            id: raw.id,
            version: raw.version,
            sha256: sha256_hex(&file.text),
            bands,
            gates,
            dimensions,
            criteria,
            concepts,
            anti_patterns,
            surface: surface.build(),
            stemmed: stemmed.build(),
        })
    }

    /// The band index of a verdict name.
    pub fn band_index(&self, name: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.name == name)
    }
}

fn file_text_line(text: &str, line: usize) -> String {
    text.lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
        .to_string()
}

/// The key assigned on a TOML line (`weight = 2` → `weight`), or the table a
/// header opens (`[[criterion]]` → `criterion`).
fn key_on_line(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some(table) = line.strip_prefix('[') {
        let name = table.trim_matches(|c| c == '[' || c == ']').trim();
        return (!name.is_empty()).then(|| name.to_string());
    }
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| key.to_string())
}

/// Phrases collected before building an automaton; each phrase keeps every meaning.
#[derive(Default)]
struct PatternSet {
    meanings: BTreeMap<String, BTreeSet<Cue>>,
}

impl PatternSet {
    fn add(&mut self, tokens: &[String], cue: Cue) {
        if tokens.is_empty() {
            return;
        }
        let pattern = format!(" {} ", tokens.join(" "));
        self.meanings.entry(pattern).or_default().insert(cue);
    }

    fn build(self) -> Matcher {
        let patterns: Vec<&String> = self.meanings.keys().collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .unwrap_or_else(|e| unreachable!("patterns are short plain strings: {e}"));
        let lengths = patterns
            .iter()
            .map(|p| p.split_whitespace().count())
            .collect();
        let meanings = self
            .meanings
            .into_values()
            .map(|set| set.into_iter().collect())
            .collect();
        Matcher {
            automaton,
            meanings,
            lengths,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::PromptFiles;

    fn embedded() -> String {
        PromptFiles::embedded()
            .get(RUBRIC_FILE)
            .unwrap()
            .text
            .clone()
    }

    fn compile(text: &str) -> Result<Rubric, RubricError> {
        Rubric::compile(&PromptFile {
            origin: "rubric.toml".into(),
            text: text.into(),
        })
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn the_shipped_rubric_compiles_and_covers_the_round() {
        let r = compile(&embedded()).unwrap();
        let dims: Vec<&str> = r.dimensions.iter().map(|d| d.id.as_str()).collect();
        for d in [
            "requirements",
            "cape",
            "four_p",
            "failure",
            "latency",
            "provenance",
            "risk",
        ] {
            assert!(dims.contains(&d), "{d}");
        }
        assert_eq!(r.bands.last().unwrap().name, "no_hire");
        assert_eq!(r.sha256.len(), 64);
    }

    #[test]
    fn unknown_concept_names_the_line_and_key() {
        let text = embedded().replacen("concepts = [\"retry\"]", "concepts = [\"retyr\"]", 1);
        let err = compile(&text).unwrap_err();
        assert_eq!(err.line, line_of(&text, "[\"retyr\"]"));
        assert_eq!(err.key, "criterion 'retries'.concepts");
        assert!(
            err.to_string().starts_with(&format!(
                "rubric.toml:{}: criterion 'retries'.concepts: unknown concept 'retyr'",
                err.line
            )),
            "{err}"
        );
    }

    #[test]
    fn unknown_dimension_and_band_are_rejected() {
        let text = embedded().replacen(
            "dimension = \"failure\"\npoints = 1",
            "dimension = \"failures\"\npoints = 1",
            1,
        );
        assert!(
            compile(&text)
                .unwrap_err()
                .to_string()
                .contains("unknown dimension 'failures'")
        );
        let text = embedded().replacen("cap = \"lean_no_hire\"", "cap = \"maybe\"", 1);
        assert!(
            compile(&text)
                .unwrap_err()
                .to_string()
                .contains("unknown band 'maybe'")
        );
    }

    #[test]
    fn syntax_error_reports_its_line() {
        let mut text = embedded();
        text.push_str("\n[[criterion]\n");
        let err = compile(&text).unwrap_err();
        assert_eq!(err.line, text.lines().count());
    }

    #[test]
    fn misspelled_field_is_rejected_by_name() {
        let text = embedded().replacen(
            "hint = \"Say what is retried",
            "hnit = \"Say what is retried",
            1,
        );
        let err = compile(&text).unwrap_err().to_string();
        assert!(err.contains("hnit"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let text = embedded() + "\n[[concept]]\nid = \"retry\"\nphrases = [\"again\"]\n";
        let err = compile(&text).unwrap_err();
        assert!(err.to_string().contains("duplicate concept 'retry'"));
        assert_eq!(err.line, text.lines().count() - 1);
    }

    #[test]
    fn distinct_and_near_need_their_parameters() {
        let text = embedded().replacen("min = 2\n", "", 1);
        assert!(
            compile(&text)
                .unwrap_err()
                .to_string()
                .contains("needs min between 1 and")
        );
        let text = embedded().replacen("within = 25\n", "", 1);
        assert!(
            compile(&text)
                .unwrap_err()
                .to_string()
                .contains("needs within")
        );
    }

    #[test]
    fn follow_ups_belong_to_probe_phases() {
        let text = embedded().replacen(
            "follow_up = { phase = \"latency\"",
            "follow_up = { phase = \"debrief\"",
            1,
        );
        assert!(
            compile(&text)
                .unwrap_err()
                .to_string()
                .contains("follow-ups are asked in the probe phases")
        );
    }

    #[test]
    fn the_last_band_must_catch_every_score() {
        let text = embedded().replacen(
            "{ name = \"no_hire\", min_score = 0 }",
            "{ name = \"no_hire\", min_score = 10 }",
            1,
        );
        assert!(
            compile(&text)
                .unwrap_err()
                .to_string()
                .contains("the last band must have min_score = 0")
        );
    }
}
