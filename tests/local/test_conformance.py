"""Every member of every answer the backend gives exists in botocore's output shape, with the right type.

The raw JSON bodies are taken from botocore's ``response-received`` event, i.e. as the backend wrote them,
before botocore's parser (which silently drops unknown members) sees them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore.model import ListShape, MapShape, Shape, StructureShape

from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.local._service import operations

from .conftest import base_request

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

MODEL = botocore.session.get_session().get_service_model("lightsail")

RECORDED_OUTSIDE_THE_ENUM = {
    # Real answers use ``public`` although the model's PortAccessType says Public | Private (E7, E8). botocore
    # passes unknown enum values through, so this is what users' code sees from AWS.
    ("PortAccessType", "public"),
    # copy-snapshot.rst (E6) answers operationType CopySnapshot, which the model's OperationType does not list.
    ("OperationType", "CopySnapshot"),
}


def problems(value: Any, shape: Shape | None, path: str) -> Iterator[str]:
    """Where ``value`` does not fit ``shape``: unknown members, wrong JSON types, values outside an enum."""
    assert shape is not None, f"{path}: no shape"
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            yield f"{path}: {type(value).__name__}, not an object ({shape.name})"
            return
        for key, member in value.items():
            if key not in shape.members:
                yield f"{path}.{key}: not a member of {shape.name}"
            else:
                yield from problems(member, shape.members[key], f"{path}.{key}")
    elif isinstance(shape, ListShape):
        if not isinstance(value, list):
            yield f"{path}: {type(value).__name__}, not a list ({shape.name})"
            return
        for index, item in enumerate(value):
            yield from problems(item, shape.member, f"{path}[{index}]")
    elif isinstance(shape, MapShape):
        if not isinstance(value, dict):
            yield f"{path}: {type(value).__name__}, not a map ({shape.name})"
            return
        for key, item in value.items():
            yield from problems(item, shape.value, f"{path}[{key!r}]")
    elif kind == "string":
        if not isinstance(value, str):
            yield f"{path}: {type(value).__name__}, not a string ({shape.name})"
        elif (
            getattr(shape, "enum", None)
            and value not in shape.enum  # type: ignore[attr-defined]
            and (shape.name, value) not in RECORDED_OUTSIDE_THE_ENUM
        ):
            yield f"{path}: {value!r} is not one of {shape.name}"
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            yield f"{path}: {type(value).__name__}, not an integer ({shape.name})"
    elif kind in ("float", "double", "timestamp"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            yield f"{path}: {type(value).__name__}, not a number ({shape.name})"
    elif kind == "boolean":
        if not isinstance(value, bool):
            yield f"{path}: {type(value).__name__}, not a boolean ({shape.name})"
    else:  # pragma: no cover - no other shape type is answered
        yield f"{path}: unexpected shape type {kind}"


@pytest.fixture
def answers(backend: LocalLightsail, client: LightsailClient, clock: ManualClock) -> dict[str, list[Any]]:
    """Raw JSON bodies by operation, from a busy account: every resource kind, every operation status."""
    bodies: dict[str, list[Any]] = {}

    def record(response_dict: dict[str, Any] | None = None, context: Any = None, **_: Any) -> None:
        if response_dict is not None:
            bodies.setdefault(context["__operation"], []).append(json.loads(response_dict["body"]))

    def remember_operation(model: Any, context: dict[str, Any], **_: Any) -> None:
        context["__operation"] = model.name

    events: Any = client.meta.events
    events.register("before-call.lightsail", remember_operation)
    events.register("response-received.lightsail", record)
    try:
        _exercise(backend, client, clock)
    finally:
        events.unregister("response-received.lightsail", record)
        events.unregister("before-call.lightsail", remember_operation)
    return bodies


def _exercise(backend: LocalLightsail, client: LightsailClient, clock: ManualClock) -> None:
    backend.page_size = 3
    backend.fail_operation("web-4", error_code="InternalError", error_details="boom")
    created = [
        client.create_instances_from_snapshot(
            **base_request(
                instanceNames=["web-2", "web-3"],
                attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]},
                tags=[{"key": "env", "value": "test"}, {"key": "solo"}],
                addOns=[{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "07:00"}}],
                keyPairName="deploy-key",
                userData="echo hi",
            )
        ),
        client.create_instances_from_snapshot(
            **base_request(
                instanceNames=["web-4"],
                instanceSnapshotName=None,
                sourceInstanceName="web-1",
                useLatestRestorableAutoSnapshot=True,
                bundleId="small_ipv6_3_0",
                ipAddressType="ipv6",
            )
        ),
        client.create_instances_from_snapshot(
            **base_request(
                instanceNames=["lab-1"],
                bundleId="app_standard_xl_1_0",
                addOns=[
                    {
                        "addOnType": "StopInstanceOnIdle",
                        "stopInstanceOnIdleRequest": {"threshold": "5", "duration": "30"},
                    }
                ],
            )
        ),
        client.create_instances_from_snapshot(
            **base_request(instanceNames=["win-2"], instanceSnapshotName="win-snap", bundleId="micro_win_3_0")
        ),
    ]
    client.allocate_static_ip(staticIpName="ip-1")
    client.attach_static_ip(staticIpName="ip-1", instanceName="web-2")
    client.detach_static_ip(staticIpName="ip-1")
    client.release_static_ip(staticIpName="ip-1")
    client.open_instance_public_ports(
        instanceName="web-2", portInfo={"fromPort": 8000, "toPort": 8010, "protocol": "udp", "cidrs": ["10.0.0.0/8"]}
    )
    client.close_instance_public_ports(instanceName="web-2", portInfo={"fromPort": 80, "toPort": 80, "protocol": "tcp"})
    client.put_instance_public_ports(
        instanceName="web-3",
        portInfos=[
            {"fromPort": 8, "toPort": -1, "protocol": "icmp"},
            {"fromPort": 22, "toPort": 22, "protocol": "tcp"},
        ],
    )
    client.copy_snapshot(sourceRegion="us-east-2", sourceSnapshotName="web-1-snap", targetSnapshotName="copy-1")
    backend.client("us-west-2").copy_snapshot(
        sourceRegion="us-east-2",
        sourceResourceName="web-1",
        useLatestRestorableAutoSnapshot=True,
        targetSnapshotName="copy-2",
    )
    ids = [op["id"] for answer in created for op in answer["operations"]]
    get_operation: Callable[..., Any] = client.get_operation
    reads: list[Callable[[], Any]] = [
        lambda: client.get_regions(),
        lambda: client.get_regions(includeAvailabilityZones=True),
        lambda: client.get_bundles(),
        lambda: client.get_bundles(includeInactive=True, appCategory="LfR"),
        lambda: client.get_blueprints(),
        lambda: client.get_instances(),
        lambda: client.get_instance(instanceName="web-2"),
        lambda: client.get_instance_state(instanceName="web-3"),
        lambda: client.get_instance_snapshot(instanceSnapshotName="web-1-snap"),
        lambda: client.get_instance_snapshot(instanceSnapshotName="web-1-snap-pending"),
        lambda: client.get_instance_snapshots(),
        lambda: client.get_auto_snapshots(resourceName="web-1"),
        lambda: client.get_auto_snapshots(resourceName="web-1-data"),
        lambda: client.get_key_pair(keyPairName="deploy-key"),
        lambda: client.get_key_pairs(includeDefaultKeyPair=True),
        lambda: client.get_disk(diskName="web-2-data"),
        lambda: client.get_disks(),
        lambda: client.get_static_ips(),
        lambda: client.get_static_ip(staticIpName="web-ip"),
        lambda: client.get_instance_port_states(instanceName="web-1"),
        lambda: client.get_instance_snapshot(instanceSnapshotName="copy-1"),
        lambda: client.get_operations(),
        lambda: client.get_operations_for_resource(resourceName="web-4"),
    ]
    reads += [functools.partial(get_operation, operationId=op_id) for op_id in ids]
    client.get_instance(instanceName="web-4")  # gone once its operation fails
    for moment in (0.0, backend.timings.operation_seconds, backend.timings.boot_seconds):
        clock.advance(moment)  # Started / pending, then Succeeded and Failed, then running
        for read in reads:
            read()
    # an alarm on web-2 (created, then overwritten), listed, read by name; the Region's contact methods
    for threshold in (80.0, 90.0):
        client.put_alarm(
            alarmName="web-2-cpu",
            metricName="CPUUtilization",
            monitoredResourceName="web-2",
            comparisonOperator="GreaterThanThreshold",
            threshold=threshold,
            evaluationPeriods=2,
        )
    client.get_alarms()
    client.get_alarms(alarmName="web-2-cpu")
    client.get_contact_methods()
    # a load balancer, web-2 attached to it (twice: the second leaves it as it is), listed and read by name
    client.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    for _ in range(2):
        client.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-2"])
    client.get_load_balancers()
    client.get_load_balancer(loadBalancerName="web-lb")
    # snapshot an instance with a disk, delete it (its disk detached), then the disk and the snapshot
    client.create_instance_snapshot(instanceName="web-2", instanceSnapshotName="web-2-snap", tags=[{"key": "drill"}])
    client.get_instance_snapshot(instanceSnapshotName="web-2-snap")
    client.delete_instance(instanceName="web-2", forceDeleteAddOns=True)
    client.delete_disk(diskName="web-2-data")
    clock.advance(backend.timings.copy_seconds)
    client.delete_instance_snapshot(instanceSnapshotName="web-2-snap")
    client.get_operations()


def test_every_implemented_operation_is_exercised(answers: dict[str, list[Any]]) -> None:
    # the copy in us-west-2 was answered by a client of its own, not recorded here
    assert set(answers) == set(operations())


def test_every_answer_fits_the_output_shape(answers: dict[str, list[Any]]) -> None:
    found = [
        problem
        for operation, bodies in answers.items()
        for body in bodies
        for problem in problems(body, MODEL.operation_model(operation).output_shape, operation)
    ]
    assert found == []


def test_the_answers_are_not_trivially_empty(answers: dict[str, list[Any]]) -> None:
    web2 = next(b["instance"] for b in answers["GetInstance"] if b["instance"]["name"] == "web-2")
    assert {"hardware", "addOns", "tags", "location", "state", "sshKeyName", "username"} <= set(web2)
    statuses = {b["operation"]["status"] for b in answers["GetOperation"]}
    assert statuses == {"Started", "Succeeded", "Failed"}
    failed = next(b["operation"] for b in answers["GetOperation"] if b["operation"]["status"] == "Failed")
    assert {"errorCode", "errorDetails"} <= set(failed)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.get_instance(instanceName="ghost"), "NotFoundException"),
        (lambda c: c.create_instances_from_snapshot(**base_request(bundleId="nano_3_0")), "InvalidInputException"),
    ],
    ids=["not found", "invalid input"],
)
def test_error_bodies_fit_the_error_shape(call: Any, error: str, client: LightsailClient) -> None:
    bodies: list[dict[str, Any]] = []

    def record(response_dict: dict[str, Any] | None = None, **_: Any) -> None:
        bodies.append(json.loads(response_dict["body"]) if response_dict else {})

    events: Any = client.meta.events
    events.register("response-received.lightsail", record)
    try:
        with pytest.raises(client.exceptions.ClientError):
            call(client)
    finally:
        events.unregister("response-received.lightsail", record)
    (body,) = bodies
    assert body.pop("__type") == error
    shape = MODEL.shape_for(error)
    assert list(problems(body, shape, error)) == []
    assert set(body) == {"code", "message"}, "tip and docs only where Lightsail documents them (E20)"
