//! Running a session for real: on the terminal or piped stdin, with the
//! transcript file, the signal handler and the grade at the end. Shared by a new
//! interview and `resume`; the session loop itself ([`crate::session`]) knows
//! nothing of files, signals or processes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;

use crate::assessment::Assessor;
use crate::backend::Backend;
use crate::grade::render;
use crate::interview::Interview;
use crate::llm::interviewer::Speaking;
use crate::repl::input::{LineSource, Piped, Terminal};
use crate::rubric::Rubric;
use crate::sanitize::for_terminal;
use crate::session::{Clock, LABEL, Outcome, Quiet, Session, Start, SystemClock, Waiting};
use crate::spinner::Spinner;
use crate::transcript::{End, EndReason, Header, Record, TranscriptWriter};

/// Everything a session needs once its transcript is open.
pub struct Drive<'a> {
    pub header: &'a Header,
    pub rubric: &'a Rubric,
    /// The scenario's facts, which the answers are graded against.
    pub facts: Option<&'a crate::prompts::Facts>,
    /// How the interviewer listens (the lexicon its follow-ups draw on).
    pub listening: &'a crate::prompts::Listening,
    pub interview: Interview,
    pub backend: Box<dyn Backend>,
    pub writer: TranscriptWriter,
    /// The stop signals, taken over before the transcript was first written
    /// ([`signals`]), so one that arrives at any moment after is recorded.
    pub signals: signal_hook::iterator::Signals,
    pub clock: SystemClock,
    pub no_history: bool,
    /// Shared with the Ctrl-C handler, which cancels a reply being spoken.
    pub speaking: Arc<Speaking>,
    /// The `--prompts` directory in use, for the command that resumes the session.
    pub prompts_dir: Option<&'a Path>,
    /// What the case's strong reference answer says per criterion (`/model`).
    pub examples: std::collections::BTreeMap<String, String>,
}

/// Runs a session (fresh or resumed) on the terminal or piped stdin, then grades
/// it. Shared by the interview and `resume`.
pub fn drive(d: Drive<'_>, start: Start) -> anyhow::Result<u8> {
    let Drive {
        header,
        rubric,
        facts,
        listening,
        interview,
        mut backend,
        writer,
        signals,
        clock,
        no_history,
        speaking,
        prompts_dir,
        examples,
    } = d;
    let path = writer.path().to_path_buf();
    let writer = Arc::new(Mutex::new(writer));
    install_signal_handler(
        signals,
        Arc::clone(&writer),
        clock.clone(),
        path.clone(),
        speaking,
    );
    crate::status!("transcript: {}", crate::paths::shown(&path));
    let mut input = line_source(no_history)?;
    let mut recorder = Arc::clone(&writer);
    // What the session prints goes through the printer that fits it to the
    // terminal; the interviewer's streamed words are already wrapped as they
    // arrive, and lines that fit pass through untouched.
    let width = crate::terminal::width();
    let (mut raw_out, mut raw_err) = (std::io::stdout(), std::io::stderr());
    let mut stdout = crate::wrap::Printer::new(&mut raw_out, width);
    let mut stderr = crate::wrap::Printer::new(&mut raw_err, width);
    // The indicator only where someone watches: both streams on a terminal.
    let mut waiting: Box<dyn Waiting> =
        if std::io::stdout().is_terminal() && std::io::stderr().is_terminal() {
            Box::new(Spinner::new(LABEL, crate::terminal::stdout_style()))
        } else {
            Box::new(Quiet)
        };
    let result = Session {
        interview,
        backend: backend.as_mut(),
        input: input.as_mut(),
        recorder: &mut recorder,
        clock: &clock,
        out: &mut stdout,
        err: &mut stderr,
        width: width.map(|w| w.min(100)),
        assessor: Assessor {
            rubric,
            session: &header.session,
            scenario: &header.scenario,
            facts,
            ear: &crate::listen::Ear::new(listening),
        },
        graded: None,
        last_said: None,
        style: crate::terminal::stdout_style(),
        waiting: waiting.as_mut(),
        examples,
    }
    .run_from(start);
    drop((stdout, stderr));
    if let Some(stats) = backend.stats() {
        crate::status!("{stats}");
    }
    // The writer may have had to write the file again elsewhere.
    let path = writer.lock().map_or(path, |w| w.path().to_path_buf());
    if let Ok(outcome) = &result {
        if let (EndReason::Completed, Some(report)) = (outcome.reason, &outcome.report) {
            rate_yourself(input.as_mut(), report, &path)?;
        }
    }
    finish(result, header, &path, prompts_dir)
}

/// Before the grade is shown: the candidate rates each dimension 1–5 (Enter
/// skips one; the end of input skips the rest), saved beside the transcript as
/// `<session>.self.json` for the report and `history` to compare.
pub fn rate_yourself(
    input: &mut dyn LineSource,
    report: &crate::grade::Report,
    transcript: &Path,
) -> anyhow::Result<()> {
    crate::status!(
        "Before you see the grade: rate yourself on each dimension, 1 (weak) to 5 (strong); Enter skips one."
    );
    let mut ratings = std::collections::BTreeMap::new();
    'dims: for d in &report.dimensions {
        for _ in 0..2 {
            match input.read(&format!("{}> ", d.title))? {
                crate::repl::input::Read::Text(t) => {
                    if t.trim().is_empty() {
                        continue 'dims;
                    }
                    if let Some(n) = crate::calibration::parse_rating(&t) {
                        ratings.insert(d.id.clone(), n);
                        // Saved as each is given: a kill keeps the ones before it.
                        crate::workspace::save_self_ratings(
                            transcript,
                            &crate::calibration::SelfRatings {
                                at: crate::session::rfc3339_now(),
                                ratings: ratings.clone(),
                            },
                        )?;
                        continue 'dims;
                    }
                    crate::status!("(a whole number from 1 to 5, or Enter to skip)");
                }
                _ => break 'dims,
            }
        }
    }
    if ratings.is_empty() {
        return Ok(());
    }
    let saved = crate::calibration::SelfRatings {
        at: crate::session::rfc3339_now(),
        ratings,
    };
    print!("{}", crate::calibration::beside_the_grade(report, &saved));
    Ok(())
}

/// Where answers come from: the line editor (with its history file unless
/// `--no-history`) on a terminal, else the piped lines.
fn line_source(no_history: bool) -> anyhow::Result<Box<dyn LineSource>> {
    if std::io::stdin().is_terminal() {
        crate::status!("Type /help for commands. Multi-line answers go between \"\"\" fences.");
    }
    let history = (!no_history)
        .then(|| crate::paths::current().ok().map(|p| p.history))
        .flatten();
    stdin_lines(history)
}

/// Standard input as lines: the line editor on a terminal (keeping `history`
/// when given), else the piped lines.
pub fn stdin_lines(history: Option<std::path::PathBuf>) -> anyhow::Result<Box<dyn LineSource>> {
    let stdin = std::io::stdin();
    Ok(if stdin.is_terminal() {
        Box::new(Terminal::new(history, crate::terminal::stdout_style())?)
    } else {
        Box::new(Piped::new(stdin.lock()))
    })
}

/// After the session: the grade saved and shown, or the error with where every
/// completed turn is.
fn finish(
    result: Result<crate::session::Outcome, crate::session::SessionError>,
    header: &crate::transcript::Header,
    path: &Path,
    prompts_dir: Option<&Path>,
) -> anyhow::Result<u8> {
    match result {
        Ok(outcome) => {
            // A completed round ends on its result card, which names the
            // commands that show the report; any other end says where the
            // transcript is, to resume it.
            if outcome.reason != EndReason::Completed {
                crate::status!(
                    "transcript saved: {} (ended: {})",
                    crate::paths::shown(path),
                    outcome.reason.as_str()
                );
            }
            report_at_end(header, &outcome, path, prompts_dir)?;
            Ok(0)
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "the interview stopped; every completed turn is saved in {}",
            path.display()
        ))),
    }
}

/// Saves the session's grade beside the transcript as `<session>.grade.json`
/// and shows it: after a completed round the result card (the whole report is
/// one command away); after a session that stopped early, the score so far and
/// the command that resumes it.
fn report_at_end(
    header: &Header,
    outcome: &Outcome,
    transcript: &Path,
    prompts_dir: Option<&Path>,
) -> anyhow::Result<()> {
    // The same prompts are needed to go on: a case of one's own lives there.
    let prompts = prompts_dir.map_or(String::new(), |d| {
        format!(
            " --prompts {}",
            shell_word(&for_terminal(&d.display().to_string()))
        )
    });
    let resume_hint = || {
        if outcome.reason != EndReason::Completed {
            crate::status!(
                "resume it with: interviewer{prompts} resume {}",
                for_terminal(&header.session)
            );
        }
    };
    let Some(report) = &outcome.report else {
        resume_hint();
        return Ok(());
    };
    let path = transcript.with_extension("grade.json");
    // Evidence quotes are the candidate's words, which may hold a pasted key.
    let json = crate::sanitize::redact(&render::json_pretty(report)).into_owned() + "\n";
    crate::disk::write_atomic(&path, json.as_bytes())
        .with_context(|| format!("cannot save the grade report {}; the transcript is saved, grade it later with `interviewer grade {}`", path.display(), transcript.display()))?;
    let style = crate::terminal::stdout_style();
    if outcome.reason == EndReason::Completed {
        let view = crate::grade::view::View::new(report);
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "\n{}",
            render::summary(&view, style, crate::terminal::width(), &prompts)
        )?;
        out.flush()?;
    } else {
        crate::status!(
            "graded so far: {} / 100 ({}); the grade is saved beside the transcript",
            report.score,
            report.verdict.replace('_', " ")
        );
        resume_hint();
    }
    Ok(())
}

/// Signals, handled on their own thread. Ctrl-C (SIGINT) while the interviewer
/// is speaking cancels only that reply (its text is kept and marked); at the
/// prompt the line editor reads Ctrl-C as a key, so SIGINT arrives only between
/// turns and ends the session. SIGTERM and SIGHUP end it at once, even
/// mid-reply. Ending means: the transcript gets an `interrupted` end record
/// (after any record being written, never inside one), the terminal's modes
/// are put back, and the process exits 128 + the signal's number.
/// Takes over SIGINT, SIGTERM and SIGHUP. Called before the transcript is
/// created or reopened: from then on a stop signal no longer ends the process
/// where it stands but waits for the handler, which records the end.
pub fn signals() -> anyhow::Result<signal_hook::iterator::Signals> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("cannot install the signal handlers")
}

fn install_signal_handler(
    mut signals: signal_hook::iterator::Signals,
    writer: Arc<Mutex<TranscriptWriter>>,
    clock: SystemClock,
    path: PathBuf,
    speaking: Arc<Speaking>,
) {
    use signal_hook::consts::SIGINT;
    use std::sync::atomic::Ordering;
    let terminal = SavedTerminal::now();
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal == SIGINT && speaking.active.load(Ordering::SeqCst) {
                speaking.cancel.store(true, Ordering::SeqCst);
                continue;
            }
            let mut w = writer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !w.is_closed() {
                let _ = w.append(Record::End(End {
                    seq: 0,
                    reason: EndReason::Interrupted,
                    at: clock.timestamp(),
                    elapsed_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
                }));
            }
            terminal.restore();
            // No flush of stdout here (the main thread may hold it, blocked on a
            // stalled reader; exit flushes what it can) and no panic if the
            // terminal is gone (SIGHUP): the process must end either way.
            let _ = writeln!(
                std::io::stderr(),
                "\ninterrupted; transcript saved: {}",
                path.display()
            );
            // The writer stays locked: nothing can be appended after the end.
            std::process::exit(128 + signal);
        }
    });
}

/// The terminal's modes as they were at start, to put back if a signal ends
/// the process while the line editor has the terminal in raw mode.
struct SavedTerminal(Option<libc::termios>);

impl SavedTerminal {
    fn now() -> SavedTerminal {
        if !std::io::stdin().is_terminal() {
            return SavedTerminal(None);
        }
        let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr writes a termios for fd 0 when it returns 0; the
        // value is only read in that case.
        let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, t.as_mut_ptr()) } == 0;
        SavedTerminal(ok.then(|| unsafe { t.assume_init() }))
    }

    /// Puts the modes back, only while this process is in the terminal's
    /// foreground (from the background, tcsetattr would stop it with SIGTTOU).
    fn restore(&self) {
        if let Some(t) = &self.0 {
            // SAFETY: plain queries of fd 0 and of this process; `t` is a termios
            // tcgetattr filled for the same fd.
            unsafe {
                if libc::tcgetpgrp(libc::STDIN_FILENO) == libc::getpgrp() {
                    libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
                }
            }
        }
    }
}

/// Plays `answers` (one per line, as piped to an interview) through a whole
/// round of `scenario` with `backend` phrasing the turns, in memory: nothing
/// printed, no transcript file. What `eval` measures a model with, and how
/// `scenarios check` shows an author how a case runs.
pub fn unattended(
    prompts: &crate::prompts::PromptSet,
    scenario: &crate::prompts::Scenario,
    rubric: &crate::rubric::Rubric,
    backend: &mut dyn crate::backend::Backend,
    answers: &str,
) -> Result<(Outcome, Vec<crate::transcript::Record>), crate::session::SessionError> {
    use crate::interview::{Interview, Plan, Script};
    let mut records = Vec::new();
    let clock = SystemClock::start();
    let ear = crate::listen::Ear::new(&prompts.listening);
    let outcome = Session {
        interview: Interview::new(
            Plan::new(
                prompts.interviewer.round.minutes,
                &prompts.interviewer.phases,
            ),
            Script::new(scenario, &prompts.interviewer, &prompts.listening),
        ),
        backend,
        input: &mut crate::repl::input::Piped::new(answers.as_bytes()),
        recorder: &mut records,
        clock: &clock,
        out: &mut std::io::sink(),
        err: &mut std::io::sink(),
        width: None,
        assessor: Assessor {
            rubric,
            session: "unattended",
            scenario: &scenario.id,
            facts: Some(&scenario.facts),
            ear: &ear,
        },
        graded: None,
        last_said: None,
        style: crate::style::Style::default(),
        waiting: &mut crate::session::Quiet,
        examples: Default::default(),
    }
    .run()?;
    Ok((outcome, records))
}

/// `word` as one shell word: as it is when it needs no quoting, else in single
/// quotes (a quote inside written `'\''`), so a printed command pastes whole.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '/' | '~' | ',' | '+' | ':' | '@')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
