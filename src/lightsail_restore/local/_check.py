"""What a loaded state must be: every member the backend reads, of the right JSON type, or a clear ``ValueError``.

A state is checked once, when it is loaded (``from_file``, ``from_json``, each reload of a shared file), so that a
hand-edited or foreign file fails there, naming the member, and never later with a ``KeyError`` or ``TypeError``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from ._catalogue import REGIONS, bundle
from ._state import STATE_VERSION, SUCCESS_STATUSES

__all__ = ["check_state"]

NUMBER: Final = "number"
INTEGER: Final = "integer"
STRING: Final = "string"
BOOLEAN: Final = "boolean"
LIST: Final = "list"
OBJECT: Final = "object"

Spec = Mapping[str, Any]
"""Member name -> a JSON type name, or a nested ``Spec`` for an object; a name ending in ``?`` is optional."""

_LOCATION: Final[Spec] = {"availabilityZone": STRING, "regionName": STRING}
_RULE: Final[Spec] = {
    "fromPort": INTEGER,
    "toPort": INTEGER,
    "protocol": STRING,
    "cidrs": LIST,
    "ipv6Cidrs": LIST,
    "cidrListAliases": LIST,
}
_RESOURCE: Final[Spec] = {"name": STRING, "createdAt": NUMBER, "location": _LOCATION}
"""The members every named resource of a Region has (an instance has its ``arn`` among them)."""
_SYSTEM_DISK: Final[Spec] = {"sizeInGb": INTEGER, "isSystemDisk": BOOLEAN, "path": STRING}
_INSTANCE: Final[Spec] = {
    "name": STRING,
    "arn": STRING,
    "createdAt": NUMBER,
    "location": _LOCATION,
    "tags": LIST,
    "blueprintId": STRING,
    "bundleId": STRING,
    "addOns": LIST,
    "isStaticIp": BOOLEAN,
    "ipAddressType": STRING,
    "hardware": {"cpuCount": INTEGER, "disks": LIST, "ramSizeInGb": NUMBER},
    "networking": {"monthlyTransfer": OBJECT, "ports": LIST},
    "username": STRING,
    "sshKeyName": STRING,
    "_bootAt": NUMBER,
    "_failsAt?": NUMBER,
    "_autoSnapshotsFrom?": NUMBER,
}
_DISK: Final[Spec] = {
    **_RESOURCE,
    "sizeInGb": INTEGER,
    "path?": STRING,
    "attachedTo?": STRING,
    "isAttached": BOOLEAN,
    "_failsAt?": NUMBER,
}
_SNAPSHOT: Final[Spec] = {
    **_RESOURCE,
    "state": STRING,
    "fromAttachedDisks": LIST,
    "fromInstanceName": STRING,
    "fromInstanceArn": STRING,
    "fromBlueprintId": STRING,
    "fromBundleId": STRING,
    "isFromAutoSnapshot": BOOLEAN,
    "sizeInGb": INTEGER,
    "_availableAt?": NUMBER,
    "_failedAt?": NUMBER,
}
_KEY_PAIR: Final[Spec] = _RESOURCE
_STATIC_IP: Final[Spec] = {
    **_RESOURCE,
    "ipAddress": STRING,
    "attachedTo?": STRING,
    "isAttached": BOOLEAN,
}
_ATTACHED_DISK: Final[Spec] = {"path": STRING, "sizeInGb": INTEGER}
_AUTO_SNAPSHOT: Final[Spec] = {"date": STRING, "createdAt": NUMBER, "status": STRING, "fromAttachedDisks": LIST}
_OPERATION: Final[Spec] = {
    "id": STRING,
    "resourceName": STRING,
    "resourceType": STRING,
    "createdAt": NUMBER,
    "location": _LOCATION,
    "operationType": STRING,
    "_endsAt": NUMBER,
    "_fail?": {"errorCode": STRING, "errorDetails": STRING},
}
_TOP: Final[Spec] = {
    "version": INTEGER,
    "timings": {"operationSeconds": NUMBER, "bootSeconds": NUMBER, "copySeconds": NUMBER, "checksSeconds?": NUMBER},
    "instanceQuota": INTEGER,
    "successStatus": STRING,
    "failOperations": OBJECT,
    "failAutoSnapshots?": LIST,
    "refusals": {
        "planSizeCap": "string-or-null",
        "accessDenied": LIST,
        "regionSetup": LIST,
        "impaired?": LIST,
        "capacity?": LIST,
    },
    "regions": OBJECT,
}
_ITEMS: Final[dict[str, Spec]] = {
    "instances": _INSTANCE,
    "instanceSnapshots": _SNAPSHOT,
    "keyPairs": _KEY_PAIR,
    "disks": _DISK,
    "staticIps": _STATIC_IP,
}


class _Malformed(ValueError):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"not a local Lightsail state: {where} {problem}")


def _is(value: object, kind: str) -> bool:
    if kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == STRING:
        return isinstance(value, str)
    if kind == BOOLEAN:
        return isinstance(value, bool)
    if kind == LIST:
        return isinstance(value, list)
    if kind == "string-or-null":
        return value is None or isinstance(value, str)
    return isinstance(value, dict)


def _check(value: object, spec: Spec, where: str) -> None:
    if not isinstance(value, dict):
        raise _Malformed(where, f"is {type(value).__name__}, not an object")
    for raw, kind in spec.items():
        member = raw.removesuffix("?")
        if member not in value:
            if raw.endswith("?"):
                continue
            raise _Malformed(where, f"has no {member}")
        inner = f"{where}.{member}"
        if isinstance(kind, Mapping):
            _check(value[member], kind, inner)
        elif not _is(value[member], kind):
            raise _Malformed(inner, f"is {type(value[member]).__name__}, not {kind}")


def _check_list(value: object, spec: Spec, where: str) -> None:
    if not isinstance(value, list):
        raise _Malformed(where, f"is {type(value).__name__}, not a list")
    for index, item in enumerate(value):
        _check(item, spec, f"{where}[{index}]")


def _check_region(region: object, where: str) -> None:
    if not isinstance(region, dict):
        raise _Malformed(where, f"is {type(region).__name__}, not an object")
    for collection, spec in _ITEMS.items():
        items = region.get(collection)
        if not isinstance(items, dict):
            raise _Malformed(where, f"has no {collection} object")
        for name, item in items.items():
            _check(item, spec, f"{where}.{collection}.{name}")
            if item["name"] != name:
                raise _Malformed(f"{where}.{collection}.{name}", f"is named {item['name']!r}")
    for name, instance in region["instances"].items():
        _check_list(instance["networking"]["ports"], _RULE, f"{where}.instances.{name}.networking.ports")
        disks = instance["hardware"]["disks"]
        if not disks:
            raise _Malformed(f"{where}.instances.{name}.hardware.disks", "has no system disk")
        _check(disks[0], _SYSTEM_DISK, f"{where}.instances.{name}.hardware.disks[0]")
    auto = region.get("autoSnapshots")
    if not isinstance(auto, dict):
        raise _Malformed(where, "has no autoSnapshots object")
    for name, days in auto.items():
        _check_list(days, _AUTO_SNAPSHOT, f"{where}.autoSnapshots.{name}")
        for index, day in enumerate(days):
            _check_list(
                day["fromAttachedDisks"], _ATTACHED_DISK, f"{where}.autoSnapshots.{name}[{index}].fromAttachedDisks"
            )
    for name, snapshot in region["instanceSnapshots"].items():
        disks = f"{where}.instanceSnapshots.{name}.fromAttachedDisks"
        _check_list(snapshot["fromAttachedDisks"], {"path?": STRING, "sizeInGb": INTEGER}, disks)
    _check_list(region.get("operations"), _OPERATION, f"{where}.operations")


def _check_settings(data: Mapping[str, Any]) -> None:
    if data["successStatus"] not in SUCCESS_STATUSES:
        raise _Malformed("successStatus", f"is {data['successStatus']!r}, not one of {', '.join(SUCCESS_STATUSES)}")
    if any(not math.isfinite(float(v)) for v in data["timings"].values()):
        raise _Malformed("timings", "has a duration that is not a finite number")
    if any(float(v) < 0 for v in data["timings"].values()):
        raise _Malformed("timings", "has a negative duration")
    refusals = data["refusals"]
    cap = refusals["planSizeCap"]
    if cap is not None and bundle(cap) is None:
        raise _Malformed("refusals.planSizeCap", f"is {cap!r}, not a bundle id")
    _check_list(refusals["accessDenied"], {"operation": STRING, "region": "string-or-null"}, "refusals.accessDenied")
    _check_list(refusals.get("impaired", []), {"instanceName": STRING, "region": "string-or-null"}, "refusals.impaired")
    if not all(isinstance(r, str) for r in refusals["regionSetup"]):
        raise _Malformed("refusals.regionSetup", "is not a list of Region names")
    if not all(isinstance(z, str) for z in refusals.get("capacity", [])):
        raise _Malformed("refusals.capacity", "is not a list of Availability Zone names")
    if not all(isinstance(n, str) for n in data.get("failAutoSnapshots", [])):
        raise _Malformed("failAutoSnapshots", "is not a list of instance names")
    for name, failure in data["failOperations"].items():
        _check(failure, {"errorCode": STRING, "errorDetails": STRING}, f"failOperations.{name}")


def check_state(data: object) -> dict[str, Any]:
    """``data`` if it is a well-formed local state of this version.

    Raises:
        ValueError: It is not a JSON object, or not of this version, or a member the backend reads is missing or
            of the wrong type; the message names it.
    """
    if not isinstance(data, dict):
        raise ValueError(f"not a local Lightsail state: a JSON {type(data).__name__}, not an object")
    version = data.get("version")
    if version != STATE_VERSION:
        raise ValueError(f"not a local Lightsail state of version {STATE_VERSION}: version {version!r}")
    _check(data, _TOP, "the state")
    _check_settings(data)
    regions = data["regions"]
    for name in regions:
        if name not in REGIONS:
            raise _Malformed(f"regions.{name}", "is not a Lightsail Region")
    for name in REGIONS:
        if name not in regions:
            raise _Malformed("regions", f"has no {name}")
        _check_region(regions[name], f"regions.{name}")
    return data
