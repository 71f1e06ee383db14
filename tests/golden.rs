//! The golden and adversarial transcripts in `transcripts/golden/`: their ordering,
//! their verdicts, and snapshots of their reports in every format.

mod common;

use common::{GOLDEN, golden};

use interviewer::commands::grade::grade_file;
use interviewer::disk::rubric as load_rubric;
use interviewer::grade::view::View;
use interviewer::grade::{Report, render};
use interviewer::rubric::Rubric;

fn report(rubric: &Rubric, name: &str) -> Report {
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    grade_file(rubric, &prompts, &golden(name)).unwrap().0
}

fn rank(rubric: &Rubric, verdict: &str) -> usize {
    rubric.band_index(verdict).unwrap()
}

#[test]
fn strong_beats_average_beats_weak() {
    let rubric = load_rubric(None, None).unwrap();
    let (strong, average, weak) = (
        report(&rubric, "strong"),
        report(&rubric, "average"),
        report(&rubric, "weak"),
    );
    assert!(
        strong.score > average.score,
        "{} vs {}",
        strong.score,
        average.score
    );
    assert!(
        average.score > weak.score,
        "{} vs {}",
        average.score,
        weak.score
    );
    assert!(rank(&rubric, &strong.verdict) < rank(&rubric, &average.verdict));
    assert!(rank(&rubric, &average.verdict) <= rank(&rubric, &weak.verdict));
    assert!(rank(&rubric, &strong.verdict) <= rank(&rubric, "hire"));
}

#[test]
fn gaming_attempts_land_at_lean_no_hire_or_below() {
    let rubric = load_rubric(None, None).unwrap();
    for name in ["stuffed", "negated", "library-dump"] {
        let r = report(&rubric, name);
        assert!(
            rank(&rubric, &r.verdict) >= rank(&rubric, "lean_no_hire"),
            "{name}: {} {}",
            r.score,
            r.verdict
        );
        assert!(
            r.score < report(&rubric, "average").score,
            "{name} must not beat an honest average answer"
        );
    }
}

#[test]
fn each_gaming_attempt_is_caught_by_its_own_rule() {
    let rubric = load_rubric(None, None).unwrap();
    let found = |name: &str, id: &str| {
        report(&rubric, name)
            .anti_patterns
            .iter()
            .any(|f| f.id == id)
    };
    assert!(found("stuffed", "keyword_stuffing"));
    assert!(found("library-dump", "bare_tool_list"));
    assert!(found("premature-streaming", "premature_streaming"));
    assert!(found("weak", "runtime_without_budget"));
    let negated = report(&rubric, "negated");
    let negated_misses = negated
        .criteria
        .iter()
        .flat_map(|c| &c.near_misses)
        .filter(|m| m.why == "mentioned, but negated")
        .count();
    assert!(
        negated_misses >= 8,
        "the negated answer's mentions are reported as near misses ({negated_misses})"
    );
}

#[test]
fn premature_streaming_costs_against_an_otherwise_similar_answer() {
    let rubric = load_rubric(None, None).unwrap();
    let r = report(&rubric, "premature-streaming");
    let penalty = r
        .anti_patterns
        .iter()
        .find(|f| f.id == "premature_streaming")
        .map(|f| f.penalty);
    assert_eq!(penalty, Some(8));
    assert!(rank(&rubric, &r.verdict) >= rank(&rubric, "lean_no_hire"));
}

#[test]
fn synonym_answer_lands_within_one_band_of_the_strong_one() {
    let rubric = load_rubric(None, None).unwrap();
    let strong = rank(&rubric, &report(&rubric, "strong").verdict);
    let synonyms = rank(&rubric, &report(&rubric, "synonyms").verdict);
    assert!(
        synonyms.abs_diff(strong) <= 1,
        "strong band {strong}, synonyms band {synonyms}"
    );
}

#[test]
fn reports_are_byte_identical_on_every_run() {
    let rubric = load_rubric(None, None).unwrap();
    let first = render::json_pretty(&report(&rubric, "strong"));
    for _ in 0..20 {
        assert_eq!(render::json_pretty(&report(&rubric, "strong")), first);
    }
}

/// What a grade decided, one line per fact: the score and verdict, each
/// dimension, each criterion with its status, points and the turns whose words
/// earned it (or nearly did), anti-patterns, mistakes and voided sentences. The
/// quotes and messages behind them are the renderers' business, pinned once
/// below; this is what a change to the grader moves.
fn decided(r: &Report) -> String {
    use std::fmt::Write as _;
    let seqs = |v: Vec<u64>| v.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let mut o = format!("{} {}", r.score, r.verdict);
    if !r.capped_by.is_empty() {
        let _ = write!(o, " capped by {}", r.capped_by.join("; "));
    }
    o.push('\n');
    for d in &r.dimensions {
        let _ = writeln!(o, "  dimension {} {}", d.id, d.score);
    }
    for c in &r.criteria {
        let _ = write!(o, "  {} {:?} {}/{}", c.id, c.status, c.earned, c.points);
        if !c.evidence.is_empty() {
            let _ = write!(
                o,
                " earned@{}",
                seqs(c.evidence.iter().map(|e| e.seq).collect())
            );
        }
        if !c.near_misses.is_empty() {
            let _ = write!(
                o,
                " near@{}",
                seqs(c.near_misses.iter().map(|m| m.seq).collect())
            );
        }
        o.push('\n');
    }
    for f in &r.anti_patterns {
        let _ = writeln!(o, "  anti-pattern {} x{} -{}", f.id, f.count, f.penalty);
    }
    for m in &r.mistakes {
        let _ = writeln!(
            o,
            "  mistake {} @{} undoes {}",
            m.id,
            m.evidence.seq,
            m.criteria.join(",")
        );
    }
    if !r.voided.is_empty() {
        let _ = writeln!(
            o,
            "  voided@{}",
            seqs(r.voided.iter().map(|v| v.seq).collect())
        );
    }
    o
}

#[test]
fn what_each_golden_grade_decided_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    let all: String = GOLDEN
        .iter()
        .map(|name| format!("{name}: {}", decided(&report(&rubric, name))))
        .collect();
    assert!(GOLDEN.len() >= 8, "the golden set is there");
    insta::assert_snapshot!("decided", all);
}

#[test]
fn the_json_report_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    insta::assert_snapshot!("json_weak", render::json_pretty(&report(&rubric, "weak")));
}

#[test]
fn text_and_markdown_reports_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    for name in ["average"] {
        let r = report(&rubric, name);
        insta::assert_snapshot!(
            format!("text_{name}"),
            render::text(&View::new(&r), render::Style { color: false })
        );
        insta::assert_snapshot!(
            format!("md_{name}"),
            interviewer::grade::markdown::markdown(&View::new(&r))
        );
    }
}

#[test]
fn junit_report_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    let reports: Vec<Report> = ["weak", "library-dump"]
        .iter()
        .map(|n| report(&rubric, n))
        .collect();
    insta::assert_snapshot!("junit_two_transcripts", render::junit(&reports));
}

#[test]
fn debrief_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    insta::assert_snapshot!(
        "debrief_average",
        render::debrief(&View::new(&report(&rubric, "average")))
    );
}

// ─── The development set ─────────────────────────────────────────────────────────────
// transcripts/golden/dev: answer scripts written blind (without reading the grader),
// each labelled with the band range an interviewer would give it, a family (strong,
// plain, terse, average, weak, and every attack), and a split: `tune` (used while
// tuning the rules) or `held` (kept back). `dev/labels.csv` holds the labels.

const BANDS: [&str; 4] = ["no_hire", "lean_no_hire", "hire", "strong_hire"];

/// Families that are genuinely strong answers, in any wording.
const STRONG: [&str; 3] = ["strong", "plain", "terse"];

/// Families written for the levels (docs/levels.md); tests/levels.rs checks them.
const LEVELLED: [&str; 3] = ["mid", "senior", "staff"];

/// Families that try to game the grader.
const ATTACKS: [&str; 9] = [
    "vocab",
    "nonsense",
    "undermine",
    "wrong",
    "echo",
    "notes",
    "stuffing",
    "negated",
    "recital",
];

struct Labelled {
    name: String,
    family: String,
    min: usize,
    max: usize,
    held: bool,
}

fn band(name: &str) -> usize {
    BANDS.iter().position(|b| *b == name).unwrap()
}

fn labelled() -> Vec<Labelled> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/golden/dev/labels.csv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.splitn(7, ',').collect();
            Labelled {
                name: f[0].into(),
                family: f[2].into(),
                min: band(f[3]),
                max: band(f[4]),
                held: f[5] == "held",
            }
        })
        .collect()
}

fn dev_reports() -> Vec<(Labelled, Report)> {
    let rubric = load_rubric(None, None).unwrap();
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let labels = labelled();
    // An empty or truncated labels file would make every test below pass on nothing.
    assert!(labels.len() >= 60, "only {} labelled scripts", labels.len());
    labels
        .into_iter()
        .map(|l| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("transcripts/golden/dev")
                .join(format!("{}.jsonl", l.name));
            let r = grade_file(&rubric, &prompts, &path).unwrap().0;
            (l, r)
        })
        .collect()
}

#[test]
fn strong_answers_in_every_wording_grade_hire_or_above() {
    for (l, r) in dev_reports() {
        if STRONG.contains(&l.family.as_str()) {
            assert!(
                band(&r.verdict) >= band("hire"),
                "{} ({}): {} {}",
                l.name,
                l.family,
                r.score,
                r.verdict
            );
        }
    }
}

#[test]
fn every_attack_family_lands_at_lean_no_hire_or_below() {
    for (l, r) in dev_reports() {
        if ATTACKS.contains(&l.family.as_str()) {
            assert!(
                band(&r.verdict) <= band("lean_no_hire"),
                "{} ({}): {} {}",
                l.name,
                l.family,
                r.score,
                r.verdict
            );
        }
    }
}

#[test]
fn each_attack_is_caught_and_named_by_its_own_rule() {
    let attacks: Vec<(Labelled, Report)> = dev_reports()
        .into_iter()
        .filter(|(l, _)| ATTACKS.contains(&l.family.as_str()))
        .collect();
    assert!(attacks.len() >= 30, "only {} attack scripts", attacks.len());
    for (l, r) in attacks {
        let found = |id: &str| r.anti_patterns.iter().any(|f| f.id == id);
        let voided = |why: &str| r.voided.iter().any(|v| v.why.contains(why));
        let near = |why: &str| {
            r.criteria
                .iter()
                .flat_map(|c| &c.near_misses)
                .any(|m| m.why.contains(why))
        };
        let caught = match l.family.as_str() {
            "vocab" => voided("hedged") || near("no mechanism"),
            "nonsense" => found("bogus_reason"),
            "undermine" => !r.mistakes.is_empty(),
            "wrong" => r.scenario_fit.as_ref().is_some_and(|f| f.off_scenario),
            "echo" => voided("repeats the interviewer") || near("repeats the interviewer"),
            "notes" => found("note_to_the_grader"),
            "stuffing" => found("keyword_stuffing") || found("bare_tool_list"),
            "negated" => near("negated"),
            "recital" => found("rubric_recital"),
            "foreign" => r
                .language
                .as_ref()
                .is_some_and(|x| x.note.contains("reads English")),
            other => panic!("attack family {other} has no rule to be caught by"),
        };
        assert!(
            caught,
            "{} ({}) was not caught by its rule: {}",
            l.name, l.family, r.score
        );
    }
}

/// In-band share of the development set, tuned and held back, as the README's
/// table shows it: `cargo test --test golden development_set -- --nocapture`.
#[test]
fn development_set_agreement_with_its_labels() {
    // The levelled scripts (mid, senior and staff answers written for the
    // levels) are held to their band at every level in tests/levels.rs.
    let reports: Vec<(Labelled, Report)> = dev_reports()
        .into_iter()
        .filter(|(l, _)| !LEVELLED.contains(&l.family.as_str()))
        .collect();
    let mut table = String::from(
        "| script | family | split | score | verdict | expected | in band |\n| --- | --- | --- | ---: | --- | --- | --- |\n",
    );
    let (mut tune, mut tune_ok, mut held, mut held_ok) = (0, 0, 0, 0);
    for (l, r) in &reports {
        let b = band(&r.verdict);
        let ok = l.min <= b && b <= l.max;
        if l.held {
            held += 1;
            held_ok += usize::from(ok);
        } else {
            tune += 1;
            tune_ok += usize::from(ok);
        }
        let expected = if l.min == l.max {
            BANDS[l.min].to_string()
        } else {
            format!("{}..{}", BANDS[l.min], BANDS[l.max])
        };
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            l.name,
            l.family,
            if l.held { "held" } else { "tune" },
            r.score,
            r.verdict,
            expected,
            if ok { "yes" } else { "no" }
        ));
    }
    println!("{table}");
    println!(
        "in band: tuned {tune_ok}/{tune} ({:.1}%), held back {held_ok}/{held} ({:.1}%)",
        tune_ok as f64 * 100.0 / tune as f64,
        held_ok as f64 * 100.0 / held as f64
    );
    assert!(tune_ok * 100 >= tune * 95, "tuned: {tune_ok}/{tune}");
    assert!(held_ok * 100 >= held * 90, "held back: {held_ok}/{held}");
}

#[test]
fn development_set_snapshot() {
    let mut out = String::new();
    for (l, r) in dev_reports() {
        let met: Vec<&str> = r
            .criteria
            .iter()
            .filter(|c| c.status != interviewer::grade::Status::Missed)
            .map(|c| c.id.as_str())
            .collect();
        out.push_str(&format!(
            "{} {} {}\n  earned: {}\n  anti-patterns: {}\n  mistakes: {}\n  language: {}  off-scenario: {}\n",
            l.name,
            r.score,
            r.verdict,
            met.join(" "),
            r.anti_patterns.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(" "),
            r.mistakes.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().join(" "),
            r.language.as_ref().map_or("en", |x| x.detected.as_str()),
            r.scenario_fit.as_ref().is_some_and(|f| f.off_scenario),
        ));
    }
    insta::assert_snapshot!("development_set", out);
}

// ─── The scenario library ────────────────────────────────────────────────────────────
// transcripts/golden/<case>-<band>.jsonl: a strong, an average and a weak answer
// script per case (answers/<case>-<band>.txt), played through the offline
// interviewer by regenerate.sh. Each case must order them, the strong one must earn
// hire or better and the weak one lean_no_hire or below.

/// The cases with library answers, and the bands each has.
const LIBRARY: [&str; 7] = [
    "assistant-retrieval",
    "delivery-eta",
    "harmful-content",
    "payment-fraud",
    "people-recommendation",
    "product-search",
    "push-notifications",
];
const LIBRARY_BANDS: [&str; 3] = ["strong", "average", "weak"];
/// The first three cases: the original golden set and the development set cover them.
const ORIGINAL_CASES: [&str; 3] = ["ad-click", "content-recommendation", "feed-ranking"];

fn library_report(rubric: &Rubric, case: &str, band: &str) -> Report {
    let r = report(rubric, &format!("{case}-{band}"));
    assert_eq!(
        r.transcript.scenario, case,
        "{case}-{band} plays its own case"
    );
    r
}

#[test]
fn every_shipped_case_has_library_answers() {
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let without: Vec<&str> = prompts
        .scenarios()
        .map(|s| s.id.as_str())
        .filter(|id| !LIBRARY.contains(id) && !ORIGINAL_CASES.contains(id))
        .collect();
    assert!(
        without.is_empty(),
        "cases without golden answers: {without:?}"
    );
}

#[test]
fn each_case_orders_strong_above_average_above_weak() {
    let rubric = load_rubric(None, None).unwrap();
    for case in LIBRARY {
        let [strong, average, weak] = LIBRARY_BANDS.map(|band| library_report(&rubric, case, band));
        assert!(
            strong.score > average.score && average.score > weak.score,
            "{case}: strong {} average {} weak {}",
            strong.score,
            average.score,
            weak.score
        );
    }
}

#[test]
fn each_case_grades_its_strong_answer_hire_and_its_weak_answer_lean_no_hire_or_below() {
    let rubric = load_rubric(None, None).unwrap();
    for case in LIBRARY {
        let strong = library_report(&rubric, case, "strong");
        assert!(
            rank(&rubric, &strong.verdict) <= rank(&rubric, "hire"),
            "{case} strong: {} {}",
            strong.score,
            strong.verdict
        );
        assert!(
            strong.mistakes.is_empty(),
            "{case} strong is charged with mistakes it did not make: {:?}",
            strong.mistakes
        );
        let weak = library_report(&rubric, case, "weak");
        assert!(
            rank(&rubric, &weak.verdict) >= rank(&rubric, "lean_no_hire"),
            "{case} weak: {} {}",
            weak.score,
            weak.verdict
        );
    }
}

/// The library's scores, one line per case and band:
/// `cargo test --test golden library -- --nocapture` prints them too.
#[test]
fn library_scores_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    let mut out = String::new();
    for case in LIBRARY {
        for band in LIBRARY_BANDS {
            let r = library_report(&rubric, case, band);
            out.push_str(&format!(
                "{case:<22} {band:<8} {:>5} {}\n",
                r.score.to_string(),
                r.verdict
            ));
        }
    }
    println!("{out}");
    insta::assert_snapshot!("library_scores", out);
}
