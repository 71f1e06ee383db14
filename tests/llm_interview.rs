//! A whole piped interview through a fake Ollama: the model phrases turns, the
//! guard replaces the ones that drift, and the transcript records both.

mod common;

use std::path::Path;

use common::fake::{FakeServer, Step, ollama_reply};
use interviewer::transcript::{EndReason, Role, store};

fn models(ids: &[&str]) -> Vec<Step> {
    let data: Vec<String> = ids
        .iter()
        .map(|i| format!(r#"{{"id":"{i}","object":"model","owned_by":"library"}}"#))
        .collect();
    let body = format!(r#"{{"object":"list","data":[{}]}}"#, data.join(","));
    vec![
        Step::Head(
            200,
            vec![("Content-Type".into(), "application/json".into())],
        ),
        Step::Chunk(body.into_bytes()),
        Step::End,
    ]
}

fn bin(home: &Path, base: &str) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_interviewer"));
    cmd.env_clear()
        .env("INTERVIEWER_HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("INTERVIEWER_BASE_URL", base);
    cmd
}

#[test]
fn a_piped_interview_through_a_fake_ollama_records_model_turns_and_guard_fallbacks() {
    let server = FakeServer::start(vec![
        models(&["qwen3:0.6b", "smollm2:135m"]),
        ollama_reply(&[
            "Good start. ",
            "How would you join clicks to impressions, and what is your label?",
        ]),
        ollama_reply(&["What is the budget? ", "What is cached? ", "What streams?"]),
        ollama_reply(&["Candidate: I would give 10 ms to fetch.\nHow do you split it?"]),
        ollama_reply(&["Let's wrap up: which risks worry you most, and what would you monitor?"]),
        ollama_reply(&["Thanks for your time!"]),
    ]);
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
    assert!(stdout.contains("How would you join clicks to impressions, and what is your label?"));
    assert!(
        stdout.contains("(it asked 3 questions at once; here is the prepared question instead)"),
        "{stdout}"
    );

    let dir = home.path().join("transcripts");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    let t = store::read(&file).unwrap();
    assert_eq!(t.header.backend, "openai");
    assert_eq!(t.header.model.as_deref(), Some("qwen3:0.6b"));
    assert_eq!(t.header.base_url.as_deref(), Some(server.base_url.as_str()));
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
    let interviewer: Vec<_> = t.turns().filter(|x| x.role == Role::Interviewer).collect();
    assert!(
        interviewer[0]
            .text
            .starts_with("You're joining the ads team"),
        "the case is presented as written"
    );
    assert_eq!(
        interviewer[1].text,
        "Good start. How would you join clicks to impressions, and what is your label?"
    );
    assert_eq!(interviewer[1].guard, None);
    assert!(interviewer[1].tokens.is_some());
    let guarded: Vec<(&str, &str)> = interviewer
        .iter()
        .filter_map(|x| Some((x.guard.as_deref()?, x.model_text.as_deref()?)))
        .collect();
    assert_eq!(guarded.len(), 3, "{guarded:?}");
    assert_eq!(guarded[0].0, "it asked 3 questions at once");
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

    let reqs = server.requests.lock().unwrap();
    assert_eq!(
        reqs.len(),
        6,
        "one /models probe and one request per phrased turn"
    );
    let body: serde_json::Value = serde_json::from_str(&reqs[1].body).unwrap();
    assert_eq!(body["model"], "qwen3:0.6b");
    assert_eq!(body["messages"][0]["role"], "system");
    let last = body["messages"].as_array().unwrap().last().unwrap();
    assert_eq!(last["role"], "user");
    assert!(
        last["content"]
            .as_str()
            .unwrap()
            .starts_with("events land in a partitioned log"),
        "{last}"
    );
    assert!(
        last["content"]
            .as_str()
            .unwrap()
            .contains("[Interviewer's note"),
        "{last}"
    );
}

#[test]
fn an_unknown_model_lists_what_the_server_has() {
    let server = FakeServer::start(vec![models(&["qwen3:0.6b", "smollm2:135m"])]);
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
    let server = FakeServer::start(vec![models(&["smollm2:135m"])]);
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
