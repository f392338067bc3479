"""Figure of syndicated copy: how much of each outlet's articles are copies of another article.

The plot function returns a :class:`matplotlib.figure.Figure` and draws the table of
:func:`analysis.syndication.copies_by_outlet`, which notebooks save beside it with
:func:`analysis.figures.save_figure`.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

#: What each bar segment counts (a column of copies_by_outlet), its legend label and colour
#: (Okabe & Ito 2008: grey for text found once, blue for the first of a cluster, vermillion
#: for later copies).
SEGMENTS = (
    ("unique", "no near duplicate", "#BBBBBB"),
    ("first", "first of a cluster", "#0072B2"),
    ("copies", "later copy", "#D55E00"),
)
WIDTH_IN = 3.5  # one column
FONT_PT = 7


def plot_copies_by_outlet(table: pd.DataFrame):
    """Horizontal bars, one per outlet: shares of its articles with no near duplicate, first
    of a cluster of copies, or a later copy.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.syndication.copies_by_outlet` (``outlet``, ``articles``, ``unique``,
        ``first``, ``copies``); drawn in its row order, top to bottom.

    Returns
    -------
    matplotlib.figure.Figure
        3.5 in wide, text 7 pt; the height grows with the number of outlets.
    """
    if table.empty:
        raise ValueError("No outlets to plot: the article table is empty.")
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.2 * len(table) + 1.0), layout="constrained")
    labels = [f"{o} ({n:,})" for o, n in zip(table["outlet"], table["articles"])]
    left = pd.Series(0.0, index=table.index)
    for column, label, colour in SEGMENTS:
        share = 100 * table[column] / table["articles"]
        ax.barh(labels, share, left=left, color=colour, label=label, height=0.7)
        left += share
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the outlet's articles (%)", fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT)
    ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=FONT_PT,
              handlelength=1.0, columnspacing=0.8)
    return fig
