"""Voice labels stay exact when indexed, and cost the same per word in long paragraphs.

:meth:`analysis.quotes.UnitVoices.label` answers from an index (bisection over quotations,
attribution scopes by sentence, the reach of each distancing marker); the reference below is
the obvious definition, one pass over every quotation, attribution and marker, and the two
must agree at every position of generated texts.
"""
import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.framing import DocumentVoices, _context, concordance
from analysis.quotes import Label, analyse_voices, load_voice_resources

_CLAUSE_STOPS = ".,;:!?"


def reference_label(unit, start):
    """The voice of ``unit.text[start]`` by testing every quotation, attribution and marker."""
    distancing = False
    for _, m_end in unit.markers:
        gap = unit.text[m_end:start]
        if m_end <= start and not any(c in _CLAUSE_STOPS for c in gap) and len(gap.split()) <= unit.settings.distancing_window:
            distancing = True
    speech = [q for q in unit.quotes if q.start < start < q.end and q.kind == "speech"]
    if speech:
        return Label("quoted", distancing, speech[0].speaker)
    if any(q.start < start < q.end for q in unit.quotes):
        return Label("scare_quoted", distancing, "")
    covering = [a for a in unit.attributions if a.scope_start <= start < a.scope_end]
    if covering:
        before = [a for a in covering if a.start <= start]
        cue = max(before, key=lambda a: a.start) if before else min(covering, key=lambda a: a.start)
        return Label("reported", distancing, cue.speaker)
    return Label("narrator", distancing, "")


PIECES = [
    "Kim", "Putin", "Presiden Rusia Vladimir Putin", "Kim Jong Un", "KCNA", "dia", "ia", "Dia",
    "kata", "katanya", "menurut", "mengatakan", "berharap", "melansir", "apa yang ia sebut sebagai",
    "imperialis", "musuh", "Amerika", "dan", "serta", "perang", "suci", "kaum", "Barat",
    '"', "“", "”", "'", "‘", "’", ",", ".", ":", ";", "?", "!", "(", ")", "—", "-",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60),
       st.lists(st.sampled_from([" ", " ", " ", "", "  ", "\n"]), min_size=60, max_size=60))
def test_indexed_labels_equal_the_reference_at_every_position(pieces, gaps):
    text = "".join(p + g for p, g in zip(pieces, gaps))
    unit = analyse_voices(text, previous_speaker="Kim Jong Un")
    for pos in range(len(text) + 1):
        assert unit.label(pos) == reference_label(unit, pos), (text, pos)


def test_labels_in_one_long_paragraph_equal_those_in_short_ones():
    sentences = ['"Kaum imperialis akan kalah," kata Kim.', "Menurut KCNA, Putin berharap menang.",
                 "Ia menyebut apa yang ia sebut sebagai imperialis Barat.", "Perang itu berlanjut."]
    short = [analyse_voices(s) for s in sentences]
    long_text = " ".join(sentences * 200)
    long = analyse_voices(long_text)
    offset = 0
    for _ in range(200):
        for sentence, unit in zip(sentences, short):
            for m in re.finditer(r"\w+", sentence):
                assert long.label(offset + m.start()).voice == unit.label(m.start()).voice
            offset += len(sentence) + 1


def test_pronoun_chains_over_thousands_of_paragraphs_resolve_without_deep_recursion():
    paragraphs = ["Kim Jong Un mengatakan perang akan berakhir."] + ["Dia mengatakan perang belum usai."] * 3000
    voices = DocumentVoices("", [], paragraphs, load_voice_resources())
    assert voices.unit("body", 3000).attributions[0].speaker == "Kim Jong Un"
    assert voices.unit("body", 1500).attributions[0].speaker == "Kim Jong Un"


def test_context_of_a_match_among_very_long_words_keeps_whole_words():
    text = " ".join(["x" * 100] * 5) + " imperialis " + " ".join(["y" * 100] * 5)
    start = text.index("imperialis")
    left, right = _context(text, start, start + len("imperialis"), 3)
    assert left == " ".join(["x" * 100] * 3) + " " and right == " " + " ".join(["y" * 100] * 3)


def test_concordance_of_a_single_long_paragraph_equals_the_split_one():
    sentence = '"Para imperialis kalah," kata Kim. Putin menyebut musuh bersama.'
    split = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": [""], "captions": [[]],
                          "paragraphs": [[sentence] * 300]})
    joined = split.assign(paragraphs=[[" ".join([sentence] * 300)]])
    columns = ["match", "voice", "distancing", "speaker"]
    a, b = concordance(split, "imperialis"), concordance(joined, "imperialis")
    assert len(a) == len(b) == 300
    assert a[columns].equals(b[columns])


def test_a_long_run_of_dots_is_one_pass_and_still_no_sentence_end():
    from analysis.quotes import split_sentences

    text = "Kim tiba" + "." * 200_000 + "tanpa spasi. Putin menyambut."
    assert split_sentences(text) == [(0, len(text) - len("Putin menyambut.") - 1),
                                      (len(text) - len("Putin menyambut."), len(text))]
