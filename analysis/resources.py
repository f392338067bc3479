"""Reading the editable research data files in ``analysis/data``.

Every research choice (stop words, aliases, cue words, frame lexicons, outlet rules, glosses)
is a plain file a researcher can read and edit. Each starts with ``#`` comment lines saying
where it came from (its provenance) and how to edit it; the readers here skip those lines.
Pass a path (a ``Path``, or a string with a folder part such as ``"./my_cues.txt"``) instead
of a name to use your own copy of a file; a bare name always means the shipped file.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import yaml

from analysis.paths import DATA_DIR, data_file


def resolve(name_or_path: str | Path) -> Path:
    """Return the file a data-file argument names.

    A bare file name given as a string (``"aliases.csv"``) always means the file shipped in
    ``analysis/data``, whatever is in the current folder, so the research choices cannot be
    swapped silently. A :class:`~pathlib.Path`, or a string with a folder part
    (``"./aliases.csv"``, ``"my/cues.txt"``), names your own file.

    >>> resolve("aliases.csv").parent.name
    'data'
    """
    if isinstance(name_or_path, str) and not any(sep in name_or_path for sep in ("/", "\\")):
        shipped = DATA_DIR / name_or_path
        if shipped.exists():
            return shipped
    path = Path(name_or_path)
    if path.exists():
        return path
    if isinstance(name_or_path, str) and path.parent == Path("."):
        return data_file(name_or_path)  # raises, listing the shipped files
    raise FileNotFoundError(f"Data file {path} does not exist. Check the path, or pass the name "
                            f"of a shipped file in {DATA_DIR}.")


def _strip_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        i += 1
    return "".join(lines[i:])


def read_list(name_or_path: str | Path) -> list[str]:
    """Read a one-item-per-line list, skipping ``#`` comments and blank lines.

    >>> "kata" in read_list("attribution_cues.txt")
    True
    """
    path = resolve(name_or_path)
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            items.append(line)
    return items


def read_table(name_or_path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a CSV data file whose leading ``#`` lines are its provenance header.

    Empty cells become empty strings, not NaN, so columns stay text.
    """
    path = resolve(name_or_path)
    body = _strip_header(path.read_text(encoding="utf-8"))
    kwargs.setdefault("dtype", str)
    kwargs.setdefault("keep_default_na", False)
    try:
        return pd.read_csv(io.StringIO(body), **kwargs)
    except pd.errors.ParserError as error:
        raise ValueError(f"{path}: not a valid CSV table ({error}). Check the quoting.") from error


def read_yaml(name_or_path: str | Path):
    """Read a YAML data file (comments are YAML comments)."""
    path = resolve(name_or_path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({error}).") from error
