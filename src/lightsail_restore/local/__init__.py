"""An embedded, in-process Lightsail: the default backend of the command, and a fake for your own tests.

A real boto3 client talks to it through botocore's ``before-send`` event, so botocore's validator, serializer
and response and error parsers all run; nothing leaves the process. It keeps state per Region (instances,
snapshots, automatic snapshots, disks, key pairs, operations), enforces CreateInstancesFromSnapshot's rules
with the service's own exception types, moves operations and instances through their states on a clock you
control, injects faults, and records every request. See ``docs/local.md``.
"""

from __future__ import annotations

import copy
import json
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from ..clock import Clock, FastClock, ManualClock, SystemClock
from ._service import ServiceError, Timings, answer, empty_state, seed_demo
from ._store import locked, read_state, write_state

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = [
    "Clock",
    "FastClock",
    "LocalLightsail",
    "ManualClock",
    "RecordedRequest",
    "SystemClock",
    "Timings",
]

_TARGET_PREFIX = "Lightsail_20161128."
_FAULT_STATUS = {"ServiceException": 500, "InternalFailure": 500, "ServiceUnavailable": 503}


@dataclass(frozen=True)
class RecordedRequest:
    """A request the backend received: the operation, its decoded JSON parameters and the Region."""

    operation: str
    params: dict[str, Any]
    region: str


@dataclass
class _Fault:
    error_code: str
    count: int
    message: str
    operation: str | None
    http_status: int


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data

    def read(self, *_: Any) -> bytes:
        return self._data


@dataclass
class LocalLightsail:
    """The local Lightsail backend. Build one with ``demo()``, ``empty()`` or ``from_file()``.

    Attributes:
        clock: Where the backend's time comes from (real time by default).
        page_size: Items per page of the paginated ``Get*`` operations.
        requests: Every request received, in order.
    """

    state: dict[str, Any]
    clock: Clock = field(default_factory=SystemClock)
    page_size: int = 25
    requests: list[RecordedRequest] = field(default_factory=list)
    path: Path | None = None
    seed: str = "demo"
    _faults: list[_Fault] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- construction -----------------------------------------------------------------------------------------
    @classmethod
    def demo(cls, *, clock: Clock | None = None, timings: Timings | None = None) -> LocalLightsail:
        """A backend seeded with the demo account in us-east-2 (see ``docs/local.md``)."""
        clock = clock or SystemClock()
        state = empty_state(timings)
        seed_demo(state, clock.now())
        return cls(state=state, clock=clock)

    @classmethod
    def empty(cls, *, clock: Clock | None = None, timings: Timings | None = None) -> LocalLightsail:
        """A backend with every Region, bundle and blueprint, and no resources."""
        return cls(state=empty_state(timings), clock=clock or SystemClock(), seed="empty")

    @classmethod
    def from_file(
        cls, path: str | Path, *, clock: Clock | None = None, timings: Timings | None = None
    ) -> LocalLightsail:
        """A file-backed backend: every request locks the file, loads it, applies, saves, and unlocks.

        Two processes sharing the file never lose each other's changes. The demo account is seeded (with
        ``timings``) when the file does not exist yet.
        """
        path = Path(path)
        clock = clock or SystemClock()
        with locked(path):
            state = read_state(path)
            if state is None:
                backend = cls.demo(clock=clock, timings=timings)
                write_state(path, backend.state)
                state = backend.state
        return cls(state=state, clock=clock, path=path)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, clock: Clock | None = None) -> LocalLightsail:
        """A backend from a state dict (as ``to_json`` gives)."""
        return cls(state=copy.deepcopy(dict(data)), clock=clock or SystemClock())

    # -- state ------------------------------------------------------------------------------------------------
    @property
    def timings(self) -> Timings:
        """How long operations take to finish and instances to boot."""
        raw = self.state["timings"]
        return Timings(operation_seconds=raw["operationSeconds"], boot_seconds=raw["bootSeconds"])

    @timings.setter
    def timings(self, value: Timings) -> None:
        self._mutate(
            lambda s: s.update(timings={"operationSeconds": value.operation_seconds, "bootSeconds": value.boot_seconds})
        )

    @property
    def instance_quota(self) -> int:
        """The Instances quota per Region (20 by default)."""
        return int(self.state.get("instanceQuota", 20))

    @instance_quota.setter
    def instance_quota(self, value: int) -> None:
        self._mutate(lambda s: s.update(instanceQuota=value))

    def to_json(self) -> dict[str, Any]:
        """A deep copy of the state, JSON-ready."""
        self._refresh()
        return copy.deepcopy(self.state)

    def save(self, path: str | Path) -> None:
        """Save the state to ``path``, atomically and under the file's lock."""
        target = Path(path)
        with locked(target):
            write_state(target, self.to_json())

    def reset(self) -> None:
        """Back to the seed: the demo account (or nothing, for an ``empty()`` backend); faults cleared."""
        timings = self.timings
        fresh = empty_state(timings)
        if self.seed == "demo":
            seed_demo(fresh, self.clock.now())
        self._faults.clear()
        self._mutate(lambda s: (s.clear(), s.update(fresh)))

    def fail_operation(
        self, instance_name: str, *, error_code: str = "InternalError", error_details: str = "Injected failure"
    ) -> None:
        """Make the next creation of ``instance_name`` fail.

        Its operation ends ``Failed`` with these, and the instance disappears (from GetInstance and
        GetInstances) when the operation ends.
        """
        failure = {"errorCode": error_code, "errorDetails": error_details}
        self._mutate(lambda s: s.setdefault("failOperations", {}).update({instance_name: failure}))

    def fail_next(
        self,
        error_code: str,
        *,
        count: int = 1,
        message: str | None = None,
        operation: str | None = None,
        http_status: int | None = None,
    ) -> None:
        """Answer the next ``count`` calls (of ``operation``, or any) with the error ``error_code``."""
        status = http_status or _FAULT_STATUS.get(error_code, 400)
        text = message or f"Injected {error_code}"
        self._faults.append(_Fault(error_code, count, text, operation, status))

    def throttle(self, count: int = 1, operation: str | None = None) -> None:
        """Answer the next ``count`` calls with ``ThrottlingException`` (HTTP 400), as Lightsail throttles."""
        self.fail_next("ThrottlingException", count=count, operation=operation, message="Rate exceeded")

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self.requests.clear()

    def calls(self, operation: str | None = None) -> int:
        """How many requests were received (of ``operation``, or all)."""
        return sum(1 for r in self.requests if operation is None or r.operation == operation)

    # -- boto3 ------------------------------------------------------------------------------------------------
    def client(self, region_name: str = "us-east-2", *, max_attempts: int | None = None) -> LightsailClient:
        """A real boto3 Lightsail client (dummy credentials, standard retries) answered by this backend.

        Args:
            region_name: The client's Region.
            max_attempts: Attempts per call, the first included (``1``: no retries); botocore's default if
                ``None``. (botocore's own ``retries={"max_attempts": n}`` counts retries only.)
        """
        import boto3
        from botocore.config import Config

        retries: Any = (
            {"mode": "standard"} if max_attempts is None else {"mode": "standard", "total_max_attempts": max_attempts}
        )
        client: LightsailClient = boto3.session.Session().client(
            "lightsail",
            region_name=region_name,
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 - not a secret: the local backend checks no signature
            config=Config(retries=retries),
        )
        self.attach(client)
        return client

    def attach(self, client: Any) -> None:
        """Answer every request of ``client`` (a boto3 Lightsail client) from this backend."""
        client.meta.events.register("before-send.lightsail", self._handle)

    def _handle(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        raw_target = request.headers.get("X-Amz-Target", b"")
        target = raw_target.decode() if isinstance(raw_target, bytes) else str(raw_target)
        operation = target.removeprefix(_TARGET_PREFIX)
        body = request.body
        text = body.decode() if isinstance(body, (bytes, bytearray)) else body if isinstance(body, str) else "{}"
        params: dict[str, Any] = json.loads(text or "{}")
        region = str(request.url).split("//", 1)[-1].split(".")[1]
        with self._lock:
            self.requests.append(RecordedRequest(operation, params, region))
            try:
                fault = self._take_fault(operation)
                if fault is not None:
                    raise ServiceError(fault.error_code, fault.message, status=fault.http_status, code=fault.error_code)
                status, payload = 200, self._answer(operation, params, region)
            except ServiceError as error:
                status, payload = error.status, error.body()
        headers = HTTPHeaders()
        headers["x-amzn-RequestId"] = str(uuid.uuid4())
        headers["Content-Type"] = "application/x-amz-json-1.1"
        return AWSResponse(request.url, status, headers, _Body(json.dumps(payload).encode()))

    def _take_fault(self, operation: str) -> _Fault | None:
        for fault in self._faults:
            if fault.operation in (None, operation):
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _answer(self, operation: str, params: Mapping[str, Any], region: str) -> dict[str, Any]:
        if self.path is None:
            return answer(self.state, operation, params, region=region, clock=self.clock, page_size=self.page_size)
        with locked(self.path):
            self.state = read_state(self.path) or self.state
            result = answer(self.state, operation, params, region=region, clock=self.clock, page_size=self.page_size)
            if not operation.startswith("Get"):
                write_state(self.path, self.state)
            return result

    def _refresh(self) -> None:
        if self.path is not None:
            with locked(self.path):
                self.state = read_state(self.path) or self.state

    def _mutate(self, change: Any) -> None:
        if self.path is None:
            change(self.state)
            return
        with locked(self.path):
            self.state = read_state(self.path) or self.state
            change(self.state)
            write_state(self.path, self.state)
