//! What a server says about itself, from each server's own endpoints: llama.cpp's
//! `/props`, Ollama's `/api/version` and `/api/show`, vLLM's `/version` and the
//! `max_model_len` in its `/v1/models`. The parsers are pure; `doctor` does the
//! requests.

use serde_json::Value;

use super::servers::{Probe, SERVERS, ServerKind};

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
        .get_json(&client.at_root("props"))
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
    let models = client.get_json(&client.url("models"))?;
    vllm_context(&models, model).map(|n| (n, "vLLM max_model_len"))
}

/// What a live server says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub kind: &'static ServerKind,
    /// Its version or build, when it says.
    pub version: Option<String>,
    /// llama.cpp's `/props`: the context it was started with, and its build.
    pub props: Option<(Option<u64>, Option<String>)>,
}

/// Asks a live server what it is: each known kind's identifying endpoint, in
/// the table's order, stopping at the first that answers in that kind's shape;
/// else a guess from the port.
pub fn identify(client: &super::client::Client) -> Identity {
    for kind in &SERVERS {
        let Some((path, probe)) = kind.probe else {
            continue;
        };
        let Some(v) = client.get_json(&client.at_root(path)) else {
            continue;
        };
        let found = match probe {
            Probe::Props => llama_props(&v).map(|props| (props.1.clone(), Some(props))),
            Probe::Version => version(&v).map(|ver| (Some(ver), None)),
        };
        if let Some((version, props)) = found {
            return Identity {
                kind,
                version,
                props,
            };
        }
    }
    Identity {
        kind: ServerKind::guess(client.base_url()),
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
}
