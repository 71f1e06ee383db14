//! Shell completion of real values: scenario ids for `--scenario` and
//! `--show`, saved session ids wherever a session is named, and the server's
//! model names for `--model`.
//!
//! Two ways in. `interviewer completions SHELL` prints a static script (it
//! knows the commands, the flags and, baked in, the scenario ids of the prompt
//! set it was generated from). `source <(COMPLETE=bash interviewer)` (zsh,
//! fish, elvish and powershell alike) registers dynamic completion: the shell
//! asks the program on every Tab, which answers with the sessions and models
//! that exist now. Both come from the one command definition in `cli`.

use std::ffi::OsStr;

use clap::CommandFactory as _;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate, ValueCompleter as _};

use crate::cli::Cli;

/// The command definition with a value completer on every argument whose
/// values are known at run time.
pub fn command() -> clap::Command {
    with_completers(Cli::command())
}

/// Answers a completion request when the shell made one (`COMPLETE` is set)
/// and exits; otherwise returns and the program runs as usual.
pub fn answer_the_shell() {
    clap_complete::CompleteEnv::with_factory(command).complete();
}

/// The subcommands whose positional `ID|FILE` is a saved session.
const SESSION_COMMANDS: [&str; 4] = ["resume", "replay", "report", "retry"];

fn with_completers(cmd: clap::Command) -> clap::Command {
    let grade = cmd.get_name() == "grade";
    let sessions_here = SESSION_COMMANDS.contains(&cmd.get_name());
    cmd.mut_args(move |arg| {
        let completer = match arg.get_id().as_str() {
            "scenario" | "show" => Some(ArgValueCompleter::new(scenarios)),
            "model" => Some(ArgValueCompleter::new(models)),
            // SessionArgs' positional, and grade's transcripts-or-ids.
            "id" if arg.get_long().is_none() && sessions_here => {
                Some(ArgValueCompleter::new(sessions))
            }
            "targets" if grade => Some(ArgValueCompleter::new(sessions_and_files)),
            _ => None,
        };
        match completer {
            Some(c) => arg.add(c),
            None => arg,
        }
    })
    .mut_subcommands(with_completers)
}

fn starting_with(
    current: &OsStr,
    values: impl IntoIterator<Item = String>,
) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    values
        .into_iter()
        .filter(|v| v.starts_with(current.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// The built-in cases with any `INTERVIEWER_PROMPTS` overlay, and `random`.
fn scenarios(current: &OsStr) -> Vec<CompletionCandidate> {
    let dir = std::env::var_os("INTERVIEWER_PROMPTS").map(std::path::PathBuf::from);
    let Ok(set) = crate::disk::prompt_set(dir.as_deref()) else {
        return Vec::new();
    };
    let ids = set
        .scenarios()
        .map(|s| s.id.clone())
        .chain(std::iter::once(crate::scenario_check::RANDOM.to_string()));
    starting_with(current, ids)
}

/// Saved sessions, newest first.
fn sessions(current: &OsStr) -> Vec<CompletionCandidate> {
    let Ok(paths) = crate::paths::current() else {
        return Vec::new();
    };
    let Ok(files) = crate::transcript::library::paths(&paths.transcripts) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = files
        .iter()
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    starting_with(current, ids)
}

/// Sessions, or — once the word looks like a path — files.
fn sessions_and_files(current: &OsStr) -> Vec<CompletionCandidate> {
    let word = current.to_string_lossy();
    if word.contains('/') || word.starts_with('.') {
        return clap_complete::engine::PathCompleter::any().complete(current);
    }
    sessions(current)
}

/// How long a Tab waits for the server's model list.
const MODELS_DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// The configured server's models; none when it does not answer in time.
fn models(current: &OsStr) -> Vec<CompletionCandidate> {
    let server = crate::cli::ServerArgs {
        base_url: None,
        model: None,
        context: None,
        temperature: None,
    };
    let Ok(provider) = crate::provider::Provider::from_args(&server) else {
        return Vec::new();
    };
    let Ok(client) = provider.client(crate::provider::Purpose::Probe) else {
        return Vec::new();
    };
    // A Tab must not hang the shell: a server slower than this offers nothing.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(client.list_models().unwrap_or_default());
    });
    let names = rx.recv_timeout(MODELS_DEADLINE).unwrap_or_default();
    starting_with(current, names)
}
