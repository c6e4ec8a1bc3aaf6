"""Every rule of CreateInstancesFromSnapshot answers the service's error, through a real boto3 client.

Each refusal must also leave the account exactly as it was (all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail

from .conftest import FAILED_DATE, base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

NOT_FOUND = "NotFoundException"
INVALID = "InvalidInputException"
WINDOWS = {"instanceSnapshotName": "win-snap", "bundleId": "small_win_3_0"}
AUTO = {"instanceSnapshotName": None, "sourceInstanceName": "web-1"}


def _make_windows_instance(backend: LocalLightsail, client: LightsailClient) -> None:
    client.create_instances_from_snapshot(**base_request(instanceNames=["win-2"], **WINDOWS))


def _grow_snapshot(backend: LocalLightsail, client: LightsailClient) -> None:
    backend.state["regions"]["us-east-2"]["instanceSnapshots"]["web-1-snap"]["sizeInGb"] = 80


def _fail_every_auto_snapshot(backend: LocalLightsail, client: LightsailClient) -> None:
    for snapshot in backend.state["regions"]["us-east-2"]["autoSnapshots"]["web-1"]:
        snapshot["status"] = "Failed"


def _quota_two(backend: LocalLightsail, client: LightsailClient) -> None:
    backend.instance_quota = 2


@dataclass(frozen=True)
class Case:
    id: str
    request: dict[str, Any]
    code: str
    message: str
    detail: str = ""
    setup: Callable[[LocalLightsail, LightsailClient], None] | None = field(default=None)


def idle_stop(**add_on: Any) -> dict[str, Any]:
    """A restore onto a Lightsail for Research bundle with a StopInstanceOnIdle add-on (``add_on``: its members)."""
    return base_request(bundleId="app_standard_xl_1_0", addOns=[{"addOnType": "StopInstanceOnIdle", **add_on}])


CASES = [
    # -- resources that do not exist -------------------------------------------------------------------------
    Case(
        "missing snapshot",
        base_request(instanceSnapshotName="nope"),
        NOT_FOUND,
        "InstanceSnapshot does not exist: nope",
    ),
    Case(
        "missing source instance",
        base_request(**{**AUTO, "sourceInstanceName": "ghost"}, useLatestRestorableAutoSnapshot=True),
        NOT_FOUND,
        "Instance does not exist: ghost",
    ),
    Case("missing key pair", base_request(keyPairName="no-key"), NOT_FOUND, "KeyPair does not exist: no-key"),
    # -- sources ---------------------------------------------------------------------------------------------
    Case("both sources", base_request(sourceInstanceName="web-1"), INVALID, "Exactly one of instanceSnapshotName"),
    Case("neither source", base_request(instanceSnapshotName=None), INVALID, "Exactly one of instanceSnapshotName"),
    Case("restoreDate with manual", base_request(restoreDate="2026-03-09"), INVALID, "valid only with sourceInstance"),
    Case(
        "latest with manual",
        base_request(useLatestRestorableAutoSnapshot=True),
        INVALID,
        "valid only with sourceInstanceName",
    ),
    Case(
        "restoreDate and latest",
        base_request(**AUTO, restoreDate="2026-03-09", useLatestRestorableAutoSnapshot=True),
        INVALID,
        "Exactly one of restoreDate or useLatestRestorableAutoSnapshot",
    ),
    Case(
        "neither restoreDate nor latest",
        base_request(**AUTO),
        INVALID,
        "Exactly one of restoreDate or useLatestRestorableAutoSnapshot",
    ),
    Case(
        "latest=False counts as absent",
        base_request(**AUTO, useLatestRestorableAutoSnapshot=False),
        INVALID,
        "Exactly one of restoreDate or useLatestRestorableAutoSnapshot",
    ),
    Case(
        "restore date of a Failed snapshot",
        base_request(**AUTO, restoreDate=FAILED_DATE),
        INVALID,
        f"No automatic snapshot of web-1 can be restored for {FAILED_DATE}: its status is Failed",
        detail="2026-03-09",
    ),
    Case(
        "restore date with no snapshot",
        base_request(**AUTO, restoreDate="2026-01-01"),
        INVALID,
        "No automatic snapshot of web-1 can be restored",
    ),
    Case("restore date malformed", base_request(**AUTO, restoreDate="2026/03/09"), INVALID, "is not a valid date"),
    Case(
        "windows source for auto",
        base_request(**{**AUTO, "sourceInstanceName": "win-2"}, useLatestRestorableAutoSnapshot=True),
        INVALID,
        "win-2 is a Windows instance",
        setup=_make_windows_instance,
    ),
    Case("snapshot pending", base_request(instanceSnapshotName="web-1-snap-pending"), INVALID, "is not available"),
    # -- names -----------------------------------------------------------------------------------------------
    Case("no names", base_request(instanceNames=[]), INVALID, "at least one instance"),
    Case("bad name (leading dash)", base_request(instanceNames=["-web"]), INVALID, "-web is not a valid resource name"),
    Case("bad name (one character)", base_request(instanceNames=["w"]), INVALID, "is not a valid resource name"),
    Case("bad name (space)", base_request(instanceNames=["web 2"]), INVALID, "is not a valid resource name"),
    Case("name of an instance", base_request(instanceNames=["web-1"]), INVALID, "already in use: web-1"),
    Case("name of a disk", base_request(instanceNames=["web-1-data"]), INVALID, "already in use: web-1-data"),
    Case("name of a key pair", base_request(instanceNames=["deploy-key"]), INVALID, "already in use: deploy-key"),
    Case("duplicate names", base_request(instanceNames=["web-2", "web-3", "web-2"]), INVALID, "already in use: web-2"),
    Case(
        "new disk name clashes with a disk",
        base_request(attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-1-data"}]}),
        INVALID,
        "already in use: web-1-data",
    ),
    Case(
        "new disk name clashes with a new instance",
        base_request(
            instanceNames=["web-2", "web-3"],
            attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3"}]},
        ),
        INVALID,
        "already in use: web-3",
    ),
    Case(
        "disk mapping of a path the source has not",
        base_request(attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdz", "newDiskName": "web-2-data"}]}),
        INVALID,
        "disk mapping for /dev/xvdz is not valid",
    ),
    # -- bundles ---------------------------------------------------------------------------------------------
    Case("unknown bundle", base_request(bundleId="mega_9_9"), INVALID, "bundle mega_9_9 is not valid"),
    Case("inactive bundle", base_request(bundleId="medium_2_0"), INVALID, "bundle medium_2_0 is not valid"),
    Case("smaller bundle (power, RAM)", base_request(bundleId="nano_3_0"), INVALID, "smaller plan size", "micro_3_0"),
    Case(
        "smaller bundle (disk)",
        base_request(),
        INVALID,
        "smaller plan size",
        setup=_grow_snapshot,
    ),
    Case(
        "windows bundle on a linux snapshot",
        base_request(bundleId="micro_win_3_0"),
        INVALID,
        "You can only launch a WINDOWS bundle",
        detail="LINUX_UNIX",
    ),
    Case(
        "linux bundle on a windows snapshot",
        base_request(**{**WINDOWS, "bundleId": "small_3_0"}),
        INVALID,
        "You can only launch a LINUX_UNIX bundle",
        detail="WINDOWS",
    ),
    Case("ipv6 bundle, dualstack", base_request(bundleId="micro_ipv6_3_0"), INVALID, "ipAddressType dualstack"),
    Case(
        "ipv6 bundle, ipv4",
        base_request(bundleId="micro_ipv6_3_0", ipAddressType="ipv4"),
        INVALID,
        "ipAddressType ipv4",
    ),
    Case("ipv4 bundle, ipv6", base_request(ipAddressType="ipv6"), INVALID, "does not match the bundle micro_3_0"),
    # -- add-ons ---------------------------------------------------------------------------------------------
    Case(
        "AutoSnapshot on windows",
        base_request(**WINDOWS, addOns=[{"addOnType": "AutoSnapshot"}]),
        INVALID,
        "not supported for Windows",
    ),
    Case(
        "StopInstanceOnIdle on a non-LfR bundle",
        base_request(addOns=[{"addOnType": "StopInstanceOnIdle"}]),
        INVALID,
        "only for Lightsail for Research",
    ),
    # -- place and quota -------------------------------------------------------------------------------------
    Case("zone of another region", base_request(availabilityZone="us-west-2a"), INVALID, "us-west-2a is not valid"),
    Case("zone the region has not", base_request(availabilityZone="us-east-2d"), INVALID, "us-east-2d", "us-east-2c"),
    Case(
        "quota",
        base_request(instanceNames=["web-2", "web-3"]),
        INVALID,
        "maximum number of instances (2)",
        setup=_quota_two,
    ),
    # -- rules of single members ---------------------------------------------------------------------------
    Case("ipAddressType not an enum value", base_request(ipAddressType="ipv5"), INVALID, "ipv5 is not a valid"),
    Case(
        "bundle below the blueprint's minPower",
        base_request(**{**WINDOWS, "bundleId": "nano_win_3_0"}),
        INVALID,
        "too small for the blueprint windows_server_2022",
        detail="power 500",
    ),
    Case(
        "restore date not in the calendar",
        base_request(**AUTO, restoreDate="2026-02-30"),
        INVALID,
        "2026-02-30 is not a valid date",
    ),
    Case(
        "latest with no restorable snapshot",
        base_request(**AUTO, useLatestRestorableAutoSnapshot=True),
        INVALID,
        "No automatic snapshot of web-1 can be restored",
        detail="none",
        setup=_fail_every_auto_snapshot,
    ),
    Case(
        "add-on twice",
        base_request(addOns=[{"addOnType": "AutoSnapshot"}, {"addOnType": "AutoSnapshot"}]),
        INVALID,
        "AutoSnapshot is requested more than once",
    ),
    Case(
        "idle request with AutoSnapshot",
        base_request(
            addOns=[{"addOnType": "AutoSnapshot", "stopInstanceOnIdleRequest": {"threshold": "5", "duration": "9"}}]
        ),
        INVALID,
        "stopInstanceOnIdleRequest goes only with StopInstanceOnIdle",
    ),
    Case(
        "auto snapshot request with StopInstanceOnIdle",
        idle_stop(autoSnapshotAddOnRequest={"snapshotTimeOfDay": "06:00"}),
        INVALID,
        "autoSnapshotAddOnRequest goes only with AutoSnapshot",
    ),
    Case(
        "snapshot time not on the hour",
        base_request(
            addOns=[{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:30"}}]
        ),
        INVALID,
        "06:30 is not a valid snapshotTimeOfDay",
        detail="HH:00",
    ),
    Case(
        "idle threshold above 100",
        idle_stop(stopInstanceOnIdleRequest={"threshold": "150"}),
        INVALID,
        "150 is not a valid threshold",
    ),
    Case(
        "idle duration of zero",
        idle_stop(stopInstanceOnIdleRequest={"duration": "0"}),
        INVALID,
        "0 is not a valid duration",
    ),
    Case(
        "51 tags",
        base_request(tags=[{"key": f"k{n}", "value": "v"} for n in range(51)]),
        INVALID,
        "at most 50 tags",
    ),
    Case(
        "repeated tag key",
        base_request(tags=[{"key": "env", "value": "a"}, {"key": "env", "value": "b"}]),
        INVALID,
        "Tag keys must be unique",
    ),
    Case("aws: tag key", base_request(tags=[{"key": "aws:owner"}]), INVALID, "reserved aws: prefix"),
    Case("tag key too long", base_request(tags=[{"key": "k" * 129}]), INVALID, "is not valid", detail="1-128"),
    Case("tag with a bad character", base_request(tags=[{"key": "a#b"}]), INVALID, "characters that are not allowed"),
    Case(
        "disk mapped twice",
        base_request(
            attachedDiskMapping={
                "web-2": [
                    {"originalDiskPath": "/dev/xvdf", "newDiskName": "d-1"},
                    {"originalDiskPath": "/dev/xvdf", "newDiskName": "d-2"},
                ]
            }
        ),
        INVALID,
        "/dev/xvdf is mapped more than once",
    ),
    Case(
        "16 disks",
        base_request(
            attachedDiskMapping={
                "web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": f"d-{n}"} for n in range(16)]
            }
        ),
        INVALID,
        "At most 15 disks",
    ),
    Case(
        "bad new disk name",
        base_request(attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "data_"}]}),
        INVALID,
        "data_ is not a valid resource name",
    ),
    Case(
        "bad map key",
        base_request(attachedDiskMapping={"web 2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "d-1"}]}),
        INVALID,
        "web 2 is not a valid resource name",
    ),
]


def _lightsail_code(case: Case) -> str:
    """Lightsail's own ``code``: NameExists for a name in use (E20), DoesNotExist when missing (E18/E19, inferred)."""
    if case.code == NOT_FOUND:
        return "DoesNotExist"
    return "NameExists" if "already in use" in case.message else "InvalidInput"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_rule_answers_its_error_and_changes_nothing(
    case: Case, backend: LocalLightsail, client: LightsailClient
) -> None:
    if case.setup is not None:
        case.setup(backend, client)
    before = backend.to_json()
    calls_before = backend.calls()

    response = client_error(client.create_instances_from_snapshot, **case.request)

    assert response["Error"]["Code"] == case.code
    assert case.message in response["Error"]["Message"]
    assert case.detail in response["Error"]["Message"]
    assert response["message"] == response["Error"]["Message"]
    assert response["code"] == _lightsail_code(case)
    assert "tip" not in response, "Lightsail documents no tip for these errors (E20)"
    assert "docs" not in response
    assert backend.calls() == calls_before + 1, "a refusal is not retried"
    assert backend.to_json() == before, "a refused request must create nothing"


def test_not_found_and_invalid_input_are_the_modelled_exception_classes(client: LightsailClient) -> None:
    with pytest.raises(client.exceptions.NotFoundException):
        client.create_instances_from_snapshot(**base_request(instanceSnapshotName="nope"))
    with pytest.raises(client.exceptions.InvalidInputException):
        client.create_instances_from_snapshot(**base_request(bundleId="nano_3_0"))


def test_a_refusal_in_a_multi_instance_request_creates_none_of_them(
    backend: LocalLightsail, client: LightsailClient
) -> None:
    # web-3 is fine, web-1 is taken: neither is created, and no disk either.
    request = base_request(
        instanceNames=["web-3", "web-1"],
        attachedDiskMapping={"web-3": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-3-data"}]},
    )
    client_error(client.create_instances_from_snapshot, **request)
    assert [i["name"] for i in client.get_instances()["instances"]] == ["web-1"]
    assert [d["name"] for d in client.get_disks()["disks"]] == ["web-1-data"]
    assert client.get_operations()["operations"] == []


def test_the_quota_counts_exactly(backend: LocalLightsail, client: LightsailClient) -> None:
    backend.instance_quota = 3
    client.create_instances_from_snapshot(**base_request(instanceNames=["web-2", "web-3"]))  # 3 of 3
    response = client_error(client.create_instances_from_snapshot, **base_request(instanceNames=["web-4"]))
    assert "maximum number of instances (3)" in response["Error"]["Message"]


def test_a_region_without_lightsail_is_refused(backend: LocalLightsail) -> None:
    client = backend.client("us-west-1")
    response = client_error(client.get_instances)
    assert response["Error"]["Code"] == INVALID
    assert "not available in us-west-1" in response["Error"]["Message"]


def test_resources_are_per_region(backend: LocalLightsail) -> None:
    oregon = backend.client("us-west-2")
    response = client_error(oregon.create_instances_from_snapshot, **base_request(availabilityZone="us-west-2a"))
    assert response["Error"]["Code"] == NOT_FOUND  # web-1-snap lives in us-east-2
    assert oregon.get_instances()["instances"] == []


@pytest.mark.parametrize(
    ("request_changes", "name"),
    [
        ({"bundleId": "micro_ipv6_3_0", "ipAddressType": "ipv6"}, "ipv6 bundle with ipv6"),
        ({"bundleId": "micro_3_0", "ipAddressType": "ipv4"}, "ipv4"),
        ({"bundleId": "app_standard_xl_1_0", "addOns": [{"addOnType": "StopInstanceOnIdle"}]}, "LfR idle stop"),
        ({**WINDOWS, "keyPairName": "deploy-key"}, "windows on a bigger windows bundle"),
        ({"bundleId": "large_3_0", "addOns": [{"addOnType": "AutoSnapshot"}]}, "bigger linux bundle, auto snapshots"),
        ({"instanceSnapshotName": "win-snap", "bundleId": "micro_win_3_0"}, "windows on its own bundle"),
        ({"bundleId": "micro_3_0", "keyPairName": "LightsailDefaultKeyPair"}, "the default key pair by name"),
        ({"bundleId": "micro_3_0", "useLatestRestorableAutoSnapshot": False}, "latest=False with a manual snapshot"),
        ({"bundleId": "medium_3_0", "tags": [{"key": "Owner name", "value": "a+b=c.d_e:f/g@h ü"}]}, "tag charset"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_allowed_side_of_each_rule_is_accepted(
    request_changes: dict[str, Any], name: str, client: LightsailClient
) -> None:
    operations = client.create_instances_from_snapshot(**base_request(**request_changes))["operations"]
    assert [op["resourceName"] for op in operations] == ["web-2"], name
    assert client.get_instance(instanceName="web-2")["instance"]["bundleId"] == request_changes["bundleId"]
