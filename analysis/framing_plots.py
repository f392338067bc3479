"""Figures for the framing analysis: voices of a term family, frame salience, collocates, sources.

Each function takes a table from :mod:`analysis.framing` or :mod:`analysis.collocates` and
returns a matplotlib Figure (never shown or saved here: write it with
:func:`analysis.figures.save_figure`), one column (3.5 in) or two columns (7 in) wide. Indonesian
terms are written as a reader writes them with their English gloss from ``data/glossary.csv``,
or marked "no gloss" (:mod:`analysis.labels`); outlets keep their colours from
:func:`analysis.figures.outlet_colours`.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.adapt import figure_limit
from analysis.figures import (OKABE_ITO, ONE_COLUMN, OTHER_COLOUR, OTHER_OUTLETS, TWO_COLUMNS,
                              drawn_outlets, literal, new_figure, outlet_colours)
from analysis.labels import term_labels
from analysis.quotes import VOICES
from analysis.terms import read_glossary

#: One colour per voice (Okabe-Ito), the same in every framing figure.
VOICE_COLOURS = {"quoted": "#0072B2", "scare_quoted": "#CC79A7", "reported": "#56B4E9", "narrator": "#E69F00"}
VOICE_LABELS = {"quoted": "quoted", "scare_quoted": "scare-quoted", "reported": "reported speech",
                "narrator": "narrator (outlet's voice)"}


def voice_count_outlets(counts: pd.DataFrame, *, max_outlets: int | None = None) -> tuple[list[str], int]:
    """The outlets :func:`plot_voice_counts` draws: those with the most occurrences (ties by
    name), at most ``max_outlets`` (default ``figures.max_outlet_rows``), and how many there are.

    >>> counts = pd.DataFrame({"outlet": ["A", "B", "C"], "voice": "quoted", "n": [1, 5, 3]})
    >>> voice_count_outlets(counts, max_outlets=2)
    (['B', 'C'], 3)
    """
    limit = figure_limit("max_outlet_rows") if max_outlets is None else max_outlets
    sizes = counts.groupby("outlet")["n"].sum().to_dict()
    return drawn_outlets(sizes, limit=limit, sizes=sizes), len(sizes)


def voice_counts_caption_note(counts: pd.DataFrame, *, max_outlets: int | None = None) -> str:
    """The caption's sentence when not every outlet is drawn ('' when all are).

    >>> voice_counts_caption_note(pd.DataFrame({"outlet": list("ABC"), "voice": "quoted", "n": [1, 5, 3]}), max_outlets=2)
    ' Drawn for the 2 of 3 outlets with the most occurrences; every outlet is in the CSV.'
    """
    return _drawn_note(*voice_count_outlets(counts, max_outlets=max_outlets), by="occurrences")


def _drawn_note(drawn: list[str], total: int, *, by: str) -> str:
    if len(drawn) == total:
        return ""
    return (f" Drawn for the {len(drawn)} of {total} outlets with the most {by}; every outlet "
            "is in the CSV.")


def plot_voice_counts(counts: pd.DataFrame, *, term: str = "", max_outlets: int | None = None) -> Figure:
    """Stacked horizontal bars: occurrences per outlet, split by voice.

    ``counts`` is :func:`analysis.framing.voice_counts` output (``outlet``, ``voice``, ``n``).
    At most ``max_outlets`` outlets are drawn (:func:`voice_count_outlets`), in name order
    as before; :func:`voice_counts_caption_note` says so in the caption.
    """
    drawn, total = voice_count_outlets(counts, max_outlets=max_outlets)
    if len(drawn) < total:
        counts = counts[counts["outlet"].isin(drawn)]
    grid = counts.pivot(index="outlet", columns="voice", values="n").reindex(columns=list(VOICES)).fillna(0)
    fig, ax = new_figure(ONE_COLUMN, 0.2 * len(grid) + 1.35)
    left = np.zeros(len(grid))
    for voice in VOICES:
        ax.barh(literal(grid.index), grid[voice], left=left, color=VOICE_COLOURS[voice],
                label=VOICE_LABELS[voice], height=0.7)
        left += grid[voice].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel(literal(f"occurrences of {term}") if term else "occurrences")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(loc="outside lower center", ncols=2, title="voice", handlelength=1.2)
    return fig


#: Outlet columns a frame-salience panel holds: three panels share a 7 in page, and beyond 12
#: columns their 7 pt names overprint (checked with 40 outlets in tests/test_figures_many_outlets).
SALIENCE_MAX_OUTLETS = 12


def salience_outlets(salience: pd.DataFrame, *, max_outlets: int | None = None) -> tuple[list[str], int]:
    """The outlets :func:`plot_frame_salience` draws (those with the most tokens, at most
    ``max_outlets``, default the smaller of ``figures.max_outlet_rows`` in
    ``data/scaling.yaml`` and :data:`SALIENCE_MAX_OUTLETS`, then sorted by name) and the
    number of outlets in ``salience``.

    >>> table = pd.DataFrame({"outlet": ["A", "B", "C"], "tokens": [5, 9, 7]})
    >>> salience_outlets(table, max_outlets=2)
    (['B', 'C'], 3)
    """
    limit = (min(figure_limit("max_outlet_rows"), SALIENCE_MAX_OUTLETS) if max_outlets is None
             else max_outlets)
    sizes = salience.groupby("outlet")["tokens"].max().to_dict()
    return sorted(drawn_outlets(sizes, limit=limit, sizes=sizes)), len(sizes)


def salience_caption_note(salience: pd.DataFrame, *, max_outlets: int | None = None) -> str:
    """The caption's sentence when not every outlet is drawn ('' when all are).

    >>> salience_caption_note(pd.DataFrame({"outlet": ["A", "B", "C"], "tokens": [5, 9, 7]}), max_outlets=2)
    ' Drawn for the 2 of 3 outlets with the most tokens; every outlet is in the CSV.'
    """
    return _drawn_note(*salience_outlets(salience, max_outlets=max_outlets), by="tokens")


def plot_frame_salience(salience: pd.DataFrame, *, voices: Sequence[str] = ("narrator", "reported", "quoted"),
                        max_outlets: int | None = None) -> Figure:
    """Heat maps of frame salience (per 1,000 tokens), frames x outlets, one panel per voice.

    ``salience`` is :func:`analysis.framing.outlet_salience` output. Frames are the rows
    (labelled once, on the left), outlets the columns of every panel; the numbers are written
    in the cells while they fit (up to 8 outlets). At most ``max_outlets`` outlets are drawn
    (:func:`salience_outlets`; :func:`salience_caption_note` says so in the caption).
    """
    frames = list(dict.fromkeys(salience["label"]))
    outlets, _ = salience_outlets(salience, max_outlets=max_outlets)
    grids = [
        salience[salience["voice"] == v].pivot(index="label", columns="outlet", values="per_1000")
        .reindex(index=frames, columns=outlets).fillna(0.0)
        for v in voices
    ]
    vmax = max(float(g.to_numpy().max()) for g in grids) or 1.0
    longest = max(len(o) for o in outlets)
    fig, axes = new_figure(TWO_COLUMNS, 0.22 * len(frames) + 0.06 * min(longest, 24) + 0.7,
                           1, len(voices), sharey=True, squeeze=False)
    for ax, voice, grid in zip(axes[0], voices, grids):
        image = ax.imshow(grid.to_numpy(), cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(len(outlets)), literal(outlets), rotation=90)
        ax.set_yticks(range(len(frames)), literal([textwrap.shorten(str(f), 34, placeholder="…") for f in frames]))
        ax.set_title(VOICE_LABELS[voice], loc="left")
        if len(outlets) <= 8:  # beyond 8 columns per panel the numbers overprint
            for (i, j), value in np.ndenumerate(grid.to_numpy()):
                ax.text(j, i, f"{value:.0f}" if value >= 9.95 else f"{value:.1f}", ha="center",
                        va="center", fontsize=7, color="white" if value > 0.6 * vmax else "black")
    fig.colorbar(image, ax=axes[0].tolist(), label="indicator terms\nper 1,000 tokens", shrink=0.9)
    return fig


def plot_collocates(table: pd.DataFrame, *, measure: str = "log_dice", top: int = 8,
                    by: str | None = None, glossary: Mapping[str, str] | None = None,
                    columns: int = 2) -> Figure:
    """Small multiples: the ``top`` collocates by ``measure``, one panel per value of ``by``.

    ``table`` is :func:`analysis.collocates.collocates` output (possibly with a ``node`` or
    ``voice`` column named by ``by``). Panels share the x axis, so bar lengths compare across
    panels; every collocate is glossed or marked "no gloss". The figure is 7 in wide whatever
    the number of panels (``columns`` per row).
    """
    if measure not in table.columns:
        raise ValueError(f"Unknown measure {measure!r}; use log_dice, log_likelihood, pmi or t_score.")
    glossary = read_glossary() if glossary is None else glossary
    groups = list(table.groupby(by, sort=False)) if by else [("", table)]
    if not groups:
        raise ValueError("No collocates to plot. Try a lower min_cooccurrence or a wider window.")
    ncols = min(columns, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = new_figure(TWO_COLUMNS, nrows * (0.5 + 0.135 * top) + 0.1, nrows, ncols,
                           squeeze=False, sharex=True)
    label = measure.replace("_", " ")
    for ax, (name, rows) in zip(axes.flat, groups):
        rows = rows.nlargest(top, measure)[::-1]
        ax.barh(np.arange(len(rows)), rows[measure], color=OKABE_ITO[3], height=0.7)
        ax.set_yticks(np.arange(len(rows)), literal(term_labels(rows["collocate"].astype(str), glossary, max_length=32)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_ylim(len(rows) - top - 0.4, len(rows) - 0.4)  # equal bar heights in every panel
        ax.set_title(literal(f"near {name}" if by == "node" else str(name) if name != "" else "collocates"),
                     loc="left", fontweight="bold")
        ax.set_xlabel(label)
        ax.xaxis.set_tick_params(labelbottom=True)
    for ax in axes.flat[len(groups):]:
        ax.set_axis_off()
    return fig


def plot_source_reliance(reliance: pd.DataFrame) -> Figure:
    """Stacked bars: citations of each source per outlet, one colour per outlet.

    ``reliance`` is :func:`analysis.framing.source_reliance` output.
    """
    grid = reliance.pivot_table(index="source", columns="outlet", values="n", aggfunc="sum", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values().index]
    colours = outlet_colours(grid.columns, sizes=grid.sum(axis=0).to_dict())
    # Outlets beyond the palette share one grey segment and one legend entry (colour_legend),
    # so no colour stands for two outlets.
    others = [o for o in grid.columns if colours[o] == OTHER_COLOUR]
    segments = [(literal(str(o)), grid[o], colours[o]) for o in grid.columns if o not in others]
    if others:
        segments.append((f"{len(others)} {OTHER_OUTLETS}", grid[others].sum(axis=1), OTHER_COLOUR))
    fig, ax = new_figure(ONE_COLUMN, 0.17 * len(grid) + 0.4 + 0.16 * math.ceil(len(segments) / 2) + 0.5)
    left = np.zeros(len(grid))
    for label, values, colour in segments:
        ax.barh(literal(grid.index), values, left=left, color=colour, label=label, height=0.7)
        left += values.to_numpy()
    ax.set_xlabel("citations (all kinds)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(title="outlet", loc="outside lower center", ncols=2, handlelength=1.2)
    return fig
