//! A label made final before the case's labels can arrive: "final at 10
//! minutes" where clicks come for half an hour, "no chargeback after 30 days →
//! legit" where chargebacks come for 90, "labelled at the end of each day"
//! where accepts come for two weeks.

use std::sync::LazyLock;

use regex::Regex;

use super::super::quote_at;
use super::{NEGATION, words_before};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Words that close a label: a time right after one of them is when labels
/// become final ("final at 30 days", "close the window after 10 minutes",
/// "attributed … within 1 hour", "impression kept in state for 15 minutes").
static LABEL_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:final|finali[sz]ed?|attributed|close (?:the )?(?:join |label )?window|close the join|join closes|(?:join|label|attribution) window|window closes|(?:kept|held|keep|hold|holds|buffered|retained) in state|state ttl)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A window or cut-off, which closes a label in a sentence about labels.
static WINDOW_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:window|cut-?off|wait(?:s|ing)? (?:up to|for))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of a label being made.
static LABEL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:label(?:s|led|ed)?|join(?:s|ed)?|positive|negative|chargebacks?|conversions?|delivered|handover|purchases?|accept(?:s|ed)?|opt-?outs?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "Day 30", "day+3", "D+3": a day count written as a label's deadline.
static DAY_N: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:day ?\+? ?|d ?\+ ?)(\d{1,4})\b").unwrap_or_else(|e| unreachable!("{e}"))
});

/// "At once" in words.
static AT_ONCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:as soon as|immediately|at once|right away|instantly|on submission|the moment)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of data being complete, not of a label being final.
static COMPLETENESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:markers?|watermarks?|completeness|partitions?|past the hour)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Most words between a label cue and its time.
const LABEL_REACH: usize = 8;

/// A label closed before the case's labels can arrive.
pub(super) fn too_early(s: &Said, f: &Facts, outcome: Option<&Regex>) -> Option<Contradiction> {
    if f.label_delay_minutes == 0 {
        return None;
    }
    let text = &s.quote;
    // A cue fused to its own time ("90-day-final") has its time already.
    let mut cues: Vec<std::ops::Range<usize>> = LABEL_CUE
        .find_iter(text)
        .filter(|m| !text[..m.start()].ends_with('-'))
        .map(|m| m.range())
        .collect();
    // "A 60-minute window" closes a label only in a sentence about labels.
    if LABEL_WORD.is_match(text) {
        cues.extend(WINDOW_CUE.find_iter(text).map(|m| m.range()));
    }
    if cues.is_empty() {
        return closed_in_words(s, f).or_else(|| outcome_closed(s, f, outcome?));
    }
    // The time comes after the cue, a few words on ("final at 30 days", "a
    // window of 60 minutes"), or right before a window ("a 60-minute window").
    let near = |at: std::ops::Range<usize>| {
        cues.iter().any(|c| {
            let after = c.end <= at.start
                && text
                    .get(c.end..at.start)
                    .is_some_and(|gap| gap.split_whitespace().count() <= LABEL_REACH);
            let just_before = at.end <= c.start
                && WINDOW_CUE.is_match(&text[c.clone()])
                && text
                    .get(at.end..c.start)
                    .is_some_and(|gap| gap.trim_start_matches('-').split_whitespace().count() == 0);
            after || just_before
        })
    };
    let delay_ms = f.label_delay_minutes * 60_000;
    let times = times_in(text);
    // A time that is part of a sum ("24h + 1h") or that names another label
    // ("90-day-final data ... the 7-day proxy") is not this label's deadline.
    let summed = |r: &std::ops::Range<usize>| {
        text[..r.start].trim_end().ends_with('+') || text[r.end..].trim_start().starts_with('+')
    };
    // A sentence that also gives the full delay ("the open label is final
    // after 3 hours, but the opt-out label needs the full 3 days") has two
    // labels, and waits for the late one.
    if times.iter().any(|(r, ms)| *ms >= delay_ms && !summed(r)) {
        return None;
    }
    // A time set on a data-completeness marker ("waits for a partition's
    // completeness marker, set at two hours past the hour") is the data's, not
    // the label's.
    let completeness = |r: &std::ops::Range<usize>| {
        COMPLETENESS.is_match(super::super::clause_around(text, r.clone()))
    };
    let early = times.into_iter().find(|(r, ms)| {
        *ms < delay_ms && *ms > 0 && !summed(r) && near(r.clone()) && !completeness(r)
    });
    let range = match early {
        Some((r, _)) => r,
        None => match AT_ONCE.find(text).filter(|m| near(m.range())) {
            Some(m) => m.range(),
            None => return closed_in_words(s, f).or_else(|| outcome_closed(s, f, outcome?)),
        },
    };
    raised(s, f, range)
}

/// Fillers between a window's word and its time ("for, um, ten minutes",
/// "within, say, six hours"), stripped before the window's word is looked for.
static FILLER_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:[\s,]+|\b(?:um+|uh+|er|say|like|maybe|roughly|about|around|approximately|~)\b)+$",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right before a time that make it the outcome's window ("within 2 h",
/// "no chargeback in 30 days", "accepted after 3 days").
static OUTCOME_WINDOW_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:within|after|for|at|by|until|up to|past|in the first|in|inside)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that keep a window on the outcome though it is said to arrive: "if it
/// arrives within an hour", "no chargeback shows up in thirty days".
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:no|not|never|without|unless|otherwise|else|if|only when)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of how the outcome arrives ("most clicks come within 5 minutes") or
/// of a feature's window ("clicks counted in 5-minute windows for the CTR
/// feature"): neither closes a label.
static NOT_THE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:mostly|most (?:of|\w+s)|usually|typically|median|percent|majority|half|tail|features?|ctr|counters?|aggregat\w*|rolling|tumbling|sliding|velocity|cache[sd]?|ttl|uploads?|searchable|recommendable|fresh\w*|stale|lag\w*|behind|pag(?:e|ed|ing)|alert\w*|needs? to be|must be|has to be|have to be)\b|%")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that turn a window down ("we can't close it at ten minutes").
static WINDOW_DENIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:can't|cannot|won't|shouldn't|wouldn't|mustn't|instead of|rather than|too (?:short|early|soon))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The case's delayed outcome (`facts.label_outcome`) as one regex, compiled
/// once per hearing; `None` when the case names none.
pub(super) fn outcome_words(f: &Facts) -> Option<Regex> {
    super::super::words_regex(&f.label_outcome)
}

/// A turn of a sentence from one thing to another: what comes before it is
/// not the subject of what follows ("only final rows for comment heads, but
/// the dwell heads can train after an hour").
static TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:but|while|whereas|although|though|except)\b|;")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The words a time at `at` speaks of: up to twenty words before it and eight
/// after, within the same turn of the sentence.
fn scope(text: &str, at: std::ops::Range<usize>) -> String {
    let head = &text[..at.start];
    let head = &head[TURN.find_iter(head).last().map_or(0, |m| m.end())..];
    let tail = &text[at.end..];
    let tail = &tail[..TURN.find(tail).map_or(tail.len(), |m| m.start())];
    format!(
        "{} {} {}",
        words_before(head, head.len(), 20),
        &text[at],
        super::words_after(tail, 0, 8)
    )
}

/// The case's delayed outcome (`facts.label_outcome`: "click", "chargeback")
/// given a window shorter than its delay, in a sentence that names it: "keep
/// the impression in the join buffer for, um, ten minutes" where a click comes
/// for half an hour; "positive = accepted within seven days" where accepts
/// count for two weeks; "if no chargeback shows up in thirty days we call it
/// good". A window said of how the outcome arrives, of a feature, of an early
/// proxy, or turned down is not one.
fn outcome_closed(s: &Said, f: &Facts, outcome: &Regex) -> Option<Contradiction> {
    let text = &s.quote;
    if !outcome.is_match(text) || PROVISIONAL.is_match(text) || text.trim_end().ends_with('?') {
        return None;
    }
    let delay_ms = f.label_delay_minutes * 60_000;
    let times = times_in(text);
    if times.iter().any(|(_, ms)| *ms >= delay_ms) {
        return None;
    }
    let (range, _) = times.into_iter().find(|(r, ms)| {
        let before = FILLER_TAIL.replace(&text[..r.start], "");
        let clause = super::super::clause_around(text, r.clone());
        outcome.is_match(&scope(text, r.clone()))
            && *ms >= 60_000
            && *ms < delay_ms
            && (OUTCOME_WINDOW_BEFORE.is_match(&before) || WINDOW_AFTER.is_match(&text[r.end..]))
            && !NOT_A_WINDOW.is_match(&text[..r.start])
            && !NOT_THE_LABEL.is_match(clause)
            && !COMPLETENESS.is_match(clause)
            && (!ARRIVING.is_match(clause) || CONDITION.is_match(clause))
            && !WINDOW_DENIED.is_match(&words_before(text, r.start, 7))
    })?;
    raised(s, f, range)
}

/// Words of a label or a training row being settled for good: the absence of
/// the outcome made final ("a negative", "legit", "takes the blame", "drop
/// it as an outlier"), a row closed or sent to training. A positive defined
/// by a window ("open = opened within 3 h") settles nothing by itself: the
/// case may give that label that window.
static SETTLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:negatives?|legit(?:imate)?|blame[ds]?|(?:training )?rows? (?:is |are |gets? )?(?:closed?|closes|final|emitted|written|goes out|go out|ships?|sent)|goes (?:straight )?(?:in)?to training|drop(?:ped)?(?: it| them)? as|otherwise 0|else 0|(?:label(?:l?ed)?|mark(?:ed)?|treat(?:ed)?)(?: it| them)? (?:as )?(?:0|zero|false|non-\w+))\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A label that is not the final one: an early proxy, a first pass corrected
/// later, a number watched on a dashboard.
static PROVISIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:proxy|proxies|early|first-pass|first pass|provisional|fast(?:-refresh)? model|quick read|dashboard|monitor\w*|alert\w*|relabel\w*|re-label\w*|reweight\w*|replace[ds]?|correct(?:s|ed)?|overturn\w*|until|instead of|rather than|fake|mislabel\w*|wrong\w*|would become)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right before a time that make it a window's length ("within 2 h",
/// "after 60 min", "for about fifteen minutes", "by day 30").
static WINDOW_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:within|after|for|at|by|until|up to|past|in the first)(?:\s+(?:about|around|roughly|only|just|a|the|~))*\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words right after a time that make it a window's length ("an hour after
/// the view", "the 45-minute mark").
static WINDOW_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s-]*(?:after|later|mark|window|cut-?off|of (?:the|a|an) )")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words before a time that make it a feature's look-back or a retention
/// ("in the last ten minutes", "kept for 14 days"), not a label's window.
static NOT_A_WINDOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:last|past|previous|rolling|trailing|kept|keep|retain\w*|stored?|every|each)(?:\s+\w+)?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of labels arriving: a time in their clause tells how late they come
/// ("clicks show up twenty minutes after the impression"), not when the
/// window closes.
static ARRIVING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:show(?:s|ing)? up|arriv\w*|come in|comes in|coming in|trickl\w*|lands?|landing)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The end of a day, as a label's time: "at the end of each day", "the same
/// day".
static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:at )?the end of (?:each|the|every) day|the same day|same-day|that night)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Labelled with what has come in so far: not waiting for the label at all.
static SO_FAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:so far|as soon as|right away|straight (?:away|into)|immediately)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A label settled in plain words before the case's labels can arrive: a
/// sentence that settles a label or a row ([`SETTLED`]) and holds a window
/// shorter than the delay ("anything without a handoff after 60 min we drop",
/// "purchase within 2 h → positive", "an hour after the view it's a
/// negative"), the end of the same day, or no wait at all ("labelled with
/// whatever has come in so far") — unless the label is an early one that a
/// later one replaces, or the short window is denied.
fn closed_in_words(s: &Said, f: &Facts) -> Option<Contradiction> {
    let text = &s.quote;
    // A sentence about labels arriving late ("clicks show up twenty-five
    // minutes after the impression") tells the delay, not a window.
    if !SETTLED.is_match(text) || PROVISIONAL.is_match(text) || ARRIVING.is_match(text) {
        return None;
    }
    // A short window denied ("we can't cut the join off at ten minutes").
    let denied = |at: usize| NEGATION.is_match(&words_before(text, at, 7));
    let delay_ms = f.label_delay_minutes * 60_000;
    let times = times_in(text);
    // A sentence that also gives the full delay somewhere ("sent within 7
    // days and accepted within 14") waits for it.
    if times.iter().any(|(_, ms)| *ms >= delay_ms) {
        return None;
    }
    let window = times.into_iter().find(|(r, ms)| {
        let before = &text[..r.start];
        *ms >= 60_000
            && *ms < delay_ms
            && (WINDOW_BEFORE.is_match(before) || WINDOW_AFTER.is_match(&text[r.end..]))
            && !NOT_A_WINDOW.is_match(before)
            && !denied(r.start)
    });
    let range = match window {
        Some((r, _)) => r,
        None if delay_ms > 86_400_000 => SAME_DAY.find(text).or_else(|| SO_FAR.find(text))?.range(),
        None => SO_FAR.find(text)?.range(),
    };
    raised(s, f, range)
}

/// Every time a sentence states, in milliseconds, with "day 30" read as a
/// label's deadline of 30 days.
fn times_in(text: &str) -> Vec<(std::ops::Range<usize>, u64)> {
    let mut times: Vec<(std::ops::Range<usize>, u64)> = quantity::quantities_at(text)
        .into_iter()
        .filter_map(|(r, q)| match q {
            Quantity::Time(ms) => Some((r, ms)),
            Quantity::Count(..) => None,
        })
        .collect();
    times.extend(DAY_N.captures_iter(text).filter_map(|c| {
        let days: u64 = c.get(1)?.as_str().parse().ok()?;
        Some((c.get(0)?.range(), days * 86_400_000))
    }));
    times
}

/// The contradiction, quoting the words at `range`.
fn raised(s: &Said, f: &Facts, range: std::ops::Range<usize>) -> Option<Contradiction> {
    let text = &s.quote;
    Some(Contradiction {
        id: "case:label_final".to_string(),
        quote: quote_at(text, range)?,
        conflict: Conflict::Case {
            fact: format!(
                "in this case a label can take up to {} to arrive",
                crate::vocab::minutes_in_words(f.label_delay_minutes)
            ),
        },
        criteria: vec!["label_defined".to_string()],
        seq: s.seq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case whose labels take `minutes` to arrive.
    fn case(minutes: u64) -> Facts {
        Facts {
            label_delay_minutes: minutes,
            ..super::super::tests::facts()
        }
    }

    fn heard(text: &str, minutes: u64) -> Option<Contradiction> {
        let f = case(minutes);
        too_early(
            &super::super::tests::said(1, text),
            &f,
            outcome_words(&f).as_ref(),
        )
    }

    const WEEK: u64 = 7 * 24 * 60;

    #[test]
    fn a_label_settled_in_plain_words_before_its_delay_is_raised() {
        for text in [
            "Any session with no return visit after 20 minutes we mark as 0 and move on.",
            "Reply within 3 h of the message -> positive, everything else negative.",
            "No refund after 2 days means the order is treated as fine, and the row goes into training.",
            "We keep the row open for about ten minutes; after that it's a negative.",
            "Every morning we label what was shown the day before, otherwise 0 — the same day.",
        ] {
            assert!(heard(text, WEEK).is_some(), "not raised: {text}");
        }
    }

    #[test]
    fn early_labels_denied_windows_and_the_full_wait_are_not_raised() {
        for text in [
            "Replies in the first hour feed an early proxy model; the real label waits the week.",
            "We can't just call it a negative at 20 minutes; replies keep coming for days.",
            "Replies show up three days after the message, and each one would become a fake negative under a short cut.",
            "Positive if a reply comes within 2 days and is kept for 7 days; otherwise negative.",
            "Features use the last 30 minutes of sends, and the row is final once the week is over.",
            "The open label is final after 3 hours, but the opt-out label needs the full 7 days.",
        ] {
            assert_eq!(heard(text, WEEK), None, "{text}");
        }
    }
}
