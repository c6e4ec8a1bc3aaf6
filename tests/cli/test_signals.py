"""Ctrl-C and SIGTERM, in a real process: exit 130 and 143 with a message that says what this run already created
and the exact command that resumes it; never a traceback, with one JSON document under ``--output json``."""

from __future__ import annotations

import json
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lightsail_restore.local import LocalLightsail, Timings

from .conftest import FAST, SNAP


def start(argv: list[str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "lightsail_restore", *argv]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603


def wait_until_handled(process: subprocess.Popen[str]) -> None:
    """Wait until the command catches SIGTERM: ``main`` has taken over both signals (``SigCgt`` in ``/proc``).

    Nothing can catch a signal before Python runs ``main``; from then on the command must. Waiting for this moment,
    instead of sleeping a fixed time, keeps the test true on a machine of any speed.
    """
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
            caught = next(int(line.split()[1], 16) for line in status if line.startswith("SigCgt:"))
        if caught >> (signal.SIGTERM - 1) & 1:
            return
        time.sleep(0.001)
    raise AssertionError(f"the command never caught SIGTERM (exit {process.poll()})")


def wait_until_created(state: Path, name: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        names = {i["name"] for i in LocalLightsail.from_file(state).client().get_instances()["instances"]}
        if name in names:
            time.sleep(0.3)  # into the waiting
            return
        time.sleep(0.05)
    raise AssertionError(f"{name} was never created")


@pytest.mark.parametrize(("signum", "code", "what"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_interrupted_while_waiting_says_what_exists_and_how_to_resume(
    state: Path, signum: int, code: int, what: str
) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.2, boot_seconds=60)
    argv = ["--local-state", str(state), "--output", "json", "restore", "--instance-name", "web-2", *SNAP]
    process = start([*argv, "--user-data", "echo secret-canary-7"])
    wait_until_created(state, "web-2", process)
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert process.returncode == code, err
    assert "Traceback" not in err and "secret-canary-7" not in out + err
    document = json.loads(out)
    interrupted = document["interrupted"]
    assert (document["ok"], interrupted["signal"], interrupted["createSent"]) == (
        False,
        signal.Signals(signum).name,
        True,
    )
    assert [c["name"] for c in interrupted["created"]] == ["web-2"] and interrupted["created"][0]["operationId"]
    assert f"lightsail-restore: interrupted ({what})." in err
    assert f"created by this run on local Lightsail us-east-2 (state file {state}): web-2 (operation " in err
    resume = interrupted["resume"]
    assert resume in err and "<the same user data>" in resume  # inline user data is never printed
    words = shlex.split(resume)
    assert words[:3] == [sys.executable, "-m", "lightsail_restore"]
    LocalLightsail.from_file(state).timings = FAST
    words[words.index("<the same user data>")] = "echo secret-canary-7"
    again = subprocess.run(words, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert again.returncode == 0, again.stderr
    [instance] = json.loads(again.stdout)["instances"]
    assert (instance["name"], instance["status"], instance["resumed"]) == ("web-2", "succeeded", True)


@pytest.mark.parametrize("delay", [0, 0.1, 0.3, 1.0])
def test_interrupted_early_exits_130_without_a_traceback(state: Path, delay: float) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.2, boot_seconds=60)
    process = start(["--local-state", str(state), "--output", "json", "restore", "--instance-names", "web-3", *SNAP])
    wait_until_handled(process)
    time.sleep(delay)  # while it imports, plans, creates or waits: whichever, the same exit
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert json.loads(out)["interrupted"]["signal"] == "SIGINT"  # the handler is in place from the first ms
    assert "lightsail-restore: interrupted (Ctrl-C)" in err, err
    assert "Traceback" not in err


def test_sigterm_as_soon_as_the_command_runs(state: Path) -> None:
    process = start(["--local-state", str(state), "plan", "--instance-names", "web-3", *SNAP])
    wait_until_handled(process)  # at once: while the command is still importing what it needs
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143, err
    assert "lightsail-restore: interrupted (SIGTERM)" in err and "Traceback" not in err


def test_interrupted_without_the_mark_does_not_promise_a_resume(state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.2, boot_seconds=60)
    argv = ["--local-state", str(state), "restore", "--no-mark", "--instance-names", "web-2", *SNAP]
    process = start(argv)
    wait_until_created(state, "web-2", process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "sent without the mark (--no-mark): a rerun cannot resume what it created" in err
    assert "to resume" not in err and "Traceback" not in err
