"""Each subcommand in-process against the local backend: output (JSON parsed), state, exit code 0."""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

from lightsail_restore import CreateInstancesFromSnapshotRequest
from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, TTY, Run, without_mark


def test_plan_table(run: Run) -> None:
    result = run("plan", "--instance-names", "web-2", *SNAP)
    assert result.code == 0, result.err
    assert "source: manual snapshot web-1-snap" in result.out
    assert "would create: web-2" in result.out
    assert '"instanceSnapshotName": "web-1-snap"' in result.out
    assert result.err == ""


def test_plan_json_sends_nothing(run: Run, state: Path) -> None:
    result = run("plan", "--output", "json", "--instance-names", "web-2", "web-3", *SNAP)
    assert result.code == 0, result.err
    plan = result.json()
    assert plan["ok"] is True
    assert plan["region"] == "us-east-2"
    assert plan["source"]["kind"] == "manual"
    assert plan["source"]["name"] == "web-1-snap"
    assert plan["source"]["createdAt"].endswith("Z")
    assert plan["toCreate"] == ["web-2", "web-3"]
    assert without_mark(plan["wouldSend"]) == {
        "instanceNames": ["web-2", "web-3"],
        "availabilityZone": "us-east-2a",
        "bundleId": "micro_3_0",
        "instanceSnapshotName": "web-1-snap",
        "attachedDiskMapping": {  # the snapshot's disk, for each new instance (attached_disks)
            "web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}],
            "web-3": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3-data"}],
        },
    }
    assert [(d["instanceName"], d["newDiskName"], d["sizeInGb"], d["chosen"]) for d in plan["disks"]] == [
        ("web-2", "web-2-data", 32, True),
        ("web-3", "web-3-data", 32, True),
    ]
    mark = {t["key"]: t["value"] for t in plan["wouldSend"]["tags"]}
    assert mark["lightsail-restore:source"] == "web-1-snap"
    assert mark["lightsail-restore:request"].startswith("sha256:")
    assert plan["apiCalls"] > 0
    names = {i["name"] for i in LocalLightsail.from_file(state).client().get_instances()["instances"]}
    assert names == {"web-1"}


def test_plan_automatic_snapshot(run: Run) -> None:
    result = run(
        "plan",
        "--output=json",
        "--instance-names=web-2",
        "--availability-zone=us-east-2b",
        "--bundle-id=small_3_0",
        "--source-instance-name=web-1",
        "--use-latest-restorable-auto-snapshot",
    )
    assert result.code == 0, result.err
    plan = result.json()
    assert plan["source"]["kind"] == "auto"
    assert plan["source"]["date"]
    assert plan["wouldSend"]["useLatestRestorableAutoSnapshot"] is True


def test_restore_waits_until_running(run: Run) -> None:
    result = run("restore", "--instance-names", "web-2", "web-3", *SNAP)
    assert result.code == 0, result.err
    lines = result.out.splitlines()[1:]
    assert result.out.startswith("Restore on local Lightsail us-east-2 (state file ")
    assert lines[0].split() == ["INSTANCE", "STATUS", "STATE", "ELAPSED", "ERROR"]
    assert lines[1].split()[:3] == ["web-2", "succeeded", "running"]
    assert lines[2].split()[:3] == ["web-3", "succeeded", "running"]
    assert "2 of 2 running" in result.out
    assert "request id" in result.out
    assert "\r" not in result.out  # no live progress when stdout is not a terminal


def test_restore_json(run: Run) -> None:
    result = run("--output", "json", "restore", "--wait", "--timeout", "60", "--instance-names", "web-2", *SNAP)
    assert result.code == 0, result.err
    outcome = result.json()
    assert outcome["ok"] is True and outcome["waited"] is True
    assert outcome["requestId"]
    [instance] = outcome["instances"]
    assert instance["name"] == "web-2"
    assert instance["status"] == "succeeded"
    assert instance["instanceState"] == "running"
    assert instance["operationStatus"] == "Succeeded"
    [operation] = outcome["operations"]
    assert operation["resourceName"] == "web-2"
    assert operation["createdAt"].endswith("Z")
    assert outcome["plan"]["ok"] is True


def test_restore_again_resumes(run: Run) -> None:
    assert run("restore", "--instance-names", "web-2", *SNAP).code == 0
    again = run("--output", "json", "restore", "--instance-names", "web-2", *SNAP)
    assert again.code == 0, again.err
    assert again.json()["instances"][0]["resumed"] is True
    assert again.json()["operations"] == []


def test_restore_no_wait_then_wait_by_operation_ids(run: Run) -> None:
    started = run("--output", "json", "restore", "--no-wait", "--instance-names", "web-2", "web-3", *SNAP)
    assert started.code == 0, started.err
    outcome = started.json()
    assert outcome["waited"] is False
    assert [i["status"] for i in outcome["instances"]] == ["not_waited", "not_waited"]
    ids = [i["operationId"] for i in outcome["instances"]]
    waited = run("--output", "json", "wait", "--operation-ids", *ids)
    assert waited.code == 0, waited.err
    result = waited.json()
    assert result["ok"] is True
    assert [(i["name"], i["status"], i["instanceState"]) for i in result["instances"]] == [
        ("web-2", "succeeded", "running"),
        ("web-3", "succeeded", "running"),
    ]


def test_restore_no_wait_table_says_how_to_wait(run: Run) -> None:
    result = run("restore", "--no-wait", "--instance-names", "web-2", *SNAP)
    assert result.code == 0, result.err
    assert "not_waited" in result.out
    hint = result.out.split("not waited; to wait: ")[1].strip()
    assert hint.startswith("lightsail-restore --local-state ") and " wait --operation-ids " in hint
    again = run(*shlex.split(hint)[1:], local=False)  # the hint runs as printed
    assert again.code == 0, again.err


def test_wait_by_names_table(run: Run) -> None:
    assert run("restore", "--no-wait", "--instance-names", "web-2", *SNAP).code == 0
    result = run("wait", "--instance-names", "web-2")
    assert result.code == 0, result.err
    assert result.out.splitlines()[2].split()[:3] == ["web-2", "succeeded", "running"]


def test_progress_goes_to_stderr_as_plain_lines_when_it_is_not_a_terminal(run: Run) -> None:
    result = run("restore", "--instance-names", "web-2", *SNAP)
    assert result.code == 0, result.err
    assert "\r" not in result.out + result.err
    assert "1/1 done, " in result.err and "deadline " in result.err and "running web-2" in result.err
    quiet = run("--output", "json", "restore", "--instance-names", "web-3", *SNAP)
    # machine output: no progress lines when stderr is not a terminal, only the plan's warnings
    assert all(line.startswith("lightsail-restore: warning: ") for line in quiet.err.splitlines())
    assert quiet.json()["ok"] is True


def test_live_progress_on_a_terminal(run: Run) -> None:
    # the instant clock: a boot of 5 s is still going on at the first round, whatever the machine's speed
    assert run("local", "reset", "--operation-seconds", "1", "--boot-seconds", "5").code == 0
    terminal = TTY()
    result = run("--output", "json", "restore", "--instance-names", "web-2", *SNAP, stderr=terminal)
    assert result.code == 0, result.err
    assert "\r0/1 done, " in result.err and "\x1b[K" in result.err
    progress = re.split(r"lightsail-restore: (?:\x1b\[[0-9;]*m)?warning", result.err)[0]  # the plan's warnings follow
    assert progress.endswith("\r\x1b[K")  # the live line is erased before the result
    assert result.json()["ok"] is True


def test_schema_is_the_request_schema_by_alias(run: Run) -> None:
    result = run("schema", local=False)
    assert result.code == 0
    schema = result.json()
    assert schema == json.loads(json.dumps(CreateInstancesFromSnapshotRequest.model_json_schema(by_alias=True)))
    assert "instanceNames" in schema["properties"]
    assert "instance_names" not in schema["properties"]


def test_local_show(run: Run) -> None:
    result = run("local", "show", "--output", "json")
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["region"] == "us-east-2"
    assert [(i["name"], i["state"], i["ipAddressType"]) for i in summary["instances"]] == [("web-1", "running", "ipv4")]
    assert {"web-1-snap", "win-snap"} <= set(summary["instanceSnapshots"])
    assert len(summary["autoSnapshots"]["web-1"]) == 7
    # the disks as GetDisks answers them: the instance each is attached to (attachedTo), absent when none
    assert summary["disks"] == [{"name": "web-1-data", "sizeInGb": 32, "attachedTo": "web-1"}]
    assert summary["keyPairs"] == ["deploy-key"]
    table = run("local", "show")
    assert table.code == 0
    assert "web-1" in table.out and "deploy-key" in table.out
    assert "  disks: web-1-data (32 GB, attached to web-1); key pairs: deploy-key" in table.out.splitlines()
    [header, row] = [line.split() for line in table.out.splitlines() if line.startswith(("  INSTANCE", "  web-1  "))]
    assert header[:6] == ["INSTANCE", "BUNDLE", "ZONE", "STATE", "IP", "TYPE"]
    assert row[:5] == ["web-1", "micro_3_0", "us-east-2a", "running", "ipv4"]


def test_local_reset_forgets_restores_and_sets_timings(run: Run) -> None:
    assert run("restore", "--instance-names", "web-2", *SNAP).code == 0
    assert [i["name"] for i in run("local", "show", "--output", "json").json()["instances"]] == ["web-1", "web-2"]
    reset = run("--output", "json", "local", "reset", "--boot-seconds", "3", "--operation-seconds", "1.5")
    assert reset.code == 0, reset.err
    summary = reset.json()
    assert [i["name"] for i in summary["instances"]] == ["web-1"]
    kept = {"copySeconds": 0.1, "checksSeconds": 0.1}
    assert summary["timings"] == {"operationSeconds": 1.5, "bootSeconds": 3.0, **kept}
    copying = run("--output", "json", "local", "reset", "--copy-seconds", "7", "--checks-seconds", "0.5").json()
    assert copying["timings"] == {"operationSeconds": 1.5, "bootSeconds": 3.0, "copySeconds": 7.0, "checksSeconds": 0.5}
    shown = run("local", "show", "--copy-seconds", "7")
    assert shown.code == 2 and "--copy-seconds: timings are set by `local reset`" in shown.err
    assert summary["operations"] == 0


def test_local_seeds_a_missing_state_file_with_short_timings(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "new" / "state.json"
    assert main(["--local", "--local-state", str(path), "local", "show"], stdout=TTY(), stderr=TTY()) == 0
    timings = LocalLightsail.from_file(path).timings
    assert (timings.operation_seconds, timings.boot_seconds, timings.copy_seconds) == (2.0, 4.0, 3.0)


def test_local_reset_repairs_a_broken_state_file(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    err = io.StringIO()
    assert main(["--local", "--local-state", str(path), "local", "show"], stdout=io.StringIO(), stderr=err) == 2
    assert "is not a usable local state file" in err.getvalue() and "local reset" in err.getvalue()
    assert main(["--local", "--local-state", str(path), "local", "reset"], stdout=io.StringIO(), stderr=err) == 0
    assert json.loads(path.read_text(encoding="utf-8"))


def test_options_before_or_after_the_subcommand(run: Run, state: Path) -> None:
    out = io.StringIO()
    code = main(
        ["plan", "--instance-names", "web-2", *SNAP, "--local", "--local-state", str(state), "--output", "json"],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 0
    assert json.loads(out.getvalue())["ok"] is True
    twice = run("--output", "json", "plan", "--output", "json", "--instance-names", "web-2", *SNAP)
    assert twice.code == 2 and "argument --output: given twice" in twice.err


def test_version_and_help(run: Run) -> None:
    version = run("--version", local=False)
    assert version.code == 0 and version.out.startswith("lightsail-restore ")
    helped = run("restore", "--help", local=False)
    assert helped.code == 0
    for flag in ("--instance-names", "--use-latest-restorable-auto-snapshot", "--no-wait", "--timeout", "--request"):
        assert flag in helped.out


def test_plan_after_a_restore_says_it_would_resume(run: Run) -> None:
    assert run("restore", "--instance-names", "web-2", *SNAP).code == 0
    text = run("plan", "--instance-names", "web-2", "web-3", *SNAP)
    assert text.code == 0, text.err
    assert "already created (a restore resumes them): web-2" in text.out
    assert "would create: web-3" in text.out
    only_resume = run("--output", "json", "plan", "--instance-names", "web-2", *SNAP).json()
    assert (only_resume["alreadyCreated"], only_resume["toCreate"], only_resume["wouldSend"]) == (["web-2"], [], None)


def test_no_mark_sends_no_tags_and_a_rerun_refuses_instead_of_resuming(run: Run, state: Path) -> None:
    plan = run("--output", "json", "plan", "--no-mark", "--instance-names", "web-2", *SNAP).json()
    assert "tags" not in plan["wouldSend"]
    done = run("--output", "json", "restore", "--no-mark", "--instance-names", "web-2", *SNAP)
    assert done.code == 0, done.err
    web_2 = LocalLightsail.from_file(state).client().get_instance(instanceName="web-2")["instance"]
    assert web_2.get("tags", []) == []  # nothing of the mark reached AWS
    again = run("--output", "json", "restore", "--instance-names", "web-2", *SNAP)
    assert again.code == 2  # not adopted: the unmarked instance could be anyone's
    refused = again.json()["refused"]
    assert [(p["flag"], p["rule"]) for p in refused] == [("--instance-names", "X12_name_in_use")]
