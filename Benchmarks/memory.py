#!/usr/bin/env python3
"""Peak memory of `assure build` on one large page, against the page's size: the multiple
must stay bounded. Documents over 8 MiB are refused unread.

Usage: memory.py ASSURE_BINARY WORK_FOLDER"""
import os, resource, shutil, subprocess, sys

PARAGRAPH = ("Access is reviewed every quarter by the system owner, see [[CC6.1]] and "
             "[the access policy](about.md). Changes are approved in a pull request.\n\n")


def project(root, mebibytes):
    """A project of one page of about `mebibytes` (its body also in body.md); returns its size in MiB."""
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(f"{root}/content/pages")
    with open(f"{root}/content/assure.yml", "w") as f:
        f.write("organization: Bench Co\nprinciples: [security]\nexclusions:\n")
        for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tsc-ids.txt")):
            if line.startswith("CC"):
                f.write(f"  {line.split()[0]}: Benchmark\n")
    with open(f"{root}/content/pages/about.md", "w") as f:
        f.write("---\ntitle: About\naudience: public\n---\nAbout.\n")
    body = PARAGRAPH * int(mebibytes * 1024 * 1024 / len(PARAGRAPH))
    with open(f"{root}/content/pages/big.md", "w") as f:
        f.write("---\ntitle: Big\naudience: public\n---\n" + body)
    with open(f"{root}/body.md", "w") as f:
        f.write(body)
    return os.path.getsize(f"{root}/content/pages/big.md") / 1048576


def main(assure, work):
    print(f"{'page (MiB)':>10} {'peak (MiB)':>11} {'multiple':>9}")
    for mebibytes in (1, 4, 7.5):
        root = os.path.join(work, "memory")
        size = project(root, mebibytes)
        # Each measurement in a child of its own, so ru_maxrss is that build's alone.
        script = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
                  "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
        result = subprocess.run([sys.executable, "-c", script, assure, "build", "-q", "--project", root,
                                 "--output", f"{root}/site"], capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"build failed: {result.stderr}")
        peak = int(result.stdout.strip().splitlines()[-1]) / 1024
        print(f"{size:>10.1f} {peak:>11.0f} {peak / size:>8.0f}x")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
