//! Where the program keeps its files.
//!
//! `INTERVIEWER_HOME` puts everything in one directory (tests and portable
//! setups use it). Without it, the platform's directories are used: on Linux
//! `~/.local/share/interviewer/transcripts`, `~/.local/state/interviewer/history`
//! and `~/.config/interviewer/config.toml`.

use std::path::{Path, PathBuf};

/// Resolved locations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub transcripts: PathBuf,
    pub history: PathBuf,
    pub config: PathBuf,
}

/// The platform directories, passed in so resolution is a pure function.
#[derive(Debug, Clone, Default)]
pub struct PlatformDirs {
    pub data: Option<PathBuf>,
    pub state: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

impl PlatformDirs {
    /// The directories of this machine and user.
    pub fn current() -> Self {
        PlatformDirs {
            data: dirs::data_dir(),
            state: dirs::state_dir().or_else(dirs::data_local_dir),
            config: dirs::config_dir(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find a home for interviewer's files (no {what} directory on this system)\n  fix: set INTERVIEWER_HOME to a writable directory"
)]
pub struct PathsError {
    what: &'static str,
}

const APP: &str = "interviewer";

/// Resolves the paths from `INTERVIEWER_HOME` (if set and non-empty) or the platform.
pub fn resolve(home: Option<PathBuf>, platform: &PlatformDirs) -> Result<Paths, PathsError> {
    if let Some(home) = home.filter(|h| !h.as_os_str().is_empty()) {
        return Ok(Paths {
            transcripts: home.join("transcripts"),
            history: home.join("history"),
            config: home.join("config.toml"),
        });
    }
    let need =
        |dir: &Option<PathBuf>, what| dir.clone().map(|d| d.join(APP)).ok_or(PathsError { what });
    Ok(Paths {
        transcripts: need(&platform.data, "data")?.join("transcripts"),
        history: need(&platform.state, "state")?.join("history"),
        config: need(&platform.config, "config")?.join("config.toml"),
    })
}

/// Resolves the paths for this process.
pub fn current() -> Result<Paths, PathsError> {
    resolve(
        std::env::var_os("INTERVIEWER_HOME").map(PathBuf::from),
        &PlatformDirs::current(),
    )
}

/// `path` as a person reads it in a status line: under the home directory it
/// starts with `~/` (shorter, so it fits a terminal line, and still pastes
/// into a shell); anywhere else it is as it is.
pub fn shown(path: &Path) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux() -> PlatformDirs {
        PlatformDirs {
            data: Some("/home/u/.local/share".into()),
            state: Some("/home/u/.local/state".into()),
            config: Some("/home/u/.config".into()),
        }
    }

    #[test]
    fn home_variable_puts_everything_in_one_place() {
        let p = resolve(Some("/tmp/h".into()), &linux()).unwrap();
        assert_eq!(p.transcripts, PathBuf::from("/tmp/h/transcripts"));
        assert_eq!(p.history, PathBuf::from("/tmp/h/history"));
        assert_eq!(p.config, PathBuf::from("/tmp/h/config.toml"));
    }

    #[test]
    fn platform_dirs_are_used_otherwise() {
        let p = resolve(None, &linux()).unwrap();
        assert_eq!(
            p.transcripts,
            PathBuf::from("/home/u/.local/share/interviewer/transcripts")
        );
        assert_eq!(
            p.history,
            PathBuf::from("/home/u/.local/state/interviewer/history")
        );
    }

    #[test]
    fn empty_home_variable_is_ignored() {
        let p = resolve(Some(PathBuf::new()), &linux()).unwrap();
        assert_eq!(
            p.config,
            PathBuf::from("/home/u/.config/interviewer/config.toml")
        );
    }

    #[test]
    fn missing_platform_dir_says_how_to_fix_it() {
        let err = resolve(None, &PlatformDirs::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("set INTERVIEWER_HOME"), "{err}");
    }
}
