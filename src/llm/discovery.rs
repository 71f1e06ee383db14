//! What a server says about itself, from each server's own endpoints: llama.cpp's
//! `/props`, Ollama's `/api/version` and `/api/show`, vLLM's `/version` and the
//! `max_model_len` in its `/v1/models`. The parsers are pure; `doctor` does the
//! requests.

use serde_json::Value;

/// A server kind and version, as far as it tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerKind {
    pub name: &'static str,
    pub version: Option<String>,
}

/// llama.cpp's `/props`: the context size the server was started with, and its build.
pub fn llama_props(v: &Value) -> Option<(Option<u64>, Option<String>)> {
    let settings = v.get("default_generation_settings")?;
    let n_ctx = settings
        .get("n_ctx")
        .and_then(Value::as_u64)
        .or_else(|| v.get("n_ctx").and_then(Value::as_u64));
    let build = v
        .get("build_info")
        .and_then(Value::as_str)
        .map(str::to_string);
    Some((n_ctx, build))
}

/// Ollama's `/api/show`: the model's trained context length (`<arch>.context_length`).
/// Ollama still truncates prompts at its own `num_ctx`, which `/v1` cannot change.
pub fn ollama_context(show: &Value) -> Option<u64> {
    let info = show.get("model_info")?.as_object()?;
    info.iter()
        .find(|(k, _)| k.ends_with(".context_length"))
        .and_then(|(_, v)| v.as_u64())
}

/// vLLM's `/v1/models`: `max_model_len` of the named model (or the first).
pub fn vllm_context(models: &Value, model: Option<&str>) -> Option<u64> {
    let data = models.get("data")?.as_array()?;
    let entry = match model {
        Some(m) => data
            .iter()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(m)),
        None => data.first(),
    }?;
    entry.get("max_model_len").and_then(Value::as_u64)
}

/// `{"version": "…"}`, as Ollama's `/api/version` and vLLM's `/version` answer.
pub fn version(v: &Value) -> Option<String> {
    v.get("version").and_then(Value::as_str).map(str::to_string)
}

/// The context length a server enforces, and where it came from, when it says:
/// llama.cpp's `/props` `n_ctx` or vLLM's `max_model_len`. Ollama's `/api/show`
/// gives the model's trained length, not the `num_ctx` it truncates at, so it is
/// not used as a budget.
pub fn enforced_context(
    client: &super::client::Client,
    model: Option<&str>,
) -> Option<(u64, &'static str)> {
    let props = client
        .get_json(&format!("{}/props", client.root_url()))
        .and_then(|v| llama_props(&v));
    enforced_context_given(client, props.as_ref(), model)
}

/// [`enforced_context`] for a caller that already fetched `/props`.
pub fn enforced_context_given(
    client: &super::client::Client,
    props: Option<&(Option<u64>, Option<String>)>,
    model: Option<&str>,
) -> Option<(u64, &'static str)> {
    if let Some((Some(n), _)) = props {
        return Some((*n, "llama.cpp /props n_ctx"));
    }
    let models = client.get_json(&format!(
        "{}/models",
        client.base_url().trim_end_matches('/')
    ))?;
    vllm_context(&models, model).map(|n| (n, "vLLM max_model_len"))
}

/// The kinds of server this program knows how to advise about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Ollama,
    LlamaCpp,
    Vllm,
    LmStudio,
    /// Anything else that speaks the OpenAI API (OpenAI itself, proxies).
    Other,
}

impl Family {
    /// A guess from the URL alone, for when the server cannot be asked (it is
    /// down): each server has its well-known default port.
    pub fn guess(base_url: &str) -> Family {
        let port = base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', '?']).next())
            .and_then(|host| host.rsplit_once(':'))
            .map(|(_, p)| p);
        match port {
            Some("11434") => Family::Ollama,
            Some("8080") => Family::LlamaCpp,
            Some("8000") => Family::Vllm,
            Some("1234") => Family::LmStudio,
            _ => Family::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Ollama => "Ollama",
            Family::LlamaCpp => "llama.cpp's llama-server",
            Family::Vllm => "vLLM",
            Family::LmStudio => "LM Studio",
            Family::Other => "an OpenAI-compatible server",
        }
    }

    /// How to get a server of this kind running.
    pub fn start_hint(self) -> &'static str {
        match self {
            Family::Ollama => "start Ollama with `ollama serve`",
            Family::LlamaCpp => "start it with `llama-server -m MODEL.gguf --port 8080`",
            Family::Vllm => "start it with `vllm serve MODEL`",
            Family::LmStudio => "start the local server in LM Studio (Developer tab)",
            Family::Other => "check the URL and that the server is running",
        }
    }

    /// How to get `model` onto a server of this kind.
    pub fn model_hint(self, model: &str) -> String {
        match self {
            Family::Ollama => format!("fetch it with `ollama pull {model}`, or pass --model with one of those"),
            Family::LlamaCpp => "llama-server serves the model it was started with (-m FILE); pass --model with the name it lists, or restart it with the model you want".to_string(),
            Family::Vllm => "vLLM serves the model it was started with; pass --model with the name it lists, or restart it with `vllm serve MODEL`".to_string(),
            Family::LmStudio => "load the model in LM Studio, or pass --model with one of those".to_string(),
            Family::Other => "pass --model with one of those".to_string(),
        }
    }
}

/// What a live server says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub family: Family,
    /// Its version or build, when it says.
    pub version: Option<String>,
    /// llama.cpp's `/props`: the context it was started with, and its build.
    pub props: Option<(Option<u64>, Option<String>)>,
}

/// Asks a live server what it is: llama.cpp's `/props`, then Ollama's
/// `/api/version`, then vLLM's `/version`, stopping at the first that answers.
pub fn identify(client: &super::client::Client) -> Identity {
    let root = client.root_url();
    if let Some(props) = client
        .get_json(&format!("{root}/props"))
        .and_then(|v| llama_props(&v))
    {
        return Identity {
            family: Family::LlamaCpp,
            version: props.1.clone(),
            props: Some(props),
        };
    }
    for (path, family) in [("api/version", Family::Ollama), ("version", Family::Vllm)] {
        if let Some(v) = client
            .get_json(&format!("{root}/{path}"))
            .and_then(|v| version(&v))
        {
            return Identity {
                family,
                version: Some(v),
                props: None,
            };
        }
    }
    Identity {
        family: Family::guess(client.base_url()),
        version: None,
        props: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn llama_cpp_props() {
        let v = json!({"default_generation_settings": {"n_ctx": 4096, "params": {}}, "total_slots": 1, "build_info": "b6100-abc"});
        assert_eq!(
            llama_props(&v),
            Some((Some(4096), Some("b6100-abc".into())))
        );
        assert_eq!(llama_props(&json!({"version": "0.12"})), None);
    }

    #[test]
    fn ollama_show_context_length() {
        let v =
            json!({"model_info": {"general.architecture": "qwen3", "qwen3.context_length": 40960}});
        assert_eq!(ollama_context(&v), Some(40960));
    }

    #[test]
    fn vllm_max_model_len() {
        let v = json!({"object": "list", "data": [{"id": "a", "max_model_len": 8192}, {"id": "b", "max_model_len": 32768}]});
        assert_eq!(vllm_context(&v, Some("b")), Some(32768));
        assert_eq!(vllm_context(&v, None), Some(8192));
    }

    #[test]
    fn families_are_guessed_from_their_default_ports() {
        assert_eq!(Family::guess("http://127.0.0.1:11434/v1"), Family::Ollama);
        assert_eq!(Family::guess("http://localhost:8080/v1"), Family::LlamaCpp);
        assert_eq!(Family::guess("http://u:p@gpu:8000/v1?x=1"), Family::Vllm);
        assert_eq!(Family::guess("https://api.openai.com/v1"), Family::Other);
        assert!(Family::LlamaCpp.start_hint().contains("llama-server"));
        assert!(Family::Ollama.model_hint("m").contains("ollama pull m"));
    }
}
