//! A streamed reply as it is read: its text and reasoning gathered, the caps
//! on its length and time, the idle timeout, and how it ended. No I/O: the
//! client feeds it decoded events and asks it, before each read, whether to
//! stop.

use std::time::Instant;

use super::{ClientConfig, Completion, Ending, Flow};
use crate::llm::chunk::{self, StreamEvent};
use crate::llm::sse::SseEvent;

/// The reply so far and what the stream has said about its end.
pub(super) struct Reading {
    out: Completion,
    finish: Option<String>,
    done: bool,
    /// When the request was sent (for the time to the first text).
    sent: Instant,
    /// When the stream started (for the cap on a reply's time).
    streaming: Instant,
    /// When text or reasoning last arrived (for the idle timeout).
    last_content: Instant,
    chars: usize,
    thinking: usize,
}

impl Reading {
    pub(super) fn new(sent: Instant) -> Reading {
        let now = Instant::now();
        Reading {
            out: Completion {
                text: String::new(),
                reasoning: String::new(),
                ending: Ending::Incomplete { why: String::new() },
                usage: None,
                first_text_after: None,
            },
            finish: None,
            done: false,
            sent,
            streaming: now,
            last_content: now,
            chars: 0,
            thinking: 0,
        }
    }

    /// Why to stop before the next read: the reply has run past its time, or
    /// the server has sent no content for the idle timeout. Checked on every
    /// pass, not only when the socket is quiet: a server that sends pings or
    /// empty chunks faster than the client's tick must not hold it off.
    pub(super) fn overdue(&self, config: &ClientConfig) -> Option<Ending> {
        if self.streaming.elapsed() >= config.max_reply_time {
            return Some(Ending::Capped {
                why: format!(
                    "it was still writing after {} s, the cap on a reply (max_reply_seconds)",
                    config.max_reply_time.as_secs()
                ),
            });
        }
        (self.last_content.elapsed() >= config.idle_timeout).then(|| Ending::Incomplete {
            why: format!(
                "the server sent nothing for {} s",
                config.idle_timeout.as_secs()
            ),
        })
    }

    /// Takes the server-sent events of one read; `Err` with the ending when
    /// one of them stops the reply (bad chunk, a cap, an in-stream error).
    pub(super) fn take(
        &mut self,
        events: Vec<SseEvent>,
        config: &ClientConfig,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<(), Ending> {
        for event in events {
            let SseEvent::Data(data) = event else {
                continue;
            };
            let decoded =
                chunk::decode(&data).map_err(|e| Ending::Incomplete { why: e.to_string() })?;
            for e in decoded {
                self.event(e, config, on_text)?;
            }
        }
        Ok(())
    }

    fn event(
        &mut self,
        e: StreamEvent,
        config: &ClientConfig,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<(), Ending> {
        if let StreamEvent::Text(t) | StreamEvent::Reasoning(t) = &e {
            if !t.is_empty() {
                self.last_content = Instant::now();
            }
            // The cap is on what the candidate would read; a reasoning model's
            // thinking gets eight times as much, so its memory stays bounded
            // without cutting it off before it answers.
            let n = t.chars().count();
            let over = if matches!(e, StreamEvent::Text(_)) {
                self.chars += n;
                self.chars > config.max_reply_chars
            } else {
                self.thinking += n;
                self.thinking > config.max_reply_chars.saturating_mul(8)
            };
            if over {
                return Err(Ending::Capped {
                    why: format!(
                        "it ran past {} characters, the cap on a reply (max_reply_chars)",
                        config.max_reply_chars
                    ),
                });
            }
        }
        match e {
            StreamEvent::Text(t) => {
                let sent = self.sent;
                self.out
                    .first_text_after
                    .get_or_insert_with(|| sent.elapsed());
                self.out.text.push_str(&t);
                if let Flow::Stop(why) = on_text(&t) {
                    return Err(Ending::Stopped {
                        why: why.to_string(),
                    });
                }
            }
            StreamEvent::Reasoning(r) => self.out.reasoning.push_str(&r),
            StreamEvent::Finish(f) => self.finish = Some(f),
            StreamEvent::Usage(u) => self.out.usage = Some(u),
            StreamEvent::Done => self.done = true,
            StreamEvent::Error(err) => {
                return Err(Ending::Incomplete {
                    why: format!("the server reported an error mid-reply: {err}"),
                });
            }
        }
        Ok(())
    }

    /// `[DONE]` arrived.
    pub(super) fn done(&self) -> bool {
        self.done
    }

    /// The reply with its ending: what stopped it, else complete only with a
    /// finish reason and `[DONE]`.
    pub(super) fn finish(mut self, stopped: Option<Ending>) -> Completion {
        self.out.ending = match (stopped, self.finish, self.done) {
            (Some(e), _, _) => e,
            (None, Some(f), true) => Ending::Complete { finish: f },
            (None, None, _) => Ending::Incomplete {
                why: "the reply ended without a finish reason".into(),
            },
            (None, Some(_), false) => Ending::Incomplete {
                why: "the stream ended without [DONE]".into(),
            },
        };
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(json: &str) -> SseEvent {
        SseEvent::Data(json.to_string())
    }

    fn text_chunk(t: &str) -> SseEvent {
        data(&format!(
            r#"{{"choices":[{{"index":0,"delta":{{"content":"{t}"}},"finish_reason":null}}]}}"#
        ))
    }

    #[test]
    fn a_reply_is_complete_only_with_a_finish_reason_and_done() {
        let config = ClientConfig::new("http://x/v1");
        let mut shown = String::new();
        let mut r = Reading::new(Instant::now());
        let stop = data(r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#);
        r.take(
            vec![text_chunk("Hel"), text_chunk("lo"), stop],
            &config,
            &mut |t| {
                shown.push_str(t);
                Flow::Go
            },
        )
        .unwrap();
        assert!(!r.done());
        let c = r.finish(None);
        assert_eq!((c.text.as_str(), shown.as_str()), ("Hello", "Hello"));
        assert_eq!(
            c.ending,
            Ending::Incomplete {
                why: "the stream ended without [DONE]".into()
            }
        );
    }

    #[test]
    fn text_past_the_cap_stops_the_reply_and_keeps_what_came_before() {
        let mut config = ClientConfig::new("http://x/v1");
        config.max_reply_chars = 4;
        let mut r = Reading::new(Instant::now());
        let ended = r.take(
            vec![text_chunk("abc"), text_chunk("def")],
            &config,
            &mut |_| Flow::Go,
        );
        assert!(matches!(ended, Err(Ending::Capped { .. })));
        assert_eq!(r.finish(None).text, "abc");
    }

    #[test]
    fn the_caller_stops_a_reply_by_its_own_reason_not_the_ctrl_c_flag() {
        let config = ClientConfig::new("http://x/v1");
        let mut r = Reading::new(Instant::now());
        let ended = r.take(
            vec![text_chunk("same same"), text_chunk(" same")],
            &config,
            &mut |t| {
                if t.contains("same same") {
                    Flow::Stop("it fell into a loop")
                } else {
                    Flow::Go
                }
            },
        );
        assert_eq!(
            ended,
            Err(Ending::Stopped {
                why: "it fell into a loop".into()
            })
        );
        assert_eq!(r.finish(None).text, "same same");
    }
}
