//! The running assessment of one session: the candidate's answers graded once
//! after each of them, and turned into what the state machine needs — the
//! follow-ups that target unmet criteria, what was heard (`listen`, read from
//! the same grade) and the closing feedback — as one value
//! ([`crate::interview::Assessment`]). The last one is the session's grade; it is
//! saved once, at the end. Pure.

use crate::grade::view::View;
use crate::grade::{self, Report, render};
use crate::interview::Assessment;
use crate::listen::{self, Ear};
use crate::prompts::Facts;
use crate::rubric::Rubric;
use crate::transcript::Turn;
use crate::vocab::Role;

/// Grades a session's turns against a rubric.
#[derive(Debug, Clone, Copy)]
pub struct Assessor<'a> {
    pub rubric: &'a Rubric,
    pub session: &'a str,
    pub scenario: &'a str,
    /// The case's facts, which the answers are held to.
    pub facts: Option<&'a Facts>,
    /// The listening lexicon, compiled once per prompt set.
    pub ear: &'a Ear,
}

/// One assessment: the grade, and what the machine reads from it.
#[derive(Debug, Clone)]
pub struct Graded {
    pub report: Report,
    pub assessment: Assessment,
}

impl Assessor<'_> {
    /// Grades the conversation so far.
    pub fn assess(&self, turns: &[Turn]) -> Graded {
        let (report, said) = grade::grade_and_read(
            self.rubric,
            &grade::Input {
                session: self.session,
                scenario: self.scenario,
                facts: self.facts,
                turns,
                mode: grade::Mode::Interview,
            },
        );
        let assessment = Assessment {
            gaps: grade::gap_follow_ups(self.rubric, &report),
            unmet: grade::by_impact(&report)
                .into_iter()
                .map(|i| report.criteria[i].id.clone())
                .collect(),
            heard: listen::hear(self.ear, &report, &said, turns, self.facts),
            feedback: render::debrief(&View::new(&report)),
        };
        Graded { report, assessment }
    }
}

/// True when the candidate said anything at all (not only skips): a session
/// without an answer has nothing to grade.
pub fn answered(turns: &[Turn]) -> bool {
    turns
        .iter()
        .any(|t| t.role == Role::Candidate && !t.skipped && !t.text.trim().is_empty())
}
