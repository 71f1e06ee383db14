//! `interviewer config [--example]`: the server settings in effect and where
//! each one came from, or a commented example of the config file.

use std::io::Write;

use crate::cli::ConfigArgs;
use crate::config::{DEFAULT_CONTEXT, DEFAULT_TEMPERATURE};
use crate::provider::Provider;
use crate::sanitize::for_terminal;

/// The commented example config file (also in docs/config.example.toml).
pub const EXAMPLE: &str = include_str!("../../docs/config.example.toml");

pub fn run(args: &ConfigArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    if args.example {
        out.write_all(EXAMPLE.as_bytes())?;
        return Ok(0);
    }
    let file = crate::paths::current()?.config;
    let provider = Provider::from_args(&args.server)?;
    let s = &provider.settings;
    writeln!(
        out,
        "config file  {}{}",
        file.display(),
        if file.is_file() {
            ""
        } else {
            " (none yet; `interviewer config --example` prints one)"
        }
    )?;
    writeln!(
        out,
        "base_url     {}  (from {})",
        provider.shown_url(),
        s.base_url_from
    )?;
    writeln!(
        out,
        "model        {}",
        s.model
            .as_deref()
            .map_or("the server's first (none set)".to_string(), for_terminal)
    )?;
    writeln!(
        out,
        "context      {}",
        s.context.map_or(
            format!("what the server reports, else {DEFAULT_CONTEXT} (none set)"),
            |c| c.to_string()
        )
    )?;
    writeln!(
        out,
        "temperature  {}",
        s.temperature
            .map_or(format!("{DEFAULT_TEMPERATURE} (none set)"), |t| t
                .to_string())
    )?;
    writeln!(
        out,
        "reply caps   {} characters, {} s (max_reply_chars, max_reply_seconds)",
        s.max_reply_chars, s.max_reply_seconds
    )?;
    writeln!(
        out,
        "level        {}",
        s.level.as_deref().map_or(
            format!("{} (none set)", crate::rubric::DEFAULT_LEVEL),
            for_terminal
        )
    )?;
    writeln!(
        out,
        "api_key      {}",
        s.api_key_from
            .as_ref()
            .map_or("none".to_string(), |from| format!("set (from {from})"))
    )?;
    Ok(0)
}
