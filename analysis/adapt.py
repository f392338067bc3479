"""Sizing the notebooks to the corpus they are given: "auto" parameters and bounded listings.

The notebooks run on five articles and on 100,000. A threshold that suits one (a term seen once
is worth a look in five articles; in 100,000 it is noise that inflates every table), a k sweep,
a period length or a listing of every concordance line does not suit the other. A notebook
parameter set to ``"auto"`` is resolved here by a rule written in the editable data file
``analysis/data/scaling.yaml`` (with its provenance), and every resolver returns the value with a
sentence saying how it was reached, which the notebook prints. The rules reproduce the values
the seed notebooks always used, so the committed figures do not change. Listings show a bounded
random sample, stated as such, and write every row to a CSV file beside the figures, as corpus
tools do with long concordances (Anthony 2005, AntConc: "Save output"; Hardie 2012, CQPweb:
"thin" a query to a random sample).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.resources import read_yaml

#: The shipped rules (see its header).
SCALING_FILE = "scaling.yaml"

#: Sub-folder of the figures folder that holds full listings.
LISTINGS_DIR = "listings"


def read_scaling(path: str | Path = SCALING_FILE) -> dict:
    """Read the scaling rules (``analysis/data/scaling.yaml`` by default, or your own copy)."""
    rules = read_yaml(path)
    missing = {"thresholds", "k_sweep", "selection_units", "periods", "listing_rows"} - set(rules)
    if missing:
        raise ValueError(f"{path}: the scaling rules lack {sorted(missing)}; copy the shipped "
                         "analysis/data/scaling.yaml and edit its values.")
    return rules


def figure_limit(name: str, *, rules: dict | None = None) -> int:
    """How many outlets a figure draws at most (``figures`` in ``scaling.yaml``).

    A copy of the rules without a ``figures`` section gets the shipped values.

    >>> figure_limit("max_keyness_panels")
    10
    """
    limits = (rules or read_scaling()).get("figures") or read_scaling()["figures"]
    if name not in limits:
        raise ValueError(f"scaling.yaml has no figure limit {name!r}; known: {sorted(limits)}.")
    value = int(limits[name])
    if value < 1:
        raise ValueError(f"scaling.yaml: figures.{name} must be at least 1, got {value}.")
    return value


def resolve_threshold(name: str, value, *, n: int, rules: dict | None = None) -> tuple[int, str]:
    """Resolve a threshold parameter: ``"auto"`` by the rule for ``name``, a number as it is.

    The rule is ``max(floor, ceil(scale * n ** power))`` with ``n`` the corpus's articles (or
    the topic model's units, as the rule's ``per`` says).

    Parameters
    ----------
    name : str
        ``min_count``, ``min_docs``, ``min_cooccurrence`` or ``min_df`` (a key of
        ``thresholds`` in the rules).
    value : "auto" or int
        The notebook parameter.
    n : int
        Articles or units in the corpus, as the rule counts them.
    rules : dict, optional
        From :func:`read_scaling`; the shipped rules by default.

    Returns
    -------
    (int, str)
        The value and a sentence saying where it came from.

    >>> resolve_threshold("min_docs", "auto", n=5)
    (1, 'min_docs = 1 (auto: 0.002 × 5 articles, at least 1)')
    >>> resolve_threshold("min_docs", "auto", n=20_000)[0], resolve_threshold("min_docs", 3, n=20_000)
    (40, (3, 'min_docs = 3 (set by hand)'))
    """
    if value != "auto":
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be 'auto' or a whole number >= 0, not {value!r}.")
        return int(value), f"{name} = {value} (set by hand)"
    rules = rules or read_scaling()
    try:
        rule = rules["thresholds"][name]
    except KeyError:
        raise ValueError(f"No scaling rule for {name!r} in the scaling rules; add one under "
                         "'thresholds' in analysis/data/scaling.yaml.") from None
    scale, power, floor = float(rule["scale"]), float(rule["power"]), int(rule["floor"])
    resolved = max(floor, math.ceil(scale * n ** power - 1e-9))
    size = f"{n:,} {rule['per']}" if power == 1 else f"{n:,} {rule['per']}^{power:g}"
    return resolved, f"{name} = {resolved} (auto: {scale:g} × {size}, at least {floor})"


def resolve_k_range(value, *, n_articles: int, rules: dict | None = None) -> tuple[list[int], str]:
    """Resolve the k sweep: ``"auto"`` widens it with the corpus; a list is used as it is.

    ``"auto"`` takes ``n_values`` whole numbers evenly from 2 to
    ``k_max = round(k_max_scale * sqrt(n_articles))``, bounded by ``k_max_floor`` and
    ``k_max_ceiling`` (see ``k_sweep`` in the rules).

    >>> resolve_k_range("auto", n_articles=5)[0]
    [2, 3, 4, 5, 6, 7, 8]
    >>> resolve_k_range("auto", n_articles=20_000)[0]
    [2, 7, 11, 16, 21, 25, 30]
    """
    if value != "auto":
        ks = sorted({int(k) for k in value})
        return ks, f"k_range = {ks} (set by hand)"
    sweep = (rules or read_scaling())["k_sweep"]
    k_max = round(float(sweep["k_max_scale"]) * math.sqrt(n_articles))
    k_max = int(min(max(k_max, int(sweep["k_max_floor"])), int(sweep["k_max_ceiling"])))
    ks = sorted({int(math.floor(k + 0.5)) for k in np.linspace(2, k_max, int(sweep["n_values"]))})
    return ks, (f"k_range = {ks} (auto: {len(ks)} values from 2 to {k_max}, which is "
                f"{sweep['k_max_scale']} × √{n_articles:,} articles kept within "
                f"{sweep['k_max_floor']}-{sweep['k_max_ceiling']})")


def resolve_period(value, published: pd.Series, *, rules: dict | None = None) -> tuple[str, str]:
    """Resolve the period length for trends: ``"auto"`` follows the span of the dates.

    The finest candidate (month, quarter, year) whose span holds at most ``max_periods``
    periods and on average at least ``min_articles_per_period`` dated articles per period;
    otherwise the coarsest. Undated articles (NaT) are not counted.

    >>> dates = pd.Series(pd.date_range("2023-01-01", periods=400, freq="D", tz="Asia/Jakarta"))
    >>> resolve_period("auto", dates)[0]
    'M'
    >>> resolve_period("auto", dates[:3])
    ('Y', 'period = Y (auto: 3 dated articles, too few for a finer period)')
    """
    if value != "auto":
        return str(value), f"period = {value} (set by hand)"
    setting = (rules or read_scaling())["periods"]
    candidates = list(setting["candidates"])
    dated = pd.to_datetime(published).dropna()
    if isinstance(dated.dtype, pd.DatetimeTZDtype):
        dated = dated.dt.tz_localize(None)
    for freq in candidates:
        if dated.empty:
            break
        spanned = dated.max().to_period(freq).ordinal - dated.min().to_period(freq).ordinal + 1
        if spanned <= int(setting["max_periods"]) and \
                len(dated) / spanned >= float(setting["min_articles_per_period"]):
            return freq, (f"period = {freq} (auto: {len(dated):,} dated articles over {spanned} "
                          f"period(s) of {freq})")
    return candidates[-1], (f"period = {candidates[-1]} (auto: {len(dated):,} dated articles, "
                            "too few for a finer period)")


@dataclass
class Listing:
    """A bounded sample of a long table, ready to show, and where the full table went.

    Attributes
    ----------
    shown : DataFrame
        At most ``limit`` rows, in the table's order.
    note : str
        One sentence saying what is shown and where the rest is.
    path : Path or None
        The CSV file with every row, or None when every row is shown.
    """

    shown: pd.DataFrame
    note: str
    path: Path | None


def bounded_listing(table: pd.DataFrame, name: str, *, limit: int | None = None,
                    directory: str | Path | None = None, random_state: int = 0,
                    what: str = "rows") -> Listing:
    """Show at most ``limit`` rows of a listing; write all of them to a CSV when there are more.

    Parameters
    ----------
    table : DataFrame
        The listing, in the order it should be read (e.g. a sorted concordance).
    name : str
        File stem of the full listing, named by content (e.g. ``"kwic_imperialis"``).
    limit : int, optional
        Rows shown; ``listing_rows`` of the scaling rules by default.
    directory : path, optional
        The figures folder (as for :func:`analysis.figures.save_figure`); the listing goes to
        its ``listings/`` sub-folder.
    random_state : int
        Seed of the sample.
    what : str
        What a row is, for the note ("concordance lines", "dropped lines").

    Returns
    -------
    Listing

    >>> import tempfile
    >>> lines = pd.DataFrame({"line": range(100)})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     listing = bounded_listing(lines, "baris", limit=3, directory=folder, what="lines")
    ...     len(listing.shown), listing.path.name, len(pd.read_csv(listing.path))
    (3, 'baris.csv', 100)
    >>> bounded_listing(lines.head(2), "baris", limit=3, what="lines").note
    'All 2 lines are shown.'
    """
    from analysis.figures import current_report_context, figure_slug
    from analysis.paths import FIGURES_DIR

    limit = int(read_scaling()["listing_rows"]) if limit is None else int(limit)
    if len(table) <= limit:
        return Listing(table, f"All {len(table):,} {what} are shown.", None)
    if directory is None:
        context = current_report_context()
        directory = context["figures_dir"] if context else FIGURES_DIR
    folder = Path(directory) / LISTINGS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{figure_slug(name)}.csv"
    table.to_csv(path, index=False, lineterminator="\n")
    picked = np.sort(np.random.default_rng(random_state).choice(len(table), limit, replace=False))
    # Named relative to the figures folder: a report builds in a scratch folder and moves it.
    note = (f"Showing a random sample of {limit:,} of the {len(table):,} {what} (seed "
            f"{random_state}, in their order); all of them are in {LISTINGS_DIR}/{path.name} "
            "in the figures folder.")
    return Listing(table.iloc[picked], note, path)
