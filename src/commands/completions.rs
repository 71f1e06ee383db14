//! `interviewer completions SHELL` and `interviewer man`: generated from the
//! same clap definition the program parses with, so they cannot drift from it.

use std::io::Write;

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "interviewer", out);
    out.flush()?;
    Ok(0)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<u8> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    out.flush()?;
    Ok(0)
}
