"""Figures for term frequencies and keyness (tables from :mod:`analysis.terms`).

Three plots: small multiples of each group's most distinctive terms (bars with a 95% interval
for the log-odds ratio, or Hardie's Log Ratio for G², filled when significant after the
Benjamini-Hochberg correction); a heat map of rates per 10,000 tokens for chosen terms across
groups; and the "fightin' words" scatter of Monroe, Colaresi & Quinn (2008, fig. 4), term
frequency against z-score, the most extreme terms labelled where the labels do not overprint
each other. Terms are written as a reader writes them, with their English gloss from
``data/glossary.csv`` or marked "no gloss" (:mod:`analysis.labels`). Figures are two columns
(7 in) wide with text of at least 7 pt. Each function returns a Figure and never saves or shows
it: write it with :func:`analysis.figures.save_figure`, passing the plotted table as ``data``;
the ``*_caption`` functions say in words exactly what the figure draws.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from analysis.adapt import figure_limit
from analysis.figures import (OTHER_COLOUR, TWO_COLUMNS, drawn_note, drawn_outlets, drop_overlapping,
                              literal, new_figure, outlet_colours)
from analysis.labels import term_labels
from analysis.terms import read_glossary

Z_95 = 1.959964  # two-sided 95% normal quantile
PALE = 0.3  # alpha of bars and points that are not significant
LABEL_LENGTH = 32  # longest term label in a panel half a page wide (longer ones end in "…")


def keyness_groups(top: pd.DataFrame, *, sizes: Mapping[str, float] | None = None,
                   max_panels: int | None = None) -> tuple[list[str], list[str]]:
    """The groups :func:`plot_keyness` draws, and all groups of the table.

    At most ``max_panels`` groups (default ``figures.max_keyness_panels`` in
    ``data/scaling.yaml``) are drawn: those with the largest ``sizes`` (e.g. articles per
    group; ties by name), else the first ones in the table.

    >>> top = pd.DataFrame({"group": ["A", "B", "C"], "term": ["x", "y", "z"]})
    >>> keyness_groups(top, sizes={"A": 2, "B": 9, "C": 5}, max_panels=2)
    (['B', 'C'], ['A', 'B', 'C'])
    """
    groups = list(dict.fromkeys(top["group"].astype(str)))
    limit = figure_limit("max_keyness_panels") if max_panels is None else max_panels
    sizes = None if sizes is None else {str(k): v for k, v in dict(sizes).items()}
    return drawn_outlets(groups, limit=limit, sizes=sizes), groups


def plot_keyness(top: pd.DataFrame, *, glossary: Mapping[str, str] | None = None,
                 columns: int = 2, sizes: Mapping[str, float] | None = None,
                 max_panels: int | None = None) -> Figure:
    """One panel per group: its most distinctive terms as horizontal bars.

    Parameters
    ----------
    top : DataFrame
        From :func:`analysis.terms.top_terms` (``group``, ``term``, ``rank``, ``significant`` and
        ``delta``/``variance`` for log-odds or ``log_ratio`` for G²).
    glossary : mapping, optional
        term -> English gloss; defaults to ``data/glossary.csv``.
    columns : int
        Panels per row (two fit long glossed labels in a 7 in figure).
    sizes : mapping, optional
        Articles (or any size) per group: the largest groups are drawn first and, beyond
        ``max_panels``, the only ones drawn (:func:`keyness_groups`; say so with
        :func:`keyness_caption` and the same arguments, and save every group in the CSV).
    max_panels : int, optional
        Most panels drawn; default ``figures.max_keyness_panels`` in ``data/scaling.yaml``.

    Returns
    -------
    Figure
        Log-odds: bars are delta with its 95% interval (delta +/- 1.96 sqrt(variance)).
        G²: bars are Log Ratio. Filled bars are significant after the Benjamini-Hochberg
        correction; pale bars are not. Every panel has its x label; the legend takes an empty
        panel when there is one. Bars take the outlet's colour (:func:`outlet_colours`); the
        panels of outlets beyond the palette, named by their titles, are dark grey.
    """
    glossary = read_glossary() if glossary is None else glossary
    log_odds = "delta" in top.columns
    groups, _ = keyness_groups(top, sizes=sizes, max_panels=max_panels)
    if not groups:
        raise ValueError("No terms to plot: the keyness table has no over-used terms. "
                         "Try a lower min_count, or a larger corpus.")
    colours = {g: ("#777777" if c == OTHER_COLOUR else c)
               for g, c in outlet_colours(groups).items()}
    ncols = min(columns, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    n_terms = int(top.groupby("group", observed=True).size().max())
    fig, axes = new_figure(TWO_COLUMNS, nrows * (0.45 + 0.15 * n_terms) + 0.3, nrows, ncols,
                           squeeze=False)
    label = "log-odds ratio δ, 95% interval" if log_odds else "Log Ratio (log2 of rate ratio)"
    for ax, group in zip(axes.flat, groups):
        rows = top[top["group"].astype(str) == group].sort_values("rank", ascending=False)
        value = rows["delta"] if log_odds else rows["log_ratio"]
        error = Z_95 * np.sqrt(rows["variance"]) if log_odds else None
        y = np.arange(len(rows))
        bars = ax.barh(y, value, xerr=error, color=colours[group], ecolor="#444444", height=0.7,
                       error_kw={"linewidth": 0.8, "capsize": 1.5})
        for bar, significant in zip(bars, rows["significant"]):
            bar.set_alpha(1.0 if significant else PALE)
        ax.set_yticks(y, literal(term_labels(rows["term"].astype(str), glossary, max_length=LABEL_LENGTH)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_ylim(-0.6, n_terms - 0.4)
        ax.set_title(literal(group), loc="left", fontweight="bold")
        ax.set_xlabel(label)
        ax.axvline(0, color="#444444", linewidth=0.6)
    legend = [Patch(color="#777777", label="significant (Benjamini-Hochberg q < 0.05)"),
              Patch(color="#777777", alpha=PALE, label="not significant")]
    spare = axes.flat[len(groups):]
    for ax in spare:
        ax.set_axis_off()
    if len(spare):
        spare[0].legend(handles=legend, loc="center", title="bars")
    else:
        fig.legend(handles=legend, loc="outside lower center", ncols=2)
    return fig


def keyness_caption(top: pd.DataFrame, *, by: str = "group",
                    sizes: Mapping[str, float] | None = None, max_panels: int | None = None) -> str:
    """What :func:`plot_keyness` draws, in words (pass it the same ``sizes`` and ``max_panels``)."""
    measure = ("log-odds ratio δ with an informative Dirichlet prior (bars) and its 95% interval "
               "(δ ± 1.96 √variance, whiskers)" if "delta" in top.columns
               else "Log Ratio (bars), ranked by signed G²")
    n = int(top.groupby("group", observed=True).size().max()) if len(top) else 0
    drawn, groups = keyness_groups(top, sizes=sizes, max_panels=max_panels)
    how = "with the most articles" if sizes is not None else "first in the table"
    return (f"The {n} most distinctive terms of each {by} against all others: {measure}. Filled "
            "bars are significant after the Benjamini-Hochberg correction (q < 0.05), pale bars "
            "are not. Terms without a letter (numbers, punctuation) are left out; English glosses "
            "in brackets." + drawn_note(len(drawn), len(groups), what=f"{by}s", how=how))


#: Above this many groups the rate heat map turns: one row per group, terms as columns.
MAX_GROUP_COLUMNS = 8


def heatmap_groups(rates: pd.DataFrame, *, sizes: Mapping[str, float] | None = None,
                   max_rows: int | None = None) -> tuple[list[str], list[str]]:
    """The groups :func:`plot_rate_heatmap` draws (alphabetical) and all groups.

    With more than :data:`MAX_GROUP_COLUMNS` groups, at most ``max_rows`` (default
    ``figures.max_outlet_rows`` in ``data/scaling.yaml``) are drawn: the largest by ``sizes``
    (e.g. articles), else the first in alphabetical order.

    >>> rates = pd.DataFrame({"group": list("ABCDEFGHIJ"), "term": "x", "rate_per_10k": 1.0})
    >>> heatmap_groups(rates, sizes=dict(zip("ABCDEFGHIJ", range(10))), max_rows=9)[0]
    ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']
    """
    groups = sorted(rates["group"].astype(str).unique())
    if len(groups) <= MAX_GROUP_COLUMNS:
        return groups, groups
    limit = figure_limit("max_outlet_rows") if max_rows is None else max_rows
    sizes = None if sizes is None else {str(k): v for k, v in dict(sizes).items()}
    return sorted(drawn_outlets(groups, limit=limit, sizes=sizes)), groups


def plot_rate_heatmap(rates: pd.DataFrame, *, terms: Sequence[str],
                      glossary: Mapping[str, str] | None = None,
                      sizes: Mapping[str, float] | None = None,
                      max_rows: int | None = None) -> Figure:
    """Heat map of rates per 10,000 tokens: terms (rows) by groups (columns); with more than
    :data:`MAX_GROUP_COLUMNS` groups, groups (rows) by terms (columns).

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
    sizes, max_rows : optional
        With more groups than :data:`MAX_GROUP_COLUMNS`, only the ``max_rows`` largest by
        ``sizes`` are drawn (:func:`heatmap_groups`; say so with :func:`rate_heatmap_caption`
        given the same arguments; the CSV keeps every group).
    """
    glossary = read_glossary() if glossary is None else glossary
    groups, _ = heatmap_groups(rates, sizes=sizes, max_rows=max_rows)
    rates = rates[rates["group"].astype(str).isin(groups)]
    title = "Rate per 10,000 tokens" + _interval_note(rates)
    rates = rates.assign(group=rates["group"].astype(str), term=rates["term"].astype(str))
    grid = (rates.pivot_table(index="term", columns="group", values="rate_per_10k", observed=True)
            .reindex(index=list(terms), columns=groups).fillna(0.0))
    has_interval = {"low", "high"} <= set(rates.columns)
    # Many groups: one row per group (terms as columns), so group labels and cells never collide.
    by_rows = len(groups) > MAX_GROUP_COLUMNS
    shown = grid.T if by_rows else grid
    row_height = (0.34 if has_interval else 0.22) if by_rows else 0.27
    fig, ax = new_figure(TWO_COLUMNS, 0.9 + row_height * len(shown) + 0.13 * title.count("\n")
                         + (0.6 if by_rows else 0))
    image = ax.imshow(shown.to_numpy(), cmap="viridis", aspect="auto")
    threshold = np.nanmax(grid.to_numpy()) * 0.6 if grid.size else 0
    for (i, term), (j, group) in _cells(grid):
        value = grid.iat[i, j]
        text = f"{value:.0f}"
        if has_interval:
            row = rates[(rates["term"] == term) & (rates["group"] == group)]
            if len(row) and np.isfinite(row["high"].iloc[0]) and row["high"].iloc[0] > 0:
                text += f"\n[{row['low'].iloc[0]:.0f}–{row['high'].iloc[0]:.0f}]"
        ax.text(*((i, j) if by_rows else (j, i)), text, ha="center", va="center", fontsize=7,
                color="black" if value > threshold else "white")
    term_ticks = literal(term_labels(terms, glossary, max_length=40))
    if by_rows:
        ax.set_yticks(range(len(groups)), literal(groups))
        # Upright labels when few; beyond four columns too narrow for slanted labels not to
        # overprint each other, so vertical.
        ax.set_xticks(range(len(terms)), term_ticks,
                      rotation=0 if len(terms) <= 2 else 20 if len(terms) <= 4 else 90,
                      ha="right" if 2 < len(terms) <= 4 else "center")
        ax.set_ylabel("group")
        return _finish_heatmap(fig, ax, image, title)
    ax.set_xticks(range(len(groups)), literal(groups), rotation=30 if len(groups) > 4 else 0,
                  ha="right" if len(groups) > 4 else "center")
    ax.set_yticks(range(len(terms)), term_ticks)
    ax.set_xlabel("group")
    return _finish_heatmap(fig, ax, image, title)


def _finish_heatmap(fig, ax, image, title: str) -> Figure:
    """Colour bar and title, the same in both orientations of the heat map."""
    fig.colorbar(image, ax=ax, label="rate per 10,000 tokens", shrink=0.9)
    ax.set_title(title)
    return fig


def rate_heatmap_caption(rates: pd.DataFrame, *, by: str = "group",
                         sizes: Mapping[str, float] | None = None,
                         max_rows: int | None = None) -> str:
    """What :func:`plot_rate_heatmap` draws, in words: intervals only where there are any."""
    drawn, groups = heatmap_groups(rates, sizes=sizes, max_rows=max_rows)
    note = drawn_note(len(drawn), len(groups), what=f"{by}s",
                      how="with the most articles" if sizes is not None
                      else "first in alphabetical order")
    rates = rates[rates["group"].astype(str).isin(drawn)]
    return _rate_caption(rates, by=by) + note


def _rate_caption(rates: pd.DataFrame, *, by: str) -> str:
    caption = f"Rate per 10,000 tokens of each term in each {by} (cell colour and number)"
    if not {"low", "high"} <= set(rates.columns):
        return caption + "."
    drawn = np.isfinite(rates["high"].to_numpy(dtype=float)) & (rates["high"].to_numpy(dtype=float) > 0)
    resample = str(rates["resample"].iloc[0]) if "resample" in rates.columns and len(rates) else "units"
    over = {"article": "whole articles",
            "paragraph (within-article)": "paragraphs within articles"}.get(resample, resample)
    unit = "paragraph" if resample.startswith("paragraph") else "article"
    missing = rates.loc[rates["low"].isna() & rates["high"].isna(), "group"].astype(str).unique()
    if not drawn.any():
        return (caption + f"; no interval is drawn: every {by} has a single {unit}, which cannot "
                f"show how a {by} varies.")
    level = f"{rates.attrs.get('confidence', 0.95):.0%}"
    caption += f", with {level} bootstrap intervals resampling {over} in brackets"
    if len(missing):
        caption += f"; no interval for {len(missing)} {by}(s) with a single {unit}"
    return caption + "."


def _interval_note(rates: pd.DataFrame) -> str:
    """Title suffix: the interval's level and resampling, and the groups without one."""
    if not {"low", "high"} <= set(rates.columns):
        return ""
    resample = rates["resample"].iloc[0] if "resample" in rates.columns and len(rates) else "units"
    over = {"article": "articles",
            "paragraph (within-article)": "paragraphs within articles"}.get(resample, resample)
    unit = "paragraph" if resample.startswith("paragraph") else "article"
    missing = rates.loc[rates["low"].isna() & rates["high"].isna(), "group"].astype(str).unique()
    if len(missing) == rates["group"].nunique():
        return f"\nno interval: every group has a single {unit}"
    note = f"\n[{rates.attrs.get('confidence', 0.95):.0%} bootstrap interval, resampling {over}]"
    if len(missing):
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
        A label that would overprint another text is left out (the CSV has every term);
        terms sharing one point are named together, "a, b, c (+4 terms)".
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
    fig, ax = new_figure(TWO_COLUMNS, 4.2)
    ax.scatter(frequency[~significant], table["z"][~significant], s=8, color="#999999", alpha=PALE,
               linewidths=0)
    ax.scatter(frequency[significant], table["z"][significant], s=14, c=side_colour[significant],
               linewidths=0)
    for bound in (-Z_95, Z_95):
        ax.axhline(bound, color="#777777", linewidth=0.6, linestyle="--")
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("frequency in both groups (tokens, log scale)")
    ax.set_ylabel(literal(f"z-score of log-odds\n(+ more in {target}, − more in {reference})"))
    note = "" if significant.any() else "; no term significant after Benjamini-Hochberg"
    ax.set_title(literal(f"{target} vs {reference}{note}"), loc="left")
    ax.margins(x=0.08, y=0.08)
    middle = np.sqrt(frequency.max())  # labels right of the points on the left half, left beyond
    texts = [ax.annotate(literal(text), (x, z), fontsize=7, textcoords="offset points",
                         xytext=(3, 2) if x <= middle else (-3, 2), ha="left" if x <= middle else "right",
                         color="black" if is_significant else "#555555")
             for (x, z, is_significant), text in _point_labels(table, glossary, n_labels=n_labels)]
    drop_overlapping(fig, texts)
    return fig


def fightin_words_caption(table: pd.DataFrame) -> str:
    """What :func:`plot_fightin_words` draws, in words."""
    target, reference = str(table["group"].iloc[0]), str(table["reference"].iloc[0])
    labelled = ("significant terms (Benjamini-Hochberg q < 0.05) are coloured and the most extreme "
                "labelled" if table["significant"].any() else
                "no term is significant after the Benjamini-Hochberg correction; the most extreme "
                "terms are labelled in grey")
    return (f"Each dot is a term: its frequency in {target} and {reference} together (log scale) "
            f"against the z-score of its log-odds ratio (positive: more in {target}). Dashed lines "
            f"mark |z| = 1.96 before any correction; {labelled}. Terms sharing a point are named "
            "together with the number of others at that point; labels that would overprint are "
            "left out (every term is in the CSV). Terms without a letter are left out.")


def _point_labels(table: pd.DataFrame, glossary, *, n_labels: int) -> list:
    """Labels for the most extreme terms per side (significant ones when there are any).

    Terms with the same two counts have the same z and sit on one point: they share one label,
    "a, b, c (+2 terms)", so labels do not overprint each other.
    """
    pool = table[table["significant"]] if table["significant"].any() else table
    pool = pool.assign(frequency=pool["count"] + pool["count_reference"],
                       label=term_labels(pool["term"].astype(str), glossary, max_length=LABEL_LENGTH))
    points = (pool.groupby(["frequency", "z", "significant"], observed=True, sort=False)["label"]
              .agg(_shared_label).reset_index())
    points = points.reindex(points["z"].abs().sort_values(ascending=False, kind="stable").index)
    kept: list = []
    for side in (points[points["z"] > 0], points[points["z"] < 0]):
        kept += list(side.head(n_labels).itertuples(index=False))
    return [((r.frequency, r.z, r.significant), r.label) for r in kept]


def _shared_label(labels: pd.Series) -> str:
    """One label for the terms at one point: up to three named, then how many others."""
    named = ", ".join(labels.iloc[:3])
    return named + (f" (+{len(labels) - 3} terms)" if len(labels) > 3 else "")
