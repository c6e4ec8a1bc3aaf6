"""A restore drill: the restore's own steps under a throwaway name, timed, checked, then torn down.

The drill runs the restore's step list (``restore.run.STEPS``: plan, copy, create, wait, ports, ready) with one
``RestoreRun``, timing each step on the run's clock; the readiness gate runs twice, Lightsail's status checks then
the health checks, so each has its time. It never asks for a static IP. Then, even when a step or a check failed,
the teardown deletes what the drill made (``_teardown.py``), unless ``keep``. A drill run again with its id
(``resume``) goes on from what exists: the plan recognises the drill's instances by their mark and resumes them;
when none is left (it was killed during its teardown), only the teardown runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from .._api import LightsailApi
from .._clock import Clock
from ..errors import LightsailRestoreError
from ..request import CreateInstancesFromSnapshotRequest
from ..restore._cross_region import CrossRegion
from ..restore._outcome import StepOutcome
from ..restore._plan import PlanRefusedError
from ..restore._run import STEPS, RestoreOptions, RestoreRun
from ..restore._steps import ready
from ..restore._steps.ready import ReadinessError, ReadyGate
from ._marks import RunMark, started_of
from ._report import DrillCheck, DrillReport, DrillSource, DrillStep
from ._teardown import Deleted, Refused, TeardownPlan, plan_teardown, run_teardown

__all__ = ["DrillOptions", "run_drill"]

_NAMES = {"wait": "boot"}
"""The restore's step names the drill's report says otherwise (the wait is the instance's boot)."""


@dataclass(frozen=True, slots=True)
class DrillOptions:
    """What makes a drill a drill: its id, whether to keep what it made, whether it finishes an earlier run."""

    drill_id: str
    keep: bool = False
    resume: bool = False


@dataclass
class _Drill:
    run: RestoreRun
    clock: Clock
    steps: list[DrillStep]
    checks: list[DrillCheck]

    def timed(self, name: str, action: Callable[[RestoreRun], StepOutcome]) -> StepOutcome:
        start = self.clock.monotonic()
        try:
            out = action(self.run)
        except PlanRefusedError:
            raise
        except LightsailRestoreError as error:  # the create refused or untold: the teardown still looks
            out = StepOutcome(name, "failed", str(error), error)
            self.run.halted = f"the {name} step failed"
        self.run.steps.append(out)
        self.steps.append(DrillStep(_NAMES.get(name, name), out.status, self.clock.monotonic() - start, out.detail))
        return out

    def gate(self) -> None:
        """The readiness gate in two parts, each timed: Lightsail's status checks, then the health checks."""
        options = self.run.options
        asked = options.cut_over.part(ReadyGate)
        parts = (
            ("status checks", ReadyGate((), status_checks=True)),
            ("health checks", ReadyGate(asked.health_checks, status_checks=False)),
        )
        for name, gate in parts:
            if not gate.asks:
                continue
            self.run.options = replace(options, cut_over=options.cut_over.with_part(ready.READY_STEP, gate))
            try:
                out = self.timed(ready.READY_STEP, ready.ready_step)
            finally:
                self.run.options = options
            self.steps[-1] = replace(self.steps[-1], name=name)
            self.checks += _checks(out, gate, self.run.request.instance_names)


def _checks(out: StepOutcome, gate: ReadyGate, names: tuple[str, ...] | list[str]) -> list[DrillCheck]:
    labels = gate.labels()
    error = out.error if isinstance(out.error, ReadinessError) else None
    checks = []
    for name in names:
        for label in labels:
            if out.status == "done":
                checks.append(DrillCheck(name, label, "passed"))
            elif error is not None and (error.instance, error.check) == (name, label):
                checks.append(DrillCheck(name, label, "failed", f"tried {error.attempts}: {error.last_error}"))
            else:
                checks.append(DrillCheck(name, label, "not_run", out.detail))
    return checks


def _exists_any(api: LightsailApi, names: tuple[str, ...] | list[str], me: RunMark) -> bool:
    return any(i.get("name") in names and me.why_not(i) is None for i in api.get_instances())


def _rto(
    drill: DrillOptions, ran: bool, restored: bool, elapsed: float, since_start: timedelta
) -> tuple[float | None, str | None]:
    """The RTO and, when it is not simply this run's time from its start until ready, what it is or why it is not.

    ``elapsed``: this run's time until ready (monotonic); ``since_start``: the wall clock's time since the start
    (the interrupted drill's, as its id says, for a resumed one).
    """
    if not restored:
        if drill.resume and not ran:
            return None, "only the teardown ran: when the interrupted drill's instances were ready is not known"
        return None, None
    if not drill.resume:
        return elapsed, None
    if started_of(drill.drill_id) is None:
        return None, (
            f"a resumed drill whose id ({drill.drill_id}) does not carry its start (a drill's own id does: "
            "<source>-drill-<UTC time>): not measured"
        )
    return since_start.total_seconds(), (
        "from the start its id carries until every instance passed its checks in the resumed run, on the wall clock: "
        "the time it was interrupted included"
    )


def run_drill(
    api: LightsailApi,
    request: CreateInstancesFromSnapshotRequest,
    options: RestoreOptions,
    cross: CrossRegion | None,
    drill: DrillOptions,
) -> DrillReport:
    """Restore, check, time and tear down; see ``LightsailRestoreClient.drill``.

    Raises:
        PlanRefusedError: The plan found errors; nothing was sent (nothing to tear down).
    """
    clock = options.polling.the_clock()
    start, started = clock.monotonic(), clock.now()
    began = started_of(drill.drill_id) if drill.resume else None  # the interrupted drill's start, when its id says
    if began is not None and began <= started:
        started = began
    me = RunMark.of_drill(drill.drill_id)
    names = list(request.instance_names)
    state = _Drill(RestoreRun(api, request, options, cross=cross), clock, [], [])
    if not drill.resume or _exists_any(api, names, me):
        for step in STEPS:
            if not step.asked(options, cross is not None):
                continue
            if step.name == ready.READY_STEP:
                state.gate()
            else:
                state.timed(step.name, step.action)
    restored = bool(state.steps) and state.run.outcome().ok and all(c.result == "passed" for c in state.checks)
    rto, rto_note = _rto(drill, bool(state.steps), restored, clock.monotonic() - start, clock.now() - started)
    teardown: tuple[Deleted, ...] = ()
    plan = TeardownPlan(me.describe())
    if not drill.keep:
        mapping = request.attached_disk_mapping or {}
        disks = [m.new_disk_name for maps in mapping.values() for m in maps]
        copy = cross.copy_name if cross is not None else None
        begun = clock.monotonic()
        plan = plan_teardown(api, me, names=names, disks=disks, copy=copy)
        teardown = run_teardown(api, plan, me, options.polling.pace())
        gone = all(d.ok for d in teardown) and not plan.refused
        said = ", ".join(f"{d.name} ({d.status})" for d in teardown) or "nothing left to delete"
        state.steps.append(DrillStep("teardown", "done" if gone else "failed", clock.monotonic() - begun, said))
    source = state.run.source
    created = source.created_at if source is not None else None
    return DrillReport(
        drill_id=drill.drill_id,
        region=api.region,
        instances=tuple(names),
        source=DrillSource(
            source.label if source is not None else None,
            created.isoformat() if created is not None else None,
            cross.source_region if cross is not None else None,
        ),
        started_at=started.isoformat(),
        rpo_seconds=(started - created).total_seconds() if created is not None else None,
        rto_seconds=rto,
        rto_note=rto_note,
        steps=tuple(state.steps),
        checks=tuple(state.checks),
        teardown=teardown,
        refused=tuple(plan.refused) if not drill.keep else tuple[Refused, ...](),
        kept=tuple(names) if drill.keep else (),
        resumed=drill.resume,
        api_calls=api.calls + (cross.calls_elsewhere(api) if cross is not None else 0),
    )
