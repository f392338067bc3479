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
# # Topic modelling: which themes recur in the coverage, and in which outlets?
#
# A topic model summarises a corpus as a few groups of words that tend to occur together. Here it is fitted over paragraphs (by default) of the articles on the Kim Jong Un - Vladimir Putin letters and meetings, to ask which themes the coverage keeps returning to (arms, the summit, diplomatic history, ...) and how much of each outlet's text each theme takes up. The number of topics is chosen in the open: coherence and stability are shown for every k tried.

# %% tags=["parameters"]
corpus_dir = None  # None = the project's seeds/; or a path to your own article folder
figures_dir = None  # None = the project's figures/; the report runner sets another folder
duplicates = "keep"  # syndicated copies: "keep" all, only the "first" of each cluster, or "drop" every copied article (see notebook 00)
unit = "paragraph"  # "paragraph", "window" (3 sentences) or "article"
model = "nmf"  # "nmf" (NMF on TF-IDF) or "lda" (LDA on counts)
k_range = "auto"  # k to score, e.g. [2, 3, 4]; "auto" = 2 to 8 on small corpora, wider on large ones (analysis/data/scaling.yaml)
k = None  # None = the suggested k (best coherence + stability ranks); or a number
random_state = 0  # seed for the models, subsamples and bootstrap
n_restarts = 5  # restarts on 80% subsamples per k, for stability
selection_units = "auto"  # units the k sweep fits on: "auto" = a random sample of 5,000 when there are more; None = all
min_df = "auto"  # keep terms found in at least this many units; "auto" = 2, more on large corpora
stem = False  # stem with Sastrawi before counting
resample = "document"  # bootstrap whole articles ("document") or units ("unit")
period = "auto"  # period for prevalence over time: "Y", "Q", "M", "W"; "auto" follows the span of the dates

# %%
import pandas as pd

from IPython.display import display

from analysis import adapt, topics
from analysis import topics_plots
from analysis.corpus import load_corpus
from analysis.figures import save_figure
from analysis.memo import Memo
from analysis.syndication import select_articles

pd.set_option("display.max_colwidth", 200)
pd.set_option("display.precision", 3)

# %% [markdown]
# Load the articles, cut them into units and count their terms (stop words, attribution cues and numbers removed; names such as *Kim Jong Un* merged into one token). With `"auto"`, the minimum number of units a term must occur in grows with the corpus. The slow steps (counting, the k sweep, the final fit) go through `memo`: their results are stored in the cache folder, keyed by the units, the arguments and the package's code and data files, so re-running this notebook on an unchanged corpus reads them back (`analysis/memo.py`).

# %%
corpus = select_articles(load_corpus(corpus_dir, cache=True), duplicates=duplicates)
memo = Memo()
units = topics.make_units(corpus, unit=unit)
df_floor, df_rule = adapt.resolve_threshold("min_df", min_df, n=len(units))
print(df_rule)
try:
    matrix = memo(topics.build_term_matrix, units, stem=stem, min_df=df_floor, warn=False)
except ValueError as error:  # no term occurs in enough units
    matrix = None
    print(f"No topic model for this corpus: {error}")
if matrix is not None:
    print(f"{len(corpus)} articles, {len(matrix.units)} {unit} units, "
          f"{len(matrix.terms)} terms in at least {df_floor} units"
          + (f"; {len(matrix.dropped)} units with no such term are left out" if matrix.dropped else ""))

# %% [markdown]
# For each k, coherence (mean NPMI of each topic's 10 top terms, counted over the corpus's own units) and stability (agreement of the top terms of models fitted on random 80% subsamples with the model on all units). On a large corpus the models of this sweep are fitted on a random sample of units (coherence is still counted over all of them); the chosen k is fitted on all units below.

# %%
ks, k_rule = adapt.resolve_k_range(k_range, n_articles=len(corpus))
sample = (adapt.read_scaling()["selection_units"] if selection_units == "auto"
          else selection_units)
if matrix is not None:
    ks, left_out = topics.feasible_ks(matrix, ks, sample=sample)
    print(k_rule + (f"; {left_out}" if left_out else ""))
can_model = matrix is not None and len(ks) > 0
if can_model:
    if sample is not None and len(matrix.units) > sample:
        print(f"The k sweep fits its models on a random sample of {sample:,} of the "
              f"{len(matrix.units):,} units (seed {random_state}).")
    scores = memo(topics.score_k, matrix, ks=ks, model=model, n_restarts=n_restarts,
                  random_state=random_state, sample=sample)
    summary = topics.summarise_k(scores)
    suggested = topics.suggest_k(summary)
    display(summary.round(3))
else:
    print("No topic model: this corpus has too few units or terms for any k of the sweep.")

# %% [markdown]
# Coherence and stability against k; the dashed line marks the suggested k. Neither is a test: read the topics of the neighbouring k too.

# %%
if can_model:
    fig = topics_plots.plot_k_selection(scores, suggested=suggested)
    save_figure(fig, f"topics_k-selection_{model}_{unit}", data=scores, directory=figures_dir,
                caption=f"Coherence (mean NPMI of the top 10 terms) and stability (average "
                        f"Jaccard agreement of {n_restarts} restarts on 80% subsamples) of "
                        f"{model.upper()} topic models of {unit}s, for each number of topics.")
else:
    print("No k-selection figure: no k could be fitted.")

# %% [markdown]
# Fit the chosen k and label its topics, from `analysis/data/topic_labels.csv` when it has labels for this fit, otherwise by their top terms.

# %%
if can_model:
    k_chosen = suggested if k is None else k
    fit = memo(topics.fit_topics, matrix, k=k_chosen, model=model, random_state=random_state)
    labels = topics.topic_labels(fit, warn=False)
    stale = topics.stale_labels(fit)
    top = topics.top_terms(fit, n=10)
    print(f"k = {k_chosen} ({'suggested' if k is None else 'set by hand'})")
    if stale:
        print(f"{len(stale)} label(s) in {topics.LABELS_FILE} were written for another fit "
              "(other top terms) and are not used; these topics are labelled by their top terms.")
    display(labels)
else:
    print("No topics to label.")

# %% [markdown]
# The ten heaviest terms of each topic, with English glosses where known.

# %%
if can_model:
    fig = topics_plots.plot_top_terms(top, labels=labels)
    save_figure(fig, f"topics_top-terms_{model}_{unit}",
                data=top.assign(label=top["topic"].map(labels)), directory=figures_dir,
                caption=f"The ten heaviest terms of each of the {k_chosen} {model.upper()} "
                        f"topics of {unit}s, by their weight in the topic (English glosses in "
                        "brackets, or 'no gloss').")
else:
    print("No top-terms figure: no topic model.")

# %% [markdown]
# Read before naming: the three units most about each topic.

# %%
if can_model:
    representative = topics.representative_units(fit, n=3)
    listing = adapt.bounded_listing(
        representative.assign(label=representative["topic"].map(labels))[
            ["label", "rank", "outlet", "share", "text"]].round(2),
        f"topics_representative-units_{model}_{unit}", directory=figures_dir,
        random_state=random_state, what="representative units")
    print(listing.note)
    display(listing.shown)
else:
    print("No topics, so no representative units.")

# %% [markdown]
# To name the topics, copy these rows into `analysis/data/topic_labels.csv` and fill in the `label` column; the figures then use your labels.

# %%
topics.label_template(fit) if can_model else print("No topics to label.")

# %% [markdown]
# How much of each outlet's text each topic takes up (mean topic share of its units), with 95% bootstrap intervals. With `resample="document"` an outlet with a single article gets no interval: one article cannot show how an outlet varies.

# %%
if can_model:
    by_outlet = topics.topic_prevalence(fit, by="outlet", resample=resample,
                                        random_state=random_state)
    fig = topics_plots.plot_prevalence(by_outlet, labels=labels)
    save_figure(fig, f"topics_prevalence_by-outlet_{model}_{unit}",
                data=by_outlet.assign(label=by_outlet["topic"].map(labels)),
                directory=figures_dir,
                caption=topics_plots.prevalence_caption(by_outlet, by="outlet", unit=unit,
                                                        resample=resample))
    display(by_outlet.round(3))
else:
    print("No topics, so no prevalence by outlet.")

# %% [markdown]
# The same over publication periods, when the dated articles span more than one period.

# %%
freq, period_rule = adapt.resolve_period(period, corpus["published"])
print(period_rule)
n_periods = topics.periods(fit.units["published"], freq=freq).nunique() if can_model else 0
if not can_model:
    print("No topics, so no prevalence over time.")
elif n_periods > 1:
    over_time = topics.topic_prevalence(fit, by="period", freq=freq, resample=resample,
                                        random_state=random_state)
    fig = topics_plots.plot_prevalence_over_time(over_time, labels=labels, min_articles=3)
    save_figure(fig, f"topics_prevalence_by-period_{model}_{unit}",
                data=over_time.assign(label=over_time["topic"].map(labels)),
                directory=figures_dir,
                caption=topics_plots.prevalence_caption(over_time, by="period", unit=unit,
                                                        resample=resample, min_articles=3))
else:
    print(f"The dated articles fall in {n_periods} period(s) of '{freq}': no trend to show.")

# %% [markdown]
# The document-topic matrix with the article metadata (first rows).

# %%
topics.doc_topics(fit, wide=True).head(10) if can_model else print("No topics, no document-topic matrix.")

# %% [markdown]
# Which of the slow steps above were computed in this run, and which were read back from the results stored by an earlier run on the same corpus with the same parameters and code.

# %%
print(memo.note())

# %% [markdown] tags=["findings"]
# ## What a topic model of five articles can and cannot support
#
# On the seeds the model sees about fifty paragraphs from five articles, one per outlet, about different events between 2022 and 2024. It **can** give a compact, reproducible index of the recurring themes in these texts (the letters' pledges, the summit, the Soviet-era history, the arms accusations) and point to the paragraphs that carry them, which is a useful guide for close reading. It **cannot** estimate how often an outlet covers a theme: each outlet's prevalence comes from one article, so outlet, event and date are confounded, and no interval can be computed when whole articles are resampled. With so few units the topics themselves are fragile, as the stability scores show: a different k or a different subsample moves paragraphs between topics, so treat topic boundaries as tentative. Differences between outlets need a corpus with many articles per outlet and per period; point `corpus_dir` at one.
