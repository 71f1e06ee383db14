//! Quoting the candidate: short verbatim spans of what they said, cut at clause
//! and word boundaries, never with control characters, double quotes, bidi
//! overrides or secrets. Every question that quotes an answer quotes through
//! here. Pure.

use std::ops::Range;

/// Most words in a quote, so it reads as a quote and not a paragraph.
const QUOTE_WORDS: usize = 12;
/// Most words a quote runs on past what it is about.
const AFTER_WORDS: usize = 7;
/// Words that start a new thought: a quote stops before them.
const JOINERS: [&str; 9] = [
    "and", "which", "so", "but", "then", "because", "while", "whereas", "or",
];

/// The clause of `sentence` around the byte range `at`: between the nearest
/// comma, semicolon, colon, parenthesis or dash on either side.
pub(crate) fn clause_around(sentence: &str, at: Range<usize>) -> &str {
    &sentence[clause_span(sentence, at)]
}

/// The clause right after the one at `at` ("Sinks retry, standard stuff":
/// "standard stuff"), empty at the sentence's end.
pub(crate) fn clause_after(sentence: &str, at: Range<usize>) -> &str {
    let end = clause_span(sentence, at).end;
    let rest = &sentence[end..];
    let skip = rest
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(rest.len());
    let start = end + skip;
    if start >= sentence.len() {
        return "";
    }
    let next = sentence[start..].chars().next().map_or(1, char::len_utf8);
    clause_around(sentence, start..start + next)
}

/// Where [`clause_around`]'s clause lies in `sentence`.
fn clause_span(sentence: &str, at: Range<usize>) -> Range<usize> {
    let stop = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '\u{2013}' | '\u{2014}');
    let dash = |s: &str| s.rfind(" - ").map(|i| i + 3);
    let head = &sentence[..at.start];
    let start = head
        .rfind(stop)
        .map(|i| i + head[i..].chars().next().map_or(1, char::len_utf8))
        .max(dash(head))
        .unwrap_or(0);
    let tail = &sentence[at.end..];
    let end = tail
        .find(stop)
        .into_iter()
        .chain(tail.find(" - "))
        .min()
        .map_or(sentence.len(), |i| at.end + i);
    start..end
}

/// The sentence of `text` that holds `range`.
pub(super) fn sentence_of(text: &str, range: &Range<usize>) -> Range<usize> {
    crate::text::sentence_spans(text)
        .into_iter()
        .map(|s| s.span)
        .find(|s| s.start <= range.start && range.start < s.end.max(s.start + 1))
        .unwrap_or(0..text.len())
}

/// A short verbatim span of `sentence` around `anchor` (its first occurrence,
/// case-insensitive), or from its start when there is no anchor.
pub fn shorten(sentence: &str, anchor: Option<&str>) -> Option<String> {
    let at = anchor
        .and_then(|a| find_ignoring_case(sentence, a))
        .unwrap_or(0..0);
    quote_at(sentence, at)
}

/// Where `needle` first stands in `text`, letters compared case-insensitively,
/// as a range of `text` itself: lowercasing can change a character's length
/// in bytes, so an index into a lowercased copy is not always one into `text`.
fn find_ignoring_case(text: &str, needle: &str) -> Option<Range<usize>> {
    let want: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if want.is_empty() {
        return None;
    }
    text.char_indices().find_map(|(start, _)| {
        let mut left = want.iter();
        for (i, c) in text[start..].char_indices() {
            for l in c.to_lowercase() {
                if left.next() != Some(&l) {
                    return None;
                }
            }
            if left.len() == 0 {
                return Some(start..start + i + c.len_utf8());
            }
        }
        None
    })
}

/// A verbatim span of at most [`QUOTE_WORDS`] words around `range`, inside its
/// clause (commas, semicolons, colons, brackets and dashes bound it when that
/// leaves enough words), trimmed of edge punctuation. `None` when the span would
/// hold anything [`clean_quote`] refuses.
pub fn quote_at(text: &str, range: Range<usize>) -> Option<String> {
    let sentence = sentence_of(text, &range);
    let s = &text[sentence.clone()];
    let rel = range.start.saturating_sub(sentence.start)
        ..range.end.saturating_sub(sentence.start).min(s.len());
    let (lo, hi) = clause_window(s, &rel);
    // Words of the window, as byte ranges in `s`.
    let words: Vec<Range<usize>> = word_ranges(&s[lo..hi])
        .into_iter()
        .map(|r| r.start + lo..r.end + lo)
        .collect();
    if words.is_empty() {
        return None;
    }
    let first = words.iter().position(|w| w.end > rel.start).unwrap_or(0);
    let last = words
        .iter()
        .rposition(|w| w.start < rel.end.max(rel.start + 1))
        .unwrap_or(first)
        .max(first);
    let before = 4.min(first);
    let mut start = first - before;
    // Never start on a unit whose number is left behind ("ms feature fetch").
    while start > 0 && s[words[start - 1].clone()].ends_with(|c: char| c.is_ascii_digit()) {
        start -= 1;
    }
    // After the anchor: a few words, and not past a word that starts a new
    // thought ("… final at 30 days and it goes into …" stops before "and").
    let mut end = (last + 1 + AFTER_WORDS).min(words.len());
    if let Some(stop) = (last + 1..end).find(|&i| {
        let w = s[words[i].clone()].to_lowercase();
        JOINERS.contains(&w.as_str())
    }) {
        end = stop;
    }
    if end - start < 4 {
        end = (start + 4).min(words.len());
    }
    // Never end on a word that starts a new thought ("we'd monitor it and").
    while end - start > 1 && JOINERS.contains(&s[words[end - 1].clone()].to_lowercase().as_str()) {
        end -= 1;
    }
    if end - start > QUOTE_WORDS {
        start = end - QUOTE_WORDS;
    }
    if end <= start {
        end = (start + 1).min(words.len());
    }
    let span = &s[words[start].start..words[end - 1].end];
    clean_quote(trim_quote(span)).map(str::to_string)
}

/// The clause around `rel` in the sentence `s` (between commas, semicolons,
/// colons, brackets or dashes) when it has four words or more; else the whole
/// sentence.
fn clause_window(s: &str, rel: &Range<usize>) -> (usize, usize) {
    let is_bound = |c: char| {
        matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–' | '\n'
        )
    };
    let left = s[..rel.start]
        .rfind(is_bound)
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let right = s[rel.end..].find(is_bound).map_or(s.len(), |i| rel.end + i);
    let clause_words = s[left..right].split_whitespace().count();
    if clause_words >= 4 {
        (left, right)
    } else {
        (0, s.len())
    }
}

/// A quote without the punctuation and markup around it.
fn trim_quote(span: &str) -> &str {
    span.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '-' | '—' | '–' | '(' | ')' | '*' | '`' | '\''
            )
    })
    .trim()
}

/// A span fit to quote back: two words at least, and nothing that must not be
/// printed or saved as the candidate's words — control characters, a double
/// quote (it would end the quotation), bidirectional overrides or a secret
/// (both of which `sanitize::for_terminal` would change).
pub(crate) fn clean_quote(span: &str) -> Option<&str> {
    let bad = span.split_whitespace().count() < 2
        || span.chars().any(|c| c.is_control() || c == '"')
        || crate::sanitize::for_terminal(span) != span;
    (!bad).then_some(span)
}

fn word_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_a_short_verbatim_span_around_its_anchor() {
        let s = "Features land in Redis partitioned by user id with 10 ms reads, and the model runs in Triton.";
        let q = shorten(s, Some("Redis")).unwrap();
        assert!(s.contains(&q), "{q}");
        assert!(q.contains("Redis"), "{q}");
        assert!(q.split_whitespace().count() <= QUOTE_WORDS, "{q}");
    }

    #[test]
    fn a_quote_never_holds_control_characters_or_double_quotes() {
        assert_eq!(quote_at("we use \"redis\" for it all", 8..13), None);
        assert_eq!(quote_at("we use redis\u{1b}[31m for it", 7..12), None);
    }

    #[test]
    fn letters_that_change_length_when_lowercased_never_break_a_quote() {
        // Ⱥ grows and Ω (the ohm sign) shrinks when lowercased: an index into a
        // lowercased copy would land inside "—".
        let s = "Ⱥ we monitor—everything Ω and page";
        let q = shorten(s, Some("monitor")).unwrap();
        assert!(s.contains(&q) && q.contains("monitor"), "{q}");
        for anchor in ["ⱥ", "ω", "—", "page", "missing"] {
            if let Some(q) = shorten(s, Some(anchor)) {
                assert!(s.contains(&q), "{anchor}: {q}");
            }
        }
    }

    #[test]
    fn a_quote_never_ends_on_a_word_that_starts_a_new_thought() {
        let s = "we'd monitor it and keep it fast";
        let at = s.find("monitor").unwrap();
        assert_eq!(quote_at(s, at..at + 7).as_deref(), Some("we'd monitor it"));
    }

    #[test]
    fn a_one_word_answer_gives_no_quote() {
        assert_eq!(shorten("Redis.", Some("Redis")), None);
    }

    #[test]
    fn a_clause_ends_at_commas_and_dashes_on_either_side() {
        let s = "The features go into a feature store, the model trains from there - probably a tree, and we monitor.";
        let at = s.find("trains").unwrap();
        assert_eq!(
            clause_around(s, at..at + 6).trim(),
            "the model trains from there"
        );
        let at = s.find("monitor").unwrap();
        assert_eq!(clause_around(s, at..at + 7).trim(), "and we monitor.");
        let at = s.find("trains").unwrap();
        assert_eq!(clause_after(s, at..at + 6).trim(), "probably a tree");
        let at = s.find("monitor").unwrap();
        assert_eq!(clause_after(s, at..at + 7), "");
    }
}
