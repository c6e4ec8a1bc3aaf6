"""The copy a cross-Region restore restores from: its name, how a rerun recognises it, and what exists under it.

A snapshot can only be restored in its own Region, so a cross-Region restore first copies it (CopySnapshot, sent
to the target Region naming ``sourceRegion``) and then restores the copy. CopySnapshot takes no tags, so the copy
cannot carry the restore's mark; a rerun tells its own copy from a snapshot someone else named the same way by
what AWS shows of it:

- its newest creating operation (``GetOperationsForResource`` of its name: CopySnapshot or CreateInstanceSnapshot)
  is a CopySnapshot whose ``operationDetails`` is ``"<sourceRegion>:<source name>"`` (evidence E6);
- what it holds is the source as read in the source Region: ``fromInstanceName``, ``fromBundleId``,
  ``fromBlueprintId`` and ``sizeInGb``; and it was made after the source was taken (a copy older than a snapshot
  deleted and taken again under its name holds the old one).

Anything else under the copy's name is never used: a plan error when something is still to be created. The date
of a copied automatic snapshot appears nowhere in what AWS shows (E6, E45: the details name the instance only;
E47: the ``from*`` members are the instance's), so what proves it is the name chosen by default, which carries it
(``web-1-2026-03-09-from-us-east-2``), or this run's own CopySnapshot answered (the request named the day). A copy
of an automatic snapshot under a name of the caller's found any other way (an earlier run's, or after a lost
answer or "names in use") is never restored: its day cannot be shown (``CopyPlan.day_proven``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import Field, computed_field

from ...._api import LightsailApi
from ....errors import NotFoundException
from ....request import CopySnapshotRequest, CreateInstancesFromSnapshotRequest
from ..._account import Account
from ..._document import Document, Elapsed
from ..._findings import Finding, Findings
from ..._source import ResolvedSource, SourceDisk

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstanceSnapshotTypeDef, OperationTypeDef

__all__ = [
    "CREATING_TYPES",
    "CopyOutcome",
    "CopyPlan",
    "Verdict",
    "dated_copy_names",
    "default_copy_name",
    "find_own_copy",
    "judge_copy",
    "plan_copy",
]

CREATING_TYPES: Final = frozenset({"CopySnapshot", "CreateInstanceSnapshot"})
"""The operation types that make an instance snapshot."""
_NAME_MAX: Final = 255
_HASH: Final = 8
_SOURCE_MEMBERS: Final = (
    "instanceSnapshotName",
    "sourceInstanceName",
    "restoreDate",
    "useLatestRestorableAutoSnapshot",
)


def _tail(date: str | None, source_region: str) -> str:
    return f"{f'-{date}' if date else ''}-from-{source_region}"


def _stem(source_name: str, room: int) -> str:
    """``source_name``, or when it does not fit in ``room``, its start and 8 hex digits of its SHA-256."""
    if len(source_name) <= room:
        return source_name
    digest = hashlib.sha256(source_name.encode("utf-8")).hexdigest()[:_HASH]
    return f"{source_name[: room - _HASH - 1]}-{digest}"


def default_copy_name(source_name: str, date: str | None, source_region: str) -> str:
    """The name a cross-Region restore gives its copy when none is given: the same for every rerun.

    ``<source>-from-<sourceRegion>`` for a manual snapshot (``web-1-snap-from-us-east-2``), and
    ``<instance>-<YYYY-MM-DD>-from-<sourceRegion>`` for an automatic one (``web-1-2026-03-09-from-us-east-2``).
    A source name too long for the 255 characters of a name keeps its start and gains 8 hex digits of its SHA-256,
    so two long names never share a copy name.
    """
    tail = _tail(date, source_region)
    return _stem(source_name, _NAME_MAX - len(tail)) + tail


def dated_copy_names(source_name: str, source_region: str) -> re.Pattern[str]:
    """Matches the default names of copies of ``source_name``'s automatic snapshots, capturing the date."""
    stem = _stem(source_name, _NAME_MAX - len(_tail("YYYY-MM-DD", source_region)))
    return re.compile(
        re.escape(stem) + r"-([0-9]{4}-[0-9]{2}-[0-9]{2})" + re.escape(_tail(None, source_region)), re.ASCII
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a snapshot is a copy of the source, and if not, what it is.

    Attributes:
        ours: Whether it is a copy of the source (the restore uses it, never copies again).
        why: What it is instead, in words (when not ours).
        operation: Its CopySnapshot operation (as boto3 lists it), when ours.
    """

    ours: bool
    why: str = ""
    operation: OperationTypeDef | None = None


def _stamp(item: OperationTypeDef) -> float:
    value = item.get("createdAt")
    return value.timestamp() if isinstance(value, datetime) else float(value or 0)


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def judge_copy(
    api: LightsailApi, snapshot: InstanceSnapshotTypeDef, source: ResolvedSource, source_region: str
) -> Verdict:
    """Whether ``snapshot`` (of the target Region) is a copy of ``source`` out of ``source_region``.

    Compares what it holds with the source and when it was made (no call: a copy made before the source was taken
    holds an older snapshot of that name, deleted and taken again since), then reads its operations
    (``GetOperationsForResource``, every page): its newest creating operation must be a CopySnapshot of
    ``"<sourceRegion>:<source name>"``.
    """
    name = str(snapshot.get("name"))
    theirs = {
        "fromInstanceName": source.instance_name,
        "fromBundleId": source.bundle_id,
        "fromBlueprintId": source.blueprint_id,
        "sizeInGb": source.size_in_gb,
    }
    differs = [
        f"{member} {snapshot.get(member)} (the source's is {value})"
        for member, value in theirs.items()
        if value is not None and snapshot.get(member) is not None and snapshot.get(member) != value
    ]
    if differs:
        return Verdict(False, f"it holds another snapshot: {', '.join(differs)}")
    expected = f"{source_region}:{source.name}"
    made, taken = snapshot.get("createdAt"), source.created_at
    if isinstance(made, datetime) and taken is not None and made < taken:
        return Verdict(
            False,
            f"it was made {_when(made)}, before {expected} as it is now was taken ({_when(taken)}): it holds an "
            "older snapshot of that name",
        )
    operations = api.get_operations_for_resource(name)
    creating = [op for op in operations if op.get("operationType") in CREATING_TYPES]
    if not creating:
        return Verdict(
            False,
            "AWS lists no operation that made it (no CopySnapshot of it), so it cannot be told from a snapshot "
            "someone else named so",
        )
    newest = max(creating, key=_stamp)
    if str(newest.get("operationType")) != "CopySnapshot":  # a type the stubs do not list (E6)
        return Verdict(False, f"it was made by {newest.get('operationType')}, not copied from {expected}")
    if newest.get("operationDetails") != expected:
        return Verdict(False, f"it is a copy of {newest.get('operationDetails')}, not of {expected}")
    return Verdict(True, operation=newest)


def find_own_copy(
    api: LightsailApi, name: str, source: ResolvedSource, source_region: str
) -> tuple[InstanceSnapshotTypeDef, Verdict] | None:
    """The snapshot ``name`` and the verdict on it, when it is a copy of ``source`` (``GetInstanceSnapshot`` first).

    Used after a CopySnapshot whose answer was lost: did AWS make the copy?
    """
    try:
        snapshot = api.get_instance_snapshot(name).get("instanceSnapshot")
    except NotFoundException:
        return None
    if not snapshot:
        return None
    verdict = judge_copy(api, snapshot, source, source_region)
    return (snapshot, verdict) if verdict.ours else None


@dataclass(frozen=True)
class CopyPlan(Document):
    """The copy a cross-Region restore restores from, as the plan found it.

    ``to_dict()`` writes it without the request, the error and ``day_proven``, and with ``wouldSend``: the CopySnapshot
    request (boto3's dict) a restore would send, or ``None``.

    Attributes:
        name: The copy's name in the target Region (``None`` only when the source could not be resolved and no
            name was given).
        source_region: The Region the source is in (``sourceRegion``).
        region: The Region the copy is made in and restored from (the client's).
        source: What is copied, in one word (``us-east-2:web-1-snap``, ``us-east-2:web-1@2026-03-09``).
        chosen: Whether the name was chosen for the caller (no ``copy_name`` given).
        request: The CopySnapshot request the copy step sends (``None`` when the source was not found). For the
            latest automatic snapshot it names the date the plan resolved (``restoreDate``), so what is copied is
            what the plan showed.
        state: The state of this restore's copy when it already exists (``pending``, ``available``, ``error``):
            an earlier run made it, and it is used, never copied again; ``None`` when it is still to be made.
        operation_id: The id of the existing copy's CopySnapshot operation, when found.
        error_code: AWS's error code of a copy whose operation failed.
        error_details: AWS's error details of a copy whose operation failed.
        needed: Whether the copy is needed (``False`` when every instance was already created).
        day_proven: Whether a copy found under the name is proven to hold the day asked: ``False`` only for an
            automatic snapshot under a name of the caller's other than the default (AWS shows no day for a copy).
    """

    name: str | None
    source_region: str
    region: str
    source: str | None
    chosen: bool
    request: Annotated[CopySnapshotRequest | None, Field(exclude=True)] = None
    state: str | None = None
    operation_id: str | None = None
    error_code: Annotated[str | None, Field(exclude=True)] = None
    error_details: Annotated[str | None, Field(exclude=True)] = None
    needed: bool = True
    day_proven: Annotated[bool, Field(exclude=True)] = True

    @property
    def exists(self) -> bool:
        """Whether this restore's copy already exists (an earlier run made it)."""
        return self.state is not None

    @property
    def will_copy(self) -> bool:
        """Whether a restore would send CopySnapshot (needed, and not made by an earlier run)."""
        return self.needed and not self.exists and self.request is not None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def would_send(self) -> dict[str, Any] | None:
        """The CopySnapshot request (boto3's dict) a restore would send, or ``None`` when it would not copy."""
        return dict(self.request.to_boto3()) if self.will_copy and self.request is not None else None

    def restore_from(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The boto3 create request ``params`` restoring the copy instead of the request's own source."""
        sent: dict[str, Any] = {}
        for key, value in params.items():
            if key not in _SOURCE_MEMBERS:
                sent[key] = value
            elif self.name is not None and "instanceSnapshotName" not in sent:
                sent["instanceSnapshotName"] = self.name  # where the request named its source
        return sent


@dataclass(frozen=True, slots=True)
class CopyOutcome(Document):
    """What the copy step did.

    Attributes:
        name: The copy's name in the target Region.
        source: What was copied (``us-east-2:web-1-snap``).
        source_region: The Region of the source.
        region: The Region of the copy (the restore's).
        state: The copy's last state seen (``available``, ``pending``, ``error``), ``None`` if never seen.
        operation_id: The id of its CopySnapshot operation, when known.
        resumed: Whether an earlier run made it (this run used it, or waited for it, and did not copy).
        answer_lost: Whether CopySnapshot's answer was lost and a second look found the copy made.
        elapsed: Seconds spent waiting for it to become available (monotonic time).
        retryable_errors: Rounds of that wait that met an error a later round could get past.
        error_code: AWS's error code when its operation failed.
        error_details: AWS's error details when its operation failed.
    """

    name: str
    source: str | None
    source_region: str
    region: str
    state: str | None = None
    operation_id: str | None = None
    resumed: bool = False
    answer_lost: bool = False
    elapsed: Elapsed = 0.0
    retryable_errors: int = 0
    error_code: str | None = None
    error_details: str | None = None


def _name_for_unresolved(request: CreateInstancesFromSnapshotRequest, source_region: str) -> str | None:
    if request.instance_snapshot_name is not None:
        return default_copy_name(request.instance_snapshot_name, None, source_region)
    if request.source_instance_name is not None and request.restore_date is not None:
        return default_copy_name(request.source_instance_name, request.restore_date, source_region)
    return None


def _copy_request(source: ResolvedSource, name: str, source_region: str) -> CopySnapshotRequest:
    if source.kind == "manual":
        return CopySnapshotRequest.from_manual_snapshot(
            source.name, source_region=source_region, target_snapshot_name=name
        )
    return CopySnapshotRequest.from_auto_snapshot(
        source.name, str(source.date), source_region=source_region, target_snapshot_name=name
    )


class _CopyPlanner:
    def __init__(
        self,
        account: Account,
        request: CreateInstancesFromSnapshotRequest,
        source: ResolvedSource,
        source_region: str,
        copy_name: str | None,
    ) -> None:
        self.account, self.request, self.source = account, request, source
        self.source_region, self.copy_name = source_region, copy_name
        self.findings = Findings()
        self.name = copy_name or default_copy_name(source.name, source.date, source_region)
        self.existing: InstanceSnapshotTypeDef | None = None
        self.operation: OperationTypeDef | None = None

    def add(self, rule: str, path: str, severity: Any, message: str, *, params: tuple[str, ...] = ()) -> None:
        self.findings.add(rule, path, severity, message, params=params)

    def name_in_use(self, message: str) -> None:
        """The copy's name is taken: an error on ``targetSnapshotName``, which another ``copy_name`` fixes."""
        self.add("copy_name_in_use", "targetSnapshotName", "error", message, params=("copy_name",))

    def run(self) -> tuple[CopyPlan, ResolvedSource]:
        snapshots = self.account.instance_snapshots()
        what = f"{self.source_region}:{self.source.name}"
        if self.name in snapshots:
            verdict = judge_copy(self.account.api, snapshots[self.name], self.source, self.source_region)
            if verdict.ours:
                self.existing, self.operation = snapshots[self.name], verdict.operation
            else:
                self.name_in_use(
                    f"{self.name} exists in {self.account.region} and is not this restore's copy of {what}: "
                    f"{verdict.why}; give another copy name (copy_name)"
                )
        elif self.copy_name is None and self.request.use_latest_restorable_auto_snapshot:
            self.older_copy(snapshots)
        if self.existing is None:
            self.check_name_free()
        self.check_instance_names()
        same = _copy_request(self.source, self.name, self.source_region).same_region_warning(self.account.region)
        if same is not None:
            self.add("copy_same_region", "sourceRegion", "warning", f"{same}; a restore within it needs no copy")
        return self.plan(), self.source

    def older_copy(self, snapshots: Mapping[str, InstanceSnapshotTypeDef]) -> None:
        """With the latest automatic snapshot and the default name: an earlier run's copy of an earlier day."""
        pattern = dated_copy_names(self.source.name, self.source_region)
        dated = sorted(
            ((match.group(1), name) for name in snapshots if (match := pattern.fullmatch(name))), reverse=True
        )
        for date, name in dated:
            snapshot = snapshots[name]
            if date == self.source.date or snapshot.get("state") == "error":
                continue
            verdict = judge_copy(self.account.api, snapshot, self.source, self.source_region)
            if not verdict.ours:
                continue
            self.add(
                "copy_other_date",
                "useLatestRestorableAutoSnapshot",
                "warning",
                f"an earlier run of this restore copied the automatic snapshot of {self.source.name} from {date} "
                f"({name}); it goes on from that copy, although the latest is now {self.source.date}: give "
                f"restoreDate {self.source.date} to restore the newer one (a new copy)",
            )
            disks = tuple(
                SourceDisk(path=str(d.get("path")), size_in_gb=d.get("sizeInGb"), name=d.get("name"))
                for d in snapshot.get("fromAttachedDisks") or []
            )
            self.source = dataclasses.replace(self.source, date=date, created_at=None, disks=disks)
            self.name, self.existing, self.operation = name, snapshot, verdict.operation
            return

    def check_name_free(self) -> None:
        account = self.account
        owner = account.name_owners().get(self.name) or ("an instance" if self.name in account.instances() else None)
        if owner is not None:
            self.name_in_use(
                f"{self.name} is already used by {owner} in {account.region}; Lightsail names share one namespace "
                "per Region: give another copy name (copy_name)"
            )

    def check_instance_names(self) -> None:
        request = self.request
        new_disks = {d.new_disk_name for maps in (request.attached_disk_mapping or {}).values() for d in maps}
        if self.name in request.instance_names or self.name in new_disks:
            self.name_in_use(
                f"{self.name} is the copy's name and also a name this request creates; Lightsail names share one "
                "namespace per Region: give another copy name (copy_name) or another instance name"
            )

    def plan(self) -> CopyPlan:
        state = error_code = error_details = operation_id = None
        if self.existing is not None:
            state = str(self.existing.get("state") or "pending")
            op = self.operation or {}
            operation_id = op.get("id")
            error_code, error_details = op.get("errorCode"), op.get("errorDetails")
            self.judge_existing(state, error_code, error_details)
        return CopyPlan(
            name=self.name,
            source_region=self.source_region,
            region=self.account.region,
            source=self.source.label,
            chosen=self.copy_name is None,
            request=_copy_request(self.source, self.name, self.source_region),
            state=state,
            operation_id=operation_id,
            error_code=error_code,
            error_details=error_details,
            day_proven=self.day_proven,
        )

    @property
    def day_proven(self) -> bool:
        """Whether a copy found under the name is proven to be of the source's day (see the module's docstring)."""
        default = default_copy_name(self.source.name, self.source.date, self.source_region)
        return self.source.kind != "auto" or self.name == default

    def judge_existing(self, state: str, error_code: str | None, error_details: str | None) -> None:
        what = f"this restore's copy of {self.source.label}"
        if state == "error":
            why = f" ({error_code}: {error_details})" if error_code or error_details else ""
            self.add(
                "copy_failed",
                "targetSnapshotName",
                "error",
                f"{self.name}, {what}, failed{why} and is in state error; delete it (DeleteInstanceSnapshot) and "
                "run the same restore again, or give another copy name (copy_name)",
                params=("copy_name",),
            )
            return
        if not self.day_proven:
            default = default_copy_name(self.source.name, self.source.date, self.source_region)
            self.add(
                "copy_date_unproven",
                "targetSnapshotName",
                "error",
                f"{self.name} is a copy of {self.source.name} out of {self.source_region}, but AWS does not show "
                f"which day's automatic snapshot it holds (a copy's operation names the instance only), so it cannot "
                f"be shown to be {self.source.date}'s, as this request asks, and it is not restored: leave out the "
                f"copy name (the default name, {default}, "
                f"carries the day), or delete {self.name} (DeleteInstanceSnapshot) and run the same restore again",
            )
            return
        then = "it is restored from" if state == "available" else "it is waited for until available"
        self.add(
            "copy_exists",
            "targetSnapshotName",
            "info",
            f"{self.name}, {what}, already exists ({state}): {then}, not copied again",
        )


def plan_copy(
    account: Account,
    request: CreateInstancesFromSnapshotRequest,
    source: ResolvedSource | None,
    *,
    source_region: str,
    copy_name: str | None,
) -> tuple[CopyPlan, ResolvedSource | None, tuple[Finding, ...]]:
    """Decide the copy of ``source`` in ``account``'s Region: its name, and what already exists under it.

    Args:
        account: The target Region's look-ups (shared with the rest of the plan).
        request: The validated request (naming the source as it is in ``source_region``).
        source: The source as resolved in ``source_region``, or ``None`` when it was not found.
        source_region: The Region of the source.
        copy_name: The copy's name, or ``None`` to choose it (``default_copy_name``).

    Returns:
        The copy plan; the source the restore restores (the same, or, with the latest automatic snapshot, the day
        of an earlier run's copy it goes on from); and the findings about the copy (the caller keeps them only when
        something is still to be created).
    """
    if source is None:
        name = copy_name or _name_for_unresolved(request, source_region)
        plan = CopyPlan(name, source_region, account.region, None, chosen=copy_name is None)
        return plan, None, ()
    planner = _CopyPlanner(account, request, source, source_region, copy_name)
    copy, used = planner.run()
    return copy, used, tuple(planner.findings)
