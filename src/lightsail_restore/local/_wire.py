"""The wire: botocore's prepared JSON 1.1 request in, an ``AWSResponse`` out; faults to inject; recorded requests."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from ._errors import DOES_NOT_EXIST, INVALID_INPUT, ServiceError

__all__ = ["Fault", "FaultKind", "FaultQueue", "RecordedRequest", "decode", "encode", "gateway_page"]

_TARGET_PREFIX: Final = "Lightsail_20161128."
_HOST_REGION: Final = re.compile(r"^https?://lightsail\.([a-z0-9-]+)\.amazonaws\.com")
_SCOPE_REGION: Final = re.compile(r"Credential=[^/]+/[0-9]{8}/([a-z0-9-]+)/lightsail/")
_FAULT_STATUS: Final = {"ServiceException": 500, "InternalFailure": 500, "ServiceUnavailable": 503}


@dataclass(frozen=True)
class RecordedRequest:
    """A request the backend received.

    Attributes:
        operation: The AWS operation, e.g. ``"CreateInstancesFromSnapshot"``.
        params: The decoded JSON body, as botocore serialized it (camelCase members).
        region: The Region of the client that sent it.
    """

    operation: str
    params: dict[str, Any]
    region: str


def _text(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    return value if isinstance(value, str) else ""


def decode(request: AWSPreparedRequest) -> RecordedRequest:
    """The operation (from ``X-Amz-Target``), parameters and Region of a prepared Lightsail request.

    The Region comes from the host name, or else from the signature's credential scope (a custom endpoint).
    """
    operation = _text(request.headers.get("X-Amz-Target", b"")).removeprefix(_TARGET_PREFIX)
    body = _text(request.body).strip()
    params: dict[str, Any] = json.loads(body) if body else {}
    host = _HOST_REGION.match(str(request.url))
    scope = _SCOPE_REGION.search(_text(request.headers.get("Authorization", b"")))
    region = host.group(1) if host else scope.group(1) if scope else "us-east-1"
    return RecordedRequest(operation, params, region)


class _Body:
    """The raw body botocore reads an ``AWSResponse`` from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data

    def read(self, *_: Any) -> bytes:
        return self._data


def encode(url: str, status: int, payload: dict[str, Any]) -> AWSResponse:
    """An AWS JSON 1.1 answer with a fresh ``x-amzn-RequestId``."""
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = str(uuid.uuid4())
    headers["Content-Type"] = "application/x-amz-json-1.1"
    return AWSResponse(url, status, headers, _Body(json.dumps(payload).encode("utf-8")))


def gateway_page(url: str, status: int) -> AWSResponse:
    """An HTML error page with no JSON, as a gateway or load balancer in front of the service answers it.

    botocore then reports ``Error.Code`` as the status (``"503"``) and the reason phrase as the message.
    """
    headers = HTTPHeaders()
    headers["Content-Type"] = "text/html"
    body = f"<html><head><title>{status}</title></head><body><h1>{status} Gateway Error</h1></body></html>"
    return AWSResponse(url, status, headers, _Body(body.encode("utf-8")))


FaultKind = Literal["error", "gateway", "drop", "lose"]
"""``error``: a JSON error answer; ``gateway``: an HTML page; ``drop``: the connection is reset before the
request is applied; ``lose``: the request is applied, then the answer never arrives (a read timeout)."""


@dataclass
class Fault:
    """An injected fault: applied to the next ``count`` calls of ``operation`` (or of any operation).

    With ``region``, only calls to that Region count (a Region that does not answer while another does).
    """

    kind: FaultKind
    count: int
    operation: str | None
    error_code: str = ""
    message: str = ""
    http_status: int = 400
    region: str | None = None

    def service_error(self) -> ServiceError:
        """The error answer of an ``error`` fault."""
        # ``code`` as the backend's own errors have it (DoesNotExist for a missing resource); no tip (E20).
        code = {"NotFoundException": DOES_NOT_EXIST, "InvalidInputException": INVALID_INPUT}.get(self.error_code, "")
        return ServiceError(self.error_code, self.message, status=self.http_status, code=code)


class FaultQueue:
    """Injected faults, first in first out."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        error_code: str,
        *,
        count: int,
        message: str | None,
        operation: str | None,
        http_status: int | None,
        region: str | None = None,
    ) -> None:
        """Queue an error answer; the HTTP status defaults to 500 for server faults and 400 otherwise."""
        status = http_status or _FAULT_STATUS.get(error_code, 400)
        message = message or f"Injected {error_code}"
        self.add_fault(Fault("error", count, operation, error_code, message, status, region))

    def add_fault(self, fault: Fault) -> None:
        """Queue any fault.

        Raises:
            ValueError: ``fault.count`` is below 1.
        """
        if fault.count < 1:
            raise ValueError("count must be at least 1")
        self._faults.append(fault)

    def clear(self) -> None:
        """Forget every queued fault."""
        self._faults.clear()

    def take(self, operation: str, region: str | None = None) -> Fault | None:
        """The fault that applies to this call of ``operation`` (to ``region``), if any (used up by one)."""
        for fault in self._faults:
            if fault.operation in (None, operation) and fault.region in (None, region):
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return fault
        return None
