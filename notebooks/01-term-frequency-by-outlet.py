# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (indo-news-framing)
#     language: python
#     name: indo-news-framing
# ---

# %% [markdown]
# # Which words does each outlet use more, or less, than the others?
#
# We count the words of every article body, then compare each group of articles (by default: each outlet) with all the others. Two measures: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' words"), and Dunning's log-likelihood G² with Hardie's Log Ratio as the effect size. Because thousands of words are tested at once, significance is judged after the Benjamini-Hochberg correction; because words cluster in articles, rate intervals resample whole articles (a cluster bootstrap) and the permutation test permutes whole articles. And we ask plainly how far five articles can take us.

# %% tags=["parameters"]
corpus_dir = None  # None = the project's seeds/; or a path to your own article folder
figures_dir = None  # None = the project's figures/; the report runner sets another folder
duplicates = "keep"  # syndicated copies: "keep" all, only the "first" of each cluster, or "drop" every copied article (see notebook 00)
group_by = "outlet"  # any article column: outlet, year, ...
measure = "log_odds"  # "log_odds" (Monroe et al. 2008) or "g2" (Dunning G² + Log Ratio)
min_count = "auto"  # keep terms seen at least this often in the corpus; "auto" grows with the corpus (analysis/data/scaling.yaml)
min_docs = "auto"  # ... and in at least this many articles; "auto" likewise
stem = False  # stem with Sastrawi (then glosses match fewer terms)
stopwords = "default"  # "default" (framing-safe), "sastrawi", None, or a file path
alpha_0 = None  # log_odds prior size; None = the corpus itself (alpha_w = corpus count of w, alpha_0 = its tokens); or a number: larger = more shrinkage
n_top = 8  # terms per panel
pair = None  # two groups for the fightin' words scatter, e.g. ("Tempo", "VOA Indonesia"); None = the two largest
heatmap_terms = ["surat", "imperialis", "hegemoni", "kerja_sama", "sanksi", "senjata",
                 "perang", "kata", "mengatakan", "menurut"]
resample = "article"  # rate intervals: "article" (whole articles) or "paragraph" (within-article only)
random_state = 0  # seed for the bootstrap and permutation tests

# %%
import pandas as pd
from IPython.display import display

from analysis import adapt, terms
from analysis.cache import count_terms_cached
from analysis.corpus import load_corpus
from analysis.figures import figure_slug, rank_outlets, save_figure
from analysis.syndication import select_articles
from analysis.terms_plots import (fightin_words_caption, keyness_caption, keyness_groups,
                                  plot_fightin_words, plot_keyness, plot_rate_heatmap,
                                  rate_heatmap_caption)

pd.set_option("display.width", 120)

# %% [markdown]
# Load the articles and count their words, once per article and once per paragraph. Rare terms are dropped first; with `"auto"` the thresholds grow with the number of articles (a word seen once is worth a look in five articles, and noise in 20,000).

# %%
corpus = select_articles(load_corpus(corpus_dir, cache=True), duplicates=duplicates)
count_floor, count_rule = adapt.resolve_threshold("min_count", min_count, n=len(corpus))
docs_floor, docs_rule = adapt.resolve_threshold("min_docs", min_docs, n=len(corpus))
print(f"{count_rule}; {docs_rule}")
if duplicates == "keep":  # every article of the folder: the counts come from the cache
    counts = count_terms_cached(corpus_dir, stopwords=stopwords, stem=stem)
    paragraph_counts = count_terms_cached(corpus_dir, unit="paragraph", stopwords=stopwords,
                                          stem=stem)
else:
    counts = terms.count_terms(corpus, stopwords=stopwords, stem=stem)
    paragraph_counts = terms.count_terms(corpus, unit="paragraph", stopwords=stopwords, stem=stem)
counts = terms.filter_terms(counts, min_count=count_floor, min_docs=docs_floor)
print(f"{len(corpus)} articles, {len(paragraph_counts.units)} paragraphs, "
      f"{len(counts.terms)} terms after filtering")

# %% [markdown]
# The stop-word choice changes every total and rate below, so here it is: the list used and what it keeps (the default keeps attribution cues such as *kata*, *menurut*).

# %%
{key: counts.settings[key] for key in ("stopwords", "n_stopwords", "stem", "min_count", "min_docs")}

# %% [markdown]
# How many articles, tokens and word types each group has: the denominators of every rate.

# %%
summary = terms.group_summary(counts, by=group_by)
comparable = len(summary) >= 2  # keyness needs a second group to compare with
if not comparable:
    print(f"This corpus has a single {group_by} ({', '.join(map(str, summary['group']))}): "
          "there is no other group to compare it with, so the keyness, fightin' words and "
          "permutation cells below are skipped.")
summary

# %% [markdown]
# The most frequent terms of each group, with rates per 10,000 tokens and document frequency.

# %%
frequencies = terms.term_frequencies(counts, by=group_by)
frequencies.groupby("group", observed=True).head(5)

# %% [markdown]
# Keyness of each group against all the others. Every row carries the counts and totals (and the prior α_w, α_0 for log-odds) from which its score can be recomputed by hand. By default the log-odds prior is the corpus itself: α_w is the corpus count of w and α_0 the corpus's tokens, so the prior's weight grows with the corpus.

# %%
if comparable:
    table = terms.keyness(counts, by=group_by, measure=measure, alpha_0=alpha_0)
    if measure == "log_odds":
        print(f"prior: {table.attrs['prior']}, alpha_0 = {table.attrs['alpha_0']:,.0f} "
              f"({table.attrs['alpha_0_source']})")
    top = terms.top_terms(table, n=n_top)
    print(f"significant after Benjamini-Hochberg: {int(table['significant'].sum())} of {len(table)} tests")
    display(top.head(2 * n_top))
else:
    print(f"No keyness: a single {group_by} has no others to be compared with.")

# %% [markdown]
# The most distinctive terms of each group; pale bars are not significant after the correction.

# %%
glossary = terms.read_glossary()
if comparable:
    sizes = summary.set_index("group")["n_docs"]  # the groups with most articles are drawn
    fig = plot_keyness(top, glossary=glossary, sizes=sizes)
    drawn, groups = keyness_groups(top, sizes=sizes)
    if len(drawn) < len(groups):
        print(f"The figure draws the {len(drawn)} of {len(groups)} {group_by}s with the most "
              "articles (figures.max_keyness_panels in analysis/data/scaling.yaml); the CSV "
              "beside it has every group (column drawn).")
    plotted = top.assign(label=terms.gloss_labels(top["term"].astype(str), glossary),
                         drawn=top["group"].astype(str).isin(drawn))
    save_figure(fig, f"keyness-{measure}_by-{group_by}", data=plotted, directory=figures_dir,
                caption=keyness_caption(top, by=group_by, sizes=sizes))
else:
    print(f"No keyness figure: a single {group_by} has no others to be compared with.")

# %% [markdown]
# Rates per 10,000 tokens for words the framing question is about, with 95% bootstrap intervals that resample whole articles within each group (paragraphs of one article are not independent). A group with a single article gets no interval (NaN, shown without brackets): one article cannot show how a group varies. `resample = "paragraph"` gives within-article intervals instead, which describe those articles only.

# %%
chosen = [t for t in heatmap_terms if t in set(paragraph_counts.terms)]
print("not in this corpus:", sorted(set(heatmap_terms) - set(chosen)))
if chosen:
    rates = terms.bootstrap_rates(paragraph_counts, terms=chosen, by=group_by,
                                  resample=resample, random_state=random_state)
    no_interval = rates.attrs["no_interval"]
    if no_interval:
        print(f"No interval for {len(no_interval)} of {rates['group'].nunique()} groups, which have "
              f"a single {resample} ({', '.join(no_interval)}): one {resample} cannot show how a "
              "group varies. Add articles, or set resample = \"paragraph\" for within-article intervals.")
    sizes = summary.set_index("group")["n_docs"]  # with many groups, the largest are drawn
    fig = plot_rate_heatmap(rates, terms=chosen, glossary=glossary, sizes=sizes)
    save_figure(fig, f"rates_by-{group_by}", data=rates, directory=figures_dir,
                caption=rate_heatmap_caption(rates, by=group_by, sizes=sizes))
else:
    print("None of the heat-map terms occurs in this corpus, so there are no rates to show; "
          "set heatmap_terms to words of your corpus.")

# %% [markdown]
# Two groups side by side ("fightin' words"): each dot is a term, placed by its frequency in both and its z-score; dashed lines mark |z| = 1.96 before any correction.

# %%
if comparable:
    # The two largest groups by tokens; a group of pages with no outlet ("unknown") last.
    largest = rank_outlets(summary["group"], dict(zip(summary["group"], summary["total"])))
    target, reference = pair if pair else (largest[0], largest[1])
    duel = terms.keyness(counts, by=group_by, target=target, reference=reference,
                         measure="log_odds", alpha_0=alpha_0)
    fig = plot_fightin_words(duel, glossary=glossary)
    save_figure(fig, f"fightin-words_{figure_slug(f'{target}-vs-{reference}')}", data=duel,
                directory=figures_dir,
                caption=fightin_words_caption(duel))
else:
    print(f"No fightin' words: it needs two groups, and this corpus has one {group_by}.")

# %% [markdown]
# A test that does not treat tokens as independent: permute whole articles between the two groups. `p_min` is the smallest p-value this design can produce at all.

# %%
if comparable:
    permuted = terms.permutation_test(counts, by=group_by, target=target, reference=reference,
                                      terms=duel.nlargest(5, "z")["term"].astype(str).tolist(),
                                      random_state=random_state)
    display(permuted[["term", "count", "count_reference", "difference", "p_value", "p_adjusted",
                      "n_permutations", "exact", "p_min"]])
else:
    print(f"No permutation test: it needs two groups, and this corpus has one {group_by}.")

# %% [markdown] tags=["findings"]
# ## What five articles can and cannot show
#
# On the seeds every outlet is **one article**. So:
#
# - *Can*: describe exactly which words each of these five texts uses more than the others, with every count on the page; show which framing words (*imperialis*, *hegemoni*, *kerja sama*) appear in which text.
# - *Cannot*: say anything about how an outlet usually writes. Outlet, event and date are confounded (each article covers a different letter or meeting, 2022-2024). With one article per outlet, permuting articles between one outlet and the other four has only five arrangements (no p-value below 0.2), and between two outlets only two (none below 0.5): the article-level evidence is nil. G² and z treat the ~200 tokens of each article as independent draws, which words that cluster in one story are not, so even their small p-values overstate the evidence; after the Benjamini-Hochberg correction nothing is significant here. The rate intervals resample whole articles, so with one article per outlet **no interval can be computed**: the heat map shows rates without brackets. (Resampling paragraphs would give narrow intervals, but they would describe variation *within* one article, not between articles of an outlet.) The log-odds prior is the corpus itself (α_0 = the corpus's tokens, 961 on the seeds). Each group's estimated rate is then a weighted average of its own rate (weight: its ~150-250 tokens) and the corpus rate (weight: 961), so a word seen two or three times in one article is pulled most of the way back to the corpus rate, and on the seeds no |z| reaches 1.96 even before the correction. On a large corpus the prior grows with it, always weighing as much as the whole corpus.
#
# Point `corpus_dir` at many articles per outlet for claims about outlets; with `"auto"` the `min_count`/`min_docs` thresholds then rise with the corpus (the cell that counts the words says to what).
