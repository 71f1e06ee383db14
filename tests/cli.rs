//! The program as a user runs it: piped interviews, bad input, and listing.

mod common;

use std::path::{Path, PathBuf};

use common::golden;
use std::process::{Command, Stdio};

use interviewer::transcript::{EndReason, Record, Role, Transcript};
use interviewer::vocab::Phase;

fn bin(home: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(std_bin(home))
}

fn std_bin(home: &Path) -> Command {
    common::interviewer(home)
}

/// The practice answers shipped for a scenario (`prompts/answers/`).
fn answers_file(scenario: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("prompts/answers")
        .join(format!("{scenario}.txt"))
}

/// A piped offline interview on ad-click with `input` (and `extra` flags):
/// its stdout and stderr.
fn offline_round(home: &Path, extra: &[&str], input: String) -> (String, String) {
    let out = bin(home)
        .args(["--offline", "--scenario", "ad-click"])
        .args(extra)
        .write_stdin(input)
        .assert()
        .success();
    (
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        String::from_utf8(out.get_output().stderr.clone()).unwrap(),
    )
}

/// The only transcript written under `home`.
fn only_transcript(home: &Path) -> (PathBuf, Transcript) {
    let file = common::transcript_in(&home.join("transcripts"));
    let t = interviewer::transcript::store::read(&file).unwrap();
    (file, t)
}

fn first_session(path: &Path) -> String {
    path.file_stem().unwrap().to_str().unwrap().to_string()
}

/// The text of the interviewer's feedback turn.
fn t_feedback(path: &Path) -> String {
    let t = interviewer::transcript::store::read(path).unwrap();
    t.turns()
        .find(|x| x.kind == Some(interviewer::vocab::TurnKind::Feedback))
        .map(|x| x.text.clone())
        .unwrap()
}

fn answers_of(t: &Transcript) -> Vec<String> {
    t.turns()
        .filter(|x| x.role == Role::Candidate)
        .map(|x| x.text.clone())
        .collect()
}

#[test]
fn piped_offline_interview_runs_to_completion_and_transcript_meets_the_contract() {
    let home = tempfile::tempdir().unwrap();
    let input = std::fs::read(answers_file("ad-click")).unwrap();
    let out = bin(home.path())
        .args(["--offline", "--scenario", "ad-click"])
        .write_stdin(input)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("offline interviewer (--offline)"),
        "{stderr}"
    );
    assert!(stdout.contains("── Probe: schema change"), "{stdout}");
    assert!(stdout.contains("placement_id goes from an integer to a string"));
    assert!(
        stdout.contains("By the rubric, this session scores"),
        "{stdout}"
    );

    let (path, t) = only_transcript(home.path());
    assert!(stderr.contains(&format!("transcript: {}", path.display())));
    let report_path = path.with_extension("grade.json");
    let session = first_session(&path);
    let card = stdout.trim_end().rsplit("── Your result: ").next().unwrap();
    assert!(
        card.contains(&format!("Full report: interviewer grade {session}"))
            && card.contains("What would raise it most:")
            && card.contains("Requirements and framing"),
        "the result card (dimensions, gaps, where the report is) is the last thing printed: {card}"
    );
    let closing = stdout
        .rsplit("interviewer: That's the end of the round.")
        .next()
        .unwrap();
    assert!(
        closing.lines().count() <= 24,
        "the end of a round fits one screen:\n{closing}"
    );
    assert!(
        !stdout.contains("Met — with the words that earned it"),
        "the whole report is behind `grade`, not printed at the end"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(report["transcript"]["session"], first_session(&path));
    let feedback = t_feedback(&path);
    assert!(
        feedback.contains(&format!("scores {} out of 100", report["score"])),
        "the debrief states the saved score: {feedback}"
    );

    the_file_meets_the_contract(&path, &t);
}

/// The transcript of that interview: the header first, every phase in order,
/// the answers verbatim (fences removed, the skip marked), sequence numbers rising,
/// and the completed end last.
fn the_file_meets_the_contract(path: &std::path::Path, t: &interviewer::transcript::Transcript) {
    // Line 1: the header.
    let raw = std::fs::read_to_string(path).unwrap();
    let first: serde_json::Value = serde_json::from_str(raw.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "header");
    assert_eq!(first["schema"], 1);
    assert_eq!(first["scenario"], "ad-click");
    assert_eq!(first["backend"], "scripted");
    assert_eq!(first["scenario_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(first["prompts_sha256"].as_str().unwrap().len(), 64);
    assert!(first["started_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        path.file_stem().unwrap().to_str().unwrap(),
        first["session"]
    );

    // Every phase, in order; the last line ends the session as completed.
    assert_eq!(
        t.phases(),
        [
            Phase::Scenario,
            Phase::Latency,
            Phase::SchemaChange,
            Phase::Provenance,
            Phase::Debrief,
            Phase::Done
        ]
    );
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
    assert!(matches!(t.records.last(), Some(Record::End(_))));
    assert_eq!(t.torn, None);

    // Candidate turns verbatim, fences removed, the skip marked, `//` unescaped.
    let answers = answers_of(t);
    let text = String::from_utf8(std::fs::read(answers_file("ad-click")).unwrap()).unwrap();
    assert_eq!(answers.len(), 14);
    assert_eq!(answers[0], text.lines().next().unwrap());
    assert!(
        answers[1].starts_with("End to end: clients send impressions") && answers[1].contains('\n')
    );
    assert!(!answers[1].contains("\"\"\""));
    assert_eq!(answers[2], "");
    assert!(
        t.turns()
            .any(|x| x.skipped && x.role == Role::Candidate && x.phase == Phase::Scenario)
    );
    assert!(
        answers
            .iter()
            .any(|a| a.starts_with("/api/v1/score is the internal endpoint"))
    );
    assert!(answers.last().unwrap().starts_with("Top risks"));

    // Turns alternate interviewer / candidate within the conversation, seq increases.
    let mut last = 0;
    for r in &t.records {
        assert!(r.seq() > last);
        last = r.seq();
    }
}

#[test]
fn eof_mid_interview_saves_every_answer_and_ends_with_eof() {
    let home = tempfile::tempdir().unwrap();
    bin(home.path())
        .args(["--offline", "--scenario", "feed-ranking"])
        .write_stdin("first answer\n/next\nlatency answer\n")
        .assert()
        .success();
    let (_, t) = only_transcript(home.path());
    assert_eq!(answers_of(&t), ["first answer", "latency answer"]);
    assert_eq!(t.end_reason(), Some(EndReason::Eof));
    assert_eq!(t.phases(), [Phase::Scenario, Phase::Latency]);
}

#[test]
fn quit_saves_and_leaves() {
    let home = tempfile::tempdir().unwrap();
    bin(home.path())
        .args(["--offline", "-s", "content-recommendation"])
        .write_stdin("an answer\n/quit\nnever read\n")
        .assert()
        .success();
    let (_, t) = only_transcript(home.path());
    assert_eq!(answers_of(&t), ["an answer"]);
    assert_eq!(t.end_reason(), Some(EndReason::Quit));
}

#[test]
fn no_server_means_the_offline_interviewer_says_so_in_one_line() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["-s", "ad-click"])
        .write_stdin("")
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("offline interviewer: no LLM answers at http://127.0.0.1:9/v1, so the follow-ups chosen from your answers use the prepared wording (for a model to phrase them: check the URL and that the server is running"),
        "{stderr}"
    );
}

#[test]
fn scenarios_lists_ten_cases_one_row_each() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path()).arg("scenarios").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<&str> = stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let ids: Vec<_> = rows
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "ad-click",
            "assistant-retrieval",
            "content-recommendation",
            "delivery-eta",
            "feed-ranking",
            "harmful-content",
            "payment-fraud",
            "people-recommendation",
            "product-search",
            "push-notifications",
        ]
    );
    assert!(rows.iter().all(|l| l.split_whitespace().count() > 5));
}

#[test]
fn unknown_scenario_lists_the_valid_ones_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["--scenario", "fraud"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("unknown scenario 'fraud'; valid scenarios: ad-click, assistant-retrieval, content-recommendation, delivery-eta, feed-ranking, harmful-content, payment-fraud, people-recommendation, product-search, push-notifications"), "{stderr}");
    assert!(
        !home.path().join("transcripts").exists(),
        "no transcript for a run that never started"
    );
}

#[test]
fn unreadable_prompts_dir_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["--prompts", "/nonexistent/prompts"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("cannot read prompts directory /nonexistent/prompts"),
        "{stderr}"
    );
}

#[test]
fn prompt_file_syntax_error_names_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let prompts = home.path().join("p");
    std::fs::create_dir_all(prompts.join("scenarios")).unwrap();
    std::fs::write(
        prompts.join("scenarios/ad-click.toml"),
        "id = \"ad-click\"\ntitle = \"x\"\nsummary = [\n",
    )
    .unwrap();
    let out = bin(home.path())
        .args(["scenarios", "--prompts"])
        .arg(&prompts)
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("scenarios/ad-click.toml:3:12: unclosed array"),
        "{stderr}"
    );
}

#[test]
fn prompts_dir_can_add_a_scenario_and_its_text_is_sanitized() {
    let home = tempfile::tempdir().unwrap();
    let prompts = home.path().join("p");
    std::fs::create_dir_all(prompts.join("scenarios")).unwrap();
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/scenarios/ad-click.toml"),
    )
    .unwrap();
    let custom = base.replace("id = \"ad-click\"", "id = \"fraud\"").replace(
        "Design the system end to end",
        "\\u001b[31mDesign the fraud system\\u001b]0;title\\u0007 end to end",
    );
    std::fs::write(prompts.join("scenarios/fraud.toml"), custom).unwrap();
    let out = bin(home.path())
        .args(["--offline", "--scenario", "fraud", "--prompts"])
        .arg(&prompts)
        .write_stdin("")
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Design the fraud system end to end"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'));
    let (_, t) = only_transcript(home.path());
    assert_eq!(t.header.scenario, "fraud");
}

#[test]
fn transcript_dir_that_cannot_be_created_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let blocker = home.path().join("file");
    std::fs::write(&blocker, "not a dir").unwrap();
    let out = bin(home.path())
        .args(["--offline", "-s", "ad-click", "--transcript-dir"])
        .arg(blocker.join("sub"))
        .write_stdin("x\n")
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("cannot create transcript directory"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fix: pass --transcript-dir a writable directory"),
        "{stderr}"
    );
}

#[test]
fn a_one_megabyte_answer_stops_the_piped_run_and_keeps_earlier_turns() {
    let home = tempfile::tempdir().unwrap();
    let mut input = b"a real answer\n".to_vec();
    input.extend(vec![b'x'; 1024 * 1024]);
    input.push(b'\n');
    let out = bin(home.path())
        .args(["--offline", "-s", "ad-click"])
        .write_stdin(input)
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("input line 2 is over 65536 bytes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("every completed turn is saved in"),
        "{stderr}"
    );
    let (_, t) = only_transcript(home.path());
    assert_eq!(answers_of(&t), ["a real answer"]);
    assert_eq!(t.end_reason(), Some(EndReason::Error));
}

#[test]
fn invalid_utf8_on_stdin_stops_with_the_line_number() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["--offline", "-s", "ad-click"])
        .write_stdin(&b"fine\nbad \xc3\x28 bytes\n"[..])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("input line 2 is not valid UTF-8 (invalid byte at column 5)"),
        "{stderr}"
    );
    let (_, t) = only_transcript(home.path());
    assert_eq!(answers_of(&t), ["fine"]);
}

#[test]
fn whitespace_only_answers_are_refused_and_the_run_goes_on() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["--offline", "-s", "ad-click"])
        .write_stdin("   \n\t\nreal\n")
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.matches("nothing to send").count(), 2, "{stderr}");
    let (_, t) = only_transcript(home.path());
    assert_eq!(answers_of(&t), ["real"]);
}

#[test]
fn bad_flag_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    bin(home.path()).args(["--minutes", "0"]).assert().code(2);
    bin(home.path()).arg("--bogus").assert().code(2);
}

#[test]
fn paths_honours_interviewer_home() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path()).arg("paths").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains(&home.path().join("transcripts").display().to_string()));
}

/// Starts a piped interview, feeds `answers` one by one (waiting until each is
/// on disk), then sends `signal` to the process.
fn run_and_signal(signal: &str, answers: &[&str]) -> (Transcript, std::process::ExitStatus) {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let mut child = std_bin(home.path())
        .args(["--offline", "-s", "ad-click"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let dir = home.path().join("transcripts");
    let turns_on_disk = || -> usize {
        let Ok(mut entries) = std::fs::read_dir(&dir) else {
            return 0;
        };
        let Some(Ok(e)) = entries.next() else {
            return 0;
        };
        std::fs::read_to_string(e.path())
            .map(|s| s.lines().count())
            .unwrap_or(0)
    };
    for (i, a) in answers.iter().enumerate() {
        writeln!(stdin, "{a}").unwrap();
        stdin.flush().unwrap();
        // header + opening + (answer + follow-up) per answer
        let want = 2 + 2 * (i + 1);
        let on_disk = common::poll(|| (turns_on_disk() >= want).then_some(()));
        assert!(on_disk.is_some(), "answer {i} never reached the disk");
    }
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    let (_, t) = only_transcript(home.path());
    (t, status)
}

#[test]
fn killed_process_leaves_every_completed_turn_readable() {
    let answers = ["one", "two", "three"];
    let (t, status) = run_and_signal("-KILL", &answers);
    assert!(!status.success());
    assert_eq!(answers_of(&t), answers);
    assert_eq!(t.turns().count(), 7);
    assert_eq!(t.end_reason(), None, "SIGKILL leaves no end record");
}

#[test]
fn terminated_process_closes_the_transcript_as_interrupted() {
    let (t, status) = run_and_signal("-TERM", &["one", "two"]);
    assert_eq!(
        status.code(),
        Some(143),
        "128 + SIGTERM, as shells report it"
    );
    assert_eq!(answers_of(&t), ["one", "two"]);
    assert_eq!(t.end_reason(), Some(EndReason::Interrupted));
}

#[test]
fn grade_prints_score_verdict_and_evidence() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .arg("grade")
        .arg(golden("strong"))
        .env("NO_COLOR", "1")
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .ends_with("strong hire · judged at senior level"),
        "{stdout}"
    );
    assert!(stdout.contains("Met — with the words that earned it"));
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn grade_formats_are_machine_readable() {
    let home = tempfile::tempdir().unwrap();
    let json = bin(home.path())
        .args(["grade", "--format", "json"])
        .arg(golden("average"))
        .arg(golden("weak"))
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(json.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "one JSON object per transcript, one per line"
    );
    assert_eq!(lines[0]["schema"], 2);
    assert_eq!(lines[0]["grader_version"], "2.3.0");
    assert_eq!(lines[0]["mode"], "interview");
    assert_eq!(lines[0]["rubric"]["sha256"].as_str().unwrap().len(), 64);
    let junit = bin(home.path())
        .args(["grade", "--format", "junit"])
        .arg(golden("average"))
        .assert()
        .success();
    let xml = String::from_utf8(junit.get_output().stdout.clone()).unwrap();
    assert!(
        xml.starts_with("<?xml")
            && xml.contains("<testcase classname=\"failure\" name=\"failure.retries\">"),
        "{xml}"
    );
    let md = bin(home.path())
        .args(["grade", "--format", "md"])
        .arg(golden("average"))
        .assert()
        .success();
    assert!(
        String::from_utf8(md.get_output().stdout.clone())
            .unwrap()
            .starts_with("# Grade: ")
    );
}

#[test]
fn grade_a_directory_grades_every_transcript_in_name_order() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/golden");
    let out = bin(home.path())
        .args(["grade", "--format", "json"])
        .arg(&dir)
        .assert()
        .success();
    let sessions: Vec<String> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["transcript"]["session"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "jsonl")
        })
        .count();
    assert_eq!(sessions.len(), files);
    assert!(files >= 29, "the original 8 and 21 of the scenario library");
}

#[test]
fn min_score_not_met_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["grade", "--min-score", "60"])
        .arg(golden("average"))
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("below --min-score 60"), "{stderr}");
    bin(home.path())
        .args(["grade", "--min-score", "60"])
        .arg(golden("strong"))
        .assert()
        .success();
}

#[test]
fn a_bad_rubric_exits_2_with_file_line_and_key() {
    let home = tempfile::tempdir().unwrap();
    let rubric = home.path().join("rubric.toml");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/rubric.toml"))
            .unwrap();
    std::fs::write(
        &rubric,
        text.replacen("weight = 2", "weight = \"heavy\"", 1),
    )
    .unwrap();
    let out = bin(home.path())
        .arg("grade")
        .arg("--rubric")
        .arg(&rubric)
        .arg(golden("strong"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(&format!("{}:", rubric.display())) && stderr.contains("weight"),
        "{stderr}"
    );
}

#[test]
fn a_bad_transcript_exits_2_naming_file_and_line_and_others_still_grade() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("bad.jsonl");
    let mut text = std::fs::read_to_string(golden("weak")).unwrap();
    text = text.replacen(
        "\n{\"type\":\"turn\",\"seq\":2",
        "\n{not json\n{\"type\":\"turn\",\"seq\":2",
        1,
    );
    std::fs::write(&bad, text).unwrap();
    let out = bin(home.path())
        .args(["grade", "--format", "json"])
        .arg(&bad)
        .arg(golden("weak"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("bad.jsonl: line 3: not JSON"), "{stderr}");
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .lines()
            .count(),
        1
    );
    let binary = home.path().join("image.jsonl");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
    bin(home.path()).arg("grade").arg(&binary).assert().code(2);
}

#[test]
fn a_torn_transcript_grades_with_a_note() {
    let home = tempfile::tempdir().unwrap();
    let torn = home.path().join("torn.jsonl");
    let text = std::fs::read_to_string(golden("average")).unwrap();
    std::fs::write(&torn, &text[..text.len() - 20]).unwrap();
    let out = bin(home.path()).arg("grade").arg(&torn).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("was cut short") && stderr.contains("it is left out"),
        "{stderr}"
    );
}

#[test]
fn grade_text_without_a_scenario_says_which_case_it_inferred_or_that_it_used_none() {
    let home = tempfile::tempdir().unwrap();
    let doc =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/writeups/08-ad-click-design-doc.md");
    let grade_text = |file: &Path| {
        let out = bin(home.path())
            .args(["grade", "--text", file.to_str().unwrap()])
            .assert()
            .success();
        let output = out.get_output();
        (
            String::from_utf8(output.stdout.clone()).unwrap(),
            String::from_utf8(output.stderr.clone()).unwrap(),
        )
    };
    let (stdout, err) = grade_text(&doc);
    assert!(
        err.contains("graded as case ad-click (Ad-click prediction), inferred from"),
        "{err}"
    );
    assert!(
        stdout.starts_with("ad-click · 08-ad-click-design-doc"),
        "{stdout}"
    );

    let vague = home.path().join("vague.md");
    std::fs::write(
        &vague,
        "We log events to Kafka and train a model nightly.\n",
    )
    .unwrap();
    let (stdout, err) = grade_text(&vague);
    assert!(
        err.contains("graded as any pipeline, without a case's facts")
            && err.contains("--scenario ID"),
        "{err}"
    );
    assert!(
        stdout.starts_with("any pipeline (no case) · vague"),
        "{stdout}"
    );
}

#[test]
fn under_each_gap_the_report_quotes_what_the_cases_strong_reference_answer_said() {
    let home = tempfile::tempdir().unwrap();
    let weak = golden("weak");
    let t = interviewer::transcript::store::read(&weak).unwrap();
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("prompts/answers")
            .join(format!("{}.txt", t.header.scenario)),
    )
    .unwrap();
    let out = bin(home.path()).arg("grade").arg(&weak).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let shown: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("a strong answer to this case said: \"")
        })
        .map(|q| q.trim_end_matches('"').trim_end_matches('…'))
        .collect();
    assert!(shown.len() >= 3, "examples under the top gaps:\n{text}");
    for q in &shown {
        assert!(reference.contains(q), "not the reference's words: {q}");
    }
    let md = bin(home.path())
        .args(["report", weak.to_str().unwrap()])
        .assert()
        .success();
    let md = String::from_utf8(md.get_output().stdout.clone()).unwrap();
    assert!(md.contains("A strong answer to this case said: “"), "{md}");
}

#[test]
fn model_shows_what_a_strong_answer_said_only_from_the_debrief_on() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["--offline", "-s", "ad-click"])
        .write_stdin(
            "We log clicks and train a model.\n/model\n/end\n/model\nRisks: stale features.\n",
        )
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let before = stdout.find("(/model opens in the debrief").expect(&stdout);
    let after = stdout
        .find("On your biggest gaps so far, from the case's reference answer:")
        .expect(&stdout);
    assert!(before < after, "{stdout}");
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/answers/ad-click.txt"),
    )
    .unwrap();
    let quoted: Vec<&str> = stdout[after..]
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("a strong answer to this case said: \"")
        })
        .map(|q| q.trim_end_matches('"'))
        .collect();
    assert!(!quoted.is_empty(), "{stdout}");
    for q in quoted {
        assert!(reference.contains(q), "{q}");
    }
}

#[test]
fn retry_re_asks_one_weak_point_shows_the_change_and_keeps_the_transcript() {
    let home = tempfile::tempdir().unwrap();
    let weak = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("transcripts/golden/answers/payment-fraud-weak.txt"),
    )
    .unwrap();
    bin(home.path())
        .args(["--offline", "-s", "payment-fraud"])
        .write_stdin(weak)
        .assert()
        .success();
    let (path, _) = only_transcript(home.path());
    let transcript_before = std::fs::read(&path).unwrap();
    let retry = |args: &[&str], answer: &str| {
        let out = bin(home.path())
            .arg("retry")
            .args(args)
            .write_stdin(answer.to_string())
            .assert();
        let o = out.get_output().clone();
        (
            o.status.code(),
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let answer = "Of the 80 ms at p99: 10 ms to read the velocity counters from Redis, 40 ms for the model, 15 ms network and 15 ms of slack.\n";
    let (code, out, err) = retry(&["--last", "--criterion", "latency_budget_numbers"], answer);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("interviewer: You have 80 ms at p99"),
        "the case's own question: {out}"
    );
    assert!(
        out.contains("latency_budget_numbers: 0.0/3 → 3.0/3 · session "),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        transcript_before,
        "the transcript is unchanged"
    );
    let kept: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(path.with_extension("retries.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 1);
    assert_eq!(kept[0]["criterion"], "latency_budget_numbers");

    let (code, out, _) = retry(
        &["--last", "--criterion", "latency_budget_numbers"],
        "I would make it fast.\n",
    );
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with("Earlier attempts on this point:\n  latency_budget_numbers: 0.0/3 → 3.0/3"),
        "{out}"
    );
    assert!(
        out.contains("latency_budget_numbers: 0.0/3 → 0.0/3"),
        "{out}"
    );

    let (code, _, err) = retry(&["--last", "--criterion", "latency_budge"], "x\n");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("did you mean latency_budget_numbers?"),
        "{err}"
    );
    let (code, _, err) = retry(&["--last"], "/next\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("is a command, not an answer"), "{err}");
    let (code, _, err) = retry(&["--last"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("no answer was given"), "{err}");
    let kept: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(path.with_extension("retries.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        kept.as_array().unwrap().len(),
        2,
        "refused attempts save nothing"
    );
    let history = bin(home.path()).arg("history").assert().success();
    let history = String::from_utf8(history.get_output().stdout.clone()).unwrap();
    assert!(
        history.contains("Points re-answered with `interviewer retry`")
            && history.contains(": latency_budget_numbers: 0.0/3 → 3.0/3"),
        "history keeps the attempts beside the session's own grade: {history}"
    );
}

#[test]
fn replay_needs_no_prompts_unless_it_grades() {
    let home = tempfile::tempdir().unwrap();
    bin(home.path())
        .args(["--offline", "-s", "ad-click"])
        .write_stdin("An answer.\n")
        .assert()
        .success();
    bin(home.path())
        .args(["replay", "--last"])
        .env("INTERVIEWER_PROMPTS", home.path().join("no-such-dir"))
        .assert()
        .success();
}

#[test]
fn a_round_at_a_level_is_recorded_graded_there_and_regraded_at_another() {
    let home = tempfile::tempdir().unwrap();
    let input = std::fs::read_to_string(answers_file("ad-click")).unwrap();
    let (_, stderr) = offline_round(home.path(), &["--level", "staff"], input);
    assert!(stderr.contains("staff level)"), "{stderr}");
    let (path, t) = only_transcript(home.path());
    assert_eq!(t.header.level.as_deref(), Some("staff"));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path.with_extension("grade.json")).unwrap())
            .unwrap();
    assert_eq!(saved["rubric"]["level"], "staff");
    let grade = |extra: &[&str]| {
        let out = bin(home.path())
            .args(["grade", "--format", "json", "--last"])
            .args(extra)
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        (
            v["rubric"]["level"].as_str().unwrap().to_string(),
            v["score"].as_f64().unwrap(),
        )
    };
    let (own, staff_score) = grade(&[]);
    assert_eq!(own, "staff", "a session is regraded at its own level");
    let (mid, mid_score) = grade(&["--level", "mid"]);
    assert_eq!(mid, "mid");
    assert!(
        mid_score > staff_score,
        "mid {mid_score} vs staff {staff_score}"
    );
    // A senior round after it: history lines dimensions up by id, so the
    // staff-only dimension has one value and the shared ones two.
    let input = std::fs::read_to_string(answers_file("ad-click")).unwrap();
    offline_round(home.path(), &[], input);
    let out = bin(home.path()).arg("history").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("judged at level senior ×1, staff ×1"),
        "{text}"
    );
    let row = |title: &str| -> usize {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap();
        line.chars().filter(|c| ('▁'..='█').contains(c)).count()
    };
    assert_eq!(row("Requirements and framing"), 2, "{text}");
    let out = bin(home.path())
        .args(["grade", "--last", "--level", "principal"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("unknown level 'principal'") && stderr.contains("mid, senior, staff"),
        "{stderr}"
    );
}

#[test]
fn a_hint_is_recorded_costs_part_of_its_points_credit_and_survives_resume() {
    let answers = "Events land in Kafka keyed by user id.\n/next\n/hint\n/hint\nThe p99 budget is 50 ms: 10 ms to fetch features, 30 ms to score, with cached scores as the fallback.\n/quit\n";
    let without = answers.replace("/hint\n/hint\n", "");
    let run = |input: &str| {
        let home = tempfile::tempdir().unwrap();
        let (stdout, stderr) = offline_round(home.path(), &[], input.to_string());
        (home, stdout, stderr)
    };
    let (home, stdout, stderr) = run(answers);
    assert!(
        stdout.contains("hint: The case allows 50 ms at p99"),
        "{stdout}"
    );
    assert!(
        stderr.contains("(a hint costs 25% of the credit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(one hint per question: it is above)"),
        "{stderr}"
    );
    let (path, t) = only_transcript(home.path());
    let hints: Vec<_> = t
        .turns()
        .filter(|x| x.kind == Some(interviewer::vocab::TurnKind::Hint))
        .collect();
    assert_eq!(hints.len(), 1, "one hint per question");
    assert!(hints[0].target.is_some());
    let earned = |home: &Path| {
        let out = bin(home)
            .args(["grade", "--format", "json", "--last"])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        v["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "latency_budget_numbers")
            .cloned()
            .unwrap()
    };
    let hinted = earned(home.path());
    assert_eq!(hinted["hints"], 1);
    let (plain_home, _, _) = run(&without);
    let plain = earned(plain_home.path());
    assert!(plain.get("hints").is_none());
    assert!(
        hinted["earned"].as_f64().unwrap() < plain["earned"].as_f64().unwrap(),
        "{hinted} vs {plain}"
    );
    // Resumed, the hint is neither asked again nor taken for a question.
    let out = bin(home.path())
        .args(["resume", "--last", "--offline"])
        .write_stdin("/end\nmy risks: stale features, paged at 10 minutes of lag\n")
        .assert()
        .success();
    let _ = out;
    let t = interviewer::transcript::store::read(&path).unwrap();
    assert_eq!(
        t.turns()
            .filter(|x| x.kind == Some(interviewer::vocab::TurnKind::Hint))
            .count(),
        1
    );
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
}

#[test]
fn ratings_given_before_the_grade_are_kept_shown_beside_it_and_tracked_in_history() {
    let home = tempfile::tempdir().unwrap();
    let mut input = std::fs::read_to_string(answers_file("ad-click")).unwrap();
    // Nine dimensions: a few over-rated, one mistyped then given, one skipped.
    input.push_str("5\n5\nsix\n5\n\n4\n5\n5\n5\n5\n");
    let (stdout, stderr) = offline_round(home.path(), &[], input);
    assert!(
        stderr.contains("Before you see the grade: rate yourself"),
        "{stderr}"
    );
    assert!(stderr.contains("(a whole number from 1 to 5"), "{stderr}");
    assert!(
        stdout.contains("Your ratings beside the grade (1–5)"),
        "{stdout}"
    );
    let (path, _) = only_transcript(home.path());
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path.with_extension("self.json")).unwrap())
            .unwrap();
    assert_eq!(saved["ratings"].as_object().unwrap().len(), 8, "{saved}");
    assert_eq!(saved["ratings"]["requirements"], 5);
    let grade = bin(home.path())
        .args(["grade", "--last"])
        .assert()
        .success();
    let text = String::from_utf8(grade.get_output().stdout.clone()).unwrap();
    assert!(text.contains("you 5 · grade"), "{text}");
    let history = bin(home.path()).arg("history").assert().success();
    let text = String::from_utf8(history.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("Self-assessment (your ratings minus the grade"),
        "{text}"
    );
    assert!(
        text.contains("you over-rate") || text.contains("match the grade"),
        "{text}"
    );
    let report = bin(home.path())
        .args(["report", "--last"])
        .assert()
        .success();
    let md = String::from_utf8(report.get_output().stdout.clone()).unwrap();
    assert!(
        md.contains("## Your ratings beside the grade (1–5)\n\n- Requirements and framing"),
        "{md}"
    );
}

#[test]
fn practice_names_the_case_the_level_and_the_misjudged_dimension_with_the_command() {
    let home = tempfile::tempdir().unwrap();
    let mut input = std::fs::read_to_string(answers_file("ad-click")).unwrap();
    input.push_str("5\n5\n5\n5\n5\n5\n5\n5\n5\n");
    offline_round(home.path(), &[], input);
    let out = bin(home.path()).arg("practice").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Next: ") && lines[0].ends_with(" at senior level."),
        "{text}"
    );
    assert!(
        lines[1].starts_with("  The case: your weakest area is"),
        "{text}"
    );
    assert!(lines[2].contains("1 recent senior round"), "{text}");
    assert!(lines[3].contains("you over-rate"), "{text}");
    assert!(
        lines[4].starts_with("Start it with: interviewer --scenario "),
        "{text}"
    );
    let out = bin(home.path())
        .args(["practice", "--level", "principal"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("unknown level 'principal'"), "{stderr}");
}

#[test]
fn history_plots_scores_and_ratings_and_the_html_report_charts_them() {
    let home = tempfile::tempdir().unwrap();
    let mut rated = std::fs::read_to_string(answers_file("ad-click")).unwrap();
    rated.push_str("5\n5\n5\n5\n5\n5\n5\n5\n5\n");
    for input in [
        std::fs::read_to_string(answers_file("ad-click")).unwrap(),
        rated,
    ] {
        offline_round(home.path(), &[], input);
    }
    let out = bin(home.path())
        .args(["history", "--plot"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("Overall score, oldest → newest\n100 │"),
        "{text}"
    );
    assert!(
        text.contains("  0 └──\n"),
        "two sessions, two columns: {text}"
    );
    let design = text
        .lines()
        .find(|l| l.trim_start().starts_with("Design for failure"))
        .unwrap();
    assert!(design.ends_with("·▲"), "unrated, then over-rated: {design}");
    let out = bin(home.path())
        .args(["report", "--last", "--format", "html"])
        .assert()
        .success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(html.contains("<h2>Progress over your sessions</h2>"));
    assert_eq!(
        html.matches("<polyline").count(),
        9,
        "one chart per dimension"
    );
    assert!(html.contains("class=\"rated\""));
}
