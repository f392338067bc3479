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
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import groupby

import numpy as np
import pandas as pd

from analysis.framing import (
    Unit,
    _check_columns,
    _documents,
    compile_pattern,
    find_matches,
    token_offsets,
    typed_table,
    unit_matches,
)
from analysis.quotes import Label
from analysis.tokens import _SURFACE_RE, Tokenizer, _split_compounds, stop_words

#: Columns of a collocate table (after any grouping columns).
COLLOCATE_COLUMNS = [
    "collocate", "o11", "expected", "f_node", "f_collocate", "window_tokens", "n_tokens",
    "log_likelihood", "pmi", "t_score", "log_dice",
]
#: Column types of a collocate table (grouping columns are strings), also when it is empty.
COLLOCATE_DTYPES = {"collocate": "str", "o11": "int64", "expected": "float64", "f_node": "int64",
                    "f_collocate": "int64", "window_tokens": "int64", "n_tokens": "int64",
                    "log_likelihood": "float64", "pmi": "float64", "t_score": "float64", "log_dice": "float64"}


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
    return pd.concat(frames, ignore_index=True) if frames else typed_table([], {"outlet": "str", "token": "str", "n": "int64"})


def _node_blocks(starts: list[int], ends: list[int], hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """First and last token each hit overlaps (a name it is part of, *Vladimir Putin* for ``putin``).

    A hit that overlaps no token (a removed stop word) is not a node occurrence.
    """
    blocks = []
    for start, end in hits:
        first = bisect.bisect_right(ends, start)  # first token ending after the match starts
        last = bisect.bisect_left(starts, end) - 1  # last token starting before the match ends
        if first <= last:
            blocks.append((first, last))
    return blocks


def _window_positions(blocks: list[tuple[int, int]], n_tokens: int, window: int) -> set[int]:
    """Token positions within ``window`` tokens of the node blocks, node positions excluded."""
    inside: set[int] = set()
    for first, last in blocks:
        inside.update(range(max(0, first - window), first))
        inside.update(range(last + 1, min(n_tokens, last + 1 + window)))
    return inside.difference(*(range(first, last + 1) for first, last in blocks))


_SPACE_RUN_RE = re.compile(r"\s+")


def _continuations(tokenizer: Tokenizer) -> frozenset[str]:
    """Lower-cased words that can continue a multi-word name (every word of a variant but its first)."""
    alias = getattr(tokenizer, "_alias", None)
    return frozenset(w.lower() for key in (alias.multi if alias else ()) for w in key.split(" ")[1:])


class _Cutter:
    """Where a unit can be cut so that its pieces tokenise exactly as the whole unit.

    A cut is a space (no token and no hyphen rule spans white space) after which the next
    surface cannot continue a multi-word name begun before the cut: its first word is not a
    later word of any alias variant (such as *Jong* or *Un*). Cuts are looked for within
    ``reach`` characters of a hit.
    """

    def __init__(self, text: str, continuations: frozenset[str], reach: int):
        self.text, self.reach, self.continuations = text, reach, continuations
        self.split = _split_compounds(text)

    def safe(self, cut: int) -> bool:
        following = _SURFACE_RE.search(self.split, cut)
        return following is None or following.group().lower().replace("-", " ").split(" ")[0] not in self.continuations

    def before(self, pos: int, words: int) -> int | None:
        """A cut with at least ``words`` words between it and ``pos`` (0 at the start; None: none nearby)."""
        text, low, cut, passed = self.text, max(0, pos - self.reach), pos, -1
        while True:
            cut = text.rfind(" ", low, cut)
            if cut < 0:
                return 0 if low == 0 else None
            while cut > low and text[cut - 1] == " ":
                cut -= 1  # the start of a run of spaces
            passed += 1
            if passed >= words and self.safe(cut):
                return cut

    def after(self, pos: int, words: int) -> int | None:
        """A cut with at least ``words`` words between ``pos`` and it (the end; None: none nearby)."""
        text, high, cut, passed = self.text, min(len(self.text), pos + self.reach), pos, -1
        while True:
            cut = text.find(" ", cut, high)
            if cut < 0:
                return len(text) if high == len(text) else None
            while cut + 1 < high and text[cut + 1] == " ":
                cut += 1
            passed += 1
            if passed >= words and self.safe(cut):
                return cut
            cut += 1


def _pieces(text: str, hits: list[tuple[int, int]], margin: int, continuations: frozenset[str]) -> list[tuple[int, int]]:
    """Disjoint ``(start, end)`` pieces of ``text`` around the hits, cut where tokenising is exact.

    Each piece holds its hits and a margin of ``margin`` words each side (or reaches the edge
    of the text); the whole text if no cut is found nearby.
    """
    cutter = _Cutter(text, continuations, reach=24 * (margin + 1))
    pieces: list[tuple[int, int]] = []
    for start, end in sorted(hits):
        first, last = cutter.before(start, margin), cutter.after(end, margin)
        if first is None or last is None:
            return [(0, len(text))]
        if pieces and first <= pieces[-1][1]:
            pieces[-1] = (min(pieces[-1][0], first), max(pieces[-1][1], last))
        else:
            pieces.append((first, last))
    return pieces


def _unit_windows(text: str, groups: dict[tuple, list], window: int, tokenizer: Tokenizer,
                  continuations: frozenset[str]) -> list[tuple[tuple, list[str], int]]:
    """``[(group, window tokens, node count), ...]`` for the hits of one unit.

    Only pieces of the unit around the hits are tokenised (:func:`_pieces`), with a margin
    of ``window + 2`` words; a node closer than ``window`` tokens to the edge of its piece
    (not the unit's: names such as *Kim Yo Jong* make several words one token) means the
    margin was too small, and it is doubled, twice, before the whole unit is tokenised.
    """
    hits = [hit for unit_hits in groups.values() for hit in unit_hits]
    for margin in (window + 2, 2 * window + 4, 4 * window + 8):
        found = _piece_windows(text, _pieces(text, hits, margin, continuations), groups, window, tokenizer)
        if found is not None:
            return found
    return _piece_windows(text, [(0, len(text))], groups, window, tokenizer)


def _piece_windows(text, pieces, groups, window, tokenizer):
    """The windows of :func:`_unit_windows` from the given pieces, or None if one is too small."""
    if len(pieces) == 1 and len(groups) == 1:
        return _one_piece_windows(text, pieces[0], groups, window, tokenizer)
    found = {key: ([], 0) for key in groups}
    lows = [low for low, _ in pieces]
    in_piece = {key: [[] for _ in pieces] for key in groups}  # each hit lies in one piece
    for key, unit_hits in groups.items():
        for start, end in unit_hits:
            in_piece[key][bisect.bisect_right(lows, start) - 1].append((start, end))
    for j, (low, high) in enumerate(pieces):
        tokens, starts, ends = token_offsets(text[low:high], tokenizer)
        n = len(tokens)
        for key in groups:
            inside = [(s - low, e - low) for s, e in in_piece[key][j]]
            if not inside:
                continue
            blocks = _node_blocks(starts, ends, inside)
            for first, last in blocks:
                if (first < window and low > 0) or (n - 1 - last < window and high < len(text)):
                    return None
            collected, n_nodes = found[key]
            if len(blocks) == 1:
                first, last = blocks[0]
                collected += tokens[max(0, first - window) : first] + tokens[last + 1 : last + 1 + window]
            else:
                collected += [tokens[i] for i in sorted(_window_positions(blocks, n, window))]
            found[key] = (collected, n_nodes + len(blocks))
    return [(key, collected, n_nodes) for key, (collected, n_nodes) in found.items()]


def _one_piece_windows(text, piece, groups, window, tokenizer):
    """:func:`_piece_windows` for the common case of one group of hits in one piece."""
    (key, unit_hits), = groups.items()
    low, high = piece
    tokens, starts, ends = token_offsets(text[low:high], tokenizer)
    n = len(tokens)
    blocks = _node_blocks(starts, ends, [(s - low, e - low) for s, e in unit_hits] if low else unit_hits)
    for first, last in blocks:
        if (first < window and low > 0) or (n - 1 - last < window and high < len(text)):
            return None
    if len(blocks) == 1:
        first, last = blocks[0]
        collected = tokens[max(0, first - window) : first] + tokens[last + 1 : last + 1 + window]
    else:
        collected = [tokens[i] for i in sorted(_window_positions(blocks, n, window))]
    return [(key, collected, len(blocks))]


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
        The ``by`` columns then :data:`COLLOCATE_COLUMNS` (types :data:`COLLOCATE_DTYPES`),
        sorted by log-likelihood within group; no rows, with the same columns and types, if the
        node does not occur or no collocate passes the thresholds.

    Windows are counted on the tokens of the whole unit: a node inside a name (``putin`` in
    *Vladimir Putin*) is that name's token, and its window starts at the name's edges; a
    node that is part of a hyphenated word (*anti-imperialis*) is that word, except where the
    tokeniser separates the parts (*Rusia-Korea*).
    """
    if window < 0:
        raise ValueError(f"window must be 0 or more tokens, not {window}.")
    by = [by] if isinstance(by, str) else list(by)
    unknown = set(by) - {"outlet", "voice"}
    if unknown:
        raise ValueError(f"by must name 'outlet' and/or 'voice', not {sorted(unknown)}.")
    tokenizer = tokenizer or Tokenizer()
    if frequencies is None:
        frequencies = corpus_frequencies(corpus, tokenizer=tokenizer)
    if kwic is not None:
        units = _matches_by_unit(_kwic_matches(corpus, kwic, voice="voice" in by), by)
    elif "voice" in by:
        units = _matches_by_unit(find_matches(corpus, node, regex=regex, label=True), by)
    else:  # no labels needed: the hits of each unit as found
        units = ((text, {(doc[1],) if by else (): spans}) for doc, _, _, text, spans in unit_matches(corpus, node, regex=regex))
    windows = _group_windows(units, window=window, tokenizer=tokenizer)
    dtypes = {b: "str" for b in by} | COLLOCATE_DTYPES
    if not windows:
        return typed_table([], dtypes)
    excluded = stop_words(exclude) if isinstance(exclude, str) else frozenset(exclude or ())
    node_re = compile_pattern(node, regex=regex)
    relevant = _rows_of(frequencies, set().union(*(counter for counter, _, _ in windows.values())))
    per_outlet = "outlet" in by
    sizes = frequencies.groupby("outlet")["n"].sum() if per_outlet else None
    is_node: dict[str, bool] = {}
    tables = []
    for key, (counter, window_tokens, f_node) in windows.items():
        group = dict(zip(by, key))
        in_group = relevant[relevant["outlet"] == group["outlet"]] if per_outlet else relevant
        totals = in_group.groupby("token")["n"].sum().to_dict()
        n_tokens = int(sizes.get(group["outlet"], 0) if per_outlet else frequencies["n"].sum())
        f_collocate = [totals.get(token, 0) for token in counter]
        _check_frequencies(counter, f_collocate, group)
        kept = [(token, o11, f) for (token, o11), f in zip(counter.items(), f_collocate)
                if o11 >= min_cooccurrence and f >= min_frequency and token not in excluded
                and not is_node.setdefault(token, bool(node_re.fullmatch(token.replace("_", " "))))]
        table = pd.DataFrame(kept, columns=["collocate", "o11", "f_collocate"]).astype(
            {"collocate": "str", "o11": "int64", "f_collocate": "int64"})
        table["f_node"], table["window_tokens"], table["n_tokens"] = f_node, window_tokens, n_tokens
        scores = association_scores(table["o11"], f_node, table["f_collocate"], window_tokens, n_tokens)
        table = pd.concat([table, scores], axis=1).assign(**group)
        tables.append(table.sort_values(["log_likelihood", "collocate"], ascending=[False, True]))
    result = pd.concat(tables, ignore_index=True).reindex(columns=list(dtypes))
    return result if len(result) else typed_table([], dtypes)


def _rows_of(frequencies: pd.DataFrame, tokens: set[str]) -> pd.DataFrame:
    """The rows of a frequency table whose token is in ``tokens`` (one hash probe per row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pa.array(frequencies["token"], from_pandas=True)
    wanted = pa.array(sorted(tokens), type=column.type)
    mask = pc.is_in(column, value_set=wanted).to_numpy(zero_copy_only=False)
    return frequencies.loc[mask, ["outlet", "token", "n"]]


def _check_frequencies(counter: Counter, f_collocate: list[int], group: dict) -> None:
    """Raise if a window holds a token more often than the corpus frequencies say it occurs."""
    wrong = [(token, o11, f) for (token, o11), f in zip(counter.items(), f_collocate) if o11 > f]
    if wrong:
        where = f" in {group}" if group else ""
        examples = ", ".join(f"{token!r} ({o11} in windows, {f} in the corpus)" for token, o11, f in wrong[:3])
        raise ValueError(
            f"The frequency table does not fit the windows{where}: {examples}. Compute it with "
            "corpus_frequencies() on this corpus and with the tokenizer given to collocates()."
        )


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


def _matches_by_unit(matches: Iterable[tuple[Unit, int, int, Label]], by: list[str]) -> Iterator[tuple[str, dict]]:
    """``(text, {group: [(start, end), ...]})`` per unit, from a stream of matches in corpus order."""
    for unit, unit_matches in groupby(matches, key=lambda m: m[0]):
        groups: dict[tuple, list] = {}
        for _, start, end, voice in unit_matches:
            key = tuple(unit.outlet if b == "outlet" else voice.voice for b in by)
            groups.setdefault(key, []).append((start, end))
        yield unit.text, groups


def _group_windows(units: Iterable[tuple[str, dict]], *, window: int, tokenizer: Tokenizer) -> dict:
    """Per group: Counter of window tokens, number of window tokens R1, node count.

    Windows hold the tokens a reader of the unit's whole token stream would count
    (:func:`_unit_windows`); windows of one group merge within a unit. Units whose hits form
    one group in one piece (the common case) are tokenised in batches (:func:`_batch_windows`).
    """
    collected: dict[tuple, list[str]] = {}
    nodes: Counter = Counter()
    continuations = _continuations(tokenizer)
    batched = _separator_is_inert(tokenizer)
    pending: list[tuple[str, dict, tuple[int, int]]] = []
    found: Iterable = ()
    for text, groups in units:
        if batched and len(groups) == 1:
            pieces = _pieces(text, next(iter(groups.values())), window + 2, continuations)
            if len(pieces) == 1:
                pending.append((text, groups, pieces[0]))
                if len(pending) >= _BATCH_UNITS:
                    found, pending = _batch_windows(pending, window, tokenizer, continuations), []
                else:
                    continue
            else:
                found = _unit_windows(text, groups, window, tokenizer, continuations)
        else:
            found = _unit_windows(text, groups, window, tokenizer, continuations)
        for key, tokens, n_nodes in found:
            collected.setdefault(key, []).extend(tokens)
            nodes[key] += n_nodes
    for key, tokens, n_nodes in _batch_windows(pending, window, tokenizer, continuations):
        collected.setdefault(key, []).extend(tokens)
        nodes[key] += n_nodes
    return {key: (Counter(tokens), len(tokens), nodes[key]) for key, tokens in sorted(collected.items())}


#: Units whose pieces :func:`_batch_windows` tokenises in one call.
_BATCH_UNITS = 256
#: Joins the pieces of a batch: a full stop between line breaks is a punctuation token
#: (dropped), so no token, number or multi-word name reaches across it.
_PIECE_SEPARATOR = "\n.\n"


def _separator_is_inert(tokenizer: Tokenizer) -> bool:
    """Does the full stop of :data:`_PIECE_SEPARATOR` give no token and end every name?"""
    alias = getattr(tokenizer, "_alias", None)
    if alias is None:
        return True
    words = {w for key in alias.multi for w in key.split(" ")}
    return "." not in words and "." not in alias.single and "." not in tokenizer.alias_tokens


def _batch_windows(pending, window, tokenizer, continuations) -> list[tuple[tuple, list[str], int]]:
    """The windows of :func:`_unit_windows` for units with one group of hits in one piece,
    the pieces tokenised in one call of :func:`analysis.framing.token_offsets`.

    The pieces are joined by a line break, a full stop and a line break. No token spans
    white space, the full stop is a punctuation token (dropped) and no multi-word name spans
    punctuation, and a hyphen rule looks only at the words next to the hyphen: each piece
    gets exactly the tokens it gets alone, at a fraction of the cost per piece. A unit whose
    piece holds too few tokens around a node goes to :func:`_unit_windows`.
    """
    texts = [text[low:high] for text, _, (low, high) in pending]
    tokens, starts, ends = token_offsets(_PIECE_SEPARATOR.join(texts), tokenizer)
    found, base = [], 0
    for (text, groups, (low, high)), piece in zip(pending, texts):
        first_token = bisect.bisect_left(starts, base)
        end_token = bisect.bisect_left(starts, base + len(piece))
        (key, hits), = groups.items()
        shift = base - low
        blocks = _node_blocks(starts, ends, [(s + shift, e + shift) for s, e in hits])
        if any((first - first_token < window and low > 0) or (end_token - 1 - last < window and high < len(text))
               for first, last in blocks):
            found += _unit_windows(text, groups, window, tokenizer, continuations)
        elif len(blocks) == 1:
            (first, last), = blocks
            found.append((key, tokens[max(first_token, first - window) : first]
                          + tokens[last + 1 : min(end_token, last + 1 + window)], 1))
        else:
            local = [(first - first_token, last - first_token) for first, last in blocks]
            positions = sorted(_window_positions(local, end_token - first_token, window))
            found.append((key, [tokens[first_token + i] for i in positions], len(blocks)))
        base += len(piece) + len(_PIECE_SEPARATOR)
    return found
