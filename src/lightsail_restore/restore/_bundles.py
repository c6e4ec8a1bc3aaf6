"""The bundles a restore of a source can use, with their monthly prices, and ``bundleId="same"`` (issue 24).

Each bundle GetBundles lists is checked as the plan checks the request's (``bundle.check_bundle``, X6-X9: active,
the source's platform, the blueprint's minimum power, no smaller than the bundle the source ran on, a disk holding
the snapshot's). A bundle that passes is eligible; an IPv6-only one (``publicIpv4AddressCount`` 0) is eligible
and marked, since it needs ``ipAddressType`` ``ipv6`` (X7). Lightsail for Research bundles are left out: they are
listed apart, for the research applications (C-10.2). Figures and prices are GetBundles' own (C-10.1).

``bundleId="same"`` chooses the source's size in the current generation: the active bundle whose id has the same
size as the source's bundle (``micro_2_0`` and ``micro_3_0`` are both ``micro``; ``micro_win_3_0`` is
``micro_win``) and the highest generation (the id's trailing ``_<major>_<minor>``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Final

from .._api import LightsailApi
from ..errors import Issue, RequestValidationError
from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._bundle import check_bundle
from ._document import AS_GIVEN, Document
from ._findings import Finding, Findings
from ._source import ResolvedSource, resolve_source

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import BundleTypeDef

__all__ = [
    "SAME",
    "BundleChoice",
    "RestoreBundles",
    "choose_bundles",
    "restore_bundles",
    "same_bundle",
    "same_needs_plan",
    "with_same_bundle",
]

SAME: Final = "same"
"""``bundleId="same"``: the source's size in the current generation."""


def same_needs_plan(bundle_id: object, *, check: bool) -> None:
    """Refuse ``bundleId="same"`` without the plan (``check=False``): only the plan chooses it. Nothing is read.

    Raises:
        RequestValidationError: ``same`` with ``check=False`` (rule ``bundle_same_plans``, naming ``bundleId``).
    """
    if not check and bundle_id == SAME:
        message = f"bundleId {SAME} is chosen by the plan (the source's size in the current generation): drop "
        message += "check=False, or name a bundle"
        raise RequestValidationError([Issue("bundleId", "bundle_same_plans", message, ("bundleId", "check=False"))])


_GENERATION = re.compile(r"^(?P<size>.+?)_(?P<major>\d+)_(?P<minor>\d+)$")
_IPV6_RULE = "X7_ipv6_bundle"


@dataclass(frozen=True, slots=True)
class BundleChoice(Document):
    """One bundle of the catalogue, as a restore of the source could use it (or not).

    ``to_dict()`` writes AWS's member names, with ``ipv6Only``, ``sourceSize``, ``same`` and ``refused``; a price
    or a memory size as GetBundles gave it (``5`` stays ``5``).

    Attributes:
        bundle_id: Its id (``bundleId``).
        name: Its name.
        price: US dollars a month (GetBundles ``price``), when listed.
        cpu_count: vCPUs.
        ram_size_in_gb: Memory in GB.
        disk_size_in_gb: The system disk in GB.
        transfer_per_month_in_gb: The monthly data transfer allowance in GB.
        ipv6_only: No public IPv4 address: a restore onto it needs ``ipAddressType`` ``ipv6``.
        source_size: The bundle the source ran on.
        same: What ``bundleId="same"`` chooses.
        refused: Why a restore cannot use it (the plan's messages); empty when it can.
    """

    bundle_id: str
    name: str
    price: Annotated[float | None, AS_GIVEN]
    cpu_count: int | None
    ram_size_in_gb: Annotated[float | None, AS_GIVEN]
    disk_size_in_gb: int | None
    transfer_per_month_in_gb: int | None
    ipv6_only: bool = False
    source_size: bool = False
    same: bool = False
    refused: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        """Whether a restore of the source can use it."""
        return not self.refused


@dataclass(frozen=True)
class RestoreBundles:
    """The bundles a restore of a source can use.

    Attributes:
        source: The source resolved (``None`` when it could not be found: ``findings`` say why).
        bundles: Every bundle of the catalogue but the Lightsail for Research ones, cheapest first, each with
            why it cannot be used (when it cannot).
        findings: What the look-up of the source found wrong.
        api_calls: The read-only calls made.
    """

    source: ResolvedSource | None
    bundles: tuple[BundleChoice, ...]
    findings: tuple[Finding, ...] = ()
    api_calls: int = 0

    @property
    def ok(self) -> bool:
        """Whether the source was found with nothing wrong (an automatic snapshot of a date that exists, ...)."""
        return self.source is not None and not any(f.severity == "error" for f in self.findings)

    @property
    def eligible(self) -> tuple[BundleChoice, ...]:
        """The bundles a restore of the source can use, cheapest first (none when not ``ok``)."""
        return tuple(b for b in self.bundles if b.eligible) if self.ok else ()

    @property
    def same(self) -> str | None:
        """The bundle ``bundleId="same"`` chooses, when there is one."""
        return next((b.bundle_id for b in self.bundles if b.same), None)


def _generation(bundle_id: str) -> tuple[str, tuple[int, int]] | None:
    found = _GENERATION.match(bundle_id)
    return (found["size"], (int(found["major"]), int(found["minor"]))) if found else None


def same_bundle(source_bundle_id: str | None, bundles: list[BundleTypeDef]) -> str | None:
    """The active bundle of the source bundle's size in the highest generation, or ``None``."""
    size = _generation(source_bundle_id or "")
    if size is None:
        return None
    matching = [
        (generation[1], str(b.get("bundleId")))
        for b in bundles
        if b.get("isActive") is not False and (generation := _generation(str(b.get("bundleId")))) is not None
        if generation[0] == size[0]
    ]
    return max(matching)[1] if matching else None


def with_same_bundle(
    account: Account,
    request: CreateInstancesFromSnapshotRequest,
    source: ResolvedSource | None,
    findings: Findings,
) -> CreateInstancesFromSnapshotRequest | None:
    """``request`` with ``bundleId="same"`` replaced by the bundle it chooses, or ``None`` (a finding says why)."""
    chosen = same_bundle(source.bundle_id if source else None, account.bundles()) if source else None
    if chosen is None:
        what = (
            f"the source's bundle ({source.bundle_id}) has no current generation"
            if source is not None and source.bundle_id
            else "the source's bundle is not known"
        )
        findings.add("bundle_same", "bundleId", "error", f"{SAME} chooses the source's size, but {what}; name one")
        return None
    return request.model_copy(update={"bundle_id": chosen})


def choose_bundles(
    account: Account, request: CreateInstancesFromSnapshotRequest, source: ResolvedSource | None
) -> tuple[BundleChoice, ...]:
    """Every bundle of the catalogue (Lightsail for Research apart) as a restore of ``source`` could use it."""
    catalogue = [b for b in account.bundles() if "LfR" not in (b.get("supportedAppCategories") or [])]
    same = same_bundle(source.bundle_id, catalogue) if source is not None else None
    choices = []
    for bundle in catalogue:
        bundle_id = str(bundle.get("bundleId"))
        findings = Findings()
        check_bundle(account, request.model_copy(update={"bundle_id": bundle_id}), source, findings)
        refused = tuple(f.message for f in findings if f.severity == "error" and f.rule != _IPV6_RULE)
        choices.append(
            BundleChoice(
                bundle_id=bundle_id,
                name=str(bundle.get("name") or ""),
                price=bundle.get("price"),
                cpu_count=bundle.get("cpuCount"),
                ram_size_in_gb=bundle.get("ramSizeInGb"),
                disk_size_in_gb=bundle.get("diskSizeInGb"),
                transfer_per_month_in_gb=bundle.get("transferPerMonthInGb"),
                ipv6_only=bundle.get("publicIpv4AddressCount") == 0,
                source_size=source is not None and bundle_id == source.bundle_id,
                same=bundle_id == same,
                refused=refused,
            )
        )
    return tuple(sorted(choices, key=lambda c: (c.price is None, c.price or 0.0, c.bundle_id)))


def restore_bundles(
    api: LightsailApi, request: CreateInstancesFromSnapshotRequest, source_api: LightsailApi | None = None
) -> RestoreBundles:
    """The bundles of ``api``'s Region a restore of the request's source can use (read-only look-ups).

    Args:
        api: The calls to the Region restored into (its catalogue).
        request: A request naming the source (its other members do not change the answer).
        source_api: The calls to the source's Region, for a source in another Region.
    """
    elsewhere = source_api is not None and source_api is not api
    account = Account(api)
    source_account = Account(source_api) if source_api is not None and elsewhere else account
    before = api.calls + (source_account.api.calls if elsewhere else 0)
    findings = Findings()
    source = resolve_source(source_account, request, findings)
    if source is not None and elsewhere:
        source = dataclasses.replace(source, region=source_account.region)
    choices = choose_bundles(account, request, source)
    calls = api.calls + (source_account.api.calls if elsewhere else 0) - before
    return RestoreBundles(source, choices, findings.sorted(), calls)
