"""Figures of a collection with dozens of outlets and years of dates stay readable and honest.

Small hand-made tables with 40 outlets of unequal size (names with punctuation, as real
mastheads have) go through every plot function that draws outlets: each figure is one or two
columns wide, at most a page tall, has no text under 7 pt and no two texts overprinting, draws
at most the stated number of outlets (the largest) and says so, and never gives two outlets
the same colour where a colour stands for an outlet.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis import corpus_plots, syndication_plots, terms_plots, topics_plots, validate_plots
from analysis.adapt import figure_limit
from analysis.figures import OTHER_COLOUR, colour_legend, outlet_colours, print_problems

N_OUTLETS = 40
FORMS = ("{}.id", "{} (Jakarta)", "{} Nusantara", "{}.com", "{} - Daerah")
STEMS = ("Kabar", "Warta", "Suara", "Berita", "Jurnal", "Lintas", "Harian", "Detak")
OUTLETS = [form.format(stem) for stem in STEMS for form in FORMS]
# Unequal sizes, as in a real collection: the first outlet has 400 articles, the last 11.
ARTICLES = {o: int(400 / (i + 1) ** 1.0) + 1 for i, o in enumerate(OUTLETS)}
LARGEST = sorted(OUTLETS, key=lambda o: (-ARTICLES[o], o))

#: The tallest figure a printed page takes, in inches.
PAGE_HEIGHT = 9.0


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_printable(fig) -> None:
    """One or two columns wide, at most a page tall, text >= 7 pt, nothing overprinting."""
    assert print_problems(fig, max_height=PAGE_HEIGHT) == []


def test_forty_outlets_are_forty_with_unequal_sizes():
    assert len(set(OUTLETS)) == N_OUTLETS and ARTICLES[OUTLETS[0]] == 401
    assert ARTICLES[OUTLETS[-1]] == 11


def test_no_two_outlets_share_a_colour_and_the_largest_get_one():
    colours = outlet_colours(OUTLETS, sizes=ARTICLES)
    coloured = [o for o, c in colours.items() if c != OTHER_COLOUR]
    assert sorted(coloured) == sorted(LARGEST[:8])
    assert len({colours[o] for o in coloured}) == 8
    handles = colour_legend(colours)
    assert [h.get_label() for h in handles][-1] == "32 other outlets"
    assert len({to_hex(h.get_color()) for h in handles}) == len(handles)


def test_seed_outlets_keep_their_colours_and_newcomers_never_take_them():
    colours = outlet_colours(["Kontan", "Tempo", "Kompas", "Detik", "Antara", "Suara",
                              "Tribun", "Okezone"])
    assert colours["Kontan"] == "#E69F00" and colours["Tempo"] == "#D55E00"
    assert len(set(colours.values())) == 8  # before: Okezone took Kompas's colour again


def keyness_table() -> pd.DataFrame:
    rows = []
    for g, outlet in enumerate(OUTLETS):
        for rank in range(1, 9):
            delta = 0.5 - 0.03 * rank + 0.001 * g
            rows.append((outlet, f"istilah{rank}_{g % 3}", rank, delta, 0.004, rank <= 4))
    return pd.DataFrame(rows, columns=["group", "term", "rank", "delta", "variance", "significant"])


def test_keyness_draws_the_largest_outlets_up_to_the_stated_number_and_says_so():
    top = keyness_table()
    limit = figure_limit("max_keyness_panels")
    fig = terms_plots.plot_keyness(top, sizes=ARTICLES, glossary={})
    assert_printable(fig)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == LARGEST[:limit]
    caption = terms_plots.keyness_caption(top, by="outlet", sizes=ARTICLES)
    assert f"Drawn for the {limit} of {N_OUTLETS} outlets with the most articles" in caption
    # Two outlets in one figure never share a bar colour (grey is for outlets named by title).
    colours = [to_hex(ax.patches[0].get_facecolor()) for ax in fig.axes if ax.patches]
    named = [c for c in colours if c != "#777777"]
    assert len(named) == len(set(named)) == 8


def test_keyness_of_few_outlets_draws_them_all_and_the_caption_adds_nothing():
    top = keyness_table()
    few = top[top["group"].isin(OUTLETS[:3])]
    fig = terms_plots.plot_keyness(few, sizes=ARTICLES, glossary={})
    assert len([ax for ax in fig.axes if ax.get_title(loc="left")]) == 3
    assert "Drawn for" not in terms_plots.keyness_caption(few, sizes=ARTICLES)


def test_rate_heat_map_of_forty_outlets_draws_the_largest_and_stays_on_a_page():
    terms = ["surat", "imperialis", "hegemoni", "kerja_sama", "sanksi", "senjata", "perang",
             "kata", "mengatakan", "menurut"]
    rates = pd.DataFrame([(o, t, float((i * 37 + j * 11) % 90), 1.0, 99.0, "article")
                          for i, o in enumerate(OUTLETS) for j, t in enumerate(terms)],
                         columns=["group", "term", "rate_per_10k", "low", "high", "resample"])
    fig = terms_plots.plot_rate_heatmap(rates, terms=terms, glossary={}, sizes=ARTICLES)
    assert_printable(fig)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    limit = figure_limit("max_outlet_rows")
    assert rows == sorted(LARGEST[:limit])
    caption = terms_plots.rate_heatmap_caption(rates, by="outlet", sizes=ARTICLES)
    assert f"{limit} of {N_OUTLETS} outlets with the most articles" in caption


def test_tokens_figure_gives_the_smallest_outlets_one_bar_and_the_table_says_which():
    articles = pd.DataFrame([(f"{o}-{i}", o, 300) for o in OUTLETS for i in range(ARTICLES[o])],
                            columns=["doc_id", "outlet", "n_tokens"])
    fig = corpus_plots.plot_tokens_by_outlet(articles)
    assert_printable(fig)
    limit = figure_limit("max_outlet_bars")
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(names) == limit
    assert names[0] == f"{LARGEST[0]} ({ARTICLES[LARGEST[0]]:,} articles)"
    rest = N_OUTLETS - limit + 1
    assert names[-1] == f"{rest} other outlets ({sum(ARTICLES[o] for o in LARGEST[limit - 1:]):,} articles)"
    colours = [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    named = [c for c in colours if c != to_hex(OTHER_COLOUR)]
    assert len(named) == len(set(named)) == 8
    table = corpus_plots.tokens_by_outlet_table(articles)
    assert len(table) == N_OUTLETS and (table["bar"] == f"{rest} other outlets").sum() == rest


def test_line_account_of_forty_outlets_fits_a_page():
    files = [f"{o}-{i}.txt" for o in OUTLETS for i in range(ARTICLES[o])]
    lines = pd.DataFrame({"file": np.repeat(files, 2), "label": ["body", "boilerplate"] * len(files)})
    outlets = pd.Series([f.rsplit("-", 1)[0] for f in files], index=files)
    fig = corpus_plots.plot_line_account(lines, outlets=outlets)
    assert_printable(fig)
    assert len(fig.axes[0].get_yticklabels()) == figure_limit("max_outlet_bars")


def prevalence(outlets: list[str], k: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = [(o, t, share, share - 0.05, share + 0.05, 10 * ARTICLES[o], ARTICLES[o])
            for o in outlets for t, share in enumerate(rng.dirichlet(np.ones(k)))]
    return pd.DataFrame(rows, columns=["outlet", "topic", "prevalence", "lower", "upper",
                                       "n_units", "n_docs"])


def test_prevalence_of_forty_outlets_names_the_largest_on_the_axis_without_a_legend():
    table = prevalence(OUTLETS)
    labels = {0: "Topic 0: Kim Jong Un, surat, Putin", 1: "Topic 1: senjata, perang",
              2: "Topic 2: sanksi, PBB"}
    fig = topics_plots.plot_prevalence(table, labels=labels)
    assert_printable(fig)
    assert not fig.legends
    limit = figure_limit("max_outlet_rows")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == LARGEST[:limit]
    six = topics_plots.plot_prevalence(prevalence(OUTLETS, k=6), labels=dict(enumerate("abcdef")))
    fig.canvas.draw()
    six.canvas.draw()
    # Every column's lowest panel shows its x scale, also above an empty slot of the grid.
    for ax in six.axes[2:4] + six.axes[4:6]:
        assert ax.get_xlabel() == "mean topic share"
        assert [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    caption = topics_plots.prevalence_caption(table, by="outlet", unit="paragraph",
                                              resample="document")
    assert f"{limit} of {N_OUTLETS} outlets with the most articles" in caption


def test_prevalence_of_a_few_outlets_has_one_legend_colour_per_outlet():
    outlets = OUTLETS[:8]
    fig = topics_plots.plot_prevalence(prevalence(outlets), labels={0: "a", 1: "b", 2: "c"})
    assert_printable(fig)
    handles = fig.legends[0].legend_handles
    colours = [to_hex(h.get_color()) for h in handles]
    assert len(colours) == len(set(colours)) == 8


def test_quarters_over_seven_years_are_ticked_by_year_with_gaps_kept():
    quarters = [str(p) for p in pd.period_range("2019Q1", "2025Q4", freq="Q")
                if p.year != 2021]  # no article in 2021
    rows = [(q, t, 0.5, 0.4, 0.6, 30, 12) for q in quarters for t in range(4)]
    table = pd.DataFrame(rows, columns=["period", "topic", "prevalence", "lower", "upper",
                                        "n_units", "n_docs"])
    fig = topics_plots.plot_prevalence_over_time(table, labels={t: f"Topic {t}" for t in range(4)})
    assert_printable(fig)
    ax = fig.axes[3]  # the lowest panel of the first column carries the tick labels
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2019, 2026)]
    assert ax.get_xlim() == (-0.5, 27.5)  # 28 quarters: 2021 is a gap, not squeezed out
    line = ax.lines[0]
    assert np.isnan(line.get_ydata()[8:12]).all()  # the trend line breaks over the gap


def test_voice_shares_of_forty_outlets_draw_the_largest_through_the_house_figure():
    rows = [(o, v, ARTICLES[o], 0.25, 0.25, 0.2, 0.3) for o in OUTLETS
            for v in ("quoted", "scare_quoted", "reported", "narrator")]
    rows += [("all outlets", v, sum(ARTICLES.values()), 0.25, 0.25, 0.2, 0.3)
             for v in ("quoted", "scare_quoted", "reported", "narrator")]
    shares = pd.DataFrame(rows, columns=["outlet", "voice", "occurrences", "machine_share",
                                         "corrected_share", "ci_low", "ci_high"])
    fig = validate_plots.plot_corrected_shares(shares)
    assert_printable(fig)
    assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(names) == figure_limit("max_outlet_rows") + 1 and names[-1] == "all outlets"
    assert f"of {N_OUTLETS} outlets drawn" in fig._supxlabel.get_text()


def test_copies_of_forty_outlets_fit_a_page():
    table = pd.DataFrame({"outlet": OUTLETS, "articles": [ARTICLES[o] for o in OUTLETS]})
    table["copies"] = table["articles"] // 4
    table["first"] = table["articles"] // 8
    table["unique"] = table["articles"] - table["copies"] - table["first"]
    fig = syndication_plots.plot_copies_by_outlet(table)
    assert_printable(fig)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(names) == figure_limit("max_outlet_bars") and names[-1].startswith("11 other outlets")


def test_eleven_topics_fit_a_page_three_to_a_row_with_no_title_cut_off():
    terms = ["kerja_sama", "imperialis", "hegemoni", "senjata", "perang", "sanksi", "surat",
             "menurut", "mengatakan", "kata"]
    top = pd.DataFrame([(k, r + 1, terms[(k + r) % len(terms)], 0.01 / (r + 1))
                        for k in range(11) for r in range(10)],
                       columns=["topic", "rank", "term", "weight"])
    labels = {k: f"Topic {k}: Kim Jong Un, kerja sama, Putin" for k in range(11)}
    fig = topics_plots.plot_top_terms(top, labels=labels, glosses={})
    assert_printable(fig)
    assert fig.axes[0].get_gridspec().ncols == 3
    five = topics_plots.plot_top_terms(top[top["topic"] < 5], labels=labels, glosses={})
    assert five.axes[0].get_gridspec().ncols == 2  # the seeds' layout


def test_pages_with_no_outlet_are_drawn_last_in_their_own_grey_never_as_an_outlet():
    # The development set: the loader's "unknown" is the largest group, but it is no outlet.
    sizes = {**ARTICLES, "unknown": 1000}
    colours = outlet_colours([*OUTLETS, "unknown"], sizes=sizes)
    assert colours["unknown"] not in {OTHER_COLOUR, *(c for o, c in colours.items() if o != "unknown")}
    assert sorted(o for o, c in colours.items() if c not in (OTHER_COLOUR, colours["unknown"])) \
        == sorted(LARGEST[:8])
    articles = pd.DataFrame([(f"{o}-{i}", o, 300) for o in [*OUTLETS, "unknown"]
                             for i in range(sizes[o])], columns=["doc_id", "outlet", "n_tokens"])
    fig = corpus_plots.plot_tokens_by_outlet(articles)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    limit = figure_limit("max_outlet_bars")
    assert len(names) == limit and names[0].startswith(LARGEST[0])
    assert names[-2].startswith(f"{N_OUTLETS - limit + 2} other outlets")
    assert names[-1] == "unknown (1,000 articles)"
    top = keyness_table()
    top = pd.concat([top, top[top["group"] == OUTLETS[0]].assign(group="unknown")])
    fig = terms_plots.plot_keyness(top, sizes=sizes, glossary={})
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert "unknown" not in titles and titles[0] == LARGEST[0]


def test_fourteen_months_are_ticked_by_month_without_overprinting():
    months = [str(p) for p in pd.period_range("2023-11", "2024-12", freq="M")]
    rows = [(m, t, 0.5, 0.4, 0.6, 30, 12) for m in months for t in range(5)]
    table = pd.DataFrame(rows, columns=["period", "topic", "prevalence", "lower", "upper",
                                        "n_units", "n_docs"])
    fig = topics_plots.plot_prevalence_over_time(table, labels={t: f"Topic {t}" for t in range(5)})
    assert_printable(fig)
    ticks = [t.get_text() for t in fig.axes[3].get_xticklabels()]
    assert ticks == ["2023-11", "2024-03", "2024-07", "2024-11"]
    assert fig._supxlabel.get_text() == "publication month (one dot each)"


def test_frame_salience_of_forty_outlets_draws_the_largest_and_says_so():
    from analysis import framing_plots

    frames = ["imperialisme", "kedaulatan", "persahabatan"]
    rows = [(o, f, f"{f} frame", v, 1.0 + i % 5, 100 * ARTICLES[o])
            for o in OUTLETS for i, f in enumerate(frames) for v in ("narrator", "reported", "quoted")]
    salience = pd.DataFrame(rows, columns=["outlet", "frame", "label", "voice", "per_1000", "tokens"])
    limit = min(figure_limit("max_outlet_rows"), framing_plots.SALIENCE_MAX_OUTLETS)
    fig = framing_plots.plot_frame_salience(salience)
    drawn = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert sorted(drawn) == sorted(LARGEST[:limit])
    assert framing_plots.salience_caption_note(salience) == (
        f" Drawn for the {limit} of {N_OUTLETS} outlets with the most tokens; every outlet is in "
        "the CSV.")
    assert_printable(fig)


def test_source_reliance_of_forty_outlets_has_one_legend_entry_per_colour():
    from analysis import framing_plots

    sources = ["Antara", "KCNA", "Reuters", "Yonhap"]
    reliance = pd.DataFrame([(o, s, 1 + (i + j) % 3) for i, o in enumerate(OUTLETS)
                             for j, s in enumerate(sources)], columns=["outlet", "source", "n"])
    fig = framing_plots.plot_source_reliance(reliance)
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    colours = [to_hex(h.get_facecolor()) for h in legend.legend_handles]
    assert len(colours) == len(set(colours)) == 9  # 8 palette colours + the other outlets
    assert labels[-1] == "32 other outlets"
    bars = fig.axes[0].containers
    total = sum(bar.get_width() for container in bars for bar in container)
    assert total == reliance["n"].sum()  # every citation is drawn
    assert_printable(fig)


def test_voice_counts_of_forty_outlets_draw_the_most_cited_and_fit_a_page():
    from analysis import framing_plots

    counts = pd.DataFrame([(o, v, ARTICLES[o] + k) for o in OUTLETS
                           for k, v in enumerate(("quoted", "reported", "narrator"))],
                          columns=["outlet", "voice", "n"])
    limit = figure_limit("max_outlet_rows")
    fig = framing_plots.plot_voice_counts(counts, term="imperialis*")
    drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(drawn) == sorted(LARGEST[:limit])
    assert framing_plots.voice_counts_caption_note(counts) == (
        f" Drawn for the {limit} of {N_OUTLETS} outlets with the most occurrences; every outlet "
        "is in the CSV.")
    assert_printable(fig)
