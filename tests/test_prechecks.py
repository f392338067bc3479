"""The loader's shortcuts (pre-checks, joined anchored rules, remembered rule answers and dates)
change no answer."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import dates, outlets
from analysis.clean import _extra_list, _lists, load_rules
from analysis.corpus import _outlet_boilerplate
from analysis.paths import PROJECT_DIR
from analysis.prechecks import RuleList, final_characters, has_needs, needs, searcher

LAYOUT_LINES = sorted({line.strip() for path in (PROJECT_DIR / "tests/data/layouts").glob("*.txt")
                       for line in path.read_text(encoding="utf-8").split("\n") if line.strip()})
PIECES = ["Baca juga: ", "BACA JUGA", "İkuti", "ſ", "\u212a", "Google News", "(Foto: Reuters)", "via AP",
          "ANTARA FOTO/Ali", "[ah/rs]", "Copyright © 2024", "hak cipta", "(c) 2023", "Populer", "Terkini",
          "Senin, 12 Juni 2023 | 10:15 WIB", "19/06/2024", "Diterbitkan", "Home | Berita | Dunia",
          "KCNA WATCH | REUTERS", "(Aljazeera/Z-9)", "3 jam lalu", "IHSG 7.100", "kompas.com", "•", "x",
          "Kim berkata.", " ", "  ", ".", "“", "”", "(", ")", "/", ":", "|", "-", "\t", "Iklan", "A A A",
          "Reporter: Ana", "zoom-in", "Komentar (3)", "bagikan", "WhatsApp", "ikuti kami", "2019"]


def plain_first(patterns, line: str) -> int:
    return next((i for i, p in enumerate(patterns) if p.search(line)), -1)


def shipped_lists() -> list[RuleList]:
    lists = list(_lists(load_rules()))
    lists += [_extra_list(_outlet_boilerplate(o.name)) for o in outlets.load_outlets()
              if _outlet_boilerplate(o.name)]
    return lists


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8))
@example(["Baca juga: ", "Google News"])
@example(["(", "Foto: Reuters", ")"])
def test_rule_lists_give_the_first_rule_a_plain_search_gives(pieces):
    line = "".join(pieces)
    for rules in shipped_lists():
        assert rules.first(line) == plain_first(rules.patterns, line), line


def test_rule_lists_agree_on_every_line_of_the_development_pages():
    for rules in shipped_lists():
        for line in LAYOUT_LINES:
            assert rules.first(line) == plain_first(rules.patterns, line), line


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6), min_size=1, max_size=12))
def test_a_remembered_answer_is_the_answer_a_fresh_search_gives(lines):
    # Lines asked again (page furniture on the next page) and after being forgotten (a memory
    # of three lines) get the answer of the plain ordered search.
    lines = ["".join(pieces) for pieces in lines]
    for rules in shipped_lists():
        small = RuleList(rules.patterns, remember=3)
        for line in lines + lines[::-1] + lines:
            expected = plain_first(rules.patterns, line)
            assert rules.first(line) == small.first(line) == expected, line


def test_a_rule_list_remembers_a_bounded_number_of_lines():
    rules = RuleList([re.compile(r"google news", re.I)], remember=2)
    for line in ["a", "b", "Ikuti Google News", "a", "c", "d"]:
        rules.first(line)
    assert rules.first.cache_info().currsize == 2
    assert rules.first("Ikuti Google News") == 0
    assert RuleList([re.compile("x")], remember=0).first("x") == 0


@pytest.mark.parametrize("patterns, line, first", [
    # a back-reference: its group number would shift in a joined pattern, so it is not joined
    ([r"^(ab)\1$", r"^cd", r"^ef"], "abab", 0),
    ([r"^(ab)\1$", r"^cd", r"^ef"], "abcd", -1),
    # "^a|b" is not anchored as a whole: b may match anywhere
    ([r"^x", r"^a|b", r"^y"], "zzb", 1),
    # two groups of one name cannot be joined: each is still tried
    ([r"^(?P<n>a)", r"^(?P<n>b)"], "b", 1),
    # a global flag inside a joined pattern would not compile: not joined
    ([r"(?s)^a.b", r"^c"], "a\nb", 0),
    # the first matching rule wins, not the leftmost match
    ([r"^baca", r"juga", r"^baca juga"], "baca juga", 0),
    ([r"juga$", r"^baca"], "baca juga", 0),
])
def test_joined_anchored_rules_keep_their_order_and_meaning(patterns, line, first):
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    assert plain_first(compiled, line) == first
    assert RuleList(compiled).first(line) == first


def test_multiline_caret_is_not_treated_as_the_start_of_the_text():
    compiled = [re.compile(r"^b", re.MULTILINE), re.compile(r"^c", re.MULTILINE)]
    assert RuleList(compiled).first("a\nb") == 0 == plain_first(compiled, "a\nb")


def test_a_line_long_backtracking_rule_gets_a_pre_check():
    # "^.{12,}...(x/y)$" runs over the whole line before failing; it needs "(", "/" and ")".
    caption = load_rules().caption[0]
    found = needs(caption)
    assert found is not None and {"(", "/", ")"} <= set().union(*found.groups)
    assert not has_needs(found, "Presiden tiba di Pyongyang pada Rabu pagi untuk bertemu Kim.")


def unremembered_find_dates(line: str):
    return list(dates._find_dates.__wrapped__(line))


DATE_PIECES = ["Rabu, ", "19 Jun 2024", " 07:15 WIB", "19/06/2024", "2024-06-19", "Diterbitkan ",
               "Diperbarui ", "| ", "Kamis (12/10)", "Thursday, 14 Sep 2023 10:00", "2019", "x", " ",
               "١٢/٠٦/٢٠٢٤", "31/02/2024", "pukul 9.30 WITA", "+07:00", "Sep 14, 2023"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=6))
def test_remembered_dates_equal_a_fresh_search(pieces):
    line = "".join(pieces)
    assert dates.find_dates(line) == unremembered_find_dates(line)
    assert dates.find_dates(line) == unremembered_find_dates(line)  # the remembered answer


def test_a_caller_changing_the_list_does_not_change_the_next_answer():
    found = dates.find_dates("Rabu, 19 Jun 2024 07:15 WIB")
    found.clear()
    assert len(dates.find_dates("Rabu, 19 Jun 2024 07:15 WIB")) == 1


COPYRIGHT_PIECES = ["©", "(c)", "(C)", "Copyright", "COPYRİGHT", "hak cipta", "HAK CİPTA", "2024",
                    "1999", " - ", "2008", "\n", " ", "PT Media", "cipta", "copy right", "20", "19"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(COPYRIGHT_PIECES), max_size=8))
def test_copyright_pre_check_never_changes_the_year(pieces):
    text = "".join(pieces)
    years = [int(m.group(2) or m.group(1)) for m in dates._COPYRIGHT_YEAR.finditer(text)]
    assert dates.copyright_year(text) == (max(years) if years else None)


def test_outlet_rules_follow_the_table_they_are_given():
    table = outlets.load_outlets()
    smaller = tuple(o for o in table if o.name != "Kompas")
    assert outlets._text_rules(table) is outlets._text_rules(table)
    assert "kompas.com" in outlets._text_rules(table).masthead
    assert "kompas.com" not in outlets._text_rules(smaller).masthead


# -- the last character before trailing white space -------------------------------------------------
@pytest.mark.parametrize("pattern, flags, ends", [
    (r"\)\.?\s*$", re.I, {")", "."}),
    (r"(\[a/b\]|\(a/b\))\s*$", re.I, {"]", ")"}),
    (r"x\s*$", 0, {"x"}),
    (r"x\s*$", re.I, None),            # a letter: other cases (and K, ſ) match it too
    (r"(?:x|)$", 0, None),              # a branch that may match nothing
    (r"x\s*\.?\s*$", 0, {"x", "."}),   # an optional character: the one before may be last
    (r"\)$", re.M, None),               # $ at every line end
    (r"\)", 0, None),                   # not anchored at the end
    (r"[)\]]$", 0, {")", "]"}),
    (r"[^a]$", 0, None),
    (r" $", 0, None),                   # white space that rstrip would remove
    (r"\)(?<=\))\s*\Z", 0, {")"}),
])
def test_final_characters_are_read_off_the_pattern(pattern, flags, ends):
    found = final_characters(re.compile(pattern, flags))
    assert (None if found is None else set(found)) == ends


END_PATTERNS = [(r"\)\.?\s*$", re.I), (r"(\[a/b\]|\(a/b\))\s*$", re.I), (r"x\s*\.?\s*$", 0),
                (r"[)\]]$", 0), (r"\)(?<=\))\s*\Z", 0)]
END_PIECES = [")", "]", ".", "x", "X", "a/b", "(", "[", " ", "\n", "\t", "\u00a0", "\u3000", "\x1c", "y"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(END_PIECES), max_size=8))
def test_a_line_skipped_for_its_last_character_has_no_match(pieces):
    line = "".join(pieces)
    patterns = [re.compile(p, f) for p, f in END_PATTERNS]
    patterns += [p for p in [load_rules().inline_credit, *load_rules().caption, *load_rules().credit]
                 if final_characters(p) is not None]
    for pattern in patterns:
        if pattern.search(line):
            assert line.rstrip()[-1:] in final_characters(pattern), (pattern.pattern, line)
        plain, checked = pattern.search(line), searcher(pattern)(line)
        assert (plain and plain.span()) == (checked and checked.span())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=6).map("".join))
def test_a_remembered_fold_is_a_fresh_one(line):
    from analysis.prechecks import FOLD_SPECIAL, fold

    fresh = line.translate(FOLD_SPECIAL).lower()
    assert fold(line) == fresh and fold(line) == fresh
