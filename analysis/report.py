"""Publishing: re-run every notebook into figures and an HTML report, with provenance.

:func:`run_report` executes each ``notebooks/NN-*.ipynb``, every one in a fresh kernel, with
papermill (parameters injected after the cell tagged ``parameters``: the corpus folder and the
figures folder): the first alone (it fills the corpus cache), then the others side by side, one
per CPU core and at most two at a time (``jobs``), since none reads another's output. It writes the executed notebooks and a self-contained HTML
rendering of each (nbconvert's ``lab`` template, with the three CDN scripts it would load,
require.js, MathJax and Mermaid, left out, so the pages open offline and fetch nothing) into
``reports/``, with the figures and a catalogue (file, caption, notebook, corpus fingerprint,
parameters, package version; see :func:`analysis.figures.write_catalogue`) in
``reports/figures/``, and writes ``reports/index.html``: the research question, the main
findings and the limits of the corpus (from notebook cells tagged ``findings`` and ``limits``),
a table of contents, and every figure embedded with its caption, provenance folded away. The
folder is self-contained: copied, moved or zipped (``--zip``), every page still shows every
figure. On the seeds the committed ``figures/`` are updated too; on another corpus everything
goes to ``reports/<corpus name>/`` instead and the committed ``figures/`` stay as they are. A
run builds in a new folder and moves its files into place only when it has completed, holding
a lock so that two runs never mix their files. The practice follows Rule et al. (2019), "Ten simple rules for
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
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
import zipfile
from base64 import b64encode
from collections.abc import Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd

from analysis import __version__
from analysis.cli import positive_int
from analysis.figures import read_figure_log, report_context_variables, write_catalogue
from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR, PROJECT_DIR, REPORTS_DIR, SEEDS_DIR
from analysis.partitions import WORKERS_ENV

#: Kernel every project notebook names in ``metadata.kernelspec.name``.
KERNEL_NAME = "indo-news-framing"

#: Which notebooks the report runs: two-digit prefix, run in name order.
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"

#: Parameters every notebook's ``parameters`` cell must define.
REQUIRED_PARAMETERS = ("corpus_dir", "figures_dir")

#: Files in a figures folder that a report run owns (stale ones are removed).
FIGURE_SUFFIXES = (".png", ".svg", ".pdf", ".csv")

#: Inside an output folder: the lock a run holds, where a failed run's files are kept, the archive.
LOCK_NAME = ".report.lock"
FAILED_RUN = "failed-run"
ARCHIVE_NAME = "report.zip"

# nbconvert's lab template minus the scripts it loads from CDNs (no network when viewing),
# with the parameters cells folded away and tables that scroll sideways when wide.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block extra_css %}
<style>
.report-nav{font-family:sans-serif;font-size:14px;padding:.6em 1em;margin-bottom:1em;
  border-bottom:1px solid #ddd;background:#f7f7f7}
.report-nav a{color:#0645ad;text-decoration:underline}.report-nav ul{margin:.3em 0;padding-left:1.2em}.report-nav li.level-2{margin-left:1em}
.report-nav li.level-3{margin-left:2em}
.jp-OutputArea-output table,.jp-RenderedHTMLCommon table{display:block;overflow-x:auto;max-width:100%}
.jp-OutputArea-output img{max-width:100%;height:auto}
details.report-parameters{margin:.5em 0 .5em 1em;font-family:sans-serif;font-size:13px}
details.report-parameters>summary{cursor:pointer;color:#555}
</style>
{% endblock extra_css %}
{% block codecell %}
{%- set tags = cell.metadata.get('tags', []) -%}
{%- if 'parameters' in tags or 'injected-parameters' in tags -%}
<details class="report-parameters"><summary>{{ 'Parameters of this run' if 'injected-parameters'
 in tags else 'Parameters (defaults)' }}</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock codecell %}
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


def default_jobs(corpus: str | Path) -> tuple[int, str]:
    """How many notebooks run side by side by default, and a sentence saying why.

    One per CPU core, at most 2, unless the corpus files hold more than
    ``report.side_by_side_max_mb`` megabytes (``data/scaling.yaml``): then one at a time,
    since every kernel holds the whole corpus and their memory adds up.

    >>> default_jobs(SEEDS_DIR)[0] == min(2, os.cpu_count() or 1)
    True
    """
    from analysis.adapt import read_scaling

    limit = float(read_scaling()["report"]["side_by_side_max_mb"])
    corpus = Path(corpus)
    files = [corpus] if corpus.is_file() else [p for p in corpus.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    cores = min(2, os.cpu_count() or 1)
    if cores == 1:
        return 1, "Notebooks run one at a time (one CPU core)."
    if size > limit:
        return 1, (f"Notebooks run one at a time: the corpus holds {size:,.0f} MB, more than "
                   f"the {limit:,.0f} MB up to which two kernels run side by side "
                   "(report.side_by_side_max_mb in analysis/data/scaling.yaml; --jobs 2 "
                   "overrides it).")
    return cores, (f"After the first notebook, the others run {cores} at a time (--jobs 1 runs "
                   "them one after another).")


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
    if directory.is_file():  # a table of articles (.csv, .jsonl, .parquet): its name and bytes
        files = [(directory.name, directory)]
    elif not directory.is_dir():
        raise ReportError(
            f"Corpus folder {directory} does not exist or is not a folder. "
            "Pass the folder that holds your article files, or a table of articles."
        )
    else:
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
    corpus = Path(corpus_dir).resolve()
    output = REPORTS_DIR / (corpus.stem if corpus.is_file() else corpus.name)  # export.csv: reports/export/
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
    archive: bool = False,
    jobs: int | None = None,
) -> Report:
    """Run every notebook with a fresh kernel; write figures, catalogue and HTML report.

    The run builds the whole report in a new folder inside the output folder and moves it
    into place only when every notebook has run: a failed run leaves the previous report as
    it was (the failed run is kept in ``<output>/failed-run/``), and a second run into a
    folder another run is writing to is refused, so two runs never mix their files.

    Parameters
    ----------
    corpus_dir : path, optional
        Corpus folder passed to every notebook as ``corpus_dir``; None = the project's seeds/.
    output_dir : path, optional
        Where executed notebooks, HTML, ``index.html`` and the report's own ``figures/`` go
        (see :func:`report_paths`); the folder is self-contained and can be moved or mailed.
    notebooks_dir : path, optional
        Folder of ``NN-name.ipynb`` notebooks; defaults to the project's ``notebooks/``.
    progress : bool
        Show which notebook is running (and a cell progress bar on a terminal) on stderr.
    archive : bool
        Also write ``report.zip`` (the whole report folder) inside the output folder.
    jobs : int, optional
        How many notebooks run at the same time. The first notebook always runs alone (it
        loads the corpus into the cache the others read); the rest then run ``jobs`` at a
        time, each in its own kernel. None = :func:`default_jobs`: one per CPU core, at most
        2, while the corpus is small enough that the kernels' memory stays moderate (every
        kernel holds the whole corpus); on 2 cores this nearly halves the time. 1 runs one at
        a time.

    Returns
    -------
    Report

    Raises
    ------
    ReportError
        The output folder is a file or held by another run, a notebook is missing its
        parameters, failed, or saved figures outside the figures folder.
    """
    started = time.perf_counter()
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ReportError(f"jobs must be a whole number of at least 1, not {jobs!r}.")
    notebooks = _notebooks_to_run(notebooks_dir)
    corpus = Path(corpus_dir) if corpus_dir is not None else SEEDS_DIR
    fingerprint = corpus_fingerprint(corpus)
    if jobs is None:
        jobs, why = default_jobs(corpus)
        _say(progress and len(notebooks) > 2, why)
    output, published = report_paths(corpus_dir=corpus_dir, output_dir=output_dir)
    _check_output_folder(output)
    with _exclusive(output):
        build = Path(tempfile.mkdtemp(prefix=".build-", dir=output))
        try:
            executed, catalogue = _run_notebooks(notebooks, build, corpus, corpus_dir is not None,
                                                 fingerprint, progress=progress, jobs=jobs)
        except BaseException as error:
            failed = _keep_failed_run(build, output)
            if isinstance(error, ReportError):
                page = getattr(error, "page", None)
                where = (f"The executed notebook with the traceback is {failed / page}. " if page
                         else f"This run's files are in {failed}. ")
                raise ReportError(f"{error} {where}The previous report in {output} is "
                                  "unchanged.") from error
            raise
        figures = build / "figures"
        write_catalogue(catalogue, figures)
        _write_index(build, figures, executed, catalogue, corpus=_shown(corpus),
                     fingerprint=fingerprint,
                     seed_notes=Path(corpus).resolve() == SEEDS_DIR.resolve())
        if archive:
            _write_archive(build)
        if published != output / "figures":
            for path in _sync_folder(figures, published, owned=_is_figure_file, move=False):
                _say(progress, f"Removed {path}: no notebook makes it any more.")
        _move_into_place(build, output)
    executed = [output / p.name for p in executed]
    seconds = time.perf_counter() - started
    _say(progress, f"Report written to {output / 'index.html'} in {seconds:.1f} s "
                   f"({len(catalogue)} figures in {published}).")
    return Report(output, published, executed, catalogue, seconds)


def _run_notebooks(notebooks: list[Path], build: Path, corpus: Path, other_corpus: bool,
                   fingerprint: str, *, progress: bool, jobs: int = 1,
                   ) -> tuple[list[Path], pd.DataFrame]:
    """Execute and render each notebook into ``build``; return them and the figure catalogue.

    The first notebook runs alone; the others then run ``jobs`` at a time (threads that each
    drive one kernel process). The first failure stops the run: notebooks not yet started
    are not started, those running are let finish, and the failure is raised.
    """
    figures = build / "figures"
    figures.mkdir()
    # The notebooks get absolute paths; the catalogue shows project-relative ones.
    passed = {"corpus_dir": str(corpus.resolve())} if other_corpus else {}
    shown = {"corpus_dir": _shown(corpus)} if other_corpus else {}
    with TemporaryDirectory(prefix="report-log-") as scratch:

        def run(number: int, notebook: Path) -> tuple[Path, pd.DataFrame]:
            _say(progress, f"[{number}/{len(notebooks)}] running {notebook.name}")
            tick, log = time.perf_counter(), Path(scratch) / f"{notebook.stem}.jsonl"
            recorded = notebook_parameters(notebook, shown)
            recorded.pop("figures_dir", None)
            context = report_context_variables(
                notebook=notebook.name, figures_dir=figures, log=log, parameters=recorded,
                corpus=_shown(corpus), corpus_fingerprint=fingerprint)
            if number > 1 and jobs > 1:  # kernels side by side: each gets its share of cores
                context[WORKERS_ENV] = str(max(1, (os.cpu_count() or 1) // jobs))
            parameters = {**passed, "figures_dir": str(figures.resolve())}
            try:
                path = _execute(notebook, build, parameters, progress=progress and jobs == 1,
                                sockets=Path(scratch) / f"{number:02d}", environment=context)
            finally:
                if threading.current_thread() is not threading.main_thread():
                    _close_thread_event_loop()
            records = read_figure_log(log)
            _say(progress, f"      {notebook.name} done in {time.perf_counter() - tick:.1f} s, "
                           f"{len(records)} figure(s) saved")
            return path, records

        results = [run(1, notebooks[0])] if notebooks else []
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            futures = [pool.submit(run, number, notebook)
                       for number, notebook in enumerate(notebooks[1:], start=2)]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            if any(future.exception() for future in done):
                for future in futures:
                    future.cancel()
            results += [future.result() for future in futures]  # raises the first failure
        executed = [path for path, _ in results]
        # Pages are rendered in a thread each (nbconvert's first import is slow).
        with ThreadPoolExecutor(max(1, jobs)) as renderer:
            pages = []
            for number, path in enumerate(executed):
                neighbours = (executed[number - 1] if number else None,
                              executed[number + 1] if number + 1 < len(executed) else None)
                pages.append(renderer.submit(render_html, path, path.with_suffix(".html"),
                                             neighbours=neighbours))
            for page in pages:
                page.result()
    catalogue = _check_records(pd.concat([records for _, records in results],
                                         ignore_index=True), figures)
    return executed, catalogue


def _check_output_folder(output: Path) -> None:
    """Refuse an output path that is a file, or whose folder cannot be created."""
    if output.exists() and not output.is_dir():
        raise ReportError(f"The report output {output} is a file, not a folder. Pass a folder "
                          "with --output (it is created if missing), e.g. --output reports/mine.")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"Cannot create the report folder {output} ({error.strerror}). "
                          "Pass a folder you can write to with --output.") from error


@contextmanager
def _exclusive(output: Path) -> Iterator[None]:
    """Hold ``<output>/.report.lock`` for the run; refuse if another run holds it."""
    path = output / LOCK_NAME
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            _lock_file(lock)
        except OSError as error:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise ReportError(
                f"Another report run ({holder}) is writing to {output}. Wait until it has "
                "finished, or pass another folder with --output.") from error
        lock.seek(0)
        lock.truncate()
        lock.write(f"process {os.getpid()}\n")
        lock.flush()
        yield


def _lock_file(handle) -> None:
    """Take an exclusive, non-blocking lock on an open file (POSIX fcntl or Windows msvcrt)."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _is_report_entry(path: Path) -> bool:
    """Files and folders of an output folder that a report run writes (and so replaces)."""
    if path.is_dir():
        return path.name in ("figures", FAILED_RUN)
    return path.name in ("index.html", ARCHIVE_NAME) or (
        re.fullmatch(r"[0-9][0-9]-.*\.(ipynb|html)", path.name) is not None)


def _is_figure_file(path: Path) -> bool:
    return path.is_file() and (path.suffix in FIGURE_SUFFIXES or path.name == "README.md")


def _sync_folder(source: Path, target: Path, *, owned, move: bool = True) -> list[Path]:
    """Make ``target`` hold what ``source`` holds; other files ``owned`` says a run writes go.

    Files of ``target`` for which ``owned(path)`` is false (a user's notes) are kept; in
    subfolders, figure files are owned. Each file arrives by one rename (``move``, same file
    system) or copy, so a reader never sees half a file. Returns the paths removed.
    """
    target.mkdir(parents=True, exist_ok=True)
    arriving = {p.name for p in source.iterdir()}
    removed = []
    for path in sorted(target.iterdir()):
        if path.name not in arriving and owned(path):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            removed.append(path)
    same_device = source.stat().st_dev == target.stat().st_dev
    for path in sorted(source.iterdir()):
        destination = target / path.name
        if path.is_dir():
            removed += _sync_folder(path, destination, owned=_is_figure_file, move=move)
        elif move and same_device:
            os.replace(path, destination)
        else:
            copy = destination.with_name(f".{destination.name}.partial")
            shutil.copyfile(path, copy)
            os.replace(copy, destination)
    return removed


def _move_into_place(build: Path, output: Path) -> None:
    """Replace the report in ``output`` by the finished one in ``build``; drop ``build``."""
    stale_failure = output / FAILED_RUN
    if stale_failure.exists():
        shutil.rmtree(stale_failure)
    _sync_folder(build, output, owned=_is_report_entry)
    shutil.rmtree(build, ignore_errors=True)


def _keep_failed_run(build: Path, output: Path) -> Path:
    """Move a failed run's files to ``<output>/failed-run`` (replacing an older one)."""
    failed = output / FAILED_RUN
    if failed.exists():
        shutil.rmtree(failed)
    os.replace(build, failed)
    return failed


def _write_archive(folder: Path) -> Path:
    """Write ``report.zip`` of the report folder, with fixed dates so equal files give equal bytes."""
    path = folder / ARCHIVE_NAME
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in folder.rglob("*") if p.is_file() and p != path):
            info = zipfile.ZipInfo(f"report/{file.relative_to(folder).as_posix()}",
                                   date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())
    return path


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


def _execute(notebook: Path, output: Path, parameters: dict, *, progress: bool, sockets: Path,
             environment: dict[str, str] | None = None) -> Path:
    """Run one notebook with papermill in a fresh kernel; write it to ``output``.

    ``environment`` holds variables added to the kernel's environment (the report context).

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
            kernel_manager_class=_kernel_manager_class(environment or {}),
        )
    except PapermillExecutionError as error:
        render_html(executed, executed.with_suffix(".html"))
        first_line = error.source.strip().splitlines()[0] if error.source.strip() else ""
        failure = ReportError(
            f"{notebook.name} failed in the cell starting {first_line!r} "
            f"({error.ename}: {error.evalue})."
        )
        failure.page = executed.with_suffix(".html").name
        raise failure from error
    except NoSuchKernel as error:
        raise ReportError(
            f"{notebook.name} asks for the kernel {error.name!r}, which is not installed. "
            f"Run `make env` (it registers the {KERNEL_NAME!r} kernel)."
        ) from error
    return executed


def _close_thread_event_loop() -> None:
    """Close the event loop papermill's client opened in this worker thread (else Python warns
    "unclosed event loop" when the thread ends)."""
    import asyncio

    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:  # this thread has none
        return
    if not loop.is_running():
        loop.close()
    asyncio.set_event_loop(None)


def _kernel_manager_class(environment: dict[str, str]):
    """A kernel manager whose kernels get ``environment`` on top of this process's variables.

    Each notebook gets its own variables this way, where setting ``os.environ`` would give
    every notebook running at the same time the last one's."""
    from jupyter_client import AsyncKernelManager

    class ReportKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            kw["env"] = {**kw.get("env", os.environ), **environment}
            return await super().start_kernel(**kw)

    return ReportKernelManager


def render_html(notebook: str | Path, html_path: str | Path, *,
                neighbours: tuple[Path | None, Path | None] = (None, None)) -> Path:
    """Write a self-contained HTML page of an executed notebook, linked to the report index.

    Uses nbconvert's ``lab`` template with its CSS inlined and images embedded, without the
    require.js, MathJax and Mermaid scripts it would fetch from CDNs: the page needs no network
    (LaTeX in markdown cells is shown as its source). A bar at the top links back to
    ``index.html`` and to the previous and next notebooks (``neighbours``) and lists the
    notebook's headings; the parameters cells are folded away; wide tables scroll.
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
    body = body.replace("<main>", "<main>\n" + _page_nav(body, neighbours), 1)
    html_path = Path(html_path)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def _page_nav(body: str, neighbours: tuple[Path | None, Path | None]) -> str:
    """The bar at the top of a notebook page: index, previous and next pages, contents."""
    links = ['<a href="index.html">&larr; Report index</a>']
    for label, path in zip(("previous", "next"), neighbours):
        if path is not None:
            links.append(f'{label}: <a href="{html.escape(path.with_suffix(".html").name)}">'
                         f"{html.escape(path.stem)}</a>")
    headings = re.findall(r'<h([1-3]) id="([^"]*)">(.*?)<a class="anchor-link"', body, re.S)
    toc = "".join(f'<li class="level-{level}"><a href="#{anchor}">{text}</a></li>'
                  for level, anchor, text in headings)
    contents = f"<details><summary>Contents</summary><ul>{toc}</ul></details>" if toc else ""
    return f'<nav class="report-nav">{" · ".join(links)}{contents}</nav>'


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


def _notebook_title(nb, path: Path) -> str:
    """The first line of the first markdown cell, without its ``#`` (Markdown kept)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            return cell.source.strip().splitlines()[0].lstrip("#").strip()
    return path.stem


def _markdown(text: str, *, inline: bool = False) -> str:
    """Markdown to HTML with raw HTML escaped; ``inline`` drops the enclosing paragraph."""
    import mistune

    rendered = mistune.create_markdown(escape=True)(text).strip()
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered


def _tagged(nb, tag: str, *, markdown: bool = True) -> str:
    """HTML of the cells tagged ``tag``: markdown rendered (unless ``markdown=False``), code
    cells by their printed text."""
    parts = []
    for cell in nb.cells:
        if tag not in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "markdown" and markdown:  # its headings sit under the notebook's title
            parts.append(re.sub(r"<(/?)h[1-6]>", r"<\1h4>", _markdown(cell.source)))
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                parts += [f"<p>{html.escape(line)}</p>" for line in output["text"].splitlines()
                          if line.strip()]
    return "\n".join(parts)


def _data_uri(path: Path) -> str:
    kind = {".png": "image/png", ".svg": "image/svg+xml"}.get(path.suffix, "application/octet-stream")
    return f"data:{kind};base64,{b64encode(path.read_bytes()).decode('ascii')}"


_INDEX_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}"
    "figure{margin:1.5em 0}img{max-width:100%;height:auto;border:1px solid #ddd}"
    "figcaption{margin-top:.4em}code{font-size:90%}details{margin:.4em 0}"
    "summary{cursor:pointer;color:#555}nav.toc ol ol{font-size:95%}"
    "table{border-collapse:collapse;display:block;overflow-x:auto}td,th{padding:.1em .6em;"
    "text-align:left;vertical-align:top;border-bottom:1px solid #eee}"
)


def _other_corpus_note(section: str, printed: bool) -> str:
    """What the index says instead of the notebooks' written ``findings``/``limits`` (about the
    seeds) on another corpus; ``printed``: whether printed results for this corpus follow."""
    what = {"findings": "conclusions", "limits": "notes on the limits of the corpus"}[section]
    then = ("what follows is what the notebooks printed for this corpus." if printed else
            f"write this corpus's own in the notebooks' cells tagged <code>{section}</code> "
            "(they are shown here), and read the figures below.")
    return (f"<p>The notebooks' written {what} describe the five seed articles, so they are "
            f"left out here; {then}</p>")


def _write_index(output: Path, figures: Path, executed: list[Path], catalogue: pd.DataFrame,
                 *, corpus: str, fingerprint: str, seed_notes: bool = True) -> Path:
    """Write ``index.html``: question, findings, corpus limits, contents, then every figure.

    Images are embedded as data URIs, so the page shows every figure even when copied alone;
    links to the notebook pages, the SVG and the data files are relative to the report folder.
    With ``seed_notes=False`` (a corpus other than the seeds) markdown cells tagged
    ``findings``/``limits``, written about the seeds, are replaced by a sentence saying so;
    what tagged code cells printed for this corpus is still shown.
    """
    import nbformat  # slow to import (jsonschema): only when needed

    from analysis.resources import read_yaml

    front = read_yaml("report.yaml")
    notebooks = [(path, nbformat.read(path, as_version=4)) for path in executed]
    titles = {path.name: _markdown(_notebook_title(nb, path), inline=True) for path, nb in notebooks}
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{html.escape(front['title'])}</title>", f"<style>{_INDEX_CSS}</style>",
        "</head>", "<body>", f"<h1>{html.escape(front['title'])}</h1>",
        _index_contents(notebooks, titles, catalogue),
        '<h2 id="question">Research question</h2>', _markdown(front["question"]),
        '<h2 id="findings">Main findings</h2>',
    ]
    found = [(path, _tagged(nb, "findings", markdown=seed_notes)) for path, nb in notebooks]
    parts += [] if seed_notes else [_other_corpus_note("findings", any(f for _, f in found))]
    for path, findings in found:
        if findings:
            parts += [f'<h3><a href="{_link(path.with_suffix(".html"), output)}">{titles[path.name]}'
                      "</a></h3>", findings]
    limits = [_tagged(nb, "limits", markdown=seed_notes) for _, nb in notebooks]
    parts += ['<h2 id="corpus">The corpus and its limits</h2>',
              "" if seed_notes else _other_corpus_note("limits", any(limits)),
              *limits,
              "<details><summary>Provenance</summary>",
              f"<p>Corpus <code>{html.escape(corpus)}</code>, fingerprint "
              f"<code>{html.escape(fingerprint)}</code> (SHA-256 of every corpus file: the same "
              f"fingerprint means the same input); package version {html.escape(__version__)}. "
              f'Figure catalogue: <a href="{_link(figures / "catalogue.csv", output)}">'
              "catalogue.csv</a>.</p></details>"]
    number = 0
    for path, nb in notebooks:
        rows = catalogue[catalogue["notebook"] == path.name].sort_values("figure")
        parts += [f'<h2 id="{html.escape(path.stem)}">{titles[path.name]}</h2>',
                  f'<p>Notebook page: <a href="{_link(path.with_suffix(".html"), output)}">'
                  f"{html.escape(path.stem)}</a> (executed notebook: "
                  f'<a href="{_link(path, output)}">{html.escape(path.name)}</a>); '
                  f"{len(rows)} figure(s).</p>"]
        for row in rows.itertuples():
            number += 1
            parts.append(_index_figure(row, number, figures, output))
    parts += ["</body>", "</html>", ""]
    path = output / "index.html"
    path.write_text("\n".join(p for p in parts if p), encoding="utf-8")
    return path


def _index_contents(notebooks, titles: dict, catalogue: pd.DataFrame) -> str:
    items = ['<li><a href="#question">Research question</a></li>',
             '<li><a href="#findings">Main findings</a></li>',
             '<li><a href="#corpus">The corpus and its limits</a></li>']
    for path, _ in notebooks:
        figures = sorted(catalogue.loc[catalogue["notebook"] == path.name, "figure"])
        sub = "".join(f'<li><a href="#{html.escape(f)}">{html.escape(re.sub("[_-]+", " ", f))}</a></li>'
                      for f in figures)
        items.append(f'<li><a href="#{html.escape(path.stem)}">{titles[path.name]}</a>'
                     + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
    return f'<nav class="toc"><h2>Contents</h2><ol>{"".join(items)}</ol></nav>'


def _index_figure(row, number: int, figures: Path, output: Path) -> str:
    """One figure of the index: embedded image, caption, and folded files and parameters."""
    esc = html.escape
    files = row.files.split()
    image = next((f for f in files if f.endswith(".png")), files[0] if files else "")
    links = [f'<a href="{_link(figures / f, output)}">{esc(f)}</a>' for f in files]
    if row.data:
        links.append(f'<a href="{_link(figures / row.data, output)}">data: {esc(row.data)}</a>')
    parameters = json.loads(row.parameters) if row.parameters else {}
    table = "".join(f"<tr><th>{esc(str(k))}</th><td><code>{esc(json.dumps(v, ensure_ascii=False))}"
                    "</code></td></tr>" for k, v in parameters.items())
    return "\n".join([
        f'<figure id="{esc(row.figure)}">',
        f'<img src="{_data_uri(figures / image)}" alt="{esc(row.caption or row.figure)}">'
        if image else "",
        f"<figcaption><strong>Figure {number}.</strong> {_markdown(row.caption, inline=True)}"
        f"<details><summary>Files, data and parameters</summary><p>Made by "
        f"{esc(row.notebook)} (figure <code>{esc(row.figure)}</code>). {' · '.join(links)}</p>"
        f"<table>{table}</table></details></figcaption>",
        "</figure>",
    ])


def _link(target: Path, start: Path) -> str:
    return html.escape(Path(os.path.relpath(target, start)).as_posix(), quote=True)


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
    parser.add_argument("--zip", action="store_true",
                        help="also write report.zip (the whole report folder) inside it")
    parser.add_argument("--jobs", type=positive_int, default=None,
                        help="notebooks run at the same time after the first (default: one "
                        "per CPU core, at most 2; memory adds up across them)")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    # Warnings (e.g. a figure without caption) are shown as plain messages, without the
    # source line Python would print under them.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report = run_report(corpus_dir=args.corpus, output_dir=args.output,
                                notebooks_dir=args.notebooks, progress=not args.quiet,
                                archive=args.zip, jobs=args.jobs)
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
    if args.zip:
        summary["archive"] = str(report.output_dir / ARCHIVE_NAME)
    print(json.dumps(summary))
    return 0
