"""The cut-over's steps after the wait: the firewall rules of each new instance, then the static IP; each in the
outcome, waited on until the same deadline, and resumable: a rerun does what is left and never repeats what is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    AccessDeniedException,
    LightsailRestoreClient,
    RestoreFailedError,
)
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore import OperationError

from .conftest import REGION, Hook, manual, seeded

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

MOVE: dict[str, Any] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}
CUT_OVER_CALLS = ("GetInstancePortStates", "PutInstancePublicPorts", "GetStaticIp", "DetachStaticIp", "AttachStaticIp")


def rules(boto: LightsailClient, name: str) -> list[Any]:
    return list(boto.get_instance_port_states(instanceName=name)["portStates"])


def holder(boto: LightsailClient, static_ip: str = "web-ip") -> str | None:
    found = boto.get_static_ip(staticIpName=static_ip)["staticIp"]
    return found.get("attachedTo") if found["isAttached"] else None


def steps(outcome: Any) -> list[tuple[str, str]]:
    return [(s.name, s.status) for s in outcome.steps]


def calls(backend: LocalLightsail) -> dict[str, int]:
    return {op: backend.calls(op) for op in ("CreateInstancesFromSnapshot", *CUT_OVER_CALLS)}


def test_the_new_instance_serves_like_the_old_one_and_a_rerun_does_nothing_more(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    before = rules(boto, "web-1")
    address = boto.get_static_ip(staticIpName="web-ip")["staticIp"]["ipAddress"]
    backend.clear_requests()
    outcome = client.restore(manual(), clock=clock, rng=seeded(1), **MOVE)
    assert outcome.ok, outcome.steps
    assert outcome.api_calls == backend.calls()
    # the order of the calls: the rules go on before the static IP moves
    sent = [r.operation for r in backend.requests if r.operation in CUT_OVER_CALLS[1:]]
    # one AttachStaticIp moves it from web-1 (E40): no moment on no instance; a second look confirms it moved
    assert sent == ["PutInstancePublicPorts", "GetStaticIp", "AttachStaticIp", "GetStaticIp"]
    assert steps(outcome) == [
        ("plan", "done"),
        ("create", "done"),
        ("wait", "done"),
        ("ports", "done"),
        ("ready", "done"),
        ("static-ip", "done"),
    ]
    assert outcome.steps[3].detail == "web-2: web-1's rules put"
    assert outcome.steps[-1].detail == f"web-ip ({address}) moved from web-1 to web-2"
    assert rules(boto, "web-2") == before  # exactly web-1's rules, in its order
    assert holder(boto) == "web-2"
    web_1 = boto.get_instance(instanceName="web-1")["instance"]
    web_2 = boto.get_instance(instanceName="web-2")["instance"]
    assert (web_2["isStaticIp"], web_2["publicIpAddress"]) == (True, address)
    assert web_1["isStaticIp"] is False and web_1["publicIpAddress"] != address

    first = calls(backend)
    again = client.restore(manual(), clock=clock, rng=seeded(1), **MOVE)
    assert again.ok
    assert steps(again)[3:] == [("ports", "skipped"), ("ready", "done"), ("static-ip", "skipped")]
    assert [s.detail for s in again.steps[3:]] == [
        "web-2: already as asked",
        "web-2: status checks passed",  # the move implies them: looked at again
        "web-ip is already attached to web-2",
    ]
    done = calls(backend)
    for operation in ("CreateInstancesFromSnapshot", "PutInstancePublicPorts", "DetachStaticIp", "AttachStaticIp"):
        assert done[operation] == first[operation], operation  # nothing repeated
    assert rules(boto, "web-2") == before and holder(boto) == "web-2"


def test_given_rules_go_on_every_new_instance_and_stay_put_on_a_rerun(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    """Rules without sources (AWS's default: everyone) come back listed with 0.0.0.0/0 and ::/0: still as asked."""
    given = [
        {"fromPort": 443, "toPort": 443, "protocol": "tcp"},
        {"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrs": ["198.51.100.7"]},
        {"fromPort": 8, "toPort": -1, "protocol": "icmp", "cidrs": ["198.51.100.0/24"]},
    ]
    names = ("web-2", "web-3")
    outcome = client.restore(manual(names=names), clock=clock, ports=given)
    assert outcome.ok and steps(outcome)[3:] == [("ports", "done")]  # no static IP asked: no static-ip step
    assert outcome.steps[3].detail == "web-2, web-3: the given rules put"
    for name in names:
        states = rules(boto, name)
        assert [(s["fromPort"], s["cidrs"], s["ipv6Cidrs"]) for s in states] == [
            (443, ["0.0.0.0/0"], ["::/0"]),
            (22, ["198.51.100.7"], []),
            (8, ["198.51.100.0/24"], []),
        ]
    assert backend.calls("PutInstancePublicPorts") == 2
    again = client.restore(manual(names=names), clock=clock, ports=given)
    assert again.ok and again.steps[3].detail == "web-2, web-3: already as asked"
    assert backend.calls("PutInstancePublicPorts") == 2


def test_an_instance_that_does_not_come_up_gets_nothing_and_the_others_their_rules(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    backend.fail_operation("web-3", error_code="InternalError", error_details="capacity")
    outcome = client.restore(manual(names=("web-2", "web-3")), clock=clock, copy_ports=True)
    assert not outcome.ok
    assert outcome.succeeded == ("web-2",)
    ports = outcome.steps[3]
    assert (ports.name, ports.status) == ("ports", "skipped")
    assert ports.detail == (
        "web-2: web-1's rules put; not running, so not set: web-3 (failed); run the same restore again to finish"
    )
    assert rules(boto, "web-2") == rules(boto, "web-1")


def test_a_denied_ports_step_keeps_the_instance_and_the_static_ip_stays_until_a_rerun(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    backend.deny_access("PutInstancePublicPorts")
    outcome = client.restore(manual(), clock=clock, **MOVE)
    assert not outcome.ok
    assert outcome.succeeded == ("web-2",)  # the running instance is kept, and said so
    assert steps(outcome)[3:] == [("ports", "failed"), ("ready", "skipped"), ("static-ip", "skipped")]
    ports, static = outcome.steps[3], outcome.steps[-1]
    assert isinstance(ports.error, AccessDeniedException)
    assert "lightsail:PutInstancePublicPorts" in ports.error.message  # AWS's own words (E24)
    assert ports.detail == (
        "web-2: PutInstancePublicPorts did not succeed; these credentials may not call "
        "lightsail:PutInstancePublicPorts (AccessDeniedException): allow it, then run the same restore again to finish"
    )
    assert "a firewall that is not ready" in static.detail
    assert holder(boto) == "web-1"  # not moved onto an instance that does not serve its ports yet
    assert outcome.to_dict()["steps"][3]["error"]["errorCode"] == "AccessDeniedException"
    with pytest.raises(RestoreFailedError, match="step ports failed: AccessDeniedException"):
        outcome.raise_for_failures()

    backend.clear_refusals()
    again = client.restore(manual(), clock=clock, **MOVE)
    assert again.ok and steps(again)[1:] == [
        ("create", "skipped"),
        ("wait", "done"),
        ("ports", "done"),
        ("ready", "done"),
        ("static-ip", "done"),
    ]
    assert rules(boto, "web-2") == rules(boto, "web-1") and holder(boto) == "web-2"
    assert backend.calls("CreateInstancesFromSnapshot") == 1


def test_a_static_ip_taken_by_another_instance_after_the_plan_is_not_moved(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, hooks: Hook
) -> None:
    """The plan found spare-ip free; by the step it is on web-1: the step refuses to take it from web-1."""
    boto.detach_static_ip(staticIpName="web-ip")
    boto.allocate_static_ip(staticIpName="spare-ip")

    def someone_attaches_it(**_: Any) -> None:
        if backend.calls("GetStaticIp") == 0:
            stored = backend.state["regions"][REGION]["staticIps"]["spare-ip"]
            stored.update(attachedTo="web-1", isAttached=True)

    hooks("before-call.lightsail.GetStaticIp", someone_attaches_it)
    outcome = client.restore(manual(), clock=clock, static_ip="spare-ip", move_static_ip=True)
    static = outcome.steps[-1]
    assert (static.name, static.status) == ("static-ip", "failed")
    assert static.detail.startswith("spare-ip is now attached to web-1, not to no instance as the plan found")
    assert backend.calls("DetachStaticIp") == 1 and backend.calls("AttachStaticIp") == 0  # the test's own detach
    assert not outcome.ok


def _going(parsed: dict[str, Any], **_: Any) -> None:
    """An after-call hook: the call's operations come back still going (Started, not terminal)."""
    for op in parsed.get("operations") or [parsed["operation"]]:
        op.update(status="Started", isTerminal=False)


def test_an_operation_still_going_is_polled_until_it_succeeds(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    """Real answers of these calls come back terminal (attach-static-ip.rst); one that does not is followed."""

    hooks("after-call.lightsail.PutInstancePublicPorts", _going)
    outcome = client.restore(manual(), clock=clock, rng=seeded(4), copy_ports=True)
    assert outcome.ok and steps(outcome)[3] == ("ports", "done")
    assert backend.calls("GetOperation") == 1  # the backend says Succeeded at the first look


def test_an_operation_still_going_at_the_deadline_fails_the_step_at_the_deadline(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    hooks("after-call.lightsail.AttachStaticIp", _going)
    hooks("after-call.lightsail.GetOperation", _going)
    start = clock.monotonic()
    outcome = client.restore(manual(), clock=clock, rng=seeded(5), timeout=120, static_ip="web-ip", move_static_ip=True)
    static = outcome.steps[-1]
    assert (static.name, static.status) == ("static-ip", "failed")
    assert isinstance(static.error, OperationError)
    assert "AttachStaticIp on web-ip was still Started at the deadline" in str(static.error)
    assert clock.monotonic() - start == pytest.approx(120)  # the wait and the step share one deadline
    assert backend.calls("GetOperation") >= 3
    assert not outcome.ok and outcome.succeeded == ("web-2",)


def test_an_operation_that_fails_fails_the_step_with_aws_error(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    def failed(parsed: dict[str, Any], **_: Any) -> None:
        parsed["operation"].update(
            status="Failed", isTerminal=True, errorCode="InternalError", errorDetails="firewall busy"
        )

    hooks("after-call.lightsail.PutInstancePublicPorts", failed)
    outcome = client.restore(manual(), clock=clock, copy_ports=True)
    ports = outcome.steps[3]
    assert (ports.status, type(ports.error)) == ("failed", OperationError)
    assert isinstance(ports.error, OperationError)
    assert (ports.error.error_code, ports.error.error_details) == ("InternalError", "firewall busy")
    assert "PutInstancePublicPorts on web-2 failed (InternalError: firewall busy)" in str(ports.error)
    assert outcome.to_dict()["steps"][3]["error"]["type"] == "OperationError"


def test_a_retryable_error_while_polling_costs_a_round(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock, impatient_hooks: Hook
) -> None:
    impatient_hooks("after-call.lightsail.PutInstancePublicPorts", _going)
    backend.gateway_error(503, operation="GetOperation")
    outcome = impatient.restore(manual(), clock=clock, rng=seeded(6), copy_ports=True)
    assert outcome.ok and steps(outcome)[3] == ("ports", "done")
    assert backend.calls("GetOperation") == 2  # the 503, then Succeeded
