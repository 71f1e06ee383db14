//! What a reply asks: its question clauses and imperatives ("Walk me
//! through…"), which of them are yes/no questions, and how many parts a
//! prepared question has.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::sentence_spans;

/// Verbs that make an ask of a sentence that starts with them ("Describe…",
/// "Design the system…") or of a polite question ("Could you sketch…").
/// Not "assume", "suppose" or "take": they set up a scene ("Take a single
/// request where…") rather than ask.
const ASKING_VERBS: &str = "walk|talk|describe|explain|sketch|draw|design|build|outline|lay out|go through|list|name|estimate|share|provide|present|summari[sz]e|trace|compare|justify|propose|define|identify|prioriti[sz]e|rank|quantify|detail|spell out|clarify|elaborate|expand|brief|defend|(?:take|walk|talk) (?:me|us) through";

/// An ask without a question mark: "Walk me through…", "Tell me three
/// things: …", "For the new shape, describe…", "I'd like to hear…".
static IMPERATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?im)(?:^|[.!:;—–"”]\s+|\n)\s*(?:please\s+|now\s+|so\s+)?(?:(?:{ASKING_VERBS})\b|(?:tell|show|give|run|remind)\s+(?:me|us)\b|take\s+(?:me|us)\s+(?:from|through)\b)|,\s+(?:(?:but|and|then|so)\s+)?(?:please\s+)?(?:(?:walk|talk|take)\s+(?:me|us)|describe|explain|sketch|design|outline|summari[sz]e|estimate|compare|justify|propose|define|identify|quantify|clarify|elaborate|(?:tell|show|give)\s+(?:me|us))\b|(?:i'?d|i would) (?:like|love) (?:you )?to (?:hear|see|know|understand|walk|go|talk)|\blet'?s (?:hear|see|walk|go through)|\bi want (?:you )?to (?:hear|see|know|understand)|\bi want you to\b"#
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A sentence that frames the ask to come: "I'd like to understand how you
/// spend the budget." followed by the question itself.
static FRAMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:i'?d|i would) (?:like|love)|i want|let'?s)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Where an ask can begin inside a question: a wh-word at the start or after
/// a comma, dash, colon, semicolon or joining word (group 1); or an auxiliary
/// and its subject at the start or after a joining word or dash (group 2).
static ASK_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[,;:—–]\s*|\s-\s|\b(?:and|or|but|so|then|also)\s+)(?:(?:and|or|but|so|then|also)\s+)?(?:(?:at|in|on|for|by|from|to|with|under|after|before|until|within)\s+)?(what|who|whom|whose|how|which|why|when|where)\b|(?:^|[;—–]\s*|\b(?:and|or|but|so|then|also),?\s+)(would|wouldn'?t|do|does|doesn'?t|don'?t|did|didn'?t|is|isn'?t|are|aren'?t|was|wasn'?t|were|can|can'?t|could|couldn'?t|should|shouldn'?t|will|won'?t|has|have|had|may|might|must)\s+(?:you|we|it|they|that|this|there|the|a|an|your|any|anyone|anything|each|every|some)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A yes/no question after a preface: "For a new video, would a small slot…".
static INNER_YES_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[,:]\s*)(would|wouldn'?t|do|does|doesn'?t|don'?t|did|is|isn'?t|are|aren'?t|can|could|should|shouldn'?t|will)\s+(?:you|we|it|they|that|this|there|the|a|an|your|any)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A polite imperative dressed as a yes/no question: "Could you walk me
/// through…", "Can you tell me…".
static POLITE_ASK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:(?:{ASKING_VERBS})\b|(?:tell|give|show|run)\s+(?:me|us)\b)"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// One thing a reply asks the candidate.
#[derive(Debug)]
pub(super) struct Ask<'t> {
    /// From its interrogative word on (a preface such as "Since a click can
    /// arrive late," is not part of what is asked); a whole imperative sentence.
    pub text: &'t str,
    /// The whole sentence the ask is in.
    pub sentence: &'t str,
    /// Answerable with yes or no ("Would you join on…?"), which turns an open
    /// question into a proposal.
    pub yes_no: bool,
    /// A question (with a question mark), not an imperative.
    pub question: bool,
}

/// The asks in a text, and what follows the last one.
pub(super) fn asks_in(text: &str) -> (Vec<Ask<'_>>, &str) {
    let mut asks = Vec::new();
    let mut end = None;
    for s in sentence_spans(text) {
        let sentence = &text[s.span.clone()];
        if sentence.contains('?') {
            let mut from = 0;
            for (at, _) in sentence.match_indices('?') {
                asks.extend(clauses(&sentence[from..at], sentence));
                from = at + 1;
            }
            end = Some(s.span.start + sentence.rfind('?').map_or(0, |i| i + 1));
        } else if IMPERATIVE.is_match(sentence) {
            asks.push(Ask {
                text: sentence,
                sentence,
                yes_no: false,
                question: false,
            });
            end = Some(s.span.end);
        }
    }
    // "I'd like to understand how you spend the budget." frames the ask
    // beside it; it is an ask only when nothing else is.
    let framing = |a: &Ask<'_>| !a.question && FRAMING.is_match(a.sentence);
    if asks.iter().any(|a| !framing(a)) {
        asks.retain(|a| !framing(a));
    }
    (asks, end.map_or("", |e| &text[e..]))
}

/// The interrogative clauses of one question ("where do they live, and how do
/// you keep them equal" is two).
fn clauses<'t>(segment: &'t str, sentence: &'t str) -> Vec<Ask<'t>> {
    let segment = segment.trim();
    if segment.is_empty() || !segment.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    let heads: Vec<(usize, usize)> = ASK_HEAD
        .captures_iter(segment)
        .filter_map(|c| {
            let word = c.get(1).or_else(|| c.get(2))?;
            Some((c.get(0).map_or(0, |w| w.start()), word.start()))
        })
        .collect();
    let mut out = Vec::new();
    // A yes/no question behind a preface, before the first wh-clause: "With
    // weeks of old rows, would you backfill, and how…".
    let first = heads.first().map_or(segment.len(), |&(start, _)| start);
    if first > 0 && !heads.is_empty() {
        if let Some(m) = INNER_YES_NO.find(&segment[..first]) {
            let asked = segment[m.start()..first].trim_start_matches([',', ':', ' ']);
            out.push(Ask {
                text: asked,
                sentence,
                yes_no: !POLITE_ASK.is_match(asked),
                question: true,
            });
        }
    }
    for (i, &(_, word)) in heads.iter().enumerate() {
        let to = heads.get(i + 1).map_or(segment.len(), |&(start, _)| start);
        let asked = &segment[word..to];
        if i + 1 < heads.len() && segment[to..].trim_start().starts_with(',') && lead_in(asked) {
            continue;
        }
        out.push(Ask {
            text: asked,
            sentence,
            yes_no: !is_wh(asked) && !POLITE_ASK.is_match(asked),
            question: true,
        });
    }
    if out.is_empty() {
        // A declarative question ("You'd put the cache where?"), or a yes/no
        // question behind a preface ("For a new video, would a … get it in?").
        let polite = segment
            .rfind([',', ':'])
            .is_some_and(|i| POLITE_ASK.is_match(segment[i + 1..].trim_start()));
        out.push(Ask {
            text: segment,
            sentence,
            yes_no: INNER_YES_NO.is_match(segment) && !is_wh(segment) && !polite,
            question: true,
        });
    }
    out
}

/// True when a clause set off by a comma is a time or place that leads into
/// the question ("When a user deletes their account, where…"), not a
/// question itself ("When does the label become final, and…").
fn lead_in(clause: &str) -> bool {
    let words: Vec<String> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let inverted = words.windows(2).any(|w| {
        matches!(
            w[0].as_str(),
            "do" | "does"
                | "did"
                | "is"
                | "are"
                | "was"
                | "were"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "must"
                | "might"
                | "may"
                | "has"
                | "have"
                | "had"
        ) && matches!(
            w[1].as_str(),
            "you"
                | "we"
                | "it"
                | "they"
                | "the"
                | "a"
                | "an"
                | "your"
                | "this"
                | "that"
                | "there"
                | "its"
                | "their"
                | "our"
                | "i"
        )
    });
    matches!(
        words.first().map(String::as_str),
        Some("when" | "where" | "whenever" | "wherever")
    ) && !inverted
}

/// True when a clause opens with a wh-word.
fn is_wh(clause: &str) -> bool {
    let first = clause
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or_default()
        .to_lowercase();
    matches!(
        first.as_str(),
        "what" | "who" | "whom" | "whose" | "how" | "which" | "why" | "when" | "where"
    )
}

/// How many parts a list of asks has: each question clause is one, each
/// imperative as many as the items of its list ("Walk me through what breaks,
/// how you would find out, and what you would do first" has three).
pub(super) fn parts_of(asks: &[Ask<'_>]) -> usize {
    asks.iter()
        .map(|a| {
            if a.question {
                1
            } else {
                1 + a.text.matches([',', ';', ':']).count() + a.text.matches(" and ").count()
            }
        })
        .sum()
}
