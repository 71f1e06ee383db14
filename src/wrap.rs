//! Word wrapping that works on a stream of text pieces.
//!
//! Model replies arrive a few characters at a time; the wrapper holds back only
//! the word in progress, so text still appears word by word while lines break
//! at spaces instead of in the middle of a word at the terminal's edge.

/// The width to wrap at on this terminal: its columns, capped at 100 for
/// readability; `None` (no wrapping) when stdout is not a terminal.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal as _;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (terminal_size::Width(w), _) = terminal_size::terminal_size()?;
    Some(usize::from(w).min(100))
}

/// `text` wrapped whole at `width` columns (a line of status, a notice);
/// `None` leaves it as it is.
pub fn lines(text: &str, width: Option<usize>) -> String {
    let mut w = Wrapper::new(width, 0);
    let mut out = w.push(text);
    out.push_str(&w.finish());
    out
}

/// Wraps text at `width` columns; `None` passes text through untouched.
#[derive(Debug, Clone)]
pub struct Wrapper {
    width: Option<usize>,
    col: usize,
    word: String,
    word_len: usize,
    /// A space seen after the last word, printed only once the next word shows
    /// whether it fits on this line.
    space: bool,
}

impl Wrapper {
    /// Starts at column `col` (after a label such as `interviewer: `).
    pub fn new(width: Option<usize>, col: usize) -> Wrapper {
        Wrapper {
            width: width.filter(|w| *w >= 20),
            col,
            word: String::new(),
            word_len: 0,
            space: false,
        }
    }

    /// Feeds a piece of text; returns what can be printed now.
    pub fn push(&mut self, piece: &str) -> String {
        let Some(width) = self.width else {
            return piece.to_string();
        };
        let mut out = String::new();
        for c in piece.chars() {
            match c {
                '\n' => {
                    self.flush_word(width, &mut out);
                    out.push('\n');
                    self.col = 0;
                    self.space = false;
                }
                ' ' | '\t' => {
                    self.flush_word(width, &mut out);
                    self.space = self.col > 0;
                }
                c => {
                    self.word.push(c);
                    self.word_len += 1;
                }
            }
        }
        out
    }

    /// Returns whatever is held back.
    pub fn finish(&mut self) -> String {
        let mut out = String::new();
        if let Some(width) = self.width {
            self.flush_word(width, &mut out);
        }
        out
    }

    fn flush_word(&mut self, width: usize, out: &mut String) {
        if self.word.is_empty() {
            return;
        }
        let gap = usize::from(self.space);
        if self.col > 0 && self.col + gap + self.word_len > width {
            out.push('\n');
            self.col = 0;
        } else if self.space {
            out.push(' ');
            self.col += 1;
        }
        self.space = false;
        out.push_str(&self.word);
        self.col += self.word_len;
        self.word.clear();
        self.word_len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::Wrapper;

    fn wrap_all(width: usize, start: usize, pieces: &[&str]) -> String {
        let mut w = Wrapper::new(Some(width), start);
        let mut out: String = pieces.iter().map(|p| w.push(p)).collect();
        out.push_str(&w.finish());
        out
    }

    #[test]
    fn breaks_at_spaces_not_inside_words() {
        let text = "the quick brown fox jumps over the lazy dog again and again";
        let out = wrap_all(20, 0, &[text]);
        assert!(out.lines().all(|l| l.chars().count() <= 20), "{out}");
        assert_eq!(out.replace('\n', " "), text);
    }

    #[test]
    fn pieces_split_anywhere_give_the_same_result() {
        let text = "Design the system end to end, from raw logs to serving.\n\nThen monitoring.";
        let whole = wrap_all(24, 13, &[text]);
        for cut in 0..text.len() {
            if text.is_char_boundary(cut) {
                assert_eq!(
                    wrap_all(24, 13, &[&text[..cut], &text[cut..]]),
                    whole,
                    "cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn starting_column_counts_toward_the_first_line() {
        let out = wrap_all(20, 13, &["alpha beta gamma"]);
        assert_eq!(out, "alpha\nbeta gamma");
    }

    #[test]
    fn paragraphs_are_kept() {
        assert_eq!(wrap_all(40, 0, &["one\n\ntwo"]), "one\n\ntwo");
    }

    #[test]
    fn no_width_passes_through() {
        let mut w = Wrapper::new(None, 0);
        assert_eq!(w.push("a  b\n c"), "a  b\n c");
        assert_eq!(w.finish(), "");
    }

    #[test]
    fn over_long_words_are_not_broken() {
        assert_eq!(
            wrap_all(20, 0, &["x https://example.com/a/very/long/path y"]),
            "x\nhttps://example.com/a/very/long/path\ny"
        );
    }

    #[test]
    fn a_whole_line_wraps_at_word_boundaries_within_the_width() {
        let line = "offline interviewer (--offline): it follows up on your answers with the prepared wording from prompts/";
        let out = super::lines(line, Some(40));
        assert!(out.lines().all(|l| l.chars().count() <= 40), "{out}");
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(super::lines(line, None), line);
    }
}
