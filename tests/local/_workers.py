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


def set_refusals(path: str) -> None:
    """In another process: cap the plan size, deny PutInstancePublicPorts, and mark eu-west-1 as being set up."""
    backend = LocalLightsail.from_file(path)
    backend.plan_size_cap = "micro_3_0"
    backend.deny_access("PutInstancePublicPorts")
    backend.set_region_setup("eu-west-1")


def try_restore(path: str, bundle_id: str) -> str:
    """In another process: restore web-1-snap onto ``bundle_id``; the error code, or ``"created"``."""
    from botocore.exceptions import ClientError

    client = LocalLightsail.from_file(path).client(max_attempts=1)
    try:
        client.create_instances_from_snapshot(
            instanceNames=[f"p-{bundle_id.replace('_', '-')}"],
            availabilityZone="us-east-2a",
            bundleId=bundle_id,
            instanceSnapshotName="web-1-snap",
        )
    except ClientError as error:
        return str(error.response["Error"]["Code"]) + ": " + str(error.response["Error"]["Message"])
    return "created"
