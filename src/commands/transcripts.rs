//! `interviewer transcripts list`: saved sessions, newest first.

use std::io::Write;

use crate::cli::DirArgs;
use crate::sanitize::for_terminal;
use crate::transcript::library;
use crate::vocab::mmss;

/// `prompts_dir` is the global `--prompts`: cases of one's own are named from it.
pub fn list(
    args: &DirArgs,
    prompts_dir: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let dir = crate::workspace::transcripts_dir(args)?;
    let entries = library::list(&dir)?;
    if entries.is_empty() {
        writeln!(
            out,
            "no saved sessions in {} (run `interviewer` to start one)",
            dir.display()
        )?;
        return Ok(0);
    }
    // Cases by their names; a case that is no longer in the prompts keeps its id.
    let cases = crate::disk::prompt_set(prompts_dir).ok();
    let case_name = |id: &str| {
        cases
            .as_ref()
            .and_then(|set| set.scenario(id).ok())
            .map_or_else(|| id.to_string(), |s| s.title.clone())
    };
    let mut rows = Vec::new();
    for e in &entries {
        let id = for_terminal(&e.id);
        let t = match &e.transcript {
            Ok(t) => t,
            Err(err) => {
                rows.push(vec![
                    id,
                    String::new(),
                    // One line in a table cell: the error without its fix line.
                    format!(
                        "unreadable: {}",
                        for_terminal(err.to_string().lines().next().unwrap_or_default())
                    ),
                ]);
                continue;
            }
        };
        rows.push(row(id, &e.path, t, &case_name(&t.header.scenario)));
    }
    use crate::table::Align::{Left, Right};
    let table = crate::table::render(
        &["ID", "DATE", "CASE", "BACKEND", "TIME", "REACHED", "SCORE"],
        &[Left, Left, Left, Left, Right, Left, Left],
        &rows,
        crate::terminal::width(),
    );
    write!(out, "{table}")?;
    Ok(0)
}

/// A readable session's row: id, date, case, backend, time, how far it got,
/// and its saved grade.
fn row(
    id: String,
    path: &std::path::Path,
    t: &crate::transcript::Transcript,
    case: &str,
) -> Vec<String> {
    let h = &t.header;
    let date = for_terminal(&h.started_at)
        .replace('T', " ")
        .chars()
        .take(16)
        .collect::<String>();
    let backend = match &h.model {
        Some(m) => format!("{}/{}", h.backend, m),
        None => h.backend.clone(),
    };
    let duration = mmss(std::time::Duration::from_millis(t.elapsed_ms()));
    let reached = format!(
        "{} ({})",
        t.phases().last().map_or("scenario", |p| p.as_str()),
        t.end_reason().map_or("no end: killed", |r| r.as_str())
    );
    let score = library::saved_grade(path).map_or_else(
        || "-".to_string(),
        |(s, v)| for_terminal(&format!("{s} {}", v.replace('_', " "))),
    );
    vec![
        id,
        date,
        for_terminal(case),
        for_terminal(&backend),
        duration,
        reached,
        score,
    ]
}
