//! The scenario library from the outside: `scenarios` lists ten cases,
//! `scenarios check` passes on every shipped case and fails on each broken
//! fixture with its `file:line` message, `scenarios new` writes a scaffold once,
//! and `interviewer` with no `--scenario` picks a case from the history.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn run(home: &Path, args: &[&str]) -> Output {
    common::interviewer(home).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The 1-based line of the first line of `file` containing `needle`.
fn line_with(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()))
        + 1
}

#[test]
fn scenarios_check_passes_on_every_shipped_case() {
    let home = tempfile::tempdir().unwrap();
    let built_in = run(home.path(), &["scenarios", "check"]);
    assert_eq!(built_in.status.code(), Some(0), "{}", stdout(&built_in));
    assert_eq!(stdout(&built_in), "10 scenarios checked: all pass\n");
    let dir = data("prompts");
    let on_disk = run(home.path(), &["scenarios", "check", dir.to_str().unwrap()]);
    assert_eq!(on_disk.status.code(), Some(0), "{}", stdout(&on_disk));
}

#[test]
fn scenarios_check_fails_on_each_broken_fixture_with_its_line() {
    let dir = data("tests/data/scenarios/broken");
    // (fixture, the text on the line to blame, what the message says)
    let expected = [
        ("unknown-key", "domian =", "unknown field `domian`"),
        ("missing-field", "[facts]", "missing field `latency_scope`"),
        (
            "fact-not-in-context",
            "label_delay_minutes =",
            "facts.label_delay_minutes is 2,880 minutes, but the context never states it",
        ),
        (
            "contradicting-number",
            "100 ms at p99",
            "phases.latency.opening says 100 ms at p99, but facts.latency_p99_ms = 90",
        ),
        (
            "no-follow-ups",
            "[phases.latency]",
            "phases.latency has no follow_ups",
        ),
        (
            "hinted-opening",
            "what is your fallback",
            "phases.latency.opening hints at the answer: it names fallback",
        ),
        (
            "schema-without-field",
            "breaks =",
            "phases.schema_change.breaks names no concrete field",
        ),
        (
            "unknown-dimension",
            "stresses =",
            "practice.stresses names \"speed\", which is not a rubric dimension",
        ),
        (
            "id-mismatch",
            "id =",
            "id = \"toy-ranking\" but the file is id-mismatch.toml",
        ),
        ("syntax-error", "title =", "invalid basic string"),
        (
            "no-nouns",
            "nouns =",
            "facts.nouns: list at least three of the product's own nouns",
        ),
    ];
    let home = tempfile::tempdir().unwrap();
    for (name, needle, message) in expected {
        let file = dir.join(format!("{name}.toml"));
        let alone = tempfile::tempdir().unwrap();
        let copy = alone.path().join(format!("{name}.toml"));
        std::fs::copy(&file, &copy).unwrap();
        let out = run(
            home.path(),
            &["scenarios", "check", alone.path().to_str().unwrap()],
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {text}");
        let head = format!("{}:{}: {message}", copy.display(), line_with(&file, needle));
        assert!(
            text.starts_with(&head),
            "{name}: expected\n{head}\ngot\n{text}"
        );
        assert!(text.contains("\n  fix: "), "{name}: {text}");
        assert!(
            text.ends_with("1 scenario checked: 1 problem in 1 file\n"),
            "{name}: one defect each\n{text}"
        );
    }
    // All together: every file fails, and the well-formed control passes.
    let all = run(home.path(), &["scenarios", "check", dir.to_str().unwrap()]);
    assert!(
        stdout(&all).ends_with("11 scenarios checked: 11 problems in 11 files\n"),
        "{}",
        stdout(&all)
    );
    let good = data("tests/data/scenarios/good");
    let ok = run(home.path(), &["scenarios", "check", good.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
}

#[test]
fn scenarios_new_writes_a_scaffold_once_that_check_sends_back_to_edit() {
    let home = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().to_str().unwrap();
    let out = run(
        home.path(),
        &["scenarios", "new", "ride-pricing", "--dir", dir],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = root.path().join("scenarios/ride-pricing.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("id = \"ride-pricing\""), "{text}");
    assert!(stdout(&out).starts_with(&format!("wrote {}", file.display())));

    let again = run(
        home.path(),
        &["scenarios", "new", "ride-pricing", "--dir", dir],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists; not overwriting it"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    let bad = run(
        home.path(),
        &["scenarios", "new", "Ride_Pricing", "--dir", dir],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("is not a scenario id"),
        "{}",
        stderr(&bad)
    );

    // The scaffold parses; what is left is the author's writing.
    let check = run(home.path(), &["scenarios", "check", dir]);
    let report = stdout(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    let problems: Vec<&str> = report
        .lines()
        .filter(|l| !l.starts_with("  fix:"))
        .collect();
    assert!(problems.len() > 5, "{report}");
    for p in &problems[..problems.len() - 1] {
        assert!(
            p.contains("TODO placeholder"),
            "only placeholders are left: {p}"
        );
    }
}

/// The scaffold with only its placeholder values written, as an author would:
/// every value `scenarios check` names is filled, nothing else is touched.
/// Each placeholder of the scaffold, by the key `scenarios check` names, and
/// what an author writes there.
const FILLS: [(&str, &str, &str); 15] = [
    (
        "title",
        "TODO: the case in a few words",
        "Turbine fault prediction",
    ),
    (
        "summary",
        "TODO: one line, e.g. Score every card authorization for fraud inside the network's time limit.",
        "Predict which wind turbine fails in the next day from its sensor readings.",
    ),
    ("domain", "domain = \"TODO\"", "domain = \"energy\""),
    (
        "context",
        "TODO: who you are and what the model decides, and what a wrong decision costs.",
        "You plan maintenance for a wind operator: the model decides which turbine a crew visits, and a missed fault costs a gearbox.",
    ),
    (
        "facts.latency_scope",
        "TODO: scoring one request",
        "scoring one turbine reading",
    ),
    (
        "facts.nouns",
        "nouns = [\"TODO\"]",
        "nouns = [\"turbine\", \"reading\", \"crew\"]",
    ),
    (
        "phases.scenario.opening",
        "TODO: ask for the whole design, from the raw logs to serving and monitoring.",
        "Walk me through the whole system, from the raw sensor readings to the crew schedule and how you watch it.",
    ),
    (
        "phases.scenario.follow_ups",
        "TODO: a question about the label and when it is final.",
        "What is a fault here, and when do you know a reading led to one?",
    ),
    (
        "phases.latency.opening",
        "TODO: restate the budget (100 ms at p99) and ask how it is split across stages.",
        "Each reading must be scored within 100 ms at p99. Where does that time go?",
    ),
    (
        "phases.latency.follow_ups",
        "TODO: which features come from a stream and which from batch, and why?",
        "Which inputs come from a stream and which from batch, and what decides it?",
    ),
    (
        "phases.schema_change.breaks",
        "TODO_field retyped from integer to string",
        "rotor_speed retyped from integer to string",
    ),
    (
        "phases.schema_change.opening",
        "TODO: an upstream team changes TODO_field without telling you.",
        "The sensor team changes rotor_speed from an integer to a string without telling you.",
    ),
    (
        "phases.schema_change.follow_ups",
        "TODO: how do you ship the fix, and what makes you roll it back?",
        "How do you ship the fix, and what would make you undo it?",
    ),
    (
        "phases.provenance.opening",
        "TODO: someone disputes one decision. Ask how to trace it to the raw events.",
        "A crew was sent to a healthy turbine. How do you trace why to the raw readings?",
    ),
    (
        "phases.provenance.follow_ups",
        "TODO: could you rebuild the exact training set of an old model?",
        "Could you rebuild the exact training set of last month's model?",
    ),
];

#[test]
fn a_scaffold_with_its_placeholders_filled_passes_check_and_shows_how_the_case_runs() {
    let home = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().to_str().unwrap();
    assert!(
        run(
            home.path(),
            &["scenarios", "new", "wind-farm", "--dir", dir]
        )
        .status
        .success()
    );
    let file = root.path().join("scenarios/wind-farm.toml");
    let check = run(home.path(), &["--prompts", dir, "scenarios", "check", dir]);
    let named: Vec<String> = stdout(&check)
        .lines()
        .filter_map(|l| {
            l.split_once(": ")?
                .1
                .split_once(" still holds the scaffold's TODO")
        })
        .map(|(key, _)| key.to_string())
        .collect();
    let fills = FILLS;
    let mut keys: Vec<&str> = fills.iter().map(|(k, _, _)| *k).collect();
    keys.sort_unstable();
    let mut named_sorted: Vec<&str> = named.iter().map(String::as_str).collect();
    named_sorted.sort_unstable();
    assert_eq!(
        named_sorted, keys,
        "check names exactly the values to write"
    );

    let mut text = std::fs::read_to_string(&file).unwrap();
    for (key, placeholder, value) in fills {
        assert!(text.contains(placeholder), "{key}: {placeholder}");
        text = text.replace(placeholder, value);
    }
    std::fs::write(&file, &text).unwrap();
    std::fs::create_dir_all(root.path().join("answers")).unwrap();
    std::fs::write(
        root.path().join("answers/wind-farm.txt"),
        "Readings land in Kafka keyed by turbine id; a Flink job writes features to a store keyed by turbine id, read in 5 ms.\nThe label is a fault logged within 24 hours of the reading, joined by turbine id and time.\n",
    )
    .unwrap();

    let check = run(home.path(), &["--prompts", dir, "scenarios", "check", dir]);
    let report = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "{report}{}", stderr(&check));
    assert!(
        report.starts_with("1 scenario checked: all pass"),
        "{report}"
    );
    for shown in [
        "wind-farm — Turbine fault prediction (energy, medium)",
        "opens: \"Each reading must be scored within 100 ms at p99.",
        "[latency_budget_numbers, budget_split_by_stage]",
        "- follow-up: \"What is a fault here, and when do you know a reading led to one?\" [label_defined]",
        "latency: 100 ms at p99 for scoring one turbine reading",
        "Dry run of the reference answers: ",
    ] {
        assert!(report.contains(shown), "{shown}\n{report}");
    }
}

/// docs/authoring.md's worked example checks and previews as the page shows.
#[test]
fn the_authoring_guides_example_case_passes_and_its_reference_answers_reach_the_end() {
    let home = tempfile::tempdir().unwrap();
    let dir = data("docs/examples/wind-farm");
    let check = run(home.path(), &["scenarios", "check", dir.to_str().unwrap()]);
    let report = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "{report}{}", stderr(&check));
    assert!(
        report.contains("Dry run of the reference answers: "),
        "{report}"
    );
    assert!(
        !report.contains("ran out") && !report.contains("never read"),
        "{report}"
    );
    let guide = std::fs::read_to_string(data("docs/authoring.md")).unwrap();
    let score = report
        .lines()
        .find(|l| l.starts_with("Dry run of the reference answers: "))
        .unwrap();
    assert!(
        guide.contains(score),
        "docs/authoring.md quotes this run: {score}"
    );
}

#[test]
fn scenarios_lists_ten_cases_with_domain_difficulty_practice_and_stress() {
    let home = tempfile::tempdir().unwrap();
    let answers = data("transcripts/golden/answers/payment-fraud-weak.txt");
    let session = common::interviewer(home.path())
        .args(["--offline", "--scenario", "payment-fraud"])
        .stdin(std::fs::File::open(answers).unwrap())
        .output()
        .unwrap();
    assert!(session.status.success(), "{}", stderr(&session));
    let out = run(home.path(), &["scenarios"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("id ") && lines[0].contains("difficulty  practised  stresses"),
        "{text}"
    );
    assert_eq!(
        lines.iter().skip(1).take_while(|l| !l.is_empty()).count(),
        10,
        "{text}"
    );
    let fraud = lines
        .iter()
        .find(|l| l.starts_with("payment-fraud "))
        .unwrap();
    for cell in [
        "Card payment fraud at authorization",
        "payments",
        "hard",
        " 1 ",
        "Provenance and governance; Latency and freshness; Data, labels and features",
    ] {
        assert!(fraud.contains(cell), "{fraud}");
    }
}

#[test]
fn with_no_scenario_the_pick_follows_the_weakest_area_and_says_why() {
    let home = tempfile::tempdir().unwrap();
    let first = common::interviewer(home.path())
        .arg("--offline")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        stderr(&first).starts_with(
            "practising Ad-click prediction (ad-click): no graded sessions yet, so the case you have practised least (0 times; ties go by id) (--scenario random for any case)\n"
        ),
        "{}",
        stderr(&first)
    );
    // One weak session of payment fraud: data, labels and features scores 0,
    // the first dimension at the bottom; ad-click stresses it and has not
    // been practised (the empty session above had no answers).
    let answers = data("transcripts/golden/answers/payment-fraud-weak.txt");
    let session = common::interviewer(home.path())
        .args(["--offline", "--scenario", "payment-fraud"])
        .stdin(std::fs::File::open(answers).unwrap())
        .output()
        .unwrap();
    assert!(session.status.success(), "{}", stderr(&session));
    let pick = common::interviewer(home.path())
        .arg("--offline")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        stderr(&pick).starts_with(
            "practising Ad-click prediction (ad-click): your weakest area is data, labels and features (avg 0/100 over 1 session), and this case leans on it; you have done it 0 times (--scenario random for any case)\n"
        ),
        "{}",
        stderr(&pick)
    );
    let random = common::interviewer(home.path())
        .args(["--offline", "--scenario", "random"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        stderr(&random).contains("scenario: "),
        "{}",
        stderr(&random)
    );
    assert!(
        !stderr(&random).contains("practising"),
        "{}",
        stderr(&random)
    );
}
