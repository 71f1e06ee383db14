//! How well a model plays the interviewer, in figures: for each turn a model
//! phrased, whether it was shown as the model wrote it or replaced by the
//! prepared text (and why), how long until its first word and until the turn
//! was on screen (turns are judged whole, so that is the wait a candidate
//! sees), and how fast it wrote. `interviewer eval` collects the turns; this
//! module sums them per phase and renders the table. Pure.

use std::time::Duration;

use serde::Serialize;

use crate::vocab::{Phase, TurnKind};

/// One turn the model was asked to phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnStat {
    pub scenario: String,
    pub phase: Phase,
    pub kind: TurnKind,
    /// Why the prepared text was shown instead, if it was.
    pub replaced: Option<String>,
    /// From the request to the model's first word.
    pub first_text: Option<Duration>,
    /// From the request to the turn on screen.
    pub shown_after: Duration,
    /// Words (tokens) the model wrote.
    pub completion_tokens: Option<u64>,
    /// What the model wrote (shown, or replaced).
    pub model_text: Option<String>,
    /// The prepared text the model was asked to phrase.
    pub canonical: String,
    /// What the candidate had said, and the interviewer's earlier turns (as
    /// shown): what the guard judged the reply against.
    pub candidate: Vec<String>,
    pub earlier: Vec<String>,
}

/// One turn, as `eval --json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnRecord {
    pub scenario: String,
    pub phase: String,
    pub kind: String,
    pub replaced: Option<String>,
    pub canonical: String,
    pub model_text: Option<String>,
    pub candidate: Vec<String>,
    pub earlier: Vec<String>,
}

/// The figures of a group of turns (a phase, or all of them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub name: String,
    pub phrased: usize,
    pub as_written: usize,
    /// Of those shown as written, how many were the prepared text copied word for word.
    pub copied: usize,
    pub replaced: usize,
    /// Median seconds to the first word.
    pub first_text_s: Option<f64>,
    /// Median seconds until the turn was shown.
    pub shown_after_s: Option<f64>,
    /// Tokens written per second of writing (after the first word).
    pub tokens_per_s: Option<f64>,
}

/// Everything `eval` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub model: String,
    pub base_url: String,
    pub scenarios: Vec<String>,
    /// One row per phase that had phrased turns, in interview order.
    pub phases: Vec<Row>,
    pub overall: Row,
    /// Why each replaced turn was replaced: scenario, phase, kind of turn, reason.
    pub replacements: Vec<(String, String, String, String)>,
    /// Wall time of all the rounds, in seconds.
    pub wall_s: f64,
    /// Every phrased turn: what was asked for, what the model wrote, the verdict.
    pub turns: Vec<TurnRecord>,
}

impl Summary {
    /// Percent of phrased turns shown as the model wrote them.
    pub fn shown_share(&self) -> u32 {
        if self.overall.phrased == 0 {
            return 0;
        }
        (self.overall.as_written * 100 / self.overall.phrased) as u32
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// A text's words, lowercase, for telling a copy from a rephrasing.
fn normal(text: &str) -> String {
    crate::text::tokens_of(text).join(" ")
}

fn row(name: &str, turns: &[&TurnStat]) -> Row {
    let replaced = turns.iter().filter(|t| t.replaced.is_some()).count();
    let (tokens, writing) = turns
        .iter()
        .filter_map(|t| {
            let writing = t.shown_after.checked_sub(t.first_text?)?;
            Some((t.completion_tokens? as f64, writing.as_secs_f64()))
        })
        .fold((0.0, 0.0), |(a, b), (t, w)| (a + t, b + w));
    let copied = turns
        .iter()
        .filter(|t| {
            t.replaced.is_none()
                && t.model_text.as_deref().map(normal) == Some(normal(&t.canonical))
        })
        .count();
    Row {
        name: name.to_string(),
        phrased: turns.len(),
        as_written: turns.len() - replaced,
        copied,
        replaced,
        first_text_s: median(
            turns
                .iter()
                .filter_map(|t| Some(t.first_text?.as_secs_f64()))
                .collect(),
        ),
        shown_after_s: median(turns.iter().map(|t| t.shown_after.as_secs_f64()).collect()),
        tokens_per_s: (writing > 0.0).then(|| tokens / writing),
    }
}

/// Sums the turns per phase and overall.
pub fn summarize(
    model: &str,
    base_url: &str,
    scenarios: &[String],
    turns: &[TurnStat],
    wall: Duration,
) -> Summary {
    let phases = Phase::SPOKEN
        .iter()
        .filter_map(|p| {
            let of: Vec<&TurnStat> = turns.iter().filter(|t| t.phase == *p).collect();
            (!of.is_empty()).then(|| row(&p.to_string(), &of))
        })
        .collect();
    let all: Vec<&TurnStat> = turns.iter().collect();
    Summary {
        model: model.to_string(),
        base_url: base_url.to_string(),
        scenarios: scenarios.to_vec(),
        phases,
        overall: row("overall", &all),
        replacements: turns
            .iter()
            .filter_map(|t| {
                Some((
                    t.scenario.clone(),
                    t.phase.to_string(),
                    t.kind.label().to_string(),
                    t.replaced.clone()?,
                ))
            })
            .collect(),
        wall_s: wall.as_secs_f64(),
        turns: turns
            .iter()
            .map(|t| TurnRecord {
                scenario: t.scenario.clone(),
                phase: t.phase.to_string(),
                kind: t.kind.label().to_string(),
                replaced: t.replaced.clone(),
                canonical: t.canonical.clone(),
                model_text: t.model_text.clone(),
                candidate: t.candidate.clone(),
                earlier: t.earlier.clone(),
            })
            .collect(),
    }
}

fn secs(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |s| format!("{s:.1} s"))
}

/// The table, for a terminal or a README.
pub fn render(s: &Summary) -> String {
    let mut out = format!(
        "model {} at {} · {} · wall time {}\n\n",
        s.model,
        s.base_url,
        s.scenarios.join(", "),
        crate::vocab::mmss(Duration::from_secs_f64(s.wall_s.max(0.0)))
    );
    out.push_str(&format!(
        "{:<16} {:>7} {:>10} {:>7} {:>8} {:>11} {:>11} {:>8}\n",
        "phase",
        "phrased",
        "as written",
        "copied",
        "replaced",
        "first word",
        "shown after",
        "tokens/s"
    ));
    for r in s.phases.iter().chain(std::iter::once(&s.overall)) {
        out.push_str(&format!(
            "{:<16} {:>7} {:>10} {:>7} {:>8} {:>11} {:>11} {:>8}\n",
            r.name,
            r.phrased,
            r.as_written,
            r.copied,
            r.replaced,
            secs(r.first_text_s),
            secs(r.shown_after_s),
            r.tokens_per_s
                .map_or("—".to_string(), |t| format!("{t:.1}"))
        ));
    }
    out.push_str(&format!(
        "\nshown as the model wrote them: {}% of {} phrased turns ({} of them copies of the prepared text)\n",
        s.shown_share(),
        s.overall.phrased,
        s.overall.copied
    ));
    if !s.replacements.is_empty() {
        out.push_str("replaced:\n");
        for (scenario, phase, kind, why) in &s.replacements {
            out.push_str(&format!("  {scenario} · {phase} {kind}: {why}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(phase: Phase, replaced: Option<&str>, first: u64, shown: u64, tokens: u64) -> TurnStat {
        TurnStat {
            scenario: "ad-click".into(),
            phase,
            kind: TurnKind::FollowUp,
            replaced: replaced.map(str::to_string),
            first_text: Some(Duration::from_millis(first)),
            shown_after: Duration::from_millis(shown),
            completion_tokens: Some(tokens),
            model_text: Some("What is your budget?".into()),
            canonical: "How do you split the budget?".into(),
            candidate: Vec::new(),
            earlier: Vec::new(),
        }
    }

    #[test]
    fn turns_are_summed_per_phase_and_overall() {
        let turns = [
            stat(Phase::Latency, None, 500, 2500, 40),
            stat(
                Phase::Latency,
                Some("it asked 2 questions at once"),
                700,
                1700,
                30,
            ),
            stat(Phase::Provenance, None, 300, 1300, 20),
        ];
        let s = summarize(
            "m",
            "http://x/v1",
            &["ad-click".into()],
            &turns,
            Duration::from_secs(65),
        );
        assert_eq!(s.phases.len(), 2);
        let latency = &s.phases[0];
        assert_eq!(
            (latency.phrased, latency.as_written, latency.replaced),
            (2, 1, 1)
        );
        assert_eq!(latency.first_text_s, Some(0.6));
        assert_eq!(latency.tokens_per_s, Some(70.0 / 3.0));
        assert_eq!(s.overall.phrased, 3);
        assert_eq!(s.shown_share(), 66);
        let text = render(&s);
        assert!(
            text.contains(
                "shown as the model wrote them: 66% of 3 phrased turns (0 of them copies"
            ),
            "{text}"
        );
        assert!(
            text.contains("ad-click · latency follow-up: it asked 2 questions at once"),
            "{text}"
        );
        assert!(text.contains("wall time 1:05"), "{text}");
    }

    #[test]
    fn no_turns_is_no_figures_not_a_division_by_zero() {
        let s = summarize("m", "u", &[], &[], Duration::ZERO);
        assert_eq!(s.shown_share(), 0);
        assert!(render(&s).contains("overall"));
    }
}
