"""Shared by the build_NN.py scripts that write the project notebooks.

Notebooks are generated rather than hand-edited, so they are stored without outputs, with the
project kernel and fixed cell ids: rebuilding a notebook gives the same bytes.
"""
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

KERNELSPEC = {"name": "indo-news-framing", "display_name": "Python (indo-news-framing)",
              "language": "python"}


def write_notebook(cells: list, filename: str) -> Path:
    """Write ``cells`` to ``notebooks/<filename>`` with the project kernel and fixed cell ids."""
    notebook = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC,
                                                   "language_info": {"name": "python"}})
    for i, cell in enumerate(notebook.cells):
        cell.id = f"cell-{i:02d}"
    path = Path(__file__).resolve().parents[1] / filename
    nbformat.write(notebook, path)
    print(f"wrote {path}")
    return path
