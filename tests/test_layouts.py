"""The development set of page layouts (tests/data/layouts): the metadata and cleaning targets.

The pages reproduce the layouts of more than 25 Indonesian news sites besides the seeds, with
text we wrote; `python -m analysis.devset` prints the same table.
"""
import pytest

from analysis.devset import evaluate_layouts, summarise


@pytest.fixture(scope="module")
def table():
    return evaluate_layouts()


def test_development_set_covers_more_than_25_outlets_beyond_the_seeds(table):
    seeds = {"Media Indonesia", "RMOL", "VOA Indonesia", "Kontan", "Tempo"}
    assert len(set(table["outlet_expected"]) - seeds) >= 25


def test_titles_right_or_empty(table):
    summary = summarise(table)
    assert summary["titles_right_share"] >= 0.90
    assert table.loc[table["title_wrong"], ["file", "title", "title_expected"]].to_dict("records") == []


def test_dates_right_or_empty_never_wrong(table):
    summary = summarise(table)
    assert summary["dates_right_share"] >= 0.85
    assert table.loc[table["date_wrong"], ["file", "published", "published_expected"]].to_dict("records") == []


def test_outlets_from_addresses_all_right_and_from_text_never_wrong(table):
    assert table.loc[~table["outlet_url_right"], ["file", "outlet_url"]].to_dict("records") == []
    assert table.loc[table["outlet_text_wrong"], ["file", "outlet_text"]].to_dict("records") == []


def test_no_boilerplate_kept_and_no_body_line_lost(table):
    problems = table.loc[(table["boilerplate_kept"] > 0) | (table["body_lost"] > 0),
                         ["file", "boilerplate_kept", "body_lost"]]
    assert problems.to_dict("records") == []
