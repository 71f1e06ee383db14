//! Holding an answer to the case's facts: a stated budget above the case's p99,
//! stage budgets that add up to more than it, a label join window shorter than
//! the label delay, and an answer about another product altogether.

use std::collections::{BTreeSet, HashSet};

use super::analyse::{Analysed, Lexicon, after, before};
use super::report::ScenarioFit;
use crate::prompts::Facts;
use crate::quantity::times_ms;
use crate::rubric::{Check, Cue, Rubric};
use crate::vocab::minutes_in_words as minutes;

/// The longest time that reads as a serving latency rather than a freshness or
/// a schedule.
const SERVING_MS: u64 = 10_000;

/// The serving-path times of a sentence: written with digits (a rate such as
/// "25k requests a second" is no latency) and at most [`SERVING_MS`].
fn serving_times(s: &Analysed<'_>) -> Vec<(u64, std::ops::Range<usize>)> {
    let quote = s.quote();
    times_ms(&quote)
        .into_iter()
        .filter(|(v, r)| {
            *v <= SERVING_MS && quote[r.clone()].starts_with(|c: char| c.is_ascii_digit())
        })
        .collect()
}

/// Words that put a time in the frame of freshness, schedules or training,
/// not the serving path.
const NOT_SERVING: [&str; 22] = [
    "fresh",
    "freshness",
    "stale",
    "lag",
    "old",
    "every",
    "window",
    "delay",
    "late",
    "batch",
    "nightly",
    "retrain",
    "train",
    "training",
    "hourly",
    "daily",
    "refresh",
    "refreshed",
    "backfill",
    "retention",
    "after",
    "ago",
];

/// Words before a time that make it the total, not a part.
const TOTAL_BEFORE: [&str; 31] = [
    "that's",
    "that is",
    "which is",
    "i.e.",
    "so about",
    "totalling",
    "fits in",
    "fit in",
    "fits within",
    "within",
    "total",
    "budget",
    "under ",
    "of the",
    "out of",
    "overall",
    "end to end",
    "leaves",
    "leaving",
    "remaining",
    "spend the",
    "whole",
    "at most",
    "up to",
    "adds up",
    "add up",
    "sum",
    "=",
    "for the",
    "in the",
    "of our",
];

/// Words after a time that make it the total. A percentile right after a time
/// ("the 500 ms p99 covers…", "at 150 ms p99: 10 ms…") names the budget being
/// split; stage budgets are written bare.
const TOTAL_AFTER: [&str; 14] = [
    "budget",
    "total",
    "in total",
    "of budget",
    "end",
    "overall",
    "in all",
    "altogether",
    "p99",
    "p95",
    "p999",
    "at p99",
    "at p95",
    "at p999",
];

/// Words that put a time in the frame of a label's join window.
const WINDOW_WORDS: [&str; 4] = ["window", "join", "joined", "joins"];

/// Words that make a window a window of some kind, not yet a label's: a
/// sentence with only these ("page if the job misses its window by 4 hours",
/// "counters over a 10-minute window") says nothing about labels.
const BARE_WINDOW: [&str; 2] = ["window", "windows"];

/// Words before a time that make it a threshold, not a window.
const THRESHOLD_BEFORE: [&str; 6] = [
    "older than",
    "at least",
    "longer than",
    "more than",
    "every",
    "lasting",
];

/// A fact check that failed: which check, which sentence, what is wrong.
pub(super) struct Failed {
    pub check: Check,
    pub sentence: usize,
    pub message: String,
}

fn mentions(lexicon: &Lexicon, s: &Analysed<'_>, list: &[&str]) -> bool {
    s.ids.iter().any(|&id| list.contains(&lexicon.normal(id)))
}

/// True when `s` mentions one of the concepts of a criterion with `check`.
fn about(rubric: &Rubric, s: &Analysed<'_>, check: Check) -> bool {
    rubric
        .criteria
        .iter()
        .filter(|c| c.check == Some(check))
        .any(|c| {
            s.hits
                .iter()
                .any(|h| matches!(h.cue, Cue::Concept(k) if c.concepts.contains(&k)) && !h.negated)
        })
}

/// True when `s` mentions a concept of a criterion with `check` in some word
/// other than `except` (a one-word hit on one of those does not count).
fn about_beyond(
    rubric: &Rubric,
    lexicon: &Lexicon,
    s: &Analysed<'_>,
    check: Check,
    except: &[&str],
) -> bool {
    rubric
        .criteria
        .iter()
        .filter(|c| c.check == Some(check))
        .any(|c| {
            s.hits.iter().any(|h| {
                let (from, to) = h.words;
                let bare = to == from + 1
                    && s.ids
                        .get(from)
                        .is_some_and(|&id| except.contains(&lexicon.normal(id)));
                matches!(h.cue, Cue::Concept(k) if c.concepts.contains(&k)) && !h.negated && !bare
            })
        })
}

/// Words within which a time belongs to a budget the sentence talks about.
const NEAR_WORDS: usize = 8;

/// Whether a time at a byte range of the sentence's quote lies within a few
/// words of a mention of a concept of a criterion with `check`.
fn near_concepts<'a>(
    rubric: &'a Rubric,
    s: &'a Analysed<'_>,
    check: Check,
) -> impl Fn(&std::ops::Range<usize>) -> bool + 'a {
    let start = s.span.start;
    let spots: Vec<usize> = rubric
        .criteria
        .iter()
        .filter(|c| c.check == Some(check))
        .flat_map(|c| {
            s.hits.iter().filter(move |h| {
                matches!(h.cue, Cue::Concept(k) if c.concepts.contains(&k)) && !h.negated
            })
        })
        .map(|h| h.words.0)
        .collect();
    move |r: &std::ops::Range<usize>| {
        let at = s
            .places
            .iter()
            .position(|t| t.span.start >= start + r.start)
            .unwrap_or(s.places.len());
        spots.iter().any(|&w| w.abs_diff(at) <= NEAR_WORDS)
    }
}

/// The concepts of a split criterion a sentence mentions.
fn stage_concepts(rubric: &Rubric, s: &Analysed<'_>) -> Vec<usize> {
    rubric
        .criteria
        .iter()
        .filter(|c| c.check == Some(Check::Split))
        .flat_map(|c| {
            s.hits.iter().filter_map(move |h| match h.cue {
                Cue::Concept(k) if c.concepts.contains(&k) => Some(k),
                _ => None,
            })
        })
        .collect()
}

/// A time in milliseconds as a reader says it: whole minutes, hours or days in
/// words, whole seconds as seconds, else milliseconds.
fn ms(v: u64) -> String {
    if v >= 60_000 && v % 60_000 == 0 {
        minutes(v / 60_000)
    } else if v >= 1000 && v % 1000 == 0 {
        format!("{} s", v / 1000)
    } else {
        format!("{v} ms")
    }
}

/// The serving-path times of a sentence that are parts of a split, not its total.
fn parts(s: &Analysed<'_>) -> Vec<u64> {
    let quote = s.quote();
    let mut values: Vec<u64> = serving_times(s)
        .into_iter()
        .filter(|(_, r)| {
            let ahead = before(&quote, r.start, 24);
            let behind = after(&quote, r.end, 14);
            !TOTAL_BEFORE.iter().any(|w| ahead.contains(w))
                && !TOTAL_AFTER
                    .iter()
                    .any(|w| behind.trim_start().starts_with(w))
        })
        .map(|(v, _)| v)
        .collect();
    if crate::quantity::ends_with_their_total(&values) {
        values.pop();
    }
    values
}

/// Every fact check that fails on these sentences.
pub(super) fn check(
    rubric: &Rubric,
    lexicon: &Lexicon,
    facts: &Facts,
    sentences: &[Analysed<'_>],
) -> Vec<Failed> {
    let mut failed = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        // Every check is about a stated time.
        if !live(s) || !s.runtime {
            continue;
        }
        failed.extend(over_budget(rubric, lexicon, facts, i, s));
        failed.extend(short_window(rubric, lexicon, facts, i, s));
    }
    failed.extend(split_over_budget(rubric, facts, sentences));
    failed
}

/// A sentence that counts: not voided, not a heading.
fn live(s: &Analysed<'_>) -> bool {
    s.void.is_none() && !s.heading
}

/// A serving time past the case's p99 budget.
fn over_budget(
    rubric: &Rubric,
    lexicon: &Lexicon,
    facts: &Facts,
    i: usize,
    s: &Analysed<'_>,
) -> Option<Failed> {
    let budget = facts.latency_p99_ms;
    if !mentions(lexicon, s, &NOT_SERVING) {
        let near = near_concepts(rubric, s, Check::Budget);
        if let Some(over) = serving_times(s)
            .into_iter()
            .filter(|(v, r)| *v > budget && near(r))
            .map(|(v, _)| v)
            .max()
        {
            return Some(Failed {
                check: Check::Budget,
                sentence: i,
                message: format!(
                    "It states {} where the case allows {} at p99 for {}.",
                    ms(over),
                    ms(budget),
                    facts.latency_scope
                ),
            });
        }
    }
    None
}

/// A join window shorter than the label delay: only where the sentence says
/// window or join, is about labels in more than the word "window", and no time
/// in it reaches the delay (a grace period added to the full delay is no
/// short window).
fn short_window(
    rubric: &Rubric,
    lexicon: &Lexicon,
    facts: &Facts,
    i: usize,
    s: &Analysed<'_>,
) -> Option<Failed> {
    if facts.label_delay_minutes > 0
        && mentions(lexicon, s, &WINDOW_WORDS)
        && about_beyond(rubric, lexicon, s, Check::LabelWindow, &BARE_WINDOW)
    {
        let delay = facts.label_delay_minutes * 60_000;
        let quote = s.quote();
        // A time read as a threshold ("older than 10 minutes") or as the last
        // term of a sum ("30+10 min") is not the window.
        let times: Vec<u64> = s
            .times_ms()
            .into_iter()
            .filter(|(_, r)| {
                let ahead = before(&quote, r.start, 16);
                !ahead.trim_end().ends_with('+')
                    && !THRESHOLD_BEFORE.iter().any(|w| ahead.contains(w))
            })
            .map(|(v, _)| v)
            .collect();
        if let Some(&longest) = times.iter().max() {
            if longest < delay && longest >= 60_000 {
                return Some(Failed {
                    check: Check::LabelWindow,
                    sentence: i,
                    message: format!(
                        "Its join window of {} is shorter than the {} labels can take to arrive in this case: the late ones are lost.",
                        ms(longest),
                        minutes(facts.label_delay_minutes)
                    ),
                });
            }
        }
    }
    None
}

/// Stage budgets that add up past the case's p99: one sentence, or a run of
/// list lines in one turn.
fn split_over_budget(rubric: &Rubric, facts: &Facts, sentences: &[Analysed<'_>]) -> Vec<Failed> {
    let mut failed = Vec::new();
    let budget = facts.latency_p99_ms;
    let mut i = 0;
    while i < sentences.len() {
        let start = i;
        let bullet = |s: &Analysed<'_>| s.quote().trim_start().starts_with(['-', '*', '•']);
        let mut end = i + 1;
        if bullet(&sentences[i]) {
            while end < sentences.len()
                && bullet(&sentences[end])
                && sentences[end].turn == sentences[start].turn
            {
                end += 1;
            }
        }
        let block: Vec<usize> = (start..end)
            .filter(|&k| {
                let s = &sentences[k];
                live(s) && s.runtime && about(rubric, s, Check::Split)
            })
            .collect();
        let values: Vec<u64> = block.iter().flat_map(|&k| parts(&sentences[k])).collect();
        let sum: u64 = values.iter().sum();
        let stages: BTreeSet<usize> = block
            .iter()
            .flat_map(|&k| stage_concepts(rubric, &sentences[k]))
            .collect();
        // Conservative: three parts at least, two kinds of stage, and over the
        // budget by more than rounding.
        if values.len() >= 3 && stages.len() >= 2 && sum * 10 > budget * 11 {
            failed.push(Failed {
                check: Check::Split,
                sentence: block[0],
                message: format!(
                    "Its stage budgets add up to {}, more than the case's {} at p99.",
                    ms(sum),
                    ms(budget)
                ),
            });
        }
        i = end;
    }
    failed
}

/// How much of the answer is about the case's product, and whether another
/// product's nouns outnumber it.
pub(super) fn fit(
    rubric: &Rubric,
    facts: &Facts,
    sentences: &[Analysed<'_>],
    lexicon: &Lexicon,
) -> ScenarioFit {
    let own: HashSet<String> = facts
        .nouns
        .iter()
        .flat_map(|n| crate::text::tokens_of(n))
        .map(|w| lexicon.stem(rubric.spelling.get(&w).map_or(&w, |s| s)))
        .filter(|s| !s.is_empty())
        .collect();
    // Whether each word of the lexicon is one of the case's nouns, decided once
    // per word rather than once per mention.
    let own_ids = lexicon.flags(|stem| own.contains(stem));
    let is_own = |id: &u32| own_ids.get(*id as usize).copied().unwrap_or(false);
    // The area the case itself belongs to (the domain sharing most of its
    // nouns): a fraud case's "transactions" and "banks" are its own area,
    // not another product's.
    let home = rubric
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| (i, d.stems.iter().filter(|s| own.contains(*s)).count()))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(i, n)| (*n, std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    let mut case_nouns = 0;
    let mut other = vec![0usize; rubric.domains.len()];
    for s in sentences.iter().filter(|s| s.void.is_none()) {
        case_nouns += s.ids.iter().filter(|id| is_own(id)).count();
        for h in &s.hits {
            if let Cue::Domain(d) = h.cue {
                let shared = s.ids[h.words.0..h.words.1].iter().any(is_own);
                if !shared && Some(d) != home {
                    other[d] += 1;
                }
            }
        }
    }
    let top = other
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .filter(|(_, n)| **n > 0);
    let (other_domain, other_nouns) = match top {
        Some((d, n)) => (Some(rubric.domains[d].id.clone()), *n),
        None => (None, 0),
    };
    let off_scenario = other_nouns >= 8 && case_nouns * 3 < other_nouns;
    let note = off_scenario.then(|| {
        format!(
            "The answer is about another product ({} words of the {} area against {} of this case's own, such as {}); it keeps {}% of its credit.",
            other_nouns,
            other_domain.as_deref().unwrap_or("another"),
            case_nouns,
            facts.nouns.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
            rubric.settings.off_scenario_credit
        )
    });
    ScenarioFit {
        case_nouns,
        other_domain,
        other_nouns,
        off_scenario,
        note,
    }
}
