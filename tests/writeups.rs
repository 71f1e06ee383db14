//! Written designs against a person's labels (issue 18): the grader must order
//! them as the labeller did, well above a naive phrase counter, and put each
//! label in its band. Two folders: `tests/data/writeups` (thirty designs
//! written for development) and `tests/data/writeups/real` (public write-ups by
//! people outside the project, labelled blind before any run; sources and
//! licences in `manifest-*.csv`). `cargo run --release --locked --example
//! agreement -- --each` prints the same figures per write-up.

use std::path::Path;

use interviewer::agreement::{self, Label, Measured};

fn measured(folder: &str, at_least: usize, each_label: usize) -> Measured {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let set = interviewer::writeups::labelled(&dir).unwrap();
    assert!(
        set.len() >= at_least,
        "{folder}: {} write-ups, fewer than {at_least}",
        set.len()
    );
    for l in Label::ALL {
        assert!(
            set.iter().filter(|w| w.label == l).count() >= each_label,
            "{folder}: fewer than {each_label} {} write-ups",
            l.name()
        );
    }
    let rubric = interviewer::disk::rubric(None, None).unwrap();
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let m = agreement::measure(&rubric, &prompts, &set);
    println!("{folder}\n{}", agreement::table(&m));
    m
}

#[test]
fn the_development_designs_are_ordered_like_their_labels() {
    let m = measured("tests/data/writeups", 30, 10);
    let share = agreement::pairwise(&m.grader).share();
    assert!(share >= 0.97, "{share:.3}");
}

/// The public write-ups: where the grader stands on text nobody wrote for it.
/// Issue 18's bar is 0.90 of pairs (what a second labeller, blind to the
/// first, reaches: `second-opinion.csv`) and 0.05 above the phrase counter;
/// the grader is at 0.839 against the counter's 0.726. These floors
/// hold what has been reached, so a change that loses ground fails.
#[test]
fn public_designs_hold_their_floor_and_no_weak_one_reaches_hire() {
    let m = measured("tests/data/writeups/real", 50, 3);
    let grader = agreement::pairwise(&m.grader).share();
    assert!(grader >= 0.82, "{grader:.3}");
    assert!(agreement::spearman(&m.grader) >= 0.5);
    let naive = agreement::pairwise(&m.naive).share();
    assert!(
        grader >= naive + 0.05,
        "grader {grader:.3}, phrase counter {naive:.3}"
    );
    for s in m.grader.iter().filter(|s| s.label == Label::Weak) {
        assert!(
            !["hire", "strong_hire"].contains(&s.verdict.as_str()),
            "a weak design graded {}",
            s.verdict
        );
    }
    let medium_in_band = agreement::in_band(&m.grader)[1];
    assert!(
        medium_in_band.1 * 100 >= medium_in_band.2 * 80,
        "{medium_in_band:?}"
    );
}

/// The second labeller's agreement with the first: the ceiling the bar is
/// set from, measured, not assumed.
#[test]
fn a_second_blind_labeller_orders_the_public_designs_like_the_first() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/writeups/real");
    let set = interviewer::writeups::labelled(&dir).unwrap();
    let second = interviewer::writeups::second_opinion(&dir)
        .unwrap()
        .unwrap();
    let pairs: Vec<(Label, Label)> = set
        .iter()
        .map(|w| {
            let l = second.get(&w.file);
            (
                w.label,
                *l.unwrap_or_else(|| panic!("{} has no second label", w.file)),
            )
        })
        .collect();
    let (same, kappa) = agreement::between_labellers(&pairs);
    println!("second labeller: same label {same:.3}, kappa {kappa:.3}");
    assert!(kappa >= 0.6, "{kappa:.3}");
}

/// Notes written by a helper who never read the grader, to game a written
/// grade (`tests/data/writeups/attacks/README.md`): no attack may reach hire,
/// and the genuine designs among them must stand above the attacks.
#[test]
fn written_attacks_stay_at_lean_no_hire_or_below() {
    let m = measured("tests/data/writeups/attacks", 16, 0);
    for s in m.grader.iter().filter(|s| s.label == Label::Weak) {
        assert!(
            ["no_hire", "lean_no_hire"].contains(&s.verdict.as_str()),
            "an attack graded {} ({})",
            s.verdict,
            s.score
        );
    }
    let pairs = agreement::pairwise(&m.grader).share();
    assert!(
        pairs >= 0.85,
        "genuine designs above attacks on {pairs:.3} of pairs"
    );
}
