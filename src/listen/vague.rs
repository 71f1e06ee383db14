//! What is vague and what has substance in an answer: the topics it named
//! without anything specific, a hand-wave and where it stands, an answer
//! that is mostly hand-waving or gives no number of its own, and which topics
//! an answer spoke of. Pure; read from the grader's sentences
//! ([`Said`]) and the lexicon of `prompts/listening.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::quote::{clause_after, clause_around, quote_at, shorten};
use super::{Ear, Placed, TAG_WORDS};
use crate::grade::{Report, Said};
use crate::interview::heard::{Heard, Vague};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};
use crate::transcript::Turn;
use crate::vocab::Role;

/// The criteria the answers `keep` picks (by sequence number) spoke of —
/// the grader's evidence and near misses in them, then the topics' own words
/// where the rubric's phrases did not catch them — each with a verbatim span,
/// so asking about a topic quotes what was said.
pub(super) fn spoken(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    keep: impl Fn(u64) -> bool,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in &report.criteria {
        let quote = c
            .evidence
            .iter()
            .map(|e| (e.seq, &e.quote, &e.matched))
            .chain(c.near_misses.iter().map(|m| (m.seq, &m.quote, &m.matched)))
            .filter(|(s, _, _)| keep(*s))
            .find_map(|(_, q, m)| shorten(q, m.first().map(String::as_str)));
        if let Some(q) = quote {
            out.insert(c.id.clone(), q);
        }
    }
    for s in said.iter().filter(|s| keep(s.seq)) {
        for (criterion, re) in &ear.topics {
            if out.contains_key(criterion) {
                continue;
            }
            if let Some(q) = re
                .find(&s.quote)
                .and_then(|m| shorten(&s.quote, Some(m.as_str())))
            {
                out.insert(criterion.clone(), q);
            }
        }
    }
    out
}

/// `answer` holds a number the interviewer's turns do not: "120 for ranking"
/// after "ranking gets about 120" adds none.
pub(super) fn new_numbers(turns: &[Turn], answer: &str) -> bool {
    let given: Vec<f64> = turns
        .iter()
        .filter(|t| t.role == Role::Interviewer)
        .flat_map(|t| quantity::numbers(&t.text))
        .collect();
    quantity::numbers(answer)
        .into_iter()
        .any(|n| !given.iter().any(|g| (g - n).abs() < f64::EPSILON))
}

/// Sentences of the last answer with nothing specific in them, on a topic the
/// rubric's phrases did not catch — even one covered earlier: a vague answer
/// to the question just asked is probed on its own terms (the policy decides).
/// A plainer sign of a topic replaces a weaker one.
pub(super) fn vague_topics(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    facts: Option<&Facts>,
    last: Option<&Turn>,
    heard: &Heard,
    vague: &mut Vec<Placed>,
) {
    let text = last.map_or("", |t| t.text.as_str());
    for s in said.iter().filter(|s| Some(s.seq) == heard.last_answer) {
        for (order, (criterion, re)) in ear.topics.iter().enumerate() {
            // Of the topic's words in the sentence, the plainest hand-wave:
            // "Monitoring: precision, queue sizes - and generally we'd keep an
            // eye on things" waves at its end.
            let Some((strength, m)) = re
                .find_iter(&s.quote)
                .filter_map(|m| {
                    let waved = waved_at(ear, &s.quote, m.range());
                    if !waved && substance(ear, s, criterion, facts) {
                        return None;
                    }
                    Some((u8::from(!waved && !hedged_at(ear, s, m.range())), m))
                })
                .min_by_key(|(strength, _)| *strength)
            else {
                continue;
            };
            // A plainer sign of the same topic replaces a weaker one (the
            // grader's near miss on "we'd monitor everything" is strength 2; the
            // hand-wave itself is 0).
            match vague.iter().position(|(_, _, v)| &v.criterion == criterion) {
                Some(i) if vague[i].2.strength <= strength => continue,
                Some(i) => {
                    vague.remove(i);
                }
                None => {}
            }
            if let Some(quote) = shorten(&s.quote, Some(m.as_str())) {
                let at = text.find(&s.quote).unwrap_or(0) + m.start();
                vague.push((
                    at as u64,
                    report.criteria.len() + order,
                    Vague {
                        criterion: criterion.clone(),
                        quote,
                        strength,
                    },
                ));
            }
        }
    }
}

/// Drops the hand-waves on topics the same answer then gave substance on,
/// orders the rest, and notes an answer with nothing specific at all.
pub(super) fn settle_vague(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    facts: Option<&Facts>,
    mut vague: Vec<Placed>,
    heard: &mut Heard,
) {
    // A topic this same answer earned credit on with substance was not left
    // vague: an outline's heading ("Labels - two of them") is followed by it.
    let credited_now: BTreeSet<&str> = report
        .criteria
        .iter()
        .filter(|c| {
            c.evidence.iter().any(|e| {
                Some(e.seq) == heard.last_answer
                    && said_with_substance(ear, said, e.seq, &e.quote, &c.id, facts)
            })
        })
        .map(|c| c.id.as_str())
        .collect();
    vague.retain(|(_, _, v)| v.strength == 0 || !credited_now.contains(v.criterion.as_str()));
    heard.credited_now = credited_now.iter().map(|c| c.to_string()).collect();
    vague.sort_by_key(|(at, order, v)| (v.strength, *at, *order));
    let sentences: Vec<&Said> = said
        .iter()
        .filter(|s| Some(s.seq) == heard.last_answer)
        .collect();
    let plain_ones: Vec<&&Said> = sentences.iter().filter(|s| plain(ear, s, facts)).collect();
    if !sentences.is_empty() && plain_ones.len() == sentences.len() {
        heard.plain = plain_ones.iter().find_map(|s| shorten(&s.quote, None));
    }
    // Mostly nothing specific (no number, time or key either), and nothing
    // earned with substance: an answer that says something concrete about
    // another topic is not a hand-wave, whatever it left out.
    let thin: Vec<&&&Said> = plain_ones.iter().filter(|s| !s.specific).collect();
    if thin.len() * 2 >= sentences.len() && credited_now.is_empty() {
        heard.thin = thin.iter().find_map(|s| {
            let h = ear.hedges.as_ref()?.find(&s.quote)?;
            quote_at(&s.quote, h.range())
        });
    }
    heard.vague = vague.into_iter().map(|(_, _, v)| v).collect();
}

/// A hand-wave in the clause of `sentence` at `at`, or in a short one right
/// after it that comments on it, with no number in either: vague whatever
/// else the sentence holds ("120 ms in one region - we'd have a timeout and
/// fall back to something sensible"; "Sinks retry, standard stuff").
fn waved_at(ear: &Ear, sentence: &str, at: Range<usize>) -> bool {
    let Some(h) = &ear.hedges else {
        return false;
    };
    let clause = clause_around(sentence, at.clone());
    let after = clause_after(sentence, at);
    let after = if after.split_whitespace().count() <= TAG_WORDS {
        after
    } else {
        ""
    };
    let digit = |t: &str| t.contains(|c: char| c.is_ascii_digit());
    (h.is_match(clause) || h.is_match(after)) && !digit(clause) && !digit(after)
}

/// A hand-wave: the rubric's hedges, or `listening.toml`'s ("somehow",
/// "probably", "we'd handle it").
fn hedged(ear: &Ear, s: &Said) -> bool {
    s.hedged || ear.hedges.as_ref().is_some_and(|h| h.is_match(&s.quote))
}

/// A hand-wave about the words at `at`: a hedge of `listening.toml`'s in the
/// same clause ("the model trains from there, probably a tree" does not make
/// "the model trains from there" a hand-wave), or the rubric's hedge when the
/// sentence holds none of `listening.toml`'s to place it.
fn hedged_at(ear: &Ear, s: &Said, at: Range<usize>) -> bool {
    let Some(h) = &ear.hedges else {
        return s.hedged;
    };
    if !h.is_match(&s.quote) {
        return s.hedged;
    }
    h.is_match(clause_around(&s.quote, at))
}

/// The sentence says something of substance on `criterion`: it is not plain,
/// and on a topic of `[specifics]` it holds a number, a time, a key or one of
/// the topic's own words.
fn substance(ear: &Ear, s: &Said, criterion: &str, facts: Option<&Facts>) -> bool {
    if plain(ear, s, facts) {
        return false;
    }
    match ear.specifics.get(criterion) {
        None => true,
        Some(words) => s.specific || words.as_ref().is_some_and(|w| w.is_match(&s.quote)),
    }
}

/// The grader's sentence `quote` of answer `seq` says something of substance
/// on `criterion` ([`substance`]).
pub(super) fn said_with_substance(
    ear: &Ear,
    said: &[Said],
    seq: u64,
    quote: &str,
    criterion: &str,
    facts: Option<&Facts>,
) -> bool {
    said.iter()
        .any(|s| s.seq == seq && s.quote == quote && substance(ear, s, criterion, facts))
}

/// A vague sentence: hedged, or with no mechanism at all, or whose only
/// numbers are the case's own budget restated.
pub(super) fn plain(ear: &Ear, s: &Said, facts: Option<&Facts>) -> bool {
    if hedged(ear, s) || !s.mechanism {
        return true;
    }
    if !s.specific {
        return false;
    }
    let Some(f) = facts else {
        return false;
    };
    // "Keep the whole thing under 80 ms" restates the case's budget: the
    // numbers are the case's, with the budget among them.
    let own = quantity::quantities_at(&s.quote);
    own.iter()
        .any(|(_, q)| matches!(q, Quantity::Time(ms) if *ms == f.latency_p99_ms))
        && own.iter().all(|(_, q)| match q {
            Quantity::Time(ms) => *ms == f.latency_p99_ms,
            Quantity::Count(v, _) => f
                .stated
                .iter()
                .any(|s| matches!(s, Quantity::Count(c, _) if c == v)),
        })
}
