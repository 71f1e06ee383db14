//! The numbers of a case: every fact stated in the context as a number (the
//! candidate is held to what they were told), and no number elsewhere in the
//! case that contradicts a fact. "8 billion" reads as 8,000,000,000, "four
//! regions" as 4, "90 days (129,600 minutes)" either way.

use std::ops::Range;

use super::{PHASES, Problem, READING_BEFORE, find_line, line_of, section_line};
use crate::prompts::{Facts, Scenario};
use crate::quantity::{Quantity, grouped, quantities_at};

/// The quantities of a text with "8 billion" read as 8,000,000,000: a count
/// whose next word is a scale word takes the scale, and the scale word is not
/// read again.
pub(super) fn amounts(text: &str) -> Vec<(Range<usize>, Quantity)> {
    let scale = |w: &str| match w {
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    };
    let raw = quantities_at(text);
    let mut out: Vec<(Range<usize>, Quantity)> = Vec::new();
    let mut skip_at = None;
    for (r, q) in raw {
        if skip_at == Some(r.start) {
            skip_at = None;
            if let Some((_, Quantity::Count(_, next))) = out.last_mut() {
                *next = following_word(text, r.end);
            }
            continue;
        }
        if let Quantity::Count(v, Some(next)) = &q {
            if let Some(k) = scale(next) {
                if let Some(at) = text[r.end..].find(next.as_str()) {
                    skip_at = Some(r.end + at);
                }
                out.push((r, Quantity::Count(v * k, None)));
                continue;
            }
        }
        out.push((r, q));
    }
    out
}

/// The word after byte `at`, lowercase.
fn following_word(text: &str, at: usize) -> Option<String> {
    text.get(at..)?
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn has_time(qs: &[(Range<usize>, Quantity)], ms: u64) -> bool {
    qs.iter().any(|(_, q)| *q == Quantity::Time(ms))
}

fn has_count(qs: &[(Range<usize>, Quantity)], v: u64, noun: Option<&str>) -> bool {
    qs.iter().any(|(_, q)| match q {
        Quantity::Count(x, next) => {
            *x == v as f64 && noun.is_none_or(|n| next.as_deref().is_some_and(|w| w.starts_with(n)))
        }
        Quantity::Time(_) => false,
    })
}

/// Every fact must be told to the candidate: the context states it as a number.
pub(super) fn facts_in_context(text: &str, s: &Scenario, out: &mut Vec<Problem>) {
    let qs = amounts(&s.context);
    let f: &Facts = &s.facts;
    let minute = 60_000;
    let mut missing: Vec<(&str, String, String)> = Vec::new();
    if !has_time(&qs, f.latency_p99_ms) {
        missing.push((
            "latency_p99_ms",
            format!("{} ms", f.latency_p99_ms),
            format!("\"{} ms at p99\"", f.latency_p99_ms),
        ));
    }
    if let Some(v) = f.events_per_day {
        if !has_count(&qs, v, None) {
            missing.push((
                "events_per_day",
                grouped(v),
                format!("\"{} events a day\"", grouped(v)),
            ));
        }
    }
    if let Some(v) = f.peak_events_per_second {
        if !has_count(&qs, v, None) {
            missing.push((
                "peak_events_per_second",
                grouped(v),
                format!("\"{} per second at peak\"", grouped(v)),
            ));
        }
    }
    if f.label_delay_minutes > 0 && !has_time(&qs, f.label_delay_minutes * minute) {
        missing.push((
            "label_delay_minutes",
            format!("{} minutes", grouped(f.label_delay_minutes)),
            format!(
                "\"labels arrive within {} minutes\" (or the same time in hours or days)",
                grouped(f.label_delay_minutes)
            ),
        ));
    }
    if !has_count(&qs, u64::from(f.regions), Some("region")) {
        missing.push((
            "regions",
            format!("{} regions", f.regions),
            format!("\"served from {} regions\"", f.regions),
        ));
    }
    if let Some(v) = f.freshness_minutes {
        if !has_time(&qs, v * minute) {
            missing.push((
                "freshness_minutes",
                format!("{v} minutes"),
                format!("\"must be at most {v} minutes stale\" (or the same time in hours)"),
            ));
        }
    }
    if let Some(v) = f.deletion_days {
        if !has_time(&qs, v * 86_400_000) {
            missing.push((
                "deletion_days",
                format!("{v} days"),
                format!("\"deleted within {v} days\""),
            ));
        }
    }
    for (key, value, example) in missing {
        out.push(Problem::new(
            line_of(text, 1, key),
            format!("facts.{key} is {value}, but the context never states it"),
            format!(
                "say it in the context as a number, e.g. {example}: the candidate is held to facts they were told"
            ),
        ));
    }
}

/// Every text of a scenario the candidate sees, with the key it is under and
/// the line where that key starts.
fn texts<'a>(text: &str, s: &'a Scenario) -> Vec<(String, usize, &'a str)> {
    let mut all = vec![(
        "context".to_string(),
        line_of(text, 1, "context"),
        s.context.as_str(),
    )];
    for (phase, name) in PHASES {
        let Some(q) = s.questions(phase) else {
            continue;
        };
        let section = section_line(text, name);
        all.push((
            format!("phases.{name}.opening"),
            line_of(text, section, "opening"),
            q.opening.as_str(),
        ));
        let fu = line_of(text, section, "follow_ups");
        for (i, f) in q.follow_ups.iter().enumerate() {
            let start: String = f.ask().chars().take(30).collect();
            all.push((
                format!("phases.{name}.follow_ups[{i}]"),
                find_line(text, fu, &start),
                f.ask(),
            ));
        }
    }
    all
}

/// Numbers the candidate reads that disagree with the facts: a p99 budget, a
/// peak rate, a count of regions.
pub(super) fn contradictions(text: &str, s: &Scenario, out: &mut Vec<Problem>) {
    let f = &s.facts;
    for (key, line, piece) in texts(text, s) {
        let sentences = crate::text::sentence_spans(piece);
        let sentence_of = |at: usize| {
            sentences
                .iter()
                .find(|x| x.span.contains(&at))
                .map_or("", |x| &piece[x.span.clone()])
                .to_lowercase()
        };
        for (r, q) in amounts(piece) {
            let said = &piece[r.clone()];
            let after = piece[r.end..].trim_start().to_lowercase();
            let at = || find_line(text, line, said);
            let reading = piece[..r.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| READING_BEFORE.contains(&w.to_lowercase().as_str()));
            match q {
                Quantity::Time(ms)
                    if ms != f.latency_p99_ms
                        && !reading
                        && ["at p99", "p99", "at the 99th"]
                            .iter()
                            .any(|w| after.starts_with(w)) =>
                {
                    out.push(Problem::new(
                        at(),
                        format!(
                            "{key} says {said} at p99, but facts.latency_p99_ms = {}",
                            f.latency_p99_ms
                        ),
                        "make the text and the fact agree: the grader holds answers to the fact",
                    ));
                }
                Quantity::Count(v, ref next) => {
                    let per_second = per_second(&after);
                    if let Some(peak) = f.peak_events_per_second {
                        if per_second && sentence_of(r.start).contains("peak") && v != peak as f64 {
                            out.push(Problem::new(
                                at(),
                                format!(
                                    "{key} says {said} per second at peak, but facts.peak_events_per_second = {peak}"
                                ),
                                "make the text and the fact agree",
                            ));
                        }
                    }
                    if next.as_deref() == Some("regions") && v != f64::from(f.regions) {
                        out.push(Problem::new(
                            at(),
                            format!(
                                "{key} says {said} regions, but facts.regions = {}",
                                f.regions
                            ),
                            "make the text and the fact agree",
                        ));
                    }
                }
                Quantity::Time(_) => {}
            }
        }
    }
}

/// True when the words after a count make it a rate per second ("per second",
/// "a second", "queries per second", "/s").
fn per_second(after: &str) -> bool {
    let rate =
        |t: &str| t.starts_with("per second") || t.starts_with("a second") || t.starts_with("/s");
    if rate(after) {
        return true;
    }
    after
        .split_once(' ')
        .is_some_and(|(_, rest)| rate(rest.trim_start()))
}
