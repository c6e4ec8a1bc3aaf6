"""CreateInstanceSnapshot: a manual snapshot of an instance, ``pending`` for ``timings.copySeconds``, then available.

The answer follows the AWS CLI's example (E6, E62: create-instance-snapshot.rst): two operations, ``Started``, at the
same instant, the snapshot's (zone ``all``, naming the instance) then the instance's (naming the snapshot). The
snapshot has the members GetInstanceSnapshot shows (E10): the instance's name, ARN, bundle and blueprint, its system
disk's size, its attached disks, and the tags of the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._call import Call
from ._create import check_tags
from ._errors import invalid
from ._names import check_free, check_name
from ._resources import milliseconds, new_snapshot, snapshotted_disk

__all__ = ["OPERATIONS", "create_instance_snapshot"]


def create_instance_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """CreateInstanceSnapshot of a running instance.

    Raises:
        ServiceError: InvalidInputException (a bad or taken name, ``NameExists`` for the latter; bad tags; an
            instance still ``pending``) or NotFoundException (``DoesNotExist``: no such instance).
    """
    name = check_name(params["instanceSnapshotName"])
    instance = call.existing_instance(params["instanceName"])
    if not call.running(instance):
        raise invalid(f"The instance {instance['name']} is pending: a snapshot needs a running or stopped instance")
    tags = check_tags(params.get("tags"))
    check_free([name], call.taken_names() | set(call.res["instanceSnapshots"]))

    instance_name = str(instance["name"])
    disks = [snapshotted_disk(d) for d in call.attached_disks(instance_name)]
    system = next(d for d in instance["hardware"]["disks"] if d.get("isSystemDisk"))
    snapshot = new_snapshot(call.region, name, instance, call.now, disks, int(system["sizeInGb"]))
    snapshot.update(tags=[dict(t) for t in tags], _availableAt=milliseconds(call.now + call.copy_seconds))
    call.res["instanceSnapshots"][name] = snapshot
    seconds = call.copy_seconds
    ops = [
        call.record(
            snapshot["location"],
            name,
            "InstanceSnapshot",
            "CreateInstanceSnapshot",
            seconds=seconds,
            details=instance_name,
        ),
        call.record(
            instance["location"], instance_name, "Instance", "CreateInstanceSnapshot", seconds=seconds, details=name
        ),
    ]
    return {"operations": [call.operation_view(op) for op in ops]}


OPERATIONS = {"CreateInstanceSnapshot": create_instance_snapshot}
"""The operation this module answers, by AWS operation name."""
