"""Shared test configuration.

Hypothesis profiles (``HYPOTHESIS_PROFILE=dev|ci|thorough``; by default ``dev`` in the fast loop and ``ci``
otherwise), and the ``process`` marker, set here on every test that starts a process or waits in real time:
``pytest -m "not process"`` is the fast loop.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import types
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
FAST_LOOP = "not process"
"""The marker expression of the fast loop (``pytest -m "not process"``)."""


@pytest.hookimpl(tryfirst=True)  # before Hypothesis's own plugin, which loads ``--hypothesis-profile`` when given
def pytest_configure(config: pytest.Config) -> None:
    """``$HYPOTHESIS_PROFILE`` when set; else ``dev`` (25 examples a property) in the fast loop, ``ci`` (100) otherwise.

    The whole suite (``scripts/check``, CI) samples every property at ``ci``'s strength; the fast loop, a developer's
    quick answer, a quarter of that. ``--hypothesis-profile`` still overrides both.
    """
    fast_loop = config.getoption("markexpr", "") == FAST_LOOP
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("dev" if fast_loop else "ci"))


@pytest.fixture(autouse=True, scope="session")
def _botocore_data_read_once() -> Iterator[None]:
    """botocore's data (``endpoints.json``, the Lightsail model, its folder of services) read once per test run.

    Every in-process run of the command makes new botocore sessions, and each one listed botocore's data folder and
    parsed the same files again: most of a run's CPU time. Here only the reading of botocore's installed data is
    shared between sessions, as one session shares it between its clients: the serializer, validator and parser
    still run on every call.
    """
    from botocore.loaders import JSONFileLoader, Loader

    read, services, versions = JSONFileLoader.load_file, Loader.list_available_services, Loader.list_api_versions
    known: dict[tuple[object, ...], Any] = {}

    def once(key: tuple[object, ...], answer: Callable[[], Any]) -> Any:
        if key not in known:
            known[key] = answer()
        return known[key]

    def load_file(self: JSONFileLoader, file_path: str) -> Any:
        return once(("file", file_path), lambda: read(self, file_path))

    def list_available_services(self: Loader, type_name: str) -> Any:
        where = tuple(path for path in self.search_paths if os.path.isdir(path))
        return once(("services", where, type_name), lambda: services(self, type_name))

    def list_api_versions(self: Loader, service_name: str, type_name: str) -> Any:
        where = tuple(path for path in self.search_paths if os.path.isdir(path))
        return once(("versions", where, service_name, type_name), lambda: versions(self, service_name, type_name))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(JSONFileLoader, "load_file", load_file)
        patch.setattr(Loader, "list_available_services", list_available_services)
        patch.setattr(Loader, "list_api_versions", list_api_versions)
        yield


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's pauses between the attempts of a call, recorded instead of slept, in every test.

    botocore's retry handler (standard or legacy mode) chooses the delay, and ``botocore.endpoint`` sleeps it through
    its ``time`` module: only that module's ``time`` is replaced (botocore's, not ours), so a test of botocore's
    retries costs no wall clock, and a test that asks for ``sleeps`` reads the delays botocore chose.
    """
    import botocore.endpoint

    recorded: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=recorded.append))
    return recorded


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``COLUMNS`` or ``LINES`` from the shell (or from pytest-xdist, whose workers have ``COLUMNS=80``).

    The command wraps its messages at ``COLUMNS``; a test that wants a width sets it.
    """
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


_PROCESS_FIXTURES = frozenset({"proc"})
"""Fixtures that run the command as a subprocess."""
_PROCESS_WORDS = re.compile(r"\b(subprocess|Popen|run_process|multiprocessing|get_context|time\.sleep)\b")
"""What a test (or a helper of its module it calls) says when it starts a process or sleeps for real."""
_TESTS = os.path.dirname(__file__)


@cache
def _starts_processes(function: types.FunctionType) -> bool:
    """Whether ``function``, or a function of the test modules it names, starts a process or really sleeps."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    if _PROCESS_WORDS.search(source):
        return True
    for name in function.__code__.co_names:
        helper = function.__globals__.get(name)
        if (
            isinstance(helper, types.FunctionType)
            and helper is not function
            and helper.__code__.co_filename.startswith(_TESTS)
            and _starts_processes(helper)
        ):
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``process`` every test that uses a subprocess fixture or whose code starts a process or sleeps."""
    for item in items:
        function = getattr(item, "function", None)
        uses = set(getattr(item, "fixturenames", ()))
        if uses & _PROCESS_FIXTURES or (
            isinstance(function, types.FunctionType) and _starts_processes(inspect.unwrap(function))
        ):
            item.add_marker(pytest.mark.process)


@pytest.fixture(autouse=True)
def _core_speaks_in_parameters(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every ``Finding`` and ``Issue`` the core makes in any test lists parameters the command's table maps
    (``cli.flags.PARAM_FLAGS``), among them each library option its message names (issue 19, point 4).

    A spy on the two classes' ``__init__``: it calls the real one and records what the core (the package outside
    ``cli/``, not a test) made; the test fails at its end on a finding that breaks the rule. Its value is the list
    of those found so far (``tests/cli/test_parameters.py`` shows it finds one).
    """
    from lightsail_restore.cli._flags import PARAM_FLAGS
    from lightsail_restore.errors import Issue
    from lightsail_restore.restore._findings import Finding

    options = sorted((p for p in PARAM_FLAGS if "_" in p or "=" in p or "." in p), key=len, reverse=True)
    named = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, options)) + r")(?![\w-])")
    package = os.path.dirname(inspect.getfile(Issue))
    broken: list[str] = []

    def spy(cls: type[Any]) -> None:
        real = cls.__init__

        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            real(self, *args, **kwargs)
            made_by = sys._getframe(1).f_code.co_filename  # who made it: the core, or a test
            if not made_by.startswith(package) or f"{os.sep}cli{os.sep}" in made_by:
                return
            unmapped = [p for p in self.params if p not in PARAM_FLAGS]
            # its own member in the Python spelling (``given twice: as restoreDate and restore_date``) is the
            # member's name as the input gave it, not a library option
            member = re.sub(r"(?<!^)(?=[A-Z])", "_", str(getattr(self, "path", "")).rsplit(".", 1)[-1]).lower()
            unlisted = sorted({m for m in named.findall(self.message) if m not in (*self.params, member)})
            if unmapped or unlisted:
                broken.append(f"{self.rule}: unmapped {unmapped}, unlisted {unlisted}: {self.message}")

        monkeypatch.setattr(cls, "__init__", init)

    spy(Finding)
    spy(Issue)
    yield broken
    assert broken == []
