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

/// The interviewer binary with a clean environment: `home` as INTERVIEWER_HOME,
/// and an LLM base URL where nothing listens (loopback port 9), so no test
/// depends on a local server unless it passes its own.
#[allow(dead_code)]
pub fn interviewer(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_interviewer"));
    cmd.env_clear()
        .env("INTERVIEWER_HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("INTERVIEWER_BASE_URL", "http://127.0.0.1:9/v1");
    cmd
}

/// The one transcript (`.jsonl`) in `dir`, ignoring reports beside it.
#[allow(dead_code)]
pub fn transcript_in(dir: &Path) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().unwrap()
}

/// Runs `cmd` with `stdin` written to its input (then closed), capturing its
/// output. A process that exits before reading it all is fine.
#[allow(dead_code)]
pub fn run_with_stdin(cmd: &mut std::process::Command, stdin: &str) -> std::process::Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}
