//! `interviewer models`: the models the LLM server has, one per line.

use std::io::Write;

use crate::cli::ServerArgs;
use crate::llm::client::{Client, ClientConfig};

pub fn run(args: &ServerArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let s = super::interview::settings(args)?;
    let mut cfg = ClientConfig::new(s.base_url);
    cfg.api_key = s.api_key;
    cfg.api_key_from = s.api_key_from;
    cfg.retries = 1;
    for m in Client::new(cfg)?.list_models()? {
        writeln!(out, "{}", crate::sanitize::for_terminal(&m))?;
    }
    Ok(0)
}
