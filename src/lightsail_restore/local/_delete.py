"""Deletions: DeleteInstance, DeleteDisk and DeleteInstanceSnapshot.

The answers follow the AWS CLI's examples (E60: delete-instance.rst, delete-disk.rst, delete-instance-snapshot.rst):
each deletion's own operation is already terminal and ``Succeeded``, with no ``operationDetails``; deleting an
instance with an attached disk first detaches it, and its answer lists, before the ``DeleteInstance`` operation, the
two ``DetachDisk`` operations of each disk (the disk's, naming the instance, then the instance's, naming the disk),
``Started``. What an instance leaves behind: its static IP, allocated and unattached (E39); its disks, detached
and ``available``; its manual snapshots. Its automatic snapshots go with it (E27). A disk must be detached
(``available``) to be deleted (E61). The rest is the backend's choice, written in ``docs/local.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._call import Call
from ._errors import invalid, not_found

__all__ = ["OPERATIONS"]


def _detach_disks(call: Call, instance: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Detach the instance's disks (now); their DetachDisk operations, two per disk, end after the operation time."""
    name = str(instance["name"])
    operations: list[dict[str, Any]] = []
    for disk in call.attached_disks(name):
        stored = call.res["disks"][disk["name"]]
        for member in ("path", "attachedTo"):
            stored.pop(member, None)
        stored.update(state="available", isAttached=False, attachmentState="detached")
        seconds = call.operation_seconds
        operations.append(
            call.record(stored["location"], disk["name"], "Disk", "DetachDisk", seconds=seconds, details=name)
        )
        operations.append(
            call.record(instance["location"], name, "Instance", "DetachDisk", seconds=seconds, details=disk["name"])
        )
    return operations


def delete_instance(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """DeleteInstance: gone at once, with its automatic snapshots; its disks detached, its static IP kept unattached.

    ``forceDeleteAddOns`` is accepted either way: the add-ons go with the instance.

    Raises:
        ServiceError: NotFoundException (``DoesNotExist``): no such instance in the Region.
    """
    instance = call.existing_instance(params["instanceName"])
    name = str(instance["name"])
    operations = _detach_disks(call, instance)
    for static_ip in call.res["staticIps"].values():
        if static_ip.get("attachedTo") == name:
            static_ip.pop("attachedTo")
            static_ip["isAttached"] = False
    del call.res["instances"][name]
    call.res["autoSnapshots"].pop(name, None)
    operations.append(call.record(instance["location"], name, "Instance", "DeleteInstance"))
    return {"operations": [call.operation_view(op) for op in operations]}


def delete_disk(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """DeleteDisk: only a detached disk (``available``); gone at once, with its automatic snapshots.

    Raises:
        ServiceError: NotFoundException (``DoesNotExist``); InvalidInputException for an attached disk.
    """
    name = params["diskName"]
    disk = call.disks().get(name) if isinstance(name, str) else None
    if disk is None:
        raise not_found(f"The Disk does not exist: {name}")
    if disk.get("isAttached"):
        raise invalid(
            f"The disk {name} is attached to the instance {disk.get('attachedTo')}: a disk must be available "
            "(not attached to an instance) to be deleted"
        )
    del call.res["disks"][name]
    call.res["autoSnapshots"].pop(name, None)
    op = call.record(disk["location"], name, "Disk", "DeleteDisk")
    return {"operations": [call.operation_view(op)]}


def delete_instance_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """DeleteInstanceSnapshot: an available (or failed) snapshot goes at once; a pending one is refused.

    Raises:
        ServiceError: NotFoundException (``DoesNotExist``); InvalidInputException for a ``pending`` snapshot.
    """
    name = params["instanceSnapshotName"]
    stored = call.res["instanceSnapshots"].get(name) if isinstance(name, str) else None
    if stored is None:
        raise not_found(f"The InstanceSnapshot does not exist: {name}")
    if call.snapshot_view(stored)["state"] == "pending":
        raise invalid(f"The instance snapshot {name} is pending: it can be deleted once it is available")
    del call.res["instanceSnapshots"][name]
    op = call.record(stored["location"], name, "InstanceSnapshot", "DeleteInstanceSnapshot")
    return {"operations": [call.operation_view(op)]}


OPERATIONS = {
    "DeleteDisk": delete_disk,
    "DeleteInstance": delete_instance,
    "DeleteInstanceSnapshot": delete_instance_snapshot,
}
"""The deletions, by AWS operation name."""
