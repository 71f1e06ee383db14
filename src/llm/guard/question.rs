//! The checks on a question the model phrased: not a repeat, not a verdict, not
//! the candidate's answer, exactly the prepared question's asks (none dropped,
//! none added, none leading), the facts of the case kept, and on topic without
//! handing over rubric concepts the conversation has not raised.

use super::*;

/// Why a phrased question cannot be shown, or `Ok`: its form, then its asks,
/// then its topic, then any rubric concepts it hands over.
pub(super) fn check_question(text: &str, t: &Turn<'_>) -> Result<(), Rejection> {
    let (asks, tail) = asks_in(text);
    let (asked, _) = asks_in(t.canonical);
    form(text, t, &asks, tail)?;
    asks_kept(text, t, &asks, &asked)?;
    let known = on_topic(text, t, &asks)?;
    parts_kept(t, &asks, &asked)?;
    no_giveaway(text, t, &known)
}

/// What the reply does besides asking: repeat an earlier turn, reveal the
/// rubric, judge, answer for the candidate, swap roles, ask nothing, or add
/// commentary after the question.
fn form(text: &str, t: &Turn<'_>, asks: &[Ask<'_>], tail: &str) -> Result<(), Rejection> {
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
    if judges(text, asks) && !JUDGING.is_match(t.canonical) {
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
    Ok(())
}

/// The asks against the prepared question's: not more of them, not rambling,
/// not leading, not one asked twice, the case's facts kept, no part dropped.
fn asks_kept(
    text: &str,
    t: &Turn<'_>,
    asks: &[Ask<'_>],
    asked: &[Ask<'_>],
) -> Result<(), Rejection> {
    let marks = text.matches('?').count();
    let c_marks = t.canonical.matches('?').count();
    let parts = parts_of(asked).max(1);
    if marks > c_marks.max(parts) + 1 || asks.len() > parts + 1 {
        return Err(Rejection::TooManyQuestions(asks.len().max(marks)));
    }
    if text.chars().count() > MAX_QUESTION_CHARS.max(t.canonical.chars().count() * 2) {
        return Err(Rejection::Rambling);
    }
    if leads(text, asks, asked, t.canonical) {
        return Err(Rejection::Leading);
    }
    if asked_twice(asks) {
        return Err(Rejection::AskedTwice);
    }
    facts::check(text, t.canonical, &table(t)).map_err(|slip| {
        Rejection::ChangedFacts(match slip {
            facts::Slip::Dropped(q) => format!("left out {q}"),
            facts::Slip::Invented(q) => format!("said {q}"),
        })
    })?;
    if drops_a_part(text, asks, asked, t.canonical) {
        return Err(Rejection::DroppedPart);
    }
    Ok(())
}

/// The case and what the candidate said: what a question may draw on.
fn table<'a>(t: &Turn<'a>) -> Vec<&'a str> {
    std::iter::once(t.case)
        .chain(t.candidate.iter().copied())
        .collect()
}

/// What is asked must be about what the prepared question, the case or the
/// candidate has put on the table; an ask that is not is the model's own.
/// Returns the content stems on the table.
fn on_topic(text: &str, t: &Turn<'_>, asks: &[Ask<'_>]) -> Result<BTreeSet<String>, Rejection> {
    let mut known = content_stems(t.canonical);
    for s in table(t) {
        known.extend(content_stems(s));
    }
    if claims(text, asks, &known) {
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
    Ok(known)
}

/// More asks than the prepared question has parts: each must be one of its
/// parts (not of its lead-in), put separately.
fn parts_kept(t: &Turn<'_>, asks: &[Ask<'_>], asked: &[Ask<'_>]) -> Result<(), Rejection> {
    let parts = parts_of(asked).max(1);
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
    if asks.len() > parts && unmatched > open_parts {
        return Err(Rejection::TooManyQuestions(asks.len()));
    }
    Ok(())
}

/// Rubric concepts the reply's own words raise that the question, the case and
/// the candidate have not: two or more hand the answer over.
fn no_giveaway(text: &str, t: &Turn<'_>, known_words: &BTreeSet<String>) -> Result<(), Rejection> {
    let Some(r) = t.rubric else {
        return Ok(());
    };
    let known: BTreeSet<String> = [t.canonical, t.case]
        .into_iter()
        .chain(t.candidate.iter().copied())
        .flat_map(|s| concepts_in(r, s))
        .collect();
    // Only the reply's own words can hint: a concept read from words the
    // question or its synonyms already hold ("a delay during a traffic
    // surge" for "falls behind during a traffic spike") is the question.
    let extra: Vec<String> = concepts_in(r, &words::novel_text(text, known_words))
        .into_iter()
        .filter(|c| !known.contains(c))
        .collect();
    if extra.len() >= GIVEAWAY_CONCEPTS {
        return Err(Rejection::Hints(extra));
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
