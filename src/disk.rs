//! Reading the files a user names: prompt overlays, rubrics, written design
//! answers. Every read checks the file first — a regular file (never a FIFO, a
//! device or a directory, which would hang or never end), no bigger than the
//! limit for its kind — and reads at most that many bytes even if the file grows.
//! Text is UTF-8, with a leading byte-order mark dropped. This is the edge where
//! the pure parsers ([`crate::prompts`], [`crate::rubric`]) get their text.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::prompts::{MAX_PROMPT_FILE_BYTES, PromptError, PromptFile, PromptFiles, PromptSet};
use crate::rubric::{RUBRIC_FILE, Rubric, RubricError};

/// A file that cannot be read as what it was named for.
#[derive(Debug, thiserror::Error)]
pub enum DiskError {
    #[error("{}: it is {kind}, not a regular file\n  fix: pass a regular file", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("{}: it is over {limit} bytes, too big for {what}\n  fix: pass the right file", path.display())]
    TooLarge {
        path: PathBuf,
        limit: u64,
        what: &'static str,
    },
    #[error("{}: it is not UTF-8 text (invalid byte at offset {offset})\n  fix: save it as UTF-8", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What kind of non-regular file `meta` describes, if it is one.
fn odd_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, DiskError> {
    let io = |source| DiskError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = odd_kind(&meta) {
        return Err(DiskError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    let too_large = || DiskError::TooLarge {
        path: path.to_path_buf(),
        limit,
        what,
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Drops a leading UTF-8 byte-order mark, which some editors write.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The `*.toml` files directly in `dir`, sorted by name: scenario files, candidate
/// scripts.
pub fn toml_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The UTF-8 text of a regular file of at most `limit` bytes, without a BOM.
pub fn read_text(path: &Path, limit: u64, what: &'static str) -> Result<String, DiskError> {
    let bytes = read_bytes(path, limit, what)?;
    let bytes = strip_bom(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|e| DiskError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Writes `bytes` to `path` all at once: into a temporary file beside it, synced,
/// then renamed over it, so a crash or a full disk leaves either the old file or
/// the new one, never half of one. The file is readable by its owner only.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Open options whose new files only their owner can read and write; the
/// caller adds how to open (create, truncate, append, create_new).
pub fn private_options() -> std::fs::OpenOptions {
    #[allow(unused_mut)]
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// Creates (or truncates) a file only its owner can read and write.
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

/// Creates `dir` and its missing parents readable by their owner only.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn prompt_file(path: &Path) -> Result<PromptFile, PromptError> {
    let text =
        read_text(path, MAX_PROMPT_FILE_BYTES, "a prompt file").map_err(|e| PromptError::File {
            path: path.to_path_buf(),
            reason: match e {
                DiskError::Io { source, .. } => source.to_string(),
                other => other.to_string(),
            },
        })?;
    Ok(PromptFile {
        origin: path.display().to_string(),
        text,
    })
}

/// The embedded prompt files, with `dir` laid over them when given: a file in
/// `dir` replaces the built-in one at the same relative path, a new one is added.
pub fn prompt_files(dir: Option<&Path>) -> Result<PromptFiles, PromptError> {
    let mut files = PromptFiles::embedded();
    if let Some(dir) = dir {
        let mut found = Vec::new();
        walk(dir, dir, &mut found)?;
        for (rel, path) in found {
            files.insert(rel, prompt_file(&path)?);
        }
    }
    Ok(files)
}

/// The prompt set: embedded, overlaid by `dir`, parsed and checked.
pub fn prompt_set(dir: Option<&Path>) -> Result<PromptSet, PromptError> {
    PromptSet::from_files(prompt_files(dir)?)
}

/// Why a rubric could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RubricLoadError {
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error(transparent)]
    Rubric(#[from] RubricError),
}

/// The rubric: the file at `path` (`--rubric`), else `rubric.toml` of the prompt
/// set overlaid by `prompts_dir`.
pub fn rubric(path: Option<&Path>, prompts_dir: Option<&Path>) -> Result<Rubric, RubricLoadError> {
    let file = match path {
        Some(p) => prompt_file(p)?,
        None => prompt_files(prompts_dir)?
            .get(RUBRIC_FILE)
            .cloned()
            .ok_or_else(|| PromptError::Invalid {
                file: RUBRIC_FILE.to_string(),
                message: "missing: the prompt set has no rubric.toml".to_string(),
            })?,
    };
    Ok(Rubric::compile(&file)?)
}

/// How deep a prompt folder is walked: its layout is two levels deep.
const WALK_DEPTH: usize = 8;

/// The prompt files under `dir`. A folder reached twice (a symlink loop, or
/// a link back up) is walked once, and no deeper than [`WALK_DEPTH`].
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), PromptError> {
    walk_from(root, dir, out, &mut std::collections::BTreeSet::new(), 0)
}

fn walk_from(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
    seen: &mut std::collections::BTreeSet<PathBuf>,
    depth: usize,
) -> Result<(), PromptError> {
    let dir_error = |source| PromptError::Dir {
        dir: dir.to_path_buf(),
        source,
    };
    let real = std::fs::canonicalize(dir).map_err(dir_error)?;
    if depth > WALK_DEPTH || !seen.insert(real) {
        return Ok(());
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(dir_error)? {
        paths.push(entry.map_err(dir_error)?.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk_from(root, &path, out, seen, depth + 1)?;
        } else if path
            .extension()
            .is_some_and(|x| x == "toml" || x == "md" || x == "txt")
        {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped_and_bad_utf8_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!(read_text(&p, 100, "a test").unwrap(), "hello");
        std::fs::write(&p, b"ok\xff").unwrap();
        let err = read_text(&p, 100, "a test").unwrap_err().to_string();
        assert!(
            err.contains("not UTF-8") && err.contains("offset 2"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_prompt_folder_with_a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("scenarios");
        std::fs::create_dir(&sub).unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        std::os::unix::fs::symlink(&sub, sub.join("self")).unwrap();
        std::fs::write(sub.join("x.toml"), "a = 1").unwrap();
        let mut found = Vec::new();
        walk(dir.path(), dir.path(), &mut found).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn too_large_and_odd_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'x'; 101]).unwrap();
        assert!(matches!(
            read_bytes(&p, 100, "a test"),
            Err(DiskError::TooLarge { .. })
        ));
        assert!(matches!(
            read_bytes(dir.path(), 100, "a test"),
            Err(DiskError::NotAFile { .. })
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), 100, "a test"),
            Err(DiskError::NotAFile {
                kind: "a device",
                ..
            })
        ));
    }
}
