"""CreateInstancesFromSnapshot: every rule of the service checked first, then everything created (all or nothing).

The rules follow evidence C-2, C-3 and C-5 (docs/design/evidence.md); each refusal is the service's error type with the
service's message where it is known (E21-E23) and a message that names the rule otherwise. The operations carry
no ``operationDetails`` (E1, E2, E4). A new instance gets its blueprint's default firewall rules only (E27).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._call import Call
from ._catalogue import blueprint, bundle, zones_of
from ._errors import ServiceError, invalid, not_found
from ._names import check_free, check_name
from ._ports import default_rules
from ._reads import DEFAULT_KEY_PAIR
from ._refusals import check_capacity, check_plan_size
from ._resources import new_disk, new_instance
from ._sources import restorable_auto_snapshot

__all__ = ["OPERATIONS", "check_tags", "create_instances_from_snapshot"]

_HOUR: Final = re.compile(r"(?:[01][0-9]|2[0-3]):00")
_WHOLE: Final = re.compile(r"[0-9]{1,9}")
_TAG_PUNCTUATION: Final = frozenset("+-=._:/@")
_IP_ADDRESS_TYPES: Final = ("dualstack", "ipv4", "ipv6")
_MAX_TAGS: Final = 50
_MAX_DISKS: Final = 15
_OPERATION: Final = "CreateInstancesFromSnapshot"


def _tag_text_ok(text: str) -> bool:
    return all(c.isalnum() or c == " " or c in _TAG_PUNCTUATION for c in text)


def check_tags(raw: Any) -> list[dict[str, str]]:
    """The tags of a create request, checked: at most 50, unique keys, lengths, characters, no ``aws:`` prefix.

    Raises:
        ServiceError: InvalidInputException naming the tag and the rule.
    """
    tags: list[dict[str, str]] = list(raw or [])
    keys = [t.get("key", "") for t in tags]
    if len(tags) > _MAX_TAGS:
        raise invalid(f"A resource can have at most {_MAX_TAGS} tags")
    if len(set(keys)) != len(keys):
        raise invalid("Tag keys must be unique")
    for tag in tags:
        key, value = tag.get("key", ""), tag.get("value", "")
        if not 1 <= len(key) <= 128 or len(value) > 256:
            raise invalid(f"The tag {key} is not valid: keys have 1-128 characters, values up to 256")
        if key.lower().startswith("aws:") or value.lower().startswith("aws:"):
            raise invalid(f"The tag {key} uses the reserved aws: prefix")
        if not (_tag_text_ok(key) and _tag_text_ok(value)):
            raise invalid(f"The tag {key} has characters that are not allowed (letters, digits, spaces, +-=._:/@)")
    return tags


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
        check_free([*self.names, *(disk.name for disk in self.new_disks)], self.call.taken_names())
        self._quota()
        check_capacity(call.state, self.zone, str(self.bundle["bundleId"]), zones_of(call.region))

    # -- names and place ----------------------------------------------------------------------------------
    def _names(self) -> list[str]:
        names = self.params.get("instanceNames") or []
        if not names:
            raise invalid("instanceNames must name at least one instance")
        return [check_name(name) for name in names]

    def _zone(self) -> str:
        zone = self.params.get("availabilityZone")
        zones = zones_of(self.call.region)
        if zone not in zones:
            raise invalid(
                f"The availability zone {zone} is not valid in {self.call.region}: use one of {', '.join(zones)}"
            )
        return str(zone)

    # -- the source -----------------------------------------------------------------------------------------
    def _source(self) -> _Source:
        p = self.params
        snapshot_name, source = p.get("instanceSnapshotName"), p.get("sourceInstanceName")
        restore_date, latest = p.get("restoreDate"), p.get("useLatestRestorableAutoSnapshot") is True
        if (snapshot_name is None) == (source is None):
            raise invalid("Exactly one of instanceSnapshotName or sourceInstanceName must be specified")
        if snapshot_name is not None:
            if restore_date is not None or latest:
                raise invalid("restoreDate and useLatestRestorableAutoSnapshot are valid only with sourceInstanceName")
            return self._manual(snapshot_name)
        return self._automatic(source, restore_date, latest)

    def _manual(self, name: object) -> _Source:
        stored = self.call.res["instanceSnapshots"].get(name) if isinstance(name, str) else None
        if stored is None:
            raise not_found(f"The InstanceSnapshot does not exist: {name}")
        snapshot = self.call.snapshot_view(stored)
        if snapshot["state"] != "available":
            raise invalid(f"The instance snapshot {name} is not available (state {snapshot['state']})")
        disks = {d["path"]: int(d["sizeInGb"]) for d in snapshot["fromAttachedDisks"] if "path" in d}
        return _Source(
            self._blueprint(snapshot["fromBlueprintId"]), snapshot["fromBundleId"], int(snapshot["sizeInGb"]), disks
        )

    def _automatic(self, source: object, restore_date: object, latest: bool) -> _Source:
        instance = self.call.existing_instance(source)
        origin = self._blueprint(instance["blueprintId"])
        if origin["platform"] == "WINDOWS":
            raise invalid(f"{source} is a Windows instance; automatic snapshots are not supported for Windows")
        if (restore_date is None) == (not latest):
            raise invalid("Exactly one of restoreDate or useLatestRestorableAutoSnapshot must be specified")
        chosen = restorable_auto_snapshot(self.call.res, str(source), restore_date, latest)
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
            raise invalid(f"The bundle {bundle_id} is not valid: use an active bundle id from GetBundles")
        platform = self.source.blueprint["platform"]
        if platform not in chosen["supportedPlatforms"]:
            offered = chosen["supportedPlatforms"][0]
            raise invalid(
                f"You can only launch a {offered} bundle on a blueprint that supports the {offered} platform "
                f"(the snapshot's blueprint is {platform})"
            )
        min_power = int(self.source.blueprint["minPower"])
        if chosen["power"] < min_power:
            raise invalid(
                f"The bundle {bundle_id} is too small for the blueprint {self.source.blueprint['blueprintId']}: "
                f"it needs power {min_power} or more"
            )
        origin = bundle(self.source.bundle_id) or chosen
        smaller = any(chosen[k] < origin[k] for k in ("power", "ramSizeInGb", "cpuCount"))
        if smaller or chosen["diskSizeInGb"] < self.source.size_in_gb:
            raise invalid(
                "You cannot create a resource from a snapshot using a smaller plan size than the original resource "
                f"({origin['bundleId']}, {self.source.size_in_gb} GB)"
            )
        check_plan_size(self.call.state, chosen)
        return chosen

    def _ip_address_type(self) -> str:
        ip_type = self.params.get("ipAddressType", "dualstack")
        if ip_type not in _IP_ADDRESS_TYPES:
            raise invalid(f"{ip_type} is not a valid ipAddressType: use dualstack, ipv4 or ipv6")
        bundle_id = self.bundle["bundleId"]
        if (ip_type == "ipv6") != (self.bundle["publicIpv4AddressCount"] == 0):
            raise invalid(
                f"ipAddressType {ip_type} does not match the bundle {bundle_id}: IPv6-only bundles need ipv6, "
                "the others ipv4 or dualstack"
            )
        return str(ip_type)

    def _add_ons(self) -> list[dict[str, Any]]:
        add_ons: list[dict[str, Any]] = []
        seen: set[str] = set()
        for request in self.params.get("addOns") or []:
            kind = request.get("addOnType")
            if kind not in ("AutoSnapshot", "StopInstanceOnIdle"):
                raise invalid(f"{kind} is not a valid add-on type: use AutoSnapshot or StopInstanceOnIdle")
            if kind in seen:
                raise invalid(f"The add-on {kind} is requested more than once")
            seen.add(kind)
            add_ons.append(self._auto_snapshot(request) if kind == "AutoSnapshot" else self._idle_stop(request))
        return add_ons

    def _auto_snapshot(self, request: Mapping[str, Any]) -> dict[str, Any]:
        if "stopInstanceOnIdleRequest" in request:
            raise invalid("stopInstanceOnIdleRequest goes only with StopInstanceOnIdle")
        if self.source.blueprint["platform"] == "WINDOWS":
            raise invalid("Automatic snapshots are not supported for Windows instances")
        time_of_day = (request.get("autoSnapshotAddOnRequest") or {}).get("snapshotTimeOfDay", "06:00")
        if not (isinstance(time_of_day, str) and _HOUR.fullmatch(time_of_day)):
            raise invalid(f"{time_of_day} is not a valid snapshotTimeOfDay: use HH:00 in UTC")
        return {"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": time_of_day}

    def _idle_stop(self, request: Mapping[str, Any]) -> dict[str, Any]:
        if "autoSnapshotAddOnRequest" in request:
            raise invalid("autoSnapshotAddOnRequest goes only with AutoSnapshot")
        if "LfR" not in self.bundle.get("supportedAppCategories", []):
            raise invalid("StopInstanceOnIdle is supported only for Lightsail for Research")
        idle = request.get("stopInstanceOnIdleRequest") or {}
        threshold, duration = idle.get("threshold", "5"), idle.get("duration", "30")
        if not (_WHOLE.fullmatch(str(threshold)) and int(threshold) <= 100):
            raise invalid(f"{threshold} is not a valid threshold: give a whole CPU percentage from 0 to 100")
        if not (_WHOLE.fullmatch(str(duration)) and int(duration) > 0):
            raise invalid(f"{duration} is not a valid duration: give a positive whole number of minutes")
        return {"name": "StopInstanceOnIdle", "status": "Enabled", "threshold": threshold, "duration": duration}

    def _tags(self) -> list[dict[str, str]]:
        return check_tags(self.params.get("tags"))

    def _key_pair(self) -> str:
        name = self.params.get("keyPairName", DEFAULT_KEY_PAIR)
        if name != DEFAULT_KEY_PAIR and name not in self.call.res["keyPairs"]:
            raise not_found(f"The KeyPair does not exist: {name}")
        return str(name)

    def _disk_mapping(self) -> list[_NewDisk]:
        """Disks to create: each mapped disk of the source, attached to the instance the map key names.

        A key that is not one of the new instance names (e.g. the source disk's name) maps the disks of the
        first new instance. Disks of the source that no entry maps are not restored.
        """
        new: list[_NewDisk] = []
        mapped: set[tuple[str, str]] = set()
        for key, maps in (self.params.get("attachedDiskMapping") or {}).items():
            check_name(key)
            owner = key if key in self.names else self.names[0]
            if len(maps) > _MAX_DISKS:
                raise invalid(f"At most {_MAX_DISKS} disks can be attached to an instance")
            for disk in maps:
                path, name = disk.get("originalDiskPath"), disk.get("newDiskName")
                if path not in self.source.disks:
                    paths = ", ".join(self.source.disks) or "none"
                    raise invalid(f"The disk mapping for {path} is not valid: the source's disks are {paths}")
                if (owner, path) in mapped:
                    raise invalid(f"The disk {path} is mapped more than once")
                mapped.add((owner, path))
                new.append(_NewDisk(owner, check_name(name), str(path), self.source.disks[path]))
        return new

    def _quota(self) -> None:
        quota = int(self.call.state.get("instanceQuota", 20))
        if len(self.call.instances()) + len(self.names) > quota:
            raise invalid(f"You have reached the maximum number of instances ({quota}) in this Region")

    # -- creation -------------------------------------------------------------------------------------------
    def apply(self) -> list[dict[str, Any]]:
        """Create the instances, their disks and one operation per instance; the operations, stored form."""
        call, res = self.call, self.call.res
        failures: dict[str, Any] = call.state["failOperations"]
        operations = []
        blueprint_id = self.source.blueprint["blueprintId"]
        for name in self.names:
            instance = new_instance(
                call.region,
                self.zone,
                name,
                self.bundle,
                self.source.blueprint,
                call.now,
                ip_address_type=self.ip_address_type,
                ports=default_rules(blueprint_id, self.ip_address_type),
            )
            instance.update(
                tags=[dict(t) for t in self.tags], sshKeyName=self.key_pair, addOns=[dict(a) for a in self.add_ons]
            )
            failure = failures.pop(name, None)
            for static_ip in res["staticIps"].values():  # held by an earlier instance of this name that vanished
                if static_ip.get("attachedTo") == name:
                    static_ip.pop("attachedTo")
                    static_ip["isAttached"] = False
            res["instances"][name] = instance
            op = call.record(instance["location"], name, "Instance", _OPERATION, seconds=call.operation_seconds)
            if failure is not None:
                op["_fail"] = failure
                instance["_failsAt"] = op["_endsAt"]
            operations.append(op)
        for disk in self.new_disks:
            created = new_disk(
                call.region, self.zone, disk.name, disk.size_in_gb, call.now, attached_to=disk.owner, path=disk.path
            )
            if "_failsAt" in res["instances"][disk.owner]:
                created["_failsAt"] = res["instances"][disk.owner]["_failsAt"]
            res["disks"][disk.name] = created
        return operations


def create_instances_from_snapshot(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """CreateInstancesFromSnapshot: check every rule, then create; ``{"operations": [...]}``, one per instance.

    Raises:
        ServiceError: The first rule the request breaks; nothing is created then.
    """
    return {"operations": [call.operation_view(op) for op in _Plan(call, params).apply()]}


OPERATIONS = {"CreateInstancesFromSnapshot": create_instances_from_snapshot}
"""The operation this module answers, by AWS operation name."""
