//! What a line of input means. One table ([`COMMANDS`]) drives parsing, `/help`
//! and completion, so they cannot disagree.

/// A slash command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Help,
    Next,
    Skip,
    Time,
    Pause,
    Resume,
    End,
    Retry,
    Edit,
    Model,
    Hint,
    Quit,
}

/// One row of the command table.
#[derive(Debug)]
pub struct CommandSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub help: &'static str,
    pub command: Command,
}

/// Every command the REPL knows, in the order `/help` lists them.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "/help",
        aliases: &["/?"],
        help: "show these commands",
        command: Command::Help,
    },
    CommandSpec {
        name: "/next",
        aliases: &[],
        help: "move on to the next phase of the interview",
        command: Command::Next,
    },
    CommandSpec {
        name: "/skip",
        aliases: &[],
        help: "decline the current question (recorded in the transcript)",
        command: Command::Skip,
    },
    CommandSpec {
        name: "/time",
        aliases: &[],
        help: "show the clock: this phase and the whole round",
        command: Command::Time,
    },
    CommandSpec {
        name: "/pause",
        aliases: &[],
        help: "stop the clock while you step away (/resume or your next answer starts it again)",
        command: Command::Pause,
    },
    CommandSpec {
        name: "/resume",
        aliases: &[],
        help: "start the clock again after /pause",
        command: Command::Resume,
    },
    CommandSpec {
        name: "/end",
        aliases: &[],
        help: "go straight to the debrief",
        command: Command::End,
    },
    CommandSpec {
        name: "/retry",
        aliases: &[],
        help: "ask the interviewer's last turn again (after a reply was cut off)",
        command: Command::Retry,
    },
    CommandSpec {
        name: "/edit",
        aliases: &[],
        help: "write this answer in $VISUAL or $EDITOR; it is sent when you save and quit",
        command: Command::Edit,
    },
    CommandSpec {
        name: "/hint",
        aliases: &[],
        help: "a nudge on the current question, from the case (costs part of that point's credit; recorded)",
        command: Command::Hint,
    },
    CommandSpec {
        name: "/model",
        aliases: &[],
        help: "in the debrief: what a strong answer to this case said on your biggest gaps",
        command: Command::Model,
    },
    CommandSpec {
        name: "/quit",
        aliases: &["/exit", "/bye"],
        help: "save the transcript and leave (resume later from the transcript)",
        command: Command::Quit,
    },
];

/// A line of input, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// An answer to the current question, exactly as typed (fences removed).
    Answer(String),
    Command(Command),
    /// A `/word` that is not a command.
    Unknown(String),
    /// A command given arguments it does not take.
    UnexpectedArgs(Command, &'static str),
    /// Nothing but whitespace.
    Empty,
}

/// Classifies one answer or command. Multi-line answers arrive whole.
pub fn parse(text: &str) -> Input {
    let text = strip_fences(text);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Input::Empty;
    }
    if let Some(rest) = trimmed.strip_prefix("//") {
        return Input::Answer(format!("/{rest}"));
    }
    if trimmed.starts_with('/') && !trimmed.contains('\n') {
        let mut parts = trimmed.splitn(2, char::is_whitespace);
        let word = parts.next().unwrap_or_default();
        let args = parts.next().map(str::trim).unwrap_or_default();
        return match lookup(word) {
            Some(spec) if args.is_empty() => Input::Command(spec.command),
            Some(spec) => Input::UnexpectedArgs(spec.command, spec.name),
            None => Input::Unknown(word.to_string()),
        };
    }
    Input::Answer(trimmed.to_string())
}

fn lookup(word: &str) -> Option<&'static CommandSpec> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .find(|c| c.name == word || c.aliases.contains(&word.as_str()))
}

/// The command a mistyped `/word` most likely meant: one edit away (a letter
/// missing, extra, wrong or two swapped), or the only command it starts.
pub fn suggest(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    let names = || {
        COMMANDS
            .iter()
            .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
    };
    if let Some(n) = names().find(|n| crate::text::edit_distance(n, &word) <= 1) {
        return Some(n);
    }
    let prefixed: Vec<&str> = names().filter(|n| n.starts_with(&word)).collect();
    match prefixed.as_slice() {
        [one] if word.len() > 1 => Some(one),
        _ => names().find(|n| n.len() > 3 && crate::text::edit_distance(n, &word) <= 2),
    }
}

/// The `/help` text.
pub fn help() -> String {
    let mut out = String::from("Commands:\n");
    for c in COMMANDS {
        let mut names = c.name.to_string();
        for a in c.aliases {
            names.push_str(", ");
            names.push_str(a);
        }
        out.push_str(&format!("  {names:<24} {}\n", c.help));
    }
    out.push_str(concat!(
        "Anything else is your answer. For a multi-line answer, start with \"\"\" and end with \"\"\".\n",
        "To answer with text that starts with '/', type it as //text.\n",
    ));
    out
}

/// Command names that start with `prefix`, for completion.
pub fn completions(prefix: &str) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// The fence that wraps multi-line answers.
pub const FENCE: &str = "\"\"\"";

/// True while a fenced answer is still open: it starts with `"""` and has not
/// yet been closed by a later `"""` at the end of a line.
pub fn fence_open(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix(FENCE) else {
        return false;
    };
    !rest.trim_end().ends_with(FENCE)
}

/// Removes the opening and closing fences of a fenced answer.
pub fn strip_fences(text: &str) -> &str {
    let Some(rest) = text.trim_start().strip_prefix(FENCE) else {
        return text;
    };
    let rest = rest.trim_end();
    rest.strip_suffix(FENCE).unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_an_answer() {
        assert_eq!(
            parse("  Kafka for ingest  "),
            Input::Answer("Kafka for ingest".into())
        );
    }

    #[test]
    fn every_table_name_and_alias_parses_to_its_command() {
        for c in COMMANDS {
            assert_eq!(parse(c.name), Input::Command(c.command));
            for a in c.aliases {
                assert_eq!(parse(a), Input::Command(c.command));
            }
        }
        assert_eq!(parse("/QUIT"), Input::Command(Command::Quit));
    }

    #[test]
    fn unknown_slash_word_is_reported() {
        assert_eq!(
            parse("/api/v1 is the endpoint"),
            Input::Unknown("/api/v1".into())
        );
    }

    #[test]
    fn double_slash_sends_a_literal_slash() {
        assert_eq!(
            parse("//api/v1 is the endpoint"),
            Input::Answer("/api/v1 is the endpoint".into())
        );
    }

    #[test]
    fn commands_take_no_arguments() {
        assert_eq!(
            parse("/skip not my area"),
            Input::UnexpectedArgs(Command::Skip, "/skip")
        );
    }

    #[test]
    fn whitespace_is_empty() {
        assert_eq!(parse(" \t \n "), Input::Empty);
        assert_eq!(parse("\"\"\"\n   \n\"\"\""), Input::Empty);
    }

    #[test]
    fn fences_wrap_multi_line_answers() {
        assert!(fence_open("\"\"\""));
        assert!(fence_open("\"\"\"first line\nsecond"));
        assert!(!fence_open("\"\"\"first\nsecond\"\"\""));
        assert!(!fence_open("\"\"\"one line\"\"\""));
        assert!(!fence_open("no fence"));
        assert_eq!(
            parse("\"\"\"\nline one\n/not a command\n\"\"\""),
            Input::Answer("line one\n/not a command".into())
        );
    }

    #[test]
    fn help_lists_every_command_from_the_table() {
        let h = help();
        for c in COMMANDS {
            assert!(h.contains(c.name) && h.contains(c.help), "{}", c.name);
        }
    }

    #[test]
    fn a_mistyped_command_gets_a_suggestion_and_a_stranger_gets_none() {
        assert_eq!(suggest("/nxt"), Some("/next"));
        assert_eq!(suggest("/skpi"), Some("/skip"));
        assert_eq!(suggest("/qiut"), Some("/quit"));
        assert_eq!(suggest("/hlep"), Some("/help"));
        assert_eq!(suggest("/ti"), Some("/time"));
        assert_eq!(suggest("/api"), None);
        assert_eq!(suggest("/kubernetes"), None);
    }

    #[test]
    fn completion_uses_the_same_table() {
        assert_eq!(completions("/e"), ["/end", "/edit", "/exit"]);
        assert_eq!(completions("/q"), ["/quit"]);
    }
}
