"""CreateInstancesFromSnapshot: every rule of the service checked first, then everything created (all or nothing).

The rules follow spec/CONSTRAINTS.md sections 2, 3 and 5; each refusal is the service's error type with a
Lightsail-style message and a tip. Its operations carry no ``operationDetails``, as real ones do not
(real-lightsail-answers E1, E2, E4).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from ._call import Call
from ._catalogue import blueprint, bundle, zones_of
from ._errors import ServiceError, invalid, not_found
from ._reads import DEFAULT_KEY_PAIR
from ._state import new_disk, new_instance, new_operation

__all__ = ["create_instances_from_snapshot"]

_NAME: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])")
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HOUR: Final = re.compile(r"(?:[01][0-9]|2[0-3]):00")
_WHOLE: Final = re.compile(r"[0-9]{1,9}")
_TAG_PUNCTUATION: Final = frozenset("+-=._:/@")
_IP_ADDRESS_TYPES: Final = ("dualstack", "ipv4", "ipv6")
_MAX_TAGS: Final = 50
_MAX_DISKS: Final = 15
_OPERATION: Final = "CreateInstancesFromSnapshot"


def _bad_name(name: object) -> ServiceError:
    return invalid(
        f"{name} is not a valid resource name. Resource names must be at least 2 characters long and contain only "
        "alphanumerics, -, _, and .",
        "Use 2-255 letters, digits, periods, dashes or underscores, starting and ending with a letter or digit.",
    )


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise _bad_name(name)
    return name


def _tag_text_ok(text: str) -> bool:
    return all(c.isalnum() or c == " " or c in _TAG_PUNCTUATION for c in text)


@dataclass(frozen=True)
class _Source:
    """What is restored: the blueprint and bundle of origin, its size and disks."""

    blueprint: dict[str, Any]
    bundle_id: str
    size_in_gb: int
    disks: dict[str, int]


@dataclass(frozen=True)
class _NewDisk:
    owner: str
    name: str
    path: str
    size_in_gb: int


class _Plan:
    """A request checked against every rule; ``apply`` then creates it. Nothing changes before ``apply``."""

    def __init__(self, call: Call, params: Mapping[str, Any]) -> None:
        self.call, self.params = call, params
        self.names = self._names()
        self.zone = self._zone()
        self.source = self._source()
        self.bundle = self._bundle()
        self.ip_address_type = self._ip_address_type()
        self.add_ons = self._add_ons()
        self.tags = self._tags()
        self.key_pair = self._key_pair()
        self.new_disks = self._disk_mapping()
        self._namespace()
        self._quota()

    # -- names and place ----------------------------------------------------------------------------------
    def _names(self) -> list[str]:
        names = self.params.get("instanceNames") or []
        if not names:
            raise invalid("instanceNames must name at least one instance", "Give one or more instance names.")
        return [_check_name(name) for name in names]

    def _zone(self) -> str:
        zone = self.params.get("availabilityZone")
        zones = zones_of(self.call.region)
        if zone not in zones:
            raise invalid(
                f"The availability zone {zone} is not valid in {self.call.region}",
                f"Use one of {', '.join(zones)} (GetRegions with includeAvailabilityZones).",
            )
        return str(zone)

    # -- the source -----------------------------------------------------------------------------------------
    def _source(self) -> _Source:
        p = self.params
        snapshot_name, source = p.get("instanceSnapshotName"), p.get("sourceInstanceName")
        restore_date, latest = p.get("restoreDate"), p.get("useLatestRestorableAutoSnapshot") is True
        if (snapshot_name is None) == (source is None):
            raise invalid(
                "Exactly one of instanceSnapshotName or sourceInstanceName must be specified",
                "Give instanceSnapshotName for a manual snapshot, or sourceInstanceName for an automatic one.",
            )
        if snapshot_name is not None:
            if restore_date is not None or latest:
                raise invalid(
                    "restoreDate and useLatestRestorableAutoSnapshot are valid only with sourceInstanceName",
                    "Remove them, or restore an automatic snapshot with sourceInstanceName.",
                )
            return self._manual(snapshot_name)
        return self._automatic(source, restore_date, latest)

    def _manual(self, name: object) -> _Source:
        snapshot = self.call.res["instanceSnapshots"].get(name) if isinstance(name, str) else None
        if snapshot is None:
            raise not_found(
                f"The InstanceSnapshot does not exist: {name}",
                "Check the snapshot name and the Region (copy a snapshot of another Region with CopySnapshot).",
            )
        if snapshot["state"] != "available":
            raise invalid(
                f"The instance snapshot {name} is not available (state {snapshot['state']})",
                "Wait until the snapshot is available (GetInstanceSnapshot), or restore another one.",
            )
        disks = {d["path"]: int(d["sizeInGb"]) for d in snapshot["fromAttachedDisks"]}
        return _Source(
            self._blueprint(snapshot["fromBlueprintId"]),
            snapshot["fromBundleId"],
            int(snapshot["sizeInGb"]),
            disks,
        )

    def _automatic(self, source: object, restore_date: object, latest: bool) -> _Source:
        instance = self.call.instance(source)
        if instance is None:
            raise not_found(
                f"The Instance does not exist: {source}",
                "Automatic snapshots are deleted with their instance; restore a manual snapshot instead.",
            )
        origin = self._blueprint(instance["blueprintId"])
        if origin["platform"] == "WINDOWS":
            raise invalid(
                f"{source} is a Windows instance; automatic snapshots are not supported for Windows",
                "Restore a manual snapshot of the instance instead.",
            )
        if (restore_date is None) == (not latest):
            raise invalid(
                "Exactly one of restoreDate or useLatestRestorableAutoSnapshot must be specified",
                "Give a restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=true.",
            )
        snapshots = self.call.res["autoSnapshots"].get(source, [])
        restorable = [s for s in snapshots if s["status"] == "Success"]
        dates = ", ".join(s["date"] for s in restorable) or "none"
        tip = f"Use GetAutoSnapshots; restorable dates: {dates}."
        if latest:
            chosen = max(restorable, key=lambda s: str(s["date"]), default=None)
            if chosen is None:
                raise invalid(f"No automatic snapshot of {source} can be restored", tip)
        else:
            if not (isinstance(restore_date, str) and _DATE.fullmatch(restore_date) and _is_date(restore_date)):
                raise invalid(f"{restore_date} is not a valid date", "Use the YYYY-MM-DD format.")
            found = next((s for s in snapshots if s["date"] == restore_date), None)
            if found is None:
                raise invalid(f"No automatic snapshot of {source} can be restored for {restore_date}", tip)
            if found["status"] != "Success":
                raise invalid(
                    f"No automatic snapshot of {source} can be restored for {restore_date}: "
                    f"its status is {found['status']}",
                    tip,
                )
            chosen = found
        system = next(d for d in instance["hardware"]["disks"] if d.get("isSystemDisk"))
        disks = {d["path"]: int(d["sizeInGb"]) for d in chosen["fromAttachedDisks"]}
        return _Source(origin, instance["bundleId"], int(system["sizeInGb"]), disks)

    @staticmethod
    def _blueprint(blueprint_id: str) -> dict[str, Any]:
        found = blueprint(blueprint_id)
        if found is None:
            raise ServiceError("ServiceException", f"Unknown blueprint {blueprint_id}", status=500)
        return found

    # -- the plan ---------------------------------------------------------------------------------------------
    def _bundle(self) -> dict[str, Any]:
        bundle_id = self.params.get("bundleId")
        chosen = bundle(bundle_id)
        if chosen is None or not chosen["isActive"]:
            raise invalid(f"The bundle {bundle_id} is not valid", "Use an active bundle id from GetBundles.")
        platform = self.source.blueprint["platform"]
        if platform not in chosen["supportedPlatforms"]:
            offered = chosen["supportedPlatforms"][0]
            raise invalid(
                f"You can only launch a {offered} bundle on a blueprint that supports the {offered} platform",
                f"The snapshot's blueprint is {platform}: use a {platform} bundle.",
            )
        min_power = int(self.source.blueprint["minPower"])
        if chosen["power"] < min_power:
            raise invalid(
                f"The bundle {bundle_id} is too small for the blueprint {self.source.blueprint['blueprintId']}",
                f"Use a bundle with power {min_power} or more.",
            )
        origin = bundle(self.source.bundle_id) or chosen
        smaller = any(chosen[k] < origin[k] for k in ("power", "ramSizeInGb", "cpuCount"))
        if smaller or chosen["diskSizeInGb"] < self.source.size_in_gb:
            raise invalid(
                "You cannot create a resource from a snapshot using a smaller plan size than the original resource",
                f"Use {origin['bundleId']} or a larger bundle (at least {self.source.size_in_gb} GB of disk).",
            )
        return chosen

    def _ip_address_type(self) -> str:
        ip_type = self.params.get("ipAddressType", "dualstack")
        if ip_type not in _IP_ADDRESS_TYPES:
            raise invalid(f"{ip_type} is not a valid ipAddressType", "Use dualstack, ipv4 or ipv6.")
        bundle_id = self.bundle["bundleId"]
        if (ip_type == "ipv6") != (self.bundle["publicIpv4AddressCount"] == 0):
            raise invalid(
                f"ipAddressType {ip_type} does not match the bundle {bundle_id}",
                "IPv6-only bundles (_ipv6_) need ipAddressType ipv6; other bundles need ipv4 or dualstack.",
            )
        return str(ip_type)

    def _add_ons(self) -> list[dict[str, Any]]:
        add_ons: list[dict[str, Any]] = []
        seen: set[str] = set()
        for request in self.params.get("addOns") or []:
            kind = request.get("addOnType")
            if kind not in ("AutoSnapshot", "StopInstanceOnIdle"):
                raise invalid(f"{kind} is not a valid add-on type", "Use AutoSnapshot or StopInstanceOnIdle.")
            if kind in seen:
                raise invalid(f"The add-on {kind} is requested more than once", "Give each add-on type once.")
            seen.add(kind)
            add_ons.append(self._auto_snapshot(request) if kind == "AutoSnapshot" else self._idle_stop(request))
        return add_ons

    def _auto_snapshot(self, request: Mapping[str, Any]) -> dict[str, Any]:
        if "stopInstanceOnIdleRequest" in request:
            raise invalid("stopInstanceOnIdleRequest goes only with StopInstanceOnIdle", "Remove it.")
        if self.source.blueprint["platform"] == "WINDOWS":
            raise invalid("Automatic snapshots are not supported for Windows instances", "Remove the add-on.")
        time_of_day = (request.get("autoSnapshotAddOnRequest") or {}).get("snapshotTimeOfDay", "06:00")
        if not (isinstance(time_of_day, str) and _HOUR.fullmatch(time_of_day)):
            raise invalid(
                f"{time_of_day} is not a valid snapshotTimeOfDay",
                "Use HH:00 in UTC, on the hour (00:00 to 23:00).",
            )
        return {"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": time_of_day}

    def _idle_stop(self, request: Mapping[str, Any]) -> dict[str, Any]:
        if "autoSnapshotAddOnRequest" in request:
            raise invalid("autoSnapshotAddOnRequest goes only with AutoSnapshot", "Remove it.")
        if "LfR" not in self.bundle.get("supportedAppCategories", []):
            raise invalid("StopInstanceOnIdle is supported only for Lightsail for Research", "Remove the add-on.")
        idle = request.get("stopInstanceOnIdleRequest") or {}
        threshold, duration = idle.get("threshold", "5"), idle.get("duration", "30")
        if not (_WHOLE.fullmatch(str(threshold)) and int(threshold) <= 100):
            raise invalid(f"{threshold} is not a valid threshold", "Give a whole CPU percentage from 0 to 100.")
        if not (_WHOLE.fullmatch(str(duration)) and int(duration) > 0):
            raise invalid(f"{duration} is not a valid duration", "Give a positive whole number of minutes.")
        return {"name": "StopInstanceOnIdle", "status": "Enabled", "threshold": threshold, "duration": duration}

    def _tags(self) -> list[dict[str, str]]:
        tags: list[dict[str, str]] = list(self.params.get("tags") or [])
        keys = [t.get("key", "") for t in tags]
        if len(tags) > _MAX_TAGS:
            raise invalid(f"A resource can have at most {_MAX_TAGS} tags", "Give fewer tags.")
        if len(set(keys)) != len(keys):
            raise invalid("Tag keys must be unique", "Give each tag key once.")
        for tag in tags:
            key, value = tag.get("key", ""), tag.get("value", "")
            if not 1 <= len(key) <= 128 or len(value) > 256:
                raise invalid(f"The tag {key} is not valid", "Keys have 1-128 characters, values up to 256.")
            if key.lower().startswith("aws:") or value.lower().startswith("aws:"):
                raise invalid(f"The tag {key} uses the reserved aws: prefix", "Remove the aws: prefix.")
            if not (_tag_text_ok(key) and _tag_text_ok(value)):
                raise invalid(
                    f"The tag {key} has characters that are not allowed",
                    "Use letters, digits, spaces and + - = . _ : / @.",
                )
        return tags

    def _key_pair(self) -> str:
        name = self.params.get("keyPairName", DEFAULT_KEY_PAIR)
        if name != DEFAULT_KEY_PAIR and name not in self.call.res["keyPairs"]:
            raise not_found(f"The KeyPair does not exist: {name}", "Key pairs are per Region: import it here.")
        return str(name)

    def _disk_mapping(self) -> list[_NewDisk]:
        """Disks to create: each mapped disk of the source, attached to the instance the map key names.

        A key that is not one of the new instance names (e.g. the source disk's name) maps the disks of the
        first new instance. Disks of the source that no entry maps are not restored.
        """
        new: list[_NewDisk] = []
        mapped: set[tuple[str, str]] = set()
        for key, maps in (self.params.get("attachedDiskMapping") or {}).items():
            _check_name(key)
            owner = key if key in self.names else self.names[0]
            if len(maps) > _MAX_DISKS:
                raise invalid(f"At most {_MAX_DISKS} disks can be attached to an instance", "Map fewer disks.")
            for disk in maps:
                path, name = disk.get("originalDiskPath"), disk.get("newDiskName")
                if path not in self.source.disks:
                    paths = ", ".join(self.source.disks) or "none"
                    raise invalid(
                        f"The disk mapping for {path} is not valid",
                        f"Map a disk path of the source ({paths}) to a new disk name.",
                    )
                if (owner, path) in mapped:
                    raise invalid(f"The disk {path} is mapped more than once", "Map each disk path once.")
                mapped.add((owner, path))
                new.append(_NewDisk(owner, _check_name(name), str(path), self.source.disks[path]))
        return new

    def _namespace(self) -> None:
        taken = self.call.taken_names()
        wanted = [*self.names, *(disk.name for disk in self.new_disks)]
        for name in wanted:
            if name in taken or wanted.count(name) > 1:
                raise invalid(
                    f"Some names are already in use: {name}",
                    "Choose names that no resource of the Region (instance, disk, key pair, static IP) uses.",
                )

    def _quota(self) -> None:
        quota = int(self.call.state.get("instanceQuota", 20))
        if len(self.call.instances()) + len(self.names) > quota:
            raise invalid(
                f"You have reached the maximum number of instances ({quota}) in this Region",
                "Delete instances, or ask AWS Support to raise the Instances quota.",
            )

    # -- creation -------------------------------------------------------------------------------------------
    def apply(self) -> list[dict[str, Any]]:
        """Create the instances, their disks and one operation per instance; the operations, stored form."""
        call, res = self.call, self.call.res
        failures: dict[str, Any] = call.state.setdefault("failOperations", {})
        operations = []
        for name in self.names:
            instance = new_instance(call.region, self.zone, name, self.bundle, self.source.blueprint, call.now)
            instance.update(
                tags=[dict(t) for t in self.tags],
                ipAddressType=self.ip_address_type,
                sshKeyName=self.key_pair,
                addOns=[dict(a) for a in self.add_ons],
            )
            if self.ip_address_type == "ipv6":
                del instance["publicIpAddress"]
            op = new_operation(call.region, self.zone, name, _OPERATION, None, call.now)
            failure = failures.pop(name, None)
            if failure is not None:
                op["_fail"] = failure
                instance["_failsAt"] = call.now + call.operation_seconds
            res["instances"][name] = instance
            res["operations"].append(op)
            operations.append(op)
        for disk in self.new_disks:
            created = new_disk(
                call.region,
                self.zone,
                disk.name,
                disk.path,
                disk.size_in_gb,
                call.now,
                state="in-use",
                isAttached=True,
                attachedTo=disk.owner,
            )
            if "_failsAt" in res["instances"][disk.owner]:
                created["_failsAt"] = res["instances"][disk.owner]["_failsAt"]
            res["disks"][disk.name] = created
            res["instances"][disk.owner]["hardware"]["disks"].append(dict(created))
        return operations


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def create_instances_from_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """CreateInstancesFromSnapshot: check every rule, then create; ``{"operations": [...]}``, one per instance.

    Raises:
        ServiceError: The first rule the request breaks; nothing is created then.
    """
    return {"operations": [call.operation_view(op) for op in _Plan(call, params).apply()]}
