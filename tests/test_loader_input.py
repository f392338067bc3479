"""Hostile and odd input to the corpus loader (issue 9): decoding, normalisation, links,
problems, the line account. Every text here was written for these tests."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import CorpusError, CorpusWarning, Problem, read_corpus, problem_messages
from analysis.paths import PROJECT_DIR
from analysis.readers import decode_bytes, looks_like_html, normalise_text

pytestmark = pytest.mark.filterwarnings("ignore::analysis.corpus.CorpusWarning")

TITLE = "Korea Utara dan Rusia Perkuat Hubungan"
LEDE = ("Pemimpin Korea Utara Kim Jong Un bertemu Presiden Rusia Vladimir Putin di Vladivostok "
        "untuk membahas kerja sama militer, kata media pemerintah.")
SECOND = ("Keduanya juga membahas perang di Ukraina dan sanksi Barat terhadap kedua negara, "
          "menurut kantor berita KCNA dan RIA.")


def page(*paragraphs: str, title: str = TITLE) -> str:
    return "\n".join([title, "", *paragraphs]) + "\n"


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def kinds(reading) -> list[tuple[str, str]]:
    return sorted((p.file, p.kind) for p in reading.problems if p.kind != "unknown outlet")


# -- decoding ------------------------------------------------------------------------------------
ACCENTED = {
    "latin-1": "Presiden Brasil Luiz Inácio Lula da Silva tiba di São Paulo setelah bertemu François Hollande di Paris.",
    "cp1252": "Menlu Rusia Sergéi Lavrov dan José Ramos-Horta membahas “kerja sama” di Brasília — harga naik 5 € per ton.",
    "iso8859_15": "Kanselir Olaf Scholz bertemu Präsident Steinmeier di Düsseldorf dan München, Straße ditutup; biaya 7 €.",
    "cp1250": "Pertemuan di Kraków dan Łódź dihadiri Miloš Zeman, Václav Havel dan Lech Wałęsa pekan lalu.",
    "cp1251": "Presiden Rusia Vladimir Putin berkata «Мы поддерживаем КНДР», menurut kantor berita RIA Novosti.",
}


@pytest.mark.parametrize("encoding", sorted(ACCENTED))
def test_legacy_encoding_is_decoded_right_and_reported(tmp_path, encoding):
    sentence = ACCENTED[encoding]
    write(tmp_path, "a.txt", page(LEDE, sentence).encode(encoding))
    reading = read_corpus(tmp_path)
    assert sentence in reading.articles.loc[0, "paragraphs"]
    assert kinds(reading) == [("a.txt", "not utf-8")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_byte_order_mark_is_read(tmp_path, codec):
    sentence = ACCENTED["latin-1"]
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    write(tmp_path, "a.txt", bom + page(LEDE, sentence).encode(codec))
    reading = read_corpus(tmp_path)
    assert reading.articles.loc[0, "paragraphs"] == [LEDE, sentence]
    assert kinds(reading) == []


def test_nul_bytes_without_a_mark_are_binary():
    assert decode_bytes(b"PK\x03\x04\x00\x00").problem[0] == "binary"


# -- one Unicode normalisation -------------------------------------------------------------------
def test_hidden_characters_no_longer_split_words(tmp_path):
    from analysis.framing import concordance

    spellings = ["imperia\u200blis", "imperia\u00adlis", "\uff49\uff4d\uff50\uff45\uff52\uff49\uff41\uff4c\uff49\uff53",
                 "impe\u0301rialis".replace("e\u0301", "e"), "imperialis\u200d"]
    paragraphs = [f"Dalam pesan ke-{i}, Kim Jong Un menyebut Amerika Serikat sebagai kekuatan {word} "
                  "yang mengancam perdamaian di Semenanjung Korea, kata media pemerintah."
                  for i, word in enumerate(spellings)]  # distinct: a repeated line is dropped
    write(tmp_path, "a.txt", page(*paragraphs))
    articles = read_corpus(tmp_path).articles
    kwic = concordance(articles, "imperialis*", label=False)
    assert list(kwic["match"]) == ["imperialis"] * len(spellings)
    body_units = articles.loc[0, "paragraphs"]
    for row in kwic.itertuples():  # offsets point into the stored, normalised text
        assert body_units[row.paragraph][row.start:row.end] == "imperialis"


def test_decomposed_accents_are_composed(tmp_path):
    write(tmp_path, "a.txt", page(LEDE, "Delegasi dari Sa\u0303o Paulo dan Bogota\u0301 juga hadir dalam "
                                  "pertemuan itu di Vladivostok pekan ini."))
    body = read_corpus(tmp_path).articles.loc[0, "body"]
    assert "São Paulo" in body and "Bogotá" in body and "\u0303" not in body


def test_non_breaking_spaces_do_not_change_the_speaker(tmp_path):
    from analysis.framing import concordance

    quote = ('"Kami akan mengalahkan para imperialis bersama-sama," kata Kim Jong Un dalam suratnya '
             "kepada Presiden Rusia Vladimir Putin, menurut KCNA.")
    write(tmp_path, "a.txt", page(LEDE, quote.replace(" ", "\u00a0")))
    kwic = concordance(read_corpus(tmp_path).articles, "imperialis*")
    assert list(kwic["speaker"]) == ["Kim Jong Un"]
    assert list(kwic["voice"]) == ["quoted"]


def test_unicode_line_separators_break_lines(tmp_path):
    write(tmp_path, "a.txt", TITLE + "\u2028\u2028" + LEDE + "\u2029" + SECOND + "\n")
    reading = read_corpus(tmp_path)
    assert reading.articles.loc[0, "paragraphs"] == [LEDE, SECOND]
    assert list(reading.lines["line_no"]) == [1, 2, 3, 4]


def test_right_to_left_mark_keeps_the_headline(tmp_path):
    write(tmp_path, "manifest.csv", "file,outlet\na.txt,Contoh\n")
    write(tmp_path, "a.txt", page(LEDE, SECOND, title="\u200f" + TITLE + "\u200e"))
    assert read_corpus(tmp_path).articles.loc[0, "title"] == TITLE


def test_normalise_text_steps():
    assert normalise_text("a\u00a0b\u2009c\u3000d") == "a b c d"
    assert normalise_text("a\r\nb\rc\x0cd\u0085e") == "a\nb\nc\nd\ne"
    assert normalise_text("\ufb01nal \u00b2 \u00bd") == "final \u00b2 \u00bd"  # ligature only
    assert normalise_text("x\u202ey\u2066z\x07") == "xyz"


# -- files only inside the corpus folder ---------------------------------------------------------
def test_links_outside_loops_and_dangling_are_refused(tmp_path):
    corpus, secret = tmp_path / "corpus", tmp_path / "secret.txt"
    write(tmp_path, "secret.txt", page(LEDE, "Kata sandi rahasia ada di berkas ini dan tidak boleh dibaca."))
    write(corpus, "a.txt", page(LEDE, SECOND))
    (corpus / "outside.txt").symlink_to(secret)
    (corpus / "dangling.txt").symlink_to(corpus / "nothing.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    reading = read_corpus(corpus)
    assert kinds(reading) == [("dangling.txt", "dangling link"), ("inside.txt", "duplicate"),
                              ("loop.txt", "link loop"), ("outside.txt", "outside")]
    assert not reading.lines["text"].str.contains("sandi").any()
    refused = reading.lines[reading.lines["file"].isin(["outside.txt", "dangling.txt", "loop.txt"])]
    assert list(refused["line_no"]) == [0, 0, 0] and not refused["kept"].any()
    assert list(reading.articles["file"]) == ["a.txt"]


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", page(LEDE, SECOND))
    write(tmp_path, "locked.txt", page(LEDE, "Berkas ini tidak bisa dibaca oleh pengguna yang menjalankan analisis."))
    real = Path.read_bytes

    def read_bytes(self):  # tests run as root, who can read anything: simulate a locked file
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    reading = read_corpus(tmp_path)
    assert kinds(reading) == [("locked.txt", "unreadable")]
    assert "Permission denied" in next(p.message for p in reading.problems if p.kind == "unreadable")
    assert list(reading.articles["file"]) == ["a.txt"]


# -- the manifest --------------------------------------------------------------------------------
def two_files(folder):
    write(folder, "a.txt", page(LEDE, SECOND))
    write(folder, "b.txt", page(SECOND, LEDE))


def test_cp1252_manifest_is_read_and_reported(tmp_path):
    two_files(tmp_path)
    write(tmp_path, "manifest.csv", "file,outlet,title\na.txt,Contoh,Pertemuan di São Paulo\n"
          "b.txt,Contoh,Kunjungan “Bersejarah”\n".encode("cp1252"))
    reading = read_corpus(tmp_path)
    assert kinds(reading) == [("manifest.csv", "manifest encoding")]
    assert list(reading.articles["title"]) == ["Pertemuan di São Paulo", "Kunjungan “Bersejarah”"]


@pytest.mark.parametrize("content, where", [
    ("", "manifest.csv"),
    ("\n\n", "manifest.csv"),
    ('file,outlet\na.txt,"Contoh"x\n', "manifest.csv:2"),
    ("outlet,title\nContoh,Judul\n", "manifest.csv"),
    ('file,outlet\na.txt,Contoh,extra\n', "manifest.csv:2"),
])
def test_unusable_manifest_is_a_problem_naming_the_line(tmp_path, content, where):
    two_files(tmp_path)
    write(tmp_path, "manifest.csv", content)
    reading = read_corpus(tmp_path)
    manifest_problems = [(p.file, p.kind) for p in reading.problems if p.kind == "manifest"]
    assert manifest_problems == [(where, "manifest")]
    assert len(reading.articles) == 2


@pytest.mark.parametrize("value", ["12/10/2023", "now", "2023", "32/13/2023", "kemarin", "0001-01-01",
                                   "2023-02-30", "2023-10-12T09:15", "2999-01-01"])
def test_manifest_date_must_be_iso_8601_in_range(tmp_path, value):
    two_files(tmp_path)
    write(tmp_path, "manifest.csv", f"file,outlet,published\na.txt,Contoh,{value}\nb.txt,Contoh,\n")
    reading = read_corpus(tmp_path)
    assert kinds(reading) == [("manifest.csv:2", "bad date")]
    assert value in reading.problems[0].message
    assert reading.articles["published"].isna().all()


@pytest.mark.parametrize("value, expected", [
    ("2023-10-12", "2023-10-12 00:00:00+07:00"),
    ("2023-10-12T09:15:00+07:00", "2023-10-12 09:15:00+07:00"),
    ("2023-10-12T02:15:00Z", "2023-10-12 09:15:00+07:00"),
    ("2023-10-12T10:15+08:00", "2023-10-12 09:15:00+07:00"),
])
def test_manifest_iso_dates_are_accepted(tmp_path, value, expected):
    two_files(tmp_path)
    write(tmp_path, "manifest.csv", f"file,outlet,published\na.txt,Contoh,{value}\nb.txt,Contoh,\n")
    reading = read_corpus(tmp_path)
    assert kinds(reading) == []
    assert str(reading.articles.set_index("file").loc["a.txt", "published"]) == expected


def test_duplicate_manifest_row_is_a_problem_and_the_first_wins(tmp_path):
    two_files(tmp_path)
    write(tmp_path, "manifest.csv", "file,outlet\na.txt,Pertama\nb.txt,Contoh\na.txt,Kedua\n")
    reading = read_corpus(tmp_path)
    assert kinds(reading) == [("manifest.csv:4", "duplicate row")]
    assert "line 2" in reading.problems[0].message
    assert reading.articles.set_index("file").loc["a.txt", "outlet"] == "Pertama"


# -- the line account ----------------------------------------------------------------------------
def test_line_account_covers_skipped_and_dropped_files(tmp_path):
    write(tmp_path, "a.txt", page(LEDE, SECOND))
    write(tmp_path, "copy.txt", "Beranda\n" + page(LEDE, SECOND))
    write(tmp_path, "menu.txt", "Beranda\nBerita\nPopuler\n")
    write(tmp_path, "notes.md", "# catatan\nbaris kedua\n")
    write(tmp_path, "blank.txt", "  \n\n")
    write(tmp_path, "image.jpg", b"\xff\xd8\xff\x00\x10JFIF\x00")
    lines = read_corpus(tmp_path).lines
    assert sorted(lines["file"].unique()) == ["a.txt", "blank.txt", "copy.txt", "image.jpg", "menu.txt", "notes.md"]
    for name in ["copy.txt", "menu.txt", "notes.md", "blank.txt", "image.jpg"]:
        assert not lines.loc[lines["file"] == name, "kept"].any(), name
    copy = lines[lines["file"] == "copy.txt"]
    assert (copy.loc[copy["label"] == "body", "reason"] == "file left out: same body as a.txt").all()
    notes = lines[lines["file"] == "notes.md"]
    assert list(notes["text"]) == ["# catatan", "baris kedua"]
    assert notes["reason"].str.startswith("file skipped: not an article file").all()
    assert list(lines.loc[lines["file"] == "image.jpg", "line_no"]) == [0]
    assert lines.loc[lines["file"] == "a.txt", "kept"].any()


# -- small cases ---------------------------------------------------------------------------------
def test_empty_corpus_path_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt", page(LEDE, SECOND))
    with pytest.raises(CorpusError, match="empty"):
        read_corpus("")


def test_a_file_that_is_not_a_table_gets_a_clear_message(tmp_path):
    path = write(tmp_path, "a.txt", page(LEDE, SECOND))
    with pytest.raises(CorpusError, match="is a file, not a corpus folder"):
        read_corpus(path)


def test_article_quoting_a_script_tag_is_text_and_late_html_is_html(tmp_path):
    quoting = ("Peretas menyisipkan tag <script> ke situs kementerian dan mengganti <div> utama, "
               "kata pakar keamanan siber di Jakarta kepada wartawan pekan ini.")
    write(tmp_path, "a.txt", page(LEDE, quoting))
    late = page(LEDE, *[f"{SECOND} Bagian {i}." for i in range(40)]) + "<html><body>" + "".join(
        f"<div class='menu'><a href='/k{i}'>Kanal {i}</a></div>" for i in range(200)) + "</body></html>"
    assert len(late.split("<html>")[0]) > 4096
    write(tmp_path, "b.txt", late)
    reading = read_corpus(tmp_path)
    articles = reading.articles.set_index("file")
    assert quoting in articles.loc["a.txt", "paragraphs"]
    assert "<" not in articles.loc["b.txt", "body"]
    assert looks_like_html(late) and not looks_like_html(page(LEDE, quoting))


# -- the command line ----------------------------------------------------------------------------
def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", "corpus", *args], capture_output=True,
                          text=True, cwd=PROJECT_DIR, env={**os.environ, "PYTHONWARNINGS": "error"})


def test_cli_prints_every_problem_and_strict_fails_on_any(tmp_path):
    two_files(tmp_path)
    write(tmp_path, "manifest.csv", "file,outlet,published\na.txt,Contoh,kemarin\nb.txt,Contoh,\n")
    result = run_cli(str(tmp_path))
    assert result.returncode == 0
    assert "warning: manifest.csv:2: published 'kemarin' is not an ISO 8601 date" in result.stderr
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 2
    strict = run_cli(str(tmp_path), "--strict")
    assert strict.returncode == 2 and strict.stdout == ""
    assert "error: manifest.csv:2: published 'kemarin'" in strict.stderr


def test_cli_summarises_many_problems_of_one_kind(tmp_path):
    for i in range(12):
        write(tmp_path, f"{i:02d}.txt", page(LEDE, SECOND, f"Paragraf pembeda nomor {i} dalam berkas uji ini, "
                                             "yang cukup panjang untuk dianggap isi artikel."))
    for i in range(8):
        write(tmp_path, f"kosong{i}.txt", "")
    result = run_cli(str(tmp_path))
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings[0].startswith("warning: 12 file(s): no outlet; ") and len(warnings) == 2
    assert warnings[1] == ("warning: 8 file(s): empty file, skipped (kosong0.txt, kosong1.txt, kosong2.txt, "
                           "kosong3.txt, kosong4.txt and 3 more)")


def test_cli_lines_include_skipped_files(tmp_path):
    write(tmp_path, "a.txt", page(LEDE, SECOND))
    write(tmp_path, "b.bin", b"\x00\x01")
    result = run_cli(str(tmp_path), "--lines")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["file"] for row in rows} == {"a.txt", "b.bin"}


def test_cli_empty_path_and_file_path_are_clear_errors(tmp_path):
    empty = run_cli("")
    assert empty.returncode == 2 and "The corpus path is empty" in empty.stderr
    path = write(tmp_path, "a.txt", page(LEDE, SECOND))
    as_file = run_cli(str(path))
    assert as_file.returncode == 2 and "is a file, not a corpus folder" in as_file.stderr


def test_summaries_list_rare_kinds_one_by_one():
    problems = [Problem("a.txt", "empty", "empty file, skipped")] + [
        Problem(f"{i}.txt", "binary", "binary file") for i in range(6)]
    assert problem_messages(problems) == [
        "a.txt: empty file, skipped", "6 file(s): binary file (0.txt, 1.txt, 2.txt, 3.txt, 4.txt and 1 more)"]


def test_warnings_still_name_the_file_for_notebook_users(tmp_path):
    write(tmp_path, "a.txt", page(LEDE, SECOND))
    write(tmp_path, "blank.txt", "")
    with pytest.warns(CorpusWarning, match="blank.txt: empty file"):
        read_corpus(tmp_path)


def test_seed_line_account_is_unchanged_apart_from_spaces():
    seeds = read_corpus()
    assert len(seeds.lines) == 365 and seeds.problems == []
    assert not seeds.lines["text"].str.contains("\u00a0").any()
    assert isinstance(seeds.lines, pd.DataFrame)
