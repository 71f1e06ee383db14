//! The default command: run one mock interview.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

use crate::cli::RunArgs;
use crate::interview::{Interview, Plan, Script};
use crate::prompts::Scenario;
use crate::prompts::{PromptSet, sha256_hex};
use crate::runner;
use crate::sanitize::for_terminal;
use crate::scenario_check::RANDOM;
use crate::session::{Start, SystemClock, rfc3339_now};
use crate::transcript::store::session_id;
use crate::transcript::{Header, SCHEMA_VERSION, TranscriptWriter};

/// Runs the interview and returns the process exit code.
pub fn run(args: &RunArgs) -> anyhow::Result<u8> {
    let prompts = crate::disk::prompt_set(args.prompts.as_deref())?;
    let transcripts = crate::workspace::transcripts_dir(&crate::cli::DirArgs {
        transcript_dir: args.transcript_dir.clone(),
    })?;
    let level = match &args.level {
        Some(l) => l.trim().to_string(),
        None => crate::provider::settings(&args.server)?
            .level
            .unwrap_or_else(|| crate::rubric::DEFAULT_LEVEL.to_string()),
    };
    let rubric = crate::disk::rubric(None, args.prompts.as_deref())?.at_level(&level)?;
    let scenario = match args.scenario.as_deref() {
        Some(RANDOM) => random_scenario(&prompts),
        Some(id) => prompts.scenario(id)?,
        None => {
            let (scenario, line) = practice_pick(&prompts, &rubric, &transcripts)?;
            crate::status!("{}", for_terminal(&line));
            scenario
        }
    };
    let minutes = args.minutes.unwrap_or(prompts.interviewer.round.minutes);

    let (backend, speaking) =
        crate::provider::interviewer_for(&args.server, args.offline, &prompts, scenario, &rubric)?;
    let info = backend.info();
    let started_at = rfc3339_now();
    let header = Header {
        schema: SCHEMA_VERSION,
        tool: "interviewer".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        session: session_id(&started_at, &scenario.id, &nonce()),
        scenario: scenario.id.clone(),
        scenario_sha256: scenario.sha256.clone(),
        prompts_sha256: prompts.interviewer_sha256.clone(),
        backend: info.kind.into(),
        model: info.model,
        base_url: info.base_url,
        started_at,
        minutes,
        level: Some(rubric.level().id.clone()),
    };
    let signals = runner::signals()?;
    let writer = TranscriptWriter::create(&transcripts, &header)?;
    crate::status!(
        "scenario: {} ({}, {} minutes, {} level)",
        for_terminal(&scenario.title),
        scenario.id,
        minutes,
        rubric.level().id
    );
    let shape = prompts.level_shape(&rubric.level().id);
    let interview = Interview::new(
        Plan::new(minutes, &prompts.interviewer.phases).for_level(&shape),
        Script::new(scenario, &prompts.interviewer, &prompts.listening).for_level(&shape),
    );
    runner::drive(
        runner::Drive {
            header: &header,
            rubric: &rubric,
            facts: Some(&scenario.facts),
            listening: &prompts.listening,
            interview,
            backend,
            writer,
            signals,
            clock: SystemClock::start(),
            no_history: args.no_history,
            speaking,
            prompts_dir: args.prompts.as_deref(),
            examples: crate::workspace::strong_examples(&rubric, &prompts, &scenario.id),
        },
        Start::Fresh,
    )
}

/// Four hex digits that keep two sessions started in the same second apart.
fn nonce() -> String {
    let seed = format!(
        "{:?}{}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default(),
        std::process::id()
    );
    sha256_hex(&seed)[..4].to_string()
}

/// `--scenario random`: any case, uniformly.
fn random_scenario(prompts: &PromptSet) -> &Scenario {
    let all: Vec<_> = prompts.scenarios().collect();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    all[nanos as usize % all.len()]
}

/// No `--scenario`: the case that stresses the weakest dimension of the
/// sessions in `dir`, and the line that says why.
fn practice_pick<'a>(
    prompts: &'a PromptSet,
    rubric: &crate::rubric::Rubric,
    dir: &std::path::Path,
) -> anyhow::Result<(&'a Scenario, String)> {
    let sessions = crate::workspace::sessions(dir, prompts, rubric, None)?;
    let pick = crate::workspace::practice_pick(prompts, &sessions).context(
        "the prompt set has no scenarios\n  fix: add one under scenarios/ (`interviewer scenarios new ID`)",
    )?;
    Ok((prompts.scenario(&pick.id)?, pick.line()))
}
