"""Figures for the validation of the voice labels: reliability, confusion, corrected shares.

Each function takes a table from :mod:`analysis.validate` and returns a matplotlib Figure
(never shown or saved here: write it with :func:`analysis.figures.save_figure`), sized for one
column (3.5 in) or two (7 in), text at 7 pt or more. Outlets keep their colours from
:func:`analysis.figures.outlet_colours`. The reference lines of the reliability figure are
Krippendorff's (2019, p. 356) conventions: alpha >= .800 to rely on a variable, .667 as the
lowest value for tentative conclusions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.adapt import figure_limit
from analysis.figures import (OKABE_ITO, ONE_COLUMN, OTHER_COLOUR, TWO_COLUMNS, drawn_outlets,
                              literal, new_figure, outlet_colours)
SHORT_VOICE = {"quoted": "quoted", "scare_quoted": "scare-quoted", "reported": "reported",
               "narrator": "narrator"}
POOLED = "all outlets"


def plot_alpha(reliability: pd.DataFrame) -> Figure:
    """Krippendorff's alpha per variable with its bootstrap interval (one column wide).

    ``reliability`` is :func:`analysis.validate.reliability` output. A variable whose alpha is
    undefined is listed with the words "not defined".
    """
    table = reliability.reset_index(drop=True)
    fig, ax = new_figure(ONE_COLUMN, 0.45 * len(table) + 1.3)
    y = np.arange(len(table))[::-1]
    lows = pd.to_numeric(table["ci_low"], errors="coerce")
    left = min(0.0, float(np.nanmin(lows))) if lows.notna().any() else 0.0
    for threshold, style in ((0.8, "-"), (0.667, "--")):
        ax.axvline(threshold, color="#999999", linestyle=style, linewidth=0.8)
    for yi, row in zip(y, table.itertuples(index=False)):
        if np.isfinite(row.ci_low) and np.isfinite(row.ci_high):
            ax.plot([row.ci_low, row.ci_high], [yi, yi], color=OKABE_ITO[3], linewidth=2)
        if np.isfinite(row.alpha):
            ax.plot(row.alpha, yi, "o", color=OKABE_ITO[3], markersize=6)
        else:
            ax.text(0.5, yi, "not defined", ha="center", va="center", fontsize=8)
    ax.set_yticks(y, [f"{v}\n({u} units)" for v, u in zip(table["variable"], table["units"])], fontsize=8)
    ax.set_xlim(left - 0.05, 1.02)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlabel("Krippendorff's alpha (nominal), 95% interval", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.text(0.8, len(table) - 0.45, " .800", fontsize=7, color="#666666", va="bottom")
    ax.text(0.667, len(table) - 0.45, ".667 ", fontsize=7, color="#666666", va="bottom", ha="right")
    ax.set_title("Agreement between coders", fontsize=9)
    return fig


def plot_confusion(confusion: pd.DataFrame) -> Figure:
    """Heat map of sampled units by coder consensus (rows) and machine label (columns).

    ``confusion`` is :func:`analysis.validate.confusion_matrix` output (counts).
    """
    counts = confusion.to_numpy(dtype=float)
    labels = [SHORT_VOICE.get(c, str(c)) for c in confusion.columns]
    fig, ax = new_figure(ONE_COLUMN, ONE_COLUMN * 0.9)
    top = counts.max() if counts.size and counts.max() > 0 else 1.0
    ax.imshow(counts, cmap="Blues", vmin=0, vmax=top)
    for (i, j), value in np.ndenumerate(counts):
        ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=8,
                color="white" if value > 0.6 * top else "black", fontweight="bold" if i == j else "normal")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), [SHORT_VOICE.get(c, str(c)) for c in confusion.index], fontsize=8)
    ax.set_xlabel("machine label", fontsize=8)
    ax.set_ylabel("coders' consensus", fontsize=8)
    ax.spines[:].set_visible(False)
    correct = np.trace(counts)
    ax.set_title(f"Voice: machine vs coders ({correct:.0f} of {counts.sum():.0f} agree)", fontsize=9)
    return fig


def plot_corrected_shares(shares: pd.DataFrame, *, max_outlets: int | None = None) -> Figure:
    """Voice shares per outlet: the machine's (open marks) and corrected for its error (dots, 95% interval).

    ``shares`` is :func:`analysis.validate.voice_shares` output; one panel per voice, two
    columns wide; the pooled row "all outlets" is drawn in black at the bottom. Outlets are
    named on the rows; at most ``max_outlets`` of them (default ``figures.max_outlet_rows`` in
    ``data/scaling.yaml``) are drawn, those with the most occurrences, and a line under the
    figure says how many of how many (the table has every outlet).
    """
    voices = list(dict.fromkeys(shares["voice"]))
    occurrences = shares.groupby("outlet", sort=False)["occurrences"].max()
    everyone = [o for o in dict.fromkeys(shares["outlet"]) if o != POOLED]
    limit = figure_limit("max_outlet_rows") if max_outlets is None else max_outlets
    outlets = drawn_outlets(everyone, limit=limit, sizes=occurrences.to_dict())
    outlets = [o for o in everyone if o in set(outlets)]  # the table's order
    order = outlets + ([POOLED] if POOLED in set(shares["outlet"]) else [])
    colours = {o: ("#777777" if c == OTHER_COLOUR else c)  # rows are named: grey is enough
               for o, c in outlet_colours(outlets, sizes=occurrences.to_dict()).items()}
    colours[POOLED] = "#000000"
    fig, axes = new_figure(TWO_COLUMNS, 0.32 * len(order) + 1.5, 1, len(voices), sharey=True,
                           squeeze=False)
    y = {o: len(order) - 1 - i for i, o in enumerate(order)}
    for ax, voice in zip(axes[0], voices):
        part = shares[(shares["voice"] == voice) & shares["outlet"].isin(order)]
        for row in part.itertuples(index=False):
            yi, colour = y[row.outlet], colours[row.outlet]
            ax.plot([row.ci_low, row.ci_high], [yi - 0.12] * 2, color=colour, linewidth=1.6)
            ax.plot(row.corrected_share, yi - 0.12, "o", color=colour, markersize=4.5)
            ax.plot(row.machine_share, yi + 0.12, "o", markerfacecolor="white", markeredgecolor=colour,
                    markersize=4.5)
        ax.set_title(SHORT_VOICE.get(voice, voice), fontsize=8)
        ax.set_xlim(-0.03, 1.03)
        ax.set_xticks([0, 0.5, 1], ["0", ".5", "1"], fontsize=7)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    axes[0][0].set_yticks(list(y.values()), literal(list(y)), fontsize=7)
    axes[0][0].set_ylim(-0.6, len(order) - 0.4)
    xlabel = "share of the outlet's occurrences"
    if len(outlets) < len(everyone):
        xlabel += (f"\n{len(outlets)} of {len(everyone)} outlets drawn (those with the most "
                   "occurrences); every outlet is in the CSV")
    fig.supxlabel(xlabel, fontsize=8)
    handles = [Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="#444444",
                      label="machine labels"),
               Line2D([], [], marker="o", linestyle="-", color="#444444", label="corrected, 95% interval")]
    fig.legend(handles=handles, loc="outside upper center", ncol=2, fontsize=7, frameon=False)
    return fig
