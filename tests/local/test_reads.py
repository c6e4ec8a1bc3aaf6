"""The read operations: the demo account as each Get* shows it, NotFound answers, and pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import FAILED_DATE, base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


class TestDemoAccount:
    def test_regions(self, client: LightsailClient) -> None:
        regions = client.get_regions()["regions"]
        names = [r["name"] for r in regions]
        assert "us-east-2" in names
        assert "us-west-1" not in names  # no Lightsail endpoint there
        assert len(names) == len(set(names)) == 16
        assert all(r["availabilityZones"] == r["relationalDatabaseAvailabilityZones"] == [] for r in regions)  # E13
        assert regions[1]["description"] == "This region is recommended to serve users in the eastern United States"
        with_zones = client.get_regions(includeAvailabilityZones=True)["regions"]
        ohio = next(r for r in with_zones if r["name"] == "us-east-2")
        assert [z["zoneName"] for z in ohio["availabilityZones"]] == ["us-east-2a", "us-east-2b", "us-east-2c"]
        assert ohio["displayName"] == "Ohio"

    def test_bundles(self, client: LightsailClient) -> None:
        active = {b["bundleId"]: b for b in client.get_bundles()["bundles"]}
        assert "medium_2_0" not in active
        assert {"nano_3_0", "micro_3_0", "micro_ipv6_3_0", "micro_win_3_0"} <= set(active)
        assert active["micro_ipv6_3_0"]["publicIpv4AddressCount"] == 0
        assert active["micro_win_3_0"]["supportedPlatforms"] == ["WINDOWS"]
        assert "app_standard_xl_1_0" not in active
        with_inactive = {b["bundleId"]: b for b in client.get_bundles(includeInactive=True)["bundles"]}
        assert with_inactive["medium_2_0"]["isActive"] is False
        lfr = client.get_bundles(appCategory="LfR")["bundles"]
        assert [b["bundleId"] for b in lfr] == ["app_standard_xl_1_0"]
        assert lfr[0]["supportedAppCategories"] == ["LfR"]

    def test_bundles_carry_their_monthly_price_and_size(self, client: LightsailClient) -> None:
        active: dict[str, dict[str, Any]] = {b["bundleId"]: dict(b) for b in client.get_bundles()["bundles"]}
        figures = ("price", "cpuCount", "ramSizeInGb", "diskSizeInGb", "transferPerMonthInGb", "power")
        # get-bundles.rst (E14, C-10), every member as it shows them
        assert [active["nano_3_0"][f] for f in figures] == [5.0, 2, 0.5, 20, 1024, 298]
        assert [active["micro_3_0"][f] for f in figures] == [7.0, 2, 1.0, 40, 2048, 500]
        assert [active["small_3_0"][f] for f in figures] == [12.0, 2, 2.0, 60, 3072, 1000]
        assert (active["medium_3_0"]["price"], active["medium_win_3_0"]["price"]) == (24.0, 44.0)  # the guide's bill
        assert (active["nano_win_3_0"]["price"], active["nano_ipv6_3_0"]["price"]) == (9.5, 3.5)  # FAQ; pricing
        assert [active[f"{s}_ipv6_3_0"]["price"] for s in ("micro", "small", "medium", "large")] == [5, 10, 20, 40]
        assert all(b["isActive"] and b["supportedPlatforms"] for b in active.values())
        assert {b["publicIpv4AddressCount"] for i, b in active.items() if "_ipv6_" not in i} == {1}

    def test_blueprints(self, client: LightsailClient) -> None:
        platforms = {b["blueprintId"]: b["platform"] for b in client.get_blueprints()["blueprints"]}
        assert platforms["ubuntu_22_04"] == "LINUX_UNIX"
        assert platforms["windows_server_2022"] == "WINDOWS"

    def test_web_1(self, client: LightsailClient) -> None:
        web1 = client.get_instance(instanceName="web-1")["instance"]
        assert (web1["bundleId"], web1["blueprintId"]) == ("micro_3_0", "ubuntu_22_04")
        assert web1["location"]["availabilityZone"] == "us-east-2a"
        assert web1["sshKeyName"] == "deploy-key"
        assert web1["state"] == {"code": 16, "name": "running"}
        assert [(a["name"], a["snapshotTimeOfDay"]) for a in web1["addOns"]] == [("AutoSnapshot", "06:00")]
        assert web1["tags"] == [{"key": "env", "value": "prod"}]
        assert (web1["ipAddressType"], "ipv6Addresses" in web1) == ("ipv4", False)  # IPv4 only (issue 24)
        disks = {d["path"]: d for d in web1["hardware"]["disks"]}
        assert disks["/dev/xvda"]["isSystemDisk"] is True
        assert (disks["/dev/xvdf"]["name"], disks["/dev/xvdf"]["sizeInGb"]) == ("web-1-data", 32)
        assert client.get_instance_state(instanceName="web-1")["state"] == {"code": 16, "name": "running"}
        assert [i["name"] for i in client.get_instances()["instances"]] == ["web-1"]
        assert (web1["isStaticIp"], web1["publicIpAddress"]) == (
            True,
            client.get_static_ip(staticIpName="web-ip")["staticIp"]["ipAddress"],
        )
        assert "name" not in disks["/dev/xvda"]

    def test_web_1_has_custom_firewall_rules(self, client: LightsailClient) -> None:
        ports = client.get_instance(instanceName="web-1")["instance"]["networking"]["ports"]
        assert [(p["fromPort"], p["protocol"], p["accessFrom"]) for p in ports] == [  # IPv4-only: no ::/0
            (80, "tcp", "Anywhere (0.0.0.0/0)"),
            (22, "tcp", "Anywhere (0.0.0.0/0)"),
            (443, "tcp", "Anywhere (0.0.0.0/0)"),
            (8080, "tcp", "Custom"),
        ]
        assert (ports[3]["cidrs"], ports[3]["ipv6Cidrs"]) == (["203.0.113.0/24"], [])
        states = client.get_instance_port_states(instanceName="web-1")["portStates"]
        assert [(p["fromPort"], p["state"], p["cidrs"]) for p in states][2:] == [
            (443, "open", ["0.0.0.0/0"]),
            (8080, "open", ["203.0.113.0/24"]),
        ]

    def test_snapshots(self, client: LightsailClient) -> None:
        snap = client.get_instance_snapshot(instanceSnapshotName="web-1-snap")["instanceSnapshot"]
        assert (snap["state"], snap["sizeInGb"], snap["fromInstanceName"]) == ("available", 40, "web-1")
        assert (snap["fromBundleId"], snap["fromBlueprintId"]) == ("micro_3_0", "ubuntu_22_04")
        assert [(d["name"], d["path"]) for d in snap["fromAttachedDisks"]] == [("web-1-data", "/dev/xvdf")]
        assert snap["location"]["availabilityZone"] == "all"
        assert snap["isFromAutoSnapshot"] is False
        pending = client.get_instance_snapshot(instanceSnapshotName="web-1-snap-pending")["instanceSnapshot"]
        assert pending["state"] == "pending"
        win = client.get_instance_snapshot(instanceSnapshotName="win-snap")["instanceSnapshot"]
        assert (win["fromBundleId"], win["fromBlueprintId"]) == ("micro_win_3_0", "windows_server_2022")
        listed = sorted(s["name"] for s in client.get_instance_snapshots()["instanceSnapshots"])
        assert listed == ["web-1-snap", "web-1-snap-pending", "win-snap"]

    def test_auto_snapshots(self, client: LightsailClient) -> None:
        answer = client.get_auto_snapshots(resourceName="web-1")
        assert (answer["resourceName"], answer["resourceType"]) == ("web-1", "Instance")
        dates = {s["date"]: s["status"] for s in answer["autoSnapshots"]}
        assert list(dates) == [f"2026-03-0{d}" for d in range(9, 2, -1)], "newest first (E9)"
        assert all(s["createdAt"].microsecond == 0 for s in answer["autoSnapshots"])  # whole seconds (E9)
        assert [d for d, status in dates.items() if status != "Success"] == [FAILED_DATE]
        assert all(s["fromAttachedDisks"] == [{"path": "/dev/xvdf", "sizeInGb": 32}] for s in answer["autoSnapshots"])
        disk = client.get_auto_snapshots(resourceName="web-1-data")
        assert (disk["resourceType"], disk["autoSnapshots"]) == ("Disk", [])

    def test_key_pairs_disks_static_ips(self, client: LightsailClient) -> None:
        key = client.get_key_pair(keyPairName="deploy-key")["keyPair"]
        assert key["fingerprint"].count(":") == 15
        assert [k["name"] for k in client.get_key_pairs()["keyPairs"]] == ["deploy-key"]
        disk = client.get_disk(diskName="web-1-data")["disk"]
        assert (disk["sizeInGb"], disk["path"], disk["attachedTo"], disk["state"]) == (
            32,
            "/dev/xvdf",
            "web-1",
            "in-use",
        )
        assert [d["name"] for d in client.get_disks()["disks"]] == ["web-1-data"]
        static_ip = client.get_static_ip(staticIpName="web-ip")["staticIp"]
        assert (static_ip["attachedTo"], static_ip["isAttached"]) == ("web-1", True)
        assert static_ip["location"]["availabilityZone"] == "all"
        assert [i["name"] for i in client.get_static_ips()["staticIps"]] == ["web-ip"]
        assert key["location"]["availabilityZone"] == "all"  # E12

    def test_no_operations_yet(self, client: LightsailClient) -> None:
        assert client.get_operations()["operations"] == []

    def test_an_empty_backend_has_the_catalogue_and_no_resources(self) -> None:
        client = LocalLightsail.empty().client()
        assert client.get_instances()["instances"] == []
        assert client.get_instance_snapshots()["instanceSnapshots"] == []
        assert client.get_bundles()["bundles"]
        assert client.get_blueprints()["blueprints"]


NOT_FOUND_CASES: list[tuple[str, dict[str, str], str]] = [
    ("get_instance", {"instanceName": "ghost"}, "The Instance does not exist: ghost"),
    ("get_instance_state", {"instanceName": "ghost"}, "The Instance does not exist: ghost"),
    ("get_instance_snapshot", {"instanceSnapshotName": "ghost"}, "The InstanceSnapshot does not exist: ghost"),
    ("get_auto_snapshots", {"resourceName": "ghost"}, "The resource does not exist: ghost"),
    ("get_key_pair", {"keyPairName": "ghost"}, "The KeyPair does not exist: ghost"),
    ("get_disk", {"diskName": "ghost"}, "The Disk does not exist: ghost"),
    ("get_static_ip", {"staticIpName": "ghost"}, "The StaticIp does not exist: ghost"),
    ("get_instance_port_states", {"instanceName": "ghost"}, "The Instance does not exist: ghost"),
    ("get_operation", {"operationId": "ghost"}, "The Operation does not exist: ghost"),
]


@pytest.mark.parametrize(("method", "params", "message"), NOT_FOUND_CASES, ids=[c[0] for c in NOT_FOUND_CASES])
def test_not_found(method: str, params: dict[str, str], message: str, client: LightsailClient) -> None:
    response = client_error(getattr(client, method), **params)
    assert response["Error"]["Code"] == "NotFoundException"
    assert response["Error"]["Message"] == message
    assert response["code"] == "DoesNotExist"  # E18, E19: inferred
    assert "tip" not in response


# -- pagination -------------------------------------------------------------------------------------------------


def _more_resources(backend: LocalLightsail, client: LightsailClient, clock: ManualClock) -> None:
    """Enough of everything for several pages of 2."""
    backend.instance_quota = 50
    for n in range(2, 7):
        client.create_instances_from_snapshot(
            **base_request(
                instanceNames=[f"web-{n}"],
                attachedDiskMapping={f"web-{n}": [{"originalDiskPath": "/dev/xvdf", "newDiskName": f"web-{n}-data"}]},
            )
        )
    for n in range(3):  # three operations for one resource: two fail, then one succeeds
        if n < 2:
            backend.fail_operation("retry-me")
        client.create_instances_from_snapshot(**base_request(instanceNames=["retry-me"]))
        clock.advance(backend.timings.operation_seconds)
    region = backend.state["regions"]["us-east-2"]
    for n in range(4):
        key = {**region["keyPairs"]["deploy-key"], "name": f"key-{n}"}
        region["keyPairs"][key["name"]] = key
    for n in range(3):  # with web-ip: 4, and 5 is the most a Region may hold
        client.allocate_static_ip(staticIpName=f"ip-{n}")


PAGED: list[tuple[str, str, dict[str, Any]]] = [
    ("get_bundles", "bundles", {}),
    ("get_bundles", "bundles", {"includeInactive": True}),
    ("get_blueprints", "blueprints", {}),
    ("get_instances", "instances", {}),
    ("get_instance_snapshots", "instanceSnapshots", {}),
    ("get_key_pairs", "keyPairs", {}),
    ("get_disks", "disks", {}),
    ("get_static_ips", "staticIps", {}),
    ("get_operations", "operations", {}),
    ("get_operations_for_resource", "operations", {"resourceName": "retry-me"}),
]


@pytest.mark.parametrize(("method", "key", "params"), PAGED, ids=[f"{m}{p or ''}" for m, _, p in PAGED])
def test_pages_of_two_add_up_to_one_big_page(
    method: str, key: str, params: dict[str, Any], backend: LocalLightsail, client: LightsailClient, clock: ManualClock
) -> None:
    _more_resources(backend, client, clock)
    call: Callable[..., Any] = getattr(client, method)
    backend.page_size = 1000
    whole = call(**params)
    assert "nextPageToken" not in whole
    items = whole[key]
    assert len(items) > 2

    backend.page_size = 2
    pages: list[list[Any]] = []
    token: str | None = None
    while True:
        page = call(**params, **({"pageToken": token} if token else {}))
        pages.append(page[key])
        token = page.get("nextPageToken")
        if token is None:
            break
    assert all(len(p) == 2 for p in pages[:-1])
    assert 1 <= len(pages[-1]) <= 2
    assert len(pages) == (len(items) + 1) // 2
    assert [item for p in pages for item in p] == items


@pytest.mark.parametrize("operation", ["get_instances", "get_bundles", "get_operations", "get_disks"])
def test_botocores_paginators_follow_the_tokens(
    operation: str, backend: LocalLightsail, client: LightsailClient, clock: ManualClock
) -> None:
    _more_resources(backend, client, clock)
    backend.page_size = 1000
    whole = getattr(client, operation)()
    backend.page_size = 2
    backend.clear_requests()
    paginator: Any = client.get_paginator(operation)  # type: ignore[call-overload]
    result = paginator.paginate().build_full_result()
    key = next(k for k in whole if k != "ResponseMetadata")
    assert result[key] == whole[key]
    assert backend.calls() == (len(whole[key]) + 1) // 2


def test_a_page_of_exactly_the_page_size_has_no_next_token(backend: LocalLightsail, client: LightsailClient) -> None:
    backend.page_size = 3
    answer = client.get_instance_snapshots()
    assert len(answer["instanceSnapshots"]) == 3
    assert "nextPageToken" not in answer
