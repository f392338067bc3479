"""Benchmark: concordance, voice labels, collocates and frame salience on one long paragraph (issue 9).

A text without paragraph breaks (a page dump on one line, a transcript) must cost about what
the same text costs in paragraphs. For each size (25, 50, 100, 200, 400 kB) this script builds
a text from synthetic paragraphs (benchmarks/synthetic.py, with ``imperialis``, a quoted
``"imperialis"``, *apa yang ia sebut sebagai imperialis* and *Vladimir Putin* injected into
every paragraph, so that every size has many matches, quotations, attributions and names to
label), then times, in CPU seconds, on the text as ONE paragraph and on the same text in its
paragraphs (the reference, measured in the same run):

- ``framing.concordance`` of ``imperialis*`` with voice, distancing and speaker labels;
- ``collocates.collocates`` of ``putin`` (a node inside a multi-word name) with the frequency
  table given;
- ``framing.frame_salience`` (every token labelled with its voice).

Target: at 400 kB each step takes at most 2 x the time of the same text in paragraphs.
The script exits with status 1 when a target is missed.

    .venv/bin/python benchmarks/bench_long_paragraphs.py
    .venv/bin/python benchmarks/bench_long_paragraphs.py --sizes 25 50 100   # no target below 400 kB
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_paragraphs  # noqa: E402

from analysis import collocates, framing  # noqa: E402

TARGET_RATIO = 2.0
TARGET_KB = 400
INJECTIONS = ('imperialis', '"imperialis"', "apa yang ia sebut sebagai imperialis", "Vladimir Putin")


def paragraphs_of(kilobytes: int, *, seed: int = 0) -> list[str]:
    """Synthetic paragraphs totalling ``kilobytes`` kB, each with one injected node phrase."""
    pool, out, size = make_paragraphs(2_000, seed=seed), [], 0
    while size < kilobytes * 1000:
        i = len(out)
        paragraph = f"{pool[i % len(pool)]} {INJECTIONS[i % len(INJECTIONS)]} kata Kim."
        out.append(paragraph)
        size += len(paragraph) + 1
    return out


def corpus_of(paragraphs: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["long"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [paragraphs]})


def cpu(func) -> float:
    start = time.process_time()
    func()
    return time.process_time() - start


STEPS = {
    "concordance + labels": lambda c, f: framing.concordance(c, "imperialis*"),
    "collocates of putin": lambda c, f: collocates.collocates(c, "putin", frequencies=f, min_cooccurrence=1,
                                                              min_frequency=1),
    "frame salience": lambda c, f: framing.frame_salience(c),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200, 400], help="kB (default %(default)s)")
    args = parser.parse_args(argv)
    framing.frame_salience(corpus_of(["Kata Kim: persahabatan."]))  # load the stemmer and lexicon first
    print(f"{'step':<22} {'kB':>5} {'one paragraph':>14} {'in paragraphs':>14} {'ratio':>6}  (CPU s)")
    missed = []
    for kilobytes in args.sizes:
        paragraphs = paragraphs_of(kilobytes)
        split, joined = corpus_of(paragraphs), corpus_of([" ".join(paragraphs)])
        split_frequencies = collocates.corpus_frequencies(split)
        joined_frequencies = collocates.corpus_frequencies(joined)
        for name, step in STEPS.items():
            one = cpu(lambda: step(joined, joined_frequencies))
            many = cpu(lambda: step(split, split_frequencies))
            ratio = one / many if many else float("inf")
            verdict = ""
            if kilobytes == TARGET_KB:
                verdict = "MET" if ratio <= TARGET_RATIO else "MISSED"
                if verdict == "MISSED":
                    missed.append(name)
            print(f"{name:<22} {kilobytes:>5} {one:>14.2f} {many:>14.2f} {ratio:>6.2f}  {verdict}", flush=True)
    print(f"\ntarget: ratio <= {TARGET_RATIO:.0f} at {TARGET_KB} kB for every step"
          + ("" if TARGET_KB in args.sizes else f" (not measured: {TARGET_KB} kB not among --sizes)"))
    if missed:
        print(f"MISSED: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
