//! `interviewer eval --candidates DIR`: the interviewer quality check. Plays
//! every labelled candidate script in DIR through the real interviewer — the
//! scripted one with `--offline`, else the configured model — and prints the
//! figures of [`crate::rehearsal::measure`], and with a model how many
//! listening moves (questions that quote the candidate) were shown as the model
//! phrased them and how long a turn took to show.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use super::Timed;
use crate::backend::{Backend, Scripted};
use crate::cli::EvalArgs;
use crate::listen::Ear;
use crate::llm::interviewer::Speaking;
use crate::rehearsal::measure::{Figures, measure};
use crate::rehearsal::{Candidate, Played, play};
use crate::sanitize::for_terminal;
use crate::vocab::{Role, TurnKind};

/// Largest candidate script read.
const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;

pub fn run(args: &EvalArgs, dir: &Path, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prompts_dir = args.prompts.prompts.as_deref();
    let prompts = crate::disk::prompt_set(prompts_dir)?;
    let rubric = crate::disk::rubric(None, prompts_dir)?;
    let ear = Ear::new(&prompts.listening);
    let paths = scripts_in(dir)?;
    let provider = (!args.offline)
        .then(|| crate::provider::Provider::from_args(&args.server))
        .transpose()?;
    let speaking = Arc::new(Speaking::default());
    let mut total = Figures::default();
    let mut listening = [0usize; 2];
    let mut shown_ms: Vec<u128> = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = crate::disk::read_text(path, MAX_SCRIPT_BYTES, "a candidate script")?;
        let c = Candidate::parse(&name, &text)?;
        let scenario = prompts.scenario(&c.scenario)?;
        let mut llm;
        let mut scripted = Scripted;
        let inner: &mut dyn Backend = match &provider {
            Some(p) => {
                llm = crate::provider::llm_interviewer(p, &prompts, scenario, &rubric, &speaking)
                    .context(
                    "the quality check with a model needs a model server (or pass --offline)",
                )?;
                &mut llm
            }
            None => &mut scripted,
        };
        let mut timed = Timed {
            inner,
            scenario: scenario.id.clone(),
            turns: Vec::new(),
        };
        let played = play(&c, &prompts, &rubric, &ear, &mut timed)?;
        shown_ms.extend(timed.turns.iter().map(|t| t.shown_after.as_millis()));
        let f = measure(&c, &played, &rubric);
        let kept = kept(&played);
        listening[0] += kept.0;
        listening[1] += kept.1;
        if args.show {
            show(&c, &played, out)?;
        }
        crate::status!(
            "{name}: {} questions, {} re-asks, {} of {} follow-ups quote the candidate",
            f.questions,
            f.re_asks,
            f.listening,
            f.follow_ups
        );
        total.add(&f);
    }
    summary(
        out,
        &total,
        provider.is_some().then_some((listening, shown_ms)),
    )?;
    Ok(0)
}

/// The candidate scripts in `dir`; none is an error that names a directory
/// that has them.
fn scripts_in(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let paths = crate::disk::toml_files(dir).with_context(|| {
        format!(
            "cannot read the candidate scripts in {}\n  fix: pass --candidates a directory of *.toml scripts, such as tests/data/candidates/dev",
            dir.display()
        )
    })?;
    if paths.is_empty() {
        anyhow::bail!(
            "no candidate scripts (*.toml) in {}\n  fix: pass --candidates a directory such as tests/data/candidates/dev",
            dir.display()
        );
    }
    Ok(paths)
}

/// The figures, and with a model the listening moves it kept and the median
/// time to a shown turn; then the notes.
fn summary(
    out: &mut dyn Write,
    total: &Figures,
    model: Option<([usize; 2], Vec<u128>)>,
) -> anyhow::Result<()> {
    writeln!(out, "{}", total.render())?;
    if let Some((listening, mut shown_ms)) = model {
        shown_ms.sort_unstable();
        let median = shown_ms.get(shown_ms.len() / 2).copied().unwrap_or(0);
        writeln!(
            out,
            "listening moves kept             {}/{} ({}%)\nmedian time to a shown turn      {:.1} s",
            listening[0],
            listening[1],
            Figures::percent(listening[0], listening[1]),
            median as f64 / 1000.0
        )?;
    }
    for note in &total.notes {
        writeln!(out, "  {}", for_terminal(note))?;
    }
    Ok(())
}

/// Listening moves (follow-ups about the candidate's words, as the quality
/// check counts them: not a restatement before a prepared question) shown as
/// phrased, and all of them.
fn kept(p: &Played) -> (usize, usize) {
    let listening: Vec<_> = p
        .turns
        .iter()
        .filter(|t| t.role == Role::Interviewer && t.kind == Some(TurnKind::FollowUp))
        .filter_map(|t| {
            let intent = t.intent.as_ref().filter(|i| !i.acknowledged)?;
            Some((t, intent.about.as_deref()?))
        })
        .collect();
    let kept = listening
        .iter()
        .filter(|(t, quote)| t.guard.is_none() && t.text.contains(*quote))
        .count();
    (kept, listening.len())
}

/// One interview, as a reader checks it: each question with its move.
fn show(c: &Candidate, p: &Played, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "── {} ({}, {}) ──", c.name, c.scenario, c.style)?;
    for t in &p.turns {
        let who = match t.role {
            Role::Candidate => "candidate",
            Role::Interviewer => "interviewer",
        };
        writeln!(out, "[{}] {who}: {}", t.phase, for_terminal(&t.text))?;
        if let Some(line) = t.intent.as_ref().and_then(|i| i.describe()) {
            writeln!(out, "    ({})", for_terminal(&line))?;
        }
        // A model's reply the guard turned down, and why.
        if let (Some(why), Some(wrote)) = (&t.guard, &t.model_text) {
            writeln!(
                out,
                "    (replaced, {}; the model wrote: {})",
                for_terminal(why),
                for_terminal(wrote)
            )?;
        }
    }
    writeln!(out)
}
