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
    // The candidate's own ratings, beside the grade, when they gave them.
    let ratings = crate::workspace::self_ratings(&path)
        .map(|r| crate::calibration::beside_the_grade(&report, &r))
        .unwrap_or_default();
    let text = match args.format {
        ReportFormat::Md => with_ratings_md(crate::share::markdown(&t, &view), &ratings),
        ReportFormat::Html => {
            let dir = path.parent().unwrap_or(std::path::Path::new("."));
            let extra = format!(
                "{}{}",
                ratings_html(&ratings),
                progress_html(dir, &prompts, &rubric)
            );
            crate::share::html_with(&t, &view, &extra)
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

/// The Markdown report with the candidate's ratings before the transcript.
fn with_ratings_md(md: String, ratings: &str) -> String {
    if ratings.is_empty() {
        return md;
    }
    let block = ratings
        .trim()
        .lines()
        .skip(1)
        .map(|l| format!("- {}", crate::markdown::text(l.trim())))
        .collect::<Vec<_>>()
        .join("\n");
    md.replacen(
        "\n## Transcript",
        &format!("\n## Your ratings beside the grade (1–5)\n\n{block}\n\n## Transcript"),
        1,
    )
}

/// The candidate's ratings beside the grade, as an HTML section.
fn ratings_html(ratings: &str) -> String {
    if ratings.is_empty() {
        return String::new();
    }
    format!(
        "<h2>Your ratings beside the grade (1–5)</h2>\n<ul class=\"criteria\">{}</ul>\n",
        ratings
            .trim()
            .lines()
            .skip(1)
            .map(|l| format!("<li>{}</li>", crate::share::esc(l.trim())))
            .collect::<String>()
    )
}

/// The sessions beside this one, graded, as a chart per dimension.
fn progress_html(
    dir: &std::path::Path,
    prompts: &crate::prompts::PromptSet,
    rubric: &crate::rubric::Rubric,
) -> String {
    let charts = crate::workspace::sessions(dir, prompts, rubric, None)
        .map(|s| crate::progress::plot::svg(&s.points, &crate::share::esc))
        .unwrap_or_default();
    if charts.is_empty() {
        return charts;
    }
    format!(
        "<h2>Progress over your sessions</h2>\n<p class=\"meta\">Each dimension's score per session, oldest first; dots are your own ratings (1–5, scaled).</p>\n{charts}\n"
    )
}
