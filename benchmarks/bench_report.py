"""Benchmark: the whole report (every notebook) on synthetic corpora of 1,000 to 100,000 articles.

What a user runs, ``python -m analysis report --corpus DIR --output OUT``, on folders written by
``synthetic.make_corpus_dir`` (page dumps with boilerplate and a ``manifest.csv``), each twice:
*cold* (an empty corpus cache: every notebook that loads finds nothing stored) and *warm* (the
cache the cold run filled). Each run is a fresh process (``--run-one``) that calls
:func:`analysis.report.run_report` and measures every notebook: wall-clock seconds, CPU seconds
(this process plus the notebook's kernel, which is a child process and is counted when it
exits, and the partition pools' fork servers, which the measuring process adopts and reaps:
see :func:`adopt_orphans`) and peak memory (the largest proportional set size of the process tree, sampled every
0.2 s, and the kernels' ``ru_maxrss``, which is exact). Beside it, in the same run and on the
same files, a floor reference (also a fresh process): read every file, ``CountVectorizer()``,
one ``NMF(n_components=20)`` fit, which is the least any analysis of the texts must do.

Targets (issue 13), judged on the smaller of wall-clock and CPU seconds of a whole report (the
wall clock on an idle machine; CPU seconds where other jobs stretch the wall clock; the
loader's process pool and BLAS make CPU seconds add up faster than time passes on an idle one):
100,000 articles cold <= 12 min and warm <= 5 min, peak memory < 6 GB, 20,000 cold <= 3 min,
and the time from 20,000 to 100,000 articles grows at most 6-fold (linear would be 5-fold).
The script exits with status 1 when a target is missed (or a report fails), so ``make
benchmark`` is a check.

    .venv/bin/python benchmarks/bench_report.py                      # 1,000, 20,000, 100,000 (~40 min)
    .venv/bin/python benchmarks/bench_report.py --quick              # 1,000 and 5,000
    .venv/bin/python benchmarks/bench_report.py --sizes 2000 --keep /tmp/bench
    .venv/bin/python benchmarks/bench_report.py --sizes 20000 --jobs 1   # CPU s per notebook

The report runs its notebooks as a user's ``make report`` does: the first alone, the others
side by side (``--jobs``; by default one per core, at most 2, on corpora up to
``report.side_by_side_max_mb`` in ``analysis/data/scaling.yaml``, else one at a time).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

TARGETS = {  # (size, cache state) -> seconds
    (100_000, "cold"): 12 * 60, (100_000, "warm"): 5 * 60, (20_000, "cold"): 3 * 60,
}
TARGET_PEAK_GB = 6.0
TARGET_GROWTH = 6.0  # time at 100,000 / time at 20,000 articles


# -- one measured report, in its own process ----------------------------------------------------
class PeakSampler:
    """Largest memory of this process and all its descendants, sampled.

    Each process counts by its proportional set size (PSS: its private pages plus its share
    of pages it shares), so the sum is the memory the tree really holds. Summing resident set
    sizes would count the pages a forked worker shares with its parent (a notebook's
    partition pool, the loader's pool) once per process. Where PSS cannot be read (not
    Linux), the resident set size is used.
    """

    def __init__(self, interval: float = 0.2):
        import psutil

        self.process, self.interval, self.peak = psutil.Process(), interval, 0
        self.fork_servers: set[int] = set()  # pids of the pools' fork servers seen running
        self._seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            total = 0
            for proc in [self.process, *self.process.children(recursive=True)]:
                try:
                    if proc.pid not in self._seen:
                        self._seen.add(proc.pid)
                        if "multiprocessing.forkserver" in " ".join(proc.cmdline()):
                            self.fork_servers.add(proc.pid)
                    total += _pss(proc)
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def reset(self) -> None:
        self.peak = 0

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _pss(proc) -> int:
    try:
        return proc.memory_full_info().pss
    except AttributeError:  # no PSS on this system
        return proc.memory_info().rss


def adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``).

    The partition pools of a notebook start their workers from a fork server, a child of the
    kernel that the kernel never waits for. Without this, the fork server is re-parented to
    init when its kernel exits, and its CPU time, and that of the workers it reaped, never
    reaches this process's ``RUSAGE_CHILDREN``: the CPU column undercounted the pools. With
    it, the fork server is re-parented here and :func:`reap_adopted` collects it.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # 36: PR_SET_CHILD_SUBREAPER


def reap_adopted(pids: set[int], timeout: float = 10.0) -> None:
    """Wait for the processes ``pids`` that are now this process's children (adopted fork
    servers: each exits once its kernel has) and collect them, which adds their CPU time to
    ``RUSAGE_CHILDREN``. Processes still owned by a running kernel are left alone. Collected
    (or vanished) pids are removed from ``pids``, so a pid the system hands out again later
    (to a new kernel, say) is never waited for."""
    import psutil

    deadline = time.monotonic() + timeout
    for pid in list(pids):
        try:
            if psutil.Process(pid).ppid() != os.getpid():
                continue
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    break  # still running: tried again later, and once the report is done
                time.sleep(0.02)
            else:
                pids.discard(pid)
        except (psutil.Error, ChildProcessError):
            pids.discard(pid)  # gone already, or collected


def reap_all_adopted() -> None:
    """Collect every child left once the report is done (the kernels have been waited for by
    jupyter_client, so what remains was adopted), waiting up to 10 s for those still running."""
    import psutil

    reap_adopted({child.pid for child in psutil.Process().children()})
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                return
        except ChildProcessError:
            return


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(corpus: Path, output: Path, jobs: int | None = None) -> dict:
    """Run the report once, timing each notebook; return the measurements.

    When notebooks run side by side (``jobs`` > 1, the report's default on 2 cores), CPU
    seconds and peak memory are measured for the whole report only: a kernel's CPU time is
    counted when it exits and the memory samples cover every kernel running, so per-notebook
    figures would mix notebooks. Per-notebook wall-clock seconds are exact either way.
    """
    from analysis import report

    notebooks, execute = [], report._execute
    alone = (jobs or report.default_jobs(corpus)[0]) == 1

    def measured(notebook, *args, **kwargs):
        sampler.reset() if alone else None
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            return execute(notebook, *args, **kwargs)
        finally:
            reap_adopted(sampler.fork_servers)  # this notebook's, once its kernel is gone
            notebooks.append({"notebook": notebook.name, "wall": time.perf_counter() - wall,
                              "cpu": cpu_seconds() - cpu if alone else float("nan"),
                              "peak_gb": sampler.peak / 1e9 if alone else float("nan")})

    report._execute = measured
    adopt_orphans()
    wall, cpu, error = time.perf_counter(), cpu_seconds(), None
    with PeakSampler() as sampler:
        try:
            report.run_report(corpus_dir=corpus, output_dir=output, progress=True, jobs=jobs)
        except Exception as failure:  # noqa: BLE001 - reported in the table, the run goes on
            error = f"{type(failure).__name__}: {failure}"
        reap_all_adopted()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return {"wall": time.perf_counter() - wall, "cpu": cpu_seconds() - cpu, "notebooks": notebooks,
            "peak_gb": max([sampler.peak / 1e9, children, own]
                           + [n["peak_gb"] for n in notebooks if n["peak_gb"] == n["peak_gb"]]),
            "kernel_maxrss_gb": children, "error": error}


def floor_one(corpus: Path) -> dict:
    """Read every file, CountVectorizer, one NMF(k=20): the floor any analysis pays."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import CountVectorizer

    steps, wall0, cpu0 = {}, time.perf_counter(), time.process_time()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    steps["read"] = time.perf_counter() - wall0
    tick = time.perf_counter()
    matrix = CountVectorizer().fit_transform(texts)
    steps["count"] = time.perf_counter() - tick
    tick = time.perf_counter()
    NMF(n_components=20, random_state=0, max_iter=200).fit(matrix.astype(float))
    steps["nmf"] = time.perf_counter() - tick
    return {"wall": time.perf_counter() - wall0, "cpu": time.process_time() - cpu0, "steps": steps,
            "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
            "shape": list(matrix.shape)}


def in_child(args: list[str], env: dict) -> dict:
    """Run this script with ``args`` in a fresh process; return the JSON it prints last."""
    done = subprocess.run([sys.executable, __file__, *args], env=env, stdout=subprocess.PIPE,
                          text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"wall": float("nan"), "cpu": float("nan"), "peak_gb": float("nan"),
                "notebooks": [], "error": f"the measuring process exited with {done.returncode}"}
    return json.loads(lines[-1])


# -- the table ----------------------------------------------------------------------------------
def judged(run: dict) -> float:
    """Seconds a target is judged on: the smaller of wall-clock and CPU seconds."""
    return min(run["wall"], run["cpu"])


def print_size(n: int, runs: dict, floor: dict) -> None:
    print(f"\n{n:,} articles")
    print(f"  {'step':<34}{'cold wall':>10}{'cold CPU':>10}{'cold GB':>9}"
          f"{'warm wall':>11}{'warm CPU':>10}{'warm GB':>9}")
    names = sorted(nb["notebook"] for nb in runs["cold"]["notebooks"])
    for name in names:
        cells = []
        for state in ("cold", "warm"):
            nb = next((x for x in runs[state]["notebooks"] if x["notebook"] == name), None)
            cells.append("" if nb is None else f"{nb['wall']:10.1f}{_cell(nb['cpu'], 10, 1)}"
                                                f"{_cell(nb['peak_gb'], 9, 2)}")
        print(f"  {name:<34}{cells[0]:<29} {cells[1]}")
    print(f"  {'whole report':<34}" + " ".join(
        f"{runs[s]['wall']:10.1f}{runs[s]['cpu']:10.1f}{runs[s]['peak_gb']:9.2f}" for s in ("cold", "warm")))
    if any(nb["cpu"] != nb["cpu"] for nb in runs["cold"]["notebooks"]):
        print("  (the notebooks after the first ran side by side: CPU seconds and memory are\n"
              "   measured for the whole report only; --jobs 1 measures each notebook)")
    if floor is None:
        print("  floor reference not measured at this size (--floor-sizes)")
    else:
        print(f"  {'floor: read + CountVectorizer + NMF(20)':<34}{floor['wall']:10.1f}"
              f"{floor['cpu']:10.1f}{floor['peak_gb']:9.2f}   (read {floor['steps']['read']:.1f} s, "
              f"count {floor['steps']['count']:.1f} s, NMF {floor['steps']['nmf']:.1f} s; "
              f"{floor['shape'][0]:,} x {floor['shape'][1]:,})")
    for state in ("cold", "warm"):
        if runs[state].get("error"):
            print(f"  {state} run FAILED: {runs[state]['error']}")
    if floor is not None:
        print(f"  report / floor (cold, judged seconds): {judged(runs['cold']) / judged(floor):.1f} x")


def _cell(value: float, width: int, digits: int) -> str:
    return f"{'-':>{width}}" if value != value else f"{value:{width}.{digits}f}"


def verdicts(results: dict) -> list[tuple[str, bool]]:
    checks = []
    for (n, state), limit in TARGETS.items():
        if n in results:
            run = results[n]["runs"][state]
            checks.append((f"{n:,} {state}: {judged(run) / 60:.1f} min <= {limit / 60:.0f} min",
                           not run.get("error") and judged(run) <= limit))
    for n, result in results.items():
        peak = max(result["runs"][s]["peak_gb"] for s in ("cold", "warm"))
        checks.append((f"{n:,} peak memory {peak:.2f} GB < {TARGET_PEAK_GB:.0f} GB",
                       peak < TARGET_PEAK_GB))
        failed = [s for s in ("cold", "warm") if result["runs"][s].get("error")]
        checks.append((f"{n:,} every notebook ran" + (f" (failed: {', '.join(failed)})" if failed else ""),
                       not failed))
    if 20_000 in results and 100_000 in results:
        growth = judged(results[100_000]["runs"]["cold"]) / judged(results[20_000]["runs"]["cold"])
        checks.append((f"growth 20,000 -> 100,000 (cold): {growth:.1f} x <= {TARGET_GROWTH:.0f} x",
                       growth <= TARGET_GROWTH))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000,100000", help="articles per corpus")
    parser.add_argument("--quick", action="store_true", help="1,000 and 5,000 articles")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write corpora, caches and reports here and keep them (default: a "
                             "temporary folder, removed afterwards)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks run side by side (default: the report's own rule, "
                             "report.default_jobs); 1 gives CPU seconds and memory per notebook")
    parser.add_argument("--floor-sizes", default=None,
                        help="sizes at which to measure the floor reference (default: every "
                             "size; at 100,000 articles its NMF alone takes about 15 CPU min)")
    parser.add_argument("--run-one", nargs=3, metavar=("CORPUS", "OUTPUT", "JOBS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--floor-one", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        jobs = int(args.run_one[2]) or None
        print(json.dumps(run_one(Path(args.run_one[0]), Path(args.run_one[1]), jobs)))
        return 0
    if args.floor_one:
        print(json.dumps(floor_one(Path(args.floor_one))))
        return 0
    sizes = [1000, 5000] if args.quick else _sizes(args.sizes)
    floor_sizes = sizes if args.floor_sizes is None else _sizes(args.floor_sizes)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
        return run_all(sizes, args.keep or Path(scratch), jobs=args.jobs, floor_sizes=floor_sizes)


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def run_all(sizes: list[int], work: Path, *, jobs: int | None = None,
            floor_sizes: list[int] | None = None) -> int:
    from synthetic import make_corpus_dir

    print(f"Report benchmark: {', '.join(f'{n:,}' for n in sizes)} synthetic articles; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; "
          f"jobs {jobs or 'by the report default (analysis.report.default_jobs)'}")
    results = {}
    for n in sizes:
        corpus = work / f"corpus-{n}"
        if not (corpus / "manifest.csv").exists():
            tick = time.perf_counter()
            make_corpus_dir(corpus, n)
            print(f"  wrote {n:,} article files in {time.perf_counter() - tick:.0f} s "
                  "(not part of the report)", flush=True)
        env = {**os.environ, "INDO_NEWS_FRAMING_CACHE": str(work / f"cache-{n}")}
        subprocess.run([sys.executable, "-m", "analysis", "cache", "clear", "--dir",
                        str(work / f"cache-{n}")], env=env, check=False, capture_output=True)
        runs = {}
        for state in ("cold", "warm"):
            print(f"  {n:,} articles, {state} cache: running the report ...", flush=True)
            runs[state] = in_child(["--run-one", str(corpus), str(work / f"report-{n}-{state}"),
                                    str(jobs or 0)], env)
        floor = None
        if floor_sizes is None or n in floor_sizes:
            print(f"  {n:,} articles: floor reference ...", flush=True)
            floor = in_child(["--floor-one", str(corpus)], env)
        results[n] = {"runs": runs, "floor": floor}
        print_size(n, runs, floor)
    print(f"\nTargets (judged on min(wall, CPU) seconds; load average now {os.getloadavg()[0]:.1f})")
    checks = verdicts(results)
    for text, met in checks:
        print(f"  {'met   ' if met else 'MISSED'} {text}")
    return 0 if all(met for _, met in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
