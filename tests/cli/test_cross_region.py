"""``restore --source-region``: the command copies the snapshot into ``--region``, waits for the copy, restores it.

The subprocess tests run the real command against a local state file; the others run it in-process.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from lightsail_restore.local import LocalLightsail, Timings

from .conftest import COPY, CROSS, WEST, WEST_SNAP, Result, Run


def _west(state: Path) -> dict[str, object]:
    regions: dict[str, dict[str, object]] = LocalLightsail.from_file(state).state["regions"]
    return regions["us-west-2"]


def test_a_cross_region_restore_as_a_process_and_its_rerun(state: Path, proc: Callable[..., Result]) -> None:
    first = proc(*WEST, "restore", "--wait", *CROSS, "--output", "json")
    assert first.code == 0, first.err
    doc = first.json()
    assert doc["ok"] is True and doc["backend"]["region"] == "us-west-2"
    assert [(i["name"], i["status"], i["source"]) for i in doc["instances"]] == [
        ("web-2", "succeeded", "us-east-2:web-1-snap")
    ]
    assert [(s["name"], s["status"]) for s in doc["steps"]] == [
        ("plan", "done"),
        ("copy", "done"),
        ("create", "done"),
        ("wait", "done"),
    ]
    copy = doc["copy"]
    assert (copy["name"], copy["state"], copy["sourceRegion"], copy["region"], copy["resumed"]) == (
        COPY,
        "available",
        "us-east-2",
        "us-west-2",
        False,
    )
    assert doc["plan"]["copy"]["wouldSend"] == {
        "targetSnapshotName": COPY,
        "sourceRegion": "us-east-2",
        "sourceSnapshotName": "web-1-snap",
    }
    assert doc["plan"]["wouldSend"]["instanceSnapshotName"] == COPY
    assert doc["restoredFrom"] == "manual snapshot web-1-snap in us-east-2"
    west = _west(state)
    instances = west["instances"]
    assert isinstance(instances, dict) and list(instances) == ["web-2"]
    assert instances["web-2"]["location"]["regionName"] == "us-west-2"

    again = proc(*WEST, "restore", "--wait", *CROSS)
    assert again.code == 0, again.err
    assert "copy from us-east-2 to us-west-2: skipped: every instance was already created" in again.out
    assert "web-2     succeeded (resumed)  running" in again.out
    operations = _west(state)["operations"]
    assert isinstance(operations, list)
    assert sorted(op["operationType"] for op in operations) == ["CopySnapshot", "CreateInstancesFromSnapshot"]


def test_the_plan_shows_the_copy_and_sends_nothing(run: Run, state: Path) -> None:
    shown = run(*WEST, "plan", *CROSS)
    assert shown.code == 0, shown.err
    assert "  source: manual snapshot web-1-snap in us-east-2" in shown.out
    assert (
        f"  copy: us-east-2:web-1-snap to {COPY} in us-west-2, a name chosen for you; would copy, then wait until it "
        "is available" in shown.out
    )
    assert f'  would copy: {{"targetSnapshotName": "{COPY}", "sourceRegion": "us-east-2"' in shown.out
    assert _west(state)["operations"] == []
    named = run(*WEST, "plan", *CROSS, "--copy-name", "web-dr", "--output", "json").json()
    assert (named["copy"]["name"], named["copy"]["chosen"]) == ("web-dr", False)
    assert named["source"]["region"] == "us-east-2"


def test_a_rerun_while_the_copy_is_pending_waits_for_it(run: Run, state: Path) -> None:
    backend = LocalLightsail.from_file(state)
    backend.timings = Timings(operation_seconds=0.05, boot_seconds=0.1, copy_seconds=60)  # the instant clock
    backend.client("us-west-2").copy_snapshot(
        sourceRegion="us-east-2", sourceSnapshotName="web-1-snap", targetSnapshotName=COPY
    )  # as an interrupted earlier run left it
    done = run(*WEST, "restore", *CROSS, "--output", "json")
    assert done.code == 0, done.err
    doc = done.json()
    assert (doc["copy"]["resumed"], doc["steps"][1]["status"]) == (True, "done")
    assert "was already being copied by an earlier run" in doc["steps"][1]["detail"]
    operations = _west(state)["operations"]
    assert isinstance(operations, list) and [op["operationType"] for op in operations].count("CopySnapshot") == 1


def test_a_failed_copy_creates_nothing_and_exits_1(run: Run, state: Path) -> None:
    LocalLightsail.from_file(state).fail_copy(COPY, error_code="InternalError", error_details="copy broke")
    failed = run(*WEST, "restore", *CROSS)
    assert failed.code == 1
    assert "copy from us-east-2 to us-west-2: failed:" in failed.out
    assert "web-2     not_created" in failed.out
    assert "lightsail-restore: the copy failed:" in failed.err and "InternalError: copy broke" in failed.err
    assert _west(state)["instances"] == {}
    again = run(*WEST, "restore", *CROSS, "--output", "json")
    assert again.code == 2  # the plan refuses to use a failed copy, or to copy over it
    assert [(p["flag"], p["rule"]) for p in again.json()["refused"]] == [("--copy-name", "copy_failed")]


def test_cross_region_flags_are_checked_before_anything_is_sent(run: Run, state: Path) -> None:
    cases = [
        (["--source-region", "us-west-1"], "--source-region", "not a Region where Lightsail runs"),
        (["--source-region", "US-EAST-2"], "--source-region", "did you mean us-east-2?"),
        (["--copy-name", "web-dr"], "--copy-name", "give --source-region too"),
        (["--source-region", "us-east-2", "--copy-name", "web-dr-"], "--copy-name", "must be 2-255 ASCII"),
        (["--source-region", "us-east-2", "--copy-name", ""], "--copy-name", "must be 2-255 ASCII"),  # not "none"
        (["--source-region", "us-east-2", "--no-check"], "--no-check", "always plans"),
    ]
    for flags, flag, words in cases:
        refused = run(*WEST, "restore", *WEST_SNAP, *flags)
        assert refused.code == 2, (flags, refused.err)
        assert f"  {flag}" in refused.err and words in refused.err, (flags, refused.err)
    assert _west(state)["operations"] == [] and _west(state)["instanceSnapshots"] == {}


def test_an_endpoint_cannot_serve_two_regions(run: Run) -> None:
    refused = run(
        "--region",
        "us-west-2",
        "--endpoint-url",
        "https://example.test",
        "plan",
        *CROSS,
        "--output",
        "json",
        local=False,
    )
    assert refused.code == 2
    assert [(p["flag"], p["rule"]) for p in refused.json()["refused"]] == [("--endpoint-url", "endpoint_two_regions")]


def test_a_taken_copy_name_names_the_flag(run: Run, state: Path) -> None:
    backend = LocalLightsail.from_file(state)
    backend.client("us-west-2").copy_snapshot(
        sourceRegion="us-east-2", sourceSnapshotName="win-snap", targetSnapshotName="web-dr"
    )
    refused = run(*WEST, "plan", *CROSS, "--copy-name", "web-dr")
    assert refused.code == 2
    assert (
        "  --copy-name (targetSnapshotName): web-dr exists in us-west-2 and is not this restore's copy" in refused.err
    )
    assert "give another copy name (--copy-name) [copy_name_in_use]" in refused.err  # the flag, not copy_name
    assert "copy_name," not in refused.err


def test_interrupted_while_the_copy_is_pending_says_it_was_copied_and_the_rerun_resumes(state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.05, boot_seconds=0.1, copy_seconds=60)
    argv = ["--local-state", str(state), *WEST, "--output", "json", "--debug", "restore", *CROSS]
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    logged = []  # the wire log (--debug): the request after CopySnapshot means its answer was read, whatever the speed
    for line in process.stderr:
        logged.append(line)
        if "Making request for OperationModel(name=" in line and any("name=CopySnapshot)" in s for s in logged[:-1]):
            break
    process.send_signal(signal.SIGINT)
    out, rest = process.communicate(timeout=30)
    err = "".join(logged) + rest
    assert process.returncode == 130, err
    interrupted = json.loads(out)["interrupted"]
    assert [c["name"] for c in interrupted["copied"]] == [COPY] and interrupted["createSent"] is False
    assert f"copied by this run (a rerun uses the copy, never copies again): {COPY} (operation " in err
    assert "nothing was created by this run" not in err and "Traceback" not in err
    words = shlex.split(interrupted["resume"])
    assert words[:3] == [sys.executable, "-m", "lightsail_restore"]
    instant = {**os.environ, "LIGHTSAIL_RESTORE_LOCAL_CLOCK": "instant"}  # the copy's 60 s pass at once
    again = subprocess.run(words, capture_output=True, text=True, timeout=60, check=False, env=instant)  # noqa: S603
    assert again.returncode == 0, again.stderr
    doc = json.loads(again.stdout)
    assert (doc["copy"]["resumed"], doc["steps"][1]["status"]) == (True, "done")  # waited for it, never copied again
    operations = _west(state)["operations"]
    assert isinstance(operations, list)
    assert sorted(op["operationType"] for op in operations) == ["CopySnapshot", "CreateInstancesFromSnapshot"]


def test_a_source_missing_in_its_region_is_refused_by_the_plan(run: Run) -> None:
    words = ["--source-region", "us-east-2", "--source-instance-name", "web-9", "--use-latest-restorable-auto-snapshot"]
    target = ["--instance-names", "web-5", "--availability-zone", "us-west-2a", "--bundle-id", "micro_3_0"]
    refused = run(*WEST, "plan", *words, *target)
    assert refused.code == 2
    assert "  copy: from us-east-2 to us-west-2, once the source is found" in refused.out
    assert "  --source-instance-name: no instance named web-9 in us-east-2" in refused.err
