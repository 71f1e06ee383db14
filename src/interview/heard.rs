//! What the interviewer heard so far, as plain values: which rubric topics the
//! candidate covered with substance or only touched, the claims they made (the
//! components they named, their numbers, their choices), the topics their last
//! answer was vague on, and the contradictions in what they said. `listen`
//! builds it from the grader's analysis; the question policy reads it.

use std::collections::{BTreeMap, BTreeSet};

/// What a claim is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimKind {
    /// A component the candidate named, as they wrote it, and its role
    /// (`log`, `cache`, `model`… from `prompts/listening.toml`).
    Component { name: String, role: String },
    /// A number with its unit ("10 ms", "5 percent", "3 replicas").
    Number,
    /// A choice with its reason or its alternative ("X rather than Y because…").
    Choice,
}

/// One thing the candidate said that can be drilled into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub kind: ClaimKind,
    /// A short verbatim span of the answer.
    pub quote: String,
    /// Identifies the claim across answers, to bound how often it is drilled:
    /// `component:redis`, `number:10 ms`, `choice:…`.
    pub key: String,
    /// The sequence number of the answer it is in.
    pub seq: u64,
    /// The rubric criteria the claim's sentence touches.
    pub criteria: Vec<String>,
}

/// A topic the last answer named without a number, mechanism, threshold or owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vague {
    pub criterion: String,
    /// A verbatim span of the answer on that topic.
    pub quote: String,
    /// How plainly vague it is: 0 hedged in the same clause ("we'd monitor
    /// everything"), 1 a topic word with nothing specific ("we'd monitor it"),
    /// 2 a rubric topic named without the substance it needs.
    pub strength: u8,
}

/// What the quoted claim disagrees with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// The case's own facts, in words ("the case gives 50 ms at p99").
    Case { fact: String },
    /// An earlier answer of the candidate's (a verbatim span of it).
    Earlier { earlier: String },
    /// A practice that breaks the system ("retry forever"): asked about, not
    /// stated as wrong.
    Practice,
}

/// A contradiction in what the candidate said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// Stable id, so it is raised once: `case:label_final`, `case:stage_sum`,
    /// a rubric contradiction (`duplicates_accepted`), or a clash with what it
    /// contradicts (`cadence:reach the rankers within a minute`).
    pub id: String,
    /// A verbatim span of the answer that carries it.
    pub quote: String,
    pub conflict: Conflict,
    /// The rubric criteria it concerns.
    pub criteria: Vec<String>,
    /// The answer it is in.
    pub seq: u64,
}

/// Everything heard so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heard {
    /// Criteria covered with substance: never asked again as written.
    pub covered: BTreeSet<String>,
    /// Covered criteria whose credit came from at least one sentence with
    /// something specific in it. The others were credited only for hand-waves
    /// ("we'd handle it with retries somewhere"), which a probe may still ask
    /// about.
    pub substantive: BTreeSet<String>,
    /// Criteria touched without full credit, each with a verbatim span of what
    /// was said: asked about only by quoting it.
    pub mentioned: BTreeMap<String, String>,
    /// Every claim, in the order said (the last answer's last).
    pub claims: Vec<Claim>,
    /// The sequence number of the last answer, when it was an answer (not a skip).
    pub last_answer: Option<u64>,
    /// Topics the last answer was vague on, most important first.
    pub vague: Vec<Vague>,
    /// Every contradiction found so far.
    pub contradictions: Vec<Contradiction>,
    /// The last answer was concrete (a number or a named choice in it): the next
    /// question may restate its key point.
    pub concrete: Option<String>,
    /// None of the last answer's sentences said anything specific: a verbatim
    /// span of the first of them. The question it answered was answered vaguely.
    pub plain: Option<String>,
    /// The last answer was mostly hand-waving: at least half of its sentences
    /// said nothing specific and one of them waved the point off ("we'd see
    /// errors somewhere"). A verbatim span of the hand-wave. Whether it left
    /// the question open depends on what the question asked (the policy's
    /// call, from [`Heard::credited_now`]).
    pub thin: Option<String>,
    /// Criteria the last answer itself earned credit on with substance.
    pub credited_now: BTreeSet<String>,
    /// The last answer holds no number of its own (none but the numbers the
    /// interviewer gave): a verbatim span of its first sentence. A question
    /// that asked for numbers got none.
    pub numberless: Option<String>,
    /// Criteria the last answer spoke of, credited or not, each with a
    /// verbatim span of it.
    pub touched_now: BTreeMap<String, String>,
}

impl Heard {
    /// True when the candidate said anything at all on the criterion.
    pub fn touched(&self, criterion: &str) -> bool {
        self.covered.contains(criterion) || self.mentioned.contains_key(criterion)
    }

    /// The claims of the last answer, newest first.
    pub fn last_claims(&self) -> impl Iterator<Item = &Claim> {
        let last = self.last_answer;
        self.claims
            .iter()
            .rev()
            .filter(move |c| Some(c.seq) == last)
    }
}
