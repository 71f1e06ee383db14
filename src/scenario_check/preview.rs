//! What a candidate will meet in a case, for its author: each phase's share
//! of the clock, its opening and follow-ups with the criteria they ask about,
//! the facts the grader holds answers to, and how the case's reference
//! answers grade when played through the built-in interviewer. Pure: the dry
//! run's report comes in as a value.

use std::fmt::Write as _;

use crate::grade::Report;
use crate::interview::Plan;
use crate::prompts::Scenario;
use crate::quantity::grouped;
use crate::sanitize::for_terminal;
use crate::vocab::{Phase, mmss};

/// The dry run of a case's reference answers, when it has them.
pub enum DryRun<'a> {
    /// `answers/<id>.txt` played through a whole round: its grade, how many
    /// interviewer turns the round had, the phase it ended in (`Done` when
    /// it reached the end) and how many answer lines were never read.
    Graded {
        report: &'a Report,
        asked: usize,
        reached: Phase,
        unread: usize,
    },
    /// The case has no reference answers.
    NoAnswers,
}

/// The preview of `scenario` on a round shaped by `plan`.
pub fn render(scenario: &Scenario, plan: &Plan, dry: &DryRun<'_>) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\n{} — {} ({}, {})",
        for_terminal(&scenario.id),
        for_terminal(&scenario.title),
        for_terminal(&scenario.domain),
        for_terminal(&scenario.difficulty)
    );
    let _ = writeln!(o, "What a candidate meets, phase by phase:");
    phases(&mut o, scenario, plan);
    let _ = writeln!(o, "Facts the grader checks answers against:");
    for fact in facts(scenario) {
        let _ = writeln!(o, "  - {fact}");
    }
    dry_run(&mut o, scenario, dry);
    o
}

/// Each spoken phase: its share of the round, its opening, the change it
/// throws and its follow-ups with what they target.
fn phases(o: &mut String, scenario: &Scenario, plan: &Plan) {
    for phase in Phase::SPOKEN {
        let _ = writeln!(
            o,
            "  {} (about {} of {}, up to {}):",
            phase.title(),
            mmss(plan.phase_time(phase)),
            mmss(plan.total),
            crate::text::count(plan.max_answers(phase) as usize, "answer")
        );
        let Some(q) = scenario.questions(phase) else {
            let _ = writeln!(
                o,
                "    the same closing for every case: top risks and a monitoring checklist"
            );
            continue;
        };
        let _ = writeln!(
            o,
            "    opens: {}{}",
            one_line(&q.opening),
            targets(&q.targets)
        );
        if let Some(b) = &q.breaks {
            let _ = writeln!(o, "    the change it throws: {}", one_line(b));
        }
        for f in &q.follow_ups {
            let _ = writeln!(
                o,
                "    - follow-up: {}{}",
                one_line(f.ask()),
                targets(f.targets())
            );
        }
    }
}

/// How the reference answers graded, with what to fix in them.
fn dry_run(o: &mut String, scenario: &Scenario, dry: &DryRun<'_>) {
    match dry {
        DryRun::Graded {
            report,
            asked,
            reached,
            unread,
        } => {
            let _ = writeln!(
                o,
                "Dry run of the reference answers: {} / 100 · {} ({asked} questions by the built-in interviewer)",
                report.score,
                report.verdict.replace('_', " ")
            );
            let weakest: Vec<String> = report
                .dimensions
                .iter()
                .filter(|d| d.score.0 < 500)
                .map(|d| format!("{} {}", d.title, d.score))
                .collect();
            if *reached != Phase::Done {
                let _ = writeln!(
                    o,
                    "  the answers ran out in {reached}, before the round's end: give every phase its answers (each phase takes up to its share, see above), the debrief last"
                );
            }
            if *unread > 0 {
                let _ = writeln!(
                    o,
                    "  {unread} answer lines were never read: the round ended first (a phase moves on by itself after its share of answers, so a /next after that skips the next phase)"
                );
            }
            if !weakest.is_empty() {
                let _ = writeln!(
                    o,
                    "  below half: {} — a strong reference answer covers these too",
                    weakest.join(", ")
                );
            }
        }
        DryRun::NoAnswers => {
            let _ = writeln!(
                o,
                "No reference answers: write answers/{}.txt beside scenarios/ (one answer per line) to see how they grade.",
                scenario.id
            );
        }
    }
}

fn one_line(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut line = words.iter().take(30).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 30 {
        line.push_str(" …");
    }
    format!("\"{}\"", for_terminal(&line))
}

fn targets(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" [{}]", for_terminal(&ids.join(", ")))
    }
}

/// The facts as an author reads them.
fn facts(s: &Scenario) -> Vec<String> {
    let f = &s.facts;
    let mut out = vec![
        format!(
            "latency: {} ms at p99 for {}",
            f.latency_p99_ms,
            crate::sanitize::for_terminal(&f.latency_scope)
        ),
        format!(
            "labels final after {}",
            crate::vocab::minutes_in_words(f.label_delay_minutes)
        ),
        format!("regions: {}", f.regions),
    ];
    if let Some(n) = f.events_per_day {
        out.push(format!("volume: {} events a day", grouped(n)));
    }
    if let Some(n) = f.peak_events_per_second {
        out.push(format!("peak: {} events per second", grouped(n)));
    }
    if let Some(m) = f.freshness_minutes {
        let what = if f.fresh.is_empty() {
            String::new()
        } else {
            format!(" ({})", for_terminal(&f.fresh.join(", ")))
        };
        out.push(format!("key features at most {m} minutes stale{what}"));
    }
    if let Some(d) = f.deletion_days {
        out.push(format!("deletion within {d} days"));
    }
    out.push(format!(
        "the product's nouns: {}",
        for_terminal(&f.nouns.join(", "))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_lists_every_phase_its_questions_targets_and_facts() {
        let set =
            crate::prompts::PromptSet::from_files(crate::prompts::PromptFiles::embedded()).unwrap();
        let s = set.scenario("ad-click").unwrap();
        let plan = Plan::new(set.interviewer.round.minutes, &set.interviewer.phases);
        let text = render(s, &plan, &DryRun::NoAnswers);
        for phase in Phase::SPOKEN {
            assert!(
                text.contains(&format!("  {} (about ", phase.title())),
                "{text}"
            );
        }
        let first = &s.phases.latency.follow_ups[0];
        assert!(text.contains(&targets(first.targets())), "{text}");
        assert!(text.contains("latency: 50 ms at p99"), "{text}");
        assert!(
            text.contains("No reference answers: write answers/ad-click.txt"),
            "{text}"
        );
        assert!(
            text.contains("volume: 8,000,000,000 events a day"),
            "{text}"
        );
    }
}
