"""Automatic snapshots as the service keeps them, taken as the backend's clock runs (nothing runs in the background).

Before each request, every instance whose AutoSnapshot add-on is enabled gets one automatic snapshot a day at its
``snapshotTimeOfDay`` (UTC, C-2.6), for each such time after its last one (or after it was created, or after the
demo was seeded) up to now; the seven most recent are kept and older ones roll off (developer guide, UG-auto,
E27); an instance's automatic snapshots go when the instance does (C-2.5). A ``fail_auto_snapshot`` preset
makes the next one of an instance ``Failed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

__all__ = ["KEPT", "auto_snapshot", "auto_snapshot_times", "take_auto_snapshots"]

KEPT: Final = 7
"""How many automatic snapshots of a resource are kept: the seven most recent (UG-auto)."""


def _exists(resource: Mapping[str, Any], now: float) -> bool:
    fails_at = resource.get("_failsAt")
    return fails_at is None or now < float(fails_at)


def _time_of_day(instance: Mapping[str, Any]) -> time | None:
    for add_on in instance.get("addOns", []):
        if add_on.get("name") == "AutoSnapshot" and add_on.get("status") == "Enabled":
            hour = str(add_on.get("snapshotTimeOfDay", "06:00"))
            return time(int(hour[:2]), int(hour[3:5]) if len(hour) >= 5 else 0)
    return None


def auto_snapshot_times(at: time, after: float, until: float) -> list[datetime]:
    """The instants at ``at`` (UTC) each day in ``(after, until]``: the seven most recent at most, oldest first."""
    if until <= after:
        return []
    last = datetime.fromtimestamp(until, UTC)
    day: date = last.date()
    found: list[datetime] = []
    while len(found) < KEPT:
        instant = datetime.combine(day, at, UTC)
        if instant.timestamp() <= after:
            break
        if instant.timestamp() <= until:
            found.append(instant)
        day -= timedelta(days=1)
    return found[::-1]


def auto_snapshot(instant: datetime, disks: list[dict[str, Any]], *, failed: bool = False) -> dict[str, Any]:
    """One automatic snapshot as GetAutoSnapshots lists it (E9): its date, when, its status and attached disks."""
    return {
        "date": instant.date().isoformat(),
        "createdAt": instant.timestamp(),  # in whole seconds (E9); at the hour asked for, a simplification
        "status": "Failed" if failed else "Success",
        "fromAttachedDisks": disks,
    }


def _attached(region: Mapping[str, Any], name: str, now: float) -> list[dict[str, Any]]:
    disks = [d for d in region["disks"].values() if d.get("attachedTo") == name and _exists(d, now)]
    disks.sort(key=lambda d: float(d["createdAt"]))
    return [{"path": d["path"], "sizeInGb": d["sizeInGb"]} for d in disks if "path" in d]


def _take(state: dict[str, Any], region: dict[str, Any], now: float) -> bool:
    changed = False
    failing: list[str] = state.setdefault("failAutoSnapshots", [])
    for name, instance in region["instances"].items():
        at = _time_of_day(instance)
        if at is None or not _exists(instance, now):
            continue
        days: list[dict[str, Any]] = region["autoSnapshots"].setdefault(name, [])
        after = max(
            float(instance["createdAt"]),
            float(instance.get("_autoSnapshotsFrom", 0)),
            max((float(s["createdAt"]) for s in days), default=0.0),
        )
        for instant in auto_snapshot_times(at, after, now):
            failed = name in failing
            if failed:
                failing.remove(name)
            days.append(auto_snapshot(instant, _attached(region, name, now), failed=failed))
            changed = True
        if len(days) > KEPT:
            days.sort(key=lambda s: float(s["createdAt"]))
            del days[: len(days) - KEPT]
            changed = True
    return changed


def _prune(region: dict[str, Any], now: float) -> bool:
    """Drop the automatic snapshots of instances and disks that are gone (deleted, or whose creation failed).

    Pruned before every request, so a name freed and taken again starts without its predecessor's.
    """
    gone = [
        name
        for name in region["autoSnapshots"]
        if not any(name in region[kind] and _exists(region[kind][name], now) for kind in ("instances", "disks"))
    ]
    for name in gone:
        del region["autoSnapshots"][name]
    return bool(gone)


def take_auto_snapshots(state: dict[str, Any], now: datetime) -> bool:
    """Bring every Region's automatic snapshots up to ``now``; whether anything changed (a file-backed state saves)."""
    seconds = now.timestamp()
    changed = False
    for region in state["regions"].values():
        changed = _prune(region, seconds) | changed
        changed = _take(state, region, seconds) | changed
    return changed
