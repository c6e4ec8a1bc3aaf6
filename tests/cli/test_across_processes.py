"""The command as separate processes (``python -m lightsail_restore`` and the console script) sharing one state file.

Self-contained (no fixtures from conftest): each test prepares its own state file with ``LocalLightsail.from_file``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lightsail_restore import __version__
from lightsail_restore.local import LocalLightsail, Timings

SCRIPT = Path(sys.executable).with_name("lightsail-restore")
REQUEST = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]


def _run(argv: list[str], *, script: bool = False, state: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "lightsail_restore"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    if state is not None:
        env["LIGHTSAIL_RESTORE_LOCAL_STATE"] = str(state)
    return subprocess.run(  # noqa: S603 - our own command
        [*command, *argv], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_restore_no_wait_then_wait_in_another_process(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=1.0, boot_seconds=2.0))

    sent = _run(
        ["--local", "--output", "json", "restore", "--no-wait", "--instance-names", "web-2", "web-3", *REQUEST],
        state=state,
    )

    assert sent.returncode == 0, sent.stderr
    assert [(i["name"], i["status"]) for i in json.loads(sent.stdout)["instances"]] == [
        ("web-2", "not_waited"),
        ("web-3", "not_waited"),
    ]
    waited = _run(
        ["wait", "--instance-names", "web-2", "web-3", "--timeout", "30", "--local", "--output", "json"],
        script=True,
        state=state,
    )
    assert waited.returncode == 0, waited.stderr
    result = json.loads(waited.stdout)
    assert [(i["name"], i["status"], i["instanceState"]) for i in result["instances"]] == [
        ("web-2", "succeeded", "running"),
        ("web-3", "succeeded", "running"),
    ]
    assert result["rounds"] >= 2, "the instances were still pending when the wait began: it must have polled"


def test_local_reset_in_a_process_brings_the_demo_account_back(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=0.0, boot_seconds=0.0))
    assert _run(["--local", "restore", "--instance-names", "web-2", *REQUEST], state=state).returncode == 0

    reset = _run(["local", "reset", "--output", "json"], script=True, state=state)

    assert reset.returncode == 0, reset.stderr
    shown = _run(["local", "show", "--output", "json"], state=state)
    assert [i["name"] for i in json.loads(shown.stdout)["instances"]] == ["web-1"]
    assert json.loads(shown.stdout)["operations"] == 0


def test_version_from_the_console_script() -> None:
    done = _run(["--version"], script=True)

    assert done.returncode == 0
    assert done.stdout.strip() == f"lightsail-restore {__version__}"


def test_exit_codes_of_a_process(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=0.0, boot_seconds=0.0))

    bad_flag = _run(["--local", "plan", "--instance-name", "web-2", *REQUEST], state=state)
    refused = _run(
        ["--local", "restore", "--no-check", "--instance-names", "web-4", *REQUEST[:-1], "no-such-snap"],
        script=True,
        state=state,
    )

    assert bad_flag.returncode == 2
    assert "unrecognized arguments: --instance-name" in bad_flag.stderr
    assert refused.returncode == 1
    assert "AWS refused: NotFoundException" in refused.stderr
    assert "tip:" in refused.stderr and "request id" in refused.stderr
    for done in (bad_flag, refused):
        assert "Traceback" not in done.stdout + done.stderr
