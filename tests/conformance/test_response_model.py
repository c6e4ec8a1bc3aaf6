"""Our answer models against botocore's output shapes, so a new member or enum value fails CI instead of drifting."""

from __future__ import annotations

from enum import StrEnum

import botocore.session
import pytest
from botocore.model import StructureShape

from lightsail_restore.response import (
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
    fields = {info.alias for info in CreateInstancesFromSnapshotResult.model_fields.values()}
    assert fields == set(OUTPUT.members) | {"requestId"}


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
