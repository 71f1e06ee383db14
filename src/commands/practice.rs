//! `interviewer practice`: what to practise next and why. The case is the one
//! that stresses your weakest dimension (the same pick a plain `interviewer`
//! starts); the level moves up after two hires in your last three rounds at
//! it and down after two no-hires; the dimension you rate furthest from its
//! grade is named so you check your own judgement there.

use std::io::Write;

use crate::cli::PracticeArgs;
use crate::sanitize::for_terminal;

pub fn run(args: &PracticeArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
    let dir = crate::workspace::transcripts_dir(&args.dir)?;
    let sessions = crate::workspace::sessions(&dir, &prompts, &rubric, None)?;
    let levels: Vec<String> = rubric.levels.iter().map(|l| l.id.clone()).collect();
    let recent: Vec<(String, String)> = sessions
        .points
        .iter()
        .map(|p| (p.report.rubric.level.clone(), p.report.verdict.clone()))
        .collect();
    let current = match &args.level {
        Some(l) => rubric.at_level(l.trim())?.level().id.clone(),
        None => recent.last().map_or_else(
            || crate::rubric::DEFAULT_LEVEL.to_string(),
            |(l, _)| l.clone(),
        ),
    };
    let (level, level_why) = crate::practice::next_level(&levels, &recent, &current);
    let Some(pick) = crate::workspace::practice_pick(&prompts, &sessions) else {
        anyhow::bail!(
            "the prompt set has no scenarios\n  fix: add one with `interviewer scenarios new ID`"
        );
    };
    writeln!(
        out,
        "Next: {} ({}) at {level} level.",
        for_terminal(&pick.title),
        pick.id
    )?;
    writeln!(out, "  The case: {}.", pick.reason())?;
    writeln!(out, "  The level: {level_why}.")?;
    let rated: Vec<(&crate::grade::Report, &crate::calibration::SelfRatings)> = sessions
        .points
        .iter()
        .filter_map(|p| Some((&p.report, p.ratings.as_ref()?)))
        .collect();
    let gaps = crate::calibration::gaps(&rated);
    match gaps
        .iter()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .filter(|g| g.1.abs() >= 0.5)
    {
        Some((title, gap, n)) => writeln!(
            out,
            "  Your judgement: you {} {title} by ~{:.1} points over {n} rated session{}; rate it first next time, then compare.",
            if *gap > 0.0 {
                "over-rate"
            } else {
                "under-rate"
            },
            gap.abs(),
            if *n == 1 { "" } else { "s" }
        )?,
        None if rated.is_empty() => writeln!(
            out,
            "  Your judgement: no rated sessions yet; rate yourself when a round ends to see where you misjudge."
        )?,
        None => writeln!(
            out,
            "  Your judgement: your ratings match the grade within half a point."
        )?,
    }
    writeln!(
        out,
        "Start it with: interviewer --scenario {} --level {level}",
        pick.id
    )?;
    Ok(0)
}
