//! Sentences and words, with byte spans back into the original text.
//!
//! Words are runs of letters and digits. An apostrophe inside a word is kept
//! (`don't`), and so are `.` and `,` between digits (`99.9`, `1,000`); hyphens,
//! slashes and all other punctuation separate words, so `back-pressure` is two
//! words and matches the phrase "back pressure". Everything is lowercased.

use std::ops::Range;

/// One word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lowercased, with typographic apostrophes folded to `'`.
    pub text: String,
    /// Byte range in the text the sentence came from.
    pub span: Range<usize>,
    /// A comma, semicolon or colon directly follows the word; it ends a negation's reach.
    pub comma_after: bool,
}

/// One sentence of a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the turn's text, without surrounding whitespace.
    pub span: Range<usize>,
    pub tokens: Vec<Token>,
    /// Ends with a question mark.
    pub question: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Where a word is, without its text: for readers that intern words as they
/// come ([`each_word`]) instead of keeping a string per word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// A comma, semicolon or colon directly follows the word.
    pub comma_after: bool,
}

/// A sentence's place: its byte range (without surrounding whitespace) and
/// whether it ends with a question mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    pub span: Range<usize>,
    pub question: bool,
}

/// The sentences of a text, as places. Splits at `.`, `!` and `?` followed by
/// white space or the end, and at line breaks. A `.` between digits (99.9) does
/// not end a sentence. A `;` does not either: "X streams because…; Y stays batch
/// because…" is one thought. Stretches with no word in them are left out.
pub fn sentence_spans(text: &str) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |range: Range<usize>, out: &mut Vec<SentenceSpan>| {
        let slice = &text[range.clone()];
        let from = range.start + (slice.len() - slice.trim_start().len());
        let to = range.start + slice.trim_end().len();
        if from < to && text[from..to].chars().any(is_word_char) {
            out.push(SentenceSpan {
                span: from..to,
                question: text[from..to].ends_with('?'),
            });
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        // The terminators are ASCII, so a byte scan finds them; what follows
        // is read as a character only when it matters.
        let ends = match b {
            b'\n' => true,
            b'.' => {
                text[i + 1..].chars().next().is_none_or(char::is_whitespace)
                    && !abbreviated(&text[start..i])
            }
            b'!' | b'?' => text[i + 1..].chars().next().is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends {
            push(start..i + 1, &mut out);
            start = i + 1;
        }
    }
    push(start..text.len(), &mut out);
    out
}

/// Abbreviations whose stop ends no sentence: "(e.g. the collaborative
/// model)" is one sentence with what follows.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "eg", "i.e", "ie", "vs", "cf", "approx", "incl", "esp", "resp", "viz", "al", "fig",
];

/// Whether `before` (a sentence so far, up to a stop) ends on an abbreviation.
fn abbreviated(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '[')
        .next()
        .unwrap_or("");
    ABBREVIATIONS.iter().any(|a| last.eq_ignore_ascii_case(a))
}

/// Splits a text into sentences with their words (see [`sentence_spans`]).
pub fn sentences(text: &str) -> Vec<Sentence> {
    sentence_spans(text)
        .into_iter()
        .map(|s| Sentence {
            tokens: tokenize(text, s.span.clone()),
            span: s.span,
            question: s.question,
        })
        .collect()
}

/// Calls `each` with every word of `text[range]`, lowercased (in one reused
/// buffer, so nothing is allocated per word), and its place in `text`.
pub fn each_word(text: &str, range: Range<usize>, mut each: impl FnMut(&str, Place)) {
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    let mut word = String::with_capacity(32);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let Some(c) = slice[i..].chars().next() else {
            break;
        };
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        word.clear();
        let (end, comma_after) = word_at(slice, i, &mut word);
        each(
            &word,
            Place {
                span: range.start + i..range.start + end,
                comma_after,
            },
        );
        i = end.max(i + 1);
    }
}

/// The words of `text[range]`, with spans relative to `text`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut tokens = Vec::new();
    each_word(text, range, |w, place| {
        tokens.push(Token {
            text: w.to_string(),
            span: place.span,
            comma_after: place.comma_after,
        });
    });
    tokens
}

/// Reads the word starting at byte `begin` of `slice` into `word`, lowercased;
/// returns where it ends and whether a comma, semicolon or colon follows it.
/// ASCII runs are copied in one go; the rest goes character by character.
fn word_at(slice: &str, begin: usize, word: &mut String) -> (usize, bool) {
    let bytes = slice.as_bytes();
    let mut i = begin;
    let mut prev: Option<char> = None;
    loop {
        let run_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i > run_start {
            word.extend(
                bytes[run_start..i]
                    .iter()
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
            prev = Some(char::from(bytes[i - 1]));
        }
        let Some(c) = slice[i..].chars().next() else {
            return (i, false);
        };
        let next = slice[i + c.len_utf8()..].chars().next();
        let joins_digits = matches!(c, '.' | ',')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        let joins_letters = matches!(c, '\'' | '’')
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(char::is_alphanumeric);
        if c.is_ascii_alphanumeric() {
            continue;
        } else if is_word_char(c) {
            word.extend(c.to_lowercase());
        } else if joins_letters {
            word.push('\'');
        } else if joins_digits {
            word.push(c);
        } else {
            return (i, matches!(c, ',' | ';' | ':'));
        }
        prev = Some(c);
        i += c.len_utf8();
    }
}

/// The lowercased words of a phrase, as the rubric compiler needs them.
pub fn tokens_of(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0..phrase.len())
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// `n` and the noun, singular or plural: `1 session`, `3 sessions`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions and
/// swaps of neighbours each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A title inside a sentence: lowercased, except a leading acronym ("CAPE
/// per stage" stays, "Design for failure" becomes "design for failure").
pub fn in_sentence(title: &str) -> String {
    let mut words = title.split(' ');
    let first = words.next().unwrap_or_default();
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    let first = if acronym {
        first.to_string()
    } else {
        first.to_lowercase()
    };
    std::iter::once(first)
        .chain(words.map(str::to_lowercase))
        .collect::<Vec<_>>()
        .join(" ")
}

/// English Snowball stemming, for concepts that opt in.
pub struct Stemmer(rust_stemmers::Stemmer);

impl Stemmer {
    pub fn new() -> Self {
        Stemmer(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::English,
        ))
    }

    pub fn stem(&self, word: &str) -> String {
        self.0.stem(word).into_owned()
    }

    pub fn stem_all(&self, words: &[String]) -> Vec<String> {
        words.iter().map(|w| self.stem(w)).collect()
    }
}

impl Default for Stemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(English)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokens_of(s)
    }

    #[test]
    fn hyphens_and_slashes_split_words() {
        assert_eq!(
            words("back-pressure / exactly-once"),
            ["back", "pressure", "exactly", "once"]
        );
    }

    #[test]
    fn apostrophes_and_decimals_stay_inside_words() {
        assert_eq!(
            words("We don’t need 99.9% or 1,000 QPS."),
            ["we", "don't", "need", "99.9", "or", "1,000", "qps"]
        );
    }

    #[test]
    fn spans_point_back_into_the_text() {
        let text = "Retries, then Upserts";
        let t = tokenize(text, 0..text.len());
        assert_eq!(&text[t[2].span.clone()], "Upserts");
        assert!(t[0].comma_after);
        assert!(!t[1].comma_after);
    }

    #[test]
    fn sentences_split_at_terminators_and_lines_but_not_decimals() {
        let text = "Budget is 99.9 ms. Why? Because; fine\nnext line";
        assert_eq!(
            said(text),
            ["Budget is 99.9 ms.", "Why?", "Because; fine", "next line"]
        );
        assert!(sentences(text)[1].question);
    }

    /// The text of each sentence of `text`.
    fn said(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.span.clone()])
            .collect()
    }

    #[test]
    fn an_abbreviation_ends_no_sentence() {
        let text = "It tries each model (e.g. the collaborative one) in order. Fast vs. slow.";
        assert_eq!(
            said(text),
            [
                "It tries each model (e.g. the collaborative one) in order.",
                "Fast vs. slow."
            ]
        );
    }

    #[test]
    fn punctuation_only_lines_make_no_sentence() {
        assert!(sentences(" -- \n...\n").is_empty());
    }

    #[test]
    fn counts_are_singular_or_plural() {
        assert_eq!(count(1, "graded session"), "1 graded session");
        assert_eq!(count(0, "session"), "0 sessions");
        assert_eq!(count(3, "session"), "3 sessions");
    }

    #[test]
    fn stems_pinned_so_a_stemmer_upgrade_is_noticed() {
        let s = Stemmer::new();
        let got: Vec<_> = [
            "partitioned",
            "partitioning",
            "retries",
            "idempotency",
            "provenance",
            "consistency",
            "consists",
            "snapshots",
        ]
        .iter()
        .map(|w| s.stem(w))
        .collect();
        assert_eq!(
            got,
            [
                "partit", "partit", "retri", "idempot", "proven", "consist", "consist", "snapshot"
            ]
        );
    }
}
