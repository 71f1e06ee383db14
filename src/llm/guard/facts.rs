//! The facts of a rephrased question: every number the prepared question
//! states must still be there (a time as the same time), and no measure may
//! appear that nothing on the table (the question, the case, the candidate)
//! has stated.

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

/// Every number of `canonical` kept, and none invented beyond `known` texts.
pub(super) fn check(reply: &str, canonical: &str, known: &[&str]) -> Result<(), Slip> {
    let mine = quantities(reply);
    let theirs = quantities(canonical);
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
