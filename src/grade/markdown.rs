//! The grade report in Markdown, written with the one [`crate::markdown`]
//! writer: summary facts, dimensions as a table, each criterion with its
//! evidence, hint and what a strong answer said, then anti-patterns, mistakes,
//! notes and the sentences that earned nothing. Pure and byte-stable.

use super::Status;
use super::render::{notes, quote};
use super::view::View;
use crate::markdown::{self, Markdown};

/// Outside text on one line, cut at 220 characters, escaped for Markdown.
fn esc(s: &str) -> String {
    markdown::text(&quote(s))
}

/// The Markdown report.
pub fn markdown(view: &View<'_>) -> String {
    let mut md = Markdown::new();
    write(&mut md, view);
    md.finish()
}

/// Writes the grade report into `md` (at `md`'s heading depth).
pub fn write(md: &mut Markdown, view: &View<'_>) {
    let report = view.report;
    let t = &report.transcript;
    md.heading(
        1,
        &format!("Grade: {} / 100 — {}", report.score, view.verdict()),
    );
    md.item(0, &format!("Session: {}", esc(&t.session)))
        .item(0, &format!("Scenario: {}", esc(&t.scenario)))
        .item(
            0,
            &format!("Judged at: {} level", esc(&report.rubric.level)),
        );
    if report.mode == super::Mode::Written {
        md.item(0, &esc(super::render::WRITTEN_NOTE));
    }
    md.item(
        0,
        &format!(
            "Rubric: `{}` {} (sha256 `{}`), grader {}",
            report.rubric.id, report.rubric.version, report.rubric.sha256, report.grader_version
        ),
    )
    .item(
        0,
        &format!(
            "Candidate turns: {}, words: {}",
            t.candidate_turns, t.candidate_words
        ),
    );
    for c in &report.capped_by {
        md.item(0, &format!("Verdict capped: {c}"));
    }
    md.heading(2, "Dimensions").table_head(&[
        ("dimension", false),
        ("weight", true),
        ("score", true),
    ]);
    for d in &report.dimensions {
        md.table_row(&[esc(&d.title), d.weight.to_string(), d.score.to_string()]);
    }
    md.heading(2, "Criteria");
    criteria(md, view);
    flags(md, report);
    md.end_block();
    for note in notes(report) {
        md.quote(&format!("Note: {}", esc(&note)));
    }
    if !report.voided.is_empty() {
        md.heading(2, "Sentences that earned nothing by rule");
        for v in &report.voided {
            md.item(
                0,
                &format!(
                    "turn {}, {}: “{}” — {}",
                    v.seq,
                    v.phase,
                    esc(&v.quote),
                    esc(&v.why)
                ),
            );
        }
    }
}

/// Anti-patterns and mistakes, each with the words that showed it.
fn flags(md: &mut Markdown, report: &super::Report) {
    if !report.anti_patterns.is_empty() {
        md.heading(2, "Anti-patterns");
        for f in &report.anti_patterns {
            md.item(
                0,
                &format!(
                    "**{}** ×{} (−{}): {}",
                    f.id.replace('_', "\\_"),
                    f.count,
                    f.penalty,
                    esc(&f.message)
                ),
            );
            for e in &f.evidence {
                md.item(
                    1,
                    &format!("turn {}, {}: “{}”", e.seq, e.phase, esc(&e.quote)),
                );
            }
        }
    }
    if !report.mistakes.is_empty() {
        md.heading(2, "Mistakes");
        for m in &report.mistakes {
            md.item(
                0,
                &format!(
                    "**{}** (costs {}): {}",
                    esc(&m.id),
                    esc(&m.criteria.join(", ")),
                    esc(&m.message)
                ),
            )
            .item(
                1,
                &format!(
                    "turn {}, {}: “{}”",
                    m.evidence.seq,
                    m.evidence.phase,
                    esc(&m.evidence.quote)
                ),
            );
        }
    }
}

/// Each criterion: its status and points, then for a gap the hint and what a
/// strong answer said, then the evidence and near misses.
fn criteria(md: &mut Markdown, view: &View<'_>) {
    for c in &view.criteria {
        let mark = match c.status {
            Status::Missed => "missed",
            Status::Partial => "partly met",
            Status::Met => "met",
        };
        md.heading(
            3,
            &format!(
                "{} — {} ({}/{} points, {}{})",
                esc(&c.id),
                mark,
                c.earned,
                c.points,
                esc(view.dimension_title(&c.dimension)),
                super::render::after_hints(c.hints)
            ),
        );
        if c.status != Status::Met {
            md.para(&format!("Hint: {}", esc(&c.hint)));
            if !c.expected.is_empty() {
                md.para(&format!(
                    "At {} level: {}",
                    esc(&view.report.rubric.level),
                    esc(&c.expected)
                ));
            }
            if let Some(e) = view.example(&c.id) {
                md.para(&format!("A strong answer to this case said: “{}”", esc(e)));
            }
        }
        for e in &c.evidence {
            md.quote(&format!(
                "{} — turn {}, {}; matched: {}{}",
                esc(&e.quote),
                e.seq,
                e.phase,
                esc(&e.matched.join(", ")),
                if e.early {
                    super::render::EARLY_NOTE
                } else {
                    ""
                }
            ));
        }
        for m in &c.near_misses {
            md.item(
                0,
                &format!(
                    "Near miss (turn {}, {}): “{}” — {}",
                    m.seq,
                    m.phase,
                    esc(&m.quote),
                    m.why
                ),
            );
        }
        md.end_block();
    }
}
