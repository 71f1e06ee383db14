#!/usr/bin/env python3
"""How soon the waiting indicator appears after an answer, on a real terminal.

Runs the release binary on a pseudo-terminal against a local OpenAI-compatible
fake whose replies take a second, answers once, then asks `/retry` N times,
and measures from each Enter to the first "thinking" on screen. Prints the
median and the 90th percentile; the target is under 100 ms.

    cargo build --release && python3 scripts/bench-waiting.py [N]
"""

import json
import os
import pty
import select
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BIN = os.path.join(os.path.dirname(__file__), "..", "target", "release", "interviewer")
REPLY = (
    "Okay. When a click can arrive thirty minutes after its impression, how do you "
    "join the two, what exactly is your label, and when is it final?"
)


class Fake(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "bench", "object": "model"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(1.0)
        chunks = [
            {"choices": [{"index": 0, "delta": {"role": "assistant", "content": REPLY}}]},
            {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
        ]
        body = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks)
        body += b"data: [DONE]\n\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    home = tempfile.mkdtemp()
    env = dict(os.environ, INTERVIEWER_HOME=home, TERM="xterm",
               INTERVIEWER_BASE_URL=f"http://127.0.0.1:{server.server_port}/v1")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(BIN, [BIN, "-s", "ad-click", "--model", "bench"], env)
    screen = bytearray()

    def wait_for(needle, since, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if screen.find(needle, since) >= 0:
                return time.monotonic()
            ready, _, _ = select.select([fd], [], [], 0.005)
            if ready:
                try:
                    screen.extend(os.read(fd, 65536))
                except OSError:
                    break
        sys.exit(f"never saw {needle!r}; screen:\n{screen.decode(errors='replace')}")

    wait_for(b"you> ", 0)
    delays = []
    for i in range(n + 1):
        mark = len(screen)
        os.write(fd, b"an answer\r" if i == 0 else b"/retry\r")
        sent = time.monotonic()
        seen = wait_for(b"thinking", mark)
        if i > 0:
            delays.append((seen - sent) * 1000)
        wait_for(b"you> ", mark)
    os.write(fd, b"/quit\r")
    time.sleep(0.5)
    delays.sort()
    p90 = delays[int(0.9 * (len(delays) - 1))]
    print(f"waiting indicator after Enter, {len(delays)} turns: median {statistics.median(delays):.0f} ms, p90 {p90:.0f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
