//! The user's workspace as commands need it: the transcripts directory, the
//! session an argument names, every saved session graded, and the case
//! material a grade draws on (its facts, its reference answers as a piped
//! interview reads them, what a strong answer says per criterion, which case
//! to practise next). Commands call this module instead of each other.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::cli::{DirArgs, SessionArgs};
use crate::prompts::PromptSet;
use crate::rubric::Rubric;
use crate::sanitize::for_terminal;
use crate::transcript::library::{self, Query};
use crate::transcript::{Transcript, store};

/// The transcripts directory: `--transcript-dir`, else the configured one.
pub fn transcripts_dir(args: &DirArgs) -> anyhow::Result<PathBuf> {
    Ok(match &args.transcript_dir {
        Some(d) => d.clone(),
        None => crate::paths::current()?.transcripts,
    })
}

/// The query a session argument stands for.
pub fn query(args: &SessionArgs) -> Query {
    match &args.id {
        Some(id) => Query::Text(id.clone()),
        None => Query::Last,
    }
}

/// The transcript a session argument names, with its path.
pub fn open_session(args: &SessionArgs) -> anyhow::Result<(PathBuf, Transcript)> {
    let dir = transcripts_dir(&args.dir)?;
    let path = library::resolve(&dir, &query(args))?;
    let t = store::read(&path)?;
    Ok((path, t))
}

/// The saved sessions of a transcripts directory, graded with the current
/// rubric: what `history` draws, what the practice pick and `scenarios` count.
#[derive(Debug, Default)]
pub struct Sessions {
    /// Graded sessions that reached a probe, oldest first.
    pub points: Vec<crate::progress::Point>,
    /// Sessions that ended in the scenario phase: too short to compare.
    pub left_out: usize,
    /// Sessions with at least one answer, per scenario id.
    pub practised: BTreeMap<String, usize>,
    /// Files that could not be read, with why (for a `skipped:` line).
    pub skipped: Vec<String>,
}

/// Reads and grades every session in `dir` (only those of `only`, when
/// given). A missing directory is no sessions.
pub fn sessions(
    dir: &std::path::Path,
    prompts: &PromptSet,
    rubric: &Rubric,
    only: Option<&str>,
) -> anyhow::Result<Sessions> {
    use crate::transcript::Role;
    use crate::vocab::Phase;
    let mut entries = library::list(dir)?;
    entries.reverse();
    let mut out = Sessions::default();
    for e in entries {
        let t = match e.transcript {
            Ok(t) => t,
            Err(err) => {
                out.skipped.push(for_terminal(&err.to_string()));
                continue;
            }
        };
        if only.is_some_and(|s| s != t.header.scenario) {
            continue;
        }
        if !t.turns().any(|x| x.role == Role::Candidate && !x.skipped) {
            continue;
        }
        *out.practised.entry(t.header.scenario.clone()).or_default() += 1;
        // A session abandoned in the scenario phase says little about any
        // dimension; counting it would swing every trend.
        if !t.phases().iter().any(|p| *p != Phase::Scenario) {
            out.left_out += 1;
            continue;
        }
        out.points.push(crate::progress::Point {
            report: crate::grade::grade_transcript(
                rubric,
                case_facts(prompts, &t.header.scenario),
                &t,
            ),
            ratings: self_ratings(&e.path),
            session: t.header.session,
            scenario: t.header.scenario,
            started_at: t.header.started_at,
        });
    }
    Ok(out)
}

/// The facts of a saved session's case, from the prompts in use. A case that
/// is not among them (a case of one's own, without the `--prompts` it came
/// from) is graded without its facts, and the user is told once per case.
pub fn case_facts<'p>(prompts: &'p PromptSet, scenario: &str) -> Option<&'p crate::prompts::Facts> {
    static WARNED: std::sync::Mutex<std::collections::BTreeSet<String>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let facts = prompts.facts(scenario);
    if facts.is_none() && !scenario.is_empty() {
        let first = WARNED
            .lock()
            .map(|mut w| w.insert(scenario.to_string()))
            .unwrap_or(true);
        if first {
            crate::status!(
                "warning: case '{}' is not in the prompts in use, so its sessions are graded without the case's facts\n  fix: pass --prompts DIR, the directory the case came from",
                for_terminal(scenario)
            );
        }
    }
    facts
}

/// The answers of a script as a piped interview reads them: a `"""` fence is
/// one answer, `//text` is the answer `/text`, commands and blank lines are
/// not answers.
pub fn script_answers(text: &str) -> Vec<String> {
    use crate::repl::command::{Input, parse};
    use crate::repl::input::{LineSource as _, Piped, Read};
    let mut input = Piped::new(text.as_bytes());
    let mut out = Vec::new();
    while let Ok(Read::Text(line)) = input.read("") {
        if let Input::Answer(a) = parse(&line) {
            out.push(a);
        }
    }
    out
}

/// What the case's strong reference answer says on each criterion, for the
/// reports to show under the gaps; empty when the case (or its answers) is
/// not in the prompts.
pub fn strong_examples(
    rubric: &Rubric,
    prompts: &PromptSet,
    scenario: &str,
) -> std::collections::BTreeMap<String, String> {
    match (prompts.answers(scenario), prompts.facts(scenario)) {
        (Some(answers), Some(facts)) => {
            crate::grade::strong_examples(rubric, Some(facts), scenario, &script_answers(answers))
        }
        _ => Default::default(),
    }
}

/// The case `interviewer` practises when no `--scenario` is given: the one
/// that stresses the weakest dimension of `sessions` (see [`crate::practice`]).
/// `None` only for a prompt set without scenarios.
pub fn practice_pick(prompts: &PromptSet, sessions: &Sessions) -> Option<crate::practice::Pick> {
    use crate::practice;
    let dims: Vec<&[crate::grade::DimensionResult]> = sessions
        .points
        .iter()
        .map(|p| p.report.dimensions.as_slice())
        .collect();
    let weak = practice::weaknesses(&dims);
    let cases: Vec<practice::Case<'_>> = prompts
        .scenarios()
        .map(|s| practice::Case {
            id: &s.id,
            title: &s.title,
            stresses: s.stresses(),
        })
        .collect();
    practice::pick(&cases, &sessions.practised, &weak)
}

/// Where a session's self-ratings are kept: beside its transcript.
fn self_ratings_path(transcript: &std::path::Path) -> PathBuf {
    transcript.with_extension("self.json")
}

/// A session's self-ratings, when the candidate gave them (an unreadable file
/// is no ratings: the grade stands without them).
pub fn self_ratings(transcript: &std::path::Path) -> Option<crate::calibration::SelfRatings> {
    let path = self_ratings_path(transcript);
    if !path.exists() {
        return None;
    }
    let text = crate::disk::read_text(&path, 64 * 1024, "a file of self-ratings").ok()?;
    serde_json::from_str(&text).ok()
}

/// Saves a session's self-ratings beside its transcript (replacing earlier ones).
pub fn save_self_ratings(
    transcript: &std::path::Path,
    ratings: &crate::calibration::SelfRatings,
) -> anyhow::Result<()> {
    let path = self_ratings_path(transcript);
    let json = serde_json::to_string_pretty(ratings)? + "\n";
    crate::disk::write_atomic(&path, json.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "cannot save your ratings to {}: {e}\n  fix: check that the transcripts directory is writable",
            path.display()
        )
    })
}
