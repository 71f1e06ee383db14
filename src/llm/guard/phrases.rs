//! What a reply may not say, as patterns: speaking as the candidate, judging
//! the answer, telling what a strong answer holds, answering for the
//! candidate, its instructions spoken aloud, and leading questions.

use std::sync::LazyLock;

use regex::Regex;

/// A line that speaks as someone: `Candidate:`, `**You:**`, `[Candidate]`,
/// `> A:`, `Me (candidate):`, `Interviewee —`.
pub(super) static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?im)(?:^|[.!?…"”]\s+)[\s>#*_\-]*[\[(]?\s*(candidate|interviewee|you|me|user|human|answer|a|q|response|applicant)\s*(?:\([^)\n]{0,20}\))?[\s*_]*(?:[\]:)]|\s[—–-]\s|[—–]\s)"#,
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Praise or a verdict on the answer.
pub(super) static JUDGING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(brilliant|excellent|fantastic|outstanding|impressive|superb|perfect(ly)?|spot on|nailed|exactly right|that'?s (exactly )?(right|correct)|you'?re (clearly|obviously) |(very |really |quite )?well[- ](reasoned|thought[- ]out|thought through|argued|structured|considered|explained)|thoughtful|insightful|thorough|love how|\b(sounds|looks|seems) (right|good|great|solid|correct|reasonable|sensible|spot on|about right|like the right)\b|\b(good|nice|great|sharp) (catch|call|point|instinct|observation)|that'?s (a |an )?(really |very |quite |pretty )?(reasonable|sensible|solid|clean|neat|smart|clever)|great (answer|job|point|thinking|work)|well done|love (that|this)|textbook|senior engineers do|you'?re right|absolutely right|correct[.!]|you (clearly|obviously|really) (know|understand|get)|\b(that'?s|this is|what) an? (really |very )?(right|correct|strong|good|great|solid|smart|clever|nice|excellent|sensible|elegant|wrong|weak|poor|bad) |\b(right|correct|strong|solid|smart|clever|excellent|sensible|elegant|wrong|weak|poor)\s+(design|approach|answer|idea|call|choice|solution|thinking|plan|instinct)\b|\b(good|great|nice) (design|approach|answer|idea|call|choice|solution|thinking|plan|instinct)\b)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Praise as the first word: "Great!", "Nice, …", "Perfect —".
pub(super) static PRAISE_OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:(?:okay|ok|thanks|right)[,.!]?\s+)?(great|nice|good|excellent|perfect|awesome|brilliant|fantastic|wonderful|superb|lovely|impressive|amazing|solid|neat|cool|sweet)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Saying that the candidate's design works: "…avoids skew", "that solves it".
pub(super) static VOUCHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(avoids|prevents|solves|eliminates|guarantees|rules out|takes care of)\b|\b(that|this|which) (works|handles it|covers it|should work)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A guess at the candidate's design, anywhere in a reply: "you'll
/// presumably hold impressions in a windowed join".
pub(super) static GUESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(presumably|probably|likely|perhaps|maybe|i assume|i imagine|i guess|i'?d guess|i suspect|i bet|i take it)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An example inside what a question asks, which hands over an answer:
/// "…without breaking reproducibility, say by recording deletions?" (an
/// example in a sentence that sets the scene is fine).
pub(super) static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(for example|for instance|e\.g\.|such as)\b|,\s*say\b|\bsay,? by\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Telling what a good answer contains.
pub(super) static REVEAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(a (strong|good|great|complete|senior) (answer|response|candidate)|strong candidates|top candidates|best candidates|i'?m looking for|i am looking for|i'?d expect you to (mention|cover|say|talk)|make sure (to|you) (cover|mention)|you should (mention|cover)|ideally,? you'?d (mention|cover|say)|bonus points|points for|\b(full|extra|more|top|bonus) (marks|credit)\b|marks for|the rubric|what i'?m after is|key things to (cover|mention)|should (cover|include|mention) (things like )?|\b(you'?re|you are|you'?ll be|you will be|being|gets?|are|is) (scored|graded|marked|judged|assessed|evaluated)\b|\bwe (grade|score|mark|assess)\b|\b(scoring|grading|marking) (dimension|criteri|point|scheme)|\b(most|extra|full|more|lose|losing|the|get|earn|earns) (of the )?([a-z-]+ )?points\b|\bdimensions? (you'?re|you are|we))",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The interviewer asking the candidate for the case's own details: "Could
/// you provide me with more details about the show?".
pub(super) static ROLE_SWAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(provide|give|share|send)( me| us)?( with)? (more |some |any |further |additional )?(details|information|context|specifics|data) (about|on|regarding|of)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An answer of the interviewer's own.
pub(super) static ANSWERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(^|[.!?]\s+|\n)\s*(answer:|the answer is|the solution is|here'?s (how|what) (i|you|we)|one (good )?approach (is|would be)|the right (approach|answer) is|the trick is|what you (want|need) is|i would (use|join|store|key|partition|retry|dedupe|run|roll)|i'?d (use|join|store|key|partition|retry|dedupe|run|roll|start))|does that match what you had in mind|is that (roughly )?what you (had in mind|meant)|(?:^|[.!?]\s+)first,? (you|we) (drop|cut|add|use)|\b(the|an|one) (obvious|natural|standard|usual|simplest|easy|easiest|best|right|common) (first )?(move|step|answer|choice|fix|approach|option|thing to do|way) (is|would be|here is)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// An instruction to the model spoken aloud, or its own notes and reasoning
/// about the candidate ("Note to self: …", "the candidate never gave…").
pub(super) static LEAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)(interviewer'?s note|\[interviewer|\(system|^\s*system\s*:|as instructed|my (note|instructions?|prompt)|i (was|am|have been|'ve been|'m) (told|asked|instructed) to|i'?m supposed to|the canonical|canonical question|prepared question|rephrase|in my own words|keep(ing)? every (fact|number)|without judging|one short sentence|as one question|the prompt says|per (my|the) instructions|\b(on|from|in) my (list|script|notes|sheet)\b|\bmy (script|question list|list of (questions|follow-ups))\b|note to self|^\W*(interviewer'?s? )?(notes?|thoughts?|thinking|reasoning|analysis|plan|internal)\s*:|\bas (the|your|an) interviewer\b|\b(scenario|latency|schema[- ]change|provenance|debrief) (probe|phase)\b|\bthe candidate (has|hasn't|has not|covered|mentioned|said|gave|didn't|did not|never|is|was|missed|seems|answered|wants|needs|forgot|should|skipped|ignored)\b|\b(candidate|they) (hasn't|has not|never|didn't|did not) (mentioned?|covered?|given|gave|said|addressed)\b|\bi should (now )?(close|ask|probe|move|push|follow|turn|switch)\b|\b(push|probe) (on|here|harder)\b)",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A question that presumes its answer: "Wouldn't you…", "Isn't it…".
pub(super) static NEGATIVE_ASK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(wouldn'?t|shouldn'?t|isn'?t|aren'?t|doesn'?t|don'?t|couldn'?t|can'?t|won'?t|didn'?t)\s+(you|it|that|this|a|an|the|we|they|there|your)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// A premise in a question that hands over a mechanism: "If you tagged each
/// row with the client version, how…", "Beyond a content-based source, how…".
pub(super) static PREMISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(beyond|besides|apart from|aside from|in addition to)\b|\b(if|assuming|given that|once) (you|we) (already |just )?(\w+ed|kept|built|ran|wrote|put|used|stored|logged|added|split|keyed|sent|made)\b",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});
