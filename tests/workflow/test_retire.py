"""retire_source and replace_source against the local backend: what is deleted, when nothing is, and reruns.

Each write (CreateInstanceSnapshot, DeleteInstance, the create of a replace) is tried with its answer lost and with
the run stopped right after it (an ``Interrupt`` at botocore's ``after-call`` event, as a kill would leave it); a rerun
finishes, and no second final snapshot or second delete is ever sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import pytest

from lightsail_restore import LightsailRestoreClient, RequestValidationError, RestoreOutcome
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._steps.retire import FINAL_TAG

from .conftest import Hook, interrupted_at, manual

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

CUT_OVER: dict[str, Any] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}
FINAL = re.compile(r"web-1-final-\d{8}-\d{6}")


def _retire(client: LightsailRestoreClient, clock: ManualClock, **more: Any) -> RestoreOutcome:
    return client.restore(manual(), clock=clock, timeout=120, retire_source=True, **CUT_OVER, **more)


def _replace(client: LightsailRestoreClient, clock: ManualClock, **more: Any) -> RestoreOutcome:
    return client.restore(manual(names=("web-1",)), clock=clock, timeout=120, replace_source=True, **CUT_OVER, **more)


def _step(outcome: RestoreOutcome, name: str = "retire") -> tuple[str, str]:
    step = next(s for s in outcome.steps if s.name == name)
    return step.status, step.detail


def _finals(boto: LightsailClient) -> list[dict[str, Any]]:
    return [
        dict(s)
        for s in boto.get_instance_snapshots()["instanceSnapshots"]
        if any(t["key"] == FINAL_TAG for t in s.get("tags") or [])
    ]


def _instances(boto: LightsailClient) -> list[str]:
    return sorted(i["name"] for i in boto.get_instances()["instances"])


def _holder(boto: LightsailClient) -> str | None:
    return boto.get_static_ip(staticIpName="web-ip")["staticIp"].get("attachedTo")


def test_retire_after_a_full_cut_over(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    web_1 = boto.get_instance(instanceName="web-1")["instance"]
    outcome = _retire(client, clock)
    assert outcome.ok, outcome.steps
    assert _instances(boto) == ["web-2"] and _holder(boto) == "web-2"
    [final] = _finals(boto)
    assert FINAL.fullmatch(final["name"]) and final["state"] == "available"
    assert (final["fromInstanceName"], final["fromInstanceArn"]) == ("web-1", web_1["arn"])
    status, detail = _step(outcome)
    assert (status, detail) == ("done", f"the final snapshot {final['name']} is available; web-1 deleted")
    # the plan named exactly what goes, and the final snapshot
    assert outcome.plan is not None and outcome.plan.network is not None
    retire = outcome.plan.network.retire
    assert retire is not None and (retire.instance_name, retire.arn, retire.final_snapshot) == (
        "web-1",
        web_1["arn"],
        final["name"],
    )
    [said] = [f for f in outcome.plan.findings if f.rule == "retire_deletes"]
    assert f"deletes web-1 ({web_1['arn']}, created " in said.message and final["name"] in said.message
    # and what it leaves: web-1's data disk, detached by the delete, deleted by no one (E60)
    [left] = [f for f in outcome.plan.findings if f.rule == "retire_disks_stay"]
    assert (left.severity, left.params) == ("warning", ("retire_source",)) and "web-1-data (it stays" in left.message
    disk = boto.get_disk(diskName="web-1-data")["disk"]
    assert not disk["isAttached"] and backend.calls("DeleteDisk") == 0
    assert backend.calls("CreateInstanceSnapshot") == backend.calls("DeleteInstance") == 1
    # a rerun: done already, nothing sent again
    again = _retire(client, clock)
    assert again.ok and _step(again) == ("skipped", "web-1 was already deleted")
    assert backend.calls("CreateInstanceSnapshot") == backend.calls("DeleteInstance") == 1
    assert again.plan is not None and again.plan.ok


def test_no_final_snapshot_only_when_said(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    outcome = _retire(client, clock, no_final_snapshot=True)
    assert outcome.ok and _step(outcome) == ("done", "web-1 deleted")
    assert _finals(boto) == [] and backend.calls("CreateInstanceSnapshot") == 0
    with pytest.raises(RequestValidationError) as refused:
        _replace(client, clock, no_final_snapshot=True)
    assert [(i.path, i.rule) for i in refused.value.issues] == [("no_final_snapshot", "final_snapshot_needs_retire")]
    with pytest.raises(RequestValidationError) as both:
        _retire(client, clock, replace_source=True)
    assert [(i.path, i.rule) for i in both.value.issues] == [("replace_source", "retire_or_replace")]


def test_retire_is_refused_when_the_gate_failed(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    backend.impair("web-2")
    outcome = _retire(client, clock)
    assert not outcome.ok
    status, detail = _step(outcome)
    assert status == "skipped" and detail.endswith("web-1 is not deleted")
    assert _instances(boto) == ["web-1", "web-2"] and _holder(boto) == "web-1" and _finals(boto) == []
    assert backend.calls("CreateInstanceSnapshot") == backend.calls("DeleteInstance") == 0


def test_retire_is_refused_when_the_static_ip_did_not_move(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    backend.deny_access("AttachStaticIp")
    outcome = _retire(client, clock)
    assert _step(outcome, "static-ip")[0] == "failed"
    status, detail = _step(outcome)
    assert status == "failed" and "the static-ip step did not finish: web-1 is not deleted" in detail
    assert _instances(boto) == ["web-1", "web-2"] and _finals(boto) == []


def _swap_web_1(backend: LocalLightsail, clock: ManualClock) -> None:
    """Delete web-1 and create another web-1 (a new ARN), running: not the instance the plan read."""
    other = backend.client("us-east-2")
    other.delete_instance(instanceName="web-1")
    other.create_instances_from_snapshot(
        instanceNames=["web-1"], availabilityZone="us-east-2a", bundleId="micro_3_0", instanceSnapshotName="web-1-snap"
    )
    clock.advance(backend.timings.boot_seconds)


def test_retire_is_refused_when_the_source_changed_since_the_plan(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient, hooks: Hook
) -> None:
    hooks("after-call.lightsail.CreateInstanceSnapshot", lambda **_: _swap_web_1(backend, clock))
    outcome = _retire(client, clock)
    status, detail = _step(outcome)
    assert status == "failed" and "web-1 is not the instance the plan read" in detail
    assert "web-1 is not deleted, nothing was deleted" in detail
    assert _instances(boto) == ["web-1", "web-2"]  # the other web-1 stays
    assert backend.calls("DeleteInstance") == 1  # the swap's own, not the step's


def test_retire_without_a_final_snapshot_is_refused_when_the_source_changed(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient, hooks: Hook
) -> None:
    hooks("after-call.lightsail.AttachStaticIp", lambda **_: _swap_web_1(backend, clock))
    outcome = _retire(client, clock, no_final_snapshot=True)
    assert _step(outcome)[0] == "failed" and "not the instance the plan read" in _step(outcome)[1]
    assert _instances(boto) == ["web-1", "web-2"]


class Write(NamedTuple):
    """One write of a retire or a replace: the run that sends it and the instance holding web-ip at the end."""

    run: Callable[..., RestoreOutcome]
    kept: str
    operation: str


@pytest.fixture(
    params=[
        *(Write(_retire, "web-2", op) for op in ("CreateInstanceSnapshot", "DeleteInstance")),
        *(
            Write(_replace, "web-1", op)
            for op in ("CreateInstanceSnapshot", "DeleteInstance", "CreateInstancesFromSnapshot")
        ),
    ],
    ids=lambda write: f"{write.run.__name__.strip('_')}-{write.operation}",
)
def write(request: pytest.FixtureRequest) -> Write:
    """Each write of a retire and of a replace."""
    return cast("Write", request.param)


def test_a_lost_answer_is_found_applied_and_never_sent_twice(
    write: Write, backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    backend.lose_answer(operation=write.operation)
    outcome = write.run(client, clock)
    assert outcome.ok, outcome.steps
    if write.run is _retire:
        assert "the answer was lost: TransportError; a second look found it" in _step(outcome)[1]
    assert _instances(boto) == [write.kept] and _holder(boto) == write.kept and len(_finals(boto)) == 1
    assert backend.calls(write.operation) == 1  # the write guard: botocore never sent it again


def test_stopped_after_each_call_a_rerun_finishes_once(
    write: Write, backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    rules = boto.get_instance_port_states(instanceName="web-1")["portStates"]
    interrupted_at(client, f"after-call.lightsail.{write.operation}", lambda: write.run(client, clock))
    outcome = write.run(client, clock)
    assert outcome.ok, outcome.steps
    assert _instances(boto) == [write.kept] and _holder(boto) == write.kept and len(_finals(boto)) == 1
    # a replace's rerun after the delete took the rules and the static IP from the final snapshot's tags
    assert boto.get_instance_port_states(instanceName=write.kept)["portStates"] == rules
    assert backend.calls("CreateInstanceSnapshot") == backend.calls("DeleteInstance") == 1
    assert backend.calls("CreateInstancesFromSnapshot") == 1


def test_replace_in_place_end_to_end(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    old = boto.get_instance(instanceName="web-1")["instance"]
    rules = boto.get_instance_port_states(instanceName="web-1")["portStates"]
    outcome = _replace(client, clock)
    assert outcome.ok, outcome.steps
    new = boto.get_instance(instanceName="web-1")["instance"]
    assert new["arn"] != old["arn"] and new["state"]["name"] == "running"
    assert _instances(boto) == ["web-1"] and _holder(boto) == "web-1"
    assert boto.get_instance_port_states(instanceName="web-1")["portStates"] == rules
    [final] = _finals(boto)
    assert final["fromInstanceArn"] == old["arn"] and final["state"] == "available"
    assert [s.name for s in outcome.steps] == [
        "plan",
        "replace",
        "create",
        "wait",
        "ports",
        "ready",
        "static-ip",
        "retire",
    ]
    assert _step(outcome, "replace") == ("done", f"the final snapshot {final['name']} is available; web-1 deleted")
    assert _step(outcome) == ("done", "web-1 replaced in place from manual snapshot web-1-snap")
    assert outcome.plan is not None
    [said] = [f for f in outcome.plan.findings if f.rule == "retire_deletes"]
    assert "the service is down from the delete until the new web-1 passes the readiness gate" in said.message


def test_replace_that_fails_after_the_delete_gives_the_command_that_restores_the_final_snapshot(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    backend.impair("web-1")  # the new web-1 never passes its status checks
    outcome = _replace(client, clock)
    assert not outcome.ok and _instances(boto) == ["web-1"]
    [final] = _finals(boto)
    status, detail = _step(outcome)
    assert status == "failed" and "web-1 was deleted and the readiness gate did not pass" in detail
    assert (
        "aws lightsail create-instances-from-snapshot --region us-east-2 --instance-names web-1 "
        f"--availability-zone us-east-2a --bundle-id micro_3_0 --instance-snapshot-name {final['name']}"
    ) in detail
    assert _holder(boto) is None  # allocated, attached to no instance: the static-ip step waits for the gate


def test_replace_is_refused_from_an_automatic_snapshot_and_under_another_name(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient
) -> None:
    from lightsail_restore import PlanRefusedError

    from .conftest import auto

    with pytest.raises(PlanRefusedError) as automatic:
        client.restore(auto(names=("web-9",)), clock=clock, replace_source=True, **CUT_OVER)
    assert [i.rule for i in automatic.value.issues] == ["replace_source_manual"]  # its own snapshots go with it
    with pytest.raises(PlanRefusedError) as other:
        client.restore(manual(names=("web-9",)), clock=clock, replace_source=True, **CUT_OVER)
    assert [i.rule for i in other.value.issues] == ["replace_source_name"]
    assert backend.calls("CreateInstanceSnapshot") == backend.calls("DeleteInstance") == 0


@pytest.mark.parametrize("operation", ["CreateInstanceSnapshot", "DeleteInstance"])
def test_a_call_not_applied_fails_the_step_and_a_rerun_finishes(
    operation: str,
    backend: LocalLightsail,
    clock: ManualClock,
    impatient: LightsailRestoreClient,
    boto: LightsailClient,
) -> None:
    """The connection reset before the call was applied: a second look finds nothing done, nothing more is sent."""
    backend.drop_connection(operation=operation)
    outcome = _retire(impatient, clock)
    status, detail = _step(outcome)
    assert status == "failed" and "web-1 is not deleted (TransportError)" in detail
    assert "web-1" in _instances(boto)
    assert len(_finals(boto)) == (0 if operation == "CreateInstanceSnapshot" else 1)
    again = _retire(impatient, clock)
    assert again.ok, again.steps
    assert _instances(boto) == ["web-2"] and len(_finals(boto)) == 1


def test_the_final_snapshots_tags_keep_the_rules_while_they_fit() -> None:
    from lightsail_restore import PortInfo
    from lightsail_restore.restore._steps.retire import RetirePlan, _kept

    def plan(count: int) -> RetirePlan:
        rules = tuple(
            PortInfo.model_validate({"fromPort": p, "toPort": p, "protocol": "tcp", "cidrs": [f"10.0.{p % 250}.0/24"]})
            for p in range(1, count + 1)
        )
        return RetirePlan("retire", "web-1", "arn:aws:lightsail:x", None, "web-1-final-x", rules=rules)

    few = plan(3)
    tags = [{"key": k, "value": v} for k, v in few.tags().items()]
    assert all(len(t["value"]) <= 256 for t in tags) and few.keeps_rules
    assert _kept({"tags": tags}) == (None, few.rules)  # type: ignore[typeddict-item]
    many = plan(400)  # beyond 40 tags of 256 characters: not kept, and a resource's 50 tags are never exceeded
    assert not many.keeps_rules and len(many.tags()) == 1
    edited = [{"key": "lightsail-restore:ports:0", "value": "not base64 json"}]
    assert _kept({"tags": edited}) == (None, None)  # type: ignore[typeddict-item]


def test_confirm_is_asked_with_the_plan_acted_on_before_anything_is_sent(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    from lightsail_restore import Plan

    seen: list[Plan] = []

    def no(plan: Plan) -> bool:
        seen.append(plan)
        return False

    with pytest.raises(RequestValidationError) as refused:
        _retire(client, clock, confirm=no)
    assert [(i.path, i.rule) for i in refused.value.issues] == [("retire_source", "not_confirmed")]
    assert backend.calls("CreateInstancesFromSnapshot") == backend.calls("CreateInstanceSnapshot") == 0
    assert _instances(boto) == ["web-1"]

    def yes(plan: Plan) -> bool:
        seen.append(plan)
        return True

    outcome = _retire(client, clock, confirm=yes)
    assert outcome.ok and _step(outcome, "confirm") == ("done", "the delete of web-1 was confirmed")
    network = seen[-1].network
    assert network is not None and network.retire is not None
    [final] = _finals(boto)
    assert network.retire.final_snapshot == final["name"]  # the name the question showed is the one taken


def test_what_the_plan_says_about_the_source_static_ip_and_rules(client: LightsailRestoreClient) -> None:
    kept = client.plan(manual(), retire_source=True, copy_ports=True)  # web-ip stays on web-1: not moved
    [warning] = [f for f in kept.findings if f.rule == "retire_static_ip"]
    assert (warning.severity, warning.path) == ("warning", "staticIpName")
    assert "web-ip, which stays allocated and attached to no instance once web-1 is deleted" in warning.message
    bare = client.plan(manual(names=("web-1",)), replace_source=True)
    rules = {f.rule: f for f in bare.findings}
    assert rules["retire_static_ip"].severity == "error"  # a replace must put web-ip back: name it
    assert rules["replace_source_rules"].severity == "warning"
    with pytest.raises(RequestValidationError) as wrong:
        client.plan(manual(), retire_source="yes")  # type: ignore[arg-type]
    assert [(i.path, i.rule) for i in wrong.value.issues] == [("retire_source", "type")]


def test_retire_across_regions_is_refused(
    west: LightsailClient, boto: LightsailClient, client: LightsailRestoreClient
) -> None:
    cross = LightsailRestoreClient(west, region_client={"us-east-2": boto}.__getitem__)
    plan = cross.plan(manual(zone="us-west-2a"), source_region="us-east-2", retire_source=True)
    assert [f.rule for f in plan.errors] == ["retire_cross_region"]


def test_a_source_already_gone_is_not_deleted_and_nothing_fails(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    boto.delete_instance(instanceName="web-1")  # by someone else, before the plan: no final snapshot of ours
    outcome = client.restore(manual(), clock=clock, retire_source=True, static_ip="web-ip")
    assert outcome.ok and _step(outcome) == ("skipped", "web-1 was already deleted")
    assert outcome.plan is not None and "retire_source_gone" in [f.rule for f in outcome.plan.findings]
    assert backend.calls("CreateInstanceSnapshot") == 0 and _finals(boto) == []


def test_a_replace_whose_source_changed_creates_nothing(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient, hooks: Hook
) -> None:
    hooks("after-call.lightsail.CreateInstanceSnapshot", lambda **_: _swap_web_1(backend, clock))
    outcome = _replace(client, clock)
    status, detail = _step(outcome, "replace")
    assert status == "failed" and "web-1 is not the instance the plan read" in detail
    assert [(s.name, s.status) for s in outcome.steps[2:]] == [
        ("create", "skipped"),
        ("wait", "skipped"),
        ("ports", "skipped"),
        ("ready", "skipped"),
        ("static-ip", "skipped"),
        ("retire", "skipped"),
    ]
    assert backend.calls("CreateInstancesFromSnapshot") == 1  # the swap's own
    assert backend.calls("DeleteInstance") == 1  # the swap's own


def test_the_final_snapshot_is_named_on_the_runs_clock(
    clock: ManualClock, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    planned_at = clock.now()  # 2026-03-10 12:00 UTC: the plan names it, before any wait moves the clock
    outcome = _retire(client, clock)
    assert outcome.ok, outcome.steps
    [final] = _finals(boto)
    assert final["name"] == f"web-1-final-{planned_at:%Y%m%d-%H%M%S}" == "web-1-final-20260310-120000"
