//! interviewer: a terminal mock interviewer for ML pipeline / ML system design rounds.
//!
//! The map, layer by layer (a module imports only from its layer or below;
//! `tests/architecture.rs` checks it, docs/architecture.md draws it):
//! - Ground floor, the shared words: [`vocab`] (phases, roles, turn kinds, the
//!   clock), [`text`] (sentences and words), [`quantity`] (numbers and times
//!   in prose), [`sanitize`] (escapes stripped and secrets redacted from
//!   everything that leaves the process), [`wrap`], [`style`].
//! - Pure core: [`markdown`] (the one Markdown writer), [`prompts`] (the
//!   prompt files and scenario facts, parsed), [`interview`] (the state
//!   machine), [`rubric`] (compiled for matching), [`grade`] (deterministic
//!   grading, its report and renderings), [`assessment`] (the running grade of
//!   a session), [`config`] (settings precedence), [`backend`] (the seam for
//!   who phrases turns, and the scripted interviewer), [`progress`],
//!   [`replay`], [`share`] (a session as a shareable report), [`calibration`]
//!   (self-ratings against the grade), [`eval`] (a
//!   model's figures as the interviewer), [`scenario_check`] (a case file
//!   checked like code), [`practice`] (which case to practise next),
//!   `transcript::model`, `repl::command`, and the pure parts of [`llm`] (wire
//!   formats, context fitting, the guard, request assembly).
//! - Edges: [`disk`] (files a user names), [`paths`], [`cli`],
//!   `transcript::{store, library}`, `repl::input` (terminal and pipes), and
//!   `llm::{client, discovery, interviewer}` (HTTP).
//! - Glue: [`session`] runs one interview over traits; [`runner`] runs it for
//!   real (terminal, transcript file, signals, grade saved once) with the
//!   [`spinner`] that shows a turn is being prepared; [`provider`]
//!   turns settings into a provider and picks the interviewer; [`workspace`]
//!   finds sessions and the case material a grade draws on.
//! - Top: [`commands`], one file per subcommand.

pub mod agreement;
pub mod assessment;
pub mod backend;
pub mod calibration;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod config;
pub mod disk;
pub mod eval;
pub mod grade;
pub mod interview;
pub mod listen;
pub mod llm;
pub mod markdown;
pub mod paths;
pub mod practice;
pub mod progress;
pub mod prompts;
pub mod provider;
pub mod quantity;
pub mod rehearsal;
pub mod repl;
pub mod replay;
pub mod retry;
pub mod rubric;
pub mod runner;
pub mod sanitize;
pub mod scenario_check;
pub mod session;
pub mod share;
pub mod spinner;
pub mod style;
pub mod table;
pub mod terminal;
pub mod text;
pub mod transcript;
pub mod vocab;
pub mod workspace;
pub mod wrap;
pub mod writeups;
