"""Topic models with the checks a reviewer asks for: coherence, stability, prevalence.

Two scikit-learn models over a chosen unit (article, paragraph, or window of sentences):
non-negative matrix factorisation (NMF; Lee & Seung 1999) of the TF-IDF matrix with the
deterministic NNDSVDa start (Boutsidis & Gallopoulos 2008; zeros filled with the mean), and
latent Dirichlet allocation (LDA; Blei, Ng & Jordan 2003) of the counts; for large corpora
their mini-batch / online variants (Lefèvre, Bach & Févotte 2011; Hoffman, Blei & Bach
2010). To choose the number of topics k, each k gets (1) topic coherence, the mean
normalised PMI (NPMI; Bouma 2009) of every pair of a topic's top terms, estimated from the
corpus's own co-occurrence as in the C_NPMI measure of Röder, Both & Hinneburg (2015), and
(2) stability, the agreement of the top-term rankings of models fitted on random 80%
subsamples with the ranking of the model fitted on all units (average Jaccard of ranked
lists and best topic matching by the Hungarian method; Greene, O'Callaghan & Cunningham
2014). The results are tidy tables: top terms, document-topic shares with the article
metadata, the most representative units for reading, and the prevalence of each topic by
outlet or by period with percentile bootstrap intervals that resample whole articles
(paragraphs of one article are not independent; Davison & Hinkley 1997, sec. 3.8). Topic
labels a researcher writes after reading live in the editable file
``data/topic_labels.csv``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from threadpoolctl import threadpool_limits

from analysis.cli import positive_float, positive_int
from analysis.labels import display_term, read_names
from analysis.terms import bootstrap_ratios

Unit = Literal["article", "paragraph", "window"]
Model = Literal["nmf", "lda"]
Algorithm = Literal["auto", "batch", "mini-batch"]

#: Above this many units, ``algorithm="auto"`` uses online LDA. NMF stays batch at every
#: size: on 100,000 synthetic paragraphs (benchmarks/bench_topics.py) coordinate-descent NMF
#: converges in about as much time as MiniBatchNMF takes to stop early, and is deterministic.
MINI_BATCH_FROM = 20_000
#: Passes over the data of online LDA, in mini-batches of 1,024 units (Hoffman et al. 2010
#: converge in about one pass over millions of documents; with 100,000 units two passes make
#: about 200 updates).
ONLINE_LDA_PASSES = 2
#: Labels file read by :func:`topic_labels` (see its header for how to fill it in).
LABELS_FILE = "topic_labels.csv"

# A sentence ends at . ! ? (optionally followed by a closing quote) before a space and an
# upper-case letter or opening quote. Good enough for news prose; used only by unit="window".
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")


# -- units and the term matrix ---------------------------------------------------------------
def split_sentences(text: str) -> list[str]:
    """Split news prose into sentences at ``.``, ``!`` or ``?`` before a capital letter.

    >>> split_sentences("Kim menulis surat. Putin membalas! Hubungan 5,4% erat.")
    ['Kim menulis surat.', 'Putin membalas!', 'Hubungan 5,4% erat.']
    """
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def make_units(corpus: pd.DataFrame, *, unit: Unit = "paragraph", window: int = 3) -> pd.DataFrame:
    """Cut each article into the units a topic model sees.

    Parameters
    ----------
    corpus : DataFrame
        One row per article with ``doc_id``, ``outlet``, ``published`` and ``paragraphs``
        (as returned by :func:`analysis.corpus.load_corpus`).
    unit : {"article", "paragraph", "window"}
        ``"article"`` is the whole body; ``"paragraph"`` each paragraph; ``"window"``
        consecutive, non-overlapping runs of ``window`` sentences within an article.
    window : int
        Sentences per window (only for ``unit="window"``).

    Returns
    -------
    DataFrame
        ``unit_id`` (``doc_id:p003`` / ``doc_id:w003`` / ``doc_id``), ``doc_id``, ``outlet``,
        ``published``, ``position`` (0-based order in the article) and ``text``.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["Tempo"], "published": [pd.NaT],
    ...                        "paragraphs": [["Kim menulis. Putin membalas.", "Rudal."]]})
    >>> make_units(corpus, unit="window", window=2)[["unit_id", "text"]].values.tolist()
    [['a:w000', 'Kim menulis. Putin membalas.'], ['a:w001', 'Rudal.']]
    """
    missing = {"doc_id", "outlet", "published", "paragraphs"} - set(corpus.columns)
    if missing:
        raise ValueError(f"The corpus table lacks the columns {sorted(missing)}; load it with "
                         "analysis.corpus.load_corpus().")
    if unit not in ("article", "paragraph", "window"):
        raise ValueError(f"unit must be 'article', 'paragraph' or 'window', not {unit!r}.")
    if unit == "window" and window < 1:
        raise ValueError(f"window must be at least 1 sentence, not {window}.")
    rows = []
    for doc in corpus.itertuples(index=False):
        paragraphs = [p for p in doc.paragraphs if p.strip()]
        if unit == "article":
            pieces, tag = ["\n\n".join(paragraphs)], None
        elif unit == "paragraph":
            pieces, tag = paragraphs, "p"
        else:
            sentences = [s for p in paragraphs for s in split_sentences(p)]
            pieces = [" ".join(sentences[i:i + window]) for i in range(0, len(sentences), window)]
            tag = "w"
        for position, text in enumerate(pieces):
            unit_id = doc.doc_id if tag is None else f"{doc.doc_id}:{tag}{position:03d}"
            rows.append((unit_id, doc.doc_id, doc.outlet, doc.published, position, text))
    columns = ["unit_id", "doc_id", "outlet", "published", "position", "text"]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["unit"] = unit
    return table


def topic_tokenizer(*, stem: bool = False):
    """The default tokeniser for topic models: aliases merged, numbers and stop words dropped.

    Stop words are Sastrawi's general list *with* the attribution cues (*kata*,
    *mengatakan*: reporting style, not topic) plus the project's domain list.

    >>> topic_tokenizer()("Kim Jong-un mengatakan rudal itu dikirim pada 2023.")
    ['kim_jong_un', 'rudal', 'dikirim']
    """
    from analysis.tokens import Tokenizer, stop_words

    words = stop_words("sastrawi") | stop_words("domain")
    return Tokenizer(stopwords=words, numbers=False, stem=stem)


def _as_is(tokens):
    return tokens


def _tokenize_all(texts: list[str], tokenizer) -> list[list[str]]:
    return [tokenizer(text) for text in texts]


@dataclass(frozen=True, eq=False)
class TermMatrix:
    """Units × terms counts with the units' metadata and token sequences.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix
        Term counts, one row per row of ``units``, one column per term.
    terms : numpy.ndarray of str
        Column labels, sorted.
    units : DataFrame
        The rows of :func:`make_units` that kept at least one term.
    tokens : list of list of str
        Each unit's tokens in order before ``min_df``/``max_df`` pruning (for the sliding-
        window coherence).
    unit : str
        The unit name, for labels and file names.
    dropped : tuple of str
        ``unit_id`` of the units left out because no term was left after pruning.
    """

    counts: sparse.csr_matrix
    terms: np.ndarray
    units: pd.DataFrame
    tokens: list
    unit: str
    dropped: tuple = ()


def build_term_matrix(
    units: pd.DataFrame, *, tokenizer=None, stem: bool = False, min_df: int | float = 2,
    max_df: int | float = 1.0, warn: bool = True,
) -> TermMatrix:
    """Tokenise each unit once and count its terms.

    Parameters
    ----------
    units : DataFrame
        From :func:`make_units` (needs ``unit_id`` and ``text``).
    tokenizer : callable, optional
        Text -> list of tokens, e.g. :class:`analysis.tokens.Tokenizer`; default
        :func:`topic_tokenizer` (with ``stem``).
    stem : bool
        Stem with Sastrawi, when no ``tokenizer`` is given. Passing ``stem`` rather than a
        tokeniser lets :class:`analysis.memo.Memo` key the call by plain values.
    min_df, max_df : int or float
        Keep terms in at least ``min_df`` and at most ``max_df`` units (a float is a share of
        units), as in scikit-learn's ``CountVectorizer``.
    warn : bool
        Warn when units are left out (a notebook passes False and states
        ``len(matrix.dropped)`` in its own sentence instead).

    Returns
    -------
    TermMatrix
        Units left with no term after pruning are dropped (listed in ``dropped``).

    >>> units = pd.DataFrame({"unit_id": ["a", "b"], "text": ["Rudal dan senjata.",
    ...                                                       "Senjata Korut."]})
    >>> matrix = build_term_matrix(units, min_df=1)
    >>> matrix.terms.tolist(), matrix.counts.toarray().tolist()
    (['korea_utara', 'rudal', 'senjata'], [[0, 1, 1], [1, 0, 1]])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    if len(units) == 0:
        raise ValueError("There are no units to model: the corpus is empty.")
    from analysis.partitions import map_partitions

    tokenizer = tokenizer or topic_tokenizer(stem=stem)
    # on a large corpus, partitions of the units are tokenised by a process pool
    tokens = [t for part in map_partitions(_tokenize_all, units["text"].tolist(), tokenizer) for t in part]
    vectorizer = CountVectorizer(analyzer=_as_is, min_df=min_df, max_df=max_df)
    try:
        counts = vectorizer.fit_transform(tokens).tocsr()
    except ValueError as error:
        raise ValueError(f"After pruning with min_df={min_df} and max_df={max_df} over "
                         f"{len(units)} units, no terms remain. Try a lower min_df or a "
                         f"higher max_df ({error}).") from error
    keep = np.flatnonzero(counts.getnnz(axis=1) > 0)
    dropped = units["unit_id"].iloc[np.setdiff1d(np.arange(len(units)), keep)]
    if len(dropped) and warn:
        warnings.warn(f"{len(dropped)} of {len(units)} units have no term left after pruning "
                      f"and are left out (e.g. {', '.join(dropped.head(3))}).", stacklevel=2)
    unit = str(units.attrs.get("unit", "unit"))
    return TermMatrix(counts=counts[keep], terms=vectorizer.get_feature_names_out(),
                      units=units.iloc[keep].reset_index(drop=True),
                      tokens=[tokens[i] for i in keep], unit=unit,
                      dropped=tuple(dropped.astype(str)))



# -- fitting -----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted topic model; topics are numbered from 0 in order of falling prevalence.

    Attributes
    ----------
    model : {"nmf", "lda"}
    k : int
    random_state : int
    algorithm : {"batch", "mini-batch"}
        ``"mini-batch"`` is MiniBatchNMF or online LDA.
    topic_term : numpy.ndarray, shape (k, n_terms)
        Term weights, each row summing to 1 (for LDA, p(term | topic)).
    doc_topic : numpy.ndarray, shape (n_units, k)
        Topic shares of each unit, each row summing to 1.
    matrix : TermMatrix
        The data the model was fitted on.
    """

    model: str
    k: int
    random_state: int
    algorithm: str
    topic_term: np.ndarray
    doc_topic: np.ndarray
    matrix: TermMatrix

    @property
    def terms(self) -> np.ndarray:
        return self.matrix.terms

    @property
    def units(self) -> pd.DataFrame:
        return self.matrix.units


def fit_topics(
    matrix: TermMatrix, *, k: int, model: Model = "nmf", random_state: int = 0,
    algorithm: Algorithm = "auto",
) -> TopicModel:
    """Fit NMF on TF-IDF or LDA on counts with ``k`` topics.

    Parameters
    ----------
    matrix : TermMatrix
        From :func:`build_term_matrix`.
    k : int
        Number of topics, at most the number of units and of terms.
    model : {"nmf", "lda"}
        NMF (Frobenius loss, NNDSVDa start) of the l2-normalised TF-IDF matrix, or LDA
        (variational Bayes, priors 1/k) of the counts.
    random_state : int
        Seed for every random step; the same inputs and seed give the same model.
    algorithm : {"auto", "batch", "mini-batch"}
        ``"mini-batch"`` is MiniBatchNMF or online LDA (:data:`ONLINE_LDA_PASSES` passes).
        ``"auto"`` is batch NMF at every size, and online LDA above :data:`MINI_BATCH_FROM`
        units.

    Returns
    -------
    TopicModel

    >>> texts = ["rudal senjata rudal", "senjata rudal", "ekonomi pasar", "pasar ekonomi pasar"]
    >>> units = pd.DataFrame({"unit_id": list("abcd"), "text": texts})
    >>> fit = fit_topics(build_term_matrix(units, tokenizer=str.split, min_df=1), k=2)
    >>> sorted(top_terms(fit, n=2).groupby("topic")["term"].apply(sorted))
    [['ekonomi', 'pasar'], ['rudal', 'senjata']]
    """
    algorithm = _choose_algorithm(algorithm, matrix.counts.shape[0], model)
    _check_k(k, matrix)
    doc_topic, topic_term = _fit(matrix.counts, k=k, model=model, seed=random_state,
                                 algorithm=algorithm)
    return TopicModel(model=model, k=k, random_state=random_state, algorithm=algorithm,
                      topic_term=topic_term, doc_topic=doc_topic, matrix=matrix)


def _choose_algorithm(algorithm: str, n_units: int, model: str) -> str:
    if algorithm == "auto":
        return "mini-batch" if model == "lda" and n_units > MINI_BATCH_FROM else "batch"
    if algorithm not in ("batch", "mini-batch"):
        raise ValueError(f"algorithm must be 'auto', 'batch' or 'mini-batch', not {algorithm!r}.")
    return algorithm


def _check_k(k: int, matrix: TermMatrix) -> None:
    n_units, n_terms = matrix.counts.shape
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive whole number of topics, not {k!r}.")
    if k > n_units:
        raise ValueError(f"k={k} topics is more than the {n_units} {matrix.unit} units in the "
                         "corpus. Choose a smaller k or a smaller unit (paragraph or window).")
    if k > n_terms:
        raise ValueError(f"k={k} topics is more than the {n_terms} terms left after pruning. "
                         "Choose a smaller k or a lower min_df.")


def _fit(counts: sparse.csr_matrix, *, k: int, model: str, seed: int, algorithm: str):
    """Return (doc_topic, topic_term), rows normalised, topics by falling prevalence."""
    from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
    from sklearn.feature_extraction.text import TfidfTransformer

    if model == "nmf":
        data = TfidfTransformer().fit_transform(counts)
        if algorithm == "batch":
            estimator = NMF(k, init="nndsvda", max_iter=1000, random_state=seed)
        else:
            estimator = MiniBatchNMF(k, init="nndsvda", batch_size=4096, random_state=seed)
    elif model == "lda":
        data = counts
        method = "batch" if algorithm == "batch" else "online"
        estimator = LatentDirichletAllocation(
            k, learning_method=method, max_iter=100 if method == "batch" else ONLINE_LDA_PASSES,
            batch_size=1024, total_samples=counts.shape[0], random_state=seed)
    else:
        raise ValueError(f"model must be 'nmf' or 'lda', not {model!r}.")
    doc_topic = _normalise_rows(estimator.fit_transform(data))
    topic_term = _normalise_rows(estimator.components_)
    order = np.argsort(-doc_topic.sum(axis=0), kind="stable")
    return doc_topic[:, order], topic_term[order]


def _normalise_rows(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    totals = values.sum(axis=1, keepdims=True)
    return np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)


# -- coherence ---------------------------------------------------------------------------------
def npmi(p_ij, p_i, p_j, *, eps: float = 0.0) -> np.ndarray:
    """Normalised pointwise mutual information (Bouma 2009), elementwise.

    .. math:: \\mathrm{NPMI}(w_i, w_j) = \\frac{\\log \\frac{P(w_i, w_j) + \\epsilon}
              {P(w_i) P(w_j)}}{-\\log (P(w_i, w_j) + \\epsilon)}

    It runs from -1 (never together) through 0 (independent) to 1 (always together).
    With ``eps=0`` the limits are used exactly: -1 when ``p_ij == 0``. Röder et al. (2015)
    and gensim add ``eps=1e-12`` instead, which gives slightly more than -1 for pairs that
    never co-occur; pass ``eps=1e-12`` to reproduce their numbers. Either way a pair found
    in every window (``p_ij == 1``) gets 1.

    >>> npmi([0.25, 0.5, 0.0], 0.5, 0.5).round(3).tolist()
    [0.0, 1.0, -1.0]
    """
    p_ij, p_i, p_j = np.broadcast_arrays(*(np.asarray(p, dtype=float) for p in (p_ij, p_i, p_j)))
    joint = p_ij + eps
    out = np.full(p_ij.shape, -1.0)
    inside = (joint > 0) & (p_ij < 1)
    out[inside] = np.log(joint[inside] / (p_i[inside] * p_j[inside])) / -np.log(joint[inside])
    out[p_ij >= 1] = 1.0
    return out


def cooccurrence(matrix: TermMatrix, terms: Sequence[str], *, window: int | None = None):
    """Count in how many windows each term and each pair of terms occur.

    Parameters
    ----------
    matrix : TermMatrix
        The reference corpus: the corpus's own units.
    terms : sequence of str
        Terms to count (they must be columns of ``matrix``).
    window : int, optional
        ``None``: each unit is one window (boolean document co-occurrence). An integer
        ``s``: every run of ``s`` consecutive tokens is a window, sliding by one token (a unit
        shorter than ``s`` is one window), as in Röder et al.'s C_NPMI with ``s = 10``. The
        tokens are those the model saw, stop words already removed.

    Returns
    -------
    counts : numpy.ndarray, shape (len(terms), len(terms))
        Windows containing both terms; the diagonal holds the single-term counts.
    n_windows : int
    """
    index = {term: i for i, term in enumerate(terms)}
    if window is None:
        column = {t: i for i, t in enumerate(matrix.terms)}
        missing = [t for t in terms if t not in column]
        if missing:
            raise ValueError(f"Terms not in the term matrix: {missing[:5]}.")
        present = (matrix.counts[:, [column[t] for t in terms]] > 0).astype(np.float64)
        return np.asarray((present.T @ present).todense()), matrix.counts.shape[0]
    if window < 2:
        raise ValueError(f"The co-occurrence window must be at least 2 tokens, not {window}.")
    together, n_windows = np.zeros((len(terms), len(terms))), 0
    for tokens in matrix.tokens:
        n_here = max(len(tokens) - window + 1, 1)
        n_windows += n_here
        hits = [(q, index[t]) for q, t in enumerate(tokens) if t in index]
        if hits:
            # A token at position q lies in the windows starting at q - window + 1 ... q.
            marks = np.zeros((n_here + 1, len(terms)))
            for q, i in hits:
                marks[max(0, q - window + 1), i] += 1
                marks[min(q, n_here - 1) + 1, i] -= 1
            present = (np.cumsum(marks[:-1], axis=0) > 0).astype(float)
            together += present.T @ present
    return together, n_windows


def topic_coherence(
    top: Sequence[Sequence[str]], matrix: TermMatrix, *, window: int | None = None,
    eps: float = 0.0,
) -> np.ndarray:
    """Mean NPMI over all pairs of each topic's top terms (C_NPMI, Röder et al. 2015).

    .. math:: C(t) = \\frac{2}{N(N-1)} \\sum_{i<j} \\mathrm{NPMI}(w_i, w_j),\\qquad
              P(w_i) = \\frac{\\#\\,\\text{windows with } w_i}{\\#\\,\\text{windows}}

    Parameters
    ----------
    top : sequence of sequences of str
        Each topic's top terms.
    matrix : TermMatrix
        Reference corpus (the corpus's own units; see :func:`cooccurrence` for ``window``).
    window : int, optional
    eps : float
        See :func:`npmi`.

    Returns
    -------
    numpy.ndarray
        One coherence per topic.
    """
    vocabulary = sorted({t for terms in top for t in terms})
    together, n = cooccurrence(matrix, vocabulary, window=window)
    p = together / n
    single = np.diag(p)
    scores = npmi(p, single[:, None], single[None, :], eps=eps)
    index = {t: i for i, t in enumerate(vocabulary)}
    out = []
    for terms in top:
        ids = [index[t] for t in terms]
        upper = np.triu_indices(len(ids), k=1)
        out.append(float(scores[np.ix_(ids, ids)][upper].mean()) if len(ids) > 1 else np.nan)
    return np.array(out)


# -- stability ---------------------------------------------------------------------------------
def average_jaccard(first: Sequence[str], second: Sequence[str]) -> float:
    """Average Jaccard of two ranked lists over depths 1..t (Greene et al. 2014).

    .. math:: AJ(R_1, R_2) = \\frac{1}{t} \\sum_{d=1}^{t}
              \\frac{|R_{1,d} \\cap R_{2,d}|}{|R_{1,d} \\cup R_{2,d}|}

    where :math:`R_{i,d}` is the top ``d`` of list ``i``. Rank order matters: the same
    terms in another order score less than 1.

    >>> average_jaccard(["rudal", "senjata"], ["senjata", "rudal"])
    0.5
    """
    depth = min(len(first), len(second))
    total = 0.0
    for d in range(1, depth + 1):
        a, b = set(first[:d]), set(second[:d])
        total += len(a & b) / len(a | b)
    return total / depth if depth else np.nan


def ranking_agreement(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]) -> float:
    """Agreement of two sets of topic rankings: mean AJ of the best one-to-one matching.

    Topics of the two runs are paired by the Hungarian method to maximise the total
    :func:`average_jaccard` (Greene et al. 2014); 1 means identical top-term lists.

    >>> round(ranking_agreement([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "x"]]), 4)
    0.8333
    """
    similarity = np.array([[average_jaccard(a, b) for b in second] for a in first])
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    return float(similarity[rows, cols].sum() / len(first))


def score_k(
    matrix: TermMatrix, *, ks: Sequence[int], model: Model = "nmf", n_restarts: int = 5,
    subsample: float = 0.8, top_n: int = 10, window: int | None = None, random_state: int = 0,
    algorithm: Algorithm = "auto", sample: int | None = None,
) -> pd.DataFrame:
    """Coherence and stability of models with each number of topics in ``ks``.

    For each k, a reference model is fitted on all units (run 0), then ``n_restarts`` models
    on random subsamples of ``subsample`` of the units, each with its own seed (Greene et
    al. 2014 use 80%). Every run's coherence is measured on the whole corpus.

    On a large corpus, ``sample`` bounds the cost: when there are more units, one random
    sample of ``sample`` units (drawn with ``random_state``) takes the place of "all units"
    for fitting (run 0 is fitted on the sample, the restarts on ``subsample`` of it), while
    coherence is still measured on every unit. Stability and coherence rank the k; a few
    thousand units are enough to rank them (Greene et al. 2014 fit their stability runs on
    subsamples for the same reason), and the chosen k is then fitted on all units with
    :func:`fit_topics`. The time of the sweep then no longer grows with the corpus, apart from
    the coherence counts.

    Returns
    -------
    DataFrame
        One row per k and run: ``k``, ``run`` (0 = reference), ``coherence`` (mean
        :func:`topic_coherence` over topics), ``agreement`` (:func:`ranking_agreement` with
        the reference; NaN for run 0), ``n_units`` (units the run saw).
    """
    if n_restarts < 1 or not 0 < subsample <= 1:
        raise ValueError("n_restarts must be >= 1 and subsample in (0, 1].")
    n = matrix.counts.shape[0]
    base = np.arange(n)
    if sample is not None and n > sample:
        base = np.sort(np.random.default_rng((random_state, n)).choice(n, sample, replace=False))
    algorithm = _choose_algorithm(algorithm, len(base), model)
    seeds = np.random.SeedSequence(random_state).generate_state(n_restarts + 1)
    rng = np.random.default_rng(seeds[0])
    size = max(1, round(subsample * len(base)))
    rows = []
    # The sweep fits many small models: BLAS threads cost more than they save on them (one
    # NMF of 5,000 paragraphs at k = 30: 0.7 CPU s with one thread, 2.7 with two on a busy
    # 2-core machine), so each fit runs on one thread; the results are the same.
    with threadpool_limits(limits=1, user_api="blas"):
        rows = _sweep(matrix, ks, base=base, size=size, subsample=subsample, model=model,
                      algorithm=algorithm, seeds=seeds, rng=rng, top_n=top_n, window=window,
                      random_state=random_state, n_restarts=n_restarts)
    return pd.DataFrame(rows, columns=["k", "run", "coherence", "agreement", "n_units"])


def _sweep(matrix, ks, *, base, size, subsample, model, algorithm, seeds, rng, top_n, window,
           random_state, n_restarts) -> list[tuple]:
    rows = []
    for k in ks:
        _check_k(k, matrix)
        if k > size:
            raise ValueError(f"k={k} is more than the {size} units in a {subsample:.0%} "
                             "subsample. Choose a smaller k or a larger subsample.")
        reference = None
        for run in range(n_restarts + 1):
            picked = base if run == 0 else base[np.sort(rng.choice(len(base), size, replace=False))]
            _, topic_term = _fit(matrix.counts[picked], k=k, model=model,
                                 seed=random_state if run == 0 else int(seeds[run]),
                                 algorithm=algorithm)
            top = _top_lists(topic_term, matrix.terms, top_n)
            reference = top if run == 0 else reference
            agreement = np.nan if run == 0 else ranking_agreement(reference, top)
            coherence = float(np.nanmean(topic_coherence(top, matrix, window=window)))
            rows.append((k, run, coherence, agreement, len(picked)))
    return rows


def feasible_ks(matrix: TermMatrix, ks: Sequence[int], *, subsample: float = 0.8,
                sample: int | None = None) -> tuple[list[int], str]:
    """The k of ``ks`` that :func:`score_k` can fit on this matrix, and a sentence on the rest.

    A k must be at most the units of a ``subsample`` (of the ``sample``, when there are more
    units than that) and at most the terms.

    >>> units = pd.DataFrame({"unit_id": list("abcd"), "text": ["rudal senjata", "senjata",
    ...                                                           "pasar ekonomi", "pasar"]})
    >>> feasible_ks(build_term_matrix(units, tokenizer=str.split, min_df=1), [2, 3, 4])
    ([2, 3], 'k = 4 left out: a k can be at most the 3 units of an 80% subsample and the 4 terms.')
    """
    n_units, n_terms = matrix.counts.shape
    fitted = min(n_units, sample) if sample is not None else n_units
    largest = min(max(1, round(subsample * fitted)), n_terms)
    kept = [int(k) for k in ks if 1 <= k <= largest]
    left_out = [int(k) for k in ks if int(k) not in kept]
    if not left_out:
        return kept, ""
    return kept, (f"k = {', '.join(map(str, left_out))} left out: a k can be at most the "
                  f"{max(1, round(subsample * fitted))} units of an {subsample:.0%} subsample "
                  f"and the {n_terms} terms.")


def summarise_k(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per k: reference ``coherence``, ``stability`` (mean agreement) and their spread.

    Columns: ``k``, ``coherence`` (run 0), ``coherence_sd`` (over all runs),
    ``stability`` (mean agreement of the restarts), ``stability_sd``.
    """
    reference = scores[scores["run"] == 0].set_index("k")["coherence"]
    restarts = scores[scores["run"] > 0].groupby("k")["agreement"]
    return pd.DataFrame({
        "coherence": reference,
        "coherence_sd": scores.groupby("k")["coherence"].std(ddof=1),
        "stability": restarts.mean(),
        "stability_sd": restarts.std(ddof=1),
    }).reset_index()


def suggest_k(summary: pd.DataFrame) -> int:
    """The default choice: the k that ranks best on coherence and stability together.

    Each k is ranked on coherence and on stability (1 = highest); the k with the smallest
    sum of its two ranks wins, ties going to the smaller k. Stability alone tends to favour
    the smallest k, coherence alone the largest; neither is a test. Treat the result as a
    starting point and read the topics of neighbouring k before settling.

    >>> suggest_k(pd.DataFrame({"k": [2, 3, 4], "coherence": [0.25, 0.3, 0.2],
    ...                         "stability": [0.9, 0.4, 0.5]}))
    2
    >>> suggest_k(pd.DataFrame({"k": [2, 3, 4], "coherence": [0.1, 0.3, 0.2],
    ...                         "stability": [0.9, 0.85, 0.5]}))
    3
    """
    if summary.empty:
        raise ValueError("No k was scored; pass at least one k to score_k.")
    ranks = (summary["coherence"].rank(ascending=False, method="min")
             + summary["stability"].rank(ascending=False, method="min"))
    table = summary.assign(rank_sum=ranks).sort_values(["rank_sum", "k"])
    return int(table["k"].iloc[0])


def _top_lists(topic_term: np.ndarray, terms: np.ndarray, n: int) -> list[list[str]]:
    # Ties in weight are broken by term order so rankings are deterministic.
    order = np.argsort(-topic_term, axis=1, kind="stable")[:, :n]
    return [[str(terms[j]) for j in row] for row in order]


# -- tables ------------------------------------------------------------------------------------
def top_terms(model: TopicModel, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` heaviest terms of each topic.

    Returns
    -------
    DataFrame
        ``topic``, ``rank`` (1 = heaviest), ``term``, ``weight`` (share of the topic's term
        weight; for LDA p(term | topic)).
    """
    order = np.argsort(-model.topic_term, axis=1, kind="stable")[:, :n]
    rows = [(topic, rank + 1, str(model.terms[j]), float(model.topic_term[topic, j]))
            for topic, row in enumerate(order) for rank, j in enumerate(row)]
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


def doc_topics(model: TopicModel, *, wide: bool = False) -> pd.DataFrame:
    """Topic shares of each unit with the article metadata.

    Returns
    -------
    DataFrame
        Tidy (default): ``unit_id``, ``doc_id``, ``outlet``, ``published``, ``position``,
        ``topic``, ``share``; one row per unit and topic, shares of a unit summing to 1.
        ``wide=True``: one row per unit, the metadata then one column ``topic_<i>`` per topic.
    """
    meta = model.units[["unit_id", "doc_id", "outlet", "published", "position"]]
    shares = pd.DataFrame(model.doc_topic, columns=[f"topic_{i}" for i in range(model.k)])
    table = pd.concat([meta.reset_index(drop=True), shares], axis=1)
    if wide:
        return table
    tidy = table.melt(id_vars=list(meta.columns), var_name="topic", value_name="share")
    tidy["topic"] = tidy["topic"].str.removeprefix("topic_").astype(int)
    return tidy.sort_values(["unit_id", "topic"], kind="stable").reset_index(drop=True)


def representative_units(model: TopicModel, *, n: int = 3) -> pd.DataFrame:
    """For each topic, the ``n`` units with the largest share of it, to read.

    Returns
    -------
    DataFrame
        ``topic``, ``rank``, ``unit_id``, ``doc_id``, ``outlet``, ``share``, ``text``.
    """
    rows = []
    for topic in range(model.k):
        order = np.argsort(-model.doc_topic[:, topic], kind="stable")[:n]
        for rank, i in enumerate(order, start=1):
            unit = model.units.iloc[i]
            rows.append((topic, rank, unit["unit_id"], unit["doc_id"], unit["outlet"],
                         float(model.doc_topic[i, topic]), unit["text"]))
    return pd.DataFrame(rows, columns=["topic", "rank", "unit_id", "doc_id", "outlet",
                                       "share", "text"])


def periods(published: pd.Series, *, freq: str = "M") -> pd.Series:
    """Publication period of each date, in the article's local time (NaT stays missing).

    >>> dates = pd.Series(pd.to_datetime(["2023-09-13 10:00+07:00", "2023-10-12 23:30+07:00"]))
    >>> periods(dates).astype(str).tolist()
    ['2023-09', '2023-10']
    """
    published = pd.to_datetime(published)
    if isinstance(published.dtype, pd.DatetimeTZDtype):
        published = published.dt.tz_localize(None)
    return published.dt.to_period(freq)


def topic_prevalence(
    model: TopicModel, *, by: Literal["outlet", "period"] = "outlet", freq: str = "M",
    n_boot: int = 1000, level: float = 0.95, resample: Literal["document", "unit"] = "document",
    random_state: int = 0,
) -> pd.DataFrame:
    """Mean topic share per outlet or per period, with percentile bootstrap intervals.

    .. math:: \\hat\\theta_{g,t} = \\frac{1}{n_g} \\sum_{u \\in g} \\theta_{u,t}

    the mean share of topic t over the units u of group g. The interval is the percentile
    interval of ``n_boot`` bootstrap replicates. ``resample="document"`` (the default)
    draws whole articles with replacement within each group, so paragraphs of one article
    stay together (a cluster bootstrap); a group with fewer than 2 articles then gets no
    interval (NaN), because one article says nothing about its outlet's variability.
    ``resample="unit"`` draws units instead: the interval then describes variation across
    the units of those articles only.

    Returns
    -------
    DataFrame
        ``outlet`` or ``period`` (str), ``topic``, ``prevalence``, ``lower``, ``upper``,
        ``n_units``, ``n_docs``.
    """
    if by == "outlet":
        groups = model.units["outlet"].astype(str)
    elif by == "period":
        found = periods(model.units["published"], freq=freq)
        if found.isna().all():
            raise ValueError("No unit has a publication date, so there is no prevalence by "
                             "period. Check the 'published' column of the corpus.")
        groups = found.astype(str).where(found.notna())
    else:
        raise ValueError(f"by must be 'outlet' or 'period', not {by!r}.")
    if resample not in ("document", "unit"):
        raise ValueError(f"resample must be 'document' or 'unit', not {resample!r}.")
    rng = np.random.default_rng(random_state)
    clusters = model.units["doc_id"] if resample == "document" else model.units["unit_id"]
    rows = []
    for group in sorted(groups.dropna().unique()):
        mask = (groups == group).to_numpy()
        shares, ids = model.doc_topic[mask], clusters[mask].to_numpy()
        lower, upper = _cluster_bootstrap(shares, ids, n_boot=n_boot, level=level, rng=rng)
        n_docs = model.units.loc[mask, "doc_id"].nunique()
        for topic in range(model.k):
            rows.append((group, topic, float(shares[:, topic].mean()), lower[topic],
                         upper[topic], int(mask.sum()), n_docs))
    return pd.DataFrame(rows, columns=[by, "topic", "prevalence", "lower", "upper",
                                       "n_units", "n_docs"])


def _cluster_bootstrap(shares, clusters, *, n_boot: int, level: float, rng):
    """Percentile interval of the mean share, resampling whole clusters with replacement.

    A replicate is (c @ sums) / (c @ sizes): c counts how often each cluster is drawn, sums
    are the clusters' summed shares and sizes their numbers of units
    (:func:`analysis.terms.bootstrap_ratios`, which holds only blocks of c in memory).
    """
    names, codes = np.unique(clusters, return_inverse=True)
    if len(names) < 2:
        return np.full(shares.shape[1], np.nan), np.full(shares.shape[1], np.nan)
    sums = np.zeros((len(names), shares.shape[1]))
    np.add.at(sums, codes, shares)
    sizes = np.bincount(codes).astype(float)  # every cluster has a unit: no empty replicate
    replicates = bootstrap_ratios(sums, sizes, n_resamples=n_boot, rng=rng)
    alpha = (1 - level) / 2
    return np.quantile(replicates, alpha, axis=0), np.quantile(replicates, 1 - alpha, axis=0)


# -- labels ------------------------------------------------------------------------------------
def topic_labels(model: TopicModel, *, path: str | Path | None = LABELS_FILE, n_terms: int = 3,
                 warn: bool = True) -> dict[int, str]:
    """A label for every topic: the researcher's from the labels file, else its top terms.

    The labels file (``data/topic_labels.csv``; see its header) has the columns ``unit``,
    ``model``, ``k``, ``topic``, ``top_terms`` and ``label``. A row applies to a model with
    the same unit, model and k whose five top terms share at least three with the
    ``top_terms`` written in the row; otherwise the label belongs to another fit (another
    corpus, seed or setting) and is ignored with a warning. Topics without a label get
    ``"Topic 3: senjata, rudal, perang"``.

    Parameters
    ----------
    model : TopicModel
    path : str, Path or None
        The labels file: the shipped ``topic_labels.csv`` by default, or your own. ``None``
        reads no file and labels every topic by its top terms. A file that does not exist is
        an error (FileNotFoundError), so a mistyped path is not silently ignored.
    n_terms : int
        Top terms in a default label.
    warn : bool
        Warn about each label written for another fit (a notebook passes False and states
        :func:`stale_labels` in a sentence instead).

    Returns
    -------
    dict of int to str
    """
    top = _top_lists(model.topic_term, model.terms, max(n_terms, 5))
    names = read_names()  # terms as a reader writes them: kim_jong_un -> Kim Jong Un
    labels = {t: f"Topic {t}: {', '.join(display_term(w, names) for w in terms[:n_terms])}"
              for t, terms in enumerate(top)}
    written, stale = _match_labels(model, path, top)
    labels.update(written)
    for message in stale if warn else []:
        warnings.warn(message, stacklevel=2)
    return labels


def stale_labels(model: TopicModel, *, path: str | Path | None = LABELS_FILE) -> list[str]:
    """Messages for the labels in the labels file that were written for another fit.

    A row for the same unit, model and k whose top terms share fewer than three of this
    model's five is not used by :func:`topic_labels`; each such row gets one message.
    """
    return _match_labels(model, path, _top_lists(model.topic_term, model.terms, 5))[1]


def _match_labels(model: TopicModel, path, top: list[list[str]]) -> tuple[dict[int, str], list[str]]:
    """The labels of the file that apply to ``model``, and a message for each that does not."""
    rows = _label_rows(model, path) if path is not None else pd.DataFrame(columns=["topic"])
    labels, stale = {}, []
    for row in rows.itertuples(index=False):
        topic = int(row.topic)
        written = row.top_terms.split()
        if topic >= model.k or len(set(written) & set(top[topic][:5])) < 3:
            current = " ".join(top[topic][:5]) if topic < model.k else "none"
            stale.append(f"{path}: the label {row.label!r} of topic {topic} was written for top "
                         f"terms '{row.top_terms}', but this model's are '{current}'; it is "
                         "ignored. Relabel after reading the topics.")
            continue
        labels[topic] = f"{topic}: {row.label}"
    return labels, stale


def _label_rows(model: TopicModel, path: str | Path) -> pd.DataFrame:
    from analysis.resources import read_table, resolve

    try:
        table = read_table(resolve(path))
    except FileNotFoundError as error:
        raise FileNotFoundError(
            f"Topic labels file {path} does not exist. Check the path; to start a labels file, "
            "save topics.label_template(model) as CSV and fill in its 'label' column; to label "
            "topics by their top terms only, pass path=None.") from error
    missing = {"unit", "model", "k", "topic", "top_terms", "label"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: the labels file needs the columns {sorted(missing)}.")
    chosen = ((table["unit"] == model.matrix.unit) & (table["model"] == model.model)
              & (table["k"] == str(model.k)) & (table["label"].str.strip() != ""))
    return table[chosen]


def label_template(model: TopicModel) -> pd.DataFrame:
    """Rows to paste into the labels file, one per topic, with an empty ``label`` to fill in."""
    top = _top_lists(model.topic_term, model.terms, 5)
    return pd.DataFrame({"unit": model.matrix.unit, "model": model.model, "k": model.k,
                         "topic": range(model.k), "top_terms": [" ".join(t) for t in top],
                         "label": ""})


# -- command line ------------------------------------------------------------------------------
def register_cli(subparsers) -> None:
    """Add ``python -m analysis topics`` (JSON lines on stdout, messages on stderr)."""
    parser = subparsers.add_parser(
        "topics", help="fit a topic model and print its topics as JSON lines",
        description="Fit NMF or LDA and print one JSON object per topic (or per unit with "
                    "--doc-topics).")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of article files (default: the project's seeds/)")
    parser.add_argument("--k", type=positive_int, required=True, help="number of topics")
    parser.add_argument("--unit", choices=["article", "paragraph", "window"], default="paragraph")
    parser.add_argument("--model", choices=["nmf", "lda"], default="nmf")
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--min-df", type=positive_float, default=2,
                        help="minimum units a term occurs in (a fraction if below 1)")
    parser.add_argument("--stem", action="store_true", help="stem with Sastrawi")
    parser.add_argument("--top-n", type=positive_int, default=10,
                        help="top terms per topic (default %(default)s)")
    parser.add_argument("--labels", type=Path, default=None,
                        help="your topic labels file (default: the shipped "
                             "analysis/data/topic_labels.csv); a path that does not exist is "
                             "an error")
    parser.add_argument("--jsonl", action="store_true",
                        help="JSON lines on stdout (the only output format; kept for clarity)")
    parser.add_argument("--doc-topics", action="store_true",
                        help="print each unit's topic shares instead of the topics")
    parser.set_defaults(func=_run_cli)


def _run_cli(args: argparse.Namespace) -> int:
    try:
        model = _fit_from_args(args)
        records = (_unit_records(model) if args.doc_topics
                   else _topic_records(model, n=args.top_n, labels_path=args.labels))
    except (ValueError, FileNotFoundError) as error:  # bad input: say what to change
        print(f"error: {error}", file=sys.stderr)
        return 2
    for record in records:
        print(json.dumps(record, ensure_ascii=False))
    return 0


def _fit_from_args(args: argparse.Namespace) -> TopicModel:
    from analysis.corpus import load_corpus

    min_df = int(args.min_df) if args.min_df >= 1 else args.min_df
    units = make_units(load_corpus(args.corpus, cache=True), unit=args.unit)
    matrix = build_term_matrix(units, tokenizer=topic_tokenizer(stem=args.stem), min_df=min_df)
    print(f"{len(matrix.units)} {args.unit} units, {len(matrix.terms)} terms; fitting "
          f"{args.model.upper()} with k={args.k}", file=sys.stderr)
    return fit_topics(matrix, k=args.k, model=args.model, random_state=args.random_state)


def _topic_records(model: TopicModel, *, n: int, labels_path) -> list[dict]:
    labels = topic_labels(model, path=LABELS_FILE if labels_path is None else labels_path)
    table = top_terms(model, n=n)
    return [{"topic": int(topic), "label": labels[int(topic)],
             "top_terms": [{"term": t, "weight": round(w, 6)}
                           for t, w in zip(group["term"], group["weight"])]}
            for topic, group in table.groupby("topic", sort=True)]


def _unit_records(model: TopicModel) -> list[dict]:
    units = model.units
    published = [None if pd.isna(d) else d.isoformat() for d in units["published"]]
    return [{"unit_id": u, "doc_id": d, "outlet": o, "published": p,
             "shares": [round(float(s), 6) for s in shares]}
            for u, d, o, p, shares in zip(units["unit_id"], units["doc_id"], units["outlet"],
                                          published, model.doc_topic)]
