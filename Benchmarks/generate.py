#!/usr/bin/env python3
"""Writes a synthetic Assure project with N documents (policies and controls in a 1:4 ratio)
whose bodies cross-reference each other and the TSC criteria, for benchmarks."""
import os, random, sys

def main(root, count):
    rng = random.Random(42)  # the same project on every run
    criteria = [l.split("\t")[0] for l in TSC.strip().splitlines()]
    policies = max(1, count // 5)
    controls = count - policies
    os.makedirs(f"{root}/content/policies", exist_ok=True)
    os.makedirs(f"{root}/content/controls", exist_ok=True)
    with open(f"{root}/content/assure.yml", "w") as f:
        f.write("organization:\n  name: Bench Co\nprinciples: [security, availability, confidentiality]\n"
                "report:\n  type: type-2\n  period: {start: 2026-01-01, end: 2026-06-30}\n")
    paragraph = ("Access to production is granted for a stated reason and a limited time, reviewed by a "
                 "second engineer and recorded. ")
    for i in range(policies):
        refs = " ".join(f"[[{rng.choice(criteria)}]]" for _ in range(3))
        body = "\n\n".join(f"## Section {s}\n\n{paragraph * 4}{refs}" for s in range(4))
        with open(f"{root}/content/policies/pol-{i:05d}.md", "w") as f:
            f.write(f"---\nid: POL-{i:05d}\ntitle: Policy {i}\nowner: Owner\nversion: \"1.0\"\n"
                    f"effective: 2026-01-01\naudience: {rng.choice(['public', 'restricted', 'auditor', 'internal'])}\n"
                    f"criteria: [{rng.choice(criteria)}]\n---\n{body}\n")
    for i in range(controls):
        crit = sorted({criteria[i % len(criteria)], rng.choice(criteria)})
        body = f"{paragraph * 3}\n\nSee [[{crit[0]}]].\n\n- evidence one\n- evidence two\n"
        with open(f"{root}/content/controls/ctl-{i:05d}.md", "w") as f:
            f.write(f"---\nid: CTL-{i:05d}\ntitle: Control {i}\nowner: Owner\ncriteria: [{', '.join(crit)}]\n"
                    f"policies: [POL-{rng.randrange(policies):05d}]\nstatus: implemented\nfamily: access-control\n"
                    f"audience: {rng.choice(['public', 'restricted', 'auditor'])}\nevidence: [Change tickets, Review records]\n---\n{body}")

TSC = open(os.path.join(os.path.dirname(__file__), "tsc-ids.txt")).read()

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
