//! The streaming client against faithful fakes of Ollama, llama.cpp and vLLM,
//! and against every fault the issue names. Each test checks what the caller
//! gets (text, ending, error message) and how many requests the server saw.

mod common;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::fake::{Fake, FakeServer, Step, data, json_error, json_ok, ollama_reply, sse_head};
use interviewer::config::{Secret, Source};
use interviewer::llm::client::{
    ChatRequest, Client, ClientConfig, ClientError, Completion, Ending, Flow, Message,
};

fn config(base: &str) -> ClientConfig {
    let mut c = ClientConfig::new(base);
    c.backoff = Duration::from_millis(20);
    c.idle_timeout = Duration::from_millis(500);
    c.first_byte_timeout = Duration::from_secs(5);
    c
}

fn request() -> ChatRequest {
    ChatRequest {
        model: "qwen3".into(),
        messages: vec![
            Message::new("system", "You are an interviewer."),
            Message::new("user", "Ask about latency."),
        ],
        max_tokens: None,
        temperature: None,
        frequency_penalty: None,
        response_format: None,
    }
}

fn chat(server: &FakeServer, cfg: ClientConfig) -> (Result<Completion, ClientError>, String) {
    let client = Client::new(cfg).unwrap();
    let mut seen = String::new();
    let cancel = AtomicBool::new(false);
    let result = client.chat(&request(), &cancel, &mut |t| {
        seen.push_str(t);
        Flow::Go
    });
    let _ = server;
    (result, seen)
}

fn complete(c: &Completion) -> bool {
    matches!(&c.ending, Ending::Complete { finish } if finish == "stop")
}

#[test]
fn ollama_current_dialect_streams_to_a_complete_reply() {
    let server = FakeServer::chat(vec![ollama_reply(&["What is ", "your p99 ", "budget?"])]);
    let (result, seen) = chat(&server, config(&server.base_url));
    let c = result.unwrap();
    assert_eq!(c.text, "What is your p99 budget?");
    assert_eq!(
        seen, c.text,
        "text is streamed piece by piece as it arrives"
    );
    assert!(complete(&c), "{:?}", c.ending);
    assert_eq!(c.usage.and_then(|u| u.prompt_tokens), Some(120));
    let reqs = server.requests.lock().unwrap();
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    let body: serde_json::Value = serde_json::from_str(&reqs[0].body).unwrap();
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["include_usage"], true);
    assert!(
        body.get("temperature").is_none(),
        "only parameters that are set are sent"
    );
    assert!(
        !reqs[0].headers.iter().any(|(k, _)| k == "authorization"),
        "no key, no header"
    );
}

#[test]
fn ollama_legacy_dialect_with_role_repeated_and_finish_on_the_last_content_chunk() {
    let chunk = |c: &str, f: &str| {
        data(&format!(
            r#"{{"choices":[{{"index":0,"delta":{{"role":"assistant","content":"{c}"}},"finish_reason":{f}}}]}}"#
        ))
    };
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(chunk("Tell me ", "null")),
        Step::Chunk(chunk("more.", "null")),
        Step::Chunk(chunk("", "\"stop\"")),
        Step::Chunk(b"data: [DONE]\n\n".to_vec()),
        Step::End,
    ]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "Tell me more.");
    assert!(complete(&c));
}

#[test]
fn llama_cpp_loading_503_is_retried_then_pings_and_a_role_only_chunk_are_skipped() {
    let loading = json_error(
        503,
        r#"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#,
        &[],
    );
    let stream = vec![
        sse_head(),
        Step::Chunk(b":\n\n".to_vec()),
        Step::Chunk(data(
            r#"{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"object":"chat.completion.chunk"}"#,
        )),
        Step::Chunk(data(
            r#"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Why that partition key?"}}]}"#,
        )),
        Step::Chunk(b":\n\n".to_vec()),
        Step::Chunk(data(
            r#"{"choices":[{"finish_reason":"stop","index":0,"delta":{}}]}"#,
        )),
        Step::Chunk(b"data: [DONE]\n\n".to_vec()),
        Step::End,
    ];
    let server = FakeServer::chat(vec![loading, stream]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "Why that partition key?");
    assert!(complete(&c));
    assert_eq!(server.request_count(), 2, "one retry for the 503");
}

#[test]
fn vllm_error_event_mid_stream_keeps_the_text_and_marks_it_incomplete() {
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
        )),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"content":"How would you "}}]}"#,
        )),
        Step::Chunk(data(
            r#"{"error":{"message":"CUDA out of memory","type":"InternalServerError","param":null,"code":500}}"#,
        )),
        Step::Chunk(b"data: [DONE]\n\n".to_vec()),
        Step::End,
    ]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "How would you ");
    let Ending::Incomplete { why } = &c.ending else {
        panic!("{:?}", c.ending)
    };
    assert!(why.contains("CUDA out of memory"), "{why}");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn connection_refused_says_how_to_start_a_server() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}/v1");
    let client = Client::new(config(&base)).unwrap();
    let err = client
        .chat(&request(), &AtomicBool::new(false), &mut |_| Flow::Go)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&format!("cannot reach {base}")), "{err}");
    assert!(
        err.contains("that the server is running")
            && err.contains("--base-url")
            && !err.contains("--offline"),
        "{err}"
    );
}

#[test]
fn unknown_model_404_is_not_retried_and_keeps_the_servers_words() {
    let server = FakeServer::chat(vec![json_error(
        404,
        r#"{"error":{"message":"model 'qwen3' not found","type":"not_found_error","param":null,"code":null}}"#,
        &[],
    )]);
    let err = chat(&server, config(&server.base_url)).0.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.to_string().contains("model 'qwen3' not found"), "{err}");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn rate_limit_429_honours_retry_after() {
    let server = FakeServer::chat(vec![
        json_error(
            429,
            r#"{"error":{"message":"slow down"}}"#,
            &[("Retry-After", "1")],
        ),
        ollama_reply(&["ok?"]),
    ]);
    let started = Instant::now();
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert!(complete(&c));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.request_count(), 2);
}

#[test]
fn html_500_is_retried_then_reported_by_its_title() {
    let page = || {
        vec![
            Step::Head(500, vec![("Content-Type".into(), "text/html".into())]),
            Step::Chunk(b"<html><head><title>500 Internal Server Error</title></head><body>oops</body></html>".to_vec()),
            Step::End,
        ]
    };
    let server = FakeServer::chat(vec![page(), page(), page(), page()]);
    let err = chat(&server, config(&server.base_url)).0.unwrap_err();
    assert!(
        err.to_string()
            .contains("HTTP 500: 500 Internal Server Error"),
        "{err}"
    );
    assert_eq!(server.request_count(), 4, "three retries, then give up");
}

#[test]
fn a_stall_after_the_first_chunk_times_out_without_resending() {
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"content":"Walk me"}}]}"#,
        )),
        Step::Sleep(Duration::from_secs(3)),
        Step::End,
    ]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "Walk me");
    let Ending::Incomplete { why } = &c.ending else {
        panic!("{:?}", c.ending)
    };
    assert!(why.contains("sent nothing"), "{why}");
    assert_eq!(
        server.request_count(),
        1,
        "never re-POST after streaming started"
    );
}

#[test]
fn a_drop_mid_stream_keeps_the_text_and_is_not_retried() {
    let server = FakeServer::chat(vec![
        vec![
            sse_head(),
            Step::Chunk(data(
                r#"{"choices":[{"index":0,"delta":{"content":"Half a"}}]}"#,
            )),
            Step::Drop,
        ],
        ollama_reply(&["never sent"]),
    ]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "Half a");
    assert!(
        matches!(c.ending, Ending::Incomplete { .. }),
        "{:?}",
        c.ending
    );
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_malformed_chunk_stops_the_reply_as_incomplete() {
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"content":"ok "}}]}"#,
        )),
        Step::Chunk(b"data: {\"choices\":[{\"delta\":\n\n".to_vec()),
        Step::End,
    ]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "ok ");
    let Ending::Incomplete { why } = &c.ending else {
        panic!()
    };
    assert!(why.contains("malformed chunk"), "{why}");
}

#[test]
fn a_multi_byte_character_split_across_chunks_arrives_whole() {
    let line = data(r#"{"choices":[{"index":0,"delta":{"content":"p99 ≤ 50 ms — ok 🚀"}}]}"#);
    let cut = line.iter().position(|b| *b == 0xe2).unwrap() + 1;
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(line[..cut].to_vec()),
        Step::Chunk(line[cut..].to_vec()),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        )),
        Step::Chunk(b"data: [DONE]\n\n".to_vec()),
        Step::End,
    ]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "p99 ≤ 50 ms — ok 🚀");
}

#[test]
fn a_stream_without_done_is_incomplete() {
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"content":"Hm"},"finish_reason":"stop"}]}"#,
        )),
        Step::End,
    ]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(
        c.ending,
        Ending::Incomplete {
            why: "the stream ended without [DONE]".into()
        }
    );
}

#[test]
fn cancelling_keeps_the_partial_text() {
    let server = FakeServer::chat(vec![vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"content":"First part"}}]}"#,
        )),
        Step::Sleep(Duration::from_millis(400)),
        Step::End,
    ]]);
    let client = Client::new(config(&server.base_url)).unwrap();
    let cancel = AtomicBool::new(false);
    let mut seen = String::new();
    let c = client
        .chat(&request(), &cancel, &mut |t| {
            seen.push_str(t);
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            Flow::Go
        })
        .unwrap();
    assert_eq!(
        (c.text.as_str(), c.ending),
        ("First part", Ending::Cancelled)
    );
}

#[test]
fn the_api_key_is_sent_as_bearer_and_never_shown_in_errors() {
    let server = FakeServer::chat(vec![json_error(
        401,
        r#"{"error":{"message":"Incorrect API key provided: sk-abc***xyz"}}"#,
        &[],
    )]);
    let mut cfg = config(&server.base_url);
    cfg.api_key = Some(Secret::from("sk-abcdefxyz".to_string()));
    cfg.api_key_from = Some(Source::Env("OPENAI_API_KEY"));
    let err = chat(&server, cfg).0.unwrap_err().to_string();
    assert!(
        err.contains("the API key from $OPENAI_API_KEY was rejected"),
        "{err}"
    );
    assert!(!err.contains("sk-abcdefxyz"), "{err}");
    let reqs = server.requests.lock().unwrap();
    assert!(
        reqs[0]
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == "Bearer sk-abcdefxyz")
    );
}

#[test]
fn models_are_listed_from_the_models_endpoint() {
    let body = r#"{"object":"list","data":[{"id":"smollm2:135m","object":"model"},{"id":"qwen3:0.6b","object":"model"}]}"#;
    let server = Fake::new().get("/v1/models", json_ok(body)).start();
    let client = Client::new(config(&server.base_url)).unwrap();
    assert_eq!(
        client.list_models().unwrap(),
        ["qwen3:0.6b", "smollm2:135m"]
    );
    assert_eq!(server.requests.lock().unwrap()[0].path, "/v1/models");
}

/// llama-server closes a kept-alive connection after 5 s idle; the client's
/// runtime is not running between turns, so it cannot notice, and the next
/// request goes out on a dead socket. It must be sent again on a fresh one.
#[test]
fn a_pooled_connection_the_server_closed_while_idle_is_replaced() {
    let body = r#"{"object":"list","data":[{"id":"qwen3","object":"model"}]}"#;
    let server = Fake::new()
        .models(&["qwen3"])
        .get("/v1/models", json_ok(body))
        .chat(vec![ollama_reply(&["Where does ", "it live?"])])
        .idle_close(Duration::from_millis(30))
        .start();
    let client = Client::new(config(&server.base_url)).unwrap();
    client.list_models().unwrap();
    // The candidate thinks; the server drops the idle connection meanwhile.
    assert!(
        common::poll(|| (server.closed() >= 1).then_some(())).is_some(),
        "the server never closed the idle connection"
    );
    let cancel = AtomicBool::new(false);
    let c = client.chat(&request(), &cancel, &mut |_| Flow::Go).unwrap();
    assert_eq!(c.text, "Where does it live?");
    assert!(complete(&c), "{:?}", c.ending);
    let chats = server.requests_to("/v1/chat/completions");
    assert_eq!(chats.len(), 1, "the reply was generated once");
    assert_ne!(
        chats[0].connection,
        server.requests_to("/v1/models")[0].connection,
        "on a new connection"
    );
}

#[test]
fn keep_alive_pings_do_not_hold_off_the_idle_timeout() {
    let mut steps = vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"content":"Walk me"}}]}"#,
        )),
    ];
    // Pings every 10 ms for 6 s, faster than the client's read tick: bytes
    // keep coming, content does not.
    for _ in 0..600 {
        steps.push(Step::Chunk(b": ping\n\n".to_vec()));
        steps.push(Step::Sleep(Duration::from_millis(10)));
    }
    steps.push(Step::End);
    let server = FakeServer::chat(vec![steps]);
    let started = Instant::now();
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert_eq!(c.text, "Walk me");
    let Ending::Incomplete { why } = &c.ending else {
        panic!("{:?}", c.ending)
    };
    assert!(why.contains("sent nothing"), "{why}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cut at the idle timeout"
    );
}

#[test]
fn a_reply_past_the_character_cap_is_cut_there() {
    let mut steps = vec![sse_head()];
    for i in 0..400 {
        steps.push(Step::Chunk(data(&format!(
            r#"{{"choices":[{{"index":0,"delta":{{"content":"word{i} "}}}}]}}"#
        ))));
    }
    steps.push(Step::End);
    let server = FakeServer::chat(vec![steps]);
    let mut cfg = config(&server.base_url);
    cfg.max_reply_chars = 500;
    let c = chat(&server, cfg).0.unwrap();
    assert!(c.text.chars().count() <= 500, "{}", c.text.len());
    let Ending::Capped { why } = &c.ending else {
        panic!("{:?}", c.ending)
    };
    assert!(why.contains("500 characters"), "{why}");
}

#[test]
fn a_reply_still_streaming_past_the_time_cap_is_cut_there() {
    let mut steps = vec![sse_head()];
    for i in 0..200 {
        steps.push(Step::Chunk(data(&format!(
            r#"{{"choices":[{{"index":0,"delta":{{"content":"w{i} "}}}}]}}"#
        ))));
        steps.push(Step::Sleep(Duration::from_millis(40)));
    }
    steps.push(Step::End);
    let server = FakeServer::chat(vec![steps]);
    let mut cfg = config(&server.base_url);
    cfg.max_reply_time = Duration::from_secs(1);
    let started = Instant::now();
    let c = chat(&server, cfg).0.unwrap();
    assert!(matches!(c.ending, Ending::Capped { .. }), "{:?}", c.ending);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn one_enormous_event_is_refused_without_buffering_it_all() {
    let huge = format!(
        r#"{{"choices":[{{"index":0,"delta":{{"content":"{}"}}}}]}}"#,
        "x".repeat(3 * 1024 * 1024)
    );
    let server = FakeServer::chat(vec![vec![sse_head(), Step::Chunk(data(&huge)), Step::End]]);
    let c = chat(&server, config(&server.base_url)).0.unwrap();
    assert!(c.text.is_empty());
    let Ending::Incomplete { why } = &c.ending else {
        panic!("{:?}", c.ending)
    };
    assert!(why.contains("over 1048576 bytes"), "{why}");
}

#[test]
fn a_reasoning_models_long_thinking_is_not_cut_by_the_reply_cap() {
    let mut steps = vec![sse_head()];
    for i in 0..100 {
        steps.push(Step::Chunk(data(&format!(
            r#"{{"choices":[{{"index":0,"delta":{{"reasoning_content":"thought {i} is that the budget matters. "}}}}]}}"#
        ))));
    }
    steps.push(Step::Chunk(data(
        r#"{"choices":[{"index":0,"delta":{"content":"What is your budget?"},"finish_reason":"stop"}]}"#,
    )));
    steps.push(Step::Chunk(b"data: [DONE]\n\n".to_vec()));
    steps.push(Step::End);
    let server = FakeServer::chat(vec![steps]);
    let mut cfg = config(&server.base_url);
    cfg.max_reply_chars = 500;
    let c = chat(&server, cfg).0.unwrap();
    assert!(c.reasoning.chars().count() > 500);
    assert_eq!(c.text, "What is your budget?");
    assert!(complete(&c), "{:?}", c.ending);
}
