"""Terms as a reader writes them, for figure labels: spaces, capitals on names, one gloss.

Tokens are lower case and join multi-word names with ``_`` (``kerja_sama``, ``kim_jong_un``).
A label undoes that for the reader: underscores become spaces; a token that is a name gets the
capitals the project's own name data give it (the surface forms in ``data/aliases.csv``, the
speakers and aliases in ``data/speakers.csv`` and the sources in ``data/news_sources.csv``:
``putin`` -> "Putin", ``ria`` -> "RIA"); the English gloss of ``data/glossary.csv`` follows in
brackets, once (a gloss that merely repeats the name, "Kim Jong Un", or starts with it,
"RIA (Russian news agency)", is the label itself). A term without a gloss can be marked
"no gloss" so that a reader knows it was not forgotten. Labels are for display only; tables
keep the tokens.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from analysis.resources import read_table

#: What a term without a gloss is marked with when ``mark_missing`` is on.
NO_GLOSS = "no gloss"


@lru_cache(maxsize=1)
def read_names() -> dict[str, str]:
    """Token -> the capitalised form of a name, from the alias, speaker and source tables.

    Only surface forms written as names count: every word starts with a capital letter
    ("Kim Jong Un", "RIA", "Perang Dunia II"; not "Kerja sama"). The token is the form in
    lower case with spaces and hyphens as ``_``. Where two forms give
    one token, the first in file order wins.

    >>> names = read_names()
    >>> names["putin"], names["kim_jong_un"], names["ria"]
    ('Putin', 'Kim Jong Un', 'RIA')
    """
    forms = []
    aliases = read_table("aliases.csv")
    forms += list(aliases["variant"])
    speakers = read_table("speakers.csv")
    forms += [f for column in ("alias", "speaker") if column in speakers for f in speakers[column]]
    sources = read_table("news_sources.csv")
    forms += [f for column in ("source", "variant") if column in sources for f in sources[column]]
    names: dict[str, str] = {}
    for form in forms:
        form = str(form).strip()
        words = [w for w in re.split(r"[\s\-]+", form) if w]
        if form != "nan" and words and all(w[0].isupper() for w in words):
            names.setdefault(_token(form), form)
    return names


def _token(form: str) -> str:
    return re.sub(r"[\s\-]+", "_", form.strip().lower())


def display_term(term: str, names: Mapping[str, str] | None = None) -> str:
    """A token as a reader writes it: ``kerja_sama`` -> "kerja sama", ``putin`` -> "Putin".

    >>> display_term("kerja_sama"), display_term("vladimir_putin"), display_term("surat")
    ('kerja sama', 'Vladimir Putin', 'surat')
    """
    names = read_names() if names is None else names
    term = str(term)
    return names.get(term.lower(), term.replace("_", " "))


def term_label(term: str, glossary: Mapping[str, str], *, names: Mapping[str, str] | None = None,
               mark_missing: bool = True) -> str:
    """One figure label: the term as written, then its gloss in brackets, once.

    >>> glossary = {"surat": "letter", "kim_jong_un": "Kim Jong Un",
    ...             "ria": "RIA (Russian news agency)", "rusia": "Russia"}
    >>> [term_label(t, glossary) for t in ["surat", "kim_jong_un", "ria", "rusia", "kerja_sama"]]
    ['surat (letter)', 'Kim Jong Un', 'RIA (Russian news agency)', 'Rusia (Russia)', 'kerja sama (no gloss)']
    """
    names = read_names() if names is None else names
    shown = display_term(term, names)
    gloss = str(glossary.get(str(term), "") or "").strip()
    if not gloss:
        needs_gloss = mark_missing and any(ch.isalpha() for ch in shown)  # not "2019", "%"
        return f"{shown} ({NO_GLOSS})" if needs_gloss else shown
    if str(term).lower() not in names and gloss[0].isupper() and shown.islower():
        shown = shown.title()  # the gloss is a name (Russia, Moscow), so is the term
    if gloss.lower() == shown.lower() or gloss.lower().startswith(shown.lower() + " ("):
        return gloss
    return f"{shown} ({_flat(gloss)})"


def _flat(gloss: str) -> str:
    """A gloss without brackets of its own, so that a label has one level of brackets.

    >>> _flat("said / word (attribution cue)"), _flat("(outer) space"), _flat("missile(s)")
    ('said / word, attribution cue', 'outer space', 'missiles')
    """
    return re.sub(r"\s*\(\s*", lambda m: ", " if m.start() > 0 and m.group(0).startswith(" ")
                  else "", gloss).replace(")", "")


def term_labels(terms: Iterable[str], glossary: Mapping[str, str] | None = None, *,
                mark_missing: bool = True, max_length: int | None = None) -> list[str]:
    """:func:`term_label` for each term, with the shipped glossary by default.

    ``max_length`` shortens longer labels at a word boundary with "…" (figures; the tables
    keep every gloss in full).

    >>> term_labels(["kerja_sama", "putin", "2019"])
    ['kerja sama (cooperation)', 'Putin (Vladimir Putin)', '2019']
    """
    if glossary is None:
        from analysis.terms import read_glossary

        glossary = read_glossary()
    names = read_names()
    labels = [term_label(t, glossary, names=names, mark_missing=mark_missing) for t in terms]
    if max_length:
        labels = [_shorten(label, max_length) for label in labels]
    return labels


def _shorten(label: str, width: int) -> str:
    """``label`` cut to at most ``width`` characters at a word boundary, closing an open bracket.

    >>> _shorten("kata (said / word, attribution cue)", 24)
    'kata (said / word…)'
    """
    if len(label) <= width:
        return label
    head = label[:width - 2]
    if " " in head:
        head = head.rsplit(" ", 1)[0].rstrip(",;/ ")
    head += "…"
    return head + ")" if head.count("(") > head.count(")") else head
