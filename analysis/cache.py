"""Load once, reuse everywhere: an on-disk cache of a loaded corpus and its term counts.

Loading and cleaning a large folder of page dumps takes minutes, and every notebook of the
report needs the same article table. :func:`read_cached` (and :func:`load_cached`, which gives
just the articles) loads a folder the first time with :func:`analysis.corpus.read_corpus`
and stores what it gives: the article table and the line account as Apache Parquet files
(written and read with pyarrow), the problems as JSON. :func:`count_terms_cached` does the
same for :func:`analysis.terms.count_terms` (a scipy sparse ``.npz`` matrix, the terms and
the unit table as Parquet). A later call with the same inputs reads the files back: the same
tables, value for value and dtype for dtype, and the same warnings about problem files.

What is stored is keyed by a *fingerprint* of everything that shapes the result: every file
in the corpus folder (the manifest included), the manifest given, every research data file in
``analysis/data`` (cleaning rules, outlet profiles, aliases, stop words, news sources, ...),
the source of the modules that load and count, the package version and the installed
PySastrawi version. Any change gives a new key, so a stale table is never served; the entry
it replaces for the same folder is removed. The cache lives in the project's git-ignored
``cache/`` folder, or in the folder given as ``cache=`` or in the environment variable
``INDO_NEWS_FRAMING_CACHE``; ``python -m analysis cache clear`` (or ``make clean``) removes it.

Fingerprinting trade-off: by default (``fingerprint="stat"``) a corpus file counts by its
path, size and modification time, one ``stat`` per file (about 0.3 s for 100,000 files), as
``make`` and ``rsync`` judge files. An edit that keeps both the size and the modification
time (a tool that restores time stamps after a same-length edit) goes unseen; for that,
``fingerprint="content"`` hashes every byte (BLAKE2b; a few seconds for 100,000 files, about
the time of reading them). Data files and the manifest are always hashed by content.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import warnings
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

import analysis
from analysis.paths import CACHE_DIR, DATA_DIR, PACKAGE_DIR, SEEDS_DIR

#: Bump when the layout of the stored files changes.
CACHE_FORMAT = 1
#: Environment variable naming a cache folder to use instead of the project's ``cache/``.
CACHE_ENV = "INDO_NEWS_FRAMING_CACHE"
#: Modules whose code shapes the loaded tables and the counts (their source is fingerprinted).
SHAPING_MODULES = ("corpus", "clean", "tokens", "quotes", "resources", "paths", "terms", "cache",
                   "readers", "formats", "dates", "outlets", "prechecks")
#: Article columns holding lists (Parquet list<string>, read back as Python lists).
LIST_COLUMNS = ("sources", "captions", "paragraphs")

#: The kinds of entry, one sub-folder each: loaded corpora, term counts, stored results.
KINDS = ("corpus", "terms", "results")

CacheOption = bool | str | Path


def cache_folder(cache: CacheOption = True) -> Path | None:
    """The cache folder ``cache`` names: None for ``False``, the default for ``True``.

    The default is ``$INDO_NEWS_FRAMING_CACHE`` when set, else the project's ``cache/``.

    >>> cache_folder(False) is None, cache_folder("/tmp/x").as_posix()
    (True, '/tmp/x')
    """
    if cache is False or cache is None:
        return None
    if cache is True:
        return Path(os.environ.get(CACHE_ENV) or CACHE_DIR)
    return Path(cache)


# -- fingerprints -------------------------------------------------------------------------------
def corpus_fingerprint(
    directory: str | Path | None = None,
    *,
    manifest: str | Path | None = "auto",
    fingerprint: Literal["stat", "content"] = "stat",
) -> str:
    """A hex digest of everything that shapes the loaded corpus (see the module docstring).

    Parameters
    ----------
    directory : path, optional
        The corpus folder; the project's ``seeds/`` by default.
    manifest : "auto", path or None
        As in :func:`analysis.corpus.read_corpus`.
    fingerprint : {"stat", "content"}
        Represent each corpus file by path, size and modification time (fast), or by a hash
        of its bytes (reads every file).

    Examples
    --------
    >>> corpus_fingerprint() == corpus_fingerprint(), len(corpus_fingerprint())
    (True, 40)
    """
    if fingerprint not in ("stat", "content"):
        raise ValueError(f"fingerprint must be 'stat' or 'content', not {fingerprint!r}.")
    folder = Path(directory) if directory is not None else SEEDS_DIR
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_code_fingerprint().encode())
    digest.update(f"manifest={manifest!s}\nfingerprint={fingerprint}\n".encode())
    if manifest not in ("auto", None):
        digest.update(_file_digest(Path(manifest)).encode())
    if folder.is_file():  # a table of articles: its name and bytes
        digest.update(f"{folder.name}\0{_file_digest(folder)}\n".encode())
    lines = []
    for rel, path, stat in _walk(folder) if folder.is_dir() else ():  # else read_corpus says why
        if fingerprint == "content" or rel == "manifest.csv":
            lines.append(f"{rel}\0{_file_digest(Path(path))}\n")
        else:
            lines.append(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    digest.update("".join(lines).encode())
    return digest.hexdigest()


def _walk(folder: Path):
    """``(relative path, path string, stat)`` of every file under ``folder``, sorted, hidden ones
    left out."""
    found = []
    stack = [(folder, "")]
    while stack:
        current, prefix = stack.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                rel = prefix + entry.name
                if entry.is_dir():
                    stack.append((entry.path, rel + "/"))
                elif entry.is_file():
                    found.append((rel, entry.path, entry.stat()))
    return sorted(found, key=lambda item: item[0])


def _file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _code_fingerprint() -> str:
    """Digest of the data files, the shaping modules' source and the versions.

    Computed at every call (a few milliseconds), so an edited rule file is seen at once."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"format={CACHE_FORMAT}\nversion={analysis.__version__}\n".encode())
    try:
        digest.update(f"sastrawi={metadata.version('PySastrawi')}\n".encode())
    except metadata.PackageNotFoundError:
        digest.update(b"sastrawi=?\n")
    for path in sorted(DATA_DIR.iterdir()):
        if path.is_file():
            digest.update(f"{path.name}\0{_file_digest(path)}\n".encode())
    for name in SHAPING_MODULES:
        digest.update(f"{name}\0{_file_digest(PACKAGE_DIR / f'{name}.py')}\n".encode())
    return digest.hexdigest()


# -- the corpus ---------------------------------------------------------------------------------
class CacheWarning(UserWarning):
    """The cache could not be read or written; the corpus was loaded without it."""


def read_cached(
    directory: str | Path | None = None,
    *,
    cache: CacheOption = True,
    fingerprint: Literal["stat", "content"] = "stat",
    **options,
):
    """:func:`analysis.corpus.read_corpus`, stored on first use and read back afterwards.

    Parameters
    ----------
    directory : path, optional
        The corpus folder; the project's ``seeds/`` by default.
    cache : bool or path
        ``True``: the default cache folder (see :func:`cache_folder`); a path: that folder;
        ``False``: no cache, load afresh.
    fingerprint : {"stat", "content"}
        How corpus files are recognised as unchanged (see :func:`corpus_fingerprint`).
    **options
        ``manifest``, ``strict``, ``progress``, ``workers`` as in
        :func:`analysis.corpus.read_corpus`. A stored reading warns about the same problem
        files as a fresh one (and raises on the first in strict mode).

    Returns
    -------
    analysis.corpus.CorpusReading
        The same articles, line account and problems as :func:`~analysis.corpus.read_corpus`.
    """
    return _cached_reading(directory, cache, fingerprint, options, lines=True)


def load_cached(directory: str | Path | None = None, *, cache: CacheOption = True,
                fingerprint: Literal["stat", "content"] = "stat", **options) -> pd.DataFrame:
    """The article table of :func:`read_cached` (the line account is not read from the cache).

    ``load_corpus(directory, cache=True)`` calls this: the first run on a folder loads and
    stores it, every later run (any notebook, the command line) reads the stored table.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = load_cached(cache=folder)      # the seeds: loaded and stored
    ...     again = load_cached(cache=folder)      # read back
    >>> again.equals(first), len(again)
    (True, 5)
    """
    return _cached_reading(directory, cache, fingerprint, options, lines=False).articles


#: The last stored reading this process read, by entry: a notebook that loads the corpus and
#: then counts its terms reads the Parquet files once. Entries are named by their fingerprint,
#: so a changed corpus has another name; each caller gets shallow copies, and pandas
#: copy-on-write keeps one caller's edits from reaching another.
_LAST_READ: dict = {}


def _cached_reading(directory, cache, fingerprint, options, *, lines: bool):
    from analysis.corpus import CorpusReading, read_corpus

    entry = _corpus_entry(directory, cache, options.get("manifest", "auto"), fingerprint)
    if entry is not None:
        last = _LAST_READ.get(entry)  # (has the line account, reading)
        memo = last[1] if last is not None and (last[0] or not lines) else None
        stored = _read_reading(entry, lines=lines, strict=options.get("strict", False), memo=memo)
        if stored is not None:
            if memo is None:
                _LAST_READ.clear()
                _LAST_READ[entry] = (lines, stored)
            return CorpusReading(stored.articles.copy(deep=False),
                                 stored.lines.copy(deep=False), list(stored.problems))
    reading = read_corpus(directory, **options)
    if entry is not None:
        _write_reading(entry, reading, directory)
    return reading


def _corpus_entry(directory, cache, manifest, fingerprint) -> Path | None:
    folder = cache_folder(cache)
    if folder is None:
        return None
    return folder / "corpus" / corpus_fingerprint(directory, manifest=manifest, fingerprint=fingerprint)


def _read_reading(entry: Path, *, lines: bool, strict: bool, memo=None):
    """The stored reading in ``entry`` (None when there is none or it cannot be read).

    ``memo``, a reading of the same entry read before in this process, is used instead of
    reading the files again (its problems are still checked and their warnings replayed)."""
    from analysis.corpus import LINE_COLUMNS, CorpusError, CorpusReading, Problem

    if not (entry / "meta.json").exists():  # written last: an entry without it is incomplete
        return None
    if memo is not None:
        articles, table, problems = memo.articles, memo.lines, memo.problems
        table = table if lines else pd.DataFrame(columns=LINE_COLUMNS)
        if strict and problems:
            raise CorpusError(f"{problems[0].file}: {problems[0].message}")
        _replay_warnings(problems)
        return CorpusReading(articles, table, problems)
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        articles = _read_frame(entry / "articles.parquet", meta["articles"])
        table = (_read_frame(entry / "lines.parquet", meta["lines"]) if lines
                 else pd.DataFrame(columns=LINE_COLUMNS))
        problems = [Problem(**p) for p in meta["problems"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        warnings.warn(f"The cache entry {entry} could not be read ({error}); loading the corpus "
                      "again. `python -m analysis cache clear` removes the cache.", CacheWarning,
                      stacklevel=3)
        return None
    if strict and problems:
        raise CorpusError(f"{problems[0].file}: {problems[0].message}")
    _replay_warnings(problems)
    return CorpusReading(articles, table, problems)


def _replay_warnings(problems) -> None:
    """Warn about stored problems as a fresh load does."""
    from analysis.corpus import _warn

    _warn(problems)


def _write_reading(entry: Path, reading, directory) -> None:
    folder = Path(directory) if directory is not None else SEEDS_DIR
    meta = {"source": str(folder.resolve()), "format": CACHE_FORMAT,
            "problems": [asdict(p) for p in reading.problems]}

    def write(tmp: Path) -> None:
        meta["articles"] = _write_frame(reading.articles, tmp / "articles.parquet")
        meta["lines"] = _write_frame(reading.lines, tmp / "lines.parquet")
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    if _store(entry, write):
        _remove_replaced(entry, meta["source"])


def _remove_replaced(entry: Path, source: str, same=lambda meta: True) -> None:
    """Remove other entries stored for the same corpus folder (and, for counts, the same
    settings): their inputs have changed, so they would never be read again."""
    for other in entry.parent.iterdir():
        if other == entry or not (other / "meta.json").exists():
            continue
        try:
            meta = json.loads((other / "meta.json").read_text(encoding="utf-8"))
            if meta.get("source") == source and same(meta):
                shutil.rmtree(other, ignore_errors=True)
        except (OSError, ValueError):
            continue


def _store(entry: Path, write) -> bool:
    """Write an entry into a temporary folder, then rename it into place (atomic).

    Returns whether it was stored; a failure warns and leaves no partial entry behind."""
    tmp = entry.parent / f".{entry.name}.{os.getpid()}.tmp"
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, entry)
        return True
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        if (entry / "meta.json").exists():  # another process stored the same entry first
            return True
        warnings.warn(f"Could not write the cache entry {entry} ({error}); the results are fine "
                      f"but will be computed again next time. Pass cache=False, or set "
                      f"{CACHE_ENV} to a writable folder.", CacheWarning, stacklevel=4)
        return False


# -- tables as Parquet --------------------------------------------------------------------------
def _write_frame(frame: pd.DataFrame, path: Path) -> dict:
    """Write a table as Parquet; return what is needed to restore it exactly.

    List columns become Parquet lists; time-zone-aware columns keep their zone by name (WIB);
    a ``body`` column equal to its ``paragraphs`` joined by blank lines is not stored twice.
    """
    lists = [c for c in frame.columns if frame[c].dtype == object
             and any(isinstance(v, list) for v in frame[c].head(1000))]
    zones = {c: str(frame[c].dtype.tz) for c in frame.columns
             if isinstance(frame[c].dtype, pd.DatetimeTZDtype)}
    derived = ("body" in frame.columns and "paragraphs" in lists and
               frame["body"].tolist() == ["\n\n".join(p) for p in frame["paragraphs"]])
    stored = frame.drop(columns=["body"]) if derived else frame
    stored.to_parquet(path, engine="pyarrow", compression="zstd", index=False)
    return {"columns": list(frame.columns), "lists": lists, "zones": zones,
            "body_from_paragraphs": bool(derived)}


def _read_frame(path: Path, meta: dict) -> pd.DataFrame:
    from analysis.corpus import WIB

    frame = pd.read_parquet(path, engine="pyarrow")
    for column in meta["lists"]:
        frame[column] = pd.Series([list(v) if v is not None else [] for v in
                                   (x.tolist() if isinstance(x, np.ndarray) else x
                                    for x in frame[column])], index=frame.index, dtype=object)
    for column, zone in meta["zones"].items():
        frame[column] = frame[column].dt.tz_convert(WIB if zone == "WIB" else zone)
    if meta.get("body_from_paragraphs"):
        frame["body"] = pd.Series(["\n\n".join(p) for p in frame["paragraphs"]],
                                  index=frame.index, dtype=str)
    return frame[meta["columns"]]


# -- term counts --------------------------------------------------------------------------------
def count_terms_cached(
    directory: str | Path | None = None,
    *,
    unit: Literal["article", "paragraph"] = "article",
    stopwords="default",
    stem: bool = False,
    cache: CacheOption = True,
    fingerprint: Literal["stat", "content"] = "stat",
    **options,
):
    """:func:`analysis.terms.count_terms` of a corpus folder, stored on first use.

    Parameters
    ----------
    directory : path, optional
        The corpus folder; the project's ``seeds/`` by default. Its articles come from
        :func:`load_cached` (so from the cache too).
    unit, stopwords, stem
        As in :func:`analysis.terms.count_terms` (a stop-word file counts by its content).
    cache, fingerprint, **options
        As in :func:`read_cached`.

    Returns
    -------
    analysis.terms.TermCounts
        The same matrix (a scipy CSR matrix, stored as ``.npz``), terms, units and settings.
    """
    from analysis.terms import count_terms

    folder = cache_folder(cache)
    if folder is None:
        articles = load_cached(directory, cache=cache, fingerprint=fingerprint, **options)
        return count_terms(articles, unit=unit, stopwords=stopwords, stem=stem)
    key = hashlib.blake2b(digest_size=20)
    key.update(corpus_fingerprint(directory, manifest=options.get("manifest", "auto"),
                                  fingerprint=fingerprint).encode())
    key.update(f"unit={unit}\nstem={bool(stem)}\nstopwords={_stopwords_key(stopwords)}".encode())
    entry = folder / "terms" / key.hexdigest()
    stored = _read_counts(entry)
    if stored is not None:
        return stored
    articles = load_cached(directory, cache=cache, fingerprint=fingerprint, **options)
    counts = count_terms(articles, unit=unit, stopwords=stopwords, stem=stem)
    _write_counts(entry, counts, directory)
    return counts


def _stopwords_key(stopwords) -> str:
    if stopwords is None or (isinstance(stopwords, str) and stopwords in ("default", "sastrawi", "domain")):
        return str(stopwords)
    if isinstance(stopwords, (str, Path)):
        from analysis.resources import resolve

        return "file:" + _file_digest(resolve(stopwords))
    words = "\n".join(sorted(set(stopwords)))
    return "words:" + hashlib.blake2b(words.encode(), digest_size=20).hexdigest()


def _write_counts(entry: Path, counts, directory) -> None:
    from scipy import sparse

    folder = Path(directory) if directory is not None else SEEDS_DIR
    meta = {"source": str(folder.resolve()), "format": CACHE_FORMAT, "settings": counts.settings}

    def write(tmp: Path) -> None:
        sparse.save_npz(tmp / "matrix.npz", counts.matrix, compressed=False)
        pd.DataFrame({"term": counts.terms}).to_parquet(tmp / "terms.parquet", index=False)
        meta["units"] = _write_frame(counts.units, tmp / "units.parquet")
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    if _store(entry, write):
        _remove_replaced(entry, meta["source"], same=lambda other: other.get("settings") == counts.settings)


def _read_counts(entry: Path):
    from scipy import sparse

    from analysis.terms import TermCounts

    if not (entry / "meta.json").exists():
        return None
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        matrix = sparse.load_npz(entry / "matrix.npz").tocsr()
        terms = pd.read_parquet(entry / "terms.parquet")["term"].to_numpy(dtype=object)
        units = _read_frame(entry / "units.parquet", meta["units"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        warnings.warn(f"The cache entry {entry} could not be read ({error}); counting again.",
                      CacheWarning, stacklevel=3)
        return None
    return TermCounts(matrix, terms, units, meta["settings"])


# -- clearing -----------------------------------------------------------------------------------
def clear_cache(cache: CacheOption = True) -> tuple[int, int]:
    """Remove every stored entry; return ``(entries, bytes)`` removed.

    Only the ``corpus``, ``terms`` and ``results`` (:mod:`analysis.memo`) folders are
    removed, never other files that happen to be in the folder.
    """
    folder = cache_folder(cache)
    entries = size = 0
    for kind in KINDS:
        if folder is None or not (folder / kind).is_dir():
            continue
        for entry in (folder / kind).iterdir():
            size += sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
            entries += 1
            shutil.rmtree(entry, ignore_errors=True)
        shutil.rmtree(folder / kind, ignore_errors=True)
    return entries, size


def cache_summary(cache: CacheOption = True) -> pd.DataFrame:
    """One row per stored entry: ``kind``, ``key``, ``source`` folder, ``megabytes``."""
    folder = cache_folder(cache)
    rows = []
    for kind in KINDS:
        if folder is None or not (folder / kind).is_dir():
            continue
        for entry in sorted((folder / kind).iterdir()):
            if not (entry / "meta.json").exists():
                continue
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
            rows.append({"kind": kind, "key": entry.name,
                         "source": meta.get("source", meta.get("function", "")),
                         "megabytes": round(size / 1e6, 1)})
    return pd.DataFrame(rows, columns=["kind", "key", "source", "megabytes"])


def register_cli(subparsers) -> None:
    """Add ``python -m analysis cache {clear,info}``."""
    parser = subparsers.add_parser(
        "cache", help="list or clear the stored corpus tables and term counts",
        description="The cache of loaded corpora and term counts (see analysis/cache.py): "
                    "'info' lists the entries, 'clear' removes them.")
    parser.add_argument("action", choices=["info", "clear"])
    parser.add_argument("--dir", type=Path, default=None,
                        help=f"cache folder (default: ${CACHE_ENV} or the project's cache/)")
    parser.set_defaults(func=_run_cli)


def _run_cli(args: argparse.Namespace) -> int:
    cache = args.dir if args.dir is not None else True
    where = cache_folder(cache)
    if args.action == "clear":
        entries, size = clear_cache(cache)
        print(f"Removed {entries} cache entries ({size / 1e6:.1f} MB) from {where}.", file=sys.stderr)
        return 0
    summary = cache_summary(cache)
    summary.to_csv(sys.stdout, index=False, lineterminator="\n")
    print(f"{len(summary)} entries, {summary['megabytes'].sum():.1f} MB in {where}.", file=sys.stderr)
    return 0
