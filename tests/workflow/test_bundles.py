"""The bundles a restore of a source can use (``restore_bundles``), their prices, and ``bundleId="same"``."""

from __future__ import annotations

import pytest
from mypy_boto3_lightsail.client import LightsailClient

from lightsail_restore import LightsailRestoreClient, RequestValidationError
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import auto, manual, seed_snapshot

SNAP = {"instanceSnapshotName": "web-1-snap"}


def by_id(client: LightsailRestoreClient, source: dict[str, str]) -> dict[str, tuple[bool, tuple[str, ...]]]:
    return {b.bundle_id: (b.eligible, b.refused) for b in client.restore_bundles(source).bundles}


def test_a_snapshot_of_micro_can_use_micro_and_larger_linux_bundles(client: LightsailRestoreClient) -> None:
    found = client.restore_bundles(SNAP)
    assert found.source is not None and found.source.bundle_id == "micro_3_0"
    assert [b.bundle_id for b in found.eligible] == [
        "micro_ipv6_3_0",
        "micro_3_0",
        "small_ipv6_3_0",
        "small_3_0",
        "medium_ipv6_3_0",
        "medium_3_0",
        "large_ipv6_3_0",
        "large_3_0",
        "xlarge_3_0",
        "2xlarge_3_0",
    ]
    micro = next(b for b in found.bundles if b.bundle_id == "micro_3_0")
    assert (micro.price, micro.cpu_count, micro.ram_size_in_gb, micro.disk_size_in_gb) == (7.0, 2, 1.0, 40)
    assert micro.transfer_per_month_in_gb == 2048 and micro.source_size and micro.same and not micro.ipv6_only
    assert found.same == "micro_3_0"
    assert [b.bundle_id for b in found.bundles if b.ipv6_only and b.eligible] == [
        "micro_ipv6_3_0",
        "small_ipv6_3_0",
        "medium_ipv6_3_0",
        "large_ipv6_3_0",
    ]
    prices = [b.price or 0.0 for b in found.bundles]
    assert prices == sorted(prices)  # cheapest first


@pytest.mark.parametrize(
    ("bundle_id", "why"),
    [
        ("medium_2_0", "is no longer offered (inactive)"),
        ("nano_3_0", "is smaller than micro_3_0"),
        ("nano_ipv6_3_0", "is smaller than micro_3_0"),
        ("micro_win_3_0", "runs WINDOWS, but manual snapshot web-1-snap is LINUX_UNIX"),
    ],
)
def test_each_rule_of_the_plan_leaves_a_bundle_out(client: LightsailRestoreClient, bundle_id: str, why: str) -> None:
    eligible, refused = by_id(client, SNAP)[bundle_id]
    assert not eligible and any(why in reason for reason in refused), refused


def test_a_bundle_whose_disk_is_too_small_is_left_out(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    seed_snapshot(backend, "fat-snap", sizeInGb=100)  # micro_3_0 with a 100 GB system disk
    found = by_id(client, {"instanceSnapshotName": "fat-snap"})
    assert not found["small_3_0"][0] and "smaller than the 100 GB" in found["small_3_0"][1][-1]
    assert not found["micro_3_0"][0] and found["large_3_0"][0]


def test_research_bundles_are_not_listed(client: LightsailRestoreClient) -> None:
    assert "app_standard_xl_1_0" not in by_id(client, SNAP)


def test_a_windows_snapshot_lists_windows_bundles_only(client: LightsailRestoreClient) -> None:
    found = client.restore_bundles({"instanceSnapshotName": "win-snap"})
    assert [b.bundle_id for b in found.eligible] == [
        "micro_win_3_0",
        "small_win_3_0",
        "medium_win_3_0",
        "large_win_3_0",
    ]
    assert found.same == "micro_win_3_0"


def test_an_automatic_snapshot_is_named_as_in_a_request(client: LightsailRestoreClient) -> None:
    found = client.restore_bundles({"sourceInstanceName": "web-1", "useLatestRestorableAutoSnapshot": True})
    assert found.source is not None and found.source.kind == "auto" and found.same == "micro_3_0"
    assert found.api_calls > 0


def test_a_missing_source_is_a_finding_and_nothing_is_eligible_for_it(client: LightsailRestoreClient) -> None:
    found = client.restore_bundles({"instanceSnapshotName": "nope"})
    assert found.source is None and [f.path for f in found.findings if f.severity == "error"] == [
        "instanceSnapshotName"
    ]
    assert found.same is None


def test_a_source_named_twice_is_refused_before_anything_is_sent(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    with pytest.raises(RequestValidationError):
        client.restore_bundles({"instanceSnapshotName": "web-1-snap", "sourceInstanceName": "web-1"})
    assert backend.requests == []


def test_same_chooses_the_sources_size_in_the_current_generation(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    seed_snapshot(backend, "old-snap", fromBundleId="medium_2_0", sizeInGb=80)  # taken on a retired bundle
    assert client.restore_bundles({"instanceSnapshotName": "old-snap"}).same == "medium_3_0"
    plan = client.plan(manual("old-snap", bundle="same"))
    assert plan.ok and plan.request.bundle_id == "medium_3_0"
    assert plan.would_send()["bundleId"] == "medium_3_0"
    assert plan.bundle_price == 24.0 and plan.monthly_price == 24.0
    outcome = client.restore(manual("old-snap", bundle="same"), clock=clock)
    assert outcome.ok
    assert boto.get_instance(instanceName="web-2")["instance"]["bundleId"] == "medium_3_0"
    rerun = client.restore(manual("old-snap", bundle="same"), clock=clock)  # resumed: same digest, same bundle
    assert rerun.ok and rerun.instances[0].resumed


def test_same_from_an_automatic_snapshot(client: LightsailRestoreClient) -> None:
    plan = client.plan(auto(bundle="same"))
    assert plan.ok and plan.request.bundle_id == "micro_3_0"


def test_same_without_a_current_generation_is_a_plan_error(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    seed_snapshot(backend, "odd-snap", fromBundleId="custom")
    plan = client.plan(manual("odd-snap", bundle="same"))
    assert [(f.rule, f.path) for f in plan.errors] == [("bundle_same", "bundleId")]
    assert "the source's bundle (custom) has no current generation" in plan.errors[0].message


@pytest.mark.parametrize("point", [None, "latest"])
def test_same_needs_the_plan(backend: LocalLightsail, client: LightsailRestoreClient, point: str | None) -> None:
    source = {"instanceSnapshotName": "web-1-snap"} if point is None else {"sourceInstanceName": "web-1"}
    request = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "same", **source}
    with pytest.raises(RequestValidationError) as raised:
        client.restore(request, check=False, restore_point=point)
    assert [(i.path, i.rule) for i in raised.value.issues] == [("bundleId", "bundle_same_plans")]
    assert backend.requests == []  # not even the restore points' reads


def test_the_plan_prices_what_the_restore_creates(client: LightsailRestoreClient) -> None:
    plan = client.plan(manual(names=("web-2", "web-3"), bundle="small_3_0"))
    assert plan.bundle_price == 12.0 and plan.monthly_price == 24.0


def test_an_automatic_snapshot_of_a_date_that_does_not_exist_lists_nothing(client: LightsailRestoreClient) -> None:
    found = client.restore_bundles({"sourceInstanceName": "web-1", "restoreDate": "2020-01-01"})
    assert not found.ok and found.eligible == ()
    assert [f.path for f in found.findings if f.severity == "error"] == ["restoreDate"]
