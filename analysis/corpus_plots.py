"""Figures of the corpus overview: what the loader kept and dropped, and corpus size.

Each plot function returns a :class:`matplotlib.figure.Figure` and has a ``*_table``
companion that returns the data, so notebooks save both with
:func:`analysis.figures.save_figure`. The line account is drawn per outlet (one bar per
outlet, whatever the number of files), with the per-file detail in its table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from analysis.clean import LABELS
from analysis.figures import ONE_COLUMN, TWO_COLUMNS, literal, new_figure, outlet_colours

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


def plot_line_account(lines: pd.DataFrame, *, outlets: pd.Series):
    """Horizontal stacked bars: every input line of each outlet's files, by label.

    One bar per outlet (the per-file counts are in :func:`line_account_table`, for the CSV),
    so the figure stays readable for thousands of files. Lines are shown as shares of the
    outlet's lines; the number of files and lines is written beside each outlet.
    """
    table = outlet_line_account(lines, outlets=outlets).set_index("outlet")
    labels = [c for c in table.columns if c != "files"]
    totals = table[labels].sum(axis=1)
    shares = table[labels].div(totals.where(totals > 0, 1), axis=0)
    names = literal([f"{outlet} ({_files(n)}, {total:,} lines)"
                     for outlet, n, total in zip(table.index, table["files"], totals)])
    fig, ax = new_figure(TWO_COLUMNS, 0.22 * len(table) + 1.45)
    left = np.zeros(len(table))
    for label in labels:
        ax.barh(names, shares[label], left=left, color=LABEL_COLOURS.get(label, "#777777"),
                label=label.replace("_", " "), edgecolor="white", linewidth=0.3, height=0.7)
        left += shares[label].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of the input lines of the outlet's files")
    fig.legend(ncols=6, loc="outside lower center", handlelength=1.2, columnspacing=0.9,
               title="kept as text or metadata: blues, greens, yellow, black; dropped: greys, orange")
    return fig


def _files(n: int) -> str:
    return f"{n:,} file{'s' if n != 1 else ''}"


def tokens_by_outlet_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles and body tokens per outlet."""
    return (articles.groupby("outlet")
            .agg(articles=("doc_id", "size"), tokens=("n_tokens", "sum"))
            .reset_index())


def plot_tokens_by_outlet(articles: pd.DataFrame):
    """Horizontal bars of body tokens per outlet, the number of articles beside each outlet."""
    table = tokens_by_outlet_table(articles)
    colours = outlet_colours(table["outlet"])
    names = literal([f"{o} ({n:,} article{'s' if n != 1 else ''})"
                     for o, n in zip(table["outlet"], table["articles"])])
    fig, ax = new_figure(ONE_COLUMN, 0.2 * len(table) + 0.9)
    ax.barh(names, table["tokens"], color=[colours[o] for o in table["outlet"]], height=0.7)
    ax.invert_yaxis()
    ax.set_xlabel("tokens in article bodies")
    return fig
