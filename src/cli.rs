//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A mock interviewer for ML pipeline and ML system design rounds.
///
/// With no subcommand, runs a mock interview in the terminal. With no LLM server
/// reachable (or with --offline), the built-in interviewer asks the questions.
#[derive(Debug, Parser)]
#[command(name = "interviewer", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Commands>,

    #[command(flatten)]
    pub run: RunArgs,
}

impl Cli {
    /// Parses the command line and hands the global `--prompts`, wherever it
    /// was given, to the subcommand that reads prompt files.
    /// The interview's own flags (`--scenario`, `--minutes`…) cannot go with a
    /// subcommand; only the global `--prompts` can, before or after it.
    pub fn resolved() -> Cli {
        use clap::{CommandFactory as _, FromArgMatches as _};
        let mut command = Cli::command();
        let matches = command.get_matches_mut();
        if let Some(sub) = matches.subcommand_name() {
            let interview_flag = matches.ids().find(|id| {
                id.as_str() != "prompts"
                    && matches.value_source(id.as_str())
                        == Some(clap::parser::ValueSource::CommandLine)
            });
            if let Some(id) = interview_flag {
                let flag = command
                    .get_arguments()
                    .find(|a| a.get_id() == id)
                    .and_then(|a| a.get_long().map(|l| format!("--{l}")))
                    .unwrap_or_else(|| id.to_string());
                command
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!(
                            "{flag} is an option of the interview and cannot be used with the subcommand '{sub}'"
                        ),
                    )
                    .exit();
            }
        }
        Cli::from_arg_matches(&matches)
            .unwrap_or_else(|e| e.exit())
            .with_prompts()
    }

    /// Copies the global `--prompts` into the subcommand's arguments.
    pub fn with_prompts(mut self) -> Cli {
        let dir = PromptArgs {
            prompts: self.run.prompts.clone(),
        };
        match &mut self.command {
            Some(Commands::Scenarios(a)) => {
                a.prompts = dir.clone();
                if let Some(ScenariosCommand::Check(c)) = &mut a.command {
                    c.prompts = dir;
                }
            }
            Some(Commands::Replay(a)) => a.prompts = dir,
            Some(Commands::Resume(a)) => a.prompts = dir,
            Some(Commands::History(a)) => a.prompts = dir,
            Some(Commands::Practice(a)) => a.prompts = dir,
            Some(Commands::Report(a)) => a.prompts = dir,
            Some(Commands::Grade(a)) => a.prompts = dir,
            Some(Commands::Eval(a)) => a.prompts = dir,
            Some(Commands::Completions(a)) => a.prompts = dir,
            Some(Commands::Retry(a)) => a.prompts = dir,
            _ => {}
        }
        self
    }
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// List the cases (domain, difficulty, times practised, what each stresses); `new` and `check` for authors.
    Scenarios(ScenariosArgs),
    /// Show where transcripts, input history and the config file live.
    Paths,
    /// Grade saved transcripts against the rubric (deterministic, offline).
    Grade(GradeArgs),
    /// Check the LLM server: reachability, kind and version, models, context, time to first token.
    Doctor(ServerArgs),
    /// List the models the LLM server has.
    Models(ModelsArgs),
    /// Show the settings in effect and where each comes from; --example prints a commented config.toml.
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell); for live session and model names use `source <(COMPLETE=bash interviewer)`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output: `interviewer man | man -l -`.
    Man,
    /// Saved sessions.
    Transcripts {
        #[command(subcommand)]
        command: TranscriptsCommand,
    },
    /// Play a saved interview back: phases, who said what, the clock as it was.
    Replay(ReplayArgs),
    /// Continue an interview that stopped early (quit, end of input, crash, kill).
    Resume(ResumeArgs),
    /// Progress across sessions: score per rubric dimension over time.
    History(HistoryArgs),
    /// What to practise next and why: the case, the level, and where your own judgement is off.
    Practice(PracticeArgs),
    /// Write a shareable report (grade with evidence, and the whole transcript).
    Report(ReportArgs),
    /// Measure the configured model as the interviewer: turns shown as written, replaced, speed.
    Eval(EvalArgs),
    /// Re-answer one weak point of a saved session and see what the new answer changes.
    Retry(RetryArgs),
}

/// Options of `scenarios`: the listing, or an authoring tool.
#[derive(Debug, Clone, Args)]
pub struct ScenariosArgs {
    #[command(subcommand)]
    pub command: Option<ScenariosCommand>,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,

    /// Where practised sessions are counted from.
    #[command(flatten)]
    pub dir: DirArgs,
}

/// The authoring tools of `scenarios`.
#[derive(Debug, Clone, Subcommand)]
pub enum ScenariosCommand {
    /// Write a commented scaffold for a new case to DIR/scenarios/ID.toml (DIR: --dir, else ./prompts); never overwrites.
    New(ScenarioNewArgs),
    /// Check scenario files like code (schema, facts, numbers, phases, hints); `file:line` messages, exit 1 on any problem.
    Check(ScenarioCheckArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ScenarioNewArgs {
    /// The new case's id: lowercase letters, digits and '-' (e.g. payment-fraud).
    #[arg(value_name = "ID")]
    pub id: String,

    /// A directory laid out like prompts/ (the one you pass to --prompts) [default: ./prompts].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ScenarioCheckArgs {
    /// A directory of scenario files, or one laid out like prompts/ (its scenarios/ is read)
    /// [default: the built-in cases with any --prompts overlay].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// After the check, show what a candidate will meet in case ID: phase openings,
    /// follow-ups with their targets, the facts, a dry run of its reference answers
    /// (shown without asking when DIR holds one case).
    #[arg(long, value_name = "ID")]
    pub show: Option<String>,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

#[derive(Debug, Subcommand)]
pub enum TranscriptsCommand {
    /// List saved sessions, newest first.
    List(DirArgs),
}

/// Where saved sessions are looked up.
#[derive(Debug, Clone, Args)]
pub struct DirArgs {
    /// Directory of saved transcripts (default: the transcripts dir, see `interviewer paths`).
    #[arg(long, value_name = "DIR")]
    pub transcript_dir: Option<PathBuf>,
}

/// Which saved session a command works on.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false, id = "which")]
pub struct SessionArgs {
    /// A transcript file, a session id, or a unique part of one.
    #[arg(value_name = "ID|FILE", group = "which")]
    pub id: Option<String>,

    /// The newest saved session.
    #[arg(long, group = "which")]
    pub last: bool,

    #[command(flatten)]
    pub dir: DirArgs,
}

/// How fast a replay runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// No pauses.
    Fast,
    /// The pauses as they happened.
    Realtime,
    /// N times faster than it happened.
    Times(f64),
}

fn parse_pace(s: &str) -> Result<Pace, String> {
    match s {
        "fast" => Ok(Pace::Fast),
        "realtime" => Ok(Pace::Realtime),
        n => match n.parse::<f64>() {
            Ok(x) if (0.01..=1_000_000.0).contains(&x) => Ok(Pace::Times(x)),
            _ => Err(format!(
                "'{n}' is not a pace: use fast, realtime, or a speed-up factor from 0.01 to 1000000, such as 4"
            )),
        },
    }
}

#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// fast (no pauses), realtime, or N (N times faster than real time).
    #[arg(long, value_name = "PACE", default_value = "fast", value_parser = parse_pace)]
    pub pace: Pace,

    /// After each answer, show which rubric criteria it earned.
    #[arg(long)]
    pub grade: bool,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ResumeArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// Continue with the built-in interviewer even if an LLM server is reachable.
    #[arg(long)]
    pub offline: bool,

    #[command(flatten)]
    pub server: ServerArgs,

    /// Do not read or write the input history file.
    #[arg(long, env = "INTERVIEWER_NOHISTORY", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_history: bool,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Only sessions of this scenario.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,

    /// Chart the overall score, and per dimension the score and your ratings
    /// against the grade, over the sessions.
    #[arg(long)]
    pub plot: bool,

    #[command(flatten)]
    pub dir: DirArgs,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Options of `practice`.
#[derive(Debug, Clone, Args)]
pub struct PracticeArgs {
    /// The level you practise at now [default: your last round's].
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,

    #[command(flatten)]
    pub dir: DirArgs,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,

    /// Write the report here instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Output formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
    Json,
    Junit,
}

/// Options of `grade`.
#[derive(Debug, Clone, Args)]
#[command(
    group = clap::ArgGroup::new("what").required(true).multiple(true),
    override_usage = "interviewer grade [OPTIONS] <FILE|DIR|ID>...\n       interviewer grade [OPTIONS] --last\n       interviewer grade [OPTIONS] --text <FILE|->"
)]
pub struct GradeArgs {
    /// Transcript files (.jsonl), directories holding them, or saved sessions by
    /// id or a unique part of one.
    #[arg(value_name = "FILE|DIR|ID", group = "what")]
    pub targets: Vec<String>,

    /// The newest saved session.
    #[arg(long, group = "what")]
    pub last: bool,

    /// A written design (plain text or Markdown) to grade instead of a transcript;
    /// `-` reads standard input. No phases: every criterion counts in full.
    #[arg(long, value_name = "FILE|-", group = "what")]
    pub text: Vec<String>,

    /// The scenario a written design answers, to hold it to the case's facts.
    #[arg(long, value_name = "ID", requires = "text")]
    pub scenario: Option<String>,

    #[command(flatten)]
    pub dir: DirArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,

    /// Rubric file to grade with (default: rubric.toml of the prompt set).
    #[arg(long, value_name = "PATH")]
    pub rubric: Option<PathBuf>,

    /// Exit with status 1 when any transcript scores below N (0-100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: Option<u32>,

    /// Judge at this level (mid, senior, staff) instead of the level each
    /// session was interviewed at; written designs default to senior.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,

    /// Rate yourself 1–5 on each dimension before the grade is shown; the
    /// ratings are kept beside the session and `history` tracks the gap.
    #[arg(long = "self", conflicts_with = "text")]
    pub rate_self: bool,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Where the prompt files come from, for commands that read them: the global
/// `--prompts` (or `INTERVIEWER_PROMPTS`), copied in by [`Cli::resolved`].
#[derive(Debug, Clone, Default)]
pub struct PromptArgs {
    pub prompts: Option<PathBuf>,
}

/// Options of `retry`.
#[derive(Debug, Clone, Args)]
pub struct RetryArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// The rubric criterion to re-answer (as `interviewer grade` lists them)
    /// [default: the gap worth the most].
    #[arg(long, value_name = "CRITERION")]
    pub criterion: Option<String>,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Options of `models`: only which server to ask.
#[derive(Debug, Clone, Args)]
pub struct ModelsArgs {
    /// OpenAI-compatible API base URL of the LLM server [default: as for the interview].
    #[arg(long, visible_alias = "api-base", value_name = "URL")]
    pub base_url: Option<String>,
}

impl ModelsArgs {
    /// The server settings these options name (no model, no context).
    pub fn server(&self) -> ServerArgs {
        ServerArgs {
            base_url: self.base_url.clone(),
            model: None,
            context: None,
            temperature: None,
        }
    }
}

/// Options of `config`.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Print a commented example config.toml instead of the settings in effect.
    #[arg(long)]
    pub example: bool,

    #[command(flatten)]
    pub server: ServerArgs,
}

/// Options of `completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,

    /// Filled from the global --prompts (see [`Cli::resolved`]): the scenario ids
    /// written into the script are those of this prompt set.
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Which LLM server and model to use.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// OpenAI-compatible API base URL of the LLM server [default: $INTERVIEWER_BASE_URL,
    /// config.toml, $OPENAI_BASE_URL, $OPENAI_API_BASE, $OLLAMA_HOST, http://127.0.0.1:11434/v1].
    #[arg(long, visible_alias = "api-base", value_name = "URL")]
    pub base_url: Option<String>,

    /// Model to interview with [default: $INTERVIEWER_MODEL, config.toml, or the server's first].
    #[arg(short, long, value_name = "NAME")]
    pub model: Option<String>,

    /// The model's context window in tokens [default: $INTERVIEWER_CONTEXT, config.toml, 4096].
    #[arg(long, value_name = "TOKENS", value_parser = clap::value_parser!(u32).range(512..))]
    pub context: Option<u32>,

    /// Sampling temperature, 0 to 2 [default: $INTERVIEWER_TEMPERATURE, config.toml, 0.4].
    #[arg(long, value_name = "T")]
    pub temperature: Option<f32>,
}

/// Options of `eval`.
#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Only this scenario [default: every scenario with practice answers].
    #[arg(short, long, value_name = "ID")]
    pub scenario: Option<String>,

    /// Answers to play instead of the shipped ones (one answer per line, as piped to an interview).
    #[arg(long, value_name = "FILE", requires = "scenario")]
    pub answers: Option<PathBuf>,

    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,

    /// Ask for each question as JSON ({acknowledgement, question}) under a schema.
    #[arg(long)]
    pub structured: bool,

    /// The interviewer quality check: play the labelled candidate scripts in DIR
    /// (e.g. tests/data/candidates/dev) and measure re-asks, drill-downs, probes of
    /// vague answers, gaps asked, contradictions raised, and (with a model) how many
    /// listening moves survive its phrasing.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["answers", "scenario", "json", "structured"])]
    pub candidates: Option<PathBuf>,

    /// With --candidates: the built-in scripted interviewer instead of a model.
    #[arg(long, requires = "candidates")]
    pub offline: bool,

    /// With --candidates: print every interview, each question with its move.
    #[arg(long, requires = "candidates")]
    pub show: bool,

    #[command(flatten)]
    pub server: ServerArgs,

    /// Filled from the global --prompts (see [`Cli::resolved`]).
    #[arg(skip)]
    pub prompts: PromptArgs,
}

/// Options of the interview itself.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Scenario to practise (see `interviewer scenarios`), or `random` for any case
    /// [default: the case that stresses your weakest area, from your history].
    #[arg(short, long, value_name = "ID")]
    pub scenario: Option<String>,

    /// Length of the round in minutes.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: Option<u32>,

    /// Use the built-in interviewer even if an LLM server is reachable.
    #[arg(long)]
    pub offline: bool,

    /// The level the round is asked and judged at: mid, senior or staff
    /// (docs/levels.md) [default: the config file's `level`, else senior].
    #[arg(long, value_name = "LEVEL", env = "INTERVIEWER_LEVEL")]
    pub level: Option<String>,

    #[command(flatten)]
    pub server: ServerArgs,

    /// Directory for this session's transcript (default: the transcripts dir, see `interviewer paths`).
    #[arg(long, value_name = "DIR")]
    pub transcript_dir: Option<PathBuf>,

    /// Do not read or write the input history file.
    #[arg(long, env = "INTERVIEWER_NOHISTORY", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_history: bool,

    /// Directory laid out like prompts/ whose files replace or add to the
    /// built-in ones. Accepted before or after a subcommand.
    #[arg(long, global = true, value_name = "DIR", env = "INTERVIEWER_PROMPTS")]
    pub prompts: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn scenarios_takes_new_and_check_and_the_listing_takes_none() {
        use clap::Parser as _;
        let cli = super::Cli::try_parse_from(["interviewer", "scenarios", "check", "dir"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(super::Commands::Scenarios(super::ScenariosArgs {
                command: Some(super::ScenariosCommand::Check(_)),
                ..
            }))
        ));
        let cli = super::Cli::try_parse_from(["interviewer", "scenarios"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(super::Commands::Scenarios(super::ScenariosArgs {
                command: None,
                ..
            }))
        ));
    }
}
