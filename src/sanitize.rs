//! Makes untrusted text safe to print on a terminal.
//!
//! Model replies, prompt files and transcripts can carry escape sequences that move
//! the cursor, rewrite the title bar or hide text. Everything this program prints
//! from such sources goes through [`for_terminal`] first.

/// Removes ANSI escape sequences (CSI, OSC, DCS and two-byte escapes) and control
/// characters other than newline and tab. Carriage returns are dropped, so CRLF text
/// prints as LF. Everything else, including all printable Unicode, is kept.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => {
                skip_escape(&mut chars);
            }
            // C1 controls: CSI (U+9B) and OSC (U+9D) introduce sequences in their own right.
            '\u{9b}' => {
                skip_csi(&mut chars);
            }
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                skip_string(&mut chars);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips one escape sequence after ESC; false if the text ended inside it.
fn skip_escape(chars: &mut Chars<'_>) -> bool {
    match chars.next() {
        Some('[') => skip_csi(chars),
        // OSC, DCS, SOS, PM, APC: strings ended by BEL or ST.
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Character-set designations take one more byte: ESC ( B.
        Some('(' | ')' | '*' | '+' | '-' | '.' | '/' | '#' | '%') => chars.next().is_some(),
        // Any other two-byte escape (ESC c, ESC 7, ...).
        Some(_) => true,
        None => false,
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) -> bool {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            return true;
        }
        if !(' '..='?').contains(&c) {
            // Not a valid CSI byte: the sequence is malformed; stop skipping here.
            return true;
        }
    }
    false
}

/// A control string, ended by BEL, ESC \ or the C1 string terminator.
fn skip_string(chars: &mut Chars<'_>) -> bool {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return true,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Characters that start an escape or control sequence.
fn introduces(c: char) -> bool {
    matches!(
        c,
        '\u{1b}' | '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}'
    )
}

/// True when `tail`, which starts with an introducer, ends inside its sequence.
fn unfinished(tail: &str) -> bool {
    let mut chars = tail.chars().peekable();
    match chars.next() {
        Some('\u{1b}') => !skip_escape(&mut chars),
        Some('\u{9b}') => !skip_csi(&mut chars),
        Some(_) => !skip_string(&mut chars),
        None => false,
    }
}

/// Longest unfinished sequence held back between pieces; a longer one is dropped.
const MAX_HELD: usize = 512;

/// [`for_terminal`] for text that arrives in pieces: a sequence split across
/// two pieces is held back until it is complete, so it cannot slip through.
#[derive(Debug, Default)]
pub struct Stream {
    held: String,
}

impl Stream {
    /// The printable part of everything received so far.
    pub fn push(&mut self, piece: &str) -> String {
        self.held.push_str(piece);
        let cut = self
            .held
            .char_indices()
            .filter(|(_, c)| introduces(*c))
            .map(|(i, _)| i)
            .find(|&i| unfinished(&self.held[i..]));
        match cut {
            Some(i) if self.held.len() - i <= MAX_HELD => {
                let tail = self.held.split_off(i);
                let ready = std::mem::replace(&mut self.held, tail);
                for_terminal(&ready)
            }
            _ => for_terminal(&std::mem::take(&mut self.held)),
        }
    }

    /// The end of the text: an unfinished sequence is dropped.
    pub fn finish(&mut self) -> String {
        for_terminal(&std::mem::take(&mut self.held))
    }
}

#[cfg(test)]
mod tests {
    use super::for_terminal;

    #[test]
    fn plain_text_and_unicode_pass_through() {
        assert_eq!(
            for_terminal("p99 < 50 ms — ok ✓\n\tnext"),
            "p99 < 50 ms — ok ✓\n\tnext"
        );
    }

    #[test]
    fn colour_and_cursor_sequences_are_removed() {
        assert_eq!(
            for_terminal("\u{1b}[31mred\u{1b}[0m \u{1b}[2J\u{1b}[Hx"),
            "red x"
        );
    }

    #[test]
    fn title_setting_osc_is_removed_with_either_terminator() {
        assert_eq!(for_terminal("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(
            for_terminal("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
    }

    #[test]
    fn bare_controls_and_carriage_returns_are_dropped() {
        assert_eq!(for_terminal("a\r\nb\u{8}c\u{0}d\u{7f}"), "a\nbcd");
    }

    #[test]
    fn c1_csi_is_removed() {
        assert_eq!(for_terminal("x\u{9b}31my"), "xy");
    }

    #[test]
    fn a_sequence_split_across_pieces_is_still_removed() {
        let text = "ok \u{1b}]0;owned title\u{7}then \u{1b}[31mred\u{1b}[0m done";
        for cut in 0..text.len() {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let mut s = super::Stream::default();
            let mut out = s.push(&text[..cut]);
            out.push_str(&s.push(&text[cut..]));
            out.push_str(&s.finish());
            assert_eq!(out, "ok then red done", "split at {cut}");
        }
    }

    #[test]
    fn plain_streamed_text_is_not_held_back() {
        let mut s = super::Stream::default();
        assert_eq!(s.push("Why that "), "Why that ");
        assert_eq!(s.push("key?"), "key?");
    }

    #[test]
    fn unterminated_sequences_do_not_swallow_too_little() {
        assert_eq!(for_terminal("end\u{1b}"), "end");
        assert_eq!(for_terminal("end\u{1b}]title never ends"), "end");
    }
}
