"""Write notebooks/00-corpus-overview.ipynb (run: python notebooks/_build/build_00.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from common import write_notebook

cells = [
    new_markdown_cell(
        "# Corpus overview: which text on each page is the article?\n\n"
        "Every later analysis counts words in article bodies, so the first question is what the "
        "loader kept from each raw page dump and what it dropped (navigation, tickers, "
        "*Baca juga* links, popular-article lists, repeated captions, credit lines), and why. "
        "Every input line is accounted for."
    ),
    new_code_cell(
        "corpus_dir = None  # None = the project's seeds/; or a path to your own article folder\n"
        "figures_dir = None  # None = the project's figures/; the report runner sets another folder",
        metadata={"tags": ["parameters"]},
    ),
    new_code_cell(
        "import pandas as pd\n\n"
        "from analysis.corpus import read_corpus\n"
        "from analysis.corpus_plots import (line_account_table, plot_line_account,\n"
        "                                   plot_tokens_by_outlet, tokens_by_outlet_table)\n"
        "from analysis.figures import save_figure\n\n"
        "pd.set_option(\"display.max_colwidth\", 80)"
    ),
    new_markdown_cell("Load the folder; problems with input files are listed (an empty list means none)."),
    new_code_cell("reading = read_corpus(corpus_dir)\nreading.problems"),
    new_markdown_cell("One row per article, with the metadata the manifest gives or the page states."),
    new_code_cell(
        "reading.articles[[\"doc_id\", \"outlet\", \"title\", \"published\", \"reporter\", \"credit\",\n"
        "                  \"sources\", \"n_tokens\"]]"
    ),
    new_markdown_cell("Every line of every input file, by the label the loader gave it."),
    new_code_cell(
        "outlets = reading.articles.set_index(\"file\")[\"outlet\"]\n"
        "fig = plot_line_account(reading.lines, outlets=outlets)\n"
        "save_figure(fig, \"lines_kept-dropped_by-file\", data=line_account_table(reading.lines),\n"
        "            directory=figures_dir,\n"
        "            caption=\"Every input line of every article file, by the label the loader gave it: \"\n"
        "                    \"kept as article text or metadata, or dropped as page furniture.\")"
    ),
    new_markdown_cell("Why the dropped lines were dropped, per file."),
    new_code_cell(
        "account = reading.account()\n"
        "account[~account[\"kept\"] & (account[\"label\"] != \"blank\")]"
    ),
    new_markdown_cell("How much article text each outlet contributes."),
    new_code_cell(
        "fig = plot_tokens_by_outlet(reading.articles)\n"
        "save_figure(fig, \"tokens_by-outlet\", data=tokens_by_outlet_table(reading.articles),\n"
        "            directory=figures_dir,\n"
        "            caption=\"Tokens in the article bodies of each outlet, after boilerplate removal.\")"
    ),
    new_markdown_cell(
        "## What this corpus can and cannot show\n\n"
        "The seeds are five articles, one per outlet, published between August 2022 and August "
        "2024 about different events (the 2022 and 2024 liberation-day letters, the September "
        "2023 summit, the October 2023 letters). Differences between outlets are therefore "
        "confounded with differences between events and years, and no outlet is represented by "
        "more than one article. Later notebooks describe these five texts closely; they cannot "
        "estimate how an outlet *usually* frames North Korea-Russia relations. Point "
        "`corpus_dir` at a larger collection for that."
    ),
]

write_notebook(cells, "00-corpus-overview.ipynb")
