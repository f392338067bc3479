"""environment.yml, pyproject.toml and requirements.lock name the same packages and versions."""
import re
import tomllib

import yaml

from analysis.paths import PROJECT_DIR


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def _environment():
    env = yaml.safe_load((PROJECT_DIR / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for spec in conda + [p for p in pip if not p.startswith("-e")]:
        name, _, version = spec.replace("==", "=").partition("=")
        pins[_name(name)] = version
    return pins


def _lock():
    pins = {}
    for line in (PROJECT_DIR / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    return pins


def test_environment_yml_lists_the_pyproject_dependencies():
    conda = set(_environment()) - {"python", "pip"}
    assert conda == {_name(r) for r in _pyproject()}


def test_environment_yml_pins_the_versions_of_requirements_lock():
    lock = _lock()
    for name, version in _environment().items():
        if name not in ("python", "pip"):
            assert lock[name] == version, name


def test_every_pyproject_dependency_is_pinned_in_the_lock():
    assert {_name(r) for r in _pyproject()} <= set(_lock())
