"""The read operations (``Get*``): what the account holds, as the service answers it, paged where AWS pages.

Lists of resources and operations come newest first, as every recorded sample shows (E5, E7, E9, E10, E11, and
get-static-ips.rst), although the service model's GetOperations text says "from oldest to newest" (E16).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from ._call import Call, newest_first, public
from ._catalogue import BLUEPRINTS, BUNDLES, LFR_BUNDLES, REGIONS, zones_of
from ._errors import not_found
from ._resources import ACCOUNT, new_key_pair

__all__ = ["DEFAULT_KEY_PAIR", "OPERATIONS"]

DEFAULT_KEY_PAIR: Final = "LightsailDefaultKeyPair"
"""The Region's default key pair: what an instance created without ``keyPairName`` uses."""
_FP: Final = "4f:a5:5c:1e:0b:9d:33:71:e2:08:c6:5a:7d:90:12:ab"

Read = Callable[[Call, Mapping[str, Any]], dict[str, Any]]


def get_regions(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetRegions: every Region with Lightsail; empty zone lists unless asked for (E13)."""
    regions = []
    for name, region in REGIONS.items():
        zones = [{"zoneName": z, "state": "available"} for z in zones_of(name)]
        regions.append(
            {
                "continentCode": region.continent,
                "description": f"This region is recommended to serve users in {region.serves}",
                "displayName": region.display_name,
                "name": name,
                "availabilityZones": zones if params.get("includeAvailabilityZones") else [],
                "relationalDatabaseAvailabilityZones": (
                    zones if params.get("includeRelationalDatabaseAvailabilityZones") else []
                ),
            }
        )
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


def _health(call: Call, instance: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The instance as of now, with ``instanceStatus`` and ``systemStatus`` when ``includeHealthStatus`` (E49).

    ``not-applicable`` while it is not running; ``initializing`` for ``timings.checksSeconds`` once it runs, then
    ``ok``; ``impaired`` (the instance check failed since it started running) for an instance the ``impaired``
    preset names. ``details`` holds the one ``reachability`` check, as the model's enum says.
    """
    view = call.instance_view(instance)
    if not params.get("includeHealthStatus"):
        return view
    running_at = float(instance["_bootAt"]) + call.boot_seconds
    checks_seconds = float(call.state["timings"].get("checksSeconds", 10.0))
    impaired = any(
        i["instanceName"] == instance["name"] and i["region"] in (None, call.region)
        for i in call.state["refusals"].get("impaired", [])
    )
    system: tuple[str, str | None] = ("ok", "passed")
    status: tuple[str, str | None]
    if not call.running(instance):
        system = status = ("not-applicable", None)
    elif call.now < running_at + checks_seconds:
        system = status = ("initializing", "initializing")
    else:
        status = ("impaired", "failed") if impaired else ("ok", "passed")
    for member, (value, check) in (("instanceStatus", status), ("systemStatus", system)):
        detail: dict[str, Any] = {"name": "reachability", "status": check}
        if check == "failed":
            detail["impairedSince"] = running_at
        view[member] = {"status": value, "details": [detail] if check else []}
    return view


def get_instance(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstance."""
    return {"instance": _health(call, call.existing_instance(params["instanceName"]), params)}


def get_instance_state(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstanceState: ``{code, name}``."""
    return {"state": call.instance_view(call.existing_instance(params["instanceName"]))["state"]}


def get_instances(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstances: newest first (E7)."""
    return call.page([_health(call, i, params) for i in newest_first(call.instances())], "instances", params)


def _named(resources: Mapping[str, Any], kind: str, name: object) -> dict[str, Any]:
    found: dict[str, Any] | None = resources.get(name) if isinstance(name, str) else None
    if found is None:
        raise not_found(f"The {kind} does not exist: {name}")
    return found


def get_instance_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstanceSnapshot."""
    snapshot = _named(call.res["instanceSnapshots"], "InstanceSnapshot", params["instanceSnapshotName"])
    return {"instanceSnapshot": call.snapshot_view(snapshot)}


def get_instance_snapshots(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstanceSnapshots: newest first (E10)."""
    snapshots = [call.snapshot_view(s) for s in newest_first(call.res["instanceSnapshots"].values())]
    return call.page(snapshots, "instanceSnapshots", params)


def get_auto_snapshots(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetAutoSnapshots: the automatic snapshots of an instance or a disk, newest first (E9; not paged)."""
    name = params["resourceName"]
    if call.instance(name) is not None:
        kind = "Instance"
    elif name in call.disks():
        kind = "Disk"
    else:
        raise not_found(f"The resource does not exist: {name}")
    days = sorted(call.res["autoSnapshots"].get(name, []), key=lambda s: str(s["date"]), reverse=True)
    return {"resourceName": name, "resourceType": kind, "autoSnapshots": [dict(s) for s in days]}


def get_key_pair(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetKeyPair."""
    return {"keyPair": public(_named(call.res["keyPairs"], "KeyPair", params["keyPairName"]))}


def get_key_pairs(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetKeyPairs, newest first; with ``includeDefaultKeyPair``, the Region's default key once an instance uses it."""
    keys = [public(k) for k in call.res["keyPairs"].values()]
    uses_default = [i for i in call.instances() if i.get("sshKeyName") == DEFAULT_KEY_PAIR]
    if params.get("includeDefaultKeyPair") and uses_default:
        first = min(uses_default, key=lambda i: float(i["createdAt"]))
        default = new_key_pair(call.region, DEFAULT_KEY_PAIR, float(first["createdAt"]))
        default.update(arn=f"arn:aws:lightsail:{call.region}:{ACCOUNT}:KeyPair/{DEFAULT_KEY_PAIR}", fingerprint=_FP)
        keys.append(default)
    return call.page(newest_first(keys), "keyPairs", params)


def get_disk(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetDisk."""
    return {"disk": public(_named(call.disks(), "Disk", params["diskName"]))}


def get_disks(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetDisks: newest first (E11)."""
    return call.page([public(d) for d in newest_first(call.disks().values())], "disks", params)


def get_operation(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetOperation."""
    wanted = params["operationId"]
    for op in call.res["operations"]:
        if op["id"] == wanted:
            return {"operation": call.operation_view(op)}
    raise not_found(f"The Operation does not exist: {wanted}")


def get_operations(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetOperations: newest first (E5)."""
    return call.page([call.operation_view(op) for op in newest_first(call.res["operations"])], "operations", params)


def get_operations_for_resource(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetOperationsForResource: the resource's operations, newest first (E5)."""
    name = params["resourceName"]
    ops = [call.operation_view(op) for op in newest_first(call.res["operations"]) if op["resourceName"] == name]
    return call.page(ops, "operations", params)


OPERATIONS: Final[dict[str, Read]] = {
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
}
"""The read operations, by AWS operation name."""
