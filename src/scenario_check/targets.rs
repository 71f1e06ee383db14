//! Every question of a case says which rubric criteria it asks about
//! (`targets`), each a criterion the rubric has: the question policy skips a
//! question whose topics the candidate already covered, so a question without
//! targets would be asked whatever was said. A rule of the case
//! (`[[facts.rule]]`) names the criteria it concerns the same way.

use super::{PHASES, Problem, line_of, section_line};
use crate::prompts::Scenario;
use crate::rubric::Rubric;

pub(super) fn targets(text: &str, s: &Scenario, rubric: &Rubric, out: &mut Vec<Problem>) {
    let known: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
    let unknown = |id: &str| !known.contains(&id);
    let fix_unknown = |t: &str| {
        let all = known.join(", ");
        match closest(t, &known) {
            Some(id) => format!("did you mean {id}? The rubric's criteria: {all}"),
            None => format!("use the rubric's criteria: {all}"),
        }
    };
    for (phase, name) in PHASES {
        let Some(q) = s.questions(phase) else {
            continue;
        };
        let section = section_line(text, name);
        if q.targets.is_empty() {
            out.push(Problem::new(
                section,
                format!("phases.{name} has no targets for its opening"),
                "add targets = [\"…\"]: the rubric criteria the opening asks about",
            ));
        }
        for t in q.targets.iter().filter(|t| unknown(t)) {
            out.push(Problem::new(
                line_of(text, section, "targets"),
                format!("phases.{name}.targets names \"{t}\", which is not a rubric criterion"),
                fix_unknown(t),
            ));
        }
        let line = line_of(text, section, "follow_ups");
        for (i, f) in q.follow_ups.iter().enumerate() {
            if f.targets().is_empty() {
                out.push(Problem::new(
                    line,
                    format!("phases.{name}.follow_ups[{i}] declares no targets"),
                    "write it as { ask = \"…\", targets = [\"criterion_id\"] }: the criteria it asks about",
                ));
            }
            for t in f.targets().iter().filter(|t| unknown(t)) {
                out.push(Problem::new(
                    line,
                    format!(
                        "phases.{name}.follow_ups[{i}] targets \"{t}\", which is not a rubric criterion"
                    ),
                    fix_unknown(t),
                ));
            }
        }
    }
    // A rule may concern a criterion of any level (a staff one included).
    let every = rubric.every_criterion_id();
    for r in &s.facts.rules {
        for t in r.criteria.iter().filter(|t| !every.contains(&t.as_str())) {
            out.push(Problem::new(
                crate::prompts::rule_line(text, &r.id),
                format!(
                    "facts.rule {} names the criterion \"{t}\", which is not a rubric criterion",
                    r.id
                ),
                fix_unknown(t),
            ));
        }
    }
}

/// The known id most like `typed`: the one sharing most of its words (split
/// at `_`), a word counting when either starts with the other ("budget_miss"
/// → "budget_miss_handling"); none when no word is shared.
fn closest<'k>(typed: &str, known: &[&'k str]) -> Option<&'k str> {
    let words: Vec<&str> = typed
        .split(['_', '-', ' '])
        .filter(|w| w.len() > 2)
        .collect();
    known
        .iter()
        .map(|id| {
            let shared = id
                .split('_')
                .filter(|k| words.iter().any(|w| k.starts_with(w) || w.starts_with(k)))
                .count();
            (shared, std::cmp::Reverse(id.len()), *id)
        })
        .filter(|(shared, _, _)| *shared > 0)
        .max()
        .map(|(_, _, id)| id)
}
