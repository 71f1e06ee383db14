//! Which language an answer is in, as far as its most common words tell. The
//! rubric reads English; an answer in another language earns nothing, and the
//! report says why instead of giving a silent zero.

use std::collections::BTreeMap;

use super::report::Language;

/// The commonest words of each language this recognises; a text in one of them
/// is mostly made of these.
const LANGUAGES: [(&str, &str, &[&str]); 6] = [
    (
        "en",
        "English",
        &[
            "the", "and", "of", "to", "is", "in", "for", "that", "we", "it", "on", "with", "as",
            "be", "by", "this", "are", "or", "from", "at", "an", "if", "each", "which", "would",
            "will", "our", "when", "not", "can", "a", "i", "so", "then", "into", "per", "every",
        ],
    ),
    (
        "es",
        "Spanish",
        &[
            "de", "la", "que", "el", "en", "y", "los", "del", "las", "por", "un", "para", "con",
            "una", "es", "se", "al", "lo", "como", "más", "cada", "si", "cuando", "pero", "sin",
        ],
    ),
    (
        "de",
        "German",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine",
            "auf", "für", "im", "es", "dem", "des", "wir", "wird", "jede", "jeder", "wenn", "nach",
            "sich", "auch", "werden", "oder",
        ],
    ),
    (
        "fr",
        "French",
        &[
            "le", "la", "les", "de", "des", "et", "est", "en", "un", "une", "du", "que", "pour",
            "dans", "qui", "sur", "pas", "nous", "au", "par", "chaque", "si", "avec", "aux", "ce",
        ],
    ),
    (
        "pt",
        "Portuguese",
        &[
            "de", "que", "o", "a", "os", "as", "do", "da", "dos", "das", "em", "um", "uma", "para",
            "com", "não", "por", "se", "mais", "cada", "quando", "no", "na",
        ],
    ),
    (
        "it",
        "Italian",
        &[
            "di", "che", "il", "la", "e", "per", "un", "una", "del", "della", "dei", "non", "con",
            "sono", "si", "gli", "le", "ogni", "quando", "nel", "nella",
        ],
    ),
];

/// Words below which a text is too short to judge.
const MIN_WORDS: usize = 8;

/// The language of a text when it is clearly not English: its code and name
/// (`unknown` when it is not English but none of the known ones either).
pub(super) fn not_english<'w>(
    text: &str,
    words: impl Iterator<Item = &'w str>,
) -> Option<(&'static str, &'static str)> {
    let (mut letters, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{17f}').contains(&c) {
            latin += 1;
        }
    }
    if letters == 0 {
        return None;
    }
    if latin * 2 < letters {
        return Some(("unknown", "a non-Latin script"));
    }
    let words: Vec<&str> = words.collect();
    if words.len() < MIN_WORDS {
        return None;
    }
    // Terse English (bullets of nouns and numbers) has few function words, so a
    // text counts as another language only when that language's own common
    // words are plentiful and clearly outnumber English ones.
    let share = |list: &[&str]| {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        words
            .iter()
            .filter(|w| sorted.binary_search(w).is_ok())
            .count()
            * 100
            / words.len()
    };
    let english = share(LANGUAGES[0].2);
    if english >= 15 {
        return None;
    }
    let best = LANGUAGES[1..]
        .iter()
        .map(|(code, name, list)| (share(list), *code, *name))
        .max_by_key(|(s, _, _)| *s);
    match best {
        Some((s, code, name)) if s >= 15 && s > english * 2 => Some((code, name)),
        _ => None,
    }
}

/// A language's name from its code.
fn language_name(code: &str) -> &'static str {
    match code {
        "es" => "Spanish",
        "de" => "German",
        "fr" => "French",
        "pt" => "Portuguese",
        "it" => "Italian",
        _ => "a language other than English",
    }
}

/// The note on answers written in another language, when any are.
pub(super) fn language_note(
    foreign: &BTreeMap<usize, &'static str>,
    of: usize,
) -> Option<Language> {
    if foreign.is_empty() {
        return None;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for code in foreign.values() {
        *counts.entry(code).or_default() += 1;
    }
    let detected = counts
        .iter()
        .max_by_key(|(code, n)| (**n, std::cmp::Reverse(**code)))
        .map_or("unknown", |(c, _)| *c);
    let answers = foreign.len();
    Some(Language {
        detected: detected.to_string(),
        answers,
        of,
        note: format!(
            "{answers} of {of} answers appear to be in {}. The rubric reads English, so they earned no credit; answer in English to be graded.",
            language_name(detected)
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::text::tokens_of;

    fn not_english(text: &str) -> Option<(&'static str, &'static str)> {
        let words = tokens_of(text);
        super::not_english(text, words.iter().map(String::as_str))
    }

    #[test]
    fn english_with_jargon_and_numbers_is_english() {
        assert_eq!(
            not_english(
                "Events land in a log partitioned by user id, with 3 replicas and a 50 ms p99."
            ),
            None
        );
        assert_eq!(
            not_english("Kafka, Flink, Redis: 50 ms p99."),
            None,
            "too short to judge"
        );
        assert_eq!(
            not_english(
                "- player events (30 s heartbeats) → edge dedup → regional log (profile_id, RF3) → hourly write-once lake"
            ),
            None,
            "terse English bullets are English"
        );
    }

    #[test]
    fn other_languages_are_named() {
        assert_eq!(
            not_english(
                "Los eventos llegan a un registro particionado por usuario y cada consumidor los procesa en orden para el modelo."
            ),
            Some(("es", "Spanish"))
        );
        assert_eq!(
            not_english(
                "Die Ereignisse werden nach Nutzer partitioniert und jeder Verbraucher schreibt sie in den Speicher für das Modell."
            ),
            Some(("de", "German"))
        );
        assert_eq!(
            not_english(
                "Les événements arrivent dans un journal partitionné par utilisateur et chaque consommateur les écrit dans le magasin."
            ),
            Some(("fr", "French"))
        );
        assert_eq!(
            not_english("事件按用户分区写入日志，每个消费者按顺序处理。"),
            Some(("unknown", "a non-Latin script"))
        );
    }
}
