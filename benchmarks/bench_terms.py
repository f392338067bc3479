"""Benchmark: term counting and keyness on 100,000 synthetic articles (issue 3).

Targets: keyness of every group against the rest in under 5 seconds once the counts exist
(each measure: log-odds with informative Dirichlet prior, and G2 with Log Ratio), on a
vocabulary of at least 100,000 types; and counting (``terms.count_terms``: the project's
Tokenizer with the default framing-safe stop words, into a sparse matrix) at a rate within a
factor of two of a plain ``CountVectorizer()`` (its own regex tokeniser) on the same texts,
measured in the same run. Times are judged on CPU seconds of this process (``time.process_time``), which
other jobs on a shared machine do not inflate; wall-clock seconds and the load average are
printed beside them. Also reported: the frequency table, bootstrap intervals (1,000 resamples of
articles) and a Monte Carlo permutation test (999 arrangements) for 20 terms, and peak memory
(the process's maximum resident set size so far, so it bounds each stage from above).

    .venv/bin/python benchmarks/bench_terms.py            # 100,000 articles (~4 min)
    .venv/bin/python benchmarks/bench_terms.py --quick    # 10,000 articles
    .venv/bin/python benchmarks/bench_terms.py --n 30000 --groups 5
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import OUTLETS, make_articles  # noqa: E402

from analysis import terms  # noqa: E402

TARGET_KEYNESS_SECONDS = 5.0
TARGET_COUNT_RATIO = 2.0
TARGET_TYPES = 100_000


def peak_gb() -> float:
    """Peak resident set size of this process so far, in GB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def timed(label: str, func, *args, **kwargs):
    """Run ``func``; print wall-clock and CPU seconds; return (result, CPU seconds)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{label:<58} {seconds:8.2f} s wall {cpu:8.2f} s CPU   peak RSS {peak_gb():5.2f} GB",
          flush=True)
    return result, cpu


def synthetic_corpus(n: int, *, groups: int, seed: int) -> pd.DataFrame:
    """``n`` articles with outlets of unequal size (shares proportional to 1, 2, ..., groups)."""
    texts = make_articles(n, seed=seed)
    names = [OUTLETS[i] if i < len(OUTLETS) else f"Outlet {i + 1}" for i in range(groups)]
    weights = np.arange(1, groups + 1, dtype=float)
    outlets = np.random.default_rng(seed).choice(names, size=n, p=weights / weights.sum())
    return pd.DataFrame({"doc_id": [f"a{i:06d}" for i in range(n)], "outlet": outlets, "body": texts})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="10,000 articles")
    parser.add_argument("--groups", type=int, default=10, help="outlets (default 10)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    n = 10_000 if args.quick else args.n

    print(f"Term-frequency benchmark: {n:,} synthetic articles, {args.groups} outlets; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    corpus, _ = timed("generate articles (benchmarks/synthetic.py)", synthetic_corpus, n,
                      groups=args.groups, seed=args.seed)
    reference, t_reference = timed("reference: CountVectorizer() fit_transform",
                                   CountVectorizer().fit_transform, corpus["body"])
    counts, t_counts = timed("count_terms (project Tokenizer, default stop words)",
                             terms.count_terms, corpus)
    n_tokens, n_types = int(counts.units["n_tokens"].sum()), len(counts.terms)
    print(f"  {n_tokens:,} tokens, {n_types:,} types (reference: {int(reference.sum()):,} "
          f"tokens, {reference.shape[1]:,} types)")
    ratio = t_counts / t_reference
    print(f"  counting: {n / t_counts:,.0f} articles/CPU-s vs {n / t_reference:,.0f} articles/CPU-s "
          f"-> {ratio:.2f}x the reference time (target <= {TARGET_COUNT_RATIO:.0f}x)")

    timed("term_frequencies (tidy, all groups)", terms.term_frequencies, counts)
    _, t_log_odds = timed("keyness log_odds, every group vs rest", terms.keyness, counts)
    _, t_g2 = timed("keyness g2 + log_ratio, every group vs rest", terms.keyness, counts, measure="g2")
    chosen = counts.terms[np.argsort(-np.asarray(counts.matrix.sum(axis=0)).ravel())[100:120]]
    timed("bootstrap_rates: 20 terms, 1,000 resamples", terms.bootstrap_rates, counts,
          terms=list(chosen), random_state=0)
    timed("permutation_test: 20 terms, 999 arrangements, 1 target", terms.permutation_test,
          counts, target=OUTLETS[0], terms=list(chosen), n_resamples=999, random_state=0)

    checks = {
        f"vocabulary >= {TARGET_TYPES:,} types": n_types >= TARGET_TYPES,
        f"keyness log_odds < {TARGET_KEYNESS_SECONDS:.0f} s ({t_log_odds:.2f} s)": t_log_odds < TARGET_KEYNESS_SECONDS,
        f"keyness g2 < {TARGET_KEYNESS_SECONDS:.0f} s ({t_g2:.2f} s)": t_g2 < TARGET_KEYNESS_SECONDS,
        f"counting within {TARGET_COUNT_RATIO:.0f}x CountVectorizer ({ratio:.2f}x)": ratio <= TARGET_COUNT_RATIO,
    }
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
