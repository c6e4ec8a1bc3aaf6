"""What every step shares: the ``Step`` entry of the step list, the run's pace, and the words of a detail."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..._polling import Pace
from ...errors import AccessDeniedException, Issue, LightsailRestoreError
from .._step_outcome import StepOutcome, StepStatus

if TYPE_CHECKING:
    from .._network import NetworkLook, NetworkPlan
    from .._run import RestoreOptions, RestoreRun

__all__ = [
    "FINISH",
    "OptionsIn",
    "Step",
    "code",
    "finish",
    "network_of",
    "not_bools",
    "pace",
    "running",
    "step_outcome",
]

OptionsIn = Literal["cut_over", "plan"]
"""Where a step's own options value rides: ``CutOver.parts`` (after the create) or ``PlanOptions.parts`` (up to it)."""

FINISH = "run the same restore again to finish"
"""How a step that did not finish ends its detail: a rerun does only what is left."""

_ACTION = re.compile(r"\blightsail:[A-Za-z]+\b")


def finish(error: LightsailRestoreError | None) -> str:
    """How the detail of a step stopped by ``error`` ends: what to do so that a rerun finishes it.

    A rerun alone finishes what a fault stopped; one refused for a missing permission would be refused again, so
    the ending names the IAM action AWS's message names (E24: "... is not authorized to perform:
    lightsail:<Action> ...") and asks for it first.
    """
    if not isinstance(error, AccessDeniedException):
        return FINISH
    named = _ACTION.search(error.message)
    action = named.group(0) if named else "the Lightsail action AWS's message names"
    return f"these credentials may not call {action} (AccessDeniedException): allow it, then {FINISH}"


def step_outcome(
    name: str,
    status: StepStatus,
    what: str,
    error: LightsailRestoreError | None = None,
    ending: str | None = FINISH,
) -> StepOutcome:
    """A step's outcome whose detail is ``what``, then ``ending`` (how a rerun finishes what it left; ``None``: none).

    ``StepOutcome.left`` keeps ``what`` when the ending is the plain ``FINISH``, so a caller can say the rerun in its
    own words without cutting the detail.
    """
    detail = what if ending is None else f"{what}; {ending}"
    return StepOutcome(name, status, detail, error, left=what if ending == FINISH else None)


def not_bools(**flags: object) -> list[Issue]:
    """An issue for each of a step's switches that is not ``True`` or ``False`` (callers outside mypy pass anything)."""
    return [
        Issue(name, "type", "must be True or False") for name, given in flags.items() if not isinstance(given, bool)
    ]


def _always(options: RestoreOptions, cross: bool) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One entry of the restore's step list.

    Attributes:
        name: The step's name in the outcome (``StepOutcome.name``).
        action: What the step does once the steps before it ran; never raises for a failure of its own (it lands
            in the ``StepOutcome``), except where the restore cannot go on.
        asked: Whether a restore with these options (and a cross-Region source, or not) runs the step at all.
        plan_part: The step's part of the plan, if any: reads and checks, findings, and its piece of the network
            plan (called by the plan in the list's order).
        options: How the step's own options value is built, if it owns one (``ReadyGate.of``): called once with
            the façade's keywords its signature names (``restore/_parts.py``); it raises
            ``RequestValidationError`` for a broken rule.
        options_in: Where that value rides: ``cut_over`` (``CutOver.of`` builds it; the step reads it back with
            ``options.cut_over.part(TheType)``, and a value whose ``asks`` is true needs the wait and the plan) or
            ``plan`` (a step up to the create: ``plan_parts`` builds it, and the plan and the step read it with
            ``options.plan.part(TheType)``).
    """

    name: str
    action: Callable[[RestoreRun], StepOutcome]
    asked: Callable[[RestoreOptions, bool], bool] = _always
    plan_part: Callable[[NetworkLook, NetworkPlan], NetworkPlan] | None = None
    options: Callable[..., Any] | None = None
    options_in: OptionsIn = "cut_over"


def pace(run: RestoreRun, seconds: float | None = None) -> Pace:
    """The restore's pace, until its deadline (or ``seconds`` from now: putting a static IP back has its own)."""
    found = run.pace()
    return found if seconds is None else dataclasses.replace(found, deadline=found.clock.monotonic() + seconds)


def network_of(run: RestoreRun) -> NetworkPlan | None:
    """The plan's look at the network (``None`` without a plan)."""
    return run.plan.network if run.plan is not None else None


def running(run: RestoreRun) -> dict[str, str]:
    """Each requested instance's status after the wait (``succeeded`` means running)."""
    if run.waited is None:
        return {}
    return {i.name: i.status for i in run.waited.instances}


def code(error: LightsailRestoreError | None) -> str:
    """AWS's error code of ``error``, or its class name."""
    found = getattr(error, "error_code", None)
    return found if isinstance(found, str) else type(error).__name__
