"""Which existing instances are this request's (resumed), and every difference when they are not.

An instance under a requested name is resumed only when it carries the restore's mark (``provenance``) with this
request's source and digest, was created after that source was taken (a snapshot deleted and taken again under its
name is another source), and its readable members match the request: bundle, zone, key pair (when the request
names one), tags, add-ons, IP address type and disk mapping. Anything else is an error finding that names the
member by its AWS path, what exists and what was asked: another request's instance is never adopted. When the
digest matches but a member the digest covers changed since (someone edited the instance), it is still resumed,
with a warning. The disk mapping is not in the digest (a partial resume sends only the rest of it), so a mapped
disk that is missing or attached elsewhere is always an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..request import CreateInstancesFromSnapshotRequest
from ._findings import Findings
from ._provenance import REQUEST_TAG, Mark, read_mark, source_matches
from ._source import auto_prefix

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AddOnTypeDef, DiskTypeDef, InstanceTypeDef

__all__ = ["Difference", "Resumed", "differences", "disk_owner", "judge"]


@dataclass(frozen=True, slots=True)
class Difference:
    """One member of an existing instance that is not as the request asks.

    Attributes:
        path: The AWS path of the member in the request, e.g. ``bundleId`` or ``tags``.
        exists: What the instance has, in words.
        asked: What the request asks, in words.
        in_digest: Whether the member is part of the request's digest (the disk mapping is not).
    """

    path: str
    exists: str
    asked: str
    in_digest: bool = True


@dataclass(frozen=True, slots=True)
class Resumed:
    """An existing instance recognised as this request's: its name and the source its mark names."""

    name: str
    source: str | None


def disk_owner(key: str, names: Sequence[str]) -> str:
    """The new instance an ``attachedDiskMapping`` key gives disks to: itself when a requested name, else the first.

    AWS does not document the key (evidence C-8.6 in docs/design/evidence.md); this is the local backend's reading.
    """
    return key if key in names else names[0]


def _tag_text(key: str, value: object) -> str:
    return key if value in (None, "") else f"{key}={value}"


def _add_ons(instance: InstanceTypeDef) -> dict[str, AddOnTypeDef]:
    """The instance's enabled add-ons by name (``addOns`` is absent when there are none: E7, E8)."""
    return {
        str(a.get("name")): a
        for a in instance.get("addOns") or []
        if isinstance(a, Mapping) and str(a.get("status") or "Enabled") in ("Enabled", "Enabling")
    }


def _add_on_differences(request: CreateInstancesFromSnapshotRequest, instance: InstanceTypeDef) -> Iterator[Difference]:
    found = _add_ons(instance)
    asked = {a.add_on_type: a for a in request.add_ons or ()}
    if set(found) != set(asked):
        yield Difference("addOns", ", ".join(sorted(found)) or "no add-on", ", ".join(sorted(asked)) or "no add-on")
        return
    for kind, add_on in asked.items():
        there = found[kind]
        wanted: dict[str, str | None] = {}
        if add_on.auto_snapshot_add_on_request is not None:
            wanted["snapshotTimeOfDay"] = add_on.auto_snapshot_add_on_request.snapshot_time_of_day
        if add_on.stop_instance_on_idle_request is not None:
            wanted["threshold"] = add_on.stop_instance_on_idle_request.threshold
            wanted["duration"] = add_on.stop_instance_on_idle_request.duration
        for member, value in wanted.items():
            if value is not None and there.get(member) is not None and str(there.get(member)) != value:
                yield Difference("addOns", f"{kind} with {member} {there.get(member)}", f"{member} {value}")


def differences(
    request: CreateInstancesFromSnapshotRequest, name: str, instance: InstanceTypeDef, disks: Mapping[str, DiskTypeDef]
) -> list[Difference]:
    """Every readable member of ``instance`` that is not as ``request`` asks (empty when all match).

    Compared: ``bundleId``; ``availabilityZone``; ``keyPairName`` against ``sshKeyName``, only when the request
    names a key pair (AWS's default key name is not compared); each requested tag, present with the same value;
    the add-ons enabled; ``ipAddressType`` (``dualstack`` when the request leaves it out; skipped when the answer
    has none); and the disks the request maps to this instance, present and attached to it.
    """
    found: list[Difference] = []
    if instance.get("bundleId") != request.bundle_id:
        found.append(Difference("bundleId", str(instance.get("bundleId")), request.bundle_id))
    zone = (instance.get("location") or {}).get("availabilityZone")
    if zone != request.availability_zone:
        found.append(Difference("availabilityZone", str(zone), request.availability_zone))
    if request.key_pair_name is not None and instance.get("sshKeyName") != request.key_pair_name:
        key = instance.get("sshKeyName")
        found.append(Difference("keyPairName", f"key pair {key}" if key else "no key pair", request.key_pair_name))
    tags = {str(t.get("key")): t.get("value") for t in instance.get("tags") or [] if isinstance(t, Mapping)}
    for index, tag in enumerate(request.tags or ()):
        if tag.key not in tags:
            found.append(Difference(f"tags[{index}]", f"no tag {tag.key}", _tag_text(tag.key, tag.value)))
        elif (tags[tag.key] or "") != (tag.value or ""):
            found.append(Difference(f"tags[{index}]", _tag_text(tag.key, tags[tag.key]), _tag_text(tag.key, tag.value)))
    found.extend(_add_on_differences(request, instance))
    ip_type = instance.get("ipAddressType")
    asked_ip = request.ip_address_type or "dualstack"
    if ip_type is not None and ip_type != asked_ip:
        found.append(Difference("ipAddressType", str(ip_type), asked_ip))
    for key, maps in (request.attached_disk_mapping or {}).items():
        if disk_owner(key, request.instance_names) != name:
            continue
        for index, disk in enumerate(maps):
            there = disks.get(disk.new_disk_name)
            path = f"attachedDiskMapping[{key!r}][{index}].newDiskName"
            asked = f"{disk.new_disk_name} attached"
            if there is None:
                found.append(Difference(path, f"no disk {disk.new_disk_name}", asked, in_digest=False))
            elif there.get("attachedTo") != name:
                holder = there.get("attachedTo")
                where = f"attached to {holder}" if holder else "not attached"
                found.append(Difference(path, f"disk {disk.new_disk_name} {where}", asked, in_digest=False))
    return found


def judge(
    request: CreateInstancesFromSnapshotRequest,
    *,
    index: int,
    instance: InstanceTypeDef,
    disks: Mapping[str, DiskTypeDef],
    mark: Mark | None,
    findings: Findings,
    region: str | None = None,
    taken: datetime | None = None,
) -> Resumed | None:
    """Whether the existing instance ``instanceNames[index]`` is this request's (resumed), with findings why (not).

    Args:
        request: The validated request (without the mark).
        index: The index of the name in ``instanceNames``.
        instance: The instance as GetInstances lists it.
        disks: The Region's disks by name.
        mark: This request's mark, or ``None`` when the restore sends none (``provenance=False``).
        findings: Where the verdict goes: ``already_created`` (info), drift (warning) or the differences (errors).
        region: The source's Region when it is not the instance's own (a cross-Region restore).
        taken: When the snapshot this request restores was taken, when known: an instance whose mark names it but
            that was created before it holds an older snapshot of that name (deleted and taken again since).

    Returns:
        The instance to resume, or ``None`` when it is not this request's (the findings then hold errors).
    """
    name = request.instance_names[index]
    where = f"instanceNames[{index}]"
    if mark is None:
        findings.add(
            "X12_name_in_use",
            where,
            "error",
            f"{name} is already used by an instance; without the provenance mark (provenance=False) a restore "
            "cannot tell its own instances from others: choose another name",
            params=("provenance=False",),
        )
        return None
    found = read_mark(instance)
    if found is None or found.source is None or found.request is None:
        findings.add(
            "X12_name_in_use",
            where,
            "error",
            f"{name} is already used by an instance that lightsail-restore did not create from this request (it "
            f"has no {REQUEST_TAG} mark); choose another name",
        )
        return None
    hint = f"choose another name, or rerun the request that created {name}"
    path = (
        "instanceSnapshotName"
        if request.instance_snapshot_name is not None
        else "restoreDate"
        if request.source_instance_name is not None
        and found.source.startswith(auto_prefix(request.source_instance_name, region))
        else "sourceInstanceName"
    )
    if not source_matches(found.source, request, mark.source, region):
        findings.add(
            "resume_source",
            path,
            "error",
            f"{name} exists, restored from {found.source}; this request restores {mark.source}: {hint}",
        )
        return None
    made = instance.get("createdAt")
    if found.source == mark.source and taken is not None and isinstance(made, datetime) and made < taken:
        findings.add(
            "resume_source",
            path,
            "error",
            f"{name} exists, restored from {found.source} on {made.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC, before "
            f"{mark.source} as it is now was taken ({taken.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC): it holds an "
            f"older snapshot of that name; choose another name",
        )
        return None
    diffs = differences(request, name, instance, disks)
    same_request = found.request == mark.request
    refused = diffs if not same_request else [d for d in diffs if not d.in_digest]
    if refused:
        for diff in refused:
            findings.add(
                "resume_differs",
                diff.path,
                "error",
                f"{name} exists with {diff.exists}; this request asks for {diff.asked}: {hint}",
            )
        return None
    if not same_request:
        findings.add(
            "resume_request_differs",
            where,
            "error",
            f"{name} was created by lightsail-restore from another request ({found.request}, this one is "
            f"{mark.request}): a member it cannot read back differs (such as keyPairName when left out, add-on "
            f"parameters, or restoreDate instead of the latest snapshot); {hint}",
        )
        return None
    for diff in diffs:
        findings.add(
            "resume_drifted",
            diff.path,
            "warning",
            f"{name} was created by this request but now has {diff.exists} (asked: {diff.asked}); it changed "
            "since, and is resumed as it is",
        )
    findings.add(
        "already_created",
        where,
        "info",
        f"{name} already exists, created from {found.source} by an earlier run of this request; "
        "it will be waited on, not created again",
    )
    return Resumed(name, found.source)
