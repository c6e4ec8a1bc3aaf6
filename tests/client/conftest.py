"""A real boto3 Lightsail client whose HTTP layer is answered in-process by a ``before-send`` handler.

botocore's serializer, validator, signer, retry handler, response parser and error parser all run; only the
socket is replaced. Each test queues the answers it wants (status, JSON body, headers, or an exception to
raise) and reads back every request botocore sent.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
import botocore.session
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.config import Config

from lightsail_restore import LightsailRestoreClient

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

REGION = "us-east-2"
TARGET = "Lightsail_20161128.CreateInstancesFromSnapshot"
REQUEST_ID = "7f4c3b2a-1d2e-4f5a-9b8c-0123456789ab"

RECORDED_OPERATION: dict[str, Any] = {
    "id": "c3a5f1e2-7b4d-4e8a-9f21-6d0b5e3c4a17",
    "resourceName": "web-2",
    "resourceType": "Instance",
    "createdAt": 1569865914.908,
    "location": {"availabilityZone": "us-east-2a", "regionName": "us-east-2"},
    "isTerminal": False,
    "operationDetails": "web-1-snap",
    "operationType": "CreateInstancesFromSnapshot",
    "status": "Started",
    "statusChangedAt": 1569865915.5,
}
"""One operation in the shape of the AWS CLI example of create-instances-from-snapshot (epoch float times)."""


class _Body:
    """The ``raw`` of an AWSResponse: botocore reads the body through ``raw.stream()``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


@dataclass
class Answer:
    """One queued HTTP answer."""

    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Wire:
    """The in-process HTTP layer: pops one queued answer (or raises one queued exception) per request."""

    answers: deque[Answer | BaseException] = field(default_factory=deque)
    requests: list[AWSPreparedRequest] = field(default_factory=list)

    def answer(self, body: Any = None, *, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Queue an answer; ``body`` is JSON-encoded unless it is ``bytes``."""
        self.answers.append(Answer(status, {} if body is None else body, headers or {}))

    def error(self, error_type: str, *, status: int = 400, **members: str) -> None:
        """Queue a JSON 1.1 error answer: ``{"__type": error_type, **members}`` with a request id header."""
        self.answer({"__type": error_type, **members}, status=status)

    def fail(self, exc: BaseException) -> None:
        """Queue an exception for the handler to raise (as the HTTP layer would)."""
        self.answers.append(exc)

    @property
    def calls(self) -> int:
        """How many requests reached the HTTP layer."""
        return len(self.requests)

    def body(self, index: int = -1) -> Any:
        """The JSON body of a request botocore sent."""
        raw = self.requests[index].body
        assert isinstance(raw, bytes | bytearray | str)
        return json.loads(raw)

    def header(self, name: str, index: int = -1) -> str:
        """A header of a request botocore sent, as text."""
        value = self.requests[index].headers[name]
        return value.decode() if isinstance(value, bytes) else str(value)

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        self.requests.append(request)
        if not self.answers:
            raise AssertionError("the HTTP layer got a request no test queued an answer for")
        queued = self.answers.popleft()
        if isinstance(queued, BaseException):
            raise queued
        headers = HTTPHeaders()
        headers["x-amzn-RequestId"] = REQUEST_ID
        headers["Content-Type"] = "application/x-amz-json-1.1"
        for key, value in queued.headers.items():
            headers[key] = value
        data = queued.body if isinstance(queued.body, bytes) else json.dumps(queued.body).encode()
        return AWSResponse(request.url, queued.status, headers, _Body(data))


_BOTOCORE = botocore.session.get_session()
"""One botocore session for the test run: its loader caches the parsed service model (a new one costs ~0.5 s)."""


def make_boto3_client(wire: Wire, *, retries: dict[str, Any] | None = None) -> LightsailClient:
    """A real boto3 Lightsail client in us-east-2 with dummy credentials, answered by ``wire``."""
    config = Config(retries=retries) if retries is not None else None  # type: ignore[arg-type]
    client: LightsailClient = boto3.session.Session(botocore_session=_BOTOCORE).client(
        "lightsail",
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="y",
        config=config,
    )
    events: Any = client.meta.events  # its stub types handlers as returning None; ours returns the answer
    events.register("before-send.lightsail", wire)
    return client


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def boto3_client(wire: Wire) -> LightsailClient:
    return make_boto3_client(wire)


@pytest.fixture
def client(boto3_client: LightsailClient) -> LightsailRestoreClient:
    return LightsailRestoreClient(boto3_client)
