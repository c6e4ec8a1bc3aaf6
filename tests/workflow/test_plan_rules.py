"""Every rule the plan can report, each broken alone by a seeded account or request; and clean requests.

Each case asserts the exact ``(rule, path, severity)`` list, that the message says what to do, and (for errors)
that ``restore`` refuses without sending anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from lightsail_restore import (
    AddOnRequest,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    LightsailRestoreClient,
    PlanRefusedError,
    RequestValidationError,
)
from lightsail_restore._api import LightsailApi
from lightsail_restore.local import LocalLightsail
from lightsail_restore.restore._plan import make_plan

from .conftest import (
    CARRIED_REMARKS,
    FAILED_DATE,
    LATEST_DATE,
    NETWORK_REMARKS,
    REGION,
    auto,
    manual,
    seed_snapshot,
    triples,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

Setup = Callable[[LocalLightsail, LightsailRestoreClient], CreateInstancesFromSnapshotRequest]


@dataclass(frozen=True)
class Case:
    """One broken rule: how to break it, the findings expected, and words each message must contain."""

    setup: Setup
    expected: list[tuple[str, str, str]]
    hints: tuple[str, ...]
    quota: int = 20


def _windows_instance(backend: LocalLightsail, client: LightsailRestoreClient) -> CreateInstancesFromSnapshotRequest:
    client.create_instances_from_snapshot(manual("win-snap", ("win-2",), "micro_win_3_0"))
    return auto("win-2", bundle="micro_win_3_0", names=("win-3",))


def _instance_without_auto_snapshots(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> CreateInstancesFromSnapshotRequest:
    client.create_instances_from_snapshot(manual(names=("web-2",)))
    return auto("web-2", names=("web-3",))


def _snapshot_in_error(backend: LocalLightsail, client: LightsailRestoreClient) -> CreateInstancesFromSnapshotRequest:
    seed_snapshot(backend, "broken-snap", state="error")
    return manual("broken-snap")


def _small_disk_snapshot(backend: LocalLightsail, client: LightsailRestoreClient) -> CreateInstancesFromSnapshotRequest:
    # taken from micro_3_0 with a 20 GB system disk: nano_3_0's disk fits, its power and RAM do not
    seed_snapshot(backend, "slim-snap", sizeInGb=20)
    return manual("slim-snap", bundle="nano_3_0")


def _big_disk_snapshot(backend: LocalLightsail, client: LightsailRestoreClient) -> CreateInstancesFromSnapshotRequest:
    # taken from micro_3_0 with a 100 GB system disk: small_3_0 is larger in every way but its 60 GB disk
    seed_snapshot(backend, "fat-snap", sizeInGb=100)
    return manual("fat-snap", bundle="small_3_0")


def _nano_windows_snapshot(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> CreateInstancesFromSnapshotRequest:
    # a Windows snapshot taken from nano_win_3_0 (power 298): the blueprint's minPower is 500
    seed_snapshot(backend, "nano-win-snap", like="win-snap", fromBundleId="nano_win_3_0", sizeInGb=30)
    return manual("nano-win-snap", bundle="nano_win_3_0")


def _odd_bundle_snapshot(backend: LocalLightsail, client: LightsailRestoreClient) -> CreateInstancesFromSnapshotRequest:
    # taken on a bundle whose id names no size and generation: bundleId "same" has nothing to choose
    seed_snapshot(backend, "odd-snap", fromBundleId="custom_bundle")
    return manual("odd-snap", bundle="same")


def _static_ip(backend: LocalLightsail, client: LightsailRestoreClient) -> CreateInstancesFromSnapshotRequest:
    backend.state["regions"][REGION]["staticIps"]["ip-1"] = {"name": "ip-1", "resourceType": "StaticIp"}
    return manual(names=("ip-1",))


def _just(request: CreateInstancesFromSnapshotRequest) -> Setup:
    return lambda backend, client: request


MAP_TO_TAKEN = {"web-2": [DiskMap(original_disk_path="/dev/xvdf", new_disk_name="web-1-data")]}
MAP_BAD_PATH = {"web-2": [DiskMap(original_disk_path="/dev/xvdg", new_disk_name="web-2-data")]}
IDLE = [AddOnRequest(add_on_type="StopInstanceOnIdle")]
AUTO_SNAPSHOT = [AddOnRequest(add_on_type="AutoSnapshot")]

CASES: dict[str, Case] = {
    "X11_zone_exists": Case(
        _just(manual(zone="us-east-2d")),
        [("X11_zone_exists", "availabilityZone", "error")],
        ("use one of us-east-2a, us-east-2b, us-east-2c",),
    ),
    "snapshot_exists": Case(
        _just(manual("no-such-snap")),
        [("snapshot_exists", "instanceSnapshotName", "error")],
        ("no instance snapshot named no-such-snap in us-east-2", "source_region"),
    ),
    "snapshot_available_pending": Case(
        _just(manual("web-1-snap-pending")),
        [("snapshot_available", "instanceSnapshotName", "error")],
        ("state pending", "wait until it is available"),
    ),
    "snapshot_available_error": Case(
        _snapshot_in_error,
        [("snapshot_available", "instanceSnapshotName", "error")],
        ("'error'", "restore another snapshot"),
    ),
    "source_instance_exists": Case(
        _just(auto("ghost-1")),
        [("source_instance_exists", "sourceInstanceName", "error")],
        ("no instance named ghost-1", "restore a manual snapshot"),
    ),
    "auto_snapshot_platform": Case(
        _windows_instance,
        [("auto_snapshot_platform", "sourceInstanceName", "error")],
        ("win-2 is a Windows instance", "restore a manual snapshot instead"),
    ),
    "auto_snapshot_exists_date": Case(
        _just(auto(date="2026-02-01")),
        [("auto_snapshot_exists", "restoreDate", "error")],
        ("no automatic snapshot from 2026-02-01", "restorable dates: 2026-03-03, 2026-03-04, 2026-03-05, 2026-03-07"),
    ),
    "auto_snapshot_exists_latest": Case(
        _instance_without_auto_snapshots,
        [("auto_snapshot_exists", "useLatestRestorableAutoSnapshot", "error")],
        ("web-2 has no successful automatic snapshot", "enable the AutoSnapshot add-on"),
    ),
    "auto_snapshot_succeeded": Case(
        _just(auto(date=FAILED_DATE)),
        [("auto_snapshot_succeeded", "restoreDate", "error")],
        (
            "status 'Failed'",
            f"restorable dates: 2026-03-03, 2026-03-04, 2026-03-05, 2026-03-07, 2026-03-08, {LATEST_DATE}",
        ),
    ),
    "X6_bundle_exists": Case(
        _just(manual(bundle="mega_9_9")),
        [("X6_bundle_exists", "bundleId", "error")],
        ("no bundle mega_9_9",),
    ),
    "X6_bundle_active": Case(
        _just(manual(bundle="medium_2_0")),
        [("X6_bundle_active", "bundleId", "error")],
        ("medium_2_0 is no longer offered", "active bundle"),
    ),
    "X6_bundle_too_small": Case(
        _small_disk_snapshot,
        [("X6_bundle_too_small", "bundleId", "error")],
        ("nano_3_0 is smaller than micro_3_0", "use micro_3_0 or larger"),
    ),
    "X6_bundle_disk_too_small": Case(
        _big_disk_snapshot,
        [("X6_bundle_disk_too_small", "bundleId", "error")],
        ("60 GB disk, smaller than the 100 GB", "use a bundle with at least 100 GB"),
    ),
    "X6_bundle_platform": Case(
        _just(manual("win-snap", bundle="small_3_0")),
        [("X6_bundle_platform", "bundleId", "error")],
        ("small_3_0 runs LINUX_UNIX", "use a WINDOWS bundle"),
    ),
    "X6_bundle_min_power": Case(
        _nano_windows_snapshot,
        [("X6_bundle_min_power", "bundleId", "error")],
        ("power 298, below the blueprint's minimum 500", "use a bundle with power 500 or more"),
    ),
    "X7_ipv6_on_ipv4_bundle": Case(
        _just(manual(ip_address_type="ipv6")),
        [("X7_ipv6_bundle", "ipAddressType", "error")],
        ("IPv6-only bundle (such as nano_ipv6_3_0)",),
    ),
    "X7_ipv4_on_ipv6_bundle": Case(
        _just(manual(bundle="micro_ipv6_3_0", ip_address_type="ipv4")),
        [("X7_ipv6_bundle", "ipAddressType", "error")],
        ("set ipAddressType to ipv6 or pick a bundle with IPv4",),
    ),
    "X7_default_on_ipv6_bundle": Case(
        _just(manual(bundle="micro_ipv6_3_0")),
        [("X7_ipv6_bundle", "ipAddressType", "error")],
        ("defaults to dualstack", "set ipAddressType to ipv6"),
    ),
    "X8_idle_add_on_lfr_only": Case(
        _just(manual(add_ons=IDLE)),
        [("X8_idle_add_on_lfr_only", "addOns[0].addOnType", "error")],
        ("micro_3_0 is not one", "remove the StopInstanceOnIdle add-on"),
    ),
    "bundle_same": Case(
        _odd_bundle_snapshot,
        [("bundle_same", "bundleId", "error")],
        ("the source's bundle (custom_bundle) has no current generation", "name one"),
    ),
    "X9_auto_snapshot_not_windows": Case(
        _just(manual("win-snap", bundle="micro_win_3_0", add_ons=AUTO_SNAPSHOT)),
        [("X9_auto_snapshot_not_windows", "addOns[0].addOnType", "error")],
        ("remove the AutoSnapshot add-on",),
    ),
    "X12_name_of_an_instance": Case(
        _just(manual(names=("web-1",))),
        [("X12_name_in_use", "instanceNames[0]", "error")],
        ("web-1 is already used by an instance", "choose another name"),
    ),
    "X12_name_of_a_disk": Case(
        _just(manual(names=("web-3", "web-1-data"))),
        [("X12_name_in_use", "instanceNames[1]", "error")],
        ("web-1-data is already used by a disk", "choose another name"),
    ),
    "X12_name_of_a_key_pair": Case(
        _just(manual(names=("deploy-key",))),
        [("X12_name_in_use", "instanceNames[0]", "error")],
        ("deploy-key is already used by a key pair", "choose another name"),
    ),
    "X12_name_of_a_static_ip": Case(
        _static_ip,
        [("X12_name_in_use", "instanceNames[0]", "error")],
        ("ip-1 is already used by a static IP", "choose another name"),
    ),
    "X12_new_disk_name": Case(
        _just(manual(attached_disk_mapping=MAP_TO_TAKEN)),
        [("X12_name_in_use", "attachedDiskMapping['web-2'][0].newDiskName", "error")],
        ("web-1-data is already used", "choose another name"),
    ),
    "disk_mapping_path": Case(
        _just(manual(attached_disk_mapping=MAP_BAD_PATH)),
        [("disk_mapping_path", "attachedDiskMapping['web-2'][0].originalDiskPath", "error")],
        ("no disk at /dev/xvdg", "it has /dev/xvdf"),
    ),
    "disk_mapping_path_auto": Case(
        _just(auto(attached_disk_mapping=MAP_BAD_PATH)),
        [("disk_mapping_path", "attachedDiskMapping['web-2'][0].originalDiskPath", "error")],
        (f"automatic snapshot of web-1 from {LATEST_DATE} has no disk at /dev/xvdg", "it has /dev/xvdf"),
    ),
    "key_pair_exists": Case(
        _just(manual(key_pair_name="other-key")),
        [("key_pair_exists", "keyPairName", "error")],
        ("no key pair named other-key in us-east-2", "create or import it first"),
    ),
    "X15_instance_quota": Case(
        _just(manual(names=("web-2", "web-3"))),
        [("X15_instance_quota", "instanceNames", "error")],
        ("1 instances exist and 2 more would exceed the quota of 2", "ask AWS Support"),
        quota=2,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_rule_broken_alone(case: Case, backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    request = case.setup(backend, client)
    the_plan = client.plan(request, instance_quota=case.quota)
    assert triples(the_plan) == case.expected
    assert not the_plan.ok
    for finding in the_plan.errors:
        for hint in case.hints:
            assert hint in finding.message, (hint, finding.message)

    creates = backend.calls("CreateInstancesFromSnapshot")
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(request, instance_quota=case.quota)
    assert refused.value.plan.findings == the_plan.findings
    assert refused.value.rules == tuple(rule for rule, _, _ in case.expected)
    assert backend.calls("CreateInstancesFromSnapshot") == creates


def test_every_rule_of_the_plan_has_a_case() -> None:
    """A rule added to the restore package without a case here (or in the files named below) fails this test."""
    import re
    from pathlib import Path

    import lightsail_restore.restore as restore_package

    folder = Path(restore_package.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py")))
    produced = set(re.findall(r'\.add\(\s*"([^"]+)"', source))
    covered = {rule for case in CASES.values() for rule, _, _ in case.expected}
    covered |= {"X11_zone_in_client_region", "X11_zone_available", "disks_not_restored"}  # tested below
    covered |= {"auto_snapshot_not_carried", "tags_not_carried"}  # tests/cli/test_restore_warnings.py
    covered |= {"user_data_not_run"}  # tests/cli/test_secrets.py
    covered |= {  # tests/workflow/test_resume.py
        "already_created",
        "provenance_tags",
        "resume_differs",
        "resume_drifted",
        "resume_other_date",
        "resume_request_differs",
        "resume_source",
    }
    covered |= {  # tests/workflow/test_cross_region.py
        "copy_date_unproven",
        "copy_exists",
        "copy_failed",
        "copy_name_in_use",
        "copy_not_needed",
        "copy_other_date",
        "copy_same_region",
    }
    covered |= {  # the source's network and the cut-over: tests/workflow/test_cut_over_plan.py
        "copy_ports_source",
        "copy_ports_source_unreachable",  # tests/workflow/test_cross_region_source_down.py
        "source_region_unreachable",  # the same
        "ports_close_every_port",
        "ports_not_carried",
        "ports_put",
        "source_network_unknown",
        "source_ports_unread",
        "static_ip_attach",
        "static_ip_attached",
        "static_ip_exists",
        "static_ip_ipv6_only",
        "static_ip_move",
        "static_ip_not_carried",
        "static_ip_one_instance",
    }
    covered |= {"ready_gate", "ready_port_closed"}  # tests/workflow/test_ready_gate.py
    covered |= {  # tests/workflow/test_disks.py and tests/workflow/test_like_source.py
        "ip_address_type_not_carried",
        "like_source",
        "like_source_instance",
    }
    assert len(produced) > 25, "the pattern no longer finds the rules of the restore package"
    assert produced <= covered, produced - covered


def test_zone_of_another_region(backend: LocalLightsail) -> None:
    """The plan's own X11 check (the client refuses before that: see the next test)."""
    west: LightsailClient = backend.client("us-west-2")
    seed_snapshot(backend, "web-1-snap", region="us-west-2")  # so only the zone is wrong
    the_plan = make_plan(LightsailApi(west), manual())
    assert triples(the_plan) == [("X11_zone_in_client_region", "availabilityZone", "error")]
    message = the_plan.findings[0].message
    assert "us-east-2a is not in us-west-2" in message
    assert "use a zone of us-west-2 or a client for us-east-2" in message
    assert not any(r.operation == "GetRegions" for r in backend.requests)
    assert all(r.region == "us-west-2" for r in backend.requests)


def test_the_client_refuses_a_zone_of_another_region_before_any_look_up(backend: LocalLightsail) -> None:
    west = LightsailRestoreClient(backend.client("us-west-2"))
    with pytest.raises(RequestValidationError) as refused:
        west.plan(manual())
    assert refused.value.rules == ("X11_zone_in_client_region",)
    with pytest.raises(RequestValidationError):
        west.restore(manual())
    assert backend.calls() == 0


def test_zone_not_available_is_a_warning_that_does_not_stop(
    backend: LocalLightsail, client: LightsailRestoreClient, hooks: Callable[..., None]
) -> None:
    def impaired(parsed: dict[str, object], **_: object) -> None:
        for region in parsed["regions"]:  # type: ignore[attr-defined]
            for zone in region.get("availabilityZones", []):
                if zone["zoneName"] == "us-east-2a":
                    zone["state"] = "impaired"

    hooks("after-call.lightsail.GetRegions", impaired)
    the_plan = client.plan(manual())
    assert triples(the_plan) == [("X11_zone_available", "availabilityZone", "warning")]
    assert the_plan.ok and the_plan.warnings == the_plan.findings
    assert "'impaired'" in the_plan.findings[0].message


@pytest.mark.parametrize(
    "request_",
    [
        manual(),
        manual(
            names=("web-2", "web-3"),
            key_pair_name="deploy-key",
            attached_disk_mapping={"web-2": [DiskMap(original_disk_path="/dev/xvdf", new_disk_name="web-2-data")]},
        ),
        manual(bundle="large_3_0", add_ons=AUTO_SNAPSHOT, ip_address_type="ipv4"),
        manual(bundle="micro_ipv6_3_0", ip_address_type="ipv6"),
        manual("win-snap", bundle="micro_win_3_0"),
        manual(bundle="app_standard_xl_1_0", add_ons=IDLE),
        auto(date="2026-03-08"),
        auto(),
        auto(bundle="small_3_0", zone="us-east-2c", key_pair_name="deploy-key"),
    ],
    ids=[
        "manual",
        "manual-two-names-key-disk",
        "manual-larger-add-on-ipv4",
        "manual-ipv6",
        "windows",
        "lfr-idle",
        "auto-by-date",
        "auto-latest",
        "auto-larger-other-zone",
    ],
)
def test_a_clean_request_has_no_findings(
    request_: CreateInstancesFromSnapshotRequest, backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    the_plan = client.plan(request_)
    assert triples(the_plan) == []
    assert the_plan.ok and the_plan.errors == () and the_plan.already_created == ()
    assert the_plan.to_create == tuple(request_.instance_names)
    assert the_plan.mark is not None
    # the request as given, and the snapshot's disks mapped when it maps none (attached_disks)
    disks = {
        d.instance_name: [{"originalDiskPath": d.original_disk_path, "newDiskName": d.new_disk_name}]
        for d in the_plan.disks
    }
    mapped = {} if request_.attached_disk_mapping is not None or not disks else {"attachedDiskMapping": disks}
    assert the_plan.would_send() == {**request_.to_redacted_boto3(), **mapped, "tags": the_plan.mark.tags()}
    assert backend.calls("CreateInstancesFromSnapshot") == 0
    # and AWS (the local service) accepts exactly what the plan passed
    client.create_instances_from_snapshot(the_plan.request)
    assert backend.calls("CreateInstancesFromSnapshot") == 1


DATA = DiskMap(original_disk_path="/dev/xvdf", new_disk_name="web-2-data")


@pytest.mark.parametrize(
    ("request_", "listed"),
    [
        (manual(), "/dev/xvdf (32 GB) for web-2"),
        (auto(), "/dev/xvdf (32 GB) for web-2"),
        (manual(names=("web-2", "web-3"), attached_disk_mapping={"web-2": [DATA]}), "/dev/xvdf (32 GB) for web-3"),
        (manual(attached_disk_mapping={"web-2": [DATA]}), None),
        (manual("win-snap", bundle="micro_win_3_0"), None),
    ],
    ids=["manual", "auto", "one-of-two-mapped", "mapped", "no-disks"],
)
def test_attached_disks_the_request_does_not_map_are_a_warning(
    request_: CreateInstancesFromSnapshotRequest, listed: str | None, client: LightsailRestoreClient
) -> None:
    the_plan = client.plan(request_, attached_disks=False)
    assert the_plan.ok
    warnings = [f for f in the_plan.warnings if f.rule == "disks_not_restored"]
    if listed is None:
        assert warnings == []
        return
    (warning,) = warnings
    assert warning.path == "attachedDiskMapping"
    assert f"will not be restored: {listed};" in warning.message
    assert "map each to a new disk name in attachedDiskMapping" in warning.message


def test_the_disk_warning_stays_on_a_rerun_naming_the_resumed_instances(client: LightsailRestoreClient) -> None:
    client.restore(manual(names=("web-2",)), wait=False, attached_disks=False)
    plan = client.plan(manual(names=("web-2", "web-3")), attached_disks=False)
    warning = next(f for f in plan.warnings if f.rule == "disks_not_restored")
    assert warning.message.endswith(
        "/dev/xvdf (32 GB) for web-2 (created by an earlier run), web-3; map each to a new disk name in "
        "attachedDiskMapping to restore it"
    )
    resumed = client.plan(manual(names=("web-2",)), attached_disks=False).findings
    rules = [f.rule for f in resumed if f.rule not in NETWORK_REMARKS | CARRIED_REMARKS]
    assert rules == ["disks_not_restored", "already_created"]
