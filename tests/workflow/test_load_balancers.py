"""join_load_balancers against the local backend: the new instances behind the source's load balancers.

Each call of the step (GetLoadBalancers, AttachInstancesToLoadBalancer) is tried with a fault, the attach with its
answer lost and with the run stopped right after it (an ``Interrupt`` at botocore's ``after-call`` event, as a kill
would leave it): a rerun finishes, and attaches only what is left.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    LightsailError,
    LightsailRestoreClient,
    PlanRefusedError,
    RequestValidationError,
    RestoreOutcome,
)
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._cutover import CutOver
from lightsail_restore.restore._steps.load_balancers import JoinLoadBalancers

from . import conftest as flow
from .conftest import WEST, Hook, interrupted_at, manual, plan_rules

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


@pytest.fixture
def balanced(boto: LightsailClient) -> LightsailClient:
    """web-1 behind two load balancers (web-lb, api-lb); a third (other-lb) serves no source instance."""
    for name in ("web-lb", "api-lb", "other-lb"):
        boto.create_load_balancer(loadBalancerName=name, instancePort=80)
    for name in ("web-lb", "api-lb"):
        boto.attach_instances_to_load_balancer(loadBalancerName=name, instanceNames=["web-1"])
    return boto


def _members(boto: LightsailClient) -> dict[str, set[str]]:
    return {
        b["name"]: {h["instanceName"] for h in b.get("instanceHealthSummary", [])}
        for b in boto.get_load_balancers()["loadBalancers"]
    }


_restore = functools.partial(flow.restore_with, join_load_balancers=True)
_step = functools.partial(flow.step_of, name="load-balancers")


def test_each_new_instance_joins_every_load_balancer_of_the_source_and_the_source_stays(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    outcome = _restore(client, clock, names=("web-2", "web-3"))
    assert outcome.ok, outcome.steps
    assert _step(outcome) == ("done", "web-2, web-3 attached to api-lb, web-lb")
    assert _members(balanced) == {
        "web-lb": {"web-1", "web-2", "web-3"},
        "api-lb": {"web-1", "web-2", "web-3"},
        "other-lb": set(),
    }
    assert backend.calls("AttachInstancesToLoadBalancer") == 2 + 2  # one call a load balancer
    order = [s.name for s in outcome.steps]
    assert order.index("wait") < order.index("load-balancers")
    listed = [f for f in outcome.plan.findings if f.rule == "join_load_balancers"] if outcome.plan else []
    assert [f.message for f in listed] == [
        "join_load_balancers attaches web-2, web-3 to api-lb; web-2, web-3 to web-lb; once web-2, web-3 run, after "
        "the readiness gate and before the static IP moves"
    ]


def test_a_rerun_attaches_nothing_and_an_instance_already_there_is_not_sent_again(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    assert client.restore(manual(), clock=clock, timeout=120).ok  # web-2 runs, behind no load balancer yet
    balanced.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-2"])
    first = _restore(client, clock)
    assert _step(first) == ("done", "web-2 attached to api-lb; already attached to web-lb")
    assert backend.calls("AttachInstancesToLoadBalancer") == 3 + 1
    again = _restore(client, clock)
    assert _step(again) == ("skipped", "already attached to api-lb, web-lb")
    assert backend.calls("AttachInstancesToLoadBalancer") == 3 + 1
    assert [f.message for f in again.plan.findings if f.rule == "join_load_balancers"] == [  # type: ignore[union-attr]
        "join_load_balancers attaches none; already attached to api-lb, web-lb; once web-2 runs, after the "
        "readiness gate and before the static IP moves"
    ]


def test_an_instance_that_does_not_come_up_is_attached_nowhere_and_a_rerun_is_told(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    backend.fail_operation("web-3", error_code="InternalError", error_details="capacity")
    outcome = _restore(client, clock, names=("web-2", "web-3"))
    assert not outcome.ok and _step(outcome) == (
        "skipped",
        "not running, so none was attached to a load balancer: web-3 (failed); run the same restore again to finish",
    )
    assert backend.calls("AttachInstancesToLoadBalancer") == 2 and _members(balanced)["web-lb"] == {"web-1"}


def test_a_source_behind_no_load_balancer_is_a_warning_and_joins_none(
    client: LightsailRestoreClient, clock: ManualClock, boto: LightsailClient
) -> None:
    boto.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    outcome = _restore(client, clock)
    assert outcome.ok and _step(outcome) == ("skipped", "web-1 is attached to no load balancer: none to join")
    [none] = [f for f in outcome.plan.findings if f.rule == "join_load_balancers_none"]  # type: ignore[union-attr]
    assert (none.severity, none.params) == ("warning", ("join_load_balancers",))
    assert "web-1 is attached to no load balancer of us-east-2" in none.message


def test_a_throttled_read_or_attach_of_the_step_costs_a_round_not_the_step(
    impatient: LightsailRestoreClient,
    clock: ManualClock,
    balanced: LightsailClient,
    backend: LocalLightsail,
    impatient_hooks: Hook,
) -> None:
    for names, throttled in ((("web-2",), "GetLoadBalancers"), (("web-3",), "AttachInstancesToLoadBalancer")):
        before = backend.calls(throttled)
        flow.throttle_after(impatient_hooks, backend, "GetLoadBalancers", throttled)  # the plan's read arms it
        outcome = _restore(impatient, clock, names=names)
        assert outcome.ok and _step(outcome) == ("done", f"{names[0]} attached to api-lb, web-lb")
        # the plan's read, the throttled one, the round after a pause; or the throttled attach, then one a balancer
        assert backend.calls(throttled) - before == 3


def test_a_refused_attach_fails_the_step_and_nothing_moves_or_is_deleted_until_a_rerun(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    def restore(**more: Any) -> RestoreOutcome:
        return _restore(client, clock, **more)

    rerun = flow.denied_then_finished(balanced, backend, "load-balancers", "AttachInstancesToLoadBalancer", restore)
    assert _members(balanced) == {"web-lb": {"web-2"}, "api-lb": {"web-2"}, "other-lb": set()}  # web-1 deleted
    # web-1 is gone: which load balancers it was behind is unknown
    assert rerun.ok and _step(rerun) == (
        "skipped",
        "the source instance could not be read: no load balancer was joined",
    )
    unread = [f for f in rerun.plan.findings if f.rule == "join_load_balancers_unread"] if rerun.plan else []
    assert [f.severity for f in unread] == ["info"]


def test_a_read_denied_after_the_plan_fails_the_step_naming_the_action_and_attaches_nothing(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail, hooks: Hook
) -> None:
    hooks("after-call.lightsail.GetLoadBalancers", lambda **_: backend.deny_access("GetLoadBalancers"))
    failed = _restore(client, clock, static_ip="web-ip", move_static_ip=True)
    status, detail = _step(failed)
    assert status == "failed" and not failed.ok
    assert detail.startswith("the new instances did not join every load balancer of web-1: nothing moved to them")
    assert "may not call lightsail:GetLoadBalancers (AccessDeniedException): allow it, then run the same" in detail
    assert flow.step_of(failed, "static-ip")[0] == "skipped" and backend.calls("AttachInstancesToLoadBalancer") == 2
    backend.clear_refusals()
    assert _members(balanced)["web-lb"] == {"web-1"}


def test_a_lost_answer_is_judged_by_a_second_look_and_never_sent_again(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    backend.lose_answer(operation="AttachInstancesToLoadBalancer")
    outcome = _restore(client, clock)
    assert _step(outcome)[1] == (
        "web-2 attached to web-lb; the answer was lost for api-lb (TransportError): a second look found web-2 attached"
    )
    assert backend.calls("AttachInstancesToLoadBalancer") == 2 + 2  # the lost one was applied: not sent again


def test_a_load_balancer_gone_between_two_looks_halts_the_run_and_nothing_moves(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail, hooks: Hook
) -> None:
    reads: list[int] = []

    def web_lb_deleted_after_the_step_s_first_look(parsed: dict[str, Any], **_: Any) -> None:
        reads.append(1)
        if len(reads) > 2:  # the plan's read, the step's first look; then web-lb is gone
            parsed["loadBalancers"] = [b for b in parsed["loadBalancers"] if b["name"] != "web-lb"]

    hooks("after-call.lightsail.GetLoadBalancers", web_lb_deleted_after_the_step_s_first_look)
    backend.lose_answer(operation="AttachInstancesToLoadBalancer")  # api-lb's: the next look judges it
    failed = _restore(client, clock, static_ip="web-ip", move_static_ip=True)
    assert _step(failed) == (
        "failed",
        "the load balancer web-lb no longer exists: nothing was attached to it; nothing moved to the new instances; "
        "run the same restore again to finish",
    )
    assert flow.step_of(failed, "static-ip")[0] == "skipped" and backend.calls("AttachInstancesToLoadBalancer") == 3


def test_killed_between_two_attaches_a_rerun_attaches_only_the_other(
    client: LightsailRestoreClient, clock: ManualClock, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    interrupted_at(client, "after-call.lightsail.AttachInstancesToLoadBalancer", lambda: _restore(client, clock))
    assert _members(balanced)["api-lb"] == {"web-1", "web-2"} and _members(balanced)["web-lb"] == {"web-1"}
    assert backend.calls("AttachInstancesToLoadBalancer") == 2 + 1
    outcome = _restore(client, clock)
    assert _step(outcome) == ("done", "web-2 attached to web-lb; already attached to api-lb")
    assert backend.calls("AttachInstancesToLoadBalancer") == 2 + 2


# -- the plan -------------------------------------------------------------------------------------------------
def test_the_plan_says_the_source_stays_attached_until_retire_source_deletes_it(
    client: LightsailRestoreClient, balanced: LightsailClient
) -> None:
    plan = client.plan(manual(), join_load_balancers=True)
    [stays] = [f for f in plan.findings if f.rule == "join_load_balancers_source_stays"]
    assert stays.params == ("join_load_balancers", "retire_source") and stays.severity == "info"
    assert stays.message.startswith("web-1 stays attached to api-lb, web-lb: join_load_balancers detaches nothing")
    assert "retire_source deletes web-1, and then only the new instances serve behind them" in stays.message


def test_join_load_balancers_with_replace_source_is_refused(
    client: LightsailRestoreClient, balanced: LightsailClient
) -> None:
    found = plan_rules(client, join_load_balancers=True, replace_source=True, names=("web-1",))
    assert found["join_load_balancers_replace"] == ("error", ("join_load_balancers", "replace_source", "retire_source"))


def test_retiring_a_source_behind_a_load_balancer_without_join_load_balancers_warns(
    client: LightsailRestoreClient, balanced: LightsailClient, boto: LightsailClient
) -> None:
    warned = plan_rules(client, retire_source=True)["load_balancers_not_joined"]
    assert warned == ("warning", ("retire_source", "join_load_balancers"))
    assert "load_balancers_not_joined" not in plan_rules(client)  # a plain restore keeps the source
    assert "load_balancers_not_joined" not in plan_rules(client, retire_source=True, join_load_balancers=True)


def test_retiring_a_source_behind_no_load_balancer_says_nothing_of_them(
    client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    found = plan_rules(client, retire_source=True)
    assert not {r for r in found if "load_balancer" in r}


def test_an_unreadable_list_is_a_warning_for_a_retire_and_an_error_for_the_step(
    client: LightsailRestoreClient, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    backend.deny_access("GetLoadBalancers")
    assert plan_rules(client, retire_source=True)["load_balancers_unread"] == ("warning", ("retire_source",))
    with pytest.raises(LightsailError, match="lightsail:GetLoadBalancers"):
        client.plan(manual(), join_load_balancers=True)


def test_across_regions_it_is_refused_before_anything_is_written(
    west: LightsailClient, boto: LightsailClient, balanced: LightsailClient, backend: LocalLightsail
) -> None:
    cross = LightsailRestoreClient(west, region_client={"us-east-2": boto}.__getitem__)
    request = manual(zone=f"{WEST}a")
    with pytest.raises(PlanRefusedError) as refused:
        cross.restore(request, source_region="us-east-2", join_load_balancers=True)
    [issue] = refused.value.plan.errors
    assert (issue.rule, issue.path, issue.params) == (
        "join_load_balancers_region",
        "sourceRegion",
        ("join_load_balancers", "source_region"),
    )
    assert "a load balancer serves only instances of its own Region" in issue.message
    assert backend.calls("CopySnapshot") == backend.calls("CreateInstancesFromSnapshot") == 0


def test_options_are_checked_and_a_drill_refuses_them(client: LightsailRestoreClient) -> None:
    assert CutOver.of(join_load_balancers=True).part(JoinLoadBalancers) == JoinLoadBalancers(True)
    refusals: dict[str, Callable[[], object]] = {
        "type": lambda: CutOver.of(join_load_balancers="yes"),
        "cut_over_needs_wait": lambda: client.restore(manual(), wait=False, join_load_balancers=True),
        "drill_no_load_balancers": lambda: client.drill(manual(), join_load_balancers=True),
    }
    for rule, call in refusals.items():
        with pytest.raises(RequestValidationError) as refused:
            call()
        assert [i.rule for i in refused.value.issues] == [rule]
        assert refused.value.issues[0].path in ("join_load_balancers", "")
