//! `interviewer doctor`: is the LLM server usable for an interview, and how is it
//! set up? Reachability, kind and version, models, the context length the server
//! reports, the API key's source (never its value), and a time-to-first-token
//! round trip.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use serde_json::json;

use crate::cli::ServerArgs;
use crate::config::DEFAULT_CONTEXT;
use crate::llm::client::{ChatRequest, Message};
use crate::llm::discovery;
use crate::sanitize::for_terminal;
use crate::wiring::{Provider, Purpose};

pub fn run(args: &ServerArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let provider = Provider::from_args(args)?;
    let s = provider.settings.clone();
    let base = provider.shown_url();
    writeln!(out, "server       {base}  (from {})", s.base_url_from)?;
    let client = provider.client(Purpose::Ask)?;
    let started = Instant::now();
    let models = match client.list_models() {
        Ok(m) => m,
        Err(e) => {
            writeln!(out, "reachable    no — {}", for_terminal(&e.to_string()))?;
            writeln!(
                out,
                "\nThe interview will run with the built-in offline interviewer."
            )?;
            return Ok(1);
        }
    };
    writeln!(
        out,
        "reachable    yes (GET /models in {} ms)",
        started.elapsed().as_millis()
    )?;

    let root = client.root_url();
    let props = client
        .get_json(&format!("{root}/props"))
        .and_then(|v| discovery::llama_props(&v));
    let ollama = client
        .get_json(&format!("{root}/api/version"))
        .and_then(|v| discovery::version(&v));
    let vllm = if props.is_none() && ollama.is_none() {
        client
            .get_json(&format!("{root}/version"))
            .and_then(|v| discovery::version(&v))
    } else {
        None
    };
    let kind = match (&props, &ollama, &vllm) {
        (Some((_, build)), _, _) => format!(
            "llama.cpp llama-server{}",
            build
                .as_ref()
                .map_or(String::new(), |b| format!(" (build {b})"))
        ),
        (_, Some(v), _) => format!("Ollama {v}"),
        (_, _, Some(v)) => format!("vLLM {v}"),
        _ => "OpenAI-compatible (kind not reported)".to_string(),
    };
    writeln!(out, "kind         {}", for_terminal(&kind))?;
    writeln!(
        out,
        "models       {}",
        if models.is_empty() {
            "(none listed)".to_string()
        } else {
            for_terminal(&models.join(", "))
        }
    )?;
    let model = match (&s.model, models.first()) {
        (Some(m), _) => {
            let note = if models.is_empty() || models.contains(m) {
                ""
            } else {
                "  ← NOT on this server"
            };
            format!("{m}{note}")
        }
        (None, Some(first)) => format!("{first} (the server's first; choose with --model)"),
        (None, None) => "none".to_string(),
    };
    writeln!(out, "model        {}", for_terminal(&model))?;
    let chosen = s.model.clone().or_else(|| models.first().cloned());

    let reported = match (&ollama, discovery::enforced_context_given(&client, props.as_ref(), chosen.as_deref())) {
        (_, Some((n, from))) => Some(format!("{n} tokens ({from})")),
        (Some(_), None) => chosen
            .as_ref()
            .and_then(|m| client.post_json(&format!("{root}/api/show"), &json!({ "model": m })))
            .and_then(|v| discovery::ollama_context(&v))
            .map(|n| format!("model trained for {n} tokens (Ollama /api/show); Ollama truncates at its num_ctx — raise it with OLLAMA_CONTEXT_LENGTH and pass --context")),
        (None, None) => None,
    };
    let used = match (
        s.context,
        reported.as_ref().filter(|r| !r.contains("Ollama")),
    ) {
        (Some(c), _) => format!("{c} (set)"),
        (None, Some(_)) => "the server's".to_string(),
        (None, None) => format!("{DEFAULT_CONTEXT} (assumed default; set --context)"),
    };
    writeln!(
        out,
        "context      server: {}; interview budget: {used}",
        reported.unwrap_or_else(|| "not reported".into())
    )?;
    writeln!(
        out,
        "api key      {}",
        match &s.api_key_from {
            Some(from) => format!("set (from {from})"),
            None => "none".into(),
        }
    )?;
    let t0 = Instant::now();
    crate::llm::context::tokens("warm");
    writeln!(
        out,
        "tokenizer    cl100k_base ready in {} ms",
        t0.elapsed().as_millis()
    )?;

    if let Some(m) = chosen {
        let request = ChatRequest {
            model: m,
            messages: vec![Message::new("user", "Reply with one word: ready?")],
            max_tokens: Some(8),
            temperature: Some(0.0),
            frequency_penalty: None,
        };
        match provider
            .client(Purpose::Ask)?
            .chat(&request, &AtomicBool::new(false), &mut |_| {})
        {
            Ok(c) => {
                let ttft = c
                    .first_text_after
                    .map_or("no text".to_string(), |d| format!("{} ms", d.as_millis()));
                writeln!(
                    out,
                    "first token  {ttft} (a one-word round trip; {:?})",
                    c.ending
                )?;
            }
            Err(e) => {
                writeln!(
                    out,
                    "first token  failed — {}",
                    for_terminal(&e.to_string())
                )?;
                return Ok(1);
            }
        }
    }
    Ok(0)
}
