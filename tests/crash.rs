//! Crash consistency: a session killed at any record boundary, or in the middle
//! of writing any record, leaves a transcript that replays, grades and resumes
//! to a valid end.
//!
//! Every record is written and fsynced before the next one starts, so what a
//! SIGKILL can leave on disk is exactly a prefix of the finished file: whole
//! records, possibly followed by part of the next line. The test builds every
//! such prefix of a real scripted session (each record boundary, and half-way
//! through each record) and runs `replay`, `grade` and `resume` on each.

mod common;

use std::path::Path;

use common::{interviewer, run_with_stdin};
use interviewer::transcript::{EndReason, store};

fn answers() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/answers/ad-click.txt"),
    )
    .unwrap()
}

fn resume(home: &Path, file: &Path) -> std::process::Output {
    run_with_stdin(
        interviewer(home).arg("resume").arg(file).arg("--offline"),
        &answers(),
    )
}

#[test]
fn every_prefix_a_kill_can_leave_replays_grades_and_resumes() {
    let home = tempfile::tempdir().unwrap();
    let first = run_with_stdin(
        interviewer(home.path()).args(["--offline", "-s", "ad-click"]),
        &answers(),
    );
    assert!(first.status.success());
    let full_path = common::transcript_in(&home.path().join("transcripts"));
    let full = std::fs::read(&full_path).unwrap();
    let name = full_path.file_name().unwrap().to_owned();
    let ends: Vec<usize> = full
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    let mut cuts = Vec::new();
    for (k, &end) in ends.iter().enumerate() {
        cuts.push((end, true));
        // Half-way through the next record.
        if let Some(&next) = ends.get(k + 1) {
            cuts.push((end + (next - end) / 2, false));
        }
    }
    let mut checked = 0;
    for (cut, whole) in cuts {
        let case = tempfile::tempdir().unwrap();
        let dir = case.path().join("transcripts");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(&name);
        let prefix = &full[..cut];
        std::fs::write(&file, prefix).unwrap();
        let label = format!(
            "cut at byte {cut} of {} ({})",
            full.len(),
            if whole {
                "record boundary"
            } else {
                "mid-record"
            }
        );

        let replay = interviewer(case.path())
            .arg("replay")
            .arg(&file)
            .output()
            .unwrap();
        assert!(replay.status.success(), "replay, {label}: {replay:?}");
        let grade = interviewer(case.path())
            .arg("grade")
            .arg(&file)
            .output()
            .unwrap();
        assert!(grade.status.success(), "grade, {label}: {grade:?}");

        let before = store::read(&file).unwrap();
        let complete = before.end_reason() == Some(EndReason::Completed);
        let out = resume(case.path(), &file);
        let after =
            store::read(&file).unwrap_or_else(|e| panic!("resume broke the file, {label}: {e}"));
        if complete {
            assert_eq!(out.status.code(), Some(1), "already complete, {label}");
            assert_eq!(
                std::fs::read(&file).unwrap(),
                prefix,
                "nothing changed, {label}"
            );
        } else {
            assert!(out.status.success(), "resume, {label}: {out:?}");
            assert_eq!(
                after.end_reason(),
                Some(EndReason::Completed),
                "resume finishes the round, {label}"
            );
            // Every whole record that survived the kill is still there, as it was.
            let kept = prefix
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            assert_eq!(
                &std::fs::read(&file).unwrap()[..kept],
                &prefix[..kept],
                "{label}"
            );
            assert!(
                file.with_extension("grade.json").is_file(),
                "graded, {label}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 2 * ends.len() - 1, "{checked} cuts");
    eprintln!(
        "crash consistency: {checked} cuts of a {}-record session, 3 commands each",
        ends.len()
    );
}
