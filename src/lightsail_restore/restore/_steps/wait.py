"""Waiting until restored instances are really up: creation operation ``Succeeded`` and instance ``running``.

No SDK has a waiter for Lightsail. Each polling round costs one list call (every page counted), whatever the
number of instances:

- while any creation operation is not terminal, a round is one ``GetOperations`` listing. It comes newest first
  on AWS (evidence E5), so paging stops once every wanted operation is found; if the pages turn out
  oldest first (as the service model's text says, E16), every page is read. Operations are matched by id, or, for
  instances known only by name (resumed ones, ``wait(names)``), as the newest creation operation of the name;
- once every operation is terminal, a round is one ``GetInstances`` until every instance whose operation
  succeeded is ``running``.

The round where the operations become terminal, and the first round that finds a name with no creation
operation (to tell ``not_found`` from an older instance), make both calls: a constant per wait.

An instance ``succeeded`` only when its operation is ``Succeeded`` or ``Completed`` **and** it is ``running``
(terraform waits on the operation, ansible on the state: E17, E25); it ``failed`` when its operation failed,
whatever its state said before. Throttling, server faults and gateway pages (5xx, with or without JSON),
connection resets and timeouts cost a round, not the wait (``errors.is_retryable``); an error retrying cannot fix
ends the wait early, and the instances it did not settle are ``unknown``. The rounds are the library's one polling
loop (``_polling.poll``): they back off exponentially with jitter up to an overall timeout measured on the clock's
monotonic reading, for waits of any length.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field, computed_field

from ..._api import Item, LightsailApi
from ..._options import Polling
from ..._polling import Polled, poll
from ..._response import Operation
from .._document import Error, OrderedDocument
from .._step_outcome import InstanceOutcome, InstanceStatus, StepOutcome
from ._common import Step

if TYPE_CHECKING:
    from .._run import RestoreRun

__all__ = [
    "CREATION_TYPES",
    "STEP",
    "InstanceProgress",
    "WaitResult",
    "resolve_operations",
    "wait_for_instances",
    "wait_step",
]

CREATION_TYPES = frozenset({"CreateInstancesFromSnapshot", "CreateInstance"})
"""The operation types that create an instance (AWS used both for this call: E1, E2)."""
_EPOCH = datetime.min.replace(tzinfo=UTC)


_POLLING = Polling()


@dataclass(frozen=True, slots=True)
class InstanceProgress:
    """Where one instance stands after a polling round (given to the progress callback)."""

    name: str
    status: str
    """``pending``, ``running``, an operation status such as ``Started``, or a state AWS added later."""
    elapsed: float
    """Seconds since waiting began."""
    done: bool


@dataclass(frozen=True)
class WaitResult(OrderedDocument):
    """The outcome of waiting: one ``InstanceOutcome`` per instance, and what it cost (``to_dict()``: ``ok`` first).

    Attributes:
        instances: One outcome per instance, in the order asked.
        api_calls: The calls made while waiting (each page counts).
        rounds: The polling rounds.
        retryable_errors: Rounds that met an error a later round could get past (throttling, 5xx, no answer).
        errors_seen: The codes of those errors (``ThrottlingException``, ``503``, ``TransportError``, ...).
        error: The error retrying cannot fix that ended the wait early, if any.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("ok",)

    instances: tuple[InstanceOutcome, ...]
    api_calls: int
    rounds: int
    retryable_errors: int = 0
    errors_seen: Annotated[tuple[str, ...], Field(exclude=True)] = field(default=(), repr=False)
    error: Error = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """Whether every instance succeeded and no error ended the wait early."""
        return self.error is None and all(i.status == "succeeded" for i in self.instances)


@dataclass
class _Tracker:
    name: str
    operation: Operation | None
    resumed: bool = False
    answer_lost: bool = False
    source: str | None = None
    state: str | None = None
    op_missing: bool = False
    outcome: InstanceOutcome | None = None

    @property
    def open(self) -> bool:
        return self.outcome is None

    @property
    def op_pending(self) -> bool:
        """Whether the creation operation is still to be found or still running."""
        op = self.operation
        if op is None:
            return not self.op_missing
        return not (op.succeeded or op.failed or op.is_terminal)

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
            answer_lost=self.answer_lost,
            source=self.source,
        )

    def progress_status(self) -> str:
        if self.state is not None:
            return self.state
        if self.operation is not None and self.operation.status is not None:
            return str(self.operation.status)
        return "unknown"


def _created(op: Operation) -> datetime:
    return op.created_at or _EPOCH


def _newest_first(items: Sequence[Item]) -> bool:
    """Whether the items seen so far are in non-increasing ``createdAt`` order."""
    stamps = [stamp for i in items if isinstance(stamp := i.get("createdAt"), datetime)]
    return all(a >= b for a, b in itertools.pairwise(stamps))


def _list_operations(
    api: LightsailApi, ids: set[str], names: set[str], also: frozenset[str] = frozenset()
) -> tuple[dict[str, Operation], bool]:
    """One ``GetOperations`` listing: the operations of ``ids``, and the newest creation operation of each name.

    Names in ``also`` (known to have no creation operation listed) are matched on the pages read, but paging does
    not go on for them.

    Returns:
        The operations found, keyed by id for ``ids`` and by name for ``names``; and whether the listing was
        read to its end (only then is an operation that was not found known to be missing).
    """
    stopped_early = False

    def enough(items: Sequence[Item]) -> bool:
        nonlocal stopped_early
        if not _newest_first(items):
            return False  # oldest first: only the last page has the newest
        seen_ids = {str(i.get("id")) for i in items}
        seen_names = {str(i.get("resourceName")) for i in items if i.get("operationType") in CREATION_TYPES}
        stopped_early = ids <= seen_ids and names <= seen_names
        return stopped_early

    items = api.get_operations(enough)
    complete = not stopped_early
    found: dict[str, Operation] = {}
    for raw in items:
        key = str(raw.get("id"))
        if key in ids:
            found[key] = Operation.from_boto3(raw)
        elif raw.get("resourceName") in names | also and raw.get("operationType") in CREATION_TYPES:
            op = Operation.from_boto3(raw)
            name = str(raw.get("resourceName"))
            if name not in found or _created(op) > _created(found[name]):
                found[name] = op
    return found, complete


def resolve_operations(api: LightsailApi, operation_ids: Iterable[str]) -> list[Operation]:
    """The operations of these ids: one ``GetOperations`` listing, and ``GetOperation`` for an id not listed.

    Raises:
        NotFoundException: An id AWS does not know.
        LightsailError: Another error.
    """
    ids = list(dict.fromkeys(operation_ids))
    if not ids:
        return []
    found, _ = _list_operations(api, set(ids), set())
    operations = []
    for operation_id in ids:
        if operation_id not in found:
            raw = api.get_operation(operation_id).get("operation") or {}
            found[operation_id] = Operation.from_boto3(raw)
        operations.append(found[operation_id])
    return operations


class _Waiter:
    def __init__(self, api: LightsailApi, trackers: list[_Tracker], elapsed: Callable[[], float]) -> None:
        self.api = api
        self.trackers = trackers
        self.elapsed = elapsed

    def open(self) -> list[_Tracker]:
        return [t for t in self.trackers if t.open]

    def round(self) -> None:
        """One polling round: the operations while any is pending, then the instances (see the module)."""
        newly_missing = False
        if any(t.op_pending for t in self.open()):
            newly_missing = self.look_at_operations()
        still_open = self.open()
        if still_open and (newly_missing or not any(t.op_pending for t in still_open)):
            self.look_at_instances()

    def look_at_operations(self) -> bool:
        pending = [t for t in self.open() if t.op_pending]
        by_id = {str(t.operation.id): t for t in pending if t.operation is not None and t.operation.id}
        by_name = {t.name: t for t in self.open() if t.operation is None}
        missing = frozenset(n for n, t in by_name.items() if t.op_missing)
        found, complete = _list_operations(self.api, set(by_id), set(by_name) - missing, missing)
        for key, tracker in by_id.items():
            if key in found:
                tracker.operation = found[key]
            elif complete:  # not listed (more than AWS lists?): ask for it by id
                raw = self.api.get_operation(key).get("operation")
                if raw:
                    tracker.operation = Operation.from_boto3(raw)
        newly_missing = False
        for name, tracker in by_name.items():
            if name in found:
                tracker.operation, tracker.op_missing = found[name], False
            elif complete and not tracker.op_missing:
                tracker.op_missing = newly_missing = True
        for tracker in pending:
            if tracker.operation is not None and tracker.operation.failed:
                tracker.finish("failed", self.elapsed())
        return newly_missing

    def look_at_instances(self) -> None:
        instances = {str(i.get("name")): i for i in self.api.get_instances()}
        for tracker in self.open():
            instance = instances.get(tracker.name)
            tracker.state = None if instance is None else str((instance.get("state") or {}).get("name") or "unknown")
            op = tracker.operation
            if op is not None and op.succeeded:
                if tracker.state == "running":
                    tracker.finish("succeeded", self.elapsed())
                elif instance is None:
                    tracker.finish("not_found", self.elapsed())  # created, then gone
            elif op is not None and op.is_terminal and not op.failed:
                tracker.finish("unknown", self.elapsed())  # terminal in a status we do not know
            elif op is None and tracker.op_missing:
                if instance is None:
                    tracker.finish("not_found", self.elapsed())
                elif tracker.state == "running":
                    # no creation operation is listed any more: nothing can fail now (see docs/restore.md)
                    tracker.finish("succeeded", self.elapsed())


def wait_for_instances(
    api: LightsailApi,
    names: Iterable[str],
    *,
    operations: Sequence[Operation] = (),
    resumed: Iterable[str] = (),
    answer_lost: Iterable[str] = (),
    sources: Mapping[str, str] | None = None,
    polling: Polling = _POLLING,
) -> WaitResult:
    """Wait until every named instance has succeeded, failed, is not found, or the timeout comes.

    Args:
        api: The calls to make (counted).
        names: The instance names to wait for.
        operations: Their creation operations, when known (CreateInstancesFromSnapshot's answer); the others are
            found by name.
        resumed: Names an earlier run created (reported as ``resumed``).
        answer_lost: Names created although the create call's answer was lost.
        sources: The source each instance was restored from (reported as it is).
        polling: How to poll (``Polling``): after ``timeout`` seconds (monotonic) the rest is reported as
            ``timed_out``; ``progress`` is called after every round with each instance's status and elapsed time.

    Returns:
        The outcome of each instance, the calls and rounds it took, the retryable errors met, and the error that
        ended the wait early, if any (the wait never raises for an AWS error: what was created is kept).
    """
    pace, progress = polling.pace(), polling.progress
    # an operation without an id cannot be followed: its instance is found by name like a resumed one
    by_name = {op.resource_name: op for op in operations if op.resource_name and op.id}
    resumed_set, lost_set, sources = set(resumed), set(answer_lost), sources or {}
    trackers = [
        _Tracker(n, by_name.get(n), n in resumed_set, n in lost_set, sources.get(n)) for n in dict.fromkeys(names)
    ]
    before = api.calls
    start = pace.clock.monotonic()

    def elapsed() -> float:
        return pace.clock.monotonic() - start

    waiter = _Waiter(api, trackers, elapsed)

    def look() -> bool:
        waiter.round()
        return not waiter.open()

    def after(polled: Polled) -> None:
        if polled.error is not None:
            for tracker in waiter.open():
                tracker.finish("unknown", elapsed())
        if progress is not None:
            progress(
                [
                    InstanceProgress(
                        t.name, t.progress_status(), t.outcome.elapsed if t.outcome else elapsed(), not t.open
                    )
                    for t in trackers
                ]
            )

    polled = poll(look, pace, after=after) if waiter.open() else Polled()
    for tracker in waiter.open():  # only when the deadline came first
        tracker.finish("timed_out", elapsed())
    return WaitResult(
        instances=tuple(t.outcome for t in trackers if t.outcome is not None),
        api_calls=api.calls - before,
        rounds=polled.rounds,
        retryable_errors=polled.retryable_errors,
        errors_seen=tuple(polled.errors_seen),
        error=polled.error,
    )


def wait_step(run: RestoreRun) -> StepOutcome:
    """Wait until every instance has succeeded or failed (or the timeout comes); skipped with ``wait=False``."""
    o = run.options
    if run.halted:
        return StepOutcome("wait", "skipped", run.halted)
    if not o.wait:
        return StepOutcome("wait", "skipped", "wait=False")
    timeout = run.time_left()  # the cut-over ends by the same deadline
    run.waited = waited = wait_for_instances(
        run.api,
        run.request.instance_names,
        operations=run.operations,
        resumed=run.resumed,
        answer_lost=run.answer_lost,
        sources=run.sources,
        polling=dataclasses.replace(o.polling, timeout=timeout),
    )
    if waited.error is not None:
        return StepOutcome("wait", "failed", "ended early: run the same restore again to go on", waited.error)
    detail = f"{waited.rounds} rounds, {waited.api_calls} calls, {waited.retryable_errors} retryable errors"
    return StepOutcome("wait", "done", detail)


STEP = Step("wait", wait_step)
"""The ``wait`` step in the step list: after the create; skipped with ``wait=False``."""
