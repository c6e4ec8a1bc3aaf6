"""The shape of the local state: plain JSON-ready dicts, one set of resources per Region.

Resources are stored as the service answers them (camelCase members, timestamps as epoch seconds), plus a few
private members whose names start with ``_`` (when an instance boots, when its creation fails); the read
operations strip those. Statuses that move with time are not stored: they are computed from the clock when read.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._catalogue import REGIONS, username_of

__all__ = [
    "ACCOUNT",
    "STATE_VERSION",
    "Timings",
    "arn",
    "empty_state",
    "location",
    "new_disk",
    "new_instance",
    "new_key_pair",
    "new_operation",
    "new_region",
    "new_snapshot",
    "public",
]

STATE_VERSION: Final = 1
"""The ``version`` member of a saved state."""

ACCOUNT: Final = "123456789012"
"""The local account id (in ARNs and support codes)."""


@dataclass(frozen=True)
class Timings:
    """How long the local service takes.

    Attributes:
        operation_seconds: From a creation until its operation is terminal (``Started`` -> ``Succeeded``).
        boot_seconds: From a creation until the instance is ``running`` (``pending`` before).
    """

    operation_seconds: float = 10.0
    boot_seconds: float = 20.0


def new_region() -> dict[str, Any]:
    """An empty Region: no resources."""
    return {
        "instances": {},
        "instanceSnapshots": {},
        "autoSnapshots": {},
        "keyPairs": {},
        "disks": {},
        "staticIps": {},
        "operations": [],
    }


def empty_state(timings: Timings | None = None, instance_quota: int = 20) -> dict[str, Any]:
    """A state with every Region and no resources."""
    timings = timings or Timings()
    return {
        "version": STATE_VERSION,
        "timings": {"operationSeconds": timings.operation_seconds, "bootSeconds": timings.boot_seconds},
        "instanceQuota": instance_quota,
        "failOperations": {},
        "regions": {name: new_region() for name in REGIONS},
    }


def public(resource: Mapping[str, Any]) -> dict[str, Any]:
    """The resource as the service shows it: without the private ``_`` members."""
    return {k: v for k, v in resource.items() if not k.startswith("_")}


def arn(region: str, kind: str) -> str:
    """A fresh ARN of a resource of ``kind`` (``Instance``, ``Disk``, ...)."""
    return f"arn:aws:lightsail:{region}:{ACCOUNT}:{kind}/{uuid.uuid4()}"


def location(region: str, zone: str) -> dict[str, str]:
    """A ``ResourceLocation``."""
    return {"availabilityZone": zone, "regionName": region}


def _ip(first: int) -> str:
    raw = uuid.uuid4().bytes
    return f"{first}.{raw[0]}.{raw[1]}.{max(raw[2], 1)}"


def new_disk(region: str, zone: str, name: str, path: str, size: int, at: float, **extra: Any) -> dict[str, Any]:
    """A block storage disk (``Disk``); ``extra`` members are added or replaced."""
    return {
        "name": name,
        "arn": arn(region, "Disk"),
        "supportCode": f"{ACCOUNT}/vol-{uuid.uuid4().hex[:17]}",
        "createdAt": at,
        "location": location(region, zone),
        "resourceType": "Disk",
        "tags": [],
        "sizeInGb": size,
        "isSystemDisk": False,
        "iops": 100,
        "path": path,
        "state": "available",
        "isAttached": False,
        **extra,
    }


def new_instance(
    region: str, zone: str, name: str, bundle: Mapping[str, Any], blueprint: Mapping[str, Any], at: float
) -> dict[str, Any]:
    """A new instance (``Instance``) of this bundle and blueprint, booting from ``at``; dualstack, default key."""
    return {
        "name": name,
        "arn": arn(region, "Instance"),
        "supportCode": f"{ACCOUNT}/i-{uuid.uuid4().hex[:17]}",
        "createdAt": at,
        "location": location(region, zone),
        "resourceType": "Instance",
        "tags": [],
        "blueprintId": blueprint["blueprintId"],
        "blueprintName": blueprint["name"],
        "bundleId": bundle["bundleId"],
        "addOns": [],
        "isStaticIp": False,
        "privateIpAddress": _ip(172),
        "publicIpAddress": _ip(3),
        "ipAddressType": "dualstack",
        "hardware": {
            "cpuCount": bundle["cpuCount"],
            "ramSizeInGb": bundle["ramSizeInGb"],
            "disks": [
                {
                    "name": f"{name}-system-disk",
                    "path": "/dev/xvda",
                    "sizeInGb": bundle["diskSizeInGb"],
                    "isSystemDisk": True,
                    "iops": 100,
                    "state": "in-use",
                    "isAttached": True,
                    "attachedTo": name,
                    "createdAt": at,
                }
            ],
        },
        "username": username_of(blueprint["blueprintId"]),
        "sshKeyName": "LightsailDefaultKeyPair",
        "_bootAt": at,
    }


def new_snapshot(
    region: str, name: str, instance: Mapping[str, Any], at: float, disks: list[dict[str, Any]], size: int = 40
) -> dict[str, Any]:
    """An available manual snapshot (``InstanceSnapshot``) of ``instance`` with these attached disks."""
    return {
        "name": name,
        "arn": arn(region, "InstanceSnapshot"),
        "supportCode": f"{ACCOUNT}/ami-{uuid.uuid4().hex[:17]}",
        "createdAt": at,
        "location": {"availabilityZone": "all", "regionName": region},
        "resourceType": "InstanceSnapshot",
        "tags": [],
        "state": "available",
        "fromAttachedDisks": disks,
        "fromInstanceName": instance["name"],
        "fromInstanceArn": instance["arn"],
        "fromBlueprintId": instance["blueprintId"],
        "fromBundleId": instance["bundleId"],
        "isFromAutoSnapshot": False,
        "sizeInGb": size,
    }


def new_key_pair(region: str, zone: str, name: str, at: float) -> dict[str, Any]:
    """A key pair (``KeyPair``) with a made-up fingerprint."""
    digest = uuid.uuid4().hex
    return {
        "name": name,
        "arn": arn(region, "KeyPair"),
        "supportCode": f"{ACCOUNT}/{name}",
        "createdAt": at,
        "location": location(region, zone),
        "resourceType": "KeyPair",
        "tags": [],
        "fingerprint": ":".join(digest[i : i + 2] for i in range(0, 32, 2)),
    }


def new_operation(
    region: str, zone: str, resource_name: str, operation_type: str, details: str | None, at: float
) -> dict[str, Any]:
    """A ``Started`` operation on an instance (``Operation``); ``operationDetails`` only when ``details`` is given."""
    op: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "resourceName": resource_name,
        "resourceType": "Instance",
        "createdAt": at,
        "location": location(region, zone),
        "isTerminal": False,
        "operationType": operation_type,
        "status": "Started",
        "statusChangedAt": at,
    }
    if details is not None:
        op["operationDetails"] = details
    return op
