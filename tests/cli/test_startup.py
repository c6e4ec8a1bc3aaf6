"""``lightsail-restore --version`` and ``--help`` start without importing boto3 or botocore (issue 19.11).

Both run as the installed console script under ``PYTHONPROFILEIMPORTTIME``, so every module the process imports
is listed on stderr; the subcommands' ``--help`` is checked the same way through ``python -m``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from .conftest import SCRIPT

AWS_SDK = re.compile(r"\|\s+(boto3|botocore)(\.|$)", re.MULTILINE)


def imported(command: list[str]) -> tuple[int, str, set[str]]:
    """Exit code, stdout, and the top-level packages of boto3/botocore the process imported."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, timeout=60)  # noqa: S603
    modules = {match.group(1) for match in AWS_SDK.finditer(done.stderr)}
    assert "import time:" in done.stderr  # the profile ran, so an empty set means nothing was imported
    return done.returncode, done.stdout, modules


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_the_console_script_starts_without_the_aws_sdk(flag: str) -> None:
    code, out, modules = imported([str(SCRIPT), flag])
    assert code == 0
    assert out.startswith("lightsail-restore 0.") if flag == "--version" else "usage: lightsail-restore" in out
    assert modules == set()


@pytest.mark.parametrize("command", ["plan", "restore", "wait", "schema", "local"])
def test_a_subcommands_help_starts_without_the_aws_sdk(command: str) -> None:
    code, out, modules = imported([sys.executable, "-m", "lightsail_restore", command, "--help"])
    assert code == 0
    assert f"usage: lightsail-restore {command}" in out
    assert modules == set()


def test_the_profile_would_see_the_sdk() -> None:
    """The check can fail: a process that imports botocore is seen doing so."""
    _, _, modules = imported([sys.executable, "-c", "import botocore.session"])
    assert modules == {"botocore"}
