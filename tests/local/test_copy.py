"""CopySnapshot through real boto3 clients of two Regions, and Regions kept apart (resources, names, quotas)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock, Timings

from .conftest import FAILED_DATE, LATEST_DATE, START, base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

MANUAL: dict[str, Any] = {"sourceRegion": "us-east-2", "sourceSnapshotName": "web-1-snap"}
AUTO: dict[str, Any] = {"sourceRegion": "us-east-2", "sourceResourceName": "web-1"}


def _snapshot(client: LightsailClient, name: str) -> dict[str, Any]:
    return dict(client.get_instance_snapshot(instanceSnapshotName=name)["instanceSnapshot"])


class TestManualCopy:
    def test_the_operation_is_the_copy_snapshot_rst_one(self, oregon: LightsailClient) -> None:
        (op,) = oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy")["operations"]
        assert (op["resourceName"], op["resourceType"], op["operationType"]) == (
            "web-1-copy",
            "InstanceSnapshot",
            "CopySnapshot",
        )
        assert op["operationDetails"] == "us-east-2:web-1-snap"  # E6
        assert op["location"] == {"availabilityZone": "all", "regionName": "us-west-2"}
        assert (op["status"], op["isTerminal"], op["createdAt"]) == ("Started", False, START)
        assert op["statusChangedAt"] == op["createdAt"]

    def test_the_copy_is_pending_then_available_and_restorable_there(
        self, backend: LocalLightsail, clock: ManualClock, oregon: LightsailClient
    ) -> None:
        op = oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy")["operations"][0]
        copy = _snapshot(oregon, "web-1-copy")
        assert copy["state"] == "pending"
        restore = base_request(instanceSnapshotName="web-1-copy", availabilityZone="us-west-2a")
        refused = client_error(oregon.create_instances_from_snapshot, **restore)
        assert "web-1-copy is not available (state pending)" in refused["Error"]["Message"]

        clock.advance(backend.timings.copy_seconds)
        assert _snapshot(oregon, "web-1-copy")["state"] == "available"
        done = oregon.get_operation(operationId=op["id"])["operation"]
        assert (done["status"], done["isTerminal"]) == ("Succeeded", True)
        assert done["statusChangedAt"] == START + timedelta(seconds=backend.timings.copy_seconds)
        oregon.create_instances_from_snapshot(**restore)
        web2 = oregon.get_instance(instanceName="web-2")["instance"]
        assert (web2["blueprintId"], web2["location"]["regionName"]) == ("ubuntu_22_04", "us-west-2")

    def test_the_copy_keeps_its_sources_members(self, client: LightsailClient, oregon: LightsailClient) -> None:
        oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy")
        source, copy = _snapshot(client, "web-1-snap"), _snapshot(oregon, "web-1-copy")
        kept = ("fromAttachedDisks", "fromInstanceName", "fromInstanceArn", "fromBlueprintId", "fromBundleId")
        assert {k: copy[k] for k in kept} == {k: source[k] for k in kept}
        assert (copy["sizeInGb"], copy["isFromAutoSnapshot"], copy["tags"]) == (40, False, [])
        assert copy["arn"].startswith("arn:aws:lightsail:us-west-2:") and copy["arn"] != source["arn"]
        assert copy["location"] == {"availabilityZone": "all", "regionName": "us-west-2"}
        assert list(copy) == list(source), "the members of a snapshot, in the same order"

    def test_within_one_region(self, client: LightsailClient) -> None:
        (op,) = client.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy")["operations"]  # copy-snapshot.rst ex. 1
        assert op["location"]["regionName"] == "us-east-2"
        assert client.get_instance_snapshots()["instanceSnapshots"][0]["name"] == "web-1-copy"  # newest first


class TestAutomaticCopy:
    @pytest.mark.parametrize(
        ("source", "date"),
        [({"restoreDate": "2026-03-05"}, "2026-03-05"), ({"useLatestRestorableAutoSnapshot": True}, LATEST_DATE)],
        ids=["by date", "latest"],
    )
    def test_a_copy_of_a_day(
        self, source: dict[str, Any], date: str, backend: LocalLightsail, oregon: LightsailClient
    ) -> None:
        (op,) = oregon.copy_snapshot(**AUTO, **source, targetSnapshotName="web-1-day")["operations"]
        assert op["operationDetails"] == "us-east-2:web-1", "the date does not appear (E6)"
        copy = _snapshot(oregon, "web-1-day")
        assert (copy["fromInstanceName"], copy["fromBundleId"], copy["isFromAutoSnapshot"]) == (
            "web-1",
            "micro_3_0",
            True,
        )
        assert copy["sizeInGb"] == 40  # web-1's system disk
        assert copy["fromAttachedDisks"] == [{"path": "/dev/xvdf", "sizeInGb": 32}]

    def test_a_failed_day_cannot_be_copied(self, oregon: LightsailClient) -> None:
        response = client_error(oregon.copy_snapshot, **AUTO, restoreDate=FAILED_DATE, targetSnapshotName="x-1")
        assert f"{FAILED_DATE}: its status is Failed" in response["Error"]["Message"]

    def test_the_copy_restores_with_its_disk(
        self, backend: LocalLightsail, clock: ManualClock, oregon: LightsailClient
    ) -> None:
        oregon.copy_snapshot(**AUTO, useLatestRestorableAutoSnapshot=True, targetSnapshotName="web-1-day")
        clock.advance(backend.timings.copy_seconds)
        oregon.create_instances_from_snapshot(
            **base_request(
                instanceSnapshotName="web-1-day",
                availabilityZone="us-west-2b",
                attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]},
            )
        )
        assert oregon.get_disk(diskName="web-2-data")["disk"]["sizeInGb"] == 32


REFUSED: list[tuple[str, dict[str, Any], str, str, str]] = [
    (
        "missing snapshot",
        {**MANUAL, "sourceSnapshotName": "ghost"},
        "NotFoundException",
        "DoesNotExist",
        "InstanceSnapshot does not exist: ghost",
    ),
    (
        "missing instance",
        {**AUTO, "sourceResourceName": "ghost", "useLatestRestorableAutoSnapshot": True},
        "NotFoundException",
        "DoesNotExist",
        "Instance does not exist: ghost",
    ),
    (
        "snapshot of another region",
        {**MANUAL, "sourceRegion": "eu-west-1"},
        "NotFoundException",
        "DoesNotExist",
        "does not exist: web-1-snap",
    ),
    ("both sources", {**MANUAL, "sourceResourceName": "web-1"}, "InvalidInputException", "InvalidInput", "Exactly one"),
    ("neither source", {"sourceRegion": "us-east-2"}, "InvalidInputException", "InvalidInput", "Exactly one"),
    ("date with manual", {**MANUAL, "restoreDate": LATEST_DATE}, "InvalidInputException", "InvalidInput", "valid only"),
    ("auto without a day", AUTO, "InvalidInputException", "InvalidInput", "restoreDate or useLatest"),
    (
        "date and latest",
        {**AUTO, "restoreDate": LATEST_DATE, "useLatestRestorableAutoSnapshot": True},
        "InvalidInputException",
        "InvalidInput",
        "restoreDate or useLatest",
    ),
    (
        "pending source",
        {**MANUAL, "sourceSnapshotName": "web-1-snap-pending"},
        "InvalidInputException",
        "InvalidInput",
        "is not available",
    ),
    (
        "region without lightsail",
        {**MANUAL, "sourceRegion": "us-west-1"},
        "InvalidInputException",
        "InvalidInput",
        "not available in the source Region us-west-1",
    ),
]


@pytest.mark.parametrize(("params", "error", "code", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_each_refusal_copies_nothing(
    params: dict[str, Any], error: str, code: str, message: str, backend: LocalLightsail, oregon: LightsailClient
) -> None:
    before = backend.to_json()
    response = client_error(oregon.copy_snapshot, **params, targetSnapshotName="web-1-copy")
    assert (response["Error"]["Code"], response["code"]) == (error, code)
    assert message in response["Error"]["Message"]
    assert backend.to_json() == before


@pytest.mark.parametrize("taken", ["web-1-snap", "web-1", "deploy-key", "web-ip"])
def test_a_target_name_in_use_is_name_exists(taken: str, client: LightsailClient) -> None:
    response = client_error(client.copy_snapshot, **MANUAL, targetSnapshotName=taken)
    assert (response["code"], response["Error"]["Message"]) == ("NameExists", f"Some names are already in use: {taken}")


def test_a_target_name_is_checked(oregon: LightsailClient) -> None:
    response = client_error(oregon.copy_snapshot, **MANUAL, targetSnapshotName="-copy")
    assert "-copy is not a valid resource name" in response["Error"]["Message"]


def test_a_name_taken_in_the_source_region_is_free_in_the_target(oregon: LightsailClient) -> None:
    oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-snap")  # the same name, another Region
    assert _snapshot(oregon, "web-1-snap")["location"]["regionName"] == "us-west-2"


def test_the_copy_time_is_a_timing(clock: ManualClock, oregon: LightsailClient, backend: LocalLightsail) -> None:
    backend.timings = Timings(operation_seconds=1, boot_seconds=2, copy_seconds=300)
    oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy")
    clock.advance(299)
    assert _snapshot(oregon, "web-1-copy")["state"] == "pending"
    clock.advance(1)
    assert _snapshot(oregon, "web-1-copy")["state"] == "available"


class TestRegionsApart:
    def test_resources_are_per_region(self, client: LightsailClient, oregon: LightsailClient) -> None:
        assert oregon.get_instances()["instances"] == []
        assert oregon.get_instance_snapshots()["instanceSnapshots"] == []
        assert oregon.get_static_ips()["staticIps"] == []
        oregon.copy_snapshot(**MANUAL, targetSnapshotName="west-copy")
        assert "west-copy" not in [s["name"] for s in client.get_instance_snapshots()["instanceSnapshots"]]
        assert client.get_operations()["operations"] == [], "the copy's operation is the target Region's"
        assert len(oregon.get_operations()["operations"]) == 1

    def test_names_are_per_region(self, backend: LocalLightsail, clock: ManualClock, oregon: LightsailClient) -> None:
        oregon.copy_snapshot(**MANUAL, targetSnapshotName="west-copy")
        clock.advance(backend.timings.copy_seconds)
        restore = base_request(instanceNames=["web-1"], instanceSnapshotName="west-copy", availabilityZone="us-west-2a")
        oregon.create_instances_from_snapshot(**restore)  # web-1 exists in us-east-2 only
        oregon.allocate_static_ip(staticIpName="web-ip")
        assert oregon.get_instance(instanceName="web-1")["instance"]["location"]["regionName"] == "us-west-2"

    def test_the_quota_is_per_region(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient, oregon: LightsailClient
    ) -> None:
        backend.instance_quota = 2
        client.create_instances_from_snapshot(**base_request())  # 2 of 2 in us-east-2
        oregon.copy_snapshot(**MANUAL, targetSnapshotName="west-copy")
        clock.advance(backend.timings.copy_seconds)
        restore = base_request(
            instanceNames=["w-1", "w-2"], instanceSnapshotName="west-copy", availabilityZone="us-west-2a"
        )
        oregon.create_instances_from_snapshot(**restore)  # 2 of 2 in us-west-2
        response = client_error(client.create_instances_from_snapshot, **base_request(instanceNames=["web-3"]))
        assert "maximum number of instances (2)" in response["Error"]["Message"]


def test_a_copy_made_to_fail_ends_failed_and_in_error(
    backend: LocalLightsail, clock: ManualClock, oregon: LightsailClient
) -> None:
    backend.fail_copy("web-1-copy", error_code="InternalError", error_details="copy broke")
    (op,) = oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy")["operations"]
    assert (op["status"], _snapshot(oregon, "web-1-copy")["state"]) == ("Started", "pending")  # accepted as any
    clock.advance(backend.timings.copy_seconds)
    failed = oregon.get_operation(operationId=op["id"])["operation"]
    assert (failed["status"], failed["errorCode"], failed["errorDetails"]) == ("Failed", "InternalError", "copy broke")
    assert _snapshot(oregon, "web-1-copy")["state"] == "error"  # it stays, in error, under its name
    restore = base_request(instanceSnapshotName="web-1-copy", availabilityZone="us-west-2a")
    refused = client_error(oregon.create_instances_from_snapshot, **restore)
    assert "web-1-copy is not available (state error)" in refused["Error"]["Message"]
    again = LocalLightsail.from_json(backend.to_json(), clock=clock)  # the state file keeps the failure
    assert (
        again.state["regions"]["us-west-2"]["instanceSnapshots"]["web-1-copy"]["_failedAt"]
        == failed["statusChangedAt"].timestamp()
    )
    oregon.copy_snapshot(**MANUAL, targetSnapshotName="web-1-copy-2")  # used up: the next copy succeeds
    clock.advance(backend.timings.copy_seconds)
    assert _snapshot(oregon, "web-1-copy-2")["state"] == "available"
