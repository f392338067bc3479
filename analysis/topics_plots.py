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

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.figures import TWO_COLUMNS, literal, new_figure, outlet_colours
from analysis.labels import term_labels
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


def _grid(n_panels: int, ncols: int, *, height: float, **kwargs):
    """A 7 in grid of panels, the unused ones hidden; returns (fig, visible axes, bottom axes)."""
    ncols = max(1, min(ncols, n_panels))
    nrows = int(np.ceil(n_panels / ncols))
    fig, axes = new_figure(TWO_COLUMNS, height * nrows + 0.2, nrows, ncols, squeeze=False,
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
    fig, (left, right) = new_figure(TWO_COLUMNS, 2.6, 1, 2, sharex=True)
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
        ax.legend(loc="best")
    return fig


def plot_top_terms(top: pd.DataFrame, *, labels: Mapping[int, str],
                   glosses: Mapping[str, str] | None = None, ncols: int = 2) -> Figure:
    """Small multiples: the top terms of each topic with their weights.

    Parameters
    ----------
    top : DataFrame
        From :func:`analysis.topics.top_terms` (``topic``, ``rank``, ``term``, ``weight``).
    labels : mapping of int to str
        Panel titles, from :func:`analysis.topics.topic_labels`.
    glosses : mapping of str to str, optional
        English glosses shown after the terms ("no gloss" where there is none); default
        :func:`term_glosses`.
    ncols : int
        Panels per row (two fit glossed labels at 7 pt in a 7 in figure).
    """
    glosses = term_glosses() if glosses is None else glosses
    topic_ids = sorted(top["topic"].unique())
    n_terms = int(top.groupby("topic").size().max())
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=0.42 + 0.13 * n_terms)
    for ax, topic in zip(axes, topic_ids):
        rows = top[top["topic"] == topic].sort_values("rank")
        ax.barh(np.arange(len(rows)), rows["weight"], color=ACCENT, height=0.7)
        ax.set_yticks(np.arange(len(rows)), literal(term_labels(rows["term"].astype(str), glosses, max_length=32)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_ylim(n_terms - 0.4, -0.6)
        ax.set_title(literal(textwrap.fill(str(labels[topic]), 48)), loc="left")
        ax.set_xlabel("weight in topic")
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
    outlets = sorted(prevalence["outlet"].unique())
    colours = outlet_colours(outlets)
    topic_ids = sorted(prevalence["topic"].unique())
    fig, ax = new_figure(TWO_COLUMNS, 0.9 + 0.3 * len(topic_ids) * max(1, len(outlets) / 3))
    offsets = np.linspace(-0.3, 0.3, len(outlets)) if len(outlets) > 1 else [0.0]
    for offset, outlet in zip(offsets, outlets):
        rows = prevalence[prevalence["outlet"] == outlet].set_index("topic").loc[topic_ids]
        y = np.arange(len(topic_ids)) + offset
        err = np.vstack([rows["prevalence"] - rows["lower"], rows["upper"] - rows["prevalence"]])
        ax.errorbar(rows["prevalence"], y, xerr=np.nan_to_num(err), fmt="o", markersize=4,
                    color=colours[outlet], elinewidth=1, capsize=0, label=literal(str(outlet)))
    ax.set_yticks(np.arange(len(topic_ids)), literal([textwrap.fill(str(labels[t]), 40) for t in topic_ids]))
    ax.invert_yaxis()
    has_interval = prevalence["lower"].notna().any()
    ax.set_xlabel("mean topic share of the outlet's units"
                  + (" (line: bootstrap interval)" if has_interval else ""))
    ax.set_xlim(left=0)
    fig.legend(loc="outside right center", title="outlet")
    _note_missing_intervals(fig, prevalence, "outlet")
    return fig


def plot_prevalence_over_time(prevalence: pd.DataFrame, *, labels: Mapping[int, str],
                              ncols: int = 3, min_articles: int = 3) -> Figure:
    """Small multiples of topic prevalence per period with bootstrap intervals.

    Parameters
    ----------
    prevalence : DataFrame
        From :func:`analysis.topics.topic_prevalence` with ``by="period"``.
    labels : mapping of int to str
        Panel titles.
    ncols : int
        Panels per row.
    min_articles : int
        A period with fewer articles than this is drawn as a hollow dot, with no trend line
        through it and no interval band: a handful of articles is not a trend.
    """
    topic_ids = sorted(prevalence["topic"].unique())
    periods = sorted(prevalence["period"].unique())
    x = np.arange(len(periods))
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=1.55, sharey=True)
    for ax, topic in zip(axes, topic_ids):
        rows = prevalence[prevalence["topic"] == topic].set_index("period").loc[periods]
        enough = (rows["n_docs"] >= min_articles).to_numpy()
        trend = rows["prevalence"].where(enough)
        ax.fill_between(x, rows["lower"].where(enough), rows["upper"].where(enough), color=ACCENT,
                        alpha=0.2, linewidth=0)
        ax.plot(x, trend, "o-", color=ACCENT, markersize=3)
        ax.plot(x[~enough], rows["prevalence"][~enough], "o", markersize=3.5,
                markerfacecolor="white", markeredgecolor=ACCENT)
        ax.set_title(literal(textwrap.fill(str(labels[topic]), 30)), loc="left")
        step = max(1, len(periods) // 6)
        ax.set_xticks(x[::step], literal([periods[i] for i in x[::step]]), rotation=45 if step > 1 else 0)
        ax.set_xlim(-0.5, len(periods) - 0.5)
        if ax in bottom:
            ax.set_xlabel("publication period")
        else:
            ax.tick_params(labelbottom=False)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel("mean topic share")
    return fig


def _note_missing_intervals(fig: Figure, prevalence: pd.DataFrame, by: str) -> None:
    missing = prevalence[prevalence["lower"].isna()][by].unique()
    if len(missing):
        fig.suptitle(f"No interval for {len(missing)} {by}(s) with a single article "
                     "(articles are resampled)", fontsize=7.5, x=0.01, ha="left")


def prevalence_caption(prevalence: pd.DataFrame, *, by: str, unit: str, resample: str,
                       min_articles: int | None = None) -> str:
    """What :func:`plot_prevalence` or :func:`plot_prevalence_over_time` draws, in words."""
    where = "each outlet's units" if by == "outlet" else "the units published in each period"
    caption = f"Mean topic share of {where} ({unit}s)"
    with_interval = prevalence["lower"].notna()
    if min_articles is not None:
        with_interval &= prevalence["n_docs"] >= min_articles
    if not with_interval.any():
        caption += ("; no interval is drawn: every " + ("outlet" if by == "outlet" else "period")
                    + " has a single article" if prevalence["n_docs"].max() < 2 else
                    "; no interval is drawn")
    else:
        caption += f", with 95% percentile bootstrap intervals (resampling {resample}s)"
    if min_articles is not None:
        few = prevalence.loc[prevalence["n_docs"] < min_articles, "period"].nunique()
        caption += (f". Periods with fewer than {min_articles} articles ({few} of "
                    f"{prevalence['period'].nunique()}) are hollow dots, with no trend line or "
                    "interval through them")
    return caption + "."
