//! The interview as a state machine, in pure code.
//!
//! Phases run in a fixed order: scenario → latency → schema change → provenance →
//! debrief → done. The machine decides what the interviewer must say next; a
//! backend (scripted, or an LLM) only phrases it. Time is passed in as a value
//! (the candidate's time in the round, pauses left out), so every transition is
//! testable without a clock.
//!
//! At each turn boundary (after the candidate answers or skips) the machine checks,
//! in order: the round's clock (out of time → debrief), the phase's clock (out of
//! time → next phase), the phase's answer budget (used up → next phase);
//! otherwise it asks the question [`policy`] picks from what was heard
//! ([`heard`]), and moves on when the policy has nothing left to ask.
//!
//! - [`clock`]: the round's budgets and how the clock reads.
//! - [`heard`]: what the candidate said, as the policy reads it.
//! - [`policy`]: which question comes next, and why.

pub mod clock;
pub mod heard;
pub mod policy;

use std::time::Duration;

pub use clock::{ClockView, Plan, Stopwatch};
use heard::Heard;
use policy::Memory;

use crate::prompts::listening::{FollowUp, Listening, fill};
use crate::prompts::{InterviewerPrompts, Scenario};
use crate::vocab::{AdvanceReason, Ask, Intent, Phase, TurnKind};

mod script;
pub use script::Script;

/// A turn the interviewer must say, with its canonical text from the prompts.
/// A backend may rephrase it; the scripted interviewer says it as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewerTurn {
    pub phase: Phase,
    pub kind: TurnKind,
    pub canonical: String,
    /// The rubric criterion a gap follow-up targets (kept for older readers;
    /// the intent says more).
    pub target: Option<String>,
    /// Why this turn is asked: its move, targets and the words it is about.
    pub intent: Intent,
}

/// A follow-up aimed at an unmet rubric criterion, asked in `phase`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub phase: Phase,
    pub criterion: String,
    pub ask: String,
}

/// What the running assessment of the candidate's answers tells the machine at
/// a turn boundary, as one value: the follow-ups that target unmet criteria
/// (weakest first, each for its probe phase), what was heard, and the closing
/// feedback. The session computes it once per answer; the machine only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    pub gaps: Vec<Gap>,
    /// Every criterion not yet met, the one worth the most points first.
    pub unmet: Vec<String>,
    pub heard: Heard,
    pub feedback: String,
}

/// What the candidate did at a turn boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Answered the current question.
    Answer,
    /// Declined the current question (`/skip`).
    Skip,
    /// Asked to move to the next phase (`/next`).
    Next,
    /// Asked to go to the debrief (`/end`).
    End,
}

/// What the machine tells its driver, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    PhaseChanged {
        from: Phase,
        to: Phase,
        reason: AdvanceReason,
    },
    Say(InterviewerTurn),
    /// The round is over; nothing more will be asked.
    Finished,
}

/// A move that the current state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("the interview is over")]
    Over,
    #[error("already in the debrief; answer it, or /next to finish")]
    AlreadyInDebrief,
    #[error("the interview has not started")]
    NotStarted,
}

/// One thing that happened in a saved round, as [`Interview::restore`] needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    Phase {
        to: Phase,
        at: Duration,
    },
    Interviewer {
        kind: TurnKind,
        target: Option<String>,
        text: String,
        phase: Phase,
        /// The saved intent (absent in transcripts older than the policy).
        intent: Option<Intent>,
    },
    Candidate {
        skipped: bool,
        at: Duration,
    },
}

/// What a restored round must do first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumption {
    /// The interviewer's last question stands; show it again and wait for the answer.
    Await(InterviewerTurn),
    /// The candidate's last move was saved but not answered: apply it now.
    Apply(Move, Duration),
    /// A phase began but its opening question was never said: say it.
    Open(InterviewerTurn),
    /// The feedback was given; only the closing records are missing.
    Finish,
    /// The round is over.
    Done,
}

/// The state of one round.
#[derive(Debug, Clone)]
pub struct Interview {
    plan: Plan,
    script: Script,
    phase: Phase,
    started: bool,
    phase_started: Duration,
    answers_in_phase: u32,
    /// What the question policy has asked so far.
    memory: Memory,
}

impl Interview {
    pub fn new(plan: Plan, script: Script) -> Interview {
        Interview {
            plan,
            script,
            phase: Phase::Scenario,
            started: false,
            phase_started: Duration::ZERO,
            answers_in_phase: 0,
            memory: Memory::default(),
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// An answer that takes longer than this counts only this long on the
    /// clock (`idle_minutes` in `prompts/listening.toml`).
    pub fn idle(&self) -> Duration {
        Duration::from_secs(u64::from(self.script.listening.idle_minutes) * 60)
    }

    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The clock as it stands at `now`.
    pub fn clock(&self, now: Duration) -> ClockView {
        ClockView {
            phase: self.phase,
            elapsed: now,
            total: self.plan.total,
            phase_elapsed: now.saturating_sub(self.phase_started),
            phase_budget: self.plan.phase_time(self.phase),
            paused: Duration::ZERO,
        }
    }

    /// Rebuilds a round from what a transcript recorded: the phase and when it
    /// began, the answers in it, and what the question policy already asked.
    /// Pure; the transcript's own text is never reinterpreted.
    pub fn restore(plan: Plan, script: Script, log: &[Logged]) -> (Interview, Resumption) {
        let mut i = Interview::new(plan, script);
        i.started = true;
        let mut last_question: Option<InterviewerTurn> = None;
        let mut pending: Option<(Move, Duration)> = None;
        let mut feedback_given = false;
        let mut scripted_in_phase = 0;
        let script = i.script.clone();
        for item in log {
            match item {
                Logged::Phase { to, at } => {
                    i.phase = *to;
                    i.phase_started = *at;
                    i.answers_in_phase = 0;
                    scripted_in_phase = 0;
                    last_question = None;
                    pending = None;
                }
                Logged::Interviewer {
                    kind,
                    target,
                    text,
                    phase,
                    intent,
                } => {
                    let intent = intent.clone().unwrap_or_else(|| {
                        legacy_intent(
                            &script,
                            *phase,
                            *kind,
                            target.as_deref(),
                            &mut scripted_in_phase,
                        )
                    });
                    if *kind == TurnKind::Feedback {
                        feedback_given = true;
                    }
                    i.memory.note(*phase, &intent, text);
                    last_question = Some(InterviewerTurn {
                        phase: *phase,
                        kind: *kind,
                        canonical: text.clone(),
                        target: target.clone(),
                        intent,
                    });
                    pending = None;
                }
                Logged::Candidate { skipped, at } => {
                    i.answers_in_phase += 1;
                    pending = Some((if *skipped { Move::Skip } else { Move::Answer }, *at));
                }
            }
        }
        let next = if i.phase == Phase::Done {
            Resumption::Done
        } else if feedback_given {
            Resumption::Finish
        } else if let Some((mv, at)) = pending {
            // The answer is re-applied, so it must not be counted twice.
            i.answers_in_phase -= 1;
            Resumption::Apply(mv, at)
        } else if let Some(q) = last_question {
            Resumption::Await(q)
        } else {
            // The opening is said on resume: remembered as said, like any turn.
            let turn = i.opening(i.phase, &Heard::default(), i.phase_started);
            i.memory.note(turn.phase, &turn.intent, &turn.canonical);
            Resumption::Open(turn)
        };
        (i, next)
    }

    /// Opens the round: the scenario and its request for a design.
    pub fn start(&mut self, now: Duration) -> Vec<Event> {
        self.started = true;
        self.phase_started = now;
        let turn = self.opening(Phase::Scenario, &Heard::default(), now);
        // Remembered like any question: the first answer is heard against it.
        self.memory.note(turn.phase, &turn.intent, &turn.canonical);
        vec![Event::Say(turn)]
    }

    /// Applies the candidate's move at `now`, with the assessment of the answers
    /// so far, and returns what happens next.
    pub fn handle(
        &mut self,
        mv: Move,
        now: Duration,
        assessment: &Assessment,
    ) -> Result<Vec<Event>, MoveError> {
        if !self.started {
            return Err(MoveError::NotStarted);
        }
        if self.is_done() {
            return Err(MoveError::Over);
        }
        let mut events = Vec::new();
        self.apply(mv, now, assessment, &mut events)?;
        Ok(events)
    }

    fn apply(
        &mut self,
        mv: Move,
        now: Duration,
        assessment: &Assessment,
        events: &mut Vec<Event>,
    ) -> Result<(), MoveError> {
        match mv {
            Move::Answer | Move::Skip => {
                self.answers_in_phase += 1;
                if self.phase == Phase::Debrief {
                    self.finish(now, AdvanceReason::Answers, assessment, events);
                } else if let Some(reason) = self.reason_to_advance(now) {
                    let to = if reason == AdvanceReason::RoundTime {
                        Phase::Debrief
                    } else {
                        self.phase.next()
                    };
                    self.enter(to, reason, now, assessment, events);
                } else if let Some(chosen) = self.choose(assessment) {
                    let target = (chosen.intent.ask == Some(Ask::Gap))
                        .then(|| chosen.intent.targets.first().cloned())
                        .flatten();
                    self.say(
                        InterviewerTurn {
                            phase: self.phase,
                            kind: TurnKind::FollowUp,
                            canonical: chosen.text,
                            target,
                            intent: chosen.intent,
                        },
                        events,
                    );
                } else {
                    self.enter(
                        self.phase.next(),
                        AdvanceReason::Answers,
                        now,
                        assessment,
                        events,
                    );
                }
            }
            Move::Next => {
                if self.phase == Phase::Debrief {
                    self.finish(now, AdvanceReason::Next, assessment, events);
                } else {
                    self.enter(
                        self.phase.next(),
                        AdvanceReason::Next,
                        now,
                        assessment,
                        events,
                    );
                }
            }
            Move::End => {
                if self.phase == Phase::Debrief {
                    return Err(MoveError::AlreadyInDebrief);
                }
                self.enter(Phase::Debrief, AdvanceReason::End, now, assessment, events);
            }
        }
        Ok(())
    }

    /// `/hint`: a nudge on the current question, from the case's facts, and
    /// the criteria the question is about (whose credit the hint costs part
    /// of); `None` where the phase has none (the debrief is the candidate's).
    pub fn hint(&self) -> Option<(String, Vec<String>)> {
        let i = self.phase.index()?;
        let text = self.script.hints[i].clone()?;
        let targets = match self.memory.last_targets() {
            [] => self.script.opening_targets[i].clone(),
            t => t.to_vec(),
        };
        Some((text, targets))
    }

    /// The question policy's pick for the current phase.
    fn choose(&self, assessment: &Assessment) -> Option<policy::Chosen> {
        let i = self.phase.index()?;
        let listening = &self.script.listening;
        let phase_topics: Vec<&str> = self.script.opening_targets[i]
            .iter()
            .chain(self.script.follow_ups[i].iter().flat_map(|f| f.targets()))
            .map(String::as_str)
            .chain(
                listening
                    .gap
                    .ask
                    .iter()
                    .filter(|g| g.phase == self.phase)
                    .map(|g| g.criterion.as_str()),
            )
            .chain(
                assessment
                    .gaps
                    .iter()
                    .filter(|g| g.phase == self.phase)
                    .map(|g| g.criterion.as_str()),
            )
            .collect();
        let asked_later: Vec<&str> = self.script.opening_targets[i + 1..]
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        policy::next(&policy::Context {
            phase: self.phase,
            heard: &assessment.heard,
            follow_ups: &self.script.follow_ups[i],
            gaps: &assessment.gaps,
            listening,
            memory: &self.memory,
            phase_topics: &phase_topics,
            unmet: &assessment.unmet,
            drills_per_claim: self.script.drills_per_claim,
            level_first: &self.script.first,
            asked_later: &asked_later,
            left: self
                .plan
                .max_answers(self.phase)
                .saturating_sub(self.answers_in_phase),
        })
    }

    fn say(&mut self, turn: InterviewerTurn, events: &mut Vec<Event>) {
        self.memory.note(turn.phase, &turn.intent, &turn.canonical);
        events.push(Event::Say(turn));
    }

    fn reason_to_advance(&self, now: Duration) -> Option<AdvanceReason> {
        if now >= self.plan.total {
            return Some(AdvanceReason::RoundTime);
        }
        if now.saturating_sub(self.phase_started) >= self.plan.phase_time(self.phase) {
            return Some(AdvanceReason::PhaseTime);
        }
        if self.answers_in_phase >= self.plan.max_answers(self.phase) {
            return Some(AdvanceReason::Answers);
        }
        None
    }

    fn enter(
        &mut self,
        to: Phase,
        reason: AdvanceReason,
        now: Duration,
        assessment: &Assessment,
        events: &mut Vec<Event>,
    ) {
        events.push(Event::PhaseChanged {
            from: self.phase,
            to,
            reason,
        });
        self.phase = to;
        self.phase_started = now;
        self.answers_in_phase = 0;
        if to == Phase::Done {
            events.push(Event::Finished);
        } else {
            let turn = self.opening(to, &assessment.heard, now);
            self.say(turn, events);
        }
    }

    fn finish(
        &mut self,
        now: Duration,
        reason: AdvanceReason,
        assessment: &Assessment,
        events: &mut Vec<Event>,
    ) {
        let feedback = if assessment.feedback.trim().is_empty() {
            "That's the end of the round. Thank you.".to_string()
        } else {
            assessment.feedback.clone()
        };
        self.say(
            InterviewerTurn {
                phase: Phase::Debrief,
                kind: TurnKind::Feedback,
                canonical: feedback,
                target: None,
                intent: Intent {
                    ask: Some(Ask::Feedback),
                    ..Intent::default()
                },
            },
            events,
        );
        self.enter(Phase::Done, reason, now, assessment, events);
    }

    /// A phase's opening. When the candidate already spoke to what it asks, it
    /// starts from their words; the debrief's says it is early when it is.
    fn opening(&self, phase: Phase, heard: &Heard, now: Duration) -> InterviewerTurn {
        let i = phase.index().unwrap_or_default();
        let listening = &self.script.listening;
        let mut canonical = self.script.openings[i].clone();
        let targets = self.script.opening_targets[i].clone();
        let mut intent = Intent {
            ask: Some(Ask::Opening),
            targets: targets.clone(),
            ..Intent::default()
        };
        if phase == Phase::Debrief {
            let left = self.plan.total.saturating_sub(now);
            if left * 100 > self.plan.total * listening.closing.early_share {
                canonical = listening.closing.early.trim().to_string();
            }
        } else if phase != Phase::Scenario {
            if let Some(quote) = targets.iter().find_map(|t| heard.mentioned.get(t)) {
                canonical = format!(
                    "{}{}",
                    fill(&listening.acknowledge.template, &[("quote", quote)]),
                    canonical
                );
                intent.about = Some(quote.clone());
                intent.acknowledged = true;
            }
        }
        InterviewerTurn {
            phase,
            kind: TurnKind::Opening,
            canonical,
            target: None,
            intent,
        }
    }
}

/// The intent of an interviewer turn saved before intents were recorded: a
/// follow-up with a target was a gap question, one without was the phase's
/// next scripted follow-up (whose targets the script still knows).
fn legacy_intent(
    script: &Script,
    phase: Phase,
    kind: TurnKind,
    target: Option<&str>,
    scripted: &mut usize,
) -> Intent {
    let (ask, follow_up) = match (kind, target) {
        (TurnKind::Opening, _) => (Ask::Opening, None),
        (TurnKind::Feedback, _) => (Ask::Feedback, None),
        // Hints are not questions and are never replayed (resume skips them).
        (TurnKind::FollowUp | TurnKind::Hint, Some(_)) | (TurnKind::Hint, None) => (Ask::Gap, None),
        (TurnKind::FollowUp, None) => {
            *scripted += 1;
            (Ask::Scripted, Some(*scripted - 1))
        }
    };
    let targets = match (target, follow_up) {
        (Some(t), _) => vec![t.to_string()],
        (None, Some(n)) => phase
            .index()
            .and_then(|p| script.follow_ups[p].get(n))
            .map(|f| f.targets().to_vec())
            .unwrap_or_default(),
        (None, None) => Vec::new(),
    };
    Intent {
        ask: Some(ask),
        targets,
        follow_up,
        ..Intent::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::{PromptFiles, PromptSet};

    const MIN: Duration = Duration::from_secs(60);

    fn interview(minutes: u32) -> Interview {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let scenario = set.scenario("ad-click").unwrap();
        Interview::new(
            Plan::new(minutes, &set.interviewer.phases),
            Script::new(scenario, &set.interviewer, &set.listening),
        )
    }

    fn none() -> Assessment {
        Assessment::default()
    }

    fn with_gaps(phase: Phase, ids: &[&str]) -> Assessment {
        Assessment {
            gaps: ids.iter().map(|id| gap(phase, id)).collect(),
            heard: Heard::default(),
            unmet: ids.iter().map(|id| id.to_string()).collect(),
            feedback: "That's the end of the round. By the rubric, this session scores 12.0 out of 100: no hire.".into(),
        }
    }

    fn started() -> Interview {
        let mut i = interview(45);
        i.start(Duration::ZERO);
        i
    }

    fn said(events: &[Event]) -> Vec<(Phase, TurnKind)> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Say(t) => Some((t.phase, t.kind)),
                _ => None,
            })
            .collect()
    }

    fn changes(events: &[Event]) -> Vec<(Phase, Phase, AdvanceReason)> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::PhaseChanged { from, to, reason } => Some((*from, *to, *reason)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_opening_is_remembered_as_the_question_the_first_answer_answers() {
        // A vague first answer is probed on the opening's own topics, which the
        // policy reads from what was last asked.
        let i = started();
        assert!(!i.script.opening_targets[0].is_empty());
        assert_eq!(
            i.memory.last_targets(),
            i.script.opening_targets[0].as_slice()
        );
    }

    #[test]
    fn start_presents_the_scenario_context_and_request() {
        let mut i = interview(45);
        let events = i.start(Duration::ZERO);
        let [Event::Say(turn)] = events.as_slice() else {
            panic!("{events:?}")
        };
        assert_eq!(
            (turn.phase, turn.kind),
            (Phase::Scenario, TurnKind::Opening)
        );
        assert!(turn.canonical.contains("8 billion impressions"));
        assert!(turn.canonical.contains("Design the system end to end"));
    }

    #[test]
    fn moves_before_start_are_refused() {
        assert_eq!(
            interview(45).handle(Move::Answer, MIN, &none()),
            Err(MoveError::NotStarted)
        );
    }

    #[test]
    fn answers_draw_follow_ups_until_the_answer_budget_is_used() {
        let mut i = started();
        for n in 1..=3 {
            let e = i.handle(Move::Answer, MIN * n, &none()).unwrap();
            assert_eq!(
                said(&e),
                [(Phase::Scenario, TurnKind::FollowUp)],
                "answer {n}"
            );
        }
        let e = i.handle(Move::Answer, MIN * 4, &none()).unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Scenario, Phase::Latency, AdvanceReason::Answers)]
        );
        assert_eq!(said(&e), [(Phase::Latency, TurnKind::Opening)]);
    }

    #[test]
    fn schema_probe_follows_latency_probe_and_provenance_follows_schema() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        assert_eq!(i.phase(), Phase::Latency);
        let mut t = 2;
        let mut seen = vec![i.phase()];
        while i.phase() != Phase::Debrief {
            i.handle(Move::Answer, MIN * t, &none()).unwrap();
            t += 1;
            if seen.last() != Some(&i.phase()) {
                seen.push(i.phase());
            }
        }
        assert_eq!(
            seen,
            [
                Phase::Latency,
                Phase::SchemaChange,
                Phase::Provenance,
                Phase::Debrief
            ]
        );
    }

    #[test]
    fn a_probe_allows_as_many_answers_as_it_has_follow_ups_plus_one() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        // ad-click's latency probe has two follow-ups and a budget of three answers.
        assert_eq!(
            said(&i.handle(Move::Answer, MIN * 2, &none()).unwrap()),
            [(Phase::Latency, TurnKind::FollowUp)]
        );
        assert_eq!(
            said(&i.handle(Move::Answer, MIN * 3, &none()).unwrap()),
            [(Phase::Latency, TurnKind::FollowUp)]
        );
        let e = i.handle(Move::Answer, MIN * 4, &none()).unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Latency, Phase::SchemaChange, AdvanceReason::Answers)]
        );
    }

    #[test]
    fn phase_time_budget_moves_on_at_the_next_turn_boundary() {
        let mut i = started();
        // scenario has 33% of 45 min = 14:51.
        let e = i
            .handle(Move::Answer, Duration::from_secs(14 * 60 + 50), &none())
            .unwrap();
        assert_eq!(said(&e), [(Phase::Scenario, TurnKind::FollowUp)]);
        let e = i
            .handle(Move::Answer, Duration::from_secs(14 * 60 + 51), &none())
            .unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Scenario, Phase::Latency, AdvanceReason::PhaseTime)]
        );
    }

    #[test]
    fn phase_clock_restarts_when_a_phase_opens() {
        let mut i = started();
        i.handle(Move::Next, MIN * 2, &none()).unwrap();
        let clock = i.clock(MIN * 5);
        assert_eq!(clock.phase_elapsed, MIN * 3);
        assert_eq!(clock.elapsed, MIN * 5);
        assert_eq!(clock.phase_budget, Duration::from_secs(45 * 60 * 18 / 100));
    }

    #[test]
    fn round_time_sends_the_interview_to_the_debrief() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        let e = i.handle(Move::Answer, MIN * 45, &none()).unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Latency, Phase::Debrief, AdvanceReason::RoundTime)]
        );
        assert_eq!(said(&e), [(Phase::Debrief, TurnKind::Opening)]);
    }

    #[test]
    fn skip_counts_as_a_turn_and_asks_the_next_question() {
        let mut i = started();
        let e = i.handle(Move::Skip, MIN, &none()).unwrap();
        assert_eq!(said(&e), [(Phase::Scenario, TurnKind::FollowUp)]);
    }

    #[test]
    fn end_goes_straight_to_the_debrief_and_cannot_repeat() {
        let mut i = started();
        let e = i.handle(Move::End, MIN, &none()).unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Scenario, Phase::Debrief, AdvanceReason::End)]
        );
        assert_eq!(
            i.handle(Move::End, MIN * 2, &none()),
            Err(MoveError::AlreadyInDebrief)
        );
    }

    #[test]
    fn debrief_answer_gets_feedback_and_finishes() {
        let mut i = started();
        i.handle(Move::End, MIN, &none()).unwrap();
        let e = i.handle(Move::Answer, MIN * 2, &none()).unwrap();
        assert_eq!(said(&e), [(Phase::Debrief, TurnKind::Feedback)]);
        assert_eq!(
            changes(&e),
            [(Phase::Debrief, Phase::Done, AdvanceReason::Answers)]
        );
        assert_eq!(e.last(), Some(&Event::Finished));
        assert!(i.is_done());
        assert_eq!(
            i.handle(Move::Answer, MIN * 3, &none()),
            Err(MoveError::Over)
        );
    }

    #[test]
    fn the_feedback_is_the_one_the_assessment_gives() {
        let mut i = started();
        i.handle(Move::End, MIN, &none()).unwrap();
        let graded = with_gaps(Phase::Latency, &[]);
        let e = i.handle(Move::Answer, MIN * 2, &graded).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!()
        };
        assert_eq!(t.canonical, graded.feedback);
    }

    #[test]
    fn next_in_the_debrief_finishes_with_feedback() {
        let mut i = started();
        i.handle(Move::End, MIN, &none()).unwrap();
        let e = i.handle(Move::Next, MIN, &none()).unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Debrief, Phase::Done, AdvanceReason::Next)]
        );
        assert_eq!(said(&e), [(Phase::Debrief, TurnKind::Feedback)]);
    }

    #[test]
    fn debrief_runs_even_when_the_round_clock_is_over() {
        let mut i = started();
        i.handle(Move::End, MIN * 50, &none()).unwrap();
        let e = i.handle(Move::Answer, MIN * 51, &none()).unwrap();
        assert_eq!(said(&e), [(Phase::Debrief, TurnKind::Feedback)]);
    }

    fn gap(phase: Phase, id: &str) -> Gap {
        Gap {
            phase,
            criterion: id.into(),
            ask: format!("about {id}?"),
        }
    }

    #[test]
    fn once_the_scripted_topics_are_covered_gaps_are_asked_weakest_first_and_once() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        let mut gaps = with_gaps(
            Phase::Latency,
            &["latency_budget_numbers", "budget_split_by_stage"],
        );
        // The failure points asked first (listening.toml's gap.first) are
        // covered here, so the weakest of the rest comes next.
        gaps.heard.covered = [
            "budget_miss_handling",
            "serving_resilience",
            "batch_or_stream_justified",
            "freshness_target",
            "train_serve_skew",
            "backpressure",
            "baseline_first",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let e = i.handle(Move::Answer, MIN * 2, &gaps).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!("{e:?}")
        };
        assert_eq!(t.canonical, "About latency_budget_numbers?");
        assert_eq!(t.target.as_deref(), Some("latency_budget_numbers"));
        assert_eq!(t.intent.ask, Some(Ask::Gap));
        // The same gap offered again is skipped for the next one.
        let e = i.handle(Move::Answer, MIN * 3, &gaps).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!("{e:?}")
        };
        assert_eq!(t.target.as_deref(), Some("budget_split_by_stage"));
    }

    #[test]
    fn the_scenarios_own_follow_up_asks_about_the_weakest_open_topic() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        let mut weakest = Assessment {
            unmet: vec!["budget_miss_handling".into(), "freshness_target".into()],
            ..none()
        };
        // The failure points asked first are covered: the weakest comes next.
        weakest.heard.covered = ["train_serve_skew", "backpressure", "baseline_first"]
            .into_iter()
            .map(String::from)
            .collect();
        let e = i.handle(Move::Answer, MIN * 2, &weakest).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!("{e:?}")
        };
        assert!(
            t.canonical
                .starts_with("A feature lookup misses its budget"),
            "{}",
            t.canonical
        );
        assert_eq!(t.target, None);
        assert_eq!(t.intent.ask, Some(Ask::Scripted));
        assert_eq!(
            t.intent.targets,
            ["budget_miss_handling", "serving_resilience"]
        );
    }

    #[test]
    fn the_failure_points_every_interviewer_checks_come_before_the_weakest_topic() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        let weakest = Assessment {
            unmet: vec!["budget_miss_handling".into(), "train_serve_skew".into()],
            ..none()
        };
        let t = said_turn(&i.handle(Move::Answer, MIN * 2, &weakest).unwrap());
        assert_eq!(t.intent.targets, ["train_serve_skew"], "{t:?}");
    }

    #[test]
    fn gaps_are_asked_only_in_their_own_probe() {
        let mut i = started();
        let scenario = with_gaps(Phase::Latency, &["x"]);
        let e = i.handle(Move::Answer, MIN, &scenario).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!()
        };
        assert_ne!(
            t.target.as_deref(),
            Some("x"),
            "a latency gap is not asked in the scenario phase"
        );
        i.handle(Move::Next, MIN * 2, &none()).unwrap();
        let provenance = with_gaps(Phase::Provenance, &["y"]);
        let e = i.handle(Move::Answer, MIN * 3, &provenance).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!()
        };
        assert_ne!(
            t.target.as_deref(),
            Some("y"),
            "a provenance gap waits for its probe"
        );
    }

    #[test]
    fn gaps_extend_a_probe_up_to_its_answer_budget() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        let gaps = with_gaps(Phase::Latency, &["a", "b", "c"]);
        for n in 2..=3 {
            assert_eq!(
                said(&i.handle(Move::Answer, MIN * n, &gaps).unwrap()),
                [(Phase::Latency, TurnKind::FollowUp)]
            );
        }
        let e = i.handle(Move::Answer, MIN * 4, &gaps).unwrap();
        assert_eq!(
            changes(&e),
            [(Phase::Latency, Phase::SchemaChange, AdvanceReason::Answers)]
        );
    }

    fn log_of(i: &mut Interview, moves: &[(Move, u64)]) -> Vec<Logged> {
        let mut log = Vec::new();
        let record = |events: Vec<Event>, at: Duration, log: &mut Vec<Logged>| {
            for e in events {
                match e {
                    Event::PhaseChanged { to, .. } => log.push(Logged::Phase { to, at }),
                    Event::Say(t) => log.push(Logged::Interviewer {
                        kind: t.kind,
                        target: t.target,
                        text: t.canonical,
                        phase: t.phase,
                        intent: Some(t.intent),
                    }),
                    Event::Finished => {}
                }
            }
        };
        record(i.start(Duration::ZERO), Duration::ZERO, &mut log);
        for &(mv, m) in moves {
            let at = MIN * m as u32;
            if matches!(mv, Move::Answer | Move::Skip) {
                log.push(Logged::Candidate {
                    skipped: mv == Move::Skip,
                    at,
                });
            }
            let events = i.handle(mv, at, &none()).unwrap();
            record(events, at, &mut log);
        }
        log
    }

    fn restored(log: &[Logged]) -> (Interview, Resumption) {
        let fresh = interview(45);
        Interview::restore(fresh.plan.clone(), fresh.script.clone(), log)
    }

    #[test]
    fn restore_after_a_question_awaits_its_answer_with_the_same_state() {
        let mut live = started_fresh();
        let log = log_of(
            &mut live,
            &[(Move::Answer, 1), (Move::Next, 2), (Move::Answer, 3)],
        );
        let (mut back, next) = restored(&log);
        let Resumption::Await(q) = next else {
            panic!("{next:?}")
        };
        assert_eq!((q.phase, q.kind), (Phase::Latency, TurnKind::FollowUp));
        assert_eq!(back.phase(), Phase::Latency);
        assert_eq!(back.clock(MIN * 4).phase_elapsed, MIN * 2);
        // The restored machine continues exactly as the live one would.
        assert_eq!(
            back.handle(Move::Answer, MIN * 4, &none()),
            live.handle(Move::Answer, MIN * 4, &none())
        );
        assert_eq!(
            back.handle(Move::Answer, MIN * 5, &none()),
            live.handle(Move::Answer, MIN * 5, &none())
        );
    }

    #[test]
    fn restore_after_an_unanswered_answer_reapplies_it_once() {
        let mut live = started_fresh();
        let mut log = log_of(&mut live, &[(Move::Answer, 1)]);
        // Killed after the second answer was saved, before the interviewer replied.
        log.push(Logged::Candidate {
            skipped: false,
            at: MIN * 2,
        });
        let (mut back, next) = restored(&log);
        assert_eq!(next, Resumption::Apply(Move::Answer, MIN * 2));
        assert_eq!(
            back.handle(Move::Answer, MIN * 2, &none()),
            live.handle(Move::Answer, MIN * 2, &none())
        );
    }

    #[test]
    fn restore_after_a_phase_change_without_its_question_opens_the_phase() {
        let mut live = started_fresh();
        let mut log = log_of(&mut live, &[(Move::Next, 1)]);
        log.pop();
        let (_, next) = restored(&log);
        let Resumption::Open(q) = next else {
            panic!("{next:?}")
        };
        assert_eq!((q.phase, q.kind), (Phase::Latency, TurnKind::Opening));
    }

    #[test]
    fn restore_remembers_targeted_gaps_and_finished_rounds() {
        let mut live = started();
        live.handle(Move::Next, MIN, &none()).unwrap();
        let g = with_gaps(Phase::Latency, &["g"]);
        let mut log = log_of(&mut started_fresh(), &[(Move::Next, 1)]);
        log.push(Logged::Candidate {
            skipped: false,
            at: MIN * 2,
        });
        log.extend(
            live.handle(Move::Answer, MIN * 2, &g)
                .unwrap()
                .into_iter()
                .filter_map(|e| match e {
                    Event::Say(t) => Some(Logged::Interviewer {
                        kind: t.kind,
                        target: t.target,
                        text: t.canonical,
                        phase: t.phase,
                        intent: Some(t.intent),
                    }),
                    _ => None,
                }),
        );
        let (mut back, _) = restored(&log);
        let e = back.handle(Move::Answer, MIN * 3, &g).unwrap();
        let Some(Event::Say(t)) = e.first() else {
            panic!()
        };
        assert_ne!(
            t.target.as_deref(),
            Some("g"),
            "a gap is not asked twice across a resume"
        );

        let done = log_of(&mut started_fresh(), &[(Move::End, 1), (Move::Answer, 2)]);
        assert_eq!(restored(&done).1, Resumption::Done);
        let mut cut = done.clone();
        cut.pop();
        assert_eq!(restored(&cut).1, Resumption::Finish);
    }

    fn started_fresh() -> Interview {
        interview(45)
    }

    /// What was heard: one contradiction and one claim to drill into.
    fn heard_something() -> Assessment {
        use heard::{Claim, ClaimKind, Conflict, Contradiction};
        let mut a = none();
        a.heard.last_answer = Some(2);
        a.heard.contradictions = vec![Contradiction {
            id: "case:label_final".into(),
            quote: "the label is final at 10 minutes".into(),
            conflict: Conflict::Case {
                fact: "in this case a label can take up to 30 minutes to arrive".into(),
            },
            criteria: vec!["label_defined".into()],
            seq: 2,
        }];
        a.heard.claims = vec![Claim {
            kind: ClaimKind::Component {
                name: "Redis".into(),
                role: "cache".into(),
            },
            quote: "features in Redis at 10 ms".into(),
            key: "component:redis".into(),
            seq: 2,
            criteria: Vec::new(),
        }];
        a
    }

    fn said_turn(e: &[Event]) -> InterviewerTurn {
        e.iter()
            .find_map(|e| match e {
                Event::Say(t) => Some(t.clone()),
                _ => None,
            })
            .expect("a turn")
    }

    #[test]
    fn what_was_heard_is_asked_about_once_and_resume_remembers_it() {
        let heard = heard_something();
        let mut live = started();
        let first = said_turn(&live.handle(Move::Answer, MIN, &heard).unwrap());
        assert_eq!(first.intent.ask, Some(Ask::Contradiction), "{first:?}");
        assert!(
            first
                .canonical
                .contains("\"the label is final at 10 minutes\"")
        );
        // A listening move, then a topic of the phase: not the same contradiction.
        let second = said_turn(&live.handle(Move::Answer, MIN * 2, &heard).unwrap());
        assert_eq!(second.intent.ask, Some(Ask::Gap), "{second:?}");

        // The same round, restored after the contradiction was raised: it is not
        // raised again.
        let mut log = log_of(&mut started_fresh(), &[]);
        log.push(Logged::Candidate {
            skipped: false,
            at: MIN,
        });
        log.push(Logged::Interviewer {
            kind: first.kind,
            target: first.target.clone(),
            text: "a model's wording of it".into(),
            phase: first.phase,
            intent: Some(first.intent.clone()),
        });
        log.push(Logged::Candidate {
            skipped: false,
            at: MIN * 2,
        });
        let (mut back, next) = restored(&log);
        assert_eq!(next, Resumption::Apply(Move::Answer, MIN * 2));
        let again = said_turn(&back.handle(Move::Answer, MIN * 2, &heard).unwrap());
        assert_ne!(again.intent.ask, Some(Ask::Contradiction), "{again:?}");
    }

    #[test]
    fn plan_splits_minutes_by_share() {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let plan = Plan::new(10, &set.interviewer.phases);
        assert_eq!(plan.total, MIN * 10);
        assert_eq!(plan.phase_time(Phase::Scenario), Duration::from_secs(198));
        assert_eq!(plan.phase_time(Phase::Done), Duration::ZERO);
        assert_eq!(plan.max_answers(Phase::Latency), 3);
    }

    #[test]
    fn prompt_tag_shows_phase_and_clock() {
        let mut i = started();
        i.handle(Move::Next, MIN, &none()).unwrap();
        assert_eq!(
            i.clock(Duration::from_secs(17 * 60 + 40)).prompt_tag(),
            "[latency 17:40/45:00]"
        );
    }

    #[test]
    fn describe_reports_what_is_left() {
        let i = started();
        let text = i.clock(MIN * 5).describe();
        assert_eq!(
            text,
            "scenario: 5:00 of 14:51 used in this phase (9:51 left); round: 5:00 of 45:00 (40:00 left)"
        );
    }
}
