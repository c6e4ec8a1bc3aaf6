"""The demo account (Region us-east-2), dated from the clock's time when it is seeded. See ``docs/local.md``."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, Final

from ._catalogue import blueprint, bundle
from ._state import new_disk, new_instance, new_key_pair, new_snapshot

__all__ = ["DEMO_REGION", "seed_demo"]

DEMO_REGION: Final = "us-east-2"
_ZONE: Final = "us-east-2a"
_DAY: Final = 86400.0


def _catalogue(kind: str, found: dict[str, Any] | None) -> dict[str, Any]:
    if found is None:  # pragma: no cover - the catalogue is static
        raise LookupError(f"{kind} missing from the catalogue")
    return found


def seed_demo(state: dict[str, Any], now: datetime) -> None:
    """Add the demo account to ``state``.

    ``web-1`` (running, micro_3_0, ubuntu_22_04, us-east-2a, automatic snapshots at 06:00) with the disk
    ``web-1-data`` attached at /dev/xvdf; automatic snapshots of web-1 for each of the 7 days before today (the
    one 4 days ago ``Failed``); manual snapshots ``web-1-snap`` (available), ``web-1-snap-pending`` (pending)
    and ``win-snap`` (Windows, micro_win_3_0); the key pair ``deploy-key``.
    """
    region = state["regions"][DEMO_REGION]
    t = now.timestamp()
    created = t - 30 * _DAY
    micro = _catalogue("micro_3_0", bundle("micro_3_0"))
    ubuntu = _catalogue("ubuntu_22_04", blueprint("ubuntu_22_04"))

    web1 = new_instance(DEMO_REGION, _ZONE, "web-1", micro, ubuntu, created)
    web1.update(
        addOns=[{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "06:00"}],
        sshKeyName="deploy-key",
        tags=[{"key": "env", "value": "prod"}],
        _bootAt=created - 3600,
    )
    data = new_disk(
        DEMO_REGION,
        _ZONE,
        "web-1-data",
        "/dev/xvdf",
        32,
        created,
        state="in-use",
        isAttached=True,
        attachedTo="web-1",
        attachmentState="attached",
    )
    web1["hardware"]["disks"].append(dict(data))
    region["instances"]["web-1"] = web1
    region["disks"]["web-1-data"] = data
    region["keyPairs"]["deploy-key"] = new_key_pair(DEMO_REGION, _ZONE, "deploy-key", created)

    as_snapshotted = {k: v for k, v in data.items() if k not in ("attachedTo", "attachmentState")}
    as_snapshotted.update(state="available", isAttached=False)
    snapshots = region["instanceSnapshots"]
    snapshots["web-1-snap"] = new_snapshot(DEMO_REGION, "web-1-snap", web1, t - 2 * _DAY, [as_snapshotted])
    pending = new_snapshot(DEMO_REGION, "web-1-snap-pending", web1, t - 600, [as_snapshotted])
    snapshots["web-1-snap-pending"] = {**pending, "state": "pending"}
    # win-snap's source instance (win-1) was deleted since: only the snapshot is in the account.
    win1 = new_instance(
        DEMO_REGION,
        _ZONE,
        "win-1",
        _catalogue("micro_win_3_0", bundle("micro_win_3_0")),
        _catalogue("windows_server_2022", blueprint("windows_server_2022")),
        created,
    )
    snapshots["win-snap"] = new_snapshot(DEMO_REGION, "win-snap", win1, t - _DAY, [], size=60)

    today = now.astimezone(UTC).date()
    region["autoSnapshots"]["web-1"] = [
        {
            "date": day.isoformat(),
            "createdAt": datetime.combine(day, time(6), UTC).timestamp(),
            "status": "Failed" if back == 4 else "Success",
            "fromAttachedDisks": [{"path": "/dev/xvdf", "sizeInGb": 32}],
        }
        for back in range(7, 0, -1)
        for day in [today - timedelta(days=back)]
    ]
