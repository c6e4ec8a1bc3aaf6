"""The cut-over's two steps, after the wait: the firewall rules of each new instance, then the static IP.

The order matters: a static IP moved to an instance whose firewall does not yet let its traffic in cuts that
traffic, so the ``static-ip`` step runs only once the ``ports`` step is done (or was not asked). Each step
reads the state first and does only what is left, so a rerun of the same restore finishes the job and never
repeats what is done: an instance whose firewall already lets in exactly what is asked is skipped; a static IP
already on the new instance is skipped. Moving a static IP is one ``AttachStaticIp`` (E40), with a checked
``DetachStaticIp`` then ``AttachStaticIp`` when the service refuses that, putting the static IP back on its
instance when the attach fails (``static_ip_move``, and ``docs/restore.md``).

Faults cost a round, not the step: each round reads first, so a call that ended in an error is judged by the next
look. Applied (its answer was lost, or botocore's retry met its effect), and the step goes on and says so; not
applied and retryable (throttling, a 5xx, no answer), and it is sent again after a pause, until the restore's
deadline; otherwise its error fails the step. A read's transient error costs a round the same way.

A step never raises: an error lands in its ``StepOutcome`` (``failed``, with AWS's error), and what the earlier
steps did stays in the outcome.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from .._polling import AT_ONCE, Pace, Verdict, poll
from ..errors import LightsailRestoreError, NotFoundException
from ..request import PutInstancePublicPortsRequest
from .cutover import CutOver
from .firewall import accesses
from .network import NetworkPlan
from .operations import wait_for_operations
from .outcome import StepOutcome
from .ready import ready_step
from .static_ip_move import PUT_BACK_SECONDS, Move, put_back_command

if TYPE_CHECKING:
    from .run import RestoreRun

__all__ = ["FINISH", "PORTS_STEP", "STATIC_IP_STEP", "cut_over_steps", "ports_step", "static_ip_step"]

PORTS_STEP = "ports"
"""The name of the step that sets the new instances' firewall rules."""
STATIC_IP_STEP = "static-ip"
"""The name of the step that attaches (or moves) the static IP."""

FINISH = "run the same restore again to finish"
"""How a step that did not finish ends its detail: a rerun does only what is left."""


def _pace(run: RestoreRun, seconds: float | None = None) -> Pace:
    """The restore's pace, until its deadline (or ``seconds`` from now: putting a static IP back has its own)."""
    pace = run.pace()
    return pace if seconds is None else dataclasses.replace(pace, deadline=pace.clock.monotonic() + seconds)


def _network(run: RestoreRun) -> NetworkPlan | None:
    return run.plan.network if run.plan is not None else None


def _running(run: RestoreRun) -> dict[str, str]:
    """Each requested instance's status after the wait (``succeeded`` means running)."""
    if run.waited is None:
        return {}
    return {i.name: i.status for i in run.waited.instances}


def _code(error: LightsailRestoreError) -> str:
    code = getattr(error, "error_code", None)
    return code if isinstance(code, str) else type(error).__name__


def _put_rules(
    run: RestoreRun, name: str, network: NetworkPlan, pace: Pace
) -> tuple[bool, LightsailRestoreError | None]:
    """Put the asked rules on ``name`` unless its firewall already lets in exactly what is asked.

    Each round reads the firewall first, so a put whose answer was lost (applied, or not) is never sent again once
    applied; a transient error (of the read or the put) costs a round, until the deadline.

    Returns:
        Whether the rules were put by this run, and the error that took the place of a put's answer when a second
        look found it applied.

    Raises:
        LightsailRestoreError: The read or the put did not succeed, and retrying cannot fix it or the deadline came;
            or the put's operation did not succeed (``OperationError``).
    """
    rules = network.ports or ()
    wanted = accesses(rules, ipv6=network.ipv6)
    failed: LightsailRestoreError | None = None  # the put's error, until a look says whether it was applied
    put: tuple[bool, LightsailRestoreError | None] = (False, None)

    def look() -> Verdict:
        nonlocal failed, put
        states = run.api.get_instance_port_states(name).get("portStates") or []
        if accesses(states, ipv6=network.ipv6) == wanted:
            put = (failed is not None, failed)
            return True
        if failed is not None:  # not applied: it costs a round, and is sent again if retrying can help
            error, failed = failed, None
            raise error
        try:
            operations = run.api.put_instance_public_ports(PutInstancePublicPortsRequest.for_instance(name, rules))
        except LightsailRestoreError as exc:
            failed = exc  # applied or not: the next look, at once, says
            return AT_ONCE
        wait_for_operations(run.api, operations, pace)
        put = (True, None)
        return True

    poll(look, pace).raise_for_end()
    return put


def ports_step(run: RestoreRun) -> StepOutcome:
    """Put the asked rules on each running new instance (PutInstancePublicPorts), skipping those already so."""
    network = _network(run)
    if run.halted:
        return StepOutcome(PORTS_STEP, "skipped", run.halted)
    if network is None or network.ports is None:
        return StepOutcome(PORTS_STEP, "skipped", "no firewall rules asked")
    statuses = _running(run)
    whose = "the given rules" if network.ports_from == "given" else f"{network.source_name}'s rules"
    done: list[str] = []
    already: list[str] = []
    lost: list[str] = []
    for name in run.request.instance_names:
        if statuses.get(name) != "succeeded":
            continue
        try:
            put, lost_error = _put_rules(run, name, network, run.pace())
        except LightsailRestoreError as exc:
            so_far = _listing(done, already, whose, lost)
            detail = f"{name}: PutInstancePublicPorts did not succeed{so_far}; {FINISH}"
            return StepOutcome(PORTS_STEP, "failed", detail, exc)
        (done if put else already).append(name)
        if lost_error is not None:
            lost.append(f"{name} ({_code(lost_error)})")
    waiting = [f"{n} ({s})" for n in run.request.instance_names if (s := statuses.get(n, "unknown")) != "succeeded"]
    detail = _listing(done, already, whose, lost).removeprefix("; ")
    if waiting:
        detail = f"{detail + '; ' if detail else ''}not running, so not set: {', '.join(waiting)}; {FINISH}"
        return StepOutcome(PORTS_STEP, "skipped", detail)
    return StepOutcome(PORTS_STEP, "done" if done else "skipped", detail)


def _listing(done: list[str], already: list[str], whose: str, lost: list[str]) -> str:
    parts = []
    if done:
        parts.append(f"{', '.join(done)}: {whose} put")
    if lost:
        parts.append(f"the answer was lost for {', '.join(lost)}: a second look found the rules on")
    if already:
        parts.append(f"{', '.join(already)}: already as asked")
    return "".join(f"; {p}" for p in parts)


def static_ip_step(run: RestoreRun) -> StepOutcome:
    """Move the static IP onto the new instance (``static_ip_move``); skip it when done; put it back when it fails."""
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
    move = Move(run.api, name, target, network.static_ip_holder, _pace(run))
    try:
        done = move.move()
    except LightsailRestoreError as exc:
        return StepOutcome(STATIC_IP_STEP, "failed", _not_moved(run, move, exc), exc)
    except BaseException:  # an interruption: put it back at once (one look, one attach) if this run detached it
        if move.detaching:
            with contextlib.suppress(LightsailRestoreError):
                move.put_back(_pace(run, 0.0))
        raise
    if not done:
        return StepOutcome(STATIC_IP_STEP, "failed", _not_moved(run, move, None))
    if not move.sent and move.lost is None:
        return StepOutcome(STATIC_IP_STEP, "skipped", f"{name} is already attached to {target}")
    address = f" ({network.static_ip_address})" if network.static_ip_address else ""
    planned = network.static_ip_holder
    moved = f"moved from {planned} to" if planned is not None else "attached to"
    lost = "" if move.lost is None else f" (the answer was lost: {_code(move.lost)}; a second look found it done)"
    return StepOutcome(STATIC_IP_STEP, "done", f"{name}{address} {moved} {target}{lost}")


def _not_moved(run: RestoreRun, move: Move, error: LightsailRestoreError | None) -> str:
    """What a move that did not end on the target did, and where it left the static IP (put back if detached)."""
    name, target, planned = move.name, move.target, move.planned or "no instance"
    again = "run the same restore again to plan with what is there now"
    if error is None and move.detached_from not in (None, move.planned):
        what = f"{name} was on {move.detached_from}, not on {planned} as the plan found, when this run detached it"
    elif error is None:
        found = move.found or "no instance"
        return f"{name} is now attached to {found}, not to {planned} as the plan found: nothing was moved; {again}"
    elif isinstance(error, NotFoundException) and not move.detaching:
        return f"{name} or {target} no longer exists: nothing was attached"
    else:
        what, again = f"{name} was not {'moved' if move.planned else 'attached'} to {target}", FINISH
    if move.took_it:
        back_to = move.detached_from or move.planned
        command = put_back_command(run.api.region, name, str(back_to))
        try:
            back = move.put_back(_pace(run, PUT_BACK_SECONDS))
        except LightsailRestoreError:
            return (
                f"{what}; it was detached from {back_to}, and whether it is back cannot be told (GetStaticIp did not "
                f"answer): if {name} is attached to no instance, put it back: {command}; or {again}"
            )
        if back == back_to:
            return f"{what}; it was detached from {back_to} and put back: {name} is attached to {back_to}; {again}"
        if back is None:
            return (
                f"{what}; it was detached from {back_to}, and putting it back failed: {name} is attached to no "
                f"instance; to put it back on {back_to}: {command}; or {again}"
            )
        return f"{what}; it was detached from {back_to}, and {back} holds it now (not this run's doing); {again}"
    try:
        holder = move.holder()
    except LightsailRestoreError:
        return f"{what}; where {name} is now could not be read; {again}"
    return f"{what}: {name} is attached to {holder or 'no instance'}; {again}"


def cut_over_steps(cut_over: CutOver) -> tuple[Callable[[RestoreRun], StepOutcome], ...]:
    """The steps ``cut_over`` asks for, in their order: ``ports`` when it sets rules, ``ready``, then ``static-ip``."""
    steps: list[Callable[[RestoreRun], StepOutcome]] = []
    if cut_over.sets_ports:
        steps.append(ports_step)
    if cut_over.ready.asks:
        steps.append(ready_step)
    if cut_over.static_ip is not None:
        steps.append(static_ip_step)
    return tuple(steps)
