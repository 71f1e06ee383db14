//! `interviewer resume ID|--last`: continue an interview that stopped early. The
//! state machine is rebuilt from the transcript, the conversation so far becomes
//! the interviewer's context again (the LLM's, when a server answers; else the
//! built-in interviewer continues), and new turns append to the same file.

use std::time::Duration;

use crate::cli::ResumeArgs;
use crate::interview::{Interview, Logged, Plan, Resumption, Script};
use crate::session::{Start, SystemClock};
use crate::transcript::{EndReason, Record, Role, Transcript, TranscriptWriter};
use crate::vocab::{TurnKind, mmss};

use crate::runner::{self, Drive};

#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error(
        "cannot resume {session}: its scenario '{scenario}' is not in the current prompts (renamed or removed; valid: {valid})\n  fix: replay it instead (`interviewer replay {session}`), or pass --prompts with the prompt set it was recorded with"
    )]
    ScenarioGone {
        session: String,
        scenario: String,
        valid: String,
    },
}

/// What the state machine needs from a transcript's records.
pub fn logged(t: &Transcript) -> Vec<Logged> {
    t.records
        .iter()
        .filter_map(|r| match r {
            Record::Phase(p) => Some(Logged::Phase {
                to: p.to,
                at: Duration::from_millis(p.elapsed_ms),
            }),
            // A hint is not a question: the machine never asked it.
            Record::Turn(turn) if turn.kind == Some(TurnKind::Hint) => None,
            Record::Turn(turn) if turn.role == Role::Interviewer => Some(Logged::Interviewer {
                kind: turn.kind?,
                target: turn.target.clone(),
                text: turn.text.clone(),
                phase: turn.phase,
                intent: turn.intent.clone(),
            }),
            Record::Turn(turn) => Some(Logged::Candidate {
                skipped: turn.skipped,
                at: Duration::from_millis(turn.elapsed_ms),
            }),
            _ => None,
        })
        .collect()
}

pub fn run(args: &ResumeArgs) -> anyhow::Result<u8> {
    let (path, t) = crate::workspace::open_session(&args.session)?;
    // Printed below: a crafted header must not reach the terminal raw.
    let session = crate::sanitize::for_terminal(&t.header.session);
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    let scenario = prompts
        .scenario(&t.header.scenario)
        .map_err(|_| ResumeError::ScenarioGone {
            session: session.clone(),
            scenario: t.header.scenario.clone(),
            valid: prompts
                .scenarios()
                .map(|s| s.id.clone())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    // Asked and judged at the level it began at.
    let shape = prompts.level_shape(t.header.level());
    let plan = Plan::new(t.header.minutes, &prompts.interviewer.phases).for_level(&shape);
    let (interview, next) = Interview::restore(
        plan,
        Script::new(scenario, &prompts.interviewer, &prompts.listening).for_level(&shape),
        &logged(&t),
    );
    // A finished round with no completed end record (killed between its last
    // lines, or a signal that landed as the last one was written) is closed and
    // graded below instead of refused.
    let finished_unsaved = next == Resumption::Done && t.end_reason() != Some(EndReason::Completed);
    if (next == Resumption::Done && !finished_unsaved)
        || t.end_reason() == Some(EndReason::Completed)
    {
        crate::status!(
            "{session} is already complete; there is nothing to resume.\n  replay it with `interviewer replay {session}`, or share it with `interviewer report {session}`"
        );
        return Ok(1);
    }
    let elapsed = announce(&t, &path, scenario, &session);
    let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
    let rubric = crate::grade::at_level(&rubric, t.header.level())?.into_owned();
    let (backend, speaking) =
        crate::provider::interviewer_for(&args.server, args.offline, &prompts, scenario, &rubric)?;
    // Only now, with everything else ready, is the file touched.
    let last_seq = t.records.last().map_or(0, Record::seq);
    let signals = crate::runner::signals()?;
    let writer = TranscriptWriter::reopen(&path, last_seq)?;
    // The conversation so far is the LLM's context again.
    let history = t.turns().cloned().collect();
    runner::drive(
        Drive {
            header: &t.header,
            rubric: &rubric,
            facts: Some(&scenario.facts),
            listening: &prompts.listening,
            interview,
            backend,
            writer,
            signals,
            clock: SystemClock::resumed(elapsed),
            no_history: args.no_history,
            speaking,
            prompts_dir: args.prompts.prompts.as_deref(),
            examples: crate::workspace::strong_examples(&rubric, &prompts, &scenario.id),
        },
        Start::Resumed {
            history,
            next: Box::new(next),
        },
    )
}

/// Says what the resumed session is: a torn last line dropped, a scenario file
/// that changed since, and where the clock stands (returned).
fn announce(
    t: &Transcript,
    path: &std::path::Path,
    scenario: &crate::prompts::Scenario,
    session: &str,
) -> Duration {
    if let Some(torn) = &t.torn {
        crate::status!(
            "{}; the interview resumes from the last complete turn",
            crate::sanitize::for_terminal(&torn.note(&path.display().to_string()))
        );
    }
    if scenario.sha256 != t.header.scenario_sha256 {
        crate::status!(
            "note: the scenario file changed since this session began; the remaining questions come from the current version"
        );
    }
    let elapsed = Duration::from_millis(t.elapsed_ms());
    crate::status!(
        "resuming {session} ({}, {} minutes) at {}",
        crate::sanitize::for_terminal(&t.header.scenario),
        t.header.minutes,
        mmss(elapsed)
    );
    elapsed
}
