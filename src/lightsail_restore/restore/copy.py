"""The copy step of a cross-Region restore: copy the source into the target Region, and wait until it is available.

It runs after the plan and before the create. When the plan found this restore's copy made by an earlier run,
nothing is copied: an ``available`` copy is used as it is, a ``pending`` one is waited for. Otherwise CopySnapshot
is sent once, to the target Region's client, naming ``sourceRegion``. Its answer can be lost like a create's (a
timeout, a reset, or AWS's "names in use" on botocore's retry): then the step looks again, and goes on when the
copy it finds under the name is this restore's (``copies.judge_copy``); otherwise it raises the original error.
A copy AWS refuses raises (nothing was made). Then it waits, on the restore's clock and within its ``timeout``,
until the copy is ``available`` (one ``GetInstanceSnapshot`` a round, backing off as the instances' wait does). A
copy that ends in ``error`` (or whose operation fails) is a failed step carrying AWS's error, and so is one still
``pending`` at the timeout; either way nothing is created, and running the same restore again goes on from it.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api import LightsailApi
from ..clock import Clock, SystemClock
from ..errors import (
    LightsailRestoreError,
    NotFoundException,
    OperationFailureException,
    TransportError,
    is_name_in_use,
    is_retryable,
)
from ..response import Operation
from .copies import CopyOutcome, CopyPlan, find_own_copy
from .outcome import StepOutcome
from .wait import InstanceProgress

if TYPE_CHECKING:
    from .run import RestoreRun

__all__ = ["CopyWait", "copy_step", "wait_for_copy"]

logger = logging.getLogger("lightsail_restore")


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
    timeout: float = 900.0,
    delay: float = 2.0,
    max_delay: float = 20.0,
    clock: Clock | None = None,
    progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
    rng: random.Random | None = None,
) -> CopyWait:
    """Wait until the snapshot ``name`` is ``available``, ends in ``error``, or the timeout comes.

    One ``GetInstanceSnapshot`` a round; the copy's operation is read only when the snapshot is in ``error`` or not
    (yet) listed, to report AWS's error. Throttling, server faults and no answer cost a round; an error retrying
    cannot fix ends the wait. Never raises for an AWS error: it is in the result.

    Args:
        api: The calls to the target Region.
        name: The copy's name.
        operation_id: The id of its CopySnapshot operation, when known.
        timeout: Seconds to wait at most (monotonic).
        delay: The first pause between rounds; it doubles each round up to ``max_delay``, with jitter.
        max_delay: The longest pause.
        clock: Where time comes from (real time by default).
        progress: Called after each round with the copy's state (as ``copy <name>``).
        rng: The random source of the jitter.
    """
    clock = clock or SystemClock()
    rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
    start = clock.monotonic()
    rounds = retryable = 0
    state: str | None = None
    op: Operation | None = None
    error: LightsailRestoreError | None = None
    timed_out = False
    while True:
        rounds += 1
        try:
            try:
                snapshot = api.get_instance_snapshot(name).get("instanceSnapshot") or {}
                state = str(snapshot.get("state") or "pending")
            except NotFoundException:
                state = None  # not listed yet, or gone: its operation says which
            if state in ("error", None):
                op = _operation(api, name, operation_id)
                if state == "error" or (op is not None and (op.failed or op.is_terminal)):
                    error = _failure(name, state, op)
        except LightsailRestoreError as exc:
            if not is_retryable(exc):
                error = exc
            else:
                retryable += 1
        elapsed = clock.monotonic() - start
        done = state == "available" or error is not None
        if progress is not None:
            progress([InstanceProgress(f"copy {name}", state or "unknown", elapsed, done)])
        if done:
            break
        remaining = timeout - elapsed
        if remaining <= 0:
            timed_out = True
            break
        backoff = min(max_delay, delay * 2 ** (rounds - 1))
        clock.sleep(min(remaining, rng.uniform(backoff / 2, backoff)))
    return CopyWait(state, clock.monotonic() - start, rounds, retryable, error, op, timed_out)


def _maybe_applied(error: LightsailRestoreError) -> bool:
    return isinstance(error, TransportError) or is_name_in_use(error) or is_retryable(error)


def _send(run: RestoreRun, copy: CopyPlan) -> tuple[str | None, LightsailRestoreError | None]:
    """Send CopySnapshot once; the operation id, and the error that took the place of a lost answer."""
    assert copy.request is not None and copy.name is not None  # noqa: S101 - a plan without errors has both
    try:
        operations = run.api.copy_snapshot(copy.request).operations
    except LightsailRestoreError as exc:
        plan = run.plan
        if not _maybe_applied(exc) or plan is None or plan.source is None:
            raise
        logger.info("CopySnapshot ended in %s: looking again", type(exc).__name__)
        try:
            found = find_own_copy(run.api, copy.name, plan.source, copy.source_region)
        except LightsailRestoreError:
            raise exc from None  # the second look failed too: the copy's own error is the one to report
        if found is None:
            raise
        operation = found[1].operation or {}
        return operation.get("id"), exc
    return next((op.id for op in operations if op.id), None), None


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
        operation_id, lost = _send(run, copy)
    o = run.options
    waited = wait_for_copy(
        run.api,
        copy.name,
        operation_id=operation_id,
        timeout=run.time_left(),
        delay=o.delay,
        max_delay=o.max_delay,
        clock=o.clock,
        progress=o.progress,
        rng=o.rng,
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
