//! Keeps a small local model on the rails. Every interviewer turn an LLM writes
//! is checked; a failing reply is replaced by the canonical text from `prompts/`,
//! and the transcript records why. Pure.

use crate::grade::concepts_in;
use crate::rubric::Rubric;
use crate::vocab::TurnKind;

/// Lines that mean the model is writing the candidate's part.
const CANDIDATE_PREFIXES: [&str; 8] = [
    "candidate:",
    "you:",
    "user:",
    "me:",
    "answer:",
    "a:",
    "interviewee:",
    "**candidate",
];

/// How many rubric concepts a question may add before it is giving answers away.
const GIVEAWAY_CONCEPTS: usize = 3;

/// Longest acceptable question, in characters: a small model that rambles past
/// this has stopped interviewing.
const MAX_QUESTION_CHARS: usize = 1200;

/// Words too common to show what a question is about.
const COMMON: [&str; 24] = [
    "about", "after", "also", "and", "because", "before", "could", "does", "each", "from", "have",
    "into", "just", "like", "that", "their", "them", "then", "there", "this", "what", "when",
    "which", "would",
];

/// The stems of a text's content words (four letters or more, not common).
fn content_stems(text: &str) -> std::collections::BTreeSet<String> {
    let stemmer = crate::text::Stemmer::new();
    crate::text::tokens_of(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w))
        .collect()
}

fn questions(text: &str) -> usize {
    let mut n = 0;
    let mut prev = ' ';
    for c in text.chars() {
        if c == '?' && prev != '?' {
            n += 1;
        }
        prev = c;
    }
    n
}

/// How often one three-word sequence may recur before a reply counts as a loop.
const LOOP_REPEATS: usize = 4;

/// True when a reply has fallen into a loop (one three-word sequence recurring
/// again and again), which small models do; checked while the reply streams so
/// it can be stopped early.
pub fn looping(text: &str) -> bool {
    let words = crate::text::tokens_of(text);
    if words.len() < 12 {
        return false;
    }
    let mut seen: std::collections::HashMap<(&str, &str, &str), usize> =
        std::collections::HashMap::new();
    words.windows(3).any(|w| {
        let n = seen
            .entry((w[0].as_str(), w[1].as_str(), w[2].as_str()))
            .or_default();
        *n += 1;
        *n > LOOP_REPEATS
    })
}

/// Why a reply cannot be shown, or `Ok` when it can.
///
/// - every turn: not empty; no line written as the candidate;
/// - questions (openings and follow-ups): exactly one question (or as many as
///   the canonical text asks), no more than two extra rubric concepts beyond those
///   in the canonical text, not overlong;
/// - feedback: it states the report's score, and no other score out of 100.
pub fn check(
    kind: TurnKind,
    reply: &str,
    canonical: &str,
    earlier: &[&str],
    rubric: Option<&Rubric>,
) -> Result<(), String> {
    let text = reply.trim();
    if text.is_empty() {
        return Err("the reply was empty".into());
    }
    if text.contains("Interviewer's note") || text.contains("[Interviewer") {
        return Err("it repeated its instructions".into());
    }
    let normal = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if kind != TurnKind::Feedback && earlier.iter().any(|e| normal(e) == normal(text)) {
        return Err("it repeated an earlier question".into());
    }
    for line in text.lines() {
        let l = line.trim().to_ascii_lowercase();
        if CANDIDATE_PREFIXES.iter().any(|p| l.starts_with(p)) {
            return Err("it wrote the candidate's lines".into());
        }
    }
    match kind {
        TurnKind::Opening | TurnKind::FollowUp => {
            let allowed = questions(canonical).max(1);
            match questions(text) {
                0 => return Err("it asked no question".into()),
                n if n > allowed => return Err(format!("it asked {n} questions at once")),
                _ => {}
            }
            if kind == TurnKind::FollowUp && text.chars().count() > MAX_QUESTION_CHARS {
                return Err("it rambled instead of asking".into());
            }
            let asked = content_stems(canonical);
            if asked.len() >= 3 && content_stems(text).is_disjoint(&asked) {
                return Err("it went off the topic it was asked to cover".into());
            }
            if let Some(r) = rubric {
                let asked = concepts_in(r, canonical);
                let extra: Vec<String> = concepts_in(r, text)
                    .into_iter()
                    .filter(|c| !asked.contains(c))
                    .collect();
                if extra.len() >= GIVEAWAY_CONCEPTS {
                    return Err(format!("it hinted at answers ({})", extra.join(", ")));
                }
            }
        }
        TurnKind::Feedback => {
            let score = canonical
                .split("scores ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .map(|s| {
                    s.trim_end_matches(|c: char| !c.is_ascii_digit())
                        .to_string()
                });
            if let Some(score) = score {
                if !text.contains(&score) {
                    return Err(format!("it did not state the score ({score})"));
                }
                let other = text
                    .split("out of 100")
                    .chain(text.split("/100"))
                    .any(|part| {
                        part.split_whitespace()
                            .last()
                            .map(|w| w.trim_matches(|c: char| !c.is_ascii_digit() && c != '.'))
                            .is_some_and(|w| {
                                !w.is_empty() && w.chars().any(|c| c.is_ascii_digit()) && w != score
                            })
                    });
                if other {
                    return Err("it changed the score".into());
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::PromptFiles;
    use crate::rubric::RUBRIC_FILE;

    fn rubric() -> Rubric {
        Rubric::compile(PromptFiles::embedded().get(RUBRIC_FILE).unwrap()).unwrap()
    }

    const Q: &str = "How would you split that budget across the stages?";

    #[test]
    fn one_rephrased_question_passes() {
        let r = rubric();
        assert_eq!(
            check(
                TurnKind::FollowUp,
                "Fair enough. How would you divide those 50 ms between stages?",
                Q,
                &[],
                Some(&r)
            ),
            Ok(())
        );
    }

    #[test]
    fn several_questions_at_once_fail() {
        assert_eq!(
            check(
                TurnKind::FollowUp,
                "What about caching? And retries? And drift?",
                Q,
                &[],
                None
            ),
            Err("it asked 3 questions at once".into())
        );
    }

    #[test]
    fn a_statement_with_no_question_fails() {
        assert_eq!(
            check(TurnKind::FollowUp, "Great answer, moving on.", Q, &[], None),
            Err("it asked no question".into())
        );
    }

    #[test]
    fn writing_the_candidates_part_fails() {
        let reply = "How would you split it?\nCandidate: I would give 10 ms to fetch.";
        assert_eq!(
            check(TurnKind::FollowUp, reply, Q, &[], None),
            Err("it wrote the candidate's lines".into())
        );
    }

    #[test]
    fn giving_answers_away_fails() {
        let r = rubric();
        let reply = "Think about idempotent writes, lineage tags and back-pressure — how would you split the budget?";
        let err = check(TurnKind::FollowUp, reply, Q, &[], Some(&r)).unwrap_err();
        assert!(err.starts_with("it hinted at answers"), "{err}");
    }

    #[test]
    fn feedback_must_keep_the_score() {
        let canonical = "That's the end of the round. By the rubric, this session scores 49.7 out of 100: lean no hire.";
        assert_eq!(
            check(
                TurnKind::Feedback,
                "Thanks! You scored 49.7 out of 100, lean no hire.",
                canonical,
                &[],
                None
            ),
            Ok(())
        );
        assert_eq!(
            check(
                TurnKind::Feedback,
                "Thanks! Great job overall.",
                canonical,
                &[],
                None
            ),
            Err("it did not state the score (49.7)".into())
        );
        assert_eq!(
            check(
                TurnKind::Feedback,
                "You got 49.7... well, call it 80 out of 100!",
                canonical,
                &[],
                None
            ),
            Err("it changed the score".into())
        );
    }

    #[test]
    fn off_topic_repeated_and_leaked_replies_fail() {
        let debrief = "Give me your three biggest risks and the monitoring checklist with the thresholds that page someone.";
        assert_eq!(
            check(
                TurnKind::Opening,
                "How do you handle a user who withdraws consent?",
                debrief,
                &[],
                None
            ),
            Err("it went off the topic it was asked to cover".into())
        );
        assert_eq!(
            check(
                TurnKind::Opening,
                "Last one: which risks worry you most, and what would you monitor?",
                debrief,
                &[],
                None
            ),
            Ok(())
        );
        let earlier = ["How do you roll back the pipeline?"];
        assert_eq!(
            check(
                TurnKind::FollowUp,
                "How do you  roll back the pipeline?",
                Q,
                &earlier,
                None
            ),
            Err("it repeated an earlier question".into())
        );
        assert_eq!(
            check(
                TurnKind::FollowUp,
                "[Interviewer's note: ask about stages] How?",
                Q,
                &[],
                None
            ),
            Err("it repeated its instructions".into())
        );
    }

    #[test]
    fn loops_are_spotted_and_normal_text_is_not() {
        assert!(looping(&"You're here. ".repeat(8)));
        assert!(!looping(
            "Good. How would you split the 50 ms budget between feature fetch, scoring and the network, and why that split?"
        ));
        assert!(!looping("short short short short"));
    }

    #[test]
    fn empty_replies_fail() {
        assert_eq!(
            check(TurnKind::Opening, "  \n", Q, &[], None),
            Err("the reply was empty".into())
        );
    }
}
