#!/usr/bin/env python3
"""Turns a generated project into a git repository with N further commits, each editing a
few documents (a new paragraph, a status or audience change), for the diff benchmark."""
import os, random, subprocess, sys

def git(root, *args):
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    subprocess.run(["git", "-C", root, "-c", "user.name=Bench", "-c", "user.email=bench@example.test", *args],
                   check=True, stdout=subprocess.DEVNULL, env=env)

def main(root, commits):
    rng = random.Random(7)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Initial programme")
    controls = sorted(os.listdir(f"{root}/content/controls"))
    policies = sorted(os.listdir(f"{root}/content/policies"))
    for number in range(commits):
        for name in rng.sample(policies, 2):
            with open(f"{root}/content/policies/{name}", "a") as f:
                f.write(f"\nRevision {number}: clarified the review of exceptions.\n")
        for name in rng.sample(controls, 3):
            path = f"{root}/content/controls/{name}"
            text = open(path).read()
            if rng.random() < 0.5:
                text = text.replace("status: implemented", "status: partial", 1)
            else:
                text = text.replace("status: partial", "status: implemented", 1)
            open(path, "w").write(text + f"\nOperated as described in cycle {number}.\n")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"Change {number}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
