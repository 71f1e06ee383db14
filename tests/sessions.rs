//! Saved sessions as a user works with them: list, replay, resume, history, report.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{golden, poll};
use interviewer::transcript::{EndReason, Role, Transcript, store};
use interviewer::vocab::Phase;

fn bin(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(std_bin(home));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn std_bin(home: &Path) -> Command {
    common::interviewer(home)
}

/// A home whose transcripts dir holds copies of the named golden transcripts.
fn home_with(names: &[&str]) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("transcripts");
    std::fs::create_dir_all(&dir).unwrap();
    for n in names {
        let t = store::read(&golden(n)).unwrap();
        std::fs::copy(golden(n), dir.join(format!("{}.jsonl", t.header.session))).unwrap();
    }
    home
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

fn session_of(name: &str) -> String {
    store::read(&golden(name)).unwrap().header.session
}

#[test]
fn list_shows_sessions_newest_first_with_their_outcome() {
    let home = home_with(&["strong", "weak"]);
    std::fs::write(
        home.path().join("transcripts/zzz-broken.jsonl"),
        "not json\n",
    )
    .unwrap();
    let out = bin(home.path())
        .args(["transcripts", "list"])
        .assert()
        .success();
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ID"), "{text}");
    assert!(
        lines[3].starts_with("zzz-broken") && lines[3].contains("unreadable"),
        "a file with no start time comes last:\n{text}"
    );
    let mut ids = [session_of("strong"), session_of("weak")];
    ids.sort_unstable_by(|a, b| b.cmp(a));
    let listed: Vec<&str> = lines[1..3]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(listed, ids, "newest (largest timestamp) first:\n{text}");
    let strong = lines
        .iter()
        .find(|l| l.starts_with(&session_of("strong")))
        .unwrap();
    assert!(
        strong.contains("done (completed)") && strong.contains("ad-click"),
        "{strong}"
    );
}

#[test]
fn replay_plays_a_golden_session_with_grades_and_never_writes() {
    let home = home_with(&["average"]);
    let file = home
        .path()
        .join("transcripts")
        .join(format!("{}.jsonl", session_of("average")));
    let before = std::fs::read(&file).unwrap();
    let out = bin(home.path())
        .args(["replay", "--last", "--grade"])
        .assert()
        .success();
    insta::assert_snapshot!("replay_average_graded", stdout(&out));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let dir: Vec<_> = std::fs::read_dir(home.path().join("transcripts"))
        .unwrap()
        .collect();
    assert_eq!(dir.len(), 1, "replay writes no report either");
}

#[test]
fn replay_takes_a_file_a_prefix_or_a_part_of_the_id() {
    let home = home_with(&["weak", "strong"]);
    let weak = session_of("weak");
    bin(home.path())
        .arg("replay")
        .arg(golden("weak"))
        .assert()
        .success();
    bin(home.path())
        .arg("replay")
        .arg(&weak[..weak.len() - 2])
        .assert()
        .success();
    bin(home.path())
        .arg("replay")
        .arg(&weak[weak.len() - 4..])
        .assert()
        .success();
}

#[test]
fn bad_ids_and_files_get_clear_errors() {
    let home = home_with(&["weak", "strong"]);
    let out = bin(home.path()).args(["replay", "nosuch"]).assert().code(2);
    assert!(
        stderr(&out).contains("no session matches 'nosuch'"),
        "{}",
        stderr(&out)
    );
    let out = bin(home.path()).args(["replay", "2026"]).assert().code(2);
    assert!(
        stderr(&out).contains("matches 2 sessions"),
        "{}",
        stderr(&out)
    );
    let not = home.path().join("notes.jsonl");
    std::fs::write(&not, "{\"hello\":1}\n").unwrap();
    let out = bin(home.path()).arg("replay").arg(&not).assert().code(2);
    assert!(
        stderr(&out).contains("not an interviewer transcript"),
        "{}",
        stderr(&out)
    );
    let empty = tempfile::tempdir().unwrap();
    let out = bin(empty.path())
        .args(["resume", "--last"])
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("no saved sessions"),
        "{}",
        stderr(&out)
    );
    bin(home.path())
        .args(["replay", "--pace", "slowly", "--last"])
        .assert()
        .code(2);
}

#[test]
fn newer_schema_is_refused_by_name() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("future.jsonl");
    let text = std::fs::read_to_string(golden("weak")).unwrap().replacen(
        "\"schema\":1",
        "\"schema\":7",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = bin(home.path()).arg("replay").arg(&file).assert().code(2);
    assert!(
        stderr(&out).contains("written by a newer interviewer"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_torn_transcript_replays_to_its_last_complete_turn_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("torn.jsonl");
    let mut text = std::fs::read_to_string(golden("weak")).unwrap();
    text.push_str("{\"type\":\"turn\",\"seq\":99,\"role\":\"cand");
    std::fs::write(&file, &text).unwrap();
    let out = bin(home.path()).arg("replay").arg(&file).assert().success();
    assert!(stdout(&out).contains("was cut short"), "{}", stdout(&out));
}

/// Runs a piped interview, feeds `answers` one at a time (each confirmed on
/// disk), then kills it with SIGKILL and leaves a torn half-line at the end, as
/// a crash in the middle of a write would.
fn crash_after(home: &Path, answers: &[&str]) -> PathBuf {
    use std::io::Write;
    let mut child = std_bin(home)
        .args(["--offline", "-s", "feed-ranking"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let dir = home.join("transcripts");
    let file = || -> Option<PathBuf> {
        std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .next()
    };
    for (i, a) in answers.iter().enumerate() {
        writeln!(stdin, "{a}").unwrap();
        stdin.flush().unwrap();
        let want = 2 + 2 * (i + 1);
        let seen = poll(|| {
            file()
                .and_then(|f| std::fs::read_to_string(f).ok())
                .filter(|s| s.lines().count() >= want)
        });
        assert!(seen.is_some(), "answer {i} never reached the disk");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let path = file().unwrap();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"{\"type\":\"turn\",\"seq\":8,\"role\":\"candid")
        .unwrap();
    path
}

#[test]
fn kill_then_resume_ends_with_one_valid_transcript_holding_every_turn_once() {
    let home = tempfile::tempdir().unwrap();
    let path = crash_after(home.path(), &["first design answer", "second answer"]);
    assert!(store::read(&path).unwrap().torn.is_some());
    let rest = "third answer\n/next\nlatency answer with a 50 ms p99 budget\n/end\nrisks: stale features, alert at 10 minutes lag\n";
    let out = bin(home.path())
        .args(["resume", "--last"])
        .write_stdin(rest)
        .assert()
        .success();
    let err = stderr(&out);
    assert!(
        err.contains("cut short") && err.contains("resumes from the last complete turn"),
        "{err}"
    );
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).contains("── Your result: "),
        "{err}"
    );

    let files: Vec<_> = std::fs::read_dir(home.path().join("transcripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    assert_eq!(
        files,
        std::slice::from_ref(&path),
        "resume appends to the same file"
    );
    let t: Transcript = store::read(&path).unwrap();
    assert_eq!(t.torn, None);
    let answers: Vec<String> = t
        .turns()
        .filter(|x| x.role == Role::Candidate)
        .map(|x| x.text.clone())
        .collect();
    assert_eq!(
        answers,
        [
            "first design answer",
            "second answer",
            "third answer",
            "latency answer with a 50 ms p99 budget",
            "risks: stale features, alert at 10 minutes lag"
        ]
    );
    // Every interviewer question appears once: none was asked twice on resume.
    let questions: Vec<&str> = t
        .turns()
        .filter(|x| x.role == Role::Interviewer)
        .map(|x| x.text.as_str())
        .collect();
    let mut unique = questions.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), questions.len());
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
    assert_eq!(t.phases().first(), Some(&Phase::Scenario));
    assert_eq!(t.phases().last(), Some(&Phase::Done));
    assert!(path.with_extension("grade.json").exists());
}

#[test]
fn resuming_a_completed_interview_says_so_and_changes_nothing() {
    let home = home_with(&["weak"]);
    let file = home
        .path()
        .join("transcripts")
        .join(format!("{}.jsonl", session_of("weak")));
    let before = std::fs::read(&file).unwrap();
    let out = bin(home.path())
        .args(["resume", "--last"])
        .write_stdin("more\n")
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains("already complete") && stderr(&out).contains("interviewer replay"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_session_whose_scenario_is_gone_replays_but_cannot_resume() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("transcripts");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(golden("weak")).unwrap();
    let cut: String = text.lines().take(4).map(|l| format!("{l}\n")).collect();
    let file = dir.join("20260101T000000Z-fraud-0000.jsonl");
    std::fs::write(
        &file,
        cut.replacen(
            "\"scenario\":\"content-recommendation\"",
            "\"scenario\":\"fraud\"",
            1,
        ),
    )
    .unwrap();
    bin(home.path())
        .args(["replay", "--last"])
        .assert()
        .success();
    let out = bin(home.path()).args(["resume", "--last"]).assert().code(2);
    let err = stderr(&out);
    assert!(
        err.contains("scenario 'fraud' is not in the current prompts")
            && err.contains("interviewer replay"),
        "{err}"
    );
}

#[test]
fn history_charts_dimensions_and_suggests_what_to_practise() {
    let home = home_with(&["weak", "average", "strong"]);
    let out = bin(home.path()).arg("history").assert().success();
    let text = stdout(&out);
    assert!(text.starts_with("3 graded sessions"), "{text}");
    assert!(
        text.contains("Provenance and governance") && text.contains("Weakest: "),
        "{text}"
    );
    assert!(text.contains("Practise next: "), "{text}");
    let out = bin(home.path())
        .args(["history", "--scenario", "ad-click"])
        .assert()
        .success();
    assert!(
        stdout(&out).starts_with("1 graded session (ad-click ×1)"),
        "{}",
        stdout(&out)
    );
    bin(home.path())
        .args(["history", "--scenario", "fraud"])
        .assert()
        .code(2);
    let empty = tempfile::tempdir().unwrap();
    let out = bin(empty.path()).arg("history").assert().success();
    assert!(stdout(&out).contains("no graded sessions yet"));
}

#[test]
fn markdown_report_snapshot() {
    let home = home_with(&["average"]);
    let out = bin(home.path())
        .args(["report", "--last"])
        .assert()
        .success();
    insta::assert_snapshot!("report_average_md", stdout(&out));
}

#[test]
fn html_report_is_one_self_contained_file() {
    let home = home_with(&["strong"]);
    let path = home.path().join("report.html");
    bin(home.path())
        .args(["report", "--last", "--format", "html", "-o"])
        .arg(&path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<svg") && html.contains("<mark title=\"earned: "));
    for external in ["<script", "<link", "src=", "url(", "https://"] {
        assert!(!html.contains(external), "found {external}");
    }
    let out = bin(home.path())
        .args(["report", "--last", "-o", "/nonexistent/dir/report.md"])
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains("cannot write the report to /nonexistent/dir/report.md"),
        "{}",
        stderr(&out)
    );
}
