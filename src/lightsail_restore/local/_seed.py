"""The demo account (Region us-east-2), dated from the clock's time when it is seeded. See ``docs/local.md``.

It has what real servers have and a restore loses (E3, E27): custom firewall rules and a static IP on ``web-1``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, Final

from ._auto import auto_snapshot
from ._catalogue import blueprint, bundle
from ._ports import default_rules, parse
from ._resources import new_disk, new_instance, new_key_pair, new_snapshot, new_static_ip, snapshotted_disk

__all__ = ["DEMO_REGION", "DEMO_STATIC_IP", "seed_demo"]

DEMO_REGION: Final = "us-east-2"
DEMO_STATIC_IP: Final = "web-ip"
"""The static IP attached to web-1."""
CUSTOM_CIDR: Final = "203.0.113.0/24"
"""The one network web-1 lets reach port 8080."""

_ZONE: Final = "us-east-2a"
_DAY: Final = 86400.0


def _catalogue(kind: str, found: dict[str, Any] | None) -> dict[str, Any]:
    if found is None:  # pragma: no cover - the catalogue is static
        raise LookupError(f"{kind} missing from the catalogue")
    return found


def _web_1(created: float) -> dict[str, Any]:
    """web-1: running, micro_3_0, ubuntu_22_04, IPv4 only, tagged, automatic snapshots at 06:00.

    Its blueprint's rules, 443 from anywhere, 8080 from one network; ``ipAddressType`` ipv4, so no IPv6 address.
    """
    ubuntu = _catalogue("ubuntu_22_04", blueprint("ubuntu_22_04"))
    ports = default_rules("ubuntu_22_04", "ipv4")
    ports.append(parse({"protocol": "tcp", "fromPort": 443, "toPort": 443}, "ipv4"))
    ports.append(parse({"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "cidrs": [CUSTOM_CIDR]}, "ipv4"))
    micro = _catalogue("micro_3_0", bundle("micro_3_0"))
    web1 = new_instance(DEMO_REGION, _ZONE, "web-1", micro, ubuntu, created, ip_address_type="ipv4", ports=ports)
    web1.update(
        tags=[{"key": "env", "value": "prod"}],
        addOns=[{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "06:00"}],
        sshKeyName="deploy-key",
        _bootAt=created - 3600,
    )
    return web1


def seed_demo(state: dict[str, Any], now: datetime) -> None:
    """Add the demo account to ``state``.

    ``web-1`` (running, micro_3_0, ubuntu_22_04, us-east-2a, IPv4 only, tagged ``env=prod``, automatic snapshots at
    06:00) with custom firewall rules, the static IP ``web-ip`` and the disk ``web-1-data`` attached at /dev/xvdf;
    automatic snapshots of web-1 for each of the 7 days before today (the one 4 days ago ``Failed``); manual
    snapshots ``web-1-snap`` (available), ``web-1-snap-pending`` (pending) and ``win-snap`` (Windows,
    micro_win_3_0); the key pair ``deploy-key``.
    """
    region = state["regions"][DEMO_REGION]
    t = now.timestamp()
    created = t - 30 * _DAY

    web1 = _web_1(created)
    static_ip = new_static_ip(DEMO_REGION, DEMO_STATIC_IP, created + 600)
    static_ip.update(attachedTo="web-1", isAttached=True)
    web1.update(isStaticIp=True, publicIpAddress=static_ip["ipAddress"])
    data = new_disk(DEMO_REGION, _ZONE, "web-1-data", 32, created, attached_to="web-1", path="/dev/xvdf")
    region["instances"]["web-1"] = web1
    region["disks"]["web-1-data"] = data
    region["staticIps"][DEMO_STATIC_IP] = static_ip
    region["keyPairs"]["deploy-key"] = new_key_pair(DEMO_REGION, "deploy-key", created - _DAY)

    as_snapshotted = snapshotted_disk(data)
    snapshots = region["instanceSnapshots"]
    snapshots["web-1-snap"] = new_snapshot(DEMO_REGION, "web-1-snap", web1, t - 2 * _DAY, [as_snapshotted], 40)
    pending = new_snapshot(DEMO_REGION, "web-1-snap-pending", web1, t - 600, [as_snapshotted], 40)
    snapshots["web-1-snap-pending"] = {**pending, "state": "pending"}
    # win-snap's source instance (win-1) was deleted since: only the snapshot is in the account.
    win1 = new_instance(
        DEMO_REGION,
        _ZONE,
        "win-1",
        _catalogue("micro_win_3_0", bundle("micro_win_3_0")),
        _catalogue("windows_server_2022", blueprint("windows_server_2022")),
        created,
        ports=[],
    )
    snapshots["win-snap"] = new_snapshot(DEMO_REGION, "win-snap", win1, t - _DAY, [], 60)

    # The history stops at yesterday; from the seed on, web-1 takes one a day at 06:00 as the clock runs (_auto).
    web1["_autoSnapshotsFrom"] = t
    disks = [{"path": "/dev/xvdf", "sizeInGb": 32}]
    today = now.astimezone(UTC).date()
    region["autoSnapshots"]["web-1"] = [
        auto_snapshot(datetime.combine(today - timedelta(days=back), time(6), UTC), list(disks), failed=back == 4)
        for back in range(1, 8)
    ]
