"""Which snapshot a request restores, as found in the account: a manual one, or an instance's automatic one.

For an automatic snapshot: its date, and the instance's size, bundle, platform and the snapshot's disks.

``resolve_source`` reads only what it needs (GetInstanceSnapshot, or GetInstance and GetAutoSnapshots, and the
blueprints for the platform) and reports what is missing as findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .._api import Item
from ..errors import NotFoundException
from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._document import Document, Moment
from ._findings import Findings, near

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AutoSnapshotDetailsTypeDef, InstanceTypeDef

__all__ = [
    "ResolvedSource",
    "SourceDisk",
    "auto_label",
    "auto_prefix",
    "manual_label",
    "resolve_source",
    "snapshot_source",
]

_TAG_VALUE_MAX = 256
_DATE_PART = len("@YYYY-MM-DD")


def _region_head(region: str | None) -> str:
    return f"{region}:" if region else ""


def auto_prefix(instance_name: str, region: str | None = None) -> str:
    """The start of an automatic snapshot's label: ``<instance>@``, the name cut so a whole label fits a tag value.

    Instance names may have 255 characters, a tag value 256: the name keeps its first 245. A source in another
    Region (a cross-Region restore) starts with its Region: ``us-east-2:<instance>@``, the name cut shorter.
    """
    head = _region_head(region)
    return f"{head}{instance_name[: _TAG_VALUE_MAX - _DATE_PART - len(head)]}@"


def auto_label(instance_name: str, date: str | None, region: str | None = None) -> str:
    """An automatic snapshot in one word: ``<instance>@<YYYY-MM-DD>`` (at most 256 characters).

    With ``region`` (a source in another Region): ``us-east-2:<instance>@<YYYY-MM-DD>``.
    """
    return f"{auto_prefix(instance_name, region)}{date}"


def manual_label(snapshot_name: str, region: str | None = None) -> str:
    """A manual snapshot in one word: its name, or ``us-east-2:<name>`` with ``region`` (cut to 256 characters)."""
    head = _region_head(region)
    return f"{head}{snapshot_name[: _TAG_VALUE_MAX - len(head)]}"


@dataclass(frozen=True, slots=True)
class SourceDisk(Document):
    """A disk attached to the source when it was snapshotted.

    ``to_dict()``: ``path``, ``sizeInGb``, ``name``.

    Attributes:
        path: Its path on the source, e.g. ``/dev/xvdf`` (the key of ``attachedDiskMapping`` entries).
        size_in_gb: Its size, when known.
        name: Its name, when the snapshot says (manual snapshots do; automatic ones do not).
    """

    path: str
    size_in_gb: int | None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedSource(Document):
    """The snapshot a request would restore, as found in the account.

    ``to_dict()``: its members to ``region`` (AWS's names where AWS has one), the time in ISO 8601 UTC; the instance
    it was taken from is not in it.

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
        region: The Region the source is in, when it is not the restore's own (a cross-Region restore copies it).
        instance_name: The instance the snapshot was taken from (a manual snapshot's ``fromInstanceName``; the
            source instance of an automatic one), when known.
        instance_arn: That instance's ARN (``fromInstanceArn``, or the source instance's ``arn``), when known.
    """

    kind: Literal["manual", "auto"]
    name: str
    date: str | None = None
    created_at: Moment = None
    size_in_gb: int | None = None
    bundle_id: str | None = None
    blueprint_id: str | None = None
    platform: str | None = None
    disks: tuple[SourceDisk, ...] = ()
    region: str | None = None
    instance_name: Annotated[str | None, Field(exclude=True)] = None
    instance_arn: Annotated[str | None, Field(exclude=True)] = None

    def describe(self) -> str:
        """A short human description, e.g. ``manual snapshot web-1-snap`` (``... in us-east-2`` from another Region)."""
        where = f" in {self.region}" if self.region else ""
        if self.kind == "manual":
            return f"manual snapshot {self.name}{where}"
        return f"automatic snapshot of {self.name}{where} from {self.date or 'an unknown date'}"

    def instance_in(self, instances: Mapping[str, InstanceTypeDef]) -> InstanceTypeDef | None:
        """The instance the snapshot was taken from among ``instances``, when it still exists.

        The same name, and the same ARN when both are known (another instance under the same name, deleted and
        created again, is not it).
        """
        instance = instances.get(self.instance_name) if self.instance_name is not None else None
        if instance is None:
            return None
        arn = instance.get("arn")
        return None if self.instance_arn and arn and arn != self.instance_arn else instance

    @property
    def label(self) -> str:
        """The source in one word: the snapshot's name, or ``<instance>@<YYYY-MM-DD>`` for an automatic one.

        A source in another Region starts with it: ``us-east-2:web-1-snap``, ``us-east-2:web-1@2026-03-09``.
        """
        if self.kind == "manual":
            return manual_label(self.name, self.region)
        return auto_label(self.name, self.date, self.region)


def _utc(value: Any) -> datetime | None:
    return value.astimezone(UTC) if isinstance(value, datetime) else None


def resolve_source(
    account: Account, request: CreateInstancesFromSnapshotRequest, findings: Findings
) -> ResolvedSource | None:
    """The snapshot ``request`` restores, or ``None`` (with an error finding) when it cannot be found.

    Args:
        account: The account's look-ups (the calls are counted there).
        request: The validated request.
        findings: Where problems go (a missing or unusable snapshot).
    """
    if request.instance_snapshot_name is not None:
        return _manual(account, request.instance_snapshot_name, findings)
    if request.source_instance_name is not None:
        return _automatic(account, request, request.source_instance_name, findings)
    return None  # pragma: no cover - the request model requires one source


def _manual(account: Account, name: str, findings: Findings) -> ResolvedSource | None:
    try:
        snapshot = account.api.get_instance_snapshot(name).get("instanceSnapshot")
    except NotFoundException:
        snapshot = None
    if not snapshot:
        findings.add(
            "snapshot_exists",
            "instanceSnapshotName",
            "error",
            f"no instance snapshot named {name} in {account.region}{near(name, account.instance_snapshots())}; "
            "to restore one of another Region, give its Region (source_region)",
            params=("source_region",),
        )
        return None
    state = snapshot.get("state")
    if state == "pending":
        findings.add(
            "snapshot_available",
            "instanceSnapshotName",
            "error",
            f"snapshot {name} is still being created (state pending); wait until it is available",
        )
    elif state != "available":
        findings.add(
            "snapshot_available",
            "instanceSnapshotName",
            "error",
            f"snapshot {name} is in state {state!r}, not available; restore another snapshot",
        )
    return snapshot_source(account, snapshot, "manual", name, created_at=_utc(snapshot.get("createdAt")))


def snapshot_source(
    account: Account,
    snapshot: Item,
    kind: Literal["manual", "auto"],
    name: str,
    *,
    date: str | None = None,
    region: str | None = None,
    created_at: datetime | None = None,
) -> ResolvedSource:
    """The source as an instance snapshot shows it: its ``from*`` members, size and disks, the blueprint's platform.

    A manual snapshot stands for itself; a cross-Region restore's copy stands for its source (``restore.stand_in``).
    """
    blueprint_id = snapshot.get("fromBlueprintId")
    blueprint = account.blueprint(blueprint_id)
    return ResolvedSource(
        kind=kind,
        name=name,
        date=date,
        created_at=created_at,
        size_in_gb=snapshot.get("sizeInGb"),
        bundle_id=snapshot.get("fromBundleId"),
        blueprint_id=blueprint_id,
        platform=blueprint.get("platform") if blueprint else None,
        disks=tuple(
            SourceDisk(path=str(d.get("path")), size_in_gb=d.get("sizeInGb"), name=d.get("name"))
            for d in snapshot.get("fromAttachedDisks") or []
        ),
        region=region,
        instance_name=snapshot.get("fromInstanceName"),
        instance_arn=snapshot.get("fromInstanceArn"),
    )


def _automatic(
    account: Account, request: CreateInstancesFromSnapshotRequest, name: str, findings: Findings
) -> ResolvedSource | None:
    try:
        instance = account.api.get_instance(name).get("instance") or {}
    except NotFoundException:
        findings.add(
            "source_instance_exists",
            "sourceInstanceName",
            "error",
            f"no instance named {name} in {account.region}{near(name, account.instances())}; automatic snapshots "
            "are deleted with their instance: restore a manual snapshot instead",
        )
        return None
    blueprint_id = instance.get("blueprintId")
    blueprint = account.blueprint(blueprint_id)
    platform = blueprint.get("platform") if blueprint else None
    if platform == "WINDOWS":
        findings.add(
            "auto_snapshot_platform",
            "sourceInstanceName",
            "error",
            f"{name} is a Windows instance, and Windows instances have no automatic snapshots; "
            "restore a manual snapshot instead",
        )
        return None
    snapshots = account.api.get_auto_snapshots(name).get("autoSnapshots") or []
    chosen = _pick(request, name, snapshots, findings)
    system = next((d for d in (instance.get("hardware") or {}).get("disks") or [] if d.get("isSystemDisk")), None)
    return ResolvedSource(
        kind="auto",
        name=name,
        date=str(chosen.get("date")) if chosen else request.restore_date,
        created_at=_utc(chosen.get("createdAt")) if chosen else None,
        size_in_gb=system.get("sizeInGb") if system else None,
        bundle_id=instance.get("bundleId"),
        blueprint_id=blueprint_id,
        platform=platform,
        disks=tuple(
            SourceDisk(path=str(d.get("path")), size_in_gb=d.get("sizeInGb"))
            for d in (chosen.get("fromAttachedDisks") or [] if chosen else [])
        ),
        instance_name=name,
        instance_arn=instance.get("arn"),
    )


def _pick(
    request: CreateInstancesFromSnapshotRequest,
    name: str,
    snapshots: Sequence[AutoSnapshotDetailsTypeDef],
    findings: Findings,
) -> AutoSnapshotDetailsTypeDef | None:
    """The automatic snapshot to restore: of the requested date, or the newest successful one (order not trusted)."""
    good = sorted((s for s in snapshots if s.get("status") == "Success"), key=lambda s: str(s.get("date")))
    dates = ", ".join(str(s.get("date")) for s in good) or "none"
    if request.use_latest_restorable_auto_snapshot:
        if not good:
            findings.add(
                "auto_snapshot_exists",
                "useLatestRestorableAutoSnapshot",
                "error",
                f"{name} has no successful automatic snapshot; enable the AutoSnapshot add-on and wait a day",
            )
            return None
        return good[-1]
    wanted = request.restore_date
    match = next((s for s in snapshots if s.get("date") == wanted), None)
    if match is None:
        findings.add(
            "auto_snapshot_exists",
            "restoreDate",
            "error",
            f"{name} has no automatic snapshot from {wanted}; restorable dates: {dates}",
        )
        return None
    if match.get("status") != "Success":
        findings.add(
            "auto_snapshot_succeeded",
            "restoreDate",
            "error",
            f"the automatic snapshot of {name} from {wanted} has status {match.get('status')!r}, not Success; "
            f"restorable dates: {dates}",
        )
    return match
