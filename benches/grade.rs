//! Grading speed: compiling the rubric, grading one 20 KB transcript, grading a
//! directory of 1,000 transcripts from disk (read, parse, grade), as `grade DIR` does,
//! and grading every public write-up as one long written design.
//!
//! Run on one core, as the targets are stated: `taskset -c 0 cargo bench --bench grade`.

use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

use common::{GOLDEN, golden};
use criterion::{Criterion, criterion_group, criterion_main};
use interviewer::commands::grade::grade_file;
use interviewer::grade::{Input, Mode, grade};
use interviewer::prompts::PromptFiles;
use interviewer::rubric::{RUBRIC_FILE, Rubric};
use interviewer::transcript::{Role, Turn, store};

/// The strong golden transcript's turns, repeated until the candidate's text is 20 KB.
fn twenty_kb() -> Vec<Turn> {
    let base: Vec<Turn> = store::read(&golden("strong"))
        .unwrap()
        .turns()
        .cloned()
        .collect();
    let mut turns = Vec::new();
    let mut bytes = 0;
    let mut seq = 1;
    while bytes < 20 * 1024 {
        for t in &base {
            let mut t = t.clone();
            t.seq = seq;
            seq += 1;
            if t.role == Role::Candidate {
                bytes += t.text.len();
            }
            turns.push(t);
        }
    }
    turns
}

fn benches(c: &mut Criterion) {
    let file = PromptFiles::embedded().get(RUBRIC_FILE).unwrap().clone();
    c.bench_function("compile rubric", |b| {
        b.iter(|| Rubric::compile(black_box(&file)).unwrap())
    });

    let rubric = Rubric::compile(&file).unwrap();
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let facts = prompts.facts("ad-click").cloned();
    let turns = twenty_kb();
    let candidate_bytes: usize = turns
        .iter()
        .filter(|t| t.role == Role::Candidate)
        .map(|t| t.text.len())
        .sum();
    c.bench_function(
        &format!("grade a {} KB transcript", candidate_bytes / 1024),
        |b| {
            b.iter(|| {
                grade(
                    black_box(&rubric),
                    &Input {
                        session: "s",
                        scenario: "ad-click",
                        facts: facts.as_ref(),
                        turns: black_box(&turns),
                        mode: Mode::Interview,
                    },
                )
            })
        },
    );

    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = (0..1000)
        .map(|i| {
            let path = dir.path().join(format!("{i:04}.jsonl"));
            std::fs::copy(golden(GOLDEN[i % GOLDEN.len()]), &path).unwrap();
            path
        })
        .collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("read, parse and grade 1,000 transcripts", |b| {
        b.iter(|| {
            for p in &paths {
                black_box(grade_file(&rubric, &prompts, p).unwrap());
            }
        })
    });
    // Every public write-up as one long note: a written design is read
    // whole, so what grows with its length (joining wrapped lines, counting
    // reasoned sentences) must grow no faster than the text.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/writeups/real");
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md"))
        .collect();
    names.sort();
    let note: String = names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n");
    group.bench_function(
        format!("grade one {} KB written design", note.len() / 1024),
        |b| {
            b.iter(|| interviewer::grade::grade_written(&rubric, None, "", black_box(&note), "all"))
        },
    );
    group.finish();
}

criterion_group!(grading, benches);
criterion_main!(grading);
