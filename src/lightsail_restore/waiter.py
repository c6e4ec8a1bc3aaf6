"""Waiting until restored instances are really up: operations terminal, instances ``running``.

No SDK has a waiter for Lightsail. Each round makes ONE list call (``GetInstances``, every page) whatever the
number of instances; an operation is looked up (``GetOperation``) only for an instance that is missing from the
list or in a state other than ``pending``/``running``, which is how a failed creation shows. Rounds back off
exponentially with jitter up to an overall timeout, on a clock the caller can replace (tests use a manual clock,
so nothing really sleeps). Throttling that outlasts botocore's own retries costs a round, not the wait.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from .clock import Clock, SystemClock
from .errors import LightsailError, mapped_client_errors
from .response import Operation

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = [
    "Clock",
    "InstanceOutcome",
    "InstanceProgress",
    "SystemClock",
    "WaitResult",
    "wait_for_instances",
]

InstanceStatus = Literal["succeeded", "failed", "timed_out", "not_waited"]


@dataclass(frozen=True, slots=True)
class InstanceProgress:
    """Where one instance stands after a polling round (given to the progress callback)."""

    name: str
    status: str
    """``pending``, ``running``, an operation status such as ``Started``, or a state AWS added later."""
    elapsed: float
    """Seconds since waiting began."""
    done: bool


@dataclass(frozen=True, slots=True)
class InstanceOutcome:
    """How one instance ended.

    Attributes:
        name: The instance name.
        status: ``succeeded`` (running), ``failed`` (its operation failed), ``timed_out`` (still going when
            the timeout came) or ``not_waited`` (created, but the caller did not wait).
        operation_id: The id of its creation operation, when known.
        operation_status: The last operation status seen (an ``OperationStatus`` or a newer plain string).
        instance_state: The last instance state seen (``pending``, ``running``, ...), if the instance was seen.
        error_code: AWS's error code for a failed operation.
        error_details: AWS's error details for a failed operation.
        elapsed: Seconds from the start of waiting to the end for this instance.
        resumed: Whether an earlier run had already created it (it was waited on, not created again).
    """

    name: str
    status: InstanceStatus
    operation_id: str | None = None
    operation_status: str | None = None
    instance_state: str | None = None
    error_code: str | None = None
    error_details: str | None = None
    elapsed: float = 0.0
    resumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "name": self.name,
            "status": self.status,
            "operationId": self.operation_id,
            "operationStatus": None if self.operation_status is None else str(self.operation_status),
            "instanceState": self.instance_state,
            "errorCode": self.error_code,
            "errorDetails": self.error_details,
            "elapsedSeconds": round(self.elapsed, 3),
            "resumed": self.resumed,
        }


@dataclass(frozen=True)
class WaitResult:
    """The outcome of waiting: one ``InstanceOutcome`` per instance, and what it cost."""

    instances: tuple[InstanceOutcome, ...]
    api_calls: int
    rounds: int
    retryable_errors: int = 0
    errors_seen: tuple[str, ...] = field(default=(), repr=False)


@dataclass
class _Tracker:
    name: str
    operation: Operation | None
    resumed: bool
    state: str | None = None
    outcome: InstanceOutcome | None = None

    def finish(self, status: InstanceStatus, elapsed: float) -> None:
        op = self.operation
        self.outcome = InstanceOutcome(
            name=self.name,
            status=status,
            operation_id=op.id if op else None,
            operation_status=None if op is None or op.status is None else str(op.status),
            instance_state=self.state,
            error_code=op.error_code if op else None,
            error_details=op.error_details if op else None,
            elapsed=elapsed,
            resumed=self.resumed,
        )

    def progress_status(self) -> str:
        if self.state is not None:
            return self.state
        if self.operation is not None and self.operation.status is not None:
            return str(self.operation.status)
        return "unknown"


class _Poller:
    def __init__(self, lightsail: LightsailClient) -> None:
        self.lightsail = lightsail
        self.calls = 0

    def call(self, operation: str, **params: Any) -> Mapping[str, Any]:
        self.calls += 1
        with mapped_client_errors():
            answer: Mapping[str, Any] = getattr(self.lightsail, operation)(**params)
        return answer

    def instance_states(self) -> dict[str, str]:
        states: dict[str, str] = {}
        token: str | None = None
        while True:
            answer = self.call("get_instances", **({"pageToken": token} if token else {}))
            for instance in answer.get("instances") or []:
                states[str(instance.get("name"))] = str((instance.get("state") or {}).get("name") or "unknown")
            token = answer.get("nextPageToken")
            if not token:
                return states

    def operation_for(self, tracker: _Tracker) -> Operation | None:
        if tracker.operation is not None and tracker.operation.id:
            raw = self.call("get_operation", operationId=tracker.operation.id).get("operation")
            return Operation.from_boto3(raw) if raw else tracker.operation
        answer = self.call("get_operations_for_resource", resourceName=tracker.name)
        creations = [
            Operation.from_boto3(op)
            for op in answer.get("operations") or []
            if op.get("operationType") in ("CreateInstancesFromSnapshot", "CreateInstance")
        ]
        creations.sort(key=lambda op: op.created_at or datetime.min.replace(tzinfo=UTC))
        return creations[-1] if creations else None


_FAILED_OPERATION = frozenset({"Failed"})
_WAITING_STATES = frozenset({"pending", "running"})


def wait_for_instances(
    lightsail: LightsailClient,
    names: Iterable[str],
    *,
    operations: Sequence[Operation] = (),
    resumed: Iterable[str] = (),
    timeout: float = 900.0,
    delay: float = 2.0,
    max_delay: float = 20.0,
    clock: Clock | None = None,
    progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
    rng: random.Random | None = None,
) -> WaitResult:
    """Wait until every named instance is ``running``, its operation has failed, or the timeout comes.

    Args:
        lightsail: A boto3 Lightsail client for the instances' Region.
        names: The instance names to wait for.
        operations: The creation operations returned by CreateInstancesFromSnapshot, when known.
        resumed: Names an earlier run created (reported as ``resumed``).
        timeout: Overall seconds to wait before reporting the rest as ``timed_out``.
        delay: The first pause between rounds, in seconds; it doubles each round up to ``max_delay``.
        max_delay: The longest pause between rounds.
        clock: Where time comes from (``SystemClock`` by default; a manual clock in tests).
        progress: Called after every round with each instance's status and elapsed time.
        rng: The random source of the jitter (each pause is drawn between half and all of the backoff).

    Returns:
        The outcome of each instance, the number of API calls and rounds.

    Raises:
        LightsailError: A look-up failed with an error that retrying will not fix (e.g. access denied).
        TransportError: AWS could not be reached.
    """
    clock = clock or SystemClock()
    rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
    by_name = {op.resource_name: op for op in operations if op.resource_name}
    resumed_set = set(resumed)
    trackers = [_Tracker(n, by_name.get(n), n in resumed_set) for n in dict.fromkeys(names)]
    poller = _Poller(lightsail)
    start = clock.now()
    rounds = retryable = 0
    errors_seen: list[str] = []
    while True:
        rounds += 1
        elapsed = (clock.now() - start).total_seconds()
        waiting = [t for t in trackers if t.outcome is None]
        try:
            states = poller.instance_states()
            for tracker in waiting:
                tracker.state = states.get(tracker.name)
                if tracker.state == "running":
                    if tracker.operation is not None and not tracker.operation.is_terminal:
                        tracker.operation = poller.operation_for(tracker) or tracker.operation
                    tracker.finish("succeeded", elapsed)
                elif tracker.state not in _WAITING_STATES:
                    tracker.operation = poller.operation_for(tracker) or tracker.operation
                    op_status = tracker.operation.status if tracker.operation else None
                    if op_status in _FAILED_OPERATION:
                        tracker.finish("failed", elapsed)
        except LightsailError as exc:
            if not exc.is_retryable:
                raise
            retryable += 1
            errors_seen.append(exc.error_code)
        if progress is not None:
            progress(
                [
                    InstanceProgress(
                        t.name, t.progress_status(), t.outcome.elapsed if t.outcome else elapsed, t.outcome is not None
                    )
                    for t in trackers
                ]
            )
        waiting = [t for t in trackers if t.outcome is None]
        if not waiting:
            break
        remaining = timeout - (clock.now() - start).total_seconds()
        if remaining <= 0:
            for tracker in waiting:
                tracker.finish("timed_out", (clock.now() - start).total_seconds())
            break
        backoff = min(max_delay, delay * 2 ** (rounds - 1))
        clock.sleep(min(remaining, rng.uniform(backoff / 2, backoff)))
    return WaitResult(
        instances=tuple(t.outcome for t in trackers if t.outcome is not None),
        api_calls=poller.calls,
        rounds=rounds,
        retryable_errors=retryable,
        errors_seen=tuple(errors_seen),
    )
