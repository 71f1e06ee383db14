//! The default command: run one mock interview.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

use crate::backend::{Backend, Scripted};
use crate::cli::{RunArgs, ServerArgs};
use crate::config;
use crate::grade::{self, render};
use crate::interview::{Interview, Plan, Script};
use crate::llm::client::{Client, ClientConfig, ClientError};
use crate::llm::context;
use crate::llm::interviewer::{LlmInterviewer, Speaking};
use crate::prompts::{PromptSet, Scenario, sha256_hex};
use crate::repl::input::{LineSource, Piped, Terminal};
use crate::rubric::Rubric;
use crate::session::{Clock, Grading, Outcome, Session, Start, SystemClock, rfc3339_now};
use crate::transcript::store::session_id;
use crate::transcript::{End, EndReason, Header, Record, Role, SCHEMA_VERSION, TranscriptWriter};

/// Runs the interview and returns the process exit code.
pub fn run(args: &RunArgs) -> anyhow::Result<u8> {
    let prompts = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    let scenario = match &args.scenario {
        Some(id) => prompts.scenario(id)?,
        None => pick_scenario(&prompts),
    };
    let transcripts = match &args.transcript_dir {
        Some(dir) => dir.clone(),
        None => crate::paths::current()?.transcripts,
    };
    let minutes = args.minutes.unwrap_or(prompts.interviewer.round.minutes);

    let rubric = crate::disk::rubric(None, args.prompts.prompts.as_deref())?;
    let speaking = Arc::new(Speaking::default());
    let backend = choose_backend(
        &args.server,
        args.offline,
        &prompts,
        scenario,
        &rubric,
        &speaking,
    )?;
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
    };
    let writer = TranscriptWriter::create(&transcripts, &header)?;
    eprintln!("scenario: {} ({} minutes)", scenario.id, minutes);
    let interview = Interview::new(
        Plan::new(minutes, &prompts.interviewer.phases),
        Script::new(scenario, &prompts.interviewer),
    );
    drive(
        Drive {
            header: &header,
            rubric: &rubric,
            interview,
            backend,
            writer,
            clock: SystemClock::start(),
            no_history: args.no_history,
            speaking,
        },
        Start::Fresh,
    )
}

/// Everything a session needs once its transcript is open.
pub struct Drive<'a> {
    pub header: &'a Header,
    pub rubric: &'a Rubric,
    pub interview: Interview,
    pub backend: Box<dyn Backend>,
    pub writer: TranscriptWriter,
    pub clock: SystemClock,
    pub no_history: bool,
    /// Shared with the Ctrl-C handler, which cancels a reply being spoken.
    pub speaking: Arc<Speaking>,
}

/// Runs a session (fresh or resumed) on the terminal or piped stdin, then grades
/// it. Shared by the interview and `resume`.
pub fn drive(d: Drive<'_>, start: Start) -> anyhow::Result<u8> {
    let Drive {
        header,
        rubric,
        interview,
        mut backend,
        writer,
        clock,
        no_history,
        speaking,
    } = d;
    let path = writer.path().to_path_buf();
    let writer = Arc::new(Mutex::new(writer));
    install_signal_handler(Arc::clone(&writer), clock, path.clone(), speaking)?;
    eprintln!("transcript: {}", path.display());
    let stdin = std::io::stdin();
    let mut input: Box<dyn LineSource> = if stdin.is_terminal() {
        eprintln!("Type /help for commands. Multi-line answers go between \"\"\" fences.");
        let history = (!no_history)
            .then(|| crate::paths::current().ok().map(|p| p.history))
            .flatten();
        Box::new(Terminal::new(history)?)
    } else {
        Box::new(Piped::new(stdin.lock()))
    };
    let mut recorder = Arc::clone(&writer);
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let result = Session {
        interview,
        backend: backend.as_mut(),
        input: input.as_mut(),
        recorder: &mut recorder,
        clock: &clock,
        out: &mut stdout,
        err: &mut stderr,
        width: output_width(),
        grading: Some(Grading {
            rubric,
            session: &header.session,
            scenario: &header.scenario,
        }),
        last_said: None,
    }
    .run_from(start);
    if let Some(stats) = backend.stats() {
        eprintln!("{stats}");
    }
    match result {
        Ok(outcome) => {
            eprintln!(
                "transcript saved: {} (ended: {})",
                path.display(),
                outcome.reason.as_str()
            );
            report_at_end(rubric, header, &outcome, &path)?;
            Ok(0)
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "the interview stopped; every completed turn is saved in {}",
            path.display()
        ))),
    }
}

/// The width to wrap interviewer text at: the terminal's, capped at 100 columns
/// for readability; no wrapping when stdout is not a terminal.
fn output_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (terminal_size::Width(w), _) = terminal_size::terminal_size()?;
    Some(usize::from(w).min(100))
}

/// Grades the finished session, saves the report beside the transcript as
/// `<session>.grade.json`, and shows it: the whole report after a completed round,
/// one line after a session that stopped early.
fn report_at_end(
    rubric: &Rubric,
    header: &Header,
    outcome: &Outcome,
    transcript: &Path,
) -> anyhow::Result<()> {
    if !outcome
        .turns
        .iter()
        .any(|t| t.role == Role::Candidate && !t.skipped)
    {
        return Ok(());
    }
    let report = grade::grade(rubric, &header.session, &header.scenario, &outcome.turns);
    let path = transcript.with_extension("grade.json");
    std::fs::write(&path, render::json_pretty(&report) + "\n")
        .with_context(|| format!("cannot save the grade report {}; the transcript is saved, grade it later with `interviewer grade {}`", path.display(), transcript.display()))?;
    if outcome.reason == EndReason::Completed {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        println!("\n{}", render::text(&report, render::Style { color }));
    } else {
        eprintln!("graded so far: {} / 100 ({})", report.score, report.verdict);
    }
    eprintln!("grade report saved: {}", path.display());
    Ok(())
}

fn pick_scenario(prompts: &PromptSet) -> &crate::prompts::Scenario {
    let all: Vec<_> = prompts.scenarios().collect();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    all[nanos as usize % all.len()]
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

/// The model a user asked for is not on the server.
#[derive(Debug, thiserror::Error)]
#[error(
    "model '{model}' is not on the server at {base}; it has: {available}\n  fix: pass --model with one of those, or fetch it (Ollama: `ollama pull {model}`)"
)]
pub struct UnknownModel {
    pub model: String,
    pub base: String,
    pub available: String,
}

/// The server settings, from flags, `INTERVIEWER_*` variables, the config file
/// and the ecosystem's variables (see [`crate::config`]).
pub fn settings(args: &ServerArgs) -> anyhow::Result<config::Settings> {
    let flags = config::Flags {
        base_url: args.base_url.clone(),
        model: args.model.clone(),
        context: args.context,
    };
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let file = match crate::paths::current() {
        Ok(p) if p.config.is_file() => {
            let text = std::fs::read_to_string(&p.config)
                .with_context(|| format!("cannot read {}", p.config.display()))?;
            config::parse_file(&p.config.display().to_string(), &text)?
        }
        _ => config::FileConfig::default(),
    };
    Ok(config::resolve(&flags, &env, &file)?)
}

/// Picks the interviewer: the LLM when a server answers and has the model, else
/// the built-in one. Says which, in one line.
pub fn choose_backend(
    server: &ServerArgs,
    offline: bool,
    prompts: &PromptSet,
    scenario: &Scenario,
    rubric: &Rubric,
    speaking: &Arc<Speaking>,
) -> anyhow::Result<Box<dyn Backend>> {
    let s = settings(server)?;
    let base = crate::sanitize::for_terminal(&config::redact_url(&s.base_url));
    if offline {
        eprintln!("offline interviewer (--offline): questions come from prompts/");
        return Ok(Box::new(Scripted));
    }
    let mut probe = ClientConfig::new(s.base_url.clone());
    probe.api_key = s.api_key.clone();
    probe.api_key_from = s.api_key_from.clone();
    probe.retries = 0;
    probe.connect_timeout = Duration::from_secs(1);
    probe.first_byte_timeout = Duration::from_secs(5);
    let models = match Client::new(probe)?.list_models() {
        Ok(m) => m,
        Err(ClientError::Unreachable { .. } | ClientError::Timeout { .. }) => {
            eprintln!(
                "offline interviewer: no LLM at {base} — start Ollama for adaptive follow-ups"
            );
            return Ok(Box::new(Scripted));
        }
        // Something else answers on the default address: nobody asked for that
        // server, so the interview still runs, offline, and says why.
        Err(e) if s.base_url_from == config::Source::Default => {
            eprintln!(
                "offline interviewer: {base} is not an OpenAI-compatible server ({}) — pass --base-url, or start Ollama",
                crate::sanitize::for_terminal(&e.to_string())
            );
            return Ok(Box::new(Scripted));
        }
        Err(e) => return Err(e.into()),
    };
    let model = match (&s.model, models.first()) {
        (Some(m), _) if models.is_empty() || models.contains(m) => m.clone(),
        (Some(m), _) => {
            return Err(UnknownModel {
                model: m.clone(),
                base: base.clone(),
                available: models.join(", "),
            }
            .into());
        }
        (None, Some(first)) => first.clone(),
        (None, None) => anyhow::bail!(
            "the server at {base} lists no models\n  fix: load one (Ollama: `ollama pull qwen3:0.6b`), or pass --offline"
        ),
    };
    let mut cfg = ClientConfig::new(s.base_url.clone());
    cfg.api_key = s.api_key;
    cfg.api_key_from = s.api_key_from;
    let client = Client::new(cfg)?;
    let discovered = crate::llm::discovery::enforced_context(&client, Some(&model));
    let (context, assumed) = match (s.context, discovered) {
        (Some(c), _) => (c as usize, String::new()),
        (None, Some((n, from))) => (
            usize::try_from(n).unwrap_or(usize::MAX),
            format!(", from {from}"),
        ),
        (None, None) => (
            config::DEFAULT_CONTEXT as usize,
            ", assumed; set --context".to_string(),
        ),
    };
    let picked = if s.model.is_some() {
        ""
    } else {
        ", the server's first; choose with --model"
    };
    eprintln!(
        "LLM interviewer: {} at {base} ({context}-token context{assumed}{picked})",
        crate::sanitize::for_terminal(&model)
    );
    context::warm_up();
    let briefing = crate::llm::request::Briefing {
        model,
        prompts: prompts.interviewer.llm.clone(),
        case: format!("{}\n\n{}", scenario.title, scenario.context),
        context,
        temperature: 0.4,
    };
    Ok(Box::new(LlmInterviewer::new(
        client,
        briefing,
        Some(rubric.clone()),
        Arc::clone(speaking),
    )))
}

/// Ctrl-C while the interviewer is speaking cancels that reply (its text is kept
/// and marked). Otherwise SIGINT/SIGTERM outside the line editor close the
/// transcript with an `interrupted` end record and exit 130.
fn install_signal_handler(
    writer: Arc<Mutex<TranscriptWriter>>,
    clock: SystemClock,
    path: PathBuf,
    speaking: Arc<Speaking>,
) -> anyhow::Result<()> {
    ctrlc::set_handler(move || {
        if speaking.active.load(std::sync::atomic::Ordering::SeqCst) {
            speaking
                .cancel
                .store(true, std::sync::atomic::Ordering::SeqCst);
            return;
        }
        let mut w = writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !w.is_closed() {
            let _ = w.append(Record::End(End {
                seq: 0,
                reason: EndReason::Interrupted,
                at: clock.timestamp(),
                elapsed_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
            }));
        }
        let _ = std::io::stdout().flush();
        eprintln!("\ninterrupted; transcript saved: {}", path.display());
        std::process::exit(130);
    })
    .context("cannot install the Ctrl-C handler")
}
