"""AWS's errors through botocore's real JSON 1.1 error parser and retry handler, to our typed exceptions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from lightsail_restore import (
    AccessDeniedException,
    AccountSetupInProgressException,
    CreateInstancesFromSnapshotResult,
    InvalidInputException,
    LightsailError,
    LightsailRestoreClient,
    LightsailRestoreError,
    NotFoundException,
    OperationFailureException,
    RegionSetupInProgressException,
    ServiceException,
    TransportError,
    UnauthenticatedException,
)

from .conftest import RECORDED_OPERATION, REQUEST_ID, Wire, make_boto3_client

MANUAL = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}
ONE_ATTEMPT = {"mode": "standard", "total_max_attempts": 1}


def one_attempt_client(wire: Wire) -> LightsailRestoreClient:
    return LightsailRestoreClient(make_boto3_client(wire, retries=ONE_ATTEMPT))


def every_field(error: LightsailError) -> tuple[object, ...]:
    """The error's fields, in one order: error_code, code, message, tip, docs, request_id, http_status, is_retryable."""
    return (
        error.error_code,
        error.code,
        error.message,
        error.tip,
        error.docs,
        error.request_id,
        error.http_status,
        error.is_retryable,
    )


@dataclass(frozen=True)
class Modelled:
    cls: type[LightsailError]
    status: int
    retryable: bool


# HTTP statuses as Lightsail's Smithy model gives them (evidence C-5.1): we dispatch on the code only.
MODELLED = [
    Modelled(InvalidInputException, 400, False),
    Modelled(NotFoundException, 404, False),
    Modelled(OperationFailureException, 400, False),
    Modelled(AccessDeniedException, 403, False),
    Modelled(AccountSetupInProgressException, 428, True),
    Modelled(RegionSetupInProgressException, 428, True),
    Modelled(UnauthenticatedException, 401, False),
    Modelled(ServiceException, 500, True),
]


@pytest.mark.parametrize("case", MODELLED, ids=lambda m: m.cls.__name__)
def test_each_modelled_error_is_typed_with_every_field(case: Modelled, wire: Wire) -> None:
    name = case.cls.__name__
    wire.error(
        name,
        status=case.status,
        code=f"{name}Code",
        docs=f"https://docs.example/{name}",
        message=f"{name} happened",
        tip=f"fix {name}",
    )
    client = one_attempt_client(wire)
    with pytest.raises(LightsailError) as info:
        client.create_instances_from_snapshot(MANUAL)
    error = info.value
    assert type(error) is case.cls
    assert isinstance(error, LightsailRestoreError)
    assert every_field(error) == (
        name,
        f"{name}Code",
        f"{name} happened",
        f"fix {name}",
        f"https://docs.example/{name}",
        REQUEST_ID,
        case.status,
        case.retryable,
    )
    # botocore's own modelled class (client.exceptions.<name>), a ClientError subclass.
    assert isinstance(error.__cause__, ClientError)
    assert type(error.__cause__) is getattr(client.lightsail.exceptions, name)
    assert error.__cause__.response["Error"]["Code"] == name
    assert str(error) == f"{name}: {name} happened | tip: fix {name} | request id: {REQUEST_ID}"
    assert repr(error) == (
        f"{name}(error_code={name!r}, message='{name} happened', request_id={REQUEST_ID!r}, http_status={case.status})"
    )
    assert wire.calls == 1


@pytest.mark.parametrize("case", MODELLED, ids=lambda m: m.cls.__name__)
def test_dispatch_is_on_the_code_not_the_status(case: Modelled, wire: Wire) -> None:
    """The API Reference says 400 for most of these; the type must not depend on which source is right."""
    wire.error(f"com.amazonaws.lightsail#{case.cls.__name__}", status=400, message="m")
    with pytest.raises(case.cls) as info:
        one_attempt_client(wire).create_instances_from_snapshot(MANUAL)
    assert (info.value.error_code, info.value.http_status) == (case.cls.__name__, 400)


def test_an_unknown_code_is_a_plain_lightsail_error(wire: Wire) -> None:
    wire.error("BrandNewException", status=400, code="New", docs="d", message="something new", tip="t")
    with pytest.raises(LightsailError) as info:
        one_attempt_client(wire).create_instances_from_snapshot(MANUAL)
    error = info.value
    assert type(error) is LightsailError
    # botocore parses the modelled members only for a modelled shape, so code/docs/tip are not known here.
    assert every_field(error) == ("BrandNewException", None, "something new", None, None, REQUEST_ID, 400, False)
    assert type(error.__cause__) is ClientError


def test_an_error_without_members_falls_back_to_the_code(wire: Wire) -> None:
    wire.error("NotFoundException", status=400)
    with pytest.raises(NotFoundException) as info:
        one_attempt_client(wire).create_instances_from_snapshot(MANUAL)
    assert (info.value.message, info.value.code, info.value.tip, info.value.docs) == (
        "NotFoundException",
        None,
        None,
        None,
    )


# -- retries stay botocore's -------------------------------------------------------------------------------------


def test_throttling_then_success(wire: Wire, sleeps: list[float]) -> None:
    wire.error("ThrottlingException", status=400, message="Rate exceeded")
    wire.answer({"operations": [RECORDED_OPERATION]})
    client = LightsailRestoreClient(make_boto3_client(wire, retries={"mode": "standard", "max_attempts": 2}))
    result = client.create_instances_from_snapshot(MANUAL)
    assert wire.calls == 2
    assert wire.body(0) == wire.body(1) == MANUAL
    assert len(sleeps) == 1 and 0 <= sleeps[0] <= 1
    assert isinstance(result, CreateInstancesFromSnapshotResult)
    assert [op.resource_name for op in result.operations] == ["web-2"]
    assert result.request_id == REQUEST_ID


def test_throttling_exhausted_is_a_retryable_plain_lightsail_error(wire: Wire, sleeps: list[float]) -> None:
    for _ in range(5):
        wire.error("ThrottlingException", status=400, message="Rate exceeded")
    # botocore's ``max_attempts`` counts retries: 2 means 3 attempts in all.
    client = LightsailRestoreClient(make_boto3_client(wire, retries={"mode": "standard", "max_attempts": 2}))
    with pytest.raises(LightsailError) as info:
        client.create_instances_from_snapshot(MANUAL)
    error = info.value
    assert wire.calls == 3
    assert len(sleeps) == 2
    assert type(error) is LightsailError
    assert (error.error_code, error.message, error.http_status, error.is_retryable) == (
        "ThrottlingException",
        "Rate exceeded",
        400,
        True,
    )
    assert type(error.__cause__) is ClientError


def test_a_service_exception_on_a_write_is_not_retried_by_botocore(wire: Wire, sleeps: list[float]) -> None:
    """A 500 may come after AWS applied the create: sent once, the error is ours to judge (no botocore retry)."""
    wire.error("ServiceException", status=500, message="oops")
    client = LightsailRestoreClient(make_boto3_client(wire, retries={"mode": "standard", "max_attempts": 2}))
    with pytest.raises(ServiceException):
        client.create_instances_from_snapshot(MANUAL)
    assert (wire.calls, len(sleeps)) == (1, 0)


@pytest.mark.parametrize(
    ("make_client", "attempts"),
    [
        (one_attempt_client, 1),
        (lambda w: LightsailRestoreClient(make_boto3_client(w, retries={"mode": "standard", "max_attempts": 1})), 2),
    ],
    ids=["total_max_attempts=1", "max_attempts=1"],
)
def test_a_connection_error_is_a_chained_transport_error(
    wire: Wire, sleeps: list[float], make_client: Callable[[Wire], LightsailRestoreClient], attempts: int
) -> None:
    url = "https://lightsail.us-east-2.amazonaws.com/"
    for _ in range(attempts):
        wire.fail(EndpointConnectionError(endpoint_url=url))
    with pytest.raises(TransportError) as info:
        make_client(wire).create_instances_from_snapshot(MANUAL)
    assert not isinstance(info.value, LightsailError)
    assert isinstance(info.value, LightsailRestoreError)
    assert type(info.value.__cause__) is EndpointConnectionError
    assert url in str(info.value)
    assert wire.calls == attempts
    assert len(sleeps) == attempts - 1
