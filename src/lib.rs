//! interviewer: a terminal mock interviewer for ML pipeline / ML system design rounds.
//!
//! The map:
//! - Pure core, no I/O: [`interview`] (the state machine and its clock),
//!   [`prompts`] (parsing the prompt files), [`rubric`] (the rubric compiled for
//!   matching), [`grade`] (deterministic grading and its renderers),
//!   [`transcript::model`] (records and their parser), [`repl::command`] (what an
//!   input line means), [`config`] (server settings precedence), [`sanitize`], [`wrap`].
//! - Edges: [`transcript::store`] (files), [`repl::input`] (terminal and pipes),
//!   [`llm`] (the wire format of OpenAI-compatible servers; pure parsers so far),
//!   [`backend`] (who phrases the interviewer's turns), [`paths`].
//! - Glue: [`session`] runs one interview over those traits; [`commands`] has one
//!   file per subcommand; [`cli`] declares the flags.
//!
//! Core modules never import edge modules.

pub mod assessment;
pub mod backend;
pub mod cli;
pub mod commands;
pub mod config;
pub mod disk;
pub mod grade;
pub mod interview;
pub mod llm;
pub mod paths;
pub mod progress;
pub mod prompts;
pub mod repl;
pub mod replay;
pub mod report;
pub mod rubric;
pub mod runner;
pub mod sanitize;
pub mod session;
pub mod style;
pub mod text;
pub mod transcript;
pub mod vocab;
pub mod wiring;
pub mod wrap;
