"""Figures of the corpus overview: what the loader kept and dropped, and corpus size.

Each plot function returns a :class:`matplotlib.figure.Figure` and has a ``*_table``
companion that returns the plotted data, so notebooks save both with
:func:`analysis.figures.save_figure`.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.clean import LABELS
from analysis.figures import outlet_colours

#: One colour per line label: kept labels in blues/greens, dropped in greys/orange.
LABEL_COLOURS = {
    "body": "#0072B2", "subheading": "#56B4E9", "title": "#009E73", "dateline": "#CC79A7",
    "byline": "#F0E442", "caption": "#E69F00", "credit": "#000000",
    "title_repeat": "#BBBBBB", "caption_repeat": "#999999", "boilerplate": "#D55E00",
    "blank": "#EEEEEE", "skipped": "#666666",
}


def line_account_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines per file and label, wide: one row per file, one column per label.

    >>> table = line_account_table(pd.DataFrame({"file": ["a.txt"] * 3,
    ...     "label": ["body", "boilerplate", "body"]}))
    >>> table[["file", "body", "boilerplate"]].to_dict("records")
    [{'file': 'a.txt', 'body': 2, 'boilerplate': 1}]
    """
    counts = lines.groupby(["file", "label"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[label for label in LABELS if label in counts.columns])
    return counts.reset_index()


def plot_line_account(lines: pd.DataFrame, *, outlets: pd.Series | None = None):
    """Horizontal stacked bars: every input line of every file, by label.

    ``outlets`` (indexed by file) adds the outlet to each bar's label.
    """
    table = line_account_table(lines).set_index("file")
    labels = [f"{f} ({outlets[f]})" if outlets is not None and f in outlets else f for f in table.index]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(table) + 1.4))
    left = pd.Series(0, index=table.index)
    for label in table.columns:
        ax.barh(labels, table[label], left=left, color=LABEL_COLOURS.get(label, "#777777"),
                label=label, edgecolor="white", linewidth=0.3)
        left += table[label]
    ax.invert_yaxis()
    ax.set_xlabel("Lines in the input file")
    ax.set_title("What the loader kept (blues, greens) and dropped (greys, orange)")
    ax.legend(ncols=4, bbox_to_anchor=(0.5, -0.12), loc="upper center",
              fontsize=7)
    return fig


def tokens_by_outlet_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles and body tokens per outlet."""
    return (articles.groupby("outlet")
            .agg(articles=("doc_id", "size"), tokens=("n_tokens", "sum"))
            .reset_index())


def plot_tokens_by_outlet(articles: pd.DataFrame):
    """Bar chart of body tokens per outlet, annotated with the number of articles."""
    table = tokens_by_outlet_table(articles)
    colours = outlet_colours(table["outlet"])
    fig, ax = plt.subplots(figsize=(6, 3))
    bars = ax.bar(table["outlet"], table["tokens"], color=[colours[o] for o in table["outlet"]])
    for bar, n in zip(bars, table["articles"]):
        ax.annotate(f"{n} article{'s' if n != 1 else ''}", (bar.get_x() + bar.get_width() / 2,
                    bar.get_height()), ha="center", va="bottom", fontsize=7)
    ax.set_ylabel("Tokens in article bodies")
    ax.set_xlabel("Outlet")
    ax.tick_params(axis="x", labelrotation=20)
    return fig
