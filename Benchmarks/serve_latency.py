#!/usr/bin/env python3
"""Measures `assure serve`: the time from saving one edited document to the reload event the
browser receives, on a generated project. Usage: serve_latency.py ASSURE PROJECT [EDITS] [AUDIENCE]"""
import os, re, select, socket, statistics, subprocess, sys, time

def measure(assure, project, edits, audience="public"):
    """Milliseconds from each save to its reload event."""
    server = subprocess.Popen([assure, "serve", "--project", project, "--port", "0", "--as-of", "2026-06-30",
                               "--audience", audience],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__assure/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        def wait_for(marker, start):
            nonlocal received
            deadline = time.monotonic() + 10
            while marker not in received[start:]:
                ready, _, _ = select.select([events], [], [], max(0, deadline - time.monotonic()))
                if not ready:
                    raise SystemExit("no reload event within 10 s")
                received += events.recv(65536)
            return time.monotonic()
        wait_for(b"event: hello", 0)
        controls = sorted(os.listdir(f"{project}/content/controls"))
        samples = []
        for number in range(edits):
            time.sleep(0.3)
            path = f"{project}/content/controls/{controls[(number * 37) % len(controls)]}"
            mark = len(received)
            with open(path, "a") as f:
                f.write(f"\nEdited for the latency benchmark, round {number}.\n")
            saved = time.monotonic()
            arrived = wait_for(b"event: reload", mark)
            samples.append((arrived - saved) * 1000)
        return samples
    finally:
        server.terminate()
        server.wait(timeout=10)

def main(assure, project, edits, audience):
    samples = measure(assure, project, edits, audience)
    print(" ".join(f"{s:.0f}" for s in samples))
    print(f"median {statistics.median(samples):.0f} ms, min {min(samples):.0f} ms, max {max(samples):.0f} ms")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7,
         sys.argv[4] if len(sys.argv) > 4 else "public")
