# mypy: ignore-errors
# (the project's mypy run skips this case; tests/typing/test_mypy_cases.py blanks line 1 and checks it)
"""Mistakes building the request model, each caught by mypy (with the pydantic plugin) on its own line."""

from __future__ import annotations

from lightsail_restore import CreateInstancesFromSnapshotRequest

misspelt = CreateInstancesFromSnapshotRequest(  # E: call-arg
    instance_name=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
)
wrong_type = CreateInstancesFromSnapshotRequest(
    instance_names=["web-2"],
    availability_zone=["us-east-2a"],  # E: arg-type
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
)
a_string_for_a_list = CreateInstancesFromSnapshotRequest(
    instance_names="web-2",  # E: arg-type
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
)
wrong_literal = CreateInstancesFromSnapshotRequest(
    instance_names=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
    ip_address_type="ipv5",  # E: arg-type
)
constructor_literal = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
    "web-1-snap",
    instance_names=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    ip_address_type="ipv5",  # E: arg-type
)
