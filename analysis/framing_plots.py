"""Figures for the framing analysis: voices of a term family, frame salience, collocates, sources.

Each function takes a table from :mod:`analysis.framing` or :mod:`analysis.collocates` and
returns a matplotlib Figure (never shown or saved here: write it with
:func:`analysis.figures.save_figure`). Indonesian terms carry their English gloss from
``data/glossary.csv``; outlets keep their colours from :func:`analysis.figures.outlet_colours`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.figures import OKABE_ITO, outlet_colours
from analysis.quotes import VOICES
from analysis.terms import gloss_labels, read_glossary

#: One colour per voice (Okabe-Ito), the same in every framing figure.
VOICE_COLOURS = {"quoted": "#0072B2", "scare_quoted": "#CC79A7", "reported": "#56B4E9", "narrator": "#E69F00"}
VOICE_LABELS = {"quoted": "quoted", "scare_quoted": "scare-quoted", "reported": "reported speech",
                "narrator": "narrator (outlet's voice)"}


def plot_voice_counts(counts: pd.DataFrame, *, term: str = "") -> Figure:
    """Stacked horizontal bars: occurrences per outlet, split by voice.

    ``counts`` is :func:`analysis.framing.voice_counts` output (``outlet``, ``voice``, ``n``).
    """
    grid = counts.pivot(index="outlet", columns="voice", values="n").reindex(columns=list(VOICES)).fillna(0)
    fig, ax = plt.subplots(figsize=(6.5, 0.45 * len(grid) + 1.4))
    left = np.zeros(len(grid))
    for voice in VOICES:
        ax.barh(grid.index, grid[voice], left=left, color=VOICE_COLOURS[voice], label=VOICE_LABELS[voice])
        left += grid[voice].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel("occurrences")
    ax.set_ylabel("outlet")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Whose words? Occurrences of {term} by voice" if term else "Occurrences by voice")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, fontsize=8)
    return fig


def plot_frame_salience(salience: pd.DataFrame, *, voices: Sequence[str] = ("narrator", "reported", "quoted")) -> Figure:
    """Heat maps of frame salience (per 1,000 tokens), outlets x frames, one panel per voice.

    ``salience`` is :func:`analysis.framing.outlet_salience` output.
    """
    frames = list(dict.fromkeys(salience["label"]))
    outlets = sorted(salience["outlet"].unique())
    grids = [
        salience[salience["voice"] == v].pivot(index="outlet", columns="label", values="per_1000")
        .reindex(index=outlets, columns=frames).fillna(0.0)
        for v in voices
    ]
    vmax = max(float(g.to_numpy().max()) for g in grids) or 1.0
    fig, axes = plt.subplots(1, len(voices), figsize=(3.2 * len(voices) + 1.5, 0.5 * len(outlets) + 2.6),
                             sharey=True, squeeze=False)
    for ax, voice, grid in zip(axes[0], voices, grids):
        image = ax.imshow(grid.to_numpy(), cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(len(frames)), frames, rotation=40, ha="right", fontsize=8)
        ax.set_yticks(range(len(outlets)), outlets)
        ax.set_title(VOICE_LABELS[voice])
        for (i, j), value in np.ndenumerate(grid.to_numpy()):
            ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=7,
                    color="white" if value > 0.6 * vmax else "black")
    axes[0][0].set_ylabel("outlet")
    fig.colorbar(image, ax=axes[0].tolist(), label="indicator terms per 1,000 tokens", shrink=0.8)
    fig.suptitle("Frame salience by voice: whose frame does each outlet carry?")
    return fig


def plot_collocates(table: pd.DataFrame, *, measure: str = "log_dice", top: int = 10,
                    by: str | None = None, glossary: Mapping[str, str] | None = None) -> Figure:
    """Horizontal bars of the ``top`` collocates by ``measure``, one panel per value of ``by``.

    ``table`` is :func:`analysis.collocates.collocates` output (possibly with a ``node`` or
    ``voice`` column named by ``by``).
    """
    if measure not in table.columns:
        raise ValueError(f"Unknown measure {measure!r}; use log_dice, log_likelihood, pmi or t_score.")
    glossary = read_glossary() if glossary is None else glossary
    groups = list(table.groupby(by, sort=False)) if by else [("", table)]
    if not groups:
        raise ValueError("No collocates to plot. Try a lower min_cooccurrence or a wider window.")
    fig, axes = plt.subplots(1, len(groups), figsize=(4.6 * len(groups), 0.3 * top + 1.6), squeeze=False,
                             layout="constrained")
    for ax, (name, rows) in zip(axes[0], groups):
        rows = rows.nlargest(top, measure)[::-1]
        ax.barh(gloss_labels(rows["collocate"], glossary), rows[measure], color=OKABE_ITO[3])
        ax.set_xlabel(measure.replace("_", " "))
        ax.set_title(str(name) if name != "" else "collocates", fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    return fig


def plot_source_reliance(reliance: pd.DataFrame) -> Figure:
    """Stacked bars: citations of each source per outlet, one colour per outlet.

    ``reliance`` is :func:`analysis.framing.source_reliance` output.
    """
    grid = reliance.pivot_table(index="source", columns="outlet", values="n", aggfunc="sum", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values().index]
    colours = outlet_colours(grid.columns)
    fig, ax = plt.subplots(figsize=(6.5, 0.35 * len(grid) + 1.6))
    left = np.zeros(len(grid))
    for outlet in grid.columns:
        ax.barh(grid.index, grid[outlet], left=left, color=colours[outlet], label=outlet)
        left += grid[outlet].to_numpy()
    ax.set_xlabel("citations (menurut, mengutip, melansir, dikutip, credits, mentions)")
    ax.set_ylabel("news agency or medium")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="outlet", fontsize=8, loc="lower right")
    ax.set_title("Source reliance by outlet")
    return fig
