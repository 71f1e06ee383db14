//! The LLM interviewer: a [`Backend`] that asks an OpenAI-compatible model to
//! phrase each turn the state machine chose, checks the reply with the guard,
//! and falls back to the canonical text when the model drifts or the server
//! fails. The conversation is fitted to the model's context before each request.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::client::{Client, Ending};
use super::context;
use super::guard;
use super::request::Briefing;
use crate::backend::{Backend, BackendError, BackendInfo, Reply};
use crate::interview::InterviewerTurn;
use crate::rubric::Rubric;
use crate::transcript::{Role, Turn};
use crate::vocab::TurnKind;

/// Whether a reply is streaming, and the flag that cancels it. Shared with the
/// Ctrl-C handler: Ctrl-C while the interviewer speaks cancels only the reply.
#[derive(Debug, Default)]
pub struct Speaking {
    pub active: AtomicBool,
    pub cancel: AtomicBool,
}

/// Counts of guard decisions for the end-of-session stats.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct GuardStats {
    pub turns: u32,
    pub fired: u32,
}

pub struct LlmInterviewer {
    client: Client,
    briefing: Briefing,
    rubric: Option<Rubric>,
    speaking: Arc<Speaking>,
    pub stats: GuardStats,
}

impl LlmInterviewer {
    pub fn new(
        client: Client,
        briefing: Briefing,
        rubric: Option<Rubric>,
        speaking: Arc<Speaking>,
    ) -> Self {
        LlmInterviewer {
            client,
            briefing,
            rubric,
            speaking,
            stats: GuardStats::default(),
        }
    }
}

impl Backend for LlmInterviewer {
    fn stats(&self) -> Option<String> {
        let GuardStats { turns, fired } = self.stats;
        let rate = (fired * 100).checked_div(turns).unwrap_or(0);
        Some(format!(
            "guard: replaced {fired} of {turns} interviewer turns ({rate}%) with the prepared question"
        ))
    }

    fn info(&self) -> BackendInfo {
        BackendInfo {
            kind: "openai",
            model: Some(self.briefing.model.clone()),
            base_url: Some(crate::config::redact_url(self.client.base_url())),
        }
    }

    fn say(
        &mut self,
        turn: &InterviewerTurn,
        history: &[Turn],
        sink: &mut dyn FnMut(&str),
    ) -> Result<Reply, BackendError> {
        // The case itself is presented as written: its facts and numbers must be
        // exact, and restating a long brief is where small models fail most.
        if turn.kind == TurnKind::Opening && turn.phase == crate::vocab::Phase::Scenario {
            sink(&turn.canonical);
            return Ok(Reply {
                text: turn.canonical.clone(),
                complete: true,
                ..Reply::default()
            });
        }
        self.stats.turns += 1;
        let fallback = |why: String, model_text: Option<String>, stats: &mut GuardStats| {
            stats.fired += 1;
            Reply {
                text: turn.canonical.clone(),
                complete: true,
                guard: Some(why),
                model_text,
                ..Reply::default()
            }
        };
        let built = self
            .briefing
            .build(turn, history, &context::tokens)
            .map_err(|e| BackendError {
                message: e.to_string(),
            })?;
        let (request, prompt_estimate) = (built.request, built.prompt_tokens);
        self.speaking.cancel.store(false, Ordering::SeqCst);
        self.speaking.active.store(true, Ordering::SeqCst);
        // Watch the reply as it streams: a loop is stopped at once, not after
        // hundreds of repeated words.
        let mut so_far = String::new();
        let mut looped = false;
        let cancel = &self.speaking.cancel;
        let mut watch = |piece: &str| {
            sink(piece);
            so_far.push_str(piece);
            if !looped && guard::looping(&so_far) {
                looped = true;
                cancel.store(true, Ordering::SeqCst);
            }
        };
        let result = self.client.chat(&request, cancel, &mut watch);
        self.speaking.active.store(false, Ordering::SeqCst);
        let completion = match result {
            Ok(c) => c,
            Err(e) => {
                return Ok(fallback(
                    format!("the server failed: {e}"),
                    None,
                    &mut self.stats,
                ));
            }
        };
        if looped {
            let why = "it fell into a loop (stopped early)".to_string();
            return Ok(fallback(why, Some(completion.text), &mut self.stats));
        }
        let tokens = completion
            .usage
            .and_then(|u| Some((u.prompt_tokens?, u.completion_tokens?)))
            .or(Some((
                prompt_estimate as u64,
                context::tokens(&completion.text) as u64,
            )));
        let incomplete = match &completion.ending {
            Ending::Complete { .. } => None,
            Ending::Incomplete { why } => Some(why.clone()),
            Ending::Cancelled => Some("cancelled with Ctrl-C".to_string()),
        };
        if incomplete.is_none() {
            let earlier: Vec<&str> = history
                .iter()
                .filter(|t| t.role == Role::Interviewer)
                .map(|t| t.text.as_str())
                .collect();
            if let Err(why) = guard::check(
                turn.kind,
                &completion.text,
                &turn.canonical,
                &earlier,
                self.rubric.as_ref(),
            ) {
                let mut reply = fallback(why, Some(completion.text), &mut self.stats);
                reply.tokens = tokens;
                return Ok(reply);
            }
        }
        Ok(Reply {
            text: completion.text,
            complete: incomplete.is_none(),
            incomplete,
            tokens,
            ..Reply::default()
        })
    }
}
