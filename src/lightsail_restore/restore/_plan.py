"""The plan: check a request against the account before creating anything, with read-only look-ups only.

``make_plan(api, request)`` resolves the source (``_source.py``), checks every rule that needs the account's
state (evidence X6-X9, X11, X12 against existing resources, X15, the disk mapping, the key pair,
the snapshot's state, room for the provenance tags), recognises the instances an earlier run of this request
created (``_resume.py``), and returns a typed ``Plan`` with every finding at once, instead of AWS's one error per
round trip. Each list is fetched once (all pages), never one call per name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._api import LightsailApi
from .._options import DEFAULT_INSTANCE_QUOTA, PlanOptions
from ..errors import Issue, RequestValidationError
from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._bundle import check_bundle
from ._bundles import SAME, with_same_bundle
from ._carried import check_carried
from ._cutover import CutOver
from ._disks import CHOOSE_DISK_NAMES, CHOOSE_DISK_PARAMS, RestoredDisk, planned_disks, with_disks
from ._findings import Finding, Findings, Severity, near
from ._like_source import like_source
from ._network import NetworkPlan, plan_network
from ._provenance import MARK_KEYS, Mark
from ._resume import disk_owner, judge
from ._retired import final_stands_in, nothing_to_create
from ._selector import ChosenPoint
from ._source import ResolvedSource, resolve_source
from ._steps.copy.plan import CopyPlan
from ._steps.zones import Zones, judged_as, plan_zones

__all__ = [
    "DEFAULT_INSTANCE_QUOTA",
    "MAX_TAGS",
    "Finding",
    "Plan",
    "PlanRefusedError",
    "Severity",
    "make_plan",
    "without_user_data",
]

_DEFAULTS = PlanOptions()
MAX_TAGS = 50
"""Lightsail's limit of tags per resource: the user's and the provenance mark's together."""


@dataclass(frozen=True)
class Plan:
    """What a restore would do, and every reason it would fail, found before anything is sent.

    Attributes:
        request: The validated request, without the mark: as the user gave it, with ``bundleId="same"`` replaced by
            the bundle it chooses, the snapshot's disks mapped when it maps none (``attached_disks``) and the source
            instance's settings with ``like_source``.
        findings: Every finding, errors first.
        source: The resolved source, or ``None`` when it could not be found.
        already_created: Instances of this request that an earlier run already created (a restore resumes them
            instead of creating them again): each carries this request's mark and matches it.
        api_calls: How many read-only API calls the plan made (each page counts).
        region: The Region the plan looked in.
        mark: The provenance mark a restore adds (its tags), or ``None`` with ``provenance=False``.
        resumed_sources: The source each already-created instance's mark names (``web-1@2026-03-08``).
        copy: For a cross-Region restore, the copy of the source it restores from (the create names the copy
            instead of the request's source); ``None`` otherwise.
        network: The source instance's network setup and what the cut-over would do (``_network.py``).
        restore_point: The restore point a selector chose (``restore_point``), or ``None`` when the request named
            its source.
        disks: Each disk the request maps: the instance it goes to, its original path, size and name, its new name,
            and whether the restore named it (``_disks.py``).
    """

    request: CreateInstancesFromSnapshotRequest
    findings: tuple[Finding, ...]
    source: ResolvedSource | None
    already_created: tuple[str, ...] = ()
    api_calls: int = 0
    region: str = ""
    mark: Mark | None = None
    resumed_sources: Mapping[str, str] = field(default_factory=dict)
    copy: CopyPlan | None = None
    network: NetworkPlan | None = None
    zones: tuple[str, ...] = ()
    """The zones the create tries, in order: the request's, then ``fallback_zones`` (``_steps/zones.py``)."""
    bundle_price: float | None = None
    """The bundle's monthly price in US dollars (GetBundles ``price``, C-10.1), for each instance."""
    restore_point: ChosenPoint | None = None
    disks: tuple[RestoredDisk, ...] = ()

    @property
    def monthly_price(self) -> float | None:
        """What the instances still to create cost a month (US dollars), when the bundle's price is known."""
        return None if self.bundle_price is None else self.bundle_price * len(self.to_create)

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
        """The exact request that would be sent, ``userData`` redacted.

        The mark's tags are added; already-created names and their disk mappings are left out; a cross-Region
        restore names its copy instead of the request's source.
        """
        params = self.request.to_redacted_boto3()
        return self._remaining(self.mark.apply(params) if self.mark is not None else params)

    def remaining_request(self) -> CreateInstancesFromSnapshotRequest:
        """The request a restore sends: the mark's tags added, already-created names and their disk mappings out.

        Raises:
            ValueError: Every instance was already created: there is nothing left to send.
            RequestValidationError: The mark's tags do not fit (a plan error says so first).
        """
        if not self.to_create:
            raise ValueError("every instance of the request was already created")
        params = dict(self.request.to_boto3())
        if self.mark is not None:
            params = self.mark.apply(params)
        return CreateInstancesFromSnapshotRequest.from_boto3(self._remaining(params))

    def _remaining(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.copy is not None:
            params = self.copy.restore_from(params)
        names = list(self.request.instance_names)
        params["instanceNames"] = list(self.to_create)
        mapping = {
            key: maps
            for key, maps in (params.get("attachedDiskMapping") or {}).items()
            if disk_owner(key, names) not in self.already_created
        }
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
        super().__init__([Issue(f.path, f.rule, f.message, f.params) for f in plan.errors])

    def _pickled(self) -> dict[str, Any]:
        return {**super()._pickled(), "plan": without_user_data(self.plan)}


def without_user_data(plan: Plan) -> Plan:
    """The plan with its request's ``userData`` left out (what a pickle of it carries: the secret stays here)."""
    if plan.request.user_data is None:
        return plan
    return dataclasses.replace(plan, request=plan.request.model_copy(update={"user_data": None}))


Resolver = Callable[[Findings], ResolvedSource | None]
"""Finds the source elsewhere (a cross-Region restore's source Region), reporting into the plan's findings."""


class _Planner:
    def __init__(
        self,
        api: LightsailApi,
        request: CreateInstancesFromSnapshotRequest,
        options: PlanOptions,
        account: Account | None = None,
        source_region: str | None = None,
        resolve: Resolver | None = None,
        cut_over: CutOver | None = None,
        source_account: Account | None = None,
    ) -> None:
        self.api = api
        self.account = account or Account(api)
        self.source_region = source_region
        self.resolve = resolve
        self.request = request
        self.options = options
        self.quota = options.instance_quota
        self.provenance = options.provenance
        self.restore_point = options.restore_point
        self.region = api.region
        self.findings = Findings()
        self.source: ResolvedSource | None = None
        self.mark: Mark | None = None
        self.resumed: dict[str, str] = {}
        self.cut_over = cut_over or CutOver()
        self.source_account = source_account
        self.fallback = options.part(Zones).fallback_zones
        self.zones: tuple[str, ...] = (request.availability_zone,)
        self.bundle_price: float | None = None
        self.chosen = False
        """Whether the restore chose the disk mapping (``attached_disks``): it is for the instances created now."""

    def add(self, rule: str, path: str, severity: Severity, message: str, *, params: tuple[str, ...] = ()) -> None:
        self.findings.add(rule, path, severity, message, params=params)

    def run(self) -> Plan:
        before = self.api.calls
        self.check_zone()
        self.findings.extend(self.restore_point.findings() if self.restore_point is not None else ())
        if self.resolve is not None:
            self.source = self.resolve(self.findings)
        else:
            self.source = resolve_source(self.account, self.request, self.findings) or final_stands_in(
                self.account, self.request, self.cut_over, self.findings
            )
        if self.request.bundle_id == SAME:
            self.request = with_same_bundle(self.account, self.request, self.source, self.findings) or self.request
        given = self.request
        self.request = self.completed()
        self.chosen = given.attached_disk_mapping is None and self.request.attached_disk_mapping is not None
        self.mark = Mark.of(self.request, self.source, self.source_region) if self.provenance else None
        self.check_tags()
        self.check_bundle()
        self.check_names_and_quota()
        self.check_unmapped_disks()
        to_create = tuple(n for n in self.request.instance_names if n not in self.resumed)
        nothing_to_create(self.request, to_create, self.findings)
        network = plan_network(
            self.account, self.request, self.source, self.cut_over, self.findings, to_create, self.source_account
        )
        if network.source is not None:
            source_instance = (self.source_account or self.account).instances().get(network.source.instance_name)
            check_carried(source_instance or {}, self.request, self.account.instances(), self.findings)
        return Plan(
            request=self.request,
            findings=self.findings.sorted(),
            source=self.source,
            already_created=tuple(n for n in self.request.instance_names if n in self.resumed),
            api_calls=self.api.calls - before,
            region=self.region,
            mark=self.mark,
            resumed_sources={n: s for n, s in self.resumed.items() if s},
            network=network,
            zones=self.zones,
            bundle_price=self.bundle_price,
            restore_point=self.restore_point,
            disks=planned_disks(self.request, self.source, self.chosen),
        )

    # The snapshot's disks mapped (attached_disks), and the source instance's settings carried (like_source).
    def completed(self) -> CreateInstancesFromSnapshotRequest:
        request = with_disks(self.request, self.source, self.options.attached_disks, self.findings)
        if not self.options.like_source or self.source is None:
            return request
        instances = (self.source_account or self.account).instances()
        return like_source(request, self.source, self.source.instance_in(instances), self.findings)

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
        zones = self.account.zones()
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
        if self.fallback:
            self.zones = plan_zones(self.request, self.fallback, zones, self.findings)

    # The provenance mark must fit beside the user's tags.
    def check_tags(self) -> None:
        if self.mark is None:
            return
        tags = self.request.tags or ()
        for index, tag in enumerate(tags):
            if tag.key in MARK_KEYS:
                self.add(
                    "provenance_tags",
                    f"tags[{index}].key",
                    "error",
                    f"{tag.key} is the tag lightsail-restore writes to recognise its own instances; remove it, "
                    "or restore with provenance=False (then a rerun cannot resume)",
                    params=("provenance=False",),
                )
        room = MAX_TAGS - len(self.mark.tags())
        if len(tags) > room:
            self.add(
                "provenance_tags",
                "tags",
                "error",
                f"{len(tags)} tags and the {len(self.mark.tags())} of lightsail-restore's mark exceed the "
                f"{MAX_TAGS} tags a resource can have; give at most {room} tags, or restore with provenance=False "
                "(then a rerun cannot resume)",
                params=("provenance=False",),
            )

    # X6-X9: the bundle against the source and the request.
    def check_bundle(self) -> None:
        if self.request.bundle_id != SAME:  # else with_same_bundle said why it chose none
            check_bundle(self.account, self.request, self.source, self.findings)
            self.bundle_price = (self.account.bundle(self.request.bundle_id) or {}).get("price")

    # X12 against the account (resuming what is this request's), the key pair, the disk mapping, and X15.
    def check_names_and_quota(self) -> None:
        request, account = self.request, self.account
        instances = account.instances()
        disks = account.disks()
        key_pairs = account.key_pairs()
        owners = account.name_owners()
        for index, name in enumerate(request.instance_names):
            if name in instances:
                resumed = judge(
                    judged_as(
                        request.model_copy(update={"attached_disk_mapping": None}) if self.chosen else request,
                        instances[name],
                        self.zones,
                    ),
                    index=index,
                    instance=instances[name],
                    disks=disks,
                    mark=self.mark,
                    findings=self.findings,
                    region=self.source_region,
                    taken=self.source.created_at if self.source is not None else None,
                )
                if resumed is not None:
                    self.resumed[name] = resumed.source or ""
            elif name in owners:
                self.add(
                    "X12_name_in_use",
                    f"instanceNames[{index}]",
                    "error",
                    f"{name} is already used by {owners[name]}; Lightsail names share one namespace per Region: "
                    "choose another name",
                )
        self.check_disk_mapping(instances.keys() | owners.keys())
        if request.user_data is not None and self.resumed:
            them = ", ".join(n for n in request.instance_names if n in self.resumed)
            self.add(
                "user_data_not_run",
                "userData",
                "warning",
                f"{them} already exists, created by an earlier run of this request, and a launch script runs only "
                f"when an instance is created: this run's userData does not run on {them}; run it there yourself "
                "(over SSH) if it must",
            )
        if self.resumed and request.use_latest_restorable_auto_snapshot and self.source and self.source.date:
            older = sorted(n for n, s in self.resumed.items() if s != self.source.label)
            if older and self.resumed.keys() != set(request.instance_names):
                self.add(
                    "resume_other_date",
                    "useLatestRestorableAutoSnapshot",
                    "warning",
                    f"{', '.join(older)} were restored from an earlier automatic snapshot "
                    f"({', '.join(sorted({self.resumed[n] for n in older}))}); the latest is now {self.source.date}, "
                    "which the rest will be restored from: give restoreDate to restore them all from one date",
                )
        if request.key_pair_name is not None and request.key_pair_name not in key_pairs:
            self.add(
                "key_pair_exists",
                "keyPairName",
                "error",
                f"no key pair named {request.key_pair_name} in {self.region}{near(request.key_pair_name, key_pairs)}; "
                "create or import it first "
                "(key pairs are per Region), or leave keyPairName out to use the Region's default key",
            )
        new = len(request.instance_names) - len(self.resumed)
        if len(instances) + new > self.quota:
            self.add(
                "X15_instance_quota",
                "instanceNames",
                "error",
                f"{len(instances)} instances exist and {new} more would exceed the quota of {self.quota} per "
                "Region; delete instances or ask AWS Support to raise the Instances quota",
            )

    def check_disk_mapping(self, taken: set[str]) -> None:
        names = list(self.request.instance_names)
        for key, maps in (self.request.attached_disk_mapping or {}).items():
            ours = disk_owner(key, names) in self.resumed
            if self.chosen and key in taken:
                continue  # the restore's own names for an instance whose name is in use: that is the one finding
            for index, disk in enumerate(maps):
                path = f"attachedDiskMapping[{key!r}][{index}]"
                # A disk the restore named, attached to an instance of the name it is for: that instance decides
                # (a race: another identical restore made both after this plan listed the instances; its create
                # then meets "names in use", and the second look resumes them).
                theirs = self.chosen and _attached(self.account.disks(), disk.new_disk_name, key)
                if disk.new_disk_name in taken and not ours and not theirs:
                    self.add(
                        "X12_name_in_use",
                        f"{path}.newDiskName",
                        "error",
                        f"{disk.new_disk_name} is already used by a resource of {self.region}; "
                        + (CHOOSE_DISK_NAMES if self.chosen else "choose another name"),
                        params=CHOOSE_DISK_PARAMS if self.chosen else (),
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

    # A warning: attached disks of the snapshot that no mapping restores are lost (a rerun's included: the instances
    # an earlier run created from this request lack them as well).
    def check_unmapped_disks(self) -> None:
        source = self.source
        if source is None or not source.disks:
            return
        names = list(self.request.instance_names)
        to_create = [n if n not in self.resumed else f"{n} (created by an earlier run)" for n in names]
        mapped: dict[str, set[str]] = {}
        disks = self.account.disks() if self.chosen and self.resumed else {}
        for key, maps in (self.request.attached_disk_mapping or {}).items():
            owner = disk_owner(key, names)
            # An instance an earlier run created has the restore's own disks only when they are there, attached.
            restored = (
                d
                for d in maps
                if not self.chosen or owner not in self.resumed or _attached(disks, d.new_disk_name, owner)
            )
            mapped.setdefault(owner, set()).update(d.original_disk_path for d in restored)
        missing = [
            f"{disk.path}{f' ({disk.size_in_gb} GB)' if disk.size_in_gb else ''} for {', '.join(lacking)}"
            for disk in source.disks
            if (
                lacking := [
                    shown for n, shown in zip(names, to_create, strict=True) if disk.path not in mapped.get(n, set())
                ]
            )
        ]
        if missing:
            self.add(
                "disks_not_restored",
                "attachedDiskMapping",
                "warning",
                f"{source.describe()} holds attached disks that this request does not map, so they will not be "
                f"restored: {'; '.join(missing)}; map each to a new disk name in attachedDiskMapping to restore it",
            )


def _attached(disks: Mapping[str, Any], name: str, instance: str) -> bool:
    """Whether the disk ``name`` exists and is attached to ``instance``."""
    return (disks.get(name) or {}).get("attachedTo") == instance


def make_plan(
    api: LightsailApi,
    request: CreateInstancesFromSnapshotRequest,
    *,
    options: PlanOptions = _DEFAULTS,
    account: Account | None = None,
    source_region: str | None = None,
    resolve: Resolver | None = None,
    cut_over: CutOver | None = None,
    source_account: Account | None = None,
) -> Plan:
    """Check ``request`` against the account with read-only look-ups, and say what a restore would do.

    Args:
        api: The calls to make (counted).
        request: The validated request.
        options: The Instances quota and whether the restore marks what it creates (``PlanOptions``).
        account: The Region's look-ups, when the caller shares them (a cross-Region plan); new ones otherwise.
        source_region: The source's Region when it is not ``api``'s (a cross-Region restore): the mark names it.
        resolve: Finds the source (in ``source_region``) instead of looking in ``api``'s Region.
        cut_over: What the restore does once the instances run (firewall rules, a static IP), to check it too.
        source_account: The source Region's look-ups, for a cross-Region restore (the source instance's network).

    Returns:
        The plan: every finding, the resolved source, the instances already created by an earlier run of this
        request, the mark, and the number of API calls made.

    Raises:
        LightsailError: A look-up failed for a reason other than a missing resource.
        TransportError: AWS could not be reached.
    """
    planner = _Planner(api, request, options, account, source_region, resolve, cut_over, source_account)
    return planner.run()
