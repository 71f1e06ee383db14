//! The default command: run one mock interview.

use std::io::{IsTerminal, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

use crate::backend::{Backend, Scripted};
use crate::cli::RunArgs;
use crate::grade::{self, render};
use crate::interview::{Interview, Plan, Script};
use crate::prompts::{PromptSet, sha256_hex};
use crate::repl::input::{LineSource, Piped, Terminal};
use crate::rubric::Rubric;
use crate::session::{Clock, Grading, Outcome, Session, Start, SystemClock, rfc3339_now};
use crate::transcript::store::session_id;
use crate::transcript::{End, EndReason, Header, Record, Role, SCHEMA_VERSION, TranscriptWriter};

/// Runs the interview and returns the process exit code.
pub fn run(args: &RunArgs) -> anyhow::Result<u8> {
    let prompts = PromptSet::load(args.prompts.prompts.as_deref())?;
    let scenario = match &args.scenario {
        Some(id) => prompts.scenario(id)?,
        None => pick_scenario(&prompts),
    };
    let transcripts = match &args.transcript_dir {
        Some(dir) => dir.clone(),
        None => crate::paths::current()?.transcripts,
    };
    let minutes = args.minutes.unwrap_or(prompts.interviewer.round.minutes);

    let rubric = super::grade::load_rubric(None, args.prompts.prompts.as_deref())?;
    let backend = choose_backend(args);
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
    } = d;
    let path = writer.path().to_path_buf();
    let writer = Arc::new(Mutex::new(writer));
    install_signal_handler(Arc::clone(&writer), clock, path.clone())?;
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
    }
    .run_from(start);
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

/// The built-in interviewer, with a one-line note on why it was chosen.
fn choose_backend(args: &RunArgs) -> Box<dyn Backend> {
    if args.offline {
        eprintln!("offline interviewer (--offline): questions come from prompts/");
    } else if reachable(&args.base_url) {
        eprintln!(
            "scripted interviewer: a server answers at {}, but this version has no LLM interviewer yet; questions come from prompts/",
            crate::sanitize::for_terminal(&args.base_url)
        );
    } else {
        eprintln!(
            "offline interviewer: no LLM at {} — start Ollama for adaptive follow-ups",
            crate::sanitize::for_terminal(&args.base_url)
        );
    }
    Box::new(Scripted)
}

/// Whether anything accepts TCP connections at the URL's host and port.
fn reachable(base_url: &str) -> bool {
    let Some((host, port)) = host_port(base_url) else {
        return false;
    };
    let Ok(addrs) = (host.as_str(), port).to_socket_addrs() else {
        return false;
    };
    addrs
        .into_iter()
        .any(|a| TcpStream::connect_timeout(&a, Duration::from_millis(800)).is_ok())
}

/// Host and port of an `http(s)://host[:port]/...` URL.
fn host_port(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let default = match scheme {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        let port = after
            .strip_prefix(':')
            .map_or(Some(default), |p| p.parse().ok())?;
        return Some((host.to_string(), port));
    }
    match authority.rsplit_once(':') {
        Some((h, p)) => Some((h.to_string(), p.parse().ok()?)),
        None => Some((authority.to_string(), default)),
    }
}

/// On SIGINT/SIGTERM outside the line editor, close the transcript with an
/// `interrupted` end record and exit 130.
fn install_signal_handler(
    writer: Arc<Mutex<TranscriptWriter>>,
    clock: SystemClock,
    path: PathBuf,
) -> anyhow::Result<()> {
    ctrlc::set_handler(move || {
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

#[cfg(test)]
mod tests {
    use super::host_port;

    #[test]
    fn host_port_understands_the_urls_users_pass() {
        assert_eq!(
            host_port("http://127.0.0.1:11434/v1"),
            Some(("127.0.0.1".into(), 11434))
        );
        assert_eq!(
            host_port("https://api.openai.com/v1"),
            Some(("api.openai.com".into(), 443))
        );
        assert_eq!(host_port("http://[::1]:8080"), Some(("::1".into(), 8080)));
        assert_eq!(
            host_port("http://user:pw@localhost/v1"),
            Some(("localhost".into(), 80))
        );
        assert_eq!(host_port("localhost:11434"), None);
        assert_eq!(host_port("http://h:notaport/"), None);
    }
}
