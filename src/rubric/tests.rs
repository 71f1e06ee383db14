use super::*;
use crate::prompts::PromptFiles;

fn embedded() -> String {
    PromptFiles::embedded()
        .get(RUBRIC_FILE)
        .unwrap()
        .text
        .clone()
}

fn compile(text: &str) -> Result<Rubric, RubricError> {
    Rubric::compile(&PromptFile {
        origin: "rubric.toml".into(),
        text: text.into(),
    })
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_shipped_rubric_compiles_and_covers_the_round() {
    let r = compile(&embedded()).unwrap();
    let dims: Vec<&str> = r.dimensions.iter().map(|d| d.id.as_str()).collect();
    for d in [
        "requirements",
        "cape",
        "four_p",
        "failure",
        "latency",
        "provenance",
        "risk",
    ] {
        assert!(dims.contains(&d), "{d}");
    }
    assert_eq!(r.bands.last().unwrap().name, "no_hire");
    assert_eq!(r.sha256.len(), 64);
}

#[test]
fn unknown_concept_names_the_line_and_key() {
    let text = embedded().replacen("concepts = [\"retry\"]", "concepts = [\"retyr\"]", 1);
    let err = compile(&text).unwrap_err();
    assert_eq!(err.line, line_of(&text, "[\"retyr\"]"));
    assert_eq!(err.key, "criterion 'retries'.concepts");
    assert!(
        err.to_string().starts_with(&format!(
            "rubric.toml:{}: criterion 'retries'.concepts: unknown concept 'retyr'",
            err.line
        )),
        "{err}"
    );
}

#[test]
fn unknown_dimension_and_band_are_rejected() {
    let text = embedded().replacen(
        "dimension = \"failure\"\npoints = 1",
        "dimension = \"failures\"\npoints = 1",
        1,
    );
    assert!(
        compile(&text)
            .unwrap_err()
            .to_string()
            .contains("unknown dimension 'failures'")
    );
    let text = embedded().replacen("cap = \"lean_no_hire\"", "cap = \"maybe\"", 1);
    assert!(
        compile(&text)
            .unwrap_err()
            .to_string()
            .contains("unknown band 'maybe'")
    );
}

#[test]
fn syntax_error_reports_its_line() {
    let mut text = embedded();
    text.push_str("\n[[criterion]\n");
    let err = compile(&text).unwrap_err();
    assert_eq!(err.line, text.lines().count());
}

#[test]
fn misspelled_field_is_rejected_by_name() {
    let text = embedded().replacen(
        "hint = \"Say what is retried",
        "hnit = \"Say what is retried",
        1,
    );
    let err = compile(&text).unwrap_err().to_string();
    assert!(err.contains("hnit"), "{err}");
}

#[test]
fn duplicate_ids_are_rejected() {
    let text = embedded() + "\n[[concept]]\nid = \"retry\"\nphrases = [\"again\"]\n";
    let err = compile(&text).unwrap_err();
    assert!(err.to_string().contains("duplicate concept 'retry'"));
    assert_eq!(err.line, text.lines().count() - 1);
}

#[test]
fn distinct_and_near_need_their_parameters() {
    let text = embedded().replacen("min = 2\n", "", 1);
    assert!(
        compile(&text)
            .unwrap_err()
            .to_string()
            .contains("needs min between 1 and")
    );
    let text = embedded().replacen("within = 25\n", "", 1);
    assert!(
        compile(&text)
            .unwrap_err()
            .to_string()
            .contains("needs within")
    );
}

#[test]
fn follow_ups_belong_to_probe_phases() {
    let text = embedded().replacen(
        "follow_up = { phase = \"latency\"",
        "follow_up = { phase = \"debrief\"",
        1,
    );
    assert!(
        compile(&text)
            .unwrap_err()
            .to_string()
            .contains("follow-ups are asked in the probe phases")
    );
}

#[test]
fn the_last_band_must_catch_every_score() {
    let text = embedded().replacen(
        "{ name = \"no_hire\", min_score = 0 }",
        "{ name = \"no_hire\", min_score = 10 }",
        1,
    );
    assert!(
        compile(&text)
            .unwrap_err()
            .to_string()
            .contains("the last band must have min_score = 0")
    );
}

#[test]
fn a_malformed_pattern_names_its_line_and_key() {
    let text = embedded().replacen("\"can't + doubles\"", "\"same id + \"", 1);
    let err = compile(&text).unwrap_err();
    assert_eq!(err.key, "concept 'idempotency'.phrases");
    assert_eq!(err.line, line_of(&text, "\"same id + \""));
    assert!(err.message.contains("empty part"), "{err}");
}

#[test]
fn a_contradiction_must_name_known_criteria() {
    let text = embedded().replacen(
        "criteria = [\"retries\", \"retries_made_safe\"]",
        "criteria = [\"retrys\"]",
        1,
    );
    let err = compile(&text).unwrap_err().to_string();
    assert!(err.contains("unknown criterion 'retrys'"), "{err}");
}

#[test]
fn each_level_counts_its_own_criteria_and_judges_by_its_own_bar() {
    let senior = compile(&embedded()).unwrap();
    assert_eq!(senior.level().id, "senior");
    let ids = |r: &Rubric| -> Vec<String> { r.levels.iter().map(|l| l.id.clone()).collect() };
    assert_eq!(ids(&senior), ["mid", "senior", "staff"]);
    // Staff's own dimension exists only at staff.
    let dims = |r: &Rubric| -> Vec<String> { r.dimensions.iter().map(|d| d.id.clone()).collect() };
    assert!(!dims(&senior).contains(&"staff_scope".to_string()));
    let staff = senior.at_level("staff").unwrap();
    assert!(dims(&staff).contains(&"staff_scope".to_string()));
    assert!(
        staff
            .criteria
            .iter()
            .any(|c| c.id == "migration_plan" && c.required)
    );
    assert!(
        staff
            .gates
            .iter()
            .any(|g| staff.dimensions[g.dimension].id == "staff_scope")
    );
    // A senior criterion still earns at mid, but is not required there.
    let mid = staff.at_level("mid").unwrap();
    let split = mid
        .criteria
        .iter()
        .find(|c| c.id == "budget_split_by_stage")
        .unwrap();
    assert!(!split.required);
    assert!(
        mid.criteria
            .iter()
            .any(|c| c.id == "label_defined" && c.required)
    );
    assert!(mid.gates.is_empty());
    assert_ne!(mid.bands[0].min_score, senior.bands[0].min_score);
    // Every index is renumbered: each criterion's dimension is one of this level's.
    for r in [&mid, &senior, &staff] {
        assert!(r.criteria.iter().all(|c| c.dimension < r.dimensions.len()));
        for k in &r.contradictions {
            assert!(k.criteria.iter().all(|&i| i < r.criteria.len()));
        }
    }
    let (lvl, _) = senior
        .levels
        .iter()
        .enumerate()
        .find(|(_, l)| l.id == "staff")
        .unwrap();
    assert!(
        senior
            .expected("latency_budget_numbers", lvl)
            .is_some_and(|e| e.contains("cost"))
    );
    let err = senior.at_level("principal").unwrap_err().to_string();
    assert!(
        err.contains("'principal'") && err.contains("mid, senior, staff"),
        "{err}"
    );
}

#[test]
fn a_rubric_without_levels_is_one_senior_level_judged_by_its_verdict() {
    let text = embedded();
    let start = text.find("# LEVELS.").unwrap();
    let end = text.find("\n[grading]").unwrap();
    let mut plain = format!("{}{}", &text[..start], &text[end..]);
    plain = plain
        .lines()
        .filter(|l| !l.starts_with("level = ") && !l.starts_with("expect = "))
        .collect::<Vec<_>>()
        .join("\n");
    let r = compile(&plain).unwrap();
    assert_eq!(r.levels.len(), 1);
    assert_eq!(r.level().id, "senior");
    assert_eq!(r.bands.len(), 4);
}

#[test]
fn level_mistakes_name_their_key() {
    let text = embedded();
    let bad = text.replacen("level = \"senior\"\n", "level = \"principal\"\n", 1);
    let err = compile(&bad).unwrap_err();
    assert!(
        err.key.ends_with(".level") && err.message.contains("principal"),
        "{err}"
    );
    let bad = text.replacen(
        "[[level]]\nid = \"senior\"\ntitle = \"senior\"",
        "[[level]]\nid = \"senior\"\ntitle = \"senior\"\ngates = []",
        1,
    );
    let err = compile(&bad).unwrap_err();
    assert!(
        err.message.contains("gates need the level's own bands"),
        "{err}"
    );
}

#[test]
fn every_criterion_says_what_each_level_is_expected_to_show() {
    let r = compile(&embedded()).unwrap();
    let all = r.at_level("staff").unwrap();
    for c in &all.criteria {
        assert_eq!(c.expect.len(), all.levels.len(), "{}", c.id);
        for (i, e) in c.expect.iter().enumerate() {
            assert!(
                !e.is_empty(),
                "{} says nothing for {}",
                c.id,
                all.levels[i].id
            );
        }
        // At and above its own level a criterion says what is expected.
        for i in c.level..all.levels.len() {
            assert_ne!(c.expect[i], "—", "{} at {}", c.id, all.levels[i].id);
        }
    }
}
