"""Every notebook runs on small, odd corpora and says in a sentence what it cannot compute.

The corpora (tests/odd_corpora.py) are written here: one article; one outlet with three
undated articles; two outlets whose names carry ``$``, a slash, dots and accents, with some
dates missing and only one of the framing node terms present. Each corpus goes through the
whole report, as a user runs it (``python -m analysis report --corpus DIR``): every notebook in
a fresh kernel. The test asserts that no cell fails, that no cell writes to stderr (warnings
and tracebacks show there, as boxes in JupyterLab), and that the notebook states what it
skipped and why. About 20 s of kernel time per notebook and corpus.
"""
from __future__ import annotations

import nbformat
import pytest

from analysis.cache import CACHE_ENV
from analysis.report import run_report
from odd_corpora import CORPORA, write_corpus

#: Sentences (fragments) each notebook must print on each corpus: what it cannot compute.
EXPECTED = {
    "one-article": {
        "01-term-frequency-by-outlet.ipynb": [
            "This corpus has a single outlet (Kontan.co.id): there is no other group",
            "No fightin' words: it needs two groups",
            "No permutation test: it needs two groups",
        ],
        "02-topic-modelling.ipynb": ["The dated articles fall in 0 period(s)"],
        "03-framing-imperialis.ipynb": [
            "Never found in this corpus: imperialis*, hegemoni*, *musuh*, perjuangan suci.",
            "No collocates: none of the node terms occurs in this corpus.",
            "imperialis* never occurs in this corpus, so it has no collocates by voice.",
            "No news agency or medium",
        ],
    },
    "one-outlet": {
        "01-term-frequency-by-outlet.ipynb": [
            "This corpus has a single outlet (Tempo.co): there is no other group",
        ],
        "02-topic-modelling.ipynb": ["The dated articles fall in 0 period(s)"],
        "03-framing-imperialis.ipynb": ["No collocates: none of the node terms occurs"],
    },
    "odd-names": {
        "00-corpus-overview.ipynb": ["All 5 articles are shown."],
        "02-topic-modelling.ipynb": ["period = Y (auto: 3 dated articles"],
        "03-framing-imperialis.ipynb": [
            "Never found in this corpus: hegemoni*, *musuh*, perjuangan suci.",
            "min_cooccurrence = 1 (auto",
        ],
    },
}


#: Figures whose names come from outlet names with $, / and accents (valid slugs, no crash).
EXPECTED_FIGURES = {
    "odd-names": ["fightin-words_detik-com-news-vs-rp-berita-ekonomi"],
}


def _outputs(path):
    """(cell number, stream name or output type, text) of every output of an executed notebook."""
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                yield number, output["name"], output["text"]
            elif output["output_type"] == "error":
                yield number, "error", f"{output['ename']}: {output['evalue']}"


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_every_notebook_runs_on_an_odd_corpus_and_says_what_it_skips(name, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))  # the kernels inherit it
    corpus = write_corpus(tmp_path / name, CORPORA[name])
    report = run_report(corpus_dir=corpus, output_dir=tmp_path / "report", progress=False)
    printed, noisy = {}, []
    for notebook in report.notebooks:
        outputs = list(_outputs(notebook))
        noisy += [(notebook.name, n, kind, text[:300]) for n, kind, text in outputs
                  if kind != "stdout"]
        printed[notebook.name] = "".join(text for _, kind, text in outputs if kind == "stdout")
    assert noisy == [], f"output on stderr or an error on {name}: {noisy}"
    missing = set(EXPECTED_FIGURES.get(name, [])) - set(report.catalogue["figure"])
    assert not missing, f"figures not made on {name}: {missing}"
    unsaid = [(notebook, sentence) for notebook, sentences in EXPECTED[name].items()
              for sentence in sentences if sentence not in printed[notebook]]
    assert unsaid == [], f"sentences not printed on {name}; the notebooks printed {printed}"

