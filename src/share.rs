//! A shareable report of one session: the grade with its evidence and the whole
//! transcript, as Markdown or as one self-contained HTML page (inline CSS and an
//! inline SVG chart; no scripts, no network). Pure.

use std::fmt::Write as _;
use std::ops::Range;
use std::time::Duration;

use crate::grade::view::View;
use crate::grade::{Report, Status};
use crate::markdown::{Markdown, text as md_text};
use crate::sanitize::for_terminal;
use crate::transcript::{Record, Role, Transcript};
use crate::vocab::{Phase, mmss};

fn clock(ms: u64) -> String {
    mmss(Duration::from_millis(ms))
}

fn facts(t: &Transcript) -> Vec<(&'static str, String)> {
    let h = &t.header;
    vec![
        ("Session", h.session.clone()),
        ("Scenario", h.scenario.clone()),
        ("Date", h.started_at.clone()),
        (
            "Interviewer",
            match &h.model {
                Some(m) => format!("{} ({m})", h.backend),
                None => format!("{} (built-in, offline)", h.backend),
            },
        ),
        ("Round", format!("{} minutes", h.minutes)),
        ("Duration", clock(t.elapsed_ms())),
        (
            "Ended",
            t.end_reason()
                .map_or("without an end record (killed or crashed)".into(), |r| {
                    r.as_str().to_string()
                }),
        ),
    ]
}

/// The Markdown report: the session's facts, its grade (one level down) and
/// the transcript by phase.
pub fn markdown(t: &Transcript, view: &View<'_>) -> String {
    let mut md = Markdown::new();
    md.heading(1, "Mock interview report");
    for (k, v) in facts(t) {
        md.item(0, &format!("{k}: {}", md_text(&v)));
    }
    let mut grade = Markdown::nested(1);
    crate::grade::markdown::write(&mut grade, view);
    md.append(grade);
    md.heading(2, "Transcript");
    md.heading(3, &format!("{} — 0:00", Phase::Scenario.title()));
    for r in &t.records {
        match r {
            Record::Phase(p) if p.to != Phase::Done => {
                md.heading(3, &format!("{} — {}", p.to.title(), clock(p.elapsed_ms)));
            }
            Record::Turn(turn) => {
                let who = if turn.kind == Some(crate::vocab::TurnKind::Hint) {
                    "Hint"
                } else if turn.role == Role::Interviewer {
                    "Interviewer"
                } else {
                    "You"
                };
                let text = if turn.skipped {
                    "*(skipped the question)*".to_string()
                } else {
                    md_text(&turn.text)
                };
                md.para(&format!("**{who}** ({}): {text}", clock(turn.elapsed_ms)));
                if let Some(why) = turn.intent.as_ref().and_then(|i| i.note()) {
                    md.para(&format!("*({})*", md_text(&why)));
                }
            }
            Record::End(e) => {
                md.para(&format!(
                    "*Ended: {} at {}.*",
                    e.reason.as_str(),
                    clock(e.elapsed_ms)
                ));
            }
            _ => {}
        }
    }
    md.finish()
}

/// Text safe inside HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in for_terminal(s).chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// `text` with the byte ranges in `marks` wrapped in `<mark>`, escaped, newlines as `<br>`.
fn highlighted(text: &str, marks: &[(Range<usize>, String)]) -> String {
    let mut ranges: Vec<&(Range<usize>, String)> = marks.iter().collect();
    ranges.sort_by_key(|(r, _)| (r.start, r.end));
    let mut o = String::new();
    let mut at = 0;
    for (r, title) in ranges {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        o.push_str(&esc(&text[at..r.start]));
        let _ = write!(
            o,
            "<mark title=\"{}\">{}</mark>",
            esc(title),
            esc(&text[r.clone()])
        );
        at = r.end;
    }
    o.push_str(&esc(&text[at..]));
    o.replace('\n', "<br>")
}

fn bar_chart(report: &Report) -> String {
    let row = 30;
    let label_w = 250;
    let bar_w = 360;
    let height = row * report.dimensions.len() + 10;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-label=\"Score per dimension\" class=\"chart\">",
        label_w + bar_w + 70
    );
    for (i, d) in report.dimensions.iter().enumerate() {
        let y = i * row + 5;
        let w = d.score.tenths() as usize * bar_w / 1000;
        let class = match d.score.tenths() {
            700.. => "good",
            400..700 => "mid",
            _ => "low",
        };
        let _ = write!(
            o,
            "<text x=\"0\" y=\"{}\" class=\"label\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"20\" class=\"track\"/><rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"20\" class=\"bar {class}\"/><text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
            y + 15,
            esc(&format!("{} ×{}", d.title, d.weight)),
            label_w + bar_w + 8,
            y + 15,
            d.score
        );
    }
    o.push_str("</svg>");
    o
}

const STYLE: &str = r#"
:root { --ink:#1d2330; --muted:#5b6475; --line:#dde2ea; --good:#2f8f5b; --mid:#c98a12; --low:#c0392b; --mark:#fff1a8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 920px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 15px; margin: 24px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.meta { color: var(--muted); margin: 0; }
.summary { display: flex; gap: 24px; align-items: center; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin-top: 20px; }
.score { font-size: 44px; font-weight: 700; }
.score small { font-size: 18px; color: var(--muted); font-weight: 400; }
.verdict { font-size: 18px; font-weight: 600; padding: 4px 12px; border-radius: 999px; background: #eef1f6; }
.capped { color: var(--low); margin: 6px 0 0; }
.chart { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
.chart .label, .chart .value { font-size: 13px; fill: var(--ink); }
.chart .track { fill: #eef1f6; } .chart .good { fill: var(--good); } .chart .mid { fill: var(--mid); } .chart .low { fill: var(--low); }
ul.criteria { list-style: none; padding: 0; margin: 0; }
ul.criteria li { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
ul.criteria li.met { border-left-color: var(--good); } ul.criteria li.partial { border-left-color: var(--mid); } ul.criteria li.missed { border-left-color: var(--low); }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.hint, .why { color: var(--muted); }
blockquote { margin: 6px 0 0; padding-left: 10px; border-left: 3px solid var(--line); }
.turn { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 8px 0; }
.turn.you { background: #f3f8ff; }
.who { font-weight: 600; } .at { color: var(--muted); font-size: 13px; margin-left: 6px; }
.why { color: var(--muted); font-size: 13px; font-style: italic; margin-top: 4px; }
mark { background: var(--mark); padding: 0 2px; border-radius: 3px; }
.end { color: var(--muted); font-style: italic; }
.progress { display: flex; flex-wrap: wrap; gap: 10px; }
.progress figure { margin: 0; width: 230px; }
.progress svg { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.progress .track { fill: #fff; } .progress .line { fill: none; stroke: var(--good); stroke-width: 2; }
.progress .rated { fill: var(--mid); }
.progress figcaption { font-size: 12px; color: var(--muted); }
"#;

/// The HTML report: one file, no scripts, no external assets.
pub fn html(t: &Transcript, view: &View<'_>) -> String {
    html_with(t, view, "")
}

/// [`html`] with more sections after the score chart (the candidate's own
/// ratings, the progress charts), as HTML the caller built from escaped text.
pub fn html_with(t: &Transcript, view: &View<'_>, extra: &str) -> String {
    let report = view.report;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Mock interview report: {} ({})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&t.header.scenario),
        esc(&t.header.started_at)
    );
    let _ = writeln!(o, "<h1>Mock interview report</h1>");
    let facts: Vec<String> = facts(t)
        .into_iter()
        .map(|(k, v)| format!("{k}: {}", esc(&v)))
        .collect();
    let _ = writeln!(o, "<p class=\"meta\">{}</p>", facts.join(" · "));
    let _ = writeln!(
        o,
        "<section class=\"summary\"><div class=\"score\">{}<small> / 100</small></div><div><span class=\"verdict\">{}</span>{}</div></section>",
        report.score,
        esc(&report.verdict.replace('_', " ")),
        report
            .capped_by
            .iter()
            .map(|c| format!("<p class=\"capped\">Verdict capped: {}</p>", esc(c)))
            .collect::<String>()
    );
    let _ = writeln!(o, "<h2>Score per dimension</h2>\n{}", bar_chart(report));
    o.push_str(extra);
    let _ = writeln!(
        o,
        "<p class=\"meta\">Judged at {} level · rubric {} {} (sha256 {}) · grader {}</p>",
        esc(&report.rubric.level),
        esc(&report.rubric.id),
        esc(&report.rubric.version),
        esc(&report.rubric.sha256),
        report.grader_version
    );

    criteria_html(&mut o, view);
    flags_html(&mut o, report);
    transcript_html(&mut o, t, report);
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// Each criterion with its status, hint, what a strong answer said, evidence
/// and near misses.
fn criteria_html(o: &mut String, view: &View<'_>) {
    let _ = writeln!(*o, "<h2>Criteria</h2>\n<ul class=\"criteria\">");
    let order = &view.criteria;
    for c in order {
        let (class, label) = match c.status {
            Status::Met => ("met", "met"),
            Status::Partial => ("partial", "partly met"),
            Status::Missed => ("missed", "missed"),
        };
        let _ = write!(
            o,
            "<li class=\"{class}\"><span class=\"id\">{}</span> — {label}, {}/{} points ({})",
            esc(&c.id),
            c.earned,
            c.points,
            esc(view.dimension_title(&c.dimension))
        );
        if c.status != Status::Met {
            let _ = write!(*o, "<div class=\"hint\">{}</div>", esc(&c.hint));
            if let Some(e) = view.example(&c.id) {
                let _ = write!(
                    *o,
                    "<div class=\"example\">A strong answer to this case said: “{}”</div>",
                    esc(e)
                );
            }
        }
        for e in &c.evidence {
            let _ = write!(
                *o,
                "<blockquote>{} <span class=\"at\">turn {}, {}</span></blockquote>",
                esc(&e.quote),
                e.seq,
                e.phase
            );
        }
        for m in &c.near_misses {
            let _ = write!(
                *o,
                "<blockquote>{} <span class=\"why\">— {}</span></blockquote>",
                esc(&m.quote),
                esc(&m.why)
            );
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n");
}

/// Anti-patterns, mistakes and the grader's notes.
fn flags_html(o: &mut String, report: &Report) {
    if !report.anti_patterns.is_empty() {
        let _ = writeln!(*o, "<h2>Anti-patterns</h2>\n<ul class=\"criteria\">");
        for f in &report.anti_patterns {
            let _ = write!(
                *o,
                "<li class=\"missed\"><span class=\"id\">{}</span> ×{} (−{}): {}",
                esc(&f.id),
                f.count,
                f.penalty,
                esc(&f.message)
            );
            for e in &f.evidence {
                let _ = write!(*o, "<blockquote>{}</blockquote>", esc(&e.quote));
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }
    if !report.mistakes.is_empty() {
        let _ = writeln!(*o, "<h2>Mistakes</h2>\n<ul class=\"criteria\">");
        for m in &report.mistakes {
            let _ = write!(
                *o,
                "<li class=\"missed\"><span class=\"id\">{}</span> (costs {}): {}<blockquote>{}</blockquote></li>",
                esc(&m.id),
                esc(&m.criteria.join(", ")),
                esc(&m.message),
                esc(&m.evidence.quote)
            );
            o.push('\n');
        }
        o.push_str("</ul>\n");
    }
    let notes: Vec<String> = report
        .language
        .iter()
        .map(|l| l.note.clone())
        .chain(report.scenario_fit.iter().filter_map(|f| f.note.clone()))
        .collect();
    for note in notes {
        let _ = writeln!(*o, "<p class=\"note\">{}</p>", esc(&note));
    }
}

/// The transcript by phase, the candidate's credited sentences highlighted.
fn transcript_html(o: &mut String, t: &Transcript, report: &Report) {
    let _ = writeln!(
        *o,
        "<h2>Transcript</h2>\n<h3>{} — 0:00</h3>",
        Phase::Scenario.title()
    );
    for r in &t.records {
        match r {
            Record::Phase(p) if p.to != Phase::Done => {
                let _ = writeln!(*o, "<h3>{} — {}</h3>", p.to.title(), clock(p.elapsed_ms));
            }
            Record::Turn(turn) => {
                let (class, who) = if turn.role == Role::Interviewer {
                    ("turn", "Interviewer")
                } else {
                    ("turn you", "You")
                };
                let body = if turn.skipped {
                    "<em>(skipped the question)</em>".to_string()
                } else if turn.role == Role::Candidate {
                    highlighted(&turn.text, &evidence_spans(report, turn.seq, &turn.text))
                } else {
                    esc(&turn.text).replace('\n', "<br>")
                };
                let why = turn
                    .intent
                    .as_ref()
                    .and_then(|i| i.note())
                    .map_or(String::new(), |w| {
                        format!("<div class=\"why\">{}</div>", esc(&w))
                    });
                let _ = writeln!(
                    *o,
                    "<div class=\"{class}\"><span class=\"who\">{who}</span><span class=\"at\">{}</span><div>{body}</div>{why}</div>",
                    clock(turn.elapsed_ms)
                );
            }
            Record::End(e) => {
                let _ = writeln!(
                    *o,
                    "<p class=\"end\">Ended: {} at {}.</p>",
                    e.reason.as_str(),
                    clock(e.elapsed_ms)
                );
            }
            _ => {}
        }
    }
}

/// Where in a candidate turn's text the report's evidence sentences are, each
/// with the criteria it earned.
fn evidence_spans(report: &Report, seq: u64, text: &str) -> Vec<(Range<usize>, String)> {
    let mut spans: Vec<(Range<usize>, Vec<String>)> = Vec::new();
    for c in &report.criteria {
        for e in c.evidence.iter().filter(|e| e.seq == seq) {
            let Some(start) = text.find(&e.quote) else {
                continue;
            };
            let range = start..start + e.quote.len();
            match spans.iter_mut().find(|(r, _)| *r == range) {
                Some((_, ids)) => ids.push(c.id.clone()),
                None => spans.push((range, vec![c.id.clone()])),
            }
        }
    }
    spans
        .into_iter()
        .map(|(r, ids)| (r, format!("earned: {}", ids.join(", "))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_escapes_and_marks_evidence() {
        let text = "Use <b>retries</b>. Writes are idempotent.";
        let start = text.find("Writes").unwrap();
        let out = highlighted(
            text,
            &[(start..text.len(), "earned: idempotent_writes".into())],
        );
        assert_eq!(
            out,
            "Use &lt;b&gt;retries&lt;/b&gt;. <mark title=\"earned: idempotent_writes\">Writes are idempotent.</mark>"
        );
    }

    #[test]
    fn overlapping_marks_are_skipped_not_nested() {
        let out = highlighted("abcdef", &[(0..4, "x".into()), (2..6, "y".into())]);
        assert_eq!(out, "<mark title=\"x\">abcd</mark>ef");
    }

    #[test]
    fn markdown_text_cannot_open_headings_or_html() {
        assert_eq!(
            md_text("# not a heading\n<script>"),
            "\\# not a heading  \n&lt;script&gt;"
        );
        assert_eq!(
            md_text("https://evil.example www.evil.example me@evil.example p99: 50 ms"),
            "https\\://evil.example www\\.evil.example me\\@evil.example p99: 50 ms"
        );
        assert_eq!(
            md_text("see [docs](javascript:alert(1)) and `code` **x**"),
            "see \\[docs\\](javascript:alert(1)) and \\`code\\` \\*\\*x\\*\\*"
        );
    }
}
