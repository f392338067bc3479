"""Tests of the corpus loader (analysis.corpus) and line labelling (analysis.clean)."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import LABELS, classify_lines
from analysis.corpus import (ARTICLE_COLUMNS, CorpusError, CorpusWarning, load_corpus,
                             parse_dateline, read_corpus)
from analysis.paths import PROJECT_DIR, SEEDS_DIR

GOLD = Path(__file__).parent / "data" / "gold_lines.csv"


@pytest.fixture(scope="module")
def seeds():
    return read_corpus()


# -- known values on the seeds -------------------------------------------------------------------
def test_seeds_give_five_articles_from_five_outlets(seeds):
    articles = seeds.articles
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert sorted(articles["outlet"]) == ["Kontan", "Media Indonesia", "RMOL", "Tempo", "VOA Indonesia"]
    assert (articles["body"].str.len() > 500).all()
    assert seeds.problems == []


def test_seed_metadata(seeds):
    a = seeds.articles.set_index("outlet")
    assert str(a.loc["RMOL", "published"]) == "2022-08-15 11:53:00+07:00"
    assert str(a.loc["Kontan", "published"]) == "2023-09-14 11:39:00+07:00"
    assert pd.isna(a.loc["Media Indonesia", "published"])  # not the 2025 copyright year
    assert pd.isna(a.loc["VOA Indonesia", "published"])
    assert a.loc["RMOL", "reporter"] == "Alifia Dwi Ramandhita"
    assert a.loc["Kontan", "reporter"] == "Barratut Taqiyyah Rafie"
    assert a.loc["Media Indonesia", "credit"] == "(Aljazeera/Z-9)"
    assert a.loc["VOA Indonesia", "credit"] == "[ah/rs]"
    assert a.loc["Tempo", "credit"] == "KCNA WATCH | REUTERS"
    assert a.loc["Kontan", "place"] == "MOSKOW"
    assert a.loc["Kontan", "sources"] == ["Sputnik", "Reuters", "Fox News", "Washington Post", "RIA"]
    assert a.loc["VOA Indonesia", "title"].endswith("Berharap Kalahkan 'Imperialis'")


def test_seed_paragraphs_are_clean(seeds):
    a = seeds.articles.set_index("outlet")
    kontan = a.loc["Kontan", "paragraphs"]
    assert kontan[0].startswith("Pemimpin Korea Utara Kim Jong Un menjanjikan")  # prefix removed
    assert "Rusia sebut pembicaraan dengan Korut penting" in kontan  # subheading kept
    assert not any(p.startswith("Baca Juga") for p in kontan)
    assert a.loc["VOA Indonesia", "paragraphs"][-1].endswith("kerja sama pertahanan.")  # credit cut
    assert len(a.loc["VOA Indonesia", "captions"]) == 2  # duplicates removed
    assert "Trump" not in a.loc["Media Indonesia", "body"]  # teasers after the credit dropped
    assert a.loc["Media Indonesia", "paragraphs"][-1].startswith("Dalam kesempatan itu, Kim berjanji")


def test_every_input_line_is_accounted_for(seeds):
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        n_lines = len(path.read_text(encoding="utf-8").split("\n"))
        account = seeds.lines[seeds.lines["file"] == path.name]
        assert list(account["line_no"]) == list(range(1, n_lines + 1))
    assert set(seeds.lines["label"]) <= set(LABELS)
    dropped = seeds.lines[~seeds.lines["kept"] & (seeds.lines["label"] != "blank")]
    assert (dropped["reason"] != "").all() or set(dropped["label"]) <= {"title_repeat", "caption_repeat"}


def test_line_labels_match_the_hand_labelled_gold_set(seeds):
    gold = pd.read_csv(GOLD, comment="#", keep_default_na=False)
    merged = gold.merge(seeds.lines, on=["file", "line_no"], suffixes=("_gold", ""))
    assert len(merged) == len(gold) == len(seeds.lines)
    body_gold = merged["label_gold"].isin(["body", "subheading"])
    body_pred = merged["label"].isin(["body", "subheading"])
    precision = (body_gold & body_pred).sum() / body_pred.sum()
    recall = (body_gold & body_pred).sum() / body_gold.sum()
    assert (precision, recall) == (1.0, 1.0)
    disagreements = merged[merged["label_gold"] != merged["label"]]
    assert disagreements[["file", "line_no", "label_gold", "label"]].to_dict("records") == []


def test_account_summarises_kept_and_dropped(seeds):
    account = seeds.account()
    tempo = account[account["file"] == "004_6faa7d76818c4bcc.txt"]
    assert tempo["lines"].sum() == 132
    assert tempo.loc[tempo["label"] == "body", "lines"].item() == 8


# -- heuristics on an outlet the rules have never seen -------------------------------------------
UNSEEN_PAGE = """\
Beranda
Internasional
Korut Kirim Ucapan Selamat kepada Rusia
Kompas.com - 12/06/2024, 10:15 WIB
Penulis: Nama Wartawan | Editor: Nama Editor
Pemimpin Korea Utara Kim Jong Un (kiri) dan Presiden Rusia Vladimir Putin. (Foto: AFP)
JAKARTA, KOMPAS.com - Pemimpin Korea Utara Kim Jong Un mengirim ucapan selamat kepada Presiden Rusia Vladimir Putin pada Hari Rusia, menurut kantor berita KCNA.
Dalam pesannya, Kim menyebut hubungan kedua negara sebagai "persahabatan yang tak terkalahkan" dan berjanji memperkuat kerja sama.
Baca juga: Putin Akan Kunjungi Pyongyang
Analis menilai pesan itu menandai babak baru hubungan Moskow dan Pyongyang di tengah sanksi Barat.
Simak breaking news dan berita pilihan kami langsung di ponselmu. Ikuti saluran WhatsApp Kompas.com
Berita Terkait
Korut Uji Coba Rudal Baru, Jepang Protes
2 jam yang lalu
"""


def test_unseen_outlet_layout_is_cleaned_by_general_rules():
    labels = [lab.label for lab in classify_lines(UNSEEN_PAGE.rstrip("\n").split("\n"))]
    assert labels == [
        "boilerplate", "boilerplate", "title", "dateline", "byline", "caption",
        "body", "body", "boilerplate", "body", "boilerplate", "boilerplate", "boilerplate",
        "boilerplate",
    ]


def test_outlet_boilerplate_rule_from_outlets_yaml(tmp_path, monkeypatch):
    import analysis.corpus as corpus
    import analysis.outlets as outlets

    profile = outlets.Outlet(name="Contoh", group="", domains=("contoh.id",), names=("CONTOH.id",),
                             boilerplate=("^Dapatkan update",))
    monkeypatch.setattr(outlets, "load_outlets", lambda: (profile,))
    corpus._outlet_boilerplate.cache_clear()
    page = (ARTICLE.replace("Pemimpin Korea", "CONTOH.id - Pemimpin Korea")
            + "Dapatkan update berita pilihan setiap hari dari CONTOH di ponsel Anda ya.\n")
    _write(tmp_path, "a.txt", page)
    reading = read_corpus(tmp_path)
    corpus._outlet_boilerplate.cache_clear()
    last = reading.lines.iloc[-1]
    assert (last["label"], last["reason"]) == ("boilerplate", "outlet rule")
    assert "Dapatkan" not in reading.articles.loc[0, "body"]


def test_progress_bar_goes_to_stderr(tmp_path, capsys):
    _write(tmp_path, "a.txt", ARTICLE)
    with pytest.warns(CorpusWarning):
        load_corpus(tmp_path, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "Loading articles" in captured.err


def test_dateline_formats_and_zones():
    assert str(parse_dateline("Jumat, 16 Agustus 2024 11:55 WIB")[0]) == "2024-08-16 11:55:00+07:00"
    assert str(parse_dateline("12 Juni 2024 10.15 WIT")[0]) == "2024-06-12 10:15:00+09:00"
    assert str(parse_dateline("Rabu, 13 Sep 2023")[0]) == "2023-09-13 00:00:00+07:00"
    assert parse_dateline("Copyright @ 2025 Media Group") == (None, "")
    assert parse_dateline("31 Februari 2024") == (None, "")


# -- bad input -----------------------------------------------------------------------------------
def _write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


ARTICLE = ("Judul Berita Tentang Korea Utara\n\n"
           "Pemimpin Korea Utara Kim Jong Un bertemu Presiden Rusia Vladimir Putin di Vladivostok.\n"
           "Keduanya membahas kerja sama militer dan perang di Ukraina, kata media pemerintah.\n")


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_folder_without_text_files_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no .txt or .html files"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("name, content, kind", [
    ("empty.txt", "  \n", "empty"),
    ("binary.txt", b"\x00\x01\x02PK\x00", "binary"),
    ("page.txt", "<!DOCTYPE html><html><body><p>Kim</p></body></html>", "no body"),  # read as HTML
    ("menu.txt", "Beranda\nBerita\nPopuler\n", "no body"),
    ("notes.md", "# notes", "not text"),
])
def test_bad_file_warns_naming_it_and_others_still_load(tmp_path, name, content, kind):
    _write(tmp_path, "good.txt", ARTICLE)
    _write(tmp_path, name, content)
    with pytest.warns(CorpusWarning) as caught:
        reading = read_corpus(tmp_path)
    assert list(reading.articles["file"]) == ["good.txt"]
    assert sorted((p.file, p.kind) for p in reading.problems) == sorted(
        [(name, kind), ("good.txt", "unknown outlet")])
    messages = [str(w.message) for w in caught]
    assert [m for m in messages if m.startswith(f"{name}: ")]  # the bad file is named
    assert [m for m in messages if "no outlet" in m and "(good.txt)" in m]


def test_strict_mode_raises_on_the_first_problem(tmp_path):
    _write(tmp_path, "good.txt", ARTICLE)
    _write(tmp_path, "empty.txt", "")
    with pytest.raises(CorpusError, match="empty.txt"):
        read_corpus(tmp_path, strict=True)


def test_non_utf8_file_is_decoded_with_a_warning(tmp_path):
    _write(tmp_path, "latin.txt", ARTICLE.replace("Vladivostok", "Vladivostok café").encode("cp1252"))
    with pytest.warns(CorpusWarning) as caught:
        articles = load_corpus(tmp_path)
    assert "latin.txt: not valid UTF-8" in str(caught[0].message)
    assert "café" in articles.loc[0, "body"]


def test_duplicate_article_is_left_out_with_a_warning(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", "Navigasi\n" + ARTICLE)
    with pytest.warns(CorpusWarning) as caught:
        articles = load_corpus(tmp_path)
    assert str(caught[0].message) == "b.txt: same body as a.txt; this copy is left out"
    assert list(articles["file"]) == ["a.txt"]


def test_the_same_body_under_two_outlets_is_syndicated_copy_and_both_are_kept(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", "Navigasi\n" + ARTICLE)
    _write(tmp_path, "c.txt", ARTICLE)
    _write(tmp_path, "manifest.csv", "file,outlet\na.txt,Antara\nb.txt,Republika\nc.txt,Antara\n")
    with pytest.warns(CorpusWarning) as caught:
        reading = read_corpus(tmp_path)
    assert list(reading.articles["file"]) == ["a.txt", "b.txt"]
    assert [(p.file, p.kind) for p in reading.problems] == [("c.txt", "duplicate")]
    assert str(caught[0].message) == "c.txt: same body as a.txt; this copy is left out"


def test_manifest_rows_and_files_are_cross_checked(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", ARTICLE.replace("Vladivostok", "Pyongyang"))
    _write(tmp_path, "manifest.csv", "file,outlet,published\na.txt,Contoh,2024-01-02T03:04:00+07:00\n"
           "missing.txt,Contoh,\n../outside.txt,Contoh,\n")
    with pytest.warns(CorpusWarning) as caught:
        reading = read_corpus(tmp_path)
    kinds = sorted(p.kind for p in reading.problems)  # b.txt: no row, so no outlet either
    assert kinds == ["missing file", "no manifest row", "outside", "unknown outlet"]
    messages = " ".join(str(w.message) for w in caught)
    assert "missing.txt" in messages and "outside the corpus folder" in messages
    assert "1 file(s): no manifest row" in messages and "(b.txt)" in messages
    a = reading.articles.set_index("file")
    assert a.loc["a.txt", "outlet"] == "Contoh"
    assert str(a.loc["a.txt", "published"]) == "2024-01-02 03:04:00+07:00"
    assert a.loc["b.txt", "outlet"] == "unknown"


# -- command line --------------------------------------------------------------------------------
def test_cli_writes_only_json_lines_to_stdout():
    result = subprocess.run([sys.executable, "-m", "analysis", "corpus", str(SEEDS_DIR), "--jsonl"],
                            capture_output=True, text=True, check=True, cwd=PROJECT_DIR)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["outlet"] for r in records] == ["Media Indonesia", "RMOL", "VOA Indonesia", "Kontan", "Tempo"]
    assert records[1]["published"] == "2022-08-15T11:53:00+07:00"
    assert records[0]["published"] is None
    assert isinstance(records[2]["paragraphs"], list) and isinstance(records[2]["sources"], list)
    assert "5 articles" in result.stderr


def test_cli_reports_a_missing_folder_on_stderr(tmp_path):
    result = subprocess.run([sys.executable, "-m", "analysis", "corpus", str(tmp_path / "x")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert "does not exist" in result.stderr


def test_bare_data_file_names_ignore_the_current_folder(tmp_path, monkeypatch):
    from analysis.resources import read_list
    from analysis.tokens import stop_words

    (tmp_path / "attribution_cues.txt").write_text("foo\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "kata" in read_list("attribution_cues.txt")  # the shipped list, not ./attribution_cues.txt
    assert "kata" not in stop_words()
    assert read_list("./attribution_cues.txt") == ["foo"]  # an explicit path is the user's file


def test_missing_user_data_file_is_a_clear_error(tmp_path):
    from analysis.resources import read_list

    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_list(tmp_path / "nope.txt")
    with pytest.raises(FileNotFoundError, match="shipped"):
        read_list("nope.txt")


def test_no_progress_bar_by_default_in_a_notebook_the_report_runs(tmp_path, capsys, monkeypatch):
    from analysis import corpus
    from analysis.figures import REPORT_CONTEXT_ENV

    monkeypatch.setattr(corpus, "PROGRESS_THRESHOLD", 0)  # one file counts as a large corpus
    _write(tmp_path, "a.txt", ARTICLE)
    with pytest.warns(CorpusWarning):
        load_corpus(tmp_path)
    assert "Loading articles" in capsys.readouterr().err
    monkeypatch.setenv(REPORT_CONTEXT_ENV, "{}")
    with pytest.warns(CorpusWarning):
        load_corpus(tmp_path)
    assert "Loading articles" not in capsys.readouterr().err
