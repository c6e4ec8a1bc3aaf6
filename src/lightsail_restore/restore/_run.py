"""The restore as a plain sequence of steps, each reporting into the outcome: plan, create, wait.

Every step reads what the earlier ones left in ``RestoreRun`` and records a ``StepOutcome`` (done, skipped or
failed, with AWS's error); a step that cannot go on raises (nothing created yet: the plan's refusal, AWS's
refusal of the create), except that AWS's refusal of a cross-Region restore's create, whose copy is made by then,
is a failed step, so the outcome keeps the copy. A rerun does only what is left: the plan recognises what an
earlier run of the same request created, the create step sends only the rest, and the wait picks up every instance
by name. The cut-over's steps follow the wait when asked (``_steps/``: firewall rules, the readiness gate, then a
static IP), each doing only what is left. More steps slot in the same way: one module in ``_steps/`` and one line in
``STEPS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._api import LightsailApi
from .._options import PlanOptions, Polling
from .._polling import Pace
from .._response import Operation
from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._cross_region import CrossRegion
from ._cutover import CutOver
from ._findings import Findings
from ._outcome import InstanceOutcome, RestoreOutcome, StepOutcome
from ._plan import Plan, make_plan
from ._provenance import Mark
from ._source import ResolvedSource, resolve_source
from ._steps import alarms, copy, create, load_balancers, ports, ready, retire, static_ip, wait
from ._steps._common import Step
from ._steps.copy import CopyOutcome
from ._steps.wait import WaitResult

__all__ = ["STEPS", "RestoreOptions", "RestoreRun", "run_restore"]


@dataclass(frozen=True)
class RestoreOptions:
    """How to restore: the keyword options of ``LightsailRestoreClient.restore``, built once into values.

    Attributes:
        wait: Run the wait step (and the cut-over after it).
        check: Plan first (refusing on an error finding); ``False`` skips the plan.
        raise_on_failure: Raise ``RestoreFailedError`` when the outcome is not ``ok``.
        polling: How the waits poll; ``polling.timeout`` is the restore's one deadline.
        plan: What the plan checks beyond the request.
        cut_over: What the restore does once its instances run.
    """

    wait: bool = True
    check: bool = True
    raise_on_failure: bool = False
    polling: Polling = field(default_factory=Polling)
    plan: PlanOptions = field(default_factory=PlanOptions)
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
    zone: str | None = None
    """The zone the create step's create was taken in (another than the request's when it had no capacity)."""
    deadline: float | None = None
    """The clock's monotonic reading at which waiting ends: ``options.polling.timeout`` after the first wait began (the
    copy's, for a cross-Region restore), shared by the copy, the wait and the cut-over."""

    def time_left(self) -> float:
        """Seconds until the deadline, which starts now when no wait has begun yet."""
        clock = self.options.polling.the_clock()
        if self.deadline is None:
            self.deadline = clock.monotonic() + self.options.polling.timeout
        return self.deadline - clock.monotonic()

    def pace(self) -> Pace:
        """The restore's clock, its one deadline (which starts now when no wait has begun yet) and its backoff."""
        o = self.options.polling
        self.time_left()
        assert self.deadline is not None  # noqa: S101 - time_left sets it
        return Pace(o.the_clock(), self.deadline, o.delay, o.max_delay, o.the_rng())

    def look(self) -> Plan:
        """Make the plan (read-only look-ups) of this run's request."""
        o = self.options
        cut_over = retire.on_clock(o.cut_over, o.polling.the_clock())  # the final snapshot's name: the run's time
        if self.cross is not None:
            return self.cross.plan(self.api, self.request, options=o.plan, cut_over=cut_over)
        return make_plan(self.api, self.request, options=o.plan, cut_over=cut_over)

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
            availability_zone=self.zone,
        )


def plan_step(run: RestoreRun) -> StepOutcome:
    """Plan, and refuse on an error finding; with ``check=False`` only resolve what the mark needs."""
    request, options = run.request, run.options
    if not options.check:
        if options.plan.provenance:
            latest = bool(request.use_latest_restorable_auto_snapshot)
            run.source = resolve_source(Account(run.api), request, Findings()) if latest else None
            run.mark = Mark.of(request, run.source)
        return StepOutcome(
            "plan",
            "skipped",
            "check=False: the account was not checked, nothing is resumed, the snapshot's disks are not mapped",
        )
    run.plan = plan = run.look()
    plan.raise_for_errors()
    run.source, run.mark, run.resumed = plan.source, plan.mark, plan.already_created
    run.sources.update(plan.resumed_sources)
    detail = f"{plan.api_calls} read-only calls"
    return StepOutcome("plan", "done", detail + (f"; resumes {', '.join(run.resumed)}" if run.resumed else ""))


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
    for step in STEPS:
        if step.asked(options, cross is not None):
            run.steps.append(step.action(run))
    outcome = run.outcome()
    if options.raise_on_failure:
        outcome.raise_for_failures()
    return outcome


STEPS: tuple[Step, ...] = (
    Step("plan", plan_step),
    retire.CONFIRM,
    copy.STEP,
    retire.REPLACE,
    create.STEP,
    wait.STEP,
    ports.STEP,
    ready.STEP,
    alarms.STEP,
    load_balancers.STEP,
    static_ip.STEP,
    retire.STEP,
)
"""The restore's steps, in their order: each runs when its ``asked`` says so (the copy only across Regions, the
cut-over's steps only when asked), and each step's plan part runs inside the plan in the same order."""
