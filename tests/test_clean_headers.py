"""Headline and date choice in the page header (analysis.clean), on layouts the seeds lack."""
from analysis.clean import classify_lines

BODY = ["Operator kereta menambah jadwal perjalanan pada akhir pekan untuk menampung penumpang.",
        "Tiket tambahan dapat dibeli melalui aplikasi mulai hari ini, kata juru bicara operator."]
TITLE = "Kereta Cepat Tambah Jadwal pada Akhir Pekan Ini"


def _label(header):
    lines = header + BODY
    return {line: lab for line, lab in zip(lines, classify_lines(lines))}


def test_ad_line_menu_and_caption_are_never_the_headline():
    labels = _label(["Baca berita dengan sedikit iklan, klik di sini",
                     "Nasional Mondial Ekonomi Megapolitan Olahraga Rona Kupas Wisata Perspektif Foto Video",
                     "HOME NEWS NUSANTARA",
                     "Penumpang menunggu kereta di peron stasiun (IDN Times/Nama Fotografer)"])
    assert {lab.label for lab in labels.values()} - {"body"} == {"boilerplate", "caption"}
    labels = _label(["Penumpang menunggu kereta di peron stasiun. Foto: Medcom.id/Nama", TITLE])
    assert labels[TITLE].label == "title"


def test_headline_repeated_in_a_breadcrumb_is_chosen_over_other_lines():
    labels = _label(["Pilihan Untuk Anda Hari Ini Juga", f"Home > Ekonomi > {TITLE}", TITLE,
                     "Tautan Lain yang Menarik Dibaca"])
    assert labels[TITLE].label == "title"


def test_headline_with_a_question_mark_is_not_the_first_paragraph():
    title = "Kereta Cepat Tambah Jadwal, Apa Saja Rute Barunya?"
    labels = _label([title, "Rabu, 19 Jun 2024 07:15 WIB"])
    assert (labels[title].label, labels["Rabu, 19 Jun 2024 07:15 WIB"].label) == ("title", "dateline")


def test_headline_and_its_deck_give_the_headline_a_name_above_it_does_not():
    deck = "Operator Menyiapkan Delapan Perjalanan Tambahan untuk Libur Sekolah"
    assert _label([TITLE, deck, "Penulis: Nama Wartawan"])[TITLE].label == "title"
    assert _label(["Nama Wartawan", TITLE, "Rabu, 19 Jun 2024 07:15 WIB"])[TITLE].label == "title"


def test_a_list_of_three_headline_like_lines_gives_no_headline():
    labels = _label(["Kereta Cepat Tambah Jadwal Akhir Pekan", "Harga Tiket Pesawat Turun Menjelang Libur",
                     "Jalan Tol Baru Dibuka untuk Pemudik", "Rabu, 19 Jun 2024 07:15 WIB"])
    assert not any(lab.label == "title" for lab in labels.values())


def test_clock_at_the_top_of_the_page_is_not_the_publication_time():
    labels = _label(["Sabtu, 04 Oktober 2025 - 10:22 WIB", TITLE])
    assert labels["Sabtu, 04 Oktober 2025 - 10:22 WIB"].label == "boilerplate"
    assert labels[TITLE].label == "title"


def test_standfirst_above_the_byline_is_text_and_the_date_below_it_is_found():
    deck = "Operator kereta menambah delapan perjalanan selama libur sekolah."
    labels = _label([TITLE, deck, "Nama Wartawan", "19 Juni 2024 | 07.15 WIB", "Kereta di peron. Tempo/Nama"])
    assert (labels[deck].label, labels[deck].reason) == ("body", "standfirst above the byline or date")
    assert labels["19 Juni 2024 | 07.15 WIB"].label == "dateline"
    assert labels["Kereta di peron. Tempo/Nama"].label == "caption"


def test_read_also_list_inside_the_article_does_not_end_it():
    lines = [TITLE, BODY[0], "Baca Juga:", "Tiket Pesawat Turun Jelang Libur", BODY[1]]
    labels = [lab.label for lab in classify_lines(lines)]
    assert labels == ["title", "body", "boilerplate", "boilerplate", "body"]


def test_teasers_with_times_above_the_article_are_not_its_headline_or_date():
    header = ["Terpopuler", "Harga Emas Naik Tipis Pagi Ini", "Rabu, 19 Juni 2024 06:10 WIB",
              "Jalan Tol Baru Dibuka untuk Pemudik", "Rabu, 19 Juni 2024 06:40 WIB",
              TITLE, "Rabu, 19 Juni 2024 07:15 WIB"]
    labels = _label(header)
    assert [line for line, lab in labels.items() if lab.label in ("title", "dateline")] == [
        TITLE, "Rabu, 19 Juni 2024 07:15 WIB"]


def test_a_name_line_between_the_date_and_the_editor_is_not_the_headline():
    labels = _label([TITLE, "Kompas.com - 21/06/2024, 14:05 WIB", "Rina Kusumawati Lestari",
                     "Editor: Dimas Prasetyo"])
    assert labels[TITLE].label == "title"


def test_skip_links_are_not_a_list_of_headlines():
    labels = _label(["Tautan-tautan Akses", "Lompat ke konten utama", "Lompat ke navigasi utama",
                     "Lompat ke Pencarian", TITLE, "19 Juni 2024", "Nama Penulis"])
    assert (labels[TITLE].label, labels["19 Juni 2024"].label) == ("title", "dateline")
    curly = "”Panen Raya” Membuat Harga Gabah Turun di Sentra Padi"
    assert _label(["Iklan", curly])[curly].label == "title"


def test_a_caption_with_a_date_is_not_the_dateline():
    caption = "Kim dan Putin di Vostochny, 13 September 2023"
    labels = _label([TITLE, caption])
    assert labels[caption].label == "boilerplate"
    assert not any(lab.label == "dateline" for lab in labels.values())
