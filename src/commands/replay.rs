//! `interviewer replay ID|FILE`: play a saved interview back. Never writes.

use std::io::Write;
use std::time::Duration;

use crate::cli::{Pace, ReplayArgs};

pub fn run(args: &ReplayArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let (_, t) = crate::workspace::open_session(&args.session)?;
    // The case's name is a nicety: broken prompts must not stop a replay.
    let title = crate::disk::prompt_set(args.prompts.prompts.as_deref())
        .ok()
        .and_then(|p| p.scenario(&t.header.scenario).ok().map(|s| s.title.clone()));
    let earned = if args.grade {
        let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
        let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
        crate::replay::earned_by_turn(&crate::grade::grade_transcript(
            &rubric,
            crate::workspace::case_facts(&prompts, &t.header.scenario),
            &t,
        ))
    } else {
        Default::default()
    };
    let mut last = 0;
    for chunk in crate::replay::render(
        &t,
        title.as_deref(),
        &earned,
        crate::terminal::prose_width(),
    ) {
        let gap = Duration::from_millis(chunk.at_ms.saturating_sub(last));
        last = last.max(chunk.at_ms);
        let pause = match args.pace {
            Pace::Fast => Duration::ZERO,
            Pace::Realtime => gap,
            // Checked: a factor near zero would overflow a Duration.
            Pace::Times(n) => {
                Duration::try_from_secs_f64(gap.as_secs_f64() / n).unwrap_or(Duration::MAX)
            }
        };
        if !pause.is_zero() {
            out.flush()?;
            std::thread::sleep(pause);
        }
        out.write_all(chunk.text.as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}
