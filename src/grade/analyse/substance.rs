//! Signs of substance in one sentence, beyond the phrases it matched: a stated
//! mechanism (how something happens, in named or plain words), reasons that are
//! reasons (a cause or purpose clause tied to a choice), and whether the words
//! around a phrase are ones the rubric knows.

use super::*;

/// Word positions of hits with `cue`.
fn starts(hits: &[Hit], pred: impl Fn(Cue) -> bool) -> Vec<(usize, usize)> {
    hits.iter()
        .filter(|h| pred(h.cue))
        .map(|h| h.words)
        .collect()
}

/// The mechanism a sentence holds, if any.
pub(super) fn mechanism(
    raw: &str,
    hits: &[Hit],
    words: &[&str],
    number: bool,
) -> Option<Mechanism> {
    if number {
        return Some(Mechanism::Number);
    }
    let entities = starts(hits, |c| c == Cue::Entity);
    let key_word = |i: usize| {
        words
            .get(i)
            .is_some_and(|t| matches!(*t, "id" | "ids" | "key" | "keys"))
    };
    // "On the key metrics" names no key: the entity after the preposition
    // must be a thing, not the word "key" itself.
    let is_key = |s: usize| words.get(s).is_some_and(|t| matches!(*t, "key" | "keys"));
    let keyed = entities
        .iter()
        .filter(|&&(s, _)| !is_key(s))
        .any(|&(s, e)| {
            key_word(e)
                || (s > 0
                    && words
                        .get(s - 1)
                        .is_some_and(|t| matches!(*t, "by" | "per" | "under" | "on" | "each")))
                || (s > 1
                    && matches!(words[s - 2], "by" | "per" | "under" | "on")
                    && matches!(words[s - 1], "the" | "its" | "their" | "a"))
        });
    let id_word = words
        .iter()
        .any(|t| matches!(*t, "id" | "ids" | "uuid" | "uuids"));
    let maybe_identifier = raw.contains(['_', '`'])
        || raw
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    if keyed || id_word || (maybe_identifier && IDENTIFIER.is_match(raw)) {
        return Some(Mechanism::Key);
    }
    // A condition with an action, or a component doing a thing, is a clause,
    // with the small words of one; a list of nouns and verbs is not.
    let function_words = hits.iter().filter(|h| h.cue == Cue::Function).count();
    if function_words < 2 {
        return None;
    }
    let actions = starts(hits, |c| c == Cue::Action);
    // "once" inside "exactly once" is a name, not a condition.
    let inside_concept = |w: (usize, usize)| {
        hits.iter().any(|h| {
            matches!(h.cue, Cue::Concept(_)) && h.words.0 <= w.0 && w.1 <= h.words.1 && h.words != w
        })
    };
    let conditions: Vec<(usize, usize)> = starts(hits, |c| c == Cue::Condition)
        .into_iter()
        .filter(|w| !inside_concept(*w))
        .collect();
    if (conditions
        .iter()
        .any(|&(_, ce)| actions.iter().any(|&(a, _)| a >= ce)))
        || (ARROW.is_match(raw) && !actions.is_empty())
    {
        return Some(Mechanism::Condition);
    }
    let components = starts(hits, |c| c == Cue::Component);
    let acts = components.iter().any(|&(cs, ce)| {
        actions.iter().any(|&(a, ae)| {
            let apart = if a >= ce {
                a - ce
            } else {
                cs.saturating_sub(ae)
            };
            (a >= ce || ae <= cs) && apart <= COMPONENT_REACH
        })
    });
    acts.then_some(Mechanism::Component)
}

/// (holds a real reason, holds only bogus causal reasons).
pub(super) fn reasons(hits: &[Hit], tokens: &[Place], words: &[&str]) -> (bool, bool) {
    let consequences = starts(hits, |c| c == Cue::Consequence);
    let clause_end = |from: usize| {
        let mut end = (from + REASON_REACH).min(tokens.len());
        for (i, t) in tokens.iter().enumerate().take(end).skip(from) {
            if t.comma_after {
                end = i + 1;
                break;
            }
        }
        end
    };
    let mut real = false;
    let mut bogus = false;
    for h in hits {
        match h.cue {
            Cue::Reason | Cue::Purpose => {
                let (from, to) = (h.words.1, clause_end(h.words.1));
                if consequences.iter().any(|&(s, _)| s >= from && s < to) {
                    real = true;
                } else if h.cue == Cue::Reason && !known_enough(hits, words, from, to) {
                    bogus = true;
                }
            }
            Cue::Tradeoff if !consequences.is_empty() => real = true,
            _ => {}
        }
    }
    (real, bogus && !real)
}

/// True when at least half the content words of `tokens[from..to]` (not numbers,
/// not function words) are words of the domain: any rubric phrase or cue other
/// than units, negations and the reason cues themselves.
fn known_enough(hits: &[Hit], tokens: &[&str], from: usize, to: usize) -> bool {
    let mut content = 0;
    let mut known = 0;
    for (i, token) in tokens.iter().enumerate().take(to).skip(from) {
        let function = hits
            .iter()
            .any(|h| h.cue == Cue::Function && h.words.0 <= i && i < h.words.1);
        if function {
            continue;
        }
        let is_number = token.chars().next().is_some_and(|c| c.is_ascii_digit());
        if is_number {
            continue;
        }
        content += 1;
        let covered = hits.iter().any(|h| {
            !matches!(
                h.cue,
                Cue::Function
                    | Cue::Stop
                    | Cue::NegBefore
                    | Cue::NegAfter
                    | Cue::Pseudo
                    | Cue::Reason
                    | Cue::Purpose
                    | Cue::Unit
            ) && h.words.0 <= i
                && i < h.words.1
        });
        if covered {
            known += 1;
        }
    }
    content < 2 || known * 2 >= content
}
