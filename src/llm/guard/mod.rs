//! Keeps a local model on the rails. Every interviewer turn a model writes is
//! checked before the candidate sees it; a failing reply is replaced by the
//! prepared text from `prompts/`, and the transcript records why. Pure.
//!
//! What a reply must be, by kind of turn:
//! - every turn: in English, not a loop, not its instructions leaking back, no
//!   line written as the candidate (or any other speaker);
//! - a question (opening or follow-up): asks what the prepared question asks —
//!   all of its parts, with its numbers, and nothing more — as questions or
//!   imperatives ("Walk me through…"); not an earlier question again; no
//!   praise or verdict on the answer; no answer of its own, no leading
//!   question, no word on what a strong answer holds, no rubric concepts that
//!   neither the question, the case nor the candidate has brought up; and it
//!   ends on its question;
//! - feedback: the prepared score and verdict, and no other.
//!
//! The map: [`asks`] finds what a reply asks, [`words`] what it is about
//! (with [`synonyms`], the words rephrasing swaps),
//! [`facts`] its numbers, [`phrases`] what it may not say, [`feedback`] the
//! debrief. Measured on labelled replies written blind (`tests/guard_set.rs`).

mod asks;
mod facts;
mod feedback;
mod phrases;
mod synonyms;
mod words;

use std::collections::{BTreeSet, HashMap};

use crate::grade::concepts_in;
use crate::rubric::Rubric;
use crate::text::tokens_of;
use crate::vocab::{Phase, TurnKind};
use asks::{Ask, asks_in, parts_of};
use phrases::{
    ANSWERING, EXAMPLE, GUESS, JUDGING, LEAK, NEGATIVE_ASK, PRAISE_OPENER, PREMISE, REVEAL,
    ROLE_SWAP, SPEAKER, VOUCHING,
};
use words::{content_stems, grounded, plain, similar, words_of};

mod question;
use question::check_question;

/// What the guard knows about the turn it judges.
#[derive(Debug, Clone, Copy)]
pub struct Turn<'a> {
    pub kind: TurnKind,
    pub phase: Phase,
    /// The prepared text the model was asked to phrase.
    pub canonical: &'a str,
    /// The instruction the model was given, whose wording must not leak back.
    pub instruction: &'a str,
    /// Everything the candidate has said so far: what a reply may restate.
    pub candidate: &'a [&'a str],
    /// The interviewer's earlier turns.
    pub earlier: &'a [&'a str],
    pub rubric: Option<&'a Rubric>,
    /// The case as the model was briefed on it: facts a reply may bring up.
    pub case: &'a str,
    /// The candidate's words the question is about (a listening move): a reply
    /// must keep them, verbatim.
    pub about: Option<&'a str>,
}

/// Why a reply cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Empty,
    Loop,
    Language(&'static str),
    Leak,
    Roleplay,
    Repeat,
    NoQuestion,
    TooManyQuestions(usize),
    DroppedPart,
    ChangedFacts(String),
    Rambling,
    Commentary,
    Claims,
    AskedTwice,
    OffTopic,
    Judging,
    Leading,
    AnswersForCandidate,
    RevealsRubric,
    Hints(Vec<String>),
    MissingScore(String),
    ChangedVerdict,
    DroppedPoint,
    /// It dropped or changed the candidate's words the question is about.
    LostQuote,
}

impl Rejection {
    /// The reason, as the transcript records it (`guard`).
    pub fn reason(&self) -> String {
        match self {
            Rejection::Empty => "the reply was empty".into(),
            Rejection::Loop => "it fell into a loop".into(),
            Rejection::Language(name) => format!("it answered in {name}"),
            Rejection::Leak => "it repeated its instructions".into(),
            Rejection::Roleplay => "it wrote the candidate's lines".into(),
            Rejection::Repeat => "it repeated an earlier question".into(),
            Rejection::NoQuestion => "it asked no question".into(),
            Rejection::TooManyQuestions(n) => format!("it asked {n} questions at once"),
            Rejection::DroppedPart => "it left out part of the question".into(),
            Rejection::ChangedFacts(what) => format!("it changed a fact of the question ({what})"),
            Rejection::Rambling => "it rambled instead of asking".into(),
            Rejection::Commentary => "it kept talking after its question".into(),
            Rejection::Claims => "it made claims the candidate did not make".into(),
            Rejection::AskedTwice => "it asked the same thing twice".into(),
            Rejection::OffTopic => "it went off the topic it was asked to cover".into(),
            Rejection::Judging => "it judged the answer instead of asking".into(),
            Rejection::Leading => "it asked a leading question".into(),
            Rejection::AnswersForCandidate => "it answered its own question".into(),
            Rejection::RevealsRubric => "it said what a strong answer contains".into(),
            Rejection::Hints(ids) => format!("it hinted at answers ({})", ids.join(", ")),
            Rejection::MissingScore(s) => format!("it did not state the score ({s})"),
            Rejection::ChangedVerdict => "it changed the score or the verdict".into(),
            Rejection::DroppedPoint => "it left out a point of the feedback".into(),
            Rejection::LostQuote => "it dropped the candidate's words the question is about".into(),
        }
    }

    /// What the candidate is told, in plain words and with no rubric internals.
    pub fn notice(&self) -> &'static str {
        match self {
            Rejection::TooManyQuestions(_) => "the interviewer asked several things at once",
            Rejection::Hints(_)
            | Rejection::RevealsRubric
            | Rejection::AnswersForCandidate
            | Rejection::Leading => "the interviewer gave away part of the answer",
            Rejection::MissingScore(_) | Rejection::ChangedVerdict | Rejection::DroppedPoint => {
                "the interviewer misquoted the grade"
            }
            Rejection::DroppedPart | Rejection::ChangedFacts(_) => {
                "the interviewer misstated the question"
            }
            Rejection::OffTopic | Rejection::Repeat => "the interviewer drifted off the question",
            Rejection::Claims => "the interviewer added claims of its own",
            Rejection::LostQuote => "the interviewer misquoted you",
            _ => "the interviewer's wording went wrong",
        }
    }
}

/// Longest acceptable question, in characters: a model that rambles past this
/// has stopped interviewing.
const MAX_QUESTION_CHARS: usize = 900;

/// Words that may follow the last question ("Take a moment to gather your
/// thoughts if you need it."): more is commentary, which is where models
/// reveal, judge or answer.
const MAX_TAIL_WORDS: usize = 12;

/// How many rubric concepts a question may bring in that neither the prepared
/// question, the case nor the candidate has.
const GIVEAWAY_CONCEPTS: usize = 2;

/// Percent of an ask's content words that must be on the table (the prepared
/// question, the case, the candidate's words) for it to be on topic.
const ON_TOPIC: usize = 33;

/// The same for the sentences that hold the asks, lead-ins included: lower,
/// since a clarifying lead-in ("Thinking about prevention rather than
/// cleanup —") brings words of its own.
const ON_TOPIC_SENTENCES: usize = 30;

/// Percent of a piece's content words that must be in the reply, when it has
/// three or more, for the piece to count as kept: low, since a rephrasing
/// swaps words for synonyms.
const COVERED: usize = 33;

/// Percent of the words after the last question that the prepared question
/// must have for them to be its own sentence, restated.
const MIRRORED: usize = 60;

/// Content words a sentence besides the asks may have without being about the
/// design: an acknowledgement ("Okay, thanks for the walkthrough.").
const NEUTRAL_WORDS: usize = 2;

/// Percent of two asks' content words they share when they ask the same thing.
const SAME_TWICE: usize = 80;

/// Percent of an extra ask's content words the prepared text must have for
/// the ask to be one of its statements put as a question ("Your features
/// read both fields." as "How does this affect your features?").
const RESTATED: usize = 75;

/// Percent of an ask's content words the prepared question must have for the
/// ask to be one of its parts.
const SAME_ASK: usize = 50;

/// How often one three-word sequence may recur before a reply counts as a loop.
const LOOP_REPEATS: usize = 3;

/// How often one five-word run may be said before a reply counts as a loop.
const LOOP_PHRASE_REPEATS: usize = 3;

/// True when a reply has fallen into a loop, which small models do: one
/// three-word sequence recurring again and again, a five-word run said three
/// times, or one sentence said twice. Checked while the reply streams so it
/// can be stopped early.
pub fn looping(text: &str) -> bool {
    let words = tokens_of(text);
    if words.len() < 8 {
        return false;
    }
    let runs = |n: usize, limit: usize| {
        let mut seen: HashMap<&[String], usize> = HashMap::new();
        words.windows(n).any(|w| {
            let k = seen.entry(w).or_default();
            *k += 1;
            *k >= limit
        })
    };
    let mut sentences: HashMap<Vec<String>, usize> = HashMap::new();
    let said_twice = crate::text::sentence_spans(text).into_iter().any(|s| {
        let words = tokens_of(&text[s.span]);
        words.len() >= 3 && {
            let k = sentences.entry(words).or_default();
            *k += 1;
            *k >= 2
        }
    });
    said_twice || runs(3, LOOP_REPEATS + 1) || runs(5, LOOP_PHRASE_REPEATS)
}

/// Why a reply cannot be shown, or `Ok` when it can.
pub fn check(reply: &str, t: &Turn<'_>) -> Result<(), Rejection> {
    let text = plain(reply.trim());
    if text.trim().is_empty() {
        return Err(Rejection::Empty);
    }
    if looping(&text) {
        return Err(Rejection::Loop);
    }
    if let Some(name) = words::foreign_script(&text) {
        return Err(Rejection::Language(name));
    }
    if let Some((_, name)) = crate::grade::not_english(&text) {
        return Err(Rejection::Language(name));
    }
    // "Note: \"…\"" before a question restates the candidate's words, as
    // "Noted:" does; a note of the model's own is not followed by a quote.
    let text = NOTE_QUOTE.replace_all(&text, "${1}Noted: ${2}");
    if LEAK.is_match(&text) || leaks_instruction(&text, t) {
        return Err(Rejection::Leak);
    }
    if SPEAKER.is_match(&text) {
        return Err(Rejection::Roleplay);
    }
    if let Some(quote) = t.about {
        if t.kind != TurnKind::Feedback && !reply.contains(quote) {
            return Err(Rejection::LostQuote);
        }
    }
    if t.kind != TurnKind::Feedback && misquotes(reply, t) {
        return Err(Rejection::LostQuote);
    }
    match t.kind {
        TurnKind::Feedback => feedback::check(&text, t.canonical),
        TurnKind::Opening | TurnKind::FollowUp | TurnKind::Hint => {
            check_question(&words::prose(&text), t)
        }
    }
}

/// "Note:" opening a line, followed by a quote.
static NOTE_QUOTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?im)^(\W*)note\s*:\s*(["“])"#).unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words in double quotes in a reply, of two words or more, put in the
/// candidate's mouth ("You said \"…\"", "Noted: \"…\"", "In your design,
/// \"…\""): not a phrase set off for emphasis or a third party's words.
static QUOTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?i)(?:\byou(?:'ve| have)? (?:said|mentioned|noted|wrote|chose|stated|described|suggested|proposed)|\bnoted?|\byour (?:design|answer|pipeline))\W{0,3}(?:that\W{0,3})?["“]([^"”\n]+?\s[^"”\n]*?)["”]"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// True when the reply puts words in quotes that are neither the candidate's
/// nor the prepared question's ("Noted: \"the feature store will be available
/// within 30 days\"" for "deleted from the feature store within 30 days"): a
/// quote is the candidate's words as said, or it is not a quote.
fn misquotes(reply: &str, t: &Turn<'_>) -> bool {
    let norm = |s: &str| tokens_of(s).join(" ");
    let sources: Vec<String> = t
        .candidate
        .iter()
        .copied()
        .chain([t.canonical])
        .map(norm)
        .collect();
    QUOTED.captures_iter(reply).any(|c| {
        let quoted = norm(&c[1]);
        !quoted.is_empty()
            && !sources
                .iter()
                .any(|s| format!(" {s} ").contains(&format!(" {quoted} ")))
    })
}

/// True when the reply shares a run of four words with the instruction's own
/// wording (its template, not the prepared question inside it).
fn leaks_instruction(text: &str, t: &Turn<'_>) -> bool {
    let template = t.instruction.replace(t.canonical.trim(), " ");
    let theirs = tokens_of(&template);
    if theirs.len() < 4 {
        return false;
    }
    let grams: BTreeSet<String> = theirs.windows(4).map(|w| w.join(" ")).collect();
    let question: BTreeSet<String> = tokens_of(t.canonical)
        .windows(4)
        .map(|w| w.join(" "))
        .collect();
    tokens_of(text)
        .windows(4)
        .map(|w| w.join(" "))
        .any(|g| grams.contains(&g) && !question.contains(&g))
}

/// The interviewer speaking of itself or of the round ("I'd like to give you a
/// schema change.", "Here's a different kind of problem.", "We're nearly out of
/// time."): framing, not a claim about the design.
static FRAMING_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\W*(?:(?:okay|ok|so|now|next|alright|right|well|thanks|thank you|understood|got it)[,.!—–\s]+)*(?:i|i'?d|i'?m|i'?ll|let'?s|let us|here'?s|here is|we'?re|we are|we'?ll|we will|moving|switching|turning|on to|onto|time)\b|\blet'?s (close|wrap|move|turn|switch|start|begin|talk|go|finish|shift)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A piece that hands the turn over ("Let's talk about time", "so let's
/// close", "We're coming up on time"): not a fact of the question.
static HANDOVER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\W*(?:so\s+|and\s+)?(?:let'?s|let us|we'?re|we are|now|next|okay|ok|alright|right)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A piece that only says how to answer ("Concretely:") or introduces the
/// candidate's words ("You said", cut off from its quote when the quote
/// starts with "And"), which a rephrasing may word its own way.
static FILLER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\W*(?:concretely|specifically|precisely|exactly|in practice|in concrete terms|to be (?:concrete|specific|precise)|(?:earlier\W+)?you (?:said|mentioned|noted|wrote|chose)|in your (?:design|pipeline|system)|staying with|on|noted)\W*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The head of an imperative ("Design the system end to end"): how the ask
/// is put, which a rephrasing may change; what follows it is the content.
static ASKING_HEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\W*(?:please\s+)?(?:design|build|sketch|walk|talk|describe|explain|outline|give|show|tell|take)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A piece that is a clause of its own, opened by a wh-word or an auxiliary.
static CLAUSE_HEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\W*(?:what|who|how|which|why|when|where|do|does|did|is|are|can|could|would|should|will)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The pieces of a text: its sentences cut at commas, colons, semicolons,
/// dashes and the words "and" and "or"; each marked when it is an ask's own
/// clause ("how do you roll back"), not the scene around it ("given that a
/// play can be abandoned").
fn pieces(text: &str) -> Vec<(String, bool)> {
    let cut = regex_cut();
    let (asks, _) = asks_in(text);
    crate::text::sentence_spans(text)
        .into_iter()
        .flat_map(|s| {
            let sentence = &text[s.span];
            let asking = asks.iter().any(|a| a.sentence == sentence);
            cut.split(sentence)
                .map(|p| (p.to_string(), asking && CLAUSE_HEAD.is_match(p)))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn regex_cut() -> &'static regex::Regex {
    static CUT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)[,;:—–]|\s-\s|\b(?:and|or)\b")
            .unwrap_or_else(|e| unreachable!("{e}"))
    });
    &CUT
}

#[cfg(test)]
mod tests;
