//! The ground floor: the small words every other module shares — the phases of
//! a round, who speaks, the kinds of interviewer turn, why a phase ends, and how
//! a clock reads. Nothing here imports another module of the crate, so the state
//! machine, the prompt files, the rubric, the grader and the transcript can all
//! use these types without depending on each other.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A phase of the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Scenario,
    Latency,
    SchemaChange,
    Provenance,
    Debrief,
    Done,
}

impl Phase {
    /// The phases in which the interviewer speaks, in order.
    pub const SPOKEN: [Phase; 5] = [
        Phase::Scenario,
        Phase::Latency,
        Phase::SchemaChange,
        Phase::Provenance,
        Phase::Debrief,
    ];

    /// The phase after this one (`Done` stays `Done`).
    pub fn next(self) -> Phase {
        match self {
            Phase::Scenario => Phase::Latency,
            Phase::Latency => Phase::SchemaChange,
            Phase::SchemaChange => Phase::Provenance,
            Phase::Provenance => Phase::Debrief,
            Phase::Debrief | Phase::Done => Phase::Done,
        }
    }

    /// The name used in transcripts, prompts and prompt-file keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Scenario => "scenario",
            Phase::Latency => "latency",
            Phase::SchemaChange => "schema_change",
            Phase::Provenance => "provenance",
            Phase::Debrief => "debrief",
            Phase::Done => "done",
        }
    }

    /// The name people read: in the prompt, notices and reports ("schema change").
    pub fn label(self) -> &'static str {
        match self {
            Phase::SchemaChange => "schema change",
            other => other.as_str(),
        }
    }

    /// The phase a key or transcript name stands for (`schema_change`).
    pub fn from_key(key: &str) -> Option<Phase> {
        Phase::SPOKEN.into_iter().find(|p| p.as_str() == key)
    }

    /// A short human title for banners.
    pub fn title(self) -> &'static str {
        match self {
            Phase::Scenario => "Scenario",
            Phase::Latency => "Probe: latency and freshness",
            Phase::SchemaChange => "Probe: schema change",
            Phase::Provenance => "Probe: data provenance",
            Phase::Debrief => "Debrief",
            Phase::Done => "Done",
        }
    }

    /// The position among the spoken phases (`None` for `Done`).
    pub fn index(self) -> Option<usize> {
        Phase::SPOKEN.iter().position(|p| *p == self)
    }
}

/// Phases print by their human name; keys and transcripts use [`Phase::as_str`].
impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What kind of interviewer turn this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    /// The first question of a phase.
    Opening,
    /// A further question within the phase.
    FollowUp,
    /// The closing feedback after the debrief answer.
    Feedback,
}

impl TurnKind {
    /// The kind in words: `opening`, `follow-up`, `feedback`.
    pub fn label(self) -> &'static str {
        match self {
            TurnKind::Opening => "opening",
            TurnKind::FollowUp => "follow-up",
            TurnKind::Feedback => "feedback",
        }
    }
}

/// Why the interview moved from one phase to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdvanceReason {
    /// The phase's answer budget or its follow-ups ran out.
    Answers,
    /// The phase's time budget ran out.
    PhaseTime,
    /// The round's clock ran out; the interview goes to the debrief.
    RoundTime,
    /// The candidate typed `/next`.
    Next,
    /// The candidate typed `/end`.
    End,
}

/// Minutes and seconds, `m:ss`; minutes are not wrapped at 60. A time past
/// a hundred hours is no real interview (a hand-edited or corrupt transcript), so
/// it prints as such instead of as a fifteen-digit clock.
pub fn mmss(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 100 * 3600 {
        return "over 100 h".to_string();
    }
    format!("{}:{:02}", s / 60, s % 60)
}

/// Who spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Interviewer,
    Candidate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_have_one_key_and_one_human_name() {
        assert_eq!(Phase::SchemaChange.as_str(), "schema_change");
        assert_eq!(Phase::SchemaChange.to_string(), "schema change");
        assert_eq!(Phase::from_key("schema_change"), Some(Phase::SchemaChange));
        assert_eq!(Phase::from_key("done"), None);
    }

    #[test]
    fn clocks_read_as_minutes_and_absurd_ones_say_so() {
        assert_eq!(mmss(Duration::from_secs(17 * 60 + 40)), "17:40");
        assert_eq!(mmss(Duration::from_secs(90 * 60)), "90:00");
        assert_eq!(mmss(Duration::from_millis(u64::MAX)), "over 100 h");
    }
}
