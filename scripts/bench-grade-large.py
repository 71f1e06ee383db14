#!/usr/bin/env python3
"""Grading the largest transcript the reader accepts: time and peak memory.

Builds a transcript just under the 16 MiB reader limit from the golden average
session, its candidate answers padded towards the 64 KiB input limit (the most
a real session can hold), then runs the release binary's `grade` on it RUNS
times and prints the median wall time and the median peak RSS. Figures, not
pass/fail: the limit and the grader's speed are what they measure.

    scripts/bench-grade-large.py          # RUNS=5
"""
import json, os, statistics, subprocess, sys, tempfile, time, resource

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT = 16 * 1024 * 1024
RUNS = int(os.environ.get("RUNS", "5"))

subprocess.run(["cargo", "build", "--quiet", "--release"], cwd=ROOT, check=True)
binary = os.path.join(ROOT, "target/release/interviewer")
lines = open(os.path.join(ROOT, "transcripts/golden/average.jsonl")).read().splitlines()
header, body = lines[0], [json.loads(l) for l in lines[1:]]
answers = [r for r in body if r.get("type") == "turn" and r.get("role") == "candidate"]
if not answers:
    sys.exit("no candidate turns in the golden transcript")

out = [header]
size = len(header) + 1
seq = 0
turn = 0
while True:
    base = answers[turn % len(answers)]
    rec = dict(base)
    # Pad towards the 64 KiB input limit with the answer's own sentences.
    text = base["text"]
    rec["text"] = (text + " ") * max(1, (60 * 1024) // (len(text) + 1))
    seq += 1
    rec["seq"] = seq
    line = json.dumps(rec, ensure_ascii=False)
    if size + len(line.encode()) + 1 > LIMIT - 4096:
        break
    out.append(line)
    size += len(line.encode()) + 1
    turn += 1

work = tempfile.mkdtemp()
path = os.path.join(work, "large.jsonl")
with open(path, "w") as f:
    f.write("\n".join(out) + "\n")
print(f"transcript: {size / 1024 / 1024:.1f} MiB, {turn} answers of ~60 KiB")

times, peaks = [], []
for _ in range(RUNS):
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "grade", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       env={**os.environ, "INTERVIEWER_HOME": work})
    times.append(time.monotonic() - start)
    if p.returncode != 0:
        sys.exit(f"grade failed: {p.stderr}")
    peaks.append(int(p.stderr.strip().splitlines()[-1]))
print(f"grade: median {statistics.median(times):.2f} s, peak RSS median {statistics.median(peaks) / 1024:.0f} MiB ({RUNS} runs)")
