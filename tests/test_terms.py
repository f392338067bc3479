"""Tests for analysis.terms: counting, the keyness formulas against hand-worked values,
filters, bootstrap intervals, permutation tests and glosses."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis import terms
from analysis.terms import (
    bootstrap_rates, count_terms, dirichlet_prior, filter_terms, gloss_labels, group_summary,
    keyness, log_likelihood, log_odds_dirichlet, log_ratio, permutation_test, read_background,
    term_frequencies, top_terms,
)


def corpus(bodies: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """doc_id -> (outlet, body) as a load_corpus-like table."""
    return pd.DataFrame({
        "doc_id": list(bodies), "outlet": [o for o, _ in bodies.values()],
        "body": [b for _, b in bodies.values()],
        "paragraphs": [b.split("\n\n") for _, b in bodies.values()],
    })


# -- formulas against hand-worked numbers ----------------------------------------------------
def test_log_likelihood_matches_hand_calculation():
    # a=10, b=20 (term), c=1000, d=4000 (totals); N = 5000, k = 30.
    # Expected: E11 = 1000*30/5000 = 6, E12 = 4000*30/5000 = 24,
    #           E21 = 1000*4970/5000 = 994, E22 = 4000*4970/5000 = 3976.
    # O ln(O/E): 10 ln(10/6) = 5.108256, 20 ln(20/24) = -3.646431,
    #            990 ln(990/994) = -3.991941, 3980 ln(3980/3976) = 4.002011.
    # G2 = 2 * (5.108256 - 3.646431 - 3.991941 + 4.002011) = 2 * 1.471896 = 2.943791
    assert log_likelihood(10, 20, 1000, 4000) == pytest.approx(2.943791, abs=1e-6)


def test_log_likelihood_with_zero_target_count():
    # a=0, b=10, c=100, d=100: O = (0, 10, 100, 90); N = 200, k = 10; E = (5, 5, 95, 95).
    # 0 ln 0 = 0; 10 ln(10/5) = 6.931472; 100 ln(100/95) = 5.129329; 90 ln(90/95) = -4.866050.
    # G2 = 2 * (6.931472 + 5.129329 - 4.866050) = 2 * 7.194751 = 14.389503
    assert log_likelihood(0, 10, 100, 100) == pytest.approx(14.389503, abs=1e-6)


def test_log_likelihood_is_zero_for_equal_relative_frequencies():
    # 5/100 = 10/200: every O equals its E, so every log term is ln 1 = 0.
    assert log_likelihood(5, 10, 100, 200) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(60, 500), st.integers(60, 500))
def test_log_likelihood_equals_scipy_g_test(a, b, c, d):
    if a + b == 0:
        return
    table = np.array([[a, b], [c - a, d - b]])
    expected, *_ = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert log_likelihood(a, b, c, d) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_log_ratio_doubling_is_one():
    # (10/1000) / (20/4000) = 0.01 / 0.005 = 2; log2 2 = 1
    assert log_ratio(10, 20, 1000, 4000) == pytest.approx(1.0)


def test_log_ratio_replaces_a_zero_count_by_half():
    # a = 0 -> 0.5: (0.5/100) / (8/400) = 0.005 / 0.02 = 0.25; log2 0.25 = -2
    assert log_ratio(0, 8, 100, 400) == pytest.approx(-2.0)
    # b = 0 -> 0.5: (4/100) / (0.5/50) = 0.04 / 0.01 = 4; log2 4 = 2
    assert log_ratio(4, 0, 100, 50) == pytest.approx(2.0)


def test_log_odds_matches_hand_calculation():
    # y_i=10, n_i=100, y_j=5, n_j=200, alpha_w=1, alpha_0=10
    # delta = ln(11 / (100+10-10-1)) - ln(6 / (200+10-5-1)) = ln(11/99) - ln(6/204)
    #       = -2.197225 - (-3.526361) = 1.329136   (= ln(34/9))
    # variance = 1/11 + 1/6 = 0.090909 + 0.166667 = 0.257576
    # z = 1.329136 / sqrt(0.257576) = 1.329136 / 0.507519 = 2.618888
    delta, variance, z = log_odds_dirichlet(10, 5, 100, 200, 1.0, 10.0)
    assert delta == pytest.approx(1.329136, abs=1e-6)
    assert variance == pytest.approx(0.257576, abs=1e-6)
    assert z == pytest.approx(2.618888, abs=1e-6)


def test_log_odds_is_antisymmetric_in_the_two_groups():
    forward = log_odds_dirichlet([3, 0], [1, 7], 50, 80, [0.5, 2.0], 20.0)
    backward = log_odds_dirichlet([1, 7], [3, 0], 80, 50, [0.5, 2.0], 20.0)
    np.testing.assert_allclose(forward[0], -backward[0])
    np.testing.assert_allclose(forward[1], backward[1])
    np.testing.assert_allclose(forward[2], -backward[2])


def test_corpus_prior_spreads_alpha_0_by_corpus_share():
    # counts 6, 3, 1 of 10 tokens; alpha_0 = 20 -> 20 * (0.6, 0.3, 0.1) = (12, 6, 2)
    np.testing.assert_allclose(dirichlet_prior([6, 3, 1], alpha_0=20), [12, 6, 2])


def test_default_prior_is_the_corpus_counts_themselves():
    # alpha_0 = None -> alpha_0 = N = 6 + 3 + 1 = 10, so alpha_w = 10 * y_w / 10 = y_w
    assert dirichlet_prior([6, 3, 1]).tolist() == [6.0, 3.0, 1.0]
    # ... and it grows with the corpus: 100 times the tokens, 100 times the prior
    assert dirichlet_prior([600, 300, 100]).tolist() == [600.0, 300.0, 100.0]


def test_background_prior_defaults_to_the_corpus_size():
    # corpus N = 4 + 4 = 8 tokens; background shares after + 1: surat 3/4, kim 1/4
    # -> alpha = 8 * (3/4, 1/4) = (6, 2)
    prior = dirichlet_prior([4, 4], background=pd.Series({"surat": 2}), terms=["surat", "kim"])
    np.testing.assert_allclose(prior, [6, 2])


def test_non_positive_alpha_0_says_how_to_get_the_default():
    with pytest.raises(ValueError, match="alpha_0 must be positive, not 0.*None"):
        dirichlet_prior([1, 2], alpha_0=0)


def test_background_prior_adds_one_and_covers_missing_terms(tmp_path):
    path = tmp_path / "background.csv"
    path.write_text("# test list\nterm,count\nSurat,5\nsurat,1\nkim,2\n", encoding="utf-8")
    background = read_background(path)
    assert background.to_dict() == {"kim": 2, "surat": 6}
    # surat 6+1 = 7, kim 2+1 = 3, rudal (absent) 0+1 = 1; total 11; alpha_0 = 22 -> 14, 6, 2
    prior = dirichlet_prior(None, alpha_0=22, background=background, terms=["surat", "kim", "rudal"])
    np.testing.assert_allclose(prior, [14, 6, 2])


def test_background_list_with_bad_counts_names_the_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("term,count\nsurat,banyak\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv.*non-negative"):
        read_background(path)


# -- counting -------------------------------------------------------------------------------
def test_counts_articles_with_the_project_tokenizer():
    counts = count_terms(corpus({"a": ("X", "Kim Jong Un menulis surat yang hangat."),
                                 "b": ("Y", "Korut membalas surat itu.")}))
    assert counts.terms.tolist() == ["hangat", "kim_jong_un", "korea_utara", "membalas", "menulis",
                                     "surat"]
    assert counts.matrix.toarray().tolist() == [[1, 1, 0, 0, 1, 1], [0, 0, 1, 1, 0, 1]]
    assert counts.units[["doc_id", "outlet", "n_tokens"]].to_dict("list") == {
        "doc_id": ["a", "b"], "outlet": ["X", "Y"], "n_tokens": [4, 3]}


def test_stop_word_choice_is_recorded_and_switchable():
    texts = ["Yang dikatakan Putin, kata Kim, adalah surat."]
    default = count_terms(texts)
    assert "yang" not in default.terms and "kata" in default.terms  # attribution cue kept
    assert default.settings["stopwords"] == "default" and default.settings["n_stopwords"] > 500
    kept = count_terms(texts, stopwords=None)
    assert "yang" in kept.terms and kept.settings == {**kept.settings, "stopwords": "none",
                                                       "n_stopwords": 0}
    custom = count_terms(texts, stopwords=["surat"])
    assert "surat" not in custom.terms and custom.settings["stopwords"] == "custom list (1 words)"
    table = keyness(count_terms(corpus({"a": ("X", "surat yang"), "b": ("Y", "rudal")})))
    assert table.attrs["stopwords"] == "default"


def test_paragraph_units_sum_to_articles_and_doc_freq_counts_articles():
    data = corpus({"a": ("X", "surat surat\n\nsurat rudal"), "b": ("X", "rudal"),
                   "c": ("Y", "surat")})
    paragraphs = count_terms(data, unit="paragraph")
    assert paragraphs.units["paragraph"].tolist() == [0, 1, 0, 0]
    assert paragraphs.units["n_tokens"].tolist() == [2, 2, 1, 1]
    freq = term_frequencies(paragraphs)
    surat_x = freq[(freq.group == "X") & (freq.term == "surat")].iloc[0]
    # X: 5 tokens (surat 3, rudal 2); surat in 1 of the 2 X articles, not in 2 paragraphs
    assert (surat_x["count"], surat_x["total"], surat_x["doc_freq"], surat_x["n_docs"]) == (3, 5, 1, 2)
    assert surat_x["rate_per_10k"] == pytest.approx(3 / 5 * 10_000)
    articles = term_frequencies(count_terms(data))
    pd.testing.assert_frame_equal(articles, freq)


def test_group_summary_counts_tokens_types_and_documents():
    data = corpus({"a": ("X", "surat surat\n\nsurat rudal"), "b": ("X", "rudal kim"),
                   "c": ("Y", "surat")})
    summary = group_summary(count_terms(data, unit="paragraph"))
    assert summary.to_dict("list") == {"group": ["X", "Y"], "n_docs": [2, 1], "n_units": [3, 1],
                                       "total": [6, 1], "types": [3, 1]}


def test_filters_keep_rates_relative_to_all_tokens():
    data = corpus({"a": ("X", "surat surat rudal"), "b": ("Y", "surat kim")})
    filtered = filter_terms(count_terms(data), min_docs=2)
    assert filtered.terms.tolist() == ["surat"]
    freq = term_frequencies(filtered)
    # X keeps its 3 tokens as the denominator: 2/3 * 10,000
    assert freq.loc[freq.group == "X", "rate_per_10k"].item() == pytest.approx(6666.6667, abs=1e-3)
    assert filtered.settings["min_docs"] == 2


def test_filter_that_removes_everything_says_what_to_do():
    with pytest.raises(ValueError, match="no terms remain. Try a lower min_count"):
        filter_terms(count_terms(["surat rudal"]), min_count=5)


def test_unknown_grouping_column_lists_the_available_ones():
    with pytest.raises(ValueError, match="Unknown grouping column 'media'.*outlet"):
        term_frequencies(count_terms(corpus({"a": ("X", "surat")})), by="media")


# -- keyness --------------------------------------------------------------------------------
TWO_OUTLETS = {"a": ("X", "surat surat rudal"), "b": ("Y", "rudal rudal")}


def test_log_odds_keyness_row_recomputes_by_hand():
    table = keyness(count_terms(corpus(TWO_OUTLETS)))
    row = table[(table.group == "X") & (table.term == "surat")].iloc[0]
    # corpus: surat 2, rudal 3 of 5 tokens; the default prior is the corpus itself:
    # alpha_0 = N = 5, alpha_surat = 5 * 2/5 = 2 (the corpus count of surat)
    # X vs rest: y_i = 2, n_i = 3, y_j = 0, n_j = 2
    # delta = ln((2+2)/(3+5-2-2)) - ln((0+2)/(2+5-0-2)) = ln(4/4) - ln(2/5) = 0.916291
    # variance = 1/4 + 1/2 = 0.75; z = 0.916291 / 0.866025 = 1.058041
    assert (row["count"], row["total"], row["count_reference"], row["total_reference"]) == (2, 3, 0, 2)
    assert (row["alpha_w"], row["alpha_0"], row["reference"]) == (2.0, 5.0, "rest")
    assert row["delta"] == pytest.approx(0.916291, abs=1e-6)
    assert row["variance"] == pytest.approx(0.75)
    assert row["z"] == pytest.approx(1.058041, abs=1e-6)
    assert row["p_value"] == pytest.approx(2 * stats.norm.sf(1.058041), abs=1e-6)
    # The same term seen from Y is the mirror image.
    mirror = table[(table.group == "Y") & (table.term == "surat")].iloc[0]
    assert mirror["z"] == pytest.approx(-row["z"])
    assert (table.attrs["prior"], table.attrs["alpha_0"], table.attrs["alpha_0_source"]) == (
        "corpus", 5.0, "corpus tokens")


def test_log_odds_with_an_explicit_alpha_0_by_hand():
    table = keyness(count_terms(corpus(TWO_OUTLETS)), alpha_0=10.0)
    row = table[(table.group == "X") & (table.term == "surat")].iloc[0]
    # alpha_surat = 10 * 2/5 = 4; X: y_i = 2, n_i = 3; rest: y_j = 0, n_j = 2
    # delta = ln((2+4)/(3+10-2-4)) - ln((0+4)/(2+10-0-4)) = ln(6/7) - ln(4/8)
    #       = -0.154151 - (-0.693147) = 0.538997
    # variance = 1/6 + 1/4 = 0.416667; z = 0.538997 / 0.645497 = 0.835010
    assert (row["alpha_w"], row["alpha_0"]) == (4.0, 10.0)
    assert row["delta"] == pytest.approx(0.538997, abs=1e-6)
    assert row["variance"] == pytest.approx(0.416667, abs=1e-6)
    assert row["z"] == pytest.approx(0.835010, abs=1e-6)
    assert table.attrs["alpha_0_source"] == "set"


def test_g2_keyness_carries_inputs_and_marks_direction():
    data = corpus({"a": ("X", " ".join(["surat"] * 10 + ["rudal"] * 990)),
                   "b": ("Y", " ".join(["surat"] * 20 + ["rudal"] * 3980))})
    table = keyness(count_terms(data), target="X", measure="g2")
    row = table[table.term == "surat"].iloc[0]
    assert (row["count"], row["total"], row["count_reference"], row["total_reference"]) == (10, 1000, 20, 4000)
    assert row["g2"] == pytest.approx(2.943791, abs=1e-6)  # the hand calculation above
    assert row["p_value"] == pytest.approx(stats.chi2.sf(2.943791, 1), abs=1e-7)
    assert row["log_ratio"] == pytest.approx(1.0)
    assert row["score"] == pytest.approx(row["g2"])  # over-used: positive
    assert table.loc[table.term == "rudal", "score"].item() < 0


def test_benjamini_hochberg_adjusts_within_each_comparison():
    data = corpus({"a": ("X", "surat surat surat surat rudal kim"), "b": ("Y", "rudal rudal kim senjata"),
                   "c": ("Z", "kim senjata senjata perang")})
    table = keyness(count_terms(data), measure="g2")
    for _, part in table.groupby("group"):
        expected = stats.false_discovery_control(part["p_value"].to_numpy(), method="bh")
        np.testing.assert_allclose(part["p_adjusted"], expected)
    assert set(table.group) == {"X", "Y", "Z"} and (table.reference == "rest").all()


def test_target_against_chosen_reference_ignores_other_groups_in_counts_not_in_prior():
    data = corpus({"a": ("X", "surat surat"), "b": ("Y", "rudal surat"), "c": ("Z", "kim kim kim")})
    table = keyness(count_terms(data), target="X", reference=["Y"], alpha_0=8.0)
    row = table[table.term == "surat"].iloc[0]
    assert (row["count"], row["total"], row["count_reference"], row["total_reference"]) == (2, 2, 1, 2)
    assert row["reference"] == "Y"
    # prior from the whole corpus (7 tokens): alpha_surat = 8 * 3/7
    assert row["alpha_w"] == pytest.approx(8 * 3 / 7)


def test_unknown_target_lists_the_groups():
    with pytest.raises(ValueError, match="Unknown group 'Kompas'. The groups are: X, Y"):
        keyness(count_terms(corpus(TWO_OUTLETS)), target="Kompas")


def test_top_terms_ranks_over_used_terms_per_group():
    data = corpus({"a": ("X", "surat surat surat rudal kim"), "b": ("Y", "rudal rudal rudal kim surat")})
    top = top_terms(keyness(count_terms(data), measure="g2"), n=1)
    assert top[["group", "term", "rank"]].to_dict("records") == [
        {"group": "X", "term": "surat", "rank": 1}, {"group": "Y", "term": "rudal", "rank": 1}]
    assert top.attrs["measure"] == "g2"


# -- uncertainty ------------------------------------------------------------------------------
def test_bootstrap_interval_spans_the_possible_resampled_rates():
    # Two units of 10 tokens: surat 1 and 3 times. A resample of 2 units has rate
    # (1+1)/20, (1+3)/20 or (3+3)/20 = 1000, 2000 or 3000 per 10,000, with probabilities
    # 1/4, 1/2, 1/4; over 2000 resamples the 2.5% and 97.5% quantiles are 1000 and 3000.
    data = corpus({"a": ("X", "surat " + "rudal " * 9), "b": ("X", "surat " * 3 + "kim " * 7)})
    table = bootstrap_rates(count_terms(data), terms=["surat"], n_resamples=2000, random_state=7)
    row = table.iloc[0]
    assert (row["count"], row["total"], row["n_units"]) == (4, 20, 2)
    assert (row["rate_per_10k"], row["low"], row["high"]) == (2000.0, 1000.0, 3000.0)


# X: article a has two one-token paragraphs, "surat" and "rudal"; article b one paragraph
# "rudal rudal". Y: one article.
CLUSTERED = {"a": ("X", "surat\n\nrudal"), "b": ("X", "rudal rudal"), "c": ("Y", "surat rudal")}


def test_bootstrap_resamples_whole_articles_by_default():
    # Articles of X: a = surat 1 of 2 tokens, b = 0 of 2; overall 1/4 -> 2500 per 10,000.
    # Two articles drawn: aa -> 2/4 = 5000 (p 1/4), ab/ba -> 1/4 = 2500 (p 1/2), bb -> 0 (p 1/4);
    # 0 and 5000 each have probability > 2.5%, so the 95% interval is [0, 5000]: no draw can
    # exceed the rate of the article richest in "surat".
    counts = count_terms(corpus(CLUSTERED), unit="paragraph")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a group with one article is expected: no warning
        table = bootstrap_rates(counts, terms=["surat"], n_resamples=2000, random_state=7)
    x = table[table.group == "X"].iloc[0]
    assert (x["count"], x["total"], x["rate_per_10k"]) == (1, 4, 2500.0)
    assert (x["low"], x["high"]) == (0.0, 5000.0)
    assert (x["resample"], x["n_units"], x["n_docs"], x["n_empty_resamples"]) == ("article", 2, 2, 0)
    # Y has one article: no interval, not a zero-width one.
    y = table[table.group == "Y"].iloc[0]
    assert y["rate_per_10k"] == 5000.0 and np.isnan(y["low"]) and np.isnan(y["high"])
    assert table.attrs["resample"] == "article" and table.attrs["no_interval"] == ["Y"]


def test_within_article_paragraph_bootstrap_is_opt_in_and_labelled():
    # Paragraphs of X: p1 "surat" (1/1), p2 "rudal" (0/1), p3 "rudal rudal" (0/2).
    # Three paragraphs drawn: p1 p1 p1 gives 3/3 = 10000 with probability 1/27 = 3.7% > 2.5%,
    # no p1 gives 0 with probability (2/3)^3 = 30%: the interval is [0, 10000], twice as wide
    # at the top as the article interval above, because it treats paragraphs as independent.
    counts = count_terms(corpus(CLUSTERED), unit="paragraph")
    table = bootstrap_rates(counts, terms=["surat"], resample="paragraph", n_resamples=2000,
                            random_state=7)
    x = table[table.group == "X"].iloc[0]
    assert (x["low"], x["high"]) == (0.0, 10000.0)
    assert (x["resample"], x["n_units"], x["n_docs"]) == ("paragraph (within-article)", 3, 2)
    assert table.attrs["resample"] == "paragraph (within-article)"
    assert table.attrs["no_interval"] == ["Y"]  # a single paragraph


def test_paragraph_resampling_needs_paragraph_counts():
    with pytest.raises(ValueError, match="needs paragraph counts: count_terms\\(corpus, unit='paragraph'\\)"):
        bootstrap_rates(count_terms(corpus(CLUSTERED)), terms=["surat"], resample="paragraph")


def test_bootstrap_is_reproducible_with_its_seed():
    counts = count_terms(corpus(CLUSTERED | {"d": ("X", "surat surat rudal")}))
    runs = []
    for _ in range(2):
        runs.append(bootstrap_rates(counts, terms=["surat", "rudal"], random_state=3))
    pd.testing.assert_frame_equal(runs[0], runs[1])
    assert runs[0].attrs["random_state"] == 3 and runs[0]["n_docs"].tolist() == [3, 3, 1, 1]


def test_empty_resamples_are_counted_and_reported():
    # X: article a = "surat" (1 token), article b has no tokens. Drawing b twice (probability
    # 1/4) gives 0/0 tokens: no rate. Expected about 1000/4 = 250 such draws (sd 13.7); with
    # seed 0 there are 245. Every other draw has rate 1/1 -> 10000.
    counts = count_terms(corpus({"a": ("X", "surat"), "b": ("X", "")}))
    with pytest.warns(UserWarning, match="'X': 231 of 1000 bootstrap resamples drew only "
                                         "articles without tokens"):
        table = bootstrap_rates(counts, terms=["surat"], random_state=0)
    row = table.iloc[0]
    assert row["n_empty_resamples"] == 231
    assert (row["low"], row["high"]) == (10000.0, 10000.0)


def test_bootstrap_names_unknown_terms():
    with pytest.raises(ValueError, match="Terms not in the counts: \\['korut'\\]"):
        bootstrap_rates(count_terms(["surat"]), terms=["korut"], by="doc_id")


def test_exact_permutation_test_enumerates_all_arrangements():
    # 4 articles of 10 tokens; the 2 X articles have surat 5 times, the 2 Y articles never.
    # Observed difference: 5000 - 0 per 10,000. Of the C(4,2) = 6 arrangements, only the
    # observed one (+5000) and its mirror (-5000) are as extreme; the 4 mixed ones give 0.
    # p = 2/6.
    x_body, y_body = "surat " * 5 + "rudal " * 5, "rudal " * 10
    data = corpus({"a": ("X", x_body), "b": ("X", x_body), "c": ("Y", y_body), "d": ("Y", y_body)})
    table = permutation_test(count_terms(data), target="X")
    row = table[table.term == "surat"].iloc[0]
    assert row["difference"] == pytest.approx(5000.0)
    assert row["p_value"] == pytest.approx(2 / 6)
    assert (row["exact"], row["n_permutations"], row["p_min"]) == (True, 6, pytest.approx(1 / 6))
    assert (row["n_docs"], row["n_docs_reference"]) == (2, 2)


def test_monte_carlo_permutation_test_is_reproducible():
    x_body, y_body = "surat " * 5 + "rudal " * 5, "rudal " * 10
    bodies = {f"x{i}": ("X", x_body) for i in range(6)} | {f"y{i}": ("Y", y_body) for i in range(6)}
    counts = count_terms(corpus(bodies))
    first = permutation_test(counts, target="X", terms=["surat"], n_resamples=200, random_state=1)
    second = permutation_test(counts, target="X", terms=["surat"], n_resamples=200, random_state=1)
    pd.testing.assert_frame_equal(first, second)
    row = first.iloc[0]
    # C(12, 6) = 924 > 200 arrangements: Monte Carlo, p = (1 + extreme) / 201, only 2 of the
    # 924 arrangements are as extreme, so almost surely p is 1/201 or 2/201.
    assert not row["exact"] and row["n_permutations"] == 200
    assert row["p_value"] in (pytest.approx(1 / 201), pytest.approx(2 / 201))


def test_permutation_shuffles_articles_not_paragraphs():
    data = corpus({"a": ("X", "surat\n\nsurat\n\nsurat"), "b": ("Y", "rudal\n\nrudal")})
    table = permutation_test(count_terms(data, unit="paragraph"), target="X")
    # two articles, one per side: C(2,1) = 2 arrangements, so the smallest p is 1/2
    assert table["n_permutations"].tolist() == [2, 2] and table["p_min"].tolist() == [0.5, 0.5]
    assert table["p_value"].tolist() == [1.0, 1.0]


# -- glosses ----------------------------------------------------------------------------------
def test_glossary_labels_terms_and_leaves_unknown_ones():
    glossary = terms.read_glossary()
    assert glossary["imperialis"] == "imperialist(s)"
    assert gloss_labels(["surat", "zzz"], glossary) == ["surat (letter)", "zzz"]


# -- the seeds and the command line -----------------------------------------------------------
@pytest.fixture(scope="module")
def seed_counts():
    from analysis.corpus import load_corpus

    return count_terms(load_corpus())


def test_seeds_give_five_outlets_whose_totals_add_up(seed_counts):
    summary = group_summary(seed_counts)
    assert summary["group"].tolist() == ["Kontan", "Media Indonesia", "RMOL", "Tempo", "VOA Indonesia"]
    assert summary["n_docs"].tolist() == [1, 1, 1, 1, 1]
    assert summary["total"].sum() == seed_counts.matrix.sum() == seed_counts.units["n_tokens"].sum()
    table = keyness(seed_counts, keep_numbers=True)  # every term: the prior covers them all
    sides = table["total"] + table["total_reference"]
    assert (sides == summary["total"].sum()).all()
    # the default prior is the corpus: the alpha_w sum to its tokens, in every comparison
    alpha_sum = table.groupby("group", observed=True)["alpha_w"].sum()
    np.testing.assert_allclose(alpha_sum, summary["total"].sum())
    assert (table["alpha_0"] == summary["total"].sum()).all()


def test_seeds_attribution_cues_survive_default_stop_words(seed_counts):
    assert {"kata", "mengatakan", "menurut"} <= set(seed_counts.terms)
    assert "yang" not in seed_counts.terms and "kim_jong_un" in seed_counts.terms


def test_cli_writes_only_json_lines_with_the_documented_fields(capsys):
    import json

    from analysis.cli import main

    assert main(["keyness", "--by", "outlet", "--top", "3", "--jsonl"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 15 and {r["group"] for r in rows} == {
        "Kontan", "Media Indonesia", "RMOL", "Tempo", "VOA Indonesia"}
    for field in ("group", "term", "count", "total", "count_reference", "total_reference",
                  "alpha_w", "alpha_0", "delta", "variance", "z"):
        assert field in rows[0]
    assert "stop-word list 'default'" in err

    assert main(["keyness", "--measure", "g2", "--target", "Tempo", "--top", "2"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["group"] for r in rows] == ["Tempo", "Tempo"]
    assert {"g2", "p_value", "log_ratio"} <= set(rows[0]) and "alpha_w" not in rows[0]


def test_cli_keyness_values_on_a_made_up_corpus_by_hand(capsys, monkeypatch):
    import json

    from analysis.cli import main

    monkeypatch.setattr("analysis.corpus.load_corpus",
                        lambda directory=None, **options: corpus(TWO_OUTLETS))
    # X "surat surat rudal" vs Y "rudal rudal"; the row for surat in X:
    # default prior = the corpus counts: alpha_surat = 2, alpha_0 = 5 (tokens);
    # delta = ln((2+2)/(3+5-2-2)) - ln((0+2)/(2+5-0-2)) = ln(1) - ln(0.4) = 0.916291;
    # variance = 1/4 + 1/2 = 0.75; z = 0.916291 / 0.866025 = 1.058041
    assert main(["keyness", "--target", "X"]) == 0
    rows = {r["term"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    surat = rows["surat"]
    assert (surat["count"], surat["total"], surat["count_reference"], surat["total_reference"]) == (2, 3, 0, 2)
    assert (surat["alpha_w"], surat["alpha_0"]) == (2.0, 5.0)
    assert (surat["delta"], surat["variance"], surat["z"]) == (
        pytest.approx(0.916291, abs=1e-6), 0.75, pytest.approx(1.058041, abs=1e-6))
    # --alpha-0 10 overrides: alpha_surat = 4, z = 0.835010 (see test_log_odds_with_an_explicit_alpha_0_by_hand)
    assert main(["keyness", "--target", "X", "--alpha-0", "10"]) == 0
    rows = {r["term"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert (rows["surat"]["alpha_w"], rows["surat"]["z"]) == (4.0, pytest.approx(0.835010, abs=1e-6))
    # G2 for surat in X: O = (2, 0, 1, 2), E = (3*2/5, 2*2/5, 3*3/5, 2*3/5) = (1.2, 0.8, 1.8, 1.2);
    # sum O ln(O/E) = 2 ln(2/1.2) + 0 + ln(1/1.8) + 2 ln(2/1.2)
    #              = 1.021651 - 0.587787 + 1.021651 = 1.455516; G2 = 2.911032.
    # Log Ratio: the reference count 0 becomes 0.5: log2((2/3) / (0.5/2)) = log2(8/3) = 1.415037
    assert main(["keyness", "--target", "X", "--measure", "g2"]) == 0
    rows = {r["term"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["surat"]["g2"] == pytest.approx(2.911032, abs=1e-6)
    assert rows["surat"]["log_ratio"] == pytest.approx(1.415037, abs=1e-6)


def test_cli_bad_target_is_a_message_not_a_traceback(capsys):
    from analysis.cli import main

    assert main(["keyness", "--target", "Kompas"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Unknown group 'Kompas'. The groups are: Kontan" in err


# -- figures ----------------------------------------------------------------------------------
THREE_OUTLETS = {"a": ("X", "surat surat surat surat rudal kim perang"),
                 "b": ("Y", "rudal rudal rudal kim senjata"), "c": ("Z", "kim senjata senjata perang")}


def test_keyness_panels_one_per_group_with_pale_non_significant_bars():
    from analysis.terms_plots import PALE, plot_keyness

    top = top_terms(keyness(count_terms(corpus(THREE_OUTLETS))), n=2)
    fig = plot_keyness(top, glossary={"surat": "letter"})
    panels = [ax for ax in fig.axes if ax.axison]  # the fourth slot holds the legend
    assert [ax.get_title(loc="left") for ax in panels] == ["X", "Y", "Z"]
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert "surat (letter)" in labels
    assert all(bar.get_alpha() == PALE for bar in panels[0].patches)  # nothing significant here


def test_rate_heatmap_shows_the_rates_and_zero_for_unused_terms():
    from analysis.terms_plots import plot_rate_heatmap

    freq = term_frequencies(count_terms(corpus(THREE_OUTLETS)))
    fig = plot_rate_heatmap(freq, terms=["surat", "senjata"], glossary={})
    grid = fig.axes[0].images[0].get_array()
    # X: surat 4 of 7 tokens -> 5714.3 per 10,000; Y never uses surat; Z: senjata 2 of 4 -> 5000
    assert grid[0, 0] == pytest.approx(4 / 7 * 10_000) and grid[0, 1] == 0
    assert grid[1, 2] == pytest.approx(5000.0)


def test_rate_heatmap_says_what_was_resampled_and_where_there_is_no_interval():
    from analysis.terms_plots import plot_rate_heatmap

    counts = count_terms(corpus(CLUSTERED), unit="paragraph")
    rates = bootstrap_rates(counts, terms=["surat"], n_resamples=2000, random_state=7)
    fig = plot_rate_heatmap(rates, terms=["surat"], glossary={})
    ax = fig.axes[0]
    assert ax.get_title() == ("Rate per 10,000 tokens\n[95% bootstrap interval, resampling "
                              "articles]\nno interval for 1 of 2 groups (a single article)")
    # X: 2500 with the interval [0, 5000] worked out above; Y (one article): the rate only
    assert [t.get_text() for t in ax.texts] == ["2500\n[0–5000]", "5000"]


def test_fightin_words_needs_one_comparison_and_labels_extreme_terms():
    from analysis.terms_plots import plot_fightin_words

    counts = count_terms(corpus(THREE_OUTLETS))
    with pytest.raises(ValueError, match="one comparison"):
        plot_fightin_words(keyness(counts))
    fig = plot_fightin_words(keyness(counts, target="X", reference="Y"), glossary={}, n_labels=1)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["surat (no gloss)", "rudal (no gloss)"]  # most over-used in X, in Y
    assert "no term significant" in fig.axes[0].get_title(loc="left")


def test_units_without_a_group_value_are_left_out_with_a_warning():
    data = corpus({"a": ("X", "surat rudal"), "b": ("Y", "rudal"), "c": ("Y", "kim")})
    data.loc[2, "outlet"] = None
    counts = count_terms(data)
    with pytest.warns(UserWarning, match="1 units have no 'outlet' value"):
        table = keyness(counts)
    # "kim" occurs only in the article without an outlet: it is not compared
    assert set(table.term) == {"rudal", "surat"}
    # default prior over the 3 grouped tokens only: alpha_0 = 3, rudal 2, surat 1
    assert table.attrs["alpha_0"] == 3.0
    assert table.loc[(table.group == "X") & (table.term == "rudal"), "alpha_w"].item() == pytest.approx(2.0)


def test_stemming_merges_inflected_forms_and_is_recorded():
    counts = count_terms(["Pembicaraan itu membicarakan surat."], stem=True)
    assert counts.matrix.toarray().tolist() == [[2, 1]] and counts.terms.tolist() == ["bicara", "surat"]
    assert counts.settings["stem"] is True


def test_counts_equal_countvectorizer_with_the_same_tokenizer():
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.tokens import Tokenizer

    texts = ["Kim Jong Un menulis surat; surat itu dibalas Putin.", "", "Negara-negara Barat, kata AS."]
    tokenizer = Tokenizer(stopwords="default")
    reference = CountVectorizer(analyzer=tokenizer)
    expected = reference.fit_transform(texts)
    counts = count_terms(texts, tokenizer=tokenizer)
    assert counts.terms.tolist() == reference.get_feature_names_out().tolist()
    assert (counts.matrix != expected).nnz == 0 and counts.units["n_tokens"].tolist() == [6, 0, 4]



def _uneven_corpus() -> pd.DataFrame:
    """Three outlets of unequal size; rare words only in some articles."""
    rows = [
        ("a1", "Besar", "surat Kim surat rudal Putin sanksi langka1"),
        ("a2", "Besar", "surat Putin rudal rudal Kim senjata"),
        ("a3", "Besar", "Kim Putin surat sanksi rudal langka2 langka3"),
        ("a4", "Besar", "rudal rudal surat Kim Putin"),
        ("b1", "Sedang", "Kim surat surat Putin langka4"),
        ("b2", "Sedang", "rudal Putin senjata Kim"),
        ("c1", "Kecil", "surat Kim Putin sanksi langka5 langka6"),
    ]
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "body"])


@pytest.mark.parametrize("measure", ["log_odds", "g2"])
def test_filtering_rare_terms_leaves_every_other_terms_score_unchanged(measure):
    # The group totals count every token, filtered terms too; the prior must do the same,
    # or a small outlet's common words all look over-used once rare words are filtered out.
    counts = terms.count_terms(_uneven_corpus())
    filtered = terms.filter_terms(counts, min_count=2)
    assert len(filtered.terms) < len(counts.terms)
    columns = (["delta", "z", "p_value"] if measure == "log_odds" else ["g2", "p_value"])
    def scores(c):
        table = terms.keyness(c, measure=measure)
        return table.astype({"group": str, "term": str}).set_index(["group", "term"])

    full, kept = scores(counts), scores(filtered)
    pd.testing.assert_frame_equal(kept[columns], full.loc[kept.index, columns], rtol=1e-12)


def test_a_small_outlet_using_a_word_less_than_the_rest_never_scores_it_as_over_used():
    counts = terms.filter_terms(terms.count_terms(_uneven_corpus()), min_count=2)
    table = terms.keyness(counts).set_index(["group", "term"])
    for (group, term), row in table.iterrows():
        rate = row["count"] / row["total"]
        rate_reference = row["count_reference"] / row["total_reference"]
        if rate < rate_reference:
            assert row["delta"] < 0, (group, term)
