//! The labelled write-ups on disk: a folder of designs with `labels*.csv`
//! beside them, read for [`crate::agreement`] (`examples/agreement.rs`,
//! `tests/writeups.rs`).

use std::path::{Path, PathBuf};

/// Why a folder of labelled write-ups could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LabelsError {
    #[error(transparent)]
    Disk(#[from] crate::disk::DiskError),
    #[error("{}: line {line}: {why}\n  fix: each line is file,problem,label,notes, the label weak, medium or strong, the file beside it", path.display())]
    Line {
        path: PathBuf,
        line: usize,
        why: String,
    },
    #[error("{}: no labels*.csv in it\n  fix: pass a folder holding the write-ups and their labels*.csv", path.display())]
    NoLabels { path: PathBuf },
}

/// Largest write-up read for a labelled set.
const WRITEUP_LIMIT: u64 = 1 << 20;

/// The write-ups of `dir` with their labels, from every `labels*.csv` in it
/// (header `file,problem,label,notes`), in file-name order.
pub fn labelled(dir: &Path) -> Result<Vec<crate::agreement::Labelled>, LabelsError> {
    let io = |source| crate::disk::DiskError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut csvs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("labels") && n.ends_with(".csv"))
        })
        .collect();
    csvs.sort();
    if csvs.is_empty() {
        return Err(LabelsError::NoLabels {
            path: dir.to_path_buf(),
        });
    }
    let mut out = Vec::new();
    for csv in &csvs {
        let text = crate::disk::read_text(csv, WRITEUP_LIMIT, "a labels file")?;
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| LabelsError::Line {
                path: csv.clone(),
                line: i + 1,
                why: why.to_string(),
            };
            let f: Vec<&str> = line.splitn(4, ',').map(str::trim).collect();
            let [file, problem, label, ..] = f[..] else {
                return Err(bad("fewer than three fields"));
            };
            let label = crate::agreement::Label::parse(label)
                .ok_or_else(|| bad("the label is not weak, medium or strong"))?;
            if Path::new(file).file_name() != Some(std::ffi::OsStr::new(file))
                || file.starts_with('.')
            {
                return Err(bad("the file is not a plain name in the folder"));
            }
            if out
                .iter()
                .any(|w: &crate::agreement::Labelled| w.file == file)
            {
                return Err(bad("the file is labelled twice"));
            }
            let text = crate::disk::read_text(&dir.join(file), WRITEUP_LIMIT, "a write-up")?;
            out.push(crate::agreement::Labelled {
                file: file.to_string(),
                // A case id; anything after it ("other (spam moderation)") is a note.
                problem: problem
                    .trim()
                    .split([' ', '('])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                label,
                text,
            });
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// A second person's labels of the same write-ups (`second-opinion.csv`,
/// header `file,label,notes`), by file; none when the folder has no such file.
pub fn second_opinion(
    dir: &Path,
) -> Result<Option<std::collections::BTreeMap<String, crate::agreement::Label>>, LabelsError> {
    let path = dir.join("second-opinion.csv");
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::disk::read_text(&path, WRITEUP_LIMIT, "a labels file")?;
    let mut out = std::collections::BTreeMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut f = line.splitn(3, ',').map(str::trim);
        let (Some(file), Some(label)) = (f.next(), f.next()) else {
            return Err(LabelsError::Line {
                path: path.clone(),
                line: i + 1,
                why: "fewer than two fields".to_string(),
            });
        };
        let label = crate::agreement::Label::parse(label).ok_or_else(|| LabelsError::Line {
            path: path.clone(),
            line: i + 1,
            why: "the label is not weak, medium or strong".to_string(),
        })?;
        out.insert(file.to_string(), label);
    }
    Ok(Some(out))
}
