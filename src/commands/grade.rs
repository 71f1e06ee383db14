//! `interviewer grade FILE|DIR...`: grade saved transcripts against the rubric.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{Format, GradeArgs};
use crate::commands::{EXIT_FAILURE, EXIT_USAGE};
use crate::grade::view::View;
use crate::grade::{self, Report, render};
use crate::rubric::Rubric;
use crate::transcript::library::{self, Query};
use crate::transcript::store;

/// The transcript files the arguments name: files as given, directories'
/// `*.jsonl` files in name order, anything else as a saved session's id (or a
/// unique part of one), and `--last` as the newest session.
fn expand(args: &GradeArgs) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let dir = || crate::wiring::transcripts_dir(&args.dir);
    if args.last {
        out.push(library::resolve(&dir()?, &Query::Last)?);
    }
    for t in &args.targets {
        let p = Path::new(t);
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read directory {}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|x| x == "jsonl") && f.is_file())
                .collect();
            found.sort();
            out.extend(found);
        } else if p.exists() || t.ends_with(".jsonl") || t.contains('/') {
            out.push(p.to_path_buf());
        } else {
            out.push(library::resolve(&dir()?, &Query::Text(t.clone()))?);
        }
    }
    Ok(out)
}

/// Grades one parsed transcript file.
pub fn grade_file(
    rubric: &Rubric,
    path: &Path,
) -> Result<(Report, Option<String>), store::StoreError> {
    let t = store::read(path)?;
    let note = t
        .torn
        .as_ref()
        .map(|torn| torn.note(&path.display().to_string()));
    Ok((grade::grade_transcript(rubric, &t), note))
}

pub fn run(args: &GradeArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let rubric = crate::disk::rubric(args.rubric.as_deref(), args.prompts.prompts.as_deref())?;
    let files = expand(args)?;
    if files.is_empty() {
        eprintln!(
            "error: no transcripts found in {}\n  fix: pass .jsonl transcript files, directories holding them, or session ids",
            args.targets.join(", ")
        );
        return Ok(EXIT_USAGE);
    }
    let mut reports = Vec::new();
    let mut bad = false;
    for f in &files {
        match grade_file(&rubric, f) {
            Ok((r, note)) => {
                if let Some(n) = note {
                    eprintln!("{}", crate::sanitize::for_terminal(&n));
                }
                reports.push(r);
            }
            Err(e) => {
                eprintln!("error: {}", crate::sanitize::for_terminal(&e.to_string()));
                bad = true;
            }
        }
    }
    let color = args.format == Format::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match args.format {
        Format::Text => {
            for (i, r) in reports.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(
                    out,
                    "{}",
                    render::text(&View::new(r), render::Style { color })
                )?;
            }
        }
        Format::Md => {
            for r in &reports {
                writeln!(out, "{}", render::markdown(&View::new(r)))?;
            }
        }
        Format::Json => {
            for r in &reports {
                writeln!(out, "{}", render::json_line(r))?;
            }
        }
        Format::Junit => write!(out, "{}", render::junit(&reports))?,
    }
    out.flush()?;
    if bad {
        return Ok(EXIT_USAGE);
    }
    if let Some(min) = args.min_score {
        let below: Vec<&Report> = reports
            .iter()
            .filter(|r| r.score.tenths() < min * 10)
            .collect();
        if !below.is_empty() {
            for r in &below {
                eprintln!(
                    "below --min-score {min}: {} scored {}",
                    r.transcript.session, r.score
                );
            }
            return Ok(EXIT_FAILURE);
        }
    }
    Ok(0)
}
