"""``bundles`` (eligible bundles with monthly prices), ``--bundle-id same``, the plan's price, and another zone when
one is full (``--fallback-zones``, ``--availability-zone any``), as issue 24 says it is done."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import botocore.handlers
import pytest

from lightsail_restore.local import LocalLightsail

from .conftest import Run

WEB_2 = ["--instance-names", "web-2", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]


def refuse(state: Path, *zones: str) -> None:
    backend = LocalLightsail.from_file(state)
    for zone in zones:
        backend.refuse_capacity(zone)


def where(state: Path, name: str) -> str:
    instance = LocalLightsail.from_file(state).state["regions"]["us-east-2"]["instances"][name]
    return str(instance["location"]["availabilityZone"])


def creates(state: Path) -> int:
    operations = LocalLightsail.from_file(state).state["regions"]["us-east-2"]["operations"]
    return sum(op["operationType"] == "CreateInstancesFromSnapshot" for op in operations)


def test_bundles_lists_the_eligible_bundles_with_monthly_prices(run: Run) -> None:
    table = run("bundles", "--instance-snapshot-name", "web-1-snap")
    assert table.code == 0, table.err
    lines = table.out.splitlines()
    assert "for manual snapshot web-1-snap (from micro_3_0, 40 GB)" in lines[0]
    assert lines[1].split() == ["BUNDLE", "PRICE/MONTH", "VCPUS", "RAM", "DISK", "TRANSFER"]
    assert lines[2].split()[:7] == ["micro_ipv6_3_0", "$5.00", "2", "1", "GB", "40", "GB"]
    assert lines[2].endswith("IPv6-only (ipAddressType ipv6)")
    assert lines[3].split()[:2] == ["micro_3_0", "$7.00"]
    assert lines[3].endswith("the source's size; --bundle-id same")
    assert "nano_3_0" in lines[-1] and lines[-1].startswith("  not usable")
    doc = json.loads(run("--output", "json", "bundles", "--instance-snapshot-name", "web-1-snap").out)
    assert doc["same"] == "micro_3_0" and doc["source"]["bundleId"] == "micro_3_0"
    small = next(b for b in doc["bundles"] if b["bundleId"] == "small_3_0")
    assert small == {
        "bundleId": "small_3_0",
        "name": "Small",
        "price": 12.0,
        "cpuCount": 2,
        "ramSizeInGb": 2.0,
        "diskSizeInGb": 60,
        "transferPerMonthInGb": 3072,
        "ipv6Only": False,
        "sourceSize": False,
        "same": False,
        "refused": [],
    }
    nano = next(b for b in doc["bundles"] if b["bundleId"] == "nano_3_0")
    assert nano["refused"] == [
        "bundle nano_3_0 is smaller than micro_3_0, the bundle web-1-snap was taken from; use micro_3_0 or larger",
        "bundle nano_3_0 has a 20 GB disk, smaller than the 40 GB of manual snapshot web-1-snap; use a bundle with "
        "at least 40 GB",
    ]


@pytest.mark.parametrize(
    ("source", "flag"),
    [
        (["--instance-snapshot-name", "web-9-snap"], "--instance-snapshot-name"),
        (["--source-instance-name", "web-1", "--restore-date", "2020-01-01"], "--restore-date"),
    ],
)
def test_bundles_of_a_missing_source_is_refused_naming_its_flag(run: Run, source: list[str], flag: str) -> None:
    refused = run("--output", "json", "bundles", *source)
    assert refused.code == 2
    [problem] = json.loads(refused.out)["refused"]
    assert problem["flag"] == flag


def test_bundles_across_regions(run: Run) -> None:
    doc = json.loads(
        run(
            "--output",
            "json",
            "--region",
            "us-west-2",
            "bundles",
            "--source-region",
            "us-east-2",
            "--instance-snapshot-name",
            "web-1-snap",
        ).out
    )
    assert doc["source"]["region"] == "us-east-2" and doc["same"] == "micro_3_0"


def test_the_plan_shows_the_monthly_price_and_same_picks_the_bundle(run: Run) -> None:
    plan = run(
        "plan",
        "--instance-names",
        "web-2",
        "web-3",
        "--availability-zone",
        "us-east-2a",
        "--bundle-id",
        "same",
        "--instance-snapshot-name",
        "web-1-snap",
    )
    assert plan.code == 0, plan.err
    assert "  price: $14.00 a month (micro_3_0 at $7.00 each, GetBundles)" in plan.out.splitlines()
    assert '"bundleId": "micro_3_0"' in plan.out


def test_with_the_zone_full_the_instance_is_created_in_the_fallback_zone(run: Run, state: Path) -> None:
    refuse(state, "us-east-2a")
    done = run("restore", "--availability-zone", "us-east-2a", "--fallback-zones", "us-east-2b", *WEB_2)
    assert done.code == 0, done.err
    assert where(state, "web-2") == "us-east-2b"
    assert "create: created web-2 in us-east-2b (us-east-2a: no capacity)" in done.out.splitlines()
    again = run(
        "--output", "json", "restore", "--availability-zone", "us-east-2a", "--fallback-zones", "us-east-2b", *WEB_2
    )
    assert again.code == 0 and json.loads(again.out)["instances"][0]["resumed"] and creates(state) == 1


def test_any_zone(run: Run, state: Path) -> None:
    refuse(state, "us-east-2a", "us-east-2b")
    done = run("--output", "json", "restore", "--availability-zone", "any", *WEB_2)
    assert done.code == 0, done.err
    assert json.loads(done.out)["availabilityZone"] == "us-east-2c" == where(state, "web-2")


def test_every_zone_full_is_the_services_refusal(run: Run, state: Path) -> None:
    refuse(state, "us-east-2a", "us-east-2b")
    done = run(
        "--output", "json", "restore", "--availability-zone", "us-east-2a", "--fallback-zones", "us-east-2b", *WEB_2
    )
    assert done.code == 1
    assert "OperationFailureException" in done.err and "tried us-east-2a, us-east-2b: none had capacity" in done.err
    assert json.loads(done.out)["error"]["code"] == "InsufficientInstanceCapacity"


@pytest.mark.parametrize(
    ("flags", "flag"),
    [
        (["--availability-zone", "any", "--fallback-zones", "us-east-2b"], "--fallback-zones"),
        (["--availability-zone", "us-east-2a", "--fallback-zones", "us-east-2b", "--no-check"], "--fallback-zones"),
        (["--availability-zone", "any", "--no-check"], "--availability-zone"),
        (["--availability-zone", "us-east-2a", "--bundle-id", "same", "--no-check"], "--bundle-id"),
    ],
)
def test_flags_the_plan_decides_are_refused_with_no_check_or_each_other(run: Run, flags: list[str], flag: str) -> None:
    web_2 = WEB_2 if "--bundle-id" not in flags else [w for w in WEB_2 if w not in ("--bundle-id", "micro_3_0")]
    refused = run("--output", "json", "restore", *flags, *web_2)
    assert refused.code == 2
    assert [p["flag"] for p in json.loads(refused.out)["refused"]] == [flag]


def test_a_fallback_zone_outside_the_region_is_a_plan_error_naming_the_flag(run: Run) -> None:
    refused = run(
        "--output", "json", "plan", "--availability-zone", "us-east-2a", "--fallback-zones", "us-west-2a", *WEB_2
    )
    assert refused.code == 2
    problems = json.loads(refused.out)["refused"]
    assert [(p["flag"], p["rule"]) for p in problems] == [("--fallback-zones", "fallback_zone_exists")]


def test_interrupted_between_zones_a_rerun_creates_once(run: Run, state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refuse(state, "us-east-2a")
    sent: list[str] = []

    def before(params: dict[str, Any], **_: Any) -> None:
        sent.append(str(params.get("availabilityZone")))
        if len(sent) == 2:  # the zone a refused; the create in us-east-2b is about to be sent
            os.kill(os.getpid(), signal.SIGTERM)

    extra = [("before-parameter-build.lightsail.CreateInstancesFromSnapshot", before)]
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", [*botocore.handlers.BUILTIN_HANDLERS, *extra])
    flags = ["restore", "--availability-zone", "us-east-2a", "--fallback-zones", "us-east-2b", *WEB_2]
    stopped = run(*flags)
    assert stopped.code == 143, stopped.err
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", botocore.handlers.BUILTIN_HANDLERS[: -len(extra)])
    done = run(*flags)
    assert done.code == 0, done.err
    assert where(state, "web-2") == "us-east-2b" and creates(state) == 1
