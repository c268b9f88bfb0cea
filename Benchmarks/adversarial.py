#!/usr/bin/env python3
"""Hostile shapes of one document, each at n and 4n: Assure's own passes must grow linearly
(4n takes about 4 times n), and where the markdown library itself is slow, Assure adds little
to it. Prints, for each shape and size, `assure build` and the cmark-gfm CLI on the same body.

Usage: adversarial.py ASSURE_BINARY WORK_FOLDER"""
import os, shutil, subprocess, sys, time

SHAPES = {
    # name: (body for n, n)
    "images in one paragraph": (lambda n: "".join("![a](pic.png) " for _ in range(n)), 2000),
    "[[CC6.1]] on one line": (lambda n: "[[CC6.1]] " * n, 4000),
    ".md links on one line": (lambda n: "[x](about.md) " * n, 3000),
    "headings": (lambda n: "".join(f"## Heading {i}\n\nText.\n\n" for i in range(n)), 4000),
    "cmark: '![[]()' repeated": (lambda n: "![[]()" * n, 7500),
    "cmark: a wide table": (lambda n: "|" + "|".join(f"c{i}" for i in range(n)) + "|\n|" + "|".join("-" * 1 for _ in range(n))
                            + "|\n|" + "|".join("x" for _ in range(n)) + "|\n", 3000),
}

CONFIG = """organization:
  name: Bench Co
principles: [security]
exclusions:
"""


def project(root, body):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(f"{root}/content/pages")
    with open(f"{root}/content/assure.yml", "w") as f:
        # Every criterion excluded, so the one page is the whole build.
        ids = [line.split()[0] for line in open(os.path.join(os.path.dirname(__file__), "tsc-ids.txt"))
               if line.startswith("CC")]
        f.write(CONFIG + "".join(f"  {i}: Benchmark\n" for i in ids))
    with open(f"{root}/content/pages/about.md", "w") as f:
        f.write("---\ntitle: About\naudience: public\n---\nAbout.\n")
    with open(f"{root}/content/pages/pic.png", "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    with open(f"{root}/content/pages/shape.md", "w") as f:
        f.write("---\ntitle: Shape\naudience: public\n---\n" + body + "\n")
    with open(f"{root}/body.md", "w") as f:
        f.write(body + "\n")


def best(command, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if result.returncode != 0 and command[0] != shutil.which("cmark-gfm"):
            sys.exit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
        times.append(time.perf_counter() - start)
    return min(times)


def main(assure, work):
    cmark = shutil.which("cmark-gfm")
    print(f"{'shape':32} {'size':>7} {'assure (s)':>11} {'cmark (s)':>10} {'x4 growth':>10}")
    for name, (make, n) in SHAPES.items():
        previous = None
        for size in (n, 4 * n):
            root = os.path.join(work, "adversarial")
            project(root, make(size))
            took = best([assure, "build", "-q", "--project", root, "--output", os.path.join(root, "site")])
            library = best([cmark, "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter",
                            "-e", "tasklist", os.path.join(root, "body.md")]) if cmark else float("nan")
            growth = f"{took / previous:9.1f}x" if previous else ""
            print(f"{name:32} {size:>7} {took:>11.3f} {library:>10.3f} {growth:>10}")
            previous = took


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
