#!/usr/bin/env python3
"""Figures of the house for a source tree (default: this checkout): the largest
source file outside its tests, the longest function, how many files pass 600
lines and functions 100, the snapshot bytes, and the sleeps over 50 ms in tests.
The same scanning rules as tests/architecture.rs (lines outside a file's
`#[cfg(test)]` module; a function from `fn` to its closing brace).

    python3 scripts/house-figures.py [TREE]

To compare with an older commit:
    git worktree add /tmp/before REV && python3 scripts/house-figures.py /tmp/before
"""
import os
import re
import sys

tree = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")


def rust_files(top):
    for root, _, files in os.walk(os.path.join(tree, top)):
        for f in sorted(files):
            if f.endswith(".rs"):
                yield os.path.join(root, f)


def non_test_lines(lines):
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip().startswith("#[cfg(test)]"):
            if i + 1 < len(lines) and lines[i + 1].rstrip().endswith(";"):
                i += 2
                continue
            i += 1
            while i < len(lines) and not lines[i].startswith("}"):
                i += 1
            i += 1
            continue
        out.append(lines[i])
        i += 1
    return out


def functions(lines):
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(pub(\([^)]*\))?\s+)?(async\s+)?(const\s+)?fn\s+(\w+)", line)
        if not m:
            continue
        indent = len(m.group(1))
        j = i
        while j < len(lines) and not lines[j].rstrip().endswith(("{", ";")):
            j += 1
        if j >= len(lines) or lines[j].rstrip().endswith(";"):
            continue
        k = j + 1
        while k < len(lines) and not (
            lines[k].startswith(" " * indent + "}") and len(lines[k]) - len(lines[k].lstrip()) == indent
        ):
            k += 1
        yield m.group(6), k - i + 1


files, fns = [], []
for path in rust_files("src"):
    if os.path.basename(path) == "tests.rs":
        continue
    lines = non_test_lines(open(path, encoding="utf-8").read().split("\n"))
    rel = os.path.relpath(path, tree)
    files.append((len(lines), rel))
    fns.extend((n, f"{rel}: {name}") for name, n in functions(lines))
for path in rust_files("tests"):
    lines = open(path, encoding="utf-8").read().split("\n")
    fns.extend((n, f"{os.path.relpath(path, tree)}: {name}") for name, n in functions(lines))
files.sort(reverse=True)
fns.sort(reverse=True)
sleeps = []
for top in ("tests", "src"):
    for path in rust_files(top):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"sleep\((?:std::time::)?Duration::from_(millis|secs)\((\d+)\)\)", text):
            ms = int(m.group(2)) * (1000 if m.group(1) == "secs" else 1)
            if ms > 50 and (top == "tests" or "#[cfg(test)]" in text[: m.start()]):
                sleeps.append(f"{os.path.relpath(path, tree)}: {ms} ms")
snaps = os.path.join(tree, "tests", "snapshots")
snap_bytes = sum(os.path.getsize(os.path.join(snaps, f)) for f in os.listdir(snaps)) if os.path.isdir(snaps) else 0
print(f"largest source file: {files[0][1]}, {files[0][0]} lines outside its tests")
print(f"files over 600 lines: {sum(1 for n, _ in files if n > 600)} of {len(files)}")
print(f"longest function: {fns[0][1]}, {fns[0][0]} lines")
print(f"functions over 100 lines: {sum(1 for n, _ in fns if n > 100)}, over 80: {sum(1 for n, _ in fns if n > 80)}")
print(f"snapshots: {snap_bytes // 1024} KB")
print(f"sleeps over 50 ms in tests: {len(sleeps)}" + ("".join(f"\n  {s}" for s in sleeps)))
