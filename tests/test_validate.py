"""Validation loop: Krippendorff's alpha against the worked examples of Krippendorff (2011),
reproducible stratified samples, blind sheets that round-trip, clear problems for bad sheets,
accuracy and the misclassification correction on data with known answers."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import validate as v
from analysis.cli import main as cli_main
from analysis.corpus import load_corpus
from analysis.paths import PROJECT_DIR, SEEDS_DIR
from analysis.resources import read_table

nan = np.nan


# -- Krippendorff's alpha ------------------------------------------------------------------------
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, missing values; the paper gives alpha = .743 (nominal) and .849 (interval).
KRIPPENDORFF_2011_C = pd.DataFrame({
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    "C": [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
})


def test_alpha_reproduces_the_nominal_and_interval_values_of_krippendorffs_example_with_missing_data():
    assert round(v.krippendorff_alpha(KRIPPENDORFF_2011_C), 3) == 0.743
    assert round(v.krippendorff_alpha(KRIPPENDORFF_2011_C, level="interval"), 3) == 0.849


def test_alpha_reproduces_the_binary_two_observer_example():
    # Section A of the same paper: 10 units, 14 zeros and 6 ones, alpha = 1 - 19 * 4 / (14 * 6) = .095
    table = pd.DataFrame({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]})
    assert round(v.krippendorff_alpha(table), 3) == 0.095
    assert v.krippendorff_alpha(table) == pytest.approx(1 - 19 * 4 / (14 * 6))


def test_alpha_accepts_text_codes_and_is_nan_when_undefined():
    labels = KRIPPENDORFF_2011_C.apply(lambda c: c.map({1: "quoted", 2: "reported", 3: "narrator",
                                                        4: "scare_quoted", 5: "x"}))
    assert round(v.krippendorff_alpha(labels), 3) == 0.743
    assert np.isnan(v.krippendorff_alpha(pd.DataFrame({"a": ["quoted", "quoted"], "b": ["quoted", "quoted"]})))
    assert np.isnan(v.krippendorff_alpha(pd.DataFrame({"a": ["quoted", nan], "b": [nan, "narrator"]})))


def test_bootstrap_alpha_formula_equals_the_package_on_the_full_table():
    counts = v._value_counts(KRIPPENDORFF_2011_C.astype("Int64").astype(object).where(KRIPPENDORFF_2011_C.notna()))
    counts = counts[counts.sum(axis=1) >= 2]
    coincidences = v._unit_coincidences(counts)
    assert coincidences.sum() == pytest.approx(40)  # the paper's n = 40 pairable values
    assert v._alpha_from_coincidences(coincidences.sum(axis=0, keepdims=True))[0] == pytest.approx(0.743421, abs=1e-6)
    low, high = v.alpha_interval(KRIPPENDORFF_2011_C, n_boot=300, random_state=1)
    assert low < 0.743 < high


# -- sampling ------------------------------------------------------------------------------------------
def made_up_occurrences(counts: dict) -> pd.DataFrame:
    """Occurrences of 'imperialis' with machine voices; counts[(outlet, voice)] = N."""
    frames = []
    for (outlet, voice), n in counts.items():
        i = np.arange(n)
        text = [f"Kim berharap Putin menang atas imperialis nomor {k}." for k in i]
        frames.append(pd.DataFrame({
            "doc_id": [f"{outlet}-{k // 3}" for k in i], "outlet": outlet, "location": "body", "paragraph": i % 3,
            "start": 31, "end": 41, "term": "imperialis", "text": text, "previous_paragraph": "",
            "headline": f"Berita {outlet}", "voice": voice, "distancing": False,
            "speaker": "" if voice in ("narrator", "scare_quoted") else "Kim Jong Un"}))
    return pd.concat(frames, ignore_index=True)[v.OCCURRENCE_COLUMNS]


COUNTS = {("Kompas", "narrator"): 120, ("Kompas", "quoted"): 30, ("Kompas", "scare_quoted"): 1,
          ("Tempo", "reported"): 60, ("Tempo", "narrator"): 40, ("Tempo", "quoted"): 3}


def test_allocation_gives_every_stratum_its_minimum_and_the_rest_in_proportion():
    sizes = pd.Series({"narrator": 90, "quoted": 8, "scare_quoted": 2})
    assert v.allocate(sizes, 20).tolist() == [15, 3, 2]
    assert v.allocate(sizes, 500).tolist() == [90, 8, 2]
    assert v.allocate(sizes, 4, min_per_stratum=2).tolist() == [2, 1, 1]
    assert v.allocate(sizes, 37).sum() == 37


def test_sample_is_reproducible_stratified_and_states_its_sizes():
    occurrences = made_up_occurrences(COUNTS)
    first = v.draw_sample(occurrences, size=40, random_state=3)
    again = v.draw_sample(occurrences, size=40, random_state=3)
    other = v.draw_sample(occurrences, size=40, random_state=4)
    pd.testing.assert_frame_equal(first.units, again.units)
    assert not first.units["text"].equals(other.units["text"])
    assert len(first.units) == 40 and first.strata["n"].sum() == 40
    strata = first.strata.set_index(["outlet", "voice"])
    assert strata["N"].to_dict() == COUNTS
    assert strata.loc[("Kompas", "scare_quoted"), "n"] == 1 and strata.loc[("Tempo", "quoted"), "n"] == 2
    assert (strata["n"] >= 2).sum() == 5
    drawn = first.units.groupby(["outlet", "machine_voice"]).size()
    assert drawn.to_dict() == strata["n"].to_dict()
    assert (first.units["weight"] == first.units["stratum_N"] / first.units["stratum_n"]).all()
    assert first.units["unit_id"].tolist() == [f"u{i:04d}" for i in range(1, 41)]


def test_sample_and_strata_survive_save_and_load(tmp_path):
    sample = v.draw_sample(made_up_occurrences(COUNTS), size=25, random_state=1, term="imperialis*")
    sample.save(tmp_path)
    loaded = v.ValidationSample.load(tmp_path)
    assert loaded.term == "imperialis*" and loaded.random_state == 1
    assert loaded.units["unit_id"].tolist() == sample.units["unit_id"].tolist()
    assert loaded.units["machine_voice"].tolist() == sample.units["machine_voice"].tolist()
    with pytest.raises(FileNotFoundError, match="sample.csv does not exist"):
        v.ValidationSample.load(tmp_path / "elsewhere")


# -- sheets --------------------------------------------------------------------------------------------
@pytest.fixture
def sample():
    return v.draw_sample(made_up_occurrences(COUNTS), size=12, random_state=5, term="imperialis")


def test_each_coder_gets_every_unit_in_an_own_order_without_machine_labels(sample):
    ana, budi = v.coding_sheet(sample, "ana", random_state=1), v.coding_sheet(sample, "budi", random_state=1)
    assert list(ana.columns) == v.SHEET_COLUMNS
    assert sorted(ana["unit_id"]) == sorted(budi["unit_id"]) == sorted(sample.units["unit_id"])
    assert ana["unit_id"].tolist() != budi["unit_id"].tolist()
    assert ana["unit_id"].tolist() == v.coding_sheet(sample, "ana", random_state=1)["unit_id"].tolist()
    assert (ana["voice"] == "").all() and (ana["distancing"] == "no").all()
    assert ana["context"].str.contains(r"atas \[\[imperialis\]\] nomor", regex=True).all()
    assert not {"outlet", "machine_voice", "machine_speaker"} & set(ana.columns)


def test_csv_sheet_has_a_bom_and_round_trips(sample, tmp_path):
    sheet = v.coding_sheet(sample, "ana")
    sheet["headline"] = "=Korut “menang”"  # a formula-looking cell and curly quotes
    sheet["voice"] = ["quoted", "Reported", "narrator", "scare-quoted"] * 3
    sheet["speaker"] = ["Kim Jong-un", "washington", "", ""] * 3
    path = v.write_sheet_csv(sheet, tmp_path / "coding_ana.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcoder,item,unit_id")
    assert "'=Korut “menang”" in path.read_text(encoding="utf-8-sig")
    rows, problems = v.read_sheet(path)
    assert problems == []
    assert rows["voice"].tolist() == ["quoted", "reported", "narrator", "scare_quoted"] * 3
    assert rows["speaker"].tolist() == ["Kim Jong Un", "US government", "", ""] * 3
    assert rows["row"].tolist() == list(range(2, 14)) and set(rows["coder"]) == {"ana"}


def test_semicolon_sheet_saved_by_a_spreadsheet_in_windows_encoding_is_read(sample, tmp_path):
    sheet = v.coding_sheet(sample, "budi").assign(voice="narrator", headline="Kim menang é")
    path = tmp_path / "coding_budi.csv"
    path.write_bytes(sheet.to_csv(index=False, sep=";").encode("cp1252"))
    rows, problems = v.read_sheet(path)
    assert (rows["voice"] == "narrator").all() and len(rows) == 12
    assert [p["problem"] for p in problems] == [
        "is not UTF-8; read as Windows-1252 (save as 'CSV UTF-8' next time)"]


def test_bad_sheets_give_one_clear_problem_each_naming_file_and_row(sample, tmp_path):
    sheet = v.coding_sheet(sample, "ana").assign(voice="narrator", speaker="")
    ids = sheet["unit_id"].tolist()
    sheet.loc[0, "voice"] = "quote"                       # not a code
    sheet.loc[1, ["voice", "speaker"]] = ["quoted", ""]   # speaker missing
    sheet.loc[2, ["voice", "speaker"]] = ["reported", "dia"]  # pronoun
    sheet.loc[3, "speaker"] = "Kim"                       # speaker for a narrator occurrence
    sheet.loc[4, "distancing"] = "maybe"
    sheet.loc[5, "unit_id"] = "u9999"                     # not in the sample
    sheet.loc[6, "unit_id"] = ids[7]                      # a duplicate
    sheet.loc[8, "voice"] = ""                            # left empty
    folder = tmp_path / "coded"
    folder.mkdir()
    v.write_sheet_csv(sheet, folder / "coding_ana.csv")
    pd.DataFrame({"unit_id": ids}).to_csv(folder / "coding_budi.csv", index=False)
    (folder / "coding_cici.csv").write_text("")
    coding = v.read_coded_sheets(folder, sample)
    found = [(p.file, p.row, p.problem) for p in coding.problems.itertuples(index=False)]
    assert found == [
        ("coding_ana.csv", 2, "voice 'quote' is not in the codebook (quoted, scare_quoted, reported, narrator)"),
        ("coding_ana.csv", 3, "speaker is empty for a quoted occurrence; write a name or 'unknown'"),
        ("coding_ana.csv", 4, "speaker: 'dia' is a pronoun: write the person it refers to"),
        ("coding_ana.csv", 5, "speaker 'Kim' given for a narrator occurrence; the codebook leaves it empty (ignored)"),
        ("coding_ana.csv", 6, "distancing 'maybe' is not in the codebook (no, yes)"),
        ("coding_budi.csv", 1, "lacks the column(s) voice, distancing, speaker; keep the header row of the sheet as written"),
        ("coding_cici.csv", "", "is not a readable CSV table (No columns to parse from file); re-save it as CSV UTF-8"),
        ("coding_ana.csv", 7, "unit id 'u9999' is not in the sample; was the row edited?"),
        ("coding_ana.csv", 9, f"unit {ids[7]} appears again; the first row is used"),
        ("coding_ana.csv", "", f"4 of 12 units have no voice code ({', '.join(sorted([ids[0], ids[5], ids[6], ids[8]]))}); "
                               "they count as missing"),
    ]
    assert coding.coders == ["ana"]
    voices = coding.codes[coding.codes["variable"] == "voice"].set_index("unit_id")["value"]
    assert voices[ids[1]] == "quoted" and ids[0] not in voices.index


def test_a_spreadsheet_file_is_refused_with_what_to_do(tmp_path, sample):
    path = tmp_path / "coding_ana.xlsx"
    path.write_bytes(b"PK\x03\x04")
    rows, problems = v.read_sheet(path)
    assert rows.empty
    assert problems[0]["problem"] == ("is a spreadsheet file, not CSV: save it as 'CSV UTF-8' and score "
                                      "the .csv file")


def test_html_sheet_is_self_contained_and_holds_no_machine_labels(sample, tmp_path):
    paths = v.write_coding_sheets(sample, ["ana", "budi"], tmp_path, random_state=2)
    page = (tmp_path / "sheets" / "coding_ana.html").read_text(encoding="utf-8")
    assert {p.name for p in paths} >= {"sample.csv", "strata.csv", "codebook.md", "coding_ana.html", "coding_budi.csv"}
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)
    assert "<script src" not in page and "<link" not in page
    data = json.loads(re.search(r'id="sheet-data">(.*?)</script>', page, re.S).group(1))
    assert [i["unit_id"] for i in data["items"]] == v.coding_sheet(sample, "ana", random_state=2)["unit_id"].tolist()
    assert not {"machine_voice", "outlet", "weight"} & set().union(*[i.keys() for i in data["items"]])
    assert [c[0] for c in data["variables"]["voice"]["codes"]] == list(v.VOICE_CLASSES)


def test_clicking_codes_in_the_html_sheet_downloads_a_csv_that_scores(sample, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    v.write_coding_sheets(sample, ["ana", "budi"], tmp_path)
    page_path = tmp_path / "sheets" / "coding_ana.html"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(accept_downloads=True)
        page.goto(page_path.as_uri())
        assert page.locator("mark").inner_text() == "imperialis"
        page.click("button[data-code='reported']")
        page.fill("input[data-variable='speaker']", "Kim")
        page.click("#next")
        page.keyboard.press("4")  # narrator
        with page.expect_download() as download:
            page.click("#download")
        saved = tmp_path / "coding_ana.csv"
        download.value.save_as(saved)
        status = page.locator("#status").inner_text()
        browser.close()
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    assert status == "Saved; 10 item(s) still need codes."
    rows, problems = v.read_sheet(saved)
    assert problems == []
    assert rows["voice"].tolist()[:3] == ["reported", "narrator", ""]
    assert rows["speaker"].tolist()[:2] == ["Kim Jong Un", ""]
    assert rows["unit_id"].tolist() == v.coding_sheet(sample, "ana")["unit_id"].tolist()


# -- consensus, accuracy, correction ---------------------------------------------------------------------
def coding_of(rows: list[tuple]) -> v.Coding:
    codes = pd.DataFrame(rows, columns=["unit_id", "coder", "variable", "value"])
    return v.Coding(codes, pd.DataFrame(columns=v.PROBLEM_COLUMNS))


def test_consensus_is_the_plurality_ties_stay_open_and_an_adjudicator_settles_them():
    coding = coding_of([
        ("u1", "ana", "voice", "quoted"), ("u1", "budi", "voice", "quoted"),
        ("u2", "ana", "voice", "quoted"), ("u2", "budi", "voice", "narrator"),
        ("u3", "ana", "voice", "reported"), ("u3", "budi", "voice", "narrator"),
        ("u3", "adjudicator", "voice", "reported"),
        ("u1", "ana", "speaker", "Kim Jong Un"), ("u1", "budi", "speaker", "kim jong un"),
    ])
    agreed = v.consensus(coding).set_index("unit_id")
    assert agreed.loc["u1", "voice"] == "quoted" and agreed.loc["u1", "speaker"] == "Kim Jong Un"
    assert pd.isna(agreed.loc["u2", "voice"])
    assert agreed.loc["u3", "voice"] == "reported"
    assert agreed["coders"].tolist() == [2, 2, 2]


def test_precision_recall_and_f1_on_a_hand_counted_table():
    occurrences = made_up_occurrences({("Kompas", "quoted"): 10, ("Kompas", "narrator"): 10})
    sample = v.draw_sample(occurrences, size=20)
    truth = np.where(sample.units["machine_voice"] == "quoted", "quoted", "narrator")
    truth[sample.units["machine_voice"].eq("narrator").to_numpy().nonzero()[0][:2]] = "quoted"
    agreed = pd.DataFrame({"unit_id": sample.units["unit_id"], "voice": truth})
    metrics = v.classification_metrics(sample, agreed, n_boot=200).set_index(["class", "measure"])["estimate"]
    # quoted: 10 machine-quoted all right; 12 truly quoted -> precision 1, recall 10/12
    assert metrics[("quoted", "precision")] == 1.0
    assert metrics[("quoted", "recall")] == pytest.approx(10 / 12)
    assert metrics[("quoted", "f1")] == pytest.approx(2 * (10 / 12) / (1 + 10 / 12))
    assert metrics[("narrator", "precision")] == pytest.approx(8 / 10)
    assert metrics[("all", "accuracy")] == pytest.approx(18 / 20)
    confusion = v.confusion_matrix(sample, agreed)
    assert confusion.loc["quoted", "narrator"] == 2 and confusion.to_numpy().trace() == 18


def test_correction_inverts_a_known_matrix_and_stays_a_distribution_when_the_inverse_does_not():
    m = np.array([[0.8, 0.1, 0.0], [0.1, 0.9, 0.2], [0.1, 0.0, 0.8]])
    truth = np.array([0.5, 0.3, 0.2])
    assert v.correct_shares(m, m @ truth) == pytest.approx(truth)
    clipped = v.correct_shares(m, np.array([0.98, 0.02, 0.0]))  # M^-1 p has negative entries
    assert clipped.min() >= 0 and clipped.sum() == pytest.approx(1)
    assert np.linalg.solve(m, [0.98, 0.02, 0.0]).min() < 0


TRUE_SHARES = {"Kompas": [0.40, 0.05, 0.30, 0.25], "Tempo": [0.20, 0.10, 0.50, 0.20],
               "Detik": [0.30, 0.10, 0.20, 0.40]}
# P(machine = row | true = column), columns in VOICE_CLASSES order
MACHINE_ERRORS = np.array([[0.90, 0.10, 0.03, 0.02],
                           [0.04, 0.80, 0.00, 0.03],
                           [0.03, 0.00, 0.85, 0.10],
                           [0.03, 0.10, 0.12, 0.85]])


def simulated_corpus(rng: np.random.Generator, per_outlet: int = 1000) -> pd.DataFrame:
    classes = list(v.VOICE_CLASSES)
    frames = []
    for outlet, shares in TRUE_SHARES.items():
        truth = rng.choice(4, size=per_outlet, p=shares)
        cumulative = np.cumsum(MACHINE_ERRORS[:, truth], axis=0).T  # row i: P(machine <= k | truth_i)
        machine = (rng.random(per_outlet)[:, None] > cumulative[:, :-1]).sum(axis=1)
        frames.append(pd.DataFrame({"outlet": outlet, "voice": np.take(classes, machine),
                                    "true_voice": np.take(classes, truth), "distancing": False, "speaker": ""}))
    return pd.concat(frames, ignore_index=True)


def test_corrected_shares_cover_the_known_shares_in_at_least_90_of_100_simulations():
    rng = np.random.default_rng(2024)
    targets = [(o, c) for o in TRUE_SHARES for c in v.VOICE_CLASSES]
    covered, errors_machine, errors_corrected = 0, [], []
    for sim in range(100):
        occurrences = simulated_corpus(rng)
        sample = v.draw_sample(occurrences, size=300, random_state=sim, min_per_stratum=5)
        agreed = sample.units[["unit_id"]].assign(voice=sample.units["true_voice"])
        shares = v.voice_shares(sample, agreed, n_boot=200, random_state=sim).set_index(["outlet", "voice"])
        outlet, voice = targets[sim % len(targets)]
        true = (occurrences.loc[occurrences["outlet"] == outlet, "true_voice"] == voice).mean()
        row = shares.loc[(outlet, voice)]
        covered += row["ci_low"] <= true <= row["ci_high"]
        errors_machine.append(abs(row["machine_share"] - true))
        errors_corrected.append(abs(row["corrected_share"] - true))
    assert covered >= 90
    assert np.mean(errors_corrected) < np.mean(errors_machine)


# -- the whole loop on the seeds -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_sample():
    gold = read_table(PROJECT_DIR / "tests" / "data" / "framing_gold.csv")
    return v.draw_sample(v.locate_gold(load_corpus(), gold), size=200, random_state=0, term="gold")


def test_perfect_simulated_coders_reproduce_the_hand_label_agreement_of_the_seeds(seed_sample, tmp_path):
    assert len(seed_sample.units) == 63
    for coder in ("ana", "budi"):
        sheet = v.simulate_coding(v.coding_sheet(seed_sample, coder), v.gold_truth(seed_sample), error_rate=0)
        v.write_sheet_csv(sheet, tmp_path / f"coding_{coder}.csv")
    result = v.score(seed_sample, tmp_path, n_boot=100)
    assert result.problems.empty and result.unresolved == 0
    assert result.reliability["alpha"].tolist() == [1.0, 1.0, 1.0]
    accuracy = result.metrics[result.metrics["measure"] == "accuracy"].set_index("variable")["estimate"]
    assert accuracy.to_dict() == pytest.approx({"voice": 61 / 63, "distancing": 1.0, "speaker": 59 / 63})
    assert result.confusion.loc["reported", "narrator"] == 2
    summary = result.summary()
    assert set(summary["section"]) == {"reliability", "accuracy"} and summary["estimate"].notna().all()


def test_simulated_coders_err_at_about_the_stated_rate(seed_sample):
    truth = v.gold_truth(seed_sample)
    sheet = v.coding_sheet(seed_sample, "ana")
    flips = [(v.simulate_coding(sheet, truth, error_rate=0.2, random_state=s)["voice"].to_numpy()
              != truth.set_index("unit_id").loc[sheet["unit_id"], "voice"].to_numpy()).mean() for s in range(20)]
    assert 0.15 < np.mean(flips) < 0.25


def test_codebook_examples_are_sentences_of_the_seed_articles():
    book = v.load_codebook()
    assert list(book.variables["voice"].codes) == list(v.VOICE_CLASSES)
    assert book.variables["speaker"].required_when == ("quoted", "reported")
    text = (PROJECT_DIR / "analysis" / "data" / "codebook.md").read_text(encoding="utf-8")
    seeds = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS_DIR.glob("*.txt"))
    fragments = ["Rusia kini bangkit dalam perjuangan suci untuk mempertahankan kedaulatan",
                 "Berharap Kalahkan 'Imperialis'", "mengakui \"dua republik Donbas\"",
                 "menggagalkan kebijakan hegemonik imperialis", "semakin terisolasi di tengah sanksi",
                 "istilah itu digunakan untuk merujuk pada Amerika Serikat",
                 "apa yang ia sebut sebagai hegemoni", "kedua orang ini mengatakan bahwa kerja sama militer"]
    flat = " ".join(text.replace("**", "").split())
    for fragment in fragments:
        assert fragment in flat and fragment in seeds, fragment


# -- command line --------------------------------------------------------------------------------------
def test_command_line_samples_then_scores_with_problems_on_stderr(tmp_path, capsys):
    out = tmp_path / "validation"
    assert cli_main(["validate", "sample", "imperialis*", "--size", "6", "--coders", "ana,budi",
                     "--random-state", "3", "--output", str(out)]) == 0
    captured = capsys.readouterr()
    strata = pd.read_csv(pd.io.common.StringIO(captured.out))
    assert strata["n"].sum() == 6 and list(strata.columns) == ["outlet", "voice", "N", "n", "weight"]
    assert "sampled 6 of" in captured.err
    sample = v.ValidationSample.load(out)
    (out / "coded").mkdir()
    for coder in ("ana", "budi"):
        sheet = pd.read_csv(out / "sheets" / f"coding_{coder}.csv", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
        truth = sample.units[["unit_id"]].assign(voice=sample.units["machine_voice"],
                                                 distancing=sample.units["machine_distancing"],
                                                 speaker=sample.units["machine_speaker"])
        coded = v.simulate_coding(sheet, truth, error_rate=0)
        coded.loc[0, "voice"] = "quote" if coder == "ana" else coded.loc[0, "voice"]
        v.write_sheet_csv(coded, out / "coded" / f"coding_{coder}.csv")
    assert cli_main(["validate", "score", str(out), "--n-boot", "50", "--output", str(tmp_path / "tables")]) == 0
    captured = capsys.readouterr()
    assert "validate: coding_ana.csv, row 2: voice 'quote' is not in the codebook" in captured.err
    summary = pd.read_csv(pd.io.common.StringIO(captured.out))
    assert list(summary.columns) == ["section", "variable", "class", "measure", "estimate", "ci_low", "ci_high", "n"]
    assert (tmp_path / "tables" / "voice_shares.csv").exists()


def test_command_line_without_coded_sheets_says_where_they_should_be(tmp_path, capsys):
    v.draw_sample(made_up_occurrences(COUNTS), size=5).save(tmp_path)
    assert cli_main(["validate", "score", str(tmp_path)]) == 2
    assert f"{tmp_path / 'coded'} does not exist" in capsys.readouterr().err


def test_an_adjudication_sheet_settles_disagreements_without_counting_as_a_coder(sample, tmp_path):
    ana = v.coding_sheet(sample, "ana").assign(voice="narrator")
    budi = v.coding_sheet(sample, "budi").assign(voice="narrator")
    first = ana["unit_id"].iloc[0]
    budi.loc[budi["unit_id"] == first, ["voice", "speaker"]] = ["quoted", "Kim"]
    judge = ana[ana["unit_id"] == first].assign(coder="adjudicator", voice="quoted", speaker="Kim Jong Un")
    for name, sheet in (("ana", ana), ("budi", budi), ("adjudicator", judge)):
        v.write_sheet_csv(sheet, tmp_path / f"coding_{name}.csv")
    result = v.score(sample, tmp_path, n_boot=50)
    assert result.problems.empty
    assert result.reliability.set_index("variable").loc["voice", "coders"] == 2
    assert result.consensus.set_index("unit_id").loc[first, "voice"] == "quoted"
    assert result.unresolved == 0
