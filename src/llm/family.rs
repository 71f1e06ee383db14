//! The kinds of OpenAI-compatible server, and what to tell a user of each: how
//! to start it, how to get a model onto it. Pure, so the client's error
//! messages and `doctor` give the same advice.

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

#[cfg(test)]
mod tests {
    use super::*;

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
