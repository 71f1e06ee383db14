//! Words that rephrasing swaps for each other. A model asked to put "How do
//! you roll back, and what triggers it?" in its own words writes "how do you
//! revert, and what conditions lead to it?"; measured by shared words alone,
//! that would be another question. Each group below counts as one word when
//! the guard compares a reply with the prepared question. Collected from the
//! paraphrases real small models write (`interviewer eval --json`).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::Stemmer;

/// Multi-word phrases read as one word first: (phrase, the word it stands for).
pub(super) const PHRASES: &[(&str, &str)] = &[
    ("roll back", "revert"),
    ("rolls back", "revert"),
    ("rolled back", "revert"),
    ("rolling back", "revert"),
    ("roll it back", "revert"),
    ("roll them back", "revert"),
    ("drifting apart", "diverge"),
    ("drift apart", "diverge"),
    ("drifts apart", "diverge"),
    ("in sync", "diverge"),
    ("fall behind", "lag"),
    ("falls behind", "lag"),
    ("fell behind", "lag"),
    ("falling behind", "lag"),
    ("find out", "detect"),
    ("found out", "detect"),
    ("go wrong", "break"),
    ("makes things worse", "worsen"),
    ("make things worse", "worsen"),
    ("made things worse", "worsen"),
    ("new issues", "worsen"),
    ("new problems", "worsen"),
    ("causes problems", "worsen"),
    ("goes wrong", "break"),
    ("training set", "dataset"),
    ("training sets", "dataset"),
    ("training data", "dataset"),
    ("data set", "dataset"),
    ("up to date", "fresh"),
    ("up-to-date", "fresh"),
    ("real time", "stream"),
    ("real-time", "stream"),
    ("roll out", "ship"),
    ("rolls out", "ship"),
    ("go out", "ship"),
    ("a hundred", "100"),
    ("one hundred", "100"),
    ("end to end", "endtoend"),
    ("end-to-end", "endtoend"),
];

/// Groups of words that stand for one another; the first names the group.
const GROUPS: &[&[&str]] = &[
    &[
        "rebuild",
        "recreate",
        "reconstruct",
        "reproduce",
        "regenerate",
        "recover",
    ],
    &["keep", "preserve", "retain", "store", "save", "hold"],
    &["revert", "undo", "restore", "rollback"],
    &[
        "trigger",
        "condition",
        "cause",
        "prompt",
        "criterion",
        "criteria",
        "threshold",
    ],
    &["protect", "safeguard", "shield", "guard", "insulate"],
    &["lag", "delay", "slow", "behind"],
    &["spike", "surge", "burst", "peak"],
    &["downstream", "subsequent"],
    &[
        "split",
        "allocate",
        "divide",
        "distribute",
        "apportion",
        "spend",
    ],
    &[
        "decide",
        "decision",
        "determine",
        "choose",
        "choice",
        "drive",
        "dictate",
    ],
    &["happen", "occur", "arise", "affect", "impact"],
    &["detect", "notice", "identify", "spot", "discover", "catch"],
    &["break", "fail", "failure", "issue", "problem"],
    &[
        "old", "previous", "earlier", "prior", "older", "former", "past", "last",
    ],
    &["label", "target"],
    &["fresh", "fresher", "recent", "current", "updated"],
    &["stage", "step", "phase", "component"],
    &["data", "information", "record", "records"],
    &["signal", "feature", "attribute"],
    &["withdraw", "revoke", "retract"],
    &["delete", "remove", "erase", "purge", "wipe"],
    &["show", "demonstrate"],
    &["trace", "track", "follow"],
    &["ship", "deploy", "release", "launch"],
    &["contain", "limit", "mitigate", "minimise", "minimize"],
    &["alert", "page", "notify", "alarm", "warn"],
    &["worry", "concern"],
    &["risk", "threat", "danger"],
    &["fix", "repair", "resolve", "correct", "remedy"],
    &["user", "customer", "person", "people"],
    &["design", "architecture", "system"],
    &["pipeline", "flow"],
    &["quick", "fast", "rapid", "soon", "quickly"],
    &["miss", "exceed", "overrun", "blow"],
    &["join", "match", "link", "connect", "associate"],
    &["arrive", "land", "come"],
    &["mix", "combine", "blend", "merge"],
    &["skew", "bias", "drift"],
    &[
        "diverge",
        "synchronize",
        "synchronized",
        "sync",
        "consistent",
        "aligned",
    ],
    &["prevent", "stop", "avoid", "block"],
    &["duplicate", "twice", "duplicated"],
    &["write", "written", "wrote", "writes"],
    &["stream", "streaming"],
    &["batch", "nightly"],
    &["expire", "lapse", "end"],
    &["model", "ranker", "scorer"],
    &["dataset", "corpus"],
];

/// Stem → the stem that names its group.
static CANON: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let stemmer = Stemmer::new();
    let mut map = HashMap::new();
    for group in GROUPS {
        let head = stemmer.stem(group[0]);
        for w in group.iter() {
            map.entry(stemmer.stem(w)).or_insert_with(|| head.clone());
        }
    }
    map
});

/// The stem that stands for `stem` and its synonyms.
pub(super) fn canonical(stem: String) -> String {
    CANON.get(&stem).cloned().unwrap_or(stem)
}

/// Every phrase of [`PHRASES`] as whole words, longest first.
static PHRASE: LazyLock<regex::Regex> = LazyLock::new(|| {
    let mut phrases: Vec<&str> = PHRASES.iter().map(|(p, _)| *p).collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let alternatives: Vec<String> = phrases.iter().map(|p| regex::escape(p)).collect();
    regex::Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|")))
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// `text` with each multi-word phrase of [`PHRASES`] replaced by its word,
/// where it stands as whole words ("in sync", not the "in sync" inside
/// "remain synchronized").
pub(super) fn fold_phrases(text: &str) -> String {
    PHRASE
        .replace_all(&text.to_lowercase(), |c: &regex::Captures<'_>| {
            PHRASES
                .iter()
                .find(|(p, _)| *p == &c[0])
                .map_or(&c[0], |(_, w)| *w)
                .to_string()
        })
        .into_owned()
}
