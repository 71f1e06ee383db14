//! The commands a candidate types that do not move the interview on: `/help`,
//! `/time`, `/pause` and `/resume`, `/retry` (the last question asked again),
//! `/edit` (an answer written in `$EDITOR`) and `/model` (what a strong answer
//! said, in the debrief). Part of [`Session`]'s loop.

use super::*;
use crate::vocab::TurnKind;

impl Session<'_> {
    /// The commands that do not move the interview on: help, the clock,
    /// `/retry`, and `/edit` (which sends an answer when one is written).
    pub(super) fn tool(
        &mut self,
        command: Command,
        resumed: bool,
        history: &mut Vec<Turn>,
    ) -> Result<Step, SessionError> {
        match command {
            Command::Help => writeln!(self.err, "{}", command::help())?,
            Command::Hint => self.hint(history)?,
            Command::Model => {
                let note = self.model_answer();
                writeln!(self.out, "\n{}", note)?;
            }
            Command::Time => {
                let view = self
                    .interview
                    .clock(self.clock.elapsed())
                    .with_paused(self.clock.paused());
                writeln!(self.err, "{}", view.describe())?;
            }
            Command::Pause => {
                let note = if self.clock.pause() {
                    format!(
                        "(the clock is paused at {}; /resume, or your next answer, starts it again)",
                        mmss(self.clock.elapsed())
                    )
                } else {
                    "(the clock is already paused)".to_string()
                };
                writeln!(self.err, "{}", self.style.mark(Mark::Notice, &note))?;
            }
            Command::Resume if !resumed => {
                writeln!(self.err, "(the clock is running; /pause stops it)")?;
            }
            Command::Retry => match self.last_said.clone() {
                Some(turn) => {
                    // The retried turn replaces the last one in the model's context.
                    let previous = match history.last() {
                        Some(t) if t.role == Role::Interviewer => history.pop(),
                        _ => None,
                    };
                    self.speak(&turn, history)?;
                    if let (Some(prev), Some(new)) = (previous, history.pop()) {
                        history.push(prev);
                        history.push(new);
                    }
                }
                None => writeln!(self.err, "(nothing to retry yet)")?,
            },
            Command::Edit => match self.edit()? {
                Ok(Some(answer)) => {
                    let words = answer.split_whitespace().count();
                    let note = format!("(sent your answer from the editor: {words} words)");
                    // What was sent is shown, as a typed answer would be: the
                    // editor's screen is gone once it closes.
                    const ECHO: &str = "you (from the editor)> ";
                    let mut wrapper = crate::wrap::Wrapper::new(self.width, ECHO.len());
                    let shown = wrapper.push(&sanitize::for_terminal(answer.trim_end()));
                    writeln!(
                        self.out,
                        "{}{shown}{}",
                        self.style.mark(Mark::Candidate, ECHO),
                        wrapper.finish()
                    )?;
                    writeln!(self.err, "{}", self.style.mark(Mark::Notice, &note))?;
                    self.candidate_turn(answer, false, history)?;
                    return Ok(Step::Move(Move::Answer));
                }
                Ok(None) => writeln!(
                    self.err,
                    "(nothing was written, so nothing was sent; the question stands)"
                )?,
                Err(e) => writeln!(self.err, "{}", sanitize::for_terminal(&e.to_string()))?,
            },
            Command::Resume | Command::Quit | Command::Next | Command::End | Command::Skip => {}
        }
        Ok(Step::Again)
    }

    /// A paused clock starts again on anything but a look at it (`/time`,
    /// `/help`, `/pause`, a mistyped command), saying how long it stood still;
    /// true when it did.
    pub(super) fn start_clock_for(&mut self, input: &Input) -> Result<bool, SessionError> {
        let looks = matches!(
            input,
            Input::Empty
                | Input::Unknown(_)
                | Input::UnexpectedArgs(..)
                | Input::Command(Command::Time | Command::Help | Command::Pause | Command::Model)
        );
        if looks || !self.clock.is_paused() {
            return Ok(false);
        }
        if let Some(stood) = self.clock.resume() {
            let note = format!(
                "(the clock runs again at {}, after {} paused)",
                mmss(self.clock.elapsed()),
                mmss(stood)
            );
            writeln!(self.err, "{}", self.style.mark(Mark::Notice, &note))?;
        }
        Ok(true)
    }

    /// `/edit`: the answer from the editor. Time in the editor is the answer's,
    /// so the idle limit holds there too.
    pub(super) fn edit(&mut self) -> Result<Result<Option<String>, InputError>, SessionError> {
        self.clock.begin_read(self.interview.idle());
        let edited = self.input.edit();
        self.after_read()?;
        Ok(edited)
    }

    /// `/model`: in the debrief and after, what a strong answer to this case
    /// said on the candidate's biggest gaps so far; before it, why not yet.
    pub(super) fn model_answer(&self) -> String {
        if !matches!(self.interview.phase(), Phase::Debrief | Phase::Done) {
            return self.style.mark(
                Mark::Notice,
                "(/model opens in the debrief: until then the answers are yours to give)",
            );
        }
        let Some(graded) = &self.graded else {
            return self
                .style
                .mark(Mark::Notice, "(nothing answered yet to compare)");
        };
        let view =
            crate::grade::view::View::new(&graded.report).with_examples(self.examples.clone());
        let shown: Vec<String> = view
            .criteria
            .iter()
            .filter(|c| c.status != crate::grade::Status::Met)
            .filter_map(|c| {
                let e = view.example(&c.id)?;
                Some(format!(
                    "- {}\n  {} \"{}\"",
                    sanitize::for_terminal(&c.hint),
                    crate::grade::view::EXAMPLE_LABEL,
                    sanitize::for_terminal(e)
                ))
            })
            .take(crate::grade::view::TOP_GAPS)
            .collect();
        if shown.is_empty() {
            return self.style.mark(
                Mark::Notice,
                "(no strong answer to compare: this case has no reference answer, or you met what it covers)",
            );
        }
        let text = format!(
            "On your biggest gaps so far, from the case's reference answer:\n{}",
            shown.join("\n")
        );
        crate::wrap::block(&text, self.width)
    }

    /// `/hint`: a nudge on the current question from the case's facts, saved
    /// as a hint turn (it costs part of the credit of what the question is
    /// about) and shown; one per question.
    pub(super) fn hint(&mut self, history: &mut Vec<Turn>) -> Result<(), SessionError> {
        if history
            .last()
            .is_some_and(|t| t.kind == Some(TurnKind::Hint))
        {
            let note = "(one hint per question: it is above)";
            writeln!(self.err, "{}", self.style.mark(Mark::Notice, note))?;
            return Ok(());
        }
        let Some((text, targets)) = self.interview.hint() else {
            let note = "(no hint here: the debrief is yours to give)";
            writeln!(self.err, "{}", self.style.mark(Mark::Notice, note))?;
            return Ok(());
        };
        let record = self.recorder.record(Record::Turn(Turn {
            kind: Some(TurnKind::Hint),
            target: targets.first().cloned(),
            at: self.clock.timestamp(),
            elapsed_ms: millis(self.clock.elapsed()),
            intent: Some(crate::vocab::Intent {
                targets,
                ..crate::vocab::Intent::default()
            }),
            ..Turn::new(Role::Interviewer, self.interview.phase(), text.clone())
        }))?;
        if let Record::Turn(t) = record {
            history.push(t);
        }
        const LABEL: &str = "hint: ";
        let mut wrapper = crate::wrap::Wrapper::new(self.width, LABEL.len());
        let shown = wrapper.push(&sanitize::for_terminal(&text));
        writeln!(
            self.out,
            "\n{}{shown}{}",
            self.style.mark(Mark::Interviewer, LABEL),
            wrapper.finish()
        )?;
        let note = format!(
            "(a hint costs {}% of the credit for what this question is about; it is in the report)",
            self.assessor.rubric.settings.hint_cost
        );
        writeln!(self.err, "{}", self.style.mark(Mark::Notice, &note))?;
        Ok(())
    }
}
