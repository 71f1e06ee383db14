//! Talking to OpenAI-compatible servers (Ollama, llama.cpp's llama-server, vLLM,
//! LM Studio, OpenAI). This layer is being built for the LLM interviewer; so far
//! it holds the pure wire pieces, each tested against every dialect's framing:
//!
//! - [`sse`]: server-sent events from raw bytes, safe at any chunk boundary;
//! - [`chunk`]: streamed chunks decoded leniently into text, reasoning, finish,
//!   usage, `[DONE]` and in-stream errors;
//! - [`error`]: error bodies of every shape into one [`error::ServerError`];
//! - [`client`]: streaming chat completions over HTTP (retries before the first
//!   byte only, idle timeout, cancellation, completeness).

pub mod chunk;
pub mod client;
pub mod error;
pub mod sse;
