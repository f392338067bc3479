"""Tests for analysis.topics: units, NPMI coherence, stability, fitting, tables, labels, CLI."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import topics


def split(text: str) -> list[str]:
    return text.split()


def corpus_of(paragraphs_by_doc: dict[str, list[str]], outlets=None, dates=None) -> pd.DataFrame:
    ids = list(paragraphs_by_doc)
    return pd.DataFrame({
        "doc_id": ids,
        "outlet": outlets or ["Tempo"] * len(ids),
        "published": pd.to_datetime(dates or [pd.NaT] * len(ids)),
        "paragraphs": [paragraphs_by_doc[i] for i in ids],
    })


def matrix_of(texts: list[str], *, min_df=1) -> topics.TermMatrix:
    corpus = corpus_of({"d": texts})
    return topics.build_term_matrix(topics.make_units(corpus), tokenizer=split, min_df=min_df)


# Two well-separated themes whose term frequencies are strictly ordered within each theme
# (rudal 3x > senjata 2x > perang 1x), so the top-term rankings are unambiguous.
MILITARY = ["rudal rudal rudal senjata senjata perang", "rudal rudal rudal senjata senjata nuklir"]
ECONOMY = ["ekonomi ekonomi ekonomi pasar pasar dagang",
           "ekonomi ekonomi ekonomi pasar pasar modal"]
TWO_THEMES = [MILITARY[i % 2] for i in range(10)] + [ECONOMY[i % 2] for i in range(10)]


# -- units ----------------------------------------------------------------------------------
def test_paragraph_units_keep_article_order_and_metadata():
    corpus = corpus_of({"a": ["Kim menulis surat.", "Putin membalas."], "b": ["Rudal."]},
                       outlets=["Tempo", "RMOL"])
    units = topics.make_units(corpus)
    assert units["unit_id"].tolist() == ["a:p000", "a:p001", "b:p000"]
    assert units["outlet"].tolist() == ["Tempo", "Tempo", "RMOL"]
    assert units["position"].tolist() == [0, 1, 0]


def test_article_unit_joins_paragraphs():
    corpus = corpus_of({"a": ["Kim menulis surat.", "Putin membalas."]})
    units = topics.make_units(corpus, unit="article")
    assert units["text"].tolist() == ["Kim menulis surat.\n\nPutin membalas."]
    assert units["unit_id"].tolist() == ["a"]


def test_sentence_windows_do_not_overlap_and_cross_paragraphs():
    corpus = corpus_of({"a": ["Satu dua. Tiga empat.", "Lima enam. Tujuh."]})
    units = topics.make_units(corpus, unit="window", window=3)
    assert units["text"].tolist() == ["Satu dua. Tiga empat. Lima enam.", "Tujuh."]


def test_decimal_comma_and_lowercase_do_not_end_a_sentence():
    assert topics.split_sentences("Ekonomi tumbuh 5,4 persen. lalu naik. Rusia setuju.") == [
        "Ekonomi tumbuh 5,4 persen. lalu naik.", "Rusia setuju."]


def test_unknown_unit_is_rejected_with_the_choices():
    with pytest.raises(ValueError, match="'article', 'paragraph' or 'window'"):
        topics.make_units(corpus_of({"a": ["x"]}), unit="sentence")


def test_units_without_terms_after_pruning_are_dropped_with_a_warning():
    with pytest.warns(UserWarning, match="1 of 3 units have no term left"):
        matrix = matrix_of(["rudal senjata", "rudal senjata", "damai"], min_df=2)
    assert matrix.units["unit_id"].tolist() == ["d:p000", "d:p001"]
    assert matrix.terms.tolist() == ["rudal", "senjata"]


def test_no_terms_after_pruning_says_to_lower_min_df():
    with pytest.raises(ValueError, match="Try a lower min_df"):
        matrix_of(["rudal", "senjata"], min_df=2)


# -- NPMI coherence, worked by hand ----------------------------------------------------------
# Units: {rudal, senjata}, {rudal, senjata, perang}, {rudal, damai}, {damai, surat}; N = 4.
# P(rudal) = 3/4, P(senjata) = 2/4, P(damai) = 2/4.
# NPMI(rudal, senjata) = ln(0.5 / (0.75 * 0.5)) / -ln(0.5) = ln(4/3) / ln 2 = 0.415037
# NPMI(rudal, damai)   = ln(0.25 / (0.75 * 0.5)) / -ln(0.25) = ln(2/3) / ln 4 = -0.292481
# NPMI(senjata, damai) = -1 (never together; the exact limit)
#   with eps = 1e-12:    ln(1e-12 / 0.25) / -ln(1e-12) = (-27.631021 + 1.386294) / 27.631021
#                        = -0.949828
# Coherence of [rudal, senjata, damai] = (0.415037 - 0.292481 - 1) / 3 = -0.292481
HAND = ["rudal senjata", "rudal senjata perang", "rudal damai", "damai surat"]


def test_npmi_of_document_cooccurrence_matches_hand_calculation():
    matrix = matrix_of(HAND)
    together, n = topics.cooccurrence(matrix, ["rudal", "senjata", "damai"])
    assert n == 4
    assert together.tolist() == [[3, 2, 1], [2, 2, 0], [1, 0, 2]]
    p = together / n
    single = np.diag(p)
    scores = topics.npmi(p, single[:, None], single[None, :])
    assert scores[0, 1] == pytest.approx(math.log(4 / 3) / math.log(2))
    assert scores[0, 1] == pytest.approx(0.415037, abs=1e-6)
    assert scores[0, 2] == pytest.approx(-0.292481, abs=1e-6)
    assert scores[1, 2] == -1.0


def test_npmi_with_roeder_epsilon_is_just_above_minus_one_for_disjoint_terms():
    assert topics.npmi(0.0, 0.5, 0.5, eps=1e-12) == pytest.approx(-0.949828, abs=1e-6)


def test_npmi_is_one_for_terms_in_every_window():
    assert topics.npmi(1.0, 1.0, 1.0).item() == 1.0


def test_topic_coherence_is_the_mean_pairwise_npmi():
    matrix = matrix_of(HAND)
    coherence = topics.topic_coherence([["rudal", "senjata", "damai"], ["rudal", "senjata"]],
                                       matrix)
    assert coherence == pytest.approx([-0.292481, 0.415037], abs=1e-6)


def test_sliding_window_counts_match_hand_enumeration():
    # Unit 1 [rudal x senjata rudal], window 2: windows {rudal,x} {x,senjata} {senjata,rudal}.
    # Unit 2 [senjata] is shorter than the window: one window.  4 windows in all;
    # rudal in 2, senjata in 3, both in 1.
    matrix = matrix_of(["rudal x senjata rudal", "senjata"])
    together, n = topics.cooccurrence(matrix, ["rudal", "senjata"], window=2)
    assert n == 4
    assert together.tolist() == [[2, 1], [1, 3]]


def test_window_below_two_tokens_is_rejected():
    with pytest.raises(ValueError, match="at least 2 tokens"):
        topics.cooccurrence(matrix_of(HAND), ["rudal"], window=1)


# -- stability ---------------------------------------------------------------------------------
def test_average_jaccard_by_hand():
    # depth 1: {rudal} vs {senjata} = 0; depth 2: {rudal, senjata} twice = 1;
    # depth 3: {rudal, senjata, perang} vs {senjata, rudal, damai} = 2/4.  AJ = 1.5 / 3.
    assert topics.average_jaccard(["rudal", "senjata", "perang"],
                                  ["senjata", "rudal", "damai"]) == pytest.approx(0.5)


def test_ranking_agreement_ignores_topic_order():
    first = [["rudal", "senjata"], ["ekonomi", "pasar"]]
    assert topics.ranking_agreement(first, first[::-1]) == 1.0


def test_ranking_agreement_uses_the_best_matching_not_the_greedy_one():
    # Greedy on row 0 would take column 0 (AJ 0.5) and leave row 1 with 0; the best
    # one-to-one matching pairs 0-1 (1/3) and 1-0 (1.0): mean 2/3.
    first = [["a", "b"], ["c", "x"]]
    second = [["c", "x"], ["a", "z"]]
    assert topics.average_jaccard(first[0], second[1]) == pytest.approx(0.5 * (1 + 1 / 3))
    assert topics.ranking_agreement(first, second) == pytest.approx((1 + 2 / 3) / 2)


def test_score_k_finds_two_themes_perfectly_stable():
    matrix = matrix_of(TWO_THEMES)
    # top_n=2: the third-ranked terms (perang, nuklir) tie, so their order is arbitrary.
    scores = topics.score_k(matrix, ks=[2, 3], n_restarts=5, top_n=2)
    assert len(scores) == 2 * 6
    assert scores["n_units"].tolist() == [20, 16, 16, 16, 16, 16] * 2
    two = scores[scores["k"] == 2]
    assert two["agreement"].iloc[1:].tolist() == [1.0] * 5
    # Top 2 terms: rudal-senjata and ekonomi-pasar each occur in exactly the same 10 of 20
    # units: p_ij = p_i = p_j = 1/2, NPMI = ln(0.5 / 0.25) / -ln(0.5) = 1 for both topics.
    summary = topics.summarise_k(scores)
    assert summary.loc[summary["k"] == 2, "stability"].item() == 1.0
    assert summary.loc[summary["k"] == 2, "coherence"].item() == pytest.approx(1.0)
    assert summary.loc[summary["k"] == 3, "stability"].item() < 1.0
    assert topics.suggest_k(summary) == 2


def test_score_k_is_reproducible_and_depends_on_the_seed():
    rng = np.random.default_rng(1)
    words = np.array("rudal senjata perang ekonomi pasar dagang surat damai nuklir modal".split())
    texts = [" ".join(rng.choice(words, 6)) for _ in range(30)]
    matrix = matrix_of(texts)
    first = topics.score_k(matrix, ks=[3], model="lda", random_state=3)
    again = topics.score_k(matrix, ks=[3], model="lda", random_state=3)
    other = topics.score_k(matrix, ks=[3], model="lda", random_state=4)
    pd.testing.assert_frame_equal(first, again)
    assert not first["agreement"].equals(other["agreement"])


# -- fitting -----------------------------------------------------------------------------------
@pytest.mark.parametrize("model", ["nmf", "lda"])
def test_two_clear_themes_are_recovered(model):
    fit = topics.fit_topics(matrix_of(TWO_THEMES), k=2, model=model, random_state=0)
    top = topics.top_terms(fit, n=2)
    found = {frozenset(group["term"]) for _, group in top.groupby("topic")}
    assert found == {frozenset({"rudal", "senjata"}), frozenset({"ekonomi", "pasar"})}
    assert np.allclose(fit.doc_topic.sum(axis=1), 1.0)
    assert np.allclose(fit.topic_term.sum(axis=1), 1.0)
    dominant = fit.doc_topic.argmax(axis=1)
    assert len(set(dominant[:10])) == 1 and len(set(dominant[10:])) == 1
    assert dominant[0] != dominant[10]


@pytest.mark.parametrize("model", ["nmf", "lda"])
@pytest.mark.parametrize("algorithm", ["batch", "mini-batch"])
def test_same_seed_gives_identical_model(model, algorithm):
    matrix = matrix_of(TWO_THEMES + HAND)
    first = topics.fit_topics(matrix, k=3, model=model, algorithm=algorithm, random_state=7)
    again = topics.fit_topics(matrix, k=3, model=model, algorithm=algorithm, random_state=7)
    assert np.array_equal(first.doc_topic, again.doc_topic)
    assert np.array_equal(first.topic_term, again.topic_term)
    assert first.algorithm == algorithm


def test_topics_are_numbered_by_falling_prevalence():
    fit = topics.fit_topics(matrix_of(TWO_THEMES + MILITARY * 3), k=2, random_state=0)
    prevalence = fit.doc_topic.sum(axis=0)
    assert prevalence[0] > prevalence[1]
    assert topics.top_terms(fit, n=1)["term"].tolist() == ["rudal", "ekonomi"]


def test_k_larger_than_the_units_is_a_clear_error():
    with pytest.raises(ValueError, match="k=5 topics is more than the 4 .* units"):
        topics.fit_topics(matrix_of(HAND), k=5)


def test_unknown_model_is_rejected():
    with pytest.raises(ValueError, match="'nmf' or 'lda'"):
        topics.fit_topics(matrix_of(HAND), k=2, model="lsa")


def test_auto_algorithm_switches_lda_to_online_for_large_corpora(monkeypatch):
    monkeypatch.setattr(topics, "MINI_BATCH_FROM", 10)
    assert topics.fit_topics(matrix_of(TWO_THEMES), k=2, model="lda").algorithm == "mini-batch"
    assert topics.fit_topics(matrix_of(HAND), k=2, model="lda").algorithm == "batch"
    assert topics.fit_topics(matrix_of(TWO_THEMES), k=2, model="nmf").algorithm == "batch"


# -- tables ------------------------------------------------------------------------------------
def two_theme_model() -> topics.TopicModel:
    corpus = corpus_of({"m": TWO_THEMES[:10], "e": TWO_THEMES[10:]}, outlets=["RMOL", "Kontan"])
    matrix = topics.build_term_matrix(topics.make_units(corpus), tokenizer=split, min_df=1)
    return topics.fit_topics(matrix, k=2, random_state=0)


def test_doc_topics_tidy_and_wide_agree():
    fit = two_theme_model()
    tidy = topics.doc_topics(fit)
    wide = topics.doc_topics(fit, wide=True)
    assert len(tidy) == 20 * 2 and len(wide) == 20
    assert list(wide.columns[-2:]) == ["topic_0", "topic_1"]
    first = tidy[tidy["unit_id"] == "e:p000"].set_index("topic")["share"]
    row = wide[wide["unit_id"] == "e:p000"].iloc[0]
    assert first[0] == row["topic_0"] and first[1] == row["topic_1"]
    assert set(tidy["outlet"]) == {"RMOL", "Kontan"}


def test_representative_units_are_the_units_most_about_the_topic():
    fit = two_theme_model()
    table = topics.representative_units(fit, n=2)
    military = topics.top_terms(fit, n=1).set_index("topic")["term"].eq("rudal").idxmax()
    rows = table[table["topic"] == military]
    assert rows["doc_id"].tolist() == ["m", "m"]
    assert rows["rank"].tolist() == [1, 2]
    assert (rows["share"] > 0.9).all()


def model_with_shares(shares, doc_ids, outlets, dates=None) -> topics.TopicModel:
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(doc_ids))], "doc_id": doc_ids,
                          "outlet": outlets, "position": 0, "text": "",
                          "published": pd.to_datetime(dates or [pd.NaT] * len(doc_ids))})
    matrix = topics.TermMatrix(counts=None, terms=np.array([]), units=units, tokens=[],
                               unit="paragraph")
    shares = np.array(shares, dtype=float)
    return topics.TopicModel(model="nmf", k=shares.shape[1], random_state=0, algorithm="batch",
                             topic_term=np.zeros((shares.shape[1], 0)), doc_topic=shares,
                             matrix=matrix)


def test_prevalence_with_article_bootstrap_by_hand():
    # Outlet X: article A has two units fully on topic 0, article B one unit fully on topic 1.
    # Mean share of topic 0 = 2/3. Resampling two articles: AA -> 1, AB/BA -> 2/3, BB -> 0,
    # each of AA and BB with probability 1/4 > 2.5%, so the 95% interval is [0, 1].
    # Outlet Y has one article: no interval.
    fit = model_with_shares([[1, 0], [1, 0], [0, 1], [0.5, 0.5]], ["A", "A", "B", "C"],
                            ["X", "X", "X", "Y"])
    table = topics.topic_prevalence(fit, n_boot=1000, random_state=0)
    x0 = table[(table["outlet"] == "X") & (table["topic"] == 0)].iloc[0]
    assert x0["prevalence"] == pytest.approx(2 / 3)
    assert (x0["lower"], x0["upper"]) == (0.0, 1.0)
    assert (x0["n_units"], x0["n_docs"]) == (3, 2)
    y0 = table[(table["outlet"] == "Y") & (table["topic"] == 0)].iloc[0]
    assert y0["prevalence"] == 0.5 and np.isnan(y0["lower"]) and np.isnan(y0["upper"])


def test_unit_bootstrap_gives_single_article_outlets_an_interval():
    fit = model_with_shares([[1, 0], [0, 1], [0.5, 0.5]], ["A", "A", "A"], ["X"] * 3)
    table = topics.topic_prevalence(fit, resample="unit", n_boot=500, random_state=1)
    row = table[table["topic"] == 0].iloc[0]
    assert row["prevalence"] == pytest.approx(0.5)
    assert 0 <= row["lower"] < 0.5 < row["upper"] <= 1


def test_cluster_bootstrap_replicates_are_ratios_of_resampled_sums():
    # Clusters A (2 units, shares of topic 0: 1 and 1 -> sum 2) and B (1 unit, share 0 -> 0).
    # A replicate drawing A c_A times and B c_B times (c_A + c_B = 2) has mean share
    # 2 c_A / (2 c_A + c_B): c_A = 2 -> 4/4 = 1, c_A = 1 -> 2/3, c_A = 0 -> 0. Only these three
    # values can occur, with probabilities 1/4, 1/2, 1/4.
    from analysis.terms import bootstrap_ratios

    sums, sizes = np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([2.0, 1.0])
    draws = bootstrap_ratios(sums, sizes, n_resamples=4000, rng=np.random.default_rng(0))
    assert draws.shape == (4000, 2)
    values, times = np.unique(draws[:, 0].round(12), return_counts=True)
    assert values.tolist() == [0.0, round(2 / 3, 12), 1.0]
    np.testing.assert_allclose(times / 4000, [0.25, 0.5, 0.25], atol=0.03)
    np.testing.assert_allclose(draws.sum(axis=1), 1.0)  # topic shares still sum to 1


def test_prevalence_bootstrap_is_reproducible_with_its_seed():
    shares = np.linspace(0, 1, 12)  # 12 articles with distinct shares of topic 0
    fit = model_with_shares(np.c_[shares, 1 - shares], list("ABCDEFGHIJKL"), ["X"] * 12)
    first = topics.topic_prevalence(fit, random_state=5)
    pd.testing.assert_frame_equal(first, topics.topic_prevalence(fit, random_state=5))
    assert not first.equals(topics.topic_prevalence(fit, random_state=6))


def test_prevalence_by_month_uses_local_dates():
    # 2023-09-30 23:00 in Jakarta (UTC+7) is still September locally.
    dates = ["2023-09-30 23:00+07:00", "2023-10-12 08:00+07:00", "2023-10-13 08:00+07:00"]
    fit = model_with_shares([[1, 0], [0, 1], [0.5, 0.5]], list("ABC"), ["X"] * 3, dates)
    table = topics.topic_prevalence(fit, by="period", freq="M", random_state=0)
    topic0 = table[table["topic"] == 0].set_index("period")["prevalence"]
    assert topic0.to_dict() == {"2023-09": 1.0, "2023-10": 0.25}


def test_prevalence_by_period_without_dates_is_a_clear_error():
    fit = model_with_shares([[1, 0]], ["A"], ["X"])
    with pytest.raises(ValueError, match="No unit has a publication date"):
        topics.topic_prevalence(fit, by="period")


# -- labels ------------------------------------------------------------------------------------
LABELS_HEADER = "# test labels\nunit,model,k,topic,top_terms,label\n"


def test_labels_default_to_top_terms_without_a_labels_file():
    fit = topics.fit_topics(matrix_of(TWO_THEMES + MILITARY * 3), k=2, random_state=0)
    labels = topics.topic_labels(fit, path=None, n_terms=2)
    assert labels == {0: "Topic 0: rudal, senjata", 1: "Topic 1: ekonomi, pasar"}


def test_shipped_labels_file_without_rows_for_this_fit_gives_top_term_labels():
    fit = topics.fit_topics(matrix_of(TWO_THEMES + MILITARY * 3), k=2, random_state=0)
    assert topics.topic_labels(fit, n_terms=2) == {0: "Topic 0: rudal, senjata",
                                                   1: "Topic 1: ekonomi, pasar"}


def test_missing_labels_file_is_an_error_naming_the_path(tmp_path):
    fit = two_theme_model()
    typo = tmp_path / "topic_lables.csv"
    with pytest.raises(FileNotFoundError, match=f"Topic labels file {typo} does not exist.*path=None"):
        topics.topic_labels(fit, path=typo)


def test_cli_with_a_mistyped_labels_path_stops_with_a_message(capsys, tmp_path):
    from analysis.cli import main

    typo = tmp_path / "lables.csv"
    assert main(["topics", "--k", "2", "--labels", str(typo)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and f"Topic labels file {typo} does not exist" in err


def test_labels_file_is_used_when_its_top_terms_match(tmp_path):
    fit = two_theme_model()
    template = topics.label_template(fit)
    template["label"] = ["first theme", "second theme"]
    path = tmp_path / "labels.csv"
    path.write_text(LABELS_HEADER + template.to_csv(index=False, header=False))
    assert topics.topic_labels(fit, path=path) == {0: "0: first theme", 1: "1: second theme"}


def test_labels_written_for_another_fit_are_ignored_with_a_warning(tmp_path):
    fit = two_theme_model()
    path = tmp_path / "labels.csv"
    path.write_text(LABELS_HEADER + "paragraph,nmf,2,0,surat damai kim putin pbb,Diplomacy\n")
    with pytest.warns(UserWarning, match="'Diplomacy' of topic 0 was written for top terms"):
        labels = topics.topic_labels(fit, path=path)
    assert labels[0].startswith("Topic 0: ")


def test_shipped_labels_file_has_the_expected_columns():
    from analysis.resources import read_table

    table = read_table("topic_labels.csv")
    assert list(table.columns) == ["unit", "model", "k", "topic", "top_terms", "label"]


# -- figures -----------------------------------------------------------------------------------
def seeds_like_model():
    corpus = corpus_of({"m1": TWO_THEMES[:6], "m2": TWO_THEMES[6:10], "e1": TWO_THEMES[10:15],
                        "e2": TWO_THEMES[15:]}, outlets=["RMOL", "RMOL", "Kontan", "Tempo"],
                       dates=["2023-09-13", "2024-06-19", "2023-09-14", "2024-06-20"])
    matrix = topics.build_term_matrix(topics.make_units(corpus), tokenizer=split, min_df=1)
    return matrix, topics.fit_topics(matrix, k=2, random_state=0)


def all_figures(directory):
    from analysis.figures import save_figure
    from analysis import topics_plots

    matrix, fit = seeds_like_model()
    labels = topics.topic_labels(fit, path=None)
    scores = topics.score_k(matrix, ks=[2, 3], n_restarts=5, random_state=0)
    figures = {
        "k": topics_plots.plot_k_selection(scores, suggested=2),
        "terms": topics_plots.plot_top_terms(topics.top_terms(fit), labels=labels),
        "outlet": topics_plots.plot_prevalence(topics.topic_prevalence(fit), labels=labels),
        "time": topics_plots.plot_prevalence_over_time(
            topics.topic_prevalence(fit, by="period", freq="Y"), labels=labels),
    }
    written = []
    for name, fig in figures.items():
        written += save_figure(fig, f"topics_{name}", directory=directory)
    return figures, written


def test_same_inputs_and_seed_give_identical_figure_bytes(tmp_path):
    import matplotlib.pyplot as plt

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first = all_figures(tmp_path / "a")
    figures, second = all_figures(tmp_path / "b")
    assert len(first) == 8
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    for fig in figures.values():
        plt.close(fig)


def test_figures_use_labels_and_glosses(tmp_path):
    import matplotlib.pyplot as plt
    from analysis import topics_plots

    _, fit = seeds_like_model()
    top = topics.top_terms(fit, n=2)
    fig = topics_plots.plot_top_terms(top, labels={0: "0: Arms", 1: "1: Economy"},
                                      glosses={"rudal": "missile(s)"})
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    ticks = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert titles == ["0: Arms", "1: Economy"]
    assert "rudal (missiles)" in ticks and "senjata (no gloss)" in ticks  # one level of brackets
    plt.close(fig)


def test_prevalence_figure_says_when_intervals_are_missing():
    import matplotlib.pyplot as plt
    from analysis import topics_plots

    _, fit = seeds_like_model()
    # Kontan and Tempo have one article each: no interval under the article bootstrap.
    fig = topics_plots.plot_prevalence(topics.topic_prevalence(fit), labels={0: "a", 1: "b"})
    assert fig._suptitle.get_text().startswith("No interval for 2 outlet(s)")
    plt.close(fig)


# -- command line ------------------------------------------------------------------------------
def reject_nan(constant):
    raise AssertionError(f"{constant} is not valid JSON")


def test_cli_prints_one_json_object_per_topic(capsys):
    import json

    from analysis.cli import main

    assert main(["topics", "--k", "3", "--jsonl", "--top-n", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line, parse_constant=reject_nan) for line in lines]
    assert [r["topic"] for r in records] == [0, 1, 2]
    assert all(len(r["top_terms"]) == 4 for r in records)
    assert set(records[0]["top_terms"][0]) == {"term", "weight"}
    weights = [t["weight"] for t in records[0]["top_terms"]]
    assert weights == sorted(weights, reverse=True)
    assert all(r["label"].startswith(f"Topic {r['topic']}: ") for r in records)


def test_cli_doc_topics_gives_shares_per_unit_with_doc_id_and_outlet(capsys):
    import json

    from analysis.cli import main
    from analysis.corpus import load_corpus

    assert main(["topics", "--k", "2", "--doc-topics", "--model", "lda"]) == 0
    records = [json.loads(line, parse_constant=reject_nan)
               for line in capsys.readouterr().out.splitlines()]
    corpus = load_corpus()
    published = {r["doc_id"]: r["published"] for r in records}
    dated = corpus.set_index("doc_id")["published"]
    assert all((published[d] is None) == pd.isna(dated[d]) for d in dated.index)
    assert {r["doc_id"] for r in records} == set(corpus["doc_id"])
    assert {r["outlet"] for r in records} == set(corpus["outlet"])
    assert all(len(r["shares"]) == 2 and abs(sum(r["shares"]) - 1) < 1e-5 for r in records)


def test_cli_explains_a_too_large_k_on_stderr(capsys):
    from analysis.cli import main

    assert main(["topics", "--k", "500", "--unit", "article"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "k=500 topics is more than the 5 article units" in captured.err


# -- the seeds ---------------------------------------------------------------------------------
def test_seed_paragraph_topics_match_the_shipped_labels():
    """The shipped labels were written for this fit; if tokenisation changes, relabel."""
    import warnings

    from analysis.corpus import load_corpus

    units = topics.make_units(load_corpus())
    assert len(units) == 54
    fit = topics.fit_topics(topics.build_term_matrix(units, min_df=2), k=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a stale label warns: make it fail here
        labels = topics.topic_labels(fit)
    assert labels[3] == "3: Arms for the war in Ukraine"
    assert set(topics.top_terms(fit, n=3).query("topic == 3")["term"]) == {"senjata", "rudal",
                                                                           "rusia"}


def test_top_term_labels_write_names_and_compounds_as_a_reader_does():
    from types import SimpleNamespace

    model = SimpleNamespace(topic_term=np.array([[3.0, 2.0, 1.0], [1.0, 2.0, 3.0]]),
                            terms=np.array(["kim_jong_un", "kerja_sama", "surat"]))
    assert topics.topic_labels(model, path=None, n_terms=2) == {
        0: "Topic 0: Kim Jong Un, kerja sama", 1: "Topic 1: surat, kerja sama"}
