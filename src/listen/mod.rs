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
mod vague;
use claims::claims;
pub(crate) use quote::clean_quote;
use quote::{clause_after, clause_around, sentence_of};
pub use quote::{quote_at, shorten};
use vague::{new_numbers, plain, said_with_substance, settle_vague, spoken, vague_topics};

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
    heard.mentioned = spoken(ear, report, said, |_| true);
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
    let last_answer = heard.last_answer;
    heard.touched_now = spoken(ear, report, said, |seq| Some(seq) == last_answer);
    heard.numberless = last
        .filter(|t| !t.skipped && !new_numbers(turns, &t.text))
        .and_then(|_| {
            said.iter()
                .find(|s| Some(s.seq) == heard.last_answer)
                .and_then(|s| shorten(&s.quote, None))
        });
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
/// and the near misses of the last answer that are hand-waves.
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
