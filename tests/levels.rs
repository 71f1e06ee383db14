//! Levels: the same answers judged as for a mid-level, senior or staff
//! engineer. The development set's scripts carry an expected band range per
//! level (`transcripts/golden/dev/levels.csv`, written by a labeller who had not
//! read the grader, before the levels were built); each level's bands must hold
//! on at least 90 % of them. The table:
//! `cargo test --test levels -- --nocapture`.

mod common;

use interviewer::commands::grade::grade_file_at;
use interviewer::disk::rubric as load_rubric;
use interviewer::grade::Report;

/// Every band a label may name, lowest first; the rubric's bands are a subset.
const BANDS: [&str; 5] = [
    "no_hire",
    "lean_no_hire",
    "lean_hire",
    "hire",
    "strong_hire",
];
const LEVELS: [&str; 3] = ["mid", "senior", "staff"];

fn rank(band: &str) -> usize {
    BANDS
        .iter()
        .position(|b| *b == band)
        .unwrap_or_else(|| panic!("unknown band {band}"))
}

/// One script and its expected (min, max) rank per level.
struct Expected {
    name: String,
    ranges: [(usize, usize); 3],
}

fn expected() -> Vec<Expected> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/golden/dev/levels.csv");
    let out: Vec<Expected> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.splitn(8, ',').collect();
            let r = |i: usize| (rank(f[i]), rank(f[i + 1]));
            Expected {
                name: f[0].to_string(),
                ranges: [r(1), r(3), r(5)],
            }
        })
        .collect();
    assert!(
        out.len() >= 80,
        "only {} scripts labelled per level",
        out.len()
    );
    out
}

/// Each script graded at each level.
fn graded() -> Vec<(Expected, [Report; 3])> {
    let whole = load_rubric(None, None).unwrap();
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let rubrics: Vec<_> = LEVELS.iter().map(|l| whole.at_level(l).unwrap()).collect();
    expected()
        .into_iter()
        .map(|e| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("transcripts/golden/dev")
                .join(format!("{}.jsonl", e.name));
            let at = |i: usize| grade_file_at(&rubrics[i], &prompts, &path, true).unwrap().0;
            let reports = [at(0), at(1), at(2)];
            (e, reports)
        })
        .collect()
}

#[test]
fn every_levels_bands_hold_on_nine_in_ten_scripts() {
    let all = graded();
    let mut table = String::from("| script | mid | senior | staff |\n| --- | --- | --- | --- |\n");
    let mut held = [0usize; 3];
    for (e, reports) in &all {
        let cells: Vec<String> = (0..3)
            .map(|i| {
                let r = &reports[i];
                let (lo, hi) = e.ranges[i];
                let ok = (lo..=hi).contains(&rank(&r.verdict));
                held[i] += usize::from(ok);
                format!(
                    "{} {}{}",
                    r.score,
                    r.verdict,
                    if ok {
                        String::new()
                    } else {
                        format!(" (expected {}..{})", BANDS[lo], BANDS[hi])
                    }
                )
            })
            .collect();
        table.push_str(&format!("| {} | {} |\n", e.name, cells.join(" | ")));
    }
    println!("{table}");
    let n = all.len();
    for (i, level) in LEVELS.iter().enumerate() {
        println!(
            "{level}: {}/{n} in their expected band ({:.1}%)",
            held[i],
            held[i] as f64 * 100.0 / n as f64
        );
    }
    for (i, level) in LEVELS.iter().enumerate() {
        assert!(held[i] * 100 >= n * 90, "{level}: {}/{n}", held[i]);
    }
}

#[test]
fn a_strong_senior_answer_is_hire_at_senior_strong_hire_at_mid_and_below_hire_at_staff() {
    for (e, reports) in graded() {
        if !e.name.contains("-senior-") {
            continue;
        }
        let [mid, senior, staff] = reports;
        assert_eq!(
            mid.verdict, "strong_hire",
            "{} at mid: {}",
            e.name, mid.score
        );
        assert!(
            ["hire", "strong_hire"].contains(&senior.verdict.as_str()),
            "{} at senior: {} {}",
            e.name,
            senior.score,
            senior.verdict
        );
        assert!(
            rank(&staff.verdict) <= rank("lean_no_hire"),
            "{} at staff: {} {}",
            e.name,
            staff.score,
            staff.verdict
        );
        assert_eq!(staff.rubric.level, "staff");
    }
}
