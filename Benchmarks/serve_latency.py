#!/usr/bin/env python3
"""Measures `assure serve`: the time from saving one edited control to the reload event that
control's open page receives, on a generated project. Each round opens the control's page's
event stream (as the page's own script does), saves the edit, waits for the reload, then lets
the server finish the rebuild before the next round.

EDIT is `text` (a paragraph appended) or `field` (the owner or title changed in the front
matter). Usage: serve_latency.py ASSURE PROJECT [EDITS] [AUDIENCE] [EDIT]"""
import os, re, select, socket, statistics, subprocess, sys, time


def measure(assure, project, edits, audience="public", edit="text"):
    """Milliseconds from each save to its page's reload event."""
    server = subprocess.Popen([assure, "serve", "--project", project, "--port", "0", "--as-of", "2026-06-30",
                               "--audience", audience, "--verbose"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    try:
        port = None
        watching = False
        # Listening and watching, in either order: edits before the watcher's first look would
        # go unseen.
        while port is None or not watching:
            line = server.stdout.readline()
            if not line:
                raise SystemExit("assure serve stopped before it watched the project")
            found = re.search(r"127\.0\.0\.1:(\d+)/", line)
            port = port or (found and int(found.group(1)))
            watching = watching or line.startswith("watching")

        def rebuilt(deadline):
            """Waits for the server's line saying a rebuild ended."""
            while time.monotonic() < deadline:
                ready, _, _ = select.select([server.stdout], [], [], max(0, deadline - time.monotonic()))
                if ready and "rebuilt after" in server.stdout.readline():
                    return
            raise SystemExit("no rebuild within 30 s")

        # Controls the audience's site shows: a page that is not there cannot reload.
        controls = [name for name in sorted(os.listdir(f"{project}/content/controls"))
                    if audience == "auditor" or re.search(r"^audience: *public\b", open(
                        f"{project}/content/controls/{name}").read(), re.M)]
        samples = []
        for number in range(edits):
            path = f"{project}/content/controls/{controls[(number * 37) % len(controls)]}"
            text = open(path).read()
            identifier = re.search(r"^id: *(\S+)", text, re.M).group(1)
            events = socket.create_connection(("127.0.0.1", port))
            events.sendall(f"GET /__assure/events?page=%2Fcontrols%2F{identifier}.html HTTP/1.1\r\n"
                           "Host: 127.0.0.1\r\n\r\n".encode())
            received = b""

            def wait_for(marker):
                nonlocal received
                deadline = time.monotonic() + 10
                while marker not in received:
                    ready, _, _ = select.select([events], [], [], max(0, deadline - time.monotonic()))
                    if not ready:
                        raise SystemExit(f"no {marker.decode()} within 10 s")
                    received += events.recv(65536)

            wait_for(b"event: hello")
            if edit == "text":
                text += f"\nEdited for the latency benchmark, round {number}.\n"
            else:
                field = "owner" if number % 2 == 0 else "title"
                text = re.sub(rf"^{field}: (.*)$", lambda m: f"{field}: {m.group(1)} (round {number})", text,
                              count=1, flags=re.M)
            with open(path, "w") as f:
                f.write(text)
            saved = time.monotonic()
            wait_for(b"event: reload")
            samples.append((time.monotonic() - saved) * 1000)
            events.close()
            rebuilt(time.monotonic() + 30)
            time.sleep(0.1)
        return samples
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(assure, project, edits, audience, edit):
    samples = measure(assure, project, edits, audience, edit)
    print(" ".join(f"{s:.0f}" for s in samples))
    print(f"median {statistics.median(samples):.0f} ms, min {min(samples):.0f} ms, max {max(samples):.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7,
         sys.argv[4] if len(sys.argv) > 4 else "public", sys.argv[5] if len(sys.argv) > 5 else "text")
