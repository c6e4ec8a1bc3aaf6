"""DeleteInstance, DeleteDisk, DeleteInstanceSnapshot and CreateInstanceSnapshot through a real boto3 client.

What a deletion leaves behind and takes with it, the refusals, the presets and faults, and the state file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ReadTimeoutError

from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


def _names(client: LightsailClient) -> list[str]:
    return [i["name"] for i in client.get_instances()["instances"]]


def _running_web_2(backend: LocalLightsail, clock: ManualClock, client: LightsailClient, **changes: Any) -> None:
    client.create_instances_from_snapshot(**base_request(**changes))
    clock.advance(backend.timings.boot_seconds)


class TestDeleteInstance:
    def test_web_1_goes_and_leaves_its_static_ip_its_disk_and_its_snapshots(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        ops = client.delete_instance(instanceName="web-1")["operations"]
        # delete-instance.rst: each attached disk's two DetachDisk operations, Started, then the deletion, Succeeded
        assert [(o["resourceName"], o["operationType"], o["status"], o.get("operationDetails")) for o in ops] == [
            ("web-1-data", "DetachDisk", "Started", "web-1"),
            ("web-1", "DetachDisk", "Started", "web-1-data"),
            ("web-1", "DeleteInstance", "Succeeded", None),
        ]
        assert client_error(client.get_instance, instanceName="web-1")["Error"]["Code"] == "NotFoundException"
        ip = client.get_static_ip(staticIpName="web-ip")["staticIp"]
        assert (ip["isAttached"], "attachedTo" in ip) == (False, False)  # allocated, unattached (E39)
        disk = client.get_disk(diskName="web-1-data")["disk"]
        assert (disk["state"], disk["isAttached"], disk["attachmentState"], "path" in disk) == (
            "available",
            False,
            "detached",
            False,
        )
        assert {"web-1-snap", "win-snap"} <= {s["name"] for s in client.get_instance_snapshots()["instanceSnapshots"]}
        clock.advance(backend.timings.operation_seconds)
        detach = client.get_operation(operationId=ops[0]["id"])["operation"]
        assert (detach["status"], detach["isTerminal"]) == ("Succeeded", True)
        listed = client.get_operations()["operations"]
        assert {o["id"] for o in ops} <= {o["id"] for o in listed}
        history = client.get_operations_for_resource(resourceName="web-1")["operations"]
        assert history[0]["operationType"] == "DeleteInstance"

    def test_its_automatic_snapshots_go_with_it_and_its_name_is_free_again(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        assert len(client.get_auto_snapshots(resourceName="web-1")["autoSnapshots"]) == 7
        client.delete_instance(instanceName="web-1")
        _running_web_2(backend, clock, client, instanceNames=["web-1"])  # the same name, a new instance
        assert client.get_auto_snapshots(resourceName="web-1")["autoSnapshots"] == []
        assert client.get_instance(instanceName="web-1")["instance"]["isStaticIp"] is False
        # restoring a day of the deleted web-1 is refused: its automatic snapshots are gone
        error = client_error(
            client.create_instances_from_snapshot,
            **base_request(
                instanceNames=["web-3"], instanceSnapshotName=None, sourceInstanceName="web-1", restoreDate="2026-03-09"
            ),
        )
        assert error["Error"]["Code"] == "InvalidInputException"

    def test_a_pending_instance_without_disks_answers_one_operation(
        self, backend: LocalLightsail, client: LightsailClient
    ) -> None:
        client.create_instances_from_snapshot(**base_request())
        (op,) = client.delete_instance(instanceName="web-2")["operations"]
        assert (op["operationType"], op["status"], op["isTerminal"], op["location"]["availabilityZone"]) == (
            "DeleteInstance",
            "Succeeded",
            True,
            "us-east-2a",
        )
        assert "operationDetails" not in op
        assert _names(client) == ["web-1"]

    @pytest.mark.parametrize("force", [True, False])
    def test_force_delete_add_ons_is_accepted(self, force: bool, client: LightsailClient) -> None:
        client.delete_instance(instanceName="web-1", forceDeleteAddOns=force)
        assert _names(client) == []

    def test_the_quota_is_freed(self, backend: LocalLightsail, client: LightsailClient) -> None:
        backend.instance_quota = 2
        client.create_instances_from_snapshot(**base_request())
        refused = client_error(client.create_instances_from_snapshot, **base_request(instanceNames=["web-3"]))
        assert "maximum number of instances" in refused["message"]
        client.delete_instance(instanceName="web-2")
        client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
        assert _names(client) == ["web-3", "web-1"]


class TestDeleteDisk:
    def test_an_attached_disk_is_refused_and_kept(self, client: LightsailClient) -> None:
        error = client_error(client.delete_disk, diskName="web-1-data")
        assert (error["Error"]["Code"], error["code"]) == ("InvalidInputException", "InvalidInput")
        assert "web-1-data is attached to the instance web-1" in error["message"]
        assert client.get_disk(diskName="web-1-data")["disk"]["isAttached"] is True

    def test_a_detached_disk_goes_with_one_succeeded_operation(self, client: LightsailClient) -> None:
        client.delete_instance(instanceName="web-1")
        (op,) = client.delete_disk(diskName="web-1-data", forceDeleteAddOns=True)["operations"]
        assert (op["resourceName"], op["resourceType"], op["operationType"], op["status"]) == (
            "web-1-data",
            "Disk",
            "DeleteDisk",
            "Succeeded",
        )
        assert op["location"]["availabilityZone"] == "us-east-2a"
        assert client.get_disks()["disks"] == []
        assert client_error(client.get_disk, diskName="web-1-data")["Error"]["Code"] == "NotFoundException"


class TestDeleteInstanceSnapshot:
    def test_an_available_snapshot_goes(self, client: LightsailClient) -> None:
        (op,) = client.delete_instance_snapshot(instanceSnapshotName="web-1-snap")["operations"]
        assert (op["resourceType"], op["operationType"], op["status"], op["location"]["availabilityZone"]) == (
            "InstanceSnapshot",
            "DeleteInstanceSnapshot",
            "Succeeded",
            "all",
        )
        error = client_error(client.get_instance_snapshot, instanceSnapshotName="web-1-snap")
        assert error["Error"]["Code"] == "NotFoundException"
        assert client_error(client.create_instances_from_snapshot, **base_request())["code"] == "DoesNotExist"

    def test_a_pending_snapshot_is_refused(self, client: LightsailClient) -> None:
        error = client_error(client.delete_instance_snapshot, instanceSnapshotName="web-1-snap-pending")
        assert error["Error"]["Code"] == "InvalidInputException"
        assert "pending" in error["message"]
        assert client.get_instance_snapshot(instanceSnapshotName="web-1-snap-pending")["instanceSnapshot"]


class TestCreateInstanceSnapshot:
    def test_pending_then_available_with_the_instance_s_members_disks_and_tags(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        tags: list[Any] = [{"key": "lightsail-restore:final", "value": "web-1"}, {"key": "solo"}]
        ops = client.create_instance_snapshot(instanceName="web-1", instanceSnapshotName="web-1-final", tags=tags)[
            "operations"
        ]
        assert [(o["resourceName"], o["resourceType"], o["operationDetails"], o["status"]) for o in ops] == [
            ("web-1-final", "InstanceSnapshot", "web-1", "Started"),
            ("web-1", "Instance", "web-1-final", "Started"),
        ]
        assert [o["location"]["availabilityZone"] for o in ops] == ["all", "us-east-2a"]
        snapshot = client.get_instance_snapshot(instanceSnapshotName="web-1-final")["instanceSnapshot"]
        web1 = client.get_instance(instanceName="web-1")["instance"]
        assert snapshot["state"] == "pending"
        assert (snapshot["fromInstanceName"], snapshot["fromInstanceArn"]) == ("web-1", web1["arn"])
        assert (snapshot["fromBundleId"], snapshot["fromBlueprintId"], snapshot["sizeInGb"]) == (
            "micro_3_0",
            "ubuntu_22_04",
            40,
        )
        assert snapshot["isFromAutoSnapshot"] is False
        assert [(d["name"], d["path"], d["sizeInGb"]) for d in snapshot["fromAttachedDisks"]] == [
            ("web-1-data", "/dev/xvdf", 32)
        ]
        assert snapshot["tags"] == tags
        assert client_error(client.create_instances_from_snapshot, **base_request(instanceSnapshotName="web-1-final"))
        clock.advance(backend.timings.copy_seconds)
        assert client.get_instance_snapshot(instanceSnapshotName="web-1-final")["instanceSnapshot"]["state"] == (
            "available"
        )
        assert {client.get_operation(operationId=o["id"])["operation"]["status"] for o in ops} == {"Succeeded"}
        # the source may go now: the snapshot stays and restores, its disk included
        client.delete_instance(instanceName="web-1")
        mapping = {"web-1": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-1-data-2"}]}
        client.create_instances_from_snapshot(
            **base_request(instanceNames=["web-1"], instanceSnapshotName="web-1-final", attachedDiskMapping=mapping)
        )
        assert client.get_disk(diskName="web-1-data-2")["disk"]["attachedTo"] == "web-1"

    @pytest.mark.parametrize(
        ("params", "error_type", "code"),
        [
            ({"instanceName": "ghost", "instanceSnapshotName": "s-1"}, "NotFoundException", "DoesNotExist"),
            ({"instanceName": "web-1", "instanceSnapshotName": "web-1-snap"}, "InvalidInputException", "NameExists"),
            ({"instanceName": "web-1", "instanceSnapshotName": "web-ip"}, "InvalidInputException", "NameExists"),
            ({"instanceName": "web-1", "instanceSnapshotName": "-bad"}, "InvalidInputException", "InvalidInput"),
            (
                {"instanceName": "web-1", "instanceSnapshotName": "s-1", "tags": [{"key": "aws:x"}]},
                "InvalidInputException",
                "InvalidInput",
            ),
        ],
        ids=["missing instance", "snapshot name taken", "resource name taken", "bad name", "reserved tag"],
    )
    def test_refusals_change_nothing(
        self, params: dict[str, Any], error_type: str, code: str, client: LightsailClient
    ) -> None:
        before = client.get_instance_snapshots()["instanceSnapshots"]
        error = client_error(client.create_instance_snapshot, **params)
        assert (error["Error"]["Code"], error["code"]) == (error_type, code)
        assert client.get_instance_snapshots()["instanceSnapshots"] == before

    def test_a_pending_instance_is_refused(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request())
        error = client_error(client.create_instance_snapshot, instanceName="web-2", instanceSnapshotName="s-2")
        assert error["Error"]["Code"] == "InvalidInputException"
        assert "web-2 is pending" in error["message"]


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("delete_instance", {"instanceName": "ghost"}),
        ("delete_disk", {"diskName": "ghost"}),
        ("delete_instance_snapshot", {"instanceSnapshotName": "ghost"}),
    ],
)
def test_a_missing_name_is_not_found(method: str, params: dict[str, str], client: LightsailClient) -> None:
    error = client_error(getattr(client, method), **params)
    assert (error["Error"]["Code"], error["code"]) == ("NotFoundException", "DoesNotExist")
    assert "ghost" in error["message"]


@pytest.mark.parametrize(
    ("operation", "method", "params", "arn_of"),
    [
        ("DeleteInstance", "delete_instance", {"instanceName": "web-1"}, ("instances", "web-1")),
        ("DeleteDisk", "delete_disk", {"diskName": "web-1-data"}, ("disks", "web-1-data")),
        (
            "DeleteInstanceSnapshot",
            "delete_instance_snapshot",
            {"instanceSnapshotName": "web-1-snap"},
            ("instanceSnapshots", "web-1-snap"),
        ),
        (
            "CreateInstanceSnapshot",
            "create_instance_snapshot",
            {"instanceName": "web-1", "instanceSnapshotName": "s-1"},
            ("instances", "web-1"),
        ),
    ],
)
def test_access_denied_names_the_resource_and_changes_nothing(
    operation: str,
    method: str,
    params: dict[str, str],
    arn_of: tuple[str, str],
    backend: LocalLightsail,
    client: LightsailClient,
) -> None:
    before = backend.to_json()["regions"]["us-east-2"]
    backend.deny_access(operation)
    error = client_error(getattr(client, method), **params)
    resource_arn = before[arn_of[0]][arn_of[1]]["arn"]
    assert error["Error"]["Code"] == "AccessDeniedException"
    assert f"lightsail:{operation} on resource: {resource_arn} because" in error["message"]
    after = backend.to_json()["regions"]["us-east-2"]
    assert {k: v for k, v in after.items() if k != "operations"} == {
        k: v for k, v in before.items() if k != "operations"
    }


def test_a_lost_delete_answer_is_applied_and_a_retry_meets_not_found(backend: LocalLightsail) -> None:
    client = backend.client(max_attempts=1)
    backend.lose_answer(operation="DeleteInstance")
    with pytest.raises(ReadTimeoutError):
        client.delete_instance(instanceName="web-1")
    assert _names(client) == []
    assert client_error(client.delete_instance, instanceName="web-1")["Error"]["Code"] == "NotFoundException"


def test_a_lost_snapshot_answer_is_applied_and_a_retry_meets_its_name(backend: LocalLightsail) -> None:
    client = backend.client(max_attempts=1)
    backend.lose_answer(operation="CreateInstanceSnapshot")
    with pytest.raises(ReadTimeoutError):
        client.create_instance_snapshot(instanceName="web-1", instanceSnapshotName="web-1-final")
    assert client.get_instance_snapshot(instanceSnapshotName="web-1-final")["instanceSnapshot"]["state"] == "pending"
    retried = client_error(client.create_instance_snapshot, instanceName="web-1", instanceSnapshotName="web-1-final")
    assert retried["code"] == "NameExists"


def test_a_dropped_connection_deletes_nothing(backend: LocalLightsail) -> None:
    client = backend.client(max_attempts=1)
    backend.drop_connection(operation="DeleteDisk")
    client.delete_instance(instanceName="web-1")
    with pytest.raises(Exception, match="Connection was closed"):
        client.delete_disk(diskName="web-1-data")
    assert client.get_disk(diskName="web-1-data")["disk"]["state"] == "available"


def test_the_state_file_keeps_it_all(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "state.json"
    one = LocalLightsail.from_file(path, clock=clock)
    two = LocalLightsail.from_file(path, clock=clock)
    first = one.client()
    first.create_instance_snapshot(instanceName="web-1", instanceSnapshotName="web-1-final", tags=[{"key": "k"}])
    first.delete_instance(instanceName="web-1")
    first.delete_instance_snapshot(instanceSnapshotName="win-snap")
    second = two.client()
    assert _names(second) == []
    assert "attachedTo" not in second.get_static_ip(staticIpName="web-ip")["staticIp"]
    assert second.get_disk(diskName="web-1-data")["disk"]["state"] == "available"
    snapshots = {s["name"]: s for s in second.get_instance_snapshots()["instanceSnapshots"]}
    assert "win-snap" not in snapshots
    assert (snapshots["web-1-final"]["state"], snapshots["web-1-final"]["tags"]) == ("pending", [{"key": "k"}])
    clock.advance(one.timings.copy_seconds)
    assert (
        LocalLightsail.from_file(path, clock=clock)
        .client()
        .get_instance_snapshot(instanceSnapshotName="web-1-final")["instanceSnapshot"]["state"]
        == "available"
    )
    types = {o["operationType"] for o in second.get_operations()["operations"]}
    assert {"CreateInstanceSnapshot", "DeleteInstance", "DetachDisk", "DeleteInstanceSnapshot"} <= types
