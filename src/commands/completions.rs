//! `interviewer completions SHELL` and `interviewer man`: generated from the
//! same clap definition the program parses with, so they cannot drift from it.

use std::io::Write;

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    // clap_complete panics when its writer fails (a closed or full stdout):
    // the script is built in memory and written here, where an error is ours.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "interviewer", &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(0)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page)?;
    out.flush()?;
    Ok(0)
}
