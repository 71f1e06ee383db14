//! The question policy: at each turn boundary inside a phase, which move the
//! interviewer makes next, from what was heard. Pure and deterministic: the same
//! answers give the same questions. docs/listening.md states the policy in words.
//!
//! In order, the first that applies:
//! 1. **Probe**: a topic the last answer named without specifics is asked again,
//!    quoting it, for the number, mechanism, threshold or owner it left out (now
//!    or never: the next answer replaces what was heard). So is the question
//!    just asked, when the answer left it open: mostly hand-waving with nothing
//!    earned, or no number of its own on a topic it spoke of whose substance is
//!    a number ([`probe`]).
//! 2. **Contradiction**: a contradiction not yet raised (the last answer's first)
//!    is quoted back with what it disagrees with.
//! 3. **Drill-down** or **topic**, alternating within a phase (a drill-down
//!    first, unless the phase has no more questions left than failure points
//!    the candidate never touched and the last answer made no new choice:
//!    then the topic, since a drill-down would crowd one out): a drill-down
//!    asks about a claim of the candidate's (a component, a number, a
//!    choice), at most twice per claim, from the angle of the phase; a
//!    topic question asks about a criterion of this phase the candidate has not
//!    touched — the scenario's own follow-up for it, else the rubric's, else
//!    `listening.toml`'s — starting from a component they named when one fits,
//!    and asking related untouched topics with it when `listening.toml` has one
//!    question for them all (`also`).
//!    A question whose topics were all covered is never asked; one whose topics
//!    were only touched becomes a probe that quotes what was said.
//! 4. Nothing left: the phase ends.

use std::collections::{BTreeMap, BTreeSet};

use super::Gap;
use super::heard::{Claim, ClaimKind, Conflict, Heard};
use crate::prompts::listening::{FollowUp, GapAsk, Listening, fill};
use crate::vocab::{Ask, Intent, Phase};
use probe::{probe, probeable, vague};

mod probe;

/// A drill-down is asked at most this many times about one claim.
pub const MAX_DRILLS_PER_CLAIM: u32 = 2;

/// What the policy has already done this round, rebuilt from the transcript on
/// resume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    drilled: BTreeMap<String, u32>,
    raised: BTreeSet<String>,
    /// Criteria probed, by the phase the probe was asked in: a topic is
    /// probed at most once a phase.
    probed: BTreeSet<(Phase, String)>,
    asked: BTreeSet<String>,
    used: BTreeSet<(Phase, usize)>,
    texts: BTreeSet<String>,
    /// The move of the last follow-up in the current phase.
    last_in_phase: Option<Ask>,
    /// What the last question asked about, and its move.
    last_targets: Vec<String>,
    last_ask: Option<Ask>,
    last_acknowledged: bool,
}

impl Memory {
    /// What the last question asked about.
    pub fn last_targets(&self) -> &[String] {
        &self.last_targets
    }

    /// Records a question that was asked.
    pub fn note(&mut self, phase: Phase, intent: &Intent, text: &str) {
        if let Some(claim) = &intent.claim {
            *self.drilled.entry(claim.clone()).or_default() += 1;
        }
        if let Some(id) = &intent.contradiction {
            self.raised.insert(id.clone());
        }
        match intent.ask {
            Some(Ask::Probe) => self
                .probed
                .extend(intent.targets.iter().map(|t| (phase, t.clone()))),
            Some(Ask::Gap | Ask::Scripted) => self.asked.extend(intent.targets.iter().cloned()),
            _ => {}
        }
        if let Some(i) = intent.follow_up {
            self.used.insert((phase, i));
        }
        self.texts.insert(text.to_string());
        self.last_in_phase = match intent.ask {
            Some(Ask::Opening) => None,
            other => other,
        };
        self.last_acknowledged = intent.acknowledged;
        self.last_targets = intent.targets.clone();
        self.last_ask = intent.ask;
    }

    /// The criterion was probed in `phase`.
    fn probed_in(&self, phase: Phase, criterion: &str) -> bool {
        self.probed
            .iter()
            .any(|(p, c)| *p == phase && c == criterion)
    }

    /// The criterion was probed in any phase.
    fn probed(&self, criterion: &str) -> bool {
        self.probed.iter().any(|(_, c)| c == criterion)
    }

    /// A scenario follow-up was asked (or passed over) in `phase`.
    pub fn used(&self, phase: Phase, index: usize) -> bool {
        self.used.contains(&(phase, index))
    }
}

/// What the policy reads at a turn boundary.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub phase: Phase,
    pub heard: &'a Heard,
    /// The scenario's follow-ups for this phase.
    pub follow_ups: &'a [FollowUp],
    /// The rubric's follow-ups for unmet criteria, weakest first (all phases).
    pub gaps: &'a [Gap],
    pub listening: &'a Listening,
    pub memory: &'a Memory,
    /// The criteria this phase is about: its opening's and follow-ups' targets
    /// and the gap questions that belong to it.
    pub phase_topics: &'a [&'a str],
    /// Every criterion not yet met, the one worth the most points first.
    pub unmet: &'a [String],
    /// How many times one claim may be drilled into (the level decides).
    pub drills_per_claim: u32,
    /// Criteria the level asks about before any other topic of their phase.
    pub level_first: &'a [String],
    /// How many questions the phase can still ask, this one included (its
    /// answer budget less the answers given).
    pub left: u32,
    /// The criteria a later phase's opening asks about: a slot here is better
    /// spent on a topic nothing else will ask.
    pub asked_later: &'a [&'a str],
}

/// The question chosen, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub text: String,
    pub intent: Intent,
}

/// The next follow-up in the phase, or `None` when nothing is left to ask.
pub fn next(cx: &Context<'_>) -> Option<Chosen> {
    // One listening move, then a topic, in turn; the scenario phase, where the
    // whole design is on the table, gives the rest of its turns to topics.
    let topic_first = match cx.memory.last_in_phase {
        Some(ask) if ask.listens() => true,
        Some(Ask::Gap | Ask::Scripted) => cx.phase == Phase::Scenario,
        _ => false,
    } || (pressing(cx) >= cx.left as usize && !fresh_choice(cx));
    // A vague answer is probed in the very next question or not at all (the
    // next answer replaces what was heard); a contradiction keeps until asked.
    let chosen = vague(cx).or_else(|| contradiction(cx)).or_else(|| {
        if topic_first {
            topic(cx).or_else(|| drill(cx))
        } else {
            drill(cx).or_else(|| bridged(cx)).or_else(|| topic(cx))
        }
    })?;
    Some(acknowledge(cx, chosen))
}

/// The first contradiction not yet raised: the last answer's before older ones.
fn contradiction(cx: &Context<'_>) -> Option<Chosen> {
    let lines = &cx.listening.contradiction;
    let mut open: Vec<_> = cx
        .heard
        .contradictions
        .iter()
        .filter(|c| !cx.memory.raised.contains(&c.id))
        .collect();
    open.sort_by_key(|c| (Some(c.seq) != cx.heard.last_answer, c.seq));
    let c = open.first()?;
    let text = match &c.conflict {
        Conflict::Case { fact } => fill(&lines.case, &[("quote", &c.quote), ("fact", fact)]),
        Conflict::Earlier { earlier } => {
            fill(&lines.earlier, &[("quote", &c.quote), ("earlier", earlier)])
        }
        Conflict::Practice => fill(&lines.practice, &[("quote", &c.quote)]),
    };
    Some(Chosen {
        text,
        intent: Intent {
            ask: Some(Ask::Contradiction),
            targets: c.criteria.clone(),
            about: Some(c.quote.clone()),
            contradiction: Some(c.id.clone()),
            ..Intent::default()
        },
    })
}

/// How much a claim is worth drilling into: choices first, then components,
/// then bare numbers.
fn weight(c: &Claim) -> u8 {
    match c.kind {
        ClaimKind::Choice => 0,
        ClaimKind::Component { .. } => 1,
        ClaimKind::Number => 2,
    }
}

/// A drill-down on a claim: the last answer's claims first (least drilled,
/// then by weight), then components named earlier and never drilled.
fn drill(cx: &Context<'_>) -> Option<Chosen> {
    let drilled = |c: &Claim| cx.memory.drilled.get(&c.key).copied().unwrap_or(0);
    let mut last: Vec<&Claim> = cx
        .heard
        .last_claims()
        .filter(|c| drilled(c) < cx.drills_per_claim)
        .collect();
    last.sort_by_key(|c| (drilled(c), weight(c)));
    let earlier = cx.heard.claims.iter().filter(|c| {
        Some(c.seq) != cx.heard.last_answer
            && matches!(c.kind, ClaimKind::Component { .. })
            && drilled(c) == 0
    });
    let fit = cx.listening.drill.fit.for_phase(cx.phase);
    let fits = |c: &Claim| match &c.kind {
        ClaimKind::Component { role, .. } => fit.is_empty() || fit.contains(role),
        _ => true,
    };
    let mut seen = BTreeSet::new();
    for claim in last.into_iter().chain(earlier) {
        if !seen.insert(&claim.key) || !fits(claim) {
            continue;
        }
        let n = drilled(claim) as usize;
        let (angles, name) = match &claim.kind {
            ClaimKind::Component { name, role } if role == "model" => {
                (&cx.listening.drill.model, the(name))
            }
            ClaimKind::Component { name, .. } => (&cx.listening.drill.component, the(name)),
            ClaimKind::Number => (&cx.listening.drill.number, String::new()),
            ClaimKind::Choice => (&cx.listening.drill.choice, String::new()),
        };
        let list = angles.for_phase(cx.phase);
        let Some(template) = list.get(n.min(list.len().saturating_sub(1))) else {
            continue;
        };
        let text = fill(template, &[("quote", &claim.quote), ("name", &name)]);
        if cx.memory.texts.contains(&text) {
            continue;
        }
        return Some(Chosen {
            text,
            intent: Intent {
                ask: Some(Ask::DrillDown),
                targets: claim.criteria.clone(),
                about: Some(claim.quote.clone()),
                claim: Some(claim.key.clone()),
                ..Intent::default()
            },
        });
    }
    None
}

/// A criterion still open: not covered, and neither asked nor probed yet.
fn open(cx: &Context<'_>, criterion: &str) -> bool {
    !cx.heard.covered.contains(criterion)
        && !cx.memory.asked.contains(criterion)
        && !cx.memory.probed(criterion)
}

/// The phase's open criteria, the one worth the most points first.
fn open_topics<'a>(cx: &Context<'a>) -> Vec<&'a str> {
    let mut open: Vec<&str> = cx
        .phase_topics
        .iter()
        .copied()
        .filter(|c| open(cx, c))
        .collect();
    let mut seen = BTreeSet::new();
    open.retain(|c| seen.insert(*c));
    // The level's own topics, then the failure points every interviewer
    // checks first, then the weakest; a topic a later opening asks anyway
    // last.
    let first = &cx.listening.gap.first;
    let rank = |c: &str| {
        (
            cx.asked_later.contains(&c),
            cx.level_first
                .iter()
                .position(|f| f == c)
                .unwrap_or(usize::MAX),
            first.iter().position(|f| f == c).unwrap_or(usize::MAX),
            cx.unmet.iter().position(|u| u == c).unwrap_or(usize::MAX),
        )
    };
    open.sort_by_key(|c| rank(c));
    open
}

/// How many of the phase's open topics are failure points every interviewer
/// checks (`gap.first`) that the candidate never touched: when the phase has
/// no more questions left than these, a drill-down would crowd one out.
fn pressing(cx: &Context<'_>) -> usize {
    open_topics(cx)
        .into_iter()
        .filter(|c| !cx.heard.touched(c) && cx.listening.gap.first.iter().any(|f| f == c))
        .count()
}

/// The last answer made a choice not yet drilled into.
fn fresh_choice(cx: &Context<'_>) -> bool {
    cx.heard
        .last_claims()
        .any(|c| c.kind == ClaimKind::Choice && !cx.memory.drilled.contains_key(&c.key))
}

/// A topic never touched, asked from a component the last answer named: a
/// question about what the candidate just said that also covers what they
/// left out ("In your design, \"Kafka keyed by user\": when a consumer
/// retries…").
fn bridged(cx: &Context<'_>) -> Option<Chosen> {
    open_topics(cx)
        .into_iter()
        .filter(|c| !cx.heard.touched(c))
        .filter_map(|c| gap(cx, c, true))
        .find(|c| !cx.memory.texts.contains(&c.text))
}

/// A question about a topic of this phase the candidate has not covered: the
/// criterion worth the most points among the phase's own (its follow-ups'
/// targets, the rubric's and `listening.toml`'s gap questions for it). A
/// criterion never touched is asked — by the scenario's own follow-up when none
/// of that question's topics came up, else by the rubric's or the file's gap
/// question, started from a component the candidate named when one fits; a
/// criterion touched without substance is probed, quoting what was said.
fn topic(cx: &Context<'_>) -> Option<Chosen> {
    for criterion in open_topics(cx) {
        let chosen = if cx.heard.touched(criterion) {
            touched_probe(cx, &[criterion.to_string()])
        } else {
            scripted(cx, criterion).or_else(|| gap(cx, criterion, false))
        };
        if let Some(c) = chosen.filter(|c| !cx.memory.texts.contains(&c.text)) {
            return Some(c);
        }
    }
    None
}

/// The scenario's own follow-up for a criterion, when none of its topics came up.
fn scripted(cx: &Context<'_>, criterion: &str) -> Option<Chosen> {
    cx.follow_ups.iter().enumerate().find_map(|(i, f)| {
        let targets = f.targets();
        let fits = targets.iter().any(|t| t == criterion)
            && !cx.memory.used(cx.phase, i)
            && targets.iter().all(|t| !cx.heard.touched(t));
        fits.then(|| Chosen {
            text: f.ask().to_string(),
            intent: Intent {
                ask: Some(Ask::Scripted),
                targets: targets.to_vec(),
                follow_up: Some(i),
                ..Intent::default()
            },
        })
    })
}

/// For topics all touched but not all covered: a probe quoting what was said
/// on the first uncovered one not yet probed.
fn touched_probe(cx: &Context<'_>, targets: &[String]) -> Option<Chosen> {
    targets
        .iter()
        .filter(|t| !cx.heard.covered.contains(*t) && !cx.memory.probed(t))
        .filter(|t| probeable(cx, t))
        .find_map(|t| cx.heard.mentioned.get(t).map(|q| probe(cx, t, q)))
}

/// The rubric's gap question for a criterion, else `listening.toml`'s, started
/// from a component of a fitting role when the candidate named one (with
/// `from_last`: only from one the last answer named, and only so).
fn gap(cx: &Context<'_>, criterion: &str, from_last: bool) -> Option<Chosen> {
    let from_rubric = cx
        .gaps
        .iter()
        .find(|g| g.criterion == criterion)
        .map(|g| (g.ask.as_str(), None));
    let asks = || {
        cx.listening
            .gap
            .ask
            .iter()
            .filter(|g| g.criterion == criterion)
    };
    // A question that also asks other missing topics, when the candidate
    // touched none of them and none was asked yet; else the topic's own.
    let fits = |g: &&GapAsk| g.also.iter().all(|c| open(cx, c) && !cx.heard.touched(c));
    let here = || asks().filter(|g| g.phase == cx.phase).filter(fits);
    let from_listening = here()
        .min_by_key(|g| std::cmp::Reverse(g.also.len()))
        .or_else(|| asks().filter(fits).find(|g| g.also.is_empty()))
        .map(|g| (g.ask.as_str(), Some(g.roles.as_slice()), g.also.as_slice()));
    let (ask, roles, also) = from_listening.or(from_rubric.map(|(a, r)| (a, r, &[][..])))?;
    let bridge = roles.and_then(|roles| {
        cx.heard.claims.iter().rev().find(|c| {
            matches!(&c.kind, ClaimKind::Component { role, .. } if roles.contains(role))
                && (!from_last || Some(c.seq) == cx.heard.last_answer)
        })
    });
    if from_last && bridge.is_none() {
        return None;
    }
    let (text, about) = match bridge {
        Some(c) => (
            fill(
                &cx.listening.gap.bridge,
                &[("quote", &c.quote), ("ask", &lower_first(ask))],
            ),
            Some(c.quote.clone()),
        ),
        None => (upper_first(ask), None),
    };
    Some(Chosen {
        text,
        intent: Intent {
            ask: Some(Ask::Gap),
            targets: std::iter::once(criterion.to_string())
                .chain(also.iter().cloned())
                .collect(),
            about,
            ..Intent::default()
        },
    })
}

/// Puts a short restatement of a concrete last answer before a question that
/// does not already quote the candidate — never twice in a row.
fn acknowledge(cx: &Context<'_>, mut chosen: Chosen) -> Chosen {
    let Some(point) = &cx.heard.concrete else {
        return chosen;
    };
    if chosen.intent.about.is_some() || cx.memory.last_acknowledged {
        return chosen;
    }
    chosen.text = format!(
        "{}{}",
        fill(&cx.listening.acknowledge.template, &[("quote", point)]),
        chosen.text
    );
    chosen.intent.about = Some(point.clone());
    chosen.intent.acknowledged = true;
    chosen
}

/// A component as a question names it: a product as written ("Redis"), a
/// common noun with its article ("the partitioned log").
fn the(name: &str) -> String {
    if name.chars().any(char::is_uppercase) {
        name.to_string()
    } else {
        format!("the {name}")
    }
}

/// "What happens…" → "what happens…", unless the word is an acronym ("SLA").
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(a) => a.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::{PromptFiles, PromptSet};

    fn claim(kind: ClaimKind, quote: &str) -> Claim {
        Claim {
            kind,
            quote: quote.into(),
            key: format!("k:{quote}"),
            seq: 1,
            criteria: vec![],
        }
    }

    /// After the opening's answer named Kafka (and, with `choice`, made a
    /// choice), with `left` questions left in the scenario phase and
    /// idempotency (a failure point) never touched.
    fn ask(left: u32, choice: bool) -> Chosen {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let mut heard = Heard {
            last_answer: Some(1),
            ..Heard::default()
        };
        heard.claims.push(claim(
            ClaimKind::Component {
                name: "Kafka".into(),
                role: "log".into(),
            },
            "Kafka keyed by user",
        ));
        if choice {
            heard
                .claims
                .push(claim(ClaimKind::Choice, "Flink rather than Spark"));
        }
        let memory = Memory::default();
        next(&Context {
            phase: Phase::Scenario,
            heard: &heard,
            follow_ups: &[],
            gaps: &[],
            listening: &set.listening,
            memory: &memory,
            phase_topics: &["idempotent_writes"],
            unmet: &["idempotent_writes".to_string()],
            drills_per_claim: MAX_DRILLS_PER_CLAIM,
            level_first: &[],
            left,
            asked_later: &[],
        })
        .unwrap()
    }

    /// After the latency opening (budget, split, freshness) was answered
    /// with `heard`.
    fn after_the_latency_opening(heard: &Heard) -> Option<Chosen> {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let mut memory = Memory::default();
        let targets = [
            "latency_budget_numbers",
            "budget_split_by_stage",
            "freshness_target",
        ];
        memory.note(
            Phase::Latency,
            &Intent {
                ask: Some(Ask::Opening),
                targets: targets.iter().map(|t| t.to_string()).collect(),
                ..Intent::default()
            },
            "How do you spend the 120 ms?",
        );
        next(&Context {
            phase: Phase::Latency,
            heard,
            follow_ups: &[],
            gaps: &[],
            listening: &set.listening,
            memory: &memory,
            phase_topics: &targets,
            unmet: &[],
            drills_per_claim: MAX_DRILLS_PER_CLAIM,
            level_first: &[],
            left: 3,
            asked_later: &[],
        })
    }

    #[test]
    fn an_answer_without_a_number_of_its_own_is_probed_on_the_number_it_owed() {
        let mut heard = Heard {
            last_answer: Some(2),
            numberless: Some("120 for ranking is decent".into()),
            ..Heard::default()
        };
        heard.touched_now.insert(
            "budget_split_by_stage".into(),
            "Retrieval's the cheap part".into(),
        );
        let c = after_the_latency_opening(&heard).unwrap();
        assert_eq!(c.intent.ask, Some(Ask::Probe));
        assert_eq!(c.intent.targets, ["budget_split_by_stage"]);
        assert!(
            c.text.contains("\"Retrieval's the cheap part\""),
            "{}",
            c.text
        );
        // Not when the answer gave the split, nor when it never spoke of it.
        heard.credited_now.insert("budget_split_by_stage".into());
        let c = after_the_latency_opening(&heard);
        assert_ne!(c.map(|c| c.intent.ask), Some(Some(Ask::Probe)));
        heard.credited_now.clear();
        heard.touched_now.clear();
        let c = after_the_latency_opening(&heard);
        assert_ne!(c.map(|c| c.intent.ask), Some(Some(Ask::Probe)));
    }

    #[test]
    fn a_hand_waving_answer_leaves_the_question_open_unless_it_answered_part_of_it() {
        let mut heard = Heard {
            last_answer: Some(2),
            thin: Some("it'll be fine, honestly".into()),
            ..Heard::default()
        };
        let c = after_the_latency_opening(&heard).unwrap();
        assert_eq!(c.intent.ask, Some(Ask::Probe));
        assert_eq!(c.intent.targets, ["latency_budget_numbers"]);
        assert!(c.text.contains("\"it'll be fine, honestly\""), "{}", c.text);
        heard.credited_now.insert("freshness_target".into());
        let c = after_the_latency_opening(&heard);
        assert_ne!(c.map(|c| c.intent.ask), Some(Some(Ask::Probe)));
    }

    #[test]
    fn a_topic_a_later_opening_asks_anyway_waits_for_it() {
        let set = PromptSet::from_files(PromptFiles::embedded()).unwrap();
        let heard = Heard::default();
        let memory = Memory::default();
        let unmet = [
            "versioned_raw_logs".to_string(),
            "data_contract".to_string(),
        ];
        let cx = |asked_later| Context {
            phase: Phase::SchemaChange,
            heard: &heard,
            follow_ups: &[],
            gaps: &[],
            listening: &set.listening,
            memory: &memory,
            phase_topics: &["versioned_raw_logs", "data_contract"],
            unmet: &unmet,
            drills_per_claim: MAX_DRILLS_PER_CLAIM,
            level_first: &[],
            left: 1,
            asked_later,
        };
        assert_eq!(open_topics(&cx(&[]))[0], "versioned_raw_logs");
        assert_eq!(
            open_topics(&cx(&["versioned_raw_logs"])),
            ["data_contract", "versioned_raw_logs"]
        );
    }

    #[test]
    fn with_turns_to_spare_a_claim_is_drilled_first() {
        assert_eq!(ask(3, false).intent.ask, Some(Ask::DrillDown));
    }

    #[test]
    fn when_the_turns_left_are_no_more_than_the_untouched_failure_points_the_gap_comes_first() {
        let c = ask(1, false);
        assert_eq!(c.intent.ask, Some(Ask::Gap));
        // With retries untouched too, one question asks both (`also`).
        assert_eq!(
            c.intent.targets,
            ["idempotent_writes", "retries", "retries_made_safe"]
        );
        // Started from what the candidate named.
        assert!(c.text.contains("\"Kafka keyed by user\""), "{}", c.text);
    }

    #[test]
    fn a_fresh_choice_is_still_asked_why_when_turns_are_short() {
        let c = ask(1, true);
        assert_eq!(c.intent.ask, Some(Ask::DrillDown));
        assert_eq!(c.intent.about.as_deref(), Some("Flink rather than Spark"));
    }
}
