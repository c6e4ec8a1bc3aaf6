"""Disaster recovery when the source Region is the disaster, and a create refused after the copy.

A rerun of a cross-Region restore whose copy is already in the target Region goes on from it when the source Region
does not answer (no answer, a 5xx, throttling: what outlasts botocore's retries) or answers that the source is gone;
it never adopts a copy of anything else, and without a copy it says the source Region could not be reached. A create
AWS refuses after the copy is a failed step beside the copy, and the rerun creates from the same copy.

Real boto3 clients of two Regions on one local backend and a manual clock; the source Region's client makes one
attempt a call (no botocore retries, so nothing really sleeps), and faults are injected in the source Region only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import pytest

from lightsail_restore import (
    AccessDeniedException,
    CreateInstancesFromSnapshotRequest,
    InvalidInputException,
    LightsailRestoreClient,
    PlanRefusedError,
    RestoreFailedError,
    RestoreOutcome,
    SourceRegionUnreachableError,
)
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import LATEST_DATE, REGION, WEST, interrupted_at, seeded, tags_of

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

NAMES = ("web-2", "web-3")
COPY = "web-1-snap-from-us-east-2"
Fault = Callable[[LocalLightsail, str], None]


@pytest.fixture
def cross(west: LightsailClient, impatient_boto: LightsailClient) -> LightsailRestoreClient:
    """A client of us-west-2 reaching us-east-2 (the source) with one attempt a call."""
    return LightsailRestoreClient(west, region_client={REGION: impatient_boto}.__getitem__)


def manual(names: tuple[str, ...] = NAMES) -> CreateInstancesFromSnapshotRequest:
    return CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=list(names), availability_zone="us-west-2a", bundle_id="micro_3_0"
    )


def auto(date: str | None, names: tuple[str, ...] = NAMES) -> CreateInstancesFromSnapshotRequest:
    if date is None:
        return CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
            "web-1", instance_names=list(names), availability_zone="us-west-2b", bundle_id="micro_3_0"
        )
    return CreateInstancesFromSnapshotRequest.from_auto_snapshot(
        "web-1", date, instance_names=list(names), availability_zone="us-west-2b", bundle_id="micro_3_0"
    )


def count(backend: LocalLightsail, operation: str) -> int:
    return sum(1 for r in backend.requests if r.operation == operation)


def applied(backend: LocalLightsail, operation: str) -> list[str]:
    """The resources ``operation`` was applied to in us-west-2 (from the service's operations)."""
    return [
        op["resourceName"] for op in backend.state["regions"][WEST]["operations"] if op["operationType"] == operation
    ]


def steps(outcome: RestoreOutcome) -> list[tuple[str, str]]:
    return [(s.name, s.status) for s in outcome.steps]


def copied_then_stopped(
    cross: LightsailRestoreClient, request: CreateInstancesFromSnapshotRequest, clock: ManualClock, *, create: bool
) -> None:
    """An earlier run: copied (and waited until available), then stopped before or after the create."""
    event = f"{'after' if create else 'before'}-call.lightsail.CreateInstancesFromSnapshot"

    interrupted_at(cross, event, lambda: cross.restore(request, source_region=REGION, clock=clock))
    clock.advance(5)


def _drop(backend: LocalLightsail, operation: str) -> None:
    backend.drop_connection(count=50, operation=operation, region=REGION)


def _gateway(backend: LocalLightsail, operation: str) -> None:
    backend.gateway_error(503, count=50, operation=operation, region=REGION)


def _throttled(backend: LocalLightsail, operation: str) -> None:
    backend.throttle(count=50, operation=operation, region=REGION)


FAULTS: Final = {"no-answer": _drop, "503": _gateway, "throttled": _throttled}
RESOLVE_READS: Final = {"manual": ["GetInstanceSnapshot", "GetBlueprints"], "auto": ["GetInstance", "GetAutoSnapshots"]}
"""The source-side reads of the plan that resolve the source (GetBlueprints: its platform)."""
NETWORK_READS: Final = ["GetInstances", "GetStaticIps", "GetInstancePortStates"]
"""The source-side reads of the plan that look at the source instance's network."""
READS: Final = [
    *[("manual", op) for op in RESOLVE_READS["manual"]],
    ("auto", "GetInstance"),
    ("auto", "GetBlueprints"),
    ("auto", "GetAutoSnapshots"),
    *[("manual", op) for op in NETWORK_READS],
    *[("auto", op) for op in NETWORK_READS],
]


def _request(kind: str) -> CreateInstancesFromSnapshotRequest:
    return manual() if kind == "manual" else auto("2026-03-08")


# -- the source Region down, the copy there ------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
@pytest.mark.parametrize(("kind", "read"), READS, ids=[f"{k}-{op}" for k, op in READS])
@pytest.mark.parametrize("created", [False, True], ids=["not-created", "created"])
def test_a_rerun_goes_on_from_the_copy_when_a_source_read_fails(
    created: bool,
    kind: str,
    read: str,
    fault: str,
    backend: LocalLightsail,
    cross: LightsailRestoreClient,
    clock: ManualClock,
) -> None:
    request = _request(kind)
    copied_then_stopped(cross, request, clock, create=created)
    FAULTS[fault](backend, read)
    outcome = cross.restore(request, source_region=REGION, clock=clock)
    assert outcome.ok, (outcome.steps, outcome.plan)
    assert outcome.succeeded == NAMES
    assert count(backend, "CopySnapshot") == 1 and len(applied(backend, "CopySnapshot")) == 1
    assert count(backend, "CreateInstancesFromSnapshot") == 1 and applied(
        backend, "CreateInstancesFromSnapshot"
    ) == list(NAMES)
    assert any(r.operation == read and r.region == REGION for r in backend.requests[-40:])  # the fault was met
    assert outcome.plan is not None
    (warning,) = [f for f in outcome.plan.findings if f.rule == "source_region_unreachable"]
    assert (warning.severity, warning.path) == ("warning", "sourceRegion")
    assert "us-east-2, the source Region, could not be reached" in warning.message
    if read in RESOLVE_READS[kind] or read == "GetBlueprints":
        assert "the restore goes on from" in warning.message and "not checked: that" in warning.message
        assert "still exists and is available" in warning.message and "firewall rules and static IP" in warning.message
    else:
        assert "firewall rules and static IP of web-1" in warning.message
    label = "us-east-2:web-1-snap" if kind == "manual" else "us-east-2:web-1@2026-03-08"
    assert [i.source for i in outcome.instances] == [label, label]
    if created:
        assert all(i.resumed for i in outcome.instances)
        assert steps(outcome)[1:3] == [("copy", "skipped"), ("create", "skipped")]
    else:
        assert steps(outcome)[1:3] == [("copy", "skipped"), ("create", "done")]
        assert tags_of(cross.lightsail, "web-2")["lightsail-restore:source"] == label


def test_the_plan_of_a_rerun_with_the_source_down_says_what_it_did_not_check(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    copied_then_stopped(cross, manual(), clock, create=False)
    _drop(backend, "GetInstanceSnapshot")
    backend.clear_requests()
    plan = cross.plan(manual(), source_region=REGION)
    assert plan.ok and plan.copy is not None and (plan.copy.name, plan.copy.state) == (COPY, "available")
    assert plan.source is not None and (plan.source.bundle_id, plan.source.size_in_gb) == ("micro_3_0", 40)
    assert plan.source.platform == "LINUX_UNIX" and plan.source.created_at is None
    rules = [(f.rule, f.severity) for f in plan.findings]
    assert ("source_region_unreachable", "warning") in rules and ("copy_exists", "info") in rules
    east = [r.operation for r in backend.requests if r.region == REGION]
    assert east == ["GetInstanceSnapshot"]  # given up at once: the network of the source is not read either
    assert plan.would_send()["instanceSnapshotName"] == COPY
    assert plan.network is not None and plan.network.source is None
    # the target Region's checks still run, against what the copy holds
    smaller = manual().model_copy(update={"bundle_id": "nano_3_0"})
    assert ("X6_bundle_too_small", "error") in [
        (f.rule, f.severity) for f in cross.plan(smaller, source_region=REGION).findings
    ]


def test_the_latest_goes_on_from_the_newest_days_copy_when_the_source_is_down(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    copied_then_stopped(cross, auto(None), clock, create=False)
    _gateway(backend, "GetInstance")
    outcome = cross.restore(auto(None), source_region=REGION, clock=clock)
    assert outcome.ok and outcome.copy is not None
    assert outcome.copy.name == f"web-1-{LATEST_DATE}-from-us-east-2"
    assert outcome.restored_date == LATEST_DATE
    assert count(backend, "CopySnapshot") == 1


def test_the_latest_under_a_copy_name_of_ones_own_cannot_stand_in(
    backend: LocalLightsail, west: LightsailClient, impatient_boto: LightsailClient, clock: ManualClock
) -> None:
    client = LightsailRestoreClient(west, region_client={REGION: impatient_boto}.__getitem__)
    assert client.restore(auto(None, ("web-2",)), source_region=REGION, copy_name="web-dr", clock=clock).ok
    _drop(backend, "GetInstance")
    with pytest.raises(SourceRegionUnreachableError) as down:
        client.plan(auto(None, ("web-3",)), source_region=REGION, copy_name="web-dr")
    assert "give restoreDate" in str(down.value)


# -- no usable copy: the source Region could not be reached --------------------------------------------------------


def _copy_of_another_snapshot(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    west.copy_snapshot(sourceRegion="us-east-2", sourceSnapshotName="win-snap", targetSnapshotName=COPY)
    clock.advance(backend.timings.copy_seconds)


def _copy_of_another_source(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    """The same content (a copy of a copy of web-1-snap), copied from another source: never this request's."""
    west.copy_snapshot(sourceRegion="us-east-2", sourceSnapshotName="web-1-snap", targetSnapshotName="web-1-west")
    clock.advance(backend.timings.copy_seconds)
    west.copy_snapshot(sourceRegion=WEST, sourceSnapshotName="web-1-west", targetSnapshotName=COPY)
    clock.advance(backend.timings.copy_seconds)


def _not_a_copy(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    """A snapshot of that name with the right content, that AWS lists no CopySnapshot for."""
    regions = backend.state["regions"]
    snapshot = {**regions[REGION]["instanceSnapshots"]["web-1-snap"], "name": COPY}
    snapshot["location"] = {**snapshot["location"], "regionName": WEST}
    regions[WEST]["instanceSnapshots"][COPY] = snapshot


def _nothing(backend: LocalLightsail, west: LightsailClient, clock: ManualClock) -> None:
    return None


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        (_nothing, f"looked for {COPY}"),
        (_copy_of_another_snapshot, "it is a copy of us-east-2:win-snap, not of us-east-2:web-1-snap"),
        (_copy_of_another_source, "it is a copy of us-west-2:web-1-west, not of us-east-2:web-1-snap"),
        (_not_a_copy, "AWS lists no operation that made it"),
    ],
    ids=["no-copy", "a-copy-of-another-snapshot", "a-copy-of-another-source", "not-a-copy"],
)
@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_without_this_requests_copy_the_source_region_down_is_a_clear_error(
    setup: Callable[[LocalLightsail, LightsailClient, ManualClock], None],
    why: str,
    fault: str,
    backend: LocalLightsail,
    west: LightsailClient,
    cross: LightsailRestoreClient,
    clock: ManualClock,
) -> None:
    setup(backend, west, clock)
    copies = count(backend, "CopySnapshot")
    FAULTS[fault](backend, "GetInstanceSnapshot")
    with pytest.raises(SourceRegionUnreachableError) as down:
        cross.restore(manual(), source_region=REGION, clock=clock)
    message = str(down.value)
    assert message.startswith("us-east-2, the source Region, could not be reached (")
    assert why in message and "nothing was sent" in message and "once us-east-2 answers" in message
    assert down.value.region == REGION and down.value.cause is not None
    assert count(backend, "CopySnapshot") == copies and count(backend, "CreateInstancesFromSnapshot") == 0
    with pytest.raises(SourceRegionUnreachableError):
        cross.plan(manual(), source_region=REGION)


def test_an_error_retrying_cannot_fix_in_the_source_region_is_not_unreachable(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """Access denied is an answer: the copy does not stand in, the error is AWS's."""
    copied_then_stopped(cross, manual(), clock, create=False)
    backend.deny_access("GetInstanceSnapshot", region=REGION)
    with pytest.raises(AccessDeniedException):
        cross.restore(manual(), source_region=REGION, clock=clock)
    assert count(backend, "CreateInstancesFromSnapshot") == 0


# -- the source gone -----------------------------------------------------------------------------------------------


def _delete_snapshot(backend: LocalLightsail) -> None:
    del backend.state["regions"][REGION]["instanceSnapshots"]["web-1-snap"]


def _delete_instance(backend: LocalLightsail) -> None:
    regions = backend.state["regions"][REGION]
    del regions["instances"]["web-1"]
    regions["autoSnapshots"].pop("web-1", None)


@pytest.mark.parametrize("kind", ["manual", "auto"])
def test_a_source_deleted_after_the_copy_goes_on_from_the_copy_with_a_warning(
    kind: str, backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    request = _request(kind)
    copied_then_stopped(cross, request, clock, create=False)
    (_delete_snapshot if kind == "manual" else _delete_instance)(backend)
    outcome = cross.restore(request, source_region=REGION, clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert count(backend, "CopySnapshot") == 1 and applied(backend, "CreateInstancesFromSnapshot") == list(NAMES)
    assert outcome.plan is not None
    (gone,) = [f for f in outcome.plan.findings if f.rule == "source_gone"]
    assert gone.severity == "warning"
    assert gone.path == ("instanceSnapshotName" if kind == "manual" else "sourceInstanceName")
    assert "no longer exists" in gone.message and "not checked: that the copy was made after" in gone.message
    assert not outcome.plan.errors


def test_a_source_deleted_with_no_copy_is_the_usual_not_found_error(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    _delete_snapshot(backend)
    with pytest.raises(PlanRefusedError) as refused:
        cross.restore(manual(), source_region=REGION, clock=clock)
    assert refused.value.rules == ("snapshot_exists",)


def test_a_source_deleted_does_not_make_anothers_copy_this_requests(
    backend: LocalLightsail, west: LightsailClient, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    _copy_of_another_source(backend, west, clock)
    _delete_snapshot(backend)
    with pytest.raises(PlanRefusedError) as refused:
        cross.restore(manual(), source_region=REGION, clock=clock)
    assert refused.value.rules == ("snapshot_exists",)
    assert count(backend, "CreateInstancesFromSnapshot") == 0


# -- the cut-over with the source down -----------------------------------------------------------------------------


@pytest.mark.parametrize("read", ["GetInstanceSnapshot", "GetInstances", "GetInstancePortStates"])
def test_copy_ports_with_the_source_down_is_an_error_naming_the_option(
    read: str, backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    copied_then_stopped(cross, manual(), clock, create=False)
    _gateway(backend, read)
    with pytest.raises(PlanRefusedError) as refused:
        cross.restore(manual(), source_region=REGION, clock=clock, copy_ports=True)
    assert refused.value.rules == ("copy_ports_source_unreachable",)
    (error,) = refused.value.plan.errors
    assert error.path == "portInfos" and error.message.startswith("copy_ports copies the firewall rules of web-1")
    assert "could not be reached" in error.message and "give the rules with ports instead" in error.message
    assert error.params == ("copy_ports", "ports") and "--" not in error.message
    assert count(backend, "CreateInstancesFromSnapshot") == 0
    given = [{"fromPort": 443, "toPort": 443, "protocol": "tcp"}]
    outcome = cross.restore(manual(), source_region=REGION, clock=clock, ports=given)  # given rules need no source
    assert outcome.ok and steps(outcome)[-1] == ("ports", "done")


def test_a_static_ip_of_the_target_region_is_attached_with_the_source_down(
    backend: LocalLightsail, west: LightsailClient, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """A static IP stays in its Region: the one attached is the target's, and moving it needs nothing of the source."""
    west.allocate_static_ip(staticIpName="dr-ip")
    request = manual(("web-2",))
    copied_then_stopped(cross, request, clock, create=True)
    _drop(backend, "GetInstanceSnapshot")
    outcome = cross.restore(request, source_region=REGION, clock=clock, static_ip="dr-ip")
    assert outcome.ok and steps(outcome)[-1] == ("static-ip", "done")
    assert west.get_static_ip(staticIpName="dr-ip")["staticIp"]["attachedTo"] == "web-2"
    assert count(backend, "CopySnapshot") == 1 and count(backend, "CreateInstancesFromSnapshot") == 1


# -- a create refused after the copy -------------------------------------------------------------------------------


def _deny(backend: LocalLightsail) -> type[Exception]:
    backend.deny_access("CreateInstancesFromSnapshot", region=WEST)
    return AccessDeniedException


def _cap(backend: LocalLightsail) -> type[Exception]:
    backend.plan_size_cap = "nano_3_0"
    return InvalidInputException


@pytest.mark.parametrize("refuse", [_deny, _cap], ids=["access-denied", "plan-size"])
def test_a_create_refused_after_the_copy_keeps_the_copy_in_the_outcome_and_the_rerun_uses_it(
    refuse: Callable[[LocalLightsail], type[Exception]],
    backend: LocalLightsail,
    cross: LightsailRestoreClient,
    clock: ManualClock,
) -> None:
    kind = refuse(backend)
    outcome = cross.restore(manual(), source_region=REGION, clock=clock)
    assert not outcome.ok and outcome.succeeded == ()
    assert steps(outcome) == [("plan", "done"), ("copy", "done"), ("create", "failed"), ("wait", "skipped")]
    assert outcome.copy is not None and (outcome.copy.name, outcome.copy.state) == (COPY, "available")
    error = outcome.steps[2].error
    assert isinstance(error, kind)
    assert f"from {COPY} ({type(error).__name__}" in outcome.steps[2].detail
    assert "run the same restore again to create from it" in outcome.steps[2].detail
    assert [i.status for i in outcome.instances] == ["not_created", "not_created"]
    data = outcome.to_dict()
    assert data["ok"] is False and data["copy"]["state"] == "available"
    assert data["steps"][2]["error"]["errorCode"] == type(error).__name__
    with pytest.raises(RestoreFailedError, match="step create failed"):
        outcome.raise_for_failures()
    assert applied(backend, "CreateInstancesFromSnapshot") == []

    backend.clear_refusals()
    again = cross.restore(manual(), source_region=REGION, clock=clock)
    assert again.ok and again.succeeded == NAMES
    assert again.copy is not None and again.copy.resumed and steps(again)[1] == ("copy", "skipped")
    assert count(backend, "CopySnapshot") == 1 and applied(backend, "CopySnapshot") == [COPY]
    assert count(backend, "CreateInstancesFromSnapshot") == 2  # the refused one, and the one that created
    assert applied(backend, "CreateInstancesFromSnapshot") == list(NAMES)  # one create per name


def test_a_create_refused_after_the_copy_raises_with_raise_on_failure(
    backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    _deny(backend)
    with pytest.raises(RestoreFailedError) as failed:
        cross.restore(manual(), source_region=REGION, clock=clock, raise_on_failure=True)
    assert failed.value.outcome.copy is not None and failed.value.outcome.copy.state == "available"


def test_a_same_region_create_refused_still_raises_awss_error(
    backend: LocalLightsail, boto: LightsailClient, clock: ManualClock
) -> None:
    """Nothing was done before it: the refusal is the whole story (unchanged)."""
    backend.deny_access("CreateInstancesFromSnapshot")
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    with pytest.raises(AccessDeniedException):
        LightsailRestoreClient(boto).restore(request, clock=clock)


@pytest.mark.parametrize("instances", [1, 20])
def test_what_a_rerun_with_the_source_down_costs_as_docs_restore_md_says(
    instances: int, backend: LocalLightsail, cross: LightsailRestoreClient, clock: ManualClock
) -> None:
    """docs/restore.md: 1 call in the source Region and 9 in the target to plan, the create 1, the wait 9; then 12."""
    request = manual(tuple(f"dr-{i}" for i in range(instances)))
    copied_then_stopped(cross, request, clock, create=False)
    _drop(backend, "GetInstanceSnapshot")
    backend.clear_requests()
    outcome = cross.restore(request, source_region=REGION, clock=clock, rng=seeded(0))
    assert outcome.ok and outcome.plan is not None
    east = [r for r in backend.requests if r.region == REGION]
    assert len(east) == 1 and outcome.plan.api_calls == 10
    assert outcome.api_calls == len(backend.requests) == 10 + 1 + 9
    backend.clear_requests()
    again = cross.restore(request, source_region=REGION, clock=clock, rng=seeded(0))
    assert again.ok and again.api_calls == len(backend.requests) == 12
