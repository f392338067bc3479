"""Figures of the corpus overview: what the loader kept and dropped, and corpus size.

Each plot function returns a :class:`matplotlib.figure.Figure` and has a ``*_table``
companion that returns the data, so notebooks save both with
:func:`analysis.figures.save_figure`. The line account is drawn per outlet (one bar per
outlet, whatever the number of files), with the per-file detail in its table. Bars run from the
largest outlet down; beyond ``figures.max_outlet_bars`` outlets (``data/scaling.yaml``) the
smallest are summed in one bar "n other outlets" (:func:`analysis.figures.fold_outlets`), so
a corpus of dozens of outlets still fits a page.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from analysis.clean import LABELS
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.adapt import figure_limit
from analysis.figures import (ONE_COLUMN, OTHER_COLOUR, TWO_COLUMNS, fold_outlets, literal,
                              new_figure, outlet_colours)

def folded_note(sizes: pd.Series, *, by: str = "articles", max_bars: int | None = None) -> str:
    """The sentence a caption adds when a bar chart sums its smallest outlets in one bar.

    ``sizes`` is each outlet's number of ``by`` (files or articles), what the bar charts rank
    outlets by; the outlets are folded exactly as :func:`analysis.figures.fold_outlets` does.

    >>> folded_note(pd.Series({"A": 5, "B": 1}))
    ''
    >>> folded_note(pd.Series({name: 10 - i for i, name in enumerate("ABCDE")}), by="files", max_bars=3)
    ' The 3 outlets with the fewest files are summed in one bar.'
    """
    limit = figure_limit("max_outlet_bars") if max_bars is None else max_bars
    table = pd.DataFrame({"outlet": sizes.index.astype(str), "size": sizes.to_numpy()})
    _, placed = fold_outlets(table, limit=limit, size="size", sums=["size"])
    folded = int((placed["bar"] != placed["outlet"]).sum())
    return f" The {folded} outlets with the fewest {by} are summed in one bar." if folded else ""


#: Label of files the loader saw but could not give an outlet (skipped files, no manifest row).
UNKNOWN_OUTLET = "unknown outlet"

#: One colour per line label: kept labels in blues/greens, dropped in greys/orange.
LABEL_COLOURS = {
    "body": "#0072B2", "subheading": "#56B4E9", "title": "#009E73", "dateline": "#CC79A7",
    "byline": "#F0E442", "caption": "#E69F00", "credit": "#000000",
    "title_repeat": "#BBBBBB", "caption_repeat": "#999999", "boilerplate": "#D55E00",
    "blank": "#EEEEEE", "skipped": "#666666",
}


def line_account_table(lines: pd.DataFrame, *, outlets: pd.Series | None = None) -> pd.DataFrame:
    """Lines per file and label, wide: one row per file, one column per label.

    ``outlets`` (indexed by file) adds an ``outlet`` column after ``file``; files the loader
    skipped, or that have no outlet, get "unknown outlet".

    >>> table = line_account_table(pd.DataFrame({"file": ["a.txt"] * 3,
    ...     "label": ["body", "boilerplate", "body"]}), outlets=pd.Series({"a.txt": "Tempo"}))
    >>> table[["file", "outlet", "body", "boilerplate"]].to_dict("records")
    [{'file': 'a.txt', 'outlet': 'Tempo', 'body': 2, 'boilerplate': 1}]
    """
    counts = lines.groupby(["file", "label"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[label for label in LABELS if label in counts.columns])
    table = counts.reset_index()
    if outlets is not None:
        table.insert(1, "outlet", _outlet_of(table["file"], outlets))
    return table


def _outlet_of(files: pd.Series, outlets: pd.Series) -> pd.Series:
    known = outlets[~outlets.index.duplicated()].astype(str)
    return files.map(known).fillna(UNKNOWN_OUTLET)


def outlet_line_account(lines: pd.DataFrame, *, outlets: pd.Series) -> pd.DataFrame:
    """Lines per outlet and label (wide), with the number of files of each outlet.

    >>> lines = pd.DataFrame({"file": ["a.txt", "a.txt", "b.txt"], "label": ["body", "blank", "body"]})
    >>> outlet_line_account(lines, outlets=pd.Series({"a.txt": "Tempo", "b.txt": "Tempo"})).to_dict("records")
    [{'outlet': 'Tempo', 'files': 2, 'body': 2, 'blank': 1}]
    """
    per_file = line_account_table(lines, outlets=outlets)
    labels = [c for c in per_file.columns if c not in ("file", "outlet")]
    table = per_file.groupby("outlet", sort=True)[labels].sum()
    table.insert(0, "files", per_file.groupby("outlet", sort=True)["file"].size())
    return table.reset_index()


def plot_line_account(lines: pd.DataFrame, *, outlets: pd.Series, max_bars: int | None = None):
    """Horizontal stacked bars: every input line of each outlet's files, by label.

    One bar per outlet (the per-file counts are in :func:`line_account_table`, for the CSV),
    so the figure stays readable for thousands of files. Lines are shown as shares of the
    outlet's lines; the number of files and lines is written beside each outlet. Outlets run
    from the most files down; beyond ``max_bars`` (default ``figures.max_outlet_bars`` in
    ``data/scaling.yaml``) the smallest share one bar, "n other outlets".
    """
    table = outlet_line_account(lines, outlets=outlets)
    labels = [c for c in table.columns if c not in ("outlet", "files")]
    limit = figure_limit("max_outlet_bars") if max_bars is None else max_bars
    table, _ = fold_outlets(table, limit=limit, size="files", sums=["files", *labels])
    table = table.set_index("outlet")
    totals = table[labels].sum(axis=1)
    shares = table[labels].div(totals.where(totals > 0, 1), axis=0)
    names = literal([f"{outlet} ({_files(n)}, {total:,} lines)"
                     for outlet, n, total in zip(table.index, table["files"], totals)])
    fig, ax = new_figure(TWO_COLUMNS, 0.17 * len(table) + 1.45)
    left = np.zeros(len(table))
    for label in labels:
        ax.barh(names, shares[label], left=left, color=LABEL_COLOURS.get(label, "#777777"),
                label=label.replace("_", " "), edgecolor="white", linewidth=0.3, height=0.7)
        left += shares[label].to_numpy()
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of the input lines of the outlet's files")
    fig.legend(ncols=6, loc="outside lower center", handlelength=1.2, columnspacing=0.9,
               title="kept as text or metadata: blues, greens, yellow, black; dropped: greys, orange")
    return fig


def _files(n: int) -> str:
    return f"{n:,} file{'s' if n != 1 else ''}"


def tokens_by_outlet_table(articles: pd.DataFrame, *, max_bars: int | None = None) -> pd.DataFrame:
    """Articles and body tokens per outlet, most articles first, and the ``bar`` each outlet is
    drawn in by :func:`plot_tokens_by_outlet` (its own, or "n other outlets").

    >>> arts = pd.DataFrame({"doc_id": list("abc"), "outlet": ["Tempo", "Kontan", "Tempo"],
    ...                      "n_tokens": [10, 5, 7]})
    >>> tokens_by_outlet_table(arts).to_dict("records")[0]
    {'outlet': 'Tempo', 'articles': 2, 'tokens': 17, 'bar': 'Tempo'}
    """
    table = (articles.groupby("outlet")
             .agg(articles=("doc_id", "size"), tokens=("n_tokens", "sum"))
             .reset_index())
    limit = figure_limit("max_outlet_bars") if max_bars is None else max_bars
    _, table = fold_outlets(table, limit=limit, size="articles", sums=["articles", "tokens"])
    return table.sort_values(["articles", "outlet"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def plot_tokens_by_outlet(articles: pd.DataFrame, *, max_bars: int | None = None):
    """Horizontal bars of body tokens per outlet, the number of articles beside each outlet.

    Outlets run from the most articles down, in their colours (:func:`outlet_colours`: beyond
    the palette, grey); beyond ``max_bars`` (default ``figures.max_outlet_bars`` in
    ``data/scaling.yaml``) the smallest share one grey bar, "n other outlets".
    """
    table = (articles.groupby("outlet")
             .agg(articles=("doc_id", "size"), tokens=("n_tokens", "sum"))
             .reset_index())
    colours = outlet_colours(table["outlet"], sizes=dict(zip(table["outlet"], table["articles"])))
    limit = figure_limit("max_outlet_bars") if max_bars is None else max_bars
    table, _ = fold_outlets(table, limit=limit, size="articles", sums=["articles", "tokens"])
    names = literal([f"{o} ({n:,} article{'s' if n != 1 else ''})"
                     for o, n in zip(table["outlet"], table["articles"])])
    fig, ax = new_figure(ONE_COLUMN, 0.16 * len(table) + 0.9)
    ax.barh(names, table["tokens"], color=[colours.get(o, OTHER_COLOUR) for o in table["outlet"]],
            height=0.7)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_xlabel("tokens in article bodies")
    return fig
