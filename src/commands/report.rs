//! `interviewer report ID|FILE [--format md|html] [-o PATH]`. Never modifies the transcript.

use std::io::Write;

use anyhow::Context as _;

use crate::cli::{ReportArgs, ReportFormat};
use crate::grade::view::View;
use crate::sanitize::for_terminal;

pub fn run(args: &ReportArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let (path, t) = crate::workspace::open_session(&args.session)?;
    if let Some(torn) = &t.torn {
        crate::status!("{}", for_terminal(&torn.note(&path.display().to_string())));
    }
    let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    let report = crate::grade::grade_transcript(
        &rubric,
        crate::workspace::case_facts(&prompts, &t.header.scenario),
        &t,
    );
    let view = View::new(&report).with_examples(crate::workspace::strong_examples(
        &rubric,
        &prompts,
        &t.header.scenario,
    ));
    let text = match args.format {
        ReportFormat::Md => crate::share::markdown(&t, &view),
        ReportFormat::Html => {
            // The sessions beside this one, graded, for the progress charts.
            let dir = path.parent().unwrap_or(std::path::Path::new("."));
            let progress = crate::workspace::sessions(dir, &prompts, &rubric, None)
                .map(|s| crate::progress::plot::svg(&s.points, &crate::share::esc))
                .unwrap_or_default();
            crate::share::html_with(&t, &view, &progress)
        }
    };
    match &args.output {
        Some(p) => {
            // All at once and private: a full disk leaves the old file or
            // none, and an interview record is nobody else's to read.
            crate::disk::write_atomic(p, text.as_bytes()).with_context(|| {
                format!(
                    "cannot write the report to {}\n  fix: pass -o a path in a writable directory",
                    p.display()
                )
            })?;
            crate::status!("report written: {}", p.display());
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}
