"""Tests of the synthetic benchmark corpus (benchmarks/synthetic.py)."""
from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from analysis.resources import read_table

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
_spec = importlib.util.spec_from_file_location("synthetic", _PATH)
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)

WORD = re.compile(r"\w+(?:-\w+)*")


@pytest.fixture(scope="module")
def articles() -> list[str]:
    return synthetic.make_articles(400, seed=0)


def _types(texts: list[str]) -> Counter:
    return Counter(w for t in texts for w in WORD.findall(t.lower()))


def test_same_seed_gives_same_articles_and_other_seed_differs():
    assert synthetic.make_articles(20, seed=5) == synthetic.make_articles(20, seed=5)
    assert synthetic.make_articles(20, seed=5) != synthetic.make_articles(20, seed=6)
    assert synthetic.make_paragraphs(50, seed=2) == synthetic.make_paragraphs(50, seed=2)


def test_paragraph_counts_follow_the_requested_range(articles):
    counts = [a.count("\n\n") + 1 for a in articles]
    assert min(counts) == 3 and max(counts) == 12
    assert all(p.strip() and "\n" not in p for a in articles[:20] for p in a.split("\n\n"))


def test_make_paragraphs_returns_n_single_paragraphs():
    paragraphs = synthetic.make_paragraphs(37, seed=1)
    assert len(paragraphs) == 37
    assert not any("\n" in p for p in paragraphs)


def test_types_keep_growing_with_the_corpus():
    big = synthetic.make_articles(2000, seed=3)
    n_small, n_big = len(_types(big[:200])), len(_types(big))
    # Heaps' law with beta about 0.6-0.8: ten times the text gives 4-6 times the types, far more
    # than a vocabulary of the seeds' thousand words could.
    assert n_small > 20_000
    assert n_big > 3.5 * n_small


def test_rank_frequency_is_zipf_like(articles):
    freqs = np.array(sorted(_types(articles).values(), reverse=True), dtype=float)
    ranks = np.arange(1, len(freqs) + 1)
    sel = slice(9, 3000)  # ranks 10..3000, clear of the head and of the hapax tail
    slope = np.polyfit(np.log(ranks[sel]), np.log(freqs[sel]), 1)[0]
    assert -1.4 < slope < -0.7


def test_every_alias_variant_appears_in_a_large_corpus():
    text = "\n".join(synthetic.make_articles(3000, seed=0))
    variants = read_table("aliases.csv")["variant"]
    missing = [v for v in variants if v not in text]
    assert missing == []


def test_contains_quotes_decimal_commas_reduplication_and_cues(articles):
    text = "\n".join(articles)
    for mark in ['"', "“", "”", "‘", "’", "'"]:
        assert mark in text, mark
    assert re.search(r"\b\d+,\d+%", text)
    assert re.search(r"\b(\w+)-\1\b", text)
    assert re.search(r"[,.][”\"’'] (kata|ujar|tutur|ucap)", text)
    assert "Menurut " in text and " mengatakan bahwa " in text


def test_affixed_forms_follow_nasal_assimilation():
    words = set(synthetic.vocabulary()[0].tolist())
    # tulis -> menulis, serang -> menyerang, pimpin -> memimpin, kirim -> mengirim, bawa -> membawa
    expected = {"menulis", "penulisan", "menyerang", "memimpin", "pemimpin", "mengirim",
                "membawa", "mendengar", "terasa", "perekonomian", "negara-negara"}
    assert expected <= words
    assert not {"menserang", "mempimpin", "menkirim", "mengtulis"} & words


def test_vocabulary_probabilities_sum_to_one_and_decrease():
    words, probs = synthetic.vocabulary()
    assert len(words) == len(set(words.tolist())) > 500_000
    assert probs.sum() == pytest.approx(1.0)
    assert np.all(np.diff(probs) <= 0)


def test_token_corpus_reaches_the_requested_size_with_the_fewest_articles():
    docs = synthetic.make_token_corpus(20_000, seed=1)
    sizes = [synthetic.count_words(d) for d in docs]
    assert sum(sizes) >= 20_000 > sum(sizes[:-1])
    assert sizes[0] == len(docs[0].split())


def test_corpus_dir_writes_files_and_manifest(tmp_path):
    directory = synthetic.make_corpus_dir(tmp_path / "corpus", 12, seed=0)
    files = sorted(p.name for p in directory.glob("*.txt"))
    with open(directory / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(files) == 12 and [r["file"] for r in rows] == files
    assert {r["outlet"] for r in rows} <= set(synthetic.OUTLETS)
    first = (directory / files[0]).read_text(encoding="utf-8")
    assert "WIB" in first and "Google News" in first


def test_corpus_dir_without_the_new_options_is_byte_identical_to_before_they_existed(tmp_path):
    import hashlib

    directory = synthetic.make_corpus_dir(tmp_path / "corpus", 40, seed=3)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(directory.iterdir())))
    # Measured on main before n_outlets and date_span were added (files in name order,
    # manifest.csv last), so every existing benchmark still reads the same corpora.
    assert digest.hexdigest() == "717ce335fc1340cae31dc03e38fa6e5547b2b958fb484f7e19b194904e795fba"


def test_corpus_dir_with_many_outlets_and_a_date_span(tmp_path):
    import datetime as dt

    directory = synthetic.make_corpus_dir(tmp_path / "corpus", 400, seed=1, n_outlets=40,
                                          date_span=("2019-01-01", "2025-12-31"))
    with open(directory / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = synthetic.outlet_names(40)
    counts = Counter(r["outlet"] for r in rows)
    assert set(counts) <= set(names) and len(counts) >= 35
    assert counts[names[0]] > 3 * counts[names[-1]]  # unequal shares
    assert {"Kabar.id", "Warta (Jakarta)"} <= set(counts)
    days = [dt.datetime.fromisoformat(r["published"]) for r in rows]
    assert min(days).year == 2019 and max(days).year == 2025
    assert all(d.utcoffset() == dt.timedelta(hours=7) for d in days)
    first = (directory / rows[0]["file"]).read_text(encoding="utf-8")
    day = days[0]
    weekday = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")[day.weekday()]
    assert f"{weekday}, {day.day} " in first and f" {day.year} | {day:%H:%M} WIB" in first
    assert first.startswith(rows[0]["outlet"] + " | ")


def test_bad_arguments_raise_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="paragraphs"):
        synthetic.make_articles(3, paragraphs=(5, 2))
    with pytest.raises(ValueError, match="n must be"):
        synthetic.make_paragraphs(-1)
    with pytest.raises(ValueError, match="n_outlets"):
        synthetic.outlet_names(0)
    with pytest.raises(ValueError, match="date_span"):
        synthetic.make_corpus_dir(tmp_path / "never", 3, date_span=("2025-01-01", "2019-01-01"))
    assert not (tmp_path / "never").exists()  # checked before anything is written


def test_module_doctests_pass():
    # benchmarks/ is outside the doctest paths of `make test`, so run its examples here.
    import doctest

    result = doctest.testmod(synthetic, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6 and result.failed == 0
