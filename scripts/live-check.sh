#!/usr/bin/env bash
# The live check: a whole piped interview against a real llama.cpp llama-server
# running Qwen2.5-Coder-0.5B-Instruct (both from PyPI, built and cached by
# scripts/llama-server.sh) at temperature 0, on a free loopback port.
#
# The first answer arrives 7 s after the start, and one answer later on arrives
# 7 s after its question: longer than llama-server keeps an idle connection
# (5 s), so the client must replace a pooled connection the server closed. The
# check asserts the transcript is complete (every phase, backend and model
# recorded, the round completed), that no turn fell back because the server
# failed, and that at least FLOOR percent of the phrased turns were shown as
# the model wrote them. It stops the server it started.
#
#   scripts/live-check.sh              # FLOOR=60 by default
set -euo pipefail
cd "$(dirname "$0")/.."
floor="${FLOOR:-60}"
pause="${PAUSE:-7}"

mapfile -t built < <(scripts/llama-server.sh qwen-0.5b)
server="${built[0]}"
model="${built[1]}"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
log="$work/llama-server.log"
"$server" -m "$model" --host 127.0.0.1 --port "$port" -c 4096 -np 1 >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

code=000
for _ in $(seq 1 120); do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)"
  [ "$code" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || { echo "live check: llama-server exited; its log:" >&2; cat "$log" >&2; exit 1; }
  sleep 1
done
[ "$code" = 200 ] || { echo "live check: llama-server not healthy after 120 s" >&2; exit 1; }

cargo build --quiet --locked
answers=prompts/answers/ad-click.txt
start=$(date +%s)
{
  sleep "$pause"
  sed -n '1,8p' "$answers"
  sleep "$pause"
  sed -n '9,$p' "$answers"
} | INTERVIEWER_HOME="$work/home" ./target/debug/interviewer --scenario ad-click \
  --base-url "http://127.0.0.1:$port/v1" --temperature 0 > "$work/stdout" 2> "$work/stderr"
seconds=$(( $(date +%s) - start ))

python3 - "$work/home/transcripts" "$model" "$floor" <<'PY'
import glob, json, os, sys
[path] = glob.glob(sys.argv[1] + "/*.jsonl")
floor = int(sys.argv[3])
records = [json.loads(l) for l in open(path)]
header, rest = records[0], records[1:]
problems = []
if header["backend"] != "openai": problems.append(f"backend is {header['backend']!r}, not openai")
if not header.get("model") or os.path.basename(sys.argv[2]) not in header["model"]: problems.append(f"model not recorded: {header.get('model')!r}")
if not header.get("base_url"): problems.append("base_url not recorded")
phases = ["scenario"] + [r["to"] for r in rest if r["type"] == "phase"]
if phases != ["scenario", "latency", "schema_change", "provenance", "debrief", "done"]: problems.append(f"phases: {phases}")
if rest[-1]["type"] != "end" or rest[-1]["reason"] != "completed": problems.append(f"last record: {rest[-1]}")
turns = [r for r in rest if r["type"] == "turn" and r["role"] == "interviewer"]
phrased = [r for r in turns if "tokens" in r or r.get("guard")]
failed = [r["seq"] for r in phrased if (r.get("guard") or "").startswith("the server failed")]
if failed: problems.append(f"the server failed at seq {failed} (a stale connection not replaced?)")
guarded = [r for r in phrased if r.get("guard")]
shown = 100 * (len(phrased) - len(guarded)) // max(1, len(phrased))
print(f"live check: {len(turns)} interviewer turns, {len(phrased)} phrased by the model, "
      f"{len(phrased) - len(guarded)} shown as written ({shown}%), {len(guarded)} replaced")
for r in guarded:
    print(f"  seq {r['seq']}: {r['guard']}")
if shown < floor: problems.append(f"only {shown}% of phrased turns shown as written (floor {floor}%)")
if problems:
    print("live check FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
PY
echo "live check: the interview took ${seconds} s (two ${pause} s pauses) against llama-server on port ${port}"
echo "live: 1 passed, 0 failed"
