//! Understanding an answer: what the candidate said, as the question policy
//! needs it ([`crate::interview::heard::Heard`]). Pure.
//!
//! Nothing here parses an answer a second way for the rubric: which topics were
//! covered with substance, which were only touched (and where), which were
//! vague, and which contradictions the answer holds all come from the grader's
//! own report — its evidence, its near misses and their reasons, its mistakes.
//! What the grader has no use for is read here from the text: the components
//! the candidate named (the lexicon in `prompts/listening.toml`), their numbers
//! and their choices, each kept as a short verbatim span to quote back.

mod clash;
mod quote;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use regex::Regex;

use crate::grade::{Report, Said, Status};
use crate::interview::heard::{Claim, ClaimKind, Conflict, Contradiction, Heard, Vague};
use crate::prompts::{Facts, Listening};
use crate::quantity::{self, Quantity};
use crate::transcript::Turn;
use crate::vocab::Role;

mod claims;
use claims::claims;
pub(crate) use quote::clean_quote;
use quote::{clause_after, clause_around, sentence_of};
pub use quote::{quote_at, shorten};

/// Near-miss reasons that mean "the topic was named, but said nothing concrete".
const VAGUE_REASONS: [&str; 7] = [
    "no mechanism",
    "without a number",
    "without a measured time",
    "without a reason",
    "hedged",
    "string of keywords",
    "no reason that names",
];

/// Most words in a clause that comments on the one before it ("standard
/// stuff", "so throughput isn't really a concern").
const TAG_WORDS: usize = 6;

/// Two claims that cannot both hold, compiled: each side, and what both
/// sentences must also speak of (`None`: anything).
#[derive(Debug, Clone)]
struct Clash {
    id: String,
    one: Regex,
    other: Regex,
    when: Option<Regex>,
}

/// The lexicon and cues, compiled once per prompt set.
#[derive(Debug, Clone)]
pub struct Ear {
    components: Option<Regex>,
    /// Lowercased name → role.
    roles: BTreeMap<String, String>,
    choice: Regex,
    /// Topic words, by criterion id, in id order.
    topics: Vec<(String, Regex)>,
    /// Claims that contradict each other (`[[clash]]`).
    clashes: Vec<Clash>,
    /// Words of a hand-wave: "somehow", "we'd handle it".
    hedges: Option<Regex>,
    /// Topics whose substance is a number, a time, a key or one of their own
    /// words (`[specifics]`), by criterion id; `None` for a topic with no words.
    specifics: BTreeMap<String, Option<Regex>>,
}

impl Ear {
    pub fn new(listening: &Listening) -> Ear {
        let mut names: Vec<(String, String)> = listening
            .component
            .iter()
            .flat_map(|c| c.names.iter().map(|n| (n.to_lowercase(), c.role.clone())))
            .collect();
        // Longest first, so "spark streaming" wins over "spark".
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        names.dedup_by(|a, b| a.0 == b.0);
        let components = words_regex(names.iter().map(|(n, _)| n));
        let choice = Regex::new(
            r"(?i)\b(?:rather than|instead of|as opposed to|in favou?r of|trade[- ]?off|i'?d (?:pick|choose|go with|use)|i (?:picked|chose|prefer)|we (?:picked|chose|prefer|went with)|i went with)\b",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let topics = listening
            .vague
            .iter()
            .filter_map(|(criterion, words)| {
                let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
                // Other forms of a word count too: overload, overloaded.
                let re = Regex::new(&format!(
                    r"(?i)\b(?:{})(?:s|es|d|ed|ing|ly)?\b",
                    alternatives.join("|")
                ))
                .ok()?;
                Some((criterion.clone(), re))
            })
            .collect();
        let either =
            |patterns: &[String]| Regex::new(&format!("(?i)(?:{})", patterns.join(")|(?:"))).ok();
        let clashes = listening
            .clash
            .iter()
            .filter_map(|c| {
                let when = if c.when.is_empty() {
                    None
                } else {
                    Some(either(&c.when)?)
                };
                Some(Clash {
                    id: c.id.clone(),
                    one: either(&c.one)?,
                    other: either(&c.other)?,
                    when,
                })
            })
            .collect();
        let hedges = words_regex(&listening.hedges);
        Ear {
            components,
            roles: names.into_iter().collect(),
            choice,
            topics,
            clashes,
            hedges,
            specifics: listening
                .specifics
                .iter()
                .map(|(criterion, words)| (criterion.clone(), words_regex(words)))
                .collect(),
        }
    }
}

/// One case-insensitive regex matching any of `words` as whole words; `None`
/// for no words.
fn words_regex<'a>(words: impl IntoIterator<Item = &'a String>) -> Option<Regex> {
    let alternatives: Vec<String> = words.into_iter().map(|w| regex::escape(w)).collect();
    if alternatives.is_empty() {
        return None;
    }
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).ok()
}

/// Where a near miss in the last answer read as a hand-wave, and where in the
/// answer: `(offset, order, vague)`, sorted so the plainest and earliest lead.
type Placed = (u64, usize, Vague);

/// What the grade and the turns say was heard. `facts` words a contradiction
/// with the case.
pub fn hear(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    turns: &[Turn],
    facts: Option<&Facts>,
) -> Heard {
    let mut heard = Heard::default();
    let last = turns.iter().rev().find(|t| t.role == Role::Candidate);
    heard.last_answer = last.filter(|t| !t.skipped).map(|t| t.seq);
    let Graded {
        by_sentence,
        mut vague,
    } = from_the_grade(ear, report, said, facts, last, &mut heard);
    topics_touched(ear, said, &mut heard);
    vague_topics(ear, report, said, facts, last, &heard, &mut vague);
    settle_vague(ear, report, said, facts, vague, &mut heard);
    for t in turns
        .iter()
        .filter(|t| t.role == Role::Candidate && !t.skipped)
    {
        heard.claims.extend(claims(ear, t, &by_sentence));
    }
    heard.concrete = heard
        .last_claims()
        .filter(|c| !matches!(c.kind, ClaimKind::Component { .. }))
        .min_by_key(|c| matches!(c.kind, ClaimKind::Number))
        .map(|c| c.quote.clone());
    heard.contradictions = contradictions_heard(ear, report, said, facts);
    heard
}

/// What [`from_the_grade`] gathers besides what it sets on [`Heard`].
struct Graded {
    /// Which criteria each quoted sentence touches, for the claims found in it.
    by_sentence: BTreeMap<(u64, String), BTreeSet<String>>,
    /// The grader's near misses in the last answer that read as hand-waves.
    vague: Vec<Placed>,
}

/// The grade, criterion by criterion: what is covered (and with substance),
/// the candidate's own words on each topic, and the near misses of the last
/// answer that are hand-waves.
fn from_the_grade(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    facts: Option<&Facts>,
    last: Option<&Turn>,
    heard: &mut Heard,
) -> Graded {
    let mut by_sentence: BTreeMap<(u64, String), BTreeSet<String>> = BTreeMap::new();
    let mut vague: Vec<Placed> = Vec::new();
    for (order, c) in report.criteria.iter().enumerate() {
        for e in &c.evidence {
            by_sentence
                .entry((e.seq, e.quote.clone()))
                .or_default()
                .insert(c.id.clone());
        }
        for m in &c.near_misses {
            by_sentence
                .entry((m.seq, m.quote.clone()))
                .or_default()
                .insert(c.id.clone());
        }
        let off_phase = c.near_misses.iter().any(|m| m.why.contains("outside the"));
        let covered = c.status == Status::Met || (c.status == Status::Partial && off_phase);
        if covered {
            heard.covered.insert(c.id.clone());
            let substance = c
                .evidence
                .iter()
                .map(|e| (e.seq, &e.quote))
                .chain(c.near_misses.iter().map(|m| (m.seq, &m.quote)))
                .any(|(seq, quote)| said_with_substance(ear, said, seq, quote, &c.id, facts));
            if substance {
                heard.substantive.insert(c.id.clone());
            }
        }
        let spoken = c
            .evidence
            .iter()
            .map(|e| (&e.quote, &e.matched))
            .chain(c.near_misses.iter().map(|m| (&m.quote, &m.matched)))
            .find_map(|(q, m)| shorten(q, m.first().map(String::as_str)));
        if let Some(quote) = spoken {
            heard.mentioned.insert(c.id.clone(), quote);
        }
        if covered {
            continue;
        }
        for m in &c.near_misses {
            let plain = said
                .iter()
                .any(|s| s.seq == m.seq && s.quote == m.quote && plain(ear, s, facts));
            if Some(m.seq) == heard.last_answer
                && plain
                && VAGUE_REASONS.iter().any(|r| m.why.contains(r))
            {
                if let Some(quote) = shorten(&m.quote, m.matched.first().map(String::as_str)) {
                    let at = last.and_then(|t| t.text.find(&m.quote)).unwrap_or(0);
                    vague.push((
                        at as u64,
                        order,
                        Vague {
                            criterion: c.id.clone(),
                            quote,
                            strength: 2,
                        },
                    ));
                    break;
                }
            }
        }
    }
    Graded { by_sentence, vague }
}

/// A topic is touched when its own words come up, even where the rubric's
/// phrases did not catch them: asking about it then quotes what was said.
fn topics_touched(ear: &Ear, said: &[Said], heard: &mut Heard) {
    for s in said {
        for (criterion, re) in &ear.topics {
            if heard.mentioned.contains_key(criterion) {
                continue;
            }
            if let Some(q) = re
                .find(&s.quote)
                .and_then(|m| shorten(&s.quote, Some(m.as_str())))
            {
                heard.mentioned.insert(criterion.clone(), q);
            }
        }
    }
}

/// Sentences of the last answer with nothing specific in them, on a topic the
/// rubric's phrases did not catch — even one covered earlier: a vague answer
/// to the question just asked is probed on its own terms (the policy decides).
/// A plainer sign of a topic replaces a weaker one.
fn vague_topics(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    facts: Option<&Facts>,
    last: Option<&Turn>,
    heard: &Heard,
    vague: &mut Vec<Placed>,
) {
    let text = last.map_or("", |t| t.text.as_str());
    for s in said.iter().filter(|s| Some(s.seq) == heard.last_answer) {
        for (order, (criterion, re)) in ear.topics.iter().enumerate() {
            // Of the topic's words in the sentence, the plainest hand-wave:
            // "Monitoring: precision, queue sizes - and generally we'd keep an
            // eye on things" waves at its end.
            let Some((strength, m)) = re
                .find_iter(&s.quote)
                .filter_map(|m| {
                    let waved = waved_at(ear, &s.quote, m.range());
                    if !waved && substance(ear, s, criterion, facts) {
                        return None;
                    }
                    Some((u8::from(!waved && !hedged_at(ear, s, m.range())), m))
                })
                .min_by_key(|(strength, _)| *strength)
            else {
                continue;
            };
            // A plainer sign of the same topic replaces a weaker one (the
            // grader's near miss on "we'd monitor everything" is strength 2; the
            // hand-wave itself is 0).
            match vague.iter().position(|(_, _, v)| &v.criterion == criterion) {
                Some(i) if vague[i].2.strength <= strength => continue,
                Some(i) => {
                    vague.remove(i);
                }
                None => {}
            }
            if let Some(quote) = shorten(&s.quote, Some(m.as_str())) {
                let at = text.find(&s.quote).unwrap_or(0) + m.start();
                vague.push((
                    at as u64,
                    report.criteria.len() + order,
                    Vague {
                        criterion: criterion.clone(),
                        quote,
                        strength,
                    },
                ));
            }
        }
    }
}

/// Drops the hand-waves on topics the same answer then gave substance on,
/// orders the rest, and notes an answer with nothing specific at all.
fn settle_vague(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    facts: Option<&Facts>,
    mut vague: Vec<Placed>,
    heard: &mut Heard,
) {
    // A topic this same answer earned credit on with substance was not left
    // vague: an outline's heading ("Labels - two of them") is followed by it.
    let credited_now: BTreeSet<&str> = report
        .criteria
        .iter()
        .filter(|c| {
            c.evidence.iter().any(|e| {
                Some(e.seq) == heard.last_answer
                    && said_with_substance(ear, said, e.seq, &e.quote, &c.id, facts)
            })
        })
        .map(|c| c.id.as_str())
        .collect();
    vague.retain(|(_, _, v)| v.strength == 0 || !credited_now.contains(v.criterion.as_str()));
    vague.sort_by_key(|(at, order, v)| (v.strength, *at, *order));
    let sentences: Vec<&Said> = said
        .iter()
        .filter(|s| Some(s.seq) == heard.last_answer)
        .collect();
    let plain_ones: Vec<&&Said> = sentences.iter().filter(|s| plain(ear, s, facts)).collect();
    if !sentences.is_empty() && plain_ones.len() == sentences.len() {
        heard.plain = plain_ones.iter().find_map(|s| shorten(&s.quote, None));
    }
    heard.vague = vague.into_iter().map(|(_, _, v)| v).collect();
}

/// Contradictions: the grader's, the case's facts against what was said, and
/// answers against each other (which may complete one the grader caught).
fn contradictions_heard(
    ear: &Ear,
    report: &Report,
    said: &[Said],
    facts: Option<&Facts>,
) -> Vec<Contradiction> {
    let mut found = contradictions(report);
    if let Some(f) = facts {
        found.extend(clash::against_case(said, f));
    }
    for c in clash::between_answers(ear, said) {
        // The grader may have caught the later claim alone; it now has its other side.
        match found
            .iter_mut()
            .find(|g| g.seq == c.seq && g.conflict == Conflict::Practice)
        {
            Some(g) => g.conflict = c.conflict,
            None => found.push(c),
        }
    }
    found
}

/// A hand-wave in the clause of `sentence` at `at`, or in a short one right
/// after it that comments on it, with no number in either: vague whatever
/// else the sentence holds ("120 ms in one region - we'd have a timeout and
/// fall back to something sensible"; "Sinks retry, standard stuff").
fn waved_at(ear: &Ear, sentence: &str, at: Range<usize>) -> bool {
    let Some(h) = &ear.hedges else {
        return false;
    };
    let clause = clause_around(sentence, at.clone());
    let after = clause_after(sentence, at);
    let after = if after.split_whitespace().count() <= TAG_WORDS {
        after
    } else {
        ""
    };
    let digit = |t: &str| t.contains(|c: char| c.is_ascii_digit());
    (h.is_match(clause) || h.is_match(after)) && !digit(clause) && !digit(after)
}

/// A hand-wave: the rubric's hedges, or `listening.toml`'s ("somehow",
/// "probably", "we'd handle it").
fn hedged(ear: &Ear, s: &Said) -> bool {
    s.hedged || ear.hedges.as_ref().is_some_and(|h| h.is_match(&s.quote))
}

/// A hand-wave about the words at `at`: a hedge of `listening.toml`'s in the
/// same clause ("the model trains from there, probably a tree" does not make
/// "the model trains from there" a hand-wave), or the rubric's hedge when the
/// sentence holds none of `listening.toml`'s to place it.
fn hedged_at(ear: &Ear, s: &Said, at: Range<usize>) -> bool {
    let Some(h) = &ear.hedges else {
        return s.hedged;
    };
    if !h.is_match(&s.quote) {
        return s.hedged;
    }
    h.is_match(clause_around(&s.quote, at))
}

/// The sentence says something of substance on `criterion`: it is not plain,
/// and on a topic of `[specifics]` it holds a number, a time, a key or one of
/// the topic's own words.
fn substance(ear: &Ear, s: &Said, criterion: &str, facts: Option<&Facts>) -> bool {
    if plain(ear, s, facts) {
        return false;
    }
    match ear.specifics.get(criterion) {
        None => true,
        Some(words) => s.specific || words.as_ref().is_some_and(|w| w.is_match(&s.quote)),
    }
}

/// The grader's sentence `quote` of answer `seq` says something of substance
/// on `criterion` ([`substance`]).
fn said_with_substance(
    ear: &Ear,
    said: &[Said],
    seq: u64,
    quote: &str,
    criterion: &str,
    facts: Option<&Facts>,
) -> bool {
    said.iter()
        .any(|s| s.seq == seq && s.quote == quote && substance(ear, s, criterion, facts))
}

/// A vague sentence: hedged, or with no mechanism at all, or whose only
/// numbers are the case's own budget restated.
fn plain(ear: &Ear, s: &Said, facts: Option<&Facts>) -> bool {
    if hedged(ear, s) || !s.mechanism {
        return true;
    }
    if !s.specific {
        return false;
    }
    let Some(f) = facts else {
        return false;
    };
    // "Keep the whole thing under 80 ms" restates the case's budget: the
    // numbers are the case's, with the budget among them.
    let own = quantity::quantities_at(&s.quote);
    own.iter()
        .any(|(_, q)| matches!(q, Quantity::Time(ms) if *ms == f.latency_p99_ms))
        && own.iter().all(|(_, q)| match q {
            Quantity::Time(ms) => *ms == f.latency_p99_ms,
            Quantity::Count(v, _) => f
                .stated
                .iter()
                .any(|s| matches!(s, Quantity::Count(c, _) if c == v)),
        })
}

/// Contradictions from the grader's contradiction phrases ("duplicates are
/// fine"), against an earlier answer when an earlier sentence had earned what
/// this one undid. The grader's checks against the case's facts are left to
/// [`clash`], which tells stages from totals, timeouts and backoffs.
fn contradictions(report: &Report) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for m in report
        .mistakes
        .iter()
        .filter(|m| !m.id.starts_with("case:"))
    {
        let anchor = m.evidence.matched.first().map(String::as_str);
        let Some(quote) = shorten(&m.evidence.quote, anchor) else {
            continue;
        };
        let earlier = report
            .criteria
            .iter()
            .filter(|c| m.criteria.contains(&c.id))
            .flat_map(|c| &c.near_misses)
            .find(|n| n.seq < m.evidence.seq && n.why.starts_with("undone"))
            .and_then(|n| shorten(&n.quote, n.matched.first().map(String::as_str)));
        out.push(Contradiction {
            id: m.id.clone(),
            quote,
            conflict: match earlier {
                Some(earlier) => Conflict::Earlier { earlier },
                None => Conflict::Practice,
            },
            criteria: m.criteria.clone(),
            seq: m.evidence.seq,
        });
    }
    out
}
