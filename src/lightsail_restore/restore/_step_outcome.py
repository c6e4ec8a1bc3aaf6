"""How one instance and one step of a restore ended: what the steps return (``InstanceOutcome``, ``StepOutcome``).

Apart from the restore's whole outcome (``_outcome.py``), which holds the plan: the steps import this module, and the
plan imports the steps, so nothing here may import the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from ._document import Document, Elapsed, Error

__all__ = ["InstanceOutcome", "InstanceStatus", "StepOutcome", "StepStatus"]

InstanceStatus = Literal["succeeded", "failed", "timed_out", "not_waited", "not_found", "unknown", "not_created"]
"""How an instance ended: ``succeeded`` (its creation operation succeeded and it is running), ``failed`` (the
operation failed), ``timed_out``, ``not_waited``, ``not_found`` (no instance and no creation operation of that
name), ``unknown`` (the wait ended early on an error retrying cannot fix, or the create's answer was lost and a
second look could not tell whether it was applied) or ``not_created`` (a cross-Region restore's copy failed or was
not available in time, so nothing was created)."""

StepStatus = Literal["done", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class InstanceOutcome(Document):
    """How one instance ended.

    Attributes:
        name: The instance name.
        status: ``succeeded`` (its creation operation is ``Succeeded`` or ``Completed`` and the instance is
            ``running``), ``failed`` (its operation failed), ``timed_out`` (still going when the timeout came),
            ``not_waited`` (created, but the caller did not wait), ``not_found`` (no instance and no creation
            operation of that name), ``unknown`` (the wait ended early on an error: see the outcome's ``error``; or
            the create's answer was lost and a second look could not tell: see the ``create`` step) or
            ``not_created`` (a cross-Region restore's copy failed or was not available in time: nothing created).
        operation_id: The id of its creation operation, when known.
        operation_status: The last operation status seen (an ``OperationStatus`` or a newer plain string).
        instance_state: The last instance state seen (``pending``, ``running``, ...), if the instance was seen.
        error_code: AWS's error code for a failed operation.
        error_details: AWS's error details for a failed operation.
        elapsed: Seconds from the start of waiting to the end for this instance (monotonic time).
        resumed: Whether an earlier run had already created it (it was waited on, not created again).
        answer_lost: Whether it was created although the create call's answer never came (a timeout, a reset, or
            AWS's "names in use" on botocore's retry): a second look found it with this request's mark.
        source: The source it was restored from (``web-1-snap``, or ``web-1@2026-03-09``), when known.
    """

    name: str
    status: InstanceStatus
    operation_id: str | None = None
    operation_status: str | None = None
    instance_state: str | None = None
    error_code: str | None = None
    error_details: str | None = None
    elapsed: Elapsed = 0.0
    resumed: bool = False
    answer_lost: bool = False
    source: str | None = None


@dataclass(frozen=True, slots=True)
class StepOutcome(Document):
    """What one step of the restore did (``plan``, ``create``, ``wait``, ...).

    Attributes:
        name: The step.
        status: ``done``, ``skipped`` (nothing to do, or not asked) or ``failed``.
        detail: One line saying what happened (``created web-2, web-3``, ``resumed web-2``, ...).
        error: The error that made it fail (AWS's, with its code and request id), if any.
        left: When ``detail`` ends by asking for a rerun of the same restore (a rerun alone finishes what the step
            left), what it says before that; ``None`` otherwise. Not in the document: it lets a caller say the
            rerun in its own words (the command: "run the same command again") without cutting the detail.
    """

    name: str
    status: StepStatus
    detail: str = ""
    error: Error = None
    left: Annotated[str | None, Field(exclude=True)] = None
