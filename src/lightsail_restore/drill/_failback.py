"""Fail back: a static IP the run's instance holds goes back on the instance it was taken from, before the teardown.

Where it was taken from is read from the static IP's own operations (GetOperationsForResource lists newest first,
and the static IP's operation of an attach or a detach names the instance, E5, E38): the operation just before
the attach to the run's instance names the instance that held it (an ``AttachStaticIp`` to it, or a
``DetachStaticIp`` from it). When its operations do not say (the attach that gave it to that instance is older
than they reach, or there was none), or that instance no longer exists, or it holds another static IP, nothing is
attached: the static IP stays allocated, and unattached once the run's instance is deleted (E39), and the plan
says so. The move itself is the static-IP step's (``Move``: one ``AttachStaticIp``, or detach then attach where
the service does not move an attached static IP; each call judged by the next look).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Annotated, ClassVar

from pydantic import Field

from .._api import LightsailApi
from .._polling import Pace
from ..errors import LightsailRestoreError, NotFoundException
from ..restore._document import OrderedDocument
from ..restore._steps.static_ip import Move

__all__ = ["FailBack", "fail_back", "plan_fail_back"]


@dataclass(frozen=True, slots=True)
class FailBack(OrderedDocument):
    """A static IP the run's instance holds, and where it goes back to.

    Attributes:
        static_ip: The static IP.
        holder: The run's instance holding it.
        back_to: The instance it was taken from, when it goes back there (``None``: it stays unattached).
        detail: What is done, or why nothing is.
        status: ``planned``, ``done`` (put back), ``left`` (not put back: see ``detail``) or ``failed``.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("staticIpName", "from", "to", "status", "detail")

    static_ip: Annotated[str, Field(alias="staticIpName")]
    holder: Annotated[str, Field(alias="from")]
    back_to: Annotated[str | None, Field(alias="to")]
    detail: str
    status: str = "planned"


def _taken_from(api: LightsailApi, static_ip: str, holder: str) -> str | None:
    """The instance named by the static IP's operation just before its latest attach to ``holder`` (E5, E38)."""
    operations = [
        op
        for op in api.get_operations_for_resource(static_ip)
        if op.get("operationType") in ("AttachStaticIp", "DetachStaticIp")
    ]
    for index, op in enumerate(operations):
        if op.get("operationType") == "AttachStaticIp" and op.get("operationDetails") == holder:
            before = operations[index + 1] if index + 1 < len(operations) else None
            found = before.get("operationDetails") if before is not None else None
            return str(found) if found and found != holder else None
    return None


def plan_fail_back(api: LightsailApi, ours: Sequence[str]) -> tuple[FailBack, ...]:
    """For each static IP an instance in ``ours`` holds: where it goes back, or why it stays (read-only look-ups)."""
    if not ours:
        return ()
    plans = []
    for ip in api.get_static_ips():
        holder = ip.get("attachedTo")
        if not ip.get("isAttached") or holder not in ours:
            continue
        name, holder = str(ip.get("name")), str(holder)
        back_to = _taken_from(api, name, holder)
        stays = f"it stays allocated, and unattached once {holder} is deleted"
        if back_to is None:
            why = "where it was taken from is not known (its operations do not say)"
            plans.append(FailBack(name, holder, None, f"{why}: {stays}", "left"))
            continue
        cannot = _cannot_take_it(api, back_to)
        if cannot is not None:
            plans.append(FailBack(name, holder, None, f"{cannot}: {stays}", "left"))
            continue
        plans.append(FailBack(name, holder, back_to, f"put back on {back_to}, the instance it was taken from"))
    return tuple(plans)


def _cannot_take_it(api: LightsailApi, instance: str) -> str | None:
    try:
        found = api.get_instance(instance)["instance"]
    except NotFoundException:
        return f"it was taken from {instance}, which no longer exists"
    if found.get("isStaticIp"):
        return f"it was taken from {instance}, which holds another static IP now"
    return None


def fail_back(api: LightsailApi, plan: FailBack, pace: Pace) -> FailBack:
    """Put the static IP back (only a ``planned`` one); never raises for AWS's errors."""
    if plan.back_to is None or plan.status != "planned":
        return plan
    try:
        moved = Move(api, plan.static_ip, plan.back_to, plan.holder, pace).move()
    except LightsailRestoreError as error:
        return replace(plan, status="failed", detail=f"not put back on {plan.back_to}: {error}")
    if moved:
        return replace(plan, status="done", detail=f"put back on {plan.back_to}, the instance it was taken from")
    return replace(plan, status="left", detail="not put back: a look found it elsewhere, so it was left alone")
