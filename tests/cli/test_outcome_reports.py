"""What the command reports for the outcomes a restore can now have: the automatic snapshot's date restored,
"created; the answer was lost", a wait that ended early (with how to go on), and a name not found."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lightsail_restore import CreateInstancesFromSnapshotRequest, LightsailRestoreClient
from lightsail_restore.cli import _human as human
from lightsail_restore.cli._style import Style
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import SNAP, Run

AUTO = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--source-instance-name", "web-1"]


def test_the_table_names_the_automatic_snapshots_date(run: Run, state: Path) -> None:
    lightsail = LocalLightsail.from_file(state).client()
    snapshots = lightsail.get_auto_snapshots(resourceName="web-1")["autoSnapshots"]
    latest = max(s["date"] for s in snapshots if s["status"] == "Success")
    table = run("restore", "--instance-names", "web-2", *AUTO, "--use-latest-restorable-auto-snapshot")
    assert table.code == 0, table.err
    assert f"restored from the automatic snapshot of web-1 from {latest}" in table.out.splitlines()[-1]
    data = run("--output", "json", "restore", "--instance-names", "web-3", *AUTO, "--restore-date", latest).json()
    assert data["restoredDate"] == latest
    assert data["restoredFrom"] == f"the automatic snapshot of web-1 from {latest}"


def test_the_table_says_when_the_answer_was_lost() -> None:
    clock = ManualClock(datetime(2026, 3, 10, 12, tzinfo=UTC))
    backend = LocalLightsail.demo(clock=clock)
    client = LightsailRestoreClient(backend.client())
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2", "web-3"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    outcome = client.restore(request, clock=clock)
    assert outcome.answer_lost and backend.calls("CreateInstancesFromSnapshot") == 1  # never re-sent by botocore
    lines = human.instance_lines(outcome.to_dict()["instances"], Style(color=False))
    assert [line.split()[:2] for line in lines[1:]] == [["web-2", "succeeded"], ["web-3", "succeeded"]]
    assert all("(created; the answer was lost)" in line for line in lines[1:])


def test_a_wait_that_ended_early_says_how_to_go_on_and_a_rerun_does(run: Run, state: Path) -> None:
    backend = LocalLightsail.from_file(state)
    backend.deny_access("GetOperations")  # kept in the state file: the command's own backend sees it
    ended = run("restore", "--instance-names", "web-2", *SNAP)
    assert ended.code == 1
    assert ended.out.splitlines()[2].split()[:2] == ["web-2", "unknown"]
    assert "the wait ended early on an error retrying cannot fix: AccessDeniedException" in ended.err
    assert "run the same restore again to go on" in ended.err
    backend.clear_refusals()
    again = run("--output", "json", "restore", "--instance-names", "web-2", *SNAP)
    assert again.code == 0, again.err
    assert [(i["name"], i["status"], i["resumed"]) for i in again.json()["instances"]] == [("web-2", "succeeded", True)]


def test_a_name_not_found_is_said_so(run: Run) -> None:
    result = run("wait", "--instance-names", "ghost-1")
    assert result.code == 1
    assert result.out.splitlines()[2].split()[:2] == ["ghost-1", "not_found"]
    assert "ghost-1 was not found: no instance and no creation operation of that name" in result.err
    data = run("--output", "json", "wait", "--instance-names", "ghost-1").json()
    assert data["ok"] is False and data["error"] is None
