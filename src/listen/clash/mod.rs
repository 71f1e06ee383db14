//! Contradictions the grader does not score but an interviewer raises: an
//! answer against the case's own facts (a label made final before the case's
//! labels can arrive, [`label`]; stage budgets that add up past the case's
//! p99, [`stages`], or items handled one after another at a per-item time
//! that adds up past it, [`serial`]; what must be fresh on a slower schedule, [`fresh`]; a
//! deletion left to age out past its deadline, [`deletion`]; the number of
//! regions or the peak rate said wrong, [`scale`]; a rule the case states in
//! words, [`rules`]), and two answers
//! of the candidate's that disagree (a stage given another budget; the
//! `[[clash]]` pairs of `prompts/listening.toml`: streamed within a minute,
//! then nightly; kept in one region, then centralised, when both sentences are
//! about the same thing (they share a word that names it); a retention a later
//! use outlives, [`retention`]).

use std::collections::BTreeSet;

use regex::Regex;

use super::{Ear, quote_at};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

mod deletion;
mod fresh;
mod label;
mod retention;
mod rules;
mod scale;
mod serial;
mod stages;
use retention::retention_outlived;

/// Words that name no particular thing, so two sentences sharing only these
/// are not about the same thing.
const GENERIC: [&str; 64] = [
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
    "candidate",
    "candidates",
    "member",
    "members",
    "users",
    "items",
];

/// The case's facts, checked against each sentence.
pub(super) fn against_case(said: &[Said], f: &Facts) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let fresh = fresh::nouns(f);
    let outcome = label::outcome_words(f);
    for s in said {
        if let Some(c) = label::too_early(s, f, outcome.as_ref()) {
            out.push(c);
        }
        if let Some(c) = stages::over_budget(s, f).or_else(|| serial::over_budget(s, f)) {
            out.push(c);
        }
        if let Some(c) = scale::misstated(s, f) {
            out.push(c);
        }
        if let Some(c) = fresh
            .as_ref()
            .and_then(|nouns| fresh::too_slow(s, f, nouns))
        {
            out.push(c);
        }
    }
    out.extend(deletion::outlived(said, f));
    out.extend(stages::budget_changed(said, f));
    out.extend(rules::broken(said, f));
    out
}

/// Words that deny a claim: "we can't rebuild last spring from raw".
static NEGATION: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|never|no longer|can't|cannot|won't|isn't|aren't|don't|doesn't|instead of|rather than|gone)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The claim at `at` is denied by the few words around it: "we can't rebuild
/// last spring's week from raw", "last spring the raw pings are gone". Words
/// after it that make the same claim again ("stays in the region and never
/// leaves it") are the claim, not a denial.
fn negated(sentence: &str, at: std::ops::Range<usize>, side: &Regex) -> bool {
    const NEAR: usize = 4;
    let before = words_before(sentence, at.start, NEAR);
    let after = words_after(sentence, at.end, NEAR);
    NEGATION.is_match(&before) || (NEGATION.is_match(&after) && !side.is_match(&after))
}

/// The last `n` words of `text` before byte `at`, joined by single spaces.
fn words_before(text: &str, at: usize, n: usize) -> String {
    let words: Vec<&str> = text[..at].split_whitespace().collect();
    words[words.len().saturating_sub(n)..].join(" ")
}

/// The first `n` words of `text` from byte `at`, joined by single spaces.
fn words_after(text: &str, at: usize, n: usize) -> String {
    text[at..]
        .split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two sentences of different answers that say opposite things about one
/// subject: the `[[clash]]` pairs, and a retention a later use outlives.
pub(super) fn between_answers(ear: &Ear, said: &[Said]) -> Vec<Contradiction> {
    let mut out = retention_outlived(said);
    for super::Clash {
        id,
        one,
        other,
        when,
    } in &ear.clashes
    {
        let about = |s: &Said| when.as_ref().is_none_or(|w| w.is_match(&s.quote));
        for (i, later) in said.iter().enumerate() {
            if !about(later) {
                continue;
            }
            for earlier in said[..i].iter().filter(|e| e.seq < later.seq && about(e)) {
                let pair = [(one, other), (other, one)]
                    .into_iter()
                    .find_map(|(a, b)| Some((a.find(&earlier.quote)?, b.find(&later.quote)?)));
                let Some((ea, lb)) = pair else {
                    continue;
                };
                let (earlier_side, later_side) = if one.is_match(&earlier.quote) {
                    (one, other)
                } else {
                    (other, one)
                };
                if negated(&earlier.quote, ea.range(), earlier_side)
                    || negated(&later.quote, lb.range(), later_side)
                {
                    continue;
                }
                // About the same thing: the two claims' own clauses share a word
                // that names it (a clause that points elsewhere, "I'd want that
                // under a minute", speaks for its whole sentence). A clash about
                // a condition (`when`: "if the cap store is down") names its
                // subject in the condition's clause: the whole sentences share a
                // word, however short ("cap").
                let same = if when.is_some() {
                    shares_word(&earlier.quote, &later.quote, 3)
                } else {
                    same_subject(
                        subject_of(&earlier.quote, ea.range()),
                        subject_of(&later.quote, lb.range()),
                    )
                };
                if !same {
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

/// Words that point at something named elsewhere in the sentence.
static POINTER: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:it|its|that|this|those|these|they|them|they're|which)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The words a claim at `at` is about: its clause, or its whole sentence when
/// the clause points elsewhere.
fn subject_of(sentence: &str, at: std::ops::Range<usize>) -> &str {
    let clause = super::clause_around(sentence, at);
    if POINTER.is_match(clause) {
        sentence
    } else {
        clause
    }
}

/// Two sentences name one thing: they share a word of five letters or more
/// that is not a generic one (plurals read as singulars).
fn same_subject(a: &str, b: &str) -> bool {
    shares_word(a, b, 5)
}

/// `a` and `b` share a word of at least `min` letters that names something
/// (not one of [`GENERIC`]), singular and plural alike.
fn shares_word(a: &str, b: &str, min: usize) -> bool {
    let words = |s: &str| -> BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '-')
            .map(|w| w.to_lowercase())
            .filter(|w| w.chars().count() >= min && !GENERIC.contains(&w.as_str()))
            .map(|w| w.strip_suffix('s').map(str::to_string).unwrap_or(w))
            .collect()
    };
    !words(a).is_disjoint(&words(b))
}

/// "There": a place named elsewhere in the sentence.
static THERE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\bthere\b").unwrap_or_else(|e| unreachable!("{e}"))
});

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn facts() -> Facts {
        Facts {
            nouns: vec!["ad".into()],
            latency_p99_ms: 60,
            latency_scope: "a page of stores".into(),
            events_per_day: None,
            peak_events_per_second: None,
            label_delay_minutes: 30,
            label_outcome: Vec::new(),
            regions: 3,
            freshness_minutes: None,
            fresh: Vec::new(),
            deletion_days: None,
            stated: Vec::new(),
            sub_budgets: Vec::new(),
            rules: Vec::new(),
        }
    }

    pub(super) fn said(seq: u64, quote: &str) -> Said {
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
        let ear = ear();
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

    fn ear() -> Ear {
        let mut set =
            crate::prompts::PromptSet::from_files(crate::prompts::PromptFiles::embedded())
                .unwrap()
                .listening;
        set.component.clear();
        Ear::new(&set)
    }

    #[test]
    fn a_join_that_holds_state_shorter_than_the_label_delay_is_raised() {
        let c = against_case(
            &[said(
                1,
                "Flink keyed by impression_id, impression kept in state for 15 minutes; a click inside that window is a 1.",
            )],
            &facts(),
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].quote.contains("15 minutes"), "{c:?}");
        // A watermark's lag on a dashboard is not a label window.
        assert!(
            against_case(
                &[said(
                    1,
                    "Page when the watermark lag is above 5 min for 10 min."
                )],
                &facts()
            )
            .is_empty()
        );
    }

    #[test]
    fn what_the_case_needs_fresh_put_on_a_nightly_schedule_is_raised() {
        let f = Facts {
            freshness_minutes: Some(10),
            fresh: vec!["hash".into(), "hash list".into()],
            ..facts()
        };
        let c = against_case(
            &[said(
                1,
                "The hash list is rebuilt by the nightly batch job from confirmed decisions.",
            )],
            &f,
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            matches!(&c[0].conflict, Conflict::Case { fact } if fact.contains("hash list") && fact.contains("10 minutes")),
            "{c:?}"
        );
        for fine in [
            // Read by a nightly job, not brought up to date by it.
            "The nightly job reads the hash list so it never re-creates a removed item.",
            // Turned down.
            "The hash list is not rebuilt nightly: it is pushed within a minute.",
            // Another clause, another thing.
            "Long-term features are rebuilt nightly, and the hash list is pushed within a minute.",
        ] {
            assert!(against_case(&[said(1, fine)], &f).is_empty(), "{fine}");
        }
    }

    #[test]
    fn raw_data_used_after_it_was_said_to_expire_is_raised_unless_the_answer_says_so() {
        let c = between_answers(
            &ear(),
            &[
                said(
                    1,
                    "Raw pings age out after 30 days, as the policy requires.",
                ),
                said(
                    5,
                    "To rebuild last spring's week I'd pull the raw pings for those dates out of S3.",
                ),
            ],
        );
        assert_eq!(c.len(), 1, "{c:?}");
        let c = between_answers(
            &ear(),
            &[
                said(
                    1,
                    "Raw pings age out after 30 days, as the policy requires.",
                ),
                said(
                    5,
                    "Last spring's week: the raw pings are gone, so we rebuild from the snapshots.",
                ),
            ],
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn a_fast_path_beside_a_nightly_job_is_no_contradiction() {
        let c = between_answers(
            &ear(),
            &[
                said(
                    1,
                    "Blocks: every candidate is checked against the block lists, which live in Redis and get updated in under a second.",
                ),
                said(
                    5,
                    "First hour: stop the nightly candidate job from publishing, serve yesterday's lists.",
                ),
            ],
        );
        assert!(c.is_empty(), "{c:?}");
        // "That" points back at what its sentence named.
        let c = between_answers(
            &ear(),
            &[
                said(
                    1,
                    "Price and stock changes go through Flink into the index, and I'd want that under a minute end to end.",
                ),
                said(
                    5,
                    "Price and stock come in with the nightly catalog snapshot like every other feature.",
                ),
            ],
        );
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn a_stated_total_of_the_stages_is_not_one_more_stage() {
        let f = Facts {
            latency_p99_ms: 150,
            ..facts()
        };
        for text in [
            "Feature lookup 20 ms, model 40 ms, network 30 ms, that's 90 ms of the 150 ms at p99.",
            "Feature fetch 20 ms, scoring 40 ms, network 30 ms, 90 ms in total.",
        ] {
            assert!(against_case(&[said(1, text)], &f).is_empty(), "{text}");
        }
        assert_eq!(
            against_case(
                &[said(
                    1,
                    "Feature fetch 60 ms, scoring 70 ms, network 30 ms."
                )],
                &f
            )
            .len(),
            1
        );
    }

    #[test]
    fn bare_stage_numbers_after_the_budget_count_as_milliseconds() {
        let f = Facts {
            latency_p99_ms: 120,
            ..facts()
        };
        let c = against_case(
            &[said(
                1,
                "Ranking's 120: candidate retrieval 40 from the four sources in parallel; feature fetch 45, mostly the viewer\u{d7}author affinity, which is a wide read; scoring 50 on GPU for ~2,000 posts in batches of 512 \u{2014} so we're inside the 120 with a bit to spare.",
            )],
            &f,
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            against_case(
                &[said(
                    1,
                    "Ranking's 120: retrieval 30, feature fetch 35, scoring 40 on 2,000 posts."
                )],
                &f
            )
            .is_empty()
        );
    }

    #[test]
    fn data_used_from_further_back_than_it_is_kept_is_raised() {
        let c = between_answers(
            &ear(),
            &[
                said(
                    1,
                    "Raw logs land in S3 and we'd keep something like 14 days there.",
                ),
                said(
                    5,
                    "To answer it I'd re-run the training pipeline on last quarter's raw logs.",
                ),
            ],
        );
        assert_eq!(c.len(), 1, "{c:?}");
        // Kept long enough: fine.
        let c = between_answers(
            &ear(),
            &[
                said(1, "Raw logs are kept 400 days in S3."),
                said(
                    5,
                    "I'd re-run the training pipeline on last quarter's raw logs.",
                ),
            ],
        );
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn failing_open_then_closed_about_one_failure_is_raised_but_not_without_a_failure() {
        let pair = |e: &str, l: &str| between_answers(&ear(), &[said(1, e), said(4, l)]);
        let c = pair(
            "If the quota store is unreachable, we fail closed: no promos until it is back.",
            "When the quota service times out we send anyway, since a lost promo costs more.",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            matches!(&c[0].conflict, Conflict::Earlier { earlier } if earlier.contains("fail closed")),
            "{c:?}"
        );
        // No failure spoken of in the later answer: a send rule, not a fallback.
        assert!(
            pair(
                "If the quota store is unreachable, we fail closed: no promos until it is back.",
                "Promos over the quota send anyway on holidays.",
            )
            .is_empty()
        );
    }

    #[test]
    fn a_store_kept_per_region_then_one_central_cluster_is_raised() {
        let c = between_answers(
            &ear(),
            &[
                said(
                    1,
                    "Each region keeps its own ledger store, because the rules differ per country.",
                ),
                said(
                    6,
                    "Later all regions write into the central ledger cluster in us-east.",
                ),
            ],
        );
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn a_retention_written_as_a_note_and_a_reach_written_as_a_span_clash() {
        for (earlier, later) in [
            (
                "Raw click logs: 30 days in the lake, then daily aggregates.",
                "To audit it we'd replay the raw click logs of the last six months.",
            ),
            (
                "We keep daily index snapshots for 7 days, then delete them.",
                "For the regulator we'd load the index snapshot from three months ago.",
            ),
            (
                "Raw search logs: 30 days.",
                "We'd train on a year of raw search logs to get enough rare queries.",
            ),
        ] {
            let c = retention_outlived(&[said(1, earlier), said(5, later)]);
            assert_eq!(c.len(), 1, "{earlier} / {later}: {c:?}");
        }
        // Within what was kept.
        assert!(
            retention_outlived(&[
                said(1, "Raw click logs: 30 days in the lake."),
                said(5, "We'd replay the raw click logs of the last two weeks."),
            ])
            .is_empty()
        );
    }

    #[test]
    fn isolation_then_sharing_and_a_check_moved_off_the_request_path_clash() {
        for (earlier, later) in [
            (
                "Every customer gets its own index partition; no query crosses them.",
                "At query time we search the shared vector index with a customer_id filter.",
            ),
            (
                "Opt-outs are checked at send time against the live consent table.",
                "Opt-outs are precomputed into the nightly audience lists, so the sender doesn't need to check.",
            ),
        ] {
            let c = between_answers(&ear(), &[said(1, earlier), said(5, later)]);
            assert_eq!(c.len(), 1, "{earlier} / {later}: {c:?}");
        }
        // About different things: no shared naming word.
        assert!(
            between_answers(
                &ear(),
                &[
                    said(1, "Every customer gets its own index partition."),
                    said(5, "Model weights live in a shared artifact store."),
                ],
            )
            .is_empty()
        );
    }
}
