//! `interviewer retry ID|--last [CRITERION]`: asks the question behind one
//! weak point of a saved session again, grades the session with the new
//! answer added, and shows what changed ("latency_budget_numbers: 0.0/3 →
//! 3.0/3"). The transcript is never changed; each attempt is kept beside it
//! in `<session>.retries.json`, and earlier attempts are listed.

use std::io::Write;

use anyhow::Context as _;

use crate::cli::RetryArgs;
use crate::repl::command::Input;
use crate::repl::input::Read;
use crate::retry::{self, Attempt};
use crate::sanitize::for_terminal;

/// A file of attempts is refused above this size (each attempt is a few KB).
const MAX_RETRIES_BYTES: u64 = 16 * 1024 * 1024;

/// Why no attempt was made: something to fix in what was passed (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RetryInputError {
    #[error(
        "no answer was given, so nothing was graded or saved\n  fix: type your answer after the question (or pipe it in)"
    )]
    NoAnswer,
    #[error(
        "'{0}' is a command, not an answer; nothing was saved\n  fix: answer the question in words (an answer starting with / is written //text)"
    )]
    Command(String),
}

pub fn run(args: &RetryArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let (path, t) = crate::workspace::open_session(&args.session)?;
    let prompts_dir = args.prompts.prompts.as_deref();
    let rubric = crate::disk::rubric(None, prompts_dir)?;
    let prompts = crate::disk::prompt_set(prompts_dir)?;
    let facts = crate::workspace::case_facts(&prompts, &t.header.scenario);
    let before = crate::grade::grade_transcript(&rubric, facts, &t);
    let scenario = prompts.scenario(&t.header.scenario).ok();
    let point = retry::point(&before, &rubric, scenario, args.criterion.as_deref())?;

    let saved = path.with_extension("retries.json");
    let mut attempts = load_attempts(&saved)?;
    let earlier: Vec<String> = attempts
        .iter()
        .filter(|a| a["criterion"] == point.criterion.as_str())
        .filter_map(|a| a["line"].as_str().map(for_terminal))
        .collect();
    if !earlier.is_empty() {
        writeln!(out, "Earlier attempts on this point:")?;
        for e in &earlier {
            writeln!(out, "  {e}")?;
        }
        writeln!(out)?;
    }
    let hint = rubric
        .criteria
        .iter()
        .find(|c| c.id == point.criterion)
        .map_or(String::new(), |c| c.hint.clone());
    writeln!(
        out,
        "Re-answering {} ({}): {}",
        point.criterion,
        point.phase,
        for_terminal(&hint)
    )?;
    writeln!(out, "\ninterviewer: {}", for_terminal(&point.question))?;
    out.flush()?;

    let answer = read_answer()?;

    let at = crate::session::rfc3339_now();
    let (attempt, _) = retry::attempt(&rubric, facts, &t, &before, &point, &answer, &at);
    let line = attempt.line();
    writeln!(out, "\n{line}")?;
    attempts.push(record(&attempt, &line)?);
    let json = serde_json::to_string_pretty(&attempts)? + "\n";
    crate::disk::write_atomic(&saved, crate::sanitize::redact(&json).as_bytes()).with_context(|| {
        format!(
            "cannot save the attempt to {}\n  fix: check that the transcripts directory is writable",
            saved.display()
        )
    })?;
    writeln!(
        out,
        "kept beside the session: {} (the transcript is unchanged)",
        crate::paths::shown(&saved)
    )?;
    Ok(0)
}

/// The attempts kept beside the session, or none yet.
fn load_attempts(saved: &std::path::Path) -> anyhow::Result<Vec<serde_json::Value>> {
    Ok(if saved.exists() {
        let text = crate::disk::read_text(saved, MAX_RETRIES_BYTES, "a file of attempts")?;
        serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not a list of attempts\n  fix: move it away; the transcript itself is untouched",
                saved.display()
            )
        })?
    } else {
        Vec::new()
    })
}

/// One answer from standard input; a command or no answer is refused.
fn read_answer() -> anyhow::Result<String> {
    let mut input = crate::runner::stdin_lines(None)?;
    loop {
        match input.read("you> ")? {
            Read::Text(text) => match crate::repl::command::parse(&text) {
                Input::Answer(a) => return Ok(a),
                Input::Empty => continue,
                _ => return Err(RetryInputError::Command(for_terminal(text.trim())).into()),
            },
            Read::Eof | Read::Interrupted { .. } => return Err(RetryInputError::NoAnswer.into()),
        }
    }
}

fn record(a: &Attempt, line: &str) -> anyhow::Result<serde_json::Value> {
    let mut v = serde_json::to_value(a)?;
    v["line"] = serde_json::Value::String(line.to_string());
    Ok(v)
}
