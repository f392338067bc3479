"""Quotation, attribution and voice in Indonesian news text.

Who speaks a word? This module labels every character span of a text unit (a headline, a
caption or a paragraph) with a *voice*: ``quoted`` (inside a direct quotation), ``scare_quoted``
(a short term in quotation marks that is nobody's speech), ``reported`` (paraphrased speech
introduced by an attribution cue such as *kata*, *menurut*, *berharap*) or ``narrator`` (the
outlet's own voice), plus a ``distancing`` flag (*apa yang ia sebut sebagai ...*) and the
``speaker`` resolved through an editable alias table (``data/speakers.csv``).
The method is a transparent rule system in the tradition of quotation attribution work on
news (Pouliquen, Steinberger & Best 2007; Pareti et al. 2013; O'Keefe et al. 2012, whose
finding that simple rules on cue verbs and nearby names do well on news motivates this
design): (1) quotation marks of both families (" “ ” „ and ' ‘ ’) are paired by their
flanking context, so a mismatched " ... ” pair still pairs, apostrophes inside words never
count, and a quotation may span sentences (an unclosed double quote runs to the end of the
unit, the news convention for quotations over several paragraphs); (2) attribution cues
(``data/attribution_cues.txt``) open a reported-speech scope to the end of their sentence or,
when post-posed (*"...," kata Kim*; *..., menurut KCNA.*), cover the clause before them;
(3) the speaker of a cue is the head of the first name group of its clause (*Wakil Menteri
Luar Negeri Korea Utara Im Chon-il* -> Im Chon Il) or the name after a post-posed cue, and a
pronoun (*dia*, *ia*, *katanya*) is resolved to the last named speaker in the same article;
(4) a quotation is direct speech when a cue is adjacent to it or in its sentence, or when it
is long; otherwise, and for short quotations in headlines, it is a scare quote.
The word lists and thresholds of these rules (source cues, verb prefixes, abbreviations, the
longest scare quote, the reach of a distancing marker) are in ``data/framing_settings.yaml``.
Every rule is tested on made-up sentences (tests/test_quotes.py) and the whole is evaluated
on hand-labelled occurrences in the seed articles (tests/data/framing_gold.csv).
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from analysis.resources import read_list, read_table, read_yaml, resolve

VOICES = ("quoted", "scare_quoted", "reported", "narrator")
LOCATIONS = ("headline", "caption", "body")
#: Quotation-mark families; a quotation opens and closes with marks of the same family.
DOUBLE_QUOTES = '"“”„‟«»'
SINGLE_QUOTES = "'‘’‚‛‹›"
_CLAUSE_STOPS = ".,;:!?"
_OPEN_BEFORE = set(" \t\n\r([{<–—-/:;") | set(DOUBLE_QUOTES) | set(SINGLE_QUOTES)
_CLOSE_AFTER = set(" \t\n\r.,;:!?)]}>–—-/…") | set(DOUBLE_QUOTES) | set(SINGLE_QUOTES)
_QUOTE_CHAR_RE = re.compile("[" + re.escape(DOUBLE_QUOTES + SINGLE_QUOTES) + "]")
# Sentence end: . ! ? (and a closing quote) followed by space and an upper-case letter, digit
# or opening quote; single capital initials ("A.") and the listed abbreviations do not end one.
# A match starts only where a run of . ! ? starts and takes the whole run (possessive): the same
# matches as without, but a long run of dots that ends no sentence costs one pass, not its square.
_SENTENCE_END_RE = re.compile(r"(?<![.!?])[.!?]++[\"”’']?(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_RE = re.compile(r"\w+(?:[-']\w+)*")


class Quote(NamedTuple):
    """A quotation: marks at ``start`` and ``end - 1``; ``closed`` False if it runs to the end."""

    start: int
    end: int
    kind: str  # "speech" or "scare"
    speaker: str
    closed: bool


class Attribution(NamedTuple):
    """An attribution cue, its speaker and the span of text it reports."""

    cue: str
    start: int
    end: int
    speaker: str
    scope_start: int
    scope_end: int


class Label(NamedTuple):
    """The voice of one span of text."""

    voice: str
    distancing: bool
    speaker: str


# -- resources ---------------------------------------------------------------------------------
def _existing_file(name_or_path: str | Path, what: str, instead: str) -> Path:
    """The path of a data file, or a FileNotFoundError naming it and what to pass instead."""
    try:
        return resolve(name_or_path)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"The {what} {str(name_or_path)!r} does not exist (a bare file name is looked up in "
            f"the current folder, then in analysis/data/). Pass the path of an existing file{instead}."
        ) from None


@dataclass(frozen=True)
class FramingSettings:
    """The research settings of the voice rules, from ``data/framing_settings.yaml``.

    ``source_cues`` introduce a source (*menurut KCNA*); ``citation_words`` also say how a
    news source is cited (*kepada*, *oleh*, *via*); ``svo_prefixes`` mark verb cues that keep
    subject-verb order; ``abbreviations`` do not end a sentence; ``max_scare_words`` is the
    longest scare quote; ``distancing_window`` the reach of a distancing marker, in words.
    """

    source_cues: tuple[str, ...]
    citation_words: tuple[str, ...]
    svo_prefixes: tuple[str, ...]
    abbreviations: tuple[str, ...]
    max_scare_words: int
    distancing_window: int

    @property
    def citation_markers(self) -> tuple[str, ...]:
        """Words before a source name that say how it is cited: source cues, then the others."""
        return self.source_cues + self.citation_words

    @cached_property
    def abbreviation_re(self) -> re.Pattern:
        """Matches a single capital initial or a listed abbreviation at the end of a text."""
        words = "|".join(map(re.escape, self.abbreviations))
        return re.compile(rf"(?:\b[A-Z]|\b(?:{words}))$" if words else r"\b[A-Z]$")

    @cached_property
    def abbreviation_reach(self) -> int:
        """Characters before a full stop in which to look for an abbreviation."""
        return max(map(len, self.abbreviations), default=1) + 1


@lru_cache(maxsize=8)
def load_framing_settings(path: str | Path = "framing_settings.yaml") -> FramingSettings:
    """Read and check the settings file (cached).

    >>> settings = load_framing_settings()
    >>> settings.source_cues[0], settings.max_scare_words
    ('menurut', 4)
    """
    path = _existing_file(path, "settings file", " with the layout of analysis/data/framing_settings.yaml")
    data = read_yaml(path)
    lists = ("source_cues", "citation_words", "svo_prefixes", "abbreviations")
    numbers = ("max_scare_words", "distancing_window")
    if not isinstance(data, dict) or set(data) != set(lists + numbers):
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"{path}: expected exactly the settings {sorted(lists + numbers)}, found {found}.")
    for key in lists:
        items = data[key] or []
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise ValueError(f"{path}: {key} must be a list of words, not {items!r} "
                             "(quote words YAML reads as true/false or numbers: \"No\").")
    for key in numbers:
        if not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 0:
            raise ValueError(f"{path}: {key} must be a whole number of words, 0 or more, not {data[key]!r}.")
    return FramingSettings(
        *(tuple(w.strip() for w in (data[key] or [])) for key in lists),
        *(data[key] for key in numbers),
    )


def _phrase_regex(phrase: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", phrase.strip()) if p]
    return r"[\s\-]+".join(parts)


def _alternation(phrases: list[str]) -> str:
    return "|".join(_phrase_regex(p) for p in sorted(set(phrases), key=len, reverse=True))


class _Hit:
    """A phrase found by :class:`PhraseMatcher` (the ``re.Match`` methods the rules use)."""

    __slots__ = ("_start", "_end", "_text", "value")

    def __init__(self, start: int, end: int, text: str, value):
        self._start, self._end, self._text, self.value = start, end, text, value

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


_WORD_SCAN_RE = re.compile(r"\w+")
_WORD_SPLIT_RE = re.compile(r"(\w+)")


class PhraseMatcher:
    """Find listed words and phrases in a text by one scan of its words (longest phrase first).

    A phrase matches whole words; its words may be separated by white space or a hyphen
    (*Im Chon-il*); it never matches part of a hyphenated word (*kata-kata*, *anti-Rusia*).
    Each phrase is matched exactly (``case_sensitive``) or in any capitalisation. This is
    several times faster than one regular expression with a long alternation.

    >>> m = PhraseMatcher([("dikutip dari", "cue", False), ("kata", "cue", False)])
    >>> [h.group() for h in m.find("Kata-kata itu, kata Kim, dikutip dari Reuters.")]
    ['kata', 'dikutip dari']
    """

    def __init__(self, entries):
        self._index: dict[str, list] = {}
        for phrase, value, sensitive in entries:
            words = tuple(w for w in _WORD_SCAN_RE.findall(phrase))
            if words:
                key = tuple(words if sensitive else (w.lower() for w in words))
                self._index.setdefault(words[0].lower(), []).append((key, sensitive, value))
        for candidates in self._index.values():
            candidates.sort(key=lambda c: -sum(map(len, c[0])))
        self.first_words = frozenset(self._index)  # lower case: a match starts with one of them

    def find(self, text: str, words: "ScannedWords | None" = None) -> list[_Hit]:
        """Non-overlapping matches, left to right (pass ``words`` if the text is scanned)."""
        words = words or ScannedWords(text)
        index, spans, hits, free = self._index, words.spans, [], 0
        for i in words.candidates(index):
            start = spans[i][0]
            if i < free or (start and text[start - 1] == "-"):
                continue
            length, value = self._longest(text, words, i, index[words.lowered[i]])
            if length:
                end = spans[i + length - 1][1]
                hits.append(_Hit(start, end, text[start:end], value))
                free = i + length
        return hits

    @staticmethod
    def _longest(text: str, words: "ScannedWords", i: int, candidates) -> tuple[int, object]:
        spans, n = words.spans, len(words.spans)
        for phrase, sensitive, value in candidates:
            k = len(phrase)
            if i + k > n:
                continue
            if sensitive:
                source = [text[a:b] for a, b in spans[i : i + k]]
            else:
                source = words.lowered[i : i + k]
            if k == 1:
                if source[0] != phrase[0]:
                    continue
            elif tuple(source) != phrase or any(
                text[spans[i + j - 1][1] : spans[i + j][0]].strip(" \t\n\r-") for j in range(1, k)
            ):
                continue
            end = spans[i + k - 1][1]
            if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum():
                continue
            return k, value
        return 0, None


class ScannedWords:
    """The words of a text scanned once and shared by several :class:`PhraseMatcher` s."""

    def __init__(self, text: str):
        pieces = _WORD_SPLIT_RE.split(text)  # [gap, word, gap, word, ..., gap]: no match object per word
        offsets = list(itertools.accumulate(map(len, pieces), initial=0))
        starts, ends = offsets[1:-1:2], offsets[2::2]
        self.spans = list(zip(starts, ends))
        if text.isascii():  # lower-casing keeps every word where it is: cut the words out of it
            self.lowered = pieces[1::2] if text.islower() else list(map(text.lower().__getitem__, map(slice, starts, ends)))
            self._present = None
            return
        low = text.lower()
        self.lowered = _WORD_SCAN_RE.findall(low) if len(low) == len(text) else []
        if len(self.lowered) != len(self.spans):  # lower-casing changed the text's shape
            self.lowered = [text[a:b].lower() for a, b in self.spans]
        self._present: set[str] | None = None

    def candidates(self, index: dict) -> list[int]:
        if self._present is None:
            self._present = set(self.lowered)
        wanted = self._present.intersection(index)
        return list(itertools.compress(itertools.count(), map(wanted.__contains__, self.lowered))) if wanted else []


@dataclass(frozen=True)
class VoiceResources:
    """Compiled cue, marker and speaker lists and the settings (build with :func:`load_voice_resources`)."""

    cue_re: re.Pattern  # one cue word, for checking single words
    cues: PhraseMatcher
    markers: PhraseMatcher
    speakers: PhraseMatcher  # value: (speaker, kind)
    settings: FramingSettings


def _norm(surface: str) -> str:
    return " ".join(re.split(r"[\s\-]+", surface.strip())).lower()


def _speaker_rows(path: str | Path, sources: str | Path | None) -> list[tuple[str, str, str, bool]]:
    table = read_table(path)
    missing = {"alias", "speaker", "kind"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: the speaker table needs the columns {sorted(missing)}.")
    rows = [
        (r.alias, r.speaker, r.kind, str(getattr(r, "case_sensitive", "")).lower() == "yes")
        for r in table.itertuples(index=False)
        if r.alias.strip()
    ]
    known = {_norm(r[0]) for r in rows}
    if sources is not None:
        for r in read_news_sources(sources).itertuples(index=False):
            if _norm(r.variant) not in known:
                sensitive = str(getattr(r, "case_sensitive", "")).strip().lower() == "yes"
                rows.append((r.variant, r.source, r.kind or "media", sensitive))
    return rows


def read_news_sources(path: str | Path = "news_sources.csv"):
    """Read the news-source table (columns ``source``, ``variant``, ``kind``; empty variants dropped)."""
    path = _existing_file(path, "news-source table", " with the columns source and variant")
    table = read_table(path)
    missing = {"source", "variant"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: the news-source table needs the columns {sorted(missing)}.")
    if "kind" not in table.columns:
        table["kind"] = "media"
    return table[table["variant"].str.strip() != ""]


#: A news-source variant matches as whole words: no letter, digit, ``_`` or hyphen around it.
_SOURCE_BEFORE, _SOURCE_AFTER = r"(?<![\w-])", r"(?![\w-])"


def source_patterns(path: str | Path = "news_sources.csv") -> list[tuple[str, re.Pattern]]:
    """One ``(source, pattern)`` per variant of the news-source table, in file order.

    A pattern matches its variant as whole words (no letter, digit, ``_`` or hyphen right
    before or after it); the words of a variant may be separated by any white space or
    hyphens; it ignores case unless the row says ``case_sensitive`` = yes. Rows with an empty
    variant are skipped; a table without the columns ``source`` and ``variant`` raises
    ValueError, a path that does not exist FileNotFoundError.

    The table is read and compiled once per ``path`` (cached), so calling this for every
    article costs little.

    >>> text = "kata kantor berita-Korea Utara"
    >>> [(source, p.search(text).group()) for source, p in source_patterns() if p.search(text)]
    [('KCNA', 'kantor berita-Korea Utara')]
    """
    return list(_compiled_source_patterns(path))


@lru_cache(maxsize=8)
def _compiled_source_patterns(path: str | Path) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple(
        (source, re.compile(_SOURCE_BEFORE + body + _SOURCE_AFTER, 0 if sensitive else re.IGNORECASE))
        for source, _, body, sensitive in _source_variants(_source_table_path(path))
    )


def news_source_variants(path: str | Path = "news_sources.csv") -> list[str]:
    """The variant of each row of :func:`source_patterns`, in the same order, its words joined
    by single spaces.

    >>> news_source_variants()[:2]
    ['KCNA', 'Kantor Berita Korea Utara']
    """
    return [variant for _, variant, _, _ in _source_variants(_source_table_path(path))]


@lru_cache(maxsize=8)
def source_alternation(path: str | Path = "news_sources.csv") -> re.Pattern:
    """All variants of :func:`source_patterns` as one regular expression, longer variants first.

    One scan of a text finds every mention, several times faster than one scan per variant;
    which source a mention names is the pattern of :func:`source_patterns` that matches it.
    Where variants overlap (*RIA Novosti*, *RIA*) the longer one wins. Cached per ``path``.
    """
    variants = sorted(_source_variants(_source_table_path(path)), key=lambda v: -len(v[1]))
    branches = [body if sensitive else f"(?i:{body})" for _, _, body, sensitive in variants]
    return re.compile(_SOURCE_BEFORE + "(?:" + "|".join(branches) + ")" + _SOURCE_AFTER)


def _source_table_path(path: str | Path) -> Path:
    return _existing_file(path, "news-source table", " with the columns source and variant").resolve()


@lru_cache(maxsize=8)
def _source_variants(path: Path) -> tuple[tuple[str, str, str, bool], ...]:
    """``(source, variant, regex without word boundaries, case_sensitive)`` per row."""
    rows = []
    for row in read_news_sources(path).itertuples(index=False):
        sensitive = str(getattr(row, "case_sensitive", "")).strip().lower() == "yes"
        body = r"[\s\-]+".join(re.escape(w) for w in row.variant.split())
        rows.append((row.source, " ".join(row.variant.split()), body, sensitive))
    return tuple(rows)


@lru_cache(maxsize=8)
def load_voice_resources(
    cues: str = "attribution_cues.txt",
    markers: str = "distancing_markers.txt",
    speakers: str = "speakers.csv",
    sources: str | None = "news_sources.csv",
    settings: str = "framing_settings.yaml",
) -> VoiceResources:
    """Compile the editable cue, distancing-marker and speaker files and the settings (cached).

    ``sources`` (the news-source table) adds agencies to the speakers; pass None to add none.
    Each argument is a file name in ``analysis/data`` or the path of your own copy; a file
    that does not exist raises FileNotFoundError.
    """
    cue_list = [c.lower() for c in read_list(_existing_file(cues, "cue list", ", one cue per line"))]
    marker_list = [m.lower() for m in read_list(_existing_file(markers, "distancing-marker list", ", one phrase per line"))]
    if not cue_list:
        raise ValueError(f"{cues}: no attribution cues found; add one cue per line.")
    speakers = _existing_file(speakers, "speaker table", " with the columns alias, speaker, kind")
    sources = _existing_file(sources, "news-source table", ", or sources=None to add no agencies") if sources else None
    rows = _speaker_rows(speakers, sources)
    bound = r"(?<![\w\-])(?:{})(?![\w]|-\w)"
    return VoiceResources(
        cue_re=re.compile(bound.format(_alternation(cue_list)), re.IGNORECASE),
        cues=PhraseMatcher((c, c, False) for c in cue_list),
        markers=PhraseMatcher((m, m, False) for m in marker_list),
        speakers=PhraseMatcher((a, (sp, kind), cs) for a, sp, kind, cs in rows),
        settings=load_framing_settings(settings),
    )


# -- quotation marks -----------------------------------------------------------------------------
def _is_apostrophe(text: str, i: int) -> bool:
    """An apostrophe, not a quote: between letters (Qur'an, Kim’s) or before digits (’90-an)."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    return prev.isspace() and nxt.isdigit() and text[i] in "'’"


def find_quotes(text: str) -> list[tuple[int, int, bool]]:
    """Pair quotation marks; return ``(start, end, closed)`` spans including the marks.

    Marks pair within a family (double: " “ ” „ « »; single: ' ‘ ’), whatever their
    typographic direction, so " ... ” pairs. A mark can open when it follows white space or an
    opening bracket and precedes a non-space; it can close when it follows a non-space and
    precedes white space or punctuation. An unclosed double quote runs to the end of the text
    (``closed`` False); an unclosed single quote is dropped. Apostrophes inside words
    (*Kim’s*, *Jum'at*) are ignored.

    >>> find_quotes('Kim berharap menang atas "skema para imperialis” kemarin.')
    [(25, 48, True)]
    >>> find_quotes("Jum'at: Putin’s 'Imperialis'")
    [(16, 28, True)]
    """
    spans: list[tuple[int, int, bool]] = []
    open_at = {"double": None, "single": None}
    for mark in _QUOTE_CHAR_RE.finditer(text):
        i, char = mark.start(), mark.group()
        if char in DOUBLE_QUOTES:
            family = "double"
        elif char in SINGLE_QUOTES:
            if _is_apostrophe(text, i):
                continue
            family = "single"
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        can_open = prev in _OPEN_BEFORE and not nxt.isspace()
        can_close = not prev.isspace() and (nxt in _CLOSE_AFTER)
        if not can_open and not can_close and family == "double":
            can_open = can_close = True  # glued to words on both sides: toggle
        if open_at[family] is not None and can_close:
            spans.append((open_at[family], i + 1, True))
            open_at[family] = None
        elif open_at[family] is None and can_open:
            open_at[family] = i
    if open_at["double"] is not None and len(text) - open_at["double"] > 1:
        spans.append((open_at["double"], len(text), False))
    return sorted(spans)


def split_sentences(text: str, *, settings: FramingSettings | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``.

    A full stop after a single capital initial or after one of the ``abbreviations`` of
    ``settings`` (default: :func:`load_framing_settings` ()) does not end a sentence.

    >>> split_sentences("Kim tiba. Putin menyambut Dr. Lee.")
    [(0, 9), (10, 34)]
    """
    settings = settings or load_framing_settings()
    abbreviation, reach = settings.abbreviation_re, settings.abbreviation_reach
    spans, start = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        if text[match.start()] == "." and abbreviation.search(text, max(0, match.start() - reach), match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


# -- speakers --------------------------------------------------------------------------------------
class _Name(NamedTuple):
    start: int
    end: int
    speaker: str  # "" for a pronoun
    kind: str


_GROUP_GAP_RE = re.compile(r"[\s\-]*(?:[A-Z][\w\-]*\s+)*")


def _name_groups(text: str, words, resources: VoiceResources, skip: Callable[[int], bool]) -> list[_Name]:
    """Speaker mentions, adjacent ones merged into their head (*Presiden Rusia Vladimir Putin*)."""
    groups: list[_Name] = []
    for match in resources.speakers.find(text, words):
        if skip(match.start()):
            continue
        speaker, kind = match.value
        name = _Name(match.start(), match.end(), speaker, kind)
        if (
            groups
            and kind != "pronoun"
            and groups[-1].kind != "pronoun"
            and _GROUP_GAP_RE.fullmatch(text, groups[-1].end, name.start)
        ):
            name = name._replace(start=groups[-1].start)
            groups[-1] = name
        else:
            groups.append(name)
    return groups


@dataclass
class _Context:
    """Running state while reading one unit: the last named speaker (for pronouns)."""

    previous: str | None | Callable[[], str | None]
    last: str | None = None
    looked_up: bool = False

    def resolve(self, name: _Name | None) -> str:
        if name is None:
            return "unknown"
        if name.kind != "pronoun":
            self.last = name.speaker
            return name.speaker
        if self.last is None and not self.looked_up:
            self.looked_up = True
            previous = self.previous() if callable(self.previous) else self.previous
            self.last = previous or None
        return self.last or "unknown"


# -- the analysis of one unit -------------------------------------------------------------------
@dataclass
class UnitVoices:
    """Quotations, attributions and distancing markers found in one text unit.

    Use :meth:`label` to get the voice of any span. ``last_speaker`` is the last named speaker
    in the unit (or carried over from before it), for resolving pronouns in the next unit.
    """

    text: str
    location: str
    quotes: list[Quote]
    attributions: list[Attribution]
    markers: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    last_speaker: str | None = None
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    settings: FramingSettings = field(default_factory=load_framing_settings, repr=False)
    _index: "_LabelIndex | None" = field(default=None, init=False, repr=False, compare=False)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[max(i, 0)]

    def label(self, start: int, end: int | None = None) -> Label:
        """Return the :class:`Label` (voice, distancing, speaker) of ``text[start:end]``.

        The voice is that of position ``start``: inside a direct quotation (the first one,
        if quotations nest), inside a scare quote, in the scope of an attribution (the
        nearest cue before ``start``, else the first cue after it), or the narrator's. The
        first call builds an index of the unit (O(log n) per label afterwards); change
        ``quotes``, ``attributions`` or ``markers`` only before it.

        >>> unit = analyse_voices('Kim berharap Putin menang atas "para imperialis”.')
        >>> unit.label(37, 47)
        Label(voice='quoted', distancing=False, speaker='Kim Jong Un')
        """
        index = self._index if self._index is not None else self._build_index()
        distancing = index.distanced(start)
        covering = index.quotes_at(start)
        speech = [q for q in covering if q.kind == "speech"]
        if speech:
            return Label("quoted", distancing, speech[0].speaker)
        if covering:
            return Label("scare_quoted", distancing, "")
        covering = index.attributions_at(start)
        if covering:
            before = [a for a in covering if a.start <= start]
            cue = max(before, key=lambda a: a.start) if before else min(covering, key=lambda a: a.start)
            return Label("reported", distancing, cue.speaker)
        return Label("narrator", distancing, "")

    def voices_at(self, positions: list[int]) -> list[str]:
        """The voice of each position: ``[self.label(p).voice for p in positions]``, faster.

        >>> analyse_voices('Kim: "Imperialis kalah."').voices_at([0, 6])
        ['narrator', 'quoted']
        """
        if not self.quotes and not self.attributions:
            return ["narrator"] * len(positions)
        speech = _Intervals((q.start + 1, q.end) for q in self.quotes if q.kind == "speech")
        quoted = _Intervals((q.start + 1, q.end) for q in self.quotes)
        scopes = _Intervals((a.scope_start, a.scope_end) for a in self.attributions)
        return ["quoted" if p in speech else "scare_quoted" if p in quoted else "reported" if p in scopes
                else "narrator" for p in positions]

    def voice_counts(self, positions: list[int]) -> dict[str, int]:
        """How many of ``positions`` (ascending) have each voice: ``Counter(self.voices_at(positions))``
        with every voice present, counted by bisection per quotation and scope instead of per position.

        >>> analyse_voices('Kim: "Imperialis kalah."').voice_counts([0, 6, 17])
        {'quoted': 2, 'scare_quoted': 0, 'reported': 0, 'narrator': 1}
        """
        n = len(positions)
        if not self.quotes and not self.attributions:
            return {"quoted": 0, "scare_quoted": 0, "reported": 0, "narrator": n}
        speech = _Intervals((q.start + 1, q.end) for q in self.quotes if q.kind == "speech")
        quoted = _Intervals((q.start + 1, q.end) for q in self.quotes)  # holds speech
        scopes = _Intervals((a.scope_start, a.scope_end) for a in self.attributions)
        in_speech, in_quotes = speech.count(positions), quoted.count(positions)
        reported = scopes.count(positions) - scopes.intersection(quoted).count(positions)
        return {"quoted": in_speech, "scare_quoted": in_quotes - in_speech, "reported": reported,
                "narrator": n - in_quotes - reported}

    def _build_index(self) -> "_LabelIndex":
        self._index = _LabelIndex(self)
        return self._index


class _LabelIndex:
    """Quotations, attribution scopes and distancing reaches of one unit, indexed for :meth:`UnitVoices.label`.

    Quotations of one family (double or single marks) never overlap, so at most one per
    family covers a position: a bisection finds it. Attribution scopes lie within one
    sentence (``wide`` holds any that do not), so only that sentence's are tested. A
    distancing marker covers the positions from its end to its *reach* (the first clause
    stop, or the start of word ``distancing_window + 1``); a running maximum of the reaches
    answers "is any marker in reach?" by one bisection.
    """

    def __init__(self, unit: "UnitVoices"):
        self._sentence_starts = unit._sentence_starts
        self._quote_families, self._other_quotes = _quote_families(unit.text, unit.quotes)
        self._scopes: dict[int, list[tuple[int, Attribution]]] = {}
        self._wide: list[tuple[int, Attribution]] = []
        for i, a in enumerate(unit.attributions):
            if a.scope_start >= a.scope_end:
                continue  # an empty scope covers nothing
            first, last = self._sentence(a.scope_start), self._sentence(a.scope_end - 1)
            (self._scopes.setdefault(first, []) if first == last else self._wide).append((i, a))
        reaches = sorted((m_end, _marker_reach(unit.text, m_end, unit.settings.distancing_window))
                         for _, m_end in unit.markers)
        self._marker_ends = [m_end for m_end, _ in reaches]
        self._reach, running = [], -1
        for _, reach in reaches:
            running = max(running, reach)
            self._reach.append(running)

    def _sentence(self, pos: int) -> int:
        return max(bisect.bisect_right(self._sentence_starts, pos) - 1, 0)

    def quotes_at(self, pos: int) -> list[Quote]:
        """Quotations with ``start < pos < end``, in the order of ``unit.quotes``."""
        found = [(i, q) for i, q in self._other_quotes if q.start < pos < q.end]
        for starts, entries in self._quote_families:
            j = bisect.bisect_left(starts, pos) - 1  # the last quotation opening before pos
            if j >= 0 and pos < entries[j][1].end:
                found.append(entries[j])
        return [q for _, q in sorted(found, key=lambda e: e[0])]

    def attributions_at(self, pos: int) -> list[Attribution]:
        """Attributions whose scope covers ``pos``, in the order of ``unit.attributions``."""
        candidates = self._scopes.get(self._sentence(pos), [])
        if self._wide:
            candidates = sorted(candidates + self._wide, key=lambda e: e[0])
        return [a for _, a in candidates if a.scope_start <= pos < a.scope_end]

    def distanced(self, pos: int) -> bool:
        """Is ``pos`` within the reach of a distancing marker that ends at or before it?"""
        j = bisect.bisect_right(self._marker_ends, pos) - 1
        return j >= 0 and self._reach[j] >= pos


def _quote_families(text: str, quotes: list[Quote]):
    """Quotations split by mark family, each family sorted and checked not to overlap.

    Returns ``[(starts, [(i, quote), ...]), ...]`` for the families that do not overlap and
    ``[(i, quote), ...]`` for the rest (tested one by one).
    """
    families: dict[str, list[tuple[int, Quote]]] = {}
    for i, q in enumerate(quotes):
        mark = text[q.start] if 0 <= q.start < len(text) else ""
        family = "double" if mark and mark in DOUBLE_QUOTES else "single" if mark and mark in SINGLE_QUOTES else "other"
        families.setdefault(family, []).append((i, q))
    indexed, other = [], list(families.pop("other", []))
    for entries in families.values():
        entries.sort(key=lambda e: (e[1].start, e[0]))
        if all(b.start >= a.end for (_, a), (_, b) in zip(entries, entries[1:])):
            indexed.append(([q.start for _, q in entries], entries))
        else:
            other += entries
    return indexed, other


_RUN_RE = re.compile(r"\S+")
_CLAUSE_STOP_RE = re.compile("[" + re.escape(_CLAUSE_STOPS) + "]")


def _marker_reach(text: str, m_end: int, window: int) -> int:
    """The last position a distancing marker ending at ``m_end`` reaches.

    A position ``pos >= m_end`` is distanced when ``text[m_end:pos]`` holds no clause stop
    and at most ``window`` white-space separated words, that is, up to the first clause stop
    and up to the start of word ``window + 1``.
    """
    last, count = None, 0
    for last in itertools.islice(_RUN_RE.finditer(text, m_end), window + 1):
        count += 1
    limit = last.start() if count == window + 1 else len(text)
    stop = _CLAUSE_STOP_RE.search(text, m_end, limit)
    return stop.start() if stop else limit


def _words_upto(text: str, start: int, end: int, limit: int) -> int:
    """``len(text[start:end].split())``, counting no further than ``limit``."""
    return _count_upto(_RUN_RE, text, start, end, limit)


def _char_before(text: str, start: int, end: int) -> str | None:
    """The last character of ``text[start:end].rstrip()`` (None if that is empty), without copying."""
    i = end - 1
    while i >= start and text[i].isspace():
        i -= 1
    return text[i] if i >= start else None


def narrator_only(text: str, resources: VoiceResources) -> bool:
    """True only if :func:`analyse_voices` would find no quotation and no attribution in ``text``,
    so that every position is the narrator's: no quotation mark, no colon (a name before a
    colon introduces speech) and no word that starts an attribution cue. A cheap test that
    saves analysing most paragraphs of plain narration; False means "analyse it".

    >>> resources = load_voice_resources()
    >>> narrator_only("Putin tiba di Pyongyang.", resources), narrator_only("Putin tiba, kata KCNA.", resources)
    (True, False)
    """
    if ":" in text or _QUOTE_CHAR_RE.search(text):
        return False
    low = text.lower()
    if len(low) != len(text):
        return False
    words = _WORD_SCAN_RE.findall(low)
    if not text.isascii() and len(words) != len(_WORD_SCAN_RE.findall(text)):
        return False  # lower-casing moved a word boundary: ScannedWords would lower word by word
    return resources.cues.first_words.isdisjoint(words)


def analyse_voices(
    text: str,
    *,
    location: str = "body",
    previous_speaker: str | None | Callable[[], str | None] = None,
    resources: VoiceResources | None = None,
) -> UnitVoices:
    """Find the quotations, attributions and distancing markers of one text unit.

    Parameters
    ----------
    text : str
        A headline, a caption or one paragraph.
    location : {"headline", "caption", "body"}
        Short quotations in headlines are scare quotes unless a cue is adjacent.
    previous_speaker : str, callable or None
        The last named speaker before this unit (or a function returning it, called only if a
        pronoun needs it), so that *Dia berjanji ...* after *Kim mengatakan ...* resolves.
    resources : VoiceResources, optional
        Compiled data files; defaults to :func:`load_voice_resources` ().

    Returns
    -------
    UnitVoices

    Examples
    --------
    >>> unit = analyse_voices("Dia berharap Putin menang.", previous_speaker="Kim Jong Un")
    >>> unit.attributions[0].speaker, unit.label(13).voice
    ('Kim Jong Un', 'reported')
    """
    if location not in LOCATIONS:
        raise ValueError(f"location must be one of {LOCATIONS}, not {location!r}.")
    resources = resources or load_voice_resources()
    raw_quotes = find_quotes(text)
    in_quote = _Intervals((s, e) for s, e, _ in raw_quotes)
    sentences = split_sentences(text, settings=resources.settings)
    unit = UnitVoices(text, location, [], [], [], sentences, None, [s for s, _ in sentences], resources.settings)
    words = ScannedWords(text)
    unit.markers = [(m.start(), m.end()) for m in resources.markers.find(text, words) if m.start() not in in_quote]
    in_marker = _Intervals(unit.markers)
    names = _Names(_name_groups(text, words, resources, in_quote.__contains__))
    context = _Context(previous_speaker)
    cues = [m for m in resources.cues.find(text, words) if m.start() not in in_quote and m.start() not in in_marker]
    unit.attributions = _attributions(unit, cues, names, context)
    attributions = _Attributions(unit)
    unit.quotes = [_classify_quote(unit, q, names, attributions, context) for q in raw_quotes]
    unit.last_speaker = context.last
    return unit


class _Intervals:
    """A union of ``[start, end)`` intervals; ``pos in intervals`` by one bisection."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def count(self, positions: list[int]) -> int:
        """How many of the ascending ``positions`` lie in the union (two bisections per interval)."""
        return sum(bisect.bisect_left(positions, end) - bisect.bisect_left(positions, start)
                   for start, end in zip(self._starts, self._ends) if end > start)

    def intersection(self, other: "_Intervals") -> "_Intervals":
        """The positions in both unions, as a union of intervals (one sweep over both, linear)."""
        found, i, j = [], 0, 0
        a_starts, a_ends, b_starts, b_ends = self._starts, self._ends, other._starts, other._ends
        while i < len(a_starts) and j < len(b_starts):
            low, high = max(a_starts[i], b_starts[j]), min(a_ends[i], b_ends[j])
            if low < high:
                found.append((low, high))
            if a_ends[i] < b_ends[j]:
                i += 1
            else:
                j += 1
        return _Intervals(found)


class _Names:
    """The name groups of a unit (sorted, never overlapping) with their starts and ends for bisection."""

    def __init__(self, names: list[_Name]):
        self.names = names
        self.starts = [n.start for n in names]
        self.ends = [n.end for n in names]

    def first_from(self, pos: int) -> int:
        """Index of the first name starting at or after ``pos``."""
        return bisect.bisect_left(self.starts, pos)

    def last_ending_by(self, pos: int) -> int:
        """Index of the last name ending at or before ``pos`` (-1 if none)."""
        return bisect.bisect_right(self.ends, pos) - 1


class _Attributions:
    """A unit's attributions by start position and by the sentence they start in."""

    def __init__(self, unit: UnitVoices):
        self.unit = unit
        self.at: dict[int, list[Attribution]] = {}
        self.by_sentence: dict[int, list[Attribution]] = {}
        for a in unit.attributions:
            self.add(a)

    def add(self, a: Attribution) -> None:
        self.at.setdefault(a.start, []).append(a)
        self.by_sentence.setdefault(self.sentence(a.start), []).append(a)

    def sentence(self, pos: int) -> int:
        return max(bisect.bisect_right(self.unit._sentence_starts, pos) - 1, 0)

    def in_sentence_before(self, pos: int, *, ending: bool = False) -> list[Attribution]:
        """Attributions of the sentence of ``pos`` that start (or, ``ending``, end) at or before it."""
        s_start = self.unit.sentence_of(pos)[0]
        return [a for a in self.by_sentence.get(self.sentence(pos), ())
                if s_start <= a.start and (a.end <= pos if ending else a.start < pos)]


_SPACE_RE = re.compile(r"\s*")
_QUOTE_GAP_RE = re.compile(r"[ ,:]*")
_AFTER_QUOTE_RE = re.compile(r"[\s,.]*")


def _only_space(text: str, start: int, end: int, pattern: re.Pattern = _SPACE_RE) -> bool:
    """Is ``text[start:end]`` made only of what ``pattern`` (white space) matches? No copy."""
    return start >= end or pattern.match(text, start, end).end() == end


def _attributions(unit: UnitVoices, cues, names: _Names, context: _Context) -> list[Attribution]:
    text, found = unit.text, []
    index = _Attributions(unit)  # grows with found
    events = sorted([("cue", m.start(), m) for m in cues] + _colon_cues(text, names.names), key=lambda e: e[1])
    for kind, _, item in events:
        if kind == "colon":
            speaker = context.resolve(item)
            s_start, s_end = unit.sentence_of(item.end)
            colon = text.index(":", item.end)
            found.append(Attribution(":", colon, colon + 1, speaker, colon + 1, s_end))
            index.add(found[-1])
            continue
        s_start, s_end = unit.sentence_of(item.start())
        word = _norm(item.group())
        prev_char = _char_before(text, s_start, item.start())
        post_posed = _post_posed(unit, item, word, prev_char, names, s_start, s_end)
        speaker_name = _cue_speaker(unit, item, word, prev_char, names, index)
        speaker = context.resolve(speaker_name) if not isinstance(speaker_name, str) else speaker_name
        scope = (s_start, item.start()) if post_posed else (item.end(), s_end)
        found.append(Attribution(word, item.start(), item.end(), speaker, *scope))
        index.add(found[-1])
    return found


def _can_invert(word: str, settings: FramingSettings) -> bool:
    """Cues that may follow their clause: bare roots (kata, tulis), -nya forms, source cues."""
    return (word.startswith(settings.source_cues) or word.endswith("nya")
            or not word.startswith(settings.svo_prefixes))


def _post_posed(unit: UnitVoices, cue: re.Match, word: str, prev_char, names: _Names, s_start: int, s_end: int) -> bool:
    """Does the cue close its clause ("...," kata Kim; ..., menurut KCNA; ..., KCNA melansir)?"""
    text, settings = unit.text, unit.settings
    marks = "," + DOUBLE_QUOTES + SINGLE_QUOTES
    if prev_char is None:
        return False
    if prev_char in marks:
        return _can_invert(word, settings) and not (
            word.startswith(settings.source_cues) and text.find(",", cue.end(), s_end) >= 0)
    # only the last name ending before the cue can be separated from it by white space alone
    i = names.last_ending_by(cue.start())
    if i >= 0 and names.starts[i] >= s_start and _only_space(text, names.ends[i], cue.start()):
        before = _char_before(text, s_start, names.starts[i])
        return before is not None and before in marks and _words_upto(text, cue.end(), s_end, 7) <= 6
    return False


def _colon_cues(text: str, names: list[_Name]) -> list:
    """``Putin: Hubungan ...`` -- a name right before a colon introduces its words."""
    return [("colon", n.start, n) for n in names if re.match(r"\s*:", text[n.end : n.end + 3])]


def _cue_speaker(unit: UnitVoices, cue: re.Match, word: str, prev_char, names: _Names, found: _Attributions):
    """The speaker of one cue: a :class:`_Name` to resolve, or an already resolved string."""
    text = unit.text
    s_start, s_end = unit.sentence_of(cue.start())
    # the first name after the cue, in its sentence and at most 8 words on (later ones are further)
    i = names.first_from(cue.end())
    after = (names.names[i] if i < len(names.names) and names.starts[i] < s_end
             and _words_upto(text, cue.end(), names.starts[i], 9) <= 8 else None)
    # the names of the sentence that end before the cue: names[lo:hi]
    lo, hi = names.first_from(s_start), names.last_ending_by(cue.start()) + 1
    if word.endswith("nya") and word != "nya":
        return _Name(cue.start(), cue.end(), "", "pronoun")
    clause_initial = prev_char is None or (
        prev_char in ",:" + DOUBLE_QUOTES + SINGLE_QUOTES and _can_invert(word, unit.settings)
    )
    adjacent_before = lo < hi and _words_upto(text, names.ends[hi - 1], cue.start(), 2) <= 1
    if clause_initial or (word.startswith(unit.settings.source_cues) and not adjacent_before):
        return after
    previous_cues = found.in_sentence_before(cue.start())
    region_start = max([s_start, text.rfind(",", s_start, cue.start()) + 1] + [a.end for a in previous_cues])
    first_in_region = max(lo, names.first_from(region_start))
    if first_in_region < hi:
        return _coordinated(text, first_in_region, names)
    if previous_cues and region_start == previous_cues[-1].end:
        return previous_cues[-1].speaker
    if lo < hi:
        return _coordinated(text, lo, names)
    return after


_COORDINATION_RE = re.compile(r"\s*(?:,\s*|\s(?:dan|serta)\s+)(?:juga\s+)?")


def _coordinated(text: str, first: int, names: _Names) -> _Name:
    """Join a subject list: *Pyongyang dan Moskow membantah* -> both governments.

    ``first`` is the index of the first subject in ``names``; the list runs on while the
    names are joined by a comma, *dan* or *serta* (pronouns are never joined).
    """
    head = current = names.names[first]
    if head.kind == "pronoun":
        return head
    speakers = [head]
    for name in names.names[first + 1 :]:
        if name.start > current.end and name.kind != "pronoun":
            if not _COORDINATION_RE.fullmatch(text, current.end, name.start):
                break
            speakers.append(name)
            current = name
    if len(speakers) == 1:
        return head
    joined = "; ".join(dict.fromkeys(n.speaker for n in speakers))
    return _Name(head.start, current.end, joined, "group")


def _classify_quote(unit: UnitVoices, raw: tuple[int, int, bool], names: _Names, attributions: _Attributions,
                    context: _Context) -> Quote:
    """Decide whether a quotation is direct speech (and whose) or a scare quote."""
    start, end, closed = raw
    text = unit.text
    longest_scare = unit.settings.max_scare_words
    # words inside the marks, counted only as far as the comparisons below need
    long_quote = _count_upto(_WORD_RE, text, start + 1, end - 1 if closed else end, longest_scare + 1) > longest_scare
    gap_after = _AFTER_QUOTE_RE.match(text, end).end()
    post = [a for a in attributions.at.get(gap_after, ()) if a.cue != ":"]
    if post:
        return Quote(start, end, "speech", post[0].speaker, closed)
    cues_before = attributions.in_sentence_before(start, ending=True)
    colon_before = _char_before(text, 0, start) == ":"
    if unit.location == "headline" and not long_quote and not colon_before:
        return Quote(start, end, "scare", "", closed)
    if cues_before:
        return Quote(start, end, "speech", cues_before[-1].speaker, closed)
    # only the last name ending before the quotation can be separated from it by " ,:" alone
    i = names.last_ending_by(start)
    if i >= 0 and _only_space(text, names.ends[i], start, _QUOTE_GAP_RE):
        return Quote(start, end, "speech", context.resolve(names.names[i]), closed)
    if long_quote:
        return Quote(start, end, "speech", "unknown", closed)
    return Quote(start, end, "scare", "", closed)


def _count_upto(pattern: re.Pattern, text: str, start: int, end: int, limit: int) -> int:
    """``len(pattern.findall(text[start:end]))``, counting no further than ``limit``."""
    n = 0
    for _ in pattern.finditer(text, start, end):
        n += 1
        if n >= limit:
            break
    return n
