"""copy_alarms against the local backend: the source's alarms on each new instance, reruns, faults and the plan.

Each call of the step (GetAlarms, PutAlarm) is tried with a fault, PutAlarm with its answer lost and with the run
stopped right after it (an ``Interrupt`` at botocore's ``after-call`` event, as a kill would leave it): a rerun
finishes, and puts only what is left.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import LightsailRestoreClient, RequestValidationError
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._cutover import CutOver
from lightsail_restore.restore._steps.alarms import AlarmCopy, CopyAlarms, alarm_name

from .conftest import (
    WEST,
    Hook,
    denied_then_finished,
    interrupted_at,
    manual,
    plan_rules,
    restore_with,
    step_of,
    throttle_after,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

CPU: dict[str, Any] = {
    "alarmName": "web-1-cpu",
    "metricName": "CPUUtilization",
    "monitoredResourceName": "web-1",
    "comparisonOperator": "GreaterThanOrEqualToThreshold",
    "threshold": 90,
    "evaluationPeriods": 3,
    "datapointsToAlarm": 2,
    "treatMissingData": "breaching",
    "contactProtocols": ["Email"],
    "notificationTriggers": ["ALARM", "OK"],
    "notificationEnabled": True,
}
STATUS: dict[str, Any] = {
    "alarmName": "status",
    "metricName": "StatusCheckFailed",
    "monitoredResourceName": "web-1",
    "comparisonOperator": "GreaterThanThreshold",
    "threshold": 0,
    "evaluationPeriods": 1,
    "notificationEnabled": False,
}
SETTINGS = (
    *("metricName", "comparisonOperator", "threshold", "evaluationPeriods", "datapointsToAlarm"),
    *("treatMissingData", "contactProtocols", "notificationTriggers", "notificationEnabled"),
)


@pytest.fixture
def watched(boto: LightsailClient) -> LightsailClient:
    """web-1 with two alarms: CPU (Email, two triggers) and its status checks (no notification)."""
    boto.put_alarm(**CPU)
    boto.put_alarm(**STATUS)
    return boto


def _alarms(boto: LightsailClient) -> dict[str, dict[str, Any]]:
    return {a["name"]: dict(a) for a in boto.get_alarms()["alarms"]}


_restore = functools.partial(restore_with, copy_alarms=True)
_step = functools.partial(step_of, name="alarms")


def test_each_alarm_of_the_source_goes_on_each_new_instance_with_its_settings(
    client: LightsailRestoreClient, clock: ManualClock, watched: LightsailClient, backend: LocalLightsail
) -> None:
    outcome = _restore(client, clock, names=("web-2", "web-3"))
    assert outcome.ok, outcome.steps
    status, detail = _step(outcome)
    assert status == "done" and "web-2-cpu" in detail and "web-3-status" in detail
    alarms = _alarms(watched)
    assert set(alarms) == {"web-1-cpu", "status", "web-2-cpu", "web-2-status", "web-3-cpu", "web-3-status"}
    for new, old in (("web-2-cpu", "web-1-cpu"), ("web-3-status", "status")):
        assert alarms[new]["monitoredResourceInfo"]["name"] == new.rsplit("-", 1)[0]
        assert {k: alarms[new][k] for k in SETTINGS} == {k: alarms[old][k] for k in SETTINGS}
    assert backend.calls("PutAlarm") == 2 + 4
    listed = [f for f in outcome.plan.findings if f.rule == "copy_alarms"] if outcome.plan else []
    assert listed and "web-2-cpu (CPUUtilization GreaterThanOrEqualToThreshold 90)" in listed[0].message


def test_a_rerun_puts_nothing_and_one_changed_alarm_is_put_back(
    client: LightsailRestoreClient, clock: ManualClock, watched: LightsailClient, backend: LocalLightsail
) -> None:
    assert _restore(client, clock).ok
    again = _restore(client, clock)
    assert _step(again) == ("skipped", "already there: web-2-cpu, web-2-status")
    assert backend.calls("PutAlarm") == 2 + 2
    watched.put_alarm(**{**CPU, "alarmName": "web-2-cpu", "monitoredResourceName": "web-2", "threshold": 50})
    third = _restore(client, clock)
    assert _step(third) == ("done", "web-1's alarms put: web-2-cpu; already there: web-2-status")
    assert _alarms(watched)["web-2-cpu"]["threshold"] == 90
    assert backend.calls("PutAlarm") == 2 + 2 + 1 + 1


def test_no_alarm_on_the_source_puts_none(client: LightsailRestoreClient, clock: ManualClock) -> None:
    outcome = _restore(client, clock)
    assert outcome.ok and _step(outcome) == ("skipped", "web-1 has no alarms: none to copy")


@pytest.mark.parametrize(("operation", "sent"), [("GetAlarms", 1 + 2), ("PutAlarm", 2 + 3)])
def test_a_throttled_call_of_the_step_costs_a_round_not_the_step(
    impatient: LightsailRestoreClient,
    clock: ManualClock,
    watched: LightsailClient,
    backend: LocalLightsail,
    impatient_hooks: Hook,
    operation: str,
    sent: int,
) -> None:
    throttle_after(impatient_hooks, backend, "GetAlarms", operation)
    outcome = _restore(impatient, clock)
    assert outcome.ok and _step(outcome) == ("done", "web-1's alarms put: web-2-cpu, web-2-status")
    assert backend.calls(operation) == sent  # the throttled one, then the round after a pause


def test_a_refused_put_fails_the_step_and_nothing_moves_or_is_deleted_until_a_rerun(
    client: LightsailRestoreClient, clock: ManualClock, watched: LightsailClient, backend: LocalLightsail
) -> None:
    rerun = denied_then_finished(watched, backend, "alarms", "PutAlarm", lambda **more: _restore(client, clock, **more))
    # web-1 is gone: its alarms cannot be read, web-2's stay
    assert rerun.ok and _step(rerun) == ("skipped", "the source instance could not be read: no alarm was copied")
    unread = [f for f in rerun.plan.findings if f.rule == "copy_alarms_unread"] if rerun.plan else []
    assert [f.severity for f in unread] == ["info"] and {"web-2-cpu", "web-2-status"} <= set(_alarms(watched))


def test_a_lost_answer_is_judged_by_a_second_look_and_never_sent_again(
    client: LightsailRestoreClient, clock: ManualClock, watched: LightsailClient, backend: LocalLightsail
) -> None:
    backend.lose_answer(operation="PutAlarm")
    outcome = _restore(client, clock)
    detail = _step(outcome)[1]
    assert detail == (
        "web-1's alarms put: web-2-status; "
        "the answer was lost for web-2-cpu (TransportError): a second look found it there"
    )
    assert backend.calls("PutAlarm") == 2 + 2  # the lost one was applied: neither botocore nor the step sent it again


def test_killed_between_two_puts_a_rerun_puts_only_the_other(
    client: LightsailRestoreClient, clock: ManualClock, watched: LightsailClient, backend: LocalLightsail
) -> None:
    interrupted_at(client, "after-call.lightsail.PutAlarm", lambda: _restore(client, clock))
    assert "web-2-cpu" in _alarms(watched) and "web-2-status" not in _alarms(watched)
    assert backend.calls("PutAlarm") == 2 + 1
    outcome = _restore(client, clock)
    assert _step(outcome) == ("done", "web-1's alarms put: web-2-status; already there: web-2-cpu")
    assert backend.calls("PutAlarm") == 2 + 2


# -- the plan -------------------------------------------------------------------------------------------------
def test_a_name_another_resource_s_alarm_holds_is_refused(
    client: LightsailRestoreClient, watched: LightsailClient, backend: LocalLightsail
) -> None:
    watched.put_alarm(**{**STATUS, "alarmName": "web-2-cpu"})  # watches web-1: PutAlarm would take it over
    assert plan_rules(client, copy_alarms=True)["alarm_name_taken"] == ("error", ("copy_alarms",))
    assert backend.calls("PutAlarm") == 3


def test_more_than_two_alarms_on_a_metric_is_refused(
    client: LightsailRestoreClient, clock: ManualClock, watched: LightsailClient
) -> None:
    assert client.restore(manual(), clock=clock, timeout=120).ok
    for name in ("mine-1", "mine-2"):
        watched.put_alarm(**{**CPU, "alarmName": name, "monitoredResourceName": "web-2"})
    assert plan_rules(client, copy_alarms=True)["alarm_limit"][0] == "error"


def test_a_metric_an_instance_has_not_is_refused(
    client: LightsailRestoreClient, watched: LightsailClient, hooks: Hook
) -> None:
    def load_balancer_metric(parsed: dict[str, Any], **_: Any) -> None:
        for alarm in parsed.get("alarms") or []:
            if alarm["name"] == "status":
                alarm["metricName"] = "HealthyHostCount"

    hooks("after-call.lightsail.GetAlarms", load_balancer_metric)
    [issue] = client.plan(manual(), copy_alarms=True).errors
    assert (issue.rule, issue.path, issue.params) == ("alarm_metric", "metricName", ("copy_alarms",))
    assert "status of web-1 watches HealthyHostCount" in issue.message
    assert "web-2-cpu" in next(
        f.message for f in client.plan(manual(), copy_alarms=True).findings if f.rule == "copy_alarms"
    )


def test_copy_alarms_with_replace_source_is_refused(client: LightsailRestoreClient, watched: LightsailClient) -> None:
    found = plan_rules(client, copy_alarms=True, replace_source=True, names=("web-1",))
    assert found["copy_alarms_replace"] == ("error", ("copy_alarms", "replace_source", "retire_source"))


def test_retiring_a_watched_source_without_copy_alarms_warns(
    client: LightsailRestoreClient, watched: LightsailClient
) -> None:
    assert plan_rules(client, retire_source=True)["alarms_not_copied"] == ("warning", ("retire_source", "copy_alarms"))
    assert "alarms_not_copied" not in plan_rules(client)  # a plain restore keeps the source, and reads no alarm
    assert "alarms_not_copied" not in plan_rules(client, retire_source=True, copy_alarms=True)


def test_across_regions_the_plan_says_which_contact_will_not_notify_and_the_copies_go_there(
    west: LightsailClient, boto: LightsailClient, watched: LightsailClient, clock: ManualClock
) -> None:
    cross = LightsailRestoreClient(west, region_client={"us-east-2": boto}.__getitem__)
    request = manual(zone=f"{WEST}a")
    plan = cross.plan(request, source_region="us-east-2", copy_alarms=True)
    [contacts] = [f for f in plan.findings if f.rule == "alarm_contacts"]
    assert contacts.severity == "warning" and "us-west-2 has no verified Email contact method" in contacts.message
    assert "no verified Email or SMS" not in contacts.message  # the status alarm notifies no one anywhere
    done = cross.restore(request, source_region="us-east-2", copy_alarms=True, clock=clock, timeout=300)
    assert done.ok and _step(done) == ("done", "web-1's alarms put: web-2-cpu, web-2-status")
    assert {"web-2-cpu", "web-2-status"} == set(_alarms(west)) and "web-2-cpu" not in _alarms(boto)


def test_options_are_checked_and_a_drill_refuses_them(client: LightsailRestoreClient) -> None:
    assert CutOver.of(copy_alarms=True).part(CopyAlarms) == CopyAlarms(True) and CutOver.of(copy_alarms=True).asks
    with pytest.raises(RequestValidationError) as refused:
        CutOver.of(copy_alarms="yes")
    assert [(i.path, i.rule) for i in refused.value.issues] == [("copy_alarms", "type")]
    with pytest.raises(RequestValidationError, match=r"drop wait=False"):
        client.restore(manual(), wait=False, copy_alarms=True)
    with pytest.raises(RequestValidationError) as drill:
        client.drill(manual(), copy_alarms=True)
    assert [i.rule for i in drill.value.issues] == ["drill_no_alarms"]


def test_the_copy_s_name_follows_the_disks_rule() -> None:
    assert alarm_name("web-1-cpu", "web-1", "web-2") == "web-2-cpu"
    assert alarm_name("cpu-high", "web-1", "web-2") == "web-2-cpu-high"
    assert alarm_name("web-1-cpu", "web-1", "www.example") == "www-example-cpu"
    copy = AlarmCopy("web-1-cpu", {**CPU, "alarmName": "web-2-cpu", "monitoredResourceName": "web-2"})  # type: ignore[typeddict-item]
    assert not copy.same_as(None) and copy.describe() == "web-2-cpu (CPUUtilization GreaterThanOrEqualToThreshold 90)"
