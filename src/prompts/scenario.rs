//! A case as data: its questions phase by phase, its facts, what it is good
//! practice for, and the checks every scenario file must pass to load.

use serde::Deserialize;

use super::{FollowUp, PromptError, PromptFile, invalid, line_of_key};
use crate::vocab::Phase;

/// The opening question of a phase and the follow-ups the scripted interviewer asks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseQuestions {
    pub opening: String,
    /// The rubric criteria the opening asks about: when the candidate already
    /// covered them, the opening starts from what they said.
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// Schema-change phase only: the upstream change the probe throws at the candidate.
    #[serde(default)]
    pub breaks: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioPhases {
    pub scenario: PhaseQuestions,
    pub latency: PhaseQuestions,
    pub schema_change: PhaseQuestions,
    pub provenance: PhaseQuestions,
}

/// A case's facts as data: what the grader holds answers to, and what
/// `scenarios check` finds stated in the context.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The product's own nouns (singular, lowercase): an answer about this case uses them.
    pub nouns: Vec<String>,
    /// The serving budget at p99, in milliseconds.
    pub latency_p99_ms: u64,
    /// What that budget covers.
    pub latency_scope: String,
    #[serde(default)]
    pub events_per_day: Option<u64>,
    #[serde(default)]
    pub peak_events_per_second: Option<u64>,
    /// How long until a label is known, in minutes (0: at once).
    pub label_delay_minutes: u64,
    /// The outcome that delay is for, in the words an answer uses ("click",
    /// "chargeback", "opt-out"): a window shorter than the delay put on one of
    /// them settles its label too early.
    #[serde(default)]
    pub label_outcome: Vec<String>,
    pub regions: u32,
    /// How fresh the key features must be, in minutes.
    #[serde(default)]
    pub freshness_minutes: Option<u64>,
    /// What the freshness applies to, as the context names it ("price",
    /// "stock"): an answer that puts one of these on a nightly or daily
    /// schedule contradicts the case.
    #[serde(default)]
    pub fresh: Vec<String>,
    /// The deadline for honouring a deletion or consent withdrawal, in days.
    #[serde(default)]
    pub deletion_days: Option<u64>,
    /// Every quantity the case's context states (times in milliseconds, other
    /// numbers as written), read when the file is loaded: an answer that only
    /// restates these has said nothing of its own.
    #[serde(skip)]
    pub stated: Vec<crate::quantity::Quantity>,
    /// Parts of the serving budget the latency questions give ("ranking gets
    /// about 120 of that"), in milliseconds: stage times that add up past one
    /// of them, in a sentence that names it, break it.
    #[serde(skip)]
    pub sub_budgets: Vec<u64>,
    /// Rules the case states in words ("consent rules differ by region",
    /// "raw card numbers never leave the vault"), each with what breaks it: an
    /// answer that says so is raised as a contradiction with the case.
    #[serde(default, rename = "rule")]
    pub rules: Vec<CaseRule>,
}

/// A rule of the case stated in words, and the sentences that break it
/// (`[[facts.rule]]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRule {
    /// Names the rule; a rule is raised once per interview.
    pub id: String,
    /// The rule as the interviewer states it back, a clause that follows "but"
    /// ("the predicted probability sets the price, so it has to be calibrated").
    pub fact: String,
    /// Regular expressions (matched case-insensitively): a sentence matching
    /// one breaks the rule, unless the words around the match deny it.
    pub breaks: Vec<String>,
    /// Regular expressions that, found in the clauses of a match, mean the
    /// rule is kept after all ("with the customer's agreement").
    #[serde(default)]
    pub unless: Vec<String>,
    /// The rubric criteria the rule concerns.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// `breaks` and `unless` compiled, once, when the rule is first heard
    /// (every answer of an interview checks every rule).
    #[serde(skip)]
    pub(crate) compiled: std::sync::OnceLock<Option<RuleMatchers>>,
}

/// A rule's patterns, each list as one case-insensitive regex.
#[derive(Debug, Clone)]
pub struct RuleMatchers {
    pub breaks: regex::Regex,
    pub unless: Option<regex::Regex>,
}

impl CaseRule {
    /// The rule's patterns compiled (`None` when `breaks` is empty or a
    /// pattern does not compile: loading and `scenarios check` reject both).
    pub fn matchers(&self) -> Option<&RuleMatchers> {
        self.compiled
            .get_or_init(|| {
                Some(RuleMatchers {
                    breaks: any_of(&self.breaks)?,
                    unless: any_of(&self.unless),
                })
            })
            .as_ref()
    }
}

/// Two rules are the same rule when they say the same (the compiled form
/// follows from the patterns).
impl PartialEq for CaseRule {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.id,
            &self.fact,
            &self.breaks,
            &self.unless,
            &self.criteria,
        ) == (
            &other.id,
            &other.fact,
            &other.breaks,
            &other.unless,
            &other.criteria,
        )
    }
}

/// One case-insensitive regex of every pattern (`None` when there are none or
/// one does not compile).
fn any_of(patterns: &[String]) -> Option<regex::Regex> {
    if patterns.is_empty() {
        return None;
    }
    let alternatives: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    regex::Regex::new(&format!("(?i){}", alternatives.join("|"))).ok()
}

/// What a case is good practice for.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The rubric dimension ids (`latency`, `provenance`, …) the case leans on,
    /// most first: `interviewer` with no `--scenario` picks a case that
    /// stresses the candidate's weakest dimension.
    pub stresses: Vec<String>,
}

impl Scenario {
    /// The dimension ids the case stresses, most first (none when it says nothing).
    pub fn stresses(&self) -> &[String] {
        self.practice
            .as_ref()
            .map_or(&[], |p| p.stresses.as_slice())
    }
}

/// One `prompts/scenarios/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// A short label for the kind of product (`ads`, `payments`).
    pub domain: String,
    /// `medium` or `hard`.
    pub difficulty: String,
    pub context: String,
    pub facts: Facts,
    pub phases: ScenarioPhases,
    /// What the case is good practice for (optional when loading, required by
    /// `scenarios check`): the practice pick reads it.
    #[serde(default)]
    pub practice: Option<Practice>,
    /// Hex SHA-256 of the file's text.
    #[serde(skip)]
    pub sha256: String,
}

impl Scenario {
    /// The questions of a probe or scenario phase; `None` for debrief and done,
    /// whose lines are the same for every scenario.
    pub fn questions(&self, phase: Phase) -> Option<&PhaseQuestions> {
        match phase {
            Phase::Scenario => Some(&self.phases.scenario),
            Phase::Latency => Some(&self.phases.latency),
            Phase::SchemaChange => Some(&self.phases.schema_change),
            Phase::Provenance => Some(&self.phases.provenance),
            Phase::Debrief | Phase::Done => None,
        }
    }
}

/// The numbers under the p99 that the latency questions state, read as
/// milliseconds ("ranking gets about 120 of that").
pub(super) fn sub_budgets(scenario: &Scenario) -> Vec<u64> {
    let p99 = scenario.facts.latency_p99_ms;
    let q = &scenario.phases.latency;
    let texts = std::iter::once(q.opening.as_str()).chain(q.follow_ups.iter().map(|f| f.ask()));
    let mut out: Vec<u64> = texts
        .flat_map(crate::quantity::quantities)
        .filter_map(|q| match q {
            crate::quantity::Quantity::Time(ms) => Some(ms),
            // "about 120 of that": a share of the budget just named.
            crate::quantity::Quantity::Count(v, Some(unit))
                if unit == "of" && v.fract() == 0.0 && v >= 1.0 =>
            {
                Some(v as u64)
            }
            crate::quantity::Quantity::Count(..) => None,
        })
        .filter(|&ms| ms > 0 && ms < p99)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The facts a scenario states must be usable: nouns to recognise the product
/// by, a budget, regions. Errors name the file, the line and the key.
pub fn validate_facts(f: &Facts, file: &PromptFile) -> Result<(), PromptError> {
    let err = |key: &str, message: &str| PromptError::Key {
        file: file.origin.clone(),
        line: line_of_key(&file.text, key),
        key: format!("facts.{key}"),
        message: message.to_string(),
    };
    // The scaffold's placeholder (`nouns = ["TODO"]`) is left to `scenarios
    // check`, which names it with the other values still to write.
    let placeholder = !f.nouns.is_empty() && f.nouns.iter().all(|n| n == "TODO");
    if !placeholder && (f.nouns.len() < 3 || f.nouns.iter().any(|n| n.trim().is_empty())) {
        return Err(err(
            "nouns",
            "list at least three of the product's own nouns (an answer about the case uses them)",
        ));
    }
    if !placeholder && f.nouns.iter().any(|n| n.chars().any(char::is_uppercase)) {
        return Err(err("nouns", "write the nouns in lowercase, singular"));
    }
    if f.latency_p99_ms == 0 || f.latency_p99_ms > 60_000 {
        return Err(err(
            "latency_p99_ms",
            "the serving budget at p99 in milliseconds, between 1 and 60000",
        ));
    }
    if f.latency_scope.trim().is_empty() {
        return Err(err("latency_scope", "say what the budget covers"));
    }
    if f.regions == 0 {
        return Err(err("regions", "at least 1"));
    }
    let mut ids = std::collections::BTreeSet::new();
    for r in &f.rules {
        let rule_err = |message: String| PromptError::Key {
            file: file.origin.clone(),
            line: rule_line(&file.text, &r.id),
            key: format!("facts.rule {}", r.id),
            message,
        };
        let id_ok = !r.id.is_empty()
            && r.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok || !ids.insert(r.id.as_str()) {
            return Err(rule_err(
                "give each rule its own id, in lowercase letters, digits and hyphens".into(),
            ));
        }
        if r.fact.trim().is_empty() || r.breaks.is_empty() {
            return Err(rule_err(
                "a rule needs its fact (what the case says) and at least one pattern in breaks"
                    .into(),
            ));
        }
        for p in r.breaks.iter().chain(&r.unless) {
            if let Err(e) = regex::Regex::new(p) {
                return Err(rule_err(format!(
                    "the pattern {p:?} is not a regular expression: {e}"
                )));
            }
        }
    }
    Ok(())
}

/// The line of the `[[facts.rule]]` whose id is `id` (1 when not found).
pub(crate) fn rule_line(text: &str, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    text.lines()
        .position(|l| l.trim_start().starts_with("id") && l.contains(&quoted))
        .map_or(1, |i| i + 1)
}

pub(super) fn validate_scenario(s: &Scenario, stem: &str, file: &str) -> Result<(), PromptError> {
    if s.id != stem {
        return Err(invalid(
            file,
            format!(
                "id = \"{}\" but the file is named {stem}.toml; they must match",
                s.id
            ),
        ));
    }
    let ok_id = !s.id.is_empty()
        && s.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok_id {
        return Err(invalid(
            file,
            "id must be lowercase letters, digits and '-'",
        ));
    }
    for (key, text) in [
        ("title", &s.title),
        ("summary", &s.summary),
        ("context", &s.context),
    ] {
        if text.trim().is_empty() {
            return Err(invalid(file, format!("{key} is empty")));
        }
    }
    if s.summary.contains('\n') {
        return Err(invalid(file, "summary must be one line"));
    }
    for phase in [
        Phase::Scenario,
        Phase::Latency,
        Phase::SchemaChange,
        Phase::Provenance,
    ] {
        let Some(q) = s.questions(phase) else {
            continue;
        };
        if q.opening.trim().is_empty() {
            return Err(invalid(
                file,
                format!("phases.{}.opening is empty", phase.as_str()),
            ));
        }
        if let Some(i) = q.follow_ups.iter().position(|f| f.ask().trim().is_empty()) {
            return Err(invalid(
                file,
                format!("phases.{}.follow_ups[{i}] is empty", phase.as_str()),
            ));
        }
    }
    if s.phases
        .schema_change
        .breaks
        .as_deref()
        .is_none_or(|b| b.trim().is_empty())
    {
        return Err(invalid(
            file,
            "phases.schema_change.breaks must name the upstream change the probe uses",
        ));
    }
    Ok(())
}
