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
# # How far can we trust the machine's voice labels? Blind human coding, agreement and corrected shares
#
# The framing notebook labels every occurrence of a term as quoted, scare-quoted, reported speech or the outlet's own (narrator) voice, with a distancing flag and a speaker. Before those labels carry a finding, a reviewer will ask how accurate they are *on this corpus*. This notebook runs the standard content-analysis answer: draw a blind, stratified sample of occurrences; have two or more people code it with the codebook (`analysis/data/codebook.md`); measure their agreement with Krippendorff's alpha; measure the machine against their consensus; and report each outlet's voice shares both as the machine gives them and corrected for its measured error.
#
# On the seed articles no human has coded a sheet yet, so the notebook demonstrates the loop with **two simulated coders**: each copies the hand labels of `tests/data/framing_gold.csv` but picks a different code at random for a stated share of the units (`simulated_error_rate`). Every number below the simulation is therefore an illustration of the method, not a measurement of the machine.

# %% tags=["parameters"]
corpus_dir = None  # None = the project's seeds/; or a path to your own article folder
figures_dir = None  # None = the project's figures/; the report runner sets another folder
family = "imperialis*"  # the term whose occurrences are sampled (on the seeds, the hand-labelled occurrences)
sample_size = 200  # occurrences to code; every one is taken when there are fewer
min_per_stratum = 2  # occurrences per outlet x machine voice taken first, so rare voices are seen
coders = ["coder_a", "coder_b"]  # one coding sheet each, every sheet in its own random order
random_state = 12  # seed of the sample, the sheet orders, the simulation and the bootstrap
validation_dir = None  # folder for the sheets, or None for a temporary one on the seeds and one next to the report elsewhere
coded_dir = None  # folder of the coded CSV sheets your coders returned, or None for none yet
simulated_error_rate = 0.1  # seeds only: share of units on which each simulated coder picks another code
n_boot = 1000  # bootstrap replicates for every interval

# %%
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import display

from analysis import validate, validate_plots
from analysis.corpus import load_corpus
from analysis.figures import save_figure
from analysis.paths import PROJECT_DIR
from analysis.resources import read_table

# %% [markdown]
# Load the articles and find the occurrences to sample. On the seeds the sampling frame is the 63 occurrences a person labelled by hand, so simulated coders can be derived from those labels; on another corpus it is every occurrence of `family`, labelled by the machine.

# %%
corpus = load_corpus(corpus_dir, cache=True)
on_seeds = corpus_dir is None
if on_seeds:
    gold = read_table(PROJECT_DIR / "tests" / "data" / "framing_gold.csv")
    occurrences = validate.locate_gold(corpus, gold)
    term = "the hand-labelled occurrences"
else:
    occurrences = validate.find_occurrences(corpus, family)
    term = family
print(f"{len(occurrences)} occurrences of {term} in {len(corpus)} articles from "
      f"{corpus['outlet'].nunique()} outlets.")

# %% [markdown]
# Draw the sample, stratified by outlet and by the machine's voice: each stratum gets up to `min_per_stratum` occurrences first, the rest in proportion to its size. The table states the sizes: `N` occurrences in the corpus, `n` sampled, and the weight `N / n` each sampled unit carries in the estimates.

# %%
sample = validate.draw_sample(occurrences, size=sample_size, random_state=random_state,
                              min_per_stratum=min_per_stratum, term=term)
if len(sample.units):
    print(f"Sampled {len(sample.units)} of {len(occurrences)} occurrences in {len(sample.strata)} strata.")
    display(sample.strata)
else:
    print(f"There are no occurrences of {term} in this corpus, so there is nothing to sample or code. "
          "Set `family` to a term the articles contain.")

# %% [markdown]
# Write one blind coding sheet per coder (CSV for a spreadsheet, and an HTML page that works offline in any browser), the codebook beside them, and the key (`sample.csv`, `strata.csv`: machine labels and weights, not for the coders).

# %%
folder = Path(validation_dir) if validation_dir else validate.default_folder(corpus_dir, figures_dir)
folder = folder or Path(tempfile.mkdtemp(prefix="validation-seeds-"))
if len(sample.units):
    written = validate.write_coding_sheets(sample, coders, folder, random_state=random_state)
    print(f"Wrote {len(written)} files to {folder}:")
    print("\n".join(f"  {p.relative_to(folder)}" for p in written))
else:
    print("No sheets written: the sample is empty.")

# %% [markdown]
# Read the coded sheets back. With `coded_dir` set, those are your coders' sheets; on the seeds without it, two simulated coders fill their own sheets from the hand labels, each erring on about `simulated_error_rate` of the units; otherwise nothing has been coded yet.

# %%
if coded_dir:
    sheets = Path(coded_dir)
    print(f"Scoring the coded sheets in {sheets}.")
elif on_seeds and len(sample.units):
    sheets = folder / "simulated-coding"
    sheets.mkdir(exist_ok=True)
    truth = validate.gold_truth(sample)
    for coder in coders:
        blank = pd.read_csv(folder / "sheets" / f"coding_{coder}.csv", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
        coded = validate.simulate_coding(blank, truth, error_rate=simulated_error_rate,
                                         random_state=random_state)
        validate.write_sheet_csv(coded, sheets / f"coding_{coder}.csv")
    print(f"Simulated {len(coders)} coders with an error rate of {simulated_error_rate:.0%} per variable; "
          f"their sheets are in {sheets}.")
elif not len(sample.units):
    sheets = None
    print("Nothing to code: the sample is empty.")
else:
    sheets = None
    print(f"No coded sheets exist yet: give each coder the files sheets/coding_<name>.csv or .html and "
          f"sheets/codebook.md from {folder}, put the sheets they return in one folder and set "
          "`coded_dir` to it. The rest of this notebook then scores them.")

# %% [markdown]
# Score: read every sheet and list what is wrong with it (rows missing, duplicated or outside the codebook), then compute agreement, accuracy and the corrected shares.

# %%
result = validate.score(sample, sheets, n_boot=n_boot, random_state=random_state) if sheets else None
if result is None:
    print("Nothing to score yet.")
elif result.problems.empty:
    print(f"{len(result.coding.coders)} sheets read without problems; "
          f"{result.unresolved} of {len(sample.units)} units have no voice consensus "
          "(the coders disagree and no adjudicator decided).")
else:
    display(result.problems)

# %% [markdown]
# Agreement between the coders: Krippendorff's alpha for each variable (nominal), with a 95% bootstrap interval over units. Krippendorff's conventions: rely on variables with alpha of at least .800; .667 is the lowest value for tentative conclusions. Speaker agreement is counted on the occurrences both coders attribute to someone. A rare code is fragile: on the seeds only 2 of 63 occurrences are distanced, so the simulated coders' random slips on distancing outnumber the true cases and its alpha is low although they agree on most units.

# %%
if result is not None:
    fig = validate_plots.plot_alpha(result.reliability)
    save_figure(fig, "validation_alpha_by-variable", data=result.reliability, directory=figures_dir,
                caption="Agreement between coders: Krippendorff's alpha (nominal) for voice, distancing "
                        "and speaker, with 95% bootstrap intervals over units.")
    display(result.reliability.round(3))
else:
    print("No agreement to show: no coded sheets yet.")

# %% [markdown]
# The machine against the coders' consensus: the confusion matrix of voices (sampled units; a unit the coders disagree on is left out), then precision, recall and F1 per voice with 95% intervals, each unit weighted by its stratum's `N / n` so the rates describe the corpus.

# %%
if result is not None:
    fig = validate_plots.plot_confusion(result.confusion)
    save_figure(fig, "validation_confusion_voice", data=result.confusion.reset_index(), directory=figures_dir,
                caption="Voice of the sampled occurrences: coders' consensus (rows) against the machine's "
                        "label (columns); the diagonal is agreement.")
    display(result.metrics.round(3))
else:
    print("No accuracy to show: no coded sheets yet.")

# %% [markdown]
# Voice shares per outlet as the machine labels them (open marks) and corrected for its measured error (dots, with 95% intervals). The correction is the matrix method (Rogan & Gladen 1978, generalised to four classes): with M the probability of each machine label given the true voice, estimated from the coded sample, the corrected shares are the distribution π closest to solving M π = p, where p are the machine's shares. It assumes the machine errs alike in every outlet; the interval covers the uncertainty of M, not the sampling of articles. Where the coded sample shows no error for a voice, the bootstrap cannot vary it and the interval has no width: it cannot express errors the sample did not see, and only a larger sample narrows that blind spot.

# %%
if result is not None and len(result.shares):
    fig = validate_plots.plot_corrected_shares(result.shares)
    save_figure(fig, "voice-shares_corrected_by-outlet", data=result.shares, directory=figures_dir,
                caption="Share of each voice in each outlet's occurrences: as the machine labels them "
                        "(open marks) and corrected for its error measured on the coded sample (dots, "
                        "95% bootstrap intervals).")
    display(result.shares.pivot_table(index="outlet", columns="voice",
                                      values=["machine_share", "corrected_share"]).round(3))
else:
    print("No corrected shares: no coded sheets with a voice consensus yet.")

# %% [markdown]
# The one table to report: reliability (alpha per variable) and accuracy (precision, recall, F1 per class, accuracy per variable), each with its interval and the number of units behind it.

# %%
result.summary().round(3) if result is not None else print("No summary yet: no coded sheets.")

# %% [markdown]
# ## Doing it for real
#
# 1. Set `corpus_dir` to your article folder, `family` to the term (e.g. `imperialis*`), `coders` to your coders' names and `validation_dir` to a folder of your own; run the notebook (or `python -m analysis validate sample 'imperialis*' --corpus FOLDER --coders ana,budi --output FOLDER/validation`). 200 occurrences take a trained coder three to four hours.
# 2. Train the coders on the codebook with a few occurrences that are *not* in the sample, and discuss their disagreements; then they code independently, without talking about the sample.
# 3. Give each coder their own `sheets/coding_<name>.html` (opens offline in any browser; codes are kept as they go and saved with *Download CSV*) or `.csv` (for a spreadsheet: save as *CSV UTF-8*), and `sheets/codebook.md`. Keep `sample.csv` and `strata.csv` to yourself: they hold the machine's labels.
# 4. Put the returned sheets in one folder, set `coded_dir` to it and re-run (or `python -m analysis validate score FOLDER/validation SHEETS... --output tables`). Fix what the problems table lists and re-run.
# 5. Optionally, a third person settles the disagreements in a sheet whose `coder` column says `adjudicator`: its codes decide the consensus and stay out of alpha.
# 6. Report alpha per variable with its interval, precision/recall/F1 per voice, and the voice shares with and without correction, citing Krippendorff (2011) and Rogan & Gladen (1978).
#
# On the seeds, the figures above come from simulated coders: they show what the loop produces, not how good the machine is. Five articles, one per outlet, cannot show how accurate the labels are on another corpus; that is what the coded sample is for.
