"""Waiting until the operations of one call are over: each ``Succeeded`` (or ``Completed``), or an error.

The cut-over's calls (PutInstancePublicPorts, DetachStaticIp, AttachStaticIp) answer operations. Every recorded
real answer of these calls came back already terminal (attach-static-ip.rst, detach-static-ip.rst, E6), so most
often this costs nothing; an operation still going is polled with ``GetOperation`` (one call per operation a
round), backing off as the instance wait does, until the same deadline. A retryable error costs a round; any
other error, an operation that failed, one that ended in a status this library does not know as a success, or
one still going at the deadline, ends it with an ``OperationError`` or the error itself.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..api import LightsailApi
from ..clock import Clock
from ..errors import LightsailRestoreError, is_retryable
from ..response import Operation

__all__ = ["OperationError", "Pace", "wait_for_operations"]


class OperationError(LightsailRestoreError):
    """An operation of the cut-over did not succeed: it failed, ended in an unknown status, or outran the deadline.

    Attributes:
        operation: The operation as last seen.
        error_code: AWS's error code, for a failed operation.
        error_details: AWS's error details, for a failed operation.
    """

    def __init__(self, operation: Operation, reason: str) -> None:
        self.operation = operation
        self.error_code = operation.error_code
        self.error_details = operation.error_details
        what = f"{operation.operation_type or 'an operation'} on {operation.resource_name or 'a resource'}"
        failure = f" ({operation.error_code}: {operation.error_details or ''})" if operation.error_code else ""
        super().__init__(f"{what} {reason}{failure} (operation {operation.id or 'without an id'})")


@dataclass(frozen=True)
class Pace:
    """When to look again and when to give up: the restore's clock, deadline and backoff.

    Attributes:
        clock: Where time comes from.
        deadline: The ``clock.monotonic()`` reading at which waiting ends.
        delay: The first pause between rounds (doubling up to ``max_delay``, with jitter).
        max_delay: The longest pause between rounds.
        rng: The random source of the jitter.
    """

    clock: Clock
    deadline: float
    delay: float
    max_delay: float
    rng: random.Random

    def pause(self, rounds: int, error: LightsailRestoreError | None = None) -> None:
        """Sleep before round ``rounds + 1`` (the backoff of round ``rounds``, with jitter), never past the deadline.

        Raises:
            LightsailRestoreError: ``error``, when retrying cannot fix it or the deadline has come (without
                ``error``, an ended deadline is for the caller to judge: nothing is raised).
        """
        remaining = self.deadline - self.clock.monotonic()
        if error is not None and (not is_retryable(error) or remaining <= 0):
            raise error
        backoff = min(self.max_delay, self.delay * 2 ** (rounds - 1))
        self.clock.sleep(max(0.0, min(remaining, self.rng.uniform(backoff / 2, backoff))))


def _done(op: Operation) -> bool:
    return op.succeeded or op.failed or bool(op.is_terminal)


def wait_for_operations(api: LightsailApi, operations: Sequence[Operation], pace: Pace) -> tuple[Operation, ...]:
    """Wait until every operation is over, and return them as last seen.

    Raises:
        OperationError: An operation failed, ended in a status that is not a known success, has no id to follow
            while still going, or was still going at the deadline.
        LightsailError: ``GetOperation`` met an error retrying cannot fix.
    """
    current = {index: op for index, op in enumerate(operations)}
    rounds = 0
    while True:
        pending = [index for index, op in current.items() if not _done(op)]
        for index in pending:
            if not current[index].id:
                raise OperationError(current[index], "has no id to follow while it is still going")
        if not pending:
            break
        remaining = pace.deadline - pace.clock.monotonic()
        if remaining <= 0:
            op = current[pending[0]]
            raise OperationError(op, f"was still {op.status or 'going'} at the deadline")
        rounds += 1
        pace.pause(rounds)
        for index in pending:
            try:
                raw = api.get_operation(str(current[index].id)).get("operation")  # it has an id: checked above
            except LightsailRestoreError as exc:
                if not is_retryable(exc):
                    raise
                break  # a round lost, not the wait
            if raw:
                current[index] = Operation.from_boto3(raw)
    for op in current.values():
        if op.failed:
            raise OperationError(op, "failed")
        if not op.succeeded:
            raise OperationError(op, f"ended {op.status or 'in no status'}, which is not a success this library knows")
    return tuple(current.values())
