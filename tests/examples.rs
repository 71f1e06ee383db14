//! The example transcripts shipped in `transcripts/` stay readable and complete.

use interviewer::transcript::{EndReason, store};
use interviewer::vocab::Phase;

#[test]
fn every_shipped_transcript_parses_and_names_a_known_scenario() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts");
    let prompts = interviewer::disk::prompt_set(None).unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let t = store::read(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.torn, None, "{}", path.display());
        assert!(
            prompts.scenario(&t.header.scenario).is_ok(),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn the_ad_click_example_is_a_whole_interview() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/example-ad-click.jsonl");
    let t = store::read(&path).unwrap();
    assert_eq!(t.end_reason(), Some(EndReason::Completed));
    assert_eq!(t.phases().last(), Some(&Phase::Done));
}
