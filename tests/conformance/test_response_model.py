"""Our answer models against botocore's output shapes, so a new member or enum value fails CI instead of drifting."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import botocore.session
import pytest
from botocore.model import StructureShape

from lightsail_restore._response import (
    _LOCATION_MEMBERS,
    _OPERATION_MEMBERS,
    CreateInstancesFromSnapshotResult,
    Operation,
    OperationStatus,
    OperationType,
    RegionName,
    ResourceLocation,
    ResourceType,
)

MODEL = botocore.session.get_session().get_service_model("lightsail")
_OUTPUT = MODEL.operation_model("CreateInstancesFromSnapshot").output_shape
assert isinstance(_OUTPUT, StructureShape)
OUTPUT: StructureShape = _OUTPUT
OPERATION = OUTPUT.members["operations"].member  # type: ignore[attr-defined]
LOCATION = OPERATION.members["location"]


def aliases(model: type[Operation] | type[ResourceLocation]) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()}


def test_operation_members_are_the_output_shape() -> None:
    assert aliases(Operation) == set(OPERATION.members)


def test_location_members_are_the_output_shape() -> None:
    assert aliases(ResourceLocation) == set(LOCATION.members)


def test_result_has_the_operations_member_and_the_request_id() -> None:
    assert set(OUTPUT.members) == {"operations"}
    result = CreateInstancesFromSnapshotResult.from_boto3({"operations": [], "ResponseMetadata": {"RequestId": "r"}})
    assert (result.operations, result.request_id) == ((), "r")


def test_the_cheap_check_knows_every_member_and_its_type() -> None:
    """from_boto3 checks each member's type before parsing later; the check must cover the models exactly."""
    assert set(_OPERATION_MEMBERS) == aliases(Operation) == set(OPERATION.members)
    assert set(_LOCATION_MEMBERS) == aliases(ResourceLocation) == set(LOCATION.members)
    python_types = {"string": str, "boolean": bool, "timestamp": datetime, "structure": dict}
    for members, shape in ((_OPERATION_MEMBERS, OPERATION), (_LOCATION_MEMBERS, LOCATION)):
        assert {name: python_types[shape.members[name].type_name] for name in members} == members


@pytest.mark.parametrize(
    ("enum", "shape"),
    [
        (OperationStatus, OPERATION.members["status"]),
        (ResourceType, OPERATION.members["resourceType"]),
        (OperationType, OPERATION.members["operationType"]),
        (RegionName, LOCATION.members["regionName"]),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_enums_equal_the_models_values(enum: type[StrEnum], shape: object) -> None:
    assert [member.value for member in enum] == list(shape.enum)  # type: ignore[attr-defined]


def test_no_output_member_is_required() -> None:
    assert not OPERATION.required_members
    assert all(not info.is_required() for info in Operation.model_fields.values())


ANSWER: dict[str, Any] = {
    "operations": [
        {
            "id": "op-1",
            "resourceName": "web-2",
            "resourceType": "Instance",
            "createdAt": datetime(2019, 9, 30, 17, 51, 54, tzinfo=UTC),
            "location": {"availabilityZone": "us-east-2a", "regionName": "us-east-2"},
            "isTerminal": False,
            "operationType": "CreateInstancesFromSnapshot",
            "status": "Started",
            "brandNew": ["ignored"],
        }
    ],
    "ResponseMetadata": {"RequestId": "req-1"},
}


def test_the_operations_are_built_once_when_first_read_and_match_eager_parsing() -> None:
    result = CreateInstancesFromSnapshotResult.from_boto3(copy.deepcopy(ANSWER))
    assert result.request_id == "req-1"
    first = result.operations
    assert first is result.operations
    assert first == tuple(Operation.from_boto3(op) for op in ANSWER["operations"])
    assert first[0].location == ResourceLocation(availability_zone="us-east-2a", region_name=RegionName.US_EAST_2)


def test_the_result_keeps_copies_of_the_answer() -> None:
    raw = copy.deepcopy(ANSWER)
    result = CreateInstancesFromSnapshotResult.from_boto3(raw)
    raw["operations"][0]["isTerminal"] = "maybe"
    raw["operations"][0]["location"]["regionName"] = 7
    assert result.operations[0].is_terminal is False
    assert result.operations[0].location is not None
    assert result.operations[0].location.region_name == "us-east-2"


def test_a_result_is_frozen_comparable_hashable_and_picklable() -> None:
    result = CreateInstancesFromSnapshotResult.from_boto3(copy.deepcopy(ANSWER))
    with pytest.raises(AttributeError):
        result.request_id = "other"  # type: ignore[misc]
    built = CreateInstancesFromSnapshotResult(operations=[Operation(id="op-1")], request_id="req-1")
    assert built == CreateInstancesFromSnapshotResult(operations=({"id": "op-1"},), request_id="req-1")
    assert built != result and hash(built) == hash(copy.copy(built))
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes
    assert repr(built) == (
        "CreateInstancesFromSnapshotResult(operations=(Operation(id='op-1', resource_name=None, resource_type=None, "
        "created_at=None, location=None, is_terminal=None, operation_details=None, operation_type=None, status=None, "
        "status_changed_at=None, error_code=None, error_details=None),), request_id='req-1')"
    )
