"""Publishing: re-run every notebook into figures and an HTML report, with provenance.

:func:`run_report` executes each ``notebooks/NN-*.ipynb`` in name order, every one in a fresh
kernel, with papermill (parameters injected after the cell tagged ``parameters``: the corpus
folder and the figures folder). It writes the executed notebooks and a self-contained HTML
rendering of each (nbconvert's ``lab`` template, with the three CDN scripts it would load,
require.js, MathJax and Mermaid, left out, so the pages open offline and fetch nothing) into
``reports/``, regenerates ``figures/`` with a catalogue (file, caption, notebook, corpus
fingerprint, parameters, package version; see :func:`analysis.figures.write_catalogue`) and
writes ``reports/index.html`` showing every figure with its caption, its notebook and its data.
On another corpus everything goes to ``reports/<corpus name>/`` instead and the committed
``figures/`` stay as they are. The practice follows Rule et al. (2019), "Ten simple rules for
writing and sharing computational analyses in Jupyter Notebooks" (rules 7-10: parameterise,
run top to bottom, record dependencies, share the outputs) and Sandve et al. (2013),
"Ten simple rules for reproducible computational research".
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import html
import json
import os
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd

from analysis import __version__
from analysis.figures import read_figure_log, report_context, write_catalogue
from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR, PROJECT_DIR, REPORTS_DIR, SEEDS_DIR

#: Kernel every project notebook names in ``metadata.kernelspec.name``.
KERNEL_NAME = "indo-news-framing"

#: Which notebooks the report runs: two-digit prefix, run in name order.
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"

#: Parameters every notebook's ``parameters`` cell must define.
REQUIRED_PARAMETERS = ("corpus_dir", "figures_dir")

#: Files in a figures folder that a report run owns (stale ones are removed).
FIGURE_SUFFIXES = (".png", ".svg", ".pdf", ".csv")

# nbconvert's lab template minus the scripts it loads from CDNs: no network when viewing.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
"""


class ReportError(RuntimeError):
    """A notebook could not be run or broke a rule of the report; the message says how to fix it."""


@dataclass
class Report:
    """What :func:`run_report` produced.

    Attributes
    ----------
    output_dir : Path
        Folder with the executed notebooks, their HTML and ``index.html``.
    figures_dir : Path
        Folder with the figures, ``catalogue.csv`` and ``README.md``.
    notebooks : list of Path
        The executed notebooks, in run order.
    catalogue : DataFrame
        One row per figure, columns :data:`analysis.figures.CATALOGUE_COLUMNS`.
    seconds : float
        Wall-clock time of the run.
    """

    output_dir: Path
    figures_dir: Path
    notebooks: list[Path]
    catalogue: pd.DataFrame
    seconds: float

    @property
    def index(self) -> Path:
        """The report's front page, ``index.html``."""
        return self.output_dir / "index.html"


def list_notebooks(directory: str | Path | None = None) -> list[Path]:
    """Return the report's notebooks (``NN-name.ipynb``) in ``directory``, in name order."""
    directory = Path(directory) if directory is not None else NOTEBOOKS_DIR
    return sorted(directory.glob(NOTEBOOK_GLOB), key=lambda p: p.name)


def corpus_fingerprint(directory: str | Path) -> str:
    """Return the SHA-256 fingerprint of every file in a corpus folder (manifest included).

    Files are taken recursively, skipping names that start with ``.`` (``.DS_Store``,
    ``.ipynb_checkpoints``), in the order of their relative POSIX paths; for each one the hash
    is fed ``path + NUL + size in bytes (decimal) + NUL + content``. Renaming, editing, adding or
    removing a file changes the fingerprint; dates and the folder's location do not.

    Parameters
    ----------
    directory : path
        The corpus folder.

    Returns
    -------
    str
        ``"sha256:"`` followed by 64 hexadecimal digits.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.txt").write_bytes(b"Korut")
    ...     corpus_fingerprint(folder) == "sha256:" + hashlib.sha256(b"a.txt\\x005\\x00Korut").hexdigest()
    True
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReportError(
            f"Corpus folder {directory} does not exist or is not a folder. "
            "Pass the folder that holds your article files."
        )
    files = sorted(
        (p.relative_to(directory).as_posix(), p)
        for p in directory.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )
    if not files:
        raise ReportError(f"Corpus folder {directory} contains no files. Put the article files there.")
    digest = hashlib.sha256()
    for relative, path in files:
        content = path.read_bytes()
        digest.update(f"{relative}\0{len(content)}\0".encode("utf-8"))
        digest.update(content)
    return "sha256:" + digest.hexdigest()


def check_notebook(path: str | Path) -> list[str]:
    """List what makes a stored notebook break the project's rules (empty list = fine).

    The rules: no outputs and no execution counts (store notebooks stripped, e.g. with
    nbstripout); exactly one code cell tagged ``parameters`` that assigns ``corpus_dir`` and
    ``figures_dir``; no cell of parameters injected by papermill (it would override them);
    ``metadata.kernelspec.name`` is :data:`KERNEL_NAME`; no ``def`` or ``class`` in code
    cells (functions belong in ``analysis/`` with tests).
    """
    import nbformat  # slow to import (jsonschema): only when needed
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path.name}: cell {number} has stored outputs; strip them (nbstripout).")
        if cell.get("execution_count") is not None:
            problems.append(f"{path.name}: cell {number} has an execution count; strip it (nbstripout).")
        kinds = _definitions(cell.source)
        if kinds is None:
            problems.append(f"{path.name}: cell {number} is not valid Python.")
        for kind in kinds or []:
            problems.append(f"{path.name}: cell {number} defines a {kind}; move it to analysis/ with a test.")
    problems += _parameter_problems(nb, path.name)
    if any("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells):
        problems.append(f"{path.name}: has a papermill 'injected-parameters' cell; delete it.")
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != KERNEL_NAME:
        problems.append(f"{path.name}: kernelspec name is {kernel!r}, expected {KERNEL_NAME!r}.")
    return problems


def _definitions(source: str) -> list[str] | None:
    """Kinds of definitions (function, class) in a code cell; None if it does not parse."""
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    kinds = {ast.FunctionDef: "function", ast.AsyncFunctionDef: "function", ast.ClassDef: "class"}
    return [kinds[type(node)] for node in ast.walk(tree) if type(node) in kinds]


def _parameter_problems(nb, name: str) -> list[str]:
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1 or cells[0].cell_type != "code":
        return [f"{name}: needs exactly one code cell tagged 'parameters' (found {len(cells)})."]
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as error:
        return [f"{name}: the parameters cell is not valid Python ({error.msg}, line {error.lineno})."]
    assigned = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    missing = [p for p in REQUIRED_PARAMETERS if p not in assigned]
    if missing:
        return [f"{name}: the parameters cell does not set {', '.join(missing)} (e.g. `corpus_dir = None`)."]
    return []


def report_paths(
    *, corpus_dir: str | Path | None = None, output_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """Return ``(output_dir, figures_dir)`` for a report run.

    On the seeds with no output folder given: ``reports/`` and the committed ``figures/``.
    On another corpus: ``reports/<corpus folder name>/`` and its own ``figures/`` inside.
    With an explicit output folder: that folder and ``<output>/figures``.

    >>> out, figs = report_paths(corpus_dir="/data/kompas-2024")
    >>> (out.parent.name, out.name, figs.relative_to(out).as_posix())
    ('reports', 'kompas-2024', 'figures')
    """
    on_seeds = corpus_dir is None or Path(corpus_dir).resolve() == SEEDS_DIR.resolve()
    if output_dir is not None:
        output = Path(output_dir)
        return output, output / "figures"
    if on_seeds:
        return REPORTS_DIR, FIGURES_DIR
    output = REPORTS_DIR / Path(corpus_dir).resolve().name
    return output, output / "figures"


def notebook_parameters(path: str | Path, overrides: dict | None = None) -> dict:
    """Return the parameters a notebook runs with: its ``parameters`` cell, then ``overrides``.

    Names assigned at the top level of the cell tagged ``parameters`` are read with
    :mod:`ast`; values written as Python literals come back as values (``None``, ``20``,
    ``"tfidf"``), any other expression as its source text.
    """
    import nbformat  # slow to import (jsonschema): only when needed
    nb = nbformat.read(path, as_version=4)
    source = next(c.source for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            target, value = node.target, node.value
        else:
            continue
        try:
            values[target.id] = ast.literal_eval(value)
        except ValueError:
            values[target.id] = ast.get_source_segment(source, value)
    values.update(overrides or {})
    return values


def run_report(
    *,
    corpus_dir: str | Path | None = None,
    output_dir: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    progress: bool = True,
) -> Report:
    """Run every notebook with a fresh kernel; write figures, catalogue and HTML report.

    Parameters
    ----------
    corpus_dir : path, optional
        Corpus folder passed to every notebook as ``corpus_dir``; None = the project's seeds/.
    output_dir : path, optional
        Where executed notebooks, HTML and ``index.html`` go (see :func:`report_paths`).
    notebooks_dir : path, optional
        Folder of ``NN-name.ipynb`` notebooks; defaults to the project's ``notebooks/``.
    progress : bool
        Show which notebook is running (and a cell progress bar on a terminal) on stderr.

    Returns
    -------
    Report

    Raises
    ------
    ReportError
        A notebook is missing its parameters, failed, or saved figures outside the figures
        folder. Figures written before the failure stay, the catalogue is not rewritten.
    """
    started = time.perf_counter()
    notebooks = _notebooks_to_run(notebooks_dir)
    corpus = Path(corpus_dir) if corpus_dir is not None else SEEDS_DIR
    fingerprint = corpus_fingerprint(corpus)
    output, figures = report_paths(corpus_dir=corpus_dir, output_dir=output_dir)
    output.mkdir(parents=True, exist_ok=True)
    figures.mkdir(parents=True, exist_ok=True)
    # The notebooks get absolute paths; the catalogue shows project-relative ones.
    passed = {"corpus_dir": str(corpus.resolve())} if corpus_dir is not None else {}
    shown = {"corpus_dir": _shown(corpus)} if corpus_dir is not None else {}
    executed, logs, pages = [], [], []
    # HTML is rendered in a thread while the next notebook's kernel works (hides nbconvert's
    # slow first import); page.result() re-raises any rendering error.
    with TemporaryDirectory(prefix="report-log-") as scratch, ThreadPoolExecutor(1) as renderer:
        for number, notebook in enumerate(notebooks, start=1):
            _say(progress, f"[{number}/{len(notebooks)}] running {notebook.name}")
            tick, log = time.perf_counter(), Path(scratch) / f"{notebook.stem}.jsonl"
            recorded = notebook_parameters(notebook, shown)
            recorded.pop("figures_dir", None)
            with report_context(notebook=notebook.name, figures_dir=figures, log=log,
                                parameters=recorded, corpus=_shown(corpus),
                                corpus_fingerprint=fingerprint):
                parameters = {**passed, "figures_dir": str(figures.resolve())}
                executed.append(_execute(notebook, output, parameters, progress=progress,
                                         sockets=Path(scratch) / f"{number:02d}"))
            pages.append(renderer.submit(render_html, executed[-1], executed[-1].with_suffix(".html")))
            logs.append(read_figure_log(log))
            _say(progress, f"      done in {time.perf_counter() - tick:.1f} s, "
                           f"{len(logs[-1])} figure(s) saved")
        for page in pages:
            page.result()
    catalogue = _check_records(pd.concat(logs, ignore_index=True), figures)
    _remove_stale(figures, catalogue, progress=progress)
    write_catalogue(catalogue, figures)
    _write_index(output, figures, executed, catalogue, corpus=_shown(corpus), fingerprint=fingerprint)
    seconds = time.perf_counter() - started
    _say(progress, f"Report written to {output / 'index.html'} in {seconds:.1f} s "
                   f"({len(catalogue)} figures in {figures}).")
    return Report(output, figures, executed, catalogue, seconds)


def _notebooks_to_run(notebooks_dir: str | Path | None) -> list[Path]:
    """The notebooks, after checking each can be given the corpus and figures folders."""
    import nbformat  # slow to import (jsonschema): only when needed

    notebooks = list_notebooks(notebooks_dir)
    if not notebooks:
        folder = notebooks_dir or NOTEBOOKS_DIR
        raise ReportError(f"No notebooks named like NN-name.ipynb in {folder}; nothing to run.")
    problems = [p for nb in notebooks for p in _parameter_problems(nbformat.read(nb, 4), nb.name)]
    if problems:
        raise ReportError("Cannot pass the corpus to every notebook:\n  " + "\n  ".join(problems))
    return notebooks


def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


def _shown(path: Path) -> str:
    """A path as the catalogue shows it: relative to the project when inside it."""
    resolved = path.resolve()
    if resolved.is_relative_to(PROJECT_DIR):
        return resolved.relative_to(PROJECT_DIR).as_posix()
    return resolved.as_posix()


def _execute(notebook: Path, output: Path, parameters: dict, *, progress: bool, sockets: Path) -> Path:
    """Run one notebook with papermill in a fresh kernel; write it to ``output``.

    If it fails, its HTML (with the traceback) is written too, and :class:`ReportError` raised.

    On POSIX the kernel talks over Unix sockets named ``<sockets>-1``, ``-2``, ... in the run's
    private scratch folder (nothing listens on the network; unique names, so parallel runs
    cannot cross-talk); elsewhere over TCP on the loopback interface.
    """
    import nbformat
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from papermill.exceptions import PapermillExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from traitlets.config import Config

    executed = output / notebook.name
    # Inject the parameters ourselves: papermill's own check of the parameters cell misreads
    # comments containing "=" (`corpus_dir = None  # None = seeds/`) and warns wrongly.
    nb = parameterize_notebook(load_notebook_node(str(notebook)), parameters)
    nbformat.write(nb, executed)
    bar = {"desc": "      cells", "file": sys.stderr, "leave": False}
    try:
        papermill.execute_notebook(
            str(executed), str(executed), cwd=str(notebook.parent),
            progress_bar=bar if progress and sys.stderr.isatty() else False,
            config=Config({"KernelManager": {"transport": "ipc", "ip": str(sockets)}})
            if os.name == "posix" else Config(),
        )
    except PapermillExecutionError as error:
        render_html(executed, executed.with_suffix(".html"))
        first_line = error.source.strip().splitlines()[0] if error.source.strip() else ""
        raise ReportError(
            f"{notebook.name} failed in the cell starting {first_line!r} ({error.ename}: {error.evalue}). "
            f"The executed notebook with the traceback is {executed.with_suffix('.html')}. "
            "Figures saved before the failure were kept; the catalogue was not updated."
        ) from error
    except NoSuchKernel as error:
        raise ReportError(
            f"{notebook.name} asks for the kernel {error.name!r}, which is not installed. "
            f"Run `make env` (it registers the {KERNEL_NAME!r} kernel)."
        ) from error
    return executed


def render_html(notebook: str | Path, html_path: str | Path) -> Path:
    """Write a self-contained HTML rendering of an executed notebook.

    Uses nbconvert's ``lab`` template with its CSS inlined and images embedded, without the
    require.js, MathJax and Mermaid scripts it would fetch from CDNs: the page needs no network
    (LaTeX in markdown cells is shown as its source).
    """
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file="offline.html.j2",
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
        embed_images=True,
    )
    body, _ = exporter.from_filename(str(notebook))
    html_path = Path(html_path)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def _check_records(records: pd.DataFrame, figures: Path) -> pd.DataFrame:
    """One row per figure; error if a figure left the figures folder or two notebooks share a name."""
    outside = records[records["directory"] != str(figures.resolve())]
    if len(outside):
        row = outside.iloc[0]
        raise ReportError(
            f"{row.notebook} saved the figure {row.figure!r} to {row.directory}, outside the report's "
            f"figures folder {figures}. Call save_figure(..., directory=figures_dir)."
        )
    latest = records.drop_duplicates("figure", keep="last")
    owners = records.groupby("figure")["notebook"].nunique()
    shared = owners[owners > 1]
    if len(shared):
        name = shared.index[0]
        makers = sorted(records.loc[records["figure"] == name, "notebook"].unique())
        raise ReportError(f"The figure name {name!r} is used by {' and '.join(makers)}; rename one.")
    for row in latest[latest["caption"] == ""].itertuples():
        warnings.warn(f"{row.notebook}: figure {row.figure!r} has no caption; "
                      "pass save_figure(..., caption=...).", stacklevel=2)
    return latest.drop(columns="directory").reset_index(drop=True)


def _remove_stale(figures: Path, catalogue: pd.DataFrame, *, progress: bool) -> None:
    """Delete figure files no notebook produced this time (renamed or removed figures)."""
    current = {"catalogue.csv"}
    for row in catalogue.itertuples():
        current.update(row.files.split())
        if row.data:
            current.add(row.data)
    for path in sorted(figures.iterdir()):
        if path.is_file() and path.suffix in FIGURE_SUFFIXES and path.name not in current:
            _say(progress, f"Removing {path}: no notebook makes it any more.")
            path.unlink()


def _notebook_title(path: Path) -> str:
    import nbformat  # slow to import (jsonschema): only when needed
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            return cell.source.strip().splitlines()[0].lstrip("#").strip()
    return path.stem


def _link(target: Path, start: Path) -> str:
    return html.escape(Path(os.path.relpath(target, start)).as_posix(), quote=True)


def _write_index(output: Path, figures: Path, executed: list[Path], catalogue: pd.DataFrame,
                 *, corpus: str, fingerprint: str) -> Path:
    """Write ``index.html``: per notebook, its figures with caption and links to data."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        "<title>Indonesian news framing: report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}"
        "figcaption{margin-top:.4em}code{font-size:90%}</style>", "</head>", "<body>",
        "<h1>Indonesian news framing: report</h1>",
        f"<p>Corpus <code>{esc(corpus)}</code>, fingerprint <code>{esc(fingerprint)}</code>; "
        f"package version {esc(__version__)}. Figure catalogue: "
        f'<a href="{_link(figures / "catalogue.csv", output)}">catalogue.csv</a>.</p>',
    ]
    for notebook in executed:
        rows = catalogue[catalogue["notebook"] == notebook.name].sort_values("figure")
        parts += [
            f'<h2 id="{esc(notebook.stem)}">{esc(_notebook_title(notebook))}</h2>',
            f'<p>Notebook <a href="{_link(notebook.with_suffix(".html"), output)}">'
            f'{esc(notebook.name)}</a> (executed: <a href="{_link(notebook, output)}">.ipynb</a>); '
            f"{len(rows)} figure(s).</p>",
        ]
        for row in rows.itertuples():
            files = row.files.split()
            image = next((f for f in files if f.endswith(".png")), files[0] if files else "")
            links = [f'<a href="{_link(figures / f, output)}">{esc(f)}</a>' for f in files]
            if row.data:
                links.append(f'<a href="{_link(figures / row.data, output)}">data: {esc(row.data)}</a>')
            parts += [
                f'<figure id="{esc(row.figure)}">',
                f'<img src="{_link(figures / image, output)}" alt="{esc(row.caption or row.figure)}">'
                if image else "",
                f"<figcaption><strong>{esc(row.figure)}</strong>. {esc(row.caption)}<br>"
                f"Made by {esc(row.notebook)} with <code>{esc(row.parameters)}</code>. "
                f"{' · '.join(links)}</figcaption>",
                "</figure>",
            ]
    parts += ["</body>", "</html>", ""]
    path = output / "index.html"
    path.write_text("\n".join(p for p in parts if p), encoding="utf-8")
    return path


def register_cli(subparsers) -> None:
    """Add ``python -m analysis report [--corpus DIR] [--output DIR] [--notebooks DIR]``."""
    parser = subparsers.add_parser(
        "report",
        help="re-run every notebook into figures/ and an HTML report in reports/",
        description="Execute every notebooks/NN-*.ipynb with a fresh kernel, regenerate the "
        "figures and their catalogue, and write an HTML report (index.html). Prints one JSON "
        "line with what was written; progress goes to stderr.",
    )
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default: the project's seeds/); results go to "
                        "reports/<folder name>/ and the committed figures/ are left alone")
    parser.add_argument("--output", type=Path, default=None,
                        help="report folder (default: reports/, or reports/<corpus name>/); "
                        "figures then go to <output>/figures")
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder of NN-name.ipynb notebooks (default: the project's notebooks/)")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    # Warnings (e.g. a figure without caption) are shown as plain messages, without the
    # source line Python would print under them.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report = run_report(corpus_dir=args.corpus, output_dir=args.output,
                                notebooks_dir=args.notebooks, progress=not args.quiet)
        except ReportError as error:
            report = error
    for warning in caught:
        print(f"report: warning: {warning.message}", file=sys.stderr)
    if isinstance(report, ReportError):
        print(f"report: {report}", file=sys.stderr)
        return 1
    summary = {
        "index": str(report.index), "figures_dir": str(report.figures_dir),
        "notebooks": [p.name for p in report.notebooks], "figures": len(report.catalogue),
        "seconds": round(report.seconds, 1),
    }
    print(json.dumps(summary))
    return 0
