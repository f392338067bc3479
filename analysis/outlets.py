"""Which outlet published a page: from its web address first, then from how the page names itself.

Outlet names, media groups, web addresses and self-signatures are the editable table
``data/outlets.yaml``. The rule is the one a careful coder follows when attributing a clipping:
the address decides (:func:`outlet_from_url`; the longest listed domain the host ends with, so
a regional Tribun subdomain is its own paper); without an address, only a place where a page
names *itself* counts (:func:`outlet_from_text`): the opening of the first paragraph
("JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -", "Jakarta (ANTARA) -"), a masthead line before
the article, a copyright line, a follow-us prompt, or an outlet's own signature. A name in the
body ("dikutip dari Kompas"), a syndication note ("Artikel ini telah tayang di Kompas.com"), or
the word "antara" ("between") never is. When the places disagree, the answer is no outlet rather
than a guess, so that a by-outlet comparison is never built on a wrong attribution. This
follows the source-attribution practice of media content analysis (Riffe, Lacy & Fico,
*Analyzing Media Messages*, 4th ed., 2019, ch. 5: code the unit's source from the publication
record, not from content cues).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from analysis.resources import read_yaml

#: Host prefixes that never change the outlet.
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_DASH = r"\s*(?:-{1,2}|[–—])"
_PLACE = r"[A-Z][\w.'’/ -]{0,40}?"


@dataclass(frozen=True)
class Outlet:
    """One outlet of ``data/outlets.yaml``."""

    name: str
    group: str
    domains: tuple[str, ...]
    names: tuple[str, ...]
    signatures: tuple[re.Pattern, ...] = ()
    wire: bool = False
    boilerplate: tuple[str, ...] = ()

    @property
    def domain(self) -> str:
        """The outlet's main domain (the first listed)."""
        return self.domains[0].split("/")[0].split("?")[0] if self.domains else ""


@dataclass(frozen=True)
class OutletMatch:
    """An identified outlet and the evidence: ``how`` is "url" or "text", ``evidence`` says where."""

    outlet: Outlet
    how: str
    evidence: str

    @property
    def name(self) -> str:
        return self.outlet.name


@lru_cache(maxsize=8)
def load_outlets(path: str | Path = "outlets.yaml") -> tuple[Outlet, ...]:
    """Read and check the outlet table (``data/outlets.yaml`` by default).

    >>> outlets = load_outlets()
    >>> len(outlets) >= 40
    True
    """
    raw = read_yaml(path) or []
    outlets, seen = [], set()
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"{path}, entry {number}: every outlet needs a 'name' (and domains, names).")
        name = str(entry["name"])
        if name in seen:
            raise ValueError(f"{path}: outlet {name!r} is listed twice; merge the two entries.")
        seen.add(name)
        try:
            signatures = tuple(re.compile(p) for p in entry.get("signatures", []) or [])
        except re.error as error:
            raise ValueError(f"{path}, {name}: a signature is not a valid regular expression "
                             f"({error}).") from None
        domains = entry.get("domains") or ([entry["domain"]] if entry.get("domain") else [])
        outlets.append(Outlet(
            name=name, group=str(entry.get("group") or ""),
            domains=tuple(str(d).lower() for d in domains),
            names=tuple(str(n) for n in entry.get("names", []) or []),
            signatures=signatures, wire=bool(entry.get("wire", False)),
            boilerplate=tuple(entry.get("boilerplate", []) or []),
        ))
    return tuple(outlets)


# -- web addresses ------------------------------------------------------------------------------
def split_url(url: str) -> tuple[str, str, dict]:
    """Host (lower case, without "www."/"m."/"amp."), path and query of a web address.

    Addresses of archived and accelerated copies are unwrapped: a Wayback Machine address
    gives the archived page's, a Google AMP cache host its original host.

    >>> split_url("https://web.archive.org/web/2019/https://m.detik.com/news/berita/d-1/x")[:2]
    ('detik.com', '/news/berita/d-1/x')
    >>> split_url("https://www-pikiran--rakyat-com.cdn.ampproject.org/c/s/x")[0]
    'pikiran-rakyat.com'
    """
    url = unquote(str(url or "").strip())
    inner = re.search(r"^(?:https?://)?web\.archive\.org/web/[^/]+/(.+)$", url)
    if inner:
        url = inner.group(1)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "//" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.endswith(".cdn.ampproject.org"):
        host = host[: -len(".cdn.ampproject.org")].replace("--", "\0").replace("-", ".").replace("\0", "-")
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host, changed = host[len(prefix):], True
    return host, parts.path or "/", parse_qs(parts.query)


def _domain_rule(rule: str) -> tuple[str, str, dict]:
    host_path, _, query = rule.partition("?")
    host, _, path = host_path.partition("/")
    return host, "/" + path if path else "", parse_qs(query)


def _matches(rule: str, host: str, path: str, query: dict) -> int:
    """Length of the rule when the address fits it (host suffix, path prefix, query), else 0."""
    rule_host, rule_path, rule_query = _domain_rule(rule)
    if not (host == rule_host or host.endswith("." + rule_host)):
        return 0
    if rule_path and not (path == rule_path or path.startswith(rule_path.rstrip("/") + "/")):
        return 0
    if any(query.get(k) != v for k, v in rule_query.items()):
        return 0
    return len(rule)


def outlet_from_url(url: str, *, outlets: tuple[Outlet, ...] | None = None) -> OutletMatch | None:
    """The outlet a web address belongs to, or None when its domain is not listed.

    >>> outlet_from_url("https://internasional.kompas.com/read/2023/09/14/x").name
    'Kompas'
    >>> outlet_from_url("https://jogja.tribunnews.com/2023/09/14/x").name
    'Tribun Jogja'
    >>> outlet_from_url("https://www.bbc.com/indonesia/articles/c1") .name
    'BBC News Indonesia'
    >>> outlet_from_url("https://www.bbc.com/news/world-1") is None
    True
    """
    host, path, query = split_url(url)
    if not host:
        return None
    best, best_len = None, 0
    for outlet in outlets or load_outlets():
        for rule in outlet.domains:
            length = _matches(rule, host, path, query)
            if length > best_len:
                best, best_len = outlet, length
    return OutletMatch(best, "url", host) if best else None


# -- page text ----------------------------------------------------------------------------------
def _name_pattern(name: str) -> str:
    """A name as it may be printed: any case if it has a dot, else as written or in capitals."""
    if "." in name:
        return "(?i:" + re.escape(name) + ")"
    variants = sorted({re.escape(name), re.escape(name.upper())}, key=len, reverse=True)
    return "(?:" + "|".join(variants) + ")"


@dataclass(frozen=True)
class _TextRules:
    lead: tuple[re.Pattern, ...]  # each with a group "n": the printed name
    by_name: dict  # printed name (case-folded) -> outlet
    masthead: dict  # a line that is only a name or a domain (case-folded) -> outlet
    mention: re.Pattern
    signatures: tuple[tuple[re.Pattern, Outlet], ...]


_RULES_BY_TABLE: dict[int, tuple] = {}  # id(outlet tuple) -> (that tuple, its _TextRules)


def _text_rules(outlets: tuple[Outlet, ...]) -> _TextRules:
    """:func:`_build_text_rules` once per outlet table (looked up by the table's identity:
    hashing a tuple of 90 outlets, as an ``lru_cache`` would on every call, costs more than
    the masthead lookup it serves; an equal table read again is built again)."""
    entry = _RULES_BY_TABLE.get(id(outlets))
    if entry is None or entry[0] is not outlets:
        entry = _RULES_BY_TABLE[id(outlets)] = (outlets, _build_text_rules(outlets))
    return entry[1]


@lru_cache(maxsize=8)
def _build_text_rules(outlets: tuple[Outlet, ...]) -> _TextRules:
    """One pattern per self-naming form over all the names (one regex search per line)."""
    by_name, masthead, signatures = {}, {}, []
    for outlet in outlets:
        for name in outlet.names:
            other = by_name.get(name.casefold())
            if other is not None and other.name != outlet.name:
                raise ValueError(f"outlets.yaml: {other.name} and {outlet.name} both print the name "
                                 f"{name!r}; keep it for one of them.")
            by_name[name.casefold()] = masthead[name.casefold()] = outlet
        for domain in outlet.domains:
            if "/" not in domain and "?" not in domain:
                masthead[domain] = outlet
        signatures.extend((p, outlet) for p in outlet.signatures)
    names = sorted({n for o in outlets for n in o.names}, key=len, reverse=True)
    every = "|".join(_name_pattern(n) for n in names)
    dotted = "|".join(_name_pattern(n) for n in names if "." in n) or "(?!x)x"
    n, after = f"(?P<n>{every})", r"(?![\w.])"
    # "KOMPAS.com -", "JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -", "Liputan6.com, Jakarta Teks"
    lead = (rf"^{n}{after}{_DASH}", rf"^{_PLACE}\s*,\s*{n}{after}{_DASH}",
            rf"^{n}{after}\s*,\s*{_PLACE}(?:{_DASH}|\.\s)",
            rf"^(?P<n>{dotted}){after}\s*,\s*[A-Z][A-Za-z]+\s")
    return _TextRules(tuple(re.compile(p) for p in lead), by_name, masthead,
                      re.compile(rf"(?<![\w.])(?P<n>{every})(?!\w)"), tuple(signatures))


def _named(rules: _TextRules, line: str) -> list[Outlet]:
    """Outlets named anywhere in a line (also with its spaces removed: "TRIBUN news.com")."""
    found = {}
    for text in (line, line.replace(" ", "")):
        for match in rules.mention.finditer(text):
            outlet = rules.by_name[match.group("n").casefold()]
            found.setdefault(outlet.name, outlet)
    return list(found.values())


_COPYRIGHT = re.compile(r"(©|\bcopyright\b|\(c\)\s*\d{4}|hak cipta)", re.IGNORECASE)
_FOLLOW = re.compile(r"\b(ikuti|follow|gabung|simak|dapatkan|baca berita tanpa iklan|langganan)\b.*"
                     r"\b(google news|whatsapp|saluran|channel|telegram|instagram|plus|\+)", re.IGNORECASE)
_FOLLOW_TAIL = re.compile(r"(google news|whatsapp|saluran|channel|telegram|\w\+)\W*$", re.IGNORECASE)
_SYNDICATION = re.compile(r"(telah|sudah|pernah)\s+(tayang|terbit|dimuat|diterbitkan|dipublikasikan)\s+di"
                          r"|^\s*(artikel asli|baca artikel asli)\s*:", re.IGNORECASE)


def is_outlet_name(line: str) -> bool:
    """Whether a line is only an outlet's name or address (a masthead, never a headline).

    >>> is_outlet_name("BBC News Indonesia"), is_outlet_name("Kompas.com"), is_outlet_name("Kompas naik")
    (True, True, False)
    """
    key = " ".join(str(line).split()).casefold().removeprefix("www.")
    return key in _text_rules(load_outlets()).masthead


def _prose_start(lines: list[str]) -> int:
    from analysis.clean import is_prose

    return next((i for i, line in enumerate(lines) if is_prose(line)), len(lines))


def outlet_from_text(text: str, *, outlets: tuple[Outlet, ...] | None = None) -> OutletMatch | None:
    """The outlet a page's text names as its own, or None when it does not (or is ambiguous).

    >>> outlet_from_text("Judul\\nJAKARTA, KOMPAS.com - Presiden menerima tamu negara hari ini.").name
    'Kompas'
    >>> outlet_from_text("Jakarta (ANTARA) - Menteri itu meninjau pasar pada Senin pagi.").name
    'Antara'
    >>> outlet_from_text("Hubungan antara kedua negara membaik, dikutip dari Kompas.com.") is None
    True
    """
    outlets = outlets or load_outlets()
    rules = _text_rules(outlets)
    lines = [" ".join(line.split()) for line in str(text).split("\n")]
    header_end = _prose_start(lines)
    found: dict[str, list[tuple[Outlet, str]]] = {"lead": [], "masthead": [], "signature": [],
                                                   "copyright": [], "follow": []}
    negated, foreign_copyright = set(), False
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        where = f"line {number}: {line[:60]}"
        if _SYNDICATION.search(line):
            negated.update(o.name for o in _named(rules, line))
            continue
        head = line[:120]  # the self-naming opening is at the start of a line
        for pattern in rules.lead:
            match = pattern.search(head)
            if match:
                found["lead"].append((rules.by_name[match.group("n").casefold()], where))
                break
        for pattern, outlet in rules.signatures:
            if pattern.search(line):
                found["signature"].append((outlet, where))
        if number - 1 < header_end and line.casefold().removeprefix("www.") in rules.masthead:
            found["masthead"].append((rules.masthead[line.casefold().removeprefix("www.")], where))
        if len(line) > 200:  # a paragraph: no copyright line or follow-us prompt
            continue
        kind = "copyright" if _COPYRIGHT.search(line) else (
            "follow" if _FOLLOW.search(line) or _FOLLOW_TAIL.search(line) else "")
        if kind:
            named = _named(rules, line)
            found[kind].extend((o, where) for o in named)
            foreign_copyright |= kind == "copyright" and not named
    return _decide(found, negated, foreign_copyright)


def _decide(found, negated, foreign_copyright) -> OutletMatch | None:
    """One outlet when the self-naming places agree (within a media group), else None."""
    if len({o.name for o, _ in found["masthead"]}) > 1:
        found["masthead"] = []  # a list of sites (a network menu), not one masthead
    evidence = [(kind, o, where) for kind in ("lead", "signature", "masthead", "follow", "copyright")
                for o, where in found[kind] if o.name not in negated]
    if not evidence:
        return None
    kind, first, where = evidence[0]
    if kind in ("lead", "signature") and first.wire and (foreign_copyright or len({o.name for _, o, _ in evidence}) > 1):
        return None  # an agency's opening on another outlet's page is a reprint
    for _, other, _ in evidence[1:]:
        if other.name != first.name and not (other.group and other.group == first.group):
            return None
    return OutletMatch(first, "text", f"{kind}, {where}")


def identify_outlet(*, url: str = "", text: str = "") -> OutletMatch | None:
    """The outlet from the web address when there is one, else from the page's self-naming.

    An address whose domain is not listed gives None, whatever the text says: the page is then
    from an outlet the table does not know (a reprint of "(ANTARA)" copy, for instance).

    >>> identify_outlet(url="https://www.tempo.co/x", text="KOMPAS.com - Teks.").name
    'Tempo'
    >>> identify_outlet(url="https://radarkota.example/x", text="Jakarta (ANTARA) - Teks.") is None
    True
    """
    if url and split_url(url)[0]:
        return outlet_from_url(url)  # a listed address decides; an unlisted one is no outlet we know
    return outlet_from_text(text) if text else None
