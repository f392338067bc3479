"""A real JupyterLab server (as `make lab` starts it) serves the notebooks, offers the kernel
each notebook names, and shuts down cleanly. Loopback only, token required, no browser."""
from __future__ import annotations

import json
import os
import secrets
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

from analysis.paths import NOTEBOOKS_DIR, PROJECT_DIR
from analysis.report import KERNEL_NAME

STARTUP_SECONDS = 60


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A JupyterLab server process and a tiny client for its REST API."""

    def __init__(self, folder: Path):
        self.port = free_loopback_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "jupyterlab.log"
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
               "JUPYTER_CONFIG_DIR": str(folder / "config")}
        command = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={PROJECT_DIR}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
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
