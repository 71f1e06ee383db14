//! Server-sent events from raw bytes.
//!
//! HTTP chunks split lines anywhere, including inside a multi-byte character, so
//! the parser buffers bytes and decodes only whole lines. It follows the WHATWG
//! rules the servers rely on: lines end in LF, CRLF or CR; `data:` takes one
//! optional space; several `data:` lines join with `\n`; lines starting with `:`
//! are comments (llama.cpp's keep-alive pings); a blank line dispatches the event;
//! other fields are ignored. Pure.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseEvent {
    /// The joined `data` of an event.
    Data(String),
    /// A comment line (a keep-alive ping).
    Comment,
}

/// A stream the parser will not follow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SseError {
    /// The server broke its own encoding.
    #[error("the server sent a line that is not UTF-8 (line {line} of the stream)")]
    NotUtf8 { line: usize },
    /// One line, or one event's data, grew past [`MAX_EVENT_BYTES`]: no chat
    /// chunk is that big, and buffering it would let a server fill memory.
    #[error("the server sent an event over {MAX_EVENT_BYTES} bytes (line {line} of the stream)")]
    TooLong { line: usize },
}

/// The largest line or event data the parser buffers (a chat chunk is a few
/// hundred bytes; a final usage chunk a few kilobytes).
pub const MAX_EVENT_BYTES: usize = 1024 * 1024;

/// Incremental parser: feed bytes with [`SseParser::push`], then call
/// [`SseParser::finish`] at the end of the stream.
#[derive(Debug, Default)]
pub struct SseParser {
    buf: Vec<u8>,
    data: Option<String>,
    /// The last byte seen was a CR; a following LF belongs to the same line end.
    after_cr: bool,
    lines: usize,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes bytes and returns the events completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, SseError> {
        let mut events = Vec::new();
        for &b in bytes {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' => self.end_line(&mut events)?,
                b'\r' => {
                    self.after_cr = true;
                    self.end_line(&mut events)?;
                }
                _ => {
                    if self.buf.len() >= MAX_EVENT_BYTES {
                        return Err(SseError::TooLong {
                            line: self.lines + 1,
                        });
                    }
                    self.buf.push(b);
                }
            }
        }
        Ok(events)
    }

    /// Ends the stream: a final line without a newline is processed, and a final
    /// event without its blank line is still dispatched (servers that close the
    /// connection right after `data: [DONE]` would otherwise lose it).
    pub fn finish(&mut self) -> Result<Vec<SseEvent>, SseError> {
        let mut events = Vec::new();
        if !self.buf.is_empty() {
            self.end_line(&mut events)?;
        }
        if let Some(data) = self.data.take() {
            events.push(SseEvent::Data(data));
        }
        Ok(events)
    }

    fn end_line(&mut self, events: &mut Vec<SseEvent>) -> Result<(), SseError> {
        self.lines += 1;
        let raw = std::mem::take(&mut self.buf);
        let mut line =
            String::from_utf8(raw).map_err(|_| SseError::NotUtf8 { line: self.lines })?;
        if self.lines == 1 {
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_string();
            }
        }
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                events.push(SseEvent::Data(data));
            }
            return Ok(());
        }
        if line.starts_with(':') {
            events.push(SseEvent::Comment);
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        if field == "data" {
            if self.data.as_ref().map_or(0, String::len) + value.len() > MAX_EVENT_BYTES {
                return Err(SseError::TooLong { line: self.lines });
            }
            match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_pieces(bytes: &[u8], cuts: &[usize]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        let mut at = 0;
        for &c in cuts.iter().chain(std::iter::once(&bytes.len())) {
            out.extend(p.push(&bytes[at..c]).unwrap());
            at = c;
        }
        out.extend(p.finish().unwrap());
        out
    }

    fn data(s: &str) -> SseEvent {
        SseEvent::Data(s.to_string())
    }

    /// Every dialect's framing in one stream: a ping, CRLF and CR line ends, data
    /// with and without the space, a two-line event, a multi-byte character, an
    /// ignored field, and the terminator.
    const STREAM_TEXT: &str = ":\n\ndata: {\"a\":\"h\u{e9}llo \u{1f680}\"}\r\n\r\ndata:{\"b\":1}\r\rid: 7\nevent: x\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n";

    const STREAM: &[u8] = STREAM_TEXT.as_bytes();

    fn expected() -> Vec<SseEvent> {
        vec![
            SseEvent::Comment,
            data("{\"a\":\"h\u{e9}llo \u{1f680}\"}"),
            data("{\"b\":1}"),
            data("line one\nline two"),
            data("[DONE]"),
        ]
    }

    #[test]
    fn whole_stream_parses() {
        assert_eq!(parse_in_pieces(STREAM, &[]), expected());
    }

    #[test]
    fn every_single_split_point_gives_the_same_events() {
        for cut in 1..STREAM.len() {
            assert_eq!(
                parse_in_pieces(STREAM, &[cut]),
                expected(),
                "split at byte {cut}"
            );
        }
    }

    #[test]
    fn byte_at_a_time_gives_the_same_events() {
        let cuts: Vec<usize> = (1..STREAM.len()).collect();
        assert_eq!(parse_in_pieces(STREAM, &cuts), expected());
    }

    #[test]
    fn a_last_event_without_its_blank_line_is_kept() {
        assert_eq!(parse_in_pieces(b"data: [DONE]", &[]), [data("[DONE]")]);
        assert_eq!(parse_in_pieces(b"data: {}\n", &[]), [data("{}")]);
    }

    #[test]
    fn a_leading_bom_is_ignored() {
        assert_eq!(
            parse_in_pieces("\u{feff}data: x\n\n".as_bytes(), &[2]),
            [data("x")]
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_naming_the_line() {
        let mut p = SseParser::new();
        assert_eq!(
            p.push(b"data: ok\n\ndata: \xff\n"),
            Err(SseError::NotUtf8 { line: 3 })
        );
    }

    #[test]
    fn an_endless_line_or_event_stops_at_the_cap_instead_of_filling_memory() {
        let mut p = SseParser::new();
        let big = vec![b'x'; MAX_EVENT_BYTES + 10];
        assert!(matches!(p.push(&big), Err(SseError::TooLong { line: 1 })));
        let mut p = SseParser::new();
        let line = format!("data: {}\n", "y".repeat(MAX_EVENT_BYTES / 2));
        let mut result = Ok(Vec::new());
        for _ in 0..3 {
            result = p.push(line.as_bytes());
            if result.is_err() {
                break;
            }
        }
        assert!(
            matches!(result, Err(SseError::TooLong { .. })),
            "{result:?}"
        );
    }
}
