"""The plan's look at what a restore does not carry from the source instance: its AutoSnapshot add-on and its tags.

A new instance gets only the add-ons and tags its create request names (a snapshot keeps neither, and an automatic
snapshot has no tags at all: the developer guide, E31's tags-as-identity). When the source instance still exists,
the plan compares: an instance that took automatic snapshots and whose restored copy will not silently leaves the
service without backups. Instances an earlier run created are compared as the plan's listing shows them (a user may
have added the add-on since). Nothing here calls AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..request import CreateInstancesFromSnapshotRequest
from ._findings import Findings
from ._provenance import MARK_KEYS

__all__ = ["auto_snapshot", "check_carried", "tag_text", "user_tags"]


def auto_snapshot(add_ons: Any) -> Mapping[str, Any] | None:
    """The enabled AutoSnapshot add-on of a ``GetInstances`` listing's ``addOns``, if any."""
    return next(
        (a for a in add_ons or () if a.get("name") == "AutoSnapshot" and a.get("status") in ("Enabled", "Enabling")),
        None,
    )


def tag_text(tag: Mapping[str, Any]) -> str:
    """A tag in words: ``key=value``, or ``key`` when it has no value."""
    return f"{tag.get('key')}={tag.get('value')}" if tag.get("value") is not None else str(tag.get("key"))


def check_carried(
    source: Mapping[str, Any],
    request: CreateInstancesFromSnapshotRequest,
    existing: Mapping[str, Mapping[str, Any]],
    findings: Findings,
) -> None:
    """Warn when the new instances lack the source instance's AutoSnapshot add-on or tags.

    Args:
        source: The source instance as ``GetInstances`` lists it (empty when it no longer exists: nothing to say).
        request: The validated request (its ``addOns`` and ``tags`` are what new instances get).
        existing: The Region's instances by name (those an earlier run created are judged as they are).
        findings: Where the warnings go.
    """
    name = source.get("name")
    if not name:
        return
    check_ip_address_type(source, request, findings)
    asked_snapshots = any(a.add_on_type == "AutoSnapshot" for a in request.add_ons or ())
    asked_tags = {t.key for t in request.tags or ()}
    lacking_snapshots, lacking_tags = [], []
    for instance in request.instance_names:
        found = existing.get(instance)
        if found is not None and found.get("name") == instance:
            has_snapshots = auto_snapshot(found.get("addOns")) is not None
            has_tags = {str(t.get("key")) for t in found.get("tags") or ()}
        else:
            has_snapshots, has_tags = asked_snapshots, asked_tags
        if not has_snapshots:
            lacking_snapshots.append(instance)
        if any(t.get("key") not in has_tags for t in user_tags(source)):
            lacking_tags.append(instance)
    add_on = auto_snapshot(source.get("addOns"))
    if add_on is not None and lacking_snapshots:
        at = add_on.get("snapshotTimeOfDay") or "06:00"
        findings.add(
            "auto_snapshot_not_carried",
            "addOns",
            "warning",
            f"{name} takes automatic snapshots (its AutoSnapshot add-on, daily at {at} UTC), and "
            f"{', '.join(lacking_snapshots)} will not: a restored instance gets only the add-ons its request names; "
            f"give addOns addOnType=AutoSnapshot,autoSnapshotAddOnRequest={{snapshotTimeOfDay={at}}} "
            "so it keeps backups, or restore with like_source",
            params=("addOns", "like_source"),
        )
    tags = [t for t in user_tags(source) if t.get("key") not in asked_tags]
    if tags and lacking_tags:
        given = " ".join(
            f"key={t.get('key')}" + (f",value={t.get('value')}" if t.get("value") is not None else "") for t in tags
        )
        findings.add(
            "tags_not_carried",
            "tags",
            "warning",
            f"{name} is tagged {', '.join(tag_text(t) for t in tags)}, and {', '.join(lacking_tags)} will not be: a "
            "snapshot carries no tag to the instances made from it (an automatic snapshot has none at all); give "
            f"them with tags {given}, or restore with like_source",
            params=("tags", "like_source"),
        )


def user_tags(instance: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The instance's tags, lightsail-restore's own mark left out."""
    return [t for t in instance.get("tags") or () if t.get("key") not in MARK_KEYS]


def check_ip_address_type(
    source: Mapping[str, Any], request: CreateInstancesFromSnapshotRequest, findings: Findings
) -> None:
    """Warn when the request leaves ``ipAddressType`` out and the source instance's is not AWS's ``dualstack``.

    A restored instance is ``dualstack`` unless asked otherwise (C-2.13), so an IPv4-only server comes back with a
    public IPv6 address, reachable through the IPv6 side of its firewall rules (E8): the first difference told.
    """
    ip_type = source.get("ipAddressType")
    if request.ip_address_type is not None or ip_type in (None, "dualstack"):
        return
    names = ", ".join(request.instance_names)
    one = len(request.instance_names) == 1
    exposed = (
        f" (no public IPv6 address), and {names} will be dualstack, AWS's default when ipAddressType is left out: "
        f"{'it gets' if one else 'each gets'} a public IPv6 address, reachable through the IPv6 side of "
        f"{'its' if one else 'their'} firewall rules"
        if ip_type == "ipv4"
        else f", and {names} will be dualstack, AWS's default when ipAddressType is left out"
    )
    findings.add(
        "ip_address_type_not_carried",
        "ipAddressType",
        "warning",
        f"{source.get('name')}'s IP address type is {ip_type}{exposed}; give ipAddressType {ip_type}, or restore "
        "with like_source, to keep it as it was",
        params=("ipAddressType", "like_source"),
    )
