"""Stored results (analysis.memo): the same call gives the stored result, any change computes
again, and a stored result equals a fresh one."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from analysis import cache, framing, memo, topics
from analysis.corpus import load_corpus
from analysis.paths import PROJECT_DIR


class Counted:
    """A function that counts its calls (to see whether a memo computed or read back)."""

    def __init__(self):
        self.calls = 0
        self.__module__, self.__qualname__ = "tests", "Counted"

    def __call__(self, frame, *, factor=1):
        self.calls += 1
        return frame.assign(doubled=frame["x"] * 2 * factor)


@pytest.fixture
def frame():
    return pd.DataFrame({"x": [1, 2, 3]})


def test_the_same_call_is_read_back_and_equal(tmp_path, frame):
    func = Counted()
    first = memo.Memo(cache=tmp_path)(func, frame)
    again = memo.Memo(cache=tmp_path)
    second = again(func, frame)
    assert func.calls == 1 and again.hits == 1 and again.misses == 0
    pd.testing.assert_frame_equal(first, second)
    assert second is not first  # a fresh copy: changing it cannot change the stored one


def test_any_change_computes_again(tmp_path, frame, monkeypatch):
    func = Counted()
    store = memo.Memo(cache=tmp_path)
    store(func, frame)
    store(func, frame, factor=2)  # another argument
    frame.loc[0, "x"] = 10  # the same table, changed in place
    changed = store(func, frame)
    assert func.calls == 3
    assert changed["doubled"].tolist() == [20, 4, 6]
    monkeypatch.setattr(memo, "package_fingerprint", lambda: "other code")
    memo.Memo(cache=tmp_path)(func, frame)  # the package's code or data changed
    assert func.calls == 4


def test_a_file_argument_counts_by_its_content(tmp_path):
    lexicon = tmp_path / "frames.yaml"
    lexicon.write_text("a", encoding="utf-8")
    calls = []

    def read(path):
        calls.append(path)
        return open(path, encoding="utf-8").read()

    store = memo.Memo(cache=tmp_path / "cache")
    assert store(read, str(lexicon)) == "a" and store(read, str(lexicon)) == "a"
    lexicon.write_text("b", encoding="utf-8")
    assert store(read, str(lexicon)) == "b"
    assert len(calls) == 2


def test_a_stored_result_keys_the_next_step_without_hashing_it(tmp_path, frame, monkeypatch):
    store = memo.Memo(cache=tmp_path)
    first = store(Counted(), frame)
    hashed = []
    monkeypatch.setattr(memo, "digest_of", lambda value: hashed.append(value) or "x")
    assert store.key(len, first) == store.key(len, first)
    assert not hashed
    assert store.key(len, first) != store.key(len, first.copy())  # an equal copy is hashed
    assert len(hashed) == 1


def test_items_of_a_tuple_result_are_known_too(tmp_path, frame):
    store = memo.Memo(cache=tmp_path)
    left, right = store(lambda f: (f, f.assign(y=1)), frame)
    assert store._token(right).startswith("result:") and store._token(right).endswith("[1]")


def test_without_a_cache_every_call_computes(frame):
    func = Counted()
    store = memo.Memo(cache=False)
    store(func, frame), store(func, frame)
    assert func.calls == 2 and store.misses == 2


def test_an_unreadable_entry_is_computed_again(tmp_path, frame):
    func = Counted()
    store = memo.Memo(cache=tmp_path)
    store(func, frame)
    entry = tmp_path / "results" / store.key(func, frame)
    (entry / "result.pickle").write_bytes(b"not a pickle")
    pd.testing.assert_frame_equal(store(func, frame), frame.assign(doubled=frame["x"] * 2))
    assert func.calls == 2


def test_only_the_most_recently_used_results_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(memo, "KEEP_RESULTS", 3)
    store = memo.Memo(cache=tmp_path)
    for n in range(5):
        store(abs, -n)
    assert len(list((tmp_path / "results").iterdir())) == 3
    assert store(abs, -4) == 4 and store.hits == 1  # the newest is still there


def test_cache_clear_and_summary_include_results(tmp_path, frame):
    memo.Memo(cache=tmp_path)(Counted(), frame)
    summary = cache.cache_summary(tmp_path)
    assert summary["kind"].tolist() == ["results"] and summary["source"].tolist() == ["tests.Counted"]
    assert cache.clear_cache(tmp_path)[0] == 1
    assert not (tmp_path / "results").exists()


def test_stored_framing_and_topic_results_equal_fresh_ones(tmp_path):
    corpus = load_corpus()
    store = memo.Memo(cache=tmp_path)
    for _ in range(2):  # computed, then read back
        kwic = store(framing.concordances, corpus, ["imperialis*", "hegemoni*"], window=8)
        salience, frequencies = store(framing.frame_salience, corpus, frequencies=True)
        units = topics.make_units(corpus)
        matrix = store(topics.build_term_matrix, units, min_df=2, warn=False)
        fit = store(topics.fit_topics, matrix, k=3, random_state=0)
    assert store.hits == 4 and store.misses == 4
    pd.testing.assert_frame_equal(
        kwic, framing.concordances(corpus, ["imperialis*", "hegemoni*"], window=8))
    fresh_salience, fresh_frequencies = framing.frame_salience(corpus, frequencies=True)
    pd.testing.assert_frame_equal(salience, fresh_salience)
    pd.testing.assert_frame_equal(frequencies, fresh_frequencies)
    fresh = topics.fit_topics(topics.build_term_matrix(units, min_df=2, warn=False), k=3,
                              random_state=0)
    pd.testing.assert_frame_equal(topics.top_terms(fit), topics.top_terms(fresh))


def test_a_corpus_loaded_in_two_processes_has_one_digest():
    """The key of a warm re-run must equal the cold run's: a fresh interpreter (another hash
    seed) loading the same folder gives the same digest."""
    script = ("from analysis.corpus import load_corpus; from analysis.memo import digest_of; "
              "print(digest_of(load_corpus()))")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              cwd=PROJECT_DIR, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(digests) == 1 and len(digests.pop().strip()) == 40


def test_a_result_holding_an_earlier_result_stores_a_reference(tmp_path):
    """A topic model holds its term matrix: stored, it refers to the matrix's entry instead of
    copying it, and read back it holds the matrix already in memory (or reads that entry)."""
    units = topics.make_units(load_corpus())
    store = memo.Memo(cache=tmp_path)
    matrix = store(topics.build_term_matrix, units, min_df=2, warn=False)
    fit = store(topics.fit_topics, matrix, k=3, random_state=0)
    sizes = {p.parent.name: p.stat().st_size for p in (tmp_path / "results").glob("*/result.pickle")}
    assert sizes[store.key(topics.fit_topics, matrix, k=3, random_state=0)] < sizes[
        store.key(topics.build_term_matrix, units, min_df=2, warn=False)] / 2
    again = memo.Memo(cache=tmp_path)
    matrix2 = again(topics.build_term_matrix, units, min_df=2, warn=False)
    assert again(topics.fit_topics, matrix2, k=3, random_state=0).matrix is matrix2
    alone = memo.Memo(cache=tmp_path)._read(store.key(topics.fit_topics, matrix, k=3, random_state=0))
    pd.testing.assert_frame_equal(alone.units, fit.units)
    assert (alone.doc_topic == fit.doc_topic).all()


def test_a_table_has_one_digest_however_it_is_stored_in_memory(tmp_path):
    """The corpus loaded from the page files and read back from the cache (other blocks, other
    Arrow chunks) is one table with one digest; a changed cell or column name is another."""
    fresh = load_corpus(cache=False)
    stored = load_corpus(cache=tmp_path)
    again = load_corpus(cache=tmp_path)
    pd.testing.assert_frame_equal(fresh, again)
    assert memo.digest_of(fresh) == memo.digest_of(stored) == memo.digest_of(again)
    halves = pd.concat([fresh.iloc[:2], fresh.iloc[2:]])
    assert memo.digest_of(halves) == memo.digest_of(fresh)
    changed = fresh.copy()
    changed.at[0, "paragraphs"] = changed.at[0, "paragraphs"][:-1]
    assert memo.digest_of(changed) != memo.digest_of(fresh)
    assert memo.digest_of(fresh.rename(columns={"title": "judul"})) != memo.digest_of(fresh)
    assert memo.digest_of(pd.Series(["1", 1], dtype=object)) != memo.digest_of(pd.Series(["1", "1"], dtype=object))
