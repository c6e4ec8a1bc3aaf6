"""The package's public surface: a sorted, complete ``__all__`` (httpx style) and a shipped ``py.typed``."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import lightsail_restore

ROOT = Path(__file__).resolve().parents[2]


def public_names() -> set[str]:
    """Every name the package exposes that is not private and not a submodule."""
    return {
        name
        for name, value in vars(lightsail_restore).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }


def test_all_is_sorted_and_has_no_duplicates() -> None:
    names = list(lightsail_restore.__all__)
    # Plain code-point order: CapWords first, then "__version__", then lower-case functions.
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_all_is_complete() -> None:
    assert set(lightsail_restore.__all__) == public_names() | {"__version__"}


def test_every_name_in_all_resolves_and_belongs_to_the_package() -> None:
    for name in lightsail_restore.__all__:
        value = getattr(lightsail_restore, name)
        if name != "__version__":
            assert getattr(value, "__module__", "").startswith("lightsail_restore."), name


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from lightsail_restore import *", namespace)  # noqa: S102 - the star import is what is under test
    namespace.pop("__builtins__")
    assert set(namespace) == set(lightsail_restore.__all__)


def test_the_version_is_written_in_one_place() -> None:
    """``__version__`` is the one place; pyproject reads it (dynamic metadata), so the installed one agrees."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "lightsail_restore.__version__"}
    assert lightsail_restore.__version__ == importlib.metadata.version("lightsail-restore")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{lightsail_restore.__version__}]" in changelog


def test_the_license_is_apache_2_in_pep_639_metadata() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "Apache-2.0"
    assert pyproject["project"]["license-files"] == ["LICENSE"]
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[1]
    metadata = importlib.metadata.metadata("lightsail-restore")
    assert metadata["License-Expression"] == "Apache-2.0"


def test_py_typed_ships() -> None:
    marker = importlib.resources.files("lightsail_restore").joinpath("py.typed")
    assert marker.is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["lightsail_restore"]


def test_the_lazily_loaded_names_are_listed_once() -> None:
    """``_public`` lists the names; ``__init__`` star-imports it for type checkers and serves ``__all__`` from it."""
    from lightsail_restore import _public

    assert lightsail_restore.__all__ == sorted([*_public.__all__, "__version__"])
    source = (ROOT / "src" / "lightsail_restore" / "__init__.py").read_text(encoding="utf-8")
    assert "from ._public import *" in source
    assert not [name for name in _public.__all__ if f"{name}" in source.replace("_public", "")]


def test_importing_a_submodule_leaves_the_public_names_unloaded() -> None:
    """``from lightsail_restore import cli`` (the command's entry) must not import the whole library."""
    code = (
        "import sys; from lightsail_restore import cli, errors; import lightsail_restore; "
        "assert 'lightsail_restore._public' not in sys.modules; "
        "lightsail_restore.Plan; assert 'lightsail_restore._public' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own fixed code
