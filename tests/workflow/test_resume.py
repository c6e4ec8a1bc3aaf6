"""Running a restore again: what an earlier run of the *same request* created is resumed (waited on, never created
twice), recognised by the mark the restore leaves, on answers shaped like AWS's (no ``operationDetails``, lists
newest first). Anything else under a requested name is refused, naming every difference, and nothing is sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    AddOnRequest,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    InstanceProgress,
    LightsailRestoreClient,
    PlanRefusedError,
    Tag,
)
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore import REQUEST_TAG, SOURCE_TAG

from .conftest import (
    CARRIED_REMARKS,
    LATEST_DATE,
    NETWORK_REMARKS,
    REGION,
    Interrupt,
    applied_creates,
    auto,
    created_names,
    manual,
    retake_snapshot,
    seed_snapshot,
    tags_of,
    triples,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

NAMES = ("web-2", "web-3")
Hook = Callable[[str, Callable[..., Any]], None]


def _already_created(count: int) -> list[tuple[str, str, str]]:
    return [("already_created", f"instanceNames[{i}]", "info") for i in range(count)]


def test_the_answers_are_shaped_like_aws(backend: LocalLightsail, boto: LightsailClient) -> None:
    """The premise of every test here: no operationDetails, newest first (evidence E1-E5, E7)."""
    LightsailRestoreClient(boto).create_instances_from_snapshot(manual(names=NAMES))
    operations = boto.get_operations()["operations"]
    assert all("operationDetails" not in op for op in operations)
    stamps = [op["createdAt"] for op in operations]
    assert stamps == sorted(stamps, reverse=True)
    assert [i["name"] for i in boto.get_instances()["instances"]][-1] == "web-1"  # the oldest last


def test_what_a_restore_sends_carries_the_mark(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    request = manual(names=NAMES, tags=[Tag(key="env", value="staging")])
    the_plan = client.plan(request)
    sent_tags = the_plan.would_send()["tags"]
    assert sent_tags[0] == {"key": "env", "value": "staging"}
    assert sent_tags[1] == {"key": SOURCE_TAG, "value": "web-1-snap"}
    assert sent_tags[2]["key"] == REQUEST_TAG and sent_tags[2]["value"].startswith("sha256:")
    assert len(sent_tags[2]["value"]) == len("sha256:") + 32
    client.restore(request, wait=False)
    (sent,) = [r.params for r in backend.requests if r.operation == "CreateInstancesFromSnapshot"]
    assert sent["tags"] == sent_tags
    assert tags_of(client.lightsail, "web-3") == {t["key"]: t["value"] for t in sent_tags}


def test_an_automatic_source_is_marked_with_its_resolved_date(client: LightsailRestoreClient) -> None:
    client.restore(auto(), wait=False)  # the latest: resolved to LATEST_DATE by the plan
    assert tags_of(client.lightsail, "web-2")[SOURCE_TAG] == f"web-1@{LATEST_DATE}"


@pytest.mark.parametrize("interrupted_by", ["restore-without-wait", "kill-after-create", "kill-while-waiting"])
def test_a_rerun_resumes_and_creates_nothing(
    interrupted_by: str, backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    request = manual(names=NAMES, key_pair_name="deploy-key")
    if interrupted_by == "restore-without-wait":
        client.restore(request, wait=False)
    elif interrupted_by == "kill-after-create":

        def killed(**_: Any) -> None:
            raise Interrupt  # AWS applied the create; the process died before it heard

        hooks("after-call.lightsail.CreateInstancesFromSnapshot", killed)
        with pytest.raises(Interrupt):
            client.restore(request, clock=clock)
        client.lightsail.meta.events.unregister("after-call.lightsail.CreateInstancesFromSnapshot", killed)
    else:

        def stop(progress: Sequence[InstanceProgress]) -> None:
            raise Interrupt

        with pytest.raises(Interrupt):
            client.restore(request, clock=clock, progress=stop)
    clock.advance(3)  # still pending: the interruption came between create and the end of the wait

    outcome = client.restore(request, clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert [(i.name, i.resumed, i.answer_lost) for i in outcome.instances] == [
        ("web-2", True, False),
        ("web-3", True, False),
    ]
    assert all(i.operation_status == "Succeeded" and i.instance_state == "running" for i in outcome.instances)
    assert outcome.operations == () and outcome.request_id is None
    assert created_names(backend) == [list(NAMES)]  # one create in all
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}
    assert outcome.plan is not None
    assert outcome.plan.already_created == NAMES and outcome.plan.to_create == ()
    assert triples(outcome.plan) == _already_created(2)
    assert all(
        "will be waited on, not created again" in f.message
        for f in outcome.plan.findings
        if f.rule not in NETWORK_REMARKS | CARRIED_REMARKS | {"disks_not_restored"}  # what web-2, web-3 lack
    )
    assert outcome.plan.would_send()["instanceNames"] == []
    assert [(s.name, s.status) for s in outcome.steps] == [("plan", "done"), ("create", "skipped"), ("wait", "done")]


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
        assert outcome.restored_date == (LATEST_DATE if request.restore_date is None else "2026-03-08")


def test_the_latest_snapshot_resumes_across_a_new_day(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """The latest automatic snapshot moves on; instances an earlier run made from the previous one still resume."""
    client.restore(auto(names=("web-2",)), wait=False)
    snapshots = backend.state["regions"][REGION]["autoSnapshots"]["web-1"]
    snapshots.append({**snapshots[-1], "date": "2026-03-10", "status": "Success"})
    outcome = client.restore(auto(names=NAMES), clock=clock)
    assert outcome.ok and [i.resumed for i in outcome.instances] == [True, False]
    assert [i.source for i in outcome.instances] == [f"web-1@{LATEST_DATE}", "web-1@2026-03-10"]
    assert outcome.restored_date is None  # two dates: the outcome does not pretend there was one
    assert outcome.plan is not None
    assert ("resume_other_date", "useLatestRestorableAutoSnapshot", "warning") in triples(outcome.plan)


def test_a_rerun_after_success_finishes_in_one_round(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    request = manual(names=NAMES)
    client.restore(request, clock=clock)
    backend.clear_requests()
    slept = len(clock.slept)
    outcome = client.restore(request, clock=clock)
    assert outcome.ok and all(i.resumed for i in outcome.instances)
    assert len(clock.slept) == slept  # no pause: both were done at the first round
    assert backend.calls("CreateInstancesFromSnapshot") == 0
    # the plan's 9 reads, then one round: the operations (found by name, terminal) and the instances (running)
    assert [r.operation for r in backend.requests][9:] == ["GetOperations", "GetInstances"]


def test_a_partial_resume_creates_only_the_rest(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.restore(manual(names=("web-2",)), wait=False)
    outcome = client.restore(manual(names=NAMES), clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert [(i.name, i.resumed) for i in outcome.instances] == [("web-2", True), ("web-3", False)]
    assert created_names(backend) == [["web-2"], ["web-3"]]
    assert [op.resource_name for op in outcome.operations] == ["web-3"]
    assert outcome.plan is not None and outcome.plan.to_create == ("web-3",)
    # the rest carries the same mark: a third run resumes both
    assert tags_of(client.lightsail, "web-2") == tags_of(client.lightsail, "web-3")
    assert all(i.resumed for i in client.restore(manual(names=NAMES), clock=clock).instances)


def test_a_partial_resume_with_disk_mappings_sends_only_the_new_instances_disks(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    mapping = {name: [DiskMap(original_disk_path="/dev/xvdf", new_disk_name=f"{name}-data")] for name in NAMES}
    client.restore(manual(names=("web-2",), attached_disk_mapping={"web-2": mapping["web-2"]}), wait=False)
    request = manual(names=NAMES, attached_disk_mapping=mapping)
    the_plan = client.plan(request)
    assert triples(the_plan, disks=True) == _already_created(1)  # web-2-data is web-2's own disk, not a clash
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
    outcome = client.restore(manual(), clock=clock)  # still pending: ours, then its operation fails
    (web2,) = outcome.instances
    assert (web2.resumed, web2.status, web2.error_code) == (True, "failed", "InternalError")
    # once gone, the name is free: a third run creates it again, and this time it works
    again = client.restore(manual(), clock=clock)
    assert again.ok and not again.instances[0].resumed
    assert created_names(backend) == [["web-2"], ["web-2"]]


def test_a_rerun_that_changes_only_user_data_resumes(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """userData is left out of the digest (a digest of a secret is a secret): documented, so tested."""
    client.restore(manual(user_data="#!/bin/sh\necho one\n"), wait=False)
    outcome = client.restore(manual(user_data="#!/bin/sh\necho two\n"), clock=clock)
    assert outcome.ok and outcome.instances[0].resumed
    assert "echo" not in str(tags_of(client.lightsail, "web-2"))


def test_a_rerun_that_adds_a_name_resumes_the_others(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.restore(manual(names=("web-2",)), wait=False)
    outcome = client.restore(manual(names=("web-2", "web-3", "web-4")), clock=clock)
    assert outcome.ok and [i.resumed for i in outcome.instances] == [True, False, False]
    assert created_names(backend) == [["web-2"], ["web-3", "web-4"]]


IDLE_BUNDLE = "app_standard_xl_1_0"

# Each member of the request changed alone: (the earlier request, the rerun, the path named, what exists, what is
# asked). The earlier run was a restore (so its instance carries the mark).
CHANGES: dict[str, tuple[CreateInstancesFromSnapshotRequest, CreateInstancesFromSnapshotRequest, str, str, str]] = {
    "source manual->auto": (manual(), auto(), "sourceInstanceName", "web-1-snap", f"web-1@{LATEST_DATE}"),
    "source auto->manual": (auto(), manual(), "instanceSnapshotName", f"web-1@{LATEST_DATE}", "web-1-snap"),
    "source other date": (
        auto(date="2026-03-08"),
        auto(date="2026-03-07"),
        "restoreDate",
        "web-1@2026-03-08",
        "web-1@2026-03-07",
    ),
    "source other snapshot": (
        manual(),
        manual("web-1-snap-copy"),
        "instanceSnapshotName",
        "web-1-snap",
        "web-1-snap-copy",
    ),
    "bundle": (manual(bundle="small_3_0"), manual(), "bundleId", "small_3_0", "micro_3_0"),
    "zone": (manual(zone="us-east-2b"), manual(), "availabilityZone", "us-east-2b", "us-east-2a"),
    "key pair": (
        manual(),
        manual(key_pair_name="deploy-key"),
        "keyPairName",
        "key pair LightsailDefaultKeyPair",
        "deploy-key",
    ),
    "tag value": (
        manual(tags=[Tag(key="env", value="prod")]),
        manual(tags=[Tag(key="env", value="staging")]),
        "tags[0]",
        "env=prod",
        "env=staging",
    ),
    "tag added": (manual(), manual(tags=[Tag(key="team", value="ops")]), "tags[0]", "no tag team", "team=ops"),
    "add-on": (
        manual(),
        manual(add_ons=[AddOnRequest(add_on_type="AutoSnapshot")]),
        "addOns",
        "no add-on",
        "AutoSnapshot",
    ),
    "ip address type": (manual(), manual(ip_address_type="ipv4"), "ipAddressType", "dualstack", "ipv4"),
    "disk mapping": (
        manual(),
        manual(attached_disk_mapping={"web-2": [DiskMap(original_disk_path="/dev/xvdf", new_disk_name="web-2-d")]}),
        "attachedDiskMapping['web-2'][0].newDiskName",
        "no disk web-2-d",
        "web-2-d attached",
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_changed_request_is_refused_with_its_difference_and_nothing_sent(
    change: tuple[CreateInstancesFromSnapshotRequest, CreateInstancesFromSnapshotRequest, str, str, str],
    backend: LocalLightsail,
    client: LightsailRestoreClient,
) -> None:
    earlier, now, path, exists, asked = change
    seed_snapshot(backend, "web-1-snap-copy")
    client.restore(earlier, wait=False)
    backend.clear_requests()
    the_plan = client.plan(now)
    errors = [f for f in the_plan.findings if f.severity == "error"]
    assert [f.path for f in errors] == [path], the_plan.findings
    assert f"web-2 exists with {exists}; this request asks for {asked}" in errors[0].message or (
        f"restored from {exists}; this request restores {asked}" in errors[0].message
    ), errors[0].message
    assert "choose another name" in errors[0].message
    assert the_plan.already_created == ()
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(now)
    assert refused.value.paths == (path,)
    assert backend.calls("CreateInstancesFromSnapshot") == 0
    assert applied_creates(backend.state) == {"web-2": 1}


def test_several_differences_are_all_named(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    client.restore(manual(bundle="small_3_0", zone="us-east-2b", tags=[Tag(key="env", value="a")]), wait=False)
    the_plan = client.plan(manual(tags=[Tag(key="env", value="b")], ip_address_type="ipv4"))
    assert [(f.rule, f.path) for f in the_plan.errors] == [
        ("resume_differs", "bundleId"),
        ("resume_differs", "availabilityZone"),
        ("resume_differs", "tags[0]"),
        ("resume_differs", "ipAddressType"),
    ]
    assert str(the_plan.errors[0]).startswith("error: bundleId: web-2 exists with small_3_0; this request asks for")


def test_a_difference_the_instance_does_not_show_is_still_refused(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    """A key pair left out the first time and given now: sshKeyName shows the default key, which is not compared."""
    client.restore(manual(key_pair_name="deploy-key"), wait=False)
    the_plan = client.plan(manual())
    assert triples(the_plan) == [("resume_request_differs", "instanceNames[0]", "error")]
    assert "created by lightsail-restore from another request" in the_plan.errors[0].message


def test_an_instance_without_the_mark_is_refused(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    client.create_instances_from_snapshot(manual())  # the thin call: sends exactly the request, no mark
    the_plan = client.plan(manual())
    assert triples(the_plan) == [("X12_name_in_use", "instanceNames[0]", "error")]
    assert "lightsail-restore did not create from this request" in the_plan.errors[0].message
    assert "choose another name" in the_plan.errors[0].message
    with pytest.raises(PlanRefusedError):
        client.restore(manual())
    assert backend.calls("CreateInstancesFromSnapshot") == 1


def test_a_forged_partial_mark_is_not_ours(
    backend: LocalLightsail, client: LightsailRestoreClient, hooks: Hook
) -> None:
    client.restore(manual(), wait=False)
    instance = backend.state["regions"][REGION]["instances"]["web-2"]
    instance["tags"] = [t for t in instance["tags"] if t["key"] != REQUEST_TAG]  # only the source tag left
    assert triples(client.plan(manual())) == [("X12_name_in_use", "instanceNames[0]", "error")]


def test_an_edited_instance_of_this_request_resumes_with_a_warning(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.restore(manual(tags=[Tag(key="env", value="staging")]), wait=False)
    instance = backend.state["regions"][REGION]["instances"]["web-2"]
    instance["tags"][0]["value"] = "prod"  # someone edited the tag since
    outcome = client.restore(manual(tags=[Tag(key="env", value="staging")]), clock=clock)
    assert outcome.ok and outcome.instances[0].resumed
    assert outcome.plan is not None
    assert triples(outcome.plan) == [
        ("resume_drifted", "tags[0]", "warning"),
        ("already_created", "instanceNames[0]", "info"),
    ]
    assert "now has env=prod (asked: env=staging)" in outcome.plan.warnings[0].message


def test_without_the_mark_a_rerun_cannot_resume(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    the_plan = client.plan(manual(), provenance=False)
    assert the_plan.mark is None and "tags" not in the_plan.would_send()
    client.restore(manual(), provenance=False, wait=False)
    assert tags_of(client.lightsail, "web-2") == {}
    for provenance in (False, True):
        with pytest.raises(PlanRefusedError) as refused:
            client.restore(manual(), provenance=provenance)
        assert refused.value.rules == ("X12_name_in_use",)
    assert "provenance=False" in refused.value.plan.errors[0].message or "mark" in refused.value.plan.errors[0].message
    assert backend.calls("CreateInstancesFromSnapshot") == 1


def test_the_user_may_not_use_the_marks_keys(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    request = manual(tags=[Tag(key="env", value="a"), Tag(key=SOURCE_TAG, value="forged")])
    the_plan = client.plan(request)
    assert triples(the_plan) == [("provenance_tags", "tags[1].key", "error")]
    assert "remove it, or restore with provenance=False" in the_plan.errors[0].message
    with pytest.raises(PlanRefusedError):
        client.restore(request)
    assert client.plan(request, provenance=False).ok  # without a mark, the key is the user's to use
    assert backend.calls("CreateInstancesFromSnapshot") == 0


@pytest.mark.parametrize(("count", "ok"), [(48, True), (49, False), (50, False)])
def test_the_users_tags_and_the_mark_must_fit_50(
    count: int, ok: bool, backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    request = manual(tags=[Tag(key=f"k{i}", value="v") for i in range(count)])
    the_plan = client.plan(request)
    if ok:
        assert the_plan.ok and len(the_plan.would_send()["tags"]) == 50
        assert client.restore(request, clock=clock).ok
    else:
        assert triples(the_plan) == [("provenance_tags", "tags", "error")]
        assert f"{count} tags and the 2 of lightsail-restore's mark exceed the 50" in the_plan.errors[0].message
        assert "give at most 48 tags" in the_plan.errors[0].message
        with pytest.raises(PlanRefusedError):
            client.restore(request)
        assert backend.calls("CreateInstancesFromSnapshot") == 0


def test_a_name_taken_by_a_disk_is_still_an_error_on_a_rerun(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    request = manual(names=("web-2", "web-1-data"))
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(request)
    assert refused.value.rules == ("X12_name_in_use",)
    assert backend.calls("CreateInstancesFromSnapshot") == 0


def test_the_longest_source_instance_name_still_fits_the_mark(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """A 255-character instance name and a date make 266 characters; a tag value holds 256."""
    long_name = "w" * 254 + "1"
    region = backend.state["regions"][REGION]
    region["instances"][long_name] = {**region["instances"]["web-1"], "name": long_name}
    region["autoSnapshots"][long_name] = list(region["autoSnapshots"]["web-1"])
    for request in (auto(long_name), auto(long_name, date="2026-03-08", names=("web-3",))):
        outcome = client.restore(request, clock=clock)
        assert outcome.ok
        label = tags_of(client.lightsail, request.instance_names[0])[SOURCE_TAG]
        assert label is not None and len(label) == 256 and label.endswith(f"@{outcome.restored_date}")
        assert client.restore(request, clock=clock).instances[0].resumed


def test_an_instance_listed_without_add_ons_matches_a_request_without_any(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    """Real answers leave ``addOns`` out when there are none (E7, E8)."""

    def like_aws(parsed: dict[str, Any], **_: Any) -> None:
        for instance in parsed["instances"]:
            if not instance.get("addOns"):
                instance.pop("addOns", None)
            instance.pop("ipAddressType", None)  # absent from the 2019 answers (E7)

    client.restore(manual(), wait=False)
    hooks("after-call.lightsail.GetInstances", like_aws)
    assert client.restore(manual(), clock=clock).instances[0].resumed
    refused = client.plan(manual(add_ons=[AddOnRequest(add_on_type="AutoSnapshot")]))
    assert [(f.path, f.rule) for f in refused.errors] == [("addOns", "resume_differs")]
    assert "web-2 exists with no add-on; this request asks for AutoSnapshot" in refused.errors[0].message


def test_the_digest_ignores_what_means_nothing(client: LightsailRestoreClient, clock: ManualClock) -> None:
    """Tag order, add-on order and an explicit dualstack (AWS's default) are the same request."""
    first = manual(tags=[Tag(key="a", value="1"), Tag(key="b", value="2")])
    client.restore(first, wait=False)
    same = manual(tags=[Tag(key="b", value="2"), Tag(key="a", value="1")], ip_address_type="dualstack")
    assert client.restore(same, clock=clock).instances[0].resumed


def test_an_instance_restored_before_the_snapshot_of_that_name_was_taken_is_not_resumed(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """web-1-snap was deleted and taken again under its name since web-2 was restored (a drill's leftover): web-2
    carries this request's mark, but it holds the old snapshot, not the one this request restores now."""
    assert client.restore(manual(), clock=clock).ok
    clock.advance(86400)
    retake_snapshot(backend)
    plan = client.plan(manual())
    assert triples(plan) == [("resume_source", "instanceSnapshotName", "error")]
    assert "before web-1-snap as it is now was taken" in plan.errors[0].message
    backend.clear_requests()
    with pytest.raises(PlanRefusedError):
        client.restore(manual(), clock=clock)
    assert created_names(backend) == []
