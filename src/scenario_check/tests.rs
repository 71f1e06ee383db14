use super::numbers::amounts;
use super::*;
use crate::prompts::PromptFiles;
use crate::quantity::Quantity;

fn rubric() -> Rubric {
    let files = PromptFiles::embedded();
    Rubric::compile(files.get(crate::rubric::RUBRIC_FILE).unwrap()).unwrap()
}

/// A small case that passes every check.
const GOOD: &str = r#"id = "toy"
title = "Toy ranking"
summary = "Rank toys for a shopper."
domain = "retail"
difficulty = "medium"
context = """
Shoppers see ranked toys. About 2 billion views a day, 30,000 per second at peak, \
served from three regions. Ranking has 90 ms at p99. A purchase label is final \
after 2 days. Prices must be at most 5 minutes stale, and a deleted account is \
purged within 30 days."""

[facts]
nouns = ["toy", "shopper", "view"]
latency_p99_ms = 90
latency_scope = "ranking one page of toys"
events_per_day = 2_000_000_000
peak_events_per_second = 30_000
label_delay_minutes = 2_880
regions = 3
freshness_minutes = 5
deletion_days = 30

[phases.scenario]
opening = "Design the pipeline from the view log to the ranked page."
targets = ["label_defined"]
follow_ups = [{ ask = "What is your label, and when is it final?", targets = ["label_defined"] }]

[phases.latency]
opening = "You have 90 ms at p99. How do you split it across stages?"
targets = ["budget_split_by_stage"]
follow_ups = [{ ask = "Which features come from a stream, and why?", targets = ["batch_or_stream_justified"] }]

[phases.schema_change]
breaks = "toy_price moves from cents to a decimal string"
opening = "The catalogue team changes toy_price from integer cents to a decimal string. What breaks?"
targets = ["schema_change_detection"]
follow_ups = [{ ask = "How do you ship the fix?", targets = ["rollback_plan"] }]

[phases.provenance]
opening = "A shopper asks why a toy was ranked first. Trace that ranking to the raw events."
targets = ["lineage_tags"]
follow_ups = [{ ask = "Could you rebuild last month's training set?", targets = ["immutable_snapshots"] }]

[practice]
stresses = ["latency", "provenance"]
"#;

fn problems(text: &str) -> Vec<Problem> {
    check("toy", text, &rubric())
}

fn only(text: &str) -> Problem {
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.into_iter().next().unwrap()
}

fn line_of_text(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_well_formed_case_passes() {
    assert_eq!(problems(GOOD), []);
}

#[test]
fn an_unknown_key_is_named_with_its_line() {
    let text = GOOD.replace("domain =", "domian =");
    let p = only(&text);
    assert_eq!(p.line, line_of_text(&text, "domian"));
    assert!(p.message.contains("unknown field `domian`"), "{p:?}");
    assert!(p.fix.contains("spelling"), "{p:?}");
}

#[test]
fn a_missing_field_says_to_add_it() {
    let text = GOOD.replace("latency_scope = \"ranking one page of toys\"\n", "");
    let p = only(&text);
    assert!(p.message.contains("missing field `latency_scope`"), "{p:?}");
    assert!(p.fix.starts_with("add the field"), "{p:?}");
}

#[test]
fn a_fact_the_context_never_states_is_reported_at_the_fact() {
    let text = GOOD.replace("after 2 days", "after a while");
    let p = only(&text);
    assert_eq!(p.line, line_of_text(&text, "label_delay_minutes"));
    assert!(
        p.message
            .contains("facts.label_delay_minutes is 2,880 minutes"),
        "{p:?}"
    );
}

#[test]
fn facts_are_read_in_words_units_and_scales() {
    // "three regions", "2 billion", "30,000", "2 days" for 2,880 minutes: all found.
    assert!(
        amounts("2 billion views").contains(&(0..1, Quantity::Count(2e9, Some("views".into()))))
    );
    let text = GOOD.replace("served from three regions", "served from four regions");
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|p| p.message.contains("facts.regions is 3 regions")),
        "{p:?}"
    );
}

#[test]
fn a_number_that_contradicts_a_fact_is_named_where_it_is() {
    let text = GOOD.replace("You have 90 ms at p99", "You have 100 ms at p99");
    let p = only(&text);
    assert_eq!(p.line, line_of_text(&text, "100 ms"));
    assert!(
        p.message
            .contains("phases.latency.opening says 100 ms at p99, but facts.latency_p99_ms = 90"),
        "{p:?}"
    );
    let text = GOOD.replace(
        "How do you split it across stages?",
        "At peak, 45,000 requests per second arrive. How do you split it?",
    );
    let p = only(&text);
    assert!(p.message.contains("45,000 per second at peak"), "{p:?}");
}

#[test]
fn every_phase_needs_follow_ups() {
    let text = GOOD.replace(
        "follow_ups = [{ ask = \"How do you ship the fix?\", targets = [\"rollback_plan\"] }]",
        "follow_ups = []",
    );
    let p = only(&text);
    assert_eq!(p.line, line_of_text(&text, "[phases.schema_change]"));
    assert!(
        p.message.contains("phases.schema_change has no follow_ups"),
        "{p:?}"
    );
}

#[test]
fn an_opening_that_names_a_mechanism_gives_the_answer_away() {
    let text = GOOD.replace(
        "How do you split it across stages?",
        "How do you split it, and what is your fallback when the cache is slow?",
    );
    let p = only(&text);
    assert!(
        p.message
            .contains("phases.latency.opening hints at the answer"),
        "{p:?}"
    );
    assert!(
        p.message.contains("fallback") && p.message.contains("cache"),
        "{p:?}"
    );
    // The question's own subject is no hint: budget, stages, stream.
    assert!(problems(GOOD).is_empty());
}

#[test]
fn the_schema_probe_names_a_field_the_opening_mentions() {
    let text = GOOD.replace(
        "breaks = \"toy_price moves from cents to a decimal string\"",
        "breaks = \"the price changes\"",
    );
    let p = only(&text);
    assert!(p.message.contains("names no concrete field"), "{p:?}");
    let text = GOOD.replace("changes toy_price from", "changes the price from");
    let p = only(&text);
    assert!(p.message.contains("does not mention toy_price"), "{p:?}");
}

#[test]
fn practice_names_rubric_dimensions() {
    let text = GOOD.replace("\"latency\", \"provenance\"", "\"speed\"");
    let p = only(&text);
    assert!(
        p.message
            .contains("\"speed\", which is not a rubric dimension"),
        "{p:?}"
    );
    let text = GOOD.replace("[practice]\nstresses = [\"latency\", \"provenance\"]\n", "");
    assert!(only(&text).message.contains("no [practice] table"));
}

#[test]
fn the_id_must_match_the_file_and_placeholders_must_go() {
    let p = check("toys", GOOD, &rubric());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("the file is toys.toml"), "{p:?}");
    let text = GOOD.replace("Rank toys for a shopper.", "TODO: one line");
    assert!(only(&text).message.contains("placeholder"));
}

#[test]
fn a_placeholder_in_a_comment_is_an_instruction_not_a_value() {
    let mut found = Vec::new();
    placeholders(
        "# Replace every TODO, then run the check.\nnouns = [\"a\"]  # TODO: the nouns\ntitle = \"x # TODO\"\ncontext = \"\"\"\nTODO: who you are # still text\n\"\"\"\n",
        &mut found,
    );
    let lines: Vec<usize> = found.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 5], "{found:?}");
}

#[test]
fn ids_are_lowercase_words_with_dashes() {
    assert!(valid_id("payment-fraud") && valid_id("a1"));
    for bad in ["", "Payment", "a_b", "-a", "a-", "a/b", "random"] {
        assert!(!valid_id(bad), "{bad}");
    }
}

#[test]
fn every_shipped_case_passes() {
    let files = PromptFiles::embedded();
    let rubric = rubric();
    let mut all = Vec::new();
    for (rel, file) in files.iter_prefix("scenarios/") {
        let stem = rel
            .trim_start_matches("scenarios/")
            .trim_end_matches(".toml");
        all.extend(
            check(stem, &file.text, &rubric)
                .iter()
                .map(|p| p.render(rel)),
        );
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn a_problem_renders_as_file_line_and_fix() {
    let p = Problem::new(7, "what is wrong", "what to do");
    assert_eq!(
        p.render("a.toml"),
        "a.toml:7: what is wrong\n  fix: what to do"
    );
}

#[test]
fn every_answer_concept_is_a_concept_of_the_rubric() {
    let rubric = rubric();
    for id in ANSWER_CONCEPTS {
        assert!(
            rubric.concepts.iter().any(|c| c.id == id),
            "{id} is not a [[concept]] of prompts/rubric.toml"
        );
    }
}

#[test]
fn every_question_declares_known_targets() {
    let text = GOOD.replace("targets = [\"rollback_plan\"] }", "targets = [] }");
    let p = only(&text);
    assert!(
        p.message.contains("follow_ups[0] declares no targets"),
        "{p:?}"
    );
    let text = GOOD.replace(
        "targets = [\"lineage_tags\"]\n",
        "targets = [\"lineage\"]\n",
    );
    let p = only(&text);
    assert!(
        p.message
            .contains("\"lineage\", which is not a rubric criterion"),
        "{p:?}"
    );
    let text = GOOD.replace(
        "{ ask = \"How do you ship the fix?\", targets = [\"rollback_plan\"] }",
        "\"How do you ship the fix?\"",
    );
    assert!(only(&text).message.contains("declares no targets"));
}

#[test]
fn a_rule_of_the_case_is_checked_like_a_question() {
    let rule = "\n[[facts.rule]]\nid = \"no-boost\"\nfact = \"own-brand toys get no boost\"\ncriteria = [\"names_risks\"]\nbreaks = ['''\\bown[- ]brand\\b[^.]{0,40}\\bboost''']\n";
    let with =
        |r: &str| GOOD.replacen("\n[phases.scenario]", &format!("{r}\n[phases.scenario]"), 1);
    assert!(
        problems(&with(rule)).is_empty(),
        "{:#?}",
        problems(&with(rule))
    );
    // A criterion the rubric does not have, named at the rule's id.
    let text = with(&rule.replace("names_risks", "name_risks"));
    let p = only(&text);
    assert!(p.message.contains("facts.rule no-boost"), "{p:?}");
    assert_eq!(p.line, line_of_text(&text, "id = \"no-boost\""));
    // A pattern that is not a regular expression.
    let text = with(&rule.replace("{0,40}", "{0,40"));
    assert!(only(&text).message.contains("not a regular expression"));
}
