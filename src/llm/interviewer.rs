//! The LLM interviewer: a [`Backend`] that asks an OpenAI-compatible model to
//! phrase each turn the state machine chose, checks the reply with the guard,
//! and falls back to the canonical text when the model drifts or the server
//! fails. The conversation is fitted to the model's context before each request.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::client::{ChatRequest, Client, ClientError, Completion, Ending, Flow};
use super::context;
use super::guard;
use super::request::{self, Briefing};
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
    /// Asks for questions as JSON under a schema (where the server can), or not.
    pub fn set_structured(&mut self, on: bool) {
        self.briefing.structured = on;
    }

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
        progress: &mut dyn FnMut(usize),
    ) -> Result<Reply, BackendError> {
        // The case itself is presented as written: its facts and numbers must be
        // exact, and restating a long brief is where small models fail most.
        if turn.kind == TurnKind::Opening && turn.phase == crate::vocab::Phase::Scenario {
            return Ok(Reply {
                text: turn.canonical.clone(),
                ..Reply::default()
            });
        }
        self.stats.turns += 1;
        let prepared = prepared(turn);
        let built = self
            .briefing
            .build(turn, history, &context::tokens)
            .map_err(|e| BackendError {
                message: e.to_string(),
            })?;
        let (request, prompt_estimate, instruction) =
            (built.request, built.prompt_tokens, built.instruction);
        let result = self.stream(&request, progress);
        let completion = match result {
            Ok(c) => c,
            Err(ClientError::Cancelled) => {
                let notice = format!(
                    "you stopped the interviewer; {prepared} — /retry asks the model again"
                );
                return Ok(self.fallback(
                    turn,
                    "cancelled with Ctrl-C before any text",
                    None,
                    notice,
                ));
            }
            Err(e) => {
                let why = format!("the server failed: {e}");
                let notice = format!("the model server did not answer; {prepared}");
                return Ok(self.fallback(turn, &why, None, notice));
            }
        };
        let tokens = completion
            .usage
            .and_then(|u| Some((u.prompt_tokens?, u.completion_tokens?)))
            .or(Some((
                prompt_estimate as u64,
                context::tokens(&completion.text) as u64,
            )));
        let verdict = self.verdict(turn, history, &instruction, &request, &completion);
        let first_text = completion.first_text_after;
        match verdict {
            // What is shown and saved holds no escape or control sequence of
            // the model's (the guard judged its words, not its bytes).
            Ok(text) => Ok(Reply {
                text: crate::sanitize::for_terminal(&text),
                tokens,
                first_text,
                ..Reply::default()
            }),
            Err((why, notice)) => {
                let mut reply = self.fallback(turn, &why, Some(completion.text), notice);
                reply.tokens = tokens;
                reply.first_text = first_text;
                Ok(reply)
            }
        }
    }
}

/// True when a server refused a request for its response schema.
fn rejects_schema(e: &ClientError) -> bool {
    let ClientError::Status { error, .. } = e else {
        return false;
    };
    let said = error.to_string().to_lowercase();
    matches!(error.status, Some(400 | 422 | 500 | 501))
        && ["response_format", "json_schema", "schema", "grammar"]
            .iter()
            .any(|w| said.contains(w))
}

impl LlmInterviewer {
    /// The guard's verdict on `text` as the reply to `turn`.
    fn screen(
        &self,
        turn: &InterviewerTurn,
        history: &[Turn],
        instruction: &str,
        text: &str,
    ) -> Result<(), (String, String)> {
        let prepared = match turn.kind {
            TurnKind::Feedback => "here is the prepared feedback",
            _ => "here is the prepared question",
        };
        let earlier: Vec<&str> = history
            .iter()
            .filter(|t| t.role == Role::Interviewer)
            .map(|t| t.text.as_str())
            .collect();
        let candidate: Vec<&str> = history
            .iter()
            .filter(|t| t.role == Role::Candidate)
            .map(|t| t.text.as_str())
            .collect();
        guard::check(
            text,
            &guard::Turn {
                kind: turn.kind,
                phase: turn.phase,
                canonical: &turn.canonical,
                instruction,
                candidate: &candidate,
                earlier: &earlier,
                rubric: self.rubric.as_ref(),
                case: &self.briefing.case,
                about: crate::llm::request::about(turn),
            },
        )
        .map_err(|r| (r.reason(), format!("{}; {prepared}", r.notice())))
    }

    /// Streams the reply, watching it as it comes: a loop is stopped at once,
    /// not after hundreds of words. A server that cannot constrain replies to a
    /// schema is asked again in free text, and kept to free text.
    fn stream(
        &mut self,
        request: &ChatRequest,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Completion, ClientError> {
        self.speaking.cancel.store(false, Ordering::SeqCst);
        self.speaking.active.store(true, Ordering::SeqCst);
        let mut so_far = String::new();
        let mut watch = |piece: &str| {
            so_far.push_str(piece);
            progress(so_far.chars().count());
            if guard::looping(&so_far) {
                Flow::Stop("it fell into a loop (stopped early)")
            } else {
                Flow::Go
            }
        };
        let cancel = &self.speaking.cancel;
        let mut result = self.client.chat(request, cancel, &mut watch);
        // A server that cannot constrain replies to a schema says so with a 400
        // or a 500; ask again in free text, and keep to free text.
        if request.response_format.is_some() && matches!(&result, Err(e) if rejects_schema(e)) {
            self.briefing.structured = false;
            let mut plain = request.clone();
            plain.response_format = None;
            result = self.client.chat(&plain, cancel, &mut watch);
        }
        self.speaking.active.store(false, Ordering::SeqCst);
        result
    }

    /// The reply's words when they may be shown, else why not (for the
    /// transcript) and what the candidate is told.
    fn verdict(
        &self,
        turn: &InterviewerTurn,
        history: &[Turn],
        instruction: &str,
        request: &ChatRequest,
        completion: &Completion,
    ) -> Result<String, (String, String)> {
        let prepared = prepared(turn);
        let rejected = |why: &str, notice: &str| (why.to_string(), format!("{notice}; {prepared}"));
        {
            match &completion.ending {
                Ending::Stopped { why } => {
                    Err(rejected(why, "the interviewer's wording went wrong"))
                }
                Ending::Complete { .. }
                    if request.response_format.is_some() && self.briefing.structured =>
                {
                    match request::structured_text(&completion.text) {
                        Some(text) => self
                            .screen(turn, history, instruction, &text)
                            .map(|()| text),
                        None => Err(rejected(
                            "it did not reply in the JSON shape asked for",
                            "the interviewer's wording went wrong",
                        )),
                    }
                }
                Ending::Complete { .. } => self
                    .screen(turn, history, instruction, &completion.text)
                    .map(|()| completion.text.clone()),
                Ending::Cancelled => Err((
                    "cancelled with Ctrl-C".to_string(),
                    format!(
                        "you stopped the interviewer; {prepared} — /retry asks the model again"
                    ),
                )),
                Ending::Incomplete { why } => Err(rejected(
                    &format!("the reply broke off: {why}"),
                    "the interviewer's reply broke off",
                )),
                Ending::Capped { why } => Err(rejected(
                    &format!("the reply was cut off: {why}"),
                    "the interviewer's reply ran too long and was cut off",
                )),
            }
        }
    }

    /// The prepared text in place of the model's, with why (for the
    /// transcript) and what the candidate is told.
    fn fallback(
        &mut self,
        turn: &InterviewerTurn,
        why: &str,
        model_text: Option<String>,
        notice: String,
    ) -> Reply {
        self.stats.fired += 1;
        Reply {
            text: turn.canonical.clone(),
            guard: Some(why.to_string()),
            model_text: model_text.filter(|t| !t.is_empty()),
            notice: Some(notice),
            ..Reply::default()
        }
    }
}

/// What the candidate is told they get instead of the model's words.
fn prepared(turn: &InterviewerTurn) -> &'static str {
    match turn.kind {
        TurnKind::Feedback => "here is the prepared feedback",
        _ => "here is the prepared question",
    }
}
