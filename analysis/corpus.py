"""Load a folder of news page dumps into a table of clean articles with metadata.

A corpus is a folder of ``.txt`` page dumps and ``.html``/``.htm`` saved pages, or a table
of articles (``.csv``, ``.jsonl``, ``.parquet``; see :mod:`analysis.formats`). Each ``.txt``
file holds the text of one article page, boilerplate and all. The loader decodes it (byte-order
mark, UTF-8, or the most plausible legacy code page, reported) and normalises it once
(:func:`analysis.readers.normalise_text`: NFC, Unicode spaces to a space, zero-width
characters, soft hyphens and bidi marks removed, U+2028/U+2029 as line breaks, full-width
ASCII to plain letters), so line texts, bodies and KWIC offsets all refer to that one
normalised text; it labels every line with :mod:`analysis.clean`,
and assembles one row per article: headline, dateline (parsed to a time-zone-aware
timestamp; WIB = UTC+7, WITA = UTC+8, WIT = UTC+9), reporter, credit line, cited sources,
captions and body paragraphs. A hand-curated ``manifest.csv`` in the folder is the source of
truth for metadata a page dump does not state reliably; extraction only fills what the
manifest leaves empty and never invents a value (a copyright year is not a publication date,
and "Kamis (12/10)" has no year). Every input line is kept or dropped with a reason, in the
line table returned by :func:`read_corpus`, including the files the loader skipped (label
``skipped``, with the file's reason) and the lines of files it left out (duplicates, no body:
none kept). Files are read only inside the corpus folder: symbolic links that point outside,
dangling links and link loops are refused. Problems with input files (and with the manifest:
encoding, quoting, duplicate rows, dates that are not ISO 8601) are :class:`Problem` records,
warned about (naming the file or manifest line and what to do; summarised per kind when there
are many) and never stop the other files from loading, unless ``strict=True``.

The work on one file is one function, :func:`read_file` (path -> article or None, line rows,
problems); a corpus is :func:`read_partition` mapped over partitions of the file list,
each partition packed as tables (:class:`Partition`: its articles and line account as
DataFrames, so a worker process returns a few arrays rather than a dict per line), followed
by a cheap merge, :func:`merge_partitions` (duplicate bodies, problem summaries, the tables
concatenated).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import posixpath
import re
import sys
import warnings
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean import KEPT, classify_lines, load_rules
from analysis.dates import copyright_year, infer_date
from analysis.paths import SEEDS_DIR
from analysis.prechecks import fold, searcher
from analysis.quotes import news_source_variants, source_alternation, source_patterns
from analysis.readers import TABLE_SUFFIXES, decode_bytes, looks_like_html, normalise_text
from analysis.tokens import Tokenizer

#: Columns of the article table, in order.
ARTICLE_COLUMNS = [
    "doc_id", "file", "outlet", "domain", "url", "title", "published", "published_inferred",
    "published_inferred_reason", "reporter", "credit", "place", "sources", "captions",
    "paragraphs", "body", "n_tokens",
]
#: Columns of the line table (one row per input line).
LINE_COLUMNS = ["doc_id", "file", "line_no", "label", "kept", "reason", "text"]
MANIFEST_COLUMNS = ["file", "outlet", "domain", "url", "title", "published", "reporter", "notes"]

WIB = timezone(timedelta(hours=7), "WIB")
PROGRESS_THRESHOLD = 200  # files; larger corpora show a progress bar on stderr
#: Suffixes of article files in a corpus folder (page text, saved pages).
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
PARTITION_SIZE = 256  # files per partition of the read (see read_partition)


class CorpusWarning(UserWarning):
    """A problem with one input file; the other files still load."""


class CorpusError(ValueError):
    """A problem that stops the load (a missing folder, or any problem in strict mode)."""


@dataclass(frozen=True)
class Problem:
    file: str
    kind: str
    message: str
    detail: str = ""  # e.g. the unlisted domain of a file with no outlet


@dataclass
class CorpusReading:
    """What :func:`read_corpus` returns: articles, the line account and the problems."""

    articles: pd.DataFrame
    lines: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    def account(self) -> pd.DataFrame:
        """Lines per file and label: what was kept and what was dropped (and why)."""
        return (
            self.lines.assign(reason=self.lines["reason"].where(~self.lines["kept"], ""))
            .groupby(["file", "label", "kept", "reason"], sort=True)
            .size()
            .rename("lines")
            .reset_index()
        )


def load_corpus(directory: str | Path | None = None, *, cache: bool | str | Path = False,
                **options) -> pd.DataFrame:
    """Load a folder of article text files into a DataFrame, one row per article.

    Parameters
    ----------
    directory : path, optional
        The folder of ``.txt`` files (searched recursively); the project's ``seeds/`` by default.
    cache : bool or path
        ``True`` stores the table on the first load and reads it back on later ones (in the
        project's ``cache/``, or the folder given), until an input file, a data file in
        ``analysis/data`` or the package changes: see :mod:`analysis.cache`. The notebooks
        load with ``cache=True``.
    **options
        Passed to :func:`read_corpus` (``manifest``, ``strict``, ``progress``, ``workers``).

    Returns
    -------
    DataFrame
        Columns (:data:`ARTICLE_COLUMNS`): ``doc_id`` (file path without ``.txt``), ``file``,
        ``outlet``, ``domain``, ``url``, ``title``, ``published`` (timestamp in WIB, UTC+7;
        NaT when unknown), ``reporter``, ``credit`` (e.g. "(Aljazeera/Z-9)"), ``place`` (the
        dateline place, e.g. "MOSKOW"), ``sources`` (list of agencies and media cited or
        credited), ``captions`` (list), ``paragraphs`` (list, subheadings included),
        ``body`` (paragraphs joined by blank lines), ``n_tokens`` (tokens in the body).

    Examples
    --------
    >>> articles = load_corpus()
    >>> sorted(articles["outlet"])
    ['Kontan', 'Media Indonesia', 'RMOL', 'Tempo', 'VOA Indonesia']
    """
    if cache is not False:
        from analysis.cache import load_cached

        return load_cached(directory, cache=cache, **options)
    return read_corpus(directory, **options).articles


def read_corpus(
    directory: str | Path | None = None,
    *,
    manifest: str | Path | None = "auto",
    strict: bool = False,
    progress: bool | None = None,
    workers: int | None = None,
) -> CorpusReading:
    """Load articles and account for every input line.

    The work is a map and a merge: :func:`read_partition` reads a list of files (each with
    :func:`read_file`, which needs nothing from the other files) into a :class:`Partition`,
    and :func:`merge_partitions` puts the partitions together, leaving out duplicate bodies,
    summarising the problems and concatenating the partitions' tables.
    A cluster engine or a cache can map :func:`read_partition` over partitions unchanged.

    Parameters
    ----------
    directory : path, optional
        A folder of ``.txt`` page dumps and ``.html``/``.htm`` saved pages (searched
        recursively), or a table file (``.csv``, ``.jsonl``, ``.parquet``) with one article
        per row; the project's ``seeds/`` by default.
    manifest : "auto", path or None
        ``"auto"`` reads ``manifest.csv`` in the folder when there is one.
    strict : bool
        Raise :class:`CorpusError` at the first problem instead of warning and going on.
    progress : bool, optional
        Show a progress bar (on stderr; a widget in a notebook when ipywidgets is installed);
        by default only for more than 200 files, and never in a notebook run by the report.
    workers : int, optional
        Processes reading partitions in parallel. By default one per CPU core (at most
        :data:`MAX_WORKERS`) for :data:`POOL_THRESHOLD` files or more on Linux, else 1 (no
        pool). The result does not depend on it. Strict mode reads in this process, to stop
        at the first problem.

    Returns
    -------
    CorpusReading
        ``articles`` (see :func:`load_corpus`), ``lines`` (one row per input line: ``doc_id``,
        ``file``, ``line_no`` (1-based; 0 for a file with no readable lines), ``label``,
        ``kept``, ``reason``, ``text``, the normalised text) and ``problems``.
    """
    source = _corpus_path(directory)
    if source.is_file():
        from analysis.formats import read_table_partitions

        return merge_partitions(read_table_partitions(source), strict=strict)
    found: list[Problem] = []
    files, names, skipped = _list_files(source, found.append)
    if not files:
        raise CorpusError(f"Corpus folder {source} has no .txt or .html files. Put one article "
                          "per file (page text as .txt, or the saved page as .html).")
    rows = _read_manifest(source, manifest, names, found.append)
    if strict and found:
        _raise(found[0])
    read = [pack_partition([_skipped_reading(path, source, problem) for path, problem in skipped])]
    workers = 1 if strict else _default_workers(len(files)) if workers is None else workers
    parts = _read_partitions(partitions(files), partitions(names), folder=source, rows=rows,
                             workers=workers)
    for part in _progress(parts, progress, total=len(files)):
        read.append(part)
        if strict and any(part.problems):
            break
    return merge_partitions(read, problems=found, strict=strict, by_file=True)


#: Files from which :func:`read_corpus` reads in a process pool by default.
POOL_THRESHOLD = 1000
#: Largest default number of processes.
MAX_WORKERS = 8


def _default_workers(n_files: int) -> int:
    """One process per core on Linux for large corpora; elsewhere 1 (see :func:`_pool_context`)."""
    if n_files < POOL_THRESHOLD or not sys.platform.startswith("linux"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS))


def _read_partitions(parts: list[list[Path]], names: list[list[str]], *, folder: Path,
                     rows: dict, workers: int):
    """Yield the readings of each partition in order, from a process pool when ``workers`` > 1.

    Each task carries its files' names and only its partition's manifest rows. Warnings
    raised while parsing in a worker (e.g. a manifest date that is not ISO 8601) are sent back
    and raised here, in order.
    """
    tasks = [(part, part_names, {rel: rows[rel] for rel in part_names if rel in rows})
             for part, part_names in zip(parts, names)]
    if workers <= 1 or len(parts) <= 1:
        for part, part_names, part_rows in tasks:
            yield read_partition(part, folder=folder, manifest_rows=part_rows, names=part_names)
        return
    from concurrent.futures import ProcessPoolExecutor

    _prepare_parsing()  # once here, before the fork, instead of once in every worker
    with ProcessPoolExecutor(min(workers, len(parts)), mp_context=_pool_context()) as pool:
        for part, caught in pool.map(_partition_job, tasks, [folder] * len(tasks)):
            for category, message in caught:
                warnings.warn(message, category, stacklevel=4)
            yield part


def _prepare_parsing() -> None:
    """Read and compile what parsing a file needs (cleaning rules and their pre-checked lists,
    the outlet table, the token counter, date words, the news-source index), which forked
    workers then inherit instead of each building it again."""
    from analysis.clean import _lists
    from analysis.dates import date_words
    from analysis.outlets import _text_rules, load_outlets

    _lists(load_rules())
    _text_rules(load_outlets())
    _counting_tokenizer()
    date_words()
    _first_words()


def _pool_context():
    """Fork on Linux: workers start at once and never re-run the caller's script or notebook.

    "spawn" and "forkserver" import the caller's main module again in every worker, which
    runs a script without an ``if __name__ == "__main__":`` guard twice; where fork is not
    offered (Windows) or not safe (macOS) a pool is used only when asked for, with spawn."""
    from multiprocessing import get_context

    return get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _partition_job(task, folder: Path):
    """:func:`read_partition` in a worker process, returning the warnings it raised too."""
    part, part_names, part_rows = task
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        packed = read_partition(part, folder=folder, manifest_rows=part_rows, names=part_names)
    return packed, [(w.category, str(w.message)) for w in caught]


def _corpus_path(directory) -> Path:
    if directory is None:
        return SEEDS_DIR
    if str(directory).strip() == "":
        raise CorpusError("The corpus path is empty. Pass a folder of article files or a table "
                          "file (.csv, .jsonl, .parquet); leave it out to use the seeds.")
    path = Path(directory)
    if path.is_dir():
        return path
    if path.is_file():
        if path.suffix.lower() in TABLE_SUFFIXES:
            return path
        raise CorpusError(f"{path} is a file, not a corpus folder. Pass the folder that holds it, "
                          "or a table of articles (.csv, .jsonl, .parquet).")
    raise CorpusError(f"Corpus folder {path} does not exist. Pass a folder of .txt/.html files "
                      "or a table file (.csv, .jsonl, .parquet).")


@dataclass
class FileReading:
    """What reading one input file gives, independent of every other file.

    ``article`` is a dict with the :data:`ARTICLE_COLUMNS` (None when the file gives no
    article), ``lines`` its rows of the line account (:data:`LINE_COLUMNS`), ``problems``
    what went wrong with it and ``digest`` the SHA-1 of the article body (for duplicates).
    """

    file: str
    article: dict | None
    lines: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""


def partitions(files: list[Path], size: int = PARTITION_SIZE) -> list[list[Path]]:
    """Split the file list into consecutive partitions of at most ``size`` files.

    >>> [len(p) for p in partitions([Path(f"{i}.txt") for i in range(5)], size=2)]
    [2, 2, 1]
    """
    return [files[start:start + size] for start in range(0, len(files), size)]


def read_partition(paths: list[Path], *, folder: Path, manifest_rows: dict[str, dict],
                   names: list[str] | None = None) -> Partition:
    """Read a partition of files (:func:`read_file` on each, in order) into a compact
    :class:`Partition`: its articles and lines as tables, not one Python dict per line.

    ``names`` are the files' paths relative to ``folder``, ``/``-separated (computed when
    not given)."""
    if names is None:
        names = [path.relative_to(folder).as_posix() for path in paths]
    readings = [read_file(path, file=rel, manifest_row=manifest_rows.get(rel, {}))
                for path, rel in zip(paths, names)]
    return pack_partition(readings)


@dataclass
class Partition:
    """The readings of a partition of files, packed: per-file facts in lists (one item per
    file, in reading order), the articles and the line account as DataFrames.

    ``articles`` holds one row per file with an article (:data:`ARTICLE_COLUMNS`), ``lines``
    every line row (:data:`LINE_COLUMNS`), files one after the other, ``n_lines[i]`` rows for
    ``files[i]``. A worker process returns this: a few arrays to pickle instead of a dict per
    line, and the merge concatenates tables (:func:`merge_partitions`).
    """

    files: list[str]
    problems: list[list[Problem]]
    outlets: list[str | None]  # the article's outlet; None for a file without an article
    digests: list[str]
    n_lines: list[int]
    articles: pd.DataFrame
    lines: pd.DataFrame

    def __len__(self) -> int:
        return len(self.files)


def pack_partition(readings: list[FileReading]) -> Partition:
    """Pack a list of :class:`FileReading` into one :class:`Partition`.

    >>> part = pack_partition([_skipped("a.txt", Problem("a.txt", "empty", "empty file"))])
    >>> len(part), part.n_lines, list(part.lines["label"]), len(part.articles)
    (1, [1], ['skipped'], 0)
    """
    articles = [reading.article for reading in readings if reading.article is not None]
    return Partition(
        files=[reading.file for reading in readings],
        problems=[reading.problems for reading in readings],
        outlets=[reading.article["outlet"] if reading.article is not None else None
                 for reading in readings],
        digests=[reading.digest for reading in readings],
        n_lines=[len(reading.lines) for reading in readings],
        articles=article_table(articles),
        lines=_line_table([row for reading in readings for row in reading.lines]),
    )


def _line_table(rows: list[dict]) -> pd.DataFrame:
    """Line rows as a table (:data:`LINE_COLUMNS`): ``pd.DataFrame(rows, columns=...)``, built
    from one list per column (pandas infers each column from the same values)."""
    if not rows:
        return pd.DataFrame(rows, columns=LINE_COLUMNS)
    return pd.DataFrame({column: [row[column] for row in rows] for column in LINE_COLUMNS})


def article_table(articles: list[dict]) -> pd.DataFrame:
    """The article records as a table: :data:`ARTICLE_COLUMNS`, times in WIB."""
    table = pd.DataFrame(articles, columns=ARTICLE_COLUMNS)
    for column in ("published", "published_inferred"):
        table[column] = pd.Series(
            [stamp.tz_convert(WIB) if stamp is not None else pd.NaT for stamp in table[column]],
            dtype=pd.DatetimeTZDtype(tz=WIB), index=table.index,
        )
    return table


def read_file(path: Path, *, file: str, manifest_row: dict | None = None) -> FileReading:
    """Read, decode, normalise and parse one page dump or saved page.

    Parameters
    ----------
    path : Path
        The file to read (``.txt`` page text, or ``.html``/``.htm``; a ``.txt`` that is in
        fact an HTML document is read as one).
    file : str
        Its name in the corpus (path relative to the corpus folder, ``/``-separated).
    manifest_row : dict, optional
        The file's row of the manifest.

    Returns
    -------
    FileReading
        ``article`` is None when the file was skipped or has no article body; every line of
        the file is in ``lines`` either way.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return _skipped(file, Problem(file, "unreadable", f"cannot be read ({error.strerror or error}); "
                                      "check its permissions, or move it out of the corpus folder"))
    decoded = decode_bytes(data)
    problems = [Problem(file, *decoded.problem)] if decoded.problem else []
    if decoded.text is None:
        return _skipped(file, problems[0])
    text = normalise_text(decoded.text)
    if not text.strip():
        return _skipped(file, Problem(file, "empty", "empty file, skipped"), text, problems)
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
        from analysis.formats import parse_html

        return parse_html(text, file=file, manifest_row=manifest_row or {}, problems=problems)
    article, line_rows = parse_article(text, file=file, manifest_row=manifest_row)
    return finish_reading(file, article, line_rows, problems)


def finish_reading(file: str, article: dict, line_rows: list[dict], problems: list[Problem]
                   ) -> FileReading:
    """Check a parsed article (body, outlet) and digest its body: the end of every reader."""
    report = _collector(problems, file)
    if not line_rows:  # e.g. a saved page with no visible text: the file is still accounted for
        line_rows = [{"doc_id": article["doc_id"], "file": file, "line_no": 0, "label": "skipped",
                      "kept": False, "reason": "no visible text", "text": ""}]
    if not article["paragraphs"]:
        message = ("no article body was detected; check that the file holds an article's page "
                   "text, or add a boilerplate rule to analysis/data/outlets.yaml")
        report("no body", message)
        return FileReading(file, None, _drop_lines(line_rows, "file left out: no article body"), problems)
    if article["outlet"] == "unknown":
        domain = article["domain"]
        report("unknown outlet", f"no outlet: its domain {domain} is not in analysis/data/outlets.yaml"
               if domain else "no outlet: no web address, and the page does not name its outlet",
               domain)
    digest = hashlib.sha1(article["body"].encode("utf-8")).hexdigest()
    return FileReading(file, article, line_rows, problems, digest)


def _drop_lines(line_rows: list[dict], reason: str) -> list[dict]:
    """The line rows of a file left out: none kept; kept lines get the file's reason."""
    return [{**row, "kept": False, "reason": row["reason"] if not row["kept"] else reason}
            for row in line_rows]


def _skipped(file: str, problem: Problem, text: str | None = None,
             other: list[Problem] | None = None) -> FileReading:
    """The reading of a skipped file: each of its lines (or one row) with the file's reason."""
    doc_id = doc_id_of(file)
    base = {"doc_id": doc_id, "file": file, "label": "skipped", "kept": False,
            "reason": f"file skipped: {problem.message}"}
    lines = text.split("\n") if text else []
    if lines and lines[-1] == "" and len(lines) > 1:
        lines = lines[:-1]
    rows = ([{**base, "line_no": number, "text": line} for number, line in enumerate(lines, start=1)]
            or [{**base, "line_no": 0, "text": ""}])
    return FileReading(file, None, rows, [*(other or []), problem])


def _skipped_reading(path: Path, folder: Path, problem: Problem) -> FileReading:
    """A file the listing refused (link outside, not an article file): its lines, if safe."""
    text = None
    if problem.kind == "not text":  # a regular file inside the folder: account for its lines
        try:
            decoded = decode_bytes(path.read_bytes())
            text = normalise_text(decoded.text) if decoded.text is not None else None
        except OSError:
            text = None
    reading = _skipped(problem.file, problem, text)
    reading.problems = []  # reported by the listing already
    return reading


def merge_readings(readings: list[FileReading], *, problems: list[Problem] | None = None,
                   strict: bool = False) -> CorpusReading:
    """:func:`merge_partitions` of readings in the order given (e.g. the rows of a table)."""
    return merge_partitions([pack_partition(readings)], problems=problems, strict=strict)


def merge_partitions(parts: list[Partition], *, problems: list[Problem] | None = None,
                     strict: bool = False, by_file: bool = False) -> CorpusReading:
    """Put the partitions together into one :class:`CorpusReading`.

    Files are taken in the order of the partitions, or sorted by name when ``by_file``.
    The first file with a given body *from the same outlet* is kept and later copies are left
    out (a "duplicate" problem; none of their lines is kept): a page saved twice. The same body
    under different outlets is syndicated copy, not a duplicate file: every copy is kept, and
    :func:`analysis.syndication.mark_copies` clusters them. ``problems`` found before reading (listing,
    manifest) come first. Problems are warned about (summarised per kind when there are many),
    or the first raises in strict mode. The tables are the partitions' tables concatenated
    (rows of left-out files dropped, rows reordered only when the partitions' order is not the
    files' order), so the merge holds no per-line Python objects.
    """
    problems = list(problems or [])
    order = [(p, i) for p, part in enumerate(parts) for i in range(len(part))]
    if by_file:
        order.sort(key=lambda item: parts[item[0]].files[item[1]])
    kept_articles, left_out, seen = [], {}, {}
    for p, i in order:
        part = parts[p]
        problems.extend(part.problems[i])
        if part.outlets[i] is None:
            continue
        key = (part.outlets[i], part.digests[i])
        if key in seen:
            problems.append(Problem(part.files[i], "duplicate",
                                    f"same body as {seen[key]}; this copy is left out"))
            left_out[(p, i)] = f"file left out: same body as {seen[key]}"
            continue
        seen[key] = part.files[i]
        kept_articles.append((p, i))
    if strict and problems:
        _raise(problems[0])
    _warn(problems)
    lines = _merged_lines(parts, order, left_out)
    return CorpusReading(_merged_articles(parts, kept_articles), lines, problems)


def _merged_lines(parts: list[Partition], order, left_out: dict) -> pd.DataFrame:
    """The partitions' line tables, files in ``order``; left-out files keep no line."""
    starts = [np.concatenate([[0], np.cumsum(part.n_lines)]).astype(np.int64) for part in parts]
    tables = []
    for p, part in enumerate(parts):
        table = part.lines
        dropped = [(starts[p][i], starts[p][i + 1], reason) for (q, i), reason in left_out.items()
                   if q == p]
        if dropped:
            table = _drop_rows(table, dropped)
        tables.append(table)
    rows = [(p, starts[p][i], starts[p][i + 1]) for p, i in order]
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in tables])]).astype(np.int64)
    take = np.concatenate([np.arange(offsets[p] + a, offsets[p] + b) for p, a, b in rows]) \
        if rows else np.zeros(0, dtype=np.int64)
    return _concat(tables, take, LINE_COLUMNS)


def _drop_rows(table: pd.DataFrame, dropped) -> pd.DataFrame:
    """The line rows of left-out files (row ranges): none kept; kept ones get the file's reason."""
    table = table.copy()
    kept = table["kept"].to_numpy(copy=True)
    reasons = table["reason"].to_numpy(dtype=object, copy=True)
    for start, stop, reason in dropped:
        reasons[start:stop][kept[start:stop]] = reason
        kept[start:stop] = False
    table["reason"] = pd.Series(reasons, index=table.index, dtype=table["reason"].dtype)
    table["kept"] = kept
    return table


def _merged_articles(parts: list[Partition], kept: list[tuple[int, int]]) -> pd.DataFrame:
    """The articles of the files in ``kept`` ((partition, file) pairs), in that order."""
    rows = []  # each partition's article row of each of its files (-1: no article)
    for part in parts:
        has = np.array([outlet is not None for outlet in part.outlets], dtype=bool)
        rows.append(np.where(has, np.cumsum(has) - 1, -1))
    tables = [part.articles for part in parts]
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in tables])]).astype(np.int64)
    take = np.array([offsets[p] + rows[p][i] for p, i in kept], dtype=np.int64)
    if not len(take):
        return article_table([])
    return _concat(tables, take, ARTICLE_COLUMNS)


def _concat(tables: list[pd.DataFrame], take: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Rows ``take`` of the tables stacked: concatenated (and reordered only when ``take`` is
    not every row in order), each column with the dtype one table of all the rows would have."""
    tables = [table for table in tables if len(table)]
    dtypes = {column: set() for column in columns}
    for table in tables:  # table.dtypes: one call per table, not a look-up per column and table
        for column, dtype in table.dtypes.items():
            if column in dtypes:
                dtypes[column].add(str(dtype))
    mixed = [column for column, found in dtypes.items() if len(found) > 1]
    if mixed:  # e.g. a column all None in one partition: infer from all the values together
        values = {column: [v for table in tables for v in table[column].astype(object).tolist()]
                  for column in mixed}
        tables = [table.drop(columns=mixed) for table in tables]
    stacked = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    for column in mixed:
        stacked[column] = pd.DataFrame({column: values[column]})[column]
    if len(take) != len(stacked) or not np.array_equal(take, np.arange(len(stacked))):
        stacked = stacked.take(take)
    return stacked[columns].reset_index(drop=True)


#: Problem kinds common in a large user corpus: always warned about once per kind.
SUMMARISED = ("no manifest row", "unknown outlet")
#: Any other kind with more problems than this is also summarised instead of listed.
SUMMARY_THRESHOLD = 5


def _collector(problems: list[Problem], file: str):
    def report(kind: str, message: str, detail: str = "") -> None:
        problems.append(Problem(file, kind, message, detail))
    return report


def _raise(problem: Problem):
    raise CorpusError(f"{problem.file}: {problem.message}")


def _warn(problems: list[Problem]) -> None:
    """Warn (as :class:`CorpusWarning`) with each message of :func:`problem_messages`."""
    for text in problem_messages(problems):
        warnings.warn(text, CorpusWarning, stacklevel=4)


def problem_messages(problems: list[Problem]) -> list[str]:
    """One message per problem ("file: message"), but one per kind for :data:`SUMMARISED` and
    for any kind with more than :data:`SUMMARY_THRESHOLD` problems ("26 file(s): no outlet; add
    these domains to ...", "800 file(s): empty file, skipped (a.txt, ...)").

    >>> problem_messages([Problem(f"{i}.txt", "empty", "empty file, skipped") for i in range(7)])
    ['7 file(s): empty file, skipped (0.txt, 1.txt, 2.txt, 3.txt, 4.txt and 2 more)']
    """
    by_kind: dict[str, list[Problem]] = {}
    for problem in problems:
        by_kind.setdefault(problem.kind, []).append(problem)
    grouped = {kind for kind, group in by_kind.items()
               if kind in SUMMARISED or len(group) > SUMMARY_THRESHOLD}
    messages = [f"{p.file}: {p.message}" for p in problems if p.kind not in grouped]
    for kind in [*SUMMARISED, *by_kind]:
        if kind not in grouped or kind not in by_kind:
            continue
        grouped.discard(kind)
        group = by_kind[kind]
        files = [p.file for p in group]
        shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        message = _unknown_outlets(group) if kind == "unknown outlet" else group[0].message
        messages.append(f"{len(files)} file(s): {message} ({shown})")
    return messages


def _unknown_outlets(problems: list[Problem]) -> str:
    """One sentence for all files with no outlet: the domains to add, and what else to do."""
    from collections import Counter

    domains = Counter(p.detail for p in problems if p.detail)
    parts = []
    if domains:
        listed = ", ".join(f"{d} ({n})" for d, n in domains.most_common(10))
        more = f" and {len(domains) - 10} more" if len(domains) > 10 else ""
        parts.append(f"add these domains to analysis/data/outlets.yaml: {listed}{more}")
    without = len(problems) - sum(domains.values())
    if without:
        parts.append(f"give the {without} file(s) without a web address a url or outlet column "
                     "in manifest.csv (or the outlet's self-signature to outlets.yaml)")
    return "no outlet; " + "; ".join(parts)


def _list_files(folder: Path, report) -> tuple[list[Path], list[str], list[tuple[Path, Problem]]]:
    """Article files under ``folder``, their names in the corpus (paths relative to ``folder``,
    ``/``-separated) and the files refused, each with its problem.

    Hidden names (``.git``, ``.DS_Store``) are not corpus files. A symbolic link is read only
    when it resolves to a file inside the folder; links pointing outside, dangling links and
    link loops are refused with a problem, and linked folders are not followed.
    """
    root = folder.resolve()
    files, names, skipped = [], [], []
    for entry, path, rel in _walk(folder):
        problem = _link_problem(path, rel, root) if entry.is_symlink() else None
        if problem is None and entry.is_symlink() and entry.is_dir():
            problem = Problem(rel, "linked folder", "a link to a folder, not followed (its files "
                              "are read where they are, if they are inside the corpus folder)")
        if problem is None and not entry.is_file():
            continue
        if problem is None and path.suffix.lower() not in ARTICLE_SUFFIXES:
            if rel == "manifest.csv":
                continue
            problem = Problem(rel, "not text", f"not an article file ({path.suffix or 'no suffix'}), "
                              "skipped; save each article's page text as .txt or the page as .html")
        if problem is None:
            files.append(path)
            names.append(rel)
        else:
            report(problem)
            skipped.append((path, problem))
    return files, names, skipped


def _walk(folder: Path, prefix: str = ""):
    """``(os.DirEntry, Path, name relative to the corpus folder)`` of every entry under
    ``folder``, as :func:`os.walk` visits them (top down, not following linked folders, a
    folder it cannot read left out), each folder's files and linked folders sorted by name
    before its sub-folders, hidden names skipped.

    The directory entries answer "link? file? folder?" from what the folder listing already
    says, without one ``stat`` call per file and question.
    """
    try:
        with os.scandir(folder) as listing:
            entries = [entry for entry in listing if not entry.name.startswith(".")]
    except OSError:
        return
    folders = sorted((entry for entry in entries if _is_dir(entry)), key=lambda entry: entry.name)
    shown = [entry for entry in entries if not _is_dir(entry) or entry.is_symlink()]
    for entry in sorted(shown, key=lambda entry: entry.name):
        yield entry, folder / entry.name, prefix + entry.name
    for entry in folders:
        if not entry.is_symlink():
            yield from _walk(folder / entry.name, prefix + entry.name + "/")


def _is_dir(entry: os.DirEntry) -> bool:
    """Whether an entry is a folder or a link to one, as :func:`os.walk` decides."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _link_problem(path: Path, rel: str, root: Path) -> Problem | None:
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return Problem(rel, "dangling link", "a symbolic link to nothing (its target "
                       f"{os.readlink(path)} does not exist), skipped")
    except (RuntimeError, OSError):
        return Problem(rel, "link loop", "a symbolic link that loops back on itself, skipped")
    if not target.is_relative_to(root):
        return Problem(rel, "outside", f"a symbolic link to {target}, outside the corpus folder; "
                       "not read. Copy the file into the folder if it belongs to the corpus")
    return None


def _progress(parts, progress, *, total: int):
    show = progress if progress is not None else total > PROGRESS_THRESHOLD and not _in_report_run()
    return _with_bar(parts, total) if show else parts


def _in_report_run() -> bool:
    """True inside a notebook that ``python -m analysis report`` executes: nobody watches a bar
    there, and its text on stderr would show in the report as a red block."""
    from analysis.figures import REPORT_CONTEXT_ENV  # lazily: figures imports matplotlib

    return os.environ.get(REPORT_CONTEXT_ENV) is not None


def _with_bar(parts, total: int):
    bar = _progress_bar()(total=total, desc="Loading articles", unit="file", file=sys.stderr)
    for part in parts:
        yield part
        bar.update(len(part))
    bar.close()


def _progress_bar():
    """tqdm.auto's bar (a widget in a notebook) when ipywidgets is installed, else text on stderr.

    Without ipywidgets, tqdm.auto would warn in a notebook and fall back to text anyway."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


#: Manifest dates before this are refused as out of range (online news in Indonesia began in
#: the mid-1990s); dates after the day of loading are refused too.
EARLIEST_DATE = "1990-01-01"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})")


def _read_manifest(folder: Path, manifest, names: list[str], report) -> dict[str, dict]:
    """The manifest rows by file; every problem with the manifest is reported, never raised.

    Rows are numbered by the line of the CSV file they end on (``manifest.csv:3``). A manifest
    that cannot be read at all (empty, bad quoting, no ``file`` column) is reported and not
    used; a bad row is reported and left out; a bad value (date) is reported and left empty.
    """
    path = Path(folder / "manifest.csv" if manifest == "auto" else manifest) if manifest is not None else None
    if path is None or (manifest == "auto" and not path.exists()):
        return {}
    table = _manifest_records(path, report)
    present = set(names)
    rows: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    manifest_name = path.name
    for line, record in table:
        where = f"{manifest_name}:{line}"
        name = (record.get("file") or "").strip().replace("\\", "/")
        rel = posixpath.normpath(name) if name else ""
        if not rel or rel.startswith("../") or rel == ".." or posixpath.isabs(rel):
            report(Problem(where, "outside", f"manifest row points outside the corpus folder "
                           f"({name or 'no file name'}); ignored"))
            continue
        if rel not in present:
            report(Problem(where, "missing file", f"manifest row for {name}, but there is no such "
                           "article file in the folder"))
            continue
        if rel in rows:
            report(Problem(where, "duplicate row", f"a second manifest row for {name} (the first is "
                           f"line {first_line[rel]}); this row is ignored. Keep one row per file"))
            continue
        row = {k: (v or "").strip() for k, v in record.items() if k is not None}
        row["published"] = _checked_date(row.get("published", ""), where, report)
        rows[rel], first_line[rel] = row, line
    for rel in sorted(present - set(rows)):
        report(Problem(rel, "no manifest row", "no manifest row; metadata comes from the page text only"))
    return rows


def _manifest_records(path: Path, report) -> list[tuple[int, dict]]:
    """(line, record) of each manifest row, or [] after reporting why the file cannot be used."""
    name = path.name
    try:
        decoded = decode_bytes(path.read_bytes())
    except OSError as error:
        report(Problem(name, "manifest", f"cannot be read ({error.strerror or error}); not used"))
        return []
    if decoded.text is None:
        report(Problem(name, "manifest", "the manifest is not a text file; not used"))
        return []
    if decoded.problem:
        report(Problem(name, "manifest encoding", f"the manifest is not UTF-8; read as "
                       f"{decoded.encoding}. Check the accents and re-save it as UTF-8"))
    lines = normalise_text(decoded.text).split("\n")
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1  # the provenance header
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), strict=True)
    try:
        records = [(skip + reader.line_num, row) for row in reader]
    except csv.Error as error:
        report(Problem(f"{name}:{skip + reader.line_num}", "manifest", f"not valid CSV ({error}); "
                       "the manifest is not used. Check the quotes on that line"))
        return []
    if not records:
        report(Problem(name, "manifest", "the manifest is empty; not used. Give it a header row "
                       f"({','.join(MANIFEST_COLUMNS)}) and one row per file, or delete it"))
        return []
    header = [column.strip().lower() for column in records[0][1]]
    if "file" not in header:
        report(Problem(name, "manifest", "the manifest has no 'file' column; not used. Its first "
                       f"row must name the columns ({','.join(MANIFEST_COLUMNS)})"))
        return []
    table = []
    for line, row in records[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            report(Problem(f"{name}:{line}", "manifest", f"this row has {len(row)} fields, the header "
                           f"{len(header)}; row ignored. Quote values that contain commas"))
            continue
        table.append((line, dict(zip(header, row))))
    return table


def _checked_date(value: str, where: str, report) -> str:
    """``value`` if it is an ISO 8601 date or date-time with offset in range, else "" (reported).

    >>> _checked_date("2023-10-12", "m:2", print), _checked_date("2023-10-12T09:00+07:00", "m:2", print)
    ('2023-10-12', '2023-10-12T09:00+07:00')
    """
    if not value:
        return ""
    if not (_ISO_DATE.fullmatch(value) or _ISO_DATETIME.fullmatch(value)):
        report(Problem(where, "bad date", f"published {value!r} is not an ISO 8601 date "
                       "(2023-10-12) or date-time with offset (2023-10-12T09:15:00+07:00); left "
                       "empty, the page's dateline is used instead"))
        return ""
    try:
        stamp = pd.Timestamp(value)
    except ValueError:
        stamp = None
    stamp = stamp.tz_localize(WIB) if stamp is not None and stamp.tzinfo is None else stamp
    latest = pd.Timestamp.now(tz=WIB) + pd.Timedelta(days=1)
    if stamp is None or not pd.Timestamp(EARLIEST_DATE, tz=WIB) <= stamp <= latest:
        report(Problem(where, "bad date", f"published {value!r} is not a real date between "
                       f"{EARLIEST_DATE} and today; left empty, the page's dateline is used instead"))
        return ""
    return value


def parse_article(text: str, *, file: str, manifest_row: dict | None = None):
    """Turn one page's text into an article record and its line account.

    Returns ``(article, lines)``: a dict with the :data:`ARTICLE_COLUMNS` and a list of line
    rows (:data:`LINE_COLUMNS`).
    """
    manifest_row = manifest_row or {}
    rules = load_rules()
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines = lines[:-1]
    outlet, domain = _outlet(text, manifest_row)
    labels = classify_lines(lines, title=manifest_row.get("title", ""),
                            extra_boilerplate=_outlet_boilerplate(outlet))
    doc_id = doc_id_of(file)
    by_label: dict[str, list[str]] = {}
    for line, lab in zip(lines, labels):
        if lab.label in KEPT:
            by_label.setdefault(lab.label, []).append(line.strip())
    paragraphs = [
        line.strip() for line, lab in zip(lines, labels) if lab.label in ("body", "subheading")
    ]
    credit = by_label.get("credit", [""])[0]
    if paragraphs:
        match = searcher(rules.inline_credit)(paragraphs[-1])
        if match:
            credit = credit or match.group(1)
            paragraphs[-1] = paragraphs[-1][: match.start()].rstrip()
    place = ""
    if paragraphs:
        match = rules.place_prefix.match(paragraphs[0])
        if match and match.end() < len(paragraphs[0]):
            place = next((match.group(g) for g in ("place2", "place1", "place3") if match.group(g)), "")
            paragraphs[0] = paragraphs[0][match.end():].lstrip()
    dateline = by_label.get("dateline", [""])[0]
    published, reporter_in_dateline = parse_dateline(dateline)
    captions = by_label.get("caption", [])
    title = manifest_row.get("title") or " ".join(by_label.get("title", [""])[0].split())
    body = "\n\n".join(paragraphs)
    published = _manifest_time(manifest_row.get("published", ""), file) or published
    inferred, inferred_reason = (None, "") if published is not None else infer_date(
        body, latest_year=copyright_year(text))
    article = {
        "doc_id": doc_id,
        "file": file,
        "outlet": outlet,
        "domain": domain,
        "url": manifest_row.get("url", ""),
        "title": title,
        "published": published,
        "published_inferred": inferred,
        "published_inferred_reason": inferred_reason,
        "reporter": manifest_row.get("reporter") or reporter_in_dateline
        or parse_byline(by_label.get("byline", [""])[0]),
        "credit": credit,
        "place": place.strip().rstrip("."),
        "sources": find_sources("\n".join([title, *captions, *paragraphs, credit])),
        "captions": captions,
        "paragraphs": paragraphs,
        "body": body,
        "n_tokens": _counting_tokenizer().count(body),
    }
    line_rows = [
        {"doc_id": doc_id, "file": file, "line_no": number, "label": lab.label,
         "kept": lab.label in KEPT, "reason": lab.reason, "text": line}
        for number, (line, lab) in enumerate(zip(lines, labels), start=1)
    ]
    return article, line_rows


def doc_id_of(file: str) -> str:
    """The document id of a file name: ``Path(file).with_suffix("").as_posix()``, by string
    operations when the name is already in that normal form (as the loader's names are).

    >>> doc_id_of("sub/kabar.txt"), doc_id_of("export.csv#3"), doc_id_of(".hidden"), doc_id_of("a.")
    ('sub/kabar', 'export', '.hidden', 'a.')
    """
    if (not file or file == "." or file.startswith(("/", "./")) or file.endswith(("/", "/."))
            or "//" in file or "/./" in file):
        return Path(file).with_suffix("").as_posix()
    name = file[file.rfind("/") + 1:]
    dot = name.rfind(".")
    return file[:len(file) - len(name) + dot] if 0 < dot < len(name) - 1 else file


@lru_cache(maxsize=1)
def _counting_tokenizer() -> Tokenizer:
    return Tokenizer()


def parse_dateline(line: str) -> tuple[pd.Timestamp | None, str]:
    """Parse an Indonesian dateline into a time-zone-aware timestamp and a reporter name.

    A time without a zone is taken as WIB (UTC+7), the zone Indonesian national outlets
    publish in; a date without a time gives midnight WIB. A date without a year gives None,
    and so does a line that only gives an update time. The date forms are those of
    :func:`analysis.dates.find_dates`.

    >>> parse_dateline("SENIN, 15 AGUSTUS 2022 | 11:53 WIB | LAPORAN: ALIFIA DWI RAMANDHITA")
    (Timestamp('2022-08-15 11:53:00+0700', tz='UTC+07:00'), 'Alifia Dwi Ramandhita')
    >>> parse_dateline("Kamis, 14 September 2023 / 11:39 WITA")[0]
    Timestamp('2023-09-14 11:39:00+0800', tz='UTC+08:00')
    >>> parse_dateline("Kompas.com - 12/06/2024, 10:15 WIB")[0]
    Timestamp('2024-06-12 10:15:00+0700', tz='UTC+07:00')
    >>> parse_dateline("Rabu, 19 Jun 2024 07:15 WIB")[0]
    Timestamp('2024-06-19 07:15:00+0700', tz='UTC+07:00')
    >>> parse_dateline("Kamis (12/10)")
    (None, '')
    """
    from analysis.dates import find_dates

    found = [d for d in find_dates(line) if d.kind != "updated"]
    found = [d for d in found if d.kind == "published"] or found
    if not found:
        return None, ""
    stamp, rest = found[0].stamp, line[found[0].end:]
    reporter = re.search(r"(?:laporan|reporter|penulis)\s*:\s*([^|/]+)", rest, re.IGNORECASE)
    return stamp, _name_case(reporter.group(1)) if reporter else ""


def parse_byline(line: str) -> str:
    """The reporter (or writer) named in a byline.

    >>> parse_byline("Reporter: Barratut Taqiyyah Rafie | Editor: Barratut Taqiyyah Rafie")
    'Barratut Taqiyyah Rafie'
    """
    match = re.search(r"(?:reporter|penulis|laporan|oleh|wartawan)\s*:?\s*([^|/]+)", line,
                      re.IGNORECASE)
    return _name_case(match.group(1)) if match else ""


def _name_case(name: str) -> str:
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


def _manifest_time(value: str, file: str) -> pd.Timestamp | None:
    if not value:
        return None
    try:
        stamp = pd.Timestamp(value)
    except ValueError:
        warnings.warn(f"manifest.csv, {file}: published {value!r} is not an ISO 8601 date "
                      "(e.g. 2023-09-14T11:39:00+07:00); using the page's dateline instead",
                      CorpusWarning, stacklevel=4)
        return None
    return stamp.tz_localize(WIB) if stamp.tzinfo is None else stamp


def _outlet(text: str, manifest_row: dict) -> tuple[str, str]:
    """Outlet and domain: the manifest's outlet, else the outlet of its ``url`` (or ``domain``),
    else the outlet the page text names as its own (:mod:`analysis.outlets`); "unknown" when
    none of these says. The domain of an unlisted address is kept, to report it."""
    from analysis.outlets import identify_outlet, split_url

    url = manifest_row.get("url", "") or manifest_row.get("domain", "")
    domain = manifest_row.get("domain", "") or (split_url(url)[0] if url else "")
    if manifest_row.get("outlet"):
        return manifest_row["outlet"], domain
    match = identify_outlet(url=url, text=text)
    if match is None:
        return "unknown", domain
    return match.name, domain or match.outlet.domain


@lru_cache(maxsize=64)
def _outlet_boilerplate(outlet: str) -> tuple[re.Pattern, ...]:
    """The extra boilerplate patterns of one outlet in ``data/outlets.yaml`` (often none)."""
    from analysis import outlets as outlet_table

    for profile in outlet_table.load_outlets():
        if profile.name == outlet:
            try:
                return tuple(re.compile(p, re.IGNORECASE) for p in profile.boilerplate)
            except re.error as error:
                raise ValueError(f"outlets.yaml, {outlet}: a boilerplate pattern is not a valid "
                                 f"regular expression ({error}).") from None
    return ()


def find_sources(text: str) -> list[str]:
    """News agencies and media named in ``text``, in order of first mention.

    The names and their variants are ``data/news_sources.csv`` (see
    :func:`analysis.quotes.source_patterns`). Each variant's pattern is tried only where the
    text holds the variant's first word (:func:`_source_mentions`), so the result is the same
    as searching the whole text once per variant, at the cost of a few substring searches.

    >>> find_sources("Melansir Reuters, menurut kantor berita RIA. (Foto: via AP)")
    ['Reuters', 'RIA', 'AP']
    >>> find_sources("Kantor berita RIA Novosti dan KCNA WATCH")
    ['RIA', 'KCNA', 'KCNA Watch']
    """
    first: dict[str, tuple[int, int]] = {}  # source -> (first position, first variant row)
    for start, row, source in _source_mentions(text):
        position, first_row = first.get(source, (start, row))
        first[source] = (position, min(row, first_row))
    return sorted(first, key=first.get)


def _source_mentions(text: str) -> list[tuple[int, int, str]]:
    """Every ``(position, variant row, source)`` where a variant's pattern matches, in order.

    Pre-filter: a match of a variant starts with the variant's first word (its pattern is the
    escaped words, :func:`analysis.quotes.source_patterns`), exactly when the variant is
    case-sensitive, else letter for letter up to case. In the text lower-cased by
    :func:`analysis.prechecks.fold`, which maps every character that a case-insensitive ASCII
    letter matches onto that letter and keeps the text's length, such a match starts at an
    occurrence of the lower-cased first word. ``str.find`` lists the occurrences (a fast
    substring search, far cheaper than trying the patterns at every position); where the
    character before is a letter or digit (``\\w``), the pattern's look-behind fails, so the
    occurrence is inside a word and skipped; elsewhere the variant's own pattern decides.
    Where the argument does not hold (a first word that is not ASCII, a text whose folded
    length differs), one scan with the combined pattern finds the starts instead.
    """
    folded, index = fold(text), _first_words()
    if index is None or len(folded) != len(text):
        return _source_mentions_by_scan(text)
    found = []
    for word, cased, variants in index:
        within = text if cased else folded
        at = within.find(word)
        while at >= 0:
            if at == 0 or not text[at - 1].isalnum():
                found.extend((at, row, source) for row, source, pattern in variants
                             if pattern.match(text, at))
            at = within.find(word, at + 1)
    return sorted(found)


@lru_cache(maxsize=1)
def _first_words() -> tuple[tuple[str, bool, tuple[tuple[int, str, re.Pattern], ...]], ...] | None:
    """The variants of the news-source table grouped by first word: ``((word, cased,
    ((row, source, pattern), ...)), ...)``, the word lower-cased unless ``cased`` (the
    variant's pattern is case-sensitive); None when a first word is not ASCII."""
    groups: dict[tuple[str, bool], list] = {}
    for row, ((source, pattern), variant) in enumerate(zip(source_patterns(), news_source_variants())):
        word, cased = (variant.split() or [""])[0], not pattern.flags & re.IGNORECASE
        if not word or not word.isascii():
            return None
        groups.setdefault((word if cased else word.lower(), cased), []).append((row, source, pattern))
    return tuple((word, cased, tuple(variants)) for (word, cased), variants in groups.items())


def _source_mentions_by_scan(text: str) -> list[tuple[int, int, str]]:
    """:func:`_source_mentions` by one scan: the combined pattern as a look-ahead finds every
    position where some variant starts (overlapping ones too); each variant is tried there."""
    patterns = source_patterns()
    return [(start.start(), row, source) for start in _source_starts().finditer(text)
            for row, (source, pattern) in enumerate(patterns) if pattern.match(text, start.start())]


@lru_cache(maxsize=1)
def _source_starts() -> re.Pattern:
    """Every position where a variant of the news-source table starts (zero-width matches)."""
    return re.compile("(?=" + source_alternation().pattern + ")")


# -- command line -----------------------------------------------------------------------------
def register_cli(subparsers) -> None:
    parser = subparsers.add_parser(
        "corpus", help="load and clean a folder of article files",
        description="Load a folder of article page dumps and print the clean articles.",
    )
    parser.add_argument("directory", nargs="?", default=None,
                        help="folder of .txt/.html files, or a .csv/.jsonl/.parquet table of "
                             "articles (default: seeds/)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--jsonl", action="store_true", help="one JSON object per article (default)")
    output.add_argument("--csv", action="store_true", help="a CSV table (lists joined by ' | ')")
    output.add_argument("--lines", action="store_true", help="the line account: one JSON object per input line")
    parser.add_argument("--strict", action="store_true",
                        help="fail (exit status 2) on the first problem of any kind")
    parser.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # reported below, once, on stderr
        try:
            reading = read_corpus(args.directory, strict=args.strict)
        except CorpusError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    for message in problem_messages(reading.problems):
        print(f"warning: {message}", file=sys.stderr)
    if args.lines:
        for row in reading.lines.to_dict("records"):
            print(json.dumps(row, ensure_ascii=False))
    elif args.csv:
        table = reading.articles.copy()
        for column in ("sources", "captions", "paragraphs"):
            table[column] = table[column].map(" | ".join)
        for column in ("published", "published_inferred"):
            table[column] = table[column].map(_iso)
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        for row in reading.articles.to_dict("records"):
            row["published"], row["published_inferred"] = (
                _iso(row["published"]), _iso(row["published_inferred"]))
            print(json.dumps(row, ensure_ascii=False))
    print(f"{len(reading.articles)} articles from {reading.lines['file'].nunique()} files; "
          f"{len(reading.problems)} problems", file=sys.stderr)
    return 0


def _iso(value) -> str | None:
    return None if pd.isna(value) else value.isoformat()
