//! Reports as text (optionally coloured), Markdown, JSON and JUnit XML, and the
//! debrief the scripted interviewer speaks. All output is a pure function of the
//! report, so it is byte-identical for the same transcript and rubric.

use std::fmt::Write as _;

pub use crate::style::Style;

use super::view::View;
use super::{Report, Score, Status};
use crate::sanitize::for_terminal;

/// Said of a written design's verdict: its cut-offs are not an interview's.
pub(super) const WRITTEN_NOTE: &str = "a written design: verdict on the cut-offs for notes, which cover part of what an interview draws out";

/// Said after evidence that came before the phase its point is asked in.
pub(super) const EARLY_NOTE: &str = " (said before its phase: counts in full)";

fn bar(score: Score, width: usize) -> String {
    let filled = (score.0 as usize * width + 500) / 1000;
    format!(
        "{}{}",
        "█".repeat(filled),
        "░".repeat(width - filled.min(width))
    )
}

/// ", after 1 hint" when hints were taken on a criterion's questions.
pub(super) fn after_hints(n: u32) -> String {
    match n {
        0 => String::new(),
        1 => ", after 1 hint".to_string(),
        n => format!(", after {n} hints"),
    }
}

/// A quote on one line, cut at 220 characters.
pub(super) fn quote(s: &str) -> String {
    let one_line = for_terminal(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut q: String = one_line.chars().take(220).collect();
    if one_line.chars().count() > 220 {
        q.push('…');
    }
    q
}

/// The terminal report, unwrapped (bars at their full 20 columns).
pub fn text(view: &View<'_>, style: Style) -> String {
    text_at(view, style, None)
}

/// One line per dimension: title, bar, score and weight. The bar gives up
/// columns (down to 5) so that a line fits `width`.
fn dimension_lines(view: &View<'_>, width: Option<usize>, weights: bool) -> String {
    let report = view.report;
    let name = report
        .dimensions
        .iter()
        .map(|d| d.title.chars().count())
        .max()
        .unwrap_or(0);
    // "  " title "  " bar "  " score(5) ["  ×N"]
    let fixed = 2 + name + 2 + 2 + 5 + if weights { 4 } else { 0 };
    let bar_len = width.map_or(20, |w| w.saturating_sub(fixed).clamp(5, 20));
    let mut o = String::new();
    for d in &report.dimensions {
        let _ = write!(
            o,
            "  {:<name$}  {}  {:>5}",
            d.title,
            bar(d.score, bar_len),
            d.score.to_string()
        );
        if weights {
            let _ = write!(o, "  ×{}", d.weight);
        }
        o.push('\n');
    }
    o
}

/// The terminal report with its bars sized for `width` columns.
pub fn text_at(view: &View<'_>, style: Style, width: Option<usize>) -> String {
    let report = view.report;
    let mut o = String::new();
    let t = &report.transcript;
    let case = if t.scenario.is_empty() {
        "any pipeline (no case)"
    } else {
        t.scenario.as_str()
    };
    let _ = writeln!(o, "{} · {}", for_terminal(case), for_terminal(&t.session));
    let verdict = style.paint(
        "1",
        &format!(
            "{} / 100 · {} · judged at {} level",
            report.score,
            view.verdict(),
            report.rubric.level
        ),
    );
    let _ = writeln!(o, "{verdict}");
    // The hash's first 12 digits tell rubric files apart on screen; the JSON
    // report keeps all 64.
    let _ = writeln!(
        o,
        "rubric {} {} (sha256 {}…) · grader {} · {} candidate turns, {} words",
        report.rubric.id,
        report.rubric.version,
        report
            .rubric
            .sha256
            .get(..12)
            .unwrap_or(&report.rubric.sha256),
        report.grader_version,
        t.candidate_turns,
        t.candidate_words
    );
    if report.mode == super::Mode::Written {
        let _ = writeln!(o, "{WRITTEN_NOTE}");
    }
    for c in &report.capped_by {
        let _ = writeln!(o, "{}", style.paint("33", &format!("verdict capped: {c}")));
    }
    let _ = writeln!(o, "\nDimensions");
    o.push_str(&dimension_lines(view, width, true));
    criteria_text(&mut o, view, style);
    flags_text(&mut o, report, style);
    o
}

/// The criteria by status (missed, partly met, met), each with its hint and what
/// a strong answer said, or the words that earned it.
fn criteria_text(o: &mut String, view: &View<'_>, style: Style) {
    let mut section = None;
    for c in &view.criteria {
        if section != Some(c.status) {
            section = Some(c.status);
            let title = match c.status {
                Status::Missed => "\nMissed — what a strong answer says",
                Status::Partial => "\nPartly met",
                Status::Met => "\nMet — with the words that earned it",
            };
            let _ = writeln!(o, "{title}");
        }
        let (mark, code) = match c.status {
            Status::Missed => ("✗", "31"),
            Status::Partial => ("◐", "33"),
            Status::Met => ("✓", "32"),
        };
        // The dimension by the name the report's table gives it.
        let dimension = for_terminal(view.dimension_title(&c.dimension));
        let _ = writeln!(
            o,
            "  {} {} ({}/{} pts, {}{})",
            style.paint(code, mark),
            c.id,
            c.earned,
            c.points,
            dimension,
            after_hints(c.hints)
        );
        if c.status != Status::Met {
            let _ = writeln!(o, "      hint: {}", c.hint);
            if !c.expected.is_empty() {
                let _ = writeln!(
                    o,
                    "      at {} level: {}",
                    view.report.rubric.level, c.expected
                );
            }
            if let Some(e) = view.example(&c.id) {
                let _ = writeln!(o, "      {} \"{}\"", super::view::EXAMPLE_LABEL, quote(e));
            }
        }
        for e in &c.evidence {
            let _ = writeln!(
                o,
                "      turn {} [{}]: \"{}\"  ← {}{}",
                e.seq,
                e.phase,
                quote(&e.quote),
                quote(&e.matched.join(", ")),
                if e.early { EARLY_NOTE } else { "" }
            );
        }
        for m in &c.near_misses {
            let _ = writeln!(
                o,
                "      near miss, turn {} [{}]: \"{}\" — {}",
                m.seq,
                m.phase,
                quote(&m.quote),
                m.why
            );
        }
    }
}

/// Anti-patterns, mistakes, the grader's notes and the sentences voided by rule.
fn flags_text(o: &mut String, report: &Report, style: Style) {
    if !report.anti_patterns.is_empty() {
        let _ = writeln!(o, "\nAnti-patterns");
        for f in &report.anti_patterns {
            let _ = writeln!(
                o,
                "  {} {} ×{} (−{}): {}",
                style.paint("31", "!"),
                f.id,
                f.count,
                f.penalty,
                f.message
            );
            for e in &f.evidence {
                let _ = writeln!(
                    o,
                    "      turn {} [{}]: \"{}\"",
                    e.seq,
                    e.phase,
                    quote(&e.quote)
                );
            }
        }
    }
    if !report.mistakes.is_empty() {
        let _ = writeln!(o, "\nMistakes — the answer undoes its own design");
        for m in &report.mistakes {
            let _ = writeln!(
                o,
                "  {} {} (costs {}): {}",
                style.paint("31", "✗"),
                m.id,
                m.criteria.join(", "),
                for_terminal(&m.message)
            );
            let _ = writeln!(
                o,
                "      turn {} [{}]: \"{}\"",
                m.evidence.seq,
                m.evidence.phase,
                quote(&m.evidence.quote)
            );
        }
    }
    for note in notes(report) {
        let _ = writeln!(o, "\n{}", style.paint("33", &format!("note: {note}")));
    }
    if !report.voided.is_empty() {
        let _ = writeln!(o, "\nSentences that earned nothing by rule");
        for v in &report.voided {
            let _ = writeln!(
                o,
                "  turn {} [{}]: \"{}\" — {}",
                v.seq,
                v.phase,
                quote(&v.quote),
                v.why
            );
        }
    }
}

/// Notes about the whole answer: its language, and whether it is about the case.
pub(super) fn notes(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(l) = &report.language {
        out.push(l.note.clone());
    }
    if let Some(n) = report.scenario_fit.as_ref().and_then(|f| f.note.clone()) {
        out.push(n);
    }
    out
}

/// One report as pretty JSON (stable key order: the structs' field order).
pub fn json_pretty(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| unreachable!("report serializes: {e}"))
}

/// One report as a single JSON line.
pub fn json_line(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_else(|e| unreachable!("report serializes: {e}"))
}

fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' | '\t' => o.push(c),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML: one test suite per transcript, one test case per criterion (a missed
/// criterion fails), and one per anti-pattern found (it fails).
pub fn junit(reports: &[Report]) -> String {
    let cases = |r: &Report| r.criteria.len() + r.anti_patterns.len() + r.mistakes.len();
    let failures = |r: &Report| {
        r.criteria
            .iter()
            .filter(|c| c.status == Status::Missed)
            .count()
            + r.anti_patterns.len()
            + r.mistakes.len()
    };
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        o,
        "<testsuites name=\"interviewer grade\" tests=\"{}\" failures=\"{}\">",
        reports.iter().map(cases).sum::<usize>(),
        reports.iter().map(failures).sum::<usize>()
    );
    for r in reports {
        let _ = writeln!(
            o,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">",
            xml(&r.transcript.session),
            cases(r),
            failures(r)
        );
        let _ = writeln!(o, "    <properties>");
        for (k, v) in [
            ("score", r.score.to_string()),
            ("verdict", r.verdict.clone()),
            ("scenario", r.transcript.scenario.clone()),
            ("rubric", format!("{} {}", r.rubric.id, r.rubric.version)),
            ("rubric_sha256", r.rubric.sha256.clone()),
            ("level", r.rubric.level.clone()),
            ("grader_version", r.grader_version.to_string()),
        ] {
            let _ = writeln!(o, "      <property name=\"{k}\" value=\"{}\"/>", xml(&v));
        }
        let _ = writeln!(o, "    </properties>");
        for c in &r.criteria {
            criterion_case(&mut o, c);
        }
        for m in &r.mistakes {
            let _ = writeln!(
                o,
                "    <testcase classname=\"mistake\" name=\"{}\">\n      <failure type=\"mistake\" message=\"{}\">turn {}: {}</failure>\n    </testcase>",
                xml(&m.id),
                xml(&m.message),
                m.evidence.seq,
                xml(&quote(&m.evidence.quote))
            );
        }
        for f in &r.anti_patterns {
            let _ = writeln!(
                o,
                "    <testcase classname=\"anti_pattern\" name=\"{}\">\n      <failure type=\"anti_pattern\" message=\"{}\">found {} time(s), −{} points</failure>\n    </testcase>",
                xml(&f.id),
                xml(&f.message),
                f.count,
                f.penalty
            );
        }
        let _ = writeln!(o, "  </testsuite>");
    }
    o.push_str("</testsuites>\n");
    o
}

/// One criterion as a test case: a failure when missed (its near misses in the
/// body), else its points and evidence as output.
fn criterion_case(o: &mut String, c: &super::CriterionResult) {
    let name = format!("{}.{}", c.dimension, c.id);
    match c.status {
        Status::Missed => {
            let mut body = String::new();
            for m in &c.near_misses {
                let _ = writeln!(
                    body,
                    "near miss (turn {}): {} — {}",
                    m.seq,
                    quote(&m.quote),
                    m.why
                );
            }
            let _ = writeln!(
                o,
                "    <testcase classname=\"{}\" name=\"{}\">\n      <failure type=\"criterion\" message=\"{}\">{}</failure>\n    </testcase>",
                xml(&c.dimension),
                xml(&name),
                xml(&c.hint),
                xml(&body)
            );
        }
        Status::Partial | Status::Met => {
            let mut out = format!(
                "{} {}/{} points",
                if c.status == Status::Met {
                    "met"
                } else {
                    "partly met"
                },
                c.earned,
                c.points
            );
            for e in &c.evidence {
                let _ = write!(out, "\nturn {}: {}", e.seq, quote(&e.quote));
            }
            let _ = writeln!(
                o,
                "    <testcase classname=\"{}\" name=\"{}\">\n      <system-out>{}</system-out>\n    </testcase>",
                xml(&c.dimension),
                xml(&name),
                xml(&out)
            );
        }
    }
}

/// The interviewer's closing words, grounded in the report: the score and
/// verdict, the strongest dimension and the one with most to gain, any cap on
/// the verdict, and any note on the language or the case. Short on purpose:
/// the result card printed after it ([`summary`]) has the dimensions and the
/// gaps, and the whole round's end must fit one screen. It states the score;
/// it never invents one.
pub fn debrief(view: &View<'_>) -> String {
    let report = view.report;
    let mut o = String::new();
    let _ = write!(
        o,
        "That's the end of the round. By the rubric, this session scores {} out of 100: {}.",
        report.score,
        view.verdict()
    );
    for c in &report.capped_by {
        let _ = write!(o, " The verdict is capped because there was {c}.");
    }
    let strong: Vec<String> = view
        .strongest()
        .take(1)
        .map(|d| format!("{} ({})", crate::text::in_sentence(&d.title), d.score))
        .collect();
    if let Some(s) = strong.first() {
        let _ = write!(o, " Strongest: {s}.");
    }
    if let Some(w) = view.weakest() {
        let _ = write!(
            o,
            " The most to gain is in {}; the gaps worth the most are below.",
            crate::text::in_sentence(&w.title)
        );
    }
    for note in notes(report) {
        let _ = write!(o, "\n\n{note}");
    }
    o
}

/// The last thing on screen after a round, one screen high: the verdict, the
/// score of every dimension, the three gaps worth the most, what to watch out
/// for, and the command that shows the whole report. Fitted to `width`.
/// `flags` go into the command it prints (` --prompts DIR` for a case of
/// one's own, whose facts the grade needs).
pub fn summary(view: &View<'_>, style: Style, width: Option<usize>, flags: &str) -> String {
    let report = view.report;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        style.paint(
            "1",
            &format!(
                "── Your result: {} / 100 · {} ──",
                report.score,
                view.verdict()
            )
        )
    );
    o.push_str(&dimension_lines(view, width, false));
    let gaps: Vec<_> = view.top_gaps().collect();
    if !gaps.is_empty() {
        let _ = writeln!(o, "What would raise it most:");
        for (i, c) in gaps.iter().enumerate() {
            let _ = writeln!(o, "  {}. {}", i + 1, for_terminal(&c.hint));
        }
    }
    let mut watch: Vec<String> = report
        .anti_patterns
        .iter()
        .map(|f| format!("{} ×{}", f.id.replace('_', " "), f.count))
        .collect();
    match report.mistakes.len() {
        0 => {}
        1 => watch.push("a claim that contradicts the case".to_string()),
        n => watch.push(format!("{n} claims that contradict the case")),
    }
    if !watch.is_empty() {
        let _ = writeln!(o, "Watch out for: {} (see the report).", watch.join(", "));
    }
    let session = for_terminal(&report.transcript.session);
    let _ = write!(
        o,
        "{}",
        style.paint(
            "2",
            &format!("Full report: interviewer{flags} grade {session}")
        )
    );
    crate::wrap::block(&o, width)
}
