"""Stored results of the slow steps of the notebooks, so that a re-run of an unchanged report
is quick.

The corpus cache (:mod:`analysis.cache`) saves the loading; the analyses themselves (the
voice of every paragraph, the topic models of the k sweep) still take minutes on 100,000
articles. :class:`Memo` stores what such a step returns, keyed by *everything it was computed
from*, and gives the stored result back when the same step is asked for again:

- the function (module and name);
- its arguments: a table by a digest of its contents (so a changed corpus, even one changed
  in place, is a new key; see :func:`digest_of`), a file path by the file's content, plain
  values by their ``repr``, anything else by a digest of its pickled bytes; a result this memo returned earlier by that result's own key
  (so a topic model fitted on a stored term matrix is keyed without hashing the matrix);
- the source of every module of the package, every research data file in ``analysis/data``,
  the package version and the installed PySastrawi version.

Any change gives a new key and the step runs again, so a stored result is always the one the
code would compute now (the functions stored are deterministic: their random seeds are
arguments). This is what ``joblib.Memory`` (used by scikit-learn pipelines) and knitr's
``cache=TRUE`` do; joblib's own hashing takes 5.6 CPU s for a 100,000-article table where
:func:`digest_of` takes 3.2 (and gives one digest whatever the table's memory layout), and it
fingerprints only the called function's source, not the package it calls, hence this small
module.

Results live in the cache folder's ``results/`` (see :func:`analysis.cache.cache_folder`);
``python -m analysis cache clear`` removes them with the rest, and only the
:data:`KEEP_RESULTS` most recently used are kept.

>>> import tempfile
>>> memo = Memo(cache=tempfile.mkdtemp())
>>> first = memo(sorted, [3, 1, 2])
>>> memo.hits, memo(sorted, [3, 1, 2]) == first, memo.hits
(0, True, 1)
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from analysis import cache as _cache
from analysis.paths import PACKAGE_DIR

#: How many stored results are kept (the least recently used beyond this are removed).
KEEP_RESULTS = 64
#: Bump when the layout of a stored result changes.
MEMO_FORMAT = 1


class _DigestWriter:
    """A file-like object that feeds what is written to it into a digest (pickling into a
    hash without holding the pickled bytes)."""

    def __init__(self) -> None:
        self.digest = hashlib.blake2b(digest_size=20)

    def write(self, data) -> int:
        self.digest.update(data)
        return memoryview(data).nbytes


def digest_of(value: Any) -> str:
    """BLAKE2b digest of a value's contents.

    A table (DataFrame or Series) is hashed by its contents, not its layout: column names,
    dtypes, the index and each column's values (pandas' ``hash_pandas_object``; list cells by
    their text), so the same table loaded from the page files or read back from Parquet (other
    memory blocks, other Arrow chunks) has one digest. Anything else is hashed by its pickled
    bytes; a differing digest there only costs a recomputation, never a wrong result.

    >>> digest_of(pd.DataFrame({"a": [1, 2]})) == digest_of(pd.DataFrame({"a": [1, 2]}))
    True
    >>> digest_of(pd.DataFrame({"a": [1, 2]})) == digest_of(pd.DataFrame({"a": [1, 3]}))
    False
    """
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _table_digest(value)
    writer = _DigestWriter()
    pickle.Pickler(writer, protocol=5).dump(value)
    return writer.digest.hexdigest()


def _cell_text(cell: Any) -> str | None:
    return cell if cell is None or isinstance(cell, str) else f"{type(cell).__name__}:{cell!r}"


def _table_digest(table: pd.DataFrame | pd.Series) -> str:
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((type(table).__name__, frame.shape, [str(c) for c in frame.columns],
                        [str(t) for t in frame.dtypes])).encode())
    digest.update(pd.util.hash_pandas_object(frame.index, categorize=False).to_numpy().tobytes())
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object:  # lists and other cells: by their text
            values = values.map(_cell_text)
        digest.update(pd.util.hash_pandas_object(values, index=False, categorize=False)
                      .to_numpy().tobytes())
    return digest.hexdigest()


def package_fingerprint() -> str:
    """Digest of every module of the package, the data files and the versions."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"memo={MEMO_FORMAT}\n{_cache._code_fingerprint()}\n".encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(f"{path.name}\0{_cache._file_digest(path)}\n".encode())
    return digest.hexdigest()


class Memo:
    """Call a function, or give back what the same call returned before.

    Parameters
    ----------
    cache : bool, str or Path
        As in :func:`analysis.corpus.load_corpus`: ``True`` for the project's cache folder
        (or ``INDO_NEWS_FRAMING_CACHE``), a folder, or ``False`` to compute every time.

    Attributes
    ----------
    hits, misses : int
        How many calls were answered from the store, and how many were computed.

    Notes
    -----
    Only deterministic functions belong here (a random seed must be an argument). A result
    is a fresh copy read from disk: changing it does not change the stored one.
    """

    def __init__(self, cache: _cache.CacheOption = True) -> None:
        folder = _cache.cache_folder(cache)
        self.folder = folder / "results" if folder is not None else None
        self.hits = self.misses = 0
        self._known: dict[int, tuple[Any, str]] = {}  # id(result) -> (result, its key)
        self._by_key: dict[str, Any] = {}  # key -> result, for references between results
        self._package = package_fingerprint() if folder is not None else ""

    def __call__(self, func: Callable, *args, **kwargs):
        if self.folder is None:
            self.misses += 1
            return func(*args, **kwargs)
        key = self.key(func, *args, **kwargs)
        try:
            value = self._read(key)
            self.hits += 1
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, KeyError):
            self.misses += 1
            value = func(*args, **kwargs)
            self._write(key, value, func)
            _prune(self.folder)
        self._remember(value, key)
        return value

    def note(self) -> str:
        """A sentence for a notebook: how many steps were computed and how many read back.

        >>> Memo(cache=False).note()
        'No stored results are used (no cache folder): every step was computed.'
        """
        if self.folder is None:
            return "No stored results are used (no cache folder): every step was computed."
        return (f"Slow steps computed: {self.misses}; read back from stored results: "
                f"{self.hits} (in {self.folder}; `python -m analysis cache clear` removes them).")

    def key(self, func: Callable, *args, **kwargs) -> str:
        """The key a call is stored under (see the module docstring)."""
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{self._package}\n{func.__module__}.{func.__qualname__}\n".encode())
        for name, value in [*enumerate(args), *sorted(kwargs.items())]:
            digest.update(f"{name}={self._token(value)}\n".encode())
        return digest.hexdigest()

    def _token(self, value: Any) -> str:
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return "result:" + known[1]
        if value is None or isinstance(value, (bool, int, float, str)):
            if isinstance(value, str) and os.path.isfile(value):
                return f"file:{value}:{_cache._file_digest(Path(value))}"
            return repr(value)
        if isinstance(value, Path):
            return f"file:{value}:{_cache._file_digest(value)}" if value.is_file() else repr(str(value))
        if isinstance(value, (list, tuple)) and all(
                v is None or isinstance(v, (bool, int, float, str)) for v in value):
            return repr(value)
        return "pickle:" + digest_of(value)

    def _remember(self, value: Any, key: str) -> None:
        """Know ``value`` (and each item of a tuple result) by its key, for later calls."""
        self._known[id(value)] = (value, key)
        self._by_key[key] = value
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                self._known[id(item)] = (item, f"{key}[{i}]")
                self._by_key[f"{key}[{i}]"] = item

    def _references(self, value: Any) -> dict[int, str]:
        """Earlier results held in the fields of ``value`` (a topic model holds its term
        matrix): ``{id: key}``. They are stored as references, not copied."""
        fields = value if isinstance(value, tuple) else getattr(value, "__dict__", {}).values()
        return {id(item): self._known[id(item)][1] for item in fields
                if id(item) in self._known and self._known[id(item)][0] is item}

    def _write(self, key: str, value: Any, func: Callable) -> None:
        meta = {"function": f"{func.__module__}.{func.__qualname__}", "format": MEMO_FORMAT,
                "stored": time.strftime("%Y-%m-%dT%H:%M:%S")}
        references = self._references(value)

        def write(tmp: Path) -> None:
            with open(tmp / "result.pickle", "wb") as handle:
                pickler = pickle.Pickler(handle, protocol=5)
                if references:  # only then: a Python call per pickled object is slow
                    pickler.persistent_id = lambda obj: references.get(id(obj))
                pickler.dump(value)
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

        _cache._store(self.folder / key, write)

    def _read(self, key: str) -> Any:
        """The result stored under ``key``, read from disk (an error when there is none)."""
        entry = self.folder / key
        with open(entry / "result.pickle", "rb") as handle:
            unpickler = pickle.Unpickler(handle)
            unpickler.persistent_load = self._resolve
            value = unpickler.load()
        os.utime(entry / "meta.json")  # mark as recently used
        return value

    def _resolve(self, key: str) -> Any:
        """A reference to an earlier result: the one in memory, or read from its entry."""
        if key in self._by_key:
            return self._by_key[key]
        base, _, item = key.partition("[")
        value = self._read(base)
        self._remember(value, base)
        return value[int(item.rstrip("]"))] if item else value


def _prune(folder: Path) -> None:
    """Remove the stored results beyond the :data:`KEEP_RESULTS` most recently used."""
    entries = []
    for entry in folder.iterdir():
        try:
            entries.append(((entry / "meta.json").stat().st_mtime, entry))
        except OSError:
            continue
    for _, entry in sorted(entries, reverse=True)[KEEP_RESULTS:]:
        shutil.rmtree(entry, ignore_errors=True)
