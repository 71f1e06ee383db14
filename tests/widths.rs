//! Every human-readable output fits the terminal: each command is run at 60,
//! 80 and 120 columns (`COLUMNS`, as a terminal's width would be) and no line
//! is wider, and no word is split across lines — every word printed is a word
//! of the same output printed without a width (a word wider than the whole
//! line, a long path, is the one thing allowed to break, at the edge).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

const WIDTHS: [usize; 3] = [60, 80, 120];

/// stdout and stderr of `args` at `width` (`None`: no COLUMNS, a pipe).
fn run(home: &Path, args: &[&str], stdin: &str, width: Option<usize>) -> String {
    let out = output(home, args, stdin, width);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn output(home: &Path, args: &[&str], stdin: &str, width: Option<usize>) -> std::process::Output {
    let mut cmd = common::interviewer(home);
    cmd.args(args);
    if let Some(w) = width {
        cmd.env("COLUMNS", w.to_string());
    }
    common::run_with_stdin(&mut cmd, stdin)
}

/// Text with what differs from run to run (session ids, clock readings) made
/// the same, so two runs of an interview can be compared word by word.
fn steady(text: &str) -> String {
    let id = regex::Regex::new(r"\d{8}T\d{6}Z-[a-z0-9-]+-[0-9a-f]{4}").unwrap();
    let clock = regex::Regex::new(r"\b\d+:\d\d\b").unwrap();
    clock
        .replace_all(&id.replace_all(text, "SESSION"), "M:SS")
        .into_owned()
}

fn columns(line: &str) -> usize {
    interviewer::wrap::display_width(line)
}

/// A word as the check compares it: without the punctuation that layouts add
/// around cells (`name:`, `·`).
fn word(w: &str) -> &str {
    w.trim_end_matches(':')
}

fn decoration(w: &str) -> bool {
    w.chars().all(|c| matches!(c, '█' | '░' | '─' | '·' | '…'))
}

/// The output with each word that was broken at the edge because it is wider
/// than a whole line (a long path) put back together: such a word fills its
/// line to the last column and goes on at the start of the next.
fn rejoin(text: &str, width: usize) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let next = lines.get(i + 1).copied().unwrap_or("");
        let whole_line_word = line
            .split_whitespace()
            .last()
            .is_some_and(|w| columns(w) * 2 > width);
        if columns(line) == width && whole_line_word && !next.starts_with(' ') && !next.is_empty() {
            continue;
        }
        out.push('\n');
    }
    out
}

fn fits(home: &Path, args: &[&str], stdin: &str) {
    let plain = steady(&run(home, args, stdin, None));
    let plain_words: BTreeSet<String> = plain
        .split_whitespace()
        .map(|w| word(w).to_lowercase())
        .collect();
    for width in WIDTHS {
        let raw = run(home, args, stdin, Some(width));
        for line in raw.lines() {
            assert!(
                columns(line) <= width,
                "`{}` at {width} columns: a line of {}:\n{line}\n\n{raw}",
                args.join(" "),
                columns(line)
            );
        }
        let out = steady(&rejoin(&raw, width));
        let split: Vec<String> = out
            .split_whitespace()
            .map(|w| word(w).to_lowercase())
            .filter(|w| !decoration(w) && !plain_words.contains(w))
            .collect();
        assert!(
            split.is_empty(),
            "`{}` at {width} columns: {split:?} are not words of the output (a word was split):\n{out}",
            args.join(" ")
        );
    }
}

/// The shipped practice answers of ad-click: a whole, strong interview.
fn ad_click_answers() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/answers/ad-click.txt"),
    )
    .unwrap()
}

#[test]
fn every_command_fits_60_80_and_120_columns() {
    let home = tempfile::tempdir().unwrap();
    let answers = ad_click_answers();
    // A whole interview, then one cut short: the end of a round and the
    // session lists have something to show.
    fits(home.path(), &["--offline", "-s", "ad-click"], &answers);
    run(
        home.path(),
        &["--offline", "-s", "payment-fraud"],
        "one answer\n",
        None,
    );
    let design = home.path().join("design.md");
    std::fs::write(
        &design,
        "# Ad click design\n\n- Kafka keyed by impression id; a 30 minute join window for clicks.\n- Features in Redis, 10 ms reads; fallback to a cached score when it misses.\n",
    )
    .unwrap();
    let design = design.to_str().unwrap();
    for args in [
        &["scenarios"][..],
        &["scenarios", "check", "--show", "ad-click"],
        &["paths"],
        &["config"],
        &["transcripts", "list"],
        &["grade", "--last"],
        &["grade", "--text", design, "--scenario", "ad-click"],
        &["replay", "--last"],
        &["replay", "--last", "--grade"],
        &["history"],
        &["doctor"],
        &["models"],
        &["resume", "--last"],
        &["--help"],
        &["grade", "--help"],
        &["scenarios", "check", "--help"],
        &["no-such-command"],
    ] {
        fits(home.path(), args, "");
    }
}

#[test]
fn the_end_of_a_round_fits_one_screen_at_80_columns() {
    let home = tempfile::tempdir().unwrap();
    let answers = ad_click_answers();
    let out = output(
        home.path(),
        &["--offline", "-s", "ad-click"],
        &answers,
        Some(80),
    );
    // What stays on screen: standard output from the closing words on (the
    // status lines on standard error come at the start of the round).
    let out = String::from_utf8(out.stdout).unwrap();
    let last = out
        .rsplit("interviewer: That's the end of the round.")
        .next()
        .unwrap();
    let lines = last.lines().count();
    assert!(
        lines <= 24,
        "{lines} lines from the closing words on:\n{last}"
    );
    assert!(last.contains("── Your result: "), "{last}");
}
