"""The account as the plan sees it: each list read once (every page) when first needed, by name where useful."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._api import LightsailApi
from ..errors import LightsailError, LightsailRestoreError

if TYPE_CHECKING:
    from mypy_boto3_lightsail.literals import AppCategoryType
    from mypy_boto3_lightsail.type_defs import (
        BlueprintTypeDef,
        BundleTypeDef,
        DiskTypeDef,
        InstanceSnapshotTypeDef,
        InstanceTypeDef,
        KeyPairTypeDef,
        StaticIpTypeDef,
    )

__all__ = ["Account"]

_T = TypeVar("_T")


class Account:
    """Cached read-only look-ups of one Region, made through ``api`` (so they are counted).

    Args:
        api: The calls to make them with.

    Attributes:
        unreachable: The error a read of this Region met that retrying may fix (no answer, throttling, a 5xx),
            once the plan gave up on reading it (a cross-Region restore's source Region): later looks skip it.
    """

    def __init__(self, api: LightsailApi) -> None:
        self.api = api
        self.region = api.region
        self.unreachable: LightsailRestoreError | None = None
        self._blueprints: list[BlueprintTypeDef] | None = None
        self._bundles: dict[str, list[BundleTypeDef]] = {}
        self._lists: dict[str, list[Any]] = {}

    def zones(self) -> dict[str, str]:
        """The Region's Availability Zones and their states (one ``GetRegions``)."""
        regions = self.api.get_regions().get("regions") or []
        return {
            str(z.get("zoneName")): str(z.get("state") or "")
            for r in regions
            if r.get("name") == self.region
            for z in r.get("availabilityZones") or []
        }

    def blueprint(self, blueprint_id: str | None) -> BlueprintTypeDef | None:
        """The blueprint of this id (inactive ones included), or ``None``."""
        if blueprint_id is None:
            return None
        if self._blueprints is None:
            self._blueprints = self.api.get_blueprints()
        return next((b for b in self._blueprints if b.get("blueprintId") == blueprint_id), None)

    def bundle(self, bundle_id: str) -> BundleTypeDef | None:
        """The bundle of this id, among the usual bundles and then the Lightsail for Research ones."""
        for category in (None, "LfR"):
            found = next((b for b in self._bundles_of(category) if b.get("bundleId") == bundle_id), None)
            if found is not None:
                return found
        return None

    def bundles(self) -> list[BundleTypeDef]:
        """Every bundle: the usual ones, then the Lightsail for Research ones."""
        return [*self._bundles_of(None), *self._bundles_of("LfR")]

    def _bundles_of(self, app_category: AppCategoryType | None) -> list[BundleTypeDef]:
        key = app_category or ""
        if key not in self._bundles:
            self._bundles[key] = self.api.get_bundles(app_category)
        return self._bundles[key]

    def _list(self, key: str, read: Callable[[], list[_T]]) -> list[_T]:
        if key not in self._lists:
            self._lists[key] = read()
        found: list[_T] = self._lists[key]
        return found

    def instances(self) -> dict[str, InstanceTypeDef]:
        """The Region's instances by name."""
        return {str(i.get("name")): i for i in self._list("instances", self.api.get_instances)}

    def disks(self) -> dict[str, DiskTypeDef]:
        """The Region's disks by name."""
        return {str(d.get("name")): d for d in self._list("disks", self.api.get_disks)}

    def key_pairs(self) -> dict[str, KeyPairTypeDef]:
        """The Region's key pairs by name (the default key pair is not listed)."""
        return {str(k.get("name")): k for k in self._list("keyPairs", self.api.get_key_pairs)}

    def instance_snapshots(self) -> dict[str, InstanceSnapshotTypeDef]:
        """The Region's instance snapshots by name (copies included)."""
        return {str(s.get("name")): s for s in self._list("instanceSnapshots", self.api.get_instance_snapshots)}

    def static_ips(self) -> dict[str, StaticIpTypeDef]:
        """The Region's static IPs by name (none when the endpoint does not answer GetStaticIps)."""
        try:
            items = self._list("staticIps", self.api.get_static_ips)
        except LightsailError as exc:
            if exc.error_code not in ("InvalidAction", "UnknownOperationException"):
                raise
            items = []
        return {str(s.get("name")): s for s in items}

    def name_owners(self) -> Mapping[str, str]:
        """Every name used by something other than an instance, and what uses it (``a disk``, ...)."""
        owners: dict[str, Any] = {}
        kinds = (("a disk", self.disks()), ("a key pair", self.key_pairs()), ("a static IP", self.static_ips()))
        for kind, items in kinds:
            owners.update(dict.fromkeys(items, kind))
        return owners
