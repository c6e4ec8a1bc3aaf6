"""A boto3 client whose HTTP layer is a recorder: each serialized request is kept and answered in-process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


class _Body:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class Recorder:
    """A before-send handler: records every serialized request and answers 200 with ``answer``."""

    def __init__(self, answer: bytes = b"{}") -> None:
        self.requests: list[AWSPreparedRequest] = []
        self._answer = answer

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        self.requests.append(request)
        headers = HTTPHeaders()
        headers["x-amzn-RequestId"] = "test"
        return AWSResponse(request.url, 200, headers, _Body(self._answer))


@contextmanager
def recording_client(
    event: str = "before-send.lightsail", answer: bytes = b"{}"
) -> Iterator[tuple[LightsailClient, Recorder]]:
    """A real boto3 Lightsail client (us-east-2) whose requests ``event`` covers go to a ``Recorder``."""
    client: LightsailClient = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-2"
    ).client("lightsail")
    recorder = Recorder(answer)
    client.meta.events.register(event, recorder)  # type: ignore[arg-type]
    yield client, recorder
    client.close()
