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
            '\u{1b}' => skip_escape(&mut chars),
            // C1 controls: CSI (U+9B) and OSC (U+9D) introduce sequences in their own right.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        // OSC, DCS, SOS, PM, APC: strings ended by BEL or ST.
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Character-set designations take one more byte: ESC ( B.
        Some('(' | ')' | '*' | '+' | '-' | '.' | '/' | '#' | '%') => {
            chars.next();
        }
        // Any other two-byte escape (ESC c, ESC 7, ...) or a lone ESC at the end.
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            return;
        }
        if !(' '..='?').contains(&c) {
            // Not a valid CSI byte: the sequence is malformed; stop skipping here.
            return;
        }
    }
}

/// A control string, ended by BEL, ESC \ or the C1 string terminator.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
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
    fn unterminated_sequences_do_not_swallow_too_little() {
        assert_eq!(for_terminal("end\u{1b}"), "end");
        assert_eq!(for_terminal("end\u{1b}]title never ends"), "end");
    }
}
