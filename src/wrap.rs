//! Fitting text to the terminal.
//!
//! Pure: the width always comes in as a value (`crate::terminal` reads it
//! from `COLUMNS` or the terminal). Two pieces, one rule (lines break at
//! spaces, never inside a word that fits on a line of its own, and no line is
//! wider than the width):
//! - [`Printer`]: a writer every human-readable command prints through; it
//!   wraps each line it is given, with a hanging indent under list markers;
//! - [`Wrapper`]: the same rule on a stream of text pieces. Model replies arrive
//!   a few characters at a time; the wrapper holds back only the word in
//!   progress, so text still appears word by word.
//!
//! Machine-readable output (JSON, Markdown, TOML, completion scripts, the man
//! page) never goes through here: wrapping would change what it means.

use std::io::Write;

/// Narrowest width worth wrapping to; below it text is left as it is.
const MIN_WIDTH: usize = 20;

/// Columns `text` takes on a terminal (wide characters count two, escape
/// sequences none).
pub fn display_width(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// Every line of `text` fitted to `width`: a line that is too wide breaks at
/// spaces, and its continuation lines are indented under its text — past a
/// list marker (`- `, `1. `, `✗ `) or, for an indented line, two columns
/// further in. Lines that fit are untouched, so fitting twice changes nothing.
pub fn block(text: &str, width: Option<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&fit_line(line, width));
    }
    out
}

fn fit_line(line: &str, width: Option<usize>) -> String {
    let Some(width) = width.filter(|w| *w >= MIN_WIDTH) else {
        return line.to_string();
    };
    // A tab has no width of its own to measure: four spaces do.
    let expanded;
    let line = if line.contains('\t') {
        expanded = line.replace('\t', "    ");
        expanded.as_str()
    } else {
        line
    };
    if display_width(line) <= width {
        return line.to_string();
    }
    let (lead, marked, rest) = hanging_prefix(line);
    let mut indent = " ".repeat(display_width(lead));
    if let Some(column) = second_column(line).filter(|c| c * 2 <= width) {
        // A two-column line (`/next      move on…`, `config   ~/.config/…`):
        // its continuation lines up under the second column.
        indent = " ".repeat(column);
    } else if !marked && !indent.is_empty() {
        // An indented line with no marker: its continuation goes two further in.
        indent.push_str("  ");
    }
    if indent.len() * 2 > width {
        indent.clear();
    }
    let options = textwrap::Options::new(width)
        .initial_indent(lead)
        .subsequent_indent(&indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(true);
    textwrap::wrap(rest, options)
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The column where a line's second column starts: text after a gap of two
/// or more spaces that follows the line's first words.
fn second_column(line: &str) -> Option<usize> {
    let body = line.trim_start_matches(' ');
    let gap = body.find("  ")?;
    let after = body[gap..].trim_start_matches(' ');
    if after.is_empty() {
        return None;
    }
    let start = line.len() - after.len();
    Some(display_width(&line[..start]))
}

/// Splits a line into its lead (indentation and any list marker with the
/// space after it), whether it has a marker, and the text to wrap.
fn hanging_prefix(line: &str) -> (&str, bool, &str) {
    let body = line.trim_start_matches(' ');
    let mut lead = line.len() - body.len();
    let marker_end = body
        .char_indices()
        .find(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .filter(|&i| {
            let m = &body[..i];
            matches!(m, "-" | "*" | "•" | "✗" | "✓" | "◐" | "!" | "·")
                || (m.len() <= 3
                    && m.ends_with('.')
                    && m[..m.len() - 1].chars().all(|c| c.is_ascii_digit())
                    && m.len() > 1)
        });
    if let Some(i) = marker_end {
        lead += i + 1;
    }
    (
        &line[..lead],
        marker_end.is_some(),
        line[lead..].trim_start_matches(' '),
    )
}

/// A writer that fits every line written through it to a width: the one
/// printer of human-readable output. Text is held until its line ends (or the
/// printer is flushed), so callers write with `writeln!` as usual.
pub struct Printer<'a> {
    inner: &'a mut dyn Write,
    width: Option<usize>,
    pending: Vec<u8>,
}

impl<'a> Printer<'a> {
    /// Fits output written to `inner` to `width` (`None`: passes it through).
    pub fn new(inner: &'a mut dyn Write, width: Option<usize>) -> Printer<'a> {
        Printer {
            inner,
            width,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, line: &[u8]) -> std::io::Result<()> {
        match (self.width, std::str::from_utf8(line)) {
            (Some(_), Ok(text)) => self.inner.write_all(fit_line(text, self.width).as_bytes()),
            _ => self.inner.write_all(line),
        }
    }
}

impl Write for Printer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            self.emit(&line[..line.len() - 1])?;
            self.inner.write_all(b"\n")?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.emit(&line)?;
        }
        self.inner.flush()
    }
}

impl Drop for Printer<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Wraps text at `width` columns; `None` passes text through untouched.
#[derive(Debug, Clone)]
pub struct Wrapper {
    width: Option<usize>,
    col: usize,
    word: String,
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
        let word = std::mem::take(&mut self.word);
        let len = display_width(&word);
        let gap = usize::from(self.space);
        if self.col > 0 && self.col + gap + len > width {
            out.push('\n');
            self.col = 0;
        } else if self.space {
            out.push(' ');
            self.col += 1;
        }
        self.space = false;
        if len <= width - self.col.min(width) {
            out.push_str(&word);
            self.col += len;
            return;
        }
        // A word wider than a whole line (a long URL) is broken at the edge.
        for c in word.chars() {
            let w = display_width(c.encode_utf8(&mut [0; 4]));
            if self.col > 0 && self.col + w > width {
                out.push('\n');
                self.col = 0;
            }
            out.push(c);
            self.col += w;
        }
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
    fn only_words_wider_than_a_line_are_broken() {
        assert_eq!(
            wrap_all(20, 0, &["x https://example.com/a/very/long/path y"]),
            "x\nhttps://example.com/\na/very/long/path y"
        );
    }

    #[test]
    fn a_block_fits_every_line_with_hanging_indents() {
        let text = "Heading that is short\n  1. Decide batch versus streaming per feature from the freshness each one needs\n      turn 2 [scenario]: \"We log impressions and clicks to Kafka and join them\"\nplain prose that runs on for a good while past the edge";
        let out = super::block(text, Some(40));
        assert!(out.lines().all(|l| super::display_width(l) <= 40), "{out}");
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[2].starts_with("     ") && !lines[2].starts_with("      "),
            "{out}"
        );
        assert!(lines.iter().any(|l| l.starts_with("        ")), "{out}");
        assert_eq!(
            super::block(&out, Some(40)),
            out,
            "fitting twice changes nothing"
        );
        assert_eq!(super::block(text, None), text);
    }

    #[test]
    fn two_column_lines_continue_under_their_second_column() {
        let out = super::block(
            "  /pause     stop the clock while you step away from the keyboard",
            Some(40),
        );
        assert_eq!(
            out,
            "  /pause     stop the clock while you\n             step away from the keyboard"
        );
    }

    #[test]
    fn the_printer_fits_lines_as_they_are_written() {
        let mut sink = Vec::new();
        {
            let mut p = super::Printer::new(&mut sink, Some(20));
            use std::io::Write as _;
            write!(p, "alpha beta gamma ").unwrap();
            writeln!(p, "delta epsilon").unwrap();
            write!(p, "no newline at the end").unwrap();
        }
        assert_eq!(
            String::from_utf8(sink).unwrap(),
            "alpha beta gamma\ndelta epsilon\nno newline at the\nend"
        );
    }

    #[test]
    fn a_line_one_column_too_wide_is_broken_not_let_overflow() {
        let line = format!("transcript: /tmp/{}.jsonl", "x".repeat(58));
        assert_eq!(super::display_width(&line), 81);
        let out = super::block(&line, Some(80));
        assert!(out.lines().all(|l| super::display_width(l) <= 80), "{out}");
    }

    #[test]
    fn wide_characters_count_double() {
        let out = super::block("数据 数据 数据 数据 数据 数据", Some(20));
        assert!(out.lines().all(|l| super::display_width(l) <= 20), "{out}");
    }
}
