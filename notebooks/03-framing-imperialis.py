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
# # Whose words? *Imperialis*, *hegemoni*, *musuh* and *perjuangan suci* in Indonesian news
#
# North Korean state language calls the United States and its allies *imperialis* and Russia's war a *perjuangan suci* (holy struggle). When Indonesian outlets reported the letters and meetings between Kim Jong Un and Vladimir Putin, did they adopt these words in their own voice, quote them, paraphrase them, or keep their distance ('Imperialis' in scare quotes, *apa yang ia sebut sebagai* ...)? This notebook labels every occurrence with its voice and speaker, measures how salient six frames are in each outlet's own voice versus in quoted speech, lists the collocates of the node terms, and counts which news agencies each outlet relies on.

# %% tags=["parameters"]
corpus_dir = None  # None = the project's seeds/; or a path to your own article folder
figures_dir = None  # None = the project's figures/; the report runner sets another folder
duplicates = "keep"  # syndicated copies: "keep" all, only the "first" of each cluster, or "drop" every copied article (see notebook 00)
family = "imperialis*"  # the term family whose voices are counted and listed in full
node_terms = ["imperialis*", "hegemoni*", "*musuh*", "perjuangan suci"]  # patterns
kwic_window = 8  # words of context each side in the concordance
window = 5  # tokens each side for collocates
min_cooccurrence = "auto"  # keep collocates seen at least this often near the node; "auto" = 1, more on large corpora (analysis/data/scaling.yaml)
min_frequency = 1  # ... and at least this often in the corpus
collocate_measure = "log_dice"  # log_dice, log_likelihood, pmi or t_score
frame_lexicon = "frames.yaml"  # the shipped lexicon, or a path to your own YAML file

# %%
import pandas as pd
from IPython.display import HTML, display

from analysis import adapt, collocates, framing, framing_plots
from analysis.corpus import load_corpus
from analysis.figures import save_figure
from analysis.memo import Memo
from analysis.paths import PROJECT_DIR
from analysis.resources import read_table
from analysis.syndication import select_articles
from analysis.terms import read_glossary

pd.set_option("display.max_colwidth", 120)

# %% [markdown]
# Load the articles (headline, captions and body paragraphs of each). The slow steps below (finding and labelling every occurrence, frame salience, source citations) go through `memo`: their results are stored in the cache folder, keyed by the corpus, the arguments and the package's code and data files, so re-running this notebook on an unchanged corpus reads them back instead of computing them again (`analysis/memo.py`).

# %%
corpus = select_articles(load_corpus(corpus_dir, cache=True), duplicates=duplicates)
memo = Memo()
print(f"{len(corpus)} articles from {corpus['outlet'].nunique()} outlets")

# %% [markdown]
# Find every occurrence of the node terms once, each labelled with its voice (quoted, scare-quoted, reported speech, narrator), the distancing flag and the speaker; the later cells reuse this table. The term family is listed in full, sorted by outlet and the word to the right.

# %%
terms = list(dict.fromkeys([family, *node_terms]))  # the family and the node terms, once each
kwic_all = memo(framing.concordances, corpus, terms, window=kwic_window)
kwic = framing.sort_concordance(kwic_all[kwic_all["node"] == family], ["outlet", "R1"])
absent = [term for term in terms if not (kwic_all["node"] == term).any()]
if absent:
    print(f"Never found in this corpus: {', '.join(absent)}. These terms have no concordance "
          "lines, voices or collocates below.")
listing = adapt.bounded_listing(kwic, f"kwic_{family}", directory=figures_dir,
                                what="concordance lines")
print(listing.note)
if len(kwic):
    display(HTML(framing.concordance_html(listing.shown, extra=("outlet", "location", "voice",
                                                                "distancing", "speaker"))))

# %% [markdown]
# How many occurrences each outlet carries, and in whose voice.

# %%
counts = framing.voice_counts(kwic, outlets=list(corpus["outlet"].unique()))
fig = framing_plots.plot_voice_counts(counts, term=family)
save_figure(fig, "imperialis_voice_by-outlet", data=counts, directory=figures_dir,
            caption=f"Occurrences of {family} per outlet by voice: quoted, scare-quoted, "
                    "reported speech or the outlet's own (narrator) voice."
                    + framing_plots.voice_counts_caption_note(counts));

# %% [markdown]
# The same voice counts for all node terms together.

# %%
kwic_all.pivot_table(index=["node", "outlet"], columns="voice", values="match",
                     aggfunc="count", fill_value=0)

# %% [markdown]
# How well do the voice rules agree with hand labels? On the seeds, 63 occurrences were labelled by reading the articles (`tests/data/framing_gold.csv`); the rows where the rules disagree are listed. On another corpus this check is skipped: label a sample of your own concordance to know the accuracy there.

# %%
if corpus_dir is None:
    gold = read_table(PROJECT_DIR / "tests" / "data" / "framing_gold.csv")
    evaluation = framing.evaluate_voices(corpus, gold)
    display(framing.label_accuracy(evaluation).round(3))
    wrong = ~(evaluation["voice_ok"] & evaluation["speaker_ok"] & evaluation["distancing_ok"])
    display(evaluation.loc[wrong, ["doc_id", "match", "voice", "pred_voice", "speaker",
                                   "pred_speaker", "note"]])
else:
    print("Hand labels exist only for the seed articles; no accuracy for this corpus.")

# %% [markdown]
# Frame salience: indicator terms of each frame per 1,000 tokens of the outlet's text, split by the voice they occur in. A frame that appears only in the quoted panel is the speakers' frame, carried but not adopted by the outlet. The same pass counts every outlet's tokens, which the collocates below need.

# %%
by_article, frequencies = memo(framing.frame_salience, corpus, lexicon=frame_lexicon,
                               frequencies=True)
salience = framing.outlet_salience(by_article)
fig = framing_plots.plot_frame_salience(salience)
save_figure(fig, "frame-salience_by-outlet-voice", data=salience, directory=figures_dir,
            caption="Frame indicator terms per 1,000 tokens of each outlet's text, by the voice "
                    "they occur in (narrator, reported speech, quotation)."
                    + framing_plots.salience_caption_note(salience));

# %% [markdown]
# Collocates of each node term within the window (stop words not reported; words glossed in English). On five articles most collocates occur once, so the ranking is a reading aid, not a finding.

# %%
cooccurrence_floor, cooccurrence_rule = adapt.resolve_threshold(
    "min_cooccurrence", min_cooccurrence, n=len(corpus))
print(cooccurrence_rule)
found = [term for term in node_terms if term not in absent]
table = pd.concat([collocates.collocates(corpus, term, window=window, frequencies=frequencies,
                                         min_cooccurrence=cooccurrence_floor,
                                         min_frequency=min_frequency).assign(node=term)
                   for term in found], ignore_index=True) if found else pd.DataFrame(
                       columns=["collocate", "node"])
if not found:
    print("No collocates: none of the node terms occurs in this corpus.")
elif table.empty:
    print(f"No collocates: no word occurs at least {cooccurrence_floor} time(s) within "
          f"{window} tokens of a node term.")
else:
    fig = framing_plots.plot_collocates(table, measure=collocate_measure, by="node")
    save_figure(fig, "collocates_node-terms", data=table, directory=figures_dir,
                caption=f"The eight strongest collocates of each node term within {window} "
                        f"tokens, by {collocate_measure} (stop words not shown; English glosses "
                        "in brackets, or 'no gloss').")

# %% [markdown]
# Collocates split by the voice of the node occurrence (narrator versus quoted), reusing the labelled occurrences of the family from the concordance.

# %%
if len(kwic):
    by_voice = collocates.collocates(corpus, family, window=window, by="voice", kwic=kwic,
                                     frequencies=frequencies, min_cooccurrence=cooccurrence_floor,
                                     min_frequency=min_frequency)
    display(by_voice.groupby("voice").head(5).round(2))
else:
    print(f"{family} never occurs in this corpus, so it has no collocates by voice.")

# %% [markdown]
# Source reliance: which news agencies and media each outlet cites, and how (*menurut*, *mengutip*, *melansir*, *dikutip*, photo credits, credit lines).

# %%
citations = memo(framing.source_citations, corpus)
reliance = framing.source_reliance(citations)
if reliance.empty:
    print("No news agency or medium of analysis/data/news_sources.csv is cited in this corpus, "
          "so there is no source-reliance figure.")
else:
    fig = framing_plots.plot_source_reliance(reliance)
    save_figure(fig, "source-reliance_by-outlet", data=reliance, directory=figures_dir,
                caption="Citations of news agencies and media per outlet (menurut, mengutip, "
                        "melansir, dikutip, photo credits, credit lines and mentions).")
    display(reliance.pivot_table(index=["outlet", "source"], columns="how", values="n",
                                 fill_value=0))

# %% [markdown]
# English glosses of the Indonesian terms in these figures (from `analysis/data/glossary.csv`).

# %%
glossary = read_glossary()
shown = list(dict.fromkeys(kwic_all["match"].str.lower()).keys()) + list(table["collocate"])
pd.DataFrame([(t, glossary[t]) for t in dict.fromkeys(shown) if t in glossary],
             columns=["term", "gloss"])

# %% [markdown]
# Which of the slow steps above were computed in this run, and which were read back from the results stored by an earlier run on the same corpus with the same parameters and code.

# %%
print(memo.note())

# %% [markdown] tags=["findings"]
# ## What five articles can and cannot show
#
# On the seeds every occurrence can be read in full, so the concordance and its labels **can** show, article by article, that the imperialist vocabulary appears almost only as Kim Jong Un's words (quoted, reported, or distanced with *apa yang ia sebut sebagai* and headline scare quotes) and not in the outlets' own voice, and which agencies (KCNA via Reuters, AP, Fox News, RIA) the reports pass through. They **cannot** show that an outlet habitually adopts or avoids this language: each outlet contributes one article about a different event, so outlet, event and date are confounded, counts are single digits, and collocate scores rest on one or two co-occurrences. The voice rules are transparent heuristics with known failure modes (noun attributions such as *tuduhan oleh ...*, plural or descriptive speakers such as *kedua orang ini*, metalinguistic mentions); their accuracy above is measured on these same five articles, which also shaped the rules, so expect lower accuracy elsewhere and check a sample by hand. Point `corpus_dir` at a corpus with many articles per outlet to compare outlets.
