"""A finished retire run again, any number of times: the plan finds everything done, and nothing is sent.

After the delete, the source instance is gone: a restore from its automatic snapshots no longer resolves them
(they went with it, E63), and a ``no_final_snapshot`` retire kept its firewall rules nowhere. Each rerun still
finds the instances the first run made (its mark), the source gone, and ends ok, sending no write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from lightsail_restore import (
    CreateInstancesFromSnapshotRequest,
    LightsailRestoreClient,
    PlanRefusedError,
    RestoreOutcome,
)
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import LATEST_DATE, auto, manual

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

CUT_OVER: dict[str, Any] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}
WRITES = (
    "CreateInstancesFromSnapshot",
    "CreateInstanceSnapshot",
    "DeleteInstance",
    "PutInstancePublicPorts",
    "AttachStaticIp",
    "DetachStaticIp",
)


class Retired(NamedTuple):
    """A retire: its request, and whether it takes the final snapshot."""

    request: CreateInstancesFromSnapshotRequest
    final_snapshot: bool = True


RETIRES = {
    "manual": Retired(manual()),
    "automatic-latest": Retired(auto()),
    "automatic-date": Retired(auto(date=LATEST_DATE)),
    "manual-no-final-snapshot": Retired(manual(), final_snapshot=False),
}


def _run(client: LightsailRestoreClient, clock: ManualClock, retired: Retired) -> RestoreOutcome:
    return client.restore(
        retired.request,
        clock=clock,
        timeout=120,
        retire_source=True,
        no_final_snapshot=not retired.final_snapshot,
        **CUT_OVER,
    )


@pytest.mark.parametrize("retired", RETIRES.values(), ids=RETIRES.keys())
def test_a_finished_retire_run_again_finds_everything_done(
    retired: Retired,
    backend: LocalLightsail,
    clock: ManualClock,
    client: LightsailRestoreClient,
    boto: LightsailClient,
) -> None:
    rules = boto.get_instance_port_states(instanceName="web-1")["portStates"]
    first = _run(client, clock, retired)
    assert first.ok, first.steps
    sent = {op: backend.calls(op) for op in WRITES}
    assert sent["DeleteInstance"] == 1 and sent["CreateInstanceSnapshot"] == int(retired.final_snapshot)
    for _ in range(2):  # the second run, and the third
        again = _run(client, clock, retired)
        assert again.ok, (again.plan.findings if again.plan else None, again.steps)
        steps = {s.name: (s.status, s.detail) for s in again.steps}
        assert steps["create"] == ("skipped", "every instance was already created")
        assert steps["retire"] == ("skipped", "web-1 was already deleted")
        assert steps["static-ip"] == ("skipped", "web-ip is already attached to web-2")
        assert steps["ports"][0] == "skipped" and "no firewall rules asked" not in steps["ports"][1]  # copy_ports was
        assert {op: backend.calls(op) for op in WRITES} == sent  # nothing sent again
    assert [i["name"] for i in boto.get_instances()["instances"]] == ["web-2"]
    assert boto.get_instance_port_states(instanceName="web-2")["portStates"] == rules


def test_what_a_rerun_from_a_gone_instances_automatic_snapshot_says(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient
) -> None:
    retired = RETIRES["automatic-latest"]
    assert _run(client, clock, retired).ok
    plan = client.plan(retired.request, retire_source=True, **CUT_OVER)
    assert plan.ok and plan.to_create == () and plan.already_created == ("web-2",)
    [stands_in] = [f for f in plan.findings if f.rule == "retire_final_stands_in"]
    assert stands_in.severity == "info" and "web-1 was deleted by an earlier run" in stands_in.message
    # a name the earlier run did not make cannot be created: the automatic snapshots went with web-1
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(auto(names=("web-2", "web-3")), clock=clock, retire_source=True, copy_ports=True)
    assert [(i.path, i.rule) for i in refused.value.issues] == [("sourceInstanceName", "source_instance_exists")]
    assert refused.value.issues[0].message.startswith("web-3 cannot be created: web-1 no longer exists")
    assert backend.calls("CreateInstancesFromSnapshot") == 1


def test_a_rerun_without_a_final_snapshot_says_the_rules_are_not_checked(
    backend: LocalLightsail, clock: ManualClock, client: LightsailRestoreClient
) -> None:
    retired = RETIRES["manual-no-final-snapshot"]
    assert _run(client, clock, retired).ok
    plan = client.plan(retired.request, retire_source=True, no_final_snapshot=True, **CUT_OVER)
    assert plan.ok, plan.findings
    [unknown] = [f for f in plan.findings if f.rule == "copy_ports_source"]
    assert unknown.severity == "warning" and "not checked" in unknown.message
    # a name still to create needs the rules: refused as before
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(names=("web-2", "web-3")), clock=clock, retire_source=True, copy_ports=True)
    assert [i.rule for i in refused.value.issues] == ["copy_ports_source"]
