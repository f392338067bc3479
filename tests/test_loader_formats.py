"""Input formats of the corpus loader (issue 11): saved HTML pages and article tables give the
same article table and line account as page dumps. The page and texts are written for these tests."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import ARTICLE_COLUMNS, LINE_COLUMNS, CorpusError, read_corpus
from analysis.formats import NOT_MAIN_TEXT
from analysis.paths import PROJECT_DIR
from analysis.readers import visible_blocks

pytestmark = pytest.mark.filterwarnings("ignore::analysis.corpus.CorpusWarning")

PAGE = Path(__file__).parent / "data" / "loader" / "kabar-contoh.html"
MAIN = [
    "PYONGYANG, KABARCONTOH - Pemimpin Korea Utara Kim Jong Un mengirim surat kepada Presiden Rusia "
    "Vladimir Putin untuk memperingati 75 tahun hubungan diplomatik kedua negara.",
    "Dalam suratnya, Kim menyebut bahwa rakyat Korea Utara akan selalu berdiri bersama rakyat Rusia "
    "dalam perjuangan melawan imperialis, menurut kantor berita KCNA.",
    "Putin sebelumnya menyambut Kim di kosmodrom Vostochny pada September lalu, dan keduanya "
    "membahas kerja sama militer serta ekonomi.",
]


def copy_page(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(PAGE.read_bytes())
    return path


# -- saved HTML pages ----------------------------------------------------------------------------
def test_saved_page_gives_main_text_and_metadata(tmp_path):
    copy_page(tmp_path, "kabar.html")
    reading = read_corpus(tmp_path)
    article = reading.articles.iloc[0]
    assert article["paragraphs"] == MAIN
    assert article["title"] == "Kim Jong Un Kirim Surat ke Putin"
    assert article["url"] == "https://www.kabarcontoh.co.id/internasional/2023/10/13/kim-kirim-surat"
    assert str(article["published"]) == "2023-10-13 00:00:00+07:00"
    assert article["sources"] == ["KCNA"]


def test_every_visible_block_of_a_page_is_accounted_for(tmp_path):
    copy_page(tmp_path, "kabar.html")
    lines = read_corpus(tmp_path).lines
    blocks = visible_blocks(PAGE.read_text(encoding="utf-8"))
    assert sorted(lines["text"]) == sorted(blocks)
    assert list(lines["line_no"]) == list(range(1, len(blocks) + 1))
    dropped = lines[lines["reason"] == NOT_MAIN_TEXT]
    assert list(dropped["text"]) == [
        "Beranda", "Nasional", "Internasional", "Penulis: Nama Wartawan | Jumat, 13 Oktober 2023 09:15 WIB",
        "Berita Terpopuler", "Harga Emas Naik Lagi Hari Ini", "Jadwal Kereta Mudik Lebaran",
        "Copyright © 2025 Kabar Contoh. All rights reserved."]
    assert not dropped["kept"].any()
    read_also = lines[lines["text"].str.startswith("Baca juga")]  # extracted, then dropped by the rules
    assert list(read_also["label"]) == ["boilerplate"]


def test_mixed_folder_and_html_saved_as_txt(tmp_path):
    copy_page(tmp_path, "a.html")
    (tmp_path / "b.htm").write_text(PAGE.read_text(encoding="utf-8").replace("75 tahun", "tujuh puluh lima tahun"),
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text(PAGE.read_text(encoding="utf-8").replace("75 tahun", "75 tahun penuh"),
                                    encoding="utf-8")
    (tmp_path / "d.txt").write_text("Judul\n\n" + "\n".join(MAIN[1:]) + "\n", encoding="utf-8")
    articles = read_corpus(tmp_path).articles.set_index("file")
    assert list(articles.index) == ["a.html", "b.htm", "c.txt", "d.txt"]
    assert articles.loc["c.txt", "paragraphs"][0].endswith("75 tahun penuh hubungan diplomatik kedua negara.")
    assert articles.loc["c.txt", "title"] == articles.loc["a.html", "title"]
    assert articles.loc["d.txt", "paragraphs"] == MAIN[1:]


def test_manifest_row_still_decides_for_a_saved_page(tmp_path):
    copy_page(tmp_path, "a.html")
    (tmp_path / "manifest.csv").write_text("file,outlet,title,published\na.html,Kabar Contoh,Judul Manifest,"
                                           "2023-10-13T09:15:00+07:00\n", encoding="utf-8")
    article = read_corpus(tmp_path).articles.iloc[0]
    assert (article["outlet"], article["title"]) == ("Kabar Contoh", "Judul Manifest")
    assert str(article["published"]) == "2023-10-13 09:15:00+07:00"


# -- tables of articles --------------------------------------------------------------------------
ROWS = pd.DataFrame({
    "text": ["\n".join(MAIN), "Baca juga: Putin Terima Kunjungan Menlu Korut\n" + MAIN[2], ""],
    "title": ["Kim Kirim Surat ke Putin", "Putin Sambut Kim", "Kosong"],
    "published": ["2023-10-13T09:15:00+07:00", "2023-09-13", "2023-09-14"],
    "url": ["https://contoh.co.id/a", "https://contoh.co.id/b", ""],
    "outlet": ["Kabar Contoh", "Warta Contoh", "Warta Contoh"],
    "author": ["Nama Wartawan", "", ""],
})


def write_table(rows: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        rows.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        rows.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        rows.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_rows_become_articles(tmp_path, suffix):
    reading = read_corpus(write_table(ROWS, tmp_path / f"export{suffix}"))
    articles = reading.articles
    assert list(articles.columns) == ARTICLE_COLUMNS and list(reading.lines.columns) == LINE_COLUMNS
    assert list(articles["file"]) == [f"export{suffix}#1", f"export{suffix}#2"]
    assert list(articles["doc_id"]) == ["export#1", "export#2"]
    assert articles.loc[0, "paragraphs"] == MAIN and articles.loc[1, "paragraphs"] == MAIN[2:]
    assert list(articles["title"]) == ["Kim Kirim Surat ke Putin", "Putin Sambut Kim"]
    assert list(articles["outlet"]) == ["Kabar Contoh", "Warta Contoh"]
    assert list(articles["url"]) == ["https://contoh.co.id/a", "https://contoh.co.id/b"]
    assert articles.loc[0, "reporter"] == "Nama Wartawan"
    assert [str(t) for t in articles["published"]] == ["2023-10-13 09:15:00+07:00", "2023-09-13 00:00:00+07:00"]
    assert [(p.file, p.kind) for p in reading.problems] == [(f"export{suffix}#3", "empty text")]
    empty = reading.lines[reading.lines["file"] == f"export{suffix}#3"]
    assert (list(empty["line_no"]), list(empty["kept"])) == ([0], [False])


def test_every_format_gives_the_same_articles_and_line_account(tmp_path):
    readings = [read_corpus(write_table(ROWS, tmp_path / f"export{s}")) for s in (".csv", ".jsonl", ".parquet")]
    drop = ["file", "doc_id"]
    for other in readings[1:]:
        pd.testing.assert_frame_equal(readings[0].articles.drop(columns=drop), other.articles.drop(columns=drop))
        pd.testing.assert_frame_equal(readings[0].lines.drop(columns=drop), other.lines.drop(columns=drop))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("\n".join(MAIN) + "\n", encoding="utf-8")
    as_text = read_corpus(folder)
    assert as_text.articles.loc[0, "paragraphs"] == readings[0].articles.loc[0, "paragraphs"]
    assert list(as_text.lines["label"]) == list(readings[0].lines["label"][:3])


def test_table_column_aliases_and_html_cells(tmp_path):
    html = PAGE.read_text(encoding="utf-8")
    rows = pd.DataFrame({"Body": [html], "date": ["2023-10-13"]})
    article = read_corpus(write_table(rows, tmp_path / "pages.jsonl")).articles.iloc[0]
    assert article["paragraphs"] == MAIN and article["title"] == "Kim Jong Un Kirim Surat ke Putin"


def test_table_without_text_column_is_a_clear_error(tmp_path):
    path = write_table(ROWS.drop(columns="text"), tmp_path / "export.csv")
    with pytest.raises(CorpusError, match="no 'text' \\(or 'body'\\) column"):
        read_corpus(path)


def test_table_with_bad_quoting_is_a_clear_error(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('text,title\n"Kim bertemu Putin,Judul\nPutin menyambut Kim,Judul lain\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="export.csv"):
        read_corpus(path)


def test_table_date_that_is_not_iso_is_a_problem_naming_the_row(tmp_path):
    rows = ROWS.iloc[:1].assign(published="13/10/2023")
    reading = read_corpus(write_table(rows, tmp_path / "export.csv"))
    assert [(p.file, p.kind) for p in reading.problems] == [("export.csv#1", "bad date")]
    assert reading.articles["published"].isna().all()


def test_cli_and_report_accept_a_table(tmp_path):
    from analysis.report import corpus_fingerprint, report_paths

    path = write_table(ROWS, tmp_path / "export.csv")
    result = subprocess.run([sys.executable, "-m", "analysis", "corpus", str(path)], capture_output=True,
                            text=True, cwd=PROJECT_DIR)
    assert result.returncode == 0
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == list(ROWS["title"][:2])
    assert "export.csv#3: the row's text column is empty" in result.stderr
    assert corpus_fingerprint(path).startswith("sha256:")
    output, figures = report_paths(corpus_dir=path)
    assert (output.name, figures.relative_to(output).as_posix()) == ("export", "figures")
