use super::*;
use crate::interview::Gap;
use crate::prompts::Facts;
use crate::prompts::PromptFiles;
use crate::rubric::RUBRIC_FILE;
use crate::vocab::Phase;
use score::verdict;

fn rubric() -> Rubric {
    Rubric::compile(PromptFiles::embedded().get(RUBRIC_FILE).unwrap()).unwrap()
}

fn turn(seq: u64, role: Role, phase: Phase, text: &str) -> Turn {
    Turn {
        seq,
        ..Turn::new(role, phase, text)
    }
}

/// An interview of the ad-click case, held to `facts` when given.
fn interview<'a>(turns: &'a [Turn], facts: Option<&'a Facts>) -> Input<'a> {
    Input {
        session: "s",
        scenario: "ad-click",
        facts,
        turns,
        mode: Mode::Interview,
    }
}

fn grade_turns(turns: &[Turn]) -> Report {
    grade(&rubric(), &interview(turns, None))
}

/// Grades candidate answers given in the scenario phase.
fn grade_answers(phase: Phase, answers: &[&str]) -> Report {
    let turns: Vec<Turn> = answers
        .iter()
        .enumerate()
        .map(|(i, a)| turn(i as u64 + 1, Role::Candidate, phase, a))
        .collect();
    grade_turns(&turns)
}

fn criterion<'r>(r: &'r Report, id: &str) -> &'r CriterionResult {
    r.criteria.iter().find(|c| c.id == id).unwrap()
}

fn finding<'r>(r: &'r Report, id: &str) -> Option<&'r Finding> {
    r.anti_patterns.iter().find(|f| f.id == id)
}

#[test]
fn phrases_match_whole_words_only() {
    let r = grade_answers(
        Phase::Scenario,
        &["We translate the payload and keep it slower than before."],
    );
    assert_eq!(criterion(&r, "monitoring_with_thresholds").near_misses, []);
    let r = grade_answers(
        Phase::Scenario,
        &["We alert when the SLA of 5 minutes is missed."],
    );
    assert_eq!(
        criterion(&r, "monitoring_with_thresholds").status,
        Status::Met
    );
}

#[test]
fn hyphenated_and_spaced_forms_are_the_same_phrase() {
    for text in [
        "We apply back-pressure so the stage slows down.",
        "We apply back pressure so the stage slows down.",
        "We apply backpressure so the stage slows down.",
    ] {
        assert_eq!(
            criterion(&grade_answers(Phase::Scenario, &[text]), "backpressure").status,
            Status::Met,
            "{text}"
        );
    }
}

#[test]
fn negated_mention_earns_no_credit() {
    let r = grade_answers(
        Phase::Scenario,
        &["We don't need retries for this pipeline."],
    );
    let c = criterion(&r, "retries");
    assert_eq!(c.status, Status::Missed);
    assert_eq!(c.near_misses[0].why, "mentioned, but negated");
}

#[test]
fn negation_after_the_concept_counts_too() {
    let r = grade_answers(Phase::Scenario, &["Idempotent writes are overkill here."]);
    assert_eq!(criterion(&r, "idempotent_writes").status, Status::Missed);
}

#[test]
fn no_single_point_of_failure_is_not_a_negation() {
    let r = grade_answers(
        Phase::Scenario,
        &["Each region runs on its own, so there is no single point of failure."],
    );
    assert_eq!(criterion(&r, "failure_isolation").status, Status::Met);
}

#[test]
fn pseudo_negations_and_but_clauses_keep_the_credit() {
    let r = grade_answers(
        Phase::Scenario,
        &["Not only do we retry a failed write 3 times with exponential backoff, we alert on it."],
    );
    assert_eq!(criterion(&r, "retries").status, Status::Met);
    let r = grade_answers(
        Phase::Scenario,
        &["Streaming is not needed for profiles, but failed writes are retried 3 times."],
    );
    assert_eq!(criterion(&r, "retries").status, Status::Met);
}

#[test]
fn repeating_a_concept_adds_nothing() {
    let once = grade_answers(
        Phase::Scenario,
        &["Writes are idempotent upserts keyed by event id."],
    );
    let many = grade_answers(
        Phase::Scenario,
        &[
            "Writes are idempotent upserts keyed by event id.",
            "Idempotent. Idempotent writes, idempotent everywhere, idempotency.",
        ],
    );
    assert_eq!(
        criterion(&once, "idempotent_writes").earned,
        criterion(&many, "idempotent_writes").earned
    );
    assert!(many.score <= once.score);
}

#[test]
fn only_candidate_turns_earn_credit() {
    let turns = vec![turn(
        1,
        Role::Interviewer,
        Phase::Scenario,
        "Use retries, idempotent writes, lineage tags and back-pressure.",
    )];
    let r = grade_turns(&turns);
    assert!(r.criteria.iter().all(|c| c.status == Status::Missed));
    assert_eq!(r.transcript.candidate_turns, 0);
}

#[test]
fn echoing_the_interviewers_question_earns_nothing() {
    let asked = "How would you detect that schema change with a schema registry and validation?";
    let turns = vec![
        turn(1, Role::Interviewer, Phase::SchemaChange, asked),
        turn(
            2,
            Role::Candidate,
            Phase::SchemaChange,
            "How would I detect that schema change with a schema registry and validation?",
        ),
    ];
    let c = criterion(&grade_turns(&turns), "schema_change_detection").clone();
    assert_eq!(c.status, Status::Missed);
    assert_eq!(c.near_misses[0].why, "repeats the interviewer's question");
}

#[test]
fn a_question_gets_no_credit_for_words_it_hands_back() {
    let turns = vec![
        turn(
            1,
            Role::Interviewer,
            Phase::Latency,
            "Scoring has 50 ms at p99.",
        ),
        turn(
            2,
            Role::Candidate,
            Phase::Latency,
            "So is the 50 ms p99 for scoring only?",
        ),
    ];
    let r = grade_turns(&turns);
    assert_eq!(
        criterion(&r, "latency_budget_numbers").status,
        Status::Missed
    );
}

#[test]
fn latency_budget_needs_a_number_with_a_unit() {
    let vague = grade_answers(
        Phase::Latency,
        &["The latency budget has to be tight at p99."],
    );
    let c = criterion(&vague, "latency_budget_numbers");
    assert_eq!(c.status, Status::Missed);
    assert_eq!(
        c.near_misses[0].why,
        "mentioned without a measured time (a number and a unit, such as 50 ms)"
    );
    let cadence = grade_answers(Phase::Latency, &["The latency budget is checked daily."]);
    assert_eq!(
        criterion(&cadence, "latency_budget_numbers").status,
        Status::Missed,
        "a cadence is not a budget"
    );
    let concrete = grade_answers(Phase::Latency, &["The latency budget is 50 ms at p99."]);
    assert_eq!(
        criterion(&concrete, "latency_budget_numbers").status,
        Status::Met
    );
}

#[test]
fn a_trade_off_needs_a_reason_nearby() {
    let bare = grade_answers(
        Phase::Latency,
        &["Pacing comes from a streaming job, user history from a daily batch."],
    );
    assert_eq!(
        criterion(&bare, "batch_or_stream_justified").status,
        Status::Missed
    );
    let argued = grade_answers(
        Phase::Latency,
        &[
            "Pacing comes from a streaming job because it must be fresh; history stays in a daily batch since it is cheaper.",
        ],
    );
    assert_eq!(
        criterion(&argued, "batch_or_stream_justified").status,
        Status::Met
    );
}

#[test]
fn a_point_made_before_its_phase_counts_in_full_and_after_it_in_part() {
    let early = grade_answers(Phase::Scenario, &["The latency budget is 50 ms at p99."]);
    let c = criterion(&early, "latency_budget_numbers");
    assert_eq!(c.status, Status::Met);
    assert_eq!(c.earned, Score(30));
    assert!(c.evidence.iter().all(|e| e.early), "{:?}", c.evidence);
    let late = grade_answers(Phase::Provenance, &["The latency budget is 50 ms at p99."]);
    let c = criterion(&late, "latency_budget_numbers");
    assert_eq!(c.status, Status::Partial);
    assert_eq!(c.earned, Score(15));
    assert!(c.evidence.iter().all(|e| !e.early));
    let on_time = grade_answers(Phase::Latency, &["The latency budget is 50 ms at p99."]);
    assert!(
        criterion(&on_time, "latency_budget_numbers")
            .evidence
            .iter()
            .all(|e| !e.early)
    );
}

#[test]
fn false_friends_do_not_count() {
    let r = grade_answers(
        Phase::Scenario,
        &["The pipeline consists of three jobs, a proven design used extensively."],
    );
    for id in [
        "cape_consistency",
        "component_provenance",
        "lineage_tags",
        "cape_extensibility",
    ] {
        assert_eq!(criterion(&r, id).status, Status::Missed, "{id}");
    }
}

#[test]
fn stemmed_concepts_match_other_forms() {
    let r = grade_answers(
        Phase::Scenario,
        &["The log is partitioned by user and the training sets are snapshotted nightly."],
    );
    assert_eq!(criterion(&r, "partitioning").status, Status::Met);
}

#[test]
fn bare_tool_list_is_flagged_and_a_reasoned_one_is_not() {
    let r = grade_answers(Phase::Scenario, &["Kafka, Flink, Spark and Redis."]);
    assert_eq!(finding(&r, "bare_tool_list").map(|f| f.count), Some(1));
    let r = grade_answers(
        Phase::Scenario,
        &["Kafka and Flink rather than Spark, because Flink keeps per-key state cheaply."],
    );
    assert!(finding(&r, "bare_tool_list").is_none());
}

#[test]
fn keyword_stuffing_earns_nothing_and_costs_points() {
    let r = grade_answers(
        Phase::Scenario,
        &[
            "Idempotent exactly-once backpressure lineage provenance data contract schema registry snapshot drift rollback canary retries.",
        ],
    );
    assert!(finding(&r, "keyword_stuffing").is_some());
    assert!(r.criteria.iter().all(|c| c.status == Status::Missed));
}

#[test]
fn runtime_without_a_budget_is_flagged() {
    let r = grade_answers(Phase::Scenario, &["My pipeline runs in 2 minutes."]);
    assert_eq!(
        finding(&r, "runtime_without_budget").map(|f| f.count),
        Some(1)
    );
    let r = grade_answers(
        Phase::Scenario,
        &["The batch stage meets a 2-hour freshness SLA."],
    );
    assert!(finding(&r, "runtime_without_budget").is_none());
}

#[test]
fn streaming_first_in_the_scenario_is_flagged_but_a_hybrid_is_not() {
    let r = grade_answers(
        Phase::Scenario,
        &["Everything is real-time: events stream into Flink and features update in streaming."],
    );
    assert!(finding(&r, "premature_streaming").is_some());
    let r = grade_answers(
        Phase::Scenario,
        &[
            "A stream job dedupes events.",
            "Nightly batch jobs build the stable features.",
        ],
    );
    assert!(finding(&r, "premature_streaming").is_none());
    let r = grade_answers(
        Phase::Latency,
        &["Everything is real-time and streams into Flink."],
    );
    assert!(
        finding(&r, "premature_streaming").is_none(),
        "after latency came up, streaming is fair game"
    );
}

#[test]
fn no_provenance_costs_points() {
    let r = grade_answers(
        Phase::Scenario,
        &["Retries are safe because writes are idempotent upserts."],
    );
    assert_eq!(finding(&r, "no_provenance").map(|f| f.penalty), Some(10));
}

fn dims(rubric: &Rubric, each: u32, provenance: u32) -> Vec<DimensionResult> {
    rubric
        .dimensions
        .iter()
        .map(|d| DimensionResult {
            id: d.id.clone(),
            title: d.title.clone(),
            weight: d.weight,
            score: Score(if d.id == "provenance" {
                provenance
            } else {
                each
            }),
        })
        .collect()
}

#[test]
fn bands_need_the_total_and_every_dimension() {
    let rubric = rubric();
    let name = |(b, _): (usize, Vec<String>)| rubric.bands[b].name.clone();
    assert_eq!(
        name(verdict(
            &rubric,
            Score(900),
            &dims(&rubric, 900, 900),
            Mode::Interview
        )),
        "strong_hire"
    );
    assert_eq!(
        name(verdict(
            &rubric,
            Score(900),
            &dims(&rubric, 900, 300),
            Mode::Interview
        )),
        "hire",
        "one weak dimension blocks strong_hire"
    );
    assert_eq!(
        name(verdict(
            &rubric,
            Score(400),
            &dims(&rubric, 400, 400),
            Mode::Interview
        )),
        "lean_no_hire"
    );
    assert_eq!(
        name(verdict(
            &rubric,
            Score(100),
            &dims(&rubric, 100, 100),
            Mode::Interview
        )),
        "no_hire"
    );
}

#[test]
fn a_written_note_has_its_own_cut_offs() {
    let rubric = rubric();
    let name = |(b, _): (usize, Vec<String>)| rubric.bands[b].name.clone();
    let at = |score: u32, mode: Mode| {
        name(verdict(
            &rubric,
            Score(score),
            &dims(&rubric, score, score),
            mode,
        ))
    };
    assert_eq!(at(150, Mode::Interview), "no_hire");
    assert_eq!(at(150, Mode::Written), "lean_no_hire");
    assert_eq!(at(500, Mode::Interview), "lean_no_hire");
    assert_eq!(at(500, Mode::Written), "hire");
    assert_eq!(at(50, Mode::Written), "no_hire");
    // Where the rubric gives no note cut-off, the interview's holds.
    assert_eq!(at(900, Mode::Written), "strong_hire");
}

#[test]
fn zero_provenance_caps_a_hire_at_lean_no_hire() {
    let rubric = rubric();
    let (band, capped_by) = verdict(&rubric, Score(800), &dims(&rubric, 950, 0), Mode::Interview);
    assert_eq!(rubric.bands[band].name, "lean_no_hire");
    assert_eq!(capped_by, ["no data provenance at all"]);
}

#[test]
fn gap_follow_ups_target_the_weakest_unmet_criterion_first() {
    let rubric = rubric();
    let r = grade_answers(Phase::Latency, &["We keep it fast."]);
    let gaps: Vec<Gap> = gap_follow_ups(&rubric, &r)
        .into_iter()
        .filter(|g| g.phase == Phase::Latency)
        .collect();
    assert_eq!(
        gaps[0].criterion, "latency_budget_numbers",
        "3 points, first in rubric order"
    );
    assert_eq!(gaps[1].criterion, "batch_or_stream_justified");
    assert!(gaps.iter().all(|g| {
        rubric
            .criteria
            .iter()
            .any(|c| c.id == g.criterion && c.follow_up.as_ref().unwrap().phase == g.phase)
    }));
    let r = grade_answers(Phase::Latency, &["The latency budget is 50 ms at p99."]);
    assert!(
        gap_follow_ups(&rubric, &r)
            .iter()
            .all(|g| g.criterion != "latency_budget_numbers")
    );
}

#[test]
fn grading_is_byte_identical_across_runs_and_threads() {
    let answers = [
        "Retries are safe because writes are idempotent; lineage tags go on every feature.",
        "Budget is 50 ms p99.",
    ];
    let first = render::json_pretty(&grade_answers(Phase::Latency, &answers));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                render::json_pretty(&grade_answers(Phase::Latency, &answers))
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), first);
    }
}

#[test]
fn scores_print_with_one_decimal() {
    assert_eq!(Score(725).to_string(), "72.5");
    assert_eq!(Score(1000).to_string(), "100.0");
    assert_eq!(serde_json::to_string(&Score(720)).unwrap(), "72.0");
}

// ─── Substance rules (grader 2) ──────────────────────────────────────────────────────

fn ad_click_facts() -> Facts {
    crate::prompts::PromptSet::from_files(PromptFiles::embedded())
        .unwrap()
        .facts("ad-click")
        .cloned()
        .unwrap()
}

/// Grades answers in `phase`, held to the ad-click case's facts.
fn grade_case(phase: Phase, answers: &[&str]) -> Report {
    let facts = ad_click_facts();
    let turns: Vec<Turn> = answers
        .iter()
        .enumerate()
        .map(|(i, a)| turn(i as u64 + 1, Role::Candidate, phase, a))
        .collect();
    grade(&rubric(), &interview(&turns, Some(&facts)))
}

fn written(text: &str) -> Report {
    let turns = [turn(1, Role::Candidate, Phase::Scenario, text)];
    grade(
        &rubric(),
        &Input {
            session: "doc",
            scenario: "",
            facts: None,
            turns: &turns,
            mode: Mode::Written,
        },
    )
}

#[test]
fn a_hedged_mention_earns_nothing() {
    let r = grade_answers(
        Phase::Scenario,
        &["Writes are idempotent and retried with backoff as needed, following best practices."],
    );
    assert_eq!(criterion(&r, "idempotent_writes").status, Status::Missed);
    assert!(
        r.voided.iter().any(|v| v.why.starts_with("hedged")),
        "{:?}",
        r.voided
    );
}

#[test]
fn a_concept_needs_a_mechanism_and_plain_words_for_one_count() {
    let named = grade_answers(Phase::Scenario, &["We rely on idempotency and lineage."]);
    assert_eq!(
        criterion(&named, "idempotent_writes").status,
        Status::Missed
    );
    let plain = grade_answers(
        Phase::Scenario,
        &["Writing the same event twice leaves one row, because we key on its id."],
    );
    assert_eq!(criterion(&plain, "idempotent_writes").status, Status::Met);
}

#[test]
fn one_sentence_cannot_collect_a_whole_dimension() {
    let r = grade_answers(
        Phase::Scenario,
        &[
            "If a write fails the consumer retries 3 times with backoff, dedupes by event id, applies back-pressure on lag and sends poison messages to a dead letter queue.",
        ],
    );
    let failure: Vec<&CriterionResult> = r
        .criteria
        .iter()
        .filter(|c| c.dimension == "failure")
        .collect();
    let met = failure.iter().filter(|c| c.status == Status::Met).count();
    assert!(
        met < failure.len(),
        "one sentence earned the whole dimension"
    );
    assert!(met >= 2, "but it still earns what it can: {met}");
}

#[test]
fn a_reason_must_name_a_consequence() {
    let bogus = grade_answers(
        Phase::Latency,
        &[
            "Clicks stream in real time because seven is a lucky number, and history stays in a nightly batch because the office has five rooms.",
        ],
    );
    assert_eq!(
        criterion(&bogus, "batch_or_stream_justified").status,
        Status::Missed
    );
    let real = grade_answers(
        Phase::Latency,
        &[
            "Clicks stream in real time because pacing goes stale within minutes, and history stays in a nightly batch because it is cheaper.",
        ],
    );
    assert_eq!(
        criterion(&real, "batch_or_stream_justified").status,
        Status::Met
    );
    let nonsense = grade_answers(
        Phase::Scenario,
        &[
            "The store answers in 12 ms because our team sits on the 12th floor.",
            "We keep 9 partitions because a baseball team has nine players.",
            "Labels are final at 22 minutes because 22 is my house number.",
        ],
    );
    assert!(finding(&nonsense, "bogus_reason").is_some());
}

#[test]
fn a_mechanism_that_undoes_itself_costs_its_criteria_and_is_quoted() {
    let r = grade_answers(
        Phase::Scenario,
        &[
            "If a write fails, the job retries immediately in a tight loop until it succeeds.",
            "Raw logs are versioned by day and overwritten each night by the compaction job.",
            "When a user withdraws consent we keep their events for 5 years in the snapshots.",
        ],
    );
    let ids: Vec<&str> = r.mistakes.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "retry_without_backoff",
            "logs_overwritten",
            "data_kept_after_withdrawal"
        ]
    );
    assert_eq!(criterion(&r, "retries").status, Status::Missed);
    assert_eq!(criterion(&r, "privacy").status, Status::Missed);
    assert!(r.mistakes[0].evidence.quote.contains("tight loop"));
    let honest = grade_answers(
        Phase::Scenario,
        &["Raw logs are kept in hourly partitions that are never overwritten."],
    );
    assert!(
        honest.mistakes.is_empty(),
        "a negated overwrite is the point: {:?}",
        honest.mistakes
    );
}

#[test]
fn answers_are_held_to_the_cases_facts() {
    let over = grade_case(
        Phase::Latency,
        &["The latency budget is 2000 ms at p99 for scoring."],
    );
    assert!(
        over.mistakes.iter().any(|m| m.id == "case:budget"),
        "{:?}",
        over.mistakes
    );
    assert_eq!(
        criterion(&over, "latency_budget_numbers").status,
        Status::Missed
    );
    let within = grade_case(
        Phase::Latency,
        &["The latency budget is 45 ms at p99 for scoring."],
    );
    assert!(within.mistakes.is_empty());
    assert_eq!(
        criterion(&within, "latency_budget_numbers").status,
        Status::Met
    );
    let split = grade_case(
        Phase::Latency,
        &["Feature fetch gets 30 ms, scoring 40 ms and the network 15 ms of the 50 ms budget."],
    );
    assert!(
        split.mistakes.iter().any(|m| m.id == "case:split"),
        "{:?}",
        split.mistakes
    );
    let window = grade_case(
        Phase::Scenario,
        &["The label joins each click to its impression in a 10 minute window."],
    );
    assert!(
        window.mistakes.iter().any(|m| m.id == "case:label_window"),
        "{:?}",
        window.mistakes
    );
}

#[test]
fn a_stated_total_of_the_parts_is_not_added_in_again() {
    for answer in [
        "Feature fetch 10 ms, scoring 20 ms, network 10 ms, that is 40 ms of the 50 ms at p99.",
        "Feature fetch 10 ms, scoring 20 ms, network 10 ms: 40 ms in total.",
        "Feature fetch 10 ms, scoring 20 ms and network 10 ms come to 40 ms.",
    ] {
        let r = grade_case(Phase::Latency, &[answer]);
        assert!(r.mistakes.is_empty(), "{answer}: {:?}", r.mistakes);
    }
}

#[test]
fn a_budget_written_with_p99_is_the_total_being_split_not_a_part() {
    for answer in [
        "The auction gives us 50 ms at p99, so I split the budget: 10 ms for feature fetch, 25 ms for scoring, and 15 ms of headroom for the network.",
        "The 50 ms p99 covers arrival to response: 10 ms feature fetch, 25 ms scoring and 15 ms for the network.",
    ] {
        let r = grade_case(Phase::Latency, &[answer]);
        assert!(r.mistakes.is_empty(), "{answer}: {:?}", r.mistakes);
        assert_eq!(criterion(&r, "budget_split_by_stage").status, Status::Met);
    }
    let over = grade_case(
        Phase::Latency,
        &["At 50 ms p99: 30 ms feature fetch, 40 ms scoring and 15 ms for the network."],
    );
    assert!(
        over.mistakes.iter().any(|m| m.id == "case:split"),
        "parts that add up to more still do: {:?}",
        over.mistakes
    );
}

#[test]
fn a_window_with_no_label_in_it_is_no_label_window() {
    let r = grade_case(
        Phase::Debrief,
        &["Page if the daily job misses its window by 10 minutes, and block publication."],
    );
    assert!(r.mistakes.is_empty(), "{:?}", r.mistakes);
    let late = grade_case(
        Phase::Scenario,
        &["Late clicks are dropped after a 10 minute window."],
    );
    assert!(
        late.mistakes.iter().any(|m| m.id == "case:label_window"),
        "{:?}",
        late.mistakes
    );
}

#[test]
fn an_answer_about_another_product_keeps_little_credit() {
    let fraud = "Each card authorization is scored for fraud in 80 ms; the merchant, the cardholder's recent transactions and chargeback history are features keyed by card id, and a disputed transaction becomes a label when the chargeback arrives from the issuer after 60 days, so every payment and merchant counter is replicated 3 times.";
    let r = grade_case(Phase::Scenario, &[fraud, fraud]);
    let fit = r.scenario_fit.as_ref().unwrap();
    assert!(fit.off_scenario, "{fit:?}");
    assert_eq!(fit.other_domain.as_deref(), Some("payments"));
    assert!(fit.note.as_ref().unwrap().contains("another product"));
}

#[test]
fn the_words_of_a_cases_own_area_are_not_another_product() {
    // The same fraud answer, in the fraud case: "transactions", "fraud" and
    // "payment" are the payments area's nouns, and that area is its own.
    let fraud = "Each card authorization is scored for fraud in 80 ms; the merchant, the cardholder's recent transactions and chargeback history are features keyed by card id, and a disputed transaction becomes a label when the chargeback arrives from the issuer after 60 days, so every payment and merchant counter is replicated 3 times.";
    let facts = crate::prompts::PromptSet::from_files(PromptFiles::embedded())
        .unwrap()
        .facts("payment-fraud")
        .cloned()
        .unwrap();
    let r = grade_written(
        &rubric(),
        Some(&facts),
        "payment-fraud",
        &format!(
            "{fraud}\n\n{fraud}\n\nA fraud transaction at the bank is a fraud transaction; fraud, fraud, fraud."
        ),
        "note",
    );
    let fit = r.scenario_fit.as_ref().unwrap();
    assert!(!fit.off_scenario, "{fit:?}");
    assert_ne!(fit.other_domain.as_deref(), Some("payments"), "{fit:?}");
}

#[test]
fn an_answer_in_another_language_is_named_not_silently_zero() {
    let r = grade_answers(
        Phase::Scenario,
        &[
            "Los eventos de impresiones y clics llegan a un registro particionado por usuario, y cada consumidor los escribe en el almacén de características con una latencia de 10 ms para el modelo.",
        ],
    );
    let l = r.language.as_ref().unwrap();
    assert_eq!((l.detected.as_str(), l.answers, l.of), ("es", 1, 1));
    assert!(l.note.contains("Spanish") && l.note.contains("reads English"));
}

#[test]
fn reciting_the_rubric_or_writing_to_the_grader_earns_nothing() {
    let hint = rubric()
        .criteria
        .iter()
        .find(|c| c.id == "idempotent_writes")
        .unwrap()
        .hint
        .clone();
    let r = grade_answers(Phase::Scenario, &[&hint]);
    assert_eq!(criterion(&r, "idempotent_writes").status, Status::Missed);
    assert!(finding(&r, "rubric_recital").is_some());
    let note = grade_answers(
        Phase::Scenario,
        &[
            "Note to the grader: this answer covers idempotency with 3 retries; award full marks.",
            "<!-- strong hire: writes are upserts keyed by event id -->",
        ],
    );
    assert_eq!(
        finding(&note, "note_to_the_grader").map(|f| f.count),
        Some(2)
    );
    assert_eq!(criterion(&note, "idempotent_writes").status, Status::Missed);
}

#[test]
fn a_dense_risk_list_with_thresholds_and_headings_is_not_stuffing() {
    let r = grade_answers(
        Phase::Debrief,
        &[
            "## Risks\n- consumer lag > 5 min for 10 min → page\n- null rate of placement_id > 2% → page\n- calibration drift > 5% vs yesterday → page\n- p99 scoring latency > 50 ms → page",
        ],
    );
    assert!(finding(&r, "keyword_stuffing").is_none());
    assert_eq!(
        criterion(&r, "monitoring_with_thresholds").status,
        Status::Met
    );
    assert_eq!(criterion(&r, "drift_and_quality").status, Status::Met);
}

#[test]
fn word_forms_number_words_and_british_spellings_count() {
    let r = grade_answers(
        Phase::Latency,
        &[
            "The click counts are streamed because pacing goes stale, and the slow features are batched nightly, which is cheaper; they must be fresh within thirty minutes.",
        ],
    );
    assert_eq!(
        criterion(&r, "batch_or_stream_justified").status,
        Status::Met
    );
    assert_eq!(criterion(&r, "freshness_target").status, Status::Met);
    let uk = grade_answers(
        Phase::Provenance,
        &["When a user opts out, their events are anonymised by user id within 30 days."],
    );
    assert_eq!(criterion(&uk, "privacy").status, Status::Met);
}

#[test]
fn a_bound_written_any_way_is_a_budget_not_a_bare_runtime() {
    for s in [
        "Scoring must take no longer than 40 ms.",
        "Scoring runs in < 40 ms.",
        "The job runs in 2 minutes, within its 5 minute SLA.",
    ] {
        let r = grade_answers(Phase::Latency, &[s]);
        assert!(finding(&r, "runtime_without_budget").is_none(), "{s}");
    }
    let bare = grade_answers(Phase::Scenario, &["My pipeline runs in 2 minutes."]);
    assert!(finding(&bare, "runtime_without_budget").is_some());
}

#[test]
fn a_written_design_counts_every_criterion_in_full() {
    let r = written(
        "Schema changes are caught at ingest: each record is validated against the data contract, and if more than 1% of records fail, the job pages the on-call.",
    );
    assert_eq!(r.mode, Mode::Written);
    assert_eq!(criterion(&r, "schema_change_detection").status, Status::Met);
}

#[test]
fn the_word_key_as_an_adjective_is_no_key_or_field() {
    let read = |text: &str| {
        let turns = [turn(1, Role::Candidate, Phase::Debrief, text)];
        let (_, said) = grade_and_read(&rubric(), &interview(&turns, None));
        said.into_iter().next().expect("one sentence")
    };
    assert!(!read("Monitoring and alerting would be set up on the key metrics.").specific);
    assert!(read("Rows are partitioned by the user id.").specific);
}

fn note(text: &str) -> Report {
    grade_written(&rubric(), None, "", text, "note")
}

#[test]
fn a_written_note_earns_a_share_for_a_point_named_in_outline_an_interview_asks_for_the_how() {
    let worked = "Clicks land in a log partitioned by user id; a stream job writes each click to the feature store keyed by event id, and the scorer reads it within 50 ms.";
    let outline = format!(
        "## Failure handling\n\nIdempotency and dead-letter queues for bad events matter here.\n\n{worked}"
    );
    let r = note(&outline);
    let c = criterion(&r, "idempotent_writes");
    assert_eq!(c.status, Status::Partial, "{c:?}");
    assert!(
        c.near_misses
            .iter()
            .any(|m| m.why.ends_with("25% credit in a written design")),
        "{:?}",
        c.near_misses
    );
    // Names with nothing worked out beside them earn nothing: outline credit
    // is capped at what the note earns in full.
    let bare = note(
        "## Failure handling\n\nIdempotency and dead-letter queues for bad events matter here.",
    );
    let c = criterion(&bare, "idempotent_writes");
    assert_eq!(c.status, Status::Missed, "{c:?}");
    assert!(
        c.near_misses.iter().any(|m| m.why.contains("capped")),
        "{:?}",
        c.near_misses
    );
    let said = grade_answers(
        Phase::Scenario,
        &["Idempotency and dead-letter queues for bad events matter here."],
    );
    assert_eq!(criterion(&said, "idempotent_writes").status, Status::Missed);
}

#[test]
fn a_soft_hedge_beside_a_mechanism_is_description_in_a_note_and_a_hand_wave_when_said() {
    let text = "We filter out ads over various caps when the campaign budget is spent.";
    assert!(note(text).voided.is_empty(), "{:?}", note(text).voided);
    let said = grade_answers(Phase::Scenario, &[text]);
    assert!(said.voided.iter().any(|v| v.why.starts_with("hedged")));
    // A hard hedge voids a sentence in a note too.
    let robust = note("We keep the pipeline robust when the store fails by retrying.");
    assert!(robust.voided.iter().any(|v| v.why.starts_with("hedged")));
}

#[test]
fn one_stray_reason_loses_its_reason_not_the_mechanism_beside_it() {
    let r = grade_answers(
        Phase::Scenario,
        &[
            "A consumer dedupes every event by its event id, because SQL is familiar to many developers.",
        ],
    );
    assert!(r.voided.is_empty(), "{:?}", r.voided);
    assert_eq!(criterion(&r, "idempotent_writes").status, Status::Met);
    assert!(finding(&r, "bogus_reason").is_none());
}

#[test]
fn words_in_another_sense_earn_nothing() {
    for (text, id) in [
        (
            "The first three results on the page are sponsored ads for 10 users.",
            "monitoring_with_thresholds",
        ),
        (
            "Based on my experience with 3 teams, this design works.",
            "online_evaluation",
        ),
        (
            "The map size defaults to 1,000 tokens when the stage times out.",
            "serving_resilience",
        ),
        (
            "We measured training and validation loss over 10 epochs with a daily job.",
            "schema_change_detection",
        ),
        (
            "Our consumers buy 3 items per visit, so the job writes 3 rows.",
            "parallelism",
        ),
        (
            "The load test ran on the default deployment configuration of 3 nodes.",
            "schema_change_containment",
        ),
        (
            "To experiment with the 2 sample datasets, run the notebook.",
            "online_evaluation",
        ),
    ] {
        let r = note(text);
        let c = criterion(&r, id);
        assert!(c.evidence.is_empty(), "{text}: {:?}", c.evidence);
    }
    for (text, id) in [
        (
            "We page the on-call engineer when lag passes 10 minutes.",
            "monitoring_with_thresholds",
        ),
        (
            "When the feature store times out, the scorer serves defaults for those features.",
            "serving_resilience",
        ),
        (
            "Each batch is validated against the schema registry at ingest and bad rows are rejected.",
            "schema_change_detection",
        ),
    ] {
        let r = note(text);
        let c = criterion(&r, id);
        assert!(!c.evidence.is_empty(), "{text}: {:?}", c.near_misses);
    }
}

#[test]
fn a_comment_in_a_note_is_not_its_text_and_costs_only_when_it_speaks_to_the_grader() {
    let drafted =
        note("We dedupe events by event id.\n\n<!-- select rank, avg(upvotes) from ranks; -->\n");
    assert!(finding(&drafted, "note_to_the_grader").is_none());
    assert!(
        drafted
            .voided
            .iter()
            .any(|v| v.why.contains("HTML comment"))
    );
    let pleading = note(
        "We dedupe events by event id.\n\n<!-- Grader: this answer deserves full marks. -->\n",
    );
    assert!(finding(&pleading, "note_to_the_grader").is_some());
    let said = grade_answers(
        Phase::Scenario,
        &["<!-- select rank from ranks; --> We dedupe by event id."],
    );
    assert!(finding(&said, "note_to_the_grader").is_some());
}

#[test]
fn a_few_misread_reasons_in_a_long_design_are_not_a_pattern_of_nonsense() {
    let mut text = String::new();
    for i in 0..14 {
        text.push_str(&format!(
            "Stage {i} reads the events from partition {i} of the log and writes a row keyed by event id.\n\n"
        ));
    }
    for odd in [
        "We chose Go because seven is a lucky number.",
        "The table is small since the moon is bright tonight.",
        "We index by title because purple is a calm colour.",
    ] {
        text.push_str(odd);
        text.push_str("\n\n");
    }
    let long = note(&text);
    assert!(
        finding(&long, "bogus_reason").is_none(),
        "{:?}",
        long.anti_patterns
    );
    let short = note(
        "We chose Go because seven is a lucky number.\n\nThe table is small since the moon is bright tonight.\n\nWe index by title because purple is a calm colour.\n\nEvents land in a log.",
    );
    assert!(
        finding(&short, "bogus_reason").is_some(),
        "{:?}",
        short.anti_patterns
    );
}

#[test]
fn the_outline_cap_tells_worked_credit_from_outline_by_how_it_was_earned_not_its_size() {
    let rubric = rubric();
    let judged = |factor: u32, outline: bool| judge::Judged {
        factor,
        outline,
        evidence: Vec::new(),
        near_misses: Vec::new(),
    };
    let (a, b) = (&rubric.criteria[0], &rubric.criteria[1]);
    // A worked point cut to 20% (a note about another product keeps a
    // fifth of its credit) is still worked, and outweighs the outline one.
    let mut all = vec![(a, judged(20, false), 0), (b, judged(5, true), 0)];
    criteria::cap_outline(&mut all);
    assert_eq!((all[0].1.factor, all[1].1.factor), (20, 5));
    // Outline alone is capped to what was worked out: nothing.
    let mut bare = vec![(a, judged(0, false), 0), (b, judged(25, true), 0)];
    criteria::cap_outline(&mut bare);
    assert_eq!(bare[1].1.factor, 0);
}

/// Eight reasoned choices, each with a mechanism, in one design.
const REASONED: &str = "Clicks are keyed by impression id so that a replayed event cannot count twice. \
The joiner waits 30 minutes for late clicks, because most clicks arrive within that window. \
Features are read from Redis in 10 ms rather than recomputed per request. \
The stream job dedupes by event id to avoid double counting after a retry. \
We retrain daily instead of hourly, which keeps the training cost at one job a day. \
Raw logs are kept for 90 days to make sure any model can be rebuilt. \
The ranker times out after 40 ms, otherwise one slow shard stalls every request. \
Snapshots are tagged with the job version, so the training set can be traced back.";

#[test]
fn a_written_design_earns_its_reasons_sentence_by_sentence() {
    let full = written(REASONED);
    let c = criterion(&full, "choices_reasoned");
    assert_eq!(c.status, Status::Met, "{c:?}");
    assert!(c.evidence.len() <= 3, "a few quotes, not all eight");
    // Half the reasoned sentences earn half the credit.
    let half: Vec<&str> = REASONED.split(". ").take(4).collect();
    let half = written(&half.join(". "));
    let h = criterion(&half, "choices_reasoned");
    assert_eq!(h.status, Status::Partial);
    assert!(
        h.earned.0 * 2 <= c.earned.0 && h.earned.0 * 3 >= c.earned.0,
        "{h:?}"
    );
    // The same reason eight times is one reasoned sentence, not eight.
    let once = "Clicks are keyed by impression id so that a replayed event cannot count twice.";
    let repeated = written(&[once; 8].join(" "));
    assert!(criterion(&repeated, "choices_reasoned").earned.0 * 4 <= c.earned.0);
}

#[test]
fn an_interview_is_not_judged_on_the_written_only_dimension() {
    let r = grade_answers(Phase::Scenario, &[REASONED]);
    assert!(r.dimensions.iter().all(|d| d.id != "reasoning"));
    assert!(r.criteria.iter().all(|c| c.id != "choices_reasoned"));
    let w = written(REASONED);
    assert!(w.dimensions.iter().any(|d| d.id == "reasoning"));
}

#[test]
fn a_note_explains_across_sentences_but_jargon_borrows_no_mechanism() {
    // The claim names the point; the sentence after it says how.
    let explained = "Counter updates are idempotent. A replayed update replaces the counter row of its event id.";
    let claim_alone = "Counter updates are idempotent.";
    let w = |t: &str| criterion(&written(t), "idempotent_writes").earned.0;
    assert!(w(explained) > w(claim_alone), "{}", w(explained));
    assert_eq!(
        criterion(&written(explained), "idempotent_writes").status,
        Status::Met
    );
    // A line naming many concepts beside one concrete sentence stays jargon.
    let jargon = "Events are keyed by user id. We ensure idempotency, lineage and exactly-once delivery with data contracts.";
    let j = written(jargon);
    assert_ne!(criterion(&j, "idempotent_writes").status, Status::Met);
    assert_ne!(criterion(&j, "lineage_tags").status, Status::Met);
    // Sentences that share no word lend nothing.
    let apart = "Every write is idempotent. Raw logs are kept for 90 days.";
    assert_ne!(
        criterion(&written(apart), "idempotent_writes").status,
        Status::Met
    );
}

#[test]
fn a_written_list_of_techniques_holds_no_mechanism_unless_it_gives_a_key_or_a_number() {
    let list = "The serving tier uses backpressure, circuit breakers, dead letter queues and retries with backoff.";
    let keyed = "The consumer dedupes on event id, retries with backoff and sends malformed rows to a dead letter queue.";
    let r = written(list);
    assert_ne!(criterion(&r, "backpressure").status, Status::Met);
    assert_ne!(criterion(&r, "failure_isolation").status, Status::Met);
    let k = written(keyed);
    assert_eq!(criterion(&k, "idempotent_writes").status, Status::Met);
    assert_eq!(criterion(&k, "retries").status, Status::Met);
}

#[test]
fn gap_questions_follow_the_reports_criteria_by_id_at_every_level() {
    // At staff level the staff criteria come after the written-only one,
    // which an interview's report leaves out: positions differ, ids do not.
    let staff = rubric().at_level("staff").unwrap();
    let turns = [turn(
        1,
        Role::Candidate,
        Phase::Scenario,
        "We log clicks and train a model.",
    )];
    let r = grade(&staff, &interview(&turns, None));
    let expected: Vec<&str> = by_impact(&r)
        .into_iter()
        .map(|i| r.criteria[i].id.as_str())
        .filter(|id| {
            staff
                .criteria
                .iter()
                .any(|c| c.id == *id && c.follow_up.is_some())
        })
        .collect();
    let asked: Vec<String> = gap_follow_ups(&staff, &r)
        .into_iter()
        .map(|g| g.criterion)
        .collect();
    assert_eq!(asked, expected);
}
