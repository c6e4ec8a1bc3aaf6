"""``--local``: the embedded backend, its state file between runs, and the ``local show`` summary."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._cli_request import UsageError

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

    from .local import LocalLightsail

__all__ = [
    "LOCAL_BOOT_SECONDS",
    "LOCAL_OPERATION_SECONDS",
    "LOCAL_REGION",
    "default_local_state",
    "local_backend",
    "local_summary",
]

LOCAL_REGION = "us-east-2"
LOCAL_OPERATION_SECONDS = 2.0
LOCAL_BOOT_SECONDS = 4.0
"""The local account's timings when the command seeds it: short, so a demo finishes in seconds of real time."""


def default_local_state() -> Path:
    """Where ``--local`` keeps its state between runs.

    ``$LIGHTSAIL_RESTORE_LOCAL_STATE`` when set, else ``lightsail-restore/local.json`` under ``$XDG_STATE_HOME``
    (``~/.local/state`` when unset).
    """
    explicit = os.environ.get("LIGHTSAIL_RESTORE_LOCAL_STATE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / "lightsail-restore" / "local.json"


def local_backend(path: Path | None, *, fresh: bool = False) -> LocalLightsail:
    """The file-backed local backend at ``path`` (the default location when ``None``), seeded on first use.

    Args:
        path: The state file.
        fresh: Start from a new demo account when the file cannot be read as a state (``local reset``).

    Raises:
        UsageError: The state file cannot be created or read.
    """
    from .local import LocalLightsail, Timings

    target = path or default_local_state()
    timings = Timings(operation_seconds=LOCAL_OPERATION_SECONDS, boot_seconds=LOCAL_BOOT_SECONDS)
    try:
        return LocalLightsail.from_file(target, timings=timings)
    except OSError as exc:
        raise UsageError(f"--local-state: cannot use {target}: {exc.strerror or exc}") from None
    except ValueError:
        if not fresh:
            raise UsageError(
                f"--local-state: {target} is not a local state file; `lightsail-restore --local local reset` "
                "starts it again"
            ) from None
    target.unlink()
    return local_backend(target)


def _pages(call: Any, key: str, **params: Any) -> Iterator[dict[str, Any]]:
    token: str | None = None
    while True:
        answer = call(**params, **({"pageToken": token} if token else {}))
        yield from answer.get(key) or []
        token = answer.get("nextPageToken")
        if not token:
            return


def local_summary(backend: LocalLightsail, lightsail: LightsailClient, state_file: Path) -> dict[str, Any]:
    """What the local account holds in the client's Region, looked up through its own API."""
    instances = [
        {
            "name": i["name"],
            "bundleId": i.get("bundleId"),
            "availabilityZone": (i.get("location") or {}).get("availabilityZone"),
            "state": (i.get("state") or {}).get("name"),
        }
        for i in _pages(lightsail.get_instances, "instances")
    ]
    auto = {
        i["name"]: sorted(s["date"] for s in lightsail.get_auto_snapshots(resourceName=i["name"])["autoSnapshots"])
        for i in instances
    }
    timings = backend.timings
    return {
        "stateFile": str(state_file),
        "region": lightsail.meta.region_name,
        "timings": {"operationSeconds": timings.operation_seconds, "bootSeconds": timings.boot_seconds},
        "instances": sorted(instances, key=lambda i: str(i["name"])),
        "instanceSnapshots": sorted(s["name"] for s in _pages(lightsail.get_instance_snapshots, "instanceSnapshots")),
        "autoSnapshots": {name: dates for name, dates in sorted(auto.items()) if dates},
        "disks": sorted(d["name"] for d in _pages(lightsail.get_disks, "disks")),
        "keyPairs": sorted(k["name"] for k in _pages(lightsail.get_key_pairs, "keyPairs")),
        "operations": sum(1 for _ in _pages(lightsail.get_operations, "operations")),
    }
