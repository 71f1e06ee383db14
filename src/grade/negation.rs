//! Whether a negation reaches a phrase: "we don't need retries", "lineage is
//! overkill". A negation cue counts within a few words before the phrase or
//! after it, up to a comma or a word that turns the sentence ("but", "while");
//! pseudo-negations ("not only", "no single point of failure") do not count.

use super::analyse::Hit;
use crate::rubric::Cue;
use crate::text;

/// Words a negation cue reaches before a phrase, and after it.
const NEGATION_BEFORE: usize = 6;
const NEGATION_AFTER: usize = 6;

/// True when a negation cue reaches the words `w` of the sentence.
pub(super) fn negated(hits: &[Hit], tokens: &[text::Token], w: (usize, usize)) -> bool {
    let inside_pseudo = |x: (usize, usize)| {
        hits.iter()
            .any(|p| p.cue == Cue::Pseudo && p.words.0 <= x.0 && x.1 <= p.words.1)
    };
    if inside_pseudo(w) {
        return false;
    }
    let is = |cue: Cue, i: usize| {
        hits.iter()
            .any(|h| h.cue == cue && h.words.0 <= i && i < h.words.1)
    };
    let cue_at = |cue: Cue, i: usize| {
        hits.iter()
            .any(|h| h.cue == cue && h.words.0 == i && !inside_pseudo(h.words))
    };
    // Before: walk back from the phrase, stopping at a stop word or a comma.
    let lo = w.0.saturating_sub(NEGATION_BEFORE);
    for i in (lo..w.0).rev() {
        if is(Cue::Stop, i) || tokens[i].comma_after {
            break;
        }
        if cue_at(Cue::NegBefore, i) {
            return true;
        }
    }
    // After: walk forward, stopping the same way.
    if tokens[w.1 - 1].comma_after {
        return false;
    }
    let hi = (w.1 + NEGATION_AFTER).min(tokens.len());
    for (i, token) in tokens.iter().enumerate().take(hi).skip(w.1) {
        if is(Cue::Stop, i) {
            break;
        }
        if cue_at(Cue::NegAfter, i) {
            return true;
        }
        if token.comma_after {
            break;
        }
    }
    false
}
