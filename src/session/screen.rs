//! What the session prints around the conversation: each interviewer turn
//! (labelled, wrapped, made safe for the terminal), the phase banner, and the
//! notice that says why the round moved on.

use super::*;

impl Session<'_> {
    /// Shows an interviewer turn, labelled, wrapped and made safe for the terminal.
    pub(super) fn show(&mut self, text: &str) -> Result<(), SessionError> {
        write!(self.out, "\n{}", self.style.mark(Mark::Interviewer, LABEL))?;
        let mut wrapper = Wrapper::new(self.width, LABEL.len());
        let text = wrapper.push(&sanitize::for_terminal(text));
        writeln!(self.out, "{text}{}", wrapper.finish())?;
        Ok(())
    }

    pub(super) fn banner(&mut self, phase: Phase, now: Duration) -> Result<(), SessionError> {
        let total = self.interview.plan().total;
        let budget = self.interview.plan().phase_time(phase);
        let mut line = format!(
            "── {} ── {} of {} · about {} for this part ──",
            phase.title(),
            mmss(now),
            mmss(total),
            mmss(budget)
        );
        if self
            .width
            .is_some_and(|w| crate::wrap::display_width(&line) > w)
        {
            // Narrow terminals get a shorter banner: the round's clock only
            // (`/time` gives the part's share).
            line = format!(
                "── {} ── {} of {} ──",
                phase.title(),
                mmss(now),
                mmss(total)
            );
        }
        writeln!(self.out, "\n{}", self.style.mark(Mark::Banner, &line))?;
        Ok(())
    }

    /// What the candidate is told when the round moves on from `from`, after
    /// `answered` answers in it.
    pub(super) fn notice(
        &self,
        from: Phase,
        reason: AdvanceReason,
        answered: usize,
    ) -> Option<String> {
        let plan = self.interview.plan();
        match reason {
            // The debrief's one answer ends the round: nothing to announce.
            AdvanceReason::Answers if from == Phase::Debrief => None,
            AdvanceReason::Answers if answered >= plan.max_answers(from) as usize => Some(format!(
                "(that is {answered} answers on {from}, this part's share; moving on)"
            )),
            AdvanceReason::Answers => Some(format!(
                "(that covers what I wanted to ask about {from}; moving on)"
            )),
            AdvanceReason::PhaseTime => Some(format!(
                "(time is up for {from}: its {} are used; moving on)",
                mmss(plan.phase_time(from))
            )),
            AdvanceReason::RoundTime => Some(format!(
                "(the round's {} are up; moving to the debrief)",
                mmss(plan.total)
            )),
            AdvanceReason::Next => Some("(moving on, as you asked)".to_string()),
            AdvanceReason::End => Some("(going to the debrief, as you asked)".to_string()),
        }
    }
}
