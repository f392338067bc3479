"""Measure outlets, titles, dates and body lines on a set of page dumps with known answers.

The development set (``tests/data/layouts/`` and ``tests/data/layouts_expected.csv``) holds
page dumps that reproduce the layouts of Indonesian news sites, with the expected outlet,
title, publication date and body lines of each. The loader reads the folder twice: with a
manifest of ``file,url`` only (outlets must then come from the addresses) and without any
manifest (everything from the page text). The measures are those of the corpus issue: titles
and dates right among the pages that show one, and wrong anywhere (a value where the answer
is another value or nothing); outlets right from addresses, and wrong from the text
("unknown" is never wrong); boilerplate lines kept as body, and body lines lost. This is the
usual accuracy / error split of information-extraction evaluation, where an empty answer is
scored apart from a wrong one (Chinchor & Sundheim 1993, *MUC-5 evaluation metrics*).

Run ``python -m analysis.devset [FOLDER EXPECTED.csv]`` to print the table and the summary.
"""
from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from analysis.paths import PROJECT_DIR
from analysis.resources import read_table

LAYOUTS_DIR = PROJECT_DIR / "tests" / "data" / "layouts"
EXPECTED = PROJECT_DIR / "tests" / "data" / "layouts_expected.csv"


def _read(folder: Path, manifest: Path | None):
    from analysis.corpus import CorpusWarning, read_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return read_corpus(folder, manifest=manifest)


def _same_time(found, expected: str) -> bool:
    if not expected:
        return pd.isna(found)
    return not pd.isna(found) and pd.Timestamp(found) == pd.Timestamp(expected)


def evaluate_layouts(folder: str | Path = LAYOUTS_DIR, expected: str | Path = EXPECTED) -> pd.DataFrame:
    """One row per page: what the loader found beside what was expected, and the verdicts.

    Columns: ``file``, ``outlet_url`` (found with a ``file,url`` manifest), ``outlet_text``
    (found from the text alone), ``title``, ``published`` and the expected values
    (``*_expected``), then ``title_right``, ``title_wrong``, ``date_right``, ``date_wrong``,
    ``outlet_url_right``, ``outlet_text_right``, ``outlet_text_wrong``, ``boilerplate_kept``
    and ``body_lost`` (numbers of lines).
    """
    folder = Path(folder)
    truth = read_table(Path(expected))
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.csv"
        truth[["file", "url"]].to_csv(manifest, index=False)
        by_url = _read(folder, manifest).articles.set_index("file")
    reading = _read(folder, None)
    found = reading.articles.set_index("file")
    lines = reading.lines[reading.lines["label"].isin(["body", "subheading"])]
    rows = []
    for row in truth.to_dict("records"):
        file = row["file"]
        got = found.loc[file] if file in found.index else None
        title = "" if got is None else " ".join(str(got["title"]).split())
        published = pd.NaT if got is None else got["published"]
        outlet_text = "unknown" if got is None else got["outlet"]
        outlet_url = by_url.loc[file, "outlet"] if file in by_url.index else "unknown"
        body_found = set(lines.loc[lines["file"] == file, "text"].str.strip())
        body_expected = {line.strip() for line in row["body"].split("\n") if line.strip()}
        rows.append({
            "file": file, "outlet_expected": row["outlet"], "outlet_url": outlet_url,
            "outlet_text": outlet_text, "title_expected": row["title"], "title": title,
            "published_expected": row["published"], "published": published,
            "title_right": bool(row["title"]) and title == " ".join(row["title"].split()),
            "title_wrong": bool(title) and title != " ".join(row["title"].split()),
            "date_right": bool(row["published"]) and _same_time(published, row["published"]),
            "date_wrong": not pd.isna(published) and not _same_time(published, row["published"]),
            "outlet_url_right": outlet_url == row["outlet"],
            "outlet_text_right": bool(row["outlet_in_text"]) and outlet_text == row["outlet_in_text"],
            "outlet_text_wrong": outlet_text not in ("unknown", row["outlet"]),
            "boilerplate_kept": len(body_found - body_expected),
            "body_lost": len(body_expected - body_found),
        })
    return pd.DataFrame(rows)


def summarise(table: pd.DataFrame) -> dict:
    """The issue's targets: shares right among pages that show a value, counts of wrong ones."""
    truth = {"title": table["title_expected"] != "", "date": table["published_expected"] != ""}
    return {
        "pages": len(table),
        "outlets": table["outlet_expected"].nunique(),
        "titles_right": f"{table['title_right'].sum()}/{truth['title'].sum()}",
        "titles_right_share": table["title_right"].sum() / max(truth["title"].sum(), 1),
        "titles_wrong": int(table["title_wrong"].sum()),
        "dates_right": f"{table['date_right'].sum()}/{truth['date'].sum()}",
        "dates_right_share": table["date_right"].sum() / max(truth["date"].sum(), 1),
        "dates_wrong": int(table["date_wrong"].sum()),
        "outlets_from_url_right_share": table["outlet_url_right"].mean(),
        "outlets_from_text_right": int(table["outlet_text_right"].sum()),
        "outlets_from_text_wrong": int(table["outlet_text_wrong"].sum()),
        "boilerplate_lines_kept": int(table["boilerplate_kept"].sum()),
        "body_lines_lost": int(table["body_lost"].sum()),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder, expected = (argv + [None, None])[:2]
    table = evaluate_layouts(folder or LAYOUTS_DIR, expected or EXPECTED)
    shown = table.assign(
        title=table["title"].str.slice(0, 40),
        published=table["published"].map(lambda t: "" if pd.isna(t) else t.isoformat()),
    )[["file", "outlet_url", "outlet_text", "title", "published", "title_right", "date_right",
       "date_wrong", "boilerplate_kept", "body_lost"]]
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        print(shown.to_string(index=False))
    for key, value in summarise(table).items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
