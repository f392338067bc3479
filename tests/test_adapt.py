"""The "auto" parameters of the notebooks: seeds keep their old values, large corpora scale."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import adapt, topics
from analysis.corpus import load_corpus


def test_auto_thresholds_on_the_seeds_are_the_values_the_notebooks_always_used():
    articles = load_corpus()
    paragraphs = topics.make_units(articles, unit="paragraph")
    assert adapt.resolve_threshold("min_count", "auto", n=len(articles))[0] == 1
    assert adapt.resolve_threshold("min_docs", "auto", n=len(articles))[0] == 1
    assert adapt.resolve_threshold("min_cooccurrence", "auto", n=len(articles))[0] == 1
    assert adapt.resolve_threshold("min_df", "auto", n=len(paragraphs))[0] == 2
    assert adapt.resolve_k_range("auto", n_articles=len(articles))[0] == [2, 3, 4, 5, 6, 7, 8]
    assert adapt.resolve_period("auto", articles["published"])[0] == "Y"


def test_auto_thresholds_grow_with_the_corpus_by_the_documented_rule():
    # max(floor, ceil(scale * n ** power)) with the shipped scaling.yaml values
    assert adapt.resolve_threshold("min_count", "auto", n=2_000)[0] == 10      # 0.005 * 2,000
    assert adapt.resolve_threshold("min_docs", "auto", n=20_000)[0] == 40      # 0.002 * 20,000
    assert adapt.resolve_threshold("min_cooccurrence", "auto", n=20_000)[0] == 8  # 0.05 * 141.4
    assert adapt.resolve_threshold("min_df", "auto", n=150_000)[0] == 75       # 0.0005 * 150,000
    sizes = [1, 10, 100, 1_000, 10_000, 100_000]
    for name in ("min_count", "min_docs", "min_cooccurrence", "min_df"):
        values = [adapt.resolve_threshold(name, "auto", n=n)[0] for n in sizes]
        assert values == sorted(values) and values[-1] > values[0], name


def test_a_number_is_used_as_given_and_a_wrong_value_is_refused():
    assert adapt.resolve_threshold("min_count", 7, n=100_000) == (7, "min_count = 7 (set by hand)")
    with pytest.raises(ValueError, match="min_count must be 'auto' or a whole number"):
        adapt.resolve_threshold("min_count", "many", n=10)
    with pytest.raises(ValueError, match="No scaling rule for 'min_words'"):
        adapt.resolve_threshold("min_words", "auto", n=10)


def test_the_k_sweep_widens_with_the_corpus_up_to_its_ceiling():
    assert adapt.resolve_k_range("auto", n_articles=2_000)[0] == [2, 4, 5, 7, 8, 10, 11]
    assert max(adapt.resolve_k_range("auto", n_articles=1_000_000)[0]) == 30
    assert adapt.resolve_k_range([5, 3, 3], n_articles=10)[0] == [3, 5]


def test_the_period_follows_the_span_and_density_of_the_dates():
    two_years = pd.Series(pd.date_range("2022-01-01", "2023-12-31", periods=1_000))
    assert adapt.resolve_period("auto", two_years)[0] == "M"      # 24 months, ~42 a month
    sparse = pd.Series(pd.date_range("2022-01-01", "2023-12-31", periods=100))
    assert adapt.resolve_period("auto", sparse)[0] == "Q"         # 4 a month; 12.5 a quarter
    decade = pd.Series(pd.date_range("2015-01-01", "2024-12-31", periods=5_000))
    assert adapt.resolve_period("auto", decade)[0] == "Y"         # 40 quarters: too many
    undated = pd.Series([pd.NaT, pd.NaT])
    assert adapt.resolve_period("auto", undated)[0] == "Y"
    assert adapt.resolve_period("W", two_years) == ("W", "period = W (set by hand)")


def test_a_long_listing_shows_a_stated_sample_and_writes_every_row(tmp_path):
    table = pd.DataFrame({"doc_id": [f"a{i:03d}" for i in range(500)], "n": range(500)})
    listing = adapt.bounded_listing(table, "kwic_imperialis*", limit=25, directory=tmp_path,
                                    what="concordance lines")
    assert len(listing.shown) == 25
    assert listing.shown["n"].is_monotonic_increasing  # the table's order is kept
    assert listing.path == tmp_path / "listings" / "kwic-imperialis.csv"
    assert pd.read_csv(listing.path).equals(table)
    assert "25 of the 500 concordance lines" in listing.note
    assert "listings/kwic-imperialis.csv in the figures folder" in listing.note
    again = adapt.bounded_listing(table, "kwic_imperialis*", limit=25, directory=tmp_path)
    assert again.shown.equals(listing.shown)  # the same seed, the same sample


def test_a_short_listing_is_shown_whole_and_writes_no_file(tmp_path):
    listing = adapt.bounded_listing(pd.DataFrame({"n": range(3)}), "short", limit=3,
                                    directory=tmp_path)
    assert len(listing.shown) == 3 and listing.path is None
    assert not (tmp_path / "listings").exists()


def test_k_sweep_on_a_sample_fits_the_sample_and_scores_coherence_on_all_units(monkeypatch):
    import numpy as np

    arms = "rudal senjata nuklir uji coba peluncur hulu ledak jarak jauh balistik".split()
    market = "pasar harga ekonomi beras cabai pedagang pembeli inflasi panen petani".split()
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(arms if i % 2 else market, 8, replace=False)) for i in range(60)]
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(60)], "text": texts})
    matrix = topics.build_term_matrix(units, tokenizer=str.split, min_df=1)
    measured_on = []
    coherence = topics.topic_coherence
    monkeypatch.setattr(topics, "topic_coherence", lambda top, reference, **options: (
        measured_on.append(reference.counts.shape[0]) or coherence(top, reference, **options)))
    scores = topics.score_k(matrix, ks=[2], n_restarts=2, sample=20)
    assert scores["n_units"].tolist() == [20, 16, 16]  # fitted on the sample and 80% of it
    assert measured_on == [60, 60, 60]                 # coherence counted over every unit
    assert (scores["agreement"].iloc[1:] > 0.9).all()  # the two themes found each time
    whole = topics.score_k(matrix, ks=[2], n_restarts=2)
    assert whole["n_units"].tolist() == [60, 48, 48]
