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
