"""Running ``lightsail-restore`` in-process and as a subprocess against a temporary local state file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail, Timings
from lightsail_restore.restore._provenance import MARK_KEYS

FAST = Timings(operation_seconds=0.05, boot_seconds=0.1, copy_seconds=0.1, checks_seconds=0.1)
"""Local timings for real-time tests: a restore-and-wait takes about a second."""

SCRIPT = Path(sys.executable).with_name("lightsail-restore")
SNAP = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]
"""Flags of a request that the demo account accepts (add ``--instance-names``)."""
WEST = ["--region", "us-west-2"]
WEST_SNAP = [
    "--instance-snapshot-name",
    "web-1-snap",
    "--instance-names",
    "web-2",
    "--availability-zone",
    "us-west-2a",
    "--bundle-id",
    "micro_3_0",
]
"""With ``WEST``: the demo snapshot restored as web-2 in us-west-2 (add where the snapshot is)."""
CROSS = ["--source-region", "us-east-2", *WEST_SNAP]
"""With ``WEST``: a cross-Region restore of the demo snapshot, web-2 in us-west-2."""
COPY = "web-1-snap-from-us-east-2"
"""The copy ``CROSS`` makes (its default name)."""


@dataclass(frozen=True)
class Result:
    """What one run of the command did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def steps(self) -> dict[str, tuple[str, str]]:
        """Each step of a ``--output json`` restore, by name: its status and its detail."""
        return {s["name"]: (s["status"], s["detail"]) for s in self.json()["steps"]}


Run = Callable[..., Result]


def step_flag_refusals(run: Run, flag: str, *where: str) -> tuple[Result, Result, Result]:
    """A restore step's flag where the core refuses it: with ``--no-wait``, with ``--replace-source``, on ``drill``."""
    return (
        run("restore", flag, "--no-wait", "--instance-names", "web-3", *where),
        run("plan", flag, "--replace-source", *where),
        run("drill", flag, *where),
    )


def without_mark(would_send: dict[str, Any]) -> dict[str, Any]:
    """A plan's ``wouldSend`` without the provenance tags the restore adds (``tags`` dropped when none are left)."""
    params = dict(would_send)
    tags = [t for t in params.pop("tags", []) if t["key"] not in MARK_KEYS]
    return {**params, "tags": tags} if tags else params


class TTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """No real AWS configuration, credentials, metadata service or state directory is ever used.

    A test that starts no process (not marked ``process``) runs the command on the local backend's instant clock
    (``LIGHTSAIL_RESTORE_LOCAL_CLOCK=instant``): its waits take no real time. A subprocess runs in real time.
    """
    for name in list(os.environ):
        if name.startswith("AWS_") or name in (
            "LIGHTSAIL_RESTORE_LOCAL_STATE",
            "LIGHTSAIL_RESTORE_LOCAL_CLOCK",
            "XDG_STATE_HOME",
        ):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    if request.node.get_closest_marker("process") is None:
        monkeypatch.setenv("LIGHTSAIL_RESTORE_LOCAL_CLOCK", "instant")


@pytest.fixture
def instant(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's subprocesses in this test run the local backend on its instant clock too: their waits (boot,
    a readiness gate's pauses until its deadline) take no real time. For a test that asks a process something
    other than how it lives through real time (a signal, a kill -9 mid-wait, the README's real-time run keep it).
    """
    monkeypatch.setenv("LIGHTSAIL_RESTORE_LOCAL_CLOCK", "instant")


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """A local state file holding the demo account, with fast timings."""
    path = tmp_path / "state" / "local.json"
    LocalLightsail.from_file(path, timings=FAST)
    return path


@pytest.fixture
def run(state: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the command in-process against ``state`` (``--local --local-state`` prepended unless local=False).

    The local backend runs on its instant clock (``LIGHTSAIL_RESTORE_LOCAL_CLOCK=instant``): waits take no real time.
    """
    monkeypatch.setenv("LIGHTSAIL_RESTORE_LOCAL_CLOCK", "instant")

    def go(
        *argv: str, local: bool = True, stdout: io.StringIO | None = None, stderr: io.StringIO | None = None
    ) -> Result:
        out, err = stdout or io.StringIO(), stderr or io.StringIO()
        prefix = ["--local", "--local-state", str(state)] if local else []
        code = main([*prefix, *argv], stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return go


def run_process(argv: Sequence[str], *, script: bool = False, stdin: str | None = None, timeout: float = 60) -> Result:
    """Run the command as a subprocess: ``python -m lightsail_restore`` or the console script."""
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "lightsail_restore"]
    done = subprocess.run(  # noqa: S603 - our own command
        [*command, *argv], capture_output=True, text=True, check=False, timeout=timeout, input=stdin
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def proc(state: Path) -> Iterator[Callable[..., Result]]:
    """Run the command as a subprocess against ``state``."""

    def go(*argv: str, script: bool = False, stdin: str | None = None) -> Result:
        return run_process(["--local", "--local-state", str(state), *argv], script=script, stdin=stdin)

    yield go
