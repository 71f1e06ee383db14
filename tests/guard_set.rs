//! The guard measured on labelled interviewer replies, written blind (by
//! writers who never saw the guard): good replies in the styles real models
//! use, bad ones in every family of failure. Three sets, each written after
//! the guard was tuned on the ones before it (`tests/data/guard/`):
//! `replies.jsonl` (dev and held splits), `replies2.jsonl` (held2) and
//! `replies3.jsonl` (held3). Targets, on every split: false alarms (good
//! replies replaced) at most 2%, misses (bad replies shown) at most 5%.
//! `real.jsonl` holds 227 replies real models wrote in `interviewer eval`
//! (Qwen2.5-Coder 0.5B and 1.5B, SmolLM2-135M), labelled blind and strictly;
//! its figures are reported and bounded against regressions. `real2.jsonl`
//! holds the 135 follow-ups Qwen2.5-Coder-1.5B wrote on the fresh candidate
//! scripts (`scripts/eval-listening.sh`), labelled blind the same way, with the
//! candidate's words each question is about.
//! `cargo test --release --test guard_set -- --nocapture` prints the figures
//! and every wrong call.

use std::collections::BTreeMap;

use interviewer::llm::guard::{self, Turn};
use interviewer::vocab::{Phase, TurnKind};

struct Case {
    split: String,
    kind: TurnKind,
    phase: Phase,
    canonical: String,
    candidate: Vec<String>,
    earlier: Vec<String>,
    reply: String,
    good: bool,
    family: String,
    id: String,
    scenario: String,
    /// The candidate's words a question about them must keep (`real2`).
    about: Option<String>,
}

fn cases() -> Vec<Case> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/guard");
    [
        "replies.jsonl",
        "replies2.jsonl",
        "replies3.jsonl",
        "real.jsonl",
        "real2.jsonl",
    ]
    .iter()
    .flat_map(|f| {
        std::fs::read_to_string(dir.join(f))
            .unwrap()
            .lines()
            .map(String::from)
            .collect::<Vec<_>>()
    })
    .map(|l| {
        let v: serde_json::Value = serde_json::from_str(&l).unwrap();
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let list = |k: &str| -> Vec<String> {
            v[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut candidate = list("said_before");
        candidate.push(s("candidate"));
        Case {
            split: s("split"),
            kind: match s("kind").as_str() {
                "opening" => TurnKind::Opening,
                "feedback" => TurnKind::Feedback,
                _ => TurnKind::FollowUp,
            },
            phase: Phase::from_key(&s("phase")).unwrap_or(Phase::Latency),
            canonical: s("canonical"),
            candidate,
            earlier: list("earlier_questions"),
            reply: s("reply"),
            good: s("label") == "good",
            family: s("family"),
            id: s("id"),
            scenario: s("scenario"),
            about: v["about"].as_str().map(String::from),
        }
    })
    .collect()
}

/// (false alarms, good, misses, bad) per split, and the wrong calls.
fn measure() -> (BTreeMap<String, [usize; 4]>, Vec<String>) {
    let rubric = interviewer::disk::rubric(None, None).unwrap();
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let mut counts: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut wrong = Vec::new();
    for c in cases() {
        let turn = interviewer::interview::InterviewerTurn {
            phase: c.phase,
            kind: c.kind,
            canonical: c.canonical.clone(),
            target: None,
            intent: interviewer::vocab::Intent {
                about: c.about.clone(),
                ..Default::default()
            },
        };
        let instruction = interviewer::llm::request::instruction(&prompts.interviewer.llm, &turn);
        let case = prompts
            .scenario(&c.scenario)
            .map(|s| format!("{}\n\n{}", s.title, s.context))
            .unwrap();
        let candidate: Vec<&str> = c.candidate.iter().map(String::as_str).collect();
        let earlier: Vec<&str> = c.earlier.iter().map(String::as_str).collect();
        let verdict = guard::check(
            &c.reply,
            &Turn {
                kind: c.kind,
                phase: c.phase,
                canonical: &c.canonical,
                instruction: &instruction,
                candidate: &candidate,
                earlier: &earlier,
                rubric: Some(&rubric),
                case: &case,
                about: c.about.as_deref(),
            },
        );
        let e = counts.entry(c.split.clone()).or_default();
        if c.good {
            e[1] += 1;
            if let Err(why) = &verdict {
                e[0] += 1;
                wrong.push(format!(
                    "false alarm {} [{}] {}: {}",
                    c.id,
                    c.split,
                    c.family,
                    why.reason()
                ));
            }
        } else {
            e[3] += 1;
            if verdict.is_ok() {
                e[2] += 1;
                wrong.push(format!("miss {} [{}] {}", c.id, c.split, c.family));
            }
        }
    }
    (counts, wrong)
}

#[test]
fn the_guard_meets_its_targets_on_the_labelled_set() {
    let (counts, wrong) = measure();
    // Every split is there and holds replies of both kinds, or a bound below
    // could hold on nothing.
    assert!(counts.len() >= 2, "{counts:?}");
    for (split, [_, good, _, bad]) in &counts {
        assert!(
            *good >= 20 && *bad >= 20,
            "{split}: {good} good, {bad} bad replies"
        );
    }
    for w in &wrong {
        println!("{w}");
    }
    for (split, [fa, good, miss, bad]) in &counts {
        println!(
            "{split}: false alarms {fa}/{good} ({:.1}%), misses {miss}/{bad} ({:.1}%)",
            *fa as f64 * 100.0 / *good as f64,
            *miss as f64 * 100.0 / *bad as f64
        );
    }
    for (split, [fa, good, miss, bad]) in &counts {
        // Percent bounds on false alarms and misses. The synthetic sets are
        // held to the targets. The real replies are labelled strictly:
        // meaning shifts the guard cannot see ("label" asked as "identifier")
        // count as misses, so theirs are bounds that catch a regression.
        // `real2` (questions about the candidate's words) was tuned on once:
        // 15/77 false alarms and 17/58 misses before, 7/77 and 15/58 after.
        let (fa_max, miss_max) = match split.as_str() {
            "real" => (5, 40),
            "real2" => (10, 30),
            _ => (2, 5),
        };
        assert!(
            fa * 100 <= good * fa_max,
            "{split}: false alarms {fa}/{good}"
        );
        assert!(miss * 100 <= bad * miss_max, "{split}: misses {miss}/{bad}");
    }
}
