"""Benchmark: topic models on 100,000 synthetic paragraphs (issue 4).

Target: one fit at k = 20 (MiniBatchNMF, online LDA, and batch NMF) in under 2 minutes and
under 4 GB peak memory. Also reported: tokenising and counting, the coherence of the fitted
topics, prevalence with 1,000 article-bootstrap replicates, and the
time of a k sweep (reference fit + restarts on 80% subsamples for each k). The reference
measured in the same run is the full-batch fit (NMF coordinate descent, batch LDA) on a
tenth of the paragraphs: a ratio near 10 means time grows linearly with the corpus. Batch NMF
is measured too, since scikit-learn's coordinate descent on a sparse TF-IDF matrix is as fast
as MiniBatchNMF at this size (which is why ``algorithm="auto"`` keeps NMF batch).

Peak memory is the process's maximum resident set size (``resource.getrusage``), a running
maximum over everything done so far, so it bounds each stage from above. A fit is judged on
the smaller of its wall-clock and CPU seconds: on an idle machine the wall clock (BLAS uses
every core, so CPU seconds add up faster than time passes); on a shared machine the CPU
seconds (other jobs stretch the wall clock, not this process's CPU time). The script exits
with status 1 when a fit misses the time target or the peak misses the memory target.

The default run (about 5 minutes here) leaves out the k sweep, which refits the model
(k values x restarts) and took 14.5 minutes with the three fits; ask for it with ``--sweep``.

    .venv/bin/python benchmarks/bench_topics.py            # 100,000 paragraphs, no sweep
    .venv/bin/python benchmarks/bench_topics.py --quick    # 10,000 paragraphs, sweep k=10,20
    .venv/bin/python benchmarks/bench_topics.py --sweep 10,20,30 --restarts 5   # + the sweep
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import OUTLETS, make_paragraphs  # noqa: E402

from analysis import topics  # noqa: E402

TARGET_SECONDS = 120.0
TARGET_GB = 4.0


def peak_gb() -> float:
    """Peak resident set size of this process so far, in GB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def timed(label: str, func, *args, **kwargs):
    """Run ``func``; print wall and CPU seconds; return (result, min(wall, CPU) seconds)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{label:<52} {seconds:8.1f} s wall {cpu:8.1f} s CPU   peak RSS {peak_gb():5.2f} GB",
          flush=True)
    return result, min(seconds, cpu)


def synthetic_units(n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` paragraphs grouped into articles of 8, outlets and months assigned in turn."""
    texts = make_paragraphs(n, seed=seed)
    article = np.arange(n) // 8
    months = pd.date_range("2023-01-01", periods=12, freq="MS", tz="Asia/Jakarta")
    units = pd.DataFrame({
        "unit_id": [f"a{a:06d}:p{i % 8:03d}" for i, a in enumerate(article)],
        "doc_id": [f"a{a:06d}" for a in article],
        "outlet": np.array(OUTLETS)[article % len(OUTLETS)],
        "published": months[article % 12],
        "position": np.arange(n) % 8,
        "text": texts,
    })
    units.attrs["unit"] = "paragraph"
    return units


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="paragraphs (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="10,000 paragraphs, sweep k=10,20")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--sweep", default="", help="k values of the sweep, e.g. 10,20,30 "
                        "(default: none; --quick sweeps 10,20)")
    parser.add_argument("--restarts", type=int, default=5, help="restarts per k in the sweep")
    args = parser.parse_args(argv)
    n, sweep = (10_000, "10,20") if args.quick else (args.n, args.sweep)
    ks = [int(k) for k in sweep.split(",") if k.strip()]

    print(f"Topic-model benchmark: {n:,} synthetic paragraphs, k = {args.k}")
    units, _ = timed("generate paragraphs (not part of the pipeline)", synthetic_units, n)
    matrix, t_count = timed("tokenise + count (min_df=5, max_df=0.5)", topics.build_term_matrix,
                            units, min_df=5, max_df=0.5)
    print(f"  {matrix.counts.shape[0]:,} units x {matrix.counts.shape[1]:,} terms, "
          f"{matrix.counts.nnz:,} non-zeros")

    variants = [("nmf", "batch"), ("nmf", "mini-batch"), ("lda", "mini-batch")]
    seconds, fits = {}, {}
    for model, algorithm in variants:
        name = {"batch": "batch (coordinate descent)", "mini-batch": "mini-batch"}[algorithm]
        if model == "lda":
            name = f"online ({topics.ONLINE_LDA_PASSES} passes)"
        fits[model, algorithm], seconds[model, algorithm] = timed(
            f"{model.upper()} {name} fit, k={args.k}", topics.fit_topics, matrix, k=args.k,
            model=model, algorithm=algorithm, random_state=0)
    agreement = topics.ranking_agreement(
        *(topics.top_terms(fits["nmf", a], n=10).groupby("topic")["term"].apply(list).tolist()
          for a in ("batch", "mini-batch")))
    print(f"  top-10 agreement of batch and mini-batch NMF: {agreement:.2f} (word salad has "
          "no true topics, so low agreement is expected)")
    top = topics.top_terms(fits["nmf", "batch"], n=10).groupby("topic")["term"].apply(list)
    coherence, _ = timed("NPMI coherence of the NMF topics (document windows)",
                         topics.topic_coherence, top.tolist(), matrix)
    print(f"  mean coherence {np.nanmean(coherence):.3f} (word salad: expect near 0)")
    timed("prevalence by outlet, 1,000 article-bootstrap draws", topics.topic_prevalence,
          fits["nmf", "batch"], n_boot=1000, random_state=0)

    small = topics.build_term_matrix(units.iloc[: max(n // 10, args.k)], min_df=5, max_df=0.5)
    reference = {}
    for model in ("nmf", "lda"):
        _, reference[model] = timed(f"reference: {model.upper()} batch fit on "
                                    f"{small.counts.shape[0]:,} units", topics.fit_topics,
                                    small, k=args.k, model=model, algorithm="batch")
    sweep_seconds = None
    if ks:
        _, sweep_seconds = timed(f"k sweep NMF (batch), k={ks}, {args.restarts} restarts",
                                 topics.score_k, matrix, ks=ks, n_restarts=args.restarts)

    print("\nSummary")
    for (model, algorithm), took in seconds.items():
        verdict = "meets" if took < TARGET_SECONDS else "MISSES"
        print(f"  {model.upper()} {algorithm} k={args.k} on {n:,}: {took:.1f} s ({verdict} the "
              f"{TARGET_SECONDS:.0f} s target); {took / reference[model]:.1f}x a batch fit on "
              f"a tenth of the data ({reference[model]:.1f} s)")
    if sweep_seconds is not None:
        n_fits = len(ks) * (args.restarts + 1)
        print(f"  k sweep: {n_fits} fits in {sweep_seconds:.0f} s "
              f"({sweep_seconds / n_fits:.1f} s per fit)")
    gb = peak_gb()
    print(f"  peak RSS {gb:.2f} GB ({'meets' if gb < TARGET_GB else 'MISSES'} the "
          f"{TARGET_GB:.0f} GB target)")
    met = all(took < TARGET_SECONDS for took in seconds.values()) and gb < TARGET_GB
    print(f"  {'all targets met' if met else 'TARGET MISSED'} (times: min of wall and CPU s)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
