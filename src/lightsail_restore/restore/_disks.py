"""The plan's part for the snapshot's block-storage disks: each comes along, with a new name, unless told otherwise.

CreateInstancesFromSnapshot restores only the disks its ``attachedDiskMapping`` names (C-2.8, E72): each mapped disk
is created from the snapshot under its ``newDiskName`` and attached to the new instance at its original path; no
source says a disk the request does not map is restored. The console's create-from-snapshot page includes "the
system disk and any attached block storage disks" (UG-cifs), so a restore does the same: when the request has no
``attachedDiskMapping`` and ``attached_disks`` is true (the default), the plan maps every disk the snapshot holds
(``fromAttachedDisks``, E10; an automatic snapshot's, E9) to each new instance, keyed by the new instance's name
(what the key names is not documented, C-8.6: see docs/restore.md "Where we still guess"). A mapping the request
gives is sent as given, and ``attached_disks=False`` adds none; a disk left out is then a warning
(``disks_not_restored``), never silent.

A new disk's name is the new instance's name and what follows the source instance's name in the original disk's
(``web-1-data`` restored for ``web-2`` is ``web-2-data``), or the whole original name, or, when the snapshot does not
name it (an automatic snapshot), its device (``/dev/xvdf``: ``web-2-xvdf``). A restore in place under the source's own
name (``replace_source``) adds ``-restored`` (``web-1-data-restored``): the source's disk outlives its instance,
detached, under its own name (E60). The same request gives the same names on every run, so a rerun recognises the disks
it made (the decision D-disks). Nothing here calls AWS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from ..errors import RequestValidationError
from ..request import CreateInstancesFromSnapshotRequest
from ._document import Document
from ._findings import Findings
from ._resume import disk_owner
from ._source import ResolvedSource, SourceDisk

__all__ = ["CHOOSE_DISK_NAMES", "CHOOSE_DISK_PARAMS", "RestoredDisk", "new_disk_name", "planned_disks", "with_disks"]

_NOT_A_NAME: Final = re.compile(r"[^A-Za-z0-9_-]+")
CHOOSE_DISK_NAMES: Final = (
    "the restore named the disk: map the disks in attachedDiskMapping to name them, or leave them out with "
    "attached_disks=False"
)
"""What to do when a name the restore chose for a disk does not do."""
CHOOSE_DISK_PARAMS: Final = ("attachedDiskMapping", "attached_disks=False")
"""The parameters ``CHOOSE_DISK_NAMES`` names (``Finding.params``)."""


def new_disk_name(instance: str, disk: SourceDisk, source_instance: str | None) -> str:
    """The name a restore gives the copy of ``disk`` attached to ``instance`` (see the module's documentation)."""
    name = disk.name or ""
    prefix = f"{source_instance}-" if source_instance else ""
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        name = name[len(prefix) :]
    if not name:
        name = disk.path.rstrip("/").rsplit("/", 1)[-1]
    again = "-restored" if instance == source_instance else ""  # in place: the source's own disk keeps its name
    return f"{instance}-{_NOT_A_NAME.sub('-', name).strip('-') or 'disk'}{again}"


def with_disks(
    request: CreateInstancesFromSnapshotRequest,
    source: ResolvedSource | None,
    attached_disks: bool,
    findings: Findings,
) -> CreateInstancesFromSnapshotRequest:
    """``request`` with every disk of ``source`` mapped to each new instance, when it maps none and may.

    Args:
        request: The validated request.
        source: The resolved source (``None``: not found, a finding says so; nothing to map).
        attached_disks: Whether the restore maps the snapshot's disks itself (``False``: only what the request maps).
        findings: Where a mapping that breaks a rule (a chosen name too long, or the same as another name) goes,
            as errors naming ``attachedDiskMapping``.

    Returns:
        The request to plan and send: with the mapping added, or as it was.
    """
    if source is None or not source.disks or not attached_disks or request.attached_disk_mapping is not None:
        return request
    mapping = {
        instance: [
            {"originalDiskPath": disk.path, "newDiskName": new_disk_name(instance, disk, source.instance_name)}
            for disk in source.disks
        ]
        for instance in request.instance_names
    }
    params: dict[str, Any] = {**request.to_boto3(), "attachedDiskMapping": mapping}
    try:
        return CreateInstancesFromSnapshotRequest.from_boto3(params)
    except RequestValidationError as exc:
        for issue in exc.issues:
            findings.add(
                issue.rule,
                issue.path or "attachedDiskMapping",
                "error",
                f"the restore maps the disks of {source.describe()} to new disks it names, and {issue.message}; "
                f"{CHOOSE_DISK_NAMES}",
                params=CHOOSE_DISK_PARAMS,
            )
        return request


@dataclass(frozen=True, slots=True)
class RestoredDisk(Document):
    """A disk the restore creates from the snapshot and attaches to a new instance, as the plan lists it.

    ``to_dict()`` writes its fields under AWS's member names where there are some (``originalDiskPath``).

    Attributes:
        instance_name: The new instance it is attached to.
        original_disk_path: Its path on the source (and on the new instance), e.g. ``/dev/xvdf``.
        new_disk_name: The new disk's name.
        size_in_gb: Its size, when the snapshot says.
        original_name: The snapshotted disk's name, when the snapshot says (manual snapshots do).
        chosen: Whether the restore named it (``attached_disks``) rather than the request's mapping.
    """

    instance_name: str
    original_disk_path: str
    new_disk_name: str
    size_in_gb: int | None = None
    original_name: str | None = None
    chosen: bool = False


def planned_disks(
    request: CreateInstancesFromSnapshotRequest, source: ResolvedSource | None, chosen: bool
) -> tuple[RestoredDisk, ...]:
    """Each disk the request maps: its new instance, original path, size and name, and its new name.

    Args:
        request: The request as it will be sent (its ``attachedDiskMapping``).
        source: The resolved source, for the disks' sizes and names.
        chosen: Whether the restore chose the mapping (``with_disks``) rather than the request.
    """
    known = {disk.path: disk for disk in source.disks} if source is not None else {}
    found = [
        (disk_owner(key, request.instance_names), disk, known.get(disk.original_disk_path))
        for key, maps in (request.attached_disk_mapping or {}).items()
        for disk in maps
    ]
    return tuple(
        RestoredDisk(
            owner,
            disk.original_disk_path,
            disk.new_disk_name,
            was.size_in_gb if was is not None else None,
            was.name if was is not None else None,
            chosen,
        )
        for owner, disk, was in found
    )
