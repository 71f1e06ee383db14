//! Embeds every file under `prompts/` into the binary.
//!
//! Maintainers add a scenario by dropping a file into `prompts/scenarios/`; this
//! script lists the tree at build time so no Rust code has to name the file.
//! The generated table maps the path relative to `prompts/` (always with `/`)
//! to the file's text.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if path
            .extension()
            .is_some_and(|x| x == "toml" || x == "md" || x == "txt")
        {
            let rel = path
                .strip_prefix(root)
                .expect("walked path lies under root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("prompts");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    for (_, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let mut code = String::from(
        "/// Files under `prompts/`, embedded at build time.\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for (rel, path) in &files {
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("embedded_prompts.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
