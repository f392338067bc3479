"""Figures for the topic models of :mod:`analysis.topics`.

Each function takes a tidy table from :mod:`analysis.topics` and returns a matplotlib
``Figure`` (never shown or saved here; save it with :func:`analysis.figures.save_figure`,
passing the same table as ``data``). The choice of k is shown as coherence and stability
against k with every restart drawn (Greene et al. 2014, fig. 3 style); topics as small
multiples of their top-term weights with English glosses; prevalence as a dot plot with
bootstrap intervals (Cleveland 1985 dot charts), outlets coloured as in every figure.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.figures import outlet_colours, use_style
from analysis.resources import read_table

GREY = "#777777"
ACCENT = "#0072B2"


def term_glosses(path: str = "glossary.csv") -> dict[str, str]:
    """English glosses of Indonesian terms, from the editable ``data/glossary.csv``.

    >>> term_glosses()["senjata"]
    'weapons'
    """
    table = read_table(path)
    return dict(zip(table["term"], table["gloss"]))


def _glossed(term: str, glosses: Mapping[str, str]) -> str:
    gloss = glosses.get(term, "")
    return f"{term} ({gloss})" if gloss else term


def _grid(n_panels: int, ncols: int, *, height: float, width: float = 7.5, **kwargs):
    """A grid of panels, the unused ones hidden; returns (fig, visible axes, bottom axes)."""
    ncols = max(1, min(ncols, n_panels))
    nrows = int(np.ceil(n_panels / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height * nrows), squeeze=False,
                             **kwargs)
    flat = list(axes.flat)
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    # The lowest visible panel of each column carries the x labels.
    bottom = [flat[max(i for i in range(col, n_panels, ncols))] for col in range(ncols)]
    return fig, flat[:n_panels], bottom


def plot_k_selection(scores: pd.DataFrame, *, suggested: int | None = None) -> Figure:
    """Coherence and stability against the number of topics k.

    Parameters
    ----------
    scores : DataFrame
        From :func:`analysis.topics.score_k` (``k``, ``run``, ``coherence``, ``agreement``).
    suggested : int, optional
        A k to mark with a dashed line (e.g. :func:`analysis.topics.suggest_k`).

    Returns
    -------
    Figure
        Left: mean NPMI of the reference model (line) and of each restart (grey dots).
        Right: agreement of each restart with the reference (grey dots) and their mean.
    """
    use_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.0, 2.8), sharex=True)
    reference = scores[scores["run"] == 0].sort_values("k")
    restarts = scores[scores["run"] > 0]
    left.scatter(restarts["k"], restarts["coherence"], s=10, color=GREY, alpha=0.6,
                 label="restart (80% subsample)")
    left.plot(reference["k"], reference["coherence"], "o-", color=ACCENT, label="all units")
    left.set(xlabel="number of topics k", ylabel="coherence (mean NPMI of top terms)",
             title="Coherence")
    mean = restarts.groupby("k")["agreement"].mean()
    right.scatter(restarts["k"], restarts["agreement"], s=10, color=GREY, alpha=0.6,
                  label="restart vs all units")
    right.plot(mean.index, mean.to_numpy(), "o-", color=ACCENT, label="mean (stability)")
    right.set(xlabel="number of topics k", ylabel="top-term agreement (average Jaccard)",
              title="Stability", ylim=(0, 1.02))
    for ax in (left, right):
        if suggested is not None:
            ax.axvline(suggested, color="black", linestyle="--", linewidth=0.8)
        ax.set_xticks(sorted(scores["k"].unique()))
        ax.legend(loc="best", fontsize=7)
    fig.tight_layout()
    return fig


def plot_top_terms(top: pd.DataFrame, *, labels: Mapping[int, str],
                   glosses: Mapping[str, str] | None = None, ncols: int = 3) -> Figure:
    """Small multiples: the top terms of each topic with their weights.

    Parameters
    ----------
    top : DataFrame
        From :func:`analysis.topics.top_terms` (``topic``, ``rank``, ``term``, ``weight``).
    labels : mapping of int to str
        Panel titles, from :func:`analysis.topics.topic_labels`.
    glosses : mapping of str to str, optional
        English glosses shown after the terms; default :func:`term_glosses`.
    ncols : int
        Panels per row.
    """
    use_style()
    glosses = term_glosses() if glosses is None else glosses
    topic_ids = sorted(top["topic"].unique())
    n_terms = int(top.groupby("topic").size().max())
    # Glossed term labels are long: give each column room, and let matplotlib's
    # constrained layout place the labels (tight_layout gives up on such grids).
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=0.5 + 0.17 * n_terms,
                              width=3.6 * min(ncols, len(topic_ids)), layout="constrained")
    for ax, topic in zip(axes, topic_ids):
        rows = top[top["topic"] == topic].sort_values("rank")
        ax.barh(np.arange(len(rows)), rows["weight"], color=ACCENT)
        ax.set_yticks(np.arange(len(rows)), [_glossed(t, glosses) for t in rows["term"]],
                      fontsize=7)
        ax.invert_yaxis()
        ax.set_title(textwrap.fill(labels[topic], 34), fontsize=8, loc="left")
        ax.tick_params(axis="x", labelsize=7)
    for ax in bottom:
        ax.set_xlabel("term weight in topic", fontsize=7)
    return fig


def plot_prevalence(prevalence: pd.DataFrame, *, labels: Mapping[int, str]) -> Figure:
    """Dot plot of topic prevalence by outlet with bootstrap intervals.

    Parameters
    ----------
    prevalence : DataFrame
        From :func:`analysis.topics.topic_prevalence` with ``by="outlet"``.
    labels : mapping of int to str
        Row labels per topic.

    Returns
    -------
    Figure
        One row per topic, one dot per outlet (mean share of the topic in that outlet's
        units) with a line for its interval; outlets without an interval have a dot only.
    """
    use_style()
    outlets = sorted(prevalence["outlet"].unique())
    colours = outlet_colours(outlets)
    topic_ids = sorted(prevalence["topic"].unique())
    fig, ax = plt.subplots(figsize=(7.0, 0.9 + 0.32 * len(topic_ids) * max(1, len(outlets) / 3)))
    offsets = np.linspace(-0.3, 0.3, len(outlets)) if len(outlets) > 1 else [0.0]
    for offset, outlet in zip(offsets, outlets):
        rows = prevalence[prevalence["outlet"] == outlet].set_index("topic").loc[topic_ids]
        y = np.arange(len(topic_ids)) + offset
        err = np.vstack([rows["prevalence"] - rows["lower"], rows["upper"] - rows["prevalence"]])
        ax.errorbar(rows["prevalence"], y, xerr=np.nan_to_num(err), fmt="o", markersize=4,
                    color=colours[outlet], elinewidth=1, capsize=0, label=outlet)
    ax.set_yticks(np.arange(len(topic_ids)), [textwrap.fill(labels[t], 40) for t in topic_ids],
                  fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("mean topic share of the outlet's units (bootstrap interval)")
    ax.set_xlim(left=0)
    ax.legend(loc="lower right", fontsize=7, title="outlet", title_fontsize=7)
    _note_missing_intervals(fig, prevalence, "outlet")
    fig.tight_layout()
    return fig


def plot_prevalence_over_time(prevalence: pd.DataFrame, *, labels: Mapping[int, str],
                              ncols: int = 3) -> Figure:
    """Small multiples of topic prevalence per period with bootstrap intervals.

    Parameters
    ----------
    prevalence : DataFrame
        From :func:`analysis.topics.topic_prevalence` with ``by="period"``.
    labels : mapping of int to str
        Panel titles.
    ncols : int
        Panels per row.
    """
    use_style()
    topic_ids = sorted(prevalence["topic"].unique())
    periods = sorted(prevalence["period"].unique())
    x = np.arange(len(periods))
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=1.9, sharey=True)
    for ax, topic in zip(axes, topic_ids):
        rows = prevalence[prevalence["topic"] == topic].set_index("period").loc[periods]
        ax.fill_between(x, rows["lower"], rows["upper"], color=ACCENT, alpha=0.2, linewidth=0)
        ax.plot(x, rows["prevalence"], "o-", color=ACCENT, markersize=3)
        ax.set_title(textwrap.fill(labels[topic], 34), fontsize=8, loc="left")
        step = max(1, len(periods) // 6)
        ax.set_xticks(x[::step], [periods[i] for i in x[::step]], fontsize=7, rotation=45)
        if ax in bottom:
            ax.set_xlabel("publication period")
        else:
            ax.tick_params(labelbottom=False)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel("mean topic share")
    _note_missing_intervals(fig, prevalence, "period")
    fig.tight_layout()
    return fig


def _note_missing_intervals(fig: Figure, prevalence: pd.DataFrame, by: str) -> None:
    missing = prevalence[prevalence["lower"].isna()][by].unique()
    if len(missing):
        fig.suptitle(f"No interval for {len(missing)} {by}(s) with a single article "
                     "(articles are resampled)", fontsize=7, x=0.01, ha="left")
