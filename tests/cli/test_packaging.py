"""Packaging for users: the console script and ``python -m``, the extras (``typing`` brings boto3-stubs), and
``lightsail_restore.testing`` saying which extra to install when Hypothesis is missing."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_typing_extra_brings_the_lightsail_stubs() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    extras = project["optional-dependencies"]
    assert any(d.startswith("boto3-stubs[lightsail]") for d in extras["typing"])
    assert project["scripts"] == {"lightsail-restore": "lightsail_restore.cli:main"}
    for page in ("README.md", "docs/cli.md"):
        assert "lightsail-restore[typing]" in (ROOT / page).read_text(encoding="utf-8"), page


def test_every_new_dependency_is_pinned() -> None:
    pinned = {
        line.split("==")[0].lower()
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    assert {"types-jmespath", "boto3-stubs", "mypy-boto3-lightsail"} <= pinned


def test_testing_without_hypothesis_says_which_extra_to_install() -> None:
    code = "import sys; sys.modules['hypothesis'] = None; import lightsail_restore.testing"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 1
    assert "lightsail_restore.testing needs Hypothesis: pip install 'lightsail-restore[testing]'" in done.stderr


def test_the_command_is_a_package_of_small_modules() -> None:
    package = ROOT / "src" / "lightsail_restore" / "cli"
    modules = sorted(p.name for p in package.glob("*.py"))
    assert "__init__.py" in modules and len(modules) >= 10
    assert not list((ROOT / "src" / "lightsail_restore").glob("_cli_*.py"))
    assert not (ROOT / "src" / "lightsail_restore" / "cli.py").exists()
    for module in package.glob("*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) < 400, module.name
