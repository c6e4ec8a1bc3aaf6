"""Disks come along (issue 24): the plan maps every disk the snapshot holds, names them, lists them, and refuses a
mapping that would fail before anything is sent; ``attached_disks=False`` maps none, with a warning per disk.

The demo's web-1-snap holds web-1-data (32 GB at /dev/xvdf); web-1's automatic snapshots hold /dev/xvdf unnamed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import DiskMap, LightsailRestoreClient, PlanRefusedError, RequestValidationError
from lightsail_restore.local import LocalLightsail
from lightsail_restore.restore._disks import CHOOSE_DISK_NAMES

from .conftest import auto, created_names, manual

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

    from lightsail_restore._clock import ManualClock


def sent_mapping(backend: LocalLightsail) -> list[Any]:
    """The ``attachedDiskMapping`` of each CreateInstancesFromSnapshot sent (``None`` when absent)."""
    return [
        r.params.get("attachedDiskMapping") for r in backend.requests if r.operation == "CreateInstancesFromSnapshot"
    ]


def test_by_default_each_new_instance_gets_the_snapshots_disk_attached(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    request = manual(names=("web-2", "web-3"))
    plan = client.plan(request)
    assert plan.ok and not [f for f in plan.findings if f.rule == "disks_not_restored"]
    listed = [
        (d.instance_name, d.original_disk_path, d.new_disk_name, d.size_in_gb, d.original_name, d.chosen)
        for d in plan.disks
    ]
    assert listed == [
        ("web-2", "/dev/xvdf", "web-2-data", 32, "web-1-data", True),
        ("web-3", "/dev/xvdf", "web-3-data", 32, "web-1-data", True),
    ]
    outcome = client.restore(request, clock=clock)
    assert outcome.ok
    assert sent_mapping(backend) == [
        {
            "web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}],
            "web-3": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3-data"}],
        }
    ]
    for name in ("web-2", "web-3"):
        disk = boto.get_disk(diskName=f"{name}-data")["disk"]
        assert (disk["attachedTo"], disk["path"], disk["sizeInGb"], disk["isAttached"]) == (name, "/dev/xvdf", 32, True)
        instance = boto.get_instance(instanceName=name)["instance"]
        assert [d.get("name") for d in instance["hardware"]["disks"] if not d.get("isSystemDisk")] == [f"{name}-data"]


def test_an_automatic_snapshots_disk_is_named_by_its_device(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    plan = client.plan(auto())
    assert [(d.new_disk_name, d.original_name, d.size_in_gb) for d in plan.disks] == [("web-2-xvdf", None, 32)]
    assert client.restore(auto(), clock=clock).ok
    assert boto.get_disk(diskName="web-2-xvdf")["disk"]["attachedTo"] == "web-2"


def test_a_mapping_the_request_gives_is_sent_as_given(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    mine = {"web-2": [DiskMap(original_disk_path="/dev/xvdf", new_disk_name="my-data")]}
    request = manual(names=("web-2", "web-3"), attached_disk_mapping=mine)
    plan = client.plan(request)
    assert [(d.instance_name, d.new_disk_name, d.chosen) for d in plan.disks] == [("web-2", "my-data", False)]
    (warning,) = [f for f in plan.warnings if f.rule == "disks_not_restored"]  # web-3 gets none: said, not silent
    assert "/dev/xvdf (32 GB) for web-3;" in warning.message
    client.restore(request, wait=False)
    assert sent_mapping(backend) == [{"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "my-data"}]}]


def test_attached_disks_false_maps_none_and_warns(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    plan = client.plan(manual(), attached_disks=False)
    assert plan.disks == ()
    (warning,) = [f for f in plan.warnings if f.rule == "disks_not_restored"]
    assert warning.path == "attachedDiskMapping" and "/dev/xvdf (32 GB) for web-2" in warning.message
    client.restore(manual(), wait=False, attached_disks=False)
    assert sent_mapping(backend) == [None]


def test_a_mapping_of_a_disk_the_snapshot_does_not_hold_is_refused_before_sending(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    wrong = {"web-2": [DiskMap(original_disk_path="/dev/xvdg", new_disk_name="web-2-data")]}
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(attached_disk_mapping=wrong))
    assert refused.value.rules == ("disk_mapping_path",)
    assert refused.value.issues[0].path == "attachedDiskMapping['web-2'][0].originalDiskPath"
    assert created_names(backend) == []


def test_a_bad_new_disk_name_is_refused_before_any_call(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        client.restore(
            {
                **manual().to_boto3(),
                "attachedDiskMapping": {"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "-data"}]},
            }
        )
    assert refused.value.issues[0].path == "attachedDiskMapping['web-2'][0].newDiskName"
    assert backend.calls() == 0


def test_a_name_the_restore_chose_that_is_taken_refuses_the_plan(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    boto.allocate_static_ip(staticIpName="web-2-data")
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual())
    (issue,) = refused.value.issues
    assert (issue.rule, issue.path) == ("X12_name_in_use", "attachedDiskMapping['web-2'][0].newDiskName")
    assert CHOOSE_DISK_NAMES in issue.message and "attached_disks=False" in issue.message
    assert created_names(backend) == []
    # the user can name it, or leave it out
    assert client.plan(manual(), attached_disks=False).ok
    named = {"web-2": [DiskMap(original_disk_path="/dev/xvdf", new_disk_name="web-2-data-2")]}
    assert client.plan(manual(attached_disk_mapping=named)).ok


def test_a_name_the_restore_chose_that_breaks_a_rule_refuses_the_plan(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    """web-2-data is also a requested instance name: the names must be distinct (X12), and the disk goes to web-2."""
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(names=("web-2", "web-2-data")))
    assert {i.path.split("[")[0] for i in refused.value.issues} == {"attachedDiskMapping"}
    assert all(CHOOSE_DISK_NAMES in i.message for i in refused.value.issues)
    longest = "w" * 251  # 251 + "-data" is longer than the 255 a name may have
    with pytest.raises(PlanRefusedError) as too_long:
        client.restore(manual(names=(longest,)))
    assert [i.path for i in too_long.value.issues] == [f"attachedDiskMapping[{longest!r}][0].newDiskName"]
    assert created_names(backend) == []


def test_a_rerun_resumes_with_its_disks_and_sends_only_the_new_instances(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    assert client.restore(manual(), clock=clock).ok
    again = client.plan(manual(names=("web-2", "web-3")))
    assert again.ok and again.already_created == ("web-2",)
    assert again.would_send()["attachedDiskMapping"] == {
        "web-3": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3-data"}]
    }
    assert client.restore(manual(names=("web-2", "web-3")), clock=clock).ok
    assert sent_mapping(backend)[-1] == {"web-3": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3-data"}]}
    assert created_names(backend) == [["web-2"], ["web-3"]]


def test_an_instance_an_earlier_run_made_without_the_disk_is_resumed_and_the_disk_said_missing(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """An unchecked restore (no plan, so no mapping) made web-2 without its disk: the rerun resumes it as it is,
    and says the disk is not restored there, instead of refusing web-2 as another request's."""
    assert client.restore(manual(), check=False, clock=clock).ok
    plan = client.plan(manual())
    assert plan.ok and plan.already_created == ("web-2",)
    (warning,) = [f for f in plan.warnings if f.rule == "disks_not_restored"]
    assert "/dev/xvdf (32 GB) for web-2 (created by an earlier run)" in warning.message


def test_a_race_between_identical_restores_is_resumed_not_refused_for_the_disk_name(
    backend: LocalLightsail, client: LightsailRestoreClient, hooks: Callable[..., None], clock: ManualClock
) -> None:
    """An identical restore creates web-2 and web-2-data after this plan listed the instances, before it lists the
    disks: the disk's name is not refused on its own (web-2 decides); the create meets "names in use", and the
    second look resumes web-2 as created by this request."""
    other = LightsailRestoreClient(backend.client())
    raced: list[bool] = []

    def race(**_: Any) -> None:
        if not raced:
            raced.append(True)
            assert other.restore(manual(), wait=False).ok is not None

    hooks("after-call.lightsail.GetInstances", race)
    outcome = client.restore(manual(), clock=clock)
    assert raced and outcome.ok, outcome.steps
    assert outcome.instances[0].answer_lost
    assert created_names(backend) == [["web-2"], ["web-2"]]  # the other's, then ours, refused as names in use
    assert backend.state["regions"]["us-east-2"]["disks"]["web-2-data"]["attachedTo"] == "web-2"
