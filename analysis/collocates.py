"""Collocates of a node term: log-likelihood, PMI, t-score and logDice, by outlet and voice.

Collocates are the words that occur within a window of ``window`` tokens left and right of a
node term (Sinclair 1991) more often than chance. Counting follows Evert (2008, "Corpora and
collocations", surface co-occurrence): the windows around all node occurrences are merged
(each token position counted once, node tokens themselves excluded, windows never crossing a
paragraph), giving a 2x2 table per candidate word w:

============  ===================  ==========================
              w                    not w
in windows    O11                  O12 = R1 - O11
elsewhere     O21 = C1 - O11       O22 = N - R1 - C1 + O11
============  ===================  ==========================

with R1 the number of window tokens, C1 the frequency of w and N the tokens of the (sub)corpus;
expected counts are E_ij = R_i C_j / N. The measures are: log-likelihood
G2 = 2 sum O_ij ln(O_ij / E_ij) (Dunning 1993); pointwise mutual information
PMI = log2(O11 / E11) (Church & Hanks 1990); t-score t = (O11 - E11) / sqrt(O11) (Church et
al. 1991); and logDice = 14 + log2(2 O11 / (f_node + C1)) (Rychlý 2008), with f_node the
number of node occurrences. Node occurrences come from :func:`analysis.framing.concordance`
(or a concordance table already computed), so they can be split by the voice in which the node occurs (narrator versus quoted) and by
outlet; each outlet's collocates are measured against that outlet's own sub-corpus.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import groupby

import numpy as np
import pandas as pd

from analysis.framing import Unit, _check_columns, _documents, compile_pattern, find_matches
from analysis.quotes import Label
from analysis.tokens import Tokenizer, stop_words

#: Columns of a collocate table (after any grouping columns).
COLLOCATE_COLUMNS = [
    "collocate", "o11", "expected", "f_node", "f_collocate", "window_tokens", "n_tokens",
    "log_likelihood", "pmi", "t_score", "log_dice",
]


def association_scores(o11, f_node, f_collocate, window_tokens, n_tokens) -> pd.DataFrame:
    """The four association measures from the counts of the 2x2 table (vectorised).

    Parameters
    ----------
    o11 : array-like
        Co-occurrences: occurrences of the collocate inside the merged node windows.
    f_node : int or array-like
        Node occurrences (for logDice).
    f_collocate : array-like
        Collocate frequency C1 in the (sub)corpus.
    window_tokens : int or array-like
        R1, tokens inside the merged windows.
    n_tokens : int or array-like
        N, tokens in the (sub)corpus.

    Returns
    -------
    DataFrame
        Columns ``expected``, ``log_likelihood``, ``pmi``, ``t_score``, ``log_dice``.

    Examples
    --------
    O11 = 2, R1 = 4, C1 = 2, N = 10, f_node = 2: E11 = 4 * 2 / 10 = 0.8; the other cells
    are O = (2, 0, 6), E = (3.2, 1.2, 4.8), so G2 = 2 (2 ln 2.5 + 2 ln 0.625 + 6 ln 1.25) = 4.4629,
    PMI = log2(2 / 0.8) = 1.3219, t = (2 - 0.8) / sqrt(2) = 0.8485,
    logDice = 14 + log2(4 / 4) = 14.

    >>> association_scores([2], 2, [2], 4, 10).round(4).iloc[0].tolist()
    [0.8, 4.4629, 1.3219, 0.8485, 14.0]
    """
    o11 = np.asarray(o11, dtype=float)
    c1 = np.asarray(f_collocate, dtype=float)
    r1 = np.broadcast_to(np.asarray(window_tokens, dtype=float), o11.shape)
    n = np.broadcast_to(np.asarray(n_tokens, dtype=float), o11.shape)
    observed = [o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]
    if any((o < 0).any() for o in observed):
        raise ValueError(
            "Negative cell in a collocation table: the corpus frequencies do not come from the "
            "same tokenizer and corpus as the windows. Recompute them with corpus_frequencies()."
        )
    r2, c2 = n - r1, n - c1
    expected = [r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = [np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(observed, expected)]
        scores = {
            "expected": expected[0],
            "log_likelihood": 2 * sum(terms),
            "pmi": np.log2(o11 / expected[0]),
            "t_score": (o11 - expected[0]) / np.sqrt(o11),
            "log_dice": 14 + np.log2(2 * o11 / (np.asarray(f_node, dtype=float) + c1)),
        }
    return pd.DataFrame(scores)


def corpus_frequencies(corpus: pd.DataFrame, *, tokenizer: Tokenizer | None = None) -> pd.DataFrame:
    """Token frequencies per outlet over headlines, captions and body (``outlet``, ``token``, ``n``).

    Compute once and pass to :func:`collocates` for many node terms.
    """
    tokenizer = tokenizer or Tokenizer()
    counts: dict[str, Counter] = {}
    for doc in _documents(corpus):
        for unit in doc.units:
            counts.setdefault(unit.outlet, Counter()).update(tokenizer.tokenize(unit.text))
    frames = [
        pd.DataFrame({"outlet": outlet, "token": list(c.keys()), "n": list(c.values())})
        for outlet, c in counts.items()
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["outlet", "token", "n"])


def _window_positions(spans, hits, window: int) -> tuple[set[int], int]:
    """Token positions within ``window`` of the hits (node positions excluded), and node count."""
    starts = [t.start for t in spans]
    ends = [t.end for t in spans]
    node_positions: set[int] = set()
    blocks = []
    for start, end in hits:
        first = bisect.bisect_right(ends, start)  # first token ending after the match starts
        last = bisect.bisect_left(starts, end) - 1  # last token starting before the match ends
        if first <= last:
            blocks.append((first, last))
            node_positions.update(range(first, last + 1))
    inside: set[int] = set()
    for first, last in blocks:
        inside.update(range(max(0, first - window), first))
        inside.update(range(last + 1, min(len(spans), last + 1 + window)))
    return inside - node_positions, len(blocks)


def _separate_windows(text: str, hits: list[tuple[int, int]], window: int,
                      tokenizer: Tokenizer) -> tuple[list[str], int] | None:
    """Window tokens around the hits of one unit, tokenising only the text near them.

    Much faster than :meth:`Tokenizer.spans` on the whole unit. Returns None when two windows
    might overlap (fewer than ``2 * window`` tokens between hits): the caller then counts
    positions exactly with :func:`_window_positions`. A left slice cut inside a word only
    loses its first token, which lies outside the window when more than ``window`` remain.
    """
    if window == 0:
        return [], len(hits)
    if tokenizer.stopwords and not all(tokenizer.tokenize(text[s:e]) for s, e in hits):
        return None  # a node that is itself a removed stop word: count exactly
    reach = 40 * (window + 1)
    first, last = hits[0][0], hits[-1][1]
    left = tokenizer.tokenize(text[max(0, first - reach) : first])
    if first > reach and len(left) <= window:
        left = tokenizer.tokenize(text[:first])
    right = tokenizer.tokenize(text[last : last + reach])
    if last + reach < len(text) and len(right) <= window:
        right = tokenizer.tokenize(text[last:])
    tokens = left[-window:]
    for (_, end), (start, _) in zip(hits, hits[1:]):
        between = tokenizer.tokenize(text[end:start])
        if len(between) < 2 * window:
            return None
        tokens += between[:window] + between[-window:]
    return tokens + right[:window], len(hits)


def collocates(
    corpus: pd.DataFrame,
    node: str,
    *,
    window: int = 5,
    by: str | Iterable[str] = (),
    min_cooccurrence: int = 2,
    min_frequency: int = 2,
    exclude: str | Iterable[str] | None = "default",
    tokenizer: Tokenizer | None = None,
    frequencies: pd.DataFrame | None = None,
    regex: bool = False,
    kwic: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Collocates of ``node`` with four association measures, optionally per outlet/voice.

    Parameters
    ----------
    corpus : DataFrame
        Articles from :func:`analysis.corpus.load_corpus`.
    node : str
        The node term as a :func:`analysis.framing.compile_pattern` pattern (``imperialis*``).
    window : int
        Tokens on each side.
    by : str or list of str
        Group node occurrences by ``"outlet"`` and/or ``"voice"`` (voice of the node).
        Per outlet, C1 and N are that outlet's; otherwise the whole corpus's.
    min_cooccurrence, min_frequency : int
        Keep collocates with O11 >= ``min_cooccurrence`` and C1 >= ``min_frequency``.
    exclude : "default", iterable of str or None
        Collocates not to report (``"default"``: the default stop words,
        :func:`analysis.tokens.stop_words`). Windows still count every token.
    tokenizer : Tokenizer, optional
        Defaults to ``Tokenizer()`` (lower case, aliases merged, nothing removed).
    frequencies : DataFrame, optional
        :func:`corpus_frequencies` output, computed with the same tokenizer and corpus.
    regex : bool
        Treat ``node`` as a regular expression.
    kwic : DataFrame, optional
        The concordance of ``node`` on this corpus (:func:`analysis.framing.concordance`, in
        any row order): its occurrences and voice labels are used instead of finding and
        labelling them again. ``node`` still says which collocates are the node itself.

    Returns
    -------
    DataFrame
        The ``by`` columns then :data:`COLLOCATE_COLUMNS`, sorted by log-likelihood within
        group; empty if the node does not occur.
    """
    by = [by] if isinstance(by, str) else list(by)
    unknown = set(by) - {"outlet", "voice"}
    if unknown:
        raise ValueError(f"by must name 'outlet' and/or 'voice', not {sorted(unknown)}.")
    tokenizer = tokenizer or Tokenizer()
    if frequencies is None:
        frequencies = corpus_frequencies(corpus, tokenizer=tokenizer)
    if kwic is None:
        matches = find_matches(corpus, node, regex=regex, label="voice" in by)
    else:
        matches = _kwic_matches(corpus, kwic, voice="voice" in by)
    windows = _group_windows(matches, by=by, window=window, tokenizer=tokenizer)
    if not windows:
        return pd.DataFrame(columns=by + COLLOCATE_COLUMNS)
    excluded = stop_words(exclude) if isinstance(exclude, str) else frozenset(exclude or ())
    node_re = compile_pattern(node, regex=regex)
    tables = []
    seen = set().union(*(counter for counter, _, _ in windows.values()))
    relevant = frequencies[frequencies["token"].isin(seen)]
    sizes = frequencies.groupby("outlet")["n"].sum()
    for key, (counter, window_tokens, f_node) in windows.items():
        group = dict(zip(by, key))
        in_group = relevant if "outlet" not in group else relevant[relevant["outlet"] == group["outlet"]]
        totals = in_group.groupby("token")["n"].sum()
        n_tokens = int(sizes.sum() if "outlet" not in group else sizes.get(group["outlet"], 0))
        table = pd.DataFrame({"collocate": list(counter.keys()), "o11": list(counter.values())})
        table["f_collocate"] = table["collocate"].map(totals).fillna(0).astype(int)
        keep = (
            (table["o11"] >= min_cooccurrence) & (table["f_collocate"] >= min_frequency)
            & ~table["collocate"].isin(excluded)
            & ~table["collocate"].map(lambda t: bool(node_re.fullmatch(t.replace("_", " "))))
        )
        table = table[keep].reset_index(drop=True)
        table["f_node"], table["window_tokens"], table["n_tokens"] = f_node, window_tokens, n_tokens
        scores = association_scores(table["o11"], f_node, table["f_collocate"], window_tokens, n_tokens)
        table = pd.concat([table, scores], axis=1).assign(**group)
        tables.append(table.sort_values(["log_likelihood", "collocate"], ascending=[False, True]))
    result = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return result.reindex(columns=by + COLLOCATE_COLUMNS)


def _kwic_matches(corpus: pd.DataFrame, kwic: pd.DataFrame, *, voice: bool) -> Iterator[tuple[Unit, int, int, Label]]:
    """The occurrences of a concordance table as :func:`analysis.framing.find_matches` yields them."""
    missing = {"doc_id", "location", "paragraph", "start", "end", "match", "voice", "distancing", "speaker"} - set(kwic.columns)
    if missing:
        raise ValueError(f"kwic lacks the columns {sorted(missing)}; pass a table from framing.concordance().")
    if voice and (kwic["voice"] == "").any():
        raise ValueError("kwic has no voice labels (concordance(..., label=False)); recompute it with "
                         "label=True or leave kwic out.")
    _check_columns(corpus)
    wanted = set(kwic["doc_id"])
    columns = [corpus[c] for c in ("doc_id", "outlet", "title", "captions", "paragraphs")]
    docs = {doc[0]: (i, doc) for i, doc in enumerate(zip(*columns)) if doc[0] in wanted}
    if len(docs) < len(wanted):
        raise ValueError(f"kwic has articles that are not in the corpus ({sorted(wanted - set(docs))[:3]}); "
                         "compute the concordance on this corpus.")
    order = kwic.assign(_doc=kwic["doc_id"].map(lambda d: docs[d][0]),
                        _location=kwic["location"].map({"headline": 0, "caption": 1, "body": 2}))
    for row in order.sort_values(["_doc", "_location", "paragraph", "start"], kind="stable").itertuples(index=False):
        doc_id, outlet, title, captions, paragraphs = docs[row.doc_id][1]
        texts = {"headline": [title], "caption": captions, "body": paragraphs}.get(row.location, [])
        text = texts[row.paragraph] if 0 <= row.paragraph < len(texts) else ""
        if not row.match or text[row.start : row.end] != row.match:
            raise ValueError(f"kwic row {row.doc_id} {row.location} {row.paragraph} ({row.match!r}) is not "
                             "the corpus text at its offsets; compute the concordance on this corpus.")
        yield (Unit(doc_id, outlet, row.location, row.paragraph, text), row.start, row.end,
               Label(row.voice, bool(row.distancing), row.speaker))


def _group_windows(matches: Iterable[tuple[Unit, int, int, Label]], *, by: list[str], window: int,
                   tokenizer: Tokenizer) -> dict:
    """Per group: Counter of window tokens, number of window tokens R1, node count."""
    result: dict[tuple, list] = {}
    for unit, unit_matches in groupby(matches, key=lambda m: m[0]):
        groups: dict[tuple, list] = {}
        for _, start, end, voice in unit_matches:
            key = tuple(unit.outlet if b == "outlet" else voice.voice for b in by)
            groups.setdefault(key, []).append((start, end))
        separate = None
        if len(groups) == 1:
            key, unit_hits = next(iter(groups.items()))
            separate = _separate_windows(unit.text, unit_hits, window, tokenizer)
        if separate is not None:
            found = [(key, *separate)]
        else:
            spans = tokenizer.spans(unit.text)
            found = []
            for key, unit_hits in groups.items():
                positions, n_nodes = _window_positions(spans, unit_hits, window)
                found.append((key, [spans[i].token for i in positions], n_nodes))
        for key, tokens, n_nodes in found:
            entry = result.setdefault(key, [Counter(), 0, 0])
            entry[0].update(tokens)
            entry[1] += len(tokens)
            entry[2] += n_nodes
    return {key: tuple(value) for key, value in sorted(result.items())}
