"""Partitions packed as tables and merged by concatenation give the tables of one plain merge."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.corpus import (ARTICLE_COLUMNS, LINE_COLUMNS, CorpusWarning, FileReading, Problem,
                             _drop_lines, article_table, doc_id_of, merge_partitions, pack_partition,
                             partitions, read_file)

BODY = ("Pemimpin Korea Utara Kim Jong Un dan Presiden Rusia Vladimir Putin bertukar surat "
        "tentang kerja sama kedua negara, kata kantor berita KCNA.\n")


def plain_merge(readings: list[FileReading]):
    """The merge as it was: every line a dict, duplicates (same outlet and body) left out."""
    problems, articles, lines, seen = [], [], [], {}
    for reading in readings:
        problems.extend(reading.problems)
        key = (reading.article["outlet"], reading.digest) if reading.article is not None else None
        if key in seen:
            problems.append(Problem(reading.file, "duplicate", f"same body as {seen[key]}; this copy is left out"))
            lines.extend(_drop_lines(reading.lines, f"file left out: same body as {seen[key]}"))
            continue
        lines.extend(reading.lines)
        if reading.article is not None:
            seen[key] = reading.file
            articles.append(reading.article)
    return article_table(articles), pd.DataFrame(lines, columns=LINE_COLUMNS), problems


def write_folder(folder):
    """Files in subfolders (reading order is not name order), copies within and across outlets."""
    names = ["z.txt", "b/kedua.txt", "a/satu.txt", "a/salinan.txt", "c/lain.txt", "kosong.txt", "m.txt"]
    for number, name in enumerate(names):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = BODY if name in ("a/satu.txt", "a/salinan.txt", "m.txt") else BODY.replace("surat", f"surat {number}")
        path.write_text("" if name == "kosong.txt" else f"Judul Berita Nomor {number}\n\n{body}", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,outlet\nz.txt,Satu\nb/kedua.txt,Dua\na/satu.txt,Satu\na/salinan.txt,Satu\n"
        "c/lain.txt,Dua\nm.txt,Dua\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_partitions_merge_like_one_plain_merge(tmp_path, size):
    folder = write_folder(tmp_path)
    rows = {"z.txt": {"outlet": "Satu"}, "b/kedua.txt": {"outlet": "Dua"}, "a/satu.txt": {"outlet": "Satu"},
            "a/salinan.txt": {"outlet": "Satu"}, "c/lain.txt": {"outlet": "Dua"}, "m.txt": {"outlet": "Dua"}}
    order = ["z.txt", "b/kedua.txt", "a/satu.txt", "a/salinan.txt", "c/lain.txt", "kosong.txt", "m.txt"]
    readings = [read_file(folder / name, file=name, manifest_row=rows.get(name)) for name in order]
    parts = [pack_partition(part) for part in partitions(readings, size=size)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        merged = merge_partitions(parts, by_file=True)
    articles, lines, problems = plain_merge(sorted(readings, key=lambda reading: reading.file))
    pd.testing.assert_frame_equal(merged.articles, articles)
    pd.testing.assert_frame_equal(merged.lines, lines)
    assert merged.problems == problems
    assert [p.kind for p in problems].count("duplicate") == 1  # a/salinan.txt; m.txt is another outlet's
    assert list(merged.lines["file"].drop_duplicates()) == sorted(order)


def test_a_column_empty_in_one_partition_gets_the_dtype_of_all_rows():
    base = {column: "" for column in ARTICLE_COLUMNS}
    base.update(published=None, published_inferred=None, sources=[], captions=[], paragraphs=["x"],
                n_tokens=1)
    first = [{**base, "doc_id": "a", "file": "a.txt", "url": None, "outlet": "Satu"}]
    second = [{**base, "doc_id": "b", "file": "b.txt", "url": "https://x.id/b", "outlet": "Dua"}]
    parts = []
    for records in (first, second):
        readings = [FileReading(r["file"], r, [{"doc_id": r["doc_id"], "file": r["file"], "line_no": 1,
                                                "label": "body", "kept": True, "reason": "", "text": "x"}],
                                [], r["doc_id"]) for r in records]
        parts.append(pack_partition(readings))
    assert parts[0].articles["url"].dtype != parts[1].articles["url"].dtype  # object (None) and str
    merged = merge_partitions(parts)
    pd.testing.assert_frame_equal(merged.articles, article_table(first + second))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab./#-_ ", max_size=12))
@example("sub/kabar.txt")
@example("a.")
@example(".hidden")
@example("a/..")
@example("./a.txt")
def test_document_id_is_the_name_without_its_suffix_as_pathlib_gives_it(name):
    try:
        expected = Path(name).with_suffix("").as_posix()
    except ValueError:  # pathlib refuses a name without a final component ("", "/", "a/.")
        with pytest.raises(ValueError):
            doc_id_of(name)
        return
    assert doc_id_of(name) == expected


def test_a_table_read_in_partitions_gives_the_tables_of_one_reading(tmp_path):
    from analysis.formats import read_table_corpus, read_table_partitions
    from analysis.corpus import merge_readings

    rows = [{"text": f"Judul Berita {i}\n\n{BODY.replace('surat', f'surat {i % 3}')}",
             "url": "https://www.tempo.co/x" if i % 2 else ""} for i in range(7)]
    rows[4]["text"] = ""  # an empty row: skipped, accounted for
    rows[5]["text"] = "<html><head><title>Judul</title></head><body><p>" + BODY + "</p></body></html>"
    path = tmp_path / "export.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        whole = merge_readings(read_table_corpus(path))
        parted = merge_partitions(read_table_partitions(path, size=2))
    pd.testing.assert_frame_equal(whole.articles, parted.articles)
    pd.testing.assert_frame_equal(whole.lines, parted.lines)
    assert whole.problems == parted.problems
    assert any(p.kind == "duplicate" for p in whole.problems)  # rows 0, 3, 6 share a body and outlet
