"""Code run in child processes (multiprocessing 'spawn' imports it by module name)."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from lightsail_restore import CreateInstancesFromSnapshotRequest, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail


def identical_restore(path: str, names: list[str], barrier: Any, results: Any) -> None:
    """Restore ``names`` from web-1-snap on the file-backed backend, sending the create only once every process
    has planned (the barrier), so that all of them race for the same names; put the outcome on ``results``."""
    backend = LocalLightsail.from_file(path)
    lightsail = backend.client()

    def at_the_line(**_: Any) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=60)

    lightsail.meta.events.register("before-call.lightsail.CreateInstancesFromSnapshot", at_the_line)
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=names, availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    try:
        outcome = LightsailRestoreClient(lightsail).restore(request, delay=0.05, max_delay=0.2, timeout=60)
        results.put(outcome.to_dict())
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put({"crash": repr(exc)})


def restore_killed_between_zones(path: str, when: str) -> None:
    """Restore web-2 with us-east-2b as the fallback zone, and die by SIGKILL at the create in us-east-2b: ``before``
    it is sent, or ``after`` AWS applied it (before its answer is read)."""
    import os
    import signal

    backend = LocalLightsail.from_file(path)
    lightsail = backend.client(max_attempts=1)

    def kill(params: dict[str, Any] | None = None, **_: Any) -> None:
        zones = [r.params.get("availabilityZone") for r in backend.requests if r.operation.startswith("CreateInst")]
        if (when == "before" and len(zones) == 1) or (when == "after" and len(zones) == 2):
            os.kill(os.getpid(), signal.SIGKILL)

    lightsail.meta.events.register(
        f"{'before' if when == 'before' else 'after'}-call.lightsail.CreateInstancesFromSnapshot", kill
    )
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    LightsailRestoreClient(lightsail).restore(
        request, delay=0.05, max_delay=0.2, timeout=60, fallback_zones=["us-east-2b"]
    )
