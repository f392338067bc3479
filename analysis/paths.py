"""The one place for paths.

Every path derives from the location of this package, never from the current working
directory, so notebooks, tests and the command line agree wherever they are started from.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
SEEDS_DIR = PROJECT_DIR / "seeds"
FIGURES_DIR = PROJECT_DIR / "figures"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
REPORTS_DIR = PROJECT_DIR / "reports"
CACHE_DIR = PROJECT_DIR / "cache"


def data_file(name: str) -> Path:
    """Return the path of a research data file shipped in ``analysis/data``.

    >>> data_file("aliases.csv").name
    'aliases.csv'
    """
    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(
            f"Data file {path} is missing. The files shipped with the package are: "
            f"{', '.join(sorted(p.name for p in DATA_DIR.iterdir()))}."
        )
    return path
