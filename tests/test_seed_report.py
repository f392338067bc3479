"""What a reader of the seed report sees: every figure a notebook saves is also displayed inline
in that notebook (so JupyterLab and the report's notebook pages show it), and the report opens
in a real browser with every image loaded, also after the folder is moved elsewhere.

The report on the seeds is made once per test session and shared by the pytest-xdist workers
(the `project_reports` fixture of conftest.py)."""
from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest


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
    assert len(executed) == 4
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
