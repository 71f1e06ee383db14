//! The questions of one round: the case's openings and follow-ups, the shared
//! lines, how the interviewer listens, and how the level shapes the drilling.

use super::*;

/// The fixed texts the machine hands out, copied from the prompt files.
#[derive(Debug, Clone)]
pub struct Script {
    pub(super) openings: [String; 5],
    /// The criteria each opening asks about.
    pub(super) opening_targets: [Vec<String>; 5],
    pub(super) follow_ups: [Vec<FollowUp>; 5],
    pub(super) listening: Listening,
    /// How many times one claim is drilled into (the level's, else
    /// [`policy::MAX_DRILLS_PER_CLAIM`]).
    pub(super) drills_per_claim: u32,
    /// Criteria the level asks about first in their phase.
    pub(super) first: Vec<String>,
    /// `/hint`'s nudge per phase, filled with the case's facts.
    pub(super) hints: [Option<String>; 5],
}

impl Script {
    /// The scenario's questions plus the interviewer's shared lines. The scenario
    /// phase's opening is the context followed by the opening request.
    pub fn new(scenario: &Scenario, lines: &InterviewerPrompts, listening: &Listening) -> Script {
        let q = &scenario.phases;
        let opening_scenario = format!(
            "{}\n\n{}",
            scenario.context.trim(),
            q.scenario.opening.trim()
        );
        Script {
            openings: [
                opening_scenario,
                q.latency.opening.trim().to_string(),
                q.schema_change.opening.trim().to_string(),
                q.provenance.opening.trim().to_string(),
                lines.lines.debrief.trim().to_string(),
            ],
            opening_targets: [
                q.scenario.targets.clone(),
                q.latency.targets.clone(),
                q.schema_change.targets.clone(),
                q.provenance.targets.clone(),
                Vec::new(),
            ],
            follow_ups: [
                q.scenario.follow_ups.clone(),
                q.latency.follow_ups.clone(),
                q.schema_change.follow_ups.clone(),
                q.provenance.follow_ups.clone(),
                Vec::new(),
            ],
            listening: listening.clone(),
            drills_per_claim: policy::MAX_DRILLS_PER_CLAIM,
            first: Vec::new(),
            hints: {
                let values = hint_values(scenario);
                let values: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                Phase::SPOKEN.map(|p| {
                    lines
                        .hints
                        .for_phase(p)
                        .map(|t| crate::prompts::listening::fill(t.trim(), &values))
                })
            },
        }
    }

    /// The script as a level shapes it: claims drilled as many times as the
    /// level asks, and the level's own topics asked first.
    pub fn for_level(mut self, shape: &crate::prompts::LevelShape) -> Script {
        if let Some(n) = shape.drills_per_claim {
            self.drills_per_claim = n;
        }
        self.first.clone_from(&shape.first);
        self
    }
}

/// What a hint template may name: facts of the case.
fn hint_values(scenario: &Scenario) -> Vec<(&'static str, String)> {
    let f = &scenario.facts;
    vec![
        (
            "noun",
            f.nouns.first().cloned().unwrap_or_else(|| "event".into()),
        ),
        ("p99", format!("{} ms", f.latency_p99_ms)),
        ("scope", f.latency_scope.clone()),
        (
            "label_delay",
            crate::vocab::minutes_in_words(f.label_delay_minutes),
        ),
    ]
}
