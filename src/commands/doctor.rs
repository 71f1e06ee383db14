//! `interviewer doctor`: is the LLM server usable for an interview, and how is it
//! set up? It answers in sentences, one check a line: reachability, the kind of
//! server and its version, its models, the context length it enforces, where the
//! API key comes from (never the key), and a time-to-first-token round trip.
//! Every failed check names the fix for the kind of server it found.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use serde_json::json;

use crate::cli::ServerArgs;
use crate::config::{DEFAULT_CONTEXT, Settings};
use crate::llm::client::{ChatRequest, Client, Ending, Flow, Message};
use crate::llm::discovery;
use crate::llm::servers::ServerKind;
use crate::provider::{Provider, Purpose};
use crate::sanitize::for_terminal;
use crate::style::{Mark, Style};
use crate::text::count;

struct Out<'a> {
    out: &'a mut dyn Write,
    style: Style,
}

impl Out<'_> {
    fn ok(&mut self, line: &str) -> std::io::Result<()> {
        writeln!(self.out, "{} {line}", self.style.mark(Mark::Good, "✓"))
    }
    fn bad(&mut self, line: &str, fix: &str) -> std::io::Result<()> {
        writeln!(self.out, "{} {line}", self.style.mark(Mark::Bad, "✗"))?;
        writeln!(self.out, "  fix: {fix}")
    }
    fn note(&mut self, line: &str) -> std::io::Result<()> {
        writeln!(self.out, "{} {line}", self.style.mark(Mark::Warn, "!"))
    }
}

/// The checks in order; each failing one names its fix and ends the run with 1.
pub fn run(args: &ServerArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut o = Out {
        out,
        style: crate::terminal::stdout_style(),
    };
    let provider = Provider::from_args(args)?;
    let s = provider.settings.clone();
    let base = provider.shown_url();
    writeln!(o.out, "Server: {base} (from {}).", s.base_url_from)?;
    let client = provider.client(Purpose::Ask)?;
    let started = Instant::now();
    let models = match client.list_models() {
        Ok(m) => m,
        Err(e) => {
            let kind = ServerKind::guess(&s.base_url);
            o.bad(
                &format!(
                    "It does not answer: {}.",
                    for_terminal(&e.to_string())
                        .lines()
                        .next()
                        .unwrap_or_default()
                ),
                &format!(
                    "{}; or pass --base-url with the right address. Until then the interview runs with the built-in offline interviewer.",
                    kind.start_hint
                ),
            )?;
            return Ok(1);
        }
    };
    o.ok(&format!(
        "It answers: GET /models took {} ms.",
        started.elapsed().as_millis()
    ))?;
    let (kind, props) = identity(&mut o, &client)?;
    if models.is_empty() {
        o.bad(
            "It lists no models.",
            &kind
                .model_hint("MODEL")
                .replace(", or pass --model with one of those", ""),
        )?;
        return Ok(1);
    }
    let Some(model) = pick_model(&mut o, &s, &models, kind)? else {
        return Ok(1);
    };
    context(&mut o, &client, &s, kind, props.as_ref(), &model)?;
    key_and_counter(&mut o, &s)?;
    if !one_reply(&mut o, &provider, kind, &model)? {
        return Ok(1);
    }
    writeln!(
        o.out,
        "Ready: `interviewer` will interview with {} on this server.",
        for_terminal(&model)
    )?;
    Ok(0)
}

/// llama.cpp's `/props`: the context it was started with, and its build.
type Props = (Option<u64>, Option<String>);

/// What kind of server it is, and its version, said in one line.
fn identity(
    o: &mut Out<'_>,
    client: &Client,
) -> anyhow::Result<(&'static ServerKind, Option<Props>)> {
    let id = discovery::identify(client);
    let (kind, props) = (id.kind, id.props);
    let version = id.version.map_or(String::new(), |v| {
        format!(" ({} {})", kind.version_word, for_terminal(&v))
    });
    o.ok(&format!("It is {}{version}.", kind.name))?;

    Ok((kind, props))
}

/// The model the interview will use: the one set, when the server has it, or
/// the server's first; `None` (after saying why) when the one set is missing.
fn pick_model(
    o: &mut Out<'_>,
    s: &Settings,
    models: &[String],
    kind: &ServerKind,
) -> anyhow::Result<Option<String>> {
    o.ok(&format!(
        "It has {}: {}.",
        count(models.len(), "model"),
        for_terminal(&models.join(", "))
    ))?;
    Ok(match &s.model {
        Some(m) if models.contains(m) => {
            o.ok(&format!(
                "The interview will use {}, as set.",
                for_terminal(m)
            ))?;
            Some(m.clone())
        }
        Some(m) => {
            // Asking for a model the server does not list only waits for an error.
            o.bad(
                &format!(
                    "The model you set, '{}', is not on this server.",
                    for_terminal(m)
                ),
                &kind.model_hint(&for_terminal(m)),
            )?;
            return Ok(None);
        }
        None => {
            let first = models[0].clone();
            o.ok(&format!(
                "The interview will use {}, the server's first model (choose another with --model).",
                for_terminal(&first)
            ))?;
            Some(first)
        }
    })
}

/// The context the server enforces against the one the interview budgets for.
fn context(
    o: &mut Out<'_>,
    client: &Client,
    s: &Settings,
    kind: &ServerKind,
    props: Option<&Props>,
    model: &str,
) -> anyhow::Result<()> {
    let enforced = discovery::enforced_context_given(client, props, Some(model));
    match (enforced, s.context) {
        (Some((n, from)), Some(set)) if u64::from(set) > n => o.note(&format!(
            "Its context is {n} tokens ({from}), but --context says {set}; replies may be cut. Pass --context {n}."
        ))?,
        (Some((n, from)), _) => o.ok(&format!("Its context is {n} tokens ({from})."))?,
        (None, set) => {
            let trained = kind
                .truncates_silently
                .then(|| {
                    client
                        .post_json(&client.at_root("api/show"), &json!({ "model": model }))
                        .and_then(|v| discovery::ollama_context(&v))
                })
                .flatten();
            let budget = set.unwrap_or(DEFAULT_CONTEXT);
            match trained {
                Some(n) => o.note(&format!(
                    "The model was trained for {n} tokens, but Ollama cuts prompts at its num_ctx without saying; the interview budgets for {budget}. Raise OLLAMA_CONTEXT_LENGTH and pass --context to match."
                ))?,
                None => o.note(&format!(
                    "It does not say its context length; the interview budgets for {budget} tokens{}.",
                    if set.is_some() { " as set" } else { " (set --context to change it)" }
                ))?,
            }
        }
    }
    Ok(())
}

/// Where the API key comes from (never the key), and the token counter warmed.
fn key_and_counter(o: &mut Out<'_>, s: &Settings) -> anyhow::Result<()> {
    match &s.api_key_from {
        Some(from) => o.ok(&format!(
            "An API key is set, from {from}; it is sent only to this server."
        ))?,
        None => o.ok("No API key is set (a local server needs none).")?,
    }
    let t0 = Instant::now();
    crate::llm::context::tokens("warm");
    o.ok(&format!(
        "The token counter is ready ({} ms).",
        t0.elapsed().as_millis()
    ))?;

    Ok(())
}

/// A one-word reply, timed to its first token; false when it failed.
fn one_reply(
    o: &mut Out<'_>,
    provider: &Provider,
    kind: &ServerKind,
    model: &str,
) -> anyhow::Result<bool> {
    let request = ChatRequest {
        model: model.to_string(),
        messages: vec![Message::new("user", "Reply with one word: ready?")],
        max_tokens: Some(8),
        temperature: Some(0.0),
        response_format: None,
        frequency_penalty: None,
    };
    match provider
        .client(Purpose::Chat)?
        .chat(&request, &AtomicBool::new(false), &mut |_| Flow::Go)
    {
        Ok(c) => {
            let ttft = c
                .first_text_after
                .map_or("no text".to_string(), |d| format!("{} ms", d.as_millis()));
            match c.ending {
                Ending::Complete { .. } => o.ok(&format!(
                    "A one-word reply took {ttft} to its first token and finished normally."
                ))?,
                Ending::Incomplete { why } | Ending::Capped { why } | Ending::Stopped { why } => o.note(&format!(
                    "A one-word reply took {ttft} to its first token but did not finish cleanly: {}.",
                    for_terminal(&why)
                ))?,
                Ending::Cancelled => {}
            }
        }
        Err(e) => {
            o.bad(
                &format!(
                    "A one-word reply failed: {}.",
                    for_terminal(&e.to_string())
                        .lines()
                        .next()
                        .unwrap_or_default()
                ),
                &kind.model_hint(&for_terminal(model)),
            )?;
            return Ok(false);
        }
    }
    Ok(true)
}
