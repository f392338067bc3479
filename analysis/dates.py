"""Publication dates on Indonesian news pages: read them where a page prints them, never guess.

A date line is recognised by pattern in the forms Indonesian sites print ("Rabu, 19 Jun 2024
07:15 WIB", "SENIN, 15 AGUSTUS 2022 | 11:53 WIB", "Kompas.com - 19/04/2019, 22:28 WIB",
"23/4/2019 12:15", "Thursday, 14 Sep 2023 10:00", "2024-02-20"), with the month and weekday
words, zones (WIB = UTC+7, WITA = UTC+8, WIT = UTC+9) and publication/update labels kept as
editable data in ``data/dates.yaml``. Which of a page's dates is the publication date is a
matter of where it stands (see :func:`analysis.clean.classify_lines`): the one printed with the
headline, labelled "Diterbitkan" rather than "Diperbarui"; never the day a page was copied
(printed above the masthead), a copyright year or a teaser's date. This follows the rule-based
approach of htmldate (Barbaresi 2020, *htmldate: A Python package to extract publication dates
from web pages*, JOSS 5(51), 2439), which prefers dates in explicit publication markup and
labels over free-text dates, and rejects dates outside a plausible range. A date that only the
text implies ("Kamis (12/10)": a weekday and a day, no year) is inferred separately
(:func:`infer_date`), with its reason, and never taken for the published date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.prechecks import has_needs, needs
from analysis.resources import read_yaml

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


@dataclass(frozen=True)
class FoundDate:
    """A date found in a line: the time-zone-aware time, where it is, and what it dates.

    ``kind`` is "published" (after a label such as "Diterbitkan"), "updated" (after
    "Diperbarui", "Update") or "" (no label).
    """

    stamp: pd.Timestamp
    start: int
    end: int
    has_time: bool
    kind: str


@dataclass(frozen=True)
class _Words:
    months: dict
    weekdays: dict
    zones: dict
    published: re.Pattern
    updated: re.Pattern
    full: tuple[re.Pattern, ...]
    clock: re.Pattern
    clock_before: re.Pattern


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=4)
def date_words(path: str | Path = "dates.yaml") -> _Words:
    """Read ``data/dates.yaml`` and build the date patterns."""
    raw = read_yaml(path)
    try:
        months = {w.lower(): int(m) for m, words in raw["months"].items() for w in words}
        weekdays = {w.lower(): int(d) for d, words in raw["weekdays"].items() for w in words}
        zones = {z.lower(): int(h) for z, h in raw["zones"].items()}
        published, updated = raw["published_labels"], raw["updated_labels"]
    except KeyError as error:
        raise ValueError(f"{path}: the date words need a {error.args[0]!r} entry.") from None
    month = rf"(?P<month>{_alternation(months)})\.?"
    year = r"(?P<year>\d{4})(?!\d)"
    full = (
        re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{month}[\s,-]+{year}", re.I),
        re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}", re.I),
        re.compile(r"(?<![\d/.,-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)"
                   r"(?P<year>\d{4})(?![\d/])"),
        re.compile(r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
                   r"(?![\d/])"),
    )
    zone = rf"(?P<zone>{_alternation(zones)}|(?:GMT|UTC)\s*[+-]\s*\d{{1,2}}|[+-]\d{{2}}:?\d{{2}}|Z)\b"
    clock = re.compile(rf"^(?:[\s,|/–—-]|\b(?:pukul|pkl|jam|pk|at)\b\.?)*(?:T)?(?P<h>\d{{1,2}})[:.]"
                       rf"(?P<m>\d{{2}})(?::\d{{2}}(?:\.\d+)?)?\s*(?P<ampm>am|pm)?\s*(?:{zone})?", re.I)
    clock_before = re.compile(rf"(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})\s*(?P<ampm>am|pm)?\s*(?:{zone})?"
                              r"[\s,|/–—-]*(?:\w+,?\s*)?$", re.I)
    return _Words(months, weekdays, zones,
                  re.compile(rf"\b({_alternation(published)})\b", re.I),
                  re.compile(rf"\b({_alternation(updated)})\b", re.I), full, clock, clock_before)


def _offset(zone: str | None, words: _Words) -> int | float | None:
    if not zone:
        return 7
    zone = zone.strip()
    if zone.lower() in words.zones:
        return words.zones[zone.lower()]
    if zone.upper() == "Z":
        return 0
    match = re.search(r"([+-])\s*(\d{1,2}):?(\d{2})?$", zone)
    if not match:
        return None
    hours = int(match.group(2)) + int(match.group(3) or 0) / 60
    return hours if match.group(1) == "+" else -hours


def _clock(match, words) -> tuple[int, int, float] | None:
    hour, minute = int(match.group("h")), int(match.group("m"))
    ampm = (match.group("ampm") or "").lower()
    hour += 12 if ampm == "pm" and hour < 12 else 0
    hour -= 12 if ampm == "am" and hour == 12 else 0
    offset = _offset(match.group("zone"), words)
    if hour > 23 or minute > 59 or offset is None:
        return None
    return hour, minute, offset


def find_dates(line: str) -> list[FoundDate]:
    """Every full date (with a year) in a line, in order, with its time when one is printed.

    A time without a zone is WIB; a date without a time is midnight WIB. A weekday printed
    before a date that does not fall on it makes the date unreadable (None rather than wrong).

    >>> [str(d.stamp) for d in find_dates("Rabu, 19 Jun 2024 07:15 WIB")]
    ['2024-06-19 07:15:00+07:00']
    >>> [(str(d.stamp), d.kind) for d in find_dates(
    ...     "Diterbitkan 19/06/2024, 07:15 WITA | Diperbarui 20/06/2024, 09:00 WITA")]
    [('2024-06-19 07:15:00+08:00', 'published'), ('2024-06-20 09:00:00+08:00', 'updated')]
    >>> find_dates("Kamis (12/10)")
    []
    """
    if _YEAR_DIGITS.search(line) is None:  # every date form has a four-digit year
        return []
    return list(_find_dates(line))


_YEAR_DIGITS = re.compile(r"\d{4}")


@lru_cache(maxsize=4096)
def _find_dates(line: str) -> tuple[FoundDate, ...]:
    """:func:`find_dates` of one line, remembered: the labelling asks about a date line several
    times (is it one, which kind, does it have a time), and FoundDate is immutable."""
    words = date_words()
    spans = []
    for pattern in words.full:
        for match in pattern.finditer(line):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), match))
    found, previous_end = [], 0
    for start, end, match in sorted(spans, key=lambda s: s[0]):
        item = _read(line, start, end, match, previous_end, words)
        if item is not None:
            found.append(item)
        previous_end = end
    return tuple(found)


def _read(line, start, end, match, previous_end, words) -> FoundDate | None:
    month = match.group("month")
    month = int(month) if month.isdigit() else words.months[month.lower().rstrip(".")]
    try:
        day = date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return None
    before = line[previous_end:start]
    weekday = re.search(r"\b([A-Za-z'’]+)\W{0,3}$", before)
    if weekday and weekday.group(1).lower() in words.weekdays:
        if words.weekdays[weekday.group(1).lower()] != day.weekday():
            return None
    hour = minute = 0
    offset, has_time = 7, False
    after = words.clock.match(line[end:end + 40])
    clock = after or words.clock_before.search(before[-40:])
    if clock is not None:
        read = _clock(clock, words)
        if read is None:
            return None
        (hour, minute, offset), has_time = read, True
        end += after.end() if after else 0
    kind = ("updated" if words.updated.search(before) else
            "published" if words.published.search(before) else "")
    stamp = pd.Timestamp(day.year, day.month, day.day, hour, minute,
                         tz=timezone(timedelta(hours=offset)))
    return FoundDate(stamp, start, end, has_time, kind)


def parse_date(line: str) -> pd.Timestamp | None:
    """The publication date a line states: the first labelled or unlabelled date, not an update.

    >>> parse_date("Kompas.com - 19/04/2019, 22:28 WIB")
    Timestamp('2019-04-19 22:28:00+0700', tz='UTC+07:00')
    >>> parse_date("Thursday, 14 Sep 2023 10:00")
    Timestamp('2023-09-14 10:00:00+0700', tz='UTC+07:00')
    >>> parse_date("Diperbarui 20 Juni 2024, 09:00 WIB") is None
    True
    """
    found = [d for d in find_dates(line) if d.kind != "updated"]
    labelled = [d for d in found if d.kind == "published"]
    chosen = labelled or found
    return chosen[0].stamp if chosen else None


def is_date_line(line: str, *, max_other_words: int = 10) -> bool:
    """Whether a line is a date line: a full date, with at most a few other words (labels,
    an author, a zone), not a sentence.

    >>> is_date_line("Susi Susanti , Jurnalis-Selasa, 18 Juni 2024 |08:56 WIB")
    True
    >>> is_date_line("Kedua pemimpin bertemu di Vladivostok, Rusia, 25 April 2019, untuk pertama kali.")
    False
    """
    if len(line) > 200 or not re.search(r"\d{4}", line):
        return False
    found = find_dates(line)
    if not found:
        return False
    rest = line
    for item in reversed(found):
        rest = rest[:item.start] + " " + rest[item.end:]
    other = re.findall(r"[^\W\d_]{2,}", rest)
    if len(other) > max_other_words:
        return False
    return not re.search(r"[a-z]{3,}[.!?][\"'”’)]*\s*$", rest.strip())


# -- dates the text only implies ------------------------------------------------------------------
_DAY_MONTH = re.compile(r"\(\s*(\d{1,2})/(\d{1,2})\s*\)")
_COPYRIGHT_YEAR = re.compile(r"(?:©|\bcopyright\b|\(c\)|\bhak cipta\b)[^\n]{0,40}?((?:19|20)\d{2})"
                             r"(?:\s*[-–]\s*((?:19|20)\d{2}))?", re.I)
_COPYRIGHT_NEEDS = needs(_COPYRIGHT_YEAR)


def copyright_year(text: str) -> int | None:
    """The page's copyright year (the later year of a range), or None.

    >>> copyright_year("Copyright @ 2025 Media Group - mediaindonesia. All Rights Reserved")
    2025
    >>> copyright_year("© 2008 - 2024 PT. Kompas Cyber Media")
    2024
    """
    if not has_needs(_COPYRIGHT_NEEDS, text):  # no ©, "copyright", "(c)" or "hak cipta"
        return None
    years = [int(m.group(2) or m.group(1)) for m in _COPYRIGHT_YEAR.finditer(text)]
    return max(years) if years else None


def infer_date(text: str, *, latest_year: int | None) -> tuple[pd.Timestamp | None, str]:
    """A date the text implies with a weekday and a day/month ("Kamis (12/10)"), and why.

    The year is the latest one not after ``latest_year`` (the page's copyright year) in which
    that day falls on that weekday. The result is a day (midnight WIB), for a separate column:
    it dates the reported event, which is not the publication date.

    >>> infer_date("KCNA melaporkan pada hari Kamis (12/10) bahwa ...", latest_year=2025)[0]
    Timestamp('2023-10-12 00:00:00+0700', tz='UTC+07:00')
    >>> infer_date("pada hari Kamis (12/10)", latest_year=None)
    (None, '')
    """
    if latest_year is None:
        return None, ""
    words = date_words()
    match = None
    for day_month in _DAY_MONTH.finditer(text):  # "(12/10)", then the weekday before it
        before = re.search(r"([A-Za-z'’]+)\s*,?\s*$", text[max(0, day_month.start() - 20):day_month.start()])
        if before and before.group(1).lower() in words.weekdays:
            match = (before.group(1), int(day_month.group(1)), int(day_month.group(2)))
            break
    if match is None:
        return None, ""
    weekday = words.weekdays[match[0].lower()]
    day, month = match[1], match[2]
    said = f"{match[0]} ({day}/{month})"
    for year in range(latest_year, latest_year - 29, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday:
            reason = (f"'{said}' in the text; {candidate:%d %B} is a "
                      f"{candidate:%A} in {year}, the latest such year not after the page's "
                      f"copyright year {latest_year}")
            return pd.Timestamp(candidate, tz=timezone(timedelta(hours=7))), reason
    return None, ""
