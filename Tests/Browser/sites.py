"""The sites the browser and validity tests open: the example portal and a generated one with
150 restricted controls, each built for the public and the auditor, once per test run."""
import atexit
import functools
import os
import pathlib
import shutil
import subprocess
import tempfile

import scale_project

ROOT = pathlib.Path(__file__).resolve().parents[2]
ASSURE = os.environ.get("ASSURE_BIN", str(ROOT / ".build" / "debug" / "assure"))
WORK = pathlib.Path(tempfile.mkdtemp(prefix="assure-browser-"))
if os.environ.get("ASSURE_KEEP_BROWSER_SITES") != "1":
    atexit.register(shutil.rmtree, WORK, True)


def assure(*arguments, cwd):
    result = subprocess.run([ASSURE, *arguments], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"assure {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@functools.cache
def project(name):
    """The project folder: `example` (the repository's own content) or `scale`."""
    if name == "example":
        return ROOT
    folder = WORK / "scale-project"
    scale_project.generate(ASSURE, folder)
    return folder


@functools.cache
def site(name, audience):
    """The built site's folder, for `name` (example, scale) and `audience` (public, auditor)."""
    output = WORK / f"{name}-{audience}"
    assure("build", "--audience", audience, "--output", str(output), cwd=project(name))
    return output


def url(name, audience, path):
    return (site(name, audience) / path).as_uri()


# Pages of each kind, by site; the register is the auditor's only.
PAGES = {
    "home": "index.html",
    "policy": "policies/POL-AC.html",
    "control": "controls/AC-01.html",
    "criterion": "criteria/soc2/CC6.1.html",
    "matrix": "criteria/index.html",
    "register": "register.html",
    "search": "search.html",
}


def pages(audience):
    return {kind: path for kind, path in PAGES.items() if audience == "auditor" or kind != "register"}
