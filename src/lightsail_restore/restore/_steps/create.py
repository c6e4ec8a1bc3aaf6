"""The create step: one CreateInstancesFromSnapshot call, and what to do when its answer is lost.

When the call ends without a usable answer (no answer at all, a timeout, a server fault or gateway page after
botocore's retries, or "Some names are already in use" for names this run asked for, which is what botocore's
retry of an applied create meets), AWS may have applied it. So the step looks again, with the same read-only
checks as the plan, and when every name it sent now exists with this request's mark, it goes on as a resume and
reports it (``answer_lost``). The second look has rounds (``_polling.look_again``): a transient error while looking
again costs a round, within the restore's deadline; when it still cannot tell, the step says the create may have
been applied and to run the same restore again (``untold``), never the create's own error. When the look tells
that the names are not this request's, it raises the original error: the operator is never told to pick other
names for instances that are theirs, and a second create is never sent for the same names. The loser of a race
between identical restores resumes the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import _polling
from ..._api import LightsailApi
from ..._polling import Pace, lost_how, maybe_applied
from ..._response import Operation
from ...errors import LightsailError, LightsailRestoreError, ResponseShapeError
from ...request import CreateInstancesFromSnapshotRequest
from .._plan import Plan
from .._step_outcome import StepOutcome
from ._common import Step, code
from .zones import Zones, create_in_zones

if TYPE_CHECKING:
    from .._run import RestoreRun

__all__ = ["STEP", "Created", "create", "create_step"]

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
        untold: Why the second look could not tell whether the create was applied, when it could not (the
            instances may have been created).
    """

    operations: tuple[Operation, ...]
    request_id: str | None
    answer_lost: bool = False
    lost_error: LightsailRestoreError | None = None
    second_look: Plan | None = None
    untold: str | None = None


def create(
    api: LightsailApi,
    send: CreateInstancesFromSnapshotRequest,
    *,
    look_again: Callable[[], Plan] | None,
    pace: Callable[[], Pace],
) -> Created:
    """Send ``send`` once; when its answer is lost, look again instead of sending it twice.

    Args:
        api: The calls to make (counted).
        send: The request to send (with the mark, only the names still to create).
        look_again: Makes the plan again (read-only), or ``None`` when the restore leaves no mark (then a lost
            answer cannot be told from another request's instances, and the error is raised).
        pace: The restore's pace, for the rounds of the second look (called only when one is made).

    Returns:
        The operations and request id, or, after a lost answer, what the second look found, or why it could not
        tell (``untold``).

    Raises:
        LightsailError: AWS refused, and the second look found the names not created with the mark.
        TransportError: No answer, and the second look found them not created either.
        ResponseShapeError: AWS answered with no operations: whether anything was created is unknown (run the same
            restore again to resume what was).
    """
    try:
        result = api.create_instances_from_snapshot(send)
    except LightsailRestoreError as exc:
        if look_again is None or not maybe_applied(exc):
            raise
        logger.info("CreateInstancesFromSnapshot ended in %s: looking again", type(exc).__name__)
        look = _polling.look_again(look_again, pace())
        if not look.told or look.found is None:
            return Created((), None, lost_error=exc, untold=look.why)
        if set(send.instance_names) <= set(look.found.already_created):
            return Created((), None, answer_lost=True, lost_error=exc, second_look=look.found)
        raise
    if not result.operations:
        raise ResponseShapeError(
            f"AWS answered CreateInstancesFromSnapshot (request id {result.request_id}) with no operations, so "
            "whether the instances were created is unknown; run the same restore again: it resumes whatever was "
            "created with this request's mark, and creates the rest"
        )
    return Created(result.operations, result.request_id)


def create_step(run: RestoreRun) -> StepOutcome:
    """Send the create for the names still to create (with the mark), recovering a lost answer."""
    plan, request = run.plan, run.request
    if run.halted:
        return StepOutcome("create", "skipped", run.halted)
    to_create = plan.to_create if plan is not None else tuple(request.instance_names)
    if not to_create:
        return StepOutcome("create", "skipped", "every instance was already created")
    if plan is not None:
        send = plan.remaining_request()
    else:
        send = run.mark.apply_to(request) if run.mark is not None else request
    label = run.mark.source if run.mark is not None else run.source.label if run.source else None
    # Only a checked restore looks again: unchecked, an instance found with the mark may predate this run.
    recover = run.mark is not None and plan is not None
    zones = plan.zones if plan is not None else ()
    try:
        created, run.zone, full = create_in_zones(
            send, zones, lambda each: create(run.api, each, look_again=run.look if recover else None, pace=run.pace)
        )
    except LightsailError as exc:
        if run.copy is None:
            raise  # nothing was done before it: the refusal is the whole story, as for any restore
        # A cross-Region restore has made (or found) its copy: the outcome keeps that, and says the create failed.
        run.halted = f"AWS refused the create ({exc.error_code}): nothing was created"
        return StepOutcome(
            "create",
            "failed",
            f"AWS refused to create {', '.join(to_create)} from {run.copy.name} ({exc.error_code}: {exc.message}); "
            f"nothing was created; the copy {run.copy.name} stays: run the same restore again to create from it "
            "(it is not copied again)",
            exc,
        )
    if created.untold is not None:
        run.unknown = to_create
        run.halted = "whether the create was applied is not known: run the same restore again"
        return StepOutcome(
            "create",
            "failed",
            f"the answer to the create of {', '.join(to_create)} was lost ({lost_how(created.lost_error)}), and a "
            f"second look could not tell ({created.untold}): the create may have been applied; run the same restore "
            "again: it resumes what was created with this request's mark, and creates the rest",
        )
    if created.answer_lost:
        run.answer_lost = to_create
        look = created.second_look
        if look is not None:
            run.sources.update({n: s for n, s in look.resumed_sources.items() if n in to_create})
        return StepOutcome(
            "create",
            "done",
            f"created {', '.join(to_create)}; the answer was lost ({code(created.lost_error)}), and a second look "
            "found them with this request's mark",
        )
    run.operations, run.request_id = created.operations, created.request_id
    if label is not None:
        run.sources.update(dict.fromkeys(to_create, label))
    where = f" in {run.zone} ({', '.join(full)}: no capacity)" if full else ""
    return StepOutcome("create", "done", f"created {', '.join(to_create)}{where}")


STEP = Step("create", create_step, options=Zones.of, options_in="plan")
"""The ``create`` step in the step list: after the plan (and the copy), before the wait."""
