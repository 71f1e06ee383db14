//! Streaming chat completions from an OpenAI-compatible server.
//!
//! - Retries, with backoff, happen only before the first byte: on connection
//!   failures, 429 (honouring `Retry-After`) and 5xx. Once a reply has started
//!   streaming the request is never sent again.
//! - Connections are kept for reuse only briefly ([`POOL_IDLE`]), and a request
//!   that dies on a kept-alive connection before any answer is sent once more
//!   on a new one: servers close idle connections while the candidate thinks.
//! - There is no total timeout (Ollama may spend a minute loading a model): a
//!   first-byte timeout, then an idle timeout that restarts with every read.
//! - A reply is complete only with a finish reason and `[DONE]`; otherwise its
//!   text is kept and it is marked incomplete with the reason.
//! - The API key is sent only when set, and never appears in errors.
//!
//! The REPL is synchronous, so the client owns a small current-thread runtime.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use serde::Serialize;

use crate::config::{Secret, Source};
use crate::llm::chunk::Usage;
use crate::llm::error::ServerError;
pub use crate::llm::message::{ChatRequest, Message};
use crate::llm::sse::SseParser;

mod reading;
use reading::Reading;

/// How the client behaves; the defaults suit a local Ollama.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub api_key: Option<Secret>,
    /// Where the key came from, to name it in a 401 message.
    pub api_key_from: Option<Source>,
    pub connect_timeout: Duration,
    /// Longest wait for the response to start (model loading included).
    pub first_byte_timeout: Duration,
    /// Longest time without new reply text once the reply is streaming;
    /// keep-alive pings and empty chunks do not reset it.
    pub idle_timeout: Duration,
    /// Longest reply (text and reasoning), in characters, before it is cut off.
    pub max_reply_chars: usize,
    /// Longest a reply may stream, from its first byte, before it is cut off.
    pub max_reply_time: Duration,
    /// Extra attempts before the first byte.
    pub retries: u32,
    /// The first backoff; it doubles with each retry.
    pub backoff: Duration,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            api_key: None,
            api_key_from: None,
            connect_timeout: Duration::from_secs(5),
            first_byte_timeout: Duration::from_secs(300),
            idle_timeout: Duration::from_secs(120),
            max_reply_chars: 8_000,
            max_reply_time: Duration::from_secs(120),
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(flatten)]
    request: &'a ChatRequest,
    stream: bool,
    stream_options: StreamOptions,
}

#[derive(Serialize)]
struct StreamOptions {
    include_usage: bool,
}

/// How a streamed reply ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// A finish reason and `[DONE]` both arrived.
    Complete { finish: String },
    /// The stream stopped early; the text so far is kept.
    Incomplete { why: String },
    /// The reply ran past a cap (characters or seconds) and was cut off there.
    Capped { why: String },
    /// The candidate cancelled it.
    Cancelled,
    /// The caller stopped it on what it had read so far (a loop, say).
    Stopped { why: String },
}

/// What the caller of [`Client::chat`] wants after each piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep reading.
    Go,
    /// Stop the reply here, for this reason; its text so far is kept.
    Stop(&'static str),
}

/// A streamed reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    pub reasoning: String,
    pub ending: Ending,
    pub usage: Option<Usage>,
    /// Time from sending the request to the first text.
    pub first_text_after: Option<Duration>,
}

/// Failures before any reply text exists.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "cannot reach {base} ({detail})\n  fix: {hint}, or pass --base-url with the URL of a running server"
    )]
    Unreachable {
        base: String,
        detail: String,
        hint: &'static str,
    },
    #[error(
        "{base} did not answer within {secs} s — the model may still be loading; try again, or pass --offline"
    )]
    Timeout { base: String, secs: u64 },
    #[error("{base} refused the request ({error}){hint}")]
    Status {
        base: String,
        error: ServerError,
        hint: String,
    },
    #[error("the request to {base} failed: {detail}")]
    Request { base: String, detail: String },
    #[error("cancelled")]
    Cancelled,
}

impl ClientError {
    /// The HTTP status, for callers that react to one (a 404 model, say).
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Status { error, .. } => error.status,
            _ => None,
        }
    }
}

/// A blocking client for one server.
pub struct Client {
    config: ClientConfig,
    /// The base URL as messages show it: credentials and query values hidden.
    shown: String,
    http: reqwest::Client,
    /// Keeps no idle connections: for sending a request again when a pooled
    /// connection turned out to be dead.
    fresh: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

/// How long an idle connection is kept for reuse: under the shortest
/// keep-alive of the servers we talk to (llama-server closes after 5 s).
const POOL_IDLE: Duration = Duration::from_secs(3);

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shown)
            .finish_non_exhaustive()
    }
}

/// Seconds from a `Retry-After` header (delay-seconds form), capped at a minute.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.min(60)))
}

/// The most useful detail of a reqwest error: its innermost cause.
fn root_cause(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, ClientError> {
        let base = crate::config::redact_url(&config.base_url);
        let request_err = |detail: String| ClientError::Request {
            base: base.clone(),
            detail,
        };
        // No read or total timeout here: the first-byte and idle timeouts below
        // are the only clocks, so each failure gets one clear message.
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(POOL_IDLE)
            .build()
            .map_err(|e| request_err(root_cause(&e)))?;
        let fresh = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| request_err(root_cause(&e)))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| request_err(e.to_string()))?;
        Ok(Client {
            shown: base,
            config,
            http,
            fresh,
            runtime,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    /// The base URL split before its query (`?key=…`), which every request
    /// keeps: some gateways take their key there.
    fn split_base(&self) -> (&str, &str) {
        let base = &self.config.base_url;
        base.split_at(base.find(['?', '#']).unwrap_or(base.len()))
    }

    /// A path under the base URL, keeping the base URL's query.
    pub fn url(&self, path: &str) -> String {
        let (base, query) = self.split_base();
        format!("{}/{path}{query}", base.trim_end_matches('/'))
    }

    fn status_error(&self, status: u16, body: &str) -> ClientError {
        let error = ServerError::from_body(status, body);
        let hint = match status {
            401 | 403 => match &self.config.api_key_from {
                Some(from) => format!("; the API key from {from} was rejected — check it"),
                None => "; the server wants an API key — set INTERVIEWER_API_KEY or OPENAI_API_KEY"
                    .to_string(),
            },
            _ => String::new(),
        };
        ClientError::Status {
            base: self.shown.clone(),
            error,
            hint,
        }
    }

    /// Sends `build` until a non-retryable answer arrives, retrying only
    /// connection failures, 429 and 5xx, and only before any body byte is read.
    /// A request that fails before any response on a kept-alive connection
    /// (closed by the server while idle: the client's runtime sleeps between
    /// turns and cannot notice) is sent once more, at once, on a new one.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        cancel: &AtomicBool,
    ) -> Result<reqwest::Response, ClientError> {
        let base = self.shown.clone();
        let mut attempt = 0;
        let mut renewed = false;
        loop {
            if cancel.load(Ordering::SeqCst) {
                return Err(ClientError::Cancelled);
            }
            let mut req = build(if renewed { &self.fresh } else { &self.http });
            if let Some(key) = &self.config.api_key {
                req = req.bearer_auth(key.expose());
            }
            let wait = match tokio::time::timeout(self.config.first_byte_timeout, req.send()).await
            {
                Err(_) => {
                    return Err(ClientError::Timeout {
                        base,
                        secs: self.config.first_byte_timeout.as_secs(),
                    });
                }
                Ok(Err(e)) if e.is_connect() || e.is_timeout() => {
                    if attempt >= self.config.retries {
                        return Err(ClientError::Unreachable {
                            hint: crate::llm::servers::ServerKind::guess(&base).start_hint,
                            base,
                            detail: root_cause(&e),
                        });
                    }
                    None
                }
                Ok(Err(e)) if !renewed && e.is_request() => {
                    renewed = true;
                    continue;
                }
                Ok(Err(e)) => {
                    return Err(ClientError::Request {
                        base,
                        detail: root_cause(&e),
                    });
                }
                Ok(Ok(resp)) => {
                    let status = resp.status().as_u16();
                    if resp.status().is_success() {
                        return Ok(resp);
                    }
                    let retryable = status == 429 || resp.status().is_server_error();
                    if !retryable || attempt >= self.config.retries {
                        let body = self.body_text(resp).await.unwrap_or_default();
                        return Err(self.status_error(status, &body));
                    }
                    retry_after(resp.headers())
                }
            };
            let backoff = self.config.backoff * 2u32.saturating_pow(attempt);
            tokio::time::sleep(wait.unwrap_or(backoff)).await;
            attempt += 1;
        }
    }

    /// `GET` any URL on the server and parse JSON; `None` on any failure (for
    /// optional discovery endpoints that some servers do not have).
    pub fn get_json(&self, url: &str) -> Option<serde_json::Value> {
        self.json(self.http.get(url))
    }

    /// `POST` JSON to any URL on the server and parse the JSON answer; `None` on failure.
    pub fn post_json(&self, url: &str, body: &serde_json::Value) -> Option<serde_json::Value> {
        let json = serde_json::to_vec(body).ok()?;
        self.json(
            self.http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(json),
        )
    }

    /// Sends a one-off request (key included when set) and parses a JSON answer.
    fn json(&self, mut req: reqwest::RequestBuilder) -> Option<serde_json::Value> {
        if let Some(key) = &self.config.api_key {
            req = req.bearer_auth(key.expose());
        }
        self.runtime.block_on(async {
            let resp = tokio::time::timeout(self.config.first_byte_timeout, req.send())
                .await
                .ok()?
                .ok()?;
            if !resp.status().is_success() {
                return None;
            }
            serde_json::from_str(&self.body_text(resp).await.ok()?).ok()
        })
    }

    /// A whole (non-streamed) response body as text: at most a megabyte, and
    /// within the idle timeout, so a server that sends headers and then nothing,
    /// or an endless body, cannot hang `models` or `doctor`.
    async fn body_text(&self, resp: reqwest::Response) -> Result<String, ClientError> {
        const MAX_BODY: usize = 1024 * 1024;
        let err = |detail: String| ClientError::Request {
            base: self.shown.clone(),
            detail,
        };
        let mut stream = resp.bytes_stream();
        let mut body = Vec::new();
        loop {
            match tokio::time::timeout(self.config.idle_timeout, stream.next()).await {
                Err(_) => {
                    return Err(err(format!(
                        "the server sent nothing for {} s",
                        self.config.idle_timeout.as_secs()
                    )));
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => return Err(err(root_cause(&e))),
                Ok(Some(Ok(bytes))) => {
                    body.extend_from_slice(&bytes);
                    if body.len() > MAX_BODY {
                        return Err(err(format!("its answer was over {MAX_BODY} bytes")));
                    }
                }
            }
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// A path under the server's root (the base URL without its trailing
    /// `/v1`), for native endpoints like llama.cpp's `/props`.
    pub fn at_root(&self, path: &str) -> String {
        let (base, query) = self.split_base();
        let base = base.trim_end_matches('/');
        let root = base.strip_suffix("/v1").unwrap_or(base);
        format!("{root}/{path}{query}")
    }

    /// The ids of the models the server has (`GET /models`), sorted; an
    /// error when the answer is not a model list.
    pub fn list_models(&self) -> Result<Vec<String>, ClientError> {
        let cancel = AtomicBool::new(false);
        self.runtime.block_on(async {
            let resp = self
                .send(|http| http.get(self.url("models")), &cancel)
                .await?;
            let text = self.body_text(resp).await?;
            model_ids(&text).ok_or_else(|| ClientError::Request {
                    base: crate::config::redact_url(&self.config.base_url),
                    detail: format!(
                        "its /models answer is not an OpenAI-compatible model list (it starts: {:?})\n  fix: check --base-url points at the API (it usually ends in /v1)",
                        crate::sanitize::for_terminal(&text.chars().take(60).collect::<String>())
                    ),
                })
        })
    }

    /// Streams a chat completion, handing each piece of reply text to
    /// `on_text`, which may stop it ([`Flow::Stop`]).
    /// Setting `cancel` stops the reply at the next read; its text is kept.
    pub fn chat(
        &self,
        request: &ChatRequest,
        cancel: &AtomicBool,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<Completion, ClientError> {
        self.runtime
            .block_on(self.chat_async(request, cancel, on_text))
    }

    async fn chat_async(
        &self,
        request: &ChatRequest,
        cancel: &AtomicBool,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<Completion, ClientError> {
        let started = Instant::now();
        let body = Body {
            request,
            stream: true,
            stream_options: StreamOptions {
                include_usage: true,
            },
        };
        let url = self.url("chat/completions");
        // Serializing plain structs of strings and numbers cannot fail.
        let json =
            serde_json::to_vec(&body).unwrap_or_else(|e| unreachable!("request serializes: {e}"));
        let resp = self
            .send(
                |http| {
                    http.post(&url)
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .header(reqwest::header::ACCEPT, "text/event-stream")
                        .body(json.clone())
                },
                cancel,
            )
            .await?;
        let mut stream = resp.bytes_stream();
        let mut parser = SseParser::new();
        let mut reading = Reading::new(started);
        let tick = Duration::from_millis(50);
        let stopped = loop {
            if cancel.load(Ordering::SeqCst) {
                break Some(Ending::Cancelled);
            }
            if let Some(ending) = reading.overdue(&self.config) {
                break Some(ending);
            }
            let (events, eof) = match tokio::time::timeout(tick, stream.next()).await {
                Err(_) => continue,
                Ok(None) => (parser.finish(), true),
                Ok(Some(Err(e))) => {
                    break Some(Ending::Incomplete {
                        why: format!("the connection broke mid-reply ({})", root_cause(&e)),
                    });
                }
                Ok(Some(Ok(bytes))) => (parser.push(&bytes), false),
            };
            let taken = events
                .map_err(|e| Ending::Incomplete { why: e.to_string() })
                .and_then(|events| reading.take(events, &self.config, on_text));
            if let Err(ending) = taken {
                break Some(ending);
            }
            if reading.done() || eof {
                break None;
            }
        };
        Ok(reading.finish(stopped))
    }
}

/// The model ids of an OpenAI-compatible `/models` answer, sorted; `None`
/// when `text` is not one (an HTML page, other JSON): believed only in the
/// shape the API gives it, since an empty list would read as "no models".
pub fn model_ids(text: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut ids: Vec<String> = v
        .get("data")?
        .as_array()?
        .iter()
        .filter_map(|m| m.get("id")?.as_str().map(str::to_string))
        .collect();
    ids.sort();
    Some(ids)
}
