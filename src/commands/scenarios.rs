//! `interviewer scenarios`: the cases, one row each (domain, difficulty, how
//! often you practised it, what it stresses); `scenarios new ID` writes a
//! commented scaffold for a new case; `scenarios check [DIR]` checks case files
//! like code and exits 1 with `file:line` messages when anything is wrong.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{ScenarioCheckArgs, ScenarioNewArgs, ScenariosArgs, ScenariosCommand};
use crate::prompts::{MAX_PROMPT_FILE_BYTES, PromptFile};
use crate::sanitize::for_terminal;
use crate::scenario_check::{self, RANDOM};

/// Where the scaffold's text lives, relative to the prompts root.
const TEMPLATE: &str = "templates/scenario.toml";

/// Exit code when `check` finds problems.
const EXIT_PROBLEMS: u8 = 1;

pub fn run(args: &ScenariosArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    match &args.command {
        None => list(args, out),
        Some(ScenariosCommand::New(a)) => new(a, out),
        Some(ScenariosCommand::Check(a)) => check(a, out),
    }
}

/// The listing: id, title, domain, difficulty, sessions practised, stresses.
fn list(args: &ScenariosArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prompts_dir = args.prompts.prompts.as_deref();
    let set = crate::disk::prompt_set(prompts_dir)?;
    let rubric = crate::disk::rubric(None, prompts_dir)?;
    let dir = crate::workspace::transcripts_dir(&args.dir)?;
    let sessions = crate::workspace::sessions(&dir, &set, &rubric, None)?;
    let mut rows = vec![[
        "id".to_string(),
        "title".into(),
        "domain".into(),
        "difficulty".into(),
        "practised".into(),
        "stresses".into(),
    ]];
    for s in set.scenarios() {
        // Dimensions by the names the report uses, not their ids.
        let stresses = if s.stresses().is_empty() {
            "-".to_string()
        } else {
            s.stresses()
                .iter()
                .map(|id| {
                    rubric
                        .dimensions
                        .iter()
                        .find(|d| &d.id == id)
                        .map_or_else(|| id.clone(), |d| d.title.clone())
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        rows.push([
            s.id.clone(),
            s.title.clone(),
            s.domain.clone(),
            s.difficulty.clone(),
            sessions
                .practised
                .get(&s.id)
                .copied()
                .unwrap_or(0)
                .to_string(),
            stresses,
        ]);
    }
    let header: Vec<String> = rows.remove(0).to_vec();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|c| for_terminal(c)).collect())
        .collect();
    use crate::table::Align::{Left, Right};
    write!(
        out,
        "{}",
        crate::table::render(
            &header,
            &[Left, Left, Left, Left, Right, Left],
            &rows,
            crate::terminal::width()
        )
    )?;
    writeln!(
        out,
        "\n{} cases. `interviewer --scenario ID` practises one; `interviewer` alone picks the case that stresses your weakest area.",
        rows.len()
    )?;
    Ok(0)
}

/// What `scenarios new` refuses: something to fix in what was passed (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(
        "'{0}' is not a scenario id\n  fix: use lowercase letters, digits and '-', such as payment-fraud (and not \"{RANDOM}\", which --scenario reserves)"
    )]
    BadId(String),
    #[error("{0} already exists; not overwriting it\n  fix: edit that file, or choose another id")]
    Exists(String),
}

/// `scenarios new ID`: the scaffold, written once.
fn new(args: &ScenarioNewArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    if !scenario_check::valid_id(&args.id) {
        return Err(ScaffoldError::BadId(for_terminal(&args.id)).into());
    }
    let root = args.dir.clone().unwrap_or_else(|| PathBuf::from("prompts"));
    let files = crate::disk::prompt_files(None)?;
    let template = files.get(TEMPLATE).with_context(|| {
        format!("the built-in prompts have no {TEMPLATE}\n  fix: rebuild interviewer from a full checkout")
    })?;
    let dir = root.join("scenarios");
    let path = dir.join(format!("{}.toml", args.id));
    std::fs::create_dir_all(&dir).with_context(|| {
        format!(
            "cannot create {}\n  fix: pass --dir a directory you can write to",
            dir.display()
        )
    })?;
    let text = template.text.replace("{id}", &args.id);
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists(path.display().to_string()).into());
        }
        Err(e) => {
            return Err(e).with_context(|| {
                format!(
                    "cannot create {}\n  fix: pass --dir a directory you can write to",
                    path.display()
                )
            });
        }
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(out, "wrote {}", for_terminal(&path.display().to_string()))?;
    writeln!(
        out,
        "next: replace every TODO, then `interviewer scenarios check {}`; docs/writing-scenarios.md explains each field",
        for_terminal(&root.display().to_string())
    )?;
    Ok(0)
}

/// One file to check: the name messages use, its stem, its text.
struct Candidate {
    name: String,
    stem: String,
    text: String,
}

/// What a candidate will meet in case `id`, with the checked files laid over
/// the prompt set, and its reference answers (`answers/<id>.txt` of DIR or of
/// the prompts) played through a whole round by the built-in interviewer.
fn preview(args: &ScenarioCheckArgs, checked: &[Candidate], id: &str) -> anyhow::Result<String> {
    use crate::scenario_check::preview::{self, DryRun};
    let prompts_dir = args.prompts.prompts.as_deref();
    let mut files = crate::disk::prompt_files(prompts_dir)?;
    if let Some(dir) = &args.dir {
        // A directory laid out like prompts/ may hold the case's answers.
        if dir.join("scenarios").is_dir() {
            files = crate::disk::prompt_files(Some(dir))?;
        }
    }
    for c in checked {
        files.insert(
            format!("scenarios/{}.toml", c.stem),
            PromptFile {
                origin: c.name.clone(),
                text: c.text.clone(),
            },
        );
    }
    let set = crate::prompts::PromptSet::from_files(files)?;
    let scenario = set.scenario(id)?;
    let rubric = crate::disk::rubric(None, prompts_dir)?;
    let plan = crate::interview::Plan::new(set.interviewer.round.minutes, &set.interviewer.phases);
    let played = match set.answers(id) {
        Some(answers) => {
            let (outcome, _) = crate::runner::unattended(
                &set,
                scenario,
                &rubric,
                &mut crate::backend::Scripted,
                answers,
            )?;
            let asked = outcome
                .turns
                .iter()
                .filter(|t| t.role == crate::transcript::Role::Interviewer)
                .count();
            let answered = outcome
                .turns
                .iter()
                .filter(|t| t.role == crate::transcript::Role::Candidate)
                .count();
            // The answers as a piped interview reads them (a fence is one).
            let lines = crate::workspace::script_answers(answers).len();
            let reached = if outcome.reason == crate::transcript::EndReason::Completed {
                crate::vocab::Phase::Done
            } else {
                outcome
                    .turns
                    .last()
                    .map_or(crate::vocab::Phase::Scenario, |t| t.phase)
            };
            outcome
                .report
                .map(|r| (r, asked, reached, lines.saturating_sub(answered)))
        }
        None => None,
    };
    let dry = match &played {
        Some((report, asked, reached, unread)) => DryRun::Graded {
            report,
            asked: *asked,
            reached: *reached,
            unread: *unread,
        },
        None => DryRun::NoAnswers,
    };
    Ok(preview::render(scenario, &plan, &dry))
}

/// `scenarios check [DIR]`.
fn check(args: &ScenarioCheckArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prompts_dir = args.prompts.prompts.as_deref();
    let rubric = crate::disk::rubric(None, prompts_dir)?;
    let files = match &args.dir {
        Some(dir) => from_dir(dir)?,
        None => crate::disk::prompt_files(prompts_dir)?
            .iter_prefix("scenarios/")
            .filter_map(|(rel, f)| {
                let stem = rel.strip_prefix("scenarios/")?.strip_suffix(".toml")?;
                Some(Candidate {
                    name: shown_origin(f),
                    stem: stem.to_string(),
                    text: f.text.clone(),
                })
            })
            .collect(),
    };
    let mut problems = 0;
    let mut bad_files = 0;
    for f in &files {
        let found = scenario_check::check(&f.stem, &f.text, &rubric);
        if !found.is_empty() {
            bad_files += 1;
        }
        for p in &found {
            problems += 1;
            writeln!(out, "{}", for_terminal(&p.render(&f.name)))?;
        }
    }
    // The interviewer's listening file names criteria and roles too: an
    // unknown one would silently never apply.
    let listening = crate::disk::prompt_set(prompts_dir)?.listening;
    // Every level's criteria: a staff-level topic may have its probe too.
    let known = rubric.every_criterion_id();
    let unknown = listening.unknown_names(&known);
    if !unknown.is_empty() {
        bad_files += 1;
    }
    for (at, name) in unknown {
        problems += 1;
        writeln!(
            out,
            "{}",
            for_terminal(&format!(
                "listening.toml: {at} names \"{name}\", which is not a rubric criterion or a [[component]] role\n  fix: use an id from prompts/rubric.toml or a role of listening.toml's [[component]] entries"
            ))
        )?;
    }
    let shown = args
        .show
        .clone()
        .or_else(|| (args.dir.is_some() && files.len() == 1).then(|| files[0].stem.clone()));
    if problems == 0 {
        writeln!(
            out,
            "{} checked: all pass",
            crate::text::count(files.len(), "scenario")
        )?;
        if let Some(id) = shown {
            write!(out, "{}", preview(args, &files, &id)?)?;
        }
        Ok(0)
    } else {
        writeln!(
            out,
            "{} checked: {} in {}",
            crate::text::count(files.len(), "scenario"),
            crate::text::count(problems, "problem"),
            crate::text::count(bad_files, "file")
        )?;
        Ok(EXIT_PROBLEMS)
    }
}

/// A built-in file's origin without the "(built in)" note, so messages read
/// `file:line`.
fn shown_origin(f: &PromptFile) -> String {
    f.origin
        .strip_suffix(" (built in)")
        .unwrap_or(&f.origin)
        .to_string()
}

/// The `.toml` files of `dir`, or of `dir/scenarios` when it is laid out like
/// prompts/, in name order.
fn from_dir(dir: &Path) -> anyhow::Result<Vec<Candidate>> {
    let nested = dir.join("scenarios");
    let dir = if nested.is_dir() {
        nested
    } else {
        dir.to_path_buf()
    };
    let paths = crate::disk::toml_files(&dir).map_err(|e| crate::prompts::PromptError::Invalid {
        file: dir.display().to_string(),
        message: format!(
            "cannot read it ({e})\n  fix: pass a directory of scenario files (or one laid out like prompts/)"
        ),
    })?;
    if paths.is_empty() {
        return Err(crate::prompts::PromptError::Invalid {
            file: dir.display().to_string(),
            message: "no .toml scenario files here\n  fix: pass the directory that holds them (e.g. prompts/scenarios), or write one with `interviewer scenarios new ID`".to_string(),
        }
        .into());
    }
    paths
        .into_iter()
        .map(|p| {
            let text = crate::disk::read_text(&p, MAX_PROMPT_FILE_BYTES, "a scenario file")?;
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Candidate {
                name: p.display().to_string(),
                stem,
                text,
            })
        })
        .collect()
}
