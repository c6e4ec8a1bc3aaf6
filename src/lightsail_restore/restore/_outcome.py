"""What a restore did: one outcome per instance, one per step, and the error that ended it early if any.

A partial failure is never lost: the outcome says which instances succeeded and which failed (with AWS's error
code and details), which were resumed, which were created although the create call's answer was lost, and which
steps were done, skipped or failed; ``RestoreFailedError`` carries it whole. The instance's and the step's own
outcomes are ``_step_outcome.py``'s (the steps import them there: this module imports the plan, which imports the
steps).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import Field, PlainSerializer, computed_field

from .._response import Operation
from ..errors import LightsailRestoreError
from ._document import Error, OrderedDocument, error_to_dict
from ._plan import Plan, without_user_data
from ._source import ResolvedSource
from ._step_outcome import InstanceOutcome, InstanceStatus, StepOutcome
from ._steps.copy.plan import CopyOutcome

__all__ = [
    "InstanceOutcome",
    "InstanceStatus",
    "RestoreFailedError",
    "RestoreOutcome",
    "StepOutcome",
    "error_to_dict",
]


def _operations(operations: tuple[Operation, ...]) -> list[dict[str, Any]]:
    return [op.model_dump(mode="json", by_alias=True, exclude_none=True) for op in operations]


_NOT_OK = frozenset({"failed", "timed_out", "not_found", "unknown", "not_created"})


@dataclass(frozen=True)
class RestoreOutcome(OrderedDocument):
    """What a restore did; ``to_dict()`` writes it as JSON-ready data (``userData`` never included).

    Attributes:
        instances: One outcome per requested instance, in request order.
        plan: The plan made before creating (``None`` when ``check=False``).
        operations: The operations CreateInstancesFromSnapshot returned (empty if nothing was created, or if its
            answer was lost).
        request_id: The AWS request id of the create call, for support tickets.
        api_calls: Every API call the restore made: the plan's look-ups, the create call and the polling.
        waited: Whether the restore waited for the instances.
        source: The source resolved for this restore (``None`` when it was not looked up).
        steps: What each step did, in order.
        retryable_errors: How many polling rounds met an error that a later round could get past.
        error: The error that ended the wait early (the instances it did not settle are ``unknown``).
        copy: What the copy step of a cross-Region restore did (``None`` for a restore within one Region).
        availability_zone: The zone the create was taken in, when this run sent one: the request's, or the
            fallback zone that had capacity (``fallback_zones``).
    """

    MEMBERS: ClassVar[tuple[str, ...]] = (
        "ok",
        "waited",
        "requestId",
        "apiCalls",
        "restoredDate",
        "answerLost",
        "retryableErrors",
        "error",
        "instances",
        "steps",
        "copy",
        "operations",
    )
    """The document's members in their order (the plan, the source and the zone are not in it)."""

    instances: tuple[InstanceOutcome, ...]
    plan: Annotated[Plan | None, Field(exclude=True)]
    operations: Annotated[tuple[Operation, ...], PlainSerializer(_operations)]
    request_id: str | None
    api_calls: int
    waited: bool
    source: Annotated[ResolvedSource | None, Field(exclude=True)] = None
    steps: tuple[StepOutcome, ...] = ()
    retryable_errors: int = 0
    error: Error = None
    copy: CopyOutcome | None = None
    availability_zone: Annotated[str | None, Field(exclude=True)] = None

    @property
    def succeeded(self) -> tuple[str, ...]:
        """Names of the instances whose creation succeeded and that are running."""
        return tuple(i.name for i in self.instances if i.status == "succeeded")

    @property
    def failed(self) -> tuple[InstanceOutcome, ...]:
        """The instances whose creation failed, with AWS's error code and details."""
        return tuple(i for i in self.instances if i.status == "failed")

    @property
    def timed_out(self) -> tuple[str, ...]:
        """Names of the instances still not running when the timeout came."""
        return tuple(i.name for i in self.instances if i.status == "timed_out")

    @property
    def not_found(self) -> tuple[str, ...]:
        """Names with neither an instance nor a creation operation."""
        return tuple(i.name for i in self.instances if i.status == "not_found")

    @property
    def unknown(self) -> tuple[str, ...]:
        """Names the wait could not settle because it ended early (see ``error``)."""
        return tuple(i.name for i in self.instances if i.status == "unknown")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def answer_lost(self) -> bool:
        """Whether the create call's answer was lost and the instances were found created with this request's mark."""
        return any(i.answer_lost for i in self.instances)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def restored_date(self) -> str | None:
        """The date of the automatic snapshot restored, when every instance came from the same one."""
        dates = {i.source.rpartition("@")[2] for i in self.instances if i.source and "@" in i.source}
        if len(dates) == 1 and all(i.source for i in self.instances):
            return dates.pop()
        if not any(i.source for i in self.instances) and self.source is not None and self.source.kind == "auto":
            return self.source.date
        return None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """Whether every instance succeeded (or was not waited on), no step failed and the wait was not cut short."""
        return (
            self.error is None
            and not any(i.status in _NOT_OK for i in self.instances)
            and not any(s.status == "failed" for s in self.steps)
        )

    def raise_for_failures(self) -> None:
        """Raise ``RestoreFailedError`` when the restore is not ``ok``."""
        if not self.ok:
            raise RestoreFailedError(self)


class RestoreFailedError(LightsailRestoreError):
    """The restore did not complete. ``outcome`` holds every instance, the successful ones included."""

    def __init__(self, outcome: RestoreOutcome) -> None:
        self.outcome = outcome
        parts = [
            f"{i.name}: failed ({i.error_code or 'no error code'}: {i.error_details or ''})" for i in outcome.failed
        ]
        parts += [f"{name}: still not running at the timeout" for name in outcome.timed_out]
        parts += [f"{name}: no instance and no creation operation of that name" for name in outcome.not_found]
        parts += [f"{name}: unknown, the wait ended early" for name in outcome.unknown]
        parts += [f"step {s.name} failed: {s.error or s.detail}" for s in outcome.steps if s.status == "failed"]
        if outcome.error is not None:
            parts.append(f"the wait ended early on {type(outcome.error).__name__}: {outcome.error}")
        ok = ", ".join(outcome.succeeded) or "none"
        super().__init__("restore did not complete: " + "; ".join(parts) + f" (running: {ok})")

    def _pickled(self) -> dict[str, Any]:
        plan = self.outcome.plan
        if plan is None:
            return super()._pickled()
        return {**super()._pickled(), "outcome": dataclasses.replace(self.outcome, plan=without_user_data(plan))}
