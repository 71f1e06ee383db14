//! The labelled write-ups on disk: a folder of designs with `labels*.csv`
//! beside them, read for [`crate::agreement`] (`examples/agreement.rs`,
//! `tests/writeups.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::agreement::{Label, Labelled};

/// Why a folder of labelled write-ups could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LabelsError {
    #[error(transparent)]
    Disk(#[from] crate::disk::DiskError),
    #[error("{}: line {line}: {why}\n  fix: each line is {columns}, the label weak, medium or strong, the file beside it", path.display())]
    Line {
        path: PathBuf,
        line: usize,
        why: String,
        /// The columns the file's lines hold.
        columns: &'static str,
    },
    #[error("{}: no labels*.csv in it\n  fix: pass a folder holding the write-ups and their labels*.csv", path.display())]
    NoLabels { path: PathBuf },
}

/// Largest write-up read for a labelled set.
const WRITEUP_LIMIT: u64 = 1 << 20;

/// Columns of a `labels*.csv` line.
const LABELS: &str = "file,problem,label,notes";
/// Columns of a `second-opinion.csv` line.
const SECOND: &str = "file,label,notes";

/// One line of a labels file: its fields up to the notes (which may hold
/// commas), trimmed, and how to report what is wrong with it.
struct Row<'t> {
    fields: Vec<&'t str>,
    path: &'t Path,
    line: usize,
    columns: &'static str,
}

impl Row<'_> {
    fn bad(&self, why: &str) -> LabelsError {
        LabelsError::Line {
            path: self.path.to_path_buf(),
            line: self.line,
            why: why.to_string(),
            columns: self.columns,
        }
    }

    /// The label in field `i`.
    fn label(&self, i: usize) -> Result<Label, LabelsError> {
        Label::parse(self.fields[i])
            .ok_or_else(|| self.bad("the label is not weak, medium or strong"))
    }
}

/// The non-blank lines after the header of a labels file's `text`, each
/// with at least `need` of its `columns`.
fn rows<'t>(
    text: &'t str,
    path: &'t Path,
    columns: &'static str,
    need: usize,
) -> Result<Vec<Row<'t>>, LabelsError> {
    let width = columns.split(',').count();
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let row = Row {
                fields: l.splitn(width, ',').map(str::trim).collect(),
                path,
                line: i + 1,
                columns,
            };
            if row.fields.len() < need {
                Err(row.bad(&format!("fewer than {need} fields")))
            } else {
                Ok(row)
            }
        })
        .collect()
}

/// The write-ups of `dir` with their labels, from every `labels*.csv` in it
/// (header `file,problem,label,notes`), in file-name order.
pub fn labelled(dir: &Path) -> Result<Vec<Labelled>, LabelsError> {
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
    let mut out: Vec<Labelled> = Vec::new();
    for csv in &csvs {
        let text = crate::disk::read_text(csv, WRITEUP_LIMIT, "a labels file")?;
        for row in rows(&text, csv, LABELS, 3)? {
            let (file, problem) = (row.fields[0], row.fields[1]);
            let label = row.label(2)?;
            if Path::new(file).file_name() != Some(std::ffi::OsStr::new(file))
                || file.starts_with('.')
            {
                return Err(row.bad("the file is not a plain name in the folder"));
            }
            if out.iter().any(|w| w.file == file) {
                return Err(row.bad("the file is labelled twice"));
            }
            let text = crate::disk::read_text(&dir.join(file), WRITEUP_LIMIT, "a write-up")?;
            out.push(Labelled {
                file: file.to_string(),
                // A case id; anything after it ("other (spam moderation)") is a note.
                problem: problem
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
pub fn second_opinion(dir: &Path) -> Result<Option<BTreeMap<String, Label>>, LabelsError> {
    let path = dir.join("second-opinion.csv");
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::disk::read_text(&path, WRITEUP_LIMIT, "a labels file")?;
    let mut out = BTreeMap::new();
    for row in rows(&text, &path, SECOND, 2)? {
        let label = row.label(1)?;
        if out.insert(row.fields[0].to_string(), label).is_some() {
            return Err(row.bad("the file is labelled twice"));
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_named_with_the_columns_of_its_own_file() {
        let path = Path::new("second-opinion.csv");
        let text = "file,label,notes\na.md,strong,\"fine, really\"\nb.md,great,x\n";
        let rows = rows(text, path, SECOND, 2).unwrap();
        assert_eq!(rows[0].fields, ["a.md", "strong", "\"fine, really\""]);
        let e = rows[1].label(1).unwrap_err().to_string();
        assert!(
            e.contains("line 3") && e.contains("file,label,notes"),
            "{e}"
        );
        let short = rows_err("file,problem,label,notes\na.md\n");
        assert!(
            short.contains("fewer than 3 fields") && short.contains(LABELS),
            "{short}"
        );
    }

    fn rows_err(text: &str) -> String {
        match rows(text, Path::new("labels.csv"), LABELS, 3) {
            Err(e) => e.to_string(),
            Ok(_) => String::from("no error"),
        }
    }
}
