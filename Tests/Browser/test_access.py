"""A customer's grant in a real browser: the link opens the sealed documents with their
watermark; a changed, missing or truncated key, or another grant's key, shows an error and
nothing of the documents. Over loopback HTTP and from file://."""
import functools
import http.server
import os
import re
import subprocess
import threading
import unittest

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import scale_project
import sites
import test_portal
import test_validity

SECRET = "browser-test secret: long enough, and never committed"
# A sentence of the starter's restricted Operations Security Policy, and its watermark.
BODY = "security events are triaged and incidents are handled by an incident lead"
WATERMARK = "Shared with ACME Corp under NDA REF-12 until 31 December 2099"


def grant(folder, name, customer, nda, granted, expires, documents):
    path = folder / "content" / "access" / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"customer: {customer}\nnda: {nda}\ngranted: {granted}\nexpires: {expires}\n"
                    f"documents: {documents}\n", encoding="utf-8")


@functools.cache
def project():
    folder = sites.WORK / "access-project"
    subprocess.run([sites.ASSURE, "init", str(folder)], check=True, capture_output=True)
    scale_project.own_words(folder)
    grant(folder, "acme", "ACME Corp", "REF-12", "2020-01-01", "2099-12-31", "[POL-OPS, system-operations]")
    grant(folder, "beta", "Beta Ltd", "REF-7", "2020-01-01", "2099-12-31", "restricted")
    # Live on the day it is built, long expired on the day the browser opens it.
    grant(folder, "lapsed", "Lapsed plc", "REF-3", "2020-01-01", "2020-12-31", "restricted")
    return folder


def run(*arguments, as_of="2020-06-01"):
    result = subprocess.run([sites.ASSURE, *arguments, "--as-of", as_of], cwd=project(), capture_output=True,
                            text=True, env={**os.environ, "ASSURE_ACCESS_SECRET": SECRET})
    if result.returncode != 0:
        raise AssertionError(f"assure {' '.join(arguments)}: {result.stdout}{result.stderr}")
    return result.stdout


@functools.cache
def site():
    output = sites.WORK / "access-site"
    summary = run("build", "--output", str(output))
    assert "access grants: 3 published" in summary, summary
    return output


def link(name):
    """`assure access link` for the grant: base_url, path and key."""
    return run("access", "link", name).strip()


class Server:
    """The built site over HTTP on loopback, as a static host would serve it."""

    def __enter__(self):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *arguments):
                pass

        handler = functools.partial(Quiet, directory=str(site()))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *arguments):
        self.server.shutdown()
        self.server.server_close()


def setUpModule():
    test_portal.setUpModule()


def tearDownModule():
    test_portal.tearDownModule()


class GrantLinkTests(unittest.TestCase):
    def setUp(self):
        test_portal.viewport(1280)
        self.driver = test_portal.driver

    def local(self, address, base):
        """The link as `access link` prints it, pointed at this copy of the site."""
        return re.sub(r"^https://[^/]+", base, address)

    def open(self, address):
        self.driver.get_log("browser")
        self.driver.get("about:blank")
        self.driver.get(address)
        WebDriverWait(self.driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".gated-content, .gated-error"))
        return self.driver.find_element(By.ID, "main").text

    def assertOpens(self, text):
        self.assertIn(BODY, text)
        self.assertIn(WATERMARK, text)

    def assertRefused(self, text, message):
        self.assertIn(message, text)
        self.assertNotIn(BODY, text)
        self.assertNotIn("ACME", text)
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, ".gated-content"), [])

    def check_links(self, base):
        acme = self.local(link("acme"), base)
        beta = self.local(link("beta"), base)
        # The grant's index lists its documents; each opens, watermarked, with the key carried along.
        index = self.open(acme)
        self.assertIn("Documents shared with ACME Corp", index)
        self.assertIn(WATERMARK, index)
        self.driver.find_element(By.LINK_TEXT, "Operations Security Policy").click()
        WebDriverWait(self.driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".gated-content"))
        page = self.driver.current_url
        self.assertIn("#k=", page)
        self.assertOpens(self.driver.find_element(By.ID, "main").text)
        # (Chromium asks any HTTP host for /favicon.ico; the test server has none.)
        errors = [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        self.assertEqual([e for e in errors if "/favicon.ico" not in e["message"]], [])
        self.assertIn("Operations Security Policy", self.driver.title)
        axe = Axe(self.driver)
        axe.inject()
        serious = [v["id"] for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
        self.assertEqual(serious, [], "the opened page has serious accessibility violations")
        if base.startswith("file:") and os.environ.get("ASSURE_UPDATE_SCREENSHOTS") == "1":
            self.driver.execute_script("window.scrollTo(0, 0)")
            (sites.ROOT / "docs" / "screenshot-grant.png").write_bytes(self.driver.get_screenshot_as_png())
        # A changed key, no key, a truncated key, another grant's key: an error, nothing else.
        address, key = page.split("#k=")
        changed = key[:10] + ("A" if key[10] != "A" else "B") + key[11:]
        self.assertRefused(self.open(f"{address}#k={changed}"), "This key does not open this page")
        self.assertRefused(self.open(address), "opens only with the key that comes with the link")
        self.assertRefused(self.open(f"{address}#k={key[:30]}"), "incomplete or damaged")
        self.assertRefused(self.open(f"{address}#k={beta.split('#k=')[1]}"), "This key does not open this page")
        # The other grant's own link opens its own pages.
        self.assertIn("Documents shared with Beta Ltd", self.open(beta))
        # A grant past its expiry (the build predates it) is refused by the page itself.
        lapsed = self.local(link("lapsed"), base)
        self.assertRefused(self.open(lapsed), "This link expired on 2020-12-31")

    def test_links_over_http_on_loopback(self):
        with Server() as base:
            self.check_links(base)

    def test_links_from_the_file_system(self):
        self.check_links(site().as_uri())

    def test_the_sealed_pages_pass_the_nu_html_checker(self):
        result = test_validity.nu_checker(site())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_the_public_pages_say_nothing_of_the_grants(self):
        for path in site().rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for secret_word in (b"ACME", b"REF-12", b"Beta Ltd", BODY.encode()):
                    self.assertNotIn(secret_word, data, f"{path} holds {secret_word!r}")


if __name__ == "__main__":
    unittest.main()
