"""Sastrawi stemmer versions compared: PySastrawi 1.2.1 (the project's) against sastrawi 1.0.1.

Checks the claim that PySastrawi 1.2.1 gives the same stems as the old ``sastrawi`` 1.0.1
package, much faster (1.2.1 keeps its root-word dictionary in a dict; 1.0.1 in a list, so each
dictionary look-up scans ~30,000 words). Both packages install as ``import Sastrawi``, so the old
one must live in its own environment; each version stems the same word types in a subprocess
of its own interpreter, with a fresh stemmer (every type stemmed once, so no cache helps).
Word types: the lower-case alphabetic words of the seed articles, plus ``--synthetic N`` types
drawn from the synthetic corpus (``synthetic.vocabulary``, most frequent first).

Set-up of the old version (a throw-away environment outside the project):
    python3 -m venv /tmp/sastrawi101 && /tmp/sastrawi101/bin/pip install sastrawi==1.0.1
Run:
    .venv/bin/python benchmarks/bench_stemmers.py [--old-python /tmp/sastrawi101/bin/python]
Without the old environment the script says so and exits with status 0 (nothing to check);
it exits with status 1 when the two versions give different stems for any word type.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_OLD_PYTHON = os.environ.get("SASTRAWI_OLD_PYTHON", "/tmp/sastrawi101/bin/python")


def worker() -> None:
    """Read a JSON list of words on stdin; write the version, timings and stems as JSON."""
    from importlib.metadata import PackageNotFoundError, version

    words = json.load(sys.stdin)
    began = time.process_time()  # CPU time: less distorted by other work on the machine
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    built = time.process_time() - began
    began = time.process_time()
    stems = [stemmer.stem(word) for word in words]
    seconds = time.process_time() - began
    try:
        release = "PySastrawi " + version("PySastrawi")
    except PackageNotFoundError:
        release = "sastrawi " + version("Sastrawi")
    json.dump({"version": release, "build_seconds": built, "seconds": seconds,
               "stems": stems}, sys.stdout)


def seed_types() -> list[str]:
    """Lower-case alphabetic word types of the seed articles, sorted."""
    from analysis.paths import SEEDS_DIR

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
    return sorted(set(re.findall(r"[a-z]+", text.lower())))


def stem_with(python: str, words: list[str]) -> dict:
    result = subprocess.run([python, str(Path(__file__).resolve()), "--worker"],
                            input=json.dumps(words), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{python} could not stem: {result.stderr.strip()[-400:]}")
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-python", default=DEFAULT_OLD_PYTHON,
                        help="interpreter of an environment with sastrawi==1.0.1 "
                             "(default $SASTRAWI_OLD_PYTHON or /tmp/sastrawi101/bin/python)")
    parser.add_argument("--synthetic", type=int, default=0,
                        help="also stem the N most frequent synthetic word types")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker()
        return 0
    if not Path(args.old_python).exists():
        print(f"SKIPPED: no interpreter with sastrawi 1.0.1 at {args.old_python}. Create one with\n"
              f"  python3 -m venv /tmp/sastrawi101 && /tmp/sastrawi101/bin/pip install "
              f"sastrawi==1.0.1\nor pass --old-python.")
        return 0
    words = seed_types()
    if args.synthetic:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from synthetic import vocabulary

        extra = [w for w in vocabulary()[0][: args.synthetic].tolist() if w.isalpha()]
        words = sorted(set(words) | set(extra))
    new = stem_with(sys.executable, words)
    old = stem_with(args.old_python, words)
    if not old["version"].startswith("sastrawi 1.0"):
        print(f"SKIPPED: {args.old_python} has {old['version']}, not sastrawi 1.0.1.")
        return 0
    differ = [(w, a, b) for w, a, b in zip(words, old["stems"], new["stems"]) if a != b]
    print(f"{len(words):,} word types ({'seeds' + (' + synthetic' if args.synthetic else '')})")
    print(f"{'version':<20}{'build s':>9}{'stem s':>10}{'us/word':>10}   (CPU time)")
    for r in (old, new):
        print(f"{r['version']:<20}{r['build_seconds']:>9.2f}{r['seconds']:>10.3f}"
              f"{1e6 * r['seconds'] / len(words):>10.1f}")
    print(f"speed-up of {new['version']} over {old['version']}: "
          f"{old['seconds'] / new['seconds']:,.0f} x (stemming), "
          f"{old['build_seconds'] / new['build_seconds']:.1f} x (building the stemmer)")
    print(f"identical stems: {len(words) - len(differ):,} of {len(words):,}")
    for word, a, b in differ[:20]:
        print(f"  {word}: {old['version']} -> {a}, {new['version']} -> {b}")
    return 1 if differ else 0  # the claim checked is "the same stems"


if __name__ == "__main__":
    sys.exit(main())
