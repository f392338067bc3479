"""Indonesian tokeniser: words, names, numbers, reduplication, clitics, stop words, stems.

One regular expression finds tokens: hyphenated reduplications (*negara-negara*) and
hyphenated words (*anti-imperialis*) stay one token, numbers keep their decimal comma
(*5,4%*), and quotation marks and other punctuation are dropped. Names and variants in the
editable alias table (``data/aliases.csv``: *Kim Jong-un*, *Korut*, *AS*, ...) become one
token each (``kim_jong_un``, ``korea_utara``, ``amerika_serikat``), as quanteda's
``tokens_compound`` does for multi-word expressions. A hyphen between two different
capitalised words (*Rusia-Korea Utara*, *DPRK-Rusia*) separates them, so the names are found.
Optional steps act per word type and are cached: lower-casing, reducing a reduplication to
its base, splitting the clitics *-nya*, *-lah*, *-kah*, stemming with Sastrawi (the
Nazief-Adriani confix-stripping stemmer of Asian et al. 2007, in PySastrawi >= 1.2.1), and
removing stop words. The default stop words are Sastrawi's list (derived from Tala 2003)
*minus* the attribution cues (*kata, menurut, mengatakan, ...*) that framing analysis needs,
plus a short domain list.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, compress, count
from pathlib import Path
from typing import Literal, NamedTuple

from analysis.resources import read_list, read_table

# Numbers with decimal or thousands separators and an optional percent sign (5,4%; 1.443.000),
# then words: letters/digits joined by hyphens (negara-negara, anti-imperialis, ke-78).
TOKEN_PATTERN = r"\d+(?:(?:[.,]\d+)+%?|%)|\w+(?:-\w+)*"
# Sentence and clause punctuation is matched too (and then dropped), so that a multi-word
# name never spans it (*Korea. Utara*). Other symbols (©, •) are skipped like white space.
PUNCTUATION = ".,;:!?()[]{}<>\"'`“”‘’„‚«»‹›…–—-/\\|"
_SURFACE_RE = re.compile(TOKEN_PATTERN + "|[" + re.escape(PUNCTUATION) + "]")
_PUNCTUATION_SET = frozenset(PUNCTUATION)
# A hyphen between two different capitalised words separates them (Rusia-Korea, DPRK-Rusia),
# but not a capitalised reduplication (Negara-Negara). The replacement keeps the length, so
# character offsets still point into the original text.
_WORD_END_RE = re.compile(r"(?<![\w\-])\w+\Z")
_WORD_START_RE = re.compile(r"\w+")
_HYPHEN_CAPITAL_RE = re.compile(r"-[A-Z]")  # literal first character: a fast pre-check
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*%?")
CLITICS = ("nya", "lah", "kah")


class Token(NamedTuple):
    """A token and the character span ``text[start:end]`` it came from."""

    token: str
    start: int
    end: int


def attribution_cues(path: str | Path = "attribution_cues.txt") -> list[str]:
    """Return the attribution cue words (lower case), single and multi-word.

    >>> {"kata", "menurut", "mengatakan"} <= set(attribution_cues())
    True
    """
    return [cue.lower() for cue in read_list(path)]


@lru_cache(maxsize=8)
def _sastrawi_stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def stop_words(kind: Literal["default", "sastrawi", "domain"] = "default") -> frozenset[str]:
    """Return a stop-word set.

    Parameters
    ----------
    kind : {"default", "sastrawi", "domain"}
        ``"sastrawi"`` is the general list shipped with PySastrawi (derived from Tala 2003,
        the list NLTK and spaCy also derive from). ``"domain"`` is ``data/stopwords_domain.txt``.
        ``"default"`` is the Sastrawi list without the attribution cues in
        ``data/attribution_cues.txt``, plus the domain list.

    >>> "yang" in stop_words(), "kata" in stop_words(), "kata" in stop_words("sastrawi")
    (True, False, True)
    """
    if kind == "sastrawi":
        return _sastrawi_stopwords()
    domain = frozenset(word.lower() for word in read_list("stopwords_domain.txt"))
    if kind == "domain":
        return domain
    if kind == "default":
        cues = {cue for cue in attribution_cues() if " " not in cue}
        return (_sastrawi_stopwords() - cues) | domain
    raise ValueError(f"Unknown stop-word list {kind!r}. Use 'default', 'sastrawi' or 'domain'.")


class _Alias(NamedTuple):
    single: dict[str, str]  # one-word variant (exact surface, or lower case) -> canonical
    single_cased: frozenset[str]  # one-word variants that match only their exact case
    multi: dict[str, str]  # multi-word variant, words joined by one space -> canonical
    multi_cased: frozenset[str]  # multi-word variants that match only their exact case
    candidates: frozenset[str]  # first words of multi-word variants (lower, Title, UPPER
    # case) and the case-sensitive one-word variants: the surfaces that start a name
    prefixes: frozenset[str]  # lower-cased word prefixes of the multi-word variants
    max_words: int


def _words(surface: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", surface.strip()) if w]


@lru_cache(maxsize=16)
def _load_aliases(path: str) -> _Alias:
    table = read_table(path)
    missing = {"variant", "canonical"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: the alias table needs the columns {sorted(missing)}.")
    single, single_cased, multi, multi_cased = {}, set(), {}, set()
    for row in table.itertuples(index=False):
        variant, target = row.variant.strip(), row.canonical.strip()
        if not variant or not target:
            continue
        cased = getattr(row, "case_sensitive", "").strip().lower() in {"yes", "true", "1"}
        key = " ".join(_words(variant))
        key = key if cased else key.lower()
        table_for, cased_for = (multi, multi_cased) if " " in key else (single, single_cased)
        table_for[key] = target
        if cased:
            cased_for.add(key)
    words = [key.lower().split(" ") for key in multi]
    firsts = {v for w in words for v in (w[0], w[0].title(), w[0].upper())}
    candidates = frozenset(firsts | single_cased)
    prefixes = frozenset(" ".join(w[:k]) for w in words for k in range(1, len(w)))
    max_words = max((len(w) for w in words), default=0)
    return _Alias(single, frozenset(single_cased), multi, frozenset(multi_cased), candidates,
                  prefixes, max_words)


def _find_multiword(alias: _Alias, surfaces: list[str]) -> list[tuple[int, int, str]]:
    """Return ``(first, last, canonical)`` for each name in ``surfaces`` that needs context.

    That is every multi-word name, and every case-sensitive one-word alias (*AS*, not *as*).
    Surfaces are word and punctuation tokens, so a name never spans punctuation
    (*Korea. Utara* is not *Korea Utara*); a hyphenated surface counts as its words
    (*Jong-un* is *jong un*). The first word is looked for in lower, Title or UPPER case
    (the rest in any case). The longest match wins, left to right.
    """
    found, skip_to, n = [], -1, len(surfaces)
    multi, prefixes, cased = alias.multi, alias.prefixes, alias.multi_cased
    for i in compress(count(), map(alias.candidates.__contains__, surfaces)):
        if i < skip_to:
            continue
        best, j = None, i
        exact = surfaces[i].replace("-", " ")
        key = exact.lower()
        while True:
            if key in multi and key not in cased:
                best = (i, j, multi[key])
            elif cased and exact in cased:
                best = (i, j, multi[exact])
            j += 1
            if j >= n or key not in prefixes:
                break
            exact = f"{exact} {surfaces[j].replace('-', ' ')}"
            key = exact.lower()
        if best is None and surfaces[i] in alias.single_cased:
            best = (i, i, alias.single[surfaces[i]])
        if best:
            found.append(best)
            skip_to = best[1] + 1
    return found


def _split_compounds(text: str) -> str:
    """Replace the hyphen of ``Rusia-Korea`` (two different capitalised words) by a space.

    The length is kept, so offsets still point into the original text. A capitalised
    reduplication (*Negara-Negara*) keeps its hyphen.
    """
    cuts = []
    for hyphen in _HYPHEN_CAPITAL_RE.finditer(text):  # rare, and found by a fast literal scan
        pos = hyphen.start()
        before = _WORD_END_RE.search(text, max(0, pos - 64), pos)
        after = _WORD_START_RE.match(text, pos + 1)
        if (before and after and before.group()[0].isupper()
                and before.group().lower() != after.group().lower()):
            cuts.append(pos)
    if not cuts:
        return text
    pieces, previous = [], 0
    for pos in cuts:
        pieces += [text[previous:pos], " "]
        previous = pos + 1
    return "".join(pieces) + text[previous:]


class _TypeCache(dict):
    """surface form -> tuple of output tokens, computed once per word type."""

    def __init__(self, transform):
        super().__init__()
        self._transform = transform

    def __missing__(self, surface: str) -> tuple[str, ...]:
        value = self[surface] = self._transform(surface)
        return value


class Tokenizer:
    """Indonesian tokeniser; an instance is also a scikit-learn ``analyzer``.

    Parameters
    ----------
    lower : bool
        Lower-case tokens (alias tokens are always lower case).
    aliases : bool or path
        ``True`` uses the shipped ``data/aliases.csv``; a path uses your own table; ``False``
        or ``None`` merges nothing.
    reduplication : {"keep", "base"}
        ``"keep"`` leaves *negara-negara* as it is; ``"base"`` reduces a full reduplication
        (both halves equal) to its base, *negara*. Partial ones (*sayur-mayur*) are kept.
    split_clitics : bool
        Split the enclitics *-nya*, *-lah*, *-kah* into their own token (*suratnya* ->
        *surat*, *nya*), except on root words (*punya*, *salah*) and the words in
        ``data/clitic_exceptions.txt``.
    stem : bool
        Stem with Sastrawi (cached per word type). Alias tokens and numbers are not stemmed.
    stopwords : None, "default", "sastrawi", "domain" or iterable of str
        Words to drop, compared with the lower-cased form before stemming. ``None`` keeps all.
    numbers : bool
        Keep number tokens (*2019*, *5,4%*).

    Examples
    --------
    >>> tok = Tokenizer()
    >>> tok("Negara-negara Barat menuduh Korut, kata Kim Jong-un.")
    ['negara-negara', 'barat', 'menuduh', 'korea_utara', 'kata', 'kim_jong_un']
    >>> Tokenizer(stopwords="default", reduplication="base")("Pertumbuhan 5,4% dan negara-negara")
    ['pertumbuhan', '5,4%', 'negara']
    """

    def __init__(
        self,
        *,
        lower: bool = True,
        aliases: bool | str | Path | None = True,
        reduplication: Literal["keep", "base"] = "keep",
        split_clitics: bool = False,
        stem: bool = False,
        stopwords: None | str | Iterable[str] = None,
        numbers: bool = True,
    ):
        if reduplication not in ("keep", "base"):
            raise ValueError(f"reduplication must be 'keep' or 'base', not {reduplication!r}.")
        self.lower = lower
        self.reduplication = reduplication
        self.split_clitics = split_clitics
        self.stem = stem
        self.numbers = numbers
        self.aliases = aliases
        alias_path = "aliases.csv" if aliases is True else aliases
        self._alias = _load_aliases(str(alias_path)) if alias_path else None
        self._canonical = (
            set(self._alias.multi.values()) | set(self._alias.single.values())
            if self._alias
            else set()
        )
        if isinstance(stopwords, str):
            self.stopwords = stop_words(stopwords)
        else:
            self.stopwords = frozenset(w.lower() for w in stopwords) if stopwords else frozenset()
        self._stemmer = _sastrawi_stemmer() if stem else None
        self._clitic_exceptions = _clitic_exceptions() if split_clitics else frozenset()
        self._types = _TypeCache(self._transform)
        self._build_lookups()

    def _build_lookups(self) -> None:
        """Small tables for the common settings, so tokenize() avoids the per-type cache.

        With lower-casing on and no stemming, clitic splitting or reduplication bases, a
        token's fate depends only on one small table (stop words, punctuation, one-word
        aliases; the case-sensitive ones are already merged by :func:`_find_multiword`),
        which stays in the CPU cache; the per-type cache of a large corpus does not; without
        ``numbers``, number tokens are dropped after it. :meth:`_transform` gives the same
        results for every token (a property test checks it).
        """
        self._fast = (self.lower and not self.stem and not self.split_clitics
                      and self.reduplication == "keep")
        self._numberless = _TypeCache(self._blank_number)
        single = self._alias.single if self._alias else {}
        cased = self._alias.single_cased if self._alias else frozenset()
        multi_cased = self._alias.multi_cased if self._alias else frozenset()
        self._cased_variants = tuple(cased | {key.split(" ")[0] for key in multi_cased})
        small = {word: "" for word in self.stopwords
                 if word not in self._canonical and not _NUMBER_RE.fullmatch(word)}
        small.update(dict.fromkeys(PUNCTUATION, ""))
        small.update({key: value for key, value in single.items() if key not in cased})
        self._small = small

    def __repr__(self) -> str:
        options = (
            f"lower={self.lower}, aliases={self.aliases!r}, reduplication={self.reduplication!r}, "
            f"split_clitics={self.split_clitics}, stem={self.stem}, "
            f"stopwords=<{len(self.stopwords)} words>, numbers={self.numbers}"
        )
        return f"Tokenizer({options})"

    @property
    def alias_tokens(self) -> frozenset[str]:
        """The canonical tokens of the alias table (``kim_jong_un``, ``pbb``, ...)."""
        return frozenset(self._canonical)

    def __call__(self, text: str) -> list[str]:
        return self.tokenize(text)

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_types"] = None  # caches are rebuilt, not pickled
        state["_stemmer"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._stemmer = _sastrawi_stemmer() if self.stem else None
        self._types = _TypeCache(self._transform)
        self._build_lookups()

    # -- the two entry points -------------------------------------------------------------
    def tokenize(self, text: str) -> list[str]:
        """Return the tokens of ``text`` (the fast path; the same tokens as :meth:`spans`)."""
        text = _split_compounds(text)
        lowered_text = self._lowered_if_safe(text) if self._fast else None
        if lowered_text is not None:
            # Lower-case the whole text once (as scikit-learn does) instead of every token.
            words = self._merge_names(_SURFACE_RE.findall(lowered_text))
            return self._drop_numbers(list(filter(None, map(self._small.get, words, words))))
        surfaces = self._merge_names(_SURFACE_RE.findall(text))
        if self._fast:
            words = list(map(str.lower, surfaces))
            return self._drop_numbers(list(filter(None, map(self._small.get, words, words))))
        return list(chain.from_iterable(map(self._types.__getitem__, surfaces)))

    def count(self, text: str) -> int:
        """The number of tokens of ``text``: ``len(self.tokenize(text))``, without making them.

        The loader counts the tokens of every article body. With the default settings (no
        stop words, numbers kept, no stemming) a surface is dropped only when it is
        punctuation, and a name of *k* surfaces becomes one token, so the count is the
        surfaces, less the punctuation outside names, less *k - 1* per name. Other settings
        tokenise and count.

        >>> tok = Tokenizer()
        >>> text = "Negara-negara Barat menuduh Korut, kata Kim Jong-un."
        >>> tok.count(text), len(tok.tokenize(text))
        (6, 6)
        """
        if not (self._fast and self.numbers and not self.stopwords):
            return len(self.tokenize(text))
        text = _split_compounds(text)
        lowered_text = self._lowered_if_safe(text)  # the surfaces tokenize() would merge
        surfaces = _SURFACE_RE.findall(text if lowered_text is None else lowered_text)
        tokens = len(surfaces) - sum(map(_PUNCTUATION_SET.__contains__, surfaces))
        if self._alias is not None:
            for first, last, _ in _find_multiword(self._alias, surfaces):
                run = surfaces[first:last + 1]
                tokens -= len(run) - sum(map(_PUNCTUATION_SET.__contains__, run)) - 1
        return tokens

    def _drop_numbers(self, tokens: list[str]) -> list[str]:
        """Without ``numbers``, drop the number tokens the fast path kept (as :meth:`_transform`).

        Only a token starting with a digit can be one (``str.isdigit`` holds for every
        character ``\\d`` matches); the answer is cached per word type."""
        if self.numbers:
            return tokens
        return list(filter(None, map(self._numberless.__getitem__, tokens)))

    @staticmethod
    def _blank_number(token: str) -> str:
        return "" if token[0].isdigit() and _NUMBER_RE.fullmatch(token) else token

    def _merge_names(self, surfaces: list[str]) -> list[str]:
        """Replace each run of surfaces that forms a name by its canonical token (one pass)."""
        found = _find_multiword(self._alias, surfaces) if self._alias is not None else []
        if not found:
            return surfaces
        merged, previous = [], 0
        for first, last, canonical in found:
            merged += surfaces[previous:first]
            merged.append(canonical)
            previous = last + 1
        merged += surfaces[previous:]
        return merged

    def _lowered_if_safe(self, text: str) -> str | None:
        """The lower-cased text, if that gives the same tokens as lower-casing each token.

        None when a case-sensitive alias variant occurs in the text (its case matters), or
        lower-casing changes the text's length (as for *İ*), where word boundaries may move.
        """
        if any(variant in text for variant in self._cased_variants):
            return None
        lowered = text.lower()
        return lowered if len(lowered) == len(text) else None

    def spans(self, text: str) -> list[Token]:
        """Return tokens with the character span ``text[start:end]`` each came from.

        >>> Tokenizer().spans("Kata Korea Utara: “imperialis”")
        [Token(token='kata', start=0, end=4), Token(token='korea_utara', start=5, end=16), Token(token='imperialis', start=19, end=29)]
        """
        matches = list(_SURFACE_RE.finditer(_split_compounds(text)))
        surfaces = [m.group() for m in matches]
        runs = {}
        if self._alias is not None:
            runs = {first: (last, canonical) for first, last, canonical in
                    _find_multiword(self._alias, surfaces)}
        found: list[Token] = []
        i = 0
        while i < len(matches):
            start, end = matches[i].span()
            if i in runs:
                last, canonical = runs[i]
                end, surface = matches[last].end(), canonical
                i = last + 1
            else:
                surface = surfaces[i]
                i += 1
            outputs = self._types[surface]
            if len(outputs) == 2 and self.split_clitics and outputs[1] in CLITICS:
                cut = end - len(outputs[1])
                found += [Token(outputs[0], start, cut), Token(outputs[1], cut, end)]
            else:
                found.extend(Token(token, start, end) for token in outputs)
        return found

    # -- per-type work (cached) --------------------------------------------------------------
    def _transform(self, surface: str) -> tuple[str, ...]:
        if len(surface) == 1 and surface in PUNCTUATION:
            return ()
        if surface in self._canonical:
            return (surface,)
        if self._alias is not None:
            single = self._alias.single
            if surface in single:
                return (single[surface],)
            lowered = surface.lower()
            if lowered in single and lowered not in self._alias.single_cased:
                return (single[lowered],)
        if _NUMBER_RE.fullmatch(surface):
            return (surface,) if self.numbers else ()
        word = surface.lower() if self.lower else surface
        if self.reduplication == "base":
            word = _reduplication_base(word)
        if word.lower() in self.stopwords:
            return ()
        pieces = [word]
        if self.split_clitics:
            pieces = _split_clitic(word, self._clitic_exceptions)
        if self._stemmer is not None:
            pieces = [_stem(self._stemmer, p) if p not in CLITICS else p for p in pieces]
        return tuple(p for p in pieces if p)


def tokenize(text: str, **options) -> list[str]:
    """Tokenise ``text`` with a :class:`Tokenizer` built from ``options``.

    >>> tokenize("Dukungan Korsel untuk PBB", stopwords="default")
    ['dukungan', 'korea_selatan', 'pbb']
    """
    return _cached_tokenizer(tuple(sorted(options.items())))(text)


@lru_cache(maxsize=32)
def _cached_tokenizer(options: tuple) -> Tokenizer:
    return Tokenizer(**dict(options))


def _reduplication_base(word: str) -> str:
    """``negara-negara`` -> ``negara``; other hyphenated words unchanged."""
    if "-" not in word:
        return word
    parts = word.split("-")
    first = parts[0].lower()
    if len(parts) > 1 and all(part.lower() == first for part in parts[1:]):
        return parts[0]
    return word


def _split_clitic(word: str, exceptions: frozenset[str]) -> list[str]:
    lowered = word.lower()
    for clitic in CLITICS:
        if lowered.endswith(clitic) and len(word) - len(clitic) >= 3 and "-" not in word[-4:]:
            if lowered in exceptions or lowered in _root_words():
                return [word]
            return [word[: -len(clitic)], word[-len(clitic) :]]
    return [word]


@lru_cache(maxsize=1)
def _root_words() -> frozenset[str]:
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset(path.read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def _clitic_exceptions() -> frozenset[str]:
    return frozenset(w.lower() for w in read_list("clitic_exceptions.txt"))


@lru_cache(maxsize=1)
def _sastrawi_stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def _stem(stemmer, word: str) -> str:
    if not word.isalpha() and "-" not in word:
        return word  # numbers, alias tokens, mixed tokens like G20
    return stemmer.stem(word) or word
