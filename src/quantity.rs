//! Numbers and times in prose: "50 ms", "thirty minutes", "half an hour",
//! "about a hundred ads", "400,000 events". The grader reads times from
//! answers (budgets, windows), the guard checks that a model kept the numbers
//! of the question it rephrased. Pure.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Number words, as a regex alternation.
pub const NUMBER_WORDS: &str = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen";

/// Time units a budget or a window is given in, as a regex alternation.
pub const TIME_UNITS: &str =
    r"ms|msec|millis(?:econds?)?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?";

/// A number and a time unit: the number in group 1 (digits) or 2 (a word),
/// the unit in 3.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(\d+(?:[.,]\d+)?)[\s-]?|({NUMBER_WORDS}|a|an|one|half an?)[\s-])({TIME_UNITS})\b"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Any stretch of time, also in months and years and in runs of number words
/// ("a hundred ms"), grouped as [`TIME`].
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(\d+(?:[.,]\d+)?)[\s-]?|((?:(?:a|an|one|{NUMBER_WORDS})[\s-]|(?:hundred|thousand|million)\s+and\s+)*(?:{NUMBER_WORDS}|a|an|one|half an?))[\s-])({TIME_UNITS}|months?|years?)\b"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// "Within the hour": one of the unit.
static WITHIN_THE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwithin the (second|minute|hour|day|week|month|year)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A number: digits (not glued to letters before them: `p99` is a name), or a
/// run of number words ("a hundred", "two thousand"), with the word after it.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}_.])(\d+(?:,\d{{3}})*(?:\.\d+)?)|\b((?:(?:a|an|one|{NUMBER_WORDS})[\s-]|(?:hundred|thousand|million)\s+and\s+)*(?:one|{NUMBER_WORDS}))\b"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The value of one number word.
fn word_value(w: &str) -> Option<f64> {
    Some(match w {
        "a" | "an" | "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        "hundred" => 100.0,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// The value of a number written in digits (`400,000`, `2.5`) or words
/// (`thirty`, `a hundred`, `two thousand`, `half an`).
pub fn number_value(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    if s.starts_with("half") {
        return Some(0.5);
    }
    if let Ok(v) = s.replace(',', "").parse::<f64>() {
        return Some(v);
    }
    let (mut total, mut group) = (0.0, 0.0);
    // "and" only joins: "two hundred and fifty".
    for w in s.split(['-', ' ']).filter(|w| !w.is_empty() && *w != "and") {
        let v = word_value(w)?;
        if v >= 100.0 {
            // "a hundred", "two thousand": a multiplier of what came before.
            group = if group == 0.0 { v } else { group * v };
            if v >= 1e3 {
                total += group;
                group = 0.0;
            }
        } else {
            group += v;
        }
    }
    Some(total + group)
}

/// Milliseconds in one of a time unit as written.
fn unit_ms(unit: &str) -> Option<f64> {
    let u = unit.to_ascii_lowercase();
    Some(match u.as_str() {
        "ms" | "msec" => 1.0,
        u if u.starts_with("milli") => 1.0,
        "s" | "sec" | "secs" => 1e3,
        u if u.starts_with("second") => 1e3,
        u if u.starts_with("min") => 60e3,
        "h" | "hr" | "hrs" => 3_600e3,
        u if u.starts_with("hour") => 3_600e3,
        u if u.starts_with("day") => 86_400e3,
        u if u.starts_with("week") => 604_800e3,
        u if u.starts_with("month") => 2_592_000e3,
        u if u.starts_with("year") => 31_536_000e3,
        _ => return None,
    })
}

/// Every budget-like time stated in `text` (milliseconds to weeks), in
/// milliseconds, with where it is.
pub fn times_ms(text: &str) -> Vec<(u64, Range<usize>)> {
    times_by(&TIME, text)
}

/// "A" or "an" before a unit that is no stretch of time: a rate ("46k
/// events a second", "twice a day") or an ordinal ("a second check").
fn not_a_time(text: &str, c: &regex::Captures<'_>) -> bool {
    let (Some(whole), Some(n)) = (c.get(0), c.get(2)) else {
        return false;
    };
    if !matches!(n.as_str().to_ascii_lowercase().as_str(), "a" | "an") {
        return false;
    }
    if RATE_BEFORE.is_match(&text[..whole.start()]) {
        return true;
    }
    let unit = c.get(3).map_or("", |u| u.as_str());
    let next = text[whole.end()..]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let starts_word = text[whole.end()..].starts_with(' ');
    unit.eq_ignore_ascii_case("second")
        && starts_word
        && next.chars().all(char::is_alphabetic)
        && !TIME_FOLLOWS.contains(&next.to_ascii_lowercase().as_str())
}

/// Words after "a second" that keep it a time ("a second or two", "a second
/// later"); any other word after it makes it an ordinal ("a second copy").
const TIME_FOLLOWS: [&str; 24] = [
    "or", "and", "later", "ago", "after", "before", "behind", "late", "old", "of", "to", "per",
    "in", "at", "for", "longer", "more", "less", "is", "was", "each", "tops", "max", "apart",
];

/// A count of things, or "times" / "twice", right before "a day": a rate.
static RATE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?:\d[\d,.]*\s*[kmb]?|{NUMBER_WORDS})\s+[a-z][\w-]*|\d[\d,.]*\s*[kmb]?|\b(?:once|twice|times))\s*$"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

fn times_by(re: &Regex, text: &str) -> Vec<(u64, Range<usize>)> {
    re.captures_iter(text)
        .filter(|c| !not_a_time(text, c))
        .filter_map(|c| {
            let whole = c.get(0)?;
            let n = number_value(c.get(1).or_else(|| c.get(2))?.as_str())?;
            let ms = n * unit_ms(c.get(3)?.as_str())?;
            (ms.is_finite() && ms >= 0.0).then(|| (ms.round() as u64, whole.range()))
        })
        .collect()
}

/// A quantity stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Quantity {
    /// A time, in milliseconds: `50 ms`, `thirty minutes`, `a day`.
    Time(u64),
    /// Any other number, with the word that follows it (lowercase), if any:
    /// `a hundred ads` is 100 and "ads".
    Count(f64, Option<String>),
}

/// Every quantity in `text`, in order. Times are read first; a number that is
/// part of one is not read again as a count.
pub fn quantities(text: &str) -> Vec<Quantity> {
    quantities_at(text).into_iter().map(|(_, q)| q).collect()
}

/// [`quantities`] with where each one is: the whole time ("80 ms"), or the
/// number of a count ("45,000"). `scenarios check` uses the place to name the
/// line of a number that contradicts a fact.
pub fn quantities_at(text: &str) -> Vec<(Range<usize>, Quantity)> {
    let mut times = times_by(&SPAN, text);
    times.extend(WITHIN_THE.captures_iter(text).filter_map(|c| {
        let whole = c.get(0)?;
        let ms = unit_ms(c.get(1)?.as_str())?;
        Some((ms.round() as u64, whole.range()))
    }));
    let mut out: Vec<(Range<usize>, Quantity)> = times
        .iter()
        .map(|(ms, r)| (r.clone(), Quantity::Time(*ms)))
        .collect();
    for c in COUNT.captures_iter(text) {
        let Some(m) = c.get(1).or_else(|| c.get(2)) else {
            continue;
        };
        if times
            .iter()
            .any(|(_, r)| r.start <= m.start() && m.start() < r.end)
        {
            continue;
        }
        // An ordinal or a name ("99th", "4G", "2x") is not a quantity.
        if text[m.end()..].starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        let Some(value) = number_value(m.as_str()) else {
            continue;
        };
        let next = text[m.end()..]
            .split(|c: char| !c.is_alphanumeric() && c != '%')
            .find(|w| !w.is_empty())
            .map(str::to_lowercase);
        out.push((m.range(), Quantity::Count(value, next)));
    }
    out.sort_by_key(|(at, _)| at.start);
    out
}

/// The value of every number written in `text`, times included ("50 ms"
/// gives 50).
pub fn numbers(text: &str) -> Vec<f64> {
    COUNT
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(1).or_else(|| c.get(2))?;
            let glued = c.get(1).is_some()
                && text[m.end()..].starts_with(|c: char| c.is_alphabetic())
                && times_by(&SPAN, &text[m.start()..])
                    .first()
                    .is_none_or(|(_, r)| r.start != 0);
            (!glued).then(|| number_value(m.as_str())).flatten()
        })
        .collect()
}

/// Whether the last of `values` is the total of the others ("10 ms, 20 ms,
/// 10 ms — 40 ms"): a stated sum, however it is worded, is not one more part.
pub fn ends_with_their_total(values: &[u64]) -> bool {
    match values.split_last() {
        Some((last, rest)) if rest.len() >= 2 => rest.iter().sum::<u64>().abs_diff(*last) <= 1,
        _ => false,
    }
}

/// `1234567` as `1,234,567`.
pub fn grouped(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_any_unit_and_in_words() {
        let got: Vec<u64> = times_ms("fetch 8 ms, 2.5 s, thirty minutes, half an hour, 1 day")
            .into_iter()
            .map(|(ms, _)| ms)
            .collect();
        assert_eq!(got, [8, 2500, 1_800_000, 1_800_000, 86_400_000]);
        assert!(
            times_ms("a share counts as positive").is_empty(),
            "'as' is not a + s"
        );
        for rate_or_ordinal in [
            "So there's a second check after rerank.",
            "a second full copy of the index",
            "about 40 billion events a day",
            "2,000 passages a second per GPU",
            "we retrain twice a day",
            "46k a second at peak",
        ] {
            assert_eq!(times_ms(rate_or_ordinal), [], "{rate_or_ordinal}");
        }
        let got: Vec<u64> = times_ms("within a day; a second or two; a second later")
            .into_iter()
            .map(|(ms, _)| ms)
            .collect();
        assert_eq!(got, [86_400_000, 1000, 1000]);
    }

    #[test]
    fn numbers_in_words_and_digits_have_one_value() {
        assert_eq!(number_value("a hundred"), Some(100.0));
        assert_eq!(number_value("two thousand"), Some(2000.0));
        assert_eq!(number_value("400,000"), Some(400_000.0));
        assert_eq!(number_value("41.0"), number_value("41"));
        assert_eq!(number_value("thirty"), Some(30.0));
        assert_eq!(number_value("ninety-nine"), Some(99.0));
        assert_eq!(number_value("two hundred and fifty"), Some(250.0));
        assert_eq!(number_value("fourteen"), Some(14.0));
        assert_eq!(
            quantities("it takes about two hundred and fifty milliseconds at p99"),
            [Quantity::Time(250)]
        );
        assert_eq!(numbers("kept fourteen days"), [14.0]);
        // "and" joins only after a hundred or more: two numbers stay two.
        assert_eq!(numbers("two and three"), [2.0, 3.0]);
    }

    #[test]
    fn quantities_keep_their_unit_or_their_noun() {
        assert_eq!(
            quantities("50 milliseconds at p99 to score about a hundred ads, 3 regions"),
            [
                Quantity::Time(50),
                Quantity::Count(100.0, Some("ads".into())),
                Quantity::Count(3.0, Some("regions".into())),
            ]
        );
        assert!(quantities("the p99 budget").is_empty(), "p99 is a name");
        assert_eq!(
            quantities("one region"),
            [Quantity::Count(1.0, Some("region".into()))]
        );
        assert_eq!(numbers("50 ms for thirty ads"), [50.0, 30.0]);
        assert_eq!(
            numbers("the 99th percentile, 50ms"),
            [50.0],
            "an ordinal is not a number"
        );
        assert_eq!(quantities("within a day"), [Quantity::Time(86_400_000)]);
        assert_eq!(quantities("within the hour"), [Quantity::Time(3_600_000)]);
        assert_eq!(
            quantities("a hundred ms, 3 months"),
            [Quantity::Time(100), Quantity::Time(7_776_000_000)]
        );
    }
}
