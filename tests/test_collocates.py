"""Collocation counts and measures against hand-worked numbers."""
import math

import pandas as pd
import pytest

from analysis.collocates import association_scores, collocates
from analysis.corpus import load_corpus
from analysis.framing import concordance, sort_concordance


def test_measures_match_a_hand_worked_table():
    # O11 = 1, R1 = 3, C1 = 1, N = 7, f_node = 2
    # E11 = 3 * 1 / 7 = 0.428571; PMI = log2(1 / 0.428571) = 1.222392
    # t = (1 - 0.428571) / sqrt(1) = 0.571429; logDice = 14 + log2(2 / 3) = 13.415037
    # cells O = (1, 2, 0, 4), E = (3/7, 18/7, 4/7, 24/7):
    # G2 = 2 (ln(7/3) + 2 ln(7/9) + 4 ln(7/6)) = 2 (0.8472979 - 0.5026289 + 0.6166028) = 1.9225436
    row = association_scores([1], 2, [1], 3, 7).iloc[0]
    assert math.isclose(row["expected"], 3 / 7)
    assert math.isclose(row["pmi"], 1.222392, abs_tol=1e-6)
    assert math.isclose(row["t_score"], 0.571429, abs_tol=1e-6)
    assert math.isclose(row["log_dice"], 13.415037, abs_tol=1e-6)
    assert math.isclose(row["log_likelihood"], 1.9225436, abs_tol=1e-6)


def test_collocates_count_merged_windows_within_paragraphs():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [["rudal imperialis kapal laut", "dana bank imperialis"]]})
    table = collocates(docs, "imperialis", window=1, min_cooccurrence=1, min_frequency=1, exclude=None)
    # windows: rudal, kapal (paragraph 1) and bank (paragraph 2): R1 = 3, N = 7, f_node = 2;
    # laut is two tokens away and dana's window would cross nothing: both outside.
    assert sorted(table["collocate"]) == ["bank", "kapal", "rudal"]
    assert set(table["window_tokens"]) == {3} and set(table["n_tokens"]) == {7} and set(table["f_node"]) == {2}
    assert math.isclose(table.set_index("collocate").loc["rudal", "log_likelihood"], 1.9225436, abs_tol=1e-6)


def test_min_frequencies_and_stop_words_filter_collocates():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [["yang imperialis rudal", "yang imperialis rudal", "imperialis kapal"]]})
    table = collocates(docs, "imperialis", window=1, min_cooccurrence=2, min_frequency=1)
    assert table["collocate"].tolist() == ["rudal"]  # "yang" is a stop word, kapal co-occurs once


def test_collocates_by_voice_split_node_occurrences():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [['"Kaum imperialis kalah," kata Kim.', "Kaum imperialis menang."]]})
    table = collocates(docs, "imperialis", window=1, by="voice", min_cooccurrence=1, min_frequency=1, exclude=None)
    by_voice = table.groupby("voice")["collocate"].apply(sorted).to_dict()
    assert by_voice == {"narrator": ["kaum", "menang"], "quoted": ["kalah", "kaum"]}
    assert set(table["f_node"]) == {1}


def test_bad_grouping_is_rejected():
    with pytest.raises(ValueError, match="outlet"):
        collocates(load_corpus(), "imperialis*", by="year")


def test_seed_collocates_of_imperialis_per_outlet():
    table = collocates(load_corpus(), "imperialis*", window=3, by="outlet", min_cooccurrence=1, min_frequency=1)
    voa = table[table["outlet"] == "VOA Indonesia"].set_index("collocate")
    assert voa.loc["hegemoni", "o11"] == 1 and voa.loc["kebijakan", "o11"] == 1
    assert (table["o11"] <= table["f_collocate"]).all()


def test_overlapping_windows_in_one_paragraph_count_each_token_once():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [["rudal imperialis kapal imperialis laut"]]})
    table = collocates(docs, "imperialis", window=1, min_cooccurrence=1, min_frequency=1, exclude=None)
    # windows: rudal, kapal (shared by both nodes, counted once), laut: R1 = 3, f_node = 2
    assert dict(zip(table["collocate"], table["o11"])) == {"kapal": 1, "laut": 1, "rudal": 1}
    assert set(table["window_tokens"]) == {3} and set(table["f_node"]) == {2}


def test_a_precomputed_concordance_gives_the_same_collocates_by_voice():
    seeds = load_corpus()
    kwic = sort_concordance(concordance(seeds, "imperialis*"), "R1")  # row order does not matter
    options = dict(window=3, by=["outlet", "voice"], min_cooccurrence=1, min_frequency=1)
    searched = collocates(seeds, "imperialis*", **options)
    given = collocates(seeds, "imperialis*", kwic=kwic, **options)
    pd.testing.assert_frame_equal(given, searched)
    # imperialis* on the seeds: quoted in three outlets, reported in two, scare-quoted in VOA's headline
    assert set(zip(given["outlet"], given["voice"])) == set(zip(kwic["outlet"], kwic["voice"]))
    assert set(given["voice"]) == {"quoted", "reported", "scare_quoted"}


def test_a_concordance_without_labels_or_from_another_corpus_is_rejected():
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                         "paragraphs": [["Kaum imperialis menang."]]})
    unlabelled = concordance(docs, "imperialis", label=False)
    with pytest.raises(ValueError, match="no voice labels"):
        collocates(docs, "imperialis", by="voice", kwic=unlabelled)
    other = docs.assign(paragraphs=[["Negara imperialis kalah."]])
    with pytest.raises(ValueError, match="not the corpus text at its offsets"):
        collocates(other, "imperialis", kwic=concordance(docs, "imperialis"))
    with pytest.raises(ValueError, match="not in the corpus"):
        collocates(docs.assign(doc_id="e"), "imperialis", kwic=concordance(docs, "imperialis"))


def test_a_node_that_never_occurs_gives_a_typed_empty_table_that_downstream_code_takes():
    import matplotlib.pyplot as plt

    from analysis.collocates import COLLOCATE_DTYPES
    from analysis.framing import KWIC_DTYPES
    from analysis.framing_plots import plot_collocates

    seeds = load_corpus()
    absent = collocates(seeds, "kapitalisme", by="outlet", min_cooccurrence=1, min_frequency=1)
    assert absent.empty and list(absent.columns) == ["outlet", *COLLOCATE_COLUMNS_ORDER]
    assert {c: str(t) for c, t in absent.dtypes.items() if c in COLLOCATE_DTYPES and COLLOCATE_DTYPES[c] != "str"} == \
        {c: t for c, t in COLLOCATE_DTYPES.items() if t != "str"}
    assert absent.nlargest(5, "log_dice").empty  # was: dtype object, nlargest failed
    table = pd.concat([collocates(seeds, term, min_cooccurrence=1, min_frequency=1).assign(node=term)
                       for term in ["imperialis*", "kapitalisme"]], ignore_index=True)
    fig = plot_collocates(table, by="node")
    drawn = [ax.get_title(loc="left") for ax in fig.axes if ax.axison]  # spare panels are off
    assert drawn == ["near imperialis*"]
    plt.close(fig)
    kwic = concordance(seeds, "kapitalisme")
    assert kwic.empty and {c: str(t) for c, t in kwic.dtypes.items() if KWIC_DTYPES[c] != "str"} == \
        {c: t for c, t in KWIC_DTYPES.items() if t != "str"}


COLLOCATE_COLUMNS_ORDER = ["collocate", "o11", "expected", "f_node", "f_collocate", "window_tokens", "n_tokens",
                           "log_likelihood", "pmi", "t_score", "log_dice"]
