"""The plan of a cross-Region restore: both sides looked at before anything is sent.

The request names the source as it is in the source Region (``instanceSnapshotName``, or ``sourceInstanceName``
with ``restoreDate`` or the latest) and the zone in the target Region (the client's). The plan resolves the source
in the source Region (it exists; the automatic snapshot of that date, or the latest, exists and succeeded), decides
the copy (``copies.py``: its name, and whether an earlier run already made it), and runs every check of a restore
in the target Region against the source read there: zone, bundle and platform, key pair, names, quota, disk
mapping, the mark. The mark's source names the source's Region (``us-east-2:web-1-snap``), so a rerun of the same
cross-Region request resumes the instances it created, and nothing else's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..api import LightsailApi
from ..request import CreateInstancesFromSnapshotRequest
from .account import Account
from .copies import CopyPlan, plan_copy
from .cutover import CutOver
from .findings import Finding, Findings
from .plan import DEFAULT_INSTANCE_QUOTA, Plan, make_plan
from .source import ResolvedSource, resolve_source

__all__ = ["CrossRegion", "make_cross_region_plan"]


@dataclass(frozen=True)
class CrossRegion:
    """Where a cross-Region restore's source is, and what its copy is called.

    Attributes:
        source: The calls to the source Region (``api`` of the restore's own Region when the copy stays there).
        copy_name: The copy's name in the target Region, or ``None`` to choose it (``default_copy_name``).
    """

    source: LightsailApi
    copy_name: str | None = None

    @property
    def source_region(self) -> str:
        """The source's Region."""
        return self.source.region

    def calls_elsewhere(self, api: LightsailApi) -> int:
        """The calls made to the source Region, when it is not ``api``'s object (each call counted once)."""
        return 0 if self.source is api else self.source.calls

    def plan(
        self,
        api: LightsailApi,
        request: CreateInstancesFromSnapshotRequest,
        *,
        instance_quota: int = DEFAULT_INSTANCE_QUOTA,
        provenance: bool = True,
        cut_over: CutOver | None = None,
    ) -> Plan:
        """The plan of ``request`` restored into ``api``'s Region from a copy of its source."""
        return make_cross_region_plan(
            api,
            self.source,
            request,
            copy_name=self.copy_name,
            instance_quota=instance_quota,
            provenance=provenance,
            cut_over=cut_over,
        )


def make_cross_region_plan(
    api: LightsailApi,
    source_api: LightsailApi,
    request: CreateInstancesFromSnapshotRequest,
    *,
    copy_name: str | None = None,
    instance_quota: int = DEFAULT_INSTANCE_QUOTA,
    provenance: bool = True,
    cut_over: CutOver | None = None,
) -> Plan:
    """Check a restore into ``api``'s Region of a source in ``source_api``'s Region, read-only on both sides.

    Args:
        api: The calls to the target Region (where the copy is made and the instances created).
        source_api: The calls to the source Region (``api`` itself for a copy within one Region).
        request: The validated request: the source as named in the source Region, the zone in the target.
        copy_name: The copy's name, or ``None`` to choose it.
        instance_quota: The account's Instances quota for the target Region.
        provenance: Whether the restore marks what it creates.
        cut_over: What the restore does once the instances run (the source instance's network is read in the
            source Region; the static IP to attach must be in the target Region).

    Returns:
        The plan, whose ``copy`` says what the copy step will do and whose ``would_send()`` names the copy; the
        copy's findings are kept only when something is still to be created.

    Raises:
        LightsailError: A look-up failed for a reason other than a missing resource.
        TransportError: AWS could not be reached.
    """
    account = Account(api)
    source_account = account if source_api is api else Account(source_api)
    source_region = source_api.region
    shared = source_api is api
    before = api.calls + (0 if shared else source_api.calls)
    decided: list[tuple[CopyPlan, tuple[Finding, ...]]] = []

    def resolve(findings: Findings) -> ResolvedSource | None:
        found = resolve_source(source_account, request, findings)
        if found is not None:
            found = dataclasses.replace(found, region=source_region)
        copy, used, copy_findings = plan_copy(account, request, found, source_region=source_region, copy_name=copy_name)
        decided.append((copy, copy_findings))
        return used

    plan = make_plan(
        api,
        request,
        instance_quota=instance_quota,
        provenance=provenance,
        account=account,
        source_region=source_region,
        resolve=resolve,
        cut_over=cut_over,
        source_account=source_account,
    )
    copy, copy_findings = decided[0]
    findings = Findings(plan.findings)
    if plan.to_create:
        findings.extend(copy_findings)
    elif copy.name is not None:
        findings.add(
            "copy_not_needed",
            "targetSnapshotName",
            "info",
            f"every instance was already created: the copy {copy.name} is not needed, and is not made or used",
        )
    calls = api.calls + (0 if shared else source_api.calls) - before
    return dataclasses.replace(
        plan,
        findings=findings.sorted(),
        copy=dataclasses.replace(copy, needed=bool(plan.to_create)),
        api_calls=calls,
    )
