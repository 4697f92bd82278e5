"""The preview page in a real browser, as an officer sees it while saving workbooks in Excel.

Debian's Chromium, headless, driven through WebDriver by selenium with Debian's chromedriver
(the same build as the browser; ``make test`` installs both with scripts/system-deps.sh).
Selenium rather than the DevTools protocol by hand: the W3C WebDriver API reads the page as a
user agent exposes it (text, alt text, what is displayed) with waits built in. The driver's path
is given, so selenium-manager is never run and nothing is downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import INPUTS, JUNE
from watching import WAIT, Watch, copy_report, excel_save, set_text, workbook_bytes

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FIRST = ("To provide an update on Partnership working within Cannock Chase to ensure that "
         "Cabinet are briefed on key issues and opportunities.")


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Chromium and its WebDriver are missing: run scripts/system-deps.sh test "
                    "(make test does)")
    monkeypatch.setenv("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1000,1400",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium's sandbox refuses to run as root
    service = Service(executable_path=str(CHROMEDRIVER), log_output=os.devnull)
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


# Read in one script each: the page replaces its content by itself while the test reads it.

def _alts(driver: webdriver.Chrome) -> str:
    return str(driver.execute_script(
        "return Array.from(document.querySelectorAll('main img'), i => i.alt).join(' ')"))


def _banners(driver: webdriver.Chrome) -> list[str]:
    """The text of each problem banner shown (as rendered: hidden ones have none)."""
    found = driver.execute_script(
        "return Array.from(document.querySelectorAll('[role=alert]'), b => b.innerText)")
    return [text for text in found if text.strip()]


def _cells(driver: webdriver.Chrome) -> list[str]:
    return list(driver.execute_script(
        "return Array.from(document.querySelectorAll('[role=alert] td'), c => c.innerText)"))


def _break(book: openpyxl.Workbook) -> None:
    book["Text"]["A3"] = "numbred paragraph"  # a slip in the style of a row


def test_saves_in_excel_appear_on_the_page_by_themselves(browser, tmp_path) -> None:
    folder = copy_report(INPUTS / JUNE, tmp_path)
    book = folder / "report.xlsx"
    watch = Watch(folder, tmp_path / "out", tmp_path / "tmp")
    wait = WebDriverWait(browser, WAIT, poll_frequency=0.2)
    try:
        watch.wait_outcomes(1)
        browser.get(watch.url)
        # What a screen reader needs: language, title, headings, every page's text.
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en-GB"
        assert "Update on Partnership Activity" in browser.title
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Preview")
        assert browser.find_element(By.TAG_NAME, "h2").text == "Update on Partnership Activity"
        pages = browser.find_elements(By.CSS_SELECTOR, "main img")
        assert len(pages) == 7
        assert pages[0].get_attribute("alt").startswith("Page 1 of 7: ITEM NO. 9.1")
        assert FIRST in _alts(browser)
        first = browser.execute_script(
            "return fetch(arguments[0]).then(r => r.ok && r.headers.get('content-type'))",
            pages[0].get_attribute("src"))
        assert first == "image/png"

        # An Excel save: the page shows the new text by itself.
        excel_save(book, workbook_bytes(book, set_text(
            FIRST, "A sentence the officer has just typed.")))
        wait.until(lambda d: "A sentence the officer has just typed." in _alts(d))
        assert FIRST not in _alts(browser)
        assert _banners(browser) == []

        # A broken save: the problem at its cell, over the last good pages.
        excel_save(book, workbook_bytes(book, _break))
        wait.until(lambda d: _banners(d))
        banner = _banners(browser)[0]
        assert "1 problem" in banner and "not up to date" in banner
        assert "numbred paragraph" in banner
        cells = _cells(browser)
        assert cells[:3] == [f"{JUNE}/report.xlsx", "Text", "A3"]
        assert "A sentence the officer has just typed." in _alts(browser)  # last good pages
        # The status line says so once the last build of the save has ended (a build that read
        # the workbook mid-save is followed by one more, so it may still say Building).
        wait.until(lambda d: "problem" in d.find_element(By.ID, "status").text)
        browser.save_screenshot(str(tmp_path / "problem.png"))

        # Put right: the banner goes, the new text shows.
        def fix(book: openpyxl.Workbook) -> None:
            book["Text"]["A3"] = "numbered paragraph"
            set_text("A sentence the officer has just typed.", "Put right and saved again.")(book)
        excel_save(book, workbook_bytes(book, fix))
        wait.until(lambda d: "Put right and saved again." in _alts(d))
        assert _banners(browser) == []
        browser.save_screenshot(str(tmp_path / "preview.png"))
        assert watch.failures() == 1 and watch.builds() == 3, watch.lines
    finally:
        assert watch.stop() == 0
