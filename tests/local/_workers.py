"""Code run in child processes (multiprocessing 'spawn' imports it by module name)."""

from __future__ import annotations

from lightsail_restore.local import LocalLightsail


def create_instances(path: str, prefix: str, count: int) -> list[str]:
    """Create ``count`` instances named ``<prefix>-<n>``, one request each, on the file-backed backend."""
    client = LocalLightsail.from_file(path).client()
    names = [f"{prefix}-{n}" for n in range(count)]
    for name in names:
        client.create_instances_from_snapshot(
            instanceNames=[name],
            availabilityZone="us-east-2a",
            bundleId="micro_3_0",
            instanceSnapshotName="web-1-snap",
        )
    return names
