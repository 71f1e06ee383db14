//! Streams one chat completion with interviewer's client and writes each piece of
//! text to stdout as it arrives. `scripts/bench-llm.sh` times it against `curl -N`
//! on the identical request.
//!
//!   cargo run --release --example stream_once -- BASE_URL MODEL MAX_TOKENS PROMPT

use std::io::Write;
use std::sync::atomic::AtomicBool;

use interviewer::llm::client::{ChatRequest, Client, ClientConfig, Flow, Message};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, model, max_tokens, prompt] = args.as_slice() else {
        eprintln!("usage: stream_once BASE_URL MODEL MAX_TOKENS PROMPT");
        return std::process::ExitCode::from(2);
    };
    let Ok(max_tokens) = max_tokens.parse() else {
        eprintln!("MAX_TOKENS must be a number");
        return std::process::ExitCode::from(2);
    };
    let request = ChatRequest {
        model: model.clone(),
        messages: vec![Message::new("user", prompt.clone())],
        max_tokens: Some(max_tokens),
        temperature: Some(0.0),
        frequency_penalty: None,
        response_format: None,
    };
    let client = match Client::new(ClientConfig::new(base.clone())) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout();
    let result = client.chat(&request, &AtomicBool::new(false), &mut |t| {
        let _ = out.write_all(t.as_bytes());
        let _ = out.flush();
        Flow::Go
    });
    match result {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::from(1)
        }
    }
}
