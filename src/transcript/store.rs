//! Transcript files on disk: naming, an append-only durable writer, and reading.
//!
//! Transcripts are personal records: directories are created 0700 and files
//! 0600. One writer at a time: the writer holds an advisory lock on the file
//! (`flock`), so a second `resume` of the same session is refused with the pid
//! that holds it instead of interleaving records. A new file appears only
//! with its header inside (written beside it, then linked into place), so a kill
//! during start-up never leaves an empty `.jsonl`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::{Header, ParseError, Record, Transcript};

/// Transcripts larger than this are refused by the reader. A real session is a
/// few hundred kilobytes: even 200 answers at the 64 KiB input limit stay
/// under it, and grading what is under it takes seconds, not minutes.
pub const MAX_TRANSCRIPT_BYTES: u64 = 16 * 1024 * 1024;

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
    #[error("{}: {source}", path.display())]
    Parse { path: PathBuf, source: ParseError },
    /// Not a regular file, or too big to be a session this program wrote
    /// (the disk error names the file).
    #[error("{source}")]
    File {
        path: PathBuf,
        source: crate::disk::DiskError,
    },
    #[error("transcript {} is in use by {holder}\n  fix: finish or quit that session first (or wait for it to exit), then try again", path.display())]
    InUse { path: PathBuf, holder: String },
    #[error("transcript {} changed while it was being opened (another process wrote to it)\n  fix: try again", path.display())]
    Changed { path: PathBuf },
}

/// The session id and file name for a session started at `started_at` (RFC 3339,
/// fractions of a second left out of the id). `2026-11-25T18:22:26.120Z` +
/// `ad-click` + `3fa9` → `20261125T182226Z-ad-click-3fa9`.
pub fn session_id(started_at: &str, scenario: &str, nonce: &str) -> String {
    let whole = match started_at.split_once('.') {
        Some((secs, frac)) => {
            let zone = frac.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("{secs}{zone}")
        }
        None => started_at.to_string(),
    };
    let compact: String = whole.chars().filter(|c| *c != '-' && *c != ':').collect();
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
    /// Every byte written to the file, so it can be written again if the file
    /// is deleted or moved while the session runs.
    written: Vec<u8>,
    /// What the session should tell the user about the file, once.
    notice: Option<String>,
}

impl TranscriptWriter {
    /// Creates `dir/<session>.jsonl` (never overwriting) holding the header.
    /// The header is written to a private temporary file first and linked into
    /// place, so the transcript never exists without it.
    pub fn create(dir: &Path, header: &Header) -> Result<TranscriptWriter, StoreError> {
        crate::disk::private_dir(dir).map_err(|source| StoreError::CreateDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(format!("{}.jsonl", header.session));
        let create_err = |source| StoreError::Create {
            path: path.clone(),
            source,
        };
        let tmp = dir.join(format!(".{}.{}.new", header.session, std::process::id()));
        let mut line = Record::Header(header.clone()).to_json_line();
        line.push('\n');
        let staged = (|| {
            let mut f = crate::disk::private_file(&tmp)?;
            f.write_all(line.as_bytes())?;
            f.sync_all()?;
            // A hard link fails if the name exists: never overwrites a session.
            std::fs::hard_link(&tmp, &path)
        })();
        let _ = std::fs::remove_file(&tmp);
        match staged {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(create_err(e)),
            // A filesystem without hard links (FAT, some network mounts): create
            // the file in place, header first.
            Err(_) => {
                let mut f = crate::disk::private_options()
                    .append(true)
                    .create_new(true)
                    .open(&path)
                    .map_err(create_err)?;
                f.write_all(line.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(create_err)?;
            }
        }
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(create_err)?;
        lock(&file, &path)?;
        // Make the new directory entry itself durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(TranscriptWriter {
            file,
            path,
            next_seq: 1,
            closed: false,
            written: line.into_bytes(),
            notice: None,
        })
    }

    /// Reopens a saved transcript to append to it, numbering from `last_seq + 1`.
    /// The file is locked first, then checked to still end at `last_seq` (no
    /// other writer got in since it was read). A last line cut short (no newline,
    /// not a whole record) is removed so the file stays valid; a whole last
    /// record missing only its newline (an editor's save) gets the newline back.
    /// Nothing else in the file is ever changed.
    pub fn reopen(path: &Path, last_seq: u64) -> Result<TranscriptWriter, StoreError> {
        let write_err = |source| StoreError::Write {
            path: path.to_path_buf(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|source| StoreError::Create {
                path: path.to_path_buf(),
                source,
            })?;
        lock(&file, path)?;
        let now = read(path)?;
        if now.records.last().map_or(0, Record::seq) != last_seq {
            return Err(StoreError::Changed {
                path: path.to_path_buf(),
            });
        }
        let bytes = crate::disk::read_bytes(path, MAX_TRANSCRIPT_BYTES, "a transcript").map_err(
            |source| StoreError::File {
                path: path.to_path_buf(),
                source,
            },
        )?;
        let mut written = bytes;
        if written.last().is_some_and(|b| *b != b'\n') {
            if now.torn.is_some() {
                let keep = written
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                file.set_len(keep as u64).map_err(write_err)?;
                written.truncate(keep);
            } else {
                file.write_all(b"\n").map_err(write_err)?;
                written.push(b'\n');
            }
            file.sync_all().map_err(write_err)?;
        }
        // A crafted file whose last seq is the largest number can take no more.
        let next_seq = last_seq.checked_add(1).ok_or_else(|| StoreError::Closed {
            path: path.to_path_buf(),
        })?;
        Ok(TranscriptWriter {
            file,
            path: path.to_path_buf(),
            next_seq,
            closed: false,
            written,
            notice: None,
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
        self.next_seq = self.next_seq.saturating_add(1);
        if matches!(record, Record::End(_)) {
            self.closed = true;
        }
        Ok(record)
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// A message for the user about the file (it was deleted or moved and has
    /// been written again), once.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    /// True when the path still names the file being written to.
    fn still_there(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            match (self.file.metadata(), std::fs::metadata(&self.path)) {
                (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
                _ => false,
            }
        }
        #[cfg(not(unix))]
        {
            self.path.is_file()
        }
    }

    /// The file was deleted, moved or replaced while the session ran: every
    /// record written so far goes into a new file — at its old path when that
    /// is free, else beside it — so nothing said is lost, and the session says
    /// where it now is.
    fn write_again(&mut self) -> Result<(), StoreError> {
        let gone = self.path.clone();
        let path = if gone.exists() {
            gone.with_extension(format!("recovered-{}.jsonl", std::process::id()))
        } else {
            gone.clone()
        };
        let create_err = |source| StoreError::Create {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            crate::disk::private_dir(dir).map_err(create_err)?;
        }
        let mut file = crate::disk::private_options()
            .append(true)
            .create_new(true)
            .open(&path)
            .map_err(create_err)?;
        file.write_all(&self.written)
            .and_then(|()| file.sync_all())
            .map_err(create_err)?;
        lock(&file, &path)?;
        self.notice = Some(format!(
            "the transcript file {} was deleted or moved during the session; everything so far was written again to {}",
            gone.display(),
            path.display()
        ));
        self.file = file;
        self.path = path;
        Ok(())
    }

    fn write_line(&mut self, record: &Record) -> Result<(), StoreError> {
        if !self.still_there() {
            self.write_again()?;
        }
        let mut line = redacted(record).to_json_line();
        line.push('\n');
        // Where the file ended: a write that fails half-way (a full disk) is cut
        // back, so the next record (the signal handler's end line, say) does not
        // land glued to half a line in the middle of the file.
        let before = self.file.metadata().map(|m| m.len()).ok();
        let result = self
            .file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .and_then(|()| self.file.sync_data());
        if result.is_err() {
            if let Some(len) = before {
                let _ = self.file.set_len(len);
            }
        } else {
            self.written.extend_from_slice(line.as_bytes());
        }
        result.map_err(|source| StoreError::Write {
            path: self.path.clone(),
            source,
        })
    }
}

/// `record` with registered secrets redacted from its free-text fields (never
/// from its keys or enum values, so the line always stays a valid record).
fn redacted(record: &Record) -> Record {
    let clean = |s: &str| crate::sanitize::redact(s).into_owned();
    let clean_opt = |s: &Option<String>| s.as_deref().map(clean);
    match record {
        Record::Turn(t) => Record::Turn(super::model::Turn {
            text: clean(&t.text),
            incomplete: clean_opt(&t.incomplete),
            guard: clean_opt(&t.guard),
            model_text: clean_opt(&t.model_text),
            intent: t.intent.as_ref().map(|i| crate::vocab::Intent {
                about: clean_opt(&i.about),
                claim: clean_opt(&i.claim),
                ..i.clone()
            }),
            ..t.clone()
        }),
        Record::Header(h) => Record::Header(Header {
            model: clean_opt(&h.model),
            base_url: clean_opt(&h.base_url),
            ..h.clone()
        }),
        other => other.clone(),
    }
}

/// Takes the advisory lock (`flock`, exclusive, not waiting) on an open
/// transcript, or names who holds it. The lock goes with the file handle: a
/// process that dies releases it.
fn lock(file: &File, path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd as _;
        // SAFETY: flock on a file descriptor this `File` owns and keeps open.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            // A filesystem without locks (NFS mounted `nolock`, some SMB mounts):
            // go on unlocked rather than refuse to record the interview at all.
            if matches!(
                err.raw_os_error(),
                Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::ENOSYS)
            ) {
                return Ok(());
            }
            if err.kind() == std::io::ErrorKind::WouldBlock {
                return Err(StoreError::InUse {
                    path: path.to_path_buf(),
                    holder: holder(file).map_or_else(
                        || "another interviewer process".to_string(),
                        |pid| format!("pid {pid}"),
                    ),
                });
            }
            return Err(StoreError::Create {
                path: path.to_path_buf(),
                source: err,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// The pid holding a `flock` on `file`, from Linux's `/proc/locks`.
fn holder(file: &File) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let inode = file.metadata().ok()?.ino();
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        locks.lines().find_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // "1: FLOCK  ADVISORY  WRITE 1234 00:2a:5678 0 EOF"
            let at = f.iter().position(|x| *x == "FLOCK")?;
            let pid = f.get(at + 3)?.parse().ok()?;
            let ino: u64 = f.get(at + 4)?.rsplit(':').next()?.parse().ok()?;
            (ino == inode).then_some(pid)
        })
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

/// Reads and parses a transcript file: a regular file (never a FIFO or a
/// device, which would hang or never end) of at most [`MAX_TRANSCRIPT_BYTES`],
/// a leading byte-order mark ignored.
pub fn read(path: &Path) -> Result<Transcript, StoreError> {
    let bytes = crate::disk::read_bytes(path, MAX_TRANSCRIPT_BYTES, "a transcript").map_err(
        |e| match e {
            crate::disk::DiskError::Io { source, .. } => StoreError::Read {
                path: path.to_path_buf(),
                source,
            },
            other => StoreError::File {
                path: path.to_path_buf(),
                source: other,
            },
        },
    )?;
    Transcript::parse(crate::disk::strip_bom(&bytes)).map_err(|source| StoreError::Parse {
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
            level: None,
        }
    }

    fn candidate(text: &str) -> Record {
        Record::Turn(Turn {
            at: "t".into(),
            ..Turn::new(Role::Candidate, Phase::Scenario, text)
        })
    }

    #[test]
    fn session_id_is_sortable_and_names_the_scenario() {
        assert_eq!(header().session, "20261125T182226Z-ad-click-3fa9");
        assert_eq!(
            session_id("2026-11-25T18:22:26.120Z", "x", "ab"),
            "20261125T182226Z-x-ab"
        );
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
        let mut w = TranscriptWriter::reopen(&path, 1).unwrap();
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

    #[test]
    fn a_second_writer_is_refused_naming_the_pid_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TranscriptWriter::create(dir.path(), &header()).unwrap();
        w.append(candidate("one")).unwrap();
        let before = std::fs::read(w.path()).unwrap();
        let err = TranscriptWriter::reopen(w.path(), 1).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("is in use by pid {}", std::process::id())),
            "{err}"
        );
        assert_eq!(std::fs::read(w.path()).unwrap(), before);
        let path = w.path().to_path_buf();
        drop(w);
        let mut again = TranscriptWriter::reopen(&path, 1).unwrap();
        assert_eq!(again.append(candidate("two")).unwrap().seq(), 2);
    }

    #[test]
    fn reopen_refuses_a_file_that_moved_on_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TranscriptWriter::create(dir.path(), &header()).unwrap();
        w.append(candidate("one")).unwrap();
        let path = w.path().to_path_buf();
        drop(w);
        let err = TranscriptWriter::reopen(&path, 0).unwrap_err();
        assert!(matches!(err, StoreError::Changed { .. }), "{err}");
    }

    #[test]
    fn reopen_gives_a_whole_last_record_back_its_newline() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TranscriptWriter::create(dir.path(), &header()).unwrap();
        w.append(candidate("one")).unwrap();
        let path = w.path().to_path_buf();
        drop(w);
        // An editor saved the file without its final newline.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, bytes.strip_suffix(b"\n").unwrap()).unwrap();
        let mut w = TranscriptWriter::reopen(&path, 1).unwrap();
        w.append(candidate("two")).unwrap();
        let t = read(&path).unwrap();
        let texts: Vec<_> = t.turns().map(|x| x.text.clone()).collect();
        assert_eq!(texts, ["one", "two"]);
    }

    #[cfg(unix)]
    #[test]
    fn transcripts_are_private_and_never_exist_without_a_header() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        let w = TranscriptWriter::create(&nested, &header()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(w.path()), 0o600);
        let names: Vec<String> = std::fs::read_dir(&nested)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [format!("{}.jsonl", header().session)],
            "no temp file left"
        );
        assert!(read(w.path()).is_ok(), "the header is there from the start");
    }

    #[test]
    fn a_byte_order_mark_is_ignored_and_odd_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let w = TranscriptWriter::create(dir.path(), &header()).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(std::fs::read(w.path()).unwrap());
        let bom = dir.path().join("bom.jsonl");
        std::fs::write(&bom, bytes).unwrap();
        assert!(read(&bom).is_ok());
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("it is a directory"), "{err}");
        #[cfg(unix)]
        {
            let zero = dir.path().join("zero.jsonl");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            let err = read(&zero).unwrap_err().to_string();
            assert!(err.contains("it is a device"), "{err}");
        }
    }
}
