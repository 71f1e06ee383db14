//! A per-item time done one item after another past the case's p99: "about
//! two ms per store, and we go through the forty stores one after another"
//! where the page of forty has 60 ms; "for each candidate a 3 ms lookup, in a
//! loop over the hundred ads".

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::quote_at;
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Items handled one after another.
static SERIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:one after (?:another|the other)|one by one|one at a time|sequential(?:ly)?|serially|in sequence|in series|in a (?:for[- ])?loop|loop(?:s|ing)? (?:over|through)|iterat\w* (?:over|through)|for each of the)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Items handled side by side: their times do not add up.
static PARALLEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in parallel|concurrently|batch(?:ed|es)?|multi-?get|fan(?:s|ned|ning)? out|at once|async\w*)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The item a time is for, named right after it ("2 ms per store", "3 ms
/// each store", "2 ms a store").
static ITEM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:of [\w-]+(?: [\w-]+)? )?(?:per|each|a|for each|for every) ([a-z][\w-]*)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The item a time is for, named a few words before it ("for each store on
/// the page we do ~2 ms").
static ITEM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:per|for each|for every|each) ([a-z][\w-]*)(?:\W+\w+){0,6}\W*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A word as one item: "stores" and "store" alike.
fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    w.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| w.strip_suffix('s').map(str::to_string))
        .unwrap_or(w)
}

/// A per-item time times the number of items done in a row, past the p99.
pub(super) fn over_budget(s: &Said, f: &Facts) -> Option<Contradiction> {
    let text = &s.quote;
    let budget = f.latency_p99_ms;
    if budget == 0 || !SERIAL.is_match(text) || PARALLEL.is_match(text) {
        return None;
    }
    let quantities = quantity::quantities_at(text);
    let per_item = |r: &Range<usize>| {
        ITEM_AFTER
            .captures(&text[r.end..])
            .or_else(|| ITEM_BEFORE.captures(&text[..r.start]))
            .and_then(|c| c.get(1))
            .map(|m| singular(m.as_str()))
    };
    for (r, q) in &quantities {
        let Quantity::Time(ms) = q else { continue };
        if *ms == 0 || *ms >= budget {
            continue;
        }
        let Some(item) = per_item(r) else { continue };
        let count = quantities.iter().find_map(|(cr, cq)| match cq {
            Quantity::Count(v, Some(word)) if singular(word) == item && *v >= 2.0 => {
                Some((cr.clone(), *v as u64))
            }
            _ => None,
        });
        let Some((at, n)) = count else { continue };
        let total = ms * n;
        if total <= budget {
            continue;
        }
        return Some(Contradiction {
            id: "case:stage_sum".to_string(),
            quote: quote_at(text, at)?,
            conflict: Conflict::Case {
                fact: format!(
                    "{n} of them one after another at {ms} ms each take {total} ms, and the case allows {budget} ms at p99 for {}",
                    f.latency_scope
                ),
            },
            criteria: vec!["budget_split_by_stage".to_string()],
            seq: s.seq,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heard(text: &str) -> Option<Contradiction> {
        let f = Facts {
            latency_p99_ms: 60,
            ..super::super::tests::facts()
        };
        over_budget(&super::super::tests::said(1, text), &f)
    }

    #[test]
    fn items_done_in_a_row_past_the_budget_are_raised() {
        for text in [
            "Scoring's about two ms per store, and we just go through the forty stores one after another for the page.",
            "For each store on the page we do ~2 ms of feature reads, and we loop through the forty stores one after another.",
        ] {
            let c = heard(text).unwrap_or_else(|| panic!("not raised: {text}"));
            assert!(text.contains(&c.quote), "{c:?}");
            assert!(
                matches!(&c.conflict, Conflict::Case { fact } if fact.contains("80 ms")),
                "{c:?}"
            );
        }
    }

    #[test]
    fn items_side_by_side_or_within_the_budget_are_not_raised() {
        for text in [
            // Batched or in parallel: the times do not add up.
            "About 2 ms per store, and we fetch the forty stores in parallel, one after another only on a retry.",
            "We do 2 ms per store but batch the forty stores into one multi-get.",
            // Within the budget.
            "One ms per store, one after another, for the forty stores.",
            // No count of the items.
            "About two ms per store, one after another.",
        ] {
            assert_eq!(heard(text), None, "{text}");
        }
    }
}
