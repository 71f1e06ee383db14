//! Streamed chat-completion chunks, decoded leniently.
//!
//! The servers disagree on details (see docs in `../shared/reference`): Ollama
//! repeats the role, llama.cpp sends a role-only first chunk with `content: null`,
//! vLLM puts `finish_reason` on the last content chunk, reasoning arrives as
//! `reasoning` or `reasoning_content`, usage comes in a chunk with empty
//! `choices`, and `finish_reason` is a free string. Every field is optional here,
//! and an `{"error": …}` event is an error, never text. Pure.

use serde::Deserialize;

use super::error::ServerError;

#[derive(Debug, Default, Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
    #[serde(default)]
    error: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
struct Choice {
    #[serde(default)]
    delta: Option<Delta>,
    /// Some servers put a whole message here on the last chunk.
    #[serde(default)]
    message: Option<Delta>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    reasoning: Option<serde_json::Value>,
    #[serde(default)]
    reasoning_content: Option<String>,
}

/// Token counts a server reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub prompt_tokens: Option<u64>,
    #[serde(default)]
    pub completion_tokens: Option<u64>,
}

/// What one `data:` event meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    /// Reply text for the candidate to read.
    Text(String),
    /// The model's thinking (kept apart from the reply).
    Reasoning(String),
    /// The reply is finished, for this reason (`stop`, `length`, …).
    Finish(String),
    Usage(Usage),
    /// `[DONE]`: the stream is complete.
    Done,
    /// The server reported an error inside the stream.
    Error(ServerError),
}

/// A `data:` payload that is not valid JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the server sent a malformed chunk ({reason}): {excerpt}")]
pub struct DecodeError {
    pub reason: String,
    pub excerpt: String,
}

/// Decodes one event's data into what it means, in order.
pub fn decode(data: &str) -> Result<Vec<StreamEvent>, DecodeError> {
    let trimmed = data.trim();
    if trimmed == "[DONE]" {
        return Ok(vec![StreamEvent::Done]);
    }
    let chunk: Chunk = serde_json::from_str(trimmed).map_err(|e| DecodeError {
        reason: e.to_string(),
        excerpt: trimmed.chars().take(120).collect(),
    })?;
    let mut out = Vec::new();
    if let Some(err) = chunk.error {
        out.push(StreamEvent::Error(ServerError::from_json_error(None, &err)));
        return Ok(out);
    }
    for choice in chunk.choices {
        for d in [choice.delta, choice.message].into_iter().flatten() {
            let reasoning =
                d.reasoning_content
                    .filter(|r| !r.is_empty())
                    .or_else(|| match d.reasoning {
                        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
                        Some(serde_json::Value::Object(o)) => o
                            .get("content")
                            .and_then(|c| c.as_str())
                            .map(str::to_string),
                        _ => None,
                    });
            if let Some(r) = reasoning {
                out.push(StreamEvent::Reasoning(r));
            }
            if let Some(c) = d.content.filter(|c| !c.is_empty()) {
                out.push(StreamEvent::Text(c));
            }
        }
        if let Some(f) = choice.finish_reason.filter(|f| !f.is_empty()) {
            out.push(StreamEvent::Finish(f));
        }
    }
    if let Some(u) = chunk.usage {
        out.push(StreamEvent::Usage(u));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> StreamEvent {
        StreamEvent::Text(s.into())
    }

    #[test]
    fn ollama_chunks_repeat_the_role_and_finish_on_the_last_content_chunk() {
        let first = r#"{"id":"chatcmpl-12","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}"#;
        assert_eq!(decode(first).unwrap(), [text("Hel")]);
        let last = r#"{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}"#;
        assert_eq!(decode(last).unwrap(), [StreamEvent::Finish("stop".into())]);
    }

    #[test]
    fn llama_cpp_role_only_first_chunk_is_silent() {
        let first = r#"{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1,"id":"chatcmpl-x","model":"m","system_fingerprint":"b5000-abc","object":"chat.completion.chunk"}"#;
        assert_eq!(decode(first).unwrap(), []);
        let fin = r#"{"choices":[{"finish_reason":"stop","index":0,"delta":{}}]}"#;
        assert_eq!(decode(fin).unwrap(), [StreamEvent::Finish("stop".into())]);
    }

    #[test]
    fn reasoning_is_kept_apart_in_either_field() {
        assert_eq!(
            decode(r#"{"choices":[{"delta":{"reasoning_content":"hmm"}}]}"#).unwrap(),
            [StreamEvent::Reasoning("hmm".into())]
        );
        assert_eq!(
            decode(r#"{"choices":[{"delta":{"reasoning":"hmm"}}]}"#).unwrap(),
            [StreamEvent::Reasoning("hmm".into())]
        );
    }

    #[test]
    fn usage_chunk_with_empty_choices() {
        let u = r#"{"choices":[],"usage":{"prompt_tokens":412,"completion_tokens":37,"total_tokens":449,"prompt_tokens_details":{"cached_tokens":0}}}"#;
        assert_eq!(
            decode(u).unwrap(),
            [StreamEvent::Usage(Usage {
                prompt_tokens: Some(412),
                completion_tokens: Some(37)
            })]
        );
    }

    #[test]
    fn finish_reason_is_a_free_string_and_empty_means_none() {
        assert_eq!(
            decode(r#"{"choices":[{"delta":{},"finish_reason":"eos_token"}]}"#).unwrap(),
            [StreamEvent::Finish("eos_token".into())]
        );
        assert_eq!(
            decode(r#"{"choices":[{"delta":{"content":"x"},"finish_reason":""}]}"#).unwrap(),
            [text("x")]
        );
    }

    #[test]
    fn an_error_event_is_an_error_not_text() {
        let e = r#"{"error":{"code":500,"message":"context exceeded","type":"server_error"}}"#;
        let events = decode(e).unwrap();
        let [StreamEvent::Error(err)] = events.as_slice() else {
            panic!("{events:?}")
        };
        assert_eq!(err.message, "context exceeded");
        assert_eq!(err.status, Some(500));
    }

    #[test]
    fn done_and_malformed() {
        assert_eq!(decode(" [DONE] ").unwrap(), [StreamEvent::Done]);
        let err = decode(r#"{"choices":[{"delta":{"content":"x"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the server sent a malformed chunk"),
            "{err}"
        );
    }
}
