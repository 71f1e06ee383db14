//! What a sentence takes on from the sentences around it: a heading from
//! the lines under it, and in a written design a sentence from its
//! neighbour in the paragraph; and, in a written design, what a list of
//! techniques does not hold.

use super::*;

/// A Markdown heading stands for the lines under it: it takes on their numbers,
/// times, reasons and mechanism, so "## Child profile deletion" over bullets of
/// deadlines counts as a statement about deletion with those deadlines.
pub(in crate::grade) fn lend_sections(sentences: &mut [Analysed<'_>]) {
    for i in 0..sentences.len() {
        if !sentences[i].heading {
            continue;
        }
        let turn = sentences[i].turn;
        let mut j = i + 1;
        let (mut number, mut runtime, mut duration, mut reason, mut mechanism) =
            (false, false, false, false, None);
        while j < sentences.len() && sentences[j].turn == turn && !sentences[j].heading {
            let s = &sentences[j];
            number |= s.number;
            runtime |= s.runtime;
            duration |= s.duration;
            reason |= s.reason;
            mechanism = mechanism.or(s.mechanism);
            j += 1;
        }
        let h = &mut sentences[i];
        h.number |= number;
        h.runtime |= runtime;
        h.duration |= duration;
        h.reason |= reason;
        h.mechanism = h.mechanism.or(mechanism);
    }
}

/// In a written design, a sentence of a paragraph takes on the mechanism of
/// the sentence before or after it, when the two speak of the same thing: a
/// note explains across sentences ("When a message arrives, a lock is taken
/// on its base path. The lock keeps two writers of one page apart."), where
/// an answer in an interview is asked for the how of each point. Only a
/// sentence with a mechanism of its own lends one; a void sentence neither
/// lends nor borrows; and a sentence that names more than
/// [`BORROWER_CONCEPTS`] concepts borrows nothing, so a line of jargon
/// beside one concrete sentence stays jargon.
pub(in crate::grade) fn lend_neighbours(sentences: &mut [Analysed<'_>]) {
    let own: Vec<Option<Mechanism>> = sentences.iter().map(|s| s.mechanism).collect();
    let content: Vec<Vec<u32>> = sentences.iter().map(content_words).collect();
    for i in 0..sentences.len() {
        let s = &sentences[i];
        if own[i].is_some() || s.void.is_some() || s.concepts().len() > BORROWER_CONCEPTS {
            continue;
        }
        let lends = |j: usize| {
            let n = &sentences[j];
            n.turn == s.turn
                && n.void.is_none()
                && own[j].is_some()
                && common_count(&content[i], &content[j]) > 0
        };
        let from = [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .find(|&j| j < sentences.len() && lends(j));
        if let Some(j) = from {
            sentences[i].mechanism = own[j];
        }
    }
}

/// In a written design, a sentence that enumerates [`LIST_CONCEPTS`]
/// concepts or more (two commas or "and"s at least) and holds no mechanism
/// beyond a part doing a thing holds none: "Serving leverages a
/// cache-friendly architecture with backpressure, load shedding and adaptive
/// timeouts" lists techniques, where "the consumer dedupes on event id and
/// quarantines malformed rows" gives a key. A list with a number, a key or a
/// condition keeps its mechanism.
pub(in crate::grade) fn unlist(sentences: &mut [Analysed<'_>]) {
    for s in sentences.iter_mut() {
        let joins = s
            .places
            .iter()
            .filter(|p| p.comma_after || matches!(&s.text[p.span.clone()], "and" | "or"))
            .count();
        let enumerated = joins >= 2;
        if s.mechanism == Some(Mechanism::Component)
            && enumerated
            && s.concepts().len() >= LIST_CONCEPTS
        {
            s.mechanism = None;
        }
    }
}

/// How many concepts make a sentence a list of techniques.
const LIST_CONCEPTS: usize = 3;

/// The most concepts a sentence may name and still borrow a mechanism.
const BORROWER_CONCEPTS: usize = 2;

/// The sentence's words that are not function words, as a sorted set of ids.
fn content_words(s: &Analysed<'_>) -> Vec<u32> {
    let ids: Vec<u32> = s
        .ids
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !s.hits
                .iter()
                .any(|h| h.cue == Cue::Function && h.words.0 <= *i && *i < h.words.1)
        })
        .map(|(_, &id)| id)
        .collect();
    sorted_set(&ids)
}
