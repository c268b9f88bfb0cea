"""A trust portal at real scale, for the browser tests: the starter project (`assure init`)
with 150 restricted controls in ten families, eight reference pages in a "Resources" menu,
a public policy with a nine-column table, and one auditor-only control whose text must never
reach the public site."""
import pathlib
import subprocess

FAMILIES = [
    "access-control", "change-management", "system-operations", "risk-management", "vendor-management",
    "human-resources", "data-protection", "monitoring", "governance", "business-continuity",
]
CRITERIA = ["CC6.1", "CC6.2", "CC6.3", "CC7.1", "CC7.2", "CC8.1", "CC3.2", "CC9.2", "CC1.4", "CC2.1"]
POLICIES = ["POL-AC", "POL-OPS", "POL-ISP"]

# Words of the auditor-only control: the public site's search must not find them.
AUDITOR_ONLY_PHRASE = "quarantined ledger reconciliation by the night shift"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def own_words(root):
    """Adds a sentence to every document `assure init` wrote, as a team making the starter its
    own does: the public site leaves documents still in the starter's words out."""
    for path in sorted((pathlib.Path(root) / "content").glob("*/*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nAdopted by the security lead.\n", encoding="utf-8")


def generate(assure, root):
    """Writes the project into `root` (which must not exist) with the `assure` binary."""
    subprocess.run([assure, "init", str(root)], check=True, capture_output=True)
    own_words(root)
    content = pathlib.Path(root) / "content"
    for number in range(1, 151):
        family = FAMILIES[number % len(FAMILIES)]
        criteria = ", ".join(CRITERIA[(number + step) % len(CRITERIA)] for step in range(2))
        write(content / "controls" / f"scale-{number:03}.md",
              "---\n"
              f"id: SCALE-{number:03}\n"
              f"title: Scaled control {number:03} for {family.replace('-', ' ')}\n"
              "owner: Security Lead\n"
              f"criteria: [{criteria}]\n"
              f"policies: [{POLICIES[number % len(POLICIES)]}]\n"
              "status: implemented\n"
              f"family: {family}\n"
              "audience: restricted\n"
              "evidence: [Tickets]\n"
              f"summary: Restricted control number {number}.\n"
              "---\n"
              f"Control {number} is performed by the security team and recorded in tickets.\n")
    write(content / "controls" / "night-01.md",
          "---\nid: NIGHT-01\ntitle: Ledger reconciliation\nowner: Finance Lead\ncriteria: [CC7.2]\n"
          "policies: [POL-OPS]\nstatus: implemented\nfamily: monitoring\naudience: auditor\n"
          "evidence: [Reconciliation log]\nsummary: Nightly reconciliation.\n---\n"
          f"Every night the {AUDITOR_ONLY_PHRASE} is signed off by the finance lead.\n")
    for number in range(1, 9):
        write(content / "pages" / f"resource-{number}.md",
              f"---\nid: RES-{number}\ntitle: Reference page {number}\naudience: public\nmenu: Resources\n"
              f"order: {10 + number}\n---\nReference material number {number}.\n")
    header = "| " + " | ".join(f"Column heading {n}" for n in range(1, 10)) + " |"
    rule = "|" + "".join([":---|", ":---:|", "---:|"] * 3)  # aligned columns, as real tables have
    row = "| " + " | ".join(f"a fairly long cell value {n}" for n in range(1, 10)) + " |"
    write(content / "pages" / "wide-table.md",
          "---\nid: WIDE\ntitle: Data inventory\naudience: public\nmenu: Resources\norder: 20\n---\n"
          "The systems that hold customer data.\n\n" + "\n".join([header, rule, row, row, row]) + "\n")
