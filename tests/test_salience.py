"""Frame salience: the indexed computation equals the per-token definition (issue 13).

The reference stems every token, labels every token with UnitVoices.label and matches every
frame at every position (:func:`analysis.framing._frame_hits`): what frame_salience did before
it matched each word type once and stemmed only the types whose stem could be a lexicon stem.
"""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import load_corpus
from analysis.framing import DocumentVoices, FrameIndex, _documents, _frame_hits, _stemmer, frame_salience, load_frames
from analysis.quotes import VOICES, analyse_voices, load_voice_resources
from analysis.tokens import Tokenizer


def reference_salience(corpus, lexicon="frames.yaml"):
    frames, tokenizer, stem = load_frames(lexicon), Tokenizer(), _stemmer()
    rows = []
    for doc in _documents(corpus):
        voices = DocumentVoices(doc.title, doc.captions, doc.paragraphs, load_voice_resources())
        hits = {(f.name, v): 0 for f in frames for v in VOICES}
        voice_tokens = dict.fromkeys(VOICES, 0)
        for unit in doc.units:
            spans = tokenizer.spans(unit.text)
            labels = [voices.unit(unit.location, unit.paragraph).label(t.start).voice for t in spans]
            for label in labels:
                voice_tokens[label] += 1
            for frame in frames:
                for i in _frame_hits([t.token for t in spans], frame, stem):
                    hits[(frame.name, labels[i])] += 1
        for frame in frames:
            for voice in VOICES:
                rows.append((doc.doc_id, frame.name, voice, hits[(frame.name, voice)], voice_tokens[voice]))
    return pd.DataFrame(rows, columns=["doc_id", "frame", "voice", "hits", "voice_tokens"])


@pytest.fixture(scope="module")
def seeds():
    return load_corpus()


def test_salience_on_the_seeds_equals_the_per_token_definition(seeds):
    columns = ["doc_id", "frame", "voice", "hits", "voice_tokens"]
    found = frame_salience(seeds)
    pd.testing.assert_frame_equal(found[columns], reference_salience(seeds))
    assert found["hits"].sum() > 50  # the seeds carry every frame


def test_salience_with_phrases_and_stems_on_made_up_text(tmp_path):
    lexicon = tmp_path / "frames.yaml"
    lexicon.write_text("frames:\n  friends:\n    label: Friends\n    terms: ['perjuangan suci', musuh]\n"
                       "    stems: [sahabat, juang]\n", encoding="utf-8")
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "title": ["Persahabatan abadi"], "captions": [[]],
                         "paragraphs": [['"Perjuangan suci kami," kata Kim, bersahabat dengan musuh.',
                                         "Mereka berjuang; perjuangan itu suci."]]})
    found = frame_salience(docs, lexicon=lexicon).set_index("voice")["hits"]
    # quoted: "Perjuangan suci" (a phrase and the stem juang, counted once); narrator (kata Kim
    # closes the quotation): Persahabatan, bersahabat, musuh, berjuang, perjuangan (not a phrase here)
    assert found.to_dict() == reference_salience(docs, lexicon).groupby("voice")["hits"].sum().to_dict()
    assert found.to_dict() == {"quoted": 1, "scare_quoted": 0, "reported": 0, "narrator": 5}


def test_only_types_that_can_stem_to_a_lexicon_stem_are_stemmed(seeds):
    calls = []
    stem = _stemmer()
    index = FrameIndex(load_frames(), lambda token: calls.append(token) or stem(token))
    tokenizer = Tokenizer()
    types = {t for doc in _documents(seeds) for unit in doc.units for t in tokenizer.tokenize(unit.text)}
    hits = [index._of_type(t) for t in types]
    assert len(types) > 500 and len(calls) < 20  # a handful of the seeds' word types contain "ahabat"
    assert all("ahabat" in t for t in calls)
    cooperation = [f.name for f in load_frames()].index("cooperation")
    assert {t for t, (single, _) in zip(types, hits) if cooperation in single and stem(t) == "sahabat"} == \
        {t for t in types if stem(t) == "sahabat"}


PIECES = ["Kim", "Putin", "kata", "menurut", "mengatakan", "dia", "imperialis", "musuh", "apa yang ia sebut sebagai",
          '"', "“", "”", "'", "‘", "’", ",", ".", ":", "Barat"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_voices_at_equals_the_label_of_each_position(pieces):
    text = " ".join(pieces)
    unit = analyse_voices(text, previous_speaker="Kim Jong Un")
    positions = list(range(len(text) + 1))
    assert unit.voices_at(positions) == [unit.label(p).voice for p in positions]
