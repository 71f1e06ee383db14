//! Probing a vague answer: which topic the last answer left vague or open,
//! and the probe that quotes it back and asks for the number, mechanism or
//! owner it lacked. A probe has only the next question: the next answer
//! replaces what was heard.

use super::{Chosen, Context};
use crate::interview::heard::Vague;
use crate::prompts::listening::fill;
use crate::vocab::{Ask, Intent};

/// A probe of the last answer's first vague topic not yet probed: topics of
/// this phase first (even one covered earlier: the answer to this question was
/// vague), then uncovered ones in the order they were said.
pub(super) fn vague(cx: &Context<'_>) -> Option<Chosen> {
    let open = cx.heard.vague.iter().filter(|v| {
        can_probe(cx, &v.criterion)
            && (!cx.heard.substantive.contains(&v.criterion)
                || cx.phase_topics.contains(&v.criterion.as_str()))
    });
    // The question just asked first, then this phase's topics, then how
    // plainly vague.
    let asked = |v: &Vague| cx.memory.last_targets.contains(&v.criterion);
    let best = open.min_by_key(|v| {
        (
            !asked(v),
            !cx.phase_topics.contains(&v.criterion.as_str()),
            v.strength,
        )
    });
    let on_topic = |v: &&Vague| v.strength <= 1 && cx.phase_topics.contains(&v.criterion.as_str());
    if let Some(v) = best.filter(on_topic) {
        return Some(probe(cx, &v.criterion, &v.quote));
    }
    // The rest is an answer that left the question it answered open. Only a
    // question that set a topic (not a drill-down's or a contradiction's
    // incidental criteria) can be left open.
    let set_topic = set_topic(cx);
    // No number of its own, to a question that asked for one ("how do you
    // spend those milliseconds?"), on a topic it spoke of: an answer that
    // never came to the topic left a gap, not a vague answer.
    if set_topic && cx.heard.numberless.is_some() {
        let wanted = cx.memory.last_targets.iter().find_map(|t| {
            let said = cx.heard.touched_now.get(t)?;
            (can_probe(cx, t)
                && counted(cx, t)
                && !cx.heard.substantive.contains(t)
                && !cx.heard.credited_now.contains(t))
            .then_some((t, said))
        });
        if let Some((t, said)) = wanted {
            return Some(probe(cx, t, vague_quote(cx, t).unwrap_or(said)));
        }
    }
    // Nothing specific at all, or mostly hand-waving with none of the
    // question's topics given anything specific ("We'd see errors
    // somewhere"): its first topic not yet probed, quoting the answer.
    let answered = cx
        .memory
        .last_targets
        .iter()
        .any(|t| cx.heard.credited_now.contains(t));
    let unanswered = cx
        .heard
        .plain
        .as_ref()
        .or(cx.heard.thin.as_ref().filter(|_| !answered));
    if let (Some(plain), true) = (unanswered, set_topic) {
        let open = |t: &&String| can_probe(cx, t);
        let target = cx
            .memory
            .last_targets
            .iter()
            .filter(open)
            .find(|t| !cx.heard.covered.contains(*t))
            .or_else(|| cx.memory.last_targets.iter().find(open));
        if let Some(t) = target {
            return Some(match vague_quote(cx, t) {
                Some(q) => probe(cx, t, q),
                // The answer's own words, which never came to the topic: the
                // question says it is still open rather than "concretely".
                None => {
                    let mut chosen = probe(cx, t, plain);
                    if let Some(open) = &cx.listening.probe.open {
                        chosen.text = fill(
                            open,
                            &[("quote", plain), ("ask", cx.listening.probe.ask_for(t))],
                        );
                    }
                    chosen
                }
            });
        }
    }
    // Off this phase's topics, only a hand-wave is probed ("we'd handle it with
    // retries somewhere"): a topic word with nothing specific around it may be
    // a heading or a passing word. A topic named without its substance
    // (strength 2) waits for the topic questions, which probe it by quoting it
    // (`touched_probe`).
    let v = cx.heard.vague.iter().find(|v| {
        v.strength == 0
            && can_probe(cx, &v.criterion)
            && !cx.heard.substantive.contains(&v.criterion)
    })?;
    Some(probe(cx, &v.criterion, &v.quote))
}

/// What the last answer said vaguely on `criterion`, when it did: the words a
/// probe of the question's topic is better off quoting than the answer's first.
fn vague_quote<'a>(cx: &Context<'a>, criterion: &str) -> Option<&'a str> {
    cx.heard
        .vague
        .iter()
        .find(|v| v.criterion == criterion)
        .map(|v| v.quote.as_str())
}

/// The last question set topics to answer (not a drill-down's or a
/// contradiction's incidental criteria).
fn set_topic(cx: &Context<'_>) -> bool {
    matches!(
        cx.memory.last_ask,
        Some(Ask::Opening | Ask::Scripted | Ask::Gap | Ask::Probe)
    )
}

/// A topic whose substance is a number (`[specifics]` lists no words for it):
/// the stage budgets, the thresholds, the scale.
fn counted(cx: &Context<'_>, criterion: &str) -> bool {
    cx.listening
        .specifics
        .get(criterion)
        .is_some_and(Vec::is_empty)
}

/// A topic that can be probed now: it has an ask, and was not probed in this
/// phase.
fn can_probe(cx: &Context<'_>, criterion: &str) -> bool {
    probeable(cx, criterion) && !cx.memory.probed_in(cx.phase, criterion)
}

/// A topic `listening.toml` has a probe for: the others are not asked about
/// as vague (a clarifying question, say, has no "concretely").
pub(super) fn probeable(cx: &Context<'_>, criterion: &str) -> bool {
    cx.listening.probe.ask.contains_key(criterion)
}

pub(super) fn probe(cx: &Context<'_>, criterion: &str, quote: &str) -> Chosen {
    let p = &cx.listening.probe;
    // The other topics the same words were vague on are asked with it: "we'd
    // keep it fast" leaves both the budget and its split open.
    let mut targets = vec![criterion.to_string()];
    for v in &cx.heard.vague {
        if v.quote == quote && !targets.contains(&v.criterion) && can_probe(cx, &v.criterion) {
            targets.push(v.criterion.clone());
        }
    }
    Chosen {
        text: fill(
            &p.template,
            &[("quote", quote), ("ask", p.ask_for(criterion))],
        ),
        intent: Intent {
            ask: Some(Ask::Probe),
            targets,
            about: Some(quote.to_string()),
            ..Intent::default()
        },
    }
}
