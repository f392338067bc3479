"""Benchmark: concordance with voice labelling, collocates and frame salience on synthetic articles (issues 5, 13).

Targets, in CPU seconds (the machine is shared; wall seconds are printed too):
``framing.concordance`` of ``imperialis*`` (every occurrence labelled with voice, distancing
and speaker) over 100,000 articles in under 60 s; ``collocates.collocates`` of one node term
(frequency table given) in under 10 s. At another ``--n`` the targets scale in proportion
(both steps are linear in the corpus). ``framing.frame_salience`` is timed on the first 20,000
articles (notebook 03's size in issue 13), with the number of word types it stems against all
word types (target: at most 1 %); the reference is Sastrawi run on every word type, as
frame_salience did before (timed on a sample of 20,000 types and scaled to all of them).
The script exits with status 1 when a target is missed. The synthetic articles (benchmarks/synthetic.py) already carry quotations
and attribution cues; this script injects the node family (imperialis, imperialisme,
anti-imperialis, "imperialis" in quotes, "apa yang ia sebut sebagai imperialis") into a fixed
share of paragraphs with a seeded generator, so there are tens of thousands of occurrences to label.

References measured in the same run: a bare ``re.finditer`` over every unit (the cost of
finding matches without voice labelling), and ``collocates.corpus_frequencies`` (tokenising the
whole corpus once; a collocate query reuses it, as AntConc's collocate tool reuses the token list
it built when the corpus was loaded). Collocates are timed both with the frequency table given
(the target) and end to end.

    .venv/bin/python benchmarks/bench_framing.py            # 100,000 articles (~4 CPU min, 4.5 min wall at a load of 3.5)
    .venv/bin/python benchmarks/bench_framing.py --quick    # 10,000 articles
    .venv/bin/python benchmarks/bench_framing.py --n 30000 --share 0.2
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import OUTLETS, make_articles  # noqa: E402

from analysis import collocates, framing, tokens  # noqa: E402

KWIC_TARGET_SECONDS = 60.0  # CPU seconds at TARGET_ARTICLES
COLLOCATES_TARGET_SECONDS = 10.0
TARGET_ARTICLES = 100_000
SALIENCE_ARTICLES = 20_000
STEMMED_SHARE_TARGET = 0.01
INJECTIONS = ("imperialis", "imperialisme", "anti-imperialis", '"imperialis"',
              "apa yang ia sebut sebagai imperialis", "kaum imperialis")


def build_corpus(n: int, *, share: float, seed: int) -> pd.DataFrame:
    """Synthetic articles as a corpus table, node terms injected into ``share`` of paragraphs."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, article in enumerate(make_articles(n, seed=seed)):
        paragraphs = article.split("\n\n")
        for j in np.flatnonzero(rng.random(len(paragraphs)) < share):
            words = paragraphs[j].split(" ")
            k = int(rng.integers(0, len(words)))
            words.insert(k, INJECTIONS[int(rng.integers(0, len(INJECTIONS)))])
            paragraphs[j] = " ".join(words)
        rows.append((f"syn_{i:06d}", OUTLETS[i % len(OUTLETS)], paragraphs[0][:80], [], paragraphs))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "title", "captions", "paragraphs"])


def timed(label: str, func):
    """Run ``func``; print wall-clock and CPU seconds (CPU time is what a busy machine inflates
    least: compare it with the target when other jobs share the processors)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<58} {seconds:8.2f} s wall {cpu_seconds:8.2f} s CPU", flush=True)
    return result, cpu_seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default %(default)s)")
    parser.add_argument("--quick", action="store_true", help="10,000 articles")
    parser.add_argument("--share", type=float, default=0.15, help="share of paragraphs given a node term")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    n = 10_000 if args.quick else args.n

    corpus, _ = timed(f"generate {n:,} synthetic articles (not a target)", lambda: build_corpus(n, share=args.share, seed=args.seed))
    n_units = int(corpus["paragraphs"].map(len).sum()) + len(corpus)
    print(f"{n_units:,} units, {sum(len(p) for ps in corpus['paragraphs'] for p in ps) / 1e6:.0f} MB of text")

    pattern = framing.compile_pattern("imperialis*")
    bare, bare_s = timed("reference: bare regex scan of every unit", lambda: sum(
        1 for unit in framing.iter_units(corpus) for _ in pattern.finditer(unit.text)))
    kwic, kwic_s = timed("concordance + voice/distancing/speaker labels", lambda: framing.concordance(corpus, "imperialis*"))
    print(f"  {len(kwic):,} occurrences (bare scan found {bare:,}); voices: "
          + ", ".join(f"{v} {c:,}" for v, c in kwic["voice"].value_counts().items()))
    print(f"  labelling overhead: {kwic_s / bare_s:.1f}x the bare scan; "
          f"{1e6 * kwic_s / max(len(kwic), 1):.0f} us per occurrence")

    freq, freq_s = timed("reference: corpus_frequencies (tokenise everything once)", lambda: collocates.corpus_frequencies(corpus))
    table, coll_s = timed("collocates of imperialis* (frequency table given)", lambda: collocates.collocates(
        corpus, "imperialis*", window=5, frequencies=freq, min_cooccurrence=5, min_frequency=5))
    _, by_s = timed("collocates of imperialis* by outlet and voice (table given)", lambda: collocates.collocates(
        corpus, "imperialis*", window=5, by=["outlet", "voice"], frequencies=freq, min_cooccurrence=5, min_frequency=5))
    print(f"  {len(table):,} collocates; top by logDice: "
          + ", ".join(table.nlargest(5, "log_dice")["collocate"]))
    salience_n = min(n, SALIENCE_ARTICLES)
    sample = corpus.iloc[:salience_n]
    _, salience_s = timed(f"frame_salience of {salience_n:,} articles", lambda: framing.frame_salience(sample))
    types = sorted(set(collocates.corpus_frequencies(sample)["token"]))
    index = framing.FrameIndex(framing.load_frames(), framing._stemmer())
    stemmed = [t for t in types if index.could_stem_to_a_lexicon_stem(t)]  # the types it stems
    stemmer = tokens._sastrawi_stemmer()
    stem_sample = types[:: max(1, len(types) // 20_000)]
    _, stem_s = timed(f"reference: Sastrawi on {len(stem_sample):,} of {len(types):,} word types",
                      lambda: [tokens._stem(stemmer, t) for t in stem_sample])
    stem_all_s = stem_s * len(types) / max(len(stem_sample), 1)
    stemmed_share = len(stemmed) / max(len(types), 1)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2

    scale = n / TARGET_ARTICLES
    kwic_target, coll_target = KWIC_TARGET_SECONDS * scale, COLLOCATES_TARGET_SECONDS * scale
    at = "" if n == TARGET_ARTICLES else f" (targets scaled to {n:,} articles)"
    checks = {
        "concordance + labels": kwic_s < kwic_target,
        "collocates, one node": coll_s < coll_target,
        "salience stems at most 1 % of word types": stemmed_share <= STEMMED_SHARE_TARGET,
    }
    print("\nsummary" + at)
    print(f"  concordance + labels: {kwic_s:.1f} CPU s (target < {kwic_target:.1f}): "
          f"{'MET' if checks['concordance + labels'] else 'MISSED'}")
    print(f"  collocates, one node: {coll_s:.1f} CPU s (target < {coll_target:.1f}): "
          f"{'MET' if checks['collocates, one node'] else 'MISSED'}; by outlet x voice {by_s:.1f} s; "
          f"end to end with the one-off frequency table {freq_s + coll_s:.1f} s")
    print(f"  frame salience, {salience_n:,} articles: {salience_s:.1f} CPU s; stemmed {len(stemmed):,} of "
          f"{len(types):,} word types ({100 * stemmed_share:.3f} %, target <= 1 %: "
          f"{'MET' if checks['salience stems at most 1 % of word types'] else 'MISSED'}); stemming every type, as "
          f"before, would cost about {stem_all_s:.0f} CPU s")
    print(f"  peak resident memory {peak_gb:.2f} GB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall times above a load of one per CPU are inflated by other jobs)")
    missed = [name for name, ok in checks.items() if not ok]
    if missed:
        print(f"MISSED: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
