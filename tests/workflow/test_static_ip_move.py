"""The static-IP move never leaves the address serving nothing, and never takes it from an instance the plan did not
name: one AttachStaticIp moves it (E40); when the service refuses that, a detach then an attach, and anything that
stops the attach after the detach puts it back on the instance it came from, and the outcome says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import pytest

from lightsail_restore import AccessDeniedException, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import manual, refuse_the_move, seeded

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

Hook = Callable[[str, Callable[..., Any]], None]
MOVE: Final[dict[str, Any]] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}
FINISH: Final = "run the same restore again to finish"
PUT_BACK: Final = "aws lightsail attach-static-ip --region us-east-2 --static-ip-name web-ip --instance-name web-1"


def holder(boto: LightsailClient) -> str | None:
    found = boto.get_static_ip(staticIpName="web-ip")["staticIp"]
    return found.get("attachedTo") if found["isAttached"] else None


class FailingAttaches:
    """The service refuses the move (so the step detaches); then ``fault`` meets each AttachStaticIp to ``instances``.

    The fault is armed right before each such call is sent, while ``on``; ``count`` counts those calls.
    """

    def __init__(
        self, hooks: Hook, backend: LocalLightsail, fault: Callable[[LocalLightsail], None], *instances: str
    ) -> None:
        self.backend, self.fault, self.instances = backend, fault, instances
        self.count, self.on = 0, True
        refuse_the_move(backend)
        hooks("before-parameter-build.lightsail.AttachStaticIp", self.arm)

    def arm(self, params: dict[str, Any], **_: Any) -> None:
        if params.get("instanceName") in self.instances:
            self.count += 1
            if self.on and self.count > 1:  # the first is the refused move
                self.fault(self.backend)


def test_a_denied_attach_moves_nothing_and_the_static_ip_stays_where_it_serves(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    """An IAM policy without lightsail:AttachStaticIp: before, the detach went first and web-ip served nothing."""
    backend.deny_access("AttachStaticIp")
    outcome = client.restore(manual(), clock=clock, **MOVE)
    static = outcome.steps[-1]
    assert (static.name, static.status, type(static.error)) == ("static-ip", "failed", AccessDeniedException)
    assert static.detail == (
        "web-ip was not moved to web-2: web-ip is attached to web-1; these credentials may not call "
        f"lightsail:AttachStaticIp (AccessDeniedException): allow it, then {FINISH}"
    )
    assert holder(boto) == "web-1" and backend.calls("DetachStaticIp") == 0
    assert not outcome.ok and outcome.succeeded == ("web-2",)

    backend.clear_refusals()
    again = client.restore(manual(), clock=clock, **MOVE)
    assert again.ok and again.steps[-1].detail.endswith("moved from web-1 to web-2")
    assert holder(boto) == "web-2"


def _deny(backend: LocalLightsail) -> None:
    backend.fail_next("AccessDeniedException", operation="AttachStaticIp", message="not authorized")


def _storm(backend: LocalLightsail) -> None:
    backend.throttle(operation="AttachStaticIp")


def _fail(backend: LocalLightsail) -> None:
    backend.fail_next("OperationFailureException", operation="AttachStaticIp", message="Injected attach failure")


AFTER_DETACH: Final[dict[str, Callable[[LocalLightsail], None]]] = {
    "access-denied": _deny,
    "throttle-storm-to-the-deadline": _storm,
    "an-error": _fail,
}


@pytest.mark.parametrize("failure", AFTER_DETACH)
def test_a_failed_attach_after_the_detach_puts_the_static_ip_back_on_its_instance(
    failure: str,
    backend: LocalLightsail,
    impatient: LightsailRestoreClient,
    impatient_hooks: Hook,
    boto: LightsailClient,
    clock: ManualClock,
) -> None:
    """The service refuses the move, so the step detaches; every attach to web-2 then fails: web-ip goes back."""
    attaches = FailingAttaches(impatient_hooks, backend, AFTER_DETACH[failure], "web-2")
    start = clock.monotonic()
    outcome = impatient.restore(manual(), clock=clock, rng=seeded(7), timeout=600, **MOVE)
    static = outcome.steps[-1]
    assert (static.name, static.status) == ("static-ip", "failed")
    # this refusal's message names no action (a real one does, E24): the ending says where to find it
    denied = (
        "these credentials may not call the Lightsail action AWS's message names (AccessDeniedException): "
        "allow it, then "
    )
    ending = f"{denied if failure == 'access-denied' else ''}{FINISH}"
    assert static.detail == (
        f"web-ip was not moved to web-2; it was detached from web-1 and put back: web-ip is attached to web-1; {ending}"
    )
    # what it said before asking for a rerun, for a caller that says the rerun in its words (not in the document)
    said = "web-ip was not moved to web-2; it was detached from web-1 and put back: web-ip is attached to web-1"
    assert static.left == (None if failure == "access-denied" else said) and "left" not in static.to_dict()
    assert static.put_back is None  # it is back: no command to give
    assert holder(boto) == "web-1"
    assert backend.calls("DetachStaticIp") == 1
    if failure.startswith("throttle"):
        assert attaches.count > 3 and clock.monotonic() - start >= 600  # rounds until the deadline, then put back

    attaches.on = False
    again = impatient.restore(manual(), clock=clock, **MOVE)  # the next run moves it (one AttachStaticIp)
    assert again.ok and holder(boto) == "web-2"


def _blind(backend: LocalLightsail) -> None:
    """The attach fails, and from then on no look at the static IP answers (GetStaticIp denied)."""
    _fail(backend)
    backend.deny_access("GetStaticIp")


NOT_BACK: Final = {  # the fault on the attaches after the refused move, to which instances, what the step says
    "putting-it-back-fails": (
        _storm,  # a storm on every attach after the refused move, outlasting the deadline and the put-back
        ("web-2", "web-1"),
        "putting it back failed: web-ip is attached to no instance; to put it back on web-1: ",
        FINISH,
    ),
    "no-look-answers": (
        _blind,
        ("web-2",),
        "whether it is back cannot be told (GetStaticIp did not answer): if web-ip is attached to no instance, "
        "put it back: ",
        f"these credentials may not call lightsail:GetStaticIp (AccessDeniedException): allow it, then {FINISH}",
    ),
}


@pytest.mark.parametrize("case", NOT_BACK)
def test_when_it_is_not_put_back_the_outcome_says_it_may_be_on_no_instance_and_how_to_put_it_back(
    case: str,
    backend: LocalLightsail,
    impatient: LightsailRestoreClient,
    impatient_hooks: Hook,
    boto: LightsailClient,
    clock: ManualClock,
) -> None:
    fault, instances, said, ending = NOT_BACK[case]
    attaches = FailingAttaches(impatient_hooks, backend, fault, *instances)
    outcome = impatient.restore(manual(), clock=clock, rng=seeded(8), timeout=300, **MOVE)
    static = outcome.steps[-1]
    assert static.status == "failed"
    before = f"web-ip was not moved to web-2; it was detached from web-1, and {said}"
    assert static.detail == f"{before}{PUT_BACK}; or {ending}"
    assert static.left is None  # its ending is a choice ("or"), not the rerun alone
    # the put-back as data (not in the document): a caller says the same sentence with its own command
    back = static.put_back
    assert back is not None and (back.static_ip, back.instance) == ("web-ip", "web-1")
    assert back.detail(PUT_BACK) == static.detail and back.detail("CMD") == f"{before}CMD; or {ending}"
    assert "putBack" not in static.to_dict() and "put_back" not in static.to_dict()
    attaches.on = False
    backend.clear_refusals()
    assert holder(boto) is None
    words = PUT_BACK.split()  # the command said does what it says
    boto.attach_static_ip(staticIpName=words[words.index("--static-ip-name") + 1], instanceName=words[-1])
    assert holder(boto) == "web-1"


def test_a_move_racing_between_the_read_and_the_detach_is_undone_and_nothing_is_taken(
    backend: LocalLightsail,
    impatient: LightsailRestoreClient,
    impatient_hooks: Hook,
    boto: LightsailClient,
    clock: ManualClock,
) -> None:
    """Someone moves web-ip to web-3 after the step's GetStaticIp and before its DetachStaticIp (which names only
    the static IP): the detach's answer names web-3, so web-ip goes straight back to web-3 and the step fails."""
    other = backend.client(max_attempts=1)  # another process
    other.create_instances_from_snapshot(
        instanceNames=["web-3"], availabilityZone="us-east-2a", bundleId="micro_3_0", instanceSnapshotName="web-1-snap"
    )
    refuse_the_move(backend)
    raced = False

    def someone_moves_it(**_: Any) -> None:
        nonlocal raced
        if not raced:
            raced = True
            other.attach_static_ip(staticIpName="web-ip", instanceName="web-3")

    impatient_hooks("before-call.lightsail.DetachStaticIp", someone_moves_it)
    outcome = impatient.restore(manual(), clock=clock, **MOVE)
    static = outcome.steps[-1]
    assert (static.name, static.status) == ("static-ip", "failed")
    assert static.detail == (
        "web-ip was on web-3, not on web-1 as the plan found, when this run detached it; it was detached from web-3 "
        "and put back: web-ip is attached to web-3; run the same restore again to plan with what is there now"
    )
    assert holder(boto) == "web-3"
    assert [r.params.get("instanceName") for r in backend.requests if r.operation == "AttachStaticIp"] == [
        "web-2",  # the refused move
        "web-3",  # the other process
        "web-3",  # put back
    ]


def test_a_static_ip_moved_elsewhere_after_the_plan_is_not_taken(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, hooks: Hook
) -> None:
    """The plan found web-ip on web-1; by the step it is on web-3: the step says so and takes nothing."""
    other = backend.client(max_attempts=1)
    other.create_instances_from_snapshot(
        instanceNames=["web-3"], availabilityZone="us-east-2a", bundleId="micro_3_0", instanceSnapshotName="web-1-snap"
    )

    def someone_moves_it(**_: Any) -> None:
        if holder(other) == "web-1":
            other.attach_static_ip(staticIpName="web-ip", instanceName="web-3")

    hooks("before-call.lightsail.GetStaticIp", someone_moves_it)
    outcome = client.restore(manual(), clock=clock, **MOVE)
    static = outcome.steps[-1]
    assert (static.status, static.detail) == (
        "failed",
        "web-ip is now attached to web-3, not to web-1 as the plan found: nothing was moved; "
        "run the same restore again to plan with what is there now",
    )
    assert holder(boto) == "web-3"


def test_a_static_ip_let_go_after_the_plan_is_not_attached_either(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, hooks: Hook
) -> None:
    """The plan found web-ip on web-1; by the step someone detached it (another restore on its way): hands off."""
    other = backend.client(max_attempts=1)

    def someone_detaches_it(**_: Any) -> None:
        if holder(other) == "web-1":
            other.detach_static_ip(staticIpName="web-ip")

    hooks("before-call.lightsail.GetStaticIp", someone_detaches_it)
    outcome = client.restore(manual(), clock=clock, **MOVE)
    static = outcome.steps[-1]
    assert static.status == "failed"
    assert static.detail.startswith("web-ip is now attached to no instance, not to web-1 as the plan found")
    assert holder(boto) is None and backend.calls("AttachStaticIp") == 0


def test_a_denied_detach_leaves_it_where_it_serves_and_puts_nothing_back(
    backend: LocalLightsail, impatient: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    refuse_the_move(backend)
    denied = "User: arn:aws:iam::1:user/ops is not authorized to perform: lightsail:DetachStaticIp on resource: x"
    backend.fail_next("AccessDeniedException", operation="DetachStaticIp", message=denied)
    outcome = impatient.restore(manual(), clock=clock, **MOVE)
    static = outcome.steps[-1]
    assert (static.status, type(static.error)) == ("failed", AccessDeniedException)
    assert static.detail == (
        "web-ip was not moved to web-2: web-ip is attached to web-1; these credentials may not call "
        f"lightsail:DetachStaticIp (AccessDeniedException): allow it, then {FINISH}"
    )
    assert holder(boto) == "web-1" and backend.calls("AttachStaticIp") == 1  # the refused move only
