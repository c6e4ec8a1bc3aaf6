"""A restore into another Region: plan both sides, copy the snapshot, wait until the copy is available, restore it.

Everything runs through real boto3 clients of two Regions (us-east-2, where the demo account lives, and us-west-2)
on one local backend and a manual clock. The backend's recorded requests say what was sent where: exactly one
CopySnapshot and one create per name, whatever interrupted the earlier run.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

import pytest

from lightsail_restore import (
    AccessDeniedException,
    CreateInstancesFromSnapshotRequest,
    InstanceProgress,
    LightsailRestoreClient,
    OperationFailureException,
    PlanRefusedError,
    RequestValidationError,
    RestoreFailedError,
)
from lightsail_restore.local import LocalLightsail, ManualClock, Timings
from lightsail_restore.restore import SOURCE_TAG
from lightsail_restore.restore._steps.copy import default_copy_name

from .conftest import (
    FAILED_DATE,
    LATEST_DATE,
    REGION,
    WEST,
    Hook,
    Interrupt,
    interrupted_at,
    restore_in_a_storm,
    retake_snapshot,
    seed_snapshot,
    seeded,
    tags_of,
    triples,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

NAMES = ("web-2", "web-3")
COPY = "web-1-snap-from-us-east-2"


@pytest.fixture
def cross(west: LightsailClient, boto: LightsailClient) -> LightsailRestoreClient:
    """A client of us-west-2 that reaches us-east-2 (the source) through the session's client."""
    return LightsailRestoreClient(west, region_client={REGION: boto}.__getitem__)


@pytest.fixture(params=[1, None], ids=["no-retries", "botocore-retries"])
def attempts(request: pytest.FixtureRequest) -> int | None:
    """How many times botocore sends a call of ``own_west``'s client: once, or with its retries."""
    return cast("int | None", request.param)


def own_west(
    backend: LocalLightsail, boto: LightsailClient, max_attempts: int | None
) -> tuple[LightsailClient, LightsailRestoreClient]:
    """A us-west-2 client of the test's own (``max_attempts`` a call), and a restore client on it like ``cross``."""
    west = backend.client(WEST, max_attempts=max_attempts)
    return west, LightsailRestoreClient(west, region_client={REGION: boto}.__getitem__)


def manual(snapshot: str = "web-1-snap", names: tuple[str, ...] = NAMES, **options: Any) -> Any:
    return CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        snapshot,
        instance_names=list(names),
        availability_zone=options.pop("zone", "us-west-2a"),
        bundle_id=options.pop("bundle", "micro_3_0"),
        **options,
    )


def auto(date: str | None = None, names: tuple[str, ...] = NAMES, **options: Any) -> Any:
    zone, bundle = options.pop("zone", "us-west-2b"), options.pop("bundle", "micro_3_0")
    if date is None:
        return CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
            "web-1", instance_names=list(names), availability_zone=zone, bundle_id=bundle, **options
        )
    return CreateInstancesFromSnapshotRequest.from_auto_snapshot(
        "web-1", date, instance_names=list(names), availability_zone=zone, bundle_id=bundle, **options
    )


def sent(backend: LocalLightsail, operation: str) -> list[tuple[str, dict[str, Any]]]:
    """The requests of ``operation`` the backend received: (Region, params)."""
    return [(r.region, dict(r.params)) for r in backend.requests if r.operation == operation]


def created(backend: LocalLightsail) -> list[list[str]]:
    return [list(params["instanceNames"]) for _, params in sent(backend, "CreateInstancesFromSnapshot")]


def copies_made(backend: LocalLightsail) -> list[str]:
    """The copies the service made in us-west-2 (from its operations, whoever sent them)."""
    ops = backend.state["regions"][WEST]["operations"]
    return [op["resourceName"] for op in ops if op["operationType"] == "CopySnapshot"]


def steps(outcome: Any) -> list[tuple[str, str]]:
    return [(s.name, s.status) for s in outcome.steps]


# -- the plan: both sides before anything is sent ---------------------------------------------------------------


def test_the_plan_reads_the_source_in_its_region_and_checks_the_rest_in_the_target(
    backend: LocalLightsail, cross: LightsailRestoreClient
) -> None:
    plan = cross.plan(manual(key_pair_name=None), source_region=REGION)
    assert plan.ok, plan.findings
    assert triples(plan) == []
    assert plan.region == WEST and plan.source is not None
    assert plan.source.describe() == "manual snapshot web-1-snap in us-east-2"
    assert (plan.source.bundle_id, plan.source.size_in_gb, plan.source.platform) == ("micro_3_0", 40, "LINUX_UNIX")
    assert plan.copy is not None
    assert (plan.copy.name, plan.copy.source, plan.copy.chosen, plan.copy.state) == (
        COPY,
        "us-east-2:web-1-snap",
        True,
        None,
    )
    assert plan.copy.request is not None and plan.copy.request.to_boto3() == {
        "targetSnapshotName": COPY,
        "sourceRegion": REGION,
        "sourceSnapshotName": "web-1-snap",
    }
    would = plan.would_send()
    assert would["instanceSnapshotName"] == COPY and "sourceInstanceName" not in would
    assert {t["key"]: t["value"] for t in would["tags"]}[SOURCE_TAG] == "us-east-2:web-1-snap"
    regions = {(r.operation, r.region) for r in backend.requests}
    assert ("GetInstanceSnapshot", REGION) in regions and ("GetInstances", WEST) in regions
    assert not {op for op, _ in regions} & {"CopySnapshot", "CreateInstancesFromSnapshot"}  # read-only
    assert plan.api_calls == len(backend.requests)  # both Regions counted


@pytest.mark.parametrize(
    ("request_", "expected", "hint"),
    [
        (manual("ghost-snap"), [("snapshot_exists", "instanceSnapshotName", "error")], "in us-east-2"),
        (manual("web-1-snap-pending"), [("snapshot_available", "instanceSnapshotName", "error")], "pending"),
        (auto("2026-02-01"), [("auto_snapshot_exists", "restoreDate", "error")], "restorable dates"),
        (auto(FAILED_DATE), [("auto_snapshot_succeeded", "restoreDate", "error")], "Failed"),
        (
            CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
                "web-9", instance_names=["web-2"], availability_zone="us-west-2a", bundle_id="micro_3_0"
            ),
            [("source_instance_exists", "sourceInstanceName", "error")],
            "no instance named web-9 in us-east-2",
        ),
    ],
    ids=["missing-snapshot", "pending-snapshot", "no-such-day", "failed-day", "missing-instance"],
)
def test_the_source_side_is_checked_in_the_source_region(
    request_: Any,
    expected: list[tuple[str, str, str]],
    hint: str,
    backend: LocalLightsail,
    cross: LightsailRestoreClient,
    clock: ManualClock,
) -> None:
    seed_snapshot(backend, "ghost-snap", region=WEST)  # in the target Region only: not a source
    plan = cross.plan(request_, source_region=REGION)
    assert triples(plan) == expected
    assert hint in plan.errors[0].message
    with pytest.raises(PlanRefusedError):
        cross.restore(request_, source_region=REGION, clock=clock)
    assert sent(backend, "CopySnapshot") == [] and created(backend) == []


@pytest.mark.parametrize(
    ("changes", "expected", "hint"),
    [
        ({"key_pair_name": "deploy-key"}, [("key_pair_exists", "keyPairName", "error")], "in us-west-2"),
        ({"bundle": "nano_3_0"}, [("X6_bundle_too_small", "bundleId", "error")], "micro_3_0"),
        ({"bundle": "tiny_9_9"}, [("X6_bundle_exists", "bundleId", "error")], "tiny_9_9"),
        ({"zone": "us-west-2z"}, [("X11_zone_exists", "availabilityZone", "error")], "us-west-2a"),
    ],
    ids=["key-pair-of-the-source-region-only", "smaller-than-the-source", "no-such-bundle", "no-such-zone"],
)
def test_the_target_side_is_checked_in_the_target_region(
    changes: dict[str, Any],
    expected: list[tuple[str, str, str]],
    hint: str,
    backend: LocalLightsail,
    cross: LightsailRestoreClient,
) -> None:
    plan = cross.plan(manual(**changes), source_region=REGION)
    assert [t for t in triples(plan) if t[0] != "X6_bundle_disk_too_small"] == expected
    assert hint in plan.errors[0].message
    assert sent(backend, "CopySnapshot") == []


def test_a_windows_source_needs_a_windows_bundle_in_the_target(cross: LightsailRestoreClient) -> None:
    plan = cross.plan(manual("win-snap", names=("win-2",), bundle="micro_3_0"), source_region=REGION)
    assert ("X6_bundle_platform", "bundleId", "error") in triples(plan)
    assert cross.plan(manual("win-snap", names=("win-2",), bundle="micro_win_3_0"), source_region=REGION).ok


def _not_a_copy(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    seed_snapshot(backend, COPY, region=WEST)  # the same content, made by no operation AWS lists


def _a_copy_of_another_snapshot(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    west.copy_snapshot(sourceRegion="us-east-2", sourceSnapshotName="win-snap", targetSnapshotName=COPY)


def _a_copy_of_another_source(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    """The same content (a copy of a copy of web-1-snap), copied from another source."""
    west.copy_snapshot(sourceRegion="us-east-2", sourceSnapshotName="web-1-snap", targetSnapshotName="web-1-west")
    clock.advance(backend.timings.copy_seconds)
    west.copy_snapshot(sourceRegion=WEST, sourceSnapshotName="web-1-west", targetSnapshotName=COPY)


def _a_key_pair(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    regions = backend.state["regions"]
    regions[WEST]["keyPairs"][COPY] = {**regions[REGION]["keyPairs"]["deploy-key"], "name": COPY}


@pytest.mark.parametrize(
    ("setup", "hint"),
    [
        (_not_a_copy, "AWS lists no operation that made it"),
        (_a_copy_of_another_snapshot, "it holds another snapshot: fromInstanceName win-1"),
        (_a_copy_of_another_source, "it is a copy of us-west-2:web-1-west, not of us-east-2:web-1-snap"),
        (_a_key_pair, "already used by a key pair in us-west-2"),
    ],
    ids=["same-name-not-a-copy", "a-copy-of-another-snapshot", "a-copy-of-another-source", "a-key-pair"],
)
def test_a_copy_name_taken_by_anything_but_this_restores_copy_is_an_error(
    setup: Callable[[LocalLightsail, LightsailClient, ManualClock], object],
    hint: str,
    backend: LocalLightsail,
    west: LightsailClient,
    cross: LightsailRestoreClient,
    clock: ManualClock,
) -> None:
    setup(backend, west, clock)
    backend.clear_requests()
    plan = cross.plan(manual(), source_region=REGION)
    assert triples(plan) == [("copy_name_in_use", "targetSnapshotName", "error")]
    assert hint in plan.errors[0].message and "copy_name" in plan.errors[0].message
    assert plan.errors[0].params == ("copy_name",) and "--" not in plan.errors[0].message
    with pytest.raises(PlanRefusedError):
        cross.restore(manual(), source_region=REGION, clock=clock)
    assert sent(backend, "CopySnapshot") == [] and created(backend) == []  # never used, never copied over
    assert cross.restore(manual(), source_region=REGION, copy_name="web-1-dr", clock=clock).ok  # another name works


def test_a_copy_name_that_is_also_an_instance_name_is_an_error(cross: LightsailRestoreClient) -> None:
    plan = cross.plan(manual(names=("web-2", "web-copy")), source_region=REGION, copy_name="web-copy")
    assert triples(plan) == [("copy_name_in_use", "targetSnapshotName", "error")]


def test_copying_within_one_region_is_allowed_and_the_plan_says_so(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    plan = client.plan(request, source_region=REGION)
    assert triples(plan) == [("copy_same_region", "sourceRegion", "warning")]
    (same,) = [f for f in plan.warnings if f.rule == "copy_same_region"]
    assert "does not survive the loss of that Region" in same.message
    outcome = client.restore(request, source_region=REGION, clock=clock)
    assert outcome.ok and outcome.copy is not None and outcome.copy.region == outcome.copy.source_region == REGION
    assert [region for region, _ in sent(backend, "CopySnapshot")] == [REGION]


def test_bad_cross_region_arguments_are_refused_before_anything_is_sent(
    backend: LocalLightsail, west: LightsailClient, cross: LightsailRestoreClient
) -> None:
    with pytest.raises(RequestValidationError) as region:
        cross.plan(manual(), source_region="us-west-1")
    assert region.value.paths == ("sourceRegion",)
    with pytest.raises(RequestValidationError) as name:
        cross.restore(manual(), source_region=REGION, copy_name="-copy")
    assert name.value.paths == ("targetSnapshotName",)
    with pytest.raises(RequestValidationError) as empty:  # an empty name is a bad name, not "choose one"
        cross.plan(manual(), source_region=REGION, copy_name="")
    assert empty.value.paths == ("targetSnapshotName",)
    with pytest.raises(RequestValidationError) as alone:
        cross.restore(manual(), copy_name="web-copy")
    assert alone.value.rules == ("copy_needs_source_region",)
    with pytest.raises(ValueError, match="always plans"):
        cross.restore(manual(), source_region=REGION, check=False)
    with pytest.raises(ValueError, match="no way to reach us-east-2"):
        LightsailRestoreClient(west).plan(manual(), source_region=REGION)
    assert backend.requests == []


# -- whole restores -----------------------------------------------------------------------------------------------


def test_a_whole_restore_from_a_manual_snapshot(
    backend: LocalLightsail, cross: LightsailRestoreClient, west: LightsailClient, clock: ManualClock
) -> None:
    outcome = cross.restore(manual(), source_region=REGION, clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert outcome.api_calls == len(backend.requests)  # both Regions counted
    assert steps(outcome) == [("plan", "done"), ("copy", "done"), ("create", "done"), ("wait", "done")]
    assert outcome.copy is not None
    assert (outcome.copy.name, outcome.copy.state, outcome.copy.resumed) == (COPY, "available", False)
    assert outcome.copy.elapsed >= backend.timings.copy_seconds
    assert f"copied us-east-2:web-1-snap to {COPY}; available after" in outcome.steps[1].detail
    assert [i.source for i in outcome.instances] == ["us-east-2:web-1-snap"] * 2
    assert sent(backend, "CopySnapshot") == [
        (WEST, {"targetSnapshotName": COPY, "sourceRegion": REGION, "sourceSnapshotName": "web-1-snap"})
    ]
    ((region, params),) = sent(backend, "CreateInstancesFromSnapshot")
    assert region == WEST and params["instanceSnapshotName"] == COPY and params["instanceNames"] == list(NAMES)
    web_2 = west.get_instance(instanceName="web-2")["instance"]
    assert (web_2["location"]["regionName"], web_2["state"]["name"], web_2["bundleId"]) == (
        WEST,
        "running",
        "micro_3_0",
    )
    assert tags_of(west, "web-2")[SOURCE_TAG] == "us-east-2:web-1-snap"
    data = outcome.to_dict()
    assert data["copy"]["name"] == COPY and data["copy"]["sourceRegion"] == REGION and data["copy"]["region"] == WEST


@pytest.mark.parametrize("date", [None, "2026-03-08"], ids=["latest", "by-date"])
def test_a_whole_restore_from_an_automatic_snapshot(
    date: str | None, backend: LocalLightsail, cross: LightsailRestoreClient, west: LightsailClient, clock: ManualClock
) -> None:
    outcome = cross.restore(auto(date), source_region=REGION, clock=clock)
    day = date or LATEST_DATE
    name = f"web-1-{day}-from-us-east-2"
    assert outcome.ok and outcome.succeeded == NAMES and outcome.restored_date == day
    assert outcome.copy is not None and outcome.copy.name == name
    assert [i.source for i in outcome.instances] == [f"us-east-2:web-1@{day}"] * 2
    # the latest is copied by the date the plan resolved: what is copied is what the plan showed
    assert sent(backend, "CopySnapshot") == [
        (WEST, {"targetSnapshotName": name, "sourceRegion": REGION, "sourceResourceName": "web-1", "restoreDate": day})
    ]
    assert [p["instanceSnapshotName"] for _, p in sent(backend, "CreateInstancesFromSnapshot")] == [name]
    assert "sourceInstanceName" not in sent(backend, "CreateInstancesFromSnapshot")[0][1]
    assert west.get_instance(instanceName="web-3")["instance"]["state"]["name"] == "running"


def test_the_disk_mapping_goes_through_the_copy(
    cross: LightsailRestoreClient, west: LightsailClient, clock: ManualClock
) -> None:
    request = manual(
        names=("web-2",),
        attached_disk_mapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]},
    )
    plan = cross.plan(request, source_region=REGION)
    assert plan.ok and triples(plan, disks=True) == []
    assert cross.restore(request, source_region=REGION, clock=clock).ok
    assert west.get_disk(diskName="web-2-data")["disk"]["attachedTo"] == "web-2"


def test_the_wait_shares_one_deadline_with_the_copy(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.timings = Timings(operation_seconds=10, boot_seconds=20, copy_seconds=50)
    outcome = cross.restore(manual(names=("web-2",)), source_region=REGION, clock=clock, timeout=60)
    assert outcome.copy is not None and outcome.copy.state == "available"
    assert [i.status for i in outcome.instances] == ["timed_out"]  # 60 s in all: the instance had what was left
    assert outcome.copy.elapsed + outcome.instances[0].elapsed <= 60 + 1e-6


def test_the_time_the_create_takes_between_the_copy_and_the_wait_counts_too(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock, west_hooks: Hook
) -> None:
    """One deadline from the copy to the cut-over: a slow create (botocore backing off a throttled call) spends it."""
    backend.timings = Timings(operation_seconds=10, boot_seconds=20, copy_seconds=30)
    west_hooks("before-call.lightsail.CreateInstancesFromSnapshot", lambda **_: clock.advance(40))
    start = clock.monotonic()
    outcome = cross.restore(manual(names=("web-2",)), source_region=REGION, clock=clock, timeout=60, rng=seeded(2))
    assert outcome.copy is not None and outcome.copy.state == "available" and outcome.copy.elapsed > 20
    assert [(i.status, i.elapsed) for i in outcome.instances] == [("timed_out", 0.0)]  # nothing left to wait
    assert clock.monotonic() - start == pytest.approx(outcome.copy.elapsed + 40)  # no waiting after the deadline


# -- reruns -------------------------------------------------------------------------------------------------------

INTERRUPTIONS = ["copy-sent", "copy-pending", "copy-available", "created", "waiting"]


@pytest.mark.parametrize("where", INTERRUPTIONS)
@pytest.mark.parametrize("kind", ["manual", "latest"])
def test_a_rerun_after_an_interruption_copies_once_and_creates_once(
    where: str,
    kind: str,
    backend: LocalLightsail,
    cross: LightsailRestoreClient,
    clock: ManualClock,
    west_hooks: Hook,
) -> None:
    request = manual() if kind == "manual" else auto()

    def stop(**_: Any) -> None:
        raise Interrupt

    def stop_at(prefix: str) -> Callable[[Sequence[InstanceProgress]], None]:
        def progress(rows: Sequence[InstanceProgress]) -> None:
            if rows[0].name.startswith(prefix):
                raise Interrupt

        return progress

    progress = None
    if where == "copy-sent":
        west_hooks("after-call.lightsail.CopySnapshot", stop)  # AWS made the copy; the process died
    elif where == "copy-pending":
        progress = stop_at("copy ")
    elif where == "copy-available":
        west_hooks("before-call.lightsail.CreateInstancesFromSnapshot", stop)  # copied, not yet created
    elif where == "created":
        west_hooks("after-call.lightsail.CreateInstancesFromSnapshot", stop)
    else:
        progress = stop_at("web-")
    with pytest.raises(Interrupt):
        cross.restore(request, source_region=REGION, clock=clock, progress=progress)
    cross.lightsail.meta.events.unregister("after-call.lightsail.CopySnapshot", stop)
    cross.lightsail.meta.events.unregister("before-call.lightsail.CreateInstancesFromSnapshot", stop)
    cross.lightsail.meta.events.unregister("after-call.lightsail.CreateInstancesFromSnapshot", stop)
    clock.advance(3)

    outcome = cross.restore(request, source_region=REGION, clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert len(sent(backend, "CopySnapshot")) == 1 and len(copies_made(backend)) == 1
    assert created(backend) == [list(NAMES)]  # one create in all
    assert outcome.copy is not None
    copy_step = outcome.steps[1]
    if where in ("copy-sent", "copy-pending"):
        assert (copy_step.status, outcome.copy.resumed) == ("done", True)
        assert f"{outcome.copy.name} was already being copied by an earlier run" in copy_step.detail
        assert steps(outcome)[2:] == [("create", "done"), ("wait", "done")]
    elif where == "copy-available":
        assert copy_step.status == "skipped" and "already copied (available)" in copy_step.detail
        assert steps(outcome)[2:] == [("create", "done"), ("wait", "done")]
    else:
        assert copy_step.status == "skipped" and "every instance was already created" in copy_step.detail
        assert f"{outcome.copy.name} is not needed" in copy_step.detail
        assert all(i.resumed for i in outcome.instances)
        assert outcome.plan is not None
        assert ("copy_not_needed", "targetSnapshotName", "info") in triples(outcome.plan)
    again = cross.restore(request, source_region=REGION, clock=clock)  # and once more: nothing new
    assert again.ok and len(sent(backend, "CopySnapshot")) == 1 and created(backend) == [list(NAMES)]


def test_a_rerun_while_the_copy_is_pending_says_so_in_the_plan(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    interrupted_at(
        cross, "after-call.lightsail.CopySnapshot", lambda: cross.restore(manual(), source_region=REGION, clock=clock)
    )
    plan = cross.plan(manual(), source_region=REGION)
    assert plan.ok and plan.copy is not None
    assert (plan.copy.state, plan.copy.will_copy) == ("pending", False)
    assert plan.copy.operation_id == backend.state["regions"][WEST]["operations"][-1]["id"]
    assert triples(plan) == [("copy_exists", "targetSnapshotName", "info")]
    (exists,) = [f for f in plan.findings if f.rule == "copy_exists"]
    assert "already exists (pending): it is waited for until available, not copied again" in exists.message


def test_a_copy_made_before_the_snapshot_of_that_name_was_taken_is_never_used(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """A drill copied web-1-snap last month; web-1-snap was taken again since under its name. The drill's copy has
    the right name, content and CopySnapshot details, but it holds the old snapshot: restoring it would bring back
    last month's data."""
    assert cross.restore(manual(names=("web-2",)), source_region=REGION, clock=clock).ok
    clock.advance(30 * 86400)
    retake_snapshot(backend)
    backend.clear_requests()
    plan = cross.plan(manual(names=("web-3",)), source_region=REGION)
    assert [(f.rule, f.path) for f in plan.errors] == [("copy_name_in_use", "targetSnapshotName")]
    assert "before us-east-2:web-1-snap as it is now was taken" in plan.errors[0].message
    with pytest.raises(PlanRefusedError):
        cross.restore(manual(names=("web-3",)), source_region=REGION, clock=clock)
    assert sent(backend, "CopySnapshot") == [] and created(backend) == []


def test_a_rerun_of_the_latest_goes_on_from_the_copy_of_an_earlier_day(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    interrupted_at(
        cross,
        "before-call.lightsail.CreateInstancesFromSnapshot",
        lambda: cross.restore(auto(), source_region=REGION, clock=clock),
    )  # copied LATEST_DATE; created nothing
    days = backend.state["regions"][REGION]["autoSnapshots"]["web-1"]
    days.append({**copy.deepcopy(days[-1]), "date": "2026-03-10", "status": "Success"})  # a new day

    outcome = cross.restore(auto(), source_region=REGION, clock=clock)
    assert outcome.ok and len(sent(backend, "CopySnapshot")) == 1
    assert outcome.copy is not None and outcome.copy.name == f"web-1-{LATEST_DATE}-from-us-east-2"
    assert [i.source for i in outcome.instances] == [f"us-east-2:web-1@{LATEST_DATE}"] * 2
    assert outcome.plan is not None
    assert ("copy_other_date", "useLatestRestorableAutoSnapshot", "warning") in triples(outcome.plan)
    (other,) = [f for f in outcome.plan.warnings if f.rule == "copy_other_date"]
    assert "give restoreDate 2026-03-10" in other.message


def test_an_earlier_runs_copy_under_the_callers_name_is_not_restored_its_day_unproven(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """AWS shows no day for a copy of an automatic snapshot: under a name of the caller's, it cannot be proven."""
    interrupted_at(
        cross,
        "before-call.lightsail.CreateInstancesFromSnapshot",
        lambda: cross.restore(auto("2026-03-08"), source_region=REGION, copy_name="web-dr", clock=clock),
    )
    plan = cross.plan(auto("2026-03-08"), source_region=REGION, copy_name="web-dr")
    assert not plan.ok and plan.copy is not None and (plan.copy.name, plan.copy.chosen) == ("web-dr", False)
    assert ("copy_date_unproven", "targetSnapshotName", "error") in triples(plan)
    (unproven,) = [f for f in plan.errors if f.rule == "copy_date_unproven"]
    assert "which day" in unproven.message and "web-1-2026-03-08-from-us-east-2" in unproven.message
    with pytest.raises(PlanRefusedError):
        cross.restore(auto("2026-03-08"), source_region=REGION, copy_name="web-dr", clock=clock)
    assert created(backend) == []


def test_another_days_copy_landing_under_the_callers_copy_name_mid_run_is_not_adopted(
    backend: LocalLightsail, cross: LightsailRestoreClient, west_hooks: Hook, clock: ManualClock
) -> None:
    """Between our plan and our CopySnapshot, another request copies 2026-03-08's snapshot under our copy's name."""
    other: Any = backend.client(WEST, max_attempts=1)
    landed: list[str] = []

    def another_request(**_: Any) -> None:
        if not landed:
            landed.append("web-dr")
            other.copy_snapshot(
                sourceRegion=REGION, sourceResourceName="web-1", restoreDate="2026-03-08", targetSnapshotName="web-dr"
            )

    west_hooks("before-call.lightsail.CopySnapshot", another_request)
    outcome = cross.restore(auto(LATEST_DATE), source_region=REGION, copy_name="web-dr", clock=clock)
    assert not outcome.ok
    assert steps(outcome) == [("plan", "done"), ("copy", "failed"), ("create", "skipped"), ("wait", "skipped")]
    copy_step = outcome.steps[1]
    assert "which day" in copy_step.detail and "nothing was created" in copy_step.detail
    assert created(backend) == [] and [i.status for i in outcome.instances] == ["not_created", "not_created"]


def test_a_lost_copy_answer_under_the_callers_copy_name_of_an_automatic_snapshot_stops_before_the_create(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.lose_answer(operation="CopySnapshot")
    outcome = cross.restore(auto(LATEST_DATE), source_region=REGION, copy_name="web-dr", clock=clock)
    assert not outcome.ok and steps(outcome)[1:] == [("copy", "failed"), ("create", "skipped"), ("wait", "skipped")]
    assert "the answer was lost" in outcome.steps[1].detail and "which day" in outcome.steps[1].detail
    assert created(backend) == [] and len(sent(backend, "CopySnapshot")) == 1


def test_a_lost_copy_answer_under_the_default_name_of_an_automatic_snapshot_is_found_by_its_day(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """The default name carries the day: the copy found under it after a lost answer is that day's."""
    backend.lose_answer(operation="CopySnapshot")
    outcome = cross.restore(auto(LATEST_DATE), source_region=REGION, clock=clock)
    assert outcome.ok and outcome.copy is not None and outcome.copy.answer_lost
    assert outcome.copy.name == f"web-1-{LATEST_DATE}-from-us-east-2"
    assert [i.source for i in outcome.instances] == [f"us-east-2:web-1@{LATEST_DATE}"] * 2


def test_an_instance_restored_within_the_target_region_is_not_this_requests(
    backend: LocalLightsail, west: LightsailClient, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """The same request restored from a snapshot of the target Region's own: its mark names another source."""
    seed_snapshot(backend, "web-1-snap", region=WEST)
    LightsailRestoreClient(west).restore(manual(names=("web-2",)), clock=clock)
    assert tags_of(west, "web-2")[SOURCE_TAG] == "web-1-snap"
    plan = cross.plan(manual(names=("web-2",)), source_region=REGION)
    assert triples(plan) == [("resume_source", "instanceSnapshotName", "error")]
    assert "restored from web-1-snap; this request restores us-east-2:web-1-snap" in plan.errors[0].message


# -- a copy that fails --------------------------------------------------------------------------------------------


def test_a_copy_aws_refuses_raises_and_creates_nothing(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_next("AccessDeniedException", operation="CopySnapshot")
    with pytest.raises(AccessDeniedException):
        cross.restore(manual(), source_region=REGION, clock=clock)
    assert created(backend) == [] and copies_made(backend) == []
    assert cross.restore(manual(), source_region=REGION, clock=clock).ok  # nothing to undo: a rerun just works


def test_a_copy_that_fails_is_a_failed_step_with_awss_error_and_nothing_is_created(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_copy(COPY, error_code="InternalError", error_details="copy broke")
    outcome = cross.restore(manual(), source_region=REGION, clock=clock)
    assert not outcome.ok
    assert steps(outcome) == [("plan", "done"), ("copy", "failed"), ("create", "skipped"), ("wait", "skipped")]
    error = outcome.steps[1].error
    assert isinstance(error, OperationFailureException)
    assert error.code == "InternalError" and "copy broke" in str(error)
    assert outcome.copy is not None
    assert (outcome.copy.state, outcome.copy.error_code, outcome.copy.error_details) == (
        "error",
        "InternalError",
        "copy broke",
    )
    assert [i.status for i in outcome.instances] == ["not_created", "not_created"]
    assert created(backend) == []
    assert outcome.to_dict()["steps"][1]["error"]["code"] == "InternalError"
    with pytest.raises(RestoreFailedError, match="step copy failed"):
        outcome.raise_for_failures()
    with pytest.raises(PlanRefusedError) as refused:  # a rerun never uses a failed copy, nor copies over it
        cross.restore(manual(), source_region=REGION, clock=clock)
    assert refused.value.rules == ("copy_failed",)
    assert "InternalError: copy broke" in refused.value.plan.errors[0].message
    assert len(sent(backend, "CopySnapshot")) == 1 and created(backend) == []


def test_a_copy_still_pending_at_the_timeout_is_waited_for_by_the_rerun(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.timings = Timings(operation_seconds=10, boot_seconds=20, copy_seconds=600)
    outcome = cross.restore(manual(), source_region=REGION, clock=clock, timeout=60)
    assert not outcome.ok and steps(outcome)[1] == ("copy", "failed")
    assert "still pending at the timeout: run the same restore again" in outcome.steps[1].detail
    assert outcome.steps[1].error is None and created(backend) == []
    assert [i.status for i in outcome.instances] == ["not_created", "not_created"]
    clock.advance(600)
    again = cross.restore(manual(), source_region=REGION, clock=clock)
    assert again.ok and len(sent(backend, "CopySnapshot")) == 1 and created(backend) == [list(NAMES)]


def test_a_copy_whose_answer_is_lost_is_found_and_not_made_twice(
    attempts: int | None, backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    _, client = own_west(backend, boto, attempts)
    backend.lose_answer(operation="CopySnapshot")
    outcome = client.restore(manual(), source_region=REGION, clock=clock)
    assert outcome.ok and outcome.copy is not None and outcome.copy.answer_lost
    assert "the answer was lost" in outcome.steps[1].detail
    assert copies_made(backend) == [COPY]
    assert len(sent(backend, "CopySnapshot")) == 1  # botocore's retries never send a write again
    assert created(backend) == [list(NAMES)]


def test_a_burst_of_5xx_on_the_copys_second_look_costs_rounds_and_the_copy_is_found(
    attempts: int | None, backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    west, client = own_west(backend, boto, attempts)
    backend.lose_answer(operation="CopySnapshot")

    def burst(**_: Any) -> None:  # botocore's retry of the copy (if any), then the second look's calls
        backend.gateway_error(503, count=7 if attempts == 1 else 5, region=WEST)

    west.meta.events.register("before-call.lightsail.CopySnapshot", burst)
    outcome = client.restore(manual(), source_region=REGION, clock=clock, rng=seeded(0))
    assert outcome.ok, outcome.steps
    assert outcome.copy is not None and outcome.copy.answer_lost
    assert "the answer was lost" in outcome.steps[1].detail
    assert copies_made(backend) == [COPY] and created(backend) == [list(NAMES)]


def test_a_copys_second_look_that_cannot_tell_by_the_deadline_says_it_may_have_been_made(
    backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    """Gateway pages until the deadline: the step says the copy may have been made; the rerun goes on from it."""
    west, client = own_west(backend, boto, 1)
    backend.lose_answer(operation="CopySnapshot")
    outcome = restore_in_a_storm(client, west, "CopySnapshot", manual(), clock, source_region=REGION)
    copy = outcome.steps[1]
    assert (copy.name, copy.status) == ("copy", "failed")
    assert "the copy may have been made; nothing was created; run the same restore again" in copy.detail
    assert "looking again met 503 for " in copy.detail
    assert [i.status for i in outcome.instances] == ["not_created"] * 2 and created(backend) == []
    again = client.restore(manual(), source_region=REGION, clock=clock)
    assert again.ok and again.copy is not None and again.copy.resumed
    assert copies_made(backend) == [COPY] and created(backend) == [list(NAMES)]


def test_a_copys_second_look_refused_says_it_may_have_been_made_never_names_in_use(
    attempts: int | None, backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    west, client = own_west(backend, boto, attempts)

    def deny(**_: Any) -> None:  # from the copy on, the second look's read of the copy is refused
        backend.deny_access("GetInstanceSnapshot", region=WEST)

    west.meta.events.register("before-call.lightsail.CopySnapshot", deny)
    backend.lose_answer(operation="CopySnapshot")
    outcome = client.restore(manual(), source_region=REGION, clock=clock)
    west.meta.events.unregister("before-call.lightsail.CopySnapshot", deny)
    copy = outcome.steps[1]
    assert (copy.status, outcome.ok) == ("failed", False) and "the copy may have been made" in copy.detail
    assert "already in use" not in json.dumps(outcome.to_dict())  # what botocore's retry met: never said
    backend.clear_refusals()
    again = client.restore(manual(), source_region=REGION, clock=clock)
    assert again.ok and again.copy is not None and again.copy.resumed
    assert copies_made(backend) == [COPY] and created(backend) == [list(NAMES)]


def test_a_lost_answer_without_a_copy_raises_the_error(
    backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    from lightsail_restore import TransportError

    _, client = own_west(backend, boto, 1)
    backend.drop_connection(operation="CopySnapshot")  # reset before it was applied: nothing made
    with pytest.raises(TransportError):
        client.restore(manual(), source_region=REGION, clock=clock)
    assert copies_made(backend) == [] and created(backend) == []


def test_the_copys_default_name_fits_and_is_the_same_every_time() -> None:
    assert default_copy_name("web-1-snap", None, REGION) == COPY
    assert default_copy_name("web-1", "2026-03-09", REGION) == "web-1-2026-03-09-from-us-east-2"
    long_a, long_b = "a" * 250 + "x", "a" * 250 + "y"
    name_a = default_copy_name(long_a, "2026-03-09", "ap-southeast-5")
    assert len(name_a) == 255 and name_a.endswith("-2026-03-09-from-ap-southeast-5")
    assert name_a != default_copy_name(long_b, "2026-03-09", "ap-southeast-5")  # a digest tells them apart
    assert name_a == default_copy_name(long_a, "2026-03-09", "ap-southeast-5")
    CreateInstancesFromSnapshotRequest.from_manual_snapshot(  # a valid resource name
        name_a, instance_names=["x1"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )


def test_when_the_copy_fails_the_instances_an_earlier_run_created_are_not_said_uncreated(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    assert cross.restore(manual(names=("web-2",)), source_region=REGION, clock=clock).ok
    del backend.state["regions"][WEST]["instanceSnapshots"][COPY]  # someone deleted the copy since
    backend.fail_copy(COPY, error_details="copy broke")
    outcome = cross.restore(manual(), source_region=REGION, clock=clock)
    assert steps(outcome)[1] == ("copy", "failed")
    assert [(i.name, i.status, i.resumed) for i in outcome.instances] == [
        ("web-2", "not_waited", True),
        ("web-3", "not_created", False),
    ]
    assert created(backend) == [list(NAMES)[:1]]


def test_transient_errors_while_waiting_for_the_copy_cost_a_round(
    backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    west, client = own_west(backend, boto, 1)  # no botocore retries: every fault reaches the copy's wait

    def faults_once_copied(**_: Any) -> None:  # after the plan (which reads the source with GetInstanceSnapshot)
        backend.throttle(count=2, operation="GetInstanceSnapshot")
        backend.gateway_error(503, operation="GetInstanceSnapshot")
        backend.drop_connection(operation="GetInstanceSnapshot")

    west.meta.events.register("after-call.lightsail.CopySnapshot", faults_once_copied)
    outcome = client.restore(manual(), source_region=REGION, clock=clock)
    assert outcome.ok and steps(outcome)[1] == ("copy", "done")
    assert len(sent(backend, "CopySnapshot")) == 1
    assert outcome.copy is not None and outcome.copy.retryable_errors == 4
    assert outcome.to_dict()["copy"]["retryableErrors"] == 4


def test_an_error_retrying_cannot_fix_ends_the_copys_wait_and_a_rerun_goes_on(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.deny_access("GetInstanceSnapshot", region=WEST)  # the plan lists snapshots; the wait reads the copy
    outcome = cross.restore(manual(), source_region=REGION, clock=clock)
    assert not outcome.ok and steps(outcome)[1:] == [("copy", "failed"), ("create", "skipped"), ("wait", "skipped")]
    assert isinstance(outcome.steps[1].error, AccessDeniedException) and created(backend) == []
    backend.clear_refusals()
    again = cross.restore(manual(), source_region=REGION, clock=clock)
    assert again.ok and again.copy is not None and again.copy.resumed
    assert len(sent(backend, "CopySnapshot")) == 1 and created(backend) == [list(NAMES)]


def test_the_cut_over_reads_the_source_instance_in_its_own_region(
    backend: LocalLightsail, cross: LightsailRestoreClient, west: LightsailClient, clock: ManualClock
) -> None:
    """web-1 lives in us-east-2: its rules are read there and put on web-2 in us-west-2; its static IP stays."""
    plan = cross.plan(manual(names=("web-2",)), source_region=REGION)
    assert plan.network is not None and plan.network.source is not None
    assert plan.network.source.instance_name == "web-1" and plan.network.source.static_ip == "web-ip"
    [carried] = [f for f in plan.findings if f.rule == "static_ip_not_carried"]
    assert "stays in its Region" in carried.message and "us-west-2" in carried.message
    assert "move_static_ip" not in carried.message  # a static IP cannot move between Regions
    assert carried.params == ("static_ip",)
    east_rules = backend.client(REGION).get_instance_port_states(instanceName="web-1")["portStates"]
    outcome = cross.restore(manual(names=("web-2",)), source_region=REGION, copy_ports=True, clock=clock)
    assert outcome.ok, outcome.steps
    assert [s.name for s in outcome.steps] == ["plan", "copy", "create", "wait", "ports"]
    west_rules = west.get_instance_port_states(instanceName="web-2")["portStates"]
    key = lambda rule: (rule["protocol"], rule["fromPort"], rule["toPort"], tuple(rule.get("cidrs", ())))  # noqa: E731
    assert sorted(map(key, west_rules)) == sorted(map(key, east_rules))
    asked = cross.plan(manual(names=("web-3",)), source_region=REGION, static_ip="web-ip", move_static_ip=True)
    assert [(f.rule, f.severity) for f in asked.errors] == [("static_ip_exists", "error")]  # web-ip is us-east-2's


def test_a_copy_within_one_region_says_the_static_ip_can_move_and_moves_it(
    backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    """source_region is the client's own: the copy stays in us-east-2, and so do web-1 and its static IP."""
    client = LightsailRestoreClient(boto)
    request = manual(names=("web-2",), zone="us-east-2a")
    plan = client.plan(request, source_region=REGION)
    [carried] = [f for f in plan.findings if f.rule == "static_ip_not_carried"]
    assert "stays in its Region" not in carried.message and "give static_ip and move_static_ip" in carried.message
    assert carried.params == ("static_ip", "move_static_ip")
    outcome = client.restore(request, source_region=REGION, clock=clock, static_ip="web-ip", move_static_ip=True)
    assert outcome.ok and outcome.steps[-1].detail.endswith("moved from web-1 to web-2")
    assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"
