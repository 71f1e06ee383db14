//! Checking a scenario file like code, for `interviewer scenarios check`: the
//! schema (unknown keys, missing fields), the facts (usable, and stated in the
//! context as numbers), numbers anywhere in the case that contradict a fact,
//! every phase with an opening and follow-ups, no opening that gives away a
//! rubric concept, a schema-change probe that names a concrete field, and what
//! the case is good practice for.
//!
//! Pure: a file's name and text and the compiled rubric in, a list of
//! [`Problem`]s out, each with the line to look at and how to fix it.
//! docs/writing-scenarios.md explains every rule with an example.

use crate::prompts::{PromptError, PromptFile, Scenario, parse_toml, validate_facts};
use crate::rubric::Rubric;
use crate::vocab::Phase;

/// One thing wrong with a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the file to look at.
    pub line: usize,
    pub message: String,
    pub fix: String,
}

impl Problem {
    fn new(line: usize, message: impl Into<String>, fix: impl Into<String>) -> Problem {
        Problem {
            line,
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// `file:line: what is wrong` and, indented under it, `fix: …`.
    pub fn render(&self, file: &str) -> String {
        format!(
            "{file}:{}: {}\n  fix: {}",
            self.line, self.message, self.fix
        )
    }
}

/// Difficulty labels a case may carry.
pub const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

/// The rubric concepts that are answers, not questions: mechanisms a strong
/// candidate brings up unprompted. An opening that names one tells the
/// candidate what earns credit. (Follow-ups may name them: they come after
/// the candidate has had a go.) Concepts that describe the problem itself —
/// the budget, the stages, batch or stream, freshness, labels, provenance's
/// "trace it back" — are the question and may be asked about. `parallelism`
/// is left out: its phrases ("consumers", "at the same time") are everyday
/// words in a case's story.
pub const ANSWER_CONCEPTS: [&str; 23] = [
    "retry",
    "idempotency",
    "backpressure",
    "isolation",
    "fallback",
    "cache",
    "timeout",
    "snapshot",
    "point_in_time",
    "leakage",
    "data_contract",
    "schema_detect",
    "containment",
    "rollback",
    "rollout",
    "baseline",
    "skew",
    "consistency",
    "delivery_semantics",
    "partition",
    "store_keying",
    "extensibility",
    "drift",
];

/// The placeholder `scenarios new` leaves wherever the author must write.
pub const PLACEHOLDER: &str = "TODO";

/// The phases a scenario writes questions for, with their TOML table names.
const PHASES: [(Phase, &str); 4] = [
    (Phase::Scenario, "scenario"),
    (Phase::Latency, "latency"),
    (Phase::SchemaChange, "schema_change"),
    (Phase::Provenance, "provenance"),
];

/// Checks one scenario file. `stem` is its file name without `.toml` (the id
/// must match it); `text` its contents. Problems come in file order where it
/// matters little which is fixed first.
pub fn check(stem: &str, text: &str, rubric: &Rubric) -> Vec<Problem> {
    let file = PromptFile {
        origin: format!("{stem}.toml"),
        text: text.to_string(),
    };
    let scenario: Scenario = match parse_toml(&file) {
        Ok(s) => s,
        Err(e) => return vec![schema_problem(e)],
    };
    let mut out = Vec::new();
    placeholders(text, &mut out);
    header(stem, text, &scenario, &mut out);
    if let Err(PromptError::Key {
        line, key, message, ..
    }) = validate_facts(&scenario.facts, &file)
    {
        out.push(Problem::new(
            line,
            format!("{key}: {message}"),
            "correct the fact (docs/writing-scenarios.md explains each one)",
        ));
    }
    numbers::facts_in_context(text, &scenario, &mut out);
    numbers::contradictions(text, &scenario, &mut out);
    phases(text, &scenario, &mut out);
    hinted(text, &scenario, rubric, &mut out);
    schema_probe(text, &scenario, &mut out);
    practice(text, &scenario, rubric, &mut out);
    targets::targets(text, &scenario, rubric, &mut out);
    out.sort_by_key(|p| p.line);
    out
}

/// A TOML or schema error as a problem with its line.
fn schema_problem(e: PromptError) -> Problem {
    let (line, message) = match e {
        PromptError::Syntax { line, message, .. } => (line, message),
        other => (1, other.to_string()),
    };
    let fix = if message.contains("unknown field") {
        "remove the key or correct its spelling: docs/writing-scenarios.md lists every field"
    } else if message.contains("missing field") {
        "add the field: `interviewer scenarios new ID` writes a scaffold with every one"
    } else {
        "correct the TOML at that line (strings in quotes, lists in [ ], one key per line)"
    };
    Problem::new(line, message, fix)
}

/// Every line still holding the scaffold's placeholder in a value. Comments
/// are the scaffold's instructions ("Replace every TODO"), never a value.
/// Each is named by its key (`phases.latency.opening`), so the list of problems
/// is the list of values still to write.
fn placeholders(text: &str, out: &mut Vec<Problem>) {
    let mut in_block = false;
    let mut table = String::new();
    let mut key = String::new();
    for (i, l) in text.lines().enumerate() {
        let was_in_block = in_block;
        let (value, still_in_block) = without_comment(l, in_block);
        in_block = still_in_block;
        if !was_in_block {
            let v = value.trim();
            if let Some(name) = v.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                table = name.trim_matches(['[', ']']).trim().to_string();
                key.clear();
            } else if let Some((k, _)) = v.split_once('=') {
                let k = k.trim();
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    key = k.to_string();
                }
            }
        }
        if value.contains(PLACEHOLDER) {
            let name = match (table.is_empty(), key.is_empty()) {
                (_, true) => "this line".to_string(),
                (true, false) => key.clone(),
                (false, false) => format!("{table}.{key}"),
            };
            out.push(Problem::new(
                i + 1,
                format!("{name} still holds the scaffold's {PLACEHOLDER} placeholder"),
                "write the case's own text or number here",
            ));
        }
    }
}

/// The part of a TOML line that is not a comment, and whether a `"""` block
/// string is still open after it. Inside a block string nothing is a comment;
/// outside, a `#` outside a `"..."` or `'...'` string starts one.
fn without_comment(line: &str, in_block: bool) -> (&str, bool) {
    let mut in_block = in_block;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices();
    while let Some((at, c)) = chars.next() {
        if line[at..].starts_with("\"\"\"") && quote.is_none() {
            in_block = !in_block;
            chars.next();
            chars.next();
            continue;
        }
        if in_block {
            continue;
        }
        match (c, quote) {
            ('\\', Some('"')) => {
                chars.next();
            }
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('#', None) => return (&line[..at], in_block),
            _ => {}
        }
    }
    (line, in_block)
}

fn header(stem: &str, text: &str, s: &Scenario, out: &mut Vec<Problem>) {
    let at = |key: &str| line_of(text, 1, key);
    if !valid_id(&s.id) {
        out.push(Problem::new(
            at("id"),
            format!(
                "id = \"{}\" is not lowercase letters, digits and '-' (or is the reserved \"{RANDOM}\")",
                s.id
            ),
            "use an id such as payment-fraud",
        ));
    } else if s.id != stem {
        out.push(Problem::new(
            at("id"),
            format!("id = \"{}\" but the file is {stem}.toml", s.id),
            format!("rename the file to {}.toml or set id = \"{stem}\"", s.id),
        ));
    }
    for (key, value) in [
        ("title", &s.title),
        ("summary", &s.summary),
        ("domain", &s.domain),
        ("context", &s.context),
    ] {
        if value.trim().is_empty() {
            out.push(Problem::new(
                at(key),
                format!("{key} is empty"),
                format!("write the {key} (docs/writing-scenarios.md)"),
            ));
        }
    }
    if s.summary.contains('\n') {
        out.push(Problem::new(
            at("summary"),
            "summary spans several lines",
            "make it one line: `interviewer scenarios` prints it in a list",
        ));
    }
    if !DIFFICULTIES.contains(&s.difficulty.as_str()) {
        out.push(Problem::new(
            at("difficulty"),
            format!("difficulty = \"{}\" is not a known level", s.difficulty),
            format!("use one of {}", DIFFICULTIES.join(", ")),
        ));
    }
}

/// An id `--scenario` reads as "any case at random", so no case may take it.
pub const RANDOM: &str = "random";

/// True for a scenario id: lowercase ASCII letters, digits and `-`, not empty,
/// not starting or ending with `-`, and not [`RANDOM`].
pub fn valid_id(id: &str) -> bool {
    id != RANDOM
        && !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Every phase has an opening and at least one follow-up, none empty.
fn phases(text: &str, s: &Scenario, out: &mut Vec<Problem>) {
    for (phase, name) in PHASES {
        let Some(q) = s.questions(phase) else {
            continue;
        };
        let section = section_line(text, name);
        if q.opening.trim().is_empty() {
            out.push(Problem::new(
                line_of(text, section, "opening"),
                format!("phases.{name}.opening is empty"),
                "write the question that opens the phase",
            ));
        }
        if q.follow_ups.is_empty() {
            out.push(Problem::new(
                section,
                format!("phases.{name} has no follow_ups"),
                "add follow_ups = [\"…\"] with at least one question the interviewer asks next",
            ));
        }
        if let Some(i) = q.follow_ups.iter().position(|f| f.ask().trim().is_empty()) {
            out.push(Problem::new(
                line_of(text, section, "follow_ups"),
                format!("phases.{name}.follow_ups[{i}] is empty"),
                "write the question or remove the empty string",
            ));
        }
    }
}

/// Openings must not name a concept that earns credit ([`ANSWER_CONCEPTS`]),
/// as the rubric's own matcher reads it.
fn hinted(text: &str, s: &Scenario, rubric: &Rubric, out: &mut Vec<Problem>) {
    for (phase, name) in PHASES {
        let Some(q) = s.questions(phase) else {
            continue;
        };
        let given: Vec<String> = crate::grade::concepts_in(rubric, &q.opening)
            .into_iter()
            .filter(|c| ANSWER_CONCEPTS.contains(&c.as_str()))
            .collect();
        if given.is_empty() {
            continue;
        }
        out.push(Problem::new(
            line_of(text, section_line(text, name), "opening"),
            format!(
                "phases.{name}.opening hints at the answer: it names {}, which earns credit (the phrases are under [[concept]] in prompts/rubric.toml)",
                given.join(", ")
            ),
            "describe the situation, not the mechanism; leave it for the candidate to bring up (a follow-up may ask about it)",
        ));
    }
}

/// The field names in a schema change: written snake_case (`placement_id`),
/// camelCase (`deviceType`), or any name in backticks (`` `genre` ``).
fn field_names(text: &str) -> Vec<&str> {
    let quoted = text.split('`').skip(1).step_by(2).filter(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    });
    let spelled = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            let snake = w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase());
            let camel = w.starts_with(|c: char| c.is_ascii_lowercase())
                && w.chars().any(|c| c.is_ascii_uppercase());
            snake || camel
        });
    let mut out: Vec<&str> = quoted.chain(spelled).collect();
    out.dedup();
    out
}

/// Words right before a time that make it a reading, not the budget: "the
/// service is at 95 ms p99", "scoring takes 120 ms at p99". A reading above
/// the budget is what a probe asks about, not a second budget.
const READING_BEFORE: [&str; 7] = ["at", "to", "takes", "hits", "reaches", "eating", "running"];

/// The schema-change probe names a concrete field, and its opening tells the
/// candidate about it.
fn schema_probe(text: &str, s: &Scenario, out: &mut Vec<Problem>) {
    let section = section_line(text, "schema_change");
    let Some(breaks) = s.phases.schema_change.breaks.as_deref() else {
        out.push(Problem::new(
            section,
            "phases.schema_change has no breaks",
            "add breaks = \"…\" naming the upstream field that changes, e.g. \"placement_id retyped from integer to string\"",
        ));
        return;
    };
    let fields = field_names(breaks);
    let line = line_of(text, section, "breaks");
    if fields.is_empty() {
        out.push(Problem::new(
            line,
            "phases.schema_change.breaks names no concrete field",
            "name the field as the log spells it (merchant_country, deviceType, or `genre` in backticks), and what happens to it",
        ));
        return;
    }
    let opening = &s.phases.schema_change.opening;
    if !fields.iter().any(|f| opening.contains(f)) {
        out.push(Problem::new(
            line_of(text, section, "opening"),
            format!(
                "phases.schema_change.opening does not mention {}, the field breaks names",
                fields.join(" or ")
            ),
            "tell the candidate which field changed, by the name in breaks",
        ));
    }
}

/// `[practice] stresses` lists rubric dimensions, at least one, each once.
fn practice(text: &str, s: &Scenario, rubric: &Rubric, out: &mut Vec<Problem>) {
    let known: Vec<&str> = rubric.dimensions.iter().map(|d| d.id.as_str()).collect();
    let Some(p) = &s.practice else {
        out.push(Problem::new(
            text.lines().count().max(1),
            "no [practice] table: the practice pick cannot choose this case",
            format!(
                "add [practice] with stresses = [\"…\"], the dimensions the case leans on most, from: {}",
                known.join(", ")
            ),
        ));
        return;
    };
    let line = line_of(text, 1, "stresses");
    if p.stresses.is_empty() {
        out.push(Problem::new(
            line,
            "practice.stresses is empty",
            format!("name at least one dimension from: {}", known.join(", ")),
        ));
    }
    for (i, d) in p.stresses.iter().enumerate() {
        if !known.contains(&d.as_str()) {
            out.push(Problem::new(
                line,
                format!("practice.stresses names \"{d}\", which is not a rubric dimension"),
                format!(
                    "use the dimension ids of prompts/rubric.toml: {}",
                    known.join(", ")
                ),
            ));
        } else if p.stresses[..i].contains(d) {
            out.push(Problem::new(
                line,
                format!("practice.stresses names \"{d}\" twice"),
                "name each dimension once",
            ));
        }
    }
}

/// The line of `[phases.NAME]` (1 when absent).
fn section_line(text: &str, name: &str) -> usize {
    let header = format!("[phases.{name}]");
    text.lines()
        .position(|l| l.trim() == header)
        .map_or(1, |i| i + 1)
}

/// The first line at or after `from` that sets `key = …` (else `from`).
fn line_of(text: &str, from: usize, key: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(from, |(i, _)| i + 1)
}

/// The first line at or after `from` containing `needle` (else `from`).
fn find_line(text: &str, from: usize, needle: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map_or(from, |(i, _)| i + 1)
}

mod numbers;
pub mod preview;
mod targets;

#[cfg(test)]
mod tests;
