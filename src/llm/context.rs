//! Fitting a conversation into the model's context window.
//!
//! Ollama silently drops the oldest part of a prompt that is too long, and
//! llama.cpp refuses it; so before every request the conversation is fitted to
//! the context minus a reply reserve. The system prompt and the current
//! instruction are never dropped; the oldest turns go first, replaced by one
//! line saying how many were left out. Pure: tokens are counted by a function
//! passed in ([`tokens`] is the real one).

use std::sync::OnceLock;

use super::message::Message;

/// Tokens per message for role and separators, as chat templates add them.
const PER_MESSAGE: usize = 4;

/// What fitting did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    pub messages: Vec<Message>,
    /// Conversation messages left out, oldest first.
    pub dropped: usize,
    /// Estimated prompt tokens of `messages`.
    pub tokens: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the interview's instructions alone need about {needed} tokens, more than the {budget} the model's context leaves for them\n  fix: give the server a larger context (llama-server -c 8192; Ollama: OLLAMA_CONTEXT_LENGTH=8192) and pass --context 8192"
)]
pub struct TooSmall {
    pub needed: usize,
    pub budget: usize,
}

/// Fits `system`, the `conversation` and the final `instruction` message into
/// `budget` tokens, dropping the oldest conversation messages first.
pub fn fit(
    system: &Message,
    conversation: &[Message],
    instruction: &Message,
    budget: usize,
    count: &dyn Fn(&str) -> usize,
) -> Result<Fitted, TooSmall> {
    let cost = |m: &Message| count(&m.content) + PER_MESSAGE;
    let fixed = cost(system)
        + cost(instruction)
        + cost(&Message::new("system", "(99 earlier turns left out)"));
    if fixed > budget {
        return Err(TooSmall {
            needed: fixed,
            budget,
        });
    }
    let costs: Vec<usize> = conversation.iter().map(cost).collect();
    let mut keep_from = 0;
    let mut total: usize = fixed + costs.iter().sum::<usize>();
    while total > budget && keep_from < conversation.len() {
        total -= costs[keep_from];
        keep_from += 1;
    }
    // Never start on the model's own turn: a reply without its prompt confuses it.
    while keep_from < conversation.len()
        && conversation[keep_from].role == "assistant"
        && keep_from > 0
    {
        total -= costs[keep_from];
        keep_from += 1;
    }
    let mut messages = vec![system.clone()];
    if keep_from > 0 {
        let note = Message::new("system", format!("({keep_from} earlier turns left out)"));
        messages.push(note);
    } else {
        total -= cost(&Message::new("system", "(99 earlier turns left out)"));
    }
    messages.extend(conversation[keep_from..].iter().cloned());
    messages.push(instruction.clone());
    Ok(Fitted {
        messages,
        dropped: keep_from,
        tokens: total,
    })
}

static ENCODER: OnceLock<Option<tiktoken_rs::CoreBPE>> = OnceLock::new();

/// Builds the shared tokenizer now (it takes tens of milliseconds); the edge
/// calls this on a thread of its own so the first request does not wait.
pub fn warm_up() {
    let _ = encoder();
}

fn encoder() -> Option<&'static tiktoken_rs::CoreBPE> {
    ENCODER
        .get_or_init(|| tiktoken_rs::cl100k_base().ok())
        .as_ref()
}

/// Tokens in `text` by the cl100k encoding: an estimate for other models'
/// tokenizers, which is why budgets keep a reserve. Falls back to a character
/// estimate if the encoder cannot be built.
pub fn tokens(text: &str) -> usize {
    match encoder() {
        Some(e) => e.encode_with_special_tokens(text).len(),
        None => text.chars().count().div_ceil(3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> usize {
        s.split_whitespace().count()
    }

    fn conv(n: usize) -> Vec<Message> {
        (0..n)
            .map(|i| {
                Message::new(
                    if i % 2 == 0 { "user" } else { "assistant" },
                    format!("turn {i} with five words"),
                )
            })
            .collect()
    }

    #[test]
    fn everything_fits_when_there_is_room() {
        let f = fit(
            &Message::new("system", "be brief"),
            &conv(4),
            &Message::new("user", "ask"),
            1000,
            &words,
        )
        .unwrap();
        assert_eq!((f.dropped, f.messages.len()), (0, 6));
    }

    #[test]
    fn oldest_turns_go_first_and_system_and_instruction_stay() {
        let sys = Message::new("system", "be brief");
        let ask = Message::new("user", "ask the next question");
        let f = fit(&sys, &conv(10), &ask, 60, &words).unwrap();
        assert!(f.dropped > 0);
        assert_eq!(f.messages.first(), Some(&sys));
        assert_eq!(f.messages.last(), Some(&ask));
        assert!(f.messages[1].content.contains("earlier turns left out"));
        assert_eq!(
            f.messages[2].role, "user",
            "kept history starts on a candidate turn"
        );
        assert!(f.tokens <= 60, "{}", f.tokens);
        assert_eq!(f.messages.last().unwrap().content, "ask the next question");
    }

    #[test]
    fn fails_loudly_when_even_the_minimum_does_not_fit() {
        let err = fit(
            &Message::new("system", "x ".repeat(100)),
            &[],
            &Message::new("user", "ask"),
            50,
            &words,
        )
        .unwrap_err();
        assert!(err.to_string().contains("larger context"), "{err}");
    }

    #[test]
    fn the_real_counter_counts_tokens() {
        assert_eq!(tokens("hello world"), 2);
    }
}
