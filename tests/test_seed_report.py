"""What a reader of the seed report sees: every figure a notebook saves is also displayed inline
in that notebook (so JupyterLab and the report's notebook pages show it), and the report opens
in a real browser with every image loaded, also after the folder is moved elsewhere.

The report on the seeds is made once per test session and shared by the pytest-xdist workers
(the `project_reports` fixture of conftest.py)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.report import list_notebooks

@pytest.fixture(scope="session")
def seed_report(project_reports):
    """The folder of a report run on the seeds (made once per session, see conftest.py)."""
    return project_reports[0]


def displayed_images(cell) -> int:
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def saving_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and "save_figure(" in c.source]


def test_every_saved_figure_is_displayed_once_in_its_executed_notebook(seed_report):
    catalogue = pd.read_csv(seed_report / "figures" / "catalogue.csv")
    executed = sorted(seed_report.glob("[0-9][0-9]-*.ipynb"))
    assert [p.name for p in executed] == [p.name for p in list_notebooks()]
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        saved = int((catalogue["notebook"] == path.name).sum())
        images = sum(displayed_images(c) for c in nb.cells if c.cell_type == "code")
        assert saved > 0, f"{path.name} saved no figure on the seeds"
        assert images == saved, f"{path.name}: {saved} figures saved, {images} displayed"
        for cell in saving_cells(nb):
            calls = cell.source.count("save_figure(")
            shown = displayed_images(cell)
            # A conditional save may not run; then the cell says why in a sentence instead.
            said_why = any(o.output_type == "stream" and o.name == "stdout" for o in cell.outputs)
            assert shown == calls or (shown == 0 and said_why), (path.name, cell.source[:60])


def test_executed_notebooks_show_no_warnings_or_tracebacks(seed_report):
    for path in sorted(seed_report.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output.output_type != "error", (path.name, cell.source[:60])
                if output.output_type == "stream":
                    assert output.name == "stdout", (path.name, cell.source[:60], output.text)
                    assert not re.search(r"Warning|Traceback", output.text), (path.name, output.text)
                data = output.get("data", {})
                if "text/plain" in data and "image/png" not in data:  # a figure's repr, not its image
                    assert "<Figure size" not in json.dumps(data["text/plain"]), (path.name, cell.source[:60])


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by playwright (no browser download), or a skip naming what is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the package playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("the executable chromium is not installed (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def open_page(browser, path: Path) -> dict:
    """Open a report page from disk; return its console errors, images and link targets."""
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(path.as_uri(), wait_until="load")
    seen = page.evaluate("""() => ({
        images: [...document.images].map(i => ({src: i.src.slice(0, 40), width: i.naturalWidth,
                                                complete: i.complete})),
        links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
        overflowing: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    })""")
    page.close()
    return {"errors": errors, **seen}


def assert_shows_everything(browser, folder: Path, pages: list[str]) -> None:
    for name in pages:
        seen = open_page(browser, folder / name)
        assert seen["errors"] == [], (name, seen["errors"])
        assert seen["images"], f"{name} shows no image"
        broken = [i["src"] for i in seen["images"] if not (i["complete"] and i["width"] > 0)]
        assert broken == [], (name, broken)
        assert not seen["overflowing"], f"{name} is wider than the window (a table or figure runs off)"


def report_pages(folder: Path) -> list[str]:
    return ["index.html", *sorted(p.name for p in folder.glob("[0-9][0-9]-*.html"))]


def test_report_pages_show_every_image_without_console_errors(browser, seed_report):
    pages = report_pages(seed_report)
    assert len(pages) == 1 + len(list_notebooks())
    assert_shows_everything(browser, seed_report, pages)
    index = open_page(browser, seed_report / "index.html")
    for link in index["links"]:
        if not link.startswith(("#", "data:")):
            assert (seed_report / link).exists(), link
    for name in pages[1:]:
        assert "index.html" in open_page(browser, seed_report / name)["links"], name


def test_report_still_shows_every_image_when_moved_or_copied_alone(browser, seed_report, tmp_path):
    moved = tmp_path / "mailed" / "report"
    shutil.copytree(seed_report, moved)
    assert_shows_everything(browser, moved, report_pages(moved))
    alone = tmp_path / "alone"
    alone.mkdir()
    for name in report_pages(seed_report):  # each page copied on its own, without figures/
        shutil.copy(seed_report / name, alone / name)
    assert_shows_everything(browser, alone, report_pages(alone))
