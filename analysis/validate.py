"""Validation of the voice labels by human coders: sampling, coding sheets, reliability, correction.

How accurate are the machine's voice, distancing and speaker labels on *your* corpus? This
module runs the standard content-analysis loop (Krippendorff 2019, *Content Analysis*, ch. 12;
Neuendorf 2017, ch. 6): :func:`draw_sample` draws a reproducible sample of occurrences of a
term, stratified by outlet and by the machine's voice (sizes stated in ``strata``);
:func:`write_coding_sheets` writes one blind sheet per coder (CSV in UTF-8 with BOM, and a
self-contained HTML page with the term highlighted and the codes as buttons) in a random order
of its own, the machine's labels hidden; the codebook is ``data/codebook.md``.
:func:`score` reads the coded sheets back (reporting rows missing, duplicated or outside the
codebook), computes Krippendorff's alpha per variable with the ``krippendorff`` package
(Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") and a bootstrap interval
over units, compares the machine with the coders' consensus (confusion matrix; precision,
recall and F1 with stratified bootstrap intervals, weighted to the corpus by the inverse
sampling fractions, Horvitz & Thompson 1952), and corrects the voice shares of each outlet for
the measured misclassification with the matrix method: the Rogan & Gladen (1978) estimator
generalised to K classes (Buonaccorsi 2010, *Measurement Error*, ch. 3; the "adjusted classify
and count" of Forman 2008; the identity P(S) = P(S|D) P(D) of Hopkins & King 2010), see
:func:`correct_shares`. Figures are in :mod:`analysis.validate_plots`.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import re
import shutil
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import REPORTS_DIR
from analysis.resources import resolve

VOICE_CLASSES = ("quoted", "scare_quoted", "reported", "narrator")
#: Columns of :func:`find_occurrences`.
OCCURRENCE_COLUMNS = ["doc_id", "outlet", "location", "paragraph", "start", "end", "term", "text",
                      "previous_paragraph", "headline", "voice", "distancing", "speaker"]
#: Columns of a coding sheet, in order (the codes are the last four).
SHEET_COLUMNS = ["coder", "item", "unit_id", "location", "term", "context", "previous_paragraph",
                 "headline", "voice", "distancing", "speaker", "note"]
_TEXT_COLUMNS = ("term", "context", "previous_paragraph", "headline")
_MARK_OPEN, _MARK_CLOSE = "[[", "]]"


# -- the codebook ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variable:
    """One coded variable: ``kind`` nominal (``codes``: code -> (label, definition)) or text."""

    name: str
    kind: str
    question: str
    codes: dict
    default: str = ""
    required_when: tuple = ()
    empty_when: tuple = ()

    def normalise(self, value: str) -> str | None:
        """The code a written value stands for ('' if empty, None if outside the codebook).

        >>> load_codebook().variables["voice"].normalise(" Scare-quoted ")
        'scare_quoted'
        """
        text = " ".join(str(value).split())
        if not text or self.kind != "nominal":
            return text
        folded = text.casefold()
        for code, (label, _) in self.codes.items():
            if folded in (code.casefold(), label.casefold(), code.casefold().replace("_", " "),
                          code.casefold().replace("_", "-")):
                return code
        return None


@dataclass(frozen=True)
class Codebook:
    """The variables of ``data/codebook.md`` (or your copy) and the file they came from."""

    variables: dict
    path: Path

    @property
    def names(self) -> list[str]:
        return list(self.variables)


_VARIABLE_RE = re.compile(r"^## Variable:\s*(\w+)\s*$")
_FIELD_RE = re.compile(r"^- (kind|question|default|required when|empty when):\s*(.*)$")


def load_codebook(path: str | Path = "codebook.md") -> Codebook:
    """Read the variables, their codes and rules from the Markdown codebook.

    Each ``## Variable: NAME`` section gives ``- kind:`` (nominal or text), ``- question:``,
    optionally ``- default:``, ``- required when:`` / ``- empty when:`` (voice codes), and a
    table whose first column is the code, the second its label, the third its definition.

    >>> book = load_codebook()
    >>> book.names, list(book.variables["voice"].codes)
    (['voice', 'distancing', 'speaker'], ['quoted', 'scare_quoted', 'reported', 'narrator'])
    """
    path = resolve(path)
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _VARIABLE_RE.match(line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif line.startswith("## "):
            current = None
        elif current is not None:
            current.append(line)
    if "voice" not in sections:
        raise ValueError(f"{path}: no '## Variable: voice' section; the codebook needs at least the voice variable.")
    return Codebook({name: _parse_variable(name, lines, path) for name, lines in sections.items()}, path)


def _parse_variable(name: str, lines: list[str], path: Path) -> Variable:
    fields = {m.group(1): m.group(2).strip() for m in map(_FIELD_RE.match, lines) if m}
    kind = fields.get("kind", "")
    if kind not in ("nominal", "text"):
        raise ValueError(f"{path}: variable {name!r} needs '- kind: nominal' or '- kind: text', not {kind!r}.")
    codes = {}
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) >= 3 and cells[0] not in ("code", "") and not set(cells[0]) <= set("-: "):
            codes[cells[0].strip("`")] = (cells[1], cells[2])
    if kind == "nominal" and len(codes) < 2:
        raise ValueError(f"{path}: nominal variable {name!r} needs a table of at least two codes.")

    def split(key):
        return tuple(v.strip() for v in fields.get(key, "").split(",") if v.strip())

    return Variable(name, kind, fields.get("question", ""), codes, fields.get("default", ""),
                    split("required when"), split("empty when"))


# -- occurrences and the sample --------------------------------------------------------------------
def find_occurrences(corpus: pd.DataFrame, pattern: str, *, regex: bool = False,
                     case_sensitive: bool = False) -> pd.DataFrame:
    """Every occurrence of ``pattern`` with its machine labels and the text a coder needs.

    Returns :data:`OCCURRENCE_COLUMNS`: the :func:`analysis.framing.concordance` columns, the
    matched ``term``, the whole unit ``text`` (headline, caption or paragraph), the
    ``previous_paragraph`` (body only) and the article's ``headline``.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["VOA"], "title": ["Surat"], "captions": [[]],
    ...     "paragraphs": [["Kim menulis surat.", 'Dia berharap Putin menang atas "imperialis".']]})
    >>> find_occurrences(docs, "imperialis*")[["term", "voice", "previous_paragraph"]].values.tolist()
    [['imperialis', 'quoted', 'Kim menulis surat.']]
    """
    from analysis.framing import concordance

    kwic = concordance(corpus, pattern, window=0, regex=regex, case_sensitive=case_sensitive)
    return _with_text(corpus, kwic)


def _with_text(corpus: pd.DataFrame, kwic: pd.DataFrame) -> pd.DataFrame:
    docs = corpus.set_index("doc_id")[["title", "captions", "paragraphs"]].to_dict("index")
    rows = []
    for r in kwic.itertuples(index=False):
        doc = docs[r.doc_id]
        units = {"headline": [doc["title"]], "caption": list(doc["captions"]), "body": list(doc["paragraphs"])}
        text = units[r.location][r.paragraph]
        previous = units["body"][r.paragraph - 1] if r.location == "body" and r.paragraph > 0 else ""
        rows.append([r.doc_id, r.outlet, r.location, int(r.paragraph), int(r.start), int(r.end),
                     text[r.start:r.end], text, previous, doc["title"] or "", r.voice, bool(r.distancing),
                     r.speaker])
    return pd.DataFrame(rows, columns=OCCURRENCE_COLUMNS)


def locate_gold(corpus: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The hand-labelled occurrences of ``gold`` (``tests/data/framing_gold.csv`` layout) as occurrences.

    Returns :func:`find_occurrences` columns plus ``gold_voice``, ``gold_distancing`` (yes/no)
    and ``gold_speaker``, for the gold rows found exactly once (as in
    :func:`analysis.framing.evaluate_voices`).
    """
    from analysis.framing import find_matches

    gold_columns = ["gold_voice", "gold_distancing", "gold_speaker"]
    docs = {doc_id: rows for doc_id, rows in corpus.groupby("doc_id", sort=False)}
    found = []
    for case in gold.to_dict("records"):
        hits = []
        matches = find_matches(docs[case["doc_id"]], re.escape(case["match"]), regex=True, case_sensitive=True) \
            if case["doc_id"] in docs else ()
        for unit, start, end, label in matches:
            left = " ".join(unit.text[:start].split()) + (" " if start and unit.text[start - 1].isspace() else "")
            if unit.location == case["location"] and left.endswith(case["left_context"]):
                hits.append({"doc_id": unit.doc_id, "outlet": unit.outlet, "location": unit.location,
                             "paragraph": unit.paragraph, "start": start, "end": end, "voice": label.voice,
                             "distancing": label.distancing, "speaker": label.speaker,
                             "gold_voice": case["voice"], "gold_speaker": case["speaker"],
                             "gold_distancing": "yes" if str(case["distancing"]).lower() == "true" else "no"})
        if len(hits) == 1:
            found.append(hits[0])
    if not found:
        return pd.DataFrame(columns=[*OCCURRENCE_COLUMNS, *gold_columns])
    kwic = pd.DataFrame(found)
    return _with_text(corpus, kwic).assign(**{c: kwic[c].to_numpy() for c in gold_columns})


def gold_truth(sample: "ValidationSample") -> pd.DataFrame:
    """The hand labels of a sample drawn from :func:`locate_gold` (``unit_id``, ``voice``,
    ``distancing``, ``speaker``), e.g. for :func:`simulate_coding`."""
    names = {"gold_voice": "voice", "gold_distancing": "distancing", "gold_speaker": "speaker"}
    return sample.units[["unit_id", *names]].rename(columns=names)


def allocate(sizes: pd.Series, size: int, *, min_per_stratum: int = 2) -> pd.Series:
    """How many units to draw from each stratum.

    Every stratum gets ``min(N_h, min_per_stratum)`` first (so rare voices are seen), the rest
    of ``size`` is shared in proportion to what each stratum has left (largest-remainder
    rounding, ties to the first stratum). If ``size`` is at least the total, every unit is taken;
    if it cannot cover the minimum, it is shared in proportion to the minimums.

    >>> allocate(pd.Series({"narrator": 90, "quoted": 8, "scare_quoted": 2}), 20).tolist()
    [15, 3, 2]
    """
    counts = sizes.astype(int)
    if size < 0:
        raise ValueError(f"The sample size must be 0 or more, not {size}.")
    if size >= counts.sum():
        return counts.copy()
    base = np.minimum(counts, max(min_per_stratum, 0))
    if base.sum() >= size:
        return _largest_remainder(base, size)
    return base + _largest_remainder(counts - base, size - int(base.sum()))


def _largest_remainder(weights: pd.Series, total: int) -> pd.Series:
    if total == 0 or weights.sum() == 0:
        return weights * 0
    quotas = weights.to_numpy(dtype=float) * total / weights.sum()
    out = np.floor(quotas).astype(int)
    order = np.argsort(-(quotas - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return pd.Series(out, index=weights.index)


@dataclass
class ValidationSample:
    """A drawn sample: ``units`` (one row per sampled occurrence, with its machine labels and
    sampling weight) and ``strata`` (``outlet``, ``voice``, ``N`` occurrences in the corpus,
    ``n`` sampled, ``weight`` = N / n), plus the term and seed it was drawn with."""

    units: pd.DataFrame
    strata: pd.DataFrame
    term: str = ""
    random_state: int = 0

    def save(self, folder: str | Path) -> list[Path]:
        """Write ``sample.csv`` (the key: keep it from the coders) and ``strata.csv``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        key, strata = folder / "sample.csv", folder / "strata.csv"
        self.units.assign(term_pattern=self.term, random_state=self.random_state).to_csv(
            key, index=False, encoding="utf-8", lineterminator="\n")
        self.strata.to_csv(strata, index=False, encoding="utf-8", lineterminator="\n")
        return [key, strata]

    @classmethod
    def load(cls, folder: str | Path) -> "ValidationSample":
        """Read a sample written by :meth:`save` (FileNotFoundError naming the missing file)."""
        folder = Path(folder)
        for name in ("sample.csv", "strata.csv"):
            if not (folder / name).exists():
                raise FileNotFoundError(f"{folder / name} does not exist: pass the folder that "
                                        "`python -m analysis validate sample` wrote.")
        units = pd.read_csv(folder / "sample.csv", dtype={"machine_speaker": str, "doc_id": str},
                            keep_default_na=False)
        strata = pd.read_csv(folder / "strata.csv", keep_default_na=False)
        term = str(units["term_pattern"].iloc[0]) if len(units) else ""
        seed = int(units["random_state"].iloc[0]) if len(units) else 0
        units = units.drop(columns=["term_pattern", "random_state"])
        units["machine_distancing"] = units["machine_distancing"].astype(str)
        return cls(units, strata, term, seed)


def draw_sample(occurrences: pd.DataFrame, *, size: int = 200, random_state: int = 0,
                min_per_stratum: int = 2, term: str = "") -> ValidationSample:
    """Draw a stratified random sample of occurrences (strata: outlet x machine voice).

    Sizes per stratum follow :func:`allocate`; within a stratum units are drawn without
    replacement with ``numpy.random.default_rng(random_state)``, strata taken in sorted order,
    so the same corpus and seed give the same sample. Units are numbered ``u0001``, ... in
    corpus order, which reveals nothing about their labels.

    Returns
    -------
    ValidationSample
        ``units`` has ``unit_id``, the occurrence columns with the labels renamed
        ``machine_voice``, ``machine_distancing`` (yes/no), ``machine_speaker``, and
        ``stratum_N``, ``stratum_n``, ``weight``; ``strata`` states the sizes.
    """
    occ = occurrences.reset_index(drop=True)
    if occ.empty:
        units = occ.rename(columns={"voice": "machine_voice", "distancing": "machine_distancing",
                                    "speaker": "machine_speaker"})
        units = units.reindex(columns=["unit_id", *units.columns, "stratum_N", "stratum_n", "weight"])
        return ValidationSample(units, pd.DataFrame(columns=["outlet", "voice", "N", "n", "weight"]), term,
                                random_state)
    sizes = occ.groupby(["outlet", "voice"]).size().sort_index()
    take = allocate(sizes, size, min_per_stratum=min_per_stratum)
    rng = np.random.default_rng(random_state)
    chosen = []
    members = occ.groupby(["outlet", "voice"], sort=True).indices  # stratum -> row positions, in order
    for key, n in take.items():
        rows = members[key]
        chosen.extend(rows[np.sort(rng.choice(len(rows), size=int(n), replace=False))])
    strata = pd.DataFrame({"outlet": [k[0] for k in sizes.index], "voice": [k[1] for k in sizes.index],
                           "N": sizes.to_numpy(dtype=int), "n": np.asarray(take, dtype=int)})
    strata["weight"] = strata["N"] / strata["n"].where(strata["n"] > 0)
    units = occ.loc[sorted(chosen)].reset_index(drop=True)
    units = units.rename(columns={"voice": "machine_voice", "distancing": "machine_distancing",
                                  "speaker": "machine_speaker"})
    units["machine_distancing"] = np.where(units["machine_distancing"].astype(bool), "yes", "no")
    units.insert(0, "unit_id", [f"u{i:04d}" for i in range(1, len(units) + 1)])
    merged = units.merge(strata.rename(columns={"voice": "machine_voice", "N": "stratum_N", "n": "stratum_n"}),
                         on=["outlet", "machine_voice"], how="left")
    return ValidationSample(merged, strata, term, random_state)


# -- coding sheets -----------------------------------------------------------------------------------
def _coder_seed(coder: str) -> int:
    return zlib.crc32(coder.encode("utf-8"))


def coding_sheet(sample: ValidationSample, coder: str, *, random_state: int = 0,
                 codebook: Codebook | None = None) -> pd.DataFrame:
    """One coder's blank sheet: the sample in a random order of the coder's own, labels hidden.

    The order is a permutation from ``default_rng([random_state, crc32(coder)])``: the same
    coder always gets the same order, two coders different ones. ``context`` is the unit text
    with the term marked ``[[like this]]``; the codes are empty except ``distancing``, which
    starts at the codebook default.
    """
    codebook = codebook or load_codebook()
    units = sample.units
    order = np.random.default_rng([random_state, _coder_seed(coder)]).permutation(len(units))
    rows = units.iloc[order]
    sheet = pd.DataFrame({
        "coder": coder,
        "item": np.arange(1, len(rows) + 1),
        "unit_id": rows["unit_id"].to_numpy(),
        "location": rows["location"].to_numpy(),
        "term": rows["term"].to_numpy(),
        "context": [t[:s] + _MARK_OPEN + t[s:e] + _MARK_CLOSE + t[e:]
                    for t, s, e in zip(rows["text"], rows["start"], rows["end"])],
        "previous_paragraph": rows["previous_paragraph"].to_numpy(),
        "headline": rows["headline"].to_numpy(),
    })
    for name in ("voice", "distancing", "speaker", "note"):
        variable = codebook.variables.get(name)
        sheet[name] = variable.default if variable else ""
    return sheet[SHEET_COLUMNS]


def write_sheet_csv(sheet: pd.DataFrame, path: str | Path) -> Path:
    """Write a sheet as CSV for spreadsheets: UTF-8 with BOM, comma-separated, CRLF line ends.

    A text cell that starts with ``= + - @`` gets a leading apostrophe, so a spreadsheet shows
    it as text instead of running it as a formula.
    """
    safe = sheet.copy()
    for column in _TEXT_COLUMNS:
        if column in safe:
            safe[column] = [("'" + v) if str(v)[:1] in ("=", "+", "-", "@") else v for v in safe[column]]
    path = Path(path)
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return path


def write_coding_sheets(sample: ValidationSample, coders: list[str], folder: str | Path, *,
                        random_state: int = 0, codebook: Codebook | None = None) -> list[Path]:
    """Write the sample key, the codebook and, per coder, ``sheets/coding_<coder>.csv`` and ``.html``.

    ``folder/sample.csv`` and ``strata.csv`` are the key (machine labels, weights): keep them
    from the coders. Give each coder their two sheet files and ``codebook.md``.
    """
    codebook = codebook or load_codebook()
    names = [str(c).strip() for c in coders]
    bad = [c for c in names if not re.fullmatch(r"[\w.-]+", c)]
    if bad or len(set(names)) != len(names) or len(names) < 2:
        raise ValueError(f"Coder names must be at least two different words of letters, digits, '_', '-' "
                         f"or '.', e.g. ['ana', 'budi']; got {coders!r}.")
    folder = Path(folder)
    written = sample.save(folder)
    sheets = folder / "sheets"
    sheets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(codebook.path, sheets / "codebook.md")
    written.append(sheets / "codebook.md")
    for coder in names:
        sheet = coding_sheet(sample, coder, random_state=random_state, codebook=codebook)
        written.append(write_sheet_csv(sheet, sheets / f"coding_{coder}.csv"))
        page = sheets / f"coding_{coder}.html"
        page.write_text(sheet_html(sheet, coder=coder, codebook=codebook, term=sample.term), encoding="utf-8")
        written.append(page)
    return written


def sheet_html(sheet: pd.DataFrame, *, coder: str, codebook: Codebook, term: str = "") -> str:
    """A self-contained HTML coding page (inline CSS and JavaScript, no network).

    It shows one occurrence at a time in its paragraph, the term highlighted, with the previous
    paragraph and the headline; the codes are buttons (keys 1-4 for voice), the speaker a text
    field with the known names offered. Codes are kept in the browser as you go (localStorage)
    and saved with "Download CSV" as ``coding_<coder>.csv`` in the sheet's CSV layout.
    """
    items = []
    for r in sheet.itertuples(index=False):
        start = r.context.find(_MARK_OPEN)
        end = r.context.find(_MARK_CLOSE, start)
        items.append({"item": int(r.item), "unit_id": r.unit_id, "location": r.location,
                      "left": r.context[:start], "term": r.context[start + 2:end], "right": r.context[end + 2:],
                      "previous": r.previous_paragraph, "headline": r.headline,
                      "voice": r.voice, "distancing": r.distancing, "speaker": r.speaker, "note": r.note})
    variables = {name: {"kind": v.kind, "question": v.question, "default": v.default,
                        "codes": [[c, label, definition] for c, (label, definition) in v.codes.items()],
                        "required_when": list(v.required_when), "empty_when": list(v.empty_when)}
                 for name, v in codebook.variables.items()}
    payload = {"coder": coder, "term": term, "columns": SHEET_COLUMNS, "items": items,
               "variables": variables, "speakers": known_speakers(),
               "key": f"indo-news-framing-coding:{coder}:{zlib.crc32(json.dumps(items).encode()):08x}"}
    data = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    return (_HTML_TEMPLATE.replace("__TITLE__", html.escape(f"Coding sheet: {coder}"))
            .replace("__DATA__", data))


def known_speakers() -> list[str]:
    """Canonical speaker names of ``data/speakers.csv`` and ``data/news_sources.csv``, and ``unknown``."""
    return sorted({*_speaker_aliases().values()} - {""}) + ["unknown"]


@lru_cache(maxsize=1)
def _speaker_aliases() -> dict[str, str]:
    """Folded alias -> canonical speaker ('' for pronouns); cached, do not modify."""
    from analysis.quotes import read_news_sources
    from analysis.resources import read_table

    aliases = {}
    for r in read_table("speakers.csv").itertuples(index=False):
        aliases[_fold(r.alias)] = r.speaker if r.kind != "pronoun" else ""
    for r in read_news_sources().itertuples(index=False):
        aliases.setdefault(_fold(r.variant), r.source)
        aliases.setdefault(_fold(r.source), r.source)
    for speaker in list(aliases.values()):
        if speaker:
            aliases.setdefault(_fold(speaker), speaker)
    return aliases


def _fold(name: str) -> str:
    return " ".join(re.split(r"[\s\-]+", str(name).strip())).casefold()


def normalise_speaker(value: str, aliases: dict[str, str] | None = None) -> tuple[str, str]:
    """``(speaker, problem)``: names mapped to the speaker list, several sorted and joined by ``"; "``.

    >>> normalise_speaker("Kim Jong-un; washington")
    ('Kim Jong Un; US government', '')
    >>> normalise_speaker("dia")[1]
    "'dia' is a pronoun: write the person it refers to"
    """
    aliases = _speaker_aliases() if aliases is None else aliases
    names, problems = [], []
    for part in str(value).split(";"):
        part = " ".join(part.split())
        if not part:
            continue
        canonical = aliases.get(_fold(part), part)
        if canonical == "":
            problems.append(f"{part!r} is a pronoun: write the person it refers to")
            continue
        names.append("unknown" if canonical.casefold() == "unknown" else canonical)
    joined = "; ".join(sorted(dict.fromkeys(names), key=str.casefold))
    return joined, "; ".join(problems)


# -- reading coded sheets -----------------------------------------------------------------------------
#: Columns of the problems table of :func:`read_coded_sheets`.
PROBLEM_COLUMNS = ["file", "row", "unit_id", "problem"]


@dataclass
class Coding:
    """Coded sheets read back: ``codes`` (one row per unit, coder and variable: ``unit_id``,
    ``coder``, ``variable``, ``value``) and ``problems`` (``file``, ``row`` as a spreadsheet
    shows it, header = row 1, ``unit_id``, ``problem``), plus the sheet each coder came from."""

    codes: pd.DataFrame
    problems: pd.DataFrame
    files: dict = field(default_factory=dict)

    @property
    def coders(self) -> list[str]:
        return list(self.files)


def read_sheet(path: str | Path, *, codebook: Codebook | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Read one coded sheet (CSV, comma, semicolon or tab separated; UTF-8 with or without BOM).

    Returns the rows (``row``, ``coder``, ``unit_id`` and one normalised column per codebook
    variable, None where a value is outside the codebook, '' where empty, plus ``note``) and
    a list of problems (dicts with :data:`PROBLEM_COLUMNS`). Never raises on bad content.
    """
    codebook = codebook or load_codebook()
    path = Path(path)
    problems: list[dict] = []

    def problem(row, unit, text):
        problems.append({"file": path.name, "row": row, "unit_id": unit, "problem": text})

    empty = pd.DataFrame(columns=["row", "coder", "unit_id", *codebook.names, "note"])
    if path.suffix.lower() in (".xlsx", ".xls", ".ods", ".numbers"):
        problem("", "", "is a spreadsheet file, not CSV: save it as 'CSV UTF-8' and score the .csv file")
        return empty, problems
    text = _decode(path, problem)
    if text is None:
        return empty, problems
    first = text.split("\n", 1)[0]
    sep = max([",", ";", "\t"], key=first.count)
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        problem("", "", f"is not a readable CSV table ({str(error).strip()}); re-save it as CSV UTF-8")
        return empty, problems
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in ("unit_id", *codebook.names) if c not in table.columns]
    if missing:
        problem(1, "", f"lacks the column(s) {', '.join(missing)}; keep the header row of the sheet as written")
        return empty, problems
    coders = [c for c in table.get("coder", pd.Series(dtype=str)).str.strip() if c]
    coder = coders[0] if coders else re.sub(r"^coding_", "", path.stem)
    rows = []
    for i, record in enumerate(table.to_dict("records")):
        rows.append(_read_row(record, i + 2, coder, codebook, lambda r, u, t: problem(r, u, t)))
    return pd.DataFrame(rows, columns=empty.columns), problems


def _decode(path: Path, problem) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem("", "", f"cannot be read ({error.strerror}); check the path")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problem("", "", "is not UTF-8; read as Windows-1252 (save as 'CSV UTF-8' next time)")
        return raw.decode("cp1252", errors="replace")


def _read_row(record: dict, row: int, coder: str, codebook: Codebook, problem) -> dict:
    unit = str(record.get("unit_id", "")).strip()
    out = {"row": row, "coder": coder, "unit_id": unit, "note": str(record.get("note", "")).strip()}
    for name, variable in codebook.variables.items():
        raw = str(record.get(name, ""))
        if variable.kind == "nominal":
            value = variable.normalise(raw)
            if value is None:
                allowed = ", ".join(variable.codes)
                problem(row, unit, f"{name} {raw.strip()!r} is not in the codebook ({allowed})")
        else:
            value = " ".join(raw.split())
        out[name] = value
    voice = out.get("voice")
    for name, variable in codebook.variables.items():
        if variable.kind != "text" or not voice:
            continue
        if voice in variable.empty_when and out[name]:
            problem(row, unit, f"{name} {out[name]!r} given for a {voice} occurrence; the codebook leaves it "
                               "empty (ignored)")
            out[name] = ""
        elif voice in variable.required_when:
            if not out[name]:
                problem(row, unit, f"{name} is empty for a {voice} occurrence; write a name or 'unknown'")
                out[name] = None
            elif name == "speaker":
                out[name], trouble = normalise_speaker(out[name])
                if trouble:
                    problem(row, unit, f"{name}: {trouble}")
                    out[name] = out[name] or None
    return out


def read_coded_sheets(paths, sample: ValidationSample, *, codebook: Codebook | None = None) -> Coding:
    """Read every coded sheet and check it against the sample.

    ``paths`` is a folder (its ``*.csv`` files) or a list of files. Reported as problems:
    unreadable files and missing columns; codes outside the codebook; speakers given where the
    codebook leaves them empty, or missing where it requires one; unit ids not in the sample;
    a unit coded twice by one coder (the first row is kept); two sheets of one coder (the one
    with more codes is kept); units a coder left without a voice (one line per sheet).
    """
    codebook = codebook or load_codebook()
    files = _sheet_files(paths)
    problems: list[dict] = []
    by_coder: dict[str, tuple[Path, pd.DataFrame]] = {}
    for path in files:
        rows, trouble = read_sheet(path, codebook=codebook)
        problems += trouble
        if rows.empty and trouble:
            continue
        coder = rows["coder"].iloc[0] if len(rows) else re.sub(r"^coding_", "", path.stem)
        if coder in by_coder:
            other_path, other = by_coder[coder]
            keep_new = rows["voice"].map(_filled).sum() > other["voice"].map(_filled).sum()
            kept, dropped = (path, other_path) if keep_new else (other_path, path)
            problems.append({"file": dropped.name, "row": "", "unit_id": "",
                             "problem": f"is a second sheet of coder {coder!r} (besides {kept.name}); "
                                        f"not used: remove one of the two"})
            if not keep_new:
                continue
        by_coder[coder] = (path, rows)
    codes = [_check_units(path, rows, sample, codebook, problems) for path, rows in by_coder.values()]
    table = pd.concat(codes, ignore_index=True) if codes else pd.DataFrame(columns=["unit_id", "coder", "variable", "value"])
    return Coding(table, pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
                  {coder: path for coder, (path, _) in by_coder.items()})


def _filled(value) -> bool:
    """A code was given and is in the codebook (None or NaN mark codes outside it)."""
    return isinstance(value, str) and value != ""


def _sheet_files(paths) -> list[Path]:
    if isinstance(paths, (str, Path)):
        folder = Path(paths)
        if not folder.exists():
            raise FileNotFoundError(f"{folder} does not exist: pass the folder of coded sheets or a list of files.")
        return sorted(folder.glob("*.csv")) if folder.is_dir() else [folder]
    return [Path(p) for p in paths]


def _check_units(path: Path, rows: pd.DataFrame, sample: ValidationSample, codebook: Codebook,
                 problems: list) -> pd.DataFrame:
    known = set(sample.units["unit_id"])
    seen: set[str] = set()
    keep = []
    for record in rows.to_dict("records"):
        unit = record["unit_id"]
        if unit not in known:
            problems.append({"file": path.name, "row": record["row"], "unit_id": unit,
                             "problem": f"unit id {unit!r} is not in the sample; was the row edited?"})
        elif unit in seen:
            problems.append({"file": path.name, "row": record["row"], "unit_id": unit,
                             "problem": f"unit {unit} appears again; the first row is used"})
        else:
            seen.add(unit)
            keep.append(record)
    coded = {r["unit_id"] for r in keep if _filled(r["voice"])}
    uncoded = [u for u in sample.units["unit_id"] if u not in coded]
    coder = rows["coder"].iloc[0] if len(rows) else path.stem
    if uncoded and coder != ADJUDICATOR:  # an adjudicator codes only the disagreements
        shown = ", ".join(uncoded[:5]) + (", ..." if len(uncoded) > 5 else "")
        problems.append({"file": path.name, "row": "", "unit_id": "",
                         "problem": f"{len(uncoded)} of {len(known)} units have no voice code ({shown}); "
                                    "they count as missing"})
    long = [{"unit_id": r["unit_id"], "coder": coder, "variable": name, "value": r[name]}
            for r in keep for name in codebook.names
            if isinstance(r[name], str) and (r[name] != "" or (name != "voice" and _filled(r["voice"])))]
    return pd.DataFrame(long, columns=["unit_id", "coder", "variable", "value"])


# -- reliability ---------------------------------------------------------------------------------------
def krippendorff_alpha(table: pd.DataFrame, *, level: str = "nominal") -> float:
    """Krippendorff's alpha of a units x coders table (NaN or None = not coded).

    alpha = 1 - D_o / D_e, the observed over the expected disagreement of the pairable values
    (Krippendorff 2011), computed by the ``krippendorff`` package. Nominal values may be any
    labels; for ``interval`` and other metric levels they must be numbers. Returns NaN when
    alpha is undefined (no unit coded twice, or one value only).

    >>> t = pd.DataFrame({"a": ["quoted", "narrator", "quoted"], "b": ["quoted", "narrator", "reported"]})
    >>> round(krippendorff_alpha(t), 3)  # 1 - (6 - 1) * 2 / (2 * (3*2 + 3*1 + 2*1)) = 1 - 10/22
    0.545
    """
    import krippendorff

    values = table.to_numpy(dtype=object).T
    present = pd.notna(values)
    if level == "nominal":
        labels = sorted({str(v) for v in values[present]})
        lookup = {v: i for i, v in enumerate(labels)}
        data = np.full(values.shape, np.nan)
        data[present] = [lookup[str(v)] for v in values[present]]
    else:
        data = np.where(present, values, np.nan).astype(float)
    if len(np.unique(data[~np.isnan(data)])) < 2 or not ((~np.isnan(data)).sum(axis=0) >= 2).any():
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def _value_counts(table: pd.DataFrame) -> np.ndarray:
    """Units x values count matrix (the input form the bootstrap resamples)."""
    stacked = table.stack()
    stacked = stacked[stacked.notna()].astype(str)  # some pandas versions keep missing cells
    codes, labels = pd.factorize(stacked)
    counts = np.zeros((len(table), max(len(labels), 1)))
    rows = table.index.get_indexer(stacked.index.get_level_values(0))
    np.add.at(counts, (rows, codes), 1)
    return counts


def alpha_interval(table: pd.DataFrame, *, n_boot: int = 1000, random_state: int = 0,
                   confidence: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of nominal alpha, resampling units with replacement.

    A simpler scheme than Hayes & Krippendorff's (2007) resampling of coincidences. Each
    replicate sums the units' coincidence matrices o_u[c, k] = n_uc (n_uk - [c = k]) / (m_u - 1)
    (Krippendorff 2011) and takes alpha = 1 - (n - 1) sum_{c != k} o_ck / sum_{c != k} n_c n_k;
    on the full table this equals :func:`krippendorff_alpha` (tested). Replicates where alpha is
    undefined are skipped; (NaN, NaN) if fewer than 10 are defined.
    """
    counts = _value_counts(table)
    counts = counts[counts.sum(axis=1) >= 2]
    if len(counts) < 2 or counts.shape[1] < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(random_state)
    multiplicity = np.stack([np.bincount(draw, minlength=len(counts))
                             for draw in rng.integers(0, len(counts), size=(n_boot, len(counts)))])
    draws = _alpha_from_coincidences(multiplicity @ _unit_coincidences(counts))
    tail = 100 * (1 - confidence) / 2
    return _percentiles(draws, tail)


def _unit_coincidences(counts: np.ndarray) -> np.ndarray:
    """Each unit's coincidence matrix, flattened (units x values^2)."""
    pairs = counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(counts.shape[1])
    return (pairs / (counts.sum(axis=1) - 1)[:, None, None]).reshape(len(counts), -1)


def _alpha_from_coincidences(flat: np.ndarray) -> np.ndarray:
    """Nominal alpha of coincidence matrices (rows of ``flat``, each values^2 long)."""
    v = int(round(np.sqrt(flat.shape[1])))
    o = flat.reshape(-1, v, v)
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    off = 1 - np.eye(v)
    observed = (o * off).sum(axis=(1, 2))
    expected = (n_c[:, :, None] * n_c[:, None, :] * off).sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * observed / expected, np.nan)


def reliability(coding: Coding, *, codebook: Codebook | None = None, n_boot: int = 1000,
                random_state: int = 0, confidence: float = 0.95) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per variable, with a bootstrap interval over units.

    Speaker agreement is measured on the units every coder of the unit attributes to someone
    (voice in the codebook's ``required when``), so it is not inflated by agreeing that
    narrator text has no speaker. Adjudication sheets (coder ``adjudicator``) are left out.

    Returns ``variable``, ``alpha``, ``ci_low``, ``ci_high``, ``units`` (coded by two or more),
    ``coders``, ``agreement`` (share of those units on which all coders agree).
    """
    codebook = codebook or load_codebook()
    codes = coding.codes[coding.codes["coder"] != ADJUDICATOR]
    rows = []
    for name, variable in codebook.variables.items():
        table = codes[codes["variable"] == name].pivot(index="unit_id", columns="coder", values="value")
        if variable.required_when and not table.empty:
            voices = codes[codes["variable"] == "voice"].pivot(index="unit_id", columns="coder", values="value")
            attributed = voices.isin(list(variable.required_when)) | voices.isna()
            table = table[table.index.isin(voices.index[attributed.all(axis=1)])]
        table = table.replace("", "(none)")
        pairable = table[table.notna().sum(axis=1) >= 2]
        low, high = alpha_interval(pairable, n_boot=n_boot, random_state=random_state, confidence=confidence)
        agree = pairable.apply(lambda r: r.dropna().nunique() == 1, axis=1).mean() if len(pairable) else np.nan
        rows.append({"variable": name, "alpha": krippendorff_alpha(pairable), "ci_low": low, "ci_high": high,
                     "units": len(pairable), "coders": int(table.shape[1]), "agreement": agree})
    return pd.DataFrame(rows)


# -- consensus, accuracy and correction --------------------------------------------------------------
#: Coder name of an adjudication sheet: its codes settle disagreements and are not in alpha.
ADJUDICATOR = "adjudicator"


def consensus(coding: Coding, *, codebook: Codebook | None = None) -> pd.DataFrame:
    """The coders' consensus per unit and variable: the value more coders chose than any other.

    Ties (e.g. two coders who disagree) stay empty (NaN) unless an adjudication sheet (coder
    ``adjudicator``) gives the value; a speaker is '' when the consensus voice has none.
    Returns one row per unit (``unit_id``, one column per variable, ``coders``).
    """
    codebook = codebook or load_codebook()
    codes = coding.codes
    human = codes[codes["coder"] != ADJUDICATOR]
    units = sorted(set(codes["unit_id"]))
    out = pd.DataFrame({"unit_id": units}).set_index("unit_id")
    for name in codebook.names:
        out[name] = _plurality(human[human["variable"] == name]).reindex(out.index)
        decided = codes[(codes["coder"] == ADJUDICATOR) & (codes["variable"] == name)].set_index("unit_id")["value"]
        out.loc[decided.index.intersection(out.index), name] = decided
    for name, variable in codebook.variables.items():
        if variable.empty_when and "voice" in out:
            out.loc[out["voice"].isin(list(variable.empty_when)), name] = ""
    out["coders"] = human.drop_duplicates(["unit_id", "coder"]).groupby("unit_id").size().reindex(out.index).fillna(0)
    return out.reset_index()


def _plurality(codes: pd.DataFrame) -> pd.Series:
    """Per unit, the value (compared case-insensitively) chosen by most coders; NaN on a tie."""
    if codes.empty:
        return pd.Series(dtype=object)
    keyed = codes.assign(key=codes["value"].astype(str).str.casefold())
    tally = keyed.groupby(["unit_id", "key"], sort=False).agg(n=("value", "size"), value=("value", "first"))
    tally = tally.reset_index().sort_values(["unit_id", "n"], ascending=[True, False], kind="stable")
    top = tally.drop_duplicates("unit_id").set_index("unit_id")
    runner_up = tally[tally.duplicated("unit_id")].drop_duplicates("unit_id").set_index("unit_id")["n"]
    tied = top["n"].to_numpy() == runner_up.reindex(top.index).to_numpy()
    return top["value"].mask(tied)


def _aligned(sample: ValidationSample, agreed: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Sampled units with a consensus on ``variable``: truth, machine label, stratum, weight."""
    merged = sample.units.merge(agreed[["unit_id", variable]], on="unit_id", how="inner")
    merged = merged[merged[variable].notna()].copy()
    merged["truth"] = merged[variable].astype(str)
    merged["machine"] = merged[f"machine_{variable}"].astype(str)
    if variable == "speaker":  # several speakers in any order; case ignored
        for column in ("truth", "machine"):
            merged[column] = ["; ".join(sorted(n.strip().casefold() for n in s.split(";") if n.strip()))
                              for s in merged[column]]
    merged = merged.reset_index(drop=True)
    merged["stratum"] = merged.groupby(["outlet", "machine_voice"], sort=True).ngroup().to_numpy()
    used = np.bincount(merged["stratum"].to_numpy(), minlength=1)[merged["stratum"].to_numpy()]
    merged["weight"] = merged["stratum_N"].to_numpy(dtype=float) / used
    return merged


def _bootstrap_counts(strata: pd.Series, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Stratified bootstrap: how often each row is drawn in each replicate (n_boot x rows)."""
    counts = np.zeros((n_boot, len(strata)))
    codes = strata.to_numpy()
    for stratum in np.unique(codes):
        index = np.flatnonzero(codes == stratum)
        n = len(index)
        draws = rng.integers(0, n, size=(n_boot, n)) + (np.arange(n_boot) * n)[:, None]
        counts[:, index] = np.bincount(draws.ravel(), minlength=n_boot * n).reshape(n_boot, n)
    return counts


def _confusions(rows: pd.DataFrame, classes: list[str], counts: np.ndarray | None = None) -> np.ndarray:
    """Weighted confusion matrices C[truth, machine] (one per bootstrap replicate if ``counts``)."""
    k = len(classes)
    index = {c: i for i, c in enumerate(classes)}
    cell = rows["truth"].map(index).to_numpy() * k + rows["machine"].map(index).to_numpy()
    design = np.zeros((len(rows), k * k))
    design[np.arange(len(rows)), cell] = rows["weight"].to_numpy()
    multiplicity = np.ones((1, len(rows))) if counts is None else counts
    return (multiplicity @ design).reshape(-1, k, k)


def confusion_matrix(sample: ValidationSample, agreed: pd.DataFrame, *, variable: str = "voice",
                     classes: list[str] | None = None) -> pd.DataFrame:
    """Counts of sampled units by coder consensus (rows) and machine label (columns).

    Units without a consensus are left out. Rows and columns follow ``classes`` (default: the
    voice classes, or the values seen).
    """
    rows = _aligned(sample, agreed, variable)
    classes = classes or _classes(variable, rows)
    table = pd.crosstab(pd.Categorical(rows["truth"], classes), pd.Categorical(rows["machine"], classes),
                        dropna=False)
    table.index.name, table.columns.name = "coders", "machine"
    return table.reindex(index=classes, columns=classes, fill_value=0)


def _classes(variable: str, rows: pd.DataFrame) -> list[str]:
    if variable == "voice":
        return list(VOICE_CLASSES)
    if variable == "distancing":
        return ["no", "yes"]
    return sorted(set(rows["truth"]) | set(rows["machine"]))


def _metrics(conf: np.ndarray) -> np.ndarray:
    """Precision, recall, F1 per class from confusion matrices (..., truth, machine)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        hits = np.diagonal(conf, axis1=-2, axis2=-1)
        precision = hits / conf.sum(axis=-2)
        recall = hits / conf.sum(axis=-1)
        f1 = 2 * precision * recall / (precision + recall)
        f1 = np.where((precision == 0) & (recall == 0), 0.0, f1)
    return np.stack([precision, recall, f1], axis=-1)


def classification_metrics(sample: ValidationSample, agreed: pd.DataFrame, *, variable: str = "voice",
                           n_boot: int = 1000, random_state: int = 0, confidence: float = 0.95) -> pd.DataFrame:
    """Precision, recall and F1 of the machine against the coders' consensus, per class.

    Each unit counts with its sampling weight N_h / n_h (stratum h = outlet x machine voice),
    so the estimates describe the corpus, not the sample (Horvitz & Thompson 1952); intervals
    are percentile intervals of a bootstrap that resamples units within strata. precision_k =
    C_kk / sum_j C_jk and recall_k = C_kk / sum_j C_kj for the weighted confusion matrix
    C[truth, machine]; F1 = 2PR / (P + R). A row ``accuracy`` gives the weighted share correct.

    Returns ``variable``, ``class``, ``measure`` (precision, recall, f1, accuracy), ``estimate``,
    ``ci_low``, ``ci_high``, ``support`` (sampled units the coders put in the class).
    """
    rows = _aligned(sample, agreed, variable)
    columns = ["variable", "class", "measure", "estimate", "ci_low", "ci_high", "support"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    classes = _classes(variable, rows)
    point = _confusions(rows, classes)[0]
    draws = _confusions(rows, classes, _bootstrap_counts(rows["stratum"], n_boot, np.random.default_rng(random_state)))
    tail = 100 * (1 - confidence) / 2
    estimates, replicates = _metrics(point), _metrics(draws)
    support = rows["truth"].value_counts()
    out = []
    for i, cls in enumerate(classes if variable != "speaker" else []):
        for j, measure in enumerate(("precision", "recall", "f1")):
            low, high = _percentiles(replicates[:, i, j], tail)
            out.append([variable, cls, measure, estimates[i, j], low, high, int(support.get(cls, 0))])
    accuracy = np.trace(point) / point.sum()
    with np.errstate(invalid="ignore"):
        low, high = _percentiles(np.trace(draws, axis1=1, axis2=2) / draws.sum(axis=(1, 2)), tail)
    out.append([variable, "all", "accuracy", accuracy, low, high, len(rows)])
    return pd.DataFrame(out, columns=columns)


def _percentiles(values: np.ndarray, tail: float) -> tuple[float, float]:
    values = values[np.isfinite(values)]
    if len(values) < 10:
        return float("nan"), float("nan")
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def correct_shares(misclassification: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """True class shares from observed machine shares and the misclassification matrix.

    With M[k, j] = P(machine = k | true = j) and p the machine's shares, E[p] = M pi; the matrix
    method (Rogan & Gladen 1978 for two classes; Buonaccorsi 2010, ch. 3; "adjusted classify
    and count", Forman 2008) solves for pi. Here

        pi_hat = argmin_{pi >= 0, sum(pi) = 1} || M pi - p ||^2,

    which is M^-1 p whenever that is a proper distribution, and otherwise the nearest one
    (where the plain inverse would give negative shares, or M is singular). Solved by
    non-negative least squares with the sum constraint as a heavily weighted extra row.

    >>> M = np.array([[0.9, 0.2], [0.1, 0.8]])
    >>> correct_shares(M, M @ np.array([0.3, 0.7])).round(6).tolist()
    [0.3, 0.7]
    """
    from scipy.optimize import nnls

    m = np.asarray(misclassification, dtype=float)
    p = np.asarray(observed, dtype=float)
    big = 1e3
    solution, _ = nnls(np.vstack([m, big * np.ones(m.shape[1])]), np.append(p, big))
    total = solution.sum()
    return solution / total if total > 0 else np.full(m.shape[1], np.nan)


def _misclassification(conf: np.ndarray) -> np.ndarray:
    """M[k, j] = P(machine k | true j) from C[truth, machine]; a class never seen as true keeps e_j."""
    totals = conf.sum(axis=-1, keepdims=True)
    eye = np.broadcast_to(np.eye(conf.shape[-1]), conf.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        rows = np.where(totals > 0, conf / totals, eye)
    return np.swapaxes(rows, -1, -2)


def _correct_all(matrices: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """:func:`correct_shares` for R matrices x O outlets (R x O x K), solving directly where
    M^-1 p is already a proper distribution (columns of M sum to 1, so its shares sum to 1)."""
    out = np.full((len(matrices), len(observed), observed.shape[1]), np.nan)
    for r, m in enumerate(matrices):
        try:
            out[r] = np.linalg.solve(m, observed.T).T
        except np.linalg.LinAlgError:
            continue  # singular: every outlet goes to the constrained solution below
    bad = ~np.all(np.isfinite(out) & (out >= -1e-12), axis=2)
    for r, o in zip(*np.nonzero(bad)):
        out[r, o] = correct_shares(matrices[r], observed[o])
    return np.clip(out, 0, None)


def voice_shares(sample: ValidationSample, agreed: pd.DataFrame, *, n_boot: int = 1000,
                 random_state: int = 0, confidence: float = 0.95) -> pd.DataFrame:
    """Voice shares per outlet as the machine labels them, and corrected for its measured error.

    The machine's shares p_o of outlet o are exact (all its occurrences, from ``strata``); the
    misclassification matrix M is estimated from the validation sample, each unit weighted by
    N_h / n_h, and assumed the same in every outlet (the machine errs on a kind of sentence,
    whichever outlet prints it). The corrected shares are :func:`correct_shares` (M, p_o); the
    interval is the percentile interval of a stratified bootstrap of the validation sample
    (it covers the uncertainty of M, not the sampling of articles). A row ``all outlets`` pools
    the corpus.

    Returns ``outlet``, ``voice``, ``occurrences`` (the outlet's total), ``machine_share``,
    ``corrected_share``, ``ci_low``, ``ci_high``.
    """
    rows = _aligned(sample, agreed, "voice")
    classes = list(VOICE_CLASSES)
    strata = sample.strata
    grid = strata.groupby(["outlet", "voice"])["N"].sum().unstack(fill_value=0).reindex(columns=classes, fill_value=0)
    grid.loc["all outlets"] = grid.sum()
    observed = grid.to_numpy(dtype=float) / grid.sum(axis=1).to_numpy(dtype=float)[:, None]
    columns = ["outlet", "voice", "occurrences", "machine_share", "corrected_share", "ci_low", "ci_high"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    point = _misclassification(_confusions(rows, classes))[0]
    draws = _misclassification(_confusions(rows, classes, _bootstrap_counts(rows["stratum"], n_boot,
                                                                             np.random.default_rng(random_state))))
    estimate = _correct_all(point[None], observed)[0]
    replicates = _correct_all(draws, observed)
    tail = 100 * (1 - confidence) / 2
    low, high = np.percentile(replicates, [tail, 100 - tail], axis=0)
    out = []
    for i, outlet in enumerate(grid.index):
        for j, voice in enumerate(classes):
            out.append([outlet, voice, int(grid.iloc[i].sum()), observed[i, j], estimate[i, j], low[i, j], high[i, j]])
    return pd.DataFrame(out, columns=columns)


# -- the whole scoring step -------------------------------------------------------------------------
@dataclass
class ValidationReport:
    """Everything :func:`score` computes; :meth:`summary` is the one table to report."""

    coding: Coding
    consensus: pd.DataFrame
    reliability: pd.DataFrame
    confusion: pd.DataFrame
    metrics: pd.DataFrame
    shares: pd.DataFrame
    unresolved: int

    @property
    def problems(self) -> pd.DataFrame:
        return self.coding.problems

    def summary(self) -> pd.DataFrame:
        """Reliability and accuracy in one tidy table (``section``, ``variable``, ``class``,
        ``measure``, ``estimate``, ``ci_low``, ``ci_high``, ``n``)."""
        alpha = self.reliability.assign(section="reliability", **{"class": "all"}, measure="krippendorff_alpha",
                                        estimate=self.reliability["alpha"], n=self.reliability["units"])
        accuracy = self.metrics.assign(section="accuracy", n=self.metrics["support"])
        columns = ["section", "variable", "class", "measure", "estimate", "ci_low", "ci_high", "n"]
        return pd.concat([alpha[columns], accuracy[columns]], ignore_index=True)

    def save(self, folder: str | Path) -> list[Path]:
        """Write summary, reliability, metrics, confusion, shares, consensus and problems as CSV."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tables = {"summary": self.summary(), "reliability": self.reliability, "accuracy": self.metrics,
                  "confusion_voice": self.confusion.reset_index(), "voice_shares": self.shares,
                  "consensus": self.consensus, "problems": self.problems}
        paths = []
        for name, table in tables.items():
            paths.append(folder / f"{name}.csv")
            table.to_csv(paths[-1], index=False, lineterminator="\n")
        return paths


def score(sample: ValidationSample, sheets, *, codebook: Codebook | None = None, n_boot: int = 1000,
          random_state: int = 0, confidence: float = 0.95) -> ValidationReport:
    """Read the coded sheets and compute reliability, accuracy and corrected voice shares.

    ``sheets`` is a folder of coded CSV sheets or a list of files (see :func:`read_coded_sheets`).
    Precision/recall and the correction use the units with a consensus on the variable; the
    number of sampled units without a voice consensus is ``unresolved``.
    """
    codebook = codebook or load_codebook()
    coding = read_coded_sheets(sheets, sample, codebook=codebook)
    agreed = consensus(coding, codebook=codebook)
    options = {"n_boot": n_boot, "random_state": random_state, "confidence": confidence}
    metrics = [classification_metrics(sample, agreed, variable=v, **options)
               for v in ("voice", "distancing", "speaker") if v in codebook.variables]
    metrics = [m for m in metrics if len(m)]
    voiced = agreed["voice"].notna().sum() if "voice" in agreed else 0
    return ValidationReport(
        coding, agreed, reliability(coding, codebook=codebook, **options),
        confusion_matrix(sample, agreed), pd.concat(metrics, ignore_index=True) if metrics else
        pd.DataFrame(columns=["variable", "class", "measure", "estimate", "ci_low", "ci_high", "support"]),
        voice_shares(sample, agreed, **options), int(len(sample.units) - voiced),
    )


# -- simulated coders (for the demonstration on the seeds) -----------------------------------------
def simulate_coding(sheet: pd.DataFrame, truth: pd.DataFrame, *, error_rate: float = 0.1,
                    random_state: int = 0, codebook: Codebook | None = None) -> pd.DataFrame:
    """Fill a blank sheet as a coder who errs at random: a stand-in for real coders in demos.

    ``truth`` has ``unit_id`` and the true ``voice``, ``distancing`` (yes/no) and ``speaker``.
    Independently for each unit and variable, with probability ``error_rate`` the coder picks
    another code uniformly at random (another voice; the other distancing code; for speaker,
    another of the speakers in ``truth`` or ``unknown``); the speaker is then made consistent
    with the voice as the codebook demands (empty for narrator and scare quotes, ``unknown``
    when a voice needs one and none is known).
    """
    if not 0 <= error_rate <= 1:
        raise ValueError(f"error_rate is a probability between 0 and 1, not {error_rate}.")
    codebook = codebook or load_codebook()
    rng = np.random.default_rng([random_state, _coder_seed(str(sheet["coder"].iloc[0]) if len(sheet) else "")])
    true = truth.set_index("unit_id")
    speakers = sorted({s for s in true["speaker"] if s} | {"unknown"})
    voice, speaker = codebook.variables["voice"], codebook.variables.get("speaker")
    filled = sheet.copy()
    for i, unit in enumerate(filled["unit_id"]):
        row = true.loc[unit]
        v = _maybe_swap(row["voice"], list(voice.codes), error_rate, rng)
        d = _maybe_swap(row["distancing"], ["no", "yes"], error_rate, rng)
        s = _maybe_swap(row["speaker"] or "unknown", speakers, error_rate, rng)
        if speaker is not None and v in speaker.empty_when:
            s = ""
        filled.iloc[i, filled.columns.get_loc("voice")] = v
        filled.iloc[i, filled.columns.get_loc("distancing")] = d
        filled.iloc[i, filled.columns.get_loc("speaker")] = s
    return filled


def _maybe_swap(value: str, choices: list[str], rate: float, rng: np.random.Generator) -> str:
    others = [c for c in choices if c != value]
    if others and rng.random() < rate:
        return others[rng.integers(len(others))]
    return value


def default_folder(corpus_dir: str | Path | None, figures_dir: str | Path | None) -> Path | None:
    """Where the notebook writes sheets when ``validation_dir`` is not given.

    None on the seeds (the demonstration uses a temporary folder); next to the report's
    figures folder (``.../validation``) on another corpus; else ``reports/validation/<corpus>``.
    """
    if corpus_dir is None:
        return None
    if figures_dir is not None:
        return Path(figures_dir).resolve().parent / "validation"
    return REPORTS_DIR / "validation" / Path(corpus_dir).resolve().name


# -- command line -----------------------------------------------------------------------------------
def register_cli(subparsers) -> None:
    """Add ``python -m analysis validate sample ...`` and ``python -m analysis validate score ...``."""
    parser = subparsers.add_parser(
        "validate", help="blind human coding of voice labels: draw a sample and sheets, score coded sheets",
        description="Validation of the voice, distancing and speaker labels by human coders. "
                    "`sample` draws a stratified sample and writes coding sheets; `score` reads the "
                    "coded sheets back and prints reliability and accuracy as CSV on stdout.")
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    draw = steps.add_parser("sample", help="draw a stratified sample and write one coding sheet per coder",
                            description="Writes OUTPUT/sample.csv and strata.csv (the key: keep them from "
                                        "the coders) and OUTPUT/sheets/coding_<coder>.csv/.html plus the "
                                        "codebook. Prints the strata sizes as CSV on stdout.")
    draw.add_argument("pattern", help="the term: word, prefix pattern (imperialis*), phrase, or regex with --regex")
    draw.add_argument("--corpus", type=Path, default=None, help="article folder (default: the project's seeds/)")
    draw.add_argument("--size", type=int, default=200, help="occurrences to sample (default %(default)s)")
    draw.add_argument("--coders", default="coder_a,coder_b", help="coder names, comma-separated (default %(default)s)")
    draw.add_argument("--random-state", type=int, default=0, help="seed of the sample and the orders")
    draw.add_argument("--min-per-stratum", type=int, default=2, help="units per outlet x voice first (default 2)")
    draw.add_argument("--output", type=Path, default=Path("validation"), help="folder to write (default ./validation)")
    draw.add_argument("--regex", action="store_true", help="PATTERN is a Python regular expression")
    draw.add_argument("--case-sensitive", action="store_true", help="match upper/lower case exactly")
    draw.set_defaults(func=_run_sample)
    check = steps.add_parser("score", help="score coded sheets: alpha, accuracy, corrected voice shares",
                             description="Reads the coded sheets, reports problems on stderr, prints the "
                                         "summary (alpha per variable, precision/recall/F1 per class) as "
                                         "CSV on stdout, and with --output writes every table.")
    check.add_argument("sample_dir", type=Path, help="the folder `validate sample` wrote")
    check.add_argument("sheets", nargs="*", type=Path, help="coded sheets (default: SAMPLE_DIR/coded/*.csv)")
    check.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (default %(default)s)")
    check.add_argument("--random-state", type=int, default=0, help="seed of the bootstrap")
    check.add_argument("--output", type=Path, default=None, help="folder for all tables as CSV")
    check.set_defaults(func=_run_score)


def _run_sample(args: argparse.Namespace) -> int:
    from analysis.corpus import load_corpus

    try:
        corpus = load_corpus(args.corpus, cache=True)
        occurrences = find_occurrences(corpus, args.pattern, regex=args.regex, case_sensitive=args.case_sensitive)
        if occurrences.empty:
            print(f"validate: no occurrences of {args.pattern!r} in {len(corpus)} articles; nothing to sample.",
                  file=sys.stderr)
            return 1
        sample = draw_sample(occurrences, size=args.size, random_state=args.random_state,
                             min_per_stratum=args.min_per_stratum, term=args.pattern)
        written = write_coding_sheets(sample, args.coders.split(","), args.output, random_state=args.random_state)
    except (ValueError, FileNotFoundError) as error:
        print(f"validate: error: {error}", file=sys.stderr)
        return 2
    print(f"validate: sampled {len(sample.units)} of {len(occurrences)} occurrences of {args.pattern!r}; "
          f"wrote {len(written)} files to {args.output} (give each coder sheets/coding_<name>.* and "
          "sheets/codebook.md; keep sample.csv and strata.csv).", file=sys.stderr)
    sample.strata.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _run_score(args: argparse.Namespace) -> int:
    try:
        sample = ValidationSample.load(args.sample_dir)
        result = score(sample, args.sheets or args.sample_dir / "coded", n_boot=args.n_boot,
                       random_state=args.random_state)
    except (ValueError, FileNotFoundError) as error:
        print(f"validate: error: {error}", file=sys.stderr)
        return 2
    for p in result.problems.itertuples(index=False):
        where = f"{p.file}, row {p.row}" if p.row != "" else p.file
        print(f"validate: {where}: {p.problem}", file=sys.stderr)
    print(f"validate: {len(result.coding.coders)} coder(s), {len(sample.units)} units, "
          f"{result.unresolved} without a voice consensus.", file=sys.stderr)
    if args.output:
        result.save(args.output)
    result.summary().to_csv(sys.stdout, index=False, lineterminator="\n", float_format="%.4f")
    return 0


# The coding page: one file, no network; the sheet travels as JSON in a script element.
_HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f5f5f2;color:#222}
header{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ccc;padding:.5em 1em;
 display:flex;gap:.8em;align-items:center;flex-wrap:wrap}
header button{padding:.4em .8em;font-size:.95em;cursor:pointer}
#download{background:#009E73;color:#fff;border:1px solid #007a5a;border-radius:4px;font-weight:600}
#status{color:#a04000;font-size:.9em}
main{max-width:54em;margin:1em auto;padding:0 1em}
.card{background:#fff;border:1px solid #ccc;border-radius:6px;padding:1em 1.3em}
.meta{color:#555;font-size:.9em;margin:0 0 .6em}
.badge{display:inline-block;background:#e8e8e8;border-radius:3px;padding:0 .4em;margin-left:.4em}
.headline{font-weight:600;margin:.3em 0}
.previous{color:#666;font-size:.95em;border-left:3px solid #ddd;padding-left:.6em}
.unit{font-size:1.12em;line-height:1.65;border-left:3px solid #0072B2;padding-left:.6em}
mark{background:#ffd54a;padding:0 .15em;border-radius:2px;font-weight:700}
fieldset{border:0;border-top:1px solid #eee;margin:.8em 0 0;padding:.6em 0 0}
legend{font-weight:600;padding:0}
.choices button{margin:.25em .35em .25em 0;padding:.45em .9em;border:1px solid #888;border-radius:4px;
 background:#fff;cursor:pointer;font-size:1em}
.choices button[aria-pressed="true"]{background:#0072B2;color:#fff;border-color:#0072B2}
.choices kbd{font-size:.75em;color:inherit;opacity:.7;margin-right:.3em}
.definition{color:#444;font-size:.88em;margin:.2em 0 0;min-height:1.2em}
input[type=text]{width:100%;box-sizing:border-box;padding:.45em;font-size:1em}
input:disabled{background:#eee}
nav.items{display:flex;flex-wrap:wrap;gap:3px;margin:1em 0}
nav.items button{min-width:2.6em;padding:.25em;border:1px solid #bbb;background:#fff;cursor:pointer;border-radius:3px}
nav.items button.done{background:#cfe8d8}
nav.items button.current{outline:2px solid #0072B2}
details{background:#fff;border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:1em 0}
details dt{font-weight:600;margin-top:.4em}
details dd{margin:0 0 .3em 1em;font-size:.92em}
</style>
</head>
<body>
<header>
<strong id="title"></strong><span id="progress"></span>
<button id="prev" type="button">&larr; Previous</button><button id="next" type="button">Next &rarr;</button>
<button id="download" type="button">Download CSV</button><span id="status" role="status"></span>
</header>
<main>
<div class="card" id="card"></div>
<nav class="items" id="items" aria-label="items"></nav>
<details id="codebook"><summary>Codebook</summary></details>
<p class="meta">Your codes are kept in this browser as you go. When you are done (or to stop for the
day), press <b>Download CSV</b> and send the file. Keys: 1-4 choose the voice, arrows move between items.
The decision rules and examples are in the full codebook, <code>codebook.md</code>, sent with this page.</p>
</main>
<script type="application/json" id="sheet-data">__DATA__</script>
<script>
(function () {
"use strict";
var data = JSON.parse(document.getElementById("sheet-data").textContent);
var vars = data.variables, items = data.items, current = 0, state = {};
try { state = JSON.parse(window.localStorage.getItem(data.key) || "{}"); } catch (e) { state = {}; }
items.forEach(function (it) { if (state[it.unit_id]) { Object.assign(it, state[it.unit_id]); } });
function plain(text) { return String(text).replace(/[*`]/g, ""); }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined) { e.textContent = text; }
  return e;
}
function store(it) {
  state[it.unit_id] = {voice: it.voice, distancing: it.distancing, speaker: it.speaker, note: it.note};
  try { window.localStorage.setItem(data.key, JSON.stringify(state)); } catch (e) { /* private mode */ }
}
function complete(it) {
  if (!it.voice) { return false; }
  var sp = vars.speaker;
  return !(sp && sp.required_when.indexOf(it.voice) >= 0 && !String(it.speaker).trim());
}
function nominal(it, name, v) {
  var box = el("fieldset"), row = el("div", "choices"), def = el("p", "definition");
  box.appendChild(el("legend", "", plain(v.question || name)));
  v.codes.forEach(function (code, i) {
    var b = el("button");
    b.type = "button";
    b.setAttribute("data-variable", name);
    b.setAttribute("data-code", code[0]);
    b.setAttribute("aria-pressed", String(it[name] === code[0]));
    b.title = plain(code[2]);
    if (name === "voice") { b.appendChild(el("kbd", "", String(i + 1))); }
    b.appendChild(document.createTextNode(code[1]));
    b.addEventListener("click", function () { choose(it, name, code[0]); });
    row.appendChild(b);
    if (it[name] === code[0]) { def.textContent = plain(code[2]); }
  });
  box.appendChild(row);
  box.appendChild(def);
  return box;
}
function textField(it, name, v) {
  var box = el("fieldset"), input = el("input");
  box.appendChild(el("legend", "", plain(v.question || name)));
  input.type = "text";
  input.value = it[name] || "";
  input.setAttribute("data-variable", name);
  if (name === "speaker") { input.setAttribute("list", "speakers"); }
  if (v.empty_when.indexOf(it.voice) >= 0) { input.disabled = true; input.placeholder = "(no speaker for this voice)"; }
  input.addEventListener("input", function () { it[name] = input.value; store(it); marks(); });
  box.appendChild(input);
  return box;
}
function choose(it, name, code) {
  it[name] = code;
  var sp = vars.speaker;
  if (name === "voice" && sp && sp.empty_when.indexOf(code) >= 0) { it.speaker = ""; }
  store(it);
  render();
}
function render() {
  var it = items[current], card = document.getElementById("card");
  card.textContent = "";
  if (!it) { card.textContent = "This sheet has no items."; return; }
  var meta = el("p", "meta", "Item " + it.item + " of " + items.length);
  meta.appendChild(el("span", "badge", it.location));
  meta.appendChild(el("span", "badge", it.unit_id));
  card.appendChild(meta);
  if (it.location !== "headline" && it.headline) { card.appendChild(el("p", "headline", it.headline)); }
  if (it.previous) { card.appendChild(el("p", "previous", it.previous)); }
  var unit = el("p", "unit");
  unit.appendChild(document.createTextNode(it.left));
  unit.appendChild(el("mark", "", it.term));
  unit.appendChild(document.createTextNode(it.right));
  card.appendChild(unit);
  Object.keys(vars).forEach(function (name) {
    var v = vars[name];
    card.appendChild(v.kind === "nominal" ? nominal(it, name, v) : textField(it, name, v));
  });
  var note = textField(it, "note", {question: "Note (optional)", empty_when: []});
  card.appendChild(note);
  marks();
}
function marks() {
  var nav = document.getElementById("items"), done = 0;
  nav.textContent = "";
  items.forEach(function (it, i) {
    var b = el("button", (complete(it) ? "done" : "") + (i === current ? " current" : ""), String(it.item));
    b.type = "button";
    b.addEventListener("click", function () { current = i; render(); });
    nav.appendChild(b);
    if (complete(it)) { done += 1; }
  });
  document.getElementById("progress").textContent = done + " of " + items.length + " coded";
}
function csvCell(value) { return '"' + String(value === undefined || value === null ? "" : value).replace(/"/g, '""') + '"'; }
function download() {
  var lines = [data.columns.map(csvCell).join(",")];
  items.forEach(function (it) {
    var row = {coder: data.coder, item: it.item, unit_id: it.unit_id, location: it.location, term: it.term,
               context: it.left + "[[" + it.term + "]]" + it.right, previous_paragraph: it.previous,
               headline: it.headline, voice: it.voice, distancing: it.distancing, speaker: it.speaker, note: it.note};
    lines.push(data.columns.map(function (c) { return csvCell(row[c]); }).join(","));
  });
  var blob = new Blob(["\\ufeff" + lines.join("\\r\\n") + "\\r\\n"], {type: "text/csv;charset=utf-8"});
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "coding_" + data.coder + ".csv";
  document.body.appendChild(a);
  a.click();
  a.remove();
  var left = items.filter(function (it) { return !complete(it); }).length;
  document.getElementById("status").textContent = left ? "Saved; " + left + " item(s) still need codes." : "Saved, all items coded.";
}
function move(step) { current = Math.min(items.length - 1, Math.max(0, current + step)); render(); }
document.getElementById("prev").addEventListener("click", function () { move(-1); });
document.getElementById("next").addEventListener("click", function () { move(1); });
document.getElementById("download").addEventListener("click", download);
document.addEventListener("keydown", function (event) {
  if (event.target.tagName === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) { return; }
  var codes = vars.voice ? vars.voice.codes : [], n = parseInt(event.key, 10);
  if (n >= 1 && n <= codes.length && items[current]) { choose(items[current], "voice", codes[n - 1][0]); }
  else if (event.key === "ArrowRight") { move(1); }
  else if (event.key === "ArrowLeft") { move(-1); }
});
document.getElementById("title").textContent = "Coding sheet: " + data.coder + (data.term ? " \\u2013 " + data.term : "");
var list = el("datalist");
list.id = "speakers";
data.speakers.forEach(function (s) { var o = el("option"); o.value = s; list.appendChild(o); });
document.body.appendChild(list);
var book = document.getElementById("codebook"), dl = el("dl");
Object.keys(vars).forEach(function (name) {
  var v = vars[name];
  dl.appendChild(el("dt", "", name + ": " + plain(v.question)));
  v.codes.forEach(function (code) { dl.appendChild(el("dd", "", code[1] + " \\u2013 " + plain(code[2]))); });
});
book.appendChild(dl);
render();
}());
</script>
</body>
</html>
"""
