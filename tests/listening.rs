//! The interviewer quality check on the labelled candidate scripts: each is
//! played through the real state machine and running assessment, and the
//! questions are measured against labels written blind, before the first run
//! (tests/data/candidates/*/README.md). `dev` is the set the policy was built
//! on; `held` was written later by another helper and not tuned on.
//!
//!     cargo test --test listening -- --nocapture     # prints both tables

use std::path::Path;

use interviewer::backend::Scripted;
use interviewer::listen::Ear;
use interviewer::prompts::{PromptFiles, PromptSet};
use interviewer::rehearsal::measure::{Figures, measure};
use interviewer::rehearsal::{Candidate, play};
use interviewer::rubric::{RUBRIC_FILE, Rubric};

fn run(set: &str) -> Figures {
    let files = PromptFiles::embedded();
    let prompts = PromptSet::from_files(files.clone()).unwrap();
    let rubric = Rubric::compile(files.get(RUBRIC_FILE).unwrap()).unwrap();
    let ear = Ear::new(&prompts.listening);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/candidates")
        .join(set);
    let names = interviewer::disk::toml_files(&dir).unwrap();
    let mut total = Figures::default();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let c = Candidate::parse(&name, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let played = play(&c, &prompts, &rubric, &ear, &mut Scripted).unwrap();
        total.add(&measure(&c, &played, &rubric));
    }
    println!("── {set} ──\n{}", total.render());
    for n in &total.notes {
        println!("  {n}");
    }
    total
}

/// What must hold on any set: never a re-ask without quoting the candidate,
/// never a question twice, never a quote that is not the candidate's own
/// words, never the rubric's wording, and most follow-ups about what the
/// candidate said.
fn always(f: &Figures) {
    assert_eq!(f.repeated, 0, "a question asked twice");
    assert_eq!(f.bad_quotes, 0, "a quote that is not verbatim");
    assert_eq!(f.leaked, 0, "rubric text in a question");
    assert!(
        f.listening * 2 >= f.follow_ups,
        "only {} of {} follow-ups are about the candidate's words",
        f.listening,
        f.follow_ups
    );
}

/// The development set: the policy was built on it, so its figures are held
/// as they are now (a change that loses any of them fails). Two of the issue's
/// targets (every vague answer probed, every planted gap asked) are not met;
/// docs/listening.md says where.
#[test]
fn dev() {
    let f = run("dev");
    assert!(f.scripts >= 30, "{} scripts", f.scripts);
    always(&f);
    assert_eq!(f.re_asks, 0);
    // Covered topics asked again behind a quote of a named component: where
    // the grader missed what the labels call covered (9 of 415 today).
    assert!(
        f.bridged_re_asks <= 9,
        "{} behind a quote",
        f.bridged_re_asks
    );
    assert_eq!(
        f.unplanted_contradictions, 0,
        "a contradiction nobody planted"
    );
    assert!(f.contradictions >= 10 && f.contradictions_raised * 10 >= f.contradictions * 9);
    // 27 of 31 vague answers probed, 23 of 25 planted gaps asked today.
    assert!(f.vague >= 30 && f.vague_probed * 100 >= (f.vague - f.vague_out_of_budget) * 87);
    assert!(f.gaps >= 25 && f.gaps_asked * 100 >= f.gaps * 92);
}

/// The held-back set, written later and never tuned on: the bounds every set
/// must meet, and at most one re-ask.
#[test]
fn held() {
    let f = run("held");
    assert!(f.scripts >= 12, "{} scripts", f.scripts);
    always(&f);
    assert!(f.re_asks <= 1, "{} re-asks", f.re_asks);
    assert!(f.gaps >= 12 && f.gaps_asked * 2 >= f.gaps);
}

/// A set written blind and committed before its first run: its figures are
/// printed; held are the bounds every set must meet, no re-ask and no
/// contradiction nobody planted.
fn unseen(set: &str) {
    let f = run(set);
    assert!(f.scripts >= 15, "{} scripts", f.scripts);
    always(&f);
    assert_eq!(f.re_asks, 0);
    assert_eq!(
        f.unplanted_contradictions, 0,
        "a contradiction nobody planted"
    );
}

/// The fresh set, written after the policy was built: how the policy carries
/// over to people it was not built on.
#[test]
fn fresh() {
    unseen("fresh");
}

/// The second fresh set, written after the compound gap questions (its first
/// run raised 5 contradictions nobody planted, since fixed).
#[test]
fn fresh2() {
    unseen("fresh2");
}

/// The third fresh set, written on 2026-12-08 after the case's rules in words
/// were read (its first run raised 3 contradictions nobody planted, since
/// fixed: one machine's rate read as the peak, a hypothetical nightly job, a
/// data-completeness marker read as a label's window).
#[test]
fn fresh3() {
    unseen("fresh3");
}

/// The check itself can fail: a script whose labels say the candidate covered
/// every topic it is asked about counts each plain re-ask.
#[test]
fn the_check_counts_a_re_ask_and_a_repeat() {
    let files = PromptFiles::embedded();
    let prompts = PromptSet::from_files(files.clone()).unwrap();
    let rubric = Rubric::compile(files.get(RUBRIC_FILE).unwrap()).unwrap();
    let all: Vec<String> = rubric
        .criteria
        .iter()
        .map(|c| format!("{:?}", c.id))
        .collect();
    let text = format!(
        "scenario = \"ad-click\"\nstyle = \"test\"\n[[answers]]\nphase = \"scenario\"\ntext = \"ok\"\ncovers = [{}]\n",
        all.join(", ")
    );
    let c = Candidate::parse("covers-all.toml", &text).unwrap();
    let mut played = play(
        &c,
        &prompts,
        &rubric,
        &Ear::new(&prompts.listening),
        &mut Scripted,
    )
    .unwrap();
    let f = measure(&c, &played, &rubric);
    assert!(
        f.re_asks > 0,
        "the latency opening asks what the labels say was covered"
    );
    // The same question twice is counted.
    let asked = played
        .turns
        .iter()
        .position(|t| {
            t.role == interviewer::vocab::Role::Interviewer
                && t.kind == Some(interviewer::vocab::TurnKind::FollowUp)
        })
        .or_else(|| {
            played
                .turns
                .iter()
                .rposition(|t| t.role == interviewer::vocab::Role::Interviewer)
        })
        .unwrap();
    let again = played.turns[asked].clone();
    played.turns.push(again);
    played.answer_of.push(None);
    assert_eq!(measure(&c, &played, &rubric).repeated, 1);
}
