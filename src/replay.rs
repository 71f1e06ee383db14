//! A saved interview as the terminal replays it. Pure: a transcript (and,
//! optionally, which criteria each answer earned) in, timed text chunks out.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::sanitize::for_terminal;
use crate::transcript::{Record, Role, Transcript};
use crate::vocab::{AdvanceReason, Phase, mmss};
use crate::wrap::Wrapper;

/// A stop of the clock shorter than this is not worth a line.
const PAUSE_SHOWN: Duration = Duration::from_secs(60);

/// One piece of replay output and the moment of the round it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub at_ms: u64,
    pub text: String,
}

fn reason_note(reason: AdvanceReason) -> &'static str {
    match reason {
        AdvanceReason::Answers => "",
        AdvanceReason::PhaseTime => " (the phase's time was up)",
        AdvanceReason::RoundTime => " (the round's time was up)",
        AdvanceReason::Next => " (candidate typed /next)",
        AdvanceReason::End => " (candidate typed /end)",
    }
}

fn banner(phase: Phase, at_ms: u64, note: &str) -> String {
    format!(
        "\n── {} ── {}{note} ──\n",
        phase.title(),
        mmss(Duration::from_millis(at_ms))
    )
}

/// `label` then `text`, wrapped at word boundaries to `width` columns.
fn said(label: &str, text: &str, width: Option<usize>) -> String {
    let mut w = Wrapper::new(width, label.chars().count());
    let body = w.push(&for_terminal(text));
    format!("\n{label}{body}{}\n", w.finish())
}

/// The replay of `t`; `title` is the case's name when the prompts know it.
/// `earned` maps a candidate turn's `seq` to the criteria it
/// earned; pass an empty map to leave grades out. Turns wrap at word boundaries
/// to `width` columns (`None`: no wrapping, as for a pipe).
pub fn render(
    t: &Transcript,
    title: Option<&str>,
    earned: &BTreeMap<u64, Vec<String>>,
    width: Option<usize>,
) -> Vec<Chunk> {
    let mut out = vec![head(t, title)];
    let mut still = StillClock::default();
    for r in &t.records {
        out.extend(still.before(r));
        match r {
            Record::Header(_) => {}
            Record::Phase(p) => {
                if p.to != Phase::Done {
                    out.push(Chunk {
                        at_ms: p.elapsed_ms,
                        text: banner(p.to, p.elapsed_ms, reason_note(p.reason)),
                    });
                }
            }
            Record::Turn(turn) => out.push(Chunk {
                at_ms: turn.elapsed_ms,
                text: turn_text(turn, earned, width),
            }),
            Record::End(e) => out.push(Chunk {
                at_ms: e.elapsed_ms,
                text: format!(
                    "\n── ended: {} at {} ──\n",
                    e.reason.as_str(),
                    mmss(Duration::from_millis(e.elapsed_ms))
                ),
            }),
        }
    }
    if t.end_reason().is_none() {
        let at_ms = t.elapsed_ms();
        out.push(Chunk {
            at_ms,
            text: "\n── the session stopped without an end record (killed or crashed); `interviewer resume` continues it ──\n".into(),
        });
    }
    out
}

/// The replay's first lines: who, which case, when, and any torn tail.
fn head(t: &Transcript, title: Option<&str>) -> Chunk {
    let h = &t.header;
    let model = h
        .model
        .as_deref()
        .map_or(String::new(), |m| format!(" ({m})"));
    let case = match title {
        Some(t) => format!("{} ({})", for_terminal(t), for_terminal(&h.scenario)),
        None => for_terminal(&h.scenario),
    };
    let mut head = format!(
        "Replay of {} · {case} · {}{} · started {} · {}-minute round\n",
        for_terminal(&h.session),
        for_terminal(&h.backend),
        for_terminal(&model),
        for_terminal(&h.started_at),
        h.minutes
    );
    if let Some(torn) = &t.torn {
        head.push_str(&for_terminal(&torn.note("this transcript")));
        head.push('\n');
    }
    head.push_str(&banner(Phase::Scenario, 0, ""));
    Chunk {
        at_ms: 0,
        text: head,
    }
}

/// Where the clock stood still: after an end record (a resumed session), and
/// between two records whose wall-clock gap is a minute or more longer than
/// the round's clock moved (`/pause`, an answer past the idle cap, a killed
/// session picked up later).
#[derive(Default)]
struct StillClock {
    last: Option<(std::time::SystemTime, u64)>,
    ended: bool,
}

impl StillClock {
    /// The line to show before `r`, when the clock stood still before it.
    fn before(&mut self, r: &Record) -> Option<Chunk> {
        let mut shown = None;
        let (at, elapsed) = match r {
            Record::Header(_) => (None, 0),
            Record::Turn(x) => (Some(x.at.as_str()), x.elapsed_ms),
            Record::Phase(p) => (Some(p.at.as_str()), p.elapsed_ms),
            Record::End(e) => (Some(e.at.as_str()), e.elapsed_ms),
        };
        let wall = at.and_then(|a| humantime::parse_rfc3339_weak(a).ok());
        if !matches!(r, Record::Header(_)) {
            let away = match (self.last, wall) {
                (Some((w0, e0)), Some(w1)) => w1
                    .duration_since(w0)
                    .ok()
                    .map(|d| d.saturating_sub(Duration::from_millis(elapsed.saturating_sub(e0)))),
                _ => None,
            };
            if self.ended && !matches!(r, Record::End(_)) {
                let when = at.map_or(String::new(), |a| format!(" on {}", for_terminal(a)));
                let after = away
                    .filter(|d| *d >= Duration::from_secs(1))
                    .map_or(String::new(), |d| format!(", {} later", mmss(d)));
                shown = Some(Chunk {
                    at_ms: elapsed,
                    text: format!("\n── resumed{when}{after} ──\n"),
                });
            } else if let Some(d) = away.filter(|d| *d >= PAUSE_SHOWN) {
                shown = Some(Chunk {
                    at_ms: elapsed,
                    text: format!("\n── the clock stood still for {} ──\n", mmss(d)),
                });
            }
            self.ended = matches!(r, Record::End(_));
            if let Some(w) = wall {
                self.last = Some((w, elapsed));
            }
        }
        shown
    }
}

/// A turn as shown: who, when, the words wrapped, why it was asked, and the
/// criteria an answer earned.
fn turn_text(
    turn: &crate::transcript::Turn,
    earned: &BTreeMap<u64, Vec<String>>,
    width: Option<usize>,
) -> String {
    let clock = mmss(Duration::from_millis(turn.elapsed_ms));
    let mut text = match turn.role {
        Role::Interviewer if turn.kind == Some(crate::vocab::TurnKind::Hint) => {
            said(&format!("hint [{clock}]: "), &turn.text, width)
        }
        Role::Interviewer => said(&format!("interviewer [{clock}]: "), &turn.text, width),
        Role::Candidate if turn.skipped => {
            format!("\nyou [{clock}]: (skipped the question)\n")
        }
        Role::Candidate => said(&format!("you [{clock}]: "), &turn.text, width),
    };
    if let Some(why) = turn.intent.as_ref().and_then(|i| i.note()) {
        text.push_str(&format!("    ({})\n", for_terminal(&why)));
    }
    if turn.interrupted {
        text.push_str("    (this turn was cut off)\n");
    }
    if turn.role == Role::Candidate && !turn.skipped {
        if let Some(ids) = earned.get(&turn.seq) {
            text.push_str(&format!("    ✓ earned: {}\n", ids.join(", ")));
        }
    }
    text
}

/// Which criteria each candidate turn earned, from a report's evidence.
pub fn earned_by_turn(report: &crate::grade::Report) -> BTreeMap<u64, Vec<String>> {
    let mut map: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for c in &report.criteria {
        for e in &c.evidence {
            let ids = map.entry(e.seq).or_default();
            if !ids.contains(&c.id) {
                ids.push(c.id.clone());
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_wrap_at_word_boundaries_and_never_split_a_word() {
        let line = "word ".repeat(40);
        let text = said("you [1:00]: ", &line, Some(40));
        for l in text.lines().filter(|l| !l.is_empty()) {
            assert!(l.chars().count() <= 40, "{l:?}");
            assert!(
                l.trim_end()
                    .split(' ')
                    .all(|w| w.is_empty() || w == "word" || w == "you" || w.starts_with('[')),
                "a word was split: {l:?}"
            );
        }
        assert_eq!(said("a: ", "b c", None), "\na: b c\n");
    }

    #[test]
    fn a_follow_up_shows_its_move_and_the_words_it_is_about() {
        let header = r#"{"type":"header","schema":1,"tool":"interviewer","version":"0","session":"s","scenario":"ad-click","scenario_sha256":"a","prompts_sha256":"b","backend":"scripted","model":null,"base_url":null,"started_at":"2026-12-06T00:00:00Z","minutes":45}"#;
        let asked = r#"{"type":"turn","seq":2,"role":"interviewer","phase":"scenario","kind":"follow_up","text":"You said \"features in Redis, 10 ms\". What if Redis is slow?","at":"t","elapsed_ms":60000,"intent":{"move":"drill_down","targets":["serving_resilience"],"about":"features in Redis, 10 ms","claim":"component:redis"}}"#;
        let t = Transcript::parse(format!("{header}\n{asked}\n").as_bytes()).unwrap();
        let text: String = render(&t, None, &BTreeMap::new(), None)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert!(
            text.contains(
                "    (drill-down on: \"features in Redis, 10 ms\" [serving_resilience])\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_resumed_session_and_a_stopped_clock_are_marked() {
        let header = r#"{"type":"header","schema":1,"tool":"interviewer","version":"0","session":"s","scenario":"ad-click","scenario_sha256":"a","prompts_sha256":"b","backend":"scripted","model":null,"base_url":null,"started_at":"2026-12-06T10:00:00Z","minutes":45}"#;
        let turn = |seq: u64, at: &str, ms: u64| {
            format!(
                r#"{{"type":"turn","seq":{seq},"role":"candidate","phase":"scenario","text":"answer {seq}","at":"{at}","elapsed_ms":{ms}}}"#
            )
        };
        let lines = [
            header.to_string(),
            turn(1, "2026-12-06T10:01:00Z", 60_000),
            // Six minutes of wall clock, one of the round's: five stood still.
            turn(2, "2026-12-06T10:07:00Z", 120_000),
            r#"{"type":"end","seq":3,"reason":"quit","at":"2026-12-06T10:08:00Z","elapsed_ms":180000}"#.to_string(),
            turn(4, "2026-12-06T12:08:00Z", 200_000),
        ];
        let t = Transcript::parse(format!("{}\n", lines.join("\n")).as_bytes()).unwrap();
        let text: String = render(&t, None, &BTreeMap::new(), None)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert!(
            text.contains("── the clock stood still for 5:00 ──"),
            "{text}"
        );
        assert!(
            text.contains("── resumed on 2026-12-06T12:08:00Z, 119:40 later ──"),
            "{text}"
        );
        assert_eq!(text.matches("stood still").count(), 1, "{text}");
    }
}
