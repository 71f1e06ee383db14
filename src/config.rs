//! Which server, model and key to use, from every place a user can say so.
//!
//! Precedence, highest first: a flag; an `INTERVIEWER_*` variable; the config
//! file; the ecosystem's variables (`OPENAI_BASE_URL`, then `OPENAI_API_BASE`,
//! then `OLLAMA_HOST` read with Ollama's own rules); the built-in default,
//! Ollama on `http://127.0.0.1:11434/v1`. The ecosystem's variables rank below the
//! config file because people export them for other tools. Pure: the environment
//! comes in as a map and the file as text.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The default server: Ollama's OpenAI-compatible endpoint.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:11434/v1";
/// The context size assumed when a server does not say (Ollama's common default).
pub const DEFAULT_CONTEXT: u32 = 4096;
/// The sampling temperature when none is set: some variety between sessions,
/// little enough that small models stay on the question.
pub const DEFAULT_TEMPERATURE: f32 = 0.4;

/// An API key: never printed, never written to a transcript.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl Secret {
    /// The key itself, for the Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Where a setting came from, so `doctor` and errors can say which knob to turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, by its name (`--temperature`).
    Flag(&'static str),
    Env(&'static str),
    File,
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "the flag {name}"),
            Source::Env(v) => write!(f, "${v}"),
            Source::File => f.write_str("the config file"),
            Source::Default => f.write_str("the built-in default"),
        }
    }
}

/// `config.toml`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key: Option<String>,
    pub context: Option<u32>,
    pub temperature: Option<f32>,
    pub max_reply_chars: Option<u64>,
    pub max_reply_seconds: Option<u64>,
    /// The level rounds are asked and judged at (docs/levels.md).
    pub level: Option<String>,
}

/// What the flags said.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub context: Option<u32>,
    pub temperature: Option<f32>,
}

/// The resolved settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub base_url: String,
    pub base_url_from: Source,
    pub model: Option<String>,
    pub api_key: Option<Secret>,
    /// Where the key came from (names a variable or the file, never the value).
    pub api_key_from: Option<Source>,
    /// A context size the user set; `None` means ask the server, else [`DEFAULT_CONTEXT`].
    pub context: Option<u32>,
    /// The sampling temperature the user set; `None` means [`DEFAULT_TEMPERATURE`].
    pub temperature: Option<f32>,
    /// The longest interviewer reply, in characters, before it is cut off.
    pub max_reply_chars: u64,
    /// The longest an interviewer reply may stream, in seconds.
    pub max_reply_seconds: u64,
    /// The level rounds are asked and judged at, from the config file
    /// (`--level` and INTERVIEWER_LEVEL come first); `None`: senior.
    pub level: Option<String>,
}

/// Replies past this many characters are cut off: a turn is a few sentences,
/// a debrief a few hundred words; a model past this is rambling or looping.
pub const DEFAULT_MAX_REPLY_CHARS: u64 = 8_000;
/// Replies still streaming after this many seconds are cut off (a 1.5B model
/// on two CPU cores writes a whole debrief in about 40).
pub const DEFAULT_MAX_REPLY_SECONDS: u64 = 120;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{from} holds '{value}', which is not a URL with http:// or https://\n  fix: set it like http://127.0.0.1:11434/v1"
    )]
    BadUrl { from: Source, value: String },
    #[error("{0}")]
    File(String),
    #[error(
        "{from} holds '{value}', which is not a temperature\n  fix: set a number from 0 (always the likeliest words) to 2"
    )]
    BadTemperature { from: Source, value: String },
    #[error(
        "{from} holds '{value}', which is not a {what}\n  fix: set a whole number from {min} to {max}"
    )]
    BadLimit {
        from: Source,
        value: String,
        what: &'static str,
        min: u64,
        max: u64,
    },
}

/// A whole-number limit from `$var` or the config file, checked against its range.
fn limit(
    env_value: Option<&str>,
    var: &'static str,
    file: Option<u64>,
    what: &'static str,
    (min, default, max): (u64, u64, u64),
) -> Result<u64, ConfigError> {
    let (value, from, shown) = match (env_value, file) {
        (Some(v), _) => (v.trim().parse().ok(), Source::Env(var), v.to_string()),
        (None, Some(n)) => (Some(n), Source::File, n.to_string()),
        (None, None) => return Ok(default),
    };
    match value {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ConfigError::BadLimit {
            from,
            value: shown,
            what,
            min,
            max,
        }),
    }
}

/// A URL without any `user:password@` part and with its query values hidden,
/// for transcripts, logs and messages.
pub fn redact_url(url: &str) -> String {
    let (url, query) = match url.split_once('?') {
        Some((u, q)) => {
            let hidden: Vec<String> = q
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) => format!("{k}={}", crate::sanitize::REDACTED),
                    None => pair.to_string(),
                })
                .collect();
            (u, format!("?{}", hidden.join("&")))
        }
        None => (url, String::new()),
    };
    format!("{}{query}", without_user_info(url))
}

fn without_user_info(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        // No scheme (a value the settings refuse, but still shown in the
        // error), so where the user-info ends cannot be trusted
        // ("http//user:key@host"): everything before the last `@` goes.
        return match url.rsplit_once('@') {
            Some((_, after)) => format!("{}@{after}", crate::sanitize::REDACTED),
            None => url.to_string(),
        };
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if path.is_empty() {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}/{path}")
    }
}

/// Parses `config.toml`'s text; `origin` names it in errors.
pub fn parse_file(origin: &str, text: &str) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        ConfigError::File(format!("{origin}:{line}: {}", e.message().trim()))
    })
}

/// Normalises a base URL: trims a trailing `/`; a URL with no path gets `/v1`.
pub fn normalize_base_url(url: &str, from: Source) -> Result<String, ConfigError> {
    let url = url.trim().trim_end_matches('/');
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(ConfigError::BadUrl {
            from,
            value: redact_url(url),
        });
    };
    if !matches!(scheme, "http" | "https") || rest.is_empty() {
        return Err(ConfigError::BadUrl {
            from,
            value: redact_url(url),
        });
    }
    // The path goes before any query (`http://host:1?key=x` → `http://host:1/v1?key=x`).
    let (authority_path, query) = rest.split_at(rest.find(['?', '#']).unwrap_or(rest.len()));
    if authority_path.contains('/') {
        Ok(url.to_string())
    } else {
        Ok(format!("{scheme}://{authority_path}/v1{query}"))
    }
}

/// `OLLAMA_HOST` as Ollama reads it, turned into an OpenAI-compatible base URL:
/// no scheme means http and port 11434; `http://host` means port 80 and
/// `https://host` 443; a bind address (`0.0.0.0`, `::`) means loopback.
pub fn ollama_host(value: &str) -> Option<String> {
    let v = value.trim().trim_end_matches('/');
    if v.is_empty() {
        return None;
    }
    let (scheme, rest, default_port) = match v.split_once("://") {
        Some(("https", r)) => ("https", r, "443"),
        Some(("http", r)) => ("http", r, "80"),
        Some(_) => return None,
        None => ("http", v, "11434"),
    };
    let (hostport, path) = match rest.split_once('/') {
        Some((h, p)) => (h, format!("/{p}")),
        None => (rest, String::new()),
    };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        (
            format!("[{h}]"),
            after
                .strip_prefix(':')
                .filter(|p| p.parse::<u16>().is_ok())
                .unwrap_or(default_port)
                .to_string(),
        )
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) if p.parse::<u16>().is_ok() => (h.to_string(), p.to_string()),
            Some((h, _)) => (h.to_string(), default_port.to_string()),
            None => (hostport.to_string(), default_port.to_string()),
        }
    };
    let host = match host.as_str() {
        "" | "0.0.0.0" => "127.0.0.1".to_string(),
        "[::]" => "[::1]".to_string(),
        _ => host,
    };
    Some(format!("{scheme}://{host}:{port}{path}/v1"))
}

/// Resolves the settings from the flags, the environment and the config file.
pub fn resolve(
    flags: &Flags,
    env: &BTreeMap<String, String>,
    file: &FileConfig,
) -> Result<Settings, ConfigError> {
    let var = |k: &str| env_var(env, k);
    let (raw, from) = base_url_source(flags, env, file);
    let base_url = normalize_base_url(&raw, from.clone())?;
    let model = flags
        .model
        .clone()
        .or_else(|| var("INTERVIEWER_MODEL").map(str::to_string))
        .or_else(|| file.model.clone());
    let (api_key, api_key_from) = api_key_source(env, file);
    let context = flags
        .context
        .or_else(|| var("INTERVIEWER_CONTEXT").and_then(|c| c.parse().ok()))
        .or(file.context);
    let temperature = temperature(flags, env, file)?;
    let max_reply_chars = limit(
        var("INTERVIEWER_MAX_REPLY_CHARS"),
        "INTERVIEWER_MAX_REPLY_CHARS",
        file.max_reply_chars,
        "reply length in characters",
        (200, DEFAULT_MAX_REPLY_CHARS, 1_000_000),
    )?;
    let max_reply_seconds = limit(
        var("INTERVIEWER_MAX_REPLY_SECONDS"),
        "INTERVIEWER_MAX_REPLY_SECONDS",
        file.max_reply_seconds,
        "reply time in seconds",
        (5, DEFAULT_MAX_REPLY_SECONDS, 3_600),
    )?;
    Ok(Settings {
        base_url,
        base_url_from: from,
        model,
        api_key: api_key.map(Secret),
        api_key_from,
        context,
        temperature,
        max_reply_chars,
        max_reply_seconds,
        level: file
            .level
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string),
    })
}

/// An environment variable's value, trimmed; `None` when unset or blank.
fn env_var<'a>(env: &'a BTreeMap<String, String>, k: &str) -> Option<&'a str> {
    env.get(k).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Where the server's address comes from, highest first: the flag,
/// `INTERVIEWER_BASE_URL`, the config file, `OPENAI_BASE_URL`,
/// `OPENAI_API_BASE`, `OLLAMA_HOST` (by Ollama's rules), the default.
fn base_url_source(
    flags: &Flags,
    env: &BTreeMap<String, String>,
    file: &FileConfig,
) -> (String, Source) {
    let var = |k: &str| env_var(env, k);
    if let Some(u) = &flags.base_url {
        (u.clone(), Source::Flag("--base-url"))
    } else if let Some(u) = var("INTERVIEWER_BASE_URL") {
        (u.to_string(), Source::Env("INTERVIEWER_BASE_URL"))
    } else if let Some(u) = &file.base_url {
        (u.clone(), Source::File)
    } else if let Some(u) = var("OPENAI_BASE_URL") {
        (u.to_string(), Source::Env("OPENAI_BASE_URL"))
    } else if let Some(u) = var("OPENAI_API_BASE") {
        (u.to_string(), Source::Env("OPENAI_API_BASE"))
    } else if let Some(u) = var("OLLAMA_HOST").and_then(ollama_host) {
        (u, Source::Env("OLLAMA_HOST"))
    } else {
        (DEFAULT_BASE_URL.to_string(), Source::Default)
    }
}

/// Where the API key comes from: `INTERVIEWER_API_KEY`, the config file,
/// `OPENAI_API_KEY`, or nowhere.
fn api_key_source(
    env: &BTreeMap<String, String>,
    file: &FileConfig,
) -> (Option<String>, Option<Source>) {
    let var = |k: &str| env_var(env, k);
    if let Some(k) = var("INTERVIEWER_API_KEY") {
        (
            Some(k.to_string()),
            Some(Source::Env("INTERVIEWER_API_KEY")),
        )
    } else if let Some(k) = file
        .api_key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        (Some(k.to_string()), Some(Source::File))
    } else if let Some(k) = var("OPENAI_API_KEY") {
        (Some(k.to_string()), Some(Source::Env("OPENAI_API_KEY")))
    } else {
        (None, None)
    }
}

/// The sampling temperature from the flag, `INTERVIEWER_TEMPERATURE` or the
/// file, refused outside 0–2 with where it came from.
fn temperature(
    flags: &Flags,
    env: &BTreeMap<String, String>,
    file: &FileConfig,
) -> Result<Option<f32>, ConfigError> {
    let var = |k: &str| env_var(env, k);
    let temperature = match (
        flags.temperature,
        var("INTERVIEWER_TEMPERATURE"),
        file.temperature,
    ) {
        (Some(t), _, _) => Some((t, Source::Flag("--temperature"), t.to_string())),
        (None, Some(v), _) => Some((
            v.trim().parse().unwrap_or(f32::NAN),
            Source::Env("INTERVIEWER_TEMPERATURE"),
            v.to_string(),
        )),
        (None, None, Some(t)) => Some((t, Source::File, t.to_string())),
        (None, None, None) => None,
    };
    Ok(match temperature {
        Some((t, _, _)) if (0.0..=2.0).contains(&t) => Some(t),
        Some((_, from, value)) => return Err(ConfigError::BadTemperature { from, value }),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn default_is_local_ollama() {
        let s = resolve(&Flags::default(), &env(&[]), &FileConfig::default()).unwrap();
        assert_eq!(
            (s.base_url.as_str(), s.base_url_from),
            (DEFAULT_BASE_URL, Source::Default)
        );
        assert_eq!(s.api_key, None);
    }

    #[test]
    fn precedence_flag_env_file_ecosystem() {
        let file = FileConfig {
            base_url: Some("http://file:1/v1".into()),
            ..Default::default()
        };
        let all = env(&[
            ("INTERVIEWER_BASE_URL", "http://env:2/v1"),
            ("OPENAI_BASE_URL", "http://openai:3/v1"),
            ("OLLAMA_HOST", "ollama:4"),
        ]);
        let flags = Flags {
            base_url: Some("http://flag:5/v1".into()),
            ..Default::default()
        };
        assert_eq!(
            resolve(&flags, &all, &file).unwrap().base_url,
            "http://flag:5/v1"
        );
        assert_eq!(
            resolve(&Flags::default(), &all, &file).unwrap().base_url,
            "http://env:2/v1"
        );
        let no_ours = env(&[
            ("OPENAI_BASE_URL", "http://openai:3/v1"),
            ("OLLAMA_HOST", "ollama:4"),
        ]);
        assert_eq!(
            resolve(&Flags::default(), &no_ours, &file)
                .unwrap()
                .base_url,
            "http://file:1/v1",
            "the file beats ecosystem variables"
        );
        let s = resolve(&Flags::default(), &no_ours, &FileConfig::default()).unwrap();
        assert_eq!(
            (s.base_url.as_str(), s.base_url_from),
            ("http://openai:3/v1", Source::Env("OPENAI_BASE_URL"))
        );
        let s = resolve(
            &Flags::default(),
            &env(&[
                ("OPENAI_API_BASE", "http://legacy:6/v1"),
                ("OLLAMA_HOST", "ollama:4"),
            ]),
            &FileConfig::default(),
        )
        .unwrap();
        assert_eq!(s.base_url, "http://legacy:6/v1");
        let s = resolve(
            &Flags::default(),
            &env(&[("OLLAMA_HOST", "ollama:4")]),
            &FileConfig::default(),
        )
        .unwrap();
        assert_eq!(s.base_url, "http://ollama:4/v1");
    }

    #[test]
    fn ollama_host_follows_ollamas_rules() {
        assert_eq!(
            ollama_host("example.com").as_deref(),
            Some("http://example.com:11434/v1")
        );
        assert_eq!(
            ollama_host("0.0.0.0").as_deref(),
            Some("http://127.0.0.1:11434/v1")
        );
        assert_eq!(
            ollama_host("0.0.0.0:8080").as_deref(),
            Some("http://127.0.0.1:8080/v1")
        );
        assert_eq!(
            ollama_host("http://box").as_deref(),
            Some("http://box:80/v1")
        );
        assert_eq!(
            ollama_host("https://box").as_deref(),
            Some("https://box:443/v1")
        );
        assert_eq!(
            ollama_host("[::]:11434").as_deref(),
            Some("http://[::1]:11434/v1")
        );
        assert_eq!(
            ollama_host("box:notaport").as_deref(),
            Some("http://box:11434/v1")
        );
        assert_eq!(
            ollama_host("http://box:9000/ollama").as_deref(),
            Some("http://box:9000/ollama/v1")
        );
        assert_eq!(ollama_host("ftp://box"), None);
        assert_eq!(ollama_host(""), None);
    }

    #[test]
    fn base_urls_are_normalised_and_checked() {
        assert_eq!(
            normalize_base_url("http://h:8080/", Source::Flag("--base-url")).unwrap(),
            "http://h:8080/v1"
        );
        assert_eq!(
            normalize_base_url("http://h:8080/v1/", Source::Flag("--base-url")).unwrap(),
            "http://h:8080/v1"
        );
        let err = normalize_base_url("localhost:11434", Source::Env("INTERVIEWER_BASE_URL"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("$INTERVIEWER_BASE_URL holds 'localhost:11434'"),
            "{err}"
        );
    }

    #[test]
    fn api_key_is_found_but_never_shown() {
        let s = resolve(
            &Flags::default(),
            &env(&[("OPENAI_API_KEY", "sk-secret-123")]),
            &FileConfig::default(),
        )
        .unwrap();
        assert_eq!(
            s.api_key.as_ref().map(Secret::expose),
            Some("sk-secret-123")
        );
        assert_eq!(s.api_key_from, Some(Source::Env("OPENAI_API_KEY")));
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("sk-secret-123") && shown.contains("Secret(***)"),
            "{shown}"
        );
        let ours = env(&[("OPENAI_API_KEY", "a"), ("INTERVIEWER_API_KEY", "b")]);
        assert_eq!(
            resolve(&Flags::default(), &ours, &FileConfig::default())
                .unwrap()
                .api_key_from,
            Some(Source::Env("INTERVIEWER_API_KEY"))
        );
    }

    #[test]
    fn temperature_precedence_and_range() {
        let file = FileConfig {
            temperature: Some(0.7),
            ..FileConfig::default()
        };
        let s = resolve(&Flags::default(), &env(&[]), &file).unwrap();
        assert_eq!(s.temperature, Some(0.7));
        let s = resolve(
            &Flags::default(),
            &env(&[("INTERVIEWER_TEMPERATURE", "0")]),
            &file,
        )
        .unwrap();
        assert_eq!(s.temperature, Some(0.0));
        let flags = Flags {
            temperature: Some(1.0),
            ..Flags::default()
        };
        assert_eq!(
            resolve(&flags, &env(&[("INTERVIEWER_TEMPERATURE", "0")]), &file)
                .unwrap()
                .temperature,
            Some(1.0)
        );
        let err = resolve(
            &Flags::default(),
            &env(&[("INTERVIEWER_TEMPERATURE", "warm")]),
            &file,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("$INTERVIEWER_TEMPERATURE holds 'warm'"),
            "{err}"
        );
        assert!(
            resolve(
                &Flags::default(),
                &env(&[]),
                &FileConfig {
                    temperature: Some(5.0),
                    ..FileConfig::default()
                }
            )
            .is_err()
        );
    }

    #[test]
    fn model_and_context_precedence() {
        let file = FileConfig {
            model: Some("file-model".into()),
            context: Some(8192),
            ..Default::default()
        };
        let s = resolve(
            &Flags::default(),
            &env(&[("INTERVIEWER_MODEL", "env-model")]),
            &file,
        )
        .unwrap();
        assert_eq!(
            (s.model.as_deref(), s.context),
            (Some("env-model"), Some(8192))
        );
    }

    #[test]
    fn credentials_in_urls_are_redacted() {
        assert_eq!(redact_url("http://me:pw@host:1/v1"), "http://host:1/v1");
        assert_eq!(redact_url("http://host:1/v1"), "http://host:1/v1");
        assert_eq!(
            redact_url("http://host:1/v1?key=abc&v=2"),
            "http://host:1/v1?key=[redacted]&v=[redacted]"
        );
        let err = normalize_base_url("gw.example/v1?api_key=SECRET99", Source::Flag("--base-url"))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("SECRET99"), "{err}");
        let err = normalize_base_url("htps://me:pw-secret@host", Source::Flag("--base-url"))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("pw-secret"), "{err}");
    }

    #[test]
    fn reply_caps_default_come_from_env_or_file_and_are_checked() {
        let s = resolve(&Flags::default(), &env(&[]), &FileConfig::default()).unwrap();
        assert_eq!(
            (s.max_reply_chars, s.max_reply_seconds),
            (DEFAULT_MAX_REPLY_CHARS, DEFAULT_MAX_REPLY_SECONDS)
        );
        let file = FileConfig {
            max_reply_chars: Some(3000),
            max_reply_seconds: Some(30),
            ..FileConfig::default()
        };
        let s = resolve(
            &Flags::default(),
            &env(&[("INTERVIEWER_MAX_REPLY_SECONDS", "60")]),
            &file,
        )
        .unwrap();
        assert_eq!((s.max_reply_chars, s.max_reply_seconds), (3000, 60));
        let err = resolve(
            &Flags::default(),
            &env(&[("INTERVIEWER_MAX_REPLY_CHARS", "lots")]),
            &file,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("$INTERVIEWER_MAX_REPLY_CHARS holds 'lots'"),
            "{err}"
        );
    }

    #[test]
    fn config_file_errors_name_the_line() {
        let err = parse_file("config.toml", "model = \"x\"\nbase_ur = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml:2:") && err.contains("base_ur"),
            "{err}"
        );
    }
}
