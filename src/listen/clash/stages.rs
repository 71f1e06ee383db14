//! Stage budgets against the case's p99: a sentence that lists the serving
//! path's stages with their times ("retrieval 70 / feature fetch 45 / ranker
//! 50", "OCR 80 ms → embedding 90 → classifier 40", "15 ms to pull the
//! features, then the model, call it 30 ms, and then 10 for calibration") and
//! adds up past the budget, or one stage that alone takes more than all of it.
//!
//! The list is read by its shape, not by a list of stage names: the sentence
//! is cut at its separators (commas, slashes, arrows, "then", "plus", "+"),
//! and each piece that names something and holds one time is a stage. A piece
//! that states the budget or what is left of it ("150 ms:", "→ 140", "30
//! spare", "leaving 50 for network") is not a stage; nor is a time in
//! parentheses (it details a stage), a timeout, a retry, a per-item time
//! ("2 ms each"), or anything in a sentence that puts itself off the path
//! ("generation comes after retrieval").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::{clean_quote, quote_at, shorten};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Where a list of stages is cut.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;:|=]|\s/\s|→|->|=>|\s[—–-]\s|\s\+\s|\b(?:and then|then|plus)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A sentence about serving time: a stage list's numbers are milliseconds.
static LATENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ms|msec|milliseconds?|p9[059]|latency|budget)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A piece that states the whole, or what is left of it.
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:total|in all|overall|altogether|sum|budget|leaves?|leaving|left|slack|spare|headroom|margin|reserve|reserved|buffer|cushion|remaining|under the|within the|our share|share is|split into)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A time that bounds something else than a stage's share.
static NOT_A_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:backoff|back-off|timeouts?|time out|times out|deadline|retry|retries|ttl|every|window|within|each|per|apiece|back in|cut (?:it|off)|gives? up|abandon\w*)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A sentence about a bound on something (a timeout, a retry's backoff): a
/// long time in it is that bound, not a stage.
static BOUNDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:backoff|back-off|timeouts?|time out|times out|deadline|retry|retries|ttl|window)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A sentence that puts its times off the serving path, runs its stages side
/// by side (their times do not add up), or weighs an option it has not
/// chosen ("one option is a deeper network, but it needs about 70 ms").
static OFF_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:one option|an option|another option|alternatively|(?:comes?|happens?|runs?|starts?) after|async\w*|asynchronous\w*|outside|in the background|off the (?:hot |critical |serving |request )?path|not (?:on|in) the|isn't (?:on|in) the)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of a time that was seen rather than given ("spiked to 90 ms", "an
/// incident at 95 ms").
const SEEN_WORDS: &str = r"hits?|hitting|spik\w*|saw|seen|measured|observed|went up|goes up|climb\w*|creep\w*|degrad\w*|incident|outage";

/// A time seen rather than given, or under a condition ("at 95 ms when it
/// spikes", "if the store is slow"): not one stage's share of the budget.
static MEASURED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:{SEEN_WORDS}|see|when|if)\b"))
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A time seen, or a threshold an alert watches ("if ranker p99 crosses 130
/// ms"): not a budget given to a stage. A condition alone ("if that slips")
/// does not make the budget beside it a measurement.
static SEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{SEEN_WORDS}|cross(?:es|ed|ing)|exceed\w*|above|alert\w*|pag(?:e|es|ed|ing)|threshold)\b|>"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Milliseconds written out as a unit.
static MS_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d\s*ms\b|\b(?:ms|msec|milliseconds?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A number in words that is a rough count ("a few hundred", "dozens").
static VAGUE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:few|couple|several|dozens?|hundreds|thousands|millions|many)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words of how things stand now: a time "at" in such a sentence is measured.
static NOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:today|currently|right now|these days|at the moment)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "At" right before a number: the time something is at, not its share.
static AT_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bat\s*~?$").unwrap_or_else(|e| unreachable!("{e}")));

/// Stages side by side: their times do not add up, unless the piece that says
/// so holds the group's one time ("ANN and BM25 in parallel: 60 ms").
static PARALLEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:in parallel|concurrently|at the same time|overlap\w*|fan(?:s|ned)? out)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words after a number that say it counts things, not milliseconds.
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:%|percent|x|k|m|b|gb|tb|mb|qps|rps|[a-z]+s)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A word right after a bare number that makes it a count of something ("100
/// ad rows", "40 features"), not a stage's milliseconds ("10 for
/// calibration", "15 reading the list", "50 on GPU").
/// A stage named after its time ("50 retrieval", "25 model") keeps it; a
/// plural right after the number, or one word on, counts things.
fn counts_things(after: &str) -> bool {
    let words: Vec<String> = after
        .split(|c: char| !c.is_alphanumeric() && c != '%' && c != '-')
        .filter(|w| !w.is_empty())
        .take(2)
        .map(str::to_lowercase)
        .collect();
    let time_like = [
        "for", "on", "to", "in", "at", "with", "and", "or", "ms", "msec",
    ];
    match words.as_slice() {
        [] => false,
        [first, ..] if time_like.contains(&first.as_str()) => false,
        [first, rest @ ..] => COUNTED.is_match(first) || rest.first().is_some_and(|w| plural(w)),
    }
}

/// A plural noun as written ("rows", "ads"; not "this", "bus").
fn plural(word: &str) -> bool {
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
}

/// Words before a bare number that make it a count ("the top 500").
static COUNT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:top|first|last|all|over|of|from|than|to|by|x|version|v)\s*~?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that name nothing: a piece made only of these and a number has no
/// stage of its own.
const FILLER: [&str; 16] = [
    "ms", "msec", "about", "around", "roughly", "maybe", "call", "it", "say", "so", "that's", "is",
    "at", "p99", "and", "another",
];

/// One piece of a stage list.
struct Piece {
    /// Where the piece is in the sentence.
    at: Range<usize>,
    /// Its one time in milliseconds, and where that is.
    time: Option<(Range<usize>, u64, bool)>,
    /// It names something (a word that is not filler).
    named: bool,
    /// It states a total, a budget or what is left.
    total: bool,
    /// It holds more than one time, or a time that is no stage's.
    mixed: bool,
    /// It follows a list separator (a comma, "then"), not a sign of a result
    /// ("=", "→").
    listed: bool,
}

/// A stage's time in milliseconds, where the sentence says it, and whether it
/// was written with its unit.
type Timed = (Range<usize>, u64, bool);

/// Stage times in one sentence that add up past the case's p99 (or past the
/// part of it the sentence names), or one stage over all of it.
pub(super) fn over_budget(s: &Said, f: &Facts) -> Option<Contradiction> {
    let text = &s.quote;
    if f.latency_p99_ms == 0 || OFF_PATH.is_match(text) {
        return None;
    }
    let quantities = quantity::quantities_at(text);
    let (budget, named) = budget_named(&quantities, f);
    // Bare numbers are milliseconds in a sentence about serving time, one
    // that names the budget they share ("Ranking's 120: …"), or one that
    // lists serving stages by name ("candidate fetch 80 / feature hydration
    // 90 / light ranker 60").
    let stage_kinds = KIND_RES.iter().filter(|(_, re)| re.is_match(text)).count();
    if !LATENCY.is_match(text) && !named && stage_kinds < 2 {
        return None;
    }
    let mut times = stage_times(text, &quantities, budget);
    let values: Vec<u64> = times.iter().map(|(_, ms, _)| *ms).collect();
    if quantity::ends_with_their_total(&values) {
        times.pop();
    }
    let sum: u64 = times.iter().map(|(_, ms, _)| ms).sum();
    let (quote, fact) = if times.len() >= 2 && sum > budget {
        // From the first stage's name ("gateway parse 10, …"), not its number.
        let at = times.first()?.0.start;
        let piece_start = SEPARATOR
            .find_iter(&text[..at])
            .last()
            .map_or(0, |m| m.end());
        let first =
            piece_start + (text[piece_start..at].len() - text[piece_start..at].trim_start().len());
        let last = times.last()?.0.end;
        let quote = text
            .get(first..last)
            .filter(|q| q.split_whitespace().count() <= 14)
            .and_then(clean_quote)
            .map(str::to_string)
            .or_else(|| shorten(text, text.get(first..times[0].0.end)))?;
        let fact = format!(
            "those add up to {sum} ms, and the case allows {budget} ms at p99 in all, for {}",
            f.latency_scope
        );
        (quote, fact)
    } else {
        // One stage, written in milliseconds, over the whole budget (and not
        // absurdly so: "a 2 s batch" is another path); a time something was
        // seen at ("at 95 ms on a Friday", "spiked to 90 ms") is a measurement,
        // not a share of the budget.
        if MEASURED.is_match(text) || BOUNDS.is_match(text) {
            return None;
        }
        let (at, ms, _) = times
            .iter()
            .find(|(_, ms, unit)| *unit && *ms > budget && *ms < budget * 4)?;
        let quote = shorten(text, text.get(at.clone()))?;
        let fact = format!(
            "that one stage takes {ms} ms, and the case allows {budget} ms at p99 for all of {}",
            f.latency_scope
        );
        (quote, fact)
    };
    Some(Contradiction {
        id: "case:stage_sum".to_string(),
        quote,
        conflict: Conflict::Case { fact },
        criteria: vec!["budget_split_by_stage".to_string()],
        seq: s.seq,
    })
}

/// The budget a sentence answers to: a part of the p99 the case gave, when the
/// sentence names it ("ranking's 120:") and not the whole; otherwise the
/// whole p99. True when the sentence names the one it answers to.
fn budget_named(quantities: &[(Range<usize>, Quantity)], f: &Facts) -> (u64, bool) {
    let names = |b: u64| {
        quantities.iter().any(|(_, q)| match q {
            Quantity::Time(ms) => *ms == b,
            Quantity::Count(v, _) => *v == b as f64,
        })
    };
    // A sentence that names the whole budget speaks of the whole (a part of
    // it named there is one of its stages: "300 total: … 120 ranking").
    if names(f.latency_p99_ms) {
        return (f.latency_p99_ms, true);
    }
    match f.sub_budgets.iter().copied().find(|&b| names(b)) {
        Some(b) => (b, true),
        None => (f.latency_p99_ms, false),
    }
}

/// The stage times of a sentence, in order (see the module's docs).
fn stage_times(text: &str, quantities: &[(Range<usize>, Quantity)], budget: u64) -> Vec<Timed> {
    let pieces = pieces(text, quantities, budget);
    // Side by side with no one time for the group: nothing adds up.
    let side_by_side = pieces.iter().enumerate().any(|(i, p)| {
        PARALLEL.is_match(&text[p.at.clone()])
            && p.time.is_none()
            && pieces
                .get(i + 1)
                .is_none_or(|next| next.named || next.time.is_none())
    });
    if side_by_side {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        let Some(time) = &p.time else { continue };
        // "At" a time is where something stands in a sentence about what was
        // seen ("an incident at 95 ms") or as a condition ("At 130 ms on Black
        // Friday we shed…", "Friday 7pm at 95 ms: drop…"); said of a named
        // stage it is its share ("the image model at 180 ms").
        let head = &text[..time.0.start];
        let clause_opens = head
            .rsplit([',', ';', ':'])
            .next()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("at"));
        let stage_named = KIND_RES
            .iter()
            .any(|(_, re)| re.is_match(&text[p.at.clone()]));
        let seen_at = AT_END.is_match(head)
            && (SEEN.is_match(text) || NOW.is_match(text) || clause_opens || !stage_named);
        if p.total || p.mixed || time.1 == budget || seen_at {
            continue;
        }
        // A number alone ("call it 30 ms") takes its name from the piece just
        // before, when that one named a stage without a time; after a timed
        // piece it is a running total ("→ 45 ms").
        let named = p.named
            || p.listed
                && i.checked_sub(1)
                    .and_then(|j| pieces.get(j))
                    .is_some_and(|prev| prev.named && prev.time.is_none() && !prev.total);
        if named {
            out.push(time.clone());
        }
    }
    out
}

/// The sentence cut at its separators, outside parentheses, each piece with
/// what it holds.
fn pieces(text: &str, quantities: &[(Range<usize>, Quantity)], budget: u64) -> Vec<Piece> {
    let nested = parenthesised(text);
    let inside = |at: usize| nested.iter().any(|r| r.contains(&at));
    let mut cuts: Vec<Range<usize>> = SEPARATOR
        .find_iter(text)
        .filter(|m| !inside(m.start()))
        .map(|m| m.range())
        .collect();
    cuts.push(text.len()..text.len());
    let mut out = Vec::new();
    let mut start = 0;
    let mut listed = false;
    // Numbers already read as counts: the same number again refers back to
    // those things ("cutting 1,500 to 300, 20; heavy ranker on the 300, 60").
    let mut counts: Vec<f64> = Vec::new();
    for cut in cuts {
        let at = start..cut.start;
        start = cut.end;
        let was_listed = listed;
        listed = !matches!(text[cut.clone()].trim(), "=" | "→" | "->" | "=>");
        if at.is_empty() {
            continue;
        }
        let piece = &text[at.clone()];
        let mut times: Vec<Timed> = Vec::new();
        let mut mixed = NOT_A_STAGE.is_match(piece);
        for (r, q) in quantities
            .iter()
            .filter(|(r, _)| at.contains(&r.start) && !inside(r.start))
        {
            match q {
                // The budget itself, named in passing ("80 ms of the 200").
                Quantity::Time(ms) if *ms == budget => {}
                Quantity::Count(v, _) if *v == budget as f64 => {}
                Quantity::Time(ms) if *ms > 0 && *ms <= 10_000 => {
                    times.push((r.clone(), *ms, true));
                }
                Quantity::Time(_) => mixed = true,
                Quantity::Count(v, _) => {
                    // The words right after the number, inside this piece
                    // ("300 candidates"; not "30, rules").
                    let after = text.get(r.end..at.end).unwrap_or("");
                    let glued = after.starts_with(|c: char| c.is_whitespace() || c == '%');
                    // A rough number in words ("a few hundred") counts things;
                    // an exact one ("maybe twenty-five") is read as digits are.
                    let lead = super::words_before(text, r.start, 2);
                    let in_words = !text[r.clone()].starts_with(|c: char| c.is_ascii_digit())
                        && (VAGUE_NUMBER.is_match(&text[r.clone()])
                            || VAGUE_NUMBER.is_match(&lead));
                    let counted = in_words
                        || (glued && counts_things(after))
                        || COUNT_BEFORE.is_match(&text[..r.start])
                        || counts.contains(v);
                    if counted {
                        counts.push(*v);
                    }
                    if !counted && *v >= 1.0 && *v <= (budget * 4) as f64 && v.fract() == 0.0 {
                        times.push((r.clone(), *v as u64, false));
                    }
                }
            }
        }
        let named = piece
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .filter(|w| w.chars().any(char::is_alphabetic))
            .any(|w| !FILLER.contains(&w.to_lowercase().as_str()));
        out.push(Piece {
            total: TOTAL.is_match(piece),
            mixed: mixed || times.len() > 1,
            time: (times.len() == 1).then(|| times.remove(0)),
            named,
            listed: was_listed,
            at,
        });
    }
    out.retain(|p| !text[p.at.clone()].trim().is_empty());
    out
}

/// The byte ranges inside parentheses: a time there details a stage.
fn parenthesised(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' if open.is_none() => open = Some(i),
            ')' => {
                if let Some(o) = open.take() {
                    out.push(o..i + 1);
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(o..text.len());
    }
    out
}

/// Kinds of stage, each a few of the names candidates give it: two answers
/// that give one kind two different budgets disagree.
const KINDS: [(&str, &str); 5] = [
    (
        "feature fetch",
        r"feature (?:fetch|read|lookup|look-up|store read|hydration)|multi-get|multiget|hydration|features? from the store",
    ),
    ("rerank", r"re-?rank\w*|cross-encoder"),
    (
        "model",
        r"model(?: call| inference| scoring)?|inference|scoring|scorer|ranker|ranking(?: model)?|gbdt|xgboost",
    ),
    (
        "retrieval",
        r"retrieval|ann|candidate generation|candidate fetch|recall",
    ),
    ("network", r"network|serialization|round trip"),
];

/// The kinds, compiled once.
static KIND_RES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    KINDS
        .iter()
        .map(|(kind, words)| {
            let re = Regex::new(&format!(r"(?i)\b(?:{words})\b"))
                .unwrap_or_else(|e| unreachable!("{e}"));
            (*kind, re)
        })
        .collect()
});

/// A change the candidate owns ("I'd now give it 40", "bumped to"): not a
/// contradiction.
static CHANGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:now|instead|bump\w*|rais\w*|revis\w*|chang\w*|actually|correct\w*|on second thought|more than I said|up from|down from)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The one kind a text names, if it names exactly one.
fn kind_of(text: &str) -> Option<&'static str> {
    let mut found = KIND_RES.iter().filter(|(_, re)| re.is_match(text));
    let (kind, _) = found.next()?;
    found.next().is_none().then_some(*kind)
}

/// The stage budgets a sentence gives, by kind, in milliseconds: each piece
/// of a list that names one kind, or the sentence's one time when the
/// sentence names one kind.
pub(super) fn budgets(s: &Said, f: &Facts) -> Vec<(&'static str, u64, Range<usize>)> {
    let text = &s.quote;
    if f.latency_p99_ms == 0 || OFF_PATH.is_match(text) || SEEN.is_match(text) {
        return Vec::new();
    }
    let quantities = quantity::quantities_at(text);
    let (budget, named) = budget_named(&quantities, f);
    if !LATENCY.is_match(text) && !named {
        return Vec::new();
    }
    let ps = pieces(text, &quantities, budget);
    // A bare number is a stage's milliseconds in a sentence that writes its
    // unit elsewhere ("forty ms, ranking about ninety").
    let unit_said = MS_UNIT.is_match(text);
    let timed: Vec<&Piece> = ps
        .iter()
        .filter(|p| {
            // "At 150 ms p99 the ranker sheds…": where it stands, not a budget.
            p.time.as_ref().is_some_and(|t| {
                (t.2 || unit_said) && t.1 < budget && !AT_END.is_match(&text[..t.0.start])
            }) && !p.mixed
        })
        .collect();
    if timed.len() == 1 {
        // Its own piece's kind, else the piece before's ("the ranking model,
        // which needs its 90 ms"), else the sentence's one kind.
        let p = timed[0];
        let before = ps
            .iter()
            .take_while(|q| q.at.start < p.at.start)
            .last()
            .map(|q| &text[q.at.clone()]);
        let kind = kind_of(&text[p.at.clone()])
            .or_else(|| before.and_then(kind_of))
            .or_else(|| kind_of(text));
        return match (kind, &p.time) {
            (Some(k), Some((at, ms, _))) => vec![(k, *ms, at.clone())],
            _ => Vec::new(),
        };
    }
    timed
        .iter()
        .filter_map(|p| {
            let (at, ms, _) = p.time.as_ref()?;
            Some((kind_of(&text[p.at.clone()])?, *ms, at.clone()))
        })
        .collect()
}

/// A stage given one budget in an earlier answer and a much different one
/// later ("feature fetch 10 ms p99", then "the feature read, budgeted at 25
/// ms"), unless the later answer says it changed it. A kind given two budgets
/// in one answer (a light and a heavy model) is left alone.
pub(super) fn budget_changed(said: &[Said], f: &Facts) -> Vec<Contradiction> {
    // (answer, kind, ms, quote, said as a change of mind).
    let mut given: Vec<(u64, &'static str, u64, String, bool)> = Vec::new();
    for s in said {
        let changed = CHANGED.is_match(&s.quote);
        for (kind, ms, at) in budgets(s, f) {
            if let Some(q) = quote_at(&s.quote, at) {
                given.push((s.seq, kind, ms, q, changed));
            }
        }
    }
    let twice_in_one = |seq: u64, kind: &str, ms: u64| {
        given
            .iter()
            .any(|(s, k, m, ..)| *s == seq && *k == kind && *m != ms)
    };
    let mut out: Vec<Contradiction> = Vec::new();
    for (i, (seq, kind, ms, quote, changed)) in given.iter().enumerate() {
        if *changed || twice_in_one(*seq, kind, *ms) {
            continue;
        }
        let earlier = given[..i].iter().find(|(s, k, m, ..)| {
            s < seq
                && k == kind
                && !twice_in_one(*s, k, *m)
                && m.abs_diff(*ms) >= 10
                && m.max(ms) * 5 >= m.min(ms) * 7
        });
        if let Some((_, _, _, earlier_q, _)) = earlier {
            if out.iter().any(|c| c.id == format!("stage:{kind}")) {
                continue;
            }
            out.push(Contradiction {
                id: format!("stage:{kind}"),
                quote: quote.clone(),
                conflict: Conflict::Earlier {
                    earlier: earlier_q.clone(),
                },
                criteria: vec!["budget_split_by_stage".to_string()],
                seq: *seq,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn facts(p99: u64) -> Facts {
        Facts {
            latency_p99_ms: p99,
            ..super::super::tests::facts()
        }
    }

    fn heard(text: &str, p99: u64) -> Option<Contradiction> {
        over_budget(&super::super::tests::said(1, text), &facts(p99))
    }

    #[test]
    fn a_list_of_stages_over_the_budget_is_read_in_any_shape() {
        for text in [
            "p99: lookup 70 / embed 45 / rank 50",
            "tokenize 30 ms -> lookup 40 -> score 50",
            "Budget: 40 retrieval + 50 ranking + 30 render.",
            "I'd give 25 ms to the lookup, then the scorer, say 60 ms, and then maybe 30 for the rules.",
            "p99 split: index read 30 ms, pair lookups for ~200 pairs 40, model 45.",
        ] {
            let c = heard(text, 100).unwrap_or_else(|| panic!("not raised: {text}"));
            assert!(c.quote.chars().any(|ch| ch.is_ascii_digit()), "{c:?}");
        }
    }

    #[test]
    fn a_sum_that_fits_with_its_total_and_what_is_left_is_not_raised() {
        for text in [
            "100 ms: 20 fetch, 30 model, 10 filters -> 60, leaving 40 spare.",
            "Plan: 30 recall + 20 lookups + 30 scoring = 80 ms, so 20 ms of slack under the 100.",
            "100 total: 30 recall, 50 scoring (10 cheap pass + 40 deep model), 20 render.",
            "One read of 1 user row + 300 item rows, about 6 ms at p99.",
            "A single read for a few hundred items with the tree model 60 ms, then 30 ms for filters, which fits inside the 100.",
            "100 total: 20 recall, 40 ranking (10 cheap pass + 30 deep model), 15 blend, 25 render.",
            "The 100: sources 20; a light model cutting 1,500 to 300, 10; heavy ranker on the 300, 40; filters, 10.",
        ] {
            assert_eq!(heard(text, 100), None, "{text}");
        }
    }

    #[test]
    fn a_stage_given_two_budgets_in_two_answers_is_raised_unless_changed_on_purpose() {
        let said = super::super::tests::said;
        let f = facts(150);
        for (earlier, later) in [
            (
                "Ranker: 50 ms p99 for the thousand listings.",
                "The heavy part is the ranking model, which needs its 90 ms, so retrieval has to be lean.",
            ),
            (
                "Budget-wise, rerank gets 40 ms of the 150.",
                "If the cross-encoder is slow, the reranker's 90 ms slice goes first.",
            ),
        ] {
            let c = budget_changed(&[said(1, earlier), said(5, later)], &f);
            assert_eq!(c.len(), 1, "{earlier} / {later}: {c:?}");
        }
        for (earlier, later) in [
            (
                "Ranker: 50 ms p99.",
                "I'd now give the ranker 90 ms, since retrieval got cheaper.",
            ),
            ("Ranker: 50 ms p99.", "Alert if ranker p99 crosses 130 ms."),
            (
                "Light model 20 ms, heavy model 70 ms, both p99.",
                "The model step gets 70 ms.",
            ),
        ] {
            assert_eq!(
                budget_changed(&[said(1, earlier), said(5, later)], &f),
                Vec::new(),
                "{later}"
            );
        }
    }

    #[test]
    fn stages_side_by_side_add_up_only_through_their_group_time() {
        assert!(
            heard(
                "p99: BM25 and ANN in parallel: 50 ms; filter 20 ms; rerank 40 ms.",
                100
            )
            .is_some()
        );
        assert_eq!(
            heard(
                "BM25 50 ms and ANN 60 ms run in parallel, then 30 ms to merge.",
                100
            ),
            None
        );
    }

    #[test]
    fn one_stage_over_the_whole_budget_is_raised_but_not_a_measurement_or_a_bound() {
        assert!(
            heard(
                "The deep ranker alone runs about 130 ms at p99 on our hosts.",
                100
            )
            .is_some()
        );
        for text in [
            "At 130 ms on Black Friday we shed the second model.",
            "When the store spiked to 140 ms we served cached rows.",
            "Retries back off from 150 ms, three at most.",
            "Generation takes 900 ms, but it comes after retrieval.",
        ] {
            assert_eq!(heard(text, 100), None, "{text}");
        }
    }
}
