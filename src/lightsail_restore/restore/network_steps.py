"""The cut-over's two steps, after the wait: the firewall rules of each new instance, then the static IP.

The order matters: a static IP moved to an instance whose firewall does not yet let its traffic in cuts that
traffic, so the ``static-ip`` step runs only once the ``ports`` step is done (or was not asked). Each step
reads the state first and does only what is left, so a rerun of the same restore finishes the job and never
repeats what is done: an instance whose firewall already lets in exactly what is asked is skipped; a static IP
already on the new instance is skipped. Moving a static IP is a ``DetachStaticIp`` then an ``AttachStaticIp``
(see ``docs/restore.md``: the service's behaviour on attaching an attached static IP is not documented); when
the attach fails after the detach, the static IP is left free, the step says so, and a rerun attaches it.

A step never raises: an error lands in its ``StepOutcome`` (``failed``, with AWS's error), and what the earlier
steps did stays in the outcome.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..clock import SystemClock
from ..errors import LightsailRestoreError, NotFoundException
from ..request import AttachStaticIpRequest, DetachStaticIpRequest, PutInstancePublicPortsRequest
from .cutover import CutOver
from .firewall import accesses
from .network import NetworkPlan
from .operations import Pace, wait_for_operations
from .outcome import StepOutcome

if TYPE_CHECKING:
    from .run import RestoreRun

__all__ = ["FINISH", "PORTS_STEP", "STATIC_IP_STEP", "cut_over_steps", "ports_step", "static_ip_step"]

PORTS_STEP = "ports"
"""The name of the step that sets the new instances' firewall rules."""
STATIC_IP_STEP = "static-ip"
"""The name of the step that attaches (or moves) the static IP."""

FINISH = "run the same restore again to finish"
"""How a step that did not finish ends its detail: a rerun does only what is left."""


def _pace(run: RestoreRun) -> Pace:
    o = run.options
    clock = o.clock or SystemClock()
    deadline = run.deadline if run.deadline is not None else clock.monotonic() + o.timeout
    return Pace(clock, deadline, o.delay, o.max_delay, o.rng or random.Random())  # noqa: S311 - jitter


def _network(run: RestoreRun) -> NetworkPlan | None:
    return run.plan.network if run.plan is not None else None


def _running(run: RestoreRun) -> dict[str, str]:
    """Each requested instance's status after the wait (``succeeded`` means running)."""
    if run.waited is None:
        return {}
    return {i.name: i.status for i in run.waited.instances}


def ports_step(run: RestoreRun) -> StepOutcome:
    """Put the asked rules on each running new instance (PutInstancePublicPorts), skipping those already so."""
    network = _network(run)
    if run.halted:
        return StepOutcome(PORTS_STEP, "skipped", run.halted)
    if network is None or network.ports is None:
        return StepOutcome(PORTS_STEP, "skipped", "no firewall rules asked")
    rules, statuses = network.ports, _running(run)
    wanted = accesses(rules, ipv6=network.ipv6)
    whose = "the given rules" if network.ports_from == "given" else f"{network.source_name}'s rules"
    done: list[str] = []
    already: list[str] = []
    for name in run.request.instance_names:
        if statuses.get(name) != "succeeded":
            continue
        try:
            states = run.api.call("get_instance_port_states", instanceName=name).get("portStates") or []
            if accesses(states, ipv6=network.ipv6) == wanted:
                already.append(name)
                continue
            operations = run.api.put_instance_public_ports(PutInstancePublicPortsRequest.for_instance(name, rules))
            wait_for_operations(run.api, operations, _pace(run))
        except LightsailRestoreError as exc:
            so_far = _listing(done, already, whose)
            detail = f"{name}: PutInstancePublicPorts did not succeed{so_far}; {FINISH}"
            return StepOutcome(PORTS_STEP, "failed", detail, exc)
        done.append(name)
    waiting = [f"{n} ({s})" for n in run.request.instance_names if (s := statuses.get(n, "unknown")) != "succeeded"]
    detail = _listing(done, already, whose).removeprefix("; ")
    if waiting:
        detail = f"{detail + '; ' if detail else ''}not running, so not set: {', '.join(waiting)}; {FINISH}"
        return StepOutcome(PORTS_STEP, "skipped", detail)
    return StepOutcome(PORTS_STEP, "done" if done else "skipped", detail)


def _listing(done: list[str], already: list[str], whose: str) -> str:
    parts = []
    if done:
        parts.append(f"{', '.join(done)}: {whose} put")
    if already:
        parts.append(f"{', '.join(already)}: already as asked")
    return "".join(f"; {p}" for p in parts)


def static_ip_step(run: RestoreRun) -> StepOutcome:
    """Attach the static IP to the new instance, detaching it from its planned holder first; skip it when done."""
    network = _network(run)
    if run.halted:
        return StepOutcome(STATIC_IP_STEP, "skipped", run.halted)
    if network is None or network.static_ip is None:
        return StepOutcome(STATIC_IP_STEP, "skipped", "no static IP asked")
    name, target = network.static_ip, run.request.instance_names[0]
    status = _running(run).get(target, "unknown")
    if status != "succeeded":
        return StepOutcome(STATIC_IP_STEP, "skipped", f"{target} is not running ({status}): {name} stays; {FINISH}")
    ports = next((s for s in run.steps if s.name == PORTS_STEP), None)
    if ports is not None and ports.status == "failed":
        return StepOutcome(
            STATIC_IP_STEP,
            "skipped",
            f"the ports step did not finish, and {name} would send its traffic to a firewall that is not ready: "
            f"{name} stays; {FINISH}",
        )
    detached = False
    try:
        found = run.api.call("get_static_ip", staticIpName=name).get("staticIp") or {}
        holder = str(found["attachedTo"]) if found.get("isAttached") and found.get("attachedTo") else None
        if holder == target:
            return StepOutcome(STATIC_IP_STEP, "skipped", f"{name} is already attached to {target}")
        if holder is not None and holder != network.static_ip_holder:
            planned = network.static_ip_holder or "no instance"
            return StepOutcome(
                STATIC_IP_STEP,
                "failed",
                f"{name} is now attached to {holder}, not to {planned} as the plan found: nothing was moved; "
                "run the same restore again to plan with what is there now",
            )
        pace = _pace(run)
        if holder is not None:
            wait_for_operations(run.api, run.api.detach_static_ip(DetachStaticIpRequest.of(name)), pace)
            detached = True
        wait_for_operations(run.api, run.api.attach_static_ip(AttachStaticIpRequest.of(name, target)), pace)
    except LightsailRestoreError as exc:
        if isinstance(exc, NotFoundException) and not detached:
            detail = f"{name} or {target} no longer exists: nothing was attached"
        elif detached:
            detail = (
                f"{name} was detached from {network.static_ip_holder} but not attached to {target}: it is free now; "
                f"{FINISH}"
            )
        else:
            detail = f"{name} was not attached to {target}; {FINISH}"
        return StepOutcome(STATIC_IP_STEP, "failed", detail, exc)
    address = f" ({network.static_ip_address})" if network.static_ip_address else ""
    moved = f"moved from {network.static_ip_holder} to" if detached else "attached to"
    return StepOutcome(STATIC_IP_STEP, "done", f"{name}{address} {moved} {target}")


def cut_over_steps(cut_over: CutOver) -> tuple[Callable[[RestoreRun], StepOutcome], ...]:
    """The steps ``cut_over`` asks for, in their order: ``ports`` when it sets rules, then ``static-ip``."""
    steps: list[Callable[[RestoreRun], StepOutcome]] = []
    if cut_over.sets_ports:
        steps.append(ports_step)
    if cut_over.static_ip is not None:
        steps.append(static_ip_step)
    return tuple(steps)
