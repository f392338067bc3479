"""Rules of the voice labeller (analysis.quotes), one made-up sentence per rule."""
import pytest

from analysis.paths import DATA_DIR
from analysis.quotes import (
    analyse_voices,
    find_quotes,
    load_framing_settings,
    load_voice_resources,
    read_news_sources,
    source_patterns,
    split_sentences,
)


def label_of(text, word, **options):
    start = text.index(word)
    return analyse_voices(text, **options).label(start, start + len(word))


def test_straight_quote_closed_by_curly_quote_pairs():
    text = 'Kim berharap menang atas "skema para imperialis” hari ini.'
    assert find_quotes(text) == [(25, 48, True)]


def test_curly_quote_used_as_opening_mark_still_pairs():
    text = "Ia menyebut ”perjuangan suci” itu penting."
    assert find_quotes(text) == [(12, 29, True)]


def test_apostrophes_inside_words_are_not_quotes():
    assert find_quotes("Pada hari Jum'at, Kim’s letter tiba.") == []
    assert find_quotes("Lagu-lagu tahun ’90-an diputar.") == []


def test_quotation_spanning_two_sentences_is_one_quotation():
    text = "“Kami menang. Imperialis akan kalah,” kata Kim."
    assert find_quotes(text) == [(0, 37, True)]
    assert label_of(text, "Imperialis") == ("quoted", False, "Kim Jong Un")


def test_unclosed_double_quote_runs_to_end_of_paragraph():
    text = "Kim menambahkan, “Kami akan melawan imperialis sampai akhir."
    assert find_quotes(text) == [(17, len(text), False)]
    assert label_of(text, "imperialis").voice == "quoted"


def test_single_quotes_nested_in_double_quotes_stay_quoted_speech():
    text = "“Mereka menyebut kami 'musuh' selama ini,” kata Putin."
    assert label_of(text, "musuh") == ("quoted", False, "Vladimir Putin")


def test_short_quote_in_headline_is_a_scare_quote_even_near_a_cue():
    text = "Kim dan Putin Berharap Kalahkan 'Imperialis'"
    assert label_of(text, "Imperialis", location="headline") == ("scare_quoted", False, "")


def test_short_quote_without_any_cue_is_a_scare_quote():
    text = 'Korut mendukung pengakuan "dua republik" di Donbas.'
    assert label_of(text, "dua republik") == ("scare_quoted", False, "")


def test_short_partial_quote_in_an_attributed_sentence_is_quoted():
    text = 'Kim mengatakan diskusi itu "jujur" dan terbuka.'
    assert label_of(text, "jujur") == ("quoted", False, "Kim Jong Un")


def test_long_quote_without_cue_is_speech_of_unknown_speaker():
    text = "Seorang warga: tidak. “Kami tidak pernah takut pada para imperialis itu.”"
    assert label_of(text, "imperialis") == ("quoted", False, "unknown")


def test_post_posed_kata_takes_the_speaker_after_it():
    text = '"Hubungan kedua negara makin erat," kata Zakharova kepada wartawan.'
    assert label_of(text, "erat") == ("quoted", False, "Maria Zakharova")


def test_reported_speech_after_a_cue_verb_has_the_subject_as_speaker():
    text = "Kim berharap Putin menang atas kaum imperialis."
    assert label_of(text, "imperialis") == ("reported", False, "Kim Jong Un")


def test_menurut_makes_the_source_the_speaker_of_what_follows():
    text = "Menurut KCNA, kedua pemimpin membahas tekanan imperialis."
    assert label_of(text, "imperialis") == ("reported", False, "KCNA")


def test_post_posed_source_cue_covers_the_clause_before():
    text = "Kedua pemimpin membahas tekanan imperialis, menurut KCNA."
    assert label_of(text, "imperialis") == ("reported", False, "KCNA")


def test_verb_cue_after_a_parenthetical_comma_keeps_its_subject():
    text = "Putin, dalam pesannya kepada Kim, mengatakan hubungan makin erat."
    assert label_of(text, "erat") == ("reported", False, "Vladimir Putin")


def test_descriptive_name_groups_resolve_to_their_head():
    text = "Wakil Menteri Luar Negeri Korea Utara Im Chon-il menegaskan dukungan bagi Rusia."
    assert label_of(text, "dukungan").speaker == "Im Chon Il"


def test_longest_alias_wins_kim_yo_jong_is_not_kim_jong_un():
    text = "Kim Yo Jong memperingatkan Amerika Serikat soal latihan militer."
    assert label_of(text, "latihan").speaker == "Kim Yo Jong"


def test_coordinated_subjects_are_all_speakers():
    text = "Pyongyang dan Moskow membantah adanya transaksi senjata."
    assert label_of(text, "senjata").speaker == "North Korean government; Russian government"


def test_pronoun_resolves_to_the_previous_named_speaker():
    text = "Dia berharap Putin menang atas imperialis."
    assert label_of(text, "imperialis", previous_speaker="Kim Jong Un").speaker == "Kim Jong Un"


def test_pronoun_with_no_earlier_speaker_stays_unknown():
    assert label_of("Dia berharap Putin menang atas imperialis.", "imperialis").speaker == "unknown"


def test_katanya_is_a_pronoun_speaker():
    text = "Putin mengatakan surat itu tiba. “Kami bersahabat,” katanya."
    assert label_of(text, "bersahabat") == ("quoted", False, "Vladimir Putin")


def test_pronoun_resolves_to_a_speaker_not_to_any_mentioned_name():
    # Putin is mentioned but has said nothing yet: "katanya" is not clearly his.
    text = "Putin mengirim surat. “Kami bersahabat,” katanya."
    assert label_of(text, "bersahabat") == ("quoted", False, "unknown")


def test_name_colon_headline_reports_the_name():
    text = "Putin: Hubungan yang Lebih Erat akan Jadi Kepentingan Kedua Negara"
    assert label_of(text, "Erat", location="headline") == ("reported", False, "Vladimir Putin")


def test_kata_kata_is_not_an_attribution_cue():
    text = "Putin menyambut Kim dengan kata-kata hangat tentang sanksi."
    assert label_of(text, "sanksi") == ("narrator", False, "")


def test_distancing_marker_flags_terms_in_its_clause_only():
    text = "Kim mengecam apa yang ia sebut sebagai hegemoni dan tekanan kaum imperialis, lalu pulang."
    assert label_of(text, "hegemoni").distancing
    assert label_of(text, "imperialis").distancing
    assert not label_of(text, "pulang").distancing


def test_cue_word_inside_a_distancing_marker_is_not_a_cue():
    text = "Korut mengecam apa yang disebut latihan perang itu."
    assert label_of(text, "latihan") == ("narrator", True, "")


def test_cue_words_inside_quotation_are_not_attributions():
    text = "“Mereka mengatakan kami musuh,” kata Kim."
    unit = analyse_voices(text)
    assert [a.cue for a in unit.attributions] == ["kata"]


def test_plain_sentence_is_narrator_voice():
    assert label_of("Moskow dan Pyongyang semakin terisolasi.", "terisolasi") == ("narrator", False, "")


def test_sentences_do_not_split_after_initials_or_titles():
    assert split_sentences("Surat Dr. Lee tiba. Kim membalas.") == [(0, 19), (20, 33)]


def test_unknown_location_is_rejected_with_the_allowed_values():
    with pytest.raises(ValueError, match="headline"):
        analyse_voices("teks", location="title")


# -- settings and data files ----------------------------------------------------------------------
def settings_copy(tmp_path, old, new):
    """A copy of the shipped settings file with one line changed."""
    text = (DATA_DIR / "framing_settings.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "settings.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_shipped_settings_hold_the_rule_values():
    settings = load_framing_settings()
    assert settings.source_cues == ("menurut", "mengutip", "melansir", "dilansir", "dikutip")
    assert settings.citation_markers[-3:] == ("kepada", "oleh", "via")
    assert "No" in settings.abbreviations  # quoted in the file: a bare No would be YAML false
    assert (settings.max_scare_words, settings.distancing_window) == (4, 6)


def test_max_scare_words_setting_decides_short_quotes(tmp_path):
    text = 'Korut mendukung pengakuan "dua republik merdeka" di Donbas.'  # three words, no cue
    assert label_of(text, "dua republik").voice == "scare_quoted"
    strict = load_voice_resources(settings=str(settings_copy(tmp_path, "max_scare_words: 4", "max_scare_words: 2")))
    assert label_of(text, "dua republik", resources=strict) == ("quoted", False, "unknown")


def test_distancing_window_setting_limits_the_reach_of_a_marker(tmp_path):
    text = "Kim mengecam apa yang disebut latihan perang besar gabungan itu."  # perang: 1 word after
    assert label_of(text, "perang").distancing
    short = load_voice_resources(settings=str(settings_copy(tmp_path, "distancing_window: 6", "distancing_window: 0")))
    assert not label_of(text, "perang", resources=short).distancing


def test_abbreviations_setting_keeps_sentences_together(tmp_path):
    text = "Surat Jend. Lee tiba. Kim membalas."
    assert split_sentences(text) == [(0, 11), (12, 21), (22, 35)]
    settings = load_framing_settings(settings_copy(tmp_path, '"H"]', '"H", "Jend"]'))
    assert split_sentences(text, settings=settings) == [(0, 21), (22, 35)]


def test_settings_errors_name_the_file_and_the_fix(tmp_path):
    with pytest.raises(ValueError, match=r"settings.yaml: abbreviations must be a list of words.*quote"):
        load_framing_settings(settings_copy(tmp_path, '"No",', "No,"))
    with pytest.raises(ValueError, match="distancing_window must be a whole number"):
        load_framing_settings(settings_copy(tmp_path, "distancing_window: 6", "distancing_window: six"))
    with pytest.raises(ValueError, match="expected exactly the settings"):
        load_framing_settings(settings_copy(tmp_path, "max_scare_words: 4", "max_scare_word: 4"))


def test_missing_user_news_source_file_raises_naming_it(tmp_path):
    missing = tmp_path / "my_sources.csv"
    with pytest.raises(FileNotFoundError, match="my_sources.csv.*does not exist.*sources=None"):
        load_voice_resources(sources=str(missing))
    with pytest.raises(FileNotFoundError, match="my_sources.csv.*columns source and variant"):
        source_patterns(missing)


def test_source_patterns_match_whole_words_with_the_case_rule_of_each_row(tmp_path):
    table = tmp_path / "sources.csv"
    table.write_text("# test table\nsource,variant,kind,case_sensitive\nAP,AP,agency,yes\n"
                     "KCNA,Kantor Berita Korea Utara,agency,no\nX,,agency,no\n", encoding="utf-8")
    patterns = source_patterns(table)
    assert [source for source, _ in patterns] == ["AP", "KCNA"]  # the empty variant is dropped
    ap, kcna = (p for _, p in patterns)
    assert ap.search("(Foto: AP)") and not ap.search("ap") and not ap.search("AP-nya") and not ap.search("RAP")
    assert kcna.search("kantor  berita-Korea Utara").group() == "kantor  berita-Korea Utara"
    assert len(source_patterns()) == len(read_news_sources())  # every row of the shipped table


def test_source_table_without_its_columns_is_rejected(tmp_path):
    table = tmp_path / "sources.csv"
    table.write_text("name,variant\nAP,AP\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"sources.csv: the news-source table needs the columns \['source'\]"):
        source_patterns(table)
