"""The read operations (``Get*``): what the account holds, as the service answers it, paged where AWS pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from ._call import Call
from ._catalogue import BLUEPRINTS, BUNDLES, LFR_BUNDLES, REGIONS, zones_of
from ._errors import not_found
from ._state import ACCOUNT, new_key_pair, public

__all__ = ["DEFAULT_KEY_PAIR", "READS"]

DEFAULT_KEY_PAIR: Final = "LightsailDefaultKeyPair"
"""The Region's default key pair: what an instance created without ``keyPairName`` uses."""
_FP: Final = "4f:a5:5c:1e:0b:9d:33:71:e2:08:c6:5a:7d:90:12:ab"

Read = Callable[[Call, Mapping[str, Any]], dict[str, Any]]


def _newest_first(items: list[dict[str, Any]], key: str = "createdAt") -> list[dict[str, Any]]:
    """``items`` newest first, as the real lists come (real-lightsail-answers E5, E7, E9, E10, E11); stable."""
    return sorted(items, key=lambda item: item.get(key) or 0, reverse=True)


def get_regions(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetRegions: every Region with Lightsail; its zones with ``includeAvailabilityZones``."""
    regions = []
    for name, (continent, display, _) in REGIONS.items():
        region: dict[str, Any] = {
            "continentCode": continent,
            "description": f"This region is recommended to serve users in {display}",
            "displayName": display,
            "name": name,
        }
        if params.get("includeAvailabilityZones"):
            region["availabilityZones"] = [{"zoneName": z, "state": "available"} for z in zones_of(name)]
        regions.append(region)
    return {"regions": regions}


def get_bundles(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetBundles: active bundles (all with ``includeInactive``); Lightsail for Research ones only for LfR."""
    bundles = LFR_BUNDLES if params.get("appCategory") == "LfR" else BUNDLES
    if not params.get("includeInactive"):
        bundles = [b for b in bundles if b["isActive"]]
    return call.page(list(bundles), "bundles", params)


def get_blueprints(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetBlueprints: the blueprints (none of them in an app category)."""
    blueprints = [] if params.get("appCategory") else list(BLUEPRINTS)
    if not params.get("includeInactive"):
        blueprints = [b for b in blueprints if b["isActive"]]
    return call.page(blueprints, "blueprints", params)


def _instance(call: Call, name: object) -> dict[str, Any]:
    instance = call.instance(name)
    if instance is None:
        raise not_found(f"The Instance does not exist: {name}", "Check the instance name and the Region.")
    return call.instance_view(instance)


def get_instance(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstance."""
    return {"instance": _instance(call, params["instanceName"])}


def get_instance_state(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstanceState: ``{code, name}``."""
    return {"state": _instance(call, params["instanceName"])["state"]}


def get_instances(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstances: newest first."""
    return call.page(_newest_first([call.instance_view(i) for i in call.instances()]), "instances", params)


def _named(call: Call, kind: str, collection: str, name: object, tip: str) -> dict[str, Any]:
    resources = call.disks() if collection == "disks" else call.res[collection]
    found: dict[str, Any] | None = resources.get(name) if isinstance(name, str) else None
    if found is None:
        raise not_found(f"The {kind} does not exist: {name}", tip)
    return public(found)


def get_instance_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstanceSnapshot."""
    name = params["instanceSnapshotName"]
    tip = "Check the snapshot name and the Region (snapshots are per Region; CopySnapshot copies them)."
    return {"instanceSnapshot": _named(call, "InstanceSnapshot", "instanceSnapshots", name, tip)}


def get_instance_snapshots(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstanceSnapshots: newest first."""
    snapshots = _newest_first([public(s) for s in call.res["instanceSnapshots"].values()])
    return call.page(snapshots, "instanceSnapshots", params)


def get_auto_snapshots(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetAutoSnapshots: the automatic snapshots of an instance or a disk, newest first (not paged)."""
    name = params["resourceName"]
    if call.instance(name) is not None:
        kind = "Instance"
    elif name in call.disks():
        kind = "Disk"
    else:
        raise not_found(f"The resource does not exist: {name}", "Name an instance or a disk of this Region.")
    return {
        "resourceName": name,
        "resourceType": kind,
        "autoSnapshots": _newest_first(list(call.res["autoSnapshots"].get(name, [])), "date"),
    }


def get_key_pair(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetKeyPair."""
    tip = "Key pairs are per Region: import the key into this Region first."
    return {"keyPair": _named(call, "KeyPair", "keyPairs", params["keyPairName"], tip)}


def get_key_pairs(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetKeyPairs; with ``includeDefaultKeyPair``, the Region's default key once an instance uses it."""
    keys = [public(k) for k in call.res["keyPairs"].values()]
    uses_default = [i for i in call.instances() if i.get("sshKeyName") == DEFAULT_KEY_PAIR]
    if params.get("includeDefaultKeyPair") and uses_default:
        first = min(uses_default, key=lambda i: float(i["createdAt"]))
        zone = first["location"]["availabilityZone"]
        default = new_key_pair(call.region, zone, DEFAULT_KEY_PAIR, float(first["createdAt"]))
        default.update(arn=f"arn:aws:lightsail:{call.region}:{ACCOUNT}:KeyPair/{DEFAULT_KEY_PAIR}", fingerprint=_FP)
        keys.insert(0, default)
    return call.page(keys, "keyPairs", params)


def get_disk(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetDisk."""
    return {"disk": _named(call, "Disk", "disks", params["diskName"], "Check the disk name and the Region.")}


def get_disks(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetDisks: newest first."""
    return call.page(_newest_first([public(d) for d in call.disks().values()]), "disks", params)


def get_static_ips(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetStaticIps."""
    return call.page([public(s) for s in call.res["staticIps"].values()], "staticIps", params)


def get_operation(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetOperation."""
    wanted = params["operationId"]
    for op in call.res["operations"]:
        if op["id"] == wanted:
            return {"operation": call.operation_view(op)}
    raise not_found(f"The Operation does not exist: {wanted}", "Check the operation id and the Region.")


def get_operations(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetOperations: newest first (as AWS's samples show, E5; the model's text says oldest first, E16)."""
    return call.page(_newest_first([call.operation_view(op) for op in call.res["operations"]]), "operations", params)


def get_operations_for_resource(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetOperationsForResource: the resource's operations, newest first."""
    name = params["resourceName"]
    ops = _newest_first([call.operation_view(op) for op in call.res["operations"] if op["resourceName"] == name])
    return call.page(ops, "operations", params)


READS: Final[dict[str, Read]] = {
    "GetAutoSnapshots": get_auto_snapshots,
    "GetBlueprints": get_blueprints,
    "GetBundles": get_bundles,
    "GetDisk": get_disk,
    "GetDisks": get_disks,
    "GetInstance": get_instance,
    "GetInstanceSnapshot": get_instance_snapshot,
    "GetInstanceSnapshots": get_instance_snapshots,
    "GetInstanceState": get_instance_state,
    "GetInstances": get_instances,
    "GetKeyPair": get_key_pair,
    "GetKeyPairs": get_key_pairs,
    "GetOperation": get_operation,
    "GetOperations": get_operations,
    "GetOperationsForResource": get_operations_for_resource,
    "GetRegions": get_regions,
    "GetStaticIps": get_static_ips,
}
"""The read operations, by AWS operation name."""
