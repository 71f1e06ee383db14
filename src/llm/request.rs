//! Assembling the chat request for one interviewer turn, in pure code: the
//! persona and the case as the system message, then one user message that
//! asks for the interviewer's next line — the line the candidate last
//! answered, the answer, and the prepared text to phrase. The model writes a
//! line; it does not hold a conversation with the candidate (chat models
//! answer what is sent to them, and small ones then answer their own
//! questions). Tested with plain values; the client only sends what this builds.

use super::context::{self, TooSmall};
use super::message::{ChatRequest, Message};
use crate::interview::InterviewerTurn;
use crate::prompts::LlmPrompts;
use crate::prompts::listening::fill;
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
    /// Ask for questions as JSON (`{"acknowledgement", "question"}`) under a schema.
    pub structured: bool,
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
        TurnKind::FollowUp | TurnKind::Hint => 200,
        TurnKind::Opening => 450,
        TurnKind::Feedback => 500,
    }
}

/// Longest acknowledgement and question a structured reply may hold, in
/// characters: the schema stops a model that rambles.
const MAX_ACK_CHARS: u32 = 240;
const MAX_QUESTION_CHARS: u32 = 900;

/// The JSON schema of a structured question turn.
pub fn turn_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "json_schema",
        "json_schema": {
            "name": "interviewer_turn",
            "strict": true,
            "schema": {
                "type": "object",
                "properties": {
                    "acknowledgement": {"type": "string", "maxLength": MAX_ACK_CHARS},
                    "question": {"type": "string", "minLength": 1, "maxLength": MAX_QUESTION_CHARS}
                },
                "required": ["acknowledgement", "question"],
                "additionalProperties": false
            }
        }
    })
}

/// The text a structured reply says: its acknowledgement, then its question.
/// `None` when the reply is not the JSON object asked for.
pub fn structured_text(reply: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(reply.trim()).ok()?;
    let ack = v.get("acknowledgement")?.as_str()?.trim();
    let question = v.get("question")?.as_str()?.trim();
    if question.is_empty() {
        return None;
    }
    Some(if ack.is_empty() {
        question.to_string()
    } else {
        format!("{ack} {question}")
    })
}

/// The template of a kind of turn; a question about the candidate's words has
/// its own.
fn template(prompts: &LlmPrompts, kind: TurnKind, listening: bool) -> &str {
    match kind {
        TurnKind::Opening | TurnKind::FollowUp if listening => prompts.listening.trim(),
        TurnKind::Opening => prompts.opening.trim(),
        TurnKind::FollowUp | TurnKind::Hint => prompts.follow_up.trim(),
        TurnKind::Feedback => prompts.feedback.trim(),
    }
}

/// The candidate's words a turn is about, when it is a listening move (a
/// restatement before a prepared question is not).
pub fn about(turn: &InterviewerTurn) -> Option<&str> {
    turn.intent
        .about
        .as_deref()
        .filter(|_| !turn.intent.acknowledged)
}

/// The instruction for a turn as the guard knows it: its template with the
/// canonical text filled in and the candidate's words left out (a reply may
/// restate those; it may not recite the instruction).
pub fn instruction(prompts: &LlmPrompts, turn: &InterviewerTurn) -> String {
    fill(
        template(prompts, turn.kind, about(turn).is_some()),
        &[
            ("question", turn.canonical.trim()),
            ("asked", " "),
            ("answer", " "),
            ("about", " "),
        ],
    )
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
            self.prompts
                .system
                .trim()
                .replace("{case}", self.case.trim()),
        );
        let structured = self.structured && turn.kind != TurnKind::Feedback;
        let (asked, answer) = last_exchange(history);
        let quote = about(turn);
        let note = Message::new(
            "user",
            fill(
                template(&self.prompts, turn.kind, quote.is_some()),
                &[
                    ("question", turn.canonical.trim()),
                    ("asked", &asked),
                    ("answer", &answer),
                    ("about", quote.unwrap_or_default()),
                ],
            ) + &if structured {
                format!("\n{}", self.prompts.structured.trim())
            } else {
                String::new()
            },
        );
        let shown: Vec<Message> = self
            .prompts
            .examples
            .iter()
            .filter(|e| e.kind == turn.kind && e.about.is_empty() != quote.is_some())
            .flat_map(|e| {
                [
                    Message::new(
                        "user",
                        fill(
                            template(&self.prompts, e.kind, !e.about.is_empty()),
                            &[
                                ("question", e.question.trim()),
                                ("asked", e.asked.trim()),
                                ("answer", e.answer.trim()),
                                ("about", e.about.trim()),
                            ],
                        ),
                    ),
                    Message::new("assistant", e.reply.trim()),
                ]
            })
            .collect();
        let limit = max_tokens(turn.kind);
        let budget = self.context.saturating_sub(limit as usize + RESERVE);
        let fitted = context::fit(&system, &shown, &note, budget, count)?;
        Ok(Built {
            request: ChatRequest {
                model: self.model.clone(),
                messages: fitted.messages,
                max_tokens: Some(limit),
                temperature: Some(self.temperature),
                frequency_penalty: Some(0.5),
                response_format: structured.then(turn_schema),
            },
            prompt_tokens: fitted.tokens,
            instruction: instruction(&self.prompts, turn),
        })
    }
}

/// Longest candidate answer put in a request, in characters: the beginning
/// and the end are kept, which is enough to acknowledge it.
const MAX_ANSWER_CHARS: usize = 3_000;

/// The interviewer's line the candidate last answered, and the answer
/// (shortened when long; empty at the start of the round).
fn last_exchange(history: &[Turn]) -> (String, String) {
    let Some(at) = history.iter().rposition(|t| t.role == Role::Candidate) else {
        return (String::new(), String::new());
    };
    let said = &history[at];
    let answer = if said.skipped {
        "(the candidate chose to skip this question)".to_string()
    } else {
        shorten(said.text.trim(), MAX_ANSWER_CHARS)
    };
    let asked = history[..at]
        .iter()
        .rev()
        .find(|t| t.role == Role::Interviewer)
        .map(|t| shorten(t.text.trim(), MAX_ANSWER_CHARS))
        .unwrap_or_default();
    (asked, answer)
}

/// `text` cut to about `max` characters: its start and its end, with the
/// middle left out.
fn shorten(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let half = max / 2;
    let head: String = chars[..half].iter().collect();
    let tail: String = chars[chars.len() - half..].iter().collect();
    format!("{head} … {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::{PromptFiles, PromptSet};
    use crate::vocab::Phase;

    /// Templates that use every placeholder, and one worked example.
    fn prompts() -> LlmPrompts {
        LlmPrompts {
            system: "You phrase questions. The case: {case}".into(),
            opening: "Open with: {question}".into(),
            follow_up: "The interviewer asked: <<<{asked}>>>\nThe candidate answered: <<<{answer}>>>\nNext: <<<{question}>>>".into(),
            listening: "They said: <<<{about}>>>\nAsk: <<<{question}>>>".into(),
            feedback: "Feedback: {question}".into(),
            structured: "Reply with a JSON object.".into(),
            examples: vec![crate::prompts::Example {
                kind: TurnKind::FollowUp,
                question: "Who is paged?".into(),
                about: String::new(),
                answer: String::new(),
                asked: String::new(),
                reply: "Who gets paged?".into(),
            }],
        }
    }

    fn briefing(context: usize) -> Briefing {
        Briefing {
            model: "m".into(),
            prompts: prompts(),
            case: "Ad-click prediction\n\n50 ms at p99.".into(),
            context,
            temperature: 0.4,
            structured: false,
        }
    }

    fn turn(role: Role, text: &str) -> Turn {
        Turn::new(role, Phase::Latency, text)
    }

    fn follow_up(text: &str) -> InterviewerTurn {
        InterviewerTurn {
            phase: Phase::Latency,
            kind: TurnKind::FollowUp,
            canonical: text.into(),
            target: None,
            intent: Default::default(),
        }
    }

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    #[test]
    fn one_user_message_holds_the_last_exchange_and_the_prepared_question() {
        let history = [
            turn(Role::Interviewer, "How do you split the budget?"),
            turn(Role::Candidate, "20 ms for features, 25 for scoring."),
        ];
        let built = briefing(4096)
            .build(&follow_up("What if a lookup misses?"), &history, &words)
            .unwrap();
        let m = &built.request.messages;
        assert_eq!(
            m.iter().map(|x| x.role.as_str()).collect::<Vec<_>>(),
            ["system", "user", "assistant", "user"],
            "the worked example goes before the turn"
        );
        assert!(
            m[0].content.contains("50 ms at p99"),
            "{{case}} brings the case"
        );
        assert!(m[1].content.contains("<<<Who is paged?>>>") && m[2].content == "Who gets paged?");
        let ask = &m[3].content;
        assert!(
            ask.contains("The interviewer asked: <<<How do you split the budget?>>>"),
            "{ask}"
        );
        assert!(
            ask.contains("The candidate answered: <<<20 ms for features, 25 for scoring.>>>"),
            "{ask}"
        );
        assert!(ask.contains("<<<What if a lookup misses?>>>"), "{ask}");
        assert!(built.instruction.contains("What if a lookup misses?"));
        assert!(
            !built.instruction.contains("20 ms for features"),
            "the guard's copy leaves the candidate's words out"
        );
        assert_eq!(built.request.max_tokens, Some(200));
        assert!(built.request.response_format.is_none());
    }

    #[test]
    fn a_question_about_the_candidates_words_carries_them_and_keeps_the_prefix() {
        let mut turn = follow_up("You said \"Redis at 10 ms\". What if Redis is slow?");
        turn.intent = crate::vocab::Intent {
            ask: Some(crate::vocab::Ask::DrillDown),
            about: Some("Redis at 10 ms".into()),
            ..Default::default()
        };
        let b = briefing(4096);
        let built = b.build(&turn, &[], &words).unwrap();
        let m = &built.request.messages;
        // No listening example in this set: system, then the ask.
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(
            m[1].content,
            "They said: <<<Redis at 10 ms>>>\nAsk: <<<You said \"Redis at 10 ms\". What if Redis is slow?>>>"
        );
        // The instruction the guard knows leaves the candidate's words out.
        assert!(
            !built.instruction.contains("Redis at 10 ms>>>"),
            "{}",
            built.instruction
        );
        // The system message is the same as for any other turn: the prefix the
        // server caches.
        let plain = b.build(&follow_up("Next?"), &[], &words).unwrap();
        assert_eq!(plain.request.messages[0], m[0]);
        // A restatement before a prepared question is not a listening move.
        turn.intent.acknowledged = true;
        let built = b.build(&turn, &[], &words).unwrap();
        assert!(
            built
                .request
                .messages
                .last()
                .unwrap()
                .content
                .starts_with("The interviewer asked")
        );
    }

    #[test]
    fn skipped_answers_are_said_as_a_skip() {
        let mut skipped = turn(Role::Candidate, "");
        skipped.skipped = true;
        let history = [turn(Role::Interviewer, "Q?"), skipped];
        let built = briefing(4096)
            .build(&follow_up("Next?"), &history, &words)
            .unwrap();
        assert!(
            built.request.messages[3]
                .content
                .contains("(the candidate chose to skip this question)")
        );
    }

    #[test]
    fn a_long_answer_is_shortened_to_its_start_and_end() {
        let long = format!("START {} END", "word ".repeat(5_000));
        let history = [turn(Role::Interviewer, "Q?"), turn(Role::Candidate, &long)];
        let built = briefing(4096)
            .build(&follow_up("Next?"), &history, &words)
            .unwrap();
        let ask = &built.request.messages[3].content;
        assert!(ask.contains("START") && ask.contains("END") && ask.contains(" … "));
        assert!(
            ask.chars().count() < MAX_ANSWER_CHARS + 2_000,
            "{}",
            ask.len()
        );
        assert!(built.prompt_tokens <= 4096 - 200 - RESERVE);
    }

    #[test]
    fn a_structured_turn_asks_for_the_schema() {
        let mut b = briefing(4096);
        b.structured = true;
        let built = b.build(&follow_up("Next?"), &[], &words).unwrap();
        let schema = built.request.response_format.unwrap();
        assert_eq!(schema["json_schema"]["schema"]["required"][1], "question");
        assert!(built.request.messages[3].content.contains("JSON object"));
        assert_eq!(
            structured_text(r#"{"acknowledgement":"Okay.","question":"Why?"}"#).as_deref(),
            Some("Okay. Why?")
        );
        assert_eq!(
            structured_text(r#"{"acknowledgement":"","question":"Why?"}"#).as_deref(),
            Some("Why?")
        );
        assert_eq!(structured_text("Why?"), None);
    }

    #[test]
    fn the_shipped_prompts_fill_in_the_question() {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let b = Briefing {
            prompts: set.interviewer.llm.clone(),
            ..briefing(4096)
        };
        for kind in [TurnKind::Opening, TurnKind::FollowUp, TurnKind::Feedback] {
            let turn = InterviewerTurn {
                kind,
                ..follow_up("What breaks when the schema changes?")
            };
            let built = b.build(&turn, &[], &words).unwrap();
            let last = built.request.messages.last().unwrap();
            assert_eq!(last.role, "user");
            assert!(
                last.content
                    .contains("What breaks when the schema changes?"),
                "{kind:?}"
            );
            assert!(
                !last.content.contains('{'),
                "no placeholder left: {}",
                last.content
            );
        }
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
