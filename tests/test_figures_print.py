"""Figures a journal accepts: every project figure, rebuilt from the data it was saved with
(figures/*.csv), is one column (3.5 in) or two columns (7 in) wide, has no text under 7 pt, no
two texts overlapping (boxes measured by the renderer) and no text outside the figure; labels
are written as a reader writes them; text from data is never read as mathtext."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import corpus_plots, framing_plots, terms_plots, topics_plots
from analysis.figures import (MIN_FONT_SIZE, overlapping_texts, print_problems, save_figure,
                              text_boxes)
from analysis.labels import term_labels
from analysis.paths import FIGURES_DIR
from analysis.terms import count_terms, keyness


def saved(name: str) -> pd.DataFrame:
    return pd.read_csv(FIGURES_DIR / f"{name}.csv")


def topic_labels(table: pd.DataFrame) -> dict:
    return dict(zip(table["topic"], table["label"]))


def seed_articles() -> pd.DataFrame:
    table = saved("tokens_by-outlet")
    return pd.DataFrame([(f"{o}-{i}", o, t // n)
                         for o, n, t in table[["outlet", "articles", "tokens"]].itertuples(index=False)
                         for i in range(n)], columns=["doc_id", "outlet", "n_tokens"])


def seed_lines() -> tuple[pd.DataFrame, pd.Series]:
    table = saved("lines_kept-dropped_by-outlet")
    labels = [c for c in table.columns if c not in ("file", "outlet")]
    rows = [(r["file"], label) for _, r in table.iterrows() for label in labels
            for _ in range(int(r[label]))]
    return pd.DataFrame(rows, columns=["file", "label"]), table.set_index("file")["outlet"]


def build(name: str):
    """The project figure ``name`` drawn again from its saved data."""
    if name == "keyness":
        return terms_plots.plot_keyness(saved("keyness-log_odds_by-outlet"))
    if name == "rates":
        rates = saved("rates_by-outlet")
        return terms_plots.plot_rate_heatmap(rates, terms=list(dict.fromkeys(rates["term"])))
    if name == "fightin-words":
        return terms_plots.plot_fightin_words(pd.read_csv(next(FIGURES_DIR.glob("fightin-words_*.csv"))))
    if name == "k-selection":
        return topics_plots.plot_k_selection(saved("topics_k-selection_nmf_paragraph"), suggested=5)
    if name == "top-terms":
        top = saved("topics_top-terms_nmf_paragraph")
        return topics_plots.plot_top_terms(top, labels=topic_labels(top))
    if name == "prevalence-outlet":
        table = saved("topics_prevalence_by-outlet_nmf_paragraph")
        return topics_plots.plot_prevalence(table, labels=topic_labels(table))
    if name == "prevalence-period":
        table = saved("topics_prevalence_by-period_nmf_paragraph").astype({"period": str})
        return topics_plots.plot_prevalence_over_time(table, labels=topic_labels(table))
    if name == "voice":
        return framing_plots.plot_voice_counts(saved("imperialis_voice_by-outlet"), term="imperialis*")
    if name == "salience":
        return framing_plots.plot_frame_salience(saved("frame-salience_by-outlet-voice"))
    if name == "collocates":
        return framing_plots.plot_collocates(saved("collocates_node-terms"), by="node")
    if name == "sources":
        return framing_plots.plot_source_reliance(saved("source-reliance_by-outlet"))
    if name == "tokens":
        return corpus_plots.plot_tokens_by_outlet(seed_articles())
    if name == "lines":
        lines, outlets = seed_lines()
        return corpus_plots.plot_line_account(lines, outlets=outlets)
    raise KeyError(name)


FIGURES = ["keyness", "rates", "fightin-words", "k-selection", "top-terms", "prevalence-outlet",
           "prevalence-period", "voice", "salience", "collocates", "sources", "tokens", "lines"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", FIGURES)
def test_figure_fits_a_journal_column_with_readable_text_that_never_overlaps(name, tmp_path):
    fig = build(name)
    width, _ = fig.get_size_inches()
    boxes = text_boxes(fig)
    assert boxes, "no text drawn"
    assert print_problems(fig) == []
    shown = " ".join(t.get_text() for t, _ in boxes)
    assert "_" not in shown.replace("k_", ""), "underscores in a label"
    png = save_figure(fig, "print-check", directory=tmp_path, formats=("png",))[0]
    from PIL import Image

    assert Image.open(png).size[0] == round(width * 300)  # saved at exactly the printed width


def test_fightin_words_explains_shared_points_and_shows_no_number_terms():
    fig = build("fightin-words")
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_visible()]
    assert labels, "no point labelled"
    assert not any(label.split(" (")[0].replace(",", "").isdigit() for label in labels)
    assert all("+" not in label or label.endswith(" terms)") for label in labels)


def test_labels_are_written_as_a_reader_writes_them():
    glossary = {"kerja_sama": "cooperation", "ria": "RIA (Russian news agency)",
                "kim_jong_un": "Kim Jong Un", "kata": "said / word (attribution cue)"}
    assert term_labels(["kerja_sama", "putin", "ria", "kim_jong_un", "kata", "zzz", "2019"],
                       glossary) == [
        "kerja sama (cooperation)", "Putin (no gloss)", "RIA (Russian news agency)", "Kim Jong Un",
        "kata (said / word, attribution cue)", "zzz (no gloss)", "2019"]


def test_every_collocate_and_keyness_term_on_the_seeds_has_a_gloss():
    collocates = saved("collocates_node-terms")
    shown = pd.concat([collocates.groupby("node").apply(lambda g: g.nlargest(8, "log_dice"),
                                                         include_groups=False)["collocate"],
                       saved("keyness-log_odds_by-outlet")["term"]])
    missing = sorted({t for t, label in zip(shown, term_labels(shown)) if "no gloss" in label})
    assert missing == [], "add these to analysis/data/glossary.csv"


def test_text_from_data_is_never_mathtext():
    articles = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Kontan $1$ x", "Rp$ 5"],
                             "n_tokens": [10, 20]})
    fig = corpus_plots.plot_tokens_by_outlet(articles)
    fig.canvas.draw()  # raised "ParseException" before: $1$ was read as mathtext
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == [r"Kontan \$1\$ x (1 article)", r"Rp\$ 5 (1 article)"]
    assert [t._preprocess_math(t.get_text()) for t in fig.axes[0].get_yticklabels()] == [
        ("Kontan $1$ x (1 article)", False), ("Rp$ 5 (1 article)", False)]


def test_line_account_draws_one_bar_per_outlet_however_many_files():
    files = [f"{i:05d}_{i * 7919 % 10007:x}.txt" for i in range(20_000)]
    lines = pd.DataFrame({"file": np.repeat(files, 3),
                          "label": np.tile(["body", "boilerplate", "blank"], len(files))})
    outlets = pd.Series(np.where(np.arange(20_000) % 2, "Tempo", "Kontan"), index=files)
    fig = corpus_plots.plot_line_account(lines, outlets=outlets)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert names == ["Kontan (10,000 files, 30,000 lines)", "Tempo (10,000 files, 30,000 lines)"]
    table = corpus_plots.line_account_table(lines, outlets=outlets)
    assert len(table) == 20_000 and table.columns[:2].tolist() == ["file", "outlet"]


def test_keyness_leaves_out_numbers_and_punctuation_unless_asked_with_identical_statistics():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                           "body": ["surat 2019 surat rudal 8 8", "rudal rudal 2019 surat kim"]})
    counts = count_terms(corpus)
    kept = keyness(counts, keep_numbers=True)
    default = keyness(counts)
    assert sorted(set(kept["term"].astype(str))) == ["2019", "8", "kim", "rudal", "surat"]
    assert sorted(set(default["term"].astype(str))) == ["kim", "rudal", "surat"]
    assert default.attrs["n_without_letters"] == 2 and default.attrs["keep_numbers"] is False
    same = kept[kept["term"].isin(["kim", "rudal", "surat"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(same.astype({"term": str}), default.astype({"term": str}))


def test_rate_heat_map_of_dozens_of_outlets_turns_and_nothing_overlaps():
    from analysis.terms_plots import plot_rate_heatmap

    groups = [f"Outlet {chr(65 + i // 26)}{chr(65 + i % 26)} Daerah" for i in range(39)]
    terms = ["kata", "mengatakan", "menurut"]
    rates = pd.DataFrame([(g, t, float((i * 37 + j * 11) % 300)) for i, g in enumerate(groups)
                          for j, t in enumerate(terms)], columns=["group", "term", "rate_per_10k"])
    fig = plot_rate_heatmap(rates, terms=terms, glossary={}, max_rows=len(groups))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(groups)  # one row per outlet
    assert overlapping_texts(fig) == []
    assert min(t.get_fontsize() for t in fig.findobj(plt.Text) if t.get_text()) >= MIN_FONT_SIZE
    plt.close(fig)
    # By default at most figures.max_outlet_rows rows (without sizes: alphabetical order).
    fig = plot_rate_heatmap(rates, terms=terms, glossary={})
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == sorted(groups)[:20]
    plt.close(fig)
