"""Automatic snapshots taken as the backend's clock runs: one a day at the add-on's time, seven kept, gone with their
instance; a failed one on demand. Through a real boto3 client, on a manual clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import LATEST_DATE, START, base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

HOUR = 3600.0
DAY = 24 * HOUR
DATA_DISK = [{"path": "/dev/xvdf", "sizeInGb": 32}]


def _days(client: LightsailClient, name: str = "web-1") -> list[dict[str, Any]]:
    return [dict(s) for s in client.get_auto_snapshots(resourceName=name)["autoSnapshots"]]


def _dates(client: LightsailClient, name: str = "web-1") -> list[str]:
    return [str(s["date"]) for s in _days(client, name)]


def _until(clock: ManualClock, when: datetime) -> None:
    clock.advance((when - clock.now()).total_seconds())


def test_the_demo_takes_one_a_day_at_the_add_on_time_and_keeps_seven(
    client: LightsailClient, clock: ManualClock
) -> None:
    assert _dates(client)[0] == LATEST_DATE, "the seed's history stops at yesterday"
    _until(clock, datetime(2026, 3, 11, 5, 59, 59, tzinfo=UTC))
    assert _dates(client)[0] == LATEST_DATE, "not before 06:00 (the add-on's snapshotTimeOfDay)"
    clock.advance(1)
    days = _days(client)
    assert [d["date"] for d in days] == [f"2026-03-{n:02}" for n in (11, 9, 8, 7, 6, 5, 4)], "03-03 rolled off"
    assert days[0]["createdAt"] == datetime(2026, 3, 11, 6, tzinfo=UTC)
    assert (days[0]["status"], days[0]["fromAttachedDisks"]) == ("Success", DATA_DISK)


def test_a_long_pause_leaves_the_seven_latest_days(client: LightsailClient, clock: ManualClock) -> None:
    clock.advance(30 * DAY)  # 2026-04-09 12:00
    days = _days(client)
    assert [d["date"] for d in days] == [f"2026-04-{n:02}" for n in range(9, 2, -1)]
    assert all(d["status"] == "Success" for d in days), "the failed one of the seed rolled off"


def test_a_new_day_can_be_restored_and_is_the_latest(client: LightsailClient, clock: ManualClock) -> None:
    clock.advance(DAY)
    auto = {"instanceSnapshotName": None, "sourceInstanceName": "web-1"}
    client.create_instances_from_snapshot(**base_request(**auto, restoreDate="2026-03-11"))
    latest = client.create_instances_from_snapshot(
        **base_request(**auto, instanceNames=["web-3"], useLatestRestorableAutoSnapshot=True)
    )
    assert latest["operations"][0]["status"] == "Started"


def test_a_failed_one_on_demand(backend: LocalLightsail, client: LightsailClient, clock: ManualClock) -> None:
    backend.fail_auto_snapshot("web-1")
    clock.advance(2 * DAY)
    days = {d["date"]: d["status"] for d in _days(client)}
    assert (days["2026-03-11"], days["2026-03-12"]) == ("Failed", "Success"), "only the next one fails"
    auto = {"instanceSnapshotName": None, "sourceInstanceName": "web-1", "restoreDate": "2026-03-11"}
    response = client_error(client.create_instances_from_snapshot, **base_request(**auto))
    assert "its status is Failed" in response["Error"]["Message"]


def test_an_instance_restored_with_the_add_on_takes_its_own(client: LightsailClient, clock: ManualClock) -> None:
    add_on = {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "18:00"}}
    mapping = {"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]}
    client.create_instances_from_snapshot(**base_request(addOns=[add_on], attachedDiskMapping=mapping))
    client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
    assert _days(client, "web-2") == []
    _until(clock, datetime(2026, 3, 10, 18, tzinfo=UTC))
    days = _days(client, "web-2")
    assert [(d["date"], d["createdAt"]) for d in days] == [("2026-03-10", datetime(2026, 3, 10, 18, tzinfo=UTC))]
    assert days[0]["fromAttachedDisks"] == DATA_DISK, "the disk restored with it (web-2-data at /dev/xvdf)"
    clock.advance(DAY)
    assert _dates(client, "web-3") == [], "no add-on, no automatic snapshots"
    assert _dates(client, "web-2") == ["2026-03-11", "2026-03-10"]


def test_they_go_with_their_instance(backend: LocalLightsail, client: LightsailClient) -> None:
    region = backend.state["regions"]["us-east-2"]
    del region["instances"]["web-1"]  # as a deletion leaves it
    response = client_error(client.get_auto_snapshots, resourceName="web-1")
    assert response["Error"]["Code"] == "NotFoundException"
    assert "web-1" not in region["autoSnapshots"]
    region["disks"]["web-1-data"].pop("attachedTo")
    client.create_instances_from_snapshot(**base_request(instanceNames=["web-1"], attachedDiskMapping=None))
    assert _days(client) == [], "a new instance of the name has none of its predecessor's"


def test_they_are_saved_in_the_state_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    clock = ManualClock(START)
    LocalLightsail.from_file(path, clock)
    clock.advance(DAY)
    LocalLightsail.from_file(path, clock).client().get_instances()  # any request takes the day
    saved = LocalLightsail.from_file(path).to_json()["regions"]["us-east-2"]["autoSnapshots"]["web-1"]
    assert max(s["date"] for s in saved) == "2026-03-11" and len(saved) == 7
