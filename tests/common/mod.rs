//! Shared by the integration tests and the benchmark: the golden transcripts,
//! polling, and a fake OpenAI-compatible server.

pub mod fake;

use std::path::{Path, PathBuf};

/// The golden and adversarial transcripts in `transcripts/golden/`.
#[allow(dead_code)]
pub const GOLDEN: [&str; 8] = [
    "strong",
    "synonyms",
    "average",
    "weak",
    "stuffed",
    "negated",
    "library-dump",
    "premature-streaming",
];

/// The path of a golden transcript.
#[allow(dead_code)]
pub fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transcripts/golden")
        .join(format!("{name}.jsonl"))
}

/// Calls `f` every 20 ms until it returns `Some`, for at most 20 seconds.
#[allow(dead_code)]
pub fn poll<T>(mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if std::time::Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
