"""The copy step of a cross-Region restore: copy the source into the target Region, and wait until it is available.

It runs after the plan and before the create. When the plan found this restore's copy made by an earlier run,
nothing is copied: an ``available`` copy is used as it is, a ``pending`` one is waited for. Otherwise CopySnapshot
is sent once, to the target Region's client, naming ``sourceRegion``. Its answer can be lost like a create's (a
timeout, a reset, a 5xx, or AWS's "names in use"): then the step looks again, in rounds within the deadline
(``_polling.look_again``), and goes on when the copy it finds under the name is this restore's (``copies.judge_copy``)
and of the day asked (``CopyPlan.day_proven``: a copy of an automatic snapshot under a name of the caller's shows no
day, so the step fails before the create, saying why); when the look finds another's, it raises the original error;
when it cannot tell, the step fails saying the copy may have been made, and that running the same restore again
goes on from it.
A copy AWS refuses raises (nothing was made). Then it waits, on the restore's clock and within its ``timeout``,
until the copy is ``available`` (one ``GetInstanceSnapshot`` a round, backing off as the instances' wait does). A
copy that ends in ``error`` (or whose operation fails) is a failed step carrying AWS's error, and so is one still
``pending`` at the timeout; either way nothing is created, and running the same restore again goes on from it.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...._api import LightsailApi
from ...._options import Polling
from ...._polling import Polled, look_again, lost_how, maybe_applied, poll
from ...._response import Operation
from ....errors import LightsailRestoreError, NotFoundException, OperationFailureException
from ..._step_outcome import StepOutcome
from .._common import Step
from ..wait import InstanceProgress
from .plan import CopyOutcome, CopyPlan, find_own_copy

if TYPE_CHECKING:
    from ..._run import RestoreOptions, RestoreRun

__all__ = ["STEP", "CopyWait", "copy_step", "wait_for_copy"]

logger = logging.getLogger("lightsail_restore")


_POLLING = Polling()


@dataclass(frozen=True)
class CopyWait:
    """The outcome of waiting for a copy.

    Attributes:
        state: The copy's last state seen (``available`` when done), ``None`` if it was never seen.
        elapsed: Seconds waited (monotonic time).
        rounds: The polling rounds.
        retryable_errors: Rounds that met an error a later round could get past.
        error: Why it did not become available: AWS's error of a failed copy, or an error retrying cannot fix.
        operation: The copy's operation, when it was looked at (a failed copy's carries AWS's error).
        timed_out: Whether the timeout came first.
    """

    state: str | None
    elapsed: float
    rounds: int
    retryable_errors: int = 0
    error: LightsailRestoreError | None = None
    operation: Operation | None = None
    timed_out: bool = False

    @property
    def available(self) -> bool:
        """Whether the copy became available."""
        return self.state == "available" and self.error is None


def _operation(api: LightsailApi, name: str, operation_id: str | None) -> Operation | None:
    """The copy's operation: by id when known, else the newest CopySnapshot listed for the copy."""
    if operation_id is not None:
        raw = api.get_operation(operation_id).get("operation")
        return Operation.from_boto3(raw) if raw else None
    listed = api.get_operations_for_resource(name)
    copies = [Operation.from_boto3(op) for op in listed if str(op.get("operationType")) == "CopySnapshot"]
    return max(copies, key=lambda op: op.created_at.timestamp() if op.created_at else 0.0, default=None)


def _failure(name: str, state: str | None, op: Operation | None) -> OperationFailureException:
    if op is not None and (op.error_code or op.error_details):
        message = f"the copy {name} failed: {op.error_code or 'no error code'}: {op.error_details or ''}".rstrip()
    elif state is None:
        message = f"the copy {name} is gone: its operation ended, and no snapshot of that name exists"
    else:
        message = f"the copy {name} ended in state {state}"
    code = op.error_code if op else None
    return OperationFailureException(message, error_code="OperationFailureException", code=code)


def wait_for_copy(
    api: LightsailApi,
    name: str,
    *,
    operation_id: str | None = None,
    polling: Polling = _POLLING,
) -> CopyWait:
    """Wait until the snapshot ``name`` is ``available``, ends in ``error``, or the timeout comes.

    One ``GetInstanceSnapshot`` a round; the copy's operation is read only when the snapshot is in ``error`` or not
    (yet) listed, to report AWS's error. Throttling, server faults and no answer cost a round; an error retrying
    cannot fix ends the wait. Never raises for an AWS error: it is in the result.

    Args:
        api: The calls to the target Region.
        name: The copy's name.
        operation_id: The id of its CopySnapshot operation, when known.
        polling: How to poll (``Polling``): ``timeout`` seconds at most (monotonic); ``progress`` is called after
            each round with the copy's state (as ``copy <name>``).
    """
    pace, progress = polling.pace(), polling.progress
    start = pace.clock.monotonic()
    state: str | None = None
    op: Operation | None = None
    failure: LightsailRestoreError | None = None

    def look() -> bool:
        nonlocal state, op, failure
        try:
            snapshot = api.get_instance_snapshot(name).get("instanceSnapshot") or {}
            state = str(snapshot.get("state") or "pending")
        except NotFoundException:
            state = None  # not listed yet, or gone: its operation says which
        if state in ("error", None):
            op = _operation(api, name, operation_id)
            if state == "error" or (op is not None and (op.failed or op.is_terminal)):
                failure = _failure(name, state, op)
        return state == "available" or failure is not None

    def after(polled: Polled) -> None:
        if progress is not None:
            done = polled.done or polled.error is not None
            progress([InstanceProgress(f"copy {name}", state or "unknown", pace.clock.monotonic() - start, done)])

    polled = poll(look, pace, after=after)
    error = failure or polled.error
    return CopyWait(
        state, pace.clock.monotonic() - start, polled.rounds, polled.retryable_errors, error, op, polled.timed_out
    )


@dataclass(frozen=True)
class _Sent:
    operation_id: str | None = None
    lost: LightsailRestoreError | None = None
    """The error that took the place of a lost answer."""
    untold: str | None = None
    """Why a second look could not tell whether the copy was made (then it may have been)."""


def _send(run: RestoreRun, copy: CopyPlan) -> _Sent:
    """Send CopySnapshot once; its operation id, or after a lost answer what a second look (in rounds) told."""
    assert copy.request is not None and copy.name is not None  # noqa: S101 - a plan without errors has both
    name = copy.name
    try:
        operations = run.api.copy_snapshot(copy.request).operations
    except LightsailRestoreError as exc:
        source = run.plan.source if run.plan is not None else None
        if not maybe_applied(exc) or source is None:
            raise
        logger.info("CopySnapshot ended in %s: looking again", type(exc).__name__)
        look = look_again(lambda: find_own_copy(run.api, name, source, copy.source_region), run.pace())
        if not look.told:
            return _Sent(lost=exc, untold=look.why)
        if look.found is None:
            raise
        operation = look.found[1].operation or {}
        return _Sent(operation.get("id"), exc)
    return _Sent(next((op.id for op in operations if op.id), None))


def _day_unproven(run: RestoreRun, base: CopyOutcome, copy: CopyPlan, lost: LightsailRestoreError) -> StepOutcome:
    """After a lost answer, a copy under a name of the caller's whose day AWS does not show: never restored."""
    run.copy = dataclasses.replace(base, answer_lost=True)
    run.halted = f"the copy {copy.name} cannot be shown to hold {copy.source}: nothing was created"
    instance = copy.request.source_resource_name if copy.request is not None else None
    detail = (
        f"CopySnapshot ended in {getattr(lost, 'error_code', type(lost).__name__)} (the answer was lost, or another "
        f"request took the name): a copy of {copy.source_region}:{instance} is under {copy.name}, but AWS does not "
        "show which day's automatic snapshot it holds: it may be another request's copy of another day, so it is "
        f"not restored; nothing was created. Delete {copy.name} (DeleteInstanceSnapshot) and run the same restore "
        "again, or leave out the copy name (the default name carries the day)"
    )
    return StepOutcome("copy", "failed", detail, lost)


def copy_step(run: RestoreRun) -> StepOutcome:
    """Copy the source into the target Region (unless an earlier run did) and wait until the copy is available."""
    copy = run.plan.copy if run.plan is not None else None
    if copy is None or copy.name is None:
        return StepOutcome("copy", "skipped", "not a cross-Region restore")
    base = CopyOutcome(copy.name, copy.source, copy.source_region, copy.region, copy.state, copy.operation_id)
    run.copy = base
    if not copy.needed:
        return StepOutcome("copy", "skipped", f"every instance was already created: {copy.name} is not needed")
    if copy.state == "available":
        run.copy = dataclasses.replace(base, resumed=True)
        return StepOutcome("copy", "skipped", f"{copy.name} was already copied (available): not copied again")
    resumed, lost = copy.exists, None
    operation_id = copy.operation_id
    run.time_left()  # the restore's one deadline starts with the copy: the create and the wait share what it leaves
    if not copy.exists:
        sent = _send(run, copy)
        operation_id, lost = sent.operation_id, sent.lost
        if sent.untold is not None:
            run.halted = f"whether the copy {copy.name} was made is not known: nothing was created"
            return StepOutcome(
                "copy",
                "failed",
                f"the answer to the copy of {copy.source} to {copy.name} was lost ({lost_how(lost)}), and a second "
                f"look could not tell ({sent.untold}): the copy may have been made; nothing was created; run the "
                "same restore again: it goes on from the copy if it was made, and never copies twice",
            )
        if lost is not None and not copy.day_proven:
            return _day_unproven(run, base, copy, lost)
    o = run.options
    waited = wait_for_copy(
        run.api,
        copy.name,
        operation_id=operation_id,
        polling=dataclasses.replace(o.polling, timeout=run.time_left()),
    )
    op = waited.operation
    run.copy = CopyOutcome(
        copy.name,
        copy.source,
        copy.source_region,
        copy.region,
        state=waited.state,
        operation_id=operation_id or (op.id if op else None),
        resumed=resumed,
        answer_lost=lost is not None,
        elapsed=waited.elapsed,
        retryable_errors=waited.retryable_errors,
        error_code=op.error_code if op and op.failed else None,
        error_details=op.error_details if op and op.failed else None,
    )
    how = (
        f"{copy.name} was already being copied by an earlier run" if resumed else f"copied {copy.source} to {copy.name}"
    )
    if lost is not None:
        how += f" (the answer was lost: {getattr(lost, 'error_code', type(lost).__name__)}; a second look found it)"
    if waited.available:
        return StepOutcome("copy", "done", f"{how}; available after {waited.elapsed:.0f}s")
    run.halted = f"the copy {copy.name} is not available: nothing was created"
    if waited.timed_out:
        return StepOutcome(
            "copy",
            "failed",
            f"{how}; still {waited.state or 'not listed'} at the timeout: run the same restore again to go on (it "
            "waits for this copy, never copies again)",
        )
    return StepOutcome("copy", "failed", f"{how}; {waited.error}: nothing was created", waited.error)


def _crossing(options: RestoreOptions, cross: bool) -> bool:
    return cross


STEP = Step("copy", copy_step, _crossing)
"""The ``copy`` step in the step list: only in a cross-Region restore, after the plan, before the create."""
