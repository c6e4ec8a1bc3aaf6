"""New resources in their stored form: members in the service model's order, as real answers show them.

Timestamps are epoch seconds to the millisecond, as Lightsail writes them (E1: ``1569865914.908``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from ._catalogue import system_disk_path, username_of

__all__ = [
    "ACCOUNT",
    "arn",
    "iops",
    "ipv4",
    "ipv6",
    "location",
    "milliseconds",
    "new_disk",
    "new_instance",
    "new_key_pair",
    "new_operation",
    "new_snapshot",
    "new_static_ip",
    "snapshotted_disk",
]

ACCOUNT: Final = "123456789012"
"""The local account id (in ARNs and support codes)."""

METADATA_OPTIONS: Final = {
    "state": "applied",
    "httpTokens": "optional",
    "httpEndpoint": "enabled",
    "httpPutResponseHopLimit": 1,
    "httpProtocolIpv6": "disabled",
}
"""A new instance's metadata options (E8)."""


def milliseconds(seconds: float) -> float:
    """Epoch seconds rounded to the millisecond."""
    return round(seconds, 3)


def arn(region: str, kind: str) -> str:
    """A fresh ARN of a resource of ``kind`` (``Instance``, ``Disk``, ...)."""
    return f"arn:aws:lightsail:{region}:{ACCOUNT}:{kind}/{uuid.uuid4()}"


def location(region: str, zone: str) -> dict[str, str]:
    """A ``ResourceLocation``; ``zone`` is ``"all"`` for Region-wide resources (snapshots, key pairs, static IPs)."""
    return {"availabilityZone": zone, "regionName": region}


def ipv4(first: int) -> str:
    """A random IPv4 address in ``first``.0.0.0/8."""
    raw = uuid.uuid4().bytes
    return f"{first}.{raw[0]}.{raw[1]}.{max(raw[2], 1)}"


def ipv6() -> str:
    """A random IPv6 address in the range Lightsail's dual-stack instances get theirs from (E8)."""
    raw = uuid.uuid4().hex
    return "2600:1f14:" + ":".join(raw[i : i + 4].lstrip("0") or "0" for i in range(0, 24, 4))


def iops(size_in_gb: int) -> int:
    """The IOPS of a disk: 3 per GB, at least 100 (E8: 100 for 20 GB; E7: 240 for 80 GB)."""
    return max(100, min(16000, 3 * size_in_gb))


def new_disk(
    region: str, zone: str, name: str, size: int, at: float, *, attached_to: str | None = None, path: str = ""
) -> dict[str, Any]:
    """A block storage disk (``Disk``): ``in-use`` at ``path`` when attached, else ``available`` with no path (E11)."""
    disk: dict[str, Any] = {
        "name": name,
        "arn": arn(region, "Disk"),
        "supportCode": f"{ACCOUNT}/vol-{uuid.uuid4().hex[:17]}",
        "createdAt": milliseconds(at),
        "location": location(region, zone),
        "resourceType": "Disk",
        "tags": [],
        "sizeInGb": size,
        "isSystemDisk": False,
        "iops": iops(size),
    }
    if attached_to is None:
        disk.update(state="available", isAttached=False, attachmentState="detached")
    else:
        disk.update(path=path, state="in-use", attachedTo=attached_to, isAttached=True, attachmentState="attached")
    return disk


def snapshotted_disk(disk: Mapping[str, Any]) -> dict[str, Any]:
    """An attached disk as a snapshot's ``fromAttachedDisks`` lists it: its path kept, shown detached and available."""
    kept = {k: v for k, v in disk.items() if k != "attachedTo" and not k.startswith("_")}
    kept.update(state="available", isAttached=False, attachmentState="detached")
    return kept


def new_instance(
    region: str,
    zone: str,
    name: str,
    bundle: Mapping[str, Any],
    blueprint: Mapping[str, Any],
    at: float,
    *,
    ip_address_type: str = "dualstack",
    ports: list[dict[str, Any]],
) -> dict[str, Any]:
    """A new instance (``Instance``) of this bundle and blueprint, booting from ``at``, with the default key pair.

    Its system disk has no name, ARN or state (E7, E8). ``publicIpAddress`` is left out for an IPv6-only instance,
    ``ipv6Addresses`` for an IPv4-only one.
    """
    at = milliseconds(at)
    instance: dict[str, Any] = {
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
        "privateIpAddress": ipv4(172),
    }
    if ip_address_type != "ipv6":
        instance["publicIpAddress"] = ipv4(3)
    if ip_address_type != "ipv4":
        instance["ipv6Addresses"] = [ipv6()]
    instance.update(
        ipAddressType=ip_address_type,
        hardware={
            "cpuCount": bundle["cpuCount"],
            "disks": [
                {
                    "createdAt": at,
                    "sizeInGb": bundle["diskSizeInGb"],
                    "isSystemDisk": True,
                    "iops": iops(int(bundle["diskSizeInGb"])),
                    "path": system_disk_path(blueprint["blueprintId"]),
                    "attachedTo": name,
                    "attachmentState": "attached",
                }
            ],
            "ramSizeInGb": bundle["ramSizeInGb"],
        },
        networking={"monthlyTransfer": {"gbPerMonthAllocated": bundle["transferPerMonthInGb"]}, "ports": ports},
        username=username_of(blueprint["blueprintId"]),
        sshKeyName="LightsailDefaultKeyPair",
        metadataOptions=dict(METADATA_OPTIONS),
        _bootAt=at,
    )
    return instance


def new_snapshot(
    region: str, name: str, instance: Mapping[str, Any], at: float, disks: list[dict[str, Any]], size: int
) -> dict[str, Any]:
    """An available manual snapshot (``InstanceSnapshot``) of ``instance`` with these attached disks (E10)."""
    return {
        "name": name,
        "arn": arn(region, "InstanceSnapshot"),
        "supportCode": f"{ACCOUNT}/ami-{uuid.uuid4().hex[:17]}",
        "createdAt": milliseconds(at),
        "location": location(region, "all"),
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


def new_key_pair(region: str, name: str, at: float) -> dict[str, Any]:
    """A key pair (``KeyPair``), Region-wide (zone ``all``, E12), with a made-up fingerprint."""
    digest = uuid.uuid4().hex
    return {
        "name": name,
        "arn": arn(region, "KeyPair"),
        "supportCode": f"{ACCOUNT}/{name}",
        "createdAt": milliseconds(at),
        "location": location(region, "all"),
        "resourceType": "KeyPair",
        "tags": [],
        "fingerprint": ":".join(digest[i : i + 2] for i in range(0, 32, 2)),
    }


def new_static_ip(region: str, name: str, at: float) -> dict[str, Any]:
    """A detached static IP (``StaticIp``), Region-wide, its support code ending in its address (get-static-ip.rst)."""
    address = ipv4(52)
    return {
        "name": name,
        "arn": arn(region, "StaticIp"),
        "supportCode": f"{ACCOUNT}/{address}",
        "createdAt": milliseconds(at),
        "location": location(region, "all"),
        "resourceType": "StaticIp",
        "ipAddress": address,
        "isAttached": False,
    }


def new_operation(
    where: Mapping[str, str],
    resource_name: str,
    resource_type: str,
    operation_type: str,
    at: float,
    *,
    ends_at: float | None = None,
    details: str | None = None,
) -> dict[str, Any]:
    """An operation (``Operation``) that ends at ``ends_at`` (at once when ``None``), with ``operationDetails`` if any.

    Args:
        where: Its ``location`` (the resource's; zone ``all`` for Region-wide resources).
        resource_name: The resource it acts on.
        resource_type: That resource's type (``Instance``, ``StaticIp``, ``InstanceSnapshot``).
        operation_type: The operation (``CreateInstancesFromSnapshot``, ``AttachStaticIp``, ...).
        at: When it starts.
        ends_at: When it ends; its status is computed from the clock when read.
        details: ``operationDetails``, the other resource involved (E5, E6); left out when ``None``.
    """
    op: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "resourceName": resource_name,
        "resourceType": resource_type,
        "createdAt": milliseconds(at),
        "location": dict(where),
        "isTerminal": False,
    }
    if details is not None:
        op["operationDetails"] = details
    op.update(operationType=operation_type, status="Started", statusChangedAt=milliseconds(at))
    op["_endsAt"] = milliseconds(at if ends_at is None else ends_at)
    return op
