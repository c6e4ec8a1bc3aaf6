"""The local service's state and behaviour: resources per Region, and the operations the backend answers.

State is plain JSON-ready dicts (timestamps as epoch seconds), so it can be saved and loaded as it is. Statuses
that move with time (operations ``Started`` -> ``Succeeded``, instances ``pending`` -> ``running``) are computed
from the clock when read, so nothing runs in the background.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from ..clock import Clock
from ._catalogue import BLUEPRINTS, BUNDLES, LFR_BUNDLES, REGIONS, zones_of

__all__ = ["ServiceError", "Timings", "answer", "empty_state", "new_region", "seed_demo"]

STATE_VERSION: Final = 1
_NAME: Final = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])$")
_DATE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DOCS: Final = "https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/"
_ACCOUNT: Final = "123456789012"


class ServiceError(Exception):
    """An error answer of the service: AWS error type, Lightsail ``code``, message, tip and HTTP status."""

    def __init__(self, error_type: str, message: str, *, tip: str = "", code: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.tip = tip
        self.code = code or error_type.removesuffix("Exception")
        self.status = status

    def body(self) -> dict[str, Any]:
        """The JSON 1.1 error body."""
        return {"__type": self.error_type, "code": self.code, "message": self.message, "tip": self.tip, "docs": _DOCS}


def _invalid(message: str, tip: str) -> ServiceError:
    return ServiceError("InvalidInputException", message, tip=tip)


def _not_found(message: str, tip: str) -> ServiceError:
    return ServiceError("NotFoundException", message, tip=tip)


@dataclass(frozen=True)
class Timings:
    """How long the local service takes: operations to finish, and instances to boot after creation."""

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


def _arn(region: str, kind: str) -> str:
    return f"arn:aws:lightsail:{region}:{_ACCOUNT}:{kind}/{uuid.uuid4()}"


def _location(region: str, zone: str) -> dict[str, str]:
    return {"availabilityZone": zone, "regionName": region}


def _disk(region: str, zone: str, name: str, path: str, size: int, now: float, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "arn": _arn(region, "Disk"),
        "supportCode": f"{_ACCOUNT}/vol-{uuid.uuid4().hex[:17]}",
        "createdAt": now,
        "location": _location(region, zone),
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


def _instance(
    region: str, zone: str, name: str, bundle: Mapping[str, Any], blueprint: Mapping[str, Any], now: float
) -> dict[str, Any]:
    windows = blueprint["platform"] == "WINDOWS"
    return {
        "name": name,
        "arn": _arn(region, "Instance"),
        "supportCode": f"{_ACCOUNT}/i-{uuid.uuid4().hex[:17]}",
        "createdAt": now,
        "location": _location(region, zone),
        "resourceType": "Instance",
        "tags": [],
        "blueprintId": blueprint["blueprintId"],
        "blueprintName": blueprint["name"],
        "bundleId": bundle["bundleId"],
        "addOns": [],
        "isStaticIp": False,
        "privateIpAddress": "172.26.0.10",
        "publicIpAddress": "3.15.0.10",
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
                    "createdAt": now,
                }
            ],
        },
        "username": "Administrator" if windows else "ubuntu",
        "sshKeyName": "LightsailDefaultKeyPair",
        "bootAt": now,
    }


def seed_demo(state: dict[str, Any], now: datetime) -> None:
    """Add the demo account to ``state`` (Region us-east-2), dated from ``now``."""
    region, zone = "us-east-2", "us-east-2a"
    res = state["regions"][region]
    t = now.timestamp()
    created = t - 30 * 86400
    micro = _bundle("micro_3_0")
    ubuntu = _blueprint("ubuntu_22_04")
    web1 = _instance(region, zone, "web-1", micro, ubuntu, created)
    web1["addOns"] = [{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "06:00"}]
    web1["sshKeyName"] = "deploy-key"
    web1["tags"] = [{"key": "env", "value": "prod"}]
    web1["bootAt"] = created - 1
    data = _disk(region, zone, "web-1-data", "/dev/xvdf", 32, created, state="in-use", isAttached=True)
    data["attachedTo"] = "web-1"
    data["attachmentState"] = "attached"
    web1["hardware"]["disks"].append({**data, "isSystemDisk": False})
    res["instances"]["web-1"] = web1
    res["disks"]["web-1-data"] = data
    res["keyPairs"]["deploy-key"] = {
        "name": "deploy-key",
        "arn": _arn(region, "KeyPair"),
        "supportCode": f"{_ACCOUNT}/deploy-key",
        "createdAt": created,
        "location": _location(region, zone),
        "resourceType": "KeyPair",
        "tags": [],
        "fingerprint": "a1:b2:c3:d4:e5:f6:a7:b8:c9:d0:e1:f2:a3:b4:c5:d6",
    }
    snapshot_disk = {k: v for k, v in data.items() if k not in ("attachedTo", "attachmentState")}
    res["instanceSnapshots"]["web-1-snap"] = _snapshot(region, "web-1-snap", web1, t - 2 * 86400, [snapshot_disk])
    res["instanceSnapshots"]["web-1-snap-pending"] = {
        **_snapshot(region, "web-1-snap-pending", web1, t - 600, [snapshot_disk]),
        "state": "pending",
    }
    windows = _instance(region, zone, "win-1", _bundle("micro_win_3_0"), _blueprint("windows_server_2022"), created)
    res["instanceSnapshots"]["win-snap"] = {**_snapshot(region, "win-snap", windows, t - 86400, []), "sizeInGb": 60}
    today = now.date()
    res["autoSnapshots"]["web-1"] = [
        {
            "date": (today - timedelta(days=days)).isoformat(),
            "createdAt": datetime.combine(today - timedelta(days=days), datetime.min.time(), now.tzinfo).timestamp()
            + 6 * 3600,
            "status": "Failed" if days == 4 else "Success",
            "fromAttachedDisks": [{"path": "/dev/xvdf", "sizeInGb": 32}],
        }
        for days in range(7, 0, -1)
    ]


def _snapshot(
    region: str, name: str, instance: Mapping[str, Any], at: float, disks: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "name": name,
        "arn": _arn(region, "InstanceSnapshot"),
        "supportCode": f"{_ACCOUNT}/ami-{uuid.uuid4().hex[:17]}",
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
        "sizeInGb": 40,
    }


def _bundle(bundle_id: str) -> dict[str, Any]:
    return next(b for b in [*BUNDLES, *LFR_BUNDLES] if b["bundleId"] == bundle_id)


def _blueprint(blueprint_id: str) -> dict[str, Any]:
    return next(b for b in BLUEPRINTS if b["blueprintId"] == blueprint_id)


class _Call:
    """One request against the state, at one instant."""

    def __init__(self, state: dict[str, Any], region: str, now: datetime, page_size: int) -> None:
        if region not in state["regions"]:
            raise ServiceError(
                "InvalidInputException", f"Lightsail is not available in {region}", tip="Use a Lightsail Region."
            )
        self.state = state
        self.region = region
        self.res: dict[str, Any] = state["regions"][region]
        self.now = now.timestamp()
        self.page_size = page_size
        self.timings = state["timings"]

    # -- time-dependent views ------------------------------------------------------------------------------
    def _op_view(self, op: Mapping[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in op.items() if not k.startswith("_")}
        done_at = op["createdAt"] + self.timings["operationSeconds"]
        if self.now >= done_at:
            failed = "_fail" in op
            view.update(status="Failed" if failed else "Succeeded", isTerminal=True, statusChangedAt=done_at)
            if failed:
                view.update(errorCode=op["_fail"]["errorCode"], errorDetails=op["_fail"]["errorDetails"])
        return view

    def _visible(self, instance: Mapping[str, Any]) -> bool:
        failed_at = instance.get("_failsAt")
        return failed_at is None or self.now < failed_at

    def _instance_view(self, instance: Mapping[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in instance.items() if k != "bootAt" and not k.startswith("_")}
        running = self.now >= instance["bootAt"] + self.timings["bootSeconds"]
        view["state"] = {"code": 16, "name": "running"} if running else {"code": 0, "name": "pending"}
        return view

    def _instances(self) -> list[dict[str, Any]]:
        return [i for i in self.res["instances"].values() if self._visible(i)]

    def _page(self, items: list[Any], key: str, params: Mapping[str, Any]) -> dict[str, Any]:
        start = int(params.get("pageToken") or 0)
        page = items[start : start + self.page_size]
        answer: dict[str, Any] = {key: page}
        if start + self.page_size < len(items):
            answer["nextPageToken"] = str(start + self.page_size)
        return answer

    # -- read operations ------------------------------------------------------------------------------------
    def get_regions(self, params: Mapping[str, Any]) -> dict[str, Any]:
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

    def get_bundles(self, params: Mapping[str, Any]) -> dict[str, Any]:
        bundles = LFR_BUNDLES if params.get("appCategory") == "LfR" else BUNDLES
        if not params.get("includeInactive"):
            bundles = [b for b in bundles if b["isActive"]]
        return self._page(list(bundles), "bundles", params)

    def get_blueprints(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page(list(BLUEPRINTS), "blueprints", params)

    def get_instance(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"instance": self._instance_view(self._find_instance(params["instanceName"]))}

    def get_instance_state(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"state": self._instance_view(self._find_instance(params["instanceName"]))["state"]}

    def _find_instance(self, name: str) -> dict[str, Any]:
        instance = self.res["instances"].get(name)
        if instance is None or not self._visible(instance):
            raise _not_found(f"The Instance does not exist: {name}", "Check the instance name and the Region.")
        return dict(instance)

    def get_instances(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page([self._instance_view(i) for i in self._instances()], "instances", params)

    def get_instance_snapshot(self, params: Mapping[str, Any]) -> dict[str, Any]:
        name = params["instanceSnapshotName"]
        if name not in self.res["instanceSnapshots"]:
            raise _not_found(f"The InstanceSnapshot does not exist: {name}", "Check the snapshot name and Region.")
        return {"instanceSnapshot": self.res["instanceSnapshots"][name]}

    def get_instance_snapshots(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page(list(self.res["instanceSnapshots"].values()), "instanceSnapshots", params)

    def get_auto_snapshots(self, params: Mapping[str, Any]) -> dict[str, Any]:
        name = params["resourceName"]
        kind = "Instance" if name in self.res["instances"] else "Disk" if name in self.res["disks"] else None
        if kind is None:
            raise _not_found(f"The resource does not exist: {name}", "Check the instance or disk name.")
        return {"resourceName": name, "resourceType": kind, "autoSnapshots": self.res["autoSnapshots"].get(name, [])}

    def get_key_pair(self, params: Mapping[str, Any]) -> dict[str, Any]:
        name = params["keyPairName"]
        if name not in self.res["keyPairs"]:
            raise _not_found(f"The KeyPair does not exist: {name}", "Key pairs are per Region; import it here.")
        return {"keyPair": self.res["keyPairs"][name]}

    def get_key_pairs(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page(list(self.res["keyPairs"].values()), "keyPairs", params)

    def get_disk(self, params: Mapping[str, Any]) -> dict[str, Any]:
        name = params["diskName"]
        if name not in self.res["disks"]:
            raise _not_found(f"The Disk does not exist: {name}", "Check the disk name and the Region.")
        return {"disk": self.res["disks"][name]}

    def get_disks(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page(list(self.res["disks"].values()), "disks", params)

    def get_static_ips(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page(list(self.res["staticIps"].values()), "staticIps", params)

    def get_operation(self, params: Mapping[str, Any]) -> dict[str, Any]:
        wanted = params["operationId"]
        for op in self.res["operations"]:
            if op["id"] == wanted:
                return {"operation": self._op_view(op)}
        raise _not_found(f"The Operation does not exist: {wanted}", "Check the operation id and the Region.")

    def get_operations(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return self._page([self._op_view(op) for op in self.res["operations"]], "operations", params)

    def get_operations_for_resource(self, params: Mapping[str, Any]) -> dict[str, Any]:
        name = params["resourceName"]
        ops = [self._op_view(op) for op in self.res["operations"] if op["resourceName"] == name]
        return self._page(ops, "operations", params)

    # -- CreateInstancesFromSnapshot ------------------------------------------------------------------------
    def create_instances_from_snapshot(self, params: Mapping[str, Any]) -> dict[str, Any]:
        plan = _CreatePlan(self, params)
        return {"operations": [self._op_view(op) for op in plan.apply()]}


class _CreatePlan:
    """Every rule of CreateInstancesFromSnapshot checked before anything is created (all or nothing)."""

    def __init__(self, call: _Call, params: Mapping[str, Any]) -> None:
        self.call, self.params = call, params
        self.names: list[str] = list(params.get("instanceNames") or [])
        self.check_names()
        self.zone = self.check_zone()
        self.source, self.details, self.size, self.source_disks = self.resolve_source()
        self.blueprint = _blueprint(self.source["blueprintId"])
        self.bundle = self.check_bundle()
        self.check_add_ons()
        self.check_key_pair()
        self.new_disks = self.check_disk_mapping()
        self.check_namespace()
        self.check_quota()

    def check_names(self) -> None:
        if not self.names:
            raise _invalid("instanceNames must name at least one instance", "Give one or more instance names.")
        for name in self.names:
            if not _NAME.fullmatch(name):
                raise _invalid(
                    f"{name} is not a valid resource name. Resource names must be at least 2 characters long and "
                    "contain only alphanumerics, -, _, and .",
                    "Use 2-255 letters, digits, periods, dashes or underscores, starting and ending with a "
                    "letter or digit.",
                )

    def check_zone(self) -> str:
        zone = str(self.params.get("availabilityZone"))
        if zone not in zones_of(self.call.region):
            raise _invalid(
                f"The availability zone {zone} is not valid in {self.call.region}",
                f"Use one of {', '.join(zones_of(self.call.region))} (GetRegions with includeAvailabilityZones).",
            )
        return zone

    def resolve_source(self) -> tuple[dict[str, Any], str, int, list[dict[str, Any]]]:
        p, res = self.params, self.call.res
        snapshot_name, source = p.get("instanceSnapshotName"), p.get("sourceInstanceName")
        restore_date, latest = p.get("restoreDate"), p.get("useLatestRestorableAutoSnapshot")
        if bool(snapshot_name) == bool(source):
            raise _invalid(
                "Exactly one of instanceSnapshotName or sourceInstanceName must be specified",
                "Give instanceSnapshotName for a manual snapshot, or sourceInstanceName for an automatic one.",
            )
        if snapshot_name:
            if restore_date is not None or latest is not None:
                raise _invalid(
                    "restoreDate and useLatestRestorableAutoSnapshot are valid only with sourceInstanceName",
                    "Remove them, or restore an automatic snapshot with sourceInstanceName.",
                )
            snapshot = res["instanceSnapshots"].get(snapshot_name)
            if snapshot is None:
                raise _not_found(
                    f"The InstanceSnapshot does not exist: {snapshot_name}", "Check the snapshot name and Region."
                )
            if snapshot["state"] != "available":
                raise _invalid(
                    f"The instance snapshot {snapshot_name} is not available (state {snapshot['state']})",
                    "Wait until the snapshot is available.",
                )
            origin = {"blueprintId": snapshot["fromBlueprintId"], "bundleId": snapshot["fromBundleId"]}
            disks = [{"path": d["path"], "sizeInGb": d["sizeInGb"]} for d in snapshot["fromAttachedDisks"]]
            return origin, snapshot_name, int(snapshot["sizeInGb"]), disks
        instance = res["instances"].get(source)
        if instance is None:
            raise _not_found(f"The Instance does not exist: {source}", "Automatic snapshots go with their instance.")
        if _blueprint(instance["blueprintId"])["platform"] == "WINDOWS":
            raise _invalid(
                f"{source} is a Windows instance; automatic snapshots are not supported for Windows",
                "Restore a manual snapshot instead.",
            )
        if (restore_date is None) == (not latest):
            raise _invalid(
                "Exactly one of restoreDate or useLatestRestorableAutoSnapshot must be specified",
                "Give a restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=true.",
            )
        snaps = [s for s in res["autoSnapshots"].get(source, []) if s["status"] == "Success"]
        if latest:
            chosen = max(snaps, key=lambda s: str(s["date"]), default=None)
        else:
            if not _DATE.fullmatch(str(restore_date)):
                raise _invalid(f"{restore_date} is not a valid date", "Use the YYYY-MM-DD format.")
            chosen = next((s for s in snaps if s["date"] == restore_date), None)
        if chosen is None:
            dates = ", ".join(s["date"] for s in snaps) or "none"
            raise _invalid(
                f"No automatic snapshot of {source} can be restored for the given date",
                f"Use GetAutoSnapshots; restorable dates: {dates}.",
            )
        system = next(d for d in instance["hardware"]["disks"] if d.get("isSystemDisk"))
        return instance, f"{source}@{chosen['date']}", int(system["sizeInGb"]), list(chosen["fromAttachedDisks"])

    def check_bundle(self) -> dict[str, Any]:
        bundle_id = self.params.get("bundleId")
        bundle = next((b for b in [*BUNDLES, *LFR_BUNDLES] if b["bundleId"] == bundle_id), None)
        if bundle is None or not bundle["isActive"]:
            raise _invalid(f"The bundle {bundle_id} is not valid", "Use an active bundle id from GetBundles.")
        origin = _bundle(self.source["bundleId"])
        too_small = any(bundle[k] < origin[k] for k in ("power", "ramSizeInGb", "cpuCount"))
        if too_small or bundle["diskSizeInGb"] < self.size:
            raise _invalid(
                "You cannot create a resource from a snapshot using a smaller plan size than the original resource",
                f"Use {origin['bundleId']} or a larger bundle.",
            )
        if self.blueprint["platform"] not in bundle["supportedPlatforms"]:
            raise _invalid(
                f"You can only launch a {bundle['supportedPlatforms'][0]} bundle on a blueprint that supports the "
                f"{bundle['supportedPlatforms'][0]} platform",
                f"Use a {self.blueprint['platform']} bundle.",
            )
        ip_type = self.params.get("ipAddressType", "dualstack")
        if (ip_type == "ipv6") != (bundle["publicIpv4AddressCount"] == 0):
            raise _invalid(
                f"ipAddressType {ip_type} does not match the bundle {bundle_id}",
                "IPv6-only bundles (_ipv6_) need ipAddressType ipv6; other bundles need ipv4 or dualstack.",
            )
        return bundle

    def check_add_ons(self) -> None:
        for add_on in self.params.get("addOns") or []:
            kind = add_on.get("addOnType")
            if kind not in ("AutoSnapshot", "StopInstanceOnIdle"):
                raise _invalid(f"{kind} is not a valid add-on type", "Use AutoSnapshot or StopInstanceOnIdle.")
            if kind == "AutoSnapshot" and self.blueprint["platform"] == "WINDOWS":
                raise _invalid("Automatic snapshots are not supported for Windows instances", "Remove the add-on.")
            if kind == "StopInstanceOnIdle" and "LfR" not in self.bundle.get("supportedAppCategories", []):
                raise _invalid("StopInstanceOnIdle is supported only for Lightsail for Research", "Remove the add-on.")

    def check_key_pair(self) -> None:
        name = self.params.get("keyPairName")
        if name is not None and name not in self.call.res["keyPairs"]:
            raise _not_found(f"The KeyPair does not exist: {name}", "Key pairs are per Region; import it here.")

    def check_disk_mapping(self) -> list[tuple[str, str, int]]:
        paths = {d["path"]: int(d["sizeInGb"]) for d in self.source_disks}
        new: list[tuple[str, str, int]] = []
        for key, maps in (self.params.get("attachedDiskMapping") or {}).items():
            owner = key if key in self.names else self.names[0]
            for disk in maps:
                path, name = disk.get("originalDiskPath"), disk.get("newDiskName")
                if path not in paths or not name or not _NAME.fullmatch(name):
                    raise _invalid(
                        f"The disk mapping for {path} is not valid", "Map a disk path of the source to a new name."
                    )
                new.append((owner, name, paths[path]))
        return new

    def check_namespace(self) -> None:
        res = self.call.res
        taken = {
            *(i["name"] for i in self.call._instances()),
            *res["disks"],
            *res["keyPairs"],
            *res["staticIps"],
        }
        wanted = [*self.names, *(name for _, name, _ in self.new_disks)]
        for name in wanted:
            if name in taken or wanted.count(name) > 1:
                raise _invalid(f"Some names are already in use: {name}", "Choose names no resource of the Region uses.")

    def check_quota(self) -> None:
        quota = int(self.call.state.get("instanceQuota", 20))
        existing = len(self.call._instances())
        if existing + len(self.names) > quota:
            raise _invalid(
                f"You have reached the maximum number of instances ({quota}) in this Region",
                "Delete instances, or ask AWS Support to raise the Instances quota.",
            )

    def apply(self) -> Iterator[dict[str, Any]]:
        call, params, res = self.call, self.params, self.call.res
        fails: dict[str, Any] = call.state.setdefault("failOperations", {})
        for name in self.names:
            instance = _instance(call.region, self.zone, name, self.bundle, self.blueprint, call.now)
            instance["tags"] = list(params.get("tags") or [])
            instance["ipAddressType"] = params.get("ipAddressType", "dualstack")
            instance["sshKeyName"] = params.get("keyPairName", "LightsailDefaultKeyPair")
            instance["addOns"] = [
                {
                    "name": a["addOnType"],
                    "status": "Enabled",
                    **(
                        {"snapshotTimeOfDay": t}
                        if (t := (a.get("autoSnapshotAddOnRequest") or {}).get("snapshotTimeOfDay"))
                        else {}
                    ),
                }
                for a in params.get("addOns") or []
            ]
            if instance["ipAddressType"] == "ipv6":
                del instance["publicIpAddress"]
            op: dict[str, Any] = {
                "id": str(uuid.uuid4()),
                "resourceName": name,
                "resourceType": "Instance",
                "createdAt": call.now,
                "location": _location(call.region, self.zone),
                "isTerminal": False,
                "operationDetails": self.details,
                "operationType": "CreateInstancesFromSnapshot",
                "status": "Started",
                "statusChangedAt": call.now,
            }
            failure = fails.pop(name, None)
            if failure is not None:
                op["_fail"] = failure
                instance["_failsAt"] = call.now + call.timings["operationSeconds"]
            res["instances"][name] = instance
            res["operations"].append(op)
            yield op
        for owner, disk_name, size in self.new_disks:
            disk = _disk(
                call.region, self.zone, disk_name, "/dev/xvdf", size, call.now, state="in-use", isAttached=True
            )
            disk["attachedTo"] = owner
            res["disks"][disk_name] = disk


def _add_on(request: Mapping[str, Any]) -> dict[str, Any]:
    add_on: dict[str, Any] = {"name": request["addOnType"], "status": "Enabled"}
    time_of_day = (request.get("autoSnapshotAddOnRequest") or {}).get("snapshotTimeOfDay")
    if time_of_day:
        add_on["snapshotTimeOfDay"] = time_of_day
    idle = request.get("stopInstanceOnIdleRequest") or {}
    add_on.update({k: idle[k] for k in ("threshold", "duration") if k in idle})
    return add_on


OPERATIONS: Final[dict[str, Callable[[_Call, Mapping[str, Any]], dict[str, Any]]]] = {
    "CreateInstancesFromSnapshot": _Call.create_instances_from_snapshot,
    "GetAutoSnapshots": _Call.get_auto_snapshots,
    "GetBlueprints": _Call.get_blueprints,
    "GetBundles": _Call.get_bundles,
    "GetDisk": _Call.get_disk,
    "GetDisks": _Call.get_disks,
    "GetInstance": _Call.get_instance,
    "GetInstanceSnapshot": _Call.get_instance_snapshot,
    "GetInstanceSnapshots": _Call.get_instance_snapshots,
    "GetInstanceState": _Call.get_instance_state,
    "GetInstances": _Call.get_instances,
    "GetKeyPair": _Call.get_key_pair,
    "GetKeyPairs": _Call.get_key_pairs,
    "GetOperation": _Call.get_operation,
    "GetOperations": _Call.get_operations,
    "GetOperationsForResource": _Call.get_operations_for_resource,
    "GetRegions": _Call.get_regions,
    "GetStaticIps": _Call.get_static_ips,
}
"""Every operation the local service answers."""

MUTATING: Final = frozenset({"CreateInstancesFromSnapshot"})


def answer(
    state: dict[str, Any], operation: str, params: Mapping[str, Any], *, region: str, clock: Clock, page_size: int
) -> dict[str, Any]:
    """Answer one request against ``state`` (changed in place for a mutating operation).

    Raises:
        ServiceError: The service's error answer.
    """
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise ServiceError(
            "InvalidAction",
            f"The local Lightsail backend does not implement {operation}",
            tip=f"It answers: {', '.join(sorted(OPERATIONS))}.",
            code="InvalidAction",
        )
    return handler(_Call(state, region, clock.now(), page_size), params)
