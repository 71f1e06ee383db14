//! The claims an answer makes, for the interviewer to drill into: the
//! components it names, the numbers it states (a measure, not a step or an
//! ordinal) and the choices it makes, each with the criteria its sentence
//! touches.

use super::*;

/// Words after a number that make it a measure worth asking about ("3
/// replicas", "5 percent"), not a step or an ordinal ("step 2", "one region").
const UNITS: [&str; 28] = [
    "%",
    "percent",
    "qps",
    "rps",
    "tps",
    "partitions",
    "shards",
    "replicas",
    "replica",
    "workers",
    "consumers",
    "nodes",
    "pods",
    "gb",
    "tb",
    "mb",
    "pb",
    "kb",
    "k",
    "m",
    "x",
    "events",
    "requests",
    "rows",
    "days",
    "hours",
    "minutes",
    "seconds",
];
/// Most claims kept from one answer.
const CLAIMS_PER_ANSWER: usize = 6;

/// The claims of one answer: components, choices, then numbers, at most a few,
/// each a short verbatim span.
pub(super) fn claims(
    ear: &Ear,
    turn: &Turn,
    by_sentence: &BTreeMap<(u64, String), BTreeSet<String>>,
) -> Vec<Claim> {
    let text = turn.text.as_str();
    let criteria_at = |range: &Range<usize>| -> Vec<String> {
        let sentence = sentence_of(text, range);
        by_sentence
            .get(&(turn.seq, text[sentence].to_string()))
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    };
    let mut out: Vec<Claim> = Vec::new();
    let mut keys = BTreeSet::new();
    let mut push = |kind: ClaimKind, key: String, range: Range<usize>, out: &mut Vec<Claim>| {
        if !keys.insert(key.clone()) {
            return;
        }
        let Some(quote) = quote_at(text, range.clone()) else {
            return;
        };
        out.push(Claim {
            kind,
            quote,
            key,
            seq: turn.seq,
            criteria: criteria_at(&range),
        });
    };
    if let Some(re) = &ear.components {
        for m in re.find_iter(text) {
            let name = m.as_str().to_lowercase();
            let Some(role) = ear.roles.get(&name) else {
                continue;
            };
            push(
                ClaimKind::Component {
                    name: m.as_str().to_string(),
                    role: role.clone(),
                },
                format!("component:{name}"),
                m.range(),
                &mut out,
            );
        }
    }
    for m in ear.choice.find_iter(text) {
        let Some(quote) = quote_at(text, m.range()) else {
            continue;
        };
        push(
            ClaimKind::Choice,
            format!("choice:{}", quote.to_lowercase()),
            m.range(),
            &mut out,
        );
    }
    for (range, q) in quantity::quantities_at(text) {
        let named = match &q {
            Quantity::Time(_) => true,
            Quantity::Count(_, unit) => unit.as_deref().is_some_and(|u| UNITS.contains(&u)),
        };
        if !named {
            continue;
        }
        let key = format!("number:{}", text[range.clone()].to_lowercase());
        push(ClaimKind::Number, key, range, &mut out);
    }
    // Components and choices are what a candidate decided; numbers fill in.
    out.sort_by_key(|c| match c.kind {
        ClaimKind::Choice => 0,
        ClaimKind::Component { .. } => 1,
        ClaimKind::Number => 2,
    });
    out.truncate(CLAIMS_PER_ANSWER);
    out
}
