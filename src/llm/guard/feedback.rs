//! The closing feedback, repeated by the model: the prepared score and
//! verdict, every other number and every point as given, no score the grader
//! did not give, no praise for what it lists as a gap, nothing that sets the
//! verdict aside, and no question.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use std::collections::BTreeSet;

use super::Rejection;
use super::words::{content_stems, words_of};
use crate::quantity::{number_value, numbers};

/// The verdict names the debrief may state.
static VERDICT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(strong[\s_]hire|lean[\s_]no[\s_]hire|no[\s_]hire|lean[\s_]hire|hire)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A score in any of the ways one is written: `63.5 out of 100`, `4/5`,
/// `9 out of 10`, `80%`, `80 points`, `a score of 72`.
static SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,3}(?:\.\d+)?)\s*(?:/\s*(\d{1,3})\b|out of (\d{1,3})\b|%|points?\b|percent\b)|\bscor(?:es?|ed|ing) (?:of |about |roughly |around |at )?(\d{1,3}(?:\.\d+)?)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A number written with a decimal point: `100.0`, `63.4`.
static DECIMAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+\.\d+\b").unwrap_or_else(|e| unreachable!("{e}")));

/// The score and verdict a feedback text states: `scores 49.7 out of 100: lean no hire`.
fn stated_grade(text: &str) -> Option<(f64, String)> {
    let at = text.find("scores ")?;
    let rest = &text[at + "scores ".len()..];
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let score = number_value(digits.trim_end_matches('.'))?;
    let verdict = VERDICT
        .find(rest)?
        .as_str()
        .to_lowercase()
        .replace('_', " ");
    Some((score, verdict))
}

/// Every score a text states, as value and scale, with how often.
fn scores(text: &str) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for c in SCORE.captures_iter(text) {
        let value = c.get(1).or_else(|| c.get(4)).map_or("", |m| m.as_str());
        let scale = c.get(2).or_else(|| c.get(3)).map_or("100", |m| m.as_str());
        let normal = |s: &str| number_value(s).map_or(s.to_string(), |v| format!("{v}"));
        *out.entry((normal(value), normal(scale))).or_default() += 1;
    }
    out
}

/// Why a repeated feedback text cannot be shown.
pub(super) fn check(text: &str, canonical: &str) -> Result<(), Rejection> {
    let Some((score, verdict)) = stated_grade(canonical) else {
        // No grade to keep: the reply may not invent one.
        if SCORE.is_match(text) || VERDICT.is_match(text) {
            return Err(Rejection::ChangedVerdict);
        }
        return Ok(());
    };
    let said = numbers(text);
    if !said.contains(&score) {
        return Err(Rejection::MissingScore(format!("{score}")));
    }
    let named: Vec<String> = VERDICT
        .find_iter(text)
        .map(|m| m.as_str().to_lowercase().replace('_', " "))
        .collect();
    if named.is_empty() || named.iter().any(|n| *n != verdict) {
        return Err(Rejection::ChangedVerdict);
    }
    // Each score as often as the prepared text gives it, at most: a third
    // "4/5" is a score the grader never gave. Out of 100, any number the
    // prepared text has will do ("scored 90 on schema change" for "(90.0)").
    let given = scores(canonical);
    let theirs = numbers(canonical);
    for ((value, scale), n) in scores(text) {
        let times = if scale == "100" {
            let v = number_value(&value);
            theirs.iter().filter(|t| Some(**t) == v).count()
        } else {
            given.get(&(value, scale)).copied().unwrap_or(0)
        };
        if times < n {
            return Err(Rejection::ChangedVerdict);
        }
    }
    // Every dimension score (written with a decimal point) is kept.
    for m in DECIMAL.find_iter(canonical) {
        if number_value(m.as_str()).is_some_and(|v| !said.contains(&v)) {
            return Err(Rejection::MissingScore(m.as_str().to_string()));
        }
    }
    // Any other number that could be a score or a measure (a decimal, or
    // above ten) is one the prepared text has: "about 64" is not 63.5.
    if said
        .iter()
        .any(|v| (v.fract() != 0.0 || *v > 10.0) && !theirs.contains(v))
    {
        return Err(Rejection::ChangedVerdict);
    }
    if UNDERCUT.is_match(text) {
        return Err(Rejection::ChangedVerdict);
    }
    if text.matches('?').count() > canonical.matches('?').count() {
        return Err(Rejection::TooManyQuestions(text.matches('?').count()));
    }
    points_kept(text, canonical)
}

/// Every point of the prepared feedback is kept (each bullet, and the quoted
/// good moment), and no gap is turned into a strength by praise it does not
/// give.
fn points_kept(text: &str, canonical: &str) -> Result<(), Rejection> {
    // Every point is kept: each bullet, and the quoted good moment.
    let mine = content_stems(text);
    for point in points(canonical) {
        let words = words_of(point);
        let hits = words.iter().filter(|w| mine.contains(*w)).count();
        if !words.is_empty() && hits * 100 < words.len() * KEPT {
            return Err(Rejection::DroppedPoint);
        }
    }
    // Praise the prepared text does not give, on a point it lists as a gap,
    // turns the gap into a strength.
    let gaps: Vec<BTreeSet<String>> = points(canonical)
        .into_iter()
        .filter(|p| !p.starts_with('"') && !p.starts_with('“'))
        .map(content_stems)
        .collect();
    for s in crate::text::sentence_spans(text) {
        let sentence = &text[s.span];
        if canonical.contains(sentence) || !PRAISE.is_match(sentence) {
            continue;
        }
        let said = content_stems(sentence);
        if gaps.iter().any(|g| g.intersection(&said).count() >= 2) {
            return Err(Rejection::ChangedVerdict);
        }
    }
    Ok(())
}

/// Percent of a point's content words the repeated feedback must have.
const KEPT: usize = 50;

/// The points of a feedback text: its bullet lines and its quotations.
fn points(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- "))
        .collect();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        out.push(&rest[open..open + close + 2]);
        rest = &after[close + 1..];
    }
    out
}

/// Words that set the verdict aside: "don't read too much into that number",
/// "you'd do really well on this team".
static UNDERCUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)don'?t (read too much into|worry (too much )?about|take) (that|the|this|your) (number|score|verdict|result)|(you'?d|you would|you'?ll|you will) (do|fit|fit in) (really |very |just )?(well|great|fine)|ignore the (score|number|verdict)|the (score|number|verdict) (doesn'?t|does not|won'?t|will not) (reflect|matter|capture|tell)|i'?d (still |happily )?hire you|(you'?d|you would) (still )?(pass|get the offer|get an offer)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Praise in the feedback's own words.
static PRAISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(i (also )?(liked|loved|enjoyed|appreciated)|nicely|really (well|good|strong|solid)|well done|impressive|impressed|great job|strong (point|answer|part)|(was|were) (good|great|excellent|strong|solid|specific|clear))\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});
