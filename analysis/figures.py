"""The one place for figure output and figure style.

Plot functions elsewhere in the package return a :class:`matplotlib.figure.Figure` and never
call ``show()`` or ``savefig()``; :func:`save_figure` writes every published figure as PNG
(300 dpi, for slides) and SVG (for print) with deterministic bytes, and the plotted data as
CSV beside it. One style (:data:`STYLE`) and one colour per outlet (:func:`outlet_colours`,
from the colour-blind-safe palette of Okabe & Ito 2008) are shared by all figures.

Provenance: inside :func:`report_context` (set by :mod:`analysis.report` for every notebook
it runs, and inherited by the notebook's kernel through an environment variable) each call of
:func:`save_figure` also appends a record (figure, files, caption, notebook, parameters, corpus
fingerprint, package version) to a log, from which :func:`write_catalogue` writes
``figures/catalogue.csv`` and ``figures/README.md``. Catalogue and figure bytes contain no
dates, so re-running an unchanged analysis leaves ``figures/`` byte-identical (Sandve et al.
2013, "Ten simple rules for reproducible computational research", rules 1, 6 and 10).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis import __version__
from analysis.paths import FIGURES_DIR

#: Environment variable through which :func:`report_context` reaches notebook kernels.
REPORT_CONTEXT_ENV = "INDO_NEWS_FRAMING_REPORT_CONTEXT"

#: Columns of ``catalogue.csv``, one row per figure (see :func:`write_catalogue`).
CATALOGUE_COLUMNS = [
    "figure", "files", "data", "caption", "notebook", "corpus", "corpus_fingerprint",
    "parameters", "package_version",
]

_NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")

#: Okabe & Ito (2008) colour-blind-safe palette, black last.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000"]

#: Fixed colours for the five seed outlets; other outlets get the remaining palette colours
#: in alphabetical order, so a given corpus always gets the same colours.
OUTLET_COLOURS = {
    "Kontan": "#E69F00",
    "Media Indonesia": "#56B4E9",
    "RMOL": "#009E73",
    "Tempo": "#D55E00",
    "VOA Indonesia": "#0072B2",
}

#: Figure widths a journal page takes, in inches: one column and two columns (full width).
ONE_COLUMN = 3.5
TWO_COLUMNS = 7.0

#: The smallest text size, in points, at the printed width.
MIN_FONT_SIZE = 7.0

#: rcParams shared by every figure. Figures are drawn at their printed width with constrained
#: layout (:func:`new_figure`) and saved at exactly that size (no "tight" cropping), so 7 pt
#: text stays 7 pt. ``svg.hashsalt`` and the metadata passed in :func:`save_figure` make the
#: SVG bytes deterministic.
STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "standard",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "legend.title_fontsize": 7.5,
    "figure.titlesize": 8.5,
    "figure.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "indo-news-framing",
    "svg.fonttype": "path",
}


def use_style() -> None:
    """Apply the house figure style (called on import of this module)."""
    plt.rcParams.update(STYLE)


use_style()


def new_figure(width: float = TWO_COLUMNS, height: float = 3.0, nrows: int = 1, ncols: int = 1,
               **kwargs):
    """``plt.subplots`` at a printed width (one or two columns), in the house style.

    The style is applied first, so a figure made after a user changed rcParams still has
    7 pt text and literal (non-mathtext) labels.

    >>> fig, ax = new_figure(ONE_COLUMN, 2.0)
    >>> fig.get_size_inches().tolist(), fig.get_layout_engine().__class__.__name__
    ([3.5, 2.0], 'ConstrainedLayoutEngine')
    >>> plt.close(fig)
    """
    if width not in (ONE_COLUMN, TWO_COLUMNS):
        raise ValueError(f"Figure width {width} in is neither one column ({ONE_COLUMN} in) nor "
                         f"two columns ({TWO_COLUMNS} in).")
    use_style()
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=(width, height), **kwargs)


def literal(text):
    """Text drawn from data, shown as written: ``$`` escaped so it never starts mathtext.

    Accepts a string or an iterable of strings (returns a list).

    >>> print(literal("Kontan $1$ Tempo"), literal(["a$b", "Rp 5"]))
    Kontan \\$1\\$ Tempo ['a\\\\$b', 'Rp 5']
    """
    if isinstance(text, str):
        return text.replace("$", r"\$")
    return [literal(str(t)) for t in text]


def text_boxes(fig) -> list[tuple[object, object]]:
    """Every visible, non-empty text of a figure with its box on the canvas, in pixels.

    Titles, axis and tick labels, annotations, legend entries and colour-bar labels are all
    :class:`matplotlib.text.Text` artists; the boxes come from the renderer after a draw, so
    they are where the text really lands.
    """
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    undrawn = _ticks_outside_the_view(fig)
    boxes = []
    for text in fig.findobj(Text):
        if (text.get_visible() and text.get_text().strip() and _shown(text)
                and id(text) not in undrawn):
            boxes.append((text, text.get_window_extent(renderer)))
    return boxes


def _ticks_outside_the_view(fig) -> set[int]:
    """Tick labels matplotlib keeps but does not draw (their tick is outside the axis limits)."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            margin = (high - low) * 1e-9
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low - margin <= tick.get_loc() <= high + margin:
                    hidden.update((id(tick.label1), id(tick.label2)))
    return hidden


def _shown(artist) -> bool:
    while artist is not None:
        if not artist.get_visible():
            return False
        artist = getattr(artist, "axes", None) if artist is not getattr(artist, "axes", None) else None
    return True


def overlapping_texts(fig, *, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than ``tolerance`` pixels each way.

    >>> fig, ax = new_figure(ONE_COLUMN, 2.0)
    >>> _ = ax.text(0.5, 0.5, "Korut"), ax.text(0.5, 0.5, "Rusia")
    >>> overlapping_texts(fig)
    [('Korut', 'Rusia')]
    >>> plt.close(fig)
    """
    boxes = text_boxes(fig)
    pairs = []
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if dx > tolerance and dy > tolerance:
                pairs.append((a.get_text(), b.get_text()))
    return pairs


def print_problems(fig, *, max_height: float | None = None) -> list[str]:
    """What keeps ``fig`` from printing well: not one or two columns wide, taller than
    ``max_height`` inches, text under :data:`MIN_FONT_SIZE`, overlapping text, or text cut
    off at the figure's edge (an empty list when there is nothing).

    >>> fig, ax = new_figure(ONE_COLUMN, 2)
    >>> _ = ax.set_title("Kim dan Putin")
    >>> print_problems(fig)
    []
    """
    problems = []
    width, height = fig.get_size_inches()
    if width not in (ONE_COLUMN, TWO_COLUMNS):
        problems.append(f"{width:.2f} in wide, not {ONE_COLUMN} or {TWO_COLUMNS}")
    if max_height is not None and height > max_height:
        problems.append(f"{height:.1f} in tall, more than {max_height}")
    boxes = text_boxes(fig)
    problems += [f"text under {MIN_FONT_SIZE} pt: {text!r} ({size} pt)" for text, size in
                 sorted({(t.get_text(), t.get_fontsize()) for t, _ in boxes
                         if t.get_fontsize() < MIN_FONT_SIZE})]
    problems += [f"overlapping text: {a!r} and {b!r}" for a, b in overlapping_texts(fig)]
    canvas = fig.bbox
    problems += [f"text cut off at the figure's edge: {t.get_text()!r}" for t, box in boxes
                 if box.x0 < canvas.x0 - 1 or box.x1 > canvas.x1 + 1 or box.y0 < canvas.y0 - 1
                 or box.y1 > canvas.y1 + 1]
    return problems


def drop_overlapping(fig, labels: list) -> list:
    """Hide labels (in priority order, first kept) that overlap any text drawn before them.

    Returns the labels still shown. Used for point labels, where a label that would overprint
    a more important one is better left to the plotted data (CSV) than drawn illegibly.
    """
    shown = [t for t in labels if t.get_visible()]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    label_ids = {id(t) for t in shown}
    fixed = [box for text, box in text_boxes(fig) if id(text) not in label_ids]
    axes_box = [t.axes.get_window_extent(renderer) if t.axes else None for t in shown]
    kept, taken = [], list(fixed)
    for text, frame in zip(shown, axes_box):
        box = text.get_window_extent(renderer)
        inside = frame is None or (box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1
                                   and box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1)
        if inside and not any(box.overlaps(other) for other in taken):
            kept.append(text)
            taken.append(box)
        else:
            text.set_visible(False)
    return kept


#: Colour of the outlets beyond the palette, drawn together as :data:`OTHER_OUTLETS`.
OTHER_COLOUR = "#BBBBBB"

#: Legend label of the outlets that get no colour of their own.
OTHER_OUTLETS = "other outlets"


#: Group labels that say no outlet was found (the loader's "unknown", the line account's
#: "unknown outlet", the copy table's "(no outlet)"): never ranked or coloured as an outlet;
#: drawn last, in their own pale grey.
NO_OUTLET = frozenset({"unknown", "unknown outlet", "(no outlet)"})
NO_OUTLET_COLOUR = "#DDDDDD"


def rank_outlets(outlets: Iterable[str], sizes: Mapping[str, float] | None = None) -> list[str]:
    """Outlets in drawing priority: by ``sizes`` (e.g. articles) largest first, ties by name;
    without sizes, in the order given (duplicates dropped). Labels of :data:`NO_OUTLET`
    ("unknown") come last whatever their size: they are not an outlet.

    >>> rank_outlets(["Tempo", "unknown", "Kompas", "Antara"],
    ...              {"Tempo": 3, "Kompas": 9, "Antara": 3, "unknown": 20})
    ['Kompas', 'Antara', 'Tempo', 'unknown']
    """
    outlets = list(dict.fromkeys(outlets))
    if sizes is not None:
        outlets = sorted(outlets, key=lambda o: (-float(sizes.get(o, 0) or 0), str(o)))
    return sorted(outlets, key=lambda o: str(o) in NO_OUTLET)  # stable: order kept otherwise


def outlet_colours(outlets: Iterable[str], *,
                   sizes: Mapping[str, float] | None = None) -> dict[str, str]:
    """Return a colour per outlet, never the same colour for two outlets.

    The palette (:data:`OKABE_ITO`) has eight colours. The seed outlets keep their fixed
    colours (:data:`OUTLET_COLOURS`); other outlets take the free colours in alphabetical
    order. With more than eight outlets only the first eight by :func:`rank_outlets` (the
    largest by ``sizes``, else the first given) get a colour; the others get
    :data:`OTHER_COLOUR`, to be drawn and named together as :data:`OTHER_OUTLETS`
    (:func:`colour_legend`), or labelled directly.

    >>> outlet_colours(["Tempo", "Kompas"])
    {'Tempo': '#D55E00', 'Kompas': '#CC79A7'}
    >>> many = outlet_colours([f"Outlet {i:02d}" for i in range(12)])
    >>> len(set(c for c in many.values() if c != OTHER_COLOUR)), list(many.values()).count(OTHER_COLOUR)
    (8, 4)
    """
    outlets = list(dict.fromkeys(outlets))
    named = [o for o in rank_outlets(outlets, sizes) if str(o) not in NO_OUTLET]
    coloured = named[:len(OKABE_ITO)]
    colours = {o: OUTLET_COLOURS[o] for o in coloured if o in OUTLET_COLOURS}
    free = [c for c in OKABE_ITO if c not in OUTLET_COLOURS.values()]
    free += [c for c in OUTLET_COLOURS.values() if c not in colours.values()]
    rest = sorted(o for o in coloured if o not in colours)
    colours.update(zip(rest, free))
    colours.update({o: NO_OUTLET_COLOUR for o in outlets if str(o) in NO_OUTLET})
    return {o: colours.get(o, OTHER_COLOUR) for o in outlets}


def colour_legend(colours: Mapping[str, str], **style) -> list:
    """Legend handles with one entry per colour: each coloured outlet, then one
    "n other outlets" entry for all outlets in :data:`OTHER_COLOUR`.

    ``style`` goes to :class:`matplotlib.lines.Line2D` (default: a round marker).

    >>> [h.get_label() for h in colour_legend(outlet_colours([f"O{i:02d}" for i in range(10)]))][-2:]
    ['O07', '2 other outlets']
    """
    from matplotlib.lines import Line2D

    style = {"marker": "o", "linestyle": "", **style}
    handles = [Line2D([], [], color=c, label=literal(str(o)), **style)
               for o, c in colours.items() if c not in (OTHER_COLOUR, NO_OUTLET_COLOUR)]
    others = sum(c == OTHER_COLOUR for c in colours.values())
    if others:
        handles.append(Line2D([], [], color=OTHER_COLOUR, label=f"{others} {OTHER_OUTLETS}",
                              **style))
    handles += [Line2D([], [], color=NO_OUTLET_COLOUR, label=literal(str(o)), **style)
                for o, c in colours.items() if c == NO_OUTLET_COLOUR][:1]
    return handles


def drawn_outlets(outlets: Iterable[str], *, limit: int,
                  sizes: Mapping[str, float] | None = None) -> list[str]:
    """The outlets a figure with room for ``limit`` of them draws: the first ``limit`` by
    :func:`rank_outlets` (largest by ``sizes``), in that order.

    >>> drawn_outlets(["A", "B", "C"], limit=2, sizes={"A": 1, "B": 5, "C": 3})
    ['B', 'C']
    """
    return rank_outlets(outlets, sizes)[:limit]


def fold_outlets(table: pd.DataFrame, *, limit: int, size: str, sums: list[str],
                 by: str = "outlet") -> pd.DataFrame:
    """One row per outlet, largest ``size`` first (ties by name); beyond ``limit`` rows, the
    smallest outlets summed into one row named "n other outlets".

    The table gets a column ``bar``: the row an outlet is drawn in (its own name, or the
    "other outlets" row), so a figure's CSV says where every outlet went.

    >>> t = pd.DataFrame({"outlet": list("ABCD"), "articles": [5, 1, 3, 2]})
    >>> drawn, table = fold_outlets(t, limit=3, size="articles", sums=["articles"])
    >>> drawn.to_dict("list"), table["bar"].tolist()
    ({'outlet': ['A', 'C', '2 other outlets'], 'articles': [5, 3, 3]}, ['A', '2 other outlets', 'C', '2 other outlets'])
    """
    order = rank_outlets(table[by].astype(str), dict(zip(table[by].astype(str), table[size])))
    ranked = table.set_index(table[by].astype(str)).loc[order].reset_index(drop=True)
    if len(ranked) <= limit:
        return ranked[[by, *sums]], table.assign(bar=table[by].astype(str))
    unknown = ranked[ranked[by].astype(str).isin(NO_OUTLET)]  # kept apart, last
    named = ranked[~ranked[by].astype(str).isin(NO_OUTLET)]
    room = max(1, limit - 1 - len(unknown))
    kept, rest = named.iloc[:room], named.iloc[room:]
    other = f"{len(rest)} {OTHER_OUTLETS}"
    folded = pd.concat([kept[[by, *sums]],
                        pd.DataFrame([{by: other, **rest[sums].sum().to_dict()}]),
                        unknown[[by, *sums]]], ignore_index=True)
    kept = pd.concat([kept, unknown])
    names = set(kept[by].astype(str))
    bar = table[by].astype(str).where(table[by].astype(str).isin(names), other)
    return folded.astype({c: table[c].dtype for c in sums}), table.assign(bar=bar)


def drawn_note(n_drawn: int, n_all: int, *, what: str = "outlets",
               how: str = "with the most articles") -> str:
    """Caption sentence for a figure that draws only some outlets ("" when it draws all).

    >>> drawn_note(10, 40)
    ' Drawn for the 10 of 40 outlets with the most articles (ties in alphabetical order); every outlet is in the CSV.'
    """
    if n_drawn >= n_all:
        return ""
    return (f" Drawn for the {n_drawn} of {n_all} {what} {how} (ties in alphabetical order); "
            f"every {what.rstrip('s')} is in the CSV.")


def figure_slug(text: str) -> str:
    """Turn any label (an outlet, a pair of groups) into a part of a figure name.

    Accents are dropped (NFKD, then ASCII), letters lower-cased, and every run of other
    characters (dots, ``$``, slashes, spaces) becomes one hyphen. A label with no letter or
    digit left gets ``"x"`` and the first 8 hex digits of its SHA-1, so the name stays valid
    and distinct.

    >>> figure_slug("Kontan.co.id"), figure_slug("$Rp$ Berita / Ékonomi")
    ('kontan-co-id', 'rp-berita-ekonomi')
    >>> figure_slug("Tempo.co-vs-Détik/News")
    'tempo-co-vs-detik-news'
    >>> figure_slug("$$$")
    'xbe75445c'
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x" + hashlib.sha1(str(text).encode("utf-8")).hexdigest()[:8]


def save_figure(
    fig,
    name: str,
    *,
    data: pd.DataFrame | None = None,
    directory: str | Path | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    metadata: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> list[Path]:
    """Write ``fig`` as ``name.png`` and ``name.svg`` (and ``data`` as ``name.csv``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem named by content, lower-case letters, digits, ``-`` and ``_``,
        e.g. ``"keyness_by-outlet"``.
    data : DataFrame, optional
        The plotted data, written beside the figure as CSV (UTF-8, no index).
    directory : path, optional
        Output folder; defaults to the report's figures folder inside
        :func:`report_context`, otherwise the project's ``figures/``.
    formats : tuple of str
        File formats to write.
    metadata : mapping, optional
        Extra metadata (e.g. ``{"Title": ...}``); dates and software versions are never
        written, so the bytes depend only on the figure.
    caption : str, optional
        One or two sentences saying what the figure shows. Stored in the image metadata
        (``Description``) and, during a report run, in the figure catalogue.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["Tempo", "Kontan"], [3, 1])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in save_figure(fig, "sebutan_kim", directory=folder,
    ...                                  caption="Mentions of Kim per outlet.")]
    ['sebutan_kim.png', 'sebutan_kim.svg']
    >>> plt.close(fig)
    """
    if not isinstance(name, str) or not _NAME_PATTERN.fullmatch(name):
        raise ValueError(
            f"Figure name {name!r} is not allowed. Name figures by content in lower case "
            "with hyphens or underscores, e.g. 'keyness_by-outlet'."
        )
    context = current_report_context()
    if directory is None:
        directory = context["figures_dir"] if context else FIGURES_DIR
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = directory / f"{name}.{fmt}"
        meta = _deterministic_metadata(fmt, metadata, caption)
        with plt.rc_context(STYLE):
            fig.savefig(path, format=fmt, metadata=meta)
        written.append(path)
    if data is not None:
        path = directory / f"{name}.csv"
        data.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    if context:
        _log_figure(context, name, written, caption=caption, has_data=data is not None)
    return written


def _deterministic_metadata(fmt: str, extra: Mapping[str, str] | None, caption: str | None) -> dict:
    meta: dict = dict(extra or {})
    if caption:
        meta.setdefault("Subject" if fmt == "pdf" else "Description", caption)
    if fmt == "svg":
        meta.setdefault("Date", None)
        meta.setdefault("Creator", None)
    elif fmt == "png":
        meta.setdefault("Software", None)
    elif fmt == "pdf":
        meta.update({"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None})
    return meta


@contextmanager
def report_context(
    *,
    notebook: str,
    figures_dir: str | Path,
    log: str | Path,
    parameters: Mapping[str, object] | None = None,
    corpus: str = "",
    corpus_fingerprint: str = "",
) -> Iterator[dict]:
    """Record every figure saved inside the block, also by kernels started inside it.

    The context travels in the environment variable :data:`REPORT_CONTEXT_ENV`, which a
    Jupyter kernel started inside the block inherits; :func:`save_figure` then defaults to
    ``figures_dir`` and appends one JSON line per figure to ``log``.

    Parameters
    ----------
    notebook : str
        Name of the notebook making the figures, e.g. ``"01-term-frequency-by-outlet.ipynb"``.
    figures_dir : path
        Where figures go when ``save_figure`` is called with ``directory=None``.
    log : path
        JSON-lines file the figure records are appended to (created if missing).
    parameters : mapping, optional
        The notebook parameters to record (JSON-serialisable values).
    corpus, corpus_fingerprint : str
        The corpus folder as it should be shown, and its fingerprint.

    Yields
    ------
    dict
        The context as :func:`current_report_context` returns it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with report_context(notebook="00-demo.ipynb", figures_dir=folder,
    ...                         log=Path(folder) / "log.jsonl") as context:
    ...         current_report_context()["notebook"]
    '00-demo.ipynb'
    >>> current_report_context() is None
    True
    """
    variables = report_context_variables(
        notebook=notebook, figures_dir=figures_dir, log=log, parameters=parameters,
        corpus=corpus, corpus_fingerprint=corpus_fingerprint)
    previous = os.environ.get(REPORT_CONTEXT_ENV)
    os.environ.update(variables)
    try:
        yield json.loads(variables[REPORT_CONTEXT_ENV])
    finally:
        if previous is None:
            del os.environ[REPORT_CONTEXT_ENV]
        else:
            os.environ[REPORT_CONTEXT_ENV] = previous


def report_context_variables(
    *,
    notebook: str,
    figures_dir: str | Path,
    log: str | Path,
    parameters: Mapping[str, object] | None = None,
    corpus: str = "",
    corpus_fingerprint: str = "",
) -> dict[str, str]:
    """The environment variables of a :func:`report_context`, for one kernel's environment.

    The report runner gives them to each kernel it starts, so that notebooks running at the
    same time each record into their own log (see :func:`report_context` for the parameters).

    >>> variables = report_context_variables(notebook="00-demo.ipynb", figures_dir=".", log="x")
    >>> json.loads(variables[REPORT_CONTEXT_ENV])["notebook"]
    '00-demo.ipynb'
    """
    context = {
        "notebook": notebook,
        "figures_dir": str(Path(figures_dir).resolve()),
        "log": str(Path(log).resolve()),
        "parameters": dict(parameters or {}),
        "corpus": corpus,
        "corpus_fingerprint": corpus_fingerprint,
    }
    return {REPORT_CONTEXT_ENV: json.dumps(context, default=_json_default)}


def _json_default(value):
    """Sets as sorted lists (stable order), anything else JSON lacks as its repr."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return repr(value)


def current_report_context() -> dict | None:
    """Return the active :func:`report_context` as a dict, or None outside a report run."""
    raw = os.environ.get(REPORT_CONTEXT_ENV)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"The environment variable {REPORT_CONTEXT_ENV} is not valid JSON ({error}). "
            "It is set by `python -m analysis report`; unset it to save figures normally."
        ) from error


def _log_figure(context: Mapping, name: str, written: list[Path], *, caption, has_data) -> None:
    images = [p.name for p in written if p.suffix != ".csv"]
    record = {
        "figure": name,
        "files": " ".join(images),
        "data": f"{name}.csv" if has_data else "",
        "caption": caption or "",
        "notebook": context["notebook"],
        "corpus": context["corpus"],
        "corpus_fingerprint": context["corpus_fingerprint"],
        "parameters": json.dumps(context["parameters"], sort_keys=True, ensure_ascii=False),
        "package_version": __version__,
        "directory": str(written[0].parent.resolve()),
    }
    with open(context["log"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_figure_log(path: str | Path) -> pd.DataFrame:
    """Read the records written by :func:`save_figure` inside :func:`report_context`.

    Returns a DataFrame with the :data:`CATALOGUE_COLUMNS` plus ``directory`` (where the
    files were written), one row per call, in call order; empty if nothing was saved.
    """
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    records = [json.loads(line) for line in lines if line.strip()]
    return pd.DataFrame(records, columns=[*CATALOGUE_COLUMNS, "directory"], dtype=str)


def write_catalogue(catalogue: pd.DataFrame, directory: str | Path | None = None) -> list[Path]:
    """Write ``catalogue.csv`` and ``README.md`` describing every figure in ``directory``.

    Parameters
    ----------
    catalogue : DataFrame
        One row per figure with the :data:`CATALOGUE_COLUMNS`: ``figure`` (file stem),
        ``files`` (image files, space-separated), ``data`` (CSV of the plotted data or
        empty), ``caption``, ``notebook``, ``corpus`` (the corpus folder), ``corpus_fingerprint``
        (see :func:`analysis.report.corpus_fingerprint`), ``parameters`` (JSON object of the
        notebook's parameters) and ``package_version``.
    directory : path, optional
        The figures folder; defaults to the project's ``figures/``.

    Returns
    -------
    list of Path
        The two files written. Rows are sorted by notebook and figure and nothing in them
        depends on the time, so an unchanged analysis gives identical bytes.
    """
    directory = Path(directory) if directory is not None else FIGURES_DIR
    missing = [c for c in CATALOGUE_COLUMNS if c not in catalogue.columns]
    if missing:
        raise ValueError(f"The figure catalogue lacks the columns {missing}.")
    directory.mkdir(parents=True, exist_ok=True)
    table = catalogue[CATALOGUE_COLUMNS].fillna("").astype(str)
    table = table.sort_values(["notebook", "figure"], kind="stable").reset_index(drop=True)
    csv_path = directory / "catalogue.csv"
    table.to_csv(csv_path, index=False, lineterminator="\n")
    readme_path = directory / "README.md"
    readme_path.write_text(_catalogue_markdown(table), encoding="utf-8")
    return [csv_path, readme_path]


def _catalogue_markdown(table: pd.DataFrame) -> str:
    lines = [
        "# Figures",
        "",
        "Generated by `make report` (`python -m analysis report`) from the notebooks in",
        "`notebooks/`; do not edit by hand. `catalogue.csv` holds the same information as a",
        "table. Each figure comes as PNG (slides) and SVG (print), with the plotted data as CSV.",
        "The corpus fingerprint is the SHA-256 of the corpus files (names and bytes, manifest",
        "included): the same fingerprint means the same input.",
        "",
    ]
    for notebook, rows in table.groupby("notebook", sort=True):
        lines += [f"## {notebook}", ""]
        for row in rows.itertuples(index=False):
            image = row.files.split()[0] if row.files else ""
            lines += [f"### {row.figure}", ""]
            if image.endswith((".png", ".svg")):
                lines += [f"![{row.figure}]({image})", ""]
            lines += [row.caption or "_No caption given._", ""]
            files = ", ".join(f"[{f}]({f})" for f in row.files.split())
            data = f"[{row.data}]({row.data})" if row.data else "none"
            lines += [
                f"- Files: {files}; data: {data}",
                f"- Corpus: `{row.corpus}`, fingerprint `{row.corpus_fingerprint}`",
                f"- Parameters: `{row.parameters}`",
                f"- Package version: {row.package_version}",
                "",
            ]
    return "\n".join(lines)
