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
# # Corpus overview: which text on each page is the article?
#
# Every later analysis counts words in article bodies, so the first question is what the loader kept from each raw page dump and what it dropped (navigation, tickers, *Baca juga* links, popular-article lists, repeated captions, credit lines), and why. Every input line is accounted for.

# %% tags=["parameters"]
corpus_dir = None  # None = the project's seeds/; or a path to your own article folder
figures_dir = None  # None = the project's figures/; the report runner sets another folder
duplicates = "keep"  # syndicated copies: "keep" all, keep only the "first" of each cluster, or "drop" every copied article

# %%
import pandas as pd
from IPython.display import display

from analysis import adapt, syndication
from analysis.cache import read_cached
from analysis.corpus_plots import (folded_note, line_account_table, outlet_line_account,
                                   plot_line_account, plot_tokens_by_outlet,
                                   tokens_by_outlet_table)
from analysis.figures import save_figure
from analysis.syndication_plots import plot_copies_by_outlet

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# Load the folder (stored in the project's `cache/` on the first run, so the later notebooks and runs read it back instead of cleaning every file again); problems with input files are listed (an empty list means none).

# %%
reading = read_cached(corpus_dir)
marked = syndication.mark_copies(reading.articles)  # near-duplicate bodies: see 'Shared copy' below
articles = syndication.select_articles(marked, duplicates=duplicates)
reading.problems

# %% [markdown]
# One row per article, with the metadata the manifest gives or the page states (a bounded sample on a large corpus; the whole table goes to a CSV file).

# %%
listing = adapt.bounded_listing(
    articles[["doc_id", "outlet", "title", "published", "reporter", "credit",
              "sources", "n_tokens"]], "articles", directory=figures_dir, what="articles")
print(listing.note)
display(listing.shown)

# %% [markdown]
# Every line of every input file, by the label the loader gave it.

# %%
outlets = reading.articles.set_index("file")["outlet"]
fig = plot_line_account(reading.lines, outlets=outlets)
save_figure(fig, "lines_kept-dropped_by-outlet",
            data=line_account_table(reading.lines, outlets=outlets), directory=figures_dir,
            caption="Share of the input lines of each outlet's files by the label the loader "
                    "gave them: kept as article text or metadata, or dropped as page furniture "
                    "(the counts per file are in the CSV)."
                    + folded_note(outlet_line_account(reading.lines, outlets=outlets)
                                  .set_index("outlet")["files"], by="files"));

# %% [markdown]
# Why the dropped lines were dropped, per file (a bounded sample on a large corpus; every row goes to a CSV file).

# %%
account = reading.account()
listing = adapt.bounded_listing(account[~account["kept"] & (account["label"] != "blank")],
                                "dropped-lines_by-file", directory=figures_dir,
                                what="rows of dropped lines (file, label, reason)")
print(listing.note)
display(listing.shown)

# %% [markdown]
# How much article text each outlet contributes.

# %%
fig = plot_tokens_by_outlet(articles)
save_figure(fig, "tokens_by-outlet", data=tokens_by_outlet_table(articles),
            directory=figures_dir,
            caption="Tokens in the article bodies of each outlet, after boilerplate removal."
                    + folded_note(articles["outlet"].value_counts()));

# %% [markdown]
# ## Shared copy
#
# Indonesian news is heavily syndicated: wire copy from Antara, Reuters or AFP, one story on every regional site of a network. The same text under several outlets inflates counts and makes copying look like framing. Articles whose bodies are near duplicates (mostly the same runs of five words, or one nearly contained in the other; MinHash LSH with exact verification, settings in `analysis/data/syndication.yaml`) form a cluster whose *first* member is the earliest published. Per outlet: articles with no near duplicate, first members of a cluster, and later copies (of which copies of another outlet's article). A body identical to an earlier file's *from the same outlet* is a page saved twice and is left out by the loader (listed among the problems above); identical bodies under different outlets are kept and counted here as copies. Notebooks 01-03 take the same `duplicates` parameter.

# %%
copies = syndication.copies_by_outlet(marked)
copies

# %%
if copies["copies"].sum() == 0:
    print(f"No article of the {len(marked)} is a near duplicate of another, so no outlet carries "
          "shared copy and there is nothing to plot.")
else:
    fig = plot_copies_by_outlet(copies)
    save_figure(fig, "copies_by-outlet", data=copies, directory=figures_dir,
                caption="Share of each outlet's articles that are a later copy of a near-duplicate "
                        "article, the first (earliest) of a cluster of near duplicates, or have no "
                        "near duplicate; each outlet's number of articles in brackets."
                        + folded_note(copies.set_index("outlet")["articles"]))

# %% [markdown] tags=["limits"]
# ## What this corpus can and cannot show
#
# The seeds are five articles, one per outlet, published between August 2022 and August 2024 about different events (the 2022 and 2024 liberation-day letters, the September 2023 summit, the October 2023 letters). Differences between outlets are therefore confounded with differences between events and years, and no outlet is represented by more than one article. Later notebooks describe these five texts closely; they cannot estimate how an outlet *usually* frames North Korea-Russia relations. Point `corpus_dir` at a larger collection for that.
