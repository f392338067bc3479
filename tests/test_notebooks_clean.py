"""Notebooks are stored clean: no outputs, one `parameters` cell, the project kernel, no
functions or classes. The rules live in analysis.report.check_notebook; here they are
applied to every notebook in notebooks/ and shown to catch each kind of breach."""
from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
import yaml

from analysis.paths import NOTEBOOKS_DIR, PROJECT_DIR
from analysis.report import KERNEL_NAME, check_notebook

PARAMETERS = ("corpus_dir = None    # None = the project's seeds/; or a path to your own article folder\n"
              "figures_dir = None   # None = the project's figures/; the report runner sets another folder\n"
              "min_df = 2")


def project_notebook(*code: str, parameters: str = PARAMETERS):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": f"Python ({KERNEL_NAME})",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Do outlets name Kim Jong Un differently?"), cell]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in code]
    return nb


def problems_of(nb, tmp_path) -> list[str]:
    path = tmp_path / "01-terms.ipynb"
    nbformat.write(nb, path)
    return check_notebook(path)


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_stored_notebook_is_clean(notebook):
    assert check_notebook(notebook) == []


def test_a_clean_notebook_passes(tmp_path):
    nb = project_notebook("%matplotlib inline\nfrom analysis.terms import count_terms",
                          "counts = [len(w) for w in ['Korut', 'Rusia']]")
    assert problems_of(nb, tmp_path) == []


def test_stored_outputs_and_execution_counts_are_caught(tmp_path):
    nb = project_notebook("print('Korut')")
    nb.cells[2].execution_count = 3
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Korut\n")]
    assert problems_of(nb, tmp_path) == [
        "01-terms.ipynb: cell 3 has stored outputs; strip them (nbstripout).",
        "01-terms.ipynb: cell 3 has an execution count; strip it (nbstripout).",
    ]


def test_functions_and_classes_in_cells_are_caught(tmp_path):
    nb = project_notebook("def share(x):\n    return x / 2", "class Frame:\n    pass",
                          "shares = sorted([3, 1], key=lambda x: -x)")
    assert problems_of(nb, tmp_path) == [
        "01-terms.ipynb: cell 3 defines a function; move it to analysis/ with a test.",
        "01-terms.ipynb: cell 4 defines a class; move it to analysis/ with a test.",
    ]


def test_missing_or_incomplete_parameters_cell_is_caught(tmp_path):
    nb = project_notebook("x = 1")
    nb.cells[1].metadata["tags"] = []
    assert problems_of(nb, tmp_path) == [
        "01-terms.ipynb: needs exactly one code cell tagged 'parameters' (found 0)."]
    nb = project_notebook("x = 1", parameters="figures_dir = None")
    assert problems_of(nb, tmp_path) == [
        "01-terms.ipynb: the parameters cell does not set corpus_dir (e.g. `corpus_dir = None`)."]


def test_other_kernel_and_leftover_injected_parameters_are_caught(tmp_path):
    nb = project_notebook("x = 1")
    nb.metadata["kernelspec"]["name"] = "python3"
    injected = nbformat.v4.new_code_cell("corpus_dir = '/tmp/other'")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(2, injected)
    assert problems_of(nb, tmp_path) == [
        "01-terms.ipynb: has a papermill 'injected-parameters' cell; delete it.",
        "01-terms.ipynb: kernelspec name is 'python3', expected 'indo-news-framing'.",
    ]


def nbstripout_args() -> list[str]:
    """The arguments the pre-commit hook gives nbstripout."""
    repos = yaml.safe_load((PROJECT_DIR / ".pre-commit-config.yaml").read_text())["repos"]
    return next(h for repo in repos for h in repo["hooks"] if h["id"] == "nbstripout")["args"]


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_stored_notebook_is_already_what_the_pre_commit_hook_would_store(notebook, tmp_path):
    copy = tmp_path / notebook.name
    copy.write_bytes(notebook.read_bytes())
    subprocess.run([sys.executable, "-m", "nbstripout", *nbstripout_args(), str(copy)], check=True)
    assert copy.read_bytes() == notebook.read_bytes()


def test_nbstripout_with_the_pre_commit_settings_makes_an_executed_notebook_clean(tmp_path):
    nb = project_notebook("print('Korut')")
    injected = nbformat.v4.new_code_cell("corpus_dir = '/tmp/other'")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(2, injected)
    nb.cells[3].execution_count = 1
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Korut\n")]
    nb.metadata["papermill"] = {"start_time": "2024-06-19T10:00:00"}
    path = tmp_path / "01-terms.ipynb"
    nbformat.write(nb, path)
    assert len(check_notebook(path)) == 3
    subprocess.run([sys.executable, "-m", "nbstripout", *nbstripout_args(), str(path)], check=True)
    assert check_notebook(path) == []
    assert "papermill" not in nbformat.read(path, as_version=4).metadata


def test_git_strips_notebooks_through_nbstripout():
    attributes = (PROJECT_DIR / ".gitattributes").read_text().splitlines()
    assert "*.ipynb filter=nbstripout" in attributes


# Notebooks are paired with jupytext percent scripts (notebooks/NN-name.py): edit either in
# JupyterLab (the pairing is in each notebook's metadata) or run `jupytext --sync notebooks/*.ipynb`.
def _cells(path):
    import jupytext

    nb = jupytext.read(path)
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.name)
def test_notebook_and_its_jupytext_script_hold_the_same_cells(notebook):
    script = notebook.with_suffix(".py")
    assert script.exists(), f"{script.name} is missing: run `jupytext --sync {notebook}`"
    assert nbformat.read(notebook, as_version=4).metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert _cells(script) == _cells(notebook), (
        f"{notebook.name} and {script.name} differ: run `jupytext --sync {notebook}`")


def test_a_changed_script_is_caught_as_out_of_sync(tmp_path):
    notebook = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))[0]
    (tmp_path / notebook.name).write_bytes(notebook.read_bytes())
    script = tmp_path / notebook.with_suffix(".py").name
    script.write_text(notebook.with_suffix(".py").read_text() + "\n# %%\nprint('Korut')\n")
    assert _cells(script) != _cells(tmp_path / notebook.name)
