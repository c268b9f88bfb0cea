#!/usr/bin/env python3
"""Writes a project of N documents shaped like real ones, three ways: as an Assure project, as
a Hugo site of the same documents (a `criteria` taxonomy, every link resolved with `ref`), and
as the bare markdown bodies (for the cmark-gfm CLI).

Each document is about 4 KB: front matter with the usual fields, 3-8 headings, paragraphs,
bullet and numbered lists, a GFM table, a task list, 6-10 links to other documents (relative
`.md` links and `[[ID]]`), two to four criteria per control, one policy for every seven
controls, one document in eight `public` and the rest `auditor`.

Usage: realistic.py ROOT N   (writes ROOT/assure, ROOT/hugo, ROOT/bodies)"""
import os, random, sys

WORDS = ("access review change approval production engineer record incident vendor risk backup "
         "encryption key rotation logging monitoring alert owner quarterly evidence ticket control "
         "policy system customer data retention deletion training onboarding offboarding network "
         "firewall patch vulnerability scan release deployment rollback audit sample period").split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def document(rng, index, kind, ids, criteria):
    """The markdown body, with links written by `link(target_id, target_kind, text)`."""
    links = []
    for _ in range(rng.randint(6, 10)):
        target = rng.choice(ids)
        links.append(target)
    parts = []
    prose = []  # indices of paragraphs, where links go
    headings = rng.randint(3, 8)
    for h in range(headings):
        parts.append(f"## {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {h + 1}")
        prose.append(len(parts))
        parts.append(paragraph(rng))
        if h == 0:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 5))))
        if h == 1:
            parts.append("\n".join(f"{n + 1}. {sentence(rng)}" for n in range(rng.randint(3, 5))))
        if h == 2:
            rows = ["| Step | Owner | Frequency |", "|---|---|---|"]
            rows += [f"| {rng.choice(WORDS)} {rng.choice(WORDS)} | {rng.choice(WORDS)} | {rng.choice(WORDS)} |"
                     for _ in range(rng.randint(3, 6))]
            parts.append("\n".join(rows))
            parts.append("\n".join(f"- [{'x' if rng.random() < 0.5 else ' '}] {sentence(rng)}" for _ in range(3)))
    # Links spread over the paragraphs: a placeholder per link, filled per output format.
    for n, target in enumerate(links):
        spot = rng.choice(prose)
        parts[spot] += f" See {{LINK{n}}}."
    return "\n\n".join(parts) + "\n", links


def main(root, count):
    rng = random.Random(42)  # the same project on every run
    criteria = [line.split()[0] for line in open(os.path.join(os.path.dirname(__file__), "tsc-ids.txt"))]
    security = [c for c in criteria if c.startswith("CC")]
    policies = max(1, count // 8)
    controls = count - policies
    docs = [("policy", f"POL-{i:05d}") for i in range(policies)] + [("control", f"CTL-{i:05d}") for i in range(controls)]
    ids = [d[1] for d in docs]
    kind_of = dict((d[1], d[0]) for d in docs)
    folder = {"policy": "policies", "control": "controls"}
    for sub in ["assure/content/policies", "assure/content/controls", "hugo/content/policies", "hugo/content/controls",
                "bodies"]:
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    with open(f"{root}/assure/content/assure.yml", "w") as f:
        # No report period: the workload is the documents, as the issue defines it; evidence of
        # operation (which a Type II period would require of every control) is another workload.
        f.write("organization:\n  name: Bench Co\nprinciples: [security]\n")
    with open(f"{root}/hugo/hugo.toml", "w") as f:
        f.write('baseURL = "https://bench.example/"\ntitle = "Bench Co"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
                '[taxonomies]\n  criterion = "criteria"\n[markup.goldmark.renderer]\n  unsafe = false\n'
                '[markup.goldmark.extensions]\n  table = true\n  strikethrough = true\n  linkify = true\n  taskList = true\n')
    os.makedirs(f"{root}/hugo/layouts/_default", exist_ok=True)
    with open(f"{root}/hugo/layouts/_default/single.html", "w") as f:
        f.write("<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
                "{{ .Content }}<ul>{{ range .GetTerms \"criteria\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}"
                "</a></li>{{ end }}</ul></body></html>\n")
    with open(f"{root}/hugo/layouts/_default/list.html", "w") as f:
        f.write("<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>"
                "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
    for index, (kind, doc_id) in enumerate(docs):
        body, links = document(rng, index, kind, ids, criteria)
        audience = "public" if index % 8 == 0 else "auditor"
        cited = sorted(rng.sample(security, rng.randint(2, 4)))
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {doc_id}"
        assure_body, hugo_body, bare_body = body, body, body
        for n, target in enumerate(links):
            own, theirs = folder[kind], folder[kind_of[target]]
            relative = f"{target.lower()}.md" if own == theirs else f"../{theirs}/{target.lower()}.md"
            if n % 2 == 0:
                assure_link = f"[[{target}]]"
                hugo_link = f'[{target}]({{{{< ref "/{theirs}/{target.lower()}.md" >}}}})'
            else:
                assure_link = f"[the {kind_of[target]}]({relative})"
                hugo_link = f'[the {kind_of[target]}]({{{{< ref "/{theirs}/{target.lower()}.md" >}}}})'
            assure_body = assure_body.replace(f"{{LINK{n}}}", assure_link, 1)
            hugo_body = hugo_body.replace(f"{{LINK{n}}}", hugo_link, 1)
            bare_body = bare_body.replace(f"{{LINK{n}}}", f"[the {kind_of[target]}]({relative})", 1)
        if kind == "policy":
            front = (f"id: {doc_id}\ntitle: {title}\nowner: Security lead\nversion: \"1.{index % 9}\"\n"
                     f"effective: 2026-01-15\nlast_reviewed: 2026-03-01\nreview_every: 12 months\napproved_by: CEO\n"
                     f"audience: {audience}\ncriteria: [{cited[0]}]\nsummary: {sentence(rng)}\n")
        else:
            policy = f"POL-{(index - policies) // 7 % policies:05d}"
            front = (f"id: {doc_id}\ntitle: {title}\nowner: Platform team\ncriteria: [{', '.join(cited)}]\n"
                     f"policies: [{policy}]\nstatus: implemented\nfrequency: quarterly\nfamily: access-control\n"
                     f"audience: {audience}\nevidence: [Review tickets, Change records]\nsummary: {sentence(rng)}\n")
        name = f"{doc_id.lower()}.md"
        with open(f"{root}/assure/content/{folder[kind]}/{name}", "w") as f:
            f.write(f"---\n{front}---\n{assure_body}")
        with open(f"{root}/hugo/content/{folder[kind]}/{name}", "w") as f:
            f.write(f"---\ntitle: \"{title}\"\ncriteria: [{', '.join(cited)}]\n---\n{hugo_body}")
        with open(f"{root}/bodies/{folder[kind]}-{name}", "w") as f:
            f.write(bare_body)
    # A control meets every security criterion, so the build passes its coverage check.
    with open(f"{root}/assure/content/controls/baseline.md", "w") as f:
        f.write(f"---\nid: CTL-BASE\ntitle: Baseline\nowner: Security lead\ncriteria: [{', '.join(security)}]\n"
                f"policies: [POL-00000]\nstatus: implemented\nfamily: governance\nevidence: [Board minutes]\n---\n"
                "The baseline programme.\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
