"""The restore as a plain sequence of steps, each reporting into the outcome: plan, create, wait.

Every step reads what the earlier ones left in ``RestoreRun`` and records a ``StepOutcome`` (done, skipped or
failed, with AWS's error); a step that cannot go on raises (nothing created yet: the plan's refusal, AWS's
refusal of the create), except that AWS's refusal of a cross-Region restore's create, whose copy is made by then,
is a failed step, so the outcome keeps the copy. A rerun does only what is left: the plan recognises what an
earlier run of the same request created, the create step sends only the rest, and the wait picks up every instance
by name. The cut-over's steps follow the wait when asked (``network_steps.py``: firewall rules, then a static IP),
each doing only what is left. More steps slot in the same way: a function of the run returning its ``StepOutcome``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .._polling import Pace, lost_how
from ..api import LightsailApi
from ..clock import Clock, SystemClock
from ..errors import LightsailError, LightsailRestoreError
from ..request import CreateInstancesFromSnapshotRequest
from ..response import Operation
from .account import Account
from .copies import CopyOutcome
from .copy import copy_step
from .create import create
from .cross_region import CrossRegion
from .cutover import CutOver
from .findings import Findings
from .network_steps import cut_over_steps
from .outcome import InstanceOutcome, RestoreOutcome, StepOutcome
from .plan import DEFAULT_INSTANCE_QUOTA, Plan, make_plan
from .provenance import Mark
from .source import ResolvedSource, resolve_source
from .wait import InstanceProgress, WaitResult, wait_for_instances

__all__ = ["RestoreOptions", "RestoreRun", "run_restore"]


@dataclass(frozen=True)
class RestoreOptions:
    """How to restore (the keyword options of ``LightsailRestoreClient.restore``)."""

    wait: bool = True
    check: bool = True
    raise_on_failure: bool = False
    timeout: float = 900.0
    delay: float = 2.0
    max_delay: float = 20.0
    clock: Clock | None = None
    progress: Callable[[Sequence[InstanceProgress]], None] | None = None
    instance_quota: int = DEFAULT_INSTANCE_QUOTA
    rng: random.Random | None = None
    provenance: bool = True
    cut_over: CutOver = field(default_factory=CutOver)


@dataclass
class RestoreRun:
    """What the steps of one restore share: the request and options in, each step's results out."""

    api: LightsailApi
    request: CreateInstancesFromSnapshotRequest
    options: RestoreOptions
    plan: Plan | None = None
    source: ResolvedSource | None = None
    mark: Mark | None = None
    resumed: tuple[str, ...] = ()
    answer_lost: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    operations: tuple[Operation, ...] = ()
    request_id: str | None = None
    waited: WaitResult | None = None
    steps: list[StepOutcome] = field(default_factory=list)
    cross: CrossRegion | None = None
    """Where the source is, for a cross-Region restore (then the copy step runs before the create)."""
    copy: CopyOutcome | None = None
    halted: str | None = None
    """Why the steps after a failed copy or an untold create do nothing (``None`` while the restore goes on)."""
    unknown: tuple[str, ...] = ()
    """Names a create whose answer was lost may have created: a second look could not tell."""
    deadline: float | None = None
    """The clock's monotonic reading at which waiting ends: ``options.timeout`` after the first wait began (the
    copy's, for a cross-Region restore), shared by the copy, the wait and the cut-over."""

    def time_left(self) -> float:
        """Seconds until the deadline, which starts now when no wait has begun yet."""
        clock = self.options.clock or SystemClock()
        if self.deadline is None:
            self.deadline = clock.monotonic() + self.options.timeout
        return self.deadline - clock.monotonic()

    def pace(self) -> Pace:
        """The restore's clock, its one deadline (which starts now when no wait has begun yet) and its backoff."""
        o = self.options
        self.time_left()
        assert self.deadline is not None  # noqa: S101 - time_left sets it
        return Pace(o.clock or SystemClock(), self.deadline, o.delay, o.max_delay, o.rng or random.Random())  # noqa: S311

    def look(self) -> Plan:
        """Make the plan (read-only look-ups) of this run's request."""
        o = self.options
        if self.cross is not None:
            return self.cross.plan(
                self.api,
                self.request,
                instance_quota=o.instance_quota,
                provenance=o.provenance,
                cut_over=o.cut_over,
            )
        return make_plan(
            self.api, self.request, instance_quota=o.instance_quota, provenance=o.provenance, cut_over=o.cut_over
        )

    def outcome(self) -> RestoreOutcome:
        """The outcome of what the steps did."""
        if self.waited is not None:
            instances = self.waited.instances
        else:
            by_name = {op.resource_name: op for op in self.operations}
            instances = tuple(
                InstanceOutcome(
                    name=name,
                    status="unknown"
                    if name in self.unknown
                    else "not_created"
                    if self.halted and name not in self.resumed
                    else "not_waited",
                    operation_id=by_name[name].id if name in by_name else None,
                    operation_status=str(by_name[name].status) if name in by_name else None,
                    resumed=name in self.resumed,
                    answer_lost=name in self.answer_lost,
                    source=self.sources.get(name),
                )
                for name in self.request.instance_names
            )
        return RestoreOutcome(
            instances=instances,
            plan=self.plan,
            operations=self.operations,
            request_id=self.request_id,
            api_calls=self.api.calls + (self.cross.calls_elsewhere(self.api) if self.cross else 0),
            waited=self.waited is not None,
            source=self.source,
            steps=tuple(self.steps),
            retryable_errors=self.waited.retryable_errors if self.waited else 0,
            error=self.waited.error if self.waited else None,
            copy=self.copy,
        )


def _name(error: LightsailRestoreError | None) -> str:
    code = getattr(error, "error_code", None)
    return code if isinstance(code, str) else type(error).__name__


def plan_step(run: RestoreRun) -> StepOutcome:
    """Plan, and refuse on an error finding; with ``check=False`` only resolve what the mark needs."""
    request, options = run.request, run.options
    if not options.check:
        if options.provenance:
            latest = bool(request.use_latest_restorable_auto_snapshot)
            run.source = resolve_source(Account(run.api), request, Findings()) if latest else None
            run.mark = Mark.of(request, run.source)
        return StepOutcome("plan", "skipped", "check=False: the account was not checked, nothing is resumed")
    run.plan = plan = run.look()
    plan.raise_for_errors()
    run.source, run.mark, run.resumed = plan.source, plan.mark, plan.already_created
    run.sources.update(plan.resumed_sources)
    detail = f"{plan.api_calls} read-only calls"
    return StepOutcome("plan", "done", detail + (f"; resumes {', '.join(run.resumed)}" if run.resumed else ""))


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
    try:
        created = create(run.api, send, look_again=run.look if recover else None, pace=run.pace)
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
            f"created {', '.join(to_create)}; the answer was lost ({_name(created.lost_error)}), and a second look "
            "found them with this request's mark",
        )
    run.operations, run.request_id = created.operations, created.request_id
    if label is not None:
        run.sources.update(dict.fromkeys(to_create, label))
    return StepOutcome("create", "done", f"created {', '.join(to_create)}")


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
        timeout=timeout,
        delay=o.delay,
        max_delay=o.max_delay,
        clock=o.clock,
        progress=o.progress,
        rng=o.rng,
    )
    if waited.error is not None:
        return StepOutcome("wait", "failed", "ended early: run the same restore again to go on", waited.error)
    detail = f"{waited.rounds} rounds, {waited.api_calls} calls, {waited.retryable_errors} retryable errors"
    return StepOutcome("wait", "done", detail)


def run_restore(
    api: LightsailApi,
    request: CreateInstancesFromSnapshotRequest,
    options: RestoreOptions,
    cross: CrossRegion | None = None,
) -> RestoreOutcome:
    """Plan, create and wait; see ``LightsailRestoreClient.restore``.

    With ``cross`` (a source in another Region), the plan looks at both Regions and a copy step runs before the
    create (``copy.py``); a cross-Region restore always plans (``options.check`` must be true).

    Raises:
        PlanRefusedError: The plan found errors; nothing was sent.
        SourceRegionUnreachableError: A cross-Region restore's source Region did not answer, and no copy an earlier
            run made stands in for the source; nothing was sent.
        LightsailError: AWS refused the create (and a second look did not find it applied); a cross-Region
            restore reports it as a failed ``create`` step instead, beside its copy.
        TransportError: No answer to the create, and a second look did not find it applied.
        RestoreFailedError: With ``raise_on_failure``, when the restore is not ``ok``.
    """
    run = RestoreRun(api, request, options, cross=cross)
    if cross is not None and not options.check:
        raise ValueError("a cross-Region restore always plans (check=True): the plan finds the copy of an earlier run")
    copying = (copy_step,) if cross is not None else ()
    for step in (plan_step, *copying, create_step, wait_step, *cut_over_steps(options.cut_over)):
        run.steps.append(step(run))
    outcome = run.outcome()
    if options.raise_on_failure:
        outcome.raise_for_failures()
    return outcome
