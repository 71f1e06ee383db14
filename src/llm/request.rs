//! Assembling the chat request for one interviewer turn, in pure code: the
//! persona and the case as the system message, the conversation so far (as much
//! as the context allows), and this turn's instruction last, as a user message
//! (many chat templates accept a system message only at the start). Tested with
//! plain values; the client only sends what this builds.

use super::context::{self, TooSmall};
use super::message::{ChatRequest, Message};
use crate::interview::InterviewerTurn;
use crate::prompts::LlmPrompts;
use crate::transcript::Turn;
use crate::vocab::{Role, TurnKind};

/// Tokens kept free beyond the reply's own limit, for the chat template's
/// framing and the tokenizer's error (we count with cl100k, not the model's).
const RESERVE: usize = 64;

/// What stays the same for every turn of a session.
#[derive(Debug, Clone)]
pub struct Briefing {
    pub model: String,
    pub prompts: LlmPrompts,
    /// The case: its title and context, so the model always knows it.
    pub case: String,
    /// The model's context window in tokens.
    pub context: usize,
    pub temperature: f32,
}

/// A request and its estimated prompt size.
#[derive(Debug, Clone)]
pub struct Built {
    pub request: ChatRequest,
    pub prompt_tokens: usize,
    /// This turn's instruction as sent, so the guard can spot it leaking back.
    pub instruction: String,
}

/// The longest reply a turn may take, in tokens.
pub fn max_tokens(kind: TurnKind) -> u32 {
    match kind {
        TurnKind::FollowUp => 200,
        TurnKind::Opening => 450,
        TurnKind::Feedback => 500,
    }
}

/// The instruction for a turn: its template with the canonical text filled in.
pub fn instruction(prompts: &LlmPrompts, turn: &InterviewerTurn) -> String {
    let template = match turn.kind {
        TurnKind::Opening => &prompts.opening,
        TurnKind::FollowUp => &prompts.follow_up,
        TurnKind::Feedback => &prompts.feedback,
    };
    template.trim().replace("{question}", turn.canonical.trim())
}

impl Briefing {
    /// The request for `turn` after `history`, fitted to the context with `count`
    /// as the token counter.
    pub fn build(
        &self,
        turn: &InterviewerTurn,
        history: &[Turn],
        count: &dyn Fn(&str) -> usize,
    ) -> Result<Built, TooSmall> {
        let system = Message::new(
            "system",
            format!(
                "{}\n\nThe case you are interviewing on:\n{}",
                self.prompts.system.trim(),
                self.case.trim()
            ),
        );
        let instruction = instruction(&self.prompts, turn);
        let mut conversation: Vec<Message> = history
            .iter()
            .map(|t| match t.role {
                Role::Interviewer => Message::new("assistant", t.text.clone()),
                Role::Candidate if t.skipped => {
                    Message::new("user", "(I'd rather skip that question.)")
                }
                Role::Candidate => Message::new("user", t.text.clone()),
            })
            .collect();
        // The candidate's last answer and the instruction share one user message,
        // so roles keep alternating.
        let last = match conversation.last() {
            Some(m) if m.role == "user" => conversation
                .pop()
                .map(|m| format!("{}\n\n", m.content))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let note = Message::new(
            "user",
            format!("{last}[Interviewer's note, not said by the candidate: {instruction}]"),
        );
        let limit = max_tokens(turn.kind);
        let budget = self.context.saturating_sub(limit as usize + RESERVE);
        let fitted = context::fit(&system, &conversation, &note, budget, count)?;
        Ok(Built {
            request: ChatRequest {
                model: self.model.clone(),
                messages: fitted.messages,
                max_tokens: Some(limit),
                temperature: Some(self.temperature),
                frequency_penalty: Some(0.5),
            },
            prompt_tokens: fitted.tokens,
            instruction,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::{PromptFiles, PromptSet};
    use crate::vocab::Phase;

    fn briefing(context: usize) -> Briefing {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        Briefing {
            model: "m".into(),
            prompts: set.interviewer.llm.clone(),
            case: "Ad-click prediction\n\n50 ms at p99.".into(),
            context,
            temperature: 0.4,
        }
    }

    fn turn(role: Role, text: &str) -> Turn {
        Turn {
            seq: 0,
            role,
            phase: Phase::Latency,
            kind: None,
            target: None,
            text: text.into(),
            at: String::new(),
            elapsed_ms: 0,
            skipped: false,
            interrupted: false,
            incomplete: None,
            guard: None,
            model_text: None,
            tokens: None,
        }
    }

    fn follow_up(text: &str) -> InterviewerTurn {
        InterviewerTurn {
            phase: Phase::Latency,
            kind: TurnKind::FollowUp,
            canonical: text.into(),
            target: None,
        }
    }

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    #[test]
    fn the_case_is_in_the_system_message_and_the_instruction_comes_last() {
        let history = [
            turn(Role::Interviewer, "How do you split the budget?"),
            turn(Role::Candidate, "20 ms for features, 25 for scoring."),
        ];
        let built = briefing(4096)
            .build(&follow_up("What if a lookup misses?"), &history, &words)
            .unwrap();
        let m = &built.request.messages;
        assert_eq!(m[0].role, "system");
        assert!(m[0].content.contains("50 ms at p99"));
        assert_eq!(
            m.iter().map(|x| x.role.as_str()).collect::<Vec<_>>(),
            ["system", "assistant", "user"],
            "the last answer and the instruction share one user message"
        );
        let last = &m[2].content;
        assert!(last.starts_with("20 ms for features, 25 for scoring.\n\n[Interviewer's note"));
        assert!(last.contains("What if a lookup misses?"));
        assert!(built.instruction.contains("What if a lookup misses?"));
        assert_eq!(built.request.max_tokens, Some(200));
    }

    #[test]
    fn skipped_answers_are_said_as_a_skip() {
        let mut skipped = turn(Role::Candidate, "");
        skipped.skipped = true;
        let history = [
            turn(Role::Interviewer, "Q?"),
            skipped,
            turn(Role::Interviewer, "Q2?"),
        ];
        let built = briefing(4096)
            .build(&follow_up("Next?"), &history, &words)
            .unwrap();
        assert!(
            built
                .request
                .messages
                .iter()
                .any(|m| m.content == "(I'd rather skip that question.)")
        );
    }

    #[test]
    fn a_long_history_is_fitted_to_the_context_minus_the_reply() {
        let long: Vec<Turn> = (0..200)
            .map(|i| {
                let role = if i % 2 == 0 {
                    Role::Interviewer
                } else {
                    Role::Candidate
                };
                turn(role, &"word ".repeat(50))
            })
            .collect();
        let built = briefing(2000)
            .build(&follow_up("Next?"), &long, &words)
            .unwrap();
        assert!(
            built.prompt_tokens <= 2000 - 200 - RESERVE,
            "{}",
            built.prompt_tokens
        );
        assert!(
            built.request.messages[1]
                .content
                .contains("earlier turns left out")
        );
    }

    #[test]
    fn a_context_too_small_for_the_instructions_is_an_error() {
        assert!(
            briefing(300)
                .build(&follow_up("Next?"), &[], &words)
                .is_err()
        );
    }
}
