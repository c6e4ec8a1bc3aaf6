"""Running a restore again after an interruption: what an earlier run created is waited on, never created twice;
a name taken by anything else is still an error."""

from __future__ import annotations

import pytest

from lightsail_restore import CreateInstancesFromSnapshotRequest, DiskMap, LightsailRestoreClient, PlanRefusedError
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import auto, created_names, manual, triples

NAMES = ("web-2", "web-3")


def _already_created(count: int) -> list[tuple[str, str, str]]:
    return [("already_created", f"instanceNames[{i}]", "info") for i in range(count)]


@pytest.mark.parametrize("interrupted_by", ["restore-without-wait", "create-call"])
def test_a_rerun_resumes_and_creates_nothing(
    interrupted_by: str, backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    request = manual(names=NAMES, key_pair_name="deploy-key")
    if interrupted_by == "create-call":
        client.create_instances_from_snapshot(request)
    else:
        client.restore(request, wait=False)
    clock.advance(3)  # still pending: the interruption came between create and wait

    outcome = client.restore(request, clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert [(i.name, i.resumed) for i in outcome.instances] == [("web-2", True), ("web-3", True)]
    assert outcome.operations == () and outcome.request_id is None
    assert created_names(backend) == [list(NAMES)]  # one create in all
    assert outcome.plan is not None
    assert outcome.plan.already_created == NAMES and outcome.plan.to_create == ()
    assert triples(outcome.plan) == _already_created(2)
    assert all("will be waited on, not created again" in f.message for f in outcome.plan.findings)
    assert outcome.plan.would_send()["instanceNames"] == []


def test_a_rerun_of_an_automatic_restore_resumes(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    for request in (auto(names=NAMES), auto(date="2026-03-08", names=NAMES)):
        backend.reset()
        backend.clear_requests()
        client.restore(request, wait=False)
        outcome = client.restore(request, clock=clock)
        assert outcome.ok and all(i.resumed for i in outcome.instances)
        assert created_names(backend) == [list(NAMES)]


def test_a_rerun_after_success_finishes_in_one_round(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    request = manual(names=NAMES)
    client.restore(request, clock=clock)
    backend.clear_requests()
    slept = len(clock.slept)
    outcome = client.restore(request, clock=clock)
    assert outcome.ok and all(i.resumed for i in outcome.instances)
    assert len(clock.slept) == slept  # no pause: both were running at the first round
    assert backend.calls("CreateInstancesFromSnapshot") == 0
    assert backend.calls("GetInstances") == 2  # the plan's and the one round


def test_a_partial_resume_creates_only_the_rest(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.create_instances_from_snapshot(manual(names=("web-2",)))
    outcome = client.restore(manual(names=NAMES), clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert [(i.name, i.resumed) for i in outcome.instances] == [("web-2", True), ("web-3", False)]
    assert created_names(backend) == [["web-2"], ["web-3"]]
    assert [op.resource_name for op in outcome.operations] == ["web-3"]
    assert outcome.plan is not None and outcome.plan.to_create == ("web-3",)


def test_a_partial_resume_with_disk_mappings_sends_only_the_new_instances_disks(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    mapping = {name: [DiskMap(original_disk_path="/dev/xvdf", new_disk_name=f"{name}-data")] for name in NAMES}
    client.create_instances_from_snapshot(manual(names=("web-2",), attached_disk_mapping={"web-2": mapping["web-2"]}))
    request = manual(names=NAMES, attached_disk_mapping=mapping)
    the_plan = client.plan(request)
    assert triples(the_plan) == _already_created(1)  # web-2-data is web-2's own disk, not a clash
    expected = {"web-3": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3-data"}]}
    assert the_plan.would_send()["attachedDiskMapping"] == expected

    outcome = client.restore(request, clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    sent = [r.params for r in backend.requests if r.operation == "CreateInstancesFromSnapshot"][-1]
    assert sent["instanceNames"] == ["web-3"] and sent["attachedDiskMapping"] == expected
    disks = {d["name"]: d.get("attachedTo") for d in client.lightsail.get_disks()["disks"]}
    assert disks == {"web-1-data": "web-1", "web-2-data": "web-2", "web-3-data": "web-3"}


def test_a_resume_whose_creation_then_fails_is_reported_failed(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_operation("web-2", error_code="InternalError", error_details="capacity")
    client.restore(manual(), wait=False)
    outcome = client.restore(manual(), clock=clock)  # still pending: looks like ours, then fails
    (web2,) = outcome.instances
    assert (web2.resumed, web2.status, web2.error_code) == (True, "failed", "InternalError")
    # once gone, the name is free: a third run creates it again, and this time it works
    again = client.restore(manual(), clock=clock)
    assert again.ok and not again.instances[0].resumed
    assert created_names(backend) == [["web-2"], ["web-2"]]


@pytest.mark.parametrize(
    ("earlier", "now"),
    [
        (auto(names=("web-2",)), manual(names=("web-2",))),
        (manual(names=("web-2",)), auto(names=("web-2",))),
        (manual(names=("web-2",)), manual(names=("web-2",), bundle="small_3_0")),
        (manual(names=("web-2",)), manual(names=("web-2",), zone="us-east-2b")),
        (auto(date="2026-03-08", names=("web-2",)), auto(date="2026-03-07", names=("web-2",))),
    ],
    ids=[
        "auto-then-manual",
        "manual-then-auto",
        "other-bundle",
        "other-zone",
        "auto-of-another-date",
    ],
)
def test_a_name_taken_by_another_restore_is_still_an_error(
    earlier: CreateInstancesFromSnapshotRequest,
    now: CreateInstancesFromSnapshotRequest,
    backend: LocalLightsail,
    client: LightsailRestoreClient,
) -> None:
    client.create_instances_from_snapshot(earlier)
    the_plan = client.plan(now)
    assert triples(the_plan) == [("X12_name_in_use", "instanceNames[0]", "error")]
    assert "not restored from this source" in the_plan.findings[0].message
    with pytest.raises(PlanRefusedError):
        client.restore(now)
    assert backend.calls("CreateInstancesFromSnapshot") == 1


def test_a_name_taken_by_a_disk_is_still_an_error_on_a_rerun(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    request = manual(names=("web-2", "web-1-data"))
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(request)
    assert refused.value.rules == ("X12_name_in_use",)
    assert backend.calls("CreateInstancesFromSnapshot") == 0
