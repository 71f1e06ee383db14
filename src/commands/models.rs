//! `interviewer models`: the models the LLM server has, one per line.

use std::io::Write;

use crate::cli::ServerArgs;
use crate::provider::{Provider, Purpose};

pub fn run(args: &ServerArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let provider = Provider::from_args(args)?;
    for m in provider.client(Purpose::Ask)?.list_models()? {
        writeln!(out, "{}", crate::sanitize::for_terminal(&m))?;
    }
    Ok(0)
}
