"""The README's pictures, made from real outputs: run the demo into a temporary folder, print
three of its files through LibreOffice (as an office would print them), render the chosen page
of each with pdftoppm and keep it in docs/ as a small PNG.

    python docs/pictures.py            # from the checkout's root; needs soffice and pdftoppm

Writes docs/agency-workbook.png (a page of an agency's returned workbook), docs/summary.png
(the 汇总表's summary sheet), docs/report.png (the first page of the 督查通报) and
docs/dashboard.png (the 驾驶舱's first screen in headless Chromium).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
RESOLUTION = 72  # dots per inch: a page stays readable at about 1,000 pixels wide
COLOURS = 48  # the palette a page is reduced to: text and a few fills, well under 200 KB
AGENCY = "市营商局"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"docs/pictures.py: {name} is needed (LibreOffice and poppler-utils)")
    return found


def to_pdf(file: Path, out_dir: Path) -> Path:
    """``file`` printed to PDF by LibreOffice, with the fonts the rendering tests use."""
    fonts = REPO / "tests" / "fonts.conf"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(fonts))
        subprocess.run([_tool("soffice"), "--headless", "--norestore", f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(file)],
                       env=env, check=True, capture_output=True, timeout=300)
    return out_dir / (file.stem + ".pdf")


def page_png(pdf: Path, page: int, target: Path) -> Path:
    """Page ``page`` (1-based) of ``pdf`` as a PNG at ``target``, reduced to a small palette."""
    from PIL import Image

    stem = target.with_suffix("")
    subprocess.run([_tool("pdftoppm"), "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True, capture_output=True, timeout=120)
    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, dither=Image.Dither.NONE)
    small.save(target, optimize=True)
    return target


def first_page_without(pdf: Path, text: str) -> int:
    """The first page of ``pdf`` whose text lacks ``text`` (1 when every page has it): the
    first section sheet of a workbook, whose pages do not say 填报说明 in their header."""
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    for number, page in enumerate(out.split("\f"), 1):
        if text not in page:
            return number
    return 1


def page_screenshot(page: Path, target: Path) -> Path:
    """The 驾驶舱 as headless Chromium shows it (the tests' browser, networking off), first screen."""
    sys.path.insert(0, str(REPO / "tests"))  # the tests' browser helper; planbook is the installed one
    from browser import chromium

    driver = chromium()
    if driver is None:
        raise SystemExit("chromium, chromium-driver and selenium are needed for the 驾驶舱 picture")
    try:
        driver.set_window_size(1280, 900)
        driver.get(page.resolve().as_uri())
        driver.save_screenshot(str(target))
    finally:
        driver.quit()
    return target


def main() -> None:
    from planbook.tools.demo import run_demo
    from planbook.store.folder import QuarterFolder, workbook_filename

    with tempfile.TemporaryDirectory(prefix="planbook-pictures-") as tmp:
        work = Path(tmp)
        result = run_demo(work / "demo")
        quarter = result.quarter
        folder = QuarterFolder.of(quarter, work / "demo" / str(quarter))
        returned = folder.inbox / workbook_filename(quarter, AGENCY)
        pdfs = work / "pdf"
        book = to_pdf(returned, pdfs)
        page_png(book, first_page_without(book, "填报说明"), DOCS / "agency-workbook.png")
        summary = to_pdf(result.outputs["汇总表"], pdfs)
        page_png(summary, 1, DOCS / "summary.png")
        report = to_pdf(result.outputs["督查通报"], pdfs)
        page_png(report, 1, DOCS / "report.png")
        page_screenshot(result.outputs["驾驶舱"], DOCS / "dashboard.png")
    for name in ("agency-workbook.png", "summary.png", "report.png", "dashboard.png"):
        print(f"{DOCS / name}: {(DOCS / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
