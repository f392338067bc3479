"""A real JupyterLab server (as `make lab` starts it) serves the notebooks, offers the kernel
each notebook names, and shuts down cleanly. Loopback only, token required. The last test
opens a notebook in the Lab user interface in Debian's chromium (driven by playwright), runs
all its cells and finds every figure it saves rendered inline."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest

from analysis.figures import REPORT_CONTEXT_ENV
from analysis.paths import NOTEBOOKS_DIR, PROJECT_DIR
from analysis.report import KERNEL_NAME

STARTUP_SECONDS = 60


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A JupyterLab server process and a tiny client for its REST API."""

    def __init__(self, folder: Path, *, root: Path = PROJECT_DIR, env: dict | None = None,
                 options: tuple[str, ...] = ()):
        self.port = free_loopback_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "jupyterlab.log"
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
               "JUPYTER_CONFIG_DIR": str(folder / "config"), **(env or {})}
        command = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", *options,
        ]
        if os.geteuid() == 0:  # containers and CI often run as root
            command.append("--allow-root")
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)

    def request(self, path: str, method: str = "GET"):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            return response.status, json.loads(body) if body else None

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"JupyterLab exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if self.request("/api/status")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        pytest.fail(f"JupyterLab did not answer within {STARTUP_SECONDS} s:\n{self.log.read_text()}")

    def shut_down(self) -> int:
        """Ask the server to stop; kill it only if it does not within 30 s."""
        try:
            if self.process.poll() is None:
                self.request("/api/shutdown", method="POST")
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running server; afterwards it must stop cleanly through its /api/shutdown endpoint."""
    server = Lab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.wait_until_up()
        yield server
    finally:
        returncode = server.shut_down()
    assert returncode == 0, f"JupyterLab did not shut down cleanly:\n{server.log.read_text()}"


NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_unauthenticated_requests_are_refused(lab):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(lab.url + "/api/contents/notebooks", timeout=10)
    assert refused.value.code == 403


def test_project_kernel_is_registered_and_points_at_a_python(lab):
    status, specs = lab.request("/api/kernelspecs")
    assert status == 200
    assert KERNEL_NAME in specs["kernelspecs"]
    spec = specs["kernelspecs"][KERNEL_NAME]["spec"]
    assert spec["language"] == "python"
    assert Path(spec["argv"][0]).exists() or spec["argv"][0] == "python"


def test_lab_lists_the_notebooks_folder(lab):
    status, folder = lab.request("/api/contents/notebooks")
    assert status == 200 and folder["type"] == "directory"
    served = sorted(item["name"] for item in folder["content"] if item["type"] == "notebook")
    # jupytext's contents manager serves each notebook's paired percent script as a notebook too
    assert served == sorted([p.name for p in NOTEBOOKS] + [p.with_suffix(".py").name for p in NOTEBOOKS])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_lab_serves_each_notebook_and_has_its_kernel(lab, notebook):
    status, model = lab.request(f"/api/contents/notebooks/{quote(notebook.name)}?content=1")
    assert status == 200 and model["type"] == "notebook"
    stored = nbformat.read(notebook, as_version=4)
    assert [c["source"] for c in model["content"]["cells"]] == [c.source for c in stored.cells]
    kernel = model["content"]["metadata"]["kernelspec"]["name"]
    assert kernel in lab.request("/api/kernelspecs")[1]["kernelspecs"]


# -- a notebook run through the Lab user interface, in Debian's chromium ----------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAB_NOTEBOOK = "00-corpus-overview.ipynb"


def test_a_notebook_run_in_the_lab_ui_shows_every_figure_it_saves(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the package playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("the executable chromium is not installed (Debian: apt-get install chromium)")
    root = tmp_path / "lab-root"
    root.mkdir()
    shutil.copy(NOTEBOOKS_DIR / LAB_NOTEBOOK, root / LAB_NOTEBOOK)
    # The kernel inherits the server's environment: figures go to tmp_path, not to figures/,
    # and each save is logged, so the test knows how many figures the notebook saved.
    context = {"notebook": LAB_NOTEBOOK, "figures_dir": str(tmp_path / "figures"),
               "log": str(tmp_path / "figures.jsonl"), "parameters": {}, "corpus": "seeds",
               "corpus_fingerprint": ""}
    server = Lab(tmp_path, root=root, env={REPORT_CONTEXT_ENV: json.dumps(context)},
                 options=("--LabApp.expose_app_in_browser=True",))
    try:
        server.wait_until_up()
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{server.url}/lab/tree/{LAB_NOTEBOOK}?token={server.token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                                   " && window.jupyterapp.shell.currentWidget.sessionContext"
                                   " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                                   " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
                                   timeout=90_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                "() => { const p = window.jupyterapp.shell.currentWidget.content;"
                " return p.widgets.every(c => c.model.type !== 'code' ||"
                " (c.model.executionCount !== null && !c.node.querySelector('.jp-InputPrompt')"
                "   .textContent.includes('*'))); }", timeout=180_000, polling=500)
            images = page.evaluate("() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
                                   ".map(i => i.naturalWidth)")
            errors = page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output"
                                   "[data-mime-type=\"application/vnd.jupyter.stderr\"]').length")
            page.screenshot(path=str(tmp_path / "lab.png"))
            browser.close()
    finally:
        server.shut_down()
    saved = (tmp_path / "figures.jsonl").read_text().splitlines()
    assert len(saved) == 2, "the notebook should save two figures"
    assert len(images) == len(saved) and all(width > 0 for width in images), images
    assert errors == 0
