//! `interviewer paths`: where files live.

use std::io::Write;

pub fn run(out: &mut dyn Write) -> anyhow::Result<()> {
    let p = crate::paths::current()?;
    writeln!(out, "transcripts  {}", p.transcripts.display())?;
    writeln!(out, "history      {}", p.history.display())?;
    writeln!(out, "config       {}", p.config.display())?;
    Ok(())
}
