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
    match t.kind {
        TurnKind::Feedback => feedback::check(&text, t.canonical),
        TurnKind::Opening | TurnKind::FollowUp => check_question(&words::prose(&text), t),
    }
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

fn check_question(text: &str, t: &Turn<'_>) -> Result<(), Rejection> {
    let normal = |s: &str| tokens_of(s).join(" ");
    let mine = normal(text);
    if t.earlier
        .iter()
        .any(|e| normal(e) == mine || (similar(e, text) >= 80 && similar(t.canonical, text) < 60))
    {
        return Err(Rejection::Repeat);
    }
    if REVEAL.is_match(text) {
        return Err(Rejection::RevealsRubric);
    }
    let (asks, tail) = asks_in(text);
    let (asked, _) = asks_in(t.canonical);
    if judges(text, &asks) && !JUDGING.is_match(t.canonical) {
        return Err(Rejection::Judging);
    }
    if ANSWERING.is_match(text) {
        return Err(Rejection::AnswersForCandidate);
    }
    if ROLE_SWAP.is_match(text) && !ROLE_SWAP.is_match(t.canonical) {
        return Err(Rejection::OffTopic);
    }
    if asks.is_empty() {
        return Err(Rejection::NoQuestion);
    }
    if commentary(tail, t) {
        return Err(Rejection::Commentary);
    }
    let marks = text.matches('?').count();
    let c_marks = t.canonical.matches('?').count();
    let parts = parts_of(&asked).max(1);
    if marks > c_marks.max(parts) + 1 || asks.len() > parts + 1 {
        return Err(Rejection::TooManyQuestions(asks.len().max(marks)));
    }
    if text.chars().count() > MAX_QUESTION_CHARS.max(t.canonical.chars().count() * 2) {
        return Err(Rejection::Rambling);
    }
    if leads(text, &asks, &asked, t.canonical) {
        return Err(Rejection::Leading);
    }
    if asked_twice(&asks) {
        return Err(Rejection::AskedTwice);
    }
    let table: Vec<&str> = std::iter::once(t.case)
        .chain(t.candidate.iter().copied())
        .collect();
    facts::check(text, t.canonical, &table).map_err(|slip| {
        Rejection::ChangedFacts(match slip {
            facts::Slip::Dropped(q) => format!("left out {q}"),
            facts::Slip::Invented(q) => format!("said {q}"),
        })
    })?;
    if drops_a_part(text, &asks, &asked, t.canonical) {
        return Err(Rejection::DroppedPart);
    }
    // What is asked must be about what the prepared question, the case or the
    // candidate has put on the table; an ask that is not is the model's own.
    let mut known = content_stems(t.canonical);
    for s in &table {
        known.extend(content_stems(s));
    }
    if claims(text, &asks, &known) {
        return Err(Rejection::Claims);
    }
    let sentences: BTreeSet<&str> = asks.iter().map(|a| a.sentence).collect();
    let asked_text = sentences.into_iter().collect::<Vec<_>>().join(" ");
    if !grounded(&asked_text, &known, ON_TOPIC_SENTENCES) {
        return Err(Rejection::OffTopic);
    }
    let topical: Vec<&Ask<'_>> = asks.iter().filter(|a| words_of(a.text).len() > 1).collect();
    let strays = topical
        .iter()
        .filter(|a| !grounded(a.text, &known, ON_TOPIC))
        .count();
    if strays > 0 && strays == topical.len() {
        return Err(Rejection::OffTopic);
    }
    // More asks than the prepared question has parts: each must be one of its
    // parts (not of its lead-in), put separately.
    let own = content_stems(&asked.iter().map(|a| a.text).collect::<Vec<_>>().join(" "));
    let whole = content_stems(t.canonical);
    // A part of the question with no words of its own ("and what do you do?")
    // may be asked in any words, once.
    let open_parts = asked
        .iter()
        .filter(|a| words_of(a.text).is_empty())
        .count()
        .saturating_sub(asks.iter().filter(|a| words_of(a.text).is_empty()).count());
    let unmatched = asks
        .iter()
        .filter(|a| {
            !words_of(a.text).is_empty()
                && !grounded(a.text, &own, SAME_ASK)
                && !grounded(a.text, &whole, RESTATED)
        })
        .count();
    let extra = asks.len() > parts && unmatched > open_parts;
    if extra {
        return Err(Rejection::TooManyQuestions(asks.len()));
    }
    let known_words = known;
    if let Some(r) = t.rubric {
        let known: BTreeSet<String> = [t.canonical, t.case]
            .into_iter()
            .chain(t.candidate.iter().copied())
            .flat_map(|s| concepts_in(r, s))
            .collect();
        // Only the reply's own words can hint: a concept read from words the
        // question or its synonyms already hold ("a delay during a traffic
        // surge" for "falls behind during a traffic spike") is the question.
        let extra: Vec<String> = concepts_in(r, &words::novel_text(text, &known_words))
            .into_iter()
            .filter(|c| !known.contains(c))
            .collect();
        if extra.len() >= GIVEAWAY_CONCEPTS {
            return Err(Rejection::Hints(extra));
        }
    }
    Ok(())
}

/// True when what follows the last question is commentary: long, or about
/// the design (words of the case or the candidate, or a rubric concept)
/// rather than a neutral close ("Take your time.").
fn commentary(tail: &str, t: &Turn<'_>) -> bool {
    if tail.trim().is_empty() {
        return false;
    }
    // A sentence of the prepared question kept after the ask ("Start wherever
    // you like…") is the question, not commentary.
    if grounded(tail, &content_stems(t.canonical), MIRRORED) && !words_of(tail).is_empty() {
        return false;
    }
    if tokens_of(tail).len() > MAX_TAIL_WORDS {
        return true;
    }
    let mut known = content_stems(t.case);
    for c in t.candidate {
        known.extend(content_stems(c));
    }
    words_of(tail).iter().filter(|w| known.contains(*w)).count() >= 2
        || t.rubric.is_some_and(|r| !concepts_in(r, tail).is_empty())
}

/// True when two asks of a reply ask the same thing ("How do you split the
/// budget…? How do you split the budget?"), which small models do.
fn asked_twice(asks: &[Ask<'_>]) -> bool {
    let sets: Vec<BTreeSet<String>> = asks
        .iter()
        .map(|a| words_of(a.text).into_iter().collect())
        .collect();
    sets.iter().enumerate().any(|(i, a)| {
        sets[i + 1..].iter().any(|b| {
            let shared = a.intersection(b).count();
            a.len() >= 2 && b.len() >= 2 && shared * 100 >= a.len().max(b.len()) * SAME_TWICE
        })
    })
}

/// True when the reply, besides asking, states things of its own: a sentence
/// that is neither a short neutral acknowledgement ("That makes sense.") nor
/// the candidate's own words, the question's or the case's. That is where a
/// model answers, judges or makes things up ("The auction is expected to be
/// more efficient.").
fn claims(text: &str, asks: &[Ask<'_>], known: &BTreeSet<String>) -> bool {
    // Sentences after the last ask are the tail, judged as commentary.
    let last = asks
        .last()
        .and_then(|a| text.find(a.sentence).map(|i| i + a.sentence.len()))
        .unwrap_or(text.len());
    crate::text::sentence_spans(text).into_iter().any(|s| {
        let sentence = &text[s.span.clone()];
        if s.span.start >= last
            || asks.iter().any(|a| a.sentence == sentence)
            || FRAMING_LINE.is_match(sentence)
        {
            return false;
        }
        let words = words_of(sentence);
        let hits = words.iter().filter(|w| known.contains(*w)).count();
        words.len() > NEUTRAL_WORDS && hits * 100 < words.len() * ON_TOPIC
    })
}

/// True when a reply praises or vouches for the answer: praise anywhere,
/// praise as its first word, or, outside its questions, saying that the
/// candidate's design works ("…avoids skew").
fn judges(text: &str, asks: &[Ask<'_>]) -> bool {
    if JUDGING.is_match(text) || PRAISE_OPENER.is_match(text) {
        return true;
    }
    crate::text::sentence_spans(text).into_iter().any(|s| {
        let sentence = &text[s.span];
        !asks.iter().any(|a| a.sentence == sentence) && VOUCHING.is_match(sentence)
    })
}

/// True when a reply leads: a negative question ("Wouldn't you…"), a yes/no
/// question the prepared question does not ask, a guess at the candidate's
/// design or an example of an answer ("you'll presumably…", "say by…"), or a
/// premise that names a mechanism.
fn leads(text: &str, asks: &[Ask<'_>], asked: &[Ask<'_>], canonical: &str) -> bool {
    let questions = || asks.iter().filter(|a| a.question);
    let new = |re: &regex::Regex, part: &dyn Fn(&Ask<'_>) -> bool| {
        !re.is_match(canonical) && questions().any(part)
    };
    new(&NEGATIVE_ASK, &|a| NEGATIVE_ASK.is_match(a.sentence))
        || (asks.iter().any(|a| a.yes_no) && !asked.iter().any(|a| a.yes_no))
        || (!GUESS.is_match(canonical) && GUESS.is_match(text))
        || new(&EXAMPLE, &|a| EXAMPLE.is_match(a.text))
        || new(&PREMISE, &|a| PREMISE.is_match(a.sentence))
}

/// True when the reply leaves out a part of the prepared question: it asks
/// fewer things than the question does, or one of the question's pieces (a
/// clause or a list item: "your logs, features, snapshots and models" has
/// four) is gone — none of its words, or under a third of a long one.
fn drops_a_part(text: &str, asks: &[Ask<'_>], asked: &[Ask<'_>], canonical: &str) -> bool {
    // What the reply asks is judged on its asks: a part of the question turned
    // into a statement ("The feature store is located in the design.") is no
    // longer asked. The scene may be set anywhere.
    let mine = content_stems(text);
    let sentences: BTreeSet<&str> = asks.iter().map(|a| a.sentence).collect();
    let in_asks = content_stems(&sentences.into_iter().collect::<Vec<_>>().join(" "));
    // Fewer asks than the question's: one merge ("which come from a stream
    // versus which stay in batch") when every part of the question still has
    // a word in the reply's asks; a part without any words ("and what do you
    // do?") can only be missing.
    let questions: Vec<&Ask<'_>> = asked.iter().filter(|a| a.question).collect();
    let have = parts_of(asks);
    if have + 1 < questions.len()
        || (have < questions.len()
            && questions.iter().any(|a| {
                let words = words_of(a.text);
                words.is_empty() || !words.iter().any(|w| in_asks.contains(w))
            }))
    {
        return true;
    }
    pieces(canonical).iter().any(|(piece, asking)| {
        if HANDOVER.is_match(piece) || ASKING_HEAD.is_match(piece) || FILLER.is_match(piece) {
            return false;
        }
        let found = if *asking { &in_asks } else { &mine };
        let words = words_of(piece);
        let hits = words.iter().filter(|w| found.contains(*w)).count();
        // A clause of one word may be said in other words ("how do you
        // decide" as "how do you make that call"); a list item may not; a
        // longer clause keeps two of its words, a longer statement a third.
        let clause = CLAUSE_HEAD.is_match(piece);
        match words.len() {
            0 => false,
            1 => !clause && hits == 0,
            2 => hits == 0,
            _ if clause => hits < 2,
            n => hits * 100 < n * COVERED,
        }
    })
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
    regex::Regex::new(r"(?i)^\W*(?:concretely|specifically|precisely|exactly|in practice|in concrete terms|to be (?:concrete|specific|precise)|(?:earlier\W+)?you (?:said|mentioned|noted|wrote)|staying with|on|noted)\W*$")
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
