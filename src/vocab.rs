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
    /// A nudge on the current question the candidate asked for with `/hint`;
    /// not a question, and it costs part of the credit of what it is about.
    Hint,
}

impl TurnKind {
    /// The kind in words: `opening`, `follow-up`, `feedback`, `hint`.
    pub fn label(self) -> &'static str {
        match self {
            TurnKind::Opening => "opening",
            TurnKind::FollowUp => "follow-up",
            TurnKind::Feedback => "feedback",
            TurnKind::Hint => "hint",
        }
    }
}

/// The move behind an interviewer turn: what the question policy chose to do
/// and why (docs/listening.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// The phase's opening question.
    Opening,
    /// The scenario's own follow-up, asked because its topic is still open.
    Scripted,
    /// A question about something the candidate said: why this choice, what
    /// fails, what changes at scale.
    DrillDown,
    /// The last answer named a topic without specifics: ask for them.
    Probe,
    /// Two claims, or a claim and the case's facts, disagree: quote both.
    Contradiction,
    /// A topic the candidate has not touched, in the phase where it belongs.
    Gap,
    /// The closing feedback.
    Feedback,
}

impl Ask {
    /// The move in words, as `replay` and the report show it.
    pub fn label(self) -> &'static str {
        match self {
            Ask::Opening => "opening",
            Ask::Scripted => "scripted follow-up",
            Ask::DrillDown => "drill-down",
            Ask::Probe => "probe of a vague answer",
            Ask::Contradiction => "contradiction",
            Ask::Gap => "uncovered topic",
            Ask::Feedback => "feedback",
        }
    }

    /// True for the moves that start from what the candidate said.
    pub fn listens(self) -> bool {
        matches!(self, Ask::DrillDown | Ask::Probe | Ask::Contradiction)
    }
}

/// Why an interviewer turn was asked: its move, the rubric criteria it targets,
/// and the candidate's words it is about. Saved with the turn.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    #[serde(rename = "move")]
    pub ask: Option<Ask>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// A verbatim span of the candidate's answer the question quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The claim drilled into (`component:redis`, `number:10 ms`), for depth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// The contradiction raised, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contradiction: Option<String>,
    /// The scenario follow-up asked, by its index in the phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<usize>,
    /// A short restatement of the last answer was put before the question.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acknowledged: bool,
}

impl Intent {
    /// The line `replay` and the report show under a question: every follow-up,
    /// and an opening that starts from the candidate's words; not a plain
    /// opening or the feedback.
    pub fn note(&self) -> Option<String> {
        match self.ask? {
            Ask::Feedback => None,
            Ask::Opening if self.about.is_none() => None,
            _ => self.describe(),
        }
    }

    /// One line for `replay` and the report: "drill-down on: features in Redis".
    pub fn describe(&self) -> Option<String> {
        let ask = self.ask?;
        let mut line = ask.label().to_string();
        if let Some(about) = &self.about {
            line.push_str(&format!(" on: \"{about}\""));
        }
        if !self.targets.is_empty() {
            line.push_str(&format!(" [{}]", self.targets.join(", ")));
        }
        Some(line)
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

/// A number of minutes in the largest whole unit it fills: `1440` → "1 day",
/// `90` → "90 minutes".
pub fn minutes_in_words(m: u64) -> String {
    let (n, unit) = if m >= 1440 && m % 1440 == 0 {
        (m / 1440, "day")
    } else if m >= 60 && m % 60 == 0 {
        (m / 60, "hour")
    } else {
        (m, "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
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
