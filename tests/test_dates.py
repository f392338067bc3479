"""Tests of date reading (analysis.dates) and of the publication-date choice in the header."""
import pandas as pd
import pytest

from analysis.clean import classify_lines
from analysis.dates import copyright_year, find_dates, infer_date, is_date_line, parse_date


@pytest.mark.parametrize("line, expected", [
    ("23/4/2019 12:15", "2019-04-23 12:15:00+07:00"),
    ("Kompas.com - 19/04/2019, 22:28 WIB", "2019-04-19 22:28:00+07:00"),
    ("Rabu, 19 Jun 2024 07:15 WIB", "2024-06-19 07:15:00+07:00"),
    ("SENIN, 15 AGUSTUS 2022 | 11:53 WIB", "2022-08-15 11:53:00+07:00"),
    ("Thursday, 14 Sep 2023 10:00", "2023-09-14 10:00:00+07:00"),
    ("September 14, 2023 10:00 PM", "2023-09-14 22:00:00+07:00"),
    ("Kamis, 14 September 2023, 18:55 WITA", "2023-09-14 18:55:00+08:00"),
    ("Jumat, 16 Agustus 2024 11.55 WIT", "2024-08-16 11:55:00+09:00"),
    ("Susi Susanti , Jurnalis-Selasa, 18 Juni 2024 |08:56 WIB", "2024-06-18 08:56:00+07:00"),
    ("Warta Berita2024-02-20", "2024-02-20 00:00:00+07:00"),
    ("Diperbarui 20 Juni 2024 09:00 WIB | Diterbitkan 19 Juni 2024 07:15 WIB", "2024-06-19 07:15:00+07:00"),
    ("Dipublikasikan: 19 Juni 2024, 07:15 WIB", "2024-06-19 07:15:00+07:00"),
])
def test_date_forms_and_zones(line, expected):
    assert str(parse_date(line)) == expected


@pytest.mark.parametrize("line", [
    "Kamis (12/10)",                         # no year
    "Diperbarui 20 Juni 2024, 09:00 WIB",    # an update is not a publication
    "Selasa, 12 Oktober 2023",               # 12 October 2023 is a Thursday
    "31/02/2024 10:00",                      # no such day
    "EMAS 1.443.000 4.000 0,28%",            # market ticker
    "© 2025 Media Group",                    # a copyright year
    "2 jam yang lalu",
])
def test_no_date_rather_than_a_wrong_one(line):
    assert parse_date(line) is None


def test_update_and_publication_labels():
    found = find_dates("Diterbitkan 19/06/2024, 07:15 WITA | Diperbarui 20/06/2024, 09:00 WITA")
    assert [(d.kind, d.stamp.day) for d in found] == [("published", 19), ("updated", 20)]


def test_a_sentence_with_a_date_is_not_a_date_line():
    assert is_date_line("Rabu, 19 Jun 2024 07:15 WIB | Penulis: Nama Wartawan")
    assert not is_date_line("Kedua pemimpin bertemu di Vladivostok, Rusia, pada 25 April 2019 untuk "
                            "pertama kalinya sejak lama.")


def test_inferred_date_takes_the_latest_matching_year_not_after_the_copyright_year():
    stamp, reason = infer_date("Media melaporkan pada hari Kamis (12/10) bahwa surat dikirim.",
                               latest_year=2025)
    assert stamp == pd.Timestamp("2023-10-12", tz="UTC+07:00")
    assert "Thursday in 2023" in reason and "2025" in reason
    assert infer_date("Senin(15/8) lalu", latest_year=2025)[0] == pd.Timestamp("2022-08-15", tz="UTC+07:00")
    assert infer_date("tanpa tanggal", latest_year=2025) == (None, "")


def test_copyright_year_is_the_last_of_a_range():
    assert copyright_year("Copyright © 2008 - 2024 PT Kompas Cyber Media") == 2024
    assert copyright_year("Isi berita tanpa hak cipta") is None


def _labels(page):
    lines = page.rstrip("\n").split("\n")
    return {line: lab for line, lab in zip(lines, classify_lines(lines))}


BODY = ("Presiden Rusia tiba di Pyongyang pada Rabu pagi dan disambut pemimpin Korea Utara.\n"
        "Kedua pemimpin kemudian menandatangani perjanjian kemitraan strategis yang baru.\n")


def test_copy_day_above_the_masthead_is_not_the_publication_date():
    page = ("Sabtu, 4 Oktober 2025\nTribunnews.com\nKim Jong Un Sambut Putin di Bandara Pyongyang\n"
            "Kamis, 25 April 2019 15:30 WIB\nPenulis: Nama Wartawan\n" + BODY)
    labels = _labels(page)
    assert labels["Sabtu, 4 Oktober 2025"].label == "boilerplate"
    assert labels["Kamis, 25 April 2019 15:30 WIB"].label == "dateline"
    assert labels["Kim Jong Un Sambut Putin di Bandara Pyongyang"].label == "title"


def test_copy_day_is_never_the_date_even_without_another_date():
    page = "Sabtu, 4 Oktober 2025\nKim Jong Un Sambut Putin di Bandara Pyongyang\n" + BODY
    labels = _labels(page)
    assert labels["Sabtu, 4 Oktober 2025"].label == "boilerplate"
    assert not any(lab.label == "dateline" for lab in labels.values())


def test_update_time_is_not_the_dateline():
    page = ("Kim Jong Un Sambut Putin di Bandara Pyongyang\nDiperbarui 20 Juni 2024, 09:00 WIB\n"
            "Diterbitkan 19 Juni 2024, 07:15 WIB\n" + BODY)
    labels = _labels(page)
    assert labels["Diterbitkan 19 Juni 2024, 07:15 WIB"].label == "dateline"
    assert labels["Diperbarui 20 Juni 2024, 09:00 WIB"].reason == "update time"


def test_article_table_infers_a_date_only_into_its_own_column(tmp_path):
    from analysis.corpus import load_corpus

    page = ("Judul Berita Tentang Surat Dua Pemimpin\n"
            "Media pemerintah melaporkan pada hari Kamis (12/10) bahwa kedua pemimpin bertukar surat.\n"
            "Copyright @ 2025 Media Contoh. All Rights Reserved\n")
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,Contoh\n", encoding="utf-8")
    row = load_corpus(tmp_path).iloc[0]
    assert pd.isna(row["published"])
    assert row["published_inferred"] == pd.Timestamp("2023-10-12", tz="UTC+07:00")
    assert "latest such year not after the page's copyright year 2025" in row["published_inferred_reason"]
