"""The create step: one CreateInstancesFromSnapshot call, and what to do when its answer is lost.

When the call ends without a usable answer (no answer at all, a timeout, a server fault or gateway page after
botocore's retries, or "Some names are already in use" for names this run asked for, which is what botocore's
retry of an applied create meets), AWS may have applied it. So the step looks again, with the same read-only
checks as the plan, and when every name it sent now exists with this request's mark, it goes on as a resume and
reports it (``answer_lost``). Otherwise it raises the original error: the operator is never told to pick other
names for instances that are theirs, and a second create is never sent for the same names. The loser of a race
between identical restores resumes the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ..api import LightsailApi
from ..errors import LightsailRestoreError, ResponseShapeError, TransportError, is_name_in_use, is_retryable
from ..request import CreateInstancesFromSnapshotRequest
from ..response import Operation
from .plan import Plan

__all__ = ["Created", "create"]

logger = logging.getLogger("lightsail_restore")


@dataclass(frozen=True)
class Created:
    """What the create step did.

    Attributes:
        operations: The operations AWS answered (empty when the answer was lost).
        request_id: The request id of the answer, when there was one.
        answer_lost: Whether the answer was lost and a second look found every instance created with the mark.
        lost_error: The error that took the place of the answer, when it was lost.
        second_look: The plan of the second look, when one was made.
    """

    operations: tuple[Operation, ...]
    request_id: str | None
    answer_lost: bool = False
    lost_error: LightsailRestoreError | None = None
    second_look: Plan | None = None


def _maybe_applied(error: LightsailRestoreError) -> bool:
    """Whether AWS may have applied a create that ended in ``error`` (so a second look is worth it)."""
    return isinstance(error, TransportError) or is_name_in_use(error) or is_retryable(error)


def create(
    api: LightsailApi, send: CreateInstancesFromSnapshotRequest, *, look_again: Callable[[], Plan] | None
) -> Created:
    """Send ``send`` once; when its answer is lost, look again instead of sending it twice.

    Args:
        api: The calls to make (counted).
        send: The request to send (with the mark, only the names still to create).
        look_again: Makes the plan again (read-only), or ``None`` when the restore leaves no mark (then a lost
            answer cannot be told from another request's instances, and the error is raised).

    Returns:
        The operations and request id, or, after a lost answer, what the second look found.

    Raises:
        LightsailError: AWS refused, and the second look did not find every instance created with the mark.
        TransportError: No answer, and the second look did not find them either.
        ResponseShapeError: AWS answered with no operations: whether anything was created is unknown (run the same
            restore again to resume what was).
    """
    try:
        result = api.create_instances_from_snapshot(send)
    except LightsailRestoreError as exc:
        if look_again is None or not _maybe_applied(exc):
            raise
        logger.info("CreateInstancesFromSnapshot ended in %s: looking again", type(exc).__name__)
        try:
            look = look_again()
        except LightsailRestoreError:
            raise exc from None  # the second look failed too: the create's own error is the one to report
        if set(send.instance_names) <= set(look.already_created):
            return Created((), None, answer_lost=True, lost_error=exc, second_look=look)
        raise
    if not result.operations:
        raise ResponseShapeError(
            f"AWS answered CreateInstancesFromSnapshot (request id {result.request_id}) with no operations, so "
            "whether the instances were created is unknown; run the same restore again: it resumes whatever was "
            "created with this request's mark, and creates the rest"
        )
    return Created(result.operations, result.request_id)
