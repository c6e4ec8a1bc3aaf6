"""Each private module of ``lightsail_restore.restore`` imports first: the workflow's import order does not matter.

A fresh interpreter imports the modules one by one, each first: before each, every module of the workflow package
is dropped and an empty package stands in for it (its ``__init__`` imports nothing first), so only what the module
itself imports runs, in its own order. A cycle among the workflow's modules (the outcome importing the plan, whose
modules import the steps, whose outcome ...) fails it with Python's "partially initialized module". What lies below
the workflow (``errors``, ``request``, ``_api``) stays loaded between modules: it imports nothing of the workflow.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import lightsail_restore.restore

MODULES = sorted(
    module.name for module in pkgutil.walk_packages(lightsail_restore.restore.__path__, "lightsail_restore.restore.")
)
EACH_FIRST = """
import importlib, importlib.util, sys, types
package, *names = sys.argv[1:]
where = list(importlib.util.find_spec(package).submodule_search_locations)
for name in names:
    for loaded in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[loaded]
    stand_in = types.ModuleType(package)
    stand_in.__path__ = where
    sys.modules[package] = stand_in
    try:
        importlib.import_module(name)
    except ImportError as exc:
        print(f"{name}: {exc}")
"""
"""Imports each of ``names`` first, with ``package`` an empty stand-in; prints each that fails, and why."""


def import_each_first(package: str, names: list[str], path: Path | None = None) -> list[str]:
    """The modules of ``names`` that fail to import first, with why (``path`` first on ``sys.path``, when given)."""
    code = f"import sys; sys.path.insert(0, {str(path)!r})\n{EACH_FIRST}" if path else EACH_FIRST
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, package, *names], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.splitlines()


def test_every_private_module_is_listed() -> None:
    assert {"lightsail_restore.restore._outcome", "lightsail_restore.restore._plan"} <= set(MODULES)
    assert {"lightsail_restore.restore._steps", "lightsail_restore.restore._steps.copy.step"} <= set(MODULES)


@pytest.mark.process
def test_each_module_imports_first() -> None:
    assert import_each_first("lightsail_restore.restore", MODULES) == []


@pytest.mark.process
def test_a_cycle_fails_the_check(tmp_path: Path) -> None:
    """The check can fail: two modules importing each other's names at the top, and one that imports neither."""
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plan.py").write_text("from .outcome import Outcome\nclass Plan: ...\n")
    (package / "outcome.py").write_text("from .plan import Plan\nclass Outcome: ...\n")
    (package / "alone.py").write_text("class Alone: ...\n")
    failed = import_each_first("cyclic", ["cyclic.alone", "cyclic.outcome", "cyclic.plan"], tmp_path)
    assert [line.partition(":")[0] for line in failed] == ["cyclic.outcome", "cyclic.plan"]
    assert all("partially initialized module" in line for line in failed)
