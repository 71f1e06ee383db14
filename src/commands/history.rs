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
    let dir = crate::workspace::transcripts_dir(&args.dir)?;
    let sessions = crate::workspace::sessions(&dir, &prompts, &rubric, args.scenario.as_deref())?;
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
        crate::workspace::practice_pick(&prompts, &sessions)
    };
    if args.plot {
        write!(out, "{}", crate::progress::plot::plot(&sessions.points))?;
        return Ok(0);
    }
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
    let retried = retries(&dir, args.scenario.as_deref());
    if !retried.is_empty() {
        writeln!(
            out,
            "\nPoints re-answered with `interviewer retry` (newest last; sessions keep their grade):"
        )?;
        for (session, line) in retried.iter().rev().take(RETRIES_SHOWN).rev() {
            writeln!(out, "  {session}: {line}")?;
        }
    }
    Ok(0)
}

/// How many re-answered points `history` lists.
const RETRIES_SHOWN: usize = 8;

/// Every attempt kept beside the sessions in `dir` (`<session>.retries.json`),
/// oldest first, as (session, its one-line result); of one case with `only`.
/// A file that cannot be read is passed over: the sessions are what counts.
fn retries(dir: &std::path::Path, only: Option<&str>) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".retries.json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let session = f
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_end_matches(".retries.json")
                    .to_string()
            })
            .unwrap_or_default();
        if only.is_some_and(|id| !session.contains(&format!("-{id}-"))) {
            continue;
        }
        let Ok(text) = crate::disk::read_text(&f, 16 * 1024 * 1024, "a file of attempts") else {
            continue;
        };
        let Ok(serde_json::Value::Array(items)) = serde_json::from_str(&text) else {
            continue;
        };
        for item in items {
            if let Some(line) = item["line"].as_str() {
                out.push((
                    crate::sanitize::for_terminal(&session),
                    crate::sanitize::for_terminal(line),
                ));
            }
        }
    }
    out
}
