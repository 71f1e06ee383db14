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

/// Splits a text into sentences at `.`, `!` and `?` followed by white space or the
/// end, and at line breaks. A `.` between digits (99.9) does not end a sentence. A
/// `;` does not either: "X streams because…; Y stays batch because…" is one thought.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends {
            let end = i + c.len_utf8();
            push_sentence(text, start..end, &mut out);
            start = end;
        }
    }
    push_sentence(text, start..text.len(), &mut out);
    out
}

fn push_sentence(text: &str, range: Range<usize>, out: &mut Vec<Sentence>) {
    let slice = &text[range.clone()];
    let trimmed_start = range.start + (slice.len() - slice.trim_start().len());
    let trimmed_end = range.start + slice.trim_end().len();
    if trimmed_start >= trimmed_end {
        return;
    }
    let tokens = tokenize(text, trimmed_start..trimmed_end);
    if tokens.is_empty() {
        return;
    }
    out.push(Sentence {
        span: trimmed_start..trimmed_end,
        question: text[trimmed_start..trimmed_end].ends_with('?'),
        tokens,
    });
}

/// The words of `text[range]`, with spans relative to `text`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let slice = &text[range.clone()];
    let mut tokens = Vec::new();
    let mut chars = slice.char_indices().peekable();
    while let Some(&(begin, c)) = chars.peek() {
        if !is_word_char(c) {
            chars.next();
            continue;
        }
        let mut word = String::new();
        let mut prev: Option<char> = None;
        let mut end = slice.len();
        let mut comma_after = false;
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|x| x.1);
            let joins_digits = matches!(c, '.' | ',')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            let joins_letters = matches!(c, '\'' | '’')
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if is_word_char(c) {
                word.extend(c.to_lowercase());
            } else if joins_letters {
                word.push('\'');
            } else if joins_digits {
                word.push(c);
            } else {
                end = i;
                comma_after = matches!(c, ',' | ';' | ':');
                break;
            }
            prev = Some(c);
        }
        tokens.push(Token {
            text: word,
            span: range.start + begin..range.start + end,
            comma_after,
        });
    }
    tokens
}

/// The lowercased words of a phrase, as the rubric compiler needs them.
pub fn tokens_of(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0..phrase.len())
        .into_iter()
        .map(|t| t.text)
        .collect()
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
        let s: Vec<_> = sentences(text)
            .iter()
            .map(|s| &text[s.span.clone()])
            .collect();
        assert_eq!(
            s,
            ["Budget is 99.9 ms.", "Why?", "Because; fine", "next line"]
        );
        assert!(sentences(text)[1].question);
    }

    #[test]
    fn punctuation_only_lines_make_no_sentence() {
        assert!(sentences(" -- \n...\n").is_empty());
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
