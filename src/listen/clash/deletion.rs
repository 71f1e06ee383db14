//! A user's data left to outlive the case's deletion deadline: "their old
//! queries age out with the 13-month retention" where a deletion must be
//! honoured within 30 days. Said of a deletion (in the sentence or the one
//! before it, in the same answer), with a retention, an expiry or a cycle
//! longer than the deadline, and no legal hold that would keep the data.

use std::sync::LazyLock;

use regex::Regex;

use super::super::quote_at;
use super::{NEGATION, words_before};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Words of a user asking for their data to go.
static DELETION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:delet\w*|erasure|eras(?:e|ed|ing)|forget|forgotten|withdraw\w* (?:their |the )?consent|consent (?:is )?withdrawn|clos(?:e|es|ed|ing) (?:their|the|an?) account|account closure)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of data left to go by itself or by a periodic job: a retention, an
/// expiry, a cycle, a cleanup run ("purged by the quarterly cleanup job, so
/// it's all gone within 90 days").
static LEFT_TO_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ages?|aged|aging|ageing) out|\broll(?:s|ed)? off|\bexpir\w*|\bretention\b|\bpartition drop|\bttl\b|\bstays?\b|\bkept\b|\blifecycle\b|\bcycle\b|\bfall(?:s)? out\b|\bpurg\w*|\bclean[- ]?up\b|\ball gone\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A reason the law gives to keep data past a deletion.
static HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:legal(?:ly)?|law|laws|regulat\w*|hold|holds|required to keep|must keep|dispute\w*|investigation|tax|anonymi[sz]\w*|pseudonymi[sz]\w*|aggregated?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that point back at the data of the sentence before.
static BACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:their|them|they|those|his|her|its|the user's|that user's|the (?:old|older) \w+)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The deletions whose data outlives the deadline, one per answer.
pub(super) fn outlived(said: &[Said], f: &Facts) -> Vec<Contradiction> {
    let Some(days) = f.deletion_days else {
        return Vec::new();
    };
    let deadline_ms = days * 86_400_000;
    let mut out: Vec<Contradiction> = Vec::new();
    for (i, s) in said.iter().enumerate() {
        if out.iter().any(|c| c.seq == s.seq) {
            continue;
        }
        let before = i
            .checked_sub(1)
            .and_then(|j| said.get(j))
            .filter(|b| b.seq == s.seq);
        // The sentence before speaks of the deletion when this one points
        // back at its data ("Their trip logs roll off…").
        let about_deletion =
            DELETION.is_match(&s.quote) || before.is_some_and(|b| DELETION.is_match(&b.quote));
        if !about_deletion
            || HELD.is_match(&s.quote)
            || before.is_some_and(|b| HELD.is_match(&b.quote))
        {
            continue;
        }
        let text = &s.quote;
        let own = DELETION.is_match(text);
        let outlives = quantity::quantities_at(text).into_iter().find(|(r, q)| {
            let clause = super::super::clause_around(text, r.clone());
            let near = words_before(text, r.start, 5);
            let lead = words_before(text, r.start, 12);
            matches!(q, Quantity::Time(ms) if *ms > deadline_ms && *ms <= 3650 * 86_400_000)
                && (LEFT_TO_AGE.is_match(clause) || LEFT_TO_AGE.is_match(&lead))
                // "gone within 90 days" says when the data goes, not that it
                // does not.
                && !NEGATION
                    .find_iter(&near)
                    .any(|m| !m.as_str().eq_ignore_ascii_case("gone"))
                // The deletion said in the sentence before: this one points
                // back at its data before the time ("Their logs roll off…").
                && (own || BACK.is_match(&text[..r.start]))
        });
        let Some((range, _)) = outlives else {
            continue;
        };
        let Some(quote) = quote_at(text, range) else {
            continue;
        };
        out.push(Contradiction {
            id: "case:deletion".to_string(),
            quote,
            conflict: Conflict::Case {
                fact: format!("in this case a deletion must be honoured within {days} days"),
            },
            criteria: vec!["privacy".to_string()],
            seq: s.seq,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Facts {
        Facts {
            deletion_days: Some(30),
            ..super::super::tests::facts()
        }
    }

    fn answer(sentences: &[&str]) -> Vec<Said> {
        sentences
            .iter()
            .map(|q| super::super::tests::said(3, q))
            .collect()
    }

    #[test]
    fn data_left_to_age_out_past_the_deadline_is_raised() {
        for a in [
            &[
                "When a rider deletes their account we drop the profile at once.",
                "Their trip logs just roll off with the 180-day cold-storage cycle.",
            ][..],
            &["On erasure the old search logs age out of the lake with the 13-month retention."],
            &["Consent withdrawn: the events stay in the archive until the 90-day partition drop."],
            &[
                "Account deletion: the lake gets purged by the quarterly cleanup job, so it's all gone within 90 days.",
            ],
        ] {
            assert_eq!(outlived(&answer(a), &case()).len(), 1, "{a:?}");
        }
    }

    #[test]
    fn a_deadline_kept_a_legal_hold_or_another_subject_is_not() {
        for a in [
            &["On deletion everything is purged within 30 days, snapshots included."][..],
            &[
                "Deletion requests are purged by the nightly cleanup within 2 days; audit logs of the request stay 90 days for the regulator.",
            ],
            &["On deletion we keep the invoices for 7 years, as tax law requires."],
            &["Raw logs are kept for 90 days for replay."],
            &[
                "Deletion requests go through the privacy service.",
                "Separately, the model artifacts are kept for 400 days, with no user rows in them.",
                "Training snapshots never stay past 20 days.",
            ],
        ] {
            assert_eq!(outlived(&answer(a), &case()), Vec::new(), "{a:?}");
        }
    }
}
