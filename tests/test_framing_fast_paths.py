"""The fast paths of concordance, voice counting and frame salience give what the plain
definitions give (issue 13: notebook 03 on 100,000 articles).

Each test compares a shortcut with the computation it replaces, on the seeds and on texts
generated from pieces that exercise it (quotation marks, cues, colons, names, hyphens,
capitals, letters whose lower case is longer).
"""
import re
from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import load_corpus
from analysis.framing import (
    DocumentVoices,
    FrameIndex,
    _prefix_first,
    _stemmer,
    compile_pattern,
    frame_salience,
    iter_units,
    load_frames,
)
from analysis.quotes import VOICES, analyse_voices, load_voice_resources, narrator_only
from analysis.tokens import Tokenizer
from tests.test_salience import reference_salience

WORDS = ["Imperialis", "imperialisme", "anti-imperialis", "IMPERIALIS", "kaum", "perjuangan", "suci",
         "perjuangan  suci", "musuh", "bermusuhan", "Kim", "Putin", "kata", "menurut", "mengatakan", "Dia",
         "apa yang ia sebut sebagai", "Barat", "sanksi", "rudal", "kerja sama", "Kerja-Sama", "bersahabat",
         "Rusia-Korea", "İmperialis", "x", '"', "“", "”", "'", "‘", "’", ",", ".", ":", "\n", "-"]
PATTERNS = ["imperialis*", "imperialis", "perjuangan suci", "musuh", "*musuh*", "kim jong un", "bar?t",
            "anti-imperialis", "Kim", "k*a"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from(PATTERNS))
def test_the_pattern_with_its_letters_first_finds_the_same_spans(pieces, pattern):
    text = " ".join(pieces)
    for case_sensitive, scanned in ((False, text.lower()), (True, text)):
        reference = compile_pattern(pattern, case_sensitive=True if case_sensitive else False)
        plain = reference if case_sensitive else re.compile(reference.pattern.lower())
        fast = _prefix_first(pattern if case_sensitive else pattern.lower())
        if fast is None:  # a pattern that starts with a wildcard is searched as it is
            assert pattern.startswith(("*", "?"))
            continue
        assert [m.span() for m in fast.finditer(scanned)] == [m.span() for m in plain.finditer(scanned)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.sampled_from(["headline", "body"]))
def test_voice_counts_count_the_voice_of_every_position(pieces, location):
    text = " ".join(pieces)
    unit = analyse_voices(text, location=location, previous_speaker="Kim Jong Un")
    positions = sorted({0, len(text)} | {m.start() for m in re.finditer(r"\w+|\W", text)})
    expected = Counter(unit.voices_at(positions))
    assert unit.voice_counts(positions) == {v: expected.get(v, 0) for v in VOICES}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_narrator_only_text_has_no_quotation_and_no_attribution(pieces):
    text = " ".join(pieces)
    if narrator_only(text, load_voice_resources()):
        unit = analyse_voices(text)
        assert unit.quotes == [] and unit.attributions == []


def test_narrator_only_on_the_seeds_agrees_with_the_analysis():
    resources = load_voice_resources()
    plain = [u.text for u in iter_units(load_corpus()) if narrator_only(u.text, resources)]
    assert len(plain) >= 10  # captions and plain paragraphs
    for text in plain:
        unit = analyse_voices(text, resources=resources)
        assert unit.quotes == [] and unit.attributions == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), min_size=1, max_size=4))
def test_salience_equals_the_per_token_definition_on_generated_texts(paragraphs):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "title": ["", "Kata Putin: 'musuh'"],
                         "captions": [[], [" ".join(paragraphs[0])]],
                         "paragraphs": [[" ".join(p) for p in paragraphs], [" ".join(paragraphs[-1])]]})
    columns = ["doc_id", "frame", "voice", "hits", "voice_tokens"]
    pd.testing.assert_frame_equal(frame_salience(docs)[columns], reference_salience(docs))


@pytest.mark.parametrize("token", ["imperialis", "imperialisme", "anti-imperialis", "anti-imperialisme-baru",
                                   "musuh", "bermusuhan", "musuhnya", "kerja_sama", "perjuangan", "zelenskyy",
                                   "barat-timur", "timur-barat", "x", "rudal-rudal", "5,4%", "_", "ukraina"])
def test_the_term_screen_lets_through_every_token_a_term_matches(token):
    frames = load_frames()
    index = FrameIndex(frames, _stemmer())
    patterns = [f.single for f in frames if f.single is not None] + [p[0] for f in frames for p in f.phrases]
    assert index._may_match_a_term(token) == any(p.fullmatch(token) for p in patterns)


def test_the_term_screen_agrees_with_the_patterns_on_every_seed_type():
    frames = load_frames()
    index = FrameIndex(frames, _stemmer())
    patterns = [f.single for f in frames if f.single is not None] + [p[0] for f in frames for p in f.phrases]
    tokenizer = Tokenizer()
    types = {t for u in iter_units(load_corpus()) for t in tokenizer.tokenize(u.text)}
    disagree = [t for t in types if index._may_match_a_term(t) != any(p.fullmatch(t) for p in patterns)]
    assert len(types) > 500 and disagree == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=8))
def test_the_speaker_before_a_paragraph_skips_only_paragraphs_where_nobody_speaks(paragraphs):
    texts = [" ".join(p) for p in paragraphs]
    resources = load_voice_resources()
    voices = DocumentVoices("", [], texts, resources)
    speaker, expected = None, [None]
    for text in texts:  # every paragraph analysed, each with the speaker before it
        speaker = analyse_voices(text, previous_speaker=speaker, resources=resources).last_speaker or speaker
        expected.append(speaker)
    assert [voices._speaker_before(i) for i in range(len(texts) + 1)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8))
def test_the_intersection_of_two_unions_holds_the_positions_in_both(a, b):
    from analysis.quotes import _Intervals

    first, second = _Intervals(a), _Intervals(b)
    both = first.intersection(second)
    assert [p for p in range(62) if p in both] == [p for p in range(62) if p in first and p in second]
