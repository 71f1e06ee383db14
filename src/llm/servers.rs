//! The kinds of OpenAI-compatible server, as data: one row per server with its
//! default port, the endpoint that identifies it, where it states its context
//! length, and what to tell a user of it (how to start it, how to get a model
//! onto it). Adding a server is a new row; nothing matches on the kind. Pure, so
//! the client's error messages, `doctor` and the interview give the same advice.

/// How a server's identifying endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// llama.cpp's `/props`: the context it was started with and its build.
    Props,
    /// `{"version": "…"}` (Ollama's `/api/version`, vLLM's `/version`).
    Version,
}

/// One kind of server and its quirks.
#[derive(Debug, PartialEq, Eq)]
pub struct ServerKind {
    /// A short stable name (for tests and logs).
    pub id: &'static str,
    /// What a user calls it.
    pub name: &'static str,
    /// Its well-known port, to guess the kind of a server that is down.
    pub default_port: Option<&'static str>,
    /// The endpoint (under the server's root) that only this kind answers, and
    /// its shape; probed in table order.
    pub probe: Option<(&'static str, Probe)>,
    /// What its version string is called ("build" for llama.cpp).
    pub version_word: &'static str,
    /// It truncates prompts at a context it does not report over `/v1`
    /// (Ollama's `num_ctx`); its `/api/show` gives the trained length only.
    pub truncates_silently: bool,
    /// How to get a server of this kind running.
    pub start_hint: &'static str,
    /// How to get a model onto it; `{model}` is replaced by the model's name.
    pub model_hint: &'static str,
}

/// Every server this program knows, in the order they are probed; [`OTHER`] is
/// what is left.
pub static SERVERS: [ServerKind; 4] = [
    ServerKind {
        id: "llama.cpp",
        name: "llama.cpp's llama-server",
        default_port: Some("8080"),
        probe: Some(("props", Probe::Props)),
        version_word: "build",
        truncates_silently: false,
        start_hint: "start it with `llama-server -m MODEL.gguf --port 8080`",
        model_hint: "llama-server serves the model it was started with (-m FILE); pass --model with the name it lists, or restart it with the model you want",
    },
    ServerKind {
        id: "ollama",
        name: "Ollama",
        default_port: Some("11434"),
        probe: Some(("api/version", Probe::Version)),
        version_word: "version",
        truncates_silently: true,
        start_hint: "start Ollama with `ollama serve`",
        model_hint: "fetch it with `ollama pull {model}`, or pass --model with one of those",
    },
    ServerKind {
        id: "vllm",
        name: "vLLM",
        default_port: Some("8000"),
        probe: Some(("version", Probe::Version)),
        version_word: "version",
        truncates_silently: false,
        start_hint: "start it with `vllm serve MODEL`",
        model_hint: "vLLM serves the model it was started with; pass --model with the name it lists, or restart it with `vllm serve MODEL`",
    },
    ServerKind {
        id: "lm-studio",
        name: "LM Studio",
        default_port: Some("1234"),
        probe: None,
        version_word: "version",
        truncates_silently: false,
        start_hint: "start the local server in LM Studio (Developer tab)",
        model_hint: "load the model in LM Studio, or pass --model with one of those",
    },
];

/// Anything else that speaks the OpenAI API (OpenAI itself, proxies).
pub static OTHER: ServerKind = ServerKind {
    id: "other",
    name: "an OpenAI-compatible server",
    default_port: None,
    probe: None,
    version_word: "version",
    truncates_silently: false,
    start_hint: "check the URL and that the server is running",
    model_hint: "pass --model with one of those",
};

impl ServerKind {
    /// A guess from the URL alone, for when the server cannot be asked (it is
    /// down): each server has its well-known default port.
    pub fn guess(base_url: &str) -> &'static ServerKind {
        let port = base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', '?']).next())
            .and_then(|host| host.rsplit_once(':'))
            .map(|(_, p)| p);
        SERVERS
            .iter()
            .find(|k| port.is_some() && k.default_port == port)
            .unwrap_or(&OTHER)
    }

    /// How to get `model` onto a server of this kind.
    pub fn model_hint(&self, model: &str) -> String {
        self.model_hint.replace("{model}", model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_guessed_from_their_default_ports() {
        assert_eq!(ServerKind::guess("http://127.0.0.1:11434/v1").id, "ollama");
        assert_eq!(
            ServerKind::guess("http://localhost:8080/v1").id,
            "llama.cpp"
        );
        assert_eq!(ServerKind::guess("http://u:p@gpu:8000/v1?x=1").id, "vllm");
        assert_eq!(ServerKind::guess("http://h:1234/v1").id, "lm-studio");
        assert_eq!(ServerKind::guess("https://api.openai.com/v1").id, "other");
        assert!(
            ServerKind::guess("http://h:8080")
                .start_hint
                .contains("llama-server")
        );
        assert!(SERVERS[1].model_hint("m").contains("ollama pull m"));
        assert_eq!(OTHER.model_hint("m"), "pass --model with one of those");
    }

    #[test]
    fn every_row_is_complete_and_ids_are_unique() {
        let mut ids: Vec<&str> = SERVERS.iter().map(|k| k.id).collect();
        ids.push(OTHER.id);
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for k in SERVERS.iter().chain([&OTHER]) {
            assert!(!k.name.is_empty() && !k.start_hint.is_empty() && !k.model_hint.is_empty());
        }
    }
}
