//! What a text is about, as word stems: the measure behind "on topic",
//! "one of the question's parts" and "a repeat of an earlier question".

use std::collections::BTreeSet;

use super::synonyms;
use crate::text::{Stemmer, tokens_of};

/// Words too common to show what a question is about.
const COMMON: &str = "\
    about after also and because before could does each from have into just like \
    that their them then there this what when which would your you with where how \
    will should over they these those make made want been were between across within \
    without through during while still here some much more most other only than such \
    very really anything something the for are was has had can not but all any our \
    out its why who may did get got let way yet via per too off might must shall \
    cannot";

/// True when `word` is one of the space-separated `words`.
fn is_in(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w == word)
}

/// Words an interviewer uses to hand over a question, which say nothing of
/// what it is about.
const STOCK: &str = "\
    okay thanks thank understood right next move turn switch shift sure alright \
    noted clear fair walk tell talk explain describe question follow let's say \
    suppose imagine assume think mean exactly specifically actually concretely \
    briefly now see take one";

/// The stems of a text's content words: numbers, and words of three letters
/// or more that are not common (`ttl`, `sla` and `ctr` are content) and not
/// contractions.
pub(super) fn content_stems(text: &str) -> BTreeSet<String> {
    let stemmer = Stemmer::new();
    tokens_of(&synonyms::fold_phrases(text))
        .into_iter()
        .filter_map(|w| {
            // A possessive keeps its noun ("child's"); any other word with an
            // apostrophe is a contraction of function words ("I'd", "we're").
            let w = match w.strip_suffix("'s") {
                Some(noun) => noun.to_string(),
                None if w.contains('\'') => return None,
                None => w,
            };
            let content = w.chars().all(|c| c.is_ascii_digit())
                || (w.chars().count() >= 3 && !is_in(COMMON, &w));
            if !content {
                return None;
            }
            let stem = stemmer.stem(&w);
            // Stock words stay themselves, so that they are left out of asks.
            Some(if is_in(STOCK, &w) {
                stem
            } else {
                synonyms::canonical(stem)
            })
        })
        .collect()
}

/// The words of `text` whose stems are not `known`, in order, sentence by
/// sentence: what a reply adds of its own.
pub(super) fn novel_text(text: &str, known: &BTreeSet<String>) -> String {
    crate::text::sentence_spans(text)
        .into_iter()
        .map(|s| {
            let sentence = &text[s.span];
            let kept: Vec<String> = tokens_of(sentence)
                .into_iter()
                .filter(|w| {
                    let stems = content_stems(w);
                    stems.is_empty() || !stems.iter().all(|s| known.contains(s))
                })
                .collect();
            format!("{}.", kept.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The content words of an ask, less the stock words of handing one over.
pub(super) fn words_of(ask: &str) -> Vec<String> {
    let stemmer = Stemmer::new();
    let stock: BTreeSet<String> = STOCK.split_whitespace().map(|w| stemmer.stem(w)).collect();
    content_stems(ask)
        .into_iter()
        .filter(|w| !stock.contains(w))
        .collect()
}

/// True when at least `share` percent of a text's content words are known,
/// and two of them if it has more than three: one shared word in a long ask
/// does not make it about the question.
pub(super) fn grounded(text: &str, known: &BTreeSet<String>, share: usize) -> bool {
    let words = words_of(text);
    let hits = words.iter().filter(|w| known.contains(*w)).count();
    hits * 100 >= words.len() * share && (hits >= 2 || words.len() <= 3)
}

/// The share (percent) of `b`'s content words that `a` has too.
pub(super) fn similar(a: &str, b: &str) -> usize {
    let (x, y) = (content_stems(a), content_stems(b));
    if y.is_empty() {
        return 0;
    }
    x.intersection(&y).count() * 100 / y.len()
}

/// A reply as plain prose: no Markdown emphasis or code marks, and straight
/// apostrophes.
pub(super) fn plain(text: &str) -> String {
    text.replace("**", "")
        .replace("__", "")
        .replace(['*', '`'], "")
        .replace(['’', '‘'], "'")
}

/// A question turn as prose: a question quoted inside a sentence no longer a
/// question of its own, and a bulleted or numbered list folded into the
/// sentence that introduces it ("Tell me:\n- what breaks,\n- how you notice"
/// reads as "Tell me: what breaks, how you notice.").
pub(super) fn prose(text: &str) -> String {
    unlist(&unquote(text))
}

/// Question marks inside quotation marks become full stops: a quoted
/// question ("a regulator asks: “Which signals…?”") is not the reply's own.
fn unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for c in text.chars() {
        match c {
            '“' => open = true,
            '”' => open = false,
            '"' => open = !open,
            '?' if open => {
                out.push('.');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A list item: `- x`, `* x`, `• x`, `1. x`, `2) x`.
fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '•']) {
        return rest.starts_with(' ').then(|| rest.trim());
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then(|| rest[2..].trim())
}

/// Folds each list into the line before it: items joined with commas, the
/// whole ended with a question mark when every item is a wh-question.
fn unlist(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut items: Vec<&str> = Vec::new();
    let flush = |lines: &mut Vec<String>, items: &mut Vec<&str>| {
        if items.is_empty() {
            return;
        }
        let asks = items.iter().all(|i| {
            let first = i
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_lowercase();
            matches!(
                first.trim_end_matches("'s"),
                "what" | "who" | "how" | "which" | "why" | "when" | "where"
            )
        });
        let joined = items
            .iter()
            .map(|i| i.trim_end_matches(['.', ',', ';', '?']))
            .collect::<Vec<_>>()
            .join(", ");
        // Blank lines between the question and its list do not part them.
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        match lines.last_mut() {
            // "What happens to it in each of these?" and the items: one question.
            Some(last) if last.trim_end().ends_with('?') => {
                let kept = last.trim_end().trim_end_matches('?').to_string();
                *last = format!("{kept}: {joined}?");
            }
            Some(last) => {
                last.push(' ');
                last.push_str(&joined);
                last.push(if asks { '?' } else { '.' });
            }
            None => lines.push(format!("{joined}{}", if asks { '?' } else { '.' })),
        }
        items.clear();
    };
    for line in text.lines() {
        match list_item(line) {
            Some(item) if !item.is_empty() => items.push(item),
            _ => {
                flush(&mut lines, &mut items);
                lines.push(line.to_string());
            }
        }
    }
    flush(&mut lines, &mut items);
    lines.join("\n")
}

/// The language of a reply written (even in part) in a non-Latin script:
/// a translation appended under an English question is still not English.
pub(super) fn foreign_script(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; 8];
    let names = [
        "Chinese", "Japanese", "Korean", "Russian", "Arabic", "Hebrew", "Hindi", "Thai",
    ];
    for c in text.chars() {
        let i = match c {
            '\u{3040}'..='\u{30ff}' => 1,
            '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => 0,
            '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}' => 2,
            '\u{0400}'..='\u{04ff}' => 3,
            '\u{0600}'..='\u{06ff}' => 4,
            '\u{0590}'..='\u{05ff}' => 5,
            '\u{0900}'..='\u{097f}' => 6,
            '\u{0e00}'..='\u{0e7f}' => 7,
            _ => continue,
        };
        counts[i] += 1;
    }
    // Kana with kanji is Japanese, whatever the kanji count.
    if counts[1] >= FOREIGN_LETTERS {
        return Some(names[1]);
    }
    let (i, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (*n >= FOREIGN_LETTERS).then_some(names[i])
}

/// Letters of another script that make a reply not English (a stray symbol
/// is not a language).
const FOREIGN_LETTERS: usize = 4;
