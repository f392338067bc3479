"""Figure of syndicated copy: how much of each outlet's articles are copies of another article.

The plot function returns a :class:`matplotlib.figure.Figure` and draws the table of
:func:`analysis.syndication.copies_by_outlet`, which notebooks save beside it with
:func:`analysis.figures.save_figure`.
"""
from __future__ import annotations

import textwrap

import pandas as pd

from analysis.adapt import figure_limit
from analysis.figures import ONE_COLUMN, fold_outlets, literal, new_figure

#: What each bar segment counts (a column of copies_by_outlet), its legend label and colour
#: (Okabe & Ito 2008), drawn left to right: later copies from zero, so their share reads off
#: the axis; then first members of a cluster (blue); then articles with no near duplicate.
SEGMENTS = (
    ("copies", "later copy", "#D55E00"),
    ("first", "first of a cluster", "#0072B2"),
    ("unique", "no near duplicate", "#BBBBBB"),
)
WIDTH_IN = ONE_COLUMN
FONT_PT = 7
LABEL_CHARS = 22  # outlet names are wrapped at this width


def plot_copies_by_outlet(table: pd.DataFrame, *, max_bars: int | None = None):
    """Horizontal bars, one per outlet: shares of its articles that are a later copy, the
    first of a cluster of near duplicates, or have no near duplicate.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.syndication.copies_by_outlet` (``outlet``, ``articles``, ``unique``,
        ``first``, ``copies``); drawn in its row order, top to bottom.
    max_bars : int, optional
        Beyond this many outlets (default ``figures.max_outlet_bars`` in ``data/scaling.yaml``)
        only the outlets with the most articles get a bar (in the table's order) and the rest
        are summed in a last bar, "n other outlets".

    Returns
    -------
    matplotlib.figure.Figure
        3.5 in wide, text 7 pt; the height grows with the number of outlets.
    """
    if table.empty:
        raise ValueError("No outlets to plot: the article table is empty.")
    limit = figure_limit("max_outlet_bars") if max_bars is None else max_bars
    if len(table) > limit:
        folded, _ = fold_outlets(table, limit=limit, size="articles",
                                 sums=[c for c, _, _ in SEGMENTS] + ["articles"])
        kept = set(folded["outlet"].iloc[:-1])
        table = pd.concat([table[table["outlet"].astype(str).isin(kept)], folded.iloc[-1:]],
                          ignore_index=True)
    labels = literal([f"{textwrap.fill(str(o), LABEL_CHARS)} ({n:,})"
                      for o, n in zip(table["outlet"], table["articles"])])
    height = 0.8 + sum(0.12 + 0.1 * label.count("\n") for label in labels) + 0.1 * len(labels)
    fig, ax = new_figure(WIDTH_IN, height)
    left = pd.Series(0.0, index=table.index)
    for column, label, colour in SEGMENTS:
        share = 100 * table[column] / table["articles"]
        ax.barh(labels, share, left=left, color=colour, label=label, height=0.7)
        left += share
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the outlet's articles (%)", fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT)
    fig.legend(ncols=3, loc="outside upper center", fontsize=FONT_PT, handlelength=1.0,
               columnspacing=0.8, handletextpad=0.4)
    return fig
