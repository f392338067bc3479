"""The report runner: notebooks run in order with fresh kernels, figures byte-identical on a
re-run, catalogue and index carry the provenance, other corpora go to their own folder.

The runner is tested on tiny notebooks written here (a few seconds each), so these tests do not
depend on the analysis notebooks; those are run by `make test` through nbmake."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from analysis import __version__
from analysis.figures import CATALOGUE_COLUMNS
from analysis.paths import FIGURES_DIR, PROJECT_DIR, REPORTS_DIR, SEEDS_DIR
from analysis.report import (
    KERNEL_NAME,
    ReportError,
    corpus_fingerprint,
    list_notebooks,
    render_html,
    report_paths,
    run_report,
)

PARAMETERS = "corpus_dir = None    # None = seeds/\nfigures_dir = None\nbar_colour = 'tab:blue'"

# Bars of the byte size of every corpus file: the data depend on the corpus folder passed in.
BYTES_FIGURE = """\
from pathlib import Path
from types import SimpleNamespace
import matplotlib.pyplot as plt
import pandas as pd
from analysis.figures import save_figure
from analysis.paths import SEEDS_DIR
folder = Path(corpus_dir) if corpus_dir else SEEDS_DIR
sizes = pd.DataFrame([(p.name, p.stat().st_size) for p in sorted(folder.glob('*.txt'))],
                     columns=['file', 'n_bytes'])
fig, ax = plt.subplots(figsize=(4, 3))
ax.barh(sizes['file'], sizes['n_bytes'], color=bar_colour)
ax.set_xlabel('bytes')
save_figure(fig, 'bytes_by-file', data=sizes, directory=figures_dir,
            caption='Size of each article file in bytes.')
"""

# Runs second: it fails unless the first notebook's figure already exists (order check).
SECOND_FIGURE = """\
from pathlib import Path
from types import SimpleNamespace
import matplotlib.pyplot as plt
from analysis.figures import save_figure
assert (Path(figures_dir) / 'bytes_by-file.png').exists(), 'notebooks ran out of order'
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1, 2], [2, 0, 1], marker='o')
ax.set_xlabel('x')
save_figure(fig, 'zigzag', directory=figures_dir, caption='A zigzag & <b>no</b> HTML.')
"""


def write_notebook(path: Path, *code: str, parameters: str | None = PARAMETERS) -> Path:
    """A project-style notebook: title, parameters cell, then the given code cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": f"Python ({KERNEL_NAME})",
                                 "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {path.stem}: does the runner work?"))
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nb.cells += [nbformat.v4.new_code_cell(source) for source in code]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    write_notebook(folder / "01-second.ipynb", SECOND_FIGURE)
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE)
    (folder / "scratch.ipynb").write_text("not a report notebook: no NN- prefix")
    return folder


@pytest.fixture(scope="module")
def first_run(notebooks, tmp_path_factory):
    """One report run on the two tiny notebooks, and the bytes of its figures right after."""
    report = run_report(output_dir=tmp_path_factory.mktemp("report") / "out",
                        notebooks_dir=notebooks, progress=False)
    return report, file_bytes(report.figures_dir)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "kompas-2024"
    folder.mkdir()
    (folder / "a.txt").write_text("Kim Jong Un bertemu Vladimir Putin.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Korut dan Rusia menandatangani kerja sama.\n", encoding="utf-8")
    return folder


def test_list_notebooks_takes_numbered_notebooks_in_name_order(notebooks):
    assert [p.name for p in list_notebooks(notebooks)] == ["00-first.ipynb", "01-second.ipynb"]


def test_corpus_fingerprint_follows_its_documented_recipe(corpus):
    # Recipe: for each file in relative-path order, path NUL size NUL bytes.
    a = "Kim Jong Un bertemu Vladimir Putin.\n".encode()
    b = "Korut dan Rusia menandatangani kerja sama.\n".encode()
    expected = hashlib.sha256(b"a.txt\x00%d\x00" % len(a) + a + b"b.txt\x00%d\x00" % len(b) + b)
    assert corpus_fingerprint(corpus) == "sha256:" + expected.hexdigest()


def test_corpus_fingerprint_changes_with_content_and_names_only(corpus, tmp_path):
    before = corpus_fingerprint(corpus)
    (corpus / ".DS_Store").write_bytes(b"junk")
    assert corpus_fingerprint(corpus) == before  # hidden files are not input
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    for p in corpus.glob("*.txt"):
        (copy / p.name).write_bytes(p.read_bytes())
    assert corpus_fingerprint(copy) == before  # location does not matter
    (copy / "manifest.csv").write_text("file,outlet\na.txt,Tempo\n")
    assert corpus_fingerprint(copy) != before  # the manifest is part of the input
    (corpus / "b.txt").rename(corpus / "c.txt")
    assert corpus_fingerprint(corpus) != before  # renaming changes it


def test_corpus_fingerprint_of_missing_or_empty_folder_says_what_to_do(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        corpus_fingerprint(tmp_path / "nowhere")
    with pytest.raises(ReportError, match="contains no files"):
        corpus_fingerprint(tmp_path)


def test_report_paths_keep_other_corpora_away_from_committed_figures(tmp_path):
    assert report_paths() == (REPORTS_DIR, FIGURES_DIR)
    assert report_paths(corpus_dir=SEEDS_DIR) == (REPORTS_DIR, FIGURES_DIR)
    assert report_paths(corpus_dir=tmp_path / "tempo-2023") == (
        REPORTS_DIR / "tempo-2023", REPORTS_DIR / "tempo-2023" / "figures")
    assert report_paths(output_dir=tmp_path / "out") == (tmp_path / "out", tmp_path / "out" / "figures")


def test_report_runs_every_notebook_and_records_provenance(first_run):
    report, _ = first_run
    out = report.output_dir
    assert [p.name for p in report.notebooks] == ["00-first.ipynb", "01-second.ipynb"]
    for stem in ("00-first", "01-second"):
        executed = nbformat.read(out / f"{stem}.ipynb", as_version=4)
        # Built in a fresh folder inside the output, moved into place when complete
        built = Path(executed.metadata.papermill.parameters["figures_dir"])
        assert built.name == "figures" and built.parent.parent == out.resolve()
        assert built.parent.name.startswith(".build-") and not built.exists()
        assert (out / f"{stem}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "README.md", "bytes_by-file.csv", "bytes_by-file.png", "bytes_by-file.svg",
        "catalogue.csv", "zigzag.png", "zigzag.svg"]
    sizes = pd.read_csv(out / "figures" / "bytes_by-file.csv")
    assert sizes["file"].tolist() == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    catalogue = pd.read_csv(out / "figures" / "catalogue.csv", dtype=str, keep_default_na=False)
    assert catalogue.columns.tolist() == CATALOGUE_COLUMNS
    first = catalogue.iloc[0].to_dict()
    assert first == {
        "figure": "bytes_by-file", "files": "bytes_by-file.png bytes_by-file.svg",
        "data": "bytes_by-file.csv", "caption": "Size of each article file in bytes.",
        "notebook": "00-first.ipynb", "corpus": "seeds",
        "corpus_fingerprint": corpus_fingerprint(SEEDS_DIR),
        "parameters": '{"bar_colour": "tab:blue", "corpus_dir": null}',
        "package_version": __version__,
    }
    assert catalogue["figure"].tolist() == ["bytes_by-file", "zigzag"]
    assert catalogue.loc[1, "data"] == ""


def test_index_shows_each_figure_embedded_with_caption_notebook_and_data_link(first_run):
    report, _ = first_run
    index = report.index.read_text(encoding="utf-8")
    figure = re.search(r'<figure id="bytes_by-file">.*?</figure>', index, re.S).group(0)
    png = (report.figures_dir / "bytes_by-file.png").read_bytes()
    assert f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}"' in figure
    assert "<strong>Figure 1.</strong> Size of each article file in bytes." in figure
    assert "00-first.ipynb" in figure
    assert '<a href="figures/bytes_by-file.csv">' in figure
    assert "<details><summary>Files, data and parameters</summary>" in figure
    assert '<a href="00-first.html">00-first</a>' in index
    assert "A zigzag &amp; &lt;b&gt;no&lt;/b&gt; HTML." in index  # captions are escaped
    for link in re.findall(r'(?:src|href)="([^"]+)"', index):
        if not link.startswith(("data:", "#")):
            assert (report.output_dir / link).exists(), link
    anchors = set(re.findall(r' id="([^"]+)"', index))
    assert {link[1:] for link in re.findall(r'href="(#[^"]+)"', index)} <= anchors


def test_index_has_contents_question_findings_and_limits(tmp_path):
    folder = tmp_path / "notebooks"
    path = write_notebook(folder / "00-first.ipynb", BYTES_FIGURE, "print('Tempo uses *surat* most.')")
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "# Does *Tempo* write more?"
    nb.cells[-1].metadata["tags"] = ["findings"]
    limits = nbformat.v4.new_markdown_cell("## Limits\n\nOne article per outlet: **no** intervals.")
    limits.metadata["tags"] = ["limits"]
    nb.cells.append(limits)
    nbformat.write(nb, path)
    index = run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False).index
    page = index.read_text(encoding="utf-8")
    contents = re.search(r'<nav class="toc">.*?</nav>', page, re.S).group(0)
    assert [re.sub("<[^>]+>", "", t) for t in re.findall(r'<a href="#[^"]+">(.*?)</a>', contents)] == [
        "Research question", "Main findings", "The corpus and its limits", "Does Tempo write more?",
        "bytes by file"]
    assert "<em>Tempo</em>" in page and "*Tempo*" not in page  # markdown rendered
    assert "Kim Jong Un and Vladimir Putin?" in page  # the question, from data/report.yaml
    findings = page[page.index('id="findings"'):page.index('id="corpus"')]
    assert "<p>Tempo uses *surat* most.</p>" in findings  # printed text stays as printed
    corpus = page[page.index('id="corpus"'):page.index('id="00-first"')]
    assert "One article per outlet: <strong>no</strong> intervals." in corpus
    assert "<h4>Limits</h4>" in corpus  # under the section's own heading
    assert "<details><summary>Provenance</summary>" in corpus


def test_on_another_corpus_the_seed_conclusions_are_left_out_and_printed_findings_kept(tmp_path):
    folder = tmp_path / "notebooks"
    path = write_notebook(folder / "00-first.ipynb", BYTES_FIGURE, "print('Tempo uses *surat* most.')")
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].metadata["tags"] = ["findings"]
    limits = nbformat.v4.new_markdown_cell("On the seeds every outlet is one article.")
    limits.metadata["tags"] = ["limits"]
    nb.cells.append(limits)
    nbformat.write(nb, path)
    corpus = tmp_path / "kompas"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Korut dan Rusia.\n", encoding="utf-8")
    page = run_report(corpus_dir=corpus, output_dir=tmp_path / "out", notebooks_dir=folder,
                      progress=False).index.read_text(encoding="utf-8")
    assert "every outlet is one article" not in page
    assert page.count("describe the five seed articles, so they are left out here") == 2
    findings = page[page.index('id="findings"'):page.index('id="corpus"')]
    assert "<p>Tempo uses *surat* most.</p>" in findings
    assert "what follows is what the notebooks printed" in findings
    # Nothing was printed for the limits: the page says what to do instead of promising more.
    limits = page[page.index('id="corpus"'):page.index("<details>")]
    assert "what follows" not in limits and "tagged <code>limits</code>" in limits


def test_notebook_page_links_back_to_the_index_and_folds_parameters(first_run):
    report, _ = first_run
    page = (report.output_dir / "01-second.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="report-nav">.*?</nav>', page, re.S).group(0)
    assert '<a href="index.html">&larr; Report index</a>' in nav
    assert 'previous: <a href="00-first.html">00-first</a>' in nav and "next:" not in nav
    assert '<a href="#01-second:-does-the-runner-work?">' in nav
    folded = re.findall(r'<details class="report-parameters"><summary>(.*?)</summary>', page)
    assert folded == ["Parameters (defaults)", "Parameters of this run"]


def test_running_the_report_twice_leaves_figures_byte_identical(first_run, notebooks):
    report, first = first_run
    run_report(output_dir=report.output_dir, notebooks_dir=notebooks, progress=False)
    second = file_bytes(report.figures_dir)
    assert list(second) == list(first)
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


def test_other_corpus_is_passed_to_the_notebooks_and_fingerprinted(tmp_path, corpus):
    folder = tmp_path / "notebooks"
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE)
    report = run_report(corpus_dir=corpus, output_dir=tmp_path / "out", notebooks_dir=folder,
                        progress=False)
    sizes = pd.read_csv(report.figures_dir / "bytes_by-file.csv")
    assert sizes.to_dict("list") == {"file": ["a.txt", "b.txt"], "n_bytes": [36, 43]}
    row = report.catalogue.iloc[0]
    assert row["corpus_fingerprint"] == corpus_fingerprint(corpus)
    assert json.loads(row["parameters"])["corpus_dir"] == corpus.resolve().as_posix()


def test_figures_no_notebook_makes_any_more_are_removed(notebooks, tmp_path):
    figures = tmp_path / "out" / "figures"
    figures.mkdir(parents=True)
    (figures / "old-name.png").write_bytes(b"stale")
    (figures / "notes.txt").write_text("kept: not a figure file")
    run_report(output_dir=tmp_path / "out", notebooks_dir=notebooks, progress=False)
    assert not (figures / "old-name.png").exists()
    assert (figures / "notes.txt").exists()


def test_failing_notebook_names_notebook_and_error_and_keeps_catalogue(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder / "00-broken.ipynb", "x = 1", "raise ValueError('no articles in corpus')")
    figures = tmp_path / "out" / "figures"
    figures.mkdir(parents=True)
    (figures / "catalogue.csv").write_text("previous catalogue\n")
    failed = tmp_path / "out" / "failed-run" / "00-broken.html"
    with pytest.raises(ReportError, match=r"00-broken.ipynb failed in the cell starting \"raise ValueError\('no articles in corpus'\)\" \(ValueError: no articles"
                                          rf".* traceback is {re.escape(str(failed))}\. The previous report"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False)
    assert (figures / "catalogue.csv").read_text() == "previous catalogue\n"
    assert "no articles in corpus" in failed.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".report.lock", "failed-run", "figures"]


def test_failed_run_leaves_the_previous_report_intact(notebooks, tmp_path):
    out = tmp_path / "out"
    report = run_report(output_dir=out, notebooks_dir=notebooks, progress=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = tmp_path / "broken"
    write_notebook(broken / "00-first.ipynb", "raise RuntimeError('disk full')")
    with pytest.raises(ReportError, match="The previous report in .* is unchanged"):
        run_report(output_dir=out, notebooks_dir=broken, progress=False)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
             if "failed-run" not in p.parts}
    assert after == before
    assert (out / "failed-run" / "00-first.html").exists() and report.index.exists()
    run_report(output_dir=out, notebooks_dir=notebooks, progress=False)
    assert not (out / "failed-run").exists()  # a successful run clears the old failure


def test_a_second_run_replaces_the_first_without_mixing_files(notebooks, tmp_path):
    out = tmp_path / "out"
    run_report(output_dir=out, notebooks_dir=notebooks, progress=False)
    (out / "my-notes.txt").write_text("not the report's: kept")
    fewer = tmp_path / "fewer"
    write_notebook(fewer / "00-first.ipynb", BYTES_FIGURE)
    run_report(output_dir=out, notebooks_dir=fewer, progress=False)
    assert sorted(p.name for p in out.iterdir()) == [
        ".report.lock", "00-first.html", "00-first.ipynb", "figures", "index.html", "my-notes.txt"]
    assert "zigzag" not in (out / "index.html").read_text(encoding="utf-8")
    assert not any("zigzag" in p.name for p in (out / "figures").iterdir())


def test_a_folder_another_run_is_writing_to_is_refused(notebooks, tmp_path):
    from analysis.report import _exclusive

    out = tmp_path / "out"
    out.mkdir()
    with _exclusive(out):
        with pytest.raises(ReportError, match=rf"Another report run \(process \d+\) is writing to "
                                              rf"{re.escape(str(out))}\. Wait until it has finished"):
            run_report(output_dir=out, notebooks_dir=notebooks, progress=False)
    assert sorted(p.name for p in out.iterdir()) == [".report.lock"]


def test_output_that_is_a_file_is_refused_with_a_message(notebooks, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("mine")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--notebooks", str(notebooks),
         "--output", str(target), "--quiet"],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"report: The report output {target} is a file, not a folder. Pass a "
                             "folder with --output (it is created if missing), e.g. --output "
                             "reports/mine.\n")
    assert target.read_text() == "mine"


def test_archive_holds_the_whole_report(tmp_path):
    import zipfile

    folder = tmp_path / "zipped"
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE)
    zipped = run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False,
                        archive=True)
    with zipfile.ZipFile(zipped.output_dir / "report.zip") as archive:
        names = sorted(archive.namelist())
        assert archive.read("report/index.html") == zipped.index.read_bytes()
    assert names == ["report/00-first.html", "report/00-first.ipynb", "report/figures/README.md",
                     "report/figures/bytes_by-file.csv", "report/figures/bytes_by-file.png",
                     "report/figures/bytes_by-file.svg", "report/figures/catalogue.csv",
                     "report/index.html"]


def test_notebook_without_corpus_parameter_is_refused_before_running(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder / "00-fixed-corpus.ipynb", "x = 1", parameters="figures_dir = None")
    with pytest.raises(ReportError, match="00-fixed-corpus.ipynb: the parameters cell does not set corpus_dir"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False)
    assert not (tmp_path / "out").exists()


def test_figure_saved_outside_the_figures_folder_is_an_error(tmp_path):
    folder = tmp_path / "notebooks"
    stray = tmp_path / "stray"
    write_notebook(folder / "00-stray.ipynb", BYTES_FIGURE.replace("directory=figures_dir",
                                                                   f"directory={str(stray)!r}"))
    with pytest.raises(ReportError, match="outside the report's figures folder"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False)


def test_two_notebooks_saving_the_same_figure_name_is_an_error(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE)
    write_notebook(folder / "01-again.ipynb", BYTES_FIGURE)
    with pytest.raises(ReportError, match="'bytes_by-file' is used by 00-first.ipynb and 01-again.ipynb"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False)


def test_figure_without_caption_gives_a_warning(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE.replace(
        "caption='Size of each article file in bytes.'", "caption=None"))
    with pytest.warns(UserWarning, match="figure 'bytes_by-file' has no caption"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=folder, progress=False)


def test_html_rendering_needs_no_network(tmp_path):
    nb = write_notebook(tmp_path / "00-math.ipynb", "print(1 + 1)")
    page = render_html(nb, tmp_path / "00-math.html").read_text(encoding="utf-8")
    assert "00-math: does the runner work?" in page
    assert re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page) == []
    assert re.findall(r'url\(\s*["\']?(?:https?:)?//', page) == []
    assert re.findall(r'@import', page) == []


def test_command_line_prints_one_json_line_and_progress_on_stderr(notebooks, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--notebooks", str(notebooks),
         "--output", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["notebooks"] == ["00-first.ipynb", "01-second.ipynb"]
    assert summary["figures"] == 2
    assert summary["index"] == str(tmp_path / "out" / "index.html")
    assert "[1/2] running 00-first.ipynb" in result.stderr
    assert "[2/2] running 01-second.ipynb" in result.stderr


def test_command_line_failure_exits_1_with_the_reason(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--notebooks", str(tmp_path),
         "--output", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "No notebooks named like NN-name.ipynb" in result.stderr


PROJECT_NOTEBOOKS = list_notebooks()
needs_notebooks = pytest.mark.skipif(not PROJECT_NOTEBOOKS, reason="no project notebooks yet")


@pytest.fixture
def project_runs(project_reports):
    """The project notebooks run twice, into two different folders (see conftest.py)."""
    return [SimpleNamespace(figures_dir=folder / "figures",
                            catalogue=pd.read_csv(folder / "figures" / "catalogue.csv", dtype=str,
                                                  keep_default_na=False))
            for folder in project_reports]


@needs_notebooks
def test_project_notebooks_regenerate_byte_identical_figures(project_runs):
    # Different output folders: identical bytes also show that no figure, data file or
    # catalogue row depends on where the report was written.
    first, second = project_runs
    before, after = file_bytes(first.figures_dir), file_bytes(second.figures_dir)
    assert list(after) == list(before)
    assert [name for name in before if before[name] != after[name]] == []
    assert sorted(set(first.catalogue["notebook"])) == [p.name for p in PROJECT_NOTEBOOKS]


@needs_notebooks
def test_every_project_figure_has_a_caption(project_runs):
    catalogue = project_runs[0].catalogue
    missing = catalogue.loc[catalogue["caption"] == "", ["notebook", "figure"]]
    assert missing.values.tolist() == [], "pass save_figure(..., caption=...) for these figures"


def test_command_line_shows_a_missing_caption_as_a_plain_warning(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE.replace(
        "caption='Size of each article file in bytes.'", "caption=None"))
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--notebooks", str(folder),
         "--output", str(tmp_path / "out"), "--quiet"],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "report: warning: 00-first.ipynb: figure 'bytes_by-file' has no caption; "
        "pass save_figure(..., caption=...).")


# Writes when it started and ended, and saves one figure named after its notebook.
TIMED_FIGURE = """\
import time
from pathlib import Path
import matplotlib.pyplot as plt
from analysis.figures import save_figure
started = time.time()
time.sleep(2)
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1], [NAME_NUMBER, 0])
save_figure(fig, 'line_NAME', directory=figures_dir, caption='A line of NAME.')
Path(figures_dir, '..', 'NAME.times').write_text(f'{started} {time.time()}')
import os
Path(figures_dir, '..', 'NAME.workers').write_text(os.environ.get('INDO_NEWS_FRAMING_WORKERS', '-'))
"""


def _timed_notebooks(folder: Path) -> Path:
    write_notebook(folder / "00-first.ipynb", BYTES_FIGURE)
    for number, name in enumerate(["alpha", "beta", "gamma"], start=1):
        write_notebook(folder / f"0{number}-{name}.ipynb",
                       TIMED_FIGURE.replace("NAME_NUMBER", str(number)).replace("NAME", name))
    return folder


def test_notebooks_after_the_first_run_side_by_side_each_recording_its_own_figures(tmp_path):
    notebooks = _timed_notebooks(tmp_path / "notebooks")
    report = run_report(output_dir=tmp_path / "out", notebooks_dir=notebooks, progress=False,
                        jobs=2)
    times = {name: [float(t) for t in (report.output_dir / f"{name}.times").read_text().split()]
             for name in ["alpha", "beta", "gamma"]}
    (a0, a1), (b0, b1) = times["alpha"], times["beta"]
    assert a0 < b1 and b0 < a1  # alpha and beta ran at the same time
    catalogue = report.catalogue.set_index("figure")
    assert catalogue.loc["bytes_by-file", "notebook"] == "00-first.ipynb"
    for number, name in enumerate(["alpha", "beta", "gamma"], start=1):
        assert catalogue.loc[f"line_{name}", "notebook"] == f"0{number}-{name}.ipynb"
    # The pages keep name order, whatever order the notebooks finished in.
    assert [p.name for p in report.notebooks] == sorted(p.name for p in notebooks.iterdir())
    # Kernels side by side share the cores: no kernel starts a pool of its own per core.
    share = str(max(1, (os.cpu_count() or 1) // 2))
    assert {(report.output_dir / f"{name}.workers").read_text()
            for name in ["alpha", "beta", "gamma"]} == {share}


def test_with_one_job_the_notebooks_run_one_after_another(tmp_path):
    notebooks = _timed_notebooks(tmp_path / "notebooks")
    report = run_report(output_dir=tmp_path / "out", notebooks_dir=notebooks, progress=False,
                        jobs=1)
    spans = sorted(tuple(float(t) for t in (report.output_dir / f"{name}.times").read_text().split())
                   for name in ["alpha", "beta", "gamma"])
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))
    assert (report.output_dir / "alpha.workers").read_text() == "-"  # alone: every core


def test_a_failure_while_others_run_names_the_failing_notebook(tmp_path):
    notebooks = _timed_notebooks(tmp_path / "notebooks")
    write_notebook(notebooks / "02-beta.ipynb", "raise ValueError('beta broke')")
    with pytest.raises(ReportError, match=r"02-beta\.ipynb failed.*beta broke"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=notebooks, progress=False, jobs=2)


@pytest.mark.parametrize("jobs", [0, -1, 1.5])
def test_jobs_must_be_a_positive_whole_number(tmp_path, jobs):
    with pytest.raises(ReportError, match="jobs must be a whole number"):
        run_report(output_dir=tmp_path / "out", notebooks_dir=tmp_path, progress=False, jobs=jobs)


def test_a_corpus_above_the_side_by_side_limit_runs_its_notebooks_one_at_a_time(tmp_path, monkeypatch):
    from analysis import adapt, report

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"x" * 3_000_000)
    rules = {**adapt.read_scaling(), "report": {"side_by_side_max_mb": 2}}
    monkeypatch.setattr(adapt, "read_scaling", lambda *a, **k: rules)
    monkeypatch.setattr(report.os, "cpu_count", lambda: 4)
    jobs, why = report.default_jobs(folder)
    assert jobs == 1 and "3 MB, more than the 2 MB" in why and "--jobs 2" in why
    rules["report"]["side_by_side_max_mb"] = 5
    assert report.default_jobs(folder)[0] == 2  # at most two, whatever the cores
