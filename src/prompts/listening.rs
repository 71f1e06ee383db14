//! `prompts/listening.toml` as types: the components a candidate may name and
//! the role each plays, and the wording of every listening question (drill-downs,
//! probes of vague answers, contradictions, gap questions, acknowledgements, the
//! early closing line). Which question is asked is decided in code
//! (`interview::policy`); this file only says how each kind is worded.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{PromptError, PromptFile};
use crate::vocab::Phase;

/// The file's path under `prompts/`.
pub const LISTENING_FILE: &str = "listening.toml";

/// A component a candidate may name, and the role it plays in a pipeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub role: String,
    pub names: Vec<String>,
}

/// One template per angle, per phase: the first angle is asked first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Angles {
    pub scenario: Vec<String>,
    pub latency: Vec<String>,
    pub schema_change: Vec<String>,
    pub provenance: Vec<String>,
}

impl Angles {
    /// The templates for a phase (the scenario's for the debrief).
    pub fn for_phase(&self, phase: Phase) -> &[String] {
        match phase {
            Phase::Latency => &self.latency,
            Phase::SchemaChange => &self.schema_change,
            Phase::Provenance => &self.provenance,
            _ => &self.scenario,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drill {
    pub component: Angles,
    /// A component whose role is `model`: why it, what it must beat.
    pub model: Angles,
    pub number: Angles,
    pub choice: Angles,
    /// The component roles worth drilling into in each phase (an empty list:
    /// every role): a nightly batch job has no milliseconds to ask about.
    pub fit: Angles,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    pub template: String,
    /// For an answer that left the question open without coming to its topic:
    /// the quote is the answer's own words, not words on the topic ("You said
    /// \"{quote}\", but that leaves my question open: {ask}"). Without it,
    /// `template`.
    #[serde(default)]
    pub open: Option<String>,
    pub default_ask: String,
    /// What a vague answer on a criterion left out, by criterion id.
    #[serde(default)]
    pub ask: BTreeMap<String, String>,
}

impl Probe {
    /// The specific ask for a criterion.
    pub fn ask_for(&self, criterion: &str) -> &str {
        self.ask.get(criterion).unwrap_or(&self.default_ask)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContradictionLines {
    pub case: String,
    pub earlier: String,
    pub practice: String,
}

/// The question for a topic the candidate never touched.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapAsk {
    pub criterion: String,
    pub phase: Phase,
    pub ask: String,
    /// Component roles the topic lives in: a named component of one of these
    /// roles is quoted to start the question from the candidate's design.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Other topics the same question asks about: it is asked only when the
    /// candidate touched none of them either, and then in place of the
    /// question for `criterion` alone (a phase short of turns asks two
    /// missing points at once, as an interviewer would).
    #[serde(default)]
    pub also: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gaps {
    pub bridge: String,
    /// Topics every interviewer checks, asked before the others when the
    /// candidate has not touched them (then the weakest first).
    #[serde(default)]
    pub first: Vec<String>,
    #[serde(default)]
    pub ask: Vec<GapAsk>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    pub template: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// Percent of the round still left above which the debrief opens with `early`.
    pub early_share: u32,
    pub early: String,
}

/// Two things that cannot both hold: regular expressions for each side.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clash {
    pub id: String,
    pub one: Vec<String>,
    pub other: Vec<String>,
    /// What both sentences must also speak of for the sides to clash ("when
    /// the store is down": failing open and failing closed clash only about a
    /// failure); empty: anything.
    #[serde(default)]
    pub when: Vec<String>,
}

/// `prompts/listening.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listening {
    pub version: u32,
    /// An answer that takes longer than this counts only this long on the clock.
    pub idle_minutes: u32,
    #[serde(default)]
    pub component: Vec<Component>,
    /// Words that put a sentence on a rubric topic, by criterion id.
    #[serde(default)]
    pub vague: BTreeMap<String, Vec<String>>,
    /// Words of a hand-wave: a sentence with one says nothing specific.
    #[serde(default)]
    pub hedges: Vec<String>,
    /// Topics whose substance is a number, a time or a named key or field, or
    /// one of the words listed: a sentence on one without any is vague even
    /// with something at work in it.
    #[serde(default)]
    pub specifics: BTreeMap<String, Vec<String>>,
    /// Pairs of claims that contradict each other across answers.
    #[serde(default)]
    pub clash: Vec<Clash>,
    pub drill: Drill,
    pub probe: Probe,
    pub contradiction: ContradictionLines,
    pub gap: Gaps,
    pub acknowledge: Acknowledge,
    pub closing: Closing,
}

impl Listening {
    /// Every rubric criterion and component role the file names that `known`
    /// criteria and its own `[[component]]` roles do not have, as
    /// `(where, name)`: such an entry would silently never apply.
    pub fn unknown_names(&self, known: &[&str]) -> Vec<(String, String)> {
        let roles: Vec<&str> = self.component.iter().map(|c| c.role.as_str()).collect();
        let mut out = Vec::new();
        let mut criterion = |at: String, id: &str| {
            if !known.contains(&id) {
                out.push((at, id.to_string()));
            }
        };
        for id in self.vague.keys() {
            criterion("[vague]".into(), id);
        }
        for id in self.probe.ask.keys() {
            criterion("[probe.ask]".into(), id);
        }
        for id in self.specifics.keys() {
            criterion("[specifics]".into(), id);
        }
        for id in &self.gap.first {
            criterion("[gap] first".into(), id);
        }
        for g in &self.gap.ask {
            criterion("[[gap.ask]] criterion".into(), &g.criterion);
            for a in &g.also {
                criterion("[[gap.ask]] also".into(), a);
            }
        }
        for g in &self.gap.ask {
            for r in g.roles.iter().filter(|r| !roles.contains(&r.as_str())) {
                out.push(("[[gap.ask]] roles".into(), r.clone()));
            }
        }
        for phase in [
            Phase::Scenario,
            Phase::Latency,
            Phase::SchemaChange,
            Phase::Provenance,
        ] {
            for r in self.drill.fit.for_phase(phase) {
                if !roles.contains(&r.as_str()) {
                    out.push((format!("[drill.fit] {}", phase.as_str()), r.clone()));
                }
            }
        }
        out
    }
}

/// Placeholders each template may use.
const PLACEHOLDERS: [&str; 5] = ["{quote}", "{earlier}", "{name}", "{fact}", "{ask}"];

impl Listening {
    /// Checks what TOML cannot: every template uses only known placeholders and
    /// the one it needs, and no list of angles is empty.
    pub fn validate(&self, file: &PromptFile) -> Result<(), PromptError> {
        let invalid = |message: String| PromptError::Invalid {
            file: file.origin.clone(),
            message,
        };
        for (key, text, needs) in self.templates().map_err(invalid)? {
            check_template(&key, text, needs).map_err(invalid)?;
        }
        for c in &self.clash {
            for (side, patterns) in [("one", &c.one), ("other", &c.other), ("when", &c.when)] {
                if patterns.is_empty() && side != "when" {
                    return Err(invalid(format!("clash {}: {side} is empty", c.id)));
                }
                for p in patterns {
                    if let Err(e) = regex::Regex::new(p) {
                        return Err(invalid(format!(
                            "clash {}: {side} has a pattern that is not a regular expression ({p}): {e}",
                            c.id
                        )));
                    }
                }
            }
        }
        if self.closing.early_share > 100 {
            return Err(invalid(
                "closing.early_share is a percent, at most 100".into(),
            ));
        }
        if self.idle_minutes == 0 {
            return Err(invalid(
                "idle_minutes must be at least 1 (an answer always takes some time)".into(),
            ));
        }
        Ok(())
    }

    /// Every template with its key and the placeholders it must hold; an
    /// error names a phase with no drill template.
    fn templates(&self) -> Result<Vec<Template<'_>>, String> {
        let mut templates: Vec<Template<'_>> = Vec::new();
        for (kind, angles, needs) in [
            (
                "component",
                &self.drill.component,
                &["{quote}", "{name}"][..],
            ),
            ("number", &self.drill.number, &["{quote}"][..]),
            ("choice", &self.drill.choice, &["{quote}"][..]),
        ] {
            for phase in [
                Phase::Scenario,
                Phase::Latency,
                Phase::SchemaChange,
                Phase::Provenance,
            ] {
                let list = angles.for_phase(phase);
                if list.is_empty() {
                    return Err(format!(
                        "drill.{kind}.{} needs at least one template",
                        phase.as_str()
                    ));
                }
                for (i, t) in list.iter().enumerate() {
                    templates.push((format!("drill.{kind}.{}[{i}]", phase.as_str()), t, needs));
                }
            }
        }
        templates.push((
            "probe.template".into(),
            &self.probe.template,
            &["{quote}", "{ask}"],
        ));
        if let Some(open) = &self.probe.open {
            templates.push(("probe.open".into(), open, &["{quote}", "{ask}"]));
        }
        templates.push((
            "contradiction.case".into(),
            &self.contradiction.case,
            &["{quote}", "{fact}"],
        ));
        templates.push((
            "contradiction.earlier".into(),
            &self.contradiction.earlier,
            &["{quote}", "{earlier}"],
        ));
        templates.push((
            "contradiction.practice".into(),
            &self.contradiction.practice,
            &["{quote}"],
        ));
        templates.push(("gap.bridge".into(), &self.gap.bridge, &["{quote}", "{ask}"]));
        templates.push((
            "acknowledge.template".into(),
            &self.acknowledge.template,
            &["{quote}"],
        ));
        Ok(templates)
    }
}

/// A template's key, its text and the placeholders it must hold.
type Template<'a> = (String, &'a str, &'static [&'static str]);

/// A template holds the placeholders it needs and no unknown one.
fn check_template(key: &str, text: &str, needs: &[&str]) -> Result<(), String> {
    if let Some(need) = needs.iter().find(|n| !text.contains(**n)) {
        return Err(format!("{key} must contain {need}"));
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let tail = &rest[open..];
        let close = tail.find('}').map_or(tail.len(), |c| c + 1);
        let placeholder = &tail[..close];
        if !PLACEHOLDERS.contains(&placeholder) {
            return Err(format!(
                "{key}: unknown placeholder {placeholder}; the known ones are {}",
                PLACEHOLDERS.join(", ")
            ));
        }
        rest = &tail[close..];
    }
    Ok(())
}

/// Fills a template's placeholders in one pass over the template, so a
/// placeholder inside a value (a candidate who typed "{ask}") stays as typed.
/// Unused values are ignored; an unknown placeholder is kept.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let close = tail.find('}');
        let value = close.and_then(|c| {
            let key = &tail[1..c];
            values.iter().find(|(k, _)| *k == key).map(|(_, v)| (c, *v))
        });
        match value {
            Some((c, v)) => {
                out.push_str(v);
                rest = &tail[c + 1..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A scripted follow-up: its text and the rubric criteria it asks about. A plain
/// string (the older form) targets nothing, which `scenarios check` reports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum FollowUp {
    Plain(String),
    Targeted {
        ask: String,
        #[serde(default)]
        targets: Vec<String>,
    },
}

impl FollowUp {
    pub fn ask(&self) -> &str {
        match self {
            FollowUp::Plain(s) => s,
            FollowUp::Targeted { ask, .. } => ask,
        }
    }

    pub fn targets(&self) -> &[String] {
        match self {
            FollowUp::Plain(_) => &[],
            FollowUp::Targeted { targets, .. } => targets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder_it_is_given() {
        let t = "You said \"{quote}\". What does {name} do?";
        assert_eq!(
            fill(t, &[("quote", "Redis at 10 ms"), ("name", "Redis")]),
            "You said \"Redis at 10 ms\". What does Redis do?"
        );
    }

    #[test]
    fn the_shipped_file_names_only_known_criteria_and_roles_and_a_typo_is_found() {
        let set =
            crate::prompts::PromptSet::from_files(crate::prompts::PromptFiles::embedded()).unwrap();
        let files = crate::prompts::PromptFiles::embedded();
        let rubric =
            crate::rubric::Rubric::compile(files.get(crate::rubric::RUBRIC_FILE).unwrap()).unwrap();
        let known = rubric.every_criterion_id();
        // A staff-level criterion is known (it has a probe of its own).
        assert!(known.contains(&"budget_cost"));
        let mut l = set.listening;
        assert_eq!(l.unknown_names(&known), Vec::<(String, String)>::new());
        l.gap.first.push("idempotency".into());
        l.drill.fit.latency.push("caches".into());
        assert_eq!(
            l.unknown_names(&known),
            [
                ("[gap] first".to_string(), "idempotency".to_string()),
                ("[drill.fit] latency".to_string(), "caches".to_string()),
            ]
        );
    }

    #[test]
    fn a_placeholder_inside_a_value_stays_as_typed() {
        let t = "You said \"{quote}\". Concretely: {ask}";
        assert_eq!(
            fill(
                t,
                &[
                    ("quote", "we monitor {ask} somehow"),
                    ("ask", "which metric?")
                ]
            ),
            "You said \"we monitor {ask} somehow\". Concretely: which metric?"
        );
        assert_eq!(fill("{unknown} and {", &[]), "{unknown} and {");
    }

    #[test]
    fn a_follow_up_reads_as_a_string_or_a_table() {
        #[derive(Deserialize)]
        struct F {
            f: Vec<FollowUp>,
        }
        let f: F =
            toml::from_str("f = [\"plain?\", { ask = \"targeted?\", targets = [\"privacy\"] }]")
                .unwrap();
        assert_eq!(f.f[0].ask(), "plain?");
        assert!(f.f[0].targets().is_empty());
        assert_eq!(f.f[1].targets(), ["privacy".to_string()]);
    }
}
