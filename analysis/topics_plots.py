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
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.adapt import figure_limit
from analysis.figures import (OKABE_ITO, TWO_COLUMNS, drawn_note, drawn_outlets, literal,
                              new_figure, outlet_colours)
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
    # One legend above the panels: inside them its grey marker could pass for a restart.
    handles = [h for ax in (left, right) for h in ax.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside upper center", ncols=len(handles),
               handlelength=1.5, columnspacing=1.2)
    return fig


def plot_top_terms(top: pd.DataFrame, *, labels: Mapping[int, str],
                   glosses: Mapping[str, str] | None = None, ncols: int | None = None) -> Figure:
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
    ncols : int, optional
        Panels per row. By default two (room for long glossed labels at 7 pt in a 7 in
        figure) up to :data:`MAX_TWO_COLUMN_TOPICS` topics, three beyond (labels shortened
        with "…", x label under the lowest panels only), so that 11 topics fit a page.
    """
    glosses = term_glosses() if glosses is None else glosses
    topic_ids = sorted(top["topic"].unique())
    wide = len(topic_ids) > MAX_TWO_COLUMN_TOPICS if ncols is None else ncols > 2
    ncols = (3 if wide else 2) if ncols is None else ncols
    n_terms = int(top.groupby("topic").size().max())
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=0.42 + 0.13 * n_terms)
    for ax, topic in zip(axes, topic_ids):
        rows = top[top["topic"] == topic].sort_values("rank")
        ax.barh(np.arange(len(rows)), rows["weight"], color=ACCENT, height=0.7)
        ax.set_yticks(np.arange(len(rows)), literal(term_labels(
            rows["term"].astype(str), glosses, max_length=22 if wide else 32)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=2 if wide else 4))
        if wide:  # short tick labels ("0.002", not "0.0020") in a narrow panel
            ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.set_ylim(n_terms - 0.4, -0.6)
        # Narrow panels: the title ends at the panel's right edge and runs left over the
        # term labels, so the right-hand column's titles are not cut at the page edge.
        ax.set_title(literal(textwrap.fill(str(labels[topic]), 30 if wide else 48)),
                     loc="right" if wide else "left")
        if ax in bottom or not wide:
            ax.set_xlabel("weight in topic")
    return fig


#: Up to this many topics the top-term panels are two to a row, beyond three.
MAX_TWO_COLUMN_TOPICS = 6


def prevalence_outlets(prevalence: pd.DataFrame, *,
                       max_outlets: int | None = None) -> tuple[list[str], list[str]]:
    """The outlets :func:`plot_prevalence` draws (most articles first) and all outlets.

    At most ``max_outlets`` (default ``figures.max_outlet_rows`` in ``data/scaling.yaml``).

    >>> table = pd.DataFrame({"outlet": ["A", "B", "C"], "n_docs": [3, 9, 3]})
    >>> prevalence_outlets(table, max_outlets=2)
    (['B', 'A'], ['A', 'B', 'C'])
    """
    sizes = prevalence.groupby("outlet")["n_docs"].max()
    everyone = sorted(sizes.index.astype(str))
    limit = figure_limit("max_outlet_rows") if max_outlets is None else max_outlets
    return drawn_outlets(everyone, limit=limit, sizes=dict(zip(everyone, sizes.to_numpy()))), everyone


def plot_prevalence(prevalence: pd.DataFrame, *, labels: Mapping[int, str],
                    max_outlets: int | None = None) -> Figure:
    """Dot plot of topic prevalence by outlet with bootstrap intervals.

    Parameters
    ----------
    prevalence : DataFrame
        From :func:`analysis.topics.topic_prevalence` with ``by="outlet"``.
    labels : mapping of int to str
        Row labels per topic.
    max_outlets : int, optional
        Most outlets drawn, those with the most articles (:func:`prevalence_outlets`;
        default ``figures.max_outlet_rows`` in ``data/scaling.yaml``).

    Returns
    -------
    Figure
        Up to eight outlets (one colour each, :func:`analysis.figures.outlet_colours`): one
        row per topic, one dot per outlet (mean share of the topic in that outlet's units)
        with a line for its interval, outlets named in a legend. More outlets: one panel per
        topic, one row per outlet named on the axis, most articles at the top. Outlets
        without an interval have a dot only.
    """
    outlets, everyone = prevalence_outlets(prevalence, max_outlets=max_outlets)
    if len(outlets) > len(OKABE_ITO):
        return _prevalence_panels(prevalence, labels=labels, outlets=outlets,
                                  n_all=len(everyone))
    outlets = sorted(outlets)
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


def _prevalence_panels(prevalence: pd.DataFrame, *, labels: Mapping[int, str],
                       outlets: list[str], n_all: int, ncols: int = 4) -> Figure:
    """Many outlets: a panel per topic, a row per outlet (named on the axis), one colour."""
    topic_ids = sorted(prevalence["topic"].unique())
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=0.55 + 0.125 * len(outlets),
                              sharey=True, sharex=True)
    y = np.arange(len(outlets))
    names = literal([textwrap.shorten(o, 28, placeholder="…") for o in outlets])
    for ax, topic in zip(axes, topic_ids):
        rows = (prevalence[prevalence["topic"] == topic].astype({"outlet": str})
                .set_index("outlet").reindex(outlets))
        ax.hlines(y, rows["lower"], rows["upper"], color=ACCENT, linewidth=1)
        ax.plot(rows["prevalence"], y, "o", color=ACCENT, markersize=3)
        ax.set_title(literal(textwrap.fill(str(labels[topic]), 26)), loc="left")
        ax.set_yticks(y, names)
        ax.set_ylim(len(outlets) - 0.5, -0.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_xlim(left=0)
        if ax in bottom:  # shared x hides the labels of all but the grid's last row
            ax.set_xlabel("mean topic share")
            ax.tick_params(labelbottom=True)
    if len(outlets) < n_all:
        fig.suptitle(f"The {len(outlets)} of {n_all} outlets with the most articles "
                     "(every outlet is in the CSV)", fontsize=7.5, x=0.01, ha="left")
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
    periods, ticks = _period_axis(prevalence["period"].astype(str))
    x = np.arange(len(periods))
    fig, axes, bottom = _grid(len(topic_ids), ncols, height=1.55, sharey=True)
    for ax, topic in zip(axes, topic_ids):
        rows = (prevalence[prevalence["topic"] == topic].astype({"period": str})
                .set_index("period").reindex(periods))  # periods without articles: gaps
        enough = (rows["n_docs"] >= min_articles).to_numpy()
        trend = rows["prevalence"].where(enough)
        ax.fill_between(x, rows["lower"].where(enough), rows["upper"].where(enough), color=ACCENT,
                        alpha=0.2, linewidth=0)
        ax.plot(x, trend, "o-", color=ACCENT, markersize=3)
        few = ~enough & rows["n_docs"].notna().to_numpy()
        ax.plot(x[few], rows["prevalence"][few], "o", markersize=3.5,
                markerfacecolor="white", markeredgecolor=ACCENT)
        ax.set_title(literal(textwrap.fill(str(labels[topic]), 30)), loc="left")
        ax.set_xticks([i for i, _ in ticks], literal([label for _, label in ticks]))
        ax.set_xticks(x, minor=True)
        ax.set_xlim(-0.5, len(periods) - 0.5)
        if ax not in bottom:
            ax.tick_params(labelbottom=False)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel("mean topic share")
    fig.supxlabel(_period_unit(periods[0], ticks))
    return fig


#: Most labelled ticks on the time axis of a panel a third of a page wide: periods
#: ("2023Q4", "2023-10"), or years ("2023"), which are shorter.
MAX_TIME_TICKS = 4
MAX_YEAR_TICKS = 8


def _period_axis(periods: pd.Series) -> tuple[list[str], list[tuple[int, str]]]:
    """Every period from the first to the last (gaps included, so time is not squeezed) and
    the labelled ticks: each period when few, else the first period of every year (or every
    second, third ... year), labelled with the year.

    >>> _period_axis(pd.Series(["2019Q1", "2019Q4", "2021Q2"]))[0][:3], len(_period_axis(pd.Series(["2019Q1", "2021Q2"]))[0])
    (['2019Q1', '2019Q2', '2019Q3'], 10)
    >>> _period_axis(pd.Series(["2019Q1", "2025Q4"]))[1][:3]
    [(0, '2019'), (4, '2020'), (8, '2021')]
    >>> _period_axis(pd.Series(["2023-09", "2023-10"]))[1]
    [(0, '2023-09'), (1, '2023-10')]
    """
    found = sorted(set(periods))
    try:
        index = pd.PeriodIndex([pd.Period(p) for p in found])
    except (ValueError, TypeError):  # not pandas periods: drawn as they are, in order
        step = max(1, -(-len(found) // MAX_TIME_TICKS))
        return found, [(i, found[i]) for i in range(0, len(found), step)]
    full = pd.period_range(index.min(), index.max(), freq=index.freq)
    names = [str(p) for p in full]
    if len(full) <= MAX_TIME_TICKS or full.freqstr.startswith(("Y", "A")):
        step = max(1, -(-len(full) // MAX_TIME_TICKS))
        return names, [(i, names[i]) for i in range(0, len(full), step)]
    starts = [i for i, p in enumerate(full) if p.start_time.month == 1 and p.start_time.day == 1]
    if len(starts) < 3:  # two years or less: every n-th period, named in full
        step = -(-len(full) // MAX_TIME_TICKS)
        return names, [(i, names[i]) for i in range(0, len(full), step)]
    step = max(1, -(-len(starts) // MAX_YEAR_TICKS))
    return names, [(i, str(full[i].year)) for i in starts[::step]]


def _period_unit(period: str, ticks: list[tuple[int, str]]) -> str:
    """The time axis label: what one dot is, and what the ticks mark when they name years.

    >>> _period_unit("2019Q1", [(0, "2019"), (4, "2020")]), _period_unit("2022", [(0, "2022")])
    ('publication quarter (one dot each; ticks mark 1 January)', 'publication year')
    >>> _period_unit("2023-11", [(0, "2023-11"), (4, "2024-03")])
    'publication month (one dot each)'
    """
    kind = ("quarter" if "Q" in period else "month" if len(period) == 7
            else "year" if len(period) == 4 else "period")
    if kind == "year":
        return "publication year"
    if all(len(label) == 4 and label.isdigit() for _, label in ticks):
        return f"publication {kind} (one dot each; ticks mark 1 January)"
    return f"publication {kind} (one dot each)"


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
    if by == "outlet":
        drawn, everyone = prevalence_outlets(prevalence)
        return caption + "." + drawn_note(len(drawn), len(everyone))
    if min_articles is not None:
        few = prevalence.loc[prevalence["n_docs"] < min_articles, "period"].nunique()
        caption += (f". Periods with fewer than {min_articles} articles ({few} of "
                    f"{prevalence['period'].nunique()}) are hollow dots, with no trend line or "
                    "interval through them")
    return caption + "."
