"""Headless Chromium, the real browser: Debian's ``chromium`` driven through its
``chromium-driver`` by selenium, with networking off, so a page that reaches outside its
file shows it. Like LibreOffice, skipped when missing except under CI=true (then it fails)."""

from __future__ import annotations

import base64
import io
import os
import shutil

import pytest

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--window-size=1400,1000")
"""As root Chromium needs --no-sandbox; the dead proxy keeps every request off the network."""


def _binaries() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def chromium():
    """A headless, offline Chromium (selenium WebDriver), or None when it or selenium is missing
    (the tests and ``docs/pictures.py`` start it the same way)."""
    found = _binaries()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:  # pragma: no cover - selenium is a test dependency
        return None
    if found is None:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(found[1]), options=options)


def browser_or_skip():
    """A headless Chromium (selenium WebDriver); skips without it, except in CI, where it fails."""
    driver = chromium()
    if driver is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium and chromium-driver (and selenium) are required in CI")
        pytest.skip("chromium / chromium-driver not installed")
    return driver


def print_pdf(driver) -> bytes:
    """The loaded page printed to PDF (DevTools Page.printToPDF), A4 landscape."""
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.orientation = "landscape"
    options.page_width, options.page_height = 21.0, 29.7
    options.background = True
    return base64.b64decode(driver.print_page(options))


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(float(p.width), float(p.height)) for p in pdf.pages]
