//! One interview session: the loop that joins the state machine, a backend, an
//! input source, the transcript and the terminal.
//!
//! Every record is written (and fsynced) before the next turn starts. Everything
//! the session prints from a model or a file goes through [`crate::sanitize`].
//! The clock and the recorder are traits so tests can drive a whole session with
//! plain values.

mod clock;
mod screen;
mod tools;

use std::io::Write;
use std::time::Duration;

pub use clock::{Clock, SystemClock, rfc3339_now};

use crate::assessment::{Assessor, Graded, answered};
use crate::backend::{Backend, BackendError};
use crate::grade::Report;
use crate::interview::{Assessment, Event, Interview, InterviewerTurn, Move, Resumption};
use crate::repl::command::{self, Command, Input};
use crate::repl::input::{InputError, LineSource, Read};
use crate::sanitize;
use crate::style::{Mark, Style};
use crate::transcript::{
    End, EndReason, PhaseChange, Record, Role, StoreError, TranscriptWriter, Turn,
};
use crate::vocab::{AdvanceReason, Phase, mmss};
use crate::wrap::Wrapper;

/// Where records go. Assigns sequence numbers.
pub trait Recorder {
    fn record(&mut self, record: Record) -> Result<Record, StoreError>;
}

/// The writer is shared with the signal handler, which appends the end record
/// when the process is told to stop.
impl Recorder for std::sync::Arc<std::sync::Mutex<TranscriptWriter>> {
    fn record(&mut self, record: Record) -> Result<Record, StoreError> {
        let mut w = self
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let saved = w.append(record);
        if let Some(notice) = w.take_notice() {
            crate::status!("warning: {}", crate::sanitize::for_terminal(&notice));
        }
        saved
    }
}

/// An in-memory recorder for tests.
impl Recorder for Vec<Record> {
    fn record(&mut self, mut record: Record) -> Result<Record, StoreError> {
        record.set_seq(self.len() as u64 + 1);
        self.push(record.clone());
        Ok(record)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("the interviewer failed: {0}")]
    Backend(#[from] BackendError),
    #[error("cannot write to the terminal: {0}")]
    Output(#[from] std::io::Error),
}

/// Where a session begins.
#[derive(Debug)]
pub enum Start {
    /// A new round from the scenario's opening.
    Fresh,
    /// A restored round: the turns so far (the LLM's context) and what to do first.
    Resumed {
        history: Vec<Turn>,
        next: Box<Resumption>,
    },
}

/// How a session ended, and everything that was said.
#[derive(Debug)]
pub struct Outcome {
    pub reason: EndReason,
    pub turns: Vec<Turn>,
    /// The session's grade, when the candidate answered anything: the last
    /// running assessment, not a second grading.
    pub report: Option<Report>,
}

/// The session's moving parts.
pub struct Session<'a> {
    pub interview: Interview,
    pub backend: &'a mut dyn Backend,
    pub input: &'a mut dyn LineSource,
    pub recorder: &'a mut dyn Recorder,
    pub clock: &'a dyn Clock,
    /// Interviewer turns, phase banners and notices.
    pub out: &'a mut dyn Write,
    /// Hints and messages about the candidate's input.
    pub err: &'a mut dyn Write,
    /// Column at which interviewer text wraps; `None` leaves wrapping to the terminal.
    pub width: Option<usize>,
    /// Grades each answer: follow-ups target gaps, and the feedback comes from it.
    pub assessor: Assessor<'a>,
    /// The latest assessment (of the turns so far).
    pub graded: Option<Graded>,
    /// The interviewer's last turn, for `/retry`.
    pub last_said: Option<InterviewerTurn>,
    /// Colour for banners, the interviewer's name and notices (none when piped).
    pub style: Style,
    /// Shows that the interviewer is preparing its turn (a terminal spinner).
    pub waiting: &'a mut dyn Waiting,
    /// What the case's strong reference answer says per criterion: `/model`
    /// shows it in the debrief.
    pub examples: std::collections::BTreeMap<String, String>,
}

/// Shows, while the interviewer prepares a turn, that it is at work. A turn is
/// judged before it is shown, so on a terminal this is all the candidate sees
/// until the turn is ready.
pub trait Waiting {
    /// The interviewer has started on a turn.
    fn start(&mut self);
    /// So many characters of the reply exist.
    fn progress(&mut self, chars: usize);
    /// The turn is ready (or failed); whatever was shown is cleared.
    fn stop(&mut self);
}

/// No indicator: piped output, tests.
#[derive(Debug, Default)]
pub struct Quiet;

impl Waiting for Quiet {
    fn start(&mut self) {}
    fn progress(&mut self, _: usize) {}
    fn stop(&mut self) {}
}

impl Session<'_> {
    /// Runs the interview to its end and returns why it ended. On an error the
    /// transcript keeps every completed turn and, where it can still be written,
    /// an end record with reason `error`.
    pub fn run(self) -> Result<Outcome, SessionError> {
        self.run_from(Start::Fresh)
    }

    /// Runs a fresh round, or continues a restored one.
    pub fn run_from(mut self, start: Start) -> Result<Outcome, SessionError> {
        let (mut history, next) = match start {
            Start::Fresh => (Vec::new(), None),
            Start::Resumed { history, next } => (history, Some(*next)),
        };
        self.graded = Some(self.assessor.assess(&history));
        let result = self.run_inner(&mut history, next);
        if let Err(e) = &result {
            if !matches!(e, SessionError::Store(_)) {
                let _ = self.end(EndReason::Error);
            }
        }
        let report = answered(&history)
            .then(|| self.graded.take().map(|g| g.report))
            .flatten();
        result.map(|reason| Outcome {
            reason,
            turns: history,
            report,
        })
    }

    /// What the state machine reads from the latest assessment.
    fn assessment(&self) -> Assessment {
        self.graded
            .as_ref()
            .map(|g| g.assessment.clone())
            .unwrap_or_default()
    }

    /// Picks a restored round up where the transcript left it.
    fn resume(
        &mut self,
        next: Resumption,
        history: &mut Vec<Turn>,
    ) -> Result<Option<EndReason>, SessionError> {
        // The round finished but the process died before its end record: close
        // it as completed (the runner then grades it), with nothing to ask.
        if next == Resumption::Done {
            return self.end(EndReason::Completed).map(Some);
        }
        let now = self.clock.elapsed();
        let note = format!(
            "(resuming at {} of {})",
            mmss(now),
            mmss(self.interview.plan().total)
        );
        writeln!(self.out, "\n{}", self.style.mark(Mark::Notice, &note))?;
        self.banner(self.interview.phase(), now)?;
        match next {
            Resumption::Await(q) => self.show(&q.canonical)?,
            Resumption::Apply(mv, _) => {
                if let Ok(events) = self.interview.handle(mv, now, &self.assessment()) {
                    if self.apply(events, history)? {
                        return self.end(EndReason::Completed).map(Some);
                    }
                }
            }
            Resumption::Open(turn) => self.speak(&turn, history)?,
            Resumption::Finish => {
                self.recorder.record(Record::Phase(PhaseChange {
                    seq: 0,
                    from: Phase::Debrief,
                    to: Phase::Done,
                    reason: AdvanceReason::Answers,
                    at: self.clock.timestamp(),
                    elapsed_ms: millis(now),
                }))?;
                return self.end(EndReason::Completed).map(Some);
            }
            Resumption::Done => return self.end(EndReason::Completed).map(Some),
        }
        self.out.flush()?;
        Ok(None)
    }

    fn run_inner(
        &mut self,
        history: &mut Vec<Turn>,
        next: Option<Resumption>,
    ) -> Result<EndReason, SessionError> {
        match next {
            None => {
                let now = self.clock.elapsed();
                self.banner(Phase::Scenario, now)?;
                let events = self.interview.start(now);
                if self.apply(events, history)? {
                    return self.end(EndReason::Completed);
                }
            }
            Some(next) => {
                if let Some(reason) = self.resume(next, history)? {
                    return Ok(reason);
                }
            }
        }
        loop {
            let text = match self.read_line()? {
                Ok(text) => text,
                Err(Step::End(reason)) => return self.end(reason),
                Err(_) => continue,
            };
            let input = command::parse(&text);
            let resumed = self.start_clock_for(&input)?;
            let mv = match self.react(input, resumed, history)? {
                Step::Move(mv) => mv,
                Step::End(reason) => return self.end(reason),
                Step::Again => continue,
            };
            match self
                .interview
                .handle(mv, self.clock.elapsed(), &self.assessment())
            {
                Ok(events) => {
                    if self.apply(events, history)? {
                        return self.end(EndReason::Completed);
                    }
                }
                Err(e) => writeln!(self.err, "({e})")?,
            }
        }
    }

    /// Reads one answer or command at the prompt, the clock's idle limit
    /// holding while it waits: the line, or what to do instead (input errors a
    /// terminal can recover from are shown, and the prompt asked again).
    fn read_line(&mut self) -> Result<Result<String, Step>, SessionError> {
        let tag = if self.clock.is_paused() {
            format!("[{} paused]", self.interview.phase())
        } else {
            self.interview.clock(self.clock.elapsed()).prompt_tag()
        };
        self.clock.begin_read(self.interview.idle());
        let read = self.input.read(&format!("{tag} you> "));
        self.after_read()?;
        let read = match read {
            Ok(r) => r,
            Err(e)
                if self.input.interactive()
                    && !matches!(e, InputError::Io(_) | InputError::Terminal(_)) =>
            {
                writeln!(self.err, "{e}")?;
                return Ok(Err(Step::Again));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(match read {
            Read::Eof => Err(Step::End(EndReason::Eof)),
            Read::Interrupted { kept } => {
                let hint = if kept {
                    "(input cleared; press Up to get it back. To leave, press Ctrl-D or type /quit)"
                } else {
                    "(to leave, press Ctrl-D or type /quit; your answers so far are saved)"
                };
                writeln!(self.err, "{hint}")?;
                Err(Step::Again)
            }
            Read::Text(t) => Ok(t),
        })
    }

    /// What a line of input does: an answer or a skip is recorded and becomes
    /// the candidate's move; a command steers; anything else gets a hint.
    fn react(
        &mut self,
        input: Input,
        resumed: bool,
        history: &mut Vec<Turn>,
    ) -> Result<Step, SessionError> {
        Ok(match input {
            Input::Empty => {
                writeln!(
                    self.err,
                    "(nothing to send: type your answer, or /skip to decline the question)"
                )?;
                Step::Again
            }
            Input::Unknown(word) => {
                let shown = sanitize::for_terminal(&word);
                match command::suggest(&word) {
                    Some(meant) => writeln!(
                        self.err,
                        "unknown command '{shown}' — did you mean {meant}? (/help lists the commands; //text sends text that starts with '/')"
                    )?,
                    None => writeln!(self.err, "unknown command '{shown}'\n{}", command::help())?,
                }
                Step::Again
            }
            Input::UnexpectedArgs(_, name) => {
                writeln!(
                    self.err,
                    "{name} takes no arguments; to answer with text that starts with '/', type //text"
                )?;
                Step::Again
            }
            Input::Command(Command::Quit) => Step::End(EndReason::Quit),
            Input::Command(Command::Next) => Step::Move(Move::Next),
            Input::Command(Command::End) => Step::Move(Move::End),
            Input::Command(Command::Skip) => {
                self.candidate_turn(String::new(), true, history)?;
                Step::Move(Move::Skip)
            }
            Input::Answer(answer) => {
                self.candidate_turn(answer, false, history)?;
                Step::Move(Move::Answer)
            }
            Input::Command(tool) => self.tool(tool, resumed, history)?,
        })
    }

    /// After each read: an answer that took longer than the idle limit counts
    /// only that long, and the candidate is told.
    fn after_read(&mut self) -> Result<(), SessionError> {
        if let Some(took) = self.clock.end_read() {
            let note = format!(
                "(no answer for {}: the clock counted {} of it; /pause stops it while you are away)",
                mmss(took),
                mmss(self.interview.idle())
            );
            writeln!(self.err, "{}", self.style.mark(Mark::Notice, &note))?;
        }
        Ok(())
    }

    fn candidate_turn(
        &mut self,
        text: String,
        skipped: bool,
        history: &mut Vec<Turn>,
    ) -> Result<(), SessionError> {
        let record = self.recorder.record(Record::Turn(Turn {
            at: self.clock.timestamp(),
            elapsed_ms: millis(self.clock.elapsed()),
            skipped,
            ..Turn::new(Role::Candidate, self.interview.phase(), text)
        }))?;
        if let Record::Turn(t) = record {
            history.push(t);
        }
        self.graded = Some(self.assessor.assess(history));
        Ok(())
    }

    /// Acts on the machine's events; returns true when the round is finished.
    fn apply(&mut self, events: Vec<Event>, history: &mut Vec<Turn>) -> Result<bool, SessionError> {
        let mut finished = false;
        for event in events {
            match event {
                Event::PhaseChanged { from, to, reason } => {
                    let now = self.clock.elapsed();
                    self.recorder.record(Record::Phase(PhaseChange {
                        seq: 0,
                        from,
                        to,
                        reason,
                        at: self.clock.timestamp(),
                        elapsed_ms: millis(now),
                    }))?;
                    let answered = history
                        .iter()
                        .filter(|t| t.role == Role::Candidate && t.phase == from)
                        .count();
                    if let Some(note) = self.notice(from, reason, answered) {
                        writeln!(self.out, "\n{}", self.style.mark(Mark::Notice, &note))?;
                    }
                    if to != Phase::Done {
                        self.banner(to, now)?;
                    }
                }
                Event::Say(turn) => self.speak(&turn, history)?,
                Event::Finished => finished = true,
            }
        }
        self.out.flush()?;
        Ok(finished)
    }

    fn speak(
        &mut self,
        turn: &InterviewerTurn,
        history: &mut Vec<Turn>,
    ) -> Result<(), SessionError> {
        self.last_said = Some(turn.clone());
        self.out.flush()?;
        self.waiting.start();
        let waiting = &mut *self.waiting;
        let reply = self
            .backend
            .say(turn, history, &mut |chars| waiting.progress(chars));
        self.waiting.stop();
        let reply = reply?;
        if let Some(notice) = &reply.notice {
            let note = format!("({notice})");
            writeln!(self.err, "{}", self.style.mark(Mark::Notice, &note))?;
            self.err.flush()?;
        }
        // Saved before it is shown: a signal between the two must never leave a
        // question on screen that the transcript does not have.
        let shown = reply.text.clone();
        let record = self.recorder.record(Record::Turn(Turn {
            kind: Some(turn.kind),
            target: turn.target.clone(),
            at: self.clock.timestamp(),
            elapsed_ms: millis(self.clock.elapsed()),
            guard: reply.guard,
            model_text: reply.model_text,
            tokens: reply.tokens.map(|(p, c)| [p, c]),
            intent: Some(turn.intent.clone()),
            ..Turn::new(Role::Interviewer, turn.phase, reply.text)
        }))?;
        if let Record::Turn(t) = record {
            history.push(t);
        }
        self.show(&shown)?;
        Ok(())
    }

    fn end(&mut self, reason: EndReason) -> Result<EndReason, SessionError> {
        self.recorder.record(Record::End(End {
            seq: 0,
            reason,
            at: self.clock.timestamp(),
            elapsed_ms: millis(self.clock.elapsed()),
        }))?;
        self.out.flush()?;
        Ok(reason)
    }
}

/// What a line of input leads to in the session loop.
enum Step {
    /// Nothing to act on: prompt again.
    Again,
    /// The candidate's move, for the state machine.
    Move(Move),
    /// The session ends.
    End(EndReason),
}

/// What precedes every interviewer turn on screen.
/// What starts each interviewer turn on screen.
pub const LABEL: &str = "interviewer: ";

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Scripted;
    use crate::interview::{Plan, Script};
    use crate::prompts::{PromptFiles, PromptSet};
    use crate::repl::input::Piped;
    use crate::rubric::{RUBRIC_FILE, Rubric};
    use std::cell::Cell;

    /// A clock that moves one minute per reading of `elapsed`.
    struct Ticking(Cell<u64>);

    impl Clock for Ticking {
        fn elapsed(&self) -> Duration {
            let n = self.0.get();
            self.0.set(n + 1);
            Duration::from_secs(n * 60)
        }
        fn timestamp(&self) -> String {
            "2026-11-25T18:00:00Z".into()
        }
    }

    /// A clock whose wall time the test moves: a stopwatch over it.
    struct Manual {
        raw: Cell<Duration>,
        watch: std::cell::RefCell<crate::interview::Stopwatch>,
    }

    impl Clock for Manual {
        fn elapsed(&self) -> Duration {
            self.watch.borrow().active(self.raw.get())
        }
        fn timestamp(&self) -> String {
            "2026-11-25T18:00:00Z".into()
        }
        fn pause(&self) -> bool {
            self.watch.borrow_mut().pause(self.raw.get())
        }
        fn resume(&self) -> Option<Duration> {
            self.watch.borrow_mut().resume(self.raw.get())
        }
        fn begin_read(&self, idle: Duration) {
            self.watch.borrow_mut().begin_read(self.raw.get(), idle);
        }
        fn end_read(&self) -> Option<Duration> {
            self.watch.borrow_mut().end_read(self.raw.get())
        }
        fn paused(&self) -> Duration {
            self.watch.borrow().paused_total(self.raw.get())
        }
        fn is_paused(&self) -> bool {
            self.watch.borrow().is_paused()
        }
    }

    /// Lines typed after a given wait each, on the manual clock.
    struct Typed<'c> {
        lines: std::collections::VecDeque<(u64, &'static str)>,
        clock: &'c Manual,
    }

    impl LineSource for Typed<'_> {
        fn read(&mut self, _prompt: &str) -> Result<Read, InputError> {
            let Some((minutes, line)) = self.lines.pop_front() else {
                return Ok(Read::Eof);
            };
            self.clock
                .raw
                .set(self.clock.raw.get() + Duration::from_secs(minutes * 60));
            Ok(Read::Text(line.to_string()))
        }
        fn interactive(&self) -> bool {
            true
        }
    }

    /// The prompt set, rubric and listening lexicon a test session runs on.
    struct Fixture {
        rubric: Rubric,
        set: PromptSet,
        ear: crate::listen::Ear,
    }

    /// What a test session varies; the rest is the scripted interviewer's.
    struct Rig<'a> {
        scenario: &'static str,
        minutes: u32,
        /// Hold the answers to the case's facts.
        facts: bool,
        backend: &'a mut dyn Backend,
        input: &'a mut dyn LineSource,
        recorder: &'a mut dyn Recorder,
        clock: &'a dyn Clock,
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
        waiting: &'a mut dyn Waiting,
    }

    impl Fixture {
        fn new() -> Fixture {
            let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
            Fixture {
                rubric: rubric(),
                ear: crate::listen::Ear::new(&set.listening),
                set,
            }
        }

        fn session<'a>(&'a self, r: Rig<'a>) -> Session<'a> {
            let scenario = self.set.scenario(r.scenario).unwrap();
            Session {
                interview: Interview::new(
                    Plan::new(r.minutes, &self.set.interviewer.phases),
                    Script::new(scenario, &self.set.interviewer, &self.set.listening),
                ),
                backend: r.backend,
                input: r.input,
                recorder: r.recorder,
                clock: r.clock,
                out: r.out,
                err: r.err,
                width: None,
                examples: Default::default(),
                assessor: Assessor {
                    rubric: &self.rubric,
                    session: "s",
                    scenario: r.scenario,
                    facts: r.facts.then_some(&scenario.facts),
                    ear: &self.ear,
                },
                graded: None,
                last_said: None,
                style: Style::default(),
                waiting: r.waiting,
            }
        }
    }

    /// Runs the ad-click round on typed lines; the transcript's records and stderr.
    fn typed(lines: &[(u64, &'static str)]) -> (Vec<Record>, String) {
        let fixture = Fixture::new();
        let clock = Manual {
            raw: Cell::new(Duration::ZERO),
            watch: Default::default(),
        };
        let mut input = Typed {
            lines: lines.iter().copied().collect(),
            clock: &clock,
        };
        let (mut records, mut err) = (Vec::new(), Vec::new());
        fixture
            .session(Rig {
                scenario: "ad-click",
                minutes: 45,
                facts: true,
                backend: &mut Scripted,
                input: &mut input,
                recorder: &mut records,
                clock: &clock,
                out: &mut Vec::new(),
                err: &mut err,
                waiting: &mut Quiet,
            })
            .run()
            .unwrap();
        (records, String::from_utf8(err).unwrap())
    }

    fn answer_times(records: &[Record]) -> Vec<u64> {
        records
            .iter()
            .filter_map(|r| match r {
                Record::Turn(t) if t.role == Role::Candidate => Some(t.elapsed_ms / 60_000),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_pause_stops_the_clock_and_time_says_so() {
        let (records, err) = typed(&[
            (2, "Events go to Kafka keyed by user id."),
            (1, "/pause"),
            (30, "/time"),
            (0, "/resume"),
            (2, "Features in Redis keyed by ad id."),
        ]);
        // 2 minutes, a minute to pause, 30 paused, 2 more: the second answer
        // is at 5 minutes of the candidate's time, not 35.
        assert_eq!(answer_times(&records), [2, 5]);
        assert!(err.contains("(the clock is paused at 3:00;"), "{err}");
        assert!(
            err.contains("round: 3:00 of 45:00 (42:00 left); paused 30:00 so far"),
            "/time while paused leaves it paused: {err}"
        );
        assert!(
            err.contains("(the clock runs again at 3:00, after 30:00 paused)"),
            "{err}"
        );
        assert!(
            !err.contains("the clock is running"),
            "/resume after a pause: {err}"
        );
    }

    #[test]
    fn a_long_silence_counts_only_up_to_the_idle_limit() {
        let (records, err) = typed(&[
            (2, "Events go to Kafka keyed by user id."),
            (25, "Features in Redis keyed by ad id."),
            (0, "/time"),
        ]);
        assert_eq!(
            answer_times(&records),
            [2, 12],
            "10 of the 25 minutes count"
        );
        assert!(
            err.contains("(no answer for 25:00: the clock counted 10:00 of it;"),
            "{err}"
        );
        assert!(err.contains("paused 15:00 so far"), "{err}");
    }

    #[test]
    fn an_early_debrief_does_not_say_time_is_up() {
        let (records, _) = typed(&[(2, "Events go to Kafka keyed by user id."), (1, "/end")]);
        let debrief = records
            .iter()
            .find_map(|r| match r {
                Record::Turn(t) if t.phase == Phase::Debrief => Some(t.text.clone()),
                _ => None,
            })
            .unwrap();
        assert!(
            debrief.starts_with("Let's close here, even though there is time left."),
            "{debrief}"
        );
        assert!(!debrief.contains("coming up on time"), "{debrief}");
    }

    fn rubric() -> Rubric {
        Rubric::compile(PromptFiles::embedded().get(RUBRIC_FILE).unwrap()).unwrap()
    }

    fn run(input: &str, minutes: u32) -> (EndReason, Vec<Record>, String, String) {
        let (reason, records, out, err, _) = run_full(input, minutes);
        (reason, records, out, err)
    }

    fn run_full(
        input: &str,
        minutes: u32,
    ) -> (EndReason, Vec<Record>, String, String, Option<Report>) {
        let mut records = Vec::new();
        let (outcome, out, err) = run_on(input, minutes, &mut records);
        let outcome = outcome.unwrap();
        (outcome.reason, records, out, err, outcome.report)
    }

    /// A feed-ranking round with the scripted interviewer, recorded by `recorder`:
    /// the outcome and what went to stdout and stderr.
    fn run_on(
        input: &str,
        minutes: u32,
        recorder: &mut dyn Recorder,
    ) -> (Result<Outcome, SessionError>, String, String) {
        let fixture = Fixture::new();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut source = Piped::new(input.as_bytes());
        let clock = Ticking(Cell::new(0));
        let outcome = fixture
            .session(Rig {
                scenario: "feed-ranking",
                minutes,
                facts: false,
                backend: &mut Scripted,
                input: &mut source,
                recorder,
                clock: &clock,
                out: &mut out,
                err: &mut err,
                waiting: &mut Quiet,
            })
            .run();
        (
            outcome,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn candidate_texts(records: &[Record]) -> Vec<(String, bool)> {
        records
            .iter()
            .filter_map(|r| match r {
                Record::Turn(t) if t.role == Role::Candidate => Some((t.text.clone(), t.skipped)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn eof_right_away_ends_with_eof_after_the_opening() {
        let (reason, records, out, _) = run("", 45);
        assert_eq!(reason, EndReason::Eof);
        assert_eq!(records.len(), 2);
        assert!(out.contains("Walk me through the pipeline end to end"));
    }

    #[test]
    fn commands_steer_and_are_not_recorded_as_answers() {
        let (reason, records, _, err) = run("/time\n/help\nmy design\n/skip\n/end\nrisks\n", 600);
        assert_eq!(reason, EndReason::Completed);
        assert_eq!(
            candidate_texts(&records),
            [
                ("my design".to_string(), false),
                (String::new(), true),
                ("risks".to_string(), false)
            ]
        );
        assert!(err.contains("used in this phase"));
        assert!(err.contains("Commands:"));
    }

    #[test]
    fn retry_asks_the_last_turn_again_and_records_it() {
        let (_, records, out, _) = run("/retry\nanswer\n", 45);
        let interviewer: Vec<&Turn> = records
            .iter()
            .filter_map(|r| match r {
                Record::Turn(t) if t.role == Role::Interviewer => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(
            interviewer.len(),
            3,
            "opening, its retry, then the follow-up"
        );
        assert_eq!(interviewer[0].text, interviewer[1].text);
        assert_eq!(
            out.matches("Walk me through the pipeline end to end")
                .count(),
            2
        );
    }

    #[test]
    fn bad_lines_get_a_message_and_change_nothing() {
        let (_, records, _, err) = run("   \n/bogus\n/next now\n", 45);
        assert!(candidate_texts(&records).is_empty());
        assert!(err.contains("nothing to send"));
        assert!(err.contains("unknown command '/bogus'"));
        assert!(err.contains("/next takes no arguments"));
    }

    #[test]
    fn phase_time_notice_is_printed_and_recorded() {
        // Ten-minute round; each reading of the clock moves a minute, so the
        // scenario phase (3:18) runs out after a couple of answers.
        let (_, records, out, _) = run("a\nb\nc\nd\n", 10);
        assert!(out.contains("(time is up for scenario"), "{out}");
        assert!(
            records
                .iter()
                .any(|r| matches!(r, Record::Phase(p) if p.reason == AdvanceReason::PhaseTime))
        );
    }

    #[test]
    fn model_text_is_sanitized_before_printing() {
        struct Evil;
        impl Backend for Evil {
            fn info(&self) -> crate::backend::BackendInfo {
                Scripted.info()
            }
            fn say(
                &mut self,
                _: &InterviewerTurn,
                _: &[Turn],
                _: &mut dyn FnMut(usize),
            ) -> Result<crate::backend::Reply, BackendError> {
                Ok(crate::backend::Reply {
                    text: "\u{1b}]0;owned\u{7}hello\u{1b}[2J".into(),
                    ..Default::default()
                })
            }
        }
        let fixture = Fixture::new();
        let mut out = Vec::new();
        let clock = Ticking(Cell::new(0));
        fixture
            .session(Rig {
                scenario: "ad-click",
                minutes: 45,
                facts: false,
                backend: &mut Evil,
                input: &mut Piped::new(&b""[..]),
                recorder: &mut Vec::new(),
                clock: &clock,
                out: &mut out,
                err: &mut Vec::new(),
                waiting: &mut Quiet,
            })
            .run()
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("interviewer: hello"));
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn fatal_piped_input_ends_the_transcript_with_error() {
        let fixture = Fixture::new();
        let mut records = Vec::new();
        let clock = Ticking(Cell::new(0));
        let err = fixture
            .session(Rig {
                scenario: "ad-click",
                minutes: 45,
                facts: false,
                backend: &mut Scripted,
                input: &mut Piped::new(&b"fine\n\xff\n"[..]),
                recorder: &mut records,
                clock: &clock,
                out: &mut Vec::new(),
                err: &mut Vec::new(),
                waiting: &mut Quiet,
            })
            .run()
            .unwrap_err();
        assert!(
            err.to_string().contains("line 2 is not valid UTF-8"),
            "{err}"
        );
        assert!(matches!(records.last(), Some(Record::End(e)) if e.reason == EndReason::Error));
        assert_eq!(candidate_texts(&records), [("fine".to_string(), false)]);
    }

    #[test]
    fn the_feedback_is_the_running_grade_and_the_outcome_carries_it() {
        let (reason, records, out, _, report) = run_full(
            "Events land in a log partitioned by user id.\n/end\nTop risk: stale features; page when lag passes 10 minutes.\n",
            45,
        );
        assert_eq!(reason, EndReason::Completed);
        let report = report.expect("an answered session is graded");
        let feedback = records
            .iter()
            .find_map(|r| match r {
                Record::Turn(t) if t.kind == Some(crate::vocab::TurnKind::Feedback) => {
                    Some(t.text.clone())
                }
                _ => None,
            })
            .expect("a feedback turn");
        assert!(
            feedback.contains(&format!("scores {} out of 100", report.score)),
            "{feedback}"
        );
        assert!(out.contains(&feedback.lines().next().unwrap().to_string()));
    }

    #[test]
    fn a_vague_latency_answer_is_probed_on_its_topic_quoting_it() {
        let (_, records, _, _, _) = run_full("design\n/next\nWe keep it fast.\n", 600);
        let follow_up = records
            .iter()
            .filter_map(|r| match r {
                Record::Turn(t) if t.phase == Phase::Latency && t.role == Role::Interviewer => {
                    Some(t)
                }
                _ => None,
            })
            .nth(1)
            .expect("a latency follow-up");
        let intent = follow_up.intent.as_ref().expect("an intent is saved");
        assert_eq!(intent.ask, Some(crate::vocab::Ask::Probe), "{follow_up:?}");
        assert_eq!(
            intent.about.as_deref(),
            Some("We keep it fast"),
            "{follow_up:?}"
        );
        assert!(
            follow_up.text.contains("\"We keep it fast\""),
            "{follow_up:?}"
        );
    }

    #[test]
    fn a_session_with_no_answers_has_no_grade() {
        let (_, _, _, _, report) = run_full("/skip\n", 45);
        assert!(report.is_none());
    }

    /// A disk that fills up just as the second interviewer turn is saved.
    struct FullAfter(usize, Vec<Record>);

    impl Recorder for FullAfter {
        fn record(&mut self, record: Record) -> Result<Record, StoreError> {
            let interviewer = matches!(&record, Record::Turn(t) if t.role == Role::Interviewer);
            if interviewer && self.0 == 0 {
                return Err(StoreError::Write {
                    path: "t.jsonl".into(),
                    source: std::io::Error::other("no space left on device"),
                });
            }
            if interviewer {
                self.0 -= 1;
            }
            self.1.record(record)
        }
    }

    #[test]
    fn an_interviewer_turn_is_saved_before_it_is_shown() {
        let mut recorder = FullAfter(1, Vec::new());
        let (result, out, _) = run_on("the feed is ranked from an event log\n", 45, &mut recorder);
        assert!(matches!(result, Err(SessionError::Store(_))), "{result:?}");
        let shown = out.matches(LABEL).count();
        let saved = recorder
            .1
            .iter()
            .filter(|r| matches!(r, Record::Turn(t) if t.role == Role::Interviewer))
            .count();
        assert_eq!((shown, saved), (1, 1), "shown only what was saved:\n{out}");
    }
}
