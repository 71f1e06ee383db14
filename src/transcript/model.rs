//! Transcript records and their parser. No I/O.

use serde::{Deserialize, Serialize};

pub use crate::vocab::Role;
use crate::vocab::{AdvanceReason, Intent, Phase, TurnKind};

/// The schema this program writes. The reader accepts every schema up to it.
pub const SCHEMA_VERSION: u32 = 1;

/// The first line of every transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub schema: u32,
    /// Always `"interviewer"`.
    pub tool: String,
    /// The version of the program that started the session.
    pub version: String,
    /// The session id: the file name without `.jsonl`.
    pub session: String,
    pub scenario: String,
    /// SHA-256 of the scenario file's text.
    pub scenario_sha256: String,
    /// SHA-256 of `interviewer.toml`'s text.
    pub prompts_sha256: String,
    /// `scripted` (built-in offline interviewer) or `openai` (an OpenAI-compatible server).
    pub backend: String,
    pub model: Option<String>,
    /// The server's base URL. Never carries an API key.
    pub base_url: Option<String>,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// The round's length in minutes.
    pub minutes: u32,
    /// The level the round was asked and is judged at (mid, senior, staff);
    /// absent in transcripts from before levels, which are senior.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

impl Header {
    /// The level the round was asked at: its own, else the default (senior).
    pub fn level(&self) -> &str {
        self.level
            .as_deref()
            .unwrap_or(crate::rubric::DEFAULT_LEVEL)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One turn of the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub seq: u64,
    pub role: Role,
    pub phase: Phase,
    /// Interviewer turns only: opening, follow-up or feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TurnKind>,
    /// Interviewer follow-ups aimed at a rubric gap: the criterion's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Exactly what was said or typed. Empty for a skipped candidate turn.
    pub text: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// Milliseconds since the round started.
    pub elapsed_ms: u64,
    /// The candidate declined the question with `/skip`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub skipped: bool,
    /// The turn was cut off before it finished (a cancelled or broken reply).
    #[serde(default, skip_serializing_if = "is_false")]
    pub interrupted: bool,
    /// LLM turns: why the reply is incomplete (no finish reason, no `[DONE]`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    /// LLM turns: why the guard replaced the model's reply with the canonical text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<String>,
    /// LLM turns: the model's own words, when the guard replaced them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_text: Option<String>,
    /// LLM turns: `[prompt, reply]` tokens (the server's count when it sent one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<[u64; 2]>,
    /// Interviewer turns: the move the question policy chose, what it targets
    /// and the candidate's words it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<Intent>,
}

impl Turn {
    /// A turn with nothing but who spoke, in which phase, and what was said;
    /// the other fields are set with struct update syntax where they apply.
    pub fn new(role: Role, phase: Phase, text: impl Into<String>) -> Turn {
        Turn {
            seq: 0,
            role,
            phase,
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
            intent: None,
        }
    }
}

/// The interview moved from one phase to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseChange {
    pub seq: u64,
    pub from: Phase,
    pub to: Phase,
    pub reason: AdvanceReason,
    pub at: String,
    pub elapsed_ms: u64,
}

/// Why a session stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The debrief was given; the round is over.
    Completed,
    /// The candidate typed `/quit`.
    Quit,
    /// Input ended (Ctrl-D, or the end of piped input).
    Eof,
    /// A signal (Ctrl-C outside the prompt, SIGTERM) stopped the program.
    Interrupted,
    /// Input the session could not take (invalid UTF-8, an answer over the size limit).
    Error,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Completed => "completed",
            EndReason::Quit => "quit",
            EndReason::Eof => "eof",
            EndReason::Interrupted => "interrupted",
            EndReason::Error => "error",
        }
    }
}

/// The last line of a session that stopped cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct End {
    pub seq: u64,
    pub reason: EndReason,
    pub at: String,
    pub elapsed_ms: u64,
}

/// One line of a transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Header(Header),
    Turn(Turn),
    Phase(PhaseChange),
    End(End),
}

impl Record {
    /// The record's sequence number; the header is 0.
    pub fn seq(&self) -> u64 {
        match self {
            Record::Header(_) => 0,
            Record::Turn(t) => t.seq,
            Record::Phase(p) => p.seq,
            Record::End(e) => e.seq,
        }
    }

    pub(crate) fn set_seq(&mut self, seq: u64) {
        match self {
            Record::Header(_) => {}
            Record::Turn(t) => t.seq = seq,
            Record::Phase(p) => p.seq = seq,
            Record::End(e) => e.seq = seq,
        }
    }

    /// One JSON line, without the newline.
    pub fn to_json_line(&self) -> String {
        // Serializing these plain structs cannot fail: no maps with non-string keys,
        // no custom serializers.
        serde_json::to_string(self).unwrap_or_else(|e| unreachable!("record serializes: {e}"))
    }
}

/// Why a transcript could not be read, with the 1-based line it happened on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the file is empty; it is not a transcript")]
    Empty,
    #[error("line {line}: {message}")]
    Corrupt { line: usize, message: String },
    #[error("line 1: not an interviewer transcript ({message})")]
    NotATranscript { message: String },
    #[error(
        "written by a newer interviewer (transcript schema {found}; this version reads up to {SCHEMA_VERSION}); upgrade interviewer to read it"
    )]
    NewerSchema { found: u32 },
}

/// A line lost at the end of the file when a write was cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornLine {
    pub line: usize,
    pub bytes: usize,
}

impl TornLine {
    /// The one wording every command uses to tell the user about it.
    pub fn note(&self, file: &str) -> String {
        format!(
            "note: line {} of {file} was cut short ({} bytes, written as the program was stopped); it is left out, and everything before it is intact",
            self.line, self.bytes
        )
    }
}

/// A parsed transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub header: Header,
    /// Every record after the header, in file order.
    pub records: Vec<Record>,
    /// The incomplete last line, if the writer was killed mid-write.
    pub torn: Option<TornLine>,
}

impl Transcript {
    /// Parses a transcript file's bytes.
    ///
    /// Only the last line may be damaged, and only if it has no trailing newline
    /// (a write cut short): it is dropped and reported in [`Transcript::torn`].
    /// Any other unreadable line is an error naming the line.
    pub fn parse(bytes: &[u8]) -> Result<Transcript, ParseError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ParseError::Empty);
        }
        let ends_with_newline = bytes.last() == Some(&b'\n');
        let lines: Vec<&[u8]> = bytes
            .strip_suffix(b"\n")
            .unwrap_or(bytes)
            .split(|b| *b == b'\n')
            .collect();
        let last = lines.len();
        let mut header = None;
        let mut records = Vec::new();
        let mut torn = None;
        let mut last_seq = 0;
        for (i, raw) in lines.iter().enumerate() {
            let line = i + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = std::str::from_utf8(raw)
                .map_err(|e| {
                    LineError::Other(format!(
                        "not UTF-8 (invalid byte at column {})",
                        e.valid_up_to() + 1
                    ))
                })
                .and_then(|text| parse_line(text, header.is_none()));
            let record = match parsed {
                Ok(r) => r,
                Err(_) if line == last && !ends_with_newline && header.is_some() => {
                    torn = Some(TornLine {
                        line,
                        bytes: raw.len(),
                    });
                    break;
                }
                Err(LineError::Newer(found)) => return Err(ParseError::NewerSchema { found }),
                Err(LineError::Other(message)) if header.is_none() => {
                    return Err(ParseError::NotATranscript { message });
                }
                Err(LineError::Other(message)) => {
                    return Err(ParseError::Corrupt { line, message });
                }
            };
            match record {
                Record::Header(h) if header.is_none() => header = Some(h),
                Record::Header(_) => {
                    return Err(ParseError::Corrupt {
                        line,
                        message: "a second header; transcripts have one, on line 1".into(),
                    });
                }
                other => {
                    let seq = other.seq();
                    if seq <= last_seq {
                        return Err(ParseError::Corrupt {
                            line,
                            message: format!("seq {seq} does not follow seq {last_seq}"),
                        });
                    }
                    last_seq = seq;
                    records.push(other);
                }
            }
        }
        let header = header.ok_or_else(|| ParseError::NotATranscript {
            message: "no header line".into(),
        })?;
        Ok(Transcript {
            header,
            records,
            torn,
        })
    }

    /// The conversation turns, in order.
    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.records.iter().filter_map(|r| match r {
            Record::Turn(t) => Some(t),
            _ => None,
        })
    }

    /// The reason of the last end record, if the session stopped cleanly.
    pub fn end_reason(&self) -> Option<EndReason> {
        self.records.iter().rev().find_map(|r| match r {
            Record::End(e) => Some(e.reason),
            _ => None,
        })
    }

    /// Milliseconds from the start of the round to the last record.
    pub fn elapsed_ms(&self) -> u64 {
        self.records
            .iter()
            .map(|r| match r {
                Record::Header(_) => 0,
                Record::Turn(t) => t.elapsed_ms,
                Record::Phase(p) => p.elapsed_ms,
                Record::End(e) => e.elapsed_ms,
            })
            .max()
            .unwrap_or(0)
    }

    /// The phases entered, in order, starting with `scenario`.
    pub fn phases(&self) -> Vec<Phase> {
        let mut phases = vec![Phase::Scenario];
        phases.extend(self.records.iter().filter_map(|r| match r {
            Record::Phase(p) => Some(p.to),
            _ => None,
        }));
        phases
    }
}

enum LineError {
    Newer(u32),
    Other(String),
}

impl From<String> for LineError {
    fn from(s: String) -> Self {
        LineError::Other(s)
    }
}

fn parse_line(text: &str, expect_header: bool) -> Result<Record, LineError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    if expect_header {
        if value.get("type").and_then(|t| t.as_str()) != Some("header") {
            return Err(LineError::Other(
                "the first line is not a header record".into(),
            ));
        }
        let schema = value
            .get("schema")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        if schema > u64::from(SCHEMA_VERSION) {
            return Err(LineError::Newer(u32::try_from(schema).unwrap_or(u32::MAX)));
        }
        if schema == 0 {
            return Err(LineError::Other("the header has no schema number".into()));
        }
    }
    serde_json::from_value(value).map_err(|e| LineError::Other(format!("not a valid record ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            schema: 1,
            tool: "interviewer".into(),
            version: "0.1.0".into(),
            session: "s".into(),
            scenario: "ad-click".into(),
            scenario_sha256: "a".into(),
            prompts_sha256: "b".into(),
            backend: "scripted".into(),
            model: None,
            base_url: None,
            started_at: "2026-11-25T18:00:00Z".into(),
            minutes: 45,
            level: None,
        }
    }

    fn turn(seq: u64, role: Role, text: &str) -> Record {
        Record::Turn(Turn {
            seq,
            kind: (role == Role::Interviewer).then_some(TurnKind::Opening),
            at: "2026-11-25T18:00:01Z".into(),
            elapsed_ms: 1000,
            ..Turn::new(role, Phase::Scenario, text)
        })
    }

    fn file(records: &[Record]) -> String {
        let mut s = Record::Header(header()).to_json_line() + "\n";
        for r in records {
            s += &(r.to_json_line() + "\n");
        }
        s
    }

    #[test]
    fn records_round_trip() {
        let recs = vec![
            turn(1, Role::Interviewer, "Design it."),
            turn(2, Role::Candidate, "Kafka, because…"),
        ];
        let t = Transcript::parse(file(&recs).as_bytes()).unwrap();
        assert_eq!(t.header, header());
        assert_eq!(t.records, recs);
        assert_eq!(t.torn, None);
    }

    #[test]
    fn wire_shape_is_the_documented_one() {
        let line = turn(2, Role::Candidate, "hi").to_json_line();
        assert_eq!(
            line,
            r#"{"type":"turn","seq":2,"role":"candidate","phase":"scenario","text":"hi","at":"2026-11-25T18:00:01Z","elapsed_ms":1000}"#
        );
        let h = Record::Header(header()).to_json_line();
        assert!(
            h.starts_with(r#"{"type":"header","schema":1,"tool":"interviewer""#),
            "{h}"
        );
    }

    #[test]
    fn torn_last_line_is_dropped_and_reported() {
        let mut text = file(&[turn(1, Role::Interviewer, "Q")]);
        text.push_str(r#"{"type":"turn","seq":2,"role":"cand"#);
        let t = Transcript::parse(text.as_bytes()).unwrap();
        assert_eq!(t.records.len(), 1);
        assert_eq!(t.torn, Some(TornLine { line: 3, bytes: 35 }));
    }

    #[test]
    fn corrupt_middle_line_is_an_error_with_its_line_number() {
        let text = file(&[turn(1, Role::Interviewer, "Q")])
            + "garbage\n"
            + &turn(2, Role::Candidate, "A").to_json_line()
            + "\n";
        let err = Transcript::parse(text.as_bytes()).unwrap_err();
        assert!(matches!(err, ParseError::Corrupt { line: 3, .. }), "{err}");
    }

    #[test]
    fn corrupt_last_line_with_newline_is_an_error_not_a_tear() {
        let text = file(&[turn(1, Role::Interviewer, "Q")]) + "{\"type\":\n";
        assert!(matches!(
            Transcript::parse(text.as_bytes()),
            Err(ParseError::Corrupt { line: 3, .. })
        ));
    }

    #[test]
    fn newer_schema_is_refused_with_an_upgrade_hint() {
        let text = file(&[]).replace(r#""schema":1"#, r#""schema":2"#);
        let err = Transcript::parse(text.as_bytes()).unwrap_err();
        assert_eq!(err, ParseError::NewerSchema { found: 2 });
        assert!(err.to_string().contains("newer interviewer"));
    }

    #[test]
    fn other_files_are_not_transcripts() {
        assert!(matches!(
            Transcript::parse(b"{\"a\":1}\n"),
            Err(ParseError::NotATranscript { .. })
        ));
        assert!(matches!(
            Transcript::parse(b"\x89PNG\r\n\x1a\n"),
            Err(ParseError::NotATranscript { .. })
        ));
        assert_eq!(Transcript::parse(b""), Err(ParseError::Empty));
    }

    #[test]
    fn sequence_numbers_must_increase() {
        let text = file(&[
            turn(2, Role::Interviewer, "Q"),
            turn(2, Role::Candidate, "A"),
        ]);
        assert!(matches!(
            Transcript::parse(text.as_bytes()),
            Err(ParseError::Corrupt { line: 3, .. })
        ));
    }

    #[test]
    fn unknown_fields_are_ignored_for_forward_compatibility() {
        let text = file(&[])
            + r#"{"type":"turn","seq":1,"role":"candidate","phase":"latency","text":"x","at":"t","elapsed_ms":5,"sentiment":"calm"}"#
            + "\n";
        let t = Transcript::parse(text.as_bytes()).unwrap();
        assert_eq!(t.turns().count(), 1);
    }

    #[test]
    fn phases_and_end_reason_are_derived_from_records() {
        let recs = vec![
            Record::Phase(PhaseChange {
                seq: 1,
                from: Phase::Scenario,
                to: Phase::Latency,
                reason: AdvanceReason::Next,
                at: "t".into(),
                elapsed_ms: 1,
            }),
            Record::End(End {
                seq: 2,
                reason: EndReason::Quit,
                at: "t".into(),
                elapsed_ms: 2,
            }),
        ];
        let t = Transcript::parse(file(&recs).as_bytes()).unwrap();
        assert_eq!(t.phases(), [Phase::Scenario, Phase::Latency]);
        assert_eq!(t.end_reason(), Some(EndReason::Quit));
    }
}
