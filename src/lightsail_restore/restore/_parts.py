"""The steps' own options values, built from the façade's keywords by the step that owns each.

A step that owns options names their builder in its ``Step`` (``options``: ``Ports.of``, ``Zones.of``), a function
of keyword arguments that raises ``RequestValidationError`` for a broken rule, and says where the value rides
(``options_in``): ``cut_over`` (``CutOver.parts``: the steps after the create, which need the wait and the plan) or
``plan`` (``PlanOptions.parts``: the steps up to the create, read by the plan). Each builder gets the keywords its
signature takes; every step's issues are refused together, in the steps' order; a keyword no step of the slot takes
is a ``TypeError``, as a misspelt keyword argument is. A step reads its value back by its type
(``options.cut_over.part(Ports)``, ``options.plan.part(Zones)``), the type's default when none was built.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from ..errors import Issue, RequestValidationError
from ._steps._common import OptionsIn

__all__ = ["plan_parts", "step_parts"]


def step_parts(given: Mapping[str, Any], slot: OptionsIn, caller: str) -> dict[str, Any]:
    """Each step's own options value in ``slot``, by step name, built by its ``options`` from ``given``.

    Raises:
        RequestValidationError: A step's options break its rules (every step's issues, in the steps' order).
        TypeError: A keyword in ``given`` that no step of ``slot`` takes (``caller`` names who was given it).
    """
    from ._run import STEPS  # the step list (imported here: it imports the modules that use this one)

    parts: dict[str, Any] = {}
    issues: list[Issue] = []
    taken: set[str] = set()
    for step in STEPS:
        if step.options is None or step.options_in != slot:
            continue
        takes = inspect.signature(step.options).parameters
        taken.update(takes)
        try:
            parts[step.name] = step.options(**{k: v for k, v in given.items() if k in takes})
        except RequestValidationError as exc:
            issues += exc.issues
    unknown = sorted(set(given) - taken)
    if unknown:
        raise TypeError(f"{caller}() got keyword arguments no step takes: {', '.join(unknown)}")
    if issues:
        raise RequestValidationError(issues)
    return parts


def plan_parts(**given: Any) -> dict[str, Any]:
    """The options values of the steps up to the create (``PlanOptions.parts``), each checked by its step.

    Raises:
        RequestValidationError: A step's options break its rules (``fallback_zones``: ``Zones.of``).
        TypeError: A keyword that no such step takes.
    """
    return step_parts(given, "plan", "plan_parts")
