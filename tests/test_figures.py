"""save_figure writes deterministic bytes and, inside a report, the provenance of each figure."""
from __future__ import annotations

import json
import os

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import __version__
from analysis.figures import (
    CATALOGUE_COLUMNS,
    REPORT_CONTEXT_ENV,
    current_report_context,
    outlet_colours,
    read_figure_log,
    report_context,
    save_figure,
    write_catalogue,
)

MENTIONS = pd.DataFrame({"outlet": ["Tempo", "Kontan", "RMOL"], "kim_jong_un": [7, 3, 5]})


def mentions_figure():
    """The same small bar chart every time it is called."""
    fig, ax = plt.subplots(figsize=(4, 3))
    colours = outlet_colours(MENTIONS["outlet"])
    ax.bar(MENTIONS["outlet"], MENTIONS["kim_jong_un"], color=[colours[o] for o in MENTIONS["outlet"]])
    ax.set_xlabel("outlet")
    ax.set_ylabel("mentions of Kim Jong Un")
    ax.set_title("Sebutan Kim Jong Un per media")
    return fig


@pytest.fixture(autouse=True)
def no_report_context(monkeypatch):
    monkeypatch.delenv(REPORT_CONTEXT_ENV, raising=False)
    yield
    plt.close("all")


def test_seed_outlets_keep_their_colours_and_others_get_spare_ones():
    assert outlet_colours(["VOA Indonesia", "Tempo"]) == {"VOA Indonesia": "#0072B2", "Tempo": "#D55E00"}
    # Spare colours go to unknown outlets in alphabetical order, whatever the input order.
    assert outlet_colours(["Kompas", "Detik"]) == {"Kompas": "#F0E442", "Detik": "#CC79A7"}


def test_resaving_a_figure_gives_identical_png_and_svg_bytes(tmp_path):
    fig = mentions_figure()
    first = [p.read_bytes() for p in save_figure(fig, "mentions_by-outlet", directory=tmp_path / "a")]
    again = [p.read_bytes() for p in save_figure(fig, "mentions_by-outlet", directory=tmp_path / "a")]
    fresh = [p.read_bytes() for p in save_figure(mentions_figure(), "mentions_by-outlet",
                                                 directory=tmp_path / "b")]
    assert [len(b) > 1000 for b in first] == [True, True]
    assert again == first
    assert fresh == first


def test_saved_files_carry_no_date_or_software_version(tmp_path):
    png, svg = save_figure(mentions_figure(), "mentions_by-outlet", directory=tmp_path)
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert b"Software" not in png.read_bytes() and b"matplotlib" not in png.read_bytes().lower()


def test_caption_is_stored_in_the_image_metadata(tmp_path):
    caption = "Berapa kali Kim Jong Un disebut — mentions per outlet."
    png, svg = save_figure(mentions_figure(), "mentions_by-outlet", directory=tmp_path, caption=caption)
    assert f"<dc:description>{caption}</dc:description>" in svg.read_text(encoding="utf-8")
    assert b"Description" in png.read_bytes() and caption.encode("utf-8") in png.read_bytes()


def test_plotted_data_is_written_as_csv_beside_the_figure(tmp_path):
    paths = save_figure(mentions_figure(), "mentions_by-outlet", data=MENTIONS, directory=tmp_path)
    assert [p.name for p in paths] == ["mentions_by-outlet.png", "mentions_by-outlet.svg",
                                       "mentions_by-outlet.csv"]
    assert paths[2].read_bytes() == b"outlet,kim_jong_un\nTempo,7\nKontan,3\nRMOL,5\n"


@pytest.mark.parametrize("name", ["Fig3a", "keyness by outlet", "../escape", "", "topics.k5"])
def test_figure_names_must_be_lower_case_words_with_hyphens(tmp_path, name):
    with pytest.raises(ValueError, match="Name figures by content in lower case"):
        save_figure(mentions_figure(), name, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_outside_a_report_nothing_is_logged(tmp_path):
    save_figure(mentions_figure(), "mentions_by-outlet", directory=tmp_path)
    assert current_report_context() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentions_by-outlet.png", "mentions_by-outlet.svg"]


def test_inside_a_report_each_figure_is_logged_with_its_provenance(tmp_path):
    log = tmp_path / "log.jsonl"
    with report_context(notebook="01-terms.ipynb", figures_dir=tmp_path / "figs", log=log,
                        parameters={"corpus_dir": None, "min_df": 2}, corpus="seeds",
                        corpus_fingerprint="sha256:abc"):
        assert json.loads(os.environ[REPORT_CONTEXT_ENV])["notebook"] == "01-terms.ipynb"
        paths = save_figure(mentions_figure(), "mentions_by-outlet", data=MENTIONS,
                            caption="Mentions per outlet.")
    assert REPORT_CONTEXT_ENV not in os.environ
    assert paths[0] == tmp_path / "figs" / "mentions_by-outlet.png"  # default: the report's folder
    records = read_figure_log(log)
    assert records.to_dict("records") == [{
        "figure": "mentions_by-outlet", "files": "mentions_by-outlet.png mentions_by-outlet.svg",
        "data": "mentions_by-outlet.csv", "caption": "Mentions per outlet.",
        "notebook": "01-terms.ipynb", "corpus": "seeds", "corpus_fingerprint": "sha256:abc",
        "parameters": '{"corpus_dir": null, "min_df": 2}', "package_version": __version__,
        "directory": str((tmp_path / "figs").resolve()),
    }]


def test_report_context_restores_an_outer_context(tmp_path):
    with report_context(notebook="outer.ipynb", figures_dir=tmp_path, log=tmp_path / "a.jsonl"):
        with report_context(notebook="inner.ipynb", figures_dir=tmp_path, log=tmp_path / "b.jsonl"):
            assert current_report_context()["notebook"] == "inner.ipynb"
        assert current_report_context()["notebook"] == "outer.ipynb"


def test_a_garbled_context_variable_is_reported_by_name(monkeypatch):
    monkeypatch.setenv(REPORT_CONTEXT_ENV, "{not json")
    with pytest.raises(ValueError, match=REPORT_CONTEXT_ENV):
        current_report_context()


def catalogue_rows():
    row = {c: "" for c in CATALOGUE_COLUMNS}
    return pd.DataFrame([
        {**row, "figure": "zeta", "notebook": "02-topics.ipynb", "files": "zeta.png zeta.svg",
         "caption": "Topic shares."},
        {**row, "figure": "keyness_by-outlet", "notebook": "01-terms.ipynb",
         "files": "keyness_by-outlet.png keyness_by-outlet.svg", "data": "keyness_by-outlet.csv",
         "caption": "Log-odds keyness per outlet.", "parameters": '{"min_df": 2}'},
        {**row, "figure": "alpha", "notebook": "02-topics.ipynb", "files": "alpha.png alpha.svg"},
    ])


def test_catalogue_is_sorted_by_notebook_then_figure_whatever_the_input_order(tmp_path):
    csv, readme = write_catalogue(catalogue_rows(), tmp_path / "a")
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert table[["notebook", "figure"]].values.tolist() == [
        ["01-terms.ipynb", "keyness_by-outlet"], ["02-topics.ipynb", "alpha"], ["02-topics.ipynb", "zeta"]]
    write_catalogue(catalogue_rows().iloc[::-1], tmp_path / "b")
    assert (tmp_path / "b" / "catalogue.csv").read_bytes() == csv.read_bytes()
    assert (tmp_path / "b" / "README.md").read_bytes() == readme.read_bytes()


def test_catalogue_readme_shows_each_figure_with_caption_and_data_link(tmp_path):
    _, readme = write_catalogue(catalogue_rows(), tmp_path)
    text = readme.read_text(encoding="utf-8")
    assert "![keyness_by-outlet](keyness_by-outlet.png)\n\nLog-odds keyness per outlet." in text
    assert "data: [keyness_by-outlet.csv](keyness_by-outlet.csv)" in text
    assert "### alpha\n\n![alpha](alpha.png)\n\n_No caption given._" in text
    assert text.index("## 01-terms.ipynb") < text.index("## 02-topics.ipynb")


def test_catalogue_without_required_columns_is_refused(tmp_path):
    with pytest.raises(ValueError, match="lacks the columns"):
        write_catalogue(catalogue_rows().drop(columns="caption"), tmp_path)


def test_parameters_json_lacks_are_recorded_in_a_stable_form(tmp_path):
    log = tmp_path / "log.jsonl"
    with report_context(notebook="02-topics.ipynb", figures_dir=tmp_path, log=log,
                        parameters={"outlets": {"Tempo", "Kontan", "RMOL"}, "k_range": (3, 8)}):
        save_figure(mentions_figure(), "mentions_by-outlet")
    assert read_figure_log(log)["parameters"].tolist() == [
        '{"k_range": [3, 8], "outlets": ["Kontan", "RMOL", "Tempo"]}']
