"""Fixtures for the local backend's own tests: a demo account on a manual clock, and a real boto3 client."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from lightsail_restore.local import LocalLightsail, ManualClock

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""The demo account's clock starts here: automatic snapshots of web-1 exist for 2026-03-03 .. 2026-03-09."""

FAILED_DATE = "2026-03-06"
LATEST_DATE = "2026-03-09"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def backend(clock: ManualClock) -> LocalLightsail:
    return LocalLightsail.demo(clock=clock)


@pytest.fixture(scope="session")
def shared_client() -> LightsailClient:
    """One real boto3 client for the session (building one parses the service model: ~0.1 s), not attached."""
    builder = LocalLightsail.empty()
    client = builder.client()
    detach(client, builder)
    return client


@pytest.fixture
def client(backend: LocalLightsail, shared_client: LightsailClient) -> Iterator[LightsailClient]:
    """The session's boto3 client, answered by this test's backend only (``attach``, then detached).

    Tests of ``LocalLightsail.client()`` itself (Regions, retries) build their own.
    """
    backend.attach(shared_client)
    yield shared_client
    detach(shared_client, backend)


@pytest.fixture(scope="session")
def shared_oregon_client() -> LightsailClient:
    """One real boto3 client of us-west-2 for the session, not attached."""
    builder = LocalLightsail.empty()
    client = builder.client("us-west-2")
    detach(client, builder)
    return client


@pytest.fixture
def oregon(backend: LocalLightsail, shared_oregon_client: LightsailClient) -> Iterator[LightsailClient]:
    """The session's us-west-2 client, answered by this test's backend only."""
    backend.attach(shared_oregon_client)
    yield shared_oregon_client
    detach(shared_oregon_client, backend)


def detach(client: LightsailClient, backend: LocalLightsail) -> None:
    """Undo ``backend.attach(client)``."""
    backend.detach(client)


def base_request(**changes: Any) -> dict[str, Any]:
    """A valid restore of web-1-snap into web-2; ``None`` removes a member."""
    request: dict[str, Any] = {
        "instanceNames": ["web-2"],
        "availabilityZone": "us-east-2a",
        "bundleId": "micro_3_0",
        "instanceSnapshotName": "web-1-snap",
    }
    request.update(changes)
    return {k: v for k, v in request.items() if v is not None}


def client_error(call: Callable[..., Any], **params: Any) -> dict[str, Any]:
    """Call, expect a ClientError, check it carries a request id, and give its response."""
    with pytest.raises(ClientError) as info:
        call(**params)
    response: dict[str, Any] = dict(info.value.response)
    request_id = response["ResponseMetadata"]["RequestId"]
    assert uuid.UUID(request_id)
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == request_id
    return response
