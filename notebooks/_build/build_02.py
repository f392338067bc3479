"""Write notebooks/02-topic-modelling.ipynb (run: python notebooks/_build/build_02.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from common import write_notebook

cells = [
    new_markdown_cell(
        "# Topic modelling: which themes recur in the coverage, and in which outlets?\n\n"
        "A topic model summarises a corpus as a few groups of words that tend to occur "
        "together. Here it is fitted over paragraphs (by default) of the articles on the "
        "Kim Jong Un - Vladimir Putin letters and meetings, to ask which themes the coverage "
        "keeps returning to (arms, the summit, diplomatic history, ...) and how much of each "
        "outlet's text each theme takes up. The number of topics is chosen in the open: "
        "coherence and stability are shown for every k tried."
    ),
    new_code_cell(
        "corpus_dir = None  # None = the project's seeds/; or a path to your own article folder\n"
        "figures_dir = None  # None = the project's figures/; the report runner sets another folder\n"
        "unit = \"paragraph\"  # \"paragraph\", \"window\" (3 sentences) or \"article\"\n"
        "model = \"nmf\"  # \"nmf\" (NMF on TF-IDF) or \"lda\" (LDA on counts)\n"
        "k_range = [2, 3, 4, 5, 6, 7, 8]  # k to score; each k <= 80% of the units\n"
        "k = None  # None = the suggested k (best coherence + stability ranks); or a number\n"
        "random_state = 0  # seed for the models, subsamples and bootstrap\n"
        "n_restarts = 5  # restarts on 80% subsamples per k, for stability\n"
        "min_df = 2  # keep terms found in at least this many units\n"
        "stem = False  # stem with Sastrawi before counting\n"
        "resample = \"document\"  # bootstrap whole articles (\"document\") or units (\"unit\")\n"
        "period = \"Y\"  # period for prevalence over time: \"Y\", \"Q\", \"M\" or \"W\"",
        metadata={"tags": ["parameters"]},
    ),
    new_code_cell(
        "import pandas as pd\n\n"
        "from analysis import topics\n"
        "from analysis import topics_plots\n"
        "from analysis.corpus import load_corpus\n"
        "from analysis.figures import save_figure\n\n"
        "pd.set_option(\"display.max_colwidth\", 200)\n"
        "pd.set_option(\"display.precision\", 3)"
    ),
    new_markdown_cell(
        "Load the articles, cut them into units and count their terms (stop words, attribution "
        "cues and numbers removed; names such as *Kim Jong Un* merged into one token)."
    ),
    new_code_cell(
        "corpus = load_corpus(corpus_dir)\n"
        "units = topics.make_units(corpus, unit=unit)\n"
        "matrix = topics.build_term_matrix(units, tokenizer=topics.topic_tokenizer(stem=stem),\n"
        "                                  min_df=min_df)\n"
        "print(f\"{len(corpus)} articles, {len(matrix.units)} {unit} units, \"\n"
        "      f\"{len(matrix.terms)} terms in at least {min_df} units\")"
    ),
    new_markdown_cell(
        "For each k, coherence (mean NPMI of each topic's 10 top terms, counted over the "
        "corpus's own units) and stability (agreement of the top terms of models fitted on "
        "random 80% subsamples with the model on all units)."
    ),
    new_code_cell(
        "scores = topics.score_k(matrix, ks=k_range, model=model, n_restarts=n_restarts,\n"
        "                        random_state=random_state)\n"
        "summary = topics.summarise_k(scores)\n"
        "suggested = topics.suggest_k(summary)\n"
        "summary.round(3)"
    ),
    new_markdown_cell(
        "Coherence and stability against k; the dashed line marks the suggested k. Neither is "
        "a test: read the topics of the neighbouring k too."
    ),
    new_code_cell(
        "fig = topics_plots.plot_k_selection(scores, suggested=suggested)\n"
        "save_figure(fig, f\"topics_k-selection_{model}_{unit}\", data=scores, directory=figures_dir,\n"
        "            caption=f\"Coherence (mean NPMI of the top 10 terms) and stability (average \"\n"
        "                    f\"Jaccard agreement of {n_restarts} restarts on 80% subsamples) of \"\n"
        "                    f\"{model.upper()} topic models of {unit}s, for each number of topics.\")"
    ),
    new_markdown_cell(
        "Fit the chosen k and label its topics, from `analysis/data/topic_labels.csv` when it "
        "has labels for this fit, otherwise by their top terms."
    ),
    new_code_cell(
        "k_chosen = suggested if k is None else k\n"
        "fit = topics.fit_topics(matrix, k=k_chosen, model=model, random_state=random_state)\n"
        "labels = topics.topic_labels(fit)\n"
        "top = topics.top_terms(fit, n=10)\n"
        "print(f\"k = {k_chosen} ({'suggested' if k is None else 'set by hand'})\")\n"
        "labels"
    ),
    new_markdown_cell("The ten heaviest terms of each topic, with English glosses where known."),
    new_code_cell(
        "fig = topics_plots.plot_top_terms(top, labels=labels)\n"
        "save_figure(fig, f\"topics_top-terms_{model}_{unit}\",\n"
        "            data=top.assign(label=top[\"topic\"].map(labels)), directory=figures_dir,\n"
        "            caption=f\"Top terms of the {k_chosen} {model.upper()} topics of {unit}s, by \"\n"
        "                    \"their weight in the topic.\")"
    ),
    new_markdown_cell(
        "Read before naming: the three units most about each topic."
    ),
    new_code_cell(
        "representative = topics.representative_units(fit, n=3)\n"
        "representative.assign(label=representative[\"topic\"].map(labels))[\n"
        "    [\"label\", \"rank\", \"outlet\", \"share\", \"text\"]].round(2)"
    ),
    new_markdown_cell(
        "To name the topics, copy these rows into `analysis/data/topic_labels.csv` and fill in "
        "the `label` column; the figures then use your labels."
    ),
    new_code_cell("topics.label_template(fit)"),
    new_markdown_cell(
        "How much of each outlet's text each topic takes up (mean topic share of its units), "
        "with 95% bootstrap intervals. With `resample=\"document\"` an outlet with a single "
        "article gets no interval: one article cannot show how an outlet varies."
    ),
    new_code_cell(
        "by_outlet = topics.topic_prevalence(fit, by=\"outlet\", resample=resample,\n"
        "                                    random_state=random_state)\n"
        "fig = topics_plots.plot_prevalence(by_outlet, labels=labels)\n"
        "save_figure(fig, f\"topics_prevalence_by-outlet_{model}_{unit}\",\n"
        "            data=by_outlet.assign(label=by_outlet[\"topic\"].map(labels)),\n"
        "            directory=figures_dir,\n"
        "            caption=\"Mean topic share of each outlet's units, with 95% percentile \"\n"
        "                    f\"bootstrap intervals (resampling {resample}s; none where an outlet \"\n"
        "                    \"has a single article).\")\n"
        "by_outlet.round(3)"
    ),
    new_markdown_cell(
        "The same over publication periods, when the dated articles span more than one period."
    ),
    new_code_cell(
        "n_periods = topics.periods(fit.units[\"published\"], freq=period).nunique()\n"
        "if n_periods > 1:\n"
        "    over_time = topics.topic_prevalence(fit, by=\"period\", freq=period, resample=resample,\n"
        "                                        random_state=random_state)\n"
        "    fig = topics_plots.plot_prevalence_over_time(over_time, labels=labels)\n"
        "    save_figure(fig, f\"topics_prevalence_by-period_{model}_{unit}\",\n"
        "                data=over_time.assign(label=over_time[\"topic\"].map(labels)),\n"
        "                directory=figures_dir,\n"
        "                caption=f\"Mean topic share of the units published in each period \"\n"
        "                        f\"({period}), with 95% bootstrap intervals (resampling {resample}s).\")\n"
        "else:\n"
        "    print(f\"The dated articles fall in {n_periods} period(s) of '{period}': no trend to show.\")"
    ),
    new_markdown_cell("The document-topic matrix with the article metadata (first rows)."),
    new_code_cell("topics.doc_topics(fit, wide=True).head(10)"),
    new_markdown_cell(
        "## What a topic model of five articles can and cannot support\n\n"
        "On the seeds the model sees about fifty paragraphs from five articles, one per outlet, "
        "about different events between 2022 and 2024. It **can** give a compact, reproducible "
        "index of the recurring themes in these texts (the letters' pledges, the summit, the "
        "Soviet-era history, the arms accusations) and point to the paragraphs that carry them, "
        "which is a useful guide for close reading. It **cannot** estimate how often an outlet "
        "covers a theme: each outlet's prevalence comes from one article, so outlet, event and "
        "date are confounded, and no interval can be computed when whole articles are resampled. "
        "With so few units the topics themselves are fragile, as the stability scores show: a "
        "different k or a different subsample moves paragraphs between topics, so treat topic "
        "boundaries as tentative. Differences between outlets need a corpus with many articles "
        "per outlet and per period; point `corpus_dir` at one."
    ),
]

write_notebook(cells, "02-topic-modelling.ipynb")
