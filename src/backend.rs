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
    /// False when the reply was cut off (cancelled, or the stream broke).
    pub complete: bool,
    /// Why the reply is incomplete, when it is.
    pub incomplete: Option<String>,
    /// Why the guard replaced the model's words with the canonical text.
    pub guard: Option<String>,
    /// The model's own words, when the guard replaced them.
    pub model_text: Option<String>,
    /// Prompt and reply tokens: the server's count when it sent one, else ours.
    pub tokens: Option<(u64, u64)>,
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

    /// Produces the interviewer's words for `turn`, given the conversation so far,
    /// handing each piece of text to `sink` as soon as it exists (streaming).
    fn say(
        &mut self,
        turn: &InterviewerTurn,
        history: &[Turn],
        sink: &mut dyn FnMut(&str),
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
        sink: &mut dyn FnMut(&str),
    ) -> Result<Reply, BackendError> {
        sink(&turn.canonical);
        Ok(Reply {
            text: turn.canonical.clone(),
            complete: true,
            ..Reply::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Phase, TurnKind};

    #[test]
    fn scripted_says_the_canonical_text_once() {
        let turn = InterviewerTurn {
            phase: Phase::Latency,
            kind: TurnKind::Opening,
            canonical: "What is your p99 budget?".into(),
            target: None,
        };
        let mut pieces = Vec::new();
        let reply = Scripted
            .say(&turn, &[], &mut |s| pieces.push(s.to_string()))
            .unwrap();
        assert_eq!(pieces, ["What is your p99 budget?"]);
        assert_eq!(
            reply,
            Reply {
                text: turn.canonical.clone(),
                complete: true,
                ..Reply::default()
            }
        );
        assert_eq!(Scripted.info().kind, "scripted");
    }
}
