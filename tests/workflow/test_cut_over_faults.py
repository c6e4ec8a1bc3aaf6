"""Faults at every call of the cut-over, once the instances run: a transient error costs a round, not the restore,
and a call whose answer is lost is found applied by a second look, said so, and never sent again.

Each call of the two steps (GetInstancePortStates, PutInstancePublicPorts, GetStaticIp, DetachStaticIp,
AttachStaticIp) meets each fault once, through a boto3 client that makes one attempt a call (no botocore retries,
so every fault reaches the library), both with a service that moves an attached static IP in one AttachStaticIp
(E40, the local backend's default) and with one that refuses the move (the step then detaches, then attaches).
What the service applied is counted from its own operations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import pytest

from lightsail_restore import InstanceProgress, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import REGION, Hook, Interrupt, manual, refuse_the_move, seeded

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


MOVE: Final[dict[str, Any]] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}
CUT_OVER_CALLS: Final = (
    "GetInstancePortStates",
    "PutInstancePublicPorts",
    "GetStaticIp",
    "DetachStaticIp",
    "AttachStaticIp",
)
WRITTEN: Final = {"PutInstancePublicPorts": "web-2", "DetachStaticIp": "web-ip", "AttachStaticIp": "web-ip"}
"""Each write of the cut-over, and the resource whose operation counts it (one per call applied)."""
WRITES: Final = frozenset(WRITTEN)
FAULTS: Final[dict[str, Callable[[LocalLightsail, str], None]]] = {
    "throttle": lambda backend, operation: backend.throttle(operation=operation),
    "gateway": lambda backend, operation: backend.gateway_error(503, operation=operation),
    "reset": lambda backend, operation: backend.drop_connection(operation=operation),  # not applied
    "lost": lambda backend, operation: backend.lose_answer(operation=operation),  # applied, answer lost
}


def applied(backend: LocalLightsail) -> dict[str, int]:
    """How many times the service applied each write of the cut-over (its operations, whoever sent them)."""
    counts = dict.fromkeys(sorted(WRITES), 0)
    for op in backend.state["regions"][REGION]["operations"]:
        if WRITTEN.get(op["operationType"]) == op["resourceName"]:
            counts[op["operationType"]] += 1
    return counts


def once_running(arm: Callable[[], None]) -> Callable[[Sequence[InstanceProgress]], None]:
    """A progress callback that calls ``arm`` once, when the wait has settled every instance (before the cut-over)."""
    armed = False

    def progress(rows: Sequence[InstanceProgress]) -> None:
        nonlocal armed
        if not armed and all(row.done for row in rows):
            armed = True
            arm()

    return progress


def arm(backend: LocalLightsail, fault: str, operation: str, *, refused: bool) -> None:
    if refused:
        refuse_the_move(backend)  # first in line: the fault meets the calls after it
    FAULTS[fault](backend, operation)


@pytest.mark.parametrize("refused", [False, True], ids=["one-attach", "move-refused"])
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("operation", CUT_OVER_CALLS)
def test_a_fault_at_any_call_of_the_cut_over_costs_a_round_and_nothing_is_applied_twice(
    operation: str,
    fault: str,
    refused: bool,
    backend: LocalLightsail,
    impatient: LightsailRestoreClient,
    boto: LightsailClient,
    clock: ManualClock,
) -> None:
    web_1_rules = boto.get_instance_port_states(instanceName="web-1")["portStates"]
    address = boto.get_static_ip(staticIpName="web-ip")["staticIp"]["ipAddress"]
    progress = once_running(lambda: arm(backend, fault, operation, refused=refused))
    outcome = impatient.restore(manual(), clock=clock, rng=seeded(3), progress=progress, **MOVE)

    assert outcome.ok, outcome.steps
    ports, ready, static = outcome.steps[3:]  # the move waits for the status checks (the readiness gate)
    assert (ports.name, ports.status, static.name, static.status) == ("ports", "done", "static-ip", "done")
    assert (ready.name, ready.status) == ("ready", "done")
    assert ports.detail.startswith("web-2: web-1's rules put")
    assert static.detail.startswith(f"web-ip ({address}) moved from web-1 to web-2")
    sent = operation != "DetachStaticIp" or refused  # one AttachStaticIp moves it: no detach
    lost = fault == "lost" and operation in WRITES and sent
    assert ("the answer was lost" in f"{ports.detail} {static.detail}") is lost  # said when it happened, only then
    assert boto.get_instance_port_states(instanceName="web-2")["portStates"] == web_1_rules
    assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"
    assert applied(backend) == {"AttachStaticIp": 1, "DetachStaticIp": int(refused), "PutInstancePublicPorts": 1}

    backend.clear_requests()
    again = impatient.restore(manual(), clock=clock, rng=seeded(3), **MOVE)  # nothing is left, nothing is repeated
    assert again.ok and [(s.name, s.status) for s in again.steps[3:]] == [
        ("ports", "skipped"),
        ("ready", "done"),
        ("static-ip", "skipped"),
    ]
    assert not WRITES & {r.operation for r in backend.requests}


def test_a_detach_whose_answer_is_lost_with_botocores_retries_on_is_found_done_and_the_attach_follows(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    """With botocore's retries on, a lost DetachStaticIp (the fallback's) is sent once: the next look finds it."""

    def refused_then_lost() -> None:
        refuse_the_move(backend)
        backend.lose_answer(operation="DetachStaticIp")

    progress = once_running(refused_then_lost)
    outcome = client.restore(manual(), clock=clock, progress=progress, **MOVE)
    assert outcome.ok, outcome.steps
    static = outcome.steps[-1]
    assert "moved from web-1 to web-2" in static.detail and "the answer was lost" in static.detail
    assert backend.calls("DetachStaticIp") == 1  # botocore's retries never send a write again
    assert applied(backend) == {"AttachStaticIp": 1, "DetachStaticIp": 1, "PutInstancePublicPorts": 1}
    assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"


@pytest.mark.parametrize(
    ("operation", "refused"),
    [(op, False) for op in CUT_OVER_CALLS if op != "DetachStaticIp"] + [(op, True) for op in CUT_OVER_CALLS],
    ids=lambda value: {True: "move-refused", False: "one-attach"}.get(value, value),
)
def test_a_kill_after_any_call_of_the_cut_over_and_a_rerun_finish_the_job_once(
    operation: str,
    refused: bool,
    backend: LocalLightsail,
    impatient: LightsailRestoreClient,
    impatient_hooks: Hook,
    boto: LightsailClient,
    clock: ManualClock,
) -> None:
    """An interruption between the detach and the attach puts the static IP back on web-1 before it ends the run."""

    def kill(**_: Any) -> None:
        raise Interrupt

    impatient_hooks(f"after-call.lightsail.{operation}", kill)
    progress = once_running(lambda: refuse_the_move(backend)) if refused else None
    with pytest.raises(Interrupt):
        impatient.restore(manual(), clock=clock, rng=seeded(4), progress=progress, **MOVE)
    impatient.lightsail.meta.events.unregister(f"after-call.lightsail.{operation}", kill)
    put_back = operation == "DetachStaticIp"
    if put_back:  # killed between the detach and the attach: put back at once, never left on no instance
        assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-1"

    again = impatient.restore(manual(), clock=clock, rng=seeded(4), **MOVE)
    assert again.ok, again.steps
    assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"
    rules = boto.get_instance_port_states(instanceName="web-2")["portStates"]
    assert rules == boto.get_instance_port_states(instanceName="web-1")["portStates"]
    assert applied(backend) == {
        "AttachStaticIp": 1 + put_back,
        # killed in the plan (its GetInstancePortStates) before the refusal was armed, or at the refused attach
        "DetachStaticIp": int(refused and operation not in ("GetInstancePortStates", "AttachStaticIp")),
        "PutInstancePublicPorts": 1,
    }
    assert backend.calls("CreateInstancesFromSnapshot") == 1
