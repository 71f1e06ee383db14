//! How far the grader agrees with a person's labels on folders of labelled
//! write-ups, beside a naive phrase counter: pairwise agreement, Spearman's
//! correlation and the verdicts by label. Offline; the same input prints the
//! same table.
//!
//!   cargo run --release --locked --example agreement -- [--each] [DIR...]
//!
//! DIR defaults to `tests/data/writeups/real` (public write-ups, labelled
//! blind) and `tests/data/writeups` (the development set). `--each` adds a
//! line per write-up: label, score, verdict, baseline count.

use std::path::PathBuf;
use std::process::ExitCode;

use interviewer::agreement;

fn main() -> ExitCode {
    let mut each = false;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--each" => each = true,
            "-h" | "--help" => {
                eprintln!("usage: agreement [--each] [DIR...]");
                return ExitCode::SUCCESS;
            }
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    if dirs.is_empty() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        dirs = vec![
            root.join("tests/data/writeups/real"),
            root.join("tests/data/writeups"),
        ];
    }
    let (rubric, prompts) = match (
        interviewer::disk::rubric(None, None),
        interviewer::disk::prompt_set(None),
    ) {
        (Ok(r), Ok(p)) => (r, p),
        (Err(e), _) => return fail(&e.to_string()),
        (_, Err(e)) => return fail(&e.to_string()),
    };
    for dir in &dirs {
        let set = match interviewer::writeups::labelled(dir) {
            Ok(s) => s,
            Err(e) => return fail(&e.to_string()),
        };
        let m = agreement::measure(&rubric, &prompts, &set);
        println!("## {}\n", dir.display());
        print!("{}", agreement::table(&m));
        match interviewer::writeups::second_opinion(dir) {
            Ok(Some(second)) => second_labeller(&set, &second),
            Ok(None) => {}
            Err(e) => return fail(&e.to_string()),
        }
        if each {
            println!();
            for ((w, g), n) in set.iter().zip(&m.grader).zip(&m.naive) {
                println!(
                    "{:<6} {:>5.1} {:<12} naive {:>3}  {}",
                    w.label.name(),
                    g.score,
                    g.verdict,
                    n.score,
                    w.file
                );
            }
        }
        println!();
    }
    ExitCode::SUCCESS
}

/// How a second person's labels agree with the first's: the ceiling a
/// grader can be asked to reach.
fn second_labeller(
    set: &[agreement::Labelled],
    second: &std::collections::BTreeMap<String, agreement::Label>,
) {
    let pairs: Vec<(agreement::Label, agreement::Label)> = set
        .iter()
        .filter_map(|w| second.get(&w.file).map(|l| (w.label, *l)))
        .collect();
    let as_scores: Vec<agreement::Scored> = pairs
        .iter()
        .map(|(a, b)| agreement::Scored {
            label: *a,
            score: f64::from(*b as u8),
            verdict: String::new(),
        })
        .collect();
    let (same, kappa) = agreement::between_labellers(&pairs);
    println!(
        "\nA second labeller, blind to the first, on {} of them: the same label on {:.3}, \
         Cohen's kappa {:.3}, pairs ordered like the first labels {:.3}.",
        pairs.len(),
        same,
        kappa,
        agreement::pairwise(&as_scores).share()
    );
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {}", interviewer::sanitize::for_terminal(message));
    ExitCode::from(2)
}
