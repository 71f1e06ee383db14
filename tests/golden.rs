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

#[test]
fn json_reports_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    for name in GOLDEN {
        insta::assert_snapshot!(
            format!("json_{name}"),
            render::json_pretty(&report(&rubric, name))
        );
    }
}

#[test]
fn text_and_markdown_reports_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    for name in ["strong", "average", "negated"] {
        let r = report(&rubric, name);
        insta::assert_snapshot!(
            format!("text_{name}"),
            render::text(&View::new(&r), render::Style { color: false })
        );
        insta::assert_snapshot!(format!("md_{name}"), render::markdown(&View::new(&r)));
    }
}

#[test]
fn junit_report_snapshot() {
    let rubric = load_rubric(None, None).unwrap();
    let reports: Vec<Report> = ["average", "library-dump"]
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
