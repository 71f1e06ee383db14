//! What the terminal is: how wide, and whether it takes colour. The one place
//! that probes the terminal and reads `COLUMNS` and `NO_COLOR`; the printing
//! modules below it (`wrap`, `style`, the renderers) are told, never ask.

use std::io::IsTerminal as _;

use crate::style::Style;

/// The width to fit output to: `COLUMNS` when it is set to a number (the
/// convention of `ls` and friends, and how tests ask for a width), else the
/// terminal's columns when stdout is a terminal, else `None` (no wrapping).
pub fn width() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
    {
        return Some(n);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (terminal_size::Width(w), _) = terminal_size::terminal_size()?;
    Some(usize::from(w))
}

/// The width for running prose (an interviewer's reply, a replayed turn): the
/// output's width, capped at 100 columns for readability.
pub fn prose_width() -> Option<usize> {
    width().map(|w| w.min(100))
}

/// The width for status lines on standard error: `COLUMNS` or the terminal's
/// width, also when only standard output is redirected; none when standard
/// error is not a terminal either.
pub fn stderr_width() -> Option<usize> {
    if std::env::var_os("COLUMNS").is_some() || std::io::stdout().is_terminal() {
        return width();
    }
    // Standard output redirected, standard error still on the terminal.
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let (terminal_size::Width(w), _) = terminal_size::terminal_size_of(std::io::stderr())?;
    Some(usize::from(w))
}

/// True when `NO_COLOR` is set to anything but the empty string.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
pub fn stdout_style() -> Style {
    Style {
        color: std::io::stdout().is_terminal() && !no_color(),
    }
}

/// Colour when stderr is a terminal and `NO_COLOR` is unset or empty.
pub fn stderr_style() -> Style {
    Style {
        color: std::io::stderr().is_terminal() && !no_color(),
    }
}

/// `eprintln!` for status lines, fitted to the terminal like everything else
/// a person reads.
#[macro_export]
macro_rules! status {
    ($($arg:tt)*) => {
        eprintln!(
            "{}",
            $crate::wrap::block(&format!($($arg)*), $crate::terminal::stderr_width())
        )
    };
}
