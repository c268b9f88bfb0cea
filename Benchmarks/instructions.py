#!/usr/bin/env python3
"""Instruction counts by phase, with callgrind, on a realistic project (Benchmarks/realistic.py).

Valgrind cannot read the DWARF of a Swift 6 binary, so it runs a copy with the debug sections
stripped (the symbols stay). Each phase is the inclusive count of the synchronous function that
does it (callgrind's inclusive counts of `async` functions are not meaningful: a task's parts
run on whichever thread); the largest matching symbol, since a function may appear in several
specialisations. The cmark-gfm CLI renders the same bodies, as in compare.py.

Usage: instructions.py ASSURE_BINARY WORK_FOLDER [--documents 1000]"""
import argparse, os, re, shutil, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import EXTENSIONS

PHASES = [
    ("load files", r"13ProjectLoaderO4load4from"),
    ("parse (each document: YAML, markdown, positions)", r"14DocumentParserO5parse_2as7options"),
    ("  of which cmark and the tree rewrite, under the lock", r"14MarkdownParserO10parseAlone"),
    ("  of which YAML", r"10YAMLSourceV7compose"),
    ("resolve", r"8ResolverO7resolve_7history"),
    ("validate", r"9ValidatorV8validate"),
    ("load theme (parse and compile templates)", r"5ThemeV4load9overrides"),
    ("filter by audience", r"14AudienceFilterV5apply2to"),
    ("render: templates (compiled)", r"15TemplateLibraryV6render_04withC0"),
    ("render: bodies' links filled in", r"8BodyHTMLO6render_5links4root"),
    ("render: search index lines", r"11SearchIndexO4line_2in8bodyHTML"),
    ("render: search index finished (lines no page made, criteria)", r"17SearchIndexStreamC6finish"),
    ("write: each file (compare, link or write)", r"14DirectoryStageC5write"),
]


def callgrind(command, output):
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={output}"] + command,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", output],
                               capture_output=True, text=True, check=True).stdout
    counts = []
    total = 0
    for line in annotated.splitlines():
        match = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
        if not match:
            continue
        count = int(match.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in match.group(2):
            total = count
        counts.append((count, match.group(2)))
    return total, counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("assure")
    parser.add_argument("work")
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    root = os.path.join(args.work, f"realistic-{args.documents}")
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "realistic.py"), root,
                    str(args.documents)], check=True)
    binary = os.path.join(args.work, "assure")
    shutil.copy(args.assure, binary)
    subprocess.run(["strip", "--strip-debug", binary], check=True)
    project = os.path.join(root, "assure")
    bodies = sorted(os.path.join(root, "bodies", name) for name in os.listdir(os.path.join(root, "bodies")))
    commands = {
        "check": [binary, "check", "--project", project, "--as-of", "2026-06-30", "--format", "json"],
        "build (public)": [binary, "build", "-q", "--project", project, "--output", f"{root}/site"],
        "build (auditor)": [binary, "build", "-q", "--project", project, "--audience", "auditor",
                            "--output", f"{root}/site-auditor"],
    }
    cmark, _ = callgrind([shutil.which("cmark-gfm")] + EXTENSIONS + bodies, os.path.join(args.work, "cmark.out"))
    results = {}
    for name, command in commands.items():
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)  # a previous site to replace
        results[name] = callgrind(command, os.path.join(args.work, f"{name.split()[0]}.out"))
    print(f"{args.documents} documents, millions of instructions (Ir)")
    print(f"{'':56} " + " ".join(f"{name:>16}" for name in commands))
    for label, pattern in PHASES:
        cells = []
        for name in commands:
            matching = [count for count, symbol in results[name][1] if re.search(pattern, symbol)]
            cells.append(f"{max(matching) / 1e6:16,.0f}" if matching else f"{'-':>16}")
        print(f"{label:56} " + " ".join(cells))
    print(f"{'whole process':56} " + " ".join(f"{results[name][0] / 1e6:16,.0f}" for name in commands))
    print(f"{'cmark-gfm CLI, the same bodies':56} {cmark / 1e6:16,.0f}")
    print(f"{'whole process / cmark-gfm':56} " + " ".join(f"{results[name][0] / cmark:16.2f}" for name in commands))


if __name__ == "__main__":
    main()
