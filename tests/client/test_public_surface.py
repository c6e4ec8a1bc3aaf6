"""The fenced public surface (issue 19 point 7): which modules are public, and what each one's ``__all__`` holds.

A module is public when no part of its dotted name starts with an underscore; every other module is internal and
may change in any release (``docs/design/deprecation.md``). Each public module has an ``__all__`` that lists every
name it defines or re-exports from the package, and nothing else; ``docs/reference.md`` lists each of them with the
first line of its docstring and is generated from the code (to write it again after a deliberate change:
``LIGHTSAIL_RESTORE_GOLDEN=write pytest tests/client/test_public_surface.py``), so a change to the public surface
shows in the review as a change to that page.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import types
import typing
from pathlib import Path

import pytest

import lightsail_restore

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference.md"

PUBLIC_MODULES = (
    "lightsail_restore",
    "lightsail_restore.cli",
    "lightsail_restore.drill",
    "lightsail_restore.errors",
    "lightsail_restore.local",
    "lightsail_restore.request",
    "lightsail_restore.restore",
    "lightsail_restore.testing",
    "lightsail_restore.testing.strategies",
)
"""Every public module; a new one is a decision, made here and in ``docs/reference.md``."""


def _all_modules() -> list[str]:
    found = ["lightsail_restore"]
    found += [info.name for info in pkgutil.walk_packages(lightsail_restore.__path__, "lightsail_restore.")]
    return found


def _is_public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split(".")[1:])


def _all_of(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    assert names is not None, f"{module_name} has no __all__"
    return [name for name in names if name != "__version__"]


def _summary(value: object) -> str:
    """A name's line in the reference: the first line of its docstring, or what the value is."""
    if typing.get_origin(value) is typing.Literal:
        return "one of " + ", ".join(f"`{each!r}`" for each in typing.get_args(value))
    if inspect.isclass(value) or inspect.isfunction(value):
        doc = inspect.getdoc(value) or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""
    if isinstance(value, str | int | float):
        return f"the constant `{value!r}`"
    if isinstance(value, tuple | frozenset | dict | list):
        return f"a constant {type(value).__name__} of {len(value)} entries"
    return type(value).__name__


def render() -> str:
    """``docs/reference.md``, from the public modules' ``__all__`` and docstrings."""
    lines = [
        "# Reference: the public names",
        "",
        "Generated from the code by `tests/client/test_public_surface.py` (which fails when this page and the code",
        "disagree): every public module, and each name its `__all__` lists, with the first line of its docstring.",
        "A module whose dotted name has a part starting with `_` is internal and may change in any release",
        "([design/deprecation.md](design/deprecation.md)); so may a name no `__all__` lists.",
    ]
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        lines += ["", f"## `{module_name}`", ""]
        for name in _all_of(module_name):
            lines.append(f"- `{name}`: {_summary(getattr(module, name))}".rstrip())
    return "\n".join(lines) + "\n"


def test_the_public_modules_are_the_listed_ones() -> None:
    public = {name for name in _all_modules() if _is_public(name)}
    assert public == set(PUBLIC_MODULES)


def test_each_public_module_lists_exactly_what_it_exposes() -> None:
    """Nothing a public module defines or re-exports from the package escapes its ``__all__``, and vice versa.

    A public name of another public module (a request model a strategy is typed with) may be imported for use.
    """
    elsewhere = {id(getattr(importlib.import_module(name), each)) for name in PUBLIC_MODULES for each in _all_of(name)}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        listed = set(_all_of(module_name))
        exposed = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and not isinstance(value, types.ModuleType)
            and str(getattr(value, "__module__", "")).startswith("lightsail_restore")
        }
        escaped = {name for name in exposed - listed if id(getattr(module, name)) not in elsewhere}
        assert not escaped, (module_name, sorted(escaped))
        assert all(hasattr(module, name) for name in listed), module_name


def test_every_public_class_and_function_has_a_docstring() -> None:
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in _all_of(module_name):
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                assert _summary(value), f"{module_name}.{name} has no docstring"


def test_the_reference_page_is_the_code() -> None:
    expected = render()
    if os.environ.get("LIGHTSAIL_RESTORE_GOLDEN") == "write":
        REFERENCE.write_text(expected, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("module_name", [name for name in PUBLIC_MODULES if name != "lightsail_restore"])
def test_a_public_package_imports_nothing_internal_by_a_public_looking_name(module_name: str) -> None:
    """Internal modules are private: no public module's attribute is a module without an underscore name."""
    module = importlib.import_module(module_name)
    leaked = [
        name
        for name, value in vars(module).items()
        if isinstance(value, types.ModuleType)
        and not name.startswith("_")
        and value.__name__.startswith("lightsail_restore")
        and not _is_public(value.__name__)
    ]
    assert not leaked, (module_name, leaked)
