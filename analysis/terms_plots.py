"""Figures for term frequencies and keyness (tables from :mod:`analysis.terms`).

Three plots: small multiples of each group's most distinctive terms (bars with a 95% interval
for the log-odds ratio, or Hardie's Log Ratio for G², filled when significant after the
Benjamini-Hochberg correction); a heat map of rates per 10,000 tokens for chosen terms across
groups; and the "fightin' words" scatter of Monroe, Colaresi & Quinn (2008, fig. 4), term
frequency against z-score, significant terms labelled. Terms carry their English gloss from
``data/glossary.csv``. Each function returns a Figure and never saves or shows it: write it
with :func:`analysis.figures.save_figure`, passing the plotted table as ``data``.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.figures import outlet_colours
from analysis.terms import gloss_labels, read_glossary

Z_95 = 1.959964  # two-sided 95% normal quantile
PALE = 0.3  # alpha of bars and points that are not significant


def plot_keyness(top: pd.DataFrame, *, glossary: Mapping[str, str] | None = None,
                 columns: int = 3) -> Figure:
    """One panel per group: its most distinctive terms as horizontal bars.

    Parameters
    ----------
    top : DataFrame
        From :func:`analysis.terms.top_terms` (``group``, ``term``, ``rank``, ``significant`` and
        ``delta``/``variance`` for log-odds or ``log_ratio`` for G²).
    glossary : mapping, optional
        term -> English gloss; defaults to ``data/glossary.csv``.
    columns : int
        Panels per row.

    Returns
    -------
    Figure
        Log-odds: bars are delta with its 95% interval (delta +/- 1.96 sqrt(variance)).
        G²: bars are Log Ratio. Filled bars are significant after the Benjamini-Hochberg
        correction; pale bars are not.
    """
    glossary = read_glossary() if glossary is None else glossary
    log_odds = "delta" in top.columns
    groups = list(dict.fromkeys(top["group"].astype(str)))
    if not groups:
        raise ValueError("No terms to plot: the keyness table has no over-used terms. "
                         "Try a lower min_count, or a larger corpus.")
    colours = outlet_colours(groups)
    ncols = min(columns, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    n_terms = int(top.groupby("group", observed=True).size().max())
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 0.6 + 0.24 * n_terms * nrows + 0.5 * nrows),
                             squeeze=False, sharex=True)
    for ax, group in zip(axes.flat, groups):
        rows = top[top["group"].astype(str) == group].sort_values("rank", ascending=False)
        value = rows["delta"] if log_odds else rows["log_ratio"]
        error = Z_95 * np.sqrt(rows["variance"]) if log_odds else None
        y = np.arange(len(rows))
        alphas = np.where(rows["significant"], 1.0, PALE)
        bars = ax.barh(y, value, xerr=error, color=colours[group], ecolor="#444444",
                       error_kw={"linewidth": 0.8, "capsize": 2})
        for bar, a in zip(bars, alphas):
            bar.set_alpha(a)
        ax.set_yticks(y, gloss_labels(rows["term"].astype(str), glossary), fontsize=8)
        ax.set_title(group)
        ax.axvline(0, color="#444444", linewidth=0.6)
    label = "log-odds ratio δ (95% interval)" if log_odds else "Log Ratio (log2 of rate ratio)"
    for column in range(ncols):
        shown = [ax for ax in axes[:, column] if ax in axes.flat[:len(groups)]]
        shown[-1].xaxis.set_tick_params(labelbottom=True)
        shown[-1].set_xlabel(label)
    for ax in axes.flat[len(groups):]:
        ax.set_visible(False)
    legend = [Patch(color="#777777", label="significant (Benjamini-Hochberg q < 0.05)"),
              Patch(color="#777777", alpha=PALE, label="not significant")]
    fig.legend(handles=legend, loc="lower center", ncols=2, bbox_to_anchor=(0.5, -0.02))
    fig.suptitle("Most distinctive terms per group, against all others")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def plot_rate_heatmap(rates: pd.DataFrame, *, terms: Sequence[str],
                      glossary: Mapping[str, str] | None = None) -> Figure:
    """Heat map of rates per 10,000 tokens: terms (rows) by groups (columns).

    Parameters
    ----------
    rates : DataFrame
        ``group``, ``term``, ``rate_per_10k`` (from :func:`analysis.terms.term_frequencies`
        or :func:`analysis.terms.bootstrap_rates`); with ``low``/``high`` columns the cells
        also show the bootstrap interval, the title says what was resampled (``resample``:
        articles, or paragraphs within articles) and which groups have no interval (NaN: a
        single article).
    terms : sequence of str
        The terms to show, in this order; a term a group never uses shows 0.
    """
    glossary = read_glossary() if glossary is None else glossary
    title = "Rate per 10,000 tokens" + _interval_note(rates)
    rates = rates.assign(group=rates["group"].astype(str), term=rates["term"].astype(str))
    groups = sorted(rates["group"].unique())
    grid = (rates.pivot_table(index="term", columns="group", values="rate_per_10k", observed=True)
            .reindex(index=list(terms), columns=groups).fillna(0.0))
    has_interval = {"low", "high"} <= set(rates.columns)
    height = 0.8 + 0.42 * len(terms) + 0.3 * title.count("\n")  # room for the title's lines
    labels = gloss_labels(terms, glossary)
    # Wide enough for the term labels (about 0.065 in per character at 9 pt) and the colour
    # bar even when there are only one or two groups.
    label_width = 0.065 * max((len(label) for label in labels), default=0)
    width = max(1.5 + 1.25 * len(groups), label_width + 2.0)
    fig, ax = plt.subplots(figsize=(width, max(height, 2.0)))
    image = ax.imshow(grid.to_numpy(), cmap="viridis", aspect="auto")
    threshold = np.nanmax(grid.to_numpy()) * 0.6 if grid.size else 0
    for (i, term), (j, group) in _cells(grid):
        value = grid.iat[i, j]
        text = f"{value:.0f}"
        if has_interval:
            row = rates[(rates["term"] == term) & (rates["group"] == group)]
            if len(row) and np.isfinite(row["high"].iloc[0]) and row["high"].iloc[0] > 0:
                text += f"\n[{row['low'].iloc[0]:.0f}–{row['high'].iloc[0]:.0f}]"
        ax.text(j, i, text, ha="center", va="center", fontsize=7,
                color="black" if value > threshold else "white")
    ax.set_xticks(range(len(groups)), groups, rotation=30, ha="right")
    ax.set_yticks(range(len(terms)), labels)
    ax.set_xlabel("group")
    fig.colorbar(image, ax=ax, label="rate per 10,000 tokens")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _interval_note(rates: pd.DataFrame) -> str:
    """Title suffix: the interval's level and resampling, and the groups without one."""
    if not {"low", "high"} <= set(rates.columns):
        return ""
    resample = rates["resample"].iloc[0] if "resample" in rates.columns and len(rates) else "units"
    over = {"article": "articles",
            "paragraph (within-article)": "paragraphs within articles"}.get(resample, resample)
    note = f"\n[{rates.attrs.get('confidence', 0.95):.0%} bootstrap interval, resampling {over}]"
    missing = rates.loc[rates["low"].isna() & rates["high"].isna(), "group"].astype(str).unique()
    if len(missing):
        unit = "paragraph" if resample.startswith("paragraph") else "article"
        note += (f"\nno interval for {len(missing)} of {rates['group'].nunique()} groups "
                 f"(a single {unit})")
    return note


def _cells(grid: pd.DataFrame):
    for i, term in enumerate(grid.index):
        for j, group in enumerate(grid.columns):
            yield (i, term), (j, group)


def plot_fightin_words(table: pd.DataFrame, *, glossary: Mapping[str, str] | None = None,
                       n_labels: int = 12) -> Figure:
    """Monroe et al.'s scatter for one comparison: frequency against z-score.

    Parameters
    ----------
    table : DataFrame
        Log-odds rows of one comparison from :func:`analysis.terms.keyness` (one ``group``
        and one ``reference``).
    n_labels : int
        Label at most this many significant terms on each side (largest |z| first). When no
        term is significant, the most extreme terms are labelled in grey and the title says so.
    """
    if "z" not in table.columns or table["group"].nunique() != 1:
        raise ValueError("plot_fightin_words needs the log-odds rows of one comparison: "
                         "keyness(..., target=A, reference=B, measure='log_odds').")
    glossary = read_glossary() if glossary is None else glossary
    target, reference = str(table["group"].iloc[0]), str(table["reference"].iloc[0])
    colours = outlet_colours([target, reference])
    frequency = table["count"] + table["count_reference"]
    significant = table["significant"].to_numpy()
    side_colour = np.where(table["z"] > 0, colours[target],
                           colours[reference] if reference != "rest" else "#555555")
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.scatter(frequency[~significant], table["z"][~significant], s=8, color="#999999", alpha=PALE,
               linewidths=0)
    ax.scatter(frequency[significant], table["z"][significant], s=14, c=side_colour[significant],
               linewidths=0)
    for bound in (-Z_95, Z_95):
        ax.axhline(bound, color="#777777", linewidth=0.6, linestyle="--")
    for (x, z, is_significant), text in _point_labels(table, glossary, n_labels=n_labels):
        ax.annotate(text, (x, z), fontsize=7, xytext=(3, 2), textcoords="offset points",
                    color="black" if is_significant else "#777777")
    ax.set_xscale("log")
    ax.set_xlabel("frequency in both groups (tokens, log scale)")
    ax.set_ylabel(f"z-score of log-odds (+ more in {target}, − more in {reference})")
    note = "" if significant.any() else " — no term significant after Benjamini-Hochberg"
    ax.set_title(f"Fightin' words: {target} vs {reference}{note}")
    fig.tight_layout()
    return fig


def _point_labels(table: pd.DataFrame, glossary, *, n_labels: int) -> list:
    """Labels for the most extreme terms per side (significant ones when there are any).

    Terms with the same two counts have the same z and sit on one point: they share one label,
    "a, b, c +2", so labels do not overprint each other.
    """
    pool = table[table["significant"]] if table["significant"].any() else table
    pool = pool.assign(frequency=pool["count"] + pool["count_reference"],
                       label=gloss_labels(pool["term"].astype(str), glossary))
    points = (pool.groupby(["frequency", "z", "significant"], observed=True, sort=False)["label"]
              .agg(lambda labels: ", ".join(labels.iloc[:3]) + (f" +{len(labels) - 3}" if len(labels) > 3 else ""))
              .reset_index())
    points = points.reindex(points["z"].abs().sort_values(ascending=False, kind="stable").index)
    gap = 0.05 * max(float(np.ptp(table["z"])), 1.0)  # closer labels in one column would overprint
    kept: list = []
    for side in (points[points["z"] > 0], points[points["z"] < 0]):
        placed: list = []
        for r in side.itertuples(index=False):
            if len(placed) < n_labels and all(abs(np.log10(r.frequency / q.frequency)) > 0.3
                                              or abs(r.z - q.z) > gap for q in placed):
                placed.append(r)
        kept += placed
    return [((r.frequency, r.z, r.significant), r.label) for r in kept]
