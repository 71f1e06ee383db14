//! Whether a negation reaches a phrase: "we don't need retries", "lineage is
//! overkill". A negation cue counts within a few words before the phrase or
//! after it, up to a comma or a word that turns the sentence ("but", "while");
//! pseudo-negations ("not only", "no single point of failure") do not count.
//! The cues of a sentence are laid out once per word ([`Frame`]), so each
//! phrase is judged by a short walk.

use crate::rubric::Cue;
use crate::text;

/// Words a negation cue reaches before a phrase, and after it.
const NEGATION_BEFORE: usize = 6;
const NEGATION_AFTER: usize = 6;

/// A sentence's negation cues, word by word.
pub(super) struct Frame {
    /// A word that ends a negation's reach ("but", "while").
    stop: Vec<bool>,
    /// A negation cue ("not", "never") starts at this word.
    before: Vec<bool>,
    /// A trailing negation cue ("overkill", "not needed") starts here.
    after: Vec<bool>,
    pseudo: Vec<(usize, usize)>,
}

impl Frame {
    /// The frame of a sentence of `words` words with these cues at these word spans.
    pub fn new(hits: &[(Cue, (usize, usize))], words: usize) -> Frame {
        let pseudo: Vec<(usize, usize)> = hits
            .iter()
            .filter(|(cue, _)| *cue == Cue::Pseudo)
            .map(|(_, w)| *w)
            .collect();
        let inside_pseudo = |w: (usize, usize)| pseudo.iter().any(|p| p.0 <= w.0 && w.1 <= p.1);
        let mut stop = vec![false; words];
        let mut before = vec![false; words];
        let mut after = vec![false; words];
        for &(cue, w) in hits {
            match cue {
                Cue::Stop => stop[w.0..w.1].iter_mut().for_each(|s| *s = true),
                Cue::NegBefore if !inside_pseudo(w) => before[w.0] = true,
                Cue::NegAfter if !inside_pseudo(w) => after[w.0] = true,
                _ => {}
            }
        }
        Frame {
            stop,
            before,
            after,
            pseudo,
        }
    }

    /// True when a negation cue reaches the words `w` of the sentence.
    pub fn negated(&self, tokens: &[text::Place], w: (usize, usize)) -> bool {
        if self.pseudo.iter().any(|p| p.0 <= w.0 && w.1 <= p.1) {
            return false;
        }
        // Before: walk back from the phrase, stopping at a stop word or a comma.
        let lo = w.0.saturating_sub(NEGATION_BEFORE);
        for i in (lo..w.0).rev() {
            if self.stop[i] || tokens[i].comma_after {
                break;
            }
            if self.before[i] {
                return true;
            }
        }
        // After: walk forward, stopping the same way.
        if tokens[w.1 - 1].comma_after {
            return false;
        }
        let hi = (w.1 + NEGATION_AFTER).min(tokens.len());
        for (i, token) in tokens.iter().enumerate().take(hi).skip(w.1) {
            if self.stop[i] {
                break;
            }
            if self.after[i] {
                return true;
            }
            if token.comma_after {
                break;
            }
        }
        false
    }
}
