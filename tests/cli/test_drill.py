"""``lightsail-restore drill`` and ``cleanup`` on the local backend: the issue's done-when command, the exit codes,
the report files, the refusals, confirmation, and a drill killed with SIGKILL after its create, then resumed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.local import LocalLightsail, Timings

from .conftest import SNAP, Run, run_process


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP listener on 127.0.0.1: its port."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield int(server.getsockname()[1])


def account(state: Path) -> tuple[Any, ...]:
    """The instances, web-ip's holder and web-1's firewall rules."""
    client = LocalLightsail.from_file(state).client()
    names = sorted(i["name"] for i in client.get_instances()["instances"])
    ip = client.get_static_ip(staticIpName="web-ip")["staticIp"].get("attachedTo")
    ports = sorted(str(p) for p in client.get_instance_port_states(instanceName="web-1")["portStates"])
    return names, ip, ports


def test_the_done_when_command_exits_0_and_leaves_web_1_as_it_was(
    run: Run, state: Path, tmp_path: Path, listener: int
) -> None:
    before = account(state)
    report = tmp_path / "r.json"
    page = tmp_path / "r.md"
    done = run("drill", *SNAP, "--health-check", f"tcp:{listener}", "--report", str(report), "--report", str(page))
    assert done.code == 0, done.err
    data = json.loads(report.read_text())
    assert {"rtoSeconds", "rpoSeconds", "steps", "checks", "teardown", "drillId", "source", "ok"} <= set(data)
    assert data["ok"] is True and data["drillId"].startswith("web-1-snap-drill-")
    assert [s["name"] for s in data["steps"]][-1] == "teardown"
    assert [c["result"] for c in data["checks"]] == ["passed", "passed"]
    assert [(t["name"], t["operation"]) for t in data["teardown"]] == [
        (data["drillId"], "DeleteInstance"),
        (f"{data['drillId']}-data", "DeleteDisk"),  # web-1-snap's data disk came along, and went
    ]
    assert page.read_text().startswith(f"# Restore drill {data['drillId']}: PASSED")
    assert f"lightsail-restore: drill {data['drillId']}; if it is interrupted" in done.err
    assert f"--resume {data['drillId']}" in done.err
    assert account(state) == before


def test_output_json_prints_the_report(run: Run, state: Path) -> None:
    done = run("--output", "json", "drill", *SNAP, "--instance-names", "my-drill")
    assert done.code == 0, done.err
    doc = done.json()
    assert doc["instances"] == ["my-drill"] and doc["ok"] is True
    assert [c["check"] for c in doc["checks"]] == ["status checks"]
    assert account(state)[0] == ["web-1"]


def test_a_failing_health_check_exits_1_after_the_teardown(run: Run, state: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        refused = sock.getsockname()[1]
        done = run("--output", "json", "drill", *SNAP, "--health-check", f"tcp:{refused}", "--timeout", "120")
    assert done.code == 1, done.err
    doc = done.json()
    assert doc["ok"] is False and doc["failedAt"] == ["health checks"]
    assert [t["status"] for t in doc["teardown"]] == ["deleted", "deleted"]
    assert "failed at health checks" in done.err
    assert account(state)[0] == ["web-1"]


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--static-ip", "web-ip"], "--static-ip"),
        (["--static-ip", "web-ip", "--move-static-ip"], "--move-static-ip"),
        (["--report", "r.txt"], "--report"),
        (["--source-region", "us-east-2", "--copy-name", "mine"], "--copy-name"),
    ],
)
def test_usage_errors_exit_2_and_send_nothing(run: Run, state: Path, flags: list[str], named: str) -> None:
    done = run("drill", *SNAP, *flags)
    assert done.code == 2
    assert named in done.err
    assert LocalLightsail.from_file(state).requests == [] and account(state)[0] == ["web-1"]


def test_keep_then_cleanup_plans_asks_for_yes_and_deletes(run: Run, state: Path) -> None:
    kept = run("--output", "json", "drill", *SNAP, "--keep")
    assert kept.code == 0, kept.err
    doc = kept.json()
    drill_id = doc["drillId"]
    assert doc["kept"] == [drill_id] and doc["teardown"] == []
    assert f"cleanup --drill-id {drill_id} --yes" in doc["cleanup"]
    assert account(state)[0] == sorted(["web-1", drill_id])
    dry = run("--output", "json", "cleanup", "--drill-id", drill_id, "--dry-run")
    assert dry.code == 0, dry.err
    assert [(r["name"], r["operation"]) for r in dry.json()["plan"]["resources"]] == [
        (drill_id, "DeleteInstance"),
        (f"{drill_id}-data", "DeleteDisk"),
    ]
    unconfirmed = run("cleanup", "--drill-id", drill_id)
    assert unconfirmed.code == 2 and "--yes" in unconfirmed.err
    assert account(state)[0] == sorted(["web-1", drill_id])
    done = run("--output", "json", "cleanup", "--drill-id", drill_id, "--yes")
    assert done.code == 0, done.err
    assert [d["status"] for d in done.json()["deleted"]] == ["deleted", "deleted"]  # the instance and its disk
    assert account(state)[0] == ["web-1"]


def test_cleanup_refuses_an_instance_without_the_mark(run: Run, state: Path) -> None:
    done = run("cleanup", "--instance-names", "web-1", "--yes")
    assert done.code == 2
    assert "refused web-1: it carries no lightsail-restore mark" in done.err
    assert account(state)[0] == ["web-1"]
    assert run("cleanup", "--yes").code == 2


def test_a_drill_killed_after_its_create_then_resumed_leaves_nothing(tmp_path: Path, listener: int) -> None:
    state = tmp_path / "S.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=0.2, boot_seconds=3, checks_seconds=0.5))
    flags = ["--local-state", str(state), "drill", *SNAP, "--health-check", f"tcp:{listener}"]
    child = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *flags], stderr=subprocess.PIPE, text=True
    )
    assert child.stderr is not None
    first = child.stderr.readline()
    drill_id = first.split("drill ", 1)[1].split(";", 1)[0]
    deadline = time.monotonic() + 60
    while drill_id not in account(state)[0] and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stderr.close()
    assert drill_id in account(state)[0]  # killed after its create, before its teardown
    resumed = run_process([*flags, "--resume", drill_id, "--output", "json"])
    assert resumed.code == 0, resumed.err
    doc = resumed.json()
    assert doc["resumed"] is True and [t["name"] for t in doc["teardown"]] == [drill_id, f"{drill_id}-data"]
    assert account(state)[0] == ["web-1"]
    creates = [
        op
        for op in LocalLightsail.from_file(state).state["regions"]["us-east-2"]["operations"]
        if op["operationType"] == "CreateInstancesFromSnapshot" and op["resourceName"] == drill_id
    ]
    assert len(creates) == 1


def test_an_interrupted_drill_says_the_command_that_finishes_it(tmp_path: Path) -> None:
    state = tmp_path / "S.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=0.2, boot_seconds=30, checks_seconds=0.5))
    flags = ["--local-state", str(state), "drill", *SNAP]
    with subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *flags], stderr=subprocess.PIPE, text=True
    ) as child:
        assert child.stderr is not None
        drill_id = child.stderr.readline().split("drill ", 1)[1].split(";", 1)[0]
        deadline = time.monotonic() + 60
        while drill_id not in account(state)[0] and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        err = child.stderr.read()
        assert child.wait(timeout=60) == 130
    assert f"--resume {drill_id}" in err.split("interrupted", 1)[1]


def test_a_cross_region_drill_deletes_its_copy_too(run: Run, state: Path) -> None:
    west = ["--instance-snapshot-name", "web-1-snap", "--availability-zone", "us-west-2a", "--bundle-id", "micro_3_0"]
    done = run("--region", "us-west-2", "--output", "json", "drill", "--source-region", "us-east-2", *west)
    assert done.code == 0, done.err
    doc = done.json()
    copy = f"{doc['drillId']}-from-us-east-2"
    assert [(t["name"], t["kind"]) for t in doc["teardown"]] == [
        (doc["drillId"], "Instance"),
        (f"{doc['drillId']}-data", "Disk"),
        (copy, "InstanceSnapshot"),
    ]
    client = LocalLightsail.from_file(state).client("us-west-2")
    assert client.get_instances()["instances"] == [] and client.get_instance_snapshots()["instanceSnapshots"] == []
    assert account(state)[0] == ["web-1"]


def test_cleanup_of_a_restore_that_moved_web_ip_puts_it_back_on_web_1(run: Run, state: Path) -> None:
    client = LocalLightsail.from_file(state).client()
    client.detach_static_ip(staticIpName="web-ip")  # then attached by an operation, which says where it was
    client.attach_static_ip(staticIpName="web-ip", instanceName="web-1")
    moved = run("restore", "--instance-names", "web-2", *SNAP, "--static-ip", "web-ip", "--move-static-ip")
    assert moved.code == 0, moved.err
    assert account(state)[1] == "web-2"
    dry = run("cleanup", "--instance-names", "web-2", "--dry-run")
    assert dry.code == 0, dry.err
    assert "  fail back web-ip from web-2: put back on web-1, the instance it was taken from" in dry.out
    done = run("--output", "json", "cleanup", "--instance-names", "web-2", "--yes")
    assert done.code == 0, done.err
    assert [(f["staticIpName"], f["to"], f["status"]) for f in done.json()["failBack"]] == [("web-ip", "web-1", "done")]
    assert account(state)[:2] == (["web-1"], "web-1")
