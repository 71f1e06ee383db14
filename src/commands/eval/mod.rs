//! `interviewer eval`: plays the practice answers shipped for each scenario
//! (`prompts/answers/<id>.txt`, or `--answers FILE`) against the configured
//! model, exactly as a piped interview would, and prints per phase and
//! overall how many turns were shown as the model wrote them, what replaced
//! the others, the time to the first word and until the turn was shown, the
//! writing speed and the wall time — to pick the best interviewer among
//! one's local models. Nothing is saved: the rounds live in memory.

mod candidates;

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;

use crate::backend::{Backend, BackendError, BackendInfo, Reply};
use crate::cli::EvalArgs;
use crate::eval::{TurnStat, render, summarize};
use crate::interview::InterviewerTurn;
use crate::llm::interviewer::Speaking;
use crate::sanitize::for_terminal;
use crate::transcript::{Role, Turn};

/// A backend that times each turn it is asked for and keeps the figures.
struct Timed<'a> {
    inner: &'a mut dyn Backend,
    scenario: String,
    turns: Vec<TurnStat>,
}

impl Backend for Timed<'_> {
    fn info(&self) -> BackendInfo {
        self.inner.info()
    }

    fn say(
        &mut self,
        turn: &InterviewerTurn,
        history: &[Turn],
        progress: &mut dyn FnMut(usize),
    ) -> Result<Reply, BackendError> {
        let started = Instant::now();
        let reply = self.inner.say(turn, history, progress)?;
        // The case is presented as written, without asking the model.
        if reply.tokens.is_some() || reply.guard.is_some() {
            self.turns.push(TurnStat {
                scenario: self.scenario.clone(),
                phase: turn.phase,
                kind: turn.kind,
                replaced: reply.guard.clone(),
                first_text: reply.first_text,
                shown_after: started.elapsed(),
                completion_tokens: reply.tokens.map(|(_, c)| c),
                model_text: match &reply.guard {
                    Some(_) => reply.model_text.clone(),
                    None => Some(reply.text.clone()),
                },
                canonical: turn.canonical.clone(),
                candidate: said_by(history, Role::Candidate),
                earlier: said_by(history, Role::Interviewer),
            });
        }
        Ok(reply)
    }
}

/// What one side said so far, in order.
fn said_by(history: &[Turn], role: Role) -> Vec<String> {
    history
        .iter()
        .filter(|t| t.role == role)
        .map(|t| t.text.clone())
        .collect()
}

pub fn run(args: &EvalArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    if let Some(dir) = &args.candidates {
        return candidates::run(args, dir, out);
    }
    let dir = args.prompts.prompts.as_deref();
    let prompts = crate::disk::prompt_set(dir)?;
    let rubric = crate::disk::rubric(None, dir)?;
    let scripts = answer_scripts(args, &prompts)?;
    let provider = crate::provider::Provider::from_args(&args.server)?;
    let speaking = Arc::new(Speaking::default());
    let mut stats = Vec::new();
    let mut model = String::new();
    let mut base = String::new();
    let started = Instant::now();
    for (scenario, answers) in &scripts {
        let mut llm =
            crate::provider::llm_interviewer(&provider, &prompts, scenario, &rubric, &speaking)
                .context("eval needs a model server to measure")?;
        llm.set_structured(args.structured);
        let info = llm.info();
        model = info.model.unwrap_or_default();
        base = info.base_url.unwrap_or_default();
        let round = Instant::now();
        let mut timed = Timed {
            inner: &mut llm,
            scenario: scenario.id.clone(),
            turns: Vec::new(),
        };
        let (outcome, _) =
            crate::runner::unattended(&prompts, scenario, &rubric, &mut timed, answers)?;
        let replaced = timed.turns.iter().filter(|t| t.replaced.is_some()).count();
        crate::status!(
            "eval: {} — {} phrased turns, {replaced} replaced, {} ({})",
            scenario.id,
            timed.turns.len(),
            crate::vocab::mmss(round.elapsed()),
            outcome.reason.as_str()
        );
        stats.extend(timed.turns);
    }
    let ids: Vec<String> = scripts.iter().map(|(s, _)| s.id.clone()).collect();
    let summary = summarize(
        &for_terminal(&model),
        &base,
        &ids,
        &stats,
        started.elapsed(),
    );
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
    } else {
        write!(out, "{}", render(&summary))?;
    }
    Ok(0)
}

/// The scenarios to run, each with its answer script: `--answers` for all, or
/// each case's own practice answers.
fn answer_scripts<'p>(
    args: &EvalArgs,
    prompts: &'p crate::prompts::PromptSet,
) -> anyhow::Result<Vec<(&'p crate::prompts::Scenario, String)>> {
    let scenarios: Vec<&crate::prompts::Scenario> = match &args.scenario {
        Some(id) => vec![prompts.scenario(id)?],
        None => prompts
            .scenarios()
            .filter(|s| prompts.answers(&s.id).is_some())
            .collect(),
    };
    if scenarios.is_empty() {
        anyhow::bail!(
            "no scenario has practice answers (prompts/answers/<id>.txt)\n  fix: pass --scenario ID with --answers FILE"
        );
    }
    let own_answers = match &args.answers {
        Some(path) => Some(crate::disk::read_text(
            path,
            1024 * 1024,
            "an answer script",
        )?),
        None => None,
    };
    scenarios
        .into_iter()
        .map(|scenario| {
            let answers = match &own_answers {
                Some(text) => text.clone(),
                None => prompts
                    .answers(&scenario.id)
                    .with_context(|| {
                        format!(
                            "scenario '{}' has no practice answers\n  fix: pass --answers FILE",
                            scenario.id
                        )
                    })?
                    .to_string(),
            };
            Ok((scenario, answers))
        })
        .collect()
}
