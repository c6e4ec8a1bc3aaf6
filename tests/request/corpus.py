"""A corpus of invalid CreateInstancesFromSnapshot requests, as boto3 users write them (kwargs dicts).

Each case is a realistic mistake, refused by this library before sending. botocore's own client-side
validator (``botocore.validate.validate_parameters``, which boto3 runs before every call) only checks Python
types, required members and unknown members: it lets every pattern, enum, length, format and cross-field
mistake through to AWS. ``botocore_refuses`` records which cases it catches; ``tests/request/test_corpus.py``
checks both sides, and ``docs/validation.md`` cites the totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

__all__ = ["BOTOCORE_REFUSES", "CORPUS", "CorpusCase"]


@dataclass(frozen=True)
class CorpusCase:
    """One invalid request: a name, the boto3 kwargs, the rule we refuse it with, and whether botocore does."""

    name: str
    params: dict[str, Any]
    rule: str
    botocore_refuses: bool = False


_BASE: Final[dict[str, Any]] = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
_MANUAL: Final[dict[str, Any]] = {**_BASE, "instanceSnapshotName": "web-1-snap"}
_AUTO: Final[dict[str, Any]] = {**_BASE, "sourceInstanceName": "web-1", "restoreDate": "2026-11-20"}


def _without(params: dict[str, Any], member: str) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k != member}


def _manual(**members: Any) -> dict[str, Any]:
    return {**_MANUAL, **members}


def _auto(**members: Any) -> dict[str, Any]:
    return {**_AUTO, **members}


def _disks(*pairs: tuple[str, str], key: str = "web-1-data") -> dict[str, list[dict[str, str]]]:
    return {key: [{"originalDiskPath": path, "newDiskName": name} for path, name in pairs]}


def _snapshot_at(value: Any) -> list[dict[str, Any]]:
    return [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": value}}]


def _idle(**members: Any) -> list[dict[str, Any]]:
    return [{"addOnType": "StopInstanceOnIdle", "stopInstanceOnIdleRequest": members}]


CORPUS: Final[tuple[CorpusCase, ...]] = (
    # Sources (X1-X5)
    CorpusCase(
        "snapshot and source instance together", _auto(instanceSnapshotName="web-1-snap"), "X1_exclusive_source"
    ),
    CorpusCase("no source at all", dict(_BASE), "X2_source_required"),
    CorpusCase(
        "restore date and latest together", _auto(useLatestRestorableAutoSnapshot=True), "X3_exclusive_restore_point"
    ),
    CorpusCase("restore date with a manual snapshot", _manual(restoreDate="2026-11-20"), "X4_auto_snapshot_only"),
    CorpusCase("latest with a manual snapshot", _manual(useLatestRestorableAutoSnapshot=True), "X4_auto_snapshot_only"),
    CorpusCase(
        "source instance without a restore point", _without(_AUTO, "restoreDate"), "X5_auto_needs_restore_point"
    ),
    CorpusCase(
        "source instance with latest=False only",
        {**_without(_AUTO, "restoreDate"), "useLatestRestorableAutoSnapshot": False},
        "X5_auto_needs_restore_point",
    ),
    # Instance names
    CorpusCase("instance name with a space", {**_MANUAL, "instanceNames": ["web 2"]}, "resource_name"),
    CorpusCase("one-character instance name", {**_MANUAL, "instanceNames": ["w"]}, "resource_name"),
    CorpusCase("256-character instance name", {**_MANUAL, "instanceNames": ["w" * 256]}, "resource_name"),
    CorpusCase("instance name ending in a hyphen", {**_MANUAL, "instanceNames": ["web-"]}, "resource_name"),
    CorpusCase("instance name starting with an underscore", {**_MANUAL, "instanceNames": ["_web"]}, "resource_name"),
    CorpusCase("instance name with an accent", {**_MANUAL, "instanceNames": ["café-1"]}, "resource_name"),
    CorpusCase("instance name with a superscript digit", {**_MANUAL, "instanceNames": ["web²"]}, "resource_name"),
    CorpusCase("empty instance name", {**_MANUAL, "instanceNames": [""]}, "resource_name"),
    CorpusCase(
        "duplicate instance names", {**_MANUAL, "instanceNames": ["web-2", "web-2"]}, "X12_unique_instance_names"
    ),
    CorpusCase("no instance names", {**_MANUAL, "instanceNames": []}, "instance_names_required"),
    CorpusCase("instanceNames as a string", {**_MANUAL, "instanceNames": "web-2"}, "type", botocore_refuses=True),
    CorpusCase("instance name as a number", {**_MANUAL, "instanceNames": [2]}, "type", botocore_refuses=True),
    CorpusCase("instanceNames missing", _without(_MANUAL, "instanceNames"), "required", botocore_refuses=True),
    # Other names
    CorpusCase("snapshot name ending in an underscore", _manual(instanceSnapshotName="web-1-snap_"), "resource_name"),
    CorpusCase("snapshot name with a slash", _manual(instanceSnapshotName="web-1/snap"), "resource_name"),
    CorpusCase("one-character source instance", _auto(sourceInstanceName="w"), "resource_name"),
    CorpusCase("key pair name with a space", _manual(keyPairName="my key"), "resource_name"),
    CorpusCase("key pair name as a number", _manual(keyPairName=42), "type", botocore_refuses=True),
    # Availability zone and bundle
    CorpusCase("upper-case zone", {**_MANUAL, "availabilityZone": "US-EAST-2A"}, "availability_zone"),
    CorpusCase("Region instead of zone", {**_MANUAL, "availabilityZone": "us-east-2"}, "availability_zone"),
    CorpusCase("snapshot location 'all' as zone", {**_MANUAL, "availabilityZone": "all"}, "availability_zone"),
    CorpusCase("zone with a trailing space", {**_MANUAL, "availabilityZone": "us-east-2a "}, "availability_zone"),
    CorpusCase("availabilityZone missing", _without(_MANUAL, "availabilityZone"), "required", botocore_refuses=True),
    CorpusCase("empty bundle id", {**_MANUAL, "bundleId": ""}, "bundle_id"),
    CorpusCase("bundle id with a leading space", {**_MANUAL, "bundleId": " micro_3_0"}, "bundle_id"),
    CorpusCase("bundleId missing", _without(_MANUAL, "bundleId"), "required", botocore_refuses=True),
    CorpusCase("bundleId None", {**_MANUAL, "bundleId": None}, "type", botocore_refuses=True),
    # Restore date and the latest flag
    CorpusCase("restore date with slashes", _auto(restoreDate="2026/11/20"), "restore_date"),
    CorpusCase("restore date without dashes", _auto(restoreDate="20261120"), "restore_date"),
    CorpusCase("restore date day first", _auto(restoreDate="20-11-2026"), "restore_date"),
    CorpusCase("restore date 30 February", _auto(restoreDate="2026-02-30"), "restore_date"),
    CorpusCase("restore date month 13", _auto(restoreDate="2026-13-01"), "restore_date"),
    CorpusCase("restore date as a timestamp", _auto(restoreDate="2026-11-20T06:00:00Z"), "restore_date"),
    CorpusCase("restore date as a number", _auto(restoreDate=20261120), "type", botocore_refuses=True),
    CorpusCase(
        "latest as the string 'true'",
        {**_without(_AUTO, "restoreDate"), "useLatestRestorableAutoSnapshot": "true"},
        "type",
        botocore_refuses=True,
    ),
    # Add-ons
    CorpusCase("snapshot time at half past", _manual(addOns=_snapshot_at("06:30")), "time_of_day"),
    CorpusCase("snapshot time 24:00", _manual(addOns=_snapshot_at("24:00")), "time_of_day"),
    CorpusCase("snapshot time without a leading zero", _manual(addOns=_snapshot_at("6:00")), "time_of_day"),
    CorpusCase("snapshot time with seconds", _manual(addOns=_snapshot_at("06:00:00")), "time_of_day"),
    CorpusCase("lower-case add-on type", _manual(addOns=[{"addOnType": "autoSnapshot"}]), "enum"),
    CorpusCase("unknown add-on type", _manual(addOns=[{"addOnType": "Backup"}]), "enum"),
    CorpusCase("add-on type missing", _manual(addOns=[{}]), "required", botocore_refuses=True),
    CorpusCase(
        "auto-snapshot settings on the idle add-on",
        _manual(
            addOns=[{"addOnType": "StopInstanceOnIdle", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}]
        ),
        "X10_add_on_request_matches_type",
    ),
    CorpusCase(
        "idle settings on the auto-snapshot add-on",
        _manual(addOns=[{"addOnType": "AutoSnapshot", "stopInstanceOnIdleRequest": {"threshold": "5"}}]),
        "X10_add_on_request_matches_type",
    ),
    CorpusCase(
        "the same add-on twice",
        _manual(addOns=[{"addOnType": "AutoSnapshot"}, {"addOnType": "AutoSnapshot"}]),
        "X10_unique_add_on_type",
    ),
    CorpusCase("idle threshold above 100", _manual(addOns=_idle(threshold="101")), "idle_threshold"),
    CorpusCase("idle threshold with a percent sign", _manual(addOns=_idle(threshold="5%")), "idle_threshold"),
    CorpusCase("idle threshold as a fraction", _manual(addOns=_idle(threshold="0.05")), "idle_threshold"),
    CorpusCase("idle threshold as a number", _manual(addOns=_idle(threshold=5)), "type", botocore_refuses=True),
    CorpusCase("idle duration zero", _manual(addOns=_idle(duration="0")), "idle_duration"),
    CorpusCase("idle duration with a unit", _manual(addOns=_idle(duration="30m")), "idle_duration"),
    CorpusCase("negative idle duration", _manual(addOns=_idle(duration="-30")), "idle_duration"),
    CorpusCase("idle duration with a leading zero", _manual(addOns=_idle(duration="030")), "idle_duration"),
    # IP address type
    CorpusCase("ip address type ipv5", _manual(ipAddressType="ipv5"), "enum"),
    CorpusCase("ip address type in capitals", _manual(ipAddressType="IPv4"), "enum"),
    CorpusCase("empty ip address type", _manual(ipAddressType=""), "enum"),
    # Tags
    CorpusCase("51 tags", _manual(tags=[{"key": f"k{i}", "value": "v"} for i in range(51)]), "X13_tag_count"),
    CorpusCase(
        "duplicate tag keys", _manual(tags=[{"key": "env"}, {"key": "env", "value": "prod"}]), "X13_unique_tag_keys"
    ),
    CorpusCase("tag key with the aws: prefix", _manual(tags=[{"key": "aws:team"}]), "tag_reserved_prefix"),
    CorpusCase("tag key with the AWS: prefix", _manual(tags=[{"key": "AWS:team"}]), "tag_reserved_prefix"),
    CorpusCase(
        "tag value with the aws: prefix", _manual(tags=[{"key": "team", "value": "aws:ops"}]), "tag_reserved_prefix"
    ),
    CorpusCase("empty tag key", _manual(tags=[{"key": ""}]), "tag_key_length"),
    CorpusCase("129-character tag key", _manual(tags=[{"key": "k" * 129}]), "tag_key_length"),
    CorpusCase("257-character tag value", _manual(tags=[{"key": "k", "value": "v" * 257}]), "tag_value_length"),
    CorpusCase("tag key with a hash", _manual(tags=[{"key": "cost#centre"}]), "tag_charset"),
    CorpusCase("tag value with an emoji", _manual(tags=[{"key": "mood", "value": "ok 👍"}]), "tag_charset"),
    CorpusCase("tag value with a newline", _manual(tags=[{"key": "note", "value": "a\nb"}]), "tag_charset"),
    CorpusCase(
        "tag value with a line separator (not a space)",
        _manual(tags=[{"key": "note", "value": "a\u2028b"}]),
        "tag_charset",
    ),
    CorpusCase("tag without a key", _manual(tags=[{"value": "prod"}]), "required"),
    CorpusCase(
        "tag with 'Key' capitalised",
        _manual(tags=[{"Key": "env", "Value": "prod"}]),
        "unknown_member",
        botocore_refuses=True,
    ),
    CorpusCase("tags as a dict", _manual(tags={"env": "prod"}), "type", botocore_refuses=True),
    # Attached disks
    CorpusCase(
        "disk map key with a space",
        _manual(attachedDiskMapping=_disks(("/dev/xvdf", "data-1"), key="web 1")),
        "resource_name",
    ),
    CorpusCase(
        "new disk name with a space", _manual(attachedDiskMapping=_disks(("/dev/xvdf", "data 1"))), "resource_name"
    ),
    CorpusCase("blank disk path", _manual(attachedDiskMapping=_disks((" ", "data-1"))), "disk_path"),
    CorpusCase(
        "disk map without a new name",
        _manual(attachedDiskMapping={"web-1-data": [{"originalDiskPath": "/dev/xvdf"}]}),
        "required",
    ),
    CorpusCase("empty disk list", _manual(attachedDiskMapping={"web-1-data": []}), "X14_disk_count"),
    CorpusCase(
        "16 disks",
        _manual(attachedDiskMapping=_disks(*((f"/dev/xvd{chr(ord('f') + i)}", f"data-{i}") for i in range(16)))),
        "X14_disk_count",
    ),
    CorpusCase(
        "the same disk path twice",
        _manual(attachedDiskMapping=_disks(("/dev/xvdf", "data-1"), ("/dev/xvdf", "data-2"))),
        "X14_unique_disk_paths",
    ),
    CorpusCase(
        "new disk named like the instance",
        _manual(attachedDiskMapping=_disks(("/dev/xvdf", "web-2"))),
        "X12_unique_disk_names",
    ),
    CorpusCase(
        "new instance named like the automatic snapshot's source",
        _auto(instanceNames=["web-2", "web-1"]),
        "X12_name_taken_by_source",
    ),
    CorpusCase(
        "new disk named like the automatic snapshot's source",
        _auto(attachedDiskMapping=_disks(("/dev/xvdf", "web-1"))),
        "X12_name_taken_by_source",
    ),
    CorpusCase(
        "two new disks with one name",
        _manual(attachedDiskMapping=_disks(("/dev/xvdf", "data-1"), ("/dev/xvdg", "data-1"))),
        "X12_unique_disk_names",
    ),
    CorpusCase(
        "disk mapping as a list",
        _manual(attachedDiskMapping=[{"originalDiskPath": "/dev/xvdf"}]),
        "type",
        botocore_refuses=True,
    ),
    CorpusCase(
        "disk map with a misspelt member",
        _manual(attachedDiskMapping={"web-1-data": [{"originalDiskPath": "/dev/xvdf", "newDiskname": "data-1"}]}),
        "required",
        botocore_refuses=True,
    ),
    # User data and unknown members
    CorpusCase("user data over 16 KiB", _manual(userData="#" * (16 * 1024 + 1)), "user_data_size"),
    CorpusCase("user data over 16 KiB in UTF-8 bytes", _manual(userData="é" * (8 * 1024 + 1)), "user_data_size"),
    CorpusCase("user data as bytes", _manual(userData=b"#!/bin/bash\n"), "type", botocore_refuses=True),
    CorpusCase("user data with a lone surrogate", _manual(userData="#!/bin/sh\necho \ud83d\n"), "utf8"),
    CorpusCase("bundle id with a lone surrogate", {**_MANUAL, "bundleId": "micro\udc80_3_0"}, "utf8"),
    CorpusCase(
        "instanceNames given twice, in both spellings",
        {**_MANUAL, "instance_names": ["web-3"]},
        "given_twice",
        botocore_refuses=True,
    ),
    CorpusCase(
        "addOnType given twice, in both spellings",
        _manual(addOns=[{"addOnType": "AutoSnapshot", "add_on_type": "AutoSnapshot"}]),
        "given_twice",
        botocore_refuses=True,
    ),
    CorpusCase(
        "misspelt member",
        {**_without(_MANUAL, "instanceNames"), "instanceName": ["web-2"]},
        "unknown_member",
        botocore_refuses=True,
    ),
    CorpusCase(
        "snake_case member next to its AWS name", _manual(region="us-east-2"), "unknown_member", botocore_refuses=True
    ),
)
"""Every case, in topic order."""

BOTOCORE_REFUSES: Final = sum(case.botocore_refuses for case in CORPUS)
"""How many cases botocore's client-side validator refuses (the rest reach AWS)."""
