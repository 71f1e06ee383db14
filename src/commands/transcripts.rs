//! `interviewer transcripts list`: saved sessions, newest first.

use std::io::Write;

use crate::cli::DirArgs;
use crate::sanitize::for_terminal;
use crate::transcript::library;
use crate::vocab::mmss;

pub fn list(args: &DirArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let dir = crate::wiring::transcripts_dir(args)?;
    let entries = library::list(&dir)?;
    if entries.is_empty() {
        writeln!(
            out,
            "no saved sessions in {} (run `interviewer` to start one)",
            dir.display()
        )?;
        return Ok(0);
    }
    let width = entries
        .iter()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    writeln!(
        out,
        "{:<width$}  {:<16}  {:<22}  {:<18}  {:>8}  {:<24}  SCORE",
        "ID", "DATE", "SCENARIO", "BACKEND", "DURATION", "REACHED"
    )?;
    for e in &entries {
        let id = for_terminal(&e.id);
        let t = match &e.transcript {
            Ok(t) => t,
            Err(err) => {
                writeln!(
                    out,
                    "{id:<width$}  unreadable: {}",
                    for_terminal(&err.to_string())
                )?;
                continue;
            }
        };
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
        let score = library::saved_grade(&e.path).map_or_else(
            || "-".to_string(),
            |(s, v)| for_terminal(&format!("{s} {v}")),
        );
        writeln!(
            out,
            "{id:<width$}  {date:<16}  {:<22}  {:<18}  {duration:>8}  {reached:<24}  {score}",
            for_terminal(&h.scenario),
            for_terminal(&backend)
        )?;
    }
    Ok(0)
}
