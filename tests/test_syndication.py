"""Tests for analysis.syndication: wire copies found, same-event articles kept apart, stable
cluster ids, the three duplicates modes, and the bulk computations against datasketch."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from datasketch import MinHash, MinHashLSH

from analysis import syndication
from analysis.syndication import (
    copies_by_outlet, find_clusters, mark_copies, minhash_signatures, normalise, resemblance,
    select_articles, shingle_hashes,
)
from analysis.syndication_plots import plot_copies_by_outlet

# -- hand-written articles (text written for these tests) --------------------------------------
LETTER = [
    "Pemimpin Korea Utara Kim Jong Un mengirim surat ucapan selamat kepada Presiden Rusia "
    "Vladimir Putin pada peringatan Hari Rusia, Senin, demikian dilaporkan kantor berita resmi KCNA.",
    "Dalam surat itu Kim menyatakan bahwa rakyat Korea Utara memberikan dukungan penuh kepada "
    "rakyat Rusia yang sedang berjuang melindungi kedaulatan dan keamanan negaranya.",
    "Kim juga menulis bahwa persahabatan kedua negara akan terus diperkuat sesuai dengan "
    "kesepakatan yang dicapai dalam pertemuan puncak di kosmodrom Vostochny pada September tahun lalu.",
    "Menurut KCNA, Kim berharap Putin dalam keadaan sehat dan meraih keberhasilan yang lebih besar "
    "dalam memimpin negaranya.",
    "Hubungan antara Pyongyang dan Moskow semakin erat sejak Rusia melancarkan operasi militer di "
    "Ukraina pada Februari 2022, meskipun Amerika Serikat dan sekutunya menuduh kedua negara "
    "melakukan transaksi senjata.",
    "Kedua negara membantah tuduhan tersebut dan menyebutnya sebagai propaganda pihak Barat yang "
    "bermusuhan.",
]
ANTARA = "\n\n".join(LETTER)
# The same wire story under another outlet: a new first line, the outlet's dateline, a credit.
TRIBUN = "\n\n".join([
    "TRIBUNNEWS.COM, JAKARTA - Kim Jong Un kembali menyurati Vladimir Putin, kali ini untuk "
    "memperingati Hari Rusia yang jatuh pada Senin (12/6/2023).", *LETTER[1:],
    "(Tribunnews.com/Antara)"])
# A regional site that kept only the first half, with curly quotes and other punctuation.
TRIMMED = "\n\n".join(LETTER[:3]).replace("KCNA.", "“KCNA”.").replace(", Senin,", " (Senin)")

QUOTE_KIM = ("“Kami akan selalu bersama Rusia dalam perjuangan suci melawan kekuatan imperialis "
             "yang hegemonik,” kata Kim.")
QUOTE_PUTIN = ("“Kami akan membantu mereka membangun satelit, itulah sebabnya kami datang ke "
               "sini,” kata Putin kepada wartawan.")
# Two different articles on the same event that quote the same two statements.
KOMPAS = "\n\n".join([
    "Kim Jong Un tiba di kosmodrom Vostochny di wilayah Amur, Rusia, dengan kereta lapis baja pada "
    "Rabu pagi. Putin menyambutnya di pintu masuk dan keduanya berjabat tangan hampir satu menit.",
    "Setelah meninjau landasan peluncuran roket, kedua pemimpin melakukan pembicaraan tertutup "
    "selama empat jam. Kremlin tidak merinci isi pembicaraan tersebut.",
    QUOTE_KIM, QUOTE_PUTIN,
    "Pengamat hubungan internasional menilai pertemuan itu menunjukkan kedua negara sama-sama "
    "terisolasi dari dunia internasional dan saling membutuhkan.",
])
TEMPO = "\n\n".join([
    "Presiden Rusia Vladimir Putin menjamu pemimpin Korea Utara dalam jamuan makan malam "
    "kenegaraan setelah pertemuan puncak di Timur Jauh Rusia. Di hadapan para pejabat kedua "
    "negara, Kim mengangkat gelas untuk kesehatan Putin.",
    QUOTE_KIM,
    "Kim juga mengundang Putin berkunjung ke Pyongyang pada waktu yang tepat. Kremlin menyatakan "
    "undangan itu diterima dengan senang hati.",
    QUOTE_PUTIN,
    "Amerika Serikat memperingatkan bahwa setiap kesepakatan senjata antara kedua negara akan "
    "melanggar resolusi Dewan Keamanan PBB, sementara Korea Selatan dan Jepang menyatakan "
    "keprihatinan serupa.",
])
KONTAN = ("Nilai tukar rupiah di pasar spot ditutup menguat 0,4% ke level Rp 15.520 per dolar AS "
          "pada Senin sore, didorong arus masuk modal asing ke pasar obligasi pemerintah.")


def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["antara/surat", "tribun/surat", "kompas/vostochny", "tempo/jamuan",
                   "kontan/rupiah", "suara/surat"],
        "outlet": ["Antara", "Tribunnews", "Kompas", "Tempo", "Kontan", "Suara"],
        "published": pd.to_datetime(["2023-06-12 14:05", "2023-06-12 16:40", "2023-09-13 11:00",
                                     "2023-09-13 21:30", "2023-06-12 15:00", "2023-06-13 08:00"]
                                    ).tz_localize("Asia/Jakarta"),
        "body": [ANTARA, TRIBUN, KOMPAS, TEMPO, KONTAN, TRIMMED],
    })


# -- the behaviour a researcher relies on ----------------------------------------------------------
def test_wire_copy_with_a_new_first_line_is_marked_as_a_copy_of_the_wire():
    marked = mark_copies(articles()).set_index("doc_id")
    assert marked.loc["tribun/surat", "cluster"] == "antara/surat"
    assert marked.loc["tribun/surat", "first_outlet"] == "Antara"
    assert marked.loc["tribun/surat", "first_doc"] == "antara/surat"
    assert bool(marked.loc["tribun/surat", "is_copy"])
    assert not marked.loc["antara/surat", "is_copy"]
    assert marked.loc["antara/surat", "cluster_size"] == 3  # Antara, Tribunnews, Suara


def test_trimmed_copy_with_other_punctuation_joins_by_containment():
    hashes, offsets = shingle_hashes([ANTARA, TRIMMED])
    jaccard, containment = resemblance(hashes[:offsets[1]], hashes[offsets[1]:])
    assert containment == 1.0 and jaccard < 0.6
    marked = mark_copies(articles()).set_index("doc_id")
    assert marked.loc["suara/surat", "cluster"] == "antara/surat"


def test_two_articles_on_one_event_sharing_quotes_are_not_clustered():
    hashes, offsets = shingle_hashes([KOMPAS, TEMPO])
    jaccard, containment = resemblance(hashes[:offsets[1]], hashes[offsets[1]:])
    assert 0.05 < jaccard < 0.3 and containment < 0.5  # they do share the quotes
    marked = mark_copies(articles()).set_index("doc_id")
    assert marked.loc[["kompas/vostochny", "tempo/jamuan"], "cluster_size"].tolist() == [1, 1]
    assert marked.loc["tempo/jamuan", "cluster"] == "tempo/jamuan"


def test_cluster_ids_do_not_depend_on_the_row_order():
    expected = mark_copies(articles()).set_index("doc_id").sort_index()
    for seed in range(4):
        shuffled = articles().sample(frac=1, random_state=seed)
        marked = mark_copies(shuffled)
        assert marked["doc_id"].tolist() == shuffled["doc_id"].tolist()  # rows stay in place
        pd.testing.assert_frame_equal(marked.set_index("doc_id").sort_index(), expected)


def test_duplicates_modes_keep_all_first_of_each_cluster_or_only_unclustered():
    table = articles()
    pd.testing.assert_frame_equal(select_articles(table, duplicates="keep"), table)  # as given
    assert select_articles(table, duplicates="first")["doc_id"].tolist() == [
        "antara/surat", "kompas/vostochny", "tempo/jamuan", "kontan/rupiah"]
    assert select_articles(table, duplicates="drop")["doc_id"].tolist() == [
        "kompas/vostochny", "tempo/jamuan", "kontan/rupiah"]


def test_select_articles_reuses_marks_and_rejects_unknown_modes():
    marked = mark_copies(articles())
    marked.loc[4, "is_copy"] = True  # a mark set by hand is respected, not recomputed
    assert "kontan/rupiah" not in select_articles(marked, duplicates="first")["doc_id"].tolist()
    with pytest.raises(ValueError, match="duplicates must be one of 'keep', 'first', 'drop'"):
        select_articles(articles(), duplicates="dedupe")


def test_without_dates_the_first_member_is_the_smallest_doc_id():
    table = articles().drop(columns="published")
    table["doc_id"] = ["z-antara", "b-tribun", "kompas", "tempo", "kontan", "c-suara"]
    marked = mark_copies(table).set_index("doc_id")
    assert marked.loc["z-antara", "cluster"] == "b-tribun"
    assert marked.loc["z-antara", "first_outlet"] == "Tribunnews"
    assert marked.loc[["z-antara", "b-tribun", "c-suara"], "is_copy"].tolist() == [True, False, True]


def test_an_undated_article_comes_after_dated_copies_and_ties_go_to_the_smaller_doc_id():
    table = articles()
    table.loc[0, "published"] = pd.NaT  # the wire story lost its date
    table.loc[5, "published"] = table.loc[1, "published"]  # same minute as Tribunnews
    marked = mark_copies(table).set_index("doc_id")
    assert marked.loc["antara/surat", "cluster"] == "suara/surat"  # "suara" < "tribun"
    assert bool(marked.loc["antara/surat", "is_copy"])


def test_a_single_article_is_its_own_cluster():
    marked = mark_copies(articles().iloc[[2]])
    assert marked[syndication.CLUSTER_COLUMNS].to_dict("records") == [{
        "cluster": "kompas/vostochny", "cluster_size": 1, "first_outlet": "Kompas",
        "first_doc": "kompas/vostochny", "is_copy": False}]


def test_an_empty_table_gets_the_columns_and_no_rows():
    empty = articles().iloc[:0]
    marked = mark_copies(empty)
    assert list(marked.columns) == [*empty.columns, *syndication.CLUSTER_COLUMNS]
    assert len(marked) == 0
    assert len(select_articles(empty, duplicates="first")) == 0
    assert len(copies_by_outlet(marked)) == 0


def test_empty_and_missing_bodies_are_never_clustered():
    table = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "body": ["", None, "", ANTARA]})
    marked = mark_copies(table)
    assert marked["cluster"].tolist() == ["a", "b", "c", "d"]
    assert marked["first_outlet"].isna().all()  # no outlet column


def test_bad_tables_get_messages_saying_what_to_do():
    with pytest.raises(ValueError, match="no body column"):
        mark_copies(articles().drop(columns="body"))
    with pytest.raises(ValueError, match=r"doc_id is not unique \(antara/surat\)"):
        mark_copies(pd.concat([articles(), articles().iloc[[0]]]))
    with pytest.raises(ValueError, match="published column cannot be read as dates"):
        mark_copies(articles().assign(published="kemarin sore"))
    with pytest.raises(ValueError, match="run syndication.mark_copies"):
        copies_by_outlet(articles())


def test_copies_by_outlet_counts_first_members_and_copies():
    table = copies_by_outlet(mark_copies(articles())).set_index("outlet")
    assert table.loc["Tribunnews"].to_dict() == {
        "articles": 1, "unique": 0, "first": 0, "copies": 1, "copies_of_other_outlets": 1,
        "share_copies": 1.0}
    assert table.loc["Antara", ["unique", "first", "copies"]].tolist() == [0, 1, 0]
    assert table.loc["Kompas", ["unique", "first", "copies"]].tolist() == [1, 0, 0]
    assert table.index[:2].tolist() == ["Suara", "Tribunnews"]  # largest share of copies first


def test_settings_come_from_the_file_and_keywords_override_them():
    marked = mark_copies(articles(), containment=1.0, jaccard=0.99).set_index("doc_id")
    assert marked.loc["tribun/surat", "cluster_size"] == 1  # stricter: the relead copy is out
    assert marked.loc["suara/surat", "cluster"] == "antara/surat"  # fully contained: still in
    with pytest.raises(ValueError, match="jaccard must be in"):
        mark_copies(articles(), jaccard=1.5)


# -- the bulk computations against slow, plain versions ------------------------------------------
def _slow_shingle_hashes(text: str, k: int) -> list[int]:
    """One text, word by word, in plain Python (the definition shingle_hashes computes)."""
    words = normalise(text).split()
    shingles = [" ".join(words[i:i + k]) for i in range(len(words) - k + 1)] or (
        [" ".join(words)] if words else [])
    mask = (1 << 64) - 1
    out = []
    for shingle in shingles:
        h = 0
        for byte in shingle.encode("utf-8"):
            h = (h * 0x100000001B3 + byte) & mask
        for multiplier in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, None):
            h ^= h >> 33
            h = h * multiplier & mask if multiplier else h
        out.append(h)
    return out


@pytest.mark.parametrize("k", [1, 3, 5])
def test_shingle_hashes_match_the_plain_definition(k):
    texts = [ANTARA, "", "Satu dua", TRIBUN, "  —  ", KONTAN]
    hashes, offsets = shingle_hashes(texts, shingle_size=k)
    for i, text in enumerate(texts):
        assert hashes[offsets[i]:offsets[i + 1]].tolist() == _slow_shingle_hashes(text, k)


def test_shingle_hashes_do_not_depend_on_chunking(monkeypatch):
    texts = [ANTARA, TRIBUN, KOMPAS, TEMPO, KONTAN] * 3
    whole = shingle_hashes(texts)
    monkeypatch.setattr(syndication, "_CHUNK_BYTES", 600)  # a chunk per text or two
    chunked = shingle_hashes(texts)
    assert np.array_equal(whole[0], chunked[0]) and np.array_equal(whole[1], chunked[1])


def test_normalise_drops_punctuation_of_every_kind_and_keeps_letters():
    assert normalise("«Kerja sama» itu—kata Lavrov—‘tak terbatas’…\u00a0Café 5,4%") == (
        "kerja sama itu kata lavrov tak terbatas café 5 4")


def test_signatures_equal_datasketch_minhash():
    hashes, offsets = shingle_hashes([ANTARA, KOMPAS, "", "Ya"])
    signatures = minhash_signatures(hashes, offsets, num_perm=32, seed=7)
    for i in range(4):
        sketch = MinHash(num_perm=32, seed=7, hashfunc=int, scheme="affine32")
        sketch.update_batch((hashes[offsets[i]:offsets[i + 1]] & 0xFFFFFFFF).tolist())
        assert np.array_equal(signatures[i], sketch.hashvalues)


def test_candidate_pairs_equal_datasketch_queries():
    texts = [ANTARA, TRIBUN, KOMPAS, TEMPO, KONTAN, TRIMMED]
    hashes, offsets = shingle_hashes(texts)
    signatures = minhash_signatures(hashes, offsets, num_perm=64)
    pairs = syndication.candidate_pairs(signatures, threshold=0.3)
    lsh = MinHashLSH(threshold=0.3, num_perm=64)
    sketches = [MinHash(num_perm=64, hashfunc=int, scheme="affine32") for _ in texts]
    for i, sketch in enumerate(sketches):
        sketch.update_batch((hashes[offsets[i]:offsets[i + 1]] & 0xFFFFFFFF).tolist())
        lsh.insert(i, sketch)
    expected = sorted((i, j) for i, s in enumerate(sketches) for j in lsh.query(s) if j > i)
    assert pairs.tolist() == [list(p) for p in expected]
    assert [0, 1] in pairs.tolist()


def test_find_clusters_joins_chains_of_copies():
    base = LETTER[1:5]
    a = "\n\n".join(base)
    b = "\n\n".join(base[:3] + ["Paragraf penutup yang baru ditulis ulang oleh redaksi daerah."])
    c = "\n\n".join(["Pembuka baru dari redaksi lain di kota lain pada hari berikutnya."] + base[:3])
    assert find_clusters([a, b, c, KONTAN]).tolist() == [0, 0, 0, 3]


def test_resemblance_of_empty_sets_is_zero():
    assert resemblance(np.array([], dtype=np.uint64), np.array([1], dtype=np.uint64)) == (0.0, 0.0)


# -- the figure -----------------------------------------------------------------------------------
def test_plot_is_one_column_wide_with_readable_text():
    fig = plot_copies_by_outlet(copies_by_outlet(mark_copies(articles())))
    try:
        assert fig.get_size_inches()[0] == pytest.approx(3.5)
        ax = fig.axes[0]
        texts = [*ax.get_yticklabels(), *ax.get_xticklabels(), ax.xaxis.label,
                 *fig.legends[0].get_texts()]
        assert min(t.get_fontsize() for t in texts) >= 7
        assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["Suara (1)", "Tribunnews (1)"]
        widths = [p.get_width() for p in ax.patches]
        assert sum(widths) == pytest.approx(100 * 6)  # every outlet's bar sums to 100 %
    finally:
        plt.close(fig)


def test_plot_of_no_outlets_says_so():
    with pytest.raises(ValueError, match="No outlets to plot"):
        plot_copies_by_outlet(copies_by_outlet(mark_copies(articles().iloc[:0])))


def test_articles_without_an_outlet_are_counted_not_lost():
    table = articles()
    table.loc[[1, 4], "outlet"] = None
    counts = copies_by_outlet(mark_copies(table)).set_index("outlet")
    columns = ["articles", "copies", "copies_of_other_outlets"]
    assert counts.loc["(no outlet)", columns].tolist() == [2, 1, 1]
    assert counts["articles"].sum() == 6
