"""The plan: check a request against the account before creating anything, with read-only look-ups only.

``plan(lightsail, request)`` resolves the source (which snapshot, its date, size, platform and disks), checks
every rule that needs the account's state (``spec/CONSTRAINTS.md`` X6-X9, X11, X12 against existing resources,
X15, the disk mapping, the key pair, the snapshot's state), and returns a typed ``Plan`` with every finding at
once, instead of AWS's one error per round trip. Each list is fetched once (all pages), never one call per name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from .errors import Issue, LightsailError, NotFoundException, RequestValidationError, mapped_client_errors
from .request import CreateInstancesFromSnapshotRequest

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = [
    "DEFAULT_INSTANCE_QUOTA",
    "Finding",
    "Plan",
    "PlanRefusedError",
    "ResolvedSource",
    "SourceDisk",
    "plan",
]

DEFAULT_INSTANCE_QUOTA = 20
"""Lightsail's default Instances quota per Region (adjustable through AWS Support)."""

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of the plan.

    Attributes:
        rule: A stable rule id, e.g. ``X6_bundle_too_small``.
        path: The AWS path of the member concerned, e.g. ``bundleId``.
        severity: ``error`` (the request would fail: nothing is sent), ``warning`` or ``info``.
        message: What is wrong and what to do instead.
    """

    rule: str
    path: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.path or '(request)'}: {self.message} [{self.rule}]"


@dataclass(frozen=True, slots=True)
class SourceDisk:
    """A disk attached to the source when it was snapshotted."""

    path: str
    size_in_gb: int | None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedSource:
    """The snapshot a request would restore, as found in the account.

    Attributes:
        kind: ``manual`` (an instance snapshot) or ``auto`` (an automatic snapshot of a source instance).
        name: The snapshot's name (manual) or the source instance's name (auto).
        date: The automatic snapshot's date (``YYYY-MM-DD``), or ``None`` for a manual snapshot.
        created_at: When the snapshot was taken, when known.
        size_in_gb: The system disk size of the snapshot, when known.
        bundle_id: The bundle the source ran on (the smallest bundle allowed).
        blueprint_id: The blueprint the source was created from.
        platform: ``LINUX_UNIX`` or ``WINDOWS``, when known.
        disks: The attached disks captured with the snapshot.
    """

    kind: Literal["manual", "auto"]
    name: str
    date: str | None = None
    created_at: datetime | None = None
    size_in_gb: int | None = None
    bundle_id: str | None = None
    blueprint_id: str | None = None
    platform: str | None = None
    disks: tuple[SourceDisk, ...] = ()

    def describe(self) -> str:
        """A short human description, e.g. ``manual snapshot web-1-snap``."""
        if self.kind == "manual":
            return f"manual snapshot {self.name}"
        return f"automatic snapshot of {self.name} from {self.date or 'an unknown date'}"


@dataclass(frozen=True)
class Plan:
    """What a restore would do, and every reason it would fail, found before anything is sent.

    Attributes:
        request: The validated request.
        findings: Every finding, errors first.
        source: The resolved source, or ``None`` when it could not be found.
        already_created: Instances of this request that an earlier run already created from the same source
            (a restore resumes them instead of creating them again).
        api_calls: How many read-only API calls the plan made (each page counts).
        region: The Region the plan looked in.
    """

    request: CreateInstancesFromSnapshotRequest
    findings: tuple[Finding, ...]
    source: ResolvedSource | None
    already_created: tuple[str, ...] = ()
    api_calls: int = 0
    region: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that stop the restore."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings worth a look that do not stop the restore."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """Whether nothing stops the restore."""
        return not self.errors

    @property
    def to_create(self) -> tuple[str, ...]:
        """The instance names a restore would create now (those not already created)."""
        return tuple(n for n in self.request.instance_names if n not in self.already_created)

    def would_send(self) -> dict[str, Any]:
        """The exact request that would be sent (``userData`` redacted), with already-created names left out."""
        return self._remaining(self.request.to_redacted_boto3())

    def remaining_request(self) -> CreateInstancesFromSnapshotRequest:
        """The request for the instances still to create: already-created names, and their disk mappings, left out.

        Raises:
            ValueError: Every instance was already created: there is nothing left to send.
        """
        if not self.to_create:
            raise ValueError("every instance of the request was already created")
        return CreateInstancesFromSnapshotRequest.model_validate(self._remaining(dict(self.request.to_boto3())))

    def _remaining(self, params: dict[str, Any]) -> dict[str, Any]:
        params["instanceNames"] = list(self.to_create)
        mapping = {k: v for k, v in (params.get("attachedDiskMapping") or {}).items() if k not in self.already_created}
        if mapping:
            params["attachedDiskMapping"] = mapping
        else:
            params.pop("attachedDiskMapping", None)
        return params

    def raise_for_errors(self) -> None:
        """Raise ``PlanRefusedError`` when any finding is an error."""
        if self.errors:
            raise PlanRefusedError(self)


class PlanRefusedError(RequestValidationError):
    """The plan found errors, so nothing was sent. ``plan`` holds every finding and the resolved source."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        super().__init__([Issue(f.path, f.rule, f.message) for f in plan.errors])


class _Reader:
    """Read-only look-ups with a call counter; every page of a list is fetched once."""

    def __init__(self, lightsail: LightsailClient) -> None:
        self._lightsail = lightsail
        self.calls = 0

    def call(self, operation: str, **params: Any) -> Mapping[str, Any]:
        self.calls += 1
        method = getattr(self._lightsail, operation)
        with mapped_client_errors():
            answer: Mapping[str, Any] = method(**params)
        return answer

    def pages(self, operation: str, key: str, **params: Any) -> list[Mapping[str, Any]]:
        items: list[Mapping[str, Any]] = []
        token: str | None = None
        while True:
            answer = self.call(operation, **params, **({"pageToken": token} if token else {}))
            items.extend(answer.get(key) or [])
            token = answer.get("nextPageToken")
            if not token:
                return items


def _utc(value: Any) -> datetime | None:
    return value.astimezone(UTC) if isinstance(value, datetime) else None


def _names_source(details: str, source: ResolvedSource, *, any_date: bool) -> bool:
    """Whether an operation's details name this source: the snapshot, or ``<instance>@<date>`` for automatic.

    An automatic snapshot of another date is another source, unless the request asks for the latest one
    (``any_date``): the latest may have moved on since the earlier run.
    """
    if source.kind == "manual":
        return details == source.name
    if any_date:
        return details == source.name or details.startswith(f"{source.name}@")
    return details in (source.name, f"{source.name}@{source.date}")


def _power(bundle: Mapping[str, Any]) -> tuple[float, float, float]:
    return (
        float(bundle.get("power") or 0),
        float(bundle.get("ramSizeInGb") or 0),
        float(bundle.get("cpuCount") or 0),
    )


class _Planner:
    def __init__(self, lightsail: LightsailClient, request: CreateInstancesFromSnapshotRequest, quota: int) -> None:
        self.reader = _Reader(lightsail)
        self.request = request
        self.quota = quota
        self.region = str(lightsail.meta.region_name)
        self.findings: list[Finding] = []
        self.source: ResolvedSource | None = None
        self.already_created: list[str] = []
        self._blueprints: list[Mapping[str, Any]] | None = None
        self._bundles: dict[str, list[Mapping[str, Any]]] = {}

    def add(self, rule: str, path: str, severity: Severity, message: str) -> None:
        self.findings.append(Finding(rule, path, severity, message))

    def run(self) -> Plan:
        self.check_zone()
        self.resolve_source()
        self.check_bundle()
        self.check_names_and_quota()
        order = {"error": 0, "warning": 1, "info": 2}
        return Plan(
            request=self.request,
            findings=tuple(sorted(self.findings, key=lambda f: order[f.severity])),
            source=self.source,
            already_created=tuple(self.already_created),
            api_calls=self.reader.calls,
            region=self.region,
        )

    # X11: the zone is in the client's Region and exists there.
    def check_zone(self) -> None:
        zone = self.request.availability_zone
        if self.request.region != self.region:
            self.add(
                "X11_zone_in_client_region",
                "availabilityZone",
                "error",
                f"{zone} is not in {self.region}, the client's Region; use a zone of {self.region} "
                f"or a client for {self.request.region}",
            )
            return
        regions = self.reader.call("get_regions", includeAvailabilityZones=True).get("regions") or []
        zones = {
            str(z.get("zoneName")): str(z.get("state") or "")
            for r in regions
            if r.get("name") == self.region
            for z in r.get("availabilityZones") or []
        }
        if zone not in zones:
            known = ", ".join(sorted(zones)) or "none"
            self.add(
                "X11_zone_exists",
                "availabilityZone",
                "error",
                f"{zone} is not an Availability Zone of {self.region}; use one of {known}",
            )
        elif zones[zone] not in ("", "available"):
            self.add("X11_zone_available", "availabilityZone", "warning", f"{zone} is {zones[zone]!r}")

    def blueprint(self, blueprint_id: str | None) -> Mapping[str, Any] | None:
        if blueprint_id is None:
            return None
        if self._blueprints is None:
            self._blueprints = self.reader.pages("get_blueprints", "blueprints", includeInactive=True)
        return next((b for b in self._blueprints if b.get("blueprintId") == blueprint_id), None)

    def resolve_source(self) -> None:
        if self.request.instance_snapshot_name is not None:
            self.resolve_manual(self.request.instance_snapshot_name)
        elif self.request.source_instance_name is not None:
            self.resolve_auto(self.request.source_instance_name)

    def resolve_manual(self, name: str) -> None:
        try:
            snapshot = self.reader.call("get_instance_snapshot", instanceSnapshotName=name).get("instanceSnapshot")
        except NotFoundException:
            snapshot = None
        if not snapshot:
            self.add(
                "snapshot_exists",
                "instanceSnapshotName",
                "error",
                f"no instance snapshot named {name} in {self.region}; list them with GetInstanceSnapshots, "
                "or copy it here from another Region with CopySnapshot",
            )
            return
        state = snapshot.get("state")
        if state == "pending":
            self.add(
                "snapshot_available",
                "instanceSnapshotName",
                "error",
                f"snapshot {name} is still being created (state pending); wait until it is available",
            )
        elif state != "available":
            self.add(
                "snapshot_available",
                "instanceSnapshotName",
                "error",
                f"snapshot {name} is in state {state!r}, not available; restore another snapshot",
            )
        blueprint_id = snapshot.get("fromBlueprintId")
        blueprint = self.blueprint(blueprint_id)
        self.source = ResolvedSource(
            kind="manual",
            name=name,
            created_at=_utc(snapshot.get("createdAt")),
            size_in_gb=snapshot.get("sizeInGb"),
            bundle_id=snapshot.get("fromBundleId"),
            blueprint_id=blueprint_id,
            platform=blueprint.get("platform") if blueprint else None,
            disks=tuple(
                SourceDisk(path=str(d.get("path")), size_in_gb=d.get("sizeInGb"), name=d.get("name"))
                for d in snapshot.get("fromAttachedDisks") or []
            ),
        )

    def resolve_auto(self, name: str) -> None:
        try:
            instance = self.reader.call("get_instance", instanceName=name).get("instance") or {}
        except NotFoundException:
            self.add(
                "source_instance_exists",
                "sourceInstanceName",
                "error",
                f"no instance named {name} in {self.region}: automatic snapshots are deleted with their instance; "
                "restore a manual snapshot instead",
            )
            return
        blueprint_id = instance.get("blueprintId")
        blueprint = self.blueprint(blueprint_id)
        platform = blueprint.get("platform") if blueprint else None
        if platform == "WINDOWS":
            self.add(
                "auto_snapshot_platform",
                "sourceInstanceName",
                "error",
                f"{name} is a Windows instance, and Windows instances have no automatic snapshots; "
                "restore a manual snapshot instead",
            )
            return
        snapshots = self.reader.call("get_auto_snapshots", resourceName=name).get("autoSnapshots") or []
        chosen = self.pick_auto_snapshot(name, snapshots)
        system = next((d for d in (instance.get("hardware") or {}).get("disks") or [] if d.get("isSystemDisk")), None)
        self.source = ResolvedSource(
            kind="auto",
            name=name,
            date=chosen.get("date") if chosen else self.request.restore_date,
            created_at=_utc(chosen.get("createdAt")) if chosen else None,
            size_in_gb=system.get("sizeInGb") if system else None,
            bundle_id=instance.get("bundleId"),
            blueprint_id=blueprint_id,
            platform=platform,
            disks=tuple(
                SourceDisk(path=str(d.get("path")), size_in_gb=d.get("sizeInGb"))
                for d in (chosen.get("fromAttachedDisks") or [] if chosen else [])
            ),
        )

    def pick_auto_snapshot(self, name: str, snapshots: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
        good = sorted((s for s in snapshots if s.get("status") == "Success"), key=lambda s: str(s.get("date")))
        dates = ", ".join(str(s.get("date")) for s in good) or "none"
        if self.request.use_latest_restorable_auto_snapshot:
            if not good:
                self.add(
                    "auto_snapshot_exists",
                    "useLatestRestorableAutoSnapshot",
                    "error",
                    f"{name} has no successful automatic snapshot; enable the AutoSnapshot add-on and wait a day",
                )
                return None
            return good[-1]
        wanted = self.request.restore_date
        match = next((s for s in snapshots if s.get("date") == wanted), None)
        if match is None:
            self.add(
                "auto_snapshot_exists",
                "restoreDate",
                "error",
                f"{name} has no automatic snapshot from {wanted}; restorable dates: {dates}",
            )
            return None
        if match.get("status") != "Success":
            self.add(
                "auto_snapshot_succeeded",
                "restoreDate",
                "error",
                f"the automatic snapshot of {name} from {wanted} has status {match.get('status')!r}, not Success; "
                f"restorable dates: {dates}",
            )
        return match

    def bundles(self, app_category: str | None) -> list[Mapping[str, Any]]:
        key = app_category or ""
        if key not in self._bundles:
            extra = {"appCategory": app_category} if app_category else {}
            self._bundles[key] = self.reader.pages("get_bundles", "bundles", includeInactive=True, **extra)
        return self._bundles[key]

    def find_bundle(self, bundle_id: str) -> Mapping[str, Any] | None:
        for category in (None, "LfR"):
            found = next((b for b in self.bundles(category) if b.get("bundleId") == bundle_id), None)
            if found is not None:
                return found
        return None

    # X6-X9: the bundle against the source and the request.
    def check_bundle(self) -> None:
        request, source = self.request, self.source
        bundle_id = request.bundle_id
        bundle = self.find_bundle(bundle_id)
        if bundle is None:
            self.add("X6_bundle_exists", "bundleId", "error", f"no bundle {bundle_id}; list them with GetBundles")
            return
        if bundle.get("isActive") is False:
            self.add(
                "X6_bundle_active",
                "bundleId",
                "error",
                f"bundle {bundle_id} is no longer offered (inactive); use an active bundle from GetBundles",
            )
        platforms = list(bundle.get("supportedPlatforms") or [])
        for rule, message in self.bundle_against_source(bundle, source):
            self.add(rule, "bundleId", "error", message)
        if source and source.platform and platforms and source.platform not in platforms:
            self.add(
                "X6_bundle_platform",
                "bundleId",
                "error",
                f"bundle {bundle_id} runs {', '.join(platforms)}, but {source.describe()} is {source.platform}; "
                f"use a {source.platform} bundle",
            )
        blueprint = self.blueprint(source.blueprint_id) if source else None
        min_power = float(blueprint.get("minPower") or 0) if blueprint else 0.0
        if min_power and float(bundle.get("power") or 0) < min_power:
            self.add(
                "X6_bundle_min_power",
                "bundleId",
                "error",
                f"bundle {bundle_id} has power {bundle.get('power')}, below the blueprint's minimum {min_power:g}; "
                f"use a bundle with power {min_power:g} or more",
            )
        ipv4_count = bundle.get("publicIpv4AddressCount")
        if request.ip_address_type == "ipv6" and ipv4_count not in (0, None):
            self.add(
                "X7_ipv6_bundle",
                "ipAddressType",
                "error",
                f"ipv6 needs an IPv6-only bundle (such as nano_ipv6_3_0), but {bundle_id} has a public IPv4 address",
            )
        elif request.ip_address_type in ("ipv4", "dualstack") and ipv4_count == 0:
            self.add(
                "X7_ipv6_bundle",
                "ipAddressType",
                "error",
                f"{bundle_id} is IPv6-only; set ipAddressType to ipv6 or pick a bundle with IPv4",
            )
        elif request.ip_address_type is None and ipv4_count == 0:
            self.add(
                "X7_ipv6_bundle",
                "ipAddressType",
                "error",
                f"{bundle_id} is IPv6-only, and ipAddressType defaults to dualstack; set ipAddressType to ipv6",
            )
        for index, add_on in enumerate(request.add_ons or ()):
            if add_on.add_on_type == "StopInstanceOnIdle" and "LfR" not in (bundle.get("supportedAppCategories") or []):
                self.add(
                    "X8_idle_add_on_lfr_only",
                    f"addOns[{index}].addOnType",
                    "error",
                    f"StopInstanceOnIdle applies only to Lightsail for Research bundles, and {bundle_id} is not one; "
                    "remove the StopInstanceOnIdle add-on or use a Lightsail for Research bundle",
                )
            windows = "WINDOWS" in platforms or (source is not None and source.platform == "WINDOWS")
            if add_on.add_on_type == "AutoSnapshot" and windows:
                self.add(
                    "X9_auto_snapshot_not_windows",
                    f"addOns[{index}].addOnType",
                    "error",
                    "automatic snapshots are not supported for Windows instances; remove the AutoSnapshot add-on",
                )

    def bundle_against_source(
        self, bundle: Mapping[str, Any], source: ResolvedSource | None
    ) -> Iterator[tuple[str, str]]:
        if source is None or source.bundle_id is None:
            return
        bundle_id = str(bundle.get("bundleId"))
        origin = self.find_bundle(source.bundle_id) if source.bundle_id != bundle_id else bundle
        where = (
            f"the bundle {source.name} was taken from" if source.kind == "manual" else f"the bundle of {source.name}"
        )
        if origin is not None and any(a < b for a, b in zip(_power(bundle), _power(origin), strict=True)):
            yield (
                "X6_bundle_too_small",
                f"bundle {bundle_id} is smaller than {source.bundle_id}, {where}; use {source.bundle_id} or larger",
            )
        disk = bundle.get("diskSizeInGb")
        if source.size_in_gb is not None and disk is not None and int(disk) < source.size_in_gb:
            yield (
                "X6_bundle_disk_too_small",
                f"bundle {bundle_id} has a {disk} GB disk, smaller than the {source.size_in_gb} GB of "
                f"{source.describe()}; use a bundle with at least {source.size_in_gb} GB",
            )

    # X12 against the account, the key pair, the disk mapping, and X15.
    def check_names_and_quota(self) -> None:
        request = self.request
        instances = self.reader.pages("get_instances", "instances")
        disks = self.reader.pages("get_disks", "disks")
        key_pairs = self.reader.pages("get_key_pairs", "keyPairs")
        static_ips = self.static_ips()
        owners: dict[str, str] = {}
        for kind, items in (("a disk", disks), ("a key pair", key_pairs), ("a static IP", static_ips)):
            owners.update({str(item.get("name")): kind for item in items})
        by_name = {str(i.get("name")): i for i in instances}
        created = self.created_from_source(
            [n for n in request.instance_names if n in by_name and self.looks_alike(by_name[n])]
        )
        for index, name in enumerate(request.instance_names):
            if name in by_name:
                if name in created:
                    self.already_created.append(name)
                    self.add(
                        "already_created",
                        f"instanceNames[{index}]",
                        "info",
                        f"{name} already exists, created from {self.describe_source()} by an earlier run; "
                        "it will be waited on, not created again",
                    )
                else:
                    self.add(
                        "X12_name_in_use",
                        f"instanceNames[{index}]",
                        "error",
                        f"{name} is already used by an instance that was not restored from this source; "
                        "choose another name",
                    )
            elif name in owners:
                self.add(
                    "X12_name_in_use",
                    f"instanceNames[{index}]",
                    "error",
                    f"{name} is already used by {owners[name]}; Lightsail names share one namespace per Region: "
                    "choose another name",
                )
        created_disks = self.disks_of_created()
        for key, maps in (request.attached_disk_mapping or {}).items():
            for index, disk in enumerate(maps):
                path = f"attachedDiskMapping[{key!r}][{index}]"
                taken = by_name.keys() | owners.keys()
                if disk.new_disk_name in taken and disk.new_disk_name not in created_disks:
                    self.add(
                        "X12_name_in_use",
                        f"{path}.newDiskName",
                        "error",
                        f"{disk.new_disk_name} is already used by a resource of {self.region}; choose another name",
                    )
                known_paths = {d.path for d in self.source.disks} if self.source else set()
                if self.source is not None and disk.original_disk_path not in known_paths:
                    listing = ", ".join(sorted(known_paths)) or "no attached disks"
                    self.add(
                        "disk_mapping_path",
                        f"{path}.originalDiskPath",
                        "error",
                        f"{self.source.describe()} has no disk at {disk.original_disk_path}; it has {listing}",
                    )
        if request.key_pair_name is not None and request.key_pair_name not in {str(k.get("name")) for k in key_pairs}:
            self.add(
                "key_pair_exists",
                "keyPairName",
                "error",
                f"no key pair named {request.key_pair_name} in {self.region}; create or import it first "
                "(key pairs are per Region), or leave keyPairName out to use the Region's default key",
            )
        new = len(self.request.instance_names) - len(self.already_created)
        if len(instances) + new > self.quota:
            self.add(
                "X15_instance_quota",
                "instanceNames",
                "error",
                f"{len(instances)} instances exist and {new} more would exceed the quota of {self.quota} per "
                "Region; delete instances or ask AWS Support to raise the Instances quota",
            )

    def static_ips(self) -> list[Mapping[str, Any]]:
        try:
            return self.reader.pages("get_static_ips", "staticIps")
        except LightsailError as exc:
            if exc.error_code in ("InvalidAction", "UnknownOperationException"):
                return []
            raise

    def disks_of_created(self) -> set[str]:
        names: set[str] = set()
        for key, maps in (self.request.attached_disk_mapping or {}).items():
            if key in self.already_created:
                names.update(d.new_disk_name for d in maps)
        return names

    def describe_source(self) -> str:
        return self.source.describe() if self.source else "this source"

    def looks_alike(self, instance: Mapping[str, Any]) -> bool:
        """Whether an existing instance has this request's bundle and zone and the source's blueprint."""
        source = self.source
        location = instance.get("location") or {}
        return (
            source is not None
            and instance.get("bundleId") == self.request.bundle_id
            and location.get("availabilityZone") == self.request.availability_zone
            and (source.blueprint_id is None or instance.get("blueprintId") == source.blueprint_id)
        )

    def created_from_source(self, names: list[str]) -> set[str]:
        """Which of ``names`` (existing instances that look alike) an earlier run of this request created.

        One ``GetOperationsForResource`` for a single name; for several, one ``GetOperations`` listing (every
        page) serves them all, so the cost does not grow with the number of names.
        """
        if not names or self.source is None:
            return set()
        if len(names) == 1:
            operations = self.reader.pages("get_operations_for_resource", "operations", resourceName=names[0])
        else:
            operations = self.reader.pages("get_operations", "operations")
        any_date = bool(self.request.use_latest_restorable_auto_snapshot)
        source = self.source
        return {
            str(op.get("resourceName"))
            for op in operations
            if op.get("resourceName") in names
            and op.get("operationType") in ("CreateInstancesFromSnapshot", "CreateInstance")
            and _names_source(str(op.get("operationDetails") or ""), source, any_date=any_date)
        }


def plan(
    lightsail: LightsailClient,
    request: CreateInstancesFromSnapshotRequest,
    *,
    instance_quota: int = DEFAULT_INSTANCE_QUOTA,
) -> Plan:
    """Check ``request`` against the account with read-only look-ups, and say what a restore would do.

    Args:
        lightsail: A boto3 Lightsail client for the Region to restore into.
        request: The validated request.
        instance_quota: The account's Instances quota for the Region (20 unless raised by AWS Support).

    Returns:
        The plan: every finding, the resolved source, the instances already created by an earlier run, and
        the number of API calls made.

    Raises:
        LightsailError: A look-up failed for a reason other than a missing resource.
        TransportError: AWS could not be reached.
    """
    return _Planner(lightsail, request, instance_quota).run()
