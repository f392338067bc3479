"""Tests of the Indonesian tokeniser (analysis.tokens)."""
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.tokens import Tokenizer, attribution_cues, stop_words, tokenize


def test_reduplicated_plural_stays_one_token():
    assert tokenize("negara-negara Barat") == ["negara-negara", "barat"]


def test_reduplication_can_be_reduced_to_its_base():
    tok = Tokenizer(reduplication="base")
    assert tok("Negara-negara dan surat-surat, sayur-mayur") == ["negara", "dan", "surat", "sayur-mayur"]


def test_decimal_comma_and_thousands_stay_one_number():
    assert tokenize("tumbuh 5,4% menjadi 1.443.000 pada 2019.") == [
        "tumbuh", "5,4%", "menjadi", "1.443.000", "pada", "2019"]


def test_numbers_can_be_dropped():
    assert Tokenizer(numbers=False)("naik 5,4% pada 2019") == ["naik", "pada"]


def test_straight_curly_and_mismatched_quotes_are_stripped():
    text = "\"skema anti-Rusia dari para imperialis” dan ‘jujur’ 'Imperialis'"
    assert tokenize(text) == ["skema", "anti-rusia", "dari", "para", "imperialis", "dan", "jujur",
                              "imperialis"]


def test_lower_casing_is_optional():
    assert Tokenizer(lower=False)("PEMIMPIN Rusia") == ["PEMIMPIN", "Rusia"]


@pytest.mark.parametrize("text, expected", [
    ("Kim Jong Un", ["kim_jong_un"]),
    ("Kim Jong-un", ["kim_jong_un"]),
    ("KIM JONG UN", ["kim_jong_un"]),
    ("Korut dan Korea Utara", ["korea_utara", "dan", "korea_utara"]),
    ("AS dan Amerika Serikat", ["amerika_serikat", "dan", "amerika_serikat"]),
    ("Presiden Vladimir Putin", ["presiden", "vladimir_putin"]),
    ("Uni Soviet", ["uni_soviet"]),
    ("resolusi PBB", ["resolusi", "pbb"]),
    ("kerja sama militer", ["kerja_sama", "militer"]),
    ("Perserikatan Bangsa-Bangsa", ["pbb"]),
])
def test_alias_table_maps_variants_to_one_token(text, expected):
    assert tokenize(text) == expected


def test_case_sensitive_alias_leaves_lower_case_word_alone():
    # "AS" is the United States; "as" (e.g. in "as roda", axle) is not.
    assert tokenize("as roda AS") == ["as", "roda", "amerika_serikat"]


def test_multiword_name_does_not_span_punctuation():
    assert tokenize("di Korea. Utara") == ["di", "korea", "utara"]


def test_hyphen_between_two_names_separates_them():
    assert tokenize("hubungan Rusia-Korea Utara") == ["hubungan", "rusia", "korea_utara"]
    assert tokenize("Kim Jong Un-Vladimir Putin") == ["kim_jong_un", "vladimir_putin"]
    assert tokenize("Negara-Negara") == ["negara-negara"]


def test_aliases_can_be_switched_off():
    assert Tokenizer(aliases=False)("Korut") == ["korut"]


def test_user_alias_table(tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text("# mine\nvariant,canonical,case_sensitive\nNegeri Beruang Merah,rusia,no\n",
                     encoding="utf-8")
    assert Tokenizer(aliases=table)("Negeri Beruang Merah dan Korut") == ["rusia", "dan", "korut"]


def test_default_stop_words_keep_attribution_cues():
    cues = {"kata", "menurut", "mengatakan", "menegaskan", "ujar"}
    assert cues <= stop_words("sastrawi")  # the standard list deletes them ...
    assert not cues & stop_words("default")  # ... ours keeps them for framing work
    assert Tokenizer(stopwords="default")("menurut dia, yang kata Kim") == ["menurut", "kata", "kim"]


def test_attribution_cues_include_multiword_cues():
    assert "dikutip dari" in attribution_cues()


def test_custom_stop_word_iterable():
    assert Tokenizer(stopwords=["Rusia"])("Rusia dan Ukraina") == ["dan", "ukraina"]


def test_unknown_stop_word_list_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown stop-word list"):
        Tokenizer(stopwords="english")


def test_clitic_splitting_is_optional_and_spares_root_words():
    tok = Tokenizer(split_clitics=True)
    assert tok("suratnya punya adalah bacalah") == ["surat", "nya", "punya", "adalah", "baca", "lah"]
    assert tokenize("suratnya") == ["suratnya"]


def test_clitic_spans_cover_the_word_halves():
    text = "dalam suratnya"
    spans = Tokenizer(split_clitics=True).spans(text)
    assert [(t.token, text[t.start:t.end]) for t in spans] == [
        ("dalam", "dalam"), ("surat", "surat"), ("nya", "nya")]


def test_stemming_with_sastrawi():
    tok = Tokenizer(stem=True)
    assert tok("perjuangannya menggagalkan kebijakan Kim Jong Un") == [
        "juang", "gagal", "bijak", "kim_jong_un"]


def test_stems_are_cached_per_word_type():
    tok = Tokenizer(stem=True)
    tok("menggagalkan menggagalkan")
    assert tok._types["menggagalkan"] == ("gagal",)
    assert len([k for k in tok._types if k == "menggagalkan"]) == 1


def test_spans_point_back_into_the_text():
    text = "KCNA: “Kim Jong-un berharap Putin menang”, kata media Korut."
    for token in Tokenizer().spans(text):
        surface = text[token.start:token.end]
        assert surface.strip() == surface and surface


def test_tokenizer_is_a_scikit_learn_analyzer():
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=Tokenizer(stopwords="default"))
    matrix = vectorizer.fit_transform(["Kim dan Korut", "Korea Utara dan AS"])
    assert sorted(vectorizer.vocabulary_) == ["amerika_serikat", "kim", "korea_utara"]
    assert matrix.sum() == 4


def test_tokenizer_pickles_for_parallel_workers():
    tok = Tokenizer(stem=True, stopwords="default")
    clone = pickle.loads(pickle.dumps(tok))
    assert clone("Kim menggagalkan Korut") == tok("Kim menggagalkan Korut")


OPTIONS = [
    {},
    {"stopwords": "default"},
    {"split_clitics": True, "reduplication": "base"},
    {"lower": False, "numbers": False},
    {"stopwords": "default", "numbers": False},  # the topic models' fast path
]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(OPTIONS))
def test_any_unicode_tokenises_the_same_on_both_paths(text, options):
    tok = Tokenizer(**options)
    tokens = tok.tokenize(text)
    assert tokens == [t.token for t in tok.spans(text)]
    assert tokens == Tokenizer(**options).tokenize(text)  # deterministic, cache or not


NEWSY = st.lists(st.sampled_from([
    "Kim", "Jong", "Un", "Jong-un", "Korea", "Utara", "Korut", "AS", "as", "Rusia-Korea",
    "negara-negara", "Negara-Negara", "5,4%", "“", "”", "\"", "'", ".", ",", "-", "suratnya",
    "Perserikatan", "Bangsa-Bangsa", "Dewan", "Keamanan", "PBB", "İstanbul", "ß", "\n", " ",
]), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(NEWSY, st.sampled_from(OPTIONS))
def test_every_token_traces_back_to_the_text(text, options):
    tok = Tokenizer(**options)
    spans = tok.spans(text)
    assert [t.token for t in spans] == tok.tokenize(text)
    previous_end = 0
    for token in spans:
        surface = text[token.start:token.end]
        assert token.start >= previous_end or token.start == spans[spans.index(token) - 1].start
        previous_end = token.end
        if token.token in tok.alias_tokens:  # an alias: the surface is one of its variants
            assert surface[0].isalnum()
        elif not options.get("split_clitics"):
            expected = surface if options.get("lower") is False else surface.lower()
            assert token.token in (expected, expected.split("-")[0])


@pytest.mark.parametrize("text", [
    "İstanbul dan Korea Utara",       # İ lower-cases to two characters
    "ΟΔΟΣ-ΚΑΙ ẞtraße Kelvin",        # final sigma, capital sharp s, Kelvin sign
    "AS dan Kim Jong Un",              # a case-sensitive alias forces per-token lower-casing
    "KOREA UTARA, AMERIKA SERIKAT",
])
def test_fast_path_agrees_with_per_token_lower_casing(text):
    tok = Tokenizer(stopwords="default")
    assert tok.tokenize(text) == [t.token for t in tok.spans(text)]
