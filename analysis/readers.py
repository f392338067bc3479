"""Reading input files into normalised text: decoding, Unicode normalisation, HTML, tables.

Decoding. A byte-order mark decides first (UTF-32, UTF-8, UTF-16, in that order, since the
UTF-32-LE mark begins with the UTF-16-LE one); then strict UTF-8; then a legacy encoding. For
legacy bytes charset-normalizer (Ousret, *charset_normalizer*, the detector ``requests`` ships)
proposes candidates, but on short Indonesian text it often ranks several single-byte code pages
as equally plausible and picks a Central European one (Latin-1 "São Paulo" read as cp1250 gives
"Săo Paulo"). So every candidate, plus the Western and Central European code pages a page dump
from Indonesia is likely to be in (cp1252, ISO 8859-15, Latin-1, cp1250, ISO 8859-2, cp1251),
is decoded and scored by :func:`oddness` (control characters, symbols glued to letters, words
mixing scripts or made mostly of accented letters); the least odd wins, near-ties going to the
code page listed first (cp1252 before Latin-1 before cp1250). ISO 8859-2 and cp1250 differ
only in a few letters and cannot always be told apart; the choice is reported as a problem so
the user can re-save the file as UTF-8.

Normalisation (:func:`normalise_text`), once, at load time, so that every later step (line
labels, tokens, KWIC offsets, voices) sees one form of the text and the offsets in the stored
body point at what the user reads: line breaks (CR LF, CR, U+2028, U+2029, NEL, vertical tab,
form feed) become ``\\n``; non-breaking and other Unicode spaces (U+00A0, U+2000-U+200A,
U+202F, U+205F, U+3000, ...) become an ASCII space; zero-width characters (U+200B-U+200D,
U+2060, U+FEFF), the soft hyphen (U+00AD), bidirectional marks and controls (U+200E, U+200F,
U+061C, U+202A-U+202E, U+2066-U+2069) and other control characters except the tab are removed;
then Unicode NFC composes decomposed accents. Full-width ASCII forms (U+FF01-U+FF5E, e.g.
"ｉｍｐｅｒｉａｌｉｓ") and the Latin ligatures U+FB00-U+FB06 are mapped to their plain
letters (their NFKC form); NFKC is not applied to the whole text because it would also rewrite
superscripts, fractions and other characters an author chose ("²", "½", "™").

Saved HTML pages go through trafilatura (Barbaresi 2021, *Trafilatura: A Web Scraping Library
and Command-Line Tool for Text Discovery and Extraction*, ACL demos) for the main text and its
metadata, and htmldate (Barbaresi 2020) for the publication date, from the page's markup only
(``extensive_search=False``: no guessing from dates that happen to be in the text).
Article tables (CSV, JSON lines, Parquet) are read with pandas, one article per row.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

#: Byte-order marks and the codec each implies, longest first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Legacy code pages always tried, in order of preference among near-ties.
LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "cp1251")

_BREAKS = "\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"
_LINE_BREAKS = re.compile("\r\n|[" + _BREAKS + "]")
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_REMOVED = ("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"  # zero-width, soft hyphen
            "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # bidi
_CONTROLS = "".join(chr(c) for c in [*range(0, 9), *range(14, 28), *range(0x7f, 0x85), *range(0x86, 0xa0)])


_SPECIAL = re.compile("[" + re.escape(_SPACES + _REMOVED + _CONTROLS) + "\uff01-\uff5e\ufb00-\ufb06]")
#: Any character that the line-break or the special-character step replaces (one scan).
_CHANGED = re.compile("[" + re.escape(_BREAKS + _SPACES + _REMOVED + _CONTROLS) + "\uff01-\uff5e\ufb00-\ufb06]")


@lru_cache(maxsize=1)
def _translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): " " for c in _SPACES}
    table.update({ord(c): None for c in _REMOVED + _CONTROLS})
    table.update({c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})  # full-width ASCII
    table.update({c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})
    return table


def normalise_text(text: str) -> str:
    """The one normalised form of a text (see the module docstring for each step).

    >>> normalise_text("imperia\\u00adlis\\u200b \\uff49\\uff4d\\u00a0Pyongyang\\u2028Putin")
    'imperialis im Pyongyang\\nPutin'
    >>> normalise_text("Sa\\u0303o Paulo") == "S\\u00e3o Paulo"
    True
    """
    if _CHANGED.search(text) is None:  # most texts: no step but NFC has anything to do
        return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    table = _translation()
    text = _SPECIAL.sub(lambda match: table[ord(match.group())] or "", text)  # only where needed
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding used, and a problem (kind, message) or None."""

    text: str | None
    encoding: str
    problem: tuple[str, str] | None = None


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes: by byte-order mark, as UTF-8, or as the least odd legacy encoding.

    ``text`` is None when the bytes are not text (NUL bytes without a UTF-16/32 mark).

    >>> decode_bytes("São Paulo dan Kraków".encode("latin-1")).text
    'São Paulo dan Kraków'
    >>> decode_bytes("Korea Utara".encode("utf-16")).encoding
    'utf-16'
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            if "\ufffd" in text and "\ufffd".encode(codec.replace("-sig", "")) not in data:
                return Decoded(text, codec, ("bad encoding", f"starts with a {codec} byte-order mark "
                               "but has invalid byte sequences, replaced by \ufffd; re-save the file"))
            return Decoded(text, codec)
    if b"\x00" in data:
        return Decoded(None, "", ("binary", "binary file (NUL bytes and no UTF-16/32 byte-order "
                                  "mark), skipped; save the article's text as UTF-8"))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding, text = _best_legacy(data)
    return Decoded(text, encoding, ("not utf-8", f"not valid UTF-8; read as {encoding}. Check the "
                                    "accents and re-save the file as UTF-8"))


def _best_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    names = list(LEGACY_ENCODINGS) + [match.encoding for match in from_bytes(data)]
    candidates = []
    for rank, name in enumerate(dict.fromkeys(names)):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append((oddness(text), rank, name, text))
    if not candidates:  # cp1250 and cp1252 leave five bytes undefined; Latin-1 never fails
        return "latin_1", data.decode("latin_1")
    _, _, name, text = min(candidates)
    return name, text


_TOKEN = re.compile(r"\S+")


def oddness(text: str) -> int:
    """How implausible a decoded text looks: a score for choosing among legacy encodings.

    Control characters and rare symbols (3), symbols or punctuation glued inside a word (2),
    words mixing scripts (2), words of four or more letters mostly accented (1).

    >>> oddness("São Paulo"), oddness("£ódŸ"), oddness("Ïóòèí"), oddness("Путин")
    (0, 2, 1, 0)
    """
    counts = Counter(token for token in _TOKEN.findall(text) if not token.isascii())
    return sum(_token_oddness(token) * n for token, n in counts.items())


def _token_oddness(token: str) -> int:
    score, letters = 0, []
    for i, char in enumerate(token):
        if char.isalpha():
            letters.append(char)
        if ord(char) < 128:
            continue
        category = unicodedata.category(char)
        before = i > 0 and token[i - 1].isalpha()
        after = i < len(token) - 1 and token[i + 1].isalpha()
        if category[0] == "C" or char in "¤¦¨´¸¼½¾¯":
            score += 3
        elif category[0] == "S" and (before or after):
            score += 2
        elif category[0] != "L" and before and after:
            score += 2
    scripts = {unicodedata.name(c, "?").split(" ")[0] for c in letters}
    if len(scripts) > 1:
        score += 2
    accented = sum(1 for c in letters if ord(c) >= 128)
    if len(letters) >= 4 and accented * 2 > len(letters) and scripts == {"LATIN"}:
        score += 1
    return score


_TAG = re.compile(r"<(?:!doctype\b|!--|/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,2000})?/?>)", re.IGNORECASE)
_DOCUMENT_START = re.compile(r"\A\s*<(?:!doctype\s+html|html[\s>]|\?xml)", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the whole text is an HTML document rather than text that quotes a tag.

    It starts like an HTML document, or at least 10 tags make up at least 10 % of its
    non-space characters (the markup density of the whole file, not of its first 4 kB).

    >>> looks_like_html("Kim menulis <script> di artikelnya, kata analis.\\n" * 3)
    False
    >>> looks_like_html("<!DOCTYPE html><html><body><p>Kim</p></body></html>")
    True
    """
    if _DOCUMENT_START.match(text):
        return True
    tags = _TAG.findall(text)
    if len(tags) < 10:
        return False
    visible = len(text) - text.count(" ") - text.count("\n")
    return sum(map(len, tags)) >= 0.1 * max(visible, 1)


# -- HTML pages ---------------------------------------------------------------------------------
#: Elements whose start and end separate blocks of visible text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th "
    "tr ul caption option button label".split()
)


@dataclass
class HtmlPage:
    """What a saved HTML page gives: its blocks, which of them are main text, and metadata."""

    lines: list[str]          # extracted main-text paragraphs, in order
    dropped: list[str]        # visible text blocks not in the main text (boilerplate)
    title: str = ""
    published: str = ""       # ISO date from htmldate, "" when the markup states none
    url: str = ""
    site: str = ""
    author: str = ""


def read_html(html: str) -> HtmlPage:
    """Extract the main text and metadata of a saved page with trafilatura and htmldate.

    Every visible text block of the page is either a main-text paragraph (``lines``) or
    boilerplate (``dropped``); a block is main text when its text is part of what trafilatura
    extracted.
    """
    import trafilatura
    from htmldate import find_date

    with _quiet_loggers("trafilatura", "htmldate"):
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                               include_tables=True, favor_recall=True)
        try:
            published = find_date(html, extensive_search=False, original_date=True,
                                  outputformat="%Y-%m-%d") or ""
        except ValueError:  # htmldate raises on some malformed markup
            published = ""
    extracted = [] if document is None else _paragraphs(document.text or "")
    blocks = visible_blocks(html)
    meta = document if document is not None else None
    return HtmlPage(
        lines=extracted, dropped=_not_extracted(blocks, extracted),
        title=normalise_text(getattr(meta, "title", None) or ""),
        published=published, url=getattr(meta, "url", None) or "",
        site=normalise_text(getattr(meta, "sitename", None) or ""),
        author=normalise_text(getattr(meta, "author", None) or ""),
    )


@contextmanager
def _quiet_loggers(*names: str):
    """Hold back the extractors' log records ("lxml parsing failed: Document is empty") while
    they run: a page they cannot read is reported by the loader as a problem naming the file,
    and their records would otherwise reach the user's terminal or notebook without one."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in normalise_text(text).split("\n") if line.strip()]


def visible_blocks(html: str) -> list[str]:
    """The visible text of an HTML page's body, one string per block, in document order.

    >>> visible_blocks("<body><nav>Beranda</nav><p>Kim <b>tiba</b>.</p><script>x()</script></body>")
    ['Beranda', 'Kim tiba.']
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for element in root.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return _paragraphs(root.text_content())


def _not_extracted(blocks: list[str], extracted: list[str]) -> list[str]:
    """Blocks that are neither an extracted paragraph nor part of one."""
    dropped = []
    matcher = SequenceMatcher(None, blocks, extracted, autojunk=False)
    for tag, b0, b1, e0, e1 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            joined = "\n".join(extracted[e0:e1])
            dropped.extend(b for b in blocks[b0:b1] if tag == "delete" or b not in joined)
    return dropped


# -- article tables -----------------------------------------------------------------------------
#: Suffixes read as a table of articles, one per row.
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
#: Accepted column names: the article field each fills (first present wins).
TABLE_COLUMNS = {
    "text": ("text", "body"), "title": ("title",), "published": ("published", "date"),
    "url": ("url",), "outlet": ("outlet",), "reporter": ("author", "reporter"),
}


class TableError(ValueError):
    """A table file that cannot be read as articles (the message says why and what to do)."""


def read_article_table(path) -> list[dict]:
    """Read a CSV, JSON-lines or Parquet file of articles into one dict per row.

    Each dict has the keys of :data:`TABLE_COLUMNS` (missing columns give ""), all text.
    Raises :class:`TableError` naming the file when it cannot be read or has no text column.
    """
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix == ".jsonl":
            table = pd.read_json(path, lines=True, dtype=False)
        elif suffix == ".parquet":
            table = pd.read_parquet(path)
        else:
            raise TableError(f"{path.name}: not a table of articles; use .csv, .jsonl or .parquet.")
    except UnicodeDecodeError:
        raise TableError(f"{path.name}: not UTF-8 text; re-save the table as UTF-8.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError) as error:
        raise TableError(f"{path.name}: cannot be read as a {suffix} table ({error}). Check the "
                         "quoting and that it has a header row.") from None
    columns = {str(c).strip().lower(): c for c in table.columns}
    found = {field: next((columns[n] for n in names if n in columns), None)
             for field, names in TABLE_COLUMNS.items()}
    if found["text"] is None:
        raise TableError(f"{path.name}: no 'text' (or 'body') column; the columns are "
                         f"{', '.join(map(str, table.columns)) or 'none'}. Name the article text "
                         "column 'text'.")
    rows = []
    for record in table.to_dict("records"):
        rows.append({field: _cell(record[column]) if column is not None else ""
                     for field, column in found.items()})
    return rows


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
