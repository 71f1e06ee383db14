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
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
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

#[test]
fn dev() {
    let f = run("dev");
    assert!(f.scripts >= 30, "{} scripts", f.scripts);
}

#[test]
fn held() {
    let f = run("held");
    assert!(f.scripts >= 12, "{} scripts", f.scripts);
}
