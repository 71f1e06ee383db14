//! Where answers come from: a terminal (rustyline) or piped stdin, behind one
//! trait so the session loop is the same for both.

use std::io::{BufRead, Read as _};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, ConditionalEventHandler, Config, Editor, Event, EventContext, EventHandler, KeyEvent,
    RepeatCount,
};

use super::command::{self, FENCE};
use crate::style::{Mark, Style};

/// Answers longer than this are refused: 64 KiB is far more than anyone says in
/// a 45-minute round, and a bigger paste is almost always the wrong clipboard.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// One read from the candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// A whole answer or command; multi-line answers keep their fences.
    Text(String),
    /// Input ended (Ctrl-D at an empty prompt, or the end of piped input).
    Eof,
    /// Ctrl-C at the prompt. `kept` is true when typed text was moved to history.
    Interrupted { kept: bool },
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(
        "input line {line} is not valid UTF-8 (invalid byte at column {column})\n  fix: send UTF-8 text"
    )]
    InvalidUtf8 { line: usize, column: usize },
    #[error("the answer ending at input line {line} is over {limit} bytes\n  fix: shorten it; answers are limited to {limit} bytes", limit = MAX_ANSWER_BYTES)]
    TooLong { line: usize },
    #[error("the answer is {bytes} bytes, over the {limit}-byte limit; shorten it and send it again", limit = MAX_ANSWER_BYTES)]
    TooLongInteractive { bytes: usize },
    #[error("cannot read input: {0}")]
    Io(#[from] std::io::Error),
    #[error("terminal error: {0}")]
    Terminal(String),
    #[error("{0}")]
    NoEditor(String),
}

/// A source of candidate input.
pub trait LineSource {
    /// Reads the next answer or command, showing `prompt` where there is a terminal.
    fn read(&mut self, prompt: &str) -> Result<Read, InputError>;
    /// True for a terminal: errors are shown and the candidate tries again.
    /// False for piped input: an unreadable answer stops the run.
    fn interactive(&self) -> bool;

    /// Lets the candidate write an answer in their editor (`/edit`): the text
    /// written, `None` when they saved nothing. Only a terminal can.
    fn edit(&mut self) -> Result<Option<String>, InputError> {
        Err(InputError::NoEditor(
            "/edit needs a terminal; with piped input, put a multi-line answer between \"\"\" fences".into(),
        ))
    }
}

/// Reads answers from piped input: one answer per line, or several lines inside
/// `"""` fences. An unclosed fence at the end of input is sent as it stands, so
/// nothing typed is lost.
pub struct Piped<R> {
    reader: R,
    line: usize,
}

impl<R: BufRead> Piped<R> {
    pub fn new(reader: R) -> Self {
        Piped { reader, line: 0 }
    }

    /// The next raw line without its newline, or `None` at the end of input.
    fn next_line(&mut self, budget: usize) -> Result<Option<String>, InputError> {
        let mut buf = Vec::new();
        let limit = (budget + 2) as u64;
        let n = (&mut self.reader).take(limit).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        } else if n as u64 == limit {
            return Err(InputError::TooLong { line: self.line });
        }
        if buf.len() > budget {
            return Err(InputError::TooLong { line: self.line });
        }
        String::from_utf8(buf)
            .map(Some)
            .map_err(|e| InputError::InvalidUtf8 {
                line: self.line,
                column: e.utf8_error().valid_up_to() + 1,
            })
    }
}

impl<R: BufRead> LineSource for Piped<R> {
    fn read(&mut self, _prompt: &str) -> Result<Read, InputError> {
        let Some(first) = self.next_line(MAX_ANSWER_BYTES)? else {
            return Ok(Read::Eof);
        };
        let mut text = first;
        while command::fence_open(&text) {
            let budget = MAX_ANSWER_BYTES.saturating_sub(text.len() + 1);
            match self.next_line(budget)? {
                Some(more) => {
                    text.push('\n');
                    text.push_str(&more);
                }
                None => {
                    text.push('\n');
                    text.push_str(FENCE);
                }
            }
        }
        Ok(Read::Text(text))
    }

    fn interactive(&self) -> bool {
        false
    }
}

/// The rustyline helper: slash-command completion and the coloured prompt.
struct Helper {
    color: bool,
}

impl Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let head = &line[..pos];
        if head.starts_with('/') && !head.contains(char::is_whitespace) {
            let found = command::completions(head)
                .into_iter()
                .map(String::from)
                .collect();
            return Ok((0, found));
        }
        Ok((0, Vec::new()))
    }
}

impl Hinter for Helper {
    type Hint = String;
}

impl Highlighter for Helper {
    /// The clock tag dimmed and `you>` in the candidate's colour; rustyline
    /// measures the plain prompt, so the colour codes do not shift the cursor.
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> std::borrow::Cow<'b, str> {
        if !self.color {
            return prompt.into();
        }
        let style = Style { color: true };
        match prompt.rsplit_once("] ") {
            Some((tag, you)) => format!(
                "{} {}",
                style.mark(Mark::Notice, &format!("{tag}]")),
                style.mark(Mark::Candidate, you)
            )
            .into(),
            None => style.mark(Mark::Candidate, prompt).into(),
        }
    }
}

impl Validator for Helper {
    fn validate(&self, _ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(ValidationResult::Valid(None))
    }
}

impl rustyline::Helper for Helper {}

/// Ctrl-C: remember what was typed before the line is cleared, so it can be
/// put in history instead of lost.
struct KeepDraft(Arc<Mutex<String>>);

impl ConditionalEventHandler for KeepDraft {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext<'_>) -> Option<Cmd> {
        if let Ok(mut draft) = self.0.lock() {
            *draft = ctx.line().to_string();
        }
        Some(Cmd::Interrupt)
    }
}

/// Reads answers from a terminal with line editing and history.
pub struct Terminal {
    editor: Editor<Helper, DefaultHistory>,
    history: Option<PathBuf>,
    draft: Arc<Mutex<String>>,
    warned: bool,
}

impl Terminal {
    /// `history` is the file to load and append to; `None` keeps no history.
    pub fn new(history: Option<PathBuf>, style: Style) -> Result<Terminal, InputError> {
        let config = Config::builder()
            .auto_add_history(false)
            .history_ignore_space(true)
            .bracketed_paste(true)
            .max_history_size(1000)
            .map_err(|e| InputError::Terminal(e.to_string()))?
            .build();
        let mut editor: Editor<Helper, DefaultHistory> =
            Editor::with_config(config).map_err(|e| InputError::Terminal(e.to_string()))?;
        editor.set_helper(Some(Helper { color: style.color }));
        let draft = Arc::new(Mutex::new(String::new()));
        editor.bind_sequence(
            KeyEvent::ctrl('c'),
            EventHandler::Conditional(Box::new(KeepDraft(Arc::clone(&draft)))),
        );
        editor.bind_sequence(KeyEvent::ctrl('j'), EventHandler::Simple(Cmd::Newline));
        let mut term = Terminal {
            editor,
            history,
            draft,
            warned: false,
        };
        if let Some(path) = &term.history {
            if path.exists() {
                if let Err(e) = term.editor.load_history(path) {
                    term.warn(&format!(
                        "cannot read input history {}: {e}",
                        path.display()
                    ));
                }
            }
        }
        Ok(term)
    }

    fn warn(&mut self, message: &str) {
        if !self.warned {
            crate::status!("warning: {message}; continuing without saving input history");
            self.warned = true;
        }
    }

    fn remember(&mut self, entry: &str) {
        // The history file is written as it is typed: a key pasted into an
        // answer must not be kept there any more than in the transcript.
        let entry = crate::sanitize::redact(entry);
        if self.editor.add_history_entry(entry.as_ref()).is_err() {
            return;
        }
        let Some(path) = self.history.clone() else {
            return;
        };
        let result = path
            .parent()
            .map_or(Ok(()), crate::disk::private_dir)
            .map_err(|e| e.to_string())
            .and_then(|()| self.editor.append_history(&path).map_err(|e| e.to_string()));
        if let Err(e) = result {
            self.warn(&format!(
                "cannot write input history {}: {e}",
                path.display()
            ));
            self.history = None;
        }
    }
}

/// The prompt on the lines of a fenced answer after the first.
pub const CONTINUATION: &str = "  ... ";

impl Terminal {
    /// One line from the editor. Ctrl-C hands back what was typed (kept in
    /// history so Up brings it back).
    fn line(&mut self, prompt: &str) -> Result<Result<String, Read>, InputError> {
        if let Ok(mut d) = self.draft.lock() {
            d.clear();
        }
        match self.editor.readline(prompt) {
            Ok(line) => Ok(Ok(line)),
            Err(ReadlineError::Interrupted) => {
                let draft = self.draft.lock().map(|d| d.clone()).unwrap_or_default();
                Ok(Err(Read::Interrupted {
                    kept: !draft.trim().is_empty(),
                }))
            }
            Err(ReadlineError::Eof) => Ok(Err(Read::Eof)),
            Err(ReadlineError::Io(e)) => Err(InputError::Io(e)),
            Err(e) => Err(InputError::Terminal(e.to_string())),
        }
    }
}

impl LineSource for Terminal {
    /// A line, or a fenced answer: after an opening `"""`, each further line is
    /// read at the continuation prompt until the closing `"""`. Ctrl-D inside a
    /// fence closes it (nothing typed is lost); Ctrl-C abandons the whole answer
    /// into history.
    fn read(&mut self, prompt: &str) -> Result<Read, InputError> {
        let mut text = match self.line(prompt)? {
            Ok(line) => line,
            Err(Read::Interrupted { kept }) => {
                let draft = self.draft.lock().map(|d| d.clone()).unwrap_or_default();
                let kept = kept && draft.len() <= MAX_ANSWER_BYTES;
                if kept {
                    self.remember(&draft);
                }
                return Ok(Read::Interrupted { kept });
            }
            Err(other) => return Ok(other),
        };
        while command::fence_open(&text) && text.len() <= MAX_ANSWER_BYTES {
            match self.line(CONTINUATION)? {
                Ok(more) => {
                    text.push('\n');
                    text.push_str(&more);
                }
                Err(Read::Eof) => {
                    text.push('\n');
                    text.push_str(FENCE);
                }
                Err(_) => {
                    let draft = self.draft.lock().map(|d| d.clone()).unwrap_or_default();
                    let all = format!("{text}\n{draft}");
                    let kept = all.len() <= MAX_ANSWER_BYTES;
                    if kept {
                        self.remember(&all);
                    }
                    return Ok(Read::Interrupted { kept });
                }
            }
        }
        if text.len() > MAX_ANSWER_BYTES {
            return Err(InputError::TooLongInteractive { bytes: text.len() });
        }
        if !text.trim().is_empty() {
            self.remember(&text);
        }
        Ok(Read::Text(text))
    }

    fn interactive(&self) -> bool {
        true
    }

    fn edit(&mut self) -> Result<Option<String>, InputError> {
        let editor = ["VISUAL", "EDITOR"]
            .into_iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "vi".to_string());
        let path = std::env::temp_dir().join(format!(
            "interviewer-answer-{}-{}.md",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        crate::disk::private_file(&path)?;
        // Through the shell, so an editor with arguments (`code -w`) works.
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(&path)
            .status();
        let result = match status {
            Ok(s) if s.success() => {
                match crate::disk::read_text(&path, MAX_ANSWER_BYTES as u64, "an answer") {
                    Ok(text) if text.trim().is_empty() => Ok(None),
                    Ok(text) => Ok(Some(text.trim_end().to_string())),
                    Err(crate::disk::DiskError::TooLarge { .. }) => {
                        Err(InputError::TooLongInteractive {
                            bytes: std::fs::metadata(&path).map_or(0, |m| m.len() as usize),
                        })
                    }
                    Err(e) => Err(InputError::NoEditor(e.to_string())),
                }
            }
            Ok(s) => Err(InputError::NoEditor(format!(
                "the editor `{editor}` exited with {s}; nothing was sent"
            ))),
            Err(e) => Err(InputError::NoEditor(format!(
                "cannot start the editor `{editor}`: {e}\n  fix: set VISUAL or EDITOR"
            ))),
        };
        let _ = std::fs::remove_file(&path);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(input: &[u8]) -> Vec<Result<Read, String>> {
        let mut p = Piped::new(input);
        let mut out = Vec::new();
        loop {
            match p.read("") {
                Ok(Read::Eof) => {
                    out.push(Ok(Read::Eof));
                    return out;
                }
                Ok(r) => out.push(Ok(r)),
                Err(e) => {
                    out.push(Err(e.to_string()));
                    return out;
                }
            }
        }
    }

    fn text(s: &str) -> Result<Read, String> {
        Ok(Read::Text(s.to_string()))
    }

    #[test]
    fn one_answer_per_line_with_crlf_tolerated() {
        assert_eq!(
            reads(b"first\r\nsecond\nlast"),
            [text("first"), text("second"), text("last"), Ok(Read::Eof)]
        );
    }

    #[test]
    fn fenced_lines_form_one_answer() {
        assert_eq!(
            reads(b"\"\"\"\na\nb\n\"\"\"\nnext\n"),
            [text("\"\"\"\na\nb\n\"\"\""), text("next"), Ok(Read::Eof)]
        );
    }

    #[test]
    fn unclosed_fence_at_eof_is_sent_not_lost() {
        assert_eq!(
            reads(b"\"\"\"\ndraft answer\n"),
            [text("\"\"\"\ndraft answer\n\"\"\""), Ok(Read::Eof)]
        );
    }

    #[test]
    fn invalid_utf8_names_the_line_and_column() {
        let r = reads(b"ok\nab\xffcd\n");
        assert_eq!(r[0], text("ok"));
        let err = r[1].clone().unwrap_err();
        assert!(
            err.starts_with("input line 2 is not valid UTF-8 (invalid byte at column 3)"),
            "{err}"
        );
    }

    #[test]
    fn a_one_megabyte_line_is_refused_without_reading_it_all() {
        let mut big = vec![b'x'; 1024 * 1024];
        big.push(b'\n');
        let r = reads(&big);
        let err = r[0].clone().unwrap_err();
        assert!(err.contains("input line 1 is over 65536 bytes"), "{err}");
    }

    #[test]
    fn an_answer_at_exactly_the_limit_is_accepted() {
        let mut line = vec![b'y'; MAX_ANSWER_BYTES];
        line.push(b'\n');
        assert!(matches!(&reads(&line)[0], Ok(Read::Text(t)) if t.len() == MAX_ANSWER_BYTES));
    }

    #[test]
    fn a_fenced_answer_over_the_limit_in_total_is_refused() {
        let mut input = b"\"\"\"\n".to_vec();
        for _ in 0..3 {
            input.extend(vec![b'z'; 30 * 1024]);
            input.push(b'\n');
        }
        input.extend(b"\"\"\"\n");
        let r = reads(&input);
        assert!(r[0].clone().unwrap_err().contains("is over"), "{:?}", r[0]);
    }
}
