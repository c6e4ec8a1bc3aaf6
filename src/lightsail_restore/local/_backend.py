"""``LocalLightsail``: the backend object users build, attach to boto3 clients, script and save."""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError

from .._clock import Clock, SystemClock
from ._auto import take_auto_snapshots
from ._catalogue import REGIONS, bundle, zones_of
from ._check import check_state
from ._errors import ServiceError
from ._seed import seed_demo
from ._service import answer, mutating
from ._state import SUCCESS_STATUSES, Timings, empty_refusals, empty_state
from ._store import locked, read_state, write_state
from ._wire import Fault, FaultQueue, RecordedRequest, decode, encode, gateway_page

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = ["LocalLightsail"]

_EVENT = "before-send.lightsail"
_PROBE_ADDRESS = "lightsail-restore-probe-address"
"""The event the readiness gate asks where to probe a new instance (``restore/_steps/ready.py``): here, 127.0.0.1."""


def _probe_address(**_: Any) -> str:
    return "127.0.0.1"


def _checked(data: object) -> dict[str, Any]:
    return check_state(copy.deepcopy(data))


@functools.cache
def _operation_names() -> frozenset[str]:
    from .._quiet import service_data

    return frozenset(service_data().get_service_model("lightsail").operation_names)


def _operation_name(operation: str) -> str:
    if operation not in _operation_names():
        raise ValueError(f"{operation!r} is not a Lightsail operation (e.g. 'PutInstancePublicPorts')")
    return operation


class LocalLightsail:
    """An embedded, in-process Lightsail. Build one with ``demo()``, ``empty()``, ``from_file()`` or ``from_json()``.

    Attributes:
        clock: Where the backend's time comes from.
        page_size: Items per page of the paginated ``Get*`` operations (25 by default).
        requests: Every request received, in order (refused and faulted ones too).
        state: The state as JSON-ready dicts (what ``to_json`` copies); change it only if you know its shape.
        path: The state file of a file-backed backend, else ``None``.
    """

    def __init__(
        self, state: dict[str, Any], *, clock: Clock | None = None, path: Path | None = None, seed: str = "demo"
    ) -> None:
        self.state = state
        self.clock: Clock = clock or SystemClock()
        self.page_size = 25
        self.requests: list[RecordedRequest] = []
        self.path = path
        self._seed = seed
        self._faults = FaultQueue()
        self._lock = threading.RLock()

    # -- construction -----------------------------------------------------------------------------------------
    @classmethod
    def demo(cls, *, clock: Clock | None = None, timings: Timings | None = None) -> LocalLightsail:
        """A backend holding the demo account in us-east-2 (see ``docs/local.md``), dated from the clock.

        Args:
            clock: The backend's clock; real time (``SystemClock``) by default.
            timings: How long operations and boots take; ``Timings()`` (10 s and 20 s) by default.
        """
        clock = clock or SystemClock()
        state = empty_state(timings)
        seed_demo(state, clock.now())
        return cls(state, clock=clock)

    @classmethod
    def empty(cls, *, clock: Clock | None = None, timings: Timings | None = None) -> LocalLightsail:
        """A backend with every Region, bundle and blueprint, and no resources.

        Args:
            clock: The backend's clock; real time by default.
            timings: How long operations and boots take.
        """
        return cls(empty_state(timings), clock=clock, seed="empty")

    @classmethod
    def from_file(
        cls, path: str | Path, clock: Clock | None = None, *, timings: Timings | None = None
    ) -> LocalLightsail:
        """A file-backed backend: each request locks the file, loads it, applies, saves and unlocks.

        Processes sharing the file never lose each other's changes, and a crash never leaves it half written.

        Args:
            path: The JSON state file; the demo account (with ``timings``) is written there if it is missing.
            clock: The backend's clock; real time by default.
            timings: Used only when the file is created.

        Raises:
            ValueError: The file is not a well-formed local state (not JSON, another version, a member missing or
                of the wrong type); the message says what is wrong.
            OSError: The file or its folder cannot be read or written (a read-only folder, for one).
        """
        target = Path(path)
        clock = clock or SystemClock()
        with locked(target):
            data = read_state(target)
            if data is None:
                data = cls.demo(clock=clock, timings=timings).state
                write_state(target, data)
        return cls(_checked(data), clock=clock, path=target)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], clock: Clock | None = None) -> LocalLightsail:
        """A backend from a state as ``to_json`` gives it (copied).

        Raises:
            ValueError: ``data`` is not a well-formed local state; the message says what is wrong.
        """
        return cls(_checked(data), clock=clock)

    # -- settings ---------------------------------------------------------------------------------------------
    @property
    def timings(self) -> Timings:
        """How long operations take to finish, instances to boot and copies to become available (settable)."""
        return Timings.from_json(self._current()["timings"])

    @timings.setter
    def timings(self, value: Timings) -> None:
        raw = value.to_json()
        self._mutate(lambda state: state.update(timings=raw))

    @property
    def success_status(self) -> str:
        """The status a successful operation ends in: ``"Succeeded"`` (default) or ``"Completed"`` (settable).

        Both are real statuses (E16); waiters must accept either (Terraform does, E17).

        Raises:
            ValueError: When set to anything else.
        """
        return str(self._current()["successStatus"])

    @success_status.setter
    def success_status(self, value: str) -> None:
        if value not in SUCCESS_STATUSES:
            raise ValueError(f"success_status must be one of {', '.join(SUCCESS_STATUSES)}, not {value!r}")
        self._mutate(lambda state: state.update(successStatus=value))

    @property
    def instance_quota(self) -> int:
        """The Instances quota per Region (20 by default, settable): existing + new may not exceed it."""
        return int(self._current().get("instanceQuota", 20))

    @instance_quota.setter
    def instance_quota(self, value: int) -> None:
        self._mutate(lambda state: state.update(instanceQuota=int(value)))

    # -- state ------------------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """A deep copy of the state, JSON-ready, with ``"version": 1``."""
        return copy.deepcopy(self._current())

    def save(self, path: str | Path) -> None:
        """Write the state to ``path``: atomically (temporary file, fsync, rename) under ``<path>.lock``."""
        target = Path(path)
        data = self.to_json()
        with locked(target):
            write_state(target, data)

    def reset(self) -> None:
        """Back to the seed (the demo account, or nothing for ``empty()``), dated from the clock's time now.

        The timings are kept; the instance quota, the success status and the refusal presets go back to their
        defaults; injected faults and pending ``fail_operation`` failures are cleared; recorded requests are kept.
        """
        fresh = empty_state(self.timings)
        if self._seed == "demo":
            seed_demo(fresh, self.clock.now())
        self._faults.clear()

        def replace(state: dict[str, Any]) -> None:
            state.clear()
            state.update(fresh)

        self._mutate(replace)

    # -- scripting --------------------------------------------------------------------------------------------
    def fail_operation(
        self, instance_name: str, *, error_code: str = "InternalError", error_details: str = "Injected failure"
    ) -> None:
        """Make the next creation of ``instance_name`` fail.

        The request is accepted and the instance appears (``pending``), but when its operation ends it ends
        ``Failed`` with ``error_code`` and ``error_details``, and the instance (and any disk created with it)
        disappears: GetInstance answers NotFoundException, and the name is free again.
        """
        failure = {"errorCode": error_code, "errorDetails": error_details}
        self._mutate(lambda state: state.setdefault("failOperations", {}).update({instance_name: failure}))

    def fail_copy(
        self, target_snapshot_name: str, *, error_code: str = "InternalError", error_details: str = "Injected failure"
    ) -> None:
        """Make the next CopySnapshot to ``target_snapshot_name`` fail.

        The request is accepted and the copy appears (``pending``), but when its operation ends it ends ``Failed``
        with ``error_code`` and ``error_details``, and the copy's state is ``error`` (it stays, under its name).
        """
        failure = {"errorCode": error_code, "errorDetails": error_details}
        self._mutate(lambda state: state.setdefault("failOperations", {}).update({target_snapshot_name: failure}))

    def fail_next(
        self,
        error_code: str,
        *,
        count: int = 1,
        message: str | None = None,
        operation: str | None = None,
        http_status: int | None = None,
        region: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls (of ``operation``, or of any operation) with an error.

        Args:
            error_code: The AWS error type, e.g. ``"ServiceException"``; botocore's ``Error.Code``.
            count: How many calls fail.
            message: The error message (``"Injected <code>"`` by default).
            operation: Only calls of this operation (e.g. ``"GetOperation"``) fail.
            http_status: 500 for ServiceException/InternalFailure, 503 for ServiceUnavailable, else 400.
            region: Only calls to this Region fail (every fault method takes it: one Region down, the rest up).

        Raises:
            ValueError: ``count`` is below 1.
        """
        with self._lock:
            self._faults.add(
                error_code, count=count, message=message, operation=operation, http_status=http_status, region=region
            )

    def throttle(self, count: int = 1, operation: str | None = None, *, region: str | None = None) -> None:
        """Answer the next ``count`` calls with ``ThrottlingException`` (HTTP 400), as Lightsail throttles.

        botocore's standard retry mode retries it, sleeping (real time, up to about a second) between attempts;
        a client built with ``client(max_attempts=1)`` does not retry.
        """
        self.fail_next(
            "ThrottlingException",
            count=count,
            operation=operation,
            message="Rate exceeded",
            http_status=400,
            region=region,
        )

    def gateway_error(
        self, status: int = 503, *, count: int = 1, operation: str | None = None, region: str | None = None
    ) -> None:
        """Answer the next ``count`` calls with an HTML error page and no JSON, as a gateway or load balancer does.

        Nothing is applied. botocore reports ``Error.Code`` as the status (``"502"``, ``"503"``, ``"504"``) and
        its standard retry mode retries 500, 502, 503 and 504.

        Args:
            status: The HTTP status (a 5xx).
            count: How many calls get the page.
            operation: Only calls of this operation (e.g. ``"GetOperations"``).
            region: Only calls to this Region.

        Raises:
            ValueError: ``count`` is below 1.
        """
        with self._lock:
            self._faults.add_fault(Fault("gateway", count, operation, http_status=status, region=region))

    def drop_connection(self, *, count: int = 1, operation: str | None = None, region: str | None = None) -> None:
        """Reset the connection of the next ``count`` calls before the request is applied.

        The handler raises botocore's ``ConnectionClosedError``, which botocore's retry handler treats as the real
        transport fault (retried in standard mode).

        Raises:
            ValueError: ``count`` is below 1.
        """
        with self._lock:
            self._faults.add_fault(Fault("drop", count, operation, region=region))

    def lose_answer(self, *, count: int = 1, operation: str | None = None, region: str | None = None) -> None:
        """Apply the next ``count`` calls, then lose their answers: AWS did it, the caller never hears.

        The handler applies the request (a create creates) and raises botocore's ``ReadTimeoutError``, which
        botocore retries in standard mode (not a write the library makes): a retried create meets its own names,
        already in use.

        Raises:
            ValueError: ``count`` is below 1.
        """
        with self._lock:
            self._faults.add_fault(Fault("lose", count, operation, region=region))

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self.requests.clear()

    def calls(self, operation: str | None = None) -> int:
        """How many requests were received (of ``operation``, or in all)."""
        return sum(1 for r in self.requests if operation is None or r.operation == operation)

    # -- refusal presets (kept in the state, so they reach every process sharing its file) ---------------------
    @property
    def refusals(self) -> dict[str, Any]:
        """The refusal presets in force (a copy): plan size, access denied, Region setup, impaired, capacity."""
        return copy.deepcopy(self._current()["refusals"])

    @property
    def plan_size_cap(self) -> str | None:
        """The largest bundle the account may create, as new accounts are capped (E23); ``None``: no cap (settable).

        A restore onto a bundle with more RAM answers InvalidInputException, "Sorry, your account can not create an
        instance using this Lightsail plan size. ...", in every Region.

        Raises:
            ValueError: When set to an unknown bundle id.
        """
        cap = self._current()["refusals"]["planSizeCap"]
        return None if cap is None else str(cap)

    @plan_size_cap.setter
    def plan_size_cap(self, bundle_id: str | None) -> None:
        if bundle_id is not None and bundle(bundle_id) is None:
            raise ValueError(f"{bundle_id!r} is not a bundle id of the local catalogue")
        self._mutate(lambda state: state["refusals"].update(planSizeCap=bundle_id))

    def deny_access(self, operation: str, *, region: str | None = None) -> None:
        """Answer every call of ``operation`` (in ``region``, or in all) with ``AccessDeniedException`` (HTTP 400).

        The message has the form of a real IAM refusal (E24): "User: arn:aws:sts::...:assumed-role/... is not
        authorized to perform: lightsail:<operation> on resource: <ARN> because no identity-based policy allows the
        lightsail:<operation> action". It lasts until ``clear_refusals()`` or ``reset()``.

        Raises:
            ValueError: ``operation`` is not a Lightsail operation, or ``region`` not a Lightsail Region.
        """
        entry = {"operation": _operation_name(operation), "region": self._region(region)}

        def add(state: dict[str, Any]) -> None:
            if entry not in state["refusals"]["accessDenied"]:
                state["refusals"]["accessDenied"].append(entry)

        self._mutate(add)

    def impair(self, instance_name: str, *, region: str | None = None, impaired: bool = True) -> None:
        """Make ``instance_name``'s status checks answer ``impaired`` once it runs (``impaired=False`` lifts it).

        ``GetInstance(s)`` with ``includeHealthStatus`` then says ``instanceStatus`` ``impaired`` (its
        ``reachability`` check ``failed``), as AWS does for an instance that does not answer. It lasts until
        ``clear_refusals()`` or ``reset()``, and names the instance whether or not it exists yet.

        Raises:
            ValueError: ``region`` is not a Lightsail Region.
        """
        entry = {"instanceName": instance_name, "region": self._region(region)}

        def change(state: dict[str, Any]) -> None:
            kept = [i for i in state["refusals"].get("impaired", []) if i != entry]
            state["refusals"]["impaired"] = [*kept, entry] if impaired else kept

        self._mutate(change)

    def set_region_setup(self, region: str, in_progress: bool = True) -> None:
        """While ``in_progress``, every call in ``region`` answers ``RegionSetupInProgressException`` (HTTP 400).

        The error carries the ``tip`` and ``docs`` the service model documents for it.

        Raises:
            ValueError: ``region`` is not a Lightsail Region.
        """
        name = self._region(region)

        def change(state: dict[str, Any]) -> None:
            regions = [r for r in state["refusals"]["regionSetup"] if r != name]
            state["refusals"]["regionSetup"] = [*regions, name] if in_progress else regions

        self._mutate(change)

    def refuse_capacity(self, zone: str, refusing: bool = True) -> None:
        """While ``refusing``, every create in ``zone`` is refused for capacity (kept in the state, as every preset).

        CreateInstancesFromSnapshot with ``availabilityZone`` ``zone`` answers, once the request has passed every
        other rule, OperationFailureException (HTTP 400) with code ``InsufficientInstanceCapacity`` and a message in
        EC2's words naming the bundle and the zone and suggesting the Region's other zones (evidence C-9).

        Raises:
            ValueError: ``zone`` is not an Availability Zone of a Lightsail Region.
        """
        if not any(zone in zones_of(region) for region in REGIONS):
            raise ValueError(f"{zone!r} is not an Availability Zone of the local backend (e.g. 'us-east-2a')")

        def change(state: dict[str, Any]) -> None:
            zones = [z for z in state["refusals"].get("capacity", []) if z != zone]
            state["refusals"]["capacity"] = [*zones, zone] if refusing else zones

        self._mutate(change)

    def fail_auto_snapshot(self, instance_name: str) -> None:
        """Make the next automatic snapshot of ``instance_name`` fail: GetAutoSnapshots lists it ``Failed``.

        A failed automatic snapshot cannot be restored or copied; it counts among the seven kept until it rolls off.
        """
        self._mutate(lambda state: state.setdefault("failAutoSnapshots", []).append(instance_name))

    def clear_refusals(self) -> None:
        """Lift every refusal preset: no plan-size cap, access denied, Region being set up, impaired or full zone."""
        self._mutate(lambda state: state.update(refusals=empty_refusals()))

    @staticmethod
    def _region(region: str | None) -> str | None:
        if region is not None and region not in REGIONS:
            raise ValueError(f"{region!r} is not a Lightsail Region of the local backend")
        return region

    # -- boto3 ------------------------------------------------------------------------------------------------
    def client(self, region_name: str = "us-east-2", max_attempts: int | None = None) -> "LightsailClient":  # noqa: UP037
        """A real boto3 Lightsail client answered by this backend.

        Dummy credentials, retry mode ``standard``; nothing leaves the process, and nothing of the AWS
        configuration is read (``AWS_PROFILE``, the config and credentials files, ``AWS_ENDPOINT_URL``...).

        Args:
            region_name: The client's Region.
            max_attempts: Attempts per call, the first included (``1``: no retries); botocore's default (3) if
                ``None``.
        """
        import boto3
        from botocore.config import Config

        from .._quiet import quiet_session

        retries: Any = {"mode": "standard"}
        if max_attempts is not None:
            retries["total_max_attempts"] = max_attempts
        client: LightsailClient = boto3.session.Session(botocore_session=quiet_session()).client(
            "lightsail",
            region_name=region_name,
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 - not a secret: the local backend checks no signature
            config=Config(retries=retries),
        )
        self.attach(client)
        return client

    def attach(self, client: Any) -> None:
        """Answer every request of ``client`` (a boto3 Lightsail client you built) from this backend."""
        client.meta.events.register(_EVENT, self._handle)
        client.meta.events.register(_PROBE_ADDRESS, _probe_address)

    def detach(self, client: Any) -> None:
        """Stop answering the requests of ``client``."""
        client.meta.events.unregister(_EVENT, self._handle)
        client.meta.events.unregister(_PROBE_ADDRESS, _probe_address)

    def _handle(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        received = decode(request)
        url = str(request.url)
        with self._lock:
            self.requests.append(received)
            fault = self._faults.take(received.operation, received.region)
            kind = fault.kind if fault is not None else None
            if kind == "drop":
                raise ConnectionClosedError(endpoint_url=url)
            if fault is not None and kind == "gateway":
                return gateway_page(url, fault.http_status)
            try:
                if fault is not None and kind == "error":
                    raise fault.service_error()
                status, payload = 200, self._answer(received)
            except ServiceError as error:
                status, payload = error.status, error.body(received.operation)
            if kind == "lose":
                raise ReadTimeoutError(endpoint_url=url)
        return encode(url, status, payload)

    def _answer(self, received: RecordedRequest) -> dict[str, Any]:
        now = self.clock.now()

        def apply(state: dict[str, Any]) -> dict[str, Any]:
            return answer(
                state, received.operation, received.params, region=received.region, now=now, page_size=self.page_size
            )

        if self.path is None:
            take_auto_snapshots(self.state, now)  # the days passed since the last request (_auto)
            return apply(self.state)
        with locked(self.path):
            self._load()
            if take_auto_snapshots(self.state, now):
                write_state(self.path, self.state)
            result = apply(self.state)
            if mutating(received.operation):
                write_state(self.path, self.state)
            return result

    # -- the file ---------------------------------------------------------------------------------------------
    def _load(self) -> None:
        if self.path is not None:
            data = read_state(self.path)
            if data is not None:
                self.state = check_state(data)  # just parsed: no one else holds it, so no copy (as _checked makes)

    def _current(self) -> dict[str, Any]:
        with self._lock:
            if self.path is not None:
                with locked(self.path):
                    self._load()
            return self.state

    def _mutate(self, change: Callable[[dict[str, Any]], object]) -> None:
        with self._lock:
            if self.path is None:
                change(self.state)
                return
            with locked(self.path):
                self._load()
                change(self.state)
                write_state(self.path, self.state)
