#!/usr/bin/env bash
# Benchmarks of the LLM path against a real llama-server (SmolLM2-135M, from
# scripts/llama-server.sh), printing figures, not pass/fail:
#   1. time to first token and time per token: our client vs `curl -N` on the
#      identical request, both run as processes by the same harness, interleaved,
#      medians of RUNS runs, and the ratio;
#   2. peak memory of a whole piped interview (the release binary);
#   3. the tokenizer: building cl100k and counting a 20 KB transcript (criterion).
#
#   scripts/bench-llm.sh            # RUNS=21 by default
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-21}"

mapfile -t built < <(scripts/llama-server.sh)
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
"${built[0]}" -m "${built[1]}" --host 127.0.0.1 --port "$port" -c 4096 -np 1 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)" = 200 ] && break
  sleep 1
done
cargo build --quiet --locked --release --example stream_once
cargo build --quiet --locked --release
base="http://127.0.0.1:$port/v1"
model="$(curl -s "$base/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')"

echo "== client vs curl -N (llama-server, $runs runs each, interleaved, medians)"
python3 - "$base" "$model" "$runs" <<'PY'
import json, os, statistics, subprocess, sys, time
base, model, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
prompt = "List the stages of an ad-click prediction pipeline, one per line."
max_tokens = 64
body = json.dumps({"model": model, "messages": [{"role": "user", "content": prompt}], "max_tokens": max_tokens,
                   "temperature": 0.0, "stream": True, "stream_options": {"include_usage": True}})

def curl():
    t0 = time.perf_counter()
    p = subprocess.Popen(["curl", "-sN", base + "/chat/completions", "-H", "Content-Type: application/json", "-d", body], stdout=subprocess.PIPE)
    first, pieces = None, 0
    for line in p.stdout:
        if line.startswith(b"data: {"):
            d = json.loads(line[6:])
            for c in d.get("choices", []):
                if (c.get("delta") or {}).get("content"):
                    pieces += 1
                    first = first or time.perf_counter()
    p.wait()
    return first - t0, time.perf_counter() - t0, pieces

def ours():
    t0 = time.perf_counter()
    p = subprocess.Popen(["target/release/examples/stream_once", base, model, str(max_tokens), prompt], stdout=subprocess.PIPE)
    first = None
    fd = p.stdout.fileno()
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        first = first or time.perf_counter()
    p.wait()
    return first - t0, time.perf_counter() - t0

curl(); ours()  # warm the server's prompt cache and the page cache alike
c_ttft, c_tok, o_ttft, o_tok = [], [], [], []
for _ in range(runs):
    f, t, n = curl()
    c_ttft.append(f); c_tok.append((t - f) / max(1, n - 1))
    f2, t2 = ours()
    o_ttft.append(f2); o_tok.append((t2 - f2) / max(1, n - 1))
ms = lambda xs: statistics.median(xs) * 1000
print(f"tokens per reply          {n}")
print(f"time to first token       curl {ms(c_ttft):7.2f} ms   ours {ms(o_ttft):7.2f} ms   added {ms(o_ttft) - ms(c_ttft):+6.2f} ms   ratio {statistics.median(o_ttft) / statistics.median(c_ttft):.3f}")
print(f"time per token            curl {ms(c_tok):7.3f} ms   ours {ms(o_tok):7.3f} ms   added {ms(o_tok) - ms(c_tok):+6.3f} ms   ratio {statistics.median(o_tok) / statistics.median(c_tok):.3f}")
PY

echo "== peak memory of a whole piped interview (release build, LLM interviewer)"
/usr/bin/time -f "max resident set: %M KB, wall %e s" ./target/release/interviewer --scenario ad-click \
  --base-url "$base" --transcript-dir "$work/t" < prompts/answers/ad-click.txt >/dev/null 2>"$work/time.txt" || true
tail -1 "$work/time.txt"

echo "== tokenizer (criterion medians)"
cargo bench --quiet --bench tokens 2>/dev/null | grep -E "^(tokenizer|count)|time:"
