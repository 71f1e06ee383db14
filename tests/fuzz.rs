//! Property-based fuzzing of every parser that reads bytes a server or a file
//! controls: the SSE parser, the chunk decoder, a `/models` answer, the
//! transcript reader and the grade file beside it, and the rubric and prompt
//! parsers. Each property asserts no panic and the documented
//! shape of the answer (events independent of how the bytes were split; errors
//! that are the parser's own error type, naming a line where they say they do).
//!
//! `cargo test` runs 2,000 cases per property (500 for the rubric and scenario
//! parsers, whose compile is heavier): 17,000 in all. A longer run sets
//! `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=100000 cargo test --release --test fuzz` (see the README).

use interviewer::llm::chunk;
use interviewer::llm::sse::{SseEvent, SseParser};
use interviewer::prompts::{PromptFile, PromptFiles, PromptSet};
use interviewer::rubric::{RUBRIC_FILE, Rubric};
use interviewer::transcript::Transcript;
use proptest::prelude::*;

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Feeds `bytes` to a parser in pieces cut at `cuts`, then finishes it.
fn sse_events(bytes: &[u8], cuts: &[usize]) -> Result<Vec<SseEvent>, String> {
    let mut p = SseParser::new();
    let mut events = Vec::new();
    let mut at = 0;
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.sort_unstable();
    for cut in points.into_iter().chain(std::iter::once(bytes.len())) {
        events.extend(p.push(&bytes[at..cut]).map_err(|e| e.to_string())?);
        at = cut;
    }
    events.extend(p.finish().map_err(|e| e.to_string())?);
    Ok(events)
}

/// Bytes that look like a server's stream: SSE fields, JSON fragments,
/// line ends of every kind, multi-byte characters and junk.
fn stream_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"data: ".to_vec()),
        Just(b"data:".to_vec()),
        Just(b": ping".to_vec()),
        Just(b"event: x".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"[DONE]".to_vec()),
        Just(
            br#"{"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}"#.to_vec()
        ),
        Just("é🚀".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..12),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A transcript this program wrote, as the reader's mutations start from.
fn golden_transcript() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/golden/average.jsonl"),
    )
    .unwrap()
}

/// A file's bytes mutated: a slice replaced, bytes flipped, or cut short.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    (
        0..len,
        0..len,
        proptest::collection::vec(any::<u8>(), 0..16),
        0u8..4,
    )
        .prop_map(move |(a, b, junk, how)| {
            let (lo, hi) = (a.min(b), a.max(b).min(lo_cap(a.min(b), len)));
            let mut out = base.clone();
            match how {
                0 => {
                    out.splice(lo..hi, junk);
                }
                1 => {
                    for (i, j) in junk.iter().enumerate() {
                        if let Some(x) = out.get_mut(lo + i) {
                            *x ^= j | 1;
                        }
                    }
                }
                2 => out.truncate(lo),
                _ => {
                    let line =
                        b"\n{\"type\":\"turn\",\"seq\":999999999999,\"role\":\"candidate\"}\n";
                    out.splice(lo..lo, line.iter().copied());
                }
            }
            out
        })
}

/// The end of a replaced slice: at most 64 bytes after its start.
fn lo_cap(lo: usize, len: usize) -> usize {
    (lo + 64).min(len)
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn sse_parser_never_panics_and_ignores_how_bytes_are_split(
        bytes in stream_bytes(),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let whole = sse_events(&bytes, &[]);
        let split = sse_events(&bytes, &cuts);
        prop_assert_eq!(whole, split);
    }

    #[test]
    fn sse_parser_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = sse_events(&bytes, &[7, 100]);
    }

    #[test]
    fn chunk_decoder_never_panics_on_any_event_data(data in ".{0,300}") {
        if let Err(e) = chunk::decode(&data) {
            prop_assert!(!e.reason.is_empty());
        }
    }

    #[test]
    fn chunk_decoder_never_panics_on_json_shaped_data(
        content in ".{0,40}",
        finish in prop_oneof![Just("null"), Just("\"stop\""), Just("\"length\""), Just("7"), Just("[]")],
        shape in 0u8..6,
    ) {
        let c = serde_json::to_string(&content).unwrap();
        let data = match shape {
            0 => format!(r#"{{"choices":[{{"index":0,"delta":{{"content":{c}}},"finish_reason":{finish}}}]}}"#),
            1 => format!(r#"{{"choices":[{{"delta":{{"reasoning_content":{c}}}}}],"usage":{finish}}}"#),
            2 => format!(r#"{{"error":{{"message":{c}}}}}"#),
            3 => format!(r#"{{"choices":{finish}}}"#),
            4 => format!(r#"{{"choices":[{{"delta":{c}}}]}}"#),
            _ => format!(r#"{{"choices":[{{"message":{{"content":{c}}},"finish_reason":{finish}}}]}}"#),
        };
        let _ = chunk::decode(&data);
    }

    #[test]
    fn a_models_answer_is_a_sorted_list_of_ids_or_nothing(text in prop_oneof![
        ".{0,200}",
        "[a-z0-9:._-]{0,12}".prop_map(|id| format!(r#"{{"object":"list","data":[{{"id":"{id}"}},{{"id":"a"}}]}}"#)),
        Just("<!doctype html><html><body>nginx</body></html>".to_string()),
        Just(r#"{"data":null}"#.to_string()),
    ]) {
        if let Some(ids) = interviewer::llm::client::model_ids(&text) {
            prop_assert!(ids.windows(2).all(|w| w[0] <= w[1]), "{:?}", ids);
            prop_assert!(text.trim_start().starts_with('{'), "{}", text);
        }
    }

    #[test]
    fn a_grade_file_beside_a_transcript_never_panics_whatever_it_holds(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("s.jsonl");
        std::fs::write(t.with_extension("grade.json"), &bytes).unwrap();
        let _ = interviewer::transcript::library::saved_grade(&t);
    }

    #[test]
    fn transcript_reader_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Transcript::parse(&bytes);
    }

    #[test]
    fn transcript_reader_on_mutated_transcripts_keeps_its_promises(bytes in mutated(golden_transcript())) {
        match Transcript::parse(&bytes) {
            Ok(t) => {
                let seqs: Vec<u64> = t.records.iter().map(|r| r.seq()).collect();
                prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{:?}", seqs);
            }
            Err(e) => {
                let said = e.to_string();
                prop_assert!(!said.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn rubric_parser_never_panics_on_mutated_rubrics(
        bytes in mutated(PromptFiles::embedded().get(RUBRIC_FILE).unwrap().text.clone().into_bytes()),
    ) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let file = PromptFile { origin: "rubric.toml".into(), text };
        if let Err(e) = Rubric::compile(&file) {
            prop_assert!(e.to_string().contains("rubric.toml"), "{}", e);
        }
    }

    #[test]
    fn prompt_parser_never_panics_on_mutated_scenarios(
        bytes in mutated(PromptFiles::embedded().get("scenarios/ad-click.toml").unwrap().text.clone().into_bytes()),
    ) {
        let mut files = PromptFiles::embedded();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        files.insert(
            "scenarios/ad-click.toml".into(),
            PromptFile { origin: "scenarios/ad-click.toml".into(), text },
        );
        if let Err(e) = PromptSet::from_files(files) {
            prop_assert!(e.to_string().contains("ad-click"), "{}", e);
        }
    }
}
