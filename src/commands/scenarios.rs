//! `interviewer scenarios`: the scenarios, one line each.

use std::io::Write;

use crate::cli::PromptArgs;
use crate::sanitize::for_terminal;

pub fn run(args: &PromptArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let set = crate::disk::prompt_set(args.prompts.as_deref())?;
    let width = set.scenarios().map(|s| s.id.len()).max().unwrap_or(0);
    for s in set.scenarios() {
        writeln!(
            out,
            "{:<width$}  {}",
            for_terminal(&s.id),
            for_terminal(&s.summary)
        )?;
    }
    Ok(())
}
