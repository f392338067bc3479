"""The one place for figure output and figure style.

Plot functions elsewhere in the package return a :class:`matplotlib.figure.Figure` and never
call ``show()`` or ``savefig()``; :func:`save_figure` writes every published figure as PNG
(300 dpi, for slides) and SVG (for print) with deterministic bytes, and the plotted data as
CSV beside it. One style (:data:`STYLE`) and one colour per outlet (:func:`outlet_colours`,
from the colour-blind-safe palette of Okabe & Ito 2008) are shared by all figures.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)  # no screen needed; Jupyter's inline backend still works
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.paths import FIGURES_DIR  # noqa: E402

#: Okabe & Ito (2008) colour-blind-safe palette, black last.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000"]

#: Fixed colours for the five seed outlets; other outlets get the remaining palette colours
#: in alphabetical order, so a given corpus always gets the same colours.
OUTLET_COLOURS = {
    "Kontan": "#E69F00",
    "Media Indonesia": "#56B4E9",
    "RMOL": "#009E73",
    "Tempo": "#D55E00",
    "VOA Indonesia": "#0072B2",
}

#: rcParams shared by every figure. ``svg.hashsalt`` and the metadata passed in
#: :func:`save_figure` make the SVG bytes deterministic.
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "indo-news-framing",
    "svg.fonttype": "path",
}


def use_style() -> None:
    """Apply the house figure style (called on import of this module)."""
    plt.rcParams.update(STYLE)


use_style()


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    """Return one colour per outlet, fixed for the seed outlets.

    >>> outlet_colours(["Tempo", "Kompas"])
    {'Tempo': '#D55E00', 'Kompas': '#CC79A7'}
    """
    outlets = list(dict.fromkeys(outlets))
    spare = [c for c in OKABE_ITO if c not in OUTLET_COLOURS.values()]
    colours, i = {}, 0
    for outlet in sorted(outlets):
        if outlet in OUTLET_COLOURS:
            colours[outlet] = OUTLET_COLOURS[outlet]
        else:
            colours[outlet] = spare[i % len(spare)] if spare else "#777777"
            i += 1
    return {o: colours[o] for o in outlets}


def save_figure(
    fig,
    name: str,
    *,
    data: pd.DataFrame | None = None,
    directory: str | Path | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    metadata: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write ``fig`` as ``name.png`` and ``name.svg`` (and ``data`` as ``name.csv``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem named by content, e.g. ``"keyness_by-outlet"``.
    data : DataFrame, optional
        The plotted data, written beside the figure as CSV (UTF-8, no index).
    directory : path, optional
        Output folder; defaults to the project's ``figures/``.
    formats : tuple of str
        File formats to write.
    metadata : mapping, optional
        Extra metadata (e.g. ``{"Title": ...}``); dates and software versions are never
        written, so the bytes depend only on the figure.

    Returns
    -------
    list of Path
        The files written.
    """
    directory = Path(directory) if directory is not None else FIGURES_DIR
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = directory / f"{name}.{fmt}"
        meta = _deterministic_metadata(fmt, metadata)
        with plt.rc_context(STYLE):
            fig.savefig(path, format=fmt, metadata=meta)
        written.append(path)
    if data is not None:
        path = directory / f"{name}.csv"
        data.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written


def _deterministic_metadata(fmt: str, extra: Mapping[str, str] | None) -> dict:
    meta: dict = dict(extra or {})
    if fmt == "svg":
        meta.setdefault("Date", None)
        meta.setdefault("Creator", None)
    elif fmt == "png":
        meta.setdefault("Software", None)
    elif fmt == "pdf":
        meta.update({"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None})
    return meta
