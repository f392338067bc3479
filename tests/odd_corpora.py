"""Small, odd corpora for running every notebook end to end (tests/test_notebooks_odd_corpora.py).

Every text here was written for these tests: short Indonesian news-style articles about
everyday topics (rice prices, floods, a train line, a football match, ...). Most contain none
of the framing node terms; one mentions *imperialis* once so that a node term is present in one
corpus while the others are absent. Outlet names carry the punctuation real outlet names have
(``Kontan.co.id``, ``Tempo.co``), and the characters that broke figure names and plot labels
(``$``, ``/``, accents).
"""
from __future__ import annotations

import csv
from pathlib import Path

#: Article texts by key: a headline line, then paragraphs separated by blank lines.
TEXTS = {
    "beras": """Pemerintah Umumkan Program Beras Murah

Pemerintah mengumumkan program beras murah untuk warga di seluruh provinsi pada pekan ini.

Menteri mengatakan program itu akan berjalan selama tiga bulan dan menjangkau jutaan keluarga.

"Kami ingin harga beras tetap terjangkau," kata menteri kepada wartawan di Jakarta.

Para pedagang di pasar menyambut baik program tersebut, meski sebagian khawatir pasokan terbatas.
""",
    "banjir": """Banjir Rendam Ratusan Rumah di Tepi Sungai

Hujan deras sejak malam membuat sungai meluap dan merendam ratusan rumah warga.

Petugas mengevakuasi warga lanjut usia dan anak-anak ke balai desa yang lebih tinggi.

Menurut kepala desa, air mulai surut pada sore hari, tetapi warga diminta tetap waspada.

Bantuan makanan dan selimut dikirim oleh relawan dari kota terdekat.
""",
    "kereta": """Jalur Kereta Baru Dibuka untuk Penumpang

Jalur kereta baru yang menghubungkan dua kota besar resmi dibuka untuk penumpang hari ini.

Perjalanan yang dulu memakan lima jam kini cukup ditempuh dalam dua jam.

"Tiket habis terjual dalam hitungan menit," kata juru bicara operator kereta.

Pemerintah daerah berharap jalur itu mendorong pariwisata dan perdagangan di kawasan tersebut.
""",
    "sepak_bola": """Tim Tuan Rumah Menang Tipis di Laga Pembuka

Tim tuan rumah menang dua gol berbanding satu dalam laga pembuka liga musim ini.

Gol kemenangan dicetak pemain muda pada menit-menit akhir pertandingan.

Pelatih mengatakan timnya masih harus memperbaiki pertahanan sebelum laga berikutnya.

Ribuan penonton memadati stadion dan bernyanyi sepanjang pertandingan.
""",
    "sekolah": """Sekolah Desa Terima Bantuan Buku

Sebuah sekolah dasar di desa terpencil menerima bantuan ribuan buku bacaan.

Kepala sekolah mengatakan perpustakaan mereka sebelumnya hanya memiliki beberapa rak buku lama.

Menurut guru, murid-murid kini datang lebih pagi untuk membaca sebelum pelajaran dimulai.

Donatur berencana mengirim buku tambahan dan komputer tahun depan.
""",
    "pasar": """Harga Cabai Naik Menjelang Hari Raya

Harga cabai di pasar tradisional naik hampir dua kali lipat menjelang hari raya.

Pedagang mengatakan pasokan dari petani berkurang karena cuaca buruk di daerah sentra produksi.

Pembeli mengeluhkan kenaikan harga, tetapi tetap membeli dalam jumlah kecil.

Dinas perdagangan berjanji menggelar operasi pasar untuk menekan harga.
""",
    "pidato": """Pemimpin Korea Utara Kirim Surat kepada Rusia

Pemimpin Korea Utara mengirim surat ucapan selamat kepada Presiden Rusia pada hari nasional.

Dalam surat itu ia menyebut kedua negara bersatu melawan apa yang ia sebut sebagai kekuatan imperialis.

Kantor berita setempat melaporkan bahwa surat tersebut dibacakan di televisi pemerintah.

Pengamat mengatakan surat semacam itu rutin dikirim setiap tahun.
""",
}


def write_corpus(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    """Write ``(text key, outlet, published)`` rows as ``.txt`` files plus ``manifest.csv``.

    ``published`` may be empty (no date). Returns the folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "outlet", "published"])
        for key, outlet, published in rows:
            (folder / f"{key}.txt").write_text(TEXTS[key], encoding="utf-8")
            writer.writerow([f"{key}.txt", outlet, published])
    return folder


#: The odd corpora by name: what each one tests is in its name.
CORPORA = {
    # One article, no date, no node term; its outlet name has dots.
    "one-article": [("beras", "Kontan.co.id", "")],
    # Three articles of one outlet, no dates: no second group to compare with.
    "one-outlet": [("beras", "Tempo.co", ""), ("banjir", "Tempo.co", ""),
                   ("kereta", "Tempo.co", "")],
    # Two outlets whose names carry $, a slash and accents; some dates, one node term once.
    "odd-names": [("beras", "$Rp$ Berita / Ékonomi", "2023-09-14"),
                  ("banjir", "$Rp$ Berita / Ékonomi", ""),
                  ("kereta", "Détik.com/News", "2023-10-12T10:00:00+07:00"),
                  ("pidato", "Détik.com/News", ""),
                  ("sepak_bola", "Détik.com/News", "2024-01-05")],
}
