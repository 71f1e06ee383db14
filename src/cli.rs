//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A mock interviewer for ML pipeline and ML system design rounds.
///
/// With no subcommand, runs a mock interview in the terminal. With no LLM server
/// reachable (or with --offline), the built-in interviewer asks the questions.
#[derive(Debug, Parser)]
#[command(name = "interviewer", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Commands>,

    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// List the scenarios with a one-line description each.
    Scenarios(PromptArgs),
    /// Show where transcripts, input history and the config file live.
    Paths,
    /// Grade saved transcripts against the rubric (deterministic, offline).
    Grade(GradeArgs),
}

/// Options of `grade`.
#[derive(Debug, Clone, Args)]
pub struct GradeArgs {
    /// Transcript files (.jsonl), or directories holding them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::commands::grade::Format,

    /// Rubric file to grade with (default: rubric.toml of the prompt set).
    #[arg(long, value_name = "PATH")]
    pub rubric: Option<PathBuf>,

    /// Exit with status 1 when any transcript scores below N (0-100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: Option<u32>,

    #[command(flatten)]
    pub prompts: PromptArgs,
}

/// Options shared by commands that read the prompt files.
#[derive(Debug, Clone, Args)]
pub struct PromptArgs {
    /// Directory laid out like prompts/ whose files replace or add to the built-in ones.
    #[arg(long, value_name = "DIR", env = "INTERVIEWER_PROMPTS")]
    pub prompts: Option<PathBuf>,
}

/// Options of the interview itself.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Scenario to practise (see `interviewer scenarios`); a random one if omitted.
    #[arg(short, long, value_name = "ID")]
    pub scenario: Option<String>,

    /// Length of the round in minutes.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: Option<u32>,

    /// Use the built-in interviewer even if an LLM server is reachable.
    #[arg(long)]
    pub offline: bool,

    /// OpenAI-compatible API base URL of the LLM server.
    #[arg(
        long,
        value_name = "URL",
        env = "INTERVIEWER_BASE_URL",
        default_value = "http://127.0.0.1:11434/v1"
    )]
    pub base_url: String,

    /// Directory for this session's transcript (default: the transcripts dir, see `interviewer paths`).
    #[arg(long, value_name = "DIR")]
    pub transcript_dir: Option<PathBuf>,

    /// Do not read or write the input history file.
    #[arg(long, env = "INTERVIEWER_NOHISTORY", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_history: bool,

    #[command(flatten)]
    pub prompts: PromptArgs,
}
