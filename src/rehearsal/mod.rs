//! The interviewer quality check: labelled candidate scripts played through the
//! real state machine and the real running assessment, and the interviewer's
//! questions measured against the labels ([`measure`]). Pure: scripts come in
//! as text, the clock is simulated (each answer takes [`ANSWER_TIME`]), and the
//! turns are phrased by any [`Backend`] — the scripted interviewer in tests, a
//! model in `interviewer eval --candidates DIR` (which also measures how many
//! listening moves survive the model's phrasing). `tests/listening.rs` runs it
//! in CI.
//!
//! A script gives each phase a list of answers. The candidate answers the
//! phase's questions in order; when its answers for the phase run out it says
//! `/next`, and answers the phase did not have room for are dropped (and their
//! labels with them).

pub mod measure;

use std::time::Duration;

use serde::Deserialize;

use crate::assessment::Assessor;
use crate::backend::{Backend, BackendError};
use crate::interview::{Event, Interview, Move, Plan, Script};
use crate::listen::Ear;
use crate::prompts::PromptSet;
use crate::rubric::Rubric;
use crate::transcript::Turn;
use crate::vocab::{Phase, Role};

/// How long each simulated answer takes.
pub const ANSWER_TIME: Duration = Duration::from_secs(90);

/// A planted contradiction, as labelled.
#[derive(Debug, Clone, Deserialize)]
pub struct Planted {
    /// `case` (against the scenario's facts) or `self` (against an earlier answer).
    pub kind: String,
    /// The verbatim span that carries it.
    pub quote: String,
    #[serde(default)]
    pub earlier: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// One labelled answer.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub phase: Phase,
    pub text: String,
    /// Criteria this answer covers with substance.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Criteria touched in passing.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Criteria this answer is deliberately vague on.
    #[serde(default)]
    pub vague: Vec<String>,
    /// Verbatim spans of distinctive choices.
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub contradiction: Option<Planted>,
}

/// A labelled candidate script (`tests/data/candidates/*/*.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct Candidate {
    pub scenario: String,
    pub style: String,
    /// Criteria the candidate never covers: a good interviewer asks about them.
    #[serde(default)]
    pub gaps: Vec<String>,
    pub answers: Vec<Answer>,
    /// The file's name, set by the loader.
    #[serde(skip)]
    pub name: String,
}

/// A script that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("{name}: {message}\n  fix: see docs/listening.md for the format of a candidate script")]
    Invalid { name: String, message: String },
    #[error("{name}: the interviewer failed: {source}")]
    Backend { name: String, source: BackendError },
}

impl Candidate {
    /// Parses one script; `name` is its file name, for messages.
    pub fn parse(name: &str, text: &str) -> Result<Candidate, ScriptError> {
        let invalid = |message: String| ScriptError::Invalid {
            name: name.to_string(),
            message,
        };
        let mut c: Candidate =
            toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        c.name = name.to_string();
        if c.answers.is_empty() {
            return Err(invalid("no [[answers]]".into()));
        }
        for (i, a) in c.answers.iter().enumerate() {
            if a.phase == Phase::Done {
                return Err(invalid(format!(
                    "answers[{i}]: phase \"done\" takes no answers"
                )));
            }
            if let Some(p) = &a.contradiction {
                if !a.text.contains(&p.quote) {
                    return Err(invalid(format!(
                        "answers[{i}]: the contradiction's quote is not in the answer's text"
                    )));
                }
            }
        }
        Ok(c)
    }
}

/// One played interview: every turn, as a transcript would hold it, and for
/// each candidate turn the index of the script answer it was.
#[derive(Debug, Clone)]
pub struct Played {
    pub turns: Vec<Turn>,
    pub answer_of: Vec<Option<usize>>,
}

/// Plays a script through the state machine; `backend` phrases each turn.
pub fn play(
    c: &Candidate,
    prompts: &PromptSet,
    rubric: &Rubric,
    ear: &Ear,
    backend: &mut dyn Backend,
) -> Result<Played, ScriptError> {
    let scenario = prompts
        .scenario(&c.scenario)
        .map_err(|e| ScriptError::Invalid {
            name: c.name.clone(),
            message: e.to_string(),
        })?;
    let plan = Plan::new(
        prompts.interviewer.round.minutes,
        &prompts.interviewer.phases,
    );
    let mut interview = Interview::new(
        plan,
        Script::new(scenario, &prompts.interviewer, &prompts.listening),
    );
    let assessor = Assessor {
        rubric,
        session: &c.name,
        scenario: &scenario.id,
        facts: Some(&scenario.facts),
        ear,
    };
    let mut played = Played {
        turns: Vec::new(),
        answer_of: Vec::new(),
    };
    let mut now = Duration::ZERO;
    let mut next_answer = 0;
    let mut events = interview.start(now);
    let mut graded = assessor.assess(&played.turns).assessment;
    // Every turn ends the loop or records a turn: bounded by the answers and
    // the phases.
    for _ in 0..(c.answers.len() + 16) * 4 {
        let finished = speak(events, backend, &mut played, now, &c.name)?;
        if finished || interview.is_done() {
            break;
        }
        let phase = interview.phase();
        // Answers meant for phases already over are dropped.
        while next_answer < c.answers.len() && c.answers[next_answer].phase < phase {
            next_answer += 1;
        }
        let mv = match c.answers.get(next_answer) {
            Some(a) if a.phase == phase => {
                now += ANSWER_TIME;
                let seq = played.turns.len() as u64 + 1;
                played.turns.push(Turn {
                    seq,
                    elapsed_ms: now.as_millis() as u64,
                    ..Turn::new(Role::Candidate, phase, a.text.clone())
                });
                played.answer_of.push(Some(next_answer));
                next_answer += 1;
                graded = assessor.assess(&played.turns).assessment;
                Move::Answer
            }
            _ => Move::Next,
        };
        events = match interview.handle(mv, now, &graded) {
            Ok(e) => e,
            Err(_) => break,
        };
    }
    Ok(played)
}

/// The interviewer's turns among `events`, phrased by `backend` and added to
/// the played turns; true when the round finished.
fn speak(
    events: Vec<Event>,
    backend: &mut dyn Backend,
    played: &mut Played,
    now: Duration,
    name: &str,
) -> Result<bool, ScriptError> {
    let mut finished = false;
    for e in events {
        match e {
            Event::Say(t) => {
                let reply = backend
                    .say(&t, &played.turns, &mut |_| {})
                    .map_err(|source| ScriptError::Backend {
                        name: name.to_string(),
                        source,
                    })?;
                let seq = played.turns.len() as u64 + 1;
                played.turns.push(Turn {
                    seq,
                    kind: Some(t.kind),
                    target: t.target,
                    elapsed_ms: now.as_millis() as u64,
                    guard: reply.guard,
                    model_text: reply.model_text,
                    intent: Some(t.intent),
                    ..Turn::new(Role::Interviewer, t.phase, reply.text)
                });
                played.answer_of.push(None);
            }
            Event::Finished => finished = true,
            Event::PhaseChanged { .. } => {}
        }
    }
    Ok(finished)
}
