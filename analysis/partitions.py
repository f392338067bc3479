"""Map a function over row partitions of the article table, on every core.

The per-article analyses (frame salience, concordances) treat each article on its own, so a
corpus can be cut into partitions of consecutive rows, each analysed by a worker process, and
the partial results put together in row order: the same result as one pass, in a fraction of
the wall-clock time. A function mapped here takes a partition (a DataFrame) and plain
arguments and returns something picklable, the contract Dask's ``map_partitions`` has, so a
cluster engine could later map the same functions.

Workers come from a fork server (``multiprocessing``'s "forkserver" start method, on Linux and
macOS): a small process that has imported the analysis modules once and forks a worker per
pool. A worker does not share the caller's memory: forking the caller itself (a notebook's
kernel holding a 2 GB corpus) would let every object the caller touches while the workers run
be copied page by page, which measured 5.2 GB instead of 3.4 at 100,000 articles. Like every
start method but plain fork, a worker imports the caller's main module again: a notebook's
kernel, ``python -c`` and ``python -m analysis`` are safe, a script is safe only under an
``if __name__ == "__main__":`` guard, so a script gets one process unless it passes
``workers``.

How many workers: one per core from :data:`POOL_THRESHOLD` rows on, fewer when the
environment variable :data:`WORKERS_ENV` says so (the report runner sets it when notebooks
run side by side, so two kernels do not each start a pool), or the ``workers`` argument.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable, Sequence

import pandas as pd

from analysis.corpus import MAX_WORKERS

#: Modules the fork server imports once, so that its workers start at once.
PRELOAD = ["analysis.framing", "analysis.terms", "analysis.topics"]

#: Fewest rows for which a pool is started by default (below, its start-up costs more).
POOL_THRESHOLD = 2000
#: Environment variable capping the number of worker processes (``1`` = no pool).
WORKERS_ENV = "INDO_NEWS_FRAMING_WORKERS"


#: True in a worker process of :func:`map_partitions`.
_IN_WORKER = False


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def default_workers(n_rows: int) -> int:
    """Worker processes for ``n_rows`` rows: one per core (at most :data:`WORKERS_ENV`, and
    :data:`analysis.corpus.MAX_WORKERS`) from :data:`POOL_THRESHOLD` rows where a fork server
    is offered and the main module can be imported again safely, else 1."""
    if n_rows < POOL_THRESHOLD or _IN_WORKER or not _main_reimports_safely():
        return 1  # (a worker of a pool starts no pool of its own)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cap = os.environ.get(WORKERS_ENV, "").strip()
    limit = int(cap) if cap.isdigit() and int(cap) > 0 else MAX_WORKERS
    return max(1, min(cores or 1, limit, MAX_WORKERS))


def _context():
    """The fork-server context, preloading :data:`PRELOAD` (None where not offered)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _main_reimports_safely() -> bool:
    """Whether a worker can import the main module again without running its work: no main
    file (a notebook's kernel, ``python -c``, the interpreter) or a module run with ``-m``
    (imported under another name, so its ``__name__ == "__main__"`` guard holds)."""
    main = sys.modules.get("__main__")
    return (getattr(main, "__file__", None) is None
            or getattr(main, "__spec__", None) is not None) and _context() is not None


def split_rows(n_rows: int, workers: int, *, per_worker: int = 4, smallest: int = 500,
               largest: int = 5_000) -> list[slice]:
    """Consecutive row ranges: about ``per_worker`` per worker (so a slow one does not leave
    the others idle), each of ``smallest`` to ``largest`` rows.

    >>> split_rows(5000, 2)
    [slice(0, 625, None), slice(625, 1250, None), slice(1250, 1875, None), slice(1875, 2500, None), slice(2500, 3125, None), slice(3125, 3750, None), slice(3750, 4375, None), slice(4375, 5000, None)]
    >>> split_rows(0, 2)
    []
    """
    size = min(max(-(-n_rows // (workers * per_worker)), smallest), largest)
    return [slice(start, min(start + size, n_rows)) for start in range(0, n_rows, size)]


def map_partitions(func: Callable[..., Any], frame: pd.DataFrame | Sequence, *args,
                   workers: int | None = None, **kwargs) -> list[Any]:
    """``[func(part, *args, **kwargs) for part in partitions of frame]``, in row order.

    ``frame`` is a DataFrame (partitions of rows) or a list (partitions of items). With
    ``workers`` > 1 (default :func:`default_workers`) the partitions are computed by a
    process pool; ``func`` must be a module-level function and its arguments picklable.
    With one worker the whole frame is one partition.

    >>> map_partitions(len, pd.DataFrame({"a": range(10)}), workers=1)
    [10]
    """
    workers = default_workers(len(frame)) if workers is None else workers
    if workers <= 1 or len(frame) < 2:
        return [func(frame, *args, **kwargs)]
    from concurrent.futures import ProcessPoolExecutor

    take = frame.iloc if isinstance(frame, (pd.DataFrame, pd.Series)) else frame
    parts = [take[rows] for rows in split_rows(len(frame), workers)]
    with ProcessPoolExecutor(min(workers, len(parts)), mp_context=_context(),
                             initializer=_mark_worker) as pool:
        futures = [pool.submit(func, part, *args, **kwargs) for part in parts]
        return [future.result() for future in futures]
