//! The saved sessions in a transcripts directory: listing them and finding one
//! from what a user types (a file path, an id, a unique prefix or part of an id,
//! or `--last`).

use std::path::{Path, PathBuf};

use super::model::Transcript;
use super::store::{self, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("no saved sessions in {}\n  fix: run an interview first (`interviewer`), or pass --transcript-dir / set INTERVIEWER_HOME", dir.display())]
    Empty { dir: PathBuf },
    #[error("no session matches '{query}' in {}\n  fix: `interviewer transcripts list` shows the ids; pass one, a unique part of one, or a .jsonl file", dir.display())]
    Unknown { query: String, dir: PathBuf },
    #[error("'{query}' matches {} sessions: {}{}\n  fix: type more of the id", candidates.len(), candidates.iter().take(8).cloned().collect::<Vec<_>>().join(", "), if candidates.len() > 8 { ", …" } else { "" })]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    #[error("cannot read transcripts directory {}: {source}", dir.display())]
    Dir {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// One saved session.
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    /// The file name without `.jsonl`.
    pub id: String,
    /// The parsed transcript, or why it could not be read.
    pub transcript: Result<Transcript, StoreError>,
}

/// The `.jsonl` files of a directory, newest first. Session ids start with their
/// UTC start time, so name order is time order. A missing directory is empty.
pub fn paths(dir: &Path) -> Result<Vec<PathBuf>, LibraryError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LibraryError::Dir {
                dir: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
        .collect();
    paths.sort();
    paths.reverse();
    Ok(paths)
}

fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every session in `dir`, newest first, each parsed.
pub fn list(dir: &Path) -> Result<Vec<Entry>, LibraryError> {
    Ok(paths(dir)?
        .into_iter()
        .map(|path| Entry {
            id: id_of(&path),
            transcript: store::read(&path),
            path,
        })
        .collect())
}

/// What names a session on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// The newest session.
    Last,
    /// A path to a file, an id, a unique prefix of an id, or a unique part of one.
    Text(String),
}

/// Finds the transcript a query names.
pub fn resolve(dir: &Path, query: &Query) -> Result<PathBuf, LibraryError> {
    let text = match query {
        Query::Last => {
            return paths(dir)?
                .into_iter()
                .next()
                .ok_or_else(|| LibraryError::Empty {
                    dir: dir.to_path_buf(),
                });
        }
        Query::Text(t) => t,
    };
    let as_path = Path::new(text);
    if as_path.is_file() {
        return Ok(as_path.to_path_buf());
    }
    let all = paths(dir)?;
    if all.is_empty() {
        return Err(LibraryError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    let ids: Vec<(String, PathBuf)> = all.into_iter().map(|p| (id_of(&p), p)).collect();
    let exact = |id: &str| id == text.as_str();
    let prefix = |id: &str| id.starts_with(text.as_str());
    let part = |id: &str| id.contains(text.as_str());
    let picks: [&dyn Fn(&str) -> bool; 3] = [&exact, &prefix, &part];
    for pick in picks {
        let found: Vec<&(String, PathBuf)> = ids.iter().filter(|(id, _)| pick(id)).collect();
        match found.as_slice() {
            [] => continue,
            [(_, path)] => return Ok(path.clone()),
            many => {
                return Err(LibraryError::Ambiguous {
                    query: text.clone(),
                    candidates: many.iter().map(|(id, _)| id.clone()).collect(),
                });
            }
        }
    }
    Err(LibraryError::Unknown {
        query: text.clone(),
        dir: dir.to_path_buf(),
    })
}

/// The score and verdict saved beside a transcript by the interview, if any.
pub fn saved_grade(transcript: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(transcript.with_extension("grade.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some((
        v.get("score")?.to_string(),
        v.get("verdict")?.as_str()?.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(names: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for n in names {
            std::fs::write(d.path().join(format!("{n}.jsonl")), "").unwrap();
        }
        std::fs::write(d.path().join("notes.txt"), "").unwrap();
        d
    }

    const IDS: [&str; 3] = [
        "20261124T090000Z-ad-click-1a2b",
        "20261125T100000Z-feed-ranking-3c4d",
        "20261125T110000Z-ad-click-5e6f",
    ];

    #[test]
    fn newest_first_and_only_jsonl() {
        let d = dir_with(&IDS);
        let ids: Vec<String> = paths(d.path()).unwrap().iter().map(|p| id_of(p)).collect();
        assert_eq!(ids, [IDS[2], IDS[1], IDS[0]]);
    }

    #[test]
    fn last_prefix_and_suffix_resolve() {
        let d = dir_with(&IDS);
        let name = |q: Query| id_of(&resolve(d.path(), &q).unwrap());
        assert_eq!(name(Query::Last), IDS[2]);
        assert_eq!(name(Query::Text("20261124".into())), IDS[0]);
        assert_eq!(name(Query::Text("3c4d".into())), IDS[1]);
        assert_eq!(name(Query::Text(IDS[1].into())), IDS[1]);
    }

    #[test]
    fn ambiguous_prefix_lists_the_candidates() {
        let d = dir_with(&IDS);
        let err = resolve(d.path(), &Query::Text("20261125".into()))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("matches 2 sessions") && err.contains(IDS[1]) && err.contains(IDS[2]),
            "{err}"
        );
    }

    #[test]
    fn unknown_and_empty_say_what_to_do() {
        let d = dir_with(&IDS);
        let err = resolve(d.path(), &Query::Text("zzz".into()))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no session matches 'zzz'") && err.contains("transcripts list"),
            "{err}"
        );
        let empty = tempfile::tempdir().unwrap();
        let err = resolve(&empty.path().join("none"), &Query::Last)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no saved sessions"), "{err}");
    }
}
