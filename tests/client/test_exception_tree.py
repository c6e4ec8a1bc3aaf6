"""The exception tree drawn in ``errors.py`` and ``docs/client.md`` is the package's real one (issue 19.7).

Every exception class the package defines under ``LightsailRestoreError`` is drawn, under its real parent; the two
drawings are the same; and every other exception class belongs to the command (``main`` turns each into an exit
code and a message) or to a private module, so none reaches a library user.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import textwrap
from pathlib import Path

import lightsail_restore
from lightsail_restore import errors
from lightsail_restore.errors import LightsailRestoreError

ROOT = Path(__file__).resolve().parents[2]
_NAME = re.compile(r"[A-Z]\w+")


def drawn(text: str) -> dict[str, str | None]:
    """Each class of a drawn tree with its parent's name (``None`` for the root), read by indentation."""
    parents: dict[str, str | None] = {}
    path: list[str] = []
    for line in text.splitlines():
        match = _NAME.search(line)
        if match is None or not set(line[: match.start()]) <= set(" │├└─"):
            continue
        depth = match.start() // 4
        del path[depth:]
        parents[match.group()] = path[-1] if path else None
        path.append(match.group())
    return parents


def docstring_tree() -> str:
    doc = errors.__doc__ or ""
    return textwrap.dedent(doc.split("The tree::", 1)[1].split("\n\n")[1])


def docs_tree() -> str:
    page = (ROOT / "docs" / "client.md").read_text(encoding="utf-8")
    return page.split("## The exception tree", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]


def defined_exceptions() -> set[type[BaseException]]:
    """Every exception class defined in a module of the package."""
    found: set[type[BaseException]] = set()
    for info in pkgutil.walk_packages(lightsail_restore.__path__, "lightsail_restore."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found.add(value)
    return found


def real_tree() -> dict[str, str | None]:
    tree: dict[str, str | None] = {}
    for cls in defined_exceptions():
        if issubclass(cls, LightsailRestoreError):
            parent = next((b for b in cls.__bases__ if issubclass(b, LightsailRestoreError)), None)
            tree[cls.__name__] = None if parent is None else parent.__name__
    return tree


def test_the_docstring_draws_every_class_under_its_parent() -> None:
    assert drawn(docstring_tree()) == real_tree()


def test_the_docs_draw_the_same_tree() -> None:
    assert docs_tree().strip() == docstring_tree().strip()


def test_the_tree_has_the_classes_the_restore_raises() -> None:
    tree = real_tree()
    assert {"PlanRefusedError", "RestoreFailedError", "OperationError", "SourceRegionUnreachableError"} <= set(tree)
    assert tree["PlanRefusedError"] == "RequestValidationError"
    assert tree["LightsailRestoreError"] is None


def test_the_reader_sees_a_missing_class() -> None:
    """The comparison can fail: a tree without a leaf, or with a leaf under the wrong parent, differs."""
    text = docstring_tree()
    without = "\n".join(line for line in text.splitlines() if "OperationError " not in line)
    assert drawn(without) != real_tree()
    moved = text.replace("│   └── PlanRefusedError ", "├── PlanRefusedError     ")
    assert drawn(moved)["PlanRefusedError"] == "LightsailRestoreError"


def test_every_other_exception_stays_inside_the_command_or_a_private_module() -> None:
    outside = {cls for cls in defined_exceptions() if not issubclass(cls, LightsailRestoreError)}
    assert outside  # the command has its own (Refusal, UsageError, ...)
    for cls in outside:
        module = cls.__module__
        private = any(part.startswith("_") for part in module.split("."))
        assert module.startswith("lightsail_restore.cli.") or private, f"{module}.{cls.__qualname__}"
