"""The faster loading paths give the same results as the straightforward ones they replace."""
from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import _ends_sentence
from analysis.corpus import CorpusWarning, find_sources, load_corpus
from analysis.quotes import source_patterns


def sources_one_search_per_variant(text: str) -> list[str]:
    """The reference: every variant's pattern searched over the whole text, first mention wins."""
    first: dict[str, int] = {}
    for source, pattern in source_patterns():
        match = pattern.search(text)
        if match and (source not in first or match.start() < first[source]):
            first[source] = match.start()
    return sorted(first, key=first.get)


PIECES = ["Reuters", "AP", "ap", "AFP", "Agence France-Presse", "RIA", "RIA Novosti",
          "ria novosti", "KCNA", "KCNA WATCH", "kantor berita Antara", "ANTARA", "Antara News",
          "Kantor Berita Korea Utara", "Al Jazeera", "Aljazeera", "(Foto: via AP)", "BBC",
          "kata", "menurut", "Putin", "-", "/", " ", "\n", ".", "x", "TASS-", "APBN",
          # letters that a case-insensitive pattern matches to ASCII letters, or that lower-casing
          # changes in length; a word character before a name (_, digit, accented letter)
          "\u212aCNA WATCH", "Reuter\u017f", "\u0130", "\u0131", "_", "1", "é", "Al", "al",
          "NK News", "nk", "new", "New York Times", "ANTARA", "antara"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_find_sources_equals_one_search_per_variant(pieces):
    text = "".join(pieces)
    assert find_sources(text) == sources_one_search_per_variant(text)


def normalised_in_three_steps(text: str) -> str:
    """The reference: line breaks, then special characters, then NFC, each step always run."""
    import unicodedata

    from analysis.readers import _LINE_BREAKS, _SPECIAL, _translation

    text = _LINE_BREAKS.sub("\n", text)
    text = _SPECIAL.sub(lambda match: _translation()[ord(match.group())] or "", text)
    return unicodedata.normalize("NFC", text)


TEXT_PIECES = ["Kim berkata.", " ", "\n", "\r\n", "\r", "\r\r\n", "\u2028", "\u2029", "\x85", "\x0b",
               "\x0c", "\x1c", "\x1f", "\t", "\x00", "\x7f", "\u00a0", "\u3000", "\u200b", "\u00ad",
               "\u202e", "\ufeff", "\uff49\uff4d", "\ufb01", "S\u0303", "a\u0301", "\u00e9", "“", "”", "²"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TEXT_PIECES), max_size=10))
def test_normalising_equals_running_every_step(pieces):
    from analysis.readers import normalise_text

    text = "".join(pieces)
    assert normalise_text(text) == normalised_in_three_steps(text)


def test_a_letter_or_digit_is_a_word_character_for_the_regex_engine():
    # find_sources skips an occurrence whose preceding character is alphanumeric (str.isalnum),
    # because the patterns' look-behind (?<![\w-]) fails there: every such character is \w.
    word = re.compile(r"\w")
    assert all(word.match(c) for c in map(chr, range(0x110000)) if c.isalnum())


def test_overlapping_mentions_are_all_found_in_order():
    # RIA and RIA Novosti start at the same place; KCNA and KCNA WATCH too.
    assert find_sources("Kantor berita RIA Novosti dan KCNA WATCH") == ["RIA", "KCNA", "KCNA Watch"]
    assert find_sources("tanpa sumber berita") == []


@pytest.mark.parametrize("line", [
    "Ia datang.", "Ia datang. ", "Ia datang.\" ", "Ia datang.”)] ", "Ia datang.\" )", "Ia datang",
    "", " . ", ".\n\n", "Benarkah?’", "Awas!\u3000", "a.\x1c", "a.\nb", "a.x\n",
])
def test_sentence_end_test_equals_the_regex_it_replaces(line):
    expected = bool(re.search(r"[.!?][\"'”’)\]]*\s*$", line))
    assert _ends_sentence(line) is expected


def test_manifest_rows_in_other_spellings_still_attach(tmp_path):
    (tmp_path / "sub").mkdir()
    body = ("Pemimpin Korea Utara Kim Jong Un dan Presiden Rusia Vladimir Putin bertukar surat "
            "tentang kerja sama kedua negara.\n")
    for name in ("a.txt", "sub/b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Judul Berita {name}\n\n{body.replace('surat', name)}",
                                     encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,outlet\n./a.txt,Satu\nsub/../sub/b.txt,Dua\nc.txt,Tiga\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)
        articles = load_corpus(tmp_path)
    assert dict(zip(articles["file"], articles["outlet"])) == {
        "a.txt": "Satu", "c.txt": "Tiga", "sub/b.txt": "Dua"}


# -- the literal pre-check of the cleaning rules -------------------------------------------------
LINE_PIECES = ["Ikuti berita kami di Google News", "IKUTI", "ikuti ", "İkuti", "ıkuti", "GOOGLE NEWS",
               "copyright", "COPYRİGHT", "©", "All Rights Reserved", "hak cipta", "(Foto: Reuters)",
               "via AP", "VIA", "/", "ANTARA FOTO/Ali", "[ah/rs]", "[AH/RS]", "[", "]", "ſ", "K",
               "Kim berkata.", " ", "  ", ".", "“", "”", "WhatsApp Channel", "follow us", "(", ")",
               ":", "|", "KCNA WATCH | REUTERS", "reuters", "Getty Images", "\t", "ap"]


def rule_patterns():
    from analysis.clean import load_rules

    rules = load_rules()
    return ([p for _, p in rules.boilerplate] + [p for _, p in rules.end_marker]
            + list(rules.credit) + list(rules.caption) + [rules.inline_credit, rules.dateline,
                                                          rules.byline])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=8))
def test_literal_pre_check_never_changes_a_search(pieces):
    from analysis.clean import _search

    line = "".join(pieces)
    for pattern in rule_patterns():
        assert bool(_search(pattern, line)) == bool(pattern.search(line)), (pattern.pattern, line)


@pytest.mark.parametrize("pattern, line, found", [
    (r"(google news|ikuti (berita|kami))", "İKUTİ BERİTA", True),   # dotted capital I
    (r"(google news|ikuti (berita|kami))", "ıkuti kami", True),     # dotless i
    (r"saluran whatsapp", "ſaluran whatſapp", True),                # long s
    (r"kcna\b", "\u212aCNA", True),                                 # Kelvin sign
    (r"(\bvia|/)\s*(reuters|ap)\s*$", "Foto via AP", True),
    (r"(\bvia|/)\s*(reuters|ap)\s*$", "Foto dari AP", False),
    (r"(?-i:KCNA) watch", "kcna WATCH", False),                     # scoped flags: no pre-check
    (r"a(?i:b)c", "aBc", True),
])
def test_literal_pre_check_on_case_folding_corner_cases(pattern, line, found):
    from analysis.clean import _search

    compiled = re.compile(pattern, 0 if pattern.startswith("a(") else re.IGNORECASE)
    assert bool(compiled.search(line)) is found
    assert bool(_search(compiled, line)) is found


def test_only_four_non_ascii_characters_match_an_ascii_letter_ignoring_case():
    # _fold maps exactly these onto their letters; a new Python could add one.
    from analysis.prechecks import FOLD_SPECIAL as _FOLD_SPECIAL

    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {ord(c) for c in map(chr, range(0x80, 0x30000)) if letter.fullmatch(c)}
    assert found == set(_FOLD_SPECIAL)


# -- listing the corpus folder -----------------------------------------------------------------
def listed_by_os_walk(folder):
    """The reference: os.walk, each folder's files and linked folders sorted, hidden ones left
    out, names from pathlib."""
    import os
    from pathlib import Path

    for current, folders, names in os.walk(folder, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        base = Path(current)
        for name in sorted(names + [f for f in folders if (base / f).is_symlink()]):
            if not name.startswith("."):
                yield base / name, (base / name).relative_to(folder).as_posix()


def test_listing_visits_what_os_walk_visits_in_its_order(tmp_path):
    from analysis.corpus import _walk

    for rel in ["b.txt", "a.txt", "z/c.txt", "z/y/d.html", "m/e.txt", "m.txt", ".hidden.txt",
                ".git/f.txt", "z/.DS_Store", "A.txt", "é.txt", "m/n/o/p.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "linked").symlink_to(tmp_path / "z")
    (tmp_path / "m/dangling.txt").symlink_to(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    expected = list(listed_by_os_walk(tmp_path))
    assert [(path, rel) for _, path, rel in _walk(tmp_path)] == expected
    assert "linked" in [rel for _, rel in expected] and "z/y/d.html" in [rel for _, rel in expected]


# -- per-line shortcuts of the labelling (clean.py) and the token count (tokens.py) -------------
LINE_PIECES = ["Baca", "JUGA", ":", " ", "  ", "\t", "\u00a0", "\u3000", "\u2028", "\x1c", "\u00ad",
               "\u200b", "ẞ", "İ", "ﬁ", "Kim", ".", "“", "”", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=12))
def test_line_key_equals_split_join_casefold(pieces):
    from analysis.clean import line_key

    line = "".join(pieces)
    assert line_key(line) == " ".join(line.split()).casefold()


def test_every_white_space_character_but_the_space_is_unprintable():
    """What line_key's shortcut rests on: a printable line holds no white space but spaces."""
    import sys

    assert [c for c in range(sys.maxunicode + 1)
            if chr(c).isspace() and chr(c).isprintable() and c != 32] == []


def is_prose_splitting_every_word(line: str) -> bool:
    """The reference: is_prose as first written, with the line split into all its words."""
    from analysis.clean import _ends_sentence, function_word_density

    words = line.split()
    if len(words) >= 6 and _ends_sentence(line):
        return True
    return len(words) >= 20 and function_word_density(line) >= 0.2


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["yang", "dan", "Kim", "berkata", " ", "  ", "\t", ".", "?", "”",
                                 "\u00a0", "di", "ke"]), max_size=60))
def test_prose_test_equals_splitting_every_word(pieces):
    from analysis.clean import is_prose

    line = "".join(pieces)
    assert is_prose(line) == is_prose_splitting_every_word(line)


TOKEN_PIECES = ["Kim", "KIM", "kIM", "Jong", "Un", "Jong-un", "Korut", "AS", "as", "Korea", ".",
                "Utara", "-", "Rusia-Korea", "İ", "5,4%", "2019", "“", "”", ",", "Putin", "PBB",
                "DPRK-Rusia", "Negara-Negara", "Amerika", "Serikat", "U.S.", "\n", " ", "©",
                "Korea. Utara", "Korea Selatan", "yang", "dan", "suratnya"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), max_size=30), st.sampled_from(["", " "]))
def test_token_count_equals_the_number_of_tokens(pieces, separator):
    from analysis.tokens import Tokenizer

    text = separator.join(pieces)
    for tokenizer in (Tokenizer(), Tokenizer(stopwords="default"), Tokenizer(numbers=False),
                      Tokenizer(lower=False), Tokenizer(aliases=False)):
        assert tokenizer.count(text) == len(tokenizer.tokenize(text))


def test_token_count_with_a_user_alias_that_spans_punctuation(tmp_path):
    """A user's alias table may hold a name with punctuation between its words: counted as one."""
    from analysis.tokens import Tokenizer

    table = tmp_path / "aliases.csv"
    table.write_text("variant,canonical\nKorea . Utara,korea_utara\nKim Jong Un,kim_jong_un\n",
                     encoding="utf-8")
    tokenizer = Tokenizer(aliases=table)
    text = "Korea . Utara dan Kim Jong Un, kata Korea. Utara."
    assert tokenizer.tokenize(text)[:3] == ["korea_utara", "dan", "kim_jong_un"]
    assert tokenizer.count(text) == len(tokenizer.tokenize(text))
