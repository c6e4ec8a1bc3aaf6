"""Waiting until the operations of one call are over: each ``Succeeded`` (or ``Completed``), or an error.

The cut-over's calls (PutInstancePublicPorts, DetachStaticIp, AttachStaticIp) answer operations. Every recorded
real answer of these calls came back already terminal (attach-static-ip.rst, detach-static-ip.rst, E6), so most
often this costs nothing; an operation still going is polled with ``GetOperation`` (one call per operation a
round) in the library's one polling loop (``_polling.poll``), until the same deadline. A retryable error costs a
round; any other error, an operation that failed, one that ended in a status this library does not know as a
success, or one still going at the deadline, ends it with an ``OperationError`` or the error itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._api import LightsailApi
from .._polling import Pace, poll
from .._response import Operation
from ..errors import LightsailRestoreError

__all__ = ["OperationError", "wait_for_operations"]


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


def _done(op: Operation) -> bool:
    return op.succeeded or op.failed or bool(op.is_terminal)


def wait_for_operations(api: LightsailApi, operations: Sequence[Operation], pace: Pace) -> tuple[Operation, ...]:
    """Wait until every operation is over, and return them as last seen.

    Raises:
        OperationError: An operation failed, ended in a status that is not a known success, has no id to follow
            while still going, or was still going at the deadline.
        LightsailError: ``GetOperation`` met an error retrying cannot fix.
    """
    current = dict(enumerate(operations))
    first = True

    def look() -> bool:
        nonlocal first
        pending = [index for index, op in current.items() if not _done(op)]
        for index in pending:
            if not current[index].id:
                raise OperationError(current[index], "has no id to follow while it is still going")
        if first or not pending:  # the first round judges the answers as they came
            first = False
            return not pending
        for index in pending:
            raw = api.get_operation(str(current[index].id)).get("operation")
            if raw:
                current[index] = Operation.from_boto3(raw)
        return all(_done(op) for op in current.values())

    polled = poll(look, pace)
    if polled.error is not None:
        raise polled.error
    if polled.timed_out:
        op = next(op for op in current.values() if not _done(op))
        raise OperationError(op, f"was still {op.status or 'going'} at the deadline")
    for op in current.values():
        if op.failed:
            raise OperationError(op, "failed")
        if not op.succeeded:
            raise OperationError(op, f"ended {op.status or 'in no status'}, which is not a success this library knows")
    return tuple(current.values())
