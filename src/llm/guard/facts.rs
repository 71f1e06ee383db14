//! The facts of a rephrased question: every number the prepared question
//! states must still be there (a time as the same time), every name in code
//! (`dwell_seconds`) as written, and no measure may appear that nothing on
//! the table (the question, the case, the candidate) has stated.

use crate::quantity::{Quantity, quantities};

/// Nouns a model counts its own words with ("three things: …"), not facts.
const META_NOUNS: &[&str] = &[
    "thing",
    "things",
    "part",
    "parts",
    "question",
    "questions",
    "point",
    "points",
    "aspect",
    "aspects",
    "item",
    "items",
    "bit",
    "bits",
    "step",
    "steps",
    "area",
    "areas",
];

/// What went wrong with a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Slip {
    /// A number of the prepared question is missing (as written).
    Dropped(String),
    /// A number nothing on the table states.
    Invented(String),
}

/// A noun without its plural `s`, for matching "region" and "regions".
fn stem(noun: &str) -> &str {
    noun.strip_suffix('s').unwrap_or(noun)
}

/// True when `v` appears in `text` as part of a time of day (`11:58`).
fn clock(text: &str, v: f64) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .filter(|w| w.contains(':'))
        .flat_map(|w| w.split(':'))
        .any(|p| p.parse::<f64>().ok() == Some(v))
}

fn shown(q: &Quantity) -> String {
    match q {
        Quantity::Time(ms) => format!("{ms} ms"),
        Quantity::Count(v, _) => format!("{v}"),
    }
}

/// A name in code: `dwell_ms`, `placement_id`, `deviceClass`.
static IDENTIFIER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z0-9]+\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A percentile: `p99`, `P95`.
static PERCENTILE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\bp(\d{2,3})\b").unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words after which a number written as a word stands for things already
/// named ("keep the two from drifting apart"), not for a count of its own.
const NOT_A_NOUN: &[&str] = &[
    "from", "of", "to", "and", "or", "in", "on", "at", "with", "apart", "together", "are", "is",
    "were", "was", "will", "would", "can", "could", "should", "must", "do", "does", "that",
    "which", "who",
];

/// A small number in words used as a pronoun: "the two from drifting apart".
/// A rephrasing may name the two things instead; it is no fact to keep.
fn pronoun(written: &str, q: &Quantity) -> bool {
    let Quantity::Count(v, next) = q else {
        return false;
    };
    *v <= 10.0
        && written.chars().all(char::is_alphabetic)
        && next.as_deref().is_none_or(|n| NOT_A_NOUN.contains(&n))
}

/// Every number and every name in code (a field, a table) of `canonical`
/// kept, and no number invented beyond `known` texts.
pub(super) fn check(reply: &str, canonical: &str, known: &[&str]) -> Result<(), Slip> {
    for name in IDENTIFIER.find_iter(canonical) {
        if !IDENTIFIER
            .find_iter(reply)
            .any(|m| m.as_str() == name.as_str())
        {
            return Err(Slip::Dropped(name.as_str().to_string()));
        }
    }
    // A percentile is a fact: p99 stays p99 (or "the 99th percentile").
    for p in PERCENTILE.captures_iter(canonical) {
        let n = &p[1];
        let kept = PERCENTILE.captures_iter(reply).any(|q| &q[1] == n)
            || reply.to_lowercase().contains(&format!("{n}th percentile"))
            || reply.to_lowercase().contains(&format!("{n}th-percentile"));
        if !kept {
            return Err(Slip::Dropped(format!("p{n}")));
        }
    }
    let mine = quantities(reply);
    let theirs: Vec<Quantity> = crate::quantity::quantities_at(canonical)
        .into_iter()
        .filter(|(at, q)| !pronoun(&canonical[at.clone()], q))
        .map(|(_, q)| q)
        .collect();
    // Numbers in any form the table has: counts, times, and the number inside a time.
    let values: Vec<f64> = std::iter::once(canonical)
        .chain(known.iter().copied())
        .flat_map(crate::quantity::numbers)
        .collect();
    let said = crate::quantity::numbers(reply);
    for q in &theirs {
        let kept = match q {
            Quantity::Time(ms) => mine.contains(&Quantity::Time(*ms)),
            Quantity::Count(v, noun) => {
                // "One region" said as "all three regions" is a changed fact.
                let recounted = noun.as_deref().is_some_and(|n| {
                    let n = stem(n);
                    mine.iter()
                        .any(|m| matches!(m, Quantity::Count(w, Some(o)) if w != v && stem(o) == n))
                        && !mine.contains(q)
                });
                !recounted && (*v == 1.0 || said.contains(v))
            }
        };
        if !kept {
            return Err(Slip::Dropped(shown(q)));
        }
    }
    // A new measure is an invented fact; small counts ("the two", "three
    // things") and times of day in an example ("flagged at 9:00") are not.
    for q in &mine {
        if let Quantity::Count(v, noun) = q {
            let fact = *v > 10.0 || v.fract() != 0.0;
            let meta = noun.as_deref().is_some_and(|n| META_NOUNS.contains(&n));
            if fact && !meta && !values.contains(v) && !clock(reply, *v) {
                return Err(Slip::Invented(shown(q)));
            }
        }
    }
    Ok(())
}
