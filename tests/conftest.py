"""Shared fixtures. The project notebooks are run as a whole report twice per test session
(about a minute of CPU each), into two folders, and shared by every test module and every
pytest-xdist worker through a lock file, instead of once per module and worker."""
from __future__ import annotations

import fcntl
import warnings
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def project_reports(tmp_path_factory, worker_id) -> list[Path]:
    """Two report folders made by ``run_report`` on the seeds with the project notebooks."""
    from analysis.report import run_report

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # xdist: one base folder per worker; their parent is the session's
        shared = shared.parent
    folders = [shared / "project-report" / run for run in ("a", "b")]
    with open(shared / "project-report.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "project-report.done"
        if not done.exists():
            with warnings.catch_warnings(record=True):  # missing captions: asserted in a test
                warnings.simplefilter("always")
                for folder in folders:
                    run_report(output_dir=folder, progress=False)
            done.write_text("ok")
    return folders


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every pyplot figure a test leaves open (figure functions return them open, as a
    notebook wants), so tests do not pile up figures in one worker."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
