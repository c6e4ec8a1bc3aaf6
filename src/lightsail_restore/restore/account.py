"""The account as the plan sees it: each list read once (every page) when first needed, by name where useful."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..api import Item, LightsailApi
from ..errors import LightsailError, LightsailRestoreError

__all__ = ["Account"]


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
        self._blueprints: list[Item] | None = None
        self._bundles: dict[str, list[Item]] = {}
        self._lists: dict[str, list[Item]] = {}

    def zones(self) -> dict[str, str]:
        """The Region's Availability Zones and their states (one ``GetRegions``)."""
        regions = self.api.call("get_regions", includeAvailabilityZones=True).get("regions") or []
        return {
            str(z.get("zoneName")): str(z.get("state") or "")
            for r in regions
            if r.get("name") == self.region
            for z in r.get("availabilityZones") or []
        }

    def blueprint(self, blueprint_id: str | None) -> Item | None:
        """The blueprint of this id (inactive ones included), or ``None``."""
        if blueprint_id is None:
            return None
        if self._blueprints is None:
            self._blueprints = self.api.pages("get_blueprints", "blueprints", includeInactive=True)
        return next((b for b in self._blueprints if b.get("blueprintId") == blueprint_id), None)

    def bundle(self, bundle_id: str) -> Item | None:
        """The bundle of this id, among the usual bundles and then the Lightsail for Research ones."""
        for category in (None, "LfR"):
            found = next((b for b in self._bundles_of(category) if b.get("bundleId") == bundle_id), None)
            if found is not None:
                return found
        return None

    def bundles(self) -> list[Item]:
        """Every bundle: the usual ones, then the Lightsail for Research ones."""
        return [*self._bundles_of(None), *self._bundles_of("LfR")]

    def _bundles_of(self, app_category: str | None) -> list[Item]:
        key = app_category or ""
        if key not in self._bundles:
            extra: dict[str, Any] = {"appCategory": app_category} if app_category else {}
            self._bundles[key] = self.api.pages("get_bundles", "bundles", includeInactive=True, **extra)
        return self._bundles[key]

    def _list(self, operation: str, key: str) -> list[Item]:
        if key not in self._lists:
            self._lists[key] = self.api.pages(operation, key)
        return self._lists[key]

    def instances(self) -> dict[str, Item]:
        """The Region's instances by name."""
        return {str(i.get("name")): i for i in self._list("get_instances", "instances")}

    def disks(self) -> dict[str, Item]:
        """The Region's disks by name."""
        return {str(d.get("name")): d for d in self._list("get_disks", "disks")}

    def key_pairs(self) -> dict[str, Item]:
        """The Region's key pairs by name (the default key pair is not listed)."""
        return {str(k.get("name")): k for k in self._list("get_key_pairs", "keyPairs")}

    def instance_snapshots(self) -> dict[str, Item]:
        """The Region's instance snapshots by name (copies included)."""
        return {str(s.get("name")): s for s in self._list("get_instance_snapshots", "instanceSnapshots")}

    def static_ips(self) -> dict[str, Item]:
        """The Region's static IPs by name (none when the endpoint does not answer GetStaticIps)."""
        try:
            items = self._list("get_static_ips", "staticIps")
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
