"""``points``, ``keep`` and ``--restore-point`` on the command line, against the demo account (issue 23).

The demo is seeded at the real time of the test: web-1's automatic snapshots are of the 7 days before today at
06:00 UTC (the one 4 days ago Failed), with web-1-snap taken 2 days ago and web-1-snap-pending 10 minutes ago.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from lightsail_restore.local import LocalLightsail, Timings

from .conftest import Run

TARGET = ["--instance-names", "web-2", "--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0"]
WEB_1 = ["--source-instance-name", "web-1"]


def _points(run: Run) -> list[dict[str, Any]]:
    listed = run("points", *WEB_1, "--output", "json")
    assert listed.code == 0, listed.err
    points: list[dict[str, Any]] = listed.json()["points"]
    return points


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def _operations(state: Path, kind: str) -> list[dict[str, Any]]:
    operations = LocalLightsail.from_file(state).state["regions"]["us-east-2"]["operations"]
    return [op for op in operations if op["operationType"] == kind]


def test_points_lists_manual_and_automatic_points_with_ages_and_roll_offs(run: Run) -> None:
    points = _points(run)
    assert [p["kind"] for p in points].count("auto") == 7 and [p["kind"] for p in points].count("manual") == 2
    taken = [_at(p["takenAt"]) for p in points]
    assert taken == sorted(taken, reverse=True), "newest first"
    autos = [p for p in points if p["kind"] == "auto"]
    assert all(p["rollsOffAt"] and p["ageSeconds"] > 0 and p["sizeInGb"] == 40 for p in autos)
    assert [p["state"] for p in autos].count("failed") == 1
    assert all(p["rollsOffAt"] is None for p in points if p["kind"] == "manual")
    assert {p["bundleId"] for p in points} == {"micro_3_0"}
    assert points[-1]["disks"] == [{"path": "/dev/xvdf", "sizeInGb": 32, "name": None}]


def test_points_speaks_every_output_and_query(run: Run) -> None:
    table = run("points", *WEB_1)
    assert table.code == 0 and "INSTANCE  KIND    POINT" in table.out and "ROLLS OFF" in table.out
    queried = run("points", *WEB_1, "--output", "json", "--query", "points[?state=='failed'].kind")
    assert json.loads(queried.out) == ["auto"]
    as_yaml = yaml.safe_load(run("points", *WEB_1, "--output", "yaml").out)
    assert len(as_yaml["points"]) == 9
    text = run("points", *WEB_1, "--output", "text")
    assert text.code == 0 and "web-1-snap" in text.out
    everyone = run("points", "--output", "json").json()
    assert {p["instanceName"] for p in everyone["points"]} == {"web-1", "win-1"}


def test_restore_before_a_time_restores_the_newest_point_taken_before_it(run: Run) -> None:
    autos = [p for p in _points(run) if p["kind"] == "auto" and p["state"] == "available"]
    newer, older = autos[2], autos[3]  # two consecutive restorable days: choose the older one
    cut = _minute(_at(older["createdAt"]) + timedelta(minutes=1))
    assert _at(newer["createdAt"]) > _at(cut)
    done = run("restore", *WEB_1, "--restore-point", f"before:{cut}", *TARGET, "--output", "json")
    assert done.code == 0, done.err
    doc = done.json()
    assert doc["restorePoint"]["point"]["date"] == older["date"]
    assert doc["restorePoint"]["why"].startswith("the newest restorable point taken before")
    assert doc["instances"][0]["status"] == "succeeded"
    plan = doc["plan"]
    assert plan["wouldSend"]["restoreDate"] == older["date"] and "instanceSnapshotName" not in plan["wouldSend"]


def test_plan_says_which_point_it_chose(run: Run) -> None:
    planned = run("plan", *WEB_1, "--restore-point", "latest", *TARGET)
    assert planned.code == 0, planned.err
    assert planned.out.startswith("Restore point (latest): automatic snapshot of web-1 from ")
    doc = run("plan", *WEB_1, "--restore-point", "web-1-snap", *TARGET, "--output", "json").json()
    assert doc["wouldSend"]["instanceSnapshotName"] == "web-1-snap"
    chosen = [f for f in doc["findings"] if f["rule"] == "restore_point_chosen"]
    assert chosen[0]["message"] == "manual snapshot web-1-snap: named by --restore-point (web-1-snap)"


def test_the_oldest_point_is_warned_about_with_the_keep_command(run: Run) -> None:
    oldest = [p for p in _points(run) if p["kind"] == "auto"][-1]
    left = (_at(oldest["rollsOffAt"]) - datetime.now(tz=_at(oldest["rollsOffAt"]).tzinfo)).total_seconds()
    planned = run("plan", *WEB_1, "--restore-point", oldest["date"], *TARGET, "--output", "json")
    warned = [f for f in planned.json()["findings"] if f["rule"] == "restore_point_rolls_off"]
    assert bool(warned) == (left < 86400)  # it rolls off at the next 06:00 UTC: within a day
    if warned:
        keep = f"lightsail-restore keep --source-instance-name web-1 --restore-date {oldest['date']}"
        assert keep in warned[0]["message"] and "restore_date" not in warned[0]["message"]


def test_before_any_point_is_refused_naming_the_flag(run: Run, state: Path) -> None:
    refused = run("plan", *WEB_1, "--restore-point", "before:2001-01-01T00:00Z", *TARGET)
    assert refused.code == 2
    assert "  --restore-point: no restorable point of web-1 was taken before 2001-01-01 00:00 UTC" in refused.err
    assert "[RP4_nothing_before]" in refused.err and "restore_point" not in refused.err
    assert _operations(state, "CreateInstancesFromSnapshot") == []


def test_the_selector_and_its_companions_are_checked(run: Run) -> None:
    bad = run("plan", *WEB_1, "--restore-point", "before:soon", *TARGET, "--output", "json")
    assert bad.code == 2 and bad.json()["refused"][0]["flag"] == "--restore-point"
    both = run("plan", *WEB_1, "--restore-point", "latest", "--restore-date", "2026-01-01", *TARGET)
    assert both.code == 2 and "--restore-point chooses the source: leave out --restore-date" in both.err
    alone = run("plan", "--restore-point", "latest", *TARGET)
    assert alone.code == 2 and "give --source-instance-name" in alone.err


def test_keep_makes_a_manual_snapshot_and_a_rerun_finds_it(run: Run, state: Path) -> None:
    day = next(p for p in _points(run) if p["kind"] == "auto" and p["state"] == "available")["date"]
    kept = run("keep", *WEB_1, "--restore-date", day, "--output", "json")
    assert kept.code == 0, kept.err
    doc = kept.json()
    assert (doc["ok"], doc["name"], doc["state"], doc["resumed"]) == (True, f"web-1-{day}-kept", "available", False)
    listed = {p["name"]: p for p in _points(run) if p["kind"] == "manual"}
    assert listed[f"web-1-{day}-kept"]["fromAutoSnapshot"] is True
    again = run("keep", *WEB_1, "--restore-date", day, "--output", "json")
    assert again.code == 0 and again.json()["resumed"] is True
    assert len(_operations(state, "CopySnapshot")) == 1


def test_keep_refuses_a_failed_day_naming_its_flag(run: Run) -> None:
    failed = next(p for p in _points(run) if p["state"] == "failed")["date"]
    refused = run("keep", *WEB_1, "--restore-date", failed)
    assert refused.code == 2 and f"  --restore-date: web-1 has a Failed automatic snapshot from {failed}" in refused.err
    assert "refused by the plan" in refused.err


def test_keep_killed_after_the_copy_and_run_again_goes_on_from_it(state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.05, copy_seconds=60)
    points = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", "--local-state", str(state), "points", *WEB_1, "--output", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    day = next(p for p in json.loads(points.stdout)["points"] if p["state"] == "available" and p["kind"] == "auto")
    argv = ["--local-state", str(state), "--output", "json", "--debug", "keep", *WEB_1, "--restore-date", day["date"]]
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    logged = []  # the request after CopySnapshot means its answer was read (the copy is pending for 60 s)
    for line in process.stderr:
        logged.append(line)
        if "Making request for OperationModel(name=" in line and any("name=CopySnapshot)" in s for s in logged[:-1]):
            break
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert len(_operations(state, "CopySnapshot")) == 1
    instant = {**os.environ, "LIGHTSAIL_RESTORE_LOCAL_CLOCK": "instant"}  # the copy's 60 s pass at once
    again = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *argv[:4], *argv[5:]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=instant,
    )
    assert again.returncode == 0, again.stderr
    doc = json.loads(again.stdout)
    assert (doc["resumed"], doc["state"], doc["name"]) == (True, "available", f"web-1-{day['date']}-kept")
    assert len(_operations(state, "CopySnapshot")) == 1, "never copied twice"


def test_the_other_flags_are_checked_before_the_points_are_read(run: Run) -> None:
    zone = ["--instance-names", "web-2", "--availability-zone", "us-west-2a", "--bundle-id", "micro_3_0"]
    refused = run("--debug", "plan", *WEB_1, "--restore-point", "latest", *zone)
    assert refused.code == 2 and "--availability-zone" in refused.err
    assert "Making request" not in refused.err, "nothing was read"
    bad = run("--debug", "plan", *WEB_1, "--restore-point", "before:later", *TARGET)
    assert bad.code == 2 and "  --restore-point: must be latest, before:<UTC time>" in bad.err
    assert "Making request" not in bad.err


def test_bundle_same_from_the_input_json_without_the_plan_is_a_usage_error_before_the_points_are_read(
    run: Run, state: Path
) -> None:
    LocalLightsail.from_file(state).deny_access("GetAutoSnapshots")  # a read would fail: exit 1
    given = json.dumps({"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "same"})
    refused = run("--debug", "restore", *WEB_1, "--restore-point", "latest", "--no-check", "--cli-input-json", given)
    assert refused.code == 2, refused.err
    assert "  --bundle-id: --bundle-id same is chosen by the plan" in refused.err
    assert "[bundle_same_plans]" in refused.err
    assert "Making request" not in refused.err, "nothing was read"


REFUSED_UNREAD = [
    (["restore", "--no-check", "--like-source"], "--like-source", "like_source_plans"),
    (["restore", "--no-check", "--fallback-zones", "us-east-2b"], "--fallback-zones", "fallback_zones_plan"),
    (["restore", "--no-wait", "--copy-ports"], "--no-wait", "cut_over_needs_wait"),
    (["restore", "--no-check", "--source-region", "us-west-2"], "--no-check", "cross_region_plans"),
    (["plan", "--copy-name", "web-1-copy"], "--copy-name", "copy_needs_source_region"),
    (["plan", "--move-static-ip"], "--static-ip", "move_needs_static_ip"),
]


@pytest.mark.parametrize(("given", "flag", "rule"), REFUSED_UNREAD)
def test_options_the_library_refuses_are_usage_errors_before_the_points_are_read(
    run: Run, state: Path, given: list[str], flag: str, rule: str
) -> None:
    LocalLightsail.from_file(state).deny_access("GetAutoSnapshots")  # a read would fail: exit 1
    refused = run("--debug", given[0], *WEB_1, "--restore-point", "latest", *TARGET, *given[1:])
    assert refused.code == 2, refused.err
    assert f"[{rule}]" in refused.err and flag in refused.err
    assert "Making request" not in refused.err, "nothing was read"
