"""Tests of outlet identification (analysis.outlets) from web addresses and page text."""
import pytest

from analysis.outlets import (identify_outlet, load_outlets, outlet_from_text, outlet_from_url,
                              split_url)


def _name(match):
    return match.name if match else None


def test_outlet_table_lists_the_most_read_outlets_with_groups():
    outlets = {o.name: o for o in load_outlets()}
    for name in ["Kompas", "Detik", "Tribunnews", "CNN Indonesia", "CNBC Indonesia", "Liputan6",
                 "Tempo", "Antara", "Republika", "Sindonews", "Okezone", "iNews", "Suara",
                 "IDN Times", "Viva", "Medcom", "Kumparan", "Jawa Pos", "Bisnis Indonesia", "Kontan",
                 "Katadata", "Media Indonesia", "RMOL", "Jurnas", "Pikiran Rakyat", "Koran Jakarta",
                 "VOA Indonesia", "BBC News Indonesia", "KBS World Indonesia", "Merdeka"]:
        assert name in outlets, name
    assert len(outlets) >= 40
    assert outlets["Okezone"].group == outlets["Sindonews"].group == "MNC Media"
    assert outlets["Tribun Jogja"].group == outlets["Kompas"].group == "Kompas Gramedia"


@pytest.mark.parametrize("url, outlet", [
    ("https://nasional.kompas.com/read/2024/06/19/10150001/judul", "Kompas"),
    ("http://m.detik.com/news/internasional/d-7400000/judul", "Detik"),
    ("https://www.tribunnews.com/internasional/2019/04/25/judul", "Tribunnews"),
    ("https://jogja.tribunnews.com/2024/06/19/judul", "Tribun Jogja"),
    ("https://wartakota.tribunnews.com/2024/06/19/judul", "Warta Kota"),
    ("https://www.liputan6.com/global/read/5600000/judul", "Liputan6"),
    ("https://dunia.tempo.co/read/1900000/judul", "Tempo"),
    ("https://www.antaranews.com/berita/4100000/judul", "Antara"),
    ("https://kabar24.bisnis.com/read/20240619/19/1700000/judul", "Kabar24"),
    ("https://ekonomi.bisnis.com/read/20240619/9/1700001/judul", "Bisnis Indonesia"),
    ("https://www.bbc.com/indonesia/articles/c0000000000o", "BBC News Indonesia"),
    ("https://world.kbs.co.kr/service/news_view.htm?lang=i&Seq_Code=100", "KBS World Indonesia"),
    ("www.pikiran-rakyat.com/internasional/pr-018000000/judul", "Pikiran Rakyat"),
    ("https://web.archive.org/web/20190425000000/https://www.voaindonesia.com/a/judul/1.html",
     "VOA Indonesia"),
])
def test_outlet_from_url_takes_the_longest_listed_domain(url, outlet):
    assert _name(outlet_from_url(url)) == outlet


@pytest.mark.parametrize("url", ["https://www.bbc.com/news/world-asia-1",
                                 "https://world.kbs.co.kr/service/news_view.htm?lang=e",
                                 "https://radarkota.example/berita/1", "not a url", ""])
def test_unlisted_or_other_language_address_gives_no_outlet(url):
    assert outlet_from_url(url) is None


def test_host_of_an_amp_cache_address_is_the_original_host():
    assert split_url("https://www-kompas-com.cdn.ampproject.org/c/s/www.kompas.com/x")[0] == "kompas.com"


@pytest.mark.parametrize("opening, outlet", [
    ("KOMPAS.com - Presiden Rusia tiba di Pyongyang pada Rabu pagi waktu setempat.", "Kompas"),
    ("JAKARTA, KOMPAS.com - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Kompas"),
    ("TEMPO.CO, Jakarta - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Tempo"),
    ("Liputan6.com, Jakarta - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Liputan6"),
    ("TRIBUNNEWS.COM - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Tribunnews"),
    ("Suara.com - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Suara"),
    ("VIVA – Presiden Rusia tiba di Pyongyang pada Rabu pagi waktu setempat.", "Viva"),
    ("merdeka.com - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Merdeka"),
    ("Bisnis.com, JAKARTA - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Bisnis Indonesia"),
    ("Jakarta (ANTARA) - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Antara"),
    ("Jakarta, CNN Indonesia -- Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "CNN Indonesia"),
    ("PYONGYANG, iNews.id - Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "iNews"),
    ("REPUBLIKA.CO.ID, MOSKOW -- Presiden Rusia tiba di Pyongyang pada Rabu pagi.", "Republika"),
    ("RMOL. Presiden Rusia tiba di Pyongyang pada Rabu pagi waktu setempat.", "RMOL"),
])
def test_outlet_from_the_opening_that_names_the_page(opening, outlet):
    page = f"Judul Berita Tentang Kunjungan\n\n{opening}\nKalimat kedua artikel ini cukup panjang.\n"
    assert _name(outlet_from_text(page)) == outlet


@pytest.mark.parametrize("text", [
    "Hubungan antara kedua negara membaik, kata menteri itu kepada wartawan.",
    "Menurut laporan yang dikutip dari Kompas.com, pertemuan berlangsung tertutup.",
    "Kim Jong Un, dilansir ANTARA, tiba di stasiun perbatasan pada Selasa pagi.",
    "Artikel ini telah tayang di Kompas.com dengan judul yang sama.",
])
def test_a_mention_in_the_body_is_not_a_signature(text):
    assert outlet_from_text(f"Judul Berita\n{text}\n") is None


def test_copyright_line_and_follow_prompt_name_the_page():
    page = ("Judul Berita Yang Cukup Panjang\nIsi berita yang panjang dan lengkap sekali di sini.\n"
            "Ikuti berita terkini dari Tempo.co di Google News, klik di sini\n")
    assert _name(outlet_from_text(page)) == "Tempo"
    page = "Isi berita yang panjang dan lengkap sekali di sini.\n© 2024 TRIBUNnews.com, a subsidiary of KG Media\n"
    assert _name(outlet_from_text(page)) == "Tribunnews"


def test_syndicated_copy_is_not_attributed_to_its_source():
    page = ("JAKARTA, KOMPAS.com - Isi berita yang panjang dan lengkap sekali di sini.\n"
            "Artikel ini telah tayang di Kompas.com dengan judul \"Judul\"\n")
    assert outlet_from_text(page) is None


def test_wire_opening_on_another_outlets_page_is_no_outlet():
    page = ("Jakarta (ANTARA) - Isi berita yang panjang dan lengkap sekali di sini.\n"
            "Copyright © 2024 Radar Kota. All rights reserved\n")
    assert outlet_from_text(page) is None


def test_disagreeing_self_names_from_different_groups_give_no_outlet():
    page = ("KOMPAS.com - Isi berita yang panjang dan lengkap sekali di sini.\n"
            "Copyright © 2024 Okezone. All rights reserved\n")
    assert outlet_from_text(page) is None


def test_listed_address_decides_before_the_text():
    assert _name(identify_outlet(url="https://www.suara.com/news/x", text="KOMPAS.com - Isi.")) == "Suara"
    assert identify_outlet(url="https://radarkota.example/x", text="KOMPAS.com - Isi.") is None
    assert _name(identify_outlet(text="KOMPAS.com - Isi berita.")) == "Kompas"


def test_bad_outlet_table_is_a_clear_error(tmp_path):
    path = tmp_path / "outlets.yaml"
    path.write_text("- {name: A, domains: [a.id], signatures: ['(']}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"outlets.yaml, A: a signature is not a valid"):
        load_outlets(path)
    path.write_text("- {name: A, domains: [a.id]}\n- {name: A, domains: [b.id]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="listed twice"):
        load_outlets(path)


def test_files_with_no_outlet_are_summarised_once_with_the_domains_to_add(tmp_path):
    import warnings

    from analysis.corpus import CorpusWarning, read_corpus

    body = "Pemimpin daerah meresmikan jembatan baru yang menghubungkan dua desa di tepi sungai.\n"
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.txt").write_text(f"Judul Berita {name.upper()}\n{body.replace('baru', name)}",
                                              encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,url\na.txt,https://radarkota.example/1\nb.txt,https://radarkota.example/2\n"
        "c.txt,https://www.kompas.com/read/3\nd.txt,\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        reading = read_corpus(tmp_path)
    assert dict(zip(reading.articles["file"], reading.articles["outlet"])) == {
        "a.txt": "unknown", "b.txt": "unknown", "c.txt": "Kompas", "d.txt": "unknown"}
    outlet_warnings = [str(w.message) for w in caught if "no outlet" in str(w.message)]
    assert outlet_warnings == [
        "3 file(s): no outlet; add these domains to analysis/data/outlets.yaml: radarkota.example (2); "
        "give the 1 file(s) without a web address a url or outlet column in manifest.csv (or the "
        "outlet's self-signature to outlets.yaml) (a.txt, b.txt, d.txt)"]
