"""Clean up after an earlier drill or restore: find its run by its mark, plan, then tear down (``_teardown.py``).

A run is chosen by a drill's id, or by the names of instances a restore created: their marks must be one run's
(``lightsail-restore:source`` and ``lightsail-restore:request`` the same on each, and the drill's id when they carry
one); every instance with that mark is the run's. A name without a mark, or whose mark is another run's than the
rest, is refused and named. A drill's cross-Region copy is found by its name (``<drill id>-from-<Region>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from pydantic import computed_field

from .._api import LightsailApi
from .._polling import Pace
from ..errors import Issue, NotFoundException, RequestValidationError
from ..restore._document import OrderedDocument
from ..restore._provenance import read_mark
from ._failback import FailBack, fail_back, plan_fail_back
from ._marks import DRILL_TAG, RunMark, tag_value
from ._teardown import Deleted, Refused, TeardownPlan, plan_teardown, run_teardown

__all__ = ["CleanupReport", "cleanup", "run_of"]


@dataclass(frozen=True)
class CleanupReport(OrderedDocument):
    """What a cleanup planned and did.

    ``to_dict()``: ``ok``, ``dryRun``, ``plan``, ``deleted``, ``failBack``.

    Attributes:
        plan: Every resource it deletes (in order), every one it refuses, and what stays.
        deleted: What it did with each resource of the plan (empty for a dry run).
        dry_run: Whether it only planned.
        fail_back: Each static IP a run's instance holds: put back where it was taken from, or why not.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("ok", "dryRun", "plan", "deleted", "failBack")
    """The document's members, in their order."""

    plan: TeardownPlan
    deleted: tuple[Deleted, ...] = ()
    dry_run: bool = False
    fail_back: tuple[FailBack, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """Nothing refused, and (unless a dry run) every resource of the plan gone."""
        return (
            not self.plan.refused
            and all(d.ok for d in self.deleted)
            and all(f.status != "failed" for f in self.fail_back)
        )


def _check(drill_id: str | None, instance_names: Sequence[str]) -> None:
    if (drill_id is None) == (not instance_names):
        raise RequestValidationError(
            [Issue("drill_id", "exactly_one", "give exactly one of drill_id and instance_names (the run to clean up)")]
        )


def run_of(api: LightsailApi, instance_names: Sequence[str]) -> tuple[RunMark | None, list[Refused]]:
    """The one run whose mark the named instances carry, and the names refused (no mark, another run's, missing)."""
    refused: list[Refused] = []
    runs: dict[RunMark, list[str]] = {}
    for name in instance_names:
        try:
            instance = api.get_instance(name)["instance"]
        except NotFoundException:
            refused.append(Refused(name, "no such instance"))
            continue
        mark = read_mark(instance)
        if mark is None or mark.source is None or mark.request is None:
            refused.append(Refused(name, "it carries no lightsail-restore mark: this tool did not create it"))
            continue
        run = RunMark(drill_id=tag_value(instance, DRILL_TAG), mark=mark)
        runs.setdefault(run, []).append(name)
    if len(runs) > 1:
        first = next(iter(runs))
        for run, names in list(runs.items())[1:]:
            refused += [Refused(n, f"marked by another run ({run.describe()}) than {first.describe()}") for n in names]
        return first, refused
    return (next(iter(runs)) if runs else None), refused


def cleanup(
    api: LightsailApi, pace: Pace, *, drill_id: str | None, instance_names: Sequence[str], dry_run: bool
) -> CleanupReport:
    """Plan, then (unless ``dry_run`` or something is refused) delete; see ``LightsailRestoreClient.cleanup``."""
    _check(drill_id, instance_names)
    refused: list[Refused] = []
    copy = None
    if drill_id is not None:
        run: RunMark | None = RunMark.of_drill(drill_id)
        copies = [s for s in api.get_instance_snapshots() if str(s.get("name")).startswith(f"{drill_id}-from-")]
        copy = str(copies[0]["name"]) if copies else None
    else:
        run, refused = run_of(api, instance_names)
    if run is None:
        return CleanupReport(TeardownPlan("no run", refused=tuple(refused)), dry_run=dry_run)
    plan = plan_teardown(api, run, names=instance_names, copy=copy)
    named = {r.name for r in refused}
    more = tuple(r for r in plan.refused if r.name not in named)
    backs = plan_fail_back(api, [r.name for r in plan.resources if r.kind == "Instance"])
    left = tuple(f"the static IP {f.static_ip}: {f.detail}" for f in backs if f.back_to is None)
    plan = TeardownPlan(plan.run, plan.resources, (*refused, *more), left, plan.api_calls)
    if dry_run or plan.refused:
        return CleanupReport(plan, dry_run=dry_run, fail_back=backs)
    backs = tuple(fail_back(api, back, pace) for back in backs)  # first: the run's instance still holds it
    return CleanupReport(plan, run_teardown(api, plan, run, pace), fail_back=backs)
