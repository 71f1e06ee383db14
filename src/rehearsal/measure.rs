//! Measuring a played interview against its script's labels.
//!
//! - **re-ask**: a question (an opening after the first, or a follow-up) whose
//!   targets were all covered with substance by earlier answers (by the labels)
//!   and which quotes nothing the candidate said; a topic question that starts
//!   from a component they named ("In your design, \"Kafka\": …") and asks a
//!   covered topic is counted apart, as a re-ask behind a quote;
//! - **listening follow-up**: a follow-up that is about the candidate's own
//!   words, quoting them verbatim (a drill-down, a probe, a contradiction, or a
//!   question started from their design) — a restatement put before a prepared
//!   question does not count;
//! - **vague probed**: an answer labelled vague on a topic, followed in the
//!   same phase by a probe on one of those topics (when the phase's answer
//!   budget or clock ended the phase first, the answer is counted as out of
//!   budget, not as missed);
//! - **gap asked**: a planted gap that some question targets;
//! - **contradiction raised**: a planted contradiction quoted back by a later
//!   contradiction move;
//! - **repeated**: a question asked twice word for word;
//! - **bad quote**: a quote that is not a verbatim span of an earlier answer;
//! - **leaked**: a question holding five words in a row of a rubric hint.

use std::collections::BTreeSet;

use super::{Candidate, Played};
use crate::rubric::Rubric;
use crate::vocab::{Ask, Role, TurnKind};

/// The figures of one interview, or of many added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub scripts: usize,
    pub questions: usize,
    pub follow_ups: usize,
    pub re_asks: usize,
    /// Topic questions on covered topics that quote a component the
    /// candidate named, not what they said on the topic.
    pub bridged_re_asks: usize,
    pub listening: usize,
    pub drill_downs: usize,
    pub vague: usize,
    pub vague_probed: usize,
    pub vague_out_of_budget: usize,
    /// Probes of an answer nobody labelled vague, right after it.
    pub unlabelled_probes: usize,
    pub gaps: usize,
    pub gaps_asked: usize,
    pub contradictions: usize,
    pub contradictions_raised: usize,
    /// Contradiction moves about an answer with no planted contradiction.
    pub unplanted_contradictions: usize,
    pub repeated: usize,
    pub bad_quotes: usize,
    pub leaked: usize,
    /// One line per failure, for the report.
    pub notes: Vec<String>,
}

impl Figures {
    pub fn add(&mut self, o: &Figures) {
        self.scripts += o.scripts;
        self.questions += o.questions;
        self.follow_ups += o.follow_ups;
        self.re_asks += o.re_asks;
        self.listening += o.listening;
        self.drill_downs += o.drill_downs;
        self.bridged_re_asks += o.bridged_re_asks;
        self.vague += o.vague;
        self.vague_probed += o.vague_probed;
        self.vague_out_of_budget += o.vague_out_of_budget;
        self.unlabelled_probes += o.unlabelled_probes;
        self.gaps += o.gaps;
        self.gaps_asked += o.gaps_asked;
        self.contradictions += o.contradictions;
        self.contradictions_raised += o.contradictions_raised;
        self.unplanted_contradictions += o.unplanted_contradictions;
        self.repeated += o.repeated;
        self.bad_quotes += o.bad_quotes;
        self.leaked += o.leaked;
        self.notes.extend(o.notes.iter().cloned());
    }

    /// Percent, rounded down; 100 when there is nothing to count.
    pub fn percent(part: usize, of: usize) -> usize {
        (part * 100).checked_div(of).unwrap_or(100)
    }

    /// The figures as the closing table of the check.
    pub fn render(&self) -> String {
        let pct = |a: usize, b: usize| format!("{a}/{b} ({}%)", Figures::percent(a, b));
        [
            format!("scripts                          {}", self.scripts),
            format!("questions asked                  {}", self.questions),
            format!(
                "re-asks                          {}",
                pct(self.re_asks, self.questions)
            ),
            format!(
                "  and behind a quote             {}",
                pct(self.bridged_re_asks, self.questions)
            ),
            format!(
                "follow-ups on the candidate's words {}",
                pct(self.listening, self.follow_ups)
            ),
            format!("  of which drill-downs           {}", self.drill_downs),
            format!(
                "vague answers probed next        {} ({} out of budget)",
                pct(self.vague_probed, self.vague - self.vague_out_of_budget),
                self.vague_out_of_budget
            ),
            format!(
                "probes after answers not vague   {}",
                self.unlabelled_probes
            ),
            format!(
                "planted gaps asked about         {}",
                pct(self.gaps_asked, self.gaps)
            ),
            format!(
                "contradictions raised            {}",
                pct(self.contradictions_raised, self.contradictions)
            ),
            format!(
                "contradictions nobody planted    {}",
                self.unplanted_contradictions
            ),
            format!("questions repeated               {}", self.repeated),
            format!("quotes not verbatim              {}", self.bad_quotes),
            format!("rubric text leaked               {}", self.leaked),
        ]
        .join("\n")
    }
}

/// Measures one played interview against its script.
pub fn measure(c: &Candidate, p: &Played, rubric: &Rubric) -> Figures {
    let mut f = Figures {
        scripts: 1,
        ..Figures::default()
    };
    let hints: Vec<Vec<String>> = rubric
        .criteria
        .iter()
        .map(|c| crate::text::tokens_of(&c.hint))
        .collect();
    let mut seen = Seen {
        first_opening: true,
        ..Seen::default()
    };
    for (i, t) in p.turns.iter().enumerate() {
        if t.role == Role::Candidate {
            if let Some(a) = p.answer_of[i].and_then(|k| c.answers.get(k)) {
                seen.covered.extend(a.covers.iter().map(String::as_str));
                seen.said.push(&a.text);
            }
            continue;
        }
        let kind = t.kind.unwrap_or(TurnKind::FollowUp);
        if kind != TurnKind::Feedback {
            question(&mut f, &mut seen, c, t, kind, &hints);
        }
    }
    vague(c, p, &mut f);
    contradictions(c, p, &mut f);
    for g in &c.gaps {
        f.gaps += 1;
        if seen.targeted.contains(g) {
            f.gaps_asked += 1;
        } else {
            f.notes.push(format!("{}: gap never asked: {g}", c.name));
        }
    }
    f
}

/// What the interview has shown so far, as the questions are measured.
#[derive(Default)]
struct Seen<'a> {
    /// Topics the candidate's answers covered (by the script's labels).
    covered: BTreeSet<&'a str>,
    /// The answers' texts.
    said: Vec<&'a str>,
    /// Questions asked, word for word.
    asked: BTreeSet<&'a str>,
    /// Criteria any question targeted.
    targeted: BTreeSet<String>,
    first_opening: bool,
}

/// One question measured: its quote, re-asks, follow-up kind, repeats and
/// leaked hints.
fn question<'a>(
    f: &mut Figures,
    seen: &mut Seen<'a>,
    c: &Candidate,
    t: &'a crate::transcript::Turn,
    kind: TurnKind,
    hints: &[Vec<String>],
) {
    let intent = t.intent.clone().unwrap_or_default();
    f.questions += 1;
    let quotes = intent.about.as_deref().filter(|q| !q.is_empty());
    if let Some(q) = quotes {
        // A restatement before a prepared question may be left out by a
        // model's wording; a question about the words must show them.
        let shown = t.text.contains(q) || intent.acknowledged;
        if !seen.said.iter().any(|a| a.contains(q)) || !shown {
            f.bad_quotes += 1;
            f.notes.push(format!("{}: bad quote {q:?}", c.name));
        }
    }
    let opening_of_scenario = kind == TurnKind::Opening && seen.first_opening;
    if kind == TurnKind::Opening {
        seen.first_opening = false;
    }
    // A topic question started from a component the candidate named ("In
    // your design, \"Kafka\": …") quotes them, but not about its topic:
    // counted apart, as a topic asked again behind a quote.
    let covered_all = !intent.targets.is_empty()
        && intent
            .targets
            .iter()
            .all(|x| seen.covered.contains(x.as_str()));
    let why = |what: &str| {
        format!(
            "{}: {what} [{}] {}",
            c.name,
            intent.targets.join(","),
            short(&t.text)
        )
    };
    if quotes.is_some() && matches!(intent.ask, Some(Ask::Gap | Ask::Scripted)) && covered_all {
        f.bridged_re_asks += 1;
        f.notes
            .push(why("covered topic asked again behind a quote"));
    }
    if !opening_of_scenario && quotes.is_none() && covered_all {
        f.re_asks += 1;
        f.notes.push(why("re-ask"));
    }
    if kind == TurnKind::FollowUp {
        f.follow_ups += 1;
        // A restatement before a prepared question ("Noted: …") is not a
        // question about what was said.
        if quotes.is_some() && !intent.acknowledged {
            f.listening += 1;
        }
        if intent.ask == Some(Ask::DrillDown) {
            f.drill_downs += 1;
        }
    }
    if !seen.asked.insert(&t.text) {
        f.repeated += 1;
        f.notes
            .push(format!("{}: repeated {}", c.name, short(&t.text)));
    }
    seen.targeted.extend(intent.targets.iter().cloned());
    let q = crate::text::tokens_of(&t.text);
    if hints.iter().any(|h| shares_run(&q, h, 5)) {
        f.leaked += 1;
        f.notes.push(format!(
            "{}: leaks a rubric hint: {}",
            c.name,
            short(&t.text)
        ));
    }
}

/// Each answer labelled vague: is the next turn, in the same phase, a probe on
/// one of its topics?
fn vague(c: &Candidate, p: &Played, f: &mut Figures) {
    for (i, t) in p.turns.iter().enumerate() {
        let Some(a) = p.answer_of[i].and_then(|k| c.answers.get(k)) else {
            continue;
        };
        let next = p.turns[i + 1..]
            .iter()
            .find(|n| n.role == Role::Interviewer);
        if a.vague.is_empty() {
            let probes_this = |n: &&crate::transcript::Turn| {
                n.intent.as_ref().is_some_and(|x| {
                    x.ask == Some(Ask::Probe)
                        && x.about.as_deref().is_some_and(|q| a.text.contains(q))
                })
            };
            if let Some(n) = next.filter(probes_this) {
                f.unlabelled_probes += 1;
                f.notes.push(format!(
                    "{}: probe after an answer nobody labelled vague: {}",
                    c.name,
                    short(&n.text)
                ));
            }
            continue;
        }
        f.vague += 1;
        match next {
            Some(n) if n.phase == t.phase && n.kind == Some(TurnKind::FollowUp) => {
                let intent = n.intent.clone().unwrap_or_default();
                if intent.ask == Some(Ask::Probe)
                    && intent.targets.iter().any(|x| a.vague.contains(x))
                {
                    f.vague_probed += 1;
                } else {
                    f.notes.push(format!(
                        "{}: vague on [{}] not probed; asked {}",
                        c.name,
                        a.vague.join(","),
                        short(&n.text)
                    ));
                }
            }
            _ => f.vague_out_of_budget += 1,
        }
    }
}

/// Each planted contradiction: quoted back by a later contradiction move? And
/// each contradiction move: about an answer that has a planted one?
fn contradictions(c: &Candidate, p: &Played, f: &mut Figures) {
    for t in &p.turns {
        let intent = t.intent.clone().unwrap_or_default();
        let (Some(Ask::Contradiction), Some(q)) = (intent.ask, intent.about.as_deref()) else {
            continue;
        };
        let planted = p.turns.iter().enumerate().any(|(i, a)| {
            p.answer_of[i]
                .and_then(|k| c.answers.get(k))
                .is_some_and(|a| a.contradiction.is_some() && a.text.contains(q))
                && a.seq < t.seq
        });
        if !planted {
            f.unplanted_contradictions += 1;
            f.notes.push(format!(
                "{}: contradiction nobody planted: {}",
                c.name,
                short(&t.text)
            ));
        }
    }
    for (i, _) in p.turns.iter().enumerate() {
        let Some(a) = p.answer_of[i].and_then(|k| c.answers.get(k)) else {
            continue;
        };
        let Some(planted) = &a.contradiction else {
            continue;
        };
        f.contradictions += 1;
        let raised = p.turns[i + 1..].iter().any(|n| {
            let intent = n.intent.clone().unwrap_or_default();
            intent.ask == Some(Ask::Contradiction)
                && intent.about.as_deref().is_some_and(|q| a.text.contains(q))
        });
        if raised {
            f.contradictions_raised += 1;
        } else {
            f.notes.push(format!(
                "{}: contradiction not raised ({}): {:?}",
                c.name, planted.kind, planted.quote
            ));
        }
    }
}

/// True when `a` and `b` share a run of `n` words.
fn shares_run(a: &[String], b: &[String], n: usize) -> bool {
    if a.len() < n || b.len() < n {
        return false;
    }
    let runs: BTreeSet<&[String]> = b.windows(n).collect();
    a.windows(n).any(|w| runs.contains(w))
}

fn short(s: &str) -> String {
    let line = s.replace('\n', " ");
    if line.chars().count() > 110 {
        format!("{}…", line.chars().take(110).collect::<String>())
    } else {
        line
    }
}
