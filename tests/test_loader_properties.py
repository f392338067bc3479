"""Property-based tests of the corpus loader on generated folders (issue 9).

Folders of a few files hold random bytes, random Unicode in random encodings, article-like
text sprinkled with hidden characters, saved-page-like HTML, and a random manifest. Whatever
the folder, no exception escapes, every line of every regular file is accounted for (and is
the normalised text of the file), only lines of loaded articles are kept, and two loads give
identical results.
"""
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.corpus import read_corpus
from analysis.readers import decode_bytes, looks_like_html, normalise_text

pytestmark = pytest.mark.filterwarnings("ignore::analysis.corpus.CorpusWarning")

SENTENCES = [
    "Pemimpin Korea Utara Kim Jong Un bertemu Presiden Rusia Vladimir Putin di Vladivostok.",
    "Keduanya membahas kerja sama militer dan perang di Ukraina, kata media pemerintah.",
    '"Kami akan mengalahkan para imperialis," kata Kim dalam suratnya, menurut KCNA.',
    "Delegasi dari São Paulo dan Kraków hadir; harga naik 5 € per ton.",
    "Baca juga: Putin Terima Kunjungan Menlu Korut",
    "Beranda", "", "Kamis (12/10)", "SENIN, 15 AGUSTUS 2022 | 11:53 WIB",
]
ODD = ["\u00a0", "\u200b", "\u00ad", "\u2028", "\u200f", "\uff49", "e\u0301", "\r\n", "\r", "\t", "\x0c"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "cp1250"]
DATES = ["2023-10-12", "2023-10-12T09:15:00+07:00", "12/10/2023", "now", "2023", "kemarin",
         "0001-01-01", "", "2023-02-30"]

article_text = st.lists(
    st.tuples(st.sampled_from(SENTENCES), st.lists(st.sampled_from(ODD), max_size=2)),
    min_size=0, max_size=8,
).map(lambda parts: "\n".join(s + "".join(odd) for s, odd in parts))


@st.composite
def file_content(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "unicode", "article", "html"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    text = draw(st.text(max_size=150)) if kind == "unicode" else draw(article_text)
    if kind == "html":
        text = "<html><body><nav>Beranda</nav>" + "".join(f"<p>{s}</p>" for s in text.split("\n")) + "</body></html>"
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def corpus_folder(draw) -> dict[str, bytes]:
    names = draw(st.lists(st.sampled_from(["a", "b", "c", "sub/d", "e"]), min_size=1, max_size=4, unique=True))
    files = {f"{name}{draw(st.sampled_from(['.txt', '.txt', '.html', '.md']))}": draw(file_content())
             for name in names}
    files.setdefault("z.txt", draw(file_content()))  # at least one article file
    if draw(st.booleans()):
        rows = draw(st.lists(st.tuples(st.sampled_from([*files, "missing.txt", "../x.txt"]),
                                       st.sampled_from(DATES), st.text(max_size=10)), max_size=4))
        manifest = "file,outlet,published\n" + "".join(
            f'{f},"{outlet.replace(chr(34), "")}",{d}\n' for f, d, outlet in rows)
        files["manifest.csv"] = manifest.encode(draw(st.sampled_from(["utf-8", "cp1252"])), errors="replace")
    return files


def expected_lines(data: bytes) -> list[str] | None:
    """The lines the loader must account for, for a page-text file (None: not checked here)."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [""]  # one row (line 0) for a file with no readable text
    text = normalise_text(decoded.text)
    if looks_like_html(text):
        return None  # saved pages are accounted by block (tests/test_loader_formats.py)
    if not text:
        return [""]
    lines = text.split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus_folder())
@example({"a.html": b"<?", "z.txt": b""})  # found by hypothesis: a page with no visible text
def test_any_folder_loads_accounts_for_every_line_and_is_deterministic(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        first, second = read_corpus(root), read_corpus(root)
    pd.testing.assert_frame_equal(first.articles, second.articles)
    pd.testing.assert_frame_equal(first.lines, second.lines)
    assert first.problems == second.problems
    lines = first.lines
    regular = sorted(name for name in files if name != "manifest.csv")
    assert sorted(lines["file"].unique()) == regular
    for name in regular:
        expected = expected_lines(files[name])
        if expected is not None and name.endswith(".txt"):
            assert list(lines.loc[lines["file"] == name, "text"]) == expected, name
    loaded = set(first.articles["file"])
    assert set(lines.loc[lines["kept"], "file"]) <= loaded
    assert first.articles["doc_id"].is_unique
