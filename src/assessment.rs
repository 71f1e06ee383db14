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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::heard::Heard;
    use crate::prompts::{PromptFiles, PromptSet};
    use crate::rubric::RUBRIC_FILE;
    use crate::vocab::Phase;

    /// What the interviewer hears after `answers`, each answered in `phase`
    /// of the ad-click case.
    fn heard(answers: &[(Phase, &str)]) -> Heard {
        let files = PromptFiles::embedded();
        let set = PromptSet::from_files(files.clone()).unwrap();
        let rubric = Rubric::compile(files.get(RUBRIC_FILE).unwrap()).unwrap();
        let ear = Ear::new(&set.listening);
        let scenario = set.scenario("ad-click").unwrap();
        let turns: Vec<Turn> = answers
            .iter()
            .enumerate()
            .map(|(i, (phase, text))| Turn {
                seq: i as u64 + 1,
                ..Turn::new(Role::Candidate, *phase, *text)
            })
            .collect();
        let assessor = Assessor {
            rubric: &rubric,
            session: "test",
            scenario: "ad-click",
            facts: Some(&scenario.facts),
            ear: &ear,
        };
        assessor.assess(&turns).assessment.heard
    }

    fn vague_on(h: &Heard, criterion: &str) -> Option<(String, u8)> {
        h.vague
            .iter()
            .find(|v| v.criterion == criterion)
            .map(|v| (v.quote.clone(), v.strength))
    }

    #[test]
    fn a_mostly_hand_waving_answer_is_thin_and_one_with_specifics_is_not() {
        let h = heard(&[(
            Phase::SchemaChange,
            "The price features would break. We'd see errors somewhere, and the other team would fix it.",
        )]);
        assert_eq!(
            h.thin.as_deref(),
            Some("We'd see errors somewhere"),
            "{h:?}"
        );
        let h = heard(&[(
            Phase::SchemaChange,
            "A null-rate check on price pages at 5% per hour. We'd see errors somewhere too.",
        )]);
        assert_eq!(h.thin, None, "{h:?}");
    }

    #[test]
    fn an_answer_without_numbers_is_numberless_and_says_what_it_touched() {
        let h = heard(&[(
            Phase::Latency,
            "Retrieval's the cheap part, and the model is the risky part.",
        )]);
        assert!(h.numberless.is_some(), "{h:?}");
        assert!(h.touched_now.contains_key("budget_split_by_stage"), "{h:?}");
        let h = heard(&[(Phase::Latency, "Retrieval gets 20 ms and the model 40 ms.")]);
        assert_eq!(h.numberless, None, "{h:?}");
    }

    #[test]
    fn a_hedge_makes_only_its_own_clause_a_hand_wave() {
        let h = heard(&[(
            Phase::Scenario,
            "The features go into a feature store, the model trains from there, probably a gradient boosted tree, and we'd monitor everything.",
        )]);
        let (_, monitoring) = vague_on(&h, "monitoring_with_thresholds").expect("monitoring");
        assert_eq!(monitoring, 0, "{h:?}");
        let (_, store) = vague_on(&h, "feature_store_design").expect("feature store");
        assert!(store > monitoring, "{h:?}");
    }

    #[test]
    fn a_topic_that_needs_specifics_is_vague_without_them_even_with_a_mechanism() {
        let h = heard(&[(
            Phase::Provenance,
            "We keep logs, so we could trace it back.",
        )]);
        assert!(vague_on(&h, "lineage_tags").is_some(), "{h:?}");
        let h = heard(&[(
            Phase::Provenance,
            "Every feature row carries the job's git sha and the Kafka offsets it was computed from.",
        )]);
        assert!(vague_on(&h, "lineage_tags").is_none(), "{h:?}");
    }

    #[test]
    fn credit_earned_only_by_a_hand_wave_is_not_substance() {
        let h = heard(&[(
            Phase::Scenario,
            "And if something fails we'd handle it with retries somewhere.",
        )]);
        assert!(!h.substantive.contains("retries"), "{h:?}");
        assert!(vague_on(&h, "retries").is_some(), "{h:?}");
        let h = heard(&[(
            Phase::Latency,
            "Writes are retried with exponential backoff, 100 ms base, at most 5 tries, then the record goes to a dead-letter queue.",
        )]);
        assert!(vague_on(&h, "retries").is_none(), "{h:?}");
    }
}
