//! Talking to OpenAI-compatible servers (Ollama, llama.cpp's llama-server, vLLM,
//! LM Studio, OpenAI). The wire pieces are pure and tested against every
//! dialect's framing:
//!
//! - [`sse`]: server-sent events from raw bytes, safe at any chunk boundary;
//! - [`chunk`]: streamed chunks decoded leniently into text, reasoning, finish,
//!   usage, `[DONE]` and in-stream errors;
//! - [`error`]: error bodies of every shape into one [`error::ServerError`];
//! - [`client`]: streaming chat completions over HTTP (retries before the first
//!   byte only, idle timeout, cancellation, completeness);
//! - [`servers`]: the kinds of server as rows of data: ports, probes, quirks
//!   and the advice for each (pure);
//! - [`discovery`]: what a server says about itself (kind, version, context);
//! - [`interviewer`]: the LLM [`crate::backend::Backend`]: prompts, context fit,
//!   guard and fallback.

pub mod chunk;
pub mod client;
pub mod context;
pub mod discovery;
pub mod error;
pub mod guard;
pub mod interviewer;
pub mod message;
pub mod request;
pub mod servers;
pub mod sse;
