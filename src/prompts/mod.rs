//! The interview's text: the round's shape, the interviewer's fixed lines, and the
//! scenarios, all read from TOML files under `prompts/`.
//!
//! The files are embedded in the binary at build time (see `build.rs`) so the
//! program works from any directory. `--prompts DIR` lays a directory over them:
//! a file in DIR with the same relative path replaces the embedded one, and a new
//! `scenarios/<id>.toml` adds a scenario. Everything here is pure: the files come
//! in as text ([`PromptFiles`]); the `disk` module reads an overlay directory.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::vocab::Phase;

pub mod listening;
mod scenario;
pub use listening::{FollowUp, Listening};
pub(crate) use scenario::rule_line;
pub use scenario::{
    CaseRule, Facts, PhaseQuestions, Practice, RuleMatchers, Scenario, ScenarioPhases,
    validate_facts,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_prompts.rs"));
}

/// Prompt files bigger than this are refused: they are hand-written text, and a
/// huge one is almost certainly the wrong file.
pub const MAX_PROMPT_FILE_BYTES: u64 = 1024 * 1024;

/// Errors a maintainer can cause by editing prompt files.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("cannot read prompts directory {}: {source}\n  fix: pass --prompts a readable directory laid out like the repository's prompts/", dir.display())]
    Dir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read prompt file {}: {reason}", path.display())]
    File { path: PathBuf, reason: String },
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}:{line}: {key}: {message}")]
    Key {
        file: String,
        line: usize,
        key: String,
        message: String,
    },
    #[error("unknown scenario '{id}'{}; valid scenarios: {}\n  fix: pass --scenario with one of them (`interviewer scenarios` describes each); a case of your own needs --prompts DIR, the directory that holds its scenarios/", meant.as_ref().map_or(String::new(), |m| format!(" (did you mean {m}?)")), valid.join(", "))]
    UnknownScenario {
        id: String,
        valid: Vec<String>,
        /// The valid id it most likely meant, when one is close.
        meant: Option<String>,
    },
}

/// One prompt file: where it came from (for messages) and its text.
#[derive(Debug, Clone)]
pub struct PromptFile {
    pub origin: String,
    pub text: String,
}

/// The set of prompt files, keyed by path relative to the prompts root (`/`-separated).
#[derive(Debug, Clone)]
pub struct PromptFiles {
    files: BTreeMap<String, PromptFile>,
}

impl PromptFiles {
    /// The files embedded at build time.
    pub fn embedded() -> Self {
        let files = embedded::EMBEDDED
            .iter()
            .map(|(rel, text)| {
                let file = PromptFile {
                    origin: format!("prompts/{rel} (built in)"),
                    text: (*text).to_string(),
                };
                ((*rel).to_string(), file)
            })
            .collect();
        PromptFiles { files }
    }

    /// Builds a set from plain values.
    pub fn from_pairs<I, S, T>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: Into<String>,
    {
        let files = pairs
            .into_iter()
            .map(|(rel, text)| {
                let rel = rel.into();
                let file = PromptFile {
                    origin: rel.clone(),
                    text: text.into(),
                };
                (rel, file)
            })
            .collect();
        PromptFiles { files }
    }

    /// Replaces or adds the file at `rel` (`/`-separated, relative to the prompts root).
    pub fn insert(&mut self, rel: String, file: PromptFile) {
        self.files.insert(rel, file);
    }

    /// The file at `rel`, if present.
    pub fn get(&self, rel: &str) -> Option<&PromptFile> {
        self.files.get(rel)
    }

    /// The files whose relative path starts with `prefix`, in path order.
    pub fn iter_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a PromptFile)> {
        self.files
            .iter()
            .filter(move |(rel, _)| rel.starts_with(prefix))
    }
}

/// Hex SHA-256 of a text, as recorded in transcript headers and reports.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where one phase's time and answers are capped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhasePlan {
    /// Percent of the round's minutes.
    pub share: u32,
    /// Candidate answers allowed in the phase (opening answer plus follow-ups).
    pub max_answers: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhasePlans {
    pub scenario: PhasePlan,
    pub latency: PhasePlan,
    pub schema_change: PhasePlan,
    pub provenance: PhasePlan,
    pub debrief: PhasePlan,
}

impl PhasePlans {
    pub fn get(&self, phase: Phase) -> Option<PhasePlan> {
        match phase {
            Phase::Scenario => Some(self.scenario),
            Phase::Latency => Some(self.latency),
            Phase::SchemaChange => Some(self.schema_change),
            Phase::Provenance => Some(self.provenance),
            Phase::Debrief => Some(self.debrief),
            Phase::Done => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub minutes: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    pub debrief: String,
}

/// How an LLM is told to phrase each kind of turn.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmPrompts {
    /// The interviewer's persona and rules.
    pub system: String,
    /// Templates with `{question}`: the canonical text the model must keep.
    pub opening: String,
    pub follow_up: String,
    /// A question about the candidate's own words (a drill-down, a probe, a
    /// contradiction): `{about}` is the quote it must keep.
    pub listening: String,
    pub feedback: String,
    /// Added to a question's instruction when the reply is asked for as JSON
    /// (`{"acknowledgement", "question"}`) on servers that constrain it.
    pub structured: String,
    /// Worked examples sent before each request, as a user message (the
    /// filled template) and the reply it should get: small models follow an
    /// example better than a rule.
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// One worked example: the prepared text and the line that phrases it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// `opening`, `follow_up` or `feedback`.
    pub kind: crate::vocab::TurnKind,
    pub question: String,
    /// For a listening example: the candidate's words the question is about.
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub asked: String,
    pub reply: String,
}

/// `prompts/interviewer.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewerPrompts {
    pub version: u32,
    pub round: Round,
    pub phases: PhasePlans,
    /// How each level shapes the round, by level id (`[levels.<id>]`).
    #[serde(default)]
    pub levels: BTreeMap<String, LevelShape>,
    /// `/hint`'s nudge in each probe phase, filled with the case's facts.
    #[serde(default)]
    pub hints: Hints,
    pub lines: Lines,
    pub llm: LlmPrompts,
}

/// `[hints]`: the nudge `/hint` gives in each phase, built from the case's
/// facts (placeholders {noun}, {p99}, {scope}, {label_delay}), never from the
/// rubric's wording. A phase without one has no hint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hints {
    pub scenario: Option<String>,
    pub latency: Option<String>,
    pub schema_change: Option<String>,
    pub provenance: Option<String>,
}

impl Hints {
    /// The template for a phase.
    pub fn for_phase(&self, phase: Phase) -> Option<&str> {
        match phase {
            Phase::Scenario => self.scenario.as_deref(),
            Phase::Latency => self.latency.as_deref(),
            Phase::SchemaChange => self.schema_change.as_deref(),
            Phase::Provenance => self.provenance.as_deref(),
            Phase::Debrief | Phase::Done => None,
        }
    }
}

/// How a level shapes the round: how many answers each probe phase takes at
/// most, and how many times one claim of the candidate's is drilled into.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelShape {
    pub probe_answers: Option<u32>,
    pub drills_per_claim: Option<u32>,
    /// Criteria asked about first in their phase at this level, while unmet
    /// (staff: cost, ownership, migration).
    #[serde(default)]
    pub first: Vec<String>,
}

/// Everything the interview needs from `prompts/`, parsed and checked.
#[derive(Debug, Clone)]
pub struct PromptSet {
    pub interviewer: InterviewerPrompts,
    /// Hex SHA-256 of `interviewer.toml`.
    pub interviewer_sha256: String,
    /// How the interviewer listens: `listening.toml`.
    pub listening: Listening,
    scenarios: BTreeMap<String, Scenario>,
    files: PromptFiles,
}

/// The relative path of the file that shapes the round.
pub const INTERVIEWER_FILE: &str = "interviewer.toml";

impl PromptSet {
    /// How `level` shapes the round (nothing changes for a level the prompt
    /// files do not shape).
    pub fn level_shape(&self, level: &str) -> LevelShape {
        self.interviewer
            .levels
            .get(level)
            .cloned()
            .unwrap_or_default()
    }

    /// The practice answers shipped for a scenario (`answers/<id>.txt`): what
    /// `eval` plays, one answer per line as piped to an interview.
    pub fn answers(&self, id: &str) -> Option<&str> {
        self.files
            .get(&format!("answers/{id}.txt"))
            .map(|f| f.text.as_str())
    }

    /// Parses and validates a set of files. Pure.
    pub fn from_files(files: PromptFiles) -> Result<Self, PromptError> {
        let file = files
            .get(INTERVIEWER_FILE)
            .ok_or_else(|| PromptError::Invalid {
                file: INTERVIEWER_FILE.to_string(),
                message: "missing: every prompt set needs interviewer.toml".to_string(),
            })?;
        let interviewer: InterviewerPrompts = parse_toml(file)?;
        validate_interviewer(&interviewer, &file.origin)?;
        let interviewer_sha256 = sha256_hex(&file.text);
        let file = files
            .get(listening::LISTENING_FILE)
            .ok_or_else(|| PromptError::Invalid {
                file: listening::LISTENING_FILE.to_string(),
                message: "missing: every prompt set needs listening.toml".to_string(),
            })?;
        let listening: Listening = parse_toml(file)?;
        listening.validate(file)?;

        let mut scenarios = BTreeMap::new();
        for (rel, file) in files.iter_prefix("scenarios/") {
            let Some(stem) = rel
                .strip_prefix("scenarios/")
                .and_then(|r| r.strip_suffix(".toml"))
            else {
                continue;
            };
            let mut scenario: Scenario = parse_toml(file)?;
            scenario::validate_scenario(&scenario, stem, &file.origin)?;
            validate_facts(&scenario.facts, file)?;
            scenario.facts.stated = crate::quantity::quantities(&scenario.context);
            scenario.facts.sub_budgets = scenario::sub_budgets(&scenario);
            scenario.sha256 = sha256_hex(&file.text);
            scenarios.insert(scenario.id.clone(), scenario);
        }
        if scenarios.is_empty() {
            return Err(PromptError::Invalid {
                file: "scenarios/".to_string(),
                message: "no scenarios: add at least one scenarios/<id>.toml".to_string(),
            });
        }
        Ok(PromptSet {
            interviewer,
            interviewer_sha256,
            listening,
            scenarios,
            files,
        })
    }

    /// All scenarios, ordered by id.
    pub fn scenarios(&self) -> impl Iterator<Item = &Scenario> {
        self.scenarios.values()
    }

    /// The scenario with this id, or an error listing the valid ids.
    pub fn scenario(&self, id: &str) -> Result<&Scenario, PromptError> {
        self.scenarios
            .get(id)
            .ok_or_else(|| PromptError::UnknownScenario {
                id: id.to_string(),
                valid: self.scenarios.keys().cloned().collect(),
                meant: self
                    .scenarios
                    .keys()
                    .map(|k| (crate::text::edit_distance(k, id), k))
                    .filter(|(d, k)| *d <= 2.max(k.len() / 4))
                    .min()
                    .map(|(_, k)| k.clone()),
            })
    }

    /// The facts of a scenario, when it exists: what its answers are held to.
    pub fn facts(&self, id: &str) -> Option<&Facts> {
        self.scenarios.get(id).map(|s| &s.facts)
    }

    /// The raw files, for modules that parse their own (the rubric).
    pub fn files(&self) -> &PromptFiles {
        &self.files
    }
}

/// Parses one TOML prompt file, mapping errors to file, line and column.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &PromptFile) -> Result<T, PromptError> {
    toml::from_str(&file.text).map_err(|e| {
        let (line, column) = match e.span() {
            Some(span) => line_col(&file.text, span.start),
            None => (1, 1),
        };
        PromptError::Syntax {
            file: file.origin.clone(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn invalid(file: &str, message: impl fmt::Display) -> PromptError {
    PromptError::Invalid {
        file: file.to_string(),
        message: message.to_string(),
    }
}

fn validate_interviewer(p: &InterviewerPrompts, file: &str) -> Result<(), PromptError> {
    if p.version != 1 {
        return Err(invalid(
            file,
            format!("version = {}: this interviewer reads version 1", p.version),
        ));
    }
    if p.round.minutes == 0 || p.round.minutes > 600 {
        return Err(invalid(file, "round.minutes must be between 1 and 600"));
    }
    let mut total = 0;
    for phase in Phase::SPOKEN {
        let Some(plan) = p.phases.get(phase) else {
            continue;
        };
        if plan.max_answers == 0 {
            return Err(invalid(
                file,
                format!("phases.{}.max_answers must be at least 1", phase.as_str()),
            ));
        }
        total += plan.share;
    }
    if p.phases.debrief.max_answers != 1 {
        return Err(invalid(
            file,
            "phases.debrief.max_answers must be 1: the debrief takes one closing answer, then feedback",
        ));
    }
    if total != 100 {
        return Err(invalid(
            file,
            format!("phases.*.share add up to {total}; they must add up to 100"),
        ));
    }
    for (key, text) in [
        ("lines.debrief", &p.lines.debrief),
        ("llm.system", &p.llm.system),
    ] {
        if text.trim().is_empty() {
            return Err(invalid(file, format!("{key} is empty")));
        }
    }
    for (key, text) in [
        ("llm.opening", &p.llm.opening),
        ("llm.follow_up", &p.llm.follow_up),
        ("llm.listening", &p.llm.listening),
        ("llm.feedback", &p.llm.feedback),
    ] {
        if !text.contains("{question}") {
            return Err(invalid(
                file,
                format!("{key} must contain {{question}}, where the canonical text goes"),
            ));
        }
    }
    if !p.llm.listening.contains("{about}") {
        return Err(invalid(
            file,
            "llm.listening must contain {about}, the candidate's words the question keeps",
        ));
    }
    Ok(())
}

/// The line of a file where `key = ...` is first set (1 when it is not there).
pub fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded_pairs() -> Vec<(String, String)> {
        embedded::EMBEDDED
            .iter()
            .map(|(r, t)| ((*r).to_string(), (*t).to_string()))
            .collect()
    }

    fn with_file(rel: &str, text: &str) -> PromptFiles {
        let mut pairs = embedded_pairs();
        pairs.retain(|(r, _)| r != rel);
        pairs.push((rel.to_string(), text.to_string()));
        PromptFiles::from_pairs(pairs)
    }

    #[test]
    fn embedded_prompts_parse_and_ship_ten_scenarios() {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let ids: Vec<_> = set.scenarios().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ad-click",
                "assistant-retrieval",
                "content-recommendation",
                "delivery-eta",
                "feed-ranking",
                "harmful-content",
                "payment-fraud",
                "people-recommendation",
                "product-search",
                "push-notifications",
            ]
        );
        assert!(set.scenarios().all(|s| !s.stresses().is_empty()));
        assert_eq!(set.interviewer.round.minutes, 45);
    }

    #[test]
    fn unknown_scenario_lists_valid_ids() {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let err = set.scenario("fraud").unwrap_err().to_string();
        assert!(err.contains("unknown scenario 'fraud'"), "{err}");
        assert!(
            err.contains("ad-click, assistant-retrieval, content-recommendation"),
            "{err}"
        );
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let files = with_file("scenarios/broken.toml", "id = \"broken\"\ntitle = \n");
        let err = PromptSet::from_files(files).unwrap_err().to_string();
        assert!(err.starts_with("scenarios/broken.toml:2:"), "{err}");
    }

    #[test]
    fn misspelled_key_is_rejected() {
        let text = PromptFiles::embedded()
            .get("scenarios/ad-click.toml")
            .unwrap()
            .text
            .replace("summary =", "sumary =");
        let err = PromptSet::from_files(with_file("scenarios/ad-click.toml", &text))
            .unwrap_err()
            .to_string();
        assert!(err.contains("sumary"), "{err}");
    }

    #[test]
    fn id_must_match_file_name() {
        let text = PromptFiles::embedded()
            .get("scenarios/ad-click.toml")
            .unwrap()
            .text
            .clone();
        let err = PromptSet::from_files(with_file("scenarios/ads.toml", &text))
            .unwrap_err()
            .to_string();
        assert!(err.contains("must match"), "{err}");
    }

    #[test]
    fn shares_must_add_up_to_one_hundred() {
        let text = PromptFiles::embedded()
            .get(INTERVIEWER_FILE)
            .unwrap()
            .text
            .replace("share = 33", "share = 30");
        let err = PromptSet::from_files(with_file(INTERVIEWER_FILE, &text))
            .unwrap_err()
            .to_string();
        assert!(err.contains("add up to 97"), "{err}");
    }

    #[test]
    fn a_malformed_fact_names_file_line_and_key() {
        let text = PromptFiles::embedded()
            .get("scenarios/ad-click.toml")
            .unwrap()
            .text
            .replace("latency_p99_ms = 50", "latency_p99_ms = 0");
        let err = PromptSet::from_files(with_file("scenarios/ad-click.toml", &text))
            .unwrap_err()
            .to_string();
        let line = line_of_key(&text, "latency_p99_ms");
        assert!(
            err.starts_with(&format!(
                "scenarios/ad-click.toml:{line}: facts.latency_p99_ms:"
            )),
            "{err}"
        );
        let text = PromptFiles::embedded()
            .get("scenarios/ad-click.toml")
            .unwrap()
            .text
            .replace("regions = 3", "regions = \"three\"");
        let err = PromptSet::from_files(with_file("scenarios/ad-click.toml", &text))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("scenarios/ad-click.toml:"), "{err}");
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn sha256_is_hex_of_the_text() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
