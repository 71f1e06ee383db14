//! `interviewer grade FILE|DIR...`: grade saved transcripts against the rubric.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::sanitize::for_terminal;

use crate::cli::{Format, GradeArgs};
use crate::commands::{EXIT_FAILURE, EXIT_USAGE};
use crate::grade::view::View;
use crate::grade::{self, Report, render};
use crate::prompts::PromptSet;
use crate::rubric::Rubric;
use crate::transcript::library::{self, Query};
use crate::transcript::store;

/// The transcript files the arguments name: files as given, directories'
/// `*.jsonl` files in name order, anything else as a saved session's id (or a
/// unique part of one), and `--last` as the newest session.
fn expand(args: &GradeArgs) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let dir = || crate::workspace::transcripts_dir(&args.dir);
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

/// Grades one parsed transcript file at the level it was interviewed at.
pub fn grade_file(
    rubric: &Rubric,
    prompts: &PromptSet,
    path: &Path,
) -> Result<(Report, Option<String>), store::StoreError> {
    grade_file_at(rubric, prompts, path, false)
}

/// Grades one parsed transcript file: at `rubric`'s level when `forced`
/// (`grade --level`), else at the level it was interviewed at.
pub fn grade_file_at(
    rubric: &Rubric,
    prompts: &PromptSet,
    path: &Path,
    forced: bool,
) -> Result<(Report, Option<String>), store::StoreError> {
    let t = store::read(path)?;
    let note = t
        .torn
        .as_ref()
        .map(|torn| torn.note(&path.display().to_string()));
    let facts = crate::workspace::case_facts(prompts, &t.header.scenario);
    let report = if forced {
        grade::grade_transcript_at(rubric, facts, &t)
    } else {
        grade::grade_transcript(rubric, facts, &t)
    };
    Ok((report, note))
}

/// Written answers are refused above this size: a design doc is tens of kilobytes.
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// A written design: its name and its text.
struct Written {
    name: String,
    text: String,
}

fn read_written(arg: &str) -> anyhow::Result<Written> {
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin().lock(), MAX_TEXT_BYTES + 1),
            &mut bytes,
        )
        .context("cannot read the written answer from standard input")?;
        // The same errors, and so the same exit code (2: bad input), as for
        // the same bytes in a file.
        let stdin = || std::path::PathBuf::from("standard input");
        if bytes.len() as u64 > MAX_TEXT_BYTES {
            return Err(crate::disk::DiskError::TooLarge {
                path: stdin(),
                limit: MAX_TEXT_BYTES,
                what: "a written answer",
            }
            .into());
        }
        let text = String::from_utf8(crate::disk::strip_bom(&bytes).to_vec()).map_err(|e| {
            crate::disk::DiskError::NotUtf8 {
                path: stdin(),
                offset: e.utf8_error().valid_up_to(),
            }
        })?;
        return Ok(Written {
            name: "stdin".into(),
            text,
        });
    }
    let path = Path::new(arg);
    let text = crate::disk::read_text(path, MAX_TEXT_BYTES, "a written answer")?;
    let name = path
        .file_stem()
        .map_or_else(|| arg.to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Written { name, text })
}

/// What a strong answer says per criterion, per case id.
type Examples = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;

/// The view of `r` with its case's strong examples, each case graded once.
fn view_of<'r>(
    r: &'r Report,
    cache: &mut Examples,
    rubric: &Rubric,
    prompts: &crate::prompts::PromptSet,
) -> View<'r> {
    let id = &r.transcript.scenario;
    let e = cache
        .entry(id.clone())
        .or_insert_with(|| crate::workspace::strong_examples(rubric, prompts, id))
        .clone();
    View::new(r).with_examples(e)
}

/// Which case a written design answers, read from the products it talks about.
struct CaseGuess<'p> {
    /// The case, when one stands out.
    sure: Option<&'p crate::prompts::Scenario>,
    /// Each case's count of its own product words in the text, most first.
    counts: Vec<(&'p crate::prompts::Scenario, usize)>,
}

/// Fewest mentions of a case's own product words for it to be inferred.
const SURE_MENTIONS: usize = 4;

impl CaseGuess<'_> {
    /// One line for the user: which case and how sure, or why none.
    fn said(&self) -> String {
        let others: Vec<String> = self
            .counts
            .iter()
            .skip(usize::from(self.sure.is_some()))
            .filter(|(_, n)| *n > 0)
            .take(2)
            .map(|(s, n)| format!("{} {n}", s.id))
            .collect();
        let others = if others.is_empty() {
            "none".to_string()
        } else {
            others.join(", ")
        };
        match (self.sure, self.counts.first()) {
            (Some(s), Some((_, n))) => format!(
                "graded as case {} ({}), inferred from {n} mentions of its product ({}; next: {others}); pass --scenario ID for another",
                s.id,
                for_terminal(&s.title),
                s.facts
                    .nouns
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!(
                "graded as any pipeline, without a case's facts: no case's product stands out in it (mentions: {others}); pass --scenario ID to hold it to one"
            ),
        }
    }
}

/// Grades `text` against every case and picks the one whose own product
/// words it mentions most, when that is at least [`SURE_MENTIONS`] and twice
/// the runner-up's.
fn infer_case<'p>(
    rubric: &Rubric,
    prompts: &'p crate::prompts::PromptSet,
    text: &str,
) -> CaseGuess<'p> {
    let mut counts: Vec<(&crate::prompts::Scenario, usize)> = prompts
        .scenarios()
        .map(|s| {
            let r = grade::grade_written(rubric, Some(&s.facts), &s.id, text, "guess");
            (s, r.scenario_fit.map_or(0, |f| f.case_nouns))
        })
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    let best = counts.first().map_or(0, |c| c.1);
    let second = counts.get(1).map_or(0, |c| c.1);
    let sure = (best >= SURE_MENTIONS && best >= second * 2).then(|| counts[0].0);
    CaseGuess { sure, counts }
}

/// Runs `f` over `items` on every core, keeping the input order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len().max(1));
    if workers <= 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

pub fn run(args: &GradeArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let rubric = crate::disk::rubric(args.rubric.as_deref(), args.prompts.prompts.as_deref())?;
    let rubric = match &args.level {
        Some(level) => rubric.at_level(level.trim())?,
        None => rubric,
    };
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    let mut reports = Vec::new();
    let mut bad = false;
    reports.extend(grade_texts(args, &rubric, &prompts)?);
    // The transcript behind each report (none for a written design).
    let mut sources: Vec<Option<std::path::PathBuf>> = vec![None; reports.len()];
    let files = expand(args)?;
    if files.is_empty() && args.text.is_empty() {
        crate::status!(
            "error: no transcripts found in {}\n  fix: pass .jsonl transcript files, directories holding them, or session ids",
            args.targets.join(", ")
        );
        return Ok(EXIT_USAGE);
    }
    let graded = parallel(&files, |f| {
        grade_file_at(&rubric, &prompts, f, args.level.is_some())
    });
    for (result, file) in graded.into_iter().zip(&files) {
        match result {
            Ok((r, note)) => {
                if let Some(n) = note {
                    crate::status!("{}", crate::sanitize::for_terminal(&n));
                }
                if args.rate_self {
                    let mut input = crate::runner::stdin_lines(None)?;
                    crate::runner::rate_yourself(input.as_mut(), &r, file)?;
                }
                reports.push(r);
                sources.push(Some(file.clone()));
            }
            Err(e) => {
                crate::status!("error: {}", crate::sanitize::for_terminal(&e.to_string()));
                bad = true;
            }
        }
    }
    print_reports(out, args.format, &reports, &sources, &rubric, &prompts)?;
    out.flush()?;
    if bad {
        return Ok(EXIT_USAGE);
    }
    if below_min_score(args, &reports) {
        return Ok(EXIT_FAILURE);
    }
    Ok(0)
}

/// The reports in the format asked for; a text report of a rated session is
/// followed by the candidate's ratings beside the grade.
fn print_reports(
    out: &mut dyn Write,
    format: Format,
    reports: &[Report],
    sources: &[Option<std::path::PathBuf>],
    rubric: &Rubric,
    prompts: &PromptSet,
) -> anyhow::Result<()> {
    // What a strong answer says under each gap: the case's reference answer,
    // graded once per case.
    let mut examples = Examples::default();
    let mut view = |r| view_of(r, &mut examples, rubric, prompts);
    match format {
        Format::Text => {
            for (i, r) in reports.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(
                    out,
                    "{}",
                    render::text_at(
                        &view(r),
                        crate::terminal::stdout_style(),
                        crate::terminal::width()
                    )
                )?;
                let ratings = sources[i]
                    .as_deref()
                    .and_then(crate::workspace::self_ratings);
                if let Some(ratings) = ratings {
                    write!(out, "{}", crate::calibration::beside_the_grade(r, &ratings))?;
                }
            }
        }
        Format::Md => {
            for r in reports {
                writeln!(out, "{}", crate::grade::markdown::markdown(&view(r)))?;
            }
        }
        Format::Json => {
            for r in reports {
                writeln!(out, "{}", render::json_line(r))?;
            }
        }
        Format::Junit => write!(out, "{}", render::junit(reports))?,
    }
    Ok(())
}

/// Each `--text` file graded as a written design, on the case named or the one
/// it is inferred to be about.
fn grade_texts(
    args: &GradeArgs,
    rubric: &Rubric,
    prompts: &PromptSet,
) -> anyhow::Result<Vec<Report>> {
    let mut reports = Vec::new();
    for t in &args.text {
        let w = read_written(t)?;
        let scenario = match &args.scenario {
            Some(id) => Some(prompts.scenario(id)?),
            None => {
                let guess = infer_case(rubric, prompts, &w.text);
                crate::status!("{}: {}", for_terminal(&w.name), guess.said());
                guess.sure
            }
        };
        let (id, facts) = match scenario {
            Some(s) => (s.id.as_str(), Some(&s.facts)),
            None => ("", None),
        };
        reports.push(grade::grade_written(rubric, facts, id, &w.text, &w.name));
    }
    Ok(reports)
}

/// `--min-score`: names every report below it; true when any is.
fn below_min_score(args: &GradeArgs, reports: &[Report]) -> bool {
    if let Some(min) = args.min_score {
        let below: Vec<&Report> = reports
            .iter()
            .filter(|r| r.score.tenths() < min * 10)
            .collect();
        if !below.is_empty() {
            for r in &below {
                crate::status!(
                    "below --min-score {min}: {} scored {}",
                    r.transcript.session,
                    r.score
                );
            }
            return true;
        }
    }
    false
}
