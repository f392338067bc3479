"""Collocate windows against a slow, obviously correct count (issue 9).

The reference tokenises every unit with :meth:`Tokenizer.spans`, takes as node tokens the
tokens each concordance match overlaps, and tests every token of the unit for being within
``window`` positions of a node block of its group. :func:`analysis.collocates.collocates`
must give the same co-occurrence counts, window sizes and node counts for every node term,
including nodes inside multi-word names (*Vladimir Putin*, *Kim Jong Un*) and hyphenated
compounds (*anti-imperialis*, *Rusia-Korea*), on the seeds and on generated texts.
"""
from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.collocates import collocates, corpus_frequencies, token_offsets
from analysis.corpus import load_corpus
from analysis.framing import compile_pattern, concordance, iter_units
from analysis.tokens import Tokenizer


def reference_windows(corpus, node, *, window, by=(), tokenizer=None):
    """``{group: (Counter of window tokens, window tokens, node occurrences)}``, the slow way."""
    tokenizer = tokenizer or Tokenizer()
    kwic = concordance(corpus, node, label="voice" in by)
    result = {}
    for unit in iter_units(corpus):
        rows = kwic[(kwic["doc_id"] == unit.doc_id) & (kwic["location"] == unit.location)
                    & (kwic["paragraph"] == unit.paragraph)]
        if rows.empty:
            continue
        tokens = tokenizer.spans(unit.text)
        groups = {}
        for row in rows.itertuples():
            key = tuple(unit.outlet if b == "outlet" else row.voice for b in by)
            groups.setdefault(key, []).append((row.start, row.end))
        for key, hits in groups.items():
            blocks = []
            for start, end in hits:
                overlapping = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
                if overlapping:
                    blocks.append((min(overlapping), max(overlapping)))
            nodes = {i for first, last in blocks for i in range(first, last + 1)}
            near = [i for i in range(len(tokens)) if i not in nodes and any(
                first - window <= i < first or last < i <= last + window for first, last in blocks)]
            counter, size, n_nodes = result.setdefault(key, (Counter(), [0], [0]))
            counter.update(tokens[i].token for i in near)
            size[0] += len(near)
            n_nodes[0] += len(blocks)
    return {k: (c, s[0], n[0]) for k, (c, s, n) in result.items()}


def assert_same_as_reference(corpus, node, *, window, by=()):
    by = list(by)
    table = collocates(corpus, node, window=window, by=by, min_cooccurrence=0, min_frequency=0, exclude=None)
    reference = reference_windows(corpus, node, window=window, by=by)
    node_re = compile_pattern(node)
    found = {}
    for key, rows in (table.groupby(by) if by else [((), table)]):
        if rows.empty:
            continue
        key = tuple(key) if by else ()
        found[key] = (dict(zip(rows["collocate"], rows["o11"])), set(rows["window_tokens"]), set(rows["f_node"]))
    for key, (counter, size, n_nodes) in reference.items():
        expected = {t: n for t, n in counter.items() if not node_re.fullmatch(t.replace("_", " "))}
        if not expected:
            assert key not in found
            continue
        assert found[key] == (expected, {size}, {n_nodes}), (node, window, key)
    assert set(found) <= set(reference)


@pytest.fixture(scope="module")
def seeds():
    return load_corpus()


NODES = ["imperialis*", "hegemoni*", "*musuh*", "perjuangan suci", "putin", "kim", "rusia", "korea*",
         "jong", "un", "utara", "vladimir", "kim jong un", "anti-imperialis", "kata", "as", "pbb", "dprk"]


@pytest.mark.parametrize("node", NODES)
def test_collocates_equal_the_reference_on_the_seeds(seeds, node):
    assert_same_as_reference(seeds, node, window=5)
    assert_same_as_reference(seeds, node, window=2, by=["outlet", "voice"])


def test_kim_jong_un_near_putin_counts_every_window_on_the_seeds(seeds):
    # "Presiden Vladimir Putin" is one token: "Vladimir" is not in the window of "Putin"
    table = collocates(seeds, "putin", window=5, min_cooccurrence=1, min_frequency=1).set_index("collocate")
    assert table.loc["kim_jong_un", "o11"] == 8
    assert "vladimir" not in table.index
    assert round(table.loc["kim_jong_un", "log_likelihood"], 2) == 12.24


def test_a_hyphen_the_tokeniser_separates_at_ends_the_match():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [["Hubungan Rusia-Korea Utara dan gerakan anti-imperialis."]]})
    assert concordance(docs, "rusia")["match"].tolist() == ["Rusia"]
    assert concordance(docs, "imperialis")["match"].tolist() == ["anti-imperialis"]
    table = collocates(docs, "rusia", window=1, min_cooccurrence=1, min_frequency=1, exclude=None)
    assert sorted(table["collocate"]) == ["hubungan", "korea_utara"]


def test_min_frequency_zero_gives_the_table_not_a_negative_cell(seeds):
    table = collocates(seeds, "putin", window=5, min_cooccurrence=1, min_frequency=0)
    assert (table["o11"] <= table["f_collocate"]).all() and len(table) > 0


def test_frequencies_from_another_corpus_are_named_in_the_error(seeds):
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [["Putin memelototi Kim di Vladivostok."]]})
    with pytest.raises(ValueError, match="'memelototi' .* corpus_frequencies"):
        collocates(docs, "putin", frequencies=corpus_frequencies(seeds), min_frequency=0)


PIECES = ["Vladimir Putin", "Putin", "Kim Jong Un", "Kim Jong-un", "Kim", "Jong", "Un", "Rusia-Korea Utara",
          "DPRK-Rusia", "Rusia", "Korea", "Utara", "anti-imperialis", "Anti-Imperialis", "imperialis",
          "imperialisme", "AS", "as", "PBB", "kata", "yang", "dan", "5,4%", "negara-negara", "perang", "suci",
          "perjuangan", "Vladimir Vladimirovich Putin", "Korea  Utara", "Jong-un", ",", ".", "“", "”", '"', ":",
          "-", "(", ")", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=80), min_size=1, max_size=4),
       st.sampled_from(["putin", "kim", "rusia", "imperialis*", "korea*", "jong", "un", "as", "perjuangan suci"]),
       st.integers(min_value=0, max_value=4), st.booleans())
def test_collocates_equal_the_reference_on_generated_texts(paragraphs, node, window, by_voice):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "title": ["", "Kata Putin"], "captions": [[], []],
                         "paragraphs": [[" ".join(p) for p in paragraphs], [" ".join(paragraphs[0])]]})
    assert_same_as_reference(docs, node, window=window, by=["outlet", "voice"] if by_voice else [])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["İstanbul", "KCNA", "Korut", "  ", "\n"]), max_size=30))
def test_token_offsets_are_the_tokens_and_spans_of_the_tokeniser(pieces):
    text = " ".join(pieces)
    for tokenizer in (Tokenizer(), Tokenizer(stopwords="default"), Tokenizer(stem=True), Tokenizer(numbers=False)):
        spans = tokenizer.spans(text)
        assert token_offsets(text, tokenizer) == (
            [t.token for t in spans], [t.start for t in spans], [t.end for t in spans])
