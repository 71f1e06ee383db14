#!/usr/bin/env bash
# The live check: a whole piped interview against a real llama.cpp llama-server
# running SmolLM2-135M-Instruct (both from PyPI, built and cached by
# scripts/llama-server.sh), on a free loopback port. It asserts the transcript is
# complete — every phase, backend and model recorded, no incomplete replies — and
# prints the guard rate. It stops the server it started.
#
#   scripts/live-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t built < <(scripts/llama-server.sh)
server="${built[0]}"
model="${built[1]}"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
log="$work/llama-server.log"
"$server" -m "$model" --host 127.0.0.1 --port "$port" -c 4096 -np 1 >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)"
  [ "$code" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || { echo "live check: llama-server exited; its log:" >&2; cat "$log" >&2; exit 1; }
  sleep 1
done
[ "$code" = 200 ] || { echo "live check: llama-server not healthy after 120 s" >&2; exit 1; }

cargo build --quiet
start=$(date +%s)
INTERVIEWER_HOME="$work/home" ./target/debug/interviewer --scenario ad-click \
  --base-url "http://127.0.0.1:$port/v1" --context 4096 \
  < tests/fixtures/ad-click-answers.txt > "$work/stdout" 2> "$work/stderr"
seconds=$(( $(date +%s) - start ))

python3 - "$work/home/transcripts" "$model" <<'PY'
import glob, json, sys
[path] = glob.glob(sys.argv[1] + "/*.jsonl")
records = [json.loads(l) for l in open(path)]
header, rest = records[0], records[1:]
problems = []
if header["backend"] != "openai": problems.append(f"backend is {header['backend']!r}, not openai")
if not header.get("model") or sys.argv[2] not in header["model"]: problems.append(f"model not recorded: {header.get('model')!r}")
if not header.get("base_url"): problems.append("base_url not recorded")
phases = ["scenario"] + [r["to"] for r in rest if r["type"] == "phase"]
if phases != ["scenario", "latency", "schema_change", "provenance", "debrief", "done"]: problems.append(f"phases: {phases}")
if rest[-1] != [r for r in rest if r["type"] == "end"][-1] or rest[-1]["reason"] != "completed": problems.append(f"last record: {rest[-1]}")
turns = [r for r in rest if r["type"] == "turn" and r["role"] == "interviewer"]
broken = [r["seq"] for r in turns if r.get("incomplete") or r.get("interrupted")]
if broken: problems.append(f"incomplete replies at seq {broken}")
phrased = [r for r in turns if "tokens" in r]
guarded = [r for r in phrased if r.get("guard")]
print(f"live check: {len(turns)} interviewer turns, {len(phrased)} phrased by the model, guard replaced {len(guarded)} ({100 * len(guarded) // max(1, len(phrased))}%)")
for r in guarded:
    print(f"  seq {r['seq']}: {r['guard']}")
if problems:
    print("live check FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
PY
echo "live check: the interview took ${seconds} s against llama-server on port ${port}"
echo "live: 1 passed, 0 failed"
