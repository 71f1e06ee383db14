//! `interviewer history [--scenario ID]`: progress across saved sessions. Every
//! session is graded with the current rubric, so scores compare like with like.

use std::io::Write;

use crate::cli::HistoryArgs;
use crate::progress::{Point, render};
use crate::transcript::Role;
use crate::transcript::library;
use crate::vocab::Phase;

pub fn run(args: &HistoryArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    if let Some(id) = &args.scenario {
        prompts.scenario(id)?;
    }
    let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
    let dir = crate::wiring::transcripts_dir(&args.dir)?;
    let mut entries = library::list(&dir)?;
    entries.reverse();
    let mut points = Vec::new();
    let mut left_out = 0;
    for e in entries {
        let t = match e.transcript {
            Ok(t) => t,
            Err(err) => {
                eprintln!(
                    "skipped: {}",
                    crate::sanitize::for_terminal(&err.to_string())
                );
                continue;
            }
        };
        if args
            .scenario
            .as_ref()
            .is_some_and(|s| *s != t.header.scenario)
        {
            continue;
        }
        if !t.turns().any(|x| x.role == Role::Candidate && !x.skipped) {
            continue;
        }
        // A session abandoned in the scenario phase says little about any
        // dimension; counting it would swing every trend.
        if !t.phases().iter().any(|p| *p != Phase::Scenario) {
            left_out += 1;
            continue;
        }
        points.push(Point {
            report: crate::grade::grade_transcript(&rubric, prompts.facts(&t.header.scenario), &t),
            session: t.header.session,
            scenario: t.header.scenario,
            started_at: t.header.started_at,
        });
    }
    let scenarios: Vec<String> = match &args.scenario {
        Some(id) => vec![id.clone()],
        None => prompts.scenarios().map(|s| s.id.clone()).collect(),
    };
    write!(out, "{}", render(&points, &scenarios, left_out))?;
    Ok(0)
}
