//! `interviewer completions SHELL` and `interviewer man`: generated from the
//! same clap definition the program parses with, so they cannot drift from it.

use std::io::Write;

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    // A static script cannot ask the program, so the scenario ids of the
    // prompt set in effect are written into it; `COMPLETE=SHELL interviewer`
    // (see `crate::complete`) completes sessions and models as they are.
    let set = crate::disk::prompt_set(args.prompts.prompts.as_deref())?;
    let ids: Vec<String> = set
        .scenarios()
        .map(|s| s.id.clone())
        .chain(std::iter::once(crate::scenario_check::RANDOM.to_string()))
        .collect();
    let mut cmd = with_scenario_ids(Cli::command(), &ids);
    // clap_complete panics when its writer fails (a closed or full stdout):
    // the script is built in memory and written here, where an error is ours.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "interviewer", &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(0)
}

/// The whole manual in one page: the top-level sections from clap_mangen, then
/// a COMMANDS section with every subcommand (and their subcommands) — usage,
/// description and options — instead of references to per-command pages that
/// are not installed anywhere.
/// Every `--scenario` and `--show` offers `ids` (for completion only: parsing
/// still accepts a case added later from disk).
fn with_scenario_ids(cmd: clap::Command, ids: &[String]) -> clap::Command {
    cmd.mut_args(|arg| match arg.get_id().as_str() {
        "scenario" | "show" => arg.value_parser(clap::builder::PossibleValuesParser::new(
            ids.iter()
                .map(|id| clap::builder::PossibleValue::new(id.clone())),
        )),
        _ => arg,
    })
    .mut_subcommands(|sub| with_scenario_ids(sub, ids))
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<u8> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        command_section(&mut page, sub, "interviewer");
    }
    page.extend_from_slice(
        b".SH FILES\nRun \\fBinterviewer paths\\fR to see where transcripts, the input history and config.toml live.\n",
    );
    page.extend_from_slice(sections(ENVIRONMENT, EXIT_STATUS).as_bytes());
    man.render_version_section(&mut page)?;
    out.write_all(&page)?;
    out.flush()?;
    Ok(0)
}

/// The variables the program reads, and what each does.
const ENVIRONMENT: [(&str, &str); 18] = [
    (
        "INTERVIEWER_HOME",
        "One directory for transcripts, history and config.toml, instead of the platform's.",
    ),
    (
        "INTERVIEWER_BASE_URL",
        "The OpenAI-compatible server (as --base-url).",
    ),
    ("INTERVIEWER_MODEL", "The model (as --model)."),
    (
        "INTERVIEWER_CONTEXT",
        "The model's context window in tokens (as --context).",
    ),
    (
        "INTERVIEWER_TEMPERATURE",
        "Sampling temperature, 0 to 2 (as --temperature).",
    ),
    (
        "INTERVIEWER_API_KEY",
        "An API key, sent as a Bearer header; never written anywhere.",
    ),
    (
        "OPENAI_API_KEY",
        "The API key when INTERVIEWER_API_KEY is not set.",
    ),
    (
        "OPENAI_BASE_URL",
        "The server when nothing above names one; also OPENAI_API_BASE.",
    ),
    (
        "OLLAMA_HOST",
        "Ollama's address, when nothing above names a server.",
    ),
    (
        "INTERVIEWER_MAX_REPLY_CHARS",
        "Cap on one interviewer reply, in characters.",
    ),
    (
        "INTERVIEWER_MAX_REPLY_SECONDS",
        "Cap on one interviewer reply, in seconds.",
    ),
    (
        "INTERVIEWER_PROMPTS",
        "A directory laid out like prompts/ (as --prompts).",
    ),
    (
        "INTERVIEWER_NOHISTORY",
        "Set to 1 to keep no input history (as --no-history).",
    ),
    ("NO_COLOR", "Set to anything to turn colour off."),
    (
        "COLUMNS",
        "The width to fit output to; else the terminal's, and none when piped.",
    ),
    ("VISUAL", "The editor /edit opens; else EDITOR, else vi."),
    ("EDITOR", "The editor /edit opens when VISUAL is not set."),
    (
        "COMPLETE",
        "Set by the shell's completion function (source <(COMPLETE=bash interviewer)).",
    ),
];

/// Exit codes, as the README's table gives them.
const EXIT_STATUS: [(&str, &str); 4] = [
    (
        "0",
        "The command or session ended normally (completed, /quit, end of input).",
    ),
    (
        "1",
        "A failure of the machine: an unwritable directory, a terminal error, a server error.",
    ),
    (
        "2",
        "Something to fix in what was passed: a bad flag, an unknown scenario, a malformed file or input.",
    ),
    (
        "129, 130, 143",
        "Stopped by SIGHUP, SIGINT or SIGTERM (128 + the signal); the transcript ends with interrupted.",
    ),
];

/// The ENVIRONMENT and EXIT STATUS sections.
fn sections(environment: [(&str, &str); 18], exit: [(&str, &str); 4]) -> String {
    let mut o = String::from(".SH ENVIRONMENT\n");
    for (name, what) in environment {
        o.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(name), roff(what)));
    }
    o.push_str(".SH \"EXIT STATUS\"\n");
    for (code, what) in exit {
        o.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(code), roff(what)));
    }
    o
}

/// One subcommand as a `.SS` subsection: its usage, its long description and
/// its options and arguments, then its own subcommands.
fn command_section(page: &mut Vec<u8>, cmd: &clap::Command, parent: &str) {
    use std::fmt::Write as _;
    let name = format!("{parent} {}", cmd.get_name());
    let mut o = String::new();
    let _ = writeln!(o, ".SS \"{}\"", roff(&name));
    let usage = cmd.clone().bin_name(&name).render_usage().to_string();
    let usage = usage.trim_start_matches("Usage: ");
    let _ = writeln!(o, ".nf\n\\fB{}\\fR\n.fi", roff(usage));
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        let _ = writeln!(o, ".PP\n{}", roff(&about.to_string()));
    }
    for arg in cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
    {
        let mut names = Vec::new();
        if let Some(s) = arg.get_short() {
            names.push(format!("-{s}"));
        }
        if let Some(l) = arg.get_long() {
            names.push(format!("--{l}"));
        }
        let value = arg
            .get_value_names()
            .map(|v| {
                v.iter()
                    .map(|n| format!("<{n}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let head = if names.is_empty() {
            if value.is_empty() {
                format!("<{}>", arg.get_id())
            } else {
                value
            }
        } else if arg.get_action().takes_values() && !value.is_empty() {
            format!("{} {value}", names.join(", "))
        } else {
            names.join(", ")
        };
        let mut help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && arg.get_action().takes_values() {
            help.push_str(&format!(" [possible values: {}]", values.join(", ")));
        }
        let _ = writeln!(o, ".TP\n\\fB{}\\fR\n{}", roff(&head), roff(&help));
    }
    page.extend_from_slice(o.as_bytes());
    for sub in cmd.get_subcommands() {
        command_section(page, sub, &name);
    }
}

/// Text made safe for roff: backslashes doubled, hyphens escaped, and a line
/// that would start with a control character (`.` or `'`) guarded.
fn roff(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
