"""Boilerplate removal for page text copied from news sites: label every line.

A page dump holds one article among navigation, tickers, "Baca juga" links, popular and
related-article lists, repeated captions and credit lines. Following the idea of jusText
(Pomikálek 2011, *Removing Boilerplate and Duplicate Content from Web Corpora*), which
classifies HTML paragraphs by length, stop-word density and their neighbours, each line of a
text dump is labelled in four passes, all driven by the editable rules in
``data/cleaning_rules.yaml`` (general, not tied to one outlet) plus optional per-outlet
patterns in ``data/outlets.yaml``:

1. blank lines, exact repeats of an earlier line and page-furniture patterns;
2. the end of the article: the first related/popular-list header, follow-us prompt or
   credit line after the body has started; every later line is dropped;
3. the header before the first prose paragraph: dateline, byline, captions, headline;
4. prose lines become body; short lines between body paragraphs become subheadings.

Every line gets exactly one label from :data:`LABELS` and, when it is not kept as article
text, a reason, so nothing is lost silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.resources import read_yaml
from analysis.tokens import stop_words

#: Labels of kept lines and of dropped ones.
KEPT = ("title", "dateline", "byline", "caption", "body", "subheading", "credit")
DROPPED = ("title_repeat", "caption_repeat", "boilerplate", "blank")
LABELS = KEPT + DROPPED


@dataclass(frozen=True)
class LineLabel:
    """The label of one input line and, for dropped or special lines, why."""

    label: str
    reason: str = ""


@dataclass(frozen=True)
class Rules:
    boilerplate: tuple[tuple[str, re.Pattern], ...]
    end_marker: tuple[tuple[str, re.Pattern], ...]
    credit: tuple[re.Pattern, ...]
    inline_credit: re.Pattern
    caption: tuple[re.Pattern, ...]
    dateline: re.Pattern
    byline: re.Pattern
    place_prefix: re.Pattern


def _compile(pattern: str, source: str) -> re.Pattern:
    flags = 0 if "case-sensitive" in source else re.IGNORECASE
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise ValueError(f"Cleaning rule {pattern!r} is not a valid regular expression: {error}")


@lru_cache(maxsize=8)
def load_rules(path: str | Path = "cleaning_rules.yaml") -> Rules:
    """Read and compile the cleaning rules (``data/cleaning_rules.yaml`` by default)."""
    raw = read_yaml(path)
    try:
        return Rules(
            boilerplate=tuple((r, _compile(p, "")) for r, p in raw["boilerplate"]),
            end_marker=tuple((r, _compile(p, "")) for r, p in raw["end_marker"]),
            credit=tuple(
                re.compile(p) if p.startswith("^[A-Z]") else _compile(p, "") for p in raw["credit"]
            ),
            inline_credit=_compile(raw["inline_credit"], ""),
            caption=tuple(_compile(p, "") for p in raw["caption"]),
            dateline=_compile(raw["dateline"], ""),
            byline=_compile(raw["byline"], ""),
            place_prefix=re.compile(raw["place_prefix"]),
        )
    except KeyError as error:
        raise ValueError(f"{path}: the cleaning rules need a {error.args[0]!r} entry.") from None


def is_prose(line: str) -> bool:
    """Whether a line reads as a paragraph of running Indonesian text.

    A paragraph ends like a sentence (``.``, ``!``, ``?``, possibly followed by a closing
    quote or bracket) and has at least six words, or is long (20 words or more) with the
    function-word density of Indonesian prose.

    >>> is_prose("Kim berharap Putin menang atas skema anti-Rusia.")
    True
    >>> is_prose("Hubungan Diplomatik")
    False
    """
    words = line.split()
    if len(words) >= 6 and _ends_sentence(line):
        return True
    return len(words) >= 20 and function_word_density(line) >= 0.2


def _ends_sentence(line: str) -> bool:
    r"""Whether the line ends in ``.``, ``!`` or ``?``, then closing quotes or brackets, then space.

    The same answer as ``re.search(r"[.!?][\"'”’)\]]*\s*$", line)`` (str.rstrip and ``\s``
    agree on what white space is), without trying the pattern at every position of the line.
    """
    return line.rstrip().rstrip(_CLOSERS)[-1:] in (".", "!", "?")


_CLOSERS = "\"'”’)]"


def function_word_density(line: str) -> float:
    """Share of words that are Indonesian function words (Sastrawi's stop-word list)."""
    words = re.findall(r"\w+", line.lower())
    if not words:
        return 0.0
    stops = stop_words("sastrawi")
    return sum(w in stops for w in words) / len(words)


def is_title_like(line: str) -> bool:
    """A headline: 3-30 words, no final full stop, starts with a capital or digit."""
    words = line.split()
    return (
        3 <= len(words) <= 30
        and not line.rstrip().endswith(".")
        and (line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"'“‘")
    )


def classify_lines(
    lines: list[str],
    *,
    rules: Rules | None = None,
    extra_boilerplate: tuple[re.Pattern, ...] = (),
    title: str = "",
) -> list[LineLabel]:
    """Label each line of one article's page text.

    Parameters
    ----------
    lines : list of str
        The lines of the file, in order, without line terminators.
    rules : Rules, optional
        Compiled cleaning rules; the shipped ones by default.
    extra_boilerplate : tuple of compiled patterns
        Per-outlet patterns (``boilerplate`` in ``data/outlets.yaml``).
    title : str
        The headline when known (from the manifest); lines equal to it are labelled title.

    Returns
    -------
    list of LineLabel
        One per input line.

    Examples
    --------
    >>> labels = classify_lines(["Kim dan Putin Bertukar Surat", "",
    ...     "Pemimpin Korea Utara Kim Jong Un dan Presiden Rusia bertukar surat.",
    ...     "Baca juga: Rusia Tunjukkan Rudal", "Populer", "Berita lain yang tidak terkait."])
    >>> [lab.label for lab in labels]
    ['title', 'blank', 'body', 'boilerplate', 'boilerplate', 'boilerplate']
    """
    rules = rules or load_rules()
    labels: list[LineLabel | None] = [None] * len(lines)
    stripped = [line.strip() for line in lines]
    _pass_furniture(stripped, labels, rules, extra_boilerplate, title)
    body_start = _first_prose(stripped, labels, rules)
    _pass_end(stripped, labels, rules, body_start)
    _pass_header(stripped, labels, rules, body_start, title)
    _pass_body(stripped, labels, rules, body_start)
    return [lab or LineLabel("boilerplate", "unclassified") for lab in labels]


def _pass_furniture(stripped, labels, rules, extra, title):
    first_seen: dict[str, int] = {}
    normal_title = " ".join(title.split()).casefold()
    for i, line in enumerate(stripped):
        if not line:
            labels[i] = LineLabel("blank")
            continue
        key = " ".join(line.split()).casefold()
        if key in first_seen:
            labels[i] = LineLabel("repeat", f"repeat of line {first_seen[key] + 1}")
            continue
        first_seen[key] = i
        if normal_title and key == normal_title:
            labels[i] = LineLabel("title", "matches the manifest title")
            continue
        for reason, pattern in rules.boilerplate:
            if pattern.search(line):
                labels[i] = LineLabel("boilerplate", reason)
                break
        else:
            if any(p.search(line) for p in extra):
                labels[i] = LineLabel("boilerplate", "outlet rule")


def _original_index(label: LineLabel) -> int:
    """Index of the line a ``repeat`` label repeats (its reason is "repeat of line N")."""
    return int(label.reason.rsplit(" ", 1)[1]) - 1


def _repeated_originals(labels) -> set[int]:
    """Indexes of the lines that occur again later in the file."""
    return {_original_index(lab) for lab in labels if lab and lab.label == "repeat"}


def _is_caption(line: str, rules: Rules) -> bool:
    return any(p.search(line) for p in rules.caption)


def _first_prose(stripped, labels, rules) -> int:
    """Index of the first line that starts the body: prose, not a caption, not repeated."""
    repeated = _repeated_originals(labels)
    for i, line in enumerate(stripped):
        if labels[i] is None and i not in repeated and is_prose(line) and not _is_caption(line, rules):
            if not rules.dateline.search(line):
                return i
    return len(stripped)


def _pass_end(stripped, labels, rules, body_start):
    end = None
    for i in range(body_start, len(stripped)):
        line = stripped[i]
        if labels[i] is not None and labels[i].label in ("blank", "repeat"):
            continue
        marker = next((r for r, p in rules.end_marker if p.search(line)), None)
        if marker:
            labels[i], end = LineLabel("boilerplate", marker), i
            break
        if any(p.search(line) for p in rules.credit):
            labels[i], end = LineLabel("credit"), i
            break
        if labels[i] is None and rules.inline_credit.search(line):
            end = i  # "... pertahanan. [ah/rs]": the line is body, the article ends here
            break
    if end is None:
        return
    for j in range(end + 1, len(stripped)):
        if labels[j] is None or labels[j].label not in ("blank",):
            labels[j] = LineLabel("boilerplate", f"after the end of the article (line {end + 1})")


def _pass_header(stripped, labels, rules, body_start, title):
    have_title = any(lab and lab.label == "title" for lab in labels)
    candidates = []
    for i in range(body_start):
        line = stripped[i]
        if rules.dateline.search(line) and (labels[i] is None or labels[i].label == "boilerplate"):
            if not any(lab and lab.label == "dateline" for lab in labels):
                labels[i] = LineLabel("dateline")  # the first date in the header, even if
                continue  # it has the shape of a listed article's time stamp
        if labels[i] is not None:
            continue
        if rules.byline.search(line):
            labels[i] = LineLabel("byline")
        elif _is_caption(line, rules):
            labels[i] = LineLabel("caption")
        elif is_title_like(line):
            candidates.append(i)
        else:
            labels[i] = LineLabel("boilerplate", "page header")
    if candidates and not have_title and not title:
        chosen = _choose_title(candidates, stripped, labels)
        labels[chosen] = LineLabel("title", "headline-like line before the body")
        candidates.remove(chosen)
    for i in candidates:
        labels[i] = LineLabel("boilerplate", "page header")


def _choose_title(candidates, stripped, labels) -> int:
    """Prefer a repeated headline, then the line just before the dateline, then the longest."""
    repeated = _repeated_originals(labels)
    for i in candidates:
        if i in repeated:
            return i
    dateline = next((i for i, lab in enumerate(labels) if lab and lab.label == "dateline"), None)
    if dateline is not None:
        before = [i for i in candidates if i < dateline]
        if before:
            return before[-1]
    return max(candidates, key=lambda i: len(stripped[i].split()))


def _pass_body(stripped, labels, rules, body_start):
    for i in range(body_start, len(stripped)):
        if labels[i] is not None:
            continue
        line = stripped[i]
        if _is_caption(line, rules):
            labels[i] = LineLabel("caption")
        elif is_prose(rules.inline_credit.sub("", line) if rules.inline_credit.search(line) else line):
            labels[i] = LineLabel("body")
        elif len(line.split()) <= 12 and _next_is_body(stripped, labels, i):
            labels[i] = LineLabel("subheading")
        else:
            labels[i] = LineLabel("boilerplate", "short line inside the article area")
    # Repeats take the kind of the line they repeat.
    for i, lab in enumerate(labels):
        if lab and lab.label == "repeat":
            original = labels[_original_index(lab)]
            kind = {"title": "title_repeat", "caption": "caption_repeat"}.get(
                original.label if original else "", "boilerplate"
            )
            labels[i] = LineLabel(kind, lab.reason)


def _next_is_body(stripped, labels, i) -> bool:
    for j in range(i + 1, len(stripped)):
        if labels[j] is not None and labels[j].label == "blank":
            continue
        return labels[j] is None and is_prose(stripped[j])
    return False
