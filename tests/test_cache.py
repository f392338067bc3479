"""The corpus cache gives back exactly what loading gives, and notices every change."""
from __future__ import annotations

import os
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import cache
from analysis import corpus as corpus_module
from analysis.cli import main as cli_main
from analysis.corpus import CorpusError, CorpusWarning, load_corpus, read_corpus
from analysis.paths import DATA_DIR, SEEDS_DIR
from analysis.terms import count_terms

BODY = ("Pemimpin Korea Utara Kim Jong Un dan Presiden Rusia Vladimir Putin bertukar surat "
        "tentang kerja sama kedua negara, menurut kantor berita KCNA. {}\n\n"
        "Putin mengatakan, “kerja sama” akan meningkat pada 2023, kata Reuters.\n")


def write_corpus(folder, n=4, *, bad_date=None):
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,outlet,published"]
    for i in range(n):
        name = f"{i:04d}.txt"
        (folder / name).write_text(f"Judul Berita Nomor {i}\n\nKamis, 14 September 2023 | 11:39 WIB"
                                   f"\n\n{BODY.format(f'Kalimat ke-{i}.')}(Ant/P-{i % 9})\n",
                                   encoding="utf-8")
        published = bad_date if bad_date and i == n - 1 else ""
        rows.append(f"{name},Outlet {'AB'[i % 2]},{published}")
    (folder / "kosong.txt").write_text("", encoding="utf-8")  # a problem file: warned about
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def assert_same_reading(a, b):
    pd.testing.assert_frame_equal(a.articles, b.articles, check_exact=True)
    pd.testing.assert_frame_equal(a.lines, b.lines, check_exact=True)
    assert a.problems == b.problems
    assert a.articles.to_json(orient="records", date_format="iso") == \
        b.articles.to_json(orient="records", date_format="iso")
    assert all(type(v) is list for v in b.articles["paragraphs"])
    assert str(b.articles["published"].dtype.tz) == "WIB"


def read_quietly(function, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    return result, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def test_stored_reading_equals_a_fresh_one_and_warns_the_same(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    fresh, fresh_warnings = read_quietly(read_corpus, folder)
    first, first_warnings = read_quietly(cache.read_cached, folder, cache=tmp_path / "cache")
    again, again_warnings = read_quietly(cache.read_cached, folder, cache=tmp_path / "cache")
    assert_same_reading(fresh, first)
    assert_same_reading(fresh, again)
    assert fresh_warnings == first_warnings == again_warnings
    assert any("kosong.txt: empty file" in message for message in again_warnings)


def test_second_load_reads_the_cache_not_the_files(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "corpus")
    first, _ = read_quietly(load_corpus, folder, cache=tmp_path / "cache")

    def no_loading(*args, **kwargs):
        raise AssertionError("the corpus was loaded again")

    monkeypatch.setattr(corpus_module, "read_corpus", no_loading)
    again, _ = read_quietly(load_corpus, folder, cache=tmp_path / "cache")
    pd.testing.assert_frame_equal(first, again, check_exact=True)


def test_an_edited_file_is_loaded_again(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    read_quietly(load_corpus, folder, cache=tmp_path / "cache")
    path = folder / "0001.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Kalimat ke-1.", "Kalimat baru."),
                    encoding="utf-8")
    articles, _ = read_quietly(load_corpus, folder, cache=tmp_path / "cache")
    assert "Kalimat baru." in articles.set_index("file").loc["0001.txt", "body"]
    assert len(list((tmp_path / "cache" / "corpus").iterdir())) == 1  # the old entry is gone


def test_fingerprint_follows_data_files_manifest_and_method(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "corpus")
    before = cache.corpus_fingerprint(folder)
    assert cache.corpus_fingerprint(folder, fingerprint="content") != before
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    monkeypatch.setattr(cache, "DATA_DIR", data)
    assert cache.corpus_fingerprint(folder) == before
    with open(data / "stopwords_domain.txt", "a", encoding="utf-8") as handle:
        handle.write("katanya\n")
    assert cache.corpus_fingerprint(folder) != before
    monkeypatch.setattr(cache, "DATA_DIR", DATA_DIR)
    (folder / "manifest.csv").write_text("file,outlet\n0000.txt,Lain\n", encoding="utf-8")
    assert cache.corpus_fingerprint(folder) != before


def test_content_fingerprint_sees_an_edit_that_keeps_size_and_time(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    path = folder / "0002.txt"
    stat = path.stat()
    stat_key = cache.corpus_fingerprint(folder)
    content_key = cache.corpus_fingerprint(folder, fingerprint="content")
    path.write_text(path.read_text(encoding="utf-8").replace("Kalimat", "Kalimah"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.corpus_fingerprint(folder) == stat_key  # the documented blind spot
    assert cache.corpus_fingerprint(folder, fingerprint="content") != content_key


def test_strict_mode_raises_from_a_stored_reading_too(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    read_quietly(cache.read_cached, folder, cache=tmp_path / "cache")
    with pytest.raises(CorpusError, match="kosong.txt"):
        cache.read_cached(folder, cache=tmp_path / "cache", strict=True)


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "env-cache"))
    folder = write_corpus(tmp_path / "corpus")
    read_quietly(load_corpus, folder)
    read_quietly(cache.read_cached, folder, cache=False)
    assert not (tmp_path / "env-cache").exists()
    read_quietly(load_corpus, folder, cache=True)  # True means the environment's folder
    assert len(list((tmp_path / "env-cache" / "corpus").iterdir())) == 1


def test_unwritable_cache_warns_and_still_loads(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.warns(cache.CacheWarning, match="Could not write the cache entry"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            articles = load_corpus(folder, cache=blocker)
    assert len(articles) == 4


def test_stored_term_counts_equal_fresh_counts(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    articles, _ = read_quietly(load_corpus, folder)
    for unit in ("article", "paragraph"):
        fresh = count_terms(articles, unit=unit, stem=False)
        for _ in range(2):  # stored, then read back
            stored, _ = read_quietly(cache.count_terms_cached, folder, unit=unit,
                                     cache=tmp_path / "cache")
            assert (stored.matrix != fresh.matrix).nnz == 0
            assert stored.matrix.dtype == fresh.matrix.dtype
            np.testing.assert_array_equal(stored.terms, fresh.terms)
            pd.testing.assert_frame_equal(stored.units, fresh.units, check_exact=True)
            assert stored.settings == fresh.settings


def test_clear_removes_every_entry(tmp_path, capsys):
    folder = write_corpus(tmp_path / "corpus")
    read_quietly(cache.count_terms_cached, folder, cache=tmp_path / "cache")
    assert cli_main(["cache", "info", "--dir", str(tmp_path / "cache")]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "kind,key,source,megabytes" and len(listed) == 3
    assert cli_main(["cache", "clear", "--dir", str(tmp_path / "cache")]) == 0
    assert "Removed 2 cache entries" in capsys.readouterr().err
    assert cache.cache_summary(tmp_path / "cache").empty


def test_pool_gives_the_same_reading_and_passes_warnings_on(tmp_path):
    # 300 files: two partitions of the read, so two worker processes share the work.
    folder = write_corpus(tmp_path / "corpus", n=300, bad_date="Kamis pagi")
    serial, serial_warnings = read_quietly(read_corpus, folder, workers=1, progress=False)
    pooled, pooled_warnings = read_quietly(read_corpus, folder, workers=2, progress=False)
    assert_same_reading(serial, pooled)
    assert serial_warnings == pooled_warnings
    assert any("not an ISO 8601 date" in message for message in pooled_warnings)


def test_seeds_are_the_default_corpus(tmp_path):
    articles, _ = read_quietly(load_corpus, cache=tmp_path / "cache")
    assert sorted(articles["file"]) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))


def test_every_module_the_loader_and_counts_run_is_in_the_key():
    # A module whose code shapes the tables but is missing from SHAPING_MODULES would let an
    # edit to it serve a stale table. Import what loading and counting use, in a fresh process.
    import subprocess
    import sys

    code = ("import sys, analysis.cache, analysis.corpus, analysis.formats, analysis.terms\n"
            "analysis.corpus.read_corpus()\n"
            "print(' '.join(m.split('.')[1] for m in sys.modules if m.startswith('analysis.')))")
    used = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.split())
    assert "corpus" in used and "prechecks" in used
    assert used - {"cli"} <= set(cache.SHAPING_MODULES)  # cli: argument parsing only


def test_one_process_reads_the_stored_files_once_and_callers_edits_stay_apart(tmp_path, monkeypatch):
    folder, store = write_corpus(tmp_path / "corpus"), tmp_path / "cache"
    first, _ = read_quietly(cache.load_cached, folder, cache=store)  # loads and stores
    monkeypatch.setattr(cache, "_LAST_READ", {})  # as in a new process
    real, reads = cache._read_frame, []
    monkeypatch.setattr(cache, "_read_frame", lambda *a, **k: reads.append(a[0].name) or real(*a, **k))
    a, _ = read_quietly(cache.load_cached, folder, cache=store)
    b, b_warnings = read_quietly(cache.load_cached, folder, cache=store)
    assert reads == ["articles.parquet"]  # the second call did not read Parquet again
    assert any("kosong.txt: empty file" in message for message in b_warnings)  # still warns
    pd.testing.assert_frame_equal(b, first)
    a["extra"] = 1
    a.loc[a.index[0], "outlet"] = "edited"
    c, _ = read_quietly(cache.load_cached, folder, cache=store)
    assert "extra" not in c.columns and c["outlet"].iloc[0] == first["outlet"].iloc[0]
    reading, _ = read_quietly(cache.read_cached, folder, cache=store)  # needs the line account
    assert reads == ["articles.parquet", "articles.parquet", "lines.parquet"] and len(reading.lines)
