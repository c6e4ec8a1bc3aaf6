"""Restore points: every manual and automatic snapshot an instance can be restored from, newest first.

A manual point is an instance snapshot whose ``fromInstanceName`` is the instance (GetInstanceSnapshots; it
outlives the instance, E63); an automatic point is one day of GetAutoSnapshots (E9), only while the instance
exists (E63). Lightsail keeps the seven most recent automatic snapshots, one a day at the add-on's
``snapshotTimeOfDay`` (E27, E70): so the point ``i`` places from the newest rolls off when the ``7 - i``-th
snapshot from now is taken (``rolls_off_at``, an estimate: AWS does not say it, E70). A failed automatic snapshot
is listed, as ``failed``, and never offered. Read-only: nothing here writes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final, Literal

from pydantic import PlainSerializer, computed_field

from ..errors import NotFoundException
from ._account import Account
from ._document import Moment, OrderedDocument
from ._source import SourceDisk

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AutoSnapshotDetailsTypeDef, InstanceSnapshotTypeDef, InstanceTypeDef

__all__ = ["AUTO_KEPT", "PointKind", "RestorePoint", "list_restore_points", "roll_off_times"]

AUTO_KEPT: Final = 7
"""How many automatic snapshots of an instance Lightsail keeps: the seven most recent (E27)."""
_DUE: Final = timedelta(hours=1)
_KEPT_NAME = re.compile(r".*-([0-9]{4}-[0-9]{2}-[0-9]{2})-kept", re.ASCII)
"""A kept automatic snapshot's default name (``keep.default_keep_name``): the day it holds."""
_AUTO_STATES: Final = {"Success": "available", "Failed": "failed", "InProgress": "pending", "NotFound": "not_found"}
"""GetAutoSnapshots ``status`` (AutoSnapshotStatus) -> the point's state, in a manual snapshot's words."""

PointKind = Literal["manual", "auto"]


@dataclass(frozen=True, slots=True)
class RestorePoint(OrderedDocument):
    """One point an instance can be restored from.

    ``to_dict()`` writes AWS's member names where AWS has one, the times in ISO 8601 UTC, the age in whole seconds.

    Attributes:
        kind: ``manual`` (an instance snapshot) or ``auto`` (an automatic snapshot, by its date).
        instance_name: The instance it was taken from.
        name: The manual snapshot's name (``None`` for an automatic one).
        date: The automatic snapshot's date, ``YYYY-MM-DD`` (``None`` for a manual one).
        created_at: When it was taken (UTC), when AWS says.
        age_seconds: How long ago it was taken, at the time the points were listed.
        state: ``available`` (restorable), ``pending``, ``error``, or ``failed`` (an automatic one that failed).
        size_in_gb: The system disk's size: the snapshot's ``sizeInGb``, or the instance's for an automatic one.
        bundle_id: The bundle it came from (the smallest a restore may choose).
        disks: The attached disks taken with it.
        rolls_off_at: For an automatic point, when it is estimated to roll off (the seventh snapshot after it is
            taken); ``None`` for a manual point, or when the instance takes no more automatic snapshots.
        region: The Region it is in.
        from_auto_snapshot: For a manual point, whether it was copied from an automatic snapshot (kept).
        taken_at: When what it holds was taken, which ``latest`` and ``before:`` go by: ``created_at``, except for
            a kept automatic snapshot (made when it was copied): the automatic one's time while it is listed, else
            the end of the day its default name carries; ``None`` when that cannot be told (chosen only by name).
    """

    MEMBERS: ClassVar[tuple[str, ...]] = (
        "kind",
        "instanceName",
        "name",
        "date",
        "createdAt",
        "ageSeconds",
        "state",
        "restorable",
    )
    """The document's first members (``restorable`` after ``state``), the others after them in their order."""

    kind: PointKind
    instance_name: str
    name: str | None
    date: str | None
    created_at: Moment
    age_seconds: Annotated[float | None, PlainSerializer(lambda age: None if age is None else round(age))]
    state: str
    size_in_gb: int | None
    bundle_id: str | None
    disks: tuple[SourceDisk, ...] = ()
    rolls_off_at: Moment = None
    region: str = ""
    from_auto_snapshot: bool = False
    taken_at: Moment = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def restorable(self) -> bool:
        """Whether a restore may use it (``available``): a failed or pending point is never offered."""
        return self.state == "available"

    @property
    def word(self) -> str:
        """What ``restore_point`` takes to choose it: the manual snapshot's name, or the automatic one's date."""
        return str(self.name if self.kind == "manual" else self.date)

    def left_seconds(self, now: datetime) -> float | None:
        """Seconds from ``now`` until it rolls off (never negative), ``None`` when it does not roll off."""
        if self.rolls_off_at is None:
            return None
        return max(0.0, (self.rolls_off_at - now).total_seconds())

    def fields(self) -> dict[str, str]:
        """The members of CreateInstancesFromSnapshot that restore this point (boto3 names).

        ``{"instanceSnapshotName": name}`` for a manual point, ``{"sourceInstanceName": instance, "restoreDate":
        date}`` for an automatic one.
        """
        if self.kind == "manual":
            return {"instanceSnapshotName": str(self.name)}
        return {"sourceInstanceName": self.instance_name, "restoreDate": str(self.date)}

    def describe(self) -> str:
        """``manual snapshot web-1-snap`` or ``automatic snapshot of web-1 from 2026-03-09``."""
        if self.kind == "manual":
            return f"manual snapshot {self.name}"
        return f"automatic snapshot of {self.instance_name} from {self.date}"


def _utc(value: object) -> datetime | None:
    return value.astimezone(UTC) if isinstance(value, datetime) else None


def _age(created: datetime | None, now: datetime) -> float | None:
    return None if created is None else max(0.0, (now - created).total_seconds())


def _disks(raw: Sequence[Mapping[str, Any]] | None) -> tuple[SourceDisk, ...]:
    return tuple(SourceDisk(str(d.get("path")), d.get("sizeInGb"), d.get("name")) for d in raw or [])


def _time_of_day(instance: InstanceTypeDef) -> time | None:
    """The enabled AutoSnapshot add-on's ``snapshotTimeOfDay`` (``HH:MM``, UTC, API-AddOn), else ``None``."""
    for add_on in instance.get("addOns") or []:
        if add_on.get("name") == "AutoSnapshot" and add_on.get("status") == "Enabled":
            text = str(add_on.get("snapshotTimeOfDay") or "")
            try:
                return time(int(text[:2]), int(text[3:5] or 0), tzinfo=UTC)
            except ValueError:
                return None
    return None


def roll_off_times(dates: Sequence[str], at: time | None, now: datetime) -> list[datetime | None]:
    """When each automatic snapshot (by date, newest first) rolls off, with one taken a day at ``at`` (UTC).

    The next one is taken at ``at`` today, or tomorrow when today's exists or the time has passed and today's
    was taken; each new one pushes the oldest of seven out (E70). ``None`` for each when ``at`` is ``None`` (the
    add-on is off: no new snapshot pushes any out).
    """
    if at is None:
        return [None] * len(dates)
    today = now.astimezone(UTC).date()
    next_at = datetime.combine(today, at)
    if next_at <= now:  # today's is due within the hour (AWS takes it after the hour, E9), else tomorrow's is next
        due = today.isoformat() not in dates and now - next_at < _DUE
        next_at = now if due else next_at + timedelta(days=1)
    return [next_at + timedelta(days=AUTO_KEPT - 1 - index) for index in range(len(dates))]


def _manual_point(snapshot: InstanceSnapshotTypeDef, region: str, now: datetime) -> RestorePoint:
    created = _utc(snapshot.get("createdAt"))
    return RestorePoint(
        kind="manual",
        instance_name=str(snapshot.get("fromInstanceName") or ""),
        name=str(snapshot.get("name")),
        date=None,
        created_at=created,
        age_seconds=_age(created, now),
        state=str(snapshot.get("state") or "pending"),
        size_in_gb=snapshot.get("sizeInGb"),
        bundle_id=snapshot.get("fromBundleId"),
        disks=_disks(snapshot.get("fromAttachedDisks")),
        region=region,
        from_auto_snapshot=bool(snapshot.get("isFromAutoSnapshot")),
        taken_at=None if snapshot.get("isFromAutoSnapshot") else created,
    )


def _auto_points(
    instance: InstanceTypeDef, days: Sequence[AutoSnapshotDetailsTypeDef], region: str, now: datetime
) -> list[RestorePoint]:
    ordered = sorted(days, key=lambda d: str(d.get("date")), reverse=True)  # E9 says newest first: not trusted
    dates = [str(d.get("date")) for d in ordered]
    system = next((d for d in (instance.get("hardware") or {}).get("disks") or [] if d.get("isSystemDisk")), None)
    points = []
    for day, rolls_off in zip(ordered, roll_off_times(dates, _time_of_day(instance), now), strict=True):
        created = _utc(day.get("createdAt"))
        status = str(day.get("status"))
        points.append(
            RestorePoint(
                kind="auto",
                instance_name=str(instance.get("name")),
                name=None,
                date=str(day.get("date")),
                created_at=created,
                age_seconds=_age(created, now),
                state=_AUTO_STATES.get(status, status.lower()),
                size_in_gb=system.get("sizeInGb") if system else None,
                bundle_id=instance.get("bundleId"),
                disks=_disks(day.get("fromAttachedDisks")),
                rolls_off_at=rolls_off,
                region=region,
                taken_at=created,
            )
        )
    return points


def _newest_first(point: RestorePoint) -> tuple[float, float, str]:
    taken, created = (p.timestamp() if p is not None else float("-inf") for p in (point.taken_at, point.created_at))
    return (taken, created, point.word)


def _kept_day(point: RestorePoint, autos: Mapping[tuple[str, str], RestorePoint]) -> RestorePoint:
    """A kept automatic snapshot, with when what it holds was taken (see ``RestorePoint.taken_at``)."""
    day = _KEPT_NAME.fullmatch(point.word)
    if not point.from_auto_snapshot or day is None:
        return point
    auto = autos.get((point.instance_name, day.group(1)))
    end = datetime.fromisoformat(day.group(1)).replace(tzinfo=UTC) + timedelta(days=1, seconds=-1)
    return dataclasses.replace(point, taken_at=auto.created_at if auto is not None else end)


def list_restore_points(account: Account, instance_name: str | None, now: datetime) -> tuple[RestorePoint, ...]:
    """Every restore point of ``instance_name`` (or of every instance of the Region when ``None``), newest first.

    Reads GetInstanceSnapshots once, the instance (GetInstance, or GetInstances for the whole Region) and one
    GetAutoSnapshots per instance that is not Windows (X9: Windows instances have none). An instance that no
    longer exists has only its manual points (its automatic ones went with it, E63).

    Args:
        account: The Region's look-ups (counted).
        instance_name: The instance, or ``None`` for every instance of the Region.
        now: The time ages and roll-offs are counted from.
    """
    snapshots = list(account.instance_snapshots().values())
    if instance_name is not None:
        try:
            found = account.api.get_instance(instance_name).get("instance")
        except NotFoundException:
            found = None
        instances = [found] if found else []
        snapshots = [s for s in snapshots if s.get("fromInstanceName") == instance_name]
    else:
        instances = list(account.instances().values())
    points = [_manual_point(s, account.region, now) for s in snapshots]
    for instance in instances:
        blueprint = account.blueprint(instance.get("blueprintId"))
        if blueprint is not None and blueprint.get("platform") == "WINDOWS":
            continue
        days = account.api.get_auto_snapshots(str(instance.get("name"))).get("autoSnapshots") or []
        points += _auto_points(instance, days, account.region, now)
    autos = {(p.instance_name, str(p.date)): p for p in points if p.kind == "auto"}
    return tuple(sorted((_kept_day(p, autos) for p in points), key=_newest_first, reverse=True))
