//! The layers of the crate, checked from its source: the ground floor (the
//! shared vocabulary) imports nothing of the crate; the pure core imports only
//! the ground floor and itself; edges may use the core; glue may use edges; the
//! commands sit on top. No module reaches up a layer, and the top-level modules
//! form no circle. docs/architecture.md draws the same picture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layer of each module (top-level, or `parent::child` where a module's
/// children live on different layers). Lower numbers are lower layers.
const LAYERS: [(&str, u8); 53] = [
    ("vocab", 0),
    ("text", 0),
    ("quantity", 0),
    ("sanitize", 0),
    ("wrap", 0),
    ("style", 0),
    ("markdown", 1),
    ("prompts", 1),
    ("interview", 1),
    ("listen", 1),
    ("rehearsal", 1),
    ("rubric", 1),
    ("grade", 1),
    ("assessment", 1),
    ("config", 1),
    ("progress", 1),
    ("table", 1),
    ("retry", 1),
    ("replay", 1),
    ("share", 1),
    ("eval", 1),
    ("scenario_check", 1),
    ("practice", 1),
    ("calibration", 1),
    ("agreement", 1),
    ("backend", 1),
    ("transcript", 1),
    ("transcript::model", 1),
    ("repl", 1),
    ("repl::command", 1),
    ("llm::sse", 1),
    ("llm::chunk", 1),
    ("llm::error", 1),
    ("llm::servers", 1),
    ("llm::message", 1),
    ("llm::context", 1),
    ("llm::guard", 1),
    ("llm::request", 1),
    ("disk", 2),
    ("paths", 2),
    ("writeups", 2),
    ("terminal", 2),
    ("cli", 2),
    ("transcript::store", 2),
    ("transcript::library", 2),
    ("repl::input", 2),
    ("llm", 2),
    ("session", 3),
    ("runner", 3),
    ("spinner", 3),
    ("provider", 3),
    ("workspace", 3),
    ("complete", 3),
];

/// Everything under `commands` is the top layer.
const TOP: u8 = 4;

fn layer(module: &str) -> u8 {
    if module == "commands" || module.starts_with("commands::") {
        return TOP;
    }
    // The module itself, else its nearest ancestor with a layer
    // (`llm::guard::asks` is where `llm::guard` is).
    let parts: Vec<&str> = module.split("::").collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| {
            let m = parts[..n].join("::");
            LAYERS.iter().find(|(l, _)| *l == m).map(|(_, l)| *l)
        })
        .unwrap_or_else(|| panic!("module {module} has no layer: add it to LAYERS"))
}

/// The module a source file is (`grade/judge.rs` → `grade::judge`).
fn module_of(rel: &Path) -> Option<String> {
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| !matches!(*p, "mod" | "lib" | "main"))
        .collect();
    (!parts.is_empty() && !parts.contains(&"tests")).then(|| parts.join("::"))
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate modules a module's code names (`crate::x::y`, `super::y`).
fn imports(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let parent = module.rsplit_once("::").map(|(p, _)| p.to_string());
    let resolve = |path: Vec<&str>| -> Option<String> {
        // The longest known module the path starts with.
        (1..=path.len().min(2))
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|m| known.contains(m))
    };
    for (prefix, base) in [("crate::", None), ("super::", parent.clone())] {
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            let words: Vec<&str> = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|w| !w.is_empty())
                .collect();
            let mut path: Vec<&str> = Vec::new();
            if let Some(b) = &base {
                path.extend(b.split("::"));
            }
            path.extend(words);
            if let Some(m) = resolve(path) {
                if m != module && !module.starts_with(&format!("{m}::")) {
                    out.insert(m);
                }
            }
        }
    }
    out
}

/// Every module of `src/` and its source text.
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut modules = BTreeMap::new();
    for f in &files {
        if let Some(m) = module_of(f.strip_prefix(&src).unwrap()) {
            modules.insert(m, std::fs::read_to_string(f).unwrap());
        }
    }
    // The scanner must have found the crate, or every check below passes on nothing.
    assert!(modules.len() >= 60, "only {} modules found", modules.len());
    modules
}

/// What each module imports of the crate.
fn graph_of(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(m, text)| (m.clone(), imports(m, &code(text), &known)))
        .collect()
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    graph_of(&sources())
}

/// Imports that reach up a layer, as messages.
fn upward(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (m, deps) in g {
        for d in deps {
            if layer(d) > layer(m) {
                wrong.push(format!(
                    "{m} (layer {}) imports {d} (layer {})",
                    layer(m),
                    layer(d)
                ));
            }
        }
    }
    wrong
}

/// What the pure core (layers 0 and 1) may not touch: files, the network,
/// processes, threads, the environment, the terminal, and the crates that do
/// those. The edges (layer 2 and up) pass such things in.
const IO: [&str; 16] = [
    "std::fs",
    "std::net",
    "std::process",
    "std::thread",
    "std::env",
    "reqwest::",
    "tokio::",
    "terminal_size",
    "rustyline",
    "signal_hook",
    "IsTerminal",
    "stdin()",
    "stdout()",
    "stderr()",
    "println!",
    "eprintln!",
];

/// Core modules that do I/O, as messages.
fn core_io(modules: &BTreeMap<String, String>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (m, text) in modules {
        if layer(m) > 1 {
            continue;
        }
        let code = code(text);
        for needle in IO {
            if code.contains(needle) {
                wrong.push(format!("{m} (layer {}) uses {needle}", layer(m)));
            }
        }
    }
    wrong
}

#[test]
fn the_pure_core_does_no_io() {
    let wrong = core_io(&sources());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The checks find what they look for: a planted violation of each kind, in a
/// copy of the real sources, is reported.
#[test]
fn each_kind_of_planted_violation_is_caught() {
    let real = sources();
    assert!(upward(&graph_of(&real)).is_empty());
    assert!(core_io(&real).is_empty());
    let planted = |module: &str, line: &str| {
        let mut m = real.clone();
        let text = m.get_mut(module).unwrap();
        text.insert_str(0, &format!("{line}\n"));
        m
    };
    // The core importing an edge.
    let up = upward(&graph_of(&planted("grade", "use crate::disk::read_text;")));
    assert!(
        up.iter()
            .any(|w| w.starts_with("grade (layer 1) imports disk")),
        "{up:?}"
    );
    // A re-export in the core that would hand an edge on under a core name.
    let re = upward(&graph_of(&planted(
        "text",
        "pub use crate::transcript::store as saved;",
    )));
    assert!(
        re.iter()
            .any(|w| w.starts_with("text (layer 0) imports transcript::store")),
        "{re:?}"
    );
    // The core using the network, files or the terminal itself.
    for (module, line, what) in [
        (
            "listen",
            "fn f() { let _ = reqwest::Client::new(); }",
            "reqwest::",
        ),
        (
            "rubric",
            "fn f() { let _ = std::fs::read(\"x\"); }",
            "std::fs",
        ),
        (
            "wrap",
            "fn f() { let _ = terminal_size::terminal_size(); }",
            "terminal_size",
        ),
    ] {
        let io = core_io(&planted(module, line));
        assert!(
            io.iter()
                .any(|w| w.starts_with(module) && w.ends_with(what)),
            "{io:?}"
        );
    }
}

#[test]
fn no_module_reaches_up_a_layer() {
    let wrong = upward(&graph());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_ground_floor_imports_nothing_of_the_crate() {
    for (m, deps) in graph() {
        if layer(&m) == 0 {
            assert!(deps.is_empty(), "{m} imports {deps:?}");
        }
    }
}

#[test]
fn the_top_level_modules_form_no_circle() {
    let g = graph();
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_string();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, deps) in &g {
        for d in deps {
            if top(m) != top(d) {
                edges.entry(top(m)).or_default().insert(top(d));
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        on_path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = on_path.iter().position(|x| x == n) {
            let mut cycle = on_path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        on_path.push(n.to_string());
        for d in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, edges, on_path, done) {
                return Some(c);
            }
        }
        on_path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in edges.keys() {
        if let Some(c) = visit(n, &edges, &mut Vec::new(), &mut done) {
            panic!("a circle: {}", c.join(" → "));
        }
    }
}

#[test]
fn commands_do_not_import_each_other() {
    for (m, deps) in graph() {
        if m.starts_with("commands::") {
            let siblings: Vec<&String> = deps
                .iter()
                .filter(|d| d.starts_with("commands::"))
                .collect();
            assert!(siblings.is_empty(), "{m} imports {siblings:?}");
        }
    }
}

/// The names of the layers, lowest first.
const LAYER_NAMES: [&str; 5] = [
    "Layer 0 — the shared words (import nothing of the crate)",
    "Layer 1 — the pure core (plain values in and out, no I/O)",
    "Layer 2 — the edges (files, the terminal, the command line, HTTP)",
    "Layer 3 — the glue (a session run for real, the server and the workspace)",
    "Layer 4 — the commands (one file per subcommand)",
];

/// Every source file under `src/` but the test modules, with its path from the
/// crate root and its text, sorted by path.
fn source_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && p.file_stem().is_some_and(|s| s != "tests")
            {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 60, "only {} source files found", out.len());
    out
}

/// The first sentence of a file's own doc (its leading `//!` lines), on one
/// line; `None` when it has none.
fn first_sentence(text: &str) -> Option<String> {
    let mut para = Vec::new();
    for line in text.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            break;
        };
        let doc = doc.trim();
        if doc.is_empty() {
            break;
        }
        para.push(doc);
    }
    let para = para.join(" ");
    if para.is_empty() {
        return None;
    }
    let end = para
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| !para[..i].ends_with("e.g.") && !para[..i].ends_with("i.e."))
        .unwrap_or(para.len());
    Some(para[..end].to_string())
}

/// The module map of docs/architecture.md, generated from the code: every
/// source file by layer, with the first sentence of its own doc.
fn module_map() -> String {
    let mut by_layer: Vec<Vec<String>> = vec![Vec::new(); LAYER_NAMES.len()];
    let mut undocumented = Vec::new();
    for (rel, text) in source_files() {
        let inner = rel.strip_prefix("src/").unwrap();
        let layer = match module_of(Path::new(inner)) {
            Some(m) => layer(&m),
            None => TOP, // main.rs and lib.rs sit above everything.
        };
        match first_sentence(&text) {
            Some(s) => by_layer[usize::from(layer)].push(format!("- `{rel}` — {s}")),
            None => undocumented.push(rel),
        }
    }
    assert!(
        undocumented.is_empty(),
        "source files without a module doc (`//!`): {undocumented:?}"
    );
    let mut out = String::new();
    for (name, lines) in LAYER_NAMES.iter().zip(by_layer) {
        out.push_str(&format!("\n### {name}\n\n{}\n", lines.join("\n")));
    }
    out
}

const MAP_BEGIN: &str = "<!-- module map: generated by tests/architecture.rs; UPDATE_ARCHITECTURE=1 cargo test --test architecture rewrites it -->";
const MAP_END: &str = "<!-- end of module map -->";

#[test]
fn the_architecture_doc_maps_every_module_from_its_own_doc() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (Some(b), Some(e)) = (doc.find(MAP_BEGIN), doc.find(MAP_END)) else {
        panic!("docs/architecture.md has no module map markers");
    };
    let map = module_map();
    let current = &doc[b + MAP_BEGIN.len()..e];
    if std::env::var_os("UPDATE_ARCHITECTURE").is_some() {
        let updated = format!("{}{MAP_BEGIN}{map}{}", &doc[..b], &doc[e..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        current, map,
        "docs/architecture.md's module map is out of date (a module added, moved or its doc changed): run UPDATE_ARCHITECTURE=1 cargo test --test architecture"
    );
}

#[test]
fn every_file_the_architecture_doc_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut named = 0;
    for word in doc.split(|c: char| c.is_whitespace() || "`()[],;".contains(c)) {
        let word = word.trim_end_matches(['.', ':']);
        let is_path = ["src/", "tests/", "prompts/", "docs/", "scripts/"]
            .iter()
            .any(|p| word.starts_with(p))
            && !word.contains(['*', '<'])
            && word.rsplit('/').next().is_some_and(|f| f.contains('.'));
        if is_path {
            named += 1;
            assert!(
                root.join(word).exists(),
                "docs/architecture.md names {word}, which does not exist"
            );
        }
    }
    assert!(
        named >= 60,
        "only {named} files named: the walks and the map are missing"
    );
}

/// A file's lines outside its test module (`#[cfg(test)] mod tests { … }` or
/// `#[cfg(test)] mod tests;`).
fn non_test_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_start().starts_with("#[cfg(test)]") {
            if lines
                .get(i + 1)
                .is_some_and(|l| l.trim_end().ends_with(';'))
            {
                i += 2;
                continue;
            }
            i += 1;
            while i < lines.len() && !lines[i].starts_with('}') {
                i += 1;
            }
            i += 1;
            continue;
        }
        out.push(lines[i]);
        i += 1;
    }
    out
}

/// Each function's name and length in lines (from `fn` to its closing brace).
fn function_lengths(lines: &[&str]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let body = body
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("async ")
            .trim_start_matches("const ");
        let Some(rest) = body.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The line that opens the body, then the brace that closes it at the
        // same indent; a declaration without a body ends with `;`.
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue;
        }
        let close = (open + 1..lines.len()).find(|&j| {
            let l = lines[j];
            l.len() > indent && l.starts_with(&" ".repeat(indent)) && l[indent..].starts_with('}')
        });
        if let Some(close) = close {
            out.push((name, close - i + 1));
        }
    }
    out
}

#[test]
fn no_source_file_is_over_600_lines_and_no_function_over_100() {
    let mut long_files = Vec::new();
    let mut long_functions = Vec::new();
    let mut functions = 0;
    for (rel, text) in source_files() {
        let lines = non_test_lines(&text);
        if lines.len() > 600 {
            long_files.push(format!("{rel}: {} lines", lines.len()));
        }
        for (name, n) in function_lengths(&lines) {
            functions += 1;
            if n > 100 {
                long_functions.push(format!("{rel}: {name}, {n} lines"));
            }
        }
    }
    assert!(
        functions > 500,
        "only {functions} functions found: the scanner is broken"
    );
    assert!(
        long_files.is_empty(),
        "split these along the ideas they mix: {long_files:?}"
    );
    assert!(
        long_functions.is_empty(),
        "split these into named steps: {long_functions:?}"
    );
}

#[test]
fn the_length_scanner_sees_a_long_function_and_a_test_module() {
    let long: String = std::iter::once("fn big() {\n".to_string())
        .chain((0..120).map(|i| format!("    let x{i} = {i};\n")))
        .chain(["}\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n".to_string()])
        .collect();
    let lines = non_test_lines(&long);
    assert_eq!(lines.len(), 122);
    assert_eq!(function_lengths(&lines), vec![("big".to_string(), 122)]);
}
