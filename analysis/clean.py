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
from typing import NamedTuple

from analysis.dates import date_words, find_dates, is_date_line
from analysis.outlets import is_outlet_name
from analysis.prechecks import RuleList, searcher
from analysis.prechecks import search as _search
from analysis.resources import read_yaml
from analysis.tokens import stop_words

#: Labels of kept lines and of dropped ones.
KEPT = ("title", "dateline", "byline", "caption", "body", "subheading", "credit")
DROPPED = ("title_repeat", "caption_repeat", "boilerplate", "blank", "skipped")  # skipped: the loader skipped the whole file
LABELS = KEPT + DROPPED


@dataclass(frozen=True)
class LineLabel:
    """The label of one input line and, for dropped or special lines, why."""

    label: str
    reason: str = ""


# The labels without a reason, made once: labels are immutable, and a frozen dataclass costs a
# microsecond to construct, once per line of every page otherwise.
_BLANK, _BODY, _CAPTION = LineLabel("blank"), LineLabel("body"), LineLabel("caption")


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
    section_words: frozenset = frozenset()
    read_also_header: re.Pattern | None = None
    photo_credit: re.Pattern | None = None


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
            section_words=frozenset(w.lower() for w in raw.get("section_words", [])),
            read_also_header=_compile(raw["read_also_header"], "") if raw.get("read_also_header") else None,
            photo_credit=re.compile(raw["photo_credit"], re.IGNORECASE) if raw.get("photo_credit") else None,
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
    # line.split(None, n) stops after n splits: "at least k words" without splitting a paragraph
    if _ends_sentence(line) and len(line.split(None, 6)) >= 6:
        return True
    return len(line.split(None, 20)) >= 20 and function_word_density(line) >= 0.2


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
        and (line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"'“‘”’«")
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
    body_start, standfirst = _skip_standfirst(stripped, labels, rules, body_start)
    for i in standfirst:
        labels[i] = LineLabel("body", "standfirst above the byline or date")
    _pass_end(stripped, labels, rules, body_start)
    _pass_header(stripped, labels, rules, body_start, title)
    _pass_body(stripped, labels, rules, body_start)
    return [lab or LineLabel("boilerplate", "unclassified") for lab in labels]


def line_key(line: str) -> str:
    """A line compared as the labelling compares lines: white space runs made one space,
    case folded (``" ".join(line.split()).casefold()``).

    Every white-space character but the space is unprintable, so a printable line without
    double, leading or trailing spaces is its own normal form, and is only case-folded (the
    common case: no split and join for each line).

    >>> line_key("  Baca\u00a0JUGA:  Rusia "), line_key("Baca juga: Rusia")
    ('baca juga: rusia', 'baca juga: rusia')
    """
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line.casefold()
    return " ".join(line.split()).casefold()


def _pass_furniture(stripped, labels, rules, extra, title):
    first_seen: dict[str, int] = {}
    normal_title = line_key(title)
    boilerplate = _lists(rules).boilerplate
    extra = _extra_list(tuple(extra)) if extra else None
    for i, line in enumerate(stripped):
        if not line:
            labels[i] = _BLANK
            continue
        key = line_key(line)
        if key in first_seen:
            labels[i] = LineLabel("repeat", f"repeat of line {first_seen[key] + 1}")
            continue
        first_seen[key] = i
        if normal_title and key == normal_title:
            labels[i] = LineLabel("title", "matches the manifest title")
            continue
        rule = boilerplate.first(line)
        if rule >= 0:
            labels[i] = LineLabel("boilerplate", rules.boilerplate[rule][0])
        elif extra is not None and extra.any(line):
            labels[i] = LineLabel("boilerplate", "outlet rule")


def _original_index(label: LineLabel) -> int:
    """Index of the line a ``repeat`` label repeats (its reason is "repeat of line N")."""
    return int(label.reason.rsplit(" ", 1)[1]) - 1


def _repeated_originals(labels) -> set[int]:
    """Indexes of the lines that occur again later in the file."""
    return {_original_index(lab) for lab in labels if lab and lab.label == "repeat"}


def _is_caption(line: str, rules: Rules) -> bool:
    return _lists(rules).caption.first(line) >= 0


def _first_prose(stripped, labels, rules, start: int = 0) -> int:
    """Index of the first line from ``start`` that starts the body: prose, not a caption, not
    repeated, not the caption under a photo credit."""
    repeated = _repeated_originals(labels)
    for i in range(start, len(stripped)):
        line = stripped[i]
        if labels[i] is None and i not in repeated and is_prose(line) and not _is_caption(line, rules):
            if not _is_dateline(line, rules) and not _after_photo_credit(stripped, i, rules) \
                    and not (is_headline_case(line) and line.rstrip()[-1:] in "?!"):
                return i
    return len(stripped)


def is_headline_case(line: str) -> bool:
    """Title Case, as headlines are set: at least three longer words, three in four capitalised.

    >>> is_headline_case("Apa Misi Putin Temui Kim Jong Un di Pyongyang?")
    True
    >>> is_headline_case("Putin tiba di Pyongyang pada Rabu pagi untuk bertemu Kim?")
    False
    """
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
    return 3 <= len(words) and len(line.split()) <= 25 and \
        sum(w[:1].isupper() for w in words) / len(words) >= 0.75


def _is_photo_credit(line: str, rules: Rules) -> bool:
    """A photo credit on its own line ("AFP/POOL/NAMA", "Foto : Dok. Panitia")."""
    return rules.photo_credit is not None and bool(rules.photo_credit.match(line))


#: The opening of a first paragraph ("JAKARTA -", "Warta Ekonomi, Jakarta -", "Jakarta:").
_LEAD_OPENER = re.compile(r"^[A-Z][\w.'’ ,-]{1,40}?(?:\s*\([A-Z]+\))?\s*(?:-{1,2}|[–—:])\s")


def _after_photo_credit(stripped, i, rules) -> bool:
    """Whether the line before ``i`` (blank lines aside) is a photo credit and ``i``, which does
    not open like a first paragraph, is the photo's caption."""
    j = i - 1
    while j >= 0 and not stripped[j]:
        j -= 1
    # The opener pattern backtracks over up to 40 characters: tried only after a photo credit.
    return j >= 0 and _is_photo_credit(stripped[j], rules) and not _LEAD_OPENER.match(stripped[i])


def _skip_standfirst(stripped, labels, rules, body_start) -> tuple[int, list[int]]:
    """A prose line followed, before any other prose, by a byline or date line is the
    standfirst (the summary printed above the byline): the body starts after that block."""
    standfirst = []
    while body_start < len(stripped):
        following, j = [], body_start + 1
        while j < len(stripped) and len(following) < 5:
            if stripped[j] and labels[j] is None:
                if is_prose(stripped[j]) and not _is_dateline(stripped[j], rules):
                    break
                following.append(j)
            j += 1
        meta = [k for k in following if rules.byline.search(stripped[k]) or _is_dateline(stripped[k], rules)]
        if not meta or j >= len(stripped):
            break
        standfirst.append(body_start)
        body_start = _first_prose(stripped, labels, rules, j)
    return body_start, standfirst


def _pass_end(stripped, labels, rules, body_start):
    end = None
    end_markers, credits = _lists(rules).end_marker, _lists(rules).credit
    inline_credit = searcher(rules.inline_credit)
    for i in range(body_start, len(stripped)):
        line = stripped[i]
        if labels[i] is not None and labels[i].label in ("blank", "repeat"):
            continue
        if (labels[i] is None or labels[i].label == "boilerplate") and rules.read_also_header \
                and rules.read_also_header.search(line):
            _label_read_also(stripped, labels, i)
            continue
        marker = end_markers.first(line)
        if marker >= 0:
            labels[i], end = LineLabel("boilerplate", rules.end_marker[marker][0]), i
            break
        if credits.any(line):
            labels[i], end = LineLabel("credit"), i
            break
        if labels[i] is None and inline_credit(line):
            end = i  # "... pertahanan. [ah/rs]": the line is body, the article ends here
            break
    if end is None:
        return
    for j in range(end + 1, len(stripped)):
        if labels[j] is None or labels[j].label not in ("blank",):
            labels[j] = LineLabel("boilerplate", f"after the end of the article (line {end + 1})")


def _label_read_also(stripped, labels, i) -> None:
    """A "Baca juga" header and the links under it, up to the next prose line."""
    labels[i] = LineLabel("boilerplate", "read-also list")
    for j in range(i + 1, len(stripped)):
        if not stripped[j] or labels[j] is not None:
            continue
        if is_prose(stripped[j]):
            return
        labels[j] = LineLabel("boilerplate", "read-also link")


def _is_dateline(line: str, rules: Rules) -> bool:
    return (bool(rules.dateline.search(line)) or is_date_line(line)) and not _is_caption(line, rules)


def _pass_header(stripped, labels, rules, body_start, title):
    """Label the lines before the body: date lines, bylines, captions, menus, the headline."""
    dates, anchors, candidates = [], [], []
    for i in range(body_start):
        line, lab = stripped[i], labels[i]
        if lab is not None and lab.label != "boilerplate":
            continue
        if _is_dateline(line, rules) and find_dates(line):
            dates.append(i)
            continue
        if lab is not None:
            continue
        if rules.byline.search(line):
            labels[i] = LineLabel("byline")
            anchors.append(i)
        elif _is_caption(line, rules) or _after_photo_credit(stripped, i, rules):
            labels[i] = _CAPTION
        elif _is_navigation(line, rules):
            labels[i] = LineLabel("boilerplate", "navigation menu")
        elif is_outlet_name(line):
            labels[i] = LineLabel("boilerplate", "outlet name")
        elif is_title_like(line):
            candidates.append(i)
        else:
            labels[i] = LineLabel("boilerplate", "page header")
    title_at = next((i for i, lab in enumerate(labels) if lab and lab.label == "title"), None)
    if candidates and title_at is None and not title:
        title_at = _choose_title(candidates, stripped, labels, dates, anchors, body_start)
        if title_at is not None:
            labels[title_at] = LineLabel("title", "headline-like line before the body")
    for i in candidates:
        if i != title_at:
            labels[i] = LineLabel("boilerplate", "page header")
    _label_dates(stripped, labels, dates, title_at, body_start)


def _label_dates(stripped, labels, dates, title_at, body_start):
    """One date line is the publication date (see :func:`_choose_dateline`); the others are not."""
    chosen = _choose_dateline(stripped, dates, title_at)
    if chosen is None:  # a labelled publication date inside the article ("Diterbitkan: ...")
        published_in = searcher(date_words().published)
        chosen = next((i for i in range(body_start, len(stripped)) if labels[i] is None
                       and is_date_line(stripped[i]) and published_in(stripped[i])  # cheap test first
                       and any(d.kind == "published" for d in find_dates(stripped[i]))), None)
    for i in dates:
        if i == chosen:
            continue
        if labels[i] is None:
            found = find_dates(stripped[i])
            reason = ("update time" if all(d.kind == "updated" for d in found) else
                      "a date before the headline (the day the page was copied, or a listed article)"
                      if title_at is not None and i < title_at else "a date that is not the article's")
            labels[i] = LineLabel("boilerplate", reason)
    if chosen is not None:
        labels[chosen] = LineLabel("dateline")


def _choose_dateline(stripped, dates, title_at) -> int | None:
    """The publication date line: labelled "Diterbitkan" first, else the first date line after
    the headline, else a timed date just above it; without a headline, the only timed date.
    A date above the headline without a time (a "today" header) and update times never are."""
    found = {i: find_dates(stripped[i]) for i in dates}
    labelled = [i for i in dates if any(d.kind == "published" for d in found[i])]
    if labelled:
        return labelled[0]
    top = {i for i in _page_top(stripped) if title_at is None or i < title_at}  # copying day/clock
    plain = [i for i in dates if i not in top and any(d.kind == "" for d in found[i])
             and (any(d.has_time for d in found[i]) or _words_besides_dates(stripped[i]) <= 4)]
    timed = [i for i in plain if any(d.kind == "" and d.has_time for d in found[i])]
    if title_at is None:
        return timed[0] if len(timed) == 1 else None
    after = [i for i in plain if i > title_at]
    if after:
        return after[0]
    near = [i for i in timed if i < title_at and _nonblank_between(stripped, i, title_at) <= 2]
    return near[-1] if near else None


def _words_besides_dates(line: str) -> int:
    """Words in a line outside its dates, weekday names aside: a date without a time among
    more words ("Kim dan Putin di Vostochny, 13 September 2023") is a caption's, not a dateline."""
    rest = line
    for found in reversed(find_dates(line)):
        rest = rest[:found.start] + " " + rest[found.end:]
    weekdays = date_words().weekdays
    return sum(1 for w in re.findall(r"[^\W\d_]{2,}", rest) if w.lower() not in weekdays)


def _page_top(stripped, lines: int = 2) -> set[int]:
    """Indexes of the first ``lines`` non-blank lines of the page."""
    return set([i for i, line in enumerate(stripped) if line][:lines])


def _nonblank_between(stripped, start, stop) -> int:
    return sum(1 for j in range(start + 1, stop) if stripped[j])


def _is_navigation(line: str, rules: Rules) -> bool:
    """A menu or breadcrumb: mostly section names ("Home News Internasional"), or items
    separated by "|", "›", "»" or ">"."""
    if len(re.findall(r"\s[|›»>]\s|^[|›»>]\s", line)) >= 2:
        return True
    words = re.findall(r"[^\W\d_]+", line.lower())
    if len(words) < 3 or re.search(r"[.!?,:;\"“”]", line):
        return False
    share = sum(w in rules.section_words for w in words) / len(words)
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in line.split())
    return share >= 0.6 or (len(words) >= 8 and capitalised and share >= 0.3)


def _echoes(stripped) -> dict[str, int]:
    """Lines that repeat another line at their end ("Home > Dunia > <headline>", "zoom-in
    <headline>") or start ("<headline> - Kompas.com"): the text repeated, with its count."""
    keys: dict[str, int] = {}
    for line in stripped:
        parts = _ECHO_SEPARATORS.split(line)
        if len(parts) == 1:  # no separator: the line is its own only part, not an echo
            continue
        whole = line_key(line)
        for part in parts:
            part = line_key(part)
            if part and part != whole:
                keys[part] = keys.get(part, 0) + 1
    return keys


_ECHO_SEPARATORS = re.compile(r"\s*[|›»>]\s*|\s+[-–—]\s+|^zoom-in\s+")


def _choose_title(candidates, stripped, labels, dates, anchors, body_start) -> int | None:
    """The headline among the title-like header lines, or None when it is not clear.

    1. a candidate the page repeats (exactly, or inside a breadcrumb or browser title);
    2. else the run of candidates just before the last byline or timed date line that has
       one at most four lines above it (a run is consecutive candidates: one line, or a
       headline and its deck; a person's name is not a run); teasers with their times above
       the article come before the article's own headline and date, nearer the body;
    3. else the run just before the body. A run of three or more is a list: no choice.
    """
    repeated = _repeated_originals(labels)
    echoes = _echoes(stripped[:body_start])
    rep = [i for i in candidates
           if i in repeated or echoes.get(line_key(stripped[i]))]
    timed = [i for i in dates if any(d.has_time for d in find_dates(stripped[i]))]
    marks = sorted(anchors + timed) or sorted(dates)
    if len(rep) > 1 and marks:  # several repeated lines: the one nearest above the date/byline
        near = [i for i in rep if i < marks[0]]
        return near[-1] if near else rep[0]
    if rep:
        return rep[0]
    runs = _runs(candidates, stripped)
    for mark in reversed(marks):  # the article's own headline and date are the pair nearest the body
        before = [run for run in runs if run[-1] < mark
                  and not all(_is_name_like(stripped[i]) for i in run)]
        if before and _nonblank_between(stripped, before[-1][-1], mark) <= 4:
            run = before[-1]
            return _headline_of(run, stripped) if len(run) <= 2 else None
    before_body = [run for run in runs if run[-1] < body_start]
    if before_body and len(before_body[-1]) <= 2:
        return _headline_of(before_body[-1], stripped)
    return None


def _headline_of(run, stripped) -> int:
    """The headline of a run of one or two lines: the first (a headline and its deck), unless
    only the other one is more than a person's name ("Nama Penulis" above the headline)."""
    names = [_is_name_like(stripped[i]) for i in run]
    if len(run) == 2 and names[0] and not names[1]:
        return run[1]
    return run[0]


def _is_name_like(line: str) -> bool:
    """Two to four capitalised words and nothing else: a person's name, as bylines print it."""
    words = line.split()
    return 2 <= len(words) <= 4 and all(re.fullmatch(r"[A-Z][a-z.'’-]*\.?", w) for w in words)


def _runs(candidates, stripped) -> list[list[int]]:
    """Candidates grouped into runs of consecutive lines (blank lines between are allowed)."""
    runs: list[list[int]] = []
    for i in candidates:
        if runs and all(not stripped[j] for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _pass_body(stripped, labels, rules, body_start):
    for i in range(body_start, len(stripped)):
        if labels[i] is not None:
            continue
        line = stripped[i]
        if _is_caption(line, rules) or _after_photo_credit(stripped, i, rules):
            labels[i] = _CAPTION
        elif is_prose(rules.inline_credit.sub("", line) if _search(rules.inline_credit, line) else line):
            labels[i] = _BODY
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


# -- the rules as pre-checked lists (analysis.prechecks) ------------------------------------------
class _Lists(NamedTuple):
    boilerplate: RuleList
    end_marker: RuleList
    credit: RuleList
    caption: RuleList


_LISTS: dict[int, tuple] = {}  # id(rules or pattern tuple) -> (that object, its rule list(s))


def _lists(rules: Rules) -> _Lists:
    """The rule lists of ``rules``, built once per :class:`Rules` object."""
    entry = _LISTS.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = _LISTS[id(rules)] = (rules, _Lists(
            RuleList(p for _, p in rules.boilerplate), RuleList(p for _, p in rules.end_marker),
            RuleList(rules.credit), RuleList(rules.caption)))
    return entry[1]


def _extra_list(patterns: tuple[re.Pattern, ...]) -> RuleList:
    """A per-outlet pattern tuple as a :class:`RuleList`, built once per tuple."""
    entry = _LISTS.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        entry = _LISTS[id(patterns)] = (patterns, RuleList(patterns))
    return entry[1]
