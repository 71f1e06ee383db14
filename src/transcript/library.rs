//! The saved sessions in a transcripts directory: listing them and finding one
//! from what a user types (a file path, an id, a unique prefix or part of an id,
//! or `--last`).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

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

/// The `.jsonl` files of a directory, newest first: by the start time in each
/// header (to the millisecond in sessions this version wrote), then by when the
/// file last changed (for older headers with whole seconds only), then by name.
/// Files without a readable header (empty, or not transcripts) come last. A
/// missing directory is empty.
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
    let mut keyed: Vec<(Option<SystemTime>, Option<SystemTime>, PathBuf)> = paths
        .drain(..)
        .map(|p| {
            let changed = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
            (started_at(&p), changed, p)
        })
        .collect();
    keyed.sort();
    keyed.reverse();
    Ok(keyed.into_iter().map(|(_, _, p)| p).collect())
}

/// The start time in a transcript's header line, read without reading the rest.
fn started_at(path: &Path) -> Option<SystemTime> {
    use std::io::{BufRead as _, Read as _};
    let file = std::fs::File::open(path).ok()?;
    let mut line = Vec::new();
    std::io::BufReader::new(file.take(64 * 1024))
        .read_until(b'\n', &mut line)
        .ok()?;
    let line = crate::disk::strip_bom(&line);
    let v: serde_json::Value = serde_json::from_slice(line).ok()?;
    if v.get("type")?.as_str()? != "header" {
        return None;
    }
    humantime::parse_rfc3339_weak(v.get("started_at")?.as_str()?).ok()
}

/// The newest session that has a header: `--last` never lands on an empty or
/// foreign `.jsonl` file left by a kill during start-up or by another program.
fn newest(dir: &Path) -> Result<PathBuf, LibraryError> {
    paths(dir)?
        .into_iter()
        .find(|p| started_at(p).is_some())
        .ok_or_else(|| LibraryError::Empty {
            dir: dir.to_path_buf(),
        })
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
        Query::Last => return newest(dir),
        Query::Text(t) => t,
    };
    // A file at that path is what was meant, even a FIFO or a device: the
    // reader then says why it will not read it. A directory counts only when
    // written as a path, so one in the current folder that happens to share a
    // session's id does not hide the session.
    let as_path = Path::new(text);
    let names_a_path = text.contains(std::path::MAIN_SEPARATOR) || text.ends_with(".jsonl");
    if std::fs::symlink_metadata(as_path).is_ok_and(|m| !m.is_dir() || names_a_path) {
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

/// The largest grade report beside a transcript that is read: a real one is a
/// few tens of kilobytes.
const GRADE_FILE_LIMIT: u64 = 4 * 1024 * 1024;

/// The score and verdict saved beside a transcript by the interview, if any.
/// Only a regular file of sane size is read: a FIFO, a link to a device or a
/// huge sparse file there is passed over, never waited on.
pub fn saved_grade(transcript: &Path) -> Option<(String, String)> {
    let text = crate::disk::read_text(
        &transcript.with_extension("grade.json"),
        GRADE_FILE_LIMIT,
        "a grade report",
    )
    .ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some((
        v.get("score")?.to_string(),
        v.get("verdict")?.as_str()?.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header line starting at the time the id names.
    fn header_for(id: &str, fraction: &str) -> String {
        let t = &id[..16];
        format!(
            "{{\"type\":\"header\",\"started_at\":\"{}-{}-{}T{}:{}:{}{fraction}Z\"}}\n",
            &t[0..4],
            &t[4..6],
            &t[6..8],
            &t[9..11],
            &t[11..13],
            &t[13..15]
        )
    }

    fn dir_with(names: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for n in names {
            std::fs::write(d.path().join(format!("{n}.jsonl")), header_for(n, "")).unwrap();
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
    fn last_goes_by_start_time_to_the_millisecond_and_skips_headerless_files() {
        let d = tempfile::tempdir().unwrap();
        // Same second; the random suffix sorts the older one last by name.
        let older = "20261125T110000Z-ad-click-ffff";
        let newer = "20261125T110000Z-ad-click-0000";
        std::fs::write(
            d.path().join(format!("{newer}.jsonl")),
            header_for(newer, ".900"),
        )
        .unwrap();
        std::fs::write(
            d.path().join(format!("{older}.jsonl")),
            header_for(older, ".100"),
        )
        .unwrap();
        // A kill during start-up by an older version left an empty file.
        std::fs::write(d.path().join("20261125T120000Z-ad-click-aaaa.jsonl"), "").unwrap();
        assert_eq!(id_of(&resolve(d.path(), &Query::Last).unwrap()), newer);
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
