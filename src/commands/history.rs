//! `interviewer history [--scenario ID]`: progress across saved sessions. Every
//! session is graded with the current rubric, so scores compare like with like.

use std::io::Write;

use crate::cli::HistoryArgs;
use crate::progress::render;

pub fn run(args: &HistoryArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    if let Some(id) = &args.scenario {
        prompts.scenario(id)?;
    }
    let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
    let dir = crate::wiring::transcripts_dir(&args.dir)?;
    let sessions = crate::wiring::sessions(&dir, &prompts, &rubric, args.scenario.as_deref())?;
    for why in &sessions.skipped {
        crate::status!("skipped: {why}");
    }
    let scenarios: Vec<String> = match &args.scenario {
        Some(id) => vec![id.clone()],
        None => prompts.scenarios().map(|s| s.id.clone()).collect(),
    };
    // The pick looks at every case and every session, as `interviewer` does,
    // so the suggestion here is the case a plain `interviewer` starts.
    let next = if args.scenario.is_some() {
        None
    } else {
        crate::wiring::practice_pick(&prompts, &sessions)
    };
    write!(
        out,
        "{}",
        render(
            &sessions.points,
            &scenarios,
            sessions.left_out,
            next.as_ref()
        )
    )?;
    Ok(0)
}
