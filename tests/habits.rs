//! The habits users bring from other terminal tools: completions, a man page, a
//! config example, session ids everywhere, quiet broken pipes, honest history.

mod common;

use std::io::Read as _;
use std::path::Path;
use std::process::Stdio;

use common::fake::Fake;

fn bin(home: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(common::interviewer(home))
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Runs a short offline interview on `scenario` with `answers`; returns its id.
fn session(home: &Path, scenario: &str, answers: &str) -> String {
    bin(home)
        .args(["--offline", "-s", scenario])
        .write_stdin(answers)
        .assert()
        .success();
    let mut ids: Vec<String> = std::fs::read_dir(home.join("transcripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids.pop().unwrap()
}

#[test]
fn completions_are_generated_for_every_shell_from_the_same_definition() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bin(home.path())
            .args(["completions", shell])
            .assert()
            .success();
        let text = stdout(&out);
        assert!(text.contains("interviewer"), "{shell}");
        assert!(text.contains("resume"), "{shell} completes subcommands");
    }
    bin(home.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn the_static_script_offers_the_scenario_ids() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let text = stdout(
            &bin(home.path())
                .args(["completions", shell])
                .assert()
                .success(),
        );
        for id in ["ad-click", "payment-fraud", "random"] {
            assert!(text.contains(id), "{shell}: {id}");
        }
    }
}

/// What the shell's registered function asks the program on a Tab
/// (`COMPLETE=bash interviewer -- WORDS…`, the word under the cursor last).
fn tab(home: &Path, env: &[(&str, &str)], words: &[&str]) -> Vec<String> {
    let mut cmd = common::interviewer(home);
    cmd.env("COMPLETE", "bash")
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .arg("--")
        .args(words);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty() && !l.starts_with('-'))
        .collect()
}

#[test]
fn dynamic_completion_offers_real_scenarios_sessions_and_models() {
    let home = tempfile::tempdir().unwrap();
    let older = session(home.path(), "ad-click", "an answer\n");
    let newer = session(home.path(), "payment-fraud", "an answer\n");
    let registration = common::interviewer(home.path())
        .env("COMPLETE", "bash")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&registration.stdout).contains("complete -o nospace"));

    assert_eq!(
        tab(home.path(), &[], &["interviewer", "--scenario", "pa"]),
        ["payment-fraud"]
    );
    let mut both = [newer.clone(), older];
    both.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(
        tab(home.path(), &[], &["interviewer", "resume", "2"]),
        both,
        "sessions, newest first"
    );
    assert_eq!(tab(home.path(), &[], &["interviewer", "replay", ""]), both);
    assert!(
        tab(home.path(), &[], &["interviewer", "scenarios", "new", ""]).is_empty(),
        "a new case's id is not a session"
    );
    assert!(tab(home.path(), &[], &["interviewer", "grade", ""]).contains(&newer));
    assert_eq!(
        tab(
            home.path(),
            &[],
            &["interviewer", "scenarios", "check", "--show", "ad"]
        ),
        ["ad-click"]
    );

    let server = Fake::new()
        .models(&["qwen2.5-coder:1.5b", "llama3.2:3b"])
        .start();
    let url = server.base_url.clone();
    assert_eq!(
        tab(
            home.path(),
            &[("INTERVIEWER_BASE_URL", &url)],
            &["interviewer", "--model", "qw"]
        ),
        ["qwen2.5-coder:1.5b"]
    );
    // No server: no names, and no error on the user's prompt line.
    assert!(tab(home.path(), &[], &["interviewer", "-m", ""]).is_empty());
}

/// Every subcommand path of the program, as the user types it.
fn command_paths(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands() {
        let path = format!("{prefix} {}", sub.get_name());
        out.push((path.clone(), sub.clone()));
        command_paths(sub, &path, out);
    }
}

#[test]
fn the_man_page_documents_every_command_and_flag_that_help_lists_and_points_nowhere_else() {
    use clap::CommandFactory as _;
    let home = tempfile::tempdir().unwrap();
    let text = stdout(&bin(home.path()).arg("man").assert().success());
    assert!(text.contains(".TH interviewer"), "{}", &text[..200]);
    assert!(
        !text.contains("(1)")
            || text.matches("(1)").count() == text.matches("interviewer(1)").count(),
        "no references to pages that do not exist"
    );
    let mut paths = Vec::new();
    command_paths(&interviewer::cli::Cli::command(), "interviewer", &mut paths);
    assert!(paths.len() >= 17, "{}", paths.len());
    for (path, cmd) in paths {
        let heading = format!(".SS \"{}\"", path.replace('-', "\\-"));
        let at = text
            .find(&heading)
            .unwrap_or_else(|| panic!("no section for {path}"));
        let section = &text[at + heading.len()..];
        let section = &section[..section.find(".SS ").unwrap_or(section.len())];
        let words: Vec<&str> = path.split(' ').skip(1).collect();
        let help = stdout(
            &bin(home.path())
                .args(&words)
                .arg("--help")
                .assert()
                .success(),
        );
        for arg in cmd
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
        {
            if let Some(long) = arg.get_long() {
                assert!(
                    section.contains(&format!("\\-\\-{}", long.replace('-', "\\-"))),
                    "{path}: --{long} missing from the man page"
                );
                assert!(
                    help.contains(&format!("--{long}")),
                    "{path}: --{long} missing from --help"
                );
            }
        }
    }
}

#[test]
fn config_prints_a_commented_example_that_parses_and_the_settings_in_effect() {
    let home = tempfile::tempdir().unwrap();
    let example = stdout(
        &bin(home.path())
            .args(["config", "--example"])
            .assert()
            .success(),
    );
    assert!(example.lines().filter(|l| l.starts_with('#')).count() > 10);
    interviewer::config::parse_file("example", &example).expect("the example parses");
    assert!(
        example
            .lines()
            .all(|l| l.trim().is_empty() || l.starts_with('#')),
        "nothing is set until the user uncomments it"
    );
    // Each setting shown parses once uncommented.
    let settings: Vec<&str> = example
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| {
            l.split_once(" = ")
                .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        })
        .collect();
    assert!(settings.len() >= 7, "{settings:?}");
    for line in settings {
        interviewer::config::parse_file("example", line).unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    let shown = stdout(&bin(home.path()).arg("config").assert().success());
    assert!(
        shown.contains("base_url     http://127.0.0.1:9/v1  (from $INTERVIEWER_BASE_URL)"),
        "{shown}"
    );
    assert!(shown.contains("api_key      none"), "{shown}");
}

#[test]
fn models_help_offers_only_what_models_uses() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout(
        &bin(home.path())
            .args(["models", "--help"])
            .assert()
            .success(),
    );
    assert!(help.contains("--base-url"));
    assert!(
        !help.contains("--model") && !help.contains("--context"),
        "{help}"
    );
}

#[test]
fn grade_takes_ids_parts_of_ids_and_last() {
    let home = tempfile::tempdir().unwrap();
    let first = session(home.path(), "ad-click", "events go to a partitioned log\n");
    // Start times are kept to the millisecond: no need to wait a second.
    let second = session(home.path(), "feed-ranking", "a nightly batch job\n");
    let json = |args: &[&str]| {
        let out = bin(home.path())
            .arg("grade")
            .args(args)
            .args(["--format", "json"])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        v["transcript"]["session"].as_str().unwrap().to_string()
    };
    assert_eq!(json(&["--last"]), second);
    assert_eq!(json(&[&first]), first);
    assert_eq!(
        json(&[&first[first.len() - 4..]]),
        first,
        "the last four hex digits"
    );
    let out = bin(home.path()).args(["grade", "nosuch"]).assert().code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no session matches 'nosuch'"), "{err}");
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly_with_status_0() {
    let home = tempfile::tempdir().unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/golden");
    let mut child = common::interviewer(home.path())
        .arg("grade")
        .arg(&golden)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut out = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {}
    drop(out);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

#[test]
fn history_leaves_out_sessions_that_ended_before_the_first_probe_and_counts_in_words() {
    let home = tempfile::tempdir().unwrap();
    session(home.path(), "ad-click", "just the start, then I left\n");
    let text = stdout(&bin(home.path()).arg("history").assert().success());
    assert!(text.contains("no graded sessions yet"), "{text}");
    assert!(text.contains("1 session left out"), "{text}");
    session(
        home.path(),
        "feed-ranking",
        "events into a log\n/next\n50 ms at p99 for ranking\n",
    );
    let text = stdout(&bin(home.path()).arg("history").assert().success());
    assert!(
        text.starts_with("1 graded session (feed-ranking ×1)"),
        "{text}"
    );
    assert!(text.contains("over the last 1 session)"), "{text}");
}
