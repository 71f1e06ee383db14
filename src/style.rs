//! Colour on a terminal, and none elsewhere: one small value passed to whatever
//! prints (`crate::terminal` decides it), so `NO_COLOR` and piped output are
//! honoured in one place. The codes
//! are named for what they mark, not for how they look.

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub color: bool,
}

/// What a piece of text is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A phase banner.
    Banner,
    /// The interviewer's name before its words.
    Interviewer,
    /// The candidate's prompt.
    Candidate,
    /// A notice about the session (moving on, a replaced reply), said quietly.
    Notice,
    /// A score or verdict.
    Strong,
    Good,
    Warn,
    Bad,
}

impl Mark {
    fn code(self) -> &'static str {
        match self {
            Mark::Banner => "1;36",
            Mark::Interviewer => "1;34",
            Mark::Candidate => "1;32",
            Mark::Notice => "2",
            Mark::Strong => "1",
            Mark::Good => "32",
            Mark::Warn => "33",
            Mark::Bad => "31",
        }
    }
}

impl Style {
    /// `text` in the ANSI colour `code` (such as `1` bold, `31` red), or as is.
    pub fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    /// `text` coloured for what it is.
    pub fn mark(self, mark: Mark, text: &str) -> String {
        self.paint(mark.code(), text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(Style { color: false }.mark(Mark::Banner, "x"), "x");
        assert_eq!(
            Style { color: true }.mark(Mark::Notice, "x"),
            "\u{1b}[2mx\u{1b}[0m"
        );
    }
}
