"""When the source cannot be read: the copy an earlier run made stands in for it, or the plan says why it cannot.

Disaster recovery reruns a cross-Region restore when the source Region may be the disaster. When the source
Region does not answer (no answer, throttling or a 5xx that outlasted botocore's retries: ``is_retryable``), or
answers that the source no longer exists (``snapshot_exists``, ``source_instance_exists``,
``auto_snapshot_exists``: deleted, or an automatic snapshot aged out), the copy an earlier run of this request made
in the target Region holds everything the restore needs. It is looked for under the copy's name only (the name
given, or the default, which for an automatic snapshot carries the day), and it is this request's copy only when
AWS lists, as its newest creating operation, a CopySnapshot whose ``operationDetails`` is
``"<sourceRegion>:<source name>"`` (E6; ``copies.judge_copy``, the same test as always, minus the comparisons with
the source it cannot read). What it holds (``fromBundleId``, ``fromBlueprintId``, ``sizeInGb``,
``fromAttachedDisks``, ``fromInstanceName``: the members of an instance snapshot, E10) then stands for the source in
every check of the target Region.

What cannot be checked is said in a warning: that the source still exists and is available, that the copy was
made after the source was taken (a copy made before a snapshot deleted and taken again under its name holds the
old one), and (when the Region does not answer) the source instance's firewall rules and static IP.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Literal

from .._api import Item
from ..errors import LightsailError, LightsailRestoreError
from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._findings import Finding
from ._source import ResolvedSource, snapshot_source
from ._steps.copy.plan import dated_copy_names, default_copy_name

__all__ = ["GONE_RULES", "cause_in_words", "looked_for", "stand_in_warning", "stand_ins"]

GONE_RULES = frozenset({"snapshot_exists", "source_instance_exists", "auto_snapshot_exists"})
"""The plan's findings that say the source Region answered: the source no longer exists there."""


def cause_in_words(error: LightsailRestoreError) -> str:
    """An error that made a Region unreachable, in one line (``503: Service Unavailable``, ``no answer: ...``)."""
    if isinstance(error, LightsailError):
        return f"{error.error_code}: {error.message}"
    return f"{type(error).__name__}: {error}"


def _source_name(request: CreateInstancesFromSnapshotRequest) -> str:
    return str(request.instance_snapshot_name or request.source_instance_name)


def _candidates(
    account: Account, request: CreateInstancesFromSnapshotRequest, source_region: str, copy_name: str | None
) -> Iterator[tuple[str, str | None]]:
    """The names the copy may have, each with the day it holds (automatic snapshots), best first."""
    name = _source_name(request)
    if request.instance_snapshot_name is not None:
        yield copy_name or default_copy_name(name, None, source_region), None
    elif request.restore_date is not None:
        yield copy_name or default_copy_name(name, request.restore_date, source_region), request.restore_date
    elif copy_name is None:  # the latest: the default names carry the day; the newest day first
        pattern = dated_copy_names(name, source_region)
        found = ((m.group(1), n) for n in account.instance_snapshots() if (m := pattern.fullmatch(n)))
        for date, candidate in sorted(found, reverse=True):
            yield candidate, date
    # the latest under a name of the caller's: the day it holds appears nowhere, so it cannot stand in


def looked_for(request: CreateInstancesFromSnapshotRequest, source_region: str, copy_name: str | None) -> str:
    """Where the copy that could stand in for the source was looked for, in words."""
    name = _source_name(request)
    if request.instance_snapshot_name is not None or request.restore_date is not None:
        chosen = copy_name or default_copy_name(name, request.restore_date, source_region)
        return f"looked for {chosen}"
    if copy_name is None:
        return f"looked for {default_copy_name(name, 'YYYY-MM-DD', source_region)}, any day"
    return (
        f"the day of the latest automatic snapshot a copy named {copy_name} holds appears nowhere AWS shows: give "
        "restoreDate, the day it holds"
    )


def _as_source(
    account: Account, request: CreateInstancesFromSnapshotRequest, snapshot: Item, date: str | None, region: str
) -> ResolvedSource:
    kind: Literal["manual", "auto"] = "manual" if request.instance_snapshot_name is not None else "auto"
    return snapshot_source(account, snapshot, kind, _source_name(request), date=date, region=region)


def stand_ins(
    account: Account, request: CreateInstancesFromSnapshotRequest, source_region: str, copy_name: str | None
) -> list[ResolvedSource]:
    """The source as the copies under this request's copy names show it, best first (not yet judged).

    A copy in state ``error`` is left out when the day is chosen (the latest), as a rerun with the source up does.
    Each is judged by ``plan_copy`` (its operations), which refuses whatever is not this request's copy.
    """
    snapshots = account.instance_snapshots()
    latest = bool(request.use_latest_restorable_auto_snapshot)
    return [
        _as_source(account, request, snapshots[name], date, source_region)
        for name, date in _candidates(account, request, source_region, copy_name)
        if name in snapshots and not (latest and snapshots[name].get("state") == "error")
    ]


def _when(value: object) -> str:
    if not isinstance(value, datetime):
        return "at a time AWS does not show"
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def stand_in_warning(
    source: ResolvedSource,
    copy: str,
    made: object,
    *,
    unreachable: LightsailRestoreError | None,
    gone: tuple[Finding, ...],
) -> Finding:
    """The warning that the restore goes on from ``copy`` without reading the source, and what it did not check."""
    region = str(source.region)
    what = f"{region}:{source.name}" if source.kind == "manual" else source.label
    using = (
        f"the restore goes on from {copy}, this restore's copy of {what} (AWS lists its CopySnapshot of "
        f"{region}:{source.name}; made {_when(made)}), checked against what the copy holds"
    )
    skipped = (
        "that the copy was made after the source was taken (a copy older than a snapshot taken again under its "
        "name holds the old one)"
    )
    if unreachable is not None:
        return Finding(
            "source_region_unreachable",
            "sourceRegion",
            "warning",
            f"{region}, the source Region, could not be reached ({cause_in_words(unreachable)}): {using}; not "
            f"checked: that {what} still exists and is available, {skipped}, and the source instance's firewall "
            "rules and static IP",
        )
    first = gone[0]
    return Finding(
        "source_gone",
        first.path,
        "warning",
        f"{region} answered that the source no longer exists ({first.message}): {using}; not checked: {skipped}",
        first.params,
    )
