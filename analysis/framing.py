"""Framing analysis: concordances with voice, frame salience by voice, source reliance.

When an Indonesian outlet writes *imperialis*, *hegemoni*, *musuh* or *perjuangan suci*, whose
words are they? :func:`concordance` finds every occurrence of a word, a prefix pattern
(``imperialis*`` also matches *imperialisme*, *anti-imperialis*), a phrase or a regular
expression, in key-word-in-context form (Luhn 1960; the AntConc conventions of Anthony 2005
for sorting by the words to the left or right, L1/R1), and labels each occurrence with its
voice (quoted, scare-quoted, reported, narrator), a distancing flag and the speaker, using the
rules of :mod:`analysis.quotes`. :func:`frame_salience` counts the indicator terms of an
editable frame lexicon (``data/frames.yaml``; frames as sets of indicator terms follow
Entman 1993 and the lexicon-based framing measures of Card et al. 2015) per 1,000 tokens,
split by voice, so one can see whether an outlet carries a frame in its own voice or only
inside quotations. :func:`source_citations` records which news agencies and media each
article cites and how (*menurut*, *mengutip*, *melansir*, *dikutip dari*, photo credits,
credit lines); :func:`source_reliance` counts them per outlet. Collocates are in
:mod:`analysis.collocates`, figures in :mod:`analysis.framing_plots`.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, compress, count
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.cli import positive_int
from analysis.partitions import map_partitions
from analysis.quotes import (
    Label,
    UnitVoices,
    VoiceResources,
    analyse_voices,
    load_voice_resources,
    narrator_only,
    source_alternation,
    source_patterns,
)
from analysis.resources import read_yaml
from analysis.tokens import _SURFACE_RE, Tokenizer, _find_multiword, _split_compounds

#: Columns of a concordance table, in order.
CLI_LIMIT = 20  # `python -m analysis kwic` prints this many occurrences per outlet unless --all
KWIC_COLUMNS = [
    "doc_id", "outlet", "location", "paragraph", "start", "end", "left", "match", "right",
    "voice", "distancing", "speaker", "L3", "L2", "L1", "R1", "R2", "R3",
]
#: Column types of a concordance table (also when it is empty).
KWIC_DTYPES = {c: "str" for c in KWIC_COLUMNS} | {"paragraph": "int64", "start": "int64", "end": "int64",
                                                  "distancing": "bool"}
#: Columns and types of a source-citation table.
CITATION_DTYPES = {c: "str" for c in ("doc_id", "outlet", "source", "how", "location")} | {"paragraph": "int64", "text": "str"}
_WORD_RE = re.compile(r"\w+(?:[-']\w+)*")
_UNLABELLED = Label("", False, "")
_HYPHEN_LEFT_RE = re.compile(r"(?:\w+-)+$")
_HYPHEN_RIGHT_RE = re.compile(r"^(?:-\w+)+")
_SURFACE_SPLIT_RE = re.compile(f"({_SURFACE_RE.pattern})")  # splits a text into gaps and surfaces


class Unit(NamedTuple):
    """One text unit of an article: its headline, a caption or a body paragraph."""

    doc_id: str
    outlet: str
    location: str  # headline, caption or body
    paragraph: int  # index among the article's captions or paragraphs (0 for the headline)
    text: str


# -- patterns and units --------------------------------------------------------------------------
def compile_pattern(pattern: str, *, regex: bool = False, case_sensitive: bool = False) -> re.Pattern:
    """Compile a search pattern: a word, a prefix pattern, a phrase or a regular expression.

    Without ``regex``, ``*`` stands for any letters and ``?`` for one, words of a phrase are
    separated by any white space, and a word matches a whole word or one part of a hyphenated
    word (``imperialis*`` finds *anti-imperialis*; :func:`concordance` widens the match to the
    whole hyphenated word).

    >>> p = compile_pattern("imperialis*")
    >>> [m.group() for m in p.finditer("Imperialisme, anti-imperialis dan imperial")]
    ['Imperialisme', 'imperialis']
    """
    flags = 0 if case_sensitive else re.IGNORECASE
    if regex:
        try:
            return re.compile(pattern, flags)
        except re.error as error:
            raise ValueError(f"Invalid regular expression {pattern!r}: {error}.") from error
    words = pattern.split()
    if not words:
        raise ValueError("The search pattern is empty. Give a word, a phrase or imperialis*.")
    parts = [re.escape(w).replace(r"\*", r"\w*").replace(r"\?", r"\w") for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", flags)


def typed_table(rows: list, dtypes: dict[str, str]) -> pd.DataFrame:
    """A table of ``rows`` with the columns of ``dtypes``; typed even when there are no rows.

    With rows, pandas infers the types (so ``doc_id`` keeps the corpus's type) and only the
    bool columns are cast; without, every column gets its documented type, so that
    ``nlargest``, ``groupby`` and arithmetic work on the empty table as on a full one.

    >>> typed_table([], {"term": "str", "n": "int64"}).dtypes["n"]
    dtype('int64')
    """
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    table = pd.DataFrame(rows, columns=list(dtypes))
    return table.astype({c: t for c, t in dtypes.items() if t == "bool"})


def token_offsets(text: str, tokenizer: Tokenizer) -> tuple[list[str], list[int], list[int]]:
    """The tokens of ``text`` with their start and end offsets (as :meth:`Tokenizer.spans`).

    For the default settings (lower case, numbers kept, no stemming, clitics or reduplication bases) this
    follows the fast path of :meth:`Tokenizer.tokenize` (one lower-cased text, one table of
    dropped and renamed words) and is several times faster than ``spans``; otherwise it is
    ``spans``. Either way the tokens are those of the whole text: names that span several
    words (*Vladimir Putin*) stay one token, and a hyphen between two capitalised words
    (*Rusia-Korea*) separates them.

    >>> token_offsets("Presiden Vladimir Putin, kata Rusia-Korea.", Tokenizer())
    (['presiden', 'vladimir_putin', 'kata', 'rusia', 'korea'], [0, 9, 25, 30, 36], [8, 23, 29, 35, 41])
    """
    if not getattr(tokenizer, "_fast", False) or not tokenizer.numbers:  # numbers=False drops some: spans
        spans = tokenizer.spans(text)
        return [t.token for t in spans], [t.start for t in spans], [t.end for t in spans]
    split = _split_compounds(text)
    lowered = tokenizer._lowered_if_safe(split)
    scanned = split if lowered is None else lowered
    pieces = _SURFACE_SPLIT_RE.split(scanned)  # [gap, surface, gap, surface, ..., gap]
    offsets = list(accumulate(map(len, pieces), initial=0))  # no match object per token
    surfaces, starts, ends = pieces[1::2], offsets[1:-1:2], offsets[2::2]
    if tokenizer._alias is not None:
        runs = _find_multiword(tokenizer._alias, surfaces)
        for first, last, canonical in reversed(runs):  # from the right, so indices stay valid
            surfaces[first : last + 1] = [canonical]
            ends[first : last + 1] = [ends[last]]
            del starts[first + 1 : last + 1]
    words = surfaces if lowered is not None else list(map(str.lower, surfaces))
    tokens = list(map(tokenizer._small.get, words, words))
    return list(filter(None, tokens)), list(compress(starts, tokens)), list(compress(ends, tokens))


def iter_units(corpus: pd.DataFrame) -> Iterator[Unit]:
    """Yield the headline, captions and body paragraphs of every article, in reading order."""
    for doc in _documents(corpus):
        yield from doc.units


class DocumentVoices:
    """Voice analyses of one article's units, computed lazily and cached.

    Body paragraphs are read in order, so a pronoun at the start of a paragraph resolves to the
    last named speaker of the paragraphs before it; headline and captions stand alone. The
    speaker before each paragraph is remembered, so an article is read once however many of
    its paragraphs are labelled (linear in its length).
    """

    def __init__(self, title: str, captions: list[str], paragraphs: list[str], resources: VoiceResources):
        self._texts = {"headline": [title], "caption": list(captions), "body": list(paragraphs)}
        self._resources = resources
        self._cache: dict[tuple[str, int], UnitVoices] = {}
        self._before: dict[int, str | None] = {0: None}  # body index -> last named speaker before it

    def unit(self, location: str, index: int) -> UnitVoices:
        key = (location, index)
        if key not in self._cache:
            previous = (lambda: self._speaker_before(index)) if location == "body" else None
            self._cache[key] = analyse_voices(
                self._texts[location][index], location=location,
                previous_speaker=previous, resources=self._resources,
            )
        return self._cache[key]

    def _speaker_before(self, index: int) -> str | None:
        """The last named speaker of the body paragraphs before ``index`` (None if none).

        Filled upwards from the nearest paragraph already known, so that no chain of
        pronoun-only paragraphs recurses deeply: each paragraph is analysed once, and one
        in which nobody speaks (:func:`analysis.quotes.narrator_only`) not at all.
        """
        known = index
        while known not in self._before:
            known -= 1
        speaker = self._before[known]
        for i in range(known + 1, index + 1):
            if ("body", i - 1) in self._cache or not narrator_only(self._texts["body"][i - 1], self._resources):
                speaker = self.unit("body", i - 1).last_speaker or speaker
            # else: a paragraph without quotation, attribution or colon resolves no speaker,
            # so it names none for the next one (its analysis would give last_speaker None)
            self._before[i] = speaker
        return speaker


# -- concordance -----------------------------------------------------------------------------------
def _context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """``window`` white-space separated words each side; a space kept where the text has one.

    Only the text near the match is split (the reach doubles until it holds ``window``
    words or the unit's edge), so a long paragraph costs no more per match than a short one.
    """
    if window == 0:
        return "", ""
    reach = 30 * window
    while True:
        left = text[max(0, start - reach) : start].split()
        if len(left) > window or start <= reach:
            break
        reach *= 2
    reach = 30 * window
    while True:
        right = text[end : end + reach].split()
        if len(right) > window or end + reach >= len(text):
            break
        reach *= 2
    left_text, right_text = " ".join(left[-window:]), " ".join(right[:window])
    if left_text and text[start - 1].isspace():
        left_text += " "
    if right_text and text[end].isspace():
        right_text = " " + right_text
    return left_text, right_text


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a word match to its whole hyphenated word (imperialis -> anti-imperialis).

    ``text`` is the unit with the hyphens the tokeniser separates at (between two different
    capitalised words, *Rusia-Korea*) written as spaces, so a match widens exactly to the
    token it belongs to: *Rusia* in *Rusia-Korea Utara* stays *Rusia*.
    """
    left = _HYPHEN_LEFT_RE.search(text, max(0, start - 40), start)
    if left and left.end() == start:
        start = left.start()
    right = _HYPHEN_RIGHT_RE.match(text[end : end + 40])
    if right:
        end += right.end()
    return start, end


def _sort_keys(left: str, right: str) -> list[str]:
    lw = [w.lower() for w in _WORD_RE.findall(left)[-3:]]
    rw = [w.lower() for w in _WORD_RE.findall(right)[:3]]
    lw = [""] * (3 - len(lw)) + lw
    rw = rw + [""] * (3 - len(rw))
    return lw + rw


def concordance(
    corpus: pd.DataFrame,
    pattern: str,
    *,
    window: int = 8,
    regex: bool = False,
    case_sensitive: bool = False,
    label: bool = True,
    resources: VoiceResources | None = None,
) -> pd.DataFrame:
    """Key-word-in-context table of every occurrence of ``pattern``, with its voice.

    Parameters
    ----------
    corpus : DataFrame
        Articles as returned by :func:`analysis.corpus.load_corpus` (``doc_id``, ``outlet``,
        ``title``, ``captions``, ``paragraphs``).
    pattern : str
        A word, a prefix pattern (``imperialis*``), a phrase (``perjuangan suci``) or, with
        ``regex=True``, a regular expression. See :func:`compile_pattern`.
    window : int
        Words of context on each side (within the unit: contexts never cross paragraphs).
    regex, case_sensitive : bool
        Treat ``pattern`` as a regular expression; match case exactly.
    label : bool
        Label voice, distancing and speaker (``False`` leaves them empty and is much faster).
    resources : VoiceResources, optional
        Cue, marker and speaker files (default: the shipped ones).

    Returns
    -------
    DataFrame
        One row per occurrence (none if the pattern never occurs), columns
        :data:`KWIC_COLUMNS` with the types :data:`KWIC_DTYPES`: ``location`` is headline,
        caption or body; ``paragraph`` the index among captions or body paragraphs;
        ``start``/``end`` character offsets of the match in that unit's text; ``voice`` one of
        quoted, scare_quoted, reported, narrator; ``distancing`` bool; ``speaker`` the
        resolved speaker ("" for narrator and scare quotes, "unknown" if unresolved);
        ``L3``..``R3`` lower-case sort keys (the words left and right of the match).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["VOA"], "title": [""], "captions": [[]],
    ...     "paragraphs": [['Kim berharap Putin menang atas "para imperialis”.']]})
    >>> concordance(docs, "imperialis*", window=2)[["left", "match", "right", "voice", "speaker"]]
              left       match right   voice      speaker
    0  atas "para  imperialis     ”.  quoted  Kim Jong Un
    """
    if window < 0:
        raise ValueError(f"window must be 0 or more words, not {window}.")
    rows = []
    for unit, start, end, voice in find_matches(corpus, pattern, regex=regex, case_sensitive=case_sensitive,
                                                label=label, resources=resources):
        left, right = _context(unit.text, start, end, window)
        rows.append(
            [unit.doc_id, unit.outlet, unit.location, unit.paragraph, start, end, left,
             unit.text[start:end], right, voice.voice, voice.distancing, voice.speaker,
             *_sort_keys(left, right)]
        )
    return typed_table(rows, KWIC_DTYPES)


def concordances(corpus: pd.DataFrame, patterns: list[str], *, window: int = 8,
                 workers: int | None = None) -> pd.DataFrame:
    """:func:`concordance` of each pattern, in one table with a ``node`` column (the pattern).

    One call for the notebook's node terms, so that :class:`analysis.memo.Memo` stores the
    whole table under one key. ``workers`` processes search partitions of the articles side
    by side (default: one per core on large corpora, :func:`analysis.partitions.default_workers`);
    the table does not depend on it.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["VOA"], "title": [""], "captions": [[]],
    ...     "paragraphs": [["Hegemoni AS dan imperialis."]]})
    >>> concordances(docs, ["imperialis*", "hegemoni*"], window=1)[["match", "node"]].values.tolist()
    [['imperialis', 'imperialis*'], ['Hegemoni', 'hegemoni*']]
    """
    if not patterns:
        return typed_table([], KWIC_DTYPES).assign(node=pd.Series(dtype="str"))
    parts = map_partitions(_concordance_part, corpus, list(patterns), window, workers=workers)
    tables = [pd.concat([part[i] for part in parts], ignore_index=True).assign(node=pattern)
              for i, pattern in enumerate(patterns)]
    return pd.concat(tables, ignore_index=True)


def _concordance_part(corpus: pd.DataFrame, patterns: list[str], window: int) -> list[pd.DataFrame]:
    """:func:`concordance` of each pattern in a partition of the corpus."""
    return [concordance(corpus, pattern, window=window) for pattern in patterns]


def find_matches(
    corpus: pd.DataFrame,
    pattern: str,
    *,
    regex: bool = False,
    case_sensitive: bool = False,
    label: bool = True,
    resources: VoiceResources | None = None,
) -> Iterator[tuple[Unit, int, int, Label]]:
    """Yield ``(unit, start, end, label)`` for every occurrence, in corpus order.

    The engine of :func:`concordance` (and of collocates), without building a table; ``label``
    is an empty :class:`analysis.quotes.Label` when ``label=False``.
    """
    resources = resources or load_voice_resources()
    for doc, location, index, text, spans in unit_matches(corpus, pattern, regex=regex, case_sensitive=case_sensitive):
        unit = Unit(doc[0], doc[1], location, index, text)
        for start, end in spans:
            if not label:
                yield unit, start, end, _UNLABELLED
                continue
            yield unit, start, end, _document_voices(doc, resources).unit(location, index).label(start, end)


class _Doc(tuple):
    """An article's ``(doc_id, outlet, title, captions, paragraphs)``, with its voices once needed."""

    voices: "DocumentVoices | None" = None


def _document_voices(doc: "_Doc", resources: VoiceResources) -> DocumentVoices:
    if doc.voices is None:
        doc.voices = DocumentVoices(doc[2], doc[3], doc[4], resources)
    return doc.voices


def unit_matches(corpus: pd.DataFrame, pattern: str, *, regex: bool = False,
                 case_sensitive: bool = False) -> Iterator[tuple[tuple, str, int, str, list[tuple[int, int]]]]:
    """Yield ``(doc, location, index, text, spans)`` for every unit with an occurrence.

    ``doc`` is the article's ``(doc_id, outlet, title, captions, paragraphs)``; ``spans`` the
    ``(start, end)`` of each occurrence in ``text``, widened to whole hyphenated words.
    """
    compiled = compile_pattern(pattern, regex=regex, case_sensitive=case_sensitive)
    search = _fast_search(pattern, compiled, regex=regex, case_sensitive=case_sensitive)
    for row in _corpus_rows(corpus):
        doc = None
        title, captions, paragraphs = row[2], row[3], row[4]
        for location, texts in (("headline", (title,) if title else ()), ("caption", captions), ("body", paragraphs)):
            for index, text in enumerate(texts):
                found = search(text)
                if not found:
                    continue
                spans = [m.span() for m in found]
                if not regex and any(text[s - 1 : s] == "-" or text[e : e + 1] == "-" for s, e in spans):
                    # only a match next to a hyphen can widen; the hyphens the tokeniser
                    # separates at are written as spaces first
                    split = _split_compounds(text)
                    spans = [_widen(split, start, end) for start, end in spans]
                spans = [(start, end) for start, end in spans if end > start]
                if spans:
                    doc = doc or _Doc(row)
                    yield doc, location, index, text, spans


def _corpus_rows(corpus: pd.DataFrame) -> Iterator[tuple]:
    """``(doc_id, outlet, title, captions, paragraphs)`` of every article (columns read as lists,
    several times faster than iterating pandas' string columns)."""
    _check_columns(corpus)
    return zip(*(corpus[c].tolist() for c in ("doc_id", "outlet", "title", "captions", "paragraphs")))


def _check_columns(corpus: pd.DataFrame) -> None:
    missing = {"doc_id", "outlet", "title", "captions", "paragraphs"} - set(corpus.columns)
    if missing:
        raise ValueError(
            f"The corpus table lacks the columns {sorted(missing)}; load it with "
            "analysis.corpus.load_corpus()."
        )


def _fast_search(pattern: str, compiled: re.Pattern, *, regex: bool, case_sensitive: bool):
    """A function giving the list of ``compiled``'s matches in a text, skipping texts without
    the pattern's longest literal part.

    Case-insensitive word patterns run on the lower-cased text with a case-sensitive regex,
    several times faster than ``re.IGNORECASE``; offsets are unchanged when lower-casing keeps
    the length (it does except for a few letters such as 'İ', checked per unit). A pattern
    that starts with letters is searched as :func:`_prefix_first` writes it.
    """
    if regex:
        return lambda text: list(compiled.finditer(text))
    literal = max(re.split(r"[*?\s]+", pattern), key=len)
    if case_sensitive:
        fast = _prefix_first(pattern) or compiled
        return lambda text: list(fast.finditer(text)) if literal in text else ()
    lowered, literal = _prefix_first(pattern.lower()) or re.compile(compiled.pattern.lower()), literal.lower()

    def search(text: str):
        low = text.lower()
        if literal not in low:
            return ()
        return list(lowered.finditer(low) if len(low) == len(text) else compiled.finditer(text))

    return search


def _prefix_first(pattern: str) -> re.Pattern | None:
    r"""The case-sensitive regex of :func:`compile_pattern` with its leading letters first.

    ``(?<!\w)imperialis\w*(?!\w)`` and ``imperialis(?<!\wimperialis)\w*(?!\w)`` match the
    same spans (the look-behind, moved after the letters, still tests the character before
    the match), but the second starts with a literal, which the regex engine finds by a fast
    string search instead of trying the look-behind at every position: about five times
    faster on news paragraphs. None when the pattern starts with a wildcard.

    >>> _prefix_first("imperialis*").pattern
    'imperialis(?<!\\wimperialis)\\w*(?!\\w)'
    """
    words = pattern.split()
    prefix = re.split(r"[*?]", words[0])[0] if words else ""
    if not prefix:
        return None
    words[0] = words[0][len(prefix) :]
    parts = [re.escape(w).replace(r"\*", r"\w*").replace(r"\?", r"\w") for w in words]
    head = re.escape(prefix)
    return re.compile(head + r"(?<!\w" + head + ")" + r"\s+".join(parts) + r"(?!\w)")


class _Document(NamedTuple):
    doc_id: str
    outlet: str
    title: str
    captions: list[str]
    paragraphs: list[str]
    units: list[Unit]


def _documents(corpus: pd.DataFrame) -> Iterator[_Document]:
    """Articles with their units (headline, captions, body) in reading order."""
    for doc_id, outlet, title, captions, paragraphs in _corpus_rows(corpus):
        units = [Unit(doc_id, outlet, "headline", 0, title)] if title else []
        units += [Unit(doc_id, outlet, "caption", i, t) for i, t in enumerate(captions)]
        units += [Unit(doc_id, outlet, "body", i, t) for i, t in enumerate(paragraphs)]
        yield _Document(doc_id, outlet, title, list(captions), list(paragraphs), units)


def sort_concordance(kwic: pd.DataFrame, by: str | list[str] = "R1") -> pd.DataFrame:
    """Sort a concordance AntConc-style by the words around the match.

    ``by`` names sort keys in priority order: ``"R1"`` (first word right), ``["L1", "L2"]``,
    or any other column. Ties keep corpus order.

    >>> kwic = pd.DataFrame({"R1": ["dan", "amerika"], "L1": ["para", "kaum"]})
    >>> sort_concordance(kwic, "R1")["R1"].tolist()
    ['amerika', 'dan']
    """
    keys = [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in kwic.columns]
    if unknown:
        raise ValueError(f"Cannot sort by {unknown}: use L1-L3, R1-R3 or a concordance column.")
    return kwic.sort_values(keys, kind="stable").reset_index(drop=True)


def concordance_html(kwic: pd.DataFrame, *, extra: tuple[str, ...] = ("outlet", "location", "voice", "speaker")) -> str:
    """Render a concordance as an HTML table, match highlighted, every text cell escaped.

    >>> kwic = pd.DataFrame({"left": ["<b>"], "match": ["imperialis"], "right": ["&"],
    ...     "outlet": ["VOA"], "location": ["body"], "voice": ["quoted"], "speaker": ["Kim"]})
    >>> "<mark>imperialis</mark>" in concordance_html(kwic), "&lt;b&gt;" in concordance_html(kwic)
    (True, True)
    """
    head = "".join(f"<th>{html.escape(c)}</th>" for c in (*extra, "left", "match", "right"))
    lines = ['<table class="kwic">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in kwic.to_dict("records"):
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in extra)
        lines.append(
            f"<tr>{cells}<td style=\"text-align:right\">{html.escape(row['left'])}</td>"
            f"<td><mark>{html.escape(row['match'])}</mark></td><td>{html.escape(row['right'])}</td></tr>"
        )
    lines.append("</tbody></table>")
    return "\n".join(lines)


def voice_counts(kwic: pd.DataFrame, *, outlets: list[str] | None = None) -> pd.DataFrame:
    """Occurrences per outlet and voice (tidy: ``outlet``, ``voice``, ``n``; zeros included).

    Pass ``outlets`` (e.g. ``corpus["outlet"].unique()``) to list outlets with no occurrence.

    >>> kwic = pd.DataFrame({"outlet": ["A", "A", "B"], "voice": ["quoted", "narrator", "quoted"]})
    >>> voice_counts(kwic).query("outlet == 'B'")["n"].tolist()
    [1, 0, 0, 0]
    """
    from analysis.quotes import VOICES

    outlets = sorted(set(kwic["outlet"]) | set(outlets if outlets is not None else ()))
    grid = pd.MultiIndex.from_product([outlets, list(VOICES)], names=["outlet", "voice"])
    counts = kwic.groupby(["outlet", "voice"]).size().reindex(grid, fill_value=0)
    return counts.rename("n").reset_index()


# -- evaluation against hand labels ------------------------------------------------------------------
def evaluate_voices(corpus: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Compare the labels of :func:`concordance` with hand labels, one row per gold occurrence.

    ``gold`` has the columns of ``tests/data/framing_gold.csv``: ``doc_id``, ``location``,
    ``left_context``, ``match``, ``voice``, ``distancing``, ``speaker``. An occurrence is found
    by its exact match text and the end of its left context. Returns ``gold`` with
    ``pred_voice``, ``pred_distancing``, ``pred_speaker`` (empty when not found) and the bool
    columns ``found``, ``voice_ok``, ``distancing_ok``, ``speaker_ok``. Summarise with
    :func:`label_accuracy`.
    """
    rows = []
    for case in gold.to_dict("records"):
        docs = corpus[corpus["doc_id"] == case["doc_id"]]
        kwic = concordance(docs, re.escape(case["match"]), regex=True, case_sensitive=True, window=30)
        hits = kwic[(kwic["location"] == case["location"]) & kwic["left"].str.endswith(case["left_context"])]
        hit = hits.iloc[0] if len(hits) == 1 else None
        rows.append({
            **case,
            "found": hit is not None,
            "pred_voice": "" if hit is None else hit["voice"],
            "pred_distancing": None if hit is None else bool(hit["distancing"]),
            "pred_speaker": "" if hit is None else hit["speaker"],
        })
    result = pd.DataFrame(rows)
    truth = result["distancing"].astype(str).str.lower() == "true"
    result["voice_ok"] = result["found"] & (result["voice"] == result["pred_voice"])
    result["distancing_ok"] = result["found"] & (truth == result["pred_distancing"])
    result["speaker_ok"] = result["found"] & (result["speaker"].fillna("") == result["pred_speaker"])
    return result


def label_accuracy(evaluation: pd.DataFrame) -> pd.DataFrame:
    """Accuracy of voice, distancing and speaker labels (``label``, ``correct``, ``n``, ``accuracy``)."""
    rows = []
    for label in ("voice", "distancing", "speaker"):
        correct = int(evaluation[f"{label}_ok"].sum())
        rows.append({"label": label, "correct": correct, "n": len(evaluation),
                     "accuracy": correct / len(evaluation) if len(evaluation) else float("nan")})
    return pd.DataFrame(rows)


# -- frame lexicons and salience -------------------------------------------------------------------
class Frame(NamedTuple):
    """One frame of the lexicon: its id, English label, token patterns and stems."""

    name: str
    label: str
    single: re.Pattern | None  # one-token terms, as one alternation
    phrases: list[list[re.Pattern]]  # multi-token terms, one pattern per token
    stems: frozenset[str]
    cores: tuple[str, ...] = ()  # regex of each one-token term and first phrase word, without other hyphenated parts


_TERM_PREFIX, _TERM_SUFFIX = r"(?:[\w]+-)*", r"(?:-[\w]+)*"  # other parts of a hyphenated token


def _term_core(term: str) -> str:
    return re.escape(term).replace(r"\*", r"[\w\-]*").replace(r"\?", r"\w")


def _token_regex(term: str) -> str:
    return _TERM_PREFIX + _term_core(term) + _TERM_SUFFIX


def load_frames(path: str | Path = "frames.yaml") -> list[Frame]:
    """Read the frame lexicon (``data/frames.yaml`` or your own file with the same layout).

    >>> [f.name for f in load_frames()][:2]
    ['anti_imperialism', 'cooperation']
    """
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict) or not data["frames"]:
        raise ValueError(f"{path}: expected a top-level 'frames:' mapping of frame names to terms.")
    frames = []
    for name, spec in data["frames"].items():
        terms = [str(t).lower() for t in (spec or {}).get("terms", [])]
        stems = frozenset(str(s).lower() for s in (spec or {}).get("stems", []))
        if not terms and not stems:
            raise ValueError(f"{path}: frame {name!r} has no 'terms' or 'stems'. Add at least one.")
        single = [t for t in terms if " " not in t]
        frames.append(Frame(
            name, str((spec or {}).get("label", name)),
            re.compile("|".join(_token_regex(t) for t in single)) if single else None,
            [[re.compile(_token_regex(w)) for w in t.split()] for t in terms if " " in t],
            stems,
            tuple(_term_core((t.split() or [""])[0]) for t in terms),
        ))
    return frames


def _frame_hits(tokens: list[str], frame: Frame, stem) -> list[int]:
    """Positions of tokens (first token of a phrase) that indicate ``frame`` (the definition
    :class:`FrameIndex` computes faster)."""
    hits = []
    for i, token in enumerate(tokens):
        if (frame.single is not None and frame.single.fullmatch(token)) or (frame.stems and stem(token) in frame.stems):
            hits.append(i)
            continue
        for phrase in frame.phrases:
            if all(i + k < len(tokens) and p.fullmatch(tokens[i + k]) for k, p in enumerate(phrase)):
                hits.append(i)
                break
    return hits


#: Sastrawi's text normalisation (Sastrawi.Stemmer.Filter.TextNormalizer) before it stems.
_SASTRAWI_OTHER_RE = re.compile(r"[^a-z0-9 -]")


class FrameIndex:
    """Which frames each token type indicates, decided once per type.

    Gives the hits of :func:`_frame_hits` for all frames at once. A token is stemmed only if
    its stem could be one of the lexicon's stems: Sastrawi removes affixes and may change the
    first letter of the root (*memukul* -> *pukul*, *menyapu* -> *sapu*), so a token whose
    stem is ``s`` contains ``s[1:]`` once Sastrawi has normalised it (lower case, characters
    other than a-z, 0-9, space and hyphen as spaces), or is ``s`` itself. Tokens without any
    ``s[1:]`` are never stemmed; the shipped lexicon's one stem (*sahabat*) leaves a few
    dozen of 345,000 word types to stem.
    """

    def __init__(self, frames: list[Frame], stem):
        self.frames, self._stem = frames, stem
        self._types: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._stems = frozenset().union(*(f.stems for f in frames))
        cores = sorted({part[1:] for s in self._stems for part in s.split(" ")}, key=len, reverse=True)
        self._cores = [[part[1:] for part in s.split(" ")] for s in self._stems]
        self._core_re = re.compile("|".join(map(re.escape, cores))) if cores else None
        self._any_term, self._cores = _term_screens(frames)
        self._indicators: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}  # types with frames

    def could_stem_to_a_lexicon_stem(self, token: str) -> bool:
        """False only for tokens whose Sastrawi stem cannot be a lexicon stem."""
        if not self._stems:
            return False
        if token in self._stems:
            return True
        normalised = _SASTRAWI_OTHER_RE.sub(" ", token.lower())
        if self._core_re is None or not self._core_re.search(normalised):
            return False
        return any(all(core in normalised for core in cores) for cores in self._cores)

    def _may_match_a_term(self, token: str) -> bool:
        """False only if no term pattern and no first word of a phrase fullmatches ``token``.

        A token without a hyphen matches a term exactly when it matches the term's core (the
        other parts of a hyphenated token are empty), so it is tried only against the cores
        that can start with its first character; a hyphenated token against every pattern.
        """
        if not token:
            return False
        if "-" in token:
            return self._any_term is not None and self._any_term.fullmatch(token) is not None
        cores = self._cores.get(token[0], self._cores[""])
        return cores is not None and cores.fullmatch(token) is not None

    def _of_type(self, token: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(frames the token indicates alone, frames with a phrase that can start at it)."""
        can_stem = self.could_stem_to_a_lexicon_stem(token)
        if not can_stem and not self._may_match_a_term(token):
            self._types[token] = ((), ())  # no term pattern and no stem: indicates nothing
            return (), ()
        stemmed = self._stem(token) if can_stem else None
        single = tuple(k for k, f in enumerate(self.frames)
                       if (f.single is not None and f.single.fullmatch(token))
                       or (f.stems and stemmed is not None and stemmed in f.stems))
        starts = tuple(k for k, f in enumerate(self.frames)
                       if k not in single and any(phrase[0].fullmatch(token) for phrase in f.phrases))
        self._types[token] = (single, starts)
        if single or starts:
            self._indicators[token] = (single, starts)
        return single, starts

    def hits(self, tokens: list[str]) -> Iterator[tuple[int, int]]:
        """``(position, frame index)`` of every indicator (a phrase counts at its first token).

        New word types are matched first; then only the positions of types that indicate a
        frame are visited (found by a scan in C, not a Python loop over every token).
        """
        for token in set(tokens).difference(self._types):
            self._of_type(token)
        indicators, n = self._indicators, len(tokens)
        for i in compress(count(), map(indicators.__contains__, tokens)):
            single, starts = indicators[tokens[i]]
            for k in single:
                yield i, k
            for k in starts:
                if any(all(i + j < n and p.fullmatch(tokens[i + j]) for j, p in enumerate(phrase))
                       for phrase in self.frames[k].phrases):
                    yield i, k


def _term_screens(frames: list[Frame]) -> tuple[re.Pattern | None, dict[str, re.Pattern | None]]:
    """One alternation of every term pattern and first word of a phrase (its fullmatch succeeds
    exactly when one of them fullmatches), and the alternations of the terms' cores by first
    character (``""``: the cores that start with a wildcard or a symbol, tried with every
    character). Frames without ``cores`` (made by hand) send every token to the alternation."""
    patterns = [f.single.pattern for f in frames if f.single is not None]
    patterns += [phrase[0].pattern for f in frames for phrase in f.phrases]
    if not patterns:
        return None, {"": None}
    any_term = re.compile("|".join(f"(?:{p})" for p in patterns))
    if any(not f.cores and (f.single is not None or f.phrases) for f in frames):
        return any_term, {"": any_term}
    cores = [c for f in frames for c in f.cores]
    anywhere = [c for c in cores if not c[:1].isalnum()]
    by_first: dict[str, list[str]] = {}
    for core in cores:
        if core[:1].isalnum():
            by_first.setdefault(core[0], []).append(core)
    screens = {first: re.compile("|".join(f"(?:{c})" for c in group + anywhere)) for first, group in by_first.items()}
    screens[""] = re.compile("|".join(f"(?:{c})" for c in anywhere)) if anywhere else None
    return any_term, screens


def frame_salience(
    corpus: pd.DataFrame,
    *,
    lexicon: str | Path = "frames.yaml",
    tokenizer: Tokenizer | None = None,
    resources: VoiceResources | None = None,
    frequencies: bool = False,
    workers: int | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Frame salience per article, frame and voice, per 1,000 tokens.

    Every token of headline, captions and body gets the voice of its position
    (:meth:`analysis.quotes.UnitVoices.voices_at`); an indicator term counts once per occurrence.
    Each word type is matched against the lexicon once (:class:`FrameIndex`). A unit without
    quotation marks, colons or cue words is the narrator's throughout
    (:func:`analysis.quotes.narrator_only`) and is not analysed; the tokens of the other units
    are counted per voice by :meth:`analysis.quotes.UnitVoices.voice_counts`.

    Parameters
    ----------
    frequencies : bool
        Also return the token frequencies per outlet, counted from the same tokens: the
        table :func:`analysis.collocates.corpus_frequencies` gives for this corpus and
        tokenizer, without tokenising the corpus a second time.
    workers : int, optional
        Processes that analyse partitions of the articles side by side (default: one per
        core on large corpora, :func:`analysis.partitions.default_workers`); the result does
        not depend on it.

    Returns
    -------
    DataFrame, or (DataFrame, DataFrame) with ``frequencies``
        One row per article x frame x voice (zeros included): ``doc_id``, ``outlet``,
        ``frame``, ``label``, ``voice``, ``hits``, ``voice_tokens`` (tokens of the article in
        that voice), ``doc_tokens``, ``per_1000`` = 1000 hits / doc_tokens (so the voices of
        an article add up to its salience) and ``per_1000_in_voice`` = 1000 hits / voice_tokens.
        An article with no headline, captions or body keeps its rows, with zero counts and rates.

    Formula: salience_fv = 1000 * hits_fv / tokens (Card et al. 2015 use the same rate).
    """
    frames = load_frames(lexicon)
    parts = map_partitions(_salience_rows, corpus, frames, tokenizer or Tokenizer(),
                           resources or load_voice_resources(), frequencies, workers=workers)
    rows = [row for part_rows, _ in parts for row in part_rows]
    table = pd.DataFrame(rows, columns=["doc_id", "outlet", "frame", "label", "voice", "hits",
                                        "voice_tokens", "doc_tokens", "per_1000", "per_1000_in_voice"])
    if not frequencies:
        return table
    counts: dict[str, Counter] = {}
    for _, part_counts in parts:  # in row order, so tokens keep the order they were first seen
        for outlet, counted in part_counts.items():
            counts.setdefault(outlet, Counter()).update(counted)
    return table, frequency_table(counts)


def _salience_rows(corpus: pd.DataFrame, frames: list[Frame], tokenizer: Tokenizer,
                   resources: VoiceResources, frequencies: bool) -> tuple[list[list], dict | None]:
    """The rows of :func:`frame_salience` for a partition of the corpus, and its token counts
    per outlet (None without ``frequencies``)."""
    from analysis.quotes import VOICES

    index = FrameIndex(frames, _stemmer())
    counts: dict[str, Counter] | None = {} if frequencies else None
    rows = []
    for doc in _documents(corpus):
        hits, voice_tokens = _document_salience(doc, index, tokenizer, resources, counts)
        total = sum(voice_tokens.values())
        for k, frame in enumerate(frames):
            for voice in VOICES:
                n = hits.get((k, voice), 0)
                rows.append([doc.doc_id, doc.outlet, frame.name, frame.label, voice, n, voice_tokens[voice], total,
                             1000 * n / total if total else 0.0,
                             1000 * n / voice_tokens[voice] if voice_tokens[voice] else 0.0])
    return rows, counts


def _document_salience(doc: "_Document", index: FrameIndex, tokenizer: Tokenizer, resources: VoiceResources,
                       counts: dict[str, Counter] | None) -> tuple[Counter, dict[str, int]]:
    """Indicator hits per ``(frame index, voice)`` and tokens per voice of one article
    (and its tokens added to ``counts[outlet]`` when ``counts`` is given)."""
    from analysis.quotes import VOICES

    hits: Counter = Counter()
    voice_tokens = dict.fromkeys(VOICES, 0)
    for unit in doc.units:
        if narrator_only(unit.text, resources):  # no quotation, no attribution: no offsets needed
            tokens = tokenizer.tokenize(unit.text)
            voice_tokens["narrator"] += len(tokens)
            for _, k in index.hits(tokens):
                hits[(k, "narrator")] += 1
        else:
            tokens, starts, _ = token_offsets(unit.text, tokenizer)
            # voices do not depend on who speaks, so each unit is analysed alone (no pronoun
            # resolution through the paragraphs before it)
            voices = analyse_voices(unit.text, location=unit.location, resources=resources)
            for voice, n in voices.voice_counts(starts).items():
                voice_tokens[voice] += n
            found = list(index.hits(tokens))
            for (_, k), voice in zip(found, voices.voices_at([starts[i] for i, _ in found])):
                hits[(k, voice)] += 1
        if counts is not None:
            counts.setdefault(unit.outlet, Counter()).update(tokens)
    return hits, voice_tokens


def frequency_table(counts: dict[str, Counter]) -> pd.DataFrame:
    """Token counts per outlet as a table (``outlet``, ``token``, ``n``), in the order counted.

    >>> frequency_table({"X": Counter({"kim": 2, "putin": 1})}).values.tolist()
    [['X', 'kim', 2], ['X', 'putin', 1]]
    """
    frames = [
        pd.DataFrame({"outlet": outlet, "token": list(c.keys()), "n": list(c.values())})
        for outlet, c in counts.items()
    ]
    return pd.concat(frames, ignore_index=True) if frames else typed_table([], {"outlet": "str", "token": "str", "n": "int64"})


def outlet_salience(salience: pd.DataFrame) -> pd.DataFrame:
    """Aggregate :func:`frame_salience` to outlets: pooled hits per 1,000 tokens by voice.

    Columns ``outlet``, ``frame``, ``label``, ``voice``, ``hits``, ``voice_tokens``,
    ``tokens``, ``per_1000`` (1000 hits / all the outlet's tokens), ``per_1000_in_voice``.
    """
    grouped = salience.groupby(["outlet", "frame", "label", "voice"], sort=False)
    out = grouped[["hits", "voice_tokens"]].sum().reset_index()
    tokens = salience.drop_duplicates("doc_id").groupby("outlet")["doc_tokens"].sum()
    out["tokens"] = out["outlet"].map(tokens)
    out["per_1000"] = 1000 * out["hits"] / out["tokens"].where(out["tokens"] > 0)
    out["per_1000_in_voice"] = 1000 * out["hits"] / out["voice_tokens"].where(out["voice_tokens"] > 0)
    return out.fillna({"per_1000": 0.0, "per_1000_in_voice": 0.0})


@lru_cache(maxsize=1)
def _stemmer():
    from analysis.tokens import _sastrawi_stemmer, _stem

    stemmer = _sastrawi_stemmer()
    return lru_cache(maxsize=None)(lambda token: _stem(stemmer, token))


# -- source reliance ---------------------------------------------------------------------------------
def _how_cited(text: str, start: int, end: int, cues: re.Pattern, markers: tuple[str, ...]) -> str:
    """The citation marker (or cue) before a source name in its clause, as in :func:`source_citations`."""
    clause = re.split(r"[.;:!?()]", text[max(0, start - 80) : start])[-1].lower().split()[-6:]
    for word in reversed(clause):
        if word.startswith(markers):
            return next(m for m in markers if word.startswith(m))
        if cues.fullmatch(word.strip(",")):
            return "speaker"
    following = text[end : end + 30].split()
    if following and cues.fullmatch(following[0].strip(",.").lower()):
        return "speaker"
    return "mention"


def _source_of(mention: re.Match, sources: list[tuple[str, re.Pattern]], text: str) -> str:
    """The source whose variant pattern matches exactly the span of ``mention``."""
    for source, variant in sources:
        hit = variant.match(text, mention.start())
        if hit and hit.end() == mention.end():
            return source
    raise AssertionError(f"no source pattern matches {mention.group()!r}, found by their alternation")


def _merged_matches(pattern: re.Pattern, sources: list[tuple[str, re.Pattern]], text: str):
    """Source mentions; a descriptive name next to its acronym counts once
    (*Kantor Berita Korea Utara KCNA*)."""
    last = None
    for m in pattern.finditer(text):
        source = _source_of(m, sources, text)
        if last and last[0] == source and not text[last[2] : m.start()].strip():
            last = (source, last[1], m.end())
            continue
        if last:
            yield last
        last = (source, m.start(), m.end())
    if last:
        yield last


def source_citations(corpus: pd.DataFrame, *, sources: str | Path = "news_sources.csv") -> pd.DataFrame:
    """Every mention of a news agency or medium, with how it is cited.

    ``how`` is the citation marker before the name in its clause (the ``source_cues`` and
    ``citation_words`` of ``data/framing_settings.yaml``: ``menurut``, ``mengutip``,
    ``melansir``, ``dilansir``, ``dikutip`` (also *dikutip dari*), ``kepada`` (a statement
    given to it), ``oleh``, ``via``), ``speaker`` (the source speaks: *kata KCNA*, *KCNA
    melaporkan*), ``photo credit`` (in a caption), ``credit line`` (the article's ``credit``
    field) or ``mention``. ``sources`` is the news-source table (a file name in
    ``analysis/data`` or a path); a path that does not exist raises FileNotFoundError.

    Returns
    -------
    DataFrame
        ``doc_id``, ``outlet``, ``source``, ``how``, ``location``, ``paragraph``, ``text``
        (the name as written).
    """
    pattern, variants = source_alternation(sources), source_patterns(sources)
    resources = load_voice_resources()
    cues, markers = resources.cue_re, resources.settings.citation_markers
    rows = []
    for unit in iter_units(corpus):
        for source, start, end in _merged_matches(pattern, variants, unit.text):
            how = "photo credit" if unit.location == "caption" else _how_cited(unit.text, start, end, cues, markers)
            rows.append([unit.doc_id, unit.outlet, source, how, unit.location, unit.paragraph, unit.text[start:end]])
    if "credit" in corpus.columns:
        for doc_id, outlet, credit in corpus[["doc_id", "outlet", "credit"]].itertuples(index=False):
            for source, start, end in _merged_matches(pattern, variants, credit or ""):
                rows.append([doc_id, outlet, source, "credit line", "credit", 0, credit[start:end]])
    return typed_table(rows, CITATION_DTYPES)


def source_reliance(citations: pd.DataFrame) -> pd.DataFrame:
    """Citations per outlet, source and manner (``outlet``, ``source``, ``how``, ``n``, ``articles``).

    >>> cites = pd.DataFrame({"doc_id": ["a", "a", "b"], "outlet": ["X", "X", "X"],
    ...     "source": ["KCNA", "KCNA", "KCNA"], "how": ["menurut", "menurut", "speaker"]})
    >>> source_reliance(cites)[["how", "n", "articles"]].values.tolist()
    [['menurut', 2, 1], ['speaker', 1, 1]]
    """
    grouped = citations.groupby(["outlet", "source", "how"])
    out = grouped.size().rename("n").to_frame()
    out["articles"] = grouped["doc_id"].nunique()
    return out.reset_index().sort_values(["outlet", "n", "source"], ascending=[True, False, True], ignore_index=True)


# -- command line ---------------------------------------------------------------------------------
#: Fields of one JSON line of ``python -m analysis kwic``.
CLI_FIELDS = ["doc_id", "outlet", "location", "paragraph", "start", "end", "left", "match", "right",
              "voice", "distancing", "speaker"]


def register_cli(subparsers) -> None:
    """Add ``python -m analysis kwic PATTERN --corpus DIR [--window N] --jsonl``."""
    parser = subparsers.add_parser(
        "kwic", help="concordance of a word, prefix pattern, phrase or regex, with voice and speaker",
        description="Key word in context for PATTERN (imperialis*, 'perjuangan suci', or a regex with "
                    "--regex), each occurrence labelled quoted / scare_quoted / reported / narrator, "
                    "with a distancing flag and the speaker. One JSON object per occurrence on "
                    "stdout; messages go to stderr.",
    )
    parser.add_argument("pattern", help="word, prefix pattern (imperialis*), phrase, or regex with --regex")
    parser.add_argument("--corpus", type=Path, default=None, help="article folder (default: the project's seeds/)")
    parser.add_argument("--window", type=positive_int, default=8, help="words of context each side (default %(default)s)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--limit", type=positive_int, default=CLI_LIMIT,
                      help="at most N occurrences per outlet, in the order printed (default %(default)s)")
    size.add_argument("--all", action="store_true", help="every occurrence")
    parser.add_argument("--regex", action="store_true", help="PATTERN is a Python regular expression")
    parser.add_argument("--case-sensitive", action="store_true", help="match upper/lower case exactly")
    parser.add_argument("--sort", default=None, help="sort keys, comma-separated, e.g. R1,R2 or L1")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--jsonl", action="store_true", help="JSON lines on stdout (the default)")
    output.add_argument("--csv", action="store_true", help="CSV on stdout instead")
    parser.set_defaults(func=_run_kwic)


def _run_kwic(args: argparse.Namespace) -> int:
    from analysis.corpus import load_corpus

    try:
        corpus = load_corpus(args.corpus, cache=True)
        kwic = concordance(corpus, args.pattern, window=args.window, regex=args.regex,
                           case_sensitive=args.case_sensitive)
        if args.sort:
            kwic = sort_concordance(kwic, [k.strip() for k in args.sort.split(",")])
    except (ValueError, FileNotFoundError) as error:  # bad input: say what to change
        print(f"error: {error}", file=sys.stderr)
        return 2
    shown = kwic if args.all else kwic.groupby("outlet", sort=False).head(args.limit)
    print(f"kwic: {len(kwic)} occurrences of {args.pattern!r} in {len(corpus)} articles"
          + ("." if len(shown) == len(kwic) else
             f"; showing the first {args.limit} per outlet ({len(shown)}); --all for every one."),
          file=sys.stderr)
    kwic = shown
    if args.csv:
        kwic[CLI_FIELDS].to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    for record in kwic[CLI_FIELDS].to_dict("records"):
        record["paragraph"], record["start"], record["end"] = int(record["paragraph"]), int(record["start"]), int(record["end"])
        record["distancing"] = bool(record["distancing"])
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0
