"""The command as a separate process: ``python -m lightsail_restore`` and the installed console script; one
process restores without waiting, another picks the saved state up and waits until the instances run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from lightsail_restore.local import LocalLightsail, Timings

from .conftest import SCRIPT, SNAP, Result, run_process, without_mark

Proc = Callable[..., Result]


@pytest.mark.usefixtures("instant")
def test_each_exit_code_as_a_process(proc: Proc) -> None:
    restore = proc("--output", "json", "restore", "--instance-names", "web-2", *SNAP)
    assert restore.code == 0, restore.err
    assert restore.json()["instances"][0]["status"] == "succeeded"
    shown = proc("--output", "json", "local", "show")
    assert [i["name"] for i in shown.json()["instances"]] == ["web-1", "web-2"]
    refused = proc("plan", "--instance-names", "web-1", *SNAP)
    assert refused.code == 2 and "[X12_name_in_use]" in refused.err
    aws = proc("restore", "--no-check", "--instance-names", "web-2", *SNAP)
    assert aws.code == 1 and "InvalidInputException" in aws.err and "request id: " in aws.err
    for result in (restore, shown, refused, aws):
        assert "Traceback" not in result.err


def test_the_console_script(proc: Proc) -> None:
    assert SCRIPT.exists(), f"{SCRIPT} is missing: pip install -e . --no-deps"
    restore = proc("restore", "--instance-names", "web-2", *SNAP, script=True)
    assert restore.code == 0, restore.err
    assert restore.out.splitlines()[2].split()[:3] == ["web-2", "succeeded", "running"]
    bad = proc("restore", "--nope", script=True)
    assert bad.code == 2 and "unrecognized arguments: --nope" in bad.err
    assert bad.err.startswith("usage: lightsail-restore restore ")  # the subcommand's usage
    assert "Traceback" not in bad.err


def test_restore_without_waiting_then_wait_in_another_process(state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.3, boot_seconds=0.8)
    flags = ["--local", "--local-state", str(state), "--output", "json"]
    started = run_process([*flags, "restore", "--no-wait", "--instance-names", "web-2", "web-3", *SNAP])
    assert started.code == 0, started.err
    assert {i["status"] for i in started.json()["instances"]} == {"not_waited"}
    ids = [i["operationId"] for i in started.json()["instances"]]
    waited = run_process([*flags, "wait", "--operation-ids", *ids, "--timeout", "30"], script=True)
    assert waited.code == 0, waited.err
    result = waited.json()
    assert [(i["name"], i["status"], i["instanceState"]) for i in result["instances"]] == [
        ("web-2", "succeeded", "running"),
        ("web-3", "succeeded", "running"),
    ]
    assert result["rounds"] >= 1
    states = LocalLightsail.from_file(state).client().get_instances()["instances"]
    assert {i["name"]: i["state"]["name"] for i in states} == {
        "web-1": "running",
        "web-2": "running",
        "web-3": "running",
    }


def test_request_from_stdin_in_a_process(proc: Proc) -> None:
    request = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
    result = proc("--output", "json", "plan", "--request", "-", "--instance-snapshot-name", "web-1-snap",
                  "--no-attached-disks", stdin=json.dumps(request))  # fmt: skip
    assert result.code == 0, result.err
    assert without_mark(result.json()["wouldSend"]) == {**request, "instanceSnapshotName": "web-1-snap"}


def test_default_state_location_honours_xdg_state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert run_process(["--local", "local", "show"]).code == 0
    assert (tmp_path / "xdg" / "lightsail-restore" / "local.json").is_file()
    monkeypatch.setenv("LIGHTSAIL_RESTORE_LOCAL_STATE", str(tmp_path / "explicit.json"))
    assert run_process(["--local", "local", "show"]).code == 0
    assert (tmp_path / "explicit.json").is_file()
