"""The source the plan resolves, and what the plan costs in API calls (read-only, never one call per name)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from lightsail_restore import CreateInstancesFromSnapshotRequest, LightsailRestoreClient, ResolvedSource, SourceDisk
from lightsail_restore.local import LocalLightsail

from .conftest import LATEST_DATE, REGION, START, auto, manual, operations

AFTER_THE_SOURCE = [
    "GetBundles",
    "GetInstances",
    "GetDisks",
    "GetKeyPairs",
    "GetStaticIps",
    "GetInstancePortStates",  # the source instance's firewall (_network.py)
]
"""The plan's reads once it has read the source: the same for every kind of source."""
MANUAL_READS = ["GetRegions", "GetInstanceSnapshot", "GetBlueprints", *AFTER_THE_SOURCE]
AUTO_READS = ["GetRegions", "GetInstance", "GetBlueprints", "GetAutoSnapshots", *AFTER_THE_SOURCE]


@pytest.fixture
def web_1_arn(backend: LocalLightsail) -> str:
    return str(backend.state["regions"][REGION]["instances"]["web-1"]["arn"])


def test_manual_source(client: LightsailRestoreClient, web_1_arn: str) -> None:
    source = client.plan(manual()).source
    assert source == ResolvedSource(
        kind="manual",
        name="web-1-snap",
        date=None,
        created_at=START - timedelta(days=2),
        size_in_gb=40,
        bundle_id="micro_3_0",
        blueprint_id="ubuntu_22_04",
        platform="LINUX_UNIX",
        disks=(SourceDisk(path="/dev/xvdf", size_in_gb=32, name="web-1-data"),),
        instance_name="web-1",
        instance_arn=web_1_arn,
    )
    assert source.describe() == "manual snapshot web-1-snap"


def test_windows_manual_source(client: LightsailRestoreClient) -> None:
    source = client.plan(manual("win-snap", bundle="micro_win_3_0")).source
    assert source is not None
    assert (source.kind, source.name, source.size_in_gb, source.bundle_id) == (
        "manual",
        "win-snap",
        60,
        "micro_win_3_0",
    )
    assert (source.blueprint_id, source.platform, source.disks) == ("windows_server_2022", "WINDOWS", ())


@pytest.mark.parametrize(("date", "expected"), [("2026-03-08", "2026-03-08"), (None, LATEST_DATE)])
def test_auto_source(date: str | None, expected: str, client: LightsailRestoreClient, web_1_arn: str) -> None:
    source = client.plan(auto(date=date)).source
    assert source == ResolvedSource(
        kind="auto",
        name="web-1",
        date=expected,
        created_at=START.replace(day=int(expected[-2:]), hour=6),
        size_in_gb=40,  # web-1's system disk (micro_3_0)
        bundle_id="micro_3_0",
        blueprint_id="ubuntu_22_04",
        platform="LINUX_UNIX",
        disks=(SourceDisk(path="/dev/xvdf", size_in_gb=32),),
        instance_name="web-1",
        instance_arn=web_1_arn,
    )
    assert source.describe() == f"automatic snapshot of web-1 from {expected}"


def test_an_unresolved_source_is_none(client: LightsailRestoreClient) -> None:
    assert client.plan(manual("no-such-snap")).source is None
    assert client.plan(auto("ghost-1")).source is None


def test_the_plan_makes_read_only_calls_and_counts_each(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    the_plan = client.plan(manual())
    assert operations(backend) == MANUAL_READS
    assert the_plan.api_calls == 9 == backend.calls()
    backend.clear_requests()
    the_plan = client.plan(auto())
    assert operations(backend) == AUTO_READS
    assert the_plan.api_calls == 10 == backend.calls()


@pytest.mark.parametrize("count", [1, 5, 20])
@pytest.mark.parametrize(("build", "calls"), [(manual, 9), (auto, 10)], ids=["manual", "auto"])
def test_the_plan_costs_the_same_for_1_5_or_20_names(
    count: int,
    build: Callable[..., CreateInstancesFromSnapshotRequest],
    calls: int,
    backend: LocalLightsail,
    client: LightsailRestoreClient,
) -> None:
    names = tuple(f"node-{i}" for i in range(count))
    the_plan = client.plan(build(names=names), instance_quota=25)
    assert the_plan.ok, the_plan.findings
    assert the_plan.to_create == names
    assert the_plan.api_calls == calls == backend.calls()


def test_every_page_is_one_call_and_still_not_per_name(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    backend.page_size = 2
    one = client.plan(manual(names=("node-0",))).api_calls
    assert backend.calls("GetBundles") == 9  # 17 bundles, 2 a page
    assert backend.calls("GetBlueprints") == 3  # 6 blueprints
    assert one == 19 == backend.calls()
    assert client.plan(manual(names=tuple(f"node-{i}" for i in range(20))), instance_quota=25).api_calls == one


def test_a_lightsail_for_research_bundle_costs_one_more_listing(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    the_plan = client.plan(manual(bundle="app_standard_xl_1_0"))
    assert the_plan.ok
    assert [r.params.get("appCategory") for r in backend.requests if r.operation == "GetBundles"] == [None, "LfR"]
    assert the_plan.api_calls == 10 == backend.calls()


def test_resuming_costs_the_same_for_1_or_5_names(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    names = tuple(f"node-{i}" for i in range(5))
    client.restore(manual(names=names), wait=False)
    backend.clear_requests()
    five = client.plan(manual(names=names))
    assert five.already_created == names
    backend.clear_requests()
    one = client.plan(manual(names=names[:1]))
    assert five.api_calls == one.api_calls
