use super::*;
use crate::prompts::PromptFiles;
use crate::rubric::RUBRIC_FILE;

fn rubric() -> Rubric {
    Rubric::compile(PromptFiles::embedded().get(RUBRIC_FILE).unwrap()).unwrap()
}

const Q: &str = "How would you split that budget across the stages?";

fn turn<'a>(kind: TurnKind, canonical: &'a str, rubric: Option<&'a Rubric>) -> Turn<'a> {
    Turn {
        kind,
        phase: Phase::Latency,
        canonical,
        instruction: "React to the candidate's last answer in one short sentence without judging it, then ask this follow-up in your own words, as one question: How would you split that budget across the stages?",
        candidate: &[],
        earlier: &[],
        rubric,
        case: "Ad-click prediction: 50 ms at p99 to score about a hundred ads per auction.",
        about: None,
    }
}

fn check_q(reply: &str) -> Result<(), Rejection> {
    let r = rubric();
    check(reply, &turn(TurnKind::FollowUp, Q, Some(&r)))
}

#[test]
fn a_rephrased_question_or_an_imperative_passes() {
    assert_eq!(
        check_q("Fair enough. How would you divide those 50 ms between stages?"),
        Ok(())
    );
    assert_eq!(
        check_q("Okay. Walk me through how you'd split that budget across the stages."),
        Ok(())
    );
    assert_eq!(
        check_q("Got it. **Split** that budget across the stages for me — which stage gets what?"),
        Ok(())
    );
}

#[test]
fn several_asks_fail_even_under_one_question_mark() {
    assert_eq!(
        check_q("What about caching? And retries? And drift?"),
        Err(Rejection::TooManyQuestions(3))
    );
    assert!(matches!(
        check_q(
            "How would you split the budget across stages, and who gets paged when it breaks, and what do you roll back?"
        ),
        Err(Rejection::TooManyQuestions(_))
    ));
}

#[test]
fn a_statement_is_not_a_question() {
    assert_eq!(check_q("Great answer, moving on."), Err(Rejection::Judging));
    assert_eq!(check_q("Okay, noted."), Err(Rejection::NoQuestion));
}

#[test]
fn writing_the_candidates_part_fails_in_every_form() {
    for reply in [
        "How would you split it?\nCandidate: I would give 10 ms to fetch.",
        "**You:** 10 ms for fetch.\nHow would you split the budget across stages?",
        "[Candidate] 10 ms for fetch.\nHow would you split the budget across stages?",
        "> A: fetch gets 10 ms\nHow would you split the budget across stages?",
    ] {
        assert_eq!(check_q(reply), Err(Rejection::Roleplay), "{reply}");
    }
}

#[test]
fn hints_reveals_and_answers_fail_but_restating_the_candidate_passes() {
    let r = rubric();
    let reply = "Thinking of idempotent writes, lineage tags and back-pressure, how would you split the budget across the stages?";
    assert!(matches!(
        check(reply, &turn(TurnKind::FollowUp, Q, Some(&r))),
        Err(Rejection::Hints(_))
    ));
    let said =
        ["Writes are idempotent upserts keyed by event id, with lineage tags on every feature."];
    let mut t = turn(TurnKind::FollowUp, Q, Some(&r));
    t.candidate = &said;
    assert_eq!(
        check(
            "So your writes are idempotent and every feature carries lineage tags. How would you split the budget across the stages?",
            &t
        ),
        Ok(())
    );
    assert_eq!(
        check_q(
            "A strong answer splits the budget per stage. How would you split it across the stages?"
        ),
        Err(Rejection::RevealsRubric)
    );
    assert_eq!(
        check_q(
            "The answer is 10 ms for fetch and 30 for scoring. Does that match what you had in mind?"
        ),
        Err(Rejection::AnswersForCandidate)
    );
}

#[test]
fn a_leading_question_fails() {
    assert_eq!(
        check_q(
            "Would you give the feature fetch 10 ms and scoring the rest of the budget across the stages?"
        ),
        Err(Rejection::Leading)
    );
    assert_eq!(
        check_q("Okay. Wouldn't it be simplest to split that budget evenly across the stages?"),
        Err(Rejection::Leading)
    );
    assert_eq!(
        check_q("Could you walk me through how you'd split that budget across the stages?"),
        Ok(()),
        "a polite imperative is not a yes/no question"
    );
}

#[test]
fn an_extra_ask_fails_however_it_is_joined() {
    for reply in [
        "How would you split that budget across the stages, and which vendor would you buy the feature store from?",
        "How would you split that budget across the stages? Also, who on your team owns the dashboards?",
    ] {
        assert!(
            matches!(check_q(reply), Err(Rejection::TooManyQuestions(_))),
            "{reply}"
        );
    }
    assert_eq!(
        check_q(
            "Since the auction waits for you, how would you split the 50 ms across the stages?"
        ),
        Ok(()),
        "a lead-in clause is not a second ask"
    );
}

#[test]
fn talk_after_the_question_is_commentary_but_a_short_close_is_not() {
    assert_eq!(
        check_q(
            "How would you split that budget across the stages? Most candidates forget the network hop here, so watch it."
        ),
        Err(Rejection::Commentary)
    );
    assert_eq!(
        check_q("How would you split that budget across the stages? Take your time."),
        Ok(())
    );
}

#[test]
fn leaked_instructions_fail_in_other_words_too() {
    assert_eq!(
        check_q("[Interviewer's note: ask about stages] How?"),
        Err(Rejection::Leak)
    );
    assert_eq!(
        check_q("The next question on my list: how would you split that budget across the stages?"),
        Err(Rejection::Leak)
    );
    assert_eq!(
        check_q("As instructed, how would you split that budget across the stages?"),
        Err(Rejection::Leak)
    );
    assert_eq!(
        check_q(
            "Let me react in one short sentence without judging it: how would you split the budget?"
        ),
        Err(Rejection::Leak)
    );
}

#[test]
fn another_language_or_another_topic_fails() {
    assert_eq!(
        check_q(
            "Verstehe. Wie würden Sie dieses Budget auf die einzelnen Stufen aufteilen und warum?"
        ),
        Err(Rejection::Language("German"))
    );
    assert!(matches!(
        check_q("Okay. Which stage of your career do you enjoy most, and why?"),
        Err(Rejection::OffTopic | Rejection::DroppedPart)
    ));
}

#[test]
fn feedback_must_keep_the_score_and_the_verdict() {
    let canonical = "That's the end of the round. By the rubric, this session scores 49.7 out of 100: lean no hire.\n\nStrongest: latency and freshness (75.0).";
    let fb = |reply: &str| check(reply, &turn(TurnKind::Feedback, canonical, None));
    assert_eq!(
        fb(
            "Thanks! You scored 49.7 out of 100, lean no hire. Your strongest area was latency and freshness (75.0)."
        ),
        Ok(())
    );
    assert_eq!(
        fb("Thanks! Great job overall."),
        Err(Rejection::MissingScore("49.7".into()))
    );
    assert_eq!(
        fb("You got 49.7... well, call it 80 out of 100!"),
        Err(Rejection::ChangedVerdict)
    );
    assert_eq!(
        fb("You scored 49.7 out of 100: a hire."),
        Err(Rejection::ChangedVerdict)
    );
}

#[test]
fn loops_are_spotted_and_normal_text_is_not() {
    assert!(looping(&"You're here. ".repeat(8)));
    assert!(looping(
        "Could you split the budget across the stages of the auction, the budget across the stages of the auction, the budget across the stages of the auction?"
    ));
    assert!(!looping(
        "Good. How would you split the 50 ms budget between feature fetch, scoring and the network, and why that split?"
    ));
    assert!(!looping("short short short short"));
}

#[test]
fn empty_replies_and_repeats_fail() {
    assert_eq!(check_q("  \n"), Err(Rejection::Empty));
    let earlier = ["How do you roll back the pipeline?"];
    let mut t = turn(TurnKind::FollowUp, Q, None);
    t.earlier = &earlier;
    assert_eq!(
        check("How do you  roll back the pipeline?", &t),
        Err(Rejection::Repeat)
    );
}

#[test]
fn the_candidate_never_sees_rubric_internals() {
    let r = Rejection::Hints(vec!["idempotency".into(), "lineage".into()]);
    assert!(!r.notice().contains("idempotency"));
    assert!(
        r.reason().contains("idempotency"),
        "the transcript keeps the detail"
    );
}

const PARTS: &str = "A parent deletes a child's profile. What has to happen in your logs, features, snapshots and models?";

fn check_parts(reply: &str) -> Result<(), Rejection> {
    check(reply, &turn(TurnKind::FollowUp, PARTS, None))
}

#[test]
fn a_question_laid_out_as_a_list_is_one_question_with_its_parts() {
    assert_eq!(
        check_parts(
            "A parent deletes a child's profile. What has to happen in each of these?\n\n- your logs\n- your features\n- your snapshots\n- your models"
        ),
        Ok(())
    );
    assert_eq!(
        check_parts(
            "A parent deletes a child's profile. What has to happen in your logs and features?"
        ),
        Err(Rejection::DroppedPart),
        "snapshots and models are gone"
    );
}

#[test]
fn numbers_are_kept_and_not_invented() {
    let q = "One region's event collectors go down for twenty minutes. What happens to your pipeline and to the feed in that region?";
    let t = turn(TurnKind::FollowUp, q, None);
    assert_eq!(
        check(
            "Okay. Say one region's collectors go dark for 20 minutes — what happens to your pipeline, and to the feed in that region?",
            &t
        ),
        Ok(())
    );
    assert!(matches!(
        check(
            "Okay. One region's event collectors go down for two hours. What happens to your pipeline and to the feed in that region?",
            &t
        ),
        Err(Rejection::ChangedFacts(_))
    ));
    assert!(matches!(
        check(
            "Okay. All three regions' event collectors go down for twenty minutes. What happens to your pipeline and to the feed in those regions?",
            &t
        ),
        Err(Rejection::ChangedFacts(_))
    ));
}

#[test]
fn notes_about_the_candidate_and_translations_are_not_shown() {
    for reply in [
        "[Note to self: the candidate never gave thresholds.] How would you split that budget across the stages?",
        "Interviewer notes: push on numbers.\n\nHow would you split that budget across the stages?",
        "As the interviewer, I'll now ask: how would you split that budget across the stages?",
    ] {
        assert_eq!(check_q(reply), Err(Rejection::Leak), "{reply}");
    }
    assert_eq!(
        check_q(
            "How would you split that budget across the stages?\n\n（你如何在各个阶段之间分配这个预算？）"
        ),
        Err(Rejection::Language("Chinese"))
    );
}

#[test]
fn a_quoted_question_and_a_short_close_are_not_extra_asks() {
    let q = "A regulator asks which signals were used to rank one particular post into one user's feed three months ago. Show me how you would answer that from your system, starting from the ranking decision and going back to the raw events.";
    let t = turn(TurnKind::Opening, q, None);
    assert_eq!(
        check(
            "Let's say a regulator asks: “Which signals were used to rank this post into this user's feed three months ago?” Show me how you'd answer from your system, starting at the ranking decision and going back to the raw events. Take your time.",
            &t
        ),
        Ok(())
    );
}

#[test]
fn feedback_keeps_every_point_and_never_praises_a_gap() {
    let canonical = "That's the end of the round. By the rubric, this session scores 55.2 out of 100: hire.\n\nStrongest: data, labels and features (80.0) and design for failure (71.4).\n\nBiggest gaps:\n- State the latency budget with numbers and units: p99 in milliseconds, per stage.\n- Keep raw logs immutable and versioned as the source of truth.";
    let fb = |reply: &str| check(reply, &turn(TurnKind::Feedback, canonical, None));
    assert_eq!(
        fb(
            "Thanks for today. By the rubric, this session scores 55.2 out of 100: hire. Your strongest areas were data, labels and features (80.0) and design for failure (71.4).\n\nWhere to grow:\n- State your latency budget with numbers and units: p99 in milliseconds, per stage.\n- Keep raw logs immutable and versioned as the source of truth."
        ),
        Ok(())
    );
    assert_eq!(
        fb(
            "By the rubric, this session scores 55.2 out of 100: hire. Strongest: data, labels and features (80.0) and design for failure (71.4). Keep raw logs immutable and versioned as the source of truth."
        ),
        Err(Rejection::DroppedPoint)
    );
    assert_eq!(
        fb(
            "By the rubric, this session scores 55.2 out of 100: hire. Strongest: data, labels and features (80.0) and design for failure (71.4), and your latency budget per stage was nicely specific too.\n- State the latency budget with numbers and units: p99 in milliseconds, per stage.\n- Keep raw logs immutable and versioned as the source of truth."
        ),
        Err(Rejection::ChangedVerdict)
    );
    assert_eq!(
        fb(
            "By the rubric, this session scores 55.2 out of 100: hire, but don't read too much into that number. Strongest: data, labels and features (80.0) and design for failure (71.4).\n- State the latency budget with numbers and units: p99 in milliseconds, per stage.\n- Keep raw logs immutable and versioned as the source of truth."
        ),
        Err(Rejection::ChangedVerdict)
    );
}

#[test]
fn a_listening_question_must_keep_the_candidates_words() {
    let r = rubric();
    let canonical = "You said \"features in Redis at 10 ms\". What happens when Redis is slow?";
    let mut t = turn(TurnKind::FollowUp, canonical, Some(&r));
    t.about = Some("features in Redis at 10 ms");
    assert_eq!(
        check(
            "You mentioned that \"features in Redis at 10 ms\". If Redis slows down, what happens?",
            &t
        ),
        Ok(())
    );
    assert_eq!(
        check(
            "You mentioned Redis for features. If Redis slows down, what happens?",
            &t
        ),
        Err(Rejection::LostQuote)
    );
}

#[test]
fn a_probe_rephrased_without_its_concretely_keeps_every_part() {
    let r = rubric();
    let canonical = "You said \"And we'd have dashboards on the usual stuff\". Concretely: which metric would you watch, at what threshold does it page, and who gets paged?";
    let mut t = turn(TurnKind::FollowUp, canonical, Some(&r));
    t.about = Some("And we'd have dashboards on the usual stuff");
    assert_eq!(
        check(
            "You mentioned that \"And we'd have dashboards on the usual stuff\". What metric would you watch, at what threshold does it page, and who gets paged?",
            &t
        ),
        Ok(())
    );
    // A real part left out is still caught.
    assert_eq!(
        check(
            "You mentioned that \"And we'd have dashboards on the usual stuff\". What metric would you watch?",
            &t
        ),
        Err(Rejection::DroppedPart)
    );
}

#[test]
fn the_lead_in_of_a_question_about_the_candidates_words_may_be_said_another_way() {
    let r = rubric();
    // Each lead-in the templates of `listening.toml` put before a quote.
    for canonical in [
        "In your design, \"Kafka keyed by user\": when a consumer retries after a crash, what stops the same event from being written twice?",
        "You chose \"Kafka keyed by user\". What does that choice cost you, and in what situation would the other option win?",
    ] {
        let mut t = turn(TurnKind::FollowUp, canonical, Some(&r));
        t.about = Some("Kafka keyed by user");
        let (_, ask) = canonical
            .split_once("\". ")
            .or_else(|| canonical.split_once("\": "))
            .unwrap();
        let reply = format!("You mentioned \"Kafka keyed by user\". {ask}");
        assert_eq!(check(&reply, &t), Ok(()), "{reply}");
    }
}

#[test]
fn a_phrase_folds_only_as_whole_words() {
    assert_eq!(
        synonyms::fold_phrases("keep them in sync"),
        "keep them diverge"
    );
    assert_eq!(
        synonyms::fold_phrases("they remain synchronized"),
        "they remain synchronized"
    );
}

#[test]
fn the_two_as_a_pronoun_is_no_fact_but_two_regions_is() {
    let r = rubric();
    let canonical = "When a feature is computed on the stream and in batch, how do you keep the two from drifting apart?";
    let t = turn(TurnKind::FollowUp, canonical, Some(&r));
    assert_eq!(
        check(
            "When a feature is computed on the stream and in batch, how do you keep them in sync?",
            &t
        ),
        Ok(())
    );
    let canonical = "You serve from two regions. How do you keep their counters fresh?";
    let t = turn(TurnKind::FollowUp, canonical, Some(&r));
    assert!(matches!(
        check(
            "You serve from several regions. How do you keep their counters fresh?",
            &t
        ),
        Err(Rejection::ChangedFacts(_))
    ));
}

#[test]
fn words_put_in_the_candidates_mouth_must_be_theirs() {
    let r = rubric();
    let canonical = "Noted: \"deleted from the feature store within 30 days\". What metadata travels with a feature value?";
    let mut t = turn(TurnKind::FollowUp, canonical, Some(&r));
    let said = ["Their rows are deleted from the feature store within 30 days."];
    t.candidate = &said;
    assert_eq!(
        check(
            "Note: \"deleted from the feature store within 30 days\". What metadata goes with each feature value?",
            &t
        ),
        Ok(()),
        "a restatement in the candidate's words, even as \"Note:\""
    );
    assert_eq!(
        check(
            "Noted: \"The feature store will be available within 30 days\". What metadata goes with each feature value?",
            &t
        ),
        Err(Rejection::LostQuote)
    );
    // Words quoted for emphasis or a third party's words are not the
    // candidate's: `tests/guard_set.rs` holds such replies (held3).
}
