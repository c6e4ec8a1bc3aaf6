# mypy: ignore-errors
# (the project's mypy run skips this case; tests/typing/test_mypy_cases.py blanks line 1 and checks it)
"""Mistakes calling the client with keyword arguments, and an unguarded optional answer field."""

from __future__ import annotations

from lightsail_restore import LightsailRestoreClient

client = LightsailRestoreClient.from_session(region_name="us-east-2")

misspelt = client.create_instances_from_snapshot(  # E: call-overload call-overload
    instance_name=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
)
wrong_literal = client.create_instances_from_snapshot(  # E: call-overload
    instance_names=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
    ip_address_type="ipv5",
)
wrong_type = client.create_instances_from_snapshot(  # E: call-overload
    instance_names=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
    use_latest_restorable_auto_snapshot="yes",
)
result = client.create_instances_from_snapshot(
    instance_names=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
)
year = result.operations[0].created_at.year  # E: union-attr
region = result.operations[0].location.region_name  # E: union-attr
