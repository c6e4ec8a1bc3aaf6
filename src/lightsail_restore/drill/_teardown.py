"""Tear down what one run made: plan first (every resource named, everything else refused), then delete.

The plan reads the account and lists, in the order they go: the run's instances (each must carry the run's mark,
``marks.RunMark``), then the disks attached to them or named by the run's request (``newDiskName``: the create made
them), then the cross-Region copy the run made. An instance under a name the run asked for, or under a drill-like
name, that does not carry the mark is refused and named, never deleted. Static IPs are never deleted: one attached
to an instance that goes stays allocated and unattached (E39, E63), and the plan says so.

Each deletion is sent once (``_api.py``'s write guard), right after a look that finds the resource still there and
still the run's (an instance's mark read again); its operations are waited on, then a look checks it is gone. A
deletion whose answer was lost is judged by a second look (``_polling.look_again``): gone counts as done, never
sent again. ``NotFoundException`` counts as done too (an earlier, interrupted teardown got there first), so a
teardown run again finishes what is left and deletes nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, computed_field

from .._api import LightsailApi
from .._polling import Pace, look_again, maybe_applied, poll
from ..errors import LightsailRestoreError, NotFoundException
from ..restore._document import Document, OrderedDocument
from ..restore._operations import wait_for_operations
from ._marks import RunMark

__all__ = ["Deleted", "Refused", "Resource", "TeardownPlan", "plan_teardown", "run_teardown"]

Kind = Literal["Instance", "Disk", "InstanceSnapshot"]
_OPERATIONS: dict[str, str] = {
    "Instance": "DeleteInstance",
    "Disk": "DeleteDisk",
    "InstanceSnapshot": "DeleteInstanceSnapshot",
}


@dataclass(frozen=True, slots=True)
class Resource(OrderedDocument):
    """One resource the teardown deletes.

    Attributes:
        name: Its name.
        kind: Its AWS resource type: ``Instance``, ``Disk`` or ``InstanceSnapshot`` (a cross-Region copy).
        why: Why it is the run's (its mark, its attachment, the request that named it).
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("name", "kind", "operation", "why")

    name: str
    kind: Kind
    why: str = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def operation(self) -> str:
        """The operation that deletes it (``DeleteInstance``, ``DeleteDisk``, ``DeleteInstanceSnapshot``)."""
        return _OPERATIONS[self.kind]


@dataclass(frozen=True, slots=True)
class Refused(Document):
    """A resource the teardown will not delete, and why (``name``, ``reason``)."""

    name: str
    reason: str


@dataclass(frozen=True)
class TeardownPlan(Document):
    """What a teardown would delete, in order, what it refuses, and what it leaves.

    Attributes:
        run: The run whose resources these are (``drill web-1-snap-drill-...``).
        resources: What it deletes, in order: instances, disks, the copy.
        refused: Instances it will not delete (not marked by the run), named with the reason.
        left: What stays, in words (a static IP left allocated and unattached).
        api_calls: The read-only calls the plan made.
    """

    run: str
    resources: tuple[Resource, ...] = ()
    refused: tuple[Refused, ...] = ()
    left: tuple[str, ...] = ()
    api_calls: Annotated[int, Field(exclude=True)] = 0


@dataclass(frozen=True, slots=True)
class Deleted(Document):
    """What the teardown did with one resource.

    Attributes:
        name: Its name.
        kind: Its AWS resource type.
        operation: The operation that deleted it.
        status: ``deleted``, ``gone`` (already gone: nothing sent), or ``failed``.
        answer_lost: The deletion's answer was lost and a second look found the resource gone.
        detail: One line saying what happened.
    """

    name: str
    kind: str
    operation: str
    status: Literal["deleted", "gone", "failed"]
    answer_lost: bool = False
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the resource is gone."""
        return self.status != "failed"


@dataclass
class _Scope:
    names: Sequence[str] = ()
    disks: Sequence[str] = ()
    copy: str | None = None
    prefix: str | None = None
    found: list[Resource] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def plan_teardown(
    api: LightsailApi,
    run: RunMark,
    *,
    names: Sequence[str] = (),
    disks: Sequence[str] = (),
    copy: str | None = None,
) -> TeardownPlan:
    """List what ``run`` made in ``api``'s Region (read-only look-ups), and refuse what it did not.

    Args:
        api: The Region's calls (the target Region: the copy is there too).
        run: The run's mark (a drill's id, or a restore's mark).
        names: The instance names the run asked for: one that exists without the run's mark is refused.
        disks: The disks the run's request named (``newDiskName``): deleted when they exist and are not attached
            to an instance the run did not make.
        copy: The copy the run made (a cross-Region drill), deleted when it exists.
    """
    calls = api.calls
    scope = _Scope(names, disks, copy, prefix=f"{run.drill_id}" if run.drill_id else None)
    instances = sorted(api.get_instances(), key=lambda i: str(i.get("name")))
    ours: list[str] = []
    for instance in instances:
        name = str(instance.get("name"))
        why = run.why_not(instance)
        if why is None:
            ours.append(name)
            scope.found.append(Resource(name, "Instance", f"marked by {run.describe()}"))
        elif name in names or (scope.prefix is not None and name.startswith(scope.prefix)):
            scope.refused.append(Refused(name, why))
    _plan_disks(api, scope, ours)
    if copy is not None and _exists(api, Resource(copy, "InstanceSnapshot")):
        scope.found.append(Resource(copy, "InstanceSnapshot", f"the cross-Region copy {run.describe()} made"))
    return TeardownPlan(run.describe(), tuple(scope.found), tuple(scope.refused), (), api.calls - calls)


def _plan_disks(api: LightsailApi, scope: _Scope, ours: Sequence[str]) -> None:
    if not ours and not scope.disks:
        return
    for disk in api.get_disks():
        name, attached = str(disk.get("name")), disk.get("attachedTo")
        if attached in ours:
            scope.found.append(Resource(name, "Disk", f"attached to {attached}, which goes"))
        elif name in scope.disks and not attached:
            scope.found.append(Resource(name, "Disk", "made by the run's request (newDiskName)"))
        elif name in scope.disks:
            scope.refused.append(Refused(name, f"it is attached to {attached}, which the run did not make"))


def _exists(api: LightsailApi, resource: Resource) -> bool:
    """Whether ``resource`` exists (``NotFoundException``: it does not)."""
    look: dict[str, Callable[[str], Mapping[str, Any]]] = {
        "Instance": api.get_instance,
        "Disk": api.get_disk,
        "InstanceSnapshot": api.get_instance_snapshot,
    }
    try:
        look[resource.kind](resource.name)
    except NotFoundException:
        return False
    return True


def _send(api: LightsailApi, resource: Resource) -> Any:
    send: dict[str, Callable[[str], Any]] = {
        "Instance": api.delete_instance,
        "Disk": api.delete_disk,
        "InstanceSnapshot": api.delete_instance_snapshot,
    }
    return send[resource.kind](resource.name)


def _ready_to_go(api: LightsailApi, resource: Resource, run: RunMark, pace: Pace) -> str | None:
    """``None`` when ``resource`` may go now, ``"gone"``, or why not (no longer the run's, a copy still pending)."""
    if resource.kind == "Instance":
        try:
            instance = api.get_instance(resource.name)["instance"]
        except NotFoundException:
            return "gone"
        why = run.why_not(instance)
        return None if why is None else f"not deleted: {why} (read again right before deleting)"
    if resource.kind == "InstanceSnapshot":  # a copy still pending cannot be deleted yet: wait for it
        state: list[str] = []

        def settled() -> bool:
            try:
                state.append(str(api.get_instance_snapshot(resource.name)["instanceSnapshot"].get("state")))
            except NotFoundException:
                state.append("gone")
            return state[-1] != "pending"

        polled = poll(settled, pace)
        if polled.error is not None or not state:
            return f"not deleted: its state could not be read ({polled.error})"
        return "gone" if state[-1] == "gone" else None if state[-1] != "pending" else "not deleted: still pending"
    return None if _exists(api, resource) else "gone"


def delete_one(api: LightsailApi, resource: Resource, run: RunMark, pace: Pace) -> Deleted:
    """Delete one resource of the plan (see the module's docstring); never raises for AWS's errors."""
    op = resource.operation

    def said(status: Literal["deleted", "gone", "failed"], detail: str, *, lost: bool = False) -> Deleted:
        return Deleted(resource.name, resource.kind, op, status, lost, detail)

    try:
        why = _ready_to_go(api, resource, run, pace)
        if why == "gone":
            return said("gone", "already gone: nothing sent")
        if why is not None:
            return said("failed", why)
        try:
            operations = _send(api, resource)
        except NotFoundException:
            return said("gone", f"already gone ({op} answered NotFoundException)")
        except LightsailRestoreError as error:
            if not maybe_applied(error):
                return said("failed", f"{op} refused: {error}")
            look = look_again(lambda: _exists(api, resource), pace)
            if look.told and look.found is False:
                return said("deleted", f"{op}'s answer was lost; a second look found it gone", lost=True)
            return said("failed", f"{op}'s answer was lost and it is not known gone ({look.why}); run again")
        wait_for_operations(api, operations, pace)
        if _exists(api, resource):
            return said("failed", f"{op} succeeded, but it still exists")
    except LightsailRestoreError as error:
        return said("failed", f"{op}: {error}")
    return said("deleted", f"{op} succeeded; a look found it gone")


def run_teardown(api: LightsailApi, plan: TeardownPlan, run: RunMark, pace: Pace) -> tuple[Deleted, ...]:
    """Delete each resource of ``plan`` in its order; a failure does not stop the rest (each says what it did)."""
    return tuple(delete_one(api, resource, run, pace) for resource in plan.resources)
