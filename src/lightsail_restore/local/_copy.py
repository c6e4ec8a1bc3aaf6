"""CopySnapshot: copy an instance snapshot, manual or automatic, from ``sourceRegion`` into the client's Region.

Called on the *target* Region's client (copy-snapshot.rst). The copy is a manual instance snapshot of the target
Region, ``pending`` for ``timings.copySeconds`` and then ``available``; its one operation is an
``InstanceSnapshot`` operation in zone ``all`` whose ``operationDetails`` is ``"<sourceRegion>:<source name>"``,
the source snapshot's name for a manual source and the instance's name for an automatic one (the date does not
appear, E6). A copy made to fail (``LocalLightsail.fail_copy``) ends ``Failed`` and in state ``error``. Disk
snapshots are not modelled.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ._call import Call
from ._errors import invalid, not_found
from ._names import check_free, check_name
from ._resources import ACCOUNT, arn, location, milliseconds
from ._sources import restorable_auto_snapshot

__all__ = ["OPERATIONS", "copy_snapshot"]


def _source_region(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name = params["sourceRegion"]
    region: dict[str, Any] | None = call.state["regions"].get(name)
    if region is None:
        raise invalid(f"Lightsail is not available in the source Region {name}")
    return region


def _from_manual(call: Call, res: Mapping[str, Any], name: object) -> dict[str, Any]:
    """The members a copy of the manual snapshot ``name`` keeps from it."""
    stored = res["instanceSnapshots"].get(name) if isinstance(name, str) else None
    if stored is None:
        raise not_found(f"The InstanceSnapshot does not exist: {name}")
    snapshot = call.snapshot_view(stored)
    if snapshot["state"] != "available":
        raise invalid(f"The instance snapshot {name} is not available (state {snapshot['state']})")
    kept = ("fromAttachedDisks", "fromInstanceName", "fromInstanceArn", "fromBlueprintId", "fromBundleId")
    return {
        **{member: snapshot[member] for member in kept},
        "isFromAutoSnapshot": snapshot["isFromAutoSnapshot"],
        "sizeInGb": snapshot["sizeInGb"],
    }


def _from_automatic(
    call: Call, res: Mapping[str, Any], name: object, restore_date: object, latest: bool
) -> dict[str, Any]:
    """The members a copy of an automatic snapshot of the instance ``name`` takes from the instance and the day."""
    instance = res["instances"].get(name) if isinstance(name, str) else None
    if instance is None or not call.exists(instance):
        raise not_found(f"The Instance does not exist: {name}")
    if (restore_date is None) == (not latest):
        raise invalid("Exactly one of restoreDate or useLatestRestorableAutoSnapshot must be specified")
    chosen = restorable_auto_snapshot(res, str(name), restore_date, latest)
    system = next(d for d in instance["hardware"]["disks"] if d.get("isSystemDisk"))
    return {
        "fromAttachedDisks": [dict(d) for d in chosen["fromAttachedDisks"]],
        "fromInstanceName": instance["name"],
        "fromInstanceArn": instance["arn"],
        "fromBlueprintId": instance["blueprintId"],
        "fromBundleId": instance["bundleId"],
        "isFromAutoSnapshot": True,
        "sizeInGb": system["sizeInGb"],
    }


def copy_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """CopySnapshot: check the request, then create the pending copy and its operation.

    Raises:
        ServiceError: InvalidInputException (a broken rule; ``NameExists`` for a name in use in the target
            Region) or NotFoundException (``DoesNotExist``: the source snapshot or instance).
    """
    target = check_name(params["targetSnapshotName"])
    manual, automatic = params.get("sourceSnapshotName"), params.get("sourceResourceName")
    restore_date, latest = params.get("restoreDate"), params.get("useLatestRestorableAutoSnapshot") is True
    if (manual is None) == (automatic is None):
        raise invalid("Exactly one of sourceSnapshotName or sourceResourceName must be specified")
    if manual is not None and (restore_date is not None or latest):
        raise invalid("restoreDate and useLatestRestorableAutoSnapshot are valid only with sourceResourceName")
    res = _source_region(call, params)
    if manual is not None:
        origin = _from_manual(call, res, manual)
    else:
        origin = _from_automatic(call, res, automatic, restore_date, latest)
    check_free([target], call.taken_names() | set(call.res["instanceSnapshots"]))

    available_at = call.now + call.copy_seconds
    copy = {
        "name": target,
        "arn": arn(call.region, "InstanceSnapshot"),
        "supportCode": f"{ACCOUNT}/ami-{uuid.uuid4().hex[:17]}",
        "createdAt": call.now,
        "location": location(call.region, "all"),
        "resourceType": "InstanceSnapshot",
        "tags": [],
        "state": "available",
        **origin,
        "_availableAt": milliseconds(available_at),
    }
    call.res["instanceSnapshots"][target] = copy
    details = f"{params['sourceRegion']}:{manual if manual is not None else automatic}"
    where = copy["location"]
    op = call.record(where, target, "InstanceSnapshot", "CopySnapshot", seconds=call.copy_seconds, details=details)
    failure = call.state["failOperations"].pop(target, None)
    if failure is not None:  # LocalLightsail.fail_copy: the operation fails, the copy ends in state error
        op["_fail"] = failure
        copy["_failedAt"] = op["_endsAt"]
    return {"operations": [call.operation_view(op)]}


OPERATIONS = {"CopySnapshot": copy_snapshot}
"""The operation this module answers, by AWS operation name."""
