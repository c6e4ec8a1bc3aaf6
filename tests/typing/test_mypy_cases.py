"""What mypy (strict, with the repo's pydantic plugin settings) says about small user programs.

Every ``cases/case_*.py`` is checked in ONE mypy run. A line ending in ``# E: code [code ...]`` must get exactly
those error codes; every other line must get none. The cases open with ``# mypy: ignore-errors`` so the project's
own mypy run skips them; the copy checked here has that line blanked (line numbers unchanged).
"""

from __future__ import annotations

import configparser
import re
from collections import Counter
from pathlib import Path

import pytest
from mypy import api

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = sorted((HERE / "cases").glob("case_*.py"))
IGNORE_LINE = "# mypy: ignore-errors"
MARKER = re.compile(r"#\s*E:\s*(?P<codes>[a-z0-9-]+(?:[ ,]+[a-z0-9-]+)*)\s*$")
ERROR = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$")

CACHE = ROOT / ".mypy_cache" / "typing-cases"
"""mypy's cache for this run (its own, beside the project's): what the cases import (pydantic, boto3's stubs, the
library) is read once and checked again only when it changes (mypy compares each file's hash), not on every run."""

Expected = Counter[tuple[str, int, str]]


def expected_errors(case: Path) -> Expected:
    found: Expected = Counter()
    for number, line in enumerate(case.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            for code in re.split(r"[ ,]+", match["codes"]):
                found[case.name, number, code] += 1
    return found


def mypy_ini(target: Path) -> None:
    """The repo's own ``mypy.ini`` (strict, the pydantic plugin and its settings), minus what would skip the cases.

    Dropped: ``files`` (only the copied cases are checked) and the ``[mypy-tests.typing.cases.*]`` section.
    """
    repo = configparser.ConfigParser()
    repo.read(ROOT / "mypy.ini", encoding="utf-8")
    config = configparser.ConfigParser()
    for section in repo.sections():
        if section.startswith("mypy-tests.typing"):
            continue
        config[section] = {key: value for key, value in repo[section].items() if key != "files"}
    with target.open("w", encoding="utf-8") as out:
        config.write(out)


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, int]:
    tmp = tmp_path_factory.mktemp("typing_cases")
    for case in CASES:
        lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
        assert lines[0].rstrip("\n") == IGNORE_LINE, f"{case.name} must open with {IGNORE_LINE!r}"
        (tmp / case.name).write_text("#\n" + "".join(lines[1:]), encoding="utf-8")
    mypy_ini(tmp / "mypy.ini")
    args = [
        "--config-file",
        str(tmp / "mypy.ini"),
        "--cache-dir",
        str(CACHE),
        "--show-error-codes",
        "--hide-error-context",
        "--no-pretty",
        "--no-color-output",
        "--no-error-summary",
        *(str(tmp / case.name) for case in CASES),
    ]
    return api.run(args)


def actual_errors(stdout: str) -> Expected:
    found: Expected = Counter()
    for line in stdout.splitlines():
        match = ERROR.match(line)
        if match:
            assert match["code"], f"an error without a code: {line}"
            found[Path(match["file"]).name, int(match["line"]), match["code"]] += 1
    return found


def test_there_are_good_and_bad_cases() -> None:
    names = {case.name for case in CASES}
    assert "case_good.py" in names
    assert not expected_errors(HERE / "cases" / "case_good.py")
    assert sum(1 for case in CASES if expected_errors(case)) >= 3


def test_mypy_ran(mypy_output: tuple[str, str, int]) -> None:
    stdout, stderr, status = mypy_output
    assert stderr == ""
    assert status == (1 if any(expected_errors(case) for case in CASES) else 0), stdout
    for line in stdout.splitlines():
        assert ERROR.match(line) or ": note: " in line, f"unexpected mypy output: {line}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_mypy_says_exactly_what_the_case_expects(case: Path, mypy_output: tuple[str, str, int]) -> None:
    stdout = mypy_output[0]
    actual = Counter({key: n for key, n in actual_errors(stdout).items() if key[0] == case.name})
    detail = "\n".join(line for line in stdout.splitlines() if Path(line.split(":", 1)[0]).name == case.name)
    assert sorted(actual.elements()) == sorted(expected_errors(case).elements()), detail


def test_the_checked_copy_uses_the_repos_settings(tmp_path: Path) -> None:
    mypy_ini(tmp_path / "mypy.ini")
    config = configparser.ConfigParser()
    config.read(tmp_path / "mypy.ini", encoding="utf-8")
    repo = configparser.ConfigParser()
    repo.read(ROOT / "mypy.ini", encoding="utf-8")
    assert config["mypy"]["plugins"] == "pydantic.mypy"
    assert config["mypy"]["strict"] == "True"
    assert dict(config["pydantic-mypy"]) == dict(repo["pydantic-mypy"])
    assert {**config["mypy"], "files": repo["mypy"]["files"]} == dict(repo["mypy"])
    assert not any(section.startswith("mypy-tests.typing") for section in config.sections())


def test_the_cases_are_skipped_by_the_projects_own_mypy_run() -> None:
    for case in CASES:
        assert case.read_text(encoding="utf-8").splitlines()[0] == IGNORE_LINE
