"""Typed answers through botocore's real response parser: UTC timestamps, open enums, sparse and odd shapes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pydantic
import pytest

from lightsail_restore import (
    CreateInstancesFromSnapshotResult,
    LightsailRestoreClient,
    Operation,
    OperationStatus,
    OperationType,
    RegionName,
    ResourceLocation,
    ResourceType,
    ResponseShapeError,
)

from .conftest import RECORDED_OPERATION, REQUEST_ID, Wire

MANUAL = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}
CREATED = datetime(2019, 9, 30, 17, 51, 54, 908000, tzinfo=UTC)
CHANGED = datetime(2019, 9, 30, 17, 51, 55, 500000, tzinfo=UTC)


@pytest.fixture
def los_angeles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local zone is America/Los_Angeles (UTC-7 on 2019-09-30) for the test."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    assert time.localtime(CREATED.timestamp()).tm_gmtoff == -7 * 3600
    yield
    monkeypatch.undo()
    time.tzset()


def create(client: LightsailRestoreClient, wire: Wire, answer: Any) -> CreateInstancesFromSnapshotResult:
    wire.answer(answer)
    return client.create_instances_from_snapshot(MANUAL)


def test_a_recorded_answer_is_typed(client: LightsailRestoreClient, wire: Wire) -> None:
    result = create(client, wire, {"operations": [RECORDED_OPERATION]})
    assert isinstance(result, CreateInstancesFromSnapshotResult)
    assert result.request_id == REQUEST_ID
    (op,) = result.operations
    assert op == Operation(
        id="c3a5f1e2-7b4d-4e8a-9f21-6d0b5e3c4a17",
        resource_name="web-2",
        resource_type=ResourceType.INSTANCE,
        created_at=CREATED,
        location=ResourceLocation(availability_zone="us-east-2a", region_name=RegionName.US_EAST_2),
        is_terminal=False,
        operation_details="web-1-snap",
        operation_type=OperationType.CREATE_INSTANCES_FROM_SNAPSHOT,
        status=OperationStatus.STARTED,
        status_changed_at=CHANGED,
    )
    assert op.error_code is None and op.error_details is None
    assert not op.succeeded and not op.failed


@pytest.mark.usefixtures("los_angeles")
def test_epoch_timestamps_are_aware_utc_even_in_a_non_utc_local_zone(
    client: LightsailRestoreClient, wire: Wire
) -> None:
    wire.answer({"operations": [RECORDED_OPERATION]})
    raw = client.lightsail.create_instances_from_snapshot(**MANUAL)  # type: ignore[arg-type]
    # botocore itself answers in the local zone: this is what the typed layer corrects.
    assert raw["operations"][0]["createdAt"].utcoffset() == timedelta(hours=-7)

    (op,) = create(client, wire, {"operations": [RECORDED_OPERATION]}).operations
    for stamp, expected in ((op.created_at, CREATED), (op.status_changed_at, CHANGED)):
        assert stamp is not None
        assert stamp.tzinfo is UTC
        assert stamp.utcoffset() == timedelta(0)
        assert stamp == expected
        assert (stamp.hour, stamp.microsecond) == (expected.hour, expected.microsecond)


@pytest.mark.usefixtures("los_angeles")
def test_integer_and_iso_timestamps_are_utc_too(client: LightsailRestoreClient, wire: Wire) -> None:
    answer = {"operations": [{"createdAt": 1569865914, "statusChangedAt": "2019-09-30T19:51:55.5+02:00"}]}
    (op,) = create(client, wire, answer).operations
    assert op.created_at == CREATED.replace(microsecond=0)
    assert op.created_at is not None and op.created_at.tzinfo is UTC
    assert op.status_changed_at == CHANGED
    assert op.status_changed_at is not None and op.status_changed_at.tzinfo is UTC
    assert op.status_changed_at.hour == 17


def test_unknown_enum_values_stay_plain_strings(client: LightsailRestoreClient, wire: Wire) -> None:
    newer = {
        **RECORDED_OPERATION,
        "resourceType": "QuantumComputer",
        "operationType": "CreateQuantumComputer",
        "status": "SomethingNew",
        "location": {"availabilityZone": "mx-central-1a", "regionName": "mx-central-1"},
    }
    (op,) = create(client, wire, {"operations": [newer]}).operations
    values = (op.resource_type, op.operation_type, op.status, op.location and op.location.region_name)
    assert values == ("QuantumComputer", "CreateQuantumComputer", "SomethingNew", "mx-central-1")
    for value in values:
        assert type(value) is str
    assert not op.succeeded and not op.failed


def test_known_enum_values_are_members_equal_to_the_wire_string(client: LightsailRestoreClient, wire: Wire) -> None:
    legacy = {**RECORDED_OPERATION, "operationType": "CreateInstance", "status": "Succeeded"}
    (op,) = create(client, wire, {"operations": [legacy]}).operations
    assert op.location is not None
    members = (
        (op.resource_type, ResourceType.INSTANCE, "Instance"),
        (op.operation_type, OperationType.CREATE_INSTANCE, "CreateInstance"),
        (op.status, OperationStatus.SUCCEEDED, "Succeeded"),
        (op.location.region_name, RegionName.US_EAST_2, "us-east-2"),
    )
    for value, member, wire_string in members:
        assert value is member
        assert value == wire_string
        assert str(value) == wire_string
    assert op.succeeded


def test_a_failed_operation_keeps_its_error(client: LightsailRestoreClient, wire: Wire) -> None:
    failed = {**RECORDED_OPERATION, "status": "Failed", "isTerminal": True, "errorCode": "X", "errorDetails": "boom"}
    (op,) = create(client, wire, {"operations": [failed]}).operations
    assert (op.failed, op.succeeded, op.is_terminal, op.error_code, op.error_details) == (
        True,
        False,
        True,
        "X",
        "boom",
    )


def test_an_operation_with_only_an_id(client: LightsailRestoreClient, wire: Wire) -> None:
    result = create(client, wire, {"operations": [{"id": "only-id"}]})
    assert result.operations == (Operation(id="only-id"),)
    (op,) = result.operations
    assert op.model_dump(exclude_none=True) == {"id": "only-id"}
    assert (op.status, op.created_at, op.location, op.resource_name) == (None, None, None, None)


def test_unknown_members_are_ignored(client: LightsailRestoreClient, wire: Wire) -> None:
    (op,) = create(client, wire, {"operations": [{"id": "a", "brandNew": {"x": 1}}], "alsoNew": 2}).operations
    assert op == Operation(id="a")


@pytest.mark.parametrize("answer", [{}, {"operations": []}, {"operations": None}], ids=["{}", "empty-list", "null"])
def test_an_empty_answer(client: LightsailRestoreClient, wire: Wire, answer: Any) -> None:
    result = create(client, wire, answer)
    assert result.operations == ()
    assert result.request_id == REQUEST_ID


def test_an_empty_http_body(client: LightsailRestoreClient, wire: Wire) -> None:
    result = create(client, wire, b"")
    assert result == CreateInstancesFromSnapshotResult(request_id=REQUEST_ID)


def test_a_result_is_frozen(client: LightsailRestoreClient, wire: Wire) -> None:
    result = create(client, wire, {"operations": [RECORDED_OPERATION]})
    with pytest.raises(pydantic.ValidationError):
        result.operations[0].status = "Completed"  # type: ignore[misc]


# -- answers that do not fit ------------------------------------------------------------------------------------


def test_a_2xx_answer_that_does_not_fit_is_a_response_shape_error(client: LightsailRestoreClient, wire: Wire) -> None:
    """botocore passes a wrong scalar type through untouched; our model refuses it."""
    wire.answer({"operations": [{"id": "a", "isTerminal": "maybe"}]})
    with pytest.raises(ResponseShapeError) as info:
        client.create_instances_from_snapshot(MANUAL)
    assert not isinstance(info.value, pydantic.ValidationError)
    assert isinstance(info.value.__cause__, pydantic.ValidationError)
    assert "CreateInstancesFromSnapshotResult" in str(info.value)
    assert "operations.0.isTerminal" in str(info.value)


@pytest.mark.parametrize(
    ("answer", "crash"),
    [
        ({"operations": "nope"}, AttributeError),
        ({"operations": 5}, TypeError),
        ({"operations": [{"location": "us-east-2"}]}, AttributeError),
        ({"operations": [{"createdAt": "garbage-9f3e"}]}, ValueError),
        ({"operations": [{"createdAt": 1e300}]}, RuntimeError),
        (b"[1, 2]", AttributeError),
        (b'"garbage-9f3e"', AttributeError),
        (b"null", AttributeError),
    ],
    ids=[
        "operations-str",
        "operations-int",
        "location-str",
        "createdAt-garbage",
        "createdAt-huge",
        "top-level-list",
        "top-level-str",
        "top-level-null",
    ],
)
def test_a_2xx_answer_botocore_cannot_parse_is_a_response_shape_error(
    client: LightsailRestoreClient, wire: Wire, answer: Any, crash: type[Exception]
) -> None:
    """botocore's own parser crashes on these bodies; the crash becomes a chained ResponseShapeError."""
    wire.answer(answer)
    with pytest.raises(ResponseShapeError) as info:
        client.create_instances_from_snapshot(MANUAL)
    assert type(info.value.__cause__) is crash
    assert crash.__name__ in str(info.value)
    assert "garbage-9f3e" not in str(info.value), "botocore's message quotes the answer; ours does not"
    assert wire.calls == 1, "a parse failure is not retried"


def test_a_crash_outside_botocore_parser_passes_through_unchanged(client: LightsailRestoreClient, wire: Wire) -> None:
    """Only the parser's crashes are shape errors: a bug in a before-send handler stays what it is."""
    wire.fail(KeyError("a handler bug"))
    with pytest.raises(KeyError, match="a handler bug"):
        client.create_instances_from_snapshot(MANUAL)


def test_a_non_json_2xx_body_is_read_as_empty_by_botocore(client: LightsailRestoreClient, wire: Wire) -> None:
    """Pinned: botocore reads a 2xx body that is not JSON as ``{}`` and logs it, so no error can be raised here."""
    result = create(client, wire, b"<html>gateway</html>")
    assert result == CreateInstancesFromSnapshotResult(request_id=REQUEST_ID)


@pytest.mark.parametrize(
    "operation",
    [{"createdAt": "not a time"}, {"isTerminal": "maybe"}, {"location": "us-east-2"}, {"id": {"nested": 1}}],
    ids=["createdAt", "isTerminal", "location", "id"],
)
def test_a_malformed_operation_is_a_response_shape_error(operation: dict[str, Any]) -> None:
    with pytest.raises(ResponseShapeError) as info:
        Operation.from_boto3(operation)
    assert not isinstance(info.value, pydantic.ValidationError)
    member = next(iter(operation))
    assert member in str(info.value)
    with pytest.raises(ResponseShapeError):
        CreateInstancesFromSnapshotResult.from_boto3({"operations": [operation]})


@pytest.mark.parametrize(
    "raw",
    [
        {"operations": "nope"},
        {"operations": [1, 2]},
        {"operations": {"id": "x"}},
        {"operations": 0},
        {"operations": ""},
        {"operations": [None]},
        "nope",
        42,
        None,
    ],
)
def test_a_malformed_result_is_a_response_shape_error(raw: Any) -> None:
    with pytest.raises(ResponseShapeError) as info:
        CreateInstancesFromSnapshotResult.from_boto3(raw)
    assert not isinstance(info.value, pydantic.ValidationError)


def test_a_shape_error_never_echoes_the_answer() -> None:
    with pytest.raises(ResponseShapeError) as info:
        Operation.from_boto3({"createdAt": "canary-value-9f3e"})
    assert "canary-value-9f3e" not in str(info.value)
    assert "createdAt" in str(info.value)
