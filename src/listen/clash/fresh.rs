//! Something the case needs fresh within minutes (`facts.fresh`) put on a
//! slower schedule: "the hash list is rebuilt by the nightly batch job" where
//! copies must be blocked within 10 minutes, "supply recomputed every 5
//! minutes" where it must be 2 minutes old, "a 15-minute TTL".

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::quote_at;
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Words that turn a sentence from one thing to another: a thing named
/// before them is not the subject of what follows.
static CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:but|while|whereas|although|though|except|only)\b|;")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right after a schedule that turn it down ("nightly is useless",
/// "hourly won't do").
static REJECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:\w+\W+){0,2}?(?:is |would be |was )?(?:useless|too slow|too late|too stale|no good|not enough|won't|wouldn't|doesn't|isn't|can't|never|breaks?|fails?|would (?:make|mean|leave|force|cost|take))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of a check that runs on a schedule: its period is how often it
/// looks, not how old the data is.
static WATCHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:alert\w*|pag(?:e|es|ed|ing)|monitor\w*|dashboards?|null rate|drift|audit\w*|distributions?|compar\w* (?:\w+ ){0,2}(?:against|with)|against last)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that put a schedule on what is left over ("price and stock are
/// streamed, the rest daily"): a thing named before them is not on it.
static THE_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:the rest|everything else|anything else|all else|the others|all the others|other features|otherwise)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right before a time that make it a period ("every 5 minutes",
/// "cached for 15 minutes", "a TTL of 30 minutes").
static PERIOD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:every|each|ttl of|ttl|cached? for|refresh(?:ed|es)? every|once every)(?:\s+(?:about|around|roughly|~))?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right after a time that make it a period ("a 15-minute TTL", "a
/// 5-minute micro-batch").
static PERIOD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s-]*(?:ttl|cache|refresh\w*|micro-?batch\w*|batch\w*|cycle|sync\w*|schedule|interval|cron|roll-?ups?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Periods written as numbers that are longer than the case allows ("every
/// 5 minutes" where 2 are allowed), up to a week (longer is a retention).
fn periods(text: &str, minutes: u64) -> Vec<Range<usize>> {
    let allowed = minutes * 60_000;
    quantity::quantities_at(text)
        .into_iter()
        .filter_map(|(r, q)| match q {
            Quantity::Time(ms) if ms > allowed && ms <= 7 * 86_400_000 => Some(r),
            _ => None,
        })
        .filter(|r| {
            PERIOD_BEFORE.is_match(&text[..r.start]) || PERIOD_AFTER.is_match(&text[r.end..])
        })
        .collect()
}

/// A schedule slower than minutes: nightly, daily, every few hours.
static SLOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:nightly|overnight|once a day|once per day|every night|each night|every day|daily|weekly|every 24 hours|every (?:\d+|few|couple of) (?:hours|days))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An hourly schedule: slow for a case that needs minutes.
static HOURLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hourly|every hour|once an hour|each hour)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of only reading something on a schedule ("the nightly job reads the
/// block table"), which does not make the thing stale.
static ONLY_READ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:reads?|reading|looks? up|checks?|consults?|filters? (?:on|by|against)|compact\w*|vacuum\w*|backs? up|backups?|clean\w* up|garbage)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right after a thing that make it its past ("price history", "stock
/// trends").
static HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:history|histories|historical|trends?|distributions?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of bringing something up to date.
static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:rebuil[dt]s?|rebuilding|refresh\w*|updat\w*|recomput\w*|comput\w*|publish\w*|sync\w*|load\w*|reload\w*|come in|comes in|arriv\w*|appl(?:y|ies|ied)|lands?|ingest\w*|materiali[sz]\w*|propagat\w*|pushe[sd]|regenerat\w*|export\w*|ship\w*|sen[dt]s?|pull(?:s|ed)?|re-?index\w*|rollups?|roll(?:s|ed)? up)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that turn a schedule down ("not nightly", "instead of daily").
static DENIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|never|no longer|instead of|rather than|than|isn't|aren't|can't|cannot|won't|too late|too slow)\W+(?:\w+\W+){0,2}$|\b(?:can't|cannot|won't|couldn't) (?:\w+\W+){0,5}$|\b(?:take back|taking back|walk back|retract\w*) (?:\w+\W+){0,9}$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// What the case needs fresh within minutes (`facts.fresh`), as one regex,
/// the longest name first so "hash list" wins over "hash"; `None` when the
/// case needs nothing fresher than a day.
pub(super) fn nouns(f: &Facts) -> Option<Regex> {
    if f.freshness_minutes? >= 24 * 60 {
        return None;
    }
    let mut words: Vec<&String> = f.fresh.iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    super::super::words_regex(words)
}

/// Something the case needs fresh within minutes (`nouns`, from
/// [`nouns`]) put on a nightly or daily schedule in the same clause:
/// "the hash list is rebuilt by the nightly batch job" where copies must be
/// blocked within 10 minutes.
pub(super) fn too_slow(s: &Said, f: &Facts, nouns: &Regex) -> Option<Contradiction> {
    let minutes = f.freshness_minutes?;
    let text = &s.quote;
    let hourly = (minutes < 60)
        .then(|| HOURLY.find_iter(text))
        .into_iter()
        .flatten();
    // A question the candidate asks themselves ("could I rebuild it every ten
    // minutes?") proposes nothing.
    if text.trim_end().ends_with('?') {
        return None;
    }
    let slow_ones = SLOW
        .find_iter(text)
        .chain(hourly)
        .map(|m| m.range())
        .chain(periods(text, minutes));
    for slow in slow_ones {
        if DENIED.is_match(&text[..slow.start]) || REJECTED.is_match(&text[slow.end..]) {
            continue;
        }
        let clause = super::super::clause_around(text, slow.clone());
        // The thing is named in the clause, or earlier in the sentence with
        // no turn between ("Velocity counters — … — I'd compute hourly"; not
        // "hourly is fine for X, but not for the flags").
        let lead = &text[..slow.start];
        let lead = &lead[CONTRAST.find_iter(lead).last().map_or(0, |m| m.end())..];
        let lead = if THE_REST.is_match(clause) { "" } else { lead };
        let Some((noun, said_in)) = nouns
            .find(clause)
            .map(|n| (n, clause))
            .or_else(|| nouns.find(lead).map(|n| (n, lead)))
        else {
            continue;
        };
        // The thing's history ("price history stays hourly") is not the thing.
        if HISTORY.is_match(&said_in[noun.end()..]) {
            continue;
        }
        // The thing is brought up to date on that schedule, not merely read
        // by a job that runs on it, nor watched by a check that runs on it
        // ("the price distribution per category, hourly, against last week,
        // alert if…": the check's words may come in the clauses around).
        let after = super::super::clause_after(text, slow.clone());
        let watched = [clause, lead, after].iter().any(|t| WATCHED.is_match(t));
        if ONLY_READ.is_match(clause) && !UPDATED.is_match(clause) || watched {
            continue;
        }
        return Some(Contradiction {
            id: format!("case:fresh:{}", noun.as_str().to_lowercase()),
            quote: quote_at(text, slow)?,
            conflict: Conflict::Case {
                fact: format!(
                    "in this case the {} must be no more than {} old",
                    // As a name inside a sentence: "Velocity counters" at the
                    // start of the answer is "velocity counters" here.
                    crate::interview::policy::lower_first(noun.as_str()),
                    crate::vocab::minutes_in_words(minutes)
                ),
            },
            criteria: vec!["freshness_target".to_string()],
            seq: s.seq,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case that needs the stock level no more than 5 minutes old.
    fn case() -> Facts {
        Facts {
            freshness_minutes: Some(5),
            fresh: vec!["stock".into(), "stock level".into()],
            ..super::super::tests::facts()
        }
    }

    fn heard(text: &str) -> Option<Contradiction> {
        let f = case();
        too_slow(&super::super::tests::said(1, text), &f, &nouns(&f)?)
    }

    #[test]
    fn a_period_longer_than_the_case_allows_is_raised_in_numbers_or_words() {
        for text in [
            "Stock per warehouse is recomputed every 20 minutes by a micro-batch.",
            "Stock levels sit behind a 30-minute TTL in the serving cache.",
            "Stock counts — on hand, reserved — I'd load with an hourly job.",
            "For the stock level, um, it comes in with the nightly export.",
        ] {
            assert!(heard(text).is_some(), "not raised: {text}");
        }
        // The thing as a name inside the sentence, whatever its case where said.
        let c = heard("Stock levels sit behind a 30-minute TTL.");
        assert!(
            matches!(&c, Some(Contradiction { conflict: Conflict::Case { fact }, .. }) if fact.starts_with("in this case the stock")),
            "{c:?}"
        );
    }

    #[test]
    fn a_period_within_the_case_a_check_a_question_or_a_turn_is_not() {
        for text in [
            "Stock is pushed every 2 minutes from the warehouse stream.",
            "Null rate of the stock field every 15 minutes, alert at 5%.",
            "Could the stock level be refreshed every 20 minutes?",
            "Slow profiles are rebuilt hourly, but stock comes off the stream.",
            "For stock, hourly is useless, so it is streamed.",
            "Fresh stuff — stock, mostly — has to be streamed, the rest daily.",
            "And the stock distribution per warehouse, hourly, against last week, alert if a median moves.",
        ] {
            assert_eq!(heard(text), None, "{text}");
        }
    }
}
