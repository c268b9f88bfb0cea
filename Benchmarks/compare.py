#!/usr/bin/env python3
"""Assure beside Hugo and the markdown library, on realistic projects (Benchmarks/realistic.py)
of each size: `assure build` (public and auditor) and `assure check`, Hugo building the same
documents (criteria taxonomy, links resolved), and the cmark-gfm CLI rendering the same bodies
with the same extensions in one process. Runs are interleaved; each figure is the median of
RUNS runs, with the peak memory of the median run; then `assure serve` on each project, from
saving an edited control (its text, or its fields) to its page's reload event
(Benchmarks/serve_latency.py), for both audiences. Prints a table and the ratios the targets are stated in, and writes the figures as
JSON.

Usage: compare.py ASSURE_BINARY WORK_FOLDER [--sizes 1000,10000] [--runs 5] [--json FILE]"""
import argparse, json, os, resource, shutil, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_latency

EXTENSIONS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]


def measure(command, cwd=None):
    """Wall time in seconds and peak memory in MiB of one run, in a child of its own."""
    script = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
              "r = subprocess.run(sys.argv[2:], cwd=sys.argv[1] or None, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
              "t = time.perf_counter() - s; "
              "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
              "sys.stderr.write(r.stderr.decode()[-2000:]); sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", script, cwd or ""] + command, capture_output=True, text=True)
    if result.returncode not in (0,):
        sys.exit(f"{' '.join(command[:3])} ... failed ({result.returncode}):\n{result.stderr}")
    seconds, kib = result.stdout.split()
    return float(seconds), int(kib) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("assure")
    parser.add_argument("work")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    assure = os.path.abspath(args.assure)
    hugo, cmark = shutil.which("hugo"), shutil.which("cmark-gfm")
    if not hugo or not cmark:
        sys.exit("needs Debian's hugo and cmark-gfm: apt-get install hugo cmark-gfm")
    results = {}
    serves = {int(s): {} for s in args.sizes.split(",")}
    for size in [int(s) for s in args.sizes.split(",")]:
        root = os.path.join(args.work, f"realistic-{size}")
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "realistic.py"), root, str(size)], check=True)
        bodies = sorted(os.path.join(root, "bodies", name) for name in os.listdir(os.path.join(root, "bodies")))
        project = os.path.join(root, "assure")
        commands = {
            "assure build (public)": ([assure, "build", "-q", "--project", project, "--output", f"{root}/site"], None),
            "assure build (auditor)": ([assure, "build", "-q", "--project", project, "--audience", "auditor",
                                        "--output", f"{root}/site-auditor"], None),
            "assure check": ([assure, "check", "--project", project, "--as-of", "2026-06-30", "--format", "json"], None),
            "hugo": ([hugo, "--quiet", "-d", f"{root}/hugo-out"], os.path.join(root, "hugo")),
            "cmark-gfm": ([cmark] + EXTENSIONS + bodies, None),
        }
        samples = {name: [] for name in commands}
        for name, (command, cwd) in commands.items():  # warm-up: file cache, first build
            measure(command, cwd)
        for _ in range(args.runs):
            for name, (command, cwd) in commands.items():
                samples[name].append(measure(command, cwd))
        results[size] = {}
        for name, runs in samples.items():
            ordered = sorted(runs)
            median = ordered[len(ordered) // 2]
            results[size][name] = {"seconds": round(statistics.median(t for t, _ in runs), 4),
                                   "peak_mib": round(median[1], 1)}
        # After the builds: the preview edits the project's files.
        for audience in ["public", "auditor"]:
            for edit in ["text", "field"]:
                latency = serve_latency.measure(assure, project, 5, audience, edit)
                serves[size][f"{audience}, {edit}"] = round(statistics.median(latency), 1)
    single = single_page(assure, cmark, args.work, args.runs)
    print(f"{'documents':>9}  {'command':24} {'median (s)':>10} {'peak (MiB)':>10}")
    for size, figures in results.items():
        for name, figure in figures.items():
            print(f"{size:>9}  {name:24} {figure['seconds']:>10.3f} {figure['peak_mib']:>10.0f}")
    print()
    ratios = {}
    for size, figures in results.items():
        build = figures["assure build (public)"]
        ratios[size] = {
            "build / hugo": build["seconds"] / figures["hugo"]["seconds"],
            "build / cmark": build["seconds"] / figures["cmark-gfm"]["seconds"],
            "auditor / public": figures["assure build (auditor)"]["seconds"] / build["seconds"],
            "memory / hugo": build["peak_mib"] / figures["hugo"]["peak_mib"],
        }
        print(f"{size:>9}  " + "  ".join(f"{k} {v:.2f}" for k, v in ratios[size].items()))
    print()
    for size, figures in serves.items():
        print(f"{size:>9}  assure serve, save to the page's reload (median of 5 edits): "
              + ", ".join(f"{kind} {ms:.0f} ms" for kind, ms in figures.items()))
    print()
    print(f"one page of '![[]()' x {HOSTILE_REPEATS} ({single['hostile_kib']:.0f} KiB): assure {single['hostile_assure']:.3f} s, "
          f"cmark-gfm {single['hostile_cmark']:.3f} s")
    print(f"one page of {single['large_mib']:.1f} MiB: assure peak {single['large_assure_mib']:.0f} MiB, "
          f"cmark-gfm peak {single['large_cmark_mib']:.0f} MiB")
    targets = issue_targets(results, serves, single)
    print()
    for name, (value, limit, met) in targets.items():
        print(f"  {'met' if met else 'MISSED':6} {name:58} {value:8.2f}  (target {limit})")
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        per_doc = (results[large]["assure build (public)"]["seconds"] / large) / \
                  (results[small]["assure build (public)"]["seconds"] / small)
        ratios["cost per document, largest / smallest"] = per_doc
        print(f"cost per document at {large} / at {small}: {per_doc:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": {str(k): v for k, v in results.items()}, "single_page": single,
                       "targets": {k: {"value": v, "limit": l, "met": m} for k, (v, l, m) in targets.items()},
                   "ratios": {str(k): v for k, v in ratios.items()},
                   "serve_ms": {str(k): v for k, v in serves.items()}}, f, indent=2, sort_keys=True)


HOSTILE_REPEATS = 29200  # about 175 KB


def single_page(assure, cmark, work, runs):
    """One hostile page (cmark's slowest shape) against cmark-gfm on the same body, and the peak
    memory of one large page against cmark-gfm's on it."""
    import adversarial
    import memory as large_page
    root = os.path.join(work, "single-page")
    adversarial.project(root, "![[]()" * HOSTILE_REPEATS)
    build = [assure, "build", "-q", "--project", root, "--output", os.path.join(root, "site")]
    body = [cmark] + EXTENSIONS + [os.path.join(root, "body.md")]
    hostile_assure = statistics.median(measure(build)[0] for _ in range(runs))
    hostile_cmark = statistics.median(measure(body)[0] for _ in range(runs))
    large = os.path.join(work, "large-page")
    size = large_page.project(large, 7.5)
    body_file = os.path.join(large, "body.md")
    large_assure = measure([assure, "build", "-q", "--project", large, "--output", os.path.join(large, "site")])[1]
    large_cmark = measure([cmark] + EXTENSIONS + [body_file])[1]
    return {"hostile_kib": os.path.getsize(os.path.join(root, "body.md")) / 1024,
            "hostile_assure": round(hostile_assure, 4), "hostile_cmark": round(hostile_cmark, 4),
            "large_mib": size, "large_assure_mib": round(large_assure, 1), "large_cmark_mib": round(large_cmark, 1)}


def issue_targets(results, serves, single):
    """The targets of "Faster than Hugo on the same work", at the largest size: (value, limit, met)."""
    size = max(results)
    f = results[size]
    hugo, cmark = f["hugo"], f["cmark-gfm"]
    auditor, public, check = f["assure build (auditor)"], f["assure build (public)"], f["assure check"]
    peak = max(auditor["peak_mib"], public["peak_mib"], check["peak_mib"])
    slowest_serve = max(serves[size].values()) if serves.get(size) else float("nan")
    rows = {
        f"{size}: auditor build / Hugo": (auditor["seconds"] / hugo["seconds"], "<= 0.5"),
        f"{size}: auditor build / cmark-gfm": (auditor["seconds"] / cmark["seconds"], "<= 4"),
        f"{size}: check / cmark-gfm": (check["seconds"] / cmark["seconds"], "<= 2"),
        f"{size}: public build / cmark-gfm": (public["seconds"] / cmark["seconds"], "<= 2.5"),
        f"{size}: peak memory of any Assure run / Hugo's": (peak / hugo["peak_mib"], "<= 0.25"),
        "hostile page: assure / cmark-gfm": (single["hostile_assure"] / single["hostile_cmark"], "<= 1.2"),
        "large page: assure's peak / page size": (single["large_assure_mib"] / single["large_mib"], "< 20"),
        "large page: cmark-gfm's own peak / page size": (single["large_cmark_mib"] / single["large_mib"], "(budget)"),
        f"{size}: serve, save to reload, slowest median (ms)": (slowest_serve, "< 100"),
    }
    def met(value, limit):
        if limit.startswith("("):
            return True
        number = float(limit.split()[-1])
        return value <= number if limit.startswith("<=") else value < number
    return {name: (round(value, 3), limit, met(value, limit)) for name, (value, limit) in rows.items()}


if __name__ == "__main__":
    main()
