//! The case's size said wrong: a number of regions other than the case's
//! ("since we serve from two regions" where it serves from three), and a peak
//! rate sized far below the case's ("sized for peak ~40k events/s" where it
//! peaks near 400,000).

use std::sync::LazyLock;

use regex::Regex;

use super::super::quote_at;
use super::{words_after, words_before};
use crate::grade::Said;
use crate::interview::heard::{Conflict, Contradiction};
use crate::prompts::Facts;
use crate::quantity::{self, Quantity};

/// Words before a count of regions that make it the deployment's own ("we
/// serve from two regions", "with three regions", "our four regions").
static DEPLOYED_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:serve[sd]?|serving|run|running|runs|deploy\w*|have|has|with|across|since|operate\w*|our|all|the)\b(?:\s+\w+){0,2}\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Words that make a count of regions a part of them, not all of them: a
/// failure, a copy, a subset.
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:of (?:the|our)|fail\w*|down|outage|lose|lost|replica\w*|cop(?:y|ies)|mirror\w*|standby|backup|failover|at least|at most|up to|only|other|remaining)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A rate per second, with its multiplier: "~40k events/s", "120 thousand
/// requests per second", "45,000 qps".
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    let words = quantity::NUMBER_WORDS;
    Regex::new(&format!(
        r"(?i)(\d+(?:[.,]\d+)*|\b(?:{words})(?:[\s-](?:and[\s-])?(?:{words}))*)\s*(k|m|thousand|million)?\s*(?:[a-z]+\s*){{0,2}}(?:/\s*s(?:ec)?\b|per second|a second|per sec\b|qps\b|rps\b|eps\b)"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A sentence that sizes something for the load.
static SIZED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:peak\w*|sized?|sizing|capacity|provision\w*|headroom|max(?:imum)?|handles?|built for)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A rate of one part, or an average: not the whole peak.
static PART_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:averag\w*|avg|mean|typical|per (?:partition|consumer|node|broker|shard|worker|host|pod|instance|region|user|card|gpu|cpu|core|machine|replica|server|box|thread|task|container|executor|model)|each|a partition|one partition)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A rate worked out from another ("twenty million an hour works out to
/// about fifty-five hundred a second"): arithmetic on some flow of the case,
/// not the peak the system is sized for.
static CONVERTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:works? out (?:to|at)|comes? (?:out )?to|divided by|equals?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// One machine's rate ("a decent GPU does maybe three thousand passages a
/// second"): capacity arithmetic, not the system's peak.
static ONE_MACHINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:a|an|one|each|per|the|single)\s+(?:\w+\s+)?(?:gpus?|cpus?|cores?|machines?|nodes?|hosts?|box(?:es)?|servers?|replicas?|workers?|instances?|pods?|shards?)\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The case's size, checked against each sentence.
pub(super) fn misstated(s: &Said, f: &Facts) -> Option<Contradiction> {
    regions(s, f).or_else(|| peak(s, f))
}

/// A count of the deployment's regions other than the case's.
fn regions(s: &Said, f: &Facts) -> Option<Contradiction> {
    let text = &s.quote;
    let (range, _) = quantity::quantities_at(text).into_iter().find(|(r, q)| {
        let Quantity::Count(v, Some(unit)) = q else {
            return false;
        };
        let after = words_after(text, r.end, 4);
        let before = &text[..r.start];
        let lead = words_before(text, r.start, 3);
        (unit == "regions" || unit == "regional")
            && *v >= 2.0
            && v.fract() == 0.0
            && *v != f64::from(f.regions)
            && DEPLOYED_IN.is_match(before)
            && !PART_OF.is_match(&lead)
            && !PART_OF.is_match(&after)
    })?;
    Some(Contradiction {
        id: "case:regions".to_string(),
        quote: quote_at(text, range)?,
        conflict: Conflict::Case {
            fact: format!("this case is served from {} regions", f.regions),
        },
        criteria: Vec::new(),
        seq: s.seq,
    })
}

/// A peak sized at a third of the case's or less.
fn peak(s: &Said, f: &Facts) -> Option<Contradiction> {
    let case_peak = f.peak_events_per_second?;
    let text = &s.quote;
    if !SIZED.is_match(text) || CONVERTED.is_match(text) {
        return None;
    }
    let (range, rate) = RATE.captures_iter(text).find_map(|c| {
        // A part's rate ("5k events/s per partition", "an average of"), said
        // around the rate, is not the system's.
        let whole = c.get(0)?;
        let around = format!(
            "{} {}",
            words_before(text, whole.start(), 6),
            words_after(text, whole.end(), 3)
        );
        if PART_RATE.is_match(&around)
            || PART_RATE.is_match(whole.as_str())
            || ONE_MACHINE.is_match(&words_before(text, whole.start(), 6))
        {
            return None;
        }
        let mut v = quantity::number_value(c.get(1)?.as_str())?;
        v *= match c.get(2).map(|m| m.as_str().to_lowercase()).as_deref() {
            Some("k" | "thousand") => 1e3,
            Some("m" | "million") => 1e6,
            _ => 1.0,
        };
        Some((c.get(0)?.range(), v))
    })?;
    if rate <= 0.0 || rate * 3.0 > case_peak as f64 {
        return None;
    }
    Some(Contradiction {
        id: "case:peak".to_string(),
        quote: quote_at(text, range)?,
        conflict: Conflict::Case {
            fact: format!(
                "this case peaks near {} events per second",
                quantity::grouped(case_peak)
            ),
        },
        criteria: Vec::new(),
        seq: s.seq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Facts {
        Facts {
            peak_events_per_second: Some(90_000),
            regions: 4,
            ..super::super::tests::facts()
        }
    }

    fn heard(text: &str) -> Option<Contradiction> {
        misstated(&super::super::tests::said(1, text), &case())
    }

    #[test]
    fn a_wrong_count_of_regions_or_a_peak_sized_far_too_low_is_raised() {
        for text in [
            "Since we serve from two regions, the second is a warm standby.",
            "We'd run three regional clusters, one per continent.",
            "Brokers are sized for a peak of ~20k events/s with 30% headroom.",
            "Capacity: 12,000 requests per second at peak.",
            "At peak we're talking six thousand feed requests a second, so a few dozen replicas per region is plenty.",
        ] {
            assert!(heard(text).is_some(), "not raised: {text}");
        }
    }

    #[test]
    fn the_right_counts_parts_and_averages_are_not() {
        for text in [
            "Each of our four regions has its own store.",
            "If two regions go down, the others take the load.",
            "Models are copied to two regions for backup.",
            "That is about 30 thousand events per second on average, and we size for the 90k peak.",
            "Each partition handles about 5k events/s at peak.",
            "Say the new model is twice the size: 2,000 passages a second per GPU.",
            "At peak each region handles about twenty thousand events a second.",
        ] {
            assert_eq!(heard(text), None, "{text}");
        }
    }
}
