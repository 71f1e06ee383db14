//! Re-answering one point of a saved interview: the question behind one weak
//! criterion, asked again, and the grade of the whole session with that one
//! answer added — so the candidate sees exactly what the new answer changed
//! ("latency_budget_numbers: 0/3 → 3/3"). Pure: a transcript, the rubric and
//! the case in; the question and the comparison out. The original transcript
//! is never changed; the attempt is kept beside it (`commands::retry`).

use serde::Serialize;

use crate::grade::{self, Report, Score};
use crate::prompts::{Facts, Scenario};
use crate::rubric::Rubric;
use crate::transcript::{Transcript, Turn};
use crate::vocab::{Phase, Role, TurnKind};

/// The point to re-answer, and how it is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub criterion: String,
    /// The phase the question belongs to.
    pub phase: Phase,
    /// The question, in the case's own words when one of its questions asks
    /// about this criterion, else the rubric's follow-up, else its hint.
    pub question: String,
}

/// Why a point cannot be retried.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RetryError {
    #[error(
        "'{0}' is not a rubric criterion{1}\n  fix: pass one of the criteria `interviewer grade` lists, or none for your biggest gap"
    )]
    Unknown(String, String),
    #[error(
        "'{0}' is judged only in written designs (`grade --text`), not in an interview\n  fix: pass a criterion the session's report lists, or none for your biggest gap"
    )]
    WrittenOnly(String),
    #[error("every criterion is already met in this session: there is nothing to re-answer")]
    NothingMissed,
}

/// The point to retry: `wanted` when given (met or not: a candidate may want a
/// better answer), else the gap worth the most.
pub fn point(
    report: &Report,
    rubric: &Rubric,
    scenario: Option<&Scenario>,
    wanted: Option<&str>,
) -> Result<Point, RetryError> {
    let id = match wanted {
        Some(w) => match rubric.criteria.iter().find(|c| c.id == w) {
            Some(c) if rubric.dimensions[c.dimension].written_only => {
                return Err(RetryError::WrittenOnly(w.to_string()));
            }
            Some(_) => w.to_string(),
            None => {
                // A criterion it starts, else one a typo or two away.
                let near = rubric
                    .criteria
                    .iter()
                    .find(|c| w.len() >= 4 && c.id.starts_with(w))
                    .map(|c| c.id.as_str())
                    .or_else(|| {
                        rubric
                            .criteria
                            .iter()
                            .map(|c| (crate::text::edit_distance(&c.id, w), c.id.as_str()))
                            .filter(|(d, _)| *d <= 3)
                            .min()
                            .map(|(_, id)| id)
                    })
                    .map_or(String::new(), |id| format!(" (did you mean {id}?)"));
                return Err(RetryError::Unknown(w.to_string(), near));
            }
        },
        None => grade::view::View::new(report)
            .top_gaps()
            .next()
            .map(|c| c.id.clone())
            .ok_or(RetryError::NothingMissed)?,
    };
    let criterion = rubric.criteria.iter().find(|c| c.id == id);
    let from_case = scenario.and_then(|s| {
        Phase::SPOKEN.iter().find_map(|&phase| {
            let q = s.questions(phase)?;
            if q.targets.contains(&id) {
                return Some((phase, q.opening.trim().to_string()));
            }
            q.follow_ups
                .iter()
                .find(|f| f.targets().contains(&id))
                .map(|f| (phase, f.ask().trim().to_string()))
        })
    });
    let (phase, question) = match (from_case, criterion) {
        (Some(found), _) => found,
        (None, Some(c)) => match &c.follow_up {
            Some(f) => (f.phase, f.ask.clone()),
            None => (
                c.phases.first().copied().unwrap_or(Phase::Scenario),
                c.hint.clone(),
            ),
        },
        (None, None) => (Phase::Scenario, id.clone()),
    };
    Ok(Point {
        criterion: id,
        phase,
        question,
    })
}

/// A criterion's credit in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Credit {
    pub earned: Score,
    pub points: u32,
}

/// What one new answer changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub criterion: String,
    pub question: String,
    pub answer: String,
    pub before: Credit,
    pub after: Credit,
    pub score_before: Score,
    pub score_after: Score,
    pub verdict_after: String,
    /// RFC 3339, UTC.
    pub at: String,
}

fn credit(report: &Report, id: &str) -> Credit {
    report.criteria.iter().find(|c| c.id == id).map_or(
        Credit {
            earned: Score(0),
            points: 0,
        },
        |c| Credit {
            earned: c.earned,
            points: c.points,
        },
    )
}

/// Grades the session with `answer` to `point` added at its end, and says
/// what changed against `before` (the session's own grade).
pub fn attempt(
    rubric: &Rubric,
    facts: Option<&Facts>,
    t: &Transcript,
    before: &Report,
    point: &Point,
    answer: &str,
    at: &str,
) -> (Attempt, Report) {
    let mut turns: Vec<Turn> = t.turns().cloned().collect();
    let next = turns.last().map_or(0, |x| x.seq) + 1;
    turns.push(Turn {
        seq: next,
        kind: Some(TurnKind::FollowUp),
        ..Turn::new(Role::Interviewer, point.phase, &point.question)
    });
    turns.push(Turn {
        seq: next + 1,
        ..Turn::new(Role::Candidate, point.phase, answer)
    });
    let after = grade::grade(
        rubric,
        &grade::Input {
            session: &t.header.session,
            scenario: &t.header.scenario,
            facts,
            turns: &turns,
            mode: grade::Mode::Interview,
        },
    );
    let a = Attempt {
        criterion: point.criterion.clone(),
        question: point.question.clone(),
        answer: answer.to_string(),
        before: credit(before, &point.criterion),
        after: credit(&after, &point.criterion),
        score_before: before.score,
        score_after: after.score,
        verdict_after: after.verdict.clone(),
        at: at.to_string(),
    };
    (a, after)
}

impl Attempt {
    /// One line: "latency_budget_numbers: 0.0/3 → 3.0/3 · session 41.2 → 47.9 (lean no hire)".
    pub fn line(&self) -> String {
        format!(
            "{}: {}/{} → {}/{} · session {} → {} ({})",
            self.criterion,
            self.before.earned,
            self.before.points,
            self.after.earned,
            self.after.points,
            self.score_before,
            self.score_after,
            self.verdict_after.replace('_', " ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (crate::prompts::PromptSet, Rubric) {
        let files = crate::prompts::PromptFiles::embedded();
        let set = crate::prompts::PromptSet::from_files(files.clone()).unwrap();
        let rubric = Rubric::compile(files.get(crate::rubric::RUBRIC_FILE).unwrap()).unwrap();
        (set, rubric)
    }

    #[test]
    fn the_point_is_asked_in_the_cases_words_and_defaults_to_the_biggest_gap() {
        let (set, rubric) = setup();
        let s = set.scenario("ad-click").unwrap();
        let t = Transcript::parse(
            br#"{"type":"header","schema":1,"tool":"interviewer","version":"0","session":"s","scenario":"ad-click","scenario_sha256":"a","prompts_sha256":"b","backend":"scripted","model":null,"base_url":null,"started_at":"2026-12-06T00:00:00Z","minutes":45}
{"type":"turn","seq":1,"role":"candidate","phase":"scenario","text":"We log clicks and train a model.","at":"t","elapsed_ms":0}
"#,
        )
        .unwrap();
        let before = grade::grade_transcript(&rubric, Some(&s.facts), &t);
        let p = point(&before, &rubric, Some(s), Some("budget_split_by_stage")).unwrap();
        assert_eq!(p.phase, Phase::Latency);
        assert!(
            p.question.contains("50 milliseconds at p99"),
            "{}",
            p.question
        );
        let gap = point(&before, &rubric, Some(s), None).unwrap();
        let top = grade::view::View::new(&before)
            .top_gaps()
            .next()
            .unwrap()
            .id
            .clone();
        assert_eq!(gap.criterion, top);
        assert!(matches!(
            point(&before, &rubric, Some(s), Some("budget_split")),
            Err(RetryError::Unknown(_, near)) if near.contains("budget_split_by_stage")
        ));
        // A point an interview is not judged on cannot be re-answered in one.
        assert!(matches!(
            point(&before, &rubric, Some(s), Some("choices_reasoned")),
            Err(RetryError::WrittenOnly(_))
        ));
        let (a, _) = attempt(
            &rubric,
            Some(&s.facts),
            &t,
            &before,
            &p,
            "Of the 50 ms: 10 ms feature fetch, 25 ms scoring, 10 ms network and 5 ms of slack.",
            "now",
        );
        assert!(a.after.earned > a.before.earned, "{}", a.line());
    }
}
