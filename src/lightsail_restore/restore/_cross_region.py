"""The plan of a cross-Region restore: both sides looked at before anything is sent.

The request names the source as it is in the source Region (``instanceSnapshotName``, or ``sourceInstanceName``
with ``restoreDate`` or the latest) and the zone in the target Region (the client's). The plan resolves the source
in the source Region (it exists; the automatic snapshot of that date, or the latest, exists and succeeded), decides
the copy (``_steps/copy/plan.py``: its name, and whether an earlier run already made it), and runs every check of a
restore in the target Region against the source read there: zone, bundle and platform, key pair, names, quota, disk
mapping, the mark. The mark's source names the source's Region (``us-east-2:web-1-snap``), so a rerun of the same
cross-Region request resumes the instances it created, and nothing else's.

When the source Region does not answer, or answers that the source is gone, the copy an earlier run of this request
made stands in for the source (``_stand_in.py``), with a warning saying what was not checked; without such a copy,
an unreachable source Region raises ``SourceRegionUnreachableError`` and a gone source is the usual plan error.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .._api import LightsailApi
from .._options import PlanOptions
from ..errors import Issue, LightsailRestoreError, RequestValidationError, SourceRegionUnreachableError, is_retryable
from ..request import CopySnapshotRequest, CreateInstancesFromSnapshotRequest
from ._account import Account
from ._cutover import CutOver
from ._findings import Finding, Findings
from ._plan import Plan, make_plan
from ._source import ResolvedSource, resolve_source
from ._stand_in import GONE_RULES, cause_in_words, looked_for, stand_in_warning, stand_ins
from ._steps.copy.plan import CopyPlan, plan_copy

__all__ = ["CrossRegion", "make_cross_region_plan"]


_DEFAULTS = PlanOptions()


def check_cross_region(source_region: str | None, copy_name: str | None, *, check: bool = True) -> None:
    """Check a cross-Region restore's options once, before anything is sent (the façade's and the command's rule).

    Raises:
        RequestValidationError: ``copy_name`` without ``source_region`` (``targetSnapshotName``); ``check=False``
            with ``source_region`` (a cross-Region restore always plans: the plan finds an earlier run's copy); or
            the Region or the copy's name breaks CopySnapshot's rules (``sourceRegion``, ``targetSnapshotName``).
    """
    if source_region is None:
        if copy_name is not None:
            message = "copy_name names the copy of a cross-Region restore: give source_region too"
            issue = Issue("targetSnapshotName", "copy_needs_source_region", message, ("copy_name", "source_region"))
            raise RequestValidationError([issue])
        return
    if not check:
        message = "a cross-Region restore always plans: the plan finds the copy an earlier run made; drop check=False"
        raise RequestValidationError([Issue("", "cross_region_plans", message, ("check=False",))])
    CopySnapshotRequest.from_manual_snapshot(  # checks the Region and the name as CopySnapshot would
        "source", source_region=source_region, target_snapshot_name="copy" if copy_name is None else copy_name
    )


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
        options: PlanOptions = _DEFAULTS,
        cut_over: CutOver | None = None,
    ) -> Plan:
        """The plan of ``request`` restored into ``api``'s Region from a copy of its source."""
        return make_cross_region_plan(
            api,
            self.source,
            request,
            copy_name=self.copy_name,
            options=options,
            cut_over=cut_over,
        )


def make_cross_region_plan(
    api: LightsailApi,
    source_api: LightsailApi,
    request: CreateInstancesFromSnapshotRequest,
    *,
    copy_name: str | None = None,
    options: PlanOptions = _DEFAULTS,
    cut_over: CutOver | None = None,
) -> Plan:
    """Check a restore into ``api``'s Region of a source in ``source_api``'s Region, read-only on both sides.

    Args:
        api: The calls to the target Region (where the copy is made and the instances created).
        source_api: The calls to the source Region (``api`` itself for a copy within one Region).
        request: The validated request: the source as named in the source Region, the zone in the target.
        copy_name: The copy's name, or ``None`` to choose it.
        options: The target Region's Instances quota, and whether the restore marks what it creates.
        cut_over: What the restore does once the instances run (the source instance's network is read in the
            source Region; the static IP to attach must be in the target Region).

    Returns:
        The plan, whose ``copy`` says what the copy step will do and whose ``would_send()`` names the copy; the
        copy's findings are kept only when something is still to be created.

    Raises:
        SourceRegionUnreachableError: A read of the source Region met no answer, throttling or a 5xx (after
            botocore's retries), and no copy an earlier run of this request made is in the target Region.
        LightsailError: A look-up failed for a reason other than a missing resource.
        TransportError: The target Region could not be reached.
    """
    account = Account(api)
    source_account = account if source_api is api else Account(source_api)
    source_region = source_api.region
    shared = source_api is api
    before = api.calls + (0 if shared else source_api.calls)
    decided: list[tuple[CopyPlan, tuple[Finding, ...]]] = []

    def resolve(findings: Findings) -> ResolvedSource | None:
        read = Findings()
        unreachable: LightsailRestoreError | None = None
        try:
            found = resolve_source(source_account, request, read)
        except LightsailRestoreError as exc:
            if shared or not is_retryable(exc):
                raise
            found, unreachable = None, exc
            source_account.unreachable = exc
        gone = tuple(f for f in read if f.severity == "error" and f.rule in GONE_RULES)
        if unreachable is not None or gone:
            refused: list[str] = []
            for stand_in in stand_ins(account, request, source_region, copy_name):
                copy, used, copy_findings = plan_copy(
                    account, request, stand_in, source_region=source_region, copy_name=copy_name
                )
                if copy.state is None or used is None:  # not this request's copy: never adopted
                    refused += [f.message for f in copy_findings if f.rule == "copy_name_in_use"]
                    continue
                made = account.instance_snapshots()[str(copy.name)].get("createdAt")
                findings.append(stand_in_warning(used, str(copy.name), made, unreachable=unreachable, gone=gone))
                decided.append((copy, copy_findings))
                return used
            if unreachable is not None:
                source = f"{source_region}:{request.instance_snapshot_name or request.source_instance_name}"
                where = "; ".join([looked_for(request, source_region, copy_name), *refused])
                raise SourceRegionUnreachableError(
                    f"{source_region}, the source Region, could not be reached ({cause_in_words(unreachable)}), and "
                    f"{api.region} holds no copy of {source} that an earlier run of this restore made ({where}): "
                    f"nothing was sent; run the same restore again once {source_region} answers",
                    region=source_region,
                    cause=unreachable,
                )
        findings.extend(read)
        if found is not None:
            found = dataclasses.replace(found, region=source_region)
        copy, used, copy_findings = plan_copy(account, request, found, source_region=source_region, copy_name=copy_name)
        decided.append((copy, copy_findings))
        return used

    plan = make_plan(
        api,
        request,
        options=options,
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
