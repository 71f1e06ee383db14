//! Hardening: what an adversarial tester tries against sessions, secrets, servers
//! and files. Each test names the failure it guards against; every one of them
//! failed on the code before the fix it pins.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::fake::{Fake, Step, data, ollama_reply, sse_head};
use common::{interviewer, poll, run_with_stdin};
use interviewer::transcript::{EndReason, Record, Role, store};

/// The answer script for a whole ad-click round.
fn answers() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/answers/ad-click.txt"),
    )
    .unwrap()
}

fn transcripts(home: &Path) -> PathBuf {
    home.join("transcripts")
}

/// An offline session that stops after one answer (end of input).
fn stopped_session(home: &Path) -> PathBuf {
    let out = run_with_stdin(
        interviewer(home).args(["--offline", "-s", "ad-click"]),
        "Clicks and impressions land in a partitioned event log keyed by request id.\n",
    );
    assert!(out.status.success(), "{out:?}");
    common::transcript_in(&transcripts(home))
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// 1. Two resumes of one session: the second is refused, naming the first.
#[test]
fn a_second_resume_of_a_live_session_is_refused_with_the_pid_holding_it() {
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    let mut first = interviewer(home.path())
        .args(["resume", "--last", "--offline"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_in = first.stdin.take().unwrap();
    // The first resume holds the file once its first new record is on disk.
    let before = std::fs::read_to_string(&path).unwrap().lines().count();
    writeln!(first_in, "We replay the log to rebuild any day's features.").unwrap();
    first_in.flush().unwrap();
    assert!(
        poll(|| { (std::fs::read_to_string(&path).ok()?.lines().count() > before).then_some(()) })
            .is_some()
    );
    let second = run_with_stdin(
        interviewer(home.path()).args(["resume", "--last", "--offline"]),
        "an answer that must not be written\n",
    );
    assert!(!second.status.success());
    let said = text(&second);
    assert!(
        said.contains(&format!("is in use by pid {}", first.id())),
        "{said}"
    );
    drop(first_in);
    assert!(first.wait().unwrap().success());
    let t = store::read(&path).unwrap();
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("must not be written")
    );
    let seqs: Vec<u64> = t.records.iter().map(Record::seq).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
}

// 2. An editor's save without a final newline must not glue the next record on.
#[test]
fn resume_after_an_editor_dropped_the_final_newline_keeps_the_file_readable() {
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, bytes.strip_suffix(b"\n").unwrap()).unwrap();
    let out = run_with_stdin(
        interviewer(home.path()).args(["resume", "--last", "--offline"]),
        "We replay the log to rebuild any day's features.\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let t = store::read(&path).unwrap();
    assert!(
        t.turns().any(|x| x.text.starts_with("We replay the log")),
        "the new answer is there and the file parses"
    );
}

// 3. The API key and URL credentials never leave the process.
#[test]
fn a_key_echoed_by_the_server_or_carried_in_the_url_is_never_printed_or_saved() {
    let key = "sk-test-VERYSECRET-4242";
    let server = Fake::new()
        .models(&["m"])
        .chat(vec![common::fake::json_error(
            401,
            &format!(r#"{{"error":{{"message":"Incorrect API key provided: {key}","type":"invalid_request_error"}}}}"#),
            &[],
        )])
        .start();
    let port = server.base_url.trim_start_matches("http://127.0.0.1:");
    let url = format!("http://alice:hunter2pass@127.0.0.1:{port}?api_key=QUERYSECRET99");
    assert!(port.ends_with("/v1"));
    let url = url.replace("/v1?", "?");
    let home = tempfile::tempdir().unwrap();
    let out = run_with_stdin(
        interviewer(home.path())
            .env("INTERVIEWER_API_KEY", key)
            .env("INTERVIEWER_BASE_URL", &url)
            .args(["-s", "ad-click", "--model", "m"]),
        "Events land in a partitioned log keyed by request id.\n",
    );
    let mut everything = text(&out);
    assert!(transcripts(home.path()).is_dir(), "{everything}");
    for entry in std::fs::read_dir(transcripts(home.path())).unwrap() {
        everything.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(
        everything.contains("[redacted]"),
        "the echo is there, redacted: {everything}"
    );
    for secret in [key, "hunter2pass", "QUERYSECRET99"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked:\n{everything}"
        );
    }
    // Error paths of `models` and `doctor` against a dead port.
    for args in [&["models"][..], &["doctor"][..]] {
        let out = interviewer(home.path())
            .env("INTERVIEWER_API_KEY", key)
            .env(
                "INTERVIEWER_BASE_URL",
                "http://alice:hunter2pass@127.0.0.1:9/v1?api_key=QUERYSECRET99",
            )
            .args(args)
            .output()
            .unwrap();
        let said = text(&out);
        for secret in [key, "hunter2pass", "QUERYSECRET99"] {
            assert!(!said.contains(secret), "{args:?} leaked {secret}:\n{said}");
        }
    }
}

// 4. Interview records are private.
#[cfg(unix)]
#[test]
fn transcripts_their_directory_and_grade_reports_are_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&transcripts(home.path())), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&path.with_extension("grade.json")), 0o600);
    let report = home.path().join("r.md");
    let out = interviewer(home.path())
        .args(["report", "--last", "-o"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&report), 0o600);
}

/// A stream that never ends: a word every 5 ms for 60 s, or pings only.
fn endless(pings_only: bool) -> Vec<Step> {
    let mut steps = vec![sse_head()];
    for i in 0..12_000 {
        // Words that never repeat, so the loop check does not stop it first.
        steps.push(Step::Chunk(if pings_only {
            b": ping\n\n".to_vec()
        } else {
            data(&format!(
                r#"{{"choices":[{{"index":0,"delta":{{"content":"w{i} "}},"finish_reason":null}}]}}"#
            ))
        }));
        steps.push(Step::Sleep(Duration::from_millis(5)));
    }
    steps
}

// 5, 6. Endless replies are capped (characters and seconds); pings are not content.
#[test]
fn an_endless_reply_or_a_stream_of_pings_is_cut_off_and_the_prepared_question_asked() {
    for (pings, cap) in [(false, "characters"), (true, "s, the cap")] {
        let server = Fake::new()
            .models(&["m"])
            .chat(vec![endless(pings)])
            .start();
        let home = tempfile::tempdir().unwrap();
        let out = run_with_stdin(
            interviewer(home.path())
                .env("INTERVIEWER_BASE_URL", &server.base_url)
                .env("INTERVIEWER_MAX_REPLY_CHARS", "2000")
                .env("INTERVIEWER_MAX_REPLY_SECONDS", "5")
                .args(["-s", "ad-click", "--model", "m"]),
            "Events land in a partitioned log keyed by request id.\n",
        );
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("ran too long and was cut off"),
            "{}",
            text(&out)
        );
        let t = store::read(&common::transcript_in(&transcripts(home.path()))).unwrap();
        let cut = t
            .turns()
            .find(|x| x.role == Role::Interviewer && x.guard.is_some())
            .expect("the capped turn");
        assert!(cut.guard.as_deref().unwrap().contains(cap), "{cut:?}");
        assert!(cut.model_text.as_deref().map_or(0, str::len) <= 2_100);
    }
}

// 5. SIGTERM ends the process at once, even mid-reply, and the transcript says so.
#[cfg(unix)]
#[test]
fn sigterm_while_the_interviewer_is_thinking_ends_the_session_as_interrupted() {
    let mut slow = vec![sse_head(), Step::Sleep(Duration::from_secs(60))];
    slow.extend(ollama_reply(&["Never shown?"]));
    let server = Fake::new().models(&["m"]).chat(vec![slow]).start();
    let home = tempfile::tempdir().unwrap();
    let mut child = interviewer(home.path())
        .env("INTERVIEWER_BASE_URL", &server.base_url)
        .args(["-s", "ad-click", "--model", "m"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    writeln!(
        input,
        "Events land in a partitioned log keyed by request id."
    )
    .unwrap();
    input.flush().unwrap();
    // Mid-reply: the server has sent the reply's head and is holding the rest.
    assert!(poll(|| (server.pauses_reached() > 0).then_some(())).is_some());
    let started = std::time::Instant::now();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "it ended at once"
    );
    assert_eq!(status.code(), Some(143));
    let t = store::read(&common::transcript_in(&transcripts(home.path()))).unwrap();
    assert_eq!(t.end_reason(), Some(EndReason::Interrupted));
}

// 7, 10. Markup and escapes in a crafted transcript stay text in every report.
#[test]
fn markup_and_escapes_in_a_crafted_transcript_stay_inert_in_reports() {
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    let crafted = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "Clicks and impressions land",
            "<script>alert(1)</script> [click](javascript:alert(1)) Clicks and impressions land",
        )
        .replacen(
            "\"session\":\"",
            "\"session\":\"\\u001b]0;pwned\\u0007\\u202eevil",
            1,
        );
    let bad = home.path().join("crafted.jsonl");
    std::fs::write(&bad, crafted).unwrap();
    let reports = [
        interviewer(home.path())
            .args(["grade", "--format", "md"])
            .arg(&bad)
            .output()
            .unwrap(),
        interviewer(home.path())
            .args(["report", "--format", "md"])
            .arg(&bad)
            .output()
            .unwrap(),
        interviewer(home.path())
            .args(["grade"])
            .arg(&bad)
            .output()
            .unwrap(),
    ];
    for (i, out) in reports.into_iter().enumerate() {
        let said = text(&out);
        assert!(out.status.success(), "{said}");
        let markdown = i < 2;
        for bad in ["<script>", "\u{1b}", "\u{7}", "\u{202e}"] {
            if bad == "<script>" && !markdown {
                continue;
            }
            assert!(!said.contains(bad), "{bad:?} passed through:\n{said}");
        }
        // A link needs an unescaped `](`.
        assert!(
            !markdown || !said.replace("\\]", "").contains("](javascript:"),
            "a javascript: link passed through:\n{said}"
        );
    }
}

// 8. A reply cut mid-stream never stands in for the question.
#[test]
fn a_reply_that_breaks_off_falls_back_to_the_prepared_question() {
    let broken = vec![
        sse_head(),
        Step::Chunk(data(
            r#"{"choices":[{"index":0,"delta":{"role":"assistant","content":"Thanks. What"},"finish_reason":null}]}"#,
        )),
        Step::Drop,
    ];
    let server = Fake::new().models(&["m"]).chat(vec![broken]).start();
    let home = tempfile::tempdir().unwrap();
    let out = run_with_stdin(
        interviewer(home.path())
            .env("INTERVIEWER_BASE_URL", &server.base_url)
            .args(["-s", "ad-click", "--model", "m"]),
        &answers(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Thanks. What"), "{stdout}");
    let t = store::read(&common::transcript_in(&transcripts(home.path()))).unwrap();
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
    assert!(
        t.turns()
            .filter(|x| x.role == Role::Interviewer)
            .all(|x| !x.text.starts_with("Thanks. What"))
    );
}

// 9. An empty `.jsonl` (a kill during start-up) does not break `--last`.
#[test]
fn an_empty_transcript_file_is_skipped_by_last() {
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    std::fs::write(
        transcripts(home.path()).join("29991231T235959Z-ad-click-ffff.jsonl"),
        "",
    )
    .unwrap();
    for args in [&["replay", "--last"][..], &["grade", "--last"][..]] {
        let out = interviewer(home.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
    let out = interviewer(home.path())
        .args(["replay", "--last"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("partitioned event log"));
    assert!(path.exists());
}

// 11. A FIFO or a device is refused at once, not read forever.
#[cfg(unix)]
#[test]
fn grade_refuses_a_fifo_and_a_link_to_dev_zero_at_once() {
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("pipe.jsonl");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let zero = home.path().join("zero.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for (file, kind) in [(&fifo, "a named pipe"), (&zero, "a device")] {
        for sub in ["grade", "replay", "report"] {
            let out = interviewer(home.path())
                .arg(sub)
                .arg(file)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{sub}: {}", text(&out));
            assert!(text(&out).contains(kind), "{sub}: {}", text(&out));
        }
    }
}

// 11. A transcript over the size limit is refused with the limit named.
#[test]
fn an_oversized_transcript_is_refused_before_it_is_read() {
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    let f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.set_len(store::MAX_TRANSCRIPT_BYTES + 1).unwrap();
    let out = interviewer(home.path())
        .arg("grade")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("too big for a transcript"),
        "{}",
        text(&out)
    );
}

// 13. A round killed between its last phase line and its end line is finished by resume.
#[test]
fn a_finished_round_without_its_end_record_is_closed_and_graded_by_resume() {
    // No end line (killed between the last two), or an `interrupted` one (a
    // signal that landed as the last phase line was written).
    for interrupted in [false, true] {
        let home = tempfile::tempdir().unwrap();
        let out = run_with_stdin(
            interviewer(home.path()).args(["--offline", "-s", "ad-click"]),
            &answers(),
        );
        assert!(out.status.success());
        let path = common::transcript_in(&transcripts(home.path()));
        let full = std::fs::read_to_string(&path).unwrap();
        let cut: Vec<String> = full
            .lines()
            .filter_map(|l| match (l.contains("\"type\":\"end\""), interrupted) {
                (false, _) => Some(l.to_string()),
                (true, true) => Some(l.replace("\"completed\"", "\"interrupted\"")),
                (true, false) => None,
            })
            .collect();
        std::fs::write(&path, cut.join("\n") + "\n").unwrap();
        std::fs::remove_file(path.with_extension("grade.json")).unwrap();
        let out = interviewer(home.path())
            .args(["resume", "--last", "--offline"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let t = store::read(&path).unwrap();
        assert_eq!(t.end_reason(), Some(EndReason::Completed));
        assert!(path.with_extension("grade.json").is_file());
    }
}

// 3. A user name in the URL is not a secret: redacting it would break records.
#[test]
fn a_user_name_in_the_url_leaves_the_transcript_readable_and_the_password_hidden() {
    let server = Fake::new()
        .models(&["m"])
        .chat(vec![ollama_reply(&["How do you join the two logs?"])])
        .start();
    let url = server
        .base_url
        .replace("http://", "http://interviewer:pw-secret-77@");
    let home = tempfile::tempdir().unwrap();
    let out = run_with_stdin(
        interviewer(home.path())
            .env("INTERVIEWER_BASE_URL", &url)
            .args(["-s", "ad-click", "--model", "m"]),
        "Events land in a partitioned log keyed by request id.\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let path = common::transcript_in(&transcripts(home.path()));
    let t = store::read(&path).unwrap();
    assert!(t.turns().any(|x| x.role == Role::Interviewer));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("pw-secret-77") && !text(&out).contains("pw-secret-77"));
}

// 14. A silent server cannot hang `models` or `doctor`.
#[test]
fn models_and_doctor_give_up_on_a_server_that_sends_headers_and_then_nothing() {
    let silent = vec![
        Step::Head(
            200,
            vec![("Content-Type".into(), "application/json".into())],
        ),
        Step::Sleep(Duration::from_secs(120)),
    ];
    let server = Fake::new().get("/v1/models", silent).start();
    let home = tempfile::tempdir().unwrap();
    for sub in ["models", "doctor"] {
        let started = std::time::Instant::now();
        let out = interviewer(home.path())
            .env("INTERVIEWER_BASE_URL", &server.base_url)
            .arg(sub)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{sub}: {}", text(&out));
        assert!(text(&out).contains("sent nothing"), "{sub}: {}", text(&out));
        assert!(started.elapsed() < Duration::from_secs(60), "{sub}");
    }
}

// 14. Errors say each cause once.
#[test]
fn errors_do_not_repeat_their_cause() {
    let home = tempfile::tempdir().unwrap();
    let out = run_with_stdin(
        interviewer(home.path()).args([
            "--offline",
            "-s",
            "ad-click",
            "--transcript-dir",
            "/proc/no-such-dir",
        ]),
        "an answer\n",
    );
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(
        said.contains("cannot create transcript directory"),
        "{said}"
    );
    assert_eq!(said.matches("os error").count(), 1, "{said}");
}

// Round 3, family 1: panics. A variable that is not UTF-8, set by anything,
// used to panic every command that reads the server settings.
#[cfg(unix)]
#[test]
fn an_environment_variable_that_is_not_utf8_is_ignored_not_a_panic() {
    use std::os::unix::ffi::OsStrExt as _;
    let home = tempfile::tempdir().unwrap();
    let out = interviewer(home.path())
        .arg("config")
        .env("SOME_TOOL_VAR", std::ffi::OsStr::from_bytes(b"caf\xe9"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("panicked"), "{}", text(&out));
}

#[test]
fn a_replay_pace_too_small_for_a_duration_is_refused_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    stopped_session(home.path());
    let out = interviewer(home.path())
        .args(["replay", "--last", "--pace", "1e-300"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("not a pace"), "{}", text(&out));
}

/// A stdout that refuses every write (a full disk) is an error the program
/// reports, not a panic in a library that writes for it. (A closed pipe is
/// not used here: a script smaller than the pipe's buffer would never see it.)
#[cfg(target_os = "linux")]
#[test]
fn completions_and_the_man_page_to_a_full_stdout_fail_with_a_message_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = interviewer(home.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let said = text(&out);
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains("No space left"), "{args:?}: {said}");
    }
}

// Family 4: secrets. A key in a malformed URL, a short key, a key typed into
// an answer and kept in the input history.
#[test]
fn a_key_in_a_malformed_url_is_not_echoed() {
    let home = tempfile::tempdir().unwrap();
    let out = interviewer(home.path())
        .args(["config", "--base-url", "http//me:sekrit-key@example.com/v1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!text(&out).contains("sekrit"), "{}", text(&out));
}

// Family 6: contracts. The same bad bytes give the same exit code from a file
// and from standard input; a config file that is a directory is an error that
// names it, not silently skipped.
#[test]
fn grade_text_exits_2_for_bad_bytes_on_stdin_as_for_a_file() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("design.md");
    std::fs::write(&file, b"caf\xe9 latte\n").unwrap();
    let from_file = interviewer(home.path())
        .args(["grade", "--scenario", "ad-click", "--text"])
        .arg(&file)
        .output()
        .unwrap();
    let mut child = interviewer(home.path())
        .args(["grade", "--scenario", "ad-click", "--text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"caf\xe9 latte\n")
        .unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    assert_eq!(from_file.status.code(), Some(2), "{}", text(&from_file));
    assert_eq!(from_stdin.status.code(), Some(2), "{}", text(&from_stdin));
    assert!(
        text(&from_stdin).contains("not UTF-8"),
        "{}",
        text(&from_stdin)
    );
}

#[test]
fn a_config_file_that_is_a_directory_is_named_not_skipped() {
    let home = tempfile::tempdir().unwrap();
    let paths = interviewer(home.path()).arg("paths").output().unwrap();
    let config = String::from_utf8_lossy(&paths.stdout)
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.ends_with("config.toml"))
                .map(PathBuf::from)
        })
        .expect("paths names the config file");
    std::fs::create_dir_all(&config).unwrap();
    let out = interviewer(home.path()).arg("config").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("not a regular file"), "{}", text(&out));
}

// Families 2 and 3: a side file that is a FIFO is never waited on, and an
// escape sequence in a grade file or a header never reaches the terminal.
#[cfg(unix)]
#[test]
fn transcripts_list_passes_over_a_fifo_grade_file_and_strips_escapes() {
    let home = tempfile::tempdir().unwrap();
    let path = stopped_session(home.path());
    let grade = path.with_extension("grade.json");
    let _ = std::fs::remove_file(&grade);
    let made = Command::new("mkfifo").arg(&grade).status().unwrap();
    assert!(made.success());
    let mut child = interviewer(home.path())
        .args(["transcripts", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let done = poll(|| child.try_wait().ok().flatten());
    if done.is_none() {
        let _ = child.kill();
        panic!("transcripts list waited on a FIFO");
    }
    std::fs::remove_file(&grade).unwrap();
    std::fs::write(
        &grade,
        "{\"score\": 1, \"verdict\": \"hire\\u001b[2J\\u001b]0;owned\\u0007\"}",
    )
    .unwrap();
    let out = interviewer(home.path())
        .args(["transcripts", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(!out.stdout.contains(&0x1b), "{}", text(&out));
}

// Family 5: silent loss. A transcript deleted while the session runs is
// written again, whole, and the user is told; "saved" names a file that holds
// every turn.
#[test]
fn a_transcript_deleted_during_the_session_is_written_again_whole() {
    let home = tempfile::tempdir().unwrap();
    let mut child = interviewer(home.path())
        .args(["--offline", "-s", "ad-click"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"Clicks and impressions land in a partitioned event log keyed by request id.\n")
        .unwrap();
    stdin.flush().unwrap();
    let dir = transcripts(home.path());
    let path = poll(|| {
        let p = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "jsonl"))?;
        let lines = std::fs::read_to_string(&p).ok()?.lines().count();
        (lines >= 3).then_some(p)
    })
    .expect("the first answer is saved");
    std::fs::remove_file(&path).unwrap();
    stdin
        .write_all(b"Features are keyed by user id in the online store.\n")
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("deleted or moved"), "{said}");
    let back = std::fs::read_to_string(&path).expect("written again at its path");
    assert!(back.contains("partitioned event log"), "{back}");
    assert!(
        back.contains("keyed by user id in the online store"),
        "{back}"
    );
}

// Family 6: an HTML page where the model list should be is not a server with
// no models.
#[test]
fn an_html_page_at_the_models_url_is_not_taken_for_a_model_list() {
    let page = vec![
        Step::Head(200, vec![("Content-Type".into(), "text/html".into())]),
        Step::Chunk(b"<!doctype html><html><body>Welcome to nginx!</body></html>".to_vec()),
        Step::End,
    ];
    let server = Fake::new().get("/v1/models", page).start();
    let home = tempfile::tempdir().unwrap();
    let out = interviewer(home.path())
        .env("INTERVIEWER_BASE_URL", &server.base_url)
        .arg("models")
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("not an OpenAI-compatible model list"),
        "{}",
        text(&out)
    );
}
