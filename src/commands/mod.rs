//! One file per subcommand. These are the only places that combine the core
//! with the edges; they use anyhow for glue and return an exit code.

pub mod completions;
pub mod config;
pub mod doctor;
pub mod eval;
pub mod grade;
pub mod history;
pub mod interview;
pub mod models;
pub mod paths;
pub mod practice;
pub mod replay;
pub mod report;
pub mod resume;
pub mod retry;
pub mod scenarios;
pub mod transcripts;

/// Exit code for a failure the user can fix (bad flag, bad file, bad input).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for any other failure (I/O, terminal).
pub const EXIT_FAILURE: u8 = 1;

/// The error and its causes as one line of `a: b: c`, each said once: many
/// messages already quote their cause (`cannot read X: permission denied`), and
/// repeating it as the next link of the chain only adds noise.
pub fn describe(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let said = cause.to_string();
        if said.is_empty() || out.contains(said.trim()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&said);
    }
    out
}

/// True when the error is a write to a pipe whose reader has gone.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Chooses the exit code for an error from its cause.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    use crate::repl::input::InputError;
    use crate::session::SessionError;
    use crate::transcript::StoreError;
    for cause in err.chain() {
        if cause.is::<crate::prompts::PromptError>()
            || cause.is::<crate::paths::PathsError>()
            || cause.is::<crate::rubric::RubricError>()
            || cause.is::<crate::rubric::UnknownLevel>()
            || cause.is::<crate::transcript::library::LibraryError>()
            || cause.is::<resume::ResumeError>()
            || cause.is::<scenarios::ScaffoldError>()
            || cause.is::<retry::RetryInputError>()
            || cause.is::<crate::retry::RetryError>()
            || cause.is::<crate::provider::UnknownModel>()
            || cause.is::<crate::config::ConfigError>()
            || cause.is::<crate::disk::DiskError>()
            || cause.is::<crate::disk::RubricLoadError>()
        {
            return EXIT_USAGE;
        }
        if let Some(StoreError::Parse { .. } | StoreError::File { .. }) =
            cause.downcast_ref::<StoreError>()
        {
            return EXIT_USAGE;
        }
        if let Some(InputError::InvalidUtf8 { .. } | InputError::TooLong { .. }) =
            cause.downcast_ref::<InputError>()
        {
            return EXIT_USAGE;
        }
        if let Some(SessionError::Input(
            InputError::InvalidUtf8 { .. } | InputError::TooLong { .. },
        )) = cause.downcast_ref::<SessionError>()
        {
            return EXIT_USAGE;
        }
    }
    EXIT_FAILURE
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_already_quoted_is_not_said_again() {
        let io = std::io::Error::other("disk full");
        let err = anyhow::Error::new(crate::transcript::StoreError::Write {
            path: "t.jsonl".into(),
            source: io,
        })
        .context("the interview stopped");
        let said = super::describe(&err);
        assert_eq!(said.matches("disk full").count(), 1, "{said}");
        assert!(
            said.starts_with("the interview stopped: cannot write transcript t.jsonl: disk full"),
            "{said}"
        );
    }
}
