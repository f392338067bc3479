"""Partitioned analyses (analysis.partitions): the same result with a pool as in one pass."""
from __future__ import annotations

import functools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import framing, partitions
from analysis.corpus import load_corpus


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 50_000), st.integers(1, 8))
def test_split_rows_covers_every_row_once_in_order(n_rows, workers):
    ranges = partitions.split_rows(n_rows, workers)
    assert [i for r in ranges for i in range(r.start, r.stop)] == list(range(n_rows))
    assert all(r.stop - r.start <= 5_000 for r in ranges)
    assert all(r.stop - r.start >= 500 for r in ranges[:-1])


def test_map_partitions_gives_the_results_in_row_order(monkeypatch):
    monkeypatch.setattr(partitions, "split_rows", functools.partial(partitions.split_rows, smallest=3))
    frame = pd.DataFrame({"a": range(40)})
    parts = partitions.map_partitions(_first_rows, frame, workers=2)
    assert len(parts) > 2 and [i for part in parts for i in part] == list(range(40))


def _first_rows(part):
    return part["a"].tolist()


def test_the_environment_caps_the_workers(monkeypatch):
    monkeypatch.setattr(partitions.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(partitions, "_main_reimports_safely", lambda: True)
    monkeypatch.delenv(partitions.WORKERS_ENV, raising=False)
    assert partitions.default_workers(1_000_000) == 4  # one per core
    monkeypatch.setenv(partitions.WORKERS_ENV, "2")
    assert partitions.default_workers(1_000_000) == 2
    monkeypatch.setenv(partitions.WORKERS_ENV, "1")
    assert partitions.default_workers(1_000_000) == 1
    monkeypatch.delenv(partitions.WORKERS_ENV)
    assert partitions.default_workers(10) == 1  # too few rows for a pool


def test_a_script_without_a_main_guard_gets_one_process(monkeypatch):
    import types

    script = types.ModuleType("__main__")
    script.__file__, script.__spec__ = "/tmp/analyse.py", None
    monkeypatch.setitem(partitions.sys.modules, "__main__", script)
    assert not partitions._main_reimports_safely()
    assert partitions.default_workers(1_000_000) == 1


@pytest.fixture(scope="module")
def many_articles():
    """The seeds 60 times under 7 outlets (an outlet first met in a later partition too)."""
    seeds = load_corpus()
    copies = [seeds.assign(doc_id=seeds["doc_id"] + f"-{i}",
                           outlet=[f"Outlet {(i * 5 + j) % 7}" for j in range(len(seeds))])
              for i in range(60)]
    return pd.concat(copies, ignore_index=True)


@pytest.fixture
def small_partitions(monkeypatch):
    monkeypatch.setattr(partitions, "split_rows", functools.partial(partitions.split_rows, smallest=20))


def test_frame_salience_with_a_pool_equals_one_pass(many_articles, small_partitions):
    one_table, one_counts = framing.frame_salience(many_articles, frequencies=True, workers=1)
    pool_table, pool_counts = framing.frame_salience(many_articles, frequencies=True, workers=2)
    pd.testing.assert_frame_equal(pool_table, one_table)
    pd.testing.assert_frame_equal(pool_counts, one_counts)  # same order of outlets and tokens


def test_concordances_with_a_pool_equal_one_pass(many_articles, small_partitions):
    patterns = ["imperialis*", "hegemoni*", "tidak ada kata seperti ini"]
    one = framing.concordances(many_articles, patterns, workers=1)
    pool = framing.concordances(many_articles, patterns, workers=2)
    pd.testing.assert_frame_equal(pool, one)
    assert len(one) > 60 and set(one["node"]) == set(patterns[:2])


def test_term_counts_with_a_pool_equal_one_pass(many_articles, small_partitions):
    from analysis.terms import _count_matrix
    from analysis.tokens import Tokenizer

    texts = many_articles["body"].tolist() + [""]  # an empty text too
    one_matrix, one_terms = _count_matrix(texts, Tokenizer(), workers=1)
    pool_matrix, pool_terms = _count_matrix(texts, Tokenizer(), workers=2)
    assert (pool_terms == one_terms).all()
    for name in ("data", "indices", "indptr"):
        assert getattr(pool_matrix, name).dtype == getattr(one_matrix, name).dtype
        assert (getattr(pool_matrix, name) == getattr(one_matrix, name)).all()


def test_topic_tokens_with_a_pool_equal_one_pass(many_articles, small_partitions, monkeypatch):
    from analysis import topics

    units = topics.make_units(many_articles)
    monkeypatch.setenv(partitions.WORKERS_ENV, "1")
    one = topics.build_term_matrix(units, min_df=2, warn=False)
    monkeypatch.setattr(partitions, "default_workers", lambda n: 2)
    pool = topics.build_term_matrix(units, min_df=2, warn=False)
    assert pool.tokens == one.tokens and (pool.terms == one.terms).all()
    assert (pool.counts != one.counts).nnz == 0


def test_a_worker_maps_its_partition_in_one_pass(monkeypatch):
    """A function mapped over partitions that maps again gets no pool of its own (a pool
    worker may not start processes)."""
    monkeypatch.setattr(partitions, "split_rows", functools.partial(partitions.split_rows, smallest=3))
    frame = pd.DataFrame({"a": range(12)})
    assert partitions.map_partitions(_workers_inside, frame, workers=2) == [1] * 4


def _workers_inside(part):
    return partitions.default_workers(1_000_000)
