//! Turning what the user said about the server into working parts, once:
//! server settings (flags, environment, config file) become a [`Provider`], the
//! provider gives each command a client with the timeouts its job needs, and
//! [`choose_interviewer`] picks the LLM or the built-in interviewer and says
//! which in one line. Used by the interview, `resume`, `eval` and `doctor`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

use crate::backend::{Backend, Scripted};
use crate::cli::ServerArgs;
use crate::config::{self, Settings, Source};
use crate::llm::client::{Client, ClientConfig, ClientError};
use crate::llm::context;
use crate::llm::interviewer::{LlmInterviewer, Speaking};
use crate::llm::request::Briefing;
use crate::prompts::{PromptSet, Scenario};
use crate::rubric::Rubric;
use crate::sanitize::for_terminal;

/// The model a user asked for is not on the server.
#[derive(Debug, thiserror::Error)]
#[error("model '{model}' is not on the server at {base}; it has: {available}\n  fix: {fix}")]
pub struct UnknownModel {
    pub model: String,
    pub base: String,
    pub available: String,
    pub fix: String,
}

/// The environment's variables that are text. `std::env::vars` panics on
/// one that is not UTF-8, and any program may have set one; none of ours can
/// be read from such bytes, so they are left out.
fn environment() -> BTreeMap<String, String> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// True when the config file is there; an error when something that is not a
/// regular file stands in its place (a directory or a FIFO would otherwise be
/// skipped without a word, or hang the read).
fn config_exists(path: &std::path::Path) -> anyhow::Result<bool> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(_) => Err(config::ConfigError::File(format!(
            "{} is not a regular file (a directory, FIFO or device)\n  fix: remove it, or write the settings there with `interviewer config --example > {}`",
            path.display(),
            path.display()
        ))
        .into()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The server settings, from flags, `INTERVIEWER_*` variables, the config file
/// and the ecosystem's variables (see [`crate::config`]).
pub fn settings(args: &ServerArgs) -> anyhow::Result<Settings> {
    let flags = config::Flags {
        base_url: args.base_url.clone(),
        model: args.model.clone(),
        context: args.context,
        temperature: args.temperature,
    };
    let env = environment();
    let file = match crate::paths::current() {
        Ok(p) if config_exists(&p.config)? => {
            let text = crate::disk::read_text(&p.config, 1024 * 1024, "a config file")
                .with_context(|| format!("cannot read {}", p.config.display()))?;
            config::parse_file(&p.config.display().to_string(), &text)?
        }
        _ => config::FileConfig::default(),
    };
    let settings = config::resolve(&flags, &env, &file)?;
    // From here on, neither the key nor the URL's credentials leave the process.
    if let Some(key) = &settings.api_key {
        crate::sanitize::register(key.expose());
    }
    crate::sanitize::register_url(&settings.base_url);
    Ok(settings)
}

/// What a client is for; each job gets the timeouts that suit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Is anything there? At start-up, before an interview: fail fast, no retries.
    Probe,
    /// Listing models and asking a server about itself (`models`, `doctor`).
    Ask,
    /// Streaming the interviewer's replies: patient for the first byte (a model
    /// may be loading), retried before it.
    Chat,
}

/// One server, as the settings describe it: built once, asked for clients.
#[derive(Debug, Clone)]
pub struct Provider {
    pub settings: Settings,
}

impl Provider {
    pub fn new(settings: Settings) -> Provider {
        Provider { settings }
    }

    /// From the command line and the environment.
    pub fn from_args(args: &ServerArgs) -> anyhow::Result<Provider> {
        Ok(Provider::new(settings(args)?))
    }

    /// The base URL for messages: credentials removed, controls stripped.
    pub fn shown_url(&self) -> String {
        for_terminal(&config::redact_url(&self.settings.base_url))
    }

    /// The client configuration for a purpose.
    pub fn config(&self, purpose: Purpose) -> ClientConfig {
        let s = &self.settings;
        let mut cfg = ClientConfig::new(s.base_url.clone());
        cfg.api_key = s.api_key.clone();
        cfg.api_key_from = s.api_key_from.clone();
        cfg.max_reply_chars = usize::try_from(s.max_reply_chars).unwrap_or(usize::MAX);
        cfg.max_reply_time = Duration::from_secs(s.max_reply_seconds);
        match purpose {
            Purpose::Probe => {
                cfg.retries = 0;
                cfg.connect_timeout = Duration::from_secs(1);
                cfg.first_byte_timeout = Duration::from_secs(5);
                cfg.idle_timeout = Duration::from_secs(5);
            }
            Purpose::Ask => {
                cfg.retries = 1;
                cfg.connect_timeout = Duration::from_secs(3);
                cfg.first_byte_timeout = Duration::from_secs(10);
                cfg.idle_timeout = Duration::from_secs(10);
            }
            Purpose::Chat => {}
        }
        cfg
    }

    pub fn client(&self, purpose: Purpose) -> Result<Client, ClientError> {
        Client::new(self.config(purpose))
    }
}

/// One line about the set-up on stderr, wrapped to the terminal.
fn say(line: &str) {
    crate::status!("{line}");
}

/// The interviewer for a round from the server flags: the provider they
/// describe, then [`choose_interviewer`]; with the flag a Ctrl-C sets to stop
/// the reply being spoken. The interview and `resume` both start here.
pub fn interviewer_for(
    server: &ServerArgs,
    offline: bool,
    prompts: &PromptSet,
    scenario: &Scenario,
    rubric: &Rubric,
) -> anyhow::Result<(Box<dyn Backend>, Arc<Speaking>)> {
    let speaking = Arc::new(Speaking::default());
    let provider = Provider::from_args(server)?;
    let backend = choose_interviewer(&provider, offline, prompts, scenario, rubric, &speaking)?;
    Ok((backend, speaking))
}

/// Picks the interviewer: the LLM when a server answers and has the model, else
/// the built-in one. Says which, in one line on stderr.
pub fn choose_interviewer(
    provider: &Provider,
    offline: bool,
    prompts: &PromptSet,
    scenario: &Scenario,
    rubric: &Rubric,
    speaking: &Arc<Speaking>,
) -> anyhow::Result<Box<dyn Backend>> {
    let s = &provider.settings;
    let base = provider.shown_url();
    if offline {
        say(
            "offline interviewer (--offline): it follows up on your answers with the prepared wording from prompts/",
        );
        return Ok(Box::new(Scripted));
    }
    let models = match provider.client(Purpose::Probe)?.list_models() {
        Ok(m) => m,
        Err(ClientError::Unreachable { .. } | ClientError::Timeout { .. }) => {
            say(&format!(
                "offline interviewer: no LLM answers at {base}, so the follow-ups chosen from your answers use the prepared wording (for a model to phrase them: {}; --offline skips this check)",
                crate::llm::servers::ServerKind::guess(&provider.settings.base_url).start_hint
            ));
            return Ok(Box::new(Scripted));
        }
        // Something else answers on the default address: nobody asked for that
        // server, so the interview still runs, offline, and says why.
        Err(e) if s.base_url_from == Source::Default => {
            say(&format!(
                "offline interviewer: {base} is not an OpenAI-compatible server ({}) — pass --base-url, or start Ollama",
                for_terminal(&e.to_string())
            ));
            return Ok(Box::new(Scripted));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Box::new(connect(
        provider, &models, prompts, scenario, rubric, speaking,
    )?))
}

/// The LLM interviewer on a server that must answer: for `eval`, which has
/// nothing to measure without one.
pub fn llm_interviewer(
    provider: &Provider,
    prompts: &PromptSet,
    scenario: &Scenario,
    rubric: &Rubric,
    speaking: &Arc<Speaking>,
) -> anyhow::Result<LlmInterviewer> {
    let models = provider.client(Purpose::Probe)?.list_models()?;
    connect(provider, &models, prompts, scenario, rubric, speaking)
}

/// The LLM interviewer with the model the settings name (or the server's
/// first), the context the server reports, and the case as its briefing.
fn connect(
    provider: &Provider,
    models: &[String],
    prompts: &PromptSet,
    scenario: &Scenario,
    rubric: &Rubric,
    speaking: &Arc<Speaking>,
) -> anyhow::Result<LlmInterviewer> {
    let s = &provider.settings;
    let base = provider.shown_url();
    let model = match (&s.model, models.first()) {
        (Some(m), _) if models.is_empty() || models.contains(m) => m.clone(),
        (Some(m), _) => {
            return Err(UnknownModel {
                model: m.clone(),
                base,
                available: models.join(", "),
                fix: crate::llm::discovery::identify(&provider.client(Purpose::Probe)?)
                    .kind
                    .model_hint(m),
            }
            .into());
        }
        (None, Some(first)) => first.clone(),
        (None, None) => anyhow::bail!(
            "the server at {base} lists no models\n  fix: load one (Ollama: `ollama pull qwen3:0.6b`), or pass --offline"
        ),
    };
    let client = provider.client(Purpose::Chat)?;
    let discovered = crate::llm::discovery::enforced_context(&client, Some(&model));
    let (context, assumed) = match (s.context, discovered) {
        (Some(c), _) => (c as usize, String::new()),
        (None, Some((n, from))) => (
            usize::try_from(n).unwrap_or(usize::MAX),
            format!(", from {from}"),
        ),
        (None, None) => (
            config::DEFAULT_CONTEXT as usize,
            ", assumed; set --context".to_string(),
        ),
    };
    let picked = if s.model.is_some() {
        ""
    } else {
        ", the server's first; choose with --model"
    };
    say(&format!(
        "LLM interviewer: {} at {base} ({context}-token context{assumed}{picked}); it words the follow-ups the interview picks from your answers",
        for_terminal(&model)
    ));
    // The tokenizer is built off the main thread, so the first turn does not
    // wait for it.
    std::thread::spawn(context::warm_up);
    let briefing = Briefing {
        model,
        prompts: prompts.interviewer.llm.clone(),
        case: format!("{}\n\n{}", scenario.title, scenario.context),
        context,
        temperature: s.temperature.unwrap_or(config::DEFAULT_TEMPERATURE),
        structured: false,
    };
    Ok(LlmInterviewer::new(
        client,
        briefing,
        Some(rubric.clone()),
        Arc::clone(speaking),
    ))
}
