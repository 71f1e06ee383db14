//! A whole piped interview through a fake Ollama: the model phrases turns, the
//! guard replaces the ones that drift, and the transcript records both.

mod common;

use std::path::Path;

use common::fake::{Fake, Step, json_ok, ollama_reply};
use interviewer::transcript::{EndReason, Role, store};

fn bin(home: &Path, base: &str) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_interviewer"));
    cmd.env_clear()
        .env("INTERVIEWER_HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("INTERVIEWER_BASE_URL", base);
    cmd
}

#[test]
fn a_piped_interview_through_a_fake_ollama_shows_only_accepted_text() {
    // Ollama: no /props, and its /models has no max_model_len, so the context
    // is assumed.
    let server = Fake::new()
        .models(&["qwen3:0.6b", "smollm2:135m"])
        .chat(vec![
            ollama_reply(&[
                "You mentioned that \"events land in a partitioned log\". When a write to that log fails, ",
                "how is it retried and with what backoff, and what stops it landing twice?",
            ]),
            ollama_reply(&[
                "What is the budget? ",
                "What is cached? ",
                "What streams? Who owns it? Where is it kept?",
            ]),
            ollama_reply(&["Candidate: I would give 10 ms to fetch.\nHow do you split it?"]),
            ollama_reply(&[
                "Let's close here, though we still have time. As you'd brief the team that will own this system: what three risks ",
                "in your design worry you most, what would tell you each one is happening, and what ",
                "monitoring checklist, with the thresholds that should page someone, would you have in place before launch?",
            ]),
            ollama_reply(&["Thanks for your time!"]),
        ])
        .start();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &server.base_url)
        .args(["-s", "ad-click", "--model", "qwen3:0.6b"])
        .write_stdin("events land in a partitioned log\n/next\nwe keep it fast\n/end\nrisk: stale features; page at 10 minutes lag\n")
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stderr.contains(&format!(
            "LLM interviewer: qwen3:0.6b at {}",
            server.base_url
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("guard: replaced 3 of 5 interviewer turns (60%)"),
        "{stderr}"
    );
    assert!(
        stdout
            .contains("how is it retried and with what backoff, and what stops it landing twice?"),
        "a question that keeps the candidate's words is shown as the model wrote it:\n{stdout}"
    );
    assert!(stdout.contains("what three risks in your design worry you most"));
    for rejected in [
        "What is cached?",
        "I would give 10 ms",
        "Thanks for your time!",
    ] {
        assert!(
            !stdout.contains(rejected),
            "{rejected:?} reached the screen:\n{stdout}"
        );
    }
    assert!(
        stderr.contains(
            "(the interviewer asked several things at once; here is the prepared question)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("(the interviewer misquoted the grade; here is the prepared feedback)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("stage_"),
        "no rubric internals for the candidate"
    );

    the_transcript_keeps_what_the_guard_replaced(home.path(), &server.base_url);
    each_request_sends_the_words_it_is_about(&server);
}

/// The transcript of that interview: the case as written, the accepted
/// question about the candidate's words, and each replaced turn with the model's words and why.
fn the_transcript_keeps_what_the_guard_replaced(home: &Path, base_url: &str) {
    let dir = home.join("transcripts");
    let file = common::transcript_in(&dir);
    let t = store::read(&file).unwrap();
    assert_eq!(t.header.backend, "openai");
    assert_eq!(t.header.model.as_deref(), Some("qwen3:0.6b"));
    assert_eq!(t.header.base_url.as_deref(), Some(base_url));
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
    let interviewer: Vec<_> = t.turns().filter(|x| x.role == Role::Interviewer).collect();
    assert!(
        interviewer[0]
            .text
            .starts_with("You're joining the ads team"),
        "the case is presented as written"
    );
    assert!(
        interviewer[1]
            .text
            .starts_with("You mentioned that \"events land in a partitioned log\"")
    );
    assert_eq!(interviewer[1].guard, None);
    assert!(interviewer[1].tokens.is_some());
    let guarded: Vec<(&str, &str)> = interviewer
        .iter()
        .filter_map(|x| Some((x.guard.as_deref()?, x.model_text.as_deref()?)))
        .collect();
    assert_eq!(guarded.len(), 3, "{guarded:?}");
    assert_eq!(
        guarded[0].1,
        "What is the budget? What is cached? What streams? Who owns it? Where is it kept?",
        "the model's words are kept"
    );
    assert_eq!(guarded[1].0, "it wrote the candidate's lines");
    assert!(
        guarded[2].0.starts_with("it did not state the score"),
        "{guarded:?}"
    );
    assert!(
        interviewer
            .last()
            .unwrap()
            .text
            .contains("By the rubric, this session scores"),
        "the canonical, graded debrief stands in"
    );
}

/// What that interview sent: one request per phrased turn; a question about
/// the candidate's words carries them, an opening none.
fn each_request_sends_the_words_it_is_about(server: &common::fake::FakeServer) {
    let chats = server.requests_to("/v1/chat/completions");
    assert_eq!(chats.len(), 5, "one request per phrased turn");
    let body: serde_json::Value = serde_json::from_str(&chats[0].body).unwrap();
    assert_eq!(body["model"], "qwen3:0.6b");
    assert_eq!(body["messages"][0]["role"], "system");
    let last = body["messages"].as_array().unwrap().last().unwrap();
    assert_eq!(last["role"], "user");
    let content = last["content"].as_str().unwrap();
    assert!(
        content.starts_with("The candidate said: \"events land in a partitioned log\"")
            && content
                .contains("Question: In your design, \"events land in a partitioned log\": when a write fails, how is it retried"),
        "a question about the candidate's words sends them, and the prepared question: {last}"
    );
    // The latency opening quotes nothing: the plain rephrase prompt, with none
    // of the candidate's words.
    let body: serde_json::Value = serde_json::from_str(&chats[1].body).unwrap();
    let last = body["messages"].as_array().unwrap().last().unwrap();
    let content = last["content"].as_str().unwrap();
    assert!(content.starts_with("Rephrase: "), "{last}");
    assert!(!content.contains("partitioned log"), "{last}");
}

#[test]
fn an_unknown_model_lists_what_the_server_has() {
    let server = Fake::new()
        .models(&["qwen3:0.6b", "smollm2:135m"])
        .get("/api/version", json_ok(r#"{"version":"0.12.6"}"#))
        .start();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &server.base_url)
        .args(["-s", "ad-click", "--model", "llama9"])
        .write_stdin("")
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("model 'llama9' is not on the server")
            && stderr.contains("qwen3:0.6b, smollm2:135m")
            && stderr.contains("ollama pull llama9"),
        "{stderr}"
    );
    assert!(
        !home.path().join("transcripts").exists(),
        "no transcript for a session that never started"
    );
}

#[test]
fn without_a_model_flag_the_servers_first_model_is_used_and_said() {
    let server = Fake::new().models(&["smollm2:135m"]).start();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &server.base_url)
        .args(["-s", "ad-click"])
        .write_stdin("")
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("LLM interviewer: smollm2:135m")
            && stderr.contains("the server's first; choose with --model"),
        "{stderr}"
    );
}

#[test]
fn models_lists_the_servers_models() {
    let server = Fake::new().models(&["qwen3:0.6b", "smollm2:135m"]).start();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &server.base_url)
        .arg("models")
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        "qwen3:0.6b\nsmollm2:135m\n"
    );
}

#[test]
fn doctor_reports_kind_context_and_first_token_for_llama_cpp() {
    let props = r#"{"default_generation_settings":{"n_ctx":4096},"total_slots":1,"build_info":"b6100-abc"}"#;
    let server = Fake::new()
        .models(&["smollm2"])
        .get("/props", json_ok(props))
        .chat(vec![ollama_reply(&["ready"])])
        .start();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &server.base_url)
        .arg("doctor")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for line in [
        format!("Server: {} (from $INTERVIEWER_BASE_URL).", server.base_url),
        "✓ It is llama.cpp's llama-server (build b6100-abc).".to_string(),
        "✓ It has 1 model: smollm2.".to_string(),
        "✓ Its context is 4096 tokens (llama.cpp /props n_ctx).".to_string(),
        "✓ No API key is set".to_string(),
        "to its first token and finished normally.".to_string(),
        "Ready: `interviewer` will interview with smollm2 on this server.".to_string(),
    ] {
        assert!(text.contains(&line), "{line:?} in:\n{text}");
    }
    assert!(!text.contains("Complete {"), "no Rust debug text: {text}");
    let paths = server.paths();
    for p in ["/v1/models", "/props", "/v1/chat/completions"] {
        assert_eq!(
            paths.iter().filter(|x| *x == p).count(),
            1,
            "{p} asked once: {paths:?}"
        );
    }
}

#[test]
fn doctor_explains_an_unreachable_server_and_exits_1() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &format!("http://127.0.0.1:{port}/v1"))
        .arg("doctor")
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("✗ It does not answer: cannot reach")
            && text.contains("fix: check the URL and that the server is running")
            && text.contains("built-in offline interviewer"),
        "{text}"
    );
}

#[test]
fn ctrl_c_while_the_interviewer_speaks_cancels_only_that_reply() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};

    let slow = vec![
        common::fake::sse_head(),
        Step::Chunk(common::fake::data(
            r#"{"choices":[{"index":0,"delta":{"role":"assistant","content":"Let me think about "}}]}"#,
        )),
        Step::Sleep(std::time::Duration::from_secs(5)),
        Step::End,
    ];
    let server = Fake::new().models(&["qwen3:0.6b"]).chat(vec![slow]).start();
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_interviewer"))
        .env_clear()
        .env("INTERVIEWER_HOME", home.path())
        .env("INTERVIEWER_BASE_URL", &server.base_url)
        .args(["-s", "ad-click"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    writeln!(stdin, "my design answer").unwrap();
    stdin.flush().unwrap();
    // The reply has begun (its first words are sent) but shows nothing: a turn
    // is judged whole before the candidate sees it.
    let streaming = common::poll(|| (server.pauses_reached() > 0).then_some(()));
    assert!(streaming.is_some(), "the reply never started");
    // The first words are on the wire; a program that showed text as it came
    // would have it on screen within a few milliseconds.
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(!seen.lock().unwrap().contains("Let me think"));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        status.success(),
        "the REPL carried on to a clean end: {status:?}\n{stderr}"
    );
    assert!(
        stderr.contains("(you stopped the interviewer; here is the prepared question — /retry asks the model again)"),
        "{stderr}"
    );
    let shown = seen.lock().unwrap().clone();
    assert!(!shown.contains("Let me think"), "{shown}");

    let dir = home.path().join("transcripts");
    let file = common::transcript_in(&dir);
    let t = store::read(&file).unwrap();
    let cut = t
        .turns()
        .find(|x| x.guard.as_deref() == Some("cancelled with Ctrl-C"))
        .expect("a cancelled turn");
    assert!(
        cut.text.ends_with('?'),
        "the prepared question: {}",
        cut.text
    );
    assert!(
        shown.contains(&cut.text),
        "the prepared question is on screen after the cancel: {shown}"
    );
    assert_eq!(cut.model_text.as_deref(), Some("Let me think about "));
    assert_eq!(t.end_reason(), Some(EndReason::Eof));
}

#[test]
fn a_looping_reply_is_stopped_early_and_replaced() {
    let mut looping = vec![common::fake::sse_head()];
    for _ in 0..12 {
        looping.push(Step::Chunk(common::fake::data(
            r#"{"choices":[{"index":0,"delta":{"content":"You're here. "}}]}"#,
        )));
    }
    looping.push(Step::Sleep(std::time::Duration::from_secs(5)));
    looping.push(Step::End);
    let server = Fake::new()
        .models(&["qwen3:0.6b"])
        .chat(vec![looping])
        .start();
    let home = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    bin(home.path(), &server.base_url)
        .args(["-s", "ad-click"])
        .write_stdin("my answer\n")
        .assert()
        .success();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "the loop was cut off, not waited out"
    );
    let t = store::read(&common::transcript_in(&home.path().join("transcripts"))).unwrap();
    let replaced = t
        .turns()
        .find(|x| x.guard.is_some())
        .expect("a guarded turn");
    assert_eq!(
        replaced.guard.as_deref(),
        Some("it fell into a loop (stopped early)")
    );
    assert!(
        replaced.text.ends_with('?') && !replaced.text.contains("You're here"),
        "the prepared question stands in: {}",
        replaced.text
    );
}

#[test]
fn doctor_names_an_unknown_model_in_seconds_with_the_fix_for_its_server() {
    let props = r#"{"default_generation_settings":{"n_ctx":2048},"build_info":"b1"}"#;
    let slow = vec![
        common::fake::sse_head(),
        Step::Sleep(std::time::Duration::from_secs(30)),
        Step::End,
    ];
    let server = Fake::new()
        .models(&["smollm2"])
        .get("/props", json_ok(props))
        .chat(vec![slow])
        .start();
    let home = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = bin(home.path(), &server.base_url)
        .args(["doctor", "--model", "qwen9"])
        .assert()
        .code(1);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("✗ The model you set, 'qwen9', is not on this server.")
            && text.contains("llama-server serves the model it was started with"),
        "{text}"
    );
    assert!(!text.contains("ollama pull"), "{text}");
    assert!(server.requests_to("/v1/chat/completions").is_empty());
}

#[test]
fn escape_sequences_in_an_accepted_reply_never_reach_the_screen_or_the_transcript() {
    let server = Fake::new()
        .models(&["qwen3:0.6b"])
        .chat(vec![ollama_reply(&[
            "You mentioned that \"events land in a partitioned log\". When a write to that log fails, \u{1b}]0;owned\u{7}",
            "how is it retried and with what backoff, and what stops it \u{1b}[2Jlanding twice?",
        ])])
        .start();
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path(), &server.base_url)
        .args(["-s", "ad-click", "--model", "qwen3:0.6b"])
        .write_stdin("events land in a partitioned log\n/end\nrisk: stale features; page at 10 minutes lag\n")
        .assert()
        .success();
    let stdout = out.get_output().stdout.clone();
    assert!(
        !stdout.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&stdout)
    );
    let dir = home.path().join("transcripts");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    let t = store::read(&path).unwrap();
    let shown: Vec<&str> = t
        .turns()
        .filter(|t| t.role == Role::Interviewer)
        .map(|t| t.text.as_str())
        .collect();
    assert!(
        shown
            .iter()
            .any(|s| s.contains("When a write to that log fails")),
        "the reply was accepted: {shown:?}"
    );
    assert!(
        shown
            .iter()
            .all(|s| !s.contains('\u{1b}') && !s.contains('\u{7}')),
        "{shown:?}"
    );
}
