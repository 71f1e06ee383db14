//! Retention against use: an answer that keeps raw data for N days, and a later
//! one that reads further back than that (a backfill, a training window) without
//! saying where the older data comes from.

use super::*;

/// A retention: a time right after words of keeping or expiring ("raw logs
/// kept 14 days", "age out after 30 days", "a two-week TTL").
static KEPT: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:kept|keep|retained|retain|retention(?: is| of)?|ttl(?: of)?|age[sd]? out(?: after)?|expire[sd]?(?: after)?|deleted after|dropped after|purged after|live[sd]? for|only lives?|stays? for|stored for|held for)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A use of past data: a verb of reading it back, and how far back.
static USED_BACK: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:re-?run|replay|pull|reprocess|recompute|rebuild|reconstruct|query|look up|explain|trace|retrain|backfill|load|train on|read back)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

static BACK: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    let n = format!(r"\d+|a|one|{}", quantity::NUMBER_WORDS);
    Regex::new(&format!(r"(?i)\b(?:(?:last|previous) (week|month|quarter|year|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december)|({n}) (weeks?|months?|years?) (?:ago|from now|back|earlier|before)|(?:the )?(?:last|past|previous) ({n}) (weeks|months|years)|({n}) (months?|years?) of (?:the )?(?:raw|old|archived|historical))\b"))
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Raw data, as opposed to what is derived from it.
static RAW: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"(?i)\braw\b").unwrap_or_else(|e| unreachable!("{e}")));

/// A retention written as a note: "Raw playback logs: 30 days in the lake".
static NOTED: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:logs?|events?|pings?|snapshots?|data|records?|tables?)\s*:")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Most words between a word of keeping and its time ("keep daily graph
/// snapshots for 7 days").
const KEPT_REACH: usize = 5;

/// How far back a [`BACK`] match reaches, in days.
fn days_back(c: &regex::Captures<'_>) -> Option<u64> {
    if let Some(period) = c.get(1) {
        return Some(match period.as_str().to_lowercase().as_str() {
            "week" => 7,
            "month" => 28,
            "year" => 365,
            // A season or a month by name: some months back.
            _ => 90,
        });
    }
    // "Three months ago", "the last six months", "a year of raw logs".
    let (n, unit) = [(2, 3), (4, 5), (6, 7)]
        .into_iter()
        .find_map(|(n, u)| Some((c.get(n)?, c.get(u)?)))?;
    let n = quantity::number_value(n.as_str()).filter(|v| v.fract() == 0.0 && *v >= 1.0)? as u64;
    let unit = unit.as_str().to_lowercase();
    Some(
        n * if unit.starts_with("week") {
            7
        } else if unit.starts_with("month") {
            28
        } else {
            365
        },
    )
}

/// Data said to be kept for some days, later used from further back than
/// that: "raw logs are kept 14 days", then "re-run the training pipeline on
/// last quarter's raw logs". Both about the same thing (a shared word).
pub(super) fn retention_outlived(said: &[Said]) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for (i, later) in said.iter().enumerate() {
        let Some(back) = BACK.captures(&later.quote) else {
            continue;
        };
        let Some(reach) = days_back(&back) else {
            continue;
        };
        let Some(whole) = back.get(0) else {
            continue;
        };
        if !USED_BACK.is_match(&later.quote) || NEGATION.is_match(&later.quote) {
            continue;
        }
        for earlier in said[..i].iter().filter(|e| e.seq < later.seq) {
            let cues = KEPT
                .find_iter(&earlier.quote)
                .map(|k| (k.range(), KEPT_REACH));
            let notes = NOTED.find_iter(&earlier.quote).map(|k| (k.range(), 0));
            let kept = cues.chain(notes).find_map(|(k, reach)| {
                quantity::quantities_at(&earlier.quote[k.end..])
                    .into_iter()
                    .find(|(r, q)| {
                        matches!(q, Quantity::Time(ms) if *ms >= 86_400_000)
                            && earlier.quote[k.end..k.end + r.start]
                                .split_whitespace()
                                .count()
                                <= reach
                    })
                    .map(|(r, q)| (k.start..k.end + r.end, q))
            });
            let Some((range, Quantity::Time(ms))) = kept else {
                continue;
            };
            if ms / 86_400_000 >= reach {
                continue;
            }
            // "Kept 14 days there" speaks for its sentence; short names
            // ("logs", "pings") count here.
            let clause = super::super::clause_around(&earlier.quote, range.clone());
            let kept_on = if POINTER.is_match(clause) || THERE.is_match(clause) {
                earlier.quote.as_str()
            } else {
                clause
            };
            // Raw data in both speaks of the same thing, whatever its
            // generic name ("raw events are kept ninety days").
            let both_raw = RAW.is_match(kept_on) && RAW.is_match(&later.quote);
            if !shares_word(kept_on, &later.quote, 4) && !both_raw {
                continue;
            }
            let (Some(earlier_q), Some(quote)) = (
                quote_at(&earlier.quote, range),
                quote_at(&later.quote, whole.range()),
            ) else {
                continue;
            };
            out.push(Contradiction {
                id: format!("retention:{}", earlier_q.to_lowercase()),
                quote,
                conflict: Conflict::Earlier { earlier: earlier_q },
                criteria: vec!["versioned_raw_logs".to_string()],
                seq: later.seq,
            });
            break;
        }
    }
    out
}
