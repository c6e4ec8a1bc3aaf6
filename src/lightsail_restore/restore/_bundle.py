"""The bundle of a request against the catalogue, the source and the request (evidence X6-X9).

Exists and is active; runs the source's platform; has the blueprint's minimum power; is no smaller than the bundle
the source ran on, and holds its disk; matches ``ipAddressType`` (IPv6-only bundles); allows the add-ons asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._findings import Findings, near
from ._source import ResolvedSource

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import BundleTypeDef

__all__ = ["check_bundle"]


def _power(bundle: BundleTypeDef) -> tuple[float, float, float]:
    return (
        float(bundle.get("power") or 0),
        float(bundle.get("ramSizeInGb") or 0),
        float(bundle.get("cpuCount") or 0),
    )


def check_bundle(
    account: Account, request: CreateInstancesFromSnapshotRequest, source: ResolvedSource | None, findings: Findings
) -> None:
    """Check the bundle against the catalogue, the source and the request (X6-X9); problems go to ``findings``."""
    bundle_id = request.bundle_id
    bundle = account.bundle(bundle_id)
    if bundle is None:
        known = [str(b.get("bundleId")) for b in account.bundles()]
        findings.add("X6_bundle_exists", "bundleId", "error", f"no bundle {bundle_id}{near(bundle_id, known)}")
        return
    if bundle.get("isActive") is False:
        findings.add(
            "X6_bundle_active",
            "bundleId",
            "error",
            f"bundle {bundle_id} is no longer offered (inactive); use an active bundle from GetBundles",
        )
    platforms = list(bundle.get("supportedPlatforms") or [])
    for rule, message in _against_source(account, bundle, source):
        findings.add(rule, "bundleId", "error", message)
    if source and source.platform and platforms and source.platform not in platforms:
        findings.add(
            "X6_bundle_platform",
            "bundleId",
            "error",
            f"bundle {bundle_id} runs {', '.join(platforms)}, but {source.describe()} is {source.platform}; "
            f"use a {source.platform} bundle",
        )
    blueprint = account.blueprint(source.blueprint_id) if source else None
    min_power = float(blueprint.get("minPower") or 0) if blueprint else 0.0
    if min_power and float(bundle.get("power") or 0) < min_power:
        findings.add(
            "X6_bundle_min_power",
            "bundleId",
            "error",
            f"bundle {bundle_id} has power {bundle.get('power')}, below the blueprint's minimum {min_power:g}; "
            f"use a bundle with power {min_power:g} or more",
        )
    _ip_address_type(request, bundle, findings)
    _add_ons(request, source, bundle, platforms, findings)


def _ip_address_type(request: CreateInstancesFromSnapshotRequest, bundle: BundleTypeDef, findings: Findings) -> None:
    bundle_id, ip_type = request.bundle_id, request.ip_address_type
    ipv4_count = bundle.get("publicIpv4AddressCount")
    if ip_type == "ipv6" and ipv4_count not in (0, None):
        findings.add(
            "X7_ipv6_bundle",
            "ipAddressType",
            "error",
            f"ipv6 needs an IPv6-only bundle (such as nano_ipv6_3_0), but {bundle_id} has a public IPv4 address",
        )
    elif ip_type in ("ipv4", "dualstack") and ipv4_count == 0:
        findings.add(
            "X7_ipv6_bundle",
            "ipAddressType",
            "error",
            f"{bundle_id} is IPv6-only; set ipAddressType to ipv6 or pick a bundle with IPv4",
        )
    elif ip_type is None and ipv4_count == 0:
        findings.add(
            "X7_ipv6_bundle",
            "ipAddressType",
            "error",
            f"{bundle_id} is IPv6-only, and ipAddressType defaults to dualstack; set ipAddressType to ipv6",
        )


def _add_ons(
    request: CreateInstancesFromSnapshotRequest,
    source: ResolvedSource | None,
    bundle: BundleTypeDef,
    platforms: list[Any],
    findings: Findings,
) -> None:
    bundle_id = request.bundle_id
    for index, add_on in enumerate(request.add_ons or ()):
        if add_on.add_on_type == "StopInstanceOnIdle" and "LfR" not in (bundle.get("supportedAppCategories") or []):
            findings.add(
                "X8_idle_add_on_lfr_only",
                f"addOns[{index}].addOnType",
                "error",
                f"StopInstanceOnIdle applies only to Lightsail for Research bundles, and {bundle_id} is not one; "
                "remove the StopInstanceOnIdle add-on or use a Lightsail for Research bundle",
            )
        windows = "WINDOWS" in platforms or (source is not None and source.platform == "WINDOWS")
        if add_on.add_on_type == "AutoSnapshot" and windows:
            findings.add(
                "X9_auto_snapshot_not_windows",
                f"addOns[{index}].addOnType",
                "error",
                "automatic snapshots are not supported for Windows instances; remove the AutoSnapshot add-on",
            )


def _against_source(
    account: Account, bundle: BundleTypeDef, source: ResolvedSource | None
) -> Iterator[tuple[str, str]]:
    if source is None or source.bundle_id is None:
        return
    bundle_id = str(bundle.get("bundleId"))
    origin = account.bundle(source.bundle_id) if source.bundle_id != bundle_id else bundle
    where = f"the bundle {source.name} was taken from" if source.kind == "manual" else f"the bundle of {source.name}"
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
