//! Contradictions the grader does not score but an interviewer raises: an
//! answer against the case's own facts (a label made final before the case's
//! labels can arrive, stage budgets that add up past the case's p99), and two
//! answers of the candidate's that disagree (`[[clash]]` in
//! `prompts/listening.toml`: streamed within a minute, then nightly; kept in
//! one region, then centralised), when both sentences are about the same thing
//! (they share a word that names it).

use std::collections::BTreeSet;

use regex::Regex;

use super::{Ear, clean_quote, quote_at, shorten};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Words that name no particular thing, so two sentences sharing only these
/// are not about the same thing.
const GENERIC: [&str; 58] = [
    "data",
    "feature",
    "features",
    "model",
    "models",
    "event",
    "events",
    "pipeline",
    "system",
    "service",
    "table",
    "tables",
    "thing",
    "things",
    "time",
    "value",
    "values",
    "would",
    "could",
    "should",
    "there",
    "their",
    "these",
    "those",
    "which",
    "where",
    "every",
    "about",
    "after",
    "before",
    "within",
    "because",
    "that's",
    "we'd",
    "it's",
    "into",
    "from",
    "with",
    "then",
    "also",
    "spark",
    "flink",
    "kafka",
    "batch",
    "stream",
    "streaming",
    "nightly",
    "daily",
    "training",
    "serving",
    "store",
    "online",
    "offline",
    "cache",
    "redis",
    "minute",
    "minutes",
    "hours",
];

/// Words that close a label: a time right after one of them is when labels
/// become final ("final at 30 days", "close the window after 10 minutes",
/// "attributed … within 1 hour").
static LABEL_CUE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:final|finali[sz]ed?|attributed|close (?:the )?(?:join |label )?window|close the join|join closes|(?:join|label|attribution) window|window closes)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "At once" in words.
static AT_ONCE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:as soon as|immediately|at once|right away|instantly|on submission|the moment)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of a serving path's stages.
static STAGE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fetch|lookup|look-up|read|reads|model|scoring|score|inference|network|retrieval|ranking|rank|serialization|features?|candidate generation|rerank|filtering|overhead)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of a number that bounds something else than the budget: a retry's
/// backoff, a timeout, a deadline.
static NOT_A_STAGE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:backoff|back-off|timeouts?|time out|deadline|retry|retries|ttl|every|window)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Most words between a label cue and its time.
const LABEL_REACH: usize = 8;

/// The case's facts, checked against each sentence.
pub(super) fn against_case(said: &[Said], f: &Facts) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for s in said {
        if let Some(c) = label_too_early(s, f) {
            out.push(c);
        }
        if let Some(c) = stages_over_budget(s, f) {
            out.push(c);
        }
    }
    out
}

/// A label closed before the case's labels can arrive.
fn label_too_early(s: &Said, f: &Facts) -> Option<Contradiction> {
    if f.label_delay_minutes == 0 {
        return None;
    }
    let text = &s.quote;
    let cues: Vec<_> = LABEL_CUE.find_iter(text).collect();
    if cues.is_empty() {
        return None;
    }
    // The time comes after the cue, a few words on.
    let near = |at: usize| {
        cues.iter().any(|c| {
            c.end() <= at
                && text
                    .get(c.end()..at)
                    .is_some_and(|gap| gap.split_whitespace().count() <= LABEL_REACH)
        })
    };
    let delay_ms = f.label_delay_minutes * 60_000;
    let early = quantity::quantities_at(text).into_iter().find(|(r, q)| {
        matches!(q, Quantity::Time(ms) if *ms < delay_ms && *ms > 0) && near(r.start)
    });
    let range = match early {
        Some((r, _)) => r,
        None => AT_ONCE.find(text).filter(|m| near(m.start()))?.range(),
    };
    Some(Contradiction {
        id: "case:label_final".to_string(),
        quote: quote_at(text, range)?,
        conflict: Conflict::Case {
            fact: format!(
                "in this case a label can take up to {} to arrive",
                super::minutes(f.label_delay_minutes)
            ),
        },
        criteria: vec!["label_defined".to_string()],
        seq: s.seq,
    })
}

/// Stage times in one sentence that add up past the case's p99.
fn stages_over_budget(s: &Said, f: &Facts) -> Option<Contradiction> {
    let text = &s.quote;
    if NOT_A_STAGE.is_match(text) || !STAGE.is_match(text) {
        return None;
    }
    let budget = f.latency_p99_ms;
    let times: Vec<(std::ops::Range<usize>, u64)> = quantity::quantities_at(text)
        .into_iter()
        .filter_map(|(r, q)| match q {
            Quantity::Time(ms) if ms < budget && ms > 0 => Some((r, ms)),
            _ => None,
        })
        .collect();
    if times.len() < 2 {
        return None;
    }
    let sum: u64 = times.iter().map(|(_, ms)| ms).sum();
    if sum <= budget {
        return None;
    }
    let first = times.first()?.0.start;
    let last = times.last()?.0.end;
    let quote = text
        .get(first..last)
        .filter(|q| q.split_whitespace().count() <= 12)
        .and_then(clean_quote)
        .map(str::to_string)
        .or_else(|| shorten(text, text.get(first..times[0].0.end)))?;
    Some(Contradiction {
        id: "case:stage_sum".to_string(),
        quote,
        conflict: Conflict::Case {
            fact: format!(
                "those add up to {sum} ms, and the case allows {budget} ms at p99 in all, for {}",
                f.latency_scope
            ),
        },
        criteria: vec!["budget_split_by_stage".to_string()],
        seq: s.seq,
    })
}

/// Two sentences of different answers that say opposite things about one subject.
pub(super) fn between_answers(ear: &Ear, said: &[Said]) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for (id, one, other) in &ear.clashes {
        for (i, later) in said.iter().enumerate() {
            for earlier in said[..i].iter().filter(|e| e.seq < later.seq) {
                let pair = [(one, other), (other, one)]
                    .into_iter()
                    .find_map(|(a, b)| Some((a.find(&earlier.quote)?, b.find(&later.quote)?)));
                let Some((ea, lb)) = pair else {
                    continue;
                };
                if !same_subject(&earlier.quote, &later.quote) {
                    continue;
                }
                let (Some(earlier_q), Some(quote)) = (
                    quote_at(&earlier.quote, ea.range()),
                    quote_at(&later.quote, lb.range()),
                ) else {
                    continue;
                };
                // Keyed by what it contradicts: the same earlier claim is
                // raised once, however often it is contradicted again.
                out.push(Contradiction {
                    id: format!("{id}:{}", earlier_q.to_lowercase()),
                    quote,
                    conflict: Conflict::Earlier { earlier: earlier_q },
                    criteria: Vec::new(),
                    seq: later.seq,
                });
            }
        }
    }
    out.sort_by_key(|c| c.seq);
    out.dedup_by(|a, b| a.seq == b.seq && a.quote == b.quote);
    out
}

/// Two sentences name one thing: they share a word of five letters or more
/// that is not a generic one (plurals read as singulars).
fn same_subject(a: &str, b: &str) -> bool {
    let words = |s: &str| -> BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '-')
            .map(|w| w.to_lowercase())
            .filter(|w| w.chars().count() >= 5 && !GENERIC.contains(&w.as_str()))
            .map(|w| w.strip_suffix('s').map(str::to_string).unwrap_or(w))
            .collect()
    };
    !words(a).is_disjoint(&words(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            nouns: vec!["ad".into()],
            latency_p99_ms: 60,
            latency_scope: "a page of stores".into(),
            events_per_day: None,
            peak_events_per_second: None,
            label_delay_minutes: 30,
            regions: 3,
            freshness_minutes: None,
            deletion_days: None,
            stated: Vec::new(),
        }
    }

    fn said(seq: u64, quote: &str) -> Said {
        Said {
            seq,
            quote: quote.into(),
            specific: true,
            mechanism: true,
            hedged: false,
        }
    }

    #[test]
    fn a_label_closed_before_the_case_lets_it_arrive_is_raised() {
        let c = against_case(
            &[said(
                1,
                "So the label is final at 10 minutes after the impression.",
            )],
            &facts(),
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].quote.contains("10 minutes"), "{c:?}");
        let c = against_case(
            &[said(1, "Labels are final as soon as the reviewer submits.")],
            &facts(),
        );
        assert_eq!(c.len(), 1, "{c:?}");
        // A label closed after the delay, or a time far from any label word, is fine.
        assert!(
            against_case(
                &[said(
                    1,
                    "The label is final 40 minutes after the impression."
                )],
                &facts()
            )
            .is_empty()
        );
        assert!(against_case(&[said(1, "We refresh the counters every 5 minutes, which is plenty for the features the model reads at serving time, and labels close later.")], &facts()).is_empty());
    }

    #[test]
    fn stage_budgets_past_the_p99_are_raised_but_not_a_retrys_backoff() {
        let c = against_case(
            &[said(
                1,
                "35 ms for the feature fetch, 25 ms for the model, 10 ms network.",
            )],
            &facts(),
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].quote.starts_with("35 ms"), "{c:?}");
        assert!(against_case(&[said(1, "20 ms fetch, 30 ms model.")], &facts()).is_empty());
        assert!(
            against_case(
                &[said(
                    1,
                    "Reads are retried with 40 ms backoff, 30 ms timeout."
                )],
                &facts()
            )
            .is_empty()
        );
    }

    #[test]
    fn two_answers_that_disagree_about_one_thing_are_raised_with_both_quotes() {
        let mut set =
            crate::prompts::PromptSet::from_files(crate::prompts::PromptFiles::embedded())
                .unwrap()
                .listening;
        set.component.clear();
        let ear = Ear::new(&set);
        let c = between_answers(
            &ear,
            &[
                said(
                    1,
                    "Integrity flags reach the rankers within a minute over a stream.",
                ),
                said(
                    4,
                    "The integrity blocklist is refreshed by the nightly batch job.",
                ),
            ],
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            matches!(&c[0].conflict, Conflict::Earlier { earlier } if earlier.contains("within a minute"))
        );
        // Different subjects: no contradiction.
        let c = between_answers(
            &ear,
            &[
                said(1, "Click counters stream in within a minute."),
                said(
                    4,
                    "Long-window aggregates are rebuilt by the nightly batch job.",
                ),
            ],
        );
        assert!(c.is_empty(), "{c:?}");
    }
}
