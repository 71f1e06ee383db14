//! Durable interview transcripts: one JSON object per line (JSONL), schema 1.
//!
//! - [`model`]: the records and a pure parser that accepts a torn last line.
//! - [`store`]: where transcripts live, and an append-only writer that fsyncs
//!   each record before the interview moves on.
//! - [`library`]: listing saved sessions and finding one by id, prefix or `--last`.
//!
//! The format is a contract documented in `docs/transcript-format.md`.

pub mod library;
pub mod model;
pub mod store;

pub use model::{
    End, EndReason, Header, ParseError, PhaseChange, Record, Role, SCHEMA_VERSION, Transcript, Turn,
};
pub use store::{StoreError, TranscriptWriter};
