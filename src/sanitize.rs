//! Makes untrusted text safe to print on a terminal.
//!
//! Model replies, prompt files and transcripts can carry escape sequences that move
//! the cursor, rewrite the title bar or hide text. Everything this program prints
//! from such sources goes through [`for_terminal`] first.
//!
//! Redaction, the other half of making text safe to leave the process: one
//! layer for the screen, error messages, transcripts and reports that knows
//! the configured API key and the credentials in the server URL (user-info and
//! query values), registered once when the settings are resolved, and replaces
//! each with `[redacted]`. A server that echoes the key in an error body, or a
//! URL printed on an error path, then shows `[redacted]` wherever the text
//! goes. The matching ([`redact_with`]) is pure; the registry is the one piece
//! of process-wide state, because secrets must be caught on paths that never
//! see the settings (a server's error body saved as a guard note).

/// Removes ANSI escape sequences (CSI, OSC, DCS and two-byte escapes), control
/// characters other than newline and tab, and the bidirectional overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069) that make text read differently from
/// what it is. Carriage returns are dropped, so CRLF text prints as LF.
/// Registered secrets are redacted ([`crate::redact`]). Everything else,
/// including all printable Unicode, is kept.
pub fn for_terminal(text: &str) -> String {
    let clean = strip(text);
    match redact(&clean) {
        std::borrow::Cow::Borrowed(_) => clean,
        std::borrow::Cow::Owned(r) => r,
    }
}

/// Text that Markdown renders as exactly these characters: made safe for the
/// terminal first ([`for_terminal`]), then every character that could open
/// markup — HTML tags and entities, links and images (`[x](javascript:…)`),
/// emphasis, code spans, table cells, strikethrough — escaped. Line-start
/// markers (headings, quotes, lists) are the caller's concern, since only it
/// knows where a line starts.
pub fn markdown_inline(text: &str) -> String {
    let clean = for_terminal(text);
    let mut out = String::with_capacity(clean.len() + 8);
    for (i, c) in clean.char_indices() {
        let rest = &clean[i + c.len_utf8()..];
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // GitHub's autolinks: `scheme://…`, `www.…` and e-mail addresses
            // become links with no markup at all; an escaped `:`, `.` or `@`
            // keeps them text.
            ':' if rest.starts_with("//") => out.push_str("\\:"),
            '@' => out.push_str("\\@"),
            '.' if clean
                .get(i.saturating_sub(3)..i)
                .is_some_and(|w| w.eq_ignore_ascii_case("www")) =>
            {
                out.push_str("\\.")
            }
            c => out.push(c),
        }
    }
    out
}

/// True for the Unicode controls that reorder text on screen.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

fn strip(text: &str) -> String {
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
            c if c.is_control() || is_bidi_control(c) => {}
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

use std::borrow::Cow;
use std::sync::RwLock;

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are redacted only where they stand alone (not
/// inside a longer word): a one- or two-letter key would otherwise blank out
/// ordinary words everywhere.
const WHOLE_WORD_BELOW: usize = 4;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds `secret` to what is redacted from now on.
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.is_empty() {
        return;
    }
    // As written, and as it reads inside a JSON string (a transcript line), in
    // case it holds a quote, a backslash or a control character.
    let escaped = serde_json::to_string(secret).unwrap_or_default();
    let escaped = escaped
        .strip_prefix('"')
        .and_then(|e| e.strip_suffix('"'))
        .unwrap_or(secret);
    let mut all = SECRETS
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for form in [secret, escaped] {
        if !all.iter().any(|s| s == form) {
            all.push(form.to_string());
        }
    }
    // Longest first, so a secret containing another is replaced whole.
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// Registers the credentials a URL carries: the user and password before `@`,
/// and every query value (`?key=...`), in plain and percent-decoded form.
pub fn register_url(url: &str) {
    for secret in url_secrets(url) {
        register(&secret);
    }
}

/// `text` with every registered secret replaced.
pub fn redact(text: &str) -> Cow<'_, str> {
    let all = SECRETS
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    redact_with(text, &all)
}

/// `text` with each of `secrets` replaced by [`REDACTED`]. Pure.
pub fn redact_with<'a>(text: &'a str, secrets: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for s in secrets {
        if s.is_empty() || !out.contains(s.as_str()) {
            continue;
        }
        if s.chars().count() >= WHOLE_WORD_BELOW {
            out = Cow::Owned(out.replace(s.as_str(), REDACTED));
        } else {
            out = Cow::Owned(replace_standalone(&out, s));
        }
    }
    out
}

/// `text` with each occurrence of `s` that is not part of a longer word
/// (letters or digits on either side) replaced by [`REDACTED`].
fn replace_standalone(text: &str, s: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for (at, _) in text.match_indices(s) {
        let end = at + s.len();
        if word(text[..at].chars().next_back()) || word(text[end..].chars().next()) {
            continue;
        }
        out.push_str(&text[kept..at]);
        out.push_str(REDACTED);
        kept = end;
    }
    out.push_str(&text[kept..]);
    out
}

/// The credentials in a URL. Pure.
pub fn url_secrets(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if let Some((userinfo, _)) = authority.rsplit_once('@') {
        // `user:password` hides the password; a lone user part is a token
        // (`https://TOKEN@host`). A user name beside a password is not secret,
        // and redacting it would blank out an ordinary word everywhere.
        match userinfo.split_once(':') {
            Some((_, password)) => found.push(password.to_string()),
            None => found.push(userinfo.to_string()),
        }
    }
    if let Some((_, query)) = rest.split_once('?') {
        let query = query.split('#').next().unwrap_or_default();
        for pair in query.split('&') {
            if let Some((key, value)) = pair.split_once('=') {
                let key = key.to_ascii_lowercase();
                let secretish = [
                    "key", "token", "secret", "sig", "auth", "pass", "cred", "code",
                ]
                .iter()
                .any(|k| key.contains(k));
                if secretish {
                    found.push(value.to_string());
                }
            }
        }
    }
    let decoded: Vec<String> = found.iter().map(|s| percent_decode(s)).collect();
    found.extend(decoded);
    found.retain(|s| !s.is_empty());
    found.sort();
    found.dedup();
    found
}

/// `%41` → `A`; anything malformed is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(((hex(h).unwrap_or(0) << 4) | hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_secret_is_replaced_wherever_it_appears() {
        let secrets = vec!["sk-abc123".to_string()];
        assert_eq!(
            redact_with("401: bad key sk-abc123 (sk-abc123)", &secrets),
            "401: bad key [redacted] ([redacted])"
        );
        assert!(matches!(
            redact_with("nothing here", &secrets),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_secret_is_found_in_a_json_line_even_with_quotes_or_backslashes() {
        let secret = "k3y\"with\\odd-chars";
        register(secret);
        let line = serde_json::json!({ "guard": format!("401: bad key {secret}") }).to_string();
        let out = redact(&line);
        assert!(!out.contains("k3y"), "{out}");
        assert!(out.contains(REDACTED), "{out}");
    }

    #[test]
    fn short_secrets_are_redacted_where_they_stand_alone() {
        let key = ["k9".to_string()];
        assert_eq!(redact_with("key k9 sent", &key), "key [redacted] sent");
        assert_eq!(redact_with("Bearer k9", &key), "Bearer [redacted]");
        // Inside a longer word it is a word, not the key.
        assert_eq!(redact_with("k9s and ak9", &key), "k9s and ak9");
        assert_eq!(redact_with("a b c", &["b".to_string()]), "a [redacted] c");
    }

    #[test]
    fn url_credentials_are_found_in_user_info_and_query() {
        let s = url_secrets("https://me:p%40ss@host:8080/v1?api_key=topsecret&format=json#frag");
        for want in ["p%40ss", "p@ss", "topsecret"] {
            assert!(s.iter().any(|x| x == want), "{want} in {s:?}");
        }
        for not in ["me", "json", "interviewer"] {
            assert!(!s.iter().any(|x| x == not), "{not} is no secret: {s:?}");
        }
        let lone = url_secrets("https://sk-token-123@gw.example/v1");
        assert_eq!(lone, ["sk-token-123"]);
        assert!(
            url_secrets("http://interviewer:pw-long-enough@gw/v1")
                .iter()
                .all(|x| x != "interviewer")
        );
        assert!(url_secrets("http://127.0.0.1:11434/v1").is_empty());
    }
}
