"""The local backend from the command: its state file between runs, and the ``local show`` summary."""

from __future__ import annotations

import os
import shlex
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import Problem, Refusal

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

    from .._clock import Clock
    from ..local import LocalLightsail

__all__ = [
    "LOCAL_BOOT_SECONDS",
    "LOCAL_CHECKS_SECONDS",
    "LOCAL_COPY_SECONDS",
    "LOCAL_OPERATION_SECONDS",
    "LOCAL_REGION",
    "default_local_state",
    "local_clock",
    "local_summary",
    "open_local",
    "state_problem",
]

LOCAL_REGION = "us-east-2"
LOCAL_OPERATION_SECONDS = 2.0
LOCAL_BOOT_SECONDS = 4.0
LOCAL_COPY_SECONDS = 3.0
LOCAL_CHECKS_SECONDS = 2.0
"""The local account's timings when the command seeds it: short, so a demo finishes in seconds of real time."""


def default_local_state() -> Path:
    """Where the local backend keeps its state between runs.

    ``$LIGHTSAIL_RESTORE_LOCAL_STATE`` when set, else ``lightsail-restore/local.json`` under ``$XDG_STATE_HOME``
    (``~/.local/state`` when unset).
    """
    explicit = os.environ.get("LIGHTSAIL_RESTORE_LOCAL_STATE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / "lightsail-restore" / "local.json"


class _InstantClock:
    """Real time plus every pause taken so far: a pause passes at once, and time never goes back."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.skipped)

    def monotonic(self) -> float:
        return time.monotonic() + self.skipped

    def sleep(self, seconds: float) -> None:
        self.skipped += max(0.0, seconds)


_INSTANT_CLOCKS: dict[Path, _InstantClock] = {}
"""One instant clock per state file, kept for the life of the process: a later run never sees time go back."""


def local_clock(path: Path) -> Clock | None:
    """The clock of the local backend at ``path`` and of the waits on it; ``None`` means real time.

    ``LIGHTSAIL_RESTORE_LOCAL_CLOCK=instant`` (for tests) makes every pause pass at once: the backend's operations,
    boots and copies end as soon as a wait pauses for them.
    """
    if os.environ.get("LIGHTSAIL_RESTORE_LOCAL_CLOCK") != "instant":
        return None
    return _INSTANT_CLOCKS.setdefault(path.absolute(), _InstantClock())


def _regular(path: Path) -> bool:
    """Whether ``path`` names a regular file, through any symlinks (not a device, a FIFO, a folder...)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def state_problem(path: Path, error: BaseException) -> Refusal:
    """A refusal for a state file that cannot be used: unreadable, unwritable, or not a state."""
    if isinstance(error, OSError):
        problem = f"cannot use {path}: {error.strerror or error}"
    elif not _regular(path):
        problem = f"{path} is not a regular file ({error}): give --local-state a file's path"
    else:
        reset = f"`lightsail-restore --local-state {shlex.quote(str(path))} local reset` starts it again"
        problem = f"{path} is not a usable local state file ({error}); {reset} (its content is lost)"
    return Refusal([Problem(problem, "local_state", "--local-state")], "configuration")


def open_local(path: Path, *, fresh: bool = False) -> LocalLightsail:
    """The file-backed local backend at ``path``, seeded with the demo account on first use.

    Args:
        path: The state file.
        fresh: Start from a new demo account when the file cannot be read as a state (``local reset``).

    Raises:
        Refusal: The state file cannot be created, read or written, or is not a state.
    """
    from ..local import LocalLightsail, Timings

    timings = Timings(
        operation_seconds=LOCAL_OPERATION_SECONDS,
        boot_seconds=LOCAL_BOOT_SECONDS,
        copy_seconds=LOCAL_COPY_SECONDS,
        checks_seconds=LOCAL_CHECKS_SECONDS,
    )
    try:
        backend = LocalLightsail.from_file(path, local_clock(path), timings=timings)
        backend.timings  # noqa: B018 - read now: a state without its members fails here, not halfway through
        return backend
    except OSError as exc:
        raise state_problem(path, exc) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        if not fresh or not _regular(path):
            raise state_problem(path, exc) from None
    try:  # written over, as every save is: a symlink stays one, the file keeps its mode
        LocalLightsail.demo(clock=local_clock(path), timings=timings).save(path)
    except OSError as exc:
        raise state_problem(path, exc) from None
    return open_local(path)


def _pages(call: Any, key: str, **params: Any) -> Iterator[dict[str, Any]]:
    token: str | None = None
    while True:
        answer = call(**params, **({"pageToken": token} if token else {}))
        yield from answer.get(key) or []
        token = answer.get("nextPageToken")
        if not token:
            return


def _instance(lightsail: LightsailClient, item: dict[str, Any]) -> dict[str, Any]:
    """One instance as ``local show`` shows it: where it runs, its address (and type), firewall, tags and add-ons."""
    from ..restore._firewall import describe

    name = str(item.get("name"))
    rules = lightsail.get_instance_port_states(instanceName=name)["portStates"]
    return {
        "name": item.get("name"),
        "bundleId": item.get("bundleId"),
        "availabilityZone": (item.get("location") or {}).get("availabilityZone"),
        "state": (item.get("state") or {}).get("name"),
        "ipAddressType": item.get("ipAddressType"),
        "publicIpAddress": item.get("publicIpAddress"),
        "isStaticIp": bool(item.get("isStaticIp")),
        "ports": describe(rules, ipv6=bool(item.get("ipv6Addresses"))),
        "tags": {str(t.get("key")): t.get("value") for t in item.get("tags") or []},
        "addOns": [
            {k: a[k] for k in ("name", "status", "snapshotTimeOfDay") if a.get(k) is not None}
            for a in item.get("addOns") or []
        ],
    }


def local_summary(backend: LocalLightsail, lightsail: LightsailClient) -> dict[str, Any]:
    """What the local account holds in the client's Region, looked up through its own API.

    What a drill verifies after a restore: each instance's IP address type, firewall rules, tags and add-ons, the
    static IPs and the disks with the instance holding each, and every automatic snapshot with its status (a failed
    one says so).

    Raises:
        LightsailError: A look-up was refused.
    """
    from ..errors import mapped_client_errors

    with mapped_client_errors():
        instances = [_instance(lightsail, i) for i in _pages(lightsail.get_instances, "instances")]
        auto = {
            str(i["name"]): sorted(
                (
                    {"date": str(s.get("date")), "status": s.get("status")}
                    for s in lightsail.get_auto_snapshots(resourceName=str(i["name"]))["autoSnapshots"]
                ),
                key=lambda s: str(s["date"]),
            )
            for i in instances
        }
        static_ips = sorted(
            (
                {"name": ip.get("name"), "ipAddress": ip.get("ipAddress"), "attachedTo": ip.get("attachedTo")}
                for ip in _pages(lightsail.get_static_ips, "staticIps")
            ),
            key=lambda ip: str(ip["name"]),
        )
        snapshots = sorted(str(s.get("name")) for s in _pages(lightsail.get_instance_snapshots, "instanceSnapshots"))
        disks = sorted(
            (
                {"name": d.get("name"), "sizeInGb": d.get("sizeInGb"), "attachedTo": d.get("attachedTo")}
                for d in _pages(lightsail.get_disks, "disks")
            ),
            key=lambda d: str(d["name"]),
        )
        key_pairs = sorted(str(k.get("name")) for k in _pages(lightsail.get_key_pairs, "keyPairs"))
        operations = sum(1 for _ in _pages(lightsail.get_operations, "operations"))
    timings = backend.timings
    return {
        "timings": {
            "operationSeconds": timings.operation_seconds,
            "bootSeconds": timings.boot_seconds,
            "copySeconds": timings.copy_seconds,
            "checksSeconds": timings.checks_seconds,
        },
        "instances": sorted(instances, key=lambda i: str(i["name"])),
        "staticIps": static_ips,
        "instanceSnapshots": snapshots,
        "autoSnapshots": {name: days for name, days in sorted(auto.items()) if days},
        "disks": disks,
        "keyPairs": key_pairs,
        "operations": operations,
    }
