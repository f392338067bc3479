"""Saved HTML pages and article tables, read into the same articles and line account as page text.

A saved page (``.html``/``.htm``, or a ``.txt`` that is an HTML document) is reduced to its
main-text paragraphs and metadata by trafilatura and htmldate (:func:`analysis.readers.read_html`);
the paragraphs then go through the same line labelling as a page dump
(:func:`analysis.corpus.parse_article`), with the page's title, date and URL standing where a
manifest row's would (a manifest row, when there is one, still decides). Every visible text
block of the page is in the line account: the extracted paragraphs with their labels, then the
blocks trafilatura left out, labelled ``boilerplate`` with the reason "not main text
(trafilatura)".

A table file (CSV, JSON lines, Parquet; :func:`analysis.readers.read_article_table`) gives one
article per row: its ``text`` (or ``body``) is the page text, split into lines, and its
``title``, ``published`` (or ``date``), ``url``, ``outlet`` and ``author`` columns fill the
article's fields as a manifest row would. Each row is named ``<table file>#<row>`` (1-based,
header not counted) in the ``file`` column and ``<table stem>#<row>`` in ``doc_id``.
"""
from __future__ import annotations

from pathlib import Path

from analysis.corpus import (PARTITION_SIZE, CorpusError, FileReading, Partition, Problem,
                             _checked_date, _collector, _skipped, finish_reading, pack_partition,
                             parse_article)
from analysis.readers import TableError, looks_like_html, normalise_text, read_article_table, read_html

#: Reason given to the visible text blocks of a page that are not its main text.
NOT_MAIN_TEXT = "not main text (trafilatura)"


def parse_html(html: str, *, file: str, manifest_row: dict, problems: list[Problem]) -> FileReading:
    """Read one saved page (already decoded and normalised) into a :class:`FileReading`."""
    page = read_html(html)
    row = dict(manifest_row)
    row["title"] = row.get("title") or page.title
    row["url"] = row.get("url") or page.url
    if not row.get("published") and page.published:
        row["published"] = _checked_date(page.published, file, _problem_adder(problems, file))
    article, line_rows = parse_article("\n".join(page.lines), file=file, manifest_row=row)
    if not page.lines:
        line_rows = []
    first = len(line_rows) + 1
    line_rows += [
        {"doc_id": article["doc_id"], "file": file, "line_no": number, "label": "boilerplate",
         "kept": False, "reason": NOT_MAIN_TEXT, "text": text}
        for number, text in enumerate(page.dropped, start=first)
    ]
    return finish_reading(file, article, line_rows, problems)


def _problem_adder(problems: list[Problem], file: str):
    add = _collector(problems, file)
    return lambda problem: add(problem.kind, problem.message)


def read_table_corpus(path: Path) -> list[FileReading]:
    """Read a table of articles, one :class:`FileReading` per row, in row order."""
    return [reading for part in _row_partitions(path, None) for reading in part]


def read_table_partitions(path: Path, size: int = PARTITION_SIZE) -> list[Partition]:
    """Read a table of articles into packed :class:`Partition` objects of ``size`` rows each,
    in row order: only one partition's readings are Python objects at a time."""
    return [pack_partition(part) for part in _row_partitions(path, size)]


def _row_partitions(path: Path, size: int | None):
    """The readings of the table's rows, ``size`` at a time (all at once for None)."""
    try:
        rows = read_article_table(path)
    except TableError as error:
        raise CorpusError(str(error)) from None
    if not rows:
        raise CorpusError(f"{path.name}: the table has no rows. Put one article per row.")
    numbered = list(enumerate(rows, start=1))
    for start in range(0, len(numbered), size or len(numbered)):
        yield [read_row(row, file=f"{path.name}#{number}", doc_id=f"{path.stem}#{number}")
               for number, row in numbered[start:start + (size or len(numbered))]]


def read_row(row: dict, *, file: str, doc_id: str) -> FileReading:
    """One table row (a dict of :data:`analysis.readers.TABLE_COLUMNS`) into a :class:`FileReading`."""
    problems: list[Problem] = []
    text = normalise_text(row["text"])
    if not text.strip():
        reading = _skipped(file, Problem(file, "empty text", "the row's text column is empty; "
                                         "row skipped"))
        return _with_doc_id(reading, doc_id)
    fields = {key: normalise_text(value).strip() for key, value in row.items() if key != "text"}
    fields["published"] = _checked_date(fields["published"], file, _problem_adder(problems, file))
    if looks_like_html(text):
        reading = parse_html(text, file=file, manifest_row=fields, problems=problems)
    else:
        article, line_rows = parse_article(text, file=file, manifest_row=fields)
        reading = finish_reading(file, article, line_rows, problems)
    return _with_doc_id(reading, doc_id)


def _with_doc_id(reading: FileReading, doc_id: str) -> FileReading:
    if reading.article is not None:
        reading.article["doc_id"] = doc_id
    for line in reading.lines:
        line["doc_id"] = doc_id
    return reading
