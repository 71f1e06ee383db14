//! Token counting for the context budget: building the cl100k encoder (done once
//! per process, off the critical path) and counting a 20 KB transcript.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
mod common;

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokenizer");
    group.sample_size(10);
    group.bench_function("build cl100k_base", |b| {
        b.iter(|| tiktoken_rs::cl100k_base().unwrap())
    });
    group.finish();

    let text = std::fs::read_to_string(common::golden("strong")).unwrap();
    let mut twenty_kb = String::new();
    while twenty_kb.len() < 20 * 1024 {
        twenty_kb.push_str(&text);
    }
    twenty_kb.truncate(20 * 1024);
    interviewer::llm::context::tokens("warm up");
    c.bench_function("count a 20 KB transcript", |b| {
        b.iter(|| interviewer::llm::context::tokens(black_box(&twenty_kb)))
    });
}

criterion_group!(tokenizer, benches);
criterion_main!(tokenizer);
