//! The seam between the interview and whoever phrases the interviewer's turns.
//!
//! The state machine decides *what* the interviewer says next
//! ([`InterviewerTurn`]); a [`Backend`] decides *how*. The built-in
//! [`Scripted`] backend says the canonical text from `prompts/` and needs no
//! network, so the interview always runs, and tests drive the whole program
//! through it.

use crate::interview::InterviewerTurn;
use crate::transcript::Turn;

/// What a transcript header records about the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendInfo {
    /// `scripted` or `openai`.
    pub kind: &'static str,
    pub model: Option<String>,
    /// Never carries an API key.
    pub base_url: Option<String>,
}

/// The interviewer's spoken turn, as the backend produced it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    /// What the candidate was shown and must answer.
    pub text: String,
    /// Why the guard replaced the model's words with the canonical text.
    pub guard: Option<String>,
    /// The model's own words, when the guard replaced them or the reply broke off.
    pub model_text: Option<String>,
    /// What the candidate is told when `text` is the prepared text instead of
    /// the model's: one plain sentence with no rubric internals ("the
    /// interviewer's wording went wrong; here is the prepared question").
    pub notice: Option<String>,
    /// Prompt and reply tokens: the server's count when it sent one, else ours.
    pub tokens: Option<(u64, u64)>,
    /// From the request to the model's first word, when a model was asked.
    pub first_text: Option<std::time::Duration>,
}

/// A failure of the backend that the interview cannot hide.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct BackendError {
    pub message: String,
}

/// Phrases interviewer turns.
pub trait Backend {
    fn info(&self) -> BackendInfo;

    /// Produces the interviewer's words for `turn`, given the conversation so
    /// far. The text is final — judged before it is returned, so nothing
    /// unusable ever reaches the screen — and `progress` hears how many
    /// characters of it exist so far, for a waiting indicator.
    fn say(
        &mut self,
        turn: &InterviewerTurn,
        history: &[Turn],
        progress: &mut dyn FnMut(usize),
    ) -> Result<Reply, BackendError>;

    /// A line of statistics for the end of the session, if the backend keeps any.
    fn stats(&self) -> Option<String> {
        None
    }
}

/// The built-in offline interviewer: says each turn's canonical text.
#[derive(Debug, Default, Clone)]
pub struct Scripted;

impl Backend for Scripted {
    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: "scripted",
            model: None,
            base_url: None,
        }
    }

    fn say(
        &mut self,
        turn: &InterviewerTurn,
        _history: &[Turn],
        _progress: &mut dyn FnMut(usize),
    ) -> Result<Reply, BackendError> {
        Ok(Reply {
            text: turn.canonical.clone(),
            ..Reply::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Phase, TurnKind};

    #[test]
    fn scripted_says_the_canonical_text() {
        let turn = InterviewerTurn {
            phase: Phase::Latency,
            kind: TurnKind::Opening,
            canonical: "What is your p99 budget?".into(),
            target: None,
            intent: Default::default(),
        };
        let reply = Scripted.say(&turn, &[], &mut |_| {}).unwrap();
        assert_eq!(
            reply,
            Reply {
                text: turn.canonical.clone(),
                ..Reply::default()
            }
        );
        assert_eq!(Scripted.info().kind, "scripted");
    }
}
