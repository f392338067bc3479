"""Cheap literal pre-checks before regular-expression searches: the same answers, fewer searches.

The loader searches every line of every page with dozens of editable rules
(``data/cleaning_rules.yaml``, date and copyright patterns). Most rules need some literal text
("google news", "[", "/"): a match of the pattern must contain it. Python's ``in`` finds a
literal far faster than an unanchored, case-insensitive pattern tries every position of a
300-character paragraph, so where a needed literal is absent the search is skipped and the
answer (no match) is the one the search would give. The literals are read off the pattern's
parse tree (``re._parser``, the parser ``re`` itself uses), the same idea as the "required
literal" filter of GNU grep and of RE2's prefilter trees (Cox 2012, *Regular Expression
Matching with a Trigram Index*). Rules anchored at the start of the line (``^...``) fail at
the first position already; several of them are tried as one alternation, once per line, and
only when that alternation matches are they tried one by one, in order (:class:`RuleList`),
and a rule list remembers its answer for the lines it saw last (page furniture repeats from page
to page, and the labelling asks about one line several times). Every shortcut gives the same result as the plain search (tests/test_loading_speed.py checks
this with generated lines for every shipped rule).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Characters other than A-Z that a case-insensitive pattern letter matches (found by trying
# every code point against [a-z] with re.IGNORECASE): İ ı -> i, ſ -> s, K (Kelvin) -> k.
FOLD_SPECIAL = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_FOLD_CHARS = "".join(map(chr, FOLD_SPECIAL))


class Needs(NamedTuple):
    """Literals a match must contain: one of every group (lower-cased when ``folded``)."""

    groups: tuple[frozenset[str], ...]
    folded: bool


_SEARCHERS: dict[int, tuple] = {}  # id(pattern) -> (pattern, its search function)


def search(pattern: re.Pattern, line: str):
    """``pattern.search(line)``, or None without searching when a needed literal is absent.

    >>> search(re.compile(r"google news", re.I), "Ikuti kami di Google News") is not None
    True
    >>> search(re.compile(r"google news", re.I), "Presiden tiba di Moskow.") is None
    True
    """
    return searcher(pattern)(line)


def searcher(pattern: re.Pattern):
    """``pattern.search``, or the same with the pre-checks (needed literals, last character)
    where the pattern has them."""
    entry = _SEARCHERS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        found, ends = needs(pattern), final_characters(pattern)
        entry = _SEARCHERS[id(pattern)] = (pattern, pattern.search if found is None and ends is None
                                           else _checked_search(pattern, found, ends))
    return entry[1]


def _checked_search(pattern: re.Pattern, found: Needs | None, ends: frozenset[str] | None):
    search_ = pattern.search
    groups, folded = (found.groups, found.folded) if found is not None else ((), False)

    def checked(line: str):
        if ends is not None and line.rstrip()[-1:] not in ends:
            return None
        text = fold(line) if folded else line
        for group in groups:
            for literal in group:
                if literal in text:
                    break
            else:
                return None
        return search_(line)

    return checked


def has_needs(found: Needs | None, line: str) -> bool:
    """Whether ``line`` holds a literal of every group of ``found`` (True when there are none)."""
    if found is None:
        return True
    text = fold(line) if found.folded else line
    return all(any(literal in text for literal in group) for group in found.groups)


@lru_cache(maxsize=256)
def fold(line: str) -> str:
    """The line lower-cased so that a case-insensitive literal match implies a substring.

    Remembered for the last 256 lines: the pre-checks of several rule lists fold the same line,
    one pass of the labelling after another, and lower-casing a line that is not ASCII goes
    through the full Unicode case mapping, character by character.

    >>> fold("İKUTİ Berita")
    'ikuti berita'
    """
    special = not line.isascii() and any(c in line for c in _FOLD_CHARS)
    # str.translate is slow: only for the rare lines that need it
    return (line.translate(FOLD_SPECIAL) if special else line).lower()


def needs(pattern: re.Pattern) -> Needs | None:
    """The literals any match of ``pattern`` contains, from its parse tree (None if none found).

    Anchored patterns (``^...``) whose first step is a single character fail fast at the first
    position already: no pre-check for them.

    >>> [sorted(group) for group in needs(re.compile(r"(google news|ikuti (berita|kami))", re.I)).groups]
    [['google news', 'ikuti ']]
    """
    from re import _parser  # the parser re itself uses (Python >= 3.11)

    folded = bool(pattern.flags & re.IGNORECASE)
    try:
        items = _parser.parse(pattern.pattern, pattern.flags).data
        if anchored(items) and not _slow_start(items):
            return None
        groups = _sequence_needs(items, folded)
    except (re.error, TypeError, ValueError, AttributeError, IndexError):
        return None
    # Groups with fewer literals first: one absent group is enough to skip the search.
    return Needs(tuple(sorted(groups, key=len)), folded) if groups else None


def anchored(items) -> bool:
    """Whether every match must start at the beginning of the text (``^...``)."""
    from re import _constants as c

    if not items:
        return False
    op, av = items[0]
    if op is c.AT:
        return av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
    if op is c.SUBPATTERN:
        return anchored(av[3].data)
    if op is c.BRANCH:
        return all(anchored(branch.data) for branch in av[1])
    return False


def _slow_start(items) -> bool:
    """An anchored pattern that starts with a long repeat of any character (``^.{12,}...``,
    ``^[^|]+...``): it runs over the whole line before it fails, so a pre-check pays."""
    from re import _constants as c

    rest = [item for item in items if item[0] is not c.AT]
    if not rest:
        return False
    op, av = rest[0]
    if op not in (c.MAX_REPEAT, c.MIN_REPEAT) or (av[1] is not c.MAXREPEAT and av[1] <= 8):
        return False
    body = list(av[2])
    return len(body) == 1 and (body[0][0] is c.ANY or (body[0][0] is c.IN and body[0][1][:1]
                                                        and body[0][1][0][0] is c.NEGATE))


def _sequence_needs(items, folded: bool) -> list[frozenset[str]]:
    from re import _constants as c

    groups, run = [], ""
    for op, av in items:
        if op is c.LITERAL and _plain(chr(av), folded):
            run += chr(av).lower() if folded else chr(av)
            continue
        if op is c.AT:  # zero-width: the literals on either side are adjacent in the text
            continue
        if run:
            groups.append(frozenset([run]))
            run = ""
        if op is c.SUBPATTERN and not av[1] and not av[2]:  # a group without flag changes
            groups.extend(_sequence_needs(av[3].data, folded))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            groups.extend(_sequence_needs(av[2].data, folded))
        elif op is c.BRANCH:
            options = [_sequence_needs(branch.data, folded) for branch in av[1]]
            if all(options):
                groups.append(frozenset().union(*(max(o, key=lambda g: min(map(len, g)))
                                                  for o in options)))
    if run:
        groups.append(frozenset([run]))
    return groups


def _plain(char: str, folded: bool) -> bool:
    """A literal character whose matches :func:`fold` maps onto it (all, when case matters)."""
    return not folded or char.isascii() or char.lower() == char == char.upper()


def final_characters(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match can end with, for a pattern that must end at the end of the line
    up to white space (``...\\)\\.?\\s*$``); None when the pattern's parse tree does not say.

    Then a line whose last character before trailing white space (``line.rstrip()[-1:]``) is
    none of them cannot match: the search is skipped. Only characters that match themselves
    alone are used (no white space; no letters when the pattern ignores case).

    >>> sorted(final_characters(re.compile(r"\\((foto|photo)\\s*:[^)]*\\)\\.?\\s*$", re.I)))
    [')', '.']
    >>> final_characters(re.compile(r"(via|/)\\s*(reuters|ap)\\s*$", re.I)) is None
    True
    """
    from re import _parser

    if pattern.flags & re.MULTILINE:
        return None
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags).data)
    except (re.error, TypeError, ValueError):
        return None
    from re import _constants as c

    if not items or items[-1] != (c.AT, c.AT_END) and items[-1] != (c.AT, c.AT_END_STRING):
        return None
    found = _last_characters(items[:-1], bool(pattern.flags & re.IGNORECASE))
    return frozenset(found) if found else None


def _last_characters(items, folded: bool) -> set[str] | None:
    """The characters the text matched by a sequence can end with, trailing white space aside;
    None when unknown or when the sequence may match only white space or nothing."""
    from re import _constants as c

    found: set[str] = set()
    for op, av in reversed(items):
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and _only_white_space(av[2]):
            continue  # \s*: rstrip removes what it matched
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            inner = _last_characters(list(av[2]), folded)
            if inner is None:
                return None
            found |= inner
            if av[0] >= 1:
                return found
            continue  # optional: the character before may be the last one too
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            inner = _last_characters(list(av[3]), folded)
        elif op is c.BRANCH:
            options = [_last_characters(list(branch), folded) for branch in av[1]]
            inner = None if any(o is None for o in options) else set().union(*options)
        elif op is c.LITERAL:
            inner = {chr(av)}
        elif op is c.IN and all(item_op is c.LITERAL for item_op, _ in av):
            inner = {chr(value) for _, value in av}
        else:
            return None
        if inner is None or any(ch.isspace() or (folded and not (ch.isascii() and not ch.isalpha()))
                                for ch in inner):
            return None
        return found | inner
    return None  # the whole sequence may match nothing


def _only_white_space(body) -> bool:
    """Whether a repeated item is ``\\s`` (or a class of white space only)."""
    from re import _constants as c

    items = list(body)
    return len(items) == 1 and items[0][0] is c.IN and all(
        item == (c.CATEGORY, c.CATEGORY_SPACE) or (item[0] is c.LITERAL and chr(item[1]).isspace())
        for item in items[0][1])


# -- several rules tried on one line ---------------------------------------------------------------
#: Distinct lines whose answer a :class:`RuleList` remembers (a few MB of lines per list at most).
REMEMBERED_LINES = 4096


class RuleList:
    """Patterns tried in order on a line; ``first`` is the index of the first that matches.

    ``RuleList(patterns).first(line)`` equals ``next((i for i, p in enumerate(patterns) if
    p.search(line)), -1)``. The patterns anchored at the start of the line are first tried
    together as one alternation (``match`` at position 0: an anchored pattern cannot match
    elsewhere); when none of them matches there, only the others are searched, each after its
    literal pre-check. Patterns with back-references, or flags that differ from the others',
    are never joined.

    The answer depends on the line alone, so ``first`` remembers it for the last
    ``remember`` distinct lines (:func:`functools.lru_cache`: the least recently asked line is
    forgotten first, so memory stays bounded). Page furniture (menus, share buttons, credit
    and follow-us lines) repeats on every page of an outlet, and the labelling asks about one
    line several times (a caption? a date line?): those answers cost a dictionary look-up.
    ``remember=0`` searches every time.

    >>> rules = RuleList([re.compile(r"^baca juga\\s*:", re.I), re.compile(r"google news", re.I)])
    >>> rules.first("Baca juga: Rusia"), rules.first("Ikuti Google News"), rules.first("Teks.")
    (0, 1, -1)
    """

    def __init__(self, patterns, *, remember: int = REMEMBERED_LINES):
        self.patterns = tuple(patterns)
        joined = [i for i, p in enumerate(self.patterns) if _joinable(p)]
        self.together = _join([self.patterns[i] for i in joined]) if len(joined) > 1 else None
        if self.together is None:
            joined = []
        self.each = tuple(_step(i, p) for i, p in enumerate(self.patterns))
        self.others = tuple(step for step in self.each if step[0] not in set(joined))
        # first(line): the index of the first pattern whose search matches, or -1. The cache
        # wrapper itself is the attribute, so a remembered answer costs no Python call.
        self.first = lru_cache(maxsize=remember)(self.search_first) if remember else self.search_first

    def search_first(self, line: str) -> int:
        """``first`` without the memory: the joined match and the pre-checked searches."""
        steps = self.others
        if self.together is not None and self.together.match(line) is not None:
            steps = self.each
        folded = last = None
        for i, search_, groups, folds, ends in steps:
            if ends is not None:  # the pre-checks of searcher(), inline: this runs for every line
                last = line.rstrip()[-1:] if last is None else last
                if last not in ends:
                    continue
            if groups:
                if folds:
                    text = folded = fold(line) if folded is None else folded
                else:
                    text = line
                missing = False
                for group in groups:
                    for literal in group:
                        if literal in text:
                            break
                    else:
                        missing = True
                        break
                if missing:
                    continue
            if search_(line) is not None:
                return i
        return -1

    def any(self, line: str) -> bool:
        """Whether some pattern matches ``line``."""
        return self.first(line) >= 0


def _step(i: int, pattern: re.Pattern) -> tuple:
    """``(index, search, needed literal groups, whether to compare folded, final characters)``
    of one pattern."""
    found = needs(pattern)
    return (i, pattern.search, found.groups if found else (), bool(found and found.folded),
            final_characters(pattern))


def _joinable(pattern: re.Pattern) -> bool:
    """An anchored pattern, without back-references or line-wise ``^``, and fast to fail."""
    from re import _parser

    if pattern.flags & re.MULTILINE:
        return False
    try:
        items = _parser.parse(pattern.pattern, pattern.flags).data
    except (re.error, TypeError, ValueError):
        return False
    return anchored(items) and not _slow_start(items) and not _refers_to_groups(items)


def _refers_to_groups(items) -> bool:
    """Whether a parse tree holds a back-reference or a conditional on a group (numbers shift
    when patterns are joined)."""
    from re import _constants as c

    for op, av in items:
        if op in (c.GROUPREF, c.GROUPREF_EXISTS, c.GROUPREF_IGNORE, c.GROUPREF_LOC_IGNORE,
                  c.GROUPREF_UNI_IGNORE):
            return True
        for part in av if isinstance(av, (tuple, list)) else (av,):
            data = getattr(part, "data", None)
            if data is not None and _refers_to_groups(data):
                return True
            if isinstance(part, (tuple, list)):
                for sub in part:
                    sub_data = getattr(sub, "data", None)
                    if sub_data is not None and _refers_to_groups(sub_data):
                        return True
    return False


def _join(patterns: list[re.Pattern]) -> re.Pattern | None:
    """The patterns as one alternation, or None when they do not share their flags or the
    alternation does not compile (e.g. two groups of the same name)."""
    flags = {p.flags for p in patterns}
    if len(flags) != 1:
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop())
    except re.error:
        return None
