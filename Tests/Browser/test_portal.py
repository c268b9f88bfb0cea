"""The trust portal in a real browser (Debian's chromium, driven by Selenium), opened from
file:// as an auditor opens a bundle: no console errors, search, accessibility (axe-core),
the keyboard, a 375 px phone and the screenshots in the README.

ASSURE_UPDATE_SCREENSHOTS=1 writes the screenshots into docs/; otherwise they are made and
checked, and left in a temporary folder."""
import os
import re
import unittest

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import scale_project
import sites

SITES = [(name, audience) for name in ("example", "scale") for audience in ("public", "auditor")]

driver = None


def setUpModule():
    global driver
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                     "--disable-dev-shm-usage", "--force-color-profile=srgb", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=options)


def tearDownModule():
    if driver:
        driver.quit()


def viewport(width, height=900, mobile=False):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def open_page(name, audience, path):
    driver.get_log("browser")  # what earlier pages logged
    driver.get(sites.url(name, audience, path))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def search(name, audience, query):
    """The result links (text) for `query`, typed into the search box."""
    open_page(name, audience, "search.html")
    box = driver.find_element(By.ID, "search-query")
    box.send_keys(query)
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.ID, "search-status").text.endswith("."))
    results = [link.text for link in driver.find_elements(By.CSS_SELECTOR, "#search-results > li > a")]
    print(f"\n  search {name}/{audience} {query!r}: {driver.find_element(By.ID, 'search-status').text} "
          f"{results[:3]}", end="")
    return results


class PagesTests(unittest.TestCase):
    def setUp(self):
        viewport(1280)

    def test_no_console_errors(self):
        for name, audience in SITES:
            for kind, path in sites.pages(audience).items():
                with self.subTest(site=f"{name}/{audience}", page=kind):
                    open_page(name, audience, path)
                    if kind == "search":
                        driver.find_element(By.ID, "search-query").send_keys("access")
                    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
                    self.assertEqual(errors, [], f"{path} logged errors")

    def test_axe_finds_no_serious_or_critical_violation(self):
        report = []
        version = ""
        for name, audience in SITES:
            for kind, path in sites.pages(audience).items():
                with self.subTest(site=f"{name}/{audience}", page=kind):
                    open_page(name, audience, path)
                    axe = Axe(driver)
                    axe.inject()
                    version = driver.execute_script("return axe.version")
                    results = axe.run()
                    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
                    minor = [v["id"] for v in results["violations"] if v not in serious]
                    report.append(f"{name}/{audience} {kind}: {len(results['passes'])} rules pass, "
                                  f"{len(serious)} serious or critical, other: {', '.join(minor) or 'none'}")
                    self.assertEqual(
                        [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in serious], [])
        print(f"\naxe-core {version}:\n  " + "\n  ".join(report))

    def test_no_horizontal_page_scroll_on_a_phone(self):
        viewport(375, 812, mobile=True)
        for name, audience in SITES:
            for kind, path in list(sites.pages(audience).items()) + [("wide table", "pages/WIDE.html")]:
                if kind == "wide table" and name != "scale":
                    continue
                with self.subTest(site=f"{name}/{audience}", page=kind):
                    open_page(name, audience, path)
                    overflow = driver.execute_script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    self.assertLessEqual(overflow, 0, f"{path} scrolls sideways by {overflow} px at 375 px")

    def test_wide_tables_scroll_inside_their_own_box(self):
        for width in (1280, 375):
            viewport(width, 812)
            open_page("scale", "public", "pages/WIDE.html")
            table = driver.find_element(By.CSS_SELECTOR, ".prose table")
            inner, outer = driver.execute_script(
                "return [arguments[0].scrollWidth, arguments[0].clientWidth]", table)
            self.assertGreater(inner, outer, f"at {width} px the nine columns should scroll inside the table")
            page = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.assertLessEqual(page, 0)

    def test_menu_stays_on_one_line_at_desktop_width(self):
        open_page("scale", "public", "index.html")
        tops = driver.execute_script(
            "return Array.from(document.querySelectorAll('.nav > li')).map(e => e.getBoundingClientRect().top)")
        self.assertGreater(len(tops), 4)
        self.assertEqual(len(set(round(top) for top in tops)), 1, "the menu wraps onto a second line")
        groups = driver.find_elements(By.CSS_SELECTOR, ".nav details.menu > summary")
        self.assertEqual([group.text for group in groups], ["Resources"])

    def test_families_are_collapsible_with_counts(self):
        open_page("scale", "public", "controls/index.html")
        summaries = [s.text for s in driver.find_elements(By.CSS_SELECTOR, "details.family > summary")]
        self.assertGreaterEqual(len(summaries), 10)
        total = sum(int(re.search(r"(\d+) controls?\b", text).group(1)) for text in summaries)
        self.assertGreaterEqual(total, 150, summaries)


class SearchTests(unittest.TestCase):
    def setUp(self):
        viewport(1280)

    def test_finds_a_document_by_id(self):
        for name, audience in SITES:
            with self.subTest(site=f"{name}/{audience}"):
                results = search(name, audience, "AC-01")
                self.assertTrue(results and results[0].startswith("AC-01 "), results[:3])

    def test_finds_a_document_by_a_phrase_from_its_body(self):
        # From the public Access Control Policy of the example.
        results = search("example", "public", "limited to two sealed break-glass accounts")
        self.assertEqual(results[:1], ["POL-AC Access Control Policy"])

    def test_finds_a_criterion_and_the_documents_mapped_to_it(self):
        results = search("example", "public", "CC6.1")
        self.assertTrue(results[0].startswith("CC6.1 "), results[:3])
        self.assertIn("AC-01 Single sign-on with phishing-resistant MFA", results)

    def test_the_public_site_finds_nothing_of_an_auditor_only_document(self):
        cases = [
            ("example", "Restores are performed by two engineers", "BC-02 Restore from backup"),
            ("scale", scale_project.AUDITOR_ONLY_PHRASE, "NIGHT-01 Ledger reconciliation"),
            ("scale", "NIGHT-01", "NIGHT-01 Ledger reconciliation"),
        ]
        for name, query, document in cases:
            with self.subTest(site=name, query=query):
                self.assertIn(document, search(name, "auditor", query))
                self.assertEqual(search(name, "public", query), [])
                self.assertEqual(driver.find_element(By.ID, "search-status").text, "No results.")
        index = (sites.site("scale", "public") / "search-index.js").read_text()
        self.assertNotIn("quarantined ledger", index)
        self.assertNotIn("NIGHT-01", index)

    def test_a_query_in_the_address_opens_with_results(self):
        driver.get(sites.url("example", "public", "search.html") + "?q=encryption")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-status").text.endswith("results."))
        self.assertEqual(driver.find_element(By.ID, "search-query").get_attribute("value"), "encryption")


class KeyboardTests(unittest.TestCase):
    def setUp(self):
        viewport(1280)

    def focused(self):
        return driver.execute_script("""
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {tag: element.tagName.toLowerCase(), href: element.getAttribute('href'), text: element.textContent.trim(),
                    inNav: !!element.closest('header nav'), id: element.id,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};""")

    def tab(self):
        # Keys go to whatever has focus, as a person's do; a fresh page starts at its top.
        ActionChains(driver).send_keys(Keys.TAB).perform()
        return self.focused()

    def test_keyboard_reaches_search_and_every_menu_link_with_a_visible_focus(self):
        for name in ("example", "scale"):
            with self.subTest(site=name):
                open_page(name, "public", "policies/POL-AC.html")
                expected = set(driver.execute_script(
                    "return Array.from(document.querySelectorAll('header nav a')).map(a => a.getAttribute('href'))"))
                reached = set()
                for _ in range(60):
                    element = self.tab()
                    if not element["inNav"]:
                        if reached:
                            break
                        continue
                    self.assertTrue(element["outline"], f"no visible focus on {element}")
                    if element["tag"] == "summary":
                        ActionChains(driver).send_keys(Keys.ENTER).perform()  # open the menu group
                    elif element["href"]:
                        reached.add(element["href"])
                self.assertEqual(reached, expected)
                self.assertTrue(any(href.endswith("search.html") for href in reached))

    def test_search_box_takes_focus_and_typing(self):
        open_page("example", "public", "search.html")
        for _ in range(40):
            element = self.tab()
            if element["id"] == "search-query":
                break
        self.assertEqual(element["id"], "search-query")
        self.assertTrue(element["outline"], "the search box shows no focus")
        ActionChains(driver).send_keys("POL-AC").perform()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-status").text.endswith("."))
        self.tab()
        self.assertEqual(self.focused()["href"], "policies/POL-AC.html")


class ScreenshotTests(unittest.TestCase):
    def test_screenshots_of_home_and_a_policy(self):
        update = os.environ.get("ASSURE_UPDATE_SCREENSHOTS") == "1"
        folder = sites.ROOT / "docs" if update else sites.WORK / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        for label, width, height, mobile in (("desktop", 1280, 900, False), ("phone", 375, 812, True)):
            viewport(width, height, mobile)
            for page, path in (("home", "index.html"), ("policy", "policies/POL-AC.html")):
                open_page("example", "public", path)
                target = folder / f"screenshot-{page}-{label}.png"
                target.write_bytes(driver.get_screenshot_as_png())
                png = target.read_bytes()
                self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
                self.assertEqual((int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")),
                                 (width, height))
        viewport(1280)


if __name__ == "__main__":
    unittest.main()
