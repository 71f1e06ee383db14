//! Transcript files on disk: naming, an append-only durable writer, and reading.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::{Header, ParseError, Record, Transcript};

/// Transcripts larger than this are refused by the reader: a real session is a
/// few hundred kilobytes at most.
pub const MAX_TRANSCRIPT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create transcript directory {}: {source}\n  fix: pass --transcript-dir a writable directory, or set INTERVIEWER_HOME", dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create transcript {}: {source}\n  fix: pass --transcript-dir a writable directory, or set INTERVIEWER_HOME", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write transcript {}: {source}; every turn before this one is saved", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the transcript {} is closed; nothing more can be appended", path.display())]
    Closed { path: PathBuf },
    #[error("cannot read transcript {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("transcript {} is {size} bytes, over the {MAX_TRANSCRIPT_BYTES}-byte limit; it is not a session this program wrote", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: {source}", path.display())]
    Parse { path: PathBuf, source: ParseError },
}

/// The session id and file name for a session started at `started_at` (RFC 3339).
/// `2026-11-25T18:22:26Z` + `ad-click` + `3fa9` → `20261125T182226Z-ad-click-3fa9`.
pub fn session_id(started_at: &str, scenario: &str, nonce: &str) -> String {
    let compact: String = started_at
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    format!("{compact}-{scenario}-{nonce}")
}

/// Appends records to a transcript file, one line each, flushed and fsynced
/// before [`TranscriptWriter::append`] returns, so a killed process leaves every
/// completed record on disk. Sequence numbers are assigned here.
#[derive(Debug)]
pub struct TranscriptWriter {
    file: File,
    path: PathBuf,
    next_seq: u64,
    closed: bool,
}

impl TranscriptWriter {
    /// Creates `dir/<session>.jsonl` (never overwriting) and writes the header.
    pub fn create(dir: &Path, header: &Header) -> Result<TranscriptWriter, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(format!("{}.jsonl", header.session));
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(&path)
            .map_err(|source| StoreError::Create {
                path: path.clone(),
                source,
            })?;
        // Make the new directory entry itself durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        let mut writer = TranscriptWriter {
            file,
            path,
            next_seq: 1,
            closed: false,
        };
        writer.write_line(&Record::Header(header.clone()))?;
        Ok(writer)
    }

    /// Reopens a saved transcript to append to it, numbering from `last_seq + 1`.
    /// With `drop_torn`, a last line cut short (no newline) is removed first so the
    /// file stays valid; nothing else in the file is ever changed.
    pub fn reopen(
        path: &Path,
        last_seq: u64,
        drop_torn: bool,
    ) -> Result<TranscriptWriter, StoreError> {
        let write_err = |source| StoreError::Write {
            path: path.to_path_buf(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|source| StoreError::Create {
                path: path.to_path_buf(),
                source,
            })?;
        if drop_torn {
            let bytes = std::fs::read(path).map_err(write_err)?;
            let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            file.set_len(keep as u64).map_err(write_err)?;
            file.sync_all().map_err(write_err)?;
        }
        Ok(TranscriptWriter {
            file,
            path: path.to_path_buf(),
            next_seq: last_seq + 1,
            closed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Assigns the next sequence number to `record` and appends it durably.
    /// An end record closes the writer.
    pub fn append(&mut self, mut record: Record) -> Result<Record, StoreError> {
        if self.closed {
            return Err(StoreError::Closed {
                path: self.path.clone(),
            });
        }
        record.set_seq(self.next_seq);
        self.write_line(&record)?;
        self.next_seq += 1;
        if matches!(record, Record::End(_)) {
            self.closed = true;
        }
        Ok(record)
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    fn write_line(&mut self, record: &Record) -> Result<(), StoreError> {
        let mut line = record.to_json_line();
        line.push('\n');
        let result = self
            .file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .and_then(|()| self.file.sync_data());
        result.map_err(|source| StoreError::Write {
            path: self.path.clone(),
            source,
        })
    }
}

/// Reads and parses a transcript file.
pub fn read(path: &Path) -> Result<Transcript, StoreError> {
    let size = std::fs::metadata(path)
        .map_err(|source| StoreError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > MAX_TRANSCRIPT_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Transcript::parse(&bytes).map_err(|source| StoreError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::model::{End, EndReason, Role, Turn};
    use crate::vocab::Phase;

    fn header() -> Header {
        Header {
            schema: 1,
            tool: "interviewer".into(),
            version: "0.1.0".into(),
            session: session_id("2026-11-25T18:22:26Z", "ad-click", "3fa9"),
            scenario: "ad-click".into(),
            scenario_sha256: "a".into(),
            prompts_sha256: "b".into(),
            backend: "scripted".into(),
            model: None,
            base_url: None,
            started_at: "2026-11-25T18:22:26Z".into(),
            minutes: 45,
        }
    }

    fn candidate(text: &str) -> Record {
        Record::Turn(Turn {
            seq: 0,
            role: Role::Candidate,
            phase: Phase::Scenario,
            kind: None,
            target: None,
            text: text.into(),
            at: "t".into(),
            elapsed_ms: 0,
            skipped: false,
            interrupted: false,
            incomplete: None,
            guard: None,
            model_text: None,
            tokens: None,
        })
    }

    #[test]
    fn session_id_is_sortable_and_names_the_scenario() {
        assert_eq!(header().session, "20261125T182226Z-ad-click-3fa9");
    }

    #[test]
    fn writer_numbers_records_and_reader_reads_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TranscriptWriter::create(&dir.path().join("nested/t"), &header()).unwrap();
        w.append(candidate("one")).unwrap();
        let end = w
            .append(Record::End(End {
                seq: 0,
                reason: EndReason::Eof,
                at: "t".into(),
                elapsed_ms: 1,
            }))
            .unwrap();
        assert_eq!(end.seq(), 2);
        assert!(matches!(
            w.append(candidate("late")),
            Err(StoreError::Closed { .. })
        ));
        let t = read(w.path()).unwrap();
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.end_reason(), Some(EndReason::Eof));
    }

    #[test]
    fn reopen_drops_only_a_torn_tail_and_continues_the_numbering() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TranscriptWriter::create(dir.path(), &header()).unwrap();
        w.append(candidate("one")).unwrap();
        let path = w.path().to_path_buf();
        drop(w);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"type":"turn","seq":2,"ro"#).unwrap();
        let t = read(&path).unwrap();
        assert!(t.torn.is_some());
        let mut w = TranscriptWriter::reopen(&path, 1, true).unwrap();
        assert_eq!(w.append(candidate("two")).unwrap().seq(), 2);
        let t = read(&path).unwrap();
        assert_eq!(t.torn, None);
        let texts: Vec<_> = t.turns().map(|x| x.text.clone()).collect();
        assert_eq!(texts, ["one", "two"]);
    }

    #[test]
    fn create_never_overwrites_an_existing_session() {
        let dir = tempfile::tempdir().unwrap();
        TranscriptWriter::create(dir.path(), &header()).unwrap();
        let err = TranscriptWriter::create(dir.path(), &header()).unwrap_err();
        assert!(matches!(err, StoreError::Create { .. }), "{err}");
    }

    #[test]
    fn read_names_the_file_in_parse_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        std::fs::write(&path, "not json\n").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(
            err.contains("x.jsonl: line 1: not an interviewer transcript"),
            "{err}"
        );
    }
}
