"""Clean restores: what is created, and how operations and instances move on a manual clock."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock, Timings

from .conftest import LATEST_DATE, START, base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

AUTO: dict[str, Any] = {"instanceSnapshotName": None, "sourceInstanceName": "web-1"}


def _state(client: LightsailClient, name: str) -> str:
    return client.get_instance_state(instanceName=name)["state"]["name"]


@pytest.mark.parametrize(
    "source",
    [
        {},
        {**AUTO, "restoreDate": "2026-03-07"},
        {**AUTO, "restoreDate": "2026-03-03"},
        {**AUTO, "useLatestRestorableAutoSnapshot": True},
    ],
    ids=["manual", "auto by date", "auto, oldest date", "auto, latest"],
)
def test_a_restore_answers_one_started_operation_per_instance(source: dict[str, Any], client: LightsailClient) -> None:
    response = client.create_instances_from_snapshot(**base_request(instanceNames=["web-2", "web-3"], **source))
    operations = response["operations"]
    assert [op["resourceName"] for op in operations] == ["web-2", "web-3"]
    for op in operations:
        assert op["operationType"] == "CreateInstancesFromSnapshot"
        assert "operationDetails" not in op, "E1, E2, E4: restores carry no operationDetails"
        assert op["status"] == "Started"
        assert op["isTerminal"] is False
        assert op["resourceType"] == "Instance"
        assert op["location"] == {"availabilityZone": "us-east-2a", "regionName": "us-east-2"}
        assert op["createdAt"] == START == op["statusChangedAt"]
    assert len({op["id"] for op in operations}) == 2
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_operations_succeed_and_instances_boot_on_the_clock(
    backend: LocalLightsail, clock: ManualClock, client: LightsailClient
) -> None:
    backend.timings = Timings(operation_seconds=30, boot_seconds=50)
    op = client.create_instances_from_snapshot(**base_request())["operations"][0]

    def current() -> dict[str, Any]:
        return dict(client.get_operation(operationId=op["id"])["operation"])

    assert _state(client, "web-2") == "pending"
    assert client.get_instance_state(instanceName="web-2")["state"]["code"] == 0
    clock.advance(29.9)
    assert current()["status"] == "Started"
    assert current()["isTerminal"] is False
    clock.advance(0.1)
    done = current()
    assert done["status"] == "Succeeded"
    assert done["isTerminal"] is True
    assert done["statusChangedAt"] == START + timedelta(seconds=30)
    assert "errorCode" not in done
    assert _state(client, "web-2") == "pending"
    clock.advance(19.9)
    assert _state(client, "web-2") == "pending"
    clock.advance(0.1)
    assert _state(client, "web-2") == "running"
    assert client.get_instance_state(instanceName="web-2")["state"]["code"] == 16
    assert client.get_instance(instanceName="web-2")["instance"]["state"]["name"] == "running"


def test_timings_given_to_demo_are_used(clock: ManualClock) -> None:
    backend = LocalLightsail.demo(clock=clock, timings=Timings(operation_seconds=1, boot_seconds=2))
    assert backend.timings == Timings(operation_seconds=1, boot_seconds=2)
    client = backend.client()
    op = client.create_instances_from_snapshot(**base_request())["operations"][0]
    clock.advance(2)
    assert client.get_operation(operationId=op["id"])["operation"]["status"] == "Succeeded"
    assert _state(client, "web-2") == "running"


def test_the_new_instance_carries_the_request(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(
        **base_request(
            availabilityZone="us-east-2b",
            bundleId="small_3_0",
            keyPairName="deploy-key",
            tags=[{"key": "env", "value": "staging"}, {"key": "team"}],
            addOns=[{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "07:00"}}],
            ipAddressType="ipv4",
        )
    )
    instance = client.get_instance(instanceName="web-2")["instance"]
    assert instance["location"] == {"availabilityZone": "us-east-2b", "regionName": "us-east-2"}
    assert instance["bundleId"] == "small_3_0"
    assert instance["blueprintId"] == "ubuntu_22_04"
    assert instance["sshKeyName"] == "deploy-key"
    assert instance["tags"] == [{"key": "env", "value": "staging"}, {"key": "team"}]
    assert instance["addOns"] == [{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "07:00"}]
    assert instance["ipAddressType"] == "ipv4"
    assert instance["hardware"]["ramSizeInGb"] == 2.0
    assert instance["arn"].startswith("arn:aws:lightsail:us-east-2:")
    assert instance["createdAt"] == START


def test_an_ipv6_instance_has_no_public_ipv4(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request(bundleId="micro_ipv6_3_0", ipAddressType="ipv6"))
    instance = client.get_instance(instanceName="web-2")["instance"]
    assert instance["ipAddressType"] == "ipv6"
    assert "publicIpAddress" not in instance


def test_a_windows_restore_uses_the_windows_user(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request(instanceSnapshotName="win-snap", bundleId="small_win_3_0"))
    instance = client.get_instance(instanceName="web-2")["instance"]
    assert (instance["blueprintId"], instance["username"]) == ("windows_server_2022", "Administrator")


def test_the_disk_mapping_creates_the_disk(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(
        **base_request(attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]})
    )
    disk = client.get_disk(diskName="web-2-data")["disk"]
    assert (disk["sizeInGb"], disk["attachedTo"], disk["isAttached"]) == (32, "web-2", True)
    assert disk["location"]["availabilityZone"] == "us-east-2a"
    # the new disk's name is now taken
    response = client_error(client.create_instances_from_snapshot, **base_request(instanceNames=["web-2-data"]))
    assert "already in use: web-2-data" in response["Error"]["Message"]


def test_a_created_name_is_taken(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request())
    response = client_error(client.create_instances_from_snapshot, **base_request())
    assert response["Error"]["Code"] == "InvalidInputException"
    assert "already in use: web-2" in response["Error"]["Message"]


def test_the_operations_are_listed_and_found_by_resource(client: LightsailClient) -> None:
    created = client.create_instances_from_snapshot(**base_request(instanceNames=["web-2", "web-3"]))["operations"]
    listed = client.get_operations()["operations"]
    assert [op["id"] for op in listed] == [op["id"] for op in reversed(created)], "newest first (E5)"
    for_web3 = client.get_operations_for_resource(resourceName="web-3")["operations"]
    assert [op["id"] for op in for_web3] == [created[1]["id"]]
    assert client.get_operations_for_resource(resourceName="web-1")["operations"] == []


class TestFailOperation:
    def test_the_operation_ends_failed_and_the_instance_disappears(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        backend.fail_operation("web-3", error_code="InsufficientCapacity", error_details="No capacity in us-east-2a")
        ops = client.create_instances_from_snapshot(**base_request(instanceNames=["web-2", "web-3"]))["operations"]
        assert [op["status"] for op in ops] == ["Started", "Started"]
        assert "errorCode" not in ops[1]
        assert _state(client, "web-3") == "pending"

        clock.advance(backend.timings.operation_seconds)
        failed = client.get_operation(operationId=ops[1]["id"])["operation"]
        assert (failed["status"], failed["isTerminal"]) == ("Failed", True)
        assert (failed["errorCode"], failed["errorDetails"]) == ("InsufficientCapacity", "No capacity in us-east-2a")
        assert client.get_operation(operationId=ops[0]["id"])["operation"]["status"] == "Succeeded"
        response = client_error(client.get_instance, instanceName="web-3")
        assert response["Error"]["Code"] == "NotFoundException"
        assert client_error(client.get_instance_state, instanceName="web-3")["Error"]["Code"] == "NotFoundException"
        assert sorted(i["name"] for i in client.get_instances()["instances"]) == ["web-1", "web-2"]

    def test_a_failure_applies_once_and_the_name_can_be_reused(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        backend.fail_operation("web-2")
        client.create_instances_from_snapshot(**base_request())
        clock.advance(backend.timings.operation_seconds)
        again = client.create_instances_from_snapshot(**base_request())["operations"][0]
        clock.advance(backend.timings.operation_seconds + backend.timings.boot_seconds)
        assert client.get_operation(operationId=again["id"])["operation"]["status"] == "Succeeded"
        assert _state(client, "web-2") == "running"
        statuses = [op["status"] for op in client.get_operations_for_resource(resourceName="web-2")["operations"]]
        assert statuses == ["Succeeded", "Failed"], "newest first (E5)"

    def test_the_defaults(self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient) -> None:
        backend.fail_operation("web-2")
        op = client.create_instances_from_snapshot(**base_request())["operations"][0]
        clock.advance(backend.timings.operation_seconds)
        failed = client.get_operation(operationId=op["id"])["operation"]
        assert (failed["errorCode"], failed["errorDetails"]) == ("InternalError", "Injected failure")

    def test_a_failing_instance_frees_its_quota_slot(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        backend.instance_quota = 2
        backend.fail_operation("web-2")
        client.create_instances_from_snapshot(**base_request())
        assert (
            "maximum number"
            in client_error(client.create_instances_from_snapshot, **base_request(instanceNames=["web-3"]))["Error"][
                "Message"
            ]
        )
        clock.advance(backend.timings.operation_seconds)
        client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))


_MAPPING: dict[str, Any] = {"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]}


class TestDisks:
    def test_a_mapped_disk_keeps_its_path_and_shows_in_the_hardware(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request(attachedDiskMapping=_MAPPING))
        disk = client.get_disk(diskName="web-2-data")["disk"]
        assert (disk["path"], disk["state"]) == ("/dev/xvdf", "in-use")
        hardware = client.get_instance(instanceName="web-2")["instance"]["hardware"]["disks"]
        assert [(d.get("name"), d["path"], d["isSystemDisk"]) for d in hardware] == [
            (None, "/dev/xvda", True),  # the system disk has no name (E7, E8)
            ("web-2-data", "/dev/xvdf", False),
        ]
        assert hardware[1] == disk, "an attached disk shows as the full disk object (E7)"
        assert (disk["isAttached"], disk["attachmentState"]) == (True, "attached")

    def test_without_a_mapping_only_the_system_disk_is_restored(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request())
        assert [d["name"] for d in client.get_disks()["disks"]] == ["web-1-data"]
        assert len(client.get_instance(instanceName="web-2")["instance"]["hardware"]["disks"]) == 1

    def test_a_key_that_is_no_new_instance_maps_the_first_one(self, client: LightsailClient) -> None:
        mapping = {"web-1-data": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "copy-data"}]}
        client.create_instances_from_snapshot(
            **base_request(instanceNames=["web-2", "web-3"], attachedDiskMapping=mapping)
        )
        assert client.get_disk(diskName="copy-data")["disk"]["attachedTo"] == "web-2"

    def test_an_automatic_snapshot_maps_its_disks_too(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(
            **base_request(**AUTO, restoreDate=LATEST_DATE, attachedDiskMapping=_MAPPING)
        )
        assert client.get_disk(diskName="web-2-data")["disk"]["sizeInGb"] == 32

    def test_the_disks_of_a_failed_creation_vanish_with_it(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        backend.fail_operation("web-2")
        client.create_instances_from_snapshot(**base_request(attachedDiskMapping=_MAPPING))
        assert client.get_disk(diskName="web-2-data")["disk"]["attachedTo"] == "web-2"
        clock.advance(backend.timings.operation_seconds)
        assert client_error(client.get_disk, diskName="web-2-data")["Error"]["Code"] == "NotFoundException"
        client.create_instances_from_snapshot(**base_request(attachedDiskMapping=_MAPPING))  # names free again
        assert client.get_disk(diskName="web-2-data")["disk"]["attachedTo"] == "web-2"


def test_the_idle_stop_add_on_of_a_research_bundle(client: LightsailClient) -> None:
    idle = {"threshold": "10", "duration": "15"}
    client.create_instances_from_snapshot(
        **base_request(
            bundleId="app_standard_xl_1_0",
            addOns=[{"addOnType": "StopInstanceOnIdle", "stopInstanceOnIdleRequest": idle}],
        )
    )
    add_ons = client.get_instance(instanceName="web-2")["instance"]["addOns"]
    assert add_ons == [{"name": "StopInstanceOnIdle", "status": "Enabled", **idle}]


def test_an_auto_snapshot_add_on_without_a_time_gets_the_default(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request(addOns=[{"addOnType": "AutoSnapshot"}]))
    add_ons = client.get_instance(instanceName="web-2")["instance"]["addOns"]
    assert add_ons == [{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "06:00"}]


def test_the_default_key_pair(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request())
    assert client.get_instance(instanceName="web-2")["instance"]["sshKeyName"] == "LightsailDefaultKeyPair"
    listed = [k["name"] for k in client.get_key_pairs(includeDefaultKeyPair=True)["keyPairs"]]
    assert listed == ["LightsailDefaultKeyPair", "deploy-key"]
    assert [k["name"] for k in client.get_key_pairs()["keyPairs"]] == ["deploy-key"]


def test_user_data_is_accepted_and_never_shown(client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request(userData="echo secret-canary"))
    assert "secret-canary" not in repr(client.get_instance(instanceName="web-2"))
